/*
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV", JMR
 * 42(4), appendix; Colombo & Jiang 1999) and discounted CLV from a purchase
 * model and the spend model.
 *
 * A customer with x repeat purchases of mean zbar contributes
 *   G(px+q)/(G(px)G(q)) gamma^q zbar^(px-1) x^(px) / (gamma + x zbar)^(px+q).
 */
#include "btyd/btyd_handle.h"
#include "numerics/numerics.h"
#include "numerics/optim.h"

#include <float.h>
#include <math.h>
#include <string.h>


/* The rows of a fit, with the scales the likelihood is taken at: spends
 * over zs (their weighted geometric mean; gamma with them) and weights
 * over ws (their mean), so that the optimiser sees the same problem at
 * every scale of either. */
typedef struct spend_rows {
    const double *x, *z, *w;
    size_t n;
    double l2;      /* the penalty, over ws */
    double lzs, iws; /* log zs, 1/ws */
    const csat__par *par; /* threads: the handle's, or serial */
} spend_rows;

/* What a block of spend_ll's sum needs. */
typedef struct spend_sum {
    const double *p;
    const spend_rows *d;
    double dq; /* digamma(q) */
} spend_sum;

/* Rows [lo, hi) of spend_ll: their log-likelihood; acc (may be NULL) += the gradient. */
static double spend_range(void *vctx, size_t lo, size_t hi, double *acc)
{
    const spend_sum *c = vctx;
    const spend_rows *d = c->d;
    const double pp = c->p[0], q = c->p[1], g = c->p[2], lg = log(g), dq = c->dq;
    csat__ksum ll = {0, 0};
    double g0 = 0, g1 = 0, g2 = 0;
    for (size_t i = lo; i < hi; i++) {
        const double x = d->x[i], w = (d->w ? d->w[i] : 1.0) * d->iws;
        double px = pp * x, lgz, v, lz, z;
        if (x < 1 || w == 0.0)
            continue;
        lz = log(d->z[i]) - d->lzs;
        z = exp(lz);
        lgz = log(g + x * z);
        v = csat__lgamma(px + q) - csat__lgamma(px) - csat__lgamma(q) + q * lg + (px - 1) * lz +
            px * log(x) - (px + q) * lgz;
        csat__ksum_add(&ll, w * v);
        if (acc) {
            double dpq = csat__digamma(px + q);
            g0 += w * x * (dpq - csat__digamma(px) + lz + log(x) - lgz);
            g1 += w * (dpq - dq + lg - lgz);
            g2 += w * (q / g - (px + q) / (g + x * z));
        }
    }
    if (acc) {
        acc[0] = g0;
        acc[1] = g1;
        acc[2] = g2;
    }
    return csat__ksum_value(&ll);
}

/* Log-likelihood of the scaled rows at p, q and gamma/zs = p[2], summed
 * over fixed blocks of rows on d->par's threads (btyd_par.c). */
static double spend_ll(const double *p, const spend_rows *d, double *grad)
{
    spend_sum c = {p, d, csat__digamma(p[1])};
    double acc[3];
    const double ll = csat__btyd_par_sum(d->par, d->n, grad ? 4 : 1, NULL, spend_range, &c, acc);
    if (grad)
        memcpy(grad, acc, sizeof acc);
    return ll;
}

/* -(LL - l2 |theta|^2) of the scaled rows, theta = log(p, q, gamma) in the
 * caller's units */
static double spend_objective(const double *th, double *grad, void *vctx)
{
    const spend_rows *d = vctx;
    double p[3], g[3], ll, pen = 0;
    for (int i = 0; i < 3; i++) {
        p[i] = exp(i == 2 ? th[i] - d->lzs : th[i]);
        pen += th[i] * th[i];
    }
    ll = spend_ll(p, d, grad ? g : NULL);
    if (!isfinite(ll))
        return INFINITY;
    if (grad)
        for (int i = 0; i < 3; i++)
            grad[i] = -g[i] * p[i] + 2.0 * d->l2 * th[i];
    return -ll + d->l2 * pen;
}

csat_status csat_spend_new(csat_spend_model **out, const csat_allocator *alloc)
{
    csat_spend_model *m = NULL;
    csat_status st;
    if (!out)
        return CSAT_EINVAL;
    st = csat__handle_new((void **)&m, sizeof *m, alloc);
    if (st != CSAT_OK)
        return st;
    m->fit.np = 3;
    *out = m;
    return CSAT_OK;
}

void csat_spend_free(csat_spend_model *m) { csat__handle_free(m); }
const char *csat_spend_last_error(const csat_spend_model *m) { return m ? m->base.err : ""; }

/* The rows' checks for the fit (on the handle b) and the chunk function (in
 * err); either may be NULL. */
static csat_status check_spend_rows(csat__base *b, csat_error *err, const double *x, const double *z,
                                    const double *w, size_t n, size_t *n_rep)
{
    size_t k = 0;
    if (!x || !z)
        return csat__report(b, err, CSAT_EINVAL, !x ? "frequency" : "monetary_value", CSAT_NO_ROW,
                            "frequency and monetary_value must not be NULL");
    if (!csat__array_bytes_ok(n, 1, sizeof(double)))
        return csat__report(b, err, CSAT_EINVAL, "n", CSAT_NO_ROW,
                            "n = %zu customers overflow the address space", n);
    if (n == 0)
        return csat__report(b, err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "no customers");
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        if (!csat__btyd_is_count(x[i]))
            return csat__report(b, err, CSAT_EINVAL, "frequency", i,
                                "customer %zu: frequency must be a whole number in 0..2^53 "
                                "(frequency[%zu] = %g)",
                                i, i, x[i]);
        if (!(isfinite(z[i]) && z[i] >= 0))
            return csat__report(b, err, CSAT_EINVAL, "monetary_value", i,
                                "customer %zu: monetary value must be finite and >= 0 "
                                "(monetary_value[%zu] = %g)",
                                i, i, z[i]);
        if (x[i] >= 1 && !(z[i] > 0))
            return csat__report(b, err, CSAT_EINVAL, "monetary_value", i,
                                "customer %zu: repeat buyer with monetary value 0 "
                                "(monetary_value[%zu] = %g, frequency[%zu] = %g)",
                                i, i, z[i], i, x[i]);
        if (!(isfinite(wi) && wi >= 0))
            return csat__report(b, err, CSAT_EINVAL, "weights", i,
                                "weight %zu must be finite and >= 0 (weights[%zu] = %g)", i, i, wi);
        if (x[i] >= 1 && wi > 0)
            k++;
    }
    *n_rep = k;
    return CSAT_OK;
}

/* Estimates within 1e7 times their scale (p, q: 1; gamma: the spends'
 * geometric mean) and an end beyond 1e6 times is a boundary (CSAT_EDOM),
 * as for the BTYD fits (btyd_fit.c). */
#define SPEND_BOX 16.11809565095832   /* log(1e7) */
#define SPEND_EDGE 13.815510557964274 /* log(1e6) */

/* The Gamma-Gamma fit has one stage: its report, on the nrep repeat buyers. */
static void spend_one_stage(csat__fitted *f, size_t nrep)
{
    f->stages.n = 0;
    csat__stages_add_report(&f->stages, nrep, &f->report);
}

csat_status csat_spend_fit(csat_spend_model *m, const double *frequency, const double *monetary_value,
                           const double *weights, size_t n, const csat_btyd_options *opts)
{
    csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
    spend_rows d = {frequency, monetary_value, weights, n, 0.0, 0.0, 1.0, NULL};
    csat__optim_options oo = CSAT__OPTIM_OPTIONS_INIT;
    csat__optim_report rep;
    csat_fit_report report;
    double th[3], lo[3], hi[3], H[9], p[3], se[3];
    double tw = 0.0, lzsum = 0.0, ws;
    size_t nrep, first = n, distinct = 0;
    int has_se = 0, edge = 0;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    d.par = &m->base.par;
    csat__clear_error(&m->base);
    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_BTYD_OPTIONS_VERSION))
            return csat__fail(&m->base, CSAT_EVERSION, "unknown options version %u", opts->version);
        o = *opts;
        if (!(isfinite(o.l2_penalty) && o.l2_penalty >= 0) || o.max_iter == 0 ||
            !(o.gtol > 0 && o.gtol <= 1e-2))
            return csat__fail(&m->base, CSAT_EINVAL, "invalid options (l2_penalty, max_iter or gtol)");
        if (o.start)
            for (int i = 0; i < 3; i++)
                if (!(isfinite(o.start[i]) && o.start[i] > 0))
                    return csat__fail(&m->base, CSAT_EINVAL, "start parameters must be > 0");
    }
    st = check_spend_rows(&m->base, NULL, frequency, monetary_value, weights, n, &nrep);
    if (st != CSAT_OK)
        return st;
    if (nrep < 2)
        return csat__fail(&m->base, CSAT_EINVAL, "too few repeat buyers to fit (need 2)");
    for (size_t i = 0; i < n; i++) {
        const double w = weights ? weights[i] : 1.0;
        if (frequency[i] >= 1 && w > 0) {
            tw += w;
            lzsum += w * log(monetary_value[i]);
            if (first == n)
                first = i;
            else if (frequency[i] != frequency[first] || monetary_value[i] != monetary_value[first])
                distinct = 1;
        }
    }
    if (!isfinite(tw))
        return csat__fail(&m->base, CSAT_EINVAL, "the weights sum past the largest double");
    if (!distinct)
        return csat__fail(&m->base, CSAT_EDOM,
                          "Gamma-Gamma: every repeat buyer with weight has the same history (x = %g, "
                          "mean spend %g), which does not identify p, q and gamma; parameters unchanged",
                          frequency[first], monetary_value[first]);
    /* scales: the geometric mean of the spends, the mean weight */
    ws = tw / (double)nrep;
    d.lzs = lzsum / tw;
    d.iws = 1.0 / ws;
    d.l2 = o.l2_penalty / ws;
    for (int i = 0; i < 3; i++) {
        const double c = i == 2 ? d.lzs : 0.0;
        lo[i] = c - SPEND_BOX;
        hi[i] = fmin(c + SPEND_BOX, 709.0);
        th[i] = o.start ? fmin(fmax(log(o.start[i]), lo[i]), hi[i]) : c;
    }
    oo.max_iter = o.max_iter;
    oo.gtol = o.gtol;
    oo.lower = lo;
    oo.upper = hi;
    oo.max_step = 2.0;
    st = csat__minimize(spend_objective, &d, th, 3, &oo, &rep, &m->base.alloc);
    if (st == CSAT_ENOMEM)
        return csat__fail(&m->base, st, "out of memory in the Gamma-Gamma fit");
    /* the handle's report changes on success and on CSAT_ENOCONV or a
     * boundary only (not when the standard errors below run out of memory) */
    report.iterations = rep.iterations;
    report.evaluations = rep.evaluations;
    report.grad_norm = rep.grad_norm;
    report.converged = st == CSAT_OK;
    report.log_likelihood = NAN;
    if (st == CSAT_OK || st == CSAT_ENOCONV)
        for (int i = 0; i < 3; i++)
            edge |= fabs(th[i] - (i == 2 ? d.lzs : 0.0)) > SPEND_EDGE;
    if (edge) {
        report.converged = 0;
        m->fit.report = report;
        spend_one_stage(&m->fit, nrep);
        return csat__fail(&m->base, CSAT_EDOM,
                          "Gamma-Gamma: the likelihood grows towards the edge of the parameters (the fit "
                          "ended at p, q, gamma = %.3g, %.3g, %.3g, beyond 1e6 times their scale): no "
                          "interior maximum; parameters unchanged",
                          exp(th[0]), exp(th[1]), exp(th[2]));
    }
    if (st != CSAT_OK) {
        m->fit.report = report;
        spend_one_stage(&m->fit, nrep);
        return csat__fail(&m->base, CSAT_ENOCONV,
                          "Gamma-Gamma fit did not converge after %zu iterations; parameters unchanged",
                          rep.iterations);
    }
    /* BFGS stops where the gradient is small, not where the estimates are
     * exact (4e-8 off on CDNOW): Newton steps with the Hessian by
     * differences of the gradient finish the job while they are short and
     * the objective does not rise (fits on partitioned data reach the same
     * point, csat.dask) */
    for (int it = 0; it < 4; it++) {
        double g[3], gn[3], step[3], thn[3], f0 = spend_objective(th, g, &d), big = 0.0;
        st = csat__hessian(spend_objective, &d, th, 3, H, &m->base.alloc);
        if (st == CSAT_ENOMEM)
            return csat__fail(&m->base, st, "out of memory in the Gamma-Gamma fit");
        if (st != CSAT_OK || !csat__newton_direction(H, g, 3, 0.0, step))
            break;
        for (int i = 0; i < 3; i++) {
            big = fmax(big, fabs(step[i]));
            thn[i] = fmin(fmax(th[i] + step[i], lo[i]), hi[i]);
        }
        report.evaluations += 8; /* here, in the Hessian (6) and the trial */
        if (!(big <= 1e-3) || !(spend_objective(thn, gn, &d) <= f0 + 1e-12 * fabs(f0)))
            break;
        memcpy(th, thn, sizeof th);
        report.iterations++;
        report.grad_norm = fmax(fabs(gn[0]), fmax(fabs(gn[1]), fabs(gn[2])));
        if (big <= 1e-12)
            break;
    }
    st = CSAT_OK;
    for (int i = 0; i < 3; i++)
        p[i] = exp(th[i]);
    if (o.standard_errors) {
        st = csat__hessian(spend_objective, &d, th, 3, H, &m->base.alloc);
        if (st == CSAT_OK) {
            /* the caller's information: ws times that of the mean-1 weights */
            for (int i = 0; i < 9; i++)
                H[i] *= ws;
            st = csat__spd_inverse(H, 3, &m->base.alloc);
        }
        if (st == CSAT_ENOMEM)
            return csat__fail(&m->base, st, "out of memory computing standard errors");
        if (st == CSAT_OK) {
            has_se = 1;
            for (int i = 0; i < 3; i++)
                se[i] = p[i] * sqrt(H[i * 3 + i]);
        }
    }
    memcpy(m->fit.params, p, sizeof p);
    if (has_se)
        memcpy(m->fit.se, se, sizeof se);
    m->fit.has_se = has_se;
    {
        /* the caller's log-likelihood: ws times the scaled rows', and each
         * spend's density over zs */
        const double ps[3] = {p[0], p[1], exp(th[2] - d.lzs)};
        m->fit.ll = ws * spend_ll(ps, &d, NULL) - tw * d.lzs;
    }
    m->fit.report = report;
    m->fit.report.log_likelihood = m->fit.ll;
    spend_one_stage(&m->fit, nrep);
    m->fit.n_obs = tw;
    m->fit.has_params = m->fit.has_fit = 1;
    return CSAT_OK;
}

/* spend_ll on unscaled rows, for csat__hessian_positive */
static double spend_chunk_grad(const double *p, double *grad, void *vctx)
{
    return spend_ll(p, vctx, grad);
}

csat_status csat_spend_chunk_loglik(const double *params, const double *frequency,
                                    const double *monetary_value, const double *weights, size_t n,
                                    double *ll, double *grad, double *hess, csat_error *err)
{
    spend_rows d = {frequency, monetary_value, weights, n, 0.0, 0.0, 1.0, &csat__par_serial};
    double g[3], h[9], v;
    size_t nrep;
    csat_status st;
    csat__err_clear(err);
    if (!params)
        return csat__err_null(err, "params");
    if (!ll)
        return csat__err_null(err, "ll");
    for (int i = 0; i < 3; i++)
        if (!(isfinite(params[i]) && params[i] > 0))
            return csat__err(err, CSAT_EINVAL, "params", (size_t)(i),
                             "params[%zu] = %g is not finite and > 0", (size_t)(i), params[i]);
    st = check_spend_rows(NULL, err, frequency, monetary_value, weights, n, &nrep);
    if (st != CSAT_OK)
        return st;
    v = spend_ll(params, &d, g);
    if (!isfinite(v) || csat__first_nonfinite(g, 3) != 3)
        return csat__err(err, CSAT_EDOM, "params", CSAT_NO_ROW,
                         "the log-likelihood or its gradient is not finite at params");
    if (hess && csat__hessian_positive(spend_chunk_grad, &d, params, 3, h) != CSAT_OK)
        return csat__err(err, CSAT_EDOM, "params", CSAT_NO_ROW,
                         "the Hessian is not finite at params");
    *ll = v;
    if (grad)
        memcpy(grad, g, sizeof g);
    if (hess)
        memcpy(hess, h, sizeof h);
    return CSAT_OK;
}

csat_status csat_spend_get_params(const csat_spend_model *m, double *params, size_t cap)
{
    return m ? csat__fitted_params(&m->fit, params, cap) : CSAT_EINVAL;
}

csat_status csat_spend_set_params(csat_spend_model *m, const double *params, size_t n)
{
    if (!m)
        return CSAT_EINVAL;
    return csat__fitted_set(&m->fit, &m->base, params, n, "p, q, gamma");
}

csat_status csat_spend_standard_errors(const csat_spend_model *m, double *se, size_t cap)
{
    return m ? csat__fitted_se(&m->fit, se, cap) : CSAT_EINVAL;
}

csat_status csat_spend_log_likelihood(const csat_spend_model *m, double *ll, double *aic, double *bic)
{
    return m ? csat__fitted_loglik(&m->fit, ll, aic, bic) : CSAT_EINVAL;
}

csat_status csat_spend_fit_report(const csat_spend_model *m, csat_fit_report *report)
{
    return m ? csat__fitted_report(&m->fit, report) : CSAT_EINVAL;
}

csat_status csat_spend_fit_stages(const csat_spend_model *m, csat_fit_stage *stages, size_t cap, size_t *n_stages)
{
    return m ? csat__fitted_stages(&m->fit, stages, cap, n_stages) : CSAT_EINVAL;
}

/* A double with a wider exponent: v = m 2^e (m from frexp), so that the
 * intermediate products and sums of E[Z | x, zbar] neither overflow nor
 * underflow; only the final conversion rounds to the double range. */
typedef struct wide {
    double m;
    long e;
} wide;

static wide wide_of(double v)
{
    int e;
    wide w;
    w.m = frexp(v, &e);
    w.e = e;
    return w;
}

static wide wide_mul(wide a, wide b)
{
    wide w = wide_of(a.m * b.m);
    w.e += a.e + b.e;
    return w;
}

static wide wide_div(wide a, wide b)
{
    wide w = wide_of(a.m / b.m);
    w.e += a.e - b.e;
    return w;
}

static wide wide_add(wide a, wide b)
{
    wide w;
    if (a.m == 0.0 || (b.m != 0.0 && b.e > a.e)) {
        wide t = a;
        a = b;
        b = t;
    }
    if (b.m == 0.0 || a.e - b.e > 1100)
        return a;
    w = wide_of(a.m + ldexp(b.m, (int)(b.e - a.e)));
    w.e += a.e;
    return w;
}

static double wide_value(wide a)
{
    if (a.m == 0.0)
        return 0.0;
    if (a.e > 2000)
        return a.m > 0 ? INFINITY : -INFINITY;
    if (a.e < -2000)
        return 0.0;
    return ldexp(a.m, (int)a.e);
}

/* E[Z | x, zbar] = (gamma + x zbar) p / (p x + q - 1); population mean for
 * x = 0. The caller has checked p x + q > 1. Computed with a wide exponent:
 * the plain double formula overflowed in (gamma + x zbar) p for gamma near
 * DBL_MAX or p near 1e300 although the mean is a double. Inf means the mean
 * is not a double: the callers return CSAT_EDOM. */
static double expected_spend(const double *p, double x, double z)
{
    const wide pp = wide_of(p[0]);
    const wide num = wide_mul(wide_add(wide_of(p[2]), wide_mul(wide_of(x), wide_of(z))), pp);
    const wide den = wide_add(wide_mul(pp, wide_of(x)), wide_of(p[1] - 1.0));
    return wide_value(wide_div(num, den));
}

csat_status csat_spend_expected(csat_spend_model *m, const double *frequency,
                                const double *monetary_value, size_t n, double *out)
{
    size_t nrep;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    if (!m->fit.has_params)
        return csat__fail(&m->base, CSAT_EMISUSE, "the spend model has no parameters");
    if (!out)
        return csat__fail(&m->base, CSAT_EINVAL, "out is NULL");
    st = check_spend_rows(&m->base, NULL, frequency, monetary_value, NULL, n, &nrep);
    if (st != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (!(m->fit.params[0] * frequency[i] + m->fit.params[1] > 1.0))
            return csat__fail(&m->base, CSAT_EDOM, "customer %zu: p*x + q <= 1, no finite mean", i);
        if (!isfinite(expected_spend(m->fit.params, frequency[i], monetary_value[i])))
            return csat__fail(&m->base, CSAT_EDOM, "customer %zu: the expected spend exceeds the "
                              "largest double", i);
    }
    for (size_t i = 0; i < n; i++)
        out[i] = expected_spend(m->fit.params, frequency[i], monetary_value[i]);
    return CSAT_OK;
}

/* ---- CLV ------------------------------------------------------------------------ */

csat_status csat_clv_options_init(csat_clv_options *opts, unsigned int version)
{
    csat_clv_options d = CSAT_CLV_OPTIONS_INIT;
    if (!opts)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_CLV_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = d;
    opts->version = version;
    return CSAT_OK;
}

/* ---- CLV over blocks of customers --------------------------------------------
 *
 * csat_clv with memory: the E[X] of all customers one step at a time (the
 * purchase model's batched predictions, on its threads), and the rest over
 * the fixed blocks of customers on the same threads: each step's discounted
 * increments (customer by customer), then the values times the expected
 * spend with one partial sum of the equity per block, added in block order.
 * The same bits at every thread count.
 */
typedef struct clv_run {
    const double *sp, *x, *z;
    const double *e, *prev; /* this step's E[X] and the last's */
    double *v, *out, disc;
    double *sums; /* per block: its equity's Neumaier sum s, c and its first bad customer */
    size_t n;
} clv_run;

static void clv_step_block(void *vctx, size_t lo, size_t hi, const csat_allocator *al)
{
    const clv_run *c = vctx;
    (void)al;
    /* E[X(T, T+t)] does not decrease in t: a negative step is rounding (it
     * made a CLV of -2.5e-203). The first step starts from 0 without
     * zeroing the arrays first (e - 0 = e: the bits of the sum from zeros). */
    if (!c->prev) {
        for (size_t i = lo; i < hi; i++)
            c->v[i] = 0.0 + fmax(c->e[i], 0.0) * c->disc;
        return;
    }
    for (size_t i = lo; i < hi; i++)
        c->v[i] += fmax(c->e[i] - c->prev[i], 0.0) * c->disc;
}

static void clv_value_block(void *vctx, size_t lo, size_t hi, const csat_allocator *al)
{
    const clv_run *c = vctx;
    double *slot = c->sums + 3 * (lo / CSAT__BLOCK_ROWS);
    csat__ksum s = {0, 0};
    size_t bad = hi;
    (void)al;
    for (size_t i = lo; i < hi; i++) {
        const double vi = c->v[i] * expected_spend(c->sp, c->x[i], c->z[i]);
        c->v[i] = vi;
        csat__ksum_add(&s, vi);
        if (bad == hi && !isfinite(vi))
            bad = i;
    }
    slot[0] = s.s;
    slot[1] = s.c;
    slot[2] = (double)(bad - lo); /* hi - lo: none */
}

static void clv_copy_block(void *vctx, size_t lo, size_t hi, const csat_allocator *al)
{
    const clv_run *c = vctx;
    (void)al;
    memcpy(c->out + lo, c->v + lo, (hi - lo) * sizeof *c->out);
}

/* buf: 3 n + 3 blocks doubles. Rows and options checked. */
static csat_status clv_blocks(csat_btyd_model *purchases, csat_spend_model *spend, const double *x,
                              const double *tx, const double *T, const double *z, size_t n,
                              const csat_clv_options *o, double *buf, double *out, double *equity)
{
    const csat__par *par = csat__handle_par(purchases);
    double *e = buf, *prev = buf + n, disc = 1.0;
    clv_run c = {spend->fit.params, x, z, NULL, NULL, buf + 2 * n, out, 1.0, buf + 3 * n, n};
    csat__ksum eq = {0, 0};
    for (size_t k = 1; k <= o->n_steps; k++) {
        double *t;
        csat_status st = csat_btyd_expected_purchases(purchases, (double)k * o->step, x, tx, T, n, e);
        if (st != CSAT_OK) /* not expected: every row was checked */
            return csat__fail(&spend->base, st, "%s", csat_btyd_last_error(purchases));
        disc /= 1.0 + o->discount_rate;
        c.e = e;
        c.prev = k > 1 ? prev : NULL;
        c.disc = disc;
        csat__btyd_par_blocks(par, n, clv_step_block, &c);
        t = prev; /* this step's E[X] is the next one's last */
        prev = e;
        e = t;
    }
    csat__btyd_par_blocks(par, n, clv_value_block, &c);
    /* the blocks' sums in block order; where a value or the running sum is
     * not a double, the first such customer of that block */
    for (size_t b = 0, lo = 0; lo < n; b++, lo += CSAT__BLOCK_ROWS) {
        const double *slot = c.sums + 3 * b;
        const size_t hi = n - lo < CSAT__BLOCK_ROWS ? n : lo + CSAT__BLOCK_ROWS;
        csat__ksum run = eq;
        csat__ksum_add(&eq, slot[0]);
        csat__ksum_add(&eq, slot[1]);
        if ((size_t)slot[2] < hi - lo || !isfinite(csat__ksum_value(&eq))) {
            size_t i = lo;
            for (; i + 1 < hi; i++) {
                csat__ksum_add(&run, c.v[i]);
                if (!isfinite(c.v[i]) || !isfinite(csat__ksum_value(&run)))
                    break;
            }
            return csat__fail(&spend->base, CSAT_EDOM,
                              "customer %zu: the CLV or the equity is not a finite double "
                              "(expected purchases or spend too large)", i);
        }
    }
    csat__btyd_par_blocks(par, n, clv_copy_block, &c);
    if (equity)
        *equity = csat__ksum_value(&eq);
    return CSAT_OK;
}

csat_status csat_clv(csat_btyd_model *purchases, csat_spend_model *spend, const double *frequency,
                     const double *recency, const double *T, const double *monetary_value, size_t n,
                     const csat_clv_options *opts, double *out, double *equity)
{
    csat_clv_options o = CSAT_CLV_OPTIONS_INIT;
    double params[CSAT_BTYD_N_PARAMS];
    csat__ksum eq = {0, 0};
    csat_status st;
    const csat__btyd_kind_ops *ops;
    size_t nrep;
    if (!purchases || !spend)
        return CSAT_EINVAL;
    ops = csat__btyd_ops(csat_btyd_get_kind(purchases));
    csat__clear_error(&spend->base);
    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_CLV_OPTIONS_VERSION))
            return csat__fail(&spend->base, CSAT_EVERSION, "unknown CLV options version");
        o = *opts;
    }
    if (o.n_steps == 0 || o.n_steps > 100000 || !(isfinite(o.step) && o.step > 0) ||
        !((double)o.n_steps * o.step <= DBL_MAX) ||
        !(isfinite(o.discount_rate) && o.discount_rate >= 0))
        return csat__fail(&spend->base, CSAT_EINVAL,
                          "CLV options: n_steps in [1, 100000], step > 0, discount_rate >= 0");
    if (ops->discrete)
        return csat__fail(&spend->base, CSAT_EINVAL, "CLV needs a continuous-time purchase model");
    if (!out)
        return csat__fail(&spend->base, CSAT_EINVAL, "out is NULL");
    /* every row checked before any output is written */
    if (csat_btyd_get_params(purchases, params, CSAT_BTYD_N_PARAMS) != CSAT_OK)
        return csat__fail(&spend->base, CSAT_EMISUSE, "the purchase model has no parameters");
    if (!spend->fit.has_params)
        return csat__fail(&spend->base, CSAT_EMISUSE, "the spend model has no parameters");
    if (csat__btyd_predictable(&spend->base, params, ops->n_params) != CSAT_OK)
        return CSAT_EDOM;
    if (!frequency || !recency || !T)
        return csat__fail(&spend->base, CSAT_EINVAL, "frequency, recency and T must not be NULL");
    if (!csat__array_bytes_ok(n, 1, sizeof(double)))
        return csat__fail(&spend->base, CSAT_EINVAL, "n = %zu customers overflow the address space", n);
    {
        const csat__btyd_rows r = {frequency, recency, T, NULL, n};
        size_t bad;
        const char *why = ops->check_rows(&r, &bad);
        if (why)
            return csat__fail(&spend->base, CSAT_EINVAL, "customer %zu: %s", bad, why);
    }
    st = check_spend_rows(&spend->base, NULL, frequency, monetary_value, NULL, n, &nrep);
    if (st != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if (!(spend->fit.params[0] * frequency[i] + spend->fit.params[1] > 1.0))
            return csat__fail(&spend->base, CSAT_EDOM, "customer %zu: p*x + q <= 1, no finite mean", i);
    {
        /* All customers one step at a time, so the purchase model's batched
         * predictions apply, and the rest over blocks of customers on its
         * threads (clv_blocks); per customer as a fallback without memory. */
        const size_t nb = csat__n_blocks(n, CSAT__BLOCK_ROWS);
        double *buf = csat__malloc_array(&spend->base.alloc, 3 * n + 3 * nb, sizeof(double));
        if (buf) {
            st = clv_blocks(purchases, spend, frequency, recency, T, monetary_value, n, &o, buf, out, equity);
            csat__free(&spend->base.alloc, buf);
            return st;
        }
        /* Pass 0 checks that every value and the equity are doubles (else
         * CSAT_EDOM with out untouched), pass 1 writes them: the values
         * are computed twice. */
        for (int pass = 0; pass < 2; pass++) {
            eq.s = eq.c = 0.0;
            for (size_t i = 0; i < n; i++) {
                double vi = 0.0, pr = 0.0, disc = 1.0;
                for (size_t k = 1; k <= o.n_steps; k++) {
                    double ek = ops->expected_cond(params, (double)k * o.step, frequency[i], recency[i], T[i]);
                    disc /= 1.0 + o.discount_rate;
                    /* E[X(T, T+t)] does not decrease in t: a negative step is
                     * rounding (it made a CLV of -2.5e-203) */
                    vi += fmax(ek - pr, 0.0) * disc;
                    pr = ek;
                }
                vi *= expected_spend(spend->fit.params, frequency[i], monetary_value[i]);
                if (pass == 1) {
                    out[i] = vi;
                    continue;
                }
                csat__ksum_add(&eq, vi);
                if (!isfinite(vi) || !isfinite(csat__ksum_value(&eq)))
                    return csat__fail(&spend->base, CSAT_EDOM,
                                      "customer %zu: the CLV or the equity is not a finite double "
                                      "(expected purchases or spend too large)", i);
            }
            if (pass == 0 && equity)
                *equity = csat__ksum_value(&eq);
        }
    }
    return CSAT_OK;
}
