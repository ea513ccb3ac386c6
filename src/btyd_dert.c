/*
 * DERT: discounted expected residual transactions of one customer given
 * the history, E[sum of future transactions, each discounted to T].
 *
 * Pareto/NBD (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value
 * curves for customer base analysis", JMR 42(4), eq. 2), continuous rate
 * delta:
 *   DERT = a^r b^s delta^(s-1) G(r+x+1) U(s, s; delta(b+T))
 *          / (G(r) (a+T)^(r+x+1) L).
 * Regrouped as P(alive) * E[lambda | alive] * E[1/(delta+mu) | alive] with
 * lambda ~ Gamma(r+x, a+T), mu ~ Gamma(s, b+T) given alive, and
 *   delta E[1/(delta+mu)] = z^s e^z Gamma(1-s, z) = z^s U(s, s; z),
 * z = delta (b+T), a number in (0, 1): every factor stays in range.
 *
 * BG/BB (Fader, Hardie & Shang 2010, Marketing Science 29(6), eq. 13),
 * rate d per period, the first future opportunity (n+1) discounted once:
 *   DERT = B(al+x+1, be+n-x)/B(al,be) * B(ga, de+n+1)/((1+d) B(ga,de))
 *          * 2F1(1, de+n+1; ga+de+n+1; 1/(1+d)) / L.
 * The 2F1 here is E[1/(d+theta)] (1+d) over theta ~ Beta(ga, de+n+1).
 */
#include "btyd_internal.h"
#include "numerics.h"

#include <math.h>

double csat__pnbd_dert(const double *p, double delta, double x, double tx, double T)
{
    const double r = p[0], al = p[1], s = p[2], be = p[3];
    double l = csat__pnbd_log_p_alive(p, x, tx, T) + log(r + x) - log(al + T) - log(delta);
    const double z = delta * (be + T);
    /* log(z^s e^z Gamma(1-s, z)) = the scaled upper gamma at a = 1-s; it is
     * log(1 - s/z + ...), 0 in double precision once z is huge */
    if (z < 1e300)
        l += csat__log_gamma_upper_scaled(1.0 - s, z);
    return exp(l);
}

/*
 * 2F1(1, b; c; z) for 0 < b < c, 0 < z < 1. Small z: the positive series.
 * z near 1 (the series needs ~40/(1-z) terms): Gauss's continued fraction
 * for F(a+1, b; c+1; z) / F(a, b; c; z) at a = 0 (DLMF 15.7.5), about
 * 10/sqrt(1-z) terms by modified Lentz.
 */
static double hyp2f1_1bc_near1(double b, double c, double z)
{
    const double tiny = 1e-300;
    double f = 1.0, C = 1.0, D = 0.0;
    c -= 1.0; /* the fraction is in terms of F(1, b; c+1; z) */
    if (z <= 0.8)
        return csat__hyp2f1_1bc(b, c + 1.0, z);
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

double csat__bgbb_dert(const double *p, double d, double x, double tx, double n)
{
    const double al = p[0], be = p[1], ga = p[2], de = p[3];
    const double h = de + n + 1.0, z = 1.0 / (1.0 + d);
    double l = csat__lbeta(al + x + 1.0, be + n - x) - csat__lbeta(al, be) + csat__lbeta(ga, h) -
               csat__lbeta(ga, de) - csat__bgbb_log_lik_row(p, x, tx, n);
    l += log(hyp2f1_1bc_near1(h, ga + h, z)) - log1p(d);
    return exp(l);
}
