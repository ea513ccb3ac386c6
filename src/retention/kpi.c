/* CRM KPIs between two dates from raw transactions (docs/theory/retention.rst, 9). */
#include "core/internal.h"
#include "core/sort.h"
#include "retention/kpi_internal.h"
#include "retention/transactions.h"

#include <math.h>
#include <string.h>

static size_t tier_of(double spend, const double *bounds, size_t n_bounds)
{
    size_t t = 0;
    while (t < n_bounds && spend >= bounds[t])
        t++;
    return t;
}

csat_status csat__kpi_check_args(double t1, double t2, double lost_after,
                                 const double *tier_bounds, size_t n_bounds, csat_error *err)
{
    csat_status st;
    if ((st = csat__check_real(err, "t1", t1)) != CSAT_OK
        || (st = csat__check_real(err, "t2", t2)) != CSAT_OK)
        return st;
    if (!(t1 < t2))
        return csat__err(err, CSAT_EINVAL, "t1", CSAT_NO_ROW, "t1 = %g is not before t2 = %g", t1,
                         t2);
    if (!(lost_after > 0.0))
        return csat__err(err, CSAT_EINVAL, "lost_after", CSAT_NO_ROW, "lost_after = %g is not > 0",
                         lost_after);
    if ((st = csat__check_real(err, "lost_after", lost_after)) != CSAT_OK)
        return st;
    if (n_bounds && !tier_bounds)
        return csat__err_null(err, "tier_bounds");
    if (n_bounds > SIZE_MAX / sizeof(double) - 1)
        return csat__err(err, CSAT_EINVAL, "n_bounds", CSAT_NO_ROW,
                         "n_bounds = %zu overflows the address space (ladder holds n_bounds + 1)",
                         n_bounds);
    for (size_t k = 0; k < n_bounds; k++) {
        if (!isfinite(tier_bounds[k]))
            return csat__err(err, CSAT_EINVAL, "tier_bounds", k, "tier_bounds[%zu] = %g is not finite",
                             k, tier_bounds[k]);
        if (k && tier_bounds[k] < tier_bounds[k - 1])
            return csat__err(err, CSAT_EINVAL, "tier_bounds", k,
                             "tier_bounds[%zu] = %g is below tier_bounds[%zu] = %g", k,
                             tier_bounds[k], k - 1, tier_bounds[k - 1]);
    }
    return CSAT_OK;
}

void csat__kpi_add_customer(const double *times, const double *amounts, const size_t *ord,
                            size_t b, size_t e, double t1, double t2, double lost_after,
                            const double *tier_bounds, size_t n_bounds, csat__kpi_acc *acc,
                            double *ladder)
{
    csat_kpi_report *r = &acc->r;
    double first = INFINITY, spend1 = 0.0, spend2 = 0.0;
    int act1 = 0, act2 = 0, buyer = 0;
    for (size_t j = b; j < e; j++) {
        double t = times[ord[j]], m = amounts ? amounts[ord[j]] : 0.0;
        first = t < first ? t : first;
        if (t > t1 - lost_after && t <= t1) {
            act1 = 1;
            spend1 += m;
        }
        if (t > t2 - lost_after && t <= t2) {
            act2 = 1;
            spend2 += m;
        }
        if (t > t1 && t <= t2) {
            buyer = 1;
            r->revenue += m;
        }
    }
    r->start_customers += act1;
    r->end_customers += act2;
    r->new_customers += first > t1 && first <= t2;
    r->buyers += buyer;
    if (act2 && ladder)
        ladder[tier_of(spend2, tier_bounds, n_bounds)] += 1.0;
    if (act1 && act2) {
        size_t k1 = tier_of(spend1, tier_bounds, n_bounds);
        r->retained += 1.0;
        acc->eligible += k1 < n_bounds;
        r->upgraded += tier_of(spend2, tier_bounds, n_bounds) > k1;
    } else if (act1) {
        r->lost += 1.0;
    }
}

void csat__kpi_finish(csat__kpi_acc *acc)
{
    csat_kpi_report *r = &acc->r;
    if (r->start_customers > 0.0) {
        r->retention_rate = r->retained / r->start_customers;
        r->churn_rate = r->lost / r->start_customers;
        r->new_customer_rate = r->new_customers / r->start_customers;
    }
    r->upgrade_rate = acc->eligible > 0.0 ? r->upgraded / acc->eligible : 0.0;
    r->average_profitability = r->buyers > 0.0 ? r->revenue / r->buyers : 0.0;
}

csat_status csat_kpi_between(const uint64_t *ids, const double *times, const double *amounts,
                             size_t n, double t1, double t2, double lost_after,
                             const double *tier_bounds, size_t n_bounds, double *ladder,
                             csat_kpi_report *out, const csat_allocator *alloc, csat_error *err)
{
    csat_allocator a;
    csat__kpi_acc acc;
    double *lad;
    size_t *ord, b = 0, e = 0;
    csat_status st;
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    st = csat__kpi_check_args(t1, t2, lost_after, tier_bounds, n_bounds, err);
    if (st != CSAT_OK)
        return st;
    st = csat__txn_check(ids, times, amounts, n, err);
    if (st != CSAT_OK)
        return st;
    memset(&acc, 0, sizeof acc);
    ord = csat__malloc_array(&a, n, sizeof *ord);
    lad = csat__calloc_array(&a, n_bounds + 1, sizeof *lad);
    st = ord && lad ? csat__order_u64(ids, n, ord, &a) : CSAT_ENOMEM;
    if (st != CSAT_OK) {
        csat__free(&a, ord);
        csat__free(&a, lad);
        return csat__err(err, st, NULL, CSAT_NO_ROW, "%s ordering the transactions by id",
                         csat_strerror(st));
    }
    while (csat__txn_next_group(ids, ord, n, &b, &e))
        csat__kpi_add_customer(times, amounts, ord, b, e, t1, t2, lost_after, tier_bounds,
                               n_bounds, &acc, lad);
    csat__kpi_finish(&acc);
    if (!isfinite(acc.r.revenue)) { /* amounts near DBL_MAX sum past it: nothing written */
        csat__free(&a, ord);
        csat__free(&a, lad);
        return csat__err(err, CSAT_EDOM, "amounts", CSAT_NO_ROW,
                         "amounts sum past the largest double");
    }
    if (ladder)
        for (size_t k = 0; k <= n_bounds; k++)
            ladder[k] = lad[k];
    *out = acc.r;
    csat__free(&a, ord);
    csat__free(&a, lad);
    return CSAT_OK;
}
