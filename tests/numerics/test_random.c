/*
 * The seeded generator and its variates (src/numerics/random.c).
 * References: the xoshiro256** test vector of its reference code (state
 * {1, 2, 3, 4}), and the seeding and streams as computed by an independent
 * Python implementation (tests/reference/random_xoshiro.py, values below);
 * the variates against their distributions' exact moments (mean, variance,
 * P(X = 0)), each within 5 standard errors of the sample statistic (fixed
 * seeds: the test is deterministic).
 */
#include "csat_test.h"

#include "numerics/random.h"

/* tests/reference/random_xoshiro.py: first 5 outputs of (seed, stream) */
static const struct { uint64_t seed, stream, out[5]; } xoshiro_ref[] = {
    {0x0ULL, 0x0ULL, {0x789db2a1aa1180dcULL, 0xa59a6966a75eeb12ULL, 0x8ef48813d15d2999ULL, 0xd0320dd8852dbbULL, 0x1cb3a22157fd1a7fULL}},
    {0x2aULL, 0x7ULL, {0x7b10c1f76f9a77fULL, 0x6adccc425b6eaceaULL, 0x733d8fe0673fdfdbULL, 0xa8585b0b2b00cc10ULL, 0xa1d1e36dbc594251ULL}},
    {0xffffffffffffffffULL, 0x8000000000000005ULL, {0x2ad9390e71e18780ULL, 0x28dfd3d92a799146ULL, 0xe87d40021b7f44f2ULL, 0x90ba6e8ff64a285fULL, 0x6b741776a91e492aULL}},
};
static const double unif_ref[3] = {0.03004527824575709, 0.4174316083912639, 0.45015811184498444}; /* (42, 7) */

static void test_reference_streams(void **state)
{
    csat__rng g = {{1, 2, 3, 4}};
    static const uint64_t vec[4] = {11520u, 0u, 1509978240u, 1215971899390074240u};
    (void)state;
    for (int i = 0; i < 4; i++)
        assert_true(csat__rng_next(&g) == vec[i]);
    for (size_t c = 0; c < sizeof xoshiro_ref / sizeof *xoshiro_ref; c++) {
        csat__rng_seed(&g, xoshiro_ref[c].seed, xoshiro_ref[c].stream);
        for (int i = 0; i < 5; i++)
            assert_true(csat__rng_next(&g) == xoshiro_ref[c].out[i]);
    }
    csat__rng_seed(&g, 42, 7);
    for (int i = 0; i < 3; i++)
        assert_true(csat__rng_unif(&g) == unif_ref[i]);
}

typedef double draw_fn(csat__rng *g, double a, double b);

/* Sample mean, variance and share of zeros of N draws. */
static void moments(draw_fn *f, double a, double b, uint64_t seed, size_t N, double *mean, double *var,
                    double *zeros)
{
    csat__rng g;
    long double s = 0, s2 = 0;
    size_t z = 0;
    csat__rng_seed(&g, seed, 0);
    for (size_t i = 0; i < N; i++) {
        double v = f(&g, a, b);
        assert_true(isfinite(v) && v >= 0);
        s += v;
        s2 += (long double)v * v;
        z += v == 0;
    }
    *mean = (double)(s / N);
    *var = (double)(s2 / N - (s / N) * (s / N));
    *zeros = (double)z / (double)N;
}

static double d_gamma(csat__rng *g, double a, double b) { (void)b; return csat__rng_gamma(g, a); }
static double d_beta(csat__rng *g, double a, double b) { return csat__rng_beta(g, a, b); }
static double d_poisson(csat__rng *g, double a, double b) { (void)b; return csat__rng_poisson(g, a); }
static double d_binomial(csat__rng *g, double a, double b) { return csat__rng_binomial(g, a, b); }
static double d_geometric(csat__rng *g, double a, double b) { (void)b; return csat__rng_geometric0(g, a); }

/* |sample mean - mu| within 5 SE (sqrt(v / N)); the sample variance within
 * 5 of its SE, v sqrt((kurt + 2) / N) with kurt the excess kurtosis. */
static void check(draw_fn *f, double a, double b, double mu, double v, double kurt, double p0)
{
    const size_t N = 200000;
    double m, s2, z;
    moments(f, a, b, 12345, N, &m, &s2, &z);
    if (fabs(m - mu) > 5 * sqrt(v / N) + 1e-15 * mu || fabs(s2 - v) > 5 * v * sqrt((kurt + 2.0) / N) + 1e-12) {
        print_error("a %g b %g: mean %.8g (exact %.8g), var %.8g (exact %.8g)\n", a, b, m, mu, s2, v);
        fail();
    }
    if (p0 >= 0 && fabs(z - p0) > 5 * sqrt(p0 * (1 - p0) / N) + 1e-12) {
        print_error("a %g b %g: P(0) %.6g (exact %.6g)\n", a, b, z, p0);
        fail();
    }
}

static void check_beta(double a, double b)
{
    const double c = a + b, v = a * b / (c * c * (c + 1));
    const double k = 6 * ((a - b) * (a - b) * (c + 1) - a * b * (c + 2)) / (a * b * (c + 2) * (c + 3));
    check(d_beta, a, b, a / c, v, k, -1);
}

static void check_binomial(double n, double p)
{
    const double q = 1 - p;
    check(d_binomial, n, p, n * p, n * p * q, (1 - 6 * p * q) / (n * p * q), pow(q, n));
}

static void test_variates_moments(void **state)
{
    static const double shapes[] = {0.05, 0.5, 1.0, 3.7, 1e4};
    static const double mus[] = {0.3, 5.0, 11.9, 12.0, 250.0, 1e6, 1e12};
    (void)state;
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
        check(d_gamma, shapes[i], 0, shapes[i], shapes[i], 6 / shapes[i], -1);
    check_beta(0.793, 2.43);
    check_beta(0.05, 0.5);
    check_beta(40.0, 1.0);
    for (size_t i = 0; i < sizeof mus / sizeof *mus; i++)
        check(d_poisson, mus[i], 0, mus[i], mus[i], 1 / mus[i], exp(-mus[i]));
    check_binomial(5, 0.3);
    check_binomial(17, 0.5);
    check_binomial(1000, 0.01);
    check_binomial(1e12, 0.25);
    check(d_geometric, 0.3, 0, 0.7 / 0.3, 0.7 / 0.09, 6 + 0.09 / 0.7, 0.3);
    check(d_geometric, 1e-6, 0, (1 - 1e-6) / 1e-6, (1 - 1e-6) / 1e-12, 6, 1e-6);
    {
        csat__rng g;
        csat__rng_seed(&g, 1, 1);
        assert_true(isinf(csat__rng_geometric0(&g, 0.0)));
        assert_true(csat__rng_geometric0(&g, 1.0) == 0.0);
        assert_true(csat__rng_binomial(&g, 9, 0.0) == 0.0 && csat__rng_binomial(&g, 9, 1.0) == 9.0);
        assert_true(csat__rng_poisson(&g, 0.0) == 0.0);
        /* tiny shapes: the log stays finite where the variate underflows */
        for (int i = 0; i < 1000; i++) {
            double lg = csat__rng_log_gamma(&g, 1e-4), b = csat__rng_beta(&g, 1e-4, 1e-4);
            assert_true(isfinite(lg) && b >= 0 && b <= 1);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_streams),
        cmocka_unit_test(test_variates_moments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
