/*
 * Customer records: the CDNOW summary reproduced from the raw sample,
 * hand-computed cases, the sort against a brute-force reference, bad input
 * and allocation failures.
 */
#include "csat_test.h"
#include "numerics/numerics.h"

#include <float.h>

/* ---- CDNOW ------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm). */
static long days_from_civil(long y, long m, long d)
{
    long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static double yyyymmdd_days(long v)
{
    return (double)days_from_civil(v / 10000, v / 100 % 100, v % 100);
}

typedef struct cdnow {
    size_t n;
    uint64_t *id;
    double *t, *amount;
} cdnow;

/* CDNOW_sample.txt: master id, sample id, YYYYMMDD, CDs, dollars. */
static cdnow load_cdnow(void)
{
    cdnow d = {0, NULL, NULL, NULL};
    char *text = csat_test_read_file(CSAT_TEST_DATA_DIR "/CDNOW_sample.txt", NULL);
    char *p = text;
    size_t cap = 8000;
    assert_non_null(text);
    d.id = malloc(cap * sizeof *d.id);
    d.t = malloc(cap * sizeof *d.t);
    d.amount = malloc(cap * sizeof *d.amount);
    for (;;) {
        long master, sample, date, cds;
        double dollars;
        int used = 0;
        if (sscanf(p, "%ld %ld %ld %ld %lf%n", &master, &sample, &date, &cds, &dollars, &used) != 5)
            break;
        assert_true(d.n < cap);
        d.id[d.n] = (uint64_t)sample;
        d.t[d.n] = yyyymmdd_days(date);
        d.amount[d.n] = dollars;
        d.n++;
        p += used;
    }
    free(text);
    assert_int_equal(d.n, 6919);
    return d;
}

static void free_cdnow(cdnow *d)
{
    free(d->id);
    free(d->t);
    free(d->amount);
}

/* Rows of a CSV file of numbers after its header line; returns the count. */
static size_t read_csv(const char *path, double *v, size_t n_cols, size_t max_rows)
{
    char *text = csat_test_read_file(path, NULL);
    char *p, *end;
    size_t rows = 0;
    assert_non_null(text);
    p = strchr(text, '\n');
    assert_non_null(p);
    for (p++; *p && rows < max_rows; rows++) {
        for (size_t j = 0; j < n_cols; j++) {
            v[rows * n_cols + j] = strtod(p, &end);
            assert_true(end != p);
            p = end + (*end == ',');
        }
        while (*p == '\r' || *p == '\n')
            p++;
    }
    free(text);
    return rows;
}

#define CDNOW_CUSTOMERS 2357

/* Values in the file have 2 decimals (frequency none): compare after rounding. */
static void assert_2dp(double actual, double file)
{
    csat_assert_close(round(actual * 100.0) / 100.0, file, 0, 1e-9);
}

static csat_customers *cdnow_store(cdnow *d)
{
    csat_customers *c;
    *d = load_cdnow();
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_add(c, d->id, d->t, d->amount, d->n), CSAT_OK);
    return c;
}

/* lifetimes' cdnow_customers_summary.csv (ID, frequency, recency, T in weeks)
 * = summary_data_from_transaction_data(sample <= 1997-09-30, freq='D',
 * freq_multiplier=7); see tests/data/README.md. */
static void check_cdnow_calibration(const csat_customers *c)
{
    static double file[CDNOW_CUSTOMERS * 5];
    static double col[CDNOW_CUSTOMERS];
    uint64_t ids[CDNOW_CUSTOMERS];
    const csat_summary_field fields[3] = {CSAT_SUMMARY_FREQUENCY, CSAT_SUMMARY_RECENCY, CSAT_SUMMARY_T};
    double sum_x = 0;
    size_t zeros = 0;

    assert_int_equal(read_csv(CSAT_TEST_DATA_DIR "/cdnow_customers_summary.csv", file, 4, CDNOW_CUSTOMERS),
                     CDNOW_CUSTOMERS);
    assert_int_equal(csat_customers_summary_ids(c, ids, CDNOW_CUSTOMERS), CSAT_OK);
    for (size_t i = 0; i < CDNOW_CUSTOMERS; i++)
        assert_int_equal(ids[i], (uint64_t)file[i * 4]);
    for (int f = 0; f < 3; f++) {
        assert_int_equal(csat_customers_summary_column(c, fields[f], col, CDNOW_CUSTOMERS), CSAT_OK);
        for (size_t i = 0; i < CDNOW_CUSTOMERS; i++)
            assert_2dp(col[i], file[i * 4 + 1 + (size_t)f]);
    }
    assert_int_equal(csat_customers_summary_column(c, CSAT_SUMMARY_FREQUENCY, col, CDNOW_CUSTOMERS), CSAT_OK);
    for (size_t i = 0; i < CDNOW_CUSTOMERS; i++) {
        sum_x += col[i];
        zeros += col[i] == 0;
    }
    /* Totals from /work/shared/data/README.md. */
    assert_true(sum_x == 2457);
    assert_int_equal(zeros, 1411);

    /* zbar of cdnow_customers_summary_with_transactions.csv (ID,x,t_x,T,zbar):
     * the mean dollar value of the repeat purchase days. */
    assert_int_equal(read_csv(CSAT_TEST_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", file, 5,
                              CDNOW_CUSTOMERS),
                     CDNOW_CUSTOMERS);
    assert_int_equal(csat_customers_summary_column(c, CSAT_SUMMARY_MONETARY_VALUE, col, CDNOW_CUSTOMERS),
                     CSAT_OK);
    for (size_t i = 0; i < CDNOW_CUSTOMERS; i++) /* zbar rounds exact halves up (22.345 -> 22.35) */
        csat_assert_close(col[i], file[i * 5 + 4], 0, 0.005 + 1e-9);
}

static void test_cdnow_summary(void **state)
{
    cdnow d;
    csat_customers *c = cdnow_store(&d);
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    size_t n_sum = 0, n_exc = 99, n_cust = 0, n_tx = 0;
    (void)state;
    assert_int_equal(csat_customers_count(c, &n_cust, &n_tx), CSAT_OK);
    assert_int_equal(n_cust, CDNOW_CUSTOMERS);
    assert_int_equal(n_tx, 6919);
    o.observation_end = yyyymmdd_days(19970930);
    o.time_scale = 7;
    assert_int_equal(csat_customers_summarize(c, &o, &n_sum, &n_exc), CSAT_OK);
    assert_int_equal(n_sum, CDNOW_CUSTOMERS);
    assert_int_equal(n_exc, 0);
    check_cdnow_calibration(c);
    csat_customers_free(c);
    free_cdnow(&d);
}

/* The same calibration columns with a holdout to 1998-06-30; holdout values
 * from tests/reference/cdnow_holdout.py (an independent plain-Python count). */
static void test_cdnow_holdout(void **state)
{
    cdnow d;
    csat_customers *c = cdnow_store(&d);
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    static double fh[CDNOW_CUSTOMERS], mh[CDNOW_CUSTOMERS], dh[CDNOW_CUSTOMERS];
    csat__ksum msum = {0, 0};
    double fsum = 0;
    size_t buyers = 0;
    const struct { uint64_t id; double f, m; } ref[] = {
        {1, 1, 26.48}, {2, 0, 0}, {6, 8, 69.3575}, {13, 7, 20.5214285714}, {46, 10, 26.269}};
    (void)state;
    o.observation_end = yyyymmdd_days(19980630);
    o.calibration_end = yyyymmdd_days(19970930);
    o.time_scale = 7;
    assert_int_equal(csat_customers_summarize(c, &o, NULL, NULL), CSAT_OK);
    check_cdnow_calibration(c);
    assert_int_equal(csat_customers_summary_column(c, CSAT_SUMMARY_FREQUENCY_HOLDOUT, fh, CDNOW_CUSTOMERS),
                     CSAT_OK);
    assert_int_equal(
        csat_customers_summary_column(c, CSAT_SUMMARY_MONETARY_VALUE_HOLDOUT, mh, CDNOW_CUSTOMERS), CSAT_OK);
    assert_int_equal(csat_customers_summary_column(c, CSAT_SUMMARY_DURATION_HOLDOUT, dh, CDNOW_CUSTOMERS),
                     CSAT_OK);
    for (size_t i = 0; i < CDNOW_CUSTOMERS; i++) {
        fsum += fh[i];
        buyers += fh[i] > 0;
        csat__ksum_add(&msum, mh[i]);
        csat_assert_close(dh[i], 39.0, 0, 0);
    }
    assert_true(fsum == 1882);
    assert_int_equal(buyers, 684);
    csat_assert_close(csat__ksum_value(&msum), 25495.9402818370, 1e-12, 0);
    for (size_t k = 0; k < sizeof ref / sizeof ref[0]; k++) {
        csat_customer_summary s;
        assert_int_equal(csat_customers_lookup(c, ref[k].id, &s), CSAT_OK);
        assert_true(s.frequency_holdout == ref[k].f);
        csat_assert_close(s.monetary_value_holdout, ref[k].m, 1e-10, 0);
        csat_assert_close(s.duration_holdout, 39.0, 0, 0);
    }
    csat_customers_free(c);
    free_cdnow(&d);
}

/* ---- hand-computed cases ------------------------------------------------------ */

/* Shuffled rows of four customers (times in days):
 *  7: 2.0 ($10) 2.5 ($5) | 5.0 ($3) 5.9 ($4) | 8.2 ($6) | 11.0 ($100)
 *  3: 4.0 ($9)
 *  5: 10.7 ($1)
 * 99: 12.0 ($2) */
static const uint64_t hand_id[] = {7, 99, 3, 7, 7, 5, 7, 7, 7};
static const double hand_t[] = {8.2, 12.0, 4.0, 2.5, 11.0, 10.7, 5.0, 2.0, 5.9};
static const double hand_a[] = {6, 2, 9, 5, 100, 1, 3, 10, 4};
#define HAND_N (sizeof hand_id / sizeof hand_id[0])

static csat_customers *hand_store(const csat_allocator *alloc)
{
    csat_customers *c = NULL;
    assert_int_equal(csat_customers_new(&c, alloc), CSAT_OK);
    assert_int_equal(csat_customers_add(c, hand_id, hand_t, hand_a, HAND_N), CSAT_OK);
    return c;
}

static void assert_summary(const csat_customers *c, uint64_t id, double first, double x, double tx,
                           double T, double m, double total, double ntx)
{
    csat_customer_summary s;
    assert_int_equal(csat_customers_lookup(c, id, &s), CSAT_OK);
    assert_int_equal(s.id, id);
    csat_assert_close(s.first_time, first, 1e-15, 0);
    csat_assert_close(s.frequency, x, 0, 0);
    csat_assert_close(s.recency, tx, 1e-15, 0);
    csat_assert_close(s.T, T, 1e-15, 0);
    csat_assert_close(s.monetary_value, m, 1e-15, 0);
    csat_assert_close(s.total_amount, total, 1e-15, 0);
    csat_assert_close(s.n_transactions, ntx, 0, 0);
}

static void test_hand_summary(void **state)
{
    csat_customers *c = hand_store(NULL);
    csat_summary_options o;
    csat_customer_summary s;
    uint64_t ids[4];
    double col[3];
    size_t n_sum = 0, n_exc = 0, n_cust = 0;
    (void)state;
    assert_int_equal(csat_summary_options_init(&o, CSAT_SUMMARY_OPTIONS_VERSION), CSAT_OK);
    o.observation_end = 10.0;
    assert_int_equal(csat_customers_summarize(c, &o, &n_sum, &n_exc), CSAT_OK);
    assert_int_equal(n_sum, 3);
    assert_int_equal(n_exc, 1); /* 99 first bought on day 12 */
    assert_int_equal(csat_customers_count(c, &n_cust, NULL), CSAT_OK);
    assert_int_equal(n_cust, 4);
    /* 7: days 2, 5, 8 (day 11 is after the end); same-day amounts add:
     * repeat days $7 and $6 -> mean 6.5; total 10+5+3+4+6. */
    assert_summary(c, 7, 2.0, 2, 6, 8, 6.5, 28, 5);
    assert_summary(c, 3, 4.0, 0, 0, 6, 0, 9, 1);
    /* 5: day 10.7 is in the end's period (day 10): the end is inclusive. */
    assert_summary(c, 5, 10.7, 0, 0, 0, 0, 1, 1);
    assert_int_equal(csat_customers_lookup(c, 99, &s), CSAT_EINVAL);
    assert_int_equal(csat_customers_lookup(c, 7, &s), CSAT_OK);
    assert_true(isnan(s.frequency_holdout) && isnan(s.monetary_value_holdout) && isnan(s.duration_holdout));
    assert_int_equal(csat_customers_summary_ids(c, ids, 4), CSAT_OK);
    assert_int_equal(ids[0], 3);
    assert_int_equal(ids[1], 5);
    assert_int_equal(ids[2], 7);
    assert_int_equal(csat_customers_summary_column(c, CSAT_SUMMARY_T, col, 3), CSAT_OK);
    csat_assert_close(col[0], 6, 0, 0);
    csat_assert_close(col[1], 0, 0, 0);
    csat_assert_close(col[2], 8, 0, 0);
    assert_int_equal(csat_customers_summary_column(c, CSAT_SUMMARY_FREQUENCY_HOLDOUT, col, 3), CSAT_EINVAL);
    assert_int_equal(csat_customers_ids(c, ids, 4), CSAT_OK);
    assert_int_equal(ids[3], 99);
    csat_customers_free(c);
}

static void test_hand_holdout(void **state)
{
    csat_customers *c = hand_store(NULL);
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    csat_customer_summary s;
    size_t n_sum = 0, n_exc = 0;
    double col[2];
    (void)state;
    o.calibration_end = 6.0;
    o.observation_end = 11.5;
    o.time_scale = 2.0;
    assert_int_equal(csat_customers_summarize(c, &o, &n_sum, &n_exc), CSAT_OK);
    assert_int_equal(n_sum, 2);
    assert_int_equal(n_exc, 2); /* 5 and 99 first bought after day 6 */
    /* 7: calibration days 2, 5 -> x 1, t_x 3/2, T 4/2, repeat $7; holdout
     * days 8 ($6) and 11 ($100). */
    assert_summary(c, 7, 2.0, 1, 1.5, 2, 7, 22, 4);
    assert_int_equal(csat_customers_lookup(c, 7, &s), CSAT_OK);
    csat_assert_close(s.frequency_holdout, 2, 0, 0);
    csat_assert_close(s.monetary_value_holdout, 53, 0, 0);
    csat_assert_close(s.duration_holdout, 2.5, 0, 0);
    assert_summary(c, 3, 4.0, 0, 0, 1, 0, 9, 1);
    assert_int_equal(csat_customers_lookup(c, 3, &s), CSAT_OK);
    csat_assert_close(s.frequency_holdout, 0, 0, 0);
    csat_assert_close(s.monetary_value_holdout, 0, 0, 0);
    assert_int_equal(csat_customers_lookup(c, 5, &s), CSAT_EINVAL);
    assert_int_equal(csat_customers_summary_column(c, CSAT_SUMMARY_MONETARY_VALUE_HOLDOUT, col, 2), CSAT_OK);
    csat_assert_close(col[0], 0, 0, 0);
    csat_assert_close(col[1], 53, 0, 0);
    csat_customers_free(c);
}

/* Weekly periods starting on day 4: days 4 and 10.99 share period 0. */
static void test_period_origin(void **state)
{
    const uint64_t id[] = {1, 1, 1};
    const double t[] = {10.99, 4.0, 11.0}, a[] = {2, 1, 4};
    csat_customers *c;
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    (void)state;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_add(c, id, t, a, 3), CSAT_OK);
    o.period = 7;
    o.period_origin = 4;
    o.observation_end = 20; /* period 2 starts on day 18 */
    assert_int_equal(csat_customers_summarize(c, &o, NULL, NULL), CSAT_OK);
    assert_summary(c, 1, 4.0, 1, 7, 14, 4, 7, 3);
    o.period_origin = 0; /* periods [0,7) [7,14) [14,21): days 4 | 10.99 11 */
    assert_int_equal(csat_customers_summarize(c, &o, NULL, NULL), CSAT_OK);
    assert_summary(c, 1, 4.0, 1, 7, 14, 6, 7, 3);
    csat_customers_free(c);
}

/* Amounts are summed as pandas sums them under lifetimes (per period in time
 * order, then over periods, Kahan both times). Customer 7 buys on days 0..3;
 * rows given out of order. Expected values: "hand_case" of
 * tests/reference/lifetimes_summary.py (lifetimes' semantics re-stated in
 * pandas 1.5.3: groupby sum per day, then the mean of days 1..3, and the sum
 * of all days). A one-pass compensated sum of the raw repeat amounts gives
 * 126.15333333333332 instead. */
static void test_lifetimes_sums(void **state)
{
    const uint64_t id[] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
    const double t[] = {3.9, 0.5, 1.0, 0.0, 2.0, 0.2, 1.5, 3.0, 2.5, 3.5};
    const double a[] = {42.11, 80.09, 87.89, 39.5, 49.49, 44.46, 9.75, 77.9, 25.8, 85.52};
    csat_customers *c;
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    csat_customer_summary s;
    (void)state;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_add(c, id, t, a, 10), CSAT_OK);
    o.observation_end = 3;
    assert_int_equal(csat_customers_summarize(c, &o, NULL, NULL), CSAT_OK);
    assert_int_equal(csat_customers_lookup(c, 7, &s), CSAT_OK);
    assert_true(s.frequency == 3 && s.n_transactions == 10);
    assert_true(s.monetary_value == 126.15333333333335);
    assert_true(s.total_amount == 542.51);
    csat_customers_free(c);
}

static void test_transactions_and_readd(void **state)
{
    csat_customers *c = hand_store(NULL);
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    const uint64_t more_id[] = {8, 8, 3};
    const double more_t[] = {1.0, 1.0, 9.0}, more_a[] = {5, 2, 1};
    double t[8], a[8];
    size_t n = 0, n_sum = 0;
    csat_customer_summary s;
    (void)state;
    assert_int_equal(csat_customers_transactions(c, 7, t, a, 8, &n), CSAT_OK);
    assert_int_equal(n, 6);
    for (size_t i = 0; i < 6; i++) {
        const double et[] = {2.0, 2.5, 5.0, 5.9, 8.2, 11.0}, ea[] = {10, 5, 3, 4, 6, 100};
        csat_assert_close(t[i], et[i], 0, 0);
        csat_assert_close(a[i], ea[i], 0, 0);
    }
    assert_int_equal(csat_customers_transactions(c, 7, t, NULL, 5, &n), CSAT_EBUFSIZE);
    assert_int_equal(n, 6);
    assert_int_equal(csat_customers_transactions(c, 1234, t, a, 8, &n), CSAT_EINVAL);

    o.observation_end = 10;
    assert_int_equal(csat_customers_summarize(c, &o, &n_sum, NULL), CSAT_OK);
    assert_int_equal(n_sum, 3);
    /* A second add discards the summary, then works like the first. */
    assert_int_equal(csat_customers_add(c, more_id, more_t, more_a, 3), CSAT_OK);
    assert_int_equal(csat_customers_lookup(c, 7, &s), CSAT_EMISUSE);
    assert_int_equal(csat_customers_summary_ids(c, (uint64_t[1]){0}, 1), CSAT_EMISUSE);
    assert_int_equal(csat_customers_summarize(c, &o, &n_sum, NULL), CSAT_OK);
    assert_int_equal(n_sum, 4);
    assert_summary(c, 3, 4.0, 1, 5, 6, 1, 10, 2);
    assert_summary(c, 8, 1.0, 0, 0, 9, 0, 7, 2);
    /* Same time: ordered by amount. */
    assert_int_equal(csat_customers_transactions(c, 8, t, a, 8, &n), CSAT_OK);
    assert_int_equal(n, 2);
    csat_assert_close(a[0], 2, 0, 0);
    csat_assert_close(a[1], 5, 0, 0);
    /* amounts NULL = 0; ascending appends keep the rows sorted. */
    assert_int_equal(csat_customers_add(c, (const uint64_t[]){100, 101}, (const double[]){3, 4}, NULL, 2),
                     CSAT_OK);
    assert_int_equal(csat_customers_summarize(c, &o, &n_sum, NULL), CSAT_OK);
    assert_int_equal(n_sum, 6);
    assert_summary(c, 101, 4.0, 0, 0, 6, 0, 0, 1);
    csat_customers_free(c);
}

/* ---- the sort against qsort ------------------------------------------------------ */

typedef struct row {
    uint64_t id;
    double t, a;
} row;

static int row_cmp(const void *pa, const void *pb)
{
    const row *x = pa, *y = pb;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return (x->a > y->a) - (x->a < y->a);
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Random rows in several adds; id_mask selects small or full-width ids.
 * With t_alloc, every allocation made while sorting fails. */
static void check_sort_alloc(size_t n, size_t n_ids, uint64_t id_mask, int time_values,
                             csat_test_alloc *t_alloc)
{
    csat_allocator alloc_v = t_alloc ? csat_test_allocator(t_alloc) : (csat_allocator){0};
    const csat_allocator *alloc = t_alloc ? &alloc_v : NULL;
    row *r = malloc(n * sizeof *r);
    uint64_t *id = malloc(n * sizeof *id), *ids = malloc(n * sizeof *ids), *pool = malloc(n_ids * 8);
    double *t = malloc(n * sizeof *t), *a = malloc(n * sizeof *a), *ot = malloc(n * 8), *oa = malloc(n * 8);
    uint64_t seed = n ^ id_mask;
    csat_customers *c;
    size_t n_cust = 0, pos = 0;
    for (size_t k = 0; k < n_ids; k++)
        pool[k] = splitmix(&seed) & id_mask;
    for (size_t i = 0; i < n; i++) {
        r[i].id = id[i] = pool[splitmix(&seed) % n_ids];
        r[i].t = t[i] = (double)(splitmix(&seed) % (uint64_t)time_values) * 0.5;
        r[i].a = a[i] = (double)(splitmix(&seed) % 4);
    }
    qsort(r, n, sizeof *r, row_cmp);
    assert_int_equal(csat_customers_new(&c, alloc), CSAT_OK);
    /* Sorted after each add: half (full sort), a tenth (sorted alone and
     * merged, unless the merge buffer cannot be had), the rest (full sort). */
    for (size_t k = 0; k < 3; k++) {
        const size_t cut[4] = {0, n / 2, n / 2 + n / 10, n};
        assert_int_equal(csat_customers_add(c, id + cut[k], t + cut[k], a + cut[k], cut[k + 1] - cut[k]),
                         CSAT_OK);
        if (t_alloc)
            csat_test_alloc_reset(t_alloc, 0);
        assert_int_equal(csat_customers_count(c, &n_cust, NULL), CSAT_OK);
        if (t_alloc)
            csat_test_alloc_reset(t_alloc, -1);
    }
    assert_int_equal(csat_customers_ids(c, ids, n_cust), CSAT_OK);
    for (size_t k = 0; k < n_cust; k++) {
        size_t m = 0;
        assert_int_equal(csat_customers_transactions(c, ids[k], ot, oa, n, &m), CSAT_OK);
        for (size_t i = 0; i < m; i++, pos++) {
            assert_int_equal(r[pos].id, ids[k]);
            assert_true(r[pos].t == ot[i] && r[pos].a == oa[i]);
        }
    }
    assert_int_equal(pos, n);
    csat_customers_free(c);
    free(r), free(id), free(ids), free(pool), free(t), free(a), free(ot), free(oa);
}

static void check_sort(size_t n, size_t n_ids, uint64_t id_mask, int time_values)
{
    check_sort_alloc(n, n_ids, id_mask, time_values, NULL);
}

static void test_sort_matches_qsort(void **state)
{
    csat_test_alloc t = {-1, 0, 0};
    (void)state;
    check_sort_alloc(20000, 500, UINT64_MAX, 100, &t); /* no merge buffer: full sorts */
    assert_int_equal(t.live, 0);
    check_sort(200000, 5000, UINT64_MAX, 1000);  /* random 64-bit ids */
    check_sort(200000, 3000, 0xFFFFF, 7);         /* small ids, many ties */
    check_sort(100000, 3, UINT64_MAX, 100000);    /* few customers, long histories */
    check_sort(50000, 1, 0, 2);                   /* one customer, duplicate rows */
    check_sort(10, 3, 0xFF, 3);
}

/* ---- bad input ---------------------------------------------------------------------- */

static void assert_hand_summary_intact(const csat_customers *c)
{
    size_t n_cust = 0, n_tx = 0;
    assert_int_equal(csat_customers_count(c, &n_cust, &n_tx), CSAT_OK);
    assert_int_equal(n_cust, 4);
    assert_int_equal(n_tx, HAND_N);
    assert_summary(c, 7, 2.0, 2, 6, 8, 6.5, 28, 5);
}

static void test_bad_add(void **state)
{
    csat_customers *c = hand_store(NULL);
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    const uint64_t id[3] = {1, 2, 3};
    double t[3] = {1, 2, 3}, a[3] = {1, 2, 3};
    const double bad[] = {NAN, INFINITY, -INFINITY, -1.0, -1e-300};
    (void)state;
    o.observation_end = 10;
    assert_int_equal(csat_customers_summarize(c, &o, NULL, NULL), CSAT_OK);
    assert_int_equal(csat_customers_add(NULL, id, t, a, 3), CSAT_EINVAL);
    assert_int_equal(csat_customers_add(c, NULL, t, a, 3), CSAT_EINVAL);
    assert_true(strstr(csat_customers_last_error(c), "ids") != NULL);
    assert_int_equal(csat_customers_add(c, id, NULL, a, 3), CSAT_EINVAL);
    assert_hand_summary_intact(c);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        t[2] = bad[k];
        assert_int_equal(csat_customers_add(c, id, t, a, 3), CSAT_EINVAL);
        assert_true(strstr(csat_customers_last_error(c), "times[2]") != NULL);
        t[2] = 3;
        a[1] = bad[k];
        assert_int_equal(csat_customers_add(c, id, t, a, 3), CSAT_EINVAL);
        assert_true(strstr(csat_customers_last_error(c), "amounts[1]") != NULL);
        a[1] = 2;
        assert_hand_summary_intact(c);
    }
    /* Sizes whose byte count overflows are refused before anything is read. */
    assert_int_equal(csat_customers_add(c, id, t, a, SIZE_MAX), CSAT_EINVAL);
    assert_int_equal(csat_customers_add(c, id, t, a, SIZE_MAX / 24 + 1), CSAT_EINVAL);
    assert_hand_summary_intact(c);
    /* n == 0 is a no-op, even with NULL columns. */
    assert_int_equal(csat_customers_add(c, NULL, NULL, NULL, 0), CSAT_OK);
    assert_hand_summary_intact(c);
    /* -0 is a valid time and amount. */
    t[0] = -0.0;
    a[0] = -0.0;
    assert_int_equal(csat_customers_add(c, id, t, a, 1), CSAT_OK);
    csat_customers_free(c);
}

static void test_bad_summarize(void **state)
{
    csat_customers *c = hand_store(NULL), *empty;
    csat_summary_options good = CSAT_SUMMARY_OPTIONS_INIT, o;
    size_t n_sum = 12345, n_exc = 12345;
    struct { int field; double value; csat_status st; } cases[] = {
        {0, 0.0, CSAT_EVERSION},        {0, 2.0, CSAT_EVERSION},
        {1, 0.0, CSAT_EINVAL},          {1, -1.0, CSAT_EINVAL},
        {1, NAN, CSAT_EINVAL},          {1, INFINITY, CSAT_EINVAL},
        {2, NAN, CSAT_EINVAL},          {2, -1.0, CSAT_EINVAL},
        {2, INFINITY, CSAT_EINVAL},     {3, 10.0, CSAT_EINVAL},
        {3, 10.5, CSAT_EINVAL},         {3, 11.0, CSAT_EINVAL},
        {3, -1.0, CSAT_EINVAL},         {3, INFINITY, CSAT_EINVAL},
        {4, 0.0, CSAT_EINVAL},          {4, -2.0, CSAT_EINVAL},
        {4, NAN, CSAT_EINVAL},          {4, 1e-320, CSAT_EINVAL},
        {5, NAN, CSAT_EINVAL},          {5, -INFINITY, CSAT_EINVAL},
        {1, 1e-300, CSAT_EINVAL}, /* period indices beyond 2^52 */
        {2, 0.5, CSAT_EEMPTY},    /* every customer first bought after the end */
    };
    (void)state;
    good.observation_end = 10;
    assert_int_equal(csat_customers_summarize(c, &good, NULL, NULL), CSAT_OK);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        o = good;
        switch (cases[k].field) {
        case 0: o.version = (unsigned int)cases[k].value; break;
        case 1: o.period = cases[k].value; break;
        case 2: o.observation_end = cases[k].value; break;
        case 3: o.calibration_end = cases[k].value; break;
        case 4: o.time_scale = cases[k].value; break;
        default: o.period_origin = cases[k].value; break;
        }
        csat_assert_status(csat_customers_summarize(c, &o, &n_sum, &n_exc), cases[k].st);
        assert_true(strlen(csat_customers_last_error(c)) > 0);
        assert_int_equal(n_sum, 12345);
        assert_int_equal(n_exc, 12345);
        assert_hand_summary_intact(c);
    }
    /* NULL options = defaults, whose observation_end (NaN) is required. */
    assert_int_equal(csat_customers_summarize(c, NULL, &n_sum, &n_exc), CSAT_EINVAL);
    assert_true(strstr(csat_customers_last_error(c), "observation_end") != NULL);
    assert_int_equal(csat_customers_summarize(NULL, &good, &n_sum, &n_exc), CSAT_EINVAL);
    assert_int_equal(n_sum, 12345);

    assert_int_equal(csat_customers_new(&empty, NULL), CSAT_OK);
    assert_int_equal(csat_customers_summarize(empty, &good, &n_sum, &n_exc), CSAT_EEMPTY);
    assert_int_equal(csat_customers_lookup(empty, 1, &(csat_customer_summary){0}), CSAT_EMISUSE);
    assert_int_equal(csat_customers_ids(empty, NULL, 0), CSAT_OK);
    csat_customers_free(empty);
    csat_customers_free(c);
}

static void test_bad_queries(void **state)
{
    csat_customers *c = hand_store(NULL);
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    csat_customer_summary s, sentinel;
    uint64_t ids[8] = {42, 42, 42, 42, 42, 42, 42, 42};
    double col[8] = {-7, -7, -7, -7, -7, -7, -7, -7}, t[8];
    size_t n = 777;
    (void)state;
    memset(&sentinel, 0x5a, sizeof sentinel);
    s = sentinel;
    assert_int_equal(csat_customers_lookup(c, 7, &s), CSAT_EMISUSE);
    assert_int_equal(csat_customers_summary_column(c, CSAT_SUMMARY_T, col, 8), CSAT_EMISUSE);
    o.observation_end = 10;
    assert_int_equal(csat_customers_summarize(c, &o, NULL, NULL), CSAT_OK);
    assert_int_equal(csat_customers_lookup(NULL, 7, &s), CSAT_EINVAL);
    assert_int_equal(csat_customers_lookup(c, 7, NULL), CSAT_EINVAL);
    assert_int_equal(csat_customers_lookup(c, 4, &s), CSAT_EINVAL);
    assert_int_equal(csat_customers_lookup(c, 99, &s), CSAT_EINVAL); /* excluded */
    assert_memory_equal(&s, &sentinel, sizeof s);
    assert_int_equal(csat_customers_summary_ids(c, ids, 2), CSAT_EBUFSIZE);
    assert_int_equal(csat_customers_summary_ids(c, NULL, 8), CSAT_EINVAL);
    assert_int_equal(csat_customers_summary_ids(NULL, ids, 8), CSAT_EINVAL);
    assert_int_equal(csat_customers_summary_column(c, CSAT_SUMMARY_T, col, 2), CSAT_EBUFSIZE);
    assert_int_equal(csat_customers_summary_column(c, (csat_summary_field)42, col, 8), CSAT_EINVAL);
    assert_int_equal(csat_customers_summary_column(c, (csat_summary_field)-1, col, 8), CSAT_EINVAL);
    assert_int_equal(csat_customers_summary_column(c, CSAT_SUMMARY_DURATION_HOLDOUT, col, 8), CSAT_EINVAL);
    assert_int_equal(csat_customers_summary_column(c, CSAT_SUMMARY_T, NULL, 8), CSAT_EINVAL);
    assert_int_equal(csat_customers_summary_column(NULL, CSAT_SUMMARY_T, col, 8), CSAT_EINVAL);
    assert_int_equal(csat_customers_ids(c, ids, 3), CSAT_EBUFSIZE);
    assert_int_equal(csat_customers_ids(c, NULL, 8), CSAT_EINVAL);
    assert_int_equal(csat_customers_ids(NULL, ids, 8), CSAT_EINVAL);
    for (int k = 0; k < 8; k++) {
        assert_int_equal(ids[k], 42);
        csat_assert_close(col[k], -7, 0, 0);
    }
    assert_int_equal(csat_customers_transactions(NULL, 7, t, NULL, 8, &n), CSAT_EINVAL);
    assert_int_equal(csat_customers_transactions(c, 7, t, NULL, 8, NULL), CSAT_EINVAL);
    assert_int_equal(n, 777);
    assert_int_equal(csat_customers_count(NULL, &n, &n), CSAT_EINVAL);
    assert_int_equal(csat_customers_memory(NULL, &n), CSAT_EINVAL);
    assert_int_equal(csat_customers_memory(c, NULL), CSAT_EINVAL);
    assert_int_equal(csat_customers_memory(c, &n), CSAT_OK);
    /* rows, and 4 customers' summaries of 7 stored values */
    assert_true(n >= HAND_N * 24 + 4 * 7 * 8);
    assert_int_equal(csat_customers_count(c, NULL, NULL), CSAT_OK);
    assert_int_equal(csat_summary_options_init(NULL, 1), CSAT_EINVAL);
    assert_int_equal(csat_summary_options_init(&o, 0), CSAT_EVERSION);
    assert_int_equal(csat_summary_options_init(&o, 2), CSAT_EVERSION);
    assert_string_equal(csat_customers_last_error(NULL), "");
    csat_customers_free(NULL);
    csat_customers_free(c);
}

/* Amounts whose sum overflows a double: CSAT_EDOM, not Inf. */
static void test_amount_overflow(void **state)
{
    csat_customers *c;
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    const uint64_t id[3] = {1, 1, 1};
    const double t[3] = {1, 2, 3}, a[3] = {DBL_MAX, DBL_MAX, DBL_MAX};
    (void)state;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_add(c, id, t, a, 3), CSAT_OK);
    o.observation_end = 5;
    assert_int_equal(csat_customers_summarize(c, &o, NULL, NULL), CSAT_EDOM);
    o.calibration_end = 1.5; /* holdout days 2 and 3 overflow instead */
    assert_int_equal(csat_customers_summarize(c, &o, NULL, NULL), CSAT_EDOM);
    o.calibration_end = NAN;
    o.observation_end = 1; /* only day 1 */
    assert_int_equal(csat_customers_summarize(c, &o, NULL, NULL), CSAT_OK);
    csat_customers_free(c);
}

/* ---- allocation failures --------------------------------------------------------------- */

static void test_alloc_failures(void **state)
{
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    csat_customers *c = NULL;
    const uint64_t more_id[2] = {50, 1};
    const double more_t[2] = {3, 4};
    size_t n_tx = 0;
    long k;
    csat_status st;
    (void)state;
    o.observation_end = 10;
    /* new */
    for (k = 0;; k++) {
        csat_test_alloc_reset(&t, k);
        st = csat_customers_new(&c, &a);
        if (st == CSAT_OK)
            break;
        assert_int_equal(st, CSAT_ENOMEM);
        assert_int_equal(t.live, 0);
    }
    assert_true(k > 0);
    csat_customers_free(c);
    assert_int_equal(t.live, 0);

    /* add, first into an empty store, then growing one */
    csat_test_alloc_reset(&t, -1);
    assert_int_equal(csat_customers_new(&c, &a), CSAT_OK);
    for (int round = 0; round < 2; round++) {
        long base = t.live;
        for (k = 0;; k++) {
            csat_test_alloc_reset(&t, k);
            st = csat_customers_add(c, hand_id, hand_t, hand_a, HAND_N);
            if (st == CSAT_OK)
                break;
            assert_int_equal(st, CSAT_ENOMEM);
            assert_int_equal(t.live, base);
            assert_int_equal(csat_customers_count(c, NULL, &n_tx), CSAT_OK);
            assert_int_equal(n_tx, (size_t)round * HAND_N);
        }
    }

    /* summarize: a failure keeps the previous summary */
    csat_test_alloc_reset(&t, -1);
    assert_int_equal(csat_customers_add(c, more_id, more_t, NULL, 2), CSAT_OK);
    assert_int_equal(csat_customers_summarize(c, &o, NULL, NULL), CSAT_OK);
    o.time_scale = 2;
    for (k = 0;; k++) {
        long base = t.live;
        csat_test_alloc_reset(&t, k);
        st = csat_customers_summarize(c, &o, NULL, NULL);
        if (st == CSAT_OK)
            break;
        assert_int_equal(st, CSAT_ENOMEM);
        assert_int_equal(t.live, base);
        /* still the time_scale 1 summary */
        csat_customer_summary s;
        assert_int_equal(csat_customers_lookup(c, 3, &s), CSAT_OK);
        csat_assert_close(s.T, 6, 0, 0);
    }
    assert_true(k > 0);
    {
        csat_customer_summary s;
        assert_int_equal(csat_customers_lookup(c, 3, &s), CSAT_OK);
        csat_assert_close(s.T, 3, 0, 0);
    }
    csat_customers_free(c);
    assert_int_equal(t.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cdnow_summary),
        cmocka_unit_test(test_cdnow_holdout),
        cmocka_unit_test(test_hand_summary),
        cmocka_unit_test(test_hand_holdout),
        cmocka_unit_test(test_period_origin),
        cmocka_unit_test(test_lifetimes_sums),
        cmocka_unit_test(test_transactions_and_readd),
        cmocka_unit_test(test_sort_matches_qsort),
        cmocka_unit_test(test_bad_add),
        cmocka_unit_test(test_bad_summarize),
        cmocka_unit_test(test_bad_queries),
        cmocka_unit_test(test_amount_overflow),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests_name("customers", tests, NULL, NULL);
}
