/*
 * Pareto/NBD P(X(t) = k) for a new customer (Fader & Hardie 2006, "Deriving
 * an expression for P(X(t) = x) under the Pareto/NBD model"). Alive
 * through t, or dead at tau < t:
 *   P = NB(k; r, alpha, t) (beta/(beta+t))^s
 *     + G(r+k)/(G(r) k!) alpha^r beta^s s I,
 *   I = int_0^t tau^k (alpha+tau)^-(r+k) (beta+tau)^-(s+1) dtau.
 * The note writes I through 2F1 terms minus a partial sum, which cancels
 * badly for small t. Substituting w = tau/(m+tau), m = max(alpha, beta),
 * and expanding the other factor in powers of (1-w) gives positive terms:
 *   I = m^-(r+s) sum_j (v)_j/j! rho^j B_W(k+1, r+s+j),
 * W = t/(m+t), rho = |alpha-beta|/m, v = s+1 if alpha >= beta else r+k,
 * with B_W the incomplete beta function, I_W(a, b+1) = I_W(a, b)
 * + W^a (1-W)^b / (b B(a, b)) (DLMF 8.17.21) adding positive increments.
 */
#include "btyd/btyd_internal.h"
#include "numerics/numerics.h"

#include <math.h>

#define LOG_1E150 345.38776394910684

/* log(sum_j e_j I_j / I_0) with e_j = (v)_j/j! rho^j B(k+1, b_j)/B(k+1, b_0),
 * b_j = b_0 + j, given log I_0 and log of the first increment d_0 = W^(k+1)
 * (1-W)^b_0 / (b_0 B(k+1, b_0)). */
static double log_series(double k, double b0, double v, double rho, double l1w, double li0,
                         double ld0)
{
    const double q = exp(l1w); /* 1 - W */
    double e = 1.0, J = 1.0, D = exp(ld0 - li0), ls = 0.0;
    csat__ksum S = {0, 0};
    for (long j = 0; j < 100000000L; j++) {
        const double b = b0 + j, term = e * J;
        const double er = (v + j) / (j + 1.0) * rho * b / (b + k + 1.0);
        const double ratio = er * (1.0 + D / J); /* term_{j+1} / term_j */
        csat__ksum_add(&S, term);
        /* the ratios decrease (to rho): once below 1 the tail is below a
         * geometric series */
        if (e == 0.0 || (ratio < 1.0 && term * ratio <= 1e-17 * (1.0 - ratio) * csat__ksum_value(&S)))
            break;
        J += D;
        D *= q * (b + k + 1.0) / (b + 1.0);
        e *= er;
        /* keep e, J and their product in range (S is in the product's scale);
         * J's scale moves into e, not into S: e would otherwise sink into
         * the subnormals while J stays large, and e *= er stalls there
         * (small W with large k: 1e8 terms of the wrong size) */
        if (J > 1e150) {
            J *= 1e-150;
            D *= 1e-150;
            e *= 1e150;
        }
        if (e > 1e150) {
            e *= 1e-150;
            S.s *= 1e-150;
            S.c *= 1e-150;
            ls += LOG_1E150;
        }
    }
    return log(csat__ksum_value(&S)) + ls;
}

/*
 * With beta << alpha (or the reverse) and large shapes, rho is near 1 and
 * the series above peaks near j = v/(1-rho): up to 1e8 terms. There I is
 * integrated directly in w = log tau, where the log-integrand
 *   f(w) = (k+1) w - (r+k) log(alpha + e^w) - (s+1) log(beta + e^w)
 * is concave and smooth on the scale of 1/|f'|. Used only where the series
 * would be long (estimated terms (v+37)/(1-rho) > 1e4).
 */
typedef struct iquad {
    double k, r, al, s, be;
} iquad;

/* log((a + e^w)/(a + e^wr)), accurate for w near wr (log1p) and far
 * below it (a difference of logs: log1p near -1 would lose digits) */
static double log_ratio(double a, double w, double wr, double er)
{
    const double dw = w - wr, num = fabs(dw) < 1.0 ? er * expm1(dw) : exp(w) - er, q = num / (a + er);
    return q > -0.5 ? log1p(q) : log(a + exp(w)) - log(a + er);
}

static double iquad_f(double w, double wr, void *ctx, double *df)
{
    const iquad *q = ctx;
    const double er = exp(wr), emw = exp(-w);
    *df = (q->k + 1.0) - (q->r + q->k) / (1.0 + q->al * emw) - (q->s + 1.0) / (1.0 + q->be * emw);
    return (q->k + 1.0) * (w - wr) - (q->r + q->k) * log_ratio(q->al, w, wr, er) -
           (q->s + 1.0) * log_ratio(q->be, w, wr, er);
}

static double log_i_quad(double r, double al, double s, double be, double t, double k)
{
    iquad q;
    double wm, li, ew;
    q.k = k, q.r = r, q.al = al, q.s = s, q.be = be;
    li = csat__log_int_logconcave(iquad_f, &q, -INFINITY, log(t), &wm);
    ew = exp(wm);
    return li + (k + 1.0) * wm - (r + k) * log(al + ew) - (s + 1.0) * log(be + ew);
}

/* The logs of the two parts of P(X(t) = k), t > 0: alive through t, dead
 * before (csat__pnbd_prob_new adds them; the delta method's gradient,
 * btyd_intervals_grad.c, differentiates them apart). Returns 1 if the
 * dead part came from the quadrature. */
int csat__pnbd_prob_new_logs(const double *p, double t, double k, double *l_alive, double *l_dead)
{
    const double r = p[0], al = p[1], s = p[2], be = p[3];
    const double lnb = csat__lgamma_diff(r, k) - csat__lgamma(k + 1.0);
    double m, lw, l1w, b0 = r + s, li0, ld0, v;
    *l_alive = lnb - r * log1p(t / al) + (k > 0 ? k * (log(t) - log(al + t)) : 0.0) - s * log1p(t / be);
    m = al >= be ? al : be;
    v = al >= be ? s + 1.0 : r + k;
    if ((v + 37.0) * m > 1e4 * (al >= be ? be : al)) {
        *l_dead = lnb + r * log(al) + s * log(be) + log(s) + log_i_quad(r, al, s, be, t, k);
        return 1;
    }
    lw = log(t) - log(m + t);
    l1w = -log1p(t / m);
    li0 = csat__log_beta_inc(k + 1.0, b0, lw, l1w);
    ld0 = (k + 1.0) * lw + b0 * l1w - log(b0) - csat__lbeta(k + 1.0, b0);
    *l_dead = lnb + r * log(al) + s * log(be) + log(s) - b0 * log(m) + csat__lbeta(k + 1.0, b0) + li0 +
              log_series(k, b0, v, fabs(al - be) / m, l1w, li0, ld0);
    return 0;
}

double csat__pnbd_prob_new(const double *p, double t, double k)
{
    double l_alive, l_dead;
    if (t == 0.0)
        return k == 0.0 ? 1.0 : 0.0;
    if (csat__pnbd_prob_new_logs(p, t, k, &l_alive, &l_dead))
        return fmin(1.0, exp(csat__logaddexp(l_alive, l_dead)));
    {
        double pr = exp(csat__logaddexp(l_alive, l_dead));
        return pr > 1.0 ? 1.0 : pr;
    }
}

/* P(X(T, T+t) = k | x, t_x, T): alive at T, the customer is a new one with
 * the posterior parameters r+x, alpha+T, s, beta+T (lambda | x, T ~
 * Gamma(r+x, alpha+T); mu | alive at T ~ Gamma(s, beta+T)); dead, they buy
 * nothing. The cost is that of P(X(t) = k) with those parameters. */
double csat__pnbd_prob_cond(const double *p, double t, double k, double x, double tx, double T)
{
    const double q[4] = {p[0] + x, p[1] + T, p[2], p[3] + T};
    const double lpa = csat__pnbd_log_p_alive(p, x, tx, T);
    double v = exp(lpa) * csat__pnbd_prob_new(q, t, k);
    if (k == 0.0)
        v += -expm1(lpa);
    return v > 1.0 ? 1.0 : v;
}
