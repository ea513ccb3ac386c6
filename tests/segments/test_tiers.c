/* Value tiers, customer pyramid, ABC analysis (docs/theory/segmentation.rst, 11.2-11.4). */
#include "csat_test.h"

#include <float.h>

static void test_value_tiers(void **state)
{
    static const double f[6] = {1, 1, 2, 3, 5, 1}, m[6] = {10, 50, 20, 60, 5, 100};
    static const int want[6] = {CSAT_TIER_LOW_VALUE, CSAT_TIER_POTENTIAL, CSAT_TIER_GENERAL,
                                CSAT_TIER_HIGH_VALUE, CSAT_TIER_GENERAL, CSAT_TIER_POTENTIAL};
    csat_value_tier_options o = CSAT_VALUE_TIER_OPTIONS_INIT;
    int t[6];
    double cuts[2];
    size_t cnt[4];
    (void)state;
    csat_assert_status(csat_value_tiers(f, m, 6, NULL, NULL, t, cuts, cnt, NULL), CSAT_OK);
    csat_assert_close(cuts[0], 1.5, 0, 0); /* medians (type 7) */
    csat_assert_close(cuts[1], 35, 0, 0);
    for (int i = 0; i < 6; i++)
        assert_int_equal(t[i], want[i]);
    assert_int_equal(cnt[CSAT_TIER_POTENTIAL], 2);
    o.potential_high_amount = 0;
    o.frequency_cut = 2; /* caller cut: high means > 2 */
    o.amount_cut = 50;
    csat_assert_status(csat_value_tiers(f, m, 6, &o, NULL, t, NULL, NULL, NULL), CSAT_OK);
    assert_int_equal(t[2], CSAT_TIER_LOW_VALUE);
    assert_int_equal(t[3], CSAT_TIER_HIGH_VALUE);
    assert_int_equal(t[4], CSAT_TIER_POTENTIAL);
    assert_int_equal(t[5], CSAT_TIER_GENERAL);
    {
        double bad[6] = {1, 1, 2, -3, 5, 1};
        for (int i = 0; i < 6; i++)
            t[i] = -4;
        csat_assert_status(csat_value_tiers(f, bad, 6, NULL, NULL, t, NULL, NULL, NULL), CSAT_EINVAL);
        bad[3] = NAN;
        csat_assert_status(csat_value_tiers(bad, m, 6, NULL, NULL, t, NULL, NULL, NULL), CSAT_EINVAL);
        csat_assert_status(csat_value_tiers(f, m, 0, NULL, NULL, t, NULL, NULL, NULL), CSAT_EEMPTY);
        o.amount_cut = INFINITY;
        csat_assert_status(csat_value_tiers(f, m, 6, &o, NULL, t, NULL, NULL, NULL), CSAT_EINVAL);
        {
            double same[6] = {3, 3, 3, 3, 3, 3};
            csat_assert_status(csat_value_tiers(same, m, 6, NULL, NULL, t, NULL, NULL, NULL), CSAT_EDOM);
            o.amount_cut = 50; /* caller cuts: a constant column is fine */
            o.frequency_cut = 1;
            csat_assert_status(csat_value_tiers(same, m, 6, &o, NULL, t, NULL, NULL, NULL), CSAT_OK);
            assert_int_equal(t[3], CSAT_TIER_HIGH_VALUE);
            for (int i = 0; i < 6; i++)
                t[i] = -4;
        }
        for (int i = 0; i < 6; i++)
            assert_int_equal(t[i], -4);
    }
}

static void test_pyramid(void **state)
{
    static const double p[10] = {100, 50, 50, 20, 10, 5, 0, -5, -10, 30};
    static const int rank_want[10] = {0, 0, 0, 2, 2, 2, 2, 3, 3, 1};
    static const int share_want[10] = {0, 1, 1, 2, 2, 2, 2, 3, 3, 2};
    csat_pyramid_options o = CSAT_PYRAMID_OPTIONS_INIT;
    int t[10];
    size_t cnt[4];
    (void)state;
    csat_assert_status(csat_pyramid(p, 10, NULL, NULL, t, cnt, NULL), CSAT_OK);
    for (int i = 0; i < 10; i++)
        assert_int_equal(t[i], rank_want[i]);
    assert_int_equal(cnt[CSAT_PYRAMID_LEAD], 2);
    o.rule = CSAT_PYRAMID_PROFIT_SHARE;
    csat_assert_status(csat_pyramid(p, 10, &o, NULL, t, cnt, NULL), CSAT_OK);
    for (int i = 0; i < 10; i++)
        assert_int_equal(t[i], share_want[i]);
    {
        static const double neg[3] = {-1, -2, -3};
        csat_assert_status(csat_pyramid(neg, 3, NULL, NULL, t, cnt, NULL), CSAT_OK);
        assert_int_equal(cnt[CSAT_PYRAMID_LEAD], 3);
        t[0] = 77;
        o.lead_below = -10; /* all non-LEAD, total -6 */
        csat_assert_status(csat_pyramid(neg, 3, &o, NULL, t, cnt, NULL), CSAT_EDOM);
        o.lead_below = 0;
        {
            static const double same[4] = {5, 5, 5, -1};
            csat_assert_status(csat_pyramid(same, 4, NULL, NULL, t, cnt, NULL), CSAT_EDOM);
        }
        o.gold = 0.1; /* gold < platinum */
        csat_assert_status(csat_pyramid(p, 10, &o, NULL, t, cnt, NULL), CSAT_EINVAL);
        assert_int_equal(t[0], 77);
    }
}

/* docs/theory/segmentation.rst, 11.3 [D]: 50,20,10,8,5,4,2,1 -> A first 3, B next 2, C last 3. */
static void test_abc_vector(void **state)
{
    static const double v[8] = {4, 50, 1, 20, 8, 10, 5, 2};
    static const int want[8] = {2, 0, 2, 0, 1, 0, 1, 2};
    int k[8];
    double curve[9];
    csat_abc_summary s;
    (void)state;
    csat_assert_status(csat_abc(v, 8, NULL, NULL, k, curve, &s, NULL), CSAT_OK);
    for (int i = 0; i < 8; i++)
        assert_int_equal(k[i], want[i]);
    assert_int_equal(s.n[0], 3);
    assert_int_equal(s.n[1], 2);
    assert_int_equal(s.n[2], 3);
    csat_assert_close(s.share[0], 0.80, 1e-15, 0);
    csat_assert_close(curve[0], 0, 0, 0);
    csat_assert_close(curve[4], 0.88, 1e-15, 0);
    csat_assert_close(curve[8], 1.0, 1e-15, 0);
    /* Gini by the ascending formula: (-7*1 -5*2 -3*4 -5 +8 +3*10 +5*20 +7*50) / (8*100) */
    csat_assert_close(s.gini, 454.0 / 800.0, 1e-14, 0);
    csat_assert_close(s.top_share, 0.62, 1e-14, 0); /* top 1.6 customers: 50 + 0.6*20 */
}

static void test_abc_edges(void **state)
{
    double z[3] = {0, 0, 0}, eq[4] = {5, 5, 5, 5}, neg[2] = {1, -1};
    double v[8] = {4, 50, 1, 20, 8, 10, 5, 2};
    int k[8] = {9, 9, 9, 9, 9, 9, 9, 9};
    csat_abc_summary s;
    csat_abc_options o = CSAT_ABC_OPTIONS_INIT;
    (void)state;
    csat_assert_status(csat_abc(z, 3, NULL, NULL, k, NULL, &s, NULL), CSAT_EDOM);
    csat_assert_status(csat_abc(neg, 2, NULL, NULL, k, NULL, &s, NULL), CSAT_EINVAL);
    csat_assert_status(csat_abc(eq, 0, NULL, NULL, k, NULL, &s, NULL), CSAT_EEMPTY);
    o.a_cut = 0.99;
    o.b_cut = 0.5;
    csat_assert_status(csat_abc(eq, 4, &o, NULL, k, NULL, &s, NULL), CSAT_EINVAL);
    assert_int_equal(k[0], 9);
    csat_assert_status(csat_abc(eq, 4, NULL, NULL, k, NULL, &s, NULL), CSAT_OK);
    csat_assert_close(s.gini, 0.0, 0, 1e-15); /* perfect equality */
    assert_int_equal(s.n[0], 3);              /* 0.25, 0.5, 0.75 <= 0.8 */
    {
        /* found by tests/fuzz/fuzz_segmentation.c: (n - 1) v overflowed for
         * values near DBL_MAX and the Gini came out NaN; it is the Gini of
         * {0, 1, 1} scaled, (2*3 - 3 - 1) / (3 * 2) = 1/3 */
        const double big[3] = {DBL_MAX / 4, 0, DBL_MAX / 4};
        csat_assert_status(csat_abc(big, 3, NULL, NULL, k, NULL, &s, NULL), CSAT_OK);
        csat_assert_close(s.gini, 1.0 / 3.0, 1e-15, 0);
    }
    {
        csat_test_alloc t = {-1, 0, 0};
        csat_allocator a = csat_test_allocator(&t);
        long i;
        for (i = 0;; i++) {
            csat_status st;
            csat_test_alloc_reset(&t, i);
            st = csat_abc(eq, 4, NULL, &a, k, NULL, &s, NULL);
            assert_int_equal(t.live, 0);
            if (st == CSAT_OK)
                break;
            assert_int_equal(st, CSAT_ENOMEM);
        }
        for (i = 0;; i++) {
            csat_status st;
            csat_test_alloc_reset(&t, i);
            st = csat_pyramid(v, 8, NULL, &a, k, NULL, NULL);
            assert_int_equal(t.live, 0);
            if (st == CSAT_OK)
                break;
            assert_int_equal(st, CSAT_ENOMEM);
        }
        for (i = 0;; i++) {
            csat_status st;
            csat_test_alloc_reset(&t, i);
            st = csat_value_tiers(v, v, 8, NULL, &a, k, NULL, NULL, NULL);
            assert_int_equal(t.live, 0);
            if (st == CSAT_OK)
                break;
            assert_int_equal(st, CSAT_ENOMEM);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_tiers),
        cmocka_unit_test(test_pyramid),
        cmocka_unit_test(test_abc_vector),
        cmocka_unit_test(test_abc_edges),
    };
    return cmocka_run_group_tests_name("tiers", tests, NULL, NULL);
}
