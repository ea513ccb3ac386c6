#include "numerics/numerics.h"

#include <math.h>

#define LOG_SQRT_2PI 0.91893853320467274178
#define CSAT_PI 3.14159265358979323846

/* Stirling series tail: lgamma(x) - [(x-0.5)log x - x + log sqrt(2 pi)], x >= 8,
 * sum_k STIRLING[k] x^-(2k+1). Coefficients B_2k / (2k (2k-1)). */
static const double STIRLING[8] = {1.0 / 12.0,  -1.0 / 360.0,       1.0 / 1260.0, -1.0 / 1680.0,
                                   1.0 / 1188.0, -691.0 / 360360.0, 1.0 / 156.0,  -3617.0 / 122400.0};

static double stirling_tail(double x)
{
    const double *c = STIRLING, z = 1.0 / (x * x);
    return (c[0] + z * (c[1] + z * (c[2] + z * (c[3] + z * (c[4] + z * (c[5] + z * (c[6] + z * c[7]))))))) / x;
}

double csat__lgamma(double x)
{
    double prod = 1.0;
    if (!(x > 0.0))
        return NAN;
    if (x == INFINITY)
        return INFINITY;
    if (x < 8.0) {
        /* shift up: Gamma(x) = Gamma(x+k) / (x (x+1) ... (x+k-1)) */
        while (x < 8.0) {
            prod *= x;
            x += 1.0;
        }
        return (x - 0.5) * log(x) - x + LOG_SQRT_2PI + stirling_tail(x) - log(prod);
    }
    return (x - 0.5) * log(x) - x + LOG_SQRT_2PI + stirling_tail(x);
}

double csat__lgamma_signed(double x, int *sign)
{
    if (x > 0.0) {
        *sign = 1;
        return csat__lgamma(x);
    }
    if (x == floor(x) || !isfinite(x)) { /* pole: 1/Gamma is 0 */
        *sign = 0;
        return INFINITY;
    }
    {
        /* Gamma(x) = pi / (sin(pi x) Gamma(1 - x)); sin via the fractional
         * part keeps full accuracy for large |x|. */
        double fr = x - floor(x), s = sin(CSAT_PI * fr);
        long k = (long)floor(x);
        if (k % 2 != 0)
            s = -s;
        *sign = s > 0 ? 1 : -1;
        return log(CSAT_PI) - log(fabs(s)) - csat__lgamma(1.0 - x);
    }
}

double csat__lgamma_diff(double x, double d)
{
    double y = x + d;
    if (!(x > 0.0) || !(y > 0.0))
        return NAN;
    if (d == 0.0)
        return 0.0;
    if (x >= 8.0 && y >= 8.0) {
        /* (y-0.5)log y - (x-0.5)log x - d, rearranged to avoid cancelling
         * two large numbers: (x-0.5) log(y/x) + d log y - d. */
        double l1 = log1p(d / x); /* log(y/x) without rounding y = x + d */
        return (x - 0.5) * l1 + d * (log(x) + l1) - d + (stirling_tail(y) - stirling_tail(x));
    }
    return csat__lgamma(y) - csat__lgamma(x);
}

/* log1p(u)/u - 1 for u >= 0, without the cancellation near u = 0. */
static double log1p_ratio_m1(double u)
{
    double term = -u / 2.0, sum = 0.0;
    if (u >= 0.1)
        return log1p(u) / u - 1.0;
    for (int k = 2; fabs(term) > 1e-18 * fabs(sum) || k == 2; k++) {
        sum += term;
        term *= -u * (double)k / (double)(k + 1);
    }
    return sum;
}

/* (y - 0.5) log(1 + a/y) - a, the Stirling part of lgamma(y + a) - lgamma(y)
 * that is not a log(y + a), accurate when a/y is small. */
static double stirling_ratio_part(double y, double a)
{
    double u = a / y;
    return a * log1p_ratio_m1(u) - 0.5 * log1p(u);
}

/* stirling_tail(y + a) - stirling_tail(y), y >= 8, a >= 0, term by term as
 * c_k y^(1-2k) ((1 + a/y)^(1-2k) - 1) so that a tiny a keeps its digits. */
static double stirling_tail_diff(double y, double a)
{
    double w = log1p(a / y), z = 1.0 / (y * y), yk = 1.0 / y, s = 0.0;
    for (int k = 0; k < 8; k++) {
        s += STIRLING[k] * yk * expm1(-(double)(2 * k + 1) * w);
        yk *= z;
    }
    return s;
}

double csat__lgamma_diff_step(double x, double a, double L)
{
    double y = x + L;
    if (!(x >= 8.0) || !(a >= 0.0) || !(L >= 0.0) || !isfinite(y + a))
        return NAN;
    if (a == 0.0 || L == 0.0)
        return 0.0;
    /* F(y) = lgamma(y + a) - lgamma(y) = a log(y + a) + h(y) + T(y + a) - T(y)
     * by Stirling, so F(x + L) - F(x) = a log1p(L / (x + a)) + h(x + L) - h(x)
     * + the tails (h is about -a^2/(2y)); the same sum is also
     * lgamma_diff(x + a, L) - lgamma_diff(x, L). Rounding error follows the
     * size of the terms that cancel: take the form whose terms are smaller. */
    double s1 = a * log1p(L / (x + a)), h1 = stirling_ratio_part(y, a), h0 = stirling_ratio_part(x, a);
    double g1 = csat__lgamma_diff(x + a, L), g0 = csat__lgamma_diff(x, L);
    if (fabs(g1) + fabs(g0) < fabs(s1) + fabs(h1) + fabs(h0))
        return g1 - g0;
    return s1 + (h1 - h0) + (stirling_tail_diff(y, a) - stirling_tail_diff(x, a));
}

double csat__digamma_diff(double x, double d)
{
    double acc = 0.0, z, w, s = 0.0, zk = 1.0;
    static const double c[] = {1.0 / 12.0, -1.0 / 120.0, 1.0 / 252.0, -1.0 / 240.0,
                               1.0 / 132.0, -691.0 / 32760.0, 1.0 / 12.0};
    if (!(x > 0.0) || !(d >= 0.0) || !isfinite(x + d))
        return NAN;
    if (d == 0.0)
        return 0.0;
    /* psi(x + d) - psi(x) = sum_j d / ((x + j)(x + d + j)) + the same at x + m */
    while (x < 10.0) {
        acc += d / (x * (x + d));
        x += 1.0;
    }
    /* asymptotic series, term by term as x^-2k ((1 + d/x)^-2k - 1) */
    z = 1.0 / (x * x);
    w = log1p(d / x);
    for (int k = 0; k < 7; k++) {
        zk *= z;
        s += c[k] * zk * expm1(-2.0 * (double)(k + 1) * w);
    }
    return acc + w + 0.5 * d / (x * (x + d)) - s;
}

double csat__lgamma_dd(double x, double d)
{
    double e = 0.0, t, l1, u1, u2, u2p, h = 1.0, tail;
    if (!(x > 0.0) || !(x + d > 0.0) || !(fabs(d) <= 1.0))
        return NAN;
    if (d == 0.0)
        return csat__digamma(x);
    /* below 8: log Gamma(x + d) - log Gamma(x) = the same at x + k minus
     * log prod (1 + d/(x+i)); the product minus 1 is accumulated as e (its
     * factors are all on one side of 1, so nothing cancels) */
    while (x < 8.0 || x + d < 8.0) {
        t = d / x;
        e += t + e * t;
        x += 1.0;
    }
    /* Stirling: [(x - 0.5) log1p(t) + d log(x + d) - d] / d, t = d/x, and
     * the tail's divided difference in u = 1/x, written as sums of products
     * of u1 = 1/x and u2 = 1/(x+d) (no cancellation): (u2^p - u1^p) / d =
     * -u1 u2 sum_(i<p) u1^i u2^(p-1-i). */
    t = d / x;
    l1 = log1p(t);
    u1 = 1.0 / x;
    u2 = 1.0 / (x + d);
    u2p = u2;
    tail = STIRLING[0];
    for (int k = 1; k < 8; k++) {
        /* h = sum_(i<p) u1^i u2^(p-1-i) for p = 2k + 1, two steps of
         * h_(p+1) = u1 h_p + u2^p */
        h = u1 * h + u2p;
        u2p *= u2;
        h = u1 * h + u2p;
        u2p *= u2;
        tail += STIRLING[k] * h;
    }
    return (x - 0.5) * (l1 / d) + log(x) + l1 - 1.0 - u1 * u2 * tail - log1p(e) / d;
}

double csat__lbeta(double a, double b)
{
    double lo = a < b ? a : b, hi = a < b ? b : a;
    if (!(lo > 0.0))
        return NAN;
    /* log B = lgamma(lo) - [lgamma(hi + lo) - lgamma(hi)] */
    return csat__lgamma(lo) - csat__lgamma_diff(hi, lo);
}

double csat__digamma(double x)
{
    double acc = 0.0, z;
    if (!(x > 0.0))
        return NAN;
    while (x < 10.0) {
        acc -= 1.0 / x;
        x += 1.0;
    }
    z = 1.0 / (x * x);
    return acc + log(x) - 0.5 / x -
           z * (1.0 / 12.0 -
                z * (1.0 / 120.0 -
                     z * (1.0 / 252.0 -
                          z * (1.0 / 240.0 - z * (1.0 / 132.0 - z * (691.0 / 32760.0 - z / 12.0))))));
}

/* P(a,x) by its power series; converges fast for x < a + 1. */
static double gamma_p_series(double a, double x, double logpre)
{
    double ap = a, term = 1.0 / a, sum = term;
    for (int i = 0; i < 100000; i++) {
        ap += 1.0;
        term *= x / ap;
        sum += term;
        if (fabs(term) < fabs(sum) * 1e-17)
            break;
    }
    return sum * exp(logpre);
}

double csat__gamma_cf(double p, double z)
{
    const double tiny = 1e-300;
    double b = z + p, c = 1.0 / tiny, d = 1.0 / b, h = d;
    if (z > 64.0 * (fabs(p) + 16.0)) {
        /* far out the asymptotic series sum_k (-1)^k (p)_k z^-k converges
         * at least like 1/64^k and avoids the rounding of z + p + 2i */
        double term = 1.0, sum = 1.0;
        for (int k = 0; k < 40 && fabs(term) > 1e-17 * fabs(sum); k++) {
            term *= -(p + k) / z;
            sum += term;
        }
        return sum / z;
    }
    for (int i = 1; i < 100000; i++) {
        double an = -i * (p + i - 1.0), del;
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-16)
            break;
    }
    return h;
}

/* Q(a,x) by its continued fraction, for x >= a + 1. */
static double gamma_q_cf(double a, double x, double logpre) { return exp(logpre) * csat__gamma_cf(1.0 - a, x); }

double csat__gamma_p(double a, double x)
{
    double logpre;
    if (!(a > 0.0) || !(x >= 0.0))
        return NAN;
    if (x == 0.0)
        return 0.0;
    if (x == INFINITY)
        return 1.0;
    logpre = a * log(x) - x - csat__lgamma(a);
    if (x < a + 1.0)
        return gamma_p_series(a, x, logpre);
    return 1.0 - gamma_q_cf(a, x, logpre);
}

double csat__gamma_q(double a, double x)
{
    double logpre;
    if (!(a > 0.0) || !(x >= 0.0))
        return NAN;
    if (x == 0.0)
        return 1.0;
    if (x == INFINITY)
        return 0.0;
    logpre = a * log(x) - x - csat__lgamma(a);
    if (x < a + 1.0)
        return 1.0 - gamma_p_series(a, x, logpre);
    return gamma_q_cf(a, x, logpre);
}

double csat__chisq_sf(double x, double df)
{
    if (!(df > 0.0) || isnan(x))
        return NAN;
    if (x <= 0.0)
        return 1.0;
    return csat__gamma_q(0.5 * df, 0.5 * x);
}

double csat__norm_cdf(double x) { return 0.5 * erfc(-x * 0.70710678118654752440); }
double csat__norm_sf(double x) { return 0.5 * erfc(x * 0.70710678118654752440); }

double csat__norm_quantile(double p)
{
    double q, t, x;
    if (!(p > 0.0 && p < 1.0)) {
        if (p == 0.0)
            return -INFINITY;
        if (p == 1.0)
            return INFINITY;
        return NAN;
    }
    if (p == 0.5)
        return 0.0;
    q = p < 0.5 ? p : 1.0 - p;
    /* Abramowitz & Stegun 26.2.23 start (|error| < 4.5e-4), then Halley
     * steps on the lower tail, where erfc keeps full relative accuracy. */
    t = sqrt(-2.0 * log(q));
    x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) /
                  (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
    for (int i = 0; i < 4; i++) {
        double e = csat__norm_cdf(x) - q;
        double u = e * 2.50662827463100050242 * exp(0.5 * x * x);
        x = x - u / (1.0 + 0.5 * x * u);
    }
    /* For p > 0.5 mirror; 1-p is exact only when p is near 0.5, so for the
     * upper tail we solved with q = 1-p, which is what the caller's p means. */
    return p < 0.5 ? x : -x;
}

/* psi'(x), x > 0: recurrence up to 20, then the asymptotic series to B12 (the next term is < 1e-19 there). */
double csat__trigamma(double x)
{
    double acc = 0.0, z;
    while (x < 20.0) {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    z = 1.0 / (x * x);
    return acc + 1.0 / x + 0.5 * z +
           z / x *
               (1.0 / 6.0 -
                z * (1.0 / 30.0 - z * (1.0 / 42.0 - z * (1.0 / 30.0 - z * (5.0 / 66.0 - z * 691.0 / 2730.0)))));
}
