/*
 * The passes of a Cox fit over its risk sets: the partial log-likelihood,
 * its score and information at b, for Efron's or Breslow's handling of
 * tied event times, strata, case weights and (entry, stop] intervals.
 * Rows are visited by stratum, stop descending, adding each row to the
 * risk-set sums S0 = sum w e^eta, S1 = sum w e^eta x, S2 = sum w e^eta x x'
 * as its stop time is reached and (with entry) taking it out again once
 * the time falls to its entry, as R's coxfit6 / agfit4 do.
 */
#include "retention/cox_internal.h"
#include "numerics/numerics.h"

#include <math.h>
#include <string.h>

/* S += sgn r x, and S2 += sgn r x x' (upper triangle). */
static void add_row(size_t p, double r, const double *x, double *S1, double *S2)
{
    for (size_t j = 0; j < p; j++) {
        double rx = r * x[j];
        S1[j] += rx;
        for (size_t k = j; k < p; k++)
            S2[j * p + k] += rx * x[k];
    }
}

/* One event time: dw the weight of its nd deaths with sums E0, E1, E2 of
 * their risk; adds to ll, u and I (upper triangle). */
static double event_time(const cox_data *d, double S0, const double *S1, const double *S2,
                         double E0, const double *E1, const double *E2, double dw, size_t nd,
                         double *u, double *I, double *a)
{
    const size_t p = d->p;
    size_t m = d->efron && nd > 1 ? nd : 1;
    double wbar = dw / (double)m, ll = 0.0;
    for (size_t kk = 0; kk < m; kk++) {
        double f = (double)kk / (double)m;
        double den = S0 - f * E0;
        if (!(den > 0.0))
            return -INFINITY;
        ll -= wbar * log(den);
        for (size_t j = 0; j < p; j++) {
            a[j] = (S1[j] - f * E1[j]) / den;
            u[j] -= wbar * a[j];
        }
        for (size_t j = 0; j < p; j++)
            for (size_t k = j; k < p; k++)
                I[j * p + k] += wbar * ((S2[j * p + k] - f * E2[j * p + k]) / den - a[j] * a[k]);
    }
    return ll;
}

double csat__cox_pass(cox_data *d, const double *b, double *u, double *I, double *work)
{
    const size_t p = d->p;
    double *S1 = work, *E1 = S1 + p, *a = E1 + p, *S2 = a + p, *E2 = S2 + p * p;
    csat__ksum ll = {0.0, 0.0};
    memset(u, 0, p * sizeof *u);
    memset(I, 0, p * p * sizeof *I);
    for (size_t i = 0; i < d->n; i++) {
        const double *x = d->xc + i * p;
        double e = 0.0;
        for (size_t j = 0; j < p; j++)
            e += x[j] * b[j];
        d->eta[i] = e;
        d->risk[i] = d->wt[i] * exp(e);
        if (!isfinite(d->risk[i]))
            return -INFINITY;
    }
    for (size_t s = 0; s < d->n_strata; s++) {
        size_t lo = d->blk[s], k = d->blk[s + 1], q = k;
        double S0 = 0.0;
        memset(S1, 0, p * sizeof *S1);
        memset(S2, 0, p * p * sizeof *S2);
        while (k > lo) {
            double t = d->t[k - 1], E0 = 0.0, dw = 0.0, l;
            size_t nd = 0;
            while (k > lo && d->t[k - 1] == t) {
                size_t i = --k;
                const double *x = d->xc + i * p;
                double r = d->risk[i];
                if (d->ev[i] == 0.0) {
                    S0 += r;
                    add_row(p, r, x, S1, S2);
                } else { /* the deaths' sums join S after the block: one add per row */
                    if (nd++ == 0) {
                        memset(E1, 0, p * sizeof *E1);
                        memset(E2, 0, p * p * sizeof *E2);
                    }
                    E0 += r;
                    add_row(p, r, x, E1, E2);
                    dw += d->wt[i];
                    csat__ksum_add(&ll, d->wt[i] * d->eta[i]);
                    for (size_t j = 0; j < p; j++)
                        u[j] += d->wt[i] * x[j];
                }
            }
            if (nd == 0)
                continue;
            S0 += E0;
            for (size_t j = 0; j < p; j++) {
                S1[j] += E1[j];
                for (size_t k2 = j; k2 < p; k2++)
                    S2[j * p + k2] += E2[j * p + k2];
            }
            if (d->t0) /* rows whose interval starts at or after t leave the risk set */
                while (q > lo && d->t0[d->rem[q - 1]] >= t) {
                    size_t i = d->rem[--q];
                    S0 -= d->risk[i];
                    add_row(p, -d->risk[i], d->xc + i * p, S1, S2);
                }
            l = event_time(d, S0, S1, S2, E0, E1, E2, dw, nd, u, I, a);
            if (!isfinite(l))
                return -INFINITY;
            csat__ksum_add(&ll, l);
        }
    }
    for (size_t j = 0; j < p; j++)
        for (size_t k = j + 1; k < p; k++)
            I[k * p + j] = I[j * p + k];
    return csat__ksum_value(&ll);
}

/* I (upper triangle) += sum_r g[r] x_r x_r' over the 4 rows x (p apart). */
static void gram4(size_t p, const double *g, const double *x, double *I)
{
    const double *x1 = x, *x2 = x + p, *x3 = x + 2 * p, *x4 = x + 3 * p;
    for (size_t j = 0; j < p; j++) {
        double v1 = g[0] * x1[j], v2 = g[1] * x2[j], v3 = g[2] * x3[j], v4 = g[3] * x4[j];
        double *row = I + j * p;
        for (size_t k = j; k < p; k++)
            row[k] += (v1 * x1[k] + v2 * x2[k]) + (v3 * x3[k] + v4 * x4[k]);
    }
}

/* x . b with two partial sums (the chain of adds halved). */
static double dot2(const double *x, const double *b, size_t p)
{
    double e0 = 0.0, e1 = 0.0;
    size_t j = 0;
    for (; j + 1 < p; j += 2) {
        e0 += x[j] * b[j];
        e1 += x[j + 1] * b[j + 1];
    }
    if (j < p)
        e0 += x[j] * b[j];
    return e0 + e1;
}

/*
 * The same sums as csat__cox_pass in one sweep of S0 and S1 only. The
 * information's risk-set term sum_e sum_k wbar (S2 - f E2) / den is
 * linear in the rows' x x': row i carries the weight r_i c_i, with c_i the
 * sum over the event times e of its risk sets of alpha_e = sum_k wbar /
 * den_k, less beta_e = sum_k wbar f_k / den_k at its own death time. The
 * sweep (time descending) keeps P, the sum of alpha over the times
 * passed: a row stores P on arrival, a row leaving the risk set (entry)
 * stores its final c, and the rest are resolved once the stratum's total
 * is known; then one Gram pass adds r c x x'. The mean-product term
 * sum_k wbar a_k a_k' with a_k = (S1 - f_k E1) / den_k is expanded in the
 * sums of 1/den^2, f/den^2, f^2/den^2.
 *
 * On threads (issue 18) the sweep is a blocked scan. The rows are cut into
 * blocks of whole tie groups (whole strata with entry), fixed by the data
 * alone. Phase 1 (blocks in parallel): eta, risk and each block's sums of
 * r and r x over its first stratum's rows. Combine (block order, serial):
 * each block's offsets S0, S1 from the blocks above it in its stratum.
 * Phase 2 (parallel): each block sweeps its rows from the offsets: event
 * times, its share of u, ll and the mean-product term, and P from 0.
 * Combine: the blocks' P offsets and each stratum's total. Phase 3
 * (parallel): the Gram sums r c x x'. Every block's partials go to its own
 * slot and are added in block order, so the bits do not depend on the
 * threads.
 */

#define COX_PART_MAX ((size_t)1 << 22) /* doubles of all the slots, about (wide models: longer blocks) */

/* slot layout */
#define SL_FLAG 0
#define SL_T0 1
#define SL_OFF0 2
#define SL_LLS 3
#define SL_LLC 4
#define SL_PFIRST 5
#define SL_PLAST 6
#define SL_POFF 7
#define SL_T1(p) 8
#define SL_OFF1(p) (8 + (p))
#define SL_U(p) (8 + 2 * (p))
#define SL_S1(p) (8 + 3 * (p))
#define SL_E1(p) (8 + 4 * (p))
#define SL_L1(p) (8 + 5 * (p))
#define SL_I(p) (8 + 6 * (p))

size_t csat__cox_slot_len(size_t p) { return 8 + 6 * p + p * p; }

size_t csat__cox_blocks(cox_data *d, size_t *bstart, size_t *bfirst)
{
    const size_t n = d->n, len = csat__cox_slot_len(d->p);
    size_t per = COX_PART_MAX / len, rows, nb = 0, s = 0, lo = 0;
    if (per < 1)
        per = 1;
    rows = csat__n_blocks(n, per); /* ceil(n / per): at most ~per blocks */
    if (rows < (d->block_rows ? d->block_rows : CSAT__BLOCK_ROWS))
        rows = d->block_rows ? d->block_rows : CSAT__BLOCK_ROWS;
    while (lo < n) {
        size_t hi = lo;
        while (s + 1 < d->n_strata && d->blk[s + 1] <= lo)
            s++;
        if (bstart) {
            bstart[nb] = lo;
            bfirst[nb] = s;
        }
        /* whole tie groups (whole strata with entry) until rows or more */
        do {
            size_t ss = s;
            while (ss + 1 < d->n_strata && d->blk[ss + 1] <= hi)
                ss++;
            if (d->t0) {
                hi = d->blk[ss + 1];
            } else {
                size_t end = d->blk[ss + 1];
                double t = d->t[hi];
                while (hi < end && d->t[hi] == t)
                    hi++;
            }
        } while (hi < n && hi - lo < rows);
        nb++;
        lo = hi;
    }
    if (bstart) {
        bstart[nb] = n;
        d->bstart = bstart;
        d->bfirst = bfirst;
        d->nb = nb;
    }
    return nb;
}

typedef struct cox_pass_ctx {
    cox_data *d;
    const double *b;
    double *c;
    int at_zero;
} cox_pass_ctx;

/* The end of the stratum segment of block rows starting at i in stratum s. */
static size_t seg_end(const cox_data *d, size_t s, size_t hi)
{
    return d->blk[s + 1] < hi ? d->blk[s + 1] : hi;
}

/* The strata of the block's first and last (highest) rows into *sf, *sl;
 * 1 if the last one goes on into the block above. */
static int block_strata(const cox_data *d, size_t blk, size_t *sf, size_t *sl)
{
    size_t s = d->bfirst[blk];
    *sf = s;
    while (d->blk[s + 1] < d->bstart[blk + 1])
        s++;
    *sl = s;
    return blk + 1 < d->nb && d->bfirst[blk + 1] == s;
}

/* 1 if a block flagged a risk that is not finite or a risk set not positive. */
static int any_flag(const double *part, size_t nb, size_t len)
{
    for (size_t blk = 0; blk < nb; blk++)
        if (part[blk * len + SL_FLAG] != 0.0)
            return 1;
    return 0;
}

/* Phase 1: eta and risk of the block's rows; sums of r and r x over its
 * first stratum's rows. */
static void phase1(void *vctx, size_t worker, size_t blk)
{
    const cox_pass_ctx *cx = vctx;
    cox_data *d = cx->d;
    const size_t p = d->p, lo = d->bstart[blk], hi = d->bstart[blk + 1];
    const size_t e1 = seg_end(d, d->bfirst[blk], hi);
    double *sl = d->part + blk * csat__cox_slot_len(p), *T1 = sl + SL_T1(p), T0 = 0.0;
    (void)worker;
    sl[SL_FLAG] = 0.0;
    memset(T1, 0, p * sizeof *T1);
    /* descending, as the sweep adds them */
    for (size_t i = hi; i-- > lo;) {
        const double *x = d->xc + i * p;
        double e = cx->at_zero ? 0.0 : dot2(x, cx->b, p);
        double r = cx->at_zero ? d->wt[i] : d->wt[i] * exp(e);
        if (!isfinite(r))
            sl[SL_FLAG] = 1.0;
        d->eta[i] = e;
        d->risk[i] = r;
        if (i < e1) {
            T0 += r;
            for (size_t j = 0; j < p; j++)
                T1[j] += r * x[j];
        }
    }
    sl[SL_T0] = T0;
}

/* Phase 2: the sweep of the block's rows, stratum segment by segment
 * (top down); the last (highest) segment starts from the block's offsets. */
static void phase2(void *vctx, size_t worker, size_t blk)
{
    const cox_pass_ctx *cx = vctx;
    cox_data *d = cx->d;
    double *c = cx->c;
    const size_t p = d->p, lo = d->bstart[blk], hi = d->bstart[blk + 1];
    double *sl = d->part + blk * csat__cox_slot_len(p);
    double *u = sl + SL_U(p), *I = sl + SL_I(p), *S1 = sl + SL_S1(p), *E1 = sl + SL_E1(p),
           *L1 = sl + SL_L1(p);
    const double *off1 = sl + SL_OFF1(p);
    csat__ksum ll = {0.0, 0.0};
    size_t s, s_last;
    (void)worker;
    memset(u, 0, p * sizeof *u);
    memset(I, 0, p * p * sizeof *I);
    block_strata(d, blk, &s, &s_last);
    for (size_t ss = s_last + 1; ss-- > s;) {
        const size_t slo = d->blk[ss] > lo ? d->blk[ss] : lo, shi = seg_end(d, ss, hi);
        const int top = ss == s_last; /* the segment continuing above the block */
        const double base0 = top ? sl[SL_OFF0] : 0.0;
        size_t k = shi, q = shi;
        double L0 = 0.0, P = 0.0;
        memset(L1, 0, p * sizeof *L1);
        while (k > slo) {
            double t = d->t[k - 1], E0 = 0.0, dw = 0.0, dsum = 0.0, S0;
            double s1 = 0.0, sf = 0.0, s11 = 0.0, s12 = 0.0, s22 = 0.0, lsum = 0.0, prod = 1.0, wbar;
            int ex = 0;
            size_t nd = 0, ghi = k, m;
            memset(E1, 0, p * sizeof *E1);
            /* every row joins S at once, a death (ev = 1) its own time's E
             * too: no branch on ev, whose 0s and 1s come in no order */
            while (k > slo && d->t[k - 1] == t) {
                size_t i = --k;
                const double *x = d->xc + i * p;
                double r = d->risk[i], ev = d->ev[i], we = d->wt[i] * ev;
                c[i] = P;
                L0 += r;
                E0 += r * ev;
                dw += we;
                dsum += we * d->eta[i];
                nd += ev != 0.0;
                for (size_t j = 0; j < p; j++) {
                    double rx = r * x[j];
                    L1[j] += rx;
                    E1[j] += rx * ev;
                    u[j] += we * x[j];
                }
            }
            if (nd == 0)
                continue;
            csat__ksum_add(&ll, dsum);
            if (d->t0) /* rows whose interval starts at or after t leave the risk set */
                while (q > slo && d->t0[d->rem[q - 1]] >= t) {
                    size_t i = d->rem[--q];
                    const double *x = d->xc + i * p;
                    L0 -= d->risk[i];
                    for (size_t j = 0; j < p; j++)
                        L1[j] -= d->risk[i] * x[j];
                    c[i] = P - c[i];
                }
            S0 = base0 + L0;
            for (size_t j = 0; j < p; j++)
                S1[j] = top ? off1[j] + L1[j] : L1[j];
            m = d->efron && nd > 1 ? nd : 1;
            wbar = dw / (double)m;
            for (size_t kk = 0; kk < m; kk++) {
                double f = (double)kk / (double)m, den = S0 - f * E0, id, id2;
                if (!(den > 0.0)) {
                    sl[SL_FLAG] = 1.0;
                    return;
                }
                if (den > 0x1p-400 && den < 0x1p400) { /* the logs of the dens as one log of */
                    prod *= den;                          /* a product, kept as (mantissa, exponent) */
                    if ((kk & 15) == 15 || !(prod > 0x1p-400 && prod < 0x1p400)) {
                        int e2;
                        prod = frexp(prod, &e2);
                        ex += e2;
                    }
                } else {
                    lsum += log(den);
                }
                id = 1.0 / den;
                id2 = id * id;
                s1 += id;
                sf += f * id;
                s11 += id2;
                s12 += f * id2;
                s22 += f * f * id2;
            }
            lsum += log(prod) + (double)ex * 0.69314718055994530942;
            csat__ksum_add(&ll, -wbar * lsum);
            for (size_t j = 0; j < p; j++) {
                double *row = I + j * p;
                u[j] -= wbar * (s1 * S1[j] - sf * E1[j]);
                for (size_t k2 = j; k2 < p; k2++)
                    row[k2] -= wbar * (s11 * S1[j] * S1[k2] - s12 * (S1[j] * E1[k2] + E1[j] * S1[k2]) +
                                       s22 * E1[j] * E1[k2]);
            }
            for (size_t i = k; i < ghi; i++) /* a death's own time counts alpha - beta */
                c[i] += d->ev[i] * (wbar * sf);
            P += wbar * s1;
        }
        if (d->t0) /* the rows still at risk at the stratum's first time (whole strata) */
            for (size_t qq = slo; qq < q; qq++)
                c[d->rem[qq]] = P - c[d->rem[qq]];
        if (ss == s)
            sl[SL_PFIRST] = P;
        if (top)
            sl[SL_PLAST] = P;
        if (ss != s && !top) /* a whole stratum inside the block: its total */
            d->part[d->nb * csat__cox_slot_len(p) + ss] = P;
    }
    sl[SL_LLS] = ll.s;
    sl[SL_LLC] = ll.c;
}

/* Phase 3: the Gram sums r c x x' of the block's rows into its I. */
static void phase3(void *vctx, size_t worker, size_t blk)
{
    const cox_pass_ctx *cx = vctx;
    cox_data *d = cx->d;
    const double *c = cx->c, *ptot = d->part + d->nb * csat__cox_slot_len(d->p);
    const size_t p = d->p, lo = d->bstart[blk], hi = d->bstart[blk + 1];
    double *sl = d->part + blk * csat__cox_slot_len(p), *I = sl + SL_I(p);
    size_t s, s_last;
    (void)worker;
    block_strata(d, blk, &s, &s_last);
    for (size_t ss = s; ss <= s_last; ss++) {
        const size_t slo = d->blk[ss] > lo ? d->blk[ss] : lo, end = seg_end(d, ss, hi);
        /* c of a row without entry: P at the stratum's end less P on arrival */
        const double tot = d->t0 ? 0.0 : ptot[ss], base = ss == s_last ? sl[SL_POFF] : 0.0;
        for (size_t i = slo; i < end; i += 4) {
            double g[4] = {0.0, 0.0, 0.0, 0.0};
            size_t nr = end - i < 4 ? end - i : 4;
            for (size_t r = 0; r < nr; r++)
                g[r] = d->risk[i + r] * (d->t0 ? c[i + r] : tot - (base + c[i + r]));
            if (nr == 4)
                gram4(p, g, d->xc + i * p, I);
            else /* the segment's last rows, one by one */
                for (size_t r = 0; r < nr; r++) {
                    const double *x = d->xc + (i + r) * p;
                    for (size_t j = 0; j < p; j++)
                        for (size_t k2 = j; k2 < p; k2++)
                            I[j * p + k2] += g[r] * x[j] * x[k2];
                }
        }
    }
}

double csat__cox_pass_fast(cox_data *d, const double *b, double *u, double *I, double *work,
                           double *c)
{
    const size_t p = d->p, len = csat__cox_slot_len(p), nb = d->nb;
    double *R1 = work, *part = d->part, *ptot = part + nb * len, R0 = 0.0, RP = 0.0;
    csat__ksum ll = {0.0, 0.0};
    cox_pass_ctx cx;
    cx.d = d;
    cx.b = b;
    cx.c = c;
    cx.at_zero = 1; /* b = 0 (the first pass): eta = 0, no exp */
    for (size_t j = 0; j < p; j++)
        cx.at_zero &= b[j] == 0.0;
    csat__par_run(d->par, nb, phase1, &cx);
    if (any_flag(part, nb, len))
        return -INFINITY;
    /* the S offsets, top block down: R the sums above the current block in its stratum */
    for (size_t blk = nb; blk-- > 0;) {
        double *sl = part + blk * len;
        size_t sf, sl_s;
        if (!block_strata(d, blk, &sf, &sl_s)) { /* its top stratum ends in it: no offset */
            R0 = 0.0;
            memset(R1, 0, p * sizeof *R1);
        }
        sl[SL_OFF0] = R0;
        memcpy(sl + SL_OFF1(p), R1, p * sizeof *R1);
        if (sf == sl_s) {
            R0 += sl[SL_T0];
            for (size_t j = 0; j < p; j++)
                R1[j] += sl[SL_T1(p) + j];
        } else {
            R0 = sl[SL_T0];
            memcpy(R1, sl + SL_T1(p), p * sizeof *R1);
        }
    }
    csat__par_run(d->par, nb, phase2, &cx);
    if (any_flag(part, nb, len))
        return -INFINITY;
    /* the P offsets likewise, and the totals of the strata that span blocks */
    for (size_t blk = nb; blk-- > 0;) {
        double *sl = part + blk * len;
        size_t sf, sl_s;
        if (!block_strata(d, blk, &sf, &sl_s))
            RP = 0.0;
        sl[SL_POFF] = RP;
        if (sf != sl_s)
            ptot[sl_s] = RP + sl[SL_PLAST];
        RP = sf == sl_s ? RP + sl[SL_PFIRST] : sl[SL_PFIRST];
        if (d->blk[sf] == d->bstart[blk]) /* the first stratum starts here: its total is known */
            ptot[sf] = RP;
    }
    csat__par_run(d->par, nb, phase3, &cx);
    memset(u, 0, p * sizeof *u);
    memset(I, 0, p * p * sizeof *I);
    for (size_t blk = 0; blk < nb; blk++) {
        const double *sl = part + blk * len, *ub = sl + SL_U(p), *Ib = sl + SL_I(p);
        csat__ksum_add(&ll, sl[SL_LLS]);
        csat__ksum_add(&ll, sl[SL_LLC]);
        for (size_t j = 0; j < p; j++)
            u[j] += ub[j];
        for (size_t j = 0; j < p; j++)
            for (size_t k = j; k < p; k++)
                I[j * p + k] += Ib[j * p + k];
    }
    for (size_t j = 0; j < p; j++)
        for (size_t k = j + 1; k < p; k++)
            I[k * p + j] = I[j * p + k];
    return csat__ksum_value(&ll);
}
