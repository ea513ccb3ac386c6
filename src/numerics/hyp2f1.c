/*
 * Gauss hypergeometric function 2F1(a, b; c; z), real parameters, z < 1:
 * the one implementation behind the BG/BB DERT (2F1(1, b; c; z),
 * csat__hyp2f1_1bc) and the BG/NBD expectations (csat__hyp2f1_log,
 * parameters up to ~1e4). The sBG DEL and DERL, the same 2F1(1, b; c; z)
 * at z = 1/(1+d), left it for beta_disc.c (issue 12: near z = 1 the
 * connection formula below cancels once b d is large).
 *
 * Two evaluations:
 *  - the power series in z, compensated, on F(a, b; c; z) or on its Euler
 *    twin (1-z)^(c-a-b) F(c-a, c-b; c; z): for z <= 0.9, whenever it is
 *    short (c large next to the other parameters: BG/NBD with many
 *    purchases, through the twin), and near z = 1 where the other way
 *    cancels; a = 1 with b <= c (sBG, BG/BB) has its own short loop;
 *  - for z > 0.9, the connection formula in w = 1 - z (A&S 15.3.6),
 *    rearranged so that it stays exact when c - a - b is at or near an
 *    integer, where its two halves have poles that cancel (connection_log;
 *    this replaces an interpolation in c and Gauss's continued fraction,
 *    whose errors against mpmath reached 1e-6 and 5e-8).
 * z < 0 goes through Pfaff's transformation to z/(z-1) in (0, 1).
 * Accuracy and speed against mpmath: tests/numerics/test_numerics.c and
 * tests/reference/hyp2f1_mpmath.py.
 */
#include "numerics/numerics.h"

#include <math.h>

#define PI 3.14159265358979323846
#define BIG 1e250
#define LOG_BIG 575.64627324851142

/* ---- the series in z -------------------------------------------------------- */

/*
 * sum_k (a)_k (b)_k / ((c)_k k!) z^k for 0 <= z < 1, compensated (Kahan),
 * returned as a value times e^(*lscale) (rescaled when the terms would
 * overflow). The ratio of the terms tends to z, so the tail after t is at
 * most |t| / (1 - max(|ratio|, z)) once that is below 1.
 */
static double series(double a, double b, double c, double z, double *lscale)
{
    double s = 0.0, comp = 0.0, t = 1.0, ls = 0.0;
    for (long k = 0; k < 100000000L; k++) {
        const double kk = (double)k;
        const double ratio = (a + kk) * (b + kk) / ((c + kk) * (kk + 1.0)) * z;
        double r, y = t - comp, s2 = s + y;
        comp = (s2 - s) - y;
        s = s2;
        t *= ratio;
        if (fabs(t) > BIG) {
            s /= BIG;
            comp /= BIG;
            t /= BIG;
            ls += LOG_BIG;
        }
        r = fabs(ratio) > z ? fabs(ratio) : z;
        if (r < 1.0 && fabs(t) <= 1e-16 * (1.0 - r) * fabs(s))
            break; /* also when the series ends (a or b = 0, -1, ...) */
    }
    *lscale = ls;
    return s - comp;
}

/*
 * The same for a = 1 and 0 < b <= c (sBG, BG/BB: b < c): sum_k (b)_k/(c)_k
 * z^k, whose terms are positive with ratios (b+k)/(c+k) z <= z, so nothing
 * overflows; the loop the sBG and BG/BB predictions spend their time in,
 * kept as short as it can be.
 */
static double series_1bc(double b, double c, double z)
{
    csat__ksum s = {0.0, 0.0};
    double t = 1.0;
    for (long k = 0; k < 1000000000L; k++) {
        const double ratio = (b + (double)k) / (c + (double)k) * z, r = ratio > z ? ratio : z;
        csat__ksum_add(&s, t);
        t *= ratio;
        if (t <= 1e-16 * (1.0 - r) * csat__ksum_value(&s))
            break;
    }
    return csat__ksum_value(&s);
}

static double series_log(double a, double b, double c, double z, int *sign)
{
    double ls = 0.0, v;
    if (a == 1.0 && b > 0.0 && b <= c)
        v = series_1bc(b, c, z);
    else if (b == 1.0 && a > 0.0 && a <= c)
        v = series_1bc(a, c, z);
    else
        v = series(a, b, c, z, &ls);
    *sign = v > 0 ? 1 : (v < 0 ? -1 : 0);
    return log(fabs(v)) + ls;
}

/* ---- the connection formula near z = 1 ----------------------------------------- */

/* (log|G(y)| - log|G(x)|) / d with y = x + d passed exactly (it can be near a
 * pole of Gamma, where x + d would lose it): below 1, G(x) = G(x+1)/x and
 * log|y/x| = log1p(d/x). */
static double lgamma_dd_to(double x, double y, double d)
{
    double acc = 0.0;
    while (x < 1.0) {
        const double r = d / x;
        acc -= d == 0.0 ? 1.0 / x : (r > -0.5 ? log1p(r) : log(fabs(y / x))) / d;
        x += 1.0;
        y += 1.0;
    }
    return acc + csat__lgamma_dd(x, d);
}

/* log(f) / e with f = pi e / sin(pi e) = G(1+e) G(1-e), |e| <= 1/2, also
 * storing f; 0 at e = 0 and accurate for small e (sin(x)/x - 1 summed as a
 * series below x = pi/4). */
static double log_reflection(double e, double *f)
{
    const double x = PI * e, x2 = x * x;
    if (fabs(e) < 0.25) {
        /* sin(x)/x - 1 = sum_(k>=1) (-x^2)^k / (2k+1)!, nested, to k = 8
         * (the next term is below 1e-19) */
        double s = 0.0;
        for (int k = 8; k >= 1; k--)
            s = -x2 / ((2.0 * k) * (2.0 * k + 1.0)) * (1.0 + s);
        *f = 1.0 / (1.0 + s);
        return e == 0.0 ? 0.0 : -log1p(s) / e;
    }
    *f = x / sin(x);
    return log(*f) / e;
}

/* log |(a)_n| (the rising factorial, a not 0, -1, -2, ...) with its sign. */
static double log_rising(double a, long n, int *sign)
{
    if (a > 0.0) {
        *sign = 1;
        return csat__lgamma_diff(a, (double)n);
    }
    {
        int s1, s2;
        double l = csat__lgamma_signed(a + (double)n, &s1) - csat__lgamma_signed(a, &s2);
        *sign = s1 * s2;
        return l;
    }
}

/* log |(a)_n (b)_n / n!| with its sign: one product for small n. */
static double log_rising_ratio(double a, double b, long n, int *sign)
{
    if (n <= 20 && fabs(a) < 1e6 && fabs(b) < 1e6) {
        double p = 1.0;
        for (long k = 0; k < n; k++)
            p *= (a + (double)k) * (b + (double)k) / (double)(k + 1);
        *sign = p > 0 ? 1 : -1;
        return log(fabs(p));
    }
    {
        int s1, s2;
        double l = log_rising(a, n, &s1) + log_rising(b, n, &s2) - csat__lgamma((double)n + 1.0);
        *sign = s1 * s2;
        return l;
    }
}

/* max over k in [k1, k2] of |x + k| / (y + s k), y + s k > 0 on it: a ratio
 * of linear functions either side of k = -x, so the largest is at an end. */
static double ratio_max(double x, double y, double s, double k1, double k2)
{
    return fmax(fabs(x + k1) / (y + s * k1), fabs(x + k2) / (y + s * k2));
}

/*
 * The finite part of the connection formula over G(n+eps): sum_(k<n) u_k,
 * u_0 = 1, u_(k+1) = -u_k (a+k)(b+k) w / ((n-k-1+eps)(k+1)), compensated,
 * as a value times e^(*lscale); *mag = sum |u_k| / |sum|. n can be in the
 * thousands (BG/NBD with many purchases), but the terms fall fast: once one
 * is negligible the loop stops if the ratios left are bounded below 1/2
 * (bounded factor by factor, each the largest at an end of the range), or
 * else, past k0 where the ratios can only grow (so log |u_k| is convex and
 * the rest is bounded by n times its larger end), if u_(n-1) = (-1)^(n-1)
 * G(1+eps) (a)_(n-1) (b)_(n-1) w^(n-1) / (G(n+eps) (n-1)!) is negligible too.
 */
static double finite_sum(double a, double b, long n, double eps, double w, double lw, double *lscale,
                         double *mag)
{
    const double nd = (double)n, k0 = fmax(fmax(-a, -b), sqrt(fabs((a - 1.0) * (b - 1.0))));
    csat__ksum s = {0.0, 0.0};
    double u = 1.0, abs_sum = 0.0, ls = 0.0, v;
    int tail_checked = 0;
    for (long k = 0; k < n; k++) {
        const double kk = (double)k;
        double ratio;
        csat__ksum_add(&s, u);
        abs_sum += fabs(u);
        if (k + 1 == n)
            break;
        ratio = -(a + kk) * (b + kk) * w / (((double)(n - k - 1) + eps) * (kk + 1.0));
        u *= ratio;
        if (fabs(u) > BIG) {
            s.s /= BIG;
            s.c /= BIG;
            u /= BIG;
            abs_sum /= BIG;
            ls += LOG_BIG;
        }
        if (!tail_checked && fabs(ratio) < 1.0 && nd * fabs(u) <= 1e-16 * fabs(s.s)) {
            /* the ratios of the terms after u = u_(k+1): j in [k+1, n-2] */
            const double j1 = kk + 1.0, j2 = nd - 2.0;
            const double y = nd - 1.0 + eps;
            const double rmax =
                w * fmin(ratio_max(a, y, -1.0, j1, j2) * ratio_max(b, 1.0, 1.0, j1, j2),
                         ratio_max(b, y, -1.0, j1, j2) * ratio_max(a, 1.0, 1.0, j1, j2));
            double last;
            if (j1 > j2 || rmax <= 0.5)
                break;
            if (kk < k0 || n - k < 16)
                continue;
            tail_checked = 1;
            {
                int s1;
                last = csat__lgamma(1.0 + eps) - csat__lgamma(nd - 1.0 + eps) +
                       log_rising_ratio(a, b, n - 1, &s1) + (nd - 1.0) * lw - log(nd - 1.0 + eps);
            }
            if (last + log(nd) <= log(1e-16 * fabs(s.s)) + ls)
                break;
        }
    }
    *lscale = ls;
    v = csat__ksum_value(&s);
    *mag = abs_sum / fabs(v);
    return v;
}

/*
 * F(a, b; c; 1 - w), 0 < w <= 1/2, with m = c - a - b = n + eps >= 0 (n a
 * non-negative integer, eps in (-1, 1/2], given separately so that it is
 * exact), ca = c - a > 0 and cb = c - b > 0 (passed exactly), a, b not 0,
 * -1, -2, ... The connection formula
 *   F = G(c)G(m)/(G(c-a)G(c-b)) F(a, b; 1-m; w)
 *     + w^m G(c)G(-m)/(G(a)G(b)) F(c-a, c-b; 1+m; w)
 * has poles at integer m in both halves. The first n terms of the first
 * series are regular (the finite part); the rest, paired with the second
 * series term by term, is (A&S 15.3.11 in the limit eps = 0)
 *   G(c)/(G(c-a)G(c-b)) (a)_n (b)_n / (G(1-eps) n!) (-w)^n (pi eps/sin(pi eps)) sum e_j,
 *   e_j = (p_j - q_j)/eps,  p_j = (a+n)_j (b+n)_j w^j / ((1-eps)_j (n+1)_j),
 *   q_j = e^(eps D) (a+n+eps)_j (b+n+eps)_j w^j / ((n+1+eps)_j j!),
 *   eps D = log q_0 / p_0 = eps log w + log [G(a+n+eps)G(b+n+eps)G(1-eps) n!
 *           / (G(a+n)G(b+n)G(n+1+eps))],
 * D from divided differences of log Gamma. e_0 = -(e^(eps D) - 1)/eps and
 * e_(j+1) = rp_j e_j + q_j (rp_j - rq_j)/eps with the ratio difference
 * written out, so nothing cancels as eps -> 0.
 * *cond (unless NULL): the sum of the absolute terms over |F| (1 when
 * nothing cancels).
 */
static double connection_log(double a, double b, double c, double ca, double cb, long n, double eps,
                             double w, double lw, int *sign, double *cond)
{
    const double nd = (double)n, a0 = a + nd, b0 = b + nd;
    /* the parameter of smaller size, sp: log G(c)/G(c-sp) as a difference
     * over sp stays small (c - sp = the other + n + eps) */
    const int a_small = fabs(a) <= fabs(b);
    const double sp = a_small ? a : b, csp = a_small ? ca : cb, clp = a_small ? cb : ca;
    double lfin = -INFINITY, linf = -INFINITY, mag_fin = 0.0, mag_inf = 0.0, lk, lr, l;
    int sfin = 0, sinf = 0, sc = 1, sr;

    /* lk = log G(c)/(G(c-a)G(c-b)); the finite part's factor is lk + log G(n+eps) */
    if (c > 0.0) {
        const double lgc_s = csat__lgamma_diff(csp, sp);
        if (nd + eps >= 8.0) {
            /* as a difference: n + eps + sp = c - lp can be large */
            lfin = lgc_s - csat__lgamma_diff(nd + eps, sp);
            lk = lfin - csat__lgamma(nd + eps);
        } else {
            lk = lgc_s - csat__lgamma(clp);
            lfin = n > 0 ? lk + csat__lgamma(nd + eps) : lfin;
        }
    } else {
        lk = csat__lgamma_signed(c, &sc) - csat__lgamma(ca) - csat__lgamma(cb);
        lfin = n > 0 ? lk + csat__lgamma(nd + eps) : lfin;
    }
    if (n > 0) {
        double ls, v = finite_sum(a, b, n, eps, w, lw, &ls, &mag_fin);
        lfin += log(fabs(v)) + ls;
        sfin = v == 0.0 ? 0 : sc * (v > 0 ? 1 : -1);
    }
    /* the infinite part's factor without the sum: log |(a)_n (b)_n / n!| w^n */
    lr = log_rising_ratio(a, b, n, &sr) + nd * lw;
    if (sfin != 0 && a0 > 0.0 && b0 > 0.0) {
        /* negligible (w^n small): |dd| below, a sum of log w and digammas on
         * [a0, a0+eps], [b0, b0+eps], [1-eps, 1] and [n+1, n+1+eps], is at
         * most bd, |e_j| at most about bd e^(|eps| bd) times the j-th term of
         * a series with ratios <= 1/2 */
        const double lo_a = fmin(a0, cb), lo_b = fmin(b0, ca);
        const double rp0 = a0 * b0 * w / ((1.0 - fabs(eps)) * (nd + 1.0));
        const double bd =
            fabs(lw) + 1.0 / lo_a + 1.0 / lo_b + log((a0 + 2.0) * (b0 + 2.0) * (nd + 2.0)) + 6.0;
        if (rp0 <= 0.5 && lk + lr + log(8.0 * bd) + fabs(eps) * bd <= lfin - 42.0) {
            *sign = sfin;
            if (cond)
                *cond = mag_fin;
            return lfin;
        }
    }
    {
        /* (log G(1-eps))/(-eps), (log G(n+1+eps) - log n!)/eps, the latter from
         * the reflection G(1+eps)G(1-eps) = f and a product for small n */
        double f;
        const double lf = log_reflection(eps, &f);
        const double d1 = csat__lgamma_dd(1.0, -eps);
        double dn;
        if (n < 8) {
            double e = 0.0, h = 0.0;
            for (long i = 1; i <= n; i++) {
                const double t = eps / (double)i;
                e += t + e * t;
                h += 1.0 / (double)i;
            }
            dn = d1 + lf + (eps == 0.0 ? h : log1p(e) / eps);
        } else {
            dn = csat__lgamma_dd(nd + 1.0, eps);
        }
        const double dd = lw - dn - d1 + lgamma_dd_to(a0, cb, eps) + lgamma_dd_to(b0, ca, eps);
        const double D = eps * dd;
        /* q_0 / p_0 = +-e^D: negative when a + n < 0 < a + n + eps (or b) */
        const int flip = (a0 < 0.0) != (b0 < 0.0);
        double q = flip ? -exp(D) : exp(D), abs_sum = 0.0, ls = 0.0, v;
        double e = flip ? (1.0 - q) / eps : -dd * (D == 0.0 ? 1.0 : expm1(D) / D);
        double em = fabs(e); /* a bound on |e| from the sizes of what was added */
        double ss = 0.0, comp = 0.0;
        for (long j = 0; j < 100000000L; j++) {
            const double J = 1.0 + (double)j, N = nd + J, A = a0 + (double)j, B = b0 + (double)j;
            const double cp = J - eps, ne = N + eps;
            const double rp = A * B * w / (cp * N);
            /* (rp - rq)/eps, rq = (A+eps)(B+eps) w / ((N+eps) J) */
            const double dr = w * (A * J * (b - 1.0) + B * N * (a0 - 1.0) + eps * N * (A + B - J) + eps * eps * N) /
                              (cp * N * ne * J);
            const double y = e - comp, s2 = ss + y;
            comp = (s2 - ss) - y; /* Kahan */
            ss = s2;
            abs_sum += em;
            em = rp * em + fabs(dr * q);
            e = rp * e + dr * q;
            q *= (A + eps) * (B + eps) * w / (ne * J);
            if (fabs(q) > BIG || fabs(e) > BIG) {
                ss /= BIG;
                comp /= BIG;
                e /= BIG;
                em /= BIG;
                q /= BIG;
                abs_sum /= BIG;
                ls += LOG_BIG;
            }
            /* both ratios tend to w < 1 */
            if (rp < 1.0 && fabs(e) + fabs(q * dd) <= 1e-16 * (1.0 - rp) * fabs(ss))
                break;
            if (q == 0.0 && e == 0.0)
                break;
        }
        v = ss - comp;
        if (v != 0.0) {
            linf = lk + lr + eps * d1 + log(fabs(v) * f) + ls;
            sinf = sc * sr * (n % 2 ? -1 : 1) * (v > 0 ? 1 : -1);
            mag_inf = abs_sum / fabs(v);
        }
    }
    l = csat__log_add_signed(lfin, sfin, linf, sinf, sign);
    if (cond)
        *cond = (*sign == 0) ? INFINITY
                             : (sfin ? mag_fin * exp(lfin - l) : 0.0) + (sinf ? mag_inf * exp(linf - l) : 0.0);
    return l;
}

/* c - a - b as hi + lo (two-sum), so that its distance to an integer is exact. */
static void param_excess(double a, double b, double c, double *hi, double *lo)
{
    double s = c - a, bp = s - c, e1 = (c - (s - bp)) + (-a - bp);
    double t = s - b, bq = t - s, e2 = (s - (t - bq)) + (-b - bq);
    *hi = t;
    *lo = e1 + e2;
}

/* The connection formula's parameters after Euler's transformation when
 * c - a - b < 0 (then c minus the new a and b are the old b and a, exactly):
 * m = c - a - b = n + eps >= 0, and the factor w^m (m < 0) of the result. */
typedef struct {
    double a, b, ca, cb, eps, m; /* m: the excess before the transformation */
    long n;
} conn_params;

/* 0 when the formula does not apply (c - a or c - b <= 0, or huge n). */
static int conn_setup(double a, double b, double c, conn_params *k)
{
    double mh, ml;
    param_excess(a, b, c, &mh, &ml);
    k->m = mh + ml;
    k->a = a;
    k->b = b;
    k->ca = c - a;
    k->cb = c - b;
    if (k->m < 0.0) {
        /* Euler: F = w^m F(c-a, c-b; c; z), whose excess is -m */
        k->a = k->ca;
        k->ca = a;
        k->b = k->cb;
        k->cb = b;
        mh = -mh;
        ml = -ml;
    }
    if (!(mh <= 1e9)) /* the cast below would overflow */
        return 0;
    k->n = (long)floor(mh + 0.5);
    k->eps = (mh - (double)k->n) + ml;
    return k->ca > 0.0 && k->cb > 0.0 && (double)k->n <= 1e9;
}

/* The terms of its series grow like e^g, g = (a+n)(b+n) w / ((n+1)(1-|eps|)),
 * and cancel when g is large. */
static int conn_cancels(const conn_params *k, double w)
{
    const double nd = (double)k->n;
    return fabs((k->a + nd) * (k->b + nd)) * w > 16.0 * (nd + 1.0) * (1.0 - fabs(k->eps));
}

/* F(a, b; c; 1 - w), 0 < w <= 1/2, lw = log w, by the connection formula.
 * Unless forced, gives up (NaN, *cond = inf) when its terms would cancel. */
static double near_one_log(double a, double b, double c, double w, double lw, int forced, int *sign,
                           double *cond)
{
    conn_params k;
    *sign = 0;
    *cond = INFINITY;
    if (!conn_setup(a, b, c, &k) || (!forced && conn_cancels(&k, w)))
        return NAN;
    return connection_log(k.a, k.b, c, k.ca, k.cb, k.n, k.eps, w, lw, sign, forced ? NULL : cond) +
           (k.m < 0.0 ? k.m * lw : 0.0);
}

/* ---- dispatch ------------------------------------------------------------------- */

static int nonpos_int(double x) { return x <= 0.0 && x == floor(x); }

/* The series is short whatever z: its term ratio stays below 1/2 over the
 * first c/2 terms (then the terms are below 2^(-c/2)) and below 1 after. */
static int short_series(double a, double b, double c)
{
    return c >= 120.0 && fabs(a) + fabs(b) <= 0.25 * c && fabs(a * b) <= 0.5 * c;
}

/* 0 <= z < 1; w = 1 - z and lw = log(w) are passed (after Pfaff they are
 * known more exactly than from z). */
static double positive_z_log(double a, double b, double c, double z, double w, double lw, int *sign)
{
    const double a2 = c - a, b2 = c - b;
    double l, cond, mh, ml;
    if (z == 0.0 || a == 0.0 || b == 0.0) {
        *sign = 1;
        return 0.0;
    }
    /* a polynomial when a or b is 0, -1, -2, ...: the series ends (and
     * when c - a or c - b is, the twin's) */
    if (!nonpos_int(a) && !nonpos_int(b)) {
        if (short_series(a, b, c))
            return series_log(a, b, c, z, sign);
        if (short_series(a2, b2, c) || nonpos_int(a2) || nonpos_int(b2)) {
            /* Euler's twin, e.g. BG/NBD with many purchases */
            param_excess(a, b, c, &mh, &ml);
            return series_log(a2, b2, c, z, sign) + (mh + ml) * lw;
        }
        if (z > 0.9) {
            /* the series takes ~40/(1-z) terms or more: up to a few 1e5 */
            const int series_ok = w >= 1e-4;
            l = near_one_log(a, b, c, w, lw, !series_ok, sign, &cond);
            if (cond <= 32.0 || !series_ok)
                return l;
        }
        /* the twin with the smaller parameters, when its terms keep one sign */
        if (a2 >= 0.0 && b2 >= 0.0 && fabs(a2 * b2) < fabs(a * b)) {
            param_excess(a, b, c, &mh, &ml);
            return series_log(a2, b2, c, z, sign) + (mh + ml) * lw;
        }
    }
    return series_log(a, b, c, z, sign);
}

double csat__hyp2f1_log(double a, double b, double c, double z, int *sign)
{
    if (!(z < 1.0) || !isfinite(a) || !isfinite(b) || !isfinite(c) || nonpos_int(c)) {
        *sign = 0;
        return NAN;
    }
    if (z < 0.0) {
        /* Pfaff: F(a,b;c;z) = (1-z)^-a F(a, c-b; c; z/(z-1)), and 1 -
         * z/(z-1) = 1/(1-z); pivot on the parameter that leaves the smaller
         * series. */
        const double omz = 1.0 - z, l1p = log1p(-z);
        if (fabs(b) < fabs(a)) {
            double t = a;
            a = b;
            b = t;
        }
        return -a * l1p + positive_z_log(a, c - b, c, -z / omz, 1.0 / omz, -l1p, sign);
    }
    return positive_z_log(a, b, c, z, 1.0 - z, log1p(-z), sign);
}

double csat__hyp2f1(double a, double b, double c, double z)
{
    int s;
    double l = csat__hyp2f1_log(a, b, c, z, &s);
    return s * exp(l);
}

double csat__hyp2f1_1bc(double b, double c, double z)
{
    int s;
    double l;
    if (!(b > 0.0) || !(c > 0.0) || !(z >= 0.0) || !(z < 1.0) || !isfinite(b) || !isfinite(c))
        return NAN;
    if (b <= c) {
        /* the models' case: straight to the series where positive_z_log
         * would take it, without its logarithms */
        conn_params k;
        if (z <= 0.9 || (z <= 0.9999 && conn_setup(1.0, b, c, &k) && conn_cancels(&k, 1.0 - z)))
            return series_1bc(b, c, z);
    }
    l = positive_z_log(1.0, b, c, z, 1.0 - z, log1p(-z), &s);
    return s * exp(l);
}

double csat__hyp2f1_1bc_disc(double b, double c, double d)
{
    /* z = 1/(1 + d) rounds to 1 for d below 2^-53, and 1 - z computed from
     * it loses all digits of d long before that: pass w = d/(1 + d) and
     * log w from d itself to the connection formula that serves z near 1. */
    double z, w, lw, l;
    int s;
    if (!(b > 0.0) || !(c > 0.0) || !(d > 0.0) || !isfinite(b) || !isfinite(c) || !isfinite(d))
        return NAN;
    z = 1.0 / (1.0 + d);
    if (b <= c && z <= 0.9)
        return series_1bc(b, c, z);
    w = d / (1.0 + d);
    if (b < c) {
        /* where the connection formula's terms cancel (b d large: -5.7e37
         * at b = 1e9, c - b = 1, d = 1e-7) or its n is huge (no end at
         * b = c - b = 1e20), E[(1+d)/(d+theta)] over theta ~ Beta(c - b, b)
         * by beta_disc.c (issue 12); c - b is exact for c <= 2b */
        conn_params k;
        if (!conn_setup(1.0, b, c, &k) || conn_cancels(&k, w))
            return exp(csat__beta_disc_log(c - b, b, d));
    }
    lw = d < 1.0 ? log(d) - log1p(d) : -log1p(1.0 / d);
    l = positive_z_log(1.0, b, c, z < 1.0 ? z : 1.0, w, lw, &s);
    return s * exp(l);
}
