/*
 * Maximum-likelihood fits of a BTYD model on log-parameters with the shared
 * optimisers (BFGS, or Newton where the kind has a Hessian), the warm
 * starts of large fits, standard errors and the fit from a customer store
 * (the chunked forms for data in several places are in btyd_chunk.c).
 */
#include "btyd/btyd_handle.h"
#include "numerics/optim.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Validate fit options into o (defaults for NULL). */
static csat_status read_options(csat__base *b, const csat_btyd_options *opts, csat_btyd_options *o,
                                size_t np)
{
    csat_btyd_options d = CSAT_BTYD_OPTIONS_INIT;
    *o = d;
    if (!opts)
        return CSAT_OK;
    if (!csat__version_ok(opts->version, CSAT_BTYD_OPTIONS_VERSION))
        return csat__fail(b, CSAT_EVERSION, "unknown options version %u", opts->version);
    *o = *opts;
    if (!(isfinite(o->l2_penalty) && o->l2_penalty >= 0))
        return csat__fail(b, CSAT_EINVAL, "l2_penalty must be finite and >= 0");
    if (o->max_iter == 0)
        return csat__fail(b, CSAT_EINVAL, "max_iter must be > 0");
    if (!(o->gtol > 0 && o->gtol <= 1e-2))
        return csat__fail(b, CSAT_EINVAL, "gtol must be in (0, 1e-2]");
    if (o->start)
        for (size_t i = 0; i < np; i++)
            if (!(isfinite(o->start[i]) && o->start[i] > 0))
                return csat__fail(b, CSAT_EINVAL, "start parameter %zu must be finite and > 0", i);
    return CSAT_OK;
}

/* ---- fitting -------------------------------------------------------------------- */

/* The last Hessian evaluation on the full data (raw log-likelihood,
 * gradient and Hessian in the natural parameters at theta = th): the ridge
 * test after a Newton fit (ridge_walk) starts where Newton ended and reuses
 * it (a Hessian pass over a million GGom/NBD rows costs ~1.6 s). The same
 * values as a new evaluation, bit for bit. */
typedef struct eval_cache {
    int valid;
    double th[CSAT_BTYD_N_PARAMS], ll, g[CSAT_BTYD_N_PARAMS], h[CSAT_BTYD_N_PARAMS * CSAT_BTYD_N_PARAMS];
} eval_cache;

typedef struct objective_ctx {
    const csat__btyd_kind_ops *ops;
    const csat__btyd_rows *rows;
    double l2;
    const csat__par *par; /* the handle's threads (csat__btyd_loglik) */
    eval_cache *cache;    /* NULL on subsamples */
} objective_ctx;

static void cache_put(const objective_ctx *c, const double *th, double ll, const double *g, const double *h)
{
    const size_t np = c->ops->n_params;
    if (!c->cache)
        return;
    memcpy(c->cache->th, th, np * sizeof *th);
    c->cache->ll = ll;
    memcpy(c->cache->g, g, np * sizeof *g);
    memcpy(c->cache->h, h, np * np * sizeof *h);
    c->cache->valid = 1;
}

/* The cached evaluation at th, or NULL. */
static const eval_cache *cache_at(const objective_ctx *c, const double *th)
{
    if (!c->cache || !c->cache->valid || memcmp(c->cache->th, th, c->ops->n_params * sizeof *th) != 0)
        return NULL;
    return c->cache;
}

/* Where a fit's subsample stages are recorded (issue 18): the caller's
 * log-likelihood is scale times that of the mean-1 weights. */
typedef struct stage_sink {
    csat__stages *st;
    double scale;
} stage_sink;

/* A subsample stage ended at th with objective f (penalty l2 |th|^2 in it):
 * its log-likelihood in the caller's units. */
static void sink_stage(stage_sink *sk, size_t rows, const csat__optim_report *r, const double *th, int np,
                       double l2, size_t extra_evals, int converged)
{
    double pen = 0.0;
    for (int i = 0; i < np; i++)
        pen += th[i] * th[i];
    (void)csat__stages_add(sk->st, rows, r->iterations, r->evaluations + extra_evals,
                           isfinite(r->f) ? sk->scale * (-r->f + l2 * pen) : NAN, r->grad_norm, converged);
}

/* -(LL - l2 |theta|^2) on theta = log(params). */
static double objective(const double *th, double *grad, void *vctx)
{
    const objective_ctx *c = vctx;
    const int np = (int)c->ops->n_params;
    double p[CSAT_BTYD_N_PARAMS], g[CSAT_BTYD_N_PARAMS], ll, pen = 0.0;
    for (int i = 0; i < np; i++) {
        p[i] = exp(th[i]);
        pen += th[i] * th[i];
    }
    ll = csat__btyd_loglik(c->par, c->ops, p, c->rows, grad ? g : NULL, NULL);
    if (!isfinite(ll))
        return INFINITY;
    if (grad)
        for (int i = 0; i < np; i++)
            grad[i] = -g[i] * p[i] + 2.0 * c->l2 * th[i];
    return -ll + c->l2 * pen;
}

static void default_start(const csat__btyd_kind_ops *k, const csat__btyd_rows *r, double *th)
{
    double sw = 0.0, sT = 0.0;
    for (size_t i = 0; i < r->n; i++) {
        sw += r->w[i];
        sT += r->w[i] * r->T[i];
    }
    /* rates ~ 1 per mean age; heterogeneity shape 1 */
    for (int i = 0; i < (int)k->n_params; i++)
        th[i] = (k->time_scales >> i) & 1u ? log(sT / sw) : (k->rate_scales >> i) & 1u ? -log(sT / sw) : 0.0;
}

/* Large data: fit a strided subsample of ~50,000 rows, then take Newton
 * steps on the full data with the subsample's Hessian scaled by the weight
 * ratio. Each full-data step costs one evaluation, against two or more per
 * BFGS iteration from an identity metric. th is updated only when better. */
static csat_status warm_start(csat_btyd_model *m, const csat__btyd_rows *g, objective_ctx *ctx,
                              const csat__optim_options *oo, double *th, stage_sink *sk, size_t *full_it,
                              size_t *full_ev)
{
    csat__optim_report srep;
    size_t hess_evals = 0;
    csat_status ms;
    const csat_allocator *al = &m->base.alloc;
    csat__btyd_rows sub;
    csat__optim_options so = *oo;
    objective_ctx sctx = *ctx;
    double ts[CSAT_BTYD_N_PARAMS], H[CSAT_BTYD_N_PARAMS * CSAT_BTYD_N_PARAMS], grad[CSAT_BTYD_N_PARAMS];
    double wsub, wall, f, *sb;
    const int np = (int)ctx->ops->n_params;
    csat_status st = csat__btyd_subsample(al, g, 50000, &sub, &sb, &wsub, &wall);
    if (st != CSAT_OK)
        return st;
    sctx.rows = &sub;
    sctx.cache = NULL;
    so.gtol = 1e-8;
    memcpy(ts, th, sizeof ts);
    st = ms = csat__minimize(objective, &sctx, ts, np, &so, &srep, al);
    if (st == CSAT_OK) {
        st = csat__hessian(objective, &sctx, ts, np, H, al);
        hess_evals = 2 * (size_t)np; /* the differences of the gradient */
    }
    if (st == CSAT_OK)
        st = csat__spd_inverse(H, np, al);
    if (ms != CSAT_ENOMEM) /* the subsample stage, whether or not its start is used */
        sink_stage(sk, sub.n, &srep, ts, np, sctx.l2, hess_evals, ms == CSAT_OK);
    csat__free(al, sb);
    if (st != CSAT_OK)
        return st == CSAT_ENOMEM ? st : CSAT_OK; /* no warm start; the full fit still runs */
    memcpy(th, ts, sizeof ts);
    f = objective(th, grad, ctx);
    *full_ev += 1; /* from here on the full data: counted in the last stage */
    for (int it = 0; it < 10 && isfinite(f); it++) {
        double step[CSAT_BTYD_N_PARAMS], tn[CSAT_BTYD_N_PARAMS], gn[CSAT_BTYD_N_PARAMS], fn, big = 0.0;
        for (int i = 0; i < np; i++) {
            double v = 0.0;
            for (int j = 0; j < np; j++)
                v -= H[i * np + j] * grad[j];
            step[i] = v * wsub / wall;
            if (fabs(grad[i]) > big)
                big = fabs(grad[i]);
        }
        if (big <= oo->gtol * fmax(1.0, fabs(f)))
            break;
        for (int i = 0; i < np; i++)
            tn[i] = th[i] + step[i];
        fn = objective(tn, gn, ctx);
        *full_ev += 1;
        if (!(fn <= f))
            break;
        *full_it += 1;
        memcpy(th, tn, sizeof tn);
        memcpy(grad, gn, sizeof gn);
        f = fn;
    }
    return CSAT_OK;
}

/* Standard errors of the natural parameters from the Hessian H (destroyed)
 * of the objective on theta = log(params): delta method. */
static csat_status hessian_se(const csat_allocator *al, int np, double *H, const double *p, double *se,
                              int *has_se)
{
    csat_status st = csat__spd_inverse(H, np, al);
    if (st == CSAT_ENOMEM)
        return st;
    if (st == CSAT_OK) {
        *has_se = 1;
        for (int i = 0; i < np; i++)
            se[i] = p[i] * sqrt(H[i * np + i]);
    }
    return CSAT_OK;
}

/* ---- kinds with a Hessian (Pareto/NBD, GGom/NBD): Newton's method -------------- */

#define NMAX CSAT_BTYD_N_PARAMS

/* The objective of objective() with its Hessian H (row-major, np x np) on theta. */
static double objective_hess(const double *th, double *grad, double *H, void *vctx)
{
    const objective_ctx *c = vctx;
    const int np = (int)c->ops->n_params;
    const eval_cache *ce = cache_at(c, th);
    double p[NMAX], g[NMAX], h[NMAX * NMAX], ll, pen = 0.0;
    for (int i = 0; i < np; i++) {
        p[i] = exp(th[i]);
        pen += th[i] * th[i];
    }
    if (ce) { /* the same point again (the ridge test after Newton) */
        ll = ce->ll;
        memcpy(g, ce->g, (size_t)np * sizeof *g);
        memcpy(h, ce->h, (size_t)(np * np) * sizeof *h);
    } else {
        ll = csat__btyd_loglik(c->par, c->ops, p, c->rows, g, h);
        if (!isfinite(ll) || csat__first_nonfinite(g, (size_t)np) != (size_t)np ||
            csat__first_nonfinite(h, (size_t)(np * np)) != (size_t)(np * np))
            return INFINITY;
        cache_put(c, th, ll, g, h);
    }
    for (int i = 0; i < np; i++) {
        grad[i] = -g[i] * p[i] + 2.0 * c->l2 * th[i];
        for (int j = 0; j < np; j++)
            H[i * np + j] = -h[i * np + j] * p[i] * p[j];
        H[i * np + i] += -g[i] * p[i] + 2.0 * c->l2;
    }
    return -ll + c->l2 * pen;
}

/*
 * Damped Newton (csat__newton_minimize) from th: a BFGS fit needs ~30
 * evaluations along the curved (s, beta) valley of the Pareto/NBD
 * likelihood, Newton a handful, and its last Hessian gives the standard
 * errors. CSAT_ENOCONV (th at the best point found) lets the caller fall
 * back to BFGS.
 */
static csat_status newton_fit(objective_ctx *c, double *th, const csat__optim_options *oo,
                              double *f_out, double *H, csat_fit_report *rep)
{
    csat__optim_report orep;
    csat_status st = csat__newton_minimize(objective_hess, c, th, c->ops->n_params, oo, H, &orep);
    rep->iterations = orep.iterations;
    rep->evaluations = orep.evaluations;
    rep->grad_norm = orep.grad_norm;
    *f_out = orep.f;
    return st;
}

/*
 * A subsample of about `target` rows of g that keeps the weights' shares:
 * rows of weight >= W/target (W the total) whole, the others by
 * systematic sampling over their cumulative weight, each pick counting
 * W/target. The strided subsample (csat__btyd_subsample) takes every k-th
 * grouped row with its own weight, so where a few rows carry much weight
 * (GGom/NBD on simulated data: the x = 0 customers are 12 rows, one per
 * cohort, a third of the weight) it keeps one cohort's in 13 and its
 * optimum is that of other data; this one's is the full data's up to
 * sampling noise. One allocation *buf, as csat__btyd_subsample.
 */
csat_status csat__btyd_subsample_weighted(const csat_allocator *al, const csat__btyd_rows *g, size_t target,
                                      csat__btyd_rows *sub, double **buf, double *wsub, double *wall)
{
    double step, *sb = NULL;
    size_t cap = 0, k = 0;
    *wsub = *wall = 0.0;
    for (size_t i = 0; i < g->n; i++)
        *wall += g->w[i];
    step = *wall / (double)target;
    for (int pass = 0; pass < 2; pass++) {
        double acc = 0.0, pos = 0.5 * step;
        k = 0;
        for (size_t i = 0; i < g->n; i++) {
            double w = g->w[i];
            if (w < step) { /* picks of the light rows: pos in (acc, acc + w] */
                size_t picks = 0;
                acc += w;
                while (pos <= acc)
                    picks++, pos += step;
                w = (double)picks * step;
            }
            if (w == 0.0)
                continue;
            if (pass == 1) {
                sb[k] = g->x[i];
                sb[cap + k] = g->tx[i];
                sb[2 * cap + k] = g->T[i];
                sb[3 * cap + k] = w;
                *wsub += w;
            }
            k++;
        }
        if (pass == 0) {
            cap = k + 1;
            sb = csat__malloc_array(al, cap, 4 * sizeof(double));
            if (!sb)
                return CSAT_ENOMEM;
        }
    }
    sub->x = sb, sub->tx = sb + cap, sub->T = sb + 2 * cap, sub->w = sb + 3 * cap, sub->n = k;
    *buf = sb;
    return CSAT_OK;
}

/* Whether the Hessian H (np x np, of the objective) is positive definite:
 * a maximum of the likelihood, not a point on a flat ridge where the
 * gradient test passed (GGom/NBD's s, beta -> infinity). */
static int is_minimum(const double *H, int np)
{
    double L[NMAX * NMAX];
    return csat__cholesky(H, (size_t)np, L);
}

/*
 * Newton on a subsample of about `target` rows of g (strided, or by weight
 * where the kind lists its subsamples: ops->newton_subs), from th; th is
 * updated on success (and for those kinds only at a maximum, where the
 * Hessian is positive definite: Pareto/NBD's 50,000-row stage often ends
 * where it is not, and its start is still good). Only a starting point: a
 * loose tolerance.
 */
static csat_status sub_fit(const csat_allocator *al, const objective_ctx *ctx, size_t target,
                           const csat__optim_options *oo, double *th, double *Hfull, stage_sink *sk)
{
    csat_status ns;
    csat__optim_report sr;
    csat__btyd_rows sub;
    objective_ctx sctx = *ctx;
    csat__optim_options so = *oo;
    const int np = (int)ctx->ops->n_params;
    double ts[NMAX], fs, Hs[NMAX * NMAX], wsub, wall, *sb;
    csat_fit_report srep;
    if ((ctx->ops->newton_subs ? csat__btyd_subsample_weighted(al, ctx->rows, target, &sub, &sb, &wsub, &wall)
                               : csat__btyd_subsample(al, ctx->rows, target, &sub, &sb, &wsub, &wall)) != CSAT_OK)
        return CSAT_ENOMEM;
    sctx.rows = &sub;
    sctx.cache = NULL;
    so.gtol = 1e-7;
    memcpy(ts, th, sizeof ts);
    ns = newton_fit(&sctx, ts, &so, &fs, Hs, &srep);
    sr = (csat__optim_report){srep.iterations, srep.evaluations, fs, srep.grad_norm, ns == CSAT_OK};
    sink_stage(sk, sub.n, &sr, ts, np, sctx.l2, 0, ns == CSAT_OK);
    if (ns == CSAT_OK && (!ctx->ops->newton_subs || is_minimum(Hs, np))) {
        memcpy(th, ts, sizeof ts);
        /* the full data's Hessian, estimated: the likelihood part scales
         * with the weight, the penalty does not */
        for (int i = 0; i < np * np; i++)
            Hfull[i] = Hs[i] * (wall / wsub);
        for (int i = 0; i < np; i++)
            Hfull[i * np + i] -= 2.0 * ctx->l2 * (wall / wsub - 1.0);
    } else {
        Hfull[0] = NAN;
    }
    csat__free(al, sb);
    return CSAT_OK;
}

/*
 * Newton fit (Pareto/NBD, GGom/NBD). Large data: Newton on strided subsamples of ~5,000 and
 * ~50,000 rows first (the first steps from the default start visit
 * parameters where the series are long; on 5,000 rows that is cheap).
 * From the 50,000-row optimum the full data need three or four Newton
 * steps, each costing about two gradient evaluations. GGom/NBD: subsamples
 * by weight of ~50,000 and ~150,000 rows (ops->newton_subs); 1,000,000
 * simulated customers then need 2 Newton steps on all their 653,554
 * distinct rows (BFGS needed 33).
 */
static csat_status fit_newton(csat_btyd_model *m, const csat__btyd_rows *g, const csat_btyd_options *o,
                            double *th, const csat__optim_options *oo, double *H, double *f,
                            csat_fit_report *rep, stage_sink *sk, eval_cache *cache)
{
    const csat_allocator *al = &m->base.alloc;
    objective_ctx ctx = {m->ops, g, o->l2_penalty, &m->base.par, cache};
    const int np = (int)m->ops->n_params;
    double th0[NMAX];
    size_t pre_evals = 0;
    csat_status st;
    if (!o->start) {
        static const size_t targets0[] = {5000, 50000, 0};
        const size_t *targets = m->ops->newton_subs ? m->ops->newton_subs : targets0;
        double Hs[NMAX * NMAX] = {NAN};
        for (size_t i = 0; targets[i]; i++)
            if (g->n > 4 * targets[i] && sub_fit(al, &ctx, targets[i], oo, th, Hs, sk) == CSAT_ENOMEM)
                return CSAT_ENOMEM;
        if (isfinite(Hs[0]) && g->n > 200000) {
            /* First step on the full data with the subsample's Hessian: a
             * gradient evaluation instead of a Hessian one (half the cost),
             * and nearly as good a step. */
            double gf[NMAX], d[NMAX], dmax = 0.0;
            pre_evals = 1;
            if (isfinite(objective(th, gf, &ctx)) && csat__newton_direction(Hs, gf, (size_t)np, 0.0, d)) {
                for (int i = 0; i < np; i++)
                    dmax = fmax(dmax, fabs(d[i]));
                for (int i = 0; i < np; i++)
                    th[i] = fmin(fmax(th[i] + d[i] * fmin(1.0, oo->max_step / dmax), oo->lower[i]), oo->upper[i]);
            }
        }
    }
    memcpy(th0, th, sizeof th0);
    st = newton_fit(&ctx, th, oo, f, H, rep);
    rep->evaluations += pre_evals; /* full-data evaluations; the subsamples' are their stages' */
    if (st == CSAT_OK && m->ops->newton_subs && !is_minimum(H, np)) {
        /* GGom/NBD: Newton ended on a flat ridge, not at a maximum; BFGS
         * from where Newton started */
        memcpy(th, th0, sizeof th0);
        st = CSAT_ENOCONV;
    }
    if (st == CSAT_ENOCONV || st == CSAT_EDOM) {
        /* BFGS from Newton's best point, then the Hessian there (by
         * differences of the gradient if the analytic one fails) */
        csat__optim_report orep;
        size_t ev = rep->evaluations;
        st = csat__minimize(objective, &ctx, th, np, oo, &orep, al);
        rep->iterations += orep.iterations;
        rep->evaluations = ev + orep.evaluations;
        rep->grad_norm = orep.grad_norm;
        if (st == CSAT_OK) {
            double gg[NMAX];
            *f = objective_hess(th, gg, H, &ctx);
            rep->evaluations++;
            if (!isfinite(*f)) {
                csat_status hs = csat__hessian(objective, &ctx, th, np, H, al);
                if (hs == CSAT_ENOMEM)
                    return hs;
                if (hs != CSAT_OK)
                    H[0] = NAN; /* no standard errors */
                *f = orep.f;
            }
        }
    }
    return st;
}

/* The report's verdict on an optimiser's status st, and the fit's status. */
static csat_status outcome(csat_status st, csat_fit_report *rep)
{
    rep->converged = st == CSAT_OK;
    rep->log_likelihood = NAN;
    if (st == CSAT_OK || st == CSAT_ENOMEM || st == CSAT_EDOM)
        return st;
    return CSAT_ENOCONV;
}

/*
 * Where the estimates may go: within 1e7 times their scale of the data's
 * centre (default_start: shapes 1, time scales the mean age), and an end
 * beyond 1e6 times is a boundary, not an estimate. There the likelihood
 * keeps growing towards a limit (a shape and a time scale to infinity
 * together: rates or drop-out without heterogeneity; a drop-out shape to
 * zero) and the optimiser only stops where the slope falls below its
 * tolerance; such ends are CSAT_EDOM, at every scale of the weights.
 */
#define BTYD_BOX 16.11809565095832   /* log(1e7) */
#define BTYD_EDGE 13.815510557964274 /* log(1e6) */

/* One optimiser run from th (Newton where the kind has a Hessian, else
 * BFGS, warm-started on large data when first); rep from it. */
static csat_status run_optimiser(csat_btyd_model *m, const csat__btyd_rows *g, const csat_btyd_options *os,
                                 objective_ctx *ctx, double *th, const csat__optim_options *oo, int first,
                                 csat_fit_report *rep, stage_sink *sk)
{
    double H[CSAT_BTYD_N_PARAMS * CSAT_BTYD_N_PARAMS];
    csat__optim_report orep;
    csat_status st;
    if (m->ops->loglik_hess) {
        double f = NAN;
        csat_btyd_options o2 = *os;
        csat_fit_report r2 = {0, 0, NAN, NAN, 0};
        if (!first)
            o2.start = th; /* no subsample starts again */
        st = fit_newton(m, g, &o2, th, oo, H, &f, &r2, sk, ctx->cache);
        rep->iterations += r2.iterations;
        rep->evaluations += r2.evaluations;
        rep->grad_norm = r2.grad_norm;
        return st;
    }
    if (first && !os->start && g->n > 200000) {
        size_t wit = 0, wev = 0;
        st = warm_start(m, g, ctx, oo, th, sk, &wit, &wev);
        if (st == CSAT_ENOMEM)
            return st;
        rep->iterations += wit; /* the Newton steps on the full data */
        rep->evaluations += wev;
    }
    st = csat__minimize(objective, ctx, th, (int)m->ops->n_params, oo, &orep, &m->base.alloc);
    rep->iterations += orep.iterations;
    rep->evaluations += orep.evaluations;
    rep->grad_norm = orep.grad_norm;
    return st;
}

/* The objective with its gradient and Hessian H at th: analytic where the
 * kind has one, else by differences of the gradient. CSAT_EDOM if there is
 * none (non-finite). */
static csat_status hessian_at(objective_ctx *ctx, const double *th, double *f, double *grad, double *H,
                              const csat_allocator *al)
{
    csat_status st;
    const int np = (int)ctx->ops->n_params;
    if (ctx->ops->loglik_hess) {
        *f = objective_hess(th, grad, H, ctx);
        if (isfinite(*f))
            return CSAT_OK;
    }
    *f = objective(th, grad, ctx);
    if (!isfinite(*f) || csat__first_nonfinite(grad, (size_t)np) != (size_t)np)
        return CSAT_EDOM;
    st = csat__hessian(objective, ctx, th, np, H, al);
    return st;
}

/*
 * Where the optimiser stopped on a ridge that rises towards the edge
 * (the slope along it there is as small as its curvature, so the Newton
 * step d = -H^-1 g is long while the gradient passes the tests that stop
 * the line searches: Pareto/NBD on 4 rows stopped at r = 3e5, s = 1.6e5),
 * follow the Newton step while it is long (|d| > 1/2 in log-parameters)
 * and the objective does not rise, by at most 2 in each log-parameter a
 * step. At a maximum d is ~0 and nothing moves. *moved: th changed. H
 * holds the Hessian at th on return (CSAT_OK).
 */
static csat_status ridge_walk(objective_ctx *ctx, double *th, const double *thc,
                              const csat__optim_options *oo, double *H, int *moved, const csat_allocator *al)
{
    const int np = (int)ctx->ops->n_params;
    *moved = 0;
    for (int k = 0; k < 24; k++) {
        double f, f2, grad[CSAT_BTYD_N_PARAMS], d[CSAT_BTYD_N_PARAMS], t2[CSAT_BTYD_N_PARAMS], dmax = 0.0;
        int same = 1, far = 0;
        csat_status st = hessian_at(ctx, th, &f, grad, H, al);
        if (st != CSAT_OK)
            return st;
        if (!csat__newton_direction(H, grad, np, 0.0, d))
            return CSAT_OK; /* not a maximum of the quadratic model: no verdict here */
        for (int i = 0; i < np; i++)
            dmax = fmax(dmax, fabs(d[i]));
        if (!(dmax > 0.5))
            return CSAT_OK;
        for (int i = 0; i < CSAT_BTYD_N_PARAMS; i++)
            t2[i] = th[i];
        for (int i = 0; i < np; i++) {
            t2[i] = fmin(fmax(th[i] + d[i] * fmin(1.0, 2.0 / dmax), oo->lower[i]), oo->upper[i]);
            same &= t2[i] == th[i];
        }
        f2 = objective(t2, NULL, ctx);
        if (same || !(f2 <= f))
            return CSAT_OK;
        memcpy(th, t2, sizeof t2);
        *moved = 1;
        for (int i = 0; i < np; i++)
            far |= fabs(th[i] - thc[i]) > BTYD_EDGE;
        if (far)
            return CSAT_EDOM; /* H is stale: the caller only needs th */
    }
    return CSAT_OK;
}

/* Fit on the grouped rows g, whose weights have mean 1 (scale: the mean of
 * the caller's): on success fills p (natural), se, ll, report. On
 * CSAT_EDOM with *edge != 0 (bit i: parameter i beyond BTYD_EDGE), p holds
 * where the optimiser ended. */
static csat_status fit_grouped(csat_btyd_model *m, const csat__btyd_rows *g, const csat_btyd_options *o,
                               double scale, double *p, double *se, int *has_se, double *ll,
                               csat_fit_report *rep, unsigned *edge, csat__stages *stages)
{
    const csat_allocator *al = &m->base.alloc;
    /* the objective is the log-likelihood over scale, so its penalty too */
    csat_btyd_options os = *o;
    eval_cache cache = {.valid = 0};
    objective_ctx ctx = {m->ops, g, o->l2_penalty / scale, &m->base.par, &cache};
    csat__optim_options oo = CSAT__OPTIM_OPTIONS_INIT;
    double th[CSAT_BTYD_N_PARAMS] = {0}, thc[CSAT_BTYD_N_PARAMS] = {0}, lo[CSAT_BTYD_N_PARAMS] = {0},
           hi[CSAT_BTYD_N_PARAMS] = {0};
    double H[CSAT_BTYD_N_PARAMS * CSAT_BTYD_N_PARAMS];
    int have_h = 0;
    const int np = (int)m->ops->n_params;
    stage_sink sk = {stages, scale};
    csat_status st;

    os.l2_penalty = ctx.l2;
    *edge = 0;
    memset(rep, 0, sizeof *rep);
    default_start(m->ops, g, thc);
    for (int i = 0; i < np; i++) {
        lo[i] = thc[i] - BTYD_BOX;
        hi[i] = thc[i] + BTYD_BOX;
        th[i] = o->start ? fmin(fmax(log(o->start[i]), lo[i]), hi[i]) : thc[i];
    }
    oo.max_iter = o->max_iter;
    oo.gtol = o->gtol;
    oo.lower = lo;
    oo.upper = hi;
    oo.max_step = 2.0;

    st = run_optimiser(m, g, &os, &ctx, th, &oo, 1, rep, &sk);
    /* (not after the caller's iteration budget ran out) */
    for (int pass = 0; pass < 2 && (st == CSAT_OK || (st == CSAT_ENOCONV && rep->iterations < o->max_iter));
         pass++) {
        int moved;
        csat_status rs = ridge_walk(&ctx, th, thc, &oo, H, &moved, al);
        if (rs == CSAT_ENOMEM)
            return rs;
        have_h = rs == CSAT_OK && !moved;
        if (!moved || rs == CSAT_EDOM)
            break;
        st = run_optimiser(m, g, &os, &ctx, th, &oo, 0, rep, &sk); /* converge from where the walk ended */
    }
    if (st == CSAT_OK || st == CSAT_ENOCONV)
        for (int i = 0; i < np; i++)
            if (fabs(th[i] - thc[i]) > BTYD_EDGE)
                *edge |= 1u << i;
    if (*edge) {
        for (int i = 0; i < np; i++)
            p[i] = exp(th[i]);
        rep->converged = 0;
        rep->log_likelihood = NAN;
        return CSAT_EDOM;
    }
    st = outcome(st, rep);
    if (st != CSAT_OK)
        return st;
    for (int i = 0; i < np; i++)
        p[i] = exp(th[i]);
    /* the caller's log-likelihood: scale times that of the mean-1 weights */
    *ll = scale * csat__btyd_loglik(&m->base.par, m->ops, p, g, NULL, NULL);
    rep->log_likelihood = *ll;
    *has_se = 0;
    if (!o->standard_errors || !have_h)
        return CSAT_OK;
    /* the caller's information is scale times that of the mean-1 weights */
    for (int i = 0; i < np * np; i++)
        H[i] *= scale;
    return hessian_se(al, np, H, p, se, has_se);
}

/* The i-th name in a list like "r, alpha, a, b" into buf. */
static const char *param_name(const char *names, int i, char *buf, size_t cap)
{
    size_t k = 0;
    for (; i > 0 && *names; names++)
        if (*names == ',') {
            i--;
            names++; /* the space after the comma */
        }
    while (names[k] && names[k] != ',' && k + 1 < cap) {
        buf[k] = names[k];
        k++;
    }
    buf[k] = 0;
    return buf;
}

csat_status csat_btyd_fit(csat_btyd_model *m, const double *frequency, const double *recency,
                          const double *T, const double *weights, size_t n,
                          const csat_btyd_options *opts)
{
    csat__btyd_rows in = {frequency, recency, T, weights, n}, g;
    csat_btyd_options o;
    csat_fit_report rep;
    csat__stages stages = {.n = 0};
    double p[CSAT_BTYD_N_PARAMS] = {0}, se[CSAT_BTYD_N_PARAMS] = {0}, ll = NAN, *buf = NULL, tw = 0.0;
    int has_se = 0;
    unsigned edge = 0;
    csat_status st;

    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    st = read_options(&m->base, opts, &o, m->ops->n_params);
    if (st != CSAT_OK)
        return st;
    st = csat__btyd_check_rows(&m->base, NULL, m->ops, &in, 1);
    if (st != CSAT_OK)
        return st;
    st = csat__btyd_group_rows(&m->base.par, &m->base.alloc, &in, &g, &buf);
    if (st != CSAT_OK)
        return csat__fail(&m->base, st, "out of memory grouping %zu customers", n);
    if (g.n < 2) {
        /* one history, at any weights: the likelihood has no interior
         * maximum (200 copies of one row took 17.7 s to end at r = 2e7) */
        const double x0 = g.x[0], tx0 = g.tx[0], T0 = g.T[0];
        csat__free(&m->base.alloc, buf);
        return csat__fail(&m->base, CSAT_EDOM,
                          "%s: every customer with weight has the same history (x = %g, t_x = %g, %s = %g), "
                          "which does not identify the %zu parameters; parameters unchanged",
                          m->ops->name, x0, tx0, m->ops->discrete ? "n" : "T", T0, m->ops->n_params);
    }
    /* weights of mean 1: the optimiser's tolerances then mean the same at
     * every scale of the weights (which only scale the likelihood) */
    for (size_t i = 0; i < g.n; i++)
        tw += g.w[i];
    for (size_t i = 0; i < g.n; i++)
        buf[3 * g.n + i] /= tw / (double)g.n;
    st = fit_grouped(m, &g, &o, tw / (double)g.n, p, se, &has_se, &ll, &rep, &edge, &stages);
    csat__free(&m->base.alloc, buf);
    if (st == CSAT_ENOMEM)
        return csat__fail(&m->base, st, "out of memory during the %s fit", m->ops->name);
    m->fit.report = rep;
    csat__stages_add_report(&stages, g.n, &rep); /* the last stage: all the data */
    m->fit.stages = stages;
    if (edge) {
        char list[64] = "", nm[16];
        size_t len = 0;
        for (int i = 0; i < (int)m->ops->n_params; i++)
            if (edge >> i & 1u) {
                const char *s = param_name(m->ops->param_names, i, nm, sizeof nm);
                if (len)
                    list[len++] = ',', list[len++] = ' ';
                while (*s && len + 1 < sizeof list)
                    list[len++] = *s++;
                list[len] = 0;
            }
        {
            char vals[96] = "";
            size_t vl = 0;
            for (size_t i = 0; i < m->ops->n_params && vl < sizeof vals; i++)
                vl += (size_t)snprintf(vals + vl, sizeof vals - vl, "%s%.3g", i ? ", " : "", p[i]);
            return csat__fail(&m->base, CSAT_EDOM,
                              "%s: the likelihood grows towards the edge of the parameters in %s (the fit ended "
                              "at %s = %s, beyond 1e6 times their scale): no interior maximum; "
                              "parameters unchanged",
                              m->ops->name, list, m->ops->param_names, vals);
        }
    }
    if (st != CSAT_OK) {
        return csat__fail(&m->base, st,
                          "%s fit did not converge after %zu iterations (max |gradient| %.3g); "
                          "parameters unchanged",
                          m->ops->name, rep.iterations, rep.grad_norm);
    }
    memcpy(m->fit.params, p, sizeof p);
    memcpy(m->fit.se, se, sizeof se);
    m->fit.has_se = has_se;
    m->fit.has_params = m->fit.has_fit = 1;
    m->fit.ll = ll;
    m->fit.n_obs = tw;
    return CSAT_OK;
}

/* ---- from a customer store ------------------------------------------------ */

csat_status csat_btyd_fit_customers(csat_btyd_model *m, const csat_customers *c,
                                    const csat_btyd_options *opts)
{
    size_t nc = 0, nt = 0;
    double *buf;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    if (!c)
        return csat__fail(&m->base, CSAT_EINVAL, "customer store is NULL");
    if (m->ops->discrete)
        return csat__fail(&m->base, CSAT_EINVAL, "%s needs discrete opportunities, not a summary",
                          m->ops->name);
    st = csat_customers_count(c, &nc, &nt);
    if (st != CSAT_OK)
        return csat__fail(&m->base, st, "cannot read the customer store");
    if (nc == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "no customers in the store");
    buf = csat__malloc_array(&m->base.alloc, nc, 3 * sizeof(double));
    if (!buf)
        return csat__fail(&m->base, CSAT_ENOMEM, "out of memory");
    /* the summary may exclude customers: its columns have <= nc rows */
    for (size_t i = 0; i < 3 * nc; i++)
        buf[i] = NAN;
    st = csat_customers_summary_column(c, CSAT_SUMMARY_FREQUENCY, buf, nc);
    if (st == CSAT_OK)
        st = csat_customers_summary_column(c, CSAT_SUMMARY_RECENCY, buf + nc, nc);
    if (st == CSAT_OK)
        st = csat_customers_summary_column(c, CSAT_SUMMARY_T, buf + 2 * nc, nc);
    if (st != CSAT_OK) {
        csat__free(&m->base.alloc, buf);
        return csat__fail(&m->base, st, "cannot read the summary: %s",
                          csat_customers_last_error(c));
    }
    {
        /* The API gives no summary size, only the store's customer count (an
         * upper bound): the rows are the leading non-NaN frequencies. */
        size_t ns = 0;
        while (ns < nc && !isnan(buf[ns]))
            ns++;
        memmove(buf + ns, buf + nc, ns * sizeof *buf);
        memmove(buf + 2 * ns, buf + 2 * nc, ns * sizeof *buf);
        st = csat_btyd_fit(m, buf, buf + ns, buf + 2 * ns, NULL, ns, opts);
    }
    csat__free(&m->base.alloc, buf);
    return st;
}
