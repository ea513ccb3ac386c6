/*
 * The one optimiser of libcsat: BFGS with a backtracking (Armijo) line
 * search and optional box bounds, for models fitted on log-parameters with
 * analytic gradients; damped Newton for models with an analytic Hessian;
 * and the Hessian/covariance used for standard errors.
 */
#ifndef CSAT_OPTIM_H
#define CSAT_OPTIM_H

#include "core/internal.h"

/* Value to minimise at x; if grad != NULL also store the gradient. Return a
 * non-finite value (e.g. INFINITY) where x is outside the domain: the line
 * search then shortens its step. */
typedef double (*csat__objective)(const double *x, double *grad, void *ctx);

typedef struct csat__optim_options {
    size_t max_iter;      /* default 500 */
    double gtol;          /* stop when max|g| <= gtol * max(1, |f|); default 1e-10 */
    double max_step;      /* largest change of any coordinate in one step; default 4 */
    const double *lower;  /* optional box bounds (NULL = none); x is projected */
    const double *upper;
} csat__optim_options;

#define CSAT__OPTIM_OPTIONS_INIT {500, 1e-10, 4.0, NULL, NULL}

typedef struct csat__optim_report {
    size_t iterations;
    size_t evaluations;
    double f;
    double grad_norm; /* max |g_i| at the end */
    int converged;
} csat__optim_report;

/* Minimise fn from x (updated in place only on success or on ENOCONV with a
 * better point; untouched on EDOM/ENOMEM). Returns CSAT_OK, CSAT_ENOCONV,
 * CSAT_EDOM (non-finite value at the start) or CSAT_ENOMEM. *rep (may be
 * NULL) is written on every return: zeros on ENOMEM, the one evaluation on
 * EDOM (callers copy it into their fit reports). */
csat_status csat__minimize(csat__objective fn, void *ctx, double *x, size_t n,
                           const csat__optim_options *opt, csat__optim_report *rep,
                           const csat_allocator *a);

/* Hessian of fn at x by central differences of the analytic gradient
 * (symmetrised), into H (n*n, row-major). */
csat_status csat__hessian(csat__objective fn, void *ctx, const double *x, size_t n, double *H,
                          const csat_allocator *a);

/* Hessian in p (n <= CSAT__NEWTON_MAX_N, every p_j > 0) of a function whose
 * analytic gradient fn gives (fn's value is only tested for finiteness):
 * central differences of the gradient at p_j e^(+-1e-5), symmetrised, into
 * H (n*n, row-major). Steps relative to p_j keep the same accuracy at every
 * scale of the parameters. No allocation; CSAT_EDOM if fn is not finite
 * there. */
csat_status csat__hessian_positive(csat__objective fn, void *ctx, const double *p, size_t n, double *H);

/* Invert a symmetric positive-definite matrix in place (Cholesky).
 * CSAT_EDOM if it is not positive definite. */
csat_status csat__spd_inverse(double *H, size_t n, const csat_allocator *a);

/* Value at x with its gradient and Hessian H (n*n, row-major); non-finite
 * outside the domain, as for csat__objective. */
typedef double (*csat__objective_hess)(const double *x, double *grad, double *H, void *ctx);

#define CSAT__NEWTON_MAX_N 8

/* Solve (H + shift I) d = -g by Cholesky (n <= CSAT__NEWTON_MAX_N); 0 if
 * that matrix is not positive definite. */
int csat__newton_direction(const double *H, const double *g, size_t n, double shift, double *d);

/* Damped Newton with a backtracking line search, for small n (<=
 * CSAT__NEWTON_MAX_N) when the Hessian is analytic: a handful of
 * evaluations where BFGS needs tens along a curved valley. Where H is not
 * positive definite its diagonal is shifted. x is updated in place as the
 * search goes; on CSAT_OK H holds the Hessian at x (for standard errors).
 * Does not handle the box: a step that would leave it fails with
 * CSAT_ENOCONV (x at the best point so far), so a caller can go on with
 * csat__minimize. CSAT_EDOM if the start is not finite. */
csat_status csat__newton_minimize(csat__objective_hess fn, void *ctx, double *x, size_t n,
                                  const csat__optim_options *opt, double *H, csat__optim_report *rep);

/* L L' = H (the lower triangle of L, row-major; the upper is not written):
 * 1, or 0 if H is not positive definite (prediction intervals, issue 15). */
int csat__cholesky(const double *H, size_t n, double *L);

#endif /* CSAT_OPTIM_H */
