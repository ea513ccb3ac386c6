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

#include <float.h>
#include <math.h>
#include <string.h>

#define SUBSAMPLE_ROWS 50000
#define SATURATED_ETA 36.0 /* |eta| beyond this: p is 0 or 1 in double precision */

struct csat_logistic {
    csat__base base;
    double *coef, *se; /* one block of 2 * p */
    size_t p, n_cols;
    int intercept, fitted;
    int has_se, has_ll; /* 0 only after csat_logistic_set_coef without them */
    int has_dev;        /* 1 after a fit: the deviances below */
    double ll, aic;
    double null_dev, dev, df_null, df_resid;
};

typedef struct lr_problem {
    const double *X, *y, *w; /* w: case weights (NULL: every row 1) */
    size_t n, k, p; /* rows, columns of X, coefficients */
    int intercept;
    double l2;
} lr_problem;

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

static double linpred(const lr_problem *pr, const double *b, const double *x)
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

/* Log-likelihood (unpenalised), gradient and Hessian of the negative
 * penalised log-likelihood over rows 0, stride, 2 stride, ... ; g and H
 * may be NULL. Returns the largest |eta| through max_eta. */
static double lr_pass(const lr_problem *pr, const double *b, size_t stride, double *g, double *H,
                      double *max_eta)
{
    const size_t p = pr->p, k = pr->k, c0 = (size_t)pr->intercept;
    csat__ksum ll = {0.0, 0.0};
    double me = 0.0, xt[HBLOCK][HBLOCK_P], wb[HBLOCK], prod = 1.0;
    size_t nb = 0, np = 0;
    if (g)
        memset(g, 0, p * sizeof *g);
    if (H)
        memset(H, 0, p * p * sizeof *H);
    for (size_t i = 0; i < pr->n; i += stride) {
        const double *x = k ? pr->X + i * k : NULL;
        double eta, yi = pr->y[i], e, mu, w, r, wi = pr->w ? pr->w[i] : 1.0;
        if (wi == 0.0)
            continue; /* a zero weight: the row is not in the data (as in glm) */
        eta = linpred(pr, b, x);
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
    if (H) {
        hess_update(H, p, xt, wb, nb);
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
    f = lr_pass(pr, b, stride, g, H, &me) - penalty(pr, b);
    o->evaluations = 1;
    o->converged = 0;
    for (o->iterations = 0; o->iterations < max_iter; o->iterations++) {
        double dec = 0.0, t = 1.0, ftrial = -INFINITY;
        st = csat__spd_inverse(H, p, a);
        if (st != CSAT_OK)
            return st;
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
                for (size_t r = 0; r < p; r++)
                    b[r] += step[r];
                o->ll = f + 0.5 * dec + penalty(pr, b);
                if (stride == 1) {
                    /* the standard errors at the final b, not at the
                     * iterate before (which is what glm reports): that
                     * step moves them by up to ~1e-7 relative (found
                     * against an exact Newton in tests/reference/logistic_glm.R) */
                    double me2;
                    double ll2 = lr_pass(pr, b, 1, g, H, &me2);
                    o->evaluations++;
                    if (isfinite(ll2)) {
                        o->ll = ll2;
                        me = me2;
                    }
                    st = csat__spd_inverse(H, p, a);
                    if (st != CSAT_OK)
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
            ftrial = lr_pass(pr, trial, stride, g, H, &me) - penalty(pr, trial);
            o->evaluations++;
            if (ftrial >= f - 1e-12 * fabs(f))
                break;
            t *= 0.5;
        }
        memcpy(b, trial, p * sizeof *b);
        f = ftrial;
    }
    o->ll = f + penalty(pr, b);
    o->max_eta = me;
    return CSAT_ENOCONV;
}

/* The starting point: the intercept at the log odds of the (weighted) mean
 * outcome, log(sw1 / sw0), where both classes occur; every slope 0. */
static void cold_start(const lr_problem *pr, double sw0, double sw1, double *b)
{
    for (size_t r = 0; r < pr->p; r++)
        b[r] = r == 0 && pr->intercept && sw0 > 0.0 && sw1 > 0.0 ? log(sw1) - log(sw0) : 0.0;
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
    size_t p, nx, pp, bad, total_evals = 0, n_pos = 0;
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
    nx = n_rows * n_cols;
    p = n_cols + (size_t)opts->fit_intercept;
    if (p == 0 || !y || (n_cols && !X))
        return csat__fail(&m->base, CSAT_EINVAL, "X or y is NULL, or no coefficient to fit");
    if (csat__mul_overflow(p, p + 3, &pp))
        return csat__fail(&m->base, CSAT_EINVAL,
                          "%zu coefficients: their work matrix overflows the address space", p);
    if ((bad = csat__first_nonfinite(X, nx)) < nx)
        return csat__fail(&m->base, CSAT_EINVAL, "X[%zu][%zu] is not finite", bad / n_cols,
                          bad % n_cols);
    if (weights) {
        const char *why = csat__nonneg_problem(weights, n_rows, &bad);
        if (why)
            return csat__fail(&m->base, CSAT_EINVAL,
                              "weights[%zu] is %s: case weights are finite and >= 0", bad, why);
    }
    for (size_t i = 0; i < n_rows; i++) {
        double wi = weights ? weights[i] : 1.0;
        if (!(y[i] == 0.0 || y[i] == 1.0))
            return csat__fail(&m->base, CSAT_EINVAL, "y[%zu] = %g is not 0 or 1", i, y[i]);
        if (wi > 0.0) {
            n_pos++;
            csat__ksum_add(y[i] == 1.0 ? &w1 : &w0, wi);
        }
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
    b = csat__calloc_array(&m->base.alloc, p, 2 * sizeof *b);
    work = csat__malloc_array(&m->base.alloc, pp, sizeof *work);
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
    cold_start(&pr, sw0, sw1, b);
    if (n_rows >= 4 * SUBSAMPLE_ROWS) {
        /* warm start: a loose fit on every stride-th row lands within
         * sampling error, from where full Newton needs ~3 passes */
        st = newton(&pr, b, n_rows / SUBSAMPLE_ROWS, opts->max_iter, 1e-8, work, &m->base.alloc, &o);
        total_evals += o.evaluations;
        if (st == CSAT_ENOMEM)
            goto fail;
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
        st = newton(&pr, b, 1, opts->max_iter, opts->tol, work, &m->base.alloc, &o);
        total_evals += o.evaluations;
    }
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
    /* logs of the weight sums, not of their ratio, which can underflow
     * (found by fuzz_churn); each term is at most 1e300 * 1500 */
    m->null_dev = opts->fit_intercept
                      ? -2.0 * ((sw1 > 0.0 ? sw1 * (log(sw1) - log(sw0 + sw1)) : 0.0) +
                                (sw0 > 0.0 ? sw0 * (log(sw0) - log(sw0 + sw1)) : 0.0))
                      : 2.0 * (sw0 + sw1) * log(2.0);
    m->df_null = (double)(n_pos - (size_t)opts->fit_intercept);
    m->df_resid = (double)(n_pos - p);
    m->fitted = 1;
    m->has_se = m->has_ll = m->has_dev = 1;
    if (report) {
        report->iterations = o.iterations;
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

csat_status csat_logistic_n_coef(const csat_logistic *m, size_t *n_coef)
{
    if (!m || !n_coef)
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    *n_coef = m->p;
    return CSAT_OK;
}

csat_status csat_logistic_coef(const csat_logistic *m, double *coef, double *std_err, size_t cap)
{
    if (!m || !csat__array_bytes_ok(cap, 1, sizeof(double)))
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if (cap < m->p)
        return CSAT_EBUFSIZE;
    if (std_err && !m->has_se)
        return CSAT_EDOM;
    if (coef)
        memcpy(coef, m->coef, m->p * sizeof *coef);
    if (std_err)
        memcpy(std_err, m->se, m->p * sizeof *std_err);
    return CSAT_OK;
}

csat_status csat_logistic_log_likelihood(const csat_logistic *m, double *log_likelihood,
                                         double *aic)
{
    if (!m)
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if ((log_likelihood || aic) && !m->has_ll)
        return CSAT_EDOM;
    if (log_likelihood)
        *log_likelihood = m->ll;
    if (aic)
        *aic = m->aic;
    return CSAT_OK;
}

csat_status csat_logistic_predict(const csat_logistic *m, const double *X, size_t n_rows,
                                  size_t n_cols, double *prob)
{
    lr_problem pr;
    size_t nx;
    if (!m || (n_rows && (!prob || (n_cols && !X))))
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if (n_cols != m->n_cols || !csat__array_bytes_ok(n_rows, n_cols, sizeof *X) ||
        !csat__array_bytes_ok(n_rows, 1, sizeof *prob))
        return CSAT_EINVAL;
    nx = n_rows * n_cols;
    if (csat__first_nonfinite(X, nx) < nx)
        return CSAT_EINVAL;
    pr.k = n_cols;
    pr.intercept = m->intercept;
    for (size_t i = 0; i < n_rows; i++) {
        const double *x = n_cols ? X + i * n_cols : NULL;
        double eta = linpred(&pr, m->coef, x);
        if (!isfinite(eta)) {
            /* a product overflowed (coefficients set by hand can be any
             * finite values; Inf - Inf would be NaN): the sign of the sum
             * of the products times 2^-1120 decides (each factor times
             * 2^-560: no product overflows; terms that underflow are
             * negligible next to the one that overflowed) */
            double s = 0.0;
            for (size_t j = 0; j < n_cols; j++)
                s += ldexp(m->coef[pr.intercept + j], -560) * ldexp(x[j], -560);
            prob[i] = s > 0.0 ? 1.0 : s < 0.0 ? 0.0 : 0.5;
            continue;
        }
        prob[i] = eta >= 0.0 ? 1.0 / (1.0 + exp(-eta)) : exp(eta) / (1.0 + exp(eta));
    }
    return CSAT_OK;
}

csat_status csat_logistic_shape(const csat_logistic *m, size_t *n_cols, int *fit_intercept)
{
    if (!m)
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if (n_cols)
        *n_cols = m->n_cols;
    if (fit_intercept)
        *fit_intercept = m->intercept;
    return CSAT_OK;
}

csat_status csat_logistic_set_coef(csat_logistic *m, const double *coef, const double *std_err,
                                   size_t n_coef, size_t n_cols, const double *log_likelihood)
{
    double *b;
    size_t bad;
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    if (!csat__array_bytes_ok(n_coef, 2, sizeof *coef))
        return csat__fail(&m->base, CSAT_EINVAL, "n_coef = %zu coefficients overflow the address space",
                          n_coef);
    if (!coef)
        return csat__fail(&m->base, CSAT_EINVAL, "coef must not be NULL");
    if (n_coef == 0 || (n_coef != n_cols && n_coef - 1 != n_cols))
        return csat__fail(&m->base, CSAT_EINVAL, "%zu coefficients do not fit %zu columns: give "
                          "n_cols + 1 (intercept first) or n_cols (no intercept), at least one",
                          n_coef, n_cols);
    bad = csat__first_nonfinite(coef, n_coef);
    if (bad < n_coef)
        return csat__fail(&m->base, CSAT_EINVAL, "coef[%zu] is not finite", bad);
    if (std_err) {
        const char *why = csat__nonneg_problem(std_err, n_coef, &bad);
        if (why)
            return csat__fail(&m->base, CSAT_EINVAL, "std_err[%zu] is %s: standard errors are "
                              "finite and >= 0", bad, why);
    }
    /* >= -DBL_MAX/4: the AIC, -2 LL + 2 n_coef, must be a double too (found by fuzz_churn) */
    if (log_likelihood && !(*log_likelihood >= -DBL_MAX / 4 && *log_likelihood <= 0.0))
        return csat__fail(&m->base, CSAT_EINVAL,
                          "log_likelihood = %g: must be <= 0 and >= -DBL_MAX/4 (its AIC a double)",
                          *log_likelihood);
    b = csat__malloc_array(&m->base.alloc, n_coef, 2 * sizeof *b);
    if (!b)
        return csat__fail(&m->base, CSAT_ENOMEM, "logistic: out of memory");
    memcpy(b, coef, n_coef * sizeof *b);
    if (std_err)
        memcpy(b + n_coef, std_err, n_coef * sizeof *b);
    else
        memset(b + n_coef, 0, n_coef * sizeof *b);
    csat__free(&m->base.alloc, m->coef);
    m->coef = b;
    m->se = b + n_coef;
    m->p = n_coef;
    m->n_cols = n_cols;
    m->intercept = n_coef != n_cols;
    m->has_se = std_err != NULL;
    m->has_ll = log_likelihood != NULL;
    m->has_dev = 0;
    m->ll = log_likelihood ? *log_likelihood : 0.0;
    m->aic = -2.0 * m->ll + 2.0 * (double)n_coef;
    m->fitted = 1;
    return CSAT_OK;
}

csat_status csat_logistic_chunk_score(const double *X, size_t n_rows, size_t n_cols, const double *y,
                                      int fit_intercept, const double *coef, size_t n_coef, double *ll,
                                      double *score, double *info, const csat_allocator *alloc,
                                      csat_error *err)
{
    return csat_logistic_chunk_score_weighted(X, n_rows, n_cols, y, NULL, fit_intercept, coef,
                                              n_coef, ll, score, info, alloc, err);
}

csat_status csat_logistic_chunk_score_weighted(const double *X, size_t n_rows, size_t n_cols,
                                               const double *y, const double *weights,
                                               int fit_intercept, const double *coef,
                                               size_t n_coef, double *ll, double *score,
                                               double *info, const csat_allocator *alloc,
                                               csat_error *err)
{
    lr_problem pr;
    csat_allocator al;
    size_t nx, pp;
    double *g, *H, me, v;
    csat_status st = CSAT_OK;
    csat__err_clear(err);
    if (!y)
        return csat__err_null(err, "y");
    if (!coef)
        return csat__err_null(err, "coef");
    if (!ll)
        return csat__err_null(err, "ll");
    if (!score)
        return csat__err_null(err, "score");
    if (!info)
        return csat__err_null(err, "info");
    if (n_cols && !X)
        return csat__err_null(err, "X");
    if (fit_intercept != 0 && fit_intercept != 1)
        return csat__err(err, CSAT_EINVAL, "fit_intercept", CSAT_NO_ROW,
                         "fit_intercept = %d is not 0 or 1", fit_intercept);
    if (csat__allocator_resolve(&al, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if (!csat__array_bytes_ok(n_rows, n_cols, sizeof *X))
        return csat__err(err, CSAT_EINVAL, "n_rows", CSAT_NO_ROW,
                         "n_rows x n_cols = %zu x %zu overflows the address space",
                         (size_t)(n_rows), (size_t)(n_cols));
    if (!csat__array_bytes_ok(n_rows, 1, sizeof *y))
        return csat__err_size(err, "n_rows", n_rows);
    if (n_coef != n_cols + (size_t)fit_intercept)
        return csat__err(err, CSAT_EINVAL, "n_coef", CSAT_NO_ROW,
                         "n_coef = %zu is not n_cols + fit_intercept = %zu", n_coef,
                         n_cols + (size_t)fit_intercept);
    if (n_coef == 0)
        return csat__err(err, CSAT_EINVAL, "n_coef", CSAT_NO_ROW, "n_coef = %zu is 0", n_coef);
    if (csat__mul_overflow(n_coef, n_coef + 1, &pp) || !csat__array_bytes_ok(pp, 1, sizeof *info))
        return csat__err(err, CSAT_EINVAL, "n_coef", CSAT_NO_ROW,
                         "n_coef = %zu: the n_coef x n_coef information overflows the address space",
                         n_coef);
    if (n_rows == 0)
        return csat__err(err, CSAT_EEMPTY, "n_rows", CSAT_NO_ROW, "n_rows = 0: no rows");
    nx = n_rows * n_cols;
    if ((st = csat__check_finite(err, "X", X, nx)) != CSAT_OK
        || (st = csat__check_finite(err, "coef", coef, n_coef)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n_rows; i++)
        if (!(y[i] == 0.0 || y[i] == 1.0))
            return csat__err(err, CSAT_EINVAL, "y", i, "y[%zu] = %g is not 0 or 1", i, y[i]);
    if (weights && (st = csat__check_nonneg(err, "weights", weights, n_rows)) != CSAT_OK)
        return st;
    /* scratch, so that nothing is written unless every value is finite */
    g = csat__malloc_array(&al, pp, sizeof *g);
    if (!g)
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "out of memory for the scratch");
    H = g + n_coef;
    pr.X = X, pr.y = y, pr.w = weights, pr.n = n_rows, pr.k = n_cols, pr.p = n_coef, pr.intercept = fit_intercept, pr.l2 = 0.0;
    v = lr_pass(&pr, coef, 1, g, H, &me);
    if (!isfinite(v) || csat__first_nonfinite(g, pp) < pp) {
        st = csat__err(err, CSAT_EDOM, "coef", CSAT_NO_ROW,
                       "the log-likelihood or its derivatives overflow a double at coef");
    } else {
        *ll = v;
        for (size_t a = 0; a < n_coef; a++)
            score[a] = -g[a];
        memcpy(info, H, n_coef * n_coef * sizeof *H);
    }
    csat__free(&al, g);
    return st;
}

csat_status csat_logistic_deviance(const csat_logistic *m, double *null_deviance, double *deviance,
                                   double *df_null, double *df_residual)
{
    if (!m)
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if (!m->has_dev)
        return CSAT_EDOM;
    if (null_deviance)
        *null_deviance = m->null_dev;
    if (deviance)
        *deviance = m->dev;
    if (df_null)
        *df_null = m->df_null;
    if (df_residual)
        *df_residual = m->df_resid;
    return CSAT_OK;
}

csat_status csat_logistic_wald(const csat_logistic *m, double level, double *z, double *p_value,
                               double *lower, double *upper, size_t cap)
{
    double q;
    if (!m || !csat__array_bytes_ok(cap, 1, sizeof(double)) || !(level > 0.0 && level < 1.0))
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if (cap < m->p)
        return CSAT_EBUFSIZE;
    if (!m->has_se)
        return CSAT_EDOM;
    for (size_t j = 0; j < m->p; j++)
        if (!(m->se[j] > 0.0) || !isfinite(m->coef[j] / m->se[j]))
            return CSAT_EDOM;
    /* the two-sided quantile from the upper tail (1 - level)/2, which keeps
     * its relative accuracy for levels near 1 */
    q = -csat__norm_quantile(0.5 * (1.0 - level));
    for (size_t j = 0; j < m->p; j++) {
        double b = m->coef[j], se = m->se[j], zj = b / se, h = q * se;
        if (z)
            z[j] = zj;
        if (p_value)
            p_value[j] = 2.0 * csat__norm_sf(fabs(zj));
        /* b +- q se: each bound is a double (|b| <= DBL_MAX, q se could
         * overflow only for se near DBL_MAX, where the bound saturates) */
        if (lower)
            lower[j] = isfinite(b - h) ? b - h : -DBL_MAX;
        if (upper)
            upper[j] = isfinite(b + h) ? b + h : DBL_MAX;
    }
    return CSAT_OK;
}
