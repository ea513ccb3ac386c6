/*
 * BTYD benchmarks: BG/NBD and Pareto/NBD fits on CDNOW and on 1,000,000
 * synthetic customers drawn from the CDNOW BG/NBD fit (fixed seed,
 * continuous t_x and T, so hardly any rows group), BG/BB on 1,000,000
 * individual rows, predictions for 1,000,000 customers, BG/NBD DERT for the
 * CDNOW customers. Prints the best of 3 runs (5 for the CDNOW fits and DERT)
 * and the peak RSS. Run: meson test -C build --benchmark --suite btyd (or
 * build/tests/bench/bench_btyd [n]).
 */
#define _POSIX_C_SOURCE 200809L
#include "csat.h"
#include "../btyd/btyd_data.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double peak_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

/* xorshift64* and the draws the simulation needs */
static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static double unif(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return ((rng * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0) + 1e-300;
}
static double normal(void) { return sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif()); }
static double gamma_draw(double k) /* Marsaglia & Tsang, shape k, scale 1 */
{
    double d, c;
    if (k < 1)
        return gamma_draw(k + 1) * pow(unif(), 1 / k);
    d = k - 1.0 / 3;
    c = 1 / sqrt(9 * d);
    for (;;) {
        double x = normal(), v = 1 + c * x;
        if (v <= 0)
            continue;
        v = v * v * v;
        if (log(unif()) < 0.5 * x * x + d - d * v + d * log(v))
            return d * v;
    }
}
static double beta_draw(double a, double b)
{
    double x = gamma_draw(a);
    return x / (x + gamma_draw(b));
}

#define BEST(var, reps, code)                                                                      \
    do {                                                                                           \
        var = 1e30;                                                                                \
        for (int rep_ = 0; rep_ < (reps); rep_++) {                                                \
            double t0_ = now();                                                                    \
            code;                                                                                  \
            if (now() - t0_ < var)                                                                 \
                var = now() - t0_;                                                                 \
        }                                                                                          \
    } while (0)

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atoll(argv[1]) : 1000000, nc;
    double *c[4], t, p[4], ll, se[4], rss0;
    const double cd[4] = {0.242593, 4.413532, 0.792886, 2.425752};
    double *x, *tx, *T, *out;
    csat_btyd_model *m;
    csat_fit_report rep;
    csat_status st = CSAT_OK;

    nc = btyd_read_csv(CSAT_BENCH_DATA_DIR "/cdnow_customers_summary.csv", 4, c);
    if (nc != 2357 || csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD) != CSAT_OK)
        return 1;
    BEST(t, 5, st = csat_btyd_fit(m, c[1], c[2], c[3], NULL, nc, NULL));
    csat_btyd_get_params(m, p, 4);
    csat_btyd_standard_errors(m, se, 4);
    printf("BG/NBD fit, CDNOW (2357), with SEs: %.2f ms (status %d; r %.6f alpha %.6f a %.6f b %.6f)\n",
           1e3 * t, st, p[0], p[1], p[2], p[3]);
    {
        /* DERT at 15% a year, weekly: the drop-out probability integrated by quadrature */
        double *d = malloc(nc * sizeof *d);
        BEST(t, 5, st = csat_btyd_dert(m, 0.0026877296610607442, c[1], c[2], c[3], nc, d));
        printf("BG/NBD DERT, CDNOW: %.1f us per customer (status %d)\n", 1e6 * t / nc, st);
        free(d);
    }
    csat_btyd_free(m);
    if (csat_btyd_new(&m, NULL, CSAT_BTYD_PARETO_NBD) != CSAT_OK)
        return 1;
    BEST(t, 5, st = csat_btyd_fit(m, c[1], c[2], c[3], NULL, nc, NULL));
    csat_btyd_get_params(m, p, 4);
    csat_btyd_log_likelihood(m, &ll, NULL, NULL);
    csat_btyd_fit_report(m, &rep);
    printf("Pareto/NBD fit, CDNOW, with SEs: %.2f ms (status %d; r %.4f alpha %.4f s %.4f beta %.4f; "
           "LL %.6f; %zu evaluations)\n",
           1e3 * t, st, p[0], p[1], p[2], p[3], ll, rep.evaluations);
    csat_btyd_free(m);

    /* synthetic BG/NBD customers: T ~ U(27, 39) weeks, continuous times */
    x = malloc(n * sizeof *x);
    tx = malloc(n * sizeof *tx);
    T = malloc(n * sizeof *T);
    out = malloc(n * sizeof *out);
    for (size_t i = 0; i < n; i++) {
        double lam = gamma_draw(cd[0]) / cd[1], pd = beta_draw(cd[2], cd[3]), now_t = 0;
        T[i] = 27 + 12 * unif();
        x[i] = 0;
        tx[i] = 0;
        for (;;) {
            now_t += -log(unif()) / lam;
            if (now_t > T[i])
                break;
            x[i] += 1;
            tx[i] = now_t;
            if (unif() < pd)
                break;
        }
    }
    rss0 = peak_mib();
    if (csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD) != CSAT_OK)
        return 1;
    BEST(t, 3, st = csat_btyd_fit(m, x, tx, T, NULL, n, NULL));
    csat_btyd_get_params(m, p, 4);
    printf("BG/NBD fit, %zu synthetic customers, with SEs: %.3f s (status %d; r %.4f alpha %.4f a %.4f b %.4f); "
           "peak RSS %.1f MiB, %.1f MiB beyond the input\n",
           n, t, st, p[0], p[1], p[2], p[3], peak_mib(), peak_mib() - rss0);
    BEST(t, 3, st = csat_btyd_expected_purchases(m, 39, x, tx, T, n, out));
    printf("E[X(39)|x,t_x,T] for %zu customers: %.1f ms\n", n, 1e3 * t);
    BEST(t, 3, st = csat_btyd_p_alive(m, x, tx, T, n, out));
    printf("P(alive) for %zu customers: %.1f ms\n", n, 1e3 * t);
    {
        /* 12-month CLV (weekly model, monthly steps) with the CDNOW Gamma-Gamma fit */
        const double gg[3] = {6.25, 3.74, 15.44};
        csat_spend_model *sp;
        double *mv = malloc(n * sizeof *mv), eq = 0.0;
        for (size_t i = 0; i < n; i++)
            mv[i] = x[i] > 0 ? 20.0 + 5.0 * (double)(i % 7) : 0.0;
        if (csat_spend_new(&sp, NULL) != CSAT_OK || csat_spend_set_params(sp, gg, 3) != CSAT_OK)
            return 1;
        BEST(t, 3, st = csat_clv(m, sp, x, tx, T, mv, n, NULL, out, &eq));
        printf("CLV, 12 monthly steps, for %zu customers: %.1f ms (status %d; equity %.6e)\n", n, 1e3 * t, st, eq);
        csat_spend_free(sp);
        free(mv);
    }
    csat_btyd_free(m);
    if (csat_btyd_new(&m, NULL, CSAT_BTYD_PARETO_NBD) != CSAT_OK)
        return 1;
    BEST(t, 3, st = csat_btyd_fit(m, x, tx, T, NULL, n, NULL));
    csat_btyd_get_params(m, p, 4);
    csat_btyd_log_likelihood(m, &ll, NULL, NULL);
    csat_btyd_fit_report(m, &rep);
    printf("Pareto/NBD fit, %zu synthetic customers, with SEs: %.3f s (status %d; r %.4f alpha %.4f s %.4f "
           "beta %.4f; LL %.4f; %zu evaluations); peak RSS %.1f MiB\n",
           n, t, st, p[0], p[1], p[2], p[3], ll, rep.evaluations, peak_mib());
    csat_btyd_free(m);

    /* BG/BB: individual rows, n = 6, drawn from the donations fit */
    {
        const double bp[4] = {1.204, 0.750, 0.657, 2.783};
        for (size_t i = 0; i < n; i++) {
            double pp = beta_draw(bp[0], bp[1]), th = beta_draw(bp[2], bp[3]);
            x[i] = tx[i] = 0;
            T[i] = 6;
            for (int k = 1; k <= 6; k++) {
                if (unif() < th)
                    break;
                if (unif() < pp) {
                    x[i] += 1;
                    tx[i] = k;
                }
            }
        }
        if (csat_btyd_new(&m, NULL, CSAT_BTYD_BGBB) != CSAT_OK)
            return 1;
        BEST(t, 3, st = csat_btyd_fit(m, x, tx, T, NULL, n, NULL));
        csat_btyd_get_params(m, p, 4);
        printf("BG/BB fit, %zu individual rows (n = 6), with SEs: %.1f ms (status %d; %.3f %.3f %.3f %.3f)\n", n,
               1e3 * t, st, p[0], p[1], p[2], p[3]);
        csat_btyd_free(m);
    }
    free(x);
    free(tx);
    free(T);
    free(out);
    for (int j = 0; j < 4; j++)
        free(c[j]);
    return 0;
}
