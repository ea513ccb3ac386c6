/*
 * Prediction intervals (issue 15 §4): delta method, parametric bootstrap and
 * customer-resampling bootstrap on the predictions of a BTYD model and on
 * CLV (BTYD + Gamma-Gamma). See "Prediction intervals" in csat.h.
 *
 * Every method works on theta = log(parameters). The covariance of theta is
 * the inverse observed information of the (unpenalised) log-likelihood of
 * the rows given, at the model's parameters, from csat_btyd_chunk_hessian
 * and csat_spend_chunk_loglik; for CLV the two models' blocks are
 * independent (block-diagonal). Predictions are recomputed on scratch
 * handles (same allocator and kind) through the public functions, so each
 * model kind gets intervals for every quantity it predicts; a new model
 * adds a row to the per-model table iv_models below.
 */
#include "btyd/btyd_intervals.h"
#include "numerics/numerics.h"
#include "numerics/optim.h"
#include "numerics/random.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The per-model table (Cox adds its row here). */
static const iv_model_row iv_models[] = {
    {CSAT_BTYD_BGNBD, 1, 1, 1, 1},
    {CSAT_BTYD_PARETO_NBD, 1, 1, 1, 1},
    {CSAT_BTYD_MBGNBD, 1, 1, 1, 1},
    {CSAT_BTYD_BGBB, 1, 1, 1, 0},
    {CSAT_BTYD_GGOMNBD, 1, 1, 1, 1},
};

const iv_model_row *csat__iv_model(csat_btyd_kind k)
{
    for (size_t i = 0; i < sizeof iv_models / sizeof iv_models[0]; i++)
        if (iv_models[i].kind == k)
            return &iv_models[i];
    return NULL;
}

static csat_status pass_on(iv_ctx *c, csat_status st, const char *msg)
{
    return csat__fail(c->b, st, "%s", msg && *msg ? msg : csat_strerror(st));
}

/* Predictions at theta (natural parameters exp(theta)) into out[n] and
 * their weighted sum into *total. */
csat_status csat__iv_eval(iv_ctx *c, const double *th, double *out, double *total)
{
    double p[IV_MAXP];
    csat_status st;
    for (size_t j = 0; j < c->np; j++)
        p[j] = th == c->th0 && c->p0 ? c->p0[j] : exp(th[j]);
    if (c->clv == IV_SPEND)
        st = csat_spend_set_params(c->sm, p, 3);
    else
        st = csat_btyd_set_params(c->pm, p, c->npp);
    if (st == CSAT_OK && c->clv == IV_CLV)
        st = csat_spend_set_params(c->sm, p + c->npp, 3);
    if (st != CSAT_OK)
        return csat__fail(c->b, CSAT_EDOM, "parameters out of range (a draw or derivative step)");
    if (c->clv == IV_SPEND) {
        st = csat_spend_expected(c->sm, c->x, c->mv, c->n, out);
        if (st != CSAT_OK)
            return pass_on(c, st, csat_spend_last_error(c->sm));
    } else if (c->clv) {
        st = csat_clv(c->pm, c->sm, c->x, c->tx, c->T, c->mv, c->n, c->co, out, NULL);
        if (st != CSAT_OK) {
            return pass_on(c, st, csat_spend_last_error(c->sm));
        }
    } else {
        switch ((int)c->q) {
        case CSAT_PREDICT_P_ALIVE:
            st = csat_btyd_p_alive(c->pm, c->x, c->tx, c->T, c->n, out);
            break;
        case CSAT_PREDICT_EXPECTED_PURCHASES:
            st = csat_btyd_expected_purchases(c->pm, c->arg, c->x, c->tx, c->T, c->n, out);
            break;
        case IV_Q_PROB:
            st = csat_btyd_prob_purchases_cond(c->pm, c->arg, c->k, c->x, c->tx, c->T, c->n, out);
            break;
        default:
            st = csat_btyd_dert(c->pm, c->arg, c->x, c->tx, c->T, c->n, out);
            break;
        }
        if (st != CSAT_OK)
            return pass_on(c, st, csat_btyd_last_error(c->pm));
    }
    double s = 0.0;
    for (size_t i = 0; i < c->n; i++)
        s += (c->w ? c->w[i] : 1.0) * out[i];
    if (!isfinite(s))
        return csat__fail(c->b, CSAT_EDOM, "the total of the predictions is not finite");
    *total = s;
    return CSAT_OK;
}

/* Information on the log scale of one block: -(D H D + diag(p g)). */
static void log_info(const double *p, const double *g, const double *h, size_t k, double *info,
                     size_t ld, size_t off)
{
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            info[(off + i) * ld + off + j] = -(p[i] * p[j] * h[i * k + j] + (i == j ? p[i] * g[i] : 0.0));
}

csat_status csat__iv_log_cov(iv_ctx *c, const double *th, double *cov)
{
    double p[IV_MAXP], g[CSAT_BTYD_N_PARAMS], h[CSAT_BTYD_N_PARAMS * CSAT_BTYD_N_PARAMS], ll;
    double info[IV_MAXP * IV_MAXP];
    csat_error e;
    csat_status st;
    for (size_t j = 0; j < c->np; j++)
        p[j] = exp(th[j]);
    memset(info, 0, sizeof info);
    if (c->clv == IV_SPEND) {
        st = csat_spend_chunk_loglik(p, c->x, c->mv, c->w, c->n, &ll, g, h, &e);
        if (st != CSAT_OK)
            return csat__fail(c->b, st, "the spend information matrix: %s", e.message);
        log_info(p, g, h, 3, info, c->np, 0);
        goto invert;
    }
    st = csat_btyd_chunk_hessian(c->kind, p, c->x, c->tx, c->T, c->w, c->n, &ll, g, h, &e);
    if (st != CSAT_OK)
        return csat__fail(c->b, st, "the information matrix: %s", e.message);
    log_info(p, g, h, c->npp, info, c->np, 0);
    if (c->clv) {
        st = csat_spend_chunk_loglik(p + c->npp, c->x, c->mv, c->w, c->n, &ll, g, h, &e);
        if (st != CSAT_OK)
            return csat__fail(c->b, st, "the spend information matrix: %s", e.message);
        log_info(p + c->npp, g, h, 3, info, c->np, c->npp);
    }
invert:
    memcpy(cov, info, c->np * c->np * sizeof *cov);
    st = csat__spd_inverse(cov, c->np, &c->b->alloc);
    if (st == CSAT_ENOMEM)
        return csat__fail(c->b, st, "out of memory (inverting the information matrix)");
    if (st != CSAT_OK)
        return csat__fail(c->b, CSAT_EDOM,
                          "the information matrix of these rows at the model's parameters is not "
                          "positive definite: no covariance for the delta method or the draws");
    return CSAT_OK;
}

/* ---- delta method ---------------------------------------------------------- */

/* Analytic where btyd_intervals_grad.c has the (kind, quantity); else
 * Richardson-extrapolated central differences of the predictions in theta_j:
 * D(h) = (f(th + h e_j) - f(th - h e_j)) / 2h, G = (4 D(h/2) - D(h)) / 3,
 * error O(h^4) + O(eps / h); h = 1e-3. grad: n x np (row-major), gtot: np. */
#define IV_H 1e-3
static csat_status gradients(iv_ctx *c, const double *th, double *grad, double *gtot, double *fa,
                             double *fb)
{
    double t[IV_MAXP], sa, sb;
    csat_status st;
    if (c->clv == IV_SPEND) {
        double p[3];
        for (size_t j = 0; j < 3; j++) {
            p[j] = exp(th[j]);
            gtot[j] = 0.0;
        }
        for (size_t i = 0; i < c->n; i++) {
            double *gi = grad + i * 3, w = c->w ? c->w[i] : 1.0;
            csat__iv_spend_grad_row(p, c->x[i], c->mv[i], gi);
            for (size_t j = 0; j < 3; j++)
                gtot[j] += w * gi[j];
        }
        return CSAT_OK;
    }
    if (!c->clv && csat__iv_has_analytic(c->kind, c->q)) {
        double p[IV_NP];
        for (size_t j = 0; j < IV_NP; j++) {
            p[j] = exp(th[j]);
            gtot[j] = 0.0;
        }
        for (size_t i = 0; i < c->n; i++) {
            double *gi = grad + i * IV_NP, w = c->w ? c->w[i] : 1.0;
            if (c->q == IV_Q_PROB)
                csat__iv_prob_grad_row(c->kind, c->arg, c->k, p, c->x[i], c->tx[i], c->T[i], gi);
            else
                csat__iv_grad_row(c->kind, c->q, c->arg, p, c->x[i], c->tx[i], c->T[i], gi);
            for (size_t j = 0; j < IV_NP; j++)
                gtot[j] += w * gi[j];
        }
        return CSAT_OK;
    }
    memcpy(t, th, c->np * sizeof *t);
    for (size_t j = 0; j < c->np; j++) {
        double d1t = 0, d2t;
        for (int half = 0; half < 2; half++) {
            double h = half ? IV_H / 2 : IV_H;
            t[j] = th[j] + h;
            if ((st = csat__iv_eval(c, t, fa, &sa)) != CSAT_OK)
                return st;
            t[j] = th[j] - h;
            if ((st = csat__iv_eval(c, t, fb, &sb)) != CSAT_OK)
                return st;
            t[j] = th[j];
            for (size_t i = 0; i < c->n; i++) {
                double d = (fa[i] - fb[i]) / (2 * h);
                grad[i * c->np + j] = half ? (4 * d - grad[i * c->np + j]) / 3 : d;
            }
            if (half) {
                d2t = (sa - sb) / (2 * h);
                gtot[j] = (4 * d2t - d1t) / 3;
            } else {
                d1t = (sa - sb) / (2 * h);
            }
        }
    }
    return CSAT_OK;
}

static double quad_form(const double *g, const double *cov, size_t k)
{
    double v = 0.0;
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            v += g[a] * cov[a * k + b] * g[b];
    return v > 0 ? v : 0.0;
}

csat_status csat__iv_delta(iv_ctx *c, const double *th, double z, double *est, double *lo, double *hi,
                           double *total)
{
    double cov[IV_MAXP * IV_MAXP], gtot[IV_MAXP], tot;
    size_t n = c->n;
    csat_status st;
    double *buf = csat__malloc(&c->b->alloc, n * (c->np + 3) * sizeof(double));
    if (!buf)
        return csat__fail(c->b, CSAT_ENOMEM, "out of memory (%zu doubles)", n * (c->np + 3));
    double *f0 = buf, *fa = buf + n, *fb = buf + 2 * n, *g = buf + 3 * n;
    st = csat__iv_eval(c, th, f0, &tot); /* first: the rows' and arguments' errors come first */
    if (st == CSAT_OK)
        st = csat__iv_log_cov(c, th, cov);
    if (st == CSAT_OK)
        st = gradients(c, th, g, gtot, fa, fb);
    if (st == CSAT_OK) {
        int prob = !c->clv && (c->q == CSAT_PREDICT_P_ALIVE || c->q == IV_Q_PROB);
        double tl, tu;
        /* the bounds into fa, fb first: outputs are written only on success */
        for (size_t i = 0; st == CSAT_OK && i < n; i++)
            if (!csat__interval_bounds(f0[i], sqrt(quad_form(g + i * c->np, cov, c->np)), z, prob, &fa[i], &fb[i]))
                st = csat__fail(c->b, CSAT_EDOM, "row %zu: the interval's upper bound is beyond the double range "
                                "(a standard error of %g times the estimate: do these rows identify the "
                                "parameters?)", i, sqrt(quad_form(g + i * c->np, cov, c->np)) / f0[i]);
        if (st == CSAT_OK && !csat__interval_bounds(tot, sqrt(quad_form(gtot, cov, c->np)), z, 0, &tl, &tu))
            st = csat__fail(c->b, CSAT_EDOM, "the total's interval is beyond the double range");
        for (size_t i = 0; st == CSAT_OK && i < n; i++) {
            if (est)
                est[i] = f0[i];
            if (lo)
                lo[i] = fa[i];
            if (hi)
                hi[i] = fb[i];
        }
        if (st == CSAT_OK && total)
            total[0] = tot, total[1] = tl, total[2] = tu;
    }
    csat__free(&c->b->alloc, buf);
    return st;
}
