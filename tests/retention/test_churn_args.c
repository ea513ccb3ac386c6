/*
 * Churn scoring: logistic regression and the evaluation of scores. Argument
 * checks in one table (args_table.h), then results with closed forms:
 * a binary covariate's logistic MLE is the log odds of each group, the
 * ROC AUC of four scores is the share of ordered pairs, the score equations
 * X'(y - p) = l2 b hold at any fitted optimum.
 */
#include "args_table.h"

/* Two groups of four: x = 0 with one churner, x = 1 with three. MLE:
 * intercept log(1/3), slope log 3 - log(1/3) = 2 log 3. */
static const double X8[8] = {0, 0, 0, 0, 1, 1, 1, 1};
static const double Y8[8] = {0, 0, 0, 1, 0, 1, 1, 1};

/* ---- logistic_fit options and data ----------------------------------------------------- */

/* a: version, l2, fit_intercept, max_iter, tol, n_rows, n_cols, X[0], y[0];
 * out: the coefficients; the model must keep no fit on error */
static csat_status w_logistic_fit(const double *a, unsigned nul, void *out)
{
    const csat_logistic_options o = {(unsigned)a[0], a[1], (int)a[2], (size_t)a[3], a[4]};
    double X[8], y[8], c[2];
    csat_logistic *m;
    csat_status st;
    memcpy(X, X8, sizeof X);
    memcpy(y, Y8, sizeof y);
    X[0] = a[7];
    y[0] = a[8];
    if (csat_logistic_new(&m, NULL) != CSAT_OK)
        return CSAT_EINTERNAL;
    st = csat_logistic_fit(m, ARGP(nul, 1, X), (size_t)a[5], (size_t)a[6], ARGP(nul, 2, y), ARGP(nul, 3, &o), NULL);
    if (st == CSAT_OK)
        csat_logistic_coef(m, (double *)out, NULL, 2);
    else if (csat_logistic_coef(m, c, NULL, 2) != CSAT_EMISUSE || csat_logistic_last_error(m)[0] == 0)
        st = CSAT_EINTERNAL;
    csat_logistic_free(m);
    return st;
}
static const csat_args_fn LF = {"logistic_fit", w_logistic_fit,
                                {CSAT_LOGISTIC_OPTIONS_VERSION, 0, 1, 50, 1e-12, 8, 1, 0, 0},
                                -1.0986122886681098 /* log(1/3) */, 1e-9};

OPTIONS_INIT_WRAPPER(logistic_options_init, csat_logistic_options, CSAT_LOGISTIC_OPTIONS_VERSION)

/* ---- churn evaluation ---------------------------------------------------------------------- */

/* scikit-learn's roc_auc_score example: scores {0.1, 0.4, 0.35, 0.8}, y {0, 0, 1, 1}: AUC 0.75.
 * a: n, scores[0], y[0] */
static csat_status w_auc(const double *a, unsigned nul, void *out)
{
    double s[4] = {a[1], 0.4, 0.35, 0.8}, y[4] = {a[2], 0, 1, 1};
    return csat_churn_auc(ARGP(nul, 1, s), ARGP(nul, 2, y), (size_t)a[0], ARGP(nul, 0, (double *)out), NULL, CSAT_ARGS_ERR);
}
static const csat_args_fn AU = {"churn_auc", w_auc, {4, 0.1, 0}, 0.75, 1e-15};

/* a: n, scores[0], y[0], threshold; at 0.35: tp 2, fp 1, tn 1, fn 0 */
static csat_status w_confusion(const double *a, unsigned nul, void *out)
{
    double s[4] = {a[1], 0.4, 0.35, 0.8}, y[4] = {a[2], 0, 1, 1};
    return csat_churn_confusion(ARGP(nul, 1, s), ARGP(nul, 2, y), (size_t)a[0], a[3],
                                ARGP(nul, 0, (csat_confusion *)out), CSAT_ARGS_ERR);
}
static const csat_args_fn CF = {"churn_confusion", w_confusion, {4, 0.1, 0, 0.35}, 2.0, 0};

/* a: n, scores[0], y[0], n_bins; out: the lift of bin 0 (top half: 0.8, 0.4 -> 1 churner of 2, overall 1/2) */
static csat_status w_lift(const double *a, unsigned nul, void *out)
{
    double s[4] = {a[1], 0.4, 0.35, 0.8}, y[4] = {a[2], 0, 1, 1};
    return csat_churn_lift(ARGP(nul, 1, s), ARGP(nul, 2, y), (size_t)a[0], (size_t)a[3], NULL, NULL, NULL,
                           (double *)out, NULL, NULL, NULL, CSAT_ARGS_ERR);
}
static const csat_args_fn LT = {"churn_lift", w_lift, {4, 0.1, 0, 2}, 1.0, 0};

/* a: n, scores[0], y[0], n_bins, then the campaign's five numbers. Top
 * quarter (one customer, a churner): 0.5 (100 - 1 - 10) - 0.5 (1) - 0 - 5 = 39 */
static csat_status w_profit(const double *a, unsigned nul, void *out)
{
    double s[4] = {a[1], 0.4, 0.35, 0.8}, y[4] = {a[2], 0, 1, 1};
    const csat_campaign cp = {a[4], a[5], a[6], a[7], a[8]};
    size_t best;
    return csat_churn_campaign_profit(ARGP(nul, 1, s), ARGP(nul, 2, y), (size_t)a[0], ARGP(nul, 3, &cp),
                                      (size_t)a[3], ARGP(nul, 0, (double *)out), &best, NULL, CSAT_ARGS_ERR);
}
static const csat_args_fn PR = {"churn_campaign_profit", w_profit, {4, 0.1, 0, 4, 100, 1, 10, 0.5, 5}, 39.0, 1e-15};

static const double HUGE_N = (double)(SIZE_MAX / 4);

static const csat_args_case rows[] = {
    OPTIONS_ROWS(logistic_options_init),

    NUL(LF, 2), NUL(LF, 4), {&LF, -1, 0, 8, CSAT_OK} /* NULL options: the defaults */,
    ARG(LF, 0, 99, CSAT_EVERSION), ARG(LF, 1, -1, CSAT_EINVAL), ARG(LF, 1, NAN, CSAT_EINVAL),
    ARG(LF, 1, INFINITY, CSAT_EINVAL), ARG(LF, 2, 2, CSAT_EINVAL), ARG(LF, 3, 0, CSAT_EINVAL),
    ARG(LF, 4, -1, CSAT_EINVAL), ARG(LF, 4, NAN, CSAT_EINVAL), ARG(LF, 4, INFINITY, CSAT_EINVAL),
    ARG(LF, 5, 0, CSAT_EEMPTY), ARG(LF, 5, HUGE_N, CSAT_EINVAL), ARG(LF, 6, HUGE_N, CSAT_EINVAL),
    ARG(LF, 5, 2, CSAT_EDOM),                  /* rows <= coefficients */
    ARG(LF, 7, NAN, CSAT_EINVAL), ARG(LF, 7, INFINITY, CSAT_EINVAL), ARG(LF, 8, 0.5, CSAT_EINVAL),
    ARG(LF, 8, NAN, CSAT_EINVAL),

    NUL(AU, 1), NUL(AU, 2), NUL(AU, 4), ARG(AU, 0, 0, CSAT_EEMPTY), ARG(AU, 0, HUGE_N, CSAT_EINVAL),
    ARG(AU, 1, NAN, CSAT_EINVAL), ARG(AU, 1, INFINITY, CSAT_EINVAL), ARG(AU, 2, 2, CSAT_EINVAL),
    ARG(AU, 2, NAN, CSAT_EINVAL),

    NUL(CF, 1), NUL(CF, 2), NUL(CF, 4), ARG(CF, 0, 0, CSAT_EEMPTY), ARG(CF, 3, NAN, CSAT_EINVAL),
    ARG(CF, 3, INFINITY, CSAT_EINVAL), ARG(CF, 1, NAN, CSAT_EINVAL), ARG(CF, 2, -1, CSAT_EINVAL),

    NUL(LT, 2), NUL(LT, 4), ARG(LT, 0, 0, CSAT_EEMPTY), ARG(LT, 3, 0, CSAT_EINVAL), ARG(LT, 3, 5, CSAT_EINVAL),
    ARG(LT, 1, NAN, CSAT_EINVAL), ARG(LT, 2, 0.5, CSAT_EINVAL),

    NUL(PR, 1), NUL(PR, 8), NUL(PR, 2), ARG(PR, 0, 0, CSAT_EEMPTY), ARG(PR, 3, 0, CSAT_EINVAL),
    ARG(PR, 3, 5, CSAT_EINVAL), ARG(PR, 1, INFINITY, CSAT_EINVAL), ARG(PR, 4, -1, CSAT_EINVAL),
    ARG(PR, 4, INFINITY, CSAT_EINVAL), ARG(PR, 5, -1, CSAT_EINVAL), ARG(PR, 5, NAN, CSAT_EINVAL),
    ARG(PR, 6, -1, CSAT_EINVAL), ARG(PR, 6, INFINITY, CSAT_EINVAL), ARG(PR, 7, 1.5, CSAT_EINVAL),
    ARG(PR, 7, NAN, CSAT_EINVAL), ARG(PR, 8, -1, CSAT_EINVAL), ARG(PR, 8, INFINITY, CSAT_EINVAL),
};

static void test_churn_argument_table(void **state)
{
    (void)state;
    csat_args_run(rows, sizeof rows / sizeof rows[0]);
}

/* Score equations at the optimum: X'(y - p) = l2 b for the slopes, with p
 * from csat_logistic_predict; sum(y - p) = 0 with an intercept. */
static void check_score_equations(const csat_logistic *m, const double *X, const double *y, size_t n, size_t k,
                                  double l2)
{
    double *p = malloc(n * sizeof *p), b[64];
    size_t nc;
    int c0;
    assert_non_null(p);
    assert_int_equal(csat_logistic_n_coef(m, &nc), CSAT_OK);
    assert_true(nc <= 64);
    c0 = nc > k;
    assert_int_equal(csat_logistic_coef(m, b, NULL, nc), CSAT_OK);
    assert_int_equal(csat_logistic_predict(m, X, n, k, p), CSAT_OK);
    for (size_t j = 0; j < nc; j++) {
        double s = 0, scale = 0;
        for (size_t i = 0; i < n; i++) {
            double xij = (c0 && j == 0) ? 1.0 : X[i * k + j - (size_t)c0];
            s += xij * (y[i] - p[i]);
            scale += fabs(xij);
        }
        if (!(c0 && j == 0))
            s -= l2 * b[j];
        csat_assert_close(s, 0, 0, 1e-8 * (scale + 1));
    }
    free(p);
}

static void test_logistic_closed_forms(void **state)
{
    csat_logistic *m;
    csat_logistic_options o = CSAT_LOGISTIC_OPTIONS_INIT;
    csat_fit_report rep;
    double c[2] = {-7, -7}, se[2], ll, aic, pr[2];
    size_t nc = 7;
    (void)state;
    assert_true(strcmp(csat_logistic_last_error(NULL), "") == 0);
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    /* before a fit */
    csat_assert_status(csat_logistic_n_coef(m, &nc), CSAT_EMISUSE);
    csat_assert_status(csat_logistic_coef(m, c, se, 2), CSAT_EMISUSE);
    csat_assert_status(csat_logistic_log_likelihood(m, &ll, &aic), CSAT_EMISUSE);
    csat_assert_status(csat_logistic_predict(m, X8, 2, 1, pr), CSAT_EMISUSE);
    csat_assert_status(csat_logistic_n_coef(NULL, &nc), CSAT_EINVAL);
    csat_assert_status(csat_logistic_n_coef(m, NULL), CSAT_EINVAL);
    csat_assert_status(csat_logistic_coef(NULL, c, se, 2), CSAT_EINVAL);
    csat_assert_status(csat_logistic_log_likelihood(NULL, &ll, &aic), CSAT_EINVAL);
    csat_assert_status(csat_logistic_predict(NULL, X8, 2, 1, pr), CSAT_EINVAL);
    csat_assert_status(csat_logistic_fit(NULL, X8, 8, 1, Y8, NULL, NULL), CSAT_EINVAL);
    assert_true(nc == 7 && c[0] == -7);

    /* no intercept, x = -1 / +1: the slope is log 3 */
    {
        const double x[8] = {-1, -1, -1, -1, 1, 1, 1, 1};
        o.fit_intercept = 0;
        csat_assert_status(csat_logistic_fit(m, x, 8, 1, Y8, &o, &rep), CSAT_OK);
        assert_int_equal(csat_logistic_n_coef(m, &nc), CSAT_OK);
        assert_int_equal(nc, 1);
        assert_int_equal(csat_logistic_coef(m, c, NULL, 1), CSAT_OK);
        csat_assert_close(c[0], log(3.0), 1e-10, 0);
        assert_true(rep.converged);
        /* no intercept and no column: nothing to fit */
        csat_assert_status(csat_logistic_fit(m, NULL, 8, 0, Y8, &o, NULL), CSAT_EINVAL);
        /* one class only: no intercept, a penalty gives a finite answer */
        const double zeros[8] = {0};
        o.l2 = 1;
        csat_assert_status(csat_logistic_fit(m, x, 8, 1, zeros, &o, NULL), CSAT_OK);
        assert_int_equal(csat_logistic_coef(m, c, NULL, 1), CSAT_OK);
        csat_assert_close(c[0], 0, 0, 1e-12); /* x is symmetric: no pull either way */
        o.l2 = 0;
        csat_assert_status(csat_logistic_fit(m, x, 8, 1, zeros, &o, NULL), CSAT_EDOM);
        o.fit_intercept = 1;
    }
    /* intercept and binary covariate: log odds per group, from the
     * intercept-only model too (n_cols 0) */
    csat_assert_status(csat_logistic_fit(m, X8, 8, 1, Y8, &o, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_coef(m, c, se, 2), CSAT_OK);
    csat_assert_close(c[0], -log(3.0), 1e-10, 0);
    csat_assert_close(c[1], 2 * log(3.0), 1e-10, 0);
    /* SE of a log odds ratio: sqrt(1/1 + 1/3 + 1/3 + 1/1) (Woolf) */
    csat_assert_close(se[1], sqrt(8.0 / 3.0), 1e-6, 0); /* information at the last step but one, as R */
    /* LL = 2 (log(1/4) + 3 log(3/4)), AIC = -2 LL + 4 */
    assert_int_equal(csat_logistic_log_likelihood(m, &ll, &aic), CSAT_OK);
    csat_assert_close(ll, 2 * (log(0.25) + 3 * log(0.75)), 1e-12, 0);
    csat_assert_close(aic, -2 * ll + 4, 1e-12, 0);
    assert_int_equal(csat_logistic_log_likelihood(m, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_logistic_coef(m, c, se, 1), CSAT_EBUFSIZE);
    csat_assert_status(csat_logistic_coef(m, c, se, SIZE_MAX / 4), CSAT_EINVAL);
    assert_int_equal(csat_logistic_coef(m, NULL, NULL, 2), CSAT_OK);
    /* predictions: the groups' shares; no rows is fine; bad rows are not */
    assert_int_equal(csat_logistic_predict(m, X8 + 3, 2, 1, pr), CSAT_OK);
    csat_assert_close(pr[0], 0.25, 1e-10, 0);
    csat_assert_close(pr[1], 0.75, 1e-10, 0);
    assert_int_equal(csat_logistic_predict(m, NULL, 0, 1, NULL), CSAT_OK);
    pr[0] = -7;
    {
        const double bad[2] = {0, NAN};
        csat_assert_status(csat_logistic_predict(m, bad, 2, 1, pr), CSAT_EINVAL);
    }
    csat_assert_status(csat_logistic_predict(m, X8, 2, 2, pr), CSAT_EINVAL);
    csat_assert_status(csat_logistic_predict(m, X8, (size_t)HUGE_N, 1, pr), CSAT_EINVAL);
    csat_assert_status(csat_logistic_predict(m, NULL, 2, 1, pr), CSAT_EINVAL);
    csat_assert_status(csat_logistic_predict(m, X8, 2, 1, NULL), CSAT_EINVAL);
    assert_true(pr[0] == -7);
    /* an error keeps the previous fit */
    csat_assert_status(csat_logistic_fit(m, X8, 8, 1, NULL, &o, NULL), CSAT_EINVAL);
    assert_int_equal(csat_logistic_coef(m, c, NULL, 2), CSAT_OK);
    csat_assert_close(c[1], 2 * log(3.0), 1e-10, 0);
    /* the intercept-only model: log(4 / 4) = 0 */
    csat_assert_status(csat_logistic_fit(m, NULL, 8, 0, Y8, &o, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_coef(m, c, NULL, 2), CSAT_OK);
    csat_assert_close(c[0], 0, 0, 1e-12);
    assert_int_equal(csat_logistic_predict(m, NULL, 2, 0, pr), CSAT_OK);
    csat_assert_close(pr[1], 0.5, 1e-12, 0);
    csat_logistic_free(m);
}

/* 200,000 rows (the warm start on a subsample): the same closed form; and
 * 40 columns (the Hessian without the blocked update): score equations. */
static void test_logistic_large(void **state)
{
    const size_t n = 200000, k = 40, n2 = 400;
    double *X = malloc(n * sizeof *X), *y = malloc(n * sizeof *y), c[2];
    double *X2 = malloc(n2 * k * sizeof *X2), *y2 = malloc(n2 * sizeof *y2);
    csat_logistic *m;
    csat_logistic_options o = CSAT_LOGISTIC_OPTIONS_INIT;
    uint64_t s = 12345;
    (void)state;
    assert_true(X && y && X2 && y2);
    for (size_t i = 0; i < n; i++) {
        X[i] = X8[i % 8];
        y[i] = Y8[i % 8];
    }
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_logistic_fit(m, X, n, 1, y, NULL, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_coef(m, c, NULL, 2), CSAT_OK);
    csat_assert_close(c[0], -log(3.0), 1e-9, 0);
    csat_assert_close(c[1], 2 * log(3.0), 1e-9, 0);
    /* a noisy design (LCG): y from a logistic model in the first column */
    for (size_t i = 0; i < n2 * k; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        X2[i] = (double)(s >> 11) * 0x1p-53 - 0.5;
    }
    for (size_t i = 0; i < n2; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        y2[i] = (double)(s >> 11) * 0x1p-53 < 1.0 / (1.0 + exp(-4 * X2[i * k])) ? 1.0 : 0.0;
    }
    o.l2 = 0.5;
    csat_assert_status(csat_logistic_fit(m, X2, n2, k, y2, &o, NULL), CSAT_OK);
    check_score_equations(m, X2, y2, n2, k, o.l2);
    csat_logistic_free(m);
    free(X);
    free(y);
    free(X2);
    free(y2);
}

/* Evaluation results beyond the valid calls of the table. */
static void test_churn_results(void **state)
{
    const double s[4] = {0.1, 0.4, 0.35, 0.8}, y[4] = {0, 0, 1, 1}, none[4] = {0, 0, 0, 0};
    csat_confusion c;
    double auc = -7, size[2], ch[2], rate[2], lift[2], cg[2], cl[2], profit[4];
    size_t best = 7;
    const csat_campaign cp = {100, 1, 10, 0.5, 5}, dear = {1, 50, 10, 0.5, 5};
    (void)state;
    csat_assert_status(csat_churn_auc(s, none, 4, &auc, NULL, CSAT_ARGS_ERR), CSAT_EDOM);
    assert_true(auc == -7);
    /* tied scores count one half: every pair tied */
    {
        const double t[4] = {1, 1, 1, 1};
        csat_assert_status(csat_churn_auc(t, y, 4, &auc, NULL, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(auc == 0.5);
    }
    assert_int_equal(csat_churn_confusion(s, y, 4, 0.35, &c, CSAT_ARGS_ERR), CSAT_OK);
    assert_true(c.tp == 2 && c.fp == 1 && c.tn == 1 && c.fn == 0);
    csat_assert_close(c.precision, 2.0 / 3.0, 1e-15, 0);
    assert_true(c.accuracy == 0.75 && c.recall == 1 && c.specificity == 0.5);
    /* nobody predicted, and no churners: the empty ratios are 0 */
    assert_int_equal(csat_churn_confusion(s, none, 4, 2.0, &c, CSAT_ARGS_ERR), CSAT_OK);
    assert_true(c.tn == 4 && c.precision == 0 && c.recall == 0 && c.specificity == 1 && c.accuracy == 1);
    assert_int_equal(csat_churn_confusion(s, y, 4, -1.0, &c, CSAT_ARGS_ERR), CSAT_OK);
    assert_true(c.tp == 2 && c.fp == 2 && c.specificity == 0);
    /* halves: top (0.8 churner, 0.4 not), bottom (0.35 churner, 0.1 not) */
    assert_int_equal(csat_churn_lift(s, y, 4, 2, size, ch, rate, lift, cg, cl, NULL, CSAT_ARGS_ERR), CSAT_OK);
    assert_true(size[0] == 2 && size[1] == 2 && ch[0] == 1 && ch[1] == 1);
    assert_true(rate[0] == 0.5 && lift[0] == 1 && cg[0] == 0.5 && cg[1] == 1 && cl[1] == 1);
    csat_assert_status(csat_churn_lift(s, none, 4, 2, size, NULL, NULL, NULL, NULL, NULL, NULL, CSAT_ARGS_ERR), CSAT_EDOM);
    /* profit by quarter: 39, then 0.4 (not a churner: -11), then the 0.35 churner (+44.5 - 0.5), then -11 */
    assert_int_equal(csat_churn_campaign_profit(s, y, 4, &cp, 4, profit, &best, NULL, CSAT_ARGS_ERR), CSAT_OK);
    csat_assert_close(profit[0], 39, 1e-15, 0);
    csat_assert_close(profit[1], 28, 1e-15, 0);
    csat_assert_close(profit[2], 72, 1e-15, 0);
    csat_assert_close(profit[3], 61, 1e-15, 0);
    assert_int_equal(best, 3);
    /* a campaign that never pays: best 0; best_bins may be NULL */
    assert_int_equal(csat_churn_campaign_profit(s, y, 4, &dear, 4, profit, &best, NULL, CSAT_ARGS_ERR), CSAT_OK);
    assert_int_equal(best, 0);
    assert_true(profit[0] < 0);
    assert_int_equal(csat_churn_campaign_profit(s, y, 4, &dear, 4, profit, NULL, NULL, CSAT_ARGS_ERR), CSAT_OK);
    {
        /* profits beyond the double range: CSAT_EDOM, nothing written */
        const csat_campaign huge = {1.7e308, 0, 0, 1, 0};
        profit[0] = -7;
        csat_assert_status(csat_churn_campaign_profit(s, y, 4, &huge, 4, profit, &best, NULL, CSAT_ARGS_ERR), CSAT_EDOM);
        assert_true(profit[0] == -7 && best == 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_churn_argument_table),
        cmocka_unit_test(test_logistic_closed_forms),
        cmocka_unit_test(test_logistic_large),
        cmocka_unit_test(test_churn_results),
    };
    return cmocka_run_group_tests_name("churn_args", tests, NULL, NULL);
}
