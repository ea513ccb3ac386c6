/*
 * Complaints and recovery (issue 17 §4; docs/theory/profitability.rst,
 * 31.1-31.5): one hand-computed store, every figure worked out below.
 *
 * Transactions: customer 1 at 0, 10, 100; 2 at 5, 50; 3 at 0, 200; 4 at 0;
 * 5 at 20, 40 (10 transactions, 5 customers).
 * Complaints (id: opened, first response, resolved, first contact, cause, satisfaction):
 *   1: 5, 5.5, 8, 0, 2, 4      1: 20, 21, 21, 1, 2, -     (reopens the first: same cause, 20 in [8, 38])
 *   2: 10, 13, open, 0, 1, -   3: 1, -, open, 0, -1, 2    6: 3, 3.25, 4, 1, 1, 5 (no transactions)
 * Response times 0.5, 1, 3, 0.25: median 0.75, p90 2.4 (type 7), 3 of 4 within 1.
 * Resolution times 3, 1, 1: median 1, p90 2.6, all within 7. First contact 2 of 3
 * resolved; reopened 1 of 3; satisfaction (4 + 2 + 5) / 3.
 * Retention within 90 (observation end 200, the last transaction): resolved first
 * complaints: 1 (buys at 10) and 6 (never) -> 1/2; open: 2 (buys at 50) and 3 (not
 * until 200) -> 1/2; without complaints: 4 (never) and 5 (40 after 20) -> 1/2.
 */
#include "csat_test.h"

static csat_customers *complaint_store(void)
{
    const uint64_t id[10] = {1, 1, 1, 2, 2, 3, 3, 4, 5, 5};
    const double t[10] = {0, 10, 100, 5, 50, 0, 200, 0, 20, 40};
    const uint64_t cid[5] = {1, 1, 2, 3, 6};
    const double op[5] = {5, 20, 10, 1, 3}, fr[5] = {5.5, 21, 13, NAN, 3.25}, rs[5] = {8, 21, NAN, NAN, 4};
    const double sat[5] = {4, NAN, NAN, 2, 5};
    const uint8_t fc[5] = {0, 1, 0, 0, 1};
    const int32_t cause[5] = {2, 2, 1, -1, 1};
    csat_customers *c;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_add(c, id, t, NULL, 10), CSAT_OK);
    assert_int_equal(csat_customers_add_complaints(c, cid, op, fr, rs, fc, cause, sat, 5), CSAT_OK);
    return c;
}

static void test_report(void **state)
{
    csat_complaint_report r;
    csat_complaint_options o;
    csat_customers *c = complaint_store();
    (void)state;
    assert_int_equal(csat_complaint_options_init(&o, CSAT_COMPLAINT_OPTIONS_VERSION), CSAT_OK);
    assert_int_equal(csat_complaint_report_customers(c, &o, &r, NULL), CSAT_OK);
    assert_true(r.complaints == 5 && r.complainers == 4 && r.customers == 5 && r.transactions == 10);
    assert_true(r.per_customer == 1 && r.complainer_share == 0.6 && r.per_1000_transactions == 500);
    assert_true(r.responded == 4 && r.resolved == 3);
    csat_assert_close(r.response_median, 0.75, 1e-15, 0);
    csat_assert_close(r.response_p90, 2.4, 1e-15, 0);
    assert_true(r.response_within_target == 0.75);
    csat_assert_close(r.resolution_median, 1.0, 1e-15, 0);
    csat_assert_close(r.resolution_p90, 2.6, 1e-15, 0);
    assert_true(r.resolution_within_target == 1.0);
    csat_assert_close(r.first_contact_rate, 2.0 / 3.0, 1e-15, 0);
    assert_true(r.reopened == 1);
    csat_assert_close(r.reopen_rate, 1.0 / 3.0, 1e-15, 0);
    assert_true(r.surveyed == 3);
    csat_assert_close(r.recovery_satisfaction, 11.0 / 3.0, 1e-15, 0);
    assert_true(r.judged_resolved == 2 && r.retention_resolved == 0.5);
    assert_true(r.judged_unresolved == 2 && r.retention_unresolved == 0.5);
    assert_true(r.judged_non_complainers == 2 && r.retention_non_complainers == 0.5);
    /* a shorter reopen window: 20 is 12 after the resolution at 8 */
    o.reopen_window = 11.5;
    assert_int_equal(csat_complaint_report_customers(c, &o, &r, NULL), CSAT_OK);
    assert_true(r.reopened == 0);
    /* observation end 95: only windows ending by 95 are judged (1 at 5, 3 at 1, 6 at 3, 4 at 0) */
    o.observation_end = 95;
    assert_int_equal(csat_complaint_report_customers(c, &o, &r, NULL), CSAT_OK);
    assert_true(r.judged_resolved == 2 && r.judged_unresolved == 1 && r.retention_unresolved == 0);
    assert_true(r.judged_non_complainers == 1 && r.retention_non_complainers == 0);
    /* bad input */
    o.retention_window = 0;
    assert_int_equal(csat_complaint_report_customers(c, &o, &r, NULL), CSAT_EINVAL);
    o.retention_window = 90;
    o.version = 99;
    assert_int_equal(csat_complaint_report_customers(c, &o, &r, NULL), CSAT_EVERSION);
    assert_int_equal(csat_complaint_report_customers(c, NULL, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_complaint_report_customers(NULL, NULL, &r, NULL), CSAT_EINVAL);
    csat_customers_free(c);
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_complaint_report_customers(c, NULL, &r, NULL), CSAT_EEMPTY);
    csat_customers_free(c);
}

static void test_pareto(void **state)
{
    const int32_t causes[5] = {2, 2, 1, -1, 1};
    double counts[3], curve[4];
    int klass[3];
    csat_abc_summary s;
    csat_error e;
    (void)state;
    assert_int_equal(csat_complaint_pareto(causes, 5, 3, NULL, counts, klass, curve, &s, NULL, &e), CSAT_OK);
    assert_true(counts[0] == 0 && counts[1] == 2 && counts[2] == 2);
    /* ranked 1, 2 (tie, input order), 0: cumulative 0.5 (A), 1 (C), 1 (C) */
    assert_true(klass[1] == CSAT_ABC_A && klass[2] == CSAT_ABC_C && klass[0] == CSAT_ABC_C);
    assert_true(curve[0] == 0 && curve[1] == 0.5 && curve[2] == 1 && curve[3] == 1);
    {
        const int32_t bad[2] = {0, 3}, unknown[2] = {-1, -1};
        assert_int_equal(csat_complaint_pareto(bad, 2, 3, NULL, counts, NULL, NULL, NULL, NULL, &e), CSAT_EINVAL);
        assert_string_equal(e.argument, "causes");
        assert_int_equal(e.row, 1);
        assert_int_equal(csat_complaint_pareto(unknown, 2, 3, NULL, counts, NULL, NULL, NULL, NULL, &e), CSAT_EEMPTY);
        assert_int_equal(csat_complaint_pareto(causes, 5, 0, NULL, counts, NULL, NULL, NULL, NULL, &e), CSAT_EINVAL);
        assert_int_equal(csat_complaint_pareto(NULL, 5, 3, NULL, counts, NULL, NULL, NULL, NULL, &e), CSAT_EINVAL);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_pareto),
    };
    return cmocka_run_group_tests_name("complaints", tests, NULL, NULL);
}
