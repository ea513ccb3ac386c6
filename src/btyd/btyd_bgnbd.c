/*
 * BG/NBD (Fader, Hardie & Lee 2005, Marketing Science 24(2)) and MBG/NBD
 * (Batislam, Denizel & Filiztekin 2007, IJRM 24(3)): log-likelihood with
 * analytic gradient, the per-customer predictions and the two kinds'
 * tables of operations.
 *
 * Both likelihoods have the form
 *   L = [G(r+x)/G(r)] alpha^r B(a, b+x+m)/B(a, b)
 *       * [ (alpha+T)^-(r+x) + d * a/(b+x-1+m) * (alpha+t_x)^-(r+x) ]
 * with m = 0, d = [x > 0] for BG/NBD and m = 1, d = 1 for MBG/NBD (which
 * lets a customer drop out right after the first purchase).
 */
#include "btyd/btyd_ops.h"
#include "numerics/numerics.h"

#include <math.h>

/* Per-frequency parts of the log-likelihood, built by recurrence in x for
 * the small frequencies that make up almost every data set. */
#define XCACHE 64

typedef struct xterms {
    double lg;  /* log G(r+x) - log G(r) */
    double lb;  /* log B(a, b+x+m) - log B(a, b) */
    double dr;  /* d lg / dr */
    double da;  /* d lb / da */
    double db;  /* d lb / db */
} xterms;

static void xterms_direct(xterms *e, double r, double a, double b, double x, int m)
{
    double bx = b + x + m;
    e->lg = csat__lgamma_diff(r, x);
    e->lb = csat__lbeta(a, bx) - csat__lbeta(a, b);
    e->dr = csat__digamma(r + x) - csat__digamma(r);
    e->da = csat__digamma(a + b) - csat__digamma(a + bx);
    e->db = csat__digamma(bx) - csat__digamma(b) + e->da;
}

static void xterms_table(xterms *tab, double r, double a, double b, int m)
{
    /* B(a, y+1)/B(a, y) = y/(a+y); G(r+x+1)/G(r+x) = r+x. */
    xterms e = {0.0, 0.0, 0.0, 0.0, 0.0};
    if (m) {
        e.lb = log(b / (a + b));
        e.da = -1.0 / (a + b);
        e.db = 1.0 / b - 1.0 / (a + b);
    }
    for (int x = 0; x < XCACHE; x++) {
        double y = b + x + m;
        tab[x] = e;
        e.lg += log(r + x);
        e.dr += 1.0 / (r + x);
        e.lb += log(y / (a + y));
        e.da -= 1.0 / (a + y);
        e.db += 1.0 / y - 1.0 / (a + y);
    }
}

double csat__bgnbd_loglik(const double *p, const csat__btyd_rows *rows, double *grad, int modified)
{
    const double r = p[0], al = p[1], a = p[2], b = p[3], lal = log(al);
    const int m = modified ? 1 : 0;
    xterms tab[XCACHE];
    csat__ksum ll = {0, 0};
    double g0 = 0, g1 = 0, g2 = 0, g3 = 0;

    xterms_table(tab, r, a, b, m);
    for (size_t i = 0; i < rows->n; i++) {
        const double x = rows->x[i], w = rows->w ? rows->w[i] : 1.0;
        const double lT = log(al + rows->T[i]);
        xterms ed;
        const xterms *e;
        double u, L, w2 = 0.0;
        if (w == 0.0)
            continue;
        if (x < XCACHE) {
            e = &tab[(int)x];
        } else {
            xterms_direct(&ed, r, a, b, x, m);
            e = &ed;
        }
        u = -(r + x) * lT;
        L = u;
        if (x > 0 || m) {
            const double bden = b + x - 1 + m, lt = log(al + rows->tx[i]);
            const double v = log(a / bden) - (r + x) * lt, d = v - u;
            /* log(e^u + e^v) and the share of the second term, no overflow */
            if (d > 0) {
                double q = exp(-d);
                L = v + log1p(q);
                w2 = 1.0 / (1.0 + q);
            } else {
                double q = exp(d);
                L = u + log1p(q);
                w2 = q / (1.0 + q);
            }
            if (grad) {
                double w1 = 1.0 - w2;
                g0 += w * (e->dr + lal - w1 * lT - w2 * lt);
                g1 += w * (r / al - (r + x) * (w1 / (al + rows->T[i]) + w2 / (al + rows->tx[i])));
                g2 += w * (e->da + w2 / a);
                g3 += w * (e->db - w2 / bden);
            }
        } else if (grad) {
            g0 += w * (e->dr + lal - lT);
            g1 += w * (r / al - (r + x) / (al + rows->T[i]));
            g2 += w * e->da;
            g3 += w * e->db;
        }
        csat__ksum_add(&ll, w * (e->lg + r * lal + e->lb + L));
    }
    if (grad) {
        grad[0] = g0;
        grad[1] = g1;
        grad[2] = g2;
        grad[3] = g3;
    }
    return csat__ksum_value(&ll);
}

/* log of a/(b+x-1+m) ((alpha+T)/(alpha+t_x))^(r+x): P(alive) = 1/(1 + e^l) */
static double alive_lratio(const double *p, double x, double tx, double T, int modified)
{
    const double r = p[0], al = p[1], a = p[2], b = p[3];
    /* b + (x - 1 + m): x - 1 + m is exact, b is not lost when tiny */
    return log(a / (b + (x - 1 + (modified ? 1 : 0)))) + (r + x) * log1p((T - tx) / (al + tx));
}

double csat__bgnbd_p_alive(const double *p, double x, double tx, double T, int modified)
{
    double lratio;
    if (x == 0 && !modified)
        return 1.0;
    lratio = alive_lratio(p, x, tx, T, modified);
    return lratio > 0 ? exp(-lratio) / (1.0 + exp(-lratio)) : 1.0 / (1.0 + exp(lratio));
}

double csat__bgnbd_log_p_alive(const double *p, double x, double tx, double T, int modified)
{
    if (x == 0 && !modified)
        return 0.0;
    return -csat__logaddexp(0.0, alive_lratio(p, x, tx, T, modified));
}


/* S = sum_{k>=1} (c-r)_k (a)_(k-1) / ((a+b)_(k-1) k!) z^k, as S e^(*ls)
 * (rescaled when it grows past 1e250: large a with z near 1, where it is
 * ~(1-z)^-a). The term is kept as a fraction P/Q so the loop-carried
 * dependency is two multiplications, not a division (this series runs
 * once per customer prediction). *ok = 0 if it did not converge. */
static double s_series(double r, double a, double b, double z, double *ls, int *ok)
{
    const double c = a + b - 1.0, cr = c - r;
    double P = cr * z, Q = 1.0, s = P;
    *ok = 1;
    *ls = 0.0;
    if (P == 0.0)
        return 0.0;
    for (long k = 1; k < 2000000L; k++) {
        double term;
        P *= (cr + k) * (a + k - 1.0) * z;
        Q *= (a + b + k - 1.0) * (k + 1.0);
        term = P / Q;
        s += term;
        if (Q > 1e150) {
            P *= 1e-150;
            Q *= 1e-150;
        }
        if (fabs(term) <= 1e-17 * fabs(s)) {
            double ratio = fabs((cr + k + 1) * (a + k) / ((a + b + k) * (k + 2.0)) * z);
            if (ratio < 0.5 || (ratio < 1.0 && fabs(term) * ratio / (1.0 - ratio) <= 1e-17 * fabs(s)))
                return s;
        }
        if (fabs(P) > 1e250 || fabs(s) > 1e250) { /* P/Q and s alike */
            P *= 1e-250, s *= 1e-250;
            *ls += 250.0 * 2.302585092994045684;
        }
        if (!isfinite(s))
            break;
    }
    *ok = 0;
    return s;
}

/*
 * The same expectation without the subtraction c*E1 - (1-z)^(a-1) S, for
 * where it cancels (r small next to c: the result is O(r), its two terms
 * O(1)). At r = 0 the expectation is 0, so c*E1 = (1-z)^(a-1) S(r = 0) and
 *   E = (1-z)^(a-1) sum_{k>=1} [(c)_k - (c-r)_k] (a)_(k-1) z^k / ((a+b)_(k-1) k!)
 *     = r (1-z)^(a-1) sum_k V_k,
 * V_k = Q_k C_k, C_k = (a)_(k-1) z^k / ((c+1)_(k-1) k!) and Q_k = ((c)_k -
 * (c-r)_k)/r, built without cancellation by Q_1 = 1, Q_(k+1) = (c-r+k) Q_k
 * + (c)_k: positive terms for c >= 0 and c - r >= -1. With U_k = (c)_k C_k,
 * U_(k+1) = q_k U_k and V_(k+1) = q_k ((c-r+k) V_k + U_k)/(c+k), q_k =
 * z (a+k-1)/(k+1). Returns log(sum V_k), or NAN if it does not converge
 * in as many terms as the S series may take.
 */
static double v_series_log(double r, double a, double b, double z)
{
    const double c = a + b - 1.0, cr = c - r;
    double V = z, U = c * z, s = z, ls = 0.0;
    for (long k = 1; k < 2000000L; k++) {
        const double q = z * (a + k - 1.0) / (k + 1.0);
        V = q * ((cr + k) * V + U) / (c + k);
        U *= q;
        s += V;
        if (s > 1e250) {
            V *= 1e-250, U *= 1e-250, s *= 1e-250;
            ls += 250.0 * 2.302585092994045684;
        }
        /* For j > k the ratios q_j stay below qm = max(q_k+1, z) (they move
         * monotonically towards z), so U_(k+m) <= U_k qm^m and the tail of V
         * is at most qm/(1-qm) (V_k + U_k/((c+k)(1-qm))). */
        if (V <= 1e-17 * s) {
            const double qn = z * (a + k) / (k + 2.0), qm = qn > z ? qn : z;
            if (qm < 1.0 && qm / (1.0 - qm) * (V + U / ((c + k) * (1.0 - qm))) <= 1e-17 * s)
                return ls + log(s);
        }
    }
    return NAN;
}

/*
 * E = E_p[(1 - (alpha/(alpha + p t))^r) / p] over p ~ Beta(a, b): the
 * expectation's definition (given p, the purchases of a customer with
 * rate lambda ~ Gamma(r, alpha) dying after each with probability p),
 * with nothing that cancels or overflows, for whatever the series cannot
 * do (z near 1 with a large, where S ~ (1-z)^-a needs ~a/(1-z) terms;
 * c - r < -1, where its terms alternate; a + b < 1). An integral over
 * u = logit(p) by csat__log_quad around the integrand's mode u0, in
 * offsets from it, so that the nodes' logs keep their digits however
 * large a and b (only the value at u0 carries rounding of the size of
 * log B(a, b): ~1e-10 relative at a = b = 1e6).
 */
typedef struct bgq {
    double a, b, lr, lK, lbeta;
    double u0, rest0; /* the mode and the third part of the integrand's log there */
} bgq;

/* log sigma(u) = log p */
static double logsig(double u) { return u >= 0.0 ? -log1p(exp(-u)) : u - log1p(exp(u)); }

/* log sigma(u0 + d) - log sigma(u0), accurate for small d:
 * sigma(u)/sigma(u0) - 1 = -e^-u0 expm1(-d) / (1 + e^-u) */
static double dlogsig(double u0, double d)
{
    const double u = u0 + d;
    if (u0 >= -30.0 && u >= -30.0) {
        const double x = -exp(-u0) * expm1(-d) / (1.0 + exp(-u));
        if (x > -0.5)
            return log1p(x);
    }
    return logsig(u) - logsig(u0);
}

/* The integrand's log is a log p + b log(1-p) + log(r K) + rest - log B(a, b):
 * phi(p)/p = r K (log1p(x)/x) ((1 - e^-y)/y), x = pK, y = r log1p(x),
 * phi(p) = 1 - (1 + pK)^-r, K = t/alpha; rest is O(1) where the others
 * reach 1e6 (the tails of a, b = 1e-6). rest at log p = lp, log(1-p) =
 * l1p, and with D the derivative of the whole log in u (for the mode). */
static double bgq_rest(const bgq *q, double lp, double l1p, double *D)
{
    const double lx = lp + q->lK;
    const double L1 = lx > 0.0 ? lx + log1p(exp(-lx)) : log1p(exp(lx));
    const double lrat = lx < -36.0 ? -0.5 * exp(lx) : (lx > 700.0 ? log(L1) - lx : log(L1 / exp(lx)));
    const double ly = q->lr + lx + lrat, y = exp(ly);
    const double lg = ly < -36.0 ? -0.5 * y : (ly > 700.0 ? -ly : log(-expm1(-y) / y));
    if (D) {
        /* d log phi / du = (1-p) r w / (e^y - 1), w = pK/(1+pK); log p and
         * log(1-p) with their (a-1) and b give (a-1)(1-p) - b p */
        const double lem1 = ly < -700.0 ? ly : (y > 30.0 ? y + log1p(-exp(-y)) : log(expm1(y)));
        *D = (q->a - 1.0) * exp(l1p) - q->b * exp(lp) + exp(l1p + q->lr + lx - L1 - lem1);
    }
    return lrat + lg;
}

/* log of the integrand at u0 + d over its value at u0 */
static double bgq_log_ratio(double d, void *ctx)
{
    const bgq *q = ctx;
    const double u = q->u0 + d;
    return q->a * dlogsig(q->u0, d) + q->b * dlogsig(-q->u0, -d) + bgq_rest(q, logsig(u), logsig(-u), NULL) -
           q->rest0;
}

static double bg_expect_quad(double r, double alpha, double a, double b, double t)
{
    bgq q;
    double lo = -2000.0, hi = 2000.0, s, D, Dp;
    q.a = a, q.b = b, q.lr = log(r), q.lK = log(t) - log(alpha), q.lbeta = csat__lbeta(a, b);
    /* the mode: D goes from a > 0 (u -> -inf) to -b < 0 (u -> inf) */
    for (int i = 0; i < 64; i++) {
        const double mid = 0.5 * (lo + hi);
        bgq_rest(&q, logsig(mid), logsig(-mid), &D);
        if (D > 0.0)
            lo = mid;
        else
            hi = mid;
    }
    q.u0 = 0.5 * (lo + hi);
    q.rest0 = bgq_rest(&q, logsig(q.u0), logsig(-q.u0), NULL);
    /* the width there from the curvature, at most 1 (the integrand is
     * analytic for |Im u| < pi) */
    bgq_rest(&q, logsig(q.u0 + 1e-4), logsig(-q.u0 - 1e-4), &D);
    bgq_rest(&q, logsig(q.u0 - 1e-4), logsig(-q.u0 + 1e-4), &Dp);
    s = (Dp - D) / 2e-4;
    s = s > 1.0 ? 1.0 / sqrt(s) : 1.0;
    /* each side of the mode by itself: their tails decay at rates a and
     * b, as slowly as e^-(1e-6 |u|) */
    return exp(a * logsig(q.u0) + b * logsig(-q.u0) + q.lr + q.lK + q.rest0 - q.lbeta +
               csat__logaddexp(csat__log_quad(bgq_log_ratio, &q, -INFINITY, 0.0, -s, s, 1e-13, NULL),
                               csat__log_quad(bgq_log_ratio, &q, 0.0, INFINITY, s, s, 1e-13, NULL)));
}

double csat__btyd_bg_expect(double r, double alpha, double a, double b, double t)
{
    const double c = a + b - 1.0;
    double z, L;
    if (!(t > 0.0))
        return 0.0;
    z = t / (alpha + t);
    L = -log1p(t / alpha); /* log(1 - z) */
    /* The S series has positive-ratio terms unless c - r < -1, where its
     * terms alternate and grow (large r = r + x). Its terms peak near
     * k = a z/(1-z) and then fall like z^k: it is used while that is at
     * most a few 1e5 terms, else (and for c - r < -1) the quadrature. */
    if (z <= 0.9999 && c - r >= -1.0 && a * z <= 2e5 * (1.0 - z)) {
        int ok;
        double ls, S = s_series(r, a, b, z, &ls, &ok);
        if (ok) {
            /* c*E1 - (1-z)^(a-1) S where the subtraction and the size of
             * the logs in (1-z)^(a-1) S = e^(y + ls + log S) cost at most 6
             * bits; else, by the rounding each would carry (in units of
             * the result's ulp), without the subtraction or the quadrature,
             * whose logs are about |log B(a, b)| in size. */
            const double y = (a - 1.0) * L, w = exp(y);
            const double e1 = y == 0.0 ? -L : (fabs(y) < 0.5 ? -expm1(y) / (a - 1.0) : (1.0 - w) / (a - 1.0));
            const double A = c * e1, B = ls == 0.0 ? w * S : (S > 0.0 ? exp(y + ls + log(S)) : -exp(y + ls + log(-S)));
            const double g = A - B, err = fabs(A) + (1.0 + (ls == 0.0 ? 0.0 : fabs(y) + ls)) * fabs(B);
            if (isfinite(A) && isfinite(B) && A != 0.0 && B != 0.0 && err <= 64.0 * g)
                return g;
            if (c >= 0.0 && 2.0 * fabs(y) + fabs(log(r)) <= 2.0 * fabs(csat__lbeta(a, b)) + 8.0) {
                const double lv = v_series_log(r, a, b, z);
                if (!isnan(lv))
                    return exp(log(r) + y + lv);
            }
        }
    }
    return bg_expect_quad(r, alpha, a, b, t);
}

/* MBG/NBD: a new customer is gone at time zero with probability p, else a
 * BG/NBD customer whose p is Beta(a, b+1)-distributed: E = b/(a+b) E_BG(b+1)
 * (Batislam, Denizel & Filiztekin 2007; lifetimes' ModifiedBetaGeoFitter). */
double csat__bgnbd_expected_new(const double *p, double t, int modified)
{
    if (modified)
        return p[3] / (p[2] + p[3]) * csat__btyd_bg_expect(p[0], p[1], p[2], p[3] + 1.0, t);
    return csat__btyd_bg_expect(p[0], p[1], p[2], p[3], t);
}

double csat__bgnbd_expected_cond(const double *p, double t, double x, double tx, double T,
                                 int modified)
{
    double pa = csat__bgnbd_p_alive(p, x, tx, T, modified);
    return pa * csat__btyd_bg_expect(p[0] + x, p[1] + T, p[2], p[3] + x + (modified ? 1.0 : 0.0), t);
}


/* The log-integrand of I_z(m, r) B(m, r) = int_(log y)^0 (1 - e^s)^(m-1)
 * e^(r s) ds (u = 1 - t = e^s, y = 1 - z), log-concave in s with its mode
 * at s = log(r/(r+m-1)): its log relative to the mode (accurate near it). */
typedef struct nbq {
    double m1, r, wm;
} nbq;

static double nbq_f(double w, void *ctx)
{
    const nbq *q = ctx;
    const double eref = exp(q->wm), omref = -expm1(q->wm);
    /* log((1 - e^w)/(1 - e^wm)) = log1p(-e^wm expm1(w - wm)/(1 - e^wm)) */
    const double xr = -eref * expm1(w - q->wm) / omref;
    const double lr = xr > -0.5 ? log1p(xr) : log(-expm1(w) / omref);
    return q->m1 * lr + q->r * (w - q->wm);
}

/* I_z(m, r) for r < 1, m >= 2 by that integral, in two parts at the mode
 * (each monotone; csat__log_quad, 1e-14), its width there from the second
 * derivative -(m-1) e^s/(1 - e^s)^2 */
static double nb_tail_quad(double r, double m, double l1mz)
{
    const double a = l1mz, b = -1e-30;
    nbq q = {m - 1.0, r, 0.0};
    double wm = log(r / (r + (m - 1.0))), sd, l1 = -INFINITY, l2;
    wm = fmin(fmax(wm, a), 0.5 * b);
    q.wm = wm;
    sd = -expm1(wm) / sqrt((m - 1.0) * exp(wm));
    if (wm > a)
        l1 = csat__log_quad(nbq_f, &q, a, wm, fmax(0.5 * (a + wm), wm - sd), fmin(sd, 0.5 * (wm - a)), 1e-14, NULL);
    l2 = csat__log_quad(nbq_f, &q, wm, b, fmin(wm + sd, 0.5 * (wm + b)), fmin(sd, 0.5 * (b - wm)), 1e-14, NULL);
    return exp((m - 1.0) * log1p(-exp(wm)) + r * wm + csat__logaddexp(l1, l2) - csat__lbeta(m, r));
}

/* P(N >= m) for N negative binomial with pmf G(r+j)/(G(r) j!) (1-z)^r z^j:
 * I_z(m, r), the regularised incomplete beta function, in bounded time for
 * any m, r and z (the tail summed term by term took up to 1e7 terms at
 * small r with t/alpha large: 0.1-0.45 s per value). Where I_z(m, r) is
 * the complement of a value near 1 (z above (m+1)/(m+r+2)) and r < 1, it
 * is O(r) and the complement would lose its digits: there 1 - P(N < m)
 * as two positive parts where they do not cancel (m <= 64), else the
 * integral above (positive integrand). */
static double nb_tail(double r, double lz, double l1mz, double m)
{
    if (m <= 0)
        return 1.0;
    if (m == 1.0) /* 1 - (1-z)^r */
        return -expm1(r * l1mz);
    if (r < 1.0 && exp(lz) > (m + 1.0) / (m + r + 2.0) && l1mz < -1e-20) {
        if (m <= 64.0) {
            /* [1 - (1-z)^r] - (1-z)^r sum_(0<j<m) pmf(j)/pmf(0): two positive
             * parts, used where the second is at most half the first */
            const double z = exp(lz), A = -expm1(r * l1mz);
            double term = 1.0, s = 0.0;
            for (double j = 1.0; j < m; j++) {
                term *= (r + (j - 1.0)) / j * z;
                s += term;
            }
            s *= exp(r * l1mz);
            if (s <= 0.5 * A)
                return A - s;
        }
        return nb_tail_quad(r, m, l1mz);
    }
    if (r >= 1e4 && m <= 4096.0 && exp(lz) >= (m + 1.0) / (m + r + 2.0)) {
        /* there csat__log_beta_inc takes I_(1-z)(r, m) from z near 1 and
         * loses ~1e-19 r of its digits (4.6e-6 at r = 1e15, t/alpha = 1e-14,
         * m = 2, where P(X(t) = k) summed to 1 + 8.8e-6 over k): 1 - P(N < m),
         * the pmf summed down from m - 1 (it rises up to m - 1 here, so
         * P(N < m) is at most about a half and the terms fall going down) */
        double j = m - 1.0, f = exp(csat__lgamma_diff(r, j) - csat__lgamma(m) + r * l1mz + j * lz), s = 0.0;
        for (; j >= 0.0 && f > 1e-18 * s; j--) {
            s += f;
            f *= j / ((r + (j - 1.0)) * exp(lz)); /* pmf(j-1)/pmf(j) */
        }
        return fmax(1.0 - s, 0.0);
    }
    return exp(csat__log_beta_inc(m, r, lz, l1mz));
}

double csat__bgnbd_nb_tail(double r, double lz, double l1mz, double m)
{
    return nb_tail(r, lz, l1mz, m);
}

/* BG/NBD P(X(t) = k) of a new customer (Fader, Hardie & Lee 2005, eq. 8). */
static double bg_prob(const double *p, double t, double k)
{
    const double r = p[0], al = p[1], a = p[2], b = p[3];
    double lz, l1mz, lnb, v;
    if (!(t > 0.0)) /* nothing can happen in no time */
        return k == 0 ? 1.0 : 0.0;
    lz = -log1p(al / t); /* log z, z = t/(alpha+t) */
    l1mz = -log1p(t / al);
    /* G(r+k)/(G(r) k!); for k >= 8 above r as G(k+r)/G(k+1) over G(r),
     * without log-gammas of size k log k, else without those of size
     * r log r (3e16 at r = 1e15) */
    lnb = (k < 8.0 || k <= r ? csat__lgamma_diff(r, k) - csat__lgamma(k + 1.0)
                             : csat__lgamma_diff(k + 1.0, r - 1.0) - csat__lgamma(r)) +
          r * l1mz + (k > 0.0 ? k * lz : 0.0); /* z may underflow to 0 (t << alpha) */
    /* B(a, b+k)/B(a, b) and B(a+1, b+k-1)/B(a, b) = a/(a+b) B(a+1, b+k-1)/B(a+1, b)
     * as log-beta steps from b (b keeps its digits), not as differences of
     * log-betas, whose rounding is of their size (P summed to 2.1 over k at
     * a = b = 1e15; found by fuzz_btyd) */
    v = exp(csat__lbeta_shift(a, b, k) + lnb);
    if (k > 0)
        v += exp(csat__lbeta_shift(a + 1.0, b, k - 1.0) - log1p(b / a)) * nb_tail(r, lz, l1mz, k);
    return v > 1.0 ? 1.0 : v;
}

/* MBG/NBD: gone at time zero with probability a/(a+b) on average, else the
 * BG/NBD form with b+1: P = a/(a+b) [k = 0] + b/(a+b) P_BG(k; b+1), as for
 * the expectation above. */
double csat__bgnbd_prob_new(const double *p, double t, double k, int modified)
{
    if (modified) {
        const double q[4] = {p[0], p[1], p[2], p[3] + 1.0}, a = p[2], b = p[3];
        const double v = b / (a + b) * bg_prob(q, t, k) + (k == 0.0 ? a / (a + b) : 0.0);
        return v > 1.0 ? 1.0 : v;
    }
    return bg_prob(p, t, k);
}

/* P(X(T, T+t) = k | x, t_x, T). Alive at T, the customer is a new one
 * with the posterior parameters r+x, alpha+T, a, b+x (MBG/NBD: b+x+1, the
 * drop-out at time zero behind it: BG/NBD form), as in the conditional
 * expectation (FHL 2005 eq. 10); dead, they buy nothing. */
double csat__bgnbd_prob_cond(const double *p, double t, double k, double x, double tx, double T,
                             int modified)
{
    const double q[4] = {p[0] + x, p[1] + T, p[2], p[3] + (x + (modified ? 1.0 : 0.0))};
    const double lpa = csat__bgnbd_log_p_alive(p, x, tx, T, modified);
    double v = exp(lpa) * csat__bgnbd_prob_new(q, t, k, 0);
    if (k == 0.0)
        v += -expm1(lpa); /* P(dead), without the rounding of 1 - P(alive) */
    return v > 1.0 ? 1.0 : v;
}

/* ---- the BG/NBD and MBG/NBD tables ----------------------------------------- */

/* Batched expectations with the shared per-frequency parts (btyd_bgnbd_many.c):
 * the tables are built once per call from all the customers (prep, on the
 * threads), then every block of customers reads them. Below 128 customers
 * their set-up costs more than it saves; without tables (or memory for
 * them) the kernel goes customer by customer, with the same results to
 * rounding. */
static void *expected_cond_prep(const csat__par *par, const csat_allocator *al, const double *p, double t,
                                const csat__btyd_rows *r, int modified)
{
    csat__bgnbd_ws *ws;
    if (r->n < 128)
        return NULL;
    ws = csat__malloc(al, csat__bgnbd_ws_bytes(csat__bgnbd_ws_workers(par, r->n)));
    if (ws)
        csat__bgnbd_expected_prepare(ws, par, p, t, r->x, r->T, r->n, modified);
    return ws;
}

static void expected_cond_n(const double *p, double t, const csat__btyd_rows *r, double *out, const void *shared,
                            int modified)
{
    if (shared)
        csat__bgnbd_expected_range(shared, r->x, r->tx, r->T, r->n, out);
    else
        csat__bgnbd_expected_many(p, t, r->x, r->tx, r->T, r->n, out, modified, NULL);
}

/* The two kinds share every function, told apart by the drop-out at time
 * zero (M = 1: MBG/NBD): their tables (csat__bgnbd_ops, csat__mbgnbd_ops)
 * and the entries that bind M are one text. */
#define BG_TABLE(NAME, M, LABEL)                                                                    \
    static double NAME##_loglik(const double *p, const csat__btyd_rows *r, double *g)               \
    {                                                                                               \
        return csat__bgnbd_loglik(p, r, g, M);                                                      \
    }                                                                                               \
    static double NAME##_p_alive(const double *p, double x, double tx, double T)                    \
    {                                                                                               \
        return csat__bgnbd_p_alive(p, x, tx, T, M);                                                 \
    }                                                                                               \
    static double NAME##_log_p_alive(const double *p, double x, double tx, double T)                \
    {                                                                                               \
        return csat__bgnbd_log_p_alive(p, x, tx, T, M);                                             \
    }                                                                                               \
    static double NAME##_expected_new(const double *p, double t)                                    \
    {                                                                                               \
        return csat__bgnbd_expected_new(p, t, M);                                                   \
    }                                                                                               \
    static double NAME##_expected_cond(const double *p, double t, double x, double tx, double T)    \
    {                                                                                               \
        return csat__bgnbd_expected_cond(p, t, x, tx, T, M);                                        \
    }                                                                                               \
    static double NAME##_dert(const double *p, double delta, double x, double tx, double T)         \
    {                                                                                               \
        return csat__bgnbd_dert(p, delta, x, tx, T, M);                                             \
    }                                                                                               \
    static double NAME##_prob_new(const double *p, double t, double k)                              \
    {                                                                                               \
        return csat__bgnbd_prob_new(p, t, k, M);                                                    \
    }                                                                                               \
    static double NAME##_prob_cond(const double *p, double t, double k, double x, double tx, double T) \
    {                                                                                               \
        return csat__bgnbd_prob_cond(p, t, k, x, tx, T, M);                                         \
    }                                                                                               \
    static void NAME##_p_alive_n(const double *p, double arg, const csat__btyd_rows *r,             \
                                 double *out, const void *shared)                                   \
    {                                                                                               \
        (void)arg, (void)shared;                                                                    \
        csat__bgnbd_p_alive_many(p, r->x, r->tx, r->T, r->n, out, M);                               \
    }                                                                                               \
    static void NAME##_expected_cond_n(const double *p, double t, const csat__btyd_rows *r,         \
                                       double *out, const void *shared)                             \
    {                                                                                               \
        expected_cond_n(p, t, r, out, shared, M);                                                   \
    }                                                                                               \
    static void *NAME##_expected_cond_prep(const csat__par *par, const csat_allocator *al,          \
                                           const double *p, double t, const csat__btyd_rows *r)     \
    {                                                                                               \
        return expected_cond_prep(par, al, p, t, r, M);                                             \
    }                                                                                               \
    CSAT__BTYD_FOR_CUSTOMERS(NAME##_dert_n, csat__bgnbd_dert(p, arg, x, tx, T, M))                  \
    CSAT__BTYD_FOR_VALUES(NAME##_expected_new_n, csat__bgnbd_expected_new(p, v, M))                 \
    CSAT__BTYD_FOR_VALUES(NAME##_prob_n, csat__bgnbd_prob_new(p, arg, v, M))                        \
    const csat__btyd_kind_ops csat__##NAME##_ops = {                                                \
        .name = LABEL,                                                                              \
        .n_params = 4,                                                                              \
        .param_names = "r, alpha, a, b",                                                            \
        .simulate = csat__##NAME##_simulate,                                                        \
        .time_scales = 1u << 1, /* alpha */                                                         \
        .check_rows = csat__btyd_check_rows_continuous,                                             \
        .loglik = NAME##_loglik,                                                                    \
        .p_alive = NAME##_p_alive,                                                                  \
        .log_p_alive = NAME##_log_p_alive,                                                          \
        .expected_new = NAME##_expected_new,                                                        \
        .expected_cond = NAME##_expected_cond,                                                      \
        .dert = NAME##_dert,                                                                        \
        .prob_new = NAME##_prob_new,                                                                \
        .prob_cond = NAME##_prob_cond,                                                              \
        .p_alive_n = NAME##_p_alive_n,                                                              \
        .expected_cond_n = NAME##_expected_cond_n,                                                  \
        .expected_cond_prep = NAME##_expected_cond_prep,                                            \
        .dert_n = NAME##_dert_n,                                                                    \
        .expected_new_n = NAME##_expected_new_n,                                                    \
        .prob_n = NAME##_prob_n,                                                                    \
    };

BG_TABLE(bgnbd, 0, "BG/NBD")
BG_TABLE(mbgnbd, 1, "MBG/NBD")
