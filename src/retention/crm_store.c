/* KPIs by group, repeat buying and cross-selling read from a csat_customers
 * store: groups from the customers' attributes, categories from the
 * transaction details (docs/theory/loyalty_economics.rst, 25.1-25.3). */
#include "core/internal.h"

#include <string.h>

/* The store's transactions as columns (ids, times, amounts and, when
 * want_groups, each row's customer group; when want_categories, each row's
 * category) in one allocation *block that the caller frees with a. */
typedef struct cols {
    void *block;
    uint64_t *ids;
    double *times, *amounts;
    int32_t *groups, *categories;
    size_t n;
} cols;

static csat_status gather(const csat_customers *c, const csat_allocator *a, int want_groups,
                          int want_categories, cols *out)
{
    size_t n = 0, bytes;
    unsigned char *p;
    csat_status st = csat_customers_rows(c, NULL, NULL, NULL, NULL, NULL, NULL, 0, &n);
    if (st != CSAT_OK && st != CSAT_EBUFSIZE)
        return st;
    memset(out, 0, sizeof *out);
    if (n == 0)
        return CSAT_EEMPTY;
    /* 8 + 8 + 8 + 4 + 4 = 32 bytes per row */
    if (!csat__array_bytes_ok(n, 32, 1))
        return CSAT_ENOMEM;
    bytes = n * 32;
    p = csat__malloc(a, bytes);
    if (!p)
        return CSAT_ENOMEM;
    out->block = p;
    out->ids = (uint64_t *)(void *)p;
    out->times = (double *)(void *)(p + 8 * n);
    out->amounts = (double *)(void *)(p + 16 * n);
    out->groups = (int32_t *)(void *)(p + 24 * n);
    out->categories = (int32_t *)(void *)(p + 28 * n);
    out->n = n;
    st = csat_customers_rows(c, out->ids, out->times, out->amounts, NULL,
                             want_categories ? out->categories : NULL, NULL, n, &n);
    if (st == CSAT_OK && want_groups)
        st = csat_customers_attributes(c, out->ids, n, out->groups, NULL);
    if (st != CSAT_OK) {
        csat__free(a, p);
        out->block = NULL;
    }
    return st;
}

csat_status csat_kpi_by_group_customers(const csat_customers *c, size_t n_groups, double t1,
                                        double t2, double lost_after, const double *tier_bounds,
                                        size_t n_bounds, csat_kpi_report *by_group,
                                        csat_kpi_report *overall, const csat_allocator *alloc)
{
    csat_allocator a;
    cols x;
    csat_status st;
    if (!c || !by_group || csat__allocator_resolve(&a, alloc) != CSAT_OK
        || !csat__array_bytes_ok(n_groups, 1, sizeof(csat_kpi_report))
        || n_bounds > SIZE_MAX / sizeof(double) - 1)
        return CSAT_EINVAL;
    if ((st = gather(c, &a, 1, 0, &x)) != CSAT_OK)
        return st;
    st = csat_kpi_by_group(x.ids, x.times, x.amounts, x.groups, x.n, n_groups, t1, t2, lost_after,
                           tier_bounds, n_bounds, by_group, overall, &a, NULL);
    csat__free(&a, x.block);
    return st;
}

csat_status csat_repeat_purchase_customers(const csat_customers *c, size_t n_groups,
                                           double period, double window, double observation_end,
                                           size_t n_cohorts, csat_repeat_rate *overall,
                                           csat_repeat_rate *by_group, csat_repeat_rate *by_cohort,
                                           size_t *n_periods, const csat_allocator *alloc)
{
    csat_allocator a;
    cols x;
    csat_status st;
    if (!c || csat__allocator_resolve(&a, alloc) != CSAT_OK
        || (by_group && !csat__array_bytes_ok(n_groups, 1, sizeof(csat_repeat_rate)))
        || (by_cohort && !csat__array_bytes_ok(n_cohorts, 1, sizeof(csat_repeat_rate))))
        return CSAT_EINVAL;
    if ((st = gather(c, &a, by_group != NULL, 0, &x)) != CSAT_OK)
        return st;
    st = csat_repeat_purchase(x.ids, x.times, by_group ? x.groups : NULL, x.n, n_groups, period,
                              window, observation_end, n_cohorts, overall, by_group, by_cohort,
                              n_periods, &a, NULL);
    csat__free(&a, x.block);
    return st;
}

csat_status csat_cross_sell_customers(const csat_customers *c, size_t n_categories, double period,
                                      csat_cross_sell_summary *summary, double *together,
                                      double *next, const csat_allocator *alloc)
{
    csat_allocator a;
    cols x;
    csat_status st;
    if (!c || csat__allocator_resolve(&a, alloc) != CSAT_OK
        || !csat__array_bytes_ok(n_categories, n_categories, sizeof(double)))
        return CSAT_EINVAL;
    if ((st = gather(c, &a, 0, 1, &x)) != CSAT_OK)
        return st;
    st = csat_cross_sell(x.ids, x.times, x.categories, x.n, n_categories, period, summary,
                         together, next, &a, NULL);
    csat__free(&a, x.block);
    return st;
}
