/* Gauss hypergeometric function with a = 1, used by the sBG discounted
 * lifetimes (DEL/DERL) and the BG/BB DERT. */
#include "numerics/numerics.h"

#include <math.h>

/*
 * z near 1, 0 < b < c (the series needs ~40/(1-z) terms): Gauss's continued
 * fraction for F(a+1, b; c+1; z) / F(a, b; c; z) at a = 0 (DLMF 15.7.5),
 * about 10/sqrt(1-z) terms by modified Lentz.
 */
static double near1(double b, double c, double z)
{
    const double tiny = 1e-300;
    double f = 1.0, C = 1.0, D = 0.0;
    c -= 1.0; /* the fraction is in terms of F(1, b; c+1; z) */
    for (long n = 1; n < 100000000L; n++) {
        const double m = (double)(n / 2);
        const double k = n % 2 ? (-c - m) * (b + m) / ((c + 2 * m) * (c + 2 * m + 1))
                               : (b - c - m) * m / ((c + 2 * m - 1) * (c + 2 * m));
        const double an = k * z;
        double del;
        D = 1.0 + an * D;
        if (fabs(D) < tiny)
            D = tiny;
        D = 1.0 / D;
        C = 1.0 + an / C;
        if (fabs(C) < tiny)
            C = tiny;
        del = C * D;
        f *= del;
        if (fabs(del - 1.0) < 1e-16)
            break;
    }
    return 1.0 / f;
}

double csat__hyp2f1_1bc(double b, double c, double z)
{
    /* sum_j (b)_j/(c)_j z^j: the term ratio (b+j)/(c+j) z tends to z < 1, so
     * once it is below 1 the remaining tail is bounded by a geometric series
     * and the loop can stop as soon as that bound is negligible. */
    csat__ksum s = {0.0, 0.0};
    double term = 1.0;
    if (!(b > 0.0) || !(c > 0.0) || !(z >= 0.0) || !(z < 1.0))
        return NAN;
    /* the series is the more accurate (~1e-15 against ~1e-12): the
     * fraction only where the series would take over ~4e4 terms */
    if (z > 0.999 && b < c)
        return near1(b, c, z);
    for (size_t j = 0; j < (size_t)1e9; j++) {
        double ratio = (b + (double)j) / (c + (double)j) * z;
        csat__ksum_add(&s, term);
        term *= ratio;
        if (ratio < 1.0 && term <= 1e-17 * (1.0 - ratio) * csat__ksum_value(&s))
            break;
    }
    return csat__ksum_value(&s);
}
