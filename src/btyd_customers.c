/*
 * Fitting straight from a customer store summary (needs the csat_customers
 * implementation from the customer-records module).
 */
#include "btyd_internal.h"

#include <math.h>
#include <string.h>

csat_status csat_btyd_fit_customers(csat_btyd_model *m, const csat_customers *c,
                                    const csat_btyd_options *opts)
{
    size_t nc = 0, nt = 0;
    double *buf;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    if (!c)
        return csat__fail(&m->base, CSAT_EINVAL, "customer store is NULL");
    if (m->kind == CSAT_BTYD_BGBB)
        return csat__fail(&m->base, CSAT_EINVAL, "BG/BB needs discrete opportunities, not a summary");
    st = csat_customers_count(c, &nc, &nt);
    if (st != CSAT_OK)
        return csat__fail(&m->base, st, "cannot read the customer store");
    if (nc == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "no customers in the store");
    buf = csat__malloc_array(&m->base.alloc, nc, 3 * sizeof(double));
    if (!buf)
        return csat__fail(&m->base, CSAT_ENOMEM, "out of memory");
    /* the summary may exclude customers: its columns have <= nc rows */
    for (size_t i = 0; i < 3 * nc; i++)
        buf[i] = NAN;
    st = csat_customers_summary_column(c, CSAT_SUMMARY_FREQUENCY, buf, nc);
    if (st == CSAT_OK)
        st = csat_customers_summary_column(c, CSAT_SUMMARY_RECENCY, buf + nc, nc);
    if (st == CSAT_OK)
        st = csat_customers_summary_column(c, CSAT_SUMMARY_T, buf + 2 * nc, nc);
    if (st != CSAT_OK) {
        csat__free(&m->base.alloc, buf);
        return csat__fail(&m->base, st, "cannot read the summary: %s",
                          csat_customers_last_error(c));
    }
    {
        /* The API gives no summary size, only the store's customer count (an
         * upper bound): the rows are the leading non-NaN frequencies. */
        size_t ns = 0;
        while (ns < nc && !isnan(buf[ns]))
            ns++;
        memmove(buf + ns, buf + nc, ns * sizeof *buf);
        memmove(buf + 2 * ns, buf + 2 * nc, ns * sizeof *buf);
        st = csat_btyd_fit(m, buf, buf + ns, buf + 2 * ns, NULL, ns, opts);
    }
    csat__free(&m->base.alloc, buf);
    return st;
}

