/*
 * Pareto/NBD fits that start in the cliff region (issue 18 §3): on CDNOW
 * (2,357 customers, optimum r 0.55, alpha 10.6, s 0.61, beta 11.7) and on
 * 2,000 simulated customers whose optimum is itself near the cliff
 * (tests/btyd/pnbd_cliff_sim.h: r 71.7, alpha 71.1, s 88.9, beta 1743, z ~
 * 0.96), the time of the fit from the built-in start and from starts with
 * large shapes (alpha == beta, or beta << alpha), interleaved in one run
 * (best of 5 each, CPU time of the process), with their ratio, the evaluations and the optimum
 * reached. Run: meson test -C build --benchmark pnbd_cliff (or
 * build/tests/bench/bench_pnbd_cliff).
 */
#define _POSIX_C_SOURCE 200809L
#include "csat.h"
#include "../btyd/btyd_data.h"
#include "../btyd/pnbd_cliff_sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define REPS 5

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine may be shared */
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

typedef struct fit_out {
    double t, p[4], ll;
    size_t evals;
    csat_status st;
} fit_out;

static void fit_once(const double *x, const double *tx, const double *T, size_t n, const double *start, fit_out *o)
{
    csat_btyd_model *m;
    csat_btyd_options opt = CSAT_BTYD_OPTIONS_INIT;
    csat_fit_report rep;
    double t0;
    opt.start = start;
    if (csat_btyd_new(&m, NULL, CSAT_BTYD_PARETO_NBD) != CSAT_OK)
        exit(1);
    t0 = now();
    o->st = csat_btyd_fit(m, x, tx, T, NULL, n, &opt);
    t0 = now() - t0;
    if (t0 < o->t)
        o->t = t0;
    if (csat_btyd_get_params(m, o->p, 4) != CSAT_OK || csat_btyd_log_likelihood(m, &o->ll, NULL, NULL) != CSAT_OK ||
        csat_btyd_fit_report(m, &rep) != CSAT_OK)
        exit(1);
    o->evals = rep.evaluations;
    csat_btyd_free(m);
}

static int run(const char *name, const double *x, const double *tx, const double *T, size_t n)
{
    static const double starts[][4] = {{1e2, 1e1, 1e2, 1e1},   {1e3, 1e2, 1e3, 1e2}, {1e3, 1e3, 1e3, 1e3},
                                       {1e4, 1e3, 1e4, 1e3},   {1e4, 1e4, 1e4, 1e4}, {0.5, 10, 1e3, 0.01},
                                       {0.55, 10.6, 50, 1e3}};
    fit_out base = {1e30, {0}, 0, 0, 0}, cl[N_OF(starts)];
    double worst = 0.0;
    int bad = 0;
    for (size_t k = 0; k < N_OF(starts); k++)
        cl[k].t = 1e30;
    /* interleaved: the built-in start, then each cliff start, REPS times */
    for (int rep = 0; rep < REPS; rep++) {
        fit_once(x, tx, T, n, NULL, &base);
        for (size_t k = 0; k < N_OF(starts); k++)
            fit_once(x, tx, T, n, starts[k], &cl[k]);
    }
    printf("%s (%zu customers): built-in start %.2f ms (%zu evaluations; r %.6g alpha %.6g s %.6g beta %.6g; "
           "LL %.10f)\n",
           name, n, 1e3 * base.t, base.evals, base.p[0], base.p[1], base.p[2], base.p[3], base.ll);
    for (size_t k = 0; k < N_OF(starts); k++) {
        const double ratio = cl[k].t / base.t;
        printf("  start r %g alpha %g s %g beta %g: %.2f ms = %.2fx (%zu evaluations, %.3f ms each vs %.3f); "
               "LL %+.2e from the built-in fit's (status %d)\n",
               starts[k][0], starts[k][1], starts[k][2], starts[k][3], 1e3 * cl[k].t, ratio, cl[k].evals,
               1e3 * cl[k].t / (double)cl[k].evals, 1e3 * base.t / (double)base.evals, cl[k].ll - base.ll, cl[k].st);
        worst = fmax(worst, ratio);
        bad |= cl[k].st != CSAT_OK || !(fabs(cl[k].ll - base.ll) <= 1e-9 * fabs(base.ll));
    }
    printf("  slowest cliff start: %.2fx the built-in start's time\n", worst);
    return bad;
}

int main(void)
{
    double *c[4], *x, *tx, *T;
    const size_t ns = N_OF(pnbd_cliff_sim);
    size_t nc = btyd_read_csv(CSAT_BENCH_DATA_DIR "/cdnow_customers_summary.csv", 4, c);
    int bad;
    if (nc != 2357)
        return 1;
    bad = run("CDNOW", c[1], c[2], c[3], nc);
    x = malloc(3 * ns * sizeof *x);
    if (!x)
        return 1;
    tx = x + ns, T = tx + ns;
    for (size_t i = 0; i < ns; i++)
        x[i] = pnbd_cliff_sim[i][0], tx[i] = pnbd_cliff_sim[i][1], T[i] = pnbd_cliff_sim[i][2];
    bad |= run("simulated, optimum near the cliff", x, tx, T, ns);
    free(x);
    for (int j = 0; j < 4; j++)
        free(c[j]);
    if (bad)
        printf("FAILED: a fit from a cliff start did not reach the built-in start's maximum\n");
    return bad;
}
