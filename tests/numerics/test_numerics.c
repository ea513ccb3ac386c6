/*
 * The shared numerics layer. Reference values: mpmath 1.3.0 at 40 digits
 * (loggamma, digamma, psi(1, x), log(beta), gammainc(regularized), sqrt(2)*erfinv(2p-1)),
 * printed to 20 significant digits; arguments converted to mpf before any
 * arithmetic.
 */
#include "csat_test.h"

#include <float.h>
#include "specfun_diff_reference.h"
#include "numerics/numerics.h"
#include "numerics/optim.h"
#include "hyp2f1_reference.h"

static const double lgamma_ref[][2] = {
    {1e-300, 690.77552789821370518}, {1e-08, 18.420680738180208884},
    {0.1, 2.252712651734205902},     {0.5, 0.57236494292470008707},
    {1.0, 0.0},                      {1.5, -0.12078223763524522235},
    {2.0, 0.0},                      {2.5, 0.28468287047291915963},
    {7.9, 8.3242658680088096349},    {8.0, 8.5251613610654143002},
    {8.1, 8.727388263432039799},     {12.3, 18.238983407092243696},
    {100.0, 359.13420536957539878},  {1234.5, 7550.5509010778948957},
    {1e6, 12815504.56914761166},     {1e12, 26631021115915.651636},
};

static const double digamma_ref[][2] = {
    {0.001, -1000.5755719318102797}, {0.5, -1.9635100260214234794},
    {1.0, -0.57721566490153286061},  {3.7, 1.1671535393615114409},
    {9.99, 2.250700372831201122},    {10.0, 2.2517525890667211076},
    {55.5, 4.0073469585404439122},   {1e5, 11.512920464961895087},
};

static const double trigamma_ref[][2] = {
    {0.001, 1000001.642533195869},   {0.5, 4.9348022005446793094},
    {1.0, 1.6449340668482264365},    {3.7, 0.3100378576700383191},
    {9.99, 0.10527695014824178675},  {10.0, 0.10516633568168574612},
    {55.5, 0.018181317363221761045}, {1e5, 0.000010000050000166666667},
};

static const double lbeta_ref[][3] = {
    {0.5, 0.5, 1.1447298858494001741},      {0.001, 1e6, 6.8933633753253894704},
    {2.5, 3.5, -3.3018352699620526098},     {1e4, 1e4, -13866.28325676140964},
    {0.243, 1e5, -1.4795963835323076374},   {7.0, 0.1, 2.0646703843595361041},
};

static const double lgamma_diff_ref[][3] = {
    {1e6, 0.243, 3.3571689736098106422},   {1e10, 5.0, 115.1292546507022842},
    {3.0, 2.5, 3.2646667870587709845},     {50.0, -40.0, -131.7639164662634164},
    {1e4, -0.5, -4.6051326847380444915},
};

static const double gamma_q_ref[][3] = {
    {0.5, 0.1, 0.65472084601857702044},    {0.5, 3.0, 0.014305878435429639526},
    {3.0, 2.0, 0.67667641618306345947},    {10.0, 25.0, 0.00022147663824878358122},
    {100.0, 90.0, 0.8417790108135698319},  {1.5, 40.0, 3.0692774861724171289e-17},
};

static const double normq_ref[][2] = {
    {1e-10, -6.3613409024040561991}, {0.025, -1.9599639845400542118},
    {0.3, -0.52440051270804081597},  {0.5, 0.0},
    {0.975, 1.9599639845400538556},  {0.999999, 4.7534243088170877657},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void test_lgamma(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(lgamma_ref); i++)
        csat_assert_close(csat__lgamma(lgamma_ref[i][0]), lgamma_ref[i][1], 2e-15, 4e-15);
    assert_true(isnan(csat__lgamma(0.0)));
    assert_true(isnan(csat__lgamma(-1.0)));
}

static void test_digamma(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(digamma_ref); i++)
        csat_assert_close(csat__digamma(digamma_ref[i][0]), digamma_ref[i][1], 4e-15, 4e-15);
}

/* e^z E_p(z), mpmath 40 digits: exp(z) * expint(p, z) */
static const double gamma_cf_ref[][3] = {
    {3.5, 1e3, 0.00099651566393387508902},   {3.5, 1e8, 9.99999965000001575e-09},
    {3.5, 1e17, 9.99999999999999965e-18},    {-2.5, 2000, 0.00050062546886715822507},
    {200, 20000, 0.000049504974757436777288}, {0.5, 1500, 0.0006664446662971579107},
    {0.5, 10, 0.095608661293027672696},
};

static void test_gamma_cf(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(gamma_cf_ref); i++)
        csat_assert_close(csat__gamma_cf(gamma_cf_ref[i][0], gamma_cf_ref[i][1]), gamma_cf_ref[i][2], 2e-15, 0);
}

static void test_trigamma(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(trigamma_ref); i++)
        csat_assert_close(csat__trigamma(trigamma_ref[i][0]), trigamma_ref[i][1], 4e-15, 0);
}

static void test_lbeta_and_diff(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(lbeta_ref); i++)
        csat_assert_close(csat__lbeta(lbeta_ref[i][0], lbeta_ref[i][1]), lbeta_ref[i][2], 1e-13, 1e-14);
    for (size_t i = 0; i < N_OF(lgamma_diff_ref); i++)
        csat_assert_close(csat__lgamma_diff(lgamma_diff_ref[i][0], lgamma_diff_ref[i][1]),
                          lgamma_diff_ref[i][2], 1e-13, 1e-14);
}

/* Digamma differences and log-gamma steps against mpmath at 60 digits
 * (tests/reference/specfun_diff_mpmath.py -> specfun_diff_reference.h). */
static void test_digamma_diff_and_lgamma_step(void **state)
{
    double worst_d = 0.0, worst_s = 0.0;
    (void)state;
    for (size_t i = 0; i < sizeof digamma_diff_ref / sizeof digamma_diff_ref[0]; i++) {
        const double *r = digamma_diff_ref[i];
        double v = csat__digamma_diff(r[0], r[1]), e = fabs(v - r[2]) / fabs(r[2]);
        worst_d = e > worst_d ? e : worst_d;
        csat_assert_close(v, r[2], 4e-15, 0);
    }
    for (size_t i = 0; i < sizeof lgamma_diff_step_ref / sizeof lgamma_diff_step_ref[0]; i++) {
        const double *r = lgamma_diff_step_ref[i];
        double v = csat__lgamma_diff_step(r[0], r[1], r[2]), e = fabs(v - r[3]) / fabs(r[3]);
        worst_s = e > worst_s ? e : worst_s;
        csat_assert_close(v, r[3], 2e-13, 0);
    }
    print_message("digamma_diff worst %.2e, lgamma_diff_step worst %.2e\n", worst_d, worst_s);
    assert_true(csat__digamma_diff(1.0, 0.0) == 0.0 && csat__lgamma_diff_step(8.0, 1.0, 0.0) == 0.0);
    assert_true(isnan(csat__digamma_diff(0.0, 1.0)) && isnan(csat__digamma_diff(1.0, -1.0)));
    assert_true(isnan(csat__lgamma_diff_step(7.9, 1.0, 1.0)) && isnan(csat__lgamma_diff_step(8, NAN, 1)));
}

static void test_incomplete_gamma(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(gamma_q_ref); i++) {
        double a = gamma_q_ref[i][0], x = gamma_q_ref[i][1], q = gamma_q_ref[i][2];
        csat_assert_close(csat__gamma_q(a, x), q, 1e-12, 0);
        csat_assert_close(csat__gamma_p(a, x), 1.0 - q, 1e-12, 1e-16);
    }
    /* chi-square 5% critical value with 1 df */
    csat_assert_close(csat__chisq_sf(3.8414588206941236, 1.0), 0.05, 1e-12, 0);
}

/* The divided difference of log Gamma that the 2F1 connection formula uses
 * near integer c - a - b, for d down to 1e-12 and at d = 0 (digamma). */
static void test_lgamma_dd(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(lgamma_dd_ref); i++)
        csat_assert_close(csat__lgamma_dd(lgamma_dd_ref[i][0], lgamma_dd_ref[i][1]), lgamma_dd_ref[i][2],
                          2e-15, 0);
    assert_true(isnan(csat__lgamma_dd(0.0, 0.5)));
    assert_true(isnan(csat__lgamma_dd(0.5, -0.5)));
}

/*
 * 2F1 against mpmath on the ranges the models use (hyp2f1_reference.h,
 * tests/reference/hyp2f1_mpmath.py): log|F| to tol (1 + |log F|) (an error
 * in log|F| is a relative error of F; log F reaches 1e5 for BG/NBD with
 * many purchases) and the sign, the tightest tolerance each range meets,
 * and for a = 1 csat__hyp2f1_1bc as a value to tol_1bc. The old routines
 * reached 5e-8 (continued fraction, sBG and BG/BB at d = 1e-9) and 6e-8
 * (interpolation at integer c - a - b, BG/NBD) on these rows.
 */
static void test_hyp2f1(void **state)
{
    static const struct {
        hyp2f1_ref_range r;
        double tol, tol_1bc;
    } ranges[] = {
        {HYP2F1_REF(sbg_del), 5e-15, 2e-14},       {HYP2F1_REF(sbg_derl), 2e-15, 1e-14},
        {HYP2F1_REF(bgbb_dert), 1e-15, 1e-14},     {HYP2F1_REF(bgnbd_near1), 1e-14, 0},
        {HYP2F1_REF(bgnbd_ab_lt_r), 5e-16, 0},     {HYP2F1_REF(bgnbd_c_neg), 5e-15, 0},
        {HYP2F1_REF(bgnbd_a_near1), 2e-15, 0},     {HYP2F1_REF(bgnbd_m_int), 1e-14, 0},
        {HYP2F1_REF(bgnbd_large_x), 5e-16, 0},     {HYP2F1_REF(general), 5e-14, 5e-15},
    };
    (void)state;
    for (size_t r = 0; r < N_OF(ranges); r++) {
        for (size_t i = 0; i < ranges[r].r.n; i++) {
            const double *row = ranges[r].r.rows[i];
            const double a = row[0], b = row[1], c = row[2], z = row[3];
            int sign;
            double l = csat__hyp2f1_log(a, b, c, z, &sign);
            if (sign != (int)row[5] || !csat_test_close(l, row[4], ranges[r].tol, ranges[r].tol))
                print_error("%s row %zu: 2F1(%.17g, %.17g; %.17g; %.17g)\n", ranges[r].r.name, i, a, b, c, z);
            assert_int_equal(sign, (int)row[5]);
            csat_assert_close(l, row[4], ranges[r].tol, ranges[r].tol);
            if (a == 1.0 && b > 0.0 && c > 0.0 && z >= 0.0)
                csat_assert_close(csat__hyp2f1_1bc(b, c, z), exp(row[4]), ranges[r].tol_1bc, 0);
        }
    }
    /* the plain value, and NaN outside the domain */
    csat_assert_close(csat__hyp2f1(1.2, 3.4, -0.4, 0.5), -369.36945284585721, 1e-15, 0);
    assert_true(isnan(csat__hyp2f1(1.0, 2.0, 3.0, 1.0)));
    assert_true(isnan(csat__hyp2f1(1.0, 2.0, -2.0, 0.5)));
    assert_true(isnan(csat__hyp2f1_1bc(1.0, 2.0, -0.1)));
    assert_true(isnan(csat__hyp2f1_1bc(0.0, 2.0, 0.5)));
}

static void test_normal(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(normq_ref); i++)
        csat_assert_close(csat__norm_quantile(normq_ref[i][0]), normq_ref[i][1], 1e-14, 1e-15);
    csat_assert_close(csat__norm_cdf(-1.959963984540054), 0.025, 1e-14, 0);
    csat_assert_close(csat__norm_sf(1.959963984540054), 0.025, 1e-14, 0);
    assert_true(isnan(csat__norm_quantile(1.5)));
}

static void test_sums_and_logspace(void **state)
{
    const double x[] = {1e16, 1.0, -1e16, 1.0};
    const double l[] = {-1000.0, -1000.0, -INFINITY};
    double m, v;
    int s;
    const double d[] = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
    (void)state;
    csat_assert_close(csat__sum(x, 4), 2.0, 0, 0);
    csat__mean_var(d, 4, &m, &v);
    csat_assert_close(m, 1e9 + 10, 1e-15, 0);
    csat_assert_close(v, 30.0, 1e-12, 0); /* Welford's classic hard case */
    csat_assert_close(csat__logsumexp(l, 3), -1000.0 + log(2.0), 1e-15, 0);
    assert_true(csat__logsumexp(l, 0) == -INFINITY);
    csat_assert_close(csat__logaddexp(0.0, -INFINITY), 0.0, 0, 0);
    /* e^1 - e^0 */
    csat_assert_close(csat__log_add_signed(1.0, 1, 0.0, -1, &s), log(exp(1.0) - 1.0), 1e-15, 0);
    assert_int_equal(s, 1);
    csat_assert_close(csat__log_add_signed(0.0, 1, 1.0, -1, &s), log(exp(1.0) - 1.0), 1e-15, 0);
    assert_int_equal(s, -1);
    csat__log_add_signed(2.0, 1, 2.0, -1, &s);
    assert_int_equal(s, 0);
    csat_assert_close(csat__log1mexp(1e-20), log(1e-20), 1e-15, 0);
    csat_assert_close(csat__log1mexp(50.0), -exp(-50.0), 1e-15, 0);
}

/* Rosenbrock in 2-D: minimum 0 at (1, 1). */
static double rosen(const double *x, double *g, void *ctx)
{
    double a = 1.0 - x[0], b = x[1] - x[0] * x[0];
    (void)ctx;
    if (g) {
        g[0] = -2.0 * a - 400.0 * x[0] * b;
        g[1] = 200.0 * b;
    }
    return a * a + 100.0 * b * b;
}

static void test_optimiser_rosenbrock(void **state)
{
    double x[2] = {-1.2, 1.0};
    csat__optim_report rep;
    csat_allocator a;
    (void)state;
    csat__allocator_resolve(&a, NULL);
    csat_assert_status(csat__minimize(rosen, NULL, x, 2, NULL, &rep, &a), CSAT_OK);
    csat_assert_close(x[0], 1.0, 1e-8, 0);
    csat_assert_close(x[1], 1.0, 1e-8, 0);
    assert_true(rep.converged);
    assert_true(rep.iterations > 5 && rep.iterations < 200);
}

/* Rosenbrock with its analytic Hessian, for the damped Newton method. */
static double rosen_hess(const double *x, double *g, double *H, void *ctx)
{
    double f = rosen(x, g, ctx);
    H[0] = 2.0 - 400.0 * (x[1] - x[0] * x[0]) + 800.0 * x[0] * x[0];
    H[1] = H[2] = -400.0 * x[0];
    H[3] = 200.0;
    return f;
}

static double nowhere(const double *x, double *g, double *H, void *ctx)
{
    (void)x, (void)g, (void)H, (void)ctx;
    return INFINITY;
}

static void test_newton(void **state)
{
    double x[2] = {-1.2, 1.0}, H[4], y[2];
    csat__optim_report rep;
    csat__optim_options o = CSAT__OPTIM_OPTIONS_INIT;
    const double lo[2] = {-2.0, -2.0}, hi[2] = {0.5, 2.0};
    (void)state;
    csat_assert_status(csat__newton_minimize(rosen_hess, NULL, x, 2, NULL, H, &rep), CSAT_OK);
    csat_assert_close(x[0], 1.0, 1e-8, 0);
    csat_assert_close(x[1], 1.0, 1e-8, 0);
    assert_true(rep.converged && rep.iterations > 3 && rep.iterations < 60);
    /* H is the Hessian at the optimum: [[802, -400], [-400, 200]] */
    csat_assert_close(H[0], 802.0, 1e-6, 0);
    csat_assert_close(H[1], -400.0, 1e-6, 0);
    csat_assert_close(H[3], 200.0, 0, 1e-12);
    /* the minimum lies outside this box: Newton leaves it to BFGS */
    o.lower = lo;
    o.upper = hi;
    y[0] = -1.2, y[1] = 1.0;
    csat_assert_status(csat__newton_minimize(rosen_hess, NULL, y, 2, &o, H, &rep), CSAT_ENOCONV);
    assert_true(y[0] <= 0.5 && isfinite(y[1]));
    /* non-finite start, bad sizes: x untouched */
    y[0] = 3.0, y[1] = 4.0;
    csat_assert_status(csat__newton_minimize(nowhere, NULL, y, 2, NULL, H, &rep), CSAT_EDOM);
    csat_assert_status(csat__newton_minimize(rosen_hess, NULL, y, 0, NULL, H, &rep), CSAT_EINVAL);
    csat_assert_status(csat__newton_minimize(rosen_hess, NULL, y, CSAT__NEWTON_MAX_N + 1, NULL, H, &rep),
                       CSAT_EINVAL);
    assert_true(y[0] == 3.0 && y[1] == 4.0);
    /* the direction solve refuses a matrix that is not positive definite */
    {
        const double M[4] = {1.0, 2.0, 2.0, 1.0}, g[2] = {1.0, 1.0};
        double d[2];
        assert_int_equal(csat__newton_direction(M, g, 2, 0.0, d), 0);
        assert_int_equal(csat__newton_direction(M, g, 2, 2.0, d), 1);
        csat_assert_close(d[0], -0.2, 1e-15, 0); /* (M + 2I) d = -g */
        csat_assert_close(d[1], -0.2, 1e-15, 0);
    }
}

/* f(w) = k w - e^w: int exp(f) dw over the line is Gamma(k) (u = e^w). */
static double gamma_logint(double w, double wref, void *ctx, double *df)
{
    const double k = *(const double *)ctx;
    *df = k - exp(w);
    return k * (w - wref) - exp(wref) * expm1(w - wref);
}

static double half_square(double w, double wref, void *ctx, double *df)
{
    (void)ctx;
    *df = -w;
    return -0.5 * (w - wref) * (w + wref);
}

/* f(w) = k w: the mode at an end (b for k > 0, a for k < 0). */
static double linear(double w, double wref, void *ctx, double *df)
{
    const double k = *(const double *)ctx;
    *df = k;
    return k * (w - wref);
}

/* f(w) = -k w^2/2: a peak of width 1/sqrt(k) at 0. */
static double peak(double w, double wref, void *ctx, double *df)
{
    const double k = *(const double *)ctx;
    *df = -k * w;
    return -0.5 * k * (w - wref) * (w + wref);
}

/* References: mpmath 30 digits, loggamma(k) and
 * log(sqrt(2 pi) (Phi(2) - Phi(-1))). */
static void test_quadrature(void **state)
{
    static const double lg[][2] = {{0.5, 0.57236494292470008707},
                                   {3.0, 0.69314718055994530942},
                                   {200.0, 857.93366982585743682}};
    double wm, v;
    (void)state;
    for (size_t i = 0; i < N_OF(lg); i++) {
        double k = lg[i][0];
        v = csat__log_int_logconcave(gamma_logint, &k, -INFINITY, 60.0, &wm);
        csat_assert_close(wm, log(k), 1e-10, 1e-12);
        /* f(wm) = k log k - k */
        csat_assert_close(v + k * log(k) - k, lg[i][1], 1e-13, 1e-14);
    }
    v = csat__log_int_logconcave(half_square, NULL, -1.0, 2.0, &wm);
    csat_assert_close(v, 0.71877223888021016183, 1e-14, 0);
    assert_true(fabs(wm) < 1e-12);
    /* the mode at either end: int_0^1 e^(500 (w - 1)) dw = (1 - e^-500)/500 */
    {
        double k = 500.0;
        v = csat__log_int_logconcave(linear, &k, 0.0, 1.0, &wm);
        csat_assert_close(v, -log(500.0), 1e-14, 0);
        assert_true(wm == 1.0);
        k = -500.0;
        v = csat__log_int_logconcave(linear, &k, 0.0, 1.0, &wm);
        csat_assert_close(v, -log(500.0), 1e-14, 0);
        assert_true(wm == 0.0);
    }
    /* a peak of width 1e-6 off the middle: log sqrt(2 pi/k) */
    {
        double k = 1e12;
        v = csat__log_int_logconcave(peak, &k, -1.0, 2.0, &wm);
        csat_assert_close(v, -12.896572024759601362, 1e-14, 0);
        assert_true(fabs(wm) < 1e-15);
        v = csat__log_int_logconcave(peak, &k, -INFINITY, 2.0, &wm);
        csat_assert_close(v, -12.896572024759601362, 1e-14, 0);
    }
}

/* log-integrands for csat__log_quad; k a parameter, n counts the calls */
typedef struct {
    double k;
    long n;
} qctx;

static double q_gauss(double x, void *ctx) /* exp(-x^2/(2 k^2)) */
{
    qctx *q = ctx;
    q->n++;
    return -0.5 * (x / q->k) * (x / q->k);
}

static double q_euler(double x, void *ctx) /* |x|^(k-1) e^-|x| */
{
    qctx *q = ctx;
    q->n++;
    return (q->k - 1.0) * log(fabs(x)) - fabs(x);
}

static double q_power(double x, void *ctx) /* |x|^k */
{
    qctx *q = ctx;
    q->n++;
    return q->k * log(fabs(x));
}

static double q_neglog(double x, void *ctx) /* -log x */
{
    qctx *q = ctx;
    q->n++;
    return log(-log(x));
}

static double q_cauchy(double x, void *ctx) /* 1/(1 + x^2) */
{
    qctx *q = ctx;
    q->n++;
    return -log1p(x * x);
}

static double q_bose(double x, void *ctx) /* x^2/(e^x - 1) */
{
    qctx *q = ctx;
    q->n++;
    return 2.0 * log(x) - (x < 30.0 ? log(expm1(x)) : x + log1p(-exp(-x)));
}

static double q_exp(double x, void *ctx) /* e^-x */
{
    qctx *q = ctx;
    q->n++;
    return -x;
}

static double q_lorentz(double x, void *ctx) /* 1/(x^2 + k^2) */
{
    qctx *q = ctx;
    q->n++;
    return -log(x * x + q->k * q->k);
}

static double q_shifted(double x, void *ctx) /* e^(k - x^2) */
{
    qctx *q = ctx;
    q->n++;
    return q->k - x * x;
}

static double q_nan(double x, void *ctx)
{
    (void)ctx;
    return x > 0.5 ? NAN : 0.0;
}

static double q_zero(double x, void *ctx)
{
    (void)ctx;
    (void)x;
    return -INFINITY;
}

/* Known integrals (closed forms and mpmath loggamma, zeta, 30 digits): the
 * log of the value to ~1e-14 relative, the error estimate below the
 * tolerance, and a bound on the evaluations (about 1.5 times what the
 * routine takes now, so a slower convergence test or worse maps fail here). */
static void test_log_quad(void **state)
{
    static const struct {
        csat__log_fn f;
        double k, a, b, c, s, ref;
        long max_evals;
    } cases[] = {
        /* Gaussian over the line, off-centre hint */
        {q_gauss, 1.0, -INFINITY, INFINITY, 0.5, 6.0, 0.91893853320467274178, 80},
        /* Euler's integral Gamma(k) = int_0^inf x^(k-1) e^-x dx: an x^-1/2
         * end, a peak at 199 of value e^858, a peak at 9999 of width 100 */
        {q_euler, 0.5, 0.0, INFINITY, 1.0, 6.0, 0.57236494292470008707, 180},
        {q_euler, 3.0, 0.0, INFINITY, 2.0, 10.0, 0.69314718055994530942, 250},
        {q_euler, 200.0, 0.0, INFINITY, 199.0, 85.0, 857.93366982585743682, 80},
        {q_euler, 1e4, 0.0, INFINITY, 9999.0, 600.0, 82099.717496442377273, 80},
        /* the same mirrored onto (-inf, 0] */
        {q_euler, 3.0, -INFINITY, 0.0, -2.0, 10.0, 0.69314718055994530942, 250},
        /* end singularities: x^-1/2 and (-x)^-1/2 (int = 2), x^-0.9 (10),
         * -log x (1) */
        {q_power, -0.5, 0.0, 1.0, 0.5, 1.0, 0.69314718055994530942, 110},
        {q_power, -0.5, -1.0, 0.0, -0.5, 1.0, 0.69314718055994530942, 110},
        {q_power, -0.9, 0.0, 1.0, 0.5, 1.0, 2.3025850929940456840, 120},
        {q_neglog, 0.0, 0.0, 1.0, 0.5, 1.0, 0.0, 90},
        /* half lines: an algebraic tail (pi/2), x^2/(e^x - 1) (2 zeta(3)),
         * e^-x from 1 (1/e) */
        {q_cauchy, 0.0, 0.0, INFINITY, 1.0, 6.0, 0.45158270528945486473, 120},
        {q_bose, 0.0, 0.0, INFINITY, 2.0, 6.0, 0.87718135595143673092, 260},
        {q_exp, 0.0, 1.0, INFINITY, 2.0, 6.0, -1.0, 300},
        /* very peaked at 0: a Gaussian of sigma 1e-10 (sigma sqrt(2 pi)) on
         * a range, a half line each way and the line; 1/(x^2 + 1e-12) on
         * [-1, 1] (2 atan(1e6)/1e-6) */
        {q_gauss, 1e-10, -1.0, 2.0, 0.0, 6e-10, -22.106912396735784098, 80},
        {q_gauss, 1e-10, -INFINITY, 1.0, 0.0, 6e-10, -22.106912396735784098, 80},
        {q_gauss, 1e-10, -1.0, INFINITY, 0.0, 6e-10, -22.106912396735784098, 80},
        {q_gauss, 1e-10, -INFINITY, INFINITY, 0.0, 6e-10, -22.106912396735784098, 80},
        {q_lorentz, 1e-6, -1.0, 1.0, 0.0, 1e-6, 14.960239807193699268, 440},
        /* far out of double range: e^(+-1000 - x^2) (sqrt(pi) e^+-1000) */
        {q_shifted, 1000.0, -INFINITY, INFINITY, 0.0, 6.0, 1000.5723649429247001, 70},
        {q_shifted, -1000.0, -INFINITY, INFINITY, 0.0, 6.0, -999.42763505707529991, 70},
        /* a cut Gaussian: sqrt(2 pi) (Phi(2) - Phi(-1)) */
        {q_gauss, 1.0, -1.0, 2.0, 0.0, 6.0, 0.71877223888021016183, 190},
    };
    double err;
    (void)state;
    for (size_t i = 0; i < N_OF(cases); i++) {
        qctx q = {cases[i].k, 0};
        const double v =
            csat__log_quad(cases[i].f, &q, cases[i].a, cases[i].b, cases[i].c, cases[i].s, 1e-14, &err);
        if (!(fabs(v - cases[i].ref) <= 5e-15 + 1e-15 * fabs(cases[i].ref) && err <= 1e-14 &&
              q.n <= cases[i].max_evals)) {
            print_error("case %zu: %.17g vs %.17g (%.3g), error estimate %.3g, %ld evaluations\n", i, v,
                        cases[i].ref, v - cases[i].ref, err, q.n);
            fail();
        }
    }
    /* bad arguments, NaN from f, f = 0 everywhere */
    {
        qctx q = {1.0, 0};
        assert_true(isnan(csat__log_quad(q_gauss, &q, -1.0, 1.0, -1.0, 1.0, 1e-14, &err)) && isnan(err));
        assert_true(isnan(csat__log_quad(q_gauss, &q, -1.0, 1.0, 2.0, 1.0, 1e-14, NULL)));
        assert_true(isnan(csat__log_quad(q_gauss, &q, 1.0, -1.0, 0.0, 1.0, 1e-14, NULL)));
        assert_true(isnan(csat__log_quad(q_gauss, &q, -1.0, 1.0, 0.0, 0.0, 1e-14, NULL)));
        assert_true(isnan(csat__log_quad(q_gauss, &q, -1.0, 1.0, 0.0, INFINITY, 1e-14, NULL)));
        assert_true(isnan(csat__log_quad(q_gauss, &q, -1.0, 1.0, NAN, 1.0, 1e-14, NULL)));
        assert_int_equal(q.n, 0);
        assert_true(isnan(csat__log_quad(q_nan, NULL, 0.0, 1.0, 0.25, 1.0, 1e-14, NULL)));
        assert_true(csat__log_quad(q_zero, NULL, 0.0, 1.0, 0.5, 1.0, 1e-14, &err) == -INFINITY && err == 0.0);
    }
}

static void test_optimiser_bounds(void **state)
{
    /* minimum of Rosenbrock with x0 <= 0.5: the bound is active. */
    double x[2] = {-1.2, 1.0}, lo[2] = {-10, -10}, hi[2] = {0.5, 10};
    csat__optim_options o = CSAT__OPTIM_OPTIONS_INIT;
    csat__optim_report rep;
    csat_allocator a;
    (void)state;
    o.lower = lo;
    o.upper = hi;
    csat__allocator_resolve(&a, NULL);
    csat_assert_status(csat__minimize(rosen, NULL, x, 2, &o, &rep, &a), CSAT_OK);
    csat_assert_close(x[0], 0.5, 0, 1e-12);
    csat_assert_close(x[1], 0.25, 1e-6, 0);
}

static void test_hessian_inverse(void **state)
{
    /* At (1,1) the Rosenbrock Hessian is [[802, -400], [-400, 200]];
     * its inverse is [[0.5, 1], [1, 2.005]]. */
    double x[2] = {1.0, 1.0}, H[4];
    csat_allocator a;
    (void)state;
    csat__allocator_resolve(&a, NULL);
    csat_assert_status(csat__hessian(rosen, NULL, x, 2, H, &a), CSAT_OK);
    csat_assert_close(H[0], 802.0, 1e-8, 0);
    csat_assert_close(H[1], -400.0, 1e-8, 0);
    csat_assert_close(H[3], 200.0, 1e-8, 0);
    csat_assert_status(csat__spd_inverse(H, 2, &a), CSAT_OK);
    csat_assert_close(H[0], 0.5, 1e-7, 0);
    csat_assert_close(H[1], 1.0, 1e-7, 0);
    csat_assert_close(H[2], 1.0, 1e-7, 0);
    csat_assert_close(H[3], 2.005, 1e-7, 0);
    {
        double N[4] = {1.0, 2.0, 2.0, 1.0}; /* indefinite */
        csat_assert_status(csat__spd_inverse(N, 2, &a), CSAT_EDOM);
    }
}

static void test_optimiser_out_of_memory(void **state)
{
    double x[2] = {-1.2, 1.0};
    csat_test_alloc t = {0, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    (void)state;
    csat_assert_status(csat__minimize(rosen, NULL, x, 2, NULL, NULL, &a), CSAT_ENOMEM);
    assert_true(x[0] == -1.2 && x[1] == 1.0);
    assert_int_equal(t.live, 0);
}

static double not_finite(const double *x, double *g, void *ctx)
{
    (void)x, (void)ctx;
    if (g)
        g[0] = g[1] = 0.0;
    return NAN;
}

/* Found by tests/fuzz/fuzz_spend.c: on CSAT_EDOM (an objective that is not
 * finite at the start) and on CSAT_ENOMEM the optimiser returned without
 * writing its report, and the fits copied the caller's uninitialised report
 * into theirs (a fit report with 0 evaluations, so fit_report said
 * CSAT_EMISUSE after a fit had run). */
static void test_optimiser_report_on_every_return(void **state)
{
    double x[2] = {-1.2, 1.0};
    csat__optim_report rep;
    csat_test_alloc t = {0, 0, 0};
    csat_allocator a = csat_test_allocator(&t), libc;
    (void)state;
    assert_int_equal(csat__allocator_resolve(&libc, NULL), CSAT_OK);
    memset(&rep, 0x5a, sizeof rep);
    csat_assert_status(csat__minimize(not_finite, NULL, x, 2, NULL, &rep, &libc), CSAT_EDOM);
    assert_true(rep.evaluations == 1 && rep.iterations == 0 && rep.converged == 0 && isnan(rep.f));
    memset(&rep, 0x5a, sizeof rep);
    csat_assert_status(csat__minimize(rosen, NULL, x, 2, NULL, &rep, &a), CSAT_ENOMEM);
    assert_true(rep.evaluations == 0 && rep.iterations == 0 && rep.converged == 0);
    {
        /* through the API: a Gamma-Gamma fit whose likelihood is not finite at the start */
        csat_spend_model *s;
        csat_fit_report fr;
        const double f[2] = {6, 5}, z[2] = {DBL_MAX, 5.0802180469134901e+224};
        const double start[3] = {2.12874e+261, 5.36361e-05, 1e-300};
        csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
        o.start = start;
        assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
        assert_int_equal(csat_spend_fit(s, f, z, NULL, 2, &o), CSAT_ENOCONV);
        assert_int_equal(csat_spend_fit_report(s, &fr), CSAT_OK);
        assert_true(fr.evaluations == 1 && fr.converged == 0);
        csat_spend_free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lgamma),
        cmocka_unit_test(test_digamma),
        cmocka_unit_test(test_trigamma),
        cmocka_unit_test(test_gamma_cf),
        cmocka_unit_test(test_lbeta_and_diff),
        cmocka_unit_test(test_digamma_diff_and_lgamma_step),
        cmocka_unit_test(test_incomplete_gamma),
        cmocka_unit_test(test_lgamma_dd),
        cmocka_unit_test(test_hyp2f1),
        cmocka_unit_test(test_normal),
        cmocka_unit_test(test_sums_and_logspace),
        cmocka_unit_test(test_optimiser_rosenbrock),
        cmocka_unit_test(test_optimiser_bounds),
        cmocka_unit_test(test_newton),
        cmocka_unit_test(test_quadrature),
        cmocka_unit_test(test_log_quad),
        cmocka_unit_test(test_hessian_inverse),
        cmocka_unit_test(test_optimiser_out_of_memory),
        cmocka_unit_test(test_optimiser_report_on_every_return),
    };
    return cmocka_run_group_tests_name("numerics", tests, NULL, NULL);
}
