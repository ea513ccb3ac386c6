/* Net Promoter Score (docs/theory/satisfaction.rst, 6.5). Each vector names its source. */
#include "csat_test.h"

#include <float.h>

static double nps_of(const double *x, size_t n)
{
    csat_nps_result r;
    assert_int_equal(csat_nps(x, n, NULL, &r, NULL), CSAT_OK);
    return r.score;
}

static void test_point_scores(void **state)
{
    /* npspy docs (pypi.org/project/npspy) [P]. */
    const double a[3] = {0, 7, 9}, b[2] = {7, 9}, c[2] = {0, 7};
    /* Dart `satisfaction` package example [D]. */
    const double dart[6] = {1, 7, 7, 8, 9, 10};
    csat_nps_result r;
    (void)state;
    csat_assert_close(nps_of(a, 3), 0, 0, 0);
    csat_assert_close(nps_of(b, 2), 50, 1e-15, 0);
    csat_assert_close(nps_of(c, 2), -50, 1e-15, 0);
    csat_assert_close(nps_of(dart, 6), 100.0 / 6.0, 1e-14, 0);
    assert_int_equal(csat_nps(dart, 6, NULL, &r, NULL), CSAT_OK);
    csat_assert_close(r.promoters, 2, 0, 0);
    csat_assert_close(r.passives, 3, 0, 0);
    csat_assert_close(r.detractors, 1, 0, 0);
    /* whuber (stats.stackexchange "margin of error in a NPS result") [P]:
     * shares 1/2, 1/3, 1/6 -> NPS 1/3; Var 5/9, SD 0.74536 [D]. */
    csat_assert_status(csat_nps_from_counts(3, 2, 1, &r, NULL), CSAT_OK);
    csat_assert_close(r.score, 100.0 / 3.0, 1e-14, 0);
    csat_assert_close(r.variance, 5.0 / 9.0, 1e-14, 0);
    csat_assert_close(sqrt(r.variance), 0.74536, 0, 5e-6);
}

/* Custom breakpoints and a 1..5 scale (R NPS `breaks` parameter), NaN policy. */
static void test_scale_and_missing(void **state)
{
    const double x[5] = {1, 3, 4, 5, NAN};
    csat_nps_options o = CSAT_NPS_OPTIONS_INIT;
    csat_nps_result r, keep;
    (void)state;
    o.scale.min = 1;
    o.scale.max = 5;
    o.detractor_max = 3;
    o.promoter_min = 5;
    memset(&keep, 0x5a, sizeof keep);
    r = keep;
    csat_assert_status(csat_nps(x, 5, &o, &r, NULL), CSAT_EINVAL);
    assert_memory_equal(&r, &keep, sizeof r);
    o.nan_policy = CSAT_NAN_SKIP;
    csat_assert_status(csat_nps(x, 5, &o, &r, NULL), CSAT_OK);
    csat_assert_close(r.score, 100.0 * (1 - 2) / 4.0, 1e-15, 0);
    assert_int_equal(r.n_skipped, 1);
    r = keep;
    csat_assert_status(csat_nps(x + 4, 1, &o, &r, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_nps(x, 0, &o, &r, NULL), CSAT_EEMPTY);
    o.promoter_min = 3;
    csat_assert_status(csat_nps(x, 4, &o, &r, NULL), CSAT_EINVAL);
    o = (csat_nps_options)CSAT_NPS_OPTIONS_INIT;
    {
        const double off[2] = {11, 3}, neg[1] = {-1}, frac[1] = {10.5};
        csat_assert_status(csat_nps(off, 2, &o, &r, NULL), CSAT_EINVAL);
        csat_assert_status(csat_nps(neg, 1, &o, &r, NULL), CSAT_EINVAL);
        csat_assert_status(csat_nps(frac, 1, &o, &r, NULL), CSAT_EINVAL);
        csat_assert_status(csat_nps(NULL, 1, &o, &r, NULL), CSAT_EINVAL);
    }
    o.version = 2;
    csat_assert_status(csat_nps(x, 4, &o, &r, NULL), CSAT_EVERSION);
    csat_assert_status(csat_nps_options_init(&o, 0), CSAT_EVERSION);
    csat_assert_status(csat_nps_from_counts(0, 0, 0, &r, NULL), CSAT_EDOM);
    csat_assert_status(csat_nps_from_counts(-1, 2, 0, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_nps_from_counts(NAN, 2, 0, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_nps_from_counts(INFINITY, 2, 0, &r, NULL), CSAT_EINVAL);
    /* valid counts whose total is past DBL_MAX: EDOM as documented (was
     * EINVAL; valid-input sweep), nothing written (r is compared below) */
    csat_assert_status(csat_nps_from_counts(DBL_MAX, 1e300, 0, &r, NULL), CSAT_EDOM);
    {
        csat_nps_interval ci0;
        double nn = -1;
        csat_assert_status(csat_nps_interval_counts(DBL_MAX, DBL_MAX, 0, CSAT_NPS_WALD, 0.9, 0, 0, &ci0, NULL),
                           CSAT_EDOM);
        csat_assert_status(csat_nps_sample_size(2.0 / 3, 1e-200, 0.95, &nn, NULL), CSAT_EDOM);
        assert_true(nn == -1);
    }
    assert_memory_equal(&r, &keep, sizeof r);
}

/* jdmaturen gist 2995b2795c63825feec0 counts (n 1000, nP 250, nD 75) with the
 * deterministic values of docs/theory/satisfaction.rst, 6.5 [D]. */
static void test_intervals_gist(void **state)
{
    csat_nps_interval ci;
    csat_nps_result r;
    (void)state;
    csat_assert_status(csat_nps_from_counts(250, 675, 75, &r, NULL), CSAT_OK);
    csat_assert_close(r.score, 17.5, 1e-14, 0);
    csat_assert_close(r.variance, 0.294375, 1e-12, 0);
    csat_assert_close(r.se, 1.71574, 0, 5e-5);
    csat_assert_status(csat_nps_interval_counts(250, 675, 75, CSAT_NPS_WALD, 0.95, 0, 0, &ci, NULL), CSAT_OK);
    csat_assert_close(ci.lower, 14.1372, 0, 5e-5);
    csat_assert_close(ci.upper, 20.8628, 0, 5e-5);
    /* stochastic beta-simulation doctest (0.143, 0.205) +- 0.001 [P]: Wald is close */
    csat_assert_close(ci.lower, 14.3, 0, 0.25);
    csat_assert_status(csat_nps_interval_counts(250, 675, 75, CSAT_NPS_ADJUSTED_WALD, 0.95, 0, 0, &ci, NULL),
                       CSAT_OK);
    csat_assert_close(ci.estimate, 17.4477, 0, 5e-5);
    csat_assert_close(ci.se, 1.71522, 0, 5e-5);
    csat_assert_close(ci.lower, 14.0859, 0, 5e-5);
    csat_assert_close(ci.upper, 20.8094, 0, 5e-5);
    /* port of NPS::iterative (brendan-r/NPS R/nps_interval_estimators.R) [D] */
    csat_assert_status(csat_nps_interval_counts(250, 675, 75, CSAT_NPS_SCORE, 0.95, 0, 0, &ci, NULL), CSAT_OK);
    csat_assert_close(ci.lower, 14.1398, 0, 5e-5);
    csat_assert_close(ci.upper, 20.8781, 0, 5e-5);
    /* tests/reference/nps_score_interval.py (mpmath, 50 digits) */
    csat_assert_close(ci.lower, 14.13984378, 0, 1e-7);
    csat_assert_close(ci.upper, 20.87810768, 0, 1e-7);
    /* (nD, nPa, nP) = (2, 0, 9) -> (0.04604, 0.89726) [D] */
    csat_assert_status(csat_nps_interval_counts(9, 0, 2, CSAT_NPS_SCORE, 0.95, 0, 0, &ci, NULL), CSAT_OK);
    csat_assert_close(ci.lower, 4.604, 0, 5e-4);
    csat_assert_close(ci.upper, 89.726, 0, 5e-4);
    csat_assert_close(ci.lower, 4.603887608, 0, 1e-8);
    csat_assert_close(ci.upper, 89.72646205, 0, 1e-7);
    /* all promoters: upper limit is exactly 100 */
    csat_assert_status(csat_nps_interval_counts(5, 0, 0, CSAT_NPS_SCORE, 0.95, 0, 0, &ci, NULL), CSAT_OK);
    csat_assert_close(ci.upper, 100, 0, 0);
    assert_true(ci.lower > -100 && ci.lower < 100);
    csat_assert_status(csat_nps_interval_counts(0, 0, 5, CSAT_NPS_SCORE, 0.95, 0, 0, &ci, NULL), CSAT_OK);
    csat_assert_close(ci.lower, -100, 0, 0);
}

/* sivadivel/nps_stats NPS_stats_2.R example calls [D]. */
static void test_sivadivel(void **state)
{
    csat_nps_interval ci;
    csat_nps_comparison c;
    (void)state;
    /* nps.ci(9, 2, 11) -> 63.64, 18.05, 109.22 -> clipped 100 */
    csat_assert_status(csat_nps_interval_counts(9, 0, 2, CSAT_NPS_WALD, 0.95, 0, 0, &ci, NULL), CSAT_OK);
    csat_assert_close(ci.estimate, 63.64, 0, 5e-3);
    csat_assert_close(ci.lower, 18.05, 0, 5e-3);
    csat_assert_close(ci.upper, 109.22, 0, 5e-3);
    csat_assert_status(csat_nps_interval_counts(9, 0, 2, CSAT_NPS_WALD, 0.95, 1, 0, &ci, NULL), CSAT_OK);
    csat_assert_close(ci.upper, 100, 0, 0);
    /* nps.test(20,10,30, 12,18,30): diff 53.33, SE 0.24825, z 2.1483, p 0.03169, CI (4.68, 101.99) */
    csat_assert_status(csat_nps_compare(20, 0, 10, 12, 0, 18, 0.95, &c, NULL), CSAT_OK);
    csat_assert_close(c.difference, 53.33, 0, 5e-3);
    csat_assert_close(c.se, 24.825, 0, 5e-3);
    csat_assert_close(c.z, 2.1483, 0, 5e-4);
    csat_assert_close(c.p_value, 0.03169, 0, 5e-5);
    csat_assert_close(c.lower, 4.68, 0, 5e-3);
    csat_assert_close(c.upper, 101.99, 0, 5e-3);
}

/* Cybaea (cybaea.net/journal/2016/01/14/NPS-confidence-intervals-stats) [P]:
 * thirds -> Var 2/3, full 95% width ~ 320/sqrt(n); n 1024 -> 10.0019 [D];
 * n for half-width 5 points = 1025 [D]. */
static void test_cybaea(void **state)
{
    csat_nps_interval ci;
    csat_nps_result r;
    double n = 0;
    (void)state;
    csat_assert_status(csat_nps_from_counts(1, 1, 1, &r, NULL), CSAT_OK);
    csat_assert_close(r.variance, 2.0 / 3.0, 1e-14, 0);
    csat_assert_status(csat_nps_interval_counts(1024.0 / 3, 1024.0 / 3, 1024.0 / 3, CSAT_NPS_WALD, 0.95,
                                                0, 0, &ci, NULL),
                       CSAT_OK);
    csat_assert_close(ci.upper - ci.lower, 10.0019, 0, 5e-5);
    csat_assert_close(ci.upper - ci.lower, 320 / 32.0, 0.01, 0);
    csat_assert_status(csat_nps_sample_size(2.0 / 3.0, 5, 0.95, &n, NULL), CSAT_OK);
    csat_assert_close(n, 1025, 0, 0);
    /* found by tests/fuzz/fuzz_survey.c: h * h underflowed and n was +Inf
     * with CSAT_OK; a count beyond DBL_MAX is CSAT_EDOM (n untouched), and a
     * tiny variance over a tiny half-width is still counted:
     * (1.959963984540054 1e-150 / 1e-162)^2 = 3.8414588206941239e24 (mpmath),
     * less the 1e-12 relative guard against rounding up */
    csat_assert_status(csat_nps_sample_size(2.0 / 3.0, 1e-160, 0.95, &n, NULL), CSAT_EDOM);
    csat_assert_close(n, 1025, 0, 0);
    csat_assert_status(csat_nps_sample_size(1e-300, 1e-160, 0.95, &n, NULL), CSAT_OK);
    csat_assert_close(n, 3.8414588206941239e24, 2e-12, 0);
    /* Finite-population correction: N = n gives a zero-width interval. */
    csat_assert_status(csat_nps_interval_counts(10, 10, 10, CSAT_NPS_WALD, 0.95, 0, 30, &ci, NULL), CSAT_OK);
    csat_assert_close(ci.se, 0, 0, 0);
    csat_assert_status(csat_nps_interval_counts(10, 10, 10, CSAT_NPS_WALD, 0.95, 0, 31, &ci, NULL), CSAT_OK);
    csat_assert_close(ci.se, 100 * sqrt(2.0 / 3.0 / 30 * (1.0 / 30.0)), 1e-12, 0);
}

static void test_interval_bad_input(void **state)
{
    csat_nps_interval ci, keep;
    csat_nps_comparison c, ckeep;
    double n = -1;
    (void)state;
    memset(&keep, 0x5a, sizeof keep);
    memset(&ckeep, 0x5a, sizeof ckeep);
    ci = keep;
    c = ckeep;
    csat_assert_status(csat_nps_interval_counts(0, 0, 0, CSAT_NPS_WALD, 0.95, 0, 0, &ci, NULL), CSAT_EDOM);
    csat_assert_status(csat_nps_interval_counts(1, 1, 1, CSAT_NPS_WALD, 1.0, 0, 0, &ci, NULL), CSAT_EINVAL);
    csat_assert_status(csat_nps_interval_counts(1, 1, 1, CSAT_NPS_WALD, NAN, 0, 0, &ci, NULL), CSAT_EINVAL);
    csat_assert_status(csat_nps_interval_counts(1, 1, 1, (csat_nps_interval_method)9, 0.9, 0, 0, &ci, NULL),
                       CSAT_EINVAL);
    csat_assert_status(csat_nps_interval_counts(1, 1, 1, CSAT_NPS_WALD, 0.9, 0, 2, &ci, NULL), CSAT_EINVAL);
    csat_assert_status(csat_nps_interval_counts(1, -1, 1, CSAT_NPS_WALD, 0.9, 0, 0, &ci, NULL), CSAT_EINVAL);
    csat_assert_status(csat_nps_interval_counts(1, 1, 1, CSAT_NPS_WALD, 0.9, 0, 0, NULL, NULL), CSAT_EINVAL);
    assert_memory_equal(&ci, &keep, sizeof ci);
    /* both samples all promoters: SE 0, z undefined */
    csat_assert_status(csat_nps_compare(5, 0, 0, 7, 0, 0, 0.95, &c, NULL), CSAT_EDOM);
    csat_assert_status(csat_nps_compare(5, 0, 0, 0, 0, 0, 0.95, &c, NULL), CSAT_EDOM);
    csat_assert_status(csat_nps_compare(5, 1, 0, 1, 1, 1, 0, &c, NULL), CSAT_EINVAL);
    assert_memory_equal(&c, &ckeep, sizeof c);
    csat_assert_status(csat_nps_sample_size(2.0 / 3.0, 0, 0.95, &n, NULL), CSAT_EINVAL);
    csat_assert_status(csat_nps_sample_size(-1, 5, 0.95, &n, NULL), CSAT_EINVAL);
    csat_assert_status(csat_nps_sample_size(0.5, 5, 0.95, NULL, NULL), CSAT_EINVAL);
    assert_true(n == -1);
}

/* Net CES (@solucx/indicators CES.js) [P code]: 100 (#5-7 - #1-3) / n on 1..7,
 * computed through csat_nps with the CES bands. */
static void test_net_ces(void **state)
{
    const double x[6] = {1, 3, 4, 5, 6, 7};
    csat_nps_options o = CSAT_NPS_OPTIONS_INIT;
    csat_nps_result r;
    (void)state;
    o.scale.min = 1;
    o.scale.max = 7;
    o.detractor_max = 3;
    o.promoter_min = 5;
    csat_assert_status(csat_nps(x, 6, &o, &r, NULL), CSAT_OK);
    csat_assert_close(r.score, 100.0 * (3 - 2) / 6.0, 1e-14, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_point_scores),
        cmocka_unit_test(test_scale_and_missing),
        cmocka_unit_test(test_intervals_gist),
        cmocka_unit_test(test_sivadivel),
        cmocka_unit_test(test_cybaea),
        cmocka_unit_test(test_interval_bad_input),
        cmocka_unit_test(test_net_ces),
    };
    return cmocka_run_group_tests_name("nps", tests, NULL, NULL);
}
