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
