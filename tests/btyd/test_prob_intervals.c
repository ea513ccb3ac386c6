/*
 * Delta-method intervals of P(X(T, T+t) = k | x, t_x, T) and of P(X(t) = k)
 * for new customers (x = t_x = T = 0), csat_btyd_prob_intervals (issue 15
 * §4), against an independent mpmath computation:
 * tests/btyd/prob_intervals_reference.h, made by
 * tests/reference/prob_intervals_mpmath.py -- the covariance from central
 * differences (40 digits) of each kind's published log-likelihood on the
 * data (CDNOW for BG/NBD, MBG/NBD and Pareto/NBD; Fader, Hardie & Shang
 * 2010's donations for BG/BB; ggom_intervals_mpmath.py's covariance for
 * GGom/NBD), P(X = k) from its published form (btyd_pmf_mpmath.py,
 * ggom_pmf_mpmath.py) and its gradient in log(parameters) by central
 * differences at 40 (GGom/NBD 30) digits. Two parameter points per kind
 * (the CDNOW or donations estimates and one more), GGom/NBD one.
 *
 * The rows asked about are appended to the data with weight 0: they add
 * nothing to the information or to the total. Also the analytic gradients
 * (BG/NBD, MBG/NBD, Pareto/NBD) against mpmath's and, on the branches
 * mpmath's rows do not reach, against differences
 * (docs/theory/btyd_extensions.rst, 21.3).
 */
#include "csat_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "btyd/btyd_intervals.h"
#include "btyd/btyd_internal.h"
#include "btyd_data.h"
#include "ggom_intervals_data.h"
#include "prob_intervals_reference.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define Z975 1.959963984540054

typedef struct rows {
    double *x, *tx, *T, *w;
    size_t n, n_data;
} rows;

static void rows_alloc(rows *r, size_t n)
{
    r->x = calloc(n, sizeof(double));
    r->tx = calloc(n, sizeof(double));
    r->T = calloc(n, sizeof(double));
    r->w = calloc(n, sizeof(double));
    assert_true(r->x && r->tx && r->T && r->w);
    r->n = 0;
}

static void rows_free(rows *r)
{
    free(r->x), free(r->tx), free(r->T), free(r->w);
}

static void push(rows *r, double x, double tx, double T, double w)
{
    r->x[r->n] = x, r->tx[r->n] = tx, r->T[r->n] = T, r->w[r->n] = w;
    r->n++;
}

/* The data that fix the covariance for kind, then the point's rows with weight 0. */
static void load(rows *r, int point, csat_btyd_kind kind)
{
    double *col[5];
    size_t n, extra = 0;
    for (size_t j = 0; j < N_OF(piv_rows); j++)
        extra += (int)piv_rows[j][0] == point;
    if (kind == CSAT_BTYD_GGOMNBD) {
        rows_alloc(r, N_OF(ggom_iv_data) + extra);
        for (size_t i = 0; i < N_OF(ggom_iv_data); i++)
            push(r, ggom_iv_data[i][0], ggom_iv_data[i][1], ggom_iv_data[i][2], ggom_iv_data[i][3]);
    } else if (kind == CSAT_BTYD_BGBB) {
        n = btyd_read_csv(CSAT_TEST_DATA_DIR "/donations.csv", 4, col);
        assert_int_equal(n, 22);
        rows_alloc(r, n + extra);
        for (size_t i = 0; i < n; i++)
            push(r, col[0][i], col[1][i], col[2][i], col[3][i]);
        for (int j = 0; j < 4; j++)
            free(col[j]);
    } else {
        n = btyd_read_csv(CSAT_TEST_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", 5, col);
        assert_int_equal(n, 2357);
        rows_alloc(r, n + extra);
        for (size_t i = 0; i < n; i++)
            push(r, col[1][i], col[2][i], col[3][i], 1.0);
        for (int j = 0; j < 5; j++)
            free(col[j]);
    }
    r->n_data = r->n;
    for (size_t j = 0; j < N_OF(piv_rows); j++)
        if ((int)piv_rows[j][0] == point)
            push(r, piv_rows[j][2], piv_rows[j][3], piv_rows[j][4], 0.0);
}

/* The standard error behind a delta interval: logit scale per row, log
 * scale for the total (csat.h). */
static double se_from_bounds(int prob, double f, double hi)
{
    if (prob)
        return (log(hi / (1 - hi)) - log(f / (1 - f))) * f * (1 - f) / Z975;
    return log(hi / f) * f / Z975;
}

static double rel(double a, double b)
{
    return fabs(a - b) / fabs(b);
}

/* worst relative differences per kind: estimate, se, bounds */
typedef struct worst {
    double e, se, b;
} worst;

/*
 * Tolerances (relative): the estimates 1e-12 (the library's pmf against
 * mpmath's; measured 7.2e-14), the standard errors 1e-8 and the bounds 3e-9
 * for the four-parameter kinds (measured 3.8e-9 and 6.8e-10: the library's
 * covariance is a central difference of its analytic log-likelihood
 * gradient, ~1e-9; the pmf gradient analytic for BG/NBD and MBG/NBD,
 * ~1e-12, and for Pareto/NBD but for differences in r and s, ~1e-11, a
 * Richardson difference with h = 1e-3 for BG/BB and GGom/NBD, ~1e-10),
 * GGom/NBD's se 2e-7 and bounds 3e-8 (measured 3.1e-8 and 5.9e-9: both
 * sides' Hessians are differences of a quadrature likelihood, mpmath's at
 * 20 digits with step 1e-4, ~1e-9; test_ggom_intervals.c).
 */
static void check_point(size_t p, worst *wk)
{
    const int point = (int)piv_points[p][0];
    const csat_btyd_kind kind = (csat_btyd_kind)piv_points[p][1];
    const int ggom = kind == CSAT_BTYD_GGOMNBD;
    const double tol_se = ggom ? 2e-7 : 1e-8, tol_b = ggom ? 3e-8 : 3e-9;
    rows r;
    csat_btyd_model *m = NULL;
    load(&r, point, kind);
    double *e = malloc(r.n * sizeof *e), *lo = malloc(r.n * sizeof *lo), *hi = malloc(r.n * sizeof *hi);
    assert_true(e && lo && hi);
    assert_int_equal(csat_btyd_new(&m, NULL, kind), CSAT_OK);
    assert_int_equal(csat_btyd_set_params(m, piv_points[p] + 2, ggom ? 5 : 4), CSAT_OK);
    for (size_t a = 0; a < N_OF(piv_ref); a++) {
        const double *ref = piv_ref[a];
        double tot[3];
        if ((int)ref[0] != point || (a > 0 && piv_ref[a - 1][0] == ref[0] && piv_ref[a - 1][1] == ref[1] &&
                                     piv_ref[a - 1][2] == ref[2]))
            continue; /* one call per (t, k): its first row */
        csat_assert_status(csat_btyd_prob_intervals(m, ref[1], ref[2], r.x, r.tx, r.T, r.w, r.n, NULL, e, lo,
                                                    hi, tot),
                           CSAT_OK);
        for (size_t b = a; b < N_OF(piv_ref) && piv_ref[b][0] == ref[0] && piv_ref[b][1] == ref[1] &&
                           piv_ref[b][2] == ref[2];
             b++) {
            const double *q = piv_ref[b];
            const size_t i = r.n_data + (size_t)q[3];
            const double se = se_from_bounds(1, e[i], hi[i]);
            wk->e = fmax(wk->e, rel(e[i], q[4]));
            wk->se = fmax(wk->se, rel(se, q[10]));
            wk->b = fmax(wk->b, fmax(rel(lo[i], q[11]), rel(hi[i], q[12])));
            if (!(rel(e[i], q[4]) <= 1e-12 && rel(se, q[10]) <= tol_se && rel(lo[i], q[11]) <= tol_b &&
                  rel(hi[i], q[12]) <= tol_b))
                fail_msg("point %d t %g k %g row %g: estimate %.17g (%.17g), se %.17g (%.17g), lower %.17g "
                         "(%.17g), upper %.17g (%.17g)",
                         point, q[1], q[2], q[3], e[i], q[4], se, q[10], lo[i], q[11], hi[i], q[12]);
        }
        for (size_t b = 0; b < N_OF(piv_total); b++) {
            const double *q = piv_total[b];
            if ((int)q[0] != point || q[1] != ref[1] || q[2] != ref[2])
                continue;
            const double se = se_from_bounds(0, tot[0], tot[2]);
            wk->e = fmax(wk->e, rel(tot[0], q[3]));
            wk->se = fmax(wk->se, rel(se, q[4]));
            wk->b = fmax(wk->b, fmax(rel(tot[1], q[5]), rel(tot[2], q[6])));
            if (!(rel(tot[0], q[3]) <= 1e-12 && rel(se, q[4]) <= tol_se && rel(tot[1], q[5]) <= tol_b &&
                  rel(tot[2], q[6]) <= tol_b))
                fail_msg("point %d t %g k %g total: %.17g (%.17g), se %.17g (%.17g), lower %.17g (%.17g), "
                         "upper %.17g (%.17g)",
                         point, q[1], q[2], tot[0], q[3], se, q[4], tot[1], q[5], tot[2], q[6]);
        }
    }
    csat_btyd_free(m);
    free(e), free(lo), free(hi);
    rows_free(&r);
}

static void test_against_mpmath(void **state)
{
    static const char *names[5] = {"BG/NBD", "Pareto/NBD", "MBG/NBD", "BG/BB", "GGom/NBD"};
    worst w[5];
    int seen[5] = {0};
    (void)state;
    memset(w, 0, sizeof w);
    for (size_t p = 0; p < N_OF(piv_points); p++) {
        const int kind = (int)piv_points[p][1];
        check_point(p, &w[kind]);
        seen[kind] = 1;
    }
    for (int k = 0; k < 5; k++)
        if (seen[k])
            print_message("%-10s worst relative difference from mpmath: estimate %.2g, se %.2g, bounds %.2g\n",
                          names[k], w[k].e, w[k].se, w[k].b);
}

/* BG/NBD, MBG/NBD and Pareto/NBD's analytic gradient of P(X = k)
 * (btyd_intervals_grad.c; Pareto/NBD: Richardson in r and s) against
 * mpmath's: the value to 1e-12, each component to 1e-10 of the
 * largest (measured: see the message). */
static void test_gradient(void **state)
{
    double worst_v = 0, worst_g = 0;
    (void)state;
    for (size_t a = 0; a < N_OF(piv_ref); a++) {
        const double *q = piv_ref[a];
        const double *pt = NULL, *row = NULL;
        double g[4], gmax = 0;
        for (size_t p = 0; p < N_OF(piv_points); p++)
            if (piv_points[p][0] == q[0])
                pt = piv_points[p];
        for (size_t j = 0; j < N_OF(piv_rows); j++)
            if (piv_rows[j][0] == q[0] && piv_rows[j][1] == q[3])
                row = piv_rows[j] + 2;
        assert_non_null(pt);
        assert_non_null(row);
        const csat_btyd_kind kind = (csat_btyd_kind)pt[1];
        assert_int_equal(csat__iv_has_analytic(kind, IV_Q_PROB),
                         kind == CSAT_BTYD_BGNBD || kind == CSAT_BTYD_MBGNBD || kind == CSAT_BTYD_PARETO_NBD);
        if (!csat__iv_has_analytic(kind, IV_Q_PROB))
            continue;
        const double v = csat__iv_prob_grad_row(kind, q[1], q[2], pt + 2, row[0], row[1], row[2], g);
        for (int j = 0; j < 4; j++)
            gmax = fmax(gmax, fabs(q[5 + j]));
        worst_v = fmax(worst_v, rel(v, q[4]));
        if (!(rel(v, q[4]) <= 1e-12))
            fail_msg("point %g t %g k %g row %g: value %.17g vs %.17g", q[0], q[1], q[2], q[3], v, q[4]);
        for (int j = 0; j < 4; j++) {
            const double e = fabs(g[j] - q[5 + j]) / gmax;
            worst_g = fmax(worst_g, e);
            if (!(e <= 1e-10))
                fail_msg("point %g t %g k %g row %g, component %d: %.17g vs %.17g (%.3g)", q[0], q[1], q[2], q[3],
                         j, g[j], q[5 + j], e);
        }
    }
    print_message("analytic P(X = k) gradient: worst value %.2g, gradient %.2g of the largest component\n",
                  worst_v, worst_g);
}

/* The library's conditional pmf of kind 0 (BG/NBD), 1 (Pareto/NBD) or 2 (MBG/NBD). */
static double prob_cond(int kind, const double *p, double t, double k, double x, double tx, double T)
{
    return kind == CSAT_BTYD_PARETO_NBD ? csat__pnbd_prob_cond(p, t, k, x, tx, T)
                                        : csat__bgnbd_prob_cond(p, t, k, x, tx, T, kind == CSAT_BTYD_MBGNBD);
}

/* The branches the mpmath rows do not reach -- BG/NBD's dT_k/dR by the head
 * sum (T_k >= 1/2) and by a difference where either sum would pass 4,000
 * terms (z near 1: t >> alpha; k > 4,000); Pareto/NBD's dead part by the
 * quadrature in log tau (alpha and beta far apart) -- against
 * Richardson-extrapolated central differences of the library's conditional
 * pmf in theta (h = 1e-4: truncation ~1e-16, rounding ~1e-16 / h = 1e-12):
 * each component to 1e-7 of the largest, or of 1e-4 where the largest is
 * smaller (the rounding floor). */
static void test_gradient_branches(void **state)
{
    static const double ps[][4] = {{0.2425, 4.4135, 0.7929, 2.4258}, {0.05, 1e-3, 0.5, 0.7}, {3, 0.2, 2, 5}};
    static const double pn[][4] = {{0.5534, 10.5802, 0.6061, 11.6562}, {0.5, 1e-3, 2, 50}, {2, 30, 0.5, 1e-2}};
    static const double hist[][3] = {{0, 0, 0}, {2, 30.43, 38.86}, {25, 36, 39}, {1, 1e-3, 1000}};
    static const double ts[] = {39, 1e3, 1e5}, ks[] = {0, 1, 30, 200, 5000};
    double wg = 0;
    (void)state;
    for (int kind = CSAT_BTYD_BGNBD; kind <= CSAT_BTYD_MBGNBD; kind++)
        for (size_t ip = 0; ip < N_OF(ps); ip++)
            for (size_t ir = 0; ir < N_OF(hist); ir++)
                for (size_t it = 0; it < N_OF(ts); it++)
                    for (size_t ik = 0; ik < N_OF(ks); ik++) {
                        const double *p = kind == CSAT_BTYD_PARETO_NBD ? pn[ip] : ps[ip];
                        const double x = hist[ir][0], tx = hist[ir][1], T = hist[ir][2], t = ts[it], k = ks[ik];
                        double g[4], gn[4], gmax = 0;
                        if (kind == CSAT_BTYD_PARETO_NBD && (k > 200 || t > 1e3))
                            continue; /* the differences' cost */
                        const double v = csat__iv_prob_grad_row((csat_btyd_kind)kind, t, k, p, x, tx, T, g);
                        const double v0 = prob_cond(kind, p, t, k, x, tx, T);
                        if (v0 < 1e-250)
                            continue;
                        csat_assert_close(v, v0, 1e-13, 1e-300);
                        for (int j = 0; j < 4; j++) {
                            double q[4] = {p[0], p[1], p[2], p[3]}, d[2];
                            for (int half = 0; half < 2; half++) {
                                const double h = half ? 5e-5 : 1e-4;
                                q[j] = p[j] * exp(h);
                                const double fa = prob_cond(kind, q, t, k, x, tx, T);
                                q[j] = p[j] * exp(-h);
                                const double fb = prob_cond(kind, q, t, k, x, tx, T);
                                q[j] = p[j];
                                d[half] = (fa - fb) / (2 * h);
                            }
                            gn[j] = (4 * d[1] - d[0]) / 3;
                            gmax = fmax(gmax, fabs(gn[j]));
                        }
                        for (int j = 0; j < 4; j++) {
                            const double e = fabs(g[j] - gn[j]) / fmax(gmax, 1e-4);
                            wg = fmax(wg, e);
                            if (!(e <= 1e-7))
                                fail_msg("kind %d params %zu row %zu t %g k %g component %d: %.17g vs %.17g (%.3g)",
                                         kind, ip, ir, t, k, j, g[j], gn[j], e);
                        }
                    }
    print_message("analytic P(X = k) gradient against differences: worst %.2g of the largest component\n", wg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_mpmath),
        cmocka_unit_test(test_gradient),
        cmocka_unit_test(test_gradient_branches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
