/*
 * The discounted geometric sum of a beta-distributed churn probability,
 *   E[(1 + d)/(d + theta)] = sum_k E[(1 - theta)^k] (1 + d)^-k
 *                          = 2F1(1, q; p + q; 1/(1 + d)),  theta ~ Beta(p, q),
 * for every p, q, d > 0: the sBG DEL and DERL (Fader & Hardie 2007, "How to
 * project customer retention"; Fader & Hardie 2010, "Customer-base
 * valuation in a contractual setting: the perils of ignoring
 * heterogeneity") with the parameters themselves (not c = p + q, which
 * loses p next to a huge q). In log space: the value reaches (1 + d)/d.
 *
 * csat__hyp2f1_1bc_disc took it near z = 1 through the connection formula,
 * whose terms grow like (q w)^k / k! (w = d/(1+d)) and cancel once q d is
 * large (DEL = 3.3e32 or -6.4e12 for a bound of 1e7, CSAT_EDOM), and the
 * series otherwise, ~1/d terms (0.7 s at d = 1e-7 with 1e15 renewals; no
 * end for p = q = 1e20). Here:
 *  - the series sum_k (q)_k/(p+q)_k z^k (positive terms) when a bound on
 *    its terms shows it ends within SERIES_MAX of them;
 *  - otherwise the integral over y = logit(theta) - log(p/q) (offsets from
 *    the mode of the beta density in that variable, so that a density of
 *    width 1e-10 at theta = 1e-9 keeps its digits), by csat__log_quad over
 *    pieces split where the integrand has its mode, its kink at theta ~ d
 *    and the beta mode; each piece is monotone, with its bulk at one end.
 *    The integrand is analytic in the strip |Im y| < pi/2 or wider, for
 *    every parameter. The beta density's normalisation is the same
 *    quadrature without the factor (1+d)/(d+theta), so no log-gammas
 *    cancel at p, q = 1e20;
 *  - before that, q < 1 is shifted to q + 1 (E[(1+d)/(d+theta)] = 1 +
 *    q/(p+q) E'/(1+d), the first period certain: positive terms) and small
 *    p to p + 1 where the identity d E[1/(d+theta)] = 1 - p/(p+q)
 *    E_(p+1)[1/(d+theta)] does not cancel much (p = 1e-300 has a tail of
 *    length 1/p in y).
 * Accuracy against mpmath: tests/reference/sbg_del_mpmath.py and
 * tests/retention/test_sbg.c.
 */
#include "numerics/numerics.h"

#include <math.h>

/* the series is summed when it provably ends within this many terms */
#define SERIES_MAX 2000.0
/* a split point matters when the integrand there is above e^-LOG_KEEP of its mode */
#define LOG_KEEP 60.0
/* csat__log_quad's error estimate can be fooled by a kink far in a piece
 * that converges a level after its bulk (alpha 1.5, beta 2, d 1e-12: 4.8e-14
 * at 1e-14, 4e-16 here, ~1.6 times the nodes); the tolerance grows with
 * |log d| / 16, the size of the log-integrand, whose rounding is the noise
 * floor of the sums (a tolerance below it runs the quadrature to its last
 * level: 3,600 nodes for alpha = beta = 1, d = 1e-300) */
#define QUAD_TOL 1e-16

/* ---- the series in z = 1/(1+d) --------------------------------------------- */

/* After the term t_k the rest is t_k DEL(p, q + k) <= t_k min((1+d)/d,
 * (p+q+k-1)/(p-1) for p > 1) (Gauss: 2F1(1, a; a+p; 1) = (a+p-1)/(p-1)). */
static double tail_factor(double p, double q, double d, double k)
{
    const double f = (1.0 + d) / d;
    return p > 1.0 ? fmin(f, (p - 1.0 + q + k) / (p - 1.0)) : f;
}

/* The k-th term is at most e^-lt with lt = k (log1p(d) + log1p(p/(q+k))):
 * the ratios (q+j)/(p+q+j) z rise with j. */
static int series_short(double p, double q, double d)
{
    const double lt = SERIES_MAX * (log1p(d) + log1p(p / (q + SERIES_MAX)));
    return lt - log(tail_factor(p, q, d, SERIES_MAX)) >= 41.0;
}

/* sum_k (q)_k/(p+q)_k z^k, compensated; NaN if it does not end within
 * 2 SERIES_MAX terms (not expected after series_short). */
static double series(double p, double q, double d)
{
    const double z = 1.0 / (1.0 + d);
    csat__ksum s = {0.0, 0.0};
    double t = 1.0;
    for (double k = 0.0; k < 2.0 * SERIES_MAX; k += 1.0) {
        csat__ksum_add(&s, t);
        t *= z / (1.0 + p / (q + k));
        if (t * tail_factor(p, q, d, k + 1.0) <= 1e-17 * s.s)
            return csat__ksum_value(&s);
    }
    return NAN;
}

/* ---- the integral over y = logit(theta) - log(p/q) ------------------------- */

typedef struct {
    double p, q, d;
    double r;        /* pq/(p+q) */
    double c1, c2;   /* q/(p+q), p/(p+q): 1 - theta and theta at the beta mode */
    double lc1, lc2; /* their logs */
    double ld;       /* log d */
    int with_g;      /* 1: the numerator, times 1/(d + theta) */
} bd_ctx;

/* log(a/(a+b)) for a, b > 0 */
static double log_share(double a, double b)
{
    const double t = b / a;
    return isfinite(t) ? -log1p(t) : log(a) - log(b);
}

/* log(1+u) - u for |u| <= 1/2: log1p(u) = 2 atanh(v), v = u/(2+u), so
 * log1p(u) - u = -u^2/(2+u) + 2 (v^3/3 + v^5/5 + ...), |v| <= 1/3. */
static double log1pmx(double u)
{
    const double v = u / (2.0 + u), v2 = v * v;
    double s = 0.0, pw = v * v2;
    for (int k = 1; k < 40; k++) {
        const double t = pw / (2.0 * k + 1.0);
        s += t;
        if (fabs(t) <= 1e-17 * fabs(s))
            break;
        pw *= v2;
    }
    return -u * u / (2.0 + u) + 2.0 * s;
}

/* log(c1 + c2 e^y) = softplus(x) - softplus(x0), x = x0 + y, and the same
 * with the roles swapped and -y (log(c2 + c1 e^-y)). */
static double soft_shift(double ca, double la, double cb, double lb, double y)
{
    const double u = cb * expm1(y);
    if (u > -0.5 && u < INFINITY)
        return log1p(u);
    return csat__logaddexp(la, lb + y);
}

/* log of the beta density over its mode at y, and t2 = log(c1 + c2 e^y) */
static double beta_log(const bd_ctx *c, double y, double *t2)
{
    double l;
    *t2 = soft_shift(c->c1, c->lc1, c->c2, c->lc2, y);
    if (fabs(y) < 0.4) {
        /* the linear terms of -p log(1 + u1) - q log(1 + u2) cancel
         * (p c1 = q c2 = r): -r (e^y + e^-y - 2) = -4 r sinh(y/2)^2 */
        const double sh = sinh(0.5 * y);
        l = -4.0 * c->r * sh * sh - c->p * log1pmx(c->c1 * expm1(-y)) - c->q * log1pmx(c->c2 * expm1(y));
    } else {
        l = -c->p * soft_shift(c->c2, c->lc2, c->c1, c->lc1, -y) - c->q * *t2;
    }
    /* inf - inf only far in a tail, where the density is 0 */
    return l <= 0.0 ? l : (isnan(l) ? -INFINITY : 0.0);
}

/* log theta and log(1 - theta) at y */
static void theta_log(const bd_ctx *c, double y, double *lt, double *l1mt)
{
    const double t2 = soft_shift(c->c1, c->lc1, c->c2, c->lc2, y);
    *lt = c->lc2 + y - t2;
    *l1mt = c->lc1 - t2;
}

static double integrand(double y, void *ctx)
{
    const bd_ctx *c = ctx;
    double t2, l = beta_log(c, y, &t2);
    if (!c->with_g || l == -INFINITY)
        return l;
    /* - log(d + theta), log theta = lc2 + y - t2 */
    return l - csat__logaddexp(c->ld, c->lc2 + y - t2);
}

/* The first two derivatives of the log-integrand at y. The beta part:
 * p(1-theta) - q theta = -r expm1(y)/(c1 + c2 e^y), derivative -(p+q)
 * theta (1-theta). The factor 1/(d+theta) adds -k, k = (1-theta) s with
 * s = theta/(d+theta), and its derivative -k' = -k ((1-theta) sd - theta),
 * sd = d/(d+theta) = 1 - s. Near p = 1 the sum is written (p-1)(1-theta)
 * - q theta + (1-theta) sd, which does not cancel on a plateau (p = q = 1,
 * d = 1e-300: f' ~ -theta for theta >> d). */
static void slopes(const bd_ctx *c, double y, double *d1, double *d2)
{
    double lt, l1mt, th, om, den, e;
    theta_log(c, y, &lt, &l1mt);
    th = exp(lt), om = exp(l1mt);
    if (y <= 0.0) {
        e = exp(y);
        den = c->c1 + c->c2 * e;
        *d1 = -c->r * expm1(y) / den;
    } else {
        e = exp(-y);
        den = c->c1 * e + c->c2;
        *d1 = c->r * expm1(-y) / den;
    }
    *d2 = -c->r * e / (den * den);
    if (c->with_g) {
        const double u = c->ld - lt, s = 1.0 / (1.0 + exp(u)), sd = 1.0 / (1.0 + exp(-u));
        if (fabs(c->p - 1.0) < 0.5)
            *d1 = (c->p - 1.0) * om - c->q * th + om * sd;
        else
            *d1 -= om * s;
        *d2 -= om * s * (om * sd - th);
    }
}

/* the width of the integrand from y: 1/sqrt(|f''| + f'^2) */
static double width_at(const bd_ctx *c, double y)
{
    double d1, d2, w;
    slopes(c, y, &d1, &d2);
    w = 1.0 / sqrt(fabs(d2) + d1 * d1);
    return w > 0.0 && w < INFINITY ? w : 1.0;
}

/* The mode of the integrand: the one zero of f' (f' > 0 far left, f'(0) <= 0
 * for the numerator, = 0 for the density alone), by bisection. */
static double mode_of(const bd_ctx *c)
{
    double lo, hi = 0.0, step, d1, d2;
    slopes(c, 0.0, &d1, &d2);
    if (!(d1 < 0.0))
        return 0.0;
    step = fmin(1.0, 1.0 / sqrt(c->r));
    for (;;) {
        lo = -step;
        slopes(c, lo, &d1, &d2);
        if (d1 >= 0.0 || step > 1e4)
            break;
        hi = lo;
        step *= 2.0;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-4 * fmax(fabs(hi), fmin(1.0, 1.0 / sqrt(c->r))); i++) {
        const double mid = 0.5 * (lo + hi);
        slopes(c, mid, &d1, &d2);
        if (d1 > 0.0)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* log of the integral over (a, b) (either may be infinite) of a monotone
 * piece whose bulk is at the end `heavy` (a or b). */
static double piece(bd_ctx *c, double a, double b, double heavy)
{
    double s = 2.0 * width_at(c, heavy), cc;
    if (heavy == a) {
        cc = isinf(b) ? a + s : a + fmin(s, 0.25 * (b - a));
    } else {
        cc = isinf(a) ? b - s : b - fmin(s, 0.25 * (b - a));
    }
    if (!(cc > a && cc < b))
        cc = isinf(a) || isinf(b) ? (heavy == a ? a + 1.0 : b - 1.0) : 0.5 * (a + b);
    return csat__log_quad(integrand, c, a, b, cc, s, QUAD_TOL * fmax(1.0, fabs(c->ld) / 16.0), NULL);
}

/* log of the integral over the line, split at the mode m and at the extra
 * points pts[0..n) (sorted, distinct from m): the pieces left of m have
 * their bulk at their right end, the others at their left. */
static double line_integral(bd_ctx *c, double m, const double *pts, int n)
{
    double cut[4], l = -INFINITY;
    int k = 0, placed = 0;
    for (int i = 0; i < n; i++) {
        if (!placed && pts[i] > m)
            cut[k++] = m, placed = 1;
        cut[k++] = pts[i];
    }
    if (!placed)
        cut[k++] = m;
    for (int i = 0; i <= k; i++) {
        const double a = i == 0 ? -INFINITY : cut[i - 1], b = i == k ? INFINITY : cut[i];
        const double heavy = b <= m ? b : a;
        l = csat__logaddexp(l, piece(c, a, b, heavy));
    }
    return l;
}

/* log E[(1+d)/(d+theta)] by quadrature, p, q > 0 */
static double quad_log(double p, double q, double d)
{
    bd_ctx c;
    double m, pts[2] = {0.0, 0.0}, ln, lden, fm, s;
    int n = 0;
    c.p = p, c.q = q, c.d = d;
    c.c1 = 1.0 / (1.0 + p / q), c.c2 = 1.0 / (1.0 + q / p);
    c.lc1 = log_share(q, p), c.lc2 = log_share(p, q);
    c.r = c.c1 >= c.c2 ? p * c.c1 : q * c.c2;
    c.ld = log(d);
    /* the density alone: its mode is y = 0 */
    c.with_g = 0;
    lden = line_integral(&c, 0.0, pts, 0);
    /* the numerator: split at its mode, and at the kink theta ~ d and the
     * beta mode where they are apart from it and not negligible */
    c.with_g = 1;
    m = mode_of(&c);
    fm = integrand(m, &c);
    s = width_at(&c, m);
    {
        const double yd = c.ld - log1p(d) - c.lc2 + c.lc1;
        const double cand[2] = {yd < 0.0 ? yd : 0.0, yd < 0.0 ? 0.0 : yd};
        for (int i = 0; i < 2; i++)
            if (isfinite(cand[i]) && fabs(cand[i] - m) > 1e-3 * fmin(s, 1.0) && integrand(cand[i], &c) > fm - LOG_KEEP &&
                (n == 0 || cand[i] > pts[n - 1]))
                pts[n++] = cand[i];
    }
    ln = line_integral(&c, m, pts, n);
    return log1p(d) + ln - lden;
}

/* ---- dispatch ----------------------------------------------------------------- */

static double disc_log(double p, double q, double d, int depth)
{
    if (series_short(p, q, d)) {
        const double v = series(p, q, d);
        if (isfinite(v))
            return log(v);
    }
    if (q < 1.0 && depth < 4) {
        /* 1 + q/(p+q) E_(p,q+1)/(1+d): the first period is certain */
        return csat__logaddexp(0.0, log_share(q, p) - log1p(d) + disc_log(p, q + 1.0, d, depth + 1));
    }
    if (p < 1.0 && depth < 4) {
        /* E = ((1+d) - p/(p+q) E_(p+1,q)) / d: kept when X = p/(p+q)
         * E_(p+1,q)/(1+d) <= 3/4 (it cancels to at most 2 bits) */
        const double lx = log_share(p, q) + disc_log(p + 1.0, q, d, depth + 1) - log1p(d);
        if (lx <= log(0.75))
            return log1p(d) - log(d) + log1p(-exp(lx));
    }
    return quad_log(p, q, d);
}

double csat__beta_disc_log(double p, double q, double d)
{
    if (!(p > 0.0) || !(q > 0.0) || !(d > 0.0) || !isfinite(p) || !isfinite(q) || !isfinite(d))
        return NAN;
    {
        /* 1 <= E <= (1+d)/d: the bounds hold for the rounded logarithm too */
        const double l = disc_log(p, q, d, 0), top = d > 1.0 ? log1p(1.0 / d) : log1p(d) - log(d);
        return l < 0.0 ? 0.0 : (l > top ? top : l);
    }
}
