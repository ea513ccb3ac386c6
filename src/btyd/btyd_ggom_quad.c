/*
 * GGom/NBD: the likelihood integrals by adaptive double-exponential
 * quadrature (csat__log_quad) in v = log(tau - t_x), one integral at a
 * time. Slow (~35 us each) but sure: the fallback of the panel rule
 * (btyd_ggom_ll.c) where its panels would be too many, and the second
 * opinion the tests compare it with. See btyd_ggom.c for the model.
 */
#include "btyd/btyd_ggom.h"
#include "numerics/numerics.h"

#include <math.h>

#define QUAD_TOL 1e-14

double csat__ggom_gfun(double b, double beta, double u)
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

typedef struct {
    double r, al, b, s, be, x, tx;
    int which;
} lctx;

static double h_fn(const lctx *c, double tau)
{
    return -c->r * log1p(tau / c->al) - c->x * log(c->al + tau) - c->s * csat__ggom_gfun(c->b, c->be, tau) -
           l1fun(c->b, c->be, tau);
}

/* log of the integrand in v = log(tau - t_x), times the factor of c->which */
static double l_log(double v, void *vc)
{
    const lctx *c = vc;
    const double tau = c->tx + exp(v);
    double l = h_fn(c, tau) + v;
    switch (c->which) {
    case CSAT__GGOM_IQ_R:
        return l + log(log1p(tau / c->al));
    case CSAT__GGOM_IQ_A:
        return l - log(c->al + tau);
    case CSAT__GGOM_IQ_S:
        return l + log(csat__ggom_gfun(c->b, c->be, tau));
    case CSAT__GGOM_IQ_BETA:
        return l - log(c->be) - csat__ggom_gfun(c->b, c->be, tau);
    case CSAT__GGOM_IQ_B1:
        return l + log(tau);
    case CSAT__GGOM_IQ_B2:
        return l + log(tau) - l1fun(c->b, c->be, tau);
    default:
        return l;
    }
}

double csat__ggom_find_centre(csat__log_fn f, void *ctx, double vmax, double *sc)
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
    return csat__log_quad(l_log, c, -INFINITY, log(T - c->tx), vc, sc,
                          which == CSAT__GGOM_IQ_0 ? QUAD_TOL : 1e-10, NULL);
}

double csat__ggom_integrals_adaptive(const double *p, double x, double tx, double T, double *q)
{
    lctx c = {p[0], p[1], p[2], p[3], p[4], x, tx, CSAT__GGOM_IQ_0};
    double sc, vc, l0;
    vc = csat__ggom_find_centre(l_log, &c, log(T - tx), &sc);
    l0 = lquad(&c, CSAT__GGOM_IQ_0, T, vc, sc);
    if (q && l0 > -INFINITY)
        for (int k = CSAT__GGOM_IQ_R; k < CSAT__GGOM_IQ_N; k++)
            q[k] = exp(lquad(&c, k, T, vc, sc) - l0);
    return l0;
}
