/*
 * Summaries on threads (issue 18 §1): the threaded sort of the rows and the
 * per-customer summaries over fixed blocks give memcmp-equal outputs at 1,
 * 2, 3 and 8 threads and through the test executors, on stores spanning
 * many blocks: plain and calibration/holdout summaries, detail columns
 * (costs, categories: equal keys ordered by insertion), appended tails;
 * errors of large adds and summaries reported alike.
 */
#include "csat_test.h"
#include "parallel_util.h"

#define N_ROWS 300000 /* above the threaded sort's threshold (2 x 65536 rows) */

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 11;
}

typedef struct data {
    uint64_t *id;
    double *t, *amt, *cost;
    int32_t *cat;
    size_t n;
} data;

/* Customers with wide ids (top bits vary) or small sequential ones;
 * repeated rows (same id, time and amount, different costs). */
static void make(data *d, size_t n, int wide, uint64_t seed)
{
    uint64_t s = seed;
    d->n = n;
    d->id = malloc(n * sizeof *d->id);
    d->t = malloc(n * sizeof *d->t);
    d->amt = malloc(n * sizeof *d->amt);
    d->cost = malloc(n * sizeof *d->cost);
    d->cat = malloc(n * sizeof *d->cat);
    assert_non_null(d->cat);
    for (size_t i = 0; i < n; i++) {
        uint64_t c = lcg(&s) % 40000;
        d->id[i] = wide ? (c * 0x9E3779B97F4A7C15ULL) : c + 17;
        d->t[i] = (double)(lcg(&s) % 700) + (lcg(&s) % 4) * 0.25;
        d->amt[i] = (double)(lcg(&s) % 10000) / 100.0;
        if (i % 11 == 5) { /* a repeat of an earlier row */
            size_t j = (size_t)(lcg(&s) % i);
            d->id[i] = d->id[j];
            d->t[i] = d->t[j];
            d->amt[i] = d->amt[j];
        }
        d->cost[i] = (double)i;
        d->cat[i] = (int32_t)(i % 7);
    }
}

static void drop(data *d)
{
    free(d->id);
    free(d->t);
    free(d->amt);
    free(d->cost);
    free(d->cat);
}

typedef struct result {
    size_t n_sum, n_excl, n_rows;
    uint64_t *ids, *row_id;
    double *col; /* n_sum x 10 fields (NaN-free fields only) */
    double *row_t, *row_amt, *row_cost;
    int32_t *row_cat;
} result;

static void free_result(result *r)
{
    free(r->ids);
    free(r->row_id);
    free(r->col);
    free(r->row_t);
    free(r->row_amt);
    free(r->row_cost);
    free(r->row_cat);
    memset(r, 0, sizeof *r);
}

static const csat_summary_field fields[] = {
    CSAT_SUMMARY_FIRST_TIME,   CSAT_SUMMARY_FREQUENCY,      CSAT_SUMMARY_RECENCY,
    CSAT_SUMMARY_MONETARY_VALUE, CSAT_SUMMARY_TOTAL_AMOUNT, CSAT_SUMMARY_N_TRANSACTIONS,
    CSAT_SUMMARY_T,            CSAT_SUMMARY_FREQUENCY_HOLDOUT, CSAT_SUMMARY_MONETARY_VALUE_HOLDOUT,
    CSAT_SUMMARY_DURATION_HOLDOUT};
#define N_FIELDS 10

/* Build a store from d (details or not), in `batches` adds (a later batch
 * after a first summary exercises the tail merge), summarize, export. */
static void run(const csat_parallel_options *o, const data *d, int details, int holdout, int tail,
                result *res)
{
    csat_customers *c = NULL;
    csat_summary_options so;
    size_t first = tail ? d->n - d->n / 10 : d->n, nf = holdout ? N_FIELDS : 7, n = 0;
    memset(res, 0, sizeof *res);
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_set_parallel(c, o), CSAT_OK);
    assert_int_equal(csat_summary_options_init(&so, CSAT_SUMMARY_OPTIONS_VERSION), CSAT_OK);
    so.observation_end = 800.0;
    so.period = 1.0;
    if (holdout)
        so.calibration_end = 500.0;
    if (details)
        assert_int_equal(csat_customers_add_details(c, d->id, d->t, d->amt, d->cost, d->cat, NULL, first),
                         CSAT_OK);
    else
        assert_int_equal(csat_customers_add(c, d->id, d->t, d->amt, first), CSAT_OK);
    if (tail) {
        assert_int_equal(csat_customers_summarize(c, &so, NULL, NULL), CSAT_OK);
        if (details)
            assert_int_equal(csat_customers_add_details(c, d->id + first, d->t + first, d->amt + first,
                                                        d->cost + first, d->cat + first, NULL,
                                                        d->n - first),
                             CSAT_OK);
        else
            assert_int_equal(csat_customers_add(c, d->id + first, d->t + first, d->amt + first,
                                                d->n - first),
                             CSAT_OK);
    }
    assert_int_equal(csat_customers_summarize(c, &so, &res->n_sum, &res->n_excl), CSAT_OK);
    res->ids = malloc(res->n_sum * sizeof *res->ids);
    res->col = malloc(res->n_sum * N_FIELDS * sizeof *res->col);
    assert_non_null(res->col);
    memset(res->col, 0, res->n_sum * N_FIELDS * sizeof *res->col);
    assert_int_equal(csat_customers_summary_ids(c, res->ids, res->n_sum), CSAT_OK);
    for (size_t k = 0; k < nf; k++)
        assert_int_equal(csat_customers_summary_column(c, fields[k], res->col + k * res->n_sum,
                                                       res->n_sum),
                         CSAT_OK);
    res->row_id = malloc(d->n * sizeof *res->row_id);
    res->row_t = malloc(d->n * sizeof *res->row_t);
    res->row_amt = malloc(d->n * sizeof *res->row_amt);
    res->row_cost = malloc(d->n * sizeof *res->row_cost);
    res->row_cat = malloc(d->n * sizeof *res->row_cat);
    assert_non_null(res->row_cat);
    assert_int_equal(csat_customers_rows(c, res->row_id, res->row_t, res->row_amt, res->row_cost,
                                         res->row_cat, NULL, d->n, &n),
                     CSAT_OK);
    assert_int_equal(n, d->n);
    res->n_rows = n;
    csat_customers_free(c);
}

static void same(const result *a, const result *b, const char *what)
{
    size_t n = a->n_sum;
    if (a->n_sum != b->n_sum || a->n_excl != b->n_excl || a->n_rows != b->n_rows)
        fail_msg("%s: counts differ", what);
    if (memcmp(a->ids, b->ids, n * sizeof *a->ids) || memcmp(a->col, b->col, n * N_FIELDS * sizeof(double)))
        fail_msg("%s: summaries differ", what);
    n = a->n_rows;
    if (memcmp(a->row_id, b->row_id, n * sizeof *a->row_id) ||
        memcmp(a->row_t, b->row_t, n * sizeof(double)) || memcmp(a->row_amt, b->row_amt, n * sizeof(double)) ||
        memcmp(a->row_cost, b->row_cost, n * sizeof(double)) ||
        memcmp(a->row_cat, b->row_cat, n * sizeof(int32_t)))
        fail_msg("%s: sorted rows differ", what);
}

static void check_case(int wide, int details, int holdout, int tail)
{
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    data d;
    result ref, got;
    csat_test_par_configs(cfg, names);
    make(&d, N_ROWS, wide, 42u + (uint64_t)wide);
    run(&cfg[0], &d, details, holdout, tail, &ref);
    assert_true(ref.n_sum > 30000);
    /* Equal keys in insertion order: costs (insertion numbers) rise within
     * a run of identical (id, time, amount). */
    if (details)
        for (size_t i = 1; i < ref.n_rows; i++)
            if (ref.row_id[i] == ref.row_id[i - 1] && ref.row_t[i] == ref.row_t[i - 1] &&
                ref.row_amt[i] == ref.row_amt[i - 1])
                assert_true(ref.row_cost[i] > ref.row_cost[i - 1]);
    for (int k = 1; k < CSAT_TEST_N_PAR; k++) {
        char what[96];
        snprintf(what, sizeof what, "%s (wide %d, details %d, holdout %d, tail %d)", names[k], wide,
                 details, holdout, tail);
        run(&cfg[k], &d, details, holdout, tail, &got);
        same(&ref, &got, what);
        free_result(&got);
    }
    free_result(&ref);
    drop(&d);
}

static void test_plain_wide_ids(void **state)
{
    (void)state;
    check_case(1, 0, 0, 0);
}

static void test_holdout_small_ids(void **state)
{
    (void)state;
    check_case(0, 0, 1, 0);
}

static void test_details_holdout(void **state)
{
    (void)state;
    check_case(1, 1, 1, 0);
    check_case(0, 1, 0, 0);
}

static void test_appended_tail(void **state)
{
    (void)state;
    check_case(1, 1, 1, 1);
    check_case(0, 0, 0, 1);
}

/* The error of the first overflowing customer is reported whatever the settings. */
static void test_overflow_reported_alike(void **state)
{
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    data d;
    char ref[256] = "";
    (void)state;
    csat_test_par_configs(cfg, NULL);
    make(&d, N_ROWS, 1, 7u);
    d.amt[1000] = 1.7e308;
    d.amt[200000] = 1.7e308;
    d.id[200000] = d.id[1000];
    d.id[150000] = d.id[250000];
    d.amt[150000] = d.amt[250000] = 1.7e308;
    for (int k = 0; k < CSAT_TEST_N_PAR; k++) {
        csat_customers *c = NULL;
        csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
        so.observation_end = 800.0;
        assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
        assert_int_equal(csat_customers_set_parallel(c, &cfg[k]), CSAT_OK);
        assert_int_equal(csat_customers_add(c, d.id, d.t, d.amt, d.n), CSAT_OK);
        assert_int_equal(csat_customers_summarize(c, &so, NULL, NULL), CSAT_EDOM);
        if (k == 0)
            snprintf(ref, sizeof ref, "%s", csat_customers_last_error(c));
        else
            assert_string_equal(ref, csat_customers_last_error(c));
        csat_customers_free(c);
    }
    drop(&d);
}

/* A bad row of a large add is reported at the first bad row, and leaves
 * the store unchanged, whatever the settings. */
static void test_bad_add_alike(void **state)
{
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    data d;
    (void)state;
    csat_test_par_configs(cfg, NULL);
    make(&d, N_ROWS, 1, 9u);
    d.amt[250000] = -1.0;
    d.t[200001] = NAN;
    for (int k = 0; k < CSAT_TEST_N_PAR; k++) {
        csat_customers *c = NULL;
        size_t n_tx = 1;
        assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
        assert_int_equal(csat_customers_set_parallel(c, &cfg[k]), CSAT_OK);
        assert_int_equal(csat_customers_add(c, d.id, d.t, d.amt, d.n), CSAT_EINVAL);
        assert_non_null(strstr(csat_customers_last_error(c), "times[200001]"));
        assert_int_equal(csat_customers_count(c, NULL, &n_tx), CSAT_OK);
        assert_int_equal(n_tx, 0);
        csat_customers_free(c);
    }
    drop(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_wide_ids),
        cmocka_unit_test(test_holdout_small_ids),
        cmocka_unit_test(test_details_holdout),
        cmocka_unit_test(test_appended_tail),
        cmocka_unit_test(test_overflow_reported_alike),
        cmocka_unit_test(test_bad_add_alike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
