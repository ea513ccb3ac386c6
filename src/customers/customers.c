/*
 * Customer records: the transaction store (create, add, count, list) and its
 * row queries. Summaries are in customers_summary.c, the sort in
 * customers_sort.c.
 */
#include "customers/customers_internal.h"

#include <math.h>
#include <string.h>

csat_status csat_customers_new(csat_customers **out, const csat_allocator *alloc)
{
    csat_customers *c;
    void *h;
    csat_status st;
    if (out == NULL)
        return CSAT_EINVAL;
    st = csat__handle_new(&h, sizeof *c, alloc);
    if (st != CSAT_OK)
        return st;
    c = h;
    c->rows = csat__calloc_array(&c->base.alloc, 1, sizeof *c->rows);
    if (c->rows == NULL) {
        csat__handle_free(c);
        return CSAT_ENOMEM;
    }
    c->rows->sorted = 1;
    *out = c;
    return CSAT_OK;
}

void csat_customers_free(csat_customers *c)
{
    if (c == NULL)
        return;
    csat__summary_clear(&c->base.alloc, &c->sum);
    csat__free(&c->base.alloc, c->rows->row);
    csat__free(&c->base.alloc, c->rows->src);
    csat__free(&c->base.alloc, c->rows->cost);
    csat__free(&c->base.alloc, c->rows->cat);
    csat__free(&c->base.alloc, c->rows->chan);
    csat__free(&c->base.alloc, c->rows);
    csat__free(&c->base.alloc, c->attr);
    csat__free(&c->base.alloc, c->compl);
    csat__handle_free(c);
}

const char *csat_customers_last_error(const csat_customers *c)
{
    return c ? c->base.err : "";
}

/* Make room for `extra` more rows; grows by at least a quarter so that many
 * small adds stay linear, but no more, to keep the slack within budget. */
static csat_status reserve(csat_customers *c, const char *fn, size_t extra)
{
    csat__txn_rows *r = c->rows;
    size_t need, cap, bytes;
    csat__txn *p;
    if (extra > SIZE_MAX - r->n || csat__mul_overflow(r->n + extra, sizeof *r->row, &bytes))
        return csat__fail(&c->base, CSAT_EINVAL, "%s: %zu more transactions "
                          "would overflow the size of the store", fn, extra);
    need = r->n + extra;
    if (need <= r->cap)
        return CSAT_OK;
    cap = r->cap + r->cap / 4;
    if (cap < need || csat__mul_overflow(cap, sizeof *r->row, &bytes))
        cap = need;
    p = csat__realloc(&c->base.alloc, r->row, r->cap * sizeof *r->row, cap * sizeof *r->row);
    if (p == NULL)
        return csat__fail(&c->base, CSAT_ENOMEM, "%s: no memory for %zu transactions", fn, need);
    r->row = p;
    r->cap = cap;
    return CSAT_OK;
}

/* Make room in the detail columns for `extra` more rows, creating the
 * columns this batch brings (and src). All or nothing as far as anyone can
 * see: a column that grew keeps its larger block (dcap stays the room every
 * column has), a column that would be new is installed only when every
 * allocation succeeded. A new column is filled for the rows so far: they
 * had no value for it (src starts as the identity: any numbering works,
 * as those rows share the defaults). */
static csat_status reserve_details(csat_customers *c, const char *fn, size_t extra, int costs,
                                   int cats, int chans)
{
    csat__txn_rows *r = c->rows;
    const csat_allocator *a = &c->base.alloc;
    size_t need = r->n + extra, cap; /* reserve() checked that need * 24 fits */
    void **col[4];
    size_t size[4];
    void *fresh[4] = {NULL, NULL, NULL, NULL};
    int want[4], ok = 1;
    want[0] = r->src != NULL || costs || cats || chans;
    want[1] = costs || r->cost;
    want[2] = cats || r->cat;
    want[3] = chans || r->chan;
    col[0] = (void **)&r->src, size[0] = sizeof *r->src;
    col[1] = (void **)&r->cost, size[1] = sizeof *r->cost;
    col[2] = (void **)&r->cat, size[2] = sizeof *r->cat;
    col[3] = (void **)&r->chan, size[3] = sizeof *r->chan;
    if (!want[0])
        return CSAT_OK;
    if (need <= r->dcap && (r->src != NULL) == want[0] && (r->cost != NULL) == want[1]
        && (r->cat != NULL) == want[2] && (r->chan != NULL) == want[3])
        return CSAT_OK;
    cap = need <= r->dcap ? r->dcap : r->dcap + r->dcap / 4;
    if (cap < need || !csat__array_bytes_ok(cap, 1, sizeof(double)))
        cap = need;
    for (int k = 0; k < 4 && ok; k++) {
        if (!want[k])
            continue;
        if (*col[k] == NULL) {
            fresh[k] = csat__malloc_array(a, cap, size[k]);
            ok = fresh[k] != NULL;
        } else if (cap > r->dcap) {
            void *p = csat__realloc(a, *col[k], r->dcap * size[k], cap * size[k]);
            ok = p != NULL;
            if (ok)
                *col[k] = p;
        }
    }
    if (!ok) {
        for (int k = 0; k < 4; k++)
            csat__free(a, fresh[k]);
        return csat__fail(&c->base, CSAT_ENOMEM, "%s: no memory for the detail columns of %zu "
                          "transactions", fn, need);
    }
    for (size_t i = 0; i < r->n; i++) {
        if (fresh[0])
            ((size_t *)fresh[0])[i] = i;
        if (fresh[1])
            ((double *)fresh[1])[i] = 0.0;
        if (fresh[2])
            ((int32_t *)fresh[2])[i] = -1;
        if (fresh[3])
            ((int32_t *)fresh[3])[i] = -1;
    }
    for (int k = 0; k < 4; k++)
        if (fresh[k])
            *col[k] = fresh[k];
    r->dcap = cap;
    return CSAT_OK;
}

/* Copying and checking the rows of an add runs over fixed blocks (on the
 * handle's threads): what it finds (the first bad row, the extremes of the
 * times, the id bits that vary, whether the rows stay in key order) does
 * not depend on how the blocks are shared out. */
#define ADD_BLOCK 65536
#define ADD_MAX_BLOCKS 256 /* on the stack: larger adds get larger blocks */

typedef struct add_job {
    const uint64_t *ids;
    const double *times, *amounts;
    csat__txn *row; /* the store's rows; the new ones start at `base` */
    size_t base, n, block;
    uint64_t id_ref;
    struct add_part {
        size_t bad;      /* first bad row of the block, or n */
        double t_min, t_max;
        uint64_t id_diff;
        size_t added;    /* rows starting a new customer (sortedness pass) */
        int unsorted;
    } *part;
} add_job;

static void add_range(const add_job *j, size_t b, size_t *lo, size_t *hi)
{
    *lo = b * j->block;
    *hi = *lo + j->block < j->n ? *lo + j->block : j->n;
}

static void add_copy(void *ctx, size_t worker, size_t b)
{
    add_job *j = ctx;
    struct add_part *pt = &j->part[b];
    csat__txn *dst = j->row + j->base;
    size_t lo, hi;
    double lo_t = INFINITY, hi_t = -INFINITY;
    uint64_t diff = 0;
    (void)worker;
    add_range(j, b, &lo, &hi);
    pt->bad = j->n;
    for (size_t i = lo; i < hi; i++) {
        double t = j->times[i], a = j->amounts ? j->amounts[i] : 0.0;
        if (!(isfinite(t) && t >= 0.0) || !(isfinite(a) && a >= 0.0)) {
            pt->bad = i;
            break;
        }
        dst[i].id = j->ids[i];
        diff |= j->ids[i] ^ j->id_ref;
        dst[i].time = t + 0.0; /* -0 -> +0: the sort compares bit patterns */
        dst[i].amount = a + 0.0;
        lo_t = t < lo_t ? t : lo_t;
        hi_t = t > hi_t ? t : hi_t;
    }
    pt->t_min = lo_t;
    pt->t_max = hi_t;
    pt->id_diff = diff;
}

/* Appending keys in order (e.g. ascending ids) keeps the rows sorted. */
static void add_order(void *ctx, size_t worker, size_t b)
{
    add_job *j = ctx;
    struct add_part *pt = &j->part[b];
    size_t lo, hi, added = 0;
    (void)worker;
    add_range(j, b, &lo, &hi);
    pt->unsorted = 0;
    for (size_t i = j->base + lo; i < j->base + hi; i++) {
        const csat__txn *p = &j->row[i - (i > 0)], *q = &j->row[i];
        if (i == 0 || p->id < q->id)
            added++;
        else if (!(p->id == q->id &&
                   (p->time < q->time || (p->time == q->time && p->amount <= q->amount)))) {
            pt->unsorted = 1;
            break;
        }
    }
    pt->added = added;
}

static csat_status add_rows(csat_customers *c, const char *fn, const uint64_t *ids,
                            const double *times, const double *amounts, const double *costs,
                            const int32_t *cats, const int32_t *chans, size_t n)
{
    csat__txn_rows *r;
    add_job job;
    struct add_part part[ADD_MAX_BLOCKS];
    size_t nb;
    double t_min, t_max;
    uint64_t id_diff;
    int sorted;
    csat_status st;
    if (c == NULL)
        return CSAT_EINVAL;
    if (n == 0)
        return CSAT_OK;
    if (ids == NULL || times == NULL)
        return csat__fail(&c->base, CSAT_EINVAL, "%s: %s is NULL", fn,
                          ids == NULL ? "ids" : "times");
    st = reserve(c, fn, n);
    if (st != CSAT_OK)
        return st;
    r = c->rows;
    /* Check the detail columns before growing them. */
    for (size_t i = 0; i < n; i++) {
        if (costs && !(isfinite(costs[i]) && costs[i] >= 0.0)) {
            return csat__fail(&c->base, CSAT_EINVAL,
                              "%s: costs[%zu] = %g is not a finite number >= 0", fn, i, costs[i]);
        }
        if (cats && cats[i] < 0) {
            return csat__fail(&c->base, CSAT_EINVAL, "%s: categories[%zu] = %ld is negative", fn, i,
                              (long)cats[i]);
        }
        if (chans && chans[i] < 0) {
            return csat__fail(&c->base, CSAT_EINVAL, "%s: channels[%zu] = %ld is negative", fn, i,
                              (long)chans[i]);
        }
    }
    /* Validate while copying into the spare capacity: the rows count only
     * once r->n moves, so a bad value leaves the store as it was. */
    job.ids = ids;
    job.times = times;
    job.amounts = amounts;
    job.row = r->row;
    job.base = r->n;
    job.n = n;
    job.id_ref = r->n ? r->row[0].id : ids[0];
    /* Blocks from n alone: ADD_BLOCK rows, or more when that makes too many. */
    job.block = csat__n_blocks(n, ADD_BLOCK) <= ADD_MAX_BLOCKS ? ADD_BLOCK
                                                                : csat__n_blocks(n, ADD_MAX_BLOCKS);
    nb = csat__n_blocks(n, job.block);
    job.part = part;
    csat__par_run(csat__handle_par(c), nb, add_copy, &job);
    t_min = r->n ? r->t_min : times[0];
    t_max = r->n ? r->t_max : times[0];
    id_diff = r->id_diff;
    for (size_t b = 0; b < nb; b++) {
        size_t i = job.part[b].bad;
        if (i < n) {
            double t = times[i], a = amounts ? amounts[i] : 0.0;
            if (!(isfinite(t) && t >= 0.0))
                return csat__fail(&c->base, CSAT_EINVAL,
                                  "%s: times[%zu] = %g is not a finite number >= 0", fn, i, t);
            return csat__fail(&c->base, CSAT_EINVAL,
                              "%s: amounts[%zu] = %g is not a finite number >= 0", fn, i, a);
        }
        t_min = job.part[b].t_min < t_min ? job.part[b].t_min : t_min;
        t_max = job.part[b].t_max > t_max ? job.part[b].t_max : t_max;
        id_diff |= job.part[b].id_diff;
    }
    sorted = r->sorted;
    st = reserve_details(c, fn, n, costs != NULL, cats != NULL, chans != NULL);
    if (st != CSAT_OK) {
            return st;
    }
    if (r->src != NULL) {
        /* New rows get the next insertion numbers, r->n .. r->n + n - 1. */
        for (size_t i = 0; i < n; i++) {
            size_t k = r->n + i;
            r->src[k] = k;
            if (r->cost)
                r->cost[k] = costs ? costs[i] + 0.0 : 0.0;
            if (r->cat)
                r->cat[k] = cats ? cats[i] : -1;
            if (r->chan)
                r->chan[k] = chans ? chans[i] : -1;
        }
    }
    /* Appending keys in order (e.g. ascending ids) keeps the rows sorted;
     * then count the new customers here instead of sorting later. */
    if (sorted) {
        size_t added = 0;
        csat__par_run(csat__handle_par(c), nb, add_order, &job);
        for (size_t b = 0; b < nb; b++) {
            sorted = sorted && !job.part[b].unsorted;
            added += job.part[b].added;
        }
        if (sorted)
            r->n_customers += added;
    }
    r->n += n;
    r->t_min = t_min;
    r->t_max = t_max;
    r->id_diff = id_diff;
    if (r->sorted && !sorted)
        r->n_sorted = r->n - n; /* the rows before this add */
    r->sorted = sorted;
    if (c->have_summary) {
        csat__summary_clear(&c->base.alloc, &c->sum);
        c->have_summary = 0;
    }
    csat__clear_error(&c->base);
    return CSAT_OK;
}

csat_status csat_customers_add(csat_customers *c, const uint64_t *ids, const double *times,
                               const double *amounts, size_t n)
{
    return add_rows(c, "csat_customers_add", ids, times, amounts, NULL, NULL, NULL, n);
}

csat_status csat_customers_add_details(csat_customers *c, const uint64_t *ids, const double *times,
                                       const double *amounts, const double *costs,
                                       const int32_t *categories, const int32_t *channels, size_t n)
{
    return add_rows(c, "csat_customers_add_details", ids, times, amounts, costs, categories,
                    channels, n);
}

csat_status csat_customers_count(const csat_customers *c, size_t *n_customers, size_t *n_transactions)
{
    if (c == NULL)
        return CSAT_EINVAL;
    if (n_customers) {
        csat__txn_sort_par(c->rows, &c->base.alloc, csat__handle_par(c));
        *n_customers = c->rows->n_customers;
    }
    if (n_transactions)
        *n_transactions = c->rows->n;
    return CSAT_OK;
}

csat_status csat_customers_memory(const csat_customers *c, size_t *bytes)
{
    if (c == NULL || bytes == NULL)
        return CSAT_EINVAL;
    /* Each term is the size of an existing allocation, so the sum fits. */
    const csat__txn_rows *r = c->rows;
    *bytes = sizeof *c + sizeof *r + r->cap * sizeof *r->row +
             (c->have_summary ? r->n_customers * (sizeof *c->sum.id + c->sum.stride * sizeof(double))
                              : 0) +
             r->dcap * ((r->src ? sizeof *r->src : 0) + (r->cost ? sizeof *r->cost : 0) +
                        (r->cat ? sizeof *r->cat : 0) + (r->chan ? sizeof *r->chan : 0)) +
             c->n_attr * sizeof *c->attr + c->n_compl * sizeof *c->compl;
    return CSAT_OK;
}

csat_status csat_customers_ids(const csat_customers *c, uint64_t *ids, size_t cap)
{
    const csat__txn_rows *r;
    size_t k = 0;
    if (c == NULL || !csat__array_bytes_ok(cap, 1, sizeof *ids))
        return CSAT_EINVAL;
    csat__txn_sort_par(c->rows, &c->base.alloc, csat__handle_par(c));
    r = c->rows;
    if (cap < r->n_customers)
        return CSAT_EBUFSIZE;
    if (ids == NULL && r->n_customers > 0)
        return CSAT_EINVAL;
    for (size_t i = 0; i < r->n; i++)
        if (i == 0 || r->row[i].id != r->row[i - 1].id)
            ids[k++] = r->row[i].id;
    return CSAT_OK;
}

csat_status csat__customer_rows(const csat_customers *c, uint64_t id, size_t cap, size_t *n,
                                size_t *first)
{
    const csat__txn_rows *r;
    size_t count = 0;
    if (c == NULL || n == NULL || !csat__array_bytes_ok(cap, 1, sizeof(double)))
        return CSAT_EINVAL;
    csat__txn_sort_par(c->rows, &c->base.alloc, csat__handle_par(c));
    r = c->rows;
    *first = csat__txn_find(r, id);
    if (*first == r->n)
        return CSAT_EINVAL;
    while (*first + count < r->n && r->row[*first + count].id == id)
        count++;
    *n = count;
    return cap < count ? CSAT_EBUFSIZE : CSAT_OK;
}

csat_status csat_customers_transactions(const csat_customers *c, uint64_t id, double *times,
                                        double *amounts, size_t cap, size_t *n)
{
    const csat__txn_rows *r;
    size_t first = 0, count;
    csat_status st = csat__customer_rows(c, id, cap, n, &first);
    if (st != CSAT_OK)
        return st;
    r = c->rows;
    count = *n;
    for (size_t i = 0; i < count; i++) {
        if (times)
            times[i] = r->row[first + i].time;
        if (amounts)
            amounts[i] = r->row[first + i].amount;
    }
    return CSAT_OK;
}

csat_status csat_summary_options_init(csat_summary_options *opts, unsigned int version)
{
    const csat_summary_options def = CSAT_SUMMARY_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_SUMMARY_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}
