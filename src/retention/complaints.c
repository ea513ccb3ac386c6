/*
 * Complaints and recovery (issue 17 §4; docs/theory/profitability.rst, 31):
 * the complaint report of a store and the Pareto of causes.
 */
#include "core/internal.h"
#include "core/sort.h"

#include <math.h>
#include <string.h>

csat_status csat_complaint_options_init(csat_complaint_options *opts, unsigned int version)
{
    const csat_complaint_options def = CSAT_COMPLAINT_OPTIONS_INIT;
    if (!opts)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_COMPLAINT_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

static int positive(double x) { return isfinite(x) && x > 0.0; }

/* Median, 90th percentile (type 7) and the share <= target of d[0..m),
 * sorted in place through ord (scratch of m). */
static csat_status durations(double *d, size_t m, double target, size_t *ord, double *sorted,
                             const csat_allocator *a, double *med, double *p90, double *within)
{
    size_t in = 0;
    csat_status st;
    *med = *p90 = *within = 0.0;
    if (m == 0)
        return CSAT_OK;
    if ((st = csat__order_doubles(d, m, ord, a)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < m; i++) {
        sorted[i] = d[ord[i]];
        in += d[i] <= target;
    }
    for (int q = 0; q < 2; q++) {
        const double h = (double)(m - 1) * (q == 0 ? 0.5 : 0.9);
        const size_t lo = (size_t)floor(h), hi = lo + 1 < m ? lo + 1 : lo;
        const double v = sorted[lo] + (h - (double)lo) * (sorted[hi] - sorted[lo]);
        *(q == 0 ? med : p90) = v;
    }
    *within = (double)in / (double)m;
    return CSAT_OK;
}

/* Any transaction of rows [b, e) (one customer's, by time) in (t0, t0 + w]. */
static int bought_within(const double *t, size_t b, size_t e, double t0, double w)
{
    for (size_t i = b; i < e; i++)
        if (t[i] > t0 && t[i] <= t0 + w)
            return 1;
    return 0;
}

csat_status csat_complaint_report_customers(const csat_customers *c, const csat_complaint_options *opts,
                                            csat_complaint_report *out, const csat_allocator *alloc)
{
    const csat_complaint_options def = CSAT_COMPLAINT_OPTIONS_INIT;
    csat_allocator a;
    csat_complaint_report r;
    size_t nc = 0, nt = 0, ncust = 0, *ord = NULL;
    uint64_t *cid = NULL, *tid = NULL;
    double *op = NULL, *fr, *rs, *sa, *tt = NULL, *d = NULL, *sorted, end;
    uint8_t *fc = NULL;
    int32_t *ca = NULL;
    double sum_sat = 0.0, ret[3] = {0, 0, 0}, judged[3] = {0, 0, 0};
    size_t m;
    csat_status st;
    if (!c || !out || csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return CSAT_EINVAL;
    if (!opts)
        opts = &def;
    if (!csat__version_ok(opts->version, CSAT_COMPLAINT_OPTIONS_VERSION))
        return CSAT_EVERSION;
    if (!positive(opts->response_target) || !positive(opts->resolution_target)
        || !(isfinite(opts->reopen_window) && opts->reopen_window >= 0.0) || !positive(opts->retention_window)
        || !(isnan(opts->observation_end) || (isfinite(opts->observation_end) && opts->observation_end >= 0.0)))
        return CSAT_EINVAL;
    (void)csat_customers_complaints(c, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, &nc);
    if ((st = csat_customers_count(c, &ncust, &nt)) != CSAT_OK)
        return st;
    if (nc == 0 && nt == 0)
        return CSAT_EEMPTY;
    memset(&r, 0, sizeof r);
    cid = csat__malloc_array(&a, nc + nt + 1, sizeof *cid);
    op = csat__malloc_array(&a, nc + 1, 4 * sizeof *op);
    fc = csat__malloc_array(&a, nc + 1, sizeof *fc);
    ca = csat__malloc_array(&a, nc + 1, sizeof *ca);
    tt = csat__malloc_array(&a, nt + 1, sizeof *tt);
    d = csat__malloc_array(&a, nc + 1, 2 * sizeof *d);
    ord = csat__malloc_array(&a, nc + 1, sizeof *ord);
    if (!cid || !op || !fc || !ca || !tt || !d || !ord) {
        st = CSAT_ENOMEM;
        goto done;
    }
    tid = cid + nc;
    fr = op + nc;
    rs = fr + nc;
    sa = rs + nc;
    sorted = d + nc;
    if ((st = csat_customers_complaints(c, cid, op, fr, rs, fc, ca, sa, nc, &m)) != CSAT_OK
        || (st = csat_customers_rows(c, tid, tt, NULL, NULL, NULL, NULL, nt, &m)) != CSAT_OK)
        goto done;
    r.complaints = (double)nc;
    r.customers = (double)ncust;
    r.transactions = (double)nt;
    r.per_customer = ncust ? (double)nc / (double)ncust : 0.0;
    r.per_1000_transactions = nt ? 1000.0 * (double)nc / (double)nt : 0.0;
    /* response and resolution times */
    m = 0;
    for (size_t i = 0; i < nc; i++)
        if (!isnan(fr[i]))
            d[m++] = fr[i] - op[i];
    r.responded = (double)m;
    if ((st = durations(d, m, opts->response_target, ord, sorted, &a, &r.response_median, &r.response_p90,
                        &r.response_within_target)) != CSAT_OK)
        goto done;
    m = 0;
    for (size_t i = 0; i < nc; i++)
        if (!isnan(rs[i]))
            d[m++] = rs[i] - op[i];
    r.resolved = (double)m;
    if ((st = durations(d, m, opts->resolution_target, ord, sorted, &a, &r.resolution_median,
                        &r.resolution_p90, &r.resolution_within_target)) != CSAT_OK)
        goto done;
    /* first contact, reopens, satisfaction after recovery (complaints by id, opened) */
    for (size_t i = 0; i < nc; i++) {
        if (!isnan(rs[i])) {
            int reopened = 0;
            r.first_contact_rate += fc[i];
            for (size_t j = i + 1; j < nc && cid[j] == cid[i] && !reopened; j++)
                reopened = ca[j] == ca[i] && op[j] >= rs[i] && op[j] <= rs[i] + opts->reopen_window;
            r.reopened += reopened;
        }
        if (!isnan(sa[i])) {
            r.surveyed += 1.0;
            sum_sat += sa[i];
        }
    }
    r.first_contact_rate = r.resolved > 0.0 ? r.first_contact_rate / r.resolved : 0.0;
    r.reopen_rate = r.resolved > 0.0 ? r.reopened / r.resolved : 0.0;
    r.recovery_satisfaction = r.surveyed > 0.0 ? sum_sat / r.surveyed : 0.0;
    if (!isfinite(r.recovery_satisfaction)) { /* satisfactions near DBL_MAX: the mean of the halves */
        sum_sat = 0.0;
        for (size_t i = 0; i < nc; i++)
            if (!isnan(sa[i]))
                sum_sat += sa[i] / r.surveyed;
        r.recovery_satisfaction = sum_sat;
    }
    /* retention: walk complainers and buyers together, both by id */
    end = opts->observation_end;
    if (isnan(end)) {
        end = 0.0;
        for (size_t i = 0; i < nt; i++)
            end = tt[i] > end ? tt[i] : end;
    }
    {
        size_t i = 0, j = 0;
        while (i < nc || j < nt) {
            const uint64_t id = i < nc && (j >= nt || cid[i] <= tid[j]) ? cid[i] : tid[j];
            size_t bi = i, bj = j;
            while (i < nc && cid[i] == id)
                i++;
            while (j < nt && tid[j] == id)
                j++;
            if (i > bi) {
                r.complainers += 1.0;
                r.complainer_share += j > bj;
                if (op[bi] + opts->retention_window <= end) {
                    const int g = isnan(rs[bi]) ? 1 : 0;
                    judged[g] += 1.0;
                    ret[g] += bought_within(tt, bj, j, op[bi], opts->retention_window);
                }
            } else if (tt[bj] + opts->retention_window <= end) {
                judged[2] += 1.0;
                ret[2] += bought_within(tt, bj, j, tt[bj], opts->retention_window);
            }
        }
    }
    r.complainer_share = ncust ? r.complainer_share / (double)ncust : 0.0;
    r.judged_resolved = judged[0];
    r.retention_resolved = judged[0] > 0.0 ? ret[0] / judged[0] : 0.0;
    r.judged_unresolved = judged[1];
    r.retention_unresolved = judged[1] > 0.0 ? ret[1] / judged[1] : 0.0;
    r.judged_non_complainers = judged[2];
    r.retention_non_complainers = judged[2] > 0.0 ? ret[2] / judged[2] : 0.0;
    *out = r;
done:
    csat__free(&a, cid);
    csat__free(&a, op);
    csat__free(&a, fc);
    csat__free(&a, ca);
    csat__free(&a, tt);
    csat__free(&a, d);
    csat__free(&a, ord);
    return st;
}

csat_status csat_complaint_pareto(const int32_t *causes, size_t n, size_t n_causes,
                                  const csat_abc_options *opts, double *counts, int *klass, double *curve,
                                  csat_abc_summary *summary, const csat_allocator *alloc, csat_error *err)
{
    csat_allocator a;
    double *cnt, known = 0.0;
    csat_status st;
    csat__err_clear(err);
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW, "alloc lacks malloc_fn or free_fn");
    if (n_causes == 0)
        return csat__err(err, CSAT_EINVAL, "n_causes", CSAT_NO_ROW, "n_causes = 0: no causes");
    if (!csat__array_bytes_ok(n_causes, 1, 2 * sizeof(double)) || n_causes == SIZE_MAX)
        return csat__err_size(err, "n_causes", n_causes);
    if (!csat__array_bytes_ok(n, 1, sizeof *causes))
        return csat__err_size(err, "n", n);
    if (n > 0 && !causes)
        return csat__err_null(err, "causes");
    for (size_t i = 0; i < n; i++)
        if (causes[i] < -1 || (causes[i] >= 0 && (uint64_t)causes[i] >= (uint64_t)n_causes))
            return csat__err(err, CSAT_EINVAL, "causes", i,
                             "causes[%zu] = %ld is neither -1 nor in [0, n_causes = %zu)", i,
                             (long)causes[i], n_causes);
    cnt = csat__calloc_array(&a, n_causes, sizeof *cnt);
    if (!cnt)
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "no memory for %zu cause counts", n_causes);
    for (size_t i = 0; i < n; i++)
        if (causes[i] >= 0) {
            cnt[causes[i]] += 1.0;
            known += 1.0;
        }
    if (known == 0.0) {
        csat__free(&a, cnt);
        return csat__err(err, CSAT_EEMPTY, "causes", CSAT_NO_ROW, "no complaint has a known cause");
    }
    st = csat_abc(cnt, n_causes, opts, &a, klass, curve, summary, err);
    if (st == CSAT_OK && counts)
        memcpy(counts, cnt, n_causes * sizeof *cnt);
    csat__free(&a, cnt);
    return st;
}
