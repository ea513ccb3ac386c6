/*
 * Prediction intervals (issue 15 §4): delta-method intervals of BG/NBD on
 * CDNOW against an independent mpmath computation (tests/btyd/
 * intervals_reference.h, made by tests/reference/intervals_delta.py: the
 * covariance from mpmath's numerical Hessian of the log-likelihood, the
 * gradients by mp.diff at 60 digits); bootstraps reproducible by seed; every
 * kind; CLV and equity; bad input. The coverage study is
 * tests/bench/bench_interval_coverage.c (suite coverage).
 */
#include "csat_test.h"

#include <string.h>
#include "btyd_data.h"
#include "intervals_reference.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

typedef struct cdnow {
    double *col[5]; /* ID, x, t_x, T, zbar */
    size_t n;
} cdnow;

static int load_cdnow(cdnow *d)
{
    d->n = btyd_read_csv(CSAT_TEST_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", 5, d->col);
    return d->n == 2357;
}

static void free_cdnow(cdnow *d)
{
    for (int j = 0; j < 5; j++)
        free(d->col[j]);
}

typedef struct out3 {
    double *e, *l, *u, tot[3];
} out3;

static void out_alloc(out3 *o, size_t n)
{
    o->e = malloc(n * sizeof(double));
    o->l = malloc(n * sizeof(double));
    o->u = malloc(n * sizeof(double));
    assert_non_null(o->e);
    assert_non_null(o->l);
    assert_non_null(o->u);
}

static void out_free(out3 *o)
{
    free(o->e);
    free(o->l);
    free(o->u);
}

static void check_rows(const out3 *o, const double (*ref)[4], size_t nref, double rtol)
{
    for (size_t k = 0; k < nref; k++) {
        size_t i = (size_t)ref[k][0];
        csat_assert_close(o->e[i], ref[k][1], 1e-12, 0);
        csat_assert_close(o->l[i], ref[k][2], rtol, 0);
        csat_assert_close(o->u[i], ref[k][3], rtol, 0);
    }
}

/* The library's Hessian is a central difference of the analytic gradient
 * (~1e-9 relative) and its prediction gradients Richardson differences
 * (~1e-10): the bounds agree with mpmath to better than 1e-8. */
static void test_delta_reference(void **state)
{
    cdnow d;
    csat_btyd_model *m = NULL;
    out3 o;
    (void)state;
    assert_true(load_cdnow(&d));
    out_alloc(&o, d.n);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    assert_int_equal(csat_btyd_set_params(m, iv_ref_params, 4), CSAT_OK);
    csat_assert_status(csat_btyd_intervals(m, CSAT_PREDICT_P_ALIVE, 0, d.col[1], d.col[2], d.col[3], NULL,
                                           d.n, NULL, o.e, o.l, o.u, o.tot),
                       CSAT_OK);
    check_rows(&o, iv_ref_p_alive, N_OF(iv_ref_p_alive), 1e-8);
    for (int j = 0; j < 3; j++)
        csat_assert_close(o.tot[j], iv_ref_totals[0][j], 1e-8, 0);
    csat_assert_status(csat_btyd_intervals(m, CSAT_PREDICT_EXPECTED_PURCHASES, iv_ref_t, d.col[1], d.col[2],
                                           d.col[3], NULL, d.n, NULL, o.e, o.l, o.u, o.tot),
                       CSAT_OK);
    check_rows(&o, iv_ref_expected, N_OF(iv_ref_expected), 1e-8);
    for (int j = 0; j < 3; j++)
        csat_assert_close(o.tot[j], iv_ref_totals[1][j], 1e-8, 0);
    /* the point estimates are the plain predictions, bit for bit */
    {
        double *p = malloc(d.n * sizeof(double));
        assert_non_null(p);
        assert_int_equal(csat_btyd_expected_purchases(m, iv_ref_t, d.col[1], d.col[2], d.col[3], d.n, p),
                         CSAT_OK);
        assert_memory_equal(p, o.e, d.n * sizeof(double));
        free(p);
    }
    csat_btyd_free(m);
    out_free(&o);
    free_cdnow(&d);
}

/* Same seed, same intervals (bit for bit); another seed, others; the
 * parametric bootstrap agrees with the delta method to a few percent of the
 * width on the CDNOW total of P(alive). */
static void test_bootstrap_seeded(void **state)
{
    cdnow d;
    csat_btyd_model *m = NULL;
    out3 a, b;
    csat_interval_options o;
    double delta[3];
    (void)state;
    assert_true(load_cdnow(&d));
    out_alloc(&a, d.n);
    out_alloc(&b, d.n);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    csat_assert_status(csat_btyd_fit(m, d.col[1], d.col[2], d.col[3], NULL, d.n, NULL), CSAT_OK);
    assert_int_equal(csat_interval_options_init(&o, CSAT_INTERVAL_OPTIONS_VERSION), CSAT_OK);
    csat_assert_status(csat_btyd_intervals(m, CSAT_PREDICT_P_ALIVE, 0, d.col[1], d.col[2], d.col[3], NULL,
                                           d.n, &o, NULL, NULL, NULL, delta),
                       CSAT_OK);
    for (int method = CSAT_INTERVAL_PARAMETRIC; method <= CSAT_INTERVAL_RESAMPLE; method++) {
        o.method = (csat_interval_method)method;
        o.n_draws = method == CSAT_INTERVAL_RESAMPLE ? 40 : 400;
        o.seed = 7;
        csat_assert_status(csat_btyd_intervals(m, CSAT_PREDICT_P_ALIVE, 0, d.col[1], d.col[2], d.col[3],
                                               NULL, d.n, &o, a.e, a.l, a.u, a.tot),
                           CSAT_OK);
        csat_assert_status(csat_btyd_intervals(m, CSAT_PREDICT_P_ALIVE, 0, d.col[1], d.col[2], d.col[3],
                                               NULL, d.n, &o, b.e, b.l, b.u, b.tot),
                           CSAT_OK);
        assert_memory_equal(a.l, b.l, d.n * sizeof(double));
        assert_memory_equal(a.u, b.u, d.n * sizeof(double));
        assert_memory_equal(a.tot, b.tot, sizeof a.tot);
        for (size_t i = 0; i < d.n; i++)
            assert_true(a.l[i] <= a.u[i] && a.l[i] >= 0 && a.u[i] <= 1);
        o.seed = 8;
        csat_assert_status(csat_btyd_intervals(m, CSAT_PREDICT_P_ALIVE, 0, d.col[1], d.col[2], d.col[3],
                                               NULL, d.n, &o, b.e, b.l, b.u, b.tot),
                           CSAT_OK);
        assert_true(memcmp(a.tot, b.tot, sizeof a.tot) != 0);
        if (method == CSAT_INTERVAL_PARAMETRIC) {
            double w = delta[2] - delta[1];
            csat_assert_close(a.tot[1], delta[1], 0, 0.1 * w);
            csat_assert_close(a.tot[2], delta[2], 0, 0.1 * w);
        } else {
            assert_true(a.tot[1] < a.tot[0] && a.tot[0] < a.tot[2]);
        }
    }
    csat_btyd_free(m);
    out_free(&a);
    out_free(&b);
    free_cdnow(&d);
}

/* Every kind and quantity, on customers simulated from the kind and fitted:
 * finite bounds around the estimate. */
static void test_all_kinds(void **state)
{
    enum { n = 300 };
    static const double pc[4][4] = {
        {0.5, 3, 0.8, 2.5}, {0.5, 3, 0.7, 6}, {0.5, 3, 0.8, 2.5}, {1.2, 0.8, 0.6, 2.2}};
    double *x = malloc(5 * n * sizeof(double)), *tx = x + n, *T = x + 2 * n;
    out3 o;
    (void)state;
    assert_non_null(x);
    out_alloc(&o, n);
    for (int kind = 0; kind < 4; kind++) {
        csat_btyd_model *m = NULL;
        for (size_t i = 0; i < n; i++)
            T[i] = kind == CSAT_BTYD_BGBB ? 6 : 30 + (double)(i % 10);
        assert_int_equal(csat_btyd_new(&m, NULL, (csat_btyd_kind)kind), CSAT_OK);
        assert_int_equal(csat_btyd_set_params(m, pc[kind], 4), CSAT_OK);
        assert_int_equal(csat_btyd_simulate(m, 11, T, n, x, tx, NULL, NULL), CSAT_OK);
        if (csat_btyd_fit(m, x, tx, T, NULL, n, NULL) != CSAT_OK)
            fail_msg("kind %d: %s", kind, csat_btyd_last_error(m));
        for (int q = 0; q < 3; q++) {
            double arg = q == CSAT_PREDICT_DERT ? 0.05 : 4;
            csat_interval_options io = CSAT_INTERVAL_OPTIONS_INIT;
            for (int method = 0; method < 3; method++) {
                io.method = (csat_interval_method)method;
                io.n_draws = method == CSAT_INTERVAL_RESAMPLE ? 5 : 30;
                if (method == CSAT_INTERVAL_RESAMPLE && q == CSAT_PREDICT_DERT && kind != CSAT_BTYD_BGBB)
                    continue; /* DERT is the slow one: the other methods cover it */
                csat_assert_status(csat_btyd_intervals(m, (csat_btyd_quantity)q, arg, x, tx, T, NULL, n, &io,
                                                       o.e, o.l, o.u, o.tot),
                                   CSAT_OK);
                for (size_t i = 0; i < n; i++)
                    assert_true(isfinite(o.l[i]) && isfinite(o.u[i]) && o.l[i] <= o.u[i]);
                assert_true(o.tot[1] <= o.tot[2]);
                if (method == CSAT_INTERVAL_DELTA) {
                    assert_true(o.tot[1] <= o.tot[0] && o.tot[0] <= o.tot[2]);
                    for (size_t i = 0; i < n; i++)
                        assert_true(o.l[i] <= o.e[i] && o.e[i] <= o.u[i]);
                }
            }
        }
        csat_btyd_free(m);
    }
    out_free(&o);
    free(x);
}

/* CLV: the estimate is csat_clv's, the equity interval contains it, the
 * bootstraps are reproducible. */
static void test_clv(void **state)
{
    cdnow d;
    csat_btyd_model *m = NULL;
    csat_spend_model *s = NULL;
    out3 a, b;
    double eq, *clv;
    csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
    (void)state;
    assert_true(load_cdnow(&d));
    out_alloc(&a, d.n);
    out_alloc(&b, d.n);
    clv = malloc(d.n * sizeof(double));
    assert_non_null(clv);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
    csat_assert_status(csat_btyd_fit(m, d.col[1], d.col[2], d.col[3], NULL, d.n, NULL), CSAT_OK);
    csat_assert_status(csat_spend_fit(s, d.col[1], d.col[4], NULL, d.n, NULL), CSAT_OK);
    assert_int_equal(csat_clv(m, s, d.col[1], d.col[2], d.col[3], d.col[4], d.n, NULL, clv, &eq), CSAT_OK);
    csat_assert_status(csat_clv_intervals(m, s, d.col[1], d.col[2], d.col[3], d.col[4], NULL, d.n, NULL, &o,
                                          a.e, a.l, a.u, a.tot),
                       CSAT_OK);
    assert_memory_equal(clv, a.e, d.n * sizeof(double));
    csat_assert_close(a.tot[0], eq, 1e-12, 0);
    assert_true(a.tot[1] < eq && eq < a.tot[2]);
    o.method = CSAT_INTERVAL_RESAMPLE;
    o.n_draws = 10;
    csat_assert_status(csat_clv_intervals(m, s, d.col[1], d.col[2], d.col[3], d.col[4], NULL, d.n, NULL, &o,
                                          a.e, a.l, a.u, a.tot),
                       CSAT_OK);
    csat_assert_status(csat_clv_intervals(m, s, d.col[1], d.col[2], d.col[3], d.col[4], NULL, d.n, NULL, &o,
                                          b.e, b.l, b.u, b.tot),
                       CSAT_OK);
    assert_memory_equal(a.tot, b.tot, sizeof a.tot);
    assert_memory_equal(a.u, b.u, d.n * sizeof(double));
    csat_btyd_free(m);
    csat_spend_free(s);
    free(clv);
    out_free(&a);
    out_free(&b);
    free_cdnow(&d);
}

static void test_bad_input(void **state)
{
    static const double x[] = {0, 1, 2, 5}, tx[] = {0, 2, 5, 9}, T[] = {10, 10, 10, 10}, z[] = {0, 5, 7, 9};
    static const double p[4] = {0.5, 3, 0.8, 2.5}, sp[3] = {6, 4, 15}, half[4] = {1, 1.5, 1, 1},
                        neg[4] = {1, -1, 1, 1};
    double e[4] = {-1, -1, -1, -1}, l[4], u[4], tot[3] = {-1, -1, -1};
    csat_btyd_model *m = NULL, *bb = NULL;
    csat_spend_model *s = NULL;
    csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
    (void)state;
    assert_int_equal(csat_interval_options_init(NULL, CSAT_INTERVAL_OPTIONS_VERSION), CSAT_EINVAL);
    assert_int_equal(csat_interval_options_init(&o, 99), CSAT_EVERSION);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    assert_int_equal(csat_btyd_new(&bb, NULL, CSAT_BTYD_BGBB), CSAT_OK);
    assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_intervals(NULL, 0, 0, x, tx, T, NULL, 4, NULL, e, l, u, tot), CSAT_EINVAL);
    assert_int_equal(csat_btyd_intervals(m, 0, 0, x, tx, T, NULL, 4, NULL, e, l, u, tot), CSAT_EMISUSE);
    assert_int_equal(csat_btyd_set_params(m, p, 4), CSAT_OK);
    assert_int_equal(csat_btyd_intervals(m, 0, 0, NULL, tx, T, NULL, 4, NULL, e, l, u, tot), CSAT_EINVAL);
    assert_int_equal(csat_btyd_intervals(m, 0, 0, x, tx, T, NULL, 0, NULL, e, l, u, tot), CSAT_EEMPTY);
    assert_int_equal(csat_btyd_intervals(m, 0, 0, x, tx, T, NULL, 4, NULL, NULL, NULL, NULL, NULL),
                     CSAT_EINVAL);
    assert_int_equal(csat_btyd_intervals(m, (csat_btyd_quantity)9, 0, x, tx, T, NULL, 4, NULL, e, l, u, tot),
                     CSAT_EINVAL);
    assert_int_equal(csat_btyd_intervals(m, CSAT_PREDICT_EXPECTED_PURCHASES, NAN, x, tx, T, NULL, 4, NULL, e,
                                         l, u, tot),
                     CSAT_EINVAL);
    assert_int_equal(csat_btyd_intervals(m, CSAT_PREDICT_EXPECTED_PURCHASES, -1, x, tx, T, NULL, 4, NULL, e,
                                         l, u, tot),
                     CSAT_EINVAL);
    assert_int_equal(csat_btyd_intervals(m, 0, 0, x, tx, T, neg, 4, NULL, e, l, u, tot), CSAT_EINVAL);
    o.version = 99;
    assert_int_equal(csat_btyd_intervals(m, 0, 0, x, tx, T, NULL, 4, &o, e, l, u, tot), CSAT_EVERSION);
    o.version = CSAT_INTERVAL_OPTIONS_VERSION;
    o.level = 1;
    assert_int_equal(csat_btyd_intervals(m, 0, 0, x, tx, T, NULL, 4, &o, e, l, u, tot), CSAT_EINVAL);
    o.level = NAN;
    assert_int_equal(csat_btyd_intervals(m, 0, 0, x, tx, T, NULL, 4, &o, e, l, u, tot), CSAT_EINVAL);
    o.level = 0.9;
    o.method = (csat_interval_method)7;
    assert_int_equal(csat_btyd_intervals(m, 0, 0, x, tx, T, NULL, 4, &o, e, l, u, tot), CSAT_EINVAL);
    o.method = CSAT_INTERVAL_PARAMETRIC;
    o.n_draws = 1;
    assert_int_equal(csat_btyd_intervals(m, 0, 0, x, tx, T, NULL, 4, &o, e, l, u, tot), CSAT_EINVAL);
    o.method = CSAT_INTERVAL_RESAMPLE;
    o.n_draws = 10;
    assert_int_equal(csat_btyd_intervals(m, 0, 0, x, tx, T, half, 4, &o, e, l, u, tot), CSAT_EINVAL);
    assert_non_null(strstr(csat_btyd_last_error(m), "weights[1]"));
    /* a bad row: the prediction's own message */
    {
        double bad[4] = {0, 1, 2, 5};
        bad[2] = 11;
        o.method = CSAT_INTERVAL_DELTA;
        assert_int_equal(csat_btyd_intervals(m, 0, 0, x, bad, T, NULL, 4, &o, e, l, u, tot), CSAT_EINVAL);
    }
    /* CLV */
    assert_int_equal(csat_clv_intervals(m, NULL, x, tx, T, z, NULL, 4, NULL, NULL, e, l, u, tot), CSAT_EINVAL);
    assert_int_equal(csat_clv_intervals(m, s, x, tx, T, z, NULL, 4, NULL, NULL, e, l, u, tot), CSAT_EMISUSE);
    assert_int_equal(csat_spend_set_params(s, sp, 3), CSAT_OK);
    assert_int_equal(csat_clv_intervals(m, s, x, tx, T, NULL, NULL, 4, NULL, NULL, e, l, u, tot), CSAT_EINVAL);
    assert_int_equal(csat_btyd_set_params(bb, p, 4), CSAT_OK);
    assert_int_equal(csat_clv_intervals(bb, s, x, tx, T, z, NULL, 4, NULL, NULL, e, l, u, tot), CSAT_EINVAL);
    /* nothing written on error */
    assert_true(e[0] == -1 && tot[0] == -1);
    csat_btyd_free(m);
    csat_btyd_free(bb);
    csat_spend_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delta_reference),
        cmocka_unit_test(test_bootstrap_seeded),
        cmocka_unit_test(test_all_kinds),
        cmocka_unit_test(test_clv),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
