/*
 * GGom/NBD (Bemmaor & Glady 2012): the per-customer functions, for the
 * tests and (once the BTYD handle carries five parameters) the kind's
 * table. Parameters p[5] = {r, alpha, b, s, beta} as CLVTools names them;
 * see btyd_ggom.c for the model and the formulas.
 */
#ifndef CSAT_BTYD_GGOM_H
#define CSAT_BTYD_GGOM_H

#include "btyd/btyd_internal.h"
#include "numerics/random.h"

#define CSAT__GGOM_N_PARAMS 5

/* Log-likelihood of one customer; with grad != NULL also its gradient in
 * the five natural parameters. *lpa (may be NULL): log P(alive at T). */
double csat__ggom_loglik_row(const double *p, double x, double tx, double T, double *grad,
                             double *lpa);
/* Weighted sum over the rows (w may be NULL), gradient into grad (5) when not NULL. */
double csat__ggom_loglik(const double *p, const csat__btyd_rows *rows, double *grad);
double csat__ggom_p_alive(const double *p, double x, double tx, double T);
double csat__ggom_log_p_alive(const double *p, double x, double tx, double T);
/* E[X(t)] of a new customer. */
double csat__ggom_expected_new(const double *p, double t);
/* E[X(T, T + t) | x, t_x, T]. */
double csat__ggom_expected_cond(const double *p, double t, double x, double tx, double T);
/* Discounted expected residual transactions at continuous rate delta > 0. */
double csat__ggom_dert(const double *p, double delta, double x, double tx, double T);
/* One simulated customer (the contract of csat__btyd_simulate_fn; out[2],
 * out[3] = lambda, eta). */
int csat__ggom_simulate(const double *p, csat__rng *g, double T, double *out);

#endif /* CSAT_BTYD_GGOM_H */
