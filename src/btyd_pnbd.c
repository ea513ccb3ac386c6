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

/* log I / s (see above) for one customer. */
static double log_integral(double r, double al, double s, double be, double x, double tx, double T)
{
    const double A = r + s + x, m = al >= be ? al : be, B = al >= be ? s + 1.0 : r + x;
    const double z = fabs(al - be) / (m + tx), lrho = log((m + tx) / (m + T));
    double t = 1.0, sum = 0.0, lscale = 0.0;
    if (T == tx)
        return -INFINITY;
    for (long k = 0; k < 10000000L; k++) {
        double term = t / (A + k) * -expm1((A + k) * lrho);
        sum += term;
        t *= (B + k) / (k + 1.0) * z;
        if (sum > 1e250) {
            sum *= 1e-250;
            t *= 1e-250;
            lscale += 250.0 * log(10.0);
        }
        if (t == 0.0 || (t / (A + k + 1) <= 1e-17 * sum && (B + k) / (k + 1.0) * z < 1.0))
            break;
    }
    return log(sum) + lscale - A * log(m + tx);
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

static double sum_ll(const double *p, const csat__btyd_rows *rows)
{
    csat__ksum k = {0, 0};
    for (size_t i = 0; i < rows->n; i++) {
        double w = rows->w ? rows->w[i] : 1.0;
        if (w != 0.0)
            csat__ksum_add(&k, w * row_ll(p, rows->x[i], rows->tx[i], rows->T[i], NULL));
    }
    return csat__ksum_value(&k);
}

double csat__pnbd_loglik(const double *p, const csat__btyd_rows *rows, double *grad)
{
    double f = sum_ll(p, rows);
    if (grad) {
        /* central differences in log-parameters (the series' parameter
         * derivatives are not implemented) */
        for (int j = 0; j < 4; j++) {
            double q[4] = {p[0], p[1], p[2], p[3]}, h = 1e-6, fp, fm;
            q[j] = p[j] * exp(h);
            fp = sum_ll(q, rows);
            q[j] = p[j] * exp(-h);
            fm = sum_ll(q, rows);
            grad[j] = (fp - fm) / (2.0 * h) / p[j];
        }
    }
    return f;
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

double csat__pnbd_prob_new(const double *p, double t, double k)
{
    (void)p;
    (void)t;
    (void)k;
    return NAN; /* not implemented: csat_btyd_prob_purchases reports CSAT_EDOM */
}
