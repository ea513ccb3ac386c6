/*
 * Analytic gradients of the delta method (issue 15 §4; src/btyd/
 * btyd_intervals_grad.c) against an independent mpmath computation:
 * tests/btyd/intervals_grad_reference.h, made by
 * tests/reference/intervals_grad.py (each prediction from its published
 * formula -- FHL 2005 for BG/NBD and Pareto/NBD, Batislam et al. 2007 for
 * MBG/NBD, FHL 2005 "RFM and CLV" eq. 5 for Gamma-Gamma -- differentiated
 * by mp.diff at 50 digits). Also: the analytic path agrees with the public
 * delta intervals' numerical path for the kinds that have both.
 * csat_spend_intervals against tests/reference/spend_delta.py (mpmath
 * Hessian of the Gamma-Gamma likelihood on CDNOW), and
 * csat_btyd_prob_intervals' contract (bounds around the estimate, the
 * estimate csat_btyd_prob_purchases_cond's, seeded bootstraps).
 */
#include "csat_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "btyd/btyd_intervals.h"
#include "intervals_grad_reference.h"
#include "btyd_data.h"
#include "spend_intervals_reference.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const csat_btyd_kind kinds[3] = {CSAT_BTYD_BGNBD, CSAT_BTYD_PARETO_NBD, CSAT_BTYD_MBGNBD};

/* Value to 1e-12 relative; each gradient component to 1e-10 of the
 * gradient's largest component (measured: 7e-12; the delta method's SE is
 * g' Cov g). */
static void test_against_mpmath(void **state)
{
    (void)state;
    double worst_v = 0, worst_g = 0;
    for (size_t i = 0; i < N_OF(ivg_ref); i++) {
        const double *row = ivg_ref[i];
        const double *ref_g = row + 11;
        double g[4], v, gmax = 0;
        if (row[0] == 3) {
            v = csat__iv_spend_grad_row(row + 3, row[7], row[1], g);
            g[3] = 0;
        } else {
            csat_btyd_kind k = kinds[(int)row[0]];
            assert_true(csat__iv_has_analytic(k, (csat_btyd_quantity)row[1]));
            v = csat__iv_grad_row(k, (csat_btyd_quantity)row[1], row[2], row + 3, row[7], row[8], row[9], g);
        }
        for (int j = 0; j < 4; j++)
            gmax = fmax(gmax, fabs(ref_g[j]));
        double ev = fabs(v - row[10]) / fabs(row[10]);
        worst_v = fmax(worst_v, ev);
        if (ev > 1e-12)
            fail_msg("row %zu: value %.17g vs %.17g", i, v, row[10]);
        for (int j = 0; j < 4; j++) {
            double e = gmax > 0 ? fabs(g[j] - ref_g[j]) / gmax : fabs(g[j]);
            worst_g = fmax(worst_g, e);
            if (!(e <= 1e-10))
                fail_msg("row %zu (kind %g q %g), component %d: %.17g vs %.17g (%.3g)", i, row[0], row[1],
                         j, g[j], ref_g[j], e);
        }
    }
    print_message("worst relative value error %.3g, gradient error %.3g (%zu rows)\n", worst_v, worst_g,
                  N_OF(ivg_ref));
}

static void test_table(void **state)
{
    (void)state;
    assert_true(csat__iv_has_analytic(CSAT_BTYD_BGNBD, CSAT_PREDICT_P_ALIVE));
    assert_true(csat__iv_has_analytic(CSAT_BTYD_BGNBD, CSAT_PREDICT_DERT));
    assert_true(csat__iv_has_analytic(CSAT_BTYD_MBGNBD, CSAT_PREDICT_DERT));
    assert_false(csat__iv_has_analytic(CSAT_BTYD_GGOMNBD, CSAT_PREDICT_P_ALIVE));
    assert_false(csat__iv_has_analytic(CSAT_BTYD_BGBB, CSAT_PREDICT_P_ALIVE));
    assert_true(csat__iv_has_analytic(CSAT_BTYD_PARETO_NBD, CSAT_PREDICT_DERT));
}

static void test_spend_delta_reference(void **state)
{
    (void)state;
    double *col[5], tot[3], worst = 0;
    size_t n = btyd_read_csv(CSAT_TEST_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", 5, col);
    assert_int_equal(n, 2357);
    double *e = malloc(n * sizeof *e), *lo = malloc(n * sizeof *lo), *hi = malloc(n * sizeof *hi);
    csat_spend_model *s = NULL;
    assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
    assert_int_equal(csat_spend_set_params(s, sp_ref_params, 3), CSAT_OK);
    assert_int_equal(csat_spend_intervals(s, col[1], col[4], NULL, n, NULL, e, lo, hi, tot), CSAT_OK);
    for (size_t i = 0; i < N_OF(sp_ref_rows); i++) {
        size_t r = (size_t)sp_ref_rows[i][0];
        const double got[3] = {e[r], lo[r], hi[r]};
        for (int j = 0; j < 3; j++) {
            double d = fabs(got[j] - sp_ref_rows[i][j + 1]) / sp_ref_rows[i][j + 1];
            worst = fmax(worst, d);
            if (d > 3e-9)
                fail_msg("row %zu column %d: %.17g vs %.17g", r, j, got[j], sp_ref_rows[i][j + 1]);
        }
    }
    for (int j = 0; j < 3; j++) {
        double d = fabs(tot[j] - sp_ref_total[0][j]) / sp_ref_total[0][j];
        worst = fmax(worst, d);
        if (d > 3e-9)
            fail_msg("total %d: %.17g vs %.17g", j, tot[j], sp_ref_total[0][j]);
    }
    print_message("spend delta bounds: worst relative difference from mpmath %.3g (measured 5e-10)\n", worst);
    /* the bootstraps: seeded, around the estimate's neighbourhood */
    {
        csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
        double tot2[3], tot3[3];
        o.method = CSAT_INTERVAL_PARAMETRIC;
        o.n_draws = 200;
        assert_int_equal(csat_spend_intervals(s, col[1], col[4], NULL, n, &o, NULL, NULL, NULL, tot2), CSAT_OK);
        assert_int_equal(csat_spend_intervals(s, col[1], col[4], NULL, n, &o, NULL, NULL, NULL, tot3), CSAT_OK);
        assert_memory_equal(tot2, tot3, sizeof tot2);
        assert_true(tot2[1] < tot2[0] && tot2[0] < tot2[2]);
        assert_true(fabs(tot2[1] - tot[1]) < 0.1 * (tot[2] - tot[1]));
        o.method = CSAT_INTERVAL_RESAMPLE;
        o.n_draws = 50;
        assert_int_equal(csat_spend_fit(s, col[1], col[4], NULL, n, NULL), CSAT_OK);
        assert_int_equal(csat_spend_intervals(s, col[1], col[4], NULL, n, &o, NULL, NULL, NULL, tot2), CSAT_OK);
        assert_true(tot2[1] < tot2[0] && tot2[0] < tot2[2]);
    }
    /* bad input: messages on the handle, outputs untouched */
    {
        double t0[3] = {-1, -1, -1};
        assert_int_equal(csat_spend_intervals(s, NULL, col[4], NULL, n, NULL, NULL, NULL, NULL, t0), CSAT_EINVAL);
        assert_non_null(strstr(csat_spend_last_error(s), "monetary_value"));
        assert_int_equal(csat_spend_intervals(s, col[1], col[4], NULL, 0, NULL, NULL, NULL, NULL, t0), CSAT_EEMPTY);
        assert_true(t0[0] == -1);
        assert_int_equal(csat_spend_intervals(NULL, col[1], col[4], NULL, n, NULL, NULL, NULL, NULL, t0),
                         CSAT_EINVAL);
    }
    csat_spend_free(s);
    {
        csat_spend_model *u = NULL;
        double t0[3];
        assert_int_equal(csat_spend_new(&u, NULL), CSAT_OK);
        assert_int_equal(csat_spend_intervals(u, col[1], col[4], NULL, n, NULL, NULL, NULL, NULL, t0), CSAT_EMISUSE);
        csat_spend_free(u);
    }
    free(e), free(lo), free(hi);
    for (int j = 0; j < 5; j++)
        free(col[j]);
}

static void test_prob_intervals(void **state)
{
    (void)state;
    double *col[5];
    size_t n = btyd_read_csv(CSAT_TEST_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", 5, col);
    assert_int_equal(n, 2357);
    double *e = malloc(n * sizeof *e), *lo = malloc(n * sizeof *lo), *hi = malloc(n * sizeof *hi);
    double *ref = malloc(n * sizeof *ref), tot[3], tot2[3];
    for (int kind = CSAT_BTYD_BGNBD; kind <= CSAT_BTYD_MBGNBD; kind++) {
        csat_btyd_model *m = NULL;
        assert_int_equal(csat_btyd_new(&m, NULL, (csat_btyd_kind)kind), CSAT_OK);
        assert_int_equal(csat_btyd_fit(m, col[1], col[2], col[3], NULL, n, NULL), CSAT_OK);
        for (double k = 0; k < 3; k++) {
            csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
            double s = 0;
            assert_int_equal(csat_btyd_prob_intervals(m, 39, k, col[1], col[2], col[3], NULL, n, NULL, e, lo, hi, tot),
                             CSAT_OK);
            assert_int_equal(csat_btyd_prob_purchases_cond(m, 39, k, col[1], col[2], col[3], n, ref), CSAT_OK);
            for (size_t i = 0; i < n; i++) {
                assert_true(e[i] == ref[i]);
                assert_true(0 <= lo[i] && lo[i] <= e[i] && e[i] <= hi[i] && hi[i] <= 1);
                s += e[i];
            }
            assert_true(fabs(tot[0] - s) <= 1e-9 * s);
            assert_true(tot[1] < tot[0] && tot[0] < tot[2]);
            o.method = CSAT_INTERVAL_PARAMETRIC;
            o.n_draws = 100;
            assert_int_equal(csat_btyd_prob_intervals(m, 39, k, col[1], col[2], col[3], NULL, n, &o, NULL, NULL, NULL,
                                                      tot2), CSAT_OK);
            /* the two methods agree on the total's bounds to 0.3 of the width (measured:
             * BG/NBD within 0.15, Pareto/NBD at k = 0 0.22: its log-parameters are far
             * from normal on CDNOW) */
            assert_true(fabs(tot2[1] - tot[1]) < 0.3 * (tot[2] - tot[1]));
            assert_true(fabs(tot2[2] - tot[2]) < 0.3 * (tot[2] - tot[1]));
        }
        assert_int_equal(csat_btyd_prob_intervals(m, 39, 0.5, col[1], col[2], col[3], NULL, n, NULL, e, lo, hi, tot),
                         CSAT_EINVAL);
        assert_non_null(strstr(csat_btyd_last_error(m), "k = 0.5"));
        assert_int_equal(csat_btyd_prob_intervals(m, -1, 1, col[1], col[2], col[3], NULL, n, NULL, e, lo, hi, tot),
                         CSAT_EINVAL);
        csat_btyd_free(m);
    }
    free(e), free(lo), free(hi), free(ref);
    for (int j = 0; j < 5; j++)
        free(col[j]);
}

/* BG/NBD and MBG/NBD DERT (ggomiv): the analytic gradient (btyd_dert.c,
 * csat__bgnbd_dert_log_i_grad) against Richardson-extrapolated central
 * differences of csat__bgnbd_dert in theta (h = 1e-4: truncation ~h^4,
 * rounding ~1e-13 / h; h = 1e-3 as the library's numerical path takes it
 * is off by 7e-7 on a steep row, params 2 row 4 below): each component to
 * 1e-7 of the largest, the value to 1e-11 (two quadratures to 1e-13). */
static void test_bg_dert_grad(void **state)
{
    static const double ps[][4] = {{0.243, 4.414, 0.793, 2.426}, {0.525, 6.183, 0.891, 1.614},
                                   {2.5, 30, 0.05, 8}, {0.05, 0.8, 3, 0.4}, {1.2, 12, 1.0, 1.0}};
    static const double rows[][3] = {{0, 0, 38.86}, {2, 30.43, 38.86}, {1, 1.71, 38.86}, {10, 35, 39},
                                     {30, 1, 52}, {5, 20, 20}, {3, 150, 200}, {120, 50, 52}};
    static const double deltas[] = {0.0015, 0.01, 0.2, 3};
    double worst = 0;
    (void)state;
    for (size_t a = 0; a < N_OF(ps); a++)
        for (int m = 0; m < 2; m++)
            for (size_t i = 0; i < N_OF(rows); i++)
                for (size_t k = 0; k < N_OF(deltas); k++) {
                    const double x = rows[i][0], tx = rows[i][1], T = rows[i][2], dl = deltas[k];
                    double g[4], num[4], q[4], gmax = 0, v;
                    v = csat__iv_grad_row(m ? CSAT_BTYD_MBGNBD : CSAT_BTYD_BGNBD, CSAT_PREDICT_DERT, dl, ps[a], x,
                                          tx, T, g);
                    if (fabs(v / csat__bgnbd_dert(ps[a], dl, x, tx, T, m) - 1) > 1e-11)
                        fail_msg("value: params %zu kind %d row %zu delta %g: %.17g vs %.17g", a, m, i, dl, v,
                                 csat__bgnbd_dert(ps[a], dl, x, tx, T, m));
                    memcpy(q, ps[a], sizeof q);
                    for (int j = 0; j < 4; j++) {
                        double dd[2];
                        for (int h2 = 0; h2 < 2; h2++) {
                            const double h = h2 ? 5e-5 : 1e-4;
                            q[j] = ps[a][j] * exp(h);
                            const double fa = csat__bgnbd_dert(q, dl, x, tx, T, m);
                            q[j] = ps[a][j] * exp(-h);
                            const double fb = csat__bgnbd_dert(q, dl, x, tx, T, m);
                            q[j] = ps[a][j];
                            dd[h2] = (fa - fb) / (2 * h);
                        }
                        num[j] = (4 * dd[1] - dd[0]) / 3;
                        gmax = fmax(gmax, fabs(num[j]));
                    }
                    for (int j = 0; j < 4; j++) {
                        const double e = fabs(g[j] - num[j]) / gmax;
                        worst = fmax(worst, e);
                        if (!(e <= 1e-7))
                            fail_msg("params %zu kind %d row %zu delta %g component %d: %.17g vs %.17g (%.3g)", a,
                                     m, i, dl, j, g[j], num[j], e);
                    }
                }
    print_message("BG/NBD, MBG/NBD DERT gradient: worst difference from the numerical %.3g\n", worst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bg_dert_grad),
        cmocka_unit_test(test_against_mpmath),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_spend_delta_reference),
        cmocka_unit_test(test_prob_intervals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
