/*
 * Cox prediction against R's survival::survfit(coxph, newdata) (survival
 * 3.5): tests/reference/cox_survfit.R wrote cox_survfit_reference.h -- the
 * baseline cumulative hazard per stratum at the event times (basehaz),
 * the survival of three new rows at several times with summary()'s
 * std.err and the bounds of conf.type "log", "log-log" and "plain", the
 * median and the restricted mean (summary(, rmean = h)$table) -- on
 * survival's lung (Efron, Breslow, weighted robust), veteran (strata by
 * cell type; counting process split at 90 and 180 days), ovarian, and the
 * telco data. Theory: docs/theory/cox.rst, 20.7.
 */
#include "csat_test.h"

#include "cox_reference.h"
#include "cox_survfit_reference.h"
#include "cox_median_ci_reference.h"
#include "telco_load.h"

#define RTOL 1e-8

typedef struct pred_case {
    const double *X, *entry, *stop, *events, *weights;
    const uint64_t *strata;
    size_t n, p;
    csat_cox_ties ties;
    int robust;
    const double *bt, *bh, *means;
    const size_t *bcount;
    size_t n_strata;
    const double *tt;
    size_t n_tt;
    const double *newX;
    const uint64_t *newS;
    const double *surv, *se, *lo[3], *up[3], *median, *rmean;
    double horizon;
    const double *mlo[3], *mup[3]; /* median bounds (cox_median_ci_reference.h) */
} pred_case;

/* The median bounds of case c from R (tests/reference/cox_median_ci.R). */
#define SET_MCI(c, pfx)                                                                        \
    do {                                                                                       \
        (c).mlo[0] = pfx##_mlo_log, (c).mlo[1] = pfx##_mlo_ll, (c).mlo[2] = pfx##_mlo_pl;      \
        (c).mup[0] = pfx##_mup_log, (c).mup[1] = pfx##_mup_ll, (c).mup[2] = pfx##_mup_pl;      \
    } while (0)

static void close_all(const double *got, const double *want, size_t n, double rtol)
{
    for (size_t i = 0; i < n; i++)
        csat_assert_close(got[i], want[i], rtol, 1e-15);
}

/* The predictions of m against the case's R values. */
static void check_predictions(csat_cox *m, const pred_case *c)
{
    const size_t nr = 3, nt = c->n_tt;
    double surv[64], se[64], lo[64], up[64], med[3], rm[3];
    int reached[3];
    assert_true(nr * nt <= 64);
    for (int ct = 0; ct < 3; ct++) {
        csat_assert_status(csat_cox_predict_survival(m, c->newX, nr, c->p, c->newS, c->tt, nt, 0.95,
                                                     (csat_cox_conf_type)ct, surv, se, lo, up),
                           CSAT_OK);
        close_all(surv, c->surv, nr * nt, RTOL);
        close_all(se, c->se, nr * nt, RTOL);
        close_all(lo, c->lo[ct], nr * nt, RTOL);
        close_all(up, c->up[ct], nr * nt, RTOL);
    }
    csat_assert_status(csat_cox_predict_median(m, c->newX, nr, c->p, c->newS, med, reached), CSAT_OK);
    for (size_t i = 0; i < nr; i++) {
        assert_int_equal(reached[i], c->median[i] >= 0.0);
        assert_true(med[i] == c->median[i]);
    }
    csat_assert_status(csat_cox_predict_rmst(m, c->newX, nr, c->p, c->newS, c->horizon, rm), CSAT_OK);
    close_all(rm, c->rmean, nr, RTOL);
    /* median bounds: event times (or midpoints), equal to R's */
    for (int ct = 0; c->mlo[0] && ct < 3; ct++) {
        double m2[3], lo2[3], up2[3];
        csat_assert_status(csat_cox_predict_median_ci(m, c->newX, nr, c->p, c->newS, 0.95,
                                                      (csat_cox_conf_type)ct, m2, lo2, up2),
                           CSAT_OK);
        for (size_t i = 0; i < nr; i++) {
            if (!(m2[i] == c->median[i] && lo2[i] == c->mlo[ct][i] && up2[i] == c->mup[ct][i]))
                fail_msg("conf %d row %zu: median %g [%g, %g], R %g [%g, %g]", ct, i, m2[i], lo2[i], up2[i],
                         c->median[i], c->mlo[ct][i], c->mup[ct][i]);
        }
    }
}

static void check_case(const pred_case *c)
{
    csat_cox *m, *m2;
    csat_cox_options o;
    csat_cox_baseline b;
    csat_cox_stats st;
    double coef[8], se[8], rse[8];
    assert_int_equal(csat_cox_options_init(&o, CSAT_COX_OPTIONS_VERSION), CSAT_OK);
    o.ties = c->ties;
    o.robust = c->robust;
    assert_int_equal(csat_cox_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_cox_fit(m, c->X, c->n, c->p, c->entry, c->stop, c->events, c->strata,
                                    c->weights, NULL, &o, NULL), CSAT_OK);
    csat_assert_status(csat_cox_baseline_get(m, &b), CSAT_OK);
    assert_int_equal(b.n_coef, c->p);
    assert_int_equal(b.n_strata, c->n_strata);
    assert_int_equal(b.has_strata, c->strata != NULL);
    assert_int_equal(b.stratum_start[0], 0);
    for (size_t s = 0; s < c->n_strata; s++) {
        assert_int_equal(b.stratum_start[s + 1] - b.stratum_start[s], c->bcount[s]);
        if (c->strata)
            assert_int_equal(b.strata[s], s);
    }
    for (size_t k = 0; k < b.n_times; k++) {
        assert_true(b.times[k] == c->bt[k]);
        csat_assert_close(b.cumhaz[k], c->bh[k], RTOL, 0.0);
    }
    close_all(b.means, c->means, c->p, 1e-14);
    check_predictions(m, c);
    /* a model rebuilt by csat_cox_set_fit + csat_cox_set_baseline predicts the same */
    assert_int_equal(csat_cox_coef(m, coef, se, rse, 8), CSAT_OK);
    assert_int_equal(csat_cox_stats_get(m, &st), CSAT_OK);
    assert_int_equal(csat_cox_new(&m2, NULL), CSAT_OK);
    csat_assert_status(csat_cox_set_fit(m2, coef, se, c->robust ? rse : NULL, c->p, &st), CSAT_OK);
    assert_int_equal(csat_cox_predict_rmst(m2, c->newX, 3, c->p, c->newS, 1.0, coef), CSAT_EMISUSE);
    csat_assert_status(csat_cox_set_baseline(m2, &b), CSAT_OK);
    check_predictions(m2, c);
    csat_cox_free(m2);
    csat_cox_free(m);
}

#define CASE_REF(pfx)                                                                          \
    pfx##_bt, pfx##_bh, pfx##_means, pfx##_bcount, sizeof pfx##_bcount / sizeof(size_t),      \
        pfx##_tt, sizeof pfx##_tt / sizeof(double), pfx##_newX
#define CASE_OUT(pfx)                                                                          \
    pfx##_surv, pfx##_se, {pfx##_lo_log, pfx##_lo_ll, pfx##_lo_pl},                            \
        {pfx##_up_log, pfx##_up_ll, pfx##_up_pl}, pfx##_median, pfx##_rmean

static void test_lung(void **state)
{
    (void)state;
    pred_case c = {lung_X, NULL, lung_time, lung_event, NULL, NULL, LUNG_N, 3, CSAT_COX_EFRON, 0,
                   CASE_REF(lp_efron), NULL, CASE_OUT(lp_efron), LP_EFRON_H, {NULL}, {NULL}};
    SET_MCI(c, lp_efron);
    check_case(&c);
    c = (pred_case){lung_X, NULL, lung_time, lung_event, NULL, NULL, LUNG_N, 3, CSAT_COX_BRESLOW, 0,
                    CASE_REF(lp_breslow), NULL, CASE_OUT(lp_breslow), LP_BRESLOW_H, {NULL}, {NULL}};
    SET_MCI(c, lp_breslow);
    check_case(&c);
    c = (pred_case){lung_X, NULL, lung_time, lung_event, lung_w, NULL, LUNG_N, 3, CSAT_COX_EFRON, 1,
                    CASE_REF(lp_wrobust), NULL, CASE_OUT(lp_wrobust), LP_WROBUST_H, {NULL}, {NULL}};
    SET_MCI(c, lp_wrobust);
    check_case(&c);
}

static void test_veteran_ovarian(void **state)
{
    (void)state;
    pred_case c = {vet_X, NULL, vet_time, vet_event, NULL, vp_cell, VET_N, 5, CSAT_COX_EFRON, 0,
                   CASE_REF(vp_strata), vp_strata_newS, CASE_OUT(vp_strata), VP_STRATA_H, {NULL}, {NULL}};
    SET_MCI(c, vp_strata);
    check_case(&c);
    c = (pred_case){vsplit_X5, vsplit_start, vsplit_stop, vsplit_event, NULL, NULL, VSPLIT_N, 5,
                    CSAT_COX_EFRON, 0, CASE_REF(vp_split), NULL, CASE_OUT(vp_split), VP_SPLIT_H, {NULL}, {NULL}};
    SET_MCI(c, vp_split);
    check_case(&c);
    c = (pred_case){ov_X, NULL, ov_time, ov_event, NULL, NULL, OV_N, 3, CSAT_COX_EFRON, 0,
                    CASE_REF(op_efron), NULL, CASE_OUT(op_efron), OP_EFRON_H, {NULL}, {NULL}};
    SET_MCI(c, op_efron);
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
    pred_case c = {X, NULL, t.tenure, t.churned, NULL, NULL, t.n, 5, CSAT_COX_EFRON, 0,
                   CASE_REF(tp_efron), NULL, CASE_OUT(tp_efron), TP_EFRON_H, {NULL}, {NULL}};
    SET_MCI(c, tp_efron);
    check_case(&c);
    c = (pred_case){X, NULL, t.tenure, t.churned, NULL, NULL, t.n, 5, CSAT_COX_BRESLOW, 0,
                    CASE_REF(tp_breslow), NULL, CASE_OUT(tp_breslow), TP_BRESLOW_H, {NULL}, {NULL}};
    SET_MCI(c, tp_breslow);
    check_case(&c);
    free(X);
    telco_free(&t);
}

/* Bad input: a clear status and a message naming what is wrong. */
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
    double X[6] = {50, 1, 0, 65, 2, 1}, t[2] = {10, 100}, out[4] = {-7, -7, -7, -7}, med[2];
    uint64_t s[2] = {0, 9};
    csat_cox_baseline b;
    (void)state;
    assert_int_equal(csat_cox_new(&m, NULL), CSAT_OK);
    EXPECT(csat_cox_predict_survival(m, X, 2, 3, NULL, t, 2, 0.95, CSAT_COX_CONF_LOG, out, NULL, NULL,
                                     NULL), CSAT_EMISUSE, "no baseline");
    assert_int_equal(csat_cox_baseline_get(m, &b), CSAT_EMISUSE);
    csat_assert_status(csat_cox_fit(m, lung_X, LUNG_N, 3, NULL, lung_time, lung_event, NULL, NULL,
                                    NULL, NULL, NULL), CSAT_OK);
    EXPECT(csat_cox_predict_survival(m, X, 3, 2, NULL, t, 2, 0.95, CSAT_COX_CONF_LOG, out, NULL,
                                     NULL, NULL), CSAT_EINVAL, "n_cols = 2");
    X[4] = NAN;
    EXPECT(csat_cox_predict_survival(m, X, 2, 3, NULL, t, 2, 0.95, CSAT_COX_CONF_LOG, out, NULL,
                                     NULL, NULL), CSAT_EINVAL, "X[1][1] (row 1, column 1)");
    EXPECT(csat_cox_predict_median(m, X, 2, 3, NULL, med, NULL), CSAT_EINVAL, "row 1, column 1");
    X[4] = 2;
    t[1] = -1;
    EXPECT(csat_cox_predict_survival(m, X, 2, 3, NULL, t, 2, 0.95, CSAT_COX_CONF_LOG, out, NULL,
                                     NULL, NULL), CSAT_EINVAL, "times[1] = -1");
    t[1] = NAN;
    EXPECT(csat_cox_predict_survival(m, X, 2, 3, NULL, t, 2, 0.95, CSAT_COX_CONF_LOG, out, NULL,
                                     NULL, NULL), CSAT_EINVAL, "times[1]");
    t[1] = 100;
    EXPECT(csat_cox_predict_rmst(m, X, 2, 3, NULL, 0.0, med), CSAT_EINVAL, "horizon = 0");
    EXPECT(csat_cox_predict_rmst(m, X, 2, 3, NULL, -INFINITY, med), CSAT_EINVAL, "horizon");
    EXPECT(csat_cox_predict_survival(m, X, 2, 3, s, t, 2, 0.95, CSAT_COX_CONF_LOG, out, NULL, NULL,
                                     NULL), CSAT_EINVAL, "no strata");
    EXPECT(csat_cox_predict_survival(m, X, 2, 3, NULL, t, 2, 1.0, CSAT_COX_CONF_LOG, out, NULL, out,
                                     out), CSAT_EINVAL, "level = 1");
    EXPECT(csat_cox_predict_survival(m, X, 2, 3, NULL, t, 2, 0.9, (csat_cox_conf_type)7, out, NULL,
                                     out, out), CSAT_EINVAL, "conf = 7");
    EXPECT(csat_cox_predict_survival(m, X, 2, 3, NULL, t, 2, 0.9, CSAT_COX_CONF_LOG, out, NULL, out,
                                     NULL), CSAT_EINVAL, "both or neither");
    EXPECT(csat_cox_predict_survival(m, X, 0, 3, NULL, t, 2, 0.9, CSAT_COX_CONF_LOG, out, NULL, NULL,
                                     NULL), CSAT_EEMPTY, "n_rows = 0");
    EXPECT(csat_cox_predict_survival(m, X, 2, 3, NULL, t, 0, 0.9, CSAT_COX_CONF_LOG, out, NULL, NULL,
                                     NULL), CSAT_EEMPTY, "n_times = 0");
    X[0] = 1e6; /* exp(x'b) overflows */
    EXPECT(csat_cox_predict_survival(m, X, 2, 3, NULL, t, 2, 0.9, CSAT_COX_CONF_LOG, out, NULL, NULL,
                                     NULL), CSAT_EDOM, "row 0: exp(x'b)");
    X[0] = 50;
    for (int k = 0; k < 4; k++)
        assert_true(out[k] == -7);
    EXPECT(csat_cox_predict_survival(m, X, 2, 3, NULL, t, 2, 0.9, CSAT_COX_CONF_LOG, NULL, NULL, NULL,
                                     NULL), CSAT_EINVAL, "surv is NULL");
    /* a stratified fit: unknown and missing strata */
    csat_assert_status(csat_cox_fit(m, vet_X, VET_N, 5, NULL, vet_time, vet_event, vp_cell, NULL,
                                    NULL, NULL, NULL), CSAT_OK);
    {
        double V[10] = {1, 60, 5, 60, 0, 2, 30, 12, 70, 10};
        EXPECT(csat_cox_predict_median(m, V, 2, 5, s, med, NULL), CSAT_EDOM,
               "strata[1] = 9 is not a stratum");
        EXPECT(csat_cox_predict_median(m, V, 2, 5, NULL, med, NULL), CSAT_EINVAL, "strata");
    }
    /* set_baseline checks */
    csat_assert_status(csat_cox_baseline_get(m, &b), CSAT_OK);
    {
        csat_cox_baseline bad = b;
        double tt[200];
        memcpy(tt, b.times, b.n_times * sizeof *tt);
        tt[1] = tt[0];
        bad.times = tt;
        EXPECT(csat_cox_set_baseline(m, &bad), CSAT_EINVAL, "times");
        bad = b;
        bad.n_coef = 4;
        EXPECT(csat_cox_set_baseline(m, &bad), CSAT_EINVAL, "n_coef = 4");
        bad = b;
        bad.has_strata = 0;
        EXPECT(csat_cox_set_baseline(m, &bad), CSAT_EINVAL, "has_strata = 0");
        EXPECT(csat_cox_set_baseline(m, NULL), CSAT_EINVAL, "b is NULL");
    }
    assert_int_equal(csat_cox_baseline_get(NULL, &b), CSAT_EINVAL);
    assert_int_equal(csat_cox_set_baseline(NULL, &b), CSAT_EINVAL);
    assert_int_equal(csat_cox_predict_median(NULL, X, 2, 3, NULL, med, NULL), CSAT_EINVAL);
    assert_int_equal(csat_cox_predict_rmst(NULL, X, 2, 3, NULL, 1.0, med), CSAT_EINVAL);
    assert_int_equal(csat_cox_predict_survival(NULL, X, 2, 3, NULL, t, 2, 0.9, CSAT_COX_CONF_LOG, out,
                                               NULL, NULL, NULL), CSAT_EINVAL);
    csat_cox_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lung),
        cmocka_unit_test(test_veteran_ovarian),
        cmocka_unit_test(test_telco),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
