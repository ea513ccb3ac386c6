/*
 * General Gauss hypergeometric function 2F1(a, b; c; z) for real arguments and
 * z < 1, returned in signed log space (the value can be negative when c < 0
 * or a, b < 0, and it overflows a double for the large parameters of
 * customers with thousands of purchases).
 *
 * Regions: z < 0 goes through Pfaff's transformation to w = z/(z-1) in
 * (0, 1); 0 <= z <= 0.9 sums the series directly; z > 0.9 uses the 1 - z
 * connection formula (Abramowitz & Stegun 15.3.6), whose gamma factors are
 * singular when c - a - b is an integer: there a cubic through four
 * neighbouring values of c is interpolated (error O(h^4)).
 */
#include "numerics/numerics.h"

#include <math.h>

#define PI 3.14159265358979323846

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
        double fr = x - floor(x), s = sin(PI * fr);
        long k = (long)floor(x);
        if (k % 2 != 0)
            s = -s;
        *sign = s > 0 ? 1 : -1;
        return log(PI) - log(fabs(s)) - csat__lgamma(1.0 - x);
    }
}

/* Direct power series, 0 <= z < 1, terms kept at a running scale so huge
 * parameters neither overflow nor lose the sign. */
static double series_log(double a, double b, double c, double z, int *sign)
{
    double t = 1.0, s = 1.0, lscale = 0.0;
    const double big = 1e200;
    if (z == 0.0 || a == 0.0 || b == 0.0) {
        *sign = 1;
        return 0.0;
    }
    for (long k = 0; k < 20000000L; k++) {
        double ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        t *= ratio;
        s += t;
        if (fabs(t) > big || fabs(s) > big) {
            t /= big;
            s /= big;
            lscale += log(big);
        }
        if (t == 0.0)
            break;
        /* Past the largest term and the remainder is below rounding: the
         * tail is bounded by |t| * r / (1 - r) with r the current ratio. */
        if (fabs(ratio) < 1.0 && fabs(t) * fabs(ratio) / (1.0 - fabs(ratio)) <= 1e-17 * fabs(s) &&
            k > 2)
            break;
    }
    *sign = s > 0 ? 1 : (s < 0 ? -1 : 0);
    return log(fabs(s)) + lscale;
}

/* One term of the connection formula: (1-z)^pw G(c)G(g1)/(G(g2)G(g3)) F(.., 1-z). */
static double connection_term(double c, double g1, double g2, double g3, double fa, double fb,
                              double fc, double omz, double pw, int *sign)
{
    int s1, s2, s3, s4, sf;
    double l = csat__lgamma_signed(c, &s1) + csat__lgamma_signed(g1, &s2);
    double d2 = csat__lgamma_signed(g2, &s3), d3 = csat__lgamma_signed(g3, &s4), lf;
    if (s3 == 0 || s4 == 0 || s1 == 0 || s2 == 0) { /* 1/Gamma(pole) = 0 */
        *sign = 0;
        return -INFINITY;
    }
    lf = series_log(fa, fb, fc, omz, &sf);
    *sign = s1 * s2 * s3 * s4 * sf;
    return l - d2 - d3 + lf + pw * log(omz);
}

static double near_one_log(double a, double b, double c, double z, int *sign)
{
    double m = c - a - b, omz = 1.0 - z, l1, l2;
    int s1, s2;
    l1 = connection_term(c, m, c - a, c - b, a, b, 1.0 - m, omz, 0.0, &s1);
    l2 = connection_term(c, -m, a, b, c - a, c - b, 1.0 + m, omz, m, &s2);
    return csat__log_add_signed(l1, s1, l2, s2, sign);
}

static double positive_z_log(double a, double b, double c, double z, int *sign)
{
    double m = c - a - b, d = m - floor(m + 0.5);
    if (z <= 0.9)
        return series_log(a, b, c, z, sign);
    if (fabs(d) < 1e-4) {
        /* c - a - b (nearly) an integer, where the connection formula is
         * singular: interpolate a cubic through c at integer offsets
         * {-2h, -h, h, 2h} (error O(h^4)) and read it at the actual offset d. */
        const double h = 1e-4, e[4] = {-2 * h, -h, h, 2 * h};
        double lv[4], base = -INFINITY, v = 0.0;
        int sg[4];
        for (int j = 0; j < 4; j++) {
            lv[j] = near_one_log(a, b, c - d + e[j], z, &sg[j]);
            if (sg[j] != 0 && lv[j] > base)
                base = lv[j];
        }
        for (int j = 0; j < 4; j++) {
            double w = 1.0;
            for (int k = 0; k < 4; k++)
                if (k != j)
                    w *= (d - e[k]) / (e[j] - e[k]);
            v += w * sg[j] * exp(lv[j] - base);
        }
        *sign = v > 0 ? 1 : (v < 0 ? -1 : 0);
        return log(fabs(v)) + base;
    }
    return near_one_log(a, b, c, z, sign);
}

double csat__hyp2f1_log(double a, double b, double c, double z, int *sign)
{
    if (!(z < 1.0) || isnan(a) || isnan(b) || isnan(c) || (c <= 0.0 && c == floor(c))) {
        *sign = 0;
        return NAN;
    }
    if (z < 0.0) {
        /* Pfaff: F(a,b;c;z) = (1-z)^-a F(a, c-b; c; z/(z-1)); pivot on the
         * parameter that leaves the smaller series. */
        double w = z / (z - 1.0), l1p = log1p(-z);
        if (fabs(b) < fabs(a)) {
            double t = a;
            a = b;
            b = t;
        }
        return -a * l1p + positive_z_log(a, c - b, c, w, sign);
    }
    return positive_z_log(a, b, c, z, sign);
}

double csat__hyp2f1(double a, double b, double c, double z)
{
    int s;
    double l = csat__hyp2f1_log(a, b, c, z, &s);
    return s * exp(l);
}
