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
    return (TOP_SIZE + CSAT__SEL_MAX * DIGIT_SIZE) * sizeof(size_t) +
           2 * CSAT__SEL_MAX * sizeof(uint64_t) + TOP_SIZE;
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

/* One worker's part of the scratch. */
typedef struct sel_part {
    size_t *top, *ghist;
    uint64_t *gmin, *gmax;
    unsigned char *mask;
} sel_part;

static sel_part part_of(void *scratch, size_t w)
{
    sel_part p;
    char *base = (char *)scratch + w * csat__select_scratch_bytes();
    p.top = (size_t *)(void *)base;
    p.ghist = p.top + TOP_SIZE;
    p.gmin = (uint64_t *)(void *)(p.ghist + CSAT__SEL_MAX * DIGIT_SIZE);
    p.gmax = p.gmin + CSAT__SEL_MAX;
    p.mask = (unsigned char *)(p.gmax + CSAT__SEL_MAX);
    return p;
}

/* The passes run over fixed blocks of x; each worker counts into its own
 * histograms, which are then added up. Counts, minima and maxima do not
 * depend on which worker saw which block, so neither does the result. */
#define SEL_BLOCK 65536

typedef struct sel_job {
    const double *x;
    size_t n;
    void *scratch;
    int pass_top;
    unsigned known, shift;
    size_t ng;
    uint64_t gprefix[CSAT__SEL_MAX];
    const unsigned char *mask;
} sel_job;

static void sel_block(void *ctx, size_t worker, size_t b)
{
    const sel_job *j = ctx;
    sel_part p = part_of(j->scratch, worker);
    size_t lo = b * SEL_BLOCK, hi = lo + SEL_BLOCK < j->n ? lo + SEL_BLOCK : j->n;
    const double *x = j->x;
    if (j->pass_top) {
        for (size_t i = lo; i < hi; i++)
            p.top[key_of(x[i]) >> (64 - TOP_BITS)]++;
        return;
    }
    for (size_t i = lo; i < hi; i++) {
        uint64_t k = key_of(x[i]);
        uint64_t pre;
        if (!j->mask[k >> (64 - TOP_BITS)])
            continue;
        pre = k >> (64 - j->known);
        for (size_t g = 0; g < j->ng; g++) {
            if (pre == j->gprefix[g]) {
                p.ghist[g * DIGIT_SIZE + ((k >> j->shift) & (DIGIT_SIZE - 1))]++;
                if (k < p.gmin[g])
                    p.gmin[g] = k;
                if (k > p.gmax[g])
                    p.gmax[g] = k;
                break;
            }
        }
    }
}

size_t csat__select_workers(const csat__par *p, size_t n)
{
    return csat__par_workers(p, csat__n_blocks(n, SEL_BLOCK));
}

void csat__select_ranks_par(const double *x, size_t n, const size_t *rank, size_t nt, double *out,
                            void *scratch, const csat__par *par)
{
    sel_part p0 = part_of(scratch, 0);
    size_t nb = csat__n_blocks(n, SEL_BLOCK), nw = csat__par_workers(par, nb);
    target t[CSAT__SEL_MAX];
    sel_job job;
    unsigned known = TOP_BITS;

    memset(&job, 0, sizeof job);
    job.x = x;
    job.n = n;
    job.scratch = scratch;
    job.pass_top = 1;
    job.mask = p0.mask;
    for (size_t w = 0; w < nw; w++)
        memset(part_of(scratch, w).top, 0, TOP_SIZE * sizeof(size_t));
    csat__par_run(par, nb, sel_block, &job);
    for (size_t w = 1; w < nw; w++) {
        const size_t *tw = part_of(scratch, w).top;
        for (size_t b = 0; b < TOP_SIZE; b++)
            p0.top[b] += tw[b];
    }
    for (size_t j = 0; j < nt; j++) {
        t[j].rem = rank[j];
        t[j].prefix = find_bucket(p0.top, TOP_SIZE, &t[j].rem);
        t[j].done = 0;
    }

    job.pass_top = 0;
    for (;;) {
        size_t ng = 0;
        unsigned shift = 64 - known - DIGIT_BITS;
        memset(p0.mask, 0, TOP_SIZE);
        for (size_t j = 0; j < nt; j++) {
            size_t g;
            if (t[j].done)
                continue;
            for (g = 0; g < ng && job.gprefix[g] != t[j].prefix; g++)
                ;
            if (g == ng) {
                job.gprefix[ng] = t[j].prefix;
                p0.mask[t[j].prefix >> (known - TOP_BITS)] = 1;
                ng++;
            }
            t[j].group = (int)g;
        }
        if (ng == 0)
            break;
        for (size_t w = 0; w < nw; w++) {
            sel_part pw = part_of(scratch, w);
            memset(pw.ghist, 0, ng * DIGIT_SIZE * sizeof *pw.ghist);
            for (size_t g = 0; g < ng; g++) {
                pw.gmin[g] = UINT64_MAX;
                pw.gmax[g] = 0;
            }
        }
        job.known = known;
        job.shift = shift;
        job.ng = ng;
        csat__par_run(par, nb, sel_block, &job);
        for (size_t w = 1; w < nw; w++) {
            sel_part pw = part_of(scratch, w);
            for (size_t k = 0; k < ng * DIGIT_SIZE; k++)
                p0.ghist[k] += pw.ghist[k];
            for (size_t g = 0; g < ng; g++) {
                if (pw.gmin[g] < p0.gmin[g])
                    p0.gmin[g] = pw.gmin[g];
                if (pw.gmax[g] > p0.gmax[g])
                    p0.gmax[g] = pw.gmax[g];
            }
        }
        known += DIGIT_BITS;
        for (size_t j = 0; j < nt; j++) {
            int g = t[j].group;
            if (t[j].done)
                continue;
            if (p0.gmin[g] == p0.gmax[g]) {
                t[j].prefix = p0.gmin[g];
                t[j].done = 1;
                continue;
            }
            t[j].prefix = (t[j].prefix << DIGIT_BITS)
                          | find_bucket(p0.ghist + (size_t)g * DIGIT_SIZE, DIGIT_SIZE, &t[j].rem);
            if (known == 64)
                t[j].done = 1;
        }
        if (known == 64)
            break;
    }
    for (size_t j = 0; j < nt; j++)
        out[j] = value_of(t[j].prefix);
}

void csat__select_ranks(const double *x, size_t n, const size_t *rank, size_t nt, double *out,
                        void *scratch)
{
    csat__select_ranks_par(x, n, rank, nt, out, scratch, NULL);
}

double csat__quantile7_combine(double lo_val, double hi_val, double h)
{
    if (h <= 0.0 || hi_val == lo_val)
        return lo_val;
    return (1.0 - h) * lo_val + h * hi_val;
}
