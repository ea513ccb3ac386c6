/* RFM scores and named segments (docs/theory/segmentation.rst, section 11.1). */
#include "csat_test.h"
#include "segments/segmentation.h"

/* R rfm README (rsquaredacademy/rfm README.md), ten customers: recency days,
 * frequency, monetary and the published R F M scores [P]; breaks are the
 * thresholds printed in the roxygen example of rfm_table_order. */
static const double readme_rec[10] = {205, 140, 194, 132, 90, 84, 281, 246, 349, 619};
static const double readme_freq[10] = {6, 3, 4, 5, 9, 9, 8, 4, 3, 4};
static const double readme_mon[10] = {472, 340, 405, 448, 843, 763, 699, 157, 363, 196};
static const int readme_r[10] = {3, 4, 3, 4, 5, 5, 3, 3, 2, 1};
static const int readme_f[10] = {4, 1, 2, 3, 5, 5, 5, 2, 1, 2};
static const int readme_m[10] = {3, 2, 3, 3, 5, 5, 5, 1, 2, 1};
static const double readme_rbr[4] = {115, 181, 297, 482};
static const double readme_fbr[4] = {4, 5, 6, 8};
static const double readme_mbr[4] = {256, 382, 506, 666};

static void test_readme_ten_customers(void **state)
{
    csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
    int r[10], f[10], m[10], code[10], total[10];
    double br[12];
    (void)state;
    o.binning = CSAT_RFM_BREAKS;
    o.recency_breaks = readme_rbr;
    o.frequency_breaks = readme_fbr;
    o.monetary_breaks = readme_mbr;
    csat_assert_status(csat_rfm_scores(readme_rec, readme_freq, readme_mon, 10, &o, NULL, r, f, m,
                                       code, total, br, NULL),
                       CSAT_OK);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(r[i], readme_r[i]);
        assert_int_equal(f[i], readme_f[i]);
        assert_int_equal(m[i], readme_m[i]);
        assert_int_equal(code[i], 100 * readme_r[i] + 10 * readme_f[i] + readme_m[i]);
        assert_int_equal(total[i], readme_r[i] + readme_f[i] + readme_m[i]);
    }
    assert_true(br[0] == 115 && br[7] == 8 && br[11] == 666);
}

/* docs/theory/segmentation.rst, 11.1 "quantile rule on small data" [D]. */
static void test_small_quantile_vectors(void **state)
{
    static const double rec[10] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    static const double freq[10] = {1, 1, 1, 1, 1, 1, 2, 2, 3, 5};
    static const int want_r[10] = {5, 5, 4, 4, 3, 3, 2, 2, 1, 1};
    static const int want_f_r[10] = {1, 1, 1, 1, 1, 1, 3, 3, 4, 5};
    static const int want_f_rank[10] = {1, 1, 1, 1, 1, 1, 4, 4, 5, 5};
    csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
    int r[10], f[10], m[10];
    double br[12];
    (void)state;
    o.binning = CSAT_RFM_QUANTILE_R;
    csat_assert_status(csat_rfm_scores(rec, freq, rec, 10, &o, NULL, r, f, m, NULL, NULL, br, NULL), CSAT_OK);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(r[i], want_r[i]);
        assert_int_equal(f[i], want_f_r[i]);
        assert_int_equal(m[i], 6 - want_r[i]);
    }
    csat_assert_close(br[0], 29, 1e-15, 0);
    csat_assert_close(br[3], 83, 1e-15, 0);
    csat_assert_close(br[4], 2, 0, 0);
    csat_assert_close(br[5], 2, 0, 0);
    csat_assert_close(br[6], 2.4, 1e-15, 0); /* 2.3999999999999995 in doubles */
    csat_assert_close(br[7], 3.2, 1e-15, 0);

    o.binning = CSAT_RFM_QUANTILE_RANK;
    csat_assert_status(csat_rfm_scores(rec, freq, rec, 10, &o, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_OK);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(r[i], want_r[i]);
        assert_int_equal(f[i], want_f_rank[i]);
        assert_int_equal(m[i], 6 - want_r[i]);
    }
}

/* Brute force by counting: the rank rule is 1 + floor(bins * W / n). */
static int brute_rank_score(const double *x, size_t n, size_t i, unsigned bins, int reversed)
{
    size_t w = 0;
    for (size_t j = 0; j < n; j++)
        w += reversed ? x[j] > x[i] : x[j] < x[i];
    return 1 + (int)((bins * w) / n);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_rank_rule_matches_brute_force(void **state)
{
    enum { N = 997 };
    static double x[3][N], sorted[N];
    int s[3][N];
    uint64_t st = 12345;
    (void)state;
    for (int rep = 0; rep < 6; rep++) {
        csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
        o.bins = 2 + (unsigned)rep;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < N; i++) {
                st = st * 6364136223846793005ULL + 1442695040888963407ULL;
                /* integer ties, continuous values, and wide magnitudes */
                x[c][i] = c == 0 ? (double)((st >> 33) % 17)
                        : c == 1 ? (double)(st >> 11) * 0x1p-53 * 1000.0
                                 : ldexp((double)((st >> 40) % 1000), (int)((st >> 20) % 40) - 20);
            }
        csat_assert_status(csat_rfm_scores(x[0], x[1], x[2], N, &o, NULL, s[0], s[1], s[2], NULL, NULL, NULL, NULL),
                           CSAT_OK);
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < N; i++)
                assert_int_equal(s[c][i], brute_rank_score(x[c], N, (size_t)i, o.bins, c == 0));
        /* R rule against a sorted copy and the type-7 formula. */
        o.binning = CSAT_RFM_QUANTILE_R;
        {
            double br[3 * 8];
            csat_assert_status(csat_rfm_scores(x[0], x[1], x[2], N, &o, NULL, s[0], s[1], s[2], NULL, NULL, br, NULL),
                               CSAT_OK);
            for (int c = 0; c < 3; c++) {
                memcpy(sorted, x[c], sizeof sorted);
                qsort(sorted, N, sizeof(double), cmp_double);
                for (unsigned j = 1; j < o.bins; j++) {
                    double idx = (N - 1) * ((double)j / o.bins), lo = floor(idx);
                    double q = csat__quantile7_combine(sorted[(size_t)lo], sorted[(size_t)ceil(idx)], idx - lo);
                    assert_true(br[c * (o.bins - 1) + j - 1] == q + 1.0);
                }
            }
        }
    }
}

static void test_select_extremes(void **state)
{
    static const double x[6] = {0.0, -0.0, 1e308, 5e-324, 3.0, 3.0};
    size_t rank[6] = {0, 1, 2, 3, 4, 5};
    double out[6];
    void *scratch = malloc(csat__select_scratch_bytes());
    (void)state;
    csat__select_ranks(x, 6, rank, 6, out, scratch);
    free(scratch);
    assert_true(out[0] == 0.0 && out[1] == 0.0 && out[2] == 5e-324);
    assert_true(out[3] == 3.0 && out[4] == 3.0 && out[5] == 1e308);
}

static void test_rfm_bad_input(void **state)
{
    csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
    double ok[5] = {1, 2, 3, 4, 5}, bad[5] = {1, 2, NAN, 4, 5}, neg[5] = {1, 2, -3, 4, 5};
    double eq[5] = {2, 2, 2, 2, 2};
    int r[5], f[5], m[5];
    (void)state;
    for (int i = 0; i < 5; i++)
        r[i] = f[i] = m[i] = -77;
    csat_assert_status(csat_rfm_scores(NULL, ok, ok, 5, NULL, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_rfm_scores(ok, ok, ok, 5, NULL, NULL, NULL, f, m, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_rfm_scores(ok, ok, ok, 0, NULL, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_rfm_scores(ok, bad, ok, 5, NULL, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_rfm_scores(ok, ok, neg, 5, NULL, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    bad[2] = INFINITY;
    csat_assert_status(csat_rfm_scores(bad, ok, ok, 5, NULL, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_rfm_scores(ok, ok, ok, 4, NULL, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_rfm_scores(ok, eq, ok, 5, NULL, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EDOM);
    o.bins = 10;
    csat_assert_status(csat_rfm_scores(ok, ok, ok, 5, &o, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    o.bins = 1;
    csat_assert_status(csat_rfm_scores(ok, ok, ok, 5, &o, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    o.bins = 5;
    o.binning = CSAT_RFM_BREAKS; /* breaks missing */
    csat_assert_status(csat_rfm_scores(ok, ok, ok, 5, &o, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    o.recency_breaks = o.frequency_breaks = o.monetary_breaks = eq; /* not increasing */
    csat_assert_status(csat_rfm_scores(ok, ok, ok, 5, &o, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    o.binning = (csat_rfm_binning)7;
    csat_assert_status(csat_rfm_scores(ok, ok, ok, 5, &o, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EINVAL);
    o.version = 99;
    csat_assert_status(csat_rfm_scores(ok, ok, ok, 5, &o, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_EVERSION);
    csat_assert_status(csat_rfm_options_init(&o, 0), CSAT_EVERSION);
    for (int i = 0; i < 5; i++)
        assert_true(r[i] == -77 && f[i] == -77 && m[i] == -77);
    /* Caller breaks accept all-equal columns and fewer customers than bins. */
    csat_assert_status(csat_rfm_options_init(&o, CSAT_RFM_OPTIONS_VERSION), CSAT_OK);
    o.binning = CSAT_RFM_BREAKS;
    o.recency_breaks = o.frequency_breaks = o.monetary_breaks = ok;
    csat_assert_status(csat_rfm_scores(eq, eq, eq, 2, &o, NULL, r, f, m, NULL, NULL, NULL, NULL), CSAT_OK);
    assert_int_equal(r[0], 3); /* 2 is in bin [2, 3): bin 3, reversed 6 - 3 */
    assert_int_equal(f[1], 3);
}

static void test_rfm_alloc_failure(void **state)
{
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    int r[10], f[10], m[10];
    long k = 0;
    csat_status st;
    (void)state;
    for (;; k++) {
        r[0] = -5;
        csat_test_alloc_reset(&t, k);
        st = csat_rfm_scores(readme_rec, readme_freq, readme_mon, 10, NULL, &a, r, f, m, NULL, NULL, NULL, NULL);
        assert_int_equal(t.live, 0);
        if (st == CSAT_OK)
            break;
        assert_int_equal(st, CSAT_ENOMEM);
        assert_int_equal(r[0], -5);
    }
    assert_true(k >= 1);
}

/* ---- segments ---------------------------------------------------------------- */

static const char *seg_of(csat_rfm_builtin which, int r, int f, int m)
{
    const csat_rfm_table *t = csat_rfm_table_builtin(which);
    int s;
    size_t un = 0;
    csat_assert_status(csat_rfm_segment_assign(t, &r, &f, &m, 1, &s, NULL, &un, NULL), CSAT_OK);
    return csat_rfm_segment_name(t, s);
}

/* docs/theory/segmentation.rst, 11.1 table: the README customers under each map [D]. */
static void test_readme_segments(void **state)
{
    static const char *v03[10] = {"Potential Loyalist", "New Customers", "Loyal Customers", "Potential Loyalist",
                                  "Champions", "Champions", "Potential Loyalist", "About To Sleep",
                                  "About To Sleep", "Lost"};
    static const char *v02[10] = {"Loyal Customers", "Potential Loyalist", "Potential Loyalist", "Loyal Customers",
                                  "Champions", "Champions", "Loyal Customers", "Potential Loyalist",
                                  "About To Sleep", "Lost"};
    static const char *eleven[10] = {"Loyal Customers", "Potential Loyalist", "Potential Loyalist",
                                     "Loyal Customers", "Champions", "Champions", "Loyal Customers",
                                     "Potential Loyalist", "About To Sleep", "Hibernating"};
    static const char *grid[10] = {"loyal_customers", "promising", "about_to_sleep", "potential_loyalists",
                                   "champions", "champions", "loyal_customers", "about_to_sleep",
                                   "hibernating", "hibernating"};
    (void)state;
    for (int i = 0; i < 10; i++) {
        int r = readme_r[i], f = readme_f[i], m = readme_m[i];
        assert_string_equal(seg_of(CSAT_RFM_TABLE_R_V03, r, f, m), v03[i]);
        assert_string_equal(seg_of(CSAT_RFM_TABLE_R_V02, r, f, m), v02[i]);
        assert_string_equal(seg_of(CSAT_RFM_TABLE_ELEVEN, r, f, m), eleven[i]);
        assert_string_equal(seg_of(CSAT_RFM_TABLE_RF_GRID, r, f, m), grid[i]);
    }
    assert_string_equal(seg_of(CSAT_RFM_TABLE_ELEVEN, 5, 1, 1), "Potential Loyalist");
    assert_string_equal(seg_of(CSAT_RFM_TABLE_ELEVEN, 1, 5, 5), "At Risk");
}

/* docs/theory/segmentation.rst, 11.1 [D]: the validator must find the known holes. */
static void test_validator_known_holes(void **state)
{
    csat_rfm_table_report rep;
    size_t wins[11];
    int cells[125];
    const csat_rfm_table *t;
    (void)state;
    t = csat_rfm_table_builtin(CSAT_RFM_TABLE_R_V03);
    csat_assert_status(csat_rfm_table_validate(t, &rep, cells, wins, NULL), CSAT_OK);
    assert_int_equal(rep.n_cells, 125);
    assert_int_equal(rep.n_uncovered, 10);
    assert_int_equal(rep.n_unreachable, 0);
    assert_int_equal(cells[124], 0); /* (5,5,5) Champions */

    t = csat_rfm_table_builtin(CSAT_RFM_TABLE_R_V02);
    csat_assert_status(csat_rfm_table_validate(t, &rep, NULL, wins, NULL), CSAT_OK);
    assert_int_equal(rep.n_uncovered, 36);
    assert_int_equal(rep.n_unreachable, 3);
    for (size_t i = 0; i < t->n_rules; i++) {
        int dead = wins[i] == 0;
        const char *nm = t->rules[i].name;
        assert_int_equal(dead, !strcmp(nm, "New Customers") || !strcmp(nm, "Promising")
                                   || !strcmp(nm, "Can't Lose Them"));
    }

    t = csat_rfm_table_builtin(CSAT_RFM_TABLE_ELEVEN);
    csat_assert_status(csat_rfm_table_validate(t, &rep, NULL, wins, NULL), CSAT_OK);
    assert_int_equal(rep.n_unreachable, 4);
    for (size_t i = 0; i < t->n_rules; i++) {
        int dead = wins[i] == 0;
        const char *nm = t->rules[i].name;
        assert_int_equal(dead, !strcmp(nm, "Recent Customers") || !strcmp(nm, "Promising")
                                   || !strcmp(nm, "Can't Lose Them") || !strcmp(nm, "Lost"));
    }
    assert_true(rep.n_overlap_pairs > 0);

    t = csat_rfm_table_builtin(CSAT_RFM_TABLE_RF_GRID);
    csat_assert_status(csat_rfm_table_validate(t, &rep, NULL, NULL, NULL), CSAT_OK);
    assert_int_equal(rep.n_uncovered, 0);
    assert_int_equal(rep.n_overlap_cells, 0);
    assert_int_equal(rep.n_overlap_pairs, 0);
    assert_int_equal(rep.n_unreachable, 0);
    assert_null(csat_rfm_table_builtin((csat_rfm_builtin)9));
}

static void test_custom_table_gaps_and_errors(void **state)
{
    static const csat_rfm_rule rules[2] = {{"top", 4, 5, 1, 5, 1, 5, 0}, {"mid", 3, 4, 1, 5, 1, 5, 0}};
    csat_rfm_table t = {rules, 2, 5, 0, NULL};
    csat_rfm_table_report rep;
    int r[3] = {5, 3, 1}, f[3] = {1, 1, 1}, m[3] = {1, 1, 1}, seg[3] = {-9, -9, -9};
    size_t counts[3], un = 99;
    csat_rfm_rule badr[1] = {{"x", 3, 2, 1, 5, 1, 5, 0}};
    csat_rfm_table bad = {badr, 1, 5, 0, NULL};
    (void)state;
    csat_assert_status(csat_rfm_table_validate(&t, &rep, NULL, NULL, NULL), CSAT_OK);
    assert_int_equal(rep.n_uncovered, 50);  /* R = 1, 2 */
    assert_int_equal(rep.n_overlap_cells, 25); /* R = 4 */
    assert_int_equal(rep.n_overlap_pairs, 1);
    assert_int_equal(rep.n_unreachable, 0);
    /* Without a catch-all an unmatched customer is an error unless counted. */
    csat_assert_status(csat_rfm_segment_assign(&t, r, f, m, 3, seg, counts, NULL, NULL), CSAT_EDOM);
    assert_int_equal(seg[0], -9);
    csat_assert_status(csat_rfm_segment_assign(&t, r, f, m, 3, seg, counts, &un, NULL), CSAT_OK);
    assert_int_equal(un, 1);
    assert_int_equal(seg[0], 0);
    assert_int_equal(seg[1], 1);
    assert_int_equal(seg[2], -1);
    assert_int_equal(counts[0], 1);
    assert_int_equal(counts[2], 0);
    assert_string_equal(csat_rfm_segment_name(&t, -1), "");
    t.others = 1;
    t.others_name = "Others";
    csat_assert_status(csat_rfm_segment_assign(&t, r, f, m, 3, seg, counts, NULL, NULL), CSAT_OK);
    assert_int_equal(seg[2], 2);
    assert_int_equal(counts[2], 1);
    assert_string_equal(csat_rfm_segment_name(&t, 2), "Others");
    r[1] = 6;
    seg[0] = -9;
    csat_assert_status(csat_rfm_segment_assign(&t, r, f, m, 3, seg, counts, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(seg[0], -9);
    rep.n_cells = 7;
    csat_assert_status(csat_rfm_table_validate(&bad, &rep, NULL, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_rfm_table_validate(NULL, &rep, NULL, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(rep.n_cells, 7);
    t.others_name = NULL;
    csat_assert_status(csat_rfm_table_validate(&t, &rep, NULL, NULL, NULL), CSAT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readme_ten_customers),
        cmocka_unit_test(test_small_quantile_vectors),
        cmocka_unit_test(test_rank_rule_matches_brute_force),
        cmocka_unit_test(test_select_extremes),
        cmocka_unit_test(test_rfm_bad_input),
        cmocka_unit_test(test_rfm_alloc_failure),
        cmocka_unit_test(test_readme_segments),
        cmocka_unit_test(test_validator_known_holes),
        cmocka_unit_test(test_custom_table_gaps_and_errors),
    };
    return cmocka_run_group_tests_name("rfm", tests, NULL, NULL);
}
