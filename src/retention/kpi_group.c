/* CRM KPIs per group in one pass, and a weighted scorecard over groups
 * (docs/theory/loyalty_economics.rst, 25.1). */
#include "core/internal.h"
#include "core/sort.h"
#include "retention/kpi_internal.h"
#include "retention/transactions.h"

#include <math.h>
#include <string.h>

#define KPI_N_FIELDS (sizeof(csat_kpi_report) / sizeof(double))

/* Check codes in [-1, n_codes) (-1 = none); shared through the header. */
csat_status csat__check_codes(const int32_t *codes, size_t n, size_t n_codes, const char *name,
                              csat_error *err)
{
    if (!codes)
        return csat__err_null(err, name);
    for (size_t i = 0; i < n; i++)
        if (codes[i] < -1 || (codes[i] >= 0 && (uint64_t)codes[i] >= (uint64_t)n_codes))
            return csat__err(err, CSAT_EINVAL, name, i,
                             "%s[%zu] = %ld is outside [-1, %zu) (-1 = none)", name, i,
                             (long)codes[i], n_codes);
    return CSAT_OK;
}

csat_status csat_kpi_by_group(const uint64_t *ids, const double *times, const double *amounts,
                              const int32_t *groups, size_t n, size_t n_groups, double t1,
                              double t2, double lost_after, const double *tier_bounds,
                              size_t n_bounds, csat_kpi_report *by_group,
                              csat_kpi_report *overall, const csat_allocator *alloc,
                              csat_error *err)
{
    csat_allocator a;
    csat__kpi_acc all, *acc;
    size_t *ord, b = 0, e = 0;
    csat_status st;
    csat__err_clear(err);
    if (!by_group)
        return csat__err_null(err, "by_group");
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if (n_groups == 0)
        return csat__err(err, CSAT_EINVAL, "n_groups", CSAT_NO_ROW, "n_groups is 0");
    if (!csat__array_bytes_ok(n_groups, 1, sizeof(csat__kpi_acc)))
        return csat__err_size(err, "n_groups", n_groups);
    st = csat__kpi_check_args(t1, t2, lost_after, tier_bounds, n_bounds, err);
    if (st != CSAT_OK)
        return st;
    st = csat__txn_check(ids, times, amounts, n, err);
    if (st != CSAT_OK)
        return st;
    st = csat__check_codes(groups, n, n_groups, "groups", err);
    if (st != CSAT_OK)
        return st;
    memset(&all, 0, sizeof all);
    ord = csat__malloc_array(&a, n, sizeof *ord);
    acc = csat__calloc_array(&a, n_groups, sizeof *acc);
    st = ord && acc ? csat__order_u64(ids, n, ord, &a) : CSAT_ENOMEM;
    if (st != CSAT_OK) {
        csat__free(&a, ord);
        csat__free(&a, acc);
        return csat__err(err, st, NULL, CSAT_NO_ROW, "%s ordering the transactions by id",
                         csat_strerror(st));
    }
    while (csat__txn_next_group(ids, ord, n, &b, &e)) {
        size_t last = ord[b];
        for (size_t j = b + 1; j < e; j++) {
            size_t i = ord[j];
            if (times[i] > times[last] || (times[i] == times[last] && groups[i] > groups[last]))
                last = i;
        }
        if (groups[last] >= 0)
            csat__kpi_add_customer(times, amounts, ord, b, e, t1, t2, lost_after, tier_bounds,
                                   n_bounds, &acc[groups[last]], NULL);
        csat__kpi_add_customer(times, amounts, ord, b, e, t1, t2, lost_after, tier_bounds,
                               n_bounds, &all, NULL);
    }
    csat__free(&a, ord);
    if (!isfinite(all.r.revenue)) {
        csat__free(&a, acc);
        return csat__err(err, CSAT_EDOM, "amounts", CSAT_NO_ROW,
                         "amounts sum past the largest double");
    }
    for (size_t g = 0; g < n_groups; g++) {
        csat__kpi_finish(&acc[g]);
        by_group[g] = acc[g].r;
    }
    csat__kpi_finish(&all);
    if (overall)
        *overall = all.r;
    csat__free(&a, acc);
    return CSAT_OK;
}

static double field(const csat_kpi_report *r, size_t f)
{
    double v;
    memcpy(&v, (const char *)r + f * sizeof(double), sizeof v);
    return v;
}

csat_status csat_kpi_scorecard(const csat_kpi_report *reports, size_t n_groups,
                               const csat_kpi_report *weights, double *scores, csat_error *err)
{
    double scale[KPI_N_FIELDS];
    csat__err_clear(err);
    if (!reports)
        return csat__err_null(err, "reports");
    if (!weights)
        return csat__err_null(err, "weights");
    if (!scores)
        return csat__err_null(err, "scores");
    if (n_groups == 0)
        return csat__err(err, CSAT_EEMPTY, "n_groups", CSAT_NO_ROW, "n_groups is 0");
    if (!csat__array_bytes_ok(n_groups, 1, sizeof(csat_kpi_report)))
        return csat__err_size(err, "n_groups", n_groups);
    for (size_t f = 0; f < KPI_N_FIELDS; f++) {
        if (!isfinite(field(weights, f)))
            return csat__err(err, CSAT_EINVAL, "weights", f, "weight %zu = %g is not finite", f,
                             field(weights, f));
        scale[f] = 0.0;
    }
    for (size_t g = 0; g < n_groups; g++)
        for (size_t f = 0; f < KPI_N_FIELDS; f++) {
            double v = field(&reports[g], f);
            if (!isfinite(v))
                return csat__err(err, CSAT_EINVAL, "reports", g,
                                 "reports[%zu] field %zu = %g is not finite", g, f, v);
            scale[f] = fabs(v) > scale[f] ? fabs(v) : scale[f];
        }
    for (size_t g = 0; g < n_groups; g++) {
        double s = 0.0;
        for (size_t f = 0; f < KPI_N_FIELDS; f++)
            if (scale[f] > 0.0)
                s += field(weights, f) * (field(&reports[g], f) / scale[f]);
        scores[g] = s;
    }
    return CSAT_OK;
}
