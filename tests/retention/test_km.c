/*
 * Kaplan-Meier and the log-rank test against R's survival package:
 * tests/reference/km_survfit.R generated tests/reference/km_survfit_values.h
 * (R 4.2.2, survival 3.5.3 — the exact versions are KM_REF_R_VERSION and
 * KM_REF_SURVIVAL_VERSION in that header): survfit() tables, summary()
 * std.err, print(rmean = tau) tables and survdiff() on the aml and lung
 * data sets. Tolerance 1e-10 relative throughout.
 */
#include "csat_test.h"
#include <float.h>
#include "core/internal.h"

#include "reference/km_survfit_values.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define TOL 1e-10

typedef struct ref_curve {
    const double *time, *n_risk, *n_event, *n_censor, *surv, *std_err, *lower, *upper, *table;
    size_t m;
} ref_curve;

#define REF(p)                                                                                  \
    {p##_time, p##_n_risk, p##_n_event, p##_n_censor, p##_surv, p##_std_err, p##_lower,          \
     p##_upper, p##_table, N_OF(p##_time)}

static void check_curve(csat_km *km, const ref_curve *r)
{
    size_t m = 0;
    double col[8][400];
    csat_km_median med;
    double rmean, se;
    assert_int_equal(csat_km_size(km, &m), CSAT_OK);
    assert_int_equal(m, r->m);
    assert_true(m <= 400);
    assert_int_equal(csat_km_table(km, col[0], col[1], col[2], col[3], col[4], col[5], col[6],
                                   col[7], 400),
                     CSAT_OK);
    for (size_t j = 0; j < m; j++) {
        csat_assert_close(col[0][j], r->time[j], TOL, 0);
        csat_assert_close(col[1][j], r->n_risk[j], TOL, 0);
        csat_assert_close(col[2][j], r->n_event[j], TOL, 0);
        csat_assert_close(col[3][j], r->n_censor[j], TOL, 0);
        csat_assert_close(col[4][j], r->surv[j], TOL, 0);
        csat_assert_close(col[5][j], r->std_err[j], TOL, 0);
        csat_assert_close(col[6][j], r->lower[j], TOL, 0);
        csat_assert_close(col[7][j], r->upper[j], TOL, 0);
    }
    assert_int_equal(csat_km_median_survival(km, &med), CSAT_OK);
    assert_true(med.median_found && med.lower_found && med.upper_found);
    csat_assert_close(med.median, r->table[0], TOL, 0);
    csat_assert_close(med.lower, r->table[1], TOL, 0);
    csat_assert_close(med.upper, r->table[2], TOL, 0);
    assert_int_equal(csat_km_restricted_mean(km, r->table[5], &rmean, &se), CSAT_OK);
    csat_assert_close(rmean, r->table[3], TOL, 0);
    csat_assert_close(se, r->table[4], TOL, 0);
}

static void fit_check(const double *t, const double *e, const double *w, size_t n,
                      csat_km_conf_type ct, const ref_curve *r)
{
    csat_km *km;
    csat_km_options o = CSAT_KM_OPTIONS_INIT;
    o.conf_type = ct;
    assert_int_equal(csat_km_new(&km, NULL), CSAT_OK);
    assert_int_equal(csat_km_fit(km, t, e, w, n, &o), CSAT_OK);
    check_curve(km, r);
    csat_km_free(km);
}

static void test_aml(void **state)
{
    const ref_curve a = REF(aml_log), b = REF(aml_loglog), c = REF(aml_plain);
    (void)state;
    fit_check(aml_time, aml_status, NULL, N_OF(aml_time), CSAT_KM_CONF_LOG, &a);
    fit_check(aml_time, aml_status, NULL, N_OF(aml_time), CSAT_KM_CONF_LOGLOG, &b);
    fit_check(aml_time, aml_status, NULL, N_OF(aml_time), CSAT_KM_CONF_PLAIN, &c);
}

static void test_lung(void **state)
{
    const ref_curve a = REF(lung_log), b = REF(lung_loglog), w = REF(lung_w), wi = REF(lung_wi);
    (void)state;
    fit_check(lung_time, lung_status, NULL, N_OF(lung_time), CSAT_KM_CONF_LOG, &a);
    fit_check(lung_time, lung_status, NULL, N_OF(lung_time), CSAT_KM_CONF_LOGLOG, &b);
    /* fractional weights: R with robust = FALSE (Greenwood on weighted counts) */
    fit_check(lung_time, lung_status, lung_weight, N_OF(lung_time), CSAT_KM_CONF_LOG, &w);
    fit_check(lung_time, lung_status, lung_weight_int, N_OF(lung_time), CSAT_KM_CONF_LOG, &wi);
}

static void test_continuous_times_take_the_sorting_path(void **state)
{
    /* the same data scaled by 1/7 are not integers: results must be identical */
    double t[N_OF(lung_time)], S1[400], S2[400], tt[400];
    csat_km *km;
    size_t m1, m2;
    (void)state;
    for (size_t i = 0; i < N_OF(lung_time); i++)
        t[i] = lung_time[i] / 7.0;
    assert_int_equal(csat_km_new(&km, NULL), CSAT_OK);
    assert_int_equal(csat_km_fit(km, lung_time, lung_status, NULL, N_OF(lung_time), NULL), CSAT_OK);
    assert_int_equal(csat_km_size(km, &m1), CSAT_OK);
    assert_int_equal(csat_km_table(km, NULL, NULL, NULL, NULL, S1, NULL, NULL, NULL, 400), CSAT_OK);
    assert_int_equal(csat_km_fit(km, t, lung_status, NULL, N_OF(lung_time), NULL), CSAT_OK);
    assert_int_equal(csat_km_size(km, &m2), CSAT_OK);
    assert_int_equal(csat_km_table(km, tt, NULL, NULL, NULL, S2, NULL, NULL, NULL, 400), CSAT_OK);
    assert_int_equal(m1, m2);
    for (size_t j = 0; j < m1; j++) {
        assert_true(S1[j] == S2[j]);
        csat_assert_close(tt[j] * 7.0, lung_log_time[j], 1e-14, 0);
    }
    csat_km_free(km);
}

static void test_grouped_and_logrank(void **state)
{
    const ref_curve f = REF(lung_f);
    uint64_t g[N_OF(lung_time)], g3[N_OF(lung3_time)];
    double obs[3], ex[3], chisq, df, p;
    csat_km *km;
    (void)state;
    for (size_t i = 0; i < N_OF(lung_time); i++)
        g[i] = (uint64_t)lung_group[i];
    for (size_t i = 0; i < N_OF(lung3_time); i++)
        g3[i] = (uint64_t)lung3_group[i];
    assert_int_equal(csat_km_new(&km, NULL), CSAT_OK);
    assert_int_equal(csat_km_fit_group(km, lung_time, lung_status, NULL, g, 1, N_OF(lung_time), NULL),
                     CSAT_OK);
    check_curve(km, &f);
    csat_assert_status(csat_km_fit_group(km, lung_time, lung_status, NULL, g, 7, N_OF(lung_time), NULL),
                       CSAT_EEMPTY);
    check_curve(km, &f); /* unchanged */
    csat_km_free(km);

    assert_int_equal(csat_km_logrank(lung_time, lung_status, g, N_OF(lung_time), 2, obs, ex, &chisq,
                                     &df, &p, NULL, NULL),
                     CSAT_OK);
    csat_assert_close(chisq, lung_logrank[0], TOL, 0);
    for (int k = 0; k < 2; k++) {
        csat_assert_close(obs[k], lung_logrank[1 + k], TOL, 0);
        csat_assert_close(ex[k], lung_logrank[3 + k], TOL, 0);
    }
    csat_assert_close(p, lung_logrank[5], 1e-9, 0);
    assert_true(df == 1.0);
    {
        uint64_t ga[N_OF(aml_time)];
        for (size_t i = 0; i < N_OF(aml_time); i++)
            ga[i] = (uint64_t)aml_group[i];
        assert_int_equal(csat_km_logrank(aml_time, aml_status, ga, N_OF(aml_time), 2, NULL, NULL,
                                         &chisq, &df, &p, NULL, NULL),
                         CSAT_OK);
        csat_assert_close(chisq, aml_logrank[0], TOL, 0);
        csat_assert_close(p, aml_logrank[5], 1e-9, 0);
    }
    assert_int_equal(csat_km_logrank(lung3_time, lung3_status, g3, N_OF(lung3_time), 3, obs, ex,
                                     &chisq, &df, &p, NULL, NULL),
                     CSAT_OK);
    csat_assert_close(chisq, lung_ecog_logrank[0], TOL, 0);
    for (int k = 0; k < 3; k++) {
        csat_assert_close(obs[k], lung_ecog_logrank[1 + k], TOL, 0);
        csat_assert_close(ex[k], lung_ecog_logrank[4 + k], TOL, 0);
    }
    csat_assert_close(p, lung_ecog_logrank[7], 1e-9, 0);
    assert_true(df == 2.0);
}

static void test_edge_cases(void **state)
{
    /* all leave: S reaches 0, SE 0, intervals [0,0]; median at the 0.5 plateau midpoint */
    const double t[] = {1, 2, 3, 4}, e[] = {1, 1, 1, 1}, e0[] = {0, 0, 0, 0};
    double S[4], se[4], lo[4], hi[4], v;
    csat_km_median med;
    csat_km *km;
    (void)state;
    assert_int_equal(csat_km_new(&km, NULL), CSAT_OK);
    assert_int_equal(csat_km_fit(km, t, e, NULL, 4, NULL), CSAT_OK);
    assert_int_equal(csat_km_table(km, NULL, NULL, NULL, NULL, S, se, lo, hi, 4), CSAT_OK);
    assert_true(S[3] == 0.0 && se[3] == 0.0 && lo[3] == 0.0 && hi[3] == 0.0);
    assert_int_equal(csat_km_median_survival(km, &med), CSAT_OK);
    assert_true(med.median_found);
    csat_assert_close(med.median, 2.5, 1e-15, 0); /* R: median 2.5 */
    assert_int_equal(csat_km_survival_at(km, (const double[]){0.5, 2, 2.5, 10}, 4, S), CSAT_OK);
    assert_true(S[0] == 1.0 && S[1] == 0.5 && S[2] == 0.5 && S[3] == 0.0);
    /* nobody leaves: no median */
    assert_int_equal(csat_km_fit(km, t, e0, NULL, 4, NULL), CSAT_OK);
    assert_int_equal(csat_km_median_survival(km, &med), CSAT_OK);
    assert_false(med.median_found);
    assert_int_equal(csat_km_restricted_mean(km, 10.0, &v, NULL), CSAT_OK);
    csat_assert_close(v, 10.0, 1e-15, 0);
    csat_km_free(km);
}

static void test_near_ties_stay_distinct(void **state)
{
    /* R's survfit would merge 1 and 1 + 1e-12 (closer than ~1.5e-8 relative)
     * into one time with 2 events; libcsat keeps every distinct double */
    const double t[] = {1.0, 1.0 + 1e-12, 2.0, 3.0}, e[] = {1, 1, 0, 1};
    double tt[4], S[4];
    size_t m;
    csat_km *km;
    (void)state;
    assert_int_equal(csat_km_new(&km, NULL), CSAT_OK);
    assert_int_equal(csat_km_fit(km, t, e, NULL, 4, NULL), CSAT_OK);
    assert_int_equal(csat_km_size(km, &m), CSAT_OK);
    assert_int_equal(m, 4);
    assert_int_equal(csat_km_table(km, tt, NULL, NULL, NULL, S, NULL, NULL, NULL, 4), CSAT_OK);
    assert_true(tt[0] == 1.0 && tt[1] == 1.0 + 1e-12);
    csat_assert_close(S[0], 0.75, 1e-15, 0);
    csat_assert_close(S[1], 0.5, 1e-15, 0); /* = R's S at its merged time */
    csat_km_free(km);
}

/* Issue 12 regressions: weights near DBL_MAX gave Inf at risk and NaN S and
 * restricted mean; tau = 1e300 gave an infinite SE. */
static void test_extreme_weights_and_tau(void **state)
{
    const double t[] = {1, 2, 3}, e[] = {1, 0, 1};
    const double huge2[] = {1e308, 1e308, 1e308}, big[] = {5e307, 5e307, 5e307};
    const double tiny[] = {1e-300, 1e-300, 1e-300};
    double S[3], risk[3], se[3], lo[3], hi[3], S1[3], rm, rse, rm1, rse1;
    csat_km *km;
    (void)state;
    assert_int_equal(csat_km_new(&km, NULL), CSAT_OK);
    /* the at-risk count would be 3e308: a clear EDOM, the previous fit kept */
    assert_int_equal(csat_km_fit(km, t, e, NULL, 3, NULL), CSAT_OK);
    assert_int_equal(csat_km_table(km, NULL, NULL, NULL, NULL, S1, NULL, NULL, NULL, 3), CSAT_OK);
    csat_assert_status(csat_km_fit(km, t, e, huge2, 3, NULL), CSAT_EDOM);
    assert_non_null(strstr(csat_km_last_error(km), "weights sum"));
    assert_int_equal(csat_km_table(km, NULL, NULL, NULL, NULL, S, NULL, NULL, NULL, 3), CSAT_OK);
    assert_true(S[0] == S1[0] && S[2] == S1[2]);
    /* 1.5e308 in all: finite columns, the same S as unit weights */
    assert_int_equal(csat_km_fit(km, t, e, big, 3, NULL), CSAT_OK);
    assert_int_equal(csat_km_table(km, NULL, risk, NULL, NULL, S, se, lo, hi, 3), CSAT_OK);
    for (int j = 0; j < 3; j++) {
        assert_true(isfinite(risk[j]) && isfinite(S[j]) && isfinite(se[j]));
        assert_true(isfinite(lo[j]) && isfinite(hi[j]) && lo[j] <= S[j] && S[j] <= hi[j]);
        csat_assert_close(S[j], S1[j], 1e-15, 0);
    }
    assert_int_equal(csat_km_restricted_mean(km, 10.0, &rm, &rse), CSAT_OK);
    assert_true(isfinite(rm) && isfinite(rse));
    /* tau = 1e300: the SE scales with tau once tau is far past the last time */
    assert_int_equal(csat_km_fit(km, t, (const double[]){1, 0, 0}, NULL, 3, NULL), CSAT_OK);
    assert_int_equal(csat_km_restricted_mean(km, 1e300, &rm, &rse), CSAT_OK);
    assert_int_equal(csat_km_restricted_mean(km, 1e12, &rm1, &rse1), CSAT_OK);
    assert_true(isfinite(rm) && isfinite(rse) && rse > 0.0);
    csat_assert_close(rm / 1e300, rm1 / 1e12, 1e-11, 0);
    csat_assert_close(rse / 1e300, rse1 / 1e12, 1e-11, 0);
    /* tiny weights: r (r - d) underflows; the Greenwood SE was Inf (valid-input
     * sweep). Var scales as 1/weight: SE = unit-weight SE * 1e150. */
    assert_int_equal(csat_km_fit(km, t, e, NULL, 3, NULL), CSAT_OK);
    assert_int_equal(csat_km_table(km, NULL, NULL, NULL, NULL, NULL, se, NULL, NULL, 3), CSAT_OK);
    memcpy(S1, se, sizeof se);
    assert_int_equal(csat_km_fit(km, t, e, tiny, 3, NULL), CSAT_OK);
    assert_int_equal(csat_km_table(km, NULL, NULL, NULL, NULL, S, se, lo, hi, 3), CSAT_OK);
    for (int j = 0; j < 3; j++) {
        if (S[j] > 0) {
            assert_true(isfinite(se[j]));
            csat_assert_close(se[j], S1[j] * 1e150, 1e-13, 0);
        }
        assert_true(lo[j] >= 0 && hi[j] <= 1);
    }
    /* here S ends at 0, so the areas stay small: a finite SE even at tau = DBL_MAX */
    assert_int_equal(csat_km_restricted_mean(km, DBL_MAX, &rm, &rse), CSAT_OK);
    assert_true(isfinite(rm) && isfinite(rse));
    /* tiny weights, the last time censored and tau = DBL_MAX: the SE is past
     * DBL_MAX, EDOM, untouched */
    assert_int_equal(csat_km_fit(km, t, (const double[]){1, 0, 0}, tiny, 3, NULL), CSAT_OK);
    rm = rse = -9;
    csat_assert_status(csat_km_restricted_mean(km, DBL_MAX, &rm, &rse), CSAT_EDOM);
    assert_true(rm == -9 && rse == -9);
    assert_int_equal(csat_km_restricted_mean(km, DBL_MAX, &rm, NULL), CSAT_OK);
    assert_true(isfinite(rm));
    /* found by tests/fuzz/fuzz_retention.c: subnormal weights make the
     * Greenwood variance (1.7e319) pass DBL_MAX; the fit is CSAT_EDOM */
    csat_assert_status(csat_km_fit(km, t, e, (const double[]){1e-320, 1e-320, 1e-320}, 3, NULL), CSAT_EDOM);
    csat_km_free(km);
}

static void test_bad_input(void **state)
{
    const double t[] = {1, 2, 3}, e[] = {1, 0, 1}, bad_e[] = {1, 0.5, 1}, neg_t[] = {1, -1, 3};
    const double nan_t[] = {1, NAN, 3}, inf_t[] = {1, INFINITY, 3}, bad_w[] = {1, 0, 1};
    double col[3] = {-9, -9, -9}, v = -9, v2 = -9, df, p;
    size_t m = 99;
    uint64_t g[] = {0, 1, 5}, g1[] = {0, 0, 0};
    csat_km_options o = CSAT_KM_OPTIONS_INIT;
    csat_km *km;
    (void)state;
    assert_int_equal(csat_km_new(&km, NULL), CSAT_OK);
    csat_assert_status(csat_km_size(km, &m), CSAT_EMISUSE);
    csat_assert_status(csat_km_fit(km, t, bad_e, NULL, 3, NULL), CSAT_EINVAL);
    assert_non_null(strstr(csat_km_last_error(km), "0 or 1"));
    csat_assert_status(csat_km_fit(km, neg_t, e, NULL, 3, NULL), CSAT_EINVAL);
    csat_assert_status(csat_km_fit(km, nan_t, e, NULL, 3, NULL), CSAT_EINVAL);
    csat_assert_status(csat_km_fit(km, inf_t, e, NULL, 3, NULL), CSAT_EINVAL);
    csat_assert_status(csat_km_fit(km, t, e, bad_w, 3, NULL), CSAT_EINVAL);
    csat_assert_status(csat_km_fit(km, t, e, NULL, 0, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_km_fit(km, NULL, e, NULL, 3, NULL), CSAT_EINVAL);
    o.version = 99;
    csat_assert_status(csat_km_fit(km, t, e, NULL, 3, &o), CSAT_EVERSION);
    o.version = 1;
    o.conf_level = 1.0;
    csat_assert_status(csat_km_fit(km, t, e, NULL, 3, &o), CSAT_EINVAL);
    csat_assert_status(csat_km_size(km, &m), CSAT_EMISUSE);
    assert_int_equal(m, 99);
    assert_int_equal(csat_km_fit(km, t, e, NULL, 3, NULL), CSAT_OK);
    csat_assert_status(csat_km_table(km, col, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 2),
                       CSAT_EBUFSIZE);
    assert_true(col[0] == -9);
    csat_assert_status(csat_km_restricted_mean(km, -1, &v, &v2), CSAT_EINVAL);
    csat_assert_status(csat_km_restricted_mean(km, NAN, &v, &v2), CSAT_EINVAL);
    assert_true(v == -9 && v2 == -9);
    csat_assert_status(csat_km_logrank(t, e, g, 3, 2, NULL, NULL, &v, &df, &p, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_km_logrank(t, e, g1, 3, 2, NULL, NULL, &v, &df, &p, NULL, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_km_logrank(t, bad_e, g1, 3, 2, NULL, NULL, &v, &df, &p, NULL, NULL),
                       CSAT_EINVAL);
    assert_true(v == -9);
    csat_km_free(km);
    csat_km_free(NULL);
    assert_int_equal(csat_km_options_init(&o, 2), CSAT_EVERSION);
    assert_int_equal(csat_km_options_init(&o, 1), CSAT_OK);
}

static void test_alloc_failures(void **state)
{
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    csat_km *km = NULL;
    double tc[N_OF(lung_time)], chisq, df, p;
    uint64_t g[N_OF(lung_time)];
    (void)state;
    for (size_t i = 0; i < N_OF(lung_time); i++) {
        tc[i] = lung_time[i] / 3.0;
        g[i] = (uint64_t)lung_group[i];
    }
    for (long k = 0;; k++) {
        csat_test_alloc_reset(&t, k);
        if (csat_km_new(&km, &a) == CSAT_OK)
            break;
        assert_int_equal(t.live, 0);
    }
    for (int path = 0; path < 3; path++) {
        for (long k = 0;; k++) {
            long base = t.live;
            csat_status st;
            csat_test_alloc_reset(&t, k);
            st = path == 0   ? csat_km_fit(km, lung_time, lung_status, NULL, N_OF(lung_time), NULL)
                 : path == 1 ? csat_km_fit(km, tc, lung_status, NULL, N_OF(lung_time), NULL)
                             : csat_km_fit_group(km, tc, lung_status, NULL, g, 0, N_OF(lung_time),
                                                 NULL);
            if (st == CSAT_OK)
                break;
            assert_int_equal(st, CSAT_ENOMEM);
            assert_int_equal(t.live, base);
        }
    }
    for (long k = 0;; k++) {
        csat_km_median med;
        csat_status st;
        long base = t.live;
        csat_test_alloc_reset(&t, k);
        st = csat_km_median_survival(km, &med);
        assert_int_equal(t.live, base);
        if (st == CSAT_OK)
            break;
        assert_int_equal(st, CSAT_ENOMEM);
    }
    for (long k = 0;; k++) {
        csat_status st;
        csat_test_alloc_reset(&t, k);
        st = csat_km_logrank(lung_time, lung_status, g, N_OF(lung_time), 2, NULL, NULL, &chisq, &df,
                             &p, &a, NULL);
        if (st == CSAT_OK)
            break;
        assert_int_equal(st, CSAT_ENOMEM);
    }
    csat_km_free(km);
    assert_int_equal(t.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aml),
        cmocka_unit_test(test_lung),
        cmocka_unit_test(test_continuous_times_take_the_sorting_path),
        cmocka_unit_test(test_grouped_and_logrank),
        cmocka_unit_test(test_edge_cases),
        cmocka_unit_test(test_near_ties_stay_distinct),
        cmocka_unit_test(test_extreme_weights_and_tau),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_alloc_failures),
    };
    printf("# references: R %s, survival %s\n", KM_REF_R_VERSION, KM_REF_SURVIVAL_VERSION);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
