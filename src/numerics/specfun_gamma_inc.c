/*
 * Upper incomplete gamma function for any real a, in the scaled form the
 * Pareto/NBD DERT needs: e^z z^(1-a) Gamma(a, z) = z e^z E_(1-a)(z) with
 * E_p the generalised exponential integral (Gamma(a, z) = z^a E_(1-a)(z)).
 * The scaled value lies in (0, 1] for a <= 1 and never over- or underflows.
 *
 * Two methods (Numerical Recipes 3rd ed., sec. 6.3; DLMF 8.19):
 *  - z >= 1 or p = 1-a > 8: Legendre's continued fraction for E_p, modified
 *    Lentz; converges in < 100 steps there.
 *  - otherwise the power series
 *      E_p(z) = Gamma(1-p) z^(p-1) - sum_k (-z)^k / (k! (1-p+k)).
 *    Near an integer p = n >= 1 the first term and the k = n-1 term both
 *    have a pole; they are combined analytically (p = n + e):
 *      (-z)^(n-1)/(n-1)! * (1 - exp(phi(e))) / e,
 *      phi(e) = e log z + lgamma(1-e) - sum_{i<n} log(1 + e/i),
 *    with lgamma(1-e) from its Taylor series, so e -> 0 gives the
 *    psi(n) - log z limit without cancellation.
 */
#include "numerics/numerics.h"

#include <math.h>

#define EULER_GAMMA 0.57721566490153286061

/* zeta(k)/k, k = 2..25: lgamma(1-e) = gamma e + sum_k zeta(k)/k e^k. */
static const double zeta_k[] = {
    0.822467033424113218236,   0.400685634386531428467,   0.270580808427784547879,
    0.207385551028673985266,   0.169557176997408189952,   0.14404989676884611812,
    0.125509669524743042422,   0.111334265869564690491,   0.100099457512781808534,
    0.0909540171458290422326,  0.0833538405461090040249,  0.0769325164113521914728,
    0.0714329462953613360592,  0.0666687058824204680329,  0.062500955141213040742,
    0.058823978658684582339,   0.0555557676274036111022,  0.0526316793796166607336,
    0.0500000476981016936398,  0.0476190703301422279908,  0.0454545562932046694424,
    0.0434782660530402593614,  0.0416666691503412104691,  0.0400000011921401405861,
};

/* phi(e)/e (see the top), |e| <= 0.2, n >= 1. */
static double phi_over_e(double e, double n, double lz)
{
    double q = lz + EULER_GAMMA, pw = e; /* zeta(k)/k multiplies e^(k-1) */
    for (int k = 0; k < 24; k++) {
        q += zeta_k[k] * pw;
        pw *= e;
    }
    for (double i = 1.0; i < n; i++)
        q -= e == 0.0 ? 1.0 / i : log1p(e / i) / e;
    return q;
}

/* z e^z E_p(z) by the power series, 0 < z < 1, 0 < p <= 8. */
static double scaled_series(double p, double z)
{
    const double n = floor(p + 0.5), e = p - n, lz = log(z);
    const int near_pole = n >= 1.0 && fabs(e) <= 0.2;
    csat__ksum s = {0, 0};
    double term = 1.0; /* (-z)^k / k! */
    for (int k = 0; k < 200; k++) {
        if (!(near_pole && k == (int)n - 1))
            csat__ksum_add(&s, -term / (1.0 - p + k));
        if (k > (int)n && fabs(term) < 1e-18 * fabs(csat__ksum_value(&s)))
            break;
        term *= -z / (k + 1.0);
    }
    if (near_pole) {
        /* (-z)^(n-1)/(n-1)! (1 - e^phi)/e */
        double q = phi_over_e(e, n, lz), f = e == 0.0 ? -q : -expm1(e * q) / e;
        double sg = fmod(n - 1.0, 2.0) == 0.0 ? 1.0 : -1.0;
        csat__ksum_add(&s, sg * exp((n - 1.0) * lz - csat__lgamma(n)) * f);
    } else {
        int sign;
        double lg = csat__lgamma_signed(1.0 - p, &sign);
        csat__ksum_add(&s, sign * exp(lg + (p - 1.0) * lz));
    }
    return z * exp(z) * csat__ksum_value(&s);
}

double csat__log_gamma_upper_scaled(double a, double z)
{
    const double p = 1.0 - a;
    if (!(z > 0.0) || !isfinite(a) || !(z < INFINITY))
        return NAN;
    if (z >= 1.0 || p > 8.0)
        return log(z * csat__gamma_cf(p, z)); /* z e^z E_p(z) */
    if (p <= 0.0) /* a >= 1: Gamma(a, z) = Gamma(a) Q(a, z), Q near 1 here */
        return z + p * log(z) + csat__lgamma(a) + log(csat__gamma_q(a, z));
    return log(scaled_series(p, z));
}

double csat__log_gamma_upper(double a, double z)
{
    return csat__log_gamma_upper_scaled(a, z) - z - (1.0 - a) * log(z);
}
