/* Repeat buying from raw transactions: the repeat-purchase rate overall, per
 * group and per acquisition cohort, and inter-purchase times
 * (docs/theory/loyalty_economics.rst, 25.2 and 17.3). */
#include "core/internal.h"
#include "core/sort.h"
#include "retention/kpi_internal.h"
#include "retention/transactions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static csat_status check_period(double x, const char *name, csat_error *err)
{
    if (!(x > 0.0) || !isfinite(x))
        return csat__err(err, CSAT_EINVAL, name, CSAT_NO_ROW, "%s = %g is not finite and > 0",
                         name, x);
    return CSAT_OK;
}

/* Period index of t (floor((t - t0) / period)), as a double (may exceed any integer type). */
static double period_of(double t, double t0, double period)
{
    return floor((t - t0) / period);
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Earliest time (into *tmin); CSAT_EDOM when the times span more than
 * CSAT__MAX_PERIODS periods (beyond, period numbers lose integer precision). */
#define CSAT__MAX_PERIODS 1e15
static csat_status span_check(const double *times, size_t n, double period, double *tmin,
                              csat_error *err)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        lo = times[i] < lo ? times[i] : lo;
        hi = times[i] > hi ? times[i] : hi;
    }
    if (!((hi - lo) / period <= CSAT__MAX_PERIODS))
        return csat__err(err, CSAT_EDOM, "period", CSAT_NO_ROW,
                         "the times span more than 1e15 periods of %g", period);
    *tmin = lo;
    return CSAT_OK;
}

static void add_rate(csat_repeat_rate *r, int repeat)
{
    r->eligible += 1.0;
    r->repeaters += repeat;
}

static void finish_rate(csat_repeat_rate *r)
{
    r->rate = r->eligible > 0.0 ? r->repeaters / r->eligible : 0.0;
}

csat_status csat_repeat_purchase(const uint64_t *ids, const double *times, const int32_t *groups,
                                 size_t n, size_t n_groups, double period, double window,
                                 double observation_end, size_t n_cohorts,
                                 csat_repeat_rate *overall, csat_repeat_rate *by_group,
                                 csat_repeat_rate *by_cohort, size_t *n_periods,
                                 const csat_allocator *alloc, csat_error *err)
{
    csat_allocator a;
    csat_repeat_rate all = {0, 0, 0}, *grp = NULL, *coh = NULL;
    size_t *ord, b = 0, e = 0, np = 0;
    double tmin = INFINITY, last_first = -1.0;
    csat_status st;
    csat__err_clear(err);
    if (!overall)
        return csat__err_null(err, "overall");
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if (by_group && !csat__array_bytes_ok(n_groups, 1, sizeof(csat_repeat_rate)))
        return csat__err_size(err, "n_groups", n_groups);
    if (by_cohort && !csat__array_bytes_ok(n_cohorts, 1, sizeof(csat_repeat_rate)))
        return csat__err_size(err, "n_cohorts", n_cohorts);
    if ((st = check_period(period, "period", err)) != CSAT_OK
        || (st = check_period(window, "window", err)) != CSAT_OK
        || (st = csat__check_real(err, "observation_end", observation_end)) != CSAT_OK)
        return st;
    st = csat__txn_check(ids, times, NULL, n, err);
    if (st != CSAT_OK)
        return st;
    if (by_group && (st = csat__check_codes(groups, n, n_groups, "groups", err)) != CSAT_OK)
        return st;
    if ((st = span_check(times, n, period, &tmin, err)) != CSAT_OK)
        return st;
    ord = csat__malloc_array(&a, n, sizeof *ord);
    if (by_group)
        grp = csat__calloc_array(&a, n_groups ? n_groups : 1, sizeof *grp);
    if (by_cohort)
        coh = csat__calloc_array(&a, n_cohorts ? n_cohorts : 1, sizeof *coh);
    st = ord && (grp || !by_group) && (coh || !by_cohort) ? csat__order_u64(ids, n, ord, &a)
                                                           : CSAT_ENOMEM;
    if (st != CSAT_OK)
        goto fail;
    /* pass 1: the number of acquisition periods */
    while (csat__txn_next_group(ids, ord, n, &b, &e)) {
        double t0 = INFINITY;
        for (size_t j = b; j < e; j++)
            t0 = times[ord[j]] < t0 ? times[ord[j]] : t0;
        if (t0 <= observation_end) {
            double p = period_of(t0, tmin, period);
            last_first = p > last_first ? p : last_first;
        }
    }
    if (last_first >= 0.0) {
        if (by_cohort && last_first >= (double)n_cohorts) {
            csat__free(&a, ord), csat__free(&a, grp), csat__free(&a, coh);
            if (n_periods)
                *n_periods = last_first >= (double)SIZE_MAX ? SIZE_MAX : (size_t)last_first + 1;
            return csat__err(err, CSAT_EBUFSIZE, "n_cohorts", CSAT_NO_ROW,
                             "n_cohorts = %zu is below the %.0f acquisition periods", n_cohorts,
                             last_first + 1.0);
        }
        np = last_first >= (double)SIZE_MAX ? SIZE_MAX : (size_t)last_first + 1;
    }
    b = e = 0;
    while (csat__txn_next_group(ids, ord, n, &b, &e)) {
        size_t first = ord[b];
        double t0, p0;
        int repeat = 0;
        for (size_t j = b + 1; j < e; j++) {
            size_t i = ord[j];
            if (times[i] < times[first]
                || (times[i] == times[first] && groups && by_group && groups[i] < groups[first]))
                first = i;
        }
        t0 = times[first];
        if (!(t0 <= observation_end - window))
            continue;
        p0 = period_of(t0, tmin, period);
        for (size_t j = b; j < e && !repeat; j++) {
            double t = times[ord[j]];
            repeat = t <= t0 + window && t <= observation_end && period_of(t, tmin, period) > p0;
        }
        add_rate(&all, repeat);
        if (grp && groups[first] >= 0)
            add_rate(&grp[groups[first]], repeat);
        if (coh)
            add_rate(&coh[(size_t)p0], repeat);
    }
    finish_rate(&all);
    *overall = all;
    for (size_t g = 0; grp && g < n_groups; g++) {
        finish_rate(&grp[g]);
        by_group[g] = grp[g];
    }
    for (size_t c = 0; coh && c < n_cohorts; c++) {
        finish_rate(&coh[c]);
        by_cohort[c] = coh[c];
    }
    if (n_periods)
        *n_periods = np;
    csat__free(&a, ord), csat__free(&a, grp), csat__free(&a, coh);
    return CSAT_OK;
fail:
    csat__free(&a, ord), csat__free(&a, grp), csat__free(&a, coh);
    return csat__err(err, st, NULL, CSAT_NO_ROW, "%s ordering the transactions by id",
                     csat_strerror(st));
}

/* The customer's distinct purchase periods, ascending, into per[] (returns the count). */
static size_t periods_of(const double *times, const size_t *ord, size_t b, size_t e, double tmin,
                         double period, double *per)
{
    size_t m = 0;
    for (size_t j = b; j < e; j++)
        per[m++] = period_of(times[ord[j]], tmin, period);
    qsort(per, m, sizeof *per, cmp_double);
    size_t k = 0;
    for (size_t j = 0; j < m; j++)
        if (!k || per[j] != per[k - 1])
            per[k++] = per[j];
    return k;
}

csat_status csat_inter_purchase_times(const uint64_t *ids, const double *times, size_t n,
                                      double period, size_t cap_customers, uint64_t *customer_ids,
                                      double *customer_gaps, double *customer_mean,
                                      double *customer_cv, size_t cap_gaps, double *gaps,
                                      csat_ipt_summary *summary, size_t *n_customers,
                                      size_t *n_gaps, const csat_allocator *alloc,
                                      csat_error *err)
{
    csat_allocator a;
    csat_ipt_summary s;
    size_t *ord, b = 0, e = 0, nc = 0, ng = 0, ncv = 0;
    double *per, *all, tmin = INFINITY, sum = 0.0, cvsum = 0.0;
    int want_cust = customer_ids || customer_gaps || customer_mean || customer_cv;
    csat_status st;
    csat__err_clear(err);
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if (want_cust && !csat__array_bytes_ok(cap_customers, 1, sizeof(double)))
        return csat__err_size(err, "cap_customers", cap_customers);
    if (gaps && !csat__array_bytes_ok(cap_gaps, 1, sizeof(double)))
        return csat__err_size(err, "cap_gaps", cap_gaps);
    if ((st = check_period(period, "period", err)) != CSAT_OK)
        return st;
    st = csat__txn_check(ids, times, NULL, n, err);
    if (st != CSAT_OK)
        return st;
    if ((st = span_check(times, n, period, &tmin, err)) != CSAT_OK)
        return st;
    ord = csat__malloc_array(&a, n, sizeof *ord);
    per = csat__malloc_array(&a, n, sizeof *per);
    all = csat__malloc_array(&a, n, sizeof *all);
    st = ord && per && all ? csat__order_u64(ids, n, ord, &a) : CSAT_ENOMEM;
    if (st != CSAT_OK) {
        csat__free(&a, ord), csat__free(&a, per), csat__free(&a, all);
        return csat__err(err, st, NULL, CSAT_NO_ROW, "%s ordering the transactions by id",
                         csat_strerror(st));
    }
    /* pass 1: counts and every gap (into all, at most n - 1 of them) */
    while (csat__txn_next_group(ids, ord, n, &b, &e)) {
        size_t k = periods_of(times, ord, b, e, tmin, period, per);
        for (size_t j = 1; j < k; j++)
            all[ng++] = per[j] - per[j - 1];
        nc++;
    }
    if ((want_cust && cap_customers < nc) || (gaps && cap_gaps < ng)) {
        csat__free(&a, ord), csat__free(&a, per), csat__free(&a, all);
        if (n_customers)
            *n_customers = nc;
        if (n_gaps)
            *n_gaps = ng;
        return csat__err(err, CSAT_EBUFSIZE, want_cust && cap_customers < nc ? "cap_customers"
                                                                              : "cap_gaps",
                         CSAT_NO_ROW, "%zu customers and %zu gaps do not fit cap_customers = %zu"
                         " and cap_gaps = %zu", nc, ng, cap_customers, cap_gaps);
    }
    memset(&s, 0, sizeof s);
    s.customers = (double)nc;
    s.gaps = (double)ng;
    if (gaps)
        memcpy(gaps, all, ng * sizeof *gaps);
    /* pass 2: per customer */
    b = e = 0;
    nc = 0;
    while (csat__txn_next_group(ids, ord, n, &b, &e)) {
        size_t k = periods_of(times, ord, b, e, tmin, period, per);
        double m = 0.0, ss = 0.0, cv = 0.0;
        for (size_t j = 1; j < k; j++)
            m += per[j] - per[j - 1];
        if (k > 1) {
            m /= (double)(k - 1);
            s.repeat_customers += 1.0;
        }
        if (k > 2) {
            for (size_t j = 1; j < k; j++) {
                double d = per[j] - per[j - 1] - m;
                ss += d * d;
            }
            cv = sqrt(ss / (double)(k - 2)) / m; /* gaps are >= 1, so m >= 1 */
            cvsum += cv;
            ncv++;
        }
        if (customer_ids)
            customer_ids[nc] = ids[ord[b]];
        if (customer_gaps)
            customer_gaps[nc] = k > 1 ? (double)(k - 1) : 0.0;
        if (customer_mean)
            customer_mean[nc] = m;
        if (customer_cv)
            customer_cv[nc] = cv;
        nc++;
    }
    if (ng) {
        double ss = 0.0;
        for (size_t j = 0; j < ng; j++)
            sum += all[j];
        s.mean = sum / (double)ng;
        for (size_t j = 0; j < ng; j++)
            ss += (all[j] - s.mean) * (all[j] - s.mean);
        s.sd = ng > 1 ? sqrt(ss / (double)(ng - 1)) : 0.0;
        s.cv = s.mean > 0.0 ? s.sd / s.mean : 0.0;
        qsort(all, ng, sizeof *all, cmp_double);
        s.median = ng % 2 ? all[ng / 2] : 0.5 * (all[ng / 2 - 1] + all[ng / 2]);
    }
    s.mean_customer_cv = ncv ? cvsum / (double)ncv : 0.0;
    if (summary)
        *summary = s;
    if (n_customers)
        *n_customers = nc;
    if (n_gaps)
        *n_gaps = ng;
    csat__free(&a, ord), csat__free(&a, per), csat__free(&a, all);
    return CSAT_OK;
}

csat_status csat_loyalty_behaviour(const uint64_t *ids, const double *times,
                                   const int32_t *categories, size_t n, size_t n_categories,
                                   double period, double observation_end, size_t cap,
                                   uint64_t *customer_ids, double *repeat, double *intensity,
                                   double *variety, size_t *n_customers,
                                   const csat_allocator *alloc, csat_error *err)
{
    csat_allocator a;
    size_t *ord, b = 0, e = 0, nc = 0;
    double *per, tmin = INFINITY, pend;
    unsigned char *seen = NULL;
    csat_status st;
    csat__err_clear(err);
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if (!csat__array_bytes_ok(cap, 1, sizeof(double)))
        return csat__err_size(err, "cap", cap);
    if (categories && !csat__array_bytes_ok(n_categories, 1, sizeof(double)))
        return csat__err_size(err, "n_categories", n_categories);
    if ((st = check_period(period, "period", err)) != CSAT_OK
        || (st = csat__check_real(err, "observation_end", observation_end)) != CSAT_OK)
        return st;
    st = csat__txn_check(ids, times, NULL, n, err);
    if (st != CSAT_OK)
        return st;
    if (categories && (st = csat__check_codes(categories, n, n_categories, "categories", err))
                          != CSAT_OK)
        return st;
    if ((st = span_check(times, n, period, &tmin, err)) != CSAT_OK)
        return st;
    if (!((observation_end - tmin) / period <= CSAT__MAX_PERIODS))
        return csat__err(err, CSAT_EDOM, "observation_end", CSAT_NO_ROW,
                         "observation_end is more than 1e15 periods after the first time");
    pend = period_of(observation_end, tmin, period);
    ord = csat__malloc_array(&a, n, sizeof *ord);
    per = csat__malloc_array(&a, n, sizeof *per);
    if (categories)
        seen = csat__calloc_array(&a, n_categories ? n_categories : 1, 1);
    st = ord && per && (seen || !categories) ? csat__order_u64(ids, n, ord, &a) : CSAT_ENOMEM;
    if (st != CSAT_OK) {
        csat__free(&a, ord), csat__free(&a, per), csat__free(&a, seen);
        return csat__err(err, st, NULL, CSAT_NO_ROW, "%s ordering the transactions by id",
                         csat_strerror(st));
    }
    /* pass 1: customers with a purchase by observation_end */
    while (csat__txn_next_group(ids, ord, n, &b, &e)) {
        int any = 0;
        for (size_t j = b; j < e && !any; j++)
            any = times[ord[j]] <= observation_end;
        nc += (size_t)any;
    }
    if (cap < nc) {
        csat__free(&a, ord), csat__free(&a, per), csat__free(&a, seen);
        if (n_customers)
            *n_customers = nc;
        return csat__err(err, CSAT_EBUFSIZE, "cap", CSAT_NO_ROW,
                         "cap = %zu is below the %zu customers", cap, nc);
    }
    b = e = 0;
    nc = 0;
    while (csat__txn_next_group(ids, ord, n, &b, &e)) {
        size_t m = 0, k = 0, var = 0;
        for (size_t j = b; j < e; j++) {
            size_t i = ord[j];
            if (times[i] > observation_end)
                continue;
            per[m++] = period_of(times[i], tmin, period);
            if (categories && categories[i] >= 0 && !seen[categories[i]]) {
                seen[categories[i]] = 1;
                var++;
            }
        }
        if (categories)
            for (size_t j = b; j < e; j++)
                if (categories[ord[j]] >= 0)
                    seen[categories[ord[j]]] = 0;
        if (!m)
            continue;
        qsort(per, m, sizeof *per, cmp_double);
        for (size_t j = 0; j < m; j++)
            if (!k || per[j] != per[k - 1])
                per[k++] = per[j];
        if (customer_ids)
            customer_ids[nc] = ids[ord[b]];
        if (repeat)
            repeat[nc] = (double)(k - 1);
        if (intensity)
            intensity[nc] = (double)k / (pend - per[0] + 1.0);
        if (variety)
            variety[nc] = (double)var;
        nc++;
    }
    if (n_customers)
        *n_customers = nc;
    csat__free(&a, ord), csat__free(&a, per), csat__free(&a, seen);
    return CSAT_OK;
}
