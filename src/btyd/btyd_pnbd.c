/*
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987; likelihood as in Fader,
 * Hardie & Lee 2005, "A note on deriving the Pareto/NBD model").
 *
 * L = G(r+x)/G(r) alpha^r beta^s [ (alpha+T)^-(r+x) (beta+T)^-s + I ],
 * I = s * int_{t_x}^{T} (alpha+u)^-(r+x) (beta+u)^-(s+1) du.
 * The usual closed form writes I as a difference of two 2F1 terms, which
 * cancels badly; expanding both in the same series and subtracting term by
 * term gives only positive terms:
 *   I = s (m+t_x)^-A sum_k (B)_k / (k! (A+k)) z^k (1 - rho^(A+k)),
 * with A = r+s+x, m = max(alpha, beta), z = |alpha-beta|/(m+t_x),
 * rho = (m+t_x)/(m+T), and B = s+1 if alpha >= beta, else r+x.
 */
#include "btyd/btyd_ops.h"
#include "numerics/numerics.h"

#include <math.h>
#include <string.h>

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

/* Start of the recurrences for rho^(E+k) and 1 - rho^(E+k) (the second
 * only adds positive numbers, so it stays accurate when rho is near 1);
 * rho = 0 (the integral to infinity) sets *lrho = 0. */
static void rho_start(double E, double rho, double *lrho, double *rE, double *om, double *omr)
{
    if (rho > 0.0) {
        *rE = exp(E * *lrho);
        *om = *rE < 0.5 ? 1.0 - *rE : -expm1(E * *lrho);
        *omr = rho < 0.5 ? 1.0 - rho : -expm1(*lrho);
    } else {
        *rE = 0.0, *om = 1.0, *omr = 1.0, *lrho = 0.0;
    }
}

/* The sums above; rho = 0 gives G_k = 1/(E+k) (the integral to infinity).
 * With grad == 0 only s and ls are meaningful. */
static void jkernel(double v, double E, double z, double rho, double lrho, int grad, jsums *o)
{
    double c = 1.0, dc = 0.0, pc = 0.0, pcv = 0.0, Ek = E, kk = 0.0, rE, om, omr;
    double S = 0.0, Se = 0.0, Sc = 0.0, S1 = 0.0, S2 = 0.0, ls = 0.0;
    const double iv = 1.0 / v;
    rho_start(E, rho, &lrho, &rE, &om, &omr);
    for (long k = 0; k < 10000000L; k++, kk += 1.0) {
        const double inv = 1.0 / Ek, G = om * inv, t = c * G, zk = z / (kk + 1.0), ratio = (v + kk) * zk;
        S += t;
        S1 += pc * G;
        S2 += pcv * G;
        if (grad) {
            Se -= c * (rE * lrho + G) * inv;
            Sc += dc * G;
        }
        pc = c;
        pcv = c * (v + kk) * iv;
        /* c_{k+1} = c_k (v+k) z / (k+1) and its v-derivative */
        dc = dc * ratio + c * zk;
        c *= ratio;
        rE *= rho;
        om = om * rho + omr;
        Ek += 1.0;
        if (S > 1e250) { /* large v (frequency) with z near 1 */
            S *= 1e-250, Se *= 1e-250, Sc *= 1e-250, S1 *= 1e-250, S2 *= 1e-250;
            c *= 1e-250, dc *= 1e-250, pc *= 1e-250, pcv *= 1e-250;
            ls += 250.0 * 2.302585092994045684;
        }
        if (c == 0.0)
            break;
        if ((k & 3) == 3 && ratio < 1.0) {
            /* past the peak the term ratios stay below q, so the tail is at
             * most term q/(1-q) (dc grows a little faster: 10x margin);
             * tested every 4th term, which keeps divisions out of the loop */
            const double q = ratio > z ? ratio : z, tol = 1e-16 * (1.0 - q);
            if (t * q <= tol * S && pcv * G * q <= tol * S2 && (!grad || dc * G * q <= 0.1 * tol * Sc))
                break;
        }
    }
    /* the shifted sums lag one term */
    S1 += pc * om / Ek;
    S2 += pcv * om / Ek;
    o->s = S, o->se = Se, o->sc = Sc, o->s1 = S1, o->s2 = S2, o->ls = ls;
}

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

static void jkernel2(double v, double E, double z, double rho, double lrho, jsums2 *o)
{
    /* b0 = b^(0)_k, its v-log-derivative ps and ps2 = sum 1/(v+j)^2;
     * p-prefixed: the same one (pp: two) terms back */
    double b0 = 1.0, ps = 0.0, ps2 = 0.0, pb0 = 0.0, pps = 0.0, pb1 = 0.0, pb2 = 0.0, ppb0 = 0.0,
           ppb1 = 0.0, ppb2 = 0.0;
    double Ek = E, kk = 0.0, rE, om, omr;
    double a[15] = {0};
    int extra = -1;
    const double iv = 1.0 / v, iv1 = 1.0 / (v + 1.0);
    double ls = 0.0;
    rho_start(E, rho, &lrho, &rE, &om, &omr);
    for (long k = 0; k < 10000000L; k++, kk += 1.0) {
        const double inv = 1.0 / Ek, G = om * inv, G1 = -(rE * lrho + G) * inv;
        const double G2 = -(rE * lrho * lrho + 2.0 * G1) * inv;
        const double b1 = b0 * (v + kk) * iv, b2 = b1 * (v + kk + 1.0) * iv1;
        const double ipk = 1.0 / (v + kk), zk = z / (kk + 1.0);
        a[0] += b0 * G;
        a[1] += b0 * G1;
        a[2] += b0 * ps * G;
        a[3] += b0 * G2;
        a[4] += b0 * ps * G1;
        a[5] += b0 * (ps * ps - ps2) * G;
        a[6] += pb0 * G;
        a[7] += pb0 * G1;
        a[8] += pb0 * pps * G;
        a[9] += pb1 * G;
        a[10] += pb1 * G1;
        a[11] += pb1 * (ps - iv) * G; /* (v+1)_k / (v)_{k+1} v: log-derivative psi_{k+1} - 1/v */
        a[12] += ppb0 * G;
        a[13] += ppb1 * G;
        a[14] += ppb2 * G;
        ppb0 = pb0, ppb1 = pb1, ppb2 = pb2;
        pb0 = b0, pps = ps, pb1 = b1, pb2 = b2;
        ps += ipk;
        ps2 += ipk * ipk;
        b0 *= (v + kk) * zk;
        rE *= rho;
        om = om * rho + omr;
        Ek += 1.0;
        if (a[0] > 1e250) {
            for (int i = 0; i < 15; i++)
                a[i] *= 1e-250;
            b0 *= 1e-250, pb0 *= 1e-250, pb1 *= 1e-250, pb2 *= 1e-250, ppb0 *= 1e-250, ppb1 *= 1e-250, ppb2 *= 1e-250;
            ls += 250.0 * 2.302585092994045684;
        }
        if (extra >= 0) {
            if (extra-- == 0)
                break;
            continue;
        }
        if (b0 == 0.0) {
            extra = 1; /* the shifted sums still need G_{k+1}, G_{k+2} */
            continue;
        }
        if ((k & 3) == 3) {
            /* as in jkernel; the second-order sums only feed the Newton
             * direction and standard errors, and get a looser test */
            const double ratio = (v + kk) * zk, q = ratio > z ? ratio : z, tol = 1e-16 * (1.0 - q);
            if (ratio < 1.0 && b0 * G * q <= tol * a[0] && pb1 * G * q <= tol * a[9] &&
                b2 * G * q <= 1e6 * tol * a[14] && b0 * ps * ps * G * q <= 1e5 * tol * a[5])
                extra = 1;
        }
    }
    o->t = a[0], o->te = a[1], o->tc = a[2], o->tee = a[3], o->tec = a[4], o->tcc = a[5];
    o->t10 = a[6], o->t10e = a[7], o->t10c = a[8], o->t01 = a[9], o->t01e = a[10], o->t01c = a[11];
    o->t20 = a[12], o->t11 = a[13], o->t02 = a[14], o->ls = ls;
}

#define PK 80 /* series terms tabulated for the x = 0 customers */

/* Power-series coefficients in w of jkernel's (hess = 0) or jkernel2's
 * sums at rho = 0; 0 if they overflow (huge v). */
static int build_tab(double v, double E, int hess, double (*tab)[16])
{
    const double iv = 1.0 / v, iv1 = 1.0 / (v + 1.0);
    double b0 = 1.0, ps = 0.0, ps2 = 0.0;
    for (int k = 0; k < PK; k++) {
        const double n0 = E + k, g0 = 1.0 / n0, g1 = 1.0 / (n0 + 1.0), g2 = 1.0 / (n0 + 2.0);
        const double ip = 1.0 / (v + k), b1 = b0 * (v + k) * iv, b2 = b1 * (v + k + 1.0) * iv1;
        double *t = tab[k];
        if (!(b2 < 1e250))
            return 0;
        t[0] = b0 * g0;
        t[1] = -b0 * g0 * g0;
        t[2] = b0 * ps * g0;
        if (!hess) {
            t[3] = b0 * g1;
            t[4] = b1 * g1;
        } else {
            t[3] = 2.0 * b0 * g0 * g0 * g0;
            t[4] = -b0 * ps * g0 * g0;
            t[5] = b0 * (ps * ps - ps2) * g0;
            t[6] = b0 * g1;
            t[7] = -b0 * g1 * g1;
            t[8] = b0 * ps * g1;
            t[9] = b1 * g1;
            t[10] = -b1 * g1 * g1;
            t[11] = b1 * (ps + ip - iv) * g1;
            t[12] = b0 * g2;
            t[13] = b1 * g2;
            t[14] = b2 * g2;
            t[15] = 0.0;
        }
        ps += ip;
        ps2 += ip * ip;
        b0 *= (v + k) / (k + 1.0);
    }
    return 1;
}

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
POLY_SUMS(poly_sums5, 5, 4)
POLY_SUMS(poly_sums16, 16, 9)

/* What one evaluation shares across rows. */
typedef struct pnbd_ctx {
    double r, al, s, be, lal, lbe, ls, dgr, tgr;
    int a_big; /* alpha >= beta: the alpha side is the m side */
    double m, d, lm; /* lm = log m */
    /* rows with x = 0 (so t_x = 0) share the rho = 0 part of a split J */
    int share, have_x0, have_x0h; /* share: several rows, so sharing pays */
    int quad; /* value paths: quadrature near the cliff (see log_j_quad) */
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

static void ctx_init(pnbd_ctx *c, const double *p, int share)
{
    c->r = p[0], c->al = p[1], c->s = p[2], c->be = p[3];
    c->lal = log(c->al), c->lbe = log(c->be), c->ls = log(c->s);
    c->dgr = c->tgr = NAN;
    c->a_big = c->al >= c->be;
    c->m = c->a_big ? c->al : c->be;
    c->d = fabs(c->al - c->be);
    c->lm = c->a_big ? c->lal : c->lbe;
    c->have_x0 = c->have_x0h = 0;
    c->share = share;
    c->quad = 0;
    c->ntab = 0;
    for (int i = 0; i < 64; i++)
        c->lgd[i] = NAN;
}

static double ctx_lgd(pnbd_ctx *c, double x, double *dgx, double *tgx)
{
    if (x < 64.0) {
        int i = (int)x;
        if (isnan(c->lgd[i])) {
            c->lgd[i] = csat__lgamma_diff(c->r, x);
            c->dgx[i] = csat__digamma(c->r + x);
            c->tgx[i] = NAN;
        }
        if (dgx)
            *dgx = c->dgx[i];
        if (tgx) {
            if (isnan(c->tgx[i]))
                c->tgx[i] = csat__trigamma(c->r + x);
            *tgx = c->tgx[i];
        }
        return c->lgd[i];
    }
    if (dgx)
        *dgx = csat__digamma(c->r + x);
    if (tgx)
        *tgx = csat__trigamma(c->r + x);
    return csat__lgamma_diff(c->r, x);
}

/* Per-customer logs: log(alpha+T), log(beta+T) and, for T > t_x,
 * l0 = log(m+t_x), lrho = log rho = log((m+t_x)/(m+T)) (accurate as T
 * nears t_x) and rho. The m side's log(m+T) is l0 - lrho: one log fewer. */
typedef struct rowlogs {
    double lat, lbt, mt, l0, lrho, rho;
} rowlogs;

static void row_logs(const pnbd_ctx *c, double tx, double T, rowlogs *o)
{
    if (T == tx) {
        o->lat = log(c->al + T);
        o->lbt = log(c->be + T);
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

/*
 * S of J(u, v) for one customer. With t_x = 0 the rho = 0 part
 * H(z) = sum c_k/(E+k) is the same for every x = 0 customer; subtracting
 * rho^E H(z rho) (a series in the smaller d/(m+T)) then costs a few terms
 * instead of the slow series in z. Used only where rho^E <= 1/2, so the
 * difference keeps all but one bit.
 */
static void jsum_row(pnbd_ctx *c, double u, double v, double tx, double rho, double lrho, int grad,
                     jsums *o)
{
    const double E = u + v - 1.0, z = c->d / (c->m + tx);
    if (c->share && tx == 0.0 && z > 0.25 && E * lrho <= -0.6931471805599453) {
        jsums h;
        if (!c->have_x0) {
            jkernel(v, E, z, 0.0, 0.0, 1, &c->x0);
            c->have_x0 = 1;
        }
        if (c->x0.ls == 0.0) {
            double a[5];
            if (c->ntab == 0)
                c->ntab = build_tab(v, E, 0, c->tab) ? PK : -1;
            if (c->ntab > 0 && poly_sums5((const double(*)[16])c->tab, v, z * rho, a))
                h.s = a[0], h.se = a[1], h.sc = a[2], h.s1 = a[3], h.s2 = a[4], h.ls = 0.0;
            else
                jkernel(v, E, z * rho, 0.0, 0.0, grad, &h);
            if (h.ls == 0.0) {
                const double rE = exp(E * lrho);
                o->s = c->x0.s - rE * h.s;
                o->se = c->x0.se - rE * (lrho * h.s + h.se);
                o->sc = c->x0.sc - rE * h.sc;
                o->s1 = c->x0.s1 - rE * rho * h.s1;
                o->s2 = c->x0.s2 - rE * rho * h.s2;
                o->ls = 0.0;
                return;
            }
        }
    }
    jkernel(v, E, z, rho, lrho, grad, o);
}

/*
 * Near the cliff, 1 - z = (n+t_x)/(m+t_x) tiny, jkernel's terms peak near
 * k = v/(1-z) and a value would take up to 1e8 terms (Pareto/NBD with
 * beta << alpha and large shapes). There the value paths integrate
 * J = int (m+y)^-u (n+y)^-v dy directly in w = log(n+y):
 *   J = int exp(f(w)) dw, f(w) = -u log(d + e^w) - (v-1) w,
 * concave (f'' = -u d e^w/(d+e^w)^2) and smooth on the scale of 1/|f'|,
 * whatever z is. Only where the series would be long (estimated terms
 * (v+37)/(1-z) > 1e4), so ordinary data keep the series.
 */
typedef struct jquad {
    double u, v, d;
} jquad;

static double jquad_f(double w, double wr, void *ctx, double *df)
{
    const jquad *q = ctx;
    const double dw = w - wr, er = exp(wr);
    /* log((d + e^w)/(d + e^wr)): log1p of e^w - e^wr (no cancellation near
     * wr), a difference of logs where log1p's argument nears -1 */
    const double num = fabs(dw) < 1.0 ? er * expm1(dw) : exp(w) - er, x = num / (q->d + er);
    *df = -q->u / (1.0 + q->d * exp(-w)) - (q->v - 1.0);
    return -q->u * (x > -0.5 ? log1p(x) : log(q->d + exp(w)) - log(q->d + er)) - (q->v - 1.0) * dw;
}

static int j_cliff(const pnbd_ctx *c, double v, double tx)
{
    const double n = c->a_big ? c->be : c->al;
    return c->d > 0.0 && (v + 37.0) * (c->m + tx) > 1e4 * (n + tx);
}

/* log J(u, v) by quadrature (see above). */
static double log_j_quad(const pnbd_ctx *c, double u, double v, double tx, double T)
{
    /* min(alpha, beta) itself: m - d would carry m's rounding error */
    const double n = c->a_big ? c->be : c->al;
    jquad q;
    double wm, li;
    q.u = u, q.v = v, q.d = c->d;
    li = csat__log_int_logconcave(jquad_f, &q, log(n + tx), log(n + T), &wm);
    return li - u * log(c->d + exp(wm)) - (v - 1.0) * wm;
}

/* log(e^la + e^li) and the shares wa, wi of its two terms (alive through
 * T, or gone in (t_x, T)); li = -inf when T = t_x. */
static double alive_or_not(double la, double li, double *wa, double *wi)
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

/*
 * One customer: log-likelihood, and with g != NULL its gradient (natural
 * parameters); *wa_out and *lwa_out (either may be NULL) are the alive share
 * exp(la - L) and its log.
 */
static double row_eval(pnbd_ctx *c, double x, double tx, double T, double *g, double *wa_out,
                       double *lwa_out)
{
    const double r = c->r, al = c->al, s = c->s, be = c->be, pe = r + x, qe = s + 1.0;
    rowlogs rl;
    double lat, lbt, la, li, L, wa, wi, dlp = 0.0, dlq = 0.0, ja = 0.0, jb = 0.0, dgx, lgd;
    row_logs(c, tx, T, &rl);
    lat = rl.lat, lbt = rl.lbt, la = -pe * lat - s * lbt;
    if (T == tx) {
        li = -INFINITY;
    } else if (!g && c->quad && j_cliff(c, c->a_big ? qe : pe, tx)) {
        li = c->ls + log_j_quad(c, c->a_big ? pe : qe, c->a_big ? qe : pe, tx, T);
    } else {
        const double mt = rl.mt, l0 = rl.l0;
        /* the m side carries exponent p (alpha >= beta) or q */
        const double u = c->a_big ? pe : qe, v = c->a_big ? qe : pe, E = u + v - 1.0;
        jsums j;
        jsum_row(c, u, v, tx, rl.rho, rl.lrho, g != NULL, &j);
        li = c->ls + log(j.s) + j.ls - E * l0;
        if (g) {
            const double is = 1.0 / j.s, dlu = -l0 + j.se * is, dlv = -l0 + (j.sc + j.se) * is;
            const double ju = j.s1 * is / mt, jv = j.s2 * is / mt;
            dlp = c->a_big ? dlu : dlv;
            dlq = c->a_big ? dlv : dlu;
            ja = c->a_big ? ju : jv; /* alpha side exponent + 1 */
            jb = c->a_big ? jv : ju;
        }
    }
    L = alive_or_not(la, li, &wa, &wi);
    if (wa_out)
        *wa_out = wa;
    if (lwa_out)
        *lwa_out = la - L;
    lgd = ctx_lgd(c, x, g ? &dgx : NULL, NULL);
    if (g) {
        if (isnan(c->dgr))
            c->dgr = csat__digamma(r);
        g[0] = dgx - c->dgr + c->lal - wa * lat + wi * dlp;
        g[1] = r / al - wa * pe / (al + T) - wi * pe * ja;
        g[2] = c->lbe - wa * lbt + wi * (1.0 / s + dlq);
        g[3] = s / be - wa * s / (be + T) - wi * qe * jb;
    }
    return lgd + r * c->lal + s * c->lbe + L;
}

double csat__pnbd_loglik(const double *p, const csat__btyd_rows *rows, double *grad)
{
    csat__ksum k = {0, 0};
    double g[4] = {0, 0, 0, 0};
    pnbd_ctx c;
    ctx_init(&c, p, rows->n > 1);
    for (size_t i = 0; i < rows->n; i++) {
        double w = rows->w ? rows->w[i] : 1.0, gi[4];
        if (w == 0.0)
            continue;
        if (grad) {
            csat__ksum_add(&k, w * row_eval(&c, rows->x[i], rows->tx[i], rows->T[i], gi, NULL, NULL));
            for (int j = 0; j < 4; j++)
                g[j] += w * gi[j];
        } else {
            csat__ksum_add(&k, w * row_eval(&c, rows->x[i], rows->tx[i], rows->T[i], NULL, NULL, NULL));
        }
    }
    if (grad)
        memcpy(grad, g, sizeof g);
    return csat__ksum_value(&k);
}

/* jsum_row for the second-order sums: T_ab(rho) = T_ab(z; rho = 0)
 * - rho^(E+a+b) T_ab(z rho; rho = 0), differentiated in E. */
static void jsum2_row(pnbd_ctx *c, double v, double E, double tx, double rho, double lrho, jsums2 *o)
{
    const double z = c->d / (c->m + tx);
    if (c->share && tx == 0.0 && z > 0.25 && E * lrho <= -0.6931471805599453) {
        jsums2 h;
        const jsums2 *a = &c->x0h;
        if (!c->have_x0h) {
            jkernel2(v, E, z, 0.0, 0.0, &c->x0h);
            c->have_x0h = 1;
        }
        if (a->ls == 0.0) {
            double b[16];
            if (c->ntab == 0)
                c->ntab = build_tab(v, E, 1, c->tab) ? PK : -1;
            if (c->ntab > 0 && poly_sums16((const double(*)[16])c->tab, v, z * rho, b)) {
                h.t = b[0], h.te = b[1], h.tc = b[2], h.tee = b[3], h.tec = b[4], h.tcc = b[5];
                h.t10 = b[6], h.t10e = b[7], h.t10c = b[8], h.t01 = b[9], h.t01e = b[10], h.t01c = b[11];
                h.t20 = b[12], h.t11 = b[13], h.t02 = b[14], h.ls = 0.0;
            } else {
                jkernel2(v, E, z * rho, 0.0, 0.0, &h);
            }
            if (h.ls == 0.0) {
                const double r0 = exp(E * lrho), r1 = r0 * rho, r2 = r1 * rho, l = lrho;
                o->t = a->t - r0 * h.t;
                o->te = a->te - r0 * (l * h.t + h.te);
                o->tc = a->tc - r0 * h.tc;
                o->tee = a->tee - r0 * (l * l * h.t + 2.0 * l * h.te + h.tee);
                o->tec = a->tec - r0 * (l * h.tc + h.tec);
                o->tcc = a->tcc - r0 * h.tcc;
                o->t10 = a->t10 - r1 * h.t10;
                o->t10e = a->t10e - r1 * (l * h.t10 + h.t10e);
                o->t10c = a->t10c - r1 * h.t10c;
                o->t01 = a->t01 - r1 * h.t01;
                o->t01e = a->t01e - r1 * (l * h.t01 + h.t01e);
                o->t01c = a->t01c - r1 * h.t01c;
                o->t20 = a->t20 - r2 * h.t20;
                o->t11 = a->t11 - r2 * h.t11;
                o->t02 = a->t02 - r2 * h.t02;
                o->ls = 0.0;
                return;
            }
        }
    }
    jkernel2(v, E, z, rho, lrho, o);
}

/*
 * One customer's log-likelihood with gradient g and Hessian h (4x4,
 * row-major), natural parameters. With A = e^la the alive part and
 * I = e^li, the Hessian of log(A + I) is
 *   wa H_la + wi H_li + wa wi (grad la - grad li)(grad la - grad li)'.
 * li = log s + log J(p, q) with p = r+x on the alpha side, q = s+1 on the
 * beta side; d/dalpha J(p, q) = -p J(p+1, q), so the alpha and beta
 * derivatives are the shifted integrals of jkernel2.
 */
static double row_hess(pnbd_ctx *c, double x, double tx, double T, double *g, double *h)
{
    const double r = c->r, al = c->al, s = c->s, be = c->be, pe = r + x, qe = s + 1.0;
    rowlogs rl;
    double lat, lbt, la, ga[4], ha[16] = {0}, gi[4] = {0}, hi[16] = {0}, li, L, wa, wi, dgx, tgx, lgd;
    row_logs(c, tx, T, &rl);
    lat = rl.lat, lbt = rl.lbt, la = -pe * lat - s * lbt;
    ga[0] = -lat, ga[1] = -pe / (al + T), ga[2] = -lbt, ga[3] = -s / (be + T);
    ha[1] = ha[4] = -1.0 / (al + T);
    ha[5] = pe / ((al + T) * (al + T));
    ha[11] = ha[14] = -1.0 / (be + T);
    ha[15] = s / ((be + T) * (be + T));
    if (T == tx) {
        li = -INFINITY;
    } else {
        const double mt = rl.mt, l0 = rl.l0;
        const double u = c->a_big ? pe : qe, v = c->a_big ? qe : pe, E = u + v - 1.0;
        double Ku, Kv, Kuu, Kuv, Kvv, R10, R01, R10u, R10v, R01u, R01v, Q20, Q11, Q02, it, eu, ev;
        double Kp, Kq, Kpp, Kpq, Kqq, Ra, Rb, Rap, Raq, Rbp, Rbq, Qa, Qb;
        jsums2 j;
        jsum2_row(c, v, E, tx, rl.rho, rl.lrho, &j);
        li = c->ls + log(j.t) + j.ls - E * l0;
        it = 1.0 / j.t;
        eu = j.te * it;            /* d log T / du */
        ev = (j.te + j.tc) * it;   /* d log T / dv */
        Ku = -l0 + eu;
        Kv = -l0 + ev;
        Kuu = j.tee * it - eu * eu;
        Kuv = (j.tee + j.tec) * it - eu * ev;
        Kvv = (j.tee + 2.0 * j.tec + j.tcc) * it - ev * ev;
        R10 = j.t10 * it / mt;
        R01 = j.t01 * it / mt;
        R10u = j.t10e / j.t10 - eu;
        R10v = (j.t10e + j.t10c) / j.t10 - ev;
        R01u = j.t01e / j.t01 - eu;
        R01v = (j.t01e + j.t01c) / j.t01 - ev;
        Q20 = j.t20 * it / (mt * mt);
        Q11 = j.t11 * it / (mt * mt);
        Q02 = j.t02 * it / (mt * mt);
        if (c->a_big) {
            Kp = Ku, Kq = Kv, Kpp = Kuu, Kpq = Kuv, Kqq = Kvv, Ra = R10, Rb = R01;
            Rap = R10u, Raq = R10v, Rbp = R01u, Rbq = R01v, Qa = Q20, Qb = Q02;
        } else {
            Kp = Kv, Kq = Ku, Kpp = Kvv, Kpq = Kuv, Kqq = Kuu, Ra = R01, Rb = R10;
            Rap = R01v, Raq = R01u, Rbp = R10v, Rbq = R10u, Qa = Q02, Qb = Q20;
        }
        gi[0] = Kp;
        gi[1] = -pe * Ra;
        gi[2] = 1.0 / s + Kq;
        gi[3] = -qe * Rb;
        hi[0] = Kpp;
        hi[1] = hi[4] = -Ra - pe * Ra * Rap;
        hi[2] = hi[8] = Kpq;
        hi[3] = hi[12] = -qe * Rb * Rbp;
        hi[5] = pe * (pe + 1.0) * Qa - pe * pe * Ra * Ra;
        hi[6] = hi[9] = -pe * Ra * Raq;
        hi[7] = hi[13] = pe * qe * (Q11 - Ra * Rb);
        hi[10] = -1.0 / (s * s) + Kqq;
        hi[11] = hi[14] = -Rb - qe * Rb * Rbq;
        hi[15] = qe * (qe + 1.0) * Qb - qe * qe * Rb * Rb;
    }
    L = alive_or_not(la, li, &wa, &wi);
    lgd = ctx_lgd(c, x, &dgx, &tgx);
    for (int a = 0; a < 4; a++) {
        g[a] = wa * ga[a] + wi * gi[a];
        for (int b = 0; b < 4; b++)
            h[4 * a + b] = wa * ha[4 * a + b] + wi * hi[4 * a + b] + wa * wi * (ga[a] - gi[a]) * (ga[b] - gi[b]);
    }
    g[0] += dgx - c->dgr + c->lal;
    g[1] += r / al;
    g[2] += c->lbe;
    g[3] += s / be;
    h[0] += tgx - c->tgr;
    h[1] += 1.0 / al;
    h[4] += 1.0 / al;
    h[5] -= r / (al * al);
    h[11] += 1.0 / be;
    h[14] += 1.0 / be;
    h[15] -= s / (be * be);
    return lgd + r * c->lal + s * c->lbe + L;
}

double csat__pnbd_loglik_hess(const double *p, const csat__btyd_rows *rows, double *grad, double *hess)
{
    csat__ksum k = {0, 0};
    double g[4] = {0, 0, 0, 0}, hs[16] = {0};
    pnbd_ctx c;
    ctx_init(&c, p, rows->n > 1);
    c.dgr = csat__digamma(c.r);
    c.tgr = csat__trigamma(c.r);
    for (size_t i = 0; i < rows->n; i++) {
        double w = rows->w ? rows->w[i] : 1.0, gi[4], hi[16];
        if (w == 0.0)
            continue;
        csat__ksum_add(&k, w * row_hess(&c, rows->x[i], rows->tx[i], rows->T[i], gi, hi));
        for (int j = 0; j < 4; j++)
            g[j] += w * gi[j];
        for (int j = 0; j < 16; j++)
            hs[j] += w * hi[j];
    }
    memcpy(grad, g, sizeof g);
    memcpy(hess, hs, sizeof hs);
    return csat__ksum_value(&k);
}

double csat__pnbd_p_alive(const double *p, double x, double tx, double T)
{
    pnbd_ctx c;
    double wa;
    ctx_init(&c, p, 0);
    c.quad = 1;
    row_eval(&c, x, tx, T, NULL, &wa, NULL);
    return wa;
}

/* [1 - (beta/(beta+t))^(s-1)] / (s-1), -> log(1+t/beta) at s = 1. */
static double pnbd_e1(double s, double be, double t)
{
    double l = log1p(t / be), y = -(s - 1.0) * l;
    if (y == 0.0)
        return l;
    return -expm1(y) / (s - 1.0);
}

double csat__pnbd_expected_new(const double *p, double t)
{
    const double r = p[0], al = p[1], s = p[2], be = p[3];
    if (!(t > 0))
        return 0.0;
    return r * be / al * pnbd_e1(s, be, t);
}

double csat__pnbd_expected_cond(const double *p, double t, double x, double tx, double T)
{
    const double r = p[0], al = p[1], s = p[2], be = p[3];
    if (!(t > 0))
        return 0.0;
    return csat__pnbd_p_alive(p, x, tx, T) * (r + x) * (be + T) / (al + T) * pnbd_e1(s, be + T, t);
}

/* log P(alive at T | x, t_x, T), for callers that must stay in log space. */
double csat__pnbd_log_p_alive(const double *p, double x, double tx, double T)
{
    pnbd_ctx c;
    double ls;
    ctx_init(&c, p, 0);
    c.quad = 1;
    row_eval(&c, x, tx, T, NULL, NULL, &ls);
    return ls;
}

/* ---- the Pareto/NBD table ------------------------------------------------ */

CSAT__BTYD_FOR_CUSTOMERS(p_alive_n, csat__pnbd_p_alive(p, x, tx, T))
CSAT__BTYD_FOR_CUSTOMERS(expected_cond_n, csat__pnbd_expected_cond(p, a, x, tx, T))
CSAT__BTYD_FOR_CUSTOMERS(dert_n, csat__pnbd_dert(p, a, x, tx, T))
CSAT__BTYD_FOR_VALUES(expected_new_n, csat__pnbd_expected_new(p, v))
CSAT__BTYD_FOR_VALUES(prob_n, csat__pnbd_prob_new(p, a, v))

const csat__btyd_kind_ops csat__pnbd_ops = {
    .name = "Pareto/NBD",
    .n_params = 4,
    .param_names = "r, alpha, s, beta",
    .time_scales = 1u << 1 | 1u << 3, /* alpha, beta */
    .check_rows = csat__btyd_check_rows_continuous,
    .loglik = csat__pnbd_loglik,
    .loglik_hess = csat__pnbd_loglik_hess,
    .p_alive = csat__pnbd_p_alive,
    .log_p_alive = csat__pnbd_log_p_alive,
    .expected_new = csat__pnbd_expected_new,
    .expected_cond = csat__pnbd_expected_cond,
    .dert = csat__pnbd_dert,
    .prob_new = csat__pnbd_prob_new,
    .p_alive_n = p_alive_n,
    .expected_cond_n = expected_cond_n,
    .dert_n = dert_n,
    .expected_new_n = expected_new_n,
    .prob_n = prob_n,
};
