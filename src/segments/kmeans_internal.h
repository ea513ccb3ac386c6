/*
 * Private to the k-means sources (kmeans_seed.c, kmeans_assign.c,
 * kmeans_fit.c, kmeans_quality.c): the handle, the work space of one fit,
 * and the kernels more than one of them runs on every row. The kernels sit
 * here as static inline rather than in a .c file of their own because a
 * call into another file could not be inlined (see HOT).
 */
#ifndef CSAT_KMEANS_INTERNAL_H
#define CSAT_KMEANS_INTERNAL_H

#include "numerics/numerics.h"
#include "segments/segmentation.h"

struct csat_kmeans {
    csat__base base;
    size_t k, d, n_iter;
    double inertia;
    int fitted, converged;
    double *centers; /* k*d, input units; one block with the two below */
    double *scaled;  /* k*d: the centres times the scales, as the fit compared rows with them */
    double *scales;  /* d: what each feature was multiplied by (1/sd with standardize, else a power of two) */
};

/* Hot loops are forced inline into the d == 3 and generic call sites, so the
 * compiler sees a constant d and unrolls the feature loops.
 * CSAT_NO_FORCE_INLINE (the coverage build, .ci/coverage) leaves them plain
 * static functions: unoptimised, every forced copy would count each branch
 * again, with its tests of d (constant in that copy) never taken one way. */
#if defined(__GNUC__) && !defined(CSAT_NO_FORCE_INLINE)
#  define HOT static inline __attribute__((always_inline))
#else
#  define HOT static inline
#endif

/* The passes over the rows are compiled twice on x86-64 with GNU compilers,
 * for AVX2 and the baseline, and picked by the CPU (seeding by
 * target_clones, the Lloyd pass by hand: see csat__kmeans_assign); both
 * compute identical results (element-wise IEEE operations only, no FMA:
 * see the "rows in blocks" note). CSAT_NO_TARGET_CLONES turns this off. */
#define KM_CLONES CSAT__CLONES
#ifdef CSAT__X86_CLONES
#  define KM_X86_CLONES 1
#endif

/* ---- PRNG: splitmix64 (state in the caller's stack frame) ------------------- */

static inline uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline double rng_unif(uint64_t *s) { return (double)(rng_next(s) >> 11) * 0x1p-53; }

/* ---- kernels ---------------------------------------------------------------- */

/* A power of two that brings m (> 0) near 1, or 1 where squared distances
 * of values of size m neither overflow nor underflow: ordinary data are
 * clustered exactly as given, and values near 1e200 or 1e-200 are scaled
 * without rounding (k-means is equivariant under a common scale). */
static inline double pow2_scale(double m)
{
    int e;
    if (m == 0.0 || (m >= 0x1p-400 && m <= 0x1p400))
        return 1.0;
    (void)frexp(m, &e);
    return ldexp(1.0, e > 1020 ? -1020 : e < -1020 ? 1020 : -e);
}

HOT void scale_row(const double *x, const double *sc, size_t d, double *xs)
{
    if (d == 3) {
        xs[0] = x[0] * sc[0], xs[1] = x[1] * sc[1], xs[2] = x[2] * sc[2];
        return;
    }
    for (size_t j = 0; j < d; j++)
        xs[j] = x[j] * sc[j];
}

HOT double dist2(const double *a, const double *b, size_t d)
{
    double s = 0.0;
    if (d == 3) { /* independent products: no serial add chain */
        double t0 = a[0] - b[0], t1 = a[1] - b[1], t2 = a[2] - b[2];
        return t0 * t0 + (t1 * t1 + t2 * t2);
    }
    for (size_t j = 0; j < d; j++) {
        double t = a[j] - b[j];
        s += t * t;
    }
    return s;
}

/* ---- rows in blocks ------------------------------------------------------------
 * For d <= BLK_MAX_D the passes over the rows (seeding, Lloyd, the final
 * assignment) copy a block of rows, scaled, into a transposed local array
 * (one array per feature) and compare centres with several rows at once
 * in vector registers. Each lane computes exactly what dist2 computes (same
 * operations in the same order; GCC in ISO C mode does not contract them
 * into FMA, and neither clone enables FMA), the running minimum uses
 * the same strict < as a plain scan (lowest index wins ties), and sums
 * still run over the rows in order: labels, centres and inertia are
 * bit-identical to the row-at-a-time code, across the clones and with
 * CSAT_NO_VECTOR_EXT. Memory: a block on the stack (about 6 KiB). */
#define BLK 128
#define BLK_MAX_D 4

typedef struct blk {
    double x[BLK_MAX_D][BLK]; /* scaled rows, transposed; padding rows are 0 */
    double best[BLK];         /* squared distance to the nearest centre */
    double idx[BLK];          /* its index (a double, so the select vectorises) */
} blk;

#if defined(__GNUC__) && !defined(CSAT_NO_VECTOR_EXT)
/* GNU vector extensions (gcc, clang) for the block kernels: four-lane
 * vectors here (block_load, seeding's block_dist, the AVX2 scan), two-lane
 * ones beside the scan that needs them (kmeans_assign.c). Each lane
 * computes exactly dist2's operations. CSAT_NO_VECTOR_EXT selects the
 * portable code (to test it). */
#  define KM_VECTOR 1
typedef double km_v4 __attribute__((vector_size(32)));
typedef __typeof__((km_v4){0} < (km_v4){0}) km_m4;
/* unaligned loads and stores of four doubles (may_alias: the storage is double) */
typedef double km_v4u __attribute__((vector_size(32), aligned(8), may_alias));
#  define KM_LD(p) (*(const km_v4u *)(const void *)(p))
#  define KM_ST(p, v) (*(km_v4u *)(void *)(p) = (v))
#  define KM_V4(a) ((km_v4){(a), (a), (a), (a)})
#endif

/* The m <= BLK rows at X, scaled, into b->x. */
HOT void block_load(blk *b, const double *X, size_t m, size_t d, const double *sc)
{
#if defined(KM_VECTOR)
    if (d == 3 && m == BLK) { /* four rows in, three vector stores out */
        const km_v4 s0 = KM_V4(sc[0]), s1 = KM_V4(sc[1]), s2 = KM_V4(sc[2]);
        for (size_t i = 0; i < BLK; i += 4) {
            const double *r = X + i * 3;
            km_v4 v0 = {r[0], r[3], r[6], r[9]}, v1 = {r[1], r[4], r[7], r[10]};
            km_v4 v2 = {r[2], r[5], r[8], r[11]};
            v0 *= s0, v1 *= s1, v2 *= s2;
            KM_ST(b->x[0] + i, v0);
            KM_ST(b->x[1] + i, v1);
            KM_ST(b->x[2] + i, v2);
        }
        return;
    }
#endif
    if (d == 3)
        for (size_t i = 0; i < m; i++) /* one sequential read of the rows */
            b->x[0][i] = X[i * 3] * sc[0], b->x[1][i] = X[i * 3 + 1] * sc[1], b->x[2][i] = X[i * 3 + 2] * sc[2];
    else
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < d; j++)
                b->x[j][i] = X[i * d + j] * sc[j];
    if (m < BLK)
        for (size_t j = 0; j < d; j++)
            for (size_t i = m; i < BLK; i++)
                b->x[j][i] = 0.0;
}

/* All work happens in a scaled space (xs_j = s_j x_j, s_j = 1 or 1/sd_j), so
 * standardising never copies X. */
typedef struct ws {
    const double *X;
    size_t n, d, k;
    const double *sc; /* per-feature scale */
    double *c;        /* k*d centres, scaled space */
    double *sum;      /* k*d */
    size_t *cnt;      /* k */
    double *shift;    /* k */
    double *half;     /* k: half the distance to the nearest other centre */
    double *ub, *lb;  /* n each (Hamerly only) */
    int *lab;         /* caller's labels */
    double *xs;       /* d: one scaled row */
    double *cand;     /* MAX_TRIALS*d: seeding candidates, scaled */
    double *S;        /* k: total movement of each centre (Hamerly) */
    double M;         /* total of the largest movement per iteration (Hamerly) */
    /* The passes over the rows (Lloyd, Hamerly, final assignment) run in
     * nb blocks of `rows` rows (the last may be shorter), cut from n, k and
     * d only (km_blocks), each with its own partial results, combined in
     * block order: the same bits however the blocks are scheduled. */
    size_t nb, rows;
    double *psum;     /* nb*k*d: per-block sums of the scaled rows by cluster */
    size_t *pcnt;     /* nb*k: per-block counts */
    size_t *pchg;     /* nb: per-block rows whose label changed */
    csat__ksum *pks;  /* nb: per-block inertia (final assignment) */
    double *pxs;      /* nb*KM_XS(d): per-block scratch (a scaled row; a tile of wide rows) */
    const csat__par *par; /* the handle's thread settings (NULL: serial) */
} ws;

/* Rows of more than BLK_MAX_D features go through the Lloyd pass in tiles
 * of KM_WR rows, transposed (d x KM_WR), with their nearest distances and
 * indices: the per-block scratch holds that tile, or one scaled row. */
#define KM_WR 32
#define KM_XS(d) ((d) * KM_WR + 2 * KM_WR)

/* Most blocks a pass is cut into: up to 256, fewer when per-block partials
 * (k (d + 1) values each) would exceed 2^20 values (8 MiB), at least 16. */
#define KM_MAX_BLOCKS 256
#define KM_PARTIAL_CAP ((size_t)1 << 20)
#define KM_MIN_ROWS 4096 /* rows per block at least (a multiple of BLK) */

/* The block layout of w's passes from n, k and d (never from the thread
 * count): sets w->nb and w->rows. Rows per block are a multiple of BLK. */
static inline void km_blocks(ws *w)
{
    size_t per = w->k * (w->d + 1) + KM_XS(w->d), cap = KM_MAX_BLOCKS, rows;
    if (per > 0 && KM_PARTIAL_CAP / per < cap)
        cap = KM_PARTIAL_CAP / per < 16 ? 16 : KM_PARTIAL_CAP / per;
    rows = w->n / cap + (w->n % cap != 0);
    rows = (rows + BLK - 1) / BLK * BLK;
    if (rows < KM_MIN_ROWS)
        rows = KM_MIN_ROWS;
    w->rows = rows;
    w->nb = w->n == 0 ? 0 : (w->n - 1) / rows + 1;
}

/* Sum the nb per-block partials (k*d sums, k counts) into w->sum and
 * w->cnt in block order (kmeans_assign.c). */
void csat__kmeans_combine(ws *w);

/* Run task(ctx, worker, b) for b in [0, w->nb) on the handle's threads (or
 * inline); every task writes only block b's partials and rows. */
void csat__kmeans_run(const ws *w, csat__block_fn *task, void *ctx);

#define MAX_TRIALS 64

/* Greedy k-means++ centres for w (all but w->c and w->cand read-only) into
 * w->c; uses w->lab, w->pks and w->pxs as scratch; its passes run in w's
 * blocks on the handle's threads (kmeans_seed.c). */
void csat__kmeans_seed(ws *w, uint64_t *rng);

/* One pass over all rows against the centres c (kmeans_assign.c). Lloyd
 * step (ksum == NULL): labels, counts and sums, returns rows whose label
 * changed (all if first). Final assignment (ksum != NULL): labels into lab
 * and the inertia into *ksum. */
size_t csat__kmeans_assign(ws *w, const double *c, int *lab, int first, csat__ksum *ksum);

#endif /* CSAT_KMEANS_INTERNAL_H */
