/*
 * Kaplan-Meier, the log-rank test and cohort tables: argument checks in one
 * table (args_table.h), outputs untouched on error, on data small enough to
 * work by hand. Durations 1, 2, 3+, 4 (3 censored): S(1) = 3/4,
 * S(2) = 1/2, S(4) = 0; the median is the midpoint 3 of the interval where
 * S = 1/2 (R's rule); the restricted mean to 4 is 1 + 3/4 + 2 x 1/2 = 2.75.
 */
#include "args_table.h"

static const double T4[4] = {1, 2, 3, 4}, E4[4] = {1, 1, 0, 1};

/* a: times[0], events[0], weights[0], n, conf_type, conf_level, version, use weights;
 * out: S(2.5); the handle keeps no fit on error */
static csat_status w_km_fit(const double *a, unsigned nul, void *out)
{
    double t[4], e[4], w[4] = {a[2], 1, 1, 1}, at = 2.5, s;
    const csat_km_options o = {(unsigned)a[6], (csat_km_conf_type)(int)a[4], a[5]};
    csat_km *km;
    csat_status st;
    size_t m;
    memcpy(t, T4, sizeof t);
    memcpy(e, E4, sizeof e);
    t[0] = a[0];
    e[0] = a[1];
    if (csat_km_new(&km, NULL) != CSAT_OK)
        return CSAT_EINTERNAL;
    st = csat_km_fit(ARGP(nul, 1, km), ARGP(nul, 2, t), ARGP(nul, 3, e), a[7] != 0 ? w : NULL, (size_t)a[3],
                     ARGP(nul, 4, &o));
    if (st == CSAT_OK)
        csat_km_survival_at(km, &at, 1, (double *)out);
    else if (csat_km_size(km, &m) != CSAT_EMISUSE || csat_km_survival_at(km, &at, 1, &s) != CSAT_EMISUSE)
        st = CSAT_EINTERNAL;
    csat_km_free(km);
    return st;
}
static const csat_args_fn KF = {"km_fit", w_km_fit, {1, 1, 1, 4, CSAT_KM_CONF_LOG, 0.95, CSAT_KM_OPTIONS_VERSION, 1},
                                0.5, 1e-15};

/* groups {a0, 7, 7, 7}, group a1, n a2: the same curve for group 7 */
static csat_status w_km_group(const double *a, unsigned nul, void *out)
{
    const uint64_t g[4] = {(uint64_t)a[0], 7, 7, 7};
    double at = 2.5;
    csat_km *km;
    csat_status st;
    if (csat_km_new(&km, NULL) != CSAT_OK)
        return CSAT_EINTERNAL;
    st = csat_km_fit_group(km, T4, E4, NULL, ARGP(nul, 1, g), (uint64_t)a[1], (size_t)a[2], NULL);
    if (st == CSAT_OK)
        csat_km_survival_at(km, &at, 1, (double *)out);
    csat_km_free(km);
    return st;
}
static const csat_args_fn KG = {"km_fit_group", w_km_group, {7, 7, 4}, 0.5, 1e-15};

/* times {a0, 2, 3, 4, 5, 6}, events {a1, 1, ...}, groups {a2, 1, 0, 1, 0, 1}, n a3, n_groups a4; out: df */
static csat_status w_logrank(const double *a, unsigned nul, void *out)
{
    const double t[6] = {a[0], 2, 3, 4, 5, 6}, e[6] = {a[1], 1, 1, 1, 1, 1};
    const uint64_t g[6] = {(uint64_t)a[2], 1, 0, 1, 0, 1};
    double chisq, p, obs[3];
    return csat_km_logrank(ARGP(nul, 1, t), ARGP(nul, 2, e), ARGP(nul, 3, g), (size_t)a[3], (size_t)a[4], obs, NULL,
                           ARGP(nul, 4, &chisq), ARGP(nul, 0, (double *)out), ARGP(nul, 5, &p), NULL, CSAT_ARGS_ERR);
}
static const csat_args_fn LR = {"km_logrank", w_logrank, {1, 1, 0, 6, 2}, 1.0, 0};

/* ids {1, 1, 2}, times {a0, 1.5, 1.2}, amounts {10, 20, a1}, n a2, period a3,
 * origin a4, n_cohorts a5, n_offsets a6, version a7; out: revenue_retention
 * (2 x 2). Cohort 0 = customer 1 (periods 0 and 1), cohort 1 = customer 2:
 * revenue_retention[0][0] = 1 */
static csat_status w_cohort(const double *a, unsigned nul, void *out)
{
    const uint64_t ids[3] = {1, 1, 2};
    const double t[3] = {a[0], 1.5, 1.2}, m[3] = {10, 20, a[1]};
    const csat_cohort_options o = {(unsigned)a[7], a[3], a[4]};
    double rr[8];
    size_t np;
    csat_status st = csat_cohort_table(ARGP(nul, 1, ids), ARGP(nul, 2, t), m, (size_t)a[2], ARGP(nul, 3, &o),
                                       (size_t)a[5], (size_t)a[6], NULL, NULL, NULL, NULL, NULL, rr, &np, NULL, CSAT_ARGS_ERR);
    if (st == CSAT_OK) {
        if (np != 2 || rr[1] != 2)
            return CSAT_EINTERNAL; /* 20 / 10 in the second period */
        memcpy(out, rr, sizeof rr[0]);
    }
    return st;
}
static const csat_args_fn CO = {"cohort_table", w_cohort, {0, 5, 3, 1, NAN, 2, 2, CSAT_COHORT_OPTIONS_VERSION}, 1.0, 0};

OPTIONS_INIT_WRAPPER(km_options_init, csat_km_options, CSAT_KM_OPTIONS_VERSION)
OPTIONS_INIT_WRAPPER(cohort_options_init, csat_cohort_options, CSAT_COHORT_OPTIONS_VERSION)

static const double HUGE_N = (double)(SIZE_MAX / 4);

static const csat_args_case rows[] = {
    OPTIONS_ROWS(km_options_init), OPTIONS_ROWS(cohort_options_init),

    NUL(KF, 2), NUL(KF, 4), NUL(KF, 8), {&KF, -1, 0, 16, CSAT_OK} /* NULL options */,
    ARG(KF, 7, 0, CSAT_OK) /* NULL weights */, ARG(KF, 0, NAN, CSAT_EINVAL), ARG(KF, 0, -1, CSAT_EINVAL),
    ARG(KF, 0, INFINITY, CSAT_EINVAL), ARG(KF, 1, 0.5, CSAT_EINVAL), ARG(KF, 1, 2, CSAT_EINVAL),
    ARG(KF, 2, 0, CSAT_EINVAL), ARG(KF, 2, -1, CSAT_EINVAL), ARG(KF, 2, INFINITY, CSAT_EINVAL),
    ARG(KF, 2, NAN, CSAT_EINVAL), ARG(KF, 3, 0, CSAT_EEMPTY), ARG(KF, 3, HUGE_N, CSAT_EINVAL),
    ARG(KF, 4, 4, CSAT_EINVAL), ARG(KF, 5, 0, CSAT_EINVAL), ARG(KF, 5, 1, CSAT_EINVAL),
    ARG(KF, 5, NAN, CSAT_EINVAL), ARG(KF, 6, 99, CSAT_EVERSION),

    NUL(KG, 2) /* NULL groups (was every row: issue 12) */, ARG(KG, 1, 8, CSAT_EEMPTY), ARG(KG, 0, 8, CSAT_OK) /* row 0 left out */,
    ARG(KG, 2, 0, CSAT_EEMPTY),

    NUL(LR, 1), NUL(LR, 2), NUL(LR, 4), NUL(LR, 8), NUL(LR, 16), NUL(LR, 32), ARG(LR, 4, 1, CSAT_EINVAL),
    ARG(LR, 3, 0, CSAT_EEMPTY), ARG(LR, 4, HUGE_N, CSAT_EINVAL), ARG(LR, 0, NAN, CSAT_EINVAL),
    ARG(LR, 0, -1, CSAT_EINVAL), ARG(LR, 1, 3, CSAT_EINVAL), ARG(LR, 2, 2, CSAT_EINVAL) /* group >= n_groups */,
    ARG(LR, 4, 3, CSAT_EEMPTY) /* group 2 empty */,

    NUL(CO, 2), NUL(CO, 4), {&CO, -1, 0, 8, CSAT_OK} /* NULL options */, ARG(CO, 2, 0, CSAT_EEMPTY),
    ARG(CO, 0, NAN, CSAT_EINVAL), ARG(CO, 0, -INFINITY, CSAT_EINVAL), ARG(CO, 1, -1, CSAT_EINVAL),
    ARG(CO, 3, 0, CSAT_EINVAL), ARG(CO, 3, NAN, CSAT_EINVAL), ARG(CO, 3, INFINITY, CSAT_EINVAL),
    ARG(CO, 4, INFINITY, CSAT_EINVAL), ARG(CO, 4, 1, CSAT_EINVAL) /* origin after a transaction */,
    ARG(CO, 5, 1, CSAT_EBUFSIZE), ARG(CO, 6, 0, CSAT_EINVAL), ARG(CO, 5, HUGE_N, CSAT_EINVAL),
    ARG(CO, 7, 99, CSAT_EVERSION), ARG(CO, 4, -1e300, CSAT_EINVAL) /* too many periods */,
};

static void test_km_argument_table(void **state)
{
    (void)state;
    csat_args_run(rows, sizeof rows / sizeof rows[0]);
}

/* The getters on a fitted and an unfitted curve, and the interval types. */
static void test_km_getters(void **state)
{
    csat_km *km;
    csat_km_options o = CSAT_KM_OPTIONS_INIT;
    csat_km_median med = {-7, -7, -7, -7, -7, -7};
    double rm = -7, se = -7, s[4], lo[4], hi[4], at[2] = {0, 4}, sv[2] = {-7, -7};
    size_t m = 7;
    (void)state;
    assert_true(strcmp(csat_km_last_error(NULL), "") == 0);
    csat_assert_status(csat_km_new(NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_km_size(NULL, &m), CSAT_EINVAL);
    csat_assert_status(csat_km_table(NULL, s, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 4), CSAT_EINVAL);
    csat_assert_status(csat_km_median_survival(NULL, &med), CSAT_EINVAL);
    csat_assert_status(csat_km_restricted_mean(NULL, 4, &rm, &se), CSAT_EINVAL);
    csat_assert_status(csat_km_survival_at(NULL, at, 2, sv), CSAT_EINVAL);
    assert_int_equal(csat_km_new(&km, NULL), CSAT_OK);
    csat_assert_status(csat_km_table(km, s, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 4), CSAT_EMISUSE);
    csat_assert_status(csat_km_median_survival(km, &med), CSAT_EMISUSE);
    csat_assert_status(csat_km_restricted_mean(km, 4, &rm, &se), CSAT_EMISUSE);
    assert_true(m == 7 && rm == -7 && med.median == -7 && sv[0] == -7);

    assert_int_equal(csat_km_fit(km, T4, E4, NULL, 4, NULL), CSAT_OK);
    csat_assert_status(csat_km_size(km, NULL), CSAT_EINVAL);
    assert_int_equal(csat_km_size(km, &m), CSAT_OK);
    assert_int_equal(m, 4);
    /* median 3 (midpoint of [2, 4) where S = 1/2); restricted mean 2.75 */
    assert_int_equal(csat_km_median_survival(km, &med), CSAT_OK);
    assert_true(med.median_found && med.median == 3);
    csat_assert_status(csat_km_median_survival(km, NULL), CSAT_EINVAL);
    assert_int_equal(csat_km_restricted_mean(km, 4, &rm, NULL), CSAT_OK);
    csat_assert_close(rm, 2.75, 1e-15, 0);
    assert_int_equal(csat_km_restricted_mean(km, 1.5, &rm, &se), CSAT_OK);
    csat_assert_close(rm, 1.375, 1e-15, 0);
    assert_true(se > 0);
    rm = -7;
    csat_assert_status(csat_km_restricted_mean(km, NAN, &rm, &se), CSAT_EINVAL);
    csat_assert_status(csat_km_restricted_mean(km, 0, &rm, &se), CSAT_EINVAL);
    csat_assert_status(csat_km_restricted_mean(km, INFINITY, &rm, &se), CSAT_EINVAL);
    csat_assert_status(csat_km_restricted_mean(km, 4, NULL, &se), CSAT_EINVAL);
    assert_true(rm == -7);
    /* S before the first time is 1, at the last 0 */
    assert_int_equal(csat_km_survival_at(km, at, 2, sv), CSAT_OK);
    assert_true(sv[0] == 1 && sv[1] == 0);
    assert_int_equal(csat_km_survival_at(km, NULL, 0, NULL), CSAT_OK);
    {
        const double neg[1] = {-1};
        sv[0] = -7;
        csat_assert_status(csat_km_survival_at(km, neg, 1, sv), CSAT_EINVAL);
        csat_assert_status(csat_km_survival_at(km, at, SIZE_MAX / 4, sv), CSAT_EINVAL);
        csat_assert_status(csat_km_survival_at(km, NULL, 1, sv), CSAT_EINVAL);
        assert_true(sv[0] == -7);
    }
    csat_assert_status(csat_km_table(km, s, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 3), CSAT_EBUFSIZE);
    csat_assert_status(csat_km_table(km, s, NULL, NULL, NULL, NULL, NULL, NULL, NULL, SIZE_MAX / 4), CSAT_EINVAL);
    assert_int_equal(csat_km_table(km, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 4), CSAT_OK);

    /* the interval types at t = 1: S = 3/4, sigma = sqrt(1 / (4 x 3)) */
    {
        const double sigma = sqrt(1.0 / 12.0), z = 1.959963984540054;
        o.conf_type = CSAT_KM_CONF_NONE;
        assert_int_equal(csat_km_fit(km, T4, E4, NULL, 4, &o), CSAT_OK);
        assert_int_equal(csat_km_table(km, NULL, NULL, NULL, NULL, s, NULL, lo, hi, 4), CSAT_OK);
        assert_true(lo[0] == s[0] && hi[0] == s[0] && s[0] == 0.75);
        o.conf_type = CSAT_KM_CONF_PLAIN;
        assert_int_equal(csat_km_fit(km, T4, E4, NULL, 4, &o), CSAT_OK);
        assert_int_equal(csat_km_table(km, NULL, NULL, NULL, NULL, s, NULL, lo, hi, 4), CSAT_OK);
        csat_assert_close(lo[0], 0.75 * (1 - z * sigma), 1e-12, 0);
        assert_true(hi[0] == 1); /* clipped */
        assert_true(lo[3] == 0 && hi[3] == 0); /* S = 0 */
        o.conf_type = CSAT_KM_CONF_LOGLOG;
        assert_int_equal(csat_km_fit(km, T4, E4, NULL, 4, &o), CSAT_OK);
        assert_int_equal(csat_km_table(km, NULL, NULL, NULL, NULL, s, NULL, lo, hi, 4), CSAT_OK);
        csat_assert_close(lo[0], exp(-exp(log(-log(0.75)) - z * sigma / log(0.75))), 1e-12, 0); /* R survfit */
        assert_true(lo[0] < 0.75 && hi[0] > 0.75 && hi[0] < 1);
        assert_true(lo[3] == 0 && hi[3] == 0);
    }
    /* no event at all: S = 1 throughout, no median */
    {
        const double none[2] = {0, 0};
        assert_int_equal(csat_km_fit(km, T4, none, NULL, 2, &o), CSAT_OK);
        assert_int_equal(csat_km_median_survival(km, &med), CSAT_OK);
        assert_true(med.median_found == 0 && med.median == 0);
        assert_int_equal(csat_km_table(km, NULL, NULL, NULL, NULL, s, NULL, lo, hi, 4), CSAT_OK);
        assert_true(s[0] == 1 && lo[0] == 1 && hi[0] == 1);
    }
    csat_km_free(km);
}

/* Log-rank: no events is undefined; two identical groups give chisq 0, p 1. */
static void test_logrank_values(void **state)
{
    const double t[4] = {1, 1, 2, 2}, e[4] = {1, 1, 1, 1}, none[4] = {0, 0, 0, 0};
    const uint64_t g[4] = {0, 1, 0, 1};
    double obs[2], ex[2], chisq = -7, df = -7, p = -7;
    (void)state;
    csat_assert_status(csat_km_logrank(t, none, g, 4, 2, obs, ex, &chisq, &df, &p, NULL, CSAT_ARGS_ERR), CSAT_EDOM);
    assert_true(chisq == -7 && df == -7 && p == -7);
    assert_int_equal(csat_km_logrank(t, e, g, 4, 2, obs, ex, &chisq, &df, &p, NULL, CSAT_ARGS_ERR), CSAT_OK);
    assert_true(obs[0] == 2 && obs[1] == 2 && ex[0] == 2 && df == 1);
    csat_assert_close(chisq, 0, 0, 1e-15);
    csat_assert_close(p, 1, 1e-15, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_km_argument_table),
        cmocka_unit_test(test_km_getters),
        cmocka_unit_test(test_logrank_values),
    };
    return cmocka_run_group_tests_name("km_args", tests, NULL, NULL);
}
