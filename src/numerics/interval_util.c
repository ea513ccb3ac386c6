/*
 * Shared pieces of the prediction intervals (issue 15 §4): the delta
 * method's transformed bounds and the bootstraps' percentile interval, used
 * by the BTYD intervals (src/btyd/btyd_intervals*.c) and the sBG intervals
 * (src/retention/sbg_intervals.c).
 */
#include "numerics/numerics.h"
#include <math.h>
#include <stdlib.h>

int csat__interval_bounds(double est, double se, double z, int prob, double *lo, double *hi)
{
    if (prob && est > 0 && est < 1) {
        const double l = log(est / (1 - est)), s = se / (est * (1 - est));
        *lo = 1.0 / (1.0 + exp(-(l - z * s)));
        *hi = 1.0 / (1.0 + exp(-(l + z * s)));
    } else if (!prob && est > 0) {
        const double s = se / est;
        *lo = est * exp(-z * s);
        *hi = est * exp(z * s);
    } else {
        *lo = *hi = est;
    }
    /* the logit round trip can land an ulp beyond est when se is tiny:
     * the interval contains its estimate by construction */
    if (!(isfinite(*lo) && isfinite(*hi)))
        return 0;
    *lo = fmin(*lo, est);
    *hi = fmax(*hi, est);
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void csat__percentile_interval(double *v, size_t k, double level, double *lo, double *hi)
{
    const double q[2] = {(1 - level) / 2, (1 + level) / 2};
    double *o[2] = {lo, hi};
    qsort(v, k, sizeof *v, cmp_double);
    for (int j = 0; j < 2; j++) {
        const double h = (double)(k - 1) * q[j];
        const size_t i = (size_t)floor(h);
        const double f = h - (double)i;
        *o[j] = i + 1 < k ? v[i] + f * (v[i + 1] - v[i]) : v[k - 1];
    }
}
