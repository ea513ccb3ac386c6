/*
 * Profitability from transactions with costs (issue 17 §2; docs/theory/
 * profitability.rst): per-customer revenue, cost, profit, margin and
 * historical CLV; average profitability per tier; the whale curve; profit
 * by tenure. The _customers forms read the columns from a store.
 */
#include "core/internal.h"
#include "core/sort.h"
#include "retention/transactions.h"

#include <math.h>
#include <string.h>


csat_status csat_profit_options_init(csat_profit_options *opts, unsigned int version)
{
    const csat_profit_options def = CSAT_PROFIT_OPTIONS_INIT;
    if (!opts)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_PROFIT_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

static csat_status check_options(const csat_profit_options *o, csat_error *err)
{
    csat_status st = csat__check_version(err, o->version, CSAT_PROFIT_OPTIONS_VERSION);
    if (st != CSAT_OK)
        return st;
    if (isnan(o->t1) || isnan(o->t2) || !(o->t1 < o->t2))
        return csat__err(err, CSAT_EINVAL, "opts->t1", CSAT_NO_ROW,
                         "the window (opts->t1, opts->t2] = (%g, %g] is not a window", o->t1, o->t2);
    if (!(isfinite(o->discount) && o->discount >= 0.0))
        return csat__err(err, CSAT_EINVAL, "opts->discount", CSAT_NO_ROW,
                         "opts->discount = %g is not finite and >= 0", o->discount);
    if (!(isfinite(o->period) && o->period > 0.0))
        return csat__err(err, CSAT_EINVAL, "opts->period", CSAT_NO_ROW,
                         "opts->period = %g is not finite and > 0", o->period);
    if (isinf(o->reference))
        return csat__err(err, CSAT_EINVAL, "opts->reference", CSAT_NO_ROW,
                         "opts->reference = %g is infinite (NaN: each customer's acquisition)",
                         o->reference);
    return CSAT_OK;
}

/* (1 + d)^(dt / period) */
static double growth(double d, double dt, double period)
{
    return d == 0.0 ? 1.0 : exp(log1p(d) * (dt / period));
}

csat_status csat_customer_profit(const uint64_t *ids, const double *times, const double *amounts,
                                 const double *costs, size_t n, const uint64_t *acq_ids,
                                 const double *acq_costs, size_t n_acq,
                                 const csat_profit_options *opts, uint64_t *out_ids, double *revenue,
                                 double *cost, double *profit, double *margin, double *hclv,
                                 size_t cap, size_t *n_customers, const csat_allocator *alloc,
                                 csat_error *err)
{
    const csat_profit_options def = CSAT_PROFIT_OPTIONS_INIT;
    csat_allocator a;
    size_t *ord = NULL, *aord = NULL, b = 0, e = 0, m = 0, k = 0;
    double *res = NULL;
    csat_status st;
    csat__err_clear(err);
    if (!opts)
        opts = &def;
    if ((st = check_options(opts, err)) != CSAT_OK)
        return st;
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW, "alloc lacks malloc_fn or free_fn");
    if (!n_customers)
        return csat__err_null(err, "n_customers");
    if (!csat__array_bytes_ok(cap, 1, sizeof(double)))
        return csat__err_size(err, "cap", cap);
    if (!csat__array_bytes_ok(n_acq, 1, sizeof(double)))
        return csat__err_size(err, "n_acq", n_acq);
    if ((st = csat__txn_check(ids, times, amounts, n, err)) != CSAT_OK)
        return st;
    if (costs && (st = csat__check_nonneg(err, "costs", costs, n)) != CSAT_OK)
        return st;
    if (n_acq > 0) {
        if (!acq_ids)
            return csat__err_null(err, "acq_ids");
        if (!acq_costs)
            return csat__err_null(err, "acq_costs");
        if ((st = csat__check_nonneg(err, "acq_costs", acq_costs, n_acq)) != CSAT_OK)
            return st;
    }
    ord = csat__malloc_array(&a, n, sizeof *ord);
    aord = n_acq ? csat__malloc_array(&a, n_acq, sizeof *aord) : NULL;
    st = ord && (aord || !n_acq) ? csat__order_u64(ids, n, ord, &a) : CSAT_ENOMEM;
    if (st == CSAT_OK && n_acq)
        st = csat__order_u64(acq_ids, n_acq, aord, &a);
    /* count the customers, then 5 results each */
    while (st == CSAT_OK && csat__txn_next_group(ids, ord, n, &b, &e))
        m++;
    if (st == CSAT_OK && cap >= m) {
        res = csat__malloc_array(&a, m, 5 * sizeof *res);
        st = res ? CSAT_OK : CSAT_ENOMEM;
    }
    if (st != CSAT_OK) {
        csat__free(&a, ord);
        csat__free(&a, aord);
        return csat__err(err, st, NULL, CSAT_NO_ROW, "%s ordering the transactions by id",
                         csat_strerror(st));
    }
    *n_customers = m;
    if (cap < m) {
        csat__free(&a, ord);
        csat__free(&a, aord);
        return csat__err(err, CSAT_EBUFSIZE, "cap", CSAT_NO_ROW, "cap = %zu is below the %zu customers",
                         cap, m);
    }
    b = e = 0;
    for (size_t c = 0; csat__txn_next_group(ids, ord, n, &b, &e); c++) {
        const uint64_t id = ids[ord[b]];
        double rev = 0.0, co = 0.0, first = times[ord[b]], acq = 0.0, ref, h = 0.0;
        for (size_t j = b; j < e; j++)
            first = times[ord[j]] < first ? times[ord[j]] : first;
        while (k < n_acq && acq_ids[aord[k]] < id)
            k++;
        while (k < n_acq && acq_ids[aord[k]] == id) /* stable order: the last entry wins */
            acq = acq_costs[aord[k++]];
        ref = isnan(opts->reference) ? first : opts->reference;
        for (size_t j = b; j < e; j++) {
            const size_t i = ord[j];
            const double am = amounts ? amounts[i] : 0.0, cs = costs ? costs[i] : 0.0;
            if (times[i] > opts->t1 && times[i] <= opts->t2) {
                rev += am;
                co += cs;
            }
            if (times[i] <= opts->t2)
                h += (am - cs) * growth(opts->discount, ref - times[i], opts->period);
        }
        if (first <= opts->t2)
            h -= acq * growth(opts->discount, ref - first, opts->period);
        else
            h = 0.0;
        res[5 * c] = rev;
        res[5 * c + 1] = co;
        res[5 * c + 2] = rev - co;
        res[5 * c + 3] = rev > 0.0 ? (rev - co) / rev : 0.0;
        res[5 * c + 4] = h;
        if (!isfinite(rev) || !isfinite(co) || !isfinite(rev - co) || !isfinite(h)
            || !isfinite(res[5 * c + 3])) {
            csat__free(&a, ord);
            csat__free(&a, aord);
            csat__free(&a, res);
            return csat__err(err, CSAT_EDOM, "amounts", CSAT_NO_ROW,
                             "customer %llu: a sum or a discount factor overflows a double",
                             (unsigned long long)id);
        }
    }
    b = e = 0;
    for (size_t c = 0; csat__txn_next_group(ids, ord, n, &b, &e); c++) {
        if (out_ids)
            out_ids[c] = ids[ord[b]];
        if (revenue)
            revenue[c] = res[5 * c];
        if (cost)
            cost[c] = res[5 * c + 1];
        if (profit)
            profit[c] = res[5 * c + 2];
        if (margin)
            margin[c] = res[5 * c + 3];
        if (hclv)
            hclv[c] = res[5 * c + 4];
    }
    csat__free(&a, ord);
    csat__free(&a, aord);
    csat__free(&a, res);
    return CSAT_OK;
}

csat_status csat_profit_tiers(const double *revenue, const double *profit, const int32_t *tiers,
                              size_t n, size_t n_tiers, csat_tier_profit *out, csat_error *err)
{
    double tot_c = 0.0, tot_r = 0.0, tot_p = 0.0;
    csat_status st;
    csat__err_clear(err);
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no customers");
    if (!revenue)
        return csat__err_null(err, "revenue");
    if (!profit)
        return csat__err_null(err, "profit");
    if (!tiers)
        return csat__err_null(err, "tiers");
    if (!out)
        return csat__err_null(err, "out");
    if (!csat__array_bytes_ok(n, 1, sizeof(double)))
        return csat__err_size(err, "n", n);
    if (n_tiers == 0)
        return csat__err(err, CSAT_EINVAL, "n_tiers", CSAT_NO_ROW, "n_tiers = 0: no tiers");
    if (!csat__array_bytes_ok(n_tiers, 1, sizeof *out))
        return csat__err_size(err, "n_tiers", n_tiers);
    if ((st = csat__check_nonneg(err, "revenue", revenue, n)) != CSAT_OK
        || (st = csat__check_finite(err, "profit", profit, n)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if (tiers[i] < -1 || (tiers[i] >= 0 && (uint64_t)tiers[i] >= (uint64_t)n_tiers))
            return csat__err(err, CSAT_EINVAL, "tiers", i,
                             "tiers[%zu] = %ld is neither -1 nor in [0, n_tiers = %zu)", i,
                             (long)tiers[i], n_tiers);
    /* Two passes: totals (and the check that everything is finite), then
     * each tier; nothing written before both succeed. */
    for (size_t i = 0; i < n; i++)
        if (tiers[i] >= 0) {
            tot_c += 1.0;
            tot_r += revenue[i];
            tot_p += profit[i];
        }
    if (tot_c == 0.0)
        return csat__err(err, CSAT_EEMPTY, "tiers", CSAT_NO_ROW, "every customer is left out (-1)");
    if (!isfinite(tot_r) || !isfinite(tot_p))
        return csat__err(err, CSAT_EDOM, "revenue", CSAT_NO_ROW, "the revenue or profit sum overflows");
    for (size_t t = 0; t < n_tiers; t++) {
        double c = 0.0, r = 0.0, p = 0.0;
        for (size_t i = 0; i < n; i++)
            if (tiers[i] == (int32_t)t) {
                c += 1.0;
                r += revenue[i];
                p += profit[i];
            }
        if (!isfinite(r - p))
            return csat__err(err, CSAT_EDOM, "profit", CSAT_NO_ROW, "tier %zu: revenue - profit overflows", t);
    }
    for (size_t t = 0; t < n_tiers; t++) {
        csat_tier_profit row;
        double c = 0.0, r = 0.0, p = 0.0;
        for (size_t i = 0; i < n; i++)
            if (tiers[i] == (int32_t)t) {
                c += 1.0;
                r += revenue[i];
                p += profit[i];
            }
        row.customers = c;
        row.revenue = r;
        row.profit = p;
        row.cost = r - p;
        row.share_customers = c / tot_c;
        row.share_revenue = tot_r > 0.0 ? r / tot_r : 0.0;
        row.share_profit = tot_p != 0.0 ? p / tot_p : 0.0;
        row.mean_revenue = c > 0.0 ? r / c : 0.0;
        row.mean_profit = c > 0.0 ? p / c : 0.0;
        row.margin = r > 0.0 ? p / r : 0.0;
        if (!isfinite(row.share_profit))
            row.share_profit = 0.0; /* a total of denormal size: no meaningful share */
        out[t] = row;
    }
    return CSAT_OK;
}

csat_status csat_profit_whale(const double *profit, size_t n, double *curve, size_t *order,
                              size_t *n_profitable, double *peak, const csat_allocator *alloc,
                              csat_error *err)
{
    csat_allocator a;
    size_t *ord, np = 0;
    double total = 0.0, run = 0.0, *cum;
    csat_status st;
    csat__err_clear(err);
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW, "alloc lacks malloc_fn or free_fn");
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no customers");
    if (!profit)
        return csat__err_null(err, "profit");
    if (!curve)
        return csat__err_null(err, "curve");
    if (n == SIZE_MAX || !csat__array_bytes_ok(n + 1, 1, sizeof(double)))
        return csat__err_size(err, "n", n);
    if ((st = csat__check_finite(err, "profit", profit, n)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        total += profit[i];
        np += profit[i] > 0.0;
    }
    if (!isfinite(total))
        return csat__err(err, CSAT_EDOM, "profit", CSAT_NO_ROW, "the total profit overflows");
    if (!(total > 0.0))
        return csat__err(err, CSAT_EDOM, "profit", CSAT_NO_ROW,
                         "the total profit %g is not > 0: the whale curve is not defined", total);
    ord = csat__malloc_array(&a, n, sizeof *ord);
    cum = ord ? csat__malloc_array(&a, n, sizeof *cum) : NULL;
    st = cum ? csat__order_doubles(profit, n, ord, &a) : CSAT_ENOMEM;
    if (st != CSAT_OK) {
        csat__free(&a, ord);
        csat__free(&a, cum);
        return csat__err(err, st, NULL, CSAT_NO_ROW, "%s ranking the customers", csat_strerror(st));
    }
    /* ascending order -> descending, ties kept in input order: reverse
     * each run of equal profits back */
    for (size_t lo = 0, hi = n - 1; lo < hi; lo++, hi--) {
        size_t t = ord[lo];
        ord[lo] = ord[hi];
        ord[hi] = t;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && profit[ord[j + 1]] == profit[ord[i]])
            j++;
        for (size_t lo = i, hi = j; lo < hi; lo++, hi--) {
            size_t t = ord[lo];
            ord[lo] = ord[hi];
            ord[hi] = t;
        }
        i = j + 1;
    }
    for (size_t k = 0; k < n; k++) {
        run += profit[ord[k]];
        cum[k] = run / total;
        if (!isfinite(cum[k])) {
            csat__free(&a, ord);
            csat__free(&a, cum);
            return csat__err(err, CSAT_EDOM, "profit", CSAT_NO_ROW, "a cumulative profit overflows");
        }
    }
    curve[0] = 0.0;
    for (size_t k = 0; k < n; k++)
        curve[k + 1] = cum[k];
    curve[n] = 1.0; /* exactly, whatever the rounding of the running sum */
    if (np == n) /* no unprofitable tail: 1 is also the peak, so no earlier point may round above it */
        for (size_t k = 1; k < n; k++)
            curve[k] = fmin(curve[k], 1.0);
    if (order)
        memcpy(order, ord, n * sizeof *ord);
    if (n_profitable)
        *n_profitable = np;
    if (peak)
        *peak = curve[np];
    csat__free(&a, ord);
    csat__free(&a, cum);
    return CSAT_OK;
}

csat_status csat_profit_by_tenure(const uint64_t *ids, const double *times, const double *amounts,
                                  const double *costs, size_t n, const csat_cohort_options *opts,
                                  size_t n_cohorts, size_t n_offsets, double *cohort_size,
                                  double *profit, double *mean_profit, double *active, double *pooled,
                                  size_t *n_periods, const csat_allocator *alloc, csat_error *err)
{
    csat__cohort_grid g;
    double *act, *pro, *size, *pool;
    size_t np;
    csat_status st;
    st = csat__cohort_grid_build(&g, ids, times, amounts, costs, n, opts, n_cohorts, n_offsets,
                                 n_offsets, n_periods, alloc, "tenure table", err);
    if (st != CSAT_OK)
        return st;
    np = g.np;
    act = g.act;
    pro = g.val;
    size = g.size;
    pool = g.extra;
    for (size_t k = 0; k < n_offsets && st == CSAT_OK; k++) {
        double ps = 0.0, ns = 0.0;
        for (size_t c = 0; c + k < np; c++) {
            ps += pro[c * n_offsets + k];
            ns += size[c];
        }
        pool[k] = ns > 0.0 ? ps / ns : 0.0;
        if (!isfinite(ps) || !isfinite(pool[k]))
            st = CSAT_EDOM;
    }
    for (size_t c = 0; c < n_cohorts && st == CSAT_OK; c++)
        for (size_t k = 0; k < n_offsets && st == CSAT_OK; k++)
            if (!isfinite(pro[c * n_offsets + k]))
                st = CSAT_EDOM;
    if (st != CSAT_OK) {
        csat__free(&g.a, act);
        return csat__err(err, st, "amounts", CSAT_NO_ROW, "a profit sum overflows a double");
    }
    for (size_t c = 0; c < n_cohorts; c++) {
        if (cohort_size)
            cohort_size[c] = size[c];
        for (size_t k = 0; k < n_offsets; k++) {
            const size_t cell = c * n_offsets + k;
            if (profit)
                profit[cell] = pro[cell];
            if (active)
                active[cell] = act[cell];
            if (mean_profit)
                mean_profit[cell] = size[c] > 0.0 ? pro[cell] / size[c] : 0.0;
        }
    }
    if (pooled)
        memcpy(pooled, pool, n_offsets * sizeof *pool);
    if (n_periods)
        *n_periods = np;
    csat__free(&g.a, act);
    return CSAT_OK;
}

/* ---- store forms ----------------------------------------------------------- */

/* The store's rows (ids, times, amounts, costs; costs NULL without a cost
 * column) and acquisition costs, in blocks freed by gather_free. */
typedef struct gathered {
    uint64_t *ids, *acq_ids;
    double *times, *amounts, *costs, *acq;
    size_t n, n_acq;
} gathered;

static void gather_free(const csat_allocator *a, gathered *g)
{
    csat__free(a, g->ids);
    csat__free(a, g->times);
    csat__free(a, g->acq_ids);
    csat__free(a, g->acq);
}

static csat_status gather(const csat_customers *c, const csat_allocator *a, int with_acq, gathered *g)
{
    size_t n = 0, na = 0;
    unsigned cols = 0;
    csat_status st;
    memset(g, 0, sizeof *g);
    if ((st = csat_customers_count(c, NULL, &n)) != CSAT_OK || (st = csat_customers_columns(c, &cols)) != CSAT_OK)
        return st;
    if (n == 0)
        return CSAT_EEMPTY;
    g->ids = csat__malloc_array(a, n, sizeof *g->ids);
    g->times = csat__malloc_array(a, n, 3 * sizeof *g->times);
    if (!g->ids || !g->times) {
        gather_free(a, g);
        return CSAT_ENOMEM;
    }
    g->amounts = g->times + n;
    g->costs = (cols & CSAT_CUSTOMERS_COSTS) ? g->amounts + n : NULL;
    st = csat_customers_rows(c, g->ids, g->times, g->amounts, g->costs, NULL, NULL, n, &g->n);
    if (st == CSAT_OK && with_acq && (cols & CSAT_CUSTOMERS_ACQUISITION_COSTS)) {
        (void)csat_customers_attribute_ids(c, NULL, 0, &na);
        g->acq_ids = csat__malloc_array(a, na, sizeof *g->acq_ids);
        g->acq = csat__malloc_array(a, na, sizeof *g->acq);
        if (!g->acq_ids || !g->acq)
            st = CSAT_ENOMEM;
        if (st == CSAT_OK)
            st = csat_customers_attribute_ids(c, g->acq_ids, na, &g->n_acq);
        if (st == CSAT_OK)
            st = csat_customers_attributes(c, g->acq_ids, na, NULL, g->acq);
    }
    if (st != CSAT_OK)
        gather_free(a, g);
    return st;
}

csat_status csat_customer_profit_customers(const csat_customers *c, const csat_profit_options *opts,
                                           uint64_t *out_ids, double *revenue, double *cost,
                                           double *profit, double *margin, double *hclv, size_t cap,
                                           size_t *n_customers, const csat_allocator *alloc)
{
    csat_allocator a;
    gathered g;
    csat_status st;
    if (!c || !n_customers || csat__allocator_resolve(&a, alloc) != CSAT_OK
        || !csat__array_bytes_ok(cap, 1, sizeof(double)))
        return CSAT_EINVAL;
    if ((st = gather(c, &a, 1, &g)) != CSAT_OK)
        return st;
    st = csat_customer_profit(g.ids, g.times, g.amounts, g.costs, g.n, g.acq_ids, g.acq, g.n_acq, opts,
                              out_ids, revenue, cost, profit, margin, hclv, cap, n_customers, &a, NULL);
    gather_free(&a, &g);
    return st;
}

/* Every customer's revenue and profit from the store (ids ascending): one
 * block of 2 m doubles (profit second), m = *m. */
static csat_status store_profit(const csat_customers *c, const csat_profit_options *opts,
                                const csat_allocator *a, double **rp, size_t *m)
{
    size_t nc = 0;
    csat_status st = csat_customers_count(c, &nc, NULL);
    double *r;
    if (st != CSAT_OK)
        return st;
    if (nc == 0)
        return CSAT_EEMPTY;
    r = csat__malloc_array(a, nc, 2 * sizeof *r);
    if (!r)
        return CSAT_ENOMEM;
    st = csat_customer_profit_customers(c, opts, NULL, r, NULL, r + nc, NULL, NULL, nc, m, a);
    if (st != CSAT_OK) {
        csat__free(a, r);
        return st;
    }
    *rp = r;
    return CSAT_OK;
}

csat_status csat_profit_tiers_customers(const csat_customers *c, const csat_profit_options *opts,
                                        const int32_t *tiers, size_t n_customers, size_t n_tiers,
                                        csat_tier_profit *out, const csat_allocator *alloc)
{
    csat_allocator a;
    double *r = NULL;
    int32_t *g = NULL;
    uint64_t *ids = NULL;
    size_t m = 0;
    csat_status st;
    if (!c || csat__allocator_resolve(&a, alloc) != CSAT_OK || !csat__array_bytes_ok(n_customers, 1, sizeof(double)))
        return CSAT_EINVAL;
    if ((st = store_profit(c, opts, &a, &r, &m)) != CSAT_OK)
        return st;
    if (tiers && n_customers != m) {
        csat__free(&a, r);
        return CSAT_EINVAL;
    }
    if (!tiers) {
        ids = csat__malloc_array(&a, m, sizeof *ids);
        g = csat__malloc_array(&a, m, sizeof *g);
        st = ids && g ? csat_customers_ids(c, ids, m) : CSAT_ENOMEM;
        if (st == CSAT_OK)
            st = csat_customers_attributes(c, ids, m, g, NULL);
        tiers = g;
    }
    if (st == CSAT_OK)
        st = csat_profit_tiers(r, r + m, tiers, m, n_tiers, out, NULL);
    csat__free(&a, r);
    csat__free(&a, g);
    csat__free(&a, ids);
    return st;
}

csat_status csat_profit_whale_customers(const csat_customers *c, const csat_profit_options *opts,
                                        double *curve, size_t cap, size_t *n_points,
                                        size_t *n_profitable, double *peak, const csat_allocator *alloc)
{
    csat_allocator a;
    double *r = NULL;
    size_t m = 0;
    csat_status st;
    if (!c || !n_points || csat__allocator_resolve(&a, alloc) != CSAT_OK
        || !csat__array_bytes_ok(cap, 1, sizeof(double)))
        return CSAT_EINVAL;
    if ((st = store_profit(c, opts, &a, &r, &m)) != CSAT_OK)
        return st;
    if (cap < m + 1) {
        *n_points = m + 1;
        csat__free(&a, r);
        return CSAT_EBUFSIZE;
    }
    st = csat_profit_whale(r + m, m, curve, NULL, n_profitable, peak, &a, NULL);
    if (st == CSAT_OK)
        *n_points = m + 1;
    csat__free(&a, r);
    return st;
}

csat_status csat_profit_by_tenure_customers(const csat_customers *c, const csat_cohort_options *opts,
                                            size_t n_cohorts, size_t n_offsets, double *cohort_size,
                                            double *profit, double *mean_profit, double *active,
                                            double *pooled, size_t *n_periods,
                                            const csat_allocator *alloc)
{
    csat_allocator a;
    gathered g;
    csat_status st;
    if (!c || csat__allocator_resolve(&a, alloc) != CSAT_OK
        || !csat__array_bytes_ok(n_cohorts, n_offsets, sizeof(double)))
        return CSAT_EINVAL;
    if ((st = gather(c, &a, 0, &g)) != CSAT_OK)
        return st;
    st = csat_profit_by_tenure(g.ids, g.times, g.amounts, g.costs, g.n, opts, n_cohorts, n_offsets,
                               cohort_size, profit, mean_profit, active, pooled, n_periods, &a, NULL);
    gather_free(&a, &g);
    return st;
}
