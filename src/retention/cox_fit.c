/*
 * The Cox fit: Newton-Raphson with step halving exactly as R's coxph
 * (coxfit6) iterates, so that both stop at the same point; the three
 * tests, the robust variance and the concordance; the accessors. The
 * dense linear algebra is the shared Cholesky inverse (csat__spd_inverse).
 */
#include "retention/cox_internal.h"
#include "core/sort.h"
#include "numerics/numerics.h"
#include "numerics/optim.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#define VIF_MAX 1e11 /* a column explained to within 1e-11 by the others is collinear */

/* The first column of the information I (p x p) at b = 0 that is constant
 * within strata or collinear with those before it; p if none. V is p*p
 * scratch. CSAT_ENOMEM only. */
static csat_status collinear_column(const double *I, size_t p, double *V, const csat_allocator *a,
                                    size_t *col)
{
    for (size_t m = 1; m <= p; m++) {
        csat_status st;
        if (!(I[(m - 1) * p + m - 1] > 0.0)) {
            *col = m - 1;
            return CSAT_OK;
        }
        for (size_t r = 0; r < m; r++)
            for (size_t c = 0; c < m; c++)
                V[r * m + c] = I[r * p + c];
        st = csat__spd_inverse(V, m, a);
        if (st == CSAT_ENOMEM)
            return st;
        if (st != CSAT_OK || !(V[(m - 1) * m + m - 1] * I[(m - 1) * p + m - 1] < VIF_MAX)) {
            *col = m - 1;
            return CSAT_OK;
        }
    }
    *col = p;
    return CSAT_OK;
}

static double quad_form(const double *A, const double *x, size_t p)
{
    double s = 0.0;
    for (size_t r = 0; r < p; r++)
        for (size_t c = 0; c < p; c++)
            s += x[r] * A[r * p + c] * x[c];
    return s;
}

/* C = A B for p x p row-major matrices. */
static void mat_mul(const double *A, const double *B, double *C, size_t p)
{
    for (size_t r = 0; r < p; r++)
        for (size_t c = 0; c < p; c++) {
            double s = 0.0;
            for (size_t k = 0; k < p; k++)
                s += A[r * p + k] * B[k * p + c];
            C[r * p + c] = s;
        }
}

/* The robust variance's middle B = sum over clusters of rc rc' (rc the
 * cluster's summed score residuals) by blocks of whole clusters, one
 * partial B per block added in block order (issue 18). */
#define ROB_PART_MAX ((size_t)1 << 22)

typedef struct rob_ctx {
    const double *res;
    const uint64_t *id; /* cluster ids in ord's order, or NULL */
    const size_t *o;    /* positions by cluster */
    const size_t *bs;   /* block starts (nb + 1) */
    size_t p;
    double *part; /* nb x (p*p + p): B, then rc */
} rob_ctx;

static void rob_block(void *vctx, size_t worker, size_t blk)
{
    const rob_ctx *cx = vctx;
    const size_t p = cx->p, hi = cx->bs[blk + 1];
    double *B = cx->part + blk * (p * p + p), *rc = B + p * p;
    (void)worker;
    memset(B, 0, p * p * sizeof *B);
    for (size_t k = cx->bs[blk]; k < hi;) {
        size_t k0 = k;
        memset(rc, 0, p * sizeof *rc);
        do {
            const double *r = cx->res + (cx->id ? cx->o[k] : k) * p;
            for (size_t j = 0; j < p; j++)
                rc[j] += r[j];
            k++;
        } while (cx->id && k < hi && cx->id[cx->o[k]] == cx->id[cx->o[k0]]);
        for (size_t r = 0; r < p; r++)
            for (size_t c = 0; c < p; c++)
                B[r * p + c] += rc[r] * rc[c];
    }
}

/* Robust variance V B V from the score residuals summed by cluster (each
 * row alone without ids) into Vr; rse its standard errors. */
static csat_status robust(cox_data *d, const uint64_t *cluster, const double *V, double *Vr,
                          double *rse, const csat_allocator *a)
{
    const size_t n = d->n, p = d->p;
    size_t per = ROB_PART_MAX / (p * p + p), rows, nbmax, nb = 0;
    double *res = csat__malloc_array(a, n, p * sizeof *res);
    double *B = csat__calloc_array(a, p * p + 2 * p, sizeof *B), *T, *part = NULL;
    uint64_t *id = cluster ? csat__malloc_array(a, n, sizeof *id) : NULL;
    size_t *o = cluster ? csat__malloc_array(a, n, sizeof *o) : NULL, *bs = NULL;
    csat_status st = CSAT_ENOMEM;
    rows = csat__n_blocks(n, per < 1 ? 1 : per);
    if (rows < CSAT__BLOCK_ROWS)
        rows = CSAT__BLOCK_ROWS;
    nbmax = csat__n_blocks(n, rows);
    bs = csat__malloc_array(a, nbmax + 1, sizeof *bs);
    part = csat__malloc_array(a, nbmax, (p * p + p) * sizeof *part);
    if (!res || !B || (cluster && (!id || !o)) || !bs || !part)
        goto done;
    if ((st = csat__cox_score_resid(d, res, a)) != CSAT_OK)
        goto done;
    if (cluster) {
        for (size_t k = 0; k < n; k++)
            id[k] = cluster[d->ord[k]];
        if ((st = csat__order_u64(id, n, o, a)) != CSAT_OK)
            goto done;
    }
    for (size_t lo = 0; lo < n; nb++) { /* blocks of whole clusters, rows or more */
        size_t hi = n - lo > rows ? lo + rows : n;
        while (cluster && hi < n && id[o[hi]] == id[o[hi - 1]])
            hi++;
        bs[nb] = lo;
        lo = hi;
    }
    bs[nb] = n;
    {
        rob_ctx cx = {res, cluster ? id : NULL, o, bs, p, part};
        csat__par_run(d->par, nb, rob_block, &cx);
    }
    for (size_t blk = 0; blk < nb; blk++)
        for (size_t r = 0; r < p * p; r++)
            B[r] += part[blk * (p * p + p) + r];
    T = res; /* T = V B, then Vr = T V */
    mat_mul(V, B, T, p);
    mat_mul(T, V, Vr, p);
    for (size_t j = 0; j < p; j++)
        rse[j] = sqrt(fmax(Vr[j * p + j], 0.0));
    st = CSAT_OK;
done:
    csat__free(a, res);
    csat__free(a, B);
    csat__free(a, id);
    csat__free(a, o);
    csat__free(a, bs);
    csat__free(a, part);
    return st;
}

/* V = I^-1 for the information I at b of a fast pass. Where I is not
 * positive definite there (rounding in a degenerate risk set, e.g. a
 * coefficient on its way to infinity, can cost the one-sweep sums their
 * last digits), the direct pass recomputes u and I at b and V is tried
 * again: the errors are then the direct pass's. */
static csat_status invert_info(cox_data *d, const double *b, double *u, double *I, double *V,
                               double *pw, const csat_allocator *a)
{
    csat_status st;
    memcpy(V, I, d->p * d->p * sizeof *V);
    if ((st = csat__spd_inverse(V, d->p, a)) != CSAT_EDOM)
        return st;
    csat__cox_pass(d, b, u, I, pw);
    memcpy(V, I, d->p * d->p * sizeof *V);
    return csat__spd_inverse(V, d->p, a);
}

void csat__cox_layout(cox_data *d, double *cols, size_t *idx, int with_entry)
{
    const size_t n = d->n;
    d->xc = cols;
    d->t = cols + n * d->p;
    d->ev = d->t + n;
    d->wt = d->ev + n;
    d->eta = d->wt + n;
    d->risk = d->eta + n;
    d->t0 = with_entry ? d->risk + n : NULL;
    d->ord = idx;
    d->rem = idx + n;
    d->blk = idx + 2 * n;
}

typedef struct newton_state {
    size_t iterations, evaluations;
    double ll0, ll, score;
    int converged;
} newton_state;

/* R's coxfit6 iteration from b = 0. work: newb, u (p), I, V (p*p), pass
 * scratch (3p + 2p*p); cw: n doubles, the fast pass's scratch. On CSAT_OK,
 * b is the fit, I the information and V its inverse at b, u the score, d's
 * eta and risk at b. *col is set to the collinear column on CSAT_EDOM from
 * the start. */
static csat_status newton(cox_data *d, const csat_cox_options *o, double *b, double *work,
                          double *cw, const csat_allocator *a, newton_state *ns, size_t *col)
{
    const size_t p = d->p;
    double *newb = work, *u = newb + p, *I = u + p, *V = I + p * p, *pw = V + p * p;
    double loglik, newlk;
    int halving = 0;
    csat_status st;
    memset(b, 0, p * sizeof *b);
    ns->ll0 = loglik = csat__cox_pass_fast(d, b, u, I, pw, cw);
    ns->evaluations = 1;
    ns->iterations = 0;
    ns->converged = 0;
    if (!isfinite(loglik))
        return CSAT_EINTERNAL;
    if ((st = collinear_column(I, p, V, a, col)) != CSAT_OK)
        return st;
    if (*col < p)
        return CSAT_EDOM;
    if ((st = invert_info(d, b, u, I, V, pw, a)) != CSAT_OK)
        return st;
    ns->score = quad_form(V, u, p);
    for (size_t r = 0; r < p; r++) {
        double s = 0.0;
        for (size_t c = 0; c < p; c++)
            s += V[r * p + c] * u[c];
        newb[r] = s;
    }
    for (ns->iterations = 1; ns->iterations <= o->max_iter; ns->iterations++) {
        newlk = csat__cox_pass_fast(d, newb, u, I, pw, cw);
        ns->evaluations++;
        if (isfinite(newlk) && !halving &&
            (newlk == loglik || fabs(1.0 - loglik / newlk) <= o->eps)) {
            memcpy(b, newb, p * sizeof *b);
            if ((st = invert_info(d, b, u, I, V, pw, a)) != CSAT_OK)
                return st;
            ns->ll = newlk;
            ns->converged = 1;
            return CSAT_OK;
        }
        if (ns->iterations == o->max_iter)
            break;
        if (!(newlk >= loglik)) { /* worse (or not finite): halve the step */
            halving = 1;
            for (size_t j = 0; j < p; j++)
                newb[j] = 0.5 * (newb[j] + b[j]);
            continue;
        }
        halving = 0;
        loglik = newlk;
        if ((st = invert_info(d, newb, u, I, V, pw, a)) != CSAT_OK)
            return st;
        memcpy(b, newb, p * sizeof *b);
        for (size_t r = 0; r < p; r++) {
            double s = 0.0;
            for (size_t c = 0; c < p; c++)
                s += V[r * p + c] * u[c];
            newb[r] = b[r] + s;
        }
    }
    ns->iterations = o->max_iter;
    memcpy(b, newb, p * sizeof *b);
    ns->ll = newlk;
    return CSAT_ENOCONV;
}

/* The column whose coefficient diverges (R's "coefficient may be
 * infinite": the Newton step left at the end is not small), or p. */
static size_t diverging(const double *b, const double *V, const double *u, size_t p, double eps)
{
    for (size_t r = 0; r < p; r++) {
        double s = 0.0;
        for (size_t c = 0; c < p; c++)
            s += V[r * p + c] * u[c];
        if (!(fabs(s) <= sqrt(eps) * (1.0 + fabs(b[r]))))
            return r;
    }
    return p;
}

static csat_status check_options(csat_cox *m, const csat_cox_options *o)
{
    if (!csat__version_ok(o->version, CSAT_COX_OPTIONS_VERSION))
        return csat__fail(&m->base, CSAT_EVERSION, "unknown csat_cox_options version %u", o->version);
    if ((o->ties != CSAT_COX_EFRON && o->ties != CSAT_COX_BRESLOW) ||
        (o->robust != 0 && o->robust != 1) || o->max_iter == 0 || !(o->eps > 0.0 && o->eps <= 1e-2))
        return csat__fail(&m->base, CSAT_EINVAL,
                          "bad options (ties %d, robust %d, max_iter %zu, eps %g): ties is "
                          "CSAT_COX_EFRON or CSAT_COX_BRESLOW, robust 0 or 1, max_iter >= 1, "
                          "eps in (0, 1e-2]", (int)o->ties, o->robust, o->max_iter, o->eps);
    if (o->version >= 2 && o->keep_data != 0 && o->keep_data != 1) /* version 2: keep_data */
        return csat__fail(&m->base, CSAT_EINVAL, "opts->keep_data = %d is not 0 or 1", o->keep_data);
    return CSAT_OK;
}

csat_status csat_cox_fit(csat_cox *m, const double *X, size_t n_rows, size_t n_cols,
                         const double *entry, const double *stop, const double *events,
                         const uint64_t *strata, const double *weights, const uint64_t *cluster,
                         const csat_cox_options *opts, csat_fit_report *report)
{
    const csat_cox_options def = CSAT_COX_OPTIONS_INIT;
    const csat_allocator *a;
    const size_t n = n_rows, p = n_cols;
    cox_data d;
    newton_state ns = {0, 0, 0.0, 0.0, 0.0, 0};
    size_t n_events = 0, col = p, pp;
    uint64_t empty = 0;
    double *cols = NULL, *out = NULL, *work = NULL, *Vr, conc = 0.5, gmax = 0.0, wald;
    int wald_robust = 0;
    size_t *idx = NULL, *bidx = NULL;
    cox_base *pred = NULL;
    int rob, keep;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    a = &m->base.alloc;
    if (!opts)
        opts = &def;
    if ((st = check_options(m, opts)) != CSAT_OK)
        return st;
    if (n == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "no rows");
    if (p == 0)
        return csat__fail(&m->base, CSAT_EINVAL, "n_cols = 0: a Cox model needs a covariate");
    if (!csat__array_bytes_ok(n, p + 8, sizeof(double)) || csat__mul_overflow(p, 4 * p + 8, &pp) ||
        !csat__array_bytes_ok(pp, 1, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL,
                          "X of n_rows = %zu x n_cols = %zu overflows the address space", n, p);
    if (!X || !stop || !events)
        return csat__fail(&m->base, CSAT_EINVAL, "%s is NULL", !X ? "X" : !stop ? "stop" : "events");
    if ((st = csat__cox_check_rows(m, X, n, p, entry, stop, events, weights, &n_events)) != CSAT_OK)
        return st;
    if (n_events == 0)
        return csat__fail(&m->base, CSAT_EDOM, "no events: every row is censored");
    rob = opts->robust || cluster != NULL;
    memset(&d, 0, sizeof d);
    d.n = n;
    d.p = p;
    d.n_events = n_events;
    d.efron = opts->ties == CSAT_COX_EFRON;
    cols = csat__malloc_array(a, n, (p + 7) * sizeof *cols); /* the last n: the pass's scratch */
    idx = csat__malloc_array(a, 3 * n + 1, sizeof *idx);
    out = csat__malloc_array(a, 3 * p, sizeof *out);
    work = csat__malloc_array(a, pp, sizeof *work);
    if (!cols || !idx || !out || !work) {
        st = CSAT_ENOMEM;
        goto fail;
    }
    csat__cox_layout(&d, cols, idx, entry != NULL);
    d.w = weights;
    d.X = X;
    d.par = csat__handle_par(m); /* threads for the gathers in build and the passes */
    if ((st = csat__cox_build(&d, X, entry, stop, events, strata, weights, a, &empty)) != CSAT_OK)
        goto fail;
    {
        size_t nb = csat__cox_blocks(&d, NULL, NULL);
        bidx = csat__malloc_array(a, 2 * nb + 1, sizeof *bidx);
        d.part = csat__malloc_array(a, nb * csat__cox_slot_len(p) + d.n_strata, sizeof *d.part);
        if (!bidx || !d.part) {
            st = CSAT_ENOMEM;
            goto fail;
        }
        csat__cox_blocks(&d, bidx, bidx + nb + 1);
    }
    st = newton(&d, opts, out, work, d.risk + 2 * n, a, &ns, &col); /* cols' last n */
    if (st == CSAT_OK || st == CSAT_ENOCONV) {
        double *u = work + p, *I = u + p, *V = I + p * p;
        if (st == CSAT_ENOCONV) {
            memcpy(V, I, p * p * sizeof *V);
            col = csat__spd_inverse(V, p, a) == CSAT_OK ? diverging(out, V, u, p, opts->eps) : 0;
        } else {
            col = diverging(out, V, u, p, opts->eps);
        }
        if (col < p)
            st = CSAT_EDOM;
    }
    if (st != CSAT_OK)
        goto fail;
    {
        double *u = work + p, *I = u + p, *V = I + p * p;
        for (size_t j = 0; j < p; j++) {
            out[p + j] = sqrt(fmax(V[j * p + j], 0.0));
            out[2 * p + j] = NAN;
            gmax = fmax(gmax, fabs(u[j]));
        }
        wald = quad_form(I, out, p);
        if (!rob && (st = csat__cox_baseline_build(&d, strata, out, V, &pred, a)) != CSAT_OK)
            goto fail;
        if (rob) {
            Vr = work + 2 * p + 2 * p * p; /* the pass scratch is free now */
            if ((st = robust(&d, cluster, V, Vr, out + 2 * p, a)) != CSAT_OK)
                goto fail;
            if ((st = csat__cox_baseline_build(&d, strata, out, Vr, &pred, a)) != CSAT_OK)
                goto fail; /* prediction uses R's fit$var: the robust one */
            if (csat__spd_inverse(Vr, p, a) == CSAT_OK) {
                wald = quad_form(Vr, out, p);
                wald_robust = 1;
            }
        }
    }
    if ((st = csat__cox_concordance(&d, &conc, a)) != CSAT_OK)
        goto fail;
    keep = opts->version < 2 || opts->keep_data; /* version 2: keep_data = 0 keeps none */
    if (keep && (st = csat__cox_keep(m, X, n, p, entry, stop, events, strata, weights, n_events,
                                     d.efron, cluster, opts->max_iter, opts->eps)) != CSAT_OK)
        goto fail;
    if (!keep)
        csat__cox_drop(m); /* the previous fit's data */
    m->kept_off = !keep;
    csat__free(a, cols);
    csat__free(a, idx);
    csat__free(a, work);
    csat__free(a, bidx);
    csat__free(a, d.part);
    csat__free(a, m->coef);
    csat__free(a, m->pred);
    m->pred = pred;
    m->coef = out;
    m->se = out + p;
    m->rse = out + 2 * p;
    m->p = p;
    m->fitted = 1;
    m->st.ll_null = ns.ll0;
    m->st.ll = ns.ll;
    m->st.df = (double)p;
    m->st.lr = 2.0 * (ns.ll - ns.ll0);
    m->st.lr_p = csat__chisq_sf(fmax(m->st.lr, 0.0), (double)p);
    m->st.wald = wald;
    m->st.wald_p = csat__chisq_sf(wald, (double)p);
    m->st.robust = wald_robust;
    m->st.score = ns.score;
    m->st.score_p = csat__chisq_sf(ns.score, (double)p);
    m->st.n = (double)n;
    m->st.n_events = (double)n_events;
    m->st.concordance = conc;
    m->st.iterations = ns.iterations;
    m->st.converged = 1;
    m->stages.n = 0;
    (void)csat__stages_add(&m->stages, n, ns.iterations, ns.evaluations, ns.ll, gmax, 1);
    if (report) {
        report->iterations = ns.iterations;
        report->evaluations = ns.evaluations;
        report->log_likelihood = ns.ll;
        report->grad_norm = gmax;
        report->converged = 1;
    }
    csat__clear_error(&m->base);
    return CSAT_OK;
fail:
    csat__free(a, pred);
    csat__free(a, bidx);
    csat__free(a, d.part);
    csat__free(a, cols);
    csat__free(a, idx);
    csat__free(a, out);
    csat__free(a, work);
    if (st == CSAT_ENOMEM)
        return csat__fail(&m->base, st, "cox: out of memory");
    if (st == CSAT_EDOM && ns.iterations == 0 && col == p)
        return csat__fail(&m->base, st, "stratum %" PRIu64 " has no events", empty);
    if (st == CSAT_EDOM && ns.iterations == 0)
        return csat__fail(&m->base, st,
                          "column %zu of X is constant within strata or collinear with the "
                          "columns before it", col);
    if (st == CSAT_EDOM && col < p)
        return csat__fail(&m->base, st,
                          "monotone likelihood: the coefficient of column %zu diverges (it may be "
                          "infinite, as R warns; e.g. a covariate that separates the events)", col);
    if (st == CSAT_ENOCONV)
        return csat__fail(&m->base, st, "Newton did not converge in %zu iterations", opts->max_iter);
    return csat__fail(&m->base, st, "cox: the information matrix is not positive definite");
}

csat_status csat_cox_n_coef(const csat_cox *m, size_t *n_coef)
{
    if (!m || !n_coef)
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    *n_coef = m->p;
    return CSAT_OK;
}

csat_status csat_cox_coef(const csat_cox *m, double *coef, double *std_err, double *robust_se,
                          size_t cap)
{
    if (!m || !csat__array_bytes_ok(cap, 1, sizeof(double)))
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if (cap < m->p)
        return CSAT_EBUFSIZE;
    if (coef)
        memcpy(coef, m->coef, m->p * sizeof *coef);
    if (std_err)
        memcpy(std_err, m->se, m->p * sizeof *std_err);
    if (robust_se)
        memcpy(robust_se, m->rse, m->p * sizeof *robust_se);
    return CSAT_OK;
}

csat_status csat_cox_stats_get(const csat_cox *m, csat_cox_stats *stats)
{
    if (!m || !stats)
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    *stats = m->st;
    return CSAT_OK;
}

csat_status csat_cox_fit_stages(const csat_cox *m, csat_fit_stage *stages, size_t cap, size_t *n_stages)
{
    return m ? csat__stages_get(&m->stages, stages, cap, n_stages) : CSAT_EINVAL;
}
