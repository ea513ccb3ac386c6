/*
 * Cox proportional hazards against R's survival::coxph (survival 3.5,
 * R's default coxph.control): tests/reference/cox_coxph.R wrote
 * cox_reference.h with the survival package's lung, veteran and ovarian
 * data and R's results (coefficients, standard errors plain and robust,
 * log-likelihoods, the LR / Wald / score tests, concordance, iterations);
 * the telco data (tests/data/telco_churn.csv: tenure, churn, five
 * covariates) is read here. All to 1e-6 relative or better.
 */
#include "csat_test.h"

#include "cox_reference.h"
#include "telco_load.h"

#define RTOL 1e-7

typedef struct cox_case {
    const double *X, *entry, *stop, *events, *weights;
    const uint64_t *strata, *cluster;
    size_t n, p;
    csat_cox_ties ties;
    int robust;
    const double *coef, *se, *rse, *stats;
} cox_case;

static void check_case(const cox_case *c)
{
    csat_cox *m;
    csat_cox_options o;
    csat_cox_stats s;
    csat_fit_report rep;
    double coef[8], se[8], rse[8];
    size_t p = 0;
    assert_int_equal(csat_cox_options_init(&o, CSAT_COX_OPTIONS_VERSION), CSAT_OK);
    o.ties = c->ties;
    o.robust = c->robust;
    assert_int_equal(csat_cox_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_cox_fit(m, c->X, c->n, c->p, c->entry, c->stop, c->events, c->strata,
                                    c->weights, c->cluster, &o, &rep), CSAT_OK);
    if (csat_cox_last_error(m)[0])
        fail_msg("%s", csat_cox_last_error(m));
    assert_int_equal(csat_cox_n_coef(m, &p), CSAT_OK);
    assert_int_equal(p, c->p);
    assert_int_equal(csat_cox_coef(m, coef, se, rse, 8), CSAT_OK);
    assert_int_equal(csat_cox_stats_get(m, &s), CSAT_OK);
    for (size_t j = 0; j < p; j++) {
        csat_assert_close(coef[j], c->coef[j], RTOL, 0.0);
        csat_assert_close(se[j], c->se[j], RTOL, 0.0);
        if (isnan(c->rse[j]))
            assert_true(isnan(rse[j]));
        else
            csat_assert_close(rse[j], c->rse[j], RTOL, 0.0);
    }
    csat_assert_close(s.ll_null, c->stats[0], 1e-12, 0.0);
    csat_assert_close(s.ll, c->stats[1], 1e-12, 0.0);
    csat_assert_close(s.lr, c->stats[2], 1e-8, 0.0);
    csat_assert_close(s.wald, c->stats[3], RTOL, 0.0);
    csat_assert_close(s.score, c->stats[4], 1e-10, 0.0);
    csat_assert_close(s.concordance, c->stats[5], 1e-12, 0.0);
    assert_int_equal(s.iterations, (size_t)c->stats[6]);
    assert_int_equal(rep.iterations, s.iterations);
    assert_true(s.lr_p >= 0.0 && s.lr_p < 1.0 && s.score_p >= 0.0 && s.wald_p >= 0.0);
    csat_cox_free(m);
}

static void test_lung(void **state)
{
    static const uint64_t one[1] = {0};
    uint64_t sex[LUNG_N];
    double X2[LUNG_N * 2];
    cox_case c = {lung_X, NULL, lung_time, lung_event, NULL, NULL, NULL, LUNG_N, 3,
                  CSAT_COX_EFRON, 0, lung_efron_coef, lung_efron_se, lung_efron_rse, lung_efron_stats};
    (void)state;
    (void)one;
    check_case(&c);
    c.ties = CSAT_COX_BRESLOW;
    c.coef = lung_breslow_coef, c.se = lung_breslow_se, c.rse = lung_breslow_rse;
    c.stats = lung_breslow_stats;
    check_case(&c);
    /* strata(sex): age and ph.ecog */
    for (size_t i = 0; i < LUNG_N; i++) {
        sex[i] = (uint64_t)lung_X[i * 3 + 1];
        X2[i * 2] = lung_X[i * 3];
        X2[i * 2 + 1] = lung_X[i * 3 + 2];
    }
    c.ties = CSAT_COX_EFRON;
    c.X = X2, c.p = 2, c.strata = sex;
    c.coef = lung_strata_coef, c.se = lung_strata_se, c.rse = lung_strata_rse;
    c.stats = lung_strata_stats;
    check_case(&c);
    /* case weights, robust */
    c.X = lung_X, c.p = 3, c.strata = NULL, c.weights = lung_w, c.robust = 1;
    c.coef = lung_wrobust_coef, c.se = lung_wrobust_se, c.rse = lung_wrobust_rse;
    c.stats = lung_wrobust_stats;
    check_case(&c);
}

static void test_veteran_ovarian(void **state)
{
    cox_case c = {vet_X, NULL, vet_time, vet_event, NULL, NULL, NULL, VET_N, 5,
                  CSAT_COX_EFRON, 1, vet_robust_coef, vet_robust_se, vet_robust_rse, vet_robust_stats};
    cox_case o = {ov_X, NULL, ov_time, ov_event, NULL, NULL, NULL, OV_N, 3,
                  CSAT_COX_EFRON, 0, ov_efron_coef, ov_efron_se, ov_efron_rse, ov_efron_stats};
    (void)state;
    check_case(&c);
    c.cluster = vet_cluster, c.robust = 0; /* cluster ids imply robust */
    c.coef = vet_cluster_coef, c.se = vet_cluster_se, c.rse = vet_cluster_rse;
    c.stats = vet_cluster_stats;
    check_case(&c);
    check_case(&o);
}

/* (start, stop] rows: the veteran data split at 90 and 180 days fits as the
 * unsplit data; then a time-varying covariate, clustered by patient. */
static void test_counting_process(void **state)
{
    cox_case c = {vsplit_X5, vsplit_start, vsplit_stop, vsplit_event, NULL, NULL, NULL, VSPLIT_N, 5,
                  CSAT_COX_EFRON, 0, vsplit_same_coef, vsplit_same_se, vsplit_same_rse,
                  vsplit_same_stats};
    (void)state;
    check_case(&c);
    c.X = vsplit_X, c.p = 4, c.cluster = vsplit_id;
    c.coef = vsplit_tv_coef, c.se = vsplit_tv_se, c.rse = vsplit_tv_rse, c.stats = vsplit_tv_stats;
    check_case(&c);
}

static void test_telco(void **state)
{
    telco t;
    double *X;
    cox_case c;
    (void)state;
    assert_int_equal(telco_load(CSAT_TEST_DATA_DIR "/telco_churn.csv", &t), 0);
    X = telco_cox_X(&t);
    assert_non_null(X);
    c = (cox_case){X, NULL, t.tenure, t.churned, NULL, NULL, NULL, t.n, 5, CSAT_COX_EFRON, 0,
                   telco_efron_coef, telco_efron_se, telco_efron_rse, telco_efron_stats};
    check_case(&c);
    c.ties = CSAT_COX_BRESLOW;
    c.coef = telco_breslow_coef, c.se = telco_breslow_se, c.rse = telco_breslow_rse;
    c.stats = telco_breslow_stats;
    check_case(&c);
    free(X);
    telco_free(&t);
}

/* Bad input: a clear status and a message naming the column and row. */
static void expect_fail(csat_cox *m, csat_status want, const char *needle, const double *X, size_t n,
                        size_t p, const double *entry, const double *stop, const double *ev,
                        const uint64_t *strata)
{
    csat_status st = csat_cox_fit(m, X, n, p, entry, stop, ev, strata, NULL, NULL, NULL, NULL);
    if (st != want || !strstr(csat_cox_last_error(m), needle))
        fail_msg("status %d (want %d), message \"%s\" (want \"%s\")", (int)st, (int)want,
                 csat_cox_last_error(m), needle);
}

static void test_bad_input(void **state)
{
    double X[OV_N * 3], t[OV_N], e[OV_N], t0[OV_N], coef[3];
    uint64_t g[OV_N];
    csat_cox *m;
    (void)state;
    memcpy(X, ov_X, sizeof X);
    memcpy(t, ov_time, sizeof t);
    memcpy(e, ov_event, sizeof e);
    assert_int_equal(csat_cox_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_cox_n_coef(m, &(size_t){0}), CSAT_EMISUSE);
    X[5 * 3 + 1] = NAN;
    expect_fail(m, CSAT_EINVAL, "row 5, column 1", X, OV_N, 3, NULL, t, e, NULL);
    memcpy(X, ov_X, sizeof X);
    for (size_t i = 0; i < OV_N; i++) /* column 2 constant */
        X[i * 3 + 2] = 1.0;
    expect_fail(m, CSAT_EDOM, "column 2 of X is constant", X, OV_N, 3, NULL, t, e, NULL);
    for (size_t i = 0; i < OV_N; i++) /* column 2 = 2 age - ecog */
        X[i * 3 + 2] = 2.0 * X[i * 3] - X[i * 3 + 1];
    expect_fail(m, CSAT_EDOM, "column 2 of X is constant within strata or collinear", X, OV_N, 3,
                NULL, t, e, NULL);
    memcpy(X, ov_X, sizeof X);
    for (size_t i = 0; i < OV_N; i++)
        t0[i] = 0.0;
    t0[7] = t[7];
    expect_fail(m, CSAT_EINVAL, "entry[7]", X, OV_N, 3, t0, t, e, NULL);
    e[3] = 0.5;
    expect_fail(m, CSAT_EINVAL, "events[3] = 0.5 is not 0 or 1", X, OV_N, 3, NULL, t, e, NULL);
    memcpy(e, ov_event, sizeof e);
    for (size_t i = 0; i < OV_N; i++) /* stratum 1: only censored rows */
        g[i] = e[i] == 0.0 && i % 2 ? 1 : 0;
    expect_fail(m, CSAT_EDOM, "stratum 1 has no events", X, OV_N, 3, NULL, t, e, g);
    /* monotone likelihood: the events are exactly the rows with x = 1 at
     * the earliest times, so beta -> +infinity (R: "coefficient may be infinite") */
    {
        double x1[10], t1[10], e1[10];
        for (size_t i = 0; i < 10; i++) {
            x1[i] = i < 5 ? 1.0 : 0.0;
            t1[i] = (double)(i + 1);
            e1[i] = i < 5 ? 1.0 : (double)(i % 2);
        }
        expect_fail(m, CSAT_EDOM, "monotone likelihood: the coefficient of column 0 diverges", x1, 10,
                    1, NULL, t1, e1, NULL);
    }
    assert_int_equal(csat_cox_n_coef(m, &(size_t){0}), CSAT_EMISUSE); /* nothing fitted */
    assert_int_equal(csat_cox_fit(m, ov_X, OV_N, 3, NULL, ov_time, ov_event, NULL, NULL, NULL, NULL,
                                  NULL), CSAT_OK);
    expect_fail(m, CSAT_EEMPTY, "no rows", X, 0, 3, NULL, t, e, NULL);
    assert_int_equal(csat_cox_coef(m, coef, NULL, NULL, 3), CSAT_OK); /* kept */
    csat_assert_close(coef[0], ov_efron_coef[0], RTOL, 0.0);
    assert_int_equal(csat_cox_coef(m, coef, NULL, NULL, 2), CSAT_EBUFSIZE);
    csat_cox_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lung),
        cmocka_unit_test(test_veteran_ovarian),
        cmocka_unit_test(test_counting_process),
        cmocka_unit_test(test_telco),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
