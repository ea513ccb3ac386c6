/*
 * Simulated customers of each BTYD kind and of the Gamma-Gamma spend model,
 * drawn as the models describe them (the sources below), one generator
 * stream per customer (numerics/random.h): customer i is the same for a
 * seed whatever n is.
 *
 * Each kind is simulated in O(1) or O(log) draws per customer, however many
 * purchases it makes: the purchase count of a Poisson process and the time
 * of the x-th of N purchases, an order statistic of N uniforms on (0, T],
 * are drawn directly instead of walking the purchases.
 */
#include "btyd/btyd_handle.h"

#include <float.h>
#include <math.h>

#define MAX_COUNT 0x1p52 /* purchase counts stay exact integers below */

/* Stream domains: a spend simulation and a purchase simulation with the
 * same seed draw independent numbers. */
#define SPEND_DOMAIN 0x7370656E64ULL /* "spend" */

/* A rate Gamma(shape, rate) in log form: log of Gamma(shape, 1) / rate. */
static double log_rate(csat__rng *g, double shape, double rate)
{
    return csat__rng_log_gamma(g, shape) - log(rate);
}

/*
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
 * Marketing Science 24(2), assumptions (i)-(v)): lambda ~ Gamma(r, alpha),
 * p ~ Beta(a, b); purchases a Poisson process of rate lambda while alive;
 * after each repeat purchase the customer drops out with probability p.
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007): also at time 0, right
 * after the first purchase. The purchases before the drop-out are K ~
 * Geometric (K >= 1 for BG/NBD, K >= 0 for MBG/NBD); of the N ~
 * Poisson(lambda T) purchases the process would make in (0, T], the
 * customer makes x = min(N, K), the last at the x-th order statistic of N
 * uniforms on (0, T], T Beta(x, N - x + 1); alive at T iff N < K.
 */
static int bg_simulate(const double *p, csat__rng *g, double T, double *out, int modified)
{
    const double lam = exp(log_rate(g, p[0], p[1])), q = csat__rng_beta(g, p[2], p[3]);
    const double mean = lam * T;
    double n, k, x;
    if (!(mean <= MAX_COUNT))
        return 1;
    n = csat__rng_poisson(g, mean);
    k = csat__rng_geometric0(g, q) + (modified ? 0.0 : 1.0);
    x = n < k ? n : k;
    out[0] = x;
    out[1] = x > 0 ? T * csat__rng_beta(g, x, n - x + 1.0) : 0.0;
    out[2] = lam;
    out[3] = q;
    out[4] = n < k ? 1.0 : 0.0;
    return 0;
}

int csat__bgnbd_simulate(const double *p, csat__rng *g, double T, double *out)
{
    return bg_simulate(p, g, T, out, 0);
}

int csat__mbgnbd_simulate(const double *p, csat__rng *g, double T, double *out)
{
    return bg_simulate(p, g, T, out, 1);
}

/*
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987): lambda ~ Gamma(r,
 * alpha), mu ~ Gamma(s, beta), an exponential lifetime tau of rate mu;
 * purchases a Poisson process of rate lambda on (0, min(T, tau)]. The last
 * of N purchases on (0, L] is at L Beta(N, 1). Alive at T iff tau > T.
 */
int csat__pnbd_simulate(const double *p, csat__rng *g, double T, double *out)
{
    const double lam = exp(log_rate(g, p[0], p[1])), mu = exp(log_rate(g, p[2], p[3]));
    const double tau = -log(csat__rng_unif(g)) / mu; /* +inf for mu = 0 */
    const double L = tau < T ? tau : T, mean = L > 0 ? lam * L : 0.0;
    double n;
    if (!(mean <= MAX_COUNT) || !(lam <= DBL_MAX) || !(mu <= DBL_MAX))
        return 1;
    n = csat__rng_poisson(g, mean);
    out[0] = n;
    out[1] = n > 0 ? L * csat__rng_beta(g, n, 1.0) : 0.0;
    out[2] = lam;
    out[3] = mu;
    out[4] = tau > T ? 1.0 : 0.0;
    return 0;
}

/*
 * BG/BB (Fader, Hardie & Shang 2010, Marketing Science 29(6), section 2):
 * p ~ Beta(alpha, beta), theta ~ Beta(gamma, delta); a living customer
 * dies at the beginning of each opportunity with probability theta and
 * else buys with probability p. Alive for A = min(n, D) opportunities, D ~
 * Geometric(theta) from 0; walking back from opportunity A, the failures
 * after the last purchase are F ~ Geometric(p) from 0: none if F >= A,
 * else t_x = A - F and x = 1 + Binomial(t_x - 1, p). Alive after the n
 * opportunities iff D >= n. (n is T here.)
 */
int csat__bgbb_simulate(const double *p, csat__rng *g, double T, double *out)
{
    const double q = csat__rng_beta(g, p[0], p[1]), th = csat__rng_beta(g, p[2], p[3]);
    const double d = csat__rng_geometric0(g, th), a = d < T ? d : T;
    const double f = csat__rng_geometric0(g, q);
    if (f >= a) {
        out[0] = out[1] = 0.0;
    } else {
        out[1] = a - f;
        out[0] = 1.0 + csat__rng_binomial(g, a - f - 1.0, q);
    }
    out[2] = q;
    out[3] = th;
    out[4] = d >= T ? 1.0 : 0.0;
    return 0;
}

/* The first T[i] that is not a valid horizon (NULL if none). */
static const char *check_horizons(const double *T, size_t n, int discrete, size_t *bad)
{
    for (size_t i = 0; i < n; i++) {
        const double t = T[i];
        const char *why = NULL;
        if (!isfinite(t))
            why = "not finite";
        else if (!(t > 0))
            why = "not > 0";
        else if (discrete && (t != floor(t) || t > MAX_COUNT))
            why = "not a whole number of opportunities in [1, 2^52]";
        if (why) {
            *bad = i;
            return why;
        }
    }
    return NULL;
}

csat_status csat_btyd_simulate(csat_btyd_model *m, uint64_t seed, const double *T, size_t n,
                               double *frequency, double *recency, double *latent, double *alive)
{
    const char *why;
    const double *p;
    size_t bad;
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    if (!csat__array_bytes_ok(n, 2, sizeof *latent))
        return csat__fail(&m->base, CSAT_EINVAL, "n = %zu customers overflow the address space", n);
    if (!m->fit.has_params)
        return csat__fail(&m->base, CSAT_EMISUSE, "the model has no parameters: fit or set them first");
    if (!T || !frequency || !recency)
        return csat__fail(&m->base, CSAT_EINVAL, "T, frequency and recency must not be NULL");
    if (n == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "no customers to simulate (n = 0)");
    why = check_horizons(T, n, m->ops->discrete, &bad);
    if (why)
        return csat__fail(&m->base, CSAT_EINVAL, "%s[%zu] = %g is %s", m->ops->discrete ? "n" : "T", bad,
                          T[bad], why);
    p = m->fit.params;
    /* a first pass finds a customer whose purchases would pass 2^52 (the
     * rates are the first draws of its stream), so that nothing is
     * written on that error */
    for (size_t i = 0; i < n; i++) {
        csat__rng g;
        double o[5];
        csat__rng_seed(&g, seed, i);
        if (m->ops->simulate(p, &g, T[i], o))
            return csat__fail(&m->base, CSAT_EDOM, "customer %zu: a %s purchase or drop-out rate passes "
                              "the double range or makes more than 2^52 purchases over T = %g; the "
                              "parameters are out of range for simulation", i, m->ops->name, T[i]);
    }
    for (size_t i = 0; i < n; i++) {
        csat__rng g;
        double o[5];
        csat__rng_seed(&g, seed, i);
        (void)m->ops->simulate(p, &g, T[i], o);
        frequency[i] = o[0];
        recency[i] = o[1];
        if (latent)
            latent[2 * i] = o[2], latent[2 * i + 1] = o[3];
        if (alive)
            alive[i] = o[4];
    }
    return CSAT_OK;
}

/*
 * Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4), section
 * 4; Colombo & Jiang 1999): each customer's nu ~ Gamma(q, gamma), each
 * spend z ~ Gamma(p, nu); the mean of x spends is Gamma(p x, nu) / x.
 */
csat_status csat_spend_simulate(csat_spend_model *m, uint64_t seed, const double *frequency, size_t n,
                                double *monetary_value, double *nu)
{
    const double *p;
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    if (!csat__array_bytes_ok(n, 1, sizeof *frequency))
        return csat__fail(&m->base, CSAT_EINVAL, "n = %zu customers overflow the address space", n);
    if (!m->fit.has_params)
        return csat__fail(&m->base, CSAT_EMISUSE, "the model has no parameters: fit or set them first");
    if (!frequency || !monetary_value)
        return csat__fail(&m->base, CSAT_EINVAL, "frequency and monetary_value must not be NULL");
    if (n == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "no customers to simulate (n = 0)");
    for (size_t i = 0; i < n; i++)
        if (!csat__btyd_is_count(frequency[i]) || frequency[i] > MAX_COUNT)
            return csat__fail(&m->base, CSAT_EINVAL, "frequency[%zu] = %g is not a whole number in [0, 2^52]",
                              i, frequency[i]);
    p = m->fit.params;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            csat__rng g;
            const double x = frequency[i];
            double lnu, lz = 0.0;
            csat__rng_seed(&g, seed ^ SPEND_DOMAIN, i);
            lnu = log_rate(&g, p[1], p[2]);
            if (x > 0)
                lz = csat__rng_log_gamma(&g, p[0] * x) - log(x) - lnu;
            if (pass == 0) {
                if (!(lz < log(DBL_MAX)) || !(lnu < log(DBL_MAX)) || !(lz > log(DBL_MIN))
                    || !(lnu > log(DBL_MIN)))
                    return csat__fail(&m->base, CSAT_EDOM, "customer %zu: a simulated spend or nu "
                                      "leaves the range of normal doubles (log %g); the parameters are out of "
                                      "range for simulation", i, lz > lnu ? lz : lnu);
                continue;
            }
            monetary_value[i] = x > 0 ? exp(lz) : 0.0;
            if (nu)
                nu[i] = exp(lnu);
        }
    return CSAT_OK;
}
