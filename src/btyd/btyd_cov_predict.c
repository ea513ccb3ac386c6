/*
 * Covariates on a BTYD handle (btyd_cov.h): individual parameters, the
 * coefficients' getters and setter, and the per-customer predictions at
 * each customer's own parameters.
 */
#include "btyd/btyd_cov.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

void csat__btyd_cov_individual(csat_btyd_kind kind, const double *base, const double *gamma, size_t p1,
                               size_t p2, const double *z1, const double *z2, size_t i, double *pi)
{
    double e1 = 0.0, e2 = 0.0;
    for (size_t j = 0; j < p1; j++)
        e1 += gamma[j] * z1[i * p1 + j];
    for (size_t j = 0; j < p2; j++)
        e2 += gamma[p1 + j] * z2[i * p2 + j];
    memcpy(pi, base, CSAT__COV_NP * sizeof *pi);
    pi[1] = base[1] * exp(-e1);
    if (kind == CSAT_BTYD_BGNBD) {
        pi[2] = base[2] * exp(e2);
        pi[3] = base[3] * exp(e2);
    } else {
        pi[3] = base[3] * exp(-e2);
    }
}

struct csat__btyd_cov *csat__btyd_cov_new(const csat_allocator *al, size_t p1, size_t p2)
{
    struct csat__btyd_cov *c;
    const size_t pp = p1 + p2;
    /* the struct, then 2 pp doubles (p1, p2 <= 1024: no overflow) */
    c = csat__calloc_array(al, 1, sizeof *c + 2 * pp * sizeof(double));
    if (!c)
        return NULL;
    c->p1 = p1;
    c->p2 = p2;
    c->n_free = pp;
    c->gamma = (double *)(void *)(c + 1);
    c->se = c->gamma + pp;
    return c;
}

void csat__btyd_cov_install(csat_btyd_model *m, struct csat__btyd_cov *c)
{
    if (m->cov)
        csat__free(&m->base.alloc, m->cov);
    m->cov = c;
}

csat_status csat__btyd_cov_check_z(csat__base *b, const char *name, const double *z, size_t n, size_t p)
{
    size_t k;
    if (p == 0)
        return CSAT_OK;
    if (!z)
        return csat__fail(b, CSAT_EINVAL, "%s must not be NULL with %zu columns", name, p);
    if (!csat__array_bytes_ok(n, p, sizeof *z))
        return csat__fail(b, CSAT_EINVAL, "%s: %zu x %zu values overflow the address space", name, n, p);
    k = csat__first_nonfinite(z, n * p);
    if (k < n * p)
        return csat__fail(b, CSAT_EINVAL, "%s row %zu, column %zu is %g: covariates must be finite", name, k / p,
                          k % p, z[k]);
    return CSAT_OK;
}

/* The current coefficients, or NULL (none, or stale after a plain refit). */
static const struct csat__btyd_cov *current(const csat_btyd_model *m)
{
    const struct csat__btyd_cov *c = m->cov;
    if (!c || !m->fit.has_params || memcmp(c->base, m->fit.params, sizeof c->base) != 0)
        return NULL;
    return c;
}

csat_status csat_btyd_covariate_dims(const csat_btyd_model *m, size_t *p1, size_t *p2, size_t *n_free)
{
    const struct csat__btyd_cov *c;
    if (!m)
        return CSAT_EINVAL;
    c = current(m);
    if (!c)
        return CSAT_EMISUSE;
    if (p1)
        *p1 = c->p1;
    if (p2)
        *p2 = c->p2;
    if (n_free)
        *n_free = c->n_free;
    return CSAT_OK;
}

csat_status csat_btyd_covariate_params(const csat_btyd_model *m, double *gamma, double *se, size_t cap)
{
    const struct csat__btyd_cov *c;
    size_t pp;
    if (!m || (!gamma && !se))
        return CSAT_EINVAL;
    c = current(m);
    if (!c)
        return CSAT_EMISUSE;
    if (!csat__array_bytes_ok(cap, 1, sizeof(double)))
        return CSAT_EINVAL; /* a capacity whose byte count overflows */
    pp = c->p1 + c->p2;
    if (cap < pp)
        return CSAT_EBUFSIZE;
    if (se && !c->has_se)
        return CSAT_EDOM;
    if (gamma && pp)
        memcpy(gamma, c->gamma, pp * sizeof *gamma);
    if (se && pp)
        memcpy(se, c->se, pp * sizeof *se);
    return CSAT_OK;
}

csat_status csat_btyd_set_covariate_params(csat_btyd_model *m, const double *gamma, size_t p1, size_t p2)
{
    struct csat__btyd_cov *c;
    size_t k;
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    if (m->kind != CSAT_BTYD_PARETO_NBD && m->kind != CSAT_BTYD_BGNBD)
        return csat__fail(&m->base, CSAT_EINVAL, "covariates are for Pareto/NBD and BG/NBD, not %s",
                          m->ops->name);
    if (!m->fit.has_params)
        return csat__fail(&m->base, CSAT_EMISUSE, "set or fit the 4 baseline parameters first");
    if (p1 > 1024 || p2 > 1024)
        return csat__fail(&m->base, CSAT_EINVAL,
                          "p1 = %zu, p2 = %zu: at most 1024 covariates per process (larger counts may overflow "
                          "the byte count of the matrices)",
                          p1, p2);
    if (!gamma && p1 + p2)
        return csat__fail(&m->base, CSAT_EINVAL, "gamma must not be NULL");
    k = p1 + p2 ? csat__first_nonfinite(gamma, p1 + p2) : 0;
    if (k < p1 + p2)
        return csat__fail(&m->base, CSAT_EINVAL, "gamma[%zu] = %g must be finite", k, gamma[k]);
    c = csat__btyd_cov_new(&m->base.alloc, p1, p2);
    if (!c)
        return csat__fail(&m->base, CSAT_ENOMEM, "out of memory for %zu coefficients", p1 + p2);
    if (p1 + p2)
        memcpy(c->gamma, gamma, (p1 + p2) * sizeof *gamma);
    memcpy(c->base, m->fit.params, sizeof c->base);
    csat__btyd_cov_install(m, c);
    return CSAT_OK;
}

static double predict_one(const csat_btyd_model *m, csat_btyd_cov_what what, double arg, const double *p,
                          double x, double tx, double T)
{
    switch (what) {
    case CSAT_BTYD_COV_EXPECTED:
        return m->ops->expected_cond(p, arg, x, tx, T);
    case CSAT_BTYD_COV_DERT:
        return m->ops->dert(p, arg, x, tx, T);
    default:
        return m->ops->p_alive(p, x, tx, T);
    }
}

/* One block of csat_btyd_cov_predict's customers (on the handle's threads). */
typedef struct cov_run {
    const csat_btyd_model *m;
    const struct csat__btyd_cov *c;
    csat_btyd_cov_what what;
    double arg;
    const csat__btyd_rows *r;
    const double *z1, *z2;
    double *out;
} cov_run;

static void cov_block(void *vctx, size_t lo, size_t hi, const csat_allocator *al)
{
    const cov_run *u = vctx;
    (void)al;
    for (size_t i = lo; i < hi; i++) {
        double p[CSAT__COV_NP];
        csat__btyd_cov_individual(u->m->kind, u->c->base, u->c->gamma, u->c->p1, u->c->p2, u->z1, u->z2, i, p);
        u->out[i] = predict_one(u->m, u->what, u->arg, p, u->r->x[i], u->r->tx[i], u->r->T[i]);
    }
}

csat_status csat_btyd_cov_predict(csat_btyd_model *m, csat_btyd_cov_what what, double arg, const double *frequency,
                                  const double *recency, const double *T, size_t n, const double *z1, size_t p1,
                                  const double *z2, size_t p2, double *out)
{
    const csat__btyd_rows r = {frequency, recency, T, NULL, n};
    const struct csat__btyd_cov *c;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    c = current(m);
    if (!c)
        return csat__fail(&m->base, CSAT_EMISUSE,
                          m->cov ? "the covariate coefficients are stale: the model's parameters changed "
                                   "after they were fitted or set (fit again)"
                                 : "no covariate coefficients yet (fit with covariates, or set them, first)");
    if (what != CSAT_BTYD_COV_P_ALIVE && what != CSAT_BTYD_COV_EXPECTED && what != CSAT_BTYD_COV_DERT)
        return csat__fail(&m->base, CSAT_EINVAL, "unknown prediction %d", (int)what);
    if (what == CSAT_BTYD_COV_EXPECTED && !(isfinite(arg) && arg >= 0))
        return csat__fail(&m->base, CSAT_EINVAL, "horizon t must be finite and >= 0");
    if (what == CSAT_BTYD_COV_DERT && !(isfinite(arg) && arg >= 1e-9))
        return csat__fail(&m->base, CSAT_EINVAL, "discount rate must be finite and >= 1e-9");
    if (p1 != c->p1 || p2 != c->p2)
        return csat__fail(&m->base, CSAT_EINVAL,
                          "covariate rows have widths p1 = %zu, p2 = %zu; the model was fitted with %zu, %zu%s", p1,
                          p2, c->p1, c->p2,
                          csat__array_bytes_ok(p1 + p2 < p1 ? SIZE_MAX : p1 + p2, 1, sizeof(double))
                              ? ""
                              : " (the widths' byte count overflows)");
    if (!out)
        return csat__fail(&m->base, CSAT_EINVAL, "out must not be NULL");
    st = csat__btyd_check_rows(&m->base, NULL, m->ops, &r, 0);
    if (st == CSAT_OK)
        st = csat__btyd_cov_check_z(&m->base, "z1", z1, n, p1);
    if (st == CSAT_OK)
        st = csat__btyd_cov_check_z(&m->base, "z2", z2, n, p2);
    if (st != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++) { /* every customer predictable before anything is written */
        double p[CSAT__COV_NP];
        csat__btyd_cov_individual(m->kind, c->base, c->gamma, p1, p2, z1, z2, i, p);
        for (int k = 0; k < CSAT__COV_NP; k++)
            if (!(p[k] >= CSAT__BTYD_PARAM_MIN && p[k] <= CSAT__BTYD_PARAM_MAX))
                return csat__fail(&m->base, CSAT_EDOM,
                                  "customer %zu: individual parameter %d = %g (predictions need [1e-15, 1e15])", i,
                                  k, p[k]);
    }
    {
        cov_run run = {m, c, what, arg, &r, z1, z2, out};
        csat__btyd_par_blocks(&m->base.par, n, cov_block, &run);
    }
    return CSAT_OK;
}
