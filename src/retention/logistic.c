/*
 * Logistic regression by Newton-Raphson with an exact Hessian: the
 * log-likelihood is concave, so a safeguarded Newton step (halved while the
 * penalised log-likelihood falls) converges quadratically. The dense
 * linear algebra is the shared Cholesky inverse (csat__spd_inverse).
 * For large data the first iterations run on a strided subsample, so only
 * the last two or three passes touch every row.
 */
#include "core/internal.h"
#include "numerics/numerics.h"
#include "numerics/optim.h"
#include "retention/logistic_internal.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define SUBSAMPLE_ROWS 50000
#define SATURATED_ETA 36.0 /* |eta| beyond this: p is 0 or 1 in double precision */

csat_status csat_logistic_options_init(csat_logistic_options *opts, unsigned int version)
{
    const csat_logistic_options def = CSAT_LOGISTIC_OPTIONS_INIT;
    if (!opts)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_LOGISTIC_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

csat_status csat_logistic_new(csat_logistic **out, const csat_allocator *alloc)
{
    if (!out)
        return CSAT_EINVAL;
    return csat__handle_new((void **)out, sizeof(csat_logistic), alloc);
}

void csat_logistic_free(csat_logistic *m)
{
    if (!m)
        return;
    csat__free(&m->base.alloc, m->coef);
    csat__handle_free(m);
}

const char *csat_logistic_last_error(const csat_logistic *m)
{
    return m ? m->base.err : "";
}

double csat__lr_linpred(const lr_problem *pr, const double *b, const double *x)
{
    double eta = pr->intercept ? b[0] : 0.0;
    const double *bs = b + pr->intercept;
    for (size_t j = 0; j < pr->k; j++)
        eta += bs[j] * x[j];
    return eta;
}

#define HBLOCK 4    /* rows per Hessian update: one load/store of H per 4 FMAs */
#define HBLOCK_P 32 /* widest model that uses the blocked update */
#define LOG_BLOCK 32 /* factors (1 + e) multiplied before one log: each is in (1, 2] */

/* H += sum over the r buffered rows of w_i x_i x_i' (upper triangle). */
static void hess_update(double *H, size_t p, double (*xt)[HBLOCK_P], const double *w, size_t r)
{
    if (r == HBLOCK) {
        for (size_t a = 0; a < p; a++) {
            double w0 = w[0] * xt[0][a], w1 = w[1] * xt[1][a], w2 = w[2] * xt[2][a],
                   w3 = w[3] * xt[3][a], *Ha = H + a * p;
            for (size_t c = a; c < p; c++)
                Ha[c] += w0 * xt[0][c] + w1 * xt[1][c] + w2 * xt[2][c] + w3 * xt[3][c];
        }
        return;
    }
    for (size_t i = 0; i < r; i++)
        for (size_t a = 0; a < p; a++) {
            double wa = w[i] * xt[i][a], *Ha = H + a * p;
            for (size_t c = a; c < p; c++)
                Ha[c] += wa * xt[i][c];
        }
}

/* Per-block partials (issue 18): the rows a pass visits are cut into
 * blocks whose count depends only on that number of rows and on p, each
 * block keeps [ll.s, ll.c, max |eta|, g (p), H (p x p)], and the partials
 * are added in block order, so every thread count gives the same bits. The
 * blocks' partials are capped at LR_PART_MAX doubles (wide models get
 * fewer, longer blocks). */
#define LR_PART_MAX ((size_t)1 << 21)

static size_t part_len(size_t p) { return 3 + p + p * p; }

/* Blocks for m visited rows of a model of p coefficients (p (p + 3) fits a size_t). */
static size_t lr_n_blocks(size_t m, size_t p)
{
    size_t nb = csat__n_blocks(m, CSAT__BLOCK_ROWS), cap = LR_PART_MAX / part_len(p);
    if (cap < 1)
        cap = 1;
    return nb < cap ? nb : cap;
}

size_t csat__lr_part_doubles(size_t n, size_t p)
{
    return lr_n_blocks(n, p) * part_len(p); /* <= max(LR_PART_MAX, part_len(p)) */
}

typedef struct lr_pass_ctx {
    const lr_problem *pr;
    const double *b;
    size_t stride, m, nb, rows; /* visited rows, blocks, visited rows per block */
    int deriv;
} lr_pass_ctx;

/* One block: visited rows [blk rows, (blk + 1) rows) of rows 0, stride, ... */
static void lr_block(void *vctx, size_t worker, size_t blk)
{
    const lr_pass_ctx *cx = vctx;
    const lr_problem *pr = cx->pr;
    const double *b = cx->b;
    const size_t p = pr->p, k = pr->k, c0 = (size_t)pr->intercept, stride = cx->stride;
    size_t lo = blk * cx->rows, hi = lo + cx->rows < cx->m ? lo + cx->rows : cx->m;
    double *out = pr->part + blk * part_len(p), *g = cx->deriv ? out + 3 : NULL,
           *H = cx->deriv ? out + 3 + p : NULL;
    csat__ksum ll = {0.0, 0.0};
    double me = 0.0, xt[HBLOCK][HBLOCK_P], wb[HBLOCK], prod = 1.0;
    size_t nb = 0, np = 0;
    (void)worker;
    if (g)
        memset(g, 0, (p + p * p) * sizeof *g);
    for (size_t v = lo; v < hi; v++) {
        const size_t i = v * stride;
        const double *x = k ? pr->X + i * k : NULL;
        double eta, yi = pr->y[i], e, mu, w, r, wi = pr->w ? pr->w[i] : 1.0;
        if (wi == 0.0)
            continue; /* a zero weight: the row is not in the data (as in glm) */
        eta = csat__lr_linpred(pr, b, x);
        /* one exp per row: e = exp(-|eta|) gives both log(1 + exp(eta)) and
         * mu; without weights the logs of (1 + e) are taken per block of
         * products, with weights one log1p per row */
        me = fabs(eta) > me ? fabs(eta) : me;
        e = exp(-fabs(eta));
        if (pr->w) {
            csat__ksum_add(&ll, wi * (yi * eta - (eta > 0.0 ? eta : 0.0)));
            csat__ksum_add(&ll, -wi * log1p(e));
        } else {
            csat__ksum_add(&ll, yi * eta - (eta > 0.0 ? eta : 0.0));
            prod *= 1.0 + e;
            if (++np == LOG_BLOCK) {
                csat__ksum_add(&ll, -log(prod));
                prod = 1.0;
                np = 0;
            }
        }
        if (!g)
            continue;
        mu = eta >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        r = wi * (yi - mu);
        w = wi * mu * (1.0 - mu);
        if (c0)
            g[0] -= r;
        for (size_t j = 0; j < k; j++)
            g[c0 + j] -= r * x[j];
        if (p <= HBLOCK_P) {
            if (c0)
                xt[nb][0] = 1.0;
            if (k)
                memcpy(&xt[nb][c0], x, k * sizeof *x);
            wb[nb] = w;
            if (++nb == HBLOCK) {
                hess_update(H, p, xt, wb, nb);
                nb = 0;
            }
        } else {
            for (size_t a = 0; a < p; a++) {
                double wa = w * (a < c0 ? 1.0 : x[a - c0]), *Ha = H + a * p;
                for (size_t c = a; c < p; c++)
                    Ha[c] += wa * (c < c0 ? 1.0 : x[c - c0]);
            }
        }
    }
    csat__ksum_add(&ll, -log(prod));
    if (H && p <= HBLOCK_P)
        hess_update(H, p, xt, wb, nb);
    out[0] = ll.s;
    out[1] = ll.c;
    out[2] = me;
}

/* Log-likelihood (unpenalised), gradient and Hessian of the negative
 * penalised log-likelihood over rows 0, stride, 2 stride, ... ; g and H
 * both given or both NULL. Returns the largest |eta| through max_eta. */
double csat__lr_pass(const lr_problem *pr, const double *b, size_t stride, double *g, double *H,
                     double *max_eta)
{
    const size_t p = pr->p, c0 = (size_t)pr->intercept, len = part_len(p);
    csat__ksum ll = {0.0, 0.0};
    double me = 0.0;
    lr_pass_ctx cx;
    cx.pr = pr;
    cx.b = b;
    cx.stride = stride;
    cx.m = csat__n_blocks(pr->n, stride); /* rows 0, stride, ... below n */
    cx.nb = lr_n_blocks(cx.m, p);
    cx.rows = cx.nb ? (cx.m - 1) / cx.nb + 1 : 0;
    cx.deriv = g != NULL;
    csat__par_run(pr->par, cx.nb, lr_block, &cx);
    if (g) {
        memset(g, 0, p * sizeof *g);
        memset(H, 0, p * p * sizeof *H);
    }
    for (size_t blk = 0; blk < cx.nb; blk++) {
        const double *o = pr->part + blk * len;
        csat__ksum_add(&ll, o[0]);
        csat__ksum_add(&ll, o[1]);
        me = o[2] > me ? o[2] : me;
        if (!g)
            continue;
        for (size_t a = 0; a < p; a++)
            g[a] += o[3 + a];
        for (size_t a = 0; a < p; a++)
            for (size_t c = a; c < p; c++)
                H[a * p + c] += o[3 + p + a * p + c];
    }
    if (H) {
        for (size_t a = 0; a < p; a++)
            for (size_t c = 0; c < a; c++)
                H[a * p + c] = H[c * p + a];
    }
    if (g && pr->l2 > 0.0)
        for (size_t a = c0; a < p; a++) {
            g[a] += pr->l2 * b[a];
            H[a * p + a] += pr->l2;
        }
    *max_eta = me;
    return csat__ksum_value(&ll);
}

static double penalty(const lr_problem *pr, const double *b)
{
    double s = 0.0;
    for (size_t a = (size_t)pr->intercept; a < pr->p; a++)
        s += b[a] * b[a];
    return 0.5 * pr->l2 * s;
}

/* H (p x p) inverted in place, refusing a numerically singular one: for an
 * SPD matrix H_jj (H^-1)_jj >= 1, and beyond 1e14 (a column explained by
 * the others up to ~1e-7 of its norm, glm's QR tolerance) the inverse is
 * rounding noise. diag: p doubles of scratch. */
static csat_status inverse_checked(double *H, size_t p, double *diag, const csat_allocator *a)
{
    csat_status st;
    for (size_t r = 0; r < p; r++)
        diag[r] = H[r * p + r];
    st = csat__spd_inverse(H, p, a);
    if (st != CSAT_OK)
        return st;
    for (size_t r = 0; r < p; r++)
        if (!(diag[r] * H[r * p + r] <= 1e14))
            return CSAT_EDOM;
    return CSAT_OK;
}

typedef struct newton_out {
    size_t iterations, evaluations;
    double ll, decrement, max_eta;
    int converged;
} newton_out;

/* Newton iterations on the rows picked by stride, from b (updated). work
 * holds 3p + p*p doubles; on return with CSAT_OK the inverse penalised
 * information at the final b is in work + 3p. */
static csat_status newton(const lr_problem *pr, double *b, size_t stride, size_t max_iter,
                          double tol, double *work, const csat_allocator *a, newton_out *o)
{
    const size_t p = pr->p;
    double *g = work, *step = g + p, *trial = step + p, *H = trial + p;
    double f, me = 0.0;
    csat_status st;
    f = csat__lr_pass(pr, b, stride, g, H, &me) - penalty(pr, b);
    o->evaluations = 1;
    o->converged = 0;
    for (o->iterations = 0; o->iterations < max_iter; o->iterations++) {
        double dec = 0.0, t = 1.0, ftrial = -INFINITY;
        st = inverse_checked(H, p, trial, a);
        if (st != CSAT_OK) {
            o->max_eta = st == CSAT_EDOM && me > SATURATED_ETA ? me : 0.0;
            return st;
        }
        for (size_t r = 0; r < p; r++) {
            double s = 0.0;
            for (size_t c = 0; c < p; c++)
                s -= H[r * p + c] * g[c];
            step[r] = s;
            dec -= s * g[r];
        }
        o->decrement = dec;
        if (!isfinite(dec))
            return CSAT_EDOM;
        if (0.5 * dec <= tol * (fabs(f) + 1.0)) {
            /* the step left changes LL by dec/2 (exact to second order):
             * where that is below rounding, take it and stop without
             * another pass; the information matrix is the one just
             * inverted (R likewise reports the weights of its last
             * iteration). A looser tol stops here, at b, whose LL is exact
             * (taking the step reported f + dec/2, which could exceed 0). */
            if (0.5 * dec <= 1e-12 * (fabs(f) + 1.0)) {
                /* the last step, checked: one pass at b + step gives the LL
                 * and the standard errors at the final b, not at the
                 * iterate before (which is what glm reports; that moves
                 * them by up to ~1e-7 relative, found against an exact
                 * Newton in tests/reference/logistic_glm.R). A step that
                 * lowers the penalised LL (rounding noise through a
                 * numerically singular information: collinear columns and
                 * a tiny l2, found by fuzz_churn, where it put a
                 * coefficient at -5e14) is not taken. */
                double me2, ll2;
                for (size_t r = 0; r < p; r++)
                    trial[r] = b[r] + step[r];
                ll2 = csat__lr_pass(pr, trial, stride, g, H, &me2);
                o->evaluations++;
                if (isfinite(ll2) && ll2 - penalty(pr, trial) >= f - 1e-12 * fabs(f)) {
                    memcpy(b, trial, p * sizeof *b);
                } else {
                    ll2 = csat__lr_pass(pr, b, stride, g, H, &me2);
                    o->evaluations++;
                }
                o->ll = ll2;
                me = me2;
                st = inverse_checked(H, p, trial, a);
                if (st != CSAT_OK) {
                    o->max_eta = st == CSAT_EDOM && me > SATURATED_ETA ? me : 0.0;
                    return st;
                }
            } else {
                o->ll = f + penalty(pr, b);
            }
            o->max_eta = me;
            o->converged = 1;
            return CSAT_OK;
        }
        /* one pass per iteration: the pass at the trial point also gives the
         * next gradient and Hessian; the step is halved while the penalised
         * log-likelihood falls */
        for (int half = 0; half < 60; half++) {
            for (size_t r = 0; r < p; r++)
                trial[r] = b[r] + t * step[r];
            ftrial = csat__lr_pass(pr, trial, stride, g, H, &me) - penalty(pr, trial);
            o->evaluations++;
            if (ftrial >= f - 1e-12 * fabs(f))
                break;
            t *= 0.5;
        }
        if (!(ftrial >= f - 1e-12 * fabs(f))) {
            /* 60 halvings and still worse: the step is rounding noise
             * blown up by a numerically singular information matrix
             * (collinear columns and a tiny l2; found by fuzz_churn: such
             * a step was taken and "converged" with LL -6e15) */
            o->max_eta = 0.0;
            return CSAT_EDOM;
        }
        memcpy(b, trial, p * sizeof *b);
        f = ftrial;
    }
    o->ll = f + penalty(pr, b);
    o->max_eta = me;
    return CSAT_ENOCONV;
}

/* sw1 log(sw1 / W) + sw0 log(sw0 / W), W = sw0 + sw1 > 0 (see its use) */
static double null_loglik(double sw0, double sw1)
{
    double W = sw0 + sw1, lo = fmin(sw0, sw1), hi = fmax(sw0, sw1);
    double t_lo = lo > 0.0 ? lo * (log(lo) - log(W)) : 0.0;
    return t_lo + hi * log1p(-lo / W);
}

/* The starting point: the intercept at the log odds of the (weighted) mean
 * outcome, log(sw1 / sw0), where both classes occur; every slope 0. */
static void cold_start(const lr_problem *pr, double sw0, double sw1, double *b)
{
    for (size_t r = 0; r < pr->p; r++)
        b[r] = r == 0 && pr->intercept && sw0 > 0.0 && sw1 > 0.0 ? log(sw1) - log(sw0) : 0.0;
}

/* The input checks' row loop by blocks on the handle's threads (issue 18):
 * per block the first non-finite X value, the first y that is not 0 or 1,
 * the rows of positive weight and the weights of each class; the lowest
 * failing index wins and the sums are added in block order. At most
 * SCAN_MAX blocks: their slots live on the stack. */
#define SCAN_MAX 256

typedef struct scan_slot {
    size_t bad_x, bad_y, n_pos;
    csat__ksum w0, w1;
} scan_slot;

typedef struct scan_ctx {
    const double *X, *y, *w;
    size_t n, k, rows;
    scan_slot *slot;
} scan_ctx;

static void scan_block(void *vctx, size_t worker, size_t blk)
{
    const scan_ctx *cx = vctx;
    const size_t lo = blk * cx->rows, hi = cx->n - lo > cx->rows ? lo + cx->rows : cx->n;
    scan_slot *o = cx->slot + blk;
    size_t nx = (hi - lo) * cx->k, bad = cx->k ? csat__first_nonfinite(cx->X + lo * cx->k, nx) : 0;
    csat__ksum w0 = {0.0, 0.0}, w1 = {0.0, 0.0};
    (void)worker;
    o->bad_x = bad < nx ? lo * cx->k + bad : SIZE_MAX;
    o->bad_y = SIZE_MAX;
    o->n_pos = 0;
    for (size_t i = lo; i < hi; i++) {
        double yi = cx->y[i], wi = cx->w ? cx->w[i] : 1.0;
        if (!(yi == 0.0 || yi == 1.0)) {
            o->bad_y = i;
            break;
        }
        if (wi > 0.0) {
            o->n_pos++;
            csat__ksum_add(yi == 1.0 ? &w1 : &w0, wi);
        }
    }
    o->w0 = w0;
    o->w1 = w1;
}

csat_status csat_logistic_fit(csat_logistic *m, const double *X, size_t n_rows, size_t n_cols,
                              const double *y, const csat_logistic_options *opts,
                              csat_fit_report *report)
{
    return csat_logistic_fit_weighted(m, X, n_rows, n_cols, y, NULL, opts, report);
}

csat_status csat_logistic_fit_weighted(csat_logistic *m, const double *X, size_t n_rows,
                                       size_t n_cols, const double *y, const double *weights,
                                       const csat_logistic_options *opts,
                                       csat_fit_report *report)
{
    const csat_logistic_options def = CSAT_LOGISTIC_OPTIONS_INIT;
    lr_problem pr;
    newton_out o = {0, 0, 0, 0, 0, 0};
    size_t p, pp, part, bad, total_evals = 0, full_iters = 0, n_pos = 0;
    csat__stages stages = {.n = 0};
    csat__ksum w0 = {0.0, 0.0}, w1 = {0.0, 0.0};
    double sw0, sw1, *b = NULL, *work = NULL;
    int warm = 0;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    if (!opts)
        opts = &def;
    if (!csat__version_ok(opts->version, CSAT_LOGISTIC_OPTIONS_VERSION))
        return csat__fail(&m->base, CSAT_EVERSION, "unknown csat_logistic_options version %u",
                          opts->version);
    if (!(opts->l2 >= 0.0) || !isfinite(opts->l2) || !(opts->tol >= 0.0) || !isfinite(opts->tol) ||
        opts->max_iter == 0 || (opts->fit_intercept != 0 && opts->fit_intercept != 1))
        return csat__fail(&m->base, CSAT_EINVAL, "bad options (l2 %g, tol %g, max_iter %zu)",
                          opts->l2, opts->tol, opts->max_iter);
    if (n_rows == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "no rows");
    if (!csat__array_bytes_ok(n_rows, n_cols, sizeof *X) || !csat__array_bytes_ok(n_rows, 1, sizeof *y))
        return csat__fail(&m->base, CSAT_EINVAL,
                          "X of %zu rows x %zu columns overflows the address space", n_rows, n_cols);
    p = n_cols + (size_t)opts->fit_intercept;
    if (p == 0 || !y || (n_cols && !X))
        return csat__fail(&m->base, CSAT_EINVAL, "X or y is NULL, or no coefficient to fit");
    if (csat__mul_overflow(p, p + 3, &pp))
        return csat__fail(&m->base, CSAT_EINVAL,
                          "%zu coefficients: their work matrix overflows the address space", p);
    {
        scan_slot slot[SCAN_MAX];
        scan_ctx sc = {X, y, weights, n_rows, n_cols, CSAT__BLOCK_ROWS, slot};
        size_t nb, bad_x = SIZE_MAX, bad_y = SIZE_MAX;
        if (csat__n_blocks(n_rows, sc.rows) > SCAN_MAX)
            sc.rows = csat__n_blocks(n_rows, SCAN_MAX);
        nb = csat__n_blocks(n_rows, sc.rows);
        csat__par_run(csat__handle_par(m), nb, scan_block, &sc);
        for (size_t blk = 0; blk < nb; blk++) {
            bad_x = slot[blk].bad_x < bad_x ? slot[blk].bad_x : bad_x;
            bad_y = slot[blk].bad_y < bad_y ? slot[blk].bad_y : bad_y;
            n_pos += slot[blk].n_pos;
            csat__ksum_add(&w0, slot[blk].w0.s);
            csat__ksum_add(&w0, slot[blk].w0.c);
            csat__ksum_add(&w1, slot[blk].w1.s);
            csat__ksum_add(&w1, slot[blk].w1.c);
        }
        if (bad_x != SIZE_MAX)
            return csat__fail(&m->base, CSAT_EINVAL, "X[%zu][%zu] is not finite", bad_x / n_cols,
                              bad_x % n_cols);
        if (weights) {
            const char *why = csat__nonneg_problem(weights, n_rows, &bad);
            if (why)
                return csat__fail(&m->base, CSAT_EINVAL,
                                  "weights[%zu] is %s: case weights are finite and >= 0", bad, why);
        }
        if (bad_y != SIZE_MAX)
            return csat__fail(&m->base, CSAT_EINVAL, "y[%zu] = %g is not 0 or 1", bad_y, y[bad_y]);
    }
    sw0 = csat__ksum_value(&w0);
    sw1 = csat__ksum_value(&w1);
    if (n_pos == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "every weight is 0: no row to fit");
    if (!isfinite(sw0 + sw1) || sw0 + sw1 > 1e300)
        return csat__fail(&m->base, CSAT_EINVAL,
                          "the weights sum to %g: more than 1e300 overflows the log-likelihood",
                          sw0 + sw1);
    if (n_pos <= p)
        return csat__fail(&m->base, CSAT_EDOM, "%zu rows%s cannot determine %zu coefficients",
                          n_pos, weights ? " of positive weight" : "", p);
    if ((sw0 == 0.0 || sw1 == 0.0) && (opts->l2 == 0.0 || opts->fit_intercept))
        return csat__fail(&m->base, CSAT_EDOM,
                          "every y%s is %g: the intercept has no finite estimate",
                          weights ? " of positive weight" : "", sw1 > 0.0 ? 1.0 : 0.0);
    part = csat__lr_part_doubles(n_rows, p);
    if (pp > SIZE_MAX - part)
        return csat__fail(&m->base, CSAT_EINVAL,
                          "%zu coefficients: their work matrix overflows the address space", p);
    b = csat__calloc_array(&m->base.alloc, p, 2 * sizeof *b);
    work = csat__malloc_array(&m->base.alloc, pp + part, sizeof *work);
    if (!b || !work) {
        st = CSAT_ENOMEM;
        goto fail;
    }
    pr.X = X;
    pr.y = y;
    pr.w = weights;
    pr.n = n_rows;
    pr.k = n_cols;
    pr.p = p;
    pr.intercept = opts->fit_intercept;
    pr.l2 = opts->l2;
    pr.par = csat__handle_par(m);
    pr.part = work + pp;
    cold_start(&pr, sw0, sw1, b);
    if (n_rows >= 4 * SUBSAMPLE_ROWS) {
        /* warm start: a loose fit on every stride-th row lands within
         * sampling error, from where full Newton needs ~3 passes */
        const size_t stride = n_rows / SUBSAMPLE_ROWS;
        st = newton(&pr, b, stride, opts->max_iter, 1e-8, work, &m->base.alloc, &o);
        if (st == CSAT_ENOMEM)
            goto fail;
        (void)csat__stages_add(&stages, (n_rows + stride - 1) / stride, o.iterations, o.evaluations,
                               st == CSAT_OK ? o.ll : NAN, sqrt(fmax(o.decrement, 0.0)), st == CSAT_OK);
        warm = st == CSAT_OK;
        if (!warm) /* separation in the subsample proves nothing: restart */
            cold_start(&pr, sw0, sw1, b);
    }
    st = newton(&pr, b, 1, opts->max_iter, opts->tol, work, &m->base.alloc, &o);
    total_evals += o.evaluations;
    if (warm && st != CSAT_OK && st != CSAT_ENOMEM) {
        /* A subsample can mislead without failing: one with a single
         * outcome class "converges" far out on the flat tail, from where
         * Newton on the full data overshoots into saturation. The warm
         * start is only a shortcut: the full data again, from the start. */
        cold_start(&pr, sw0, sw1, b);
        full_iters = o.iterations; /* both runs on the full data: the last stage */
        st = newton(&pr, b, 1, opts->max_iter, opts->tol, work, &m->base.alloc, &o);
        total_evals += o.evaluations;
    }
    full_iters += o.iterations;
    if (st == CSAT_OK && opts->l2 == 0.0 && o.max_eta > SATURATED_ETA)
        st = CSAT_EDOM;
    if (st == CSAT_ENOCONV && o.max_eta > SATURATED_ETA)
        st = CSAT_EDOM;
    if (st == CSAT_OK && !isfinite(o.ll))
        st = CSAT_EDOM;
    if (st != CSAT_OK)
        goto fail;
    for (size_t r = 0; r < p; r++) {
        double v = work[3 * p + r * p + r];
        b[p + r] = v > 0.0 ? sqrt(v) : 0.0;
    }
    csat__free(&m->base.alloc, work);
    csat__free(&m->base.alloc, m->coef);
    m->coef = b;
    m->se = b + p;
    m->p = p;
    m->n_cols = n_cols;
    m->intercept = opts->fit_intercept;
    m->ll = o.ll;
    m->aic = -2.0 * o.ll + 2.0 * (double)p;
    /* glm's deviances: the saturated model of 0/1 outcomes has LL 0; the
     * null model is the weighted mean (or p = 1/2 without an intercept) */
    m->dev = -2.0 * o.ll;
    /* the null LL, sw1 log(sw1/W) + sw0 log(sw0/W), W = sw0 + sw1: the
     * smaller class's log from the logs of the sums (their ratio can
     * underflow), the larger's by log1p (a difference of logs loses it to
     * cancellation when one class weighs 1e15 times the other, found by
     * fuzz_churn); each term is at most 1e300 * 1500 in size */
    m->null_dev = opts->fit_intercept ? -2.0 * null_loglik(sw0, sw1)
                      : 2.0 * (sw0 + sw1) * log(2.0);
    m->df_null = (double)(n_pos - (size_t)opts->fit_intercept);
    m->df_resid = (double)(n_pos - p);
    m->fitted = 1;
    m->has_se = m->has_ll = m->has_dev = 1;
    /* the report is the last stage, on all rows; the stages add up */
    (void)csat__stages_add(&stages, n_rows, full_iters, total_evals, o.ll, sqrt(fmax(o.decrement, 0.0)), 1);
    m->stages = stages;
    if (report) {
        report->iterations = full_iters;
        report->evaluations = total_evals;
        report->log_likelihood = o.ll;
        report->grad_norm = sqrt(fmax(o.decrement, 0.0));
        report->converged = 1;
    }
    csat__clear_error(&m->base);
    return CSAT_OK;
fail:
    csat__free(&m->base.alloc, b);
    csat__free(&m->base.alloc, work);
    if (st == CSAT_ENOMEM)
        return csat__fail(&m->base, st, "logistic: out of memory");
    if (st == CSAT_EDOM && o.max_eta > SATURATED_ETA)
        return csat__fail(&m->base, st,
                          "fitted probabilities numerically 0 or 1 (|eta| up to %g): the data are "
                          "(quasi-)separable and the MLE is infinite; set l2 > 0", o.max_eta);
    if (st == CSAT_EDOM)
        return csat__fail(&m->base, st, "the information matrix is singular: collinear columns?");
    return csat__fail(&m->base, st, "Newton did not converge in %zu iterations", opts->max_iter);
}

csat_status csat_logistic_fit_stages(const csat_logistic *m, csat_fit_stage *stages, size_t cap, size_t *n_stages)
{
    return m ? csat__stages_get(&m->stages, stages, cap, n_stages) : CSAT_EINVAL;
}
