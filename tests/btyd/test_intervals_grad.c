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
    assert_false(csat__iv_has_analytic(CSAT_BTYD_BGNBD, CSAT_PREDICT_DERT));
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_mpmath),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_spend_delta_reference),
        cmocka_unit_test(test_prob_intervals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
