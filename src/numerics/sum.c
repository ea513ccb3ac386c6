#include "numerics/numerics.h"

#include <math.h>

double csat__sum(const double *x, size_t n)
{
    csat__ksum k = {0.0, 0.0};
    for (size_t i = 0; i < n; i++)
        csat__ksum_add(&k, x[i]);
    return csat__ksum_value(&k);
}

void csat__mean_var(const double *x, size_t n, double *mean, double *var)
{
    double m = n ? csat__sum(x, n) / (double)n : 0.0;
    csat__ksum ss = {0.0, 0.0}, sd = {0.0, 0.0};
    if (mean)
        *mean = m;
    if (!var)
        return;
    if (n < 2) {
        *var = 0.0;
        return;
    }
    /* Second pass with the correction term of the corrected two-pass
     * algorithm (Chan, Golub & LeVeque) to cancel the mean's rounding. */
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - m;
        csat__ksum_add(&ss, d * d);
        csat__ksum_add(&sd, d);
    }
    {
        double s = csat__ksum_value(&sd);
        double v = (csat__ksum_value(&ss) - s * s / (double)n) / (double)(n - 1);
        *var = v > 0.0 ? v : 0.0;
    }
}

double csat__logaddexp(double a, double b)
{
    double hi = a > b ? a : b, lo = a > b ? b : a;
    if (hi == -INFINITY)
        return -INFINITY;
    return hi + log1p(exp(lo - hi));
}

double csat__logsumexp(const double *x, size_t n)
{
    double hi = -INFINITY;
    csat__ksum k = {0.0, 0.0};
    for (size_t i = 0; i < n; i++)
        if (x[i] > hi)
            hi = x[i];
    if (hi == -INFINITY || hi == INFINITY)
        return hi;
    for (size_t i = 0; i < n; i++)
        csat__ksum_add(&k, exp(x[i] - hi));
    return hi + log(csat__ksum_value(&k));
}

double csat__log_add_signed(double la, int sa, double lb, int sb, int *sign)
{
    if (sa == 0 || la == -INFINITY) {
        *sign = lb == -INFINITY ? 0 : sb;
        return sb == 0 ? -INFINITY : lb;
    }
    if (sb == 0 || lb == -INFINITY) {
        *sign = sa;
        return la;
    }
    if (sa == sb) {
        *sign = sa;
        return csat__logaddexp(la, lb);
    }
    /* opposite signs: |e^la - e^lb| */
    if (la == lb) {
        *sign = 0;
        return -INFINITY;
    }
    if (la > lb) {
        *sign = sa;
        return la + csat__log1mexp(la - lb);
    }
    *sign = sb;
    return lb + csat__log1mexp(lb - la);
}

double csat__log1mexp(double x)
{
    return x <= 0.6931471805599453 ? log(-expm1(-x)) : log1p(-exp(-x));
}
