/*
 * Long-horizon expected purchases (issue 18, section 3): E[X(T, T+t) | x,
 * t_x, T] for 1,000,000 synthetic CDNOW-like customers (drawn from the
 * CDNOW BG/NBD fit by csat_btyd_simulate: continuous t_x, T ~ U(27, 39) weeks)
 * at t = 39 and at long horizons, the horizons interleaved in one run (best
 * of 3 each), with the ratio to t = 39. The target: t = 500 within 2x of
 * t = 39. Also the largest relative difference of the batched values from
 * the one-by-one kernel (n = 1 calls) on every 1000th customer, its time
 * per customer, and the same horizons for the other kinds and for CLV, for
 * comparison (20,000 customers; CLV 100,000). Run: build/tests/bench/bench_btyd_horizon [n]
 * (with a second argument: only BG/NBD at t = 39 and 500, best of 7)
 * (or meson test -C build --benchmark btyd_horizon).
 */
#define _POSIX_C_SOURCE 200809L
#include "csat.h"
#include "bench_util.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NH 7
static const double horizons[NH] = {39.0, 500.0, 150.0, 250.0, 5000.0, 1e6, 1e10};

/* best of 3 per horizon, the horizons interleaved within each repetition */
static int reps = 3;
static int time_horizons(csat_btyd_model *m, const double *x, const double *tx, const double *T, size_t n,
                         double *out, int nh, double *best)
{
    for (int h = 0; h < nh; h++)
        best[h] = 1e30;
    for (int rep = 0; rep < reps; rep++)
        for (int h = 0; h < nh; h++) {
            double t0 = now(), dt;
            if (csat_btyd_expected_purchases(m, horizons[h], x, tx, T, n, out) != CSAT_OK)
                return 1;
            dt = now() - t0;
            if (dt < best[h])
                best[h] = dt;
        }
    return 0;
}

/* the largest relative difference of the batched values from n = 1 calls
 * (the one-by-one kernel) on every step-th customer, and that kernel's
 * time per customer */
static int check_scalar(csat_btyd_model *m, double t, const double *x, const double *tx, const double *T, size_t n,
                        const double *out, size_t step, double *maxrel, double *us, size_t *worst)
{
    double t0 = now();
    size_t cnt = 0;
    *maxrel = 0.0;
    for (size_t i = 0; i < n; i += step, cnt++) {
        double v, d;
        if (csat_btyd_expected_purchases(m, t, x + i, tx + i, T + i, 1, &v) != CSAT_OK)
            return 1;
        d = fabs(v - out[i]) / fabs(v);
        if (!(d <= *maxrel)) {
            *maxrel = d;
            *worst = i;
        }
    }
    *us = 1e6 * (now() - t0) / (double)cnt;
    return 0;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atoll(argv[1]) : 1000000;
    const double cd[4] = {0.242593, 4.413532, 0.792886, 2.425752};
    /* MBG/NBD: illustrative parameters of the same size */
    const double md[4] = {0.525, 6.183, 0.891, 1.614};
    const struct {
        const char *name;
        csat_btyd_kind kind;
        const double *p;
        size_t np;
    } kinds[2] = {{"BG/NBD", CSAT_BTYD_BGNBD, cd, 4}, {"MBG/NBD", CSAT_BTYD_MBGNBD, md, 4}};
    double *x = malloc(n * sizeof *x), *tx = malloc(n * sizeof *tx), *T = malloc(n * sizeof *T);
    double *out = malloc(n * sizeof *out), best[NH];
    int fail = 0;

    if (!x || !tx || !T || !out)
        return 1;
    {
        /* T ~ U(27, 39) weeks, histories drawn from the CDNOW BG/NBD fit */
        csat_btyd_model *m;
        uint64_t st = 20261205;
        for (size_t i = 0; i < n; i++)
            T[i] = 27 + 12 * unif(&st);
        if (csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD) != CSAT_OK || csat_btyd_set_params(m, cd, 4) != CSAT_OK ||
            csat_btyd_simulate(m, 20261205, T, n, x, tx, NULL, NULL) != CSAT_OK)
            return 1;
        csat_btyd_free(m);
    }
    if (argc > 2) {
        /* quick: BG/NBD at t = 39 and 500 only, best of 7 */
        csat_btyd_model *m;
        reps = 7;
        if (csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD) != CSAT_OK || csat_btyd_set_params(m, cd, 4) != CSAT_OK ||
            time_horizons(m, x, tx, T, n, out, 2, best))
            return 1;
        printf("BG/NBD, %zu customers, best of 7: E[X(39)] %.1f ms, E[X(500)] %.1f ms: %.2fx\n", n, 1e3 * best[0],
               1e3 * best[1], best[1] / best[0]);
        csat_btyd_free(m);
        return 0;
    }
    printf("%zu synthetic CDNOW-like customers; best of 3, horizons interleaved\n", n);
    for (int k = 0; k < 2; k++) {
        csat_btyd_model *m;
        if (csat_btyd_new(&m, NULL, kinds[k].kind) != CSAT_OK ||
            csat_btyd_set_params(m, kinds[k].p, kinds[k].np) != CSAT_OK)
            return 1;
        fail |= time_horizons(m, x, tx, T, n, out, NH, best);
        for (int h = 0; h < NH; h++) {
            double maxrel = 0, us = 0;
            size_t wi = 0;
            if (csat_btyd_expected_purchases(m, horizons[h], x, tx, T, n, out) != CSAT_OK)
                return 1;
            fail |= check_scalar(m, horizons[h], x, tx, T, n, out, n >= 1000 ? 1000 : 1, &maxrel, &us, &wi);
            printf("%-8s E[X(%g)]: %8.1f ms  (%.2fx the t = 39 time); vs one-by-one: max rel diff %.2e, "
                   "one-by-one %.2f us/customer (largest at x %g, t_x %.17g, T %.17g)\n",
                   kinds[k].name, horizons[h], 1e3 * best[h], best[h] / best[0], maxrel, us, x[wi], tx[wi], T[wi]);
        }
        csat_btyd_free(m);
    }
    {
        /* the other kinds, and CLV, at t = 39 and 500 (for comparison) */
        const double pn[4] = {0.5533, 10.5776, 0.6061, 11.6689};
        const double gg[5] = {0.55, 10.58, 0.6, 11.6, 0.05};
        const struct {
            const char *name;
            csat_btyd_kind kind;
            const double *p;
            size_t np;
        } others[2] = {{"Pareto/NBD", CSAT_BTYD_PARETO_NBD, pn, 4}, {"GGom/NBD", CSAT_BTYD_GGOMNBD, gg, 5}};
        size_t no = n < 20000 ? n : 20000;
        for (int k = 0; k < 2; k++) {
            csat_btyd_model *m;
            if (csat_btyd_new(&m, NULL, others[k].kind) != CSAT_OK ||
                csat_btyd_set_params(m, others[k].p, others[k].np) != CSAT_OK)
                return 1;
            fail |= time_horizons(m, x, tx, T, no, out, 2, best);
            printf("%-10s E[X(t)], %zu customers: t = 39 %.1f ms, t = 500 %.1f ms (%.2fx)\n", others[k].name, no,
                   1e3 * best[0], 1e3 * best[1], best[1] / best[0]);
            csat_btyd_free(m);
        }
    }
    {
        /* CLV over 12 and 120 monthly steps (the latter ~520 weeks), 100,000 customers */
        const double ggs[3] = {6.25, 3.74, 15.44};
        csat_btyd_model *m;
        csat_spend_model *sp;
        csat_clv_options o;
        const size_t nv = n < 100000 ? n : 100000;
        double *mv = malloc(nv * sizeof *mv), eq, tc[2] = {1e30, 1e30};
        if (!mv || csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD) != CSAT_OK || csat_btyd_set_params(m, cd, 4) != CSAT_OK ||
            csat_spend_new(&sp, NULL) != CSAT_OK || csat_spend_set_params(sp, ggs, 3) != CSAT_OK ||
            csat_clv_options_init(&o, CSAT_CLV_OPTIONS_VERSION) != CSAT_OK)
            return 1;
        for (size_t i = 0; i < nv; i++)
            mv[i] = x[i] > 0 ? 20.0 + 5.0 * (double)(i % 7) : 0.0;
        for (int rep = 0; rep < 2; rep++)
            for (int h = 0; h < 2; h++) {
                double t0 = now();
                o.n_steps = h ? 120 : 12;
                fail |= csat_clv(m, sp, x, tx, T, mv, nv, &o, out, &eq) != CSAT_OK;
                if (now() - t0 < tc[h])
                    tc[h] = now() - t0;
            }
        printf("BG/NBD CLV, %zu customers: 12 monthly steps %.1f ms, 120 steps %.1f ms (%.2fx; %.1f ms per step)\n", nv,
               1e3 * tc[0], 1e3 * tc[1], tc[1] / tc[0], 1e3 * tc[1] / 120);
        csat_spend_free(sp);
        csat_btyd_free(m);
        free(mv);
    }
    free(x);
    free(tx);
    free(T);
    free(out);
    return fail;
}
