/*
 * Kaplan-Meier product-limit estimator with Greenwood variance, R survfit's
 * interval types, median and restricted mean; the log-rank test is in
 * logrank.c.
 *
 * Threads (csat_km_set_parallel): the sort and the per-time counting run
 * over fixed blocks. Every per-time sum still adds its rows in row order,
 * as the serial code does, so the table is the same bits at any setting:
 * the bucketed path scatters the rows stably into ranges of times (per
 * block of rows), then sums each range in a task (without weights the sums
 * are counts, exact in any order: each thread counts into its own arrays,
 * which are then added up); the sorted path sums
 * each run of equal times in the task of the block where it starts.
 */
#include "core/internal.h"
#include "numerics/numerics.h"
#include "core/sort.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* integer times are bucketed when their range is at most this many times n */
#define KM_BUCKET_FACTOR 8
#define KM_TIE_TOL 1.4901161193847656e-08 /* R's sqrt(.Machine$double.eps) */

enum { COL_TIME, COL_RISK, COL_EVENT, COL_CENS, COL_SURV, COL_SIGMA, N_COLS };

struct csat_km {
    csat__base base;
    double *cols; /* N_COLS columns of length m, one block */
    size_t m;
    csat_km_conf_type conf_type;
    double z;
    int fitted;
};

csat_status csat_km_options_init(csat_km_options *opts, unsigned int version)
{
    const csat_km_options def = CSAT_KM_OPTIONS_INIT;
    if (!opts)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_KM_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

csat_status csat_km_new(csat_km **out, const csat_allocator *alloc)
{
    if (!out)
        return CSAT_EINVAL;
    return csat__handle_new((void **)out, sizeof(csat_km), alloc);
}

void csat_km_free(csat_km *km)
{
    if (!km)
        return;
    csat__free(&km->base.alloc, km->cols);
    csat__handle_free(km);
}

const char *csat_km_last_error(const csat_km *km)
{
    return km ? km->base.err : "";
}

/* The checks run over fixed blocks of rows (on the handle's threads): at
 * most CHK_MAX_BLOCKS of them, on the stack, of CHK_BLOCK rows or more. */
#define CHK_BLOCK 65536
#define CHK_MAX_BLOCKS 256

typedef struct chk_part {
    size_t bad, used; /* bad: first bad row of the block, or n */
    double lo, hi, total;
    int ints;
} chk_part;

typedef struct chk_job {
    const double *times, *events, *weights;
    const uint64_t *groups;
    uint64_t group;
    size_t n, block;
    chk_part *part;
} chk_job;

static void chk_block(void *ctx, size_t worker, size_t b)
{
    chk_job *j = ctx;
    chk_part r = {j->n, 0, INFINITY, 0.0, 0.0, 1};
    size_t lo = b * j->block, hi = lo + j->block < j->n ? lo + j->block : j->n;
    (void)worker;
    for (size_t i = lo; i < hi; i++) {
        double t = j->times[i];
        if (!(t >= 0.0) || !isfinite(t) || !(j->events[i] == 0.0 || j->events[i] == 1.0) ||
            (j->weights && !(j->weights[i] > 0.0 && isfinite(j->weights[i])))) {
            r.bad = i;
            break;
        }
        if (j->groups && j->groups[i] != j->group)
            continue;
        r.used++;
        r.total += j->weights ? j->weights[i] : 1.0;
        r.lo = t < r.lo ? t : r.lo;
        r.hi = t > r.hi ? t : r.hi;
        if (r.ints && t != floor(t))
            r.ints = 0;
    }
    j->part[b] = r;
}

/* The rows' checks; b may be NULL. *all_int and the range of the included
 * rows are reported for the bucketing decision. The weights' total (only
 * checked for overflow) is summed per block, then over blocks in order. */
static csat_status check_rows(csat__base *b, const csat__par *p, const double *times,
                              const double *events, const double *weights, const uint64_t *groups,
                              uint64_t group, size_t n, size_t *n_used, double *tmin, double *tmax,
                              int *all_int)
{
    chk_part part[CHK_MAX_BLOCKS];
    chk_job j;
    size_t used = 0, nb;
    double lo = INFINITY, hi = 0.0, total = 0.0;
    int ints = 1;
    j.times = times;
    j.events = events;
    j.weights = weights;
    j.groups = groups;
    j.group = group;
    j.n = n;
    j.block = csat__n_blocks(n, CHK_BLOCK) <= CHK_MAX_BLOCKS ? CHK_BLOCK : csat__n_blocks(n, CHK_MAX_BLOCKS);
    j.part = part;
    nb = csat__n_blocks(n, j.block);
    csat__par_run(p, nb, chk_block, &j);
    for (size_t k = 0; k < nb; k++) {
        size_t i = part[k].bad;
        if (i < n) {
            double t = times[i];
            if (!(t >= 0.0) || !isfinite(t))
                return csat__fail(b, CSAT_EINVAL, "times[%zu] = %g is not a finite duration >= 0", i, t);
            if (!(events[i] == 0.0 || events[i] == 1.0))
                return csat__fail(b, CSAT_EINVAL, "events[%zu] = %g is not 0 or 1", i, events[i]);
            return csat__fail(b, CSAT_EINVAL, "weights[%zu] = %g is not finite and > 0", i, weights[i]);
        }
        used += part[k].used;
        total += part[k].total;
        lo = part[k].lo < lo ? part[k].lo : lo;
        hi = part[k].hi > hi ? part[k].hi : hi;
        ints = ints && part[k].ints;
    }
    /* The at-risk column is a sum of weights: it must be a double. S itself
     * does not depend on the weights' scale, so the caller can rescale. */
    if (!isfinite(total))
        return csat__fail(b, CSAT_EDOM, "the weights sum past the largest double; divide them "
                          "by a common factor (S does not depend on their scale)");
    *n_used = used;
    *tmin = lo;
    *tmax = hi;
    *all_int = ints;
    return CSAT_OK;
}

/* d / (r (r - d)), the Greenwood term, also where r (r - d) overflows
 * (weights near the largest double) or underflows (weights near 1e-300,
 * where it gave d / 0 = Inf). */
static double greenwood_term(double d, double r)
{
    double rr = r * (r - d);
    return isfinite(rr) && rr >= DBL_MIN ? d / rr : d / r / (r - d);
}

/* From per-time event and censoring totals: the at-risk column by a reverse
 * cumulative sum (exact for counts, accurate in the tail), S and the
 * Greenwood SE of log S. */
static void finish_columns(double *c, size_t m)
{
    double *risk = c + m, *ev = c + 2 * m, *ce = c + 3 * m, *S = c + 4 * m,
           *sig = c + 5 * m;
    double acc = 0.0, s = 1.0, gw = 0.0;
    for (size_t j = m; j-- > 0;) {
        acc += ev[j] + ce[j];
        risk[j] = acc;
    }
    for (size_t j = 0; j < m; j++) {
        double d = ev[j], r = risk[j];
        if (d > 0.0) {
            s *= (r - d) / r;
            gw = (r - d) > 0.0 ? gw + greenwood_term(d, r) : INFINITY;
        }
        S[j] = s;
        sig[j] = gw;
    }
    for (size_t j = 0; j < m; j++)
        sig[j] = sqrt(sig[j]);
}

/* ---- on threads ----------------------------------------------------------- */

#define KM_ROW_BLOCK 65536
/* Unit times per range of the bucketed path: about 64 ranges, from the
 * range of times alone (never the thread count). */
#define KM_RANGE_WIDTH (j->width)

typedef struct km_par {
    const double *times, *events, *weights;
    const uint64_t *groups;
    uint64_t group;
    size_t n, n_blocks, n_ranges, range, m, width;
    double tmin;
    size_t *hist;   /* n_blocks x n_ranges: counts, then write heads */
    size_t *rstart; /* n_ranges + 1 */
    size_t *rm;     /* per range: distinct times; then first column row */
    size_t *bucket; /* scattered rows: unit-time index */
    double *w;      /* scattered rows: weight, negated for a censoring */
    double *ev, *ce;
    double *c;      /* the output columns */
    /* sorted path */
    const double *key;
    const size_t *ord, *row;
} km_par;

static void km_par_init(km_par *j, const double *times, const double *events,
                        const double *weights, size_t n)
{
    memset(j, 0, sizeof *j);
    j->times = times;
    j->events = events;
    j->weights = weights;
    j->n = n;
}

static void km_block(const km_par *j, size_t b, size_t *lo, size_t *hi)
{
    *lo = b * KM_ROW_BLOCK;
    *hi = *lo + KM_ROW_BLOCK < j->n ? *lo + KM_ROW_BLOCK : j->n;
}

static void bk_count(void *ctx, size_t worker, size_t b)
{
    km_par *j = ctx;
    size_t lo, hi, *h = j->hist + b * j->n_ranges;
    (void)worker;
    km_block(j, b, &lo, &hi);
    for (size_t i = lo; i < hi; i++)
        if (!j->groups || j->groups[i] == j->group)
            h[(size_t)(j->times[i] - j->tmin) / KM_RANGE_WIDTH]++;
}

static void bk_scatter(void *ctx, size_t worker, size_t b)
{
    km_par *j = ctx;
    size_t lo, hi, *h = j->hist + b * j->n_ranges;
    (void)worker;
    km_block(j, b, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        size_t u, k;
        double w;
        if (j->groups && j->groups[i] != j->group)
            continue;
        u = (size_t)(j->times[i] - j->tmin);
        k = h[u / KM_RANGE_WIDTH]++;
        w = j->weights ? j->weights[i] : 1.0;
        j->bucket[k] = u;
        j->w[k] = j->events[i] == 1.0 ? w : -w;
    }
}

static void bk_sum(void *ctx, size_t worker, size_t r)
{
    km_par *j = ctx;
    size_t lo = r * KM_RANGE_WIDTH, hi = lo + KM_RANGE_WIDTH < j->range ? lo + KM_RANGE_WIDTH : j->range;
    size_t m = 0;
    (void)worker;
    for (size_t k = j->rstart[r]; k < j->rstart[r + 1]; k++) {
        double w = j->w[k];
        if (w > 0.0)
            j->ev[j->bucket[k]] += w;
        else
            j->ce[j->bucket[k]] -= w;
    }
    for (size_t u = lo; u < hi; u++)
        m += (j->ev[u] + j->ce[u]) > 0.0;
    j->rm[r] = m;
}

static void bk_fill(void *ctx, size_t worker, size_t r)
{
    km_par *j = ctx;
    size_t lo = r * KM_RANGE_WIDTH, hi = lo + KM_RANGE_WIDTH < j->range ? lo + KM_RANGE_WIDTH : j->range;
    size_t k = j->rm[r], m = j->m;
    (void)worker;
    for (size_t u = lo; u < hi; u++)
        if (j->ev[u] + j->ce[u] > 0.0) {
            j->c[k] = j->tmin + (double)u;
            j->c[COL_EVENT * m + k] = j->ev[u];
            j->c[COL_CENS * m + k] = j->ce[u];
            k++;
        }
}

/* Unweighted rows: every sum is a count, exact in any order, so each
 * worker counts into its own arrays and they are added up. */
typedef struct km_counts {
    km_par *j;
    double *per_worker; /* workers x 2 x range */
    size_t n_workers;
} km_counts;

static void ct_block(void *ctx, size_t worker, size_t b)
{
    km_counts *k = ctx;
    km_par *j = k->j;
    double *ev = k->per_worker + worker * 2 * j->range, *ce = ev + j->range;
    size_t lo, hi;
    km_block(j, b, &lo, &hi);
    for (size_t i = lo; i < hi; i++)
        if (!j->groups || j->groups[i] == j->group)
            (j->events[i] == 1.0 ? ev : ce)[(size_t)(j->times[i] - j->tmin)] += 1.0;
}

static void ct_merge(void *ctx, size_t worker, size_t r)
{
    km_counts *k = ctx;
    km_par *j = k->j;
    size_t lo = r * KM_RANGE_WIDTH, hi = lo + KM_RANGE_WIDTH < j->range ? lo + KM_RANGE_WIDTH : j->range;
    size_t m = 0;
    (void)worker;
    for (size_t u = lo; u < hi; u++) {
        double e = 0.0, c = 0.0;
        for (size_t w = 0; w < k->n_workers; w++) {
            e += k->per_worker[w * 2 * j->range + u];
            c += k->per_worker[w * 2 * j->range + j->range + u];
        }
        j->ev[u] = e;
        j->ce[u] = c;
        m += (e + c) > 0.0;
    }
    j->rm[r] = m;
}

/* fit_bucketed on threads: 1 done, 0 out of memory (nothing written). */
static int bucketed_threaded(csat_km *km, km_par *j)
{
    const csat_allocator *a = &km->base.alloc;
    const csat__par *p = csat__handle_par(km);
    size_t pos = 0, used = 0;
    int ok;
    j->n_blocks = csat__n_blocks(j->n, KM_ROW_BLOCK);
    j->width = j->range / 64 + 1;
    j->n_ranges = csat__n_blocks(j->range, j->width);
    j->hist = csat__calloc_array(a, j->n_blocks, j->n_ranges * sizeof *j->hist);
    j->rstart = csat__malloc_array(a, j->n_ranges + 1, 2 * sizeof *j->rstart);
    j->ev = csat__calloc_array(a, j->range, 2 * sizeof *j->ev);
    ok = j->hist && j->rstart && j->ev;
    if (ok && !j->weights && j->range <= j->n / 4) {
        km_counts k;
        k.j = j;
        k.n_workers = csat__par_workers(p, j->n_blocks);
        k.per_worker = csat__calloc_array(a, k.n_workers, 2 * j->range * sizeof *k.per_worker);
        if (k.per_worker) {
            j->rm = j->rstart + j->n_ranges + 1;
            j->ce = j->ev + j->range;
            csat__par_run(p, j->n_blocks, ct_block, &k);
            csat__par_run(p, j->n_ranges, ct_merge, &k);
            csat__free(a, k.per_worker);
            goto fill;
        }
    }
    if (ok) {
        j->rm = j->rstart + j->n_ranges + 1;
        j->ce = j->ev + j->range;
        csat__par_run(p, j->n_blocks, bk_count, j);
        for (size_t r = 0; r < j->n_ranges; r++) {
            j->rstart[r] = pos;
            for (size_t b = 0; b < j->n_blocks; b++) {
                size_t c = j->hist[b * j->n_ranges + r];
                j->hist[b * j->n_ranges + r] = pos;
                pos += c;
            }
        }
        j->rstart[j->n_ranges] = pos;
        used = pos;
        j->bucket = csat__malloc_array(a, used, sizeof *j->bucket);
        j->w = j->bucket ? csat__malloc_array(a, used, sizeof *j->w) : NULL;
        ok = j->w != NULL;
    }
    if (ok) {
        csat__par_run(p, j->n_blocks, bk_scatter, j);
        csat__par_run(p, j->n_ranges, bk_sum, j);
fill:
        pos = 0;
        for (size_t r = 0; r < j->n_ranges; r++) {
            size_t c = j->rm[r];
            j->rm[r] = pos;
            pos += c;
        }
        j->m = pos;
        j->c = csat__malloc_array(a, pos, N_COLS * sizeof *j->c);
        ok = j->c != NULL;
        if (ok)
            csat__par_run(p, j->n_ranges, bk_fill, j);
    }
    csat__free(a, j->w);
    csat__free(a, j->bucket);
    csat__free(a, j->ev);
    csat__free(a, j->rstart);
    csat__free(a, j->hist);
    return ok;
}

static csat_status fit_bucketed(csat_km *km, const double *times, const double *events,
                                const double *weights, const uint64_t *groups, uint64_t group,
                                size_t n, double tmin, size_t range, double **cols_out,
                                size_t *m_out)
{
    const csat_allocator *a = &km->base.alloc;
    double *ev, *ce, *c;
    size_t m = 0, k = 0;
    if (n >= 2 * KM_ROW_BLOCK && csat__par_workers(csat__handle_par(km), n / KM_ROW_BLOCK) > 1) {
        km_par j;
        km_par_init(&j, times, events, weights, n);
        j.groups = groups;
        j.group = group;
        j.tmin = tmin;
        j.range = range;
        if (bucketed_threaded(km, &j)) {
            *cols_out = j.c;
            *m_out = j.m;
            return CSAT_OK;
        }
        /* short of memory for the threaded counting: do it serially */
    }
    ev = csat__calloc_array(a, range, 2 * sizeof *ev);
    if (!ev)
        return CSAT_ENOMEM;
    ce = ev + range;
    for (size_t i = 0; i < n; i++) {
        size_t b;
        if (groups && groups[i] != group)
            continue;
        b = (size_t)(times[i] - tmin);
        (events[i] == 1.0 ? ev : ce)[b] += weights ? weights[i] : 1.0;
    }
    for (size_t b = 0; b < range; b++)
        m += (ev[b] + ce[b]) > 0.0;
    c = csat__malloc_array(a, m, N_COLS * sizeof *c);
    if (!c) {
        csat__free(a, ev);
        return CSAT_ENOMEM;
    }
    for (size_t b = 0; b < range; b++)
        if (ev[b] + ce[b] > 0.0) {
            c[k] = tmin + (double)b;
            c[COL_EVENT * m + k] = ev[b];
            c[COL_CENS * m + k] = ce[b];
            k++;
        }
    csat__free(a, ev);
    *cols_out = c;
    *m_out = m;
    return CSAT_OK;
}

static int run_start(const km_par *j, size_t i)
{
    return i == 0 || j->key[j->ord[i]] != j->key[j->ord[i - 1]];
}

static void st_count(void *ctx, size_t worker, size_t b)
{
    km_par *j = ctx;
    size_t lo, hi, m = 0;
    (void)worker;
    km_block(j, b, &lo, &hi);
    for (size_t i = lo; i < hi; i++)
        m += run_start(j, i);
    j->rm[b] = m;
}

/* The runs of equal times that start in block b, each to its end. */
static void st_fill(void *ctx, size_t worker, size_t b)
{
    km_par *j = ctx;
    size_t lo, hi, m = j->m, k = j->rm[b], i;
    (void)worker;
    km_block(j, b, &lo, &hi);
    i = lo;
    while (i < hi && !run_start(j, i))
        i++;
    while (i < hi) {
        do {
            size_t r = j->row[j->ord[i]];
            j->c[k] = j->times[r];
            j->c[(j->events[r] == 1.0 ? COL_EVENT : COL_CENS) * m + k] += j->weights ? j->weights[r] : 1.0;
            i++;
        } while (i < j->n && !run_start(j, i));
        k++;
    }
}

static csat_status fit_sorted(csat_km *km, const double *times, const double *events,
                              const double *weights, const uint64_t *groups, uint64_t group,
                              size_t n, size_t n_used, double **cols_out, size_t *m_out)
{
    /* row[] maps the selected subset to input rows (identity without groups) */
    const csat_allocator *a = &km->base.alloc;
    size_t *row = csat__malloc_array(a, n_used, 2 * sizeof *row), *ord, m = 0, k = 0;
    double *sub = groups ? csat__malloc_array(a, n_used, sizeof *sub) : NULL, *c = NULL;
    const double *key = groups ? sub : times;
    csat_status st = CSAT_ENOMEM;
    if (!row || (groups && !sub))
        goto out;
    ord = row + n_used;
    for (size_t i = 0; i < n; i++)
        if (!groups || groups[i] == group) {
            if (sub)
                sub[k] = times[i];
            row[k++] = i;
        }
    st = csat__order_doubles_par(key, n_used, ord, a, csat__handle_par(km));
    if (st != CSAT_OK)
        goto out;
    if (n_used >= 2 * KM_ROW_BLOCK && csat__par_workers(csat__handle_par(km), n_used / KM_ROW_BLOCK) > 1) {
        /* Count and fill over blocks of the sorted rows; the same sums in
         * the same order as the loops below. */
        km_par j;
        size_t pos = 0;
        km_par_init(&j, times, events, weights, n_used);
        j.key = key;
        j.ord = ord;
        j.row = row;
        j.n_blocks = csat__n_blocks(n_used, KM_ROW_BLOCK);
        j.rm = csat__malloc_array(a, j.n_blocks, sizeof *j.rm);
        if (j.rm) {
            csat__par_run(csat__handle_par(km), j.n_blocks, st_count, &j);
            for (size_t b = 0; b < j.n_blocks; b++) {
                size_t c0 = j.rm[b];
                j.rm[b] = pos;
                pos += c0;
            }
            j.m = pos;
            j.c = csat__calloc_array(a, pos, N_COLS * sizeof *j.c);
            if (j.c)
                csat__par_run(csat__handle_par(km), j.n_blocks, st_fill, &j);
            csat__free(a, j.rm);
            if (j.c) {
                *cols_out = j.c;
                *m_out = j.m;
                st = CSAT_OK;
                goto out;
            }
        }
        /* short of memory: the serial loops below */
    }
    for (size_t i = 0; i < n_used; i++)
        m += i == 0 || key[ord[i]] != key[ord[i - 1]];
    c = csat__calloc_array(a, m, N_COLS * sizeof *c);
    if (!c) {
        st = CSAT_ENOMEM;
        goto out;
    }
    k = 0;
    for (size_t i = 0; i < n_used; i++) {
        size_t r = row[ord[i]];
        if (i > 0 && key[ord[i]] != key[ord[i - 1]])
            k++;
        c[k] = times[r];
        c[(events[r] == 1.0 ? COL_EVENT : COL_CENS) * m + k] += weights ? weights[r] : 1.0;
    }
    *cols_out = c;
    *m_out = m;
out:
    csat__free(a, sub);
    csat__free(a, row);
    return st;
}

/* The fit of csat_km_fit (groups NULL: every row) and csat_km_fit_group. */
static csat_status km_fit_rows(csat_km *km, const double *times, const double *events,
                               const double *weights, const uint64_t *groups, uint64_t group,
                               size_t n, const csat_km_options *opts)
{
    const csat_km_options def = CSAT_KM_OPTIONS_INIT;
    double tmin = 0.0, tmax = 0.0, *cols = NULL;
    size_t n_used = 0, m = 0;
    int all_int = 0;
    csat_status st;
    if (!km)
        return CSAT_EINVAL;
    if (!opts)
        opts = &def;
    if (!csat__version_ok(opts->version, CSAT_KM_OPTIONS_VERSION))
        return csat__fail(&km->base, CSAT_EVERSION, "unknown csat_km_options version %u",
                          opts->version);
    if ((unsigned)opts->conf_type > CSAT_KM_CONF_NONE || !(opts->conf_level > 0.0) ||
        !(opts->conf_level < 1.0))
        return csat__fail(&km->base, CSAT_EINVAL, "bad options: conf_type %d, conf_level %g",
                          (int)opts->conf_type, opts->conf_level);
    if (!csat__array_bytes_ok(n, 1, sizeof *times))
        return csat__fail(&km->base, CSAT_EINVAL, "n = %zu durations overflow the address space", n);
    if (n == 0)
        return csat__fail(&km->base, CSAT_EEMPTY, "no durations");
    if (!times || !events)
        return csat__fail(&km->base, CSAT_EINVAL, "times or events is NULL");
    st = check_rows(&km->base, csat__handle_par(km), times, events, weights, groups, group, n,
                    &n_used, &tmin, &tmax,
                    &all_int);
    if (st != CSAT_OK)
        return st;
    if (n_used == 0)
        return csat__fail(&km->base, CSAT_EEMPTY, "no row has group %llu",
                          (unsigned long long)group);
    if (all_int && tmax - tmin < (double)n_used * KM_BUCKET_FACTOR + 1024.0)
        st = fit_bucketed(km, times, events, weights, groups, group, n, tmin,
                          (size_t)(tmax - tmin) + 1, &cols, &m);
    else
        st = fit_sorted(km, times, events, weights, groups, group, n, n_used, &cols, &m);
    if (st != CSAT_OK)
        return csat__fail(&km->base, st, "Kaplan-Meier: out of memory");
    finish_columns(cols, m);
    for (size_t j = 0; j < m; j++) {
        double s = cols[COL_SURV * m + j];
        if (s > 0.0 && !isfinite(cols[COL_SIGMA * m + j])) {
            csat__free(&km->base.alloc, cols);
            return csat__fail(&km->base, CSAT_EDOM,
                              "the Greenwood variance exceeds the largest double (weights near "
                              "the smallest doubles): multiply the weights by a common factor");
        }
    }
    csat__free(&km->base.alloc, km->cols);
    km->cols = cols;
    km->m = m;
    km->conf_type = opts->conf_type;
    km->z = csat__norm_quantile(0.5 + 0.5 * opts->conf_level);
    km->fitted = 1;
    csat__clear_error(&km->base);
    return CSAT_OK;
}

csat_status csat_km_fit(csat_km *km, const double *times, const double *events,
                        const double *weights, size_t n, const csat_km_options *opts)
{
    return km_fit_rows(km, times, events, weights, NULL, 0, n, opts);
}

csat_status csat_km_fit_group(csat_km *km, const double *times, const double *events,
                              const double *weights, const uint64_t *groups, uint64_t group,
                              size_t n, const csat_km_options *opts)
{
    if (km && !groups)
        return csat__fail(&km->base, CSAT_EINVAL, "groups is NULL");
    return km_fit_rows(km, times, events, weights, groups, group, n, opts);
}

csat_status csat_km_size(const csat_km *km, size_t *n_times)
{
    if (!km || !n_times)
        return CSAT_EINVAL;
    if (!km->fitted)
        return CSAT_EMISUSE;
    *n_times = km->m;
    return CSAT_OK;
}

static void interval(const csat_km *km, double s, double sigma, double *lo, double *hi)
{
    double z = km->z, a, b;
    switch (km->conf_type) {
    case CSAT_KM_CONF_LOG:
        if (s <= 0.0) {
            *lo = *hi = 0.0;
            return;
        }
        *lo = s * exp(-z * sigma);
        *hi = fmin(1.0, s * exp(z * sigma));
        return;
    case CSAT_KM_CONF_LOGLOG:
        if (s <= 0.0 || s >= 1.0) {
            *lo = *hi = s;
            return;
        }
        a = exp(-exp(log(-log(s)) + z * sigma / log(s)));
        b = exp(-exp(log(-log(s)) - z * sigma / log(s)));
        *lo = fmin(a, b);
        *hi = fmax(a, b);
        return;
    case CSAT_KM_CONF_PLAIN:
        if (s <= 0.0) {
            *lo = *hi = 0.0;
            return;
        }
        *lo = fmax(0.0, s - z * sigma * s);
        *hi = fmin(1.0, s + z * sigma * s);
        return;
    default:
        *lo = *hi = s;
    }
}

csat_status csat_km_table(const csat_km *km, double *time, double *n_risk, double *n_event,
                          double *n_censor, double *survival, double *std_err, double *lower,
                          double *upper, size_t cap)
{
    double *out[4] = {time, n_risk, n_event, n_censor};
    const double *c;
    size_t m;
    if (!km || !csat__array_bytes_ok(cap, 1, sizeof(double)))
        return CSAT_EINVAL;
    if (!km->fitted)
        return CSAT_EMISUSE;
    m = km->m;
    if (cap < m)
        return CSAT_EBUFSIZE;
    c = km->cols;
    for (int k = 0; k < 4; k++)
        if (out[k])
            for (size_t j = 0; j < m; j++)
                out[k][j] = c[k * m + j];
    for (size_t j = 0; j < m; j++) {
        double s = c[COL_SURV * m + j], sig = c[COL_SIGMA * m + j], lo, hi;
        if (survival)
            survival[j] = s;
        if (std_err)
            std_err[j] = s > 0.0 ? s * sig : 0.0;
        interval(km, s, sig, &lo, &hi);
        if (lower)
            lower[j] = lo;
        if (upper)
            upper[j] = hi;
    }
    return CSAT_OK;
}

/* R's rule for where a curve y(x) crosses 0.5 (survmean's minmin). */
static int crossing(const double *x, const double *y, size_t m, double *out)
{
    for (size_t k = 0; k < m; k++) {
        if (!(y[k] < 0.5 + KM_TIE_TOL))
            continue;
        *out = x[k];
        if (fabs(y[k] - 0.5) < KM_TIE_TOL)
            for (size_t j = k + 1; j < m; j++)
                if (y[j] < y[k]) {
                    *out = 0.5 * (x[k] + x[j]);
                    break;
                }
        return 1;
    }
    return 0;
}

csat_status csat_km_median_survival(const csat_km *km, csat_km_median *out)
{
    csat_km_median r = {0, 0, 0, 0, 0, 0};
    double *lo, *hi;
    size_t m;
    if (!km || !out)
        return CSAT_EINVAL;
    if (!km->fitted)
        return CSAT_EMISUSE;
    m = km->m;
    lo = csat__malloc_array(&km->base.alloc, m, 2 * sizeof *lo);
    if (!lo)
        return CSAT_ENOMEM;
    hi = lo + m;
    (void)csat_km_table(km, NULL, NULL, NULL, NULL, NULL, NULL, lo, hi, m);
    r.median_found = crossing(km->cols, km->cols + COL_SURV * m, m, &r.median);
    r.lower_found = crossing(km->cols, lo, m, &r.lower);
    r.upper_found = crossing(km->cols, hi, m, &r.upper);
    csat__free(&km->base.alloc, lo);
    *out = r;
    return CSAT_OK;
}

csat_status csat_km_restricted_mean(const csat_km *km, double tau, double *rmean, double *se)
{
    const double *t, *risk, *ev, *S;
    double area = 0.0, var = 0.0, tail = 0.0, prev_t = 0.0, prev_s = 1.0;
    size_t m, k = 0;
    if (!km || !rmean || !isfinite(tau) || !(tau > 0.0))
        return CSAT_EINVAL;
    if (!km->fitted)
        return CSAT_EMISUSE;
    m = km->m;
    t = km->cols;
    risk = t + m;
    ev = t + 2 * m;
    S = t + COL_SURV * m;
    while (k < m && t[k] <= tau)
        k++;
    for (size_t j = 0; j < k; j++) {
        area += (t[j] - prev_t) * prev_s;
        prev_t = t[j];
        prev_s = S[j];
    }
    area += (tau - prev_t) * prev_s;
    /* var = sum_j A_j^2 d_j / (n_j (n_j - d_j)), A_j the area from t_j to tau,
     * summed as (A_j / sc)^2 with sc the largest A_j so far (as in a scaled
     * 2-norm): A_j^2 overflows for tau near 1e300 */
    double sc = 0.0;
    tail = (tau - (k ? t[k - 1] : tau)) * (k ? S[k - 1] : 1.0);
    for (size_t j = k; j-- > 0;) {
        double r = risk[j], d = ev[j];
        if (d > 0.0 && r > d && tail > 0.0) {
            if (tail > sc) {
                var *= (sc / tail) * (sc / tail);
                sc = tail;
            }
            var += (tail / sc) * (tail / sc) * greenwood_term(d, r);
        }
        if (j > 0)
            tail += (t[j] - t[j - 1]) * S[j - 1];
    }
    if (se && !isfinite(sc * sqrt(var)))
        return CSAT_EDOM;
    *rmean = area;
    if (se)
        *se = sc * sqrt(var);
    return CSAT_OK;
}

csat_status csat_km_survival_at(const csat_km *km, const double *t, size_t n, double *out)
{
    size_t m;
    if (!km || (n && (!t || !out)) || !csat__array_bytes_ok(n, 1, sizeof *out))
        return CSAT_EINVAL;
    if (!km->fitted)
        return CSAT_EMISUSE;
    if (csat__first_not_nonneg(t, n) < n)
        return CSAT_EINVAL;
    m = km->m;
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0, hi = m; /* first row with time > t[i] */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (km->cols[mid] <= t[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        out[i] = lo ? km->cols[COL_SURV * m + lo - 1] : 1.0;
    }
    return CSAT_OK;
}
