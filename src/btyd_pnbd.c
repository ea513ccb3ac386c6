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
#include "btyd_internal.h"
#include "numerics.h"

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

/* The sums above; rho = 0 gives G_k = 1/(E+k) (the integral to infinity).
 * With grad == 0 only s and ls are meaningful. */
static void jkernel(double v, double E, double z, double rho, double lrho, int grad, jsums *o)
{
    double c = 1.0, dc = 0.0, pc = 0.0, pcv = 0.0, Ek = E, kk = 0.0, rE, om, omr;
    double S = 0.0, Se = 0.0, Sc = 0.0, S1 = 0.0, S2 = 0.0, ls = 0.0;
    const double iv = 1.0 / v;
    if (rho > 0.0) {
        /* 1 - rho^E by a recurrence that only adds positive numbers, so it
         * stays accurate when rho is near 1 */
        rE = exp(E * lrho);
        om = rE < 0.5 ? 1.0 - rE : -expm1(E * lrho);
        omr = rho < 0.5 ? 1.0 - rho : -expm1(lrho);
    } else {
        rE = 0.0, om = 1.0, omr = 1.0, lrho = 0.0;
    }
    for (long k = 0; k < 10000000L; k++, kk += 1.0) {
        const double inv = 1.0 / Ek, G = om * inv, t = c * G, ratio = (v + kk) / (kk + 1.0) * z;
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
        dc = dc * ratio + c * z / (kk + 1.0);
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
        if (ratio < 1.0) {
            /* past the peak the term ratios stay below q, so the tail is at
             * most term q/(1-q) (dc grows a little faster: 10x margin) */
            const double q = ratio > z ? ratio : z, tol = 1e-16 * (1.0 - q) / q;
            if (t <= tol * S && pcv * G <= tol * S2 && (!grad || dc * G <= 0.1 * tol * Sc))
                break;
        }
    }
    /* the shifted sums lag one term */
    S1 += pc * om / Ek;
    S2 += pcv * om / Ek;
    o->s = S, o->se = Se, o->sc = Sc, o->s1 = S1, o->s2 = S2, o->ls = ls;
}

/* What one evaluation shares across rows. */
typedef struct pnbd_ctx {
    double r, al, s, be, lal, lbe, ls, dgr;
    int a_big; /* alpha >= beta: the alpha side is the m side */
    double m, d;
    /* rows with x = 0 (so t_x = 0) share the rho = 0 part of a split J */
    int have_x0;
    jsums x0;
    /* lgamma(r+x) - lgamma(r) and digamma(r+x) for small x, filled lazily */
    double lgd[64], dgx[64];
} pnbd_ctx;

static void ctx_init(pnbd_ctx *c, const double *p)
{
    c->r = p[0], c->al = p[1], c->s = p[2], c->be = p[3];
    c->lal = log(c->al), c->lbe = log(c->be), c->ls = log(c->s);
    c->dgr = NAN;
    c->a_big = c->al >= c->be;
    c->m = c->a_big ? c->al : c->be;
    c->d = fabs(c->al - c->be);
    c->have_x0 = 0;
    for (int i = 0; i < 64; i++)
        c->lgd[i] = NAN;
}

static double ctx_lgd(pnbd_ctx *c, double x, double *dgx)
{
    if (x < 64.0) {
        int i = (int)x;
        if (isnan(c->lgd[i])) {
            c->lgd[i] = csat__lgamma_diff(c->r, x);
            c->dgx[i] = csat__digamma(c->r + x);
        }
        if (dgx)
            *dgx = c->dgx[i];
        return c->lgd[i];
    }
    if (dgx)
        *dgx = csat__digamma(c->r + x);
    return csat__lgamma_diff(c->r, x);
}

/*
 * S of J(u, v) for one customer. With t_x = 0 the rho = 0 part
 * H(z) = sum c_k/(E+k) is the same for every x = 0 customer; subtracting
 * rho^E H(z rho) (a series in the smaller d/(m+T)) then costs a few terms
 * instead of the slow series in z. Used only where rho^E <= 1/2, so the
 * difference keeps all but one bit.
 */
static void jsum_row(pnbd_ctx *c, double u, double v, double tx, double T, double lrho, int grad,
                     jsums *o)
{
    const double E = u + v - 1.0, z = c->d / (c->m + tx), rho = exp(lrho);
    if (tx == 0.0 && z > 0.25 && E * lrho <= -0.6931471805599453) {
        jsums h;
        if (!c->have_x0) {
            jkernel(v, E, z, 0.0, 0.0, 1, &c->x0);
            c->have_x0 = 1;
        }
        if (c->x0.ls == 0.0) {
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
 * One customer: log-likelihood, and with g != NULL its gradient (natural
 * parameters); *wa_out (may be NULL) is the alive share exp(la - L).
 */
static double row_eval(pnbd_ctx *c, double x, double tx, double T, double *g, double *wa_out)
{
    const double r = c->r, al = c->al, s = c->s, be = c->be, pe = r + x, qe = s + 1.0;
    const double lat = log(al + T), lbt = log(be + T), la = -pe * lat - s * lbt;
    double li, L, wa, wi, dlp = 0.0, dlq = 0.0, ja = 0.0, jb = 0.0, dgx, lgd;
    if (T == tx) {
        li = -INFINITY;
    } else {
        const double mt = c->m + tx, l0 = log(mt), lrho = -log1p((T - tx) / mt);
        /* the m side carries exponent p (alpha >= beta) or q */
        const double u = c->a_big ? pe : qe, v = c->a_big ? qe : pe, E = u + v - 1.0;
        jsums j;
        jsum_row(c, u, v, tx, T, lrho, g != NULL, &j);
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
    if (li == -INFINITY) {
        L = la, wa = 1.0, wi = 0.0;
    } else if (la >= li) {
        const double e = exp(li - la);
        L = la + log1p(e), wa = 1.0 / (1.0 + e), wi = e * wa;
    } else {
        const double e = exp(la - li);
        L = li + log1p(e), wi = 1.0 / (1.0 + e), wa = e * wi;
    }
    if (wa_out)
        *wa_out = wa;
    lgd = ctx_lgd(c, x, g ? &dgx : NULL);
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
    ctx_init(&c, p);
    for (size_t i = 0; i < rows->n; i++) {
        double w = rows->w ? rows->w[i] : 1.0, gi[4];
        if (w == 0.0)
            continue;
        if (grad) {
            csat__ksum_add(&k, w * row_eval(&c, rows->x[i], rows->tx[i], rows->T[i], gi, NULL));
            for (int j = 0; j < 4; j++)
                g[j] += w * gi[j];
        } else {
            csat__ksum_add(&k, w * row_eval(&c, rows->x[i], rows->tx[i], rows->T[i], NULL, NULL));
        }
    }
    if (grad)
        memcpy(grad, g, sizeof g);
    return csat__ksum_value(&k);
}

double csat__pnbd_p_alive(const double *p, double x, double tx, double T)
{
    pnbd_ctx c;
    double wa;
    ctx_init(&c, p);
    row_eval(&c, x, tx, T, NULL, &wa);
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

double csat__pnbd_prob_new(const double *p, double t, double k)
{
    (void)p;
    (void)t;
    (void)k;
    return NAN; /* not implemented: csat_btyd_prob_purchases reports CSAT_EDOM */
}
