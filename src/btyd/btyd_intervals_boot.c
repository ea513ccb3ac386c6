/*
 * Prediction intervals, part 2: the parametric and the customer-resampling
 * bootstraps, and the public entry points csat_btyd_intervals and
 * csat_clv_intervals (see btyd_intervals.c and "Prediction intervals" in
 * csat.h).
 */
#include "btyd/btyd_intervals.h"
#include "btyd/btyd_ops.h"
#include "numerics/numerics.h"
#include "numerics/optim.h"
#include "numerics/random.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define IV_MAX_DRAWS 10000000u

csat_status csat_interval_options_init(csat_interval_options *opts, unsigned int version)
{
    csat_interval_options d = CSAT_INTERVAL_OPTIONS_INIT;
    if (!opts)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_INTERVAL_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = d;
    opts->version = version;
    return CSAT_OK;
}

/* Customer counts of replicate `draw`: `tot` customers drawn with
 * replacement from the rows (row i holds w[i] customers, w NULL = 1), as a
 * multinomial by sequential binomials: cnt[i] ~ Bin(left, w[i] / wleft). */
static void resample_counts(const iv_ctx *c, csat__rng *g, double tot, double *cnt)
{
    double left = tot, wleft = tot;
    for (size_t i = 0; i < c->n; i++) {
        double wi = c->w ? c->w[i] : 1.0, k;
        if (left <= 0 || wi <= 0) {
            cnt[i] = 0;
        } else if (wi >= wleft) {
            cnt[i] = left;
        } else {
            k = csat__rng_binomial(g, left, wi / wleft);
            cnt[i] = k;
        }
        left -= cnt[i];
        wleft -= wi;
    }
}

/* Refit the scratch models on the replicate's counts, starting from th;
 * the refit log-parameters into out. */
static csat_status refit(iv_ctx *c, const double *th, const double *cnt, double *out)
{
    double p[IV_MAXP];
    csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
    csat_status st;
    for (size_t j = 0; j < c->np; j++)
        p[j] = exp(th[j]);
    o.standard_errors = 0;
    o.start = p;
    if (c->clv == IV_SPEND) {
        if ((st = csat_spend_fit(c->sm, c->x, c->mv, cnt, c->n, &o)) != CSAT_OK)
            return st;
        csat_spend_get_params(c->sm, p, 3);
        for (size_t j = 0; j < c->np; j++)
            out[j] = log(p[j]);
        return CSAT_OK;
    }
    st = csat_btyd_fit(c->pm, c->x, c->tx, c->T, cnt, c->n, &o);
    if (st == CSAT_OK && c->clv) {
        o.start = p + c->npp;
        st = csat_spend_fit(c->sm, c->x, c->mv, cnt, c->n, &o);
    }
    if (st != CSAT_OK)
        return st;
    csat_btyd_get_params(c->pm, p, c->npp);
    if (c->clv)
        csat_spend_get_params(c->sm, p + c->npp, 3);
    for (size_t j = 0; j < c->np; j++)
        out[j] = log(p[j]);
    return CSAT_OK;
}

/* Both bootstraps: draws[i * B + k] holds prediction i of kept draw k. A
 * draw whose parameters give no prediction (out of range) or whose refit
 * fails is dropped; CSAT_ENOCONV if more than half are. */
static csat_status bootstrap(iv_ctx *c, const double *th, const csat_interval_options *o, double *est,
                             double *lo, double *hi, double *total)
{
    const size_t n = c->n, B = o->n_draws, np = c->np;
    double L[IV_MAXP * IV_MAXP] = {0}, cov[IV_MAXP * IV_MAXP], tot0, tot = 0.0;
    size_t kept = 0;
    csat_status st;
    int resample = o->method == CSAT_INTERVAL_RESAMPLE;
    if (!csat__array_bytes_ok(n, B + 3, sizeof(double)) || !csat__array_bytes_ok(B, 1, sizeof(double)))
        return csat__fail(c->b, CSAT_EINVAL, "n = %zu rows times n_draws = %zu overflow", n, B);
    double *buf = csat__malloc(&c->b->alloc, (n * (B + 2) + B) * sizeof(double));
    if (!buf)
        return csat__fail(c->b, CSAT_ENOMEM, "out of memory (%zu x %zu draws)", n, B);
    double *f0 = buf, *f = buf + n, *draws = buf + 2 * n, *tdraw = draws + n * B;
    st = csat__iv_eval(c, th, f0, &tot0); /* first: the rows' and arguments' errors come first */
    if (st == CSAT_OK && !resample && (st = csat__iv_log_cov(c, th, cov)) == CSAT_OK)
        if (!csat__cholesky(cov, np, L))
            st = csat__fail(c->b, CSAT_EDOM, "the covariance of the parameters is not positive definite");
    if (st == CSAT_OK && resample)
        for (size_t i = 0; i < n; i++)
            tot += c->w ? c->w[i] : 1.0;
    for (size_t k = 0; st == CSAT_OK && k < B; k++) {
        double t[IV_MAXP], s;
        csat__rng g;
        csat_status sk;
        csat__rng_seed(&g, o->seed, k);
        if (resample) {
            resample_counts(c, &g, tot, f);
            sk = refit(c, th, f, t);
            if (sk == CSAT_ENOMEM)
                st = csat__fail(c->b, sk, "out of memory in a refit");
            if (sk != CSAT_OK)
                continue;
        } else {
            double zz[IV_MAXP];
            for (size_t j = 0; j < np; j++)
                zz[j] = csat__rng_normal(&g);
            for (size_t a = 0; a < np; a++) {
                t[a] = th[a];
                for (size_t b = 0; b <= a; b++)
                    t[a] += L[a * np + b] * zz[b];
            }
        }
        sk = csat__iv_eval(c, t, f, &s);
        if (sk == CSAT_ENOMEM)
            st = sk;
        if (sk != CSAT_OK)
            continue;
        for (size_t i = 0; i < n; i++)
            draws[i * B + kept] = f[i];
        tdraw[kept++] = s;
    }
    if (st == CSAT_OK && (kept < 2 || kept < B - B / 2))
        st = csat__fail(c->b, CSAT_ENOCONV, "only %zu of %zu draws gave predictions (refits failed or "
                        "parameters left the range)", kept, B);
    if (st == CSAT_OK) {
        csat__clear_error(c->b);
        for (size_t i = 0; i < n; i++) {
            double l, u;
            csat__percentile_interval(draws + i * B, kept, o->level, &l, &u);
            if (est)
                est[i] = f0[i];
            if (lo)
                lo[i] = l;
            if (hi)
                hi[i] = u;
        }
        if (total) {
            total[0] = tot0;
            csat__percentile_interval(tdraw, kept, o->level, &total[1], &total[2]);
        }
    }
    csat__free(&c->b->alloc, buf);
    return st;
}

/* Checks shared by both entry points, then the method. */
static csat_status run(iv_ctx *c, const double *params, const csat_interval_options *opts, double *est,
                       double *lo, double *hi, double *total)
{
    csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
    double th[IV_MAXP];
    csat_status st;
    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_INTERVAL_OPTIONS_VERSION))
            return csat__fail(c->b, CSAT_EVERSION, "unknown interval options version %u", opts->version);
        o = *opts;
    }
    if (o.method != CSAT_INTERVAL_DELTA && o.method != CSAT_INTERVAL_PARAMETRIC &&
        o.method != CSAT_INTERVAL_RESAMPLE)
        return csat__fail(c->b, CSAT_EINVAL, "opts->method = %d is not a csat_interval_method", (int)o.method);
    if (!(o.level > 0 && o.level < 1))
        return csat__fail(c->b, CSAT_EINVAL, "opts->level = %g must lie in (0, 1)", o.level);
    if (o.method != CSAT_INTERVAL_DELTA && (o.n_draws < 2 || o.n_draws > IV_MAX_DRAWS))
        return csat__fail(c->b, CSAT_EINVAL, "opts->n_draws = %zu must lie in [2, 1e7]", o.n_draws);
    if (!est && !lo && !hi && !total)
        return csat__fail(c->b, CSAT_EINVAL, "estimate, lower, upper and total are all NULL");
    if (c->clv == IV_SPEND && (!c->x || !c->mv))
        return csat__fail(c->b, CSAT_EINVAL, "frequency and monetary_value must not be NULL");
    if (c->clv != IV_SPEND && (!c->x || !c->tx || !c->T || (c->clv && !c->mv)))
        return csat__fail(c->b, CSAT_EINVAL, "frequency, recency, T%s must not be NULL",
                          c->clv ? " and monetary_value" : "");
    if (c->n == 0)
        return csat__fail(c->b, CSAT_EEMPTY, "no rows (n = 0)");
    if (!csat__array_bytes_ok(c->n, IV_MAXP + 3, sizeof(double)))
        return csat__fail(c->b, CSAT_EINVAL, "n = %zu rows overflow the address space", c->n);
    if (c->w) {
        for (size_t i = 0; i < c->n; i++) {
            double w = c->w[i];
            if (!(isfinite(w) && w >= 0))
                return csat__fail(c->b, CSAT_EINVAL, "weights[%zu] = %g is not finite and >= 0", i, w);
            if (o.method == CSAT_INTERVAL_RESAMPLE && (w != floor(w) || w > 9007199254740992.0))
                return csat__fail(c->b, CSAT_EINVAL,
                                  "weights[%zu] = %g: resampling needs whole numbers of customers", i, w);
        }
    }
    for (size_t j = 0; j < c->np; j++)
        th[j] = log(params[j]);
    c->th0 = th;
    c->p0 = params;
    st = c->clv == IV_SPEND ? CSAT_OK : csat_btyd_new(&c->pm, &c->b->alloc, c->kind);
    if (st == CSAT_OK && c->clv)
        st = csat_spend_new(&c->sm, &c->b->alloc);
    if (st != CSAT_OK)
        st = csat__fail(c->b, st, "out of memory (scratch models)");
    /* the refits and predictions on the caller's handle's threads (issue 18):
     * each draw is threaded, the draws run in order */
    if (c->pm)
        c->pm->base.par = c->b->par;
    if (c->sm)
        c->sm->base.par = c->b->par;
    if (st == CSAT_OK) {
        if (o.method == CSAT_INTERVAL_DELTA)
            st = csat__iv_delta(c, th, csat__norm_quantile((1 + o.level) / 2), est, lo, hi, total);
        else
            st = bootstrap(c, th, &o, est, lo, hi, total);
    }
    csat_btyd_free(c->pm);
    csat_spend_free(c->sm);
    return st;
}

csat_status csat_btyd_intervals(csat_btyd_model *m, csat_btyd_quantity what, double arg,
                                const double *frequency, const double *recency, const double *T,
                                const double *weights, size_t n, const csat_interval_options *opts,
                                double *estimate, double *lower, double *upper, double *total)
{
    double p[CSAT_BTYD_N_PARAMS];
    const iv_model_row *row;
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    row = csat__iv_model(m->kind);
    const size_t npp = m->ops->n_params;
    if (what != CSAT_PREDICT_P_ALIVE && what != CSAT_PREDICT_EXPECTED_PURCHASES && what != CSAT_PREDICT_DERT)
        return csat__fail(&m->base, CSAT_EINVAL, "what = %d is not a csat_btyd_quantity", (int)what);
    if (!row || !(what == CSAT_PREDICT_P_ALIVE       ? row->p_alive
                  : what == CSAT_PREDICT_EXPECTED_PURCHASES ? row->expected
                                                           : row->dert))
        return csat__fail(&m->base, CSAT_EINVAL, "no intervals for this quantity of this model kind");
    if (what != CSAT_PREDICT_P_ALIVE && !isfinite(arg))
        return csat__fail(&m->base, CSAT_EINVAL, "arg = %g is not finite", arg);
    if (csat_btyd_get_params(m, p, npp) != CSAT_OK)
        return csat__fail(&m->base, CSAT_EMISUSE, "the model has no parameters (fit or set_params first)");
    if (csat__btyd_predictable(&m->base, p, npp) != CSAT_OK)
        return CSAT_EDOM;
    iv_ctx c = {&m->base, NULL, NULL, m->kind, IV_BTYD, what, arg, 0.0, NULL,
                frequency, recency, T, NULL, weights, n, npp, NULL, NULL, npp};
    return run(&c, p, opts, estimate, lower, upper, total);
}

csat_status csat_clv_intervals(csat_btyd_model *purchases, csat_spend_model *spend, const double *frequency,
                               const double *recency, const double *T, const double *monetary_value,
                               const double *weights, size_t n, const csat_clv_options *clv_opts,
                               const csat_interval_options *opts, double *estimate, double *lower,
                               double *upper, double *equity)
{
    double p[IV_MAXP];
    const iv_model_row *row;
    if (!purchases || !spend)
        return CSAT_EINVAL;
    csat__clear_error(&spend->base);
    row = csat__iv_model(purchases->kind);
    if (!row || !row->clv)
        return csat__fail(&spend->base, CSAT_EINVAL, "CLV needs a continuous-time purchase model");
    const size_t npp = purchases->ops->n_params;
    if (csat_btyd_get_params(purchases, p, npp) != CSAT_OK)
        return csat__fail(&spend->base, CSAT_EMISUSE, "the purchase model has no parameters");
    if (csat_spend_get_params(spend, p + npp, 3) != CSAT_OK)
        return csat__fail(&spend->base, CSAT_EMISUSE, "the spend model has no parameters");
    if (csat__btyd_predictable(&spend->base, p, npp) != CSAT_OK)
        return CSAT_EDOM;
    iv_ctx c = {&spend->base, NULL, NULL, purchases->kind, IV_CLV, CSAT_PREDICT_P_ALIVE, 0.0, 0.0, clv_opts,
                frequency, recency, T, monetary_value, weights, n, npp + 3, NULL, NULL, npp};
    return run(&c, p, opts, estimate, lower, upper, equity);
}

/* ---- more intervals (issue 15 §4, intervals2) ---------------------------- */

csat_status csat_btyd_prob_intervals(csat_btyd_model *m, double t, double k, const double *frequency,
                                     const double *recency, const double *T, const double *weights, size_t n,
                                     const csat_interval_options *opts, double *estimate, double *lower,
                                     double *upper, double *total)
{
    double p[CSAT_BTYD_N_PARAMS];
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    const size_t npp = m->ops->n_params;
    if (!csat__iv_model(m->kind))
        return csat__fail(&m->base, CSAT_EINVAL, "no intervals for this model kind");
    if (!(isfinite(t) && t >= 0))
        return csat__fail(&m->base, CSAT_EINVAL, "t = %g must be finite and >= 0", t);
    if (!(isfinite(k) && k >= 0 && k == floor(k)))
        return csat__fail(&m->base, CSAT_EINVAL, "k = %g must be a whole number >= 0", k);
    if (csat_btyd_get_params(m, p, npp) != CSAT_OK)
        return csat__fail(&m->base, CSAT_EMISUSE, "the model has no parameters (fit or set_params first)");
    if (csat__btyd_predictable(&m->base, p, npp) != CSAT_OK)
        return CSAT_EDOM;
    iv_ctx c = {&m->base, NULL, NULL, m->kind, IV_BTYD, IV_Q_PROB, t, k, NULL,
                frequency, recency, T, NULL, weights, n, npp, NULL, NULL, npp};
    return run(&c, p, opts, estimate, lower, upper, total);
}

csat_status csat_spend_intervals(csat_spend_model *m, const double *frequency, const double *monetary_value,
                                 const double *weights, size_t n, const csat_interval_options *opts,
                                 double *estimate, double *lower, double *upper, double *total)
{
    double p[3];
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    if (csat_spend_get_params(m, p, 3) != CSAT_OK)
        return csat__fail(&m->base, CSAT_EMISUSE, "the spend model has no parameters (fit or set_params first)");
    for (int j = 0; j < 3; j++)
        if (!(p[j] >= 1e-15 && p[j] <= 1e15))
            return csat__fail(&m->base, CSAT_EDOM, "parameter %d = %g is outside [1e-15, 1e15]", j, p[j]);
    iv_ctx c = {&m->base, NULL, NULL, CSAT_BTYD_BGNBD, IV_SPEND, CSAT_PREDICT_P_ALIVE, 0.0, 0.0, NULL,
                frequency, NULL, NULL, monetary_value, weights, n, 3, NULL, NULL, 0};
    return run(&c, p, opts, estimate, lower, upper, total);
}
