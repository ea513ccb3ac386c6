/*
 * GGom/NBD: P(X(t) = k) of a new customer and P(X(T, T+t) = k | x, t_x, T)
 * (btyd_ggom.c has the model). A customer whose lifetime tau passes t buys
 * NB(k; r, alpha, t) over (0, t]; one who dies at tau < t buys NB(k; r,
 * alpha, tau) = G(r+k)/(G(r) k!) (alpha/(alpha+tau))^r (tau/(alpha+tau))^k:
 *   P(X(t) = k) = S(t) NB(k; t) + int_0^t f(tau) NB(k; tau) dtau,
 * S(t) = exp(-s G(t)) and f = -S' = s b q(tau) S(tau), q = 1/(1 + (beta-1)
 * e^{-b tau}). The integral by csat__log_quad in v = log tau (as E[X(t)]).
 * Conditional: given alive at T, lambda ~ Gamma(r+x, alpha+T) and the
 * residual lifetime is gamma-Gompertz with beta' = 1 + (beta-1) e^{-bT}
 * (btyd_ggom.c), so, as for the other kinds,
 *   P(X(T, T+t) = k | x, t_x, T) = P(alive) P(X(t) = k | r+x, alpha+T, b,
 *   s, beta') + [k = 0] (1 - P(alive)).
 * Checked against an mpmath quadrature of the same integral in tau and
 * against the sums over k (1 and E[X(t)]): tests/btyd/test_ggom.c.
 */
#include "btyd/btyd_ggom.h"
#include "numerics/numerics.h"

#include <math.h>

typedef struct {
    double r, al, b, s, be, k;
} pctx;

/* log of f(tau) NB(k; tau) tau / (s b G(r+k)/(G(r) k!)) at tau = e^v */
static double p_log(double v, void *vc)
{
    const pctx *c = vc;
    const double tau = exp(v), l1 = log1p((c->be - 1.0) * exp(-c->b * tau));
    const double lr = log1p(tau / c->al);
    /* k log(tau/(alpha+tau)) = k (v - log(alpha) - lr) */
    return v - l1 - c->s * csat__ggom_gfun(c->b, c->be, tau) - c->r * lr +
           (c->k > 0.0 ? c->k * (v - log(c->al) - lr) : 0.0);
}

double csat__ggom_prob_new(const double *p, double t, double k)
{
    const double r = p[0], al = p[1], b = p[2], s = p[3], be = p[4];
    const double lnb = csat__lgamma_diff(r, k) - csat__lgamma(k + 1.0);
    pctx c = {r, al, b, s, be, k};
    double l_alive, l_dead, vc, sc, pr;
    if (!(t > 0.0))
        return k == 0.0 ? 1.0 : 0.0;
    l_alive = lnb - r * log1p(t / al) + (k > 0.0 ? k * (log(t) - log(al + t)) : 0.0) -
              s * csat__ggom_gfun(b, be, t);
    vc = csat__ggom_find_centre(p_log, &c, log(t), &sc);
    l_dead = lnb + log(s) + log(b) + csat__log_quad(p_log, &c, -INFINITY, log(t), vc, sc, 1e-14, NULL);
    pr = exp(csat__logaddexp(l_alive, l_dead));
    return pr > 1.0 ? 1.0 : pr;
}

double csat__ggom_prob_cond(const double *p, double t, double k, double x, double tx, double T)
{
    const double b = p[2];
    const double q[5] = {p[0] + x, p[1] + T, b, p[3], p[4] * exp(-b * T) - expm1(-b * T)};
    const double lpa = csat__ggom_log_p_alive(p, x, tx, T);
    double v = exp(lpa) * csat__ggom_prob_new(q, t, k);
    if (k == 0.0)
        v += -expm1(lpa);
    return v > 1.0 ? 1.0 : v;
}
