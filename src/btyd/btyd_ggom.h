/*
 * GGom/NBD (Bemmaor & Glady 2012): the per-customer functions, for the
 * tests and (once the BTYD handle carries five parameters) the kind's
 * table. Parameters p[5] = {r, alpha, b, s, beta} as CLVTools names them;
 * see btyd_ggom.c for the model and the formulas.
 */
#ifndef CSAT_BTYD_GGOM_H
#define CSAT_BTYD_GGOM_H

#include "btyd/btyd_internal.h"
#include "numerics/numerics.h"
#include "numerics/random.h"

#define CSAT__GGOM_N_PARAMS 5

/* The likelihood integral I = int_{t_x}^{T} exp(h(tau)) dtau (btyd_ggom.c)
 * and the six integrals of its gradient, as ratios to I: h times
 * log(1 + tau/alpha), 1/(alpha+tau), G(tau), e^{-G(tau)}/beta, tau and
 * tau q(tau), q = 1/(1 + (beta-1) e^{-b tau}). */
enum {
    CSAT__GGOM_IQ_0,
    CSAT__GGOM_IQ_R,
    CSAT__GGOM_IQ_A,
    CSAT__GGOM_IQ_S,
    CSAT__GGOM_IQ_BETA,
    CSAT__GGOM_IQ_B1,
    CSAT__GGOM_IQ_B2,
    CSAT__GGOM_IQ_N
};
/* log I (T > t_x) and, with q != NULL, q[1..6] = the ratios. By panels of
 * 16-point Gauss-Legendre rules sharing their nodes (btyd_ggom_ll.c; ~1-3
 * us a row); NAN where the panels would be too many: then use
 * csat__ggom_integrals_adaptive (btyd_ggom_quad.c: csat__log_quad, one
 * integral at a time, ~35 us each). */
double csat__ggom_integrals_panels(const double *p, double x, double tx, double T, double *q);
double csat__ggom_integrals_adaptive(const double *p, double x, double tx, double T, double *q);
/* log I + s G(t_x): the panels' integral relative to S(t_x), finite where
 * b t_x leaves the double range. */
double csat__ggom_integrals_panels_rel(const double *p, double x, double tx, double T, double *q);
/* q(t) = e^{bt}/(beta - 1 + e^{bt}), exact also for beta near 1e-15
 * (1 + (beta-1) would lose beta's digits). */
static inline double csat__ggom_q(double b, double be, double t)
{
    const double bt = b * t, e = bt < 600.0 ? expm1(bt) : 0.0;
    return bt < 600.0 ? (1.0 + e) / (be + e) : 1.0 / (1.0 + (be - 1.0) * exp(-bt));
}
/* log(1 + tau/alpha), also where tau/alpha overflows. */
static inline double csat__ggom_lr(double al, double tau)
{
    const double v = tau / al;
    return v < 1e300 ? log1p(v) : log(tau) - log(al);
}
/* G(u) = log(1 + (e^{bu} - 1)/beta), without overflow. */
double csat__ggom_gfun(double b, double beta, double u);
/* Where the bulk of int_{-inf}^{vmax} exp(f) lies (vmax finite): the
 * largest of f on a grid of unit steps down from vmax; *sc its scale. */
double csat__ggom_find_centre(csat__log_fn f, void *ctx, double vmax, double *sc);

/* Log-likelihood of one customer; with grad != NULL also its gradient in
 * the five natural parameters. *lpa (may be NULL): log P(alive at T). */
double csat__ggom_loglik_row(const double *p, double x, double tx, double T, double *grad,
                             double *lpa);
/* Weighted sum over the rows (w may be NULL), gradient into grad (5) when not NULL. */
double csat__ggom_loglik(const double *p, const csat__btyd_rows *rows, double *grad);
/* The same with the Hessian (5 x 5, row-major, natural parameters) into
 * hess when not NULL (then grad must be given too); analytic, from the
 * panels' moments (btyd_ggom_ll.c), by differences of the row's gradient
 * where the panels give up. */
double csat__ggom_loglik_hess(const double *p, const csat__btyd_rows *rows, double *grad, double *hess);
double csat__ggom_p_alive(const double *p, double x, double tx, double T);
double csat__ggom_log_p_alive(const double *p, double x, double tx, double T);
/* E[X(t)] of a new customer. */
double csat__ggom_expected_new(const double *p, double t);
/* E[X(T, T + t) | x, t_x, T]. */
double csat__ggom_expected_cond(const double *p, double t, double x, double tx, double T);
/* Discounted expected residual transactions at continuous rate delta > 0. */
double csat__ggom_dert(const double *p, double delta, double x, double tx, double T);
/* P(X(t) = k) of a new customer; P(X(T, T+t) = k | x, t_x, T)
 * (btyd_ggom_prob.c). */
double csat__ggom_prob_new(const double *p, double t, double k);
double csat__ggom_prob_cond(const double *p, double t, double k, double x, double tx, double T);
/* One simulated customer (the contract of csat__btyd_simulate_fn; out[2],
 * out[3] = lambda, eta). */
int csat__ggom_simulate(const double *p, csat__rng *g, double T, double *out);

#endif /* CSAT_BTYD_GGOM_H */
