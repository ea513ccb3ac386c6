/*
 * GGom/NBD: gamma-Gompertz lifetimes with NBD purchasing (Bemmaor & Glady
 * 2012, "Modeling purchasing behavior with sudden 'death': a flexible
 * customer lifetime model", Management Science 58(5)), parametrised as
 * CLVTools' ggomnbd: p = {r, alpha, b, s, beta}.
 *
 *  - purchases: a Poisson process of rate lambda while alive, lambda ~
 *    Gamma(r, alpha) (shape r, rate alpha; alpha in time units);
 *  - lifetime tau: Gompertz with scale b (1/time) and eta ~ Gamma(s, beta)
 *    (shape s, rate beta, dimensionless): P(tau > t | eta) =
 *    exp(-eta (e^{bt} - 1)); over eta, S(t) = (beta / (beta + e^{bt} - 1))^s.
 *    As b -> 0 with beta / b fixed it is Pareto/NBD with that beta / b.
 *
 * With G(t) = log(1 + (e^{bt} - 1) / beta), so that S(t) = exp(-s G(t)):
 *
 *  L(x, t_x, T) = G(r+x)/G(r) [ A + s b I ],
 *  A = (1 + T/alpha)^-r (alpha+T)^-x exp(-s G(T))        (alive at T),
 *  I = int_{t_x}^{T} exp(h(tau)) dtau, h(tau) = -r log(1 + tau/alpha)
 *      - x log(alpha+tau) - s G(tau) - log(1 + (beta-1) e^{-b tau})
 *  (the same integrand as CLVTools' ggomnbd_LL_integrand times alpha^r beta^s).
 *  P(alive | x, t_x, T) = A / (A + s b I).
 *  Given alive at T, lambda ~ Gamma(r+x, alpha+T) and the residual lifetime
 *  is again gamma-Gompertz with beta' = 1 + (beta-1) e^{-bT}, so with
 *  M(t, delta; beta) = int_0^t e^{-delta u} S(u; beta) du:
 *  E[X(t)] (new customer) = r/alpha M(t, 0; beta),
 *  E[X(T, T+t) | x, t_x, T] = P(alive) (r+x)/(alpha+T) M(t, 0; beta'),
 *  DERT(delta) = P(alive) (r+x)/(alpha+T) M(inf, delta; beta').
 *
 * The integrals by csat__log_quad in v = log(tau - t_x) (or log u), which
 * suits both the power-law and the double-exponential parts of the
 * integrand (CDNOW's estimates put them six orders of magnitude apart).
 * The gradient of log L comes from the same quadrature of the derivative
 * integrands, each split into a constant and a positive part so that
 * every integral is of a positive function in log space.
 */
#include "btyd/btyd_ggom.h"
#include "btyd/btyd_ops.h"
#include "numerics/numerics.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define QUAD_TOL 1e-14

/* G(u) = log(1 + (e^{bu} - 1)/beta), without overflow. */
static double gfun(double b, double beta, double u)
{
    const double bu = b * u;
    if (bu < 30.0)
        return log1p(expm1(bu) / beta);
    return bu - log(beta) + log1p((beta - 1.0) * exp(-bu));
}

/* log(1 + (beta - 1) e^{-bu}) = log(beta + e^{bu} - 1) - bu. */
static double l1fun(double b, double beta, double u)
{
    return log1p((beta - 1.0) * exp(-b * u));
}

/* ---- the likelihood integrals ---------------------------------------------- */

enum { IQ_0, IQ_R, IQ_A, IQ_S, IQ_BETA, IQ_B1, IQ_B2, IQ_N };

typedef struct {
    double r, al, b, s, be, x, tx;
    int which;
} lctx;

static double h_fn(const lctx *c, double tau)
{
    return -c->r * log1p(tau / c->al) - c->x * log(c->al + tau) - c->s * gfun(c->b, c->be, tau) -
           l1fun(c->b, c->be, tau);
}

/* log of the integrand in v = log(tau - t_x), times the factor of c->which */
static double l_log(double v, void *vc)
{
    const lctx *c = vc;
    const double tau = c->tx + exp(v);
    double l = h_fn(c, tau) + v;
    switch (c->which) {
    case IQ_R:
        return l + log(log1p(tau / c->al));
    case IQ_A:
        return l - log(c->al + tau);
    case IQ_S:
        return l + log(gfun(c->b, c->be, tau));
    case IQ_BETA:
        return l - log(c->be) - gfun(c->b, c->be, tau);
    case IQ_B1:
        return l + log(tau);
    case IQ_B2:
        return l + log(tau) - l1fun(c->b, c->be, tau);
    default:
        return l;
    }
}

/* Where the bulk of int_{-inf}^{vmax} exp(f) lies (vmax finite): the
 * largest of f on a grid of unit steps down from vmax; *sc its scale. */
static double find_centre(csat__log_fn f, void *ctx, double vmax, double *sc)
{
    double best = -INFINITY, vb = vmax - 0.5;
    for (int k = 0; k <= 40; k++) {
        const double v = vmax - (k == 0 ? 0.0 : 2.0 * k - 1.5), l = f(v, ctx);
        if (l > best)
            best = l, vb = v;
    }
    if (vb >= vmax - 0.5) {
        *sc = 0.5;
        return vmax - 0.5;
    }
    *sc = 1.0;
    return vb;
}

/* log int_{t_x}^{T} of the integrand `which` (T > t_x), centred at vc.
 * The gradient's integrals to 1e-10: they only steer the optimiser. */
static double lquad(lctx *c, int which, double T, double vc, double sc)
{
    c->which = which;
    return csat__log_quad(l_log, c, -INFINITY, log(T - c->tx), vc, sc, which == IQ_0 ? QUAD_TOL : 1e-10,
                          NULL);
}

double csat__ggom_loglik_row(const double *p, double x, double tx, double T, double *grad,
                             double *lpa)
{
    const double r = p[0], al = p[1], b = p[2], s = p[3], be = p[4];
    const double GT = gfun(b, be, T);
    const double la = -r * log1p(T / al) - x * log(al + T) - s * GT;
    double li = -INFINITY, L, wa, wi, l0 = 0.0, vc = 0.0, sc = 1.0;
    lctx c = {r, al, b, s, be, x, tx, IQ_0};
    if (T > tx) {
        c.which = IQ_0;
        vc = find_centre(l_log, &c, log(T - tx), &sc);
        l0 = lquad(&c, IQ_0, T, vc, sc);
        li = log(s) + log(b) + l0;
    }
    L = csat__logaddexp(la, li);
    if (lpa)
        *lpa = la - L;
    if (grad) {
        /* ratios of the derivative integrals to I */
        double q[IQ_N] = {0};
        const double qT = 1.0 / (1.0 + (be - 1.0) * exp(-b * T)); /* e^{bT}/(beta+e^{bT}-1) */
        wa = exp(la - L);
        wi = exp(li - L);
        if (li > -INFINITY)
            for (int k = IQ_R; k < IQ_N; k++)
                q[k] = exp(lquad(&c, k, T, vc, sc) - l0);
        grad[0] = csat__digamma_diff(r, x) - wa * log1p(T / al) - wi * q[IQ_R];
        grad[1] = r / al - wa * (r + x) / (al + T) - wi * (r + x) * q[IQ_A];
        grad[2] = -wa * s * T * qT + wi * (1.0 / b + q[IQ_B1] - (s + 1.0) * q[IQ_B2]);
        grad[3] = -wa * GT + wi * (1.0 / s - q[IQ_S]);
        grad[4] = wa * (s / be) * -expm1(-GT) + wi * (s / be - (s + 1.0) * q[IQ_BETA]);
    }
    return csat__lgamma_diff(r, x) + L;
}

double csat__ggom_loglik(const double *p, const csat__btyd_rows *rows, double *grad)
{
    csat__ksum k = {0, 0};
    double g[CSAT__GGOM_N_PARAMS] = {0};
    for (size_t i = 0; i < rows->n; i++) {
        const double w = rows->w ? rows->w[i] : 1.0;
        double gi[CSAT__GGOM_N_PARAMS];
        if (w == 0.0)
            continue;
        csat__ksum_add(&k, w * csat__ggom_loglik_row(p, rows->x[i], rows->tx[i], rows->T[i],
                                                     grad ? gi : NULL, NULL));
        if (grad)
            for (int j = 0; j < CSAT__GGOM_N_PARAMS; j++)
                g[j] += w * gi[j];
    }
    if (grad)
        memcpy(grad, g, sizeof g);
    return csat__ksum_value(&k);
}

double csat__ggom_log_p_alive(const double *p, double x, double tx, double T)
{
    double lpa;
    csat__ggom_loglik_row(p, x, tx, T, NULL, &lpa);
    return lpa;
}

double csat__ggom_p_alive(const double *p, double x, double tx, double T)
{
    return exp(csat__ggom_log_p_alive(p, x, tx, T));
}

/* ---- expectations ----------------------------------------------------------- */

typedef struct {
    double b, s, be, delta;
} mctx;

/* log of e^{-delta u} S(u) u at u = e^v */
static double m_log(double v, void *vc)
{
    const mctx *c = vc;
    const double u = exp(v);
    return v - c->delta * u - c->s * gfun(c->b, c->be, u);
}

/* M(t, delta; beta) = int_0^t e^{-delta u} S(u; b, s, beta) du; t may be
 * +inf when delta > 0. */
static double mfun(double b, double s, double be, double t, double delta)
{
    mctx c = {b, s, be, delta};
    double vmax, vc, sc;
    if (!(t > 0))
        return 0.0;
    if (isinf(t)) {
        /* the top of the grid where e^{-delta u} has cut the integrand off */
        vmax = log(50.0 / delta);
        vc = find_centre(m_log, &c, vmax, &sc);
        if (vc >= vmax - 0.5)
            vc = vmax, sc = 1.0;
        return exp(csat__log_quad(m_log, &c, -INFINITY, INFINITY, vc, sc, QUAD_TOL, NULL));
    }
    vmax = log(t);
    vc = find_centre(m_log, &c, vmax, &sc);
    return exp(csat__log_quad(m_log, &c, -INFINITY, vmax, vc, sc, QUAD_TOL, NULL));
}

/* beta of the residual lifetime at age T: 1 + (beta - 1) e^{-bT}, both
 * parts positive. */
static double beta_post(double b, double be, double T)
{
    return be * exp(-b * T) - expm1(-b * T);
}

double csat__ggom_expected_new(const double *p, double t)
{
    return p[0] / p[1] * mfun(p[2], p[3], p[4], t, 0.0);
}

double csat__ggom_expected_cond(const double *p, double t, double x, double tx, double T)
{
    const double r = p[0], al = p[1], b = p[2], s = p[3], be = p[4];
    if (!(t > 0))
        return 0.0;
    return csat__ggom_p_alive(p, x, tx, T) * (r + x) / (al + T) *
           mfun(b, s, beta_post(b, be, T), t, 0.0);
}

double csat__ggom_dert(const double *p, double delta, double x, double tx, double T)
{
    const double r = p[0], al = p[1], b = p[2], s = p[3], be = p[4];
    return csat__ggom_p_alive(p, x, tx, T) * (r + x) / (al + T) *
           mfun(b, s, beta_post(b, be, T), INFINITY, delta);
}

/* ---- simulation -------------------------------------------------------------- */

/*
 * lambda ~ Gamma(r, alpha), eta ~ Gamma(s, beta), tau by inversion of the
 * Gompertz survival: tau = log(1 + E/eta)/b with E ~ Exp(1); purchases a
 * Poisson process of rate lambda on (0, min(T, tau)], the last of N at
 * L Beta(N, 1). Alive at T iff tau > T.
 */
int csat__ggom_simulate(const double *p, csat__rng *g, double T, double *out)
{
    const double lam = exp(csat__rng_log_gamma(g, p[0]) - log(p[1]));
    const double eta = exp(csat__rng_log_gamma(g, p[3]) - log(p[4]));
    const double e = -log(csat__rng_unif(g));
    const double tau = log1p(e / eta) / p[2]; /* +inf for eta = 0 */
    const double L = tau < T ? tau : T, mean = L > 0 ? lam * L : 0.0;
    double n;
    if (!(mean <= 0x1p52) || !(lam <= DBL_MAX) || !(eta <= DBL_MAX))
        return 1;
    n = csat__rng_poisson(g, mean);
    out[0] = n;
    out[1] = n > 0 ? L * csat__rng_beta(g, n, 1.0) : 0.0;
    out[2] = lam;
    out[3] = eta;
    out[4] = tau > T ? 1.0 : 0.0;
    return 0;
}

/* ---- the GGom/NBD table -------------------------------------------------------- */

CSAT__BTYD_FOR_CUSTOMERS(p_alive_n, csat__ggom_p_alive(p, x, tx, T))
CSAT__BTYD_FOR_CUSTOMERS(expected_cond_n, csat__ggom_expected_cond(p, arg, x, tx, T))
CSAT__BTYD_FOR_CUSTOMERS(dert_n, csat__ggom_dert(p, arg, x, tx, T))
CSAT__BTYD_FOR_VALUES(expected_new_n, csat__ggom_expected_new(p, v))

const csat__btyd_kind_ops csat__ggom_ops = {
    .name = "GGom/NBD",
    .n_params = CSAT__GGOM_N_PARAMS,
    .param_names = "r, alpha, b, s, beta",
    .simulate = csat__ggom_simulate,
    .time_scales = 1u << 1, /* alpha */
    .rate_scales = 1u << 2, /* b */
    .check_rows = csat__btyd_check_rows_continuous,
    .loglik = csat__ggom_loglik,
    .p_alive = csat__ggom_p_alive,
    .log_p_alive = csat__ggom_log_p_alive,
    .expected_new = csat__ggom_expected_new,
    .expected_cond = csat__ggom_expected_cond,
    .dert = csat__ggom_dert,
    .p_alive_n = p_alive_n,
    .expected_cond_n = expected_cond_n,
    .dert_n = dert_n,
    .expected_new_n = expected_new_n,
};
