/*
 * Time budget of the sBG discounted lifetimes (issue 12): csat_sbg_del,
 * csat_sbg_derl and csat_sbg_clv must answer in under 1 ms of CPU per call
 * for any valid input. Before beta_disc.c, DERL took 0.7 s at 1e15
 * renewals and d = 1e-7, and alpha = beta = 1e20 did not return at all.
 *
 * The grid: alpha and beta in 1e-300, 1e-200, 1e-100, 1e-30, 1e-12, 1e-6,
 * 1e-3, 0.5, 1, 3, 1e3, 1e6, 1e9, 1e12, 1e20, 1e30, 1e100, 1e200, 1e300;
 * d from 1e-300 to 1e6; 0, 1e6 and 1e15 renewals. Each call is
 * timed in a batch of 8 repetitions, the fastest of 3 batches counting (the
 * machine is shared). Prints the median and worst time per call and the
 * slowest point; exits 1 if a call takes 1 ms or more, or returns an error
 * other than CSAT_EDOM (DEL past DBL_MAX).
 * CI runs it: meson test -C build --benchmark --suite budget.
 */
#define _POSIX_C_SOURCE 200809L
#include <csat.h>

#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define BUDGET 1e-3 /* seconds of CPU per call */
#define REPS 8

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* which: 0 DEL, 1 DERL, 2 CLV */
static double time_call(int which, const csat_sbg_params *p, double d, double n, csat_status *st)
{
    double best = INFINITY, v;
    for (int k = 0; k < 3; k++) {
        const double t0 = cpu_now();
        for (int r = 0; r < REPS; r++)
            *st = which == 0 ? csat_sbg_del(p, d, &v, NULL)
                  : which == 1 ? csat_sbg_derl(p, d, n, &v, NULL)
                               : csat_sbg_clv(p, 1.0, d, &v, NULL);
        best = fmin(best, (cpu_now() - t0) / REPS);
        if (best < 0.05 * BUDGET)
            break;
    }
    return best;
}

int main(void)
{
    static const double disc[] = {1e-300, 1e-100, 1e-15, 1e-12, 1e-9, 1e-7, 1e-5, 1e-3, 0.1, 1, 1e6};
    static const double renew[] = {0, 1e6, 1e15};
    static const char *names[] = {"csat_sbg_del", "csat_sbg_derl", "csat_sbg_clv"};
    static const double par[] = {1e-300, 1e-200, 1e-100, 1e-30, 1e-12, 1e-6, 1e-3, 0.5, 1, 3,
                                 1e3,    1e6,    1e9,    1e12,  1e20,  1e30, 1e100, 1e200, 1e300};
    double *times, worst = 0.0;
    const size_t np = sizeof par / sizeof par[0];
    size_t nt = 0, cap, n_bad = 0;
    char slowest[200] = "";
    cap = np * np * (sizeof disc / sizeof disc[0]) * 5;
    times = malloc(cap * sizeof *times);
    if (!times)
        return 1;
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < np; j++)
            for (size_t k = 0; k < sizeof disc / sizeof disc[0]; k++)
                for (int w = 0; w < 5; w++) {
                    const csat_sbg_params p = {par[i], par[j]};
                    const int which = w < 1 ? 0 : (w < 4 ? 1 : 2);
                    const double n = w >= 1 && w < 4 ? renew[w - 1] : 0.0;
                    csat_status st;
                    times[nt] = time_call(which, &p, disc[k], n, &st);
                    if (st != CSAT_OK && st != CSAT_EDOM) {
                        printf("%s(alpha %g, beta %g, d %g, n %g): status %d\n", names[which], p.alpha, p.beta,
                               disc[k], n, (int)st);
                        n_bad++;
                    }
                    if (times[nt] > worst) {
                        worst = times[nt];
                        snprintf(slowest, sizeof slowest, "%s(alpha %g, beta %g, d %g, n %g)", names[which],
                                 p.alpha, p.beta, disc[k], n);
                    }
                    if (times[nt] >= BUDGET) {
                        printf("over budget: %.3f ms %s(alpha %g, beta %g, d %g, n %g)\n", 1e3 * times[nt],
                               names[which], p.alpha, p.beta, disc[k], n);
                        n_bad++;
                    }
                    nt++;
                }
    qsort(times, nt, sizeof *times, cmp_double);
    printf("sBG DEL/DERL/CLV: %zu calls, median %.1f us, 99%% %.1f us, worst %.1f us: %s\n", nt,
           1e6 * times[nt / 2], 1e6 * times[(size_t)(0.99 * (double)nt)], 1e6 * worst, slowest);
    free(times);
    return n_bad ? 1 : 0;
}
