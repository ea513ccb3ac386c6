/*
 * BTYD with covariates (issue 15 §2) on 1,000,000 simulated customers per
 * kind (Pareto/NBD, BG/NBD; z1 = 2 columns, z2 = 1, each customer drawing
 * its own alpha_i and beta_i or a_i, b_i from CLVTools' links,
 * tests/btyd/btyd_cov_sim.h):
 *  - the CPU time of csat_btyd_fit_covariates next to the plain csat_btyd_fit
 *    on the same rows (the plain fit groups identical rows; the covariate
 *    fit cannot);
 *  - recovery: fails (exit 1) when an estimate is more than 3 standard
 *    errors from the truth.
 * Usage: bench_btyd_cov [n]   (default 1000000)
 */
#define _POSIX_C_SOURCE 200809L

#include "btyd_cov_sim.h"
#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    const size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    double *x = malloc(n * sizeof *x), *tx = malloc(n * sizeof *tx), *T = malloc(n * sizeof *T);
    double *z1 = malloc(2 * n * sizeof *z1), *z2 = malloc(n * sizeof *z2);
    int bad = 0;
    if (!x || !tx || !T || !z1 || !z2)
        return 2;
    printf("BTYD with covariates, %zu customers, p1 = 2, p2 = 1 (CPU seconds)\n", n);
    for (int kind = 0; kind < 2; kind++) {
        const csat_btyd_kind k = kind ? CSAT_BTYD_PARETO_NBD : CSAT_BTYD_BGNBD;
        const double *base = kind ? cov_base_pnbd : cov_base_bgnbd;
        csat_btyd_model *m;
        csat_fit_report rep;
        double t0, t_plain, t_cov, p[4], se[4], g[3], gse[3];
        if (cov_simulate(k, 2026, n, x, tx, T, z1, z2) != 0 || csat_btyd_new(&m, NULL, k) != CSAT_OK)
            return 2;
        t0 = cpu_now();
        if (csat_btyd_fit(m, x, tx, T, NULL, n, NULL) != CSAT_OK)
            return 2;
        t_plain = cpu_now() - t0;
        t0 = cpu_now();
        if (csat_btyd_fit_covariates(m, x, tx, T, n, z1, 2, z2, 1, NULL, &rep) != CSAT_OK) {
            printf("fit failed: %s\n", csat_btyd_last_error(m));
            return 1;
        }
        t_cov = cpu_now() - t0;
        (void)csat_btyd_get_params(m, p, 4);
        (void)csat_btyd_standard_errors(m, se, 4);
        (void)csat_btyd_covariate_params(m, g, gse, 3);
        printf("%-10s plain fit %.2f s; with covariates %.2f s in all (start: the plain fit, on a subsample of "
               "25,000 from 100,000 customers on; then %zu iterations, %zu evaluations, the Hessian)\n",
               kind ? "Pareto/NBD" : "BG/NBD", t_plain, t_cov, rep.iterations, rep.evaluations);
        for (int j = 0; j < 7; j++) {
            const double est = j < 4 ? p[j] : g[j - 4], s = j < 4 ? se[j] : gse[j - 4];
            const double truth = j < 4 ? base[j] : cov_gamma[j - 4];
            const int ok = fabs(est - truth) <= 3 * s;
            printf("  %-8s %10.5f  truth %8.4f  se %.5f  %5.2f se %s\n",
                   j < 4 ? (kind ? (const char *[]){"r", "alpha0", "s", "beta0"}[j]
                                 : (const char *[]){"r", "alpha0", "a0", "b0"}[j])
                         : (const char *[]){"gamma1_1", "gamma1_2", "gamma2_1"}[j - 4],
                   est, truth, s, fabs(est - truth) / s, ok ? "" : "FAIL");
            bad |= !ok;
        }
        csat_btyd_free(m);
    }
    free(x), free(tx), free(T), free(z1), free(z2);
    return bad;
}
