/*
 * After a Cox fit: the score residuals behind the robust (sandwich)
 * variance, as R's residuals(fit, "score") with Efron's or Breslow's ties
 * and (entry, stop] intervals, and Harrell's concordance as R's
 * concordance() of the fitted linear predictor.
 */
#include "retention/cox_internal.h"
#include "core/sort.h"

#include <math.h>
#include <string.h>

/* Per event time (stratum by stratum, time descending), from the risk-set
 * sums of a pass: the time, the hazard increment for those at risk (hs) and
 * for its own deaths (hd, Efron's (1 - k/d) weights), the matching sums of
 * h xbar (gs, gd) and the deaths' mean xbar (xbb). */
#define REC(k) (rec + (k) * (3 + 3 * p))

static size_t record_times(const cox_data *d, double *rec, size_t *rb, double *work)
{
    const size_t p = d->p;
    double *S1 = work, *E1 = S1 + p;
    size_t nr = 0;
    for (size_t s = 0; s < d->n_strata; s++) {
        size_t lo = d->blk[s], k = d->blk[s + 1], q = k;
        double S0 = 0.0;
        rb[s] = nr;
        memset(S1, 0, p * sizeof *S1);
        while (k > lo) {
            double t = d->t[k - 1], E0 = 0.0, dw = 0.0;
            size_t nd = 0, m;
            memset(E1, 0, p * sizeof *E1);
            while (k > lo && d->t[k - 1] == t) {
                size_t i = --k;
                double r = d->risk[i];
                S0 += r;
                for (size_t j = 0; j < p; j++)
                    S1[j] += r * d->xc[i * p + j];
                if (d->ev[i] != 0.0) {
                    nd++;
                    E0 += r;
                    dw += d->wt[i];
                    for (size_t j = 0; j < p; j++)
                        E1[j] += r * d->xc[i * p + j];
                }
            }
            if (nd == 0)
                continue;
            if (d->t0)
                while (q > lo && d->t0[d->rem[q - 1]] >= t) {
                    size_t i = d->rem[--q];
                    S0 -= d->risk[i];
                    for (size_t j = 0; j < p; j++)
                        S1[j] -= d->risk[i] * d->xc[i * p + j];
                }
            m = d->efron && nd > 1 ? nd : 1;
            {
                double *r = REC(nr), *gs = r + 3, *gd = gs + p, *xbb = gd + p;
                r[0] = t;
                r[1] = r[2] = 0.0;
                memset(gs, 0, 3 * p * sizeof *gs);
                for (size_t kk = 0; kk < m; kk++) {
                    double f = (double)kk / (double)m, den = S0 - f * E0;
                    double h = dw / (double)m / den;
                    r[1] += h;
                    r[2] += (1.0 - f) * h;
                    for (size_t j = 0; j < p; j++) {
                        double xb = (S1[j] - f * E1[j]) / den;
                        gs[j] += h * xb;
                        gd[j] += (1.0 - f) * h * xb;
                        xbb[j] += xb / (double)m;
                    }
                }
            }
            nr++;
        }
    }
    rb[d->n_strata] = nr;
    return nr;
}

/* First record in [lo, hi) (times descending) with time <= t; hi if none. */
static size_t first_le(const double *rec, size_t p, size_t lo, size_t hi, double t)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (REC(mid)[0] <= t)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

typedef struct resid_ctx {
    const cox_data *d;
    const double *rec, *cum;
    const size_t *rb;
    double *res;
} resid_ctx;

/* The residuals of positions [blk B, (blk + 1) B): each row its own (any
 * threads give the same bits). */
static void resid_block(void *vctx, size_t worker, size_t blk)
{
    const resid_ctx *cx = vctx;
    const cox_data *d = cx->d;
    const double *rec = cx->rec;
    const size_t *rb = cx->rb;
    const size_t p = d->p, lo = blk * CSAT__BLOCK_ROWS;
    const size_t hi = d->n - lo > CSAT__BLOCK_ROWS ? lo + CSAT__BLOCK_ROWS : d->n;
    size_t s = 0, a = 0, b = d->n_strata; /* the stratum of lo: blk[s] <= lo < blk[s + 1] */
    (void)worker;
    while (b - a > 1) {
        size_t mid = a + (b - a) / 2;
        if (d->blk[mid] <= lo)
            a = mid;
        else
            b = mid;
    }
    s = a;
    for (size_t i = lo; i < hi; i++) {
        while (i >= d->blk[s + 1])
            s++;
        {
            const double *c = cx->cum + (rb[s] + s) * (1 + p);
            const size_t m = rb[s + 1] - rb[s];
            const double *x = d->xc + i * p;
            size_t kb = first_le(rec, p, rb[s], rb[s + 1], d->t[i]) - rb[s];
            size_t ka = d->t0 ? first_le(rec, p, rb[s], rb[s + 1], d->t0[i]) - rb[s] : m;
            double H = c[kb * (1 + p)] - c[ka * (1 + p)], e = d->risk[i] / d->wt[i];
            const double *own = d->ev[i] != 0.0 ? REC(rb[s] + kb) : NULL;
            if (own)
                H += own[2] - own[1];
            for (size_t j = 0; j < p; j++) {
                double G = c[kb * (1 + p) + 1 + j] - c[ka * (1 + p) + 1 + j], v;
                if (own)
                    G += own[3 + p + j] - own[3 + j];
                v = -e * (x[j] * H - G);
                if (own)
                    v += x[j] - own[3 + 2 * p + j];
                cx->res[i * p + j] = d->wt[i] * v;
            }
        }
    }
}

csat_status csat__cox_score_resid(cox_data *d, double *res, const csat_allocator *a)
{
    const size_t p = d->p, stride = 3 + 3 * p;
    size_t nr, *rb = csat__malloc_array(a, d->n_strata + 1, sizeof *rb);
    double *rec = csat__malloc_array(a, d->n_events, stride * sizeof *rec);
    double *cum = csat__malloc_array(a, d->n_events + d->n_strata, (1 + p) * sizeof *cum);
    double *work = csat__malloc_array(a, 2 * p, sizeof *work);
    if (!rb || !rec || !cum || !work) {
        csat__free(a, rb);
        csat__free(a, rec);
        csat__free(a, cum);
        csat__free(a, work);
        return CSAT_ENOMEM;
    }
    nr = record_times(d, rec, rb, work);
    (void)nr;
    for (size_t s = 0; s < d->n_strata; s++) {
        /* cum[rb[s] + s + k]: sums of hs and gs over the stratum's records k.. (times <= t_k) */
        double *c = cum + (rb[s] + s) * (1 + p);
        size_t m = rb[s + 1] - rb[s];
        memset(c + m * (1 + p), 0, (1 + p) * sizeof *c);
        for (size_t k = m; k-- > 0;) {
            const double *r = REC(rb[s] + k);
            c[k * (1 + p)] = c[(k + 1) * (1 + p)] + r[1];
            for (size_t j = 0; j < p; j++)
                c[k * (1 + p) + 1 + j] = c[(k + 1) * (1 + p) + 1 + j] + r[3 + j];
        }
    }
    {
        resid_ctx cx = {d, rec, cum, rb, res};
        csat__par_run(d->par, csat__n_blocks(d->n, CSAT__BLOCK_ROWS), resid_block, &cx);
    }
    csat__free(a, rb);
    csat__free(a, rec);
    csat__free(a, cum);
    csat__free(a, work);
    return CSAT_OK;
}

/* The weights at risk by rank (1..n): at[r] the weight at rank r alone
 * and a Fenwick tree over blocks of FW_B ranks (small enough to stay in
 * cache), so that an update is one add to at and one to the tree, and the
 * weight below rank r is the tree's sum of the blocks before r's plus
 * r's block's entries below it. */
#define FW_SHIFT 4
#define FW_B ((size_t)1 << FW_SHIFT)

typedef struct fw_tree {
    double *at, *fb; /* at: n + 1 ranks; fb: nb + 1 (1-based) */
    size_t nb;
} fw_tree;

static void fw_add(fw_tree *f, size_t r, double v)
{
    f->at[r] += v;
    for (size_t i = (r >> FW_SHIFT) + 1; i <= f->nb; i += i & (~i + 1))
        f->fb[i] += v;
}

static double fw_below(const fw_tree *f, size_t r) /* the weight at ranks < r */
{
    double s = 0.0, s2 = 0.0;
    size_t k = r & ~(FW_B - 1);
    for (size_t i = r >> FW_SHIFT; i > 0; i -= i & (~i + 1))
        s += f->fb[i];
    for (; k + 1 < r; k += 2) { /* two chains of adds */
        s += f->at[k];
        s2 += f->at[k + 1];
    }
    if (k < r)
        s += f->at[k];
    return s + s2;
}

csat_status csat__cox_concordance(const cox_data *d, double *cidx, const csat_allocator *a)
{
    const size_t n = d->n, nb = (n >> FW_SHIFT) + 1;
    size_t *order = csat__malloc_array(a, n, sizeof *order);
    size_t *rank = csat__malloc_array(a, n, sizeof *rank);
    double *mem = csat__calloc_array(a, n + nb + 2, sizeof *mem);
    fw_tree fw = {mem, mem ? mem + n + 1 : NULL, nb}; /* mem NULL: no memory (no offset on NULL) */
    double conc = 0.0, disc = 0.0, tie = 0.0, tot = 0.0;
    csat_status st = CSAT_ENOMEM;
    if (!order || !rank || !mem || (st = csat__order_doubles(d->eta, n, order, a)) != CSAT_OK)
        goto done;
    for (size_t k = 0, r = 0; k < n; k++) { /* equal eta, equal rank */
#if defined(__GNUC__) /* eta and rank are visited in eta's order: ask ahead */
        if (k + 16 < n) {
            __builtin_prefetch(d->eta + order[k + 16]);
            __builtin_prefetch(rank + order[k + 16], 1);
        }
#endif
        if (k == 0 || d->eta[order[k]] != d->eta[order[k - 1]])
            r = k + 1;
        rank[order[k]] = r;
    }
    for (size_t s = 0; s < d->n_strata; s++) {
        size_t lo = d->blk[s], k = d->blk[s + 1], q = k;
        while (k > lo) {
            double t = d->t[k - 1];
            size_t j = k, first;
            while (j > lo && d->t[j - 1] == t)
                j--;
            first = j;
            for (size_t i = first; i < k; i++) /* censored at t are at risk at t */
                if (d->ev[i] == 0.0) {
                    fw_add(&fw, rank[i], d->wt[i]);
                    tot += d->wt[i];
                }
            if (d->t0)
                while (q > lo && d->t0[d->rem[q - 1]] >= t) {
                    size_t i = d->rem[--q]; /* stop > entry >= t: added before */
                    fw_add(&fw, rank[i], -d->wt[i]);
                    tot -= d->wt[i];
                }
            for (size_t i = first; i < k; i++)
                if (d->ev[i] != 0.0) {
                    double below = fw_below(&fw, rank[i]), here = fw.at[rank[i]];
                    conc += d->wt[i] * below;
                    tie += d->wt[i] * here;
                    disc += d->wt[i] * (tot - below - here);
                }
            for (size_t i = first; i < k; i++)
                if (d->ev[i] != 0.0) {
                    fw_add(&fw, rank[i], d->wt[i]);
                    tot += d->wt[i];
                }
            k = first;
        }
        if (s + 1 == d->n_strata)
            break;
        /* empty the tree for the next stratum: the stratum's ranks to 0, and
         * the block tree cleared (a small stratum: row by row) */
        if (d->blk[s + 1] - lo > nb) {
            memset(fw.fb, 0, (nb + 1) * sizeof *fw.fb);
        } else {
            for (size_t i = lo; i < d->blk[s + 1]; i++)
                fw_add(&fw, rank[i], -d->wt[i]);
            for (size_t qq = q; qq < d->blk[s + 1]; qq++)
                fw_add(&fw, rank[d->rem[qq]], d->wt[d->rem[qq]]);
        }
        for (size_t i = lo; i < d->blk[s + 1]; i++)
            fw.at[rank[i]] = 0.0;
        tot = 0.0;
    }
    *cidx = conc + disc + tie > 0.0 ? (conc + 0.5 * tie) / (conc + disc + tie) : 0.5;
    st = CSAT_OK;
done:
    csat__free(a, order);
    csat__free(a, rank);
    csat__free(a, mem);
    return st;
}
