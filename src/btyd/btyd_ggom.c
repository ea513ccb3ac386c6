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
 * The likelihood and its gradient: btyd_ggom_ll.c (panels of Gauss-Legendre
 * rules sharing their nodes across the seven integrals; fallback: the
 * adaptive quadrature of btyd_ggom_quad.c). The gradient's integrands are
 * each split into a constant and a positive part so that every integral is
 * of a positive function. M below by csat__log_quad in v = log u, which
 * suits both the power-law and the double-exponential parts of the
 * integrand (CDNOW's estimates put them six orders of magnitude apart).
 */
#include "btyd/btyd_ggom.h"
#include "btyd/btyd_ops.h"
#include "numerics/numerics.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define QUAD_TOL 1e-14

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
    return v - c->delta * u - c->s * csat__ggom_gfun(c->b, c->be, u);
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
        vc = csat__ggom_find_centre(m_log, &c, vmax, &sc);
        if (vc >= vmax - 0.5)
            vc = vmax, sc = 1.0;
        return exp(csat__log_quad(m_log, &c, -INFINITY, INFINITY, vc, sc, QUAD_TOL, NULL));
    }
    vmax = log(t);
    vc = csat__ggom_find_centre(m_log, &c, vmax, &sc);
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
CSAT__BTYD_FOR_VALUES(prob_n, csat__ggom_prob_new(p, arg, v))

static const size_t ggom_subs[] = {50000, 150000, 0};

const csat__btyd_kind_ops csat__ggom_ops = {
    .name = "GGom/NBD",
    .n_params = CSAT__GGOM_N_PARAMS,
    .param_names = "r, alpha, b, s, beta",
    .simulate = csat__ggom_simulate,
    .time_scales = 1u << 1, /* alpha */
    .rate_scales = 1u << 2, /* b */
    .newton_subs = ggom_subs,
    .check_rows = csat__btyd_check_rows_continuous,
    .loglik = csat__ggom_loglik,
    .loglik_hess = csat__ggom_loglik_hess,
    .p_alive = csat__ggom_p_alive,
    .log_p_alive = csat__ggom_log_p_alive,
    .expected_new = csat__ggom_expected_new,
    .expected_cond = csat__ggom_expected_cond,
    .dert = csat__ggom_dert,
    .prob_new = csat__ggom_prob_new,
    .prob_cond = csat__ggom_prob_cond,
    .p_alive_n = p_alive_n,
    .expected_cond_n = expected_cond_n,
    .dert_n = dert_n,
    .expected_new_n = expected_new_n,
    .prob_n = prob_n,
};
