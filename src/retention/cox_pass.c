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
 * passed, in c (n doubles, scratch): a row stores P on arrival, a row
 * leaving the risk set (entry) stores its final c, and the rest are
 * resolved once the stratum's total is known; then one Gram pass adds
 * r c x x'. The mean-product term sum_k wbar a_k a_k' with a_k = (S1 -
 * f_k E1) / den_k is expanded in the sums of 1/den^2, f/den^2, f^2/den^2.
 * work holds 2p doubles.
 */
double csat__cox_pass_fast(cox_data *d, const double *b, double *u, double *I, double *work,
                           double *c)
{
    const size_t p = d->p;
    double *S1 = work, *E1 = S1 + p;
    csat__ksum ll = {0.0, 0.0};
    int at_zero = 1; /* b = 0 (the first pass): eta = 0, no exp */
    memset(u, 0, p * sizeof *u);
    memset(I, 0, p * p * sizeof *I);
    for (size_t j = 0; j < p; j++)
        at_zero &= b[j] == 0.0;
    for (size_t s = 0; s < d->n_strata; s++) {
        size_t lo = d->blk[s], k = d->blk[s + 1], q = k;
        double S0 = 0.0, P = 0.0;
        memset(S1, 0, p * sizeof *S1);
        while (k > lo) {
            double t = d->t[k - 1], E0 = 0.0, dw = 0.0, dsum = 0.0;
            double s1 = 0.0, sf = 0.0, s11 = 0.0, s12 = 0.0, s22 = 0.0, lsum = 0.0, prod = 1.0, wbar;
            int ex = 0;
            size_t nd = 0, hi = k, m;
            memset(E1, 0, p * sizeof *E1);
            /* every row joins S at once, a death (ev = 1) its own time's E
             * too: no branch on ev, whose 0s and 1s come in no order */
            while (k > lo && d->t[k - 1] == t) {
                size_t i = --k;
                const double *x = d->xc + i * p;
                double e = at_zero ? 0.0 : dot2(x, b, p), r = at_zero ? d->wt[i] : d->wt[i] * exp(e);
                double ev = d->ev[i], we = d->wt[i] * ev;
                if (!isfinite(r))
                    return -INFINITY;
                d->eta[i] = e;
                d->risk[i] = r;
                c[i] = P;
                S0 += r;
                E0 += r * ev;
                dw += we;
                dsum += we * e;
                nd += ev != 0.0;
                for (size_t j = 0; j < p; j++) {
                    double rx = r * x[j];
                    S1[j] += rx;
                    E1[j] += rx * ev;
                    u[j] += we * x[j];
                }
            }
            if (nd == 0)
                continue;
            csat__ksum_add(&ll, dsum);
            if (d->t0) /* rows whose interval starts at or after t leave the risk set */
                while (q > lo && d->t0[d->rem[q - 1]] >= t) {
                    size_t i = d->rem[--q];
                    const double *x = d->xc + i * p;
                    S0 -= d->risk[i];
                    for (size_t j = 0; j < p; j++)
                        S1[j] -= d->risk[i] * x[j];
                    c[i] = P - c[i];
                }
            m = d->efron && nd > 1 ? nd : 1;
            wbar = dw / (double)m;
            for (size_t kk = 0; kk < m; kk++) {
                double f = (double)kk / (double)m, den = S0 - f * E0, id, id2;
                if (!(den > 0.0))
                    return -INFINITY;
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
            for (size_t i = k; i < hi; i++) /* a death's own time counts alpha - beta */
                c[i] += d->ev[i] * (wbar * sf);
            P += wbar * s1;
        }
        if (d->t0) /* the rows still at risk at the stratum's first time */
            for (size_t qq = lo; qq < q; qq++)
                c[d->rem[qq]] = P - c[d->rem[qq]];
        for (size_t i = lo, end = d->blk[s + 1]; i < end; i += 4) { /* the rows' r c x x' */
            double g[4] = {0.0, 0.0, 0.0, 0.0};
            size_t nr = end - i < 4 ? end - i : 4;
            for (size_t r = 0; r < nr; r++)
                g[r] = d->risk[i + r] * (d->t0 ? c[i + r] : P - c[i + r]);
            if (nr == 4)
                gram4(p, g, d->xc + i * p, I);
            else /* the stratum's last rows, one by one */
                for (size_t r = 0; r < nr; r++) {
                    const double *x = d->xc + (i + r) * p;
                    for (size_t j = 0; j < p; j++)
                        for (size_t k2 = j; k2 < p; k2++)
                            I[j * p + k2] += g[r] * x[j] * x[k2];
                }
        }
    }
    for (size_t j = 0; j < p; j++)
        for (size_t k = j + 1; k < p; k++)
            I[k * p + j] = I[j * p + k];
    return csat__ksum_value(&ll);
}
