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
#include "btyd/btyd_internal.h"
#include "numerics/numerics.h"

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

double csat__bgbb_dert(const double *p, double d, double x, double tx, double n)
{
    const double al = p[0], be = p[1], ga = p[2], de = p[3];
    const double h = de + n + 1.0;
    double l = csat__lbeta(al + x + 1.0, be + n - x) - csat__lbeta(al, be) + csat__lbeta(ga, h) -
               csat__lbeta(ga, de) - csat__bgbb_log_lik_row(p, x, tx, n);
    l += log(csat__hyp2f1_1bc_disc(h, ga + h, d)) - log1p(d);
    return exp(l);
}

/*
 * BG/NBD and MBG/NBD, continuous rate delta (no published closed form).
 * Alive with rate lambda and drop-out probability p, the k-th future
 * purchase (at a Gamma(k, lambda) time) happens alive with probability
 * (1-p)^(k-1), so the discounted count is sum_k (1-p)^(k-1)
 * (lambda/(lambda+delta))^k = lambda/(delta + p lambda). Given the history
 * and alive, lambda ~ Gamma(R, A) and p ~ Beta(a, B) independently, R = r+x,
 * A = alpha+T, B = b+x (MBG/NBD: b+x+1, the drop-out at time 0). Over lambda
 * (U(c, c; y) = e^y Gamma(1-c, y), DLMF 13.6.6):
 *   E[lambda/(delta + p lambda)] = R/(A delta) g(A delta/p),
 *   g(y) = y e^y E_(R+1)(y) = y^(R+1) e^y Gamma(-R, y), in (0, 1),
 * so DERT = P(alive) R/(A delta) E_p[g(A delta/p)]. The expectation over p
 * is an integral over u = logit(p) in (-inf, inf) by csat__log_quad: the
 * Beta density in u is log-concave with exponential tails of rates a and
 * B, which the routine's map u = u0 + s sinh(t) turns into double-
 * exponentially decaying ones (so a = 1e-3, whose mass reaches
 * p = e^(-40000), costs only ~12/h nodes).
 */

/* log g(y) = log(y e^y E_n(y)) for y < 1, n > 8, where the shared
 * continued fraction needs ~1e4 steps and loses digits (5e-13 at y = 3e-9).
 * n >= 25: E_n(y) = sum_k (-y)^k / (k! (n-1-k)) up to a remainder of
 * ~y^(n-1)/Gamma(n) (DLMF 8.19.8), all denominators >= 4 while terms count.
 * Otherwise g_(k+1) = y (1 - g_k)/k (from E_(k+1) = (e^-y - y E_k)/k, DLMF
 * 8.19.12), stable as g_k < 1/7, from an order in (7, 8] where the shared
 * function sums its power series. */
static double log_g_small(double n, double y)
{
    if (n >= 25.0) {
        csat__ksum s = {0, 0};
        double t = 1.0;
        for (int k = 0; k < 40; k++) {
            const double term = t / (n - 1.0 - k);
            csat__ksum_add(&s, term);
            if (fabs(term) < 1e-18 * fabs(csat__ksum_value(&s)))
                break;
            t *= -y / (k + 1.0);
        }
        return log(y) + y + log(csat__ksum_value(&s));
    } else {
        double k = n - ceil(n - 8.0), g = exp(csat__log_gamma_upper_scaled(1.0 - k, y));
        for (; k < n - 0.5; k += 1.0)
            g = y * (1.0 - g) / k;
        return log(g);
    }
}

typedef struct {
    double a, B, R, lAd, lbeta;
} pquad;

/* log of the integrand in u = logit(p): the Beta density in u times g */
static double pquad_log_term(double u, void *ctx)
{
    const pquad *q = ctx;
    const double lp = -csat__logaddexp(0.0, -u), l1p = -csat__logaddexp(0.0, u), ly = q->lAd - lp;
    double l = q->a * lp + q->B * l1p - q->lbeta;
    const double n = q->R + 1.0;
    if (ly < 0.0 && n > 8.0) {
        l += log_g_small(n, exp(ly));
    } else if (ly < log(1e3 * (n + 20.0))) {
        l += csat__log_gamma_upper_scaled(-q->R, exp(ly));
    } else if (ly < 690.0) {
        /* far out csat__gamma_cf sums the asymptotic series (DLMF 8.20.2) */
        const double y = exp(ly);
        l += log(y * csat__gamma_cf(n, y));
    } /* else g = 1 in double precision */
    return l;
}

double csat__bgnbd_dert(const double *p, double delta, double x, double tx, double T, int modified)
{
    const double r = p[0], al = p[1], a = p[2], b = p[3];
    const double R = r + x, A = al + T, B = b + x + (modified ? 1.0 : 0.0);
    const double lpa = csat__bgnbd_log_p_alive(p, x, tx, T, modified);
    pquad q;
    double li;
    q.a = a;
    q.B = B;
    q.R = R;
    q.lAd = log(A) + log(delta);
    q.lbeta = csat__lbeta(a, B);
    /* centred on the density's mode in u, log(a/B), with its width there,
     * at most about the distance pi to the singularities of the integrand
     * at Im u = pi */
    li = csat__log_quad(pquad_log_term, &q, -INFINITY, INFINITY, log(a) - log(B),
                        fmin(1.0, sqrt(1.0 / a + 1.0 / B)), 1e-13, NULL);
    return exp(lpa + log(R) - log(A) - log(delta) + li);
}
