/*
 * Logistic churn with case weights, an L2 penalty and Wald inference
 * (issue 15 section 5). Reference: R 4.2.2 glm(family = binomial) on the Telco
 * churn data (tests/data/telco_churn.csv), unweighted, with integer and with
 * fractional case weights and without an intercept: summary(f)$coefficients
 * (estimate, se, z, p), confint.default(f, level = 0.9), null and residual
 * deviance, their degrees of freedom and the AIC; the L2 fit against an
 * independent penalised Newton written in R (glm has no penalty). Script:
 * tests/reference/logistic_glm.R -> logistic_glm.txt -> (logistic_glm_header.py)
 * logistic_glm_values.h.
 */
#include "csat_test.h"

#include <float.h>
#include "telco_load.h"
#include "logistic_glm_values.h"

static telco data;
static double *w_int, *w_frac;

static int setup(void **state)
{
    (void)state;
    if (telco_load(CSAT_TEST_DATA_DIR "/telco_churn.csv", &data) != 0)
        return -1;
    w_int = malloc(data.n * sizeof *w_int);
    w_frac = malloc(data.n * sizeof *w_frac);
    if (!w_int || !w_frac)
        return -1;
    for (size_t i = 0; i < data.n; i++) { /* as logistic_glm.R */
        w_int[i] = (double)((i * 7) % 5);
        w_frac[i] = 0.25 + (double)(i % 4) / 4.0;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    telco_free(&data);
    free(w_int);
    free(w_frac);
    return 0;
}

typedef struct glm_ref {
    const double *coef, *se, *z, *p, *lo, *hi;
    double null_dev, dev, df_null, df_resid, aic; /* aic < 0: not compared */
    const double *se_at_mle; /* the inverse information at glm's estimates (R's solve) */
    double tol;              /* for glm's se, z, p and bounds (see check_against) */
} glm_ref;

#define Q90 1.6448536269514722 /* qnorm(0.95) */

/* fit the Telco columns (without the intercept column when !icpt) with weights w, compare */
static void check_against(const double *w, int icpt, const glm_ref *r)
{
    csat_logistic *m;
    csat_logistic_options o = CSAT_LOGISTIC_OPTIONS_INIT;
    size_t p = TELCO_K + (size_t)icpt;
    double coef[7], se[7], z[7], pv[7], lo[7], hi[7], nd, dev, dfn, dfr, ll, aic;
    o.fit_intercept = icpt;
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_fit_weighted(m, data.X, data.n, TELCO_K, data.churned, w, &o, NULL),
                     CSAT_OK);
    assert_int_equal(csat_logistic_coef(m, coef, se, 7), CSAT_OK);
    assert_int_equal(csat_logistic_wald(m, 0.9, z, pv, lo, hi, 7), CSAT_OK);
    assert_int_equal(csat_logistic_deviance(m, &nd, &dev, &dfn, &dfr), CSAT_OK);
    assert_int_equal(csat_logistic_log_likelihood(m, &ll, &aic), CSAT_OK);
    /* glm's standard errors come from the IRLS weights of its last
     * iteration but one: 1e-11 to 1e-9 off the inverse information at its
     * final estimates, 5e-8 without an intercept (r->tol); ours are at the
     * final estimates and match R's solve() there to 1e-10 */
    for (size_t j = 0; j < p; j++) {
        csat_assert_close(coef[j], r->coef[j], 1e-9, 0);
        csat_assert_close(se[j], r->se_at_mle[j], 1e-10, 0);
        csat_assert_close(z[j], r->coef[j] / r->se_at_mle[j], 1e-9, 0);
        csat_assert_close(lo[j], r->coef[j] - Q90 * r->se_at_mle[j], 1e-9, 0);
        csat_assert_close(hi[j], r->coef[j] + Q90 * r->se_at_mle[j], 1e-9, 0);
        csat_assert_close(se[j], r->se[j], r->tol, 0);
        csat_assert_close(z[j], r->z[j], r->tol, 0);
        /* d log p / d z = -z (roughly): glm's z, whose se is the one of
         * its last iteration but one, carries ~1e-10 relative, so p
         * agrees to 1e-8 z^2; the tail itself is checked exactly below */
        csat_assert_close(pv[j], r->p[j], r->tol * fmax(1.0, z[j] * z[j]), 0);
        csat_assert_close(lo[j], r->lo[j], r->tol, 0);
        csat_assert_close(hi[j], r->hi[j], r->tol, 0);
    }
    csat_assert_close(nd, r->null_dev, 1e-12, 0);
    csat_assert_close(dev, r->dev, 1e-12, 0);
    csat_assert_close(dev, -2.0 * ll, 0, 0);
    assert_true(dfn == r->df_null && dfr == r->df_resid);
    if (r->aic >= 0)
        csat_assert_close(aic, r->aic, 1e-12, 0);
    csat_logistic_free(m);
}

#define REF(tag, aic_, tol_) {glm_##tag##_coef, glm_##tag##_se, glm_##tag##_z, glm_##tag##_p,            \
                        glm_##tag##_lower90, glm_##tag##_upper90, glm_##tag##_null_deviance,        \
                        glm_##tag##_deviance, glm_##tag##_df_null, glm_##tag##_df_residual, aic_,   \
                        glm_##tag##_se_at_mle, tol_}

static void test_unweighted_matches_glm(void **state)
{
    const glm_ref r = REF(plain, glm_plain_aic, 1e-8);
    (void)state;
    check_against(NULL, 1, &r);
}

static void test_integer_weights_match_glm(void **state)
{
    const glm_ref r = REF(wint, glm_wint_aic, 1e-8);
    (void)state;
    check_against(w_int, 1, &r);
}

static void test_fractional_weights_match_glm(void **state)
{
    const glm_ref r = REF(wfrac, -1.0, 1e-8); /* glm rounds fractional weights in its AIC */
    (void)state;
    check_against(w_frac, 1, &r);
}

static void test_no_intercept_matches_glm(void **state)
{
    const glm_ref r = REF(noint, glm_noint_aic, 1e-7);
    (void)state;
    check_against(w_int, 0, &r);
}

/* integer weights are frequency weights: the fit equals the one on the rows
 * repeated w times (an exact reduction, up to rounding) */
static void test_weights_are_replication(void **state)
{
    const size_t n = 600;
    double *X = malloc(3 * n * TELCO_K * sizeof *X), *y = malloc(3 * n * sizeof *y);
    double a[7], sa[7], b[7], sb[7], lla, llb, da, db;
    size_t r = 0;
    csat_logistic *m;
    (void)state;
    assert_non_null(X);
    assert_non_null(y);
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < (int)(w_int[i] > 3 ? 3 : w_int[i]); c++, r++) {
            memcpy(X + r * TELCO_K, data.X + i * TELCO_K, TELCO_K * sizeof *X);
            y[r] = data.churned[i];
        }
    {
        double *wc = malloc(n * sizeof *wc);
        assert_non_null(wc);
        for (size_t i = 0; i < n; i++)
            wc[i] = w_int[i] > 3 ? 3 : w_int[i];
        assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
        assert_int_equal(csat_logistic_fit_weighted(m, data.X, n, TELCO_K, data.churned, wc, NULL, NULL),
                         CSAT_OK);
        assert_int_equal(csat_logistic_coef(m, a, sa, 7), CSAT_OK);
        assert_int_equal(csat_logistic_log_likelihood(m, &lla, NULL), CSAT_OK);
        assert_int_equal(csat_logistic_deviance(m, &da, NULL, NULL, NULL), CSAT_OK);
        assert_int_equal(csat_logistic_fit(m, X, r, TELCO_K, y, NULL, NULL), CSAT_OK);
        assert_int_equal(csat_logistic_coef(m, b, sb, 7), CSAT_OK);
        assert_int_equal(csat_logistic_log_likelihood(m, &llb, NULL), CSAT_OK);
        assert_int_equal(csat_logistic_deviance(m, &db, NULL, NULL, NULL), CSAT_OK);
        for (int j = 0; j < 7; j++) {
            csat_assert_close(a[j], b[j], 1e-10, 1e-14);
            csat_assert_close(sa[j], sb[j], 1e-10, 0);
        }
        csat_assert_close(lla, llb, 1e-12, 0);
        csat_assert_close(da, db, 1e-12, 0);
        /* unit weights are no weights */
        for (size_t i = 0; i < n; i++)
            wc[i] = 1.0;
        assert_int_equal(csat_logistic_fit_weighted(m, data.X, n, TELCO_K, data.churned, wc, NULL, NULL),
                         CSAT_OK);
        assert_int_equal(csat_logistic_coef(m, a, NULL, 7), CSAT_OK);
        assert_int_equal(csat_logistic_fit(m, data.X, n, TELCO_K, data.churned, NULL, NULL), CSAT_OK);
        assert_int_equal(csat_logistic_coef(m, b, NULL, 7), CSAT_OK);
        for (int j = 0; j < 7; j++)
            csat_assert_close(a[j], b[j], 1e-12, 0);
        free(wc);
    }
    csat_logistic_free(m);
    free(X);
    free(y);
}

/* L2: maximise sum w log L - (l2/2) sum_{j>=1} b_j^2, against R's independent Newton */
static void test_ridge_matches_independent_newton(void **state)
{
    csat_logistic *m;
    csat_logistic_options o = CSAT_LOGISTIC_OPTIONS_INIT;
    double coef[7], se[7], ll;
    (void)state;
    o.l2 = 25.0;
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_fit_weighted(m, data.X, data.n, TELCO_K, data.churned, w_int, &o, NULL),
                     CSAT_OK);
    assert_int_equal(csat_logistic_coef(m, coef, se, 7), CSAT_OK);
    assert_int_equal(csat_logistic_log_likelihood(m, &ll, NULL), CSAT_OK);
    for (int j = 0; j < 7; j++) {
        csat_assert_close(coef[j], glm_ridge25_wint_coef[j], 1e-10, 0);
        csat_assert_close(se[j], glm_ridge25_wint_se[j], 1e-10, 0);
    }
    csat_assert_close(ll, glm_ridge25_wint_loglik, 1e-12, 0);
    csat_logistic_free(m);
}

/* the weighted chunks add up to the whole, and at the weighted MLE the score vanishes */
static void test_chunk_score_weighted(void **state)
{
    csat_logistic *m;
    csat_error e;
    double coef[7], ll = 0, score[7] = {0}, info[49] = {0}, cl, cs[7], ci[49], fl, fs[7], fi[49];
    const size_t cut[4] = {0, 1000, 4321, 7043};
    (void)state;
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_fit_weighted(m, data.X, data.n, TELCO_K, data.churned, w_int, NULL, NULL),
                     CSAT_OK);
    assert_int_equal(csat_logistic_coef(m, coef, NULL, 7), CSAT_OK);
    for (int c = 0; c < 3; c++) {
        size_t a = cut[c], n = cut[c + 1] - a;
        assert_int_equal(csat_logistic_chunk_score_weighted(data.X + a * TELCO_K, n, TELCO_K, data.churned + a,
                                                            w_int + a, 1, coef, 7, &cl, cs, ci, NULL, &e),
                         CSAT_OK);
        ll += cl;
        for (int j = 0; j < 7; j++)
            score[j] += cs[j];
        for (int j = 0; j < 49; j++)
            info[j] += ci[j];
    }
    assert_int_equal(csat_logistic_chunk_score_weighted(data.X, data.n, TELCO_K, data.churned, w_int, 1, coef,
                                                        7, &fl, fs, fi, NULL, &e),
                     CSAT_OK);
    csat_assert_close(ll, glm_wint_deviance / -2.0, 1e-12, 0);
    csat_assert_close(fl, ll, 1e-13, 0);
    for (int j = 0; j < 7; j++)
        csat_assert_close(score[j], 0.0, 0, 1e-6 * sqrt(fi[j * 8]));
    for (int j = 0; j < 49; j++)
        csat_assert_close(info[j], fi[j], 1e-12, 1e-12);
    /* NULL weights are unit weights: the unweighted chunk score */
    assert_int_equal(csat_logistic_chunk_score_weighted(data.X, 50, TELCO_K, data.churned, NULL, 1, coef, 7,
                                                        &cl, cs, ci, NULL, &e),
                     CSAT_OK);
    assert_int_equal(csat_logistic_chunk_score(data.X, 50, TELCO_K, data.churned, 1, coef, 7, &fl, fs, fi,
                                               NULL, &e),
                     CSAT_OK);
    assert_true(cl == fl && cs[3] == fs[3] && ci[10] == fi[10]);
    /* all-zero weights: a chunk that contributes nothing */
    {
        static const double zero[3] = {0, 0, 0};
        assert_int_equal(csat_logistic_chunk_score_weighted(data.X, 3, TELCO_K, data.churned, zero, 1, coef, 7,
                                                            &cl, cs, ci, NULL, &e),
                         CSAT_OK);
        assert_true(cl == 0 && cs[0] == 0 && ci[0] == 0);
    }
    csat_logistic_free(m);
}

/* the normal tail alone: a model with coefficients glm's z and standard
 * errors 1 gives glm's p-values (R's pnorm) to 1e-13, down to 1e-155 */
static void test_p_values_are_pnorm(void **state)
{
    const double *zs[4] = {glm_plain_z, glm_wint_z, glm_wfrac_z, glm_noint_z};
    const double *ps[4] = {glm_plain_p, glm_wint_p, glm_wfrac_p, glm_noint_p};
    const double ones[7] = {1, 1, 1, 1, 1, 1, 1};
    csat_logistic *m;
    double p[7];
    (void)state;
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    for (int t = 0; t < 4; t++) {
        size_t k = t == 3 ? 6 : 7;
        assert_int_equal(csat_logistic_set_coef(m, zs[t], ones, k, 6, NULL), CSAT_OK);
        assert_int_equal(csat_logistic_wald(m, 0.95, NULL, p, NULL, NULL, 7), CSAT_OK);
        for (size_t j = 0; j < k; j++)
            csat_assert_close(p[j], ps[t][j], 1e-13, 0);
    }
    csat_logistic_free(m);
}

static void test_wald_levels(void **state)
{
    csat_logistic *m;
    double coef[7], se[7], lo[7], hi[7], lo2[7], p[7];
    (void)state;
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_fit(m, data.X, data.n, TELCO_K, data.churned, NULL, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_coef(m, coef, se, 7), CSAT_OK);
    /* 95%: q = 1.959963984540054 (qnorm(0.975)) */
    assert_int_equal(csat_logistic_wald(m, 0.95, NULL, NULL, lo, hi, 7), CSAT_OK);
    for (int j = 0; j < 7; j++) {
        csat_assert_close((hi[j] - lo[j]) / (2 * se[j]), 1.959963984540054, 1e-13, 0);
        csat_assert_close(0.5 * (hi[j] + lo[j]), coef[j], 1e-13, 1e-15);
    }
    /* wider for a higher level; q(0.999999) = 4.89163847569293 (mpmath: sqrt(2) erfinv of the double 0.999999) */
    assert_int_equal(csat_logistic_wald(m, 0.999999, NULL, p, lo2, NULL, 7), CSAT_OK);
    csat_assert_close((coef[0] - lo2[0]) / se[0], 4.891638475692932, 1e-12, 0);
    for (int j = 0; j < 7; j++)
        assert_true(lo2[j] < lo[j] && p[j] > 0 && p[j] < 1e-6);
    csat_logistic_free(m);
}

static void test_bad_input(void **state)
{
    const double X[] = {-3, -2, -1, -0.5, 0.5, 1, 2, 3}, y[] = {0, 0, 0, 0, 1, 1, 1, 1};
    const double Xo[] = {-3, -2, -1, -0.5, 0.5, 1, 2, 3}, yo[] = {0, 1, 0, 1, 1, 0, 1, 1};
    double w[8] = {1, 1, 1, 1, 1, 1, 1, 1}, v = -9, c1[2] = {0.5, 1}, se1[2] = {0.1, 0};
    double ll = -3, score[2], info[4];
    csat_logistic *m;
    csat_error e;
    (void)state;
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_logistic_deviance(m, &v, NULL, NULL, NULL), CSAT_EMISUSE);
    csat_assert_status(csat_logistic_wald(m, 0.95, &v, NULL, NULL, NULL, 2), CSAT_EMISUSE);
    csat_assert_status(csat_logistic_deviance(NULL, &v, NULL, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_logistic_wald(NULL, 0.95, &v, NULL, NULL, NULL, 2), CSAT_EINVAL);
    w[5] = -1;
    csat_assert_status(csat_logistic_fit_weighted(m, Xo, 8, 1, yo, w, NULL, NULL), CSAT_EINVAL);
    assert_non_null(strstr(csat_logistic_last_error(m), "weights[5] is negative"));
    w[5] = NAN;
    csat_assert_status(csat_logistic_fit_weighted(m, Xo, 8, 1, yo, w, NULL, NULL), CSAT_EINVAL);
    assert_non_null(strstr(csat_logistic_last_error(m), "weights[5] is NaN"));
    w[5] = INFINITY;
    csat_assert_status(csat_logistic_fit_weighted(m, Xo, 8, 1, yo, w, NULL, NULL), CSAT_EINVAL);
    for (int i = 0; i < 8; i++)
        w[i] = 0;
    csat_assert_status(csat_logistic_fit_weighted(m, Xo, 8, 1, yo, w, NULL, NULL), CSAT_EEMPTY);
    assert_non_null(strstr(csat_logistic_last_error(m), "every weight is 0"));
    w[0] = w[1] = 1;
    csat_assert_status(csat_logistic_fit_weighted(m, Xo, 8, 1, yo, w, NULL, NULL), CSAT_EDOM); /* 2 rows */
    w[0] = w[1] = 0;
    w[4] = w[6] = w[7] = 1;
    csat_assert_status(csat_logistic_fit_weighted(m, Xo, 8, 1, yo, w, NULL, NULL), CSAT_EDOM);
    assert_non_null(strstr(csat_logistic_last_error(m), "every y of positive weight is 1"));
    w[0] = w[1] = 1e300;
    csat_assert_status(csat_logistic_fit_weighted(m, Xo, 8, 1, yo, w, NULL, NULL), CSAT_EINVAL);
    /* separation among the rows of positive weight: yo's "wrong" rows 1, 2, 5 weigh 0 */
    for (int i = 0; i < 8; i++)
        w[i] = (i == 1 || i == 2 || i == 5) ? 0.0 : 2.0;
    csat_assert_status(csat_logistic_fit_weighted(m, Xo, 8, 1, yo, w, NULL, NULL), CSAT_EDOM);
    assert_non_null(strstr(csat_logistic_last_error(m), "fitted probabilities numerically 0 or 1"));
    csat_assert_status(csat_logistic_fit_weighted(m, X, 8, 1, y, NULL, NULL, NULL), CSAT_EDOM);
    assert_non_null(strstr(csat_logistic_last_error(m), "fitted probabilities numerically 0 or 1"));
    csat_assert_status(csat_logistic_n_coef(m, &(size_t){0}), CSAT_EMISUSE); /* nothing kept */
    /* a fit, then bad levels */
    for (int i = 0; i < 8; i++)
        w[i] = 1 + i % 3;
    assert_int_equal(csat_logistic_fit_weighted(m, Xo, 8, 1, yo, w, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_logistic_wald(m, 0.0, &v, NULL, NULL, NULL, 2), CSAT_EINVAL);
    csat_assert_status(csat_logistic_wald(m, 1.0, &v, NULL, NULL, NULL, 2), CSAT_EINVAL);
    csat_assert_status(csat_logistic_wald(m, NAN, &v, NULL, NULL, NULL, 2), CSAT_EINVAL);
    csat_assert_status(csat_logistic_wald(m, 0.95, &v, NULL, NULL, NULL, 1), CSAT_EBUFSIZE);
    assert_true(v == -9);
    /* a model set by hand: no deviances; zero or missing standard errors: no Wald */
    assert_int_equal(csat_logistic_set_coef(m, c1, se1, 2, 1, &ll), CSAT_OK);
    csat_assert_status(csat_logistic_deviance(m, &v, NULL, NULL, NULL), CSAT_EDOM);
    csat_assert_status(csat_logistic_wald(m, 0.95, &v, NULL, NULL, NULL, 2), CSAT_EDOM);
    assert_int_equal(csat_logistic_set_coef(m, c1, NULL, 2, 1, NULL), CSAT_OK);
    csat_assert_status(csat_logistic_wald(m, 0.95, NULL, NULL, NULL, NULL, 2), CSAT_EDOM);
    se1[1] = DBL_MAX;
    assert_int_equal(csat_logistic_set_coef(m, c1, se1, 2, 1, NULL), CSAT_OK);
    {
        double lo[2], hi[2];
        assert_int_equal(csat_logistic_wald(m, 0.95, NULL, NULL, lo, hi, 2), CSAT_OK);
        assert_true(lo[1] == -DBL_MAX && hi[1] == DBL_MAX);
    }
    assert_true(v == -9);
    /* the chunk score names the weight */
    w[3] = -2;
    csat_assert_status(csat_logistic_chunk_score_weighted(Xo, 8, 1, yo, w, 1, c1, 2, &ll, score, info, NULL, &e),
                       CSAT_EINVAL);
    assert_string_equal(e.argument, "weights");
    assert_int_equal(e.row, 3);
    csat_logistic_free(m);
}

/* collinear columns and a tiny l2: the information is numerically singular
 * (fuzz_churn found a "converged" fit with a coefficient at -5e14 here) */
static void test_tiny_ridge_on_collinear_columns(void **state)
{
    double X[15], c[3];
    const double y[5] = {0, 0, 1, 0, 0};
    csat_logistic_options o = CSAT_LOGISTIC_OPTIONS_INIT;
    csat_logistic *m;
    (void)state;
    for (int i = 0; i < 15; i++)
        X[i] = -3;
    o.fit_intercept = 0;
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    for (double l2 = 1e-300; l2 < 1e-20; l2 *= 1e20) {
        o.l2 = l2;
        csat_assert_status(csat_logistic_fit(m, X, 5, 3, y, &o, NULL), CSAT_EDOM);
        assert_non_null(strstr(csat_logistic_last_error(m), "collinear"));
    }
    /* l2 = 1e-10: well posed; b = (t, t, t) with -9 t = logit(1/5) to ~1e-10 */
    o.l2 = 1e-10;
    assert_int_equal(csat_logistic_fit(m, X, 5, 3, y, &o, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_coef(m, c, NULL, 3), CSAT_OK);
    for (int j = 0; j < 3; j++)
        csat_assert_close(c[j], log(4.0) / 9.0, 1e-9, 0);
    csat_logistic_free(m);
}

static void test_alloc_failures(void **state)
{
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    csat_logistic *m = NULL;
    (void)state;
    assert_int_equal(csat_logistic_new(&m, &a), CSAT_OK);
    for (long k = 0;; k++) {
        long base = t.live;
        csat_status st;
        csat_test_alloc_reset(&t, k);
        st = csat_logistic_fit_weighted(m, data.X, 500, TELCO_K, data.churned, w_int, NULL, NULL);
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
        cmocka_unit_test(test_unweighted_matches_glm),
        cmocka_unit_test(test_integer_weights_match_glm),
        cmocka_unit_test(test_fractional_weights_match_glm),
        cmocka_unit_test(test_no_intercept_matches_glm),
        cmocka_unit_test(test_weights_are_replication),
        cmocka_unit_test(test_ridge_matches_independent_newton),
        cmocka_unit_test(test_chunk_score_weighted),
        cmocka_unit_test(test_p_values_are_pnorm),
        cmocka_unit_test(test_wald_levels),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_tiny_ridge_on_collinear_columns),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
