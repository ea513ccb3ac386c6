/*
 * GGom/NBD log-likelihood and gradient (btyd_ggom.c has the model): the
 * integral I = int_{t_x}^{T} exp(h(tau)) dtau and the six integrals of the
 * gradient on one set of nodes.
 *
 * In u = log((alpha+tau)/(alpha+t_x)) the power-law part of h,
 * -(r+x) log(alpha+tau), is linear (and dtau = (alpha+tau) du), so the
 * log-integrand is
 *   H(u) = -r log(1 + tau/alpha) - (x-1) u - s G(tau) - l1(tau) + const,
 *   H'(u) = 1 - (r+x) + (alpha+tau) b (1 - (s+1) q(tau)),
 * q = 1/(1 + (beta-1) e^{-b tau}), entire in u but for the poles of q,
 * where e^{b tau} = 1 - beta (tau = log(beta-1)/b +- i pi/b for beta > 1,
 * log(1-beta)/b on the real line for beta < 1). Panels of 16-point
 * Gauss-Legendre rules from u = 0 rightwards, each as wide as
 *  - H changes by at most ~8 across it (|H'| at both ends),
 *  - H' changes by at most 4 / width (curvature: width^2 |H''| <= 4),
 *  - its tau-width at most the distance to the nearest pole of q (twice
 *    that for a real pole),
 *  - at most 6 in u,
 * so that the rule's error is below ~1e-17 relative on each panel. The
 * sweep stops where an upper bound of H over the rest (H' is bounded by
 * 1 - (r+x) + (alpha+T) b max(0, 1 - (s+1) min q)) is e^-46 below the
 * largest value met. More than MAXP panels: NAN, and the caller falls
 * back to the adaptive quadrature (btyd_ggom_quad.c). Against that
 * quadrature and the mpmath reference: tests/btyd/test_ggom.c.
 */
#include "btyd/btyd_ggom.h"
#include "btyd/btyd_ops.h"
#include "numerics/numerics.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define MAXP 128 /* panels (beta near 1e-15 with b near 1: ~50; typical rows 1-6) */

typedef struct {
    double r, al, b, s, be, x, tx, T;
    double a0, m, lr0;       /* alpha + t_x, r + x, log(1 + t_x/alpha) */
    double ex;               /* e^{b t_x} - 1, +inf from b t_x = 600 on */
    double qx, cx, gx;       /* q(t_x), (beta-1) e^{-b t_x}, G(t_x) */
    double pole_re, pole_im; /* nearest pole of q: real part and distance off the line (tau) */
    int has_pole;
} grow;

/* The Gompertz pieces at tau = t_x + d: dG = G(tau) - G(t_x) = log(1 +
 * q(t_x) (e^{bd} - 1)), q = e^{b tau}/(beta - 1 + e^{b tau}) and e^{-dG};
 * one expm1 and a log1p (beyond b tau = 600: exp, log, log1p). The log
 * term of h, l1 = log(1 + (beta-1) e^{-b tau}), is -log q: the division
 * keeps beta's digits down to 1e-15, and h needs l1 only to an absolute
 * 1e-16. Relative to t_x, so that a b tau beyond the double range (T =
 * 1e300) still leaves finite differences. */
static void gomp(const grow *g, double d, double *dg, double *q, double *emg)
{
    const double bd = g->b * d;
    if (bd + g->b * g->tx < 600.0) { /* b tau < 600 */
        const double em = expm1(bd), et = g->ex + em + g->ex * em; /* e^{b tau} - 1 */
        *dg = log1p(g->qx * em);
        *q = (1.0 + et) / (g->be + et);
        *emg = 1.0 / (1.0 + g->qx * em);
    } else {
        const double c = g->cx * exp(-bd), l1 = log1p(c);
        *dg = bd + log(g->qx) + l1;
        *q = 1.0 / (1.0 + c);
        *emg = exp(-*dg);
    }
}

static double tau_at(const grow *g, double u)
{
    return g->tx + g->a0 * expm1(u);
}

/* H(u) (without its constant) and H'(u). log(1 + tau/alpha) = u +
 * log(1 + t_x/alpha) (alpha + tau = (alpha + t_x) e^u), and l1 = -log q. */
static double hfun(const grow *g, double u, double *d)
{
    const double dt = g->a0 * expm1(u), tau = g->tx + dt;
    double dg, q, emg;
    gomp(g, dt, &dg, &q, &emg);
    *d = 1.0 - g->m + (g->al + tau) * g->b * (1.0 - (g->s + 1.0) * q);
    return -g->r * (u + g->lr0) - (g->x - 1.0) * u - g->s * dg + log(q);
}

/* How wide (tau units) a panel from t0 to t1 may be for the nearest pole
 * of q: its distance from [t0, t1], twice that for a pole on the real
 * line beyond an end (Bernstein ellipses rho >= 4.2 and 3.7: the 16-point
 * rule's error below ~1e-18). */
static double pole_dist(const grow *g, double t0, double t1)
{
    double dre;
    if (!g->has_pole)
        return INFINITY;
    dre = g->pole_re < t0 ? t0 - g->pole_re : (g->pole_re > t1 ? g->pole_re - t1 : 0.0);
    return g->pole_im == 0.0 ? 2.0 * dre : hypot(dre, g->pole_im);
}

static double qof(const grow *g, double tau)
{
    double dg, q, emg;
    gomp(g, tau - g->tx, &dg, &q, &emg);
    return q;
}

double csat__ggom_integrals_panels(const double *p, double x, double tx, double T, double *qr)
{
    return csat__ggom_integrals_panels_rel(p, x, tx, T, qr) - p[3] * csat__ggom_gfun(p[2], p[4], tx);
}

/* The second-order moments of the Hessian (hm != NULL; HM_* below): with
 * e(tau) = grad h(tau) - grad h(t_x) in the natural parameters (h: the
 * log-integrand at fixed tau, btyd_ggom.c), their covariance under the
 * weights exp(h) and four ratios of the second derivatives of h. */
enum { HM_A2, HM_BQ, HM_BQQ, HM_D2, HM_COV, HM_N = HM_COV + 25 };

static double panels_rel(const double *p, double x, double tx, double T, double *qr, double *hm);

double csat__ggom_integrals_panels_rel(const double *p, double x, double tx, double T, double *qr)
{
    return panels_rel(p, x, tx, T, qr, NULL);
}

static double panels_rel(const double *p, double x, double tx, double T, double *qr, double *hm)
{
    grow g;
    double pw[MAXP + 1], U, cur, hc, dc, hmax, sum[CSAT__GGOM_IQ_N] = {0};
    double hs[4] = {0}, s1[5] = {0}, s2[15] = {0}, ia0 = 0.0, eb0 = 0.0, cb = 0.0, c0;
    int np = 0;
    g.r = p[0], g.al = p[1], g.b = p[2], g.s = p[3], g.be = p[4], g.x = x, g.tx = tx, g.T = T;
    g.a0 = g.al + tx, g.m = g.r + x, g.lr0 = csat__ggom_lr(g.al, tx);
    g.ex = g.b * tx < 600.0 ? expm1(g.b * tx) : INFINITY;
    g.cx = (g.be - 1.0) * exp(-g.b * tx), g.qx = csat__ggom_q(g.b, g.be, tx), g.gx = csat__ggom_gfun(g.b, g.be, tx);
    g.has_pole = g.be != 1.0;
    if (g.be > 1.0)
        g.pole_re = log(g.be - 1.0) / g.b, g.pole_im = 3.14159265358979323846 / g.b;
    else
        g.pole_re = log1p(-g.be) / g.b, g.pole_im = 0.0;
    U = log1p((T - tx) / g.a0);
    if (!(U > 0.0))
        return NAN;
    /* pass 1: the panels' ends pw[0..np], H there hb[] */
    cur = 0.0;
    hc = hfun(&g, cur, &dc);
    if (dc == -INFINITY)
        return -INFINITY; /* b (alpha + t_x) beyond the double range: the integrand is gone at once */
    hmax = hc;
    pw[0] = 0.0;
    while (cur < U) {
        double w = fmin(6.0, U - cur), he = 0.0, de = 0.0;
        const double tc = tau_at(&g, cur);
        if (np == MAXP)
            return NAN;
        w = fmin(w, 8.0 / fmax(fabs(dc), 1e-300));
        w = fmin(w, pole_dist(&g, tc, tc) / (g.al + tc));
        /* the same limits at the far end: halve until they hold */
        for (int it = 0; it < 60; it++) {
            const double te = tau_at(&g, cur + w);
            he = hfun(&g, cur + w, &de);
            if (fabs(de) * w <= 8.0 && fabs(de - dc) * w <= 4.0 &&
                w * (g.al + te) <= pole_dist(&g, tc, te))
                break;
            w *= 0.5;
        }
        if (!(w > 0.0) || !isfinite(he))
            return NAN;
        cur = cur + w >= U ? U : cur + w;
        pw[++np] = cur;
        hc = he, dc = de;
        hmax = fmax(hmax, he);
        if (cur < U) {
            /* an upper bound of H over the rest */
            const double q1 = qof(&g, tau_at(&g, cur)), q2 = qof(&g, T);
            const double ub = 1.0 - g.m + (g.al + T) * g.b * fmax(0.0, 1.0 - (g.s + 1.0) * fmin(q1, q2));
            if (hc + fmax(ub, 0.0) * (U - cur) < hmax - 46.0)
                break;
        }
    }
    if (hm) { /* grad h at t_x, for the centred moments; e^{-G(t_x)}/beta */
        ia0 = 1.0 / g.a0, eb0 = tx * (1.0 - (g.s + 1.0) * g.qx);
        cb = exp(-g.gx) / g.be;
    }
    /* pass 2: the rules, relative to the largest H at the panels' ends;
     * e^H = q e^{-(r+x-1) u - r lr0 - s dG} */
    c0 = -g.r * g.lr0 - hmax;
    for (int k = 0; k < np; k++) {
        const double c = 0.5 * (pw[k] + pw[k + 1]), hw = 0.5 * (pw[k + 1] - pw[k]);
        for (int i = 0; i < 16; i++) {
            const double u = c + (i < 8 ? -hw : hw) * csat__gl16_x[i & 7];
            const double dt = g.a0 * expm1(u), tau = tx + dt, lr = u + g.lr0;
            double dg, q, emg, om;
            gomp(&g, dt, &dg, &q, &emg);
            om = csat__gl16_w[i & 7] * hw * q * exp(c0 - (g.m - 1.0) * u - g.s * dg);
            sum[CSAT__GGOM_IQ_0] += om;
            if (qr) {
                sum[CSAT__GGOM_IQ_R] += om * lr;
                sum[CSAT__GGOM_IQ_A] += om / (g.al + tau);
                sum[CSAT__GGOM_IQ_S] += om * dg; /* + G(t_x) below */
                sum[CSAT__GGOM_IQ_BETA] += om * emg; /* times e^{-G(t_x)}/beta below */
                sum[CSAT__GGOM_IQ_B1] += om * tau;
                sum[CSAT__GGOM_IQ_B2] += om * tau * q;
            }
            if (hm) {
                const double ia = 1.0 / (g.al + tau), id = emg * cb, tq = tau * q * id;
                const double e[5] = {-u, -g.m * (ia - ia0), tau * (1.0 - (g.s + 1.0) * q) - eb0, -dg,
                                     -(g.s + 1.0) * cb * (emg - 1.0)};
                hs[HM_A2] += om * ia * ia;
                hs[HM_BQ] += om * tq;
                hs[HM_BQQ] += om * tau * tq;
                hs[HM_D2] += om * id * id;
                for (int a = 0, k2 = 0; a < 5; a++) {
                    s1[a] += om * e[a];
                    for (int b = a; b < 5; b++)
                        s2[k2++] += om * e[a] * e[b];
                }
            }
        }
    }
    if (!(sum[0] > 0.0) || !isfinite(sum[0]))
        return NAN;
    if (qr) {
        for (int k = CSAT__GGOM_IQ_R; k < CSAT__GGOM_IQ_N; k++)
            qr[k] = sum[k] / sum[0];
        qr[CSAT__GGOM_IQ_S] += g.gx;
        qr[CSAT__GGOM_IQ_BETA] *= exp(-g.gx) / g.be;
    }
    if (hm) {
        for (int k = 0; k < 4; k++)
            hm[k] = hs[k] / sum[0];
        for (int a = 0, c = 0; a < 5; a++)
            for (int b = a; b < 5; b++, c++)
                hm[HM_COV + 5 * a + b] = hm[HM_COV + 5 * b + a] = s2[c] / sum[0] - (s1[a] / sum[0]) * (s1[b] / sum[0]);
    }
    /* the constant of H: -x log(alpha+t_x) + log(alpha+t_x) (dtau/du at u = 0) */
    return log(sum[0]) + hmax + (1.0 - x) * log(g.a0);
}

/* log I + s G(t_x) (the integrand relative to S(t_x)); *hm_ok: whether
 * hm (when given) was filled (the panels ran). */
static double integrals_rel(const double *p, double x, double tx, double T, double *q, double *hm, int *hm_ok)
{
    const double l = panels_rel(p, x, tx, T, q, hm);
    *hm_ok = !isnan(l);
    return isnan(l) ? csat__ggom_integrals_adaptive(p, x, tx, T, q) + p[3] * csat__ggom_gfun(p[2], p[4], tx) : l;
}

/* w v, 0 where w is (a weight that underflowed against an infinite v) */
static double wmul(double w, double v)
{
    return w == 0.0 ? 0.0 : w * v;
}

static double row_eval(const double *p, double x, double tx, double T, double *grad, double *lpa, double *hess);

/*
 * Both terms of L relative to S(t_x) = exp(-s G(t_x)), which is a common
 * factor: la = log A + s G(t_x) with G(T) - G(t_x) = log(1 + q(t_x)
 * (e^{b(T-t_x)} - 1)), li = log(s b I) + s G(t_x). P(alive) = e^{la - L}
 * then stays defined where b T leaves the double range (T = 1e300).
 */
double csat__ggom_loglik_row(const double *p, double x, double tx, double T, double *grad,
                             double *lpa)
{
    return row_eval(p, x, tx, T, grad, lpa, NULL);
}

/* The Hessian of one row by central differences of its gradient at p_j
 * e^{+-1e-5} (rows where the panels give up: their moments are missing). */
static int row_hess_numeric(const double *p, double x, double tx, double T, double *hess)
{
    for (int j = 0; j < 5; j++) {
        double pp[5], gp[5], gm[5], up, dn;
        memcpy(pp, p, sizeof pp);
        up = pp[j] = p[j] * exp(1e-5);
        row_eval(pp, x, tx, T, gp, NULL, NULL);
        dn = pp[j] = p[j] * exp(-1e-5);
        row_eval(pp, x, tx, T, gm, NULL, NULL);
        for (int i = 0; i < 5; i++)
            hess[i * 5 + j] = (gp[i] - gm[i]) / (up - dn);
    }
    for (int i = 0; i < 5; i++)
        for (int j = i + 1; j < 5; j++)
            hess[i * 5 + j] = hess[j * 5 + i] = 0.5 * (hess[i * 5 + j] + hess[j * 5 + i]);
    return 1;
}

/*
 * The Hessian of one row (natural parameters). With LA = log A, LI =
 * log(s b I) and wa, wi their weights in L = log(e^LA + e^LI):
 *   d2 ll = d2 lgamma_diff + wa d2 LA + wi d2 LI + wa wi (dLA - dLI)(dLA - dLI)',
 *   d2 LI = diag(0, 0, -1/b^2, -1/s^2, 0) + E[d2 h] + Cov(dh)
 * under the weights exp(h(tau)) on (t_x, T) (the panels' hm). The nonzero
 * second derivatives of h at fixed tau, with D = beta - 1 + e^{b tau}, q =
 * e^{b tau}/D, 1 - q = (beta - 1)/D:
 *   r alpha: 1/alpha - 1/(alpha+tau);  alpha alpha: -r/alpha^2 + (r+x)/(alpha+tau)^2;
 *   b b: -(s+1)(beta-1) tau^2 q/D;  b s: -tau q;  b beta: (s+1) tau q/D;
 *   s beta: 1/beta - 1/D;  beta beta: -s/beta^2 + (s+1)/D^2;
 * and those of LA the same at tau = T with s in place of s + 1 (LA has
 * no l1 term).
 */
static void row_hessian(const double *p, double x, double T, double wa, double wi, const double *q,
                        const double *hm, double GT, double qT, double lrT, double *H)
{
    const double r = p[0], al = p[1], b = p[2], s = p[3], be = p[4], m = r + x;
    const double iaT = 1.0 / (al + T), idT = exp(-GT) / be; /* 1/D at T */
    double d[5], a2[15] = {0};
    /* dLA - dLI (the constants r/alpha, s/beta cancel) */
    d[0] = -lrT + q[CSAT__GGOM_IQ_R];
    d[1] = m * (q[CSAT__GGOM_IQ_A] - iaT);
    d[2] = -s * T * qT - 1.0 / b - q[CSAT__GGOM_IQ_B1] + (s + 1.0) * q[CSAT__GGOM_IQ_B2];
    d[3] = -GT - 1.0 / s + q[CSAT__GGOM_IQ_S];
    d[4] = -s * idT + (s + 1.0) * q[CSAT__GGOM_IQ_BETA];
    memset(H, 0, 25 * sizeof *H);
    H[0] = csat__trigamma(m) - csat__trigamma(r);
    /* wa d2 LA (wmul: T q_T, T^2 may be infinite where wa underflowed) */
    H[1] += wa * (1.0 / al - iaT);
    H[6] += wa * (-r / (al * al) + m * iaT * iaT);
    H[12] += wmul(wa, -s * (be - 1.0) * T * (T * qT * idT));
    H[13] += wmul(wa, -T * qT);
    H[14] += wmul(wa, s * T * qT * idT);
    H[19] += wa * (1.0 / be - idT);
    H[24] += wa * (-s / (be * be) + s * idT * idT);
    if (wi > 0.0) {
        const double *cv = hm + HM_COV;
        H[1] += wi * (1.0 / al - q[CSAT__GGOM_IQ_A]);
        H[6] += wi * (-r / (al * al) + m * hm[HM_A2]);
        H[12] += wi * (-1.0 / (b * b) - (s + 1.0) * (be - 1.0) * hm[HM_BQQ]);
        H[13] += wi * -q[CSAT__GGOM_IQ_B2];
        H[14] += wi * (s + 1.0) * hm[HM_BQ];
        H[18] += wi * -1.0 / (s * s);
        H[19] += wi * (1.0 / be - q[CSAT__GGOM_IQ_BETA]);
        H[24] += wi * (-s / (be * be) + (s + 1.0) * hm[HM_D2]);
        for (int i = 0; i < 5; i++)
            for (int j = i; j < 5; j++)
                H[i * 5 + j] += wi * cv[i * 5 + j];
        for (int i = 0, c = 0; i < 5; i++)
            for (int j = i; j < 5; j++)
                a2[c++] = d[i] * d[j];
        for (int i = 0, c = 0; i < 5; i++)
            for (int j = i; j < 5; j++)
                H[i * 5 + j] += wa * wi * a2[c++];
    }
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < i; j++)
            H[i * 5 + j] = H[j * 5 + i];
}

static double row_eval(const double *p, double x, double tx, double T, double *grad, double *lpa, double *hess)
{
    const double r = p[0], al = p[1], b = p[2], s = p[3], be = p[4];
    const double GT = csat__ggom_gfun(b, be, T), Gx = csat__ggom_gfun(b, be, tx);
    const double cx = (be - 1.0) * exp(-b * tx), qx = csat__ggom_q(b, be, tx), bd = b * (T - tx);
    const double dGT = bd < 600.0 ? log1p(qx * expm1(bd)) : bd + log(qx) + log1p(cx * exp(-bd));
    const double lrT = csat__ggom_lr(al, T);
    const double la = -r * lrT - x * log(al + T) - s * dGT;
    double li = -INFINITY, L, q[CSAT__GGOM_IQ_N] = {0}, hm[HM_N];
    int hm_ok = 0;
    if (T > tx) {
        li = log(s) + log(b) + integrals_rel(p, x, tx, T, grad ? q : NULL, hess ? hm : NULL, &hm_ok);
        if (isnan(li))
            li = -INFINITY;
    }
    L = csat__logaddexp(la, li);
    if (lpa) /* both terms beyond the double range (b T ~ 1e300): a death in (t_x, T] */
        *lpa = la == -INFINITY ? -INFINITY : la - L;
    if (grad) {
        const double qT = csat__ggom_q(b, be, T);
        const double wa = exp(la - L), wi = exp(li - L);
        if (!(li > -INFINITY))
            memset(q, 0, sizeof q);
        grad[0] = csat__digamma_diff(r, x) - wmul(wa, lrT) - wmul(wi, q[CSAT__GGOM_IQ_R]);
        grad[1] = r / al - wa * (r + x) / (al + T) - wi * (r + x) * q[CSAT__GGOM_IQ_A];
        grad[2] = -wmul(wa, s * T * qT) +
                  wi * (1.0 / b + q[CSAT__GGOM_IQ_B1] - (s + 1.0) * q[CSAT__GGOM_IQ_B2]);
        grad[3] = -wmul(wa, GT) + wi * (1.0 / s - q[CSAT__GGOM_IQ_S]);
        grad[4] = wa * (s / be) * -expm1(-GT) + wi * (s / be - (s + 1.0) * q[CSAT__GGOM_IQ_BETA]);
        if (hess) {
            if (li > -INFINITY && !hm_ok)
                row_hess_numeric(p, x, tx, T, hess);
            else
                row_hessian(p, x, T, wa, li > -INFINITY ? wi : 0.0, q, hm, GT, qT, lrT, hess);
        }
    }
    return csat__lgamma_diff(r, x) + L - s * Gx;
}

double csat__ggom_loglik(const double *p, const csat__btyd_rows *rows, double *grad)
{
    return csat__ggom_loglik_hess(p, rows, grad, NULL);
}

double csat__ggom_loglik_hess(const double *p, const csat__btyd_rows *rows, double *grad, double *hess)
{
    csat__ksum k = {0, 0};
    double g[CSAT__GGOM_N_PARAMS] = {0}, h[25] = {0};
    for (size_t i = 0; i < rows->n; i++) {
        const double w = rows->w ? rows->w[i] : 1.0;
        double gi[CSAT__GGOM_N_PARAMS], hi[25];
        if (w == 0.0)
            continue;
        csat__ksum_add(&k, w * row_eval(p, rows->x[i], rows->tx[i], rows->T[i], grad || hess ? gi : NULL, NULL,
                                        hess ? hi : NULL));
        if (grad || hess)
            for (int j = 0; j < CSAT__GGOM_N_PARAMS; j++)
                g[j] += w * gi[j];
        if (hess)
            for (int j = 0; j < 25; j++)
                h[j] += w * hi[j];
    }
    if (grad)
        memcpy(grad, g, sizeof g);
    if (hess)
        memcpy(hess, h, sizeof h);
    return csat__ksum_value(&k);
}
