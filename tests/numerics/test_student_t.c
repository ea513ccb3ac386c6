/*
 * Student's t (numerics/student_t.c) against mpmath at 50 digits
 * (tests/reference/student_t_mpmath.py -> student_t_reference.h), closed
 * forms, and the quantile as the inverse of the tail.
 */
#include "csat_test.h"

#include "numerics/numerics.h"
#include "student_t_reference.h"

#define PI 3.14159265358979323846

static void t_sf_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof T_SF_REF / sizeof T_SF_REF[0]; i++) {
        double t = T_SF_REF[i][0], df = T_SF_REF[i][1], e = T_SF_REF[i][2];
        csat_assert_close(csat__t_sf(t, df), e, 1e-13, 0.0);
        csat_assert_close(csat__t_cdf(-t, df), e, 1e-13, 0.0);
    }
}

static void t_quantile_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof T_Q_REF / sizeof T_Q_REF[0]; i++) {
        double p = T_Q_REF[i][0], df = T_Q_REF[i][1], e = T_Q_REF[i][2];
        csat_assert_close(csat__t_quantile(p, df), e, 1e-12, 0.0);
    }
}

static void t_closed_forms(void **state)
{
    (void)state;
    /* df = 1 is Cauchy: P(T > t) = 1/2 - atan(t)/pi; df = 2: (1 - t/sqrt(t^2+2))/2 */
    for (double t = -30.0; t <= 30.0; t += 0.37) {
        csat_assert_close(csat__t_sf(t, 1.0), 0.5 - atan(t) / PI, 1e-13, 1e-300);
        csat_assert_close(csat__t_sf(t, 2.0), 0.5 * (1.0 - t / sqrt(t * t + 2.0)), 1e-12, 1e-300);
    }
    /* quantiles of df = 1, 2: tan(pi (p - 1/2)), (2p - 1) sqrt(2 / (4 p (1 - p))) */
    for (double p = 0.01; p < 1.0; p += 0.049) {
        csat_assert_close(csat__t_quantile(p, 1.0), tan(PI * (p - 0.5)), 1e-12, 1e-15);
        csat_assert_close(csat__t_quantile(p, 2.0), (2 * p - 1) * sqrt(2.0 / (4 * p * (1 - p))),
                          1e-12, 1e-15);
    }
    /* round trip in both tails and for large df */
    {
        const double dfs[] = {0.3, 1.5, 4, 17.5, 250, 1e5, 1e9};
        const double ps[] = {1e-12, 1e-4, 0.025, 0.3, 0.5, 0.8, 0.975, 1 - 1e-9};
        for (size_t i = 0; i < 7; i++)
            for (size_t j = 0; j < 8; j++) {
                double x = csat__t_quantile(ps[j], dfs[i]);
                assert_true(isfinite(x));
                csat_assert_close(csat__t_cdf(x, dfs[i]), ps[j], 1e-11, 0.0);
            }
    }
    /* infinite df is the normal; limits and domain */
    csat_assert_close(csat__t_sf(1.5, INFINITY), csat__norm_sf(1.5), 1e-15, 0.0);
    assert_true(csat__t_sf(INFINITY, 3) == 0.0);
    assert_true(csat__t_sf(-INFINITY, 3) == 1.0);
    assert_true(csat__t_quantile(0.0, 3) == -INFINITY);
    assert_true(csat__t_quantile(1.0, 3) == INFINITY);
    assert_true(isnan(csat__t_sf(1.0, 0.0)));
    assert_true(isnan(csat__t_sf(NAN, 3.0)));
    assert_true(isnan(csat__t_quantile(0.5, -1.0)));
    assert_true(isnan(csat__t_quantile(1.5, 3.0)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_sf_reference),
        cmocka_unit_test(t_quantile_reference),
        cmocka_unit_test(t_closed_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
