/* Lifecycle stages (docs/theory/segmentation.rst, 11.5, rule checks) and benefit segments (11.7). */
#include "csat_test.h"

#include <float.h>

static void test_stages_from_columns(void **state)
{
    /* tenure, recent, earlier -> trend, stage (defaults: t0 180, +-0.25) */
    static const double ten[6] = {30, 400, 400, 400, 400, 400};
    static const double rec[6] = {2, 4, 3, 2, 0, 4};
    static const double ear[6] = {0, 2, 3, 4, 0, 3.5};
    static const int want[6] = {CSAT_STAGE_ACQUISITION, CSAT_STAGE_GROWTH, CSAT_STAGE_MATURITY,
                                CSAT_STAGE_DECLINE, CSAT_STAGE_DECLINE, CSAT_STAGE_MATURITY};
    static const double want_trend[6] = {1.0, 0.5, 0.0, -0.5, -1.0, 0.125};
    int s[6];
    double tr[6];
    size_t cnt[4];
    csat_lifecycle_options o = CSAT_LIFECYCLE_OPTIONS_INIT;
    (void)state;
    csat_assert_status(csat_lifecycle_stages(ten, rec, ear, 6, NULL, s, tr, cnt, NULL), CSAT_OK);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(s[i], want[i]);
        csat_assert_close(tr[i], want_trend[i], 1e-15, 0);
    }
    assert_int_equal(cnt[CSAT_STAGE_DECLINE], 2);
    o.growth = 0.1; /* thresholds are parameters */
    csat_assert_status(csat_lifecycle_stages(ten, rec, ear, 6, &o, s, NULL, NULL, NULL), CSAT_OK);
    assert_int_equal(s[5], CSAT_STAGE_GROWTH);
    s[0] = 9;
    o.growth = 1.5;
    csat_assert_status(csat_lifecycle_stages(ten, rec, ear, 6, &o, s, NULL, NULL, NULL), CSAT_EINVAL);
    o.growth = 0.25;
    o.version = 0;
    csat_assert_status(csat_lifecycle_stages(ten, rec, ear, 6, &o, s, NULL, NULL, NULL), CSAT_EVERSION);
    csat_assert_status(csat_lifecycle_stages(ten, ear, ten, 0, NULL, s, NULL, NULL, NULL), CSAT_EEMPTY);
    {
        double neg[6] = {1, 1, 1, -1, 1, 1};
        csat_assert_status(csat_lifecycle_stages(ten, neg, ear, 6, NULL, s, NULL, NULL, NULL), CSAT_EINVAL);
    }
    assert_int_equal(s[0], 9);
}

static void test_stage_from_history(void **state)
{
    /* first purchase at 0, now = 365, windows (275, 365] and (185, 275] */
    static const double t[7] = {0, 200, 250, 300, 320, 340, 360};
    static const double a[7] = {10, 50, 50, 10, 10, 10, 10};
    csat_lifecycle_options o = CSAT_LIFECYCLE_OPTIONS_INIT;
    csat_lifecycle_stage st;
    double tr;
    (void)state;
    csat_assert_status(csat_lifecycle_from_history(t, a, 7, 365, NULL, &st, &tr, NULL), CSAT_OK);
    assert_int_equal(st, CSAT_STAGE_GROWTH); /* 4 purchases vs 2 */
    csat_assert_close(tr, 0.5, 1e-15, 0);
    o.measure = CSAT_LIFECYCLE_SPEND; /* 40 vs 100 */
    csat_assert_status(csat_lifecycle_from_history(t, a, 7, 365, &o, &st, &tr, NULL), CSAT_OK);
    assert_int_equal(st, CSAT_STAGE_DECLINE);
    csat_assert_close(tr, -0.6, 1e-15, 0);
    csat_assert_status(csat_lifecycle_from_history(t, a, 7, 100, NULL, &st, &tr, NULL), CSAT_EINVAL); /* future purchases */
    csat_assert_status(csat_lifecycle_from_history(t, NULL, 7, 365, &o, &st, &tr, NULL), CSAT_EINVAL);
    csat_assert_status(csat_lifecycle_from_history(t + 6, NULL, 1, 365, NULL, &st, &tr, NULL), CSAT_OK);
    assert_int_equal(st, CSAT_STAGE_ACQUISITION);
    {
        /* found by tests/fuzz/fuzz_segmentation.c: spend of one window
         * summing past DBL_MAX gave trend (Inf - x) / Inf = NaN with
         * CSAT_OK; it is CSAT_EDOM, outputs untouched */
        static const double big[2] = {DBL_MAX, DBL_MAX};
        tr = 42;
        csat_assert_status(csat_lifecycle_from_history(t + 5, big, 2, 365, &o, &st, &tr, NULL), CSAT_EDOM);
        assert_true(tr == 42);
    }
}

static void test_stages_from_store(void **state)
{
    static const uint64_t ids[9] = {7, 7, 7, 7, 7, 7, 7, 3, 5};
    static const double t[9] = {0, 200, 250, 300, 320, 340, 360, 360, 10};
    static const double a[9] = {10, 50, 50, 10, 10, 10, 10, 5, 5};
    csat_customers *c;
    csat_lifecycle_options o = CSAT_LIFECYCLE_OPTIONS_INIT;
    uint64_t got_ids[3] = {0, 0, 0};
    int st[3] = {-1, -1, -1};
    double tr[3];
    size_t n = 0;
    csat_test_alloc ta = {-1, 0, 0};
    csat_allocator al = csat_test_allocator(&ta);
    (void)state;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    csat_assert_status(csat_lifecycle_from_store(c, 365, NULL, NULL, got_ids, st, tr, 3, &n), CSAT_EEMPTY);
    assert_int_equal(csat_customers_add(c, ids, t, a, 9), CSAT_OK);
    csat_assert_status(csat_lifecycle_from_store(c, 365, NULL, NULL, got_ids, st, tr, 2, &n), CSAT_EBUFSIZE);
    assert_int_equal(n, 3);
    assert_int_equal(st[0], -1);
    csat_assert_status(csat_lifecycle_from_store(c, 300, NULL, NULL, got_ids, st, tr, 3, &n), CSAT_EINVAL);
    assert_int_equal(st[0], -1);
    o.measure = CSAT_LIFECYCLE_SPEND;
    csat_assert_status(csat_lifecycle_from_store(c, 365, &o, NULL, got_ids, st, tr, 3, &n), CSAT_OK);
    assert_int_equal(n, 3);
    assert_true(got_ids[0] == 3 && got_ids[1] == 5 && got_ids[2] == 7);
    assert_int_equal(st[0], CSAT_STAGE_ACQUISITION); /* one purchase 5 days ago */
    assert_int_equal(st[1], CSAT_STAGE_DECLINE);     /* silent for a year */
    assert_int_equal(st[2], CSAT_STAGE_DECLINE);     /* spend 40 vs 100, as from_history */
    csat_assert_close(tr[2], -0.6, 1e-15, 0);
    for (long k = 0;; k++) {
        csat_status s;
        st[0] = -1;
        csat_test_alloc_reset(&ta, k);
        s = csat_lifecycle_from_store(c, 365, &o, &al, got_ids, st, NULL, 3, &n);
        assert_int_equal(ta.live, 0);
        if (s == CSAT_OK)
            break;
        assert_int_equal(s, CSAT_ENOMEM);
        assert_int_equal(st[0], -1);
    }
    assert_int_equal(st[2], CSAT_STAGE_DECLINE);
    csat_customers_free(c);
}

static void test_benefit_segments(void **state)
{
    static const double imp[4 * 5] = {
        9, 5, 3, 2, 1, /* quality */
        2, 8, 3, 2, 1, /* price */
        5, 5, 1, 1, 1, /* tie: no single benefit */
        1, 1, 1, 1, 7, /* brand */
    };
    int seg[4];
    double sh[6], th[5], sum;
    (void)state;
    csat_assert_status(csat_benefit_segments(imp, 4, 5, seg, sh, NULL), CSAT_OK);
    assert_int_equal(seg[0], CSAT_BENEFIT_QUALITY);
    assert_int_equal(seg[1], CSAT_BENEFIT_PRICE);
    assert_int_equal(seg[2], -1);
    assert_int_equal(seg[3], CSAT_BENEFIT_BRAND);
    csat_assert_close(sh[0], 0.25, 0, 0);
    csat_assert_close(sh[5], 0.25, 0, 0);
    csat_assert_close(sh[3], 0.0, 0, 0);
    csat_assert_status(csat_benefit_theory_shares(th, &sum, NULL), CSAT_OK);
    csat_assert_close(th[0], 0.52, 0, 0);
    csat_assert_close(th[4], 0.03, 0, 0);
    csat_assert_close(sum, 0.97, 1e-15, 0);
    {
        double bad[5] = {1, 2, NAN, 4, 5};
        seg[0] = 42;
        csat_assert_status(csat_benefit_segments(bad, 1, 5, seg, sh, NULL), CSAT_EINVAL);
        csat_assert_status(csat_benefit_segments(imp, 4, 0, seg, sh, NULL), CSAT_EINVAL);
        csat_assert_status(csat_benefit_segments(imp, 0, 5, seg, sh, NULL), CSAT_EEMPTY);
        csat_assert_status(csat_benefit_segments(imp, SIZE_MAX / 2, 5, seg, sh, NULL), CSAT_EINVAL);
        assert_int_equal(seg[0], 42);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stages_from_columns),
        cmocka_unit_test(test_stage_from_history),
        cmocka_unit_test(test_stages_from_store),
        cmocka_unit_test(test_benefit_segments),
    };
    return cmocka_run_group_tests_name("lifecycle", tests, NULL, NULL);
}
