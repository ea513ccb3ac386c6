/*
 * Customer records: per-customer summaries (frequency, recency, T, monetary
 * value, holdout columns) from the sorted rows, and their lookup and export.
 * The conventions (periods, inclusive end dates) follow lifetimes'
 * summary_data_from_transaction_data / calibration_and_holdout_data; see the
 * section comment in csat.h.
 */
#include "customers/customers_internal.h"

#include <math.h>
#include <string.h>

/* Period indices are kept below 2^52 so that they, and differences of them,
 * are exact integers in a double. */
#define INDEX_LIMIT 4503599627370496.0

void csat__summary_clear(const csat_allocator *a, csat__summary *s)
{
    csat__free(a, s->id);
    csat__free(a, s->field);
    memset(s, 0, sizeof *s);
}

static inline double period_index(double t, double origin, double period)
{
    return floor((t - origin) / period);
}

/* 1 if time x has a period index within +-INDEX_LIMIT. */
static int index_ok(double x, double origin, double period)
{
    double q = (x - origin) / period;
    return isfinite(q) && fabs(q) <= INDEX_LIMIT;
}

/* Validate the options against the store; fill the summary's scalars. */
static csat_status prepare(csat_customers *c, const csat_summary_options *o, csat__summary *s,
                           double *k_obs)
{
    const csat__txn_rows *r = c->rows;
    const char *fn = "csat_customers_summarize";
    double k_min;
    if (!csat__version_ok(o->version, CSAT_SUMMARY_OPTIONS_VERSION))
        return csat__fail(&c->base, CSAT_EVERSION, "%s: options version %u is unknown", fn, o->version);
    if (!(isfinite(o->period) && o->period > 0.0))
        return csat__fail(&c->base, CSAT_EINVAL, "%s: period = %g must be finite and > 0", fn, o->period);
    if (isnan(o->observation_end))
        return csat__fail(&c->base, CSAT_EINVAL, "%s: observation_end is required", fn);
    if (!(isfinite(o->observation_end) && o->observation_end >= 0.0))
        return csat__fail(&c->base, CSAT_EINVAL, "%s: observation_end = %g must be finite and >= 0", fn,
                          o->observation_end);
    if (!isnan(o->calibration_end) && !(isfinite(o->calibration_end) && o->calibration_end >= 0.0))
        return csat__fail(&c->base, CSAT_EINVAL, "%s: calibration_end = %g must be NaN (no holdout) "
                          "or finite and >= 0", fn, o->calibration_end);
    if (!(isfinite(o->time_scale) && o->time_scale > 0.0))
        return csat__fail(&c->base, CSAT_EINVAL, "%s: time_scale = %g must be finite and > 0", fn,
                          o->time_scale);
    if (!isfinite(o->period_origin))
        return csat__fail(&c->base, CSAT_EINVAL, "%s: period_origin = %g must be finite", fn,
                          o->period_origin);
    if (r->n == 0)
        return csat__fail(&c->base, CSAT_EEMPTY, "%s: the store has no transactions", fn);
    if (!index_ok(r->t_min, o->period_origin, o->period) ||
        !index_ok(r->t_max, o->period_origin, o->period) ||
        !index_ok(o->observation_end, o->period_origin, o->period) ||
        (!isnan(o->calibration_end) && !index_ok(o->calibration_end, o->period_origin, o->period)))
        return csat__fail(&c->base, CSAT_EINVAL, "%s: times are more than 2^52 periods of %g from "
                          "period_origin %g", fn, o->period, o->period_origin);

    s->holdout = !isnan(o->calibration_end);
    s->period = o->period;
    s->origin = o->period_origin;
    s->time_scale = o->time_scale;
    s->stride = s->holdout ? CSAT__S_MAX_FIELDS : CSAT__S_NTX + 1;
    *k_obs = period_index(o->observation_end, s->origin, s->period);
    s->k_end = s->holdout ? period_index(o->calibration_end, s->origin, s->period) : *k_obs;
    s->duration_holdout = NAN;
    if (s->holdout) {
        if (!(s->k_end < *k_obs))
            return csat__fail(&c->base, CSAT_EINVAL, "%s: calibration_end = %g must lie in an earlier "
                              "period than observation_end = %g", fn, o->calibration_end,
                              o->observation_end);
        s->duration_holdout = (*k_obs - s->k_end) * s->period / s->time_scale;
        if (!isfinite(s->duration_holdout))
            return csat__fail(&c->base, CSAT_EINVAL, "%s: duration_holdout overflows with time_scale %g",
                              fn, o->time_scale);
    }
    k_min = period_index(r->t_min, s->origin, s->period);
    if (!isfinite(fabs(*k_obs - k_min) * s->period / s->time_scale))
        return csat__fail(&c->base, CSAT_EINVAL, "%s: T overflows with time_scale %g", fn, o->time_scale);
    return CSAT_OK;
}

/* Kahan summation exactly as pandas' groupby sum and mean do it (the sum is
 * s; the compensation c is not added back at the end). Amounts are summed
 * per period first, in row order (time, then amount), and the per-period
 * sums are then summed in period order: the very operations of lifetimes'
 * summary_data_from_transaction_data, so monetary_value and total_amount are
 * the same doubles as lifetimes gives (amounts are >= 0, where Kahan's
 * summation is as accurate as Neumaier's). */
typedef struct period_sum {
    double s, c;
} period_sum;

static inline void kahan_add(period_sum *k, double x)
{
    double y = x - k->c;
    double t = k->s + y;
    k->c = (t - k->s) - y;
    k->s = t;
}

/* Summarize the customer whose rows are a[0..n) (one id, sorted by time)
 * into f[0..stride). Returns 0 if the amounts overflow. */
static int summarize_one(const csat__txn *a, size_t n, const csat__summary *s, double k_obs, double *f)
{
    const double k0 = period_index(a[0].time, s->origin, s->period);
    period_sum total = {0, 0}, repeat = {0, 0}, hold = {0, 0}, cur = {0, 0};
    double k_last = k0, k_cur = k0, n_repeat = 0, n_hold = 0, n_tx = 0;
    for (size_t i = 0; i <= n; i++) {
        double k = i < n ? period_index(a[i].time, s->origin, s->period) : INFINITY;
        if (k != k_cur) { /* the period k_cur is complete: add its sum where it belongs */
            if (k_cur <= s->k_end) {
                kahan_add(&total, cur.s);
                if (k_cur != k0)
                    kahan_add(&repeat, cur.s);
            } else {
                kahan_add(&hold, cur.s);
            }
            if (k > k_obs)
                break;
            cur.s = cur.c = 0;
            k_cur = k;
            if (k <= s->k_end) {
                n_repeat += 1;
                k_last = k;
            } else {
                n_hold += 1;
            }
        }
        kahan_add(&cur, a[i].amount);
        n_tx += (k <= s->k_end);
    }
    f[CSAT__S_FIRST_TIME] = a[0].time;
    f[CSAT__S_FREQUENCY] = n_repeat;
    f[CSAT__S_RECENCY] = (k_last - k0) * s->period / s->time_scale;
    f[CSAT__S_MONETARY] = n_repeat > 0 ? repeat.s / n_repeat : 0.0;
    f[CSAT__S_TOTAL] = total.s;
    f[CSAT__S_NTX] = n_tx;
    if (s->holdout) {
        f[CSAT__S_FREQ_HOLDOUT] = n_hold;
        f[CSAT__S_MONETARY_HOLDOUT] = n_hold > 0 ? hold.s / n_hold : 0.0;
        if (!isfinite(hold.s))
            return 0;
    }
    return isfinite(total.s) && isfinite(repeat.s);
}

/* After a summary the rows are usually complete: give back the growth slack
 * when realloc can do it in place (no transient second copy). A failure
 * only means the slack stays. */
static void trim_rows(csat_customers *c)
{
    csat__txn_rows *r = c->rows;
    csat__txn *p;
    if (c->base.alloc.realloc_fn == NULL || r->cap - r->n <= r->n / 16)
        return;
    p = csat__realloc(&c->base.alloc, r->row, r->cap * sizeof *r->row, r->n * sizeof *r->row);
    if (p != NULL) {
        r->row = p;
        r->cap = r->n;
    }
    /* The detail columns too (issue 17). A column that cannot shrink keeps
     * a larger block; claiming only r->n entries of it is always safe. */
    if (r->src != NULL && r->dcap - r->n > r->n / 16) {
        void **col[4] = {(void **)&r->src, (void **)&r->cost, (void **)&r->cat, (void **)&r->chan};
        const size_t size[4] = {sizeof *r->src, sizeof *r->cost, sizeof *r->cat, sizeof *r->chan};
        for (int k = 0; k < 4; k++) {
            void *q = *col[k] ? csat__realloc(&c->base.alloc, *col[k], r->dcap * size[k], r->n * size[k]) : NULL;
            if (q != NULL)
                *col[k] = q;
        }
        r->dcap = r->n;
    }
}

/* The summaries run over fixed blocks of rows: block b owns the customers
 * whose first row lies in it (their rows may run past its end). A first
 * pass counts each block's customers, a prefix sum gives each block its
 * first output row, a second pass writes the summaries. Every customer is
 * summarized by the same code whatever the thread count, so the bits are
 * the same. */
#define SUM_BLOCK_ROWS 16384

typedef struct sum_job {
    const csat__txn *row;
    size_t n;
    csat__summary *s;
    double k_obs;
    size_t *count;    /* per block: customers summarized; then their first output row */
    size_t *excluded; /* per block: customers first buying after the end */
    size_t *bad;      /* per block: row of the first customer whose amounts overflow, or n */
} sum_job;

/* Start of the first customer that begins at or after row i. */
static size_t first_start(const csat__txn *row, size_t n, size_t i)
{
    while (i > 0 && i < n && row[i].id == row[i - 1].id)
        i++;
    return i;
}

static void count_block(void *ctx, size_t worker, size_t b)
{
    sum_job *j = ctx;
    size_t lo = first_start(j->row, j->n, b * SUM_BLOCK_ROWS);
    size_t hi = (b + 1) * SUM_BLOCK_ROWS < j->n ? (b + 1) * SUM_BLOCK_ROWS : j->n;
    size_t m = 0, ex = 0;
    (void)worker;
    for (size_t i = lo; i < hi; i++) {
        if (i > 0 && j->row[i].id == j->row[i - 1].id)
            continue;
        if (period_index(j->row[i].time, j->s->origin, j->s->period) > j->s->k_end)
            ex++;
        else
            m++;
    }
    j->count[b] = m;
    j->excluded[b] = ex;
}

static void summarize_block(void *ctx, size_t worker, size_t b)
{
    sum_job *j = ctx;
    const csat__summary *s = j->s;
    size_t i = first_start(j->row, j->n, b * SUM_BLOCK_ROWS);
    size_t hi = (b + 1) * SUM_BLOCK_ROWS < j->n ? (b + 1) * SUM_BLOCK_ROWS : j->n;
    size_t m = j->count[b];
    (void)worker;
    j->bad[b] = j->n;
    while (i < hi) {
        const csat__txn *a = j->row + i;
        size_t len = 1;
        while (i + len < j->n && a[len].id == a[0].id)
            len++;
        if (period_index(a[0].time, s->origin, s->period) <= s->k_end) {
            if (!summarize_one(a, len, s, j->k_obs, s->field + m * s->stride) && j->bad[b] == j->n)
                j->bad[b] = i;
            s->id[m++] = a[0].id;
        }
        i += len;
    }
}

csat_status csat_customers_summarize(csat_customers *c, const csat_summary_options *opts,
                                     size_t *n_summarized, size_t *n_excluded)
{
    const csat_summary_options defaults = CSAT_SUMMARY_OPTIONS_INIT;
    const char *fn = "csat_customers_summarize";
    const csat__par *par;
    csat__summary s;
    const csat__txn_rows *r;
    sum_job job;
    double k_obs = 0.0;
    size_t m = 0, nb;
    csat_status st;
    if (c == NULL)
        return CSAT_EINVAL;
    memset(&s, 0, sizeof s);
    st = prepare(c, opts ? opts : &defaults, &s, &k_obs);
    if (st != CSAT_OK)
        return st;
    par = csat__handle_par(c);
    csat__txn_sort_par(c->rows, &c->base.alloc, par);
    r = c->rows;
    nb = csat__n_blocks(r->n, SUM_BLOCK_ROWS);
    s.id = csat__malloc_array(&c->base.alloc, r->n_customers, sizeof *s.id);
    s.field = s.id ? csat__malloc_array(&c->base.alloc, r->n_customers, s.stride * sizeof *s.field)
                   : NULL;
    job.count = s.field ? csat__malloc_array(&c->base.alloc, nb, 3 * sizeof *job.count) : NULL;
    if (job.count == NULL) {
        csat__summary_clear(&c->base.alloc, &s);
        return csat__fail(&c->base, CSAT_ENOMEM, "%s: no memory for %zu customers", fn, r->n_customers);
    }
    job.row = r->row;
    job.n = r->n;
    job.s = &s;
    job.k_obs = k_obs;
    job.excluded = job.count + nb;
    job.bad = job.count + 2 * nb;
    csat__par_run(par, nb, count_block, &job);
    for (size_t b = 0; b < nb; b++) {
        size_t k = job.count[b];
        job.count[b] = m;
        m += k;
        s.n_excluded += job.excluded[b];
    }
    s.n = m;
    if (m == 0) {
        size_t excl = s.n_excluded;
        csat__free(&c->base.alloc, job.count);
        csat__summary_clear(&c->base.alloc, &s);
        return csat__fail(&c->base, CSAT_EEMPTY, "%s: all %zu customers first bought after the end date",
                          fn, excl);
    }
    csat__par_run(par, nb, summarize_block, &job);
    for (size_t b = 0; b < nb; b++)
        if (job.bad[b] < r->n) {
            uint64_t id = r->row[job.bad[b]].id;
            csat__free(&c->base.alloc, job.count);
            csat__summary_clear(&c->base.alloc, &s);
            return csat__fail(&c->base, CSAT_EDOM, "%s: the amounts of customer %llu sum to more than "
                              "the largest double", fn, (unsigned long long)id);
        }
    csat__free(&c->base.alloc, job.count);
    csat__summary_clear(&c->base.alloc, &c->sum);
    c->sum = s;
    c->have_summary = 1;
    trim_rows(c);
    if (n_summarized)
        *n_summarized = s.n;
    if (n_excluded)
        *n_excluded = s.n_excluded;
    csat__clear_error(&c->base);
    return CSAT_OK;
}

/* T of summary row j. */
static double summary_T(const csat__summary *s, size_t j)
{
    double k0 = period_index(s->field[j * s->stride + CSAT__S_FIRST_TIME], s->origin, s->period);
    return (s->k_end - k0) * s->period / s->time_scale;
}

csat_status csat_customers_lookup(const csat_customers *c, uint64_t id, csat_customer_summary *out)
{
    const csat__summary *s;
    size_t lo = 0, hi;
    const double *f;
    csat_customer_summary v;
    if (c == NULL || out == NULL)
        return CSAT_EINVAL;
    if (!c->have_summary)
        return CSAT_EMISUSE;
    s = &c->sum;
    hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == s->n || s->id[lo] != id)
        return CSAT_EINVAL;
    f = s->field + lo * s->stride;
    v.id = id;
    v.first_time = f[CSAT__S_FIRST_TIME];
    v.frequency = f[CSAT__S_FREQUENCY];
    v.recency = f[CSAT__S_RECENCY];
    v.T = summary_T(s, lo);
    v.monetary_value = f[CSAT__S_MONETARY];
    v.total_amount = f[CSAT__S_TOTAL];
    v.n_transactions = f[CSAT__S_NTX];
    v.frequency_holdout = s->holdout ? f[CSAT__S_FREQ_HOLDOUT] : NAN;
    v.monetary_value_holdout = s->holdout ? f[CSAT__S_MONETARY_HOLDOUT] : NAN;
    v.duration_holdout = s->duration_holdout;
    *out = v;
    return CSAT_OK;
}

csat_status csat_customers_summary_ids(const csat_customers *c, uint64_t *ids, size_t cap)
{
    if (c == NULL || ids == NULL || !csat__array_bytes_ok(cap, 1, sizeof *ids))
        return CSAT_EINVAL;
    if (!c->have_summary)
        return CSAT_EMISUSE;
    if (cap < c->sum.n)
        return CSAT_EBUFSIZE;
    memcpy(ids, c->sum.id, c->sum.n * sizeof *ids);
    return CSAT_OK;
}

csat_status csat_customers_summary_column(const csat_customers *c, csat_summary_field field,
                                          double *out, size_t cap)
{
    const csat__summary *s;
    int col;
    if (c == NULL || out == NULL || !csat__array_bytes_ok(cap, 1, sizeof *out))
        return CSAT_EINVAL;
    if (!c->have_summary)
        return CSAT_EMISUSE;
    s = &c->sum;
    switch (field) {
    case CSAT_SUMMARY_FIRST_TIME: col = CSAT__S_FIRST_TIME; break;
    case CSAT_SUMMARY_FREQUENCY: col = CSAT__S_FREQUENCY; break;
    case CSAT_SUMMARY_RECENCY: col = CSAT__S_RECENCY; break;
    case CSAT_SUMMARY_MONETARY_VALUE: col = CSAT__S_MONETARY; break;
    case CSAT_SUMMARY_TOTAL_AMOUNT: col = CSAT__S_TOTAL; break;
    case CSAT_SUMMARY_N_TRANSACTIONS: col = CSAT__S_NTX; break;
    case CSAT_SUMMARY_FREQUENCY_HOLDOUT: col = CSAT__S_FREQ_HOLDOUT; break;
    case CSAT_SUMMARY_MONETARY_VALUE_HOLDOUT: col = CSAT__S_MONETARY_HOLDOUT; break;
    case CSAT_SUMMARY_T: col = -1; break;
    case CSAT_SUMMARY_DURATION_HOLDOUT: col = -2; break;
    default: return CSAT_EINVAL;
    }
    if (!s->holdout && (col == -2 || col >= CSAT__S_FREQ_HOLDOUT))
        return CSAT_EINVAL;
    if (cap < s->n)
        return CSAT_EBUFSIZE;
    for (size_t j = 0; j < s->n; j++)
        out[j] = col >= 0 ? s->field[j * s->stride + (size_t)col]
                          : (col == -1 ? summary_T(s, j) : s->duration_holdout);
    return CSAT_OK;
}
