/*
 * PLS path modelling (issue 16): the handle and the algorithm shared by
 * pls.c (specification, data, fit), pls_algo.c (Lohmoeller's iteration on
 * the item correlation matrix), pls_measures.c (getters) and pls_boot.c
 * (bootstrap, index, IPMA).
 */
#ifndef CSAT_PLS_INTERNAL_H
#define CSAT_PLS_INTERNAL_H

#include "core/internal.h"

#include <stdint.h>

/* The model specification (fixed at csat_pls_new). */
typedef struct csat__pls_spec {
    size_t p;             /* items */
    size_t q;             /* latent variables */
    size_t *item_lv;      /* p: block of each item */
    unsigned char *adj;   /* q x q: adj[j*q+k] = 1 for j -> k */
    unsigned char *mode;  /* q: 0 = A, 1 = B */
    size_t *bstart;       /* q + 1: block j's items are bitem[bstart[j] .. bstart[j+1]) */
    size_t *bitem;        /* p: items grouped by block, ascending within a block */
    size_t max_block;     /* largest block size */
} csat__pls_spec;

/* What one run of the algorithm on a correlation matrix gives. */
typedef struct csat__pls_est {
    double *w;    /* p: outer weights (standardised items) */
    double *RW;   /* p x q: cov(item i, Y_j) = cross-loadings */
    double *C;    /* q x q: LV correlations */
    double *B;    /* q x q: path coefficients j -> k */
    double *r2;   /* q */
} csat__pls_est;

/* Scratch for csat__pls_run: doubles it needs. */
size_t csat__pls_work_len(const csat__pls_spec *s);
/* The estimate arrays live in one block of csat__pls_est_len doubles. */
size_t csat__pls_est_len(const csat__pls_spec *s);
void csat__pls_est_bind(csat__pls_est *e, const csat__pls_spec *s, double *mem);

/* Lohmoeller's iteration on R (p x p item correlations) from weights 1,
 * then the inner model. Returns CSAT_OK, CSAT_ENOCONV (estimates of the
 * last iterate filled in), or CSAT_EDOM (what = 1: a mode-B block's
 * correlation matrix is singular, *where = the LV; what = 2: an LV's
 * predecessors are collinear, *where = the LV). */
csat_status csat__pls_run(const csat__pls_spec *s, const double *R, int scheme, double tol,
                          size_t max_iter, csat__pls_est *e, double *work, size_t *n_iter,
                          double *last_change, int *what, size_t *where);
/* From the weights e->w: RW, C and the inner model (B, r2). 0 if an LV's
 * predecessors are collinear (*where = that LV). */
int csat__pls_finish(const csat__pls_spec *s, const double *R, csat__pls_est *e, double *work,
                     size_t *where);
/* Total effects T = B + B^2 + ... (q x q), work q*q*2 doubles. */
void csat__pls_total(const double *B, size_t q, double *T, double *work);
/* sum over block j of w_i / sd_i (the unstandardised weights' sum). */
double csat__pls_unstd_sum(const csat__pls_spec *s, const double *w, const double *sd, size_t j);

/* The 0-100 index of every LV (csat_pls_index) from weights, means, sds. */
csat_status csat__pls_index_all(const csat__pls_spec *s, const double *w, const double *mean,
                                const double *sd, const csat_scale *sc, double *index);

struct csat_pls {
    csat__base base;
    csat__pls_spec spec;
    /* fit */
    int fitted;
    int scheme;
    double tol;
    size_t max_iter;
    size_t n;       /* respondents used */
    double *X;      /* n x p standardised data */
    double *mean;   /* p raw means */
    double *sd;     /* p raw sds (n - 1) */
    double *R;      /* p x p */
    double *estmem; /* csat__pls_est_len doubles */
    csat__pls_est est;
    csat_pls_report rep;
    /* bootstrap */
    size_t n_boot;
    double *boot;   /* n_boot x boot_k draws */
    size_t boot_k;
    double level;
    int boot_index;
};

/* Offsets of each kind of estimate in one bootstrap draw. */
size_t csat__pls_boot_offset(const csat__pls_spec *s, int what, size_t *len);

/* One bootstrap resample of m's respondents (n draws from g): counts into
 * cnt (m->n), the resample's means and sds of the standardised items (mu,
 * sdv: p each) and its item correlation matrix R (p x p); 0 if an item has
 * no variance in it. */
struct csat__rng;
int csat__pls_resample(const csat_pls *m, struct csat__rng *g, unsigned *cnt, double *mu, double *sdv,
                       double *R);
/* One worker's scratch for a resample and its refit (pls_boot.c,
 * pls_compare.c): cnt (n counts), then in csat__pls_scratch_len(s, extra)
 * doubles mu, sdv, rawsd (p each), R (p x p), the estimates, the
 * algorithm's work and `extra` doubles of the caller's. */
typedef struct csat__pls_scratch {
    unsigned *cnt;
    double *mu, *sdv, *rawsd, *R, *work, *extra;
    csat__pls_est e;
} csat__pls_scratch;
size_t csat__pls_scratch_len(const csat__pls_spec *s, size_t extra);
void csat__pls_scratch_bind(csat__pls_scratch *t, const csat__pls_spec *s, double *mem, unsigned *cnt);

/* Type-7 quantile of sorted v[0..n), n >= 1; the comparison for qsort. */
double csat__pls_quantile7(const double *v, size_t n, double pr);
int csat__pls_cmp_double(const void *x, const void *y);

#endif /* CSAT_PLS_INTERNAL_H */
