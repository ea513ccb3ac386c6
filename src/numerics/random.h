/*
 * A seeded generator with no global state, and the variates the
 * simulations draw (numerics/random.c).
 *
 * The generator is xoshiro256** (Blackman & Vigna 2018) with its 256-bit
 * state in a caller's struct, seeded by splitmix64 from (seed, stream): each
 * customer of a simulation draws from the stream of its index, so customer i
 * is the same whatever n is and however the rows are split. Everything is
 * exact integer arithmetic up to the uniform double; the variates use only
 * IEEE-exact operations (+ - * /, sqrt, floor, ldexp) and libm's log, exp and
 * log1p, so the same seed gives the same draws on every platform whose libm
 * rounds those the same (glibc, musl and macOS do, to the last bit, for the
 * arguments that occur in practice).
 *
 * Variates (Marsaglia & Tsang 2000 for gamma, Marsaglia's polar method for
 * the normal, Ahrens & Dieter 1974 recursions for Poisson and binomial):
 * exact in distribution, no table, no approximation.
 */
#ifndef CSAT_NUMERICS_RANDOM_H
#define CSAT_NUMERICS_RANDOM_H

#include <stdint.h>

typedef struct csat__rng {
    uint64_t s[4];
} csat__rng;

/* The state of stream `stream` of `seed` (never all zero). */
void csat__rng_seed(csat__rng *g, uint64_t seed, uint64_t stream);
/* 64 random bits. */
uint64_t csat__rng_next(csat__rng *g);
/* Uniform on (0, 1]: k / 2^53 for k = 1..2^53 (never 0, so log(u) is finite). */
double csat__rng_unif(csat__rng *g);
/* Standard normal. */
double csat__rng_normal(csat__rng *g);
/* log of a Gamma(a, 1) variate, a > 0: finite even where the variate itself
 * underflows (shapes near 1e-3 and below). */
double csat__rng_log_gamma(csat__rng *g, double a);
/* Gamma(a, 1) (may be 0 by underflow for a below ~1e-3). */
double csat__rng_gamma(csat__rng *g, double a);
/* Beta(a, b), a, b > 0, in [0, 1] (0 or 1 only by rounding). */
double csat__rng_beta(csat__rng *g, double a, double b);
/* Poisson(mu), 0 <= mu <= 2^52: an integer-valued double. */
double csat__rng_poisson(csat__rng *g, double mu);
/* Binomial(n, p), n an integer-valued double in [0, 2^53], p in [0, 1]. */
double csat__rng_binomial(csat__rng *g, double n, double p);
/* The number of failures before the first success of Bernoulli(p) trials,
 * p in [0, 1]: +inf for p = 0. */
double csat__rng_geometric0(csat__rng *g, double p);

#endif /* CSAT_NUMERICS_RANDOM_H */
