/* KPIs by group, repeat buying, inter-purchase times, referral value and the
 * retention-profit chain (issue 17): hand-computed cases (derived in the
 * comments), the closed form pi / (1 + d - r) of a constant profit stream, and
 * a printed worked example of the chain: the Sun-Sentinel "zero defections"
 * column of 1994-07-11 (credit-card customer: $60 to acquire, profits $30,
 * $42, $44, $50, $56 in years 1 to 5, "$222 from the customer" after five
 * years, about two years to recover the acquisition cost), and the lifetimes
 * 1 / (1 - r) of 10 and 20 years at 90% and 95% retention quoted with the
 * Reichheld & Sasser (1990) claim (docs/theory/loyalty_economics.rst, 25.5). */
#include "csat_test.h"

#include <float.h>

/* customer 1 buys at 0, 1.5, 2.2 (10, 20, 30); 2 at 0.5, 2.9 (5, 5);
 * 3 at 1.1, 1.2 (7, 3); 4 at 2.0 (100); deliberately unordered (as test_cohort.c).
 * groups: customer 1's rows 0, 0, 1 (latest 2.2: group 1); 2's 1, 0 (latest: 0);
 * 3's 1, 0 (latest 1.2: 0); 4's 1. */
static const uint64_t ids[] = {3, 1, 2, 4, 1, 3, 2, 1};
static const double times[] = {1.1, 0, 0.5, 2.0, 1.5, 1.2, 2.9, 2.2};
static const double amounts[] = {7, 10, 5, 100, 20, 3, 5, 30};
static const int32_t groups[] = {1, 0, 1, 1, 0, 0, 0, 1};

static void test_kpi_by_group(void **state)
{
    /* t1 = 1.5, t2 = 2.5, lost after 1: active at 1.5 = {1, 3}, at 2.5 = {1, 4}.
     * group 0 = {2, 3}: S = 1 (3), E = 0, lost 1, retention 0, churn 1, no buyers.
     * group 1 = {1, 4}: S = 1 (1), E = 2, retained 1, new 1 (4), buyers 2, revenue
     * 30 + 100 = 130, 65 each; customer 1 spends 20 (tier 1) then 30 (tier 2): upgraded. */
    const double bounds[] = {15, 25};
    csat_kpi_report g[2], all, ref, bad = {0};
    csat_error e;
    (void)state;
    assert_int_equal(csat_kpi_by_group(ids, times, amounts, groups, 8, 2, 1.5, 2.5, 1.0, bounds, 2,
                                       g, &all, NULL, &e),
                     CSAT_OK);
    assert_true(g[0].start_customers == 1 && g[0].end_customers == 0 && g[0].lost == 1);
    assert_true(g[0].retained == 0 && g[0].buyers == 0 && g[0].revenue == 0);
    csat_assert_close(g[0].churn_rate, 1.0, 0, 0);
    csat_assert_close(g[0].retention_rate, 0.0, 0, 0);
    assert_true(g[1].start_customers == 1 && g[1].end_customers == 2 && g[1].retained == 1);
    assert_true(g[1].new_customers == 1 && g[1].lost == 0 && g[1].upgraded == 1);
    csat_assert_close(g[1].retention_rate, 1.0, 0, 0);
    csat_assert_close(g[1].new_customer_rate, 1.0, 0, 0);
    csat_assert_close(g[1].upgrade_rate, 1.0, 0, 0);
    csat_assert_close(g[1].revenue, 130, 0, 0);
    csat_assert_close(g[1].average_profitability, 65, 0, 0);
    /* overall = csat_kpi_between */
    assert_int_equal(csat_kpi_between(ids, times, amounts, 8, 1.5, 2.5, 1.0, bounds, 2, NULL, &ref,
                                      NULL, NULL),
                     CSAT_OK);
    assert_memory_equal(&all, &ref, sizeof ref);
    /* a code outside [0, n_groups) is named with its row; outputs untouched */
    memcpy(&bad, &g[0], sizeof bad);
    csat_assert_status(csat_kpi_by_group(ids, times, amounts, groups, 8, 1, 1.5, 2.5, 1.0, bounds,
                                         2, g, NULL, NULL, &e),
                       CSAT_EINVAL);
    assert_int_equal(e.row, 0);
    assert_string_equal(e.argument, "groups");
    assert_memory_equal(&bad, &g[0], sizeof bad);
    csat_assert_status(csat_kpi_by_group(ids, times, amounts, NULL, 8, 2, 1.5, 2.5, 1.0, bounds, 2,
                                         g, NULL, NULL, NULL),
                       CSAT_EINVAL);
    csat_assert_status(csat_kpi_by_group(ids, times, amounts, groups, 8, 0, 1.5, 2.5, 1.0, bounds,
                                         2, g, NULL, NULL, NULL),
                       CSAT_EINVAL);
}

static void test_scorecard(void **state)
{
    /* the salesperson appraisal: retention weight 1, revenue weight 1, churn -0.5.
     * scales: retention max 1, revenue max 130, churn max 1.
     * group 0: 0 + 0 - 0.5 x 1 = -0.5; group 1: 1 + 130 / 130 - 0 = 2. */
    csat_kpi_report g[2], w;
    double s[2];
    (void)state;
    assert_int_equal(csat_kpi_by_group(ids, times, amounts, groups, 8, 2, 1.5, 2.5, 1.0, NULL, 0, g,
                                       NULL, NULL, NULL),
                     CSAT_OK);
    memset(&w, 0, sizeof w);
    w.retention_rate = 1.0;
    w.revenue = 1.0;
    w.churn_rate = -0.5;
    assert_int_equal(csat_kpi_scorecard(g, 2, &w, s, NULL), CSAT_OK);
    csat_assert_close(s[0], -0.5, 1e-15, 0);
    csat_assert_close(s[1], 2.0, 1e-15, 0);
    w.revenue = NAN;
    s[0] = 7;
    csat_assert_status(csat_kpi_scorecard(g, 2, &w, s, NULL), CSAT_EINVAL);
    assert_true(s[0] == 7);
    csat_assert_status(csat_kpi_scorecard(g, 0, &w, s, NULL), CSAT_EEMPTY);
}

static void test_repeat_purchase(void **state)
{
    /* period 1 from t_min = 0, window 1.5, observation end 3: eligible = first purchase
     * <= 1.5: customers 1 (0), 2 (0.5), 3 (1.1). 1 buys at 1.5 (period 1 > 0, 1.5 <= 1.5):
     * repeats; 2's next is 2.9 > 2.0: no; 3's next 1.2 is in the same period: no. 1 / 3.
     * cohorts: period 0 = {1, 2}: 1 / 2; period 1 = {3}: 0 / 1; period 2 = {4} (2.0 > 1.5):
     * not eligible. groups of the first transaction: 1 -> 0, 2 -> 1, 3 -> 1, 4 -> 1. */
    csat_repeat_rate all, byg[2], byc[3];
    size_t np = 0;
    csat_error e;
    (void)state;
    assert_int_equal(csat_repeat_purchase(ids, times, groups, 8, 2, 1.0, 1.5, 3.0, 3, &all, byg,
                                          byc, &np, NULL, &e),
                     CSAT_OK);
    assert_int_equal(np, 3);
    assert_true(all.eligible == 3 && all.repeaters == 1);
    csat_assert_close(all.rate, 1.0 / 3.0, 1e-15, 0);
    assert_true(byc[0].eligible == 2 && byc[0].repeaters == 1 && byc[0].rate == 0.5);
    assert_true(byc[1].eligible == 1 && byc[1].repeaters == 0 && byc[1].rate == 0);
    assert_true(byc[2].eligible == 0 && byc[2].rate == 0);
    assert_true(byg[0].eligible == 1 && byg[0].repeaters == 1 && byg[0].rate == 1);
    assert_true(byg[1].eligible == 2 && byg[1].repeaters == 0 && byg[1].rate == 0);
    /* without groups or cohorts */
    assert_int_equal(csat_repeat_purchase(ids, times, NULL, 8, 0, 1.0, 1.5, 3.0, 0, &all, NULL,
                                          NULL, NULL, NULL, NULL),
                     CSAT_OK);
    csat_assert_close(all.rate, 1.0 / 3.0, 1e-15, 0);
    /* window 1 from end 2.5 (eligible first <= 1.5): 1's next 1.5 is after 0 + 1: no repeat */
    assert_int_equal(csat_repeat_purchase(ids, times, NULL, 8, 0, 1.0, 1.0, 2.5, 0, &all, NULL,
                                          NULL, NULL, NULL, NULL),
                     CSAT_OK);
    assert_true(all.eligible == 3 && all.repeaters == 0 && all.rate == 0);
    /* too few cohorts: only the count is written */
    np = 0;
    byc[0].rate = -1;
    csat_assert_status(csat_repeat_purchase(ids, times, NULL, 8, 0, 1.0, 1.5, 3.0, 2, &all, NULL,
                                            byc, &np, NULL, &e),
                       CSAT_EBUFSIZE);
    assert_int_equal(np, 3);
    assert_true(byc[0].rate == -1);
    csat_assert_status(csat_repeat_purchase(ids, times, NULL, 8, 0, 1.0, 0.0, 3.0, 0, &all, NULL,
                                            NULL, NULL, NULL, &e),
                       CSAT_EINVAL);
    assert_string_equal(e.argument, "window");
    csat_assert_status(csat_repeat_purchase(ids, times, NULL, 0, 0, 1.0, 1.0, 3.0, 0, &all, NULL,
                                            NULL, NULL, NULL, NULL),
                       CSAT_EEMPTY);
}

static void test_inter_purchase_times(void **state)
{
    /* period 1: customer 1 periods {0, 1, 2}: gaps 1, 1; 2: {0, 2}: gap 2; 3: {1} (1.1 and
     * 1.2 share a period); 4: {2}. All gaps 1, 1, 2: mean 4/3, median 1, sd sqrt(1/3)
     * (deviations -1/3, -1/3, 2/3: squares 6/9 over 2), cv sqrt(1/3) / (4/3).
     * Customer cv: only customer 1 has two gaps, sd 0: mean customer cv 0. */
    uint64_t cid[4];
    double cg[4], cm[4], ccv[4], gaps[3];
    csat_ipt_summary s;
    size_t nc = 0, ng = 0;
    (void)state;
    assert_int_equal(csat_inter_purchase_times(ids, times, 8, 1.0, 4, cid, cg, cm, ccv, 3, gaps,
                                               &s, &nc, &ng, NULL, NULL),
                     CSAT_OK);
    assert_int_equal(nc, 4);
    assert_int_equal(ng, 3);
    assert_true(cid[0] == 1 && cid[1] == 2 && cid[2] == 3 && cid[3] == 4);
    assert_true(cg[0] == 2 && cg[1] == 1 && cg[2] == 0 && cg[3] == 0);
    assert_true(cm[0] == 1 && cm[1] == 2 && cm[2] == 0 && cm[3] == 0);
    assert_true(ccv[0] == 0 && ccv[1] == 0);
    assert_true(gaps[0] == 1 && gaps[1] == 1 && gaps[2] == 2);
    assert_true(s.customers == 4 && s.repeat_customers == 2 && s.gaps == 3);
    csat_assert_close(s.mean, 4.0 / 3.0, 1e-15, 0);
    csat_assert_close(s.median, 1.0, 0, 0);
    csat_assert_close(s.sd, sqrt(1.0 / 3.0), 1e-15, 0);
    csat_assert_close(s.cv, sqrt(1.0 / 3.0) / (4.0 / 3.0), 1e-15, 0);
    csat_assert_close(s.mean_customer_cv, 0.0, 0, 0);
    /* period 0.5: 1: {0, 3, 4}: gaps 3, 1 (mean 2, sd sqrt 2, cv sqrt(2) / 2); 2: {1, 5}:
     * gap 4; 3: {2}; 4: {4}. Gaps 3, 1, 4: mean 8/3, median 3. */
    assert_int_equal(csat_inter_purchase_times(ids, times, 8, 0.5, 4, NULL, NULL, cm, ccv, 3, gaps,
                                               &s, NULL, NULL, NULL, NULL),
                     CSAT_OK);
    assert_true(gaps[0] == 3 && gaps[1] == 1 && gaps[2] == 4);
    csat_assert_close(s.mean, 8.0 / 3.0, 1e-15, 0);
    csat_assert_close(s.median, 3.0, 0, 0);
    csat_assert_close(ccv[0], sqrt(2.0) / 2.0, 1e-15, 0);
    csat_assert_close(s.mean_customer_cv, sqrt(2.0) / 2.0, 1e-15, 0);
    /* buffers too small: counts only */
    nc = ng = 0;
    gaps[0] = -1;
    csat_assert_status(csat_inter_purchase_times(ids, times, 8, 1.0, 4, NULL, NULL, NULL, NULL, 2,
                                                 gaps, NULL, &nc, &ng, NULL, NULL),
                       CSAT_EBUFSIZE);
    assert_true(nc == 4 && ng == 3 && gaps[0] == -1);
    csat_assert_status(csat_inter_purchase_times(ids, times, 8, 1.0, 3, cid, NULL, NULL, NULL, 0,
                                                 NULL, NULL, &nc, &ng, NULL, NULL),
                       CSAT_EBUFSIZE);
    csat_assert_status(csat_inter_purchase_times(ids, times, 8, 0.0, 0, NULL, NULL, NULL, NULL, 0,
                                                 NULL, NULL, NULL, NULL, NULL, NULL),
                       CSAT_EINVAL);
    /* 1e16 periods between the times: cannot be counted exactly */
    csat_assert_status(csat_inter_purchase_times(ids, (const double[]){0, 1e16, 0, 0, 0, 0, 0, 0},
                                                 8, 1.0, 0, NULL, NULL, NULL, NULL, 0, NULL, NULL,
                                                 NULL, NULL, NULL, NULL),
                       CSAT_EDOM);
}

static void test_cross_sell(void **state)
{
    /* categories 0, 0, 1, -1, 1, 1, 1, 0 by row; period 1. Baskets (period: categories):
     * customer 1: 0:{0} 1:{1} 2:{0} (2 categories); 2: 0:{1} 2:{1} (1); 3: 1:{0, 1} (2);
     * 4: none (-1). Buyers 3, mean (2 + 1 + 2) / 3, two buy 2+ categories (2/3).
     * together: [0][0] = 2 + 1 = 3, [1][1] = 1 + 2 + 1 = 4, [0][1] = [1][0] = 1 (customer 3).
     * next: customer 1 {0}->{1}, {1}->{0}; customer 2 {1}->{1}: [[0, 1], [1, 1]]. */
    static const int32_t cats[] = {0, 0, 1, -1, 1, 1, 1, 0};
    csat_cross_sell_summary s;
    double tog[4], nxt[4];
    csat_error e;
    (void)state;
    assert_int_equal(csat_cross_sell(ids, times, cats, 8, 2, 1.0, &s, tog, nxt, NULL, &e), CSAT_OK);
    assert_true(s.customers == 4 && s.buyers == 3 && s.multi_category == 2);
    csat_assert_close(s.mean_categories, 5.0 / 3.0, 1e-15, 0);
    csat_assert_close(s.multi_category_share, 2.0 / 3.0, 1e-15, 0);
    assert_true(tog[0] == 3 && tog[1] == 1 && tog[2] == 1 && tog[3] == 4);
    assert_true(nxt[0] == 0 && nxt[1] == 1 && nxt[2] == 1 && nxt[3] == 1);
    assert_int_equal(csat_cross_sell(ids, times, cats, 8, 2, 1.0, &s, NULL, NULL, NULL, NULL),
                     CSAT_OK);
    assert_true(s.multi_category == 2);
    csat_assert_status(csat_cross_sell(ids, times, cats, 8, 1, 1.0, &s, tog, nxt, NULL, &e),
                       CSAT_EINVAL);
    assert_string_equal(e.argument, "categories");
    assert_int_equal(e.row, 2);
    csat_assert_status(csat_cross_sell(ids, times, cats, 8, 0, 1.0, &s, tog, nxt, NULL, NULL),
                       CSAT_EINVAL);
}

static void test_store_forms(void **state)
{
    /* the store forms equal the array forms on the same rows, with each row's group its
     * customer's: 1 -> 1, 2 -> 0, 3 -> 0, 4 unset (-1: overall only) */
    static const int32_t cats[] = {0, 0, 1, 2, 1, 1, 1, 0}; /* the store takes codes >= 0 */
    static const uint64_t cid[] = {1, 2, 3};
    static const int32_t cg[] = {1, 0, 0};
    const int32_t rowg[8] = {0, 1, 0, -1, 1, 0, 0, 1}; /* by row: ids 3 1 2 4 1 3 2 1 */
    csat_customers *c = NULL;
    csat_kpi_report g1[2], g2[2], o1, o2;
    csat_repeat_rate r1, r2, rg1[2], rg2[2], rc1[3], rc2[3];
    csat_cross_sell_summary x1, x2;
    double t1[9], t2[9], n1[9], n2[9];
    size_t np1 = 0, np2 = 0;
    (void)state;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_kpi_by_group_customers(c, 2, 1.5, 2.5, 1.0, NULL, 0, g1, &o1, NULL),
                     CSAT_EEMPTY);
    assert_int_equal(csat_customers_add_details(c, ids, times, amounts, NULL, cats, NULL, 8),
                     CSAT_OK);
    assert_int_equal(csat_customers_set_groups(c, cid, cg, 3), CSAT_OK);
    assert_int_equal(csat_kpi_by_group_customers(c, 2, 1.5, 2.5, 1.0, NULL, 0, g1, &o1, NULL),
                     CSAT_OK);
    assert_int_equal(csat_kpi_by_group(ids, times, amounts, rowg, 8, 2, 1.5, 2.5, 1.0, NULL, 0, g2,
                                       &o2, NULL, NULL),
                     CSAT_OK);
    assert_memory_equal(g1, g2, sizeof g1);
    assert_memory_equal(&o1, &o2, sizeof o1);
    assert_true(g1[1].start_customers == 1 && g1[0].start_customers == 1);
    assert_int_equal(csat_repeat_purchase_customers(c, 2, 1.0, 1.5, 3.0, 3, &r1, rg1, rc1, &np1,
                                                    NULL),
                     CSAT_OK);
    assert_int_equal(csat_repeat_purchase(ids, times, rowg, 8, 2, 1.0, 1.5, 3.0, 3, &r2, rg2, rc2,
                                          &np2, NULL, NULL),
                     CSAT_OK);
    assert_memory_equal(&r1, &r2, sizeof r1);
    assert_memory_equal(rg1, rg2, sizeof rg1);
    assert_memory_equal(rc1, rc2, sizeof rc1);
    assert_int_equal(np1, np2);
    /* customer 1 (group 1) repeats; 2 and 3 (group 0) do not */
    assert_true(rg1[1].eligible == 1 && rg1[1].repeaters == 1 && rg1[0].eligible == 2);
    assert_int_equal(csat_cross_sell_customers(c, 3, 1.0, &x1, t1, n1, NULL), CSAT_OK);
    assert_int_equal(csat_cross_sell(ids, times, cats, 8, 3, 1.0, &x2, t2, n2, NULL, NULL), CSAT_OK);
    assert_memory_equal(&x1, &x2, sizeof x1);
    assert_memory_equal(t1, t2, sizeof t1);
    assert_memory_equal(n1, n2, sizeof n1);
    /* a group code beyond n_groups */
    csat_assert_status(csat_kpi_by_group_customers(c, 1, 1.5, 2.5, 1.0, NULL, 0, g1, &o1, NULL),
                       CSAT_EINVAL);
    csat_assert_status(csat_kpi_by_group_customers(NULL, 1, 1.5, 2.5, 1.0, NULL, 0, g1, &o1, NULL),
                       CSAT_EINVAL);
    csat_customers_free(c);
}

static void test_loyalty_behaviour(void **state)
{
    /* period 1, observation end 2.5 (period 2): customer 1 periods {0, 1, 2}: 2 repeats,
     * intensity 3 / 3, categories {0, 1}; 2: {0} (2.9 is after the end): 0, 1 / 3, {1};
     * 3: {1}: 0, 1 / 2, {0, 1}; 4: {2}: 0, 1 / 1, none (-1) */
    static const int32_t cats[] = {0, 0, 1, -1, 1, 1, 1, 0};
    uint64_t cid[4];
    double rep[4], inten[4], var[4];
    size_t nc = 0;
    (void)state;
    assert_int_equal(csat_loyalty_behaviour(ids, times, cats, 8, 2, 1.0, 2.5, 4, cid, rep, inten,
                                            var, &nc, NULL, NULL),
                     CSAT_OK);
    assert_int_equal(nc, 4);
    assert_true(cid[0] == 1 && cid[3] == 4);
    assert_true(rep[0] == 2 && rep[1] == 0 && rep[2] == 0 && rep[3] == 0);
    csat_assert_close(inten[0], 1.0, 0, 0);
    csat_assert_close(inten[1], 1.0 / 3.0, 1e-15, 0);
    csat_assert_close(inten[2], 0.5, 0, 0);
    csat_assert_close(inten[3], 1.0, 0, 0);
    assert_true(var[0] == 2 && var[1] == 1 && var[2] == 2 && var[3] == 0);
    /* observation end 1.0: customers 1 (0) and 2 (0.5) only */
    assert_int_equal(csat_loyalty_behaviour(ids, times, NULL, 8, 0, 1.0, 1.0, 4, cid, rep, inten,
                                            var, &nc, NULL, NULL),
                     CSAT_OK);
    assert_int_equal(nc, 2);
    assert_true(var[0] == 0 && inten[0] == 0.5); /* customer 1: period 0 of periods 0..1 */
    nc = 0;
    csat_assert_status(csat_loyalty_behaviour(ids, times, cats, 8, 2, 1.0, 2.5, 3, cid, rep, inten,
                                              var, &nc, NULL, NULL),
                       CSAT_EBUFSIZE);
    assert_int_equal(nc, 4);
}

static void test_referral(void **state)
{
    /* the theory's defaults: 100 satisfied customers x 8 leads = 800 potential sales,
     * 1 in 8 closes: 100 referred customers worth 500 each = 50 000 (500 per satisfied
     * customer); 10 dissatisfied tell 9 each (the iceberg): 90 negative exposures;
     * net 710; one dissatisfied customer's talk takes 9 / 8 satisfied customers to offset. */
    csat_referral r;
    (void)state;
    assert_int_equal(csat_referral_value(100, 10, CSAT_REFERRAL_LEADS, CSAT_REFERRAL_CLOSING, 9.0,
                                         500, &r, NULL),
                     CSAT_OK);
    csat_assert_close(r.leads, 800, 0, 0);
    csat_assert_close(r.referred, 100, 0, 0);
    csat_assert_close(r.value, 50000, 0, 0);
    csat_assert_close(r.value_per_satisfied, 500, 0, 0);
    csat_assert_close(r.negative_exposures, 90, 0, 0);
    csat_assert_close(r.net_word_of_mouth, 710, 0, 0);
    csat_assert_close(r.satisfied_to_offset, 1.125, 0, 0);
    csat_assert_status(csat_referral_value(100, 10, 8, 1.5, 9, 500, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_referral_value(-1, 10, 8, 0.5, 9, 500, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_referral_value(DBL_MAX, 0, 8, 0.5, 9, 500, &r, NULL), CSAT_EDOM);
    assert_int_equal(csat_referral_value(0, 0, 0, 0, 0, 0, &r, NULL), CSAT_OK);
    assert_true(r.satisfied_to_offset == 0 && r.net_word_of_mouth == 0);
}

static void test_chain_printed_example(void **state)
{
    /* Sun-Sentinel, 1994-07-11: acquisition $60, yearly profits 30, 42, 44, 50, 56: a
     * customer who stays five years yields $222 (30 + 42 + 44 + 50 + 56), and the card
     * issuer "must keep each customer for about two years" to recover the $60
     * (-60 + 30 = -30 after one year, -60 + 72 = 12 after two). Split into a base profit
     * of 30 and growth 0, 12, 14, 20, 26 (another reading of the same totals). */
    const double d[5 * 5] = {30, 0, 0, 0, 0, 30, 12, 0, 0, 0, 30, 14, 0, 0, 0,
                             30, 20, 0, 0, 0, 30, 26, 0, 0, 0};
    csat_retention_profit v;
    (void)state;
    assert_int_equal(csat_retention_profit_value(d, 5, 60, 1.0, 0.0, 5, &v, NULL), CSAT_OK);
    csat_assert_close(v.profit, 222, 0, 0);
    csat_assert_close(v.value, 162, 0, 0);
    csat_assert_close(v.undiscounted, 162, 0, 0);
    csat_assert_close(v.breakeven_year, 2, 0, 0);
    csat_assert_close(v.expected_years, 5, 0, 0);
    csat_assert_close(v.drivers[CSAT_PROFIT_BASE], 150, 0, 0);
    csat_assert_close(v.drivers[CSAT_PROFIT_GROWTH], 72, 0, 0);
    /* "many credit card issuers lose more than 50 percent of their customers within the
     * first two years": at 50% retention a customer pays back 30 + 0.5 x 42 = 51 of the 60
     * by the end of year two (undiscounted, horizon 2) */
    assert_int_equal(csat_retention_profit_value(d, 5, 60, 0.5, 0.0, 2, &v, NULL), CSAT_OK);
    csat_assert_close(v.undiscounted, -9, 0, 0);
}

static void test_chain_against_clv_retention(void **state)
{
    /* docs/theory/loyalty.rst, 8.2's credit-card profile (acquisition 51, margins 30, 42,
     * 44, 49, 55, discount 10%): PV 56.3219 at r = 0.80 and 68.0413 at 0.85, here equal to
     * csat_econ_clv_retention's independent sum over the same five years */
    const double m[5] = {30, 42, 44, 49, 55};
    double d[25] = {0}, pv;
    csat_retention_profit v;
    (void)state;
    for (int t = 0; t < 5; t++)
        d[t * 5 + CSAT_PROFIT_BASE] = m[t];
    for (int k = 0; k < 2; k++) {
        double r = k ? 0.85 : 0.80;
        assert_int_equal(csat_retention_profit_value(d, 5, 51, r, 0.10, 5, &v, NULL), CSAT_OK);
        assert_int_equal(csat_econ_clv_retention(m, 5, r, 0.10, 51, CSAT_CLV_END_OF_PERIOD, &pv, NULL),
                         CSAT_OK);
        csat_assert_close(v.value, pv, 1e-13, 0);
        csat_assert_close(v.value, k ? 68.0413 : 56.3219, 0, 5e-5);
    }
}

static void test_chain_closed_forms(void **state)
{
    /* a constant profit pi from year 1 on: value = pi / (1 + d - r) - A over an infinite
     * horizon (the geometric series sum_t r^(t-1) / (1 + d)^t); the expected tenure
     * 1 / (1 - r): 10 years at 90% retention and 20 at 95% (the lifetimes quoted with
     * Reichheld & Sasser's "5% more retention"). */
    const double d[5] = {60, 10, 10, 10, 10}; /* pi = 100 */
    const double rates[3] = {0.8, 0.85, 0.9};
    double val[3], gain[3];
    csat_retention_profit v;
    csat_error e;
    (void)state;
    assert_int_equal(csat_retention_profit_value(d, 1, 0, 0.8, 0.1, CSAT_PROFIT_MAX_HORIZON, &v,
                                                 NULL),
                     CSAT_OK);
    csat_assert_close(v.value, 100.0 / 0.3, 1e-13, 0);
    csat_assert_close(v.drivers[0], 60.0 / 0.3, 1e-13, 0);
    csat_assert_close(v.expected_years, 5.0, 1e-13, 0);
    assert_int_equal(csat_retention_profit_value(d, 1, 0, 0.9, 0.0, CSAT_PROFIT_MAX_HORIZON, &v,
                                                 NULL),
                     CSAT_OK);
    csat_assert_close(v.expected_years, 10.0, 1e-12, 0);
    assert_int_equal(csat_retention_profit_value(d, 1, 0, 0.95, 0.0, CSAT_PROFIT_MAX_HORIZON, &v,
                                                 NULL),
                     CSAT_OK);
    csat_assert_close(v.expected_years, 20.0, 1e-12, 0);
    /* the table: 100 / (1.1 - r) = 333.33, 400, 500 less A = 0; gains over r = 0.8: 0, 20%, 50% */
    assert_int_equal(csat_retention_profit_table(d, 1, 0, rates, 3, 0.8, 0.1,
                                                 CSAT_PROFIT_MAX_HORIZON, val, gain, NULL),
                     CSAT_OK);
    csat_assert_close(val[1], 400, 1e-13, 0);
    csat_assert_close(val[2], 500, 1e-13, 0);
    csat_assert_close(gain[0], 0, 0, 1e-13);
    csat_assert_close(gain[1], 0.2, 1e-12, 0);
    csat_assert_close(gain[2], 0.5, 1e-12, 0);
    /* a base value <= 0 has no relative gain */
    val[0] = -1;
    csat_assert_status(csat_retention_profit_table(d, 1, 1e6, rates, 3, 0.8, 0.1, 10, val, gain,
                                                   &e),
                       CSAT_EDOM);
    assert_true(val[0] == -1);
    csat_assert_status(csat_retention_profit_table(d, 1, 0, (const double[]){0.5, 1.5}, 2, 0.8,
                                                   0.1, 10, val, NULL, &e),
                       CSAT_EINVAL);
    assert_int_equal(e.row, 1);
    csat_assert_status(csat_retention_profit_value(d, 0, 0, 0.8, 0.1, 10, &v, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_retention_profit_value(d, 1, 0, 0.8, 0.1, 0, &v, NULL), CSAT_EINVAL);
    csat_assert_status(csat_retention_profit_value(d, 1, 0, 0.8, -0.1, 10, &v, NULL), CSAT_EINVAL);
    csat_assert_status(csat_retention_profit_value((const double[]){DBL_MAX, DBL_MAX, 0, 0, 0}, 1,
                                                   0, 0.8, 0.0, 10, &v, NULL),
                       CSAT_EDOM);
}

/* share of wallet in C (issue 17): hand-computed (docs/theory/loyalty_economics.rst, 25.3) */
static void test_share_of_wallet(void **state)
{
    const double spend[4] = {1, 2, 0, 3}, cat[4] = {2, 8, 0, 3};
    double share[4] = {-1, -1, -1, -1}, overall = -1;
    csat_error e;
    (void)state;
    /* 1/2, 2/8, 0 (no category spend), 3/3; overall (1 + 2 + 0 + 3) / (2 + 8 + 0 + 3) = 6/13 */
    csat_assert_status(csat_share_of_wallet(spend, cat, 4, share, &overall, &e), CSAT_OK);
    assert_true(share[0] == 0.5 && share[1] == 0.25 && share[2] == 0.0 && share[3] == 1.0);
    assert_true(overall == 6.0 / 13.0);
    assert_int_equal(e.status, CSAT_OK);
    csat_assert_status(csat_share_of_wallet(spend, cat, 4, share, NULL, NULL), CSAT_OK);
    /* all-zero category spend: shares and overall 0 */
    csat_assert_status(csat_share_of_wallet(cat + 2, cat + 2, 1, share, &overall, NULL), CSAT_OK);
    assert_true(share[0] == 0.0 && overall == 0.0);
    /* spend above the category spend: row 1 named, nothing written */
    share[0] = -7;
    overall = -7;
    csat_assert_status(csat_share_of_wallet(cat, spend, 4, share, &overall, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "spend");
    assert_int_equal(e.row, 0);
    assert_true(share[0] == -7 && overall == -7);
    csat_assert_status(csat_share_of_wallet(spend, cat, 0, share, &overall, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_share_of_wallet(NULL, cat, 4, share, &overall, NULL), CSAT_EINVAL);
    csat_assert_status(csat_share_of_wallet(spend, cat, 4, NULL, &overall, NULL), CSAT_EINVAL);
    {
        const double nan_s[2] = {1, NAN}, big[2] = {DBL_MAX, DBL_MAX};
        csat_assert_status(csat_share_of_wallet(nan_s, cat, 2, share, NULL, &e), CSAT_EINVAL);
        assert_int_equal(e.row, 1);
        csat_assert_status(csat_share_of_wallet(big, big, 2, share, NULL, &e), CSAT_EDOM);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kpi_by_group),
        cmocka_unit_test(test_scorecard),
        cmocka_unit_test(test_repeat_purchase),
        cmocka_unit_test(test_inter_purchase_times),
        cmocka_unit_test(test_cross_sell),
        cmocka_unit_test(test_store_forms),
        cmocka_unit_test(test_loyalty_behaviour),
        cmocka_unit_test(test_referral),
        cmocka_unit_test(test_chain_printed_example),
        cmocka_unit_test(test_chain_against_clv_retention),
        cmocka_unit_test(test_chain_closed_forms),
        cmocka_unit_test(test_share_of_wallet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
