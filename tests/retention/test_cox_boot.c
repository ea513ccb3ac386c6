/*
 * Cox bootstrap intervals of survival (csat_cox_boot_survival, issue 15 §4;
 * docs/theory/cox.rst, 20.8) on survival's lung data (tests/retention/
 * cox_reference.h, written by tests/reference/cox_coxph.R).
 *  - Parametric: the percentiles of S over b* ~ N(b, V) are compared with
 *    an independent computation, the delta method of survfit with the
 *    coefficients' variance only (csat_cox_predict_survival on a copy whose
 *    baseline has cumvar = 0), log-log bounds (where S* is close to normal
 *    on the log-log scale): within 0.01 absolute at 20000 draws (measured
 *    largest difference 0.0081).
 *  - Resampling: cluster ids 0..n-1 give the same bounds as the plain
 *    resample bit for bit; each row twice with a cluster id per pair gives
 *    the plain resample's bounds (Breslow ties: a doubled row is a row of
 *    weight 2, and the fit is invariant to a common weight) to 1e-9.
 *  - The same seed gives the same bounds; bad input, outputs untouched.
 */
#include "csat_test.h"

#include "cox_reference.h"
#include "cox_survfit_reference.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NT 5
static const double tt[NT] = {100.0, 200.0, 310.0, 500.0, 700.0};

static csat_cox *fit_lung(csat_cox_ties ties)
{
    csat_cox *m = NULL;
    csat_cox_options o = CSAT_COX_OPTIONS_INIT;
    o.ties = ties;
    csat_assert_status(csat_cox_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_cox_fit(m, lung_X, LUNG_N, 3, NULL, lung_time, lung_event, NULL, NULL,
                                    NULL, &o, NULL),
                       CSAT_OK);
    return m;
}

static void test_parametric_vs_delta(void **state)
{
    csat_cox *m = fit_lung(CSAT_COX_EFRON), *c = NULL;
    csat_cox_baseline b;
    double coef[3], se[3], lo[3 * NT], up[3 * NT], s[3 * NT], dlo[3 * NT], dup[3 * NT], *zero;
    csat_cox_stats st;
    size_t nf = 99;
    (void)state;
    csat_assert_status(csat_cox_boot_survival(m, lp_efron_newX, 3, 3, NULL, tt, NT, 0.95,
                                              CSAT_COX_BOOT_PARAMETRIC, 20000, 2, lo, up, &nf),
                       CSAT_OK);
    assert_int_equal(nf, 0);
    /* the delta method with Var H = d'Vd r^2 only: the baseline's cumvar set to 0 */
    csat_assert_status(csat_cox_baseline_get(m, &b), CSAT_OK);
    zero = calloc(b.n_times, sizeof *zero);
    assert_non_null(zero);
    b.cumvar = zero;
    csat_assert_status(csat_cox_coef(m, coef, se, NULL, 3), CSAT_OK);
    csat_assert_status(csat_cox_stats_get(m, &st), CSAT_OK);
    csat_assert_status(csat_cox_new(&c, NULL), CSAT_OK);
    csat_assert_status(csat_cox_set_fit(c, coef, se, NULL, 3, &st), CSAT_OK);
    csat_assert_status(csat_cox_set_baseline(c, &b), CSAT_OK);
    csat_assert_status(csat_cox_predict_survival(c, lp_efron_newX, 3, 3, NULL, tt, NT, 0.95,
                                                 CSAT_COX_CONF_LOGLOG, s, NULL, dlo, dup),
                       CSAT_OK);
    for (size_t i = 0; i < 3 * NT; i++) {
        csat_assert_close(lo[i], dlo[i], 0.0, 0.01);
        csat_assert_close(up[i], dup[i], 0.0, 0.01);
        assert_true(lo[i] <= s[i] && s[i] <= up[i]);
    }
    /* a model set by hand keeps no data */
    csat_assert_status(csat_cox_boot_survival(c, lp_efron_newX, 3, 3, NULL, tt, NT, 0.95,
                                              CSAT_COX_BOOT_PARAMETRIC, 10, 2, lo, up, NULL),
                       CSAT_EMISUSE);
    assert_non_null(strstr(csat_cox_last_error(c), "csat_cox_set_fit"));
    free(zero);
    csat_cox_free(c);
    csat_cox_free(m);
}

static void test_seed(void **state)
{
    csat_cox *m = fit_lung(CSAT_COX_EFRON);
    double a[4][3 * NT];
    (void)state;
    for (int meth = 0; meth < 2; meth++) {
        csat_assert_status(csat_cox_boot_survival(m, lp_efron_newX, 3, 3, NULL, tt, NT, 0.9,
                                                  (csat_cox_boot_method)meth, 200, 11, a[0], a[1],
                                                  NULL),
                           CSAT_OK);
        csat_assert_status(csat_cox_boot_survival(m, lp_efron_newX, 3, 3, NULL, tt, NT, 0.9,
                                                  (csat_cox_boot_method)meth, 200, 11, a[2], a[3],
                                                  NULL),
                           CSAT_OK);
        assert_memory_equal(a[0], a[2], sizeof a[0]);
        assert_memory_equal(a[1], a[3], sizeof a[1]);
        csat_assert_status(csat_cox_boot_survival(m, lp_efron_newX, 3, 3, NULL, tt, NT, 0.9,
                                                  (csat_cox_boot_method)meth, 200, 12, a[2], a[3],
                                                  NULL),
                           CSAT_OK);
        assert_true(memcmp(a[0], a[2], sizeof a[0]) != 0);
    }
    csat_cox_free(m);
}

static void test_clusters(void **state)
{
    csat_cox *m = fit_lung(CSAT_COX_BRESLOW), *mc = NULL, *md = NULL;
    csat_cox_options o = CSAT_COX_OPTIONS_INIT;
    uint64_t id[2 * LUNG_N];
    double X2[2 * 3 * LUNG_N], t2[2 * LUNG_N], e2[2 * LUNG_N];
    double lo[3 * NT], up[3 * NT], lo2[3 * NT], up2[3 * NT];
    size_t nf = 99, nf2 = 98;
    (void)state;
    o.ties = CSAT_COX_BRESLOW;
    for (size_t i = 0; i < LUNG_N; i++) {
        id[i] = i;
        for (size_t k = 0; k < 2; k++) {
            memcpy(X2 + (2 * i + k) * 3, lung_X + i * 3, 3 * sizeof *X2);
            t2[2 * i + k] = lung_time[i];
            e2[2 * i + k] = lung_event[i];
        }
    }
    csat_assert_status(csat_cox_boot_survival(m, lp_efron_newX, 3, 3, NULL, tt, NT, 0.95,
                                              CSAT_COX_BOOT_RESAMPLE, 300, 5, lo, up, &nf),
                       CSAT_OK);
    assert_int_equal(nf, 0);
    /* one cluster per row: the same draws */
    csat_assert_status(csat_cox_new(&mc, NULL), CSAT_OK);
    csat_assert_status(csat_cox_fit(mc, lung_X, LUNG_N, 3, NULL, lung_time, lung_event, NULL, NULL,
                                    id, &o, NULL),
                       CSAT_OK);
    csat_assert_status(csat_cox_boot_survival(mc, lp_efron_newX, 3, 3, NULL, tt, NT, 0.95,
                                              CSAT_COX_BOOT_RESAMPLE, 300, 5, lo2, up2, &nf2),
                       CSAT_OK);
    assert_int_equal(nf2, 0);
    assert_memory_equal(lo, lo2, sizeof lo);
    assert_memory_equal(up, up2, sizeof up);
    /* each row twice, a cluster per pair: the same resample of customers */
    for (size_t i = 0; i < 2 * LUNG_N; i++)
        id[i] = i / 2;
    csat_assert_status(csat_cox_new(&md, NULL), CSAT_OK);
    csat_assert_status(csat_cox_fit(md, X2, 2 * LUNG_N, 3, NULL, t2, e2, NULL, NULL, id, &o, NULL),
                       CSAT_OK);
    csat_assert_status(csat_cox_boot_survival(md, lp_efron_newX, 3, 3, NULL, tt, NT, 0.95,
                                              CSAT_COX_BOOT_RESAMPLE, 300, 5, lo2, up2, NULL),
                       CSAT_OK);
    for (size_t i = 0; i < 3 * NT; i++) {
        csat_assert_close(lo2[i], lo[i], 1e-9, 1e-15);
        csat_assert_close(up2[i], up[i], 1e-9, 1e-15);
    }
    csat_cox_free(md);
    csat_cox_free(mc);
    csat_cox_free(m);
}

static void test_bad_input(void **state)
{
    csat_cox *m = fit_lung(CSAT_COX_EFRON), *e = NULL;
    double lo[3 * NT], up[3 * NT], keep[3 * NT];
    size_t nf = 7;
    (void)state;
    memset(lo, 0x5a, sizeof lo);
    memcpy(keep, lo, sizeof lo);
    csat_assert_status(csat_cox_boot_survival(NULL, lp_efron_newX, 3, 3, NULL, tt, NT, 0.95,
                                              CSAT_COX_BOOT_PARAMETRIC, 10, 1, lo, up, &nf),
                       CSAT_EINVAL);
    csat_assert_status(csat_cox_boot_survival(m, lp_efron_newX, 3, 3, NULL, tt, NT, 0.95,
                                              (csat_cox_boot_method)2, 10, 1, lo, up, &nf),
                       CSAT_EINVAL);
    csat_assert_status(csat_cox_boot_survival(m, lp_efron_newX, 3, 3, NULL, tt, NT, 0.95,
                                              CSAT_COX_BOOT_RESAMPLE, 1, 1, lo, up, &nf),
                       CSAT_EINVAL);
    assert_non_null(strstr(csat_cox_last_error(m), "n_draws"));
    csat_assert_status(csat_cox_boot_survival(m, lp_efron_newX, 3, 3, NULL, tt, NT, 1.0,
                                              CSAT_COX_BOOT_RESAMPLE, 10, 1, lo, up, &nf),
                       CSAT_EINVAL);
    csat_assert_status(csat_cox_boot_survival(m, lp_efron_newX, 3, 3, NULL, tt, NT, 0.95,
                                              CSAT_COX_BOOT_RESAMPLE, 10, 1, lo, NULL, &nf),
                       CSAT_EINVAL);
    csat_assert_status(csat_cox_boot_survival(m, lp_efron_newX, 3, 2, NULL, tt, NT, 0.95,
                                              CSAT_COX_BOOT_RESAMPLE, 10, 1, lo, up, &nf),
                       CSAT_EINVAL); /* n_cols unlike the fit's: the prediction's check */
    csat_assert_status(csat_cox_boot_survival(m, lp_efron_newX, 0, 3, NULL, tt, NT, 0.95,
                                              CSAT_COX_BOOT_RESAMPLE, 10, 1, lo, up, &nf),
                       CSAT_EEMPTY);
    csat_assert_status(csat_cox_new(&e, NULL), CSAT_OK);
    csat_assert_status(csat_cox_boot_survival(e, lp_efron_newX, 3, 3, NULL, tt, NT, 0.95,
                                              CSAT_COX_BOOT_RESAMPLE, 10, 1, lo, up, &nf),
                       CSAT_EMISUSE);
    assert_memory_equal(lo, keep, sizeof lo);
    assert_int_equal(nf, 7);
    csat_cox_free(e);
    csat_cox_free(m);
}

/* RMST bounds: reproducible, around the point RMST, the parametric ones
 * inside [0, horizon]; RMST's checks (horizon) apply. */
static void test_rmst(void **state)
{
    csat_cox *m = fit_lung(CSAT_COX_EFRON);
    double rm[3], lo[3], up[3], lo2[3], up2[3];
    (void)state;
    csat_assert_status(csat_cox_predict_rmst(m, lp_efron_newX, 3, 3, NULL, 500.0, rm), CSAT_OK);
    for (int meth = 0; meth < 2; meth++) {
        csat_assert_status(csat_cox_boot_rmst(m, lp_efron_newX, 3, 3, NULL, 500.0, 0.95,
                                              (csat_cox_boot_method)meth, 300, 9, lo, up, NULL),
                           CSAT_OK);
        csat_assert_status(csat_cox_boot_rmst(m, lp_efron_newX, 3, 3, NULL, 500.0, 0.95,
                                              (csat_cox_boot_method)meth, 300, 9, lo2, up2, NULL),
                           CSAT_OK);
        assert_memory_equal(lo, lo2, sizeof lo);
        assert_memory_equal(up, up2, sizeof up);
        for (size_t i = 0; i < 3; i++) {
            assert_true(0.0 <= lo[i] && lo[i] < rm[i] && rm[i] < up[i] && up[i] <= 500.0);
            assert_true(up[i] - lo[i] < rm[i]);
        }
    }
    csat_assert_status(csat_cox_boot_rmst(m, lp_efron_newX, 3, 3, NULL, 0.0, 0.95,
                                          CSAT_COX_BOOT_PARAMETRIC, 10, 9, lo, up, NULL),
                       CSAT_EINVAL);
    csat_cox_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parametric_vs_delta),
        cmocka_unit_test(test_seed),
        cmocka_unit_test(test_clusters),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_rmst),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
