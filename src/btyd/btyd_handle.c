/*
 * The csat_btyd_model handle: creation with its kind's table, the options'
 * defaults, and the getters and setter of its parameters.
 */
#include "btyd/btyd_handle.h"

csat_status csat_btyd_options_init(csat_btyd_options *opts, unsigned int version)
{
    csat_btyd_options d = CSAT_BTYD_OPTIONS_INIT;
    if (!opts)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_BTYD_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = d;
    opts->version = version;
    return CSAT_OK;
}

csat_status csat_btyd_new(csat_btyd_model **out, const csat_allocator *alloc, csat_btyd_kind kind)
{
    const csat__btyd_kind_ops *ops = csat__btyd_ops(kind);
    csat_btyd_model *m = NULL;
    csat_status st;
    if (!out || !ops)
        return CSAT_EINVAL;
    st = csat__handle_new((void **)&m, sizeof *m, alloc);
    if (st != CSAT_OK)
        return st;
    m->kind = kind;
    m->ops = ops;
    m->fit.np = ops->n_params;
    *out = m;
    return CSAT_OK;
}

void csat_btyd_free(csat_btyd_model *m)
{
    if (m && m->cov) /* issue 15: covariates (btyd_cov.h) */
        csat__free(&m->base.alloc, m->cov);
    csat__handle_free(m);
}

const char *csat_btyd_last_error(const csat_btyd_model *m) { return m ? m->base.err : ""; }

csat_btyd_kind csat_btyd_get_kind(const csat_btyd_model *m) { return m ? m->kind : CSAT_BTYD_BGNBD; }

csat_status csat_btyd_get_params(const csat_btyd_model *m, double *params, size_t cap)
{
    return m ? csat__fitted_params(&m->fit, params, cap) : CSAT_EINVAL;
}

csat_status csat_btyd_set_params(csat_btyd_model *m, const double *params, size_t n)
{
    if (!m)
        return CSAT_EINVAL;
    return csat__fitted_set(&m->fit, &m->base, params, n, m->ops->param_names);
}

csat_status csat_btyd_standard_errors(const csat_btyd_model *m, double *se, size_t cap)
{
    return m ? csat__fitted_se(&m->fit, se, cap) : CSAT_EINVAL;
}

csat_status csat_btyd_log_likelihood(const csat_btyd_model *m, double *ll, double *aic, double *bic)
{
    return m ? csat__fitted_loglik(&m->fit, ll, aic, bic) : CSAT_EINVAL;
}

csat_status csat_btyd_fit_report(const csat_btyd_model *m, csat_fit_report *report)
{
    return m ? csat__fitted_report(&m->fit, report) : CSAT_EINVAL;
}

csat_status csat_btyd_fit_stages(const csat_btyd_model *m, csat_fit_stage *stages, size_t cap, size_t *n_stages)
{
    return m ? csat__fitted_stages(&m->fit, stages, cap, n_stages) : CSAT_EINVAL;
}
