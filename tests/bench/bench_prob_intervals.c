/*
 * Delta-method intervals of P(X(T, T+39) = k | x, t_x, T) on CDNOW (2,357
 * customers; issue 15 §4): CPU time per csat_btyd_prob_intervals call with
 * BG/NBD's, Pareto/NBD's and MBG/NBD's analytic gradient, against the
 * numerical path it replaced, reproduced here through public calls exactly
 * as the library ran it (the estimate pass, csat_btyd_chunk_hessian, then
 * 16 passes of csat_btyd_prob_purchases_cond at theta +- h, +- h/2 for the
 * Richardson differences), interleaved in one process, with the ratio; and
 * the largest relative difference between the two paths' bounds.
 * Run: meson test -C build --benchmark -v prob_intervals
 *      (or build/tests/bench/bench_prob_intervals [seconds per side])
 */
#include "csat.h"
#include "btyd_data.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu(void) { return (double)clock() / CLOCKS_PER_SEC; }

typedef struct cols {
    double *x, *tx, *T;
    size_t n;
} cols;

/* The numerical path: the estimates, the Hessian and 16 shifted passes
 * (the bounds themselves are computed as the library does; z = 1.96). */
static int numeric(csat_btyd_model *m, csat_btyd_model *scratch, const cols *c, double t, double k, double *f0,
                   double *fa, double *fb, double *g, double *lo, double *hi)
{
    double p[4], q[4], ll, gr[4], h[16], info[16], cov[16];
    const size_t n = c->n;
    if (csat_btyd_get_params(m, p, 4) || csat_btyd_prob_purchases_cond(m, t, k, c->x, c->tx, c->T, n, f0))
        return 1;
    if (csat_btyd_chunk_hessian(csat_btyd_get_kind(m), p, c->x, c->tx, c->T, NULL, n, &ll, gr, h, NULL))
        return 1;
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++)
            info[a * 4 + b] = -(p[a] * p[b] * h[a * 4 + b] + (a == b ? p[a] * gr[a] : 0.0));
    /* 4 x 4 inverse by Gauss-Jordan (positive definite: no pivoting) */
    for (int a = 0; a < 16; a++)
        cov[a] = (a % 5 == 0);
    for (int a = 0; a < 4; a++) {
        const double d = info[a * 5];
        for (int b = 0; b < 4; b++)
            info[a * 4 + b] /= d, cov[a * 4 + b] /= d;
        for (int r = 0; r < 4; r++) {
            if (r == a)
                continue;
            const double f = info[r * 4 + a];
            for (int b = 0; b < 4; b++)
                info[r * 4 + b] -= f * info[a * 4 + b], cov[r * 4 + b] -= f * cov[a * 4 + b];
        }
    }
    for (int j = 0; j < 4; j++) {
        for (int half = 0; half < 2; half++) {
            const double hh = half ? 5e-4 : 1e-3;
            for (int i = 0; i < 4; i++)
                q[i] = p[i];
            q[j] = exp(log(p[j]) + hh);
            if (csat_btyd_set_params(scratch, q, 4) ||
                csat_btyd_prob_purchases_cond(scratch, t, k, c->x, c->tx, c->T, n, fa))
                return 1;
            q[j] = exp(log(p[j]) - hh);
            if (csat_btyd_set_params(scratch, q, 4) ||
                csat_btyd_prob_purchases_cond(scratch, t, k, c->x, c->tx, c->T, n, fb))
                return 1;
            for (size_t i = 0; i < n; i++) {
                const double d = (fa[i] - fb[i]) / (2 * hh);
                g[i * 4 + j] = half ? (4 * d - g[i * 4 + j]) / 3 : d;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        double v = 0.0;
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++)
                v += g[i * 4 + a] * cov[a * 4 + b] * g[i * 4 + b];
        const double f = f0[i], se = sqrt(v > 0 ? v : 0), l = log(f / (1 - f)), s = se / (f * (1 - f));
        lo[i] = f > 0 && f < 1 ? 1 / (1 + exp(-(l - 1.959963984540054 * s))) : f;
        hi[i] = f > 0 && f < 1 ? 1 / (1 + exp(-(l + 1.959963984540054 * s))) : f;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const double secs = argc > 1 ? atof(argv[1]) : 1.0;
    double *c[5];
    const size_t n = btyd_read_csv(CSAT_BENCH_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", 5, c);
    if (n == 0)
        return 1;
    const cols cc = {c[1], c[2], c[3], n};
    double *e = malloc(n * 8), *l = malloc(n * 8), *u = malloc(n * 8), tot[3];
    double *f0 = malloc(n * 8), *fa = malloc(n * 8), *fb = malloc(n * 8), *g = malloc(n * 32);
    double *l2 = malloc(n * 8), *u2 = malloc(n * 8);
    printf("CDNOW, %zu customers, t = 39: CPU ms per delta-method call\n", n);
    for (int kind = CSAT_BTYD_BGNBD; kind <= CSAT_BTYD_MBGNBD; kind++) {
        csat_btyd_model *m, *s;
        if (csat_btyd_new(&m, NULL, kind) || csat_btyd_new(&s, NULL, kind) ||
            csat_btyd_fit(m, c[1], c[2], c[3], NULL, n, NULL))
            return 1;
        for (double k = 0; k <= 5; k += k < 2 ? 1 : 3) {
            double ta = 0, tn = 0, diff = 0;
            int reps = 0;
            /* interleaved: one call of each per round */
            while (ta + tn < 2 * secs || reps < 2) {
                double t0 = cpu();
                if (csat_btyd_prob_intervals(m, 39, k, c[1], c[2], c[3], NULL, n, NULL, e, l, u, tot)) {
                    fprintf(stderr, "%s\n", csat_btyd_last_error(m));
                    return 1;
                }
                ta += cpu() - t0;
                t0 = cpu();
                if (numeric(m, s, &cc, 39, k, f0, fa, fb, g, l2, u2))
                    return 1;
                tn += cpu() - t0;
                reps++;
            }
            for (size_t i = 0; i < n; i++)
                diff = fmax(diff, fmax(fabs(l[i] - l2[i]) / l[i], fabs(u[i] - u2[i]) / u[i]));
            printf("kind %d k = %g  analytic %8.3f ms  numerical %8.3f ms  ratio %.2fx  bounds differ <= %.2g "
                   "(%d rounds)\n",
                   kind, k, 1e3 * ta / reps, 1e3 * tn / reps, tn / ta, diff, reps);
        }
        csat_btyd_free(m);
        csat_btyd_free(s);
    }
    return 0;
}
