/*
 * The logistic churn model's private parts, shared by logistic.c (the fit),
 * logistic_model.c (the fitted handle: coefficients, predictions, deviances,
 * Wald inference) and logistic_chunk.c (the chunked score).
 */
#ifndef CSAT_RETENTION_LOGISTIC_INTERNAL_H
#define CSAT_RETENTION_LOGISTIC_INTERNAL_H

#include "core/internal.h"

struct csat_logistic {
    csat__base base;
    double *coef, *se; /* one block of 2 * p */
    size_t p, n_cols;
    int intercept, fitted;
    int has_se, has_ll; /* 0 only after csat_logistic_set_coef without them */
    int has_dev;        /* 1 after a fit: the deviances below */
    double ll, aic;
    double null_dev, dev, df_null, df_resid;
    csat__stages stages; /* issue 18: the last successful fit's stages */
};

typedef struct lr_problem {
    const double *X, *y, *w; /* w: case weights (NULL: every row 1) */
    size_t n, k, p; /* rows, columns of X, coefficients */
    int intercept;
    double l2;
    const csat__par *par; /* threads for the passes (NULL: serial) */
    double *part; /* csat__lr_part_doubles(n, p) doubles: the passes' per-block partials */
} lr_problem;

/* Scratch doubles a pass over at most n rows needs in lr_problem.part, for
 * p coefficients with p (p + 3) a size_t; at most max(2^21, p^2 + p + 3). */
size_t csat__lr_part_doubles(size_t n, size_t p);

/* b0 + x'b (b0 only with an intercept) for one row x of pr->k values. */
double csat__lr_linpred(const lr_problem *pr, const double *b, const double *x);
/* Weighted log-likelihood (unpenalised) over rows 0, stride, 2 stride, ...
 * (rows of weight 0 skipped); with g and H (may be NULL) the gradient and
 * Hessian of the negative penalised log-likelihood. The largest |eta| over
 * the rows that weigh goes to *max_eta. */
double csat__lr_pass(const lr_problem *pr, const double *b, size_t stride, double *g, double *H,
                     double *max_eta);

#endif
