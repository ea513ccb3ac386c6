/*
 * Private to the Pareto/NBD files: the series sums and the per-evaluation
 * context that the likelihood and value paths (btyd_pnbd.c), the Hessian
 * (btyd_pnbd_hess.c) and the quadrature near the cliff (btyd_pnbd_quad.c)
 * share. The small per-row helpers are inline here so that the split costs
 * no calls.
 */
#ifndef CSAT_BTYD_PNBD_SERIES_H
#define CSAT_BTYD_PNBD_SERIES_H

#include "btyd/btyd_ops.h"

#include <math.h>

/*
 * J(u, v) = int_{t_x}^{T} (m+y)^-u (m-d+y)^-v dy = (m+t_x)^-E S, E = u+v-1,
 * S = sum_k c_k G_k, c_k = (v)_k/k! z^k, G_k = (1 - rho^(E+k))/(E+k).
 * One pass gives everything the gradient needs, because the shifted
 * integrals reuse the same coefficients one G later:
 *   J(u+1, v) = (m+t_x)^-(E+1) sum_k c_k G_{k+1},
 *   J(u, v+1) = (m+t_x)^-(E+1) sum_k c_k (v+k)/v G_{k+1}.
 * All sums are relative to exp(ls), a running scale for large v.
 */
typedef struct jsums {
    double s;  /* S */
    double se; /* dS/dE (E moves with u and v) */
    double sc; /* dS/dv through c_k only, so dS/dv = sc + se */
    double s1; /* sum c_k G_{k+1} */
    double s2; /* sum c_k (v+k)/v G_{k+1} */
    double ls;
} jsums;

/*
 * Second-order sums for the Hessian: with b_k^(j) = (v+j)_k/k! z^k,
 * T_ab = sum_k b_k^(b) G_{k+a+b} gives J(u+a, v+b) = (m+t_x)^-(E+a+b) T_ab.
 * Suffix e: derivative in E; suffix c: in v through the coefficients.
 */
typedef struct jsums2 {
    double t, te, tc, tee, tec, tcc; /* T_00 and its derivatives */
    double t10, t10e, t10c, t01, t01e, t01c;
    double t20, t11, t02, ls;
} jsums2;

/* Start of the recurrences for rho^(E+k) and 1 - rho^(E+k) (the second
 * only adds positive numbers, so it stays accurate when rho is near 1);
 * rho = 0 (the integral to infinity) sets *lrho = 0. Not inline: inlined,
 * it costs jkernel2's loop 4% more instructions. */
void csat__pnbd_rho_start(double E, double rho, double *lrho, double *rE, double *om, double *omr);

#define PK 80 /* series terms tabulated for the x = 0 customers */

/* Power-series coefficients in w of jkernel's (hess = 0) or jkernel2's
 * sums at rho = 0; 0 if they overflow (huge v). */
int csat__pnbd_build_tab(double v, double E, int hess, double (*tab)[16]);

/* sum_k tab[k][j] w^k for j < M (5 or 16, column 15 unused), 0 < w < 1;
 * stops as jkernel does on columns 0 and J2 (the v+1 sum, whose terms
 * decay slowest). 0 if PK terms were not enough. Fixed column counts let
 * the compiler keep the sums in (vector) registers. */
#define POLY_SUMS(NAME, M, J2)                                                                     \
    static int NAME(const double (*tab)[16], double v, double w, double *out)                      \
    {                                                                                              \
        double acc[M] = {0}, wk = 1.0;                                                             \
        const double tol = 1e-16 * (1.0 - w) / w;                                                  \
        for (int k = 0; k < PK; k++, wk *= w) {                                                    \
            for (int j = 0; j < (M); j++)                                                          \
                acc[j] += tab[k][j] * wk;                                                          \
            if (k + 1.0 >= v && tab[k][0] * wk <= tol * acc[0] && tab[k][J2] * wk <= tol * acc[J2]) { \
                for (int j = 0; j < (M); j++)                                                      \
                    out[j] = acc[j];                                                               \
                return 1;                                                                          \
            }                                                                                      \
        }                                                                                          \
        return 0;                                                                                  \
    }

/* What one evaluation shares across rows. */
typedef struct pnbd_ctx {
    double r, al, s, be, lal, lbe, ls, dgr, tgr;
    int a_big; /* alpha >= beta: the alpha side is the m side */
    double m, d, lm; /* lm = log m */
    /* rows with x = 0 (so t_x = 0) share the rho = 0 part of a split J */
    int share, have_x0, have_x0h; /* share: several rows, so sharing pays */
    int force; /* tests: 0 the a priori switch, 1 always the series, 2 always the quadrature */
    jsums x0;
    jsums2 x0h;
    /* their rho = 0 sums at z rho as power series in z rho: coefficients
     * tab[k][j] (j < 5 for jsums, < 15 for jsums2); ntab 0: not built,
     * -1: unusable */
    int ntab;
    double tab[PK][16];
    /* lgamma(r+x) - lgamma(r) and digamma(r+x) for small x, filled lazily */
    double lgd[64], dgx[64], tgx[64];
} pnbd_ctx;

void csat__pnbd_ctx_init(pnbd_ctx *c, const double *p, int share);
/* lgamma(r+x) - lgamma(r), with digamma(r+x) (dgx) and trigamma(r+x) (tgx) where not NULL */
double csat__pnbd_ctx_lgd(pnbd_ctx *c, double x, double *dgx, double *tgx);

/* Per-customer logs: log(alpha+T), log(beta+T) and, for T > t_x,
 * l0 = log(m+t_x), lrho = log rho = log((m+t_x)/(m+T)) (accurate as T
 * nears t_x) and rho. The m side's log(m+T) is l0 - lrho: one log fewer. */
typedef struct rowlogs {
    double lat, lbt, mt, l0, lrho, rho;
} rowlogs;

static inline void row_logs(const pnbd_ctx *c, double tx, double T, rowlogs *o)
{
    if (T == tx) {
        o->lat = log(c->al + T);
        o->lbt = log(c->be + T);
        /* unused (no gone-in-(t_x, T) term), but inlined into the Hessian
         * rows GCC cannot see that */
        o->mt = o->l0 = o->lrho = o->rho = 0.0;
        return;
    }
    o->mt = c->m + tx;
    o->l0 = tx == 0.0 ? c->lm : log(o->mt);
    o->lrho = -log1p((T - tx) / o->mt);
    o->rho = o->mt / (c->m + T);
    if (c->a_big) {
        o->lat = o->l0 - o->lrho;
        o->lbt = log(c->be + T);
    } else {
        o->lat = log(c->al + T);
        o->lbt = o->l0 - o->lrho;
    }
}

/* log of (m+t_x)^-E alpha^r beta^s, E = r+x+s, the series' scale with the
 * likelihood's alpha^r beta^s taken in: each power against a nearby base,
 * so that large r or s leave no rounding of size r log alpha behind. */
static inline double scale_rel(const pnbd_ctx *c, double x, double tx)
{
    if (c->a_big)
        return -c->r * log1p(tx / c->al) - x * log(c->al + tx) - c->s * log((c->al + tx) / c->be);
    return -c->s * log1p(tx / c->be) - x * log(c->be + tx) - c->r * log((c->be + tx) / c->al);
}

/* log(e^la + e^li) and the shares wa, wi of its two terms (alive through
 * T, or gone in (t_x, T)); li = -inf when T = t_x. */
static inline double alive_or_not(double la, double li, double *wa, double *wi)
{
    double e;
    if (li == -INFINITY) {
        *wa = 1.0, *wi = 0.0;
        return la;
    }
    if (la >= li) {
        e = exp(li - la);
        *wa = 1.0 / (1.0 + e), *wi = e * *wa;
        return la + log1p(e);
    }
    e = exp(la - li);
    *wi = 1.0 / (1.0 + e), *wa = e * *wi;
    return li + log1p(e);
}

/* Whether the row's J is near the cliff, where its series would be long
 * (an a priori count of its terms) and every path integrates it instead
 * (btyd_pnbd_quad.c). */
int csat__pnbd_j_cliff(const pnbd_ctx *c, double x, double tx, double T);
/* For the tests: which path a row takes (0 the series, 1 the panels, 2 the
 * Gauss-Laguerre rule; share as csat__pnbd_ctx_init's), and the
 * log-likelihood with its gradient (hess NULL) or Hessian by one forced
 * path (force as pnbd_ctx's). */
int csat__pnbd_row_path(const double *p, double x, double tx, double T, int share);
double csat__pnbd_loglik_force(const double *p, const csat__btyd_rows *rows, double *grad, int force);
double csat__pnbd_loglik_hess_force(const double *p, const csat__btyd_rows *rows, double *grad, double *hess,
                                    int force);
/* J = J(r+x on the alpha side, s+1 on the beta side) over (t_x, T) with the
 * moments the fit needs, under the density proportional to its integrand;
 * A = log(m+y), B = log(n+y), a = 1/(m+y), b = 1/(n+y) (m = max(alpha,
 * beta), u its side's exponent). With hess = 0 only lj to rb are set. */
typedef struct csat__pnbd_jmom {
    double lj;             /* log(J alpha^r beta^s) */
    double ea, eb, ra, rb; /* E[A], E[B], E[a], E[b] */
    double vaa, vab, vbb;  /* Var A, Cov(A, B), Var B */
    double caa, cab, cba, cbb; /* E[a (A - E A)]/E[a], E[a (B - E B)]/E[a], the same with b */
    double qaa, qab, qbb;  /* Var a, Cov(a, b), Var b */
} csat__pnbd_jmom;
void csat__pnbd_j_moments(const pnbd_ctx *c, double x, double tx, double T, int hess, csat__pnbd_jmom *o);

#endif /* CSAT_BTYD_PNBD_SERIES_H */
