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
 *
 * Here: that series, the log-likelihood with its gradient, P(alive) and
 * the expectations, and the kind's table. The Hessian is in
 * btyd_pnbd_hess.c, the quadrature near the cliff in btyd_pnbd_quad.c.
 */
#include "btyd/btyd_pnbd_series.h"
#include "numerics/numerics.h"

#include <math.h>
#include <string.h>

void csat__pnbd_rho_start(double E, double rho, double *lrho, double *rE, double *om, double *omr)
{
    if (rho > 0.0) {
        *rE = exp(E * *lrho);
        *om = *rE < 0.5 ? 1.0 - *rE : -expm1(E * *lrho);
        *omr = rho < 0.5 ? 1.0 - rho : -expm1(*lrho);
    } else {
        *rE = 0.0, *om = 1.0, *omr = 1.0, *lrho = 0.0;
    }
}

/* The sums of jsums (btyd_pnbd_series.h); rho = 0 gives G_k = 1/(E+k) (the integral to infinity).
 * With grad == 0 only s and ls are meaningful. */
static void jkernel(double v, double E, double z, double rho, double lrho, int grad, jsums *o)
{
    double c = 1.0, dc = 0.0, pc = 0.0, pcv = 0.0, Ek = E, kk = 0.0, rE, om, omr;
    double S = 0.0, Se = 0.0, Sc = 0.0, S1 = 0.0, S2 = 0.0, ls = 0.0;
    const double iv = 1.0 / v;
    csat__pnbd_rho_start(E, rho, &lrho, &rE, &om, &omr);
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

int csat__pnbd_build_tab(double v, double E, int hess, double (*tab)[16])
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

POLY_SUMS(poly_sums5, 5, 4)

void csat__pnbd_ctx_init(pnbd_ctx *c, const double *p, int share)
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
    c->force = 0;
    c->ntab = 0;
    for (int i = 0; i < 64; i++)
        c->lgd[i] = NAN;
}

double csat__pnbd_ctx_lgd(pnbd_ctx *c, double x, double *dgx, double *tgx)
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
                c->ntab = csat__pnbd_build_tab(v, E, 0, c->tab) ? PK : -1;
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
    lat = rl.lat, lbt = rl.lbt;
    /* both terms with r log alpha + s log beta in: the alive one is then
     * small by itself (each power against its base) */
    la = -r * log1p(T / al) - x * lat - s * log1p(T / be);
    if (T == tx) {
        li = -INFINITY;
    } else if (csat__pnbd_j_cliff(c, x, tx, T)) {
        /* near the cliff, by quadrature, with the moments the gradient needs */
        csat__pnbd_jmom jm;
        csat__pnbd_j_moments(c, x, tx, T, 0, &jm);
        li = c->ls + jm.lj;
        dlp = c->a_big ? -jm.ea : -jm.eb;
        dlq = c->a_big ? -jm.eb : -jm.ea;
        ja = c->a_big ? jm.ra : jm.rb;
        jb = c->a_big ? jm.rb : jm.ra;
    } else {
        const double mt = rl.mt, l0 = rl.l0;
        /* the m side carries exponent p (alpha >= beta) or q */
        const double u = c->a_big ? pe : qe, v = c->a_big ? qe : pe;
        jsums j;
        jsum_row(c, u, v, tx, rl.rho, rl.lrho, g != NULL, &j);
        li = c->ls + log(j.s) + j.ls + scale_rel(c, x, tx);
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
    lgd = csat__pnbd_ctx_lgd(c, x, g ? &dgx : NULL, NULL);
    if (g) {
        if (isnan(c->dgr))
            c->dgr = csat__digamma(r);
        g[0] = dgx - c->dgr + c->lal - wa * lat + wi * dlp;
        g[1] = r / al - wa * pe / (al + T) - wi * pe * ja;
        g[2] = c->lbe - wa * lbt + wi * (1.0 / s + dlq);
        g[3] = s / be - wa * s / (be + T) - wi * qe * jb;
    }
    return lgd + L;
}

double csat__pnbd_loglik_force(const double *p, const csat__btyd_rows *rows, double *grad, int force)
{
    csat__ksum k = {0, 0};
    double g[4] = {0, 0, 0, 0};
    pnbd_ctx c;
    csat__pnbd_ctx_init(&c, p, rows->n > 1);
    c.force = force;
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

double csat__pnbd_loglik(const double *p, const csat__btyd_rows *rows, double *grad)
{
    return csat__pnbd_loglik_force(p, rows, grad, 0);
}

double csat__pnbd_p_alive(const double *p, double x, double tx, double T)
{
    pnbd_ctx c;
    double wa;
    csat__pnbd_ctx_init(&c, p, 0);
    row_eval(&c, x, tx, T, NULL, &wa, NULL);
    return wa;
}

/* [1 - (beta/(beta+t))^(s-1)] / (s-1), -> log(1+t/beta) at s = 1. */
static double pnbd_e1(double s, double be, double t)
{
    /* log(1 + t/be) without t/be overflowing (t near DBL_MAX: the value
     * came out Inf where it is ~1e160; found by fuzz_btyd) */
    double l = t > be ? log(t) - log(be) + log1p(be / t) : log1p(t / be), y = -(s - 1.0) * l;
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
    csat__pnbd_ctx_init(&c, p, 0);
    row_eval(&c, x, tx, T, NULL, NULL, &ls);
    return ls;
}

/* ---- the Pareto/NBD table ------------------------------------------------ */

CSAT__BTYD_FOR_CUSTOMERS(p_alive_n, csat__pnbd_p_alive(p, x, tx, T))
CSAT__BTYD_FOR_CUSTOMERS(expected_cond_n, csat__pnbd_expected_cond(p, arg, x, tx, T))
CSAT__BTYD_FOR_CUSTOMERS(dert_n, csat__pnbd_dert(p, arg, x, tx, T))
CSAT__BTYD_FOR_VALUES(expected_new_n, csat__pnbd_expected_new(p, v))
CSAT__BTYD_FOR_VALUES(prob_n, csat__pnbd_prob_new(p, arg, v))

static const size_t pnbd_subs[] = {5000, 50000, 0};

const csat__btyd_kind_ops csat__pnbd_ops = {
    .name = "Pareto/NBD",
    .n_params = 4,
    .param_names = "r, alpha, s, beta",
    .simulate = csat__pnbd_simulate,
    .time_scales = 1u << 1 | 1u << 3, /* alpha, beta */
    .newton_subs = pnbd_subs,
    .check_rows = csat__btyd_check_rows_continuous,
    .loglik = csat__pnbd_loglik,
    .loglik_hess = csat__pnbd_loglik_hess,
    .p_alive = csat__pnbd_p_alive,
    .log_p_alive = csat__pnbd_log_p_alive,
    .expected_new = csat__pnbd_expected_new,
    .expected_cond = csat__pnbd_expected_cond,
    .dert = csat__pnbd_dert,
    .prob_new = csat__pnbd_prob_new,
    .prob_cond = csat__pnbd_prob_cond,
    .p_alive_n = p_alive_n,
    .expected_cond_n = expected_cond_n,
    .dert_n = dert_n,
    .expected_new_n = expected_new_n,
    .prob_n = prob_n,
};
