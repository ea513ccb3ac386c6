/*
 * Recovery of the true parameters from 1,000,000 simulated customers
 * (issue 11, section 4): each BTYD kind and Gamma-Gamma is fitted on
 * customers drawn by csat_btyd_simulate / csat_spend_simulate from known
 * parameters, and every estimate must lie within 3 standard errors of the
 * truth (exit 1 otherwise). Prints estimate, truth, SE, z and the times.
 * CI runs it: meson test -C build --benchmark --suite recovery. The
 * 20,000-customer version is a unit test (tests/btyd/test_simulate.c).
 * Optional argument: the number of customers (default 1000000).
 */
#define _POSIX_C_SOURCE 200809L

#include "bench_util.h"
#include "csat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const names[4] = {"BG/NBD", "Pareto/NBD", "MBG/NBD", "BG/BB"};
/* CDNOW estimates (Fader, Hardie & Lee 2005) for the continuous kinds; the
 * donations estimates (Fader, Hardie & Shang 2010) for BG/BB. */
static const double truth[4][4] = {
    {0.243, 4.41, 0.793, 2.43},
    {0.55, 10.58, 0.61, 11.67},
    {0.243, 4.41, 0.793, 2.43},
    {1.204, 0.750, 0.657, 2.783},
};

static int report(const char *name, const double *est, const double *tr, const double *se, int np, double t_sim,
                  double t_fit)
{
    int bad = 0;
    printf("%-11s simulate %.2f s, fit %.2f s\n", name, t_sim, t_fit);
    for (int j = 0; j < np; j++) {
        double z = (est[j] - tr[j]) / se[j];
        printf("    param %d: estimate %.6g  truth %.6g  SE %.3g  z %+.2f%s\n", j, est[j], tr[j], se[j], z,
               fabs(z) <= 3 ? "" : "  FAIL");
        bad |= !(fabs(z) <= 3);
    }
    return bad;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    double *T = malloc(n * sizeof *T), *x = malloc(n * sizeof *x), *tx = malloc(n * sizeof *tx);
    int bad = 0;
    if (!T || !x || !tx || n == 0)
        return 2;
    printf("%zu simulated customers per model\n", n);
    for (int kind = 0; kind < 4; kind++) {
        csat_btyd_model *m;
        double est[4], se[4], t0, t1, t2;
        if (csat_btyd_new(&m, NULL, (csat_btyd_kind)kind) != CSAT_OK ||
            csat_btyd_set_params(m, truth[kind], 4) != CSAT_OK)
            return 2;
        for (size_t i = 0; i < n; i++) /* cohorts of 27..38 weeks; BG/BB: 6 opportunities */
            T[i] = kind == 3 ? 6.0 : 27.0 + (double)(i % 12);
        t0 = now();
        if (csat_btyd_simulate(m, 20261204, T, n, x, tx, NULL, NULL) != CSAT_OK)
            return 2;
        t1 = now();
        if (csat_btyd_fit(m, x, tx, T, NULL, n, NULL) != CSAT_OK) {
            printf("%s: fit failed: %s\n", names[kind], csat_btyd_last_error(m));
            return 1;
        }
        t2 = now();
        if (csat_btyd_get_params(m, est, 4) != CSAT_OK || csat_btyd_standard_errors(m, se, 4) != CSAT_OK)
            return 2;
        bad |= report(names[kind], est, truth[kind], se, 4, t1 - t0, t2 - t1);
        csat_btyd_free(m);
    }
    {
        static const double gg[3] = {6.25, 3.74, 15.44}; /* CDNOW (Fader, Hardie & Lee 2005, RFM and CLV) */
        csat_spend_model *s;
        double est[3], se[3], t0, t1, t2;
        for (size_t i = 0; i < n; i++)
            x[i] = (double)(1 + i % 7);
        if (csat_spend_new(&s, NULL) != CSAT_OK || csat_spend_set_params(s, gg, 3) != CSAT_OK)
            return 2;
        t0 = now();
        if (csat_spend_simulate(s, 20261204, x, n, tx, NULL) != CSAT_OK)
            return 2;
        t1 = now();
        if (csat_spend_fit(s, x, tx, NULL, n, NULL) != CSAT_OK) {
            printf("Gamma-Gamma: fit failed: %s\n", csat_spend_last_error(s));
            return 1;
        }
        t2 = now();
        if (csat_spend_get_params(s, est, 3) != CSAT_OK || csat_spend_standard_errors(s, se, 3) != CSAT_OK)
            return 2;
        bad |= report("Gamma-Gamma", est, gg, se, 3, t1 - t0, t2 - t1);
        csat_spend_free(s);
    }
    free(T), free(x), free(tx);
    printf(bad ? "recovery: FAILED (an estimate beyond 3 SE)\n" : "recovery: every estimate within 3 SE\n");
    return bad;
}
