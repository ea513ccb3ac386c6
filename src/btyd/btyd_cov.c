/*
 * The fit of Pareto/NBD and BG/NBD with time-invariant covariates
 * (btyd_cov.h): maximum likelihood over (log r, log alpha0, log s|a0,
 * log beta0|b0, gamma) by BFGS from the plain model's fit, with the
 * analytic gradient through the links (each customer's likelihood is the
 * plain model's at the individual parameters), CLVTools' L2 penalty and
 * equality constraints, and standard errors from the Hessian.
 */
#include "btyd/btyd_cov.h"
#include "numerics/numerics.h"
#include "numerics/optim.h"

#include <math.h>
#include <string.h>

csat_status csat_btyd_cov_options_init(csat_btyd_cov_options *opts, unsigned int version)
{
    csat_btyd_cov_options d = CSAT_BTYD_COV_OPTIONS_INIT;
    if (!opts)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_BTYD_COV_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = d;
    opts->version = version;
    return CSAT_OK;
}

static csat_status read_options(csat__base *b, const csat_btyd_cov_options *opts, size_t p1, size_t p2,
                                csat_btyd_cov_options *o)
{
    csat_btyd_cov_options d = CSAT_BTYD_COV_OPTIONS_INIT;
    *o = d;
    if (!opts)
        return CSAT_OK;
    if (!csat__version_ok(opts->version, CSAT_BTYD_COV_OPTIONS_VERSION))
        return csat__fail(b, CSAT_EVERSION, "unknown options version %u", opts->version);
    *o = *opts;
    if (!(isfinite(o->lambda1) && o->lambda1 >= 0 && isfinite(o->lambda2) && o->lambda2 >= 0))
        return csat__fail(b, CSAT_EINVAL, "lambda1 and lambda2 must be finite and >= 0");
    if (o->max_iter == 0)
        return csat__fail(b, CSAT_EINVAL, "max_iter must be > 0");
    if (!(o->gtol > 0 && o->gtol <= 1e-2))
        return csat__fail(b, CSAT_EINVAL, "gtol must be in (0, 1e-2]");
    if (o->n_constraints && (!o->constrain1 || !o->constrain2))
        return csat__fail(b, CSAT_EINVAL, "constrain1 and constrain2 must not be NULL with n_constraints = %zu",
                          o->n_constraints);
    for (size_t k = 0; k < o->n_constraints; k++) {
        if (o->constrain1[k] >= p1 || o->constrain2[k] >= p2)
            return csat__fail(b, CSAT_EINVAL,
                              "constraint %zu: gamma1[%zu] = gamma2[%zu] is out of range (p1 = %zu, p2 = %zu)", k,
                              o->constrain1[k], o->constrain2[k], p1, p2);
        for (size_t l = 0; l < k; l++)
            if (o->constrain1[l] == o->constrain1[k] || o->constrain2[l] == o->constrain2[k])
                return csat__fail(b, CSAT_EINVAL, "constraints %zu and %zu share a covariate", l, k);
    }
    return CSAT_OK;
}

/*
 * A constant column, or one that is a linear combination of the constant
 * and the columns before it: Cholesky of the centred cross-products, a
 * pivot below 1e-10 of the column's own centred sum of squares fails.
 * Returns the column, or p when the matrix has full rank; CSAT_ENOMEM in
 * *st when the p x p work matrix cannot be had.
 */
static size_t degenerate_column(const csat_allocator *al, const double *z, size_t n, size_t p, int *constant,
                                csat_status *st)
{
    double *C, *mean;
    size_t bad = p;
    *st = CSAT_OK;
    *constant = 0;
    if (p == 0)
        return p;
    C = csat__calloc_array(al, p * p + p, sizeof *C);
    if (!C) {
        *st = CSAT_ENOMEM;
        return p;
    }
    mean = C + p * p;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < p; j++)
            mean[j] += z[i * p + j];
    for (size_t j = 0; j < p; j++)
        mean[j] /= (double)n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < p; j++) {
            const double dj = z[i * p + j] - mean[j];
            for (size_t k = 0; k <= j; k++)
                C[j * p + k] += dj * (z[i * p + k] - mean[k]);
        }
    for (size_t j = 0; j < p && bad == p; j++) {
        const double own = C[j * p + j];
        double d = own;
        for (size_t k = 0; k < j; k++) {
            double v = C[j * p + k];
            for (size_t l = 0; l < k; l++)
                v -= C[j * p + l] * C[k * p + l];
            C[j * p + k] = v / C[k * p + k];
            d -= C[j * p + k] * C[j * p + k];
        }
        if (!(own > 0) || !(d > 1e-10 * own)) {
            bad = j;
            *constant = !(own > 1e-300 * (double)n * fmax(1.0, mean[j] * mean[j]));
        } else {
            C[j * p + j] = sqrt(d);
        }
    }
    csat__free(al, C);
    return bad;
}

/* ---- the objective --------------------------------------------------------------- */

typedef struct cov_ctx {
    csat_btyd_kind kind;
    const double *x, *tx, *T, *z1, *z2;
    size_t n, p1, p2, ntheta;
    const size_t *idx;  /* p1 + p2: the theta slot of each coefficient */
    const double *sc;   /* ntheta: coefficient = theta / sc (slots >= 4) */
    double *lam;        /* p1 + p2: its penalty (0 when constrained) */
    double *gam;        /* p1 + p2 scratch */
    int penalise;
    /* threads (issue 18): the handle's settings, the baseline of the
     * evaluation, the per-block slots (csat__btyd_sum_blocks(n) x (5 +
     * p1 + p2)) and the summed gradient (4 + p1 + p2: dgam follows) */
    const csat__par *par;
    double base[CSAT__COV_NP];
    double *slots, *acc;
} cov_ctx;

/* One BG/NBD customer's log-likelihood and gradient in (r, alpha, a, b). */
static double bgnbd_row(const double *p, double x, double tx, double T, double *g)
{
    const double r = p[0], al = p[1], a = p[2], b = p[3], lal = log(al), lT = log(al + T);
    double lg, dr, lb, da, db, u, L, w = 0.0;
    if (x <= 32) {
        lg = lb = dr = da = db = 0.0;
        for (double j = 0; j < x; j++) {
            lg += log(r + j);
            dr += 1.0 / (r + j);
            lb += log((b + j) / (a + b + j));
            da -= 1.0 / (a + b + j);
            db += 1.0 / (b + j) - 1.0 / (a + b + j);
        }
    } else {
        lg = csat__lgamma_diff(r, x);
        lb = csat__lbeta(a, b + x) - csat__lbeta(a, b);
        dr = csat__digamma(r + x) - csat__digamma(r);
        da = csat__digamma(a + b) - csat__digamma(a + b + x);
        db = csat__digamma(b + x) - csat__digamma(b) + da;
    }
    u = -(r + x) * lT;
    L = u;
    if (x > 0) {
        const double lt = log(al + tx), v = log(a / (b + x - 1)) - (r + x) * lt, d = v - u;
        if (d > 0) {
            const double q = exp(-d);
            L = v + log1p(q);
            w = 1.0 / (1.0 + q);
        } else {
            const double q = exp(d);
            L = u + log1p(q);
            w = q / (1.0 + q);
        }
        if (g) {
            g[0] = dr + lal - (1 - w) * lT - w * lt;
            g[1] = r / al - (r + x) * ((1 - w) / (al + T) + w / (al + tx));
            g[2] = da + w / a;
            g[3] = db - w / (b + x - 1);
        }
    } else if (g) {
        g[0] = dr + lal - lT;
        g[1] = r / al - r / (al + T);
        g[2] = da;
        g[3] = db;
    }
    return r * lal + lg + lb + L;
}

/* Rows [lo, hi) of the objective's sum: their log-likelihood (INFINITY
 * where a customer's parameters or likelihood are not finite); acc (may
 * be NULL) += the gradient in the baseline (4) and in the coefficients (pp). */
static double cov_range(void *vc, size_t lo, size_t hi, double *acc)
{
    const cov_ctx *c = vc;
    const double *base = c->base;
    double *gb = acc, *dgam = acc ? acc + CSAT__COV_NP : NULL;
    csat__ksum ll = {0, 0};
    for (size_t i = lo; i < hi; i++) {
        double pi[CSAT__COV_NP], g[CSAT__COV_NP], li, e1, e2;
        csat__btyd_cov_individual(c->kind, base, c->gam, c->p1, c->p2, c->z1, c->z2, i, pi);
        for (int k = 0; k < CSAT__COV_NP; k++)
            if (!(pi[k] > 0 && pi[k] < HUGE_VAL))
                return INFINITY;
        if (c->kind == CSAT_BTYD_BGNBD) {
            li = bgnbd_row(pi, c->x[i], c->tx[i], c->T[i], acc ? g : NULL);
        } else {
            const csat__btyd_rows one = {c->x + i, c->tx + i, c->T + i, NULL, 1};
            li = csat__pnbd_loglik(pi, &one, acc ? g : NULL);
        }
        if (!isfinite(li))
            return INFINITY;
        csat__ksum_add(&ll, li);
        if (!acc)
            continue;
        for (int k = 0; k < CSAT__COV_NP; k++)
            gb[k] += g[k] * pi[k];
        e1 = -g[1] * pi[1];
        e2 = c->kind == CSAT_BTYD_BGNBD ? g[2] * pi[2] + g[3] * pi[3] : -g[3] * pi[3];
        for (size_t j = 0; j < c->p1; j++)
            dgam[j] += e1 * c->z1[i * c->p1 + j];
        for (size_t j = 0; j < c->p2; j++)
            dgam[c->p1 + j] += e2 * c->z2[i * c->p2 + j];
    }
    return csat__ksum_value(&ll);
}

/* -LL/n + the penalty, on theta; its gradient. The sum over customers runs
 * over fixed blocks on the handle's threads (btyd_par.c). */
static double objective(const double *th, double *grad, void *vc)
{
    cov_ctx *c = vc;
    const size_t pp = c->p1 + c->p2;
    double f, pen = 0.0, ll;
    for (int k = 0; k < CSAT__COV_NP; k++)
        c->base[k] = exp(th[k]);
    for (size_t j = 0; j < pp; j++)
        c->gam[j] = th[c->idx[j]] / c->sc[c->idx[j]];
    /* acc: the baseline's gradient, then the coefficients' (dgam follows gb in c->acc) */
    ll = csat__btyd_par_sum(c->par, c->n, grad ? 1 + CSAT__COV_NP + pp : 1, c->slots, cov_range, c, c->acc);
    if (!isfinite(ll))
        return INFINITY;
    f = -ll / (double)c->n;
    if (c->penalise)
        for (size_t j = 0; j < pp; j++)
            pen += c->lam[j] * c->gam[j] * c->gam[j];
    if (grad) {
        const double *gb = c->acc, *dgam = c->acc + CSAT__COV_NP;
        for (size_t k = 0; k < c->ntheta; k++)
            grad[k] = k < CSAT__COV_NP ? -gb[k] / (double)c->n : 0.0;
        for (size_t j = 0; j < pp; j++) {
            double d = -dgam[j] / (double)c->n + (c->penalise ? 2.0 * c->lam[j] * c->gam[j] : 0.0);
            if (!isfinite(d))
                return INFINITY;
            grad[c->idx[j]] += d / c->sc[c->idx[j]];
        }
        if (csat__first_nonfinite(grad, c->ntheta) != c->ntheta)
            return INFINITY;
    }
    return isfinite(f + pen) ? f + pen : INFINITY;
}

/* ---- the fit ------------------------------------------------------------------ */

/* Rows, covariate matrices and their columns. */
static csat_status check_input(csat_btyd_model *m, const csat__btyd_rows *in, const double *z1, size_t p1,
                               const double *z2, size_t p2)
{
    const char *nm[2] = {"z1", "z2"};
    const double *z[2] = {z1, z2};
    const size_t p[2] = {p1, p2};
    csat_status st = csat__btyd_check_rows(&m->base, NULL, m->ops, in, 1);
    if (st != CSAT_OK)
        return st;
    for (int s = 0; s < 2; s++) {
        int constant;
        size_t bad;
        st = csat__btyd_cov_check_z(&m->base, nm[s], z[s], in->n, p[s]);
        if (st != CSAT_OK)
            return st;
        bad = degenerate_column(&m->base.alloc, z[s], in->n, p[s], &constant, &st);
        if (st != CSAT_OK)
            return csat__fail(&m->base, st, "out of memory checking the columns of %s", nm[s]);
        if (bad < p[s] && constant)
            return csat__fail(&m->base, CSAT_EINVAL,
                              "%s column %zu is constant: it is confounded with the baseline parameter of its "
                              "process (drop it)",
                              nm[s], bad);
        if (bad < p[s])
            return csat__fail(&m->base, CSAT_EINVAL,
                              "%s column %zu is collinear with the constant and %s columns 0..%zu: the "
                              "coefficients are not identified (drop it)",
                              nm[s], bad, nm[s], bad ? bad - 1 : 0);
    }
    return CSAT_OK;
}

/* The plain model's fit into *plain: with no covariates, the result; else
 * only the start, from a strided subsample of START_ROWS customers when
 * there are 4 times as many (the plain fit of 1,000,000 heterogeneous
 * Pareto/NBD customers took 63 s, of which the start needs none), falling
 * back to all rows if the subsample's fit fails. */
#define START_ROWS 25000
static csat_status plain_fit(csat_btyd_model *m, const csat__btyd_rows *in, int sub, csat__fitted *plain)
{
    csat_btyd_model *t = NULL;
    double *buf = NULL;
    csat_status st = csat_btyd_new(&t, &m->base.alloc, m->kind);
    if (st != CSAT_OK)
        return csat__fail(&m->base, st, "out of memory for the plain %s fit", m->ops->name);
    t->base.par = m->base.par; /* on the handle's threads */
    if (sub && in->n >= 4 * START_ROWS) {
        const size_t stride = in->n / START_ROWS, k = (in->n + stride - 1) / stride;
        buf = csat__calloc_array(&m->base.alloc, 3 * k, sizeof *buf);
        if (buf) {
            for (size_t i = 0; i < k; i++) {
                buf[i] = in->x[i * stride];
                buf[k + i] = in->tx[i * stride];
                buf[2 * k + i] = in->T[i * stride];
            }
            st = csat_btyd_fit(t, buf, buf + k, buf + 2 * k, NULL, k, NULL);
            csat__free(&m->base.alloc, buf);
        }
    }
    if (!buf || st != CSAT_OK)
        st = csat_btyd_fit(t, in->x, in->tx, in->T, NULL, in->n, NULL);
    if (st == CSAT_OK)
        *plain = t->fit;
    else
        csat__fail(&m->base, st, "the plain %s fit (the start) failed: %s", m->ops->name, t->base.err);
    csat_btyd_free(t);
    return st;
}

/* Root mean square of column j of the n x p matrix z (> 0: not constant). */
static double column_rms(const double *z, size_t n, size_t p, size_t j)
{
    double ss = 0.0;
    for (size_t i = 0; i < n; i++)
        ss += z[i * p + j] * z[i * p + j];
    return sqrt(ss / (double)n);
}

/* The constraint k with gamma_s[j] in it (s = 1, 2), or n_constraints. */
static size_t constraint_of(const csat_btyd_cov_options *o, int s, size_t j)
{
    size_t k = 0;
    while (k < o->n_constraints && (s == 1 ? o->constrain1[k] : o->constrain2[k]) != j)
        k++;
    return k;
}

/* Theta layout: 4 log-parameters, then gamma1 (slot 4 + j), then the free
 * gamma2; each coefficient scaled by its column's root mean square, so
 * that every slot has a comparable scale. */
static void layout(const cov_ctx *c, const csat_btyd_cov_options *o, size_t *idx, double *sc, double *lam)
{
    size_t next = CSAT__COV_NP + c->p1;
    for (size_t j = 0; j < c->p1; j++) {
        idx[j] = CSAT__COV_NP + j;
        sc[idx[j]] = column_rms(c->z1, c->n, c->p1, j);
        lam[j] = constraint_of(o, 1, j) < o->n_constraints ? 0.0 : o->lambda1;
    }
    for (size_t j = 0; j < c->p2; j++) {
        const size_t k = constraint_of(o, 2, j);
        if (k < o->n_constraints) {
            idx[c->p1 + j] = CSAT__COV_NP + o->constrain1[k];
            lam[c->p1 + j] = 0.0;
        } else {
            idx[c->p1 + j] = next;
            sc[next++] = column_rms(c->z2, c->n, c->p2, j);
            lam[c->p1 + j] = o->lambda2;
        }
    }
}

static int in_range(const double *p)
{
    for (int k = 0; k < CSAT__COV_NP; k++)
        if (!(p[k] >= CSAT__BTYD_PARAM_MIN && p[k] <= CSAT__BTYD_PARAM_MAX))
            return 0;
    return 1;
}

csat_status csat_btyd_fit_covariates(csat_btyd_model *m, const double *frequency, const double *recency,
                                     const double *T, size_t n, const double *z1, size_t p1, const double *z2,
                                     size_t p2, const csat_btyd_cov_options *opts, csat_fit_report *report)
{
    const csat__btyd_rows in = {frequency, recency, T, NULL, n};
    csat_btyd_cov_options o;
    csat__optim_options oo = CSAT__OPTIM_OPTIONS_INIT;
    csat__optim_report orep;
    csat__fitted plain, res;
    struct csat__btyd_cov *cov;
    const csat_allocator *al;
    cov_ctx c;
    size_t pp, nt, nsum, *idx;
    double *blk, *th, *sc, *H;
    csat_status st;

    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    al = &m->base.alloc;
    if (m->kind != CSAT_BTYD_PARETO_NBD && m->kind != CSAT_BTYD_BGNBD)
        return csat__fail(&m->base, CSAT_EINVAL, "covariates are for Pareto/NBD and BG/NBD, not %s",
                          m->ops->name);
    if (p1 > 1024 || p2 > 1024)
        return csat__fail(&m->base, CSAT_EINVAL,
                          "p1 = %zu, p2 = %zu: at most 1024 covariates per process (larger counts may overflow "
                          "the byte count of the matrices)",
                          p1, p2);
    st = read_options(&m->base, opts, p1, p2, &o);
    if (st == CSAT_OK)
        st = check_input(m, &in, z1, p1, z2, p2);
    if (st == CSAT_OK)
        st = plain_fit(m, &in, p1 + p2 > 0, &plain);
    if (st != CSAT_OK)
        return st;
    pp = p1 + p2;
    cov = csat__btyd_cov_new(al, p1, p2);
    if (!cov)
        return csat__fail(&m->base, CSAT_ENOMEM, "out of memory for %zu coefficients", pp);
    if (pp == 0) { /* the plain model, exactly */
        memcpy(cov->base, plain.params, sizeof cov->base);
        csat__btyd_cov_install(m, cov);
        m->fit = plain;
        if (report)
            *report = plain.report;
        return CSAT_OK;
    }
    nt = CSAT__COV_NP + pp - o.n_constraints;
    nsum = csat__btyd_sum_blocks(n) * (1 + CSAT__COV_NP + pp) + CSAT__COV_NP + pp; /* slots, acc */
    blk = csat__calloc_array(al, 2 * nt + nt * nt + 3 * pp + pp + nsum, sizeof(double));
    if (!blk) {
        csat__free(al, cov);
        return csat__fail(&m->base, CSAT_ENOMEM, "out of memory for the fit with %zu coefficients", pp);
    }
    th = blk;
    sc = th + nt;
    H = sc + nt;
    c = (cov_ctx){m->kind, frequency, recency, T, z1, z2, n, p1, p2, nt, NULL, sc, H + nt * nt, H + nt * nt + pp,
                  1, &m->base.par, {0, 0, 0, 0}, H + nt * nt + 4 * pp, NULL};
    c.acc = c.slots + nsum - (CSAT__COV_NP + pp);
    idx = (size_t *)(void *)(H + nt * nt + 3 * pp); /* sizeof(size_t) <= sizeof(double) */
    c.idx = idx;
    layout(&c, &o, idx, sc, c.lam);
    for (int k = 0; k < CSAT__COV_NP; k++)
        th[k] = log(plain.params[k]);
    oo.max_iter = o.max_iter;
    oo.gtol = o.gtol;
    st = csat__minimize(objective, &c, th, nt, &oo, &orep, al);
    res = plain;
    res.report = (csat_fit_report){orep.iterations, orep.evaluations, NAN, orep.grad_norm, st == CSAT_OK};
    res.has_se = 0;
    if (st == CSAT_OK) {
        c.penalise = 0;
        res.ll = -(double)n * objective(th, NULL, &c);
        res.report.log_likelihood = res.ll;
        for (int k = 0; k < CSAT__COV_NP; k++)
            res.params[k] = exp(th[k]);
        for (size_t j = 0; j < pp; j++)
            cov->gamma[j] = th[idx[j]] / sc[idx[j]];
        if (!isfinite(res.ll) || !in_range(res.params))
            st = CSAT_EDOM;
    }
    if (st == CSAT_OK && o.standard_errors) {
        csat_status hs = csat__hessian(objective, &c, th, nt, H, al);
        if (hs == CSAT_OK) {
            for (size_t k = 0; k < nt * nt; k++)
                H[k] *= (double)n;
            hs = csat__spd_inverse(H, nt, al);
        }
        if (hs == CSAT_ENOMEM)
            st = hs;
        else if (hs == CSAT_OK) {
            res.has_se = cov->has_se = 1;
            for (int k = 0; k < CSAT__COV_NP; k++)
                res.se[k] = res.params[k] * sqrt(H[k * nt + k]);
            for (size_t j = 0; j < pp; j++)
                cov->se[j] = sqrt(H[idx[j] * nt + idx[j]]) / sc[idx[j]];
        }
    }
    csat__free(al, blk);
    if (report)
        *report = res.report;
    /* the stages: the plain fit's (the start), then this fit on all n customers */
    csat__stages_add_report(&res.stages, n, &res.report);
    if (st != CSAT_OK) {
        csat__free(al, cov);
        if (st == CSAT_ENOMEM)
            return csat__fail(&m->base, st, "out of memory during the %s fit with covariates", m->ops->name);
        m->fit.report = res.report; /* as csat_btyd_fit: how the optimiser ended */
        m->fit.stages = res.stages;
        if (st == CSAT_ENOCONV)
            return csat__fail(&m->base, st,
                              "%s fit with covariates did not converge after %zu iterations (max |gradient| "
                              "%.3g); parameters unchanged",
                              m->ops->name, orep.iterations, orep.grad_norm);
        return csat__fail(&m->base, CSAT_EDOM,
                          "%s fit with covariates left the parameters' domain (the likelihood grows without "
                          "bound: covariates that separate the customers?); parameters unchanged",
                          m->ops->name);
    }
    res.n_obs = (double)n;
    res.has_params = res.has_fit = 1;
    cov->n_free = pp - o.n_constraints;
    memcpy(cov->base, res.params, sizeof cov->base);
    csat__btyd_cov_install(m, cov);
    m->fit = res;
    return CSAT_OK;
}
