/*
 * Logistic churn model and score evaluation.
 * Reference: the Telco churn data (tests/data/telco_churn.csv) and R 4.2.2
 * glm(binomial): the coefficients and log-likelihood printed in
 * /work/shared/data/README.md (R's default convergence control), and
 * tests/reference/telco_glm.R -> telco_glm.txt (same R, epsilon 1e-14, with
 * the standard errors sqrt(diag(vcov))); the standard errors are checked
 * independently by tests/reference/telco_se_mpmath.py (inverse Fisher
 * information in 40-digit mpmath at the R MLE -> telco_se_mpmath.txt).
 */
#include "csat_test.h"

#include <float.h>
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
/* telco_se_mpmath.txt */
static const double mpmath_se[7] = {0.09371275253556602,  0.0020678417091161256,
                                    0.0014060240220644652, 0.080623112252307896,
                                    0.071701648139281872, 0.10175174660344897,
                                    0.1677032567669279};

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
        csat_assert_close(se[j], mpmath_se[j], 1e-8, 0);
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

/* A copy through csat_logistic_shape / csat_logistic_coef / csat_logistic_set_coef
 * predicts bit for bit as the fitted model (the reference: the fitted model,
 * itself tested against R's glm above), with the same statistics. */
static void test_set_coef_copy(void **state)
{
    csat_logistic *m, *c;
    double coef[7], se[7], ll, aic, coef2[7], se2[7], ll2, aic2, p1[50], p2[50];
    size_t k;
    int icpt;
    (void)state;
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_new(&c, NULL), CSAT_OK);
    csat_assert_status(csat_logistic_shape(m, &k, &icpt), CSAT_EMISUSE);
    assert_int_equal(csat_logistic_fit(m, data.X, data.n, TELCO_K, data.churned, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_logistic_shape(m, &k, &icpt), CSAT_OK);
    assert_int_equal(k, TELCO_K);
    assert_int_equal(icpt, 1);
    assert_int_equal(csat_logistic_coef(m, coef, se, 7), CSAT_OK);
    assert_int_equal(csat_logistic_log_likelihood(m, &ll, &aic), CSAT_OK);
    csat_assert_status(csat_logistic_set_coef(c, coef, se, 7, TELCO_K, &ll), CSAT_OK);
    assert_int_equal(csat_logistic_coef(c, coef2, se2, 7), CSAT_OK);
    assert_int_equal(csat_logistic_log_likelihood(c, &ll2, &aic2), CSAT_OK);
    assert_memory_equal(coef, coef2, sizeof coef);
    assert_memory_equal(se, se2, sizeof se);
    assert_true(ll == ll2 && aic == aic2);
    assert_int_equal(csat_logistic_predict(m, data.X, 50, TELCO_K, p1), CSAT_OK);
    assert_int_equal(csat_logistic_predict(c, data.X, 50, TELCO_K, p2), CSAT_OK);
    assert_memory_equal(p1, p2, sizeof p1);
    /* without standard errors and log-likelihood: EDOM for those only */
    csat_assert_status(csat_logistic_set_coef(c, coef + 1, NULL, 6, 6, NULL), CSAT_OK);
    {
        /* found by fuzz_churn: a log-likelihood of -DBL_MAX gave AIC = +Inf with CSAT_OK */
        const double huge = -DBL_MAX, edge = -DBL_MAX / 4;
        double edge_aic;
        assert_int_equal(csat_logistic_set_coef(c, coef + 1, NULL, 6, 6, &huge), CSAT_EINVAL);
        csat_assert_status(csat_logistic_set_coef(c, coef + 1, NULL, 6, 6, &edge), CSAT_OK);
        assert_int_equal(csat_logistic_log_likelihood(c, NULL, &edge_aic), CSAT_OK);
        assert_true(isfinite(edge_aic));
        csat_assert_status(csat_logistic_set_coef(c, coef + 1, NULL, 6, 6, NULL), CSAT_OK);
    }
    csat_assert_status(csat_logistic_shape(c, &k, &icpt), CSAT_OK);
    assert_true(k == 6 && icpt == 0);
    csat_assert_status(csat_logistic_coef(c, coef2, NULL, 7), CSAT_OK);
    csat_assert_status(csat_logistic_coef(c, coef2, se2, 7), CSAT_EDOM);
    csat_assert_status(csat_logistic_log_likelihood(c, &ll2, NULL), CSAT_EDOM);
    /* huge coefficients: products overflow, probabilities stay in [0, 1] */
    {
        static const double big[3] = {0, 1e300, -1e300}, xr[4] = {1e300, 1e300, 1e300, 2e300};
        double pr[2];
        csat_assert_status(csat_logistic_set_coef(c, big, NULL, 3, 2, NULL), CSAT_OK);
        csat_assert_status(csat_logistic_predict(c, xr, 2, 2, pr), CSAT_OK);
        assert_true(pr[0] == 0.5 && pr[1] == 0.0);
    }
    /* bad input: the model stays */
    {
        double bad[7], llp = 0.5;
        memcpy(bad, coef, sizeof bad);
        csat_assert_status(csat_logistic_set_coef(c, coef, se, 7, 5, NULL), CSAT_EINVAL);
        csat_assert_status(csat_logistic_set_coef(c, coef, se, 0, 0, NULL), CSAT_EINVAL);
        csat_assert_status(csat_logistic_set_coef(c, NULL, se, 7, 6, NULL), CSAT_EINVAL);
        csat_assert_status(csat_logistic_set_coef(NULL, coef, se, 7, 6, NULL), CSAT_EINVAL);
        csat_assert_status(csat_logistic_set_coef(c, coef, se, 7, 6, &llp), CSAT_EINVAL);
        bad[3] = NAN;
        csat_assert_status(csat_logistic_set_coef(c, bad, se, 7, 6, NULL), CSAT_EINVAL);
        assert_non_null(strstr(csat_logistic_last_error(c), "coef[3]"));
        memcpy(bad, se, sizeof bad);
        bad[3] = -1;
        csat_assert_status(csat_logistic_set_coef(c, coef, bad, 7, 6, NULL), CSAT_EINVAL);
        assert_non_null(strstr(csat_logistic_last_error(c), "std_err[3]"));
        csat_assert_status(csat_logistic_shape(c, &k, &icpt), CSAT_OK);
        assert_true(k == 2 && icpt == 1);
    }
    csat_logistic_free(m);
    csat_logistic_free(c);
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

static void test_auc_confusion(void **state)
{
    /* scikit-learn's roc_auc_score documentation example: 0.75 */
    const double s[] = {0.1, 0.4, 0.35, 0.8}, y[] = {0, 0, 1, 1};
    const double st[] = {0.5, 0.5, 0.5, 0.9}, yt[] = {0, 1, 0, 1}, y0[] = {0, 0, 0, 0};
    const double bad_y[] = {0, 2, 0, 1}, nan_s[] = {0.1, NAN, 0.3, 0.4};
    double auc = -9;
    csat_confusion c;
    (void)state;
    assert_int_equal(csat_churn_auc(s, y, 4, &auc, NULL, NULL), CSAT_OK);
    csat_assert_close(auc, 0.75, 1e-15, 0);
    /* ties count 1/2: pairs (0.5,0.5) x2 ties -> 0.5 each, 0.9 beats both 0.5 */
    assert_int_equal(csat_churn_auc(st, yt, 4, &auc, NULL, NULL), CSAT_OK);
    csat_assert_close(auc, (0.5 + 0.5 + 1 + 1) / 4.0, 1e-15, 0);
    auc = -9;
    csat_assert_status(csat_churn_auc(s, y0, 4, &auc, NULL, NULL), CSAT_EDOM);
    csat_assert_status(csat_churn_auc(s, bad_y, 4, &auc, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_churn_auc(nan_s, y, 4, &auc, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_churn_auc(s, y, 0, &auc, NULL, NULL), CSAT_EEMPTY);
    assert_true(auc == -9);
    assert_int_equal(csat_churn_confusion(s, y, 4, 0.35, &c, NULL), CSAT_OK);
    assert_true(c.tp == 2 && c.fp == 1 && c.tn == 1 && c.fn == 0);
    csat_assert_close(c.accuracy, 0.75, 1e-15, 0);
    csat_assert_close(c.precision, 2.0 / 3.0, 1e-15, 0);
    csat_assert_close(c.recall, 1.0, 1e-15, 0);
    csat_assert_close(c.specificity, 0.5, 1e-15, 0);
    csat_assert_status(csat_churn_confusion(s, y, 4, NAN, &c, NULL), CSAT_EINVAL);
}

static void test_lift_and_campaign(void **state)
{
    /* 10 customers, 3 churners, ranked by score: churners at ranks 0, 1, 5 */
    const double s[] = {0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.6, 0.4, 0.5, 0.05};
    const double y[] = {1, 0, 1, 0, 0, 0, 0, 0, 1, 0};
    double size[5], ch[5], rate[5], lift[5], gain[5], cl[5], profit[5];
    size_t best = 99;
    csat_campaign cp = {100.0, 1.0, 10.0, 0.5, 5.0};
    (void)state;
    assert_int_equal(csat_churn_lift(s, y, 10, 5, size, ch, rate, lift, gain, cl, NULL, NULL), CSAT_OK);
    for (int b = 0; b < 5; b++)
        assert_true(size[b] == 2);
    assert_true(ch[0] == 2 && ch[1] == 0 && ch[2] == 1 && ch[3] == 0 && ch[4] == 0);
    csat_assert_close(lift[0], 1.0 / 0.3, 1e-14, 0);
    csat_assert_close(gain[2], 1.0, 1e-15, 0);
    csat_assert_close(cl[1], (2.0 / 4.0) / 0.3, 1e-14, 0);
    csat_assert_close(rate[2], 0.5, 1e-15, 0);
    /* top 20%: N = 2, C = 2 -> 2*0.5*89 - 2*0.5*1 - 0 - 5 = 83 ; top 60%: N = 6, C = 3 ->
     * 3*.5*89 - 3*.5*1 - 3*11 - 5 = 94; top 40%: N = 4, C = 2 -> 89 - 1 - 22 - 5 = 61 */
    assert_int_equal(csat_churn_campaign_profit(s, y, 10, &cp, 5, profit, &best, NULL, NULL), CSAT_OK);
    csat_assert_close(profit[0], 83.0, 1e-14, 0);
    csat_assert_close(profit[1], 61.0, 1e-14, 0);
    csat_assert_close(profit[2], 94.0, 1e-14, 0);
    assert_int_equal(best, 3);
    cp.acceptance_rate = 1.5;
    csat_assert_status(csat_churn_campaign_profit(s, y, 10, &cp, 5, profit, &best, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(best, 3);
    /* found by tests/fuzz/fuzz_churn.c: a contact cost of DBL_MAX for 10
     * customers gave profit -Inf with CSAT_OK; now CSAT_EDOM, nothing written */
    cp.acceptance_rate = 0.5;
    cp.contact_cost = DBL_MAX;
    profit[0] = -7;
    csat_assert_status(csat_churn_campaign_profit(s, y, 10, &cp, 5, profit, &best, NULL, NULL), CSAT_EDOM);
    assert_true(profit[0] == -7 && best == 3);
    cp.contact_cost = 1.0;
    csat_assert_status(csat_churn_lift(s, y, 10, 11, size, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                       CSAT_EINVAL);
    csat_assert_status(csat_churn_lift(s, y, 10, 0, size, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                       CSAT_EINVAL);
}

/* Found by tests/fuzz/fuzz_churn.c: with a loose tol the first Newton step
 * was taken unchecked and its quadratic prediction f + dec/2 reported as
 * the log-likelihood: +0.295 on these 6 rows (a Bernoulli LL is <= 0). Now
 * the fit stops at the point whose LL it has computed: the intercept-only
 * start logit(1/6), LL = log(1/6) + 5 log(5/6). */
static void test_loose_tol_reports_true_loglik(void **state)
{
    const double X[18] = {-4, -4, -4, -4, -4, -1, -1, -1, -1, -1, -1, -1, -3, -4, 11, 8, -1, 8};
    const double y[6] = {0, 0, 0, 0, 0, 1};
    csat_logistic *m;
    csat_logistic_options o = CSAT_LOGISTIC_OPTIONS_INIT;
    csat_fit_report rep;
    double ll, coef[4];
    (void)state;
    o.tol = 1e10;
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_fit(m, X, 6, 3, y, &o, &rep), CSAT_OK);
    assert_int_equal(csat_logistic_log_likelihood(m, &ll, NULL), CSAT_OK);
    csat_assert_close(ll, log(1.0 / 6.0) + 5.0 * log(5.0 / 6.0), 1e-14, 0);
    assert_true(rep.log_likelihood == ll);
    assert_int_equal(csat_logistic_coef(m, coef, NULL, 4), CSAT_OK);
    csat_assert_close(coef[0], log(0.2), 1e-14, 0);
    assert_true(coef[1] == 0 && coef[2] == 0 && coef[3] == 0);
    csat_logistic_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_telco_matches_r_glm),
        cmocka_unit_test(test_set_coef_copy),
        cmocka_unit_test(test_separation_and_ridge),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_auc_confusion),
        cmocka_unit_test(test_lift_and_campaign),
        cmocka_unit_test(test_loose_tol_reports_true_loglik),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
