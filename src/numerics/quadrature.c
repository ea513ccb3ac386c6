/*
 * Quadrature in log space. csat__log_quad is the general routine:
 * double-exponential quadrature (Takahasi & Mori 1974; tanh-sinh, exp-sinh
 * and sinh maps), f given as log f so that integrands spanning any range of
 * magnitudes work, with a hint of where the bulk lies.
 * csat__log_int_logconcave: adaptive 20-point Gauss-Legendre of a
 * log-concave integrand, used where a positive-term series would need
 * ~1e8 terms (the Pareto/NBD integrals with one shape parameter near the
 * cliff z -> 1).
 */
#include "numerics/numerics.h"

#include <math.h>

#define HALF_PI 1.5707963267948966
#define PI 3.1415926535897932
/* a term this far below the largest is negligible (e^-50 = 2e-22) */
#define LOG_DROP 50.0
/* steps 1, 1/2, ..., 1/1024 */
#define MAX_LEVEL 10

/* running log-sum-exp */
typedef struct {
    double lmax, s;
} lsum;

static void lsum_add(lsum *a, double l)
{
    if (l <= a->lmax) {
        if (l > -INFINITY)
            a->s += exp(l - a->lmax);
    } else {
        a->s = a->s * exp(a->lmax - l) + 1.0;
        a->lmax = l;
    }
}

/* [a, b] as the image of y in (-inf, inf), y = yc + sg sinh t: x = y
 * (LINE), a + e^y (UP), b - e^y (DOWN), a + (b - a)/(1 + e^-y) (FINITE) */
enum { LINE, UP, DOWN, FINITE };
typedef struct {
    int kind;
    double a, b, c, yc, sg;
} qmap;

/* The node at t: x and log dx/dt; 0 once x has left the range (its offset
 * from an end underflows, or it overflows). Within a factor e of yc, x is
 * c plus its offset (exact for c = 0), otherwise the nearer end plus or
 * minus its offset (exact for an end at 0). */
static int node(const qmap *m, double t, double *x, double *lw)
{
    /* sinh t and cosh t from one expm1 (accurate near t = 0) */
    const double em1 = expm1(t), et = em1 + 1.0, sh = 0.5 * em1 * (1.0 + 1.0 / et);
    const double d = m->sg * sh, y = m->yc + d;
    double off;
    *lw = log(m->sg * 0.5 * (et + 1.0 / et));
    switch (m->kind) {
    case LINE:
        *x = m->c + d;
        return isfinite(*x);
    case UP:
    case DOWN:
        /* x = end -+ e^y = c +- (c - end) expm1(d) */
        off = exp(y);
        *lw += y;
        if (fabs(d) < 1.0)
            *x = m->kind == UP ? m->c + (m->c - m->a) * expm1(d) : m->c - (m->b - m->c) * expm1(d);
        else
            *x = m->kind == UP ? m->a + off : m->b - off;
        return off > 0.0 && isfinite(*x);
    default: {
        /* x = a + L/(1 + e^-y) = c - (b - c) expm1(-d)/(1 + e^-y), L = b - a */
        const double L = m->b - m->a, em = exp(-fabs(y)), sig = 1.0 / (1.0 + em);
        off = L * em * sig;
        *lw += log(L) - fabs(y) + 2.0 * log(sig);
        if (fabs(d) < 1.0)
            *x = m->c - (m->b - m->c) * expm1(-d) * (y >= 0.0 ? sig : em * sig);
        else
            *x = y < 0.0 ? m->a + off : m->b - off;
        return off > 0.0;
    }
    }
}

/* Adds the terms at t = (k + off) h, k = 0, +-1, ..., outwards until they
 * are negligible and falling; 0 if one is NaN. */
static int sweep(const qmap *m, csat__log_fn f, void *ctx, double h, double off, lsum *acc)
{
    for (int dir = -1; dir <= 1; dir += 2) {
        double prev = -INFINITY;
        for (long k = dir > 0 ? 0 : 1;; k++) {
            const double t = dir * (k + (dir > 0 ? off : -off)) * h;
            double x, lw, l;
            if (!node(m, t, &x, &lw))
                break;
            l = lw + f(x, ctx);
            if (isnan(l))
                return 0;
            lsum_add(acc, l);
            if (l < acc->lmax - LOG_DROP && l <= prev)
                break;
            prev = l;
        }
    }
    return 1;
}

double csat__log_quad(csat__log_fn f, void *ctx, double a, double b, double c, double s, double tol,
                      double *err)
{
    qmap m;
    double h = 1.0, prev = 0.0, d1 = INFINITY, d2 = INFINITY, e = NAN, cur = NAN;
    lsum acc = {-INFINITY, 0.0};
    if (err)
        *err = NAN;
    if (!(a < c && c < b) || !(s > 0.0 && s < INFINITY))
        return NAN;
    m.a = a, m.b = b, m.c = c;
    /* the width s in y, capped as in tanh-sinh and exp-sinh (where the
     * maps' own singularities, or an integrand's near the ends, would
     * otherwise come closer than pi/2 to the real axis in t) */
    if (isinf(a) && isinf(b)) {
        m.kind = LINE, m.yc = c, m.sg = s;
    } else if (isinf(b)) {
        m.kind = UP, m.yc = log(c - a), m.sg = fmin(HALF_PI, s / (c - a));
    } else if (isinf(a)) {
        m.kind = DOWN, m.yc = log(b - c), m.sg = fmin(HALF_PI, s / (b - c));
    } else {
        m.kind = FINITE, m.yc = log(c - a) - log(b - c);
        m.sg = fmin(PI, s * ((b - a) / (c - a)) / (b - c));
    }
    for (int level = 0; level <= MAX_LEVEL; level++, h *= 0.5) {
        /* level 0 all nodes k h, then the midpoints of the previous level */
        if (!sweep(&m, f, ctx, level ? 2.0 * h : h, level ? 0.5 : 0.0, &acc))
            return NAN;
        if (acc.lmax == -INFINITY) {
            cur = -INFINITY, e = 0.0;
            break;
        }
        cur = acc.lmax + log(acc.s * h);
        if (acc.lmax == INFINITY)
            break;
        if (level > 0) {
            /* the error of this level from the last three differences d, d1,
             * d2: once they fall at a steady or growing rate, the trapezoid
             * rule is converging (at least geometrically in h) and the
             * remaining ones sum to about d^2/d1; until then d itself. Two
             * levels can agree by chance before the integrand is resolved,
             * three rarely do. */
            const double d = fabs(cur - prev);
            e = d;
            if (level > 2 && d < d1 && d1 < d2 && d * d2 <= d1 * d1)
                e = d * d / d1;
            /* done, or down to the rounding noise of f (the differences
             * growing again below 1e-12) */
            if (level > 1 && (e <= tol || (d >= d1 && d < 1e-12)))
                break;
            d2 = d1, d1 = d;
        }
        prev = cur;
    }
    if (err)
        *err = e;
    return cur;
}

/* ---- log-concave integrands: adaptive Gauss-Legendre ----------------------- */

/* 20-point Gauss-Legendre on [-1, 1]: positive nodes and their weights
 * (mpmath, 40 digits). Exact for degree 39, so a panel over which the
 * integrand changes by e^10 is already integrated to ~1e-20. */
static const double gl_x[10] = {
    0.076526521133497333755, 0.22778585114164507808, 0.37370608871541956067, 0.510867001950827098,
    0.63605368072651502545,  0.74633190646015079261, 0.83911697182221882339, 0.91223442825132590587,
    0.96397192727791379127,  0.99312859918509492479};
static const double gl_w[10] = {
    0.1527533871307258507,   0.14917298647260374679,  0.14209610931838205133,  0.1316886384491766269,
    0.11819453196151841731,  0.10193011981724043504,  0.083276741576704748725, 0.06267204833410906357,
    0.040601429800386941331, 0.017614007139152118312};

/* beyond this drop from the mode the integrand is left out: e^-50 times
 * the width of the range (a bound, by concavity) is far below 1e-16 */
#define DROP 50.0

static double gl20(csat__logconcave_fn f, void *ctx, double wm, double a, double b, double *slope)
{
    const double c = 0.5 * (a + b), h = 0.5 * (b - a);
    double s = 0.0, d1, d2, g = 0.0;
    for (int i = 0; i < 10; i++) {
        s += gl_w[i] * (exp(f(c - h * gl_x[i], wm, ctx, &d1)) + exp(f(c + h * gl_x[i], wm, ctx, &d2)));
        g = fmax(g, fmax(fabs(d1), fabs(d2)));
    }
    *slope = g;
    return s * h;
}

/* int_a^b e^(f - f(wm)) by bisection until the halves agree with the whole
 * to 4e-15 (or to abs_tol in proportion to the panel's width), or the
 * panel is resolved: at most 1/2 wide (f is analytic at least that far off
 * the real axis in our uses) with f changing by at most 2 across it, where
 * the 20-point rule is exact to rounding; what stops the bisection when
 * rounding noise in f is above the 4e-15. */
static double adapt(csat__logconcave_fn f, void *ctx, double wm, double a, double b, double abs_tol)
{
    struct {
        double a, b, v;
    } st[64];
    int n = 1;
    long budget = 100000;
    csat__ksum sum = {0, 0};
    double g;
    const double width = b - a;
    st[0].a = a, st[0].b = b, st[0].v = gl20(f, ctx, wm, a, b, &g);
    while (n > 0) {
        const double pa = st[n - 1].a, pb = st[n - 1].b, whole = st[n - 1].v, mid = 0.5 * (pa + pb);
        double gl, gr;
        const double l = gl20(f, ctx, wm, pa, mid, &gl), r = gl20(f, ctx, wm, mid, pb, &gr);
        const double diff = fabs(whole - (l + r)), h = pb - pa;
        n--;
        if (!(diff > 4e-15 * (l + r)) || diff <= abs_tol * h / width || (h <= 0.5 && h * fmax(gl, gr) <= 2.0) ||
            n >= 62 || --budget <= 0) {
            csat__ksum_add(&sum, l + r);
        } else {
            /* the right half first on the stack, so the left is done first */
            st[n].a = mid, st[n].b = pb, st[n].v = r;
            st[n + 1].a = pa, st[n + 1].b = mid, st[n + 1].v = l;
            n += 2;
        }
    }
    return csat__ksum_value(&sum);
}

/* Where f drops by DROP from the mode wm, stepping by doubling towards the
 * end e (which may be infinite); e itself if it never does. */
static double cut(csat__logconcave_fn f, void *ctx, double wm, double e)
{
    double h = 1.0 / 64.0, df;
    const double dir = e > wm ? 1.0 : -1.0;
    for (int i = 0; i < 1100; i++, h *= 2.0) {
        const double w = wm + dir * h;
        if (dir * (w - e) >= 0.0)
            return e;
        if (f(w, wm, ctx, &df) <= -DROP)
            return w;
    }
    return e;
}

double csat__log_int_logconcave(csat__logconcave_fn f, void *ctx, double a, double b, double *wmode)
{
    double wm, lo, hi, df, L, R, lb = 0.0, abs_tol, I = 0.0;
    /* the mode: f' decreases, so bisect on its sign */
    f(b, b, ctx, &df);
    if (df >= 0.0) {
        wm = b;
    } else {
        if (isfinite(a)) {
            f(a, a, ctx, &df);
            lo = a;
        } else {
            double h = 1.0;
            lo = b - h;
            for (int i = 0; i < 1100; i++, h *= 2.0) {
                lo = b - h;
                f(lo, lo, ctx, &df);
                if (df > 0.0)
                    break;
            }
        }
        if (df <= 0.0) {
            wm = lo;
        } else {
            hi = b;
            for (int i = 0; i < 200; i++) {
                const double mid = 0.5 * (lo + hi);
                if (!(mid > lo && mid < hi))
                    break;
                f(mid, mid, ctx, &df);
                if (df > 0.0)
                    lo = mid;
                else
                    hi = mid;
            }
            wm = 0.5 * (lo + hi);
        }
    }
    if (wmode)
        *wmode = wm;
    L = wm > a ? cut(f, ctx, wm, a) : wm;
    R = wm < b ? cut(f, ctx, wm, b) : wm;
    /* a lower bound on the integral (e^f lies above its chords), which
     * scales the absolute tolerance */
    if (L < wm) {
        const double g = -f(L, wm, ctx, &df);
        lb += (wm - L) * (g > 1e-8 ? -expm1(-g) / g : 1.0);
    }
    if (R > wm) {
        const double g = -f(R, wm, ctx, &df);
        lb += (R - wm) * (g > 1e-8 ? -expm1(-g) / g : 1.0);
    }
    abs_tol = 1e-16 * lb;
    if (L < wm)
        I += adapt(f, ctx, wm, L, wm, abs_tol * (wm - L) / (R - L));
    if (R > wm)
        I += adapt(f, ctx, wm, wm, R, abs_tol * (R - wm) / (R - L));
    return log(I);
}
