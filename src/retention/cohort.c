/* Acquisition-cohort retention tables from raw transactions. */
#include "core/internal.h"
#include "core/sort.h"
#include "retention/transactions.h"

#include <math.h>
#include <string.h>

#define COHORT_MAX_PERIODS 10000000.0

csat_status csat_cohort_options_init(csat_cohort_options *opts, unsigned int version)
{
    const csat_cohort_options def = CSAT_COHORT_OPTIONS_INIT;
    if (!opts)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_COHORT_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

csat_status csat__cohort_grid_build(csat__cohort_grid *g, const uint64_t *ids, const double *times,
                                    const double *amounts, const double *costs, size_t n,
                                    const csat_cohort_options *opts, size_t n_cohorts,
                                    size_t n_offsets, size_t n_extra, size_t *n_periods,
                                    const csat_allocator *alloc, const char *what, csat_error *err)
{
    const csat_cohort_options def = CSAT_COHORT_OPTIONS_INIT;
    double origin, max_p = 0.0, *act;
    size_t cells, np, *ord, *stamp, b = 0, e = 0, cust = 0;
    csat_status st;
    csat__err_clear(err);
    if (!opts)
        opts = &def;
    if ((st = csat__check_version(err, opts->version, CSAT_COHORT_OPTIONS_VERSION)) != CSAT_OK)
        return st;
    if (csat__allocator_resolve(&g->a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if (!(opts->period > 0.0) || !isfinite(opts->period))
        return csat__err(err, CSAT_EINVAL, "opts->period", CSAT_NO_ROW,
                         "opts->period = %g is not finite and > 0", opts->period);
    if (n_offsets == 0)
        return csat__err(err, CSAT_EINVAL, "n_offsets", CSAT_NO_ROW, "n_offsets = 0: no columns");
    if (!csat__array_bytes_ok(n_cohorts, n_offsets, sizeof(double))) /* n_offsets >= 1: covers n_cohorts */
        return csat__err(err, CSAT_EINVAL, "n_cohorts", CSAT_NO_ROW,
                         "n_cohorts x n_offsets = %zu x %zu overflows the address space", n_cohorts,
                         n_offsets);
    if ((st = csat__txn_check(ids, times, amounts, n, err)) != CSAT_OK)
        return st;
    if (costs && (st = csat__check_nonneg(err, "costs", costs, n)) != CSAT_OK)
        return st;
    origin = opts->origin;
    if (isnan(origin)) {
        origin = times[0];
        for (size_t i = 1; i < n; i++)
            origin = times[i] < origin ? times[i] : origin;
    }
    if (!isfinite(origin))
        return csat__err(err, CSAT_EINVAL, "opts->origin", CSAT_NO_ROW,
                         "opts->origin = %g is infinite (NaN: the first transaction)", origin);
    for (size_t i = 0; i < n; i++) {
        double p = floor((times[i] - origin) / opts->period);
        if (p < 0.0)
            return csat__err(err, CSAT_EINVAL, "times", i,
                             "times[%zu] = %g is before opts->origin = %g", i, times[i], origin);
        max_p = p > max_p ? p : max_p;
    }
    if (max_p >= COHORT_MAX_PERIODS)
        return csat__err(err, CSAT_EINVAL, "opts->period", CSAT_NO_ROW,
                         "opts->period = %g makes %g periods, more than %g", opts->period,
                         max_p + 1.0, (double)COHORT_MAX_PERIODS);
    np = (size_t)max_p + 1;
    if (n_cohorts < np) {
        if (n_periods)
            *n_periods = np;
        return csat__err(err, CSAT_EBUFSIZE, "n_cohorts", CSAT_NO_ROW,
                         "n_cohorts = %zu is below the %zu periods of the data", n_cohorts, np);
    }
    if (csat__mul_overflow(n_cohorts, n_offsets, &cells) ||
        cells > SIZE_MAX / 4 - n_cohorts - n_extra)
        return csat__err(err, CSAT_EINVAL, "n_cohorts", CSAT_NO_ROW,
                         "n_cohorts x n_offsets = %zu x %zu: the scratch overflows the address space",
                         n_cohorts, n_offsets);
    act = csat__calloc_array(&g->a, 2 * cells + n_cohorts + n_extra, sizeof *act);
    stamp = csat__calloc_array(&g->a, cells, sizeof *stamp);
    ord = csat__malloc_array(&g->a, n, sizeof *ord);
    st = act && stamp && ord ? csat__order_u64(ids, n, ord, &g->a) : CSAT_ENOMEM;
    if (st != CSAT_OK) {
        csat__free(&g->a, act);
        csat__free(&g->a, stamp);
        csat__free(&g->a, ord);
        return csat__err(err, st, NULL, CSAT_NO_ROW, "%s building the %s", csat_strerror(st), what);
    }
    g->origin = origin;
    g->np = np;
    g->cells = cells;
    g->act = act;
    g->val = act + cells;
    g->size = g->val + cells;
    g->extra = g->size + n_cohorts;
    while (csat__txn_next_group(ids, ord, n, &b, &e)) {
        size_t fp = SIZE_MAX;
        cust++;
        for (size_t j = b; j < e; j++) {
            size_t p = (size_t)floor((times[ord[j]] - origin) / opts->period);
            fp = p < fp ? p : fp;
        }
        g->size[fp] += 1.0;
        for (size_t j = b; j < e; j++) {
            const size_t i = ord[j];
            size_t k = (size_t)floor((times[i] - origin) / opts->period) - fp;
            size_t cell = fp * n_offsets + k;
            if (k >= n_offsets)
                continue;
            if (stamp[cell] != cust) { /* count each customer once per period */
                stamp[cell] = cust;
                act[cell] += 1.0;
            }
            g->val[cell] += (amounts ? amounts[i] : 0.0) - (costs ? costs[i] : 0.0);
        }
    }
    csat__free(&g->a, stamp);
    csat__free(&g->a, ord);
    return CSAT_OK;
}

csat_status csat_cohort_table(const uint64_t *ids, const double *times, const double *amounts,
                              size_t n, const csat_cohort_options *opts, size_t n_cohorts,
                              size_t n_offsets, double *cohort_start, double *cohort_size,
                              double *active, double *revenue, double *retention,
                              double *revenue_retention, size_t *n_periods,
                              const csat_allocator *alloc, csat_error *err)
{
    const csat_cohort_options def = CSAT_COHORT_OPTIONS_INIT;
    csat__cohort_grid g;
    double origin, *act, *rev, *size;
    csat_status st;
    st = csat__cohort_grid_build(&g, ids, times, amounts, NULL, n, opts, n_cohorts, n_offsets, 0,
                                 n_periods, alloc, "cohort table", err);
    if (st != CSAT_OK)
        return st;
    if (!opts)
        opts = &def;
    origin = g.origin;
    act = g.act;
    rev = g.val;
    size = g.size;
    /* every output a double, or CSAT_EDOM with nothing written: amounts
     * near DBL_MAX sum past it, a revenue ratio can overflow, and so can
     * the start of a cohort beyond the data with a huge period */
    for (size_t c = 0; c < n_cohorts && st == CSAT_OK; c++) {
        if (cohort_start && !isfinite(origin + (double)c * opts->period))
            st = CSAT_EDOM;
        for (size_t k = 0; k < n_offsets && st == CSAT_OK; k++) {
            const double r = rev[c * n_offsets + k];
            if (!isfinite(r) || (revenue_retention && rev[c * n_offsets] > 0.0 &&
                                 !isfinite(r / rev[c * n_offsets])))
                st = CSAT_EDOM;
        }
    }
    if (st != CSAT_OK) {
        csat__free(&g.a, act);
        return csat__err(err, st, "amounts", CSAT_NO_ROW,
                         "a revenue, revenue ratio or cohort start overflows a double (amounts or "
                         "opts->period too large)");
    }
    for (size_t c = 0; c < n_cohorts; c++) {
        if (cohort_start)
            cohort_start[c] = origin + (double)c * opts->period;
        if (cohort_size)
            cohort_size[c] = size[c];
        for (size_t k = 0; k < n_offsets; k++) {
            size_t cell = c * n_offsets + k;
            if (active)
                active[cell] = act[cell];
            if (revenue)
                revenue[cell] = rev[cell];
            if (retention)
                retention[cell] = size[c] > 0.0 ? act[cell] / size[c] : 0.0;
            if (revenue_retention)
                revenue_retention[cell] = rev[c * n_offsets] > 0.0 ? rev[cell] / rev[c * n_offsets]
                                                                   : 0.0;
        }
    }
    if (n_periods)
        *n_periods = g.np;
    csat__free(&g.a, act);
    return CSAT_OK;
}
