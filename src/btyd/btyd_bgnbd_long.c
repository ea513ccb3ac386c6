/*
 * BG/NBD and MBG/NBD conditional expectations at long horizons (issue 18,
 * section 3): z = t/(alpha+T+t) > 0.85, where the series in z of
 * btyd_bgnbd_many.c would need ~40/(1-z) terms. In w = 1 - z instead, with
 * the work that depends only on the frequency x shared by its customers.
 *
 * A customer with frequency x has r' = r + x, b' = b + x + m (m = 1 for
 * MBG/NBD), c = a + b' - 1 and cr = c - r' (the same for every x); the
 * expectation given alive is
 *   g = c/(a-1) (1 - w^(a-1) G),  G = 2F1(cr, a-1; c; z)
 * (csat__btyd_bg_expect's c E1 - (1-z)^(a-1) S, written with G = 1 + (a-1)
 * S/c). The connection formula A&S 15.3.6 with s = c - cr - (a-1) = r' + 1 - a:
 *   G = K1 F(cr, a-1; 1-s; w) + K2 w^s F(r', b'; 1+s; w),
 *   K1 = G(c)G(s)/(G(r')G(b')),  K2 = G(c)G(-s)/(G(cr)G(a-1)),
 * so that, with P1 and P2 the two series,
 *   h = 1 - w^(a-1) G = 1 - K1 w^(a-1) P1(w) - K2 w^(r') P2(w).
 * K1, K2 and the coefficients of P1, P2 depend on x only: they are built
 * once per call for the frequencies x < XLONG its customers have
 * (csat__bgl_prepare, before any customer is evaluated, so that the blocks
 * of customers on threads share them read-only), with the number of
 * terms that leaves a tail below 1e-17 (in units of the first) for w in
 * each of NB bands w <= WLONG 2^-j; P2 is dropped in a band where its whole
 * contribution is below 1e-17. The series are re-expanded about the centre
 * of each band the call's customers fall in (shorter: |w - centre| <= top/4). Each
 * customer then costs two exp and two short polynomials. A customer is served only where
 *   1 + |K1| w^(a-1) M1 + |K2| w^(r') M2 <= COND |h|
 * (M1, M2: the series of absolute terms), i.e. where nothing cancels by
 * more than COND; the rest (s near an integer, a near 1, parameters far out)
 * keeps the one-by-one kernel, as do whole frequencies whose constants
 * would carry large logs. Checked against that kernel and mpmath in
 * tests/btyd/test_btyd.c (tests/reference/bgnbd_long_mpmath.py).
 */
#include "btyd/btyd_bgnbd_long.h"
#include "numerics/numerics.h"

#include <math.h>

#define PI 3.14159265358979323846
#define KWALK 2048  /* coefficients walked to bound the tails */
#define TAIL 1e-17  /* tail of each series, in units of its first term */
#define LOGMAX 40.0 /* largest |log| in the constants (their rounding) */
#define COND 32.0   /* largest cancellation accepted */
#define ERRMAX 1e-13 /* largest estimated relative error accepted */

/* the series F(al, be; ga; w): c_0 = 1, c_(k+1) = c_k (al+k)(be+k)/((ga+k)(k+1));
 * stores the first NMAX coefficients, the number of terms per band (-1: not
 * within NMAX) and the sum of absolute terms at each band's largest w.
 * 0 if the walk does not reach a bounded tail. */
static int walk(double al, double be, double ga, double *c, int *nt, double *mabs)
{
    double ck = 1.0, wk[CSAT__BGL_NB], keep[KWALK], term[KWALK];
    int k;
    for (int j = 0; j < CSAT__BGL_NB; j++) {
        wk[j] = 1.0;
        mabs[j] = 0.0;
    }
    for (k = 0; k < KWALK; k++) {
        const double kk = (double)k;
        keep[k] = fabs(ck);
        if (k < CSAT__BGL_NMAX)
            c[k] = ck;
        if (ga + kk > 0.0 && fabs(ck) * wk[0] <= 1e-30 * fmax(mabs[0], 1.0)) {
            const double rho = CSAT__BGL_WLONG * fmax(fabs(al + kk) / (kk + 1.0), 1.0) *
                               fmax(fabs(be + kk) / (ga + kk), 1.0);
            if (rho <= 0.5)
                break;
        }
        for (int j = 0; j < CSAT__BGL_NB; j++) {
            mabs[j] += fabs(ck) * wk[j];
            wk[j] *= CSAT__BGL_WLONG * ldexp(1.0, -j);
        }
        ck *= (al + kk) * (be + kk) / ((ga + kk) * (kk + 1.0));
        if (!isfinite(ck) || fabs(ck) > 1e200)
            return 0;
    }
    if (k == KWALK)
        return 0;
    /* the tail beyond k is at most 2 |c_k| w^k (ratios <= 1/2): the
     * smallest n with sum_(i>=n) |c_i| w^i <= TAIL, per band */
    for (int j = 0; j < CSAT__BGL_NB; j++) {
        const double w = CSAT__BGL_WLONG * ldexp(1.0, -j);
        double pw = 1.0, s;
        int n = k;
        /* the terms forward (they may underflow, never overflow) */
        for (int i = 0; i < k; i++) {
            term[i] = keep[i] * pw;
            pw *= w;
        }
        s = 2.0 * fabs(ck) * pw;
        mabs[j] += s;
        while (n > 0 && s + term[n - 1] <= TAIL)
            s += term[--n];
        nt[j] = n <= CSAT__BGL_NMAX ? n : -1;
    }
    return 1;
}

/* log|Gamma(x)| for x in (-1, 0) or x > 0, through Gamma(x) = Gamma(x+1)/x */
static double lgam_small(double x, int *sign)
{
    *sign = x > 0.0 ? 1 : -1;
    return csat__lgamma(x + 1.0) - log(fabs(x));
}

static void build(csat__bgl_ws *ws, const double *p, int modified, int ix)
{
    csat__bgl_freq *f = &ws->f[ix];
    const double r = p[0], a = p[2], b = p[3], mm = modified ? 1.0 : 0.0, x = (double)ix;
    const double rp = r + x, bp = b + x + mm, cr = ws->cr, s = ws->s0 + x;
    const double sin_s = (ix % 2 ? -1.0 : 1.0) * ws->sin_s0; /* sin(pi s) */
    double l1a, l1b, l1c, l2a, l2b, l2c, l2d;
    int sg, sa1;
    f->state = -1;
    if (!(s > -1.0) || !(cr > 0.0) || !(rp > 0.0) || !(bp > 0.0))
        return;
    /* log K1 = log G(r'+cr)/G(r') - log G(s+cr)/G(s), with G(s) = G(1+s)/s */
    l1a = csat__lgamma_diff(rp, cr);
    l1b = csat__lgamma_diff(1.0 + s, cr - 1.0);
    l1c = log(fabs(s));
    /* log|K2| = log G(c)/G(1+s) - log G(cr) - log|G(a-1)| + log(pi/|sin(pi s)|),
     * by the reflection G(-s) G(1+s) = -pi/sin(pi s); c - (1+s) = cr + a - 2 */
    l2a = csat__lgamma_diff(1.0 + s, cr + a - 2.0);
    l2b = csat__lgamma(cr);
    l2c = lgam_small(a - 1.0, &sa1);
    l2d = log(PI / fabs(sin_s));
    if (!(fabs(l1a) + fabs(l1b) + fabs(l1c) <= LOGMAX) ||
        !(fabs(l2a) + fabs(l2b) + fabs(l2c) + fabs(l2d) <= LOGMAX))
        return;
    /* their rounding: the logs' size times ~1 ulp, and that of the rest */
    f->kerr = 2.5e-16 * (fabs(l1a) + fabs(l1b) + fabs(l1c) + fabs(l2a) + fabs(l2b) + fabs(l2c) + fabs(l2d)) + 1e-15;
    sg = s > 0.0 ? 1 : -1;
    f->k1 = sg * exp(l1a - l1b - l1c);
    f->k2 = -(sin_s > 0.0 ? 1.0 : -1.0) * sa1 * exp(l2a - l2b - l2c + l2d);
    f->rp = rp;
    for (int j = 0; j < CSAT__BGL_NB; j++)
        f->j1[j] = f->j2[j] = 0;
    if (!walk(cr, a - 1.0, 1.0 - s, f->c1, f->n1, f->m1) ||
        !walk(rp, bp, 1.0 + s, f->c2, f->n2, f->m2))
        return;
    for (int j = 0; j < CSAT__BGL_NB; j++) {
        const double w = CSAT__BGL_WLONG * ldexp(1.0, -j);
        /* P2's whole contribution at the band's largest w (it grows with w) */
        if (fabs(f->k2) * pow(w, rp) * f->m2[j] <= TAIL) {
            f->n2[j] = 0;
            f->m2[j] = 0.0;
        }
    }
    f->state = 1;
}

/* sum_(k<n) c_k w^k, n <= NMAX, in four interleaved Horner chains of w^4
 * (the latency of one chain of n steps is what a customer would wait for);
 * the terms up to the next multiple of 4 are added too (NMAX is one). */
static inline double poly4(const double *c, int n, double w)
{
    const double w2 = w * w, w4 = w2 * w2;
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    for (int k = (n + 3) / 4 * 4 - 4; k >= 0; k -= 4) {
        s0 = s0 * w4 + c[k];
        s1 = s1 * w4 + c[k + 1];
        s2 = s2 * w4 + c[k + 2];
        s3 = s3 * w4 + c[k + 3];
    }
    return (s0 + s1 * w) + (s2 + s3 * w) * w2;
}

/* The first n coefficients c re-expanded about wc (Taylor shift by
 * repeated synthetic division), kept to the number of terms whose tail over
 * |w - wc| <= hw is below TAIL: that number, or -1 if above JMAX. */
static int recentre(const double *c, int n, double wc, double hw, double *e)
{
    double a[CSAT__BGL_NMAX], s = 0.0, hp = 1.0, t[CSAT__BGL_NMAX];
    int J = n;
    for (int k = 0; k < n; k++)
        a[k] = c[k];
    for (int i = 0; i < n - 1; i++)
        for (int k = n - 2; k >= i; k--)
            a[k] += wc * a[k + 1];
    for (int k = 0; k < n; k++) {
        t[k] = fabs(a[k]) * hp;
        hp *= hw;
    }
    while (J > 0 && s + t[J - 1] <= TAIL)
        s += t[--J];
    if (J > CSAT__BGL_JMAX)
        return -1;
    for (int k = 0; k < CSAT__BGL_JMAX; k++)
        e[k] = k < J ? a[k] : 0.0;
    return J;
}

void csat__bgl_init(csat__bgl_ws *ws, const double *p, int modified)
{
    const double r = p[0], a = p[2], b = p[3], mm = modified ? 1.0 : 0.0;
    const double s0 = r + 1.0 - a, n0 = floor(s0 + 0.5), d = s0 - n0;
    ws->cr = a + b + mm - 1.0 - r;
    ws->s0 = s0;
    /* sin(pi s0) from the distance d to the nearest integer n0 (exact):
     * (-1)^n0 sin(pi d) */
    ws->sin_s0 = (fmod(n0, 2.0) != 0.0 ? -1.0 : 1.0) * sin(PI * d);
    /* s near an integer: both halves have poles that cancel */
    ws->usable = a != 1.0 && fabs(ws->sin_s0) >= 0.01 && ws->cr > 0.0;
    for (int i = 0; i < CSAT__BGL_XLONG; i++)
        ws->f[i].state = 0;
    for (int j = 0; j < CSAT__BGL_NB; j++)
        ws->top[j] = CSAT__BGL_WLONG * ldexp(1.0, -j);
}

void csat__bgl_prepare(csat__bgl_ws *ws, const double *p, int modified, int ix, const unsigned char *bands)
{
    csat__bgl_freq *f = &ws->f[ix];
    if (!ws->usable)
        return;
    build(ws, p, modified, ix);
    if (f->state < 0)
        return;
    for (int j = 0; j < CSAT__BGL_NB; j++) {
        const double wc = 0.75 * ws->top[j], hw = 0.25 * ws->top[j];
        if (!bands[j] || f->n1[j] < 0 || f->n2[j] < 0)
            continue;
        f->j1[j] = recentre(f->c1, f->n1[j], wc, hw, f->e1[j]);
        f->j2[j] = f->n2[j] > 0 ? recentre(f->c2, f->n2[j], wc, hw, f->e2[j]) : -1;
    }
}

int csat__bgl_eval(const csat__bgl_ws *ws, const double *p, int modified, double x, double w, double lw, double wa,
                   double *g)
{
    const double a = p[2];
    const csat__bgl_freq *f;
    int j, n1, n2;
    double wr, P1, P2, t1, t2, h, cond;
    if (!ws->usable || !(x < CSAT__BGL_XLONG))
        return 0;
    f = &ws->f[(int)x];
    j = csat__bgl_band(ws, w);
    if (f->state <= 0 || j < 0)
        return 0;
    n1 = f->n1[j];
    n2 = f->n2[j];
    if (n1 < 0 || n2 < 0)
        return 0;
    {
        /* the band's series about its centre where prepared and short,
         * else the series in w */
        const double d = w - 0.75 * ws->top[j];
        P1 = f->j1[j] > 0 ? poly4(f->e1[j], f->j1[j], d) : poly4(f->c1, n1, w);
        P2 = n2 == 0 ? 0.0 : (f->j2[j] > 0 ? poly4(f->e2[j], f->j2[j], d) : poly4(f->c2, n2, w));
    }
    wr = n2 > 0 ? exp(f->rp * lw) : 0.0;
    t1 = f->k1 * wa;
    t2 = f->k2 * wr;
    h = (1.0 - t1 * P1) - t2 * P2;
    cond = 1.0 + fabs(t1) * f->m1[j] + fabs(t2) * f->m2[j];
    /* the cancellation, and the error it makes of the constants' */
    if (!(cond <= COND * fabs(h)) || !(cond * f->kerr <= ERRMAX * fabs(h)) || !isfinite(cond))
        return 0;
    /* c/(a-1) with c = a + b' - 1 */
    *g = (a + p[3] + x + (modified ? 1.0 : 0.0) - 1.0) / (a - 1.0) * h;
    return 1;
}
