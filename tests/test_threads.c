/*
 * Reentrancy: the same work on separate handles in several threads at once
 * gives bit-identical results to a run on one thread. (Under ThreadSanitizer
 * this also proves the absence of shared mutable state.)
 */
#include "csat_test.h"

#include <pthread.h>

#define N_THREADS 4
#define N_ROWS 20000

typedef struct work {
    uint64_t seed;
    double customers_sum; /* sum of frequency + recency + T over customers */
    double kmeans_inertia;
    double logistic_ll;
    csat_status status;
} work;

static double unit(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

static csat_status run_customers(uint64_t seed, double *out)
{
    uint64_t id[N_ROWS];
    double t[N_ROWS], a[N_ROWS], col[N_ROWS];
    csat_customers *c = NULL;
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    size_t n = 0;
    csat_status st;
    for (size_t i = 0; i < N_ROWS; i++) {
        id[i] = (uint64_t)(unit(&seed) * 2000.0);
        t[i] = floor(unit(&seed) * 365.0);
        a[i] = unit(&seed) * 100.0;
    }
    o.observation_end = 400.0;
    st = csat_customers_new(&c, NULL);
    if (st == CSAT_OK)
        st = csat_customers_add(c, id, t, a, N_ROWS);
    if (st == CSAT_OK)
        st = csat_customers_summarize(c, &o, &n, NULL);
    *out = 0.0;
    for (int f = CSAT_SUMMARY_FREQUENCY; st == CSAT_OK && f <= CSAT_SUMMARY_T; f++) {
        st = csat_customers_summary_column(c, (csat_summary_field)f, col, N_ROWS);
        for (size_t i = 0; st == CSAT_OK && i < n; i++)
            *out += col[i];
    }
    csat_customers_free(c);
    return st;
}

static csat_status run_kmeans(uint64_t seed, double *inertia)
{
    static const size_t n = 5000, d = 3;
    double *X = malloc(n * d * sizeof *X);
    int *labels = malloc(n * sizeof *labels);
    csat_kmeans *km = NULL;
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    csat_status st = X && labels ? CSAT_OK : CSAT_ENOMEM;
    for (size_t i = 0; st == CSAT_OK && i < n * d; i++)
        X[i] = unit(&seed);
    o.k = 6;
    o.seed = 7;
    o.n_init = 2;
    if (st == CSAT_OK)
        st = csat_kmeans_new(&km, NULL);
    if (st == CSAT_OK)
        st = csat_kmeans_fit(km, X, n, d, &o, labels);
    if (st == CSAT_OK)
        st = csat_kmeans_result(km, NULL, 0, inertia, NULL, NULL);
    csat_kmeans_free(km);
    free(X);
    free(labels);
    return st;
}

static csat_status run_logistic(uint64_t seed, double *ll)
{
    static const size_t n = 4000, p = 3;
    double X[4000 * 3], y[4000];
    csat_logistic *m = NULL;
    csat_status st;
    for (size_t i = 0; i < n; i++) {
        double eta = -0.5;
        for (size_t j = 0; j < p; j++) {
            X[i * p + j] = unit(&seed) * 2.0 - 1.0;
            eta += (double)(j + 1) * 0.7 * X[i * p + j];
        }
        y[i] = unit(&seed) < 1.0 / (1.0 + exp(-eta)) ? 1.0 : 0.0;
    }
    st = csat_logistic_new(&m, NULL);
    if (st == CSAT_OK)
        st = csat_logistic_fit(m, X, n, p, y, NULL, NULL);
    if (st == CSAT_OK)
        st = csat_logistic_log_likelihood(m, ll, NULL);
    csat_logistic_free(m);
    return st;
}

static void *run(void *arg)
{
    work *w = arg;
    w->status = run_customers(w->seed, &w->customers_sum);
    if (w->status == CSAT_OK)
        w->status = run_kmeans(w->seed, &w->kmeans_inertia);
    if (w->status == CSAT_OK)
        w->status = run_logistic(w->seed, &w->logistic_ll);
    return NULL;
}

static void test_threads_match_serial(void **state)
{
    work serial[N_THREADS], par[N_THREADS];
    pthread_t th[N_THREADS];
    (void)state;
    for (int i = 0; i < N_THREADS; i++) {
        serial[i] = (work){.seed = 1000u + (uint64_t)(i % 2)};
        par[i] = serial[i];
        run(&serial[i]);
        assert_int_equal(serial[i].status, CSAT_OK);
    }
    for (int i = 0; i < N_THREADS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, run, &par[i]), 0);
    for (int i = 0; i < N_THREADS; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    for (int i = 0; i < N_THREADS; i++) {
        assert_int_equal(par[i].status, CSAT_OK);
        assert_true(par[i].customers_sum == serial[i].customers_sum);
        assert_true(par[i].kmeans_inertia == serial[i].kmeans_inertia);
        assert_true(par[i].logistic_ll == serial[i].logistic_ll);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_match_serial),
    };
    return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
