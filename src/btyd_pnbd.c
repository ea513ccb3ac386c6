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
 * J(u, v) = int_{t_x}^{T} (m+y)^-u (m-d+y)^-v dy = (m+t_x)^-(u+v-1) S, with
 * S = sum_k (v)_k/k! z^k g_k, g_k = (1 - rho^E)/E, E = u+v-1+k. Returns S
 * and (su, sv) = dS/du, dS/dv (so d log J/du = -log(m+t_x) + su/S).
 */
static double jseries(double u, double v, double m, double d, double tx, double T, double *su,
                      double *sv, double *lscale)
{
    const double z = d / (m + tx), lrho = log((m + tx) / (m + T));
    const double rho = exp(lrho), omr = -expm1(lrho);
    double c = 1.0, dc = 0.0, S = 0.0, Su = 0.0, Sv = 0.0;
    *lscale = 0.0;
    /* rho^E and 1 - rho^E by recurrence in k; the second only adds
     * positive numbers, so it stays accurate when rho is near 1 */
    double rE = exp((u + v - 1.0) * lrho), om = -expm1((u + v - 1.0) * lrho);
    for (long k = 0; k < 10000000L; k++) {
        const double E = u + v - 1.0 + k, g = om / E;
        const double dg = (-rE * lrho - g) / E, ratio = (v + k) / (k + 1.0) * z;
        rE *= rho;
        om = om * rho + omr;
        S += c * g;
        Su += c * dg;
        Sv += dc * g + c * dg;
        /* next coefficient and its v-derivative: c_{k+1} = c_k (v+k) z / (k+1) */
        dc = dc * ratio + c * z / (k + 1.0);
        c *= ratio;
        if (S > 1e250) { /* large v (frequency) with z near 1: keep a running scale */
            S *= 1e-250;
            Su *= 1e-250;
            Sv *= 1e-250;
            c *= 1e-250;
            dc *= 1e-250;
            *lscale += 250.0 * 2.302585092994045684;
        }
        if (c == 0.0 || (c * g <= 1e-17 * S && ratio < 1.0 && fabs(dc) * g <= 1e-17 * fabs(Sv) + 1e-300))
            break;
    }
    *su = Su;
    *sv = Sv;
    return S;
}

/* log I / s (see above) for one customer. */
static double log_integral(double r, double al, double s, double be, double x, double tx, double T)
{
    const int a_big = al >= be;
    const double m = a_big ? al : be, u = a_big ? r + x : s + 1.0, v = a_big ? s + 1.0 : r + x;
    double su, sv, ls, S;
    if (T == tx)
        return -INFINITY;
    S = jseries(u, v, m, fabs(al - be), tx, T, &su, &sv, &ls);
    return log(S) + ls - (u + v - 1.0) * log(m + tx);
}

/* Per-customer log-likelihood and log of the alive part minus it. */
static double row_ll(const double *p, double x, double tx, double T, double *lalive_share)
{
    const double r = p[0], al = p[1], s = p[2], be = p[3];
    double la = -(r + x) * log(al + T) - s * log(be + T);
    double li = log(s) + log_integral(r, al, s, be, x, tx, T);
    double l = csat__logaddexp(la, li);
    if (lalive_share)
        *lalive_share = la - l;
    return csat__lgamma_diff(r, x) + r * log(al) + s * log(be) + l;
}

/* One customer's log-likelihood and its gradient (natural parameters). */
static double row_ll_grad(const double *p, double x, double tx, double T, double *g)
{
    const double r = p[0], al = p[1], s = p[2], be = p[3], pe = r + x, qe = s + 1.0;
    const double la = -pe * log(al + T) - s * log(be + T);
    double li, L, wa, wi, dlp, dlq, ja, jb; /* d log J / d(p,q), J(p+1,q)/J, J(p,q+1)/J */
    if (T == tx) {
        li = -INFINITY;
        dlp = dlq = ja = jb = 0.0;
    } else {
        const int a_big = al >= be;
        const double m = a_big ? al : be, d = fabs(al - be), l0 = log(m + tx);
        /* the m side carries exponent p (alpha >= beta) or q */
        const double u = a_big ? pe : qe, v = a_big ? qe : pe;
        double su, sv, s1u, s1v, s0, s1, s2, l0s, l1s, l2s;
        s0 = jseries(u, v, m, d, tx, T, &su, &sv, &l0s);
        s1 = jseries(u + 1.0, v, m, d, tx, T, &s1u, &s1v, &l1s); /* m side exponent + 1 */
        s2 = jseries(u, v + 1.0, m, d, tx, T, &s1u, &s1v, &l2s); /* other side + 1 */
        li = log(s) + log(s0) + l0s - (u + v - 1.0) * l0;
        {
            double dlu = -l0 + su / s0, dlv = -l0 + sv / s0;
            double ju = s1 / (s0 * (m + tx)) * exp(l1s - l0s), jv = s2 / (s0 * (m + tx)) * exp(l2s - l0s);
            dlp = a_big ? dlu : dlv;
            dlq = a_big ? dlv : dlu;
            ja = a_big ? ju : jv; /* alpha side exponent + 1 */
            jb = a_big ? jv : ju;
        }
    }
    L = csat__logaddexp(la, li);
    wa = exp(la - L);
    wi = 1.0 - wa;
    if (li == -INFINITY)
        wi = 0.0, wa = 1.0;
    g[0] = csat__digamma(pe) - csat__digamma(r) + log(al) - wa * log(al + T) + wi * dlp;
    g[1] = r / al - wa * pe / (al + T) - wi * pe * ja;
    g[2] = log(be) - wa * log(be + T) + wi * (1.0 / s + dlq);
    g[3] = s / be - wa * s / (be + T) - wi * qe * jb;
    return csat__lgamma_diff(r, x) + r * log(al) + s * log(be) + L;
}

double csat__pnbd_loglik(const double *p, const csat__btyd_rows *rows, double *grad)
{
    csat__ksum k = {0, 0};
    double g[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < rows->n; i++) {
        double w = rows->w ? rows->w[i] : 1.0, gi[4];
        if (w == 0.0)
            continue;
        if (grad) {
            csat__ksum_add(&k, w * row_ll_grad(p, rows->x[i], rows->tx[i], rows->T[i], gi));
            for (int j = 0; j < 4; j++)
                g[j] += w * gi[j];
        } else {
            csat__ksum_add(&k, w * row_ll(p, rows->x[i], rows->tx[i], rows->T[i], NULL));
        }
    }
    if (grad)
        memcpy(grad, g, sizeof g);
    return csat__ksum_value(&k);
}

double csat__pnbd_p_alive(const double *p, double x, double tx, double T)
{
    double ls;
    row_ll(p, x, tx, T, &ls);
    return exp(ls);
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
    double ls;
    row_ll(p, x, tx, T, &ls);
    return ls;
}
