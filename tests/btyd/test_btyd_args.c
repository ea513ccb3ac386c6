/*
 * BTYD and Gamma-Gamma: the fit options, the handles' getters, the CLV
 * options and the chunked log-likelihood, table-driven where the check is
 * one argument (args_table.h): one row per (function, argument, bad value,
 * status), outputs and parameters untouched on error. The valid fits are
 * the CDNOW fits of test_btyd.c (Fader, Hardie & Lee 2005), started at the
 * published estimates.
 */
#include "args_table.h"

#include "btyd_data.h"

static struct {
    double *col[5]; /* ID, x, t_x, T, zbar */
    size_t n;
} cd;

static int load(void **state)
{
    (void)state;
    cd.n = btyd_read_csv(CSAT_TEST_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", 5, cd.col);
    return cd.n == 2357 ? 0 : -1;
}

static int unload(void **state)
{
    (void)state;
    for (int j = 0; j < 5; j++)
        free(cd.col[j]);
    return 0;
}

/* ---- fit options ------------------------------------------------------------------ */

/* a: version, l2_penalty, max_iter, gtol, start[0..3], use start, standard errors.
 * out: the 4 parameters; the model's parameters must stay unset on error. */
static csat_status w_btyd_fit(const double *a, unsigned nul, void *out)
{
    const double start[4] = {a[4], a[5], a[6], a[7]};
    const csat_btyd_options o = {(unsigned)a[0], a[1], (size_t)a[2], a[3], a[8] != 0 ? start : NULL, (int)a[9]};
    csat_btyd_model *m;
    double p[4];
    csat_status st;
    if (csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD) != CSAT_OK)
        return CSAT_EINTERNAL;
    st = csat_btyd_fit(m, cd.col[1], cd.col[2], cd.col[3], NULL, cd.n, ARGP(nul, 1, &o));
    if (st == CSAT_OK)
        csat_btyd_get_params(m, (double *)out, 4);
    else if (csat_btyd_get_params(m, p, 4) != CSAT_EMISUSE || csat_btyd_last_error(m)[0] == 0)
        st = CSAT_EINTERNAL; /* parameters set, or no message */
    csat_btyd_free(m);
    return st;
}
/* r of the BG/NBD CDNOW fit (test_btyd.c: 0.242593) from the published start */
static const csat_args_fn BF = {"btyd_fit", w_btyd_fit,
                                {CSAT_BTYD_OPTIONS_VERSION, 0, 500, 1e-10, 0.243, 4.414, 0.793, 2.426, 1, 1},
                                0.242593, 1e-5};

/* a: version, l2_penalty, max_iter, gtol, start[0..2], use start */
static csat_status w_spend_fit(const double *a, unsigned nul, void *out)
{
    const double start[3] = {a[4], a[5], a[6]};
    const csat_btyd_options o = {(unsigned)a[0], a[1], (size_t)a[2], a[3], a[7] != 0 ? start : NULL, 1};
    csat_spend_model *m;
    double p[3];
    csat_status st;
    if (csat_spend_new(&m, NULL) != CSAT_OK)
        return CSAT_EINTERNAL;
    st = csat_spend_fit(m, cd.col[1], cd.col[4], NULL, cd.n, ARGP(nul, 1, &o));
    if (st == CSAT_OK)
        csat_spend_get_params(m, (double *)out, 3);
    else if (csat_spend_get_params(m, p, 3) != CSAT_EMISUSE || csat_spend_last_error(m)[0] == 0)
        st = CSAT_EINTERNAL;
    csat_spend_free(m);
    return st;
}
/* p of the Gamma-Gamma CDNOW fit (6.25 published) */
static const csat_args_fn SF = {"spend_fit", w_spend_fit, {CSAT_BTYD_OPTIONS_VERSION, 0, 500, 1e-10, 6.25, 3.74, 15.44, 1},
                                6.25, 1e-3};

#define FIT_OPTION_ROWS(f, first_start, n_start)                                                          \
    ARG(f, 0, 99, CSAT_EVERSION), ARG(f, 1, NAN, CSAT_EINVAL), ARG(f, 1, -1, CSAT_EINVAL),                 \
        ARG(f, 1, INFINITY, CSAT_EINVAL), ARG(f, 2, 0, CSAT_EINVAL), ARG(f, 3, 0, CSAT_EINVAL),            \
        ARG(f, 3, 0.02, CSAT_EINVAL), ARG(f, 3, NAN, CSAT_EINVAL), ARG(f, first_start, NAN, CSAT_EINVAL),  \
        ARG(f, first_start, 0, CSAT_EINVAL), ARG(f, first_start + 1, -1, CSAT_EINVAL),                     \
        ARG(f, first_start + (n_start) - 1, INFINITY, CSAT_EINVAL)

/* ---- CLV options ----------------------------------------------------------------------- */

static csat_btyd_model *clv_purchases;
static csat_spend_model *clv_spend;

/* a: version, n_steps, step, discount_rate; customer 1 of CDNOW; out its CLV */
static csat_status w_clv(const double *a, unsigned nul, void *out)
{
    const csat_clv_options o = {(unsigned)a[0], (size_t)a[1], a[2], a[3]};
    return csat_clv(ARGP(nul, 1, clv_purchases), ARGP(nul, 2, clv_spend), ARGP(nul, 3, cd.col[1] + 1),
                    ARGP(nul, 4, cd.col[2] + 1), ARGP(nul, 5, cd.col[3] + 1), cd.col[4] + 1, 1, &o,
                    ARGP(nul, 0, (double *)out), NULL);
}
static const csat_args_fn CL = {"clv", w_clv, {CSAT_CLV_OPTIONS_VERSION, 12, 4.345, 0.01}, NAN, 0};

OPTIONS_INIT_WRAPPER(clv_options_init, csat_clv_options, CSAT_CLV_OPTIONS_VERSION)
OPTIONS_INIT_WRAPPER(btyd_options_init, csat_btyd_options, CSAT_BTYD_OPTIONS_VERSION)

/* ---- chunked log-likelihood -------------------------------------------------------------- */

/* a: kind, params[0..3], n; the first 100 CDNOW rows */
static csat_status w_chunk(const double *a, unsigned nul, void *out)
{
    const double p[4] = {a[1], a[2], a[3], a[4]};
    double g[4];
    return csat_btyd_chunk_loglik((csat_btyd_kind)(int)a[0], ARGP(nul, 1, p), ARGP(nul, 2, cd.col[1]),
                                  cd.col[2], cd.col[3], NULL, (size_t)a[5], ARGP(nul, 0, (double *)out), g, CSAT_ARGS_ERR);
}
static const csat_args_fn CH = {"btyd_chunk_loglik", w_chunk, {CSAT_BTYD_BGNBD, 0.243, 4.414, 0.793, 2.426, 100},
                                NAN, 0};

static const double HUGE_N = (double)(SIZE_MAX / 4);

static const csat_args_case fit_rows[] = {
    {&BF, -1, 0, 2, CSAT_OK}, /* NULL options: the defaults */
    FIT_OPTION_ROWS(BF, 4, 4),
    ARG(BF, 5, NAN, CSAT_EINVAL), ARG(BF, 6, -INFINITY, CSAT_EINVAL),
    {&SF, -1, 0, 2, CSAT_OK},
    FIT_OPTION_ROWS(SF, 4, 3),
};

static const csat_args_case other_rows[] = {
    OPTIONS_ROWS(btyd_options_init), OPTIONS_ROWS(clv_options_init),
    NUL(CL, 1), NUL(CL, 2), NUL(CL, 4), NUL(CL, 8), NUL(CL, 16), NUL(CL, 32), ARG(CL, 0, 99, CSAT_EVERSION),
    ARG(CL, 1, 0, CSAT_EINVAL), ARG(CL, 1, 100001, CSAT_EINVAL), ARG(CL, 2, 0, CSAT_EINVAL),
    ARG(CL, 2, NAN, CSAT_EINVAL), ARG(CL, 2, INFINITY, CSAT_EINVAL), ARG(CL, 2, 1e308, CSAT_EINVAL) /* a horizon of 1.2e309 */,
    ARG(CL, 3, -0.01, CSAT_EINVAL), ARG(CL, 3, NAN, CSAT_EINVAL), ARG(CL, 3, INFINITY, CSAT_EINVAL),
    NUL(CH, 1), NUL(CH, 2), NUL(CH, 4), ARG(CH, 0, 5, CSAT_EINVAL), ARG(CH, 0, -1, CSAT_EINVAL),
    ARG(CH, 1, NAN, CSAT_EINVAL), ARG(CH, 2, 0, CSAT_EINVAL), ARG(CH, 3, -1, CSAT_EINVAL),
    ARG(CH, 4, INFINITY, CSAT_EINVAL), ARG(CH, 5, HUGE_N, CSAT_EINVAL),
};

static void test_fit_options_table(void **state)
{
    (void)state;
    csat_args_run(fit_rows, sizeof fit_rows / sizeof fit_rows[0]);
}

static void test_clv_and_chunk_table(void **state)
{
    const double pb[4] = {0.242593, 4.413532, 0.792886, 2.425752}, ps[3] = {6.25, 3.74, 15.44};
    (void)state;
    assert_int_equal(csat_btyd_new(&clv_purchases, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    assert_int_equal(csat_spend_new(&clv_spend, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_set_params(clv_purchases, pb, 4), CSAT_OK);
    assert_int_equal(csat_spend_set_params(clv_spend, ps, 3), CSAT_OK);
    csat_args_run(other_rows, sizeof other_rows / sizeof other_rows[0]);
    {
        /* unset parameters on either side, and a discrete purchase model */
        csat_btyd_model *bare, *bb;
        csat_spend_model *sbare;
        double v = -7;
        assert_int_equal(csat_btyd_new(&bare, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
        assert_int_equal(csat_btyd_new(&bb, NULL, CSAT_BTYD_BGBB), CSAT_OK);
        assert_int_equal(csat_spend_new(&sbare, NULL), CSAT_OK);
        csat_assert_status(csat_clv(bare, clv_spend, cd.col[1], cd.col[2], cd.col[3], cd.col[4], 1, NULL, &v, NULL),
                           CSAT_EMISUSE);
        csat_assert_status(csat_clv(clv_purchases, sbare, cd.col[1], cd.col[2], cd.col[3], cd.col[4], 1, NULL, &v,
                                    NULL), CSAT_EMISUSE);
        csat_assert_status(csat_clv(bb, clv_spend, cd.col[1], cd.col[2], cd.col[3], cd.col[4], 1, NULL, &v, NULL),
                           CSAT_EINVAL);
        assert_true(v == -7);
        assert_true(strlen(csat_spend_last_error(clv_spend)) > 0);
        csat_btyd_free(bare);
        csat_btyd_free(bb);
        csat_spend_free(sbare);
    }
    csat_btyd_free(clv_purchases);
    csat_spend_free(clv_spend);
}

/* The chunked log-likelihood adds up over chunks to the model's, with its
 * gradient (which vanishes at the optimum). */
static void test_chunk_loglik_sums(void **state)
{
    csat_btyd_model *m;
    double p[4], ll, a = 0, b = 0, ga[4], gb[4], g = -7;
    (void)state;
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    csat_assert_status(csat_btyd_fit(m, cd.col[1], cd.col[2], cd.col[3], NULL, cd.n, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_get_params(m, p, 4), CSAT_OK);
    assert_int_equal(csat_btyd_log_likelihood(m, &ll, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, cd.col[1], cd.col[2], cd.col[3], NULL, 1000, &a,
                                              ga, CSAT_ARGS_ERR), CSAT_OK);
    csat_assert_status(csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, cd.col[1] + 1000, cd.col[2] + 1000,
                                              cd.col[3] + 1000, NULL, cd.n - 1000, &b, gb, CSAT_ARGS_ERR), CSAT_OK);
    csat_assert_close(a + b, ll, 1e-12, 0);
    for (int i = 0; i < 4; i++)
        csat_assert_close((ga[i] + gb[i]) * p[i], 0, 0, 1e-5 * fabs(ll));
    /* grad may be NULL; a row with t_x > T is rejected with nothing written */
    csat_assert_status(csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, cd.col[1], cd.col[2], cd.col[3], NULL, 10, &a,
                                              NULL, CSAT_ARGS_ERR), CSAT_OK);
    {
        const double x[1] = {2}, tx[1] = {5}, T[1] = {4};
        csat_assert_status(csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, x, tx, T, NULL, 1, &g, NULL, CSAT_ARGS_ERR), CSAT_EINVAL);
        assert_true(g == -7);
    }
    csat_btyd_free(m);
}

/* Fit variants the defaults do not take: Pareto/NBD (Newton) from a start,
 * without standard errors, with a penalty. */
static void test_fit_variants(void **state)
{
    csat_btyd_model *m;
    csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
    const double start[4] = {0.55, 10.58, 0.61, 11.67};
    double p[4], q[4], se[4] = {-7, -7, -7, -7}, ll, aic, bic;
    csat_fit_report rep;
    (void)state;
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_PARETO_NBD), CSAT_OK);
    csat_assert_status(csat_btyd_fit(m, cd.col[1], cd.col[2], cd.col[3], NULL, cd.n, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_get_params(m, p, 4), CSAT_OK);
    o.start = start;
    o.standard_errors = 0;
    csat_assert_status(csat_btyd_fit(m, cd.col[1], cd.col[2], cd.col[3], NULL, cd.n, &o), CSAT_OK);
    assert_int_equal(csat_btyd_get_params(m, q, 4), CSAT_OK);
    for (int i = 0; i < 4; i++)
        csat_assert_close(q[i], p[i], 1e-5, 0); /* the same optimum from the published start */
    /* fitted without standard errors: CSAT_EDOM, se untouched */
    csat_assert_status(csat_btyd_standard_errors(m, se, 4), CSAT_EDOM);
    assert_true(se[0] == -7);
    /* AIC and BIC of the fit: 2k - 2LL and k log(n) - 2LL */
    assert_int_equal(csat_btyd_log_likelihood(m, &ll, &aic, &bic), CSAT_OK);
    csat_assert_close(aic, 8 - 2 * ll, 1e-14, 0);
    csat_assert_close(bic, 4 * log((double)cd.n) - 2 * ll, 1e-14, 0);
    assert_int_equal(csat_btyd_fit_report(m, &rep), CSAT_OK);
    assert_true(rep.converged);
    /* a penalty pulls the log-parameters towards 0: a lower likelihood */
    o.start = NULL;
    o.standard_errors = 1;
    o.l2_penalty = 10;
    csat_assert_status(csat_btyd_fit(m, cd.col[1], cd.col[2], cd.col[3], NULL, cd.n, &o), CSAT_OK);
    {
        double llp;
        assert_int_equal(csat_btyd_log_likelihood(m, &llp, NULL, NULL), CSAT_OK);
        assert_true(llp < ll);
    }
    /* the iteration budget: one iteration does not converge, parameters kept */
    {
        csat_btyd_model *m2;
        o.l2_penalty = 0;
        o.max_iter = 1;
        assert_int_equal(csat_btyd_new(&m2, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
        csat_assert_status(csat_btyd_fit(m2, cd.col[1], cd.col[2], cd.col[3], NULL, cd.n, &o), CSAT_ENOCONV);
        csat_assert_status(csat_btyd_get_params(m2, q, 4), CSAT_EMISUSE);
        assert_int_equal(csat_btyd_fit_report(m2, &rep), CSAT_OK);
        assert_false(rep.converged);
        csat_btyd_free(m2);
    }
    csat_btyd_free(m);
}

/* The getters and setters of both handles: NULL handle, NULL buffer, small
 * capacity, unfitted model, parameters set by hand. */
static void test_handles(void **state)
{
    csat_btyd_model *m;
    csat_spend_model *s;
    csat_fit_report rep;
    double p[4] = {-7, -7, -7, -7}, ll = -7;
    const double good[4] = {1, 2, 3, 4}, bad[4] = {1, 2, NAN, 4};
    (void)state;
    assert_true(strcmp(csat_btyd_last_error(NULL), "") == 0);
    assert_true(strcmp(csat_spend_last_error(NULL), "") == 0);
    assert_int_equal(csat_btyd_get_kind(NULL), CSAT_BTYD_BGNBD);
    csat_assert_status(csat_btyd_new(NULL, NULL, CSAT_BTYD_BGNBD), CSAT_EINVAL);
    csat_assert_status(csat_btyd_new(&m, NULL, (csat_btyd_kind)7), CSAT_EINVAL);
    csat_assert_status(csat_btyd_get_params(NULL, p, 4), CSAT_EINVAL);
    csat_assert_status(csat_btyd_set_params(NULL, good, 4), CSAT_EINVAL);
    csat_assert_status(csat_btyd_standard_errors(NULL, p, 4), CSAT_EINVAL);
    csat_assert_status(csat_btyd_log_likelihood(NULL, &ll, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_btyd_fit_report(NULL, &rep), CSAT_EINVAL);
    csat_assert_status(csat_btyd_fit(NULL, cd.col[1], cd.col[2], cd.col[3], NULL, 10, NULL), CSAT_EINVAL);
    csat_assert_status(csat_btyd_fit_customers(NULL, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_spend_get_params(NULL, p, 3), CSAT_EINVAL);
    csat_assert_status(csat_spend_set_params(NULL, good, 3), CSAT_EINVAL);
    csat_assert_status(csat_spend_standard_errors(NULL, p, 3), CSAT_EINVAL);
    csat_assert_status(csat_spend_log_likelihood(NULL, &ll, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_spend_fit_report(NULL, &rep), CSAT_EINVAL);
    csat_assert_status(csat_spend_fit(NULL, cd.col[1], cd.col[4], NULL, 10, NULL), CSAT_EINVAL);
    csat_assert_status(csat_spend_expected(NULL, cd.col[1], cd.col[4], 1, p), CSAT_EINVAL);
    csat_assert_status(csat_clv(NULL, NULL, cd.col[1], cd.col[2], cd.col[3], cd.col[4], 1, NULL, p, NULL),
                       CSAT_EINVAL);
    assert_true(p[0] == -7 && ll == -7);

    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_MBGNBD), CSAT_OK);
    assert_int_equal(csat_btyd_get_kind(m), CSAT_BTYD_MBGNBD);
    /* unfitted: no parameters, statistics or report */
    csat_assert_status(csat_btyd_get_params(m, p, 4), CSAT_EMISUSE);
    csat_assert_status(csat_btyd_standard_errors(m, p, 4), CSAT_EMISUSE);
    csat_assert_status(csat_btyd_log_likelihood(m, &ll, NULL, NULL), CSAT_EMISUSE);
    csat_assert_status(csat_btyd_fit_report(m, &rep), CSAT_EMISUSE);
    csat_assert_status(csat_btyd_fit_report(m, NULL), CSAT_EINVAL);
    csat_assert_status(csat_btyd_get_params(m, NULL, 4), CSAT_EINVAL);
    csat_assert_status(csat_btyd_get_params(m, p, SIZE_MAX / 4), CSAT_EINVAL);
    csat_assert_status(csat_btyd_standard_errors(m, NULL, 4), CSAT_EINVAL);
    /* bad parameters by hand: count, NULL, NaN */
    csat_assert_status(csat_btyd_set_params(m, good, 3), CSAT_EINVAL);
    csat_assert_status(csat_btyd_set_params(m, NULL, 4), CSAT_EINVAL);
    csat_assert_status(csat_btyd_set_params(m, bad, 4), CSAT_EINVAL);
    csat_assert_status(csat_btyd_get_params(m, p, 4), CSAT_EMISUSE);
    /* by hand: parameters, but no fit statistics; too small a buffer */
    assert_int_equal(csat_btyd_set_params(m, good, 4), CSAT_OK);
    csat_assert_status(csat_btyd_get_params(m, p, 3), CSAT_EBUFSIZE);
    assert_true(p[0] == -7);
    assert_int_equal(csat_btyd_get_params(m, p, 4), CSAT_OK);
    assert_true(p[0] == 1 && p[3] == 4);
    csat_assert_status(csat_btyd_standard_errors(m, p, 4), CSAT_EMISUSE);
    csat_assert_status(csat_btyd_log_likelihood(m, &ll, NULL, NULL), CSAT_EMISUSE);
    /* a fitted model: small buffers */
    csat_assert_status(csat_btyd_fit(m, cd.col[1], cd.col[2], cd.col[3], NULL, cd.n, NULL), CSAT_OK);
    p[0] = -7;
    csat_assert_status(csat_btyd_standard_errors(m, p, 3), CSAT_EBUFSIZE);
    assert_true(p[0] == -7);
    assert_int_equal(csat_btyd_log_likelihood(m, NULL, NULL, NULL), CSAT_OK);
    {
        /* from a store: none given, an empty one, a discrete model; the fit stays */
        csat_customers *c;
        csat_btyd_model *bb;
        double before[4], q[4];
        assert_int_equal(csat_btyd_get_params(m, before, 4), CSAT_OK);
        assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
        assert_int_equal(csat_btyd_new(&bb, NULL, CSAT_BTYD_BGBB), CSAT_OK);
        csat_assert_status(csat_btyd_fit_customers(m, NULL, NULL), CSAT_EINVAL);
        csat_assert_status(csat_btyd_fit_customers(m, c, NULL), CSAT_EEMPTY);
        csat_assert_status(csat_btyd_fit_customers(bb, c, NULL), CSAT_EINVAL);
        assert_true(strlen(csat_btyd_last_error(bb)) > 0);
        assert_int_equal(csat_btyd_get_params(m, q, 4), CSAT_OK);
        assert_true(memcmp(before, q, sizeof q) == 0);
        csat_btyd_free(bb);
        csat_customers_free(c);
    }
    csat_btyd_free(m);

    assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
    csat_assert_status(csat_spend_expected(s, cd.col[1], cd.col[4], 1, p), CSAT_EMISUSE);
    assert_int_equal(csat_spend_set_params(s, good, 3), CSAT_OK);
    csat_assert_status(csat_spend_expected(s, cd.col[1], cd.col[4], 1, NULL), CSAT_EINVAL);
    csat_assert_status(csat_spend_standard_errors(s, p, 3), CSAT_EMISUSE);
    csat_assert_status(csat_spend_log_likelihood(s, &ll, NULL, NULL), CSAT_EMISUSE);
    csat_assert_status(csat_spend_fit_report(s, &rep), CSAT_EMISUSE);
    /* two repeat buyers needed; rows checked: non-integer frequency, NaN
     * spend, negative weight */
    {
        const double x[3] = {1, 0, 2}, z[3] = {10, 0, 12}, xf[2] = {1.5, 2}, zn[2] = {10, NAN},
                     w[2] = {1, -1}, x2[2] = {1, 2}, z2[2] = {10, 12};
        csat_assert_status(csat_spend_fit(s, x, z, NULL, 2, NULL), CSAT_EINVAL);
        csat_assert_status(csat_spend_fit(s, xf, z2, NULL, 2, NULL), CSAT_EINVAL);
        csat_assert_status(csat_spend_fit(s, x2, zn, NULL, 2, NULL), CSAT_EINVAL);
        csat_assert_status(csat_spend_fit(s, x2, z2, w, 2, NULL), CSAT_EINVAL);
        csat_assert_status(csat_spend_fit(s, NULL, z2, NULL, 2, NULL), CSAT_EINVAL);
        assert_int_equal(csat_spend_get_params(s, p, 3), CSAT_OK);
        assert_true(p[0] == 1 && p[2] == 3); /* still the hand-set ones */
    }
    csat_spend_free(s);
}

/* ---- predictions ------------------------------------------------------------------------ */

/* a fresh model of kind k with parameters set (BG/NBD: the CDNOW fit;
 * BG/BB: all 1), or NULL */
static csat_btyd_model *model_of(double kind)
{
    static const double bg[4] = {0.243, 4.414, 0.793, 2.426}, ones[4] = {1, 1, 1, 1};
    csat_btyd_model *m;
    if (csat_btyd_new(&m, NULL, (csat_btyd_kind)(int)kind) != CSAT_OK)
        return NULL;
    if (csat_btyd_set_params(m, kind == CSAT_BTYD_BGBB ? ones : bg, 4) != CSAT_OK) {
        csat_btyd_free(m);
        return NULL;
    }
    return m;
}

/* x {a0, 2}, t_x {a1, 5}, T {a2, 10}, n a3, kind a4; out P(alive):
 * 1 for a customer without repeat purchases (BG/NBD) */
static csat_status w_p_alive(const double *a, unsigned nul, void *out)
{
    const double x[2] = {a[0], 2}, tx[2] = {a[1], 5}, T[2] = {a[2], 10};
    csat_btyd_model *m = model_of(a[4]);
    csat_status st = csat_btyd_p_alive(ARGP(nul, 1, m), ARGP(nul, 2, x), ARGP(nul, 3, tx), ARGP(nul, 4, T),
                                       (size_t)a[3], ARGP(nul, 0, (double *)out));
    csat_btyd_free(m);
    return st;
}
static const csat_args_fn PA = {"btyd_p_alive", w_p_alive, {0, 0, 10, 2, CSAT_BTYD_BGNBD}, 1.0, 0};

/* horizon a0, x {a1, 2}, n a2, kind a3; t_x {0, 5}, T {10, 10}; out
 * E[X(T, T + t)]: 0 over a horizon of 0 */
static csat_status w_expected(const double *a, unsigned nul, void *out)
{
    const double x[2] = {a[1], 2}, tx[2] = {0, 5}, T[2] = {10, 10};
    csat_btyd_model *m = model_of(a[3]);
    csat_status st = csat_btyd_expected_purchases(ARGP(nul, 1, m), a[0], ARGP(nul, 2, x), tx, T, (size_t)a[2],
                                                  ARGP(nul, 0, (double *)out));
    csat_btyd_free(m);
    return st;
}
static const csat_args_fn EP = {"btyd_expected_purchases", w_expected, {0, 0, 2, CSAT_BTYD_BGNBD}, 0.0, 0};

/* t {a0, 2}, n a1, kind a2; out E[X(t)] of a new customer: 0 at t = 0 */
static csat_status w_expected_new(const double *a, unsigned nul, void *out)
{
    const double t[2] = {a[0], 2};
    csat_btyd_model *m = model_of(a[2]);
    csat_status st = csat_btyd_expected_purchases_new(ARGP(nul, 1, m), ARGP(nul, 2, t), (size_t)a[1],
                                                      ARGP(nul, 0, (double *)out));
    csat_btyd_free(m);
    return st;
}
static const csat_args_fn EN = {"btyd_expected_purchases_new", w_expected_new, {0, 2, CSAT_BTYD_BGNBD}, 0.0, 0};

/* t a0, k {a1, 1}, n a2, kind a3; out P(X(t) = k): 1 for k = 0 at t = 0 */
static csat_status w_prob(const double *a, unsigned nul, void *out)
{
    const double k[2] = {a[1], 1};
    csat_btyd_model *m = model_of(a[3]);
    csat_status st = csat_btyd_prob_purchases(ARGP(nul, 1, m), a[0], ARGP(nul, 2, k), (size_t)a[2],
                                              ARGP(nul, 0, (double *)out));
    csat_btyd_free(m);
    return st;
}
static const csat_args_fn PP = {"btyd_prob_purchases", w_prob, {0, 0, 2, CSAT_BTYD_BGNBD}, 1.0, 1e-15};

static const csat_args_case predict_rows[] = {
    NUL(PA, 2), NUL(PA, 4), NUL(PA, 8), NUL(PA, 16), NUL(PA, 1), ARG(PA, 3, 0, CSAT_EEMPTY),
    ARG(PA, 3, HUGE_N, CSAT_EINVAL), ARG(PA, 0, NAN, CSAT_EINVAL), ARG(PA, 0, -1, CSAT_EINVAL),
    ARG(PA, 0, 1.5, CSAT_EINVAL), ARG(PA, 1, 20, CSAT_EINVAL) /* t_x > T */,
    ARG(PA, 1, 5, CSAT_EINVAL) /* x = 0 with t_x > 0 */, ARG(PA, 2, NAN, CSAT_EINVAL),
    ARG(PA, 2, INFINITY, CSAT_EINVAL), ARG(PA, 4, CSAT_BTYD_BGBB, CSAT_OK),

    NUL(EP, 2), NUL(EP, 4), NUL(EP, 1), ARG(EP, 0, NAN, CSAT_EINVAL), ARG(EP, 0, -1, CSAT_EINVAL),
    ARG(EP, 0, INFINITY, CSAT_EINVAL), ARG(EP, 1, -1, CSAT_EINVAL), ARG(EP, 2, 0, CSAT_EEMPTY),
    ARG(EP, 3, CSAT_BTYD_BGBB, CSAT_OK),

    NUL(EN, 2), NUL(EN, 4), NUL(EN, 1), ARG(EN, 0, NAN, CSAT_EINVAL), ARG(EN, 0, -1, CSAT_EINVAL),
    ARG(EN, 1, 0, CSAT_EEMPTY), ARG(EN, 1, HUGE_N, CSAT_EINVAL), ARG(EN, 2, CSAT_BTYD_BGBB, CSAT_OK),

    NUL(PP, 2), NUL(PP, 4), NUL(PP, 1), ARG(PP, 0, NAN, CSAT_EINVAL), ARG(PP, 0, -1, CSAT_EINVAL),
    ARG(PP, 1, 1.5, CSAT_EINVAL), ARG(PP, 1, -1, CSAT_EINVAL), ARG(PP, 1, 2e7, CSAT_EINVAL),
    ARG(PP, 1, NAN, CSAT_EINVAL), ARG(PP, 2, 0, CSAT_EEMPTY), ARG(PP, 2, HUGE_N, CSAT_EINVAL),
    ARG(PP, 3, CSAT_BTYD_BGBB, CSAT_OK), ARG(PP, 3, CSAT_BTYD_PARETO_NBD, CSAT_OK), ARG(PP, 3, CSAT_BTYD_MBGNBD, CSAT_OK),
};

static void test_predict_table(void **state)
{
    double v = -7;
    const double x[1] = {0}, t[1] = {1.5};
    csat_btyd_model *m, *bb = model_of(CSAT_BTYD_BGBB);
    (void)state;
    csat_args_run(predict_rows, sizeof predict_rows / sizeof predict_rows[0]);
    /* BG/BB counts whole periods; an unfitted model has nothing to predict */
    assert_non_null(bb);
    csat_assert_status(csat_btyd_expected_purchases(bb, 1.5, x, x, x, 1, &v), CSAT_EINVAL);
    csat_assert_status(csat_btyd_expected_purchases_new(bb, t, 1, &v), CSAT_EINVAL);
    csat_assert_status(csat_btyd_prob_purchases(bb, 1.5, x, 1, &v), CSAT_EINVAL);
    /* nothing happens in no time: P(X(0) = 0) = 1, P(X(0) = 1) = 0, every kind */
    for (int kind = 0; kind < 4; kind++) {
        const double k01[2] = {0, 1};
        double p01[2] = {-7, -7};
        csat_btyd_model *mk = model_of(kind);
        assert_non_null(mk);
        assert_int_equal(csat_btyd_prob_purchases(mk, 0, k01, 2, p01), CSAT_OK);
        csat_assert_close(p01[0], 1, 1e-15, 0);
        csat_assert_close(p01[1], 0, 0, 1e-300);
        csat_btyd_free(mk);
    }
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    csat_assert_status(csat_btyd_p_alive(m, x, x, t, 1, &v), CSAT_EMISUSE);
    csat_assert_status(csat_btyd_expected_purchases(m, 1, x, x, t, 1, &v), CSAT_EMISUSE);
    csat_assert_status(csat_btyd_expected_purchases_new(m, t, 1, &v), CSAT_EMISUSE);
    csat_assert_status(csat_btyd_prob_purchases(m, 1, x, 1, &v), CSAT_EMISUSE);
    assert_true(v == -7);
    /* weights of a fit: negative, NaN, or summing past DBL_MAX */
    {
        const double fx[2] = {1, 2}, ftx[2] = {1, 2}, fT[2] = {3, 4}, wn[2] = {1, -1}, wnan[2] = {NAN, 1},
                     wbig[2] = {1.7e308, 1.7e308};
        csat_assert_status(csat_btyd_fit(m, fx, ftx, fT, wn, 2, NULL), CSAT_EINVAL);
        csat_assert_status(csat_btyd_fit(m, fx, ftx, fT, wnan, 2, NULL), CSAT_EINVAL);
        csat_assert_status(csat_btyd_fit(m, fx, ftx, fT, wbig, 2, NULL), CSAT_EINVAL);
        csat_assert_status(csat_btyd_fit(m, NULL, ftx, fT, NULL, 2, NULL), CSAT_EINVAL);
        csat_assert_status(csat_btyd_fit(m, fx, ftx, fT, NULL, 0, NULL), CSAT_EEMPTY);
    }
    csat_btyd_free(m);
    csat_btyd_free(bb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_options_table),
        cmocka_unit_test(test_clv_and_chunk_table),
        cmocka_unit_test(test_chunk_loglik_sums),
        cmocka_unit_test(test_fit_variants),
        cmocka_unit_test(test_handles),
        cmocka_unit_test(test_predict_table),
    };
    return cmocka_run_group_tests_name("btyd_args", tests, load, unload);
}
