/* Student's t distribution: upper tail, CDF and quantile, for the Welch test
 * and the tracking intervals. The tail is the regularised incomplete beta
 * P(T > t) = I_{df/(df+t^2)}(df/2, 1/2) / 2 (Abramowitz & Stegun 26.7.1,
 * 26.5.27), computed in log space by csat__log_beta_inc; the quantile is
 * Newton's method on that tail, started from the normal quantile. */
#include "numerics/numerics.h"

#include <math.h>

/* log P(T > |t|): log(I_x(df/2, 1/2) / 2), x = df / (df + t^2). */
static double log_tail_beta(double t, double df)
{
    double q = fabs(t) / sqrt(df), lx, ly;
    if (q == 0.0)
        return log(0.5);
    if (q > 1e150) { /* q^2 would overflow: 1 / (1 + q^2) = q^-2 to the last bit */
        lx = -2.0 * log(q);
        ly = 0.0;
    } else {
        double l1 = log1p(q * q);
        lx = -l1;
        ly = 2.0 * log(q) - l1;
    }
    return log(0.5) + csat__log_beta_inc(0.5 * df, 0.5, lx, ly);
}

/* log density of t with df degrees of freedom. */
static double log_pdf(double t, double df);

static double log_pdf_fn(double x, void *ctx) { return log_pdf(x, *(const double *)ctx); }

/* Past this df the continued fraction of I_x(df/2, 1/2) needs ~sqrt(df)
 * terms and its rounding errors pass 1e-13 (1e-12 at df = 1e5, 1e-8 at
 * 1e9); there the tail is the integral of the density instead. */
#define T_DF_QUAD 2000.0

static double log_tail_quad(double t, double df)
{
    double a = fabs(t), s = 1.0 / (1.0 + a);
    return csat__log_quad(log_pdf_fn, &df, a, INFINITY, a + s, s, 1e-15, NULL);
}

/* log P(T > |t|) by whichever of the two is accurate at df. */
static double log_tail(double t, double df)
{
    return df > T_DF_QUAD && t != 0.0 ? log_tail_quad(t, df) : log_tail_beta(t, df);
}

double csat__t_sf(double t, double df)
{
    double l;
    if (isnan(t) || !(df > 0.0))
        return NAN;
    if (isinf(df))
        return csat__norm_sf(t);
    if (isinf(t))
        return t > 0.0 ? 0.0 : 1.0;
    l = exp(log_tail(t, df));
    return t >= 0.0 ? l : 1.0 - l;
}

double csat__t_cdf(double t, double df) { return isnan(t) ? NAN : csat__t_sf(-t, df); }

static double log_pdf(double t, double df)
{
    double q2 = t * t / df;
    /* log Gamma((df+1)/2) - log Gamma(df/2) without cancellation for large df */
    return csat__lgamma_diff(0.5 * df, 0.5) - 0.5 * log(df * 3.14159265358979323846)
           - 0.5 * (df + 1.0) * log1p(q2);
}

double csat__t_quantile(double p, double df)
{
    double q, x, lo, hi, lq;
    if (!(df > 0.0) || !(p >= 0.0 && p <= 1.0))
        return NAN;
    if (p == 0.0)
        return -INFINITY;
    if (p == 1.0)
        return INFINITY;
    if (p == 0.5)
        return 0.0;
    if (isinf(df))
        return csat__norm_quantile(p);
    q = p < 0.5 ? p : 1.0 - p; /* solve P(T > x) = q for x > 0 */
    lq = log(q);
    x = -csat__norm_quantile(q);
    /* Bracket [lo, hi] with tail(lo) >= q >= tail(hi); grow hi as needed. */
    lo = 0.0;
    hi = x > 1.0 ? x : 1.0;
    while (log_tail(hi, df) > lq && hi < 1e300)
        hi *= 4.0;
    if (x > hi || !(x > 0.0))
        x = 0.5 * hi;
    for (int it = 0; it < 200; it++) {
        double lt = log_tail(x, df), step, nx;
        if (lt > lq)
            lo = x;
        else
            hi = x;
        /* Newton on log tail: d/dx log S(x) = -f(x) / S(x) */
        step = (lt - lq) / exp(log_pdf(x, df) - lt);
        nx = x + step;
        if (!(nx > lo && nx < hi))
            nx = hi < 1e300 ? 0.5 * (lo + hi) : 2.0 * lo + 1.0;
        if (fabs(nx - x) <= 1e-15 * x) {
            x = nx;
            break;
        }
        x = nx;
        if (hi - lo <= 4e-16 * hi)
            break;
    }
    return p < 0.5 ? -x : x;
}
