/*
 * Lohmoeller's PLS path modelling iteration (Tenenhaus et al. 2005, sect.
 * 2.1-2.3) on the correlation matrix R of the standardised items: every
 * quantity it needs is a covariance, so the data enter only through R.
 * Y = X W (W block-diagonal), cov(X, Y) = R W, cov(Y) = W' R W, and with
 * inner weights E (Z = Y E) cov(X, Z) = R W E.
 */
#include "survey/pls_internal.h"

#include "numerics/linalg.h"

#include <math.h>
#include <string.h>

static size_t big(const csat__pls_spec *s) { return s->q > s->max_block ? s->q : s->max_block; }

size_t csat__pls_work_len(const csat__pls_spec *s)
{
    size_t m = big(s);
    return 2 * m * m + m + s->q + s->p + s->q * s->q;
}

size_t csat__pls_est_len(const csat__pls_spec *s)
{
    return s->p + s->p * s->q + 2 * s->q * s->q + s->q;
}

void csat__pls_est_bind(csat__pls_est *e, const csat__pls_spec *s, double *mem)
{
    e->w = mem;
    e->RW = e->w + s->p;
    e->C = e->RW + s->p * s->q;
    e->B = e->C + s->q * s->q;
    e->r2 = e->B + s->q * s->q;
}

/* RW = R W and C = W' R W. */
static void lv_cov(const csat__pls_spec *s, const double *R, const double *w, double *RW, double *C)
{
    size_t p = s->p, q = s->q;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < q; j++) {
            double v = 0.0;
            for (size_t t = s->bstart[j]; t < s->bstart[j + 1]; t++) {
                size_t k = s->bitem[t];
                v += R[i * p + k] * w[k];
            }
            RW[i * q + j] = v;
        }
    for (size_t j = 0; j < q; j++)
        for (size_t l = 0; l < q; l++) {
            double v = 0.0;
            for (size_t t = s->bstart[j]; t < s->bstart[j + 1]; t++) {
                size_t i = s->bitem[t];
                v += w[i] * RW[i * q + l];
            }
            C[j * q + l] = v;
        }
}

/* Regression of LV k on its predecessors from C: beta (q, 0 where no
 * path) and R^2. M, L: m*m scratch, rhs: m. 0 if the predecessors are
 * collinear. */
static int regress(const csat__pls_spec *s, const double *C, size_t k, double *beta, double *r2,
                   double *M, double *L, double *rhs)
{
    size_t q = s->q, np = 0, a = 0;
    for (size_t j = 0; j < q; j++) {
        beta[j] = 0.0;
        np += s->adj[j * q + k];
    }
    *r2 = 0.0;
    if (np == 0)
        return 1;
    for (size_t ja = 0; ja < q; ja++) {
        if (!s->adj[ja * q + k])
            continue;
        size_t c = 0;
        for (size_t jc = 0; jc < q; jc++)
            if (s->adj[jc * q + k])
                M[a * np + c++] = C[ja * q + jc];
        rhs[a++] = C[ja * q + k];
    }
    if (!csat__spd_solve(M, np, rhs, 1, L))
        return 0;
    double v = 0.0;
    a = 0;
    for (size_t ja = 0; ja < q; ja++)
        if (s->adj[ja * q + k]) {
            beta[ja] = rhs[a];
            v += rhs[a++] * C[ja * q + k];
        }
    *r2 = v;
    return 1;
}

/* Scale block j's weights so that var(Y_j) = w' R_jj w = 1; 0 if it is 0. */
static int normalise(const csat__pls_spec *s, const double *R, double *w, size_t j)
{
    size_t p = s->p;
    double v = 0.0;
    for (size_t a = s->bstart[j]; a < s->bstart[j + 1]; a++)
        for (size_t b = s->bstart[j]; b < s->bstart[j + 1]; b++)
            v += w[s->bitem[a]] * R[s->bitem[a] * p + s->bitem[b]] * w[s->bitem[b]];
    if (!(v > 0.0) || !isfinite(v))
        return 0;
    double f = 1.0 / sqrt(v);
    for (size_t a = s->bstart[j]; a < s->bstart[j + 1]; a++)
        w[s->bitem[a]] *= f;
    return 1;
}

int csat__pls_finish(const csat__pls_spec *s, const double *R, csat__pls_est *e, double *work,
                     size_t *where)
{
    size_t q = s->q, m = big(s);
    double *M = work, *L = M + m * m, *rhs = L + m * m, *beta = rhs + m;
    lv_cov(s, R, e->w, e->RW, e->C);
    for (size_t k = 0; k < q; k++) {
        if (!regress(s, e->C, k, beta, &e->r2[k], M, L, rhs)) {
            *where = k;
            return 0;
        }
        for (size_t j = 0; j < q; j++)
            e->B[j * q + k] = beta[j];
    }
    return 1;
}

csat_status csat__pls_run(const csat__pls_spec *s, const double *R, int scheme, double tol,
                          size_t max_iter, csat__pls_est *e, double *work, size_t *n_iter,
                          double *last_change, int *what, size_t *where)
{
    size_t p = s->p, q = s->q, m = big(s);
    double *M = work, *L = M + m * m, *rhs = L + m * m, *beta = rhs + m;
    double *wnew = beta + q, *E = wnew + p;
    double *w = e->w, *RW = e->RW, *C = e->C;
    double change = 0.0;
    size_t it = 0;
    for (size_t i = 0; i < p; i++)
        w[i] = 1.0;
    for (size_t j = 0; j < q; j++)
        if (!normalise(s, R, w, j)) {
            *what = 1;
            *where = j;
            return CSAT_EDOM;
        }
    while (it < max_iter) {
        lv_cov(s, R, w, RW, C);
        /* inner weights: E[l*q + j] is the weight of Y_l in Z_j */
        for (size_t j = 0; j < q; j++) {
            int have_beta = 0;
            for (size_t l = 0; l < q; l++) {
                double v = 0.0;
                int in = s->adj[l * q + j], out = s->adj[j * q + l];
                if (in || out) {
                    double c = C[j * q + l];
                    if (scheme == CSAT_PLS_CENTROID)
                        v = c > 0 ? 1.0 : c < 0 ? -1.0 : 0.0;
                    else if (scheme == CSAT_PLS_FACTORIAL || !in)
                        v = c;
                    else {
                        if (!have_beta) {
                            double r2;
                            if (!regress(s, C, j, beta, &r2, M, L, rhs)) {
                                *what = 2;
                                *where = j;
                                return CSAT_EDOM;
                            }
                            have_beta = 1;
                        }
                        v = beta[l];
                    }
                }
                E[l * q + j] = v;
            }
        }
        /* new weights block by block from cov(x_i, Z_j) = sum_l RW[i,l] E[l,j] */
        for (size_t j = 0; j < q; j++) {
            size_t b0 = s->bstart[j], nb = s->bstart[j + 1] - b0;
            for (size_t a = 0; a < nb; a++) {
                size_t i = s->bitem[b0 + a];
                double v = 0.0;
                for (size_t l = 0; l < q; l++)
                    v += RW[i * q + l] * E[l * q + j];
                wnew[i] = v;
            }
            if (s->mode[j] == 1 && nb > 1) {
                for (size_t a = 0; a < nb; a++) {
                    for (size_t c = 0; c < nb; c++)
                        M[a * nb + c] = R[s->bitem[b0 + a] * p + s->bitem[b0 + c]];
                    rhs[a] = wnew[s->bitem[b0 + a]];
                }
                if (!csat__spd_solve(M, nb, rhs, 1, L)) {
                    *what = 1;
                    *where = j;
                    return CSAT_EDOM;
                }
                for (size_t a = 0; a < nb; a++)
                    wnew[s->bitem[b0 + a]] = rhs[a];
            }
            if (!normalise(s, R, wnew, j)) {
                *what = 3;
                *where = j;
                return CSAT_EDOM;
            }
        }
        change = 0.0;
        for (size_t i = 0; i < p; i++) {
            double d = fabs(wnew[i] - w[i]);
            if (d > change)
                change = d;
            w[i] = wnew[i];
        }
        it++;
        if (change < tol)
            break;
    }
    *n_iter = it;
    *last_change = change;
    if (!csat__pls_finish(s, R, e, work, where)) {
        *what = 2;
        return CSAT_EDOM;
    }
    return change < tol ? CSAT_OK : CSAT_ENOCONV;
}

void csat__pls_total(const double *B, size_t q, double *T, double *work)
{
    double *P = work, *N = work + q * q;
    memcpy(P, B, q * q * sizeof *P);
    memset(T, 0, q * q * sizeof *T);
    for (size_t step = 0; step < q; step++) {
        int nonzero = 0;
        for (size_t a = 0; a < q * q; a++) {
            T[a] += P[a];
            nonzero |= P[a] != 0.0;
        }
        if (!nonzero)
            break;
        for (size_t i = 0; i < q; i++)
            for (size_t k = 0; k < q; k++) {
                double v = 0.0;
                for (size_t j = 0; j < q; j++)
                    v += P[i * q + j] * B[j * q + k];
                N[i * q + k] = v;
            }
        memcpy(P, N, q * q * sizeof *P);
    }
}

double csat__pls_unstd_sum(const csat__pls_spec *s, const double *w, const double *sd, size_t j)
{
    double v = 0.0;
    for (size_t a = s->bstart[j]; a < s->bstart[j + 1]; a++)
        v += w[s->bitem[a]] / sd[s->bitem[a]];
    return v;
}
