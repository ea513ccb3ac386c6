/*
 * Customer records, issue 17: transaction detail columns (costs, categories,
 * channels) carried through the sort, customer attributes (groups,
 * acquisition costs) and complaints: hand-computed cases, a random store
 * checked row by row, bad input.
 */
#include "csat_test.h"

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* The details a row was given, as a function of its key. */
static uint64_t key_hash(uint64_t id, double t, double a)
{
    uint64_t s = id ^ (uint64_t)(t * 8) * 0x9E37ull ^ (uint64_t)(a * 4) * 0x85EBCA6Bull;
    return splitmix(&s);
}
static double cost_of(uint64_t h) { return (double)(h % 1000) * 0.25; }
static int32_t cat_of(uint64_t h) { return (int32_t)((h >> 12) % 50); }
static int32_t chan_of(uint64_t h) { return (int32_t)((h >> 24) % 7); }

/* Three adds, sorted after each: plain rows (amounts in [0, 4)), rows with
 * costs and categories (amounts in [10, 14)) and rows with channels only
 * (amounts in [20, 24)); every row's details must come back with it. With
 * t_alloc the merge buffer cannot be had (full sorts). */
static void check_details(size_t n, size_t n_ids, int time_values, csat_test_alloc *t_alloc)
{
    csat_allocator alloc_v = t_alloc ? csat_test_allocator(t_alloc) : (csat_allocator){0};
    uint64_t *id = malloc(n * sizeof *id), *oid = malloc(n * sizeof *oid), seed = n;
    double *t = malloc(n * 8), *a = malloc(n * 8), *cost = malloc(n * 8);
    double *ot = malloc(n * 8), *oa = malloc(n * 8), *oc = malloc(n * 8), *tc = malloc(n * 8);
    int32_t *cat = malloc(n * 4), *chan = malloc(n * 4), *ocat = malloc(n * 4), *ochan = malloc(n * 4);
    int32_t *tcat = malloc(n * 4), *tchan = malloc(n * 4);
    const size_t cut[4] = {0, n / 2, n / 2 + n / 10, n};
    csat_customers *c;
    size_t m = 0, n_cust = 0, pos = 0;
    unsigned cols = 0;
    for (size_t i = 0; i < n; i++) {
        int batch = i < cut[1] ? 0 : i < cut[2] ? 1 : 2;
        uint64_t h;
        id[i] = splitmix(&seed) % n_ids;
        t[i] = (double)(splitmix(&seed) % (uint64_t)time_values) * 0.5;
        a[i] = 10.0 * batch + (double)(splitmix(&seed) % 4);
        h = key_hash(id[i], t[i], a[i]);
        cost[i] = cost_of(h);
        cat[i] = cat_of(h);
        chan[i] = chan_of(h);
    }
    assert_int_equal(csat_customers_new(&c, t_alloc ? &alloc_v : NULL), CSAT_OK);
    for (int k = 0; k < 3; k++) {
        const size_t b = cut[k], len = cut[k + 1] - cut[k];
        csat_status st = k == 0 ? csat_customers_add(c, id, t, a, len)
                         : k == 1 ? csat_customers_add_details(c, id + b, t + b, a + b, cost + b, cat + b, NULL, len)
                                  : csat_customers_add_details(c, id + b, t + b, a + b, NULL, NULL, chan + b, len);
        assert_int_equal(st, CSAT_OK);
        if (t_alloc)
            csat_test_alloc_reset(t_alloc, 0);
        assert_int_equal(csat_customers_count(c, &n_cust, NULL), CSAT_OK);
        if (t_alloc)
            csat_test_alloc_reset(t_alloc, -1);
    }
    assert_int_equal(csat_customers_columns(c, &cols), CSAT_OK);
    assert_int_equal(cols, CSAT_CUSTOMERS_COSTS | CSAT_CUSTOMERS_CATEGORIES | CSAT_CUSTOMERS_CHANNELS);
    { /* a summary trims the rows and the detail columns: the details must survive */
        csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
        size_t before = 0, after = 0;
        so.observation_end = (double)time_values;
        assert_int_equal(csat_customers_memory(c, &before), CSAT_OK);
        assert_int_equal(csat_customers_summarize(c, &so, NULL, NULL), CSAT_OK);
        assert_int_equal(csat_customers_memory(c, &after), CSAT_OK);
        assert_true(after <= before + n_cust * 64 + 4096);
    }
    assert_int_equal(csat_customers_rows(c, NULL, NULL, NULL, NULL, NULL, NULL, 0, &m), n > 0 ? CSAT_EBUFSIZE : CSAT_OK);
    assert_int_equal(m, n);
    assert_int_equal(csat_customers_rows(c, oid, ot, oa, oc, ocat, ochan, n, &m), CSAT_OK);
    for (size_t i = 0; i < n; i++) {
        uint64_t h = key_hash(oid[i], ot[i], oa[i]);
        int batch = (int)(oa[i] / 10);
        assert_true(i == 0 || oid[i - 1] < oid[i] || (oid[i - 1] == oid[i] && ot[i - 1] <= ot[i]));
        assert_true(oc[i] == (batch == 1 ? cost_of(h) : 0.0));
        assert_int_equal(ocat[i], batch == 1 ? cat_of(h) : -1);
        assert_int_equal(ochan[i], batch == 2 ? chan_of(h) : -1);
    }
    /* Per customer, the same as the bulk reader. */
    while (pos < n) {
        size_t len = 0, k = 0;
        assert_int_equal(csat_customers_transaction_details(c, oid[pos], tc, tcat, tchan, n, &len), CSAT_OK);
        assert_int_equal(csat_customers_transactions(c, oid[pos], ot, NULL, n, &k), CSAT_OK);
        assert_int_equal(k, len);
        for (size_t i = 0; i < len; i++) {
            assert_true(tc[i] == oc[pos + i]);
            assert_int_equal(tcat[i], ocat[pos + i]);
            assert_int_equal(tchan[i], ochan[pos + i]);
        }
        pos += len;
    }
    csat_customers_free(c);
    free(id), free(oid), free(t), free(a), free(cost), free(ot), free(oa), free(oc), free(tc);
    free(cat), free(chan), free(ocat), free(ochan), free(tcat), free(tchan);
}

static void test_details_follow_sort(void **state)
{
    csat_test_alloc ta = {-1, 0, 0};
    (void)state;
    check_details(100000, 3000, 1000, NULL);
    check_details(50000, 7, 3, NULL);      /* many equal keys */
    check_details(20000, 500, 100, &ta);   /* no merge buffer */
    assert_int_equal(ta.live, 0);
    check_details(30, 4, 5, NULL);
}

/* Hand case: one plain add, then details for the same customer. */
static void test_details_hand(void **state)
{
    const uint64_t id1[2] = {7, 3}, id2[3] = {3, 7, 3};
    const double t1[2] = {5, 2}, a1[2] = {10, 20};
    const double t2[3] = {1, 4, 3}, a2[3] = {5, 6, 7}, c2[3] = {1.5, 2.5, 3.5};
    const int32_t cat2[3] = {4, 0, 9};
    double oc[4];
    int32_t ocat[4], och[4];
    size_t n = 0, bytes0 = 0, bytes1 = 0;
    unsigned cols = 99;
    csat_customers *c;
    (void)state;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_columns(c, &cols), CSAT_OK);
    assert_int_equal(cols, 0);
    assert_int_equal(csat_customers_add(c, id1, t1, a1, 2), CSAT_OK);
    assert_int_equal(csat_customers_memory(c, &bytes0), CSAT_OK);
    assert_int_equal(csat_customers_add_details(c, id2, t2, a2, c2, cat2, NULL, 3), CSAT_OK);
    assert_int_equal(csat_customers_memory(c, &bytes1), CSAT_OK);
    assert_true(bytes1 > bytes0);
    /* customer 3: (1, 5, cost 1.5, cat 4), (2, 20, plain), (3, 7, cost 3.5, cat 9) */
    assert_int_equal(csat_customers_transaction_details(c, 3, oc, ocat, och, 4, &n), CSAT_OK);
    assert_int_equal(n, 3);
    assert_true(oc[0] == 1.5 && oc[1] == 0.0 && oc[2] == 3.5);
    assert_true(ocat[0] == 4 && ocat[1] == -1 && ocat[2] == 9);
    assert_true(och[0] == -1 && och[1] == -1 && och[2] == -1);
    /* customer 7: (4, 6, cost 2.5, cat 0), (5, 10, plain) */
    assert_int_equal(csat_customers_transaction_details(c, 7, oc, ocat, NULL, 4, &n), CSAT_OK);
    assert_int_equal(n, 2);
    assert_true(oc[0] == 2.5 && oc[1] == 0.0 && ocat[0] == 0 && ocat[1] == -1);
    assert_int_equal(csat_customers_transaction_details(c, 7, oc, ocat, NULL, 1, &n), CSAT_EBUFSIZE);
    assert_int_equal(n, 2);
    assert_int_equal(csat_customers_transaction_details(c, 8, oc, ocat, NULL, 4, &n), CSAT_EINVAL);
    assert_int_equal(csat_customers_columns(c, &cols), CSAT_OK);
    assert_int_equal(cols, CSAT_CUSTOMERS_COSTS | CSAT_CUSTOMERS_CATEGORIES);
    csat_customers_free(c);
}

static void test_details_bad(void **state)
{
    const uint64_t id[2] = {1, 2};
    const double t[2] = {1, 2}, a[2] = {1, 2}, badc[2] = {1, -1}, nanc[2] = {NAN, 1};
    const int32_t badcat[2] = {0, -1};
    size_t nt = 0;
    csat_customers *c;
    (void)state;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_add_details(NULL, id, t, a, NULL, NULL, NULL, 2), CSAT_EINVAL);
    assert_int_equal(csat_customers_add_details(c, id, t, a, badc, NULL, NULL, 2), CSAT_EINVAL);
    assert_non_null(strstr(csat_customers_last_error(c), "costs[1]"));
    assert_int_equal(csat_customers_add_details(c, id, t, a, nanc, NULL, NULL, 2), CSAT_EINVAL);
    assert_non_null(strstr(csat_customers_last_error(c), "costs[0]"));
    assert_int_equal(csat_customers_add_details(c, id, t, a, NULL, badcat, NULL, 2), CSAT_EINVAL);
    assert_non_null(strstr(csat_customers_last_error(c), "categories[1]"));
    assert_int_equal(csat_customers_add_details(c, id, t, a, NULL, NULL, badcat, 2), CSAT_EINVAL);
    assert_non_null(strstr(csat_customers_last_error(c), "channels[1]"));
    assert_int_equal(csat_customers_add_details(c, id, t, a, NULL, NULL, NULL, SIZE_MAX), CSAT_EINVAL);
    assert_int_equal(csat_customers_count(c, NULL, &nt), CSAT_OK);
    assert_int_equal(nt, 0);
    assert_int_equal(csat_customers_columns(c, NULL), CSAT_EINVAL);
    assert_int_equal(csat_customers_rows(c, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL), CSAT_EINVAL);
    assert_int_equal(csat_customers_rows(NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, &nt), CSAT_EINVAL);
    assert_int_equal(csat_customers_transaction_details(c, 1, NULL, NULL, NULL, 0, NULL), CSAT_EINVAL);
    csat_customers_free(c);
}

static void test_attributes(void **state)
{
    const uint64_t id1[4] = {9, 2, 9, 5}, id2[2] = {5, 11}, q[5] = {2, 5, 9, 11, 4};
    const int32_t g1[4] = {1, 2, 3, 4}, g2[2] = {7, 0};
    const double acq[2] = {12.5, 3};
    int32_t g[5];
    double ac[5];
    unsigned cols = 0;
    csat_customers *c;
    (void)state;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_set_groups(c, id1, g1, 4), CSAT_OK); /* 9 -> 3: the last wins */
    assert_int_equal(csat_customers_set_acquisition_costs(c, id2, acq, 2), CSAT_OK);
    assert_int_equal(csat_customers_attributes(c, q, 5, g, ac), CSAT_OK);
    assert_true(g[0] == 2 && g[1] == 4 && g[2] == 3 && g[3] == -1 && g[4] == -1);
    assert_true(ac[0] == 0 && ac[1] == 12.5 && ac[2] == 0 && ac[3] == 3 && ac[4] == 0);
    assert_int_equal(csat_customers_set_groups(c, id2, g2, 2), CSAT_OK);
    assert_int_equal(csat_customers_attributes(c, q, 5, g, NULL), CSAT_OK);
    assert_true(g[0] == 2 && g[1] == 7 && g[2] == 3 && g[3] == 0 && g[4] == -1);
    assert_int_equal(csat_customers_columns(c, &cols), CSAT_OK);
    assert_int_equal(cols, CSAT_CUSTOMERS_GROUPS | CSAT_CUSTOMERS_ACQUISITION_COSTS);
    {
        uint64_t aid[5];
        size_t na = 0;
        assert_int_equal(csat_customers_attribute_ids(c, aid, 1, &na), CSAT_EBUFSIZE);
        assert_int_equal(na, 4);
        assert_int_equal(csat_customers_attribute_ids(c, aid, 5, &na), CSAT_OK);
        assert_true(aid[0] == 2 && aid[1] == 5 && aid[2] == 9 && aid[3] == 11);
        assert_int_equal(csat_customers_attribute_ids(c, aid, 5, NULL), CSAT_EINVAL);
    }
    /* bad input leaves everything as it was */
    assert_int_equal(csat_customers_set_groups(c, id1, NULL, 4), CSAT_EINVAL);
    assert_non_null(strstr(csat_customers_last_error(c), "groups"));
    assert_int_equal(csat_customers_set_groups(c, NULL, g1, 4), CSAT_EINVAL);
    assert_non_null(strstr(csat_customers_last_error(c), "ids"));
    {
        const int32_t bad[2] = {1, -2};
        const double badc[2] = {1, INFINITY};
        assert_int_equal(csat_customers_set_groups(c, id2, bad, 2), CSAT_EINVAL);
        assert_non_null(strstr(csat_customers_last_error(c), "groups[1]"));
        assert_int_equal(csat_customers_set_acquisition_costs(c, id2, badc, 2), CSAT_EINVAL);
        assert_non_null(strstr(csat_customers_last_error(c), "costs[1]"));
    }
    assert_int_equal(csat_customers_set_groups(c, id1, g1, SIZE_MAX), CSAT_EINVAL);
    assert_int_equal(csat_customers_attributes(c, q, 5, g, ac), CSAT_OK);
    assert_true(g[1] == 7 && g[3] == 0 && ac[1] == 12.5);
    assert_int_equal(csat_customers_attributes(c, NULL, 1, g, ac), CSAT_EINVAL);
    assert_int_equal(csat_customers_attributes(NULL, q, 1, g, ac), CSAT_EINVAL);
    assert_int_equal(csat_customers_set_groups(c, NULL, NULL, 0), CSAT_OK);
    csat_customers_free(c);
}

static void test_complaints(void **state)
{
    /* batch 1: customer 4 twice (opened 9, then 2), customer 1 once */
    const uint64_t id1[3] = {4, 1, 4};
    const double op1[3] = {9, 3, 2}, fr1[3] = {9.5, NAN, 2}, rs1[3] = {NAN, 6, 2};
    const uint8_t fc1[3] = {0, 0, 1};
    const int32_t ca1[3] = {2, -1, 5};
    const double sat1[3] = {NAN, 4, 5};
    /* batch 2: customer 4 at 9 again (after the stored one), customer 0 */
    const uint64_t id2[2] = {4, 0};
    const double op2[2] = {9, 1};
    uint64_t oid[5];
    double op[5], fr[5], rs[5], sat[5];
    uint8_t fc[5];
    int32_t ca[5];
    size_t n = 0;
    unsigned cols = 0;
    csat_customers *c;
    (void)state;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_add_complaints(c, id1, op1, fr1, rs1, fc1, ca1, sat1, 3), CSAT_OK);
    assert_int_equal(csat_customers_add_complaints(c, id2, op2, NULL, NULL, NULL, NULL, NULL, 2), CSAT_OK);
    assert_int_equal(csat_customers_complaints(c, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, &n), CSAT_EBUFSIZE);
    assert_int_equal(n, 5);
    assert_int_equal(csat_customers_complaints(c, oid, op, fr, rs, fc, ca, sat, 5, &n), CSAT_OK);
    /* (0,1) (1,3) (4,2) (4,9 first batch) (4,9 second batch) */
    assert_true(oid[0] == 0 && oid[1] == 1 && oid[2] == 4 && oid[3] == 4 && oid[4] == 4);
    assert_true(op[0] == 1 && op[1] == 3 && op[2] == 2 && op[3] == 9 && op[4] == 9);
    assert_true(isnan(fr[0]) && isnan(fr[1]) && fr[2] == 2 && fr[3] == 9.5 && isnan(fr[4]));
    assert_true(isnan(rs[0]) && rs[1] == 6 && rs[2] == 2 && isnan(rs[3]) && isnan(rs[4]));
    assert_true(fc[0] == 0 && fc[1] == 0 && fc[2] == 1 && fc[3] == 0 && fc[4] == 0);
    assert_true(ca[0] == -1 && ca[1] == -1 && ca[2] == 5 && ca[3] == 2 && ca[4] == -1);
    assert_true(isnan(sat[0]) && sat[1] == 4 && sat[2] == 5 && isnan(sat[3]) && isnan(sat[4]));
    assert_int_equal(csat_customers_columns(c, &cols), CSAT_OK);
    assert_int_equal(cols, CSAT_CUSTOMERS_COMPLAINTS);
    /* bad input: each names its column and index, nothing is added */
    {
        double bo[2] = {1, -1}, bf[2] = {NAN, 0.5}, br[2] = {2, 1.5}, bs[2] = {1, INFINITY};
        const double o2[2] = {1, 1}, f2[2] = {1, 2};
        uint8_t bfc[2] = {0, 2}, open_fc[2] = {1, 0};
        int32_t bca[2] = {-2, 0};
        assert_int_equal(csat_customers_add_complaints(c, id2, bo, NULL, NULL, NULL, NULL, NULL, 2), CSAT_EINVAL);
        assert_non_null(strstr(csat_customers_last_error(c), "opened[1]"));
        assert_int_equal(csat_customers_add_complaints(c, id2, o2, bf, NULL, NULL, NULL, NULL, 2), CSAT_EINVAL);
        assert_non_null(strstr(csat_customers_last_error(c), "first_response[1]"));
        assert_int_equal(csat_customers_add_complaints(c, id2, o2, f2, br, NULL, NULL, NULL, 2), CSAT_EINVAL);
        assert_non_null(strstr(csat_customers_last_error(c), "resolved[1]"));
        assert_int_equal(csat_customers_add_complaints(c, id2, o2, NULL, NULL, bfc, NULL, NULL, 2), CSAT_EINVAL);
        assert_non_null(strstr(csat_customers_last_error(c), "first_contact[1]"));
        assert_int_equal(csat_customers_add_complaints(c, id2, o2, NULL, NULL, open_fc, NULL, NULL, 2), CSAT_EINVAL);
        assert_non_null(strstr(csat_customers_last_error(c), "first_contact[0]"));
        assert_int_equal(csat_customers_add_complaints(c, id2, o2, NULL, NULL, NULL, bca, NULL, 2), CSAT_EINVAL);
        assert_non_null(strstr(csat_customers_last_error(c), "causes[0]"));
        assert_int_equal(csat_customers_add_complaints(c, id2, o2, NULL, NULL, NULL, NULL, bs, 2), CSAT_EINVAL);
        assert_non_null(strstr(csat_customers_last_error(c), "recovery_satisfaction[1]"));
        assert_int_equal(csat_customers_add_complaints(c, NULL, o2, NULL, NULL, NULL, NULL, NULL, 2), CSAT_EINVAL);
        assert_int_equal(csat_customers_add_complaints(c, id2, NULL, NULL, NULL, NULL, NULL, NULL, 2), CSAT_EINVAL);
        assert_int_equal(csat_customers_add_complaints(c, id2, o2, NULL, NULL, NULL, NULL, NULL, SIZE_MAX), CSAT_EINVAL);
        assert_int_equal(csat_customers_add_complaints(NULL, id2, o2, NULL, NULL, NULL, NULL, NULL, 2), CSAT_EINVAL);
    }
    assert_int_equal(csat_customers_complaints(c, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 5, &n), CSAT_OK);
    assert_int_equal(n, 5);
    assert_int_equal(csat_customers_complaints(c, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 5, NULL), CSAT_EINVAL);
    csat_customers_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_details_follow_sort),
        cmocka_unit_test(test_details_hand),
        cmocka_unit_test(test_details_bad),
        cmocka_unit_test(test_attributes),
        cmocka_unit_test(test_complaints),
    };
    return cmocka_run_group_tests_name("customers_details", tests, NULL, NULL);
}
