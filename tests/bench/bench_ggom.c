/*
 * GGom/NBD recovery from 1,000,000 simulated customers (issue 15 §3, the
 * house standard of issue 11): customers drawn by csat_btyd_simulate from
 * known parameters (cohorts observed for 27..38 weeks), refitted by
 * csat_btyd_fit from its built-in start; every estimate must lie within 3
 * standard errors of the truth (exit 1 otherwise). Prints estimate, truth,
 * SE, z, the CPU times, the optimiser's iterations and evaluations per
 * stage, and the CPU time of one log-likelihood with its gradient per
 * customer row. The fit: Newton with the analytic Hessian on subsamples of
 * ~50,000 and ~150,000 rows, then 2 steps on all 653,554 distinct rows
 * (~9 s of CPU; by BFGS it took 78-87 s and 33-35 iterations).
 * In CI's recovery step (meson test -C build --benchmark --suite recovery);
 * alone: meson test -C build --benchmark --suite ggom.
 * Usage: bench_ggom [n]   (default 1000000)
 */
#define _POSIX_C_SOURCE 200809L

#include "bench_util.h"
#include "csat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    /* r, alpha, b, s, beta: the unit test's (tests/btyd/test_ggom.c) */
    static const double truth[5] = {0.8, 5.0, 0.05, 1.5, 3.0};
    static const char *const names[5] = {"r", "alpha", "b", "s", "beta"};
    const size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    double *T = malloc(n * sizeof *T), *x = malloc(n * sizeof *x), *tx = malloc(n * sizeof *tx);
    double est[5], se[5], ll, g[5], t0, t_sim, t_ll, t_fit;
    csat_btyd_model *m;
    csat_fit_report rep;
    int bad = 0;
    if (!T || !x || !tx || n == 0)
        return 2;
    for (size_t i = 0; i < n; i++) /* cohorts of 27..38 weeks */
        T[i] = 27.0 + (double)(i % 12);
    if (csat_btyd_new(&m, NULL, CSAT_BTYD_GGOMNBD) != CSAT_OK || csat_btyd_set_params(m, truth, 5) != CSAT_OK)
        return 2;
    t0 = cpu_now();
    if (csat_btyd_simulate(m, 20261205, T, n, x, tx, NULL, NULL) != CSAT_OK)
        return 2;
    t_sim = cpu_now() - t0;
    t0 = cpu_now();
    if (csat_btyd_chunk_loglik(CSAT_BTYD_GGOMNBD, truth, x, tx, T, NULL, n, &ll, g, NULL) != CSAT_OK)
        return 2;
    t_ll = cpu_now() - t0;
    t0 = cpu_now();
    if (csat_btyd_fit(m, x, tx, T, NULL, n, NULL) != CSAT_OK) {
        printf("GGom/NBD: fit failed: %s\n", csat_btyd_last_error(m));
        return 1;
    }
    t_fit = cpu_now() - t0;
    if (csat_btyd_get_params(m, est, 5) != CSAT_OK)
        return 2;
    if (csat_btyd_standard_errors(m, se, 5) != CSAT_OK) {
        printf("GGom/NBD: no standard errors: %s (fit %.2f s)\n", csat_btyd_last_error(m), t_fit);
        return 1;
    }
    if (csat_btyd_fit_report(m, &rep) != CSAT_OK)
        return 2;
    printf("GGom/NBD, %zu simulated customers (CPU seconds): simulate %.2f s; one log-likelihood with its "
           "gradient %.3f s (%.2f us a row); fit %.2f s (%zu iterations, %zu evaluations, LL %.6f)\n",
           n, t_sim, t_ll, 1e6 * t_ll / (double)n, t_fit, rep.iterations, rep.evaluations, rep.log_likelihood);
    {
        csat_fit_stage stg[CSAT_FIT_MAX_STAGES];
        size_t ns = 0;
        if (csat_btyd_fit_stages(m, stg, CSAT_FIT_MAX_STAGES, &ns) != CSAT_OK)
            return 2;
        for (size_t k = 0; k < ns; k++)
            printf("    stage %zu: %zu rows, %zu iterations, %zu evaluations, LL %.6f%s\n", k + 1, stg[k].rows,
                   stg[k].iterations, stg[k].evaluations, stg[k].log_likelihood,
                   stg[k].converged ? "" : " (not converged)");
    }
    for (int j = 0; j < 5; j++) {
        const double z = (est[j] - truth[j]) / se[j];
        printf("    %-5s estimate %.6g  truth %.6g  SE %.3g  z %+.2f%s\n", names[j], est[j], truth[j], se[j], z,
               fabs(z) <= 3 ? "" : "  FAIL");
        bad |= !(fabs(z) <= 3);
    }
    csat_btyd_free(m);
    free(T), free(x), free(tx);
    printf(bad ? "recovery: FAILED (an estimate beyond 3 SE)\n" : "recovery: every estimate within 3 SE\n");
    return bad;
}
