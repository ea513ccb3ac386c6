/*
 * Internals of the BTYD module: the data of one fit (grouped rows), the
 * per-kind log-likelihoods and the prediction kernels shared by the public
 * entry points, the CLV code and the tests.
 */
#ifndef CSAT_BTYD_INTERNAL_H
#define CSAT_BTYD_INTERNAL_H

#include "core/internal.h"

/* What a fitted model holds, for the BTYD and spend handles alike, with the
 * public getters' rules (EMISUSE before a fit or set_params, EDOM without
 * standard errors, EBUFSIZE for a short buffer). */
typedef struct csat__fitted {
    size_t np; /* number of parameters, <= CSAT_BTYD_N_PARAMS */
    int has_params, has_fit, has_se;
    double params[CSAT_BTYD_N_PARAMS], se[CSAT_BTYD_N_PARAMS];
    double ll, n_obs;
    csat_fit_report report;
    csat__stages stages; /* issue 18: every stage of the fit; the last is report */
} csat__fitted;

csat_status csat__fitted_params(const csat__fitted *f, double *params, size_t cap);
/* Set by hand (finite, > 0); names lists them for the message, e.g. "p, q, gamma". */
csat_status csat__fitted_set(csat__fitted *f, csat__base *b, const double *params, size_t n,
                             const char *names);
csat_status csat__fitted_se(const csat__fitted *f, double *se, size_t cap);
csat_status csat__fitted_loglik(const csat__fitted *f, double *ll, double *aic, double *bic);
csat_status csat__fitted_report(const csat__fitted *f, csat_fit_report *report);
csat_status csat__fitted_stages(const csat__fitted *f, csat_fit_stage *stages, size_t cap, size_t *n);

/* Columns of one fit; w may be NULL (all 1). For BG/BB, T holds n. */
typedef struct csat__btyd_rows {
    const double *x, *tx, *T, *w;
    size_t n;
} csat__btyd_rows;

double csat__bgnbd_loglik(const double *p, const csat__btyd_rows *rows, double *grad, int modified);
double csat__pnbd_loglik(const double *p, const csat__btyd_rows *rows, double *grad);
/* Pareto/NBD also with its Hessian (hess: 4x4 row-major; grad, hess not NULL). */
double csat__pnbd_loglik_hess(const double *p, const csat__btyd_rows *rows, double *grad, double *hess);
double csat__bgbb_loglik(const double *p, const csat__btyd_rows *rows, double *grad);

/* ---- per-customer predictions (valid input; finite results) ---- */

/* BG/NBD family, modified = 1 for MBG/NBD. */
double csat__bgnbd_p_alive(const double *p, double x, double tx, double T, int modified);
/* Its log, without underflow for customers who are almost surely gone. */
double csat__bgnbd_log_p_alive(const double *p, double x, double tx, double T, int modified);
/* P(alive) of n customers at once (per-frequency terms shared). */
void csat__bgnbd_p_alive_many(const double *p, const double *x, const double *tx, const double *T,
                              size_t n, double *out, int modified);
/* E[X(t) | x, t_x, T] of n customers at once (the per-frequency parts of
 * the series shared), equal to csat__bgnbd_expected_cond to ~1e-15. ws:
 * scratch of csat__bgnbd_ws_bytes(1) bytes, or NULL for the plain loop. */
typedef struct csat__bgnbd_ws csat__bgnbd_ws;
void csat__bgnbd_expected_many(const double *p, double t, const double *x, const double *tx,
                               const double *T, size_t n, double *out, int modified,
                               csat__bgnbd_ws *ws);
/* The same in two steps, for blocks of customers on threads: prepare
 * builds the tables of one call from all its customers (on par's threads;
 * par NULL: serial) into ws, of csat__bgnbd_ws_bytes(csat__bgnbd_ws_workers(
 * par, n)) bytes; then csat__bgnbd_expected_range gives any range of those
 * customers, reading ws only. Every customer's value depends on the
 * tables, not on the range nor the thread: the same bits at every thread
 * count (the tables depend on which frequencies and cells the call's
 * customers have, so a customer's value may differ in the last bits from
 * one call to another with other customers). */
size_t csat__bgnbd_ws_workers(const csat__par *par, size_t n);
size_t csat__bgnbd_ws_bytes(size_t workers);
void csat__bgnbd_expected_prepare(csat__bgnbd_ws *ws, const csat__par *par, const double *p, double t,
                                  const double *x, const double *T, size_t n, int modified);
void csat__bgnbd_expected_range(const csat__bgnbd_ws *ws, const double *x, const double *tx, const double *T,
                                size_t n, double *out);
double csat__bgnbd_expected_new(const double *p, double t, int modified);
double csat__bgnbd_expected_cond(const double *p, double t, double x, double tx, double T,
                                 int modified);
double csat__bgnbd_prob_new(const double *p, double t, double k, int modified);
double csat__bgnbd_prob_cond(const double *p, double t, double k, double x, double tx, double T,
                             int modified);
/* P(N >= m) of the negative binomial behind the BG/NBD pmf, G(r+j)/(G(r) j!)
 * (1-z)^r z^j, given log z and log(1-z): I_z(m, r) (the delta method's
 * analytic gradient of P(X = k) needs it alone). */
double csat__bgnbd_nb_tail(double r, double lz, double l1mz, double m);

double csat__pnbd_p_alive(const double *p, double x, double tx, double T);
double csat__pnbd_expected_new(const double *p, double t);
double csat__pnbd_expected_cond(const double *p, double t, double x, double tx, double T);
double csat__pnbd_prob_new(const double *p, double t, double k);
int csat__pnbd_prob_new_logs(const double *p, double t, double k, double *l_alive, double *l_dead);
double csat__pnbd_prob_cond(const double *p, double t, double k, double x, double tx, double T);
double csat__pnbd_log_p_alive(const double *p, double x, double tx, double T);

double csat__bgbb_p_alive(const double *p, double x, double tx, double n);
double csat__bgbb_expected_new(const double *p, double n);
double csat__bgbb_expected_cond(const double *p, double nstar, double x, double tx, double n);
double csat__bgbb_prob_new(const double *p, double n, double k);
double csat__bgbb_prob_cond(const double *p, double nstar, double k, double x, double tx, double n);
double csat__bgbb_log_lik_row(const double *p, double x, double tx, double n);

/* DERT (discounted expected residual transactions) of one customer:
 * Pareto/NBD with continuous rate delta > 0 per time unit (Fader, Hardie &
 * Lee 2005, "RFM and CLV", eq. 2); BG/BB with rate d > 0 per period (Fader,
 * Hardie & Shang 2010, eq. 13). */
double csat__pnbd_dert(const double *p, double delta, double x, double tx, double T);
double csat__bgbb_dert(const double *p, double d, double x, double tx, double n);
/* BG/NBD (modified = 0) and MBG/NBD (1), continuous rate delta > 0; by
 * quadrature over the drop-out probability (see btyd_dert.c). */
double csat__bgnbd_dert(const double *p, double delta, double x, double tx, double T, int modified);
/* log I of the DERT above (DERT = P(alive) (r+x)/((alpha+T) delta) I) and
 * d[4] = d log I / d log(r, alpha, a, b), for the delta method's gradient. */
double csat__bgnbd_dert_log_i_grad(const double *p, double delta, double x, double T, int modified, double *d);

/*
 * (c/(a-1)) * [1 - (alpha/(alpha+t))^r 2F1(r, b; c; t/(alpha+t))] with
 * c = a + b - 1: the expected purchases of a new BG/NBD customer, and with
 * the posterior parameters the conditional expectation of an alive one.
 * Computed without the cancellation at a = 1 and for c < 0.
 */
double csat__btyd_bg_expect(double r, double alpha, double a, double b, double t);

/* 16-point Gauss-Legendre on [-1, 1]: positive nodes and their weights
 * (btyd_gauss.c). */
extern const double csat__gl16_x[8], csat__gl16_w[8];

/* log B(A, y+m) - log B(A, y), A, y > 0, m >= 0, without the rounding of
 * log-betas of the size of huge parameters (btyd_bgbb.c). */
double csat__lbeta_shift(double A, double y, double m);

#endif /* CSAT_BTYD_INTERNAL_H */
