/*
 * k-means fit: the handle, the option checks, the per-feature scales
 * (standardising), the restarts (seed, iterate, keep the lowest inertia)
 * and the Lloyd and Hamerly iterations. Seeding is in kmeans_seed.c and
 * the Lloyd step's pass over the rows in kmeans_assign.c; Hamerly's pass,
 * which revisits only the rows whose bounds overlap, stays here.
 */
#include "segments/kmeans_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

csat_status csat_kmeans_options_init(csat_kmeans_options *opts, unsigned int version)
{
    csat_kmeans_options d = CSAT_KMEANS_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_KMEANS_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = d;
    opts->version = version;
    return CSAT_OK;
}

csat_status csat_kmeans_new(csat_kmeans **out, const csat_allocator *alloc)
{
    void *p;
    csat_status st;
    if (out == NULL)
        return CSAT_EINVAL;
    st = csat__handle_new(&p, sizeof(csat_kmeans), alloc);
    if (st == CSAT_OK)
        *out = p;
    return st;
}

void csat_kmeans_free(csat_kmeans *km)
{
    if (km == NULL)
        return;
    csat__free(&km->base.alloc, km->centers);
    csat__handle_free(km);
}

const char *csat_kmeans_last_error(const csat_kmeans *km) { return km ? km->base.err : ""; }

/* Closest centre of xs; *best gets its squared distance, *second (may be NULL) the runner-up's. */
HOT int nearest(const double *xs, const double *c, size_t k, size_t d, double *best,
                          double *second)
{
    double b1 = DBL_MAX, b2 = DBL_MAX;
    int a = 0;
    /* Written with selects, not branches: on unstructured data the winner is
     * unpredictable and mispredictions would cost more than the arithmetic. */
    for (size_t c_ = 0; c_ < k; c_++) {
        double e = dist2(xs, c + c_ * d, d);
        int lt = e < b1;
        double hi = lt ? b1 : e;
        b2 = hi < b2 ? hi : b2;
        a = lt ? (int)c_ : a;
        b1 = lt ? e : b1;
    }
    *best = b1;
    if (second)
        *second = b2;
    return a;
}

/* New centres from the sums; returns the summed squared movement. */
HOT double update_centres(ws *w, size_t d)
{
    double total = 0.0;
    for (size_t c = 0; c < w->k; c++) {
        double mv = 0.0;
        if (w->cnt[c] > 0)
            for (size_t j = 0; j < d; j++) {
                double v = w->sum[c * d + j] / (double)w->cnt[c];
                double t = v - w->c[c * d + j];
                mv += t * t;
                w->c[c * d + j] = v;
            }
        w->shift[c] = sqrt(mv);
        total += mv;
    }
    return total;
}

/* One Lloyd iteration: assign every row, accumulate sums. Returns rows that changed. */
static size_t lloyd_step(ws *w, int first) { return csat__kmeans_assign(w, w->c, w->lab, first, NULL); }

HOT void half_gaps(ws *w, size_t d)
{
    for (size_t c = 0; c < w->k; c++) {
        double m = DBL_MAX;
        for (size_t e = 0; e < w->k; e++)
            if (e != c) {
                double t = dist2(w->c + c * d, w->c + e * d, d);
                if (t < m)
                    m = t;
            }
        w->half[c] = w->k > 1 ? 0.5 * sqrt(m) : DBL_MAX;
    }
}

/* Hamerly (2003): an upper bound on each row's distance to its own centre
 * and a lower bound on its distance to every other centre; the row is
 * re-examined only when the bounds overlap. Bounds are stored relative to
 * running sums of the centre movements (ub - S[own], lb + M, with S[c] the
 * total movement of centre c and M the total of the largest movement per
 * iteration), so a step touches only the rows it re-examines: with only
 * three features the bounds are as large as the row itself, and rewriting
 * them every iteration would cost more than Lloyd's distance arithmetic.
 * A relative slack of 1e-12 absorbs rounding in the running sums (it can
 * only cause extra re-examinations), so the labels are Lloyd's. The sums
 * are too: a block whose labels changed recomputes its partial sums over
 * its rows in order exactly as the Lloyd pass does (a block without
 * changes keeps them), so centres, iterations and inertia are Lloyd's bit
 * for bit. */
typedef struct ham_ctx {
    ws *w;
    int init;
} ham_ctx;

/* The block's sums and counts from its labels, in row order (as Lloyd). */
HOT void block_sums(ws *w, size_t d, size_t bi, size_t r0, size_t r1)
{
    double *sum = w->psum + bi * w->k * d, *xs = w->pxs + bi * KM_XS(d);
    size_t *cnt = w->pcnt + bi * w->k;
    memset(sum, 0, w->k * d * sizeof(double));
    memset(cnt, 0, w->k * sizeof(size_t));
    for (size_t i = r0; i < r1; i++) {
        size_t a = (size_t)w->lab[i];
        cnt[a]++;
        scale_row(w->X + i * d, w->sc, d, xs);
        if (d == 3) {
            double *s = sum + a * 3;
            s[0] += xs[0], s[1] += xs[1], s[2] += xs[2];
        } else {
            for (size_t j = 0; j < d; j++)
                sum[a * d + j] += xs[j];
        }
    }
}

HOT void hamerly_block(ws *w, size_t d, size_t bi, int init)
{
    const size_t r0 = bi * w->rows, r1 = w->n - r0 < w->rows ? w->n : r0 + w->rows;
    size_t changed = 0;
    int *lab = w->lab;
    double *ub = w->ub, *lb = w->lb, *xs = w->pxs + bi * KM_XS(d);
    const double *S = w->S, *half = w->half, M = w->M;
    for (size_t i = r0; i < r1; i++) {
        double b1, b2;
        int na;
        if (init) {
            scale_row(w->X + i * d, w->sc, d, xs);
            na = nearest(xs, w->c, w->k, d, &b1, &b2);
            lab[i] = na;
            ub[i] = sqrt(b1);
            lb[i] = sqrt(b2);
            continue;
        }
        int a = lab[i];
        double u = ub[i] + S[a], l = lb[i] - M;
        double m = half[a] > l ? half[a] : l;
        double slack = 1e-12 * (u + S[a] + M + (m > 0 ? m : -m));
        if (u + slack <= m)
            continue;
        scale_row(w->X + i * d, w->sc, d, xs);
        u = sqrt(dist2(xs, w->c + (size_t)a * d, d));
        if (u + slack <= m) {
            ub[i] = u - S[a];
            continue;
        }
        na = nearest(xs, w->c, w->k, d, &b1, &b2);
        ub[i] = sqrt(b1) - S[na];
        lb[i] = sqrt(b2) + M;
        if (na != a) {
            changed++;
            lab[i] = na;
        }
    }
    w->pchg[bi] = init ? r1 - r0 : changed;
    if (init || changed)
        block_sums(w, d, bi, r0, r1);
}

static void hamerly_task(void *ctx, size_t worker, size_t bi)
{
    (void)worker;
    const ham_ctx *h = ctx;
    if (h->w->d == 3)
        hamerly_block(h->w, 3, bi, h->init);
    else
        hamerly_block(h->w, h->w->d, bi, h->init);
}

static size_t hamerly_pass(ws *w, int init)
{
    ham_ctx h;
    size_t changed = 0;
    h.w = w, h.init = init;
    csat__kmeans_run(w, hamerly_task, &h);
    csat__kmeans_combine(w);
    for (size_t b = 0; b < w->nb; b++)
        changed += w->pchg[b];
    return changed;
}

static void hamerly_init(ws *w)
{
    memset(w->S, 0, w->k * sizeof(double));
    w->M = 0.0;
    (void)hamerly_pass(w, 1);
}

HOT size_t hamerly_step(ws *w, size_t d)
{
    double mx = 0.0;
    for (size_t c = 0; c < w->k; c++) {
        w->S[c] += w->shift[c];
        if (w->shift[c] > mx)
            mx = w->shift[c];
    }
    w->M += mx;
    half_gaps(w, d);
    return hamerly_pass(w, 0);
}

/* Runs one restart from the centres in w->c; returns iterations, sets *conv. */
HOT size_t iterate(ws *w, size_t d, csat_kmeans_algorithm alg, size_t max_iter, double tol_abs, int *conv)
{
    size_t it = 0;
    *conv = 0;
    if (alg == CSAT_KMEANS_HAMERLY)
        hamerly_init(w);
    else
        lloyd_step(w, 1);
    while (it < max_iter) {
        double moved;
        size_t changed;
        it++;
        moved = update_centres(w, d);
        if (moved <= tol_abs) {
            *conv = 1;
            break;
        }
        if (alg == CSAT_KMEANS_HAMERLY) {
            changed = hamerly_step(w, d);
        } else {
            changed = lloyd_step(w, 0);
        }
        if (changed == 0) {
            *conv = 1;
            break;
        }
    }
    return it;
}

/* Final assignment to the centres c; returns the inertia (compensated sum). */
static double assign_all(ws *w, const double *c, int *lab)
{
    csat__ksum s = {0.0, 0.0};
    (void)csat__kmeans_assign(w, c, lab, 0, &s);
    return csat__ksum_value(&s);
}

/* The d == 3 case gets its own copy of the iterations with d constant. */
static size_t iterate_any(ws *w, csat_kmeans_algorithm alg, size_t max_iter, double tol_abs, int *conv)
{
    return w->d == 3 ? iterate(w, 3, alg, max_iter, tol_abs, conv) : iterate(w, w->d, alg, max_iter, tol_abs, conv);
}

/* CSAT_KMEANS_AUTO: the algorithm expected to be faster (both give the
 * same bits). Measured (tests/bench/kmeans_grid.py and full runs to
 * convergence, 100,000 rows, uniform and Gaussian-blob data, d = 3, 16, 64,
 * k = 8 .. 1024): the blocked vector Lloyd pass was faster than Hamerly's
 * row-at-a-time re-examinations everywhere by up to 5x, except a few blob
 * cases where Hamerly was ahead by at most 10%. So Lloyd, until a bounded
 * algorithm with vector re-examinations pays; the rule is kept here, in
 * one place, for that. */
static csat_kmeans_algorithm km_choose(size_t n, size_t d, size_t k)
{
    (void)n, (void)d, (void)k;
    return CSAT_KMEANS_LLOYD;
}

static csat_status check_opts(csat_kmeans *km, const csat_kmeans_options *o, size_t n)
{
    if (o->k == 0)
        return csat__fail(&km->base, CSAT_EINVAL, "k must be at least 1");
    if (n < o->k)
        return csat__fail(&km->base, CSAT_EINVAL, "fewer rows (%zu) than clusters (%zu)", n, o->k);
    if (o->n_init == 0 || o->max_iter == 0)
        return csat__fail(&km->base, CSAT_EINVAL, "n_init and max_iter must be at least 1");
    if (!(o->tol >= 0.0) || !isfinite(o->tol))
        return csat__fail(&km->base, CSAT_EINVAL, "tol must be finite and >= 0");
    if (o->algorithm != CSAT_KMEANS_LLOYD && o->algorithm != CSAT_KMEANS_HAMERLY
        && o->algorithm != CSAT_KMEANS_AUTO)
        return csat__fail(&km->base, CSAT_EINVAL, "unknown algorithm %d", (int)o->algorithm);
    return CSAT_OK;
}

/* The passes over X before clustering run in w's blocks too (threads), with
 * per-block partials in part (nb x 3d, w->psum's space, free until the
 * iterations start) combined in block order. Stage 0: each block's first
 * non-finite value (bad[b], or SIZE_MAX), and per column its largest
 * magnitude, smallest and largest value (part[b][0..3d)); stage 1: the
 * column sums of X sc; stage 2: the column sums of squares about mean. */
typedef struct prep_ctx {
    const ws *w;
    const double *X, *sc, *mean;
    double *part;
    size_t *bad;
    int stage;
} prep_ctx;

static void prep_task(void *ctx, size_t worker, size_t bi)
{
    const prep_ctx *p = ctx;
    const size_t d = p->w->d, n = p->w->n, r0 = bi * p->w->rows;
    const size_t r1 = n - r0 < p->w->rows ? n : r0 + p->w->rows;
    const double *X = p->X, *sc = p->sc;
    double *q = p->part + bi * 3 * d;
    (void)worker;
    if (p->stage == 0) {
        size_t bad = csat__first_nonfinite(X + r0 * d, (r1 - r0) * d);
        p->bad[bi] = bad < (r1 - r0) * d ? r0 * d + bad : SIZE_MAX;
        if (p->bad[bi] != SIZE_MAX)
            return;
        for (size_t j = 0; j < d; j++)
            q[j] = 0.0, q[d + j] = q[2 * d + j] = X[r0 * d + j];
        /* finite values here: plain compares (fmin/fmax may be library calls) */
        for (size_t i = r0; i < r1; i++)
            for (size_t j = 0; j < d; j++) {
                const double v = X[i * d + j], m = fabs(v);
                q[j] = m > q[j] ? m : q[j];
                q[d + j] = v < q[d + j] ? v : q[d + j];
                q[2 * d + j] = v > q[2 * d + j] ? v : q[2 * d + j];
            }
        return;
    }
    for (size_t j = 0; j < d; j++)
        q[j] = 0.0;
    if (p->stage == 1) {
        for (size_t i = r0; i < r1; i++)
            for (size_t j = 0; j < d; j++)
                q[j] += X[i * d + j] * sc[j];
    } else {
        for (size_t i = r0; i < r1; i++)
            for (size_t j = 0; j < d; j++) {
                const double dl = X[i * d + j] * sc[j] - p->mean[j];
                q[j] += dl * dl;
            }
    }
}

/* Runs a stage; stages 1 and 2 leave the column sums in out (d). */
static void prep_run(prep_ctx *p, int stage, double *out)
{
    const size_t d = p->w->d;
    p->stage = stage;
    csat__kmeans_run(p->w, prep_task, p);
    if (stage == 0)
        return;
    for (size_t j = 0; j < d; j++)
        out[j] = p->part[j];
    for (size_t b = 1; b < p->w->nb; b++)
        for (size_t j = 0; j < d; j++)
            out[j] += p->part[b * 3 * d + j];
}

/* The scale sc[j] each feature is multiplied by while clustering, from its
 * mean and variance (two passes, no division per element): a common power
 * of two g, or with standardising 1/sd per feature (computed on the feature
 * times its own power of two, so that neither 1e200 nor 1e-300 overflows
 * or underflows). *tol_abs gets the mean variance of the scaled features.
 * mean and var are scratch of d values each; p has run stage 0, and maxabs
 * holds each column's largest magnitude. */
static csat_status feature_scales(csat_kmeans *km, prep_ctx *p, const double *maxabs, int standardize,
                                  double *mean, double *var, double *sc, double *g_out, double *tol_abs)
{
    const double *X = p->X;
    const size_t n = p->w->n, d = p->w->d;
    double g = 0.0, sum = 0.0;
    for (size_t j = 0; j < d; j++)
        g = fmax(g, maxabs[j]);
    g = pow2_scale(g);
    for (size_t j = 0; j < d; j++)
        sc[j] = standardize ? pow2_scale(maxabs[j]) : g; /* the feature's own pre-scale */
    p->sc = sc;
    prep_run(p, 1, mean);
    for (size_t j = 0; j < d; j++)
        mean[j] /= (double)n;
    p->mean = mean;
    prep_run(p, 2, var);
    for (size_t j = 0; j < d; j++) {
        var[j] /= (double)n;
        if (standardize) {
            size_t i = 1;
            while (i < n && X[i * d + j] == X[j])
                i++;
            if (i == n)
                return csat__fail(&km->base, CSAT_EDOM, "column %zu is constant: cannot standardise", j);
            double pre = sc[j];
            sc[j] = pre / sqrt(var[j]);
            if (!isfinite(sc[j]) || !(var[j] > 0.0))
                return csat__fail(&km->base, CSAT_EDOM, "column %zu varies by less than the double "
                                  "range can scale to unit variance (values near %g)", j, X[j]);
            sum += var[j] * (sc[j] / pre) * (sc[j] / pre); /* ~1: the scaled variance */
        } else {
            sum += var[j];
        }
    }
    *g_out = g;
    *tol_abs = sum;
    return CSAT_OK;
}

/* Whether the inertia in input units is sure to be a double: every row
 * ends within the bounding box's diagonal of its nearest centre (a centre
 * of a non-empty cluster is a mean of rows), so the inertia is at most n
 * times the squared diagonal; measured on X times g (lo[j] g and hi[j] g:
 * a power of two keeps the order), then divided by g twice (g * g alone
 * underflows for values near 1e300). A computed mean may leave the box by
 * its rounding (up to ~n ulp: the mean of 24 copies of 1e300 can miss it by
 * 1e284, whose square is past DBL_MAX), so the box is widened by that much,
 * and the bound must stay below DBL_MAX / 2. */
static int inertia_surely_finite(const double *lo_, const double *hi_, size_t n, size_t d, double g)
{
    double diag2 = 0.0;
    for (size_t j = 0; j < d; j++) {
        double lo = lo_[j] * g, hi = hi_[j] * g, w;
        w = (hi - lo) + ((double)n + 16.0) * DBL_EPSILON * fmax(fabs(lo), fabs(hi));
        diag2 += w * w;
    }
    return (double)n * diag2 / g / g <= DBL_MAX / 2;
}

csat_status csat_kmeans_fit(csat_kmeans *km, const double *X, size_t n, size_t d,
                            const csat_kmeans_options *opts, int *labels)
{
    int *backup = NULL;
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    const csat_allocator *al;
    csat_status st;
    size_t kd, bad, runs, best_iter = 0;
    double *mean = NULL, *var = NULL, *sc = NULL, *block = NULL, *best = NULL, *newc = NULL;
    double tol_abs = 0.0, best_inertia = DBL_MAX, g = 1.0;
    int all_equal = 1, best_conv = 0;
    uint64_t rng;
    prep_ctx pc;
    ws w;

    memset(&w, 0, sizeof w);
    if (km == NULL)
        return CSAT_EINVAL;
    csat__clear_error(&km->base);
    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_KMEANS_OPTIONS_VERSION))
            return csat__fail(&km->base, CSAT_EVERSION, "unknown options version %u", opts->version);
        o = *opts;
    }
    if (X == NULL || labels == NULL)
        return csat__fail(&km->base, CSAT_EINVAL, "X and labels must not be NULL");
    if (d == 0 || n == 0)
        return csat__fail(&km->base, n == 0 ? CSAT_EEMPTY : CSAT_EINVAL, "empty matrix (%zu x %zu)", n, d);
    if (!csat__array_bytes_ok(n, d, sizeof *X) || !csat__array_bytes_ok(n, 1, sizeof *labels)
        || !csat__array_bytes_ok(o.k, d, sizeof(double)))
        return csat__fail(&km->base, CSAT_EINVAL,
                          "X of %zu rows x %zu columns (or k = %zu centres) overflows the address space",
                          n, d, o.k);
    if (o.k > (size_t)INT32_MAX)
        return csat__fail(&km->base, CSAT_EINVAL, "k = %zu is above %d", o.k, (int)INT32_MAX);
    kd = o.k * d;
    st = check_opts(km, &o, n);
    if (st != CSAT_OK)
        return st;
    if (o.init_centers && csat__first_nonfinite(o.init_centers, kd) < kd)
        return csat__fail(&km->base, CSAT_EINVAL, "init_centers holds a non-finite value");

    al = &km->base.alloc;
    /* one block: mean, var, scale, xs (d each), centres, sums, best (kd each), cand, shift, half, S:
     * at most (4 + MAX_TRIALS + 3 k + 3) d doubles, which only an X of nearly SIZE_MAX bytes exceeds */
    if (!csat__array_bytes_ok(4 + MAX_TRIALS + 3 * o.k + 3, d, sizeof(double)))
        goto nomem;
    block = csat__malloc_array(al, 4 * d + 3 * kd + MAX_TRIALS * d + 3 * o.k, sizeof(double));
    newc = csat__malloc_array(al, 2 * kd + d, sizeof(double)); /* centres, scaled centres, scales */
    if (block == NULL || newc == NULL)
        goto nomem;
    mean = block;
    var = mean + d;
    sc = var + d;
    w.xs = sc + d;
    w.c = w.xs + d;
    w.sum = w.c + kd;
    best = w.sum + kd;
    w.cand = best + kd;
    w.shift = w.cand + MAX_TRIALS * d;
    w.half = w.shift + o.k;
    w.S = w.half + o.k;
    w.n = n;
    w.d = d;
    w.k = o.k;
    km_blocks(&w);
    if (o.algorithm == CSAT_KMEANS_AUTO)
        o.algorithm = km_choose(n, d, o.k);
    /* per-block partials: nb (k d + KM_XS(d)) doubles, nb (k + 1) counts, nb sums */
    if (!csat__array_bytes_ok(kd, 1, sizeof(double)) || !csat__array_bytes_ok(d, KM_WR + 2, sizeof(double))
        || !csat__array_bytes_ok(w.nb, kd + KM_XS(d), sizeof(double))
        || !csat__array_bytes_ok(w.nb, o.k + 1, sizeof(size_t)))
        goto nomem;
    w.psum = csat__malloc_array(al, w.nb * (kd + KM_XS(d)), sizeof(double));
    w.pcnt = csat__malloc_array(al, w.nb * (o.k + 1), sizeof(size_t));
    w.pks = csat__malloc_array(al, w.nb, sizeof(csat__ksum));
    w.cnt = csat__malloc_array(al, o.k, sizeof(size_t));
    if (w.cnt == NULL || w.psum == NULL || w.pcnt == NULL || w.pks == NULL)
        goto nomem;
    w.pxs = w.psum + w.nb * kd;
    w.pchg = w.pcnt + w.nb * o.k;
    w.par = csat__handle_par(km);
    if (o.algorithm == CSAT_KMEANS_HAMERLY) {
        w.ub = csat__malloc_array(al, n, sizeof(double));
        w.lb = csat__malloc_array(al, n, sizeof(double));
        if (w.ub == NULL || w.lb == NULL)
            goto nomem;
    }
    /* the checks and statistics of X, in blocks (threads) */
    pc.w = &w, pc.X = X, pc.sc = pc.mean = NULL, pc.part = w.psum, pc.bad = w.pcnt;
    prep_run(&pc, 0, NULL);
    bad = SIZE_MAX;
    for (size_t b = 0; b < w.nb && bad == SIZE_MAX; b++)
        bad = pc.bad[b];
    if (bad != SIZE_MAX) {
        st = csat__fail(&km->base, CSAT_EINVAL, "X[%zu][%zu] is not finite", bad / d, bad % d);
        goto out;
    }
    for (size_t i = 1; i < n && all_equal; i++)
        all_equal = memcmp(X, X + i * d, d * sizeof(double)) == 0;
    if (all_equal && o.k > 1 && n > 1) {
        st = csat__fail(&km->base, CSAT_EDOM, "all rows are equal: cannot form %zu clusters", o.k);
        goto out;
    }
    /* per column: largest magnitude, lowest, highest (in w.cand, free until seeding) */
    for (size_t b = 0; b < w.nb; b++)
        for (size_t j = 0; j < 3 * d; j++) {
            const double v = pc.part[b * 3 * d + j];
            w.cand[j] = b == 0 ? v : j >= d && j < 2 * d ? fmin(w.cand[j], v) : fmax(w.cand[j], v);
        }
    st = feature_scales(km, &pc, w.cand, o.standardize, mean, var, sc, &g, &tol_abs);
    if (st != CSAT_OK)
        goto out;
    /* labels are the fit's working space; where the inertia may overflow
     * (CSAT_EDOM below), they are restored from a copy on that error */
    if (!o.standardize && !inertia_surely_finite(w.cand + d, w.cand + 2 * d, n, d, g)) {
        backup = csat__malloc_array(al, n, sizeof *backup);
        if (backup == NULL)
            goto nomem;
        memcpy(backup, labels, n * sizeof *labels);
    }
    tol_abs = o.tol * tol_abs / (double)d;

    w.X = X;
    w.sc = sc;
    w.lab = labels;
    rng = o.seed;
    runs = o.init_centers ? 1 : o.n_init;
    for (size_t run = 0; run < runs; run++) {
        int conv;
        size_t it;
        double inertia;
        if (o.init_centers) {
            for (size_t c = 0; c < o.k; c++)
                scale_row(o.init_centers + c * d, sc, d, w.c + c * d);
            /* a centre near DBL_MAX can pass it once scaled (standardize
             * with a spread below 1): it would stay Inf in an empty cluster */
            if (csat__first_nonfinite(w.c, kd) < kd) {
                st = csat__fail(&km->base, CSAT_EINVAL, "init_centers overflow once scaled to the "
                                "fit's units (values near %g)", 1.0 / sc[0]);
                goto out;
            }
        } else {
            csat__kmeans_seed(&w, &rng);
        }
        it = iterate_any(&w, o.algorithm, o.max_iter, tol_abs, &conv);
        /* inertia of this run at its final centres */
        inertia = assign_all(&w, w.c, labels);
        if (inertia < best_inertia) {
            best_inertia = inertia;
            best_iter = it;
            best_conv = conv;
            memcpy(best, w.c, kd * sizeof(double));
        }
    }
    best_inertia = runs > 1 ? assign_all(&w, best, labels) : best_inertia;
    for (size_t c = 0; c < o.k; c++)
        for (size_t j = 0; j < d; j++)
            newc[c * d + j] = best[c * d + j] / sc[j];
    memcpy(newc + kd, best, kd * sizeof(double));
    memcpy(newc + 2 * kd, sc, d * sizeof(double));
    /* without standardising, the inertia is in input units: undo g */
    best_inertia = o.standardize ? best_inertia : best_inertia / g / g;
    if (!isfinite(best_inertia)) {
        if (backup)
            memcpy(labels, backup, n * sizeof *labels);
        st = csat__fail(&km->base, CSAT_EDOM, "the inertia in input units exceeds the double "
                        "range (values near %g): standardise or rescale X", 1.0 / g);
        goto out;
    }
    csat__free(al, km->centers);
    km->centers = newc;
    km->scaled = newc + kd;
    km->scales = newc + 2 * kd;
    newc = NULL;
    km->k = o.k;
    km->d = d;
    km->inertia = best_inertia;
    km->n_iter = best_iter;
    km->converged = best_conv;
    km->fitted = 1;
    st = CSAT_OK;
    goto out;
nomem:
    st = csat__fail(&km->base, CSAT_ENOMEM, "out of memory");
out:
    csat__free(al, backup);
    csat__free(al, block);
    csat__free(al, newc);
    csat__free(al, w.cnt);
    csat__free(al, w.psum);
    csat__free(al, w.pcnt);
    csat__free(al, w.pks);
    csat__free(al, w.ub);
    csat__free(al, w.lb);
    return st;
}

csat_status csat_kmeans_result(const csat_kmeans *km, double *centers, size_t cap, double *inertia,
                               size_t *n_iter, int *converged)
{
    if (km == NULL || !csat__array_bytes_ok(cap, 1, sizeof *centers))
        return CSAT_EINVAL;
    if (!km->fitted)
        return CSAT_EMISUSE;
    if (centers && cap < km->k * km->d)
        return CSAT_EBUFSIZE;
    if (centers)
        memcpy(centers, km->centers, km->k * km->d * sizeof(double));
    if (inertia)
        *inertia = km->inertia;
    if (n_iter)
        *n_iter = km->n_iter;
    if (converged)
        *converged = km->converged;
    return CSAT_OK;
}
