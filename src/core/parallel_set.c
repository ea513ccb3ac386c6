/*
 * csat_x_set_parallel for every handle type. Every handle struct starts
 * with its csat__base, which holds the settings, so one body serves all.
 */
#include "core/internal.h"

static csat_status set_parallel(void *h, const csat_parallel_options *opts)
{
    csat__base *b = h;
    csat_error e;
    csat__par r;
    csat_status st;
    if (b == NULL)
        return CSAT_EINVAL;
    st = csat__par_resolve(&r, opts, &e);
    if (st != CSAT_OK)
        return csat__fail(b, st, "%s", e.message);
    b->par = r;
    csat__clear_error(b);
    return CSAT_OK;
}

#define CSAT__SETTER(name, type)                                                  \
    csat_status name(type *h, const csat_parallel_options *opts)                  \
    {                                                                             \
        return set_parallel(h, opts);                                             \
    }

CSAT__SETTER(csat_customers_set_parallel, csat_customers)
CSAT__SETTER(csat_value_model_set_parallel, csat_value_model)
CSAT__SETTER(csat_pls_set_parallel, csat_pls)
CSAT__SETTER(csat_btyd_set_parallel, csat_btyd_model)
CSAT__SETTER(csat_spend_set_parallel, csat_spend_model)
CSAT__SETTER(csat_sbg_set_parallel, csat_sbg)
CSAT__SETTER(csat_km_set_parallel, csat_km)
CSAT__SETTER(csat_cox_set_parallel, csat_cox)
CSAT__SETTER(csat_logistic_set_parallel, csat_logistic)
CSAT__SETTER(csat_kmeans_set_parallel, csat_kmeans)
