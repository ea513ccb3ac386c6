/*
 * Cox proportional hazards, private to src/retention/cox*.c: the sorted
 * data of one fit and the passes over its risk sets (cox_pass.c), the
 * handle and the fit driver (cox.c), residuals and concordance
 * (cox_resid.c).
 */
#ifndef CSAT_COX_INTERNAL_H
#define CSAT_COX_INTERNAL_H

#include "core/internal.h"

#include <stdint.h>

struct csat_cox {
    csat__base base;
    size_t p;
    int fitted;
    double *coef, *se, *rse; /* one block of 3 p */
    csat_cox_stats st;
    struct cox_kept *kept; /* the fit's data for csat_cox_zph (cox_zph.c); NULL after set_fit */
    struct cox_base *pred; /* baseline for prediction (cox_predict.c); NULL = none */
    csat__stages stages;   /* issue 18: the last successful fit's (one stage) */
    int kept_off;          /* 1: kept is NULL because the fit had keep_data = 0 (cox.c) */
};

/* One fit's data. Rows are visited through ord (by stratum, then stop
 * ascending); with entry, rem orders them by stratum, then entry ascending.
 * blk[s]..blk[s+1] are the positions of stratum s in ord and in rem. */
typedef struct cox_data {
    const double *X, *entry, *stop, *events, *w; /* w NULL = 1 */
    size_t n, p, n_strata;
    size_t *ord, *rem, *blk;
    double *xc;  /* X centred by column means, in ord's order (n x p) */
    double *t, *t0, *ev, *wt; /* stop, entry (NULL without), events, weights in ord's order */
    double *eta, *risk; /* linear predictor and wt exp(eta) per ord position (set by a pass) */
    size_t n_events;
    int efron;
    /* The fast pass's blocks (issue 18): nb runs of whole tie groups,
     * [bstart[b], bstart[b + 1]) in ord's positions, bfirst[b] the stratum
     * of the first; with entry, runs of whole strata. part: nb slots of
     * csat__cox_slot_len(p) doubles, then n_strata. par: threads (NULL:
     * serial). Set by csat__cox_blocks; results do not depend on par. */
    size_t nb, *bstart, *bfirst;
    size_t block_rows; /* rows per block at least (0: the default; tests set small ones) */
    double *part;
    const csat__par *par;
} cox_data;

/* Doubles of one block's slot of the fast pass. */
size_t csat__cox_slot_len(size_t p);
/* The blocks of d (sorted by csat__cox_build): with bstart NULL only their
 * number (the arrays: nb + 1 and nb size_t, nb slots + n_strata doubles),
 * else into d->bstart, d->bfirst (d->nb set). */
size_t csat__cox_blocks(cox_data *d, size_t *bstart, size_t *bfirst);

/* Sums of one pass at b: the partial log-likelihood, score u (p) and
 * information I (p x p, full). work holds 3p + 2 p*p doubles. Returns the
 * log-likelihood (-inf where a risk-set sum is not positive). */
double csat__cox_pass(cox_data *d, const double *b, double *u, double *I, double *work);

/* The same sums in one sweep plus one Gram pass (the fit's pass; the one
 * above is its reference): work holds 2p doubles, c n doubles (scratch). */
double csat__cox_pass_fast(cox_data *d, const double *b, double *u, double *I, double *work,
                           double *c);

/* d's columns and indices in cols (n (p + 7) doubles: xc, t, ev, wt, eta,
 * risk, t0 (used with entry), then n for the fast pass's c) and idx
 * (3n + 1); d->n and d->p set before. */
void csat__cox_layout(cox_data *d, double *cols, size_t *idx, int with_entry);

/* Score residuals at b (after a pass at b), weighted, n x p in ord's
 * order, into r. CSAT_ENOMEM only. */
csat_status csat__cox_score_resid(cox_data *d, double *r, const csat_allocator *a);

/* Harrell's concordance of eta with the data (R's concordance(): pairs
 * within a stratum, comparable where the earlier time is an event and the
 * times differ, ties in eta count 1/2; weights multiply). CSAT_ENOMEM only. */
csat_status csat__cox_concordance(const cox_data *d, double *c, const csat_allocator *a);

/* cox.c: the checks of a fit's rows (CSAT_OK or a failure on m naming
 * the column and row; *n_events counted), and the sorted copy of the data
 * into d (n, p, ord, rem, blk and the columns allocated by the caller);
 * CSAT_EDOM with *empty_stratum for a stratum without events. */
csat_status csat__cox_check_rows(csat_cox *m, const double *X, size_t n, size_t p,
                                 const double *entry, const double *stop, const double *events,
                                 const double *weights, size_t *n_events);
csat_status csat__cox_build(cox_data *d, const double *X, const double *entry, const double *stop,
                            const double *events, const uint64_t *strata, const double *weights,
                            const csat_allocator *a, uint64_t *empty_stratum);

/* cox_zph.c: a copy of a fit's input kept on m for the proportional-
 * hazards test and the bootstrap (cox_boot.c), with the cluster ids and
 * the options the refits need (replaces the previous one; CSAT_ENOMEM
 * leaves m as it was), and its release (NULL-safe; m->kept = NULL). */
typedef struct cox_kept {
    double *X, *entry, *stop, *events, *w; /* entry, w NULL when the fit had none */
    uint64_t *strata;                      /* NULL without strata */
    uint64_t *cluster;                     /* NULL without cluster ids */
    size_t n, p, n_events, max_iter;
    double eps;
    int efron;
} cox_kept;
csat_status csat__cox_keep(csat_cox *m, const double *X, size_t n, size_t p, const double *entry,
                           const double *stop, const double *events, const uint64_t *strata,
                           const double *weights, size_t n_events, int efron,
                           const uint64_t *cluster, size_t max_iter, double eps);
void csat__cox_drop(csat_cox *m);
/* cox.c: CSAT_OK when m keeps its fit's data, else CSAT_EMISUSE with a
 * message (fn: the public function) saying why: a fit with keep_data = 0,
 * or a model set by csat_cox_set_fit without csat_cox_set_data. */
csat_status csat__cox_need_data(csat_cox *m, const char *fn);
/* cox_predict.c: the baseline of one fit (one allocation; the public
 * struct's pointers into it). */
typedef struct cox_base {
    csat_cox_baseline v;
} cox_base;

/* Build the baseline of a fit at coefficients b with variance V (p x p;
 * after the fit's passes, d intact; strata: the fit's codes or NULL) into
 * *out (allocated; free with csat__free; NULL when a value is not finite:
 * the fit stands without prediction). CSAT_ENOMEM only. */
csat_status csat__cox_baseline_build(const cox_data *d, const uint64_t *strata, const double *b,
                                     const double *V, cox_base **out, const csat_allocator *a);

#endif /* CSAT_COX_INTERNAL_H */
