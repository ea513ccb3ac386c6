/*
 * BTYD on threads (issue 18): in one run, the wall time at 1 and at 2
 * threads and their ratio for
 *  - the 1,000,000-customer BG/NBD fit and Pareto/NBD fit (CDNOW-like
 *    simulated histories, T uniform in [27, 39] weeks);
 *  - 1,000,000-customer predictions: P(alive), E[X(39)], BG/NBD E[X(500)] and CLV (the default
 *    12 monthly steps, with a Gamma-Gamma spend model);
 * and the fits' phases: the row checks (serial), the grouping, one
 * log-likelihood evaluation (with the gradient; Pareto/NBD also with the
 * Hessian) at 1 and 2 threads, and the evaluations the fit made.
 * Each figure is the best of `reps` runs, 1- and 2-thread runs interleaved,
 * so that load on a shared machine hits both sides alike. Wall seconds,
 * and in brackets the CPU seconds of both (their ratio is the threads'
 * overhead: on a loaded machine the wall ratio says little).
 * The target (issue 18): >= 1.8x at 2 threads on 2 free cores.
 * Usage: bench_parallel_btyd [n] [reps] [predictions]   (default 1000000 3;
 * a third argument: only the BG/NBD predictions, no fits)
 */
#define _POSIX_C_SOURCE 200809L

#include "bench_util.h"

#include "btyd/btyd_handle.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static size_t n, reps;
static double *x, *tx, *T, *mv, *out;
static csat_parallel_options one = CSAT_PARALLEL_OPTIONS_INIT, two = CSAT_PARALLEL_OPTIONS_INIT;

typedef double timed_fn(csat_btyd_model *m, void *ctx);
static volatile double sink; /* keeps the calls' results alive */

/* Best wall time of reps runs of fn at 1 and at 2 threads, interleaved. */
static void compare(const char *what, csat_btyd_model *m, timed_fn *fn, void *ctx)
{
    double best[2] = {INFINITY, INFINITY}, cpu[2] = {INFINITY, INFINITY};
    for (size_t r = 0; r < reps; r++)
        for (int k = 0; k < 2; k++) {
            double t0, c0;
            if (csat_btyd_set_parallel(m, k ? &two : &one) != CSAT_OK)
                exit(2);
            t0 = now();
            c0 = cpu_now();
            sink += fn(m, ctx);
            cpu[k] = fmin(cpu[k], cpu_now() - c0);
            best[k] = fmin(best[k], now() - t0);
        }
    printf("  %-34s %9.3f %9.3f %7.2fx   (CPU %.3f, %.3f)\n", what, best[0], best[1], best[0] / best[1], cpu[0],
           cpu[1]);
    fflush(stdout);
}

static void simulate(csat_btyd_kind kind, const double *p)
{
    csat_btyd_model *m;
    uint64_t s = 42;
    for (size_t i = 0; i < n; i++)
        T[i] = 27.0 + 12.0 * unif(&s);
    if (csat_btyd_new(&m, NULL, kind) != CSAT_OK || csat_btyd_set_params(m, p, 4) != CSAT_OK ||
        csat_btyd_simulate(m, 7, T, n, x, tx, NULL, NULL) != CSAT_OK)
        exit(2);
    csat_btyd_free(m);
}

static double run_fit(csat_btyd_model *m, void *ctx)
{
    (void)ctx;
    if (csat_btyd_fit(m, x, tx, T, NULL, n, NULL) != CSAT_OK) {
        fprintf(stderr, "fit: %s\n", csat_btyd_last_error(m));
        exit(2);
    }
    return 0.0;
}

static double run_p_alive(csat_btyd_model *m, void *ctx)
{
    (void)ctx;
    return csat_btyd_p_alive(m, x, tx, T, n, out) == CSAT_OK ? out[0] : (exit(2), 0.0);
}

static double run_expected(csat_btyd_model *m, void *ctx)
{
    const double t = ctx ? *(const double *)ctx : 39.0;
    return csat_btyd_expected_purchases(m, t, x, tx, T, n, out) == CSAT_OK ? out[0] : (exit(2), 0.0);
}

static double run_clv(csat_btyd_model *m, void *ctx)
{
    const csat_clv_options o = CSAT_CLV_OPTIONS_INIT; /* 12 monthly steps */
    return csat_clv(m, ctx, x, tx, T, mv, n, &o, out, NULL) == CSAT_OK ? out[0] : (exit(2), 0.0);
}

/* One blocked log-likelihood evaluation (gradient; Hessian if hess). */
typedef struct eval_ctx {
    const csat__btyd_rows *g;
    int hess;
} eval_ctx;

static double run_eval(csat_btyd_model *m, void *vctx)
{
    const eval_ctx *c = vctx;
    double p[CSAT_BTYD_N_PARAMS], grad[CSAT_BTYD_N_PARAMS], h[CSAT_BTYD_N_PARAMS * CSAT_BTYD_N_PARAMS];
    if (csat_btyd_get_params(m, p, CSAT_BTYD_N_PARAMS) != CSAT_OK)
        exit(2);
    return csat__btyd_loglik(csat__handle_par(m), m->ops, p, c->g, grad, c->hess ? h : NULL);
}

static void fit_phases(csat_btyd_kind kind, const char *name, const double *p)
{
    csat_btyd_model *m;
    csat__btyd_rows in, g;
    csat_fit_report rep;
    double *buf, t0, t_check = INFINITY, t_group[2] = {INFINITY, INFINITY};
    char label[64];
    simulate(kind, p);
    in = (csat__btyd_rows){x, tx, T, NULL, n};
    if (csat_btyd_new(&m, NULL, kind) != CSAT_OK)
        exit(2);
    snprintf(label, sizeof label, "%s fit", name);
    compare(label, m, run_fit, NULL);
    if (csat_btyd_fit_report(m, &rep) != CSAT_OK)
        exit(2);
    for (size_t r = 0; r < reps; r++)
        for (int k = 0; k < 2; k++) {
            csat__par par;
            if (csat__par_resolve(&par, k ? &two : &one, NULL) != CSAT_OK)
                exit(2);
            t0 = now();
            if (csat__btyd_check_rows(&m->base, NULL, m->ops, &in, 1) != CSAT_OK)
                exit(2);
            if (k == 0)
                t_check = fmin(t_check, now() - t0);
            t0 = now();
            if (csat__btyd_group_rows(&par, &m->base.alloc, &in, &g, &buf) != CSAT_OK)
                exit(2);
            t_group[k] = fmin(t_group[k], now() - t0);
            if (r + 1 < reps || k == 0)
                free(buf);
        }
    printf("    serial: row checks %.3f s\n", t_check);
    printf("  %-34s %9.3f %9.3f %7.2fx   (%zu rows -> %zu)\n", "    grouping", t_group[0], t_group[1],
           t_group[0] / t_group[1], n, g.n);
    {
        eval_ctx e = {&g, 0};
        compare("    one evaluation (gradient)", m, run_eval, &e);
        if (m->ops->loglik_hess) {
            e.hess = 1;
            compare("    one evaluation (+ Hessian)", m, run_eval, &e);
        }
    }
    printf("    the fit: %zu iterations, %zu full-data evaluations (+ the subsamples')\n", rep.iterations,
           rep.evaluations);
    free(buf);
    csat_btyd_free(m);
}

int main(int argc, char **argv)
{
    static const double bg[4] = {0.243, 4.41, 0.793, 2.43}, pn[4] = {0.55, 10.58, 0.61, 11.67};
    static const double gg[3] = {6.25, 3.74, 15.44};
    csat_btyd_model *m;
    csat_spend_model *sp;
    n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    reps = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : 3;
    if (n < 2 || reps < 1)
        return 2;
    two.n_threads = 2;
    x = malloc(n * sizeof *x);
    tx = malloc(n * sizeof *tx);
    T = malloc(n * sizeof *T);
    mv = malloc(n * sizeof *mv);
    out = malloc(n * sizeof *out);
    if (!x || !tx || !T || !mv || !out)
        return 2;
    printf("BTYD on threads, %zu customers, best of %zu (wall seconds; %zu cores)\n", n, reps,
           csat_parallel_cpu_count());
    printf("  %-34s %9s %9s %8s\n", "", "1 thread", "2 threads", "ratio");
    if (argc <= 3) {
        fit_phases(CSAT_BTYD_BGNBD, "BG/NBD", bg);
        fit_phases(CSAT_BTYD_PARETO_NBD, "Pareto/NBD", pn);
    }

    /* predictions on BG/NBD customers */
    simulate(CSAT_BTYD_BGNBD, bg);
    if (csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD) != CSAT_OK || csat_btyd_set_params(m, bg, 4) != CSAT_OK ||
        csat_spend_new(&sp, NULL) != CSAT_OK || csat_spend_set_params(sp, gg, 3) != CSAT_OK ||
        csat_spend_simulate(sp, 5, x, n, mv, NULL) != CSAT_OK)
        return 2;
    compare("BG/NBD P(alive)", m, run_p_alive, NULL);
    compare("BG/NBD E[X(39)]", m, run_expected, NULL);
    {
        double t500 = 500.0;
        compare("BG/NBD E[X(500)]", m, run_expected, &t500);
    }
    compare("BG/NBD CLV (12 steps)", m, run_clv, sp);
    csat_btyd_free(m);
    if (argc <= 3) {
        if (csat_btyd_new(&m, NULL, CSAT_BTYD_PARETO_NBD) != CSAT_OK || csat_btyd_set_params(m, pn, 4) != CSAT_OK)
            return 2;
        simulate(CSAT_BTYD_PARETO_NBD, pn);
        if (csat_spend_simulate(sp, 5, x, n, mv, NULL) != CSAT_OK)
            return 2;
        compare("Pareto/NBD P(alive)", m, run_p_alive, NULL);
        compare("Pareto/NBD E[X(39)]", m, run_expected, NULL);
        compare("Pareto/NBD CLV (12 steps)", m, run_clv, sp);
        csat_btyd_free(m);
    }
    csat_spend_free(sp);
    free(x);
    free(tx);
    free(T);
    free(mv);
    free(out);
    return 0;
}
