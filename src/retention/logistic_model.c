/*
 * The fitted logistic churn handle: coefficients, predictions, setting a
 * model by hand, glm's deviances and Wald inference (z, p-values, intervals).
 */
#include "core/internal.h"
#include "numerics/numerics.h"
#include "retention/logistic_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

csat_status csat_logistic_n_coef(const csat_logistic *m, size_t *n_coef)
{
    if (!m || !n_coef)
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    *n_coef = m->p;
    return CSAT_OK;
}

csat_status csat_logistic_coef(const csat_logistic *m, double *coef, double *std_err, size_t cap)
{
    if (!m || !csat__array_bytes_ok(cap, 1, sizeof(double)))
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if (cap < m->p)
        return CSAT_EBUFSIZE;
    if (std_err && !m->has_se)
        return CSAT_EDOM;
    if (coef)
        memcpy(coef, m->coef, m->p * sizeof *coef);
    if (std_err)
        memcpy(std_err, m->se, m->p * sizeof *std_err);
    return CSAT_OK;
}

csat_status csat_logistic_log_likelihood(const csat_logistic *m, double *log_likelihood,
                                         double *aic)
{
    if (!m)
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if ((log_likelihood || aic) && !m->has_ll)
        return CSAT_EDOM;
    if (log_likelihood)
        *log_likelihood = m->ll;
    if (aic)
        *aic = m->aic;
    return CSAT_OK;
}

typedef struct lr_pred_ctx {
    const csat_logistic *m;
    const double *X;
    size_t n, k;
    double *prob;
} lr_pred_ctx;

/* Rows [blk CSAT__BLOCK_ROWS, ...) of a prediction: each row writes its own prob. */
static void predict_block(void *vctx, size_t worker, size_t blk)
{
    const lr_pred_ctx *cx = vctx;
    const csat_logistic *m = cx->m;
    const size_t n_cols = cx->k, lo = blk * CSAT__BLOCK_ROWS;
    const size_t hi = cx->n - lo > CSAT__BLOCK_ROWS ? lo + CSAT__BLOCK_ROWS : cx->n;
    lr_problem pr;
    (void)worker;
    pr.k = n_cols;
    pr.intercept = m->intercept;
    for (size_t i = lo; i < hi; i++) {
        const double *x = n_cols ? cx->X + i * n_cols : NULL;
        double eta = csat__lr_linpred(&pr, m->coef, x);
        if (!isfinite(eta)) {
            /* a product overflowed (coefficients set by hand can be any
             * finite values; Inf - Inf would be NaN): the sign of the sum
             * of the products times 2^-1120 decides (each factor times
             * 2^-560: no product overflows; terms that underflow are
             * negligible next to the one that overflowed) */
            double s = 0.0;
            for (size_t j = 0; j < n_cols; j++)
                s += ldexp(m->coef[pr.intercept + j], -560) * ldexp(x[j], -560);
            cx->prob[i] = s > 0.0 ? 1.0 : s < 0.0 ? 0.0 : 0.5;
            continue;
        }
        cx->prob[i] = eta >= 0.0 ? 1.0 / (1.0 + exp(-eta)) : exp(eta) / (1.0 + exp(eta));
    }
}

csat_status csat_logistic_predict(const csat_logistic *m, const double *X, size_t n_rows,
                                  size_t n_cols, double *prob)
{
    lr_pred_ctx cx;
    size_t nx;
    if (!m || (n_rows && (!prob || (n_cols && !X))))
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if (n_cols != m->n_cols || !csat__array_bytes_ok(n_rows, n_cols, sizeof *X) ||
        !csat__array_bytes_ok(n_rows, 1, sizeof *prob))
        return CSAT_EINVAL;
    nx = n_rows * n_cols;
    if (csat__first_nonfinite(X, nx) < nx)
        return CSAT_EINVAL;
    cx.m = m;
    cx.X = X;
    cx.n = n_rows;
    cx.k = n_cols;
    cx.prob = prob;
    csat__par_run(csat__handle_par(m), csat__n_blocks(n_rows, CSAT__BLOCK_ROWS), predict_block, &cx);
    return CSAT_OK;
}

csat_status csat_logistic_shape(const csat_logistic *m, size_t *n_cols, int *fit_intercept)
{
    if (!m)
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if (n_cols)
        *n_cols = m->n_cols;
    if (fit_intercept)
        *fit_intercept = m->intercept;
    return CSAT_OK;
}

csat_status csat_logistic_set_coef(csat_logistic *m, const double *coef, const double *std_err,
                                   size_t n_coef, size_t n_cols, const double *log_likelihood)
{
    double *b;
    size_t bad;
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    if (!csat__array_bytes_ok(n_coef, 2, sizeof *coef))
        return csat__fail(&m->base, CSAT_EINVAL, "n_coef = %zu coefficients overflow the address space",
                          n_coef);
    if (!coef)
        return csat__fail(&m->base, CSAT_EINVAL, "coef must not be NULL");
    if (n_coef == 0 || (n_coef != n_cols && n_coef - 1 != n_cols))
        return csat__fail(&m->base, CSAT_EINVAL, "%zu coefficients do not fit %zu columns: give "
                          "n_cols + 1 (intercept first) or n_cols (no intercept), at least one",
                          n_coef, n_cols);
    bad = csat__first_nonfinite(coef, n_coef);
    if (bad < n_coef)
        return csat__fail(&m->base, CSAT_EINVAL, "coef[%zu] is not finite", bad);
    if (std_err) {
        const char *why = csat__nonneg_problem(std_err, n_coef, &bad);
        if (why)
            return csat__fail(&m->base, CSAT_EINVAL, "std_err[%zu] is %s: standard errors are "
                              "finite and >= 0", bad, why);
    }
    /* >= -DBL_MAX/4: the AIC, -2 LL + 2 n_coef, must be a double too (found by fuzz_churn) */
    if (log_likelihood && !(*log_likelihood >= -DBL_MAX / 4 && *log_likelihood <= 0.0))
        return csat__fail(&m->base, CSAT_EINVAL,
                          "log_likelihood = %g: must be <= 0 and >= -DBL_MAX/4 (its AIC a double)",
                          *log_likelihood);
    b = csat__malloc_array(&m->base.alloc, n_coef, 2 * sizeof *b);
    if (!b)
        return csat__fail(&m->base, CSAT_ENOMEM, "logistic: out of memory");
    memcpy(b, coef, n_coef * sizeof *b);
    if (std_err)
        memcpy(b + n_coef, std_err, n_coef * sizeof *b);
    else
        memset(b + n_coef, 0, n_coef * sizeof *b);
    csat__free(&m->base.alloc, m->coef);
    m->coef = b;
    m->se = b + n_coef;
    m->p = n_coef;
    m->n_cols = n_cols;
    m->intercept = n_coef != n_cols;
    m->has_se = std_err != NULL;
    m->has_ll = log_likelihood != NULL;
    m->has_dev = 0;
    m->ll = log_likelihood ? *log_likelihood : 0.0;
    m->aic = -2.0 * m->ll + 2.0 * (double)n_coef;
    m->fitted = 1;
    return CSAT_OK;
}

csat_status csat_logistic_deviance(const csat_logistic *m, double *null_deviance, double *deviance,
                                   double *df_null, double *df_residual)
{
    if (!m)
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if (!m->has_dev)
        return CSAT_EDOM;
    if (null_deviance)
        *null_deviance = m->null_dev;
    if (deviance)
        *deviance = m->dev;
    if (df_null)
        *df_null = m->df_null;
    if (df_residual)
        *df_residual = m->df_resid;
    return CSAT_OK;
}

csat_status csat_logistic_wald(const csat_logistic *m, double level, double *z, double *p_value,
                               double *lower, double *upper, size_t cap)
{
    double q;
    if (!m || !csat__array_bytes_ok(cap, 1, sizeof(double)) || !(level > 0.0 && level < 1.0))
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if (cap < m->p)
        return CSAT_EBUFSIZE;
    if (!m->has_se)
        return CSAT_EDOM;
    for (size_t j = 0; j < m->p; j++)
        if (!(m->se[j] > 0.0) || !isfinite(m->coef[j] / m->se[j]))
            return CSAT_EDOM;
    /* the two-sided quantile from the upper tail (1 - level)/2, which keeps
     * its relative accuracy for levels near 1 */
    q = -csat__norm_quantile(0.5 * (1.0 - level));
    for (size_t j = 0; j < m->p; j++) {
        double b = m->coef[j], se = m->se[j], zj = b / se, h = q * se;
        if (z)
            z[j] = zj;
        if (p_value)
            p_value[j] = 2.0 * csat__norm_sf(fabs(zj));
        /* b +- q se: each bound is a double (|b| <= DBL_MAX, q se could
         * overflow only for se near DBL_MAX, where the bound saturates) */
        if (lower)
            lower[j] = isfinite(b - h) ? b - h : -DBL_MAX;
        if (upper)
            upper[j] = isfinite(b + h) ? b + h : DBL_MAX;
    }
    return CSAT_OK;
}
