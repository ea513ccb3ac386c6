/*
 * BG/NBD (Fader, Hardie & Lee 2005, Marketing Science 24(2)) and MBG/NBD
 * (Batislam, Denizel & Filiztekin 2007, IJRM 24(3)): log-likelihood with
 * analytic gradient and the per-customer predictions.
 *
 * Both likelihoods have the form
 *   L = [G(r+x)/G(r)] alpha^r B(a, b+x+m)/B(a, b)
 *       * [ (alpha+T)^-(r+x) + d * a/(b+x-1+m) * (alpha+t_x)^-(r+x) ]
 * with m = 0, d = [x > 0] for BG/NBD and m = 1, d = 1 for MBG/NBD (which
 * lets a customer drop out right after the first purchase).
 */
#include "btyd_internal.h"
#include "numerics.h"

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

double csat__bgnbd_p_alive(const double *p, double x, double tx, double T, int modified)
{
    const double r = p[0], al = p[1], a = p[2], b = p[3];
    double lratio;
    if (x == 0 && !modified)
        return 1.0;
    /* 1 / (1 + a/(b+x-1+m) ((alpha+T)/(alpha+t_x))^(r+x)) */
    lratio = log(a / (b + x - 1 + (modified ? 1 : 0))) +
             (r + x) * log1p((T - tx) / (al + tx));
    return lratio > 0 ? exp(-lratio) / (1.0 + exp(-lratio)) : 1.0 / (1.0 + exp(lratio));
}

/* log1p(u) for u >= 0 through log, which is cheaper, with the rounding
 * error of 1 + u corrected to first order (y - 1 is exact for y < 2, and
 * above 2 its error is negligible next to log y): ~1 ulp, no branch. */
static double log1p_pos(double u)
{
    const double y = 1.0 + u;
    return log(y) - ((y - 1.0) - u) / y;
}

/* Customers are taken in chunks: the ones that need the formula are listed
 * first, so the loop that calls log and exp has no unpredictable branch. */
#define CHUNK 128

typedef struct pa_consts {
    double r, al, a, b, mm;
    int modified;
    double lk[XCACHE]; /* log(a / (b + x - 1 + m)) for the common small x */
} pa_consts;

static void pa_consts_init(pa_consts *k, const double *p, int modified)
{
    k->r = p[0];
    k->al = p[1];
    k->a = p[2];
    k->b = p[3];
    k->mm = modified ? 1.0 : 0.0;
    k->modified = modified;
    for (int x = 0; x < XCACHE; x++)
        k->lk[x] = (x > 0 || modified) ? log(k->a / (k->b + x - 1 + k->mm)) : 0.0;
}

/* P(alive) of m <= CHUNK customers */
static void p_alive_chunk(const pa_consts *k, const double *x, const double *tx, const double *T,
                          size_t m, double *out)
{
    int idx[CHUNK];
    double u[CHUNK];
    size_t nk = 0;
    for (size_t j = 0; j < m; j++) {
        idx[nk] = (int)j;
        nk += (x[j] != 0) | k->modified;
        out[j] = 1.0;
    }
    /* in stages, so that the calls of one stage overlap */
    for (size_t q = 0; q < nk; q++) {
        const int j = idx[q];
        u[q] = (T[j] - tx[j]) / (k->al + tx[j]);
    }
    for (size_t q = 0; q < nk; q++)
        u[q] = log1p_pos(u[q]);
    for (size_t q = 0; q < nk; q++) {
        const double xi = x[idx[q]];
        u[q] = (xi < XCACHE ? k->lk[(int)xi] : log(k->a / (k->b + xi - 1 + k->mm))) + (k->r + xi) * u[q];
    }
    for (size_t q = 0; q < nk; q++) {
        const double l = u[q], e = exp(-fabs(l));
        out[idx[q]] = (l > 0 ? e : 1.0) / (1.0 + e);
    }
}

void csat__bgnbd_p_alive_many(const double *p, const double *x, const double *tx, const double *T,
                              size_t n, double *out, int modified)
{
    pa_consts k;
    pa_consts_init(&k, p, modified);
    for (size_t i = 0; i < n; i += CHUNK)
        p_alive_chunk(&k, x + i, tx + i, T + i, n - i < CHUNK ? n - i : CHUNK, out + i);
}

/* log of [1 - (1-z)^(a-1)] / (a-1) with L = log(1-z) < 0; it is > 0 and -> -L at a = 1. */
static double log_e1(double a, double L)
{
    double y = (a - 1.0) * L;
    if (y == 0.0)
        return log(-L);
    if (fabs(y) < 0.5)
        return log(-expm1(y) / (a - 1.0));
    if (y > 0) /* a < 1: ((1-z)^(a-1) - 1)/(1-a) */
        return y + csat__log1mexp(y) - log(1.0 - a);
    return csat__log1mexp(-y) - log(a - 1.0);
}

/* S = sum_{k>=1} (c-r)_k (a)_(k-1) / ((a+b)_(k-1) k!) z^k.
 * The term is kept as a fraction P/Q so the loop-carried dependency is two
 * multiplications, not a division (this series runs once per customer
 * prediction). *ok = 0 if it did not converge or left the double range. */
static double s_series(double r, double a, double b, double z, int *ok)
{
    const double c = a + b - 1.0, cr = c - r;
    double P = cr * z, Q = 1.0, s = P;
    *ok = 1;
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
                break;
        }
        if (!(fabs(s) < 1e250) || k == 2000000L - 1) {
            *ok = 0;
            break;
        }
    }
    return s;
}

/* (c/(a-1)) [1 - (1-z)^r F(r,b;c;z)] through the general 2F1 (z near 1). */
static double bg_expect_hyp(double r, double a, double b, double z, double L)
{
    const double c = a + b - 1.0;
    int s;
    double lf = csat__hyp2f1_log(r, b, c, z, &s) + r * L, lv, v;
    /* 1 - s e^lf, then / (a-1) * c */
    int sv;
    lv = csat__log_add_signed(0.0, 1, lf, -s, &sv);
    v = sv * exp(lv + log(fabs(c)) - log(fabs(a - 1.0)));
    if ((c < 0) != (a < 1.0))
        v = -v;
    return v;
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
     * terms alternate and grow (large r = r + x): then the direct form,
     * whose subtraction is harmless there, is better. */
    if (z <= 0.9999 && c - r >= -1.0) { /* at most a few 1e5 terms */
        int ok, sg;
        double S = s_series(r, a, b, z, &ok);
        if (ok) {
            /* c*E1 - (1-z)^(a-1) S, in plain doubles when they stay finite */
            double y = (a - 1.0) * L, w = exp(y), A, B, lg;
            double e1 = y == 0.0 ? -L : (fabs(y) < 0.5 ? -expm1(y) / (a - 1.0) : (1.0 - w) / (a - 1.0));
            A = c * e1;
            B = w * S;
            if (isfinite(A) && isfinite(B) && A != 0.0 && B != 0.0) {
                double g = A - B;
                return g > 0 ? g : 0.0;
            }
            lg = csat__log_add_signed((c == 0.0 ? -INFINITY : log(fabs(c))) + log_e1(a, L),
                                      c > 0 ? 1 : -1, y + (S == 0.0 ? -INFINITY : log(fabs(S))),
                                      S > 0 ? -1 : 1, &sg);
            return sg > 0 ? exp(lg) : 0.0;
        }
    }
    if (fabs(a - 1.0) < 1e-6) {
        /* removable singularity of the closed form: average a +- h */
        const double h = 2e-6;
        return 0.5 * (bg_expect_hyp(r, 1.0 + h, b, z, L) + bg_expect_hyp(r, 1.0 - h, b, z, L));
    }
    {
        double v = bg_expect_hyp(r, a, b, z, L);
        return v > 0 ? v : 0.0;
    }
}

double csat__bgnbd_expected_new(const double *p, double t, int modified)
{
    return csat__btyd_bg_expect(p[0], p[1], p[2], p[3] + (modified ? 1.0 : 0.0), t);
}

double csat__bgnbd_expected_cond(const double *p, double t, double x, double tx, double T,
                                 int modified)
{
    double pa = csat__bgnbd_p_alive(p, x, tx, T, modified);
    return pa * csat__btyd_bg_expect(p[0] + x, p[1] + T, p[2], p[3] + x + (modified ? 1.0 : 0.0), t);
}

/* ---- many customers at once ------------------------------------------------
 *
 * For a customer with frequency x the S series of csat__btyd_bg_expect has
 * the coefficients of (r+x, a, b+x+m): they depend on x only, z = t/(alpha+
 * T+t) carries the customer. So the coefficients are built once per x (lazily,
 * as far as the largest z needs) and each customer sums them in blocks of 8
 * by Estrin's scheme: no division and a short dependency chain per block,
 * instead of a division and a two-multiplication chain per term. The sum
 * stops by the rule of s_series, checked once per block. Only for positive
 * coefficients (c - r > 0), where the reordering cannot lose accuracy;
 * everything else takes the per-customer path. */
#define XFAST 64   /* frequencies with shared coefficients */
#define KFAST 320  /* coefficients kept per frequency, a multiple of 8 */
#define ZFAST 0.85 /* larger z: too many terms, per-customer path */

/* Customers whose z falls in the same cell of width 1/ZCELLS share a Taylor
 * expansion of S around the cell's centre z0, once ZHOT of them have come
 * along (it costs a few hundred series terms to build): S(z0 + h) =
 * sum_j e_j h^j, e_j = S^(j)(z0)/j!, |h| <= 1/(2 ZCELLS), converges like
 * (|h|/(1-z0))^j: ~12 terms at z = 0.5 instead of ~56. The e_j are sums of
 * positive terms; a cell is used only if its expansion converges within
 * JMAX terms and S(z0+|h|)/S(z0-|h|) <= 2 (the most the alternating sum can
 * lose to cancellation), else its customers keep the plain series. */
#define ZCELLS 32
#define ZGRID 28 /* cells up to ZFAST */
#define JMAX 24  /* a multiple of 4 */
#define ZHOT 16

struct csat__bgnbd_ws {
    int hot[XFAST][ZGRID]; /* uses so far; ZHOT + terms when built, -1: not usable */
    double e[XFAST][ZGRID][JMAX];
    int filled[XFAST]; /* coefficients built so far; -1: left the safe range */
    double d[XFAST][KFAST + 1];
    double q[XFAST][KFAST / 8]; /* d[8j+8] / d[8j+7]: the ratio after block j, over z */
};

size_t csat__bgnbd_ws_bytes(void) { return sizeof(csat__bgnbd_ws); }

/* d[k] = coefficient of z^(k+1) in S, k < upto. 0 if it leaves [1e-250, 1e250]. */
static int ws_extend(csat__bgnbd_ws *ws, int ix, double cr, double a, double bx, int upto)
{
    double *d = ws->d[ix];
    int k = ws->filled[ix];
    if (k < 0)
        return 0;
    if (k == 0)
        d[k++] = cr;
    for (; k < upto; k++) {
        d[k] = d[k - 1] * ((cr + k) * (a + k - 1.0)) / ((a + bx + k - 1.0) * (k + 1.0));
        if (!(d[k] < 1e250 && d[k] > 1e-250)) {
            ws->filled[ix] = -1;
            return 0;
        }
    }
    ws->filled[ix] = k;
    for (int j = 0; 8 * j + 8 < k; j++)
        ws->q[ix][j] = d[8 * j + 8] / d[8 * j + 7];
    return 1;
}

/* x^2 as hi + lo, hi = fl(x^2), for x = xh + xl (Dekker; no FMA needed) */
static void dd_square(double xh, double xl, double *hi, double *lo)
{
    const double t = 134217729.0 * xh, ah = t - (t - xh), al = xh - ah;
    const double p = xh * xh, e = ((ah * ah - p) + 2.0 * ah * al) + al * al + 2.0 * xh * xl;
    *hi = p + e;
    *lo = e - (*hi - p);
}

static double s_fast(csat__bgnbd_ws *ws, int ix, double cr, double a, double bx, double z, int *ok)
{
    const double z2 = z * z, z4 = z2 * z2, z7 = z4 * z2 * z;
    const double *d = ws->d[ix];
    double zp = z, s = 0.0, h2, l2, h4, l4, z8, z8l;
    /* z^8 to ~1e-32: a rounded z^8 would put the same error into every
     * block's power, growing with the block number instead of averaging out */
    dd_square(z, 0.0, &h2, &l2);
    dd_square(h2, l2, &h4, &l4);
    dd_square(h4, l4, &z8, &z8l);
    *ok = 0;
    for (int k = 0; k < KFAST; k += 8) {
        double blk, last, ratio;
        if (ws->filled[ix] < k + 9 && !ws_extend(ws, ix, cr, a, bx, k + 9))
            return 0.0;
        blk = (d[k] + d[k + 1] * z) + (d[k + 2] + d[k + 3] * z) * z2 +
              ((d[k + 4] + d[k + 5] * z) + (d[k + 6] + d[k + 7] * z) * z2) * z4;
        s += zp * blk;
        last = d[k + 7] * zp * z7;
        if (last <= 1e-17 * s) {
            ratio = ws->q[ix][k / 8] * z;
            if (ratio < 0.5 || (ratio < 1.0 && last * ratio / (1.0 - ratio) <= 1e-17 * s)) {
                *ok = s < 1e250;
                return s;
            }
        }
        zp = zp * z8 + zp * z8l;
    }
    return s;
}

/* Build the expansion of cell g for frequency ix; 0 if it is not usable. */
static int cell_build(csat__bgnbd_ws *ws, int ix, int g, double cr, double a, double bx)
{
    const double z0 = (g + 0.5) / ZCELLS, hh = 0.5 / ZCELLS;
    double *e = ws->e[ix][g], inv[JMAX], et[JMAX], tk = z0, pp = 0, pm = 0, tp, tm;
    int k, j, J;
    for (j = 0; j < JMAX; j++) {
        e[j] = 0.0;
        inv[j] = 1.0 / ((j + 1) * z0);
    }
    /* e_j = sum_k c_k C(k, j) z0^(k-j) with c_k = d[k-1], tk = c_k z0^k */
    for (k = 1; k <= KFAST; k++) {
        double bj = 1.0, last = 0.0;
        if (ws->filled[ix] < k + 1 && !ws_extend(ws, ix, cr, a, bx, k + 1))
            return 0;
        tk = (k == 1 ? ws->d[ix][0] * z0 : tk * (ws->d[ix][k - 1] / ws->d[ix][k - 2]) * z0);
        for (j = 0; j <= k && j < JMAX; j++) {
            last = tk * bj;
            e[j] += last;
            bj *= (k - j) * inv[j];
        }
        if (k >= JMAX && last <= 1e-18 * e[JMAX - 1]) {
            /* next contribution to e_(JMAX-1) over this one */
            double rho = ws->d[ix][k] / ws->d[ix][k - 1] * z0 * (k + 1.0) / (k + 2.0 - JMAX);
            if (rho < 1.0 && last * rho / (1.0 - rho) <= 1e-18 * e[JMAX - 1])
                break;
        }
    }
    if (k > KFAST)
        return 0;
    /* S(z0 +- hh) and the number of terms that reaches 1e-17 of the smaller */
    tp = tm = 1.0;
    for (j = 0; j < JMAX; j++) {
        et[j] = e[j] * tp; /* e_j hh^j */
        pp += et[j];
        pm += e[j] * tm;
        tp *= hh;
        tm *= -hh;
    }
    if (!(pm > 0 && pp <= 2.0 * pm) || !(e[JMAX - 1] * hh <= 0.5 * e[JMAX - 2]))
        return 0;
    for (J = JMAX, tp = 0.0; J > 4; J -= 4) {
        for (j = J - 1; j >= J - 4; j--)
            tp += et[j];
        if (tp > 1e-17 * pm)
            break;
    }
    return J;
}

/* S(z) through the expansion of z's cell, or the plain series; *ok = 0 if
 * neither applies. */
static double s_cell(csat__bgnbd_ws *ws, int ix, double cr, double a, double bx, double z, int *ok)
{
    const int g = (int)(z * ZCELLS);
    int *hot = &ws->hot[ix][g];
    if (*hot > ZHOT) {
        const double *e = ws->e[ix][g], h = z - (g + 0.5) / ZCELLS, h2 = h * h, h4 = h2 * h2;
        double acc = 0.0;
        for (int j = *hot - ZHOT - 4; j >= 0; j -= 4)
            acc = acc * h4 + ((e[j] + e[j + 1] * h) + (e[j + 2] + e[j + 3] * h) * h2);
        *ok = 1;
        return acc;
    }
    if (*hot == ZHOT) {
        int J = cell_build(ws, ix, g, cr, a, bx);
        *hot = J > 0 ? ZHOT + J : -1;
        if (J > 0)
            return s_cell(ws, ix, cr, a, bx, z, ok);
    } else if (*hot >= 0) {
        ++*hot;
    }
    return s_fast(ws, ix, cr, a, bx, z, ok);
}

void csat__bgnbd_expected_many(const double *p, double t, const double *x, const double *tx,
                               const double *T, size_t n, double *out, int modified,
                               csat__bgnbd_ws *ws)
{
    const double r = p[0], al = p[1], a = p[2], b = p[3], mm = modified ? 1.0 : 0.0;
    const double cr = a + b + mm - 1.0 - r; /* c - r of every customer's series */
    const double am1 = a - 1.0, ram1 = am1 != 0.0 ? 1.0 / am1 : 0.0; /* unused at a = 1 (y = 0) */
    pa_consts k;
    if (!ws || !(cr > 0.0) || !(t > 0.0)) {
        for (size_t i = 0; i < n; i++)
            out[i] = csat__bgnbd_expected_cond(p, t, x[i], tx[i], T[i], modified);
        return;
    }
    pa_consts_init(&k, p, modified);
    for (int ix = 0; ix < XFAST; ix++) {
        ws->filled[ix] = 0;
        for (int g = 0; g < ZGRID; g++)
            ws->hot[ix][g] = 0;
    }
    for (size_t i0 = 0; i0 < n; i0 += CHUNK) {
        const size_t m = n - i0 < CHUNK ? n - i0 : CHUNK;
        const double *xc = x + i0, *txc = tx + i0, *Tc = T + i0;
        double *o = out + i0, z[CHUNK], w[CHUNK], e1[CHUNK], pa[CHUNK];
        /* z, (1-z)^(a-1) and the E1 of csat__btyd_bg_expect, in tight loops */
        for (size_t j = 0; j < m; j++) {
            /* z rounded as in csat__btyd_bg_expect: S can be steep in z */
            const double alT = al + Tc[j];
            z[j] = t / (alT + t);
            e1[j] = -log1p_pos(t / alT); /* L = log(1 - z) for now */
        }
        for (size_t j = 0; j < m; j++) {
            const double L = e1[j], y = am1 * L;
            if (y == 0.0) {
                w[j] = 1.0;
                e1[j] = -L;
            } else if (fabs(y) < 0.5) {
                const double em = expm1(y);
                w[j] = 1.0 + em;
                e1[j] = -em * ram1;
            } else {
                w[j] = exp(y);
                e1[j] = (1.0 - w[j]) * ram1;
            }
        }
        p_alive_chunk(&k, xc, txc, Tc, m, pa);
        for (size_t j = 0; j < m; j++) {
            const double xi = xc[j], bx = b + xi + mm;
            double S, A, B, g;
            int ok = 0;
            if (xi < XFAST && z[j] <= ZFAST)
                S = s_cell(ws, (int)xi, cr, a, bx, z[j], &ok);
            if (!ok) {
                o[j] = csat__bgnbd_expected_cond(p, t, xi, txc[j], Tc[j], modified);
                continue;
            }
            A = (a + bx - 1.0) * e1[j];
            B = w[j] * S;
            if (!(isfinite(A) && isfinite(B) && A != 0.0 && B != 0.0))
                g = csat__btyd_bg_expect(r + xi, al + Tc[j], a, bx, t);
            else
                g = A - B > 0 ? A - B : 0.0;
            o[j] = pa[j] * g;
        }
    }
}

/* P(N >= m) for N negative binomial with pmf G(r+j)/(G(r) j!) (1-z)^r z^j. */
static double nb_tail(double r, double z, double lz, double l1mz, double m)
{
    double head = 0.0, lt;
    if (m <= 0)
        return 1.0;
    lt = r * l1mz; /* log pmf(0) */
    for (double j = 0; j < m; j++) {
        head += exp(lt);
        lt += log((r + j) / (j + 1.0)) + lz;
    }
    if (head < 0.5)
        return 1.0 - head;
    {
        /* sum the tail from j = m directly (lt is log pmf(m) now) */
        double s = 0.0, term;
        for (double j = m; j < m + 1e7; j++) {
            term = exp(lt);
            s += term;
            if (term <= 1e-17 * s && (r + j) * z / (j + 1.0) < 1.0)
                break;
            lt += log((r + j) / (j + 1.0)) + lz;
        }
        return s;
    }
}

double csat__bgnbd_prob_new(const double *p, double t, double k, int modified)
{
    const double r = p[0], al = p[1], a = p[2], b = p[3], mm = modified ? 1.0 : 0.0;
    double z, lz, l1mz, lnb, lbab = csat__lbeta(a, b), v;
    if (!(t > 0.0)) /* nothing can happen in no time */
        return k == 0 ? 1.0 : 0.0;
    z = t / (al + t);
    lz = log(z);
    l1mz = -log1p(t / al);
    lnb = csat__lgamma_diff(r, k) - csat__lgamma(k + 1.0) + r * l1mz + k * lz;
    v = exp(csat__lbeta(a, b + k + mm) - lbab + lnb);
    if (k > 0 || modified)
        v += exp(csat__lbeta(a + 1.0, b + k - 1.0 + mm) - lbab) * nb_tail(r, z, lz, l1mz, k + mm);
    return v > 1.0 ? 1.0 : v;
}
