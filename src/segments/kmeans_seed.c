/*
 * k-means seeding: greedy k-means++ from the handle-free PRNG in
 * kmeans_internal.h. Seeding keeps each row's squared distance to the
 * chosen centres in the caller's label buffer (a float in the int's place):
 * nothing can fail after seeding starts, so the buffer is only ever touched
 * by a successful fit.
 */
#include "segments/kmeans_internal.h"

#include <math.h>
#include <string.h>

static inline float get_f(const int *buf, size_t i)
{
    float v;
    memcpy(&v, buf + i, sizeof v);
    return v;
}

static inline void put_f(int *buf, size_t i, float v) { memcpy(buf + i, &v, sizeof v); }

/* out[i] = dist2(row i of b, cq) for all BLK rows (same operations). */
HOT void block_dist(const blk *b, size_t d, const double *cq, double *out)
{
#if defined(KM_VECTOR)
    for (size_t i = 0; i < BLK; i += 4) {
        km_v4 e;
        if (d == 3) {
            km_v4 t0 = KM_LD(b->x[0] + i) - KM_V4(cq[0]), t1 = KM_LD(b->x[1] + i) - KM_V4(cq[1]);
            km_v4 t2 = KM_LD(b->x[2] + i) - KM_V4(cq[2]);
            e = t0 * t0 + (t1 * t1 + t2 * t2);
        } else {
            e = KM_V4(0.0);
            for (size_t j = 0; j < d; j++) {
                km_v4 t = KM_LD(b->x[j] + i) - KM_V4(cq[j]);
                e += t * t;
            }
        }
        KM_ST(out + i, e);
    }
#else
    for (size_t i = 0; i < BLK; i++) {
        double e;
        if (d == 3) {
            double t0 = b->x[0][i] - cq[0], t1 = b->x[1][i] - cq[1], t2 = b->x[2][i] - cq[2];
            e = t0 * t0 + (t1 * t1 + t2 * t2);
        } else {
            e = 0.0;
            for (size_t j = 0; j < d; j++) {
                double t = b->x[j][i] - cq[j];
                e += t * t;
            }
        }
        out[i] = e;
    }
#endif
}

/* Seeding keeps D^2 (distance to the nearest chosen centre) per row as a
 * float in the label buffer. With first set it starts from the one centre c,
 * otherwise lowers each row's D^2 to its distance to the new centre c; for
 * the rows [r0, r1) of one block (r0 a multiple of BLK). Returns the block's
 * potential (sum of D^2, in row order). */
HOT double seed_update(ws *w, size_t d, const double *c, int first, size_t r0, size_t r1, double *xs)
{
    int *lab = w->lab;
    double pot = 0.0;
    if (d <= BLK_MAX_D) {
        blk b;
        double e[BLK];
        for (; r0 < r1; r0 += BLK) {
            size_t m = r1 - r0 < BLK ? r1 - r0 : BLK;
            block_load(&b, w->X + r0 * d, m, d, w->sc);
            block_dist(&b, d, c, e);
            for (size_t i = 0; i < m; i++) {
                if (first || e[i] < get_f(lab, r0 + i))
                    put_f(lab, r0 + i, (float)e[i]);
                pot += get_f(lab, r0 + i);
            }
        }
        return pot;
    }
    for (size_t i = r0; i < r1; i++) {
        double e;
        scale_row(w->X + i * d, w->sc, d, xs);
        e = dist2(xs, c, d);
        if (first || e < get_f(lab, i))
            put_f(lab, i, (float)e);
        pot += get_f(lab, i);
    }
    return pot;
}

/* cpot[q]: the block's potential if candidate q (w->cand) were added, q < nt
 * (rows [r0, r1) as above). */
HOT void seed_potentials(ws *w, size_t d, size_t nt, double *cpot, size_t r0, size_t r1, double *xs)
{
    const int *lab = w->lab;
    if (d <= BLK_MAX_D) {
        /* Four candidates at a time: four independent add chains (each
         * candidate's sum still runs over the rows in order). */
        blk b;
        double e[4][BLK], di[BLK];
        for (size_t q = 0; q < nt; q++)
            cpot[q] = 0.0;
        for (; r0 < r1; r0 += BLK) {
            size_t m = r1 - r0 < BLK ? r1 - r0 : BLK;
            block_load(&b, w->X + r0 * d, m, d, w->sc);
            for (size_t i = 0; i < m; i++)
                di[i] = get_f(lab, r0 + i);
            for (size_t q0 = 0; q0 < nt; q0 += 4) {
                double a0 = cpot[q0], a1 = q0 + 1 < nt ? cpot[q0 + 1] : 0.0;
                double a2 = q0 + 2 < nt ? cpot[q0 + 2] : 0.0, a3 = q0 + 3 < nt ? cpot[q0 + 3] : 0.0;
                for (size_t t = 0; t < 4; t++) /* past nt: repeats q0, unused */
                    block_dist(&b, d, w->cand + (q0 + t < nt ? q0 + t : q0) * d, e[t]);
                for (size_t i = 0; i < m; i++) {
                    a0 += e[0][i] < di[i] ? e[0][i] : di[i];
                    a1 += e[1][i] < di[i] ? e[1][i] : di[i];
                    a2 += e[2][i] < di[i] ? e[2][i] : di[i];
                    a3 += e[3][i] < di[i] ? e[3][i] : di[i];
                }
                cpot[q0] = a0;
                if (q0 + 1 < nt)
                    cpot[q0 + 1] = a1;
                if (q0 + 2 < nt)
                    cpot[q0 + 2] = a2;
                if (q0 + 3 < nt)
                    cpot[q0 + 3] = a3;
            }
        }
        return;
    }
    /* Four candidates per pass, in registers (a loop over an array of
     * accumulators would serialise on memory). */
    for (size_t q0 = 0; q0 < nt; q0 += 4) {
        const double *c0 = w->cand + q0 * d;
        const double *c1 = w->cand + (q0 + 1 < nt ? q0 + 1 : q0) * d;
        const double *c2 = w->cand + (q0 + 2 < nt ? q0 + 2 : q0) * d;
        const double *c3 = w->cand + (q0 + 3 < nt ? q0 + 3 : q0) * d;
        double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
        for (size_t i = r0; i < r1; i++) {
            double dd = get_f(lab, i), e0, e1, e2, e3;
            scale_row(w->X + i * d, w->sc, d, xs);
            e0 = dist2(xs, c0, d), e1 = dist2(xs, c1, d);
            e2 = dist2(xs, c2, d), e3 = dist2(xs, c3, d);
            a0 += e0 < dd ? e0 : dd;
            a1 += e1 < dd ? e1 : dd;
            a2 += e2 < dd ? e2 : dd;
            a3 += e3 < dd ? e3 : dd;
        }
        cpot[q0] = a0;
        if (q0 + 1 < nt)
            cpot[q0 + 1] = a1;
        if (q0 + 2 < nt)
            cpot[q0 + 2] = a2;
        if (q0 + 3 < nt)
            cpot[q0 + 3] = a3;
    }
}

/* The passes run in w's blocks (threads): block b keeps its potential in
 * w->pks[b].s and its candidates' potentials after its scaled row in its
 * scratch (KM_XS(d) >= d + MAX_TRIALS); the seeding adds them in block
 * order. */
typedef struct seed_ctx {
    ws *w;
    const double *c;
    int first;
    size_t nt; /* 0: update D^2 with c; else the potentials of nt candidates */
} seed_ctx;

HOT void seed_block(const seed_ctx *s, size_t d, size_t bi)
{
    ws *w = s->w;
    const size_t r0 = bi * w->rows, r1 = w->n - r0 < w->rows ? w->n : r0 + w->rows;
    double *xs = w->pxs + bi * KM_XS(d);
    if (s->nt == 0)
        w->pks[bi].s = seed_update(w, d, s->c, s->first, r0, r1, xs);
    else
        seed_potentials(w, d, s->nt, xs + d, r0, r1, xs);
}

/* Each d up to BLK_MAX_D gets its own copy of the kernels with d constant.
 * Static: GCC would export the ifunc of an external target_clones function
 * despite -fvisibility=hidden, and libcsat.map lets every csat_* through. */
KM_CLONES static void seed_block_any(const seed_ctx *s, size_t bi)
{
    switch (s->w->d) {
    case 1: seed_block(s, 1, bi); break;
    case 2: seed_block(s, 2, bi); break;
    case 3: seed_block(s, 3, bi); break;
    case 4: seed_block(s, 4, bi); break;
    default: seed_block(s, s->w->d, bi); break;
    }
}

static void seed_task(void *ctx, size_t worker, size_t bi)
{
    (void)worker;
    seed_block_any(ctx, bi);
}

/* D^2 update with the centre c on every block; returns the potential (block sums in order). */
static double seed_update_all(ws *w, const double *c, int first)
{
    seed_ctx s;
    double pot = 0.0;
    s.w = w, s.c = c, s.first = first, s.nt = 0;
    csat__kmeans_run(w, seed_task, &s);
    for (size_t b = 0; b < w->nb; b++)
        pot += w->pks[b].s;
    return pot;
}

static void seed_potentials_all(ws *w, size_t nt, double *cpot)
{
    seed_ctx s;
    const size_t d = w->d;
    s.w = w, s.c = NULL, s.first = 0, s.nt = nt;
    csat__kmeans_run(w, seed_task, &s);
    for (size_t q = 0; q < nt; q++)
        cpot[q] = 0.0;
    for (size_t b = 0; b < w->nb; b++)
        for (size_t q = 0; q < nt; q++)
            cpot[q] += w->pxs[b * KM_XS(d) + d + q];
}

/* Greedy k-means++ (Arthur & Vassilvitskii 2007; scikit-learn's greedy
 * variant): each step draws `trials` candidates with probability
 * proportional to D^2 and keeps the one that lowers the potential most.
 * The draw walks the blocks' potentials, then the rows of the block where
 * the running sum passes a target (the same sums whatever the threads). */
static void seed_pp(ws *w, uint64_t *rng)
{
    const size_t n = w->n, d = w->d, k = w->k;
    size_t trials = 2 + (size_t)log((double)k);
    double pot;
    size_t first = (size_t)(rng_unif(rng) * (double)n);
    if (first >= n)
        first = n - 1;
    scale_row(w->X + first * d, w->sc, d, w->c);
    pot = seed_update_all(w, w->c, 1);
    for (size_t j = 1; j < k; j++) {
        size_t cand[MAX_TRIALS];
        double target[MAX_TRIALS], cpot[MAX_TRIALS];
        size_t nt = trials < MAX_TRIALS ? trials : MAX_TRIALS, t = 0, best = 0;
        double acc = 0.0;
        if (!(pot > 0.0)) { /* every row sits on a centre: duplicate the last one */
            memcpy(w->c + j * d, w->c + (j - 1) * d, d * sizeof(double));
            continue;
        }
        for (size_t q = 0; q < nt; q++)
            target[q] = rng_unif(rng) * pot;
        /* sort the few targets (insertion sort), then one cumulative walk */
        for (size_t q = 1; q < nt; q++)
            for (size_t p = q; p > 0 && target[p] < target[p - 1]; p--) {
                double tmp = target[p];
                target[p] = target[p - 1];
                target[p - 1] = tmp;
            }
        for (size_t b = 0; b < w->nb && t < nt; b++) {
            const double next = acc + w->pks[b].s;
            if (target[t] < next) {
                const size_t r1 = n - b * w->rows < w->rows ? n : (b + 1) * w->rows;
                double a = acc;
                for (size_t i = b * w->rows; i < r1 && t < nt; i++) {
                    a += get_f(w->lab, i);
                    while (t < nt && target[t] < a && get_f(w->lab, i) > 0.0f)
                        cand[t++] = i;
                }
            }
            acc = next;
        }
        for (; t < nt; t++) { /* rounding left the walk short: take the last row with mass */
            size_t i = n;
            while (i > 0 && get_f(w->lab, i - 1) <= 0.0f)
                i--;
            cand[t] = i > 0 ? i - 1 : 0;
        }
        for (size_t q = 0; q < nt; q++)
            scale_row(w->X + cand[q] * d, w->sc, d, w->cand + q * d);
        seed_potentials_all(w, nt, cpot);
        for (size_t q = 1; q < nt; q++)
            if (cpot[q] < cpot[best])
                best = q;
        memcpy(w->c + j * d, w->cand + best * d, d * sizeof(double));
        pot = seed_update_all(w, w->c + j * d, 0);
    }
}

void csat__kmeans_seed(ws *w, uint64_t *rng) { seed_pp(w, rng); }
