/*
 * Map / merge / finish on partitioned rows (issue 13), on the Telco churn
 * data (tests/data/telco_churn.csv) in three chunks of very different
 * sizes (1 row, a third, the rest):
 * - logistic churn: chunk scores and information add up to the whole
 *   data's, and Newton steps on the sums reach R's glm estimates
 *   (tests/reference/telco_glm.R -> telco_glm.txt, as in test_logistic.c)
 *   and standard errors;
 * - Kaplan-Meier: each chunk's table of event and censoring counts, merged
 *   as weighted rows, gives the whole data's curve bit for bit (integer
 *   counts add exactly).
 */
#include "csat_test.h"

#include <float.h>
#include "telco_load.h"
#include "core/internal.h"
#include "numerics/optim.h"

#define P (TELCO_K + 1)

/* telco_glm.txt (R 4.2.2, glm(binomial), epsilon 1e-14) */
static const double glm_coef[P] = {-1.7493415023657148, -0.037174966065610063, 0.025089645778388528,
                                   0.43045764872837261, 0.46727698185761568,   -0.95288847623906558,
                                   -1.8440064553697191};
static const double glm_se[P] = {0.09371275253415981,  0.0020678417090841681, 0.0014060240220418992,
                                 0.080623112251588053, 0.071701648138374735,  0.10175174660314348,
                                 0.16770325673319572};

static telco data;

static int setup(void **state)
{
    (void)state;
    return telco_load(CSAT_TEST_DATA_DIR "/telco_churn.csv", &data);
}

static int teardown(void **state)
{
    (void)state;
    telco_free(&data);
    return 0;
}

static size_t cut(size_t n, int k) { return k == 0 ? 0 : k == 1 ? 1 : k == 2 ? n / 3 : n; }

static void logistic_sums(const double *b, double *ll, double *s, double *I)
{
    *ll = 0;
    memset(s, 0, P * sizeof *s);
    memset(I, 0, P * P * sizeof *I);
    for (int k = 0; k < 3; k++) {
        const size_t a = cut(data.n, k), e = cut(data.n, k + 1);
        double l1, s1[P], I1[P * P];
        assert_int_equal(csat_logistic_chunk_score(data.X + a * TELCO_K, e - a, TELCO_K, data.churned + a, 1, b, P,
                                                   &l1, s1, I1, NULL, NULL),
                         CSAT_OK);
        *ll += l1;
        for (int i = 0; i < P; i++)
            s[i] += s1[i];
        for (int i = 0; i < P * P; i++)
            I[i] += I1[i];
    }
}

static void test_logistic_chunks(void **state)
{
    csat_allocator al;
    double b[P] = {0}, ll, s[P], I[P * P], llw, sw[P], Iw[P * P], llfit;
    csat_logistic *m;
    int it = 0, done = 0;
    (void)state;
    assert_int_equal(csat__allocator_resolve(&al, NULL), CSAT_OK);
    /* the sums are the whole data's */
    logistic_sums(b, &ll, s, I);
    assert_int_equal(csat_logistic_chunk_score(data.X, data.n, TELCO_K, data.churned, 1, b, P, &llw, sw, Iw, NULL, NULL),
                     CSAT_OK);
    csat_assert_close(ll, llw, 1e-13, 0);
    for (int i = 0; i < P; i++)
        csat_assert_close(s[i], sw[i], 1e-12, 1e-9);
    for (int i = 0; i < P * P; i++)
        csat_assert_close(I[i], Iw[i], 1e-12, 0);
    /* Newton on the sums: one round trip an iteration */
    while (!done && it < 25) {
        double d[P];
        logistic_sums(b, &ll, s, I);
        it++;
        for (int i = 0; i < P; i++)
            s[i] = -s[i]; /* the gradient of -LL */
        assert_true(csat__newton_direction(I, s, P, 0.0, d));
        done = 1;
        for (int i = 0; i < P; i++) {
            b[i] += d[i];
            done &= fabs(d[i]) <= 1e-13 * (1 + fabs(b[i]));
        }
    }
    print_message("logistic: %d round trips\n", it);
    assert_true(done);
    assert_true(it <= 10);
    assert_int_equal(csat__spd_inverse(I, P, &al), CSAT_OK);
    for (int i = 0; i < P; i++) {
        csat_assert_close(b[i], glm_coef[i], 1e-10, 0);
        csat_assert_close(sqrt(I[i * P + i]), glm_se[i], 1e-8, 0);
    }
    /* and the single-machine fit's log-likelihood */
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_fit(m, data.X, data.n, TELCO_K, data.churned, NULL, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_log_likelihood(m, &llfit, NULL), CSAT_OK);
    csat_assert_close(ll, llfit, 1e-12, 0);
    csat_logistic_free(m);
}

static void test_logistic_chunk_errors(void **state)
{
    const double X[4] = {1, 2, 3, 4}, y[2] = {0, 1}, ybad[2] = {0, 2}, b[3] = {0.1, 0.2, 0.3};
    const double bnan[3] = {0.1, NAN, 0.3}, Xbig[2] = {1e308, -1e308}, bbig[2] = {0, 1e10};
    double ll = 7, s[3] = {7, 7, 7}, I[9] = {7, 7, 7, 7, 7, 7, 7, 7, 7};
    (void)state;
    assert_int_equal(csat_logistic_chunk_score(NULL, 2, 2, y, 1, b, 3, &ll, s, I, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_logistic_chunk_score(X, 2, 2, NULL, 1, b, 3, &ll, s, I, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_logistic_chunk_score(X, 2, 2, y, 1, b, 2, &ll, s, I, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_logistic_chunk_score(X, 2, 2, y, 2, b, 3, &ll, s, I, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_logistic_chunk_score(X, 2, 2, ybad, 1, b, 3, &ll, s, I, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_logistic_chunk_score(X, 2, 2, y, 1, bnan, 3, &ll, s, I, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_logistic_chunk_score(X, 0, 2, y, 1, b, 3, &ll, s, I, NULL, NULL), CSAT_EEMPTY);
    assert_int_equal(csat_logistic_chunk_score(X, SIZE_MAX, 2, y, 1, b, 3, &ll, s, I, NULL, NULL), CSAT_EINVAL);
    /* eta = 1e318: not finite */
    assert_int_equal(csat_logistic_chunk_score(Xbig, 2, 1, y, 1, bbig, 2, &ll, s, I, NULL, NULL), CSAT_EDOM);
    assert_true(ll == 7 && s[0] == 7 && I[0] == 7 && I[8] == 7);
}

/* Kaplan-Meier: per-chunk tables merged as weighted rows give the whole curve. */
static void test_km_merge(void **state)
{
    csat_km *whole, *part, *merged;
    size_t nw = 0, nm = 0, nrow = 0;
    double *t = malloc(2 * data.n * sizeof *t), *ev = malloc(2 * data.n * sizeof *ev),
           *w = malloc(2 * data.n * sizeof *w);
    (void)state;
    assert_non_null(t), assert_non_null(ev), assert_non_null(w);
    assert_int_equal(csat_km_new(&whole, NULL), CSAT_OK);
    assert_int_equal(csat_km_new(&part, NULL), CSAT_OK);
    assert_int_equal(csat_km_new(&merged, NULL), CSAT_OK);
    assert_int_equal(csat_km_fit(whole, data.tenure, data.churned, NULL, data.n, NULL), CSAT_OK);
    for (int k = 0; k < 3; k++) {
        const size_t a = cut(data.n, k), e = cut(data.n, k + 1);
        size_t m;
        double *tt, *de, *dc;
        assert_int_equal(csat_km_fit(part, data.tenure + a, data.churned + a, NULL, e - a, NULL), CSAT_OK);
        assert_int_equal(csat_km_size(part, &m), CSAT_OK);
        tt = malloc(3 * m * sizeof *tt);
        assert_non_null(tt);
        de = tt + m, dc = tt + 2 * m;
        assert_int_equal(csat_km_table(part, tt, NULL, de, dc, NULL, NULL, NULL, NULL, m), CSAT_OK);
        for (size_t i = 0; i < m; i++) {
            if (de[i] > 0)
                t[nrow] = tt[i], ev[nrow] = 1, w[nrow++] = de[i];
            if (dc[i] > 0)
                t[nrow] = tt[i], ev[nrow] = 0, w[nrow++] = dc[i];
        }
        free(tt);
    }
    assert_int_equal(csat_km_fit(merged, t, ev, w, nrow, NULL), CSAT_OK);
    assert_int_equal(csat_km_size(whole, &nw), CSAT_OK);
    assert_int_equal(csat_km_size(merged, &nm), CSAT_OK);
    assert_int_equal(nw, nm);
    {
        double *a = malloc(8 * nw * sizeof *a), *b = malloc(8 * nw * sizeof *b);
        assert_non_null(a), assert_non_null(b);
        assert_int_equal(csat_km_table(whole, a, a + nw, a + 2 * nw, a + 3 * nw, a + 4 * nw, a + 5 * nw, a + 6 * nw,
                                       a + 7 * nw, nw),
                         CSAT_OK);
        assert_int_equal(csat_km_table(merged, b, b + nw, b + 2 * nw, b + 3 * nw, b + 4 * nw, b + 5 * nw, b + 6 * nw,
                                       b + 7 * nw, nw),
                         CSAT_OK);
        assert_memory_equal(a, b, 8 * nw * sizeof *a);
        free(a), free(b);
    }
    csat_km_free(whole), csat_km_free(part), csat_km_free(merged);
    free(t), free(ev), free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logistic_chunks),
        cmocka_unit_test(test_logistic_chunk_errors),
        cmocka_unit_test(test_km_merge),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
