/*
 * Shared by btyd_intervals.c (covariance, delta method, evaluation) and
 * btyd_intervals_boot.c (bootstraps, public entry points); private to src/btyd.
 */
#ifndef CSAT_BTYD_INTERVALS_H
#define CSAT_BTYD_INTERVALS_H

#include "btyd/btyd_handle.h"

/* IV_NP: the parameters of the kinds with analytic gradients (BG/NBD,
 * Pareto/NBD, MBG/NBD, BG/BB: 4). GGom/NBD has CSAT_BTYD_N_PARAMS = 5 and
 * numerical gradients; iv_ctx.npp holds the kind's own count. */
#define IV_NP 4
#define IV_MAXP (CSAT_BTYD_N_PARAMS + 3) /* purchase + 3 spend parameters */
/* iv_ctx.clv: a BTYD prediction, CLV (purchase + spend parameters), or the
 * Gamma-Gamma expected spend alone (its 3 parameters first). */
enum { IV_BTYD = 0, IV_CLV = 1, IV_SPEND = 2 };
/* The quantity of csat_btyd_prob_intervals (not a public csat_btyd_quantity). */
#define IV_Q_PROB ((csat_btyd_quantity)3)

typedef struct iv_ctx {
    csat__base *b;          /* where messages go */
    csat_btyd_model *pm;    /* scratch purchase model */
    csat_spend_model *sm;   /* scratch spend model (CLV only) */
    csat_btyd_kind kind;
    int clv;                /* IV_BTYD, IV_CLV or IV_SPEND */
    csat_btyd_quantity q;   /* or IV_Q_PROB: P(X(T, T+arg) = k) */
    double arg, k;
    const csat_clv_options *co;
    const double *x, *tx, *T, *mv, *w;
    size_t n, np; /* np: npp, npp + 3 for CLV, 3 for the spend alone */
    /* the models' own parameters and their logs (set by the entry point):
     * at th0 the predictions use p0, so the estimates equal the plain
     * predictions bit for bit (exp(log(p)) may differ from p by an ulp) */
    const double *th0, *p0;
    size_t npp; /* the purchase model's parameters: 4, GGom/NBD 5 */
} iv_ctx;

/* Per-model table: which quantities a purchase-model kind supports. GGom/NBD
 * and Cox add a row when they land. */
typedef struct iv_model_row {
    csat_btyd_kind kind;
    int p_alive, expected, dert, clv;
} iv_model_row;

const iv_model_row *csat__iv_model(csat_btyd_kind k);
/* Predictions at theta = log(params) into out[n], their weighted sum in *total. */
csat_status csat__iv_eval(iv_ctx *c, const double *th, double *out, double *total);
/* Covariance of theta (np x np): inverse observed information on the rows. */
csat_status csat__iv_log_cov(iv_ctx *c, const double *th, double *cov);
/* Delta-method intervals (any of est, lo, hi, total may be NULL). */
csat_status csat__iv_delta(iv_ctx *c, const double *th, double z, double *est, double *lo, double *hi,
                           double *total);

/* Analytic gradients (btyd_intervals_grad.c). csat__iv_has_analytic: 1 if
 * (kind, q) has one, else the delta method differences numerically.
 * csat__iv_grad_row: the prediction of one row at natural parameters p
 * (arg as csat_btyd_intervals) and its gradient g[4] in theta = log p.
 * csat__iv_spend_grad_row: Gamma-Gamma E[spend | x, m] and its gradient
 * g[3] in log(p, q, gamma) (the caller has checked p x + q > 1). */
int csat__iv_has_analytic(csat_btyd_kind kind, csat_btyd_quantity q);
double csat__iv_grad_row(csat_btyd_kind kind, csat_btyd_quantity q, double arg, const double *p, double x,
                         double tx, double T, double *g);
double csat__iv_spend_grad_row(const double *p, double x, double m, double *g);
/* P(X(T, T+t) = k | x, t_x, T) of one row and its gradient g[4] in theta
 * (the kinds where csat__iv_has_analytic(kind, IV_Q_PROB)). */
double csat__iv_prob_grad_row(csat_btyd_kind kind, double t, double k, const double *p, double x, double tx,
                              double T, double *g);

#endif /* CSAT_BTYD_INTERVALS_H */
