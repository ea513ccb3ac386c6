/*
 * Retention economics and KPI rates: every argument check of the closed
 * forms, one table row per (function, argument, bad value, status), with
 * the output untouched on error (args_table.h). The valid calls are checked
 * against the formulas of csat.h evaluated by hand (values in the comments).
 */
#include "args_table.h"

/* ---- wrappers: a[] holds the numeric arguments in the order of the call ---- */

static csat_status w_margin_multiple(const double *a, unsigned nul, void *out)
{
    return csat_econ_margin_multiple(a[0], a[1], ARGP(nul, 0, (double *)out), CSAT_ARGS_ERR);
}

static csat_status w_gupta_lehmann(const double *a, unsigned nul, void *out)
{
    return csat_econ_clv_gupta_lehmann(a[0], a[1], a[2], a[3], a[4], (csat_clv_timing)(int)a[5],
                                       ARGP(nul, 0, (double *)out), CSAT_ARGS_ERR);
}

static csat_status w_berger_nasr(const double *a, unsigned nul, void *out)
{
    return csat_econ_clv_berger_nasr(a[0], a[1], a[2], a[3], (size_t)a[4], ARGP(nul, 0, (double *)out), CSAT_ARGS_ERR);
}

/* margin = {a[0], a[0], a[0]}, survival = {1, a[1], 0.6}, T = a[2] */
static csat_status w_clv_survival(const double *a, unsigned nul, void *out)
{
    const double margin[3] = {a[0], a[0], a[0]}, survival[3] = {1, a[1], 0.6};
    return csat_econ_clv_survival(ARGP(nul, 1, margin), ARGP(nul, 2, survival), (size_t)a[2], a[3], a[4],
                                  (csat_clv_timing)(int)a[5], ARGP(nul, 0, (double *)out), CSAT_ARGS_ERR);
}

/* margin = {a[0], 100, 100} */
static csat_status w_clv_retention(const double *a, unsigned nul, void *out)
{
    const double margin[3] = {a[0], 100, 100};
    return csat_econ_clv_retention(ARGP(nul, 1, margin), (size_t)a[1], a[2], a[3], a[4],
                                   (csat_clv_timing)(int)a[5], ARGP(nul, 0, (double *)out), CSAT_ARGS_ERR);
}

static csat_status w_payback(const double *a, unsigned nul, void *out)
{
    int found = -1;
    csat_status st = csat_econ_payback(a[0], a[1], a[2], a[3], (int)a[4], ARGP(nul, 0, (double *)out),
                                       ARGP(nul, 1, &found), CSAT_ARGS_ERR);
    if (st == CSAT_OK && found != 1)
        return CSAT_EINTERNAL; /* the valid call pays back */
    return st;
}

/* clv_current = {a[0], a[0] + 10}, n_current = a[1], new_customers = {a[2]}, K = a[3] */
static csat_status w_equity(const double *a, unsigned nul, void *out)
{
    const double cur[2] = {a[0], a[0] + 10}, nw[1] = {a[2]};
    return csat_econ_customer_equity(ARGP(nul, 1, cur), (size_t)a[1], ARGP(nul, 2, nw), (size_t)a[3], a[4],
                                     a[5], a[6], ARGP(nul, 0, (double *)out), CSAT_ARGS_ERR);
}

static csat_status w_retention_effect(const double *a, unsigned nul, void *out)
{
    return csat_econ_retention_effect(a[0], a[1], a[2], a[3], a[4], ARGP(nul, 0, (csat_retention_effect *)out), CSAT_ARGS_ERR);
}

static csat_status w_replacement(const double *a, unsigned nul, void *out)
{
    return csat_econ_replacement(a[0], a[1], a[2], a[3], a[4], ARGP(nul, 0, (csat_replacement *)out), CSAT_ARGS_ERR);
}

static csat_status w_kpi_rates(const double *a, unsigned nul, void *out)
{
    return csat_kpi_rates_from_counts(a[0], a[1], a[2], ARGP(nul, 0, (csat_kpi_rates *)out), CSAT_ARGS_ERR);
}

/* ---- valid calls and their values ------------------------------------------ */

/* 0.8 / (1 + 0.1 - 0.8) */
static const csat_args_fn MM = {"margin_multiple", w_margin_multiple, {0.8, 0.1}, 2.6666666666666665, 0};
/* 100 * 0.8 / (1.1 - 0.8 * 1.02) - 50 */
static const csat_args_fn GL = {"clv_gupta_lehmann", w_gupta_lehmann, {100, 0.8, 0.1, 0.02, 50, 0},
                                231.6901408450704, 0};
/* 260 sum_{k=0..10} q^k - 50 sum_{k=0..9} q^k / sqrt(1.2), q = 0.75 / 1.2
 * (docs/theory/clv.rst, 10.2's example: 568.78) */
static const csat_args_fn BN = {"clv_berger_nasr", w_berger_nasr, {260, 50, 0.75, 0.2, 10}, 568.783067433597,
                                1e-12};
/* 100/1.1 + 80/1.1^2 + 60/1.1^3 */
static const csat_args_fn CS = {"clv_survival", w_clv_survival, {100, 0.8, 3, 0.1, 0, 0}, 202.1036814425244, 0};
/* start of period: 100 + 80/1.1 + 64/1.1^2 - 10 */
static const csat_args_fn CR = {"clv_retention", w_clv_retention, {100, 3, 0.8, 0.1, 10, 1}, 215.6198347107438,
                                0};
/* 100/1.1 = 90.9 < 150 <= 90.9 + 100*0.8/1.21 = 157.0: two periods */
static const csat_args_fn PB = {"payback", w_payback, {100, 0.8, 0.1, 150, 1}, 2.0, 0};
/* 10 + 20 + 5 (30 - 10) / 1.1 */
static const csat_args_fn CE = {"customer_equity", w_equity, {10, 2, 5, 1, 30, 10, 0.1}, 120.9090909090909, 0};
/* lifetime_before = 1 / (1 - 0.8) */
static const csat_args_fn RE = {"retention_effect", w_retention_effect, {100, 0.8, 0.9, 0.1, 0}, 5.0, 0};
/* new_per_lost = 300 / (200 - 100) */
static const csat_args_fn RP = {"replacement", w_replacement, {10, 300, 200, 100, 5}, 3.0, 0};
/* retention = (110 - 20) / 100 */
static const csat_args_fn KR = {"kpi_rates_from_counts", w_kpi_rates, {100, 20, 110}, 0.9, 0};

static const csat_args_case rows[] = {
    NUL(MM, 1), ARG(MM, 0, NAN, CSAT_EINVAL), ARG(MM, 0, -0.1, CSAT_EINVAL), ARG(MM, 0, 1.5, CSAT_EINVAL),
    ARG(MM, 1, NAN, CSAT_EINVAL), ARG(MM, 1, INFINITY, CSAT_EINVAL), ARG(MM, 1, -1.0, CSAT_EINVAL),
    ARG(MM, 1, -0.2, CSAT_EDOM), /* r >= 1 + i */

    NUL(GL, 1), ARG(GL, 0, NAN, CSAT_EINVAL), ARG(GL, 0, INFINITY, CSAT_EINVAL), ARG(GL, 1, NAN, CSAT_EINVAL),
    ARG(GL, 1, 1.01, CSAT_EINVAL), ARG(GL, 2, -1.0, CSAT_EINVAL), ARG(GL, 2, NAN, CSAT_EINVAL),
    ARG(GL, 3, INFINITY, CSAT_EINVAL), ARG(GL, 3, -1.0, CSAT_EINVAL), ARG(GL, 3, NAN, CSAT_EINVAL),
    ARG(GL, 4, -1.0, CSAT_EINVAL), ARG(GL, 4, NAN, CSAT_EINVAL), ARG(GL, 4, INFINITY, CSAT_EINVAL),
    ARG(GL, 5, 2, CSAT_EINVAL), ARG(GL, 5, -1, CSAT_EINVAL),
    ARG(GL, 3, 0.5, CSAT_EDOM),         /* r (1 + g) = 1.2 >= 1.1 */
    ARG(GL, 0, 1e308, CSAT_EDOM),       /* 1e308 / 0.284 overflows */

    NUL(BN, 1), ARG(BN, 0, NAN, CSAT_EINVAL), ARG(BN, 0, INFINITY, CSAT_EINVAL), ARG(BN, 1, NAN, CSAT_EINVAL),
    ARG(BN, 1, -INFINITY, CSAT_EINVAL), ARG(BN, 2, -0.5, CSAT_EINVAL), ARG(BN, 2, NAN, CSAT_EINVAL),
    ARG(BN, 3, -1.0, CSAT_EINVAL), ARG(BN, 3, INFINITY, CSAT_EINVAL), ARG(BN, 4, 2e7, CSAT_EINVAL),
    ARG(BN, 0, 1e308, CSAT_EDOM), /* 1e308 times a sum > 1 */

    NUL(CS, 1), NUL(CS, 2), NUL(CS, 4), ARG(CS, 0, NAN, CSAT_EINVAL), ARG(CS, 0, INFINITY, CSAT_EINVAL),
    ARG(CS, 1, 1.5, CSAT_EINVAL), ARG(CS, 1, -0.1, CSAT_EINVAL), ARG(CS, 1, NAN, CSAT_EINVAL),
    ARG(CS, 3, -1.0, CSAT_EINVAL), ARG(CS, 3, NAN, CSAT_EINVAL), ARG(CS, 4, -1.0, CSAT_EINVAL),
    ARG(CS, 4, INFINITY, CSAT_EINVAL), ARG(CS, 4, NAN, CSAT_EINVAL), ARG(CS, 5, 7, CSAT_EINVAL),
    ARG(CS, 0, 1.7e308, CSAT_EDOM), /* three margins of 1.7e308: the sum overflows */

    NUL(CR, 1), NUL(CR, 2), ARG(CR, 2, NAN, CSAT_EINVAL), ARG(CR, 2, 1.5, CSAT_EINVAL),
    ARG(CR, 2, -1e-9, CSAT_EINVAL), ARG(CR, 3, NAN, CSAT_EINVAL), ARG(CR, 4, NAN, CSAT_EINVAL),
    ARG(CR, 5, -3, CSAT_EINVAL), ARG(CR, 0, -INFINITY, CSAT_EINVAL),

    NUL(PB, 1), NUL(PB, 2), ARG(PB, 0, NAN, CSAT_EINVAL), ARG(PB, 0, INFINITY, CSAT_EINVAL),
    ARG(PB, 1, 2.0, CSAT_EINVAL), ARG(PB, 1, NAN, CSAT_EINVAL), ARG(PB, 2, -2.0, CSAT_EINVAL),
    ARG(PB, 2, NAN, CSAT_EINVAL), ARG(PB, 3, -1.0, CSAT_EINVAL), ARG(PB, 3, INFINITY, CSAT_EINVAL),
    ARG(PB, 3, NAN, CSAT_EINVAL),

    NUL(CE, 1), NUL(CE, 2), NUL(CE, 4), ARG(CE, 0, NAN, CSAT_EINVAL), ARG(CE, 0, INFINITY, CSAT_EINVAL),
    ARG(CE, 2, -1.0, CSAT_EINVAL), ARG(CE, 2, NAN, CSAT_EINVAL), ARG(CE, 4, NAN, CSAT_EINVAL),
    ARG(CE, 4, -INFINITY, CSAT_EINVAL), ARG(CE, 5, -1.0, CSAT_EINVAL), ARG(CE, 5, INFINITY, CSAT_EINVAL),
    ARG(CE, 5, NAN, CSAT_EINVAL), ARG(CE, 6, -1.0, CSAT_EINVAL), ARG(CE, 6, NAN, CSAT_EINVAL),
    ARG(CE, 1, (double)(SIZE_MAX / 4), CSAT_EINVAL), ARG(CE, 3, (double)(SIZE_MAX / 4), CSAT_EINVAL),
    ARG(CE, 0, 1.7e308, CSAT_EDOM), /* 1.7e308 + 1.7e308 overflows */

    NUL(RE, 1), ARG(RE, 1, NAN, CSAT_EINVAL), ARG(RE, 1, -0.1, CSAT_EINVAL), ARG(RE, 1, 1.0, CSAT_EINVAL),
    ARG(RE, 2, NAN, CSAT_EINVAL), ARG(RE, 2, 1.2, CSAT_EINVAL), ARG(RE, 2, 1.0, CSAT_EINVAL),
    ARG(RE, 0, NAN, CSAT_EINVAL),     /* from the Gupta-Lehmann checks */
    ARG(RE, 4, 1000, CSAT_EDOM),      /* clv_before <= 0 */
    ARG(RE, 3, -0.85, CSAT_EDOM),     /* r_after >= 1 + i: the second CLV has no perpetuity */

    NUL(RP, 1), ARG(RP, 0, -1.0, CSAT_EINVAL), ARG(RP, 0, NAN, CSAT_EINVAL), ARG(RP, 0, INFINITY, CSAT_EINVAL),
    ARG(RP, 1, NAN, CSAT_EINVAL), ARG(RP, 2, INFINITY, CSAT_EINVAL), ARG(RP, 3, -1.0, CSAT_EINVAL),
    ARG(RP, 3, INFINITY, CSAT_EINVAL), ARG(RP, 4, 0.0, CSAT_EINVAL), ARG(RP, 4, NAN, CSAT_EINVAL),
    ARG(RP, 4, INFINITY, CSAT_EINVAL), ARG(RP, 3, 200, CSAT_EDOM), /* clv_new <= AC */
    ARG(RP, 1, 1.7e308, CSAT_EDOM),                                /* replacement cost overflows */

    NUL(KR, 1), ARG(KR, 0, -1.0, CSAT_EINVAL), ARG(KR, 0, NAN, CSAT_EINVAL), ARG(KR, 0, INFINITY, CSAT_EINVAL),
    ARG(KR, 1, -1.0, CSAT_EINVAL), ARG(KR, 1, INFINITY, CSAT_EINVAL), ARG(KR, 2, -1.0, CSAT_EINVAL),
    ARG(KR, 2, NAN, CSAT_EINVAL), ARG(KR, 1, 120, CSAT_EINVAL), /* N > E */
    ARG(KR, 2, 130, CSAT_EINVAL),                                 /* E - N > S */
};

static void test_econ_argument_table(void **state)
{
    (void)state;
    csat_args_run(rows, sizeof rows / sizeof rows[0]);
}

/* The regimes apart from the argument checks, with their documented values. */
static void test_econ_edges(void **state)
{
    const double one[1] = {100};
    double v = -7;
    int found = -7;
    csat_kpi_rates k = {-7, -7, -7};
    (void)state;
    /* start of period: m (1 + i) / (1 + i - r) */
    csat_assert_status(csat_econ_clv_gupta_lehmann(100, 0.8, 0.1, 0, 0, CSAT_CLV_START_OF_PERIOD, &v, CSAT_ARGS_ERR), CSAT_OK);
    csat_assert_close(v, 100 * 1.1 / 0.3, 1e-14, 0);
    /* Berger-Nasr, infinite horizon: gc / (1 - q) - m / (sqrt(1 + d) (1 - q)) */
    csat_assert_status(csat_econ_clv_berger_nasr(260, 50, 0.75, 0.2, 0, &v, CSAT_ARGS_ERR), CSAT_OK);
    csat_assert_close(v, 260 / (1 - 0.625) - 50 / (sqrt(1.2) * (1 - 0.625)), 1e-14, 0);
    v = -7;
    csat_assert_status(csat_econ_clv_berger_nasr(260, 50, 1.0, 0.0, 0, &v, CSAT_ARGS_ERR), CSAT_EDOM);
    assert_true(v == -7);
    /* payback: free customers pay back at once; an undiscounted one after ceil(AC / m) */
    csat_assert_status(csat_econ_payback(100, 0.5, 0.1, 0, 1, &v, &found, CSAT_ARGS_ERR), CSAT_OK);
    assert_true(v == 0 && found == 1);
    csat_assert_status(csat_econ_payback(100, 1.0, 0.1, 250, 0, &v, &found, CSAT_ARGS_ERR), CSAT_OK);
    assert_true(v == 3 && found == 1);
    /* never pays back: the perpetuity 100 / (1 - 0.5) = 200 < 250; a loss never does */
    csat_assert_status(csat_econ_payback(100, 0.5, 0.0, 250, 0, &v, &found, CSAT_ARGS_ERR), CSAT_OK);
    assert_true(v == 0 && found == 0);
    found = -7;
    csat_assert_status(csat_econ_payback(-5, 1.0, 0.0, 250, 0, &v, &found, CSAT_ARGS_ERR), CSAT_OK);
    assert_true(v == 0 && found == 0);
    /* T = 0: nothing but the acquisition cost; margin may then be any pointer */
    csat_assert_status(csat_econ_clv_retention(one, 0, 0.5, 0.1, 7, CSAT_CLV_END_OF_PERIOD, &v, CSAT_ARGS_ERR), CSAT_OK);
    assert_true(v == -7);
    /* no customers and no cohorts: equity 0 */
    v = -1;
    csat_assert_status(csat_econ_customer_equity(NULL, 0, NULL, 0, 10, 1, 0.1, &v, CSAT_ARGS_ERR), CSAT_OK);
    assert_true(v == 0);
    /* KPI rates: S = 0 is empty; N / S beyond the double range is CSAT_EDOM */
    csat_assert_status(csat_kpi_rates_from_counts(0, 0, 0, &k, CSAT_ARGS_ERR), CSAT_EEMPTY);
    csat_assert_status(csat_kpi_rates_from_counts(1e-310, 1e300, 1e300, &k, CSAT_ARGS_ERR), CSAT_EDOM);
    assert_true(k.retention_rate == -7 && k.churn_rate == -7 && k.acquisition_rate == -7);
    csat_assert_status(csat_kpi_rates_from_counts(100, 20, 110, &k, CSAT_ARGS_ERR), CSAT_OK);
    csat_assert_close(k.churn_rate, 0.1, 1e-14, 0);
    csat_assert_close(k.acquisition_rate, 0.2, 1e-14, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_econ_argument_table),
        cmocka_unit_test(test_econ_edges),
    };
    return cmocka_run_group_tests_name("econ_args", tests, NULL, NULL);
}
