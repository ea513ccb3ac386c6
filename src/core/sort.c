#include "core/sort.h"

#include <stdint.h>
#include <string.h>

typedef struct kv {
    uint64_t key;
    size_t idx;
} kv;

/* An unsigned key whose order is the numeric order of the double. */
static uint64_t order_key(double v)
{
    uint64_t b;
    v += 0.0; /* -0.0 -> +0.0 */
    memcpy(&b, &v, sizeof b);
    return (b >> 63) ? ~b : b | (UINT64_C(1) << 63);
}

/* The radix sort proper, on keys of x (doubles) or u (integers). */
static csat_status order_keys(const double *x, const uint64_t *u, size_t n, size_t *order,
                              const csat_allocator *a)
{
    size_t (*hist)[256];
    kv *buf, *src, *dst;
    if (n == 0)
        return CSAT_OK;
    buf = csat__malloc_array(a, n, 2 * sizeof *buf);
    hist = csat__calloc_array(a, 8, sizeof *hist);
    if (!buf || !hist) {
        csat__free(a, buf);
        csat__free(a, hist);
        return CSAT_ENOMEM;
    }
    src = buf;
    dst = buf + n;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = x ? order_key(x[i]) : u[i];
        src[i].key = k;
        src[i].idx = i;
        for (int p = 0; p < 8; p++)
            hist[p][(k >> (8 * p)) & 0xff]++;
    }
    for (int p = 0; p < 8; p++) {
        size_t pos = 0;
        kv *t;
        if (hist[p][(src[0].key >> (8 * p)) & 0xff] == n)
            continue; /* every key has this byte: the pass would not move anything */
        for (int b = 0; b < 256; b++) {
            size_t c = hist[p][b];
            hist[p][b] = pos;
            pos += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[hist[p][(src[i].key >> (8 * p)) & 0xff]++] = src[i];
        t = src;
        src = dst;
        dst = t;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = src[i].idx;
    csat__free(a, hist);
    csat__free(a, buf);
    return CSAT_OK;
}

/* ---- on threads ----------------------------------------------------------- */

/* Keys per block of the counting and scattering passes (not the thread
 * count's business: the sort is stable, so its result is unique anyway). */
#define ORDER_BLOCK 65536

typedef struct order_job {
    const double *x;
    const uint64_t *u;
    size_t n, *order;
    kv *src, *dst;
    size_t (*hist)[256]; /* per block */
    int pass;            /* -1: load keys */
} order_job;

static void order_range(const order_job *j, size_t b, size_t *lo, size_t *hi)
{
    *lo = b * ORDER_BLOCK;
    *hi = *lo + ORDER_BLOCK < j->n ? *lo + ORDER_BLOCK : j->n;
}

static void order_count(void *ctx, size_t worker, size_t b)
{
    order_job *j = ctx;
    size_t lo, hi, *h = j->hist[b];
    int sh = 8 * j->pass;
    (void)worker;
    order_range(j, b, &lo, &hi);
    memset(h, 0, 256 * sizeof *h);
    if (j->pass == 0)
        for (size_t i = lo; i < hi; i++) {
            uint64_t k = j->x ? order_key(j->x[i]) : j->u[i];
            j->src[i].key = k;
            j->src[i].idx = i;
        }
    for (size_t i = lo; i < hi; i++)
        h[(j->src[i].key >> sh) & 0xff]++;
}

static void order_scatter(void *ctx, size_t worker, size_t b)
{
    order_job *j = ctx;
    size_t lo, hi, *h = j->hist[b];
    int sh = 8 * j->pass;
    (void)worker;
    order_range(j, b, &lo, &hi);
    for (size_t i = lo; i < hi; i++)
        j->dst[h[(j->src[i].key >> sh) & 0xff]++] = j->src[i];
}

static void order_out(void *ctx, size_t worker, size_t b)
{
    order_job *j = ctx;
    size_t lo, hi;
    (void)worker;
    order_range(j, b, &lo, &hi);
    for (size_t i = lo; i < hi; i++)
        j->order[i] = j->src[i].idx;
}

/* The LSD radix sort with every pass over fixed blocks: per block counts,
 * write heads digit-major then block order (stable), per block scatter. */
static csat_status order_keys_par(const double *x, const uint64_t *u, size_t n, size_t *order,
                                  const csat_allocator *a, const csat__par *p)
{
    order_job j;
    kv *buf;
    size_t nb = csat__n_blocks(n, ORDER_BLOCK);
    memset(&j, 0, sizeof j);
    buf = csat__malloc_array(a, n, 2 * sizeof *buf);
    j.hist = csat__malloc_array(a, nb, sizeof *j.hist);
    if (!buf || !j.hist) {
        csat__free(a, buf);
        csat__free(a, j.hist);
        return CSAT_ENOMEM;
    }
    j.x = x;
    j.u = u;
    j.n = n;
    j.order = order;
    j.src = buf;
    j.dst = buf + n;
    for (j.pass = 0; j.pass < 8; j.pass++) {
        size_t pos = 0, first;
        kv *t;
        csat__par_run(p, nb, order_count, &j);
        first = (j.src[0].key >> (8 * j.pass)) & 0xff;
        for (size_t b = 0; b < nb; b++)
            pos += j.hist[b][first];
        if (pos == n)
            continue; /* every key has this byte */
        pos = 0;
        for (int d = 0; d < 256; d++)
            for (size_t b = 0; b < nb; b++) {
                size_t c = j.hist[b][d];
                j.hist[b][d] = pos;
                pos += c;
            }
        csat__par_run(p, nb, order_scatter, &j);
        t = j.src;
        j.src = j.dst;
        j.dst = t;
    }
    csat__par_run(p, nb, order_out, &j);
    csat__free(a, j.hist);
    csat__free(a, buf);
    return CSAT_OK;
}

csat_status csat__order_doubles_par(const double *x, size_t n, size_t *order, const csat_allocator *a,
                                    const csat__par *p)
{
    if (n < 2 * ORDER_BLOCK || csat__par_workers(p, csat__n_blocks(n, ORDER_BLOCK)) < 2)
        return order_keys(x, NULL, n, order, a);
    return order_keys_par(x, NULL, n, order, a, p);
}

csat_status csat__order_doubles(const double *x, size_t n, size_t *order, const csat_allocator *a)
{
    return order_keys(x, NULL, n, order, a);
}

csat_status csat__order_u64(const uint64_t *u, size_t n, size_t *order, const csat_allocator *a)
{
    return order_keys(NULL, u, n, order, a);
}
