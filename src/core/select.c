/*
 * Order statistics without sorting: an MSD radix selection on the IEEE bit
 * patterns of the doubles. The first pass histograms the top 16 bits; each
 * later pass refines every unresolved rank by the next 12 bits, looking only
 * at values whose prefix matches. A group whose values are all equal is
 * resolved at once (counts and amounts are full of ties), so integer data
 * needs two passes and continuous data rarely more than three. The input is
 * only read, never copied: memory is a fixed ~1 MiB of histograms.
 */
#include "core/select.h"

#include <math.h>
#include <string.h>

#define TOP_BITS 16
#define TOP_SIZE ((size_t)1 << TOP_BITS)
#define DIGIT_BITS 12
#define DIGIT_SIZE ((size_t)1 << DIGIT_BITS)

size_t csat__select_scratch_bytes(void)
{
    return (TOP_SIZE + CSAT__SEL_MAX * DIGIT_SIZE) * sizeof(size_t) + TOP_SIZE;
}

/* Order-preserving map from doubles (not NaN) to unsigned integers; -0 and
 * +0 map to the same key because they compare equal. */
static inline uint64_t key_of(double x)
{
    uint64_t u;
    x += 0.0;
    memcpy(&u, &x, sizeof u);
    return (u >> 63) ? ~u : (u | ((uint64_t)1 << 63));
}

static inline double value_of(uint64_t k)
{
    uint64_t u = (k >> 63) ? (k & ~((uint64_t)1 << 63)) : ~k;
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Bucket of a histogram that holds the element of rank *rem; *rem becomes the rank inside it. */
static size_t find_bucket(const size_t *hist, size_t size, size_t *rem)
{
    size_t b = 0;
    while (b + 1 < size && *rem >= hist[b]) {
        *rem -= hist[b];
        b++;
    }
    return b;
}

typedef struct target {
    uint64_t prefix; /* known top bits of the key */
    size_t rem;      /* rank among values with this prefix */
    int done;
    int group;
} target;

void csat__select_ranks(const double *x, size_t n, const size_t *rank, size_t nt, double *out,
                        void *scratch)
{
    size_t *top = scratch;
    size_t *ghist = top + TOP_SIZE;
    unsigned char *mask = (unsigned char *)(ghist + CSAT__SEL_MAX * DIGIT_SIZE);
    target t[CSAT__SEL_MAX];
    uint64_t gprefix[CSAT__SEL_MAX], gmin[CSAT__SEL_MAX], gmax[CSAT__SEL_MAX];
    unsigned known = TOP_BITS;

    memset(top, 0, TOP_SIZE * sizeof *top);
    for (size_t i = 0; i < n; i++)
        top[key_of(x[i]) >> (64 - TOP_BITS)]++;
    for (size_t j = 0; j < nt; j++) {
        t[j].rem = rank[j];
        t[j].prefix = find_bucket(top, TOP_SIZE, &t[j].rem);
        t[j].done = 0;
    }

    for (;;) {
        size_t ng = 0;
        unsigned shift = 64 - known - DIGIT_BITS;
        memset(mask, 0, TOP_SIZE);
        for (size_t j = 0; j < nt; j++) {
            size_t g;
            if (t[j].done)
                continue;
            for (g = 0; g < ng && gprefix[g] != t[j].prefix; g++)
                ;
            if (g == ng) {
                gprefix[ng] = t[j].prefix;
                gmin[ng] = UINT64_MAX;
                gmax[ng] = 0;
                memset(ghist + ng * DIGIT_SIZE, 0, DIGIT_SIZE * sizeof *ghist);
                mask[t[j].prefix >> (known - TOP_BITS)] = 1;
                ng++;
            }
            t[j].group = (int)g;
        }
        if (ng == 0)
            break;
        for (size_t i = 0; i < n; i++) {
            uint64_t k = key_of(x[i]);
            uint64_t p;
            if (!mask[k >> (64 - TOP_BITS)])
                continue;
            p = k >> (64 - known);
            for (size_t g = 0; g < ng; g++) {
                if (p == gprefix[g]) {
                    ghist[g * DIGIT_SIZE + ((k >> shift) & (DIGIT_SIZE - 1))]++;
                    if (k < gmin[g])
                        gmin[g] = k;
                    if (k > gmax[g])
                        gmax[g] = k;
                    break;
                }
            }
        }
        known += DIGIT_BITS;
        for (size_t j = 0; j < nt; j++) {
            int g = t[j].group;
            if (t[j].done)
                continue;
            if (gmin[g] == gmax[g]) {
                t[j].prefix = gmin[g];
                t[j].done = 1;
                continue;
            }
            t[j].prefix = (t[j].prefix << DIGIT_BITS)
                          | find_bucket(ghist + (size_t)g * DIGIT_SIZE, DIGIT_SIZE, &t[j].rem);
            if (known == 64)
                t[j].done = 1;
        }
        if (known == 64)
            break;
    }
    for (size_t j = 0; j < nt; j++)
        out[j] = value_of(t[j].prefix);
}

double csat__quantile7_combine(double lo_val, double hi_val, double h)
{
    if (h <= 0.0 || hi_val == lo_val)
        return lo_val;
    return (1.0 - h) * lo_val + h * hi_val;
}
