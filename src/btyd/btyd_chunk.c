/*
 * The log-likelihood of a chunk of customers, its gradient and Hessian at
 * given parameters: the map step of a fit on data that live in several
 * places (partitions of a cluster, files). Chunks' values add up to the
 * whole data's, so a driver can take Newton steps with one round trip each.
 */
#include "btyd/btyd_handle.h"
#include "numerics/optim.h"

#include <math.h>
#include <string.h>

/* The checks both entry points share: kind, parameters, rows. */
static csat_status chunk_args(csat_btyd_kind kind, const double *params, const csat__btyd_rows *r,
                              const csat__btyd_kind_ops **ops, csat_error *err)
{
    *ops = csat__btyd_ops(kind);
    if (!*ops)
        return csat__err(err, CSAT_EINVAL, "kind", CSAT_NO_ROW, "kind = %d is not a csat_btyd_kind",
                         (int)kind);
    if (!params)
        return csat__err_null(err, "params");
    for (size_t i = 0; i < (*ops)->n_params; i++)
        if (!(isfinite(params[i]) && params[i] > 0))
            return csat__err(err, CSAT_EINVAL, "params", i, "params[%zu] = %g is not finite and > 0",
                             i, params[i]);
    return csat__btyd_check_rows(NULL, err, *ops, r, 0);
}

csat_status csat_btyd_chunk_loglik(csat_btyd_kind kind, const double *params, const double *frequency,
                                   const double *recency, const double *T, const double *weights,
                                   size_t n, double *ll, double *grad, csat_error *err)
{
    const csat__btyd_kind_ops *ops;
    csat__btyd_rows r = {frequency, recency, T, weights, n};
    double g[CSAT_BTYD_N_PARAMS], v;
    csat_status st;
    csat__err_clear(err);
    if (!ll)
        return csat__err_null(err, "ll");
    st = chunk_args(kind, params, &r, &ops, err);
    if (st != CSAT_OK)
        return st;
    v = ops->loglik(params, &r, grad ? g : NULL);
    if (!isfinite(v) || (grad && csat__first_nonfinite(g, ops->n_params) < ops->n_params))
        return csat__err(err, CSAT_EDOM, "params", CSAT_NO_ROW,
                         "the log-likelihood or its gradient is not finite at params");
    *ll = v;
    if (grad)
        memcpy(grad, g, ops->n_params * sizeof *g);
    return CSAT_OK;
}

/* The gradient of the rows' log-likelihood for csat__hessian_positive. */
typedef struct chunk_ctx {
    const csat__btyd_kind_ops *ops;
    const csat__btyd_rows *rows;
} chunk_ctx;

static double chunk_grad(const double *p, double *grad, void *vctx)
{
    const chunk_ctx *c = vctx;
    return c->ops->loglik(p, c->rows, grad);
}

csat_status csat_btyd_chunk_hessian(csat_btyd_kind kind, const double *params, const double *frequency,
                                    const double *recency, const double *T, const double *weights,
                                    size_t n, double *ll, double *grad, double *hess,
                                    csat_error *err)
{
    const csat__btyd_kind_ops *ops;
    csat__btyd_rows r = {frequency, recency, T, weights, n};
    double g[CSAT_BTYD_N_PARAMS], h[CSAT_BTYD_N_PARAMS * CSAT_BTYD_N_PARAMS], v;
    size_t NP;
    csat_status st;
    csat__err_clear(err);
    if (!ll)
        return csat__err_null(err, "ll");
    if (!grad)
        return csat__err_null(err, "grad");
    if (!hess)
        return csat__err_null(err, "hess");
    st = chunk_args(kind, params, &r, &ops, err);
    if (st != CSAT_OK)
        return st;
    NP = ops->n_params;
    /* analytic where the kind has it; differences of the gradient where it
     * has none or it is not finite (as the fit does, btyd_fit.c) */
    v = ops->loglik_hess ? ops->loglik_hess(params, &r, g, h) : NAN;
    if (!isfinite(v) || csat__first_nonfinite(g, NP) != NP || csat__first_nonfinite(h, NP * NP) != NP * NP) {
        chunk_ctx c = {ops, &r};
        v = ops->loglik(params, &r, g);
        if (!isfinite(v) || csat__first_nonfinite(g, NP) != NP)
            return csat__err(err, CSAT_EDOM, "params", CSAT_NO_ROW,
                             "the log-likelihood or its gradient is not finite at params");
        if (csat__hessian_positive(chunk_grad, &c, params, NP, h) != CSAT_OK)
            return csat__err(err, CSAT_EDOM, "params", CSAT_NO_ROW,
                             "the Hessian is not finite at params");
    }
    /* the analytic form's two triangles may differ in the last bits */
    for (size_t i = 0; i < NP; i++)
        for (size_t j = 0; j < i; j++)
            h[i * NP + j] = h[j * NP + i] = 0.5 * (h[i * NP + j] + h[j * NP + i]);
    *ll = v;
    memcpy(grad, g, NP * sizeof *g);
    memcpy(hess, h, NP * NP * sizeof *h);
    return CSAT_OK;
}
