/*
 * Special functions and sums at the edges of their domains: one table row
 * per (function, arguments, expected value), NaN outside the documented
 * domain (numerics.h), the documented limits at the ends, and closed forms
 * inside (each row's comment names the identity; DLMF 5.4, 5.5, 8.4, 8.17).
 */
#include "csat_test.h"

#include "numerics/numerics.h"

#define SQRT_PI 1.7724538509055160273
#define EULER 0.57721566490153286061

typedef double (*fn2)(double, double);

typedef struct row {
    const char *name;
    fn2 f;
    double x, y, expect, rtol; /* rtol is absolute where expect is 0 */
} row;

/* one-argument functions as two-argument ones */
static double lgamma1(double x, double y) { (void)y; return csat__lgamma(x); }
static double digamma1(double x, double y) { (void)y; return csat__digamma(x); }
static double quantile1(double x, double y) { (void)y; return csat__norm_quantile(x); }
static double log1mexp1(double x, double y) { (void)y; return csat__log1mexp(x); }
/* log Gamma(x) with the sign folded in: sign * exp(value) = Gamma(x); 0 at a pole */
static double gamma_signed(double x, double y)
{
    int s = 7;
    double v = csat__lgamma_signed(x, &s);
    (void)y;
    return s == 0 ? (v == INFINITY ? 0.0 : NAN) : s * exp(v);
}
/* a = 1 - step of the L-step difference F(x + L) - F(x), a = 1: log((x + L) / x) */
static double step_a1(double x, double L) { return csat__lgamma_diff_step(x, 1.0, L); }
static double step_x8(double a, double L) { return csat__lgamma_diff_step(8.0, a, L); }
static double step_x7(double a, double L) { return csat__lgamma_diff_step(7.0, a, L); }
/* log I_x(a, a) at x = 1/2: log(1/2) by symmetry; I_x(1, 1) = x */
static double beta_inc_half(double a, double b) { return csat__log_beta_inc(a, b, log(0.5), log(0.5)); }
static double beta_inc_11(double lx, double ly) { return csat__log_beta_inc(1.0, 1.0, lx, ly); }
static double beta_inc_ab(double a, double b) { return csat__log_beta_inc(a, b, log(0.3), log(0.7)); }

static const row rows[] = {
    /* log Gamma: NaN for x <= 0 and NaN, Inf at Inf, log sqrt(pi) at 1/2 */
    {"lgamma", lgamma1, 0, 0, NAN, 0},
    {"lgamma", lgamma1, -1, 0, NAN, 0},
    {"lgamma", lgamma1, NAN, 0, NAN, 0},
    {"lgamma", lgamma1, INFINITY, 0, INFINITY, 0},
    {"lgamma", lgamma1, 0.5, 0, 0.57236494292470008707, 1e-14},
    {"lgamma", lgamma1, 1, 0, 0, 1e-14},
    /* Gamma with its sign: Gamma(-1/2) = -2 sqrt(pi), Gamma(-3/2) = 4 sqrt(pi) / 3, poles */
    {"lgamma_signed", gamma_signed, -0.5, 0, -2 * SQRT_PI, 1e-13},
    {"lgamma_signed", gamma_signed, -1.5, 0, 4 * SQRT_PI / 3, 1e-13},
    {"lgamma_signed", gamma_signed, -2, 0, 0, 0},
    {"lgamma_signed", gamma_signed, -INFINITY, 0, 0, 0},
    {"lgamma_signed", gamma_signed, 3, 0, 2, 1e-14},
    /* log Gamma(x + d) - log Gamma(x): NaN unless x, x + d > 0; log(19!/9!) */
    {"lgamma_diff", csat__lgamma_diff, 0, 1, NAN, 0},
    {"lgamma_diff", csat__lgamma_diff, 1, -2, NAN, 0},
    {"lgamma_diff", csat__lgamma_diff, 1, 0, 0, 0},
    {"lgamma_diff", csat__lgamma_diff, 10, 10, 26.538056707118024, 1e-13},
    /* the step difference: x >= 8, a, L >= 0; a = 1: log((x + L) / x) */
    {"lgamma_diff_step", step_x7, 1, 1, NAN, 0},
    {"lgamma_diff_step", step_x8, -1, 1, NAN, 0},
    {"lgamma_diff_step", step_x8, 1, -1, NAN, 0},
    {"lgamma_diff_step", step_x8, 1, INFINITY, NAN, 0},
    {"lgamma_diff_step", step_x8, 0, 5, 0, 0},
    {"lgamma_diff_step", step_x8, 1, 0, 0, 0},
    {"lgamma_diff_step", step_a1, 8, 3, 0.31845373111853459, 1e-13},
    {"lgamma_diff_step", step_a1, 1e6, 1e6, 0.69314718055994531, 1e-12},
    /* psi(x + d) - psi(x): psi(2) - psi(1) = 1 */
    {"digamma_diff", csat__digamma_diff, 0, 1, NAN, 0},
    {"digamma_diff", csat__digamma_diff, 1, -1, NAN, 0},
    {"digamma_diff", csat__digamma_diff, 1, INFINITY, NAN, 0},
    {"digamma_diff", csat__digamma_diff, 1, 0, 0, 0},
    {"digamma_diff", csat__digamma_diff, 1, 1, 1, 1e-14},
    /* divided difference, |d| <= 1; d = 0 is the digamma */
    {"lgamma_dd", csat__lgamma_dd, 0, 0.5, NAN, 0},
    {"lgamma_dd", csat__lgamma_dd, 1, -1, NAN, 0},
    {"lgamma_dd", csat__lgamma_dd, 1, 2, NAN, 0},
    {"lgamma_dd", csat__lgamma_dd, 1, 0, -EULER, 1e-14},
    {"lgamma_dd", csat__lgamma_dd, 1, 1, 0, 1e-14}, /* (log 1! - log 0!) / 1 */
    /* log B(a, b): B(1, 1) = 1, B(2, 3) = 1/12 */
    {"lbeta", csat__lbeta, 0, 1, NAN, 0},
    {"lbeta", csat__lbeta, 1, NAN, NAN, 0},
    {"lbeta", csat__lbeta, 1, 1, 0, 1e-14},
    {"lbeta", csat__lbeta, 2, 3, -2.4849066497880004, 1e-14},
    {"digamma", digamma1, 0, 0, NAN, 0},
    {"digamma", digamma1, 1, 0, -EULER, 1e-14},
    /* regularised incomplete gamma: P(1, x) = 1 - e^-x, ends 0 and Inf */
    {"gamma_p", csat__gamma_p, 0, 1, NAN, 0},
    {"gamma_p", csat__gamma_p, 1, -1, NAN, 0},
    {"gamma_p", csat__gamma_p, 1, 0, 0, 0},
    {"gamma_p", csat__gamma_p, 1, INFINITY, 1, 0},
    {"gamma_p", csat__gamma_p, 1, 1, 0.63212055882855767, 1e-14},
    {"gamma_p", csat__gamma_p, 1, 3, 0.95021293163213605, 1e-14},
    {"gamma_q", csat__gamma_q, -1, 1, NAN, 0},
    {"gamma_q", csat__gamma_q, 1, NAN, NAN, 0},
    {"gamma_q", csat__gamma_q, 1, 0, 1, 0},
    {"gamma_q", csat__gamma_q, 1, INFINITY, 0, 0},
    {"gamma_q", csat__gamma_q, 1, 0.5, 0.60653065971263342, 1e-14},
    {"gamma_q", csat__gamma_q, 1, 2, 0.13533528323661270, 1e-14},
    /* chi-square upper tail: df 2 is e^(-x/2); x <= 0 gives 1 */
    {"chisq_sf", csat__chisq_sf, 1, 0, NAN, 0},
    {"chisq_sf", csat__chisq_sf, NAN, 2, NAN, 0},
    {"chisq_sf", csat__chisq_sf, -1, 2, 1, 0},
    {"chisq_sf", csat__chisq_sf, 2, 2, 0.36787944117144233, 1e-14},
    /* normal quantile: ends, outside, centre, 97.5% */
    {"norm_quantile", quantile1, 0, 0, -INFINITY, 0},
    {"norm_quantile", quantile1, 1, 0, INFINITY, 0},
    {"norm_quantile", quantile1, 2, 0, NAN, 0},
    {"norm_quantile", quantile1, NAN, 0, NAN, 0},
    {"norm_quantile", quantile1, 0.5, 0, 0, 0},
    {"norm_quantile", quantile1, 0.975, 0, 1.959963984540054, 1e-14},
    {"norm_quantile", quantile1, 1e-300, 0, -37.047096299361199, 1e-12},
    /* log(1 - e^-x) on both sides of log 2 */
    {"log1mexp", log1mexp1, 0.1, 0, -2.3521684610440903, 1e-14},
    {"log1mexp", log1mexp1, 2, 0, -0.14541345786885906, 1e-14},
    /* log I_x(a, b): domain, ends, I_x(1, 1) = x, I_1/2(a, a) = 1/2 */
    {"log_beta_inc", beta_inc_half, 0, 1, NAN, 0},
    {"log_beta_inc", beta_inc_half, 1, -1, NAN, 0},
    {"log_beta_inc", beta_inc_11, 0.1, -1, NAN, 0},
    {"log_beta_inc", beta_inc_11, -1, 0.1, NAN, 0},
    {"log_beta_inc", beta_inc_11, -INFINITY, 0, -INFINITY, 0},
    {"log_beta_inc", beta_inc_11, 0, -INFINITY, 0, 0},
    {"log_beta_inc", beta_inc_11, -1.2039728043259361, -0.35667494393873238, -1.2039728043259361, 1e-14},
    {"log_beta_inc", beta_inc_half, 2, 2, -0.69314718055994531, 1e-14},
    {"log_beta_inc", beta_inc_half, 50, 50, -0.69314718055994531, 1e-13},
    /* I_0.3(2, 1) = 0.09, I_0.3(1, 2) = 1 - 0.49 */
    {"log_beta_inc", beta_inc_ab, 2, 1, -2.4079456086518722, 1e-14},
    {"log_beta_inc", beta_inc_ab, 1, 2, -0.67334455326376563, 1e-14},
    /* upper incomplete gamma: Gamma(1, z) = e^-z, Gamma(2, z) = (1 + z) e^-z,
     * Gamma(1/2, z) = sqrt(pi) erfc(sqrt z) */
    {"log_gamma_upper", csat__log_gamma_upper, 1, 0, NAN, 0},
    {"log_gamma_upper", csat__log_gamma_upper, NAN, 1, NAN, 0},
    {"log_gamma_upper", csat__log_gamma_upper, 1, INFINITY, NAN, 0},
    {"log_gamma_upper", csat__log_gamma_upper, 1, 2, -2, 1e-14},
    {"log_gamma_upper", csat__log_gamma_upper, 2, 0.5, -0.094534891891835, 1e-13},
    {"log_gamma_upper", csat__log_gamma_upper, 0.5, 0.5, -0.57550952152461811, 1e-13},
};

static void test_special_function_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const row *r = &rows[i];
        double v = r->f(r->x, r->y);
        if (!csat_test_close(v, r->expect, r->rtol, r->expect == 0 ? r->rtol : 0)) {
            print_error("row %zu: %s(%g, %g) = %.17g, expected %.17g\n", i, r->name, r->x, r->y, v, r->expect);
            fail();
        }
    }
}

/* Sums in linear and log space at their edges. */
static void test_sums(void **state)
{
    const double one[1] = {4}, three[3] = {1, 2, 3}, ninf[2] = {-INFINITY, -INFINITY},
                 pinf[2] = {1, INFINITY};
    double mean = -7, var = -7;
    int sign = 7;
    (void)state;
    csat__mean_var(NULL, 0, &mean, &var);
    assert_true(mean == 0 && var == 0);
    csat__mean_var(one, 1, &mean, &var);
    assert_true(mean == 4 && var == 0);
    csat__mean_var(three, 3, NULL, &var);
    assert_true(var == 1);
    mean = -7;
    csat__mean_var(three, 3, &mean, NULL);
    assert_true(mean == 2);
    assert_true(csat__logaddexp(-INFINITY, -INFINITY) == -INFINITY);
    csat_assert_close(csat__logaddexp(0, 0), log(2.0), 1e-15, 0);
    assert_true(csat__logsumexp(ninf, 2) == -INFINITY);
    assert_true(csat__logsumexp(pinf, 2) == INFINITY);
    assert_true(csat__logsumexp(NULL, 0) == -INFINITY);
    /* signed sums of e^la and e^lb: zero terms, cancellation, either larger */
    assert_true(csat__log_add_signed(1, 0, 2, -1, &sign) == 2 && sign == -1);
    assert_true(csat__log_add_signed(-INFINITY, 1, -INFINITY, 1, &sign) == -INFINITY && sign == 0);
    assert_true(csat__log_add_signed(1, 1, 0, 0, &sign) == 1 && sign == 1);
    assert_true(csat__log_add_signed(1, -1, -INFINITY, 1, &sign) == 1 && sign == -1);
    assert_true(csat__log_add_signed(1, 1, 1, -1, &sign) == -INFINITY && sign == 0);
    csat_assert_close(csat__log_add_signed(log(3.0), 1, log(1.0), -1, &sign), log(2.0), 1e-15, 0);
    assert_int_equal(sign, 1);
    csat_assert_close(csat__log_add_signed(log(1.0), 1, log(3.0), -1, &sign), log(2.0), 1e-15, 0);
    assert_int_equal(sign, -1);
    csat_assert_close(csat__log_add_signed(log(1.0), -1, log(3.0), -1, &sign), log(4.0), 1e-15, 0);
    assert_int_equal(sign, -1);
    /* the normal tails */
    csat_assert_close(csat__norm_cdf(0), 0.5, 1e-15, 0);
    csat_assert_close(csat__norm_sf(1.959963984540054), 0.025, 1e-13, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_special_function_table),
        cmocka_unit_test(test_sums),
    };
    return cmocka_run_group_tests_name("numerics_edges", tests, NULL, NULL);
}
