/*
 * BG/BB: the distribution of the number of purchases of a new customer over
 * n opportunities (FHS 2010, eq. 7), in time bounded independently of n.
 * The conditional form (given a history) is in btyd_bgbb.c.
 */
#include "btyd/btyd_internal.h"
#include "numerics/numerics.h"

#include <math.h>

/*
 * P(X(n) = k) of a new customer (FHS 2010, eq. 7):
 *   C(n,k) B(a+k, b+n-k)/B(a,b) B(g, d+n)/B(g,d)
 *     + sum_{i=k}^{n-1} C(i,k) B(a+k, b+i-k)/B(a,b) B(g+1, d+i)/B(g,d),
 * in bounded time: the sum's terms f(j), i = k + j, have the rational ratio
 * f(j+1)/f(j) = N(j)/D(j), N = (k+1+j)(b+j)(d+k+j), D = (1+j)(a+b+k+j)
 * (g+d+k+1+j), so that N - D = Q(j) is a quadratic (leading coefficient
 * -(1+a+g)): f rises where Q > 0 and falls elsewhere, with at most a spike
 * at j = 0 (b < 1), a dip and one peak. Each monotone run is summed from
 * its high end by the ratio recurrence (refreshed from log-gammas every
 * 256 terms) until the rest is below 1e-18 of the total, and where
 * |N/D - 1| <= 1e-2 over a stretch of more than 4096 terms (bounded by
 * max|Q| / min D there) the stretch is an integral plus Euler-Maclaurin end
 * corrections (csat__em_end), as in bb_tail (btyd_bgbb.c). The logs of the
 * terms are taken as log-gamma differences of the size of the parameters
 * times log(n), not of lgamma(n) (~1e7 at n = 1e6), so that they keep their
 * digits. Cost:
 * at most a few thousand terms plus the stretches walked where the terms
 * change by more than 1% a step (a few 1e5 at parameters near 1e6; ~5 ns
 * each); O(n) with ~6 log-gammas a term before (0.17 s at n = 1e6).
 */
typedef struct bb_pmf {
    double a, b, g, d, k;
    double q2, q1, q0; /* Q(j) = q2 j^2 + q1 j + q0 */
    double vref;       /* the log-term at the highest peak */
    int pair_k;        /* pmf_v's pairing of the log-gammas */
    int stepped;       /* parameters above 1e3: pmf_v as log f(j)/f(0) in log-beta steps */
} bb_pmf;

/* log Gamma(y) - log Gamma(x) for y = x + d, each argument formed from the
 * parameters (not y as x + d: b - 1 + 1 would lose a tiny b's digits) */
static double lg_sub(double y, double x, double d)
{
    return fmin(x, y) < 8.0 ? csat__lgamma(y) - csat__lgamma(x) : csat__lgamma_diff(x, d);
}

/* log of G(k+j+1) G(b+j) / (G(a+b+k+j) G(j+1)), paired so that the two
 * differences are small: by b - 1 and a + b - 1, or by k and a + k */
static double pmf_pv(const bb_pmf *c, double j)
{
    const double a = c->a, b = c->b, k = c->k;
    return c->pair_k ? lg_sub(k + j + 1.0, j + 1.0, k) + lg_sub(b + j, a + b + k + j, -(a + k))
                     : lg_sub(k + j + 1.0, a + b + k + j, 1.0 - a - b) + lg_sub(b + j, j + 1.0, b - 1.0);
}

/* log C(k+j, k), the log-gammas paired by the smaller of j and k */
static double lchoose(double k, double j)
{
    const double lo = fmin(j, k), hi = fmax(j, k);
    return lo == 0.0 ? 0.0 : csat__lgamma_diff(hi + 1.0, lo) - csat__lgamma(lo + 1.0);
}

/* log f(j) without its constant part (any real j >= 0). Stepped: log of
 * f(j)/f(0) = C(k+j, k) B(a+k, b+j)/B(a+k, b) B(g+1, d+k+j)/B(g+1, d+k),
 * each ratio a log-beta step (csat__lbeta_shift) whose rounding follows its
 * value, not the log-gammas of the parameters (~3e16 at 1e15, where the
 * plain form's P(X(n) = k) summed to 6 over k; found by fuzz_btyd). */
static double pmf_v(const bb_pmf *c, double j)
{
    if (c->stepped)
        return lchoose(c->k, j) + csat__lbeta_shift(c->a + c->k, c->b, j) +
               csat__lbeta_shift(c->g + 1.0, c->d + c->k, j);
    return pmf_pv(c, j) - lg_sub(c->g + c->d + c->k + j + 1.0, c->d + c->k + j, c->g + 1.0);
}

static double pmf_f(const bb_pmf *c, double j) { return exp(pmf_v(c, j) - c->vref); }

static double pmf_Q(const bb_pmf *c, double j) { return (c->q2 * j + c->q1) * j + c->q0; }

static double pmf_D(const bb_pmf *c, double j)
{
    return (1.0 + j) * (c->a + c->b + c->k + j) * (c->g + c->d + c->k + 1.0 + j);
}

/* f(j+1)/f(j) */
static double pmf_ratio(const bb_pmf *c, double j)
{
    return (c->k + 1.0 + j) * (c->b + j) * (c->d + c->k + j) / pmf_D(c, j);
}

/* An upper bound of |f(j+1)/f(j) - 1| over j in [lo, hi] (0 <= lo <= hi) */
static double pmf_rough(const bb_pmf *c, double lo, double hi)
{
    const double vx = -c->q1 / (2.0 * c->q2);
    double m = fmax(fabs(pmf_Q(c, lo)), fabs(pmf_Q(c, hi)));
    if (vx > lo && vx < hi)
        m = fmax(m, fabs(pmf_Q(c, vx)));
    return m / pmf_D(c, lo) * (1.0 + 1e-12);
}

/* max(1, |d log(f x)/d log x|) at x (panel widths of the integral) */
static double pmf_slope(const bb_pmf *c, double x)
{
    return fmax(1.0, fabs(1.0 + x * log(pmf_ratio(c, x - 0.5))));
}

/* sum_{j=u}^{v-1} f(j), u >= 64, from the end at `from` (u or v, the
 * larger terms) towards the other; the far end is left out once the terms
 * there are below 1e-18 of tot plus the integral so far. */
static double pmf_em(const bb_pmf *c, double u, double v, int from_u, double tot)
{
    const double s_from = log(from_u ? u : v), s_to = log(from_u ? v : u), dir = from_u ? 1.0 : -1.0;
    double q[7], acc = 0.0, far = 1.0, ends;
    for (int i = 0; i < 7; i++)
        q[i] = pmf_f(c, (from_u ? u : v) + i - 3);
    ends = dir * csat__em_end(q); /* + csat__em_end(u), or - csat__em_end(v) */
    for (double s0 = s_from; dir * (s_to - s0) > 0.0;) {
        double w = fmin(8.0, 6.0 / pmf_slope(c, exp(s0))), s1, cc, hw;
        w = fmin(w, 6.0 / pmf_slope(c, exp(dir > 0 ? fmin(s0 + w, s_to) : fmax(s0 - w, s_to))));
        s1 = dir > 0 ? fmin(s0 + w, s_to) : fmax(s0 - w, s_to);
        cc = 0.5 * (s0 + s1), hw = 0.5 * fabs(s1 - s0);
        for (int i = 0; i < 8; i++)
            for (int sg = -1; sg <= 1; sg += 2) {
                const double x = exp(cc + sg * hw * csat__gl16_x[i]);
                acc += csat__gl16_w[i] * hw * x * pmf_f(c, x);
            }
        if (s1 != s_to) {
            const double xe = exp(s1);
            if (pmf_f(c, xe) * fabs((from_u ? v : u) - xe) <= 1e-18 * (tot + acc)) {
                far = 0.0;
                break;
            }
        }
        s0 = s1;
    }
    if (far != 0.0) {
        for (int i = 0; i < 7; i++)
            q[i] = pmf_f(c, (from_u ? v : u) + i - 3);
        ends -= dir * csat__em_end(q);
    }
    return acc + ends;
}

/* sum of f(j) for j from `from` to `to` (inclusive, either direction),
 * f decreasing on the way; tot: the total so far (for the end test). */
static double pmf_walk(const bb_pmf *c, double from, double to, double tot)
{
    const double dir = to >= from ? 1.0 : -1.0;
    double s = 0.0, f = pmf_f(c, from), j = from;
    for (long step = 0;; step++) {
        const double left = fabs(to - j); /* terms after j */
        s += f;
        if (left < 1.0)
            break;
        if ((step & 7) == 0) {
            if (f * left <= 1e-18 * (tot + s))
                break;
            /* the longest smooth stretch ahead (terms j+1 .. j+L), halving
             * down to 4096 terms; then on from the term after it */
            int jumped = 0;
            for (double L = left; L > 4096.0 && fmin(j, j + dir * L) >= 64.0; L = floor(L / 2.0)) {
                const double lo = dir > 0 ? j + 1.0 : j - L, hi = dir > 0 ? j + L : j - 1.0;
                if (pmf_rough(c, lo, hi) <= 1e-2) {
                    s += pmf_em(c, lo, hi + 1.0, dir > 0, tot + s);
                    j += dir * L;
                    jumped = 1;
                    break;
                }
            }
            if (jumped) {
                if (fabs(to - j) < 1.0)
                    break;
                j += dir;
                f = pmf_f(c, j);
                continue;
            }
        }
        if ((step & 255) == 255) {
            j += dir;
            f = pmf_f(c, j);
        } else {
            f *= dir > 0 ? pmf_ratio(c, j) : 1.0 / pmf_ratio(c, j - 1.0);
            j += dir;
        }
    }
    return s;
}

double csat__bgbb_prob_new(const double *p, double n, double k)
{
    const double a = p[0], b = p[1], g = p[2], d = p[3], M = n - k;
    bb_pmf c = {a, b, g, d, k, 0, 0, 0, 0, 0, 0};
    double alive, v = 0.0, c0;
    if (k > n)
        return 0.0;
    c.pair_k = 2.0 * k + a < fabs(a + b - 1.0) + fabs(b - 1.0);
    c.stepped = fmax(fmax(a, b), fmax(g, d)) > 1e3;
    if (c.stepped) {
        /* log f(0) = log B(a+k, b)/B(a, b) B(g+1, d+k)/B(g, d), with
         * B(g+1, d)/B(g, d) = g/(g+d); the alive term as C(n, k)
         * B(a+k, b)/B(a, b) B(a+k, b+n-k)/B(a+k, b) B(g, d+n)/B(g, d) */
        const double lak = csat__lbeta_shift(b, a, k);
        c0 = lak - log1p(d / g) + csat__lbeta_shift(g + 1.0, d, k);
        alive = exp(lak + lchoose(k, M) + csat__lbeta_shift(a + k, b, M) + csat__lbeta_shift(g, d, n));
    } else {
        /* log C(i,k) B(a+k, b+i-k)/B(a,b) = c_bb + lgamma_diff(a+b+i, 1-a-b) + lgamma_diff(i-k+1, b-1) */
        const double c_bb = lg_sub(a + k, k + 1.0, a - 1.0) - csat__lbeta(a, b);
        const double lgd = lg_sub(g + d, d, g); /* log G(g+d)/G(d) */
        /* the alive term, C(n,k) B(a+k, b+n-k)/B(a,b) B(g, d+n)/B(g,d), with
         * B(g, d+n)/B(g,d) = G(d+n) G(g+d)/(G(g+d+n) G(d)) */
        c0 = c_bb + log(g) + lgd;
        alive = exp(c_bb + pmf_pv(&c, M) + lgd - lg_sub(g + d + n, d + n, g));
    }
    if (M >= 1.0) {
        double jlo = -1.0, jhi = -1.0, disc, runs[2][3], s = 0.0;
        int nr = 0;
        c.q2 = -(1.0 + a + g);
        c.q1 = k * (b - a - g - 2.0) - a * d - a * g - 2.0 * a - b * g - b - g - 1.0;
        c.q0 = k * k * (b - 1.0) + k * (b * d - a - d - g - 1.0) - a * d - a * g - a - b * g - b;
        disc = c.q1 * c.q1 - 4.0 * c.q2 * c.q0;
        if (disc > 0.0) { /* the roots, without cancellation */
            const double qq = -0.5 * (c.q1 + (c.q1 >= 0 ? sqrt(disc) : -sqrt(disc)));
            const double r1 = qq / c.q2, r2 = qq != 0.0 ? c.q0 / qq : r1;
            jlo = fmin(r1, r2), jhi = fmax(r1, r2);
        }
        /* runs {peak, left end, right end}: f rises on (jlo, jhi) */
        if (!(jhi > 0.0)) {
            runs[nr][0] = 0.0, runs[nr][1] = 0.0, runs[nr][2] = M - 1.0, nr++;
        } else {
            const double pk = fmin(M - 1.0, ceil(jhi));
            double lo = 0.0;
            if (jlo > 0.0) {
                lo = fmin(M - 1.0, ceil(jlo));
                if (lo >= 1.0)
                    runs[nr][0] = 0.0, runs[nr][1] = 0.0, runs[nr][2] = lo - 1.0, nr++;
            }
            runs[nr][0] = pk, runs[nr][1] = lo, runs[nr][2] = M - 1.0, nr++;
        }
        c.vref = pmf_v(&c, runs[0][0]);
        if (nr == 2)
            c.vref = fmax(c.vref, pmf_v(&c, runs[1][0]));
        for (int i = nr - 1; i >= 0; i--) { /* the main peak first */
            if (runs[i][0] < runs[i][2])
                s += pmf_walk(&c, runs[i][0] + 1.0, runs[i][2], s + 1e-300);
            s += pmf_walk(&c, runs[i][0], runs[i][1], s + 1e-300);
        }
        v = exp(c0 + c.vref + log(s));
    }
    v += alive;
    return v > 1.0 ? 1.0 : v;
}
