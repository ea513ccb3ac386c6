/*
 * BTYD models: published fits (CDNOW, donations), predictions against the
 * mpmath reference (tests/btyd/btyd_reference.h, made by
 * tests/reference/btyd_mpmath.py), robustness sweep, bad input, allocation
 * failures.
 */
#include "csat_test.h"

#include <float.h>
#include "btyd_data.h"
#include "btyd/btyd_internal.h"
#include "btyd_reference.h"
#include "pnbd_cliff_reference.h"
#include "btyd_dert_reference.h"
#include "bgnbd_dert_reference.h"
#include "pnbd_reference.h"
#include "btyd_extreme_reference.h"
#include "btyd_pmf_reference.h"
#include "numerics/numerics.h"

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

static void test_hyp2f1(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_ref_hyp2f1); i++) {
        const double *r = btyd_ref_hyp2f1[i];
        csat_assert_close(csat__hyp2f1(r[0], r[1], r[2], r[3]), r[4], 1e-9, 0);
    }
}

/* Fader, Hardie & Lee (2005) BG/NBD on CDNOW: r 0.243, alpha 4.414, a 0.793,
 * b 2.426, LL -9582.4; full-precision optimum from the issue text. */
static void test_bgnbd_cdnow(void **state)
{
    cdnow d;
    csat_btyd_model *m = NULL;
    double p[4], se[4], ll, aic, bic, e, pa, t[3] = {1, 3, 78}, en[3];
    csat_fit_report rep;
    (void)state;
    assert_true(load_cdnow(&d));
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    csat_assert_status(csat_btyd_fit(m, d.col[1], d.col[2], d.col[3], NULL, d.n, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_get_params(m, p, 4), CSAT_OK);
    csat_assert_close(p[0], 0.242593, 1e-5, 0);
    csat_assert_close(p[1], 4.413532, 1e-5, 0);
    csat_assert_close(p[2], 0.792886, 1e-5, 0);
    csat_assert_close(p[3], 2.425752, 1e-5, 0);
    assert_int_equal(csat_btyd_log_likelihood(m, &ll, &aic, &bic), CSAT_OK);
    csat_assert_close(ll, -9582.4256, 0, 5e-5);
    csat_assert_close(aic, 8 + 2 * 9582.4256, 0, 1e-3);
    assert_int_equal(csat_btyd_standard_errors(m, se, 4), CSAT_OK);
    for (int i = 0; i < 4; i++)
        assert_true(se[i] > 0 && se[i] < p[i]);
    assert_int_equal(csat_btyd_fit_report(m, &rep), CSAT_OK);
    assert_true(rep.converged);
    csat_assert_close(rep.log_likelihood, ll, 1e-15, 0);
    /* customer 1: E[X(39)] = 1.226 (FHL 2005) */
    assert_int_equal(csat_btyd_expected_purchases(m, 39, d.col[1], d.col[2], d.col[3], 1, &e), CSAT_OK);
    csat_assert_close(e, 1.226, 0, 5e-4);
    assert_int_equal(csat_btyd_p_alive(m, d.col[1], d.col[2], d.col[3], 1, &pa), CSAT_OK);
    assert_true(pa > 0 && pa < 1);
    /* new-customer E[X(t)] at t = 1, 3, 78 (issue 4) */
    assert_int_equal(csat_btyd_expected_purchases_new(m, t, 3, en), CSAT_OK);
    csat_assert_close(en[0], 0.05318, 0, 5e-6);
    csat_assert_close(en[1], 0.15063, 0, 5e-6);
    csat_assert_close(en[2], 1.85797, 0, 5e-6);
    csat_btyd_free(m);
    free_cdnow(&d);
}

/* Grouped weights give the same fit as the expanded rows; the public chunk
 * log-likelihood sums across partitions. */
static void test_weights_and_chunks(void **state)
{
    cdnow d;
    double p[4] = {0.242593, 4.413532, 0.792886, 2.425752}, ll_all, ll1, ll2, g[4], g1[4], g2[4];
    size_t h;
    (void)state;
    assert_true(load_cdnow(&d));
    h = d.n / 2;
    assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, d.col[1], d.col[2], d.col[3], NULL,
                                            d.n, &ll_all, g, NULL), CSAT_OK);
    csat_assert_close(ll_all, -9582.4256, 0, 1e-3);
    assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, d.col[1], d.col[2], d.col[3], NULL,
                                            h, &ll1, g1, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, d.col[1] + h, d.col[2] + h,
                                            d.col[3] + h, NULL, d.n - h, &ll2, g2, NULL), CSAT_OK);
    csat_assert_close(ll1 + ll2, ll_all, 1e-13, 0);
    for (int i = 0; i < 4; i++) {
        csat_assert_close(g1[i] + g2[i], g[i], 1e-9, 1e-9);
        assert_true(fabs(g[i]) < 0.05); /* near the optimum */
    }
    /* analytic gradient against central differences, every kind */
    {
        /* Pareto/NBD twice: alpha < beta and alpha > beta take different series branches */
        static const struct { int kind; double q[4]; } cs[] = {
            {CSAT_BTYD_BGNBD, {0.5, 3.0, 1.2, 2.5}},      {CSAT_BTYD_MBGNBD, {0.5, 3.0, 1.2, 2.5}},
            {CSAT_BTYD_PARETO_NBD, {0.5, 3.0, 1.2, 7.5}}, {CSAT_BTYD_PARETO_NBD, {0.5, 9.0, 0.7, 2.5}},
        };
        for (size_t c = 0; c < N_OF(cs); c++) {
            const double *q = cs[c].q;
            csat_btyd_kind kind = (csat_btyd_kind)cs[c].kind;
            double gq[4], f0;
            assert_int_equal(csat_btyd_chunk_loglik(kind, q, d.col[1], d.col[2], d.col[3], NULL, d.n, &f0, gq, NULL),
                             CSAT_OK);
            for (int j = 0; j < 4; j++) {
                double qp[4], qm[4], fp, fm, hh = 1e-6 * q[j];
                memcpy(qp, q, sizeof qp);
                memcpy(qm, q, sizeof qm);
                qp[j] += hh;
                qm[j] -= hh;
                csat_btyd_chunk_loglik(kind, qp, d.col[1], d.col[2], d.col[3], NULL, d.n, &fp, NULL, NULL);
                csat_btyd_chunk_loglik(kind, qm, d.col[1], d.col[2], d.col[3], NULL, d.n, &fm, NULL, NULL);
                csat_assert_close(gq[j], (fp - fm) / (2 * hh), 1e-5, 1e-4);
            }
        }
    }
    free_cdnow(&d);
}

static void set_model(csat_btyd_model **m, csat_btyd_kind kind, const double *p)
{
    assert_int_equal(csat_btyd_new(m, NULL, kind), CSAT_OK);
    assert_int_equal(csat_btyd_set_params(*m, p, 4), CSAT_OK);
}

/* Every BG/NBD and MBG/NBD prediction against mpmath (1e-8 relative). */
static void test_bg_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_ref_bg); i++) {
        const double *r = btyd_ref_bg[i];
        csat_btyd_model *m;
        double pa, ec, en, ll, x = r[5], tx = r[6], T = r[7], t = r[8];
        set_model(&m, (csat_btyd_kind)(int)r[0], r + 1);
        assert_int_equal(csat_btyd_p_alive(m, &x, &tx, &T, 1, &pa), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases(m, t, &x, &tx, &T, 1, &ec), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases_new(m, &t, 1, &en), CSAT_OK);
        assert_int_equal(csat_btyd_chunk_loglik((csat_btyd_kind)(int)r[0], r + 1, &x, &tx, &T, NULL, 1, &ll, NULL, NULL),
                         CSAT_OK);
        csat_assert_close(pa, r[9], 1e-12, 1e-300);
        csat_assert_close(ec, r[10], 1e-10, 1e-300);
        csat_assert_close(en, r[11], 1e-9, 0);
        csat_assert_close(ll, r[12], 1e-10, 1e-10);
        csat_btyd_free(m);
    }
    for (size_t i = 0; i < N_OF(btyd_ref_bg_prob); i++) {
        const double *r = btyd_ref_bg_prob[i];
        csat_btyd_model *m;
        double pk;
        set_model(&m, (csat_btyd_kind)(int)r[0], r + 1);
        assert_int_equal(csat_btyd_prob_purchases(m, r[5], &r[6], 1, &pk), CSAT_OK);
        csat_assert_close(pk, r[7], 1e-9, 1e-300);
        csat_btyd_free(m);
    }
}


/* Fader, Hardie & Lee (2005) "RFM and CLV": Gamma-Gamma on the 946 repeat
 * buyers: p = 6.25, q = 3.74, gamma = 15.44. */
static void test_gamma_gamma_cdnow(void **state)
{
    cdnow d;
    csat_spend_model *s = NULL;
    csat_btyd_model *m = NULL;
    double p[3], se[3], ll, e, clv[3], eq, pb[4] = {0.242593, 4.413532, 0.792886, 2.425752};
    csat_clv_options co = CSAT_CLV_OPTIONS_INIT;
    (void)state;
    assert_true(load_cdnow(&d));
    assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
    csat_assert_status(csat_spend_fit(s, d.col[1], d.col[4], NULL, d.n, NULL), CSAT_OK);
    assert_int_equal(csat_spend_get_params(s, p, 3), CSAT_OK);
    csat_assert_close(p[0], 6.25, 0, 5e-3);
    csat_assert_close(p[1], 3.74, 0, 5e-3);
    /* gamma: our optimum is 15.4477 with a higher LL (-4055.92324) than the
     * published rounded values (mpmath: LL(6.25, 3.74, 15.44) = -4055.92471) */
    csat_assert_close(p[2], 15.44, 0, 1e-2);
    assert_int_equal(csat_spend_standard_errors(s, se, 3), CSAT_OK);
    assert_int_equal(csat_spend_log_likelihood(s, &ll, NULL, NULL), CSAT_OK);
    assert_true(se[0] > 0 && ll > -4055.92471);
    /* E[Z | x, zbar] = (gamma + x zbar) p / (p x + q - 1), customer 1 */
    assert_int_equal(csat_spend_expected(s, d.col[1], d.col[4], 1, &e), CSAT_OK);
    csat_assert_close(e, (p[2] + 2 * 22.35) * p[0] / (p[0] * 2 + p[1] - 1), 1e-14, 0);
    /* CLV: one step of length t, no discounting, equals E[X(t)|.] * E[Z] */
    set_model(&m, CSAT_BTYD_BGNBD, pb);
    co.n_steps = 1;
    co.step = 39;
    co.discount_rate = 0;
    assert_int_equal(csat_clv(m, s, d.col[1], d.col[2], d.col[3], d.col[4], 3, &co, clv, &eq), CSAT_OK);
    {
        double ex[3], ez[3];
        assert_int_equal(csat_btyd_expected_purchases(m, 39, d.col[1], d.col[2], d.col[3], 3, ex), CSAT_OK);
        assert_int_equal(csat_spend_expected(s, d.col[1], d.col[4], 3, ez), CSAT_OK);
        for (int i = 0; i < 3; i++)
            csat_assert_close(clv[i], ex[i] * ez[i], 1e-12, 0);
        csat_assert_close(eq, clv[0] + clv[1] + clv[2], 1e-14, 0);
    }
    /* monthly discounting over 12 months is below the undiscounted value */
    co.n_steps = 12;
    co.step = 4.345;
    co.discount_rate = 0.01;
    assert_int_equal(csat_clv(m, s, d.col[1], d.col[2], d.col[3], d.col[4], 1, &co, clv, NULL), CSAT_OK);
    {
        double ex, ez;
        csat_btyd_expected_purchases(m, 12 * 4.345, d.col[1], d.col[2], d.col[3], 1, &ex);
        csat_spend_expected(s, d.col[1], d.col[4], 1, &ez);
        assert_true(clv[0] < ex * ez && clv[0] > ex * ez / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01 / 1.01);
    }
    csat_btyd_free(m);
    csat_spend_free(s);
    free_cdnow(&d);
}

/* Found by tests/fuzz/fuzz_spend.c: E[Z | x, zbar] = (gamma + x zbar) p /
 * (p x + q - 1) overflowed in an intermediate product (gamma near DBL_MAX,
 * or p = 1e300) and came back as Inf with CSAT_OK although the mean is a
 * double. Reference values: the same formula in mpmath at 40 digits on the
 * same doubles. A mean or a CLV beyond DBL_MAX is CSAT_EDOM, outputs
 * untouched. */
static void test_spend_extremes(void **state)
{
    csat_spend_model *s;
    csat_btyd_model *m;
    const double p1[3] = {2.82276e30, 1.02335e-5, DBL_MAX}, p2[3] = {1e300, 2.42152e-216, 4.98067e37};
    const double p3[3] = {1.0, 1.0 + 1e-10, 1e300}, p4[3] = {1e300, 1.0, DBL_MAX};
    const double pb[4] = {0.242593, 4.413532, 0.792886, 2.425752};
    double x = 5, z = 15.5, z2 = 22, x0 = 0, z0 = 0, e, keep = -7, eq = -7;
    double fx = 1, ftx = 30, fT = 38, fz = 20;
    csat_clv_options co = CSAT_CLV_OPTIONS_INIT;
    (void)state;
    assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
    assert_int_equal(csat_spend_set_params(s, p1, 3), CSAT_OK);
    assert_int_equal(csat_spend_expected(s, &x, &z, 1, &e), CSAT_OK);
    csat_assert_close(e, 3.5953862697246314e+307, 1e-14, 0);
    assert_int_equal(csat_spend_set_params(s, p2, 3), CSAT_OK);
    assert_int_equal(csat_spend_expected(s, &x, &z2, 1, &e), CSAT_OK);
    csat_assert_close(e, 9.9613399999999998352e+36, 1e-14, 0);
    /* the other end: a mean in the subnormal range, and products that would
     * underflow on the way to a mean of 0.01 or 4.5e15 */
    {
        const double p5[3] = {1.02335e-05, DBL_MAX, 1.02335e-05}, p6[3] = {1e-300, 1e10, 1e308};
        const double p7[3] = {1e300, 1.0 + 0x1p-52, 1e-300};
        double one = 1;
        assert_int_equal(csat_spend_set_params(s, p5, 3), CSAT_OK);
        assert_int_equal(csat_spend_expected(s, &x, &z, 1, &e), CSAT_OK);
        csat_assert_close(e, 4.4117449154372223255e-312, 1e-3, 0); /* subnormal: 3 digits */
        assert_int_equal(csat_spend_set_params(s, p6, 3), CSAT_OK);
        assert_int_equal(csat_spend_expected(s, &one, &one, 1, &e), CSAT_OK);
        csat_assert_close(e, 0.01000000000100000036, 1e-14, 0);
        assert_int_equal(csat_spend_set_params(s, p7, 3), CSAT_OK);
        assert_int_equal(csat_spend_expected(s, &x0, &z0, 1, &e), CSAT_OK);
        csat_assert_close(e, 4503599627370496.3493, 1e-14, 0);
    }
    /* population mean p gamma / (q - 1) = 1e310: not a double */
    assert_int_equal(csat_spend_set_params(s, p3, 3), CSAT_OK);
    assert_int_equal(csat_spend_expected(s, &x0, &z0, 1, &keep), CSAT_EDOM);
    assert_true(keep == -7);
    /* E[Z | x = 1] = gamma / x + zbar = DBL_MAX (c = 0) times several
     * expected purchases in 100 months: the CLV overflows */
    assert_int_equal(csat_spend_set_params(s, p4, 3), CSAT_OK);
    co.n_steps = 100;
    set_model(&m, CSAT_BTYD_BGNBD, pb);
    assert_int_equal(csat_clv(m, s, &fx, &ftx, &fT, &fz, 1, &co, &keep, &eq), CSAT_EDOM);
    assert_true(keep == -7 && eq == -7);
    /* a horizon n_steps * step beyond DBL_MAX is refused up front */
    co.step = 1e308;
    assert_int_equal(csat_clv(m, s, &fx, &ftx, &fT, &fz, 1, &co, &keep, &eq), CSAT_EINVAL);
    csat_btyd_free(m);
    {
        /* E[X(T, T + t)] that rounding makes fall between two steps gave a
         * negative CLV (-2.5e-203); the steps are clamped at 0 */
        const double q[4] = {0.25, 0.25, 0.25, 0.25}, ps[3] = {3.75, 6.37848e+199, 1.09679e-298};
        const double x1 = 1, tx0 = 0, T1 = 1, z7 = 7;
        double v = -7;
        co.n_steps = 31;
        co.step = 1e15;
        co.discount_rate = 0;
        set_model(&m, CSAT_BTYD_MBGNBD, q);
        assert_int_equal(csat_spend_set_params(s, ps, 3), CSAT_OK);
        assert_int_equal(csat_clv(m, s, &x1, &tx0, &T1, &z7, 1, &co, &v, NULL), CSAT_OK);
        assert_true(v >= 0.0);
        csat_btyd_free(m);
    }
    csat_spend_free(s);
}

/* Found by tests/fuzz/fuzz_btyd.c: chunk_loglik checked only the
 * log-likelihood, and returned CSAT_OK with d/d alpha = +Inf at extreme
 * parameters. A gradient that is not finite is CSAT_EDOM, nothing written;
 * the log-likelihood alone is still given. */
static void test_chunk_loglik_gradient_not_finite(void **state)
{
    const double p[4] = {8.3078742694041831e+68, 1.4555987064433925e-299, 1e-300, 1.0211363784454161e-300};
    const double x = 2, tx = 30, T = 40;
    double ll = -1, g[4] = {-1, -1, -1, -1};
    (void)state;
    assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, &x, &tx, &T, NULL, 1, &ll, g, NULL), CSAT_EDOM);
    assert_true(ll == -1 && g[0] == -1 && g[1] == -1 && g[2] == -1 && g[3] == -1);
    assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, &x, &tx, &T, NULL, 1, &ll, NULL, NULL), CSAT_OK);
    assert_true(isfinite(ll) && ll < 0);
}

/* Fader, Hardie & Shang (2010) BG/BB on the donations data: alpha 1.204,
 * beta 0.750, gamma 0.657, delta 2.783, LL -33,225.6. */
static void test_bgbb_donations(void **state)
{
    double *c[4], p[4], ll;
    size_t n = btyd_read_csv(CSAT_TEST_DATA_DIR "/donations.csv", 4, c);
    csat_btyd_model *m;
    (void)state;
    assert_int_equal(n, 22);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGBB), CSAT_OK);
    csat_assert_status(csat_btyd_fit(m, c[0], c[1], c[2], c[3], n, NULL), CSAT_OK);
    csat_btyd_get_params(m, p, 4);
    csat_assert_close(p[0], 1.204, 0, 5e-4);
    csat_assert_close(p[1], 0.750, 0, 5e-4);
    csat_assert_close(p[2], 0.657, 0, 5e-4);
    csat_assert_close(p[3], 2.783, 0, 5e-4);
    csat_btyd_log_likelihood(m, &ll, NULL, NULL);
    csat_assert_close(ll, -33225.6, 0, 0.05);
    csat_btyd_free(m);
    for (int j = 0; j < 4; j++)
        free(c[j]);
}

/* Pareto/NBD on CDNOW: published fit r 0.55, alpha 10.58, s 0.61, beta 11.67
 * (Fader, Hardie & Lee 2005, BG/NBD paper, table 1). */
static void test_pnbd_cdnow(void **state)
{
    cdnow d;
    csat_btyd_model *m;
    double p[4];
    (void)state;
    assert_true(load_cdnow(&d));
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_PARETO_NBD), CSAT_OK);
    csat_assert_status(csat_btyd_fit(m, d.col[1], d.col[2], d.col[3], NULL, d.n, NULL), CSAT_OK);
    csat_btyd_get_params(m, p, 4);
    csat_assert_close(p[0], 0.55, 0, 5e-3);
    csat_assert_close(p[1], 10.58, 0, 5e-3);
    csat_assert_close(p[2], 0.61, 0, 5e-3);
    csat_assert_close(p[3], 11.67, 0, 5e-3);
    csat_btyd_free(m);
    free_cdnow(&d);
}

static void test_pnbd_bgbb_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_ref_pnbd); i++) {
        const double *r = btyd_ref_pnbd[i];
        csat_btyd_model *m;
        double pa, ec, ll, x = r[4], tx = r[5], T = r[6];
        set_model(&m, CSAT_BTYD_PARETO_NBD, r);
        assert_int_equal(csat_btyd_p_alive(m, &x, &tx, &T, 1, &pa), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases(m, r[7], &x, &tx, &T, 1, &ec), CSAT_OK);
        assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_PARETO_NBD, r, &x, &tx, &T, NULL, 1, &ll, NULL, NULL), CSAT_OK);
        csat_assert_close(pa, r[8], 1e-12, 0);
        csat_assert_close(ec, r[9], 1e-11, 0);
        csat_assert_close(ll, r[10], 1e-10, 1e-11);
        csat_btyd_free(m);
    }
    for (size_t i = 0; i < N_OF(btyd_ref_bgbb); i++) {
        const double *r = btyd_ref_bgbb[i];
        csat_btyd_model *m;
        double pa, ec, en, ll, pk, x = r[4], tx = r[5], n = r[6], ns = r[7], k = fmin(x, n);
        set_model(&m, CSAT_BTYD_BGBB, r);
        assert_int_equal(csat_btyd_p_alive(m, &x, &tx, &n, 1, &pa), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases(m, ns, &x, &tx, &n, 1, &ec), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases_new(m, &ns, 1, &en), CSAT_OK);
        assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGBB, r, &x, &tx, &n, NULL, 1, &ll, NULL, NULL), CSAT_OK);
        assert_int_equal(csat_btyd_prob_purchases(m, n, &k, 1, &pk), CSAT_OK);
        csat_assert_close(pa, r[8], 1e-12, 0);
        csat_assert_close(ec, r[9], 1e-11, 0);
        csat_assert_close(en, r[10], 1e-12, 0);
        csat_assert_close(ll, r[11], 1e-10, 1e-11);
        csat_assert_close(pk, r[12], 1e-12, 0);
        csat_btyd_free(m);
    }
}

/* Pareto/NBD per customer against mpmath (tests/reference/pnbd_mpmath.py):
 * log-likelihood, P(alive), gradient and the analytic Hessian the fit uses,
 * on both series branches, the x = 0 split series and its power-series
 * form, and z near 1. */
static void test_pnbd_mpmath(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(pnbd_ref); i++) {
        const double *r = pnbd_ref[i];
        /* the customer twice: with several rows, x = 0 customers share series */
        double x[2] = {r[4], r[4]}, tx[2] = {r[5], r[5]}, T[2] = {r[6], r[6]}, ll, g[4], ll2, g2[4], h[16], pa;
        csat__btyd_rows rows = {x, tx, T, NULL, 2};
        csat_btyd_model *m;
        int k = 13;
        assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_PARETO_NBD, r, x, tx, T, NULL, 2, &ll, g, NULL), CSAT_OK);
        ll2 = csat__pnbd_loglik_hess(r, &rows, g2, h);
        ll *= 0.5, ll2 *= 0.5;
        for (int a = 0; a < 4; a++)
            g[a] *= 0.5, g2[a] *= 0.5;
        for (int a = 0; a < 16; a++)
            h[a] *= 0.5;
        set_model(&m, CSAT_BTYD_PARETO_NBD, r);
        assert_int_equal(csat_btyd_p_alive(m, x, tx, T, 1, &pa), CSAT_OK);
        csat_btyd_free(m);
        csat_assert_close(ll, r[7], 1e-12, 1e-13);
        csat_assert_close(ll2, r[7], 1e-12, 1e-13);
        csat_assert_close(pa, r[8], 1e-11, 0);
        for (int a = 0; a < 4; a++) {
            csat_assert_close(g[a], r[9 + a], 1e-10, 1e-12);
            csat_assert_close(g2[a], r[9 + a], 1e-10, 1e-12);
            for (int b = a; b < 4; b++, k++) {
                csat_assert_close(h[4 * a + b], r[k], 1e-9, 1e-12);
                csat_assert_close(h[4 * b + a], r[k], 1e-9, 1e-12);
            }
        }
    }
}

/* Grid over x up to 10,000, t_x across [0, T], T up to 10,000 and every
 * parameter from 1e-3 to 1e3: outputs finite and in range. */
static void test_robustness_sweep(void **state)
{
    static const double pv[] = {1e-3, 0.1, 1.0, 10.0, 1e3};
    static const double xs[] = {0, 1, 7, 150, 10000};
    static const double Ts[] = {0.5, 39, 10000};
    static const double fr[] = {0.0, 0.5, 1.0};
    (void)state;
    for (int kind = 0; kind < 3; kind++) {
        csat_btyd_model *m;
        assert_int_equal(csat_btyd_new(&m, NULL, (csat_btyd_kind)kind), CSAT_OK);
        for (size_t i0 = 0; i0 < 5; i0++)
            for (size_t i1 = 0; i1 < 5; i1++)
                for (size_t i2 = 0; i2 < 5; i2++)
                    for (size_t i3 = 0; i3 < 5; i3++) {
                        double p[4] = {pv[i0], pv[i1], pv[i2], pv[i3]};
                        if (i0 % 2 || i1 % 2 || i2 % 2 || i3 % 2)
                            continue; /* the extremes 1e-3, 1, 1e3 (the full grid takes minutes) */
                        if (kind == CSAT_BTYD_PARETO_NBD && (i1 == 0 || i3 == 0) && i1 != i3)
                            continue; /* alpha/beta = 1e6: its series needs ~1e7 terms (slow, not wrong) */
                        assert_int_equal(csat_btyd_set_params(m, p, 4), CSAT_OK);
                        for (size_t a = 0; a < 5; a++)
                            for (size_t b = 0; b < 3; b++)
                                for (size_t c = 0; c < 3; c++) {
                                    double x = xs[a], T = Ts[b], tx = x > 0 ? fr[c] * T : 0, pa, e, ll, t = 39;
                                    if ((x == 0 && c > 0) || (x > 150 && T < 1))
                                        continue; /* 10,000 purchases in half a period: slow, unrealistic */
                                    assert_int_equal(csat_btyd_p_alive(m, &x, &tx, &T, 1, &pa), CSAT_OK);
                                    assert_int_equal(csat_btyd_expected_purchases(m, t, &x, &tx, &T, 1, &e), CSAT_OK);
                                    if (csat_btyd_chunk_loglik((csat_btyd_kind)kind, p, &x, &tx, &T, NULL, 1, &ll, NULL, NULL) != CSAT_OK)
                                        ll = NAN;
                                    if (kind == CSAT_BTYD_PARETO_NBD && x <= 150) { /* the fit's Hessian path too */
                                        csat__btyd_rows one = {&x, &tx, &T, NULL, 1};
                                        double gh[4], hh[16], lh = csat__pnbd_loglik_hess(p, &one, gh, hh);
                                        if (!isfinite(lh) || fabs(lh - ll) > 1e-9 * fmax(1.0, fabs(ll)) ||
                                            csat__first_nonfinite(gh, 4) != 4 || csat__first_nonfinite(hh, 16) != 16)
                                            ll = NAN;
                                    }
                                    if (!(pa >= 0 && pa <= 1 && isfinite(e) && e >= 0 && isfinite(ll))) {
                                        print_error("kind %d p %g %g %g %g x %g tx %g T %g: pa %g e %g ll %g\n", kind,
                                                    p[0], p[1], p[2], p[3], x, tx, T, pa, e, ll);
                                        fail();
                                    }
                                }
                    }
        csat_btyd_free(m);
    }
}

/* Bad input: status and message, outputs and parameters unchanged. */
static void test_bad_input(void **state)
{
    csat_btyd_model *m, *bb;
    double p[4] = {0.24, 4.4, 0.79, 2.4}, q[4], out = -7.0;
    double x[3] = {1, 2, 0}, tx[3] = {3, 4, 0}, T[3] = {10, 10, 10};
    double bad;
    (void)state;
    assert_int_equal(csat_btyd_new(&m, NULL, (csat_btyd_kind)9), CSAT_EINVAL);
    set_model(&m, CSAT_BTYD_BGNBD, p);
    /* negative count, t_x > T, x = 0 with t_x > 0, NaN, Inf */
    bad = -1;
    assert_int_equal(csat_btyd_p_alive(m, &bad, tx, T, 1, &out), CSAT_EINVAL);
    assert_true(strlen(csat_btyd_last_error(m)) > 0);
    bad = 11;
    assert_int_equal(csat_btyd_p_alive(m, x, &bad, T, 1, &out), CSAT_EINVAL);
    bad = 1;
    assert_int_equal(csat_btyd_p_alive(m, x + 2, &bad, T, 1, &out), CSAT_EINVAL);
    bad = NAN;
    assert_int_equal(csat_btyd_expected_purchases(m, 1, x, &bad, T, 1, &out), CSAT_EINVAL);
    bad = INFINITY;
    assert_int_equal(csat_btyd_expected_purchases(m, 1, x, tx, &bad, 1, &out), CSAT_EINVAL);
    assert_int_equal(csat_btyd_expected_purchases(m, NAN, x, tx, T, 1, &out), CSAT_EINVAL);
    bad = 1.5;
    assert_int_equal(csat_btyd_p_alive(m, &bad, tx, T, 1, &out), CSAT_EINVAL);
    assert_int_equal(csat_btyd_p_alive(m, NULL, tx, T, 1, &out), CSAT_EINVAL);
    assert_int_equal(csat_btyd_p_alive(m, x, tx, T, 0, &out), CSAT_EEMPTY);
    assert_true(out == -7.0);
    /* parameters <= 0 by hand */
    q[0] = 0;
    q[1] = q[2] = q[3] = 1;
    assert_int_equal(csat_btyd_set_params(m, q, 4), CSAT_EINVAL);
    assert_int_equal(csat_btyd_get_params(m, q, 4), CSAT_OK);
    assert_true(q[0] == p[0]);
    /* one customer: a single history identifies nothing (issue 12: as for
     * any number of copies of it, see test_fit_degenerate); no repeat buyer */
    assert_int_equal(csat_btyd_fit(m, x, tx, T, NULL, 1, NULL), CSAT_EDOM);
    assert_int_equal(csat_btyd_fit(m, x + 2, tx + 2, T + 2, NULL, 1, NULL), CSAT_EINVAL);
    /* a fit that cannot converge in 1 iteration keeps the parameters */
    {
        csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
        csat_fit_report rep;
        o.max_iter = 1;
        assert_int_equal(csat_btyd_fit(m, x, tx, T, NULL, 3, &o), CSAT_ENOCONV);
        assert_int_equal(csat_btyd_get_params(m, q, 4), CSAT_OK);
        assert_memory_equal(q, p, sizeof p);
        assert_int_equal(csat_btyd_fit_report(m, &rep), CSAT_OK);
        assert_false(rep.converged);
        o.version = 99;
        assert_int_equal(csat_btyd_fit(m, x, tx, T, NULL, 3, &o), CSAT_EVERSION);
    }
    /* BG/BB: non-integer counts, recency > n */
    set_model(&bb, CSAT_BTYD_BGBB, p);
    {
        double bx = 1.5, btx = 2, bn = 6;
        assert_int_equal(csat_btyd_p_alive(bb, &bx, &btx, &bn, 1, &out), CSAT_EINVAL);
        bx = 1;
        btx = 7;
        assert_int_equal(csat_btyd_p_alive(bb, &bx, &btx, &bn, 1, &out), CSAT_EINVAL);
        btx = 2;
        bn = 6.5;
        assert_int_equal(csat_btyd_p_alive(bb, &bx, &btx, &bn, 1, &out), CSAT_EINVAL);
    }
    assert_true(out == -7.0);
    csat_btyd_free(bb);
    csat_btyd_free(m);
    csat_btyd_free(NULL);
    /* predicting before fit */
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    assert_int_equal(csat_btyd_p_alive(m, x, tx, T, 1, &out), CSAT_EMISUSE);
    csat_btyd_free(m);
}

static void test_alloc_failures(void **state)
{
    cdnow d;
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    (void)state;
    assert_true(load_cdnow(&d));
    for (long k = 0;; k++) {
        csat_btyd_model *m = NULL;
        csat_status st;
        csat_test_alloc_reset(&t, k);
        st = csat_btyd_new(&m, &a, CSAT_BTYD_BGNBD);
        if (st == CSAT_OK) {
            st = csat_btyd_fit(m, d.col[1], d.col[2], d.col[3], NULL, d.n, NULL);
            if (st == CSAT_OK) {
                csat_btyd_free(m);
                assert_int_equal(t.live, 0);
                break;
            }
            assert_int_equal(st, CSAT_ENOMEM);
            assert_int_equal(t.live, 1); /* only the handle */
            csat_test_alloc_reset(&t, -1);
            assert_int_equal(csat_btyd_fit(m, d.col[1], d.col[2], d.col[3], NULL, d.n, NULL), CSAT_OK);
            csat_btyd_free(m);
        } else {
            assert_int_equal(st, CSAT_ENOMEM);
        }
        assert_int_equal(t.live, 0);
    }
    for (long k = 0;; k++) {
        csat_spend_model *s = NULL;
        csat_status st;
        csat_test_alloc_reset(&t, k);
        st = csat_spend_new(&s, &a);
        if (st == CSAT_OK) {
            st = csat_spend_fit(s, d.col[1], d.col[4], NULL, d.n, NULL);
            csat_spend_free(s);
            if (st == CSAT_OK)
                break;
        }
        assert_int_equal(st, CSAT_ENOMEM);
        assert_int_equal(t.live, 0);
    }
    free_cdnow(&d);
}

/* From raw CDNOW transactions through the customer store: the same fit as
 * the published summary (whose recency is rounded to 2 decimals). */
static void test_fit_customers(void **state)
{
    static const int cum[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    FILE *f = fopen(CSAT_TEST_DATA_DIR "/CDNOW_sample.txt", "r");
    uint64_t ids[7000];
    double times[7000], amounts[7000], p[4];
    long master, id, ymd, ncd;
    double amount;
    size_t n = 0, ns = 0;
    csat_customers *c;
    csat_btyd_model *m;
    csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
    (void)state;
    assert_non_null(f);
    while (n < 7000 && fscanf(f, "%ld %ld %ld %ld %lf", &master, &id, &ymd, &ncd, &amount) == 5) {
        ids[n] = (uint64_t)id;
        times[n] = (ymd / 10000 - 1997) * 365 + cum[ymd / 100 % 100 - 1] + ymd % 100 - 1;
        amounts[n++] = amount;
    }
    fclose(f);
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_add(c, ids, times, amounts, n), CSAT_OK);
    so.observation_end = 272; /* 1997-09-30 */
    so.time_scale = 7;
    assert_int_equal(csat_customers_summarize(c, &so, &ns, NULL), CSAT_OK);
    assert_int_equal(ns, 2357);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    csat_assert_status(csat_btyd_fit_customers(m, c, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_get_params(m, p, 4), CSAT_OK);
    csat_assert_close(p[0], 0.242593, 2e-3, 0);
    csat_assert_close(p[1], 4.413532, 2e-3, 0);
    csat_assert_close(p[2], 0.792886, 2e-3, 0);
    csat_assert_close(p[3], 2.425752, 2e-3, 0);
    assert_int_equal(csat_btyd_fit_customers(m, NULL, NULL), CSAT_EINVAL);
    csat_btyd_free(m);
    csat_customers_free(c);
}

/* ---- DERT and Pareto/NBD P(X(t) = k) (references: btyd_dert_reference.h from
 * tests/reference/btyd_dert_mpmath.py, definitions evaluated with mpmath;
 * closed forms of Fader, Hardie & Lee 2005 eq. 2 and Fader, Hardie & Shang
 * 2010 eq. 13, and Fader & Hardie 2006's P(X(t) = x) note) ---- */

static void test_dert_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_ref_gamma_upper); i++) {
        const double *r = btyd_ref_gamma_upper[i];
        /* the log of a number in (0, 1]: compare the number */
        csat_assert_close(exp(csat__log_gamma_upper_scaled(1.0 - r[0], r[1]) - r[2]), 1.0, 0, 1e-13);
        /* unscaled, against the regularised Q of specfun.c (which loses digits
         * to 1 - P for a near 0: only a >= 0.1) */
        if (r[0] <= 0.9 && r[1] < 100.0)
            csat_assert_close(csat__log_gamma_upper(1.0 - r[0], r[1]),
                              csat__lgamma(1.0 - r[0]) + log(csat__gamma_q(1.0 - r[0], r[1])), 0, 1e-12);
    }
    for (size_t i = 0; i < N_OF(btyd_ref_pnbd_dert); i++) {
        const double *r = btyd_ref_pnbd_dert[i];
        csat_btyd_model *m;
        double v;
        set_model(&m, CSAT_BTYD_PARETO_NBD, r);
        assert_int_equal(csat_btyd_dert(m, r[7], &r[4], &r[5], &r[6], 1, &v), CSAT_OK);
        csat_assert_close(v, r[8], 1e-10, 0);
        csat_btyd_free(m);
    }
    for (size_t i = 0; i < N_OF(btyd_ref_bgbb_dert); i++) {
        const double *r = btyd_ref_bgbb_dert[i];
        csat_btyd_model *m;
        double v;
        set_model(&m, CSAT_BTYD_BGBB, r);
        assert_int_equal(csat_btyd_dert(m, r[7], &r[4], &r[5], &r[6], 1, &v), CSAT_OK);
        csat_assert_close(v, r[8], 1e-10, 0);
        csat_btyd_free(m);
    }
    for (size_t i = 0; i < N_OF(btyd_ref_pnbd_prob); i++) {
        const double *r = btyd_ref_pnbd_prob[i];
        csat_btyd_model *m;
        double v;
        set_model(&m, CSAT_BTYD_PARETO_NBD, r);
        assert_int_equal(csat_btyd_prob_purchases(m, r[4], &r[5], 1, &v), CSAT_OK);
        csat_assert_close(v, r[6], 1e-10, 0);
        csat_btyd_free(m);
    }
}

/* P(X(t) = k) of a new Pareto/NBD customer sums to 1 over k and its mean is
 * E[X(t)]. */
static void test_pnbd_prob_sums(void **state)
{
    static const double ps[][5] = {{0.5533, 10.5781, 0.6061, 11.6696, 39}, {2.0, 1.0, 3.0, 0.5, 5},
                                   {0.3, 8.0, 0.8, 8.0, 30}, {1.0, 1.0, 1.0, 1.0, 0.5}};
    (void)state;
    for (size_t i = 0; i < N_OF(ps); i++) {
        csat_btyd_model *m;
        csat__ksum s = {0, 0}, mean = {0, 0};
        double k[400], pk[400], e;
        for (int j = 0; j < 400; j++)
            k[j] = j;
        set_model(&m, CSAT_BTYD_PARETO_NBD, ps[i]);
        assert_int_equal(csat_btyd_prob_purchases(m, ps[i][4], k, 400, pk), CSAT_OK);
        for (int j = 0; j < 400; j++) {
            assert_true(pk[j] >= 0 && pk[j] <= 1);
            csat__ksum_add(&s, pk[j]);
            csat__ksum_add(&mean, j * pk[j]);
        }
        assert_int_equal(csat_btyd_expected_purchases_new(m, &ps[i][4], 1, &e), CSAT_OK);
        csat_assert_close(csat__ksum_value(&s), 1.0, 0, 1e-12);
        csat_assert_close(csat__ksum_value(&mean), e, 1e-10, 0);
        csat_btyd_free(m);
    }
}

/* The robustness grid of test_robustness_sweep for DERT and P(X(t) = k):
 * finite and >= 0 (probabilities <= 1). */
static void test_dert_sweep(void **state)
{
    static const double pv[] = {1e-3, 1.0, 1e3};
    static const double xs[] = {0, 1, 7, 150, 10000};
    static const double Ts[] = {0.5, 39, 10000};
    static const double fr[] = {0.0, 0.5, 1.0};
    static const double ds[] = {1e-4, 0.0027, 0.1, 2.0};
    static const double ks[] = {0, 1, 5, 100, 10000};
    (void)state;
    for (int kind = 1; kind <= 3; kind += 2) {
        csat_btyd_model *m;
        assert_int_equal(csat_btyd_new(&m, NULL, (csat_btyd_kind)kind), CSAT_OK);
        for (int ip = 0; ip < 81; ip++) {
            double p[4] = {pv[ip % 3], pv[ip / 3 % 3], pv[ip / 9 % 3], pv[ip / 27]};
            if (kind == CSAT_BTYD_PARETO_NBD && p[1] != p[3] && (p[1] == 1e-3 || p[3] == 1e-3))
                continue; /* alpha/beta = 1e6: slow series (see test_robustness_sweep) */
            assert_int_equal(csat_btyd_set_params(m, p, 4), CSAT_OK);
            for (size_t a = 0; a < N_OF(xs); a++)
                for (size_t b = 0; b < N_OF(Ts); b++)
                    for (size_t c = 0; c < N_OF(fr); c++)
                        for (size_t id = 0; id < N_OF(ds); id++) {
                            double x = xs[a], T = Ts[b], tx = x > 0 ? fr[c] * T : 0, v = -1;
                            if ((x == 0 && c > 0) || (x > 150 && T < 1))
                                continue;
                            if (kind == CSAT_BTYD_PARETO_NBD && id % 3)
                                continue; /* delta only enters the (separately tested) gamma: save time */
                            if (kind == CSAT_BTYD_BGBB) { /* integers, x <= t_x <= n, t_x = 0 iff x = 0 */
                                T = ceil(T) > 1000 ? 1000 : ceil(T);
                                x = x > T ? T : x;
                                tx = x > 0 ? fmax(x, floor(fr[c] * T)) : 0;
                            }
                            assert_int_equal(csat_btyd_dert(m, ds[id], &x, &tx, &T, 1, &v), CSAT_OK);
                            if (!(isfinite(v) && v >= 0)) {
                                print_error("kind %d p %g %g %g %g x %g tx %g T %g d %g: %g\n", kind, p[0],
                                            p[1], p[2], p[3], x, tx, T, ds[id], v);
                                fail();
                            }
                        }
            if (kind == CSAT_BTYD_PARETO_NBD)
                for (size_t b = 0; b < N_OF(Ts); b++) {
                    double pk[N_OF(ks)];
                    /* k = 10000 with alpha/beta = 1e3 or 1e-3 takes ~1e7 series terms: slow, not wrong */
                    size_t nk = p[1] == p[3] ? N_OF(ks) : N_OF(ks) - 1;
                    assert_int_equal(csat_btyd_prob_purchases(m, Ts[b], ks, nk, pk), CSAT_OK);
                    for (size_t j = 0; j < nk; j++)
                        if (!(pk[j] >= 0 && pk[j] <= 1)) {
                            print_error("p %g %g %g %g t %g k %g: %g\n", p[0], p[1], p[2], p[3], Ts[b], ks[j],
                                        pk[j]);
                            fail();
                        }
                }
        }
        csat_btyd_free(m);
    }
}

/* The extreme discount rates 1e-9 and 1e300: finite, >= 0, ordered. */
static void test_dert_extreme_discount(void **state)
{
    static const double ps[][4] = {{0.5533, 10.5781, 0.6061, 11.6696}, {1e-3, 1e-3, 1e-3, 1e-3},
                                   {1e3, 1e3, 1e3, 1e3}, {1.0, 1e3, 0.5, 1.0}};
    double x[3] = {0, 7, 38}, tx[3] = {0, 30, 38}, T[3] = {39, 39, 39};
    (void)state;
    for (int kind = 1; kind <= 3; kind += 2)
        for (size_t i = 0; i < N_OF(ps); i++) {
            csat_btyd_model *m;
            double lo[3], hi[3];
            set_model(&m, (csat_btyd_kind)kind, ps[i]);
            assert_int_equal(csat_btyd_dert(m, 1e-9, x, tx, T, 3, lo), CSAT_OK);
            assert_int_equal(csat_btyd_dert(m, 1e300, x, tx, T, 3, hi), CSAT_OK);
            for (int j = 0; j < 3; j++)
                assert_true(isfinite(lo[j]) && isfinite(hi[j]) && hi[j] >= 0 && lo[j] >= hi[j]);
            csat_btyd_free(m);
        }
}

/* Bad input to csat_btyd_dert: error, message, output untouched. */
static void test_dert_bad_input(void **state)
{
    double p[4] = {0.5533, 10.5781, 0.6061, 11.6696}, x = 2, tx = 30, T = 38, out = -7, bad;
    csat_btyd_model *m;
    (void)state;
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_PARETO_NBD), CSAT_OK);
    assert_int_equal(csat_btyd_dert(m, 0.01, &x, &tx, &T, 1, &out), CSAT_EMISUSE);
    assert_int_equal(csat_btyd_set_params(m, p, 4), CSAT_OK);
    assert_int_equal(csat_btyd_dert(m, 0.0, &x, &tx, &T, 1, &out), CSAT_EINVAL);
    assert_true(strlen(csat_btyd_last_error(m)) > 0);
    assert_int_equal(csat_btyd_dert(m, -0.1, &x, &tx, &T, 1, &out), CSAT_EINVAL);
    assert_int_equal(csat_btyd_dert(m, 1e-10, &x, &tx, &T, 1, &out), CSAT_EINVAL);
    assert_int_equal(csat_btyd_dert(m, NAN, &x, &tx, &T, 1, &out), CSAT_EINVAL);
    assert_int_equal(csat_btyd_dert(m, INFINITY, &x, &tx, &T, 1, &out), CSAT_EINVAL);
    bad = NAN;
    assert_int_equal(csat_btyd_dert(m, 0.01, &x, &bad, &T, 1, &out), CSAT_EINVAL);
    bad = 39; /* t_x > T */
    assert_int_equal(csat_btyd_dert(m, 0.01, &x, &bad, &T, 1, &out), CSAT_EINVAL);
    assert_int_equal(csat_btyd_dert(m, 0.01, NULL, &tx, &T, 1, &out), CSAT_EINVAL);
    assert_int_equal(csat_btyd_dert(m, 0.01, &x, &tx, &T, 1, NULL), CSAT_EINVAL);
    assert_int_equal(csat_btyd_dert(m, 0.01, &x, &tx, &T, 0, &out), CSAT_EEMPTY);
    assert_int_equal(csat_btyd_dert(NULL, 0.01, &x, &tx, &T, 1, &out), CSAT_EINVAL);
    assert_true(out == -7);
    csat_btyd_free(m);
    for (int kind = 0; kind <= 2; kind += 2) { /* BG/NBD, MBG/NBD: the same checks */
        set_model(&m, (csat_btyd_kind)kind, p);
        assert_int_equal(csat_btyd_dert(m, 1e-10, &x, &tx, &T, 1, &out), CSAT_EINVAL);
        assert_true(strlen(csat_btyd_last_error(m)) > 0);
        bad = 39;
        assert_int_equal(csat_btyd_dert(m, 0.01, &x, &bad, &T, 1, &out), CSAT_EINVAL);
        assert_true(out == -7);
        csat_btyd_free(m);
    }
    set_model(&m, CSAT_BTYD_BGBB, p);
    bad = 2.5; /* BG/BB needs whole periods */
    assert_int_equal(csat_btyd_dert(m, 0.1, &x, &tx, &bad, 1, &out), CSAT_EINVAL);
    assert_true(out == -7);
    /* Pareto/NBD probabilities: bad k */
    csat_btyd_free(m);
    set_model(&m, CSAT_BTYD_PARETO_NBD, p);
    bad = 1.5;
    assert_int_equal(csat_btyd_prob_purchases(m, 10, &bad, 1, &out), CSAT_EINVAL);
    bad = -1;
    assert_int_equal(csat_btyd_prob_purchases(m, 10, &bad, 1, &out), CSAT_EINVAL);
    assert_int_equal(csat_btyd_dert(m, 0.01, &bad, &tx, &T, 1, &out), CSAT_EINVAL);
    bad = 2;
    assert_int_equal(csat_btyd_prob_purchases(m, NAN, &bad, 1, &out), CSAT_EINVAL);
    assert_int_equal(csat_btyd_prob_purchases(m, -1, &bad, 1, &out), CSAT_EINVAL);
    assert_int_equal(csat_btyd_prob_purchases(m, 10, NULL, 1, &out), CSAT_EINVAL);
    assert_int_equal(csat_btyd_prob_purchases(m, 10, &bad, 0, &out), CSAT_EEMPTY);
    assert_true(out == -7);
    /* huge but valid: finite values in range */
    assert_int_equal(csat_btyd_prob_purchases(m, 1e300, &bad, 1, &out), CSAT_OK);
    assert_true(out >= 0 && out <= 1);
    out = -7;
    assert_int_equal(csat_btyd_dert(m, 1e300, &x, &tx, &T, 1, &out), CSAT_OK);
    assert_true(isfinite(out) && out >= 0);
    csat_btyd_free(m);
}

/* ---- batched predictions against the per-customer kernels ---- */

static double test_unif(uint64_t *st)
{
    *st ^= *st >> 12;
    *st ^= *st << 25;
    *st ^= *st >> 27;
    return ((*st * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

/* The result is c*E1 - (1-z)^(a-1) S times P(alive) (csat__btyd_bg_expect):
 * both paths carry rounding of the size of its first term, which can be far
 * larger than the result (mpmath shows either path off by up to ~1e-14 of
 * it, in either direction). */
static double cancel_scale(const double *p, double t, double x, double tx, double T, int mod)
{
    double b = p[3] + x + mod, c = p[2] + b - 1, L = -log1p(t / (p[1] + T)), y = (p[2] - 1) * L;
    double e1 = y == 0 ? -L : -expm1(y) / (p[2] - 1);
    return fabs(c * e1) * csat__bgnbd_p_alive(p, x, tx, T, mod);
}

/* Random customers (frequencies around and beyond the shared-coefficient
 * range, continuous times, T from 0.01 to 1000) and parameters from 1e-3 to
 * 1e3: the batched E[X(t)|...] and P(alive) equal the scalar kernels to
 * 1e-12 relative, for BG/NBD and MBG/NBD and several horizons. */
static void test_bg_many_matches_scalar(void **state)
{
    enum { N = 1500 };
    static double x[N], tx[N], T[N], e[N], pa[N];
    static const double cd[4] = {0.242593, 4.413532, 0.792886, 2.425752};
    static const double hz[] = {0.3, 39, 500};
    uint64_t rs = 0x2545F4914F6CDD1DULL;
    size_t fast_rows = 0;
    (void)state;
    for (int set = 0; set < 24; set++) {
        double p[4];
        for (int j = 0; j < 4; j++)
            p[j] = set == 0 ? cd[j] : exp(log(1e-3) + test_unif(&rs) * log(1e6));
        if (set % 4 == 1) /* small, positive c - r: the batched series */
            p[0] = 0.3 * (p[2] + p[3]);
        for (size_t i = 0; i < N; i++) {
            double u = test_unif(&rs);
            T[i] = exp(log(0.01) + test_unif(&rs) * log(1e5));
            x[i] = u < 0.4 ? 0 : floor(test_unif(&rs) * (u < 0.95 ? 20 : 90));
            tx[i] = x[i] > 0 ? T[i] * test_unif(&rs) : 0;
        }
        for (int kind = 0; kind < 3; kind += 2) {
            csat_btyd_model *m;
            set_model(&m, (csat_btyd_kind)kind, p);
            for (size_t h = 0; h < N_OF(hz); h++) {
                assert_int_equal(csat_btyd_expected_purchases(m, hz[h], x, tx, T, N, e), CSAT_OK);
                for (size_t i = 0; i < N; i++) {
                    double ref = csat__bgnbd_expected_cond(p, hz[h], x[i], tx[i], T[i], kind == 2);
                    if (!csat_test_close(e[i], ref, 1e-12, 1e-300 + 5e-14 * cancel_scale(p, hz[h], x[i], tx[i], T[i], kind == 2))) {
                        print_error("kind %d p %.17g %.17g %.17g %.17g t %g x %g tx %.17g T %.17g: %.17g vs %.17g\n", kind,
                                    p[0], p[1], p[2], p[3], hz[h], x[i], tx[i], T[i], e[i], ref);
                        fail();
                    }
                    fast_rows += p[2] + p[3] + (kind == 2) - 1 - p[0] > 0 && x[i] < 64;
                }
            }
            assert_int_equal(csat_btyd_p_alive(m, x, tx, T, N, pa), CSAT_OK);
            for (size_t i = 0; i < N; i++)
                csat_assert_close(pa[i], csat__bgnbd_p_alive(p, x[i], tx[i], T[i], kind == 2), 1e-12, 1e-300);
            csat_btyd_free(m);
        }
    }
    assert_true(fast_rows > 40000);
}

/* Many customers with few purchases and T in a narrow band (as in a real
 * cohort): the batched path expands the series around the centres of
 * z-cells; again equal to the scalar kernel. */
static void test_bg_many_cells(void **state)
{
    enum { N = 6000 };
    static double x[N], tx[N], T[N], e[N];
    static const double hz[] = {2, 39, 150};
    uint64_t rs = 0x9E3779B97F4A7C15ULL;
    (void)state;
    for (int set = 0; set < 12; set++) {
        double p[4] = {0.242593, 4.413532, 0.792886, 2.425752};
        if (set > 0)
            for (int j = 0; j < 4; j++)
                p[j] = exp(log(1e-2) + test_unif(&rs) * log(1e4));
        p[0] = fmin(p[0], 0.8 * (p[2] + p[3]));
        for (size_t i = 0; i < N; i++) {
            T[i] = 27 + 12 * test_unif(&rs);
            x[i] = floor(6 * test_unif(&rs) * test_unif(&rs));
            tx[i] = x[i] > 0 ? T[i] * test_unif(&rs) : 0;
        }
        for (int kind = 0; kind < 3; kind += 2) {
            csat_btyd_model *m;
            set_model(&m, (csat_btyd_kind)kind, p);
            for (size_t h = 0; h < N_OF(hz); h++) {
                assert_int_equal(csat_btyd_expected_purchases(m, hz[h], x, tx, T, N, e), CSAT_OK);
                for (size_t i = 0; i < N; i++) {
                    double ref = csat__bgnbd_expected_cond(p, hz[h], x[i], tx[i], T[i], kind == 2);
                    if (!csat_test_close(e[i], ref, 1e-12, 1e-300 + 5e-14 * cancel_scale(p, hz[h], x[i], tx[i], T[i], kind == 2))) {
                        print_error("kind %d p %.17g %.17g %.17g %.17g t %g x %g tx %.17g T %.17g: %.17g vs %.17g\n", kind,
                                    p[0], p[1], p[2], p[3], hz[h], x[i], tx[i], T[i], e[i], ref);
                        fail();
                    }
                }
            }
            csat_btyd_free(m);
        }
    }
    /* without its scratch (allocation fails) the batched call falls back to
     * the scalar kernel: the same status, results within rounding */
    {
        csat_test_alloc ta = {-1, 0, 0};
        csat_allocator al = csat_test_allocator(&ta);
        const double p[4] = {0.242593, 4.413532, 0.792886, 2.425752};
        static double e2[N];
        csat_btyd_model *m;
        assert_int_equal(csat_btyd_new(&m, &al, CSAT_BTYD_BGNBD), CSAT_OK);
        assert_int_equal(csat_btyd_set_params(m, p, 4), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases(m, 39, x, tx, T, N, e), CSAT_OK);
        csat_test_alloc_reset(&ta, 0);
        assert_int_equal(csat_btyd_expected_purchases(m, 39, x, tx, T, N, e2), CSAT_OK);
        assert_true(ta.n_calls == 1);
        for (size_t i = 0; i < N; i++)
            csat_assert_close(e2[i], e[i], 1e-12, 0);
        csat_btyd_free(m);
        assert_int_equal(ta.live, 0);
    }
}

/* Bad rows anywhere in a long input (the pre-check goes 4 rows a step):
 * status and message, output untouched; huge whole counts still pass. */
static void test_bad_row_in_batch(void **state)
{
    enum { N = 1003 };
    static double x[N], tx[N], T[N], out[N];
    static const double badx[] = {-1, 1.5, NAN, INFINITY, 2, 0};
    static const double badtx[] = {1, 1, 1, 1, 11, 1}; /* last two: t_x > T, x = 0 with t_x > 0 */
    static const size_t at[] = {0, 1, 2, 3, 4, 517, N - 2, N - 1};
    const double p[4] = {0.24, 4.4, 0.79, 2.4};
    csat_btyd_model *m;
    (void)state;
    for (size_t i = 0; i < N; i++) {
        x[i] = (double)(i % 4);
        T[i] = 10;
        tx[i] = x[i] > 0 ? 5 : 0;
    }
    for (int kind = 0; kind < 3; kind++) {
        set_model(&m, (csat_btyd_kind)kind, p);
        for (size_t k = 0; k < N_OF(badx); k++)
            for (size_t a = 0; a < N_OF(at); a++) {
                const size_t i = at[a];
                const double sx = x[i], stx = tx[i], sT = T[i];
                x[i] = badx[k];
                tx[i] = badtx[k];
                for (size_t j = 0; j < N; j++)
                    out[j] = -7.0;
                assert_int_equal(csat_btyd_p_alive(m, x, tx, T, N, out), CSAT_EINVAL);
                assert_true(strlen(csat_btyd_last_error(m)) > 0);
                assert_int_equal(csat_btyd_expected_purchases(m, 39, x, tx, T, N, out), CSAT_EINVAL);
                for (size_t j = 0; j < N; j++)
                    assert_true(out[j] == -7.0);
                x[i] = sx;
                tx[i] = stx;
                T[i] = k % 2 ? NAN : -1; /* a bad T alone */
                assert_int_equal(csat_btyd_p_alive(m, x, tx, T, N, out), CSAT_EINVAL);
                T[i] = sT;
                assert_true(out[0] == -7.0);
            }
        /* whole counts up to 2^53 are valid, and beyond it they are not (a
         * frequency of 2.6e189 gave NaN: test_frequency_ceiling) */
        x[5] = 0x1p53;
        assert_int_equal(csat_btyd_p_alive(m, x, tx, T, N, out), CSAT_OK);
        x[5] = 0x1p60;
        assert_int_equal(csat_btyd_p_alive(m, x, tx, T, N, out), CSAT_EINVAL);
        x[5] = 1;
        assert_int_equal(csat_btyd_p_alive(m, x, tx, T, N, out), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases(m, 39, x, tx, T, N, out), CSAT_OK);
        csat_btyd_free(m);
    }
}

/* CLV over all CDNOW customers (the batched path: >= 128 rows) equals the
 * per-customer path (taken when the scratch allocation fails) and the
 * step-by-step definition; bad input leaves out untouched. */
static void test_clv_paths_and_bad_input(void **state)
{
    const double pb[4] = {0.242593, 4.413532, 0.792886, 2.425752}, gg[3] = {6.25, 3.74, 15.44};
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    csat_clv_options co = CSAT_CLV_OPTIONS_INIT;
    csat_btyd_model *m, *bb;
    csat_spend_model *s, *sf;
    cdnow d;
    double *v1, *v2, eq1, eq2, keep[3] = {-7, -7, -7}, bad[3];
    (void)state;
    assert_true(load_cdnow(&d));
    set_model(&m, CSAT_BTYD_BGNBD, pb);
    assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
    assert_int_equal(csat_spend_new(&sf, &a), CSAT_OK);
    assert_int_equal(csat_spend_set_params(s, gg, 3), CSAT_OK);
    assert_int_equal(csat_spend_set_params(sf, gg, 3), CSAT_OK);
    v1 = malloc(d.n * sizeof *v1);
    v2 = malloc(d.n * sizeof *v2);
    assert_int_equal(csat_clv(m, s, d.col[1], d.col[2], d.col[3], d.col[4], d.n, &co, v1, &eq1), CSAT_OK);
    csat_test_alloc_reset(&t, 0); /* every allocation fails: per-customer path */
    assert_int_equal(csat_clv(m, sf, d.col[1], d.col[2], d.col[3], d.col[4], d.n, &co, v2, &eq2), CSAT_OK);
    assert_int_equal(t.live, 1); /* the handle only */
    for (size_t i = 0; i < d.n; i++)
        csat_assert_close(v1[i], v2[i], 1e-12, 1e-300);
    csat_assert_close(eq1, eq2, 1e-12, 0);
    { /* customer 1 by the definition */
        double e[13] = {0}, ez, want = 0.0, disc = 1.0;
        for (int k = 1; k <= 12; k++)
            assert_int_equal(csat_btyd_expected_purchases(m, k * co.step, d.col[1], d.col[2], d.col[3], 1, e + k),
                             CSAT_OK);
        assert_int_equal(csat_spend_expected(s, d.col[1], d.col[4], 1, &ez), CSAT_OK);
        for (int k = 1; k <= 12; k++) {
            disc /= 1.0 + co.discount_rate;
            want += (e[k] - e[k - 1]) * disc;
        }
        csat_assert_close(v1[0], want * ez, 1e-12, 0);
    }
    /* bad input: status, message, out untouched */
    {
        double f[3] = {2, 0, 1}, r[3] = {30, 0, 5}, T[3] = {38, 38, 38}, z[3] = {20, 0, 10};
        memcpy(bad, r, sizeof bad);
        bad[2] = 40; /* t_x > T */
        assert_int_equal(csat_clv(m, s, f, bad, T, z, 3, NULL, keep, NULL), CSAT_EINVAL);
        assert_true(strstr(csat_spend_last_error(s), "customer 2") != NULL);
        bad[2] = NAN;
        assert_int_equal(csat_clv(m, s, f, bad, T, z, 3, NULL, keep, NULL), CSAT_EINVAL);
        memcpy(bad, z, sizeof bad);
        bad[0] = 0; /* repeat buyer without spend */
        assert_int_equal(csat_clv(m, s, f, r, T, bad, 3, NULL, keep, NULL), CSAT_EINVAL);
        assert_int_equal(csat_clv(m, s, NULL, r, T, z, 3, NULL, keep, NULL), CSAT_EINVAL);
        assert_int_equal(csat_clv(m, s, f, r, T, NULL, 3, NULL, keep, NULL), CSAT_EINVAL);
        assert_int_equal(csat_clv(m, s, f, r, T, z, 0, NULL, keep, NULL), CSAT_EEMPTY);
        assert_int_equal(csat_clv(m, s, f, r, T, z, 3, NULL, NULL, NULL), CSAT_EINVAL);
        co.n_steps = 0;
        assert_int_equal(csat_clv(m, s, f, r, T, z, 3, &co, keep, NULL), CSAT_EINVAL);
        co.n_steps = 12;
        co.discount_rate = -0.1;
        assert_int_equal(csat_clv(m, s, f, r, T, z, 3, &co, keep, NULL), CSAT_EINVAL);
        co.discount_rate = 0.01;
        set_model(&bb, CSAT_BTYD_BGBB, pb);
        assert_int_equal(csat_clv(bb, s, f, r, T, z, 3, NULL, keep, NULL), CSAT_EINVAL);
        csat_btyd_free(bb);
        assert_int_equal(csat_btyd_new(&bb, NULL, CSAT_BTYD_PARETO_NBD), CSAT_OK);
        assert_int_equal(csat_clv(bb, s, f, r, T, z, 3, NULL, keep, NULL), CSAT_EMISUSE);
        csat_btyd_free(bb);
        for (int i = 0; i < 3; i++)
            assert_true(keep[i] == -7);
    }
    free(v1);
    free(v2);
    csat_spend_free(s);
    csat_spend_free(sf);
    csat_btyd_free(m);
    free_cdnow(&d);
}

/* ---- BG/NBD and MBG/NBD DERT (reference: bgnbd_dert_reference.h from
 * tests/reference/bgnbd_dert_mpmath.py: the drop-out probability integrated
 * analytically by Euler's integral, the rate by quadrature, the other way
 * round from the library; both checked against the 2-D integral) ---- */

static void test_bgnbd_dert_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_ref_bgnbd_dert); i++) {
        const double *r = btyd_ref_bgnbd_dert[i];
        csat_btyd_model *m;
        double v = -1;
        set_model(&m, r[8] != 0 ? CSAT_BTYD_MBGNBD : CSAT_BTYD_BGNBD, r);
        assert_int_equal(csat_btyd_dert(m, r[7], &r[4], &r[5], &r[6], 1, &v), CSAT_OK);
        if (fabs(v - r[9]) > 1e-10 * r[9]) {
            print_error("row %zu: %.17g vs %.17g (%g)\n", i, v, r[9], (v - r[9]) / r[9]);
            fail();
        }
        csat_btyd_free(m);
    }
}

/* The robustness grid (parameters 1e-3..1e3, x up to 10000, T up to 10000,
 * delta 1e-9..1e300): finite, >= 0, and non-increasing in delta. */
static void test_bgnbd_dert_sweep(void **state)
{
    static const double pv[] = {1e-3, 1.0, 1e3};
    static const double xs[] = {0, 1, 7, 150, 10000};
    static const double Ts[] = {0.5, 39, 10000};
    static const double fr[] = {0.0, 0.5, 1.0};
    static const double ds[] = {1e-9, 1e-4, 0.0027, 2.0, 1e6, 1e300};
    (void)state;
    for (int kind = 0; kind <= 2; kind += 2) {
        csat_btyd_model *m;
        assert_int_equal(csat_btyd_new(&m, NULL, (csat_btyd_kind)kind), CSAT_OK);
        for (int ip = 0; ip < 81; ip++) {
            double p[4] = {pv[ip % 3], pv[ip / 3 % 3], pv[ip / 9 % 3], pv[ip / 27]};
            assert_int_equal(csat_btyd_set_params(m, p, 4), CSAT_OK);
            for (size_t a = 0; a < N_OF(xs); a++)
                for (size_t b = 0; b < N_OF(Ts); b++)
                    for (size_t c = 0; c < N_OF(fr); c++) {
                        double x = xs[a], T = Ts[b], tx = x > 0 ? fr[c] * T : 0, prev = INFINITY;
                        if ((x == 0 && c > 0) || (x > 150 && T < 1))
                            continue;
                        for (size_t id = 0; id < N_OF(ds); id++) {
                            double v = -1;
                            assert_int_equal(csat_btyd_dert(m, ds[id], &x, &tx, &T, 1, &v), CSAT_OK);
                            if (!(isfinite(v) && v >= 0 && v <= prev * (1 + 1e-13))) {
                                print_error("kind %d p %g %g %g %g x %g tx %g T %g d %g: %g (previous %g)\n",
                                            kind, p[0], p[1], p[2], p[3], x, tx, T, ds[id], v, prev);
                                fail();
                            }
                            prev = v;
                        }
                    }
        }
        csat_btyd_free(m);
    }
}

/* Two limits and the link to the tested conditional expectation:
 *  - b huge puts p's prior at 0: DERT -> P(alive) E[lambda]/delta;
 *  - DERT = int_0^inf delta e^(-delta t) E[X(T, T+t)] dt, summed here as
 *    discounted increments of csat_btyd_expected_purchases over steps of
 *    0.02 (midpoint discounting: relative error ~ (delta dt)^2 / 24). */
static void test_bgnbd_dert_limits(void **state)
{
    double x = 3, tx = 20, T = 39;
    (void)state;
    for (int kind = 0; kind <= 2; kind += 2) {
        const double p[4] = {0.243, 4.414, 0.793, 1e12};
        csat_btyd_model *m;
        double v, pa;
        set_model(&m, (csat_btyd_kind)kind, p);
        assert_int_equal(csat_btyd_dert(m, 0.01, &x, &tx, &T, 1, &v), CSAT_OK);
        assert_int_equal(csat_btyd_p_alive(m, &x, &tx, &T, 1, &pa), CSAT_OK);
        csat_assert_close(v, pa * (p[0] + x) / (p[1] + T) / 0.01, 1e-9, 0);
        csat_btyd_free(m);
    }
    for (int kind = 0; kind <= 2; kind += 2) {
        static const double ps[][4] = {{0.243, 4.414, 0.793, 2.426}, {2.0, 1.0, 3.0, 5.0}};
        for (size_t i = 0; i < N_OF(ps); i++) {
            const double delta = 0.05, dt = 0.02;
            csat_btyd_model *m;
            csat__ksum s = {0, 0};
            double v, prev = 0.0;
            set_model(&m, (csat_btyd_kind)kind, ps[i]);
            for (int k = 1; k * dt <= 40.0 / delta; k++) {
                double e;
                assert_int_equal(csat_btyd_expected_purchases(m, k * dt, &x, &tx, &T, 1, &e), CSAT_OK);
                csat__ksum_add(&s, exp(-delta * (k - 0.5) * dt) * (e - prev));
                prev = e;
            }
            assert_int_equal(csat_btyd_dert(m, delta, &x, &tx, &T, 1, &v), CSAT_OK);
            csat_assert_close(v, csat__ksum_value(&s), 1e-6, 0);
            csat_btyd_free(m);
        }
    }
}

/*
 * Pareto/NBD near the cliff (z = |alpha-beta|/(max+t_x) within 1e-3..1e-7
 * of 1, exponents up to 500), where the values are integrated instead of
 * summed: against tests/btyd/pnbd_cliff_reference.h (direct mpmath quadrature,
 * tests/reference/pnbd_cliff_mpmath.py). The first rows are the fuzzer's
 * example (tests/fuzz/fuzz_btyd.c), which took ~1 s a value before; the
 * last P(X(t) = k) row (an underflowing 0) took ~2 s in a stalled series.
 */
static void test_pnbd_cliff(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(pnbd_cliff_palive); i++) {
        const double *r = pnbd_cliff_palive[i];
        csat_btyd_model *m;
        double pa, e, lp = csat__pnbd_log_p_alive(r, r[4], r[5], r[6]);
        set_model(&m, CSAT_BTYD_PARETO_NBD, r);
        assert_int_equal(csat_btyd_p_alive(m, &r[4], &r[5], &r[6], 1, &pa), CSAT_OK);
        csat_assert_close(pa, r[7], 1e-11, 1e-300);
        /* log P(alive) (DERT's input) to 1e-11 absolute: P(alive) relative */
        csat_assert_close(lp, r[8], 0, 1e-11);
        assert_int_equal(csat_btyd_expected_purchases(m, 14.0, &r[4], &r[5], &r[6], 1, &e), CSAT_OK);
        assert_true(e >= 0.0 && isfinite(e));
        csat_btyd_free(m);
    }
    for (size_t i = 0; i < N_OF(pnbd_cliff_prob); i++) {
        const double *r = pnbd_cliff_prob[i];
        csat_btyd_model *m;
        double v;
        set_model(&m, CSAT_BTYD_PARETO_NBD, r);
        assert_int_equal(csat_btyd_prob_purchases(m, r[4], &r[5], 1, &v), CSAT_OK);
        csat_assert_close(v, r[6], 1e-11, 1e-300);
        csat_btyd_free(m);
    }
}

/* ---- issue 12: extreme parameters, degenerate fits ---- */

/*
 * BG/BB with large alpha, beta, gamma (issue 12, finding 2): E[X | x, t_x,
 * n] was NaN with CSAT_OK at {1e4, 1e4, 1e4, 1}, x = 1, t_x = n = 242,
 * n* = 12 (a prefactor e^1141 times a factor e^-1137), and in 2,700 of the
 * 122,880 predictions of a grid over every parameter in 1e-6..1e6. Against
 * tests/btyd/btyd_extreme_reference.h (mpmath at 120 digits,
 * tests/reference/btyd_extreme_mpmath.py; Fader, Hardie & Shang 2010).
 */
static void test_bgbb_extreme_params(void **state)
{
    static const double pv[] = {1e-6, 1e-3, 0.5, 1, 3, 1e3, 1e4, 1e6};
    static const double rows[][4] = {{1, 242, 242, 12}, {0, 0, 6, 5}, {3, 5, 6, 1}, {100, 300, 365, 365}, {1, 1, 1000, 1000}};
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_ext_bgbb); i++) {
        const double *r = btyd_ext_bgbb[i];
        csat_btyd_model *m;
        double pa, ec, en;
        set_model(&m, CSAT_BTYD_BGBB, r);
        assert_int_equal(csat_btyd_p_alive(m, &r[4], &r[5], &r[6], 1, &pa), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases(m, r[7], &r[4], &r[5], &r[6], 1, &ec), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases_new(m, &r[7], 1, &en), CSAT_OK);
        csat_assert_close(pa, r[8], 1e-12, 1e-300);
        csat_assert_close(ec, r[9], 1e-11, 1e-300);
        csat_assert_close(en, r[10], 1e-11, 1e-300);
        csat_btyd_free(m);
    }
    for (size_t a = 0; a < N_OF(pv); a++)
        for (size_t b = 0; b < N_OF(pv); b++)
            for (size_t g = 0; g < N_OF(pv); g++)
                for (size_t d = 0; d < N_OF(pv); d++) {
                    const double p[4] = {pv[a], pv[b], pv[g], pv[d]};
                    for (size_t k = 0; k < N_OF(rows); k++) {
                        const double x = rows[k][0], tx = rows[k][1], n = rows[k][2], ns = rows[k][3];
                        const double ec = csat__bgbb_expected_cond(p, ns, x, tx, n), en = csat__bgbb_expected_new(p, ns);
                        const double pa = csat__bgbb_p_alive(p, x, tx, n);
                        if (!(isfinite(ec) && ec >= 0 && ec <= ns && isfinite(en) && en >= 0 && en <= ns && pa >= 0 && pa <= 1)) {
                            print_error("p %g %g %g %g row %zu: E %g new %g P(alive) %g\n", p[0], p[1], p[2], p[3], k, ec, en, pa);
                            fail();
                        }
                    }
                }
}

/*
 * BG/BB row log-likelihoods at large a, d and small b, g (found by
 * fuzz_btyd in CI): the differences of log-betas rounded to ~2.5e-11 where
 * the true value is -6.1e-12, and a fit with a weight of 1e15 on that row
 * followed the rounding to a false maximum with LL = +24,852. Rows with
 * n = t_x have the closed form B(a+x, b+n-x)/B(a, b) B(g, d+n)/B(g, d) =
 * prod_{i<x}(a+i) prod_{j<n-x}(b+j) / prod_{k<n}(a+b+k) prod_{k<n}(d+k) /
 * prod_{k<n}(g+d+k) (Fader, Hardie & Shang 2010, eq. 5), summed here as
 * log1p terms.
 */
static void test_bgbb_row_loglik_near_zero(void **state)
{
    static const double P[][4] = {{573050.5533365357, 1.7450467370319059e-06, 1.7450467363319094e-06, 573050.55419580417},
                                  {1e6, 1e-6, 1e-6, 1e6}, {3e5, 0.5, 2.0, 4e5}};
    static const double R[][2] = {{1, 1}, {1, 2}, {2, 3}, {5, 5}};
    (void)state;
    for (size_t i = 0; i < N_OF(P); i++)
        for (size_t j = 0; j < N_OF(R); j++) {
            const double *p = P[i], x = R[j][0], n = R[j][1];
            double ref = 0, ll, w = 1;
            for (double k = 0; k < x; k++) /* (a+k)/(a+b+k) */
                ref -= log1p(p[1] / (p[0] + k));
            for (double k = 0; k < n - x; k++) /* (b+k)/(a+b+x+k) */
                ref -= log1p((p[0] + x) / (p[1] + k));
            for (double k = 0; k < n; k++) /* (d+k)/(g+d+k) */
                ref -= log1p(p[2] / (p[3] + k));
            assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGBB, p, &x, &n, &n, &w, 1, &ll, NULL, NULL), CSAT_OK);
            csat_assert_close(ll, ref, 1e-12, 1e-300);
        }
    {
        /* the fuzz input: the fit must not end with a positive log-likelihood */
        const double x[5] = {9, 14, 2001, 0, 1}, tx[5] = {15, 16, 2339, 0, 1}, n[5] = {28, 21, 2724, 1, 1};
        const double w[5] = {1, 1, 1.0427495564563861e-194, 1, 1e15};
        csat_btyd_model *m;
        double ll;
        csat_status st;
        assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGBB), CSAT_OK);
        st = csat_btyd_fit(m, x, tx, n, w, 5, NULL);
        assert_true(st == CSAT_OK || st == CSAT_EDOM);
        if (st == CSAT_OK) {
            assert_int_equal(csat_btyd_log_likelihood(m, &ll, NULL, NULL), CSAT_OK);
            assert_true(ll < 0);
        }
        csat_btyd_free(m);
    }
}

/*
 * Counts are whole numbers up to 2^53 (found by fuzz_btyd in CI: a frequency
 * of 2.6e189 gave a NaN prediction with CSAT_OK; and 1e300, DBL_MAX gave NaN
 * or Inf in E[X], DERT). At 2^53 every prediction is finite; above, CSAT_EINVAL
 * with outputs untouched, for the purchase and spend models.
 */
static void test_frequency_ceiling(void **state)
{
    static const double p[4] = {0.25, 0.25, 0.25, 0.25};
    const double big[3] = {2.5808615404182139e+189, 0x1p53 + 2, DBL_MAX}, tx = 52.8, T = 65, t = 10, k = 1;
    const double top = 0x1p53;
    (void)state;
    for (int kind = 0; kind < 3; kind++) {
        csat_btyd_model *m;
        double o = 7;
        assert_int_equal(csat_btyd_new(&m, NULL, (csat_btyd_kind)kind), CSAT_OK);
        assert_int_equal(csat_btyd_set_params(m, p, 4), CSAT_OK);
        for (int i = 0; i < 3; i++) {
            assert_int_equal(csat_btyd_p_alive(m, &big[i], &tx, &T, 1, &o), CSAT_EINVAL);
            assert_int_equal(csat_btyd_expected_purchases(m, t, &big[i], &tx, &T, 1, &o), CSAT_EINVAL);
            assert_int_equal(csat_btyd_dert(m, 0.01, &big[i], &tx, &T, 1, &o), CSAT_EINVAL);
            assert_int_equal(csat_btyd_prob_purchases_cond(m, t, k, &big[i], &tx, &T, 1, &o), CSAT_EINVAL);
            assert_true(o == 7);
        }
        assert_int_equal(csat_btyd_p_alive(m, &top, &tx, &T, 1, &o), CSAT_OK);
        assert_true(isfinite(o) && o >= 0 && o <= 1);
        assert_int_equal(csat_btyd_expected_purchases(m, t, &top, &tx, &T, 1, &o), CSAT_OK);
        assert_true(isfinite(o) && o >= 0);
        csat_btyd_free(m);
    }
    {
        /* Pareto/NBD E[X(t)] at t = DBL_MAX: finite (2.6e160), was +Inf
         * with CSAT_OK (t/beta overflowed; found by fuzz_btyd); where the
         * value itself passes DBL_MAX, CSAT_EDOM with out untouched */
        csat_btyd_model *m;
        const double q[4] = {974198.12127957726, 0.5, 0.5, 0.5}, huge = DBL_MAX, q2[4] = {1e6, 1e-6, 1e-3, 1e-300};
        double o = 7;
        assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_PARETO_NBD), CSAT_OK);
        assert_int_equal(csat_btyd_set_params(m, q, 4), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases_new(m, &huge, 1, &o), CSAT_OK);
        /* r beta/alpha ((1 + t/beta)^(1-s) - 1)/(1-s), (1 + 2 DBL_MAX)^(1/2) = sqrt(DBL_MAX) sqrt(2) */
        csat_assert_close(o, 974198.12127957726 * (sqrt(DBL_MAX) * sqrt(2.0) - 1.0) / 0.5, 1e-12, 0);
        assert_int_equal(csat_btyd_set_params(m, q2, 4), CSAT_OK);
        o = 7;
        assert_int_equal(csat_btyd_expected_purchases_new(m, &huge, 1, &o), CSAT_EDOM);
        assert_true(o == 7);
        csat_btyd_free(m);
    }
    {
        csat_spend_model *s;
        const double x[3] = {2, 3, 1e300}, z[3] = {10, 20, 30};
        assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
        assert_int_equal(csat_spend_fit(s, x, z, NULL, 3, NULL), CSAT_EINVAL);
        csat_spend_free(s);
    }
}

/*
 * BG/NBD and MBG/NBD E[X(t)] at parameters from 1e-6 to 1e6 (issue 12,
 * finding 2): +Inf at {1e-6, 1e-3, 1e3, 1e6}, t = 1 (true value 6.9e-4:
 * the series overflowed and the 2F1 fallback lost everything to
 * cancellation); small r lost up to 8 digits to the subtraction
 * c*E1 - (1-z)^(a-1) S. Against the mpmath values of
 * tests/reference/btyd_extreme_mpmath.py, then finite on a grid.
 */
static void test_bg_expect_extreme_params(void **state)
{
    static const double pv[] = {1e-6, 1e-3, 1, 1e3, 1e6};
    static const double hz[] = {1e-3, 1, 1e3, 1e6};
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_ext_bg); i++) {
        const double *r = btyd_ext_bg[i];
        csat_btyd_model *m;
        double ec, en;
        set_model(&m, (csat_btyd_kind)(int)r[0], r + 1);
        assert_int_equal(csat_btyd_expected_purchases(m, r[8], &r[5], &r[6], &r[7], 1, &ec), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases_new(m, &r[8], 1, &en), CSAT_OK);
        csat_assert_close(ec, r[9], 1e-10, 1e-300);
        csat_assert_close(en, r[10], 1e-10, 1e-300);
        csat_btyd_free(m);
    }
    for (int kind = 0; kind < 3; kind += 2)
        for (size_t a = 0; a < N_OF(pv); a++)
            for (size_t b = 0; b < N_OF(pv); b++)
                for (size_t c = 0; c < N_OF(pv); c++)
                    for (size_t d = 0; d < N_OF(pv); d++) {
                        const double p[4] = {pv[a], pv[b], pv[c], pv[d]};
                        for (size_t h = 0; h < N_OF(hz); h++) {
                            const double en = csat__bgnbd_expected_new(p, hz[h], kind == 2);
                            const double ec = csat__bgnbd_expected_cond(p, hz[h], 3, 1, 2, kind == 2);
                            if (!(isfinite(en) && en >= 0 && isfinite(ec) && ec >= 0)) {
                                print_error("kind %d p %g %g %g %g t %g: new %g cond %g\n", kind, p[0], p[1], p[2], p[3],
                                            hz[h], en, ec);
                                fail();
                            }
                        }
                    }
}

/*
 * Degenerate data (issue 12, findings 5 and 6): one row of weight 1e6 was
 * CSAT_EINVAL ("need 2 with weight") while two rows of 5e5 fitted and
 * said OK (BG/NBD at r = 2e7, alpha = 4e8; MBG/NBD did not converge), and
 * 200 identical Pareto/NBD rows took 17.7 s to end at r = 2.1e7. The same
 * history at any weights is now one verdict, CSAT_EDOM before fitting,
 * parameters and report unchanged.
 */
static void test_fit_degenerate(void **state)
{
    static const double p0[4] = {0.5, 2.0, 0.7, 3.0};
    (void)state;
    for (int kind = 0; kind < 4; kind++) {
        const int bb = kind == CSAT_BTYD_BGBB;
        double x[200], tx[200], T[200], w1 = 1e6, w2[2] = {5e5, 5e5}, q[4];
        char msg[3][256];
        csat_btyd_model *m;
        csat_fit_report rep;
        for (int i = 0; i < 200; i++)
            x[i] = 2, tx[i] = bb ? 5 : 30, T[i] = bb ? 6 : 39;
        set_model(&m, (csat_btyd_kind)kind, p0);
        assert_int_equal(csat_btyd_fit(m, x, tx, T, &w1, 1, NULL), CSAT_EDOM);
        strcpy(msg[0], csat_btyd_last_error(m));
        assert_int_equal(csat_btyd_fit(m, x, tx, T, w2, 2, NULL), CSAT_EDOM);
        strcpy(msg[1], csat_btyd_last_error(m));
        assert_int_equal(csat_btyd_fit(m, x, tx, T, NULL, 200, NULL), CSAT_EDOM);
        strcpy(msg[2], csat_btyd_last_error(m));
        assert_string_equal(msg[0], msg[1]);
        assert_string_equal(msg[0], msg[2]);
        assert_non_null(strstr(msg[0], "same history"));
        assert_int_equal(csat_btyd_get_params(m, q, 4), CSAT_OK);
        assert_memory_equal(q, p0, sizeof q);
        assert_int_equal(csat_btyd_fit_report(m, &rep), CSAT_EMISUSE); /* never fitted */
        /* a zero-weight row of another history does not count */
        {
            double x2[2] = {2, 1}, tx2[2] = {tx[0], 1}, T2[2] = {T[0], T[0]}, w[2] = {3, 0};
            assert_int_equal(csat_btyd_fit(m, x2, tx2, T2, w, 2, NULL), CSAT_EDOM);
        }
        csat_btyd_free(m);
    }
}

/*
 * Fits whose likelihood grows towards the edge of the parameter space
 * (issue 12, finding 6): Pareto/NBD on 4 rows took 6-8 s (146 s here) to
 * stop on the ridge s, beta -> infinity and said OK; BG/NBD ran to
 * a = 3e-11 and MBG/NBD to r = 1.9e7 with CSAT_OK. Now CSAT_EDOM naming
 * the parameters, the report updated (converged = 0), the parameters not.
 */
static void test_fit_boundary(void **state)
{
    static const double x[4] = {0, 1, 3, 7}, tx[4] = {0, 10, 25, 36}, T[4] = {39, 39, 39, 39};
    static const struct {
        csat_btyd_kind kind;
        const char *names;
    } cases[] = {{CSAT_BTYD_PARETO_NBD, "in s, beta "}, {CSAT_BTYD_BGNBD, "in a, b "}, {CSAT_BTYD_MBGNBD, "in r, alpha "}};
    static const double p0[4] = {0.5, 2.0, 0.7, 3.0};
    (void)state;
    for (size_t i = 0; i < N_OF(cases); i++) {
        csat_btyd_model *m;
        csat_fit_report rep;
        double q[4];
        set_model(&m, cases[i].kind, p0);
        assert_int_equal(csat_btyd_fit(m, x, tx, T, NULL, 4, NULL), CSAT_EDOM);
        assert_non_null(strstr(csat_btyd_last_error(m), cases[i].names));
        assert_int_equal(csat_btyd_get_params(m, q, 4), CSAT_OK);
        assert_memory_equal(q, p0, sizeof q);
        assert_int_equal(csat_btyd_fit_report(m, &rep), CSAT_OK);
        assert_false(rep.converged);
        csat_btyd_free(m);
    }
    /* both ridges at once: Newton's line search stalled at r = 3e5, s = 1.6e5
     * (5e-10 of rounding noise in the log-likelihood there) and said OK */
    {
        static const double x2[4] = {0, 1, 2, 5}, tx2[4] = {0, 3, 5, 9}, T2[4] = {10, 10, 12, 12};
        csat_btyd_model *m;
        set_model(&m, CSAT_BTYD_PARETO_NBD, p0);
        assert_int_equal(csat_btyd_fit(m, x2, tx2, T2, NULL, 4, NULL), CSAT_EDOM);
        assert_non_null(strstr(csat_btyd_last_error(m), "in r, alpha"));
        csat_btyd_free(m);
    }
}

/*
 * Weights scale the likelihood only: the CDNOW BG/NBD fit with every
 * weight 1e-300 or 1e300 has the estimates of unit weights (with 1e-300
 * the gradient was below the absolute tolerance at the start: the fit
 * said OK at r = alpha = ... = its starting point) and their
 * log-likelihood times the weight; standard errors scale as 1/sqrt(weight).
 */
static void test_fit_weight_scale(void **state)
{
    static const double sc[] = {1e-300, 1e300};
    cdnow d;
    double p1[4], se1[4], ll1, *w;
    csat_btyd_model *m;
    (void)state;
    assert_true(load_cdnow(&d));
    w = malloc(d.n * sizeof *w);
    assert_non_null(w);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    assert_int_equal(csat_btyd_fit(m, d.col[1], d.col[2], d.col[3], NULL, d.n, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_get_params(m, p1, 4), CSAT_OK);
    assert_int_equal(csat_btyd_standard_errors(m, se1, 4), CSAT_OK);
    assert_int_equal(csat_btyd_log_likelihood(m, &ll1, NULL, NULL), CSAT_OK);
    for (size_t k = 0; k < N_OF(sc); k++) {
        double p[4], se[4], ll;
        for (size_t i = 0; i < d.n; i++)
            w[i] = sc[k];
        assert_int_equal(csat_btyd_fit(m, d.col[1], d.col[2], d.col[3], w, d.n, NULL), CSAT_OK);
        assert_int_equal(csat_btyd_get_params(m, p, 4), CSAT_OK);
        assert_int_equal(csat_btyd_standard_errors(m, se, 4), CSAT_OK);
        assert_int_equal(csat_btyd_log_likelihood(m, &ll, NULL, NULL), CSAT_OK);
        for (int j = 0; j < 4; j++) {
            csat_assert_close(p[j], p1[j], 1e-9, 0);
            csat_assert_close(se[j] * sqrt(sc[k]), se1[j], 1e-6, 0);
        }
        csat_assert_close(ll / sc[k], ll1, 1e-12, 0);
    }
    csat_btyd_free(m);
    free(w);
    free_cdnow(&d);
}

/*
 * BG/BB with long histories (issue 12, finding 6: a fit at n = 1e6 took
 * 7.8 s): log-likelihoods of histories up to 1e6 opportunities against a
 * 40-digit sum (tests/reference/btyd_extreme_mpmath.py), and a fit on 4
 * rows with n = 1e6 that ends at an interior optimum (zero gradient).
 */
static void test_bgbb_long_histories(void **state)
{
    static const double x[4] = {1, 3, 0, 5}, tx[4] = {1, 900000, 0, 1000000}, n[4] = {1e6, 1e6, 1e6, 1e6};
    csat_btyd_model *m;
    double p[4], g[4], ll;
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_ext_bgbb_ll); i++) {
        const double *r = btyd_ext_bgbb_ll[i];
        assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGBB, r, &r[4], &r[5], &r[6], NULL, 1, &ll, NULL, NULL), CSAT_OK);
        csat_assert_close(ll, r[7], 1e-13, 0);
    }
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGBB), CSAT_OK);
    assert_int_equal(csat_btyd_fit(m, x, tx, n, NULL, 4, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_get_params(m, p, 4), CSAT_OK);
    assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGBB, p, x, tx, n, NULL, 4, &ll, g, NULL), CSAT_OK);
    for (int j = 0; j < 4; j++)
        assert_true(fabs(g[j] * p[j]) < 1e-6);
    csat_btyd_free(m);
}

/*
 * Gamma-Gamma at every scale (issue 12): with every weight 1e300 the fit
 * ran its 500 iterations (0.18 s) and said CSAT_ENOCONV, as it did with
 * the spends times 1e297; 1000 copies of one repeat buyer ran 30
 * iterations to CSAT_ENOCONV. Now the unit-weight estimates (gamma with
 * the spends' unit), the log-likelihood scaled and shifted by the
 * density's Jacobian, and CSAT_EDOM for one history.
 */
static void test_spend_scales(void **state)
{
    cdnow d;
    csat_spend_model *m;
    double p1[3], ll1, *w, *z, p[3], ll, nrep = 0.0;
    (void)state;
    assert_true(load_cdnow(&d));
    w = malloc(d.n * sizeof *w);
    z = malloc(d.n * sizeof *z);
    assert_true(w && z);
    assert_int_equal(csat_spend_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_spend_fit(m, d.col[1], d.col[4], NULL, d.n, NULL), CSAT_OK);
    assert_int_equal(csat_spend_get_params(m, p1, 3), CSAT_OK);
    assert_int_equal(csat_spend_log_likelihood(m, &ll1, NULL, NULL), CSAT_OK);
    for (size_t i = 0; i < d.n; i++) {
        w[i] = 1e300;
        z[i] = d.col[4][i] * 1e297;
        nrep += d.col[1][i] >= 1;
    }
    assert_int_equal(csat_spend_fit(m, d.col[1], d.col[4], w, d.n, NULL), CSAT_OK);
    assert_int_equal(csat_spend_get_params(m, p, 3), CSAT_OK);
    assert_int_equal(csat_spend_log_likelihood(m, &ll, NULL, NULL), CSAT_OK);
    for (int j = 0; j < 3; j++)
        csat_assert_close(p[j], p1[j], 1e-6, 0); /* the fit's own precision (gtol) */
    csat_assert_close(ll / 1e300, ll1, 1e-12, 0);
    assert_int_equal(csat_spend_fit(m, d.col[1], z, NULL, d.n, NULL), CSAT_OK);
    assert_int_equal(csat_spend_get_params(m, p, 3), CSAT_OK);
    assert_int_equal(csat_spend_log_likelihood(m, &ll, NULL, NULL), CSAT_OK);
    csat_assert_close(p[0], p1[0], 1e-6, 0);
    csat_assert_close(p[1], p1[1], 1e-6, 0);
    csat_assert_close(p[2] / 1e297, p1[2], 1e-6, 0);
    csat_assert_close(ll + nrep * log(1e297), ll1, 1e-10, 0);
    for (size_t i = 0; i < d.n; i++)
        w[i] = 2, z[i] = 30;
    assert_int_equal(csat_spend_fit(m, w, z, NULL, d.n, NULL), CSAT_EDOM);
    assert_non_null(strstr(csat_spend_last_error(m), "same history"));
    assert_int_equal(csat_spend_get_params(m, p, 3), CSAT_OK);
    csat_assert_close(p[2] / 1e297, p1[2], 1e-6, 0); /* the last successful fit's, kept */
    csat_spend_free(m);
    free(w);
    free(z);
    free_cdnow(&d);
}

/* ---- P(X(t) = k) in bounded time, P(X(T, T+t) = k | history) (issues 11, 12) ---- */

/*
 * Against tests/btyd/btyd_pmf_reference.h (mpmath, tests/reference/btyd_pmf_mpmath.py):
 * BG/NBD (Fader, Hardie & Lee 2005 eq. 8) and MBG/NBD (Batislam et al.
 * 2007) at r < 0.1 with t/alpha up to 1e9, where the tail summed term by
 * term took 0.1-0.45 s per value and lost up to 3e-10 to the complement of
 * I_z (and b + k - 1 lost a tiny b's digits); BG/BB (Fader, Hardie & Shang
 * 2010 eq. 7) up to n = 1e6 (O(n) before: 0.17 s per value, and up to
 * 1e-10 lost to log-gammas of size n log n).
 */
/* A reference row {kind, r, alpha, a, b, t, k, P}: P(X(t) = k) within rtol;
 * returns the model with the row's parameters. */
static csat_btyd_model *bg_pmf_row(const double *r, double rtol)
{
    csat_btyd_model *m;
    double v = -1;
    set_model(&m, (csat_btyd_kind)r[0], &r[1]);
    assert_int_equal(csat_btyd_prob_purchases(m, r[5], &r[6], 1, &v), CSAT_OK);
    csat_assert_close(v, r[7], rtol, 1e-300);
    return m;
}

static void test_prob_new_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_pmf_bg); i++) {
        const double *r = btyd_pmf_bg[i];
        /* b = 1e6: ~1e-16 of log B(a, b) ~ 1e7; large k: the condition
         * number of z^k in t is k */
        csat_btyd_free(bg_pmf_row(r, fmax(r[4] >= 1e5 ? 5e-12 : 2e-13, 1e-15 * r[6])));
    }
    for (size_t i = 0; i < N_OF(btyd_pmf_bgbb); i++) {
        const double *r = btyd_pmf_bgbb[i];
        csat_btyd_model *m;
        double v = -1;
        set_model(&m, CSAT_BTYD_BGBB, r);
        assert_int_equal(csat_btyd_prob_purchases(m, r[4], &r[5], 1, &v), CSAT_OK);
        csat_assert_close(v, r[6], r[0] >= 1e3 ? 1e-11 : 2e-13, 1e-300);
        csat_btyd_free(m);
    }
}

/* P(X(T, T+t) = k | x, t_x, T) against the same script: the decomposition,
 * itself checked there against the definition integrated over the
 * individual-level model; the probabilities sum to 1 over k and their mean
 * is the conditional expectation; bad input. */
static void test_prob_cond(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_pmf_cond); i++) {
        const double *r = btyd_pmf_cond[i];
        csat_btyd_model *m;
        double v = -1;
        set_model(&m, (csat_btyd_kind)r[0], &r[1]);
        assert_int_equal(csat_btyd_prob_purchases_cond(m, r[8], r[9], &r[5], &r[6], &r[7], 1, &v), CSAT_OK);
        csat_assert_close(v, r[10], 1e-12, 1e-300);
        csat_btyd_free(m);
    }
    for (int kind = 0; kind < 4; kind++) {
        static const double pk[4][4] = {{0.243, 4.414, 0.793, 2.426}, {0.553, 10.58, 0.606, 11.67},
                                        {0.525, 6.183, 0.891, 1.614}, {1.204, 0.750, 0.657, 2.783}};
        const int bb = kind == CSAT_BTYD_BGBB;
        const double x[3] = {2, 0, bb ? 6 : 7}, tx[3] = {bb ? 5 : 30.43, 0, bb ? 6 : 38}, T[3] = {bb ? 6 : 38.86, bb ? 6 : 38.86, bb ? 6 : 38.86};
        const double t = bb ? 5 : 39, bad[] = {-1, 1.5, NAN, INFINITY, 2e7};
        const double bad_t[] = {-1, NAN, INFINITY, bb ? 1.5 : -1e-300};
        double e[3], sum[3] = {0}, mean[3] = {0}, v[3], keep = -7;
        csat_btyd_model *m;
        set_model(&m, (csat_btyd_kind)kind, pk[kind]);
        assert_int_equal(csat_btyd_expected_purchases(m, t, x, tx, T, 3, e), CSAT_OK);
        for (int k = 0; k < 300; k++) {
            assert_int_equal(csat_btyd_prob_purchases_cond(m, t, k, x, tx, T, 3, v), CSAT_OK);
            for (int i = 0; i < 3; i++) {
                assert_true(v[i] >= 0 && v[i] <= 1);
                sum[i] += v[i], mean[i] += k * v[i];
            }
        }
        for (int i = 0; i < 3; i++) {
            csat_assert_close(sum[i], 1.0, 1e-13, 0);
            csat_assert_close(mean[i], e[i], 1e-11, 0);
        }
        /* t = 0: nothing happens */
        assert_int_equal(csat_btyd_prob_purchases_cond(m, 0, 0, x, tx, T, 1, v), CSAT_OK);
        assert_true(v[0] == 1.0);
        for (size_t j = 0; j < N_OF(bad); j++)
            assert_int_equal(csat_btyd_prob_purchases_cond(m, t, bad[j], x, tx, T, 1, &keep), CSAT_EINVAL);
        for (size_t j = 0; j < N_OF(bad_t); j++)
            assert_int_equal(csat_btyd_prob_purchases_cond(m, bad_t[j], 1, x, tx, T, 1, &keep), CSAT_EINVAL);
        assert_int_equal(csat_btyd_prob_purchases_cond(m, t, 1, x, T, tx, 3, &keep), CSAT_EINVAL); /* t_x > T */
        assert_int_equal(csat_btyd_prob_purchases_cond(m, t, 1, NULL, tx, T, 1, &keep), CSAT_EINVAL);
        assert_int_equal(csat_btyd_prob_purchases_cond(m, t, 1, x, tx, T, 1, NULL), CSAT_EINVAL);
        assert_true(keep == -7);
        csat_btyd_free(m);
        assert_int_equal(csat_btyd_new(&m, NULL, (csat_btyd_kind)kind), CSAT_OK);
        assert_int_equal(csat_btyd_prob_purchases_cond(m, t, 1, x, tx, T, 1, &keep), CSAT_EMISUSE);
        assert_int_equal(csat_btyd_prob_purchases_cond(NULL, t, 1, x, tx, T, 1, &keep), CSAT_EINVAL);
        csat_btyd_free(m);
    }
    {
        /* t/alpha underflowing to 0 (alpha + T = 5e86, t = 1e-300) gave NaN
         * at k = 0 (0 * log z, z = 0; found by fuzz_btyd) */
        static const double p[4] = {1.75, 1.75, 1.75, 1.75}, pa[4] = {1.75, 1e15, 1.75, 1.75};
        static const double pout[4] = {1.75, 5.2e86, 1.75, 1.75};
        const double x = 0, tx = 0, T = 5.2332688958590292e86, k0 = 0, t = 1e-300, tiny = 4.9e-324;
        double v = -1;
        csat_btyd_model *m;
        for (int kind = 0; kind <= 2; kind += 2) {
            set_model(&m, (csat_btyd_kind)kind, p);
            assert_int_equal(csat_btyd_prob_purchases_cond(m, t, 0, &x, &tx, &T, 1, &v), CSAT_OK);
            assert_true(v == 1.0);
            csat_btyd_free(m);
            set_model(&m, (csat_btyd_kind)kind, pa); /* tiny / 1e15 underflows to 0 */
            assert_int_equal(csat_btyd_prob_purchases(m, tiny, &k0, 1, &v), CSAT_OK);
            assert_true(isfinite(v) && v > 0.0 && v <= 1.0);
            csat_btyd_free(m);
            /* beyond [1e-15, 1e15] predictions are CSAT_EDOM (csat.h), out untouched */
            set_model(&m, (csat_btyd_kind)kind, pout);
            v = -1;
            assert_int_equal(csat_btyd_prob_purchases(m, t, &k0, 1, &v), CSAT_EDOM);
            assert_int_equal(csat_btyd_p_alive(m, &x, &tx, &T, 1, &v), CSAT_EDOM);
            assert_true(v == -1);
            csat_btyd_free(m);
        }
    }
}

/* ---- BTYD numerics at extreme parameters (found by fuzz_btyd) ---- */

/* sum over k = 0..kmax of P(X(t) = k): within 1e-12 of 1 (never above) */
static void check_pmf_sums_to_one(csat_btyd_model *m, double t, int kmax)
{
    double sum = 0.0;
    for (int k = 0; k <= kmax; k++) {
        double kk = k, v = -1;
        assert_int_equal(csat_btyd_prob_purchases(m, t, &kk, 1, &v), CSAT_OK);
        assert_true(v >= 0.0 && v <= 1.0);
        sum += v;
    }
    if (!(sum <= 1.0 + 1e-12 && sum >= 1.0 - 1e-12))
        fail_msg("P(X(%g) = k) over k = 0..%d sums to 1 %+.3g", t, kmax, sum - 1.0);
}

/*
 * BG/BB at tiny and huge parameters against mpmath at 50 digits
 * (tests/btyd/btyd_reference.h, btyd_ref_bgbb_extreme, made by
 * tests/reference/btyd_mpmath.py; Fader, Hardie & Shang 2010 eqs. 5 and 7
 * with exact beta functions). The log-likelihood was +1.6e-6 (a
 * log-probability) at beta = 2e-10, x = t_x = n = 7 (b + n - x rounded a
 * tiny beta's digits away; true -2.2e-10) and P(X(n) = k) summed to up to
 * 6 over k at parameters near 1e15 (log-betas of ~3e16 differenced).
 */
static void test_bgbb_extreme(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_ref_bgbb_extreme); i++) {
        const double *r = btyd_ref_bgbb_extreme[i];
        const double x = r[4], tx = r[5], n = r[6], k = r[8], w = 1e12;
        double ll = 1, llw = 1, pk = -1;
        csat_btyd_model *m;
        assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGBB, r, &x, &tx, &n, NULL, 1, &ll, NULL, NULL), CSAT_OK);
        assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGBB, r, &x, &tx, &n, &w, 1, &llw, NULL, NULL), CSAT_OK);
        assert_true(ll <= 0.0 && llw <= 0.0);
        /* near-certain rows (log L ~ -1e-25) keep ~1e-15 absolute: their
         * terms' rounding; the rest relative */
        csat_assert_close(ll, r[7], 1e-12, 1e-15);
        set_model(&m, CSAT_BTYD_BGBB, r);
        assert_int_equal(csat_btyd_prob_purchases(m, n, &k, 1, &pk), CSAT_OK);
        csat_assert_close(pk, r[9], 1e-12, 1e-300);
        check_pmf_sums_to_one(m, n, (int)n);
        csat_btyd_free(m);
    }
}

/*
 * BG/NBD and MBG/NBD P(X(t) = k) at huge parameters against mpmath at 50
 * digits (tests/btyd/btyd_reference.h, btyd_ref_bg_prob_extreme, made by
 * tests/reference/btyd_mpmath.py; Fader, Hardie & Lee 2005 eq. 8): it
 * summed to 2.1 over k at a = b = 1e15 (log-betas differenced) and to
 * 1 + 8.8e-6 at r = alpha = 1e15 (I_z(k, r) through its complement at z
 * near 1).
 */
static void test_bg_prob_extreme(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_ref_bg_prob_extreme); i++) {
        const double *r = btyd_ref_bg_prob_extreme[i];
        csat_btyd_model *m = bg_pmf_row(r, 1e-12);
        if (i == 0 || memcmp(r, btyd_ref_bg_prob_extreme[i - 1], 6 * sizeof *r) != 0)
            check_pmf_sums_to_one(m, r[5], 3000);
        csat_btyd_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hyp2f1),
        cmocka_unit_test(test_bgnbd_cdnow),
        cmocka_unit_test(test_weights_and_chunks),
        cmocka_unit_test(test_bg_reference),
        cmocka_unit_test(test_gamma_gamma_cdnow),
        cmocka_unit_test(test_bgbb_donations),
        cmocka_unit_test(test_pnbd_cdnow),
        cmocka_unit_test(test_pnbd_bgbb_reference),
        cmocka_unit_test(test_pnbd_mpmath),
        cmocka_unit_test(test_robustness_sweep),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_fit_customers),
        cmocka_unit_test(test_dert_reference),
        cmocka_unit_test(test_pnbd_prob_sums),
        cmocka_unit_test(test_dert_sweep),
        cmocka_unit_test(test_dert_extreme_discount),
        cmocka_unit_test(test_dert_bad_input),
        cmocka_unit_test(test_bg_many_matches_scalar),
        cmocka_unit_test(test_bg_many_cells),
        cmocka_unit_test(test_bad_row_in_batch),
        cmocka_unit_test(test_clv_paths_and_bad_input),
        cmocka_unit_test(test_bgnbd_dert_reference),
        cmocka_unit_test(test_bgnbd_dert_sweep),
        cmocka_unit_test(test_bgnbd_dert_limits),
        cmocka_unit_test(test_pnbd_cliff),
        cmocka_unit_test(test_spend_extremes),
        cmocka_unit_test(test_chunk_loglik_gradient_not_finite),
        cmocka_unit_test(test_bgbb_extreme_params),
        cmocka_unit_test(test_bgbb_row_loglik_near_zero),
        cmocka_unit_test(test_frequency_ceiling),
        cmocka_unit_test(test_bg_expect_extreme_params),
        cmocka_unit_test(test_fit_degenerate),
        cmocka_unit_test(test_fit_boundary),
        cmocka_unit_test(test_fit_weight_scale),
        cmocka_unit_test(test_bgbb_long_histories),
        cmocka_unit_test(test_spend_scales),
        cmocka_unit_test(test_prob_new_reference),
        cmocka_unit_test(test_prob_cond),
        cmocka_unit_test(test_bgbb_extreme),
        cmocka_unit_test(test_bg_prob_extreme),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
