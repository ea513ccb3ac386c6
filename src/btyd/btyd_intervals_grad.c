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
 * BG/NBD, MBG/NBD and Pareto/NBD P(X(T, T+t) = k | x, t_x, T): see bg_prob_grad
 * and pnbd_prob_grad below.
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
        return q == CSAT_PREDICT_P_ALIVE || q == CSAT_PREDICT_EXPECTED_PURCHASES || q == CSAT_PREDICT_DERT ||
               q == IV_Q_PROB;
    case CSAT_BTYD_PARETO_NBD:
        return q == CSAT_PREDICT_P_ALIVE || q == CSAT_PREDICT_EXPECTED_PURCHASES || q == CSAT_PREDICT_DERT ||
               q == IV_Q_PROB;
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

/* BG/NBD P(alive) and its gradient in theta (see the top). */
static double bg_alive_grad(const double *p, double x, double tx, double T, int m, double *g)
{
    const double r = p[0], al = p[1], a = p[2], b = p[3], bx = b + x - 1.0 + m;
    double l, e, P, PQ;
    g[0] = g[1] = g[2] = g[3] = 0.0;
    if (x == 0 && !m)
        return 1.0;
    l = log(a / bx) + (r + x) * log1p((T - tx) / (al + tx));
    e = exp(-fabs(l));
    P = l > 0 ? e / (1.0 + e) : 1.0 / (1.0 + e);
    PQ = e / ((1.0 + e) * (1.0 + e)); /* P (1 - P) */
    g[0] = -PQ * r * log1p((T - tx) / (al + tx));
    g[1] = -PQ * al * (r + x) * (1.0 / (al + T) - 1.0 / (al + tx));
    g[2] = -PQ;
    g[3] = PQ * b / bx;
    return P;
}

/* Per-row fallback: Richardson-extrapolated central differences in theta
 * of the internal per-row prediction, h = 1e-3 (as btyd_intervals.c). */
static double bg_expected_numeric(const double *p, double t, double x, double tx, double T, int m, double *g)
{
    double q[4] = {p[0], p[1], p[2], p[3]};
    for (int j = 0; j < 4; j++) {
        double d[2];
        for (int k = 0; k < 2; k++) {
            const double h = k ? 5e-4 : 1e-3;
            q[j] = p[j] * exp(h);
            double fa = csat__bgnbd_expected_cond(q, t, x, tx, T, m);
            q[j] = p[j] * exp(-h);
            double fb = csat__bgnbd_expected_cond(q, t, x, tx, T, m);
            q[j] = p[j];
            d[k] = (fa - fb) / (2 * h);
        }
        g[j] = (4 * d[1] - d[0]) / 3;
    }
    return csat__bgnbd_expected_cond(p, t, x, tx, T, m);
}

/*
 * BG/NBD (MBG/NBD) E[X(T, T+t) | x, t_x, T] = P(alive) H, H = c/(a-1) (1 -
 * y F) with R = r+x, A = alpha+T, B = b+x (+1), c = a+B-1, z = t/(A+t), y =
 * (1-z)^R, F = 2F1(R, B; c; z) (FHL 2005 eq. 10). The parameter derivatives
 * of F come from its series differentiated term by term,
 *   dF/dR = sum_k u_k sum_(j<k) 1/(R+j)  (likewise B; c with a minus),
 *   dF/dz = sum_k k u_k / z,
 * the terms u_k scaled by y so nothing overflows; 1 - y F = (a-1) H / c with
 * H from csat__btyd_bg_expect (no cancellation for small t). The series is
 * used where its terms are all positive and it converges fast (c > 0, z <=
 * 0.9) and a is not near 1 (where c/(a-1) and the bracket cancel); other
 * rows take the numerical fallback above.
 */
static double bg_expected_grad(const double *p, double t, double x, double tx, double T, int m, double *g)
{
    const double r = p[0], al = p[1], a = p[2], b = p[3];
    const double R = r + x, A = al + T, B = b + x + m, c = a + B - 1.0;
    double gp[4], P, H, z, y, u, F = 0, FR = 0, FB = 0, Fc = 0, Fz = 0, sR = 0, sB = 0, sc = 0;
    int k, ok = 0;
    if (!(t > 0)) {
        g[0] = g[1] = g[2] = g[3] = 0.0;
        return 0.0;
    }
    z = t / (A + t);
    if (!(c > 0 && z <= 0.9 && fabs(a - 1.0) >= 0.05))
        return bg_expected_numeric(p, t, x, tx, T, m, g);
    y = exp(-R * log1p(t / A));
    u = y;
    for (k = 0; k < 100000; k++) {
        F += u;
        FR += u * sR;
        FB += u * sB;
        Fc -= u * sc;
        Fz += k * u;
        if (k > 0 && u < 1e-17 * F && (R + k) * (B + k) * z < (c + k) * (k + 1)) {
            ok = 1;
            break;
        }
        sR += 1.0 / (R + k);
        sB += 1.0 / (B + k);
        sc += 1.0 / (c + k);
        u *= (R + k) * (B + k) / ((c + k) * (k + 1.0)) * z;
        if (!isfinite(u))
            break;
    }
    if (!ok)
        return bg_expected_numeric(p, t, x, tx, T, m, g);
    P = bg_alive_grad(p, x, tx, T, m, gp);
    H = csat__btyd_bg_expect(R, A, a, B, t);
    {
        /* F, FR ... hold y times the sums; Fz / z is y dF/dz */
        const double Q = (a - 1.0) * H / c, K = c / (a - 1.0);
        const double yFz = Fz / z, dz_dA = -t / ((A + t) * (A + t));
        const double dyF_dR = -log1p(t / A) * F + FR;
        const double dyF_dA = R * t / (A * (A + t)) * F + yFz * dz_dA;
        const double dH_dR = -K * dyF_dR, dH_dA = -K * dyF_dA;
        const double dH_da = -B / ((a - 1.0) * (a - 1.0)) * Q - K * Fc;
        const double dH_dB = Q / (a - 1.0) - K * (FB + Fc);
        const double dH[4] = {r * dH_dR, al * dH_dA, a * dH_da, b * dH_dB};
        for (int j = 0; j < 4; j++)
            g[j] = gp[j] * H + P * dH[j];
    }
    return P * H;
}

/*
 * BG/NBD (MBG/NBD) DERT = P(alive) R/(A delta) I (btyd_dert.c), R = r+x, A
 * = alpha+T: g = dP K + P K (d log(R/A) + d log I), K = R/(A delta) I,
 * with d log I from csat__bgnbd_dert_log_i_grad (analytic but for the
 * incomplete gamma's order derivative, a difference; see there).
 */
static double bg_dert_grad(const double *p, double delta, double x, double tx, double T, int m, double *g)
{
    const double r = p[0], al = p[1], R = r + x, A = al + T;
    double gp[4], d[4], P, K;
    P = bg_alive_grad(p, x, tx, T, m, gp);
    K = exp(log(R) - log(A) - log(delta) + csat__bgnbd_dert_log_i_grad(p, delta, x, T, m, d));
    d[0] += r / R;
    d[1] -= al / A;
    for (int j = 0; j < 4; j++)
        g[j] = gp[j] * K + P * K * d[j];
    return P * K;
}

double csat__iv_grad_row(csat_btyd_kind kind, csat_btyd_quantity q, double arg, const double *p, double x,
                         double tx, double T, double *g)
{
    double d[4], v = 0.0;
    for (int j = 0; j < 4; j++)
        g[j] = 0.0;
    if ((kind == CSAT_BTYD_BGNBD || kind == CSAT_BTYD_MBGNBD) && q == CSAT_PREDICT_DERT)
        return bg_dert_grad(p, arg, x, tx, T, kind == CSAT_BTYD_MBGNBD, g);
    if ((kind == CSAT_BTYD_BGNBD || kind == CSAT_BTYD_MBGNBD) && q == CSAT_PREDICT_EXPECTED_PURCHASES)
        return bg_expected_grad(p, arg, x, tx, T, kind == CSAT_BTYD_MBGNBD, g);
    if (kind == CSAT_BTYD_BGNBD || kind == CSAT_BTYD_MBGNBD)
        return bg_alive_grad(p, x, tx, T, kind == CSAT_BTYD_MBGNBD, g);
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

/*
 * BG/NBD (MBG/NBD) P(X(T, T+t) = k | x, t_x, T) = P(alive) Pn(q) + [k = 0]
 * (1 - P(alive)) (btyd_bgnbd.c), q = (R, A, a, B) = (r+x, alpha+T, a,
 * b+x(+1)), Pn the new-customer pmf (FHL 2005 eq. 8):
 *   Pn = cA NB_k + [k > 0] cB T_k,  cA = B(a, B+k) / B(a, B),
 *   cB = B(a+1, B+k-1) / B(a, B),  NB_j = G(R+j) / (G(R) j!) (1-z)^R z^j,
 *   z = t / (A+t),  T_k = P(N >= k) = I_z(k, R);
 *   d log cA/da = -(psi(a+B+k) - psi(a+B)) = -S,  d log cB/da = 1/a - S,
 *   d log cA/dB = psi(B+k) - psi(B) - S,  d log cB/dB = psi(B+k-1) - psi(B) - S,
 *   d log NB_k/dR = psi(R+k) - psi(R) + log(1-z),  d log NB_k/dA = R/A - (R+k)/(A+t),
 *   dT_k/dA = -z^k (1-z)^R / (A B(k, R)),
 *   dT_k/dR = sum_(j>=k) NB_j D_j = -sum_(j<k) NB_j D_j,  D_j = psi(R+j) - psi(R) + log(1-z)
 * (the two sums are equal since the NB_j sum to 1 for every R). dT_k/dR is
 * summed over the lighter side (the tail where T_k < 1/2, else the head),
 * its terms all of the size of that side's mass, so no cancellation beyond
 * it; where that side would take more than NB_MAX_TERMS terms (z near 1,
 * or k large) a Richardson-extrapolated difference of T_k in R (relative
 * error ~1e-11) takes its place. Everything else is closed form.
 */
#define NB_MAX_TERMS 4000

/* dT_k/dR by the sums above; *ok = 0 where they would be too long. */
static double nb_tail_dr_sum(double R, double lz, double l1mz, double k, double Tk, double nbk, int *ok)
{
    const double z = exp(lz);
    double s = 0.0, term, D;
    *ok = 0;
    if (Tk < 0.5) {
        term = nbk;
        D = csat__digamma_diff(R, k) + l1mz;
        for (int i = 0; i < NB_MAX_TERMS; i++) {
            /* the term ratios tend to z monotonically: from here on at most rb */
            const double j = k + (double)i, rho = (R + j) / (j + 1.0) * z, rb = fmax(rho, z);
            s += term * D;
            /* the rest: below sum_i rb^i term (|D| + i/(R+j)) */
            if (rb < 1.0 && term * (fabs(D) + 1.0 / ((1.0 - rb) * (R + j))) < 1e-17 * (1.0 - rb) * (Tk + fabs(s))) {
                *ok = 1;
                return s;
            }
            D += 1.0 / (R + j);
            term *= rho;
        }
        return 0.0;
    }
    if (k > NB_MAX_TERMS || R * l1mz < -600.0) /* long, or its first terms underflow */
        return 0.0;
    term = exp(R * l1mz);
    D = l1mz;
    for (double j = 0.0; j < k; j++) {
        s -= term * D;
        D += 1.0 / (R + j);
        term *= (R + j) / (j + 1.0) * z;
    }
    *ok = 1;
    return s;
}

static double nb_tail_dr_diff(double R, double lz, double l1mz, double k)
{
    const double h = 1e-3 * R;
    const double d1 = (csat__bgnbd_nb_tail(R + h, lz, l1mz, k) - csat__bgnbd_nb_tail(R - h, lz, l1mz, k)) / (2 * h);
    const double d2 = (csat__bgnbd_nb_tail(R + h / 2, lz, l1mz, k) - csat__bgnbd_nb_tail(R - h / 2, lz, l1mz, k)) / h;
    return (4 * d2 - d1) / 3;
}

/* Pn(q) and its partial derivatives d[4] in the natural q (see above). */
static double bg_prob_new_grad(const double *q, double t, double k, double *d)
{
    const double R = q[0], A = q[1], a = q[2], B = q[3];
    d[0] = d[1] = d[2] = d[3] = 0.0;
    if (!(t > 0.0))
        return k == 0 ? 1.0 : 0.0;
    const double lz = -log1p(A / t), l1mz = -log1p(t / A), lbab = csat__lbeta(a, B);
    /* log NB_k as btyd_bgnbd.c's bg_prob takes it */
    const double lnb = (k < 8.0 ? csat__lgamma_diff(R, k) - csat__lgamma(k + 1.0)
                                : csat__lgamma_diff(k + 1.0, R - 1.0) - csat__lgamma(R)) +
                       R * l1mz + (k > 0.0 ? k * lz : 0.0);
    const double cnb = exp(csat__lbeta(a, B + k) - lbab + lnb), S = csat__digamma_diff(a + B, k);
    double v = cnb;
    d[0] = cnb * (csat__digamma_diff(R, k) + l1mz);
    d[1] = cnb * (R / A - (R + k) / (A + t));
    d[2] = -cnb * S;
    d[3] = cnb * (csat__digamma_diff(B, k) - S);
    if (k > 0) {
        const double cb = exp(csat__lbeta(a + 1.0, B + (k - 1.0)) - lbab);
        const double Tk = csat__bgnbd_nb_tail(R, lz, l1mz, k);
        int ok;
        double dr = nb_tail_dr_sum(R, lz, l1mz, k, Tk, exp(lnb), &ok);
        if (!ok)
            dr = nb_tail_dr_diff(R, lz, l1mz, k);
        v += cb * Tk;
        d[0] += cb * dr;
        d[1] -= cb * exp(k * lz + R * l1mz - csat__lbeta(k, R)) / A;
        d[2] += cb * Tk * (1.0 / a - S);
        d[3] += cb * Tk * (csat__digamma_diff(B, k - 1.0) - S);
    }
    return v;
}

/* The conditional pmf and its gradient g[4] in theta. */
static double bg_prob_grad(const double *p, double t, double k, double x, double tx, double T, int m, double *g)
{
    const double q[4] = {p[0] + x, p[1] + T, p[2], p[3] + (x + (m ? 1.0 : 0.0))};
    double gp[4], d[4];
    const double P = bg_alive_grad(p, x, tx, T, m, gp), pn = bg_prob_new_grad(q, t, k, d);
    const double dead = k == 0 ? 1.0 : 0.0;
    for (int j = 0; j < 4; j++)
        g[j] = gp[j] * (pn - dead) + P * p[j] * d[j];
    return P * pn + dead * (1.0 - P);
}

/*
 * Pareto/NBD P(X(T, T+t) = k | x, t_x, T) = P(alive) Pn(q) + [k = 0] (1 -
 * P(alive)), q = (R, A, s, B) = (r+x, alpha+T, s, beta+T) (btyd_pnbd_prob.c),
 * Pn = alive + dead (Fader & Hardie 2006):
 *   alive = NB_k(R, A, t) (B/(B+t))^s,
 *   dead = G(R+k)/(G(R) k!) A^R B^s s I,  I = int_0^t tau^k (A+tau)^-(R+k) (B+tau)^-(s+1) dtau.
 * d log alive: closed form. dI/dA = -(R+k) I(R+1), dI/dB = -(s+1) I(s+1)
 * give d log dead/dA = (R/A) (1 - dead(R+1)/dead(R)) and d log dead/dB =
 * (s/B) (1 - dead(s+1)/dead(s)), each one more evaluation; d log dead/dR
 * and /ds need the integral of I's integrand times log(A+tau), log(B+tau):
 * Richardson-extrapolated differences of log dead in R and s (relative
 * error ~1e-11), as the DERT's order derivative above.
 */
static double pnbd_l_dead(double R, double A, double s, double B, double t, double k)
{
    const double q[4] = {R, A, s, B};
    double la, ld;
    csat__pnbd_prob_new_logs(q, t, k, &la, &ld);
    return ld;
}

static double rich(double (*f)(double, double, double, double, double, double), const double *q, int j,
                   double t, double k)
{
    double a[4] = {q[0], q[1], q[2], q[3]}, d[2];
    const double h = 1e-3 * q[j];
    for (int half = 0; half < 2; half++) {
        const double hh = half ? h / 2 : h;
        a[j] = q[j] + hh;
        const double fa = f(a[0], a[1], a[2], a[3], t, k);
        a[j] = q[j] - hh;
        const double fb = f(a[0], a[1], a[2], a[3], t, k);
        a[j] = q[j];
        d[half] = (fa - fb) / (2 * hh);
    }
    return (4 * d[1] - d[0]) / 3;
}

static double pnbd_prob_new_grad(const double *q, double t, double k, double *d)
{
    const double R = q[0], A = q[1], s = q[2], B = q[3];
    double la, ld;
    d[0] = d[1] = d[2] = d[3] = 0.0;
    if (!(t > 0.0))
        return k == 0.0 ? 1.0 : 0.0;
    csat__pnbd_prob_new_logs(q, t, k, &la, &ld);
    const double alive = exp(la), dead = exp(ld);
    const double ldr1 = pnbd_l_dead(R + 1.0, A, s, B, t, k), lds1 = pnbd_l_dead(R, A, s + 1.0, B, t, k);
    d[0] = alive * (csat__digamma_diff(R, k) - log1p(t / A)) + dead * rich(pnbd_l_dead, q, 0, t, k);
    d[1] = alive * (R / A - (R + k) / (A + t)) - dead * (R / A) * expm1(ldr1 - ld);
    d[2] = -alive * log1p(t / B) + dead * rich(pnbd_l_dead, q, 2, t, k);
    d[3] = alive * (s / B - s / (B + t)) - dead * (s / B) * expm1(lds1 - ld);
    return alive + dead;
}

static double pnbd_prob_grad(const double *p, double t, double k, double x, double tx, double T, double *g)
{
    const double q[4] = {p[0] + x, p[1] + T, p[2], p[3] + T};
    double dl[4], d[4], P;
    pnbd_dlog_alive(p, x, tx, T, dl, &P);
    const double pn = pnbd_prob_new_grad(q, t, k, d), dead = k == 0 ? 1.0 : 0.0;
    for (int j = 0; j < 4; j++)
        g[j] = P * p[j] * dl[j] * (pn - dead) + P * p[j] * d[j];
    return P * pn + dead * (1.0 - P);
}

double csat__iv_prob_grad_row(csat_btyd_kind kind, double t, double k, const double *p, double x, double tx,
                              double T, double *g)
{
    if (kind == CSAT_BTYD_PARETO_NBD)
        return pnbd_prob_grad(p, t, k, x, tx, T, g);
    return bg_prob_grad(p, t, k, x, tx, T, kind == CSAT_BTYD_MBGNBD, g);
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
