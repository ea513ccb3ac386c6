/*
 * Shifted-beta-geometric (sBG) contractual retention: Fader & Hardie (2007),
 * "How to project customer retention"; DEL/DERL from Fader & Hardie (2010),
 * "Customer-base valuation in a contractual setting".
 *
 * The likelihood is walked period by period with the ratio
 * S(t)/S(t-1) = (beta+t-1)/(alpha+beta+t-1), so log S and its derivatives
 * are sums of log1p/rational terms: exact gradients without digamma
 * differences that cancel for long durations.
 */
#include "core/internal.h"
#include "core/sort.h"
#include "numerics/numerics.h"
#include "numerics/optim.h"
#include "retention/transactions.h"

#include <float.h>
#include <math.h>

#define SBG_MAX_PERIODS 10000000.0
/* log-parameters are boxed here; an optimum on the box means the MLE is at
 * infinity (e.g. a homogeneous, geometric cohort) and is reported. */
#define SBG_LOG_BOUND 20.0

struct csat_sbg {
    csat__base base;
    csat_sbg_params p;
    double se_alpha, se_beta;
    int has_params, fitted;
    csat__stages stages; /* issue 18: the last successful fit's (one stage) */
};

/* Either survivor counts surv[0..T] (the last right-censored), one entry a
 * period, or, when surv is NULL, K entries of sparse per-period counts:
 * churn[k] customers left in period t[k], cens[k] were still active after
 * t[k] periods when observation stopped; t increasing, whole, >= 1. */
typedef struct sbg_data {
    const double *surv;
    const double *t, *churn, *cens;
    size_t K;
} sbg_data;

static size_t data_size(const sbg_data *d) { return d->K; }

static double data_period(const sbg_data *d, size_t k)
{
    return d->surv ? (double)(k + 1) : d->t[k];
}

static double data_churn(const sbg_data *d, size_t k)
{
    return d->surv ? d->surv[k] - d->surv[k + 1] : d->churn[k];
}

static double data_cens(const sbg_data *d, size_t k)
{
    if (d->surv)
        return k + 1 == d->K ? d->surv[k + 1] : 0.0;
    return d->cens[k];
}

static int params_ok(const csat_sbg_params *p)
{
    return p && isfinite(p->alpha) && isfinite(p->beta) && p->alpha > 0.0 && p->beta > 0.0;
}

/* The error for parameters params_ok refused. */
static csat_status params_error(const csat_sbg_params *p, csat_error *err)
{
    if (p == NULL)
        return csat__err_null(err, "p");
    if (!(isfinite(p->alpha) && p->alpha > 0.0))
        return csat__err(err, CSAT_EINVAL, "p->alpha", CSAT_NO_ROW,
                         "p->alpha = %g is not finite and > 0", p->alpha);
    return csat__err(err, CSAT_EINVAL, "p->beta", CSAT_NO_ROW, "p->beta = %g is not finite and > 0",
                     p->beta);
}

/* Runs of periods with no data longer than this are crossed in O(1) by
 * digamma and log-gamma differences instead of period by period. */
#define SBG_JUMP 32

/* log S(t-1) and its derivatives in a and b, walked forward a period at a time. */
typedef struct sbg_walk {
    double log_s, ds_a, ds_b;
} sbg_walk;

/* log(1 + a / bt) = log((a + bt) / bt), also where a / bt overflows (then
 * a + bt = a to double precision). */
static double log1p_ratio(double a, double bt)
{
    double r = a / bt;
    return isfinite(r) ? log1p(r) : log(a) - log(bt);
}

static void walk_period(sbg_walk *w, double a, double b, double t)
{
    double ab = a + b + (t - 1.0), bt = b + (t - 1.0);
    w->log_s -= log1p_ratio(a, bt);
    w->ds_a -= 1.0 / ab;
    w->ds_b += 1.0 / bt - 1.0 / ab;
}

/* Periods from .. to - 1, none with data. */
static void walk_run(sbg_walk *w, double a, double b, double from, double to)
{
    double x, L, p1, p2, q1, q2;
    while (from < to && (to - from < SBG_JUMP || b + from - 1.0 < 8.0)) {
        walk_period(w, a, b, from);
        from += 1.0;
    }
    if (!(from < to))
        return;
    x = b + from - 1.0;
    L = to - from;
    w->log_s -= csat__lgamma_diff_step(x, a, L);
    w->ds_a -= csat__digamma_diff(x + a, L);
    /* sum_j 1/(x+j) - 1/(x+a+j), two ways; the one with smaller terms */
    p1 = csat__digamma_diff(x, L);
    p2 = csat__digamma_diff(x + a, L);
    q1 = csat__digamma_diff(x, a);
    q2 = csat__digamma_diff(x + L, a);
    w->ds_b += (p1 + p2 < q1 + q2) ? p1 - p2 : q1 - q2;
}

/* log(a / (a + bt)) without underflow (a = 1e-162 next to bt = 1e300 gave
 * log 0 = -Inf, and NaN in the sum) or overflow of a + bt. */
static double log_churn_ratio(double a, double bt)
{
    double r = bt / a;
    return isfinite(r) ? -log1p(r) : log(a) - log(bt);
}

static double sbg_negll(const double *x, double *grad, void *ctx)
{
    const sbg_data *d = ctx;
    double a = exp(x[0]), b = exp(x[1]), next = 1.0;
    sbg_walk w = {0.0, 0.0, 0.0};
    csat__ksum ll = {0, 0}, ga = {0, 0}, gb = {0, 0};
    if (!isfinite(a) || !isfinite(b) || a <= 0.0 || b <= 0.0)
        return INFINITY;
    for (size_t k = 0; k < data_size(d); k++) {
        double t = data_period(d, k), ab = a + b + (t - 1.0), c;
        walk_run(&w, a, b, next, t);
        c = data_churn(d, k);
        if (c > 0.0) { /* log P(T=t) = log a - log(ab) + log S(t-1) */
            csat__ksum_add(&ll, c * (log_churn_ratio(a, b + (t - 1.0)) + w.log_s));
            csat__ksum_add(&ga, c * (1.0 / a - 1.0 / ab + w.ds_a));
            csat__ksum_add(&gb, c * (-1.0 / ab + w.ds_b));
        }
        walk_period(&w, a, b, t);
        next = t + 1.0;
        c = data_cens(d, k);
        if (c > 0.0) {
            csat__ksum_add(&ll, c * w.log_s);
            csat__ksum_add(&ga, c * w.ds_a);
            csat__ksum_add(&gb, c * w.ds_b);
        }
    }
    if (grad) {
        grad[0] = -a * csat__ksum_value(&ga);
        grad[1] = -b * csat__ksum_value(&gb);
    }
    return -csat__ksum_value(&ll);
}

csat_status csat_sbg_new(csat_sbg **out, const csat_allocator *alloc)
{
    if (!out)
        return CSAT_EINVAL;
    return csat__handle_new((void **)out, sizeof(csat_sbg), alloc);
}

void csat_sbg_free(csat_sbg *m)
{
    if (m)
        csat__handle_free(m);
}

const char *csat_sbg_last_error(const csat_sbg *m)
{
    return m ? m->base.err : "";
}

/* The negative log-likelihood times k: the fit runs on the per-customer
 * average (k = 1 / cohort size), so that its convergence test and bounds
 * mean the same at every scale of the counts (1e-300 or 1e300 customers). */
typedef struct sbg_scaled {
    sbg_data *d;
    double k;
} sbg_scaled;

static double sbg_negll_scaled(const double *x, double *grad, void *ctx)
{
    const sbg_scaled *s = ctx;
    double f = sbg_negll(x, grad, s->d);
    if (grad) {
        grad[0] *= s->k;
        grad[1] *= s->k;
    }
    return f * s->k;
}

/* Fit on prepared counts; m is changed only on success. */
static csat_status sbg_fit(csat_sbg *m, sbg_data *d, csat_fit_report *report)
{
    double x[2] = {0.0, 0.0}, H[4], lo[2] = {-SBG_LOG_BOUND, -SBG_LOG_BOUND},
           hi[2] = {SBG_LOG_BOUND, SBG_LOG_BOUND};
    double n_churn = 0.0, n_cens_late = 0.0, n_late = 0.0, n_all = 0.0;
    sbg_scaled sd;
    csat__optim_options o = CSAT__OPTIM_OPTIONS_INIT;
    csat__optim_report r;
    csat_status st;
    for (size_t k = 0; k < data_size(d); k++) {
        n_churn += data_churn(d, k);
        if (data_period(d, k) > 1.0) {
            n_cens_late += data_churn(d, k);
            n_late += data_churn(d, k) + data_cens(d, k);
        }
        n_cens_late += data_cens(d, k);
        n_all += data_churn(d, k) + data_cens(d, k);
    }
    if (n_churn <= 0.0)
        return csat__fail(&m->base, CSAT_EDOM, "sBG: nobody left the cohort, the MLE has alpha -> 0");
    if (n_cens_late <= 0.0)
        return csat__fail(&m->base, CSAT_EDOM,
                          "sBG: every customer left in period 1, the MLE has beta -> 0");
    /* Nobody seen past period 1: the data fix only P(leave in period 1) =
     * alpha / (alpha + beta), a ridge along which every point fits equally
     * well, whatever the counts' scale. */
    if (n_late <= 0.0)
        return csat__fail(&m->base, CSAT_EDOM,
                          "sBG: only period 1 is observed, which fixes alpha/(alpha+beta) = %g "
                          "but not alpha and beta apart: observe a second period",
                          n_churn / (n_churn + n_cens_late));
    o.lower = lo;
    o.upper = hi;
    sd.d = d;
    sd.k = 1.0 / n_all;
    st = csat__minimize(sbg_negll_scaled, &sd, x, 2, &o, &r, &m->base.alloc);
    if (st == CSAT_ENOMEM)
        return csat__fail(&m->base, st, "sBG: out of memory");
    if (st != CSAT_OK)
        return csat__fail(&m->base, st, "sBG: the optimiser did not converge (max|g| = %g)",
                          r.grad_norm);
    if (fabs(x[0]) >= SBG_LOG_BOUND * 0.999 || fabs(x[1]) >= SBG_LOG_BOUND * 0.999)
        return csat__fail(&m->base, CSAT_EDOM,
                          "sBG: the MLE is at infinity (log alpha = %g, log beta = %g): the data "
                          "show no heterogeneity (use a geometric model)", x[0], x[1]);
    st = csat__hessian(sbg_negll_scaled, &sd, x, 2, H, &m->base.alloc);
    if (st == CSAT_OK)
        st = csat__spd_inverse(H, 2, &m->base.alloc);
    /* the information of the counts themselves is H / k: its inverse times k */
    for (int i = 0; i < 4; i++)
        H[i] *= sd.k;
    if (st == CSAT_ENOMEM)
        return csat__fail(&m->base, st, "sBG: out of memory");
    if (st != CSAT_OK)
        return csat__fail(&m->base, CSAT_EDOM, "sBG: the information matrix is singular");
    if (!isfinite(exp(x[0]) * sqrt(H[0])) || !isfinite(exp(x[1]) * sqrt(H[3])))
        return csat__fail(&m->base, CSAT_EDOM, "sBG: the information matrix is nearly singular "
                          "(standard errors beyond the double range): the data do not "
                          "identify alpha and beta");
    m->p.alpha = exp(x[0]);
    m->p.beta = exp(x[1]);
    m->se_alpha = m->p.alpha * sqrt(H[0]);
    m->se_beta = m->p.beta * sqrt(H[3]);
    m->has_params = m->fitted = 1;
    m->stages.n = 0;
    (void)csat__stages_add(&m->stages, data_size(d), r.iterations, r.evaluations, -r.f / sd.k, r.grad_norm,
                           r.converged);
    if (report) {
        report->iterations = r.iterations;
        report->evaluations = r.evaluations;
        report->log_likelihood = -r.f / sd.k;
        report->grad_norm = r.grad_norm;
        report->converged = r.converged;
    }
    csat__clear_error(&m->base);
    return CSAT_OK;
}

/* Validate survivor counts; err (may be NULL) names the row at fault. */
static csat_status survivors_check(const double *s, size_t n, csat_error *err)
{
    size_t bad = csat__first_not_nonneg(s, n);
    if (bad < n)
        return csat__err(err, CSAT_EINVAL, "survivors", bad,
                         "survivors[%zu] = %g is not a finite count >= 0", bad, s[bad]);
    if (!(s[0] > 0.0))
        return csat__err(err, CSAT_EEMPTY, "survivors", 0,
                         "the cohort is empty (survivors[0] = 0)");
    for (size_t t = 1; t < n; t++)
        if (s[t] > s[t - 1])
            return csat__err(err, CSAT_EINVAL, "survivors", t,
                             "survivors[%zu] = %g exceeds survivors[%zu] = %g: counts increase", t,
                             s[t], t - 1, s[t - 1]);
    return CSAT_OK;
}

csat_status csat_sbg_fit_survivors(csat_sbg *m, const double *survivors, size_t n,
                                   csat_fit_report *report)
{
    sbg_data d = {survivors, NULL, NULL, NULL, n ? n - 1 : 0};
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    if (!survivors)
        return csat__fail(&m->base, CSAT_EINVAL, "survivors is NULL");
    if (!csat__array_bytes_ok(n, 1, sizeof *survivors))
        return csat__fail(&m->base, CSAT_EINVAL, "n = %zu counts overflow the address space", n);
    if (n < 2)
        return csat__fail(&m->base, CSAT_EEMPTY, "need the cohort size and at least one period");
    {
        csat_error e;
        st = survivors_check(survivors, n, &e);
        if (st != CSAT_OK)
            return csat__fail(&m->base, st, "%s", e.message);
    }
    return sbg_fit(m, &d, report);
}

/* The one durations path: counts NULL means one customer a row (the
 * caller's name, for messages, is in fn). Rows are grouped by duration into
 * churned / censored totals, in duration order: memory and time follow n,
 * not the longest duration. */
static csat_status fit_grouped(csat_sbg *m, const double *durations, const double *churned,
                               const double *counts, size_t n, csat_fit_report *report)
{
    const csat_allocator *al;
    double *buf, total = 0.0;
    size_t *ord, K = 0;
    sbg_data d;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    if (!durations || !churned)
        return csat__fail(&m->base, CSAT_EINVAL, "durations or churned is NULL");
    if (!csat__array_bytes_ok(n, 1, sizeof *durations))
        return csat__fail(&m->base, CSAT_EINVAL, "n = %zu rows overflow the address space", n);
    if (n == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "no customers");
    for (size_t i = 0; i < n; i++) {
        double t = durations[i];
        if (!(t >= 1.0 && t <= SBG_MAX_PERIODS && t == floor(t)))
            return csat__fail(&m->base, CSAT_EINVAL,
                              "durations[%zu] = %g is not a whole number of periods in [1, 1e7]", i, t);
        if (!(churned[i] == 0.0 || churned[i] == 1.0))
            return csat__fail(&m->base, CSAT_EINVAL, "churned[%zu] = %g is not 0 or 1", i, churned[i]);
        if (counts && !(counts[i] >= 0.0 && counts[i] <= DBL_MAX))
            return csat__fail(&m->base, CSAT_EINVAL, "counts[%zu] = %g is not a finite count >= 0",
                              i, counts[i]);
        total += counts ? counts[i] : 1.0;
    }
    if (!(total > 0.0))
        return csat__fail(&m->base, CSAT_EEMPTY, "the cohort is empty (every count is 0)");
    if (!isfinite(total))
        return csat__fail(&m->base, CSAT_EDOM, "the counts add up beyond the double range");
    al = &m->base.alloc;
    buf = csat__malloc_array(al, n, 3 * sizeof *buf);
    ord = csat__malloc_array(al, n, sizeof *ord);
    st = buf && ord ? csat__order_doubles(durations, n, ord, al) : CSAT_ENOMEM;
    if (st != CSAT_OK) {
        csat__free(al, buf);
        csat__free(al, ord);
        return csat__fail(&m->base, st, "sBG: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        size_t r = ord[i];
        if (K == 0 || buf[K - 1] != durations[r]) {
            buf[K] = durations[r];
            buf[n + K] = buf[2 * n + K] = 0.0;
            K++;
        }
        buf[(churned[r] == 1.0 ? n : 2 * n) + K - 1] += counts ? counts[r] : 1.0;
    }
    csat__free(al, ord);
    d.surv = NULL;
    d.t = buf;
    d.churn = buf + n;
    d.cens = buf + 2 * n;
    d.K = K;
    st = sbg_fit(m, &d, report);
    csat__free(al, buf);
    return st;
}

csat_status csat_sbg_fit_durations(csat_sbg *m, const double *durations, const double *churned,
                                   size_t n, csat_fit_report *report)
{
    return fit_grouped(m, durations, churned, NULL, n, report);
}

csat_status csat_sbg_fit_duration_counts(csat_sbg *m, const double *durations,
                                         const double *churned, const double *counts, size_t n,
                                         csat_fit_report *report)
{
    if (m && !counts)
        return csat__fail(&m->base, CSAT_EINVAL, "counts is NULL");
    return fit_grouped(m, durations, churned, counts, n, report);
}

csat_status csat_sbg_get_params(const csat_sbg *m, csat_sbg_params *out)
{
    if (!m || !out)
        return CSAT_EINVAL;
    if (!m->has_params)
        return CSAT_EMISUSE;
    *out = m->p;
    return CSAT_OK;
}

csat_status csat_sbg_set_params(csat_sbg *m, const csat_sbg_params *p)
{
    if (!m)
        return CSAT_EINVAL;
    if (!params_ok(p))
        return csat__fail(&m->base, CSAT_EINVAL, "alpha and beta must be finite and > 0");
    m->p = *p;
    m->has_params = 1;
    m->fitted = 0;
    csat__clear_error(&m->base);
    return CSAT_OK;
}

csat_status csat_sbg_std_err(const csat_sbg *m, double *se_alpha, double *se_beta)
{
    if (!m || !se_alpha || !se_beta)
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    *se_alpha = m->se_alpha;
    *se_beta = m->se_beta;
    return CSAT_OK;
}

csat_status csat_sbg_log_likelihood(const csat_sbg_params *p, const double *survivors, size_t n,
                                    double *out, csat_error *err)
{
    sbg_data d = {survivors, NULL, NULL, NULL, n ? n - 1 : 0};
    double x[2], v;
    csat_status st;
    csat__err_clear(err);
    if (!params_ok(p))
        return params_error(p, err);
    if (!survivors)
        return csat__err_null(err, "survivors");
    if (!out)
        return csat__err_null(err, "out");
    if (!csat__array_bytes_ok(n, 1, sizeof *survivors))
        return csat__err_size(err, "n", n);
    if (n < 2)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW,
                         "n = %zu: need the cohort size and at least one period", n);
    st = survivors_check(survivors, n, err);
    if (st != CSAT_OK)
        return st;
    x[0] = log(p->alpha);
    x[1] = log(p->beta);
    v = -sbg_negll(x, NULL, &d);
    if (!isfinite(v))
        return csat__err(err, CSAT_EDOM, "survivors", CSAT_NO_ROW,
                         "the log-likelihood overflows a double (survivors too large)");
    *out = v;
    return CSAT_OK;
}

/* Validate a column of whole periods in [tmin, 1e15]: CSAT_OK or the error
 * naming the row of `arg`. */
static csat_status periods_check(const double *t, size_t n, double tmin, const char *arg,
                                 csat_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!(t[i] >= tmin && t[i] <= 1e15 && t[i] == floor(t[i])))
            return csat__err(err, CSAT_EINVAL, arg, i, "%s[%zu] = %g is not a whole period in [%g, 1e15]",
                             arg, i, t[i], tmin);
    return CSAT_OK;
}

/* log r(j) = log((b + j - 1) / (a + b + j - 1)) = -log1p(a / (b + (j - 1))):
 * neither a + b nor b + j - 1 is rounded before the ratio (b = 1e-300 and
 * j = 1 gave r = 0 instead of b / (a + b)). */
static double sbg_log_ret(const csat_sbg_params *p, double j)
{
    return -log1p_ratio(p->alpha, p->beta + (j - 1.0));
}

/* log S(t) = sum_{j=1..t} log r(j) = log B(a, b + t) - log B(a, b), without
 * the cancellation of four log-betas (near 1e15 they lost every digit: S(11)
 * came out 6e-6 instead of 0.5^11; at t = 1e15 the log-gammas of small
 * parameters did): the first periods while b + j < 8 one by one, the rest
 * as one log-gamma step, F(b + t) - F(b + k) with F(y) = lgamma(y + a) -
 * lgamma(y) (csat__lgamma_diff_step). When a + b + t is beyond DBL_MAX,
 * r(j) = b / (a + b) to double precision for every j <= t. */
static double sbg_log_surv(const csat_sbg_params *p, double t)
{
    double v = 0.0, k = 0.0;
    if (!isfinite(p->alpha + p->beta + t))
        return -t * log1p_ratio(p->alpha, p->beta);
    while (k < t && p->beta + k < 8.0) {
        k += 1.0;
        v += sbg_log_ret(p, k);
    }
    if (k < t)
        v -= csat__lgamma_diff_step(p->beta + k, p->alpha, t - k);
    return v;
}

/* The checks of the per-period predictions: parameters, columns, periods >= tmin. */
static csat_status column_args(const csat_sbg_params *p, const double *t, size_t n,
                               const double *out, double tmin, csat_error *err)
{
    csat__err_clear(err);
    if (!params_ok(p))
        return params_error(p, err);
    if (n && !t)
        return csat__err_null(err, "t");
    if (n && !out)
        return csat__err_null(err, "out");
    if (!csat__array_bytes_ok(n, 1, sizeof *out))
        return csat__err_size(err, "n", n);
    return periods_check(t, n, tmin, "t", err);
}

csat_status csat_sbg_survival(const csat_sbg_params *p, const double *t, size_t n, double *out,
                              csat_error *err)
{
    csat_status st = column_args(p, t, n, out, 0.0, err);
    if (st != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        out[i] = t[i] == 0.0 ? 1.0 : exp(sbg_log_surv(p, t[i]));
    return CSAT_OK;
}

csat_status csat_sbg_retention(const csat_sbg_params *p, const double *t, size_t n, double *out,
                               csat_error *err)
{
    csat_status st = column_args(p, t, n, out, 1.0, err);
    if (st != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        out[i] = exp(sbg_log_ret(p, t[i]));
    return CSAT_OK;
}

csat_status csat_sbg_churn_pmf(const csat_sbg_params *p, const double *t, size_t n, double *out,
                               csat_error *err)
{
    csat_status st = column_args(p, t, n, out, 1.0, err);
    if (st != CSAT_OK)
        return st;
    /* P(T = t) = S(t - 1) (1 - r(t)) = S(t - 1) a / (a + b + t - 1) */
    for (size_t i = 0; i < n; i++)
        out[i] = exp(sbg_log_surv(p, t[i] - 1.0)) / (1.0 + (p->beta + (t[i] - 1.0)) / p->alpha);
    return CSAT_OK;
}

csat_status csat_sbg_expected_lifetime(const csat_sbg_params *p, double *out, csat_error *err)
{
    double v;
    csat__err_clear(err);
    if (!params_ok(p))
        return params_error(p, err);
    if (!out)
        return csat__err_null(err, "out");
    if (p->alpha <= 1.0)
        return csat__err(err, CSAT_EDOM, "p->alpha", CSAT_NO_ROW,
                         "p->alpha = %g is not above 1: the expected lifetime is infinite", p->alpha);
    /* 1 + b / (a - 1): a + b may be beyond DBL_MAX; E[T] itself may be too */
    v = 1.0 + p->beta / (p->alpha - 1.0);
    if (!isfinite(v))
        return csat__err(err, CSAT_EDOM, "p", CSAT_NO_ROW,
                         "the expected lifetime overflows a double");
    *out = v;
    return CSAT_OK;
}

static int discount_ok(double d) { return isfinite(d) && d > 0.0; }

/* The checks DERL and DEL share: parameters, out, discount. */
static csat_status discounted_args(const csat_sbg_params *p, double discount, const double *out,
                                   csat_error *err)
{
    if (!params_ok(p))
        return params_error(p, err);
    if (!out)
        return csat__err_null(err, "out");
    if (!discount_ok(discount))
        return csat__err(err, CSAT_EINVAL, "discount", CSAT_NO_ROW,
                         "discount = %g is not finite and > 0", discount);
    return CSAT_OK;
}

/* DERL or DEL: exp(llead) E[(1 + d)/(d + theta)], theta ~ Beta(alpha, b)
 * (= exp(llead) 2F1(1, b; alpha + b; 1/(1 + d))) */
static csat_status discounted_life(double llead, double alpha, double b, double discount, double *out,
                                   csat_error *err)
{
    const double v = exp(llead + csat__beta_disc_log(alpha, b, discount));
    if (!isfinite(v))
        return csat__err(err, CSAT_EDOM, "discount", CSAT_NO_ROW,
                         "the discounted lifetime overflows a double (discount = %g)", discount);
    *out = v;
    return CSAT_OK;
}

csat_status csat_sbg_derl(const csat_sbg_params *p, double discount, double n_renewals, double *out,
                          csat_error *err)
{
    double b;
    csat_status st;
    csat__err_clear(err);
    if ((st = discounted_args(p, discount, out, err)) != CSAT_OK)
        return st;
    if (!(n_renewals >= 0.0 && n_renewals <= 1e15 && n_renewals == floor(n_renewals)))
        return csat__err(err, CSAT_EINVAL, "n_renewals", CSAT_NO_ROW,
                         "n_renewals = %g is not a whole number in [0, 1e15]", n_renewals);
    /* after n renewals theta ~ Beta(alpha, beta + n); the next renewal
     * happens with probability b/(alpha + b) and leaves Beta(alpha, b + 1) */
    b = p->beta + n_renewals;
    return discounted_life(isfinite(p->alpha / b) ? -log1p(p->alpha / b) : log(b) - log(p->alpha), p->alpha,
                           b + 1.0, discount, out, err);
}

csat_status csat_sbg_del(const csat_sbg_params *p, double discount, double *out, csat_error *err)
{
    csat_status st;
    csat__err_clear(err);
    if ((st = discounted_args(p, discount, out, err)) != CSAT_OK)
        return st;
    return discounted_life(0.0, p->alpha, p->beta, discount, out, err);
}

csat_status csat_sbg_clv(const csat_sbg_params *p, double margin, double discount, double *out,
                         csat_error *err)
{
    double del;
    csat_status st;
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    if ((st = csat__check_real(err, "margin", margin)) != CSAT_OK)
        return st;
    st = csat_sbg_del(p, discount, &del, err);
    if (st != CSAT_OK)
        return st;
    if (!isfinite(margin * del))
        return csat__err(err, CSAT_EDOM, "margin", CSAT_NO_ROW,
                         "margin = %g times the discounted lifetime overflows a double", margin);
    *out = margin * del;
    return CSAT_OK;
}

csat_status csat_sbg_fit_customers(csat_sbg *m, const csat_customers *c, double period,
                                   double first_from, double first_to, double observation_end,
                                   csat_fit_report *report)
{
    const csat_allocator *a;
    uint64_t *ids;
    double *times, *amounts, *dur;
    size_t n, k = 0, n_cohort = 0;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    a = &m->base.alloc;
    if (!c || !(period > 0.0) || !isfinite(period) || !isfinite(first_from) ||
        !isfinite(first_to) || !(first_from < first_to) || !isfinite(observation_end))
        return csat__fail(&m->base, CSAT_EINVAL,
                              "need a store, period > 0 and finite first_from < first_to, "
                              "observation_end");
    st = csat__customers_gather(c, a, &ids, &times, &amounts, &n);
    if (st != CSAT_OK)
        return csat__fail(&m->base, st, "cannot read the customer store: %s", csat_strerror(st));
    /* durations and flags reuse the amounts half of the block: one run per
     * customer, transactions sorted by time within it */
    dur = amounts;
    for (size_t b = 0; b < n;) {
        size_t e = b + 1;
        double first = times[b], last, pay;
        while (e < n && ids[e] == ids[b])
            e++;
        last = times[e - 1];
        b = e;
        if (!(first >= first_from && first < first_to))
            continue;
        n_cohort++;
        pay = floor((last - first) / period + 1e-9) + 1.0;
        if (first + pay * period <= observation_end) {
            dur[k] = pay; /* missed the renewal due at first + pay * period */
            times[k++] = 1.0;
        } else if (pay > 1.0) {
            dur[k] = pay - 1.0;
            times[k++] = 0.0;
        }
    }
    if (n_cohort == 0 || k == 0)
        st = csat__fail(&m->base, CSAT_EEMPTY, "no customer of the cohort [%g, %g) is informative",
                            first_from, first_to);
    else
        st = csat_sbg_fit_durations(m, dur, times, k, report);
    csat__free(a, ids);
    csat__free(a, times);
    return st;
}

csat_status csat_sbg_fit_stages(const csat_sbg *m, csat_fit_stage *stages, size_t cap, size_t *n_stages)
{
    return m ? csat__stages_get(&m->stages, stages, cap, n_stages) : CSAT_EINVAL;
}
