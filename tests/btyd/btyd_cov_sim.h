/*
 * Customers simulated with time-invariant covariates for the tests and the
 * benchmark of csat_btyd_fit_covariates: each customer draws its own
 * alpha_i (and beta_i, or a_i and b_i) from the CLVTools links, then its
 * history from the plain simulator's kernel (csat__pnbd_simulate,
 * csat__bgnbd_simulate) with those parameters.
 * z1 = (N(0,1), Bernoulli(0.5)), z2 = (N(0,1)); T = 27..38 weeks.
 */
#ifndef BTYD_COV_SIM_H
#define BTYD_COV_SIM_H

#include "btyd/btyd_cov.h"
#include "numerics/random.h"

#define COV_P1 2
#define COV_P2 1

/* CDNOW-like baselines and coefficients of the simulations. */
static const double cov_base_pnbd[4] = {0.55, 10.58, 0.61, 11.67};
static const double cov_base_bgnbd[4] = {0.243, 4.41, 0.793, 2.43};
static const double cov_gamma[COV_P1 + COV_P2] = {0.5, -0.3, 0.4};

/* n customers into x, tx, T, z1 (n x 2), z2 (n x 1); 0 on success. */
static int cov_simulate(csat_btyd_kind kind, uint64_t seed, size_t n, double *x, double *tx, double *T,
                        double *z1, double *z2)
{
    const double *base = kind == CSAT_BTYD_BGNBD ? cov_base_bgnbd : cov_base_pnbd;
    csat__rng g;
    csat__rng_seed(&g, seed, 7);
    for (size_t i = 0; i < n; i++) {
        double p[4], out[5];
        z1[2 * i] = csat__rng_normal(&g);
        z1[2 * i + 1] = csat__rng_unif(&g) < 0.5 ? 1.0 : 0.0;
        z2[i] = csat__rng_normal(&g);
        T[i] = 27.0 + (double)(i % 12);
        csat__btyd_cov_individual(kind, base, cov_gamma, COV_P1, COV_P2, z1, z2, i, p);
        if ((kind == CSAT_BTYD_BGNBD ? csat__bgnbd_simulate : csat__pnbd_simulate)(p, &g, T[i], out) != 0)
            return 1;
        x[i] = out[0];
        tx[i] = out[1];
    }
    return 0;
}

#endif /* BTYD_COV_SIM_H */
