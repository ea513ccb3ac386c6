/*
 * Cost per value of the BTYD probabilities of k purchases (issues 11, 12):
 * csat_btyd_prob_purchases over the valid-input sweep's grid (every
 * parameter in {1e-6, 1e-3, 1, 1e3, 1e6}, t in {1, 1e3, 1e6}, k in {0, 1,
 * 100, 1e4}; BG/BB at n = 1e6 opportunities), and
 * csat_btyd_prob_purchases_cond for synthetic customers. Prints the mean
 * and the largest CPU time per value; asserts nothing (before branch pmf:
 * BG/NBD and MBG/NBD 0.1-0.45 s per value at r < 0.1, BG/BB 0.17 s at
 * n = 1e6).
 */
#define _POSIX_C_SOURCE 200809L
#include <csat.h>

#include "bench_util.h"

#include <stdio.h>

static const char *const KIND[] = {"BG/NBD", "Pareto/NBD", "MBG/NBD", "BG/BB"};

static void grid(csat_btyd_kind kind, const double *ts, size_t nt)
{
    static const double pv[] = {1e-6, 1e-3, 1, 1e3, 1e6};
    static const double ks[] = {0, 1, 100, 1e4};
    csat_btyd_model *m;
    double total = 0.0, worst = 0.0, wp[4] = {0}, wt = 0;
    long n = 0;
    if (csat_btyd_new(&m, NULL, kind) != CSAT_OK)
        return;
    for (int i = 0; i < 625; i++) {
        const double p[4] = {pv[i % 5], pv[i / 5 % 5], pv[i / 25 % 5], pv[i / 125]};
        if (csat_btyd_set_params(m, p, 4) != CSAT_OK)
            continue;
        for (size_t j = 0; j < nt; j++)
            for (size_t k = 0; k < 4; k++) {
                double out;
                const double t0 = cpu_now();
                csat_status st = csat_btyd_prob_purchases(m, ts[j], &ks[k], 1, &out);
                const double dt = cpu_now() - t0;
                if (st != CSAT_OK)
                    continue;
                total += dt, n++;
                if (dt > worst)
                    worst = dt, wt = ts[j], wp[0] = p[0], wp[1] = p[1], wp[2] = p[2], wp[3] = p[3];
            }
    }
    printf("%-7s P(X(t) = k): %ld values, mean %.1f us, max %.2f ms (at {%g, %g, %g, %g}, t %g)\n", KIND[kind],
           n, 1e6 * total / (double)n, 1e3 * worst, wp[0], wp[1], wp[2], wp[3], wt);
    csat_btyd_free(m);
}

static void cond(csat_btyd_kind kind, const double *p, double t)
{
    enum { N = 2000 };
    static double x[N], tx[N], T[N], out[N];
    uint64_t s = 42;
    csat_btyd_model *m;
    double t0;
    csat_status st;
    for (int i = 0; i < N; i++) {
        T[i] = kind == CSAT_BTYD_BGBB ? 6.0 : 39.0 * unif(&s);
        x[i] = (double)(int)(unif(&s) * 8.0);
        tx[i] = x[i] > 0 ? (kind == CSAT_BTYD_BGBB ? (double)(int)(x[i] + unif(&s) * (T[i] - x[i])) : T[i] * unif(&s)) : 0.0;
        if (kind == CSAT_BTYD_BGBB && x[i] > T[i])
            x[i] = tx[i] = T[i];
    }
    if (csat_btyd_new(&m, NULL, kind) != CSAT_OK || csat_btyd_set_params(m, p, 4) != CSAT_OK)
        return;
    t0 = cpu_now();
    st = csat_btyd_prob_purchases_cond(m, t, 2.0, x, tx, T, N, out);
    printf("%-10s P(X(T, T+%g) = 2 | x, t_x, T): %.1f us per customer (status %d)\n", KIND[kind], t,
           1e6 * (cpu_now() - t0) / N, st);
    csat_btyd_free(m);
}

int main(void)
{
    static const double t_cont[] = {1, 1e3, 1e6}, t_bb[] = {1e6};
    grid(CSAT_BTYD_BGNBD, t_cont, 3);
    grid(CSAT_BTYD_MBGNBD, t_cont, 3);
    grid(CSAT_BTYD_BGBB, t_bb, 1);
    cond(CSAT_BTYD_BGNBD, (const double[]){0.243, 4.414, 0.793, 2.426}, 39);
    cond(CSAT_BTYD_MBGNBD, (const double[]){0.525, 6.183, 0.891, 1.614}, 39);
    cond(CSAT_BTYD_PARETO_NBD, (const double[]){0.553, 10.58, 0.606, 11.67}, 39);
    cond(CSAT_BTYD_BGBB, (const double[]){1.204, 0.750, 0.657, 2.783}, 5);
    return 0;
}
