/*
 * k-means as map / merge / finish (issue 13): Lloyd steps on three chunks of
 * very different sizes (1 row, a third, the rest), merged by adding their
 * sums and counts, reach the single-machine fit from the same start: the
 * same labels, and the centres of tests/reference/kmeans_lloyd.py (a
 * plain-Python Lloyd on the data of test_kmeans.c) to 1e-12.
 */
#include "csat_test.h"

#include <float.h>

#define N 300
#define D 3
#define K 4

static const double ref_centres[K][D] = {
    {0.8799329061219334, 2.680302043085793, 2.0},
    {7.352469015371356, 1.4550831549721779, 1.9442307692307692},
    {12.487340434524333, 2.1798300465919995, 2.156862745098039},
    {0.5176838379773396, -1.544039172510814, 1.9575609756097563},
};
static const double ref_inertia = 2409.7059523797056;

static void make_data(double *X)
{
    for (int i = 0; i < N; i++) {
        X[i * 3 + 0] = sin(1.3 * i) * 4 + (i % 3) * 5;
        X[i * 3 + 1] = cos(0.7 * i) * 3 + (i % 3);
        X[i * 3 + 2] = ((i * 37) % 101) / 25.0;
    }
}

static size_t cut(int k) { return k == 0 ? 0 : k == 1 ? 1 : k == 2 ? N / 3 : N; }

static void test_chunked_lloyd(void **state)
{
    static double X[N * D];
    double c[K * D], inertia = 0, fit_c[K * D], fit_inertia;
    int lab[N], fit_lab[N], it = 0, moved = 1;
    csat_kmeans *km;
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    (void)state;
    make_data(X);
    memcpy(c, X, sizeof c);
    while (moved && it < 100) {
        double sums[K * D] = {0}, counts[K] = {0};
        inertia = 0;
        it++;
        for (int q = 0; q < 3; q++) {
            const size_t a = cut(q), b = cut(q + 1);
            double s1[K * D], c1[K], in1;
            assert_int_equal(csat_kmeans_chunk_step(X + a * D, b - a, D, c, K, s1, c1, &in1, lab + a, NULL, NULL),
                             CSAT_OK);
            for (int i = 0; i < K * D; i++)
                sums[i] += s1[i];
            for (int i = 0; i < K; i++)
                counts[i] += c1[i];
            inertia += in1;
        }
        moved = 0;
        for (int j = 0; j < K; j++)
            for (int q = 0; q < D && counts[j] > 0; q++) {
                const double v = sums[j * D + q] / counts[j];
                moved |= v != c[j * D + q];
                c[j * D + q] = v;
            }
    }
    assert_false(moved);
    for (int i = 0; i < K * D; i++)
        csat_assert_close(c[i], ref_centres[i / D][i % D], 1e-12, 1e-12);
    csat_assert_close(inertia, ref_inertia, 1e-12, 0);
    /* the single-machine fit from the same start */
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    o.k = K, o.tol = 0, o.init_centers = X;
    assert_int_equal(csat_kmeans_fit(km, X, N, D, &o, fit_lab), CSAT_OK);
    assert_int_equal(csat_kmeans_result(km, fit_c, K * D, &fit_inertia, NULL, NULL), CSAT_OK);
    assert_memory_equal(lab, fit_lab, sizeof lab);
    for (int i = 0; i < K * D; i++)
        csat_assert_close(c[i], fit_c[i], 1e-12, 1e-12);
    csat_kmeans_free(km);
}

static void test_chunk_step_errors(void **state)
{
    const double X[4] = {0, 0, 1, 1}, C[4] = {0, 0, 1, 1}, Cnan[2] = {NAN, 0}, big[2] = {1e200, -1e200};
    double s[4] = {7, 7, 7, 7}, n[2] = {7, 7}, in = 7;
    int lab[2] = {7, 7};
    (void)state;
    assert_int_equal(csat_kmeans_chunk_step(NULL, 2, 2, C, 2, s, n, &in, lab, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_kmeans_chunk_step(X, 2, 2, NULL, 2, s, n, &in, lab, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_kmeans_chunk_step(X, 2, 0, C, 2, s, n, &in, lab, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_kmeans_chunk_step(X, 2, 2, C, 0, s, n, &in, lab, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_kmeans_chunk_step(X, 2, 2, C, 2, NULL, n, &in, lab, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_kmeans_chunk_step(X, 2, 1, Cnan, 2, s, n, &in, lab, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_kmeans_chunk_step(X, 0, 2, C, 2, s, n, &in, lab, NULL, NULL), CSAT_EEMPTY);
    assert_int_equal(csat_kmeans_chunk_step(X, SIZE_MAX, 2, C, 2, s, n, &in, lab, NULL, NULL), CSAT_EINVAL);
    /* (1e200 - -1e200)^2 is beyond the doubles */
    assert_int_equal(csat_kmeans_chunk_step(big, 1, 1, big + 1, 1, s, n, &in, lab, NULL, NULL), CSAT_EDOM);
    assert_true(s[0] == 7 && n[0] == 7 && in == 7 && lab[0] == 7);
    /* ties go to the lowest index; labels may be NULL */
    assert_int_equal(csat_kmeans_chunk_step(X, 1, 2, (const double[]){1, 0, 0, 1}, 2, s, n, &in, lab, NULL, NULL), CSAT_OK);
    assert_int_equal(lab[0], 0);
    assert_true(in == 1 && n[0] == 1 && n[1] == 0);
    assert_int_equal(csat_kmeans_chunk_step(X, 2, 2, C, 2, s, n, &in, NULL, NULL, NULL), CSAT_OK);
    assert_true(in == 0 && n[0] == 1 && n[1] == 1 && s[2] == 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunked_lloyd),
        cmocka_unit_test(test_chunk_step_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
