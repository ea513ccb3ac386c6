/*
 * The Pareto/NBD log-likelihood with its Hessian, for the Newton fit: the
 * second-order series sums and one customer's Hessian from them.
 */
#include "btyd/btyd_pnbd_series.h"
#include "numerics/numerics.h"

#include <math.h>
#include <string.h>

/* The sums of jsums2 (btyd_pnbd_series.h), as jkernel (btyd_pnbd.c) those of jsums. */
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
    csat__pnbd_rho_start(E, rho, &lrho, &rE, &om, &omr);
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

POLY_SUMS(poly_sums16, 16, 9)

/* jsum_row (btyd_pnbd.c) for the second-order sums: T_ab(rho) = T_ab(z; rho = 0)
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
                c->ntab = csat__pnbd_build_tab(v, E, 1, c->tab) ? PK : -1;
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
    lat = rl.lat, lbt = rl.lbt;
    /* with r log alpha + s log beta in, as in row_eval (btyd_pnbd.c) */
    la = -r * log1p(T / al) - x * lat - s * log1p(T / be);
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
        /* V: the variances of a = 1/(m+y), b = 1/(n+y) and their covariance */
        double Ku, Kv, Kuu, Kuv, Kvv, R10, R01, R10u, R10v, R01u, R01v, V20, V11, V02, it, eu, ev;
        double Kp, Kq, Kpp, Kpq, Kqq, Ra, Rb, Rap, Raq, Rbp, Rbq, Va, Vb;
        if (csat__pnbd_j_cliff(c, x, tx, T)) {
            /* near the cliff: the same quantities as expectations under
             * the integrand (btyd_pnbd_quad.c) */
            csat__pnbd_jmom jm;
            csat__pnbd_j_moments(c, x, tx, T, 1, &jm);
            li = c->ls + jm.lj;
            Ku = -jm.ea, Kv = -jm.eb;
            Kuu = jm.vaa, Kuv = jm.vab, Kvv = jm.vbb;
            R10 = jm.ra, R01 = jm.rb;
            R10u = -jm.caa, R10v = -jm.cab, R01u = -jm.cba, R01v = -jm.cbb;
            V20 = jm.qaa, V11 = jm.qab, V02 = jm.qbb;
        } else {
            jsums2 j;
            jsum2_row(c, v, E, tx, rl.rho, rl.lrho, &j);
            li = c->ls + log(j.t) + j.ls + scale_rel(c, x, tx);
            it = 1.0 / j.t;
            eu = j.te * it;          /* d log T / du */
            ev = (j.te + j.tc) * it; /* d log T / dv */
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
            V20 = j.t20 * it / (mt * mt) - R10 * R10;
            V11 = j.t11 * it / (mt * mt) - R10 * R01;
            V02 = j.t02 * it / (mt * mt) - R01 * R01;
        }
        if (c->a_big) {
            Kp = Ku, Kq = Kv, Kpp = Kuu, Kpq = Kuv, Kqq = Kvv, Ra = R10, Rb = R01;
            Rap = R10u, Raq = R10v, Rbp = R01u, Rbq = R01v, Va = V20, Vb = V02;
        } else {
            Kp = Kv, Kq = Ku, Kpp = Kvv, Kpq = Kuv, Kqq = Kuu, Ra = R01, Rb = R10;
            Rap = R01v, Raq = R01u, Rbp = R10v, Rbq = R10u, Va = V02, Vb = V20;
        }
        gi[0] = Kp;
        gi[1] = -pe * Ra;
        gi[2] = 1.0 / s + Kq;
        gi[3] = -qe * Rb;
        hi[0] = Kpp;
        hi[1] = hi[4] = -Ra - pe * Ra * Rap;
        hi[2] = hi[8] = Kpq;
        hi[3] = hi[12] = -qe * Rb * Rbp;
        /* pe (pe+1) E[a^2] - pe^2 E[a]^2 */
        hi[5] = pe * pe * Va + pe * (Va + Ra * Ra);
        hi[6] = hi[9] = -pe * Ra * Raq;
        hi[7] = hi[13] = pe * qe * V11;
        hi[10] = -1.0 / (s * s) + Kqq;
        hi[11] = hi[14] = -Rb - qe * Rb * Rbq;
        hi[15] = qe * qe * Vb + qe * (Vb + Rb * Rb);
    }
    L = alive_or_not(la, li, &wa, &wi);
    lgd = csat__pnbd_ctx_lgd(c, x, &dgx, &tgx);
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
    return lgd + L;
}

double csat__pnbd_loglik_hess_force(const double *p, const csat__btyd_rows *rows, double *grad, double *hess,
                                    int force)
{
    csat__ksum k = {0, 0};
    double g[4] = {0, 0, 0, 0}, hs[16] = {0};
    pnbd_ctx c;
    csat__pnbd_ctx_init(&c, p, rows->n > 1);
    c.force = force;
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

double csat__pnbd_loglik_hess(const double *p, const csat__btyd_rows *rows, double *grad, double *hess)
{
    return csat__pnbd_loglik_hess_force(p, rows, grad, hess, 0);
}
