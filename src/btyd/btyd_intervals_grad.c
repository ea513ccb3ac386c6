/*
 * Prediction intervals, part 3: analytic gradients of the predictions with
 * respect to theta = log(parameters), for the delta method (issue 15 §4).
 * Where a (kind, quantity) has none here, btyd_intervals.c falls back to
 * Richardson-extrapolated differences (see "Prediction intervals" in csat.h).
 *
 * BG/NBD and MBG/NBD P(alive) (Fader, Hardie & Lee 2005, "Counting your
 * customers the easy way", eq. 13; MBG/NBD: Batislam et al. 2007):
 *   P = 1 / (1 + e^l),  l = log(a / (b + x - 1 + m)) + (r + x) log((alpha + T) / (alpha + t_x)),
 *   dP = -P (1 - P) dl  (P = 1 for x = 0 in the BG/NBD: no gradient).
 * Pareto/NBD P(alive) = A / L, with A = G(r+x) a^r b^s / (G(r) (a+T)^(r+x)
 * (b+T)^s) the likelihood's "alive at T" term and L the row's likelihood
 * (Fader, Hardie & Lee 2005, "A note on deriving the Pareto/NBD model", eq.
 * 11 and 18): d log P = d log A - d log L, d log L the row's analytic
 * log-likelihood gradient (csat__pnbd_loglik, the one the fit uses).
 * Pareto/NBD E[X(T, T+t) | x, t_x, T] = P(alive) K,
 *   K = (r + x) (beta + T) / (alpha + T) e1(s, beta + T, t),
 *   e1(s, B, t) = (1 - (B / (B + t))^(s-1)) / (s - 1)   (FHL 2005 eq. 21 / the note),
 *   d e1 / dB = -(B / (B + t))^(s-1) t / (B (B + t)),  d e1 / ds = -u^2 f'(y),
 *   u = log(1 + t/B), y = -(s - 1) u, f(y) = (e^y - 1) / y.
 * Pareto/NBD DERT = P(alive) (r + x) / ((alpha + T) delta) G(s, z), z =
 * delta (beta + T), G = z^s e^z Gamma(1 - s, z) (see btyd_dert.c):
 *   d log G / dz = s / z + 1 - 1 / G   (d Gamma(a, z) / dz = -z^(a-1) e^-z);
 * d log G / ds needs the derivative of the incomplete gamma in its order,
 * which has no closed form: that one scalar derivative is a
 * Richardson-extrapolated central difference of log G in s (relative error
 * ~1e-11), everything else is analytic.
 * Gamma-Gamma expected spend E = (gamma + x m) p / (p x + q - 1) (Fader,
 * Hardie & Lee 2005, "RFM and CLV", eq. 5): closed-form log derivatives.
 */
#include "btyd/btyd_intervals.h"
#include "btyd/btyd_internal.h"
#include "numerics/numerics.h"
#include <math.h>

int csat__iv_has_analytic(csat_btyd_kind kind, csat_btyd_quantity q)
{
    switch (kind) {
    case CSAT_BTYD_BGNBD:
    case CSAT_BTYD_MBGNBD:
        return q == CSAT_PREDICT_P_ALIVE;
    case CSAT_BTYD_PARETO_NBD:
        return q == CSAT_PREDICT_P_ALIVE || q == CSAT_PREDICT_EXPECTED_PURCHASES || q == CSAT_PREDICT_DERT;
    default:
        return 0;
    }
}

/* d log P(alive) / d p (natural parameters) of the Pareto/NBD; its value in *pa. */
static void pnbd_dlog_alive(const double *p, double x, double tx, double T, double *d, double *pa)
{
    const double r = p[0], al = p[1], s = p[2], be = p[3];
    const csat__btyd_rows row = {&x, &tx, &T, NULL, 1};
    double g[4];
    csat__pnbd_loglik(p, &row, g);
    d[0] = csat__digamma(r + x) - csat__digamma(r) - log1p(T / al) - g[0];
    d[1] = r / al - (r + x) / (al + T) - g[1];
    d[2] = -log1p(T / be) - g[2];
    d[3] = s / be - s / (be + T) - g[3];
    *pa = csat__pnbd_p_alive(p, x, tx, T);
}

/* f'(y) for f(y) = (e^y - 1) / y: sum_k k y^(k-1) / (k+1)! near 0. */
static double fprime(double y)
{
    if (fabs(y) < 0.5) {
        double term = 0.5, s = 0.0; /* k = 1: 1 / 2! */
        for (int k = 1; k < 40; k++) {
            s += term;
            term *= y * (double)(k + 1) / ((double)k * (double)(k + 2));
            if (fabs(term) < 1e-18 * fabs(s))
                break;
        }
        return s;
    }
    return (y * exp(y) - expm1(y)) / (y * y);
}

/* e1(s, B, t) and its derivatives in s and B. */
static double e1_grad(double s, double B, double t, double *ds, double *dB)
{
    const double u = t > B ? log(t) - log(B) + log1p(B / t) : log1p(t / B), y = -(s - 1.0) * u;
    const double e = y == 0.0 ? u : -expm1(y) / (s - 1.0);
    *ds = -u * u * fprime(y);
    *dB = -exp(y) * t / (B * (B + t));
    return e;
}

/* log G(s, z) = log(z^s e^z Gamma(1-s, z)) as csat__pnbd_dert takes it. */
static double log_g(double s, double z)
{
    return z < 1e300 ? csat__log_gamma_upper_scaled(1.0 - s, z) : 0.0;
}

double csat__iv_grad_row(csat_btyd_kind kind, csat_btyd_quantity q, double arg, const double *p, double x,
                         double tx, double T, double *g)
{
    double d[4], v = 0.0;
    for (int j = 0; j < 4; j++)
        g[j] = 0.0;
    if (kind == CSAT_BTYD_BGNBD || kind == CSAT_BTYD_MBGNBD) {
        const int m = kind == CSAT_BTYD_MBGNBD;
        const double r = p[0], al = p[1], a = p[2], b = p[3], bx = b + x - 1.0 + m;
        double l, P, PQ;
        if (x == 0 && !m)
            return 1.0;
        l = log(a / bx) + (r + x) * log1p((T - tx) / (al + tx));
        P = l > 0 ? exp(-l) / (1.0 + exp(-l)) : 1.0 / (1.0 + exp(l));
        PQ = l > 0 ? exp(-l) / ((1.0 + exp(-l)) * (1.0 + exp(-l))) : exp(l) / ((1.0 + exp(l)) * (1.0 + exp(l)));
        g[0] = -PQ * r * log1p((T - tx) / (al + tx));
        g[1] = -PQ * al * (r + x) * (1.0 / (al + T) - 1.0 / (al + tx));
        g[2] = -PQ;
        g[3] = PQ * b / bx;
        return P;
    }
    /* Pareto/NBD */
    {
        const double r = p[0], al = p[1], s = p[2], be = p[3];
        double pa, k[4];
        pnbd_dlog_alive(p, x, tx, T, d, &pa);
        k[0] = k[1] = k[2] = k[3] = 0.0;
        if (q == CSAT_PREDICT_P_ALIVE) {
            v = pa;
        } else if (q == CSAT_PREDICT_EXPECTED_PURCHASES) {
            double es, eB, e;
            if (!(arg > 0))
                return 0.0;
            e = e1_grad(s, be + T, arg, &es, &eB);
            v = pa * (r + x) * (be + T) / (al + T) * e;
            k[0] = 1.0 / (r + x);
            k[1] = -1.0 / (al + T);
            k[2] = es / e;
            k[3] = 1.0 / (be + T) + eB / e;
        } else {
            const double z = arg * (be + T), lg = log_g(s, z);
            double ds = 0.0;
            v = exp(log(pa) + log(r + x) - log(al + T) - log(arg) + lg);
            k[0] = 1.0 / (r + x);
            k[1] = -1.0 / (al + T);
            if (z < 1e300) {
                /* Richardson in s: (4 D(h/2) - D(h)) / 3 */
                const double h = 1e-3 * fmax(1.0, s);
                const double d1 = (log_g(s + h, z) - log_g(s - h, z)) / (2 * h);
                const double d2 = (log_g(s + h / 2, z) - log_g(s - h / 2, z)) / h;
                ds = (4 * d2 - d1) / 3;
                k[3] = arg * (s / z + 1.0 - exp(-lg));
            }
            k[2] = ds;
        }
        for (int j = 0; j < 4; j++)
            g[j] = v * p[j] * (d[j] + k[j]);
        return v;
    }
}

double csat__iv_spend_grad_row(const double *p, double x, double m, double *g)
{
    const double den = p[0] * x + p[1] - 1.0, num = p[2] + x * m;
    const double v = num * p[0] / den;
    g[0] = v * (1.0 - p[0] * x / den);
    g[1] = -v * p[1] / den;
    g[2] = v * p[2] / num;
    return v;
}
