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

csat_status csat__order_doubles(const double *x, size_t n, size_t *order, const csat_allocator *a)
{
    return order_keys(x, NULL, n, order, a);
}

csat_status csat__order_u64(const uint64_t *u, size_t n, size_t *order, const csat_allocator *a)
{
    return order_keys(NULL, u, n, order, a);
}
