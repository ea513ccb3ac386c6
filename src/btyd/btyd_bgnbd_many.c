/*
 * BG/NBD and MBG/NBD predictions for many customers at once: the
 * per-frequency constants and series coefficients are built once per call
 * and the customers are taken in chunks, so the libm calls of a chunk run
 * in tight loops. Results agree with the per-customer kernels of
 * btyd_bgnbd.c to rounding (see the tests).
 */
#include "btyd/btyd_bgnbd_long.h"
#include "btyd/btyd_internal.h"
#include "numerics/numerics.h"

#include <math.h>
#include <string.h>

#define XCACHE 64 /* frequencies with tabulated P(alive) constants */

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
        k->lk[x] = (x > 0 || modified) ? log(k->a / (k->b + (x - 1 + k->mm))) : 0.0;
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
        u[q] = (xi < XCACHE ? k->lk[(int)xi] : log(k->a / (k->b + (xi - 1 + k->mm)))) + (k->r + xi) * u[q];
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

/* ---- many customers at once ------------------------------------------------
 *
 * For a customer with frequency x the S series of csat__btyd_bg_expect has
 * the coefficients of (r+x, a, b+x+m): they depend on x only, z = t/(alpha+
 * T+t) carries the customer. So the coefficients are built once per x and
 * call, before any customer (csat__bgnbd_expected_prepare: the blocks of
 * customers on threads then share them read-only), and each customer sums them in blocks of 8
 * by Estrin's scheme: no division and a short dependency chain per block,
 * instead of a division and a two-multiplication chain per term. The sum
 * stops by the rule of s_series, checked once per block. Only for positive
 * coefficients (c - r > 0), where the reordering cannot lose accuracy;
 * everything else takes the per-customer path. */
#define XFAST 64   /* frequencies with shared coefficients */
#define KFAST 320  /* coefficients kept per frequency, a multiple of 8 */
#define ZFAST 0.85 /* larger z: too many terms, per-customer path */

/* Customers whose z falls in the same cell of width 1/ZCELLS share a Taylor
 * expansion of S around the cell's centre z0 when the call has more than
 * ZHOT of them (it costs a few hundred series terms to build): S(z0 + h) =
 * sum_j e_j h^j, e_j = S^(j)(z0)/j!, |h| <= 1/(2 ZCELLS), converges like
 * (|h|/(1-z0))^j: ~12 terms at z = 0.5 instead of ~56. The e_j are sums of
 * positive terms; a cell is used only if its expansion converges within
 * JMAX terms and S(z0+|h|)/S(z0-|h|) <= 2 (the most the alternating sum can
 * lose to cancellation), else its customers keep the plain series. */
#define ZCELLS 32
#define ZGRID 28 /* cells up to ZFAST */
#define JMAX 24  /* a multiple of 4 */
#define ZHOT 16

#if XFAST > CSAT__BGL_XLONG || ZHOT >= 255
#  error "the tables are built per frequency below CSAT__BGL_XLONG; cells count in bytes"
#endif

/* What the customers of one call have, tallied before the tables are built,
 * one tally per worker of that run (counts that stop at ZHOT + 1, and
 * flags: the same totals in any order, hence at every thread count). */
typedef struct bg_tally {
    unsigned char cells[XFAST][ZGRID];                 /* customers per cell (z <= ZFAST), up to ZHOT + 1 */
    unsigned char fast[XFAST];                         /* some customer with z <= ZFAST */
    unsigned char bands[CSAT__BGL_XLONG][CSAT__BGL_NB]; /* the long path's bands */
} bg_tally;

/* The tables of one call: built by csat__bgnbd_expected_prepare, then only
 * read (by every block of customers, on any thread). */
struct csat__bgnbd_ws {
    double p[4], t, cr; /* cr: c - r of every customer's series */
    int modified, on; /* on: the shared tables apply (c - r > 0, t > 0) */
    pa_consts k;
    int cell[XFAST][ZGRID]; /* terms of the cell's expansion; 0: none, the plain series */
    double e[XFAST][ZGRID][JMAX];
    int lim[XFAST]; /* d[ix][0 .. lim) are in [1e-250, 1e250]; 0: not built */
    double d[XFAST][KFAST + 1];
    double q[XFAST][KFAST / 8]; /* d[8j+8] / d[8j+7]: the ratio after block j, over z */
    csat__bgl_ws lng;           /* z > ZFAST: btyd_bgnbd_long.c */
    bg_tally tally[];           /* [0]: the totals; one per worker of the tally run */
};

/* The tally runs on the threads from TALLY_PAR blocks of customers on
 * (below, its ~3 ns per customer cost less than starting them). */
#define TALLY_PAR 8
static const csat__par *tally_par(const csat__par *par, size_t n)
{
    return csat__n_blocks(n, CSAT__BLOCK_ROWS) >= TALLY_PAR ? par : NULL;
}

size_t csat__bgnbd_ws_workers(const csat__par *par, size_t n)
{
    return csat__par_workers(tally_par(par, n), csat__n_blocks(n, CSAT__BLOCK_ROWS));
}

size_t csat__bgnbd_ws_bytes(size_t workers)
{
    return sizeof(csat__bgnbd_ws) + (workers > 0 ? workers : 1) * sizeof(bg_tally);
}

/* d[k] = coefficient of z^(k+1) in S for k <= KFAST, as far as they stay in
 * [1e-250, 1e250] (lim), and the ratios q. */
static void coeffs(csat__bgnbd_ws *ws, int ix, double cr, double a, double bx)
{
    double *d = ws->d[ix];
    int k;
    d[0] = cr;
    for (k = 1; k <= KFAST; k++) {
        d[k] = d[k - 1] * ((cr + k) * (a + k - 1.0)) / ((a + bx + k - 1.0) * (k + 1.0));
        if (!(d[k] < 1e250 && d[k] > 1e-250))
            break;
    }
    ws->lim[ix] = k;
    for (int j = 0; 8 * j + 8 < k; j++)
        ws->q[ix][j] = d[8 * j + 8] / d[8 * j + 7];
}

/* x^2 as hi + lo, hi = fl(x^2), for x = xh + xl (Dekker; no FMA needed) */
static void dd_square(double xh, double xl, double *hi, double *lo)
{
    const double t = 134217729.0 * xh, ah = t - (t - xh), al = xh - ah;
    const double p = xh * xh, e = ((ah * ah - p) + 2.0 * ah * al) + al * al + 2.0 * xh * xl;
    *hi = p + e;
    *lo = e - (*hi - p);
}

static double s_fast(const csat__bgnbd_ws *ws, int ix, double z, int *ok)
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
        if (ws->lim[ix] < k + 9)
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
static int cell_build(csat__bgnbd_ws *ws, int ix, int g)
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
        if (ws->lim[ix] < k + 1)
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
static double s_cell(const csat__bgnbd_ws *ws, int ix, double z, int *ok)
{
    const int g = (int)(z * ZCELLS), J = ws->cell[ix][g];
    if (J > 0) {
        const double *e = ws->e[ix][g], h = z - (g + 0.5) / ZCELLS, h2 = h * h, h4 = h2 * h2;
        double acc = 0.0;
        for (int j = J - 4; j >= 0; j -= 4)
            acc = acc * h4 + ((e[j] + e[j + 1] * h) + (e[j + 2] + e[j + 3] * h) * h2);
        *ok = 1;
        return acc;
    }
    return s_fast(ws, ix, z, ok);
}

/* ---- the tables of one call ----------------------------------------------- */

typedef struct tally_run {
    csat__bgnbd_ws *ws;
    const double *x, *T;
    size_t n;
} tally_run;

/* Customers [b BLOCK_ROWS, ...) into the worker's tally. z and w = 1 - z
 * are rounded as in csat__bgnbd_expected_range, which then finds the same
 * cells and bands. */
static void tally_block(void *vctx, size_t worker, size_t b)
{
    const tally_run *c = vctx;
    csat__bgnbd_ws *ws = c->ws;
    bg_tally *tl = &ws->tally[worker];
    const double al = ws->p[1], t = ws->t;
    const size_t lo = b * CSAT__BLOCK_ROWS, hi = c->n - lo < CSAT__BLOCK_ROWS ? c->n : lo + CSAT__BLOCK_ROWS;
    /* (a full cell is only read: no chain of stores and loads through it;
     * w <= WLONG needs z > 0.65) */
    for (size_t i = lo; i < hi; i++) {
        const double xi = c->x[i], alT = al + c->T[i], z = t / (alT + t);
        if (xi < XFAST && z <= ZFAST) {
            unsigned char *cn = &tl->cells[(int)xi][(int)(z * ZCELLS)];
            if (*cn <= ZHOT) {
                ++*cn;
                tl->fast[(int)xi] = 1;
            }
        }
        if (z > 0.65 && xi < CSAT__BGL_XLONG) {
            const int j = csat__bgl_band(&ws->lng, alT / (alT + t));
            if (j >= 0)
                tl->bands[(int)xi][j] = 1;
        }
    }
}

typedef struct build_run {
    csat__bgnbd_ws *ws;
    int ix[CSAT__BGL_XLONG]; /* the frequencies with work */
} build_run;

/* One frequency's tables: its coefficients and the cells with more than
 * ZHOT customers (an expansion costs a few hundred series terms), and its
 * long-horizon series. Writes only that frequency's parts. */
static void build_block(void *vctx, size_t worker, size_t b)
{
    build_run *c = vctx;
    csat__bgnbd_ws *ws = c->ws;
    const bg_tally *tl = &ws->tally[0];
    const int ix = c->ix[b];
    const double *p = ws->p;
    (void)worker;
    if (ix < XFAST && tl->fast[ix]) {
        coeffs(ws, ix, ws->cr, p[2], p[3] + ix + ws->k.mm);
        for (int g = 0; g < ZGRID; g++)
            if (tl->cells[ix][g] > ZHOT) {
                const int J = cell_build(ws, ix, g);
                ws->cell[ix][g] = J > 0 ? J : 0;
            }
    }
    if (ix < CSAT__BGL_XLONG) {
        int any = 0;
        for (int j = 0; j < CSAT__BGL_NB; j++)
            any |= tl->bands[ix][j];
        if (any)
            csat__bgl_prepare(&ws->lng, p, ws->modified, ix, tl->bands[ix]);
    }
}

void csat__bgnbd_expected_prepare(csat__bgnbd_ws *ws, const csat__par *par, const double *p, double t,
                                  const double *x, const double *T, size_t n, int modified)
{
    const size_t nb = csat__n_blocks(n, CSAT__BLOCK_ROWS), nw = csat__bgnbd_ws_workers(par, n);
    const double cr = p[2] + p[3] + (modified ? 1.0 : 0.0) - 1.0 - p[0]; /* c - r of every customer's series */
    tally_run tr = {ws, x, T, n};
    build_run br;
    size_t nf = 0;
    for (int j = 0; j < 4; j++)
        ws->p[j] = p[j];
    ws->t = t;
    ws->cr = cr;
    ws->modified = modified;
    ws->on = cr > 0.0 && t > 0.0;
    if (!ws->on)
        return;
    pa_consts_init(&ws->k, p, modified);
    csat__bgl_init(&ws->lng, p, modified);
    for (int ix = 0; ix < XFAST; ix++) {
        ws->lim[ix] = 0;
        for (int g = 0; g < ZGRID; g++)
            ws->cell[ix][g] = 0;
    }
    memset(ws->tally, 0, nw * sizeof(bg_tally));
    csat__par_run(tally_par(par, n), nb, tally_block, &tr);
    /* the workers' tallies into the first */
    for (size_t w = 1; w < nw; w++) {
        const bg_tally *o = &ws->tally[w];
        bg_tally *tot = &ws->tally[0];
        for (int ix = 0; ix < XFAST; ix++) {
            tot->fast[ix] |= o->fast[ix];
            for (int g = 0; g < ZGRID; g++) {
                const unsigned sum = (unsigned)tot->cells[ix][g] + o->cells[ix][g];
                tot->cells[ix][g] = (unsigned char)(sum <= ZHOT + 1 ? sum : ZHOT + 1);
            }
        }
        for (int ix = 0; ix < CSAT__BGL_XLONG; ix++)
            for (int j = 0; j < CSAT__BGL_NB; j++)
                tot->bands[ix][j] |= o->bands[ix][j];
    }
    /* the frequencies with work, built on the threads */
    br.ws = ws;
    for (int ix = 0; ix < CSAT__BGL_XLONG; ix++) {
        int any = ix < XFAST && ws->tally[0].fast[ix];
        for (int j = 0; j < CSAT__BGL_NB; j++)
            any |= ws->tally[0].bands[ix][j];
        if (any)
            br.ix[nf++] = ix;
    }
    csat__par_run(par, nf, build_block, &br);
}

void csat__bgnbd_expected_range(const csat__bgnbd_ws *ws, const double *x, const double *tx, const double *T,
                                size_t n, double *out)
{
    const double *p = ws->p, t = ws->t;
    const int modified = ws->modified;
    const double r = p[0], al = p[1], a = p[2], b = p[3], mm = modified ? 1.0 : 0.0;
    const double am1 = a - 1.0, ram1 = am1 != 0.0 ? 1.0 / am1 : 0.0; /* unused at a = 1 (y = 0) */
    if (!ws->on) {
        for (size_t i = 0; i < n; i++)
            out[i] = csat__bgnbd_expected_cond(p, t, x[i], tx[i], T[i], modified);
        return;
    }
    for (size_t i0 = 0; i0 < n; i0 += CHUNK) {
        const size_t m = n - i0 < CHUNK ? n - i0 : CHUNK;
        const double *xc = x + i0, *txc = tx + i0, *Tc = T + i0;
        double *o = out + i0, z[CHUNK], w[CHUNK], e1[CHUNK], pa[CHUNK], lw[CHUNK];
        /* z, (1-z)^(a-1) and the E1 of csat__btyd_bg_expect, in tight loops */
        for (size_t j = 0; j < m; j++) {
            /* z rounded as in csat__btyd_bg_expect: S can be steep in z */
            const double alT = al + Tc[j];
            z[j] = t / (alT + t);
            e1[j] = -log1p_pos(t / alT); /* L = log(1 - z) for now */
            lw[j] = e1[j];
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
        p_alive_chunk(&ws->k, xc, txc, Tc, m, pa);
        for (size_t j = 0; j < m; j++) {
            const double xi = xc[j], bx = b + xi + mm;
            double S, A, B, g;
            int ok = 0;
            {
                /* long horizons: in w = 1 - z, computed without rounding z */
                const double alT = al + Tc[j], wl = alT / (alT + t);
                if (wl <= CSAT__BGL_WLONG && csat__bgl_eval(&ws->lng, p, modified, xi, wl, lw[j], w[j], &g)) {
                    o[j] = pa[j] * g;
                    continue;
                }
            }
            if (xi < XFAST && z[j] <= ZFAST)
                S = s_cell(ws, (int)xi, z[j], &ok);
            if (!ok) {
                o[j] = csat__bgnbd_expected_cond(p, t, xi, txc[j], Tc[j], modified);
                continue;
            }
            A = (a + bx - 1.0) * e1[j];
            B = w[j] * S;
            g = A - B;
            /* where the subtraction would cost more than 6 bits, the
             * scalar kernel, which then goes without it */
            if (!(isfinite(A) && isfinite(B) && A != 0.0 && B != 0.0 && fabs(A) + fabs(B) <= 64.0 * g))
                g = csat__btyd_bg_expect(r + xi, al + Tc[j], a, bx, t);
            o[j] = pa[j] * g;
        }
    }
}

void csat__bgnbd_expected_many(const double *p, double t, const double *x, const double *tx,
                               const double *T, size_t n, double *out, int modified,
                               csat__bgnbd_ws *ws)
{
    if (!ws) {
        for (size_t i = 0; i < n; i++)
            out[i] = csat__bgnbd_expected_cond(p, t, x[i], tx[i], T[i], modified);
        return;
    }
    csat__bgnbd_expected_prepare(ws, NULL, p, t, x, T, n, modified);
    csat__bgnbd_expected_range(ws, x, tx, T, n, out);
}
