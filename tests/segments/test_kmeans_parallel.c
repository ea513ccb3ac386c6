/* k-means on threads (issue 18 §1): csat_kmeans_fit (Lloyd, Hamerly, AUTO;
 * with and without standardize and restarts) and csat_kmeans_elbow give the
 * same bits at 1, 2, 3 and 8 threads and through a caller's executor (tasks
 * in reverse order; one that fails half-way, whose work libcsat finishes).
 * Rows: 20,011 (5 blocks of 4,096 rows, the last partial); d = 3 (the
 * four-lane kernel), 16 (the wide kernel), 2 with k = 1. */
#include "csat_test.h"
#include "parallel_util.h"

#include <math.h>
#include <stdlib.h>

#define N 20011

typedef struct fit_out {
    int *lab;
    double c[21 * 16], inertia, elbow[3];
    size_t it;
    int conv;
} fit_out;

static void run(csat_kmeans *km, const double *X, size_t d, size_t k, csat_kmeans_algorithm alg, int variant,
                fit_out *r)
{
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    o.k = k;
    o.seed = 5 + (uint64_t)variant;
    o.algorithm = alg;
    o.max_iter = 10;
    o.tol = 0.0;
    o.standardize = variant == 1;
    o.n_init = variant == 2 ? 2 : 1;
    csat_assert_status(csat_kmeans_fit(km, X, N, d, &o, r->lab), CSAT_OK);
    csat_assert_status(csat_kmeans_result(km, r->c, 21 * 16, &r->inertia, &r->it, &r->conv), CSAT_OK);
    if (variant == 0 && d == 3)
        csat_assert_status(csat_kmeans_elbow(km, X, N, d, &o, k - 2, k, r->lab, r->elbow), CSAT_OK);
}

static void test_kmeans_bit_identical_across_threads(void **state)
{
    static const size_t ds[] = {3, 16, 2}, ks[] = {8, 12, 1};
    static const csat_kmeans_algorithm algs[] = {CSAT_KMEANS_LLOYD, CSAT_KMEANS_HAMERLY, CSAT_KMEANS_AUTO};
    double *X = malloc((size_t)N * 16 * sizeof *X);
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    fit_out ref, got;
    (void)state;
    assert_non_null(X);
    ref.lab = malloc(N * sizeof(int));
    got.lab = malloc(N * sizeof(int));
    assert_non_null(ref.lab);
    assert_non_null(got.lab);
    for (size_t i = 0; i < (size_t)N * 16; i++)
        X[i] = sin(0.37 * (double)i) * 3 + cos(1.91 * (double)i * (double)i) + (double)((i / 16) % 5);
    csat_test_par_configs(cfg, names);
    for (size_t t = 0; t < sizeof ds / sizeof ds[0]; t++)
        for (size_t a = 0; a < sizeof algs / sizeof algs[0]; a++)
            for (int variant = 0; variant < 3; variant++) {
                if (a > 0 && variant > 0)
                    continue; /* the variants once, with Lloyd */
                for (int c = 0; c < CSAT_TEST_N_PAR; c++) {
                    csat_kmeans *km;
                    fit_out *r = c == 0 ? &ref : &got;
                    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
                    csat_assert_status(csat_kmeans_set_parallel(km, &cfg[c]), CSAT_OK);
                    memset(r->elbow, 0, sizeof r->elbow);
                    run(km, X, ds[t], ks[t], algs[a], variant, r);
                    csat_kmeans_free(km);
                    if (c == 0)
                        continue;
                    if (memcmp(ref.lab, got.lab, N * sizeof(int)) != 0
                        || memcmp(ref.c, got.c, ks[t] * ds[t] * sizeof(double)) != 0
                        || memcmp(&ref.inertia, &got.inertia, sizeof(double)) != 0
                        || memcmp(ref.elbow, got.elbow, sizeof ref.elbow) != 0 || ref.it != got.it
                        || ref.conv != got.conv)
                        fail_msg("d = %zu, k = %zu, algorithm %d, variant %d: %s differs from 1 thread",
                                 ds[t], ks[t], (int)algs[a], variant, names[c]);
                }
            }
    free(ref.lab);
    free(got.lab);
    free(X);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kmeans_bit_identical_across_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
