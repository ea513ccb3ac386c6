/*
 * Logistic churn model and score evaluation.
 * Reference: the Telco churn data (tests/data/telco_churn.csv) and R 4.2.2
 * glm(binomial): the coefficients and log-likelihood printed in
 * /work/shared/data/README.md (R's default convergence control), and
 * tests/reference/telco_glm.R -> telco_glm.txt (same R, epsilon 1e-14, with
 * the standard errors sqrt(diag(vcov))).
 */
#include "csat_test.h"
#include "telco_load.h"

static const double readme_coef[7] = {-1.7493415023615, -0.0371749660655, 0.0250896457783,
                                       0.4304576487275,  0.4672769818566,  -0.9528884762414,
                                       -1.8440064548015};
static const double readme_ll = -3034.874952579;
/* telco_glm.txt */
static const double tight_coef[7] = {-1.7493415023657148, -0.037174966065610063,
                                     0.025089645778388528, 0.43045764872837261,
                                     0.46727698185761568,  -0.95288847623906558,
                                     -1.8440064553697191};
static const double tight_se[7] = {0.09371275253415981,  0.0020678417090841681,
                                   0.0014060240220418992, 0.080623112251588053,
                                   0.071701648138374735, 0.10175174660314348,
                                   0.16770325673319572};
static const double tight_aic = 6083.749905158018;

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

static void test_telco_matches_r_glm(void **state)
{
    csat_logistic *m;
    csat_fit_report rep;
    double coef[7], se[7], ll, aic, prob[3];
    size_t p;
    (void)state;
    assert_int_equal(data.n, 7043);
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_fit(m, data.X, data.n, TELCO_K, data.churned, NULL, &rep), CSAT_OK);
    assert_int_equal(csat_logistic_n_coef(m, &p), CSAT_OK);
    assert_int_equal(p, 7);
    assert_int_equal(csat_logistic_coef(m, coef, se, 7), CSAT_OK);
    assert_int_equal(csat_logistic_log_likelihood(m, &ll, &aic), CSAT_OK);
    for (int j = 0; j < 7; j++) {
        csat_assert_close(coef[j], readme_coef[j], 1e-8, 0);
        csat_assert_close(coef[j], tight_coef[j], 1e-10, 0);
        csat_assert_close(se[j], tight_se[j], 1e-8, 0);
    }
    csat_assert_close(ll, readme_ll, 1e-12, 0);
    csat_assert_close(aic, tight_aic, 1e-12, 0);
    csat_assert_close(rep.log_likelihood, ll, 0, 0);
    assert_int_equal(csat_logistic_predict(m, data.X, 3, TELCO_K, prob), CSAT_OK);
    for (int i = 0; i < 3; i++) {
        double eta = coef[0];
        for (int j = 0; j < TELCO_K; j++)
            eta += coef[1 + j] * data.X[i * TELCO_K + j];
        csat_assert_close(prob[i], 1.0 / (1.0 + exp(-eta)), 1e-14, 0);
    }
    csat_logistic_free(m);
}

static void test_separation_and_ridge(void **state)
{
    /* y = 1 exactly when x > 0: no finite MLE */
    const double X[] = {-3, -2, -1, -0.5, 0.5, 1, 2, 3}, y[] = {0, 0, 0, 0, 1, 1, 1, 1};
    const double Xc[] = {1, 2, 3, 4, 5, 6}, y1[] = {1, 1, 1, 1, 1, 1};
    double coef[2] = {7, 7}, c2[2], ll;
    csat_logistic_options o = CSAT_LOGISTIC_OPTIONS_INIT;
    csat_logistic *m;
    (void)state;
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_logistic_fit(m, X, 8, 1, y, NULL, NULL), CSAT_EDOM);
    assert_non_null(strstr(csat_logistic_last_error(m), "separable"));
    csat_assert_status(csat_logistic_coef(m, coef, NULL, 2), CSAT_EMISUSE);
    assert_true(coef[0] == 7 && coef[1] == 7);
    csat_assert_status(csat_logistic_fit(m, Xc, 6, 1, y1, NULL, NULL), CSAT_EDOM);
    o.l2 = 1.0;
    assert_int_equal(csat_logistic_fit(m, X, 8, 1, y, &o, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_coef(m, coef, NULL, 2), CSAT_OK);
    assert_true(isfinite(coef[1]) && coef[1] > 0);
    /* at the penalised optimum: sum(y - p) = 0 and sum x (y - p) = l2 * b1 */
    {
        double p[8], g0 = 0, g1 = 0;
        assert_int_equal(csat_logistic_predict(m, X, 8, 1, p), CSAT_OK);
        for (int i = 0; i < 8; i++) {
            g0 += y[i] - p[i];
            g1 += X[i] * (y[i] - p[i]);
        }
        csat_assert_close(g0, 0, 0, 1e-12);
        csat_assert_close(g1, coef[1], 1e-10, 1e-12);
    }
    /* bigger penalty, smaller slope */
    o.l2 = 10.0;
    assert_int_equal(csat_logistic_fit(m, X, 8, 1, y, &o, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_coef(m, c2, NULL, 2), CSAT_OK);
    assert_true(c2[1] < coef[1]);
    assert_int_equal(csat_logistic_log_likelihood(m, &ll, NULL), CSAT_OK);
    assert_true(ll < 0);
    csat_logistic_free(m);
}

static void test_bad_input(void **state)
{
    const double X[] = {1, 2, 3, 4, 5, 6}, Xn[] = {1, NAN, 3, 4, 5, 6}, y[] = {0, 1, 0, 1, 1, 0};
    const double yb[] = {0, 1, 2, 1, 1, 0}, Xcol[] = {1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2};
    double v = -9, prob[2] = {-9, -9};
    size_t p = 99;
    csat_logistic_options o = CSAT_LOGISTIC_OPTIONS_INIT;
    csat_logistic *m;
    (void)state;
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_logistic_n_coef(m, &p), CSAT_EMISUSE);
    csat_assert_status(csat_logistic_predict(m, X, 2, 1, prob), CSAT_EMISUSE);
    csat_assert_status(csat_logistic_fit(m, Xn, 6, 1, y, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_logistic_fit(m, X, 6, 1, yb, NULL, NULL), CSAT_EINVAL);
    assert_non_null(strstr(csat_logistic_last_error(m), "0 or 1"));
    csat_assert_status(csat_logistic_fit(m, X, 0, 1, y, NULL, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_logistic_fit(m, NULL, 6, 1, y, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_logistic_fit(m, X, 2, 1, y, NULL, NULL), CSAT_EDOM);
    csat_assert_status(csat_logistic_fit(m, X, (size_t)-1, 4, y, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_logistic_fit(m, Xcol, 6, 2, y, NULL, NULL), CSAT_EDOM); /* x2 = 3 - x1 */
    o.l2 = -1;
    csat_assert_status(csat_logistic_fit(m, X, 6, 1, y, &o, NULL), CSAT_EINVAL);
    o.l2 = 0;
    o.version = 7;
    csat_assert_status(csat_logistic_fit(m, X, 6, 1, y, &o, NULL), CSAT_EVERSION);
    csat_assert_status(csat_logistic_n_coef(m, &p), CSAT_EMISUSE);
    assert_int_equal(p, 99);
    assert_int_equal(csat_logistic_fit(m, X, 6, 1, y, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_logistic_predict(m, X, 2, 2, prob), CSAT_EINVAL);
    csat_assert_status(csat_logistic_predict(m, Xn, 2, 1, prob), CSAT_EINVAL);
    assert_true(prob[0] == -9);
    csat_assert_status(csat_logistic_coef(m, &v, NULL, 1), CSAT_EBUFSIZE);
    assert_true(v == -9);
    csat_logistic_free(m);
    csat_logistic_free(NULL);
    assert_int_equal(csat_logistic_options_init(&o, 2), CSAT_EVERSION);
}

static void test_alloc_failures(void **state)
{
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    csat_logistic *m = NULL;
    (void)state;
    for (long k = 0;; k++) {
        csat_test_alloc_reset(&t, k);
        if (csat_logistic_new(&m, &a) == CSAT_OK)
            break;
        assert_int_equal(t.live, 0);
    }
    for (long k = 0;; k++) {
        long base = t.live;
        csat_status st;
        csat_test_alloc_reset(&t, k);
        st = csat_logistic_fit(m, data.X, 500, TELCO_K, data.churned, NULL, NULL);
        if (st == CSAT_OK)
            break;
        assert_int_equal(st, CSAT_ENOMEM);
        assert_int_equal(t.live, base);
    }
    csat_logistic_free(m);
    assert_int_equal(t.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_telco_matches_r_glm),
        cmocka_unit_test(test_separation_and_ridge),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
