/*
 * Intervals on the sBG predictions (issue 15 §4): S(t), r(t), DEL and DERL
 * by the delta method, the parametric bootstrap or the resampling of the
 * cohort's customers (see csat_sbg_intervals in csat.h).
 *
 * Data: grouped durations as csat_sbg_fit_duration_counts takes them. The
 * log-likelihood of a row (duration d, count c) is (Fader & Hardie 2007,
 * "How to project customer retention", eqs. 3 and 4)
 *   churned at d:        c [log B(alpha + 1, beta + d - 1) - log B(alpha, beta)]
 *   still active after d: c [log B(alpha, beta + d) - log B(alpha, beta)],
 * so the observed information is analytic, from digamma and trigamma:
 * d log B(a, b) / da = psi(a) - psi(a + b), d^2 / da^2 = psi'(a) - psi'(a + b),
 * d^2 / da db = -psi'(a + b). On theta = log(alpha, beta) it is
 * -(D H D + diag(p g)), inverted in closed form (2 x 2). The gradients of the
 * predictions are Richardson-extrapolated central differences in theta (h =
 * 1e-3, as the BTYD intervals). Bounds: logit scale for S and r, log scale
 * for DEL and DERL.
 */
#include "core/internal.h"
#include "numerics/numerics.h"
#include "numerics/optim.h"
#include "numerics/random.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SBGI_MAX_DRAWS 10000000u
#define SBGI_MAX_PERIOD 10000000.0

typedef struct sbgi {
    csat__base *b;
    csat_sbg *scratch;
    csat_sbg_quantity q;
    const double *t;
    size_t n;
    double discount;
    const double *d, *ch, *cnt;
    size_t k;
    const double *th0;
    csat_sbg_params p0;
} sbgi;

/* The predictions at theta into out[n]. */
static csat_status sbgi_eval(sbgi *c, const double *th, double *out)
{
    csat_sbg_params p = th == c->th0 ? c->p0 : (csat_sbg_params){exp(th[0]), exp(th[1])};
    csat_error e;
    csat_status st;
    if (!(p.alpha > 0 && p.beta > 0 && isfinite(p.alpha) && isfinite(p.beta)))
        return csat__fail(c->b, CSAT_EDOM, "parameters out of range (a draw or derivative step)");
    switch ((int)c->q) {
    case CSAT_SBG_SURVIVAL:
        st = csat_sbg_survival(&p, c->t, c->n, out, &e);
        break;
    case CSAT_SBG_RETENTION:
        st = csat_sbg_retention(&p, c->t, c->n, out, &e);
        break;
    case CSAT_SBG_DEL:
        st = csat_sbg_del(&p, c->discount, out, &e);
        for (size_t i = 1; st == CSAT_OK && i < c->n; i++)
            out[i] = out[0];
        break;
    default:
        st = CSAT_OK;
        for (size_t i = 0; st == CSAT_OK && i < c->n; i++)
            st = csat_sbg_derl(&p, c->discount, c->t[i], out + i, &e);
        break;
    }
    if (st != CSAT_OK)
        return csat__fail(c->b, st, "%s", e.message);
    return CSAT_OK;
}

static void lbeta_derivs(double a, double b, double s, double *g, double *h)
{
    const double pab = csat__digamma(a + b), tab = csat__trigamma(a + b);
    g[0] += s * (csat__digamma(a) - pab);
    g[1] += s * (csat__digamma(b) - pab);
    h[0] += s * (csat__trigamma(a) - tab);
    h[1] += s * -tab;
    h[3] += s * (csat__trigamma(b) - tab);
}

/* Covariance of theta (2 x 2) from the rows' observed information at theta. */
static csat_status sbgi_cov(sbgi *c, const double *th, const double *counts, double *cov)
{
    const double a = exp(th[0]), b = exp(th[1]);
    double g[2] = {0, 0}, h[4] = {0, 0, 0, 0}, n = 0, info[4], det;
    for (size_t i = 0; i < c->k; i++) {
        const double w = counts ? counts[i] : 1.0, d = c->d[i];
        if (w == 0)
            continue;
        if (c->ch[i] == 1.0)
            lbeta_derivs(a + 1.0, b + d - 1.0, w, g, h);
        else
            lbeta_derivs(a, b + d, w, g, h);
        n += w;
    }
    lbeta_derivs(a, b, -n, g, h);
    info[0] = -(a * a * h[0] + a * g[0]);
    info[1] = info[2] = -(a * b * h[1]);
    info[3] = -(b * b * h[3] + b * g[1]);
    det = info[0] * info[3] - info[1] * info[2];
    if (!(info[0] > 0 && info[3] > 0 && det > 1e-12 * info[0] * info[3] && isfinite(det)))
        return csat__fail(c->b, CSAT_EDOM,
                          "the information matrix of these counts at the model's parameters is not "
                          "positive definite: no covariance for the delta method or the draws");
    cov[0] = info[3] / det;
    cov[1] = cov[2] = -info[1] / det;
    cov[3] = info[0] / det;
    return CSAT_OK;
}

static csat_status sbgi_delta(sbgi *c, const double *th, double z, double *est, double *lo, double *hi)
{
    const size_t n = c->n;
    double cov[4], t[2];
    csat_status st;
    double *buf = csat__malloc_array(&c->b->alloc, n, 5 * sizeof(double));
    if (!buf)
        return csat__fail(c->b, CSAT_ENOMEM, "out of memory (%zu doubles)", 5 * n);
    double *f0 = buf, *fa = buf + n, *fb = buf + 2 * n, *g = buf + 3 * n; /* g: n x 2 */
    st = sbgi_eval(c, th, f0);
    if (st == CSAT_OK)
        st = sbgi_cov(c, th, c->cnt, cov);
    for (int j = 0; st == CSAT_OK && j < 2; j++) {
        for (int half = 0; st == CSAT_OK && half < 2; half++) {
            const double h = half ? 5e-4 : 1e-3;
            t[0] = th[0], t[1] = th[1];
            t[j] = th[j] + h;
            if ((st = sbgi_eval(c, t, fa)) != CSAT_OK)
                break;
            t[j] = th[j] - h;
            if ((st = sbgi_eval(c, t, fb)) != CSAT_OK)
                break;
            for (size_t i = 0; i < n; i++) {
                const double dd = (fa[i] - fb[i]) / (2 * h);
                g[2 * i + j] = half ? (4 * dd - g[2 * i + j]) / 3 : dd;
            }
        }
    }
    if (st == CSAT_OK) {
        const int prob = c->q == CSAT_SBG_SURVIVAL || c->q == CSAT_SBG_RETENTION;
        /* the bounds into fa, fb first: outputs are written only on success */
        for (size_t i = 0; st == CSAT_OK && i < n; i++) {
            const double *gi = g + 2 * i;
            const double v = gi[0] * gi[0] * cov[0] + 2 * gi[0] * gi[1] * cov[1] + gi[1] * gi[1] * cov[3];
            if (!csat__interval_bounds(f0[i], sqrt(v > 0 ? v : 0), z, prob, &fa[i], &fb[i]))
                st = csat__fail(c->b, CSAT_EDOM, "value %zu: the interval's upper bound is beyond the double "
                                "range (do these counts identify alpha and beta?)", i);
        }
        for (size_t i = 0; st == CSAT_OK && i < n; i++) {
            if (est)
                est[i] = f0[i];
            if (lo)
                lo[i] = fa[i];
            if (hi)
                hi[i] = fb[i];
        }
    }
    csat__free(&c->b->alloc, buf);
    return st;
}

/* One replicate's customers: a multinomial over the rows by sequential binomials. */
static void sbgi_resample(const sbgi *c, csat__rng *g, double tot, double *out)
{
    double left = tot, wleft = tot;
    for (size_t i = 0; i < c->k; i++) {
        const double wi = c->cnt ? c->cnt[i] : 1.0;
        out[i] = left <= 0 || wi <= 0 ? 0.0 : wi >= wleft ? left : csat__rng_binomial(g, left, wi / wleft);
        left -= out[i];
        wleft -= wi;
    }
}

static csat_status sbgi_boot(sbgi *c, const double *th, const csat_interval_options *o, double *est,
                             double *lo, double *hi)
{
    const size_t n = c->n, B = o->n_draws;
    const int resample = o->method == CSAT_INTERVAL_RESAMPLE;
    double cov[4], L[4] = {0, 0, 0, 0}, tot = 0;
    size_t kept = 0;
    csat_status st;
    if (!csat__array_bytes_ok(n, B + 2, sizeof(double)) || !csat__array_bytes_ok(c->k, 1, sizeof(double)) ||
        !csat__array_bytes_ok(n * (B + 2) + c->k, 1, sizeof(double)))
        return csat__fail(c->b, CSAT_EINVAL, "n = %zu values times n_draws = %zu overflow", n, B);
    double *buf = csat__malloc(&c->b->alloc, (n * (B + 2) + c->k) * sizeof(double));
    if (!buf)
        return csat__fail(c->b, CSAT_ENOMEM, "out of memory (%zu x %zu draws)", n, B);
    double *f0 = buf, *f = buf + n, *draws = buf + 2 * n, *cnt = draws + n * B;
    st = sbgi_eval(c, th, f0);
    if (st == CSAT_OK && !resample && (st = sbgi_cov(c, th, c->cnt, cov)) == CSAT_OK &&
        !csat__cholesky(cov, 2, L))
        st = csat__fail(c->b, CSAT_EDOM, "the covariance of the parameters is not positive definite");
    for (size_t i = 0; resample && i < c->k; i++)
        tot += c->cnt ? c->cnt[i] : 1.0;
    for (size_t k = 0; st == CSAT_OK && k < B; k++) {
        double t[2];
        csat__rng g;
        csat_status sk;
        csat__rng_seed(&g, o->seed, k);
        if (resample) {
            csat_sbg_params p;
            sbgi_resample(c, &g, tot, cnt);
            sk = csat_sbg_fit_duration_counts(c->scratch, c->d, c->ch, cnt, c->k, NULL);
            if (sk == CSAT_ENOMEM)
                st = csat__fail(c->b, sk, "out of memory in a refit");
            if (sk != CSAT_OK || csat_sbg_get_params(c->scratch, &p) != CSAT_OK)
                continue;
            t[0] = log(p.alpha), t[1] = log(p.beta);
        } else {
            const double z0 = csat__rng_normal(&g), z1 = csat__rng_normal(&g);
            t[0] = th[0] + L[0] * z0;
            t[1] = th[1] + L[2] * z0 + L[3] * z1;
        }
        sk = sbgi_eval(c, t, f);
        if (sk == CSAT_ENOMEM)
            st = sk;
        if (sk != CSAT_OK)
            continue;
        for (size_t i = 0; i < n; i++)
            draws[i * B + kept] = f[i];
        kept++;
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
    }
    csat__free(&c->b->alloc, buf);
    return st;
}

csat_status csat_sbg_intervals(csat_sbg *m, csat_sbg_quantity what, const double *t, size_t n,
                               double discount, const double *durations, const double *churned,
                               const double *counts, size_t n_rows, const csat_interval_options *opts,
                               double *estimate, double *lower, double *upper)
{
    /* csat__base is the first member of every handle (core/internal.h) */
    csat__base *b = (csat__base *)m;
    csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
    double th[2];
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(b);
    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_INTERVAL_OPTIONS_VERSION))
            return csat__fail(b, CSAT_EVERSION, "unknown interval options version %u", opts->version);
        o = *opts;
    }
    if (what != CSAT_SBG_SURVIVAL && what != CSAT_SBG_RETENTION && what != CSAT_SBG_DEL && what != CSAT_SBG_DERL)
        return csat__fail(b, CSAT_EINVAL, "what = %d is not a csat_sbg_quantity", (int)what);
    if (o.method != CSAT_INTERVAL_DELTA && o.method != CSAT_INTERVAL_PARAMETRIC &&
        o.method != CSAT_INTERVAL_RESAMPLE)
        return csat__fail(b, CSAT_EINVAL, "opts->method = %d is not a csat_interval_method", (int)o.method);
    if (!(o.level > 0 && o.level < 1))
        return csat__fail(b, CSAT_EINVAL, "opts->level = %g must lie in (0, 1)", o.level);
    if (o.method != CSAT_INTERVAL_DELTA && (o.n_draws < 2 || o.n_draws > SBGI_MAX_DRAWS))
        return csat__fail(b, CSAT_EINVAL, "opts->n_draws = %zu must lie in [2, 1e7]", o.n_draws);
    if (!estimate && !lower && !upper)
        return csat__fail(b, CSAT_EINVAL, "estimate, lower and upper are all NULL");
    if (!t && what != CSAT_SBG_DEL)
        return csat__fail(b, CSAT_EINVAL, "t is NULL");
    if (!durations || !churned)
        return csat__fail(b, CSAT_EINVAL, "durations and churned must not be NULL");
    if (!csat__array_bytes_ok(n, 5, sizeof(double)))
        return csat__fail(b, CSAT_EINVAL, "n = %zu values overflow the address space", n);
    if (!csat__array_bytes_ok(n_rows, 1, sizeof(double)))
        return csat__fail(b, CSAT_EINVAL, "n_rows = %zu rows overflow the address space", n_rows);
    if (n == 0)
        return csat__fail(b, CSAT_EEMPTY, "no values asked for (n = 0)");
    if (n_rows == 0)
        return csat__fail(b, CSAT_EEMPTY, "no data rows (n_rows = 0)");
    if (what != CSAT_SBG_SURVIVAL && what != CSAT_SBG_RETENTION && !(isfinite(discount) && discount > 0))
        return csat__fail(b, CSAT_EINVAL, "discount = %g must be finite and > 0", discount);
    for (size_t i = 0; i < n_rows; i++) {
        const double d = durations[i], w = counts ? counts[i] : 1.0;
        if (!(d >= 1 && d <= SBGI_MAX_PERIOD && d == floor(d)))
            return csat__fail(b, CSAT_EINVAL, "durations[%zu] = %g is not a whole number in [1, 1e7]", i, d);
        if (churned[i] != 0.0 && churned[i] != 1.0)
            return csat__fail(b, CSAT_EINVAL, "churned[%zu] = %g is not 0 or 1", i, churned[i]);
        if (!(isfinite(w) && w >= 0))
            return csat__fail(b, CSAT_EINVAL, "counts[%zu] = %g is not finite and >= 0", i, w);
        if (o.method == CSAT_INTERVAL_RESAMPLE && (w != floor(w) || w > 9007199254740992.0))
            return csat__fail(b, CSAT_EINVAL, "counts[%zu] = %g: resampling needs whole numbers of customers",
                              i, w);
    }
    sbgi c = {b, NULL, what, t, n, discount, durations, churned, counts, n_rows, th, {0, 0}};
    if (csat_sbg_get_params(m, &c.p0) != CSAT_OK)
        return csat__fail(b, CSAT_EMISUSE, "the model has no parameters (fit or set_params first)");
    if (!(c.p0.alpha >= 1e-15 && c.p0.alpha <= 1e15 && c.p0.beta >= 1e-15 && c.p0.beta <= 1e15))
        return csat__fail(b, CSAT_EDOM, "alpha = %g, beta = %g: intervals need parameters in [1e-15, 1e15]",
                          c.p0.alpha, c.p0.beta);
    th[0] = log(c.p0.alpha), th[1] = log(c.p0.beta);
    if (o.method == CSAT_INTERVAL_DELTA)
        return sbgi_delta(&c, th, csat__norm_quantile((1 + o.level) / 2), estimate, lower, upper);
    if (o.method == CSAT_INTERVAL_RESAMPLE && (st = csat_sbg_new(&c.scratch, &b->alloc)) != CSAT_OK)
        return csat__fail(b, st, "out of memory (a scratch model)");
    st = sbgi_boot(&c, th, &o, estimate, lower, upper);
    csat_sbg_free(c.scratch);
    return st;
}
