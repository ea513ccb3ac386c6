/*
 * Pareto/NBD and BG/NBD with time-invariant customer covariates, in
 * CLVTools' parametrisation (private to src/btyd; btyd_cov.c fits,
 * btyd_cov_predict.c predicts):
 *   alpha_i = alpha0 exp(-gamma1' z1_i)                  (purchase process, both kinds)
 *   Pareto/NBD: beta_i = beta0 exp(-gamma2' z2_i)        (dropout)
 *   BG/NBD: a_i = a0 exp(gamma2' z2_i), b_i = b0 exp(gamma2' z2_i)
 * (CLVTools src/bgnbd_LL.cpp, bgnbd_staticcov_LL_ind: one life coefficient
 * vector acting on both a and b). Each customer's likelihood and
 * predictions are the plain model's at these individual parameters.
 */
#ifndef CSAT_BTYD_COV_H
#define CSAT_BTYD_COV_H

#include "btyd/btyd_handle.h"

/* The kinds with covariates (Pareto/NBD, BG/NBD) have 4 parameters;
 * CSAT_BTYD_N_PARAMS is the most any kind has (GGom/NBD: 5). */
#define CSAT__COV_NP 4

struct csat__btyd_cov {
    size_t p1, p2;
    /* the model's parameters these coefficients go with: a later plain
     * fit or set_params that changes them makes the covariates stale */
    double base[CSAT__COV_NP];
    double *gamma; /* p1 + p2: gamma1 then gamma2 (in the same block) */
    double *se;    /* p1 + p2 */
    int has_se;
    size_t n_free; /* free coefficients (after the equality constraints) */
};

/* Individual parameters of customer i (z rows of width p1, p2; either may
 * be NULL when its width is 0). */
void csat__btyd_cov_individual(csat_btyd_kind kind, const double *base, const double *gamma, size_t p1,
                               size_t p2, const double *z1, const double *z2, size_t i, double *pi);

/* A zeroed block for p1 + p2 coefficients on al, NULL when out of memory;
 * install it with csat__btyd_cov_install (which frees the old one). */
struct csat__btyd_cov *csat__btyd_cov_new(const csat_allocator *al, size_t p1, size_t p2);
void csat__btyd_cov_install(csat_btyd_model *m, struct csat__btyd_cov *c);

/* Checks of covariate matrices shared by the fit and the predictions:
 * NULL with p > 0, non-finite entries (naming row and column). */
csat_status csat__btyd_cov_check_z(csat__base *b, const char *name, const double *z, size_t n, size_t p);

#endif /* CSAT_BTYD_COV_H */
