/*
 * Kaplan-Meier on threads (issue 18 §1): the sort and the per-time counts
 * run over fixed blocks; the table (times, at risk, events, censorings,
 * S, SE, bounds) is memcmp-equal at 1, 2, 3 and 8 threads and through the
 * test executors, for the bucketed path (integer times) and the sorted
 * one (other times), with and without weights and groups, on data
 * spanning many blocks.
 */
#include "csat_test.h"
#include "parallel_util.h"

#define N 300007

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 11;
}

typedef struct km_data {
    double *t, *e, *w;
    uint64_t *g;
} km_data;

static void make(km_data *d, int integer_times)
{
    uint64_t s = integer_times ? 5 : 6;
    d->t = malloc(N * sizeof(double));
    d->e = malloc(N * sizeof(double));
    d->w = malloc(N * sizeof(double));
    d->g = malloc(N * sizeof(uint64_t));
    assert_non_null(d->g);
    for (size_t i = 0; i < N; i++) {
        double u = (double)(lcg(&s) % 1000000) / 1e6;
        /* integer days over a range below 8n (bucketed), or continuous times */
        d->t[i] = integer_times ? floor(-400.0 * log(1.0 - u)) : -400.0 * log(1.0 - u) + 1e-3;
        d->e[i] = (lcg(&s) % 3) != 0;
        d->w[i] = 0.1 + (double)(lcg(&s) % 1000) / 337.0;
        d->g[i] = lcg(&s) % 3;
    }
}

static void drop(km_data *d)
{
    free(d->t);
    free(d->e);
    free(d->w);
    free(d->g);
}

/* The table of a fit at settings o: 8 columns of m, malloc'd. */
static double *table(const csat_parallel_options *o, const km_data *d, int weighted, int grouped,
                     size_t *m)
{
    csat_km *km = NULL;
    double *c;
    assert_int_equal(csat_km_new(&km, NULL), CSAT_OK);
    assert_int_equal(csat_km_set_parallel(km, o), CSAT_OK);
    if (grouped)
        assert_int_equal(csat_km_fit_group(km, d->t, d->e, weighted ? d->w : NULL, d->g, 1, N, NULL),
                         CSAT_OK);
    else
        assert_int_equal(csat_km_fit(km, d->t, d->e, weighted ? d->w : NULL, N, NULL), CSAT_OK);
    assert_int_equal(csat_km_size(km, m), CSAT_OK);
    c = malloc(8 * *m * sizeof *c);
    assert_non_null(c);
    assert_int_equal(csat_km_table(km, c, c + *m, c + 2 * *m, c + 3 * *m, c + 4 * *m, c + 5 * *m,
                                   c + 6 * *m, c + 7 * *m, *m),
                     CSAT_OK);
    csat_km_free(km);
    return c;
}

static void check(int integer_times)
{
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    km_data d;
    csat_test_par_configs(cfg, names);
    make(&d, integer_times);
    for (int v = 0; v < 4; v++) {
        int weighted = v & 1, grouped = v >> 1;
        size_t m0, m;
        double *ref = table(&cfg[0], &d, weighted, grouped, &m0), *got;
        assert_true(m0 > 100);
        for (int k = 1; k < CSAT_TEST_N_PAR; k++) {
            got = table(&cfg[k], &d, weighted, grouped, &m);
            if (m != m0 || memcmp(ref, got, 8 * m * sizeof *ref))
                fail_msg("%s: tables differ (integer %d, weighted %d, grouped %d)", names[k],
                         integer_times, weighted, grouped);
            free(got);
        }
        free(ref);
    }
    drop(&d);
}

static void test_km_bucketed(void **state)
{
    (void)state;
    check(1);
}

static void test_km_sorted(void **state)
{
    (void)state;
    check(0);
}

/* A bad row is reported at the first bad row whatever the settings. */
static void test_km_errors_alike(void **state)
{
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    km_data d;
    (void)state;
    csat_test_par_configs(cfg, NULL);
    make(&d, 1);
    d.e[280000] = 0.5;
    d.w[200000] = -1.0;
    for (int k = 0; k < CSAT_TEST_N_PAR; k++) {
        csat_km *km = NULL;
        assert_int_equal(csat_km_new(&km, NULL), CSAT_OK);
        assert_int_equal(csat_km_set_parallel(km, &cfg[k]), CSAT_OK);
        assert_int_equal(csat_km_fit(km, d.t, d.e, NULL, N, NULL), CSAT_EINVAL);
        assert_string_equal(csat_km_last_error(km), "events[280000] = 0.5 is not 0 or 1");
        assert_int_equal(csat_km_fit(km, d.t, d.e, d.w, N, NULL), CSAT_EINVAL);
        assert_string_equal(csat_km_last_error(km), "weights[200000] = -1 is not finite and > 0");
        csat_km_free(km);
    }
    drop(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_km_bucketed),
        cmocka_unit_test(test_km_sorted),
        cmocka_unit_test(test_km_errors_alike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
