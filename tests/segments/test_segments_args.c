/*
 * Segmentation: the argument checks of lifecycle stages, value tiers, the
 * customer pyramid, ABC analysis, RFM segment tables and benefit segments
 * in one table (args_table.h), outputs untouched on error; each valid call
 * is checked against the rule of csat.h worked by hand (comments).
 */
#include "args_table.h"

OPTIONS_INIT_WRAPPER(lifecycle_options_init, csat_lifecycle_options, CSAT_LIFECYCLE_OPTIONS_VERSION)
OPTIONS_INIT_WRAPPER(value_tier_options_init, csat_value_tier_options, CSAT_VALUE_TIER_OPTIONS_VERSION)
OPTIONS_INIT_WRAPPER(pyramid_options_init, csat_pyramid_options, CSAT_PYRAMID_OPTIONS_VERSION)
OPTIONS_INIT_WRAPPER(abc_options_init, csat_abc_options, CSAT_ABC_OPTIONS_VERSION)
OPTIONS_INIT_WRAPPER(rfm_options_init, csat_rfm_options, CSAT_RFM_OPTIONS_VERSION)

/* the option fields a[4..9] of the lifecycle wrappers */
static csat_lifecycle_options lifecycle_opts(const double *a)
{
    const csat_lifecycle_options o = {(unsigned)a[9], a[4], a[5], a[6], a[7], (csat_lifecycle_measure)(int)a[8]};
    return o;
}

/* tenure {a0, 10}, recent {a1, 5}, earlier {a2, 5}, n a3; out: trend.
 * Customer 0: tenure 200 >= 180, trend (10 - 5) / 10 = 0.5: GROWTH */
static csat_status w_stages(const double *a, unsigned nul, void *out)
{
    const double t[2] = {a[0], 10}, r[2] = {a[1], 5}, e[2] = {a[2], 5};
    const csat_lifecycle_options o = lifecycle_opts(a);
    int st[2];
    csat_status s = csat_lifecycle_stages(ARGP(nul, 1, t), ARGP(nul, 2, r), ARGP(nul, 3, e), (size_t)a[3], &o,
                                          ARGP(nul, 4, st), (double *)out, NULL, CSAT_ARGS_ERR);
    if (s == CSAT_OK && (st[0] != CSAT_STAGE_GROWTH || st[1] != CSAT_STAGE_ACQUISITION))
        return CSAT_EINTERNAL;
    return s;
}
static const csat_args_fn LS = {"lifecycle_stages", w_stages,
                                {200, 10, 5, 2, 90, 180, 0.25, 0.25, CSAT_LIFECYCLE_PURCHASES,
                                 CSAT_LIFECYCLE_OPTIONS_VERSION}, 0.5, 0};

/* times {a0, 50, 150}, amounts {a1, 10, 10}, n a2, now a3; out: trend.
 * now 200, window 90: recent (110, 200] holds 150, earlier (20, 110] holds
 * 50: trend 0, tenure 200 - 10: MATURITY */
static csat_status w_history(const double *a, unsigned nul, void *out)
{
    const double t[3] = {a[0], 50, 150}, m[3] = {a[1], 10, 10};
    const csat_lifecycle_options o = lifecycle_opts(a);
    csat_lifecycle_stage st;
    csat_status s = csat_lifecycle_from_history(ARGP(nul, 1, t), ARGP(nul, 2, m), (size_t)a[2], a[3], &o,
                                                ARGP(nul, 4, &st), (double *)out, CSAT_ARGS_ERR);
    if (s == CSAT_OK && st != CSAT_STAGE_MATURITY)
        return CSAT_EINTERNAL;
    return s;
}
static const csat_args_fn LH = {"lifecycle_from_history", w_history,
                                {10, 10, 3, 200, 90, 180, 0.25, 0.25, CSAT_LIFECYCLE_SPEND,
                                 CSAT_LIFECYCLE_OPTIONS_VERSION}, 0.0, 0};

/* frequency {a0, 1, 5, 2}, amount {a1, 10, 50, 20}, n a2, cuts a3, a4,
 * potential_high_amount a5, version a6; out: tier[0] as a double.
 * f 3 > 2.5, amount 40 > 15: HIGH_VALUE */
static csat_status w_tiers(const double *a, unsigned nul, void *out)
{
    const double f[4] = {a[0], 1, 5, 2}, m[4] = {a[1], 10, 50, 20};
    const csat_value_tier_options o = {(unsigned)a[6], a[3], a[4], (int)a[5]};
    int tier[4];
    size_t counts[4];
    csat_status s = csat_value_tiers(ARGP(nul, 1, f), ARGP(nul, 2, m), (size_t)a[2], ARGP(nul, 8, &o), NULL,
                                     ARGP(nul, 4, tier), NULL, counts, CSAT_ARGS_ERR);
    if (s == CSAT_OK) {
        double v = tier[0];
        memcpy(out, &v, sizeof v);
    }
    return s;
}
static const csat_args_fn VT = {"value_tiers", w_tiers, {3, 40, 4, 2.5, 15, 1, CSAT_VALUE_TIER_OPTIONS_VERSION},
                                (double)CSAT_TIER_HIGH_VALUE, 0};

/* profit {a0, 50, 10, -5}, n a1, rule a2, platinum a3, gold a4, lead_below a5,
 * version a6; out: tier[0]. Non-LEAD: 100, 50, 10 (m = 3): 100 has none
 * above it: PLATINUM */
static csat_status w_pyramid(const double *a, unsigned nul, void *out)
{
    const double p[4] = {a[0], 50, 10, -5};
    const csat_pyramid_options o = {(unsigned)a[6], (csat_pyramid_rule)(int)a[2], a[3], a[4], a[5]};
    int tier[4];
    csat_status s = csat_pyramid(ARGP(nul, 1, p), (size_t)a[1], ARGP(nul, 4, &o), NULL, ARGP(nul, 2, tier), NULL, CSAT_ARGS_ERR);
    if (s == CSAT_OK) {
        double v = tier[0];
        if (tier[3] != CSAT_PYRAMID_LEAD)
            return CSAT_EINTERNAL;
        memcpy(out, &v, sizeof v);
    }
    return s;
}
static const csat_args_fn PY = {"pyramid", w_pyramid, {100, 4, CSAT_PYRAMID_RANK, 0.2, 0.5, 0, CSAT_PYRAMID_OPTIONS_VERSION},
                                (double)CSAT_PYRAMID_PLATINUM, 0};

/* value {a0, 30, 15, 5}, n a1, a_cut a2, b_cut a3, top_fraction a4, version a5;
 * out: the Gini coefficient. Ascending 5, 15, 30, 100 (sum 150):
 * (-3 x 5 - 1 x 15 + 1 x 30 + 3 x 100) / (4 x 150) = 0.5 */
static csat_status w_abc(const double *a, unsigned nul, void *out)
{
    const double v[4] = {a[0], 30, 15, 5};
    const csat_abc_options o = {(unsigned)a[5], a[2], a[3], a[4]};
    csat_abc_summary sm;
    int k[4];
    csat_status s = csat_abc(ARGP(nul, 1, v), (size_t)a[1], ARGP(nul, 2, &o), NULL, k, NULL, &sm, CSAT_ARGS_ERR);
    if (s == CSAT_OK)
        memcpy(out, &sm.gini, sizeof sm.gini);
    return s;
}
static const csat_args_fn AB = {"abc", w_abc, {100, 4, 0.8, 0.95, 0.2, CSAT_ABC_OPTIONS_VERSION}, 0.5, 1e-15};

/* importance rows {a0, 1, 2}, {3, 1, 1}; n a1, n_benefits a2; out: shares */
static csat_status w_benefit(const double *a, unsigned nul, void *out)
{
    const double imp[6] = {a[0], 1, 2, 3, 1, 1};
    int seg[2];
    return csat_benefit_segments(ARGP(nul, 1, imp), (size_t)a[1], (size_t)a[2], ARGP(nul, 2, seg), (double *)out, CSAT_ARGS_ERR);
}
/* respondent 0 (5, 1, 2) and 1 (3, 1, 1) both seek benefit 0: share 1 */
static const csat_args_fn BE = {"benefit_segments", w_benefit, {5, 2, 3}, 1.0, 0};

/* ---- RFM tables ----------------------------------------------------------------------- */

/* a table of two rules on 5 bins with one bound or field replaced:
 * a0 = rule 0's r_hi, a1 = its fm_average, a2 = its m_lo, a3 = bins,
 * a4 = n_rules, a5 = others; out: the report. NULL: bit 1 the table,
 * 2 its rules, 4 others_name */
static csat_status w_validate(const double *a, unsigned nul, void *out)
{
    csat_rfm_rule rules[2] = {{"Best", 4, (int)a[0], 4, 5, (int)a[2], 5, (int)a[1]}, {"Rest", 1, 5, 1, 5, 1, 5, 0}};
    const csat_rfm_table t = {ARGP(nul, 2, rules), (size_t)a[4], (unsigned)a[3], (int)a[5],
                              ARGP(nul, 4, "Others")};
    csat_status s = csat_rfm_table_validate(ARGP(nul, 1, &t), (csat_rfm_table_report *)out, NULL, NULL, CSAT_ARGS_ERR);
    return s;
}
/* 125 cells */
static const csat_args_fn TV = {"rfm_table_validate", w_validate, {5, 0, 4, 5, 2, 1}, NAN, 0};

/* scores r {a0, 1}, f {a1, 1}, m {a2, 1} against the R rfm 0.3 table */
static csat_status w_assign(const double *a, unsigned nul, void *out)
{
    const int r[2] = {(int)a[0], 1}, f[2] = {(int)a[1], 1}, m[2] = {(int)a[2], 1};
    int seg[2];
    size_t un;
    csat_status s = csat_rfm_segment_assign(ARGP(nul, 1, csat_rfm_table_builtin(CSAT_RFM_TABLE_R_V03)),
                                            ARGP(nul, 2, r), ARGP(nul, 3, f), ARGP(nul, 4, m), (size_t)a[3],
                                            ARGP(nul, 5, seg), NULL, &un, CSAT_ARGS_ERR);
    if (s == CSAT_OK) {
        double v = seg[0];
        memcpy(out, &v, sizeof v);
    }
    return s;
}
/* 5, 5, 5 is the first segment, Champions */
static const csat_args_fn SA = {"rfm_segment_assign", w_assign, {5, 5, 5, 2}, 0.0, 0};

static const double HUGE_N = (double)(SIZE_MAX / 4);

static const csat_args_case rows[] = {
    OPTIONS_ROWS(lifecycle_options_init), OPTIONS_ROWS(value_tier_options_init),
    OPTIONS_ROWS(pyramid_options_init), OPTIONS_ROWS(abc_options_init), OPTIONS_ROWS(rfm_options_init),

    NUL(LS, 2), NUL(LS, 4), NUL(LS, 8), NUL(LS, 16), ARG(LS, 3, HUGE_N, CSAT_EINVAL), ARG(LS, 3, 0, CSAT_EEMPTY),
    ARG(LS, 0, NAN, CSAT_EINVAL), ARG(LS, 0, -1, CSAT_EINVAL), ARG(LS, 1, INFINITY, CSAT_EINVAL),
    ARG(LS, 2, -1, CSAT_EINVAL), ARG(LS, 9, 99, CSAT_EVERSION), ARG(LS, 5, -1, CSAT_EINVAL),
    ARG(LS, 5, INFINITY, CSAT_EINVAL), ARG(LS, 6, 1, CSAT_EINVAL), ARG(LS, 6, -0.1, CSAT_EINVAL),
    ARG(LS, 6, NAN, CSAT_EINVAL), ARG(LS, 7, 1, CSAT_EINVAL), ARG(LS, 7, NAN, CSAT_EINVAL),
    ARG(LS, 4, 0, CSAT_EINVAL), ARG(LS, 4, NAN, CSAT_EINVAL), ARG(LS, 4, INFINITY, CSAT_EINVAL),
    ARG(LS, 8, 2, CSAT_EINVAL),

    NUL(LH, 2), NUL(LH, 4) /* SPEND needs amounts */, NUL(LH, 16),
    ARG(LH, 2, 0, CSAT_EEMPTY), ARG(LH, 0, NAN, CSAT_EINVAL), ARG(LH, 0, -1, CSAT_EINVAL),
    ARG(LH, 0, 250, CSAT_EINVAL) /* after now */, ARG(LH, 1, -1, CSAT_EINVAL), ARG(LH, 1, NAN, CSAT_EINVAL),
    ARG(LH, 3, NAN, CSAT_EINVAL), ARG(LH, 3, INFINITY, CSAT_EINVAL), ARG(LH, 4, 0, CSAT_EINVAL),
    ARG(LH, 9, 2, CSAT_EVERSION), ARG(LH, 8, -1, CSAT_EINVAL), ARG(LH, 2, HUGE_N, CSAT_EINVAL),

    NUL(VT, 2), NUL(VT, 4), NUL(VT, 16), {&VT, -1, 0, 256, CSAT_OK} /* NULL options: median cuts */,
    ARG(VT, 2, 0, CSAT_EEMPTY), ARG(VT, 2, HUGE_N, CSAT_EINVAL), ARG(VT, 0, NAN, CSAT_EINVAL),
    ARG(VT, 0, -1, CSAT_EINVAL), ARG(VT, 1, INFINITY, CSAT_EINVAL), ARG(VT, 3, INFINITY, CSAT_EINVAL),
    ARG(VT, 4, -INFINITY, CSAT_EINVAL), ARG(VT, 5, 2, CSAT_EINVAL), ARG(VT, 6, 99, CSAT_EVERSION),

    NUL(PY, 2), NUL(PY, 4), {&PY, -1, 0, 16, CSAT_OK}, ARG(PY, 1, 0, CSAT_EEMPTY), ARG(PY, 1, HUGE_N, CSAT_EINVAL),
    ARG(PY, 0, NAN, CSAT_EINVAL), ARG(PY, 0, INFINITY, CSAT_EINVAL), ARG(PY, 2, 2, CSAT_EINVAL),
    ARG(PY, 3, 0, CSAT_EINVAL), ARG(PY, 3, 0.6, CSAT_EINVAL), ARG(PY, 4, 1.5, CSAT_EINVAL),
    ARG(PY, 4, NAN, CSAT_EINVAL), ARG(PY, 5, NAN, CSAT_EINVAL), ARG(PY, 5, INFINITY, CSAT_EINVAL),
    ARG(PY, 6, 99, CSAT_EVERSION),

    NUL(AB, 2), {&AB, -1, 0, 4, CSAT_OK}, ARG(AB, 1, 0, CSAT_EEMPTY), ARG(AB, 1, (double)(SIZE_MAX / 8), CSAT_EINVAL),
    ARG(AB, 0, NAN, CSAT_EINVAL), ARG(AB, 0, -1, CSAT_EINVAL),
    ARG(AB, 2, 0, CSAT_EINVAL), ARG(AB, 2, 0.96, CSAT_EINVAL), ARG(AB, 3, 1.1, CSAT_EINVAL),
    ARG(AB, 3, NAN, CSAT_EINVAL), ARG(AB, 4, -0.1, CSAT_EINVAL), ARG(AB, 4, 1.1, CSAT_EINVAL),
    ARG(AB, 4, NAN, CSAT_EINVAL), ARG(AB, 5, 99, CSAT_EVERSION),

    NUL(BE, 2), NUL(BE, 4), ARG(BE, 2, 0, CSAT_EINVAL), ARG(BE, 0, NAN, CSAT_EINVAL),
    ARG(BE, 0, INFINITY, CSAT_EINVAL), ARG(BE, 1, HUGE_N, CSAT_EINVAL),

    NUL(TV, 2), NUL(TV, 4), NUL(TV, 16), ARG(TV, 0, 6, CSAT_EINVAL), ARG(TV, 0, 3, CSAT_EINVAL) /* lo > hi */,
    ARG(TV, 0, -1, CSAT_EINVAL), ARG(TV, 1, 2, CSAT_EINVAL), ARG(TV, 2, 6, CSAT_EINVAL),
    ARG(TV, 3, 1, CSAT_EINVAL), ARG(TV, 3, 10, CSAT_EINVAL), ARG(TV, 4, 0, CSAT_EINVAL),
    ARG(TV, 4, 300, CSAT_EINVAL), ARG(TV, 2, -1, CSAT_EINVAL),

    NUL(SA, 2), NUL(SA, 4), NUL(SA, 8), NUL(SA, 16), NUL(SA, 32), ARG(SA, 0, 0, CSAT_EINVAL),
    ARG(SA, 0, 6, CSAT_EINVAL), ARG(SA, 1, 0, CSAT_EINVAL), ARG(SA, 1, 6, CSAT_EINVAL), ARG(SA, 2, 0, CSAT_EINVAL),
    ARG(SA, 2, 6, CSAT_EINVAL), ARG(SA, 3, 0, CSAT_OK),
};

static void test_segments_argument_table(void **state)
{
    (void)state;
    csat_args_run(rows, sizeof rows / sizeof rows[0]);
}

/* The regimes one changed argument cannot reach, with their documented results. */
static void test_segments_edges(void **state)
{
    csat_lifecycle_options lo = CSAT_LIFECYCLE_OPTIONS_INIT;
    csat_lifecycle_stage st = CSAT_STAGE_GROWTH;
    double trend = -7;
    (void)state;
    {
        /* a window's spend past DBL_MAX: CSAT_EDOM, outputs untouched */
        const double t[2] = {150, 160}, m[2] = {1e308, 1e308};
        lo.measure = CSAT_LIFECYCLE_SPEND;
        csat_assert_status(csat_lifecycle_from_history(t, m, 2, 200, &lo, &st, &trend, CSAT_ARGS_ERR), CSAT_EDOM);
        assert_true(st == CSAT_STAGE_GROWTH && trend == -7);
        /* purchases: two recent, none earlier, long tenure: trend 1, GROWTH; trend may be NULL */
        const double t3[3] = {0, 150, 160};
        lo.measure = CSAT_LIFECYCLE_PURCHASES;
        csat_assert_status(csat_lifecycle_from_history(t3, NULL, 3, 200, &lo, &st, &trend, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(st == CSAT_STAGE_GROWTH && trend == 1);
        csat_assert_status(csat_lifecycle_from_history(t3, NULL, 3, 200, &lo, &st, NULL, CSAT_ARGS_ERR), CSAT_OK);
        /* silent in both windows: trend -1, DECLINE */
        const double old[1] = {0};
        csat_assert_status(csat_lifecycle_from_history(old, NULL, 1, 500, &lo, &st, &trend, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(st == CSAT_STAGE_DECLINE && trend == -1);
    }
    {
        /* lifecycle from a store: bad arguments, then an empty store */
        csat_customers *c;
        uint64_t ids[1] = {7};
        int stage[1] = {-7};
        size_t n = 7;
        assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
        csat_assert_status(csat_lifecycle_from_store(NULL, 10, NULL, NULL, ids, stage, NULL, 1, &n), CSAT_EINVAL);
        csat_assert_status(csat_lifecycle_from_store(c, NAN, NULL, NULL, ids, stage, NULL, 1, &n), CSAT_EINVAL);
        csat_assert_status(csat_lifecycle_from_store(c, 10, NULL, NULL, NULL, stage, NULL, 1, &n), CSAT_EINVAL);
        csat_assert_status(csat_lifecycle_from_store(c, 10, NULL, NULL, ids, NULL, NULL, 1, &n), CSAT_EINVAL);
        csat_assert_status(csat_lifecycle_from_store(c, 10, NULL, NULL, ids, stage, NULL, 1, NULL), CSAT_EINVAL);
        lo.window = -1;
        csat_assert_status(csat_lifecycle_from_store(c, 10, &lo, NULL, ids, stage, NULL, 1, &n), CSAT_EINVAL);
        csat_assert_status(csat_lifecycle_from_store(c, 10, NULL, NULL, ids, stage, NULL, 1, &n), CSAT_EEMPTY);
        assert_true(ids[0] == 7 && stage[0] == -7 && n == 7);
        csat_customers_free(c);
    }
    {
        /* value tiers: a median cut of a constant column is undefined */
        const double f[3] = {2, 2, 2}, m[3] = {1, 2, 3};
        int tier[3] = {-7, -7, -7};
        double cuts[2] = {-7, -7};
        csat_assert_status(csat_value_tiers(f, m, 3, NULL, NULL, tier, cuts, NULL, CSAT_ARGS_ERR), CSAT_EDOM);
        assert_true(tier[0] == -7 && cuts[0] == -7);
        /* with the frequency cut given, the amount's median is 2: (f 2 > 1.5, m 3 > 2) HIGH_VALUE */
        csat_value_tier_options o = CSAT_VALUE_TIER_OPTIONS_INIT;
        o.frequency_cut = 1.5;
        o.potential_high_amount = 0; /* high frequency, low amount: POTENTIAL */
        csat_assert_status(csat_value_tiers(f, m, 3, &o, NULL, tier, cuts, NULL, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(cuts[0] == 1.5 && cuts[1] == 2);
        assert_int_equal(tier[2], CSAT_TIER_HIGH_VALUE);
        assert_int_equal(tier[0], CSAT_TIER_POTENTIAL);
    }
    {
        /* pyramid by profit share: non-LEAD profit not positive is undefined */
        const double p[3] = {-1, -2, 5};
        int tier[3] = {-7, -7, -7};
        csat_pyramid_options o = CSAT_PYRAMID_OPTIONS_INIT;
        o.rule = CSAT_PYRAMID_PROFIT_SHARE;
        o.lead_below = -10;
        csat_assert_status(csat_pyramid(p, 2, &o, NULL, tier, NULL, CSAT_ARGS_ERR), CSAT_EDOM);
        assert_true(tier[0] == -7);
        /* 5 holds 5/2 of the total: PLATINUM; -1 has 5 above it (share 2.5 >= 0.5): IRON */
        csat_assert_status(csat_pyramid(p, 3, &o, NULL, tier, NULL, CSAT_ARGS_ERR), CSAT_OK);
        assert_int_equal(tier[2], CSAT_PYRAMID_PLATINUM);
        assert_int_equal(tier[0], CSAT_PYRAMID_IRON);
    }
    {
        /* ABC: a zero total is undefined; the curve and the top share */
        const double z[2] = {0, 0}, v[4] = {100, 30, 15, 5};
        double curve[5];
        int k[4];
        csat_abc_summary sm;
        csat_abc_options o = CSAT_ABC_OPTIONS_INIT;
        csat_assert_status(csat_abc(z, 2, NULL, NULL, k, curve, &sm, CSAT_ARGS_ERR), CSAT_EDOM);
        const double big[2] = {1.7e308, 1.7e308};
        csat_assert_status(csat_abc(big, 2, NULL, NULL, k, curve, &sm, CSAT_ARGS_ERR), CSAT_EDOM);
        o.top_fraction = 1.0;
        csat_assert_status(csat_abc(v, 4, &o, NULL, k, curve, &sm, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(curve[0] == 0 && curve[4] == 1 && sm.top_share == 1);
        csat_assert_close(curve[1], 100.0 / 150, 1e-15, 0);
        assert_true(k[0] == CSAT_ABC_A && k[1] == CSAT_ABC_B && k[2] == CSAT_ABC_C && k[3] == CSAT_ABC_C);
        o.top_fraction = 0.0;
        csat_assert_status(csat_abc(v, 4, &o, NULL, NULL, NULL, &sm, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(sm.top_share == 0);
    }
    {
        /* benefit shares: a tie gets -1 and the last share */
        const double imp[6] = {5, 5, 1, 0, 2, 1};
        int seg[2];
        double shares[4], th[5], sum = -7;
        csat_assert_status(csat_benefit_segments(imp, 2, 3, seg, shares, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(seg[0] == -1 && seg[1] == 1 && shares[3] == 0.5 && shares[1] == 0.5);
        csat_assert_status(csat_benefit_segments(imp, 2, 3, seg, NULL, CSAT_ARGS_ERR), CSAT_OK);
        csat_assert_status(csat_benefit_theory_shares(NULL, &sum, CSAT_ARGS_ERR), CSAT_EINVAL);
        assert_true(sum == -7);
        csat_assert_status(csat_benefit_theory_shares(th, NULL, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(th[0] == 0.52);
    }
    {
        /* RFM names: out of range, the catch-all, a table without one */
        const csat_rfm_table *t = csat_rfm_table_builtin(CSAT_RFM_TABLE_R_V03);
        const csat_rfm_table *g = csat_rfm_table_builtin(CSAT_RFM_TABLE_RF_GRID);
        assert_true(strcmp(csat_rfm_segment_name(t, -1), "") == 0);
        assert_true(strcmp(csat_rfm_segment_name(NULL, 0), "") == 0);
        assert_true(strcmp(csat_rfm_segment_name(t, (int)t->n_rules), "Others") == 0);
        assert_true(strcmp(csat_rfm_segment_name(g, (int)g->n_rules), "") == 0);
        assert_true(strcmp(csat_rfm_segment_name(t, 1000), "") == 0);
        assert_null(csat_rfm_table_builtin((csat_rfm_builtin)9));
        /* a table without catch-all and a customer no row matches */
        const csat_rfm_rule one[1] = {{"Top", 5, 5, 5, 5, 5, 5, 0}};
        const csat_rfm_table t1 = {one, 1, 5, 0, NULL};
        const int r[2] = {5, 1}, f[2] = {5, 1}, m[2] = {5, 1};
        int seg[2] = {-7, -7};
        size_t counts[2], un = 7;
        csat_assert_status(csat_rfm_segment_assign(&t1, r, f, m, 2, seg, counts, NULL, CSAT_ARGS_ERR), CSAT_EDOM);
        assert_true(seg[0] == -7);
        csat_assert_status(csat_rfm_segment_assign(&t1, r, f, m, 2, seg, counts, &un, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(seg[0] == 0 && seg[1] == -1 && un == 1 && counts[0] == 1);
        /* a catch-all without a name is malformed */
        const csat_rfm_table t2 = {one, 1, 5, 1, NULL};
        csat_rfm_table_report rep;
        csat_assert_status(csat_rfm_table_validate(&t2, &rep, NULL, NULL, CSAT_ARGS_ERR), CSAT_EINVAL);
        csat_assert_status(csat_rfm_table_validate(&t1, &rep, NULL, NULL, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(rep.n_cells == 125 && rep.n_uncovered == 124);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_segments_argument_table),
        cmocka_unit_test(test_segments_edges),
    };
    return cmocka_run_group_tests_name("segments_args", tests, NULL, NULL);
}
