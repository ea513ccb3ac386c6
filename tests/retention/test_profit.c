/*
 * Profitability (issue 17 §2; docs/theory/profitability.rst, 30.1-30.5): one
 * hand-computed case of three customers, checked by each function in its
 * array form and its store form, plus bad input.
 *
 *   customer 1: t 0 (100, cost 60), t 2 (50, 20), t 5 (80, 50); acquisition cost 10
 *   customer 2: t 1 (30, cost 40): unprofitable;                acquisition cost 5
 *   customer 3: t 3 (200, cost 100);                            no acquisition cost
 *   (id 9 has an acquisition cost 7 and no purchase: ignored)
 */
#include "csat_test.h"

static const uint64_t ID[5] = {1, 2, 1, 3, 1};
static const double T[5] = {0, 1, 2, 3, 5}, AM[5] = {100, 30, 50, 200, 80}, CO[5] = {60, 40, 20, 100, 50};
static const uint64_t ACQ_ID[4] = {1, 2, 9, 1};
static const double ACQ[4] = {99, 5, 7, 10}; /* the last entry for 1 wins: 10 */

static csat_customers *hand_store(void)
{
    const uint64_t aid[3] = {1, 2, 9};
    const double acq[3] = {10, 5, 7};
    csat_customers *c;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_add_details(c, ID, T, AM, CO, NULL, NULL, 5), CSAT_OK);
    assert_int_equal(csat_customers_set_acquisition_costs(c, aid, acq, 3), CSAT_OK);
    return c;
}

static void test_customer_profit(void **state)
{
    csat_profit_options o = CSAT_PROFIT_OPTIONS_INIT;
    uint64_t ids[3];
    double rev[3], cost[3], pro[3], mar[3], h[3], h1;
    size_t m = 0;
    csat_error e;
    csat_customers *c = hand_store();
    (void)state;
    o.t1 = 1;
    o.t2 = 5;
    o.discount = 0.1;
    assert_int_equal(csat_customer_profit(ID, T, AM, CO, 5, ACQ_ID, ACQ, 4, &o, ids, rev, cost, pro, mar, h,
                                          3, &m, NULL, &e), CSAT_OK);
    assert_int_equal(m, 3);
    assert_true(ids[0] == 1 && ids[1] == 2 && ids[2] == 3);
    /* window (1, 5]: customer 1's t 2 and t 5; customer 2's t 1 is outside */
    assert_true(rev[0] == 130 && cost[0] == 70 && pro[0] == 60);
    csat_assert_close(mar[0], 60.0 / 130.0, 1e-15, 0);
    assert_true(rev[1] == 0 && cost[1] == 0 && pro[1] == 0 && mar[1] == 0);
    assert_true(rev[2] == 200 && pro[2] == 100 && mar[2] == 0.5);
    /* historical CLV, discounted to acquisition at 10% per period */
    h1 = 40.0 + 30.0 / pow(1.1, 2) + 30.0 / pow(1.1, 5) - 10.0;
    csat_assert_close(h[0], h1, 1e-14, 0);
    csat_assert_close(h[1], -10.0 - 5.0, 1e-14, 0);
    csat_assert_close(h[2], 100.0, 1e-14, 0);
    /* valued at t = 5 instead: compounded forward */
    o.reference = 5;
    assert_int_equal(csat_customer_profit(ID, T, AM, CO, 5, ACQ_ID, ACQ, 4, &o, NULL, NULL, NULL, NULL, NULL, h,
                                          3, &m, NULL, &e), CSAT_OK);
    csat_assert_close(h[0], h1 * pow(1.1, 5), 1e-13, 0);
    csat_assert_close(h[1], -15.0 * pow(1.1, 4), 1e-13, 0);
    csat_assert_close(h[2], 100.0 * pow(1.1, 2), 1e-13, 0);
    /* t2 = 2: customer 3 is not acquired yet */
    o.reference = NAN;
    o.t1 = -INFINITY;
    o.t2 = 2;
    assert_int_equal(csat_customer_profit(ID, T, AM, CO, 5, ACQ_ID, ACQ, 4, &o, NULL, rev, NULL, NULL, NULL, h,
                                          3, &m, NULL, &e), CSAT_OK);
    assert_true(rev[0] == 150 && rev[1] == 30 && rev[2] == 0 && h[2] == 0);
    csat_assert_close(h[0], 40.0 + 30.0 / pow(1.1, 2) - 10.0, 1e-14, 0);
    /* the store gives the same */
    {
        double h2[3];
        o.t1 = 1;
        o.t2 = 5;
        assert_int_equal(csat_customer_profit(ID, T, AM, CO, 5, ACQ_ID, ACQ, 4, &o, NULL, rev, NULL, NULL, NULL, h,
                                              3, &m, NULL, &e), CSAT_OK);
        assert_int_equal(csat_customer_profit_customers(c, &o, ids, cost, NULL, pro, NULL, h2, 3, &m, NULL), CSAT_OK);
        for (int i = 0; i < 3; i++)
            assert_true(cost[i] == rev[i] && h2[i] == h[i]);
        assert_int_equal(csat_customer_profit_customers(c, &o, ids, NULL, NULL, NULL, NULL, NULL, 2, &m, NULL),
                         CSAT_EBUFSIZE);
        assert_int_equal(m, 3);
    }
    /* bad input */
    assert_int_equal(csat_customer_profit(ID, T, AM, CO, 5, ACQ_ID, ACQ, 4, &o, ids, rev, NULL, NULL, NULL, NULL,
                                          2, &m, NULL, &e), CSAT_EBUFSIZE);
    {
        double bad[5] = {60, 40, -1, 100, 50};
        assert_int_equal(csat_customer_profit(ID, T, AM, bad, 5, NULL, NULL, 0, &o, ids, rev, NULL, NULL, NULL,
                                              NULL, 3, &m, NULL, &e), CSAT_EINVAL);
        assert_string_equal(e.argument, "costs");
        assert_int_equal(e.row, 2);
    }
    assert_int_equal(csat_customer_profit(ID, T, AM, CO, 5, NULL, ACQ, 4, &o, ids, rev, NULL, NULL, NULL, NULL,
                                          3, &m, NULL, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "acq_ids");
    o.t1 = 6;
    assert_int_equal(csat_customer_profit(ID, T, AM, CO, 5, NULL, NULL, 0, &o, ids, rev, NULL, NULL, NULL, NULL,
                                          3, &m, NULL, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "opts->t1");
    o.t1 = 1;
    o.discount = -0.1;
    assert_int_equal(csat_customer_profit(ID, T, AM, CO, 5, NULL, NULL, 0, &o, ids, rev, NULL, NULL, NULL, NULL,
                                          3, &m, NULL, &e), CSAT_EINVAL);
    assert_int_equal(csat_customer_profit(ID, T, AM, CO, 0, NULL, NULL, 0, NULL, ids, rev, NULL, NULL, NULL, NULL,
                                          3, &m, NULL, &e), CSAT_EEMPTY);
    o.discount = 1e300; /* valued at t = 5, (1 + d)^5 overflows */
    o.reference = 5;
    assert_int_equal(csat_customer_profit(ID, T, AM, CO, 5, NULL, NULL, 0, &o, ids, rev, NULL, NULL, NULL, NULL,
                                          3, &m, NULL, &e), CSAT_EDOM);
    csat_customers_free(c);
}

/* Full window: profits 100, -10, 100; revenue 230, 30, 200. */
static void test_tiers_and_whale(void **state)
{
    const double rev[3] = {230, 30, 200}, pro[3] = {100, -10, 100};
    const int32_t tiers[3] = {0, 1, 0};
    csat_tier_profit t[3];
    double curve[4];
    size_t ord[3], np = 0;
    double peak = 0;
    csat_error e;
    csat_customers *c = hand_store();
    (void)state;
    assert_int_equal(csat_profit_tiers(rev, pro, tiers, 3, 3, t, &e), CSAT_OK);
    assert_true(t[0].customers == 2 && t[0].revenue == 430 && t[0].profit == 200 && t[0].cost == 230);
    csat_assert_close(t[0].share_customers, 2.0 / 3.0, 1e-15, 0);
    csat_assert_close(t[0].share_revenue, 430.0 / 460.0, 1e-15, 0);
    csat_assert_close(t[0].share_profit, 200.0 / 190.0, 1e-15, 0);
    assert_true(t[0].mean_profit == 100 && t[0].mean_revenue == 215);
    csat_assert_close(t[0].margin, 200.0 / 430.0, 1e-15, 0);
    csat_assert_close(t[1].share_profit, -10.0 / 190.0, 1e-15, 0);
    csat_assert_close(t[1].margin, -1.0 / 3.0, 1e-15, 0);
    assert_true(t[2].customers == 0 && t[2].mean_profit == 0 && t[2].margin == 0 && t[2].share_customers == 0);
    /* the store: its groups as tiers (customer 3 has none: left out) */
    {
        const uint64_t gid[2] = {1, 2};
        const int32_t g[2] = {1, 0};
        csat_tier_profit s[2];
        assert_int_equal(csat_customers_set_groups(c, gid, g, 2), CSAT_OK);
        assert_int_equal(csat_profit_tiers_customers(c, NULL, NULL, 0, 2, s, NULL), CSAT_OK);
        assert_true(s[0].customers == 1 && s[0].profit == -10 && s[1].customers == 1 && s[1].profit == 100);
        csat_assert_close(s[1].share_profit, 100.0 / 90.0, 1e-15, 0);
    }
    {
        csat_tier_profit s[3];
        assert_int_equal(csat_profit_tiers_customers(c, NULL, tiers, 3, 3, s, NULL), CSAT_OK);
        assert_true(s[0].profit == 200 && s[1].profit == -10);
        assert_int_equal(csat_profit_tiers_customers(c, NULL, tiers, 2, 3, s, NULL), CSAT_EINVAL);
    }
    /* whale: ranked 1, 3 (tie, input order), 2 */
    assert_int_equal(csat_profit_whale(pro, 3, curve, ord, &np, &peak, NULL, &e), CSAT_OK);
    assert_true(ord[0] == 0 && ord[1] == 2 && ord[2] == 1);
    assert_true(curve[0] == 0 && curve[3] == 1 && np == 2);
    csat_assert_close(curve[1], 100.0 / 190.0, 1e-15, 0);
    csat_assert_close(curve[2], 200.0 / 190.0, 1e-15, 0);
    csat_assert_close(peak, 200.0 / 190.0, 1e-15, 0);
    {
        double sc[4];
        size_t npts = 0, np2 = 0;
        assert_int_equal(csat_profit_whale_customers(c, NULL, sc, 4, &npts, &np2, NULL, NULL), CSAT_OK);
        assert_true(npts == 4 && np2 == 2);
        for (int k = 0; k < 4; k++)
            assert_true(sc[k] == curve[k]);
        assert_int_equal(csat_profit_whale_customers(c, NULL, sc, 3, &npts, NULL, NULL, NULL), CSAT_EBUFSIZE);
        assert_int_equal(npts, 4);
    }
    /* bad input */
    {
        const int32_t bad[3] = {0, 3, 0}, neg[3] = {-1, -1, -1};
        const double loss[3] = {-1, 0.5, 0};
        assert_int_equal(csat_profit_tiers(rev, pro, bad, 3, 3, t, &e), CSAT_EINVAL);
        assert_string_equal(e.argument, "tiers");
        assert_int_equal(e.row, 1);
        assert_int_equal(csat_profit_tiers(rev, pro, neg, 3, 3, t, &e), CSAT_EEMPTY);
        assert_int_equal(csat_profit_tiers(rev, pro, tiers, 3, 0, t, &e), CSAT_EINVAL);
        assert_int_equal(csat_profit_whale(loss, 3, curve, NULL, NULL, NULL, NULL, &e), CSAT_EDOM);
        assert_int_equal(csat_profit_whale(pro, 0, curve, NULL, NULL, NULL, NULL, &e), CSAT_EEMPTY);
        assert_int_equal(csat_profit_whale(pro, 3, NULL, NULL, NULL, NULL, NULL, &e), CSAT_EINVAL);
    }
    csat_customers_free(c);
}

static void test_tenure(void **state)
{
    double size[6], pro[6 * 6], mean[6 * 6], act[6 * 6], pool[6];
    size_t np = 0;
    csat_error e;
    csat_customers *c = hand_store();
    (void)state;
    assert_int_equal(csat_profit_by_tenure(ID, T, AM, CO, 5, NULL, 6, 6, size, pro, mean, act, pool, &np, NULL, &e),
                     CSAT_OK);
    assert_int_equal(np, 6);
    /* cohorts: customer 1 in 0, customer 2 in 1, customer 3 in 3 */
    assert_true(size[0] == 1 && size[1] == 1 && size[2] == 0 && size[3] == 1);
    assert_true(pro[0 * 6 + 0] == 40 && pro[0 * 6 + 2] == 30 && pro[0 * 6 + 5] == 30 && pro[0 * 6 + 1] == 0);
    assert_true(pro[1 * 6 + 0] == -10 && pro[3 * 6 + 0] == 100);
    assert_true(act[0 * 6 + 2] == 1 && act[0 * 6 + 1] == 0 && mean[3 * 6 + 0] == 100);
    /* pooled: k = 0 all three customers, k = 2 cohorts 0..3, k = 5 cohort 0 */
    csat_assert_close(pool[0], 130.0 / 3.0, 1e-15, 0);
    assert_true(pool[1] == 0 && pool[2] == 10 && pool[5] == 30);
    {
        double size2[6], pool2[6];
        assert_int_equal(csat_profit_by_tenure_customers(c, NULL, 6, 6, size2, NULL, NULL, NULL, pool2, &np, NULL),
                         CSAT_OK);
        for (int k = 0; k < 6; k++)
            assert_true(size2[k] == size[k] && pool2[k] == pool[k]);
    }
    assert_int_equal(csat_profit_by_tenure(ID, T, AM, CO, 5, NULL, 5, 6, size, pro, NULL, NULL, NULL, &np, NULL, &e),
                     CSAT_EBUFSIZE);
    assert_int_equal(np, 6);
    assert_int_equal(csat_profit_by_tenure(ID, T, AM, CO, 5, NULL, 6, 0, size, pro, NULL, NULL, NULL, &np, NULL, &e),
                     CSAT_EINVAL);
    csat_customers_free(c);
}

/* CLV on margin (issue 17 §2): csat_clv times the margin, CLV being linear in
 * the spend (derived; BG/NBD and Gamma-Gamma at the CDNOW estimates of Fader,
 * Hardie & Lee 2005). */
static void test_clv_margin(void **state)
{
    const double bp[4] = {0.243, 4.414, 0.793, 2.426}, sp[3] = {6.25, 3.74, 15.44};
    const double x[3] = {2, 5, 0}, tx[3] = {30.43, 35, 0}, TT[3] = {38.86, 38.86, 38.86}, z[3] = {20, 25, 0};
    const double margins[3] = {0.3, 0.5, 0.9};
    double clv[3], out[3], eq = 0, eq_m = 0;
    csat_btyd_model *m;
    csat_spend_model *g;
    (void)state;
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    assert_int_equal(csat_spend_new(&g, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_set_params(m, bp, 4), CSAT_OK);
    assert_int_equal(csat_spend_set_params(g, sp, 3), CSAT_OK);
    assert_int_equal(csat_clv(m, g, x, tx, TT, z, 3, NULL, clv, &eq), CSAT_OK);
    assert_int_equal(csat_clv_margin(m, g, x, tx, TT, z, 3, NULL, 0.25, NULL, out, &eq_m), CSAT_OK);
    for (int i = 0; i < 3; i++)
        csat_assert_close(out[i], 0.25 * clv[i], 1e-15, 0);
    csat_assert_close(eq_m, 0.25 * eq, 1e-14, 0);
    assert_int_equal(csat_clv_margin(m, g, x, tx, TT, z, 3, NULL, NAN, margins, out, NULL), CSAT_OK);
    for (int i = 0; i < 3; i++)
        csat_assert_close(out[i], margins[i] * clv[i], 1e-15, 0);
    assert_int_equal(csat_clv_margin(m, g, x, tx, TT, z, 3, NULL, -0.1, NULL, out, NULL), CSAT_EINVAL);
    assert_non_null(strstr(csat_spend_last_error(g), "margin_rate"));
    {
        const double bad[3] = {0.3, NAN, 0.1};
        assert_int_equal(csat_clv_margin(m, g, x, tx, TT, z, 3, NULL, 0.5, bad, out, NULL), CSAT_EINVAL);
        assert_non_null(strstr(csat_spend_last_error(g), "margins[1]"));
    }
    csat_btyd_free(m);
    csat_spend_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_customer_profit),
        cmocka_unit_test(test_tiers_and_whale),
        cmocka_unit_test(test_tenure),
        cmocka_unit_test(test_clv_margin),
    };
    return cmocka_run_group_tests_name("profit", tests, NULL, NULL);
}
