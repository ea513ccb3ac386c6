/* The cohort table, the CRM KPIs and the sBG fit read from a csat_customers
 * store: its transactions are gathered into columns and handed to the
 * column functions. */
#include "retention/transactions.h"

#include <math.h>

csat_status csat__customers_gather(const csat_customers *c, const csat_allocator *a, uint64_t **ids_out,
                          double **times_out, double **amounts_out, size_t *n_out)
{
    size_t nc = 0, nt = 0, k = 0;
    uint64_t *cust = NULL, *ids = NULL;
    double *t = NULL;
    csat_status st = csat_customers_count(c, &nc, &nt);
    if (st != CSAT_OK)
        return st;
    if (nt == 0)
        return CSAT_EEMPTY;
    cust = csat__malloc_array(a, nc, sizeof *cust);
    ids = csat__malloc_array(a, nt, sizeof *ids);
    t = csat__malloc_array(a, nt, 2 * sizeof *t);
    if (!cust || !ids || !t) {
        st = CSAT_ENOMEM;
        goto fail;
    }
    st = csat_customers_ids(c, cust, nc);
    for (size_t i = 0; st == CSAT_OK && i < nc; i++) {
        size_t m = 0;
        st = csat_customers_transactions(c, cust[i], t + k, t + nt + k, nt - k, &m);
        for (size_t j = 0; st == CSAT_OK && j < m; j++)
            ids[k + j] = cust[i];
        k += m;
    }
    if (st != CSAT_OK)
        goto fail;
    csat__free(a, cust);
    *ids_out = ids;
    *times_out = t;
    *amounts_out = t + nt;
    *n_out = k;
    return CSAT_OK;
fail:
    csat__free(a, cust);
    csat__free(a, ids);
    csat__free(a, t);
    return st;
}

csat_status csat_cohort_table_customers(const csat_customers *c, const csat_cohort_options *opts,
                                        size_t n_cohorts, size_t n_offsets, double *cohort_start,
                                        double *cohort_size, double *active, double *revenue,
                                        double *retention, double *revenue_retention,
                                        size_t *n_periods, const csat_allocator *alloc)
{
    csat_allocator a;
    uint64_t *ids;
    double *times, *amounts;
    size_t n;
    csat_status st;
    if (!c || csat__allocator_resolve(&a, alloc) != CSAT_OK
        || !csat__array_bytes_ok(n_cohorts, n_offsets, sizeof(double)))
        return CSAT_EINVAL;
    st = csat__customers_gather(c, &a, &ids, &times, &amounts, &n);
    if (st != CSAT_OK)
        return st;
    st = csat_cohort_table(ids, times, amounts, n, opts, n_cohorts, n_offsets, cohort_start,
                           cohort_size, active, revenue, retention, revenue_retention, n_periods,
                           &a, NULL);
    csat__free(&a, ids);
    csat__free(&a, times);
    return st;
}

csat_status csat_kpi_between_customers(const csat_customers *c, double t1, double t2,
                                       double lost_after, const double *tier_bounds,
                                       size_t n_bounds, double *ladder, csat_kpi_report *out,
                                       const csat_allocator *alloc)
{
    csat_allocator a;
    uint64_t *ids;
    double *times, *amounts;
    size_t n;
    csat_status st;
    if (!c || csat__allocator_resolve(&a, alloc) != CSAT_OK || n_bounds > SIZE_MAX / sizeof(double) - 1)
        return CSAT_EINVAL; /* the ladder holds n_bounds + 1 values */
    st = csat__customers_gather(c, &a, &ids, &times, &amounts, &n);
    if (st != CSAT_OK)
        return st;
    st = csat_kpi_between(ids, times, amounts, n, t1, t2, lost_after, tier_bounds, n_bounds,
                          ladder, out, &a, NULL);
    csat__free(&a, ids);
    csat__free(&a, times);
    return st;
}
