/*
 * Regularised incomplete beta I_x(a, b) in log space, by the continued
 * fraction of Numerical Recipes 3rd ed. sec. 6.4 (DLMF 8.17.22) on the side
 * where it converges fast; the other side is 1 - I_y(b, a), which there is
 * at most about 1/2, so the subtraction loses nothing.
 */
#include "numerics/numerics.h"

#include <math.h>

static double betacf(double a, double b, double x)
{
    const double tiny = 1e-300, qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap, h;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    h = d;
    for (int m = 1; m < 1000000; m++) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2)), del;
        d = 1.0 + aa * d;
        d = fabs(d) < tiny ? 1.0 / tiny : 1.0 / d;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = fabs(d) < tiny ? 1.0 / tiny : 1.0 / d;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-16)
            break;
    }
    return h;
}

double csat__log_beta_inc(double a, double b, double lx, double ly)
{
    const double x = exp(lx), y = exp(ly);
    if (!(a > 0.0) || !(b > 0.0) || !(lx <= 0.0) || !(ly <= 0.0))
        return NAN;
    if (x == 0.0 && lx == -INFINITY)
        return -INFINITY;
    if (y == 0.0 && ly == -INFINITY)
        return 0.0;
    if (x < (a + 1.0) / (a + b + 2.0))
        return a * lx + b * ly - log(a) - csat__lbeta(a, b) + log(betacf(a, b, x));
    {
        /* log(b B(a, b)) = log Gamma(1+b) + log Gamma(a) - log Gamma(a+b): for
         * b <= 1 as divided differences, so that it keeps its digits when it
         * is small (tiny b: log b and log B(a, b) near -log b would cancel,
         * and the result 1 - e^(that) is O(b)) */
        const double lbb = b <= 1.0 ? b * (csat__lgamma_dd(1.0, b) - csat__lgamma_dd(a, b)) : log(b) + csat__lbeta(a, b);
        return log1p(-exp(a * lx + b * ly - lbb + log(betacf(b, a, y))));
    }
}
