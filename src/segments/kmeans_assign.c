/*
 * k-means assignment: every row to its nearest centre, for the Lloyd step
 * and the final assignment that gives labels and inertia (Hamerly keeps
 * its own row-at-a-time pass in kmeans_fit.c). Rows of up to BLK_MAX_D
 * features go a block at a time through vector kernels, in a four-lane
 * AVX2 copy and a two-lane baseline one picked at run time.
 */
#include "segments/kmeans_internal.h"

#include <float.h>
#include <string.h>

/* Closest centre only (Lloyd, final assignment). Centres are taken eight at
 * a time: eight independent distances, their minimum by a tree of min
 * operations, then the index from a bit mask of the equal ones (lowest index
 * wins ties, as in a plain scan). Written this way the compiler emits
 * min/set instructions instead of data-dependent branches, which on
 * unstructured data mispredict and cost more than the arithmetic. */
static inline int lowest_bit(unsigned m)
{
#if defined(__GNUC__)
    return __builtin_ctz(m);
#else
    int i = 0;
    while (!(m & 1u))
        m >>= 1, i++;
    return i;
#endif
}

#define MIN2(a, b) ((b) < (a) ? (b) : (a))

HOT int nearest1(const double *xs, const double *c, size_t k, size_t d, double *best)
{
    double bb = DBL_MAX;
    int ba = 0;
    for (size_t c0 = 0; c0 < k; c0 += 8) {
        const double *p = c + c0 * d;
        size_t left = k - c0;
#define E(j) ((size_t)(j) < left ? dist2(xs, p + (size_t)(j) * d, d) : DBL_MAX)
        double e0 = E(0), e1 = E(1), e2 = E(2), e3 = E(3), e4 = E(4), e5 = E(5), e6 = E(6), e7 = E(7);
#undef E
        double m = MIN2(MIN2(MIN2(e0, e1), MIN2(e2, e3)), MIN2(MIN2(e4, e5), MIN2(e6, e7)));
        unsigned mask = (unsigned)(e0 == m) | (unsigned)(e1 == m) << 1 | (unsigned)(e2 == m) << 2
                        | (unsigned)(e3 == m) << 3 | (unsigned)(e4 == m) << 4 | (unsigned)(e5 == m) << 5
                        | (unsigned)(e6 == m) << 6 | (unsigned)(e7 == m) << 7;
        if (m < bb) {
            bb = m;
            ba = (int)c0 + lowest_bit(mask);
        }
    }
    *best = bb;
    return ba;
}

#undef MIN2

#if defined(KM_VECTOR)
/* Eight rows at a time, all k centres against them with the running
 * minimum kept in registers; four-lane vectors for AVX2 code (block_scan8),
 * two-lane ones otherwise (block_scan8_narrow). */
#  define SEL(m, a, b) ((km_v4)(((km_m4)(a) & (m)) | ((km_m4)(b) & ~(m))))
typedef double km_v2 __attribute__((vector_size(16)));
typedef __typeof__((km_v2){0} < (km_v2){0}) km_m2;
typedef double km_v2u __attribute__((vector_size(16), aligned(8), may_alias));
#  define KM_L2(p) (*(const km_v2u *)(const void *)(p))
#  define KM_S2(p, v) (*(km_v2u *)(void *)(p) = (v))
#  define KM_V2(a) ((km_v2){(a), (a)})
#  define SEL2(m, a, b) ((km_v2)(((km_m2)(a) & (m)) | ((km_m2)(b) & ~(m))))

HOT void block_scan8(blk *b, size_t i, size_t d, const double *c, size_t k)
{
    km_v4 b0 = KM_V4(DBL_MAX), b1 = KM_V4(DBL_MAX), i0 = KM_V4(0.0), i1 = KM_V4(0.0);
    for (size_t q = 0; q < k; q++) {
        const double *cq = c + q * d;
        const km_v4 fq = KM_V4((double)q);
        km_v4 e0, e1;
        km_m4 m0, m1;
        if (d == 3) {
            km_v4 s0 = KM_LD(b->x[0] + i) - KM_V4(cq[0]), s1 = KM_LD(b->x[1] + i) - KM_V4(cq[1]);
            km_v4 s2 = KM_LD(b->x[2] + i) - KM_V4(cq[2]), t0 = KM_LD(b->x[0] + i + 4) - KM_V4(cq[0]);
            km_v4 t1 = KM_LD(b->x[1] + i + 4) - KM_V4(cq[1]), t2 = KM_LD(b->x[2] + i + 4) - KM_V4(cq[2]);
            e0 = s0 * s0 + (s1 * s1 + s2 * s2);
            e1 = t0 * t0 + (t1 * t1 + t2 * t2);
        } else {
            e0 = e1 = KM_V4(0.0);
            for (size_t j = 0; j < d; j++) {
                km_v4 s = KM_LD(b->x[j] + i) - KM_V4(cq[j]), t = KM_LD(b->x[j] + i + 4) - KM_V4(cq[j]);
                e0 += s * s;
                e1 += t * t;
            }
        }
        m0 = e0 < b0;
        m1 = e1 < b1;
        i0 = SEL(m0, fq, i0);
        i1 = SEL(m1, fq, i1);
        b0 = SEL(m0, e0, b0);
        b1 = SEL(m1, e1, b1);
    }
    KM_ST(b->best + i, b0);
    KM_ST(b->best + i + 4, b1);
    KM_ST(b->idx + i, i0);
    KM_ST(b->idx + i + 4, i1);
}

/* The same with two-lane vectors, for code built without AVX: GCC lowers
 * the four-lane compare and select above element by element for SSE2. */
HOT void block_scan8_narrow(blk *b, size_t i, size_t d, const double *c, size_t k)
{
    km_v2 b0 = KM_V2(DBL_MAX), b1 = b0, b2 = b0, b3 = b0, i0 = KM_V2(0.0), i1 = i0, i2 = i0, i3 = i0;
    for (size_t q = 0; q < k; q++) {
        const double *cq = c + q * d;
        const km_v2 fq = KM_V2((double)q);
        km_v2 e0 = KM_V2(0.0), e1 = e0, e2 = e0, e3 = e0;
        km_m2 m0, m1, m2, m3;
        if (d == 3) {
#  define KM_E3(r) (KM_L2(b->x[0] + i + (r)) - KM_V2(cq[0])) * (KM_L2(b->x[0] + i + (r)) - KM_V2(cq[0])) \
      + ((KM_L2(b->x[1] + i + (r)) - KM_V2(cq[1])) * (KM_L2(b->x[1] + i + (r)) - KM_V2(cq[1])) \
         + (KM_L2(b->x[2] + i + (r)) - KM_V2(cq[2])) * (KM_L2(b->x[2] + i + (r)) - KM_V2(cq[2])))
            e0 = KM_E3(0), e1 = KM_E3(2), e2 = KM_E3(4), e3 = KM_E3(6);
#  undef KM_E3
        } else {
            for (size_t j = 0; j < d; j++) {
                const km_v2 cj = KM_V2(cq[j]);
                km_v2 t0 = KM_L2(b->x[j] + i) - cj, t1 = KM_L2(b->x[j] + i + 2) - cj;
                km_v2 t2 = KM_L2(b->x[j] + i + 4) - cj, t3 = KM_L2(b->x[j] + i + 6) - cj;
                e0 += t0 * t0, e1 += t1 * t1, e2 += t2 * t2, e3 += t3 * t3;
            }
        }
        m0 = e0 < b0, m1 = e1 < b1, m2 = e2 < b2, m3 = e3 < b3;
        i0 = SEL2(m0, fq, i0), i1 = SEL2(m1, fq, i1), i2 = SEL2(m2, fq, i2), i3 = SEL2(m3, fq, i3);
        b0 = SEL2(m0, e0, b0), b1 = SEL2(m1, e1, b1), b2 = SEL2(m2, e2, b2), b3 = SEL2(m3, e3, b3);
    }
    KM_S2(b->best + i, b0), KM_S2(b->best + i + 2, b1), KM_S2(b->best + i + 4, b2), KM_S2(b->best + i + 6, b3);
    KM_S2(b->idx + i, i0), KM_S2(b->idx + i + 2, i1), KM_S2(b->idx + i + 4, i2), KM_S2(b->idx + i + 6, i3);
}
#  undef SEL2
#  undef SEL
#endif

/* Nearest centre (of k at c) for the m <= BLK rows at X, into b. */
HOT void block_nearest(blk *b, const double *X, size_t m, size_t d, const double *sc, const double *c,
                       size_t k, int wide)
{
    block_load(b, X, m, d, sc);
#if defined(KM_VECTOR)
    for (size_t i = 0; i < BLK; i += 8) {
        if (wide)
            block_scan8(b, i, d, c, k);
        else
            block_scan8_narrow(b, i, d, c, k);
    }
#else
    /* portable: the row-at-a-time scan on the block (same results) */
    (void)wide;
    for (size_t i = 0; i < BLK; i++) {
        double xs[BLK_MAX_D];
        for (size_t j = 0; j < d; j++)
            xs[j] = b->x[j][i];
        b->idx[i] = nearest1(xs, c, k, d, &b->best[i]);
    }
#endif
}

/* One pass block: rows [r0, r1) against the centres c. Lloyd step
 * (ks == NULL): labels, the block's counts and sums (in row order), returns
 * the rows whose label changed (all if first). Final assignment: labels and
 * the block's inertia into *ks. */
typedef struct pass_ctx {
    ws *w;
    const double *c;
    int *lab;
    int first, final, wide;
} pass_ctx;

/* Rows of at most BLK_MAX_D features, BLK rows at a time. */
HOT size_t assign_block_d(ws *w, size_t d, const double *c, int *lab, int first, csat__ksum *ksum,
                          double *sum, size_t *cnt, size_t r0, size_t r1, int wide)
{
    const size_t k = w->k;
    const double *X = w->X, *sc = w->sc;
    size_t changed = 0;
    blk b;
    for (; r0 < r1; r0 += BLK) {
        size_t m = r1 - r0 < BLK ? r1 - r0 : BLK;
        int *lb = lab + r0;
        block_nearest(&b, X + r0 * d, m, d, sc, c, k, wide);
        if (ksum) {
            for (size_t i = 0; i < m; i++) {
                lb[i] = (int)b.idx[i];
                csat__ksum_add(ksum, b.best[i]);
            }
            continue;
        }
        for (size_t i = 0; i < m; i++) {
            int a = (int)b.idx[i];
            changed += first || a != lb[i];
            lb[i] = a;
            cnt[a]++;
            if (d == 3) { /* -O2 does not unroll this loop by itself */
                double *s = sum + (size_t)a * 3;
                s[0] += b.x[0][i], s[1] += b.x[1][i], s[2] += b.x[2][i];
            } else {
                for (size_t j = 0; j < d; j++)
                    sum[(size_t)a * d + j] += b.x[j][i];
            }
        }
    }
    return changed;
}

/* Rows of more than BLK_MAX_D features, one at a time (xs: d scratch). */
HOT size_t assign_block_rows(ws *w, size_t d, const double *c, int *lab, int first, csat__ksum *ksum,
                             double *sum, size_t *cnt, size_t r0, size_t r1, double *xs)
{
    size_t changed = 0;
    for (size_t i = r0; i < r1; i++) {
        double b;
        int a;
        scale_row(w->X + i * d, w->sc, d, xs);
        a = nearest1(xs, c, w->k, d, &b);
        if (ksum) {
            lab[i] = a;
            csat__ksum_add(ksum, b);
            continue;
        }
        changed += first || a != lab[i];
        lab[i] = a;
        cnt[a]++;
        for (size_t j = 0; j < d; j++)
            sum[(size_t)a * d + j] += xs[j];
    }
    return changed;
}

#if defined(KM_VECTOR)
#  define SELW(m, a, b) ((km_v4)(((km_m4)(a) & (m)) | ((km_m4)(b) & ~(m))))
/* Rows i..i+7 of the tile xt (d x KM_WR, transposed) against all k centres,
 * four at a time (eight accumulators: each x load serves four centres).
 * Each lane computes dist2's operations in its order (e = 0, e += t * t
 * over the features), and the minimum takes the centres in index order with
 * a strict <: the same bits as nearest1. */
HOT void wide_scan8(const double *xt, size_t i, size_t d, const double *c, size_t k, double *best, double *idx)
{
    km_v4 b0 = KM_V4(DBL_MAX), b1 = b0, i0 = KM_V4(0.0), i1 = i0;
    size_t q = 0;
#  define KM_PICK(e0, e1, qq) do { \
        const km_v4 fq = KM_V4((double)(qq)); \
        km_m4 m0 = (e0) < b0, m1 = (e1) < b1; \
        i0 = SELW(m0, fq, i0), i1 = SELW(m1, fq, i1); \
        b0 = SELW(m0, (e0), b0), b1 = SELW(m1, (e1), b1); \
    } while (0)
    for (; q + 4 <= k; q += 4) {
        const double *c0 = c + q * d, *c1 = c0 + d, *c2 = c1 + d, *c3 = c2 + d;
        km_v4 e00 = KM_V4(0.0), e01 = e00, e10 = e00, e11 = e00, e20 = e00, e21 = e00, e30 = e00, e31 = e00;
        for (size_t j = 0; j < d; j++) {
            const km_v4 x0 = KM_LD(xt + j * KM_WR + i), x1 = KM_LD(xt + j * KM_WR + i + 4);
            km_v4 t0, t1;
            t0 = x0 - KM_V4(c0[j]), t1 = x1 - KM_V4(c0[j]), e00 += t0 * t0, e01 += t1 * t1;
            t0 = x0 - KM_V4(c1[j]), t1 = x1 - KM_V4(c1[j]), e10 += t0 * t0, e11 += t1 * t1;
            t0 = x0 - KM_V4(c2[j]), t1 = x1 - KM_V4(c2[j]), e20 += t0 * t0, e21 += t1 * t1;
            t0 = x0 - KM_V4(c3[j]), t1 = x1 - KM_V4(c3[j]), e30 += t0 * t0, e31 += t1 * t1;
        }
        KM_PICK(e00, e01, q);
        KM_PICK(e10, e11, q + 1);
        KM_PICK(e20, e21, q + 2);
        KM_PICK(e30, e31, q + 3);
    }
    for (; q < k; q++) {
        const double *c0 = c + q * d;
        km_v4 e0 = KM_V4(0.0), e1 = e0;
        for (size_t j = 0; j < d; j++) {
            km_v4 t0 = KM_LD(xt + j * KM_WR + i) - KM_V4(c0[j]), t1 = KM_LD(xt + j * KM_WR + i + 4) - KM_V4(c0[j]);
            e0 += t0 * t0, e1 += t1 * t1;
        }
        KM_PICK(e0, e1, q);
    }
#  undef KM_PICK
    KM_ST(best + i, b0);
    KM_ST(best + i + 4, b1);
    KM_ST(idx + i, i0);
    KM_ST(idx + i + 4, i1);
}
#  undef SELW

/* Rows of more than BLK_MAX_D features, KM_WR at a time through wide_scan8
 * (tile: the block's scratch of KM_XS(d) doubles). Sums run over the rows
 * in order, from the same scaled values: the results of assign_block_rows. */
HOT size_t assign_block_wide(ws *w, size_t d, const double *c, int *lab, int first, csat__ksum *ksum,
                             double *sum, size_t *cnt, size_t r0, size_t r1, double *xt)
{
    double *best = xt + d * KM_WR, *idx = best + KM_WR;
    const double *sc = w->sc;
    size_t changed = 0;
    for (; r0 < r1; r0 += KM_WR) {
        const size_t m = r1 - r0 < KM_WR ? r1 - r0 : KM_WR;
        const double *X = w->X + r0 * d;
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < d; j++)
                xt[j * KM_WR + i] = X[i * d + j] * sc[j];
        if (m < KM_WR)
            for (size_t j = 0; j < d; j++)
                for (size_t i = m; i < KM_WR; i++)
                    xt[j * KM_WR + i] = 0.0;
        for (size_t i = 0; i < KM_WR; i += 8)
            wide_scan8(xt, i, d, c, w->k, best, idx);
        for (size_t i = 0; i < m; i++) {
            const int a = (int)idx[i];
            if (ksum) {
                lab[r0 + i] = a;
                csat__ksum_add(ksum, best[i]);
                continue;
            }
            changed += first || a != lab[r0 + i];
            lab[r0 + i] = a;
            cnt[a]++;
            for (size_t j = 0; j < d; j++)
                sum[(size_t)a * d + j] += xt[j * KM_WR + i];
        }
    }
    return changed;
}
#endif

HOT void assign_block_any(const pass_ctx *p, size_t bi, int wide)
{
    ws *w = p->w;
    const size_t d = w->d, k = w->k, r0 = bi * w->rows;
    const size_t r1 = w->n - r0 < w->rows ? w->n : r0 + w->rows;
    double *sum = w->psum + bi * k * d;
    size_t *cnt = w->pcnt + bi * k, ch;
    csat__ksum *ks = NULL;
    if (p->final) {
        ks = w->pks + bi;
        ks->s = ks->c = 0.0;
    } else {
        memset(sum, 0, k * d * sizeof(double));
        memset(cnt, 0, k * sizeof(size_t));
    }
    switch (d) { /* constant d: feature loops unrolled */
    case 1: ch = assign_block_d(w, 1, p->c, p->lab, p->first, ks, sum, cnt, r0, r1, wide); break;
    case 2: ch = assign_block_d(w, 2, p->c, p->lab, p->first, ks, sum, cnt, r0, r1, wide); break;
    case 3: ch = assign_block_d(w, 3, p->c, p->lab, p->first, ks, sum, cnt, r0, r1, wide); break;
    case 4: ch = assign_block_d(w, 4, p->c, p->lab, p->first, ks, sum, cnt, r0, r1, wide); break;
    default:
#if defined(KM_VECTOR)
        ch = assign_block_wide(w, d, p->c, p->lab, p->first, ks, sum, cnt, r0, r1, w->pxs + bi * KM_XS(d));
#else
        ch = assign_block_rows(w, d, p->c, p->lab, p->first, ks, sum, cnt, r0, r1, w->pxs + bi * KM_XS(d));
#endif
        break;
    }
    w->pchg[bi] = ch;
}

/* The Lloyd pass picks its kernel by hand rather than by target_clones: the
 * AVX2 build wants the four-lane kernel, the baseline build the two-lane
 * one, and a clone cannot tell at compile time which one it is. */
#if defined(KM_VECTOR) && defined(KM_X86_CLONES)
__attribute__((target("avx2"))) static void assign_block_avx2(const pass_ctx *p, size_t bi)
{
    assign_block_any(p, bi, 1);
}
#endif

static void assign_task(void *ctx, size_t worker, size_t bi)
{
    (void)worker;
    const pass_ctx *p = ctx;
#if defined(KM_VECTOR) && defined(KM_X86_CLONES)
    if (p->wide) {
        assign_block_avx2(p, bi);
        return;
    }
#endif
#if defined(__AVX__)
    assign_block_any(p, bi, 1);
#else
    assign_block_any(p, bi, 0);
#endif
}

void csat__kmeans_run(const ws *w, csat__block_fn *task, void *ctx)
{
    csat__par_run(w->par, w->nb, task, ctx);
}

void csat__kmeans_combine(ws *w)
{
    const size_t kd = w->k * w->d;
    memcpy(w->sum, w->psum, kd * sizeof(double));
    memcpy(w->cnt, w->pcnt, w->k * sizeof(size_t));
    for (size_t b = 1; b < w->nb; b++) {
        const double *ps = w->psum + b * kd;
        const size_t *pc = w->pcnt + b * w->k;
        for (size_t i = 0; i < kd; i++)
            w->sum[i] += ps[i];
        for (size_t c = 0; c < w->k; c++)
            w->cnt[c] += pc[c];
    }
}

size_t csat__kmeans_assign(ws *w, const double *c, int *lab, int first, csat__ksum *ksum)
{
    pass_ctx p;
    size_t changed = 0;
    p.w = w, p.c = c, p.lab = lab, p.first = first, p.final = ksum != NULL, p.wide = 0;
#if defined(KM_VECTOR) && defined(KM_X86_CLONES)
    p.wide = __builtin_cpu_supports("avx2");
#endif
    csat__kmeans_run(w, assign_task, &p);
    if (ksum) {
        for (size_t b = 0; b < w->nb; b++) {
            csat__ksum_add(ksum, w->pks[b].s);
            csat__ksum_add(ksum, w->pks[b].c);
        }
        return 0;
    }
    csat__kmeans_combine(w);
    for (size_t b = 0; b < w->nb; b++)
        changed += w->pchg[b];
    return changed;
}
