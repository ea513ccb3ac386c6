/*
 * The optimisers (numerics/optim.h) on objectives built to reach their
 * rarer exits: box bounds, a start outside the domain, line searches that
 * cannot decrease (with a gradient that is small, or not), Newton on flat,
 * concave and bounded problems, finite-difference Hessians at the edge of
 * the domain. Each checks the documented status and where x ends.
 */
#include "csat_test.h"

#include "numerics/optim.h"

/* the libc allocator, resolved (the internal functions take no NULL) */
static csat_allocator libc_alloc;

static int setup(void **state)
{
    (void)state;
    return csat__allocator_resolve(&libc_alloc, NULL) == CSAT_OK ? 0 : -1;
}

#define AL (&libc_alloc)

/* sum (x_i - c_i)^2 with c = (1, 2) */
static double bowl(const double *x, double *g, void *ctx)
{
    (void)ctx;
    if (g) {
        g[0] = 2 * (x[0] - 1);
        g[1] = 2 * (x[1] - 2);
    }
    return (x[0] - 1) * (x[0] - 1) + (x[1] - 2) * (x[1] - 2);
}

static double bowl_hess(const double *x, double *g, double *H, void *ctx)
{
    H[0] = H[3] = 2;
    H[1] = H[2] = 0;
    return bowl(x, g, ctx);
}

/* 1 at x = 0 and 2 everywhere else, with the gradient *ctx at 0: no step
 * can decrease it */
static double spike(const double *x, double *g, void *ctx)
{
    const double *slope = ctx;
    if (g)
        g[0] = *slope;
    return x[0] == 0.0 ? 1.0 : 2.0;
}

static double spike_hess(const double *x, double *g, double *H, void *ctx)
{
    H[0] = 1;
    return spike(x, g, ctx);
}

/* log(x): INFINITY outside x > 0; its gradient 1/x */
static double logx(const double *x, double *g, void *ctx)
{
    (void)ctx;
    if (!(x[0] > 0))
        return INFINITY;
    if (g)
        g[0] = -1 / x[0];
    return -log(x[0]);
}

static double logx_hess(const double *x, double *g, double *H, void *ctx)
{
    H[0] = 1 / (x[0] * x[0]);
    return logx(x, g, ctx);
}

/* -x^2 (concave: no minimum) with its Hessian -2; or 0 with a zero Hessian and gradient *ctx */
static double cap(const double *x, double *g, double *H, void *ctx)
{
    (void)ctx;
    g[0] = -2 * x[0];
    H[0] = -2;
    return -x[0] * x[0];
}

static double flat(const double *x, double *g, double *H, void *ctx)
{
    (void)x;
    g[0] = *(const double *)ctx;
    H[0] = 0;
    return 0;
}

static void test_minimize_edges(void **state)
{
    csat__optim_options o = CSAT__OPTIM_OPTIONS_INIT;
    csat__optim_report rep;
    double x[2] = {5, 5}, lo[2] = {-10, -10}, hi[2] = {0.5, 10};
    double slope;
    (void)state;
    /* the box: x[0] ends at its upper bound 0.5, x[1] at the minimum 2 */
    o.lower = lo;
    o.upper = hi;
    csat_assert_status(csat__minimize(bowl, NULL, x, 2, &o, &rep, AL), CSAT_OK);
    assert_true(x[0] == 0.5);
    csat_assert_close(x[1], 2, 1e-8, 0);
    assert_true(rep.converged);
    /* a start outside the domain: CSAT_EDOM, x untouched, report without rep too */
    {
        double z[1] = {-1};
        csat_assert_status(csat__minimize(logx, NULL, z, 1, NULL, &rep, AL), CSAT_EDOM);
        assert_true(z[0] == -1 && rep.evaluations == 1);
        csat_assert_status(csat__minimize(logx, NULL, z, 1, NULL, NULL, AL), CSAT_EDOM);
    }
    /* no decrease possible: converged when the gradient is already small
     * (1e-7 <= 1e-6 max(1, |f|)), not otherwise */
    {
        double z[1] = {0};
        slope = 1e-7;
        csat_assert_status(csat__minimize(spike, &slope, z, 1, NULL, &rep, AL), CSAT_OK);
        assert_true(z[0] == 0);
        slope = 1;
        csat_assert_status(csat__minimize(spike, &slope, z, 1, NULL, &rep, AL), CSAT_ENOCONV);
        assert_false(rep.converged);
    }
    /* sizes whose work space overflows */
    {
        double z[1] = {0};
        csat_assert_status(csat__minimize(bowl, NULL, z, SIZE_MAX / 2, NULL, &rep, AL), CSAT_ENOMEM);
    }
}

static void test_newton_edges(void **state)
{
    csat__optim_options o = CSAT__OPTIM_OPTIONS_INIT;
    csat__optim_report rep;
    double x[2] = {5, -5}, H[64], slope;
    (void)state;
    csat_assert_status(csat__newton_minimize(bowl_hess, NULL, x, 0, NULL, H, &rep), CSAT_EINVAL);
    csat_assert_status(csat__newton_minimize(bowl_hess, NULL, x, CSAT__NEWTON_MAX_N + 1, NULL, H, &rep),
                       CSAT_EINVAL);
    /* a quadratic: one Newton step */
    csat_assert_status(csat__newton_minimize(bowl_hess, NULL, x, 2, NULL, H, &rep), CSAT_OK);
    csat_assert_close(x[0], 1, 1e-12, 0);
    csat_assert_close(x[1], 2, 1e-12, 0);
    assert_true(H[0] == 2 && rep.converged);
    /* the box in the way: left to BFGS as CSAT_ENOCONV */
    {
        double lo[2] = {-10, -10}, hi[2] = {0.5, 10}, z[2] = {0, 0};
        o.lower = lo;
        o.upper = hi;
        csat_assert_status(csat__newton_minimize(bowl_hess, NULL, z, 2, &o, H, &rep), CSAT_ENOCONV);
        assert_true(z[0] <= 0.5);
        o.lower = o.upper = NULL;
    }
    /* concave: the shifted Newton steps go downhill without end */
    {
        double z[1] = {1};
        csat_assert_status(csat__newton_minimize(cap, NULL, z, 1, NULL, H, &rep), CSAT_ENOCONV);
        assert_true(fabs(z[0]) > 1);
    }
    /* no curvature at all to shift: CSAT_ENOCONV at once */
    {
        double z[1] = {0};
        slope = 1;
        csat_assert_status(csat__newton_minimize(flat, &slope, z, 1, NULL, H, &rep), CSAT_ENOCONV);
        assert_true(z[0] == 0 && rep.iterations == 0);
    }
    /* no decrease possible: converged for a small gradient, else not */
    {
        double z[1] = {0};
        slope = 1e-7;
        csat_assert_status(csat__newton_minimize(spike_hess, &slope, z, 1, NULL, H, &rep), CSAT_OK);
        slope = 1;
        csat_assert_status(csat__newton_minimize(spike_hess, &slope, z, 1, NULL, H, &rep), CSAT_ENOCONV);
        assert_true(z[0] == 0);
    }
    /* not finite at the start: CSAT_EDOM */
    {
        double z[1] = {-1};
        csat_assert_status(csat__newton_minimize(logx_hess, NULL, z, 1, NULL, H, &rep), CSAT_EDOM);
        assert_true(z[0] == -1 && rep.evaluations == 1);
    }
    /* a direction for too large a system, or a matrix that is not positive definite */
    {
        double g[9] = {0}, d[9], neg[1] = {-1}, one[1] = {1};
        assert_false(csat__newton_direction(H, g, CSAT__NEWTON_MAX_N + 1, 0, d));
        assert_false(csat__newton_direction(neg, one, 1, 0, d));
        assert_true(csat__newton_direction(neg, one, 1, 2, d) && d[0] == -1);
    }
}

static void test_hessian_edges(void **state)
{
    double H[4], x[1] = {1e-6};
    const double c[2] = {1, 2};
    (void)state;
    /* differences that step out of the domain (x - h <= 0): CSAT_EDOM */
    csat_assert_status(csat__hessian(logx, NULL, x, 1, H, AL), CSAT_EDOM);
    /* the bowl's Hessian is 2 I */
    assert_int_equal(csat__hessian(bowl, NULL, c, 2, H, AL), CSAT_OK);
    csat_assert_close(H[0], 2, 1e-8, 0);
    csat_assert_close(H[1], 0, 0, 1e-8);
    /* a matrix that is not positive definite has no SPD inverse */
    {
        double M[4] = {1, 2, 2, 1};
        csat_assert_status(csat__spd_inverse(M, 2, AL), CSAT_EDOM);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimize_edges),
        cmocka_unit_test(test_newton_edges),
        cmocka_unit_test(test_hessian_edges),
    };
    return cmocka_run_group_tests_name("optim_edges", tests, setup, NULL);
}
