/* Cross-selling from raw transactions: distinct categories per customer, the
 * share buying two or more, and category x category "bought together" (same
 * period) and "bought next" (next purchase period) counts
 * (docs/theory/loyalty_economics.rst, 25.3). */
#include "core/internal.h"
#include "core/sort.h"
#include "retention/kpi_internal.h"
#include "retention/transactions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct pc {
    double p;  /* period */
    int32_t c; /* category */
} pc;

static int cmp_pc(const void *x, const void *y)
{
    const pc *a = x, *b = y;
    if (a->p != b->p)
        return (a->p > b->p) - (a->p < b->p);
    return (a->c > b->c) - (a->c < b->c);
}

csat_status csat_cross_sell(const uint64_t *ids, const double *times, const int32_t *categories,
                            size_t n, size_t n_categories, double period,
                            csat_cross_sell_summary *summary, double *together, double *next,
                            const csat_allocator *alloc, csat_error *err)
{
    csat_allocator a;
    csat_cross_sell_summary s;
    size_t *ord, b = 0, e = 0, nn;
    pc *buf;
    unsigned char *seen;
    double *tog = NULL, *nxt = NULL, tmin = INFINITY, tmax = -INFINITY, cats_sum = 0.0;
    csat_status st;
    csat__err_clear(err);
    if (!summary)
        return csat__err_null(err, "summary");
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if (n_categories == 0)
        return csat__err(err, CSAT_EINVAL, "n_categories", CSAT_NO_ROW, "n_categories is 0");
    if (!csat__array_bytes_ok(n_categories, n_categories, sizeof(double)))
        return csat__err_size(err, "n_categories", n_categories);
    if (!(period > 0.0) || !isfinite(period))
        return csat__err(err, CSAT_EINVAL, "period", CSAT_NO_ROW,
                         "period = %g is not finite and > 0", period);
    st = csat__txn_check(ids, times, NULL, n, err);
    if (st != CSAT_OK)
        return st;
    st = csat__check_codes(categories, n, n_categories, "categories", err);
    if (st != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        tmin = times[i] < tmin ? times[i] : tmin;
        tmax = times[i] > tmax ? times[i] : tmax;
    }
    if (!((tmax - tmin) / period <= 1e15))
        return csat__err(err, CSAT_EDOM, "period", CSAT_NO_ROW,
                         "the times span more than 1e15 periods of %g", period);
    nn = n_categories * n_categories;
    ord = csat__malloc_array(&a, n, sizeof *ord);
    buf = csat__malloc_array(&a, n, sizeof *buf);
    seen = csat__calloc_array(&a, n_categories, 1);
    if (together || next) {
        tog = csat__calloc_array(&a, nn, sizeof *tog);
        nxt = csat__calloc_array(&a, nn, sizeof *nxt);
    }
    st = ord && buf && seen && ((tog && nxt) || !(together || next))
             ? csat__order_u64(ids, n, ord, &a)
             : CSAT_ENOMEM;
    if (st != CSAT_OK) {
        csat__free(&a, ord), csat__free(&a, buf), csat__free(&a, seen);
        csat__free(&a, tog), csat__free(&a, nxt);
        return csat__err(err, st, NULL, CSAT_NO_ROW, "%s ordering the transactions by id",
                         csat_strerror(st));
    }
    memset(&s, 0, sizeof s);
    while (csat__txn_next_group(ids, ord, n, &b, &e)) {
        size_t m = 0, k = 0, distinct = 0, prev_b = 0, prev_e = 0;
        for (size_t j = b; j < e; j++) {
            int32_t c = categories[ord[j]];
            if (c >= 0) {
                buf[m].p = floor((times[ord[j]] - tmin) / period);
                buf[m++].c = c;
            }
        }
        s.customers += 1.0;
        if (!m)
            continue;
        qsort(buf, m, sizeof *buf, cmp_pc);
        for (size_t j = 0; j < m; j++) /* distinct (period, category) pairs */
            if (!k || buf[j].p != buf[k - 1].p || buf[j].c != buf[k - 1].c)
                buf[k++] = buf[j];
        for (size_t j = 0; j < k; j++)
            if (!seen[buf[j].c]) {
                seen[buf[j].c] = 1;
                distinct++;
            }
        for (size_t j = 0; j < k; j++)
            seen[buf[j].c] = 0;
        s.buyers += 1.0;
        cats_sum += (double)distinct;
        s.multi_category += distinct >= 2;
        if (!tog)
            continue;
        for (size_t bs = 0; bs < k;) { /* baskets: runs of one period */
            size_t be = bs;
            while (be < k && buf[be].p == buf[bs].p)
                be++;
            for (size_t x = bs; x < be; x++)
                for (size_t y = bs; y < be; y++)
                    tog[(size_t)buf[x].c * n_categories + (size_t)buf[y].c] += 1.0;
            if (prev_e > prev_b)
                for (size_t x = prev_b; x < prev_e; x++)
                    for (size_t y = bs; y < be; y++)
                        nxt[(size_t)buf[x].c * n_categories + (size_t)buf[y].c] += 1.0;
            prev_b = bs;
            prev_e = be;
            bs = be;
        }
    }
    if (s.buyers > 0.0) {
        s.mean_categories = cats_sum / s.buyers;
        s.multi_category_share = s.multi_category / s.buyers;
    }
    *summary = s;
    if (together)
        memcpy(together, tog, nn * sizeof *tog);
    if (next)
        memcpy(next, nxt, nn * sizeof *nxt);
    csat__free(&a, ord), csat__free(&a, buf), csat__free(&a, seen);
    csat__free(&a, tog), csat__free(&a, nxt);
    return CSAT_OK;
}

csat_status csat_share_of_wallet(const double *spend, const double *category_spend, size_t n,
                                 double *share, double *overall, csat_error *err)
{
    double s_sum = 0.0, c_sum = 0.0;
    csat_status st;
    csat__err_clear(err);
    if (!spend)
        return csat__err_null(err, "spend");
    if (!category_spend)
        return csat__err_null(err, "category_spend");
    if (!share)
        return csat__err_null(err, "share");
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "no customers (n = 0)");
    if (!csat__array_bytes_ok(n, 1, sizeof(double)))
        return csat__err_size(err, "n", n);
    if ((st = csat__check_nonneg(err, "spend", spend, n)) != CSAT_OK
        || (st = csat__check_nonneg(err, "category_spend", category_spend, n)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (spend[i] > category_spend[i])
            return csat__err(err, CSAT_EINVAL, "spend", i,
                             "spend[%zu] = %g is above category_spend[%zu] = %g", i, spend[i], i,
                             category_spend[i]);
        s_sum += spend[i];
        c_sum += category_spend[i];
    }
    if (!isfinite(c_sum))
        return csat__err(err, CSAT_EDOM, "category_spend", CSAT_NO_ROW,
                         "the total category spend overflows the double range");
    for (size_t i = 0; i < n; i++)
        share[i] = category_spend[i] > 0.0 ? spend[i] / category_spend[i] : 0.0;
    if (overall)
        *overall = c_sum > 0.0 ? s_sum / c_sum : 0.0;
    return CSAT_OK;
}
