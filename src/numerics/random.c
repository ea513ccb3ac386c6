/*
 * xoshiro256** seeded by splitmix64, and gamma, beta, Poisson, binomial and
 * geometric variates from it (see random.h for the portability rules).
 */
#include "numerics/random.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void csat__rng_seed(csat__rng *g, uint64_t seed, uint64_t stream)
{
    /* the stream's own splitmix64 start: seed and stream mixed, so that
     * neighbouring streams of neighbouring seeds do not overlap */
    uint64_t x = seed, y = stream ^ 0x6A09E667F3BCC909ULL;
    uint64_t k = splitmix64(&x) ^ splitmix64(&y);
    for (int i = 0; i < 4; i++)
        g->s[i] = splitmix64(&k);
    if ((g->s[0] | g->s[1] | g->s[2] | g->s[3]) == 0)
        g->s[0] = 1;
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t csat__rng_next(csat__rng *g)
{
    uint64_t *s = g->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double csat__rng_unif(csat__rng *g) { return (double)((csat__rng_next(g) >> 11) + 1) * 0x1p-53; }

double csat__rng_normal(csat__rng *g)
{
    for (;;) {
        double u = 2.0 * csat__rng_unif(g) - 1.0, v = 2.0 * csat__rng_unif(g) - 1.0;
        double s = u * u + v * v;
        if (s < 1.0 && s > 0.0)
            return u * sqrt(-2.0 * log(s) / s);
    }
}

/* log of Gamma(a, 1) for a >= 1 (Marsaglia & Tsang 2000, "A simple method
 * for generating gamma variables", ACM TOMS 26(3)). */
static double log_gamma_ge1(csat__rng *g, double a)
{
    const double d = a - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v, u;
        do {
            x = csat__rng_normal(g);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        u = csat__rng_unif(g);
        if (u < 1.0 - 0.0331 * (x * x) * (x * x) || log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
            return log(d) + log(v);
    }
}

double csat__rng_log_gamma(csat__rng *g, double a)
{
    if (a >= 1.0)
        return log_gamma_ge1(g, a);
    /* Gamma(a) = Gamma(a + 1) U^(1/a) (Marsaglia & Tsang, section 6) */
    {
        double lg = log_gamma_ge1(g, a + 1.0);
        return lg + log(csat__rng_unif(g)) / a;
    }
}

double csat__rng_gamma(csat__rng *g, double a) { return exp(csat__rng_log_gamma(g, a)); }

double csat__rng_beta(csat__rng *g, double a, double b)
{
    if (b == 1.0) /* Beta(a, 1) = U^(1/a): the largest of a uniforms when a is whole */
        return exp(log(csat__rng_unif(g)) / a);
    {
        double lx = csat__rng_log_gamma(g, a), ly = csat__rng_log_gamma(g, b);
        if (isnan(ly - lx)) /* both -inf: shapes near the smallest doubles, the limit is 0 or 1 */
            return csat__rng_unif(g) <= a / (a + b) ? 1.0 : 0.0;
        return 1.0 / (1.0 + exp(ly - lx));
    }
}

double csat__rng_geometric0(csat__rng *g, double p)
{
    double k;
    if (!(p > 0.0))
        return INFINITY;
    if (p >= 1.0)
        return 0.0;
    k = floor(log(csat__rng_unif(g)) / log1p(-p));
    return k > 0.0 ? k : 0.0;
}

double csat__rng_binomial(csat__rng *g, double n, double p)
{
    double k = 0.0;
    if (!(p > 0.0))
        return 0.0;
    if (p >= 1.0)
        return n;
    /* Ahrens & Dieter (1974): the i-th smallest of n uniforms is
     * Beta(i, n + 1 - i); the count below p is then found among the i - 1
     * below it or the n - i above it, each a binomial of its own */
    while (n > 16.0) {
        double i = floor((n + 1.0) / 2.0), y = csat__rng_beta(g, i, n + 1.0 - i);
        if (y >= p) {
            n = i - 1.0;
            p = p / y;
        } else {
            k += i;
            n -= i;
            p = (p - y) / (1.0 - y);
        }
        if (!(p > 0.0))
            return k;
        if (p >= 1.0)
            return k + n;
    }
    for (double j = 0.0; j < n; j += 1.0)
        k += csat__rng_unif(g) <= p ? 1.0 : 0.0;
    return k;
}

double csat__rng_poisson(csat__rng *g, double mu)
{
    double n = 0.0;
    /* Ahrens & Dieter (1974): X ~ Gamma(m, 1) is the m-th arrival of a unit
     * Poisson process; before mu there are m + Poisson(mu - X) arrivals if
     * X < mu, else Binomial(m - 1, mu / X) */
    while (mu >= 12.0) {
        double m = floor(0.875 * mu), x = csat__rng_gamma(g, m);
        if (x >= mu)
            return n + csat__rng_binomial(g, m - 1.0, mu / x);
        n += m;
        mu -= x;
    }
    {
        /* multiplication method: the first k with U_1 ... U_(k+1) <= e^-mu */
        const double lim = exp(-mu);
        double prod = csat__rng_unif(g);
        while (prod > lim) {
            n += 1.0;
            prod *= csat__rng_unif(g);
        }
    }
    return n;
}
