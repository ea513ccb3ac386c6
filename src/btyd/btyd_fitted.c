/*
 * The getters every fitted model shares (BTYD and spend handles): one set
 * of rules for parameters, standard errors, likelihood and the fit report.
 */
#include "btyd/btyd_internal.h"

#include <math.h>
#include <string.h>

csat_status csat__fitted_params(const csat__fitted *f, double *params, size_t cap)
{
    if (!params || !csat__array_bytes_ok(cap, 1, sizeof *params))
        return CSAT_EINVAL;
    if (!f->has_params)
        return CSAT_EMISUSE;
    if (cap < f->np)
        return CSAT_EBUFSIZE;
    memcpy(params, f->params, f->np * sizeof *params);
    return CSAT_OK;
}

csat_status csat__fitted_set(csat__fitted *f, csat__base *b, const double *params, size_t n,
                             const char *names)
{
    csat__clear_error(b);
    if (!params || n != f->np)
        return csat__fail(b, CSAT_EINVAL, "need %zu parameters (%s)", f->np, names);
    for (size_t i = 0; i < n; i++)
        if (!(isfinite(params[i]) && params[i] > 0))
            return csat__fail(b, CSAT_EINVAL, "parameter %zu must be finite and > 0", i);
    memcpy(f->params, params, n * sizeof *params);
    f->has_params = 1;
    f->has_fit = f->has_se = 0;
    return CSAT_OK;
}

csat_status csat__fitted_se(const csat__fitted *f, double *se, size_t cap)
{
    if (!se || !csat__array_bytes_ok(cap, 1, sizeof *se))
        return CSAT_EINVAL;
    if (!f->has_fit)
        return CSAT_EMISUSE;
    if (!f->has_se)
        return CSAT_EDOM;
    if (cap < f->np)
        return CSAT_EBUFSIZE;
    memcpy(se, f->se, f->np * sizeof *se);
    return CSAT_OK;
}

csat_status csat__fitted_loglik(const csat__fitted *f, double *ll, double *aic, double *bic)
{
    const double k = (double)f->np;
    if (!f->has_fit)
        return CSAT_EMISUSE;
    if (ll)
        *ll = f->ll;
    if (aic)
        *aic = 2.0 * k - 2.0 * f->ll;
    if (bic)
        *bic = k * log(f->n_obs) - 2.0 * f->ll;
    return CSAT_OK;
}

csat_status csat__fitted_report(const csat__fitted *f, csat_fit_report *report)
{
    if (!report)
        return CSAT_EINVAL;
    if (f->report.evaluations == 0)
        return CSAT_EMISUSE;
    *report = f->report;
    return CSAT_OK;
}

csat_status csat__fitted_stages(const csat__fitted *f, csat_fit_stage *stages, size_t cap, size_t *n)
{
    return csat__stages_get(&f->stages, stages, cap, n);
}
