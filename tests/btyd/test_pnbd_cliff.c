/*
 * Pareto/NBD near its cliff (issue 18 §3): the log-likelihood, gradient and
 * Hessian where the library integrates instead of summing its series
 * (src/btyd/btyd_pnbd_quad.c; docs/theory/btyd.rst, 12.3), against mpmath at
 * 50 digits (tests/btyd/pnbd_cliff_deriv_reference.h, made by
 * tests/reference/pnbd_cliff_deriv_mpmath.py: the closed form through
 * hyp2f1, each checked against a direct quadrature); the series and the
 * quadrature against each other where both hold (the switch is continuous);
 * and fits that start in the cliff region reaching the optimum whose
 * gradient mpmath checks (tests/reference/pnbd_cliff_fit_mpmath.py).
 */
#include "csat_test.h"

#include "btyd/btyd_pnbd_series.h"
#include "btyd_data.h"
#include "pnbd_cliff_deriv_reference.h"
#include "pnbd_cliff_fit_reference.h"
#include "pnbd_cliff_sim.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static char where[160]; /* what a failure message names besides the row */

/* |a - b| <= tol * scale */
static void close_scaled(double a, double b, double scale, double tol, const char *what, size_t row, int i)
{
    if (!(fabs(a - b) <= tol * scale)) {
        print_error("%s row %zu [%d]%s: %.17g vs %.17g (scale %.3g, tol %.1e) err %.2e\n", what, row, i, where, a, b,
                    scale, tol, fabs(a - b) / scale);
        fail();
    }
}

/*
 * One customer at a time (no shared sums): LL to 1e-12 relative (with 1e-12
 * absolute for values near 0), the gradient and the Hessian in
 * log-parameter units (p_i g_i, p_i p_j H_ij) to 1e-10 of the largest entry
 * (with 1e-10 of max(1, |LL|)). Every path is taken by some row.
 */
static void test_cliff_against_mpmath(void **state)
{
    int paths[3] = {0, 0, 0};
    (void)state;
    for (size_t i = 0; i < N_OF(pnbd_cliff_deriv); i++) {
        const double *r = pnbd_cliff_deriv[i], *p = r, *gr = r + 8, *hr = r + 12;
        csat__btyd_rows rows = {&r[4], &r[5], &r[6], NULL, 1};
        double g[4], g2[4], h[16], ll, ll2, gs = 0.0, hs = 0.0;
        paths[csat__pnbd_row_path(p, r[4], r[5], r[6], 0)]++;
        ll = csat__pnbd_loglik(p, &rows, g);
        ll2 = csat__pnbd_loglik_hess(p, &rows, g2, h);
        close_scaled(ll, r[7], fmax(1.0, fabs(r[7])), 1e-12, "LL", i, 0);
        close_scaled(ll2, r[7], fmax(1.0, fabs(r[7])), 1e-12, "LL (Hessian path)", i, 0);
        for (int a = 0; a < 4; a++) {
            gs = fmax(gs, fabs(p[a] * gr[a]));
            for (int b = 0; b < 4; b++)
                hs = fmax(hs, fabs(p[a] * p[b] * hr[4 * a + b]));
        }
        gs = fmax(gs, fmax(1.0, fabs(r[7])));
        hs = fmax(hs, fmax(1.0, fabs(r[7])));
        for (int a = 0; a < 4; a++) {
            close_scaled(p[a] * g[a], p[a] * gr[a], gs, 1e-10, "gradient", i, a);
            close_scaled(p[a] * g2[a], p[a] * gr[a], gs, 1e-10, "gradient (Hessian path)", i, a);
            for (int b = 0; b < 4; b++)
                close_scaled(p[a] * p[b] * h[4 * a + b], p[a] * p[b] * hr[4 * a + b], hs, 1e-10, "Hessian", i,
                             4 * a + b);
        }
    }
    /* the reference covers the series, the panels and the Gauss-Laguerre rule */
    assert_true(paths[0] > 0 && paths[1] > 0 && paths[2] > 0);
}

/* The same rows summed per parameter set (several rows: the x = 0 rows
 * share their rho = 0 sums where they take the series). */
static void test_cliff_sums(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(pnbd_cliff_deriv);) {
        const double *p = pnbd_cliff_deriv[i];
        double x[16], tx[16], T[16], ref = 0.0, gref[4] = {0}, g[4], g2[4], h[16], ll, ll2;
        size_t n = 0;
        for (; i < N_OF(pnbd_cliff_deriv) && memcmp(pnbd_cliff_deriv[i], p, 4 * sizeof(double)) == 0 && n < 16;
             i++, n++) {
            const double *r = pnbd_cliff_deriv[i];
            x[n] = r[4], tx[n] = r[5], T[n] = r[6], ref += r[7];
            for (int a = 0; a < 4; a++)
                gref[a] += r[8 + a];
        }
        {
            csat__btyd_rows rows = {x, tx, T, NULL, n};
            ll = csat__pnbd_loglik(p, &rows, g);
            ll2 = csat__pnbd_loglik_hess(p, &rows, g2, h);
        }
        close_scaled(ll, ref, fmax(1.0, fabs(ref)), 1e-12, "summed LL", i, 0);
        close_scaled(ll2, ref, fmax(1.0, fabs(ref)), 1e-12, "summed LL (Hessian path)", i, 0);
        for (int a = 0; a < 4; a++) {
            double sc = fmax(1.0, fabs(ref));
            for (int b = 0; b < 4; b++)
                sc = fmax(sc, fabs(p[b] * gref[b]));
            close_scaled(p[a] * g[a], p[a] * gref[a], sc, 1e-10, "summed gradient", i, a);
            close_scaled(p[a] * g2[a], p[a] * gref[a], sc, 1e-10, "summed gradient (Hessian path)", i, a);
        }
    }
}

/* max |a - b| / scale into *worst */
static void track(double a, double b, double scale, double *worst)
{
    const double e = fabs(a - b) / scale;
    if (!(e <= *worst))
        *worst = isnan(e) ? INFINITY : e;
}

/*
 * Continuity across the switch: where the series is still affordable
 * (up to ~1e5 terms), the series and the quadrature (Gauss-Laguerre or
 * panels, whichever the row would take) give the same LL, gradient and
 * Hessian, on a grid of shapes 3..3000 and of alpha/beta ratios 1.02..60
 * on both sides of the cliff, for CDNOW-like customers: LL to 1e-11
 * relative, gradient to 1e-9 and Hessian to 2e-6 (log-parameter units,
 * relative to the largest entry or max(1, |LL|)). The derivatives differ
 * by more than the LL because the series loses digits at large shapes
 * (E[B^2] - E[B]^2 and -log(m+t_x) + d log S/dv cancel, and its Hessian
 * sums stop on a looser test): at r 30, alpha 640, s 3000, beta 32, x = 0,
 * T = 38 the s-gradient is 5.00066459094e-4 by mpmath (50 digits),
 * 5.00066458908e-4 by the quadrature and 5.00066572151e-4 by the series,
 * and the s-s Hessian (log units) -1.00019916964e-3, -1.00019916964e-3 and
 * -1.00078065179e-3. The quadrature is the side the mpmath test above
 * checks to 1e-10.
 */
static void test_cliff_switch_continuous(void **state)
{
    static const double sh[] = {3.0, 30.0, 300.0, 3000.0}, ratio[] = {1.02, 1.5, 4.0, 20.0, 60.0};
    static const double x[] = {0, 1, 2, 5, 10, 0, 3}, tx[] = {0, 0.5, 20.5, 30, 38, 0, 7.25},
                        T[] = {38, 30, 38.5, 35, 39, 27.3, 7.5};
    size_t checked = 0;
    double wl = 0.0, wg = 0.0, wh = 0.0;
    (void)state;
    for (size_t a = 0; a < N_OF(sh); a++)
        for (size_t b = 0; b < N_OF(sh); b++)
            for (size_t k = 0; k < N_OF(ratio); k++)
                for (int side = 0; side < 2; side++)
                    for (int shared = 0; shared < 2; shared++) {
                        const double n = 2.0 + 10.0 * (double)b;
                        const double p[4] = {sh[a], side ? n : n * ratio[k], sh[b], side ? n * ratio[k] : n};
                        const double z = fabs(p[1] - p[3]) / fmax(p[1], p[3]), v = side ? sh[a] + 10.0 : sh[b] + 1.0;
                        csat__btyd_rows rows = {x, tx, T, NULL, shared ? N_OF(x) : 1};
                        if ((v * z + 9.0 * sqrt(v * z) + 40.0) / (1.0 - z) > 1e5)
                            continue; /* the series would be too long to be a reference */
                        for (size_t i = 0; i < (shared ? 1 : N_OF(x)); i++) {
                            csat__btyd_rows one = {&x[i], &tx[i], &T[i], NULL, 1};
                            const csat__btyd_rows *rr = shared ? &rows : &one;
                            double g1[4], h1[16], g2[4], h2[16], g3[4], l1, l2, l3, gs = 0.0, hs = 0.0;
                            l1 = csat__pnbd_loglik_hess_force(p, rr, g1, h1, 1);
                            l2 = csat__pnbd_loglik_hess_force(p, rr, g2, h2, 2);
                            l3 = csat__pnbd_loglik_force(p, rr, g3, 2); /* the gradient-only path */
                            for (int c = 0; c < 4; c++) {
                                gs = fmax(gs, fabs(p[c] * g1[c]));
                                for (int d = 0; d < 4; d++)
                                    hs = fmax(hs, fabs(p[c] * p[d] * h1[4 * c + d]));
                            }
                            gs = fmax(gs, fmax(1.0, fabs(l1)));
                            hs = fmax(hs, fmax(1.0, fabs(l1)));
                            track(l2, l1, fmax(1.0, fabs(l1)), &wl);
                            track(l3, l1, fmax(1.0, fabs(l1)), &wl);
                            for (int c = 0; c < 4; c++) {
                                track(p[c] * g2[c], p[c] * g1[c], gs, &wg);
                                track(p[c] * g3[c], p[c] * g1[c], gs, &wg);
                                for (int d = 0; d < 4; d++)
                                    track(p[c] * p[d] * h2[4 * c + d], p[c] * p[d] * h1[4 * c + d], hs, &wh);
                            }
                            checked++;
                        }
                    }
    printf("series vs quadrature over %zu cases: LL %.1e, gradient %.1e, Hessian %.1e\n", checked, wl, wg, wh);
    assert_true(checked > 500);
    assert_true(wl <= 1e-11);
    assert_true(wg <= 1e-9);
    assert_true(wh <= 2e-6);
}

static void sim_columns(double *x, double *tx, double *T)
{
    for (size_t i = 0; i < N_OF(pnbd_cliff_sim); i++)
        x[i] = pnbd_cliff_sim[i][0], tx[i] = pnbd_cliff_sim[i][1], T[i] = pnbd_cliff_sim[i][2];
}

/*
 * Fits that start in the cliff region (shapes 1e3..1e4 with alpha == beta or
 * beta << alpha) on data whose optimum is itself near the cliff (2,000
 * simulated customers, z ~ 0.96 at the optimum) reach the same optimum as
 * the built-in start, and there the mpmath gradient (50 digits) is 0 to
 * 1e-7 of |LL| in log-parameter units; the library's LL there equals
 * mpmath's to 1e-12. The time of these fits is in tests/bench/bench_pnbd_cliff.c.
 */
static void test_cliff_fit(void **state)
{
    static const double starts[][4] = {{0, 0, 0, 0},         {1e3, 1e2, 1e3, 1e2}, {1e3, 1e3, 1e3, 1e3},
                                       {1e4, 1e3, 1e4, 1e3}, {0.5, 10, 1e3, 0.01}, {80, 80, 60, 1200}};
    const size_t n = N_OF(pnbd_cliff_sim);
    double *x = malloc(3 * n * sizeof *x), *tx = x + n, *T = tx + n, p0[4], ll;
    csat__btyd_rows rows = {NULL, NULL, NULL, NULL, 0};
    (void)state;
    assert_non_null(x);
    sim_columns(x, tx, T);
    rows.x = x, rows.tx = tx, rows.T = T, rows.n = n;
    /* the reference point: LL to 1e-12, gradient ~ 0 */
    ll = csat__pnbd_loglik(pnbd_cliff_fit_opt, &rows, NULL);
    csat_assert_close(ll, pnbd_cliff_fit_ll, 1e-12, 0);
    for (int a = 0; a < 4; a++)
        assert_true(fabs(pnbd_cliff_fit_opt[a] * pnbd_cliff_fit_grad[a]) <= 1e-7 * fabs(pnbd_cliff_fit_ll));
    for (size_t k = 0; k < N_OF(starts); k++) {
        csat_btyd_model *m;
        csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
        csat_fit_report rep;
        double p[4], l;
        if (k)
            o.start = starts[k];
        assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_PARETO_NBD), CSAT_OK);
        assert_int_equal(csat_btyd_fit(m, x, tx, T, NULL, n, &o), CSAT_OK);
        assert_int_equal(csat_btyd_get_params(m, p, 4), CSAT_OK);
        assert_int_equal(csat_btyd_log_likelihood(m, &l, NULL, NULL), CSAT_OK);
        assert_int_equal(csat_btyd_fit_report(m, &rep), CSAT_OK);
        assert_true(rep.converged);
        if (k == 0) {
            printf("optimum from the built-in start: %.17g %.17g %.17g %.17g, LL %.17g\n", p[0], p[1], p[2], p[3], l);
            memcpy(p0, p, sizeof p0);
        }
        /* the same maximum: LL to 1e-13; r, alpha (well determined) to
         * 1e-8, s, beta (standard errors 4x and 4x their values) to 1e-5 */
        csat_assert_close(l, pnbd_cliff_fit_ll, 1e-13, 0);
        csat_assert_close(p[0], pnbd_cliff_fit_opt[0], 1e-8, 0);
        csat_assert_close(p[1], pnbd_cliff_fit_opt[1], 1e-8, 0);
        csat_assert_close(p[2], pnbd_cliff_fit_opt[2], 1e-5, 0);
        csat_assert_close(p[3], pnbd_cliff_fit_opt[3], 1e-5, 0);
        csat_btyd_free(m);
    }
    (void)p0;
    free(x);
}

/* CDNOW (an ordinary optimum: r 0.55, alpha 10.6, s 0.61, beta 11.7, as
 * published; test_btyd.c) from cliff starts: the built-in start's maximum,
 * LL to 1e-12 and every parameter to 1e-6. */
static void test_cliff_fit_cdnow(void **state)
{
    static const double starts[][4] = {{1e3, 1e2, 1e3, 1e2}, {1e4, 1e4, 1e4, 1e4}, {0.5, 10, 1e3, 0.01}};
    double *c[4], p0[4], l0;
    size_t n = btyd_read_csv(CSAT_TEST_DATA_DIR "/cdnow_customers_summary.csv", 4, c);
    csat_btyd_model *m;
    (void)state;
    assert_int_equal(n, 2357);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_PARETO_NBD), CSAT_OK);
    assert_int_equal(csat_btyd_fit(m, c[1], c[2], c[3], NULL, n, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_get_params(m, p0, 4), CSAT_OK);
    assert_int_equal(csat_btyd_log_likelihood(m, &l0, NULL, NULL), CSAT_OK);
    csat_assert_close(p0[0], 0.55, 0.01, 0);
    for (size_t k = 0; k < N_OF(starts); k++) {
        csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
        double p[4], l;
        o.start = starts[k];
        assert_int_equal(csat_btyd_fit(m, c[1], c[2], c[3], NULL, n, &o), CSAT_OK);
        assert_int_equal(csat_btyd_get_params(m, p, 4), CSAT_OK);
        assert_int_equal(csat_btyd_log_likelihood(m, &l, NULL, NULL), CSAT_OK);
        csat_assert_close(l, l0, 1e-12, 0);
        for (int a = 0; a < 4; a++)
            csat_assert_close(p[a], p0[a], 1e-6, 0);
    }
    csat_btyd_free(m);
    for (int j = 0; j < 4; j++)
        free(c[j]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cliff_against_mpmath),
        cmocka_unit_test(test_cliff_sums),
        cmocka_unit_test(test_cliff_switch_continuous),
        cmocka_unit_test(test_cliff_fit),
        cmocka_unit_test(test_cliff_fit_cdnow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
