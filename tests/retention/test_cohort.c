/* Cohort retention tables and CRM KPIs from transactions: hand-computed
 * examples (every number below is derived in the comments) and the
 * docs/theory/retention.rst, 9 published KPI vector through csat_kpi_rates_from_counts
 * (test_econ.c). */
#include "csat_test.h"

#include <float.h>

/* customer 1 buys at 0, 1.5, 2.2 (10, 20, 30); 2 at 0.5, 2.9 (5, 5);
 * 3 at 1.1, 1.2 (7, 3); 4 at 2.0 (100); deliberately unordered */
static const uint64_t ids[] = {3, 1, 2, 4, 1, 3, 2, 1};
static const double times[] = {1.1, 0, 0.5, 2.0, 1.5, 1.2, 2.9, 2.2};
static const double amounts[] = {7, 10, 5, 100, 20, 3, 5, 30};

static void test_cohort_table(void **state)
{
    /* periods of length 1 from 0: cohort 0 = {1, 2}, 1 = {3}, 2 = {4} */
    double start[3], size[3], act[9], rev[9], ret[9], rret[9];
    static const double e_act[9] = {2, 1, 2, 1, 0, 0, 1, 0, 0};
    static const double e_rev[9] = {15, 20, 35, 10, 0, 0, 100, 0, 0};
    size_t np = 0;
    (void)state;
    assert_int_equal(csat_cohort_table(ids, times, amounts, 8, NULL, 3, 3, start, size, act, rev,
                                       ret, rret, &np, NULL, NULL),
                     CSAT_OK);
    assert_int_equal(np, 3);
    for (int c = 0; c < 3; c++)
        assert_true(start[c] == c);
    assert_true(size[0] == 2 && size[1] == 1 && size[2] == 1);
    for (int i = 0; i < 9; i++) {
        csat_assert_close(act[i], e_act[i], 0, 0);
        csat_assert_close(rev[i], e_rev[i], 1e-15, 0);
    }
    csat_assert_close(ret[1], 0.5, 1e-15, 0);
    csat_assert_close(ret[2], 1.0, 1e-15, 0);
    csat_assert_close(rret[1], 20.0 / 15.0, 1e-15, 0);
    csat_assert_close(rret[2], 35.0 / 15.0, 1e-15, 0);
    /* too few cohorts: EBUFSIZE with the size needed, outputs untouched */
    np = 0;
    size[0] = -9;
    csat_assert_status(csat_cohort_table(ids, times, amounts, 8, NULL, 2, 3, NULL, size, NULL,
                                         NULL, NULL, NULL, &np, NULL, NULL),
                       CSAT_EBUFSIZE);
    assert_int_equal(np, 3);
    assert_true(size[0] == -9);
}

static void test_cohort_bad_input(void **state)
{
    const double bad_t[] = {1.1, -1, 0.5, 2.0, 1.5, 1.2, 2.9, 2.2};
    const double nan_a[] = {7, 10, NAN, 100, 20, 3, 5, 30};
    csat_cohort_options o = CSAT_COHORT_OPTIONS_INIT;
    double size[3] = {-9, -9, -9};
    (void)state;
    csat_assert_status(csat_cohort_table(ids, bad_t, amounts, 8, NULL, 3, 3, NULL, size, NULL,
                                         NULL, NULL, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_cohort_table(ids, times, nan_a, 8, NULL, 3, 3, NULL, size, NULL, NULL,
                                         NULL, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_cohort_table(ids, times, amounts, 0, NULL, 3, 3, NULL, size, NULL,
                                         NULL, NULL, NULL, NULL, NULL, NULL), CSAT_EEMPTY);
    o.origin = 0.5; /* after the first transaction */
    csat_assert_status(csat_cohort_table(ids, times, amounts, 8, &o, 3, 3, NULL, size, NULL, NULL,
                                         NULL, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    o.origin = NAN;
    o.period = 0;
    csat_assert_status(csat_cohort_table(ids, times, amounts, 8, &o, 3, 3, NULL, size, NULL, NULL,
                                         NULL, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    o.period = 1;
    o.version = 9;
    csat_assert_status(csat_cohort_table(ids, times, amounts, 8, &o, 3, 3, NULL, size, NULL, NULL,
                                         NULL, NULL, NULL, NULL, NULL), CSAT_EVERSION);
    assert_true(size[0] == -9);
}

static void test_kpis(void **state)
{
    /* t1 = 1.5, t2 = 2.5, lost after 1: active at t1 = purchase in (0.5, 1.5] = {1 (20), 3 (10)};
     * at t2 = (1.5, 2.5] = {1 (30), 4 (100)}; new in (1.5, 2.5] = {4}; retained {1}, lost {3};
     * tiers at 15 and 25: customer 1 moves from tier 1 (20) to tier 2 (30) = upgraded;
     * buyers in (1.5, 2.5] = {1, 4}, revenue 130 */
    const double bounds[] = {15, 25};
    double ladder[3];
    csat_kpi_report r;
    (void)state;
    assert_int_equal(csat_kpi_between(ids, times, amounts, 8, 1.5, 2.5, 1.0, bounds, 2, ladder,
                                      &r, NULL, NULL),
                     CSAT_OK);
    assert_true(r.start_customers == 2 && r.end_customers == 2 && r.new_customers == 1);
    assert_true(r.retained == 1 && r.lost == 1 && r.upgraded == 1 && r.buyers == 2);
    csat_assert_close(r.retention_rate, 0.5, 1e-15, 0);
    csat_assert_close(r.churn_rate, 0.5, 1e-15, 0);
    csat_assert_close(r.new_customer_rate, 0.5, 1e-15, 0);
    csat_assert_close(r.upgrade_rate, 1.0, 1e-15, 0);
    csat_assert_close(r.revenue, 130, 1e-15, 0);
    csat_assert_close(r.average_profitability, 65, 1e-15, 0);
    assert_true(ladder[0] == 0 && ladder[1] == 0 && ladder[2] == 2);
    /* bad input leaves the report unchanged */
    csat_assert_status(csat_kpi_between(ids, times, amounts, 8, 2.5, 1.5, 1.0, bounds, 2, ladder,
                                        &r, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_kpi_between(ids, times, amounts, 8, 1.5, 2.5, 0.0, bounds, 2, ladder,
                                        &r, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_kpi_between(ids, times, amounts, 8, 1.5, 2.5, 1.0,
                                        (const double[]){25, 15}, 2, ladder, &r, NULL, NULL),
                       CSAT_EINVAL);
    csat_assert_status(csat_kpi_between(ids, times, amounts, 0, 1.5, 2.5, 1.0, bounds, 2, ladder,
                                        &r, NULL, NULL), CSAT_EEMPTY);
    assert_true(r.retained == 1);
}

static void test_alloc_failures(void **state)
{
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    double act[9];
    csat_kpi_report r;
    (void)state;
    for (long k = 0;; k++) {
        csat_status st;
        csat_test_alloc_reset(&t, k);
        st = csat_cohort_table(ids, times, amounts, 8, NULL, 3, 3, NULL, NULL, act, NULL, NULL,
                               NULL, NULL, &a, NULL);
        assert_int_equal(t.live, 0);
        if (st == CSAT_OK)
            break;
        assert_int_equal(st, CSAT_ENOMEM);
    }
    for (long k = 0;; k++) {
        csat_status st;
        csat_test_alloc_reset(&t, k);
        st = csat_kpi_between(ids, times, amounts, 8, 1.5, 2.5, 1.0, NULL, 0, NULL, &r, &a, NULL);
        assert_int_equal(t.live, 0);
        if (st == CSAT_OK)
            break;
        assert_int_equal(st, CSAT_ENOMEM);
    }
}

static void test_from_store(void **state)
{
    /* the store gives the same table and KPIs as the columns */
    csat_customers *c;
    double act1[9], act2[9], rev1[9], rev2[9];
    csat_kpi_report r1, r2;
    const double bounds[] = {15, 25};
    (void)state;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    csat_assert_status(csat_cohort_table_customers(c, NULL, 3, 3, NULL, NULL, act2, NULL, NULL,
                                                   NULL, NULL, NULL), CSAT_EEMPTY);
    assert_int_equal(csat_customers_add(c, ids, times, amounts, 8), CSAT_OK);
    assert_int_equal(csat_cohort_table(ids, times, amounts, 8, NULL, 3, 3, NULL, NULL, act1, rev1,
                                       NULL, NULL, NULL, NULL, NULL), CSAT_OK);
    assert_int_equal(csat_cohort_table_customers(c, NULL, 3, 3, NULL, NULL, act2, rev2, NULL, NULL,
                                                 NULL, NULL), CSAT_OK);
    for (int i = 0; i < 9; i++)
        assert_true(act1[i] == act2[i] && rev1[i] == rev2[i]);
    assert_int_equal(csat_kpi_between(ids, times, amounts, 8, 1.5, 2.5, 1.0, bounds, 2, NULL, &r1,
                                      NULL, NULL), CSAT_OK);
    assert_int_equal(csat_kpi_between_customers(c, 1.5, 2.5, 1.0, bounds, 2, NULL, &r2, NULL),
                     CSAT_OK);
    assert_memory_equal(&r1, &r2, sizeof r1);
    csat_assert_status(csat_kpi_between_customers(NULL, 1.5, 2.5, 1.0, bounds, 2, NULL, &r2, NULL),
                       CSAT_EINVAL);
    /* allocation failures: ENOMEM, nothing leaked */
    {
        csat_test_alloc t = {-1, 0, 0};
        csat_allocator a = csat_test_allocator(&t);
        for (long k = 0;; k++) {
            csat_status st;
            csat_test_alloc_reset(&t, k);
            st = csat_cohort_table_customers(c, NULL, 3, 3, NULL, NULL, act2, NULL, NULL, NULL,
                                             NULL, &a);
            assert_int_equal(t.live, 0);
            if (st == CSAT_OK)
                break;
            assert_int_equal(st, CSAT_ENOMEM);
        }
        for (long k = 0;; k++) {
            csat_status st;
            csat_test_alloc_reset(&t, k);
            st = csat_kpi_between_customers(c, 1.5, 2.5, 1.0, bounds, 2, NULL, &r2, &a);
            assert_int_equal(t.live, 0);
            if (st == CSAT_OK)
                break;
            assert_int_equal(st, CSAT_ENOMEM);
        }
    }
    csat_customers_free(c);
}

/* Found by tests/fuzz/fuzz_churn.c: amounts near DBL_MAX summed to +Inf
 * revenue with CSAT_OK (cohort table and KPIs), and so did a revenue ratio
 * and the start of a cohort beyond the data with a period of 1e308. Each is
 * CSAT_EDOM now, with nothing written. */
static void test_sums_beyond_dbl_max(void **state)
{
    const uint64_t cid[3] = {1, 1, 2};
    const double t[3] = {0, 0, 1}, big[3] = {DBL_MAX, DBL_MAX, 1};
    const double t2[3] = {0, 1, 1}, ratio2[3] = {1e-300, 1e300, 1};
    double rev[4] = {-7, -7, -7, -7}, rr[4] = {-7, -7, -7, -7}, start[4] = {-7, -7, -7, -7};
    size_t np = 99;
    csat_kpi_report k, keep;
    csat_cohort_options o = CSAT_COHORT_OPTIONS_INIT;
    (void)state;
    assert_int_equal(csat_cohort_table(cid, t, big, 3, NULL, 2, 2, NULL, NULL, NULL, rev, NULL, NULL, &np, NULL, NULL),
                     CSAT_EDOM);
    assert_true(rev[0] == -7 && np == 99);
    /* revenue 1e300 in period 1 over 1e-300 in period 0: the ratio is 1e600 */
    assert_int_equal(csat_cohort_table(cid, t2, ratio2, 3, NULL, 2, 2, NULL, NULL, NULL, rev, NULL, rr, &np, NULL, NULL),
                     CSAT_EDOM);
    assert_true(rev[0] == -7 && rr[0] == -7 && np == 99);
    /* without the ratio the same table is fine */
    assert_int_equal(csat_cohort_table(cid, t2, ratio2, 3, NULL, 2, 2, NULL, NULL, NULL, rev, NULL, NULL, &np, NULL, NULL),
                     CSAT_OK);
    /* 4 cohorts of period 1e308 start at 0, 1e308, 2e308 (Inf), ... */
    o.period = 1e308;
    assert_int_equal(csat_cohort_table(cid, t, NULL, 3, &o, 4, 1, start, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                     CSAT_EDOM);
    assert_true(start[0] == -7);
    memset(&k, 0x5a, sizeof k);
    keep = k;
    assert_int_equal(csat_kpi_between(cid, t2, (const double[]){DBL_MAX, DBL_MAX, DBL_MAX}, 3, 0.5, 1.5, 1.0, NULL,
                                      0, NULL, &k, NULL, NULL),
                     CSAT_EDOM);
    assert_memory_equal(&k, &keep, sizeof k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cohort_table),
        cmocka_unit_test(test_cohort_bad_input),
        cmocka_unit_test(test_kpis),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_from_store),
        cmocka_unit_test(test_sums_beyond_dbl_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
