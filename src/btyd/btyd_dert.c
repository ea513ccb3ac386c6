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
    double l = csat__lbeta(al + x + 1.0, be + (n - x)) - csat__lbeta(al, be) + csat__lbeta(ga, h) -
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

/* log g(y) for the order n = R + 1, y = e^ly */
static double log_g(double R, double ly)
{
    const double n = R + 1.0;
    if (ly < 0.0 && n > 8.0)
        return log_g_small(n, exp(ly));
    if (ly < log(1e3 * (n + 20.0)))
        return csat__log_gamma_upper_scaled(-R, exp(ly));
    if (ly < 690.0) {
        /* far out csat__gamma_cf sums the asymptotic series (DLMF 8.20.2) */
        const double y = exp(ly);
        return log(y * csat__gamma_cf(n, y));
    }
    return 0.0; /* g = 1 in double precision */
}

/* log of the integrand in u = logit(p): the Beta density in u times g */
static double pquad_log_term(double u, void *ctx)
{
    const pquad *q = ctx;
    const double lp = -csat__logaddexp(0.0, -u), l1p = -csat__logaddexp(0.0, u), ly = q->lAd - lp;
    return q->a * lp + q->B * l1p - q->lbeta + log_g(q->R, ly);
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

/*
 * The delta method's gradient of the BG/NBD (MBG/NBD) DERT (issue 15 §4):
 * DERT = P(alive) R/(A delta) I with I = E_p[g(A delta/p)] as above, so
 * beside P(alive) (btyd_intervals_grad.c) it needs d log I in theta =
 * log(r, alpha, a, b). Under the integral (p ~ Beta(a, B), y = A delta/p):
 *   dI/da = E[g (log p - psi(a) + psi(a+B))],
 *   dI/dB = E[g (log(1-p) - psi(B) + psi(a+B))]      (B = b + x (+1)),
 *   dI/dA = E[y g'(y)] / A, y g'(y) = g (y + n) - y  (n = R + 1; from
 *     d/dy E_n = -E_(n-1) and E_n = (e^-y - y E_(n-1)) / (n-1), DLMF
 *     8.19.12), which cancels for large y: there (y >= 8 (n + 40)) the
 *     asymptotic series y g' = sum_(m>=2) (-1)^m (m-1) (n)_(m-1) y^(1-m)
 *     (from e^y E_n(y) ~ sum_k (-1)^k (n)_k / y^(k+1), DLMF 8.20.2),
 *   dI/dR = E[dg/dn], the derivative of E_n in its order, which has no
 *     closed form: a central difference of log g in n at each node (step
 *     h = 1e-5 max(1, n): truncation ~h^2, rounding ~1e-14 / h, so ~1e-9
 *     relative), as the Pareto/NBD DERT's gradient differences its
 *     incomplete gamma in the order.
 * All five integrals (I and the four above) on the same nodes: the
 * trapezoid rule in t on u = u0 + w sinh(t) (u0, w as csat__bgnbd_dert
 * takes them), the step halved until every sum's estimated error (the
 * last difference, or d^2/d1 once three fall steadily) is below 1e-13 relative
 * (1e-12 for E[y g'], 1e-9 for the order derivative's sum, whose nodes
 * carry ~1e-9 of difference noise; each integrand has one sign, so
 * relative tests are safe), at most 8 halvings. d[4] gets
 * d log I / d theta; returns log I.
 */
static double y_gprime(double R, double ly, double g)
{
    const double n = R + 1.0, y = exp(ly);
    if (y < 8.0 * (n + 40.0))
        return g * (y + n) - y;
    {
        double t = n / y, sum = 0.0; /* m = 2 */
        for (int m = 2; m < 200; m++) {
            sum += t;
            if (fabs(t) < 1e-17 * fabs(sum))
                break;
            t *= -((double)m / (m - 1.0)) * (n + m - 1.0) / y;
        }
        return sum;
    }
}

static double dlog_g_dn(double R, double ly)
{
    const double h = 1e-5 * fmax(1.0, R + 1.0);
    return (log_g(R + h, ly) - log_g(R - h, ly)) / (2 * h);
}

double csat__bgnbd_dert_log_i_grad(const double *p, double delta, double x, double T, int modified, double *d)
{
    const double r = p[0], al = p[1], a = p[2], b = p[3];
    const double R = r + x, A = al + T, B = b + x + (modified ? 1.0 : 0.0);
    const double u0 = log(a) - log(B), w = fmin(1.0, sqrt(1.0 / a + 1.0 / B));
    const double lbeta = csat__lbeta(a, B), lAd = log(A) + log(delta);
    /* the density's maximum, so every term is at most 1 */
    const double L0 = a * -csat__logaddexp(0.0, -u0) + B * -csat__logaddexp(0.0, u0) - lbeta;
    double S[5] = {0}, prev[5] = {0}, dprev[5], dprev2[5], h = 1.0, hcur = 1.0;
    for (int j = 0; j < 5; j++)
        dprev[j] = dprev2[j] = INFINITY;
    for (int level = 0; level < 9; level++, h *= 0.5) {
        const double step = level ? 2.0 * h : h, off = level ? 0.5 : 0.0;
        hcur = h;
        for (int dir = -1; dir <= 1; dir += 2) {
            double last = INFINITY, lmax = -INFINITY;
            for (long k = dir > 0 ? 0 : 1; k < 100000; k++) {
                const double t = dir * (k + (dir > 0 ? off : -off)) * step;
                const double u = u0 + w * sinh(t);
                if (!isfinite(u))
                    break;
                const double lp = -csat__logaddexp(0.0, -u), l1p = -csat__logaddexp(0.0, u), ly = lAd - lp;
                const double ld = a * lp + B * l1p - lbeta - L0, lg = log_g(R, ly), l = ld + lg;
                /* outwards until the terms are negligible (e^-46) and falling */
                lmax = fmax(lmax, l);
                if (l < lmax - 46.0 && l <= last)
                    break;
                last = l;
                {
                    const double e = exp(ld) * w * cosh(t), g = exp(lg);
                    S[0] += e * g;
                    S[1] += e * g * lp;
                    S[2] += e * g * l1p;
                    S[3] += e * y_gprime(R, ly, g);
                    S[4] += e * g * dlog_g_dn(R, ly);
                }
            }
        }
        if (level > 1) {
            /* the order derivative's differences carry ~1e-9 of noise */
            static const double tol[5] = {1e-13, 1e-13, 1e-13, 1e-12, 1e-9};
            int done = 1;
            for (int j = 0; j < 5; j++) {
                /* the error of this level: the difference d, or d^2 / d1 once
                 * three differences fall at a steady or growing rate, as
                 * csat__log_quad estimates it */
                const double dj = fabs(S[j] * h - prev[j]);
                const double e = dj < dprev[j] && dprev[j] < dprev2[j] && dj * dprev2[j] <= dprev[j] * dprev[j]
                                     ? dj * dj / dprev[j] : dj;
                if (!(e <= tol[j] * fabs(S[j] * h)))
                    done = 0;
                dprev2[j] = dprev[j];
                dprev[j] = dj;
            }
            if (done)
                break;
        }
        for (int j = 0; j < 5; j++)
            prev[j] = S[j] * h;
    }
    {
        const double I = S[0];
        const double dab = csat__digamma_diff(a, B), dB = csat__digamma_diff(B, a);
        d[0] = r * S[4] / I;
        d[1] = al / A * S[3] / I;
        d[2] = a * (S[1] / I + dab);
        d[3] = b * (S[2] / I + dB);
        return L0 + log(I * hcur);
    }
}
