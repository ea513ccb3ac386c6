/*
 * The standard error of the Cox restricted mean survival time
 * (csat_cox_predict_rmst_se) against R's survival::survfit(coxph, newdata)
 * (R 4.2.2, survival 3.5.3): tests/reference/cox_rmst.R wrote
 * cox_rmst_reference.h -- summary(survfit(fit, newdata), rmean = h)$table's
 * rmean and se(rmean) (R's survmean) for three new rows at five horizons
 * per fit (inside the data, just after the first time, at an event time,
 * at the last time and beyond it), and survfit.coxph's n.risk and n.event
 * at the event times -- on survival's lung (Efron, Breslow, weighted
 * robust), veteran (strata by cell type; split at 90 and 180 days), ovarian
 * and the telco data. The fits' data: cox_reference.h; the new rows:
 * cox_survfit_reference.h (the same cases, tests/reference/cox_cases.R).
 * Theory: docs/theory/cox.rst, 20.9.
 */
#include "csat_test.h"

#include "cox_reference.h"
#include "cox_survfit_reference.h"
#include "cox_rmst_reference.h"
#include "telco_load.h"

#define RTOL 1e-8
#define N_HZ 5
#define N_NEW 3

typedef struct rmst_case {
    const char *name;
    const double *X, *entry, *stop, *events, *weights;
    const uint64_t *strata;
    size_t n, p;
    csat_cox_ties ties;
    int robust;
    const double *newX;
    const uint64_t *newS;
    const double *nrisk, *nevent;
    size_t n_times;
    const double *hz, *rm, *rmse;
} rmst_case;

#define REF(pfx)                                                                               \
    pfx##_newX, NULL, pfx##_nrisk, pfx##_nevent, sizeof pfx##_nrisk / sizeof(double), pfx##_hz, \
        pfx##_rm, pfx##_rmse

/* rmst and se of m at every horizon against R; rmst bit for bit equal to
 * csat_cox_predict_rmst's. */
static void check_rmst(csat_cox *m, const rmst_case *c)
{
    for (size_t h = 0; h < N_HZ; h++) {
        double rm[N_NEW], se[N_NEW], rm1[N_NEW];
        csat_assert_status(csat_cox_predict_rmst_se(m, c->newX, N_NEW, c->p, c->newS, c->hz[h], rm, se),
                           CSAT_OK);
        csat_assert_status(csat_cox_predict_rmst(m, c->newX, N_NEW, c->p, c->newS, c->hz[h], rm1), CSAT_OK);
        for (size_t i = 0; i < N_NEW; i++) {
            const double want_rm = c->rm[h * N_NEW + i], want_se = c->rmse[h * N_NEW + i];
            assert_true(memcmp(&rm[i], &rm1[i], sizeof(double)) == 0);
            if (!(fabs(rm[i] - want_rm) <= RTOL * fabs(want_rm) && fabs(se[i] - want_se) <= RTOL * fabs(want_se)))
                fail_msg("%s horizon %g row %zu: rmst %.17g se %.17g, R %.17g %.17g", c->name, c->hz[h], i,
                         rm[i], se[i], want_rm, want_se);
        }
    }
}

static void check_case(const rmst_case *c)
{
    csat_cox *m, *m2;
    csat_cox_options o;
    csat_cox_baseline b, b0;
    csat_cox_stats st;
    double coef[8], se[8], rse[8], rm[N_NEW] = {-7, -7, -7}, sd[N_NEW] = {-7, -7, -7};
    assert_int_equal(csat_cox_options_init(&o, CSAT_COX_OPTIONS_VERSION), CSAT_OK);
    o.ties = c->ties;
    o.robust = c->robust;
    assert_int_equal(csat_cox_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_cox_fit(m, c->X, c->n, c->p, c->entry, c->stop, c->events, c->strata,
                                    c->weights, NULL, &o, NULL), CSAT_OK);
    csat_assert_status(csat_cox_baseline_get(m, &b), CSAT_OK);
    /* survfit.coxph's counts at the event times (exact for unweighted data) */
    assert_int_equal(b.n_times, c->n_times);
    assert_non_null(b.n_risk);
    assert_non_null(b.n_event);
    for (size_t k = 0; k < b.n_times; k++) {
        csat_assert_close(b.n_risk[k], c->nrisk[k], c->weights ? 1e-14 : 0.0, 0.0);
        csat_assert_close(b.n_event[k], c->nevent[k], c->weights ? 1e-14 : 0.0, 0.0);
    }
    check_rmst(m, c);
    /* a model rebuilt by csat_cox_set_fit + csat_cox_set_baseline gives the same */
    assert_int_equal(csat_cox_coef(m, coef, se, rse, 8), CSAT_OK);
    assert_int_equal(csat_cox_stats_get(m, &st), CSAT_OK);
    assert_int_equal(csat_cox_new(&m2, NULL), CSAT_OK);
    csat_assert_status(csat_cox_set_fit(m2, coef, se, c->robust ? rse : NULL, c->p, &st), CSAT_OK);
    csat_assert_status(csat_cox_set_baseline(m2, &b), CSAT_OK);
    check_rmst(m2, c);
    /* without the counts (a baseline saved before them): the RMST, no SE */
    b0 = b;
    b0.n_risk = b0.n_event = NULL;
    csat_assert_status(csat_cox_set_baseline(m2, &b0), CSAT_OK);
    csat_assert_status(csat_cox_baseline_get(m2, &b0), CSAT_OK);
    assert_null(b0.n_risk);
    assert_null(b0.n_event);
    csat_assert_status(csat_cox_predict_rmst(m2, c->newX, N_NEW, c->p, c->newS, c->hz[0], rm), CSAT_OK);
    assert_int_equal(csat_cox_predict_rmst_se(m2, c->newX, N_NEW, c->p, c->newS, c->hz[0], rm, sd),
                     CSAT_EMISUSE);
    assert_non_null(strstr(csat_cox_last_error(m2), "n_risk"));
    for (size_t i = 0; i < N_NEW; i++)
        assert_true(sd[i] == -7);
    csat_cox_free(m2);
    csat_cox_free(m);
}

static void test_lung(void **state)
{
    (void)state;
    rmst_case c = {"lp_efron", lung_X, NULL, lung_time, lung_event, NULL, NULL, LUNG_N, 3,
                   CSAT_COX_EFRON, 0, REF(lp_efron)};
    check_case(&c);
    c = (rmst_case){"lp_breslow", lung_X, NULL, lung_time, lung_event, NULL, NULL, LUNG_N, 3,
                    CSAT_COX_BRESLOW, 0, REF(lp_breslow)};
    check_case(&c);
    c = (rmst_case){"lp_wrobust", lung_X, NULL, lung_time, lung_event, lung_w, NULL, LUNG_N, 3,
                    CSAT_COX_EFRON, 1, REF(lp_wrobust)};
    check_case(&c);
}

static void test_veteran_ovarian(void **state)
{
    (void)state;
    rmst_case c = {"vp_strata", vet_X, NULL, vet_time, vet_event, NULL, vp_cell, VET_N, 5,
                   CSAT_COX_EFRON, 0, REF(vp_strata)};
    c.newS = vp_strata_newS;
    check_case(&c);
    c = (rmst_case){"vp_split", vsplit_X5, vsplit_start, vsplit_stop, vsplit_event, NULL, NULL, VSPLIT_N, 5,
                    CSAT_COX_EFRON, 0, REF(vp_split)};
    check_case(&c);
    c = (rmst_case){"op_efron", ov_X, NULL, ov_time, ov_event, NULL, NULL, OV_N, 3, CSAT_COX_EFRON, 0,
                    REF(op_efron)};
    check_case(&c);
}

static void test_telco(void **state)
{
    telco t;
    double *X;
    (void)state;
    assert_int_equal(telco_load(CSAT_TEST_DATA_DIR "/telco_churn.csv", &t), 0);
    X = telco_cox_X(&t);
    assert_non_null(X);
    rmst_case c = {"tp_efron", X, NULL, t.tenure, t.churned, NULL, NULL, t.n, 5, CSAT_COX_EFRON, 0,
                   REF(tp_efron)};
    check_case(&c);
    c = (rmst_case){"tp_breslow", X, NULL, t.tenure, t.churned, NULL, NULL, t.n, 5, CSAT_COX_BRESLOW, 0,
                    REF(tp_breslow)};
    check_case(&c);
    free(X);
    telco_free(&t);
}

/* A horizon before the first event time: the horizon itself, SE 0; all
 * at risk failing at the last time (n.risk = n.event) adds nothing. */
static void test_edges(void **state)
{
    /* 4 rows, one covariate; the last time has the only row at risk fail */
    const double X[4] = {0.5, -1.0, 2.0, 0.0}, t[4] = {2, 3, 5, 9}, e[4] = {1, 0, 1, 1};
    const double nx[2] = {0.3, -0.2};
    double rm[2], se[2];
    csat_cox *m;
    csat_cox_baseline b;
    (void)state;
    assert_int_equal(csat_cox_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_cox_fit(m, X, 4, 1, NULL, t, e, NULL, NULL, NULL, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_cox_baseline_get(m, &b), CSAT_OK);
    assert_int_equal(b.n_times, 3);
    assert_true(b.n_risk[0] == 4 && b.n_event[0] == 1);
    assert_true(b.n_risk[1] == 2 && b.n_event[1] == 1);
    assert_true(b.n_risk[2] == 1 && b.n_event[2] == 1);
    csat_assert_status(csat_cox_predict_rmst_se(m, nx, 2, 1, NULL, 1.5, rm, se), CSAT_OK);
    assert_true(rm[0] == 1.5 && rm[1] == 1.5 && se[0] == 0.0 && se[1] == 0.0);
    /* horizon 12, by hand: hh = 1/12, 1/2 and 0 (n.risk = n.event at 9) */
    csat_assert_status(csat_cox_predict_rmst_se(m, nx, 2, 1, NULL, 12.0, rm, se), CSAT_OK);
    for (int i = 0; i < 2; i++) {
        double coef, S[3], a9, a5, a2;
        assert_int_equal(csat_cox_coef(m, &coef, NULL, NULL, 1), CSAT_OK);
        for (int k = 0; k < 3; k++)
            S[k] = exp(-b.cumhaz[k] * exp((nx[i] - b.means[0]) * coef));
        a9 = 3.0 * S[2];
        a5 = 4.0 * S[1] + a9;
        a2 = 3.0 * S[0] + a5;
        csat_assert_close(rm[i], 2.0 + a2, 1e-14, 0.0);
        csat_assert_close(se[i], sqrt(a2 * a2 / 12.0 + a5 * a5 / 2.0), 1e-14, 0.0);
    }
    csat_cox_free(m);
}

/* Bad input: a clear status, a message naming what is wrong, outputs untouched. */
#define EXPECT(call, want, needle)                                                             \
    do {                                                                                       \
        csat_status st_ = (call);                                                              \
        if (st_ != (want) || !strstr(csat_cox_last_error(m), (needle)))                        \
            fail_msg("%s: status %d (want %d), message \"%s\" (want \"%s\")", #call, (int)st_, \
                     (int)(want), csat_cox_last_error(m), (needle));                           \
    } while (0)

static void test_bad_input(void **state)
{
    csat_cox *m;
    double X[6] = {50, 1, 0, 65, 2, 1}, rm[2] = {-7, -7}, se[2] = {-7, -7};
    uint64_t s[2] = {0, 9};
    csat_cox_baseline b;
    (void)state;
    assert_int_equal(csat_cox_predict_rmst_se(NULL, X, 2, 3, NULL, 100.0, rm, se), CSAT_EINVAL);
    assert_int_equal(csat_cox_new(&m, NULL), CSAT_OK);
    EXPECT(csat_cox_predict_rmst_se(m, X, 2, 3, NULL, 100.0, rm, se), CSAT_EMISUSE, "no baseline");
    csat_assert_status(csat_cox_fit(m, lung_X, LUNG_N, 3, NULL, lung_time, lung_event, NULL, NULL,
                                    NULL, NULL, NULL), CSAT_OK);
    EXPECT(csat_cox_predict_rmst_se(m, X, 2, 3, NULL, 0.0, rm, se), CSAT_EINVAL, "horizon = 0");
    EXPECT(csat_cox_predict_rmst_se(m, X, 2, 3, NULL, INFINITY, rm, se), CSAT_EINVAL, "horizon = inf");
    EXPECT(csat_cox_predict_rmst_se(m, X, 2, 3, NULL, NAN, rm, se), CSAT_EINVAL, "horizon");
    EXPECT(csat_cox_predict_rmst_se(m, X, 2, 3, NULL, 100.0, NULL, se), CSAT_EINVAL, "rmst is NULL");
    EXPECT(csat_cox_predict_rmst_se(m, X, 2, 3, NULL, 100.0, rm, NULL), CSAT_EINVAL, "std_err is NULL");
    EXPECT(csat_cox_predict_rmst_se(m, X, 2, 2, NULL, 100.0, rm, se), CSAT_EINVAL, "n_cols = 2");
    EXPECT(csat_cox_predict_rmst_se(m, X, 0, 3, NULL, 100.0, rm, se), CSAT_EEMPTY, "n_rows = 0");
    EXPECT(csat_cox_predict_rmst_se(m, NULL, 2, 3, NULL, 100.0, rm, se), CSAT_EINVAL, "X is NULL");
    EXPECT(csat_cox_predict_rmst_se(m, X, 2, 3, s, 100.0, rm, se), CSAT_EINVAL, "no strata");
    X[4] = NAN;
    EXPECT(csat_cox_predict_rmst_se(m, X, 2, 3, NULL, 100.0, rm, se), CSAT_EINVAL, "row 1, column 1");
    X[4] = 2;
    X[3] = 1e6; /* exp(x'b) overflows */
    EXPECT(csat_cox_predict_rmst_se(m, X, 2, 3, NULL, 100.0, rm, se), CSAT_EDOM, "row 1: exp(x'b)");
    X[3] = 65;
    for (int i = 0; i < 2; i++)
        assert_true(rm[i] == -7 && se[i] == -7);
    /* csat_cox_set_baseline's checks of the counts */
    csat_assert_status(csat_cox_baseline_get(m, &b), CSAT_OK);
    {
        csat_cox_baseline bad = b;
        double nr[200];
        assert_true(b.n_times <= 200);
        memcpy(nr, b.n_risk, b.n_times * sizeof *nr);
        bad.n_event = NULL;
        EXPECT(csat_cox_set_baseline(m, &bad), CSAT_EINVAL, "both or neither");
        bad = b;
        nr[5] = b.n_event[5] / 2.0;
        bad.n_risk = nr;
        EXPECT(csat_cox_set_baseline(m, &bad), CSAT_EINVAL, "n_event <= n_risk) at index 5");
        nr[5] = NAN;
        EXPECT(csat_cox_set_baseline(m, &bad), CSAT_EINVAL, "n_risk, n_event");
        nr[5] = b.n_risk[5];
        bad.n_event = b.n_risk; /* n_event = n_risk: allowed (that term is 0) */
        csat_assert_status(csat_cox_set_baseline(m, &bad), CSAT_OK);
    }
    csat_cox_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lung),
        cmocka_unit_test(test_veteran_ovarian),
        cmocka_unit_test(test_telco),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
