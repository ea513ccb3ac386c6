/*
 * The per-customer prediction entry points of a BTYD model: the checks of
 * the input, then the kind's batched entry over fixed blocks of customers
 * on the handle's threads (btyd_par.c).
 */
#include "btyd/btyd_handle.h"

#include <float.h>
#include <math.h>

/* The row pre-check below is compiled for AVX2 and the baseline (CSAT__CLONES). */

/* Nonzero unless the row is plainly valid for the continuous-time kinds. In
 * [0, 2^52), x + 2^52 - 2^52 == x exactly for whole x and in no rounding
 * mode for others; NaN fails every comparison. */
static inline long row_refused(double x, double tx, double T)
{
    return !((x >= 0.0) & (x < 0x1p52) & ((x + 0x1p52) - 0x1p52 == x) & (tx >= 0.0) & (tx <= T) &
             (T <= DBL_MAX) & ((x != 0.0) | (tx == 0.0)));
}

/* Nonzero if every row is plainly valid: branch-free, 4 rows a step so that
 * it vectorises; several times faster than the kind's check_rows. It may
 * refuse valid rows (counts >= 2^52); csat__btyd_check_rows has the last
 * word. It runs backwards so that the first rows are still in cache when
 * the kernels start. */
CSAT__CLONES static int rows_plainly_valid(const double *x, const double *tx, const double *T,
                                          size_t n)
{
    long bad = 0;
    size_t i = n;
    for (; i >= 4; i -= 4) {
        long b[4];
        for (int l = 0; l < 4; l++)
            b[l] = row_refused(x[i - 4 + l], tx[i - 4 + l], T[i - 4 + l]);
        bad |= b[0] | b[1] | b[2] | b[3];
    }
    while (i-- > 0)
        bad |= row_refused(x[i], tx[i], T[i]);
    return !bad;
}

csat_status csat__btyd_predictable(csat__base *b, const double *params, size_t np)
{
    for (int i = 0; i < (int)np; i++)
        if (!(params[i] >= CSAT__BTYD_PARAM_MIN && params[i] <= CSAT__BTYD_PARAM_MAX))
            return csat__fail(b, CSAT_EDOM,
                              "parameter %d = %g: predictions need every parameter in [1e-15, 1e15]", i,
                              params[i]);
    return CSAT_OK;
}

static csat_status predict_check(csat_btyd_model *m, const csat__btyd_rows *r, const double *out)
{
    csat__base *b;
    if (!m)
        return CSAT_EINVAL;
    b = &m->base; /* error text is the handle's scratch */
    if (!m->fit.has_params)
        return csat__fail(b, CSAT_EMISUSE, "the model has no parameters: fit or set them first");
    if (!out)
        return csat__fail(b, CSAT_EINVAL, "output is NULL");
    if (csat__btyd_predictable(b, m->fit.params, m->fit.np) != CSAT_OK)
        return CSAT_EDOM;
    /* sizes whose byte count overflows are refused by csat__btyd_check_rows */
    if (!m->ops->discrete && r->x && r->tx && r->T && r->n > 0 &&
        csat__array_bytes_ok(r->n, 1, sizeof *out) && rows_plainly_valid(r->x, r->tx, r->T, r->n))
        return CSAT_OK;
    return csat__btyd_check_rows(b, NULL, m->ops, r, 0);
}

csat_status csat_btyd_p_alive(csat_btyd_model *m, const double *frequency, const double *recency,
                              const double *T, size_t n, double *out)
{
    csat__btyd_rows r = {frequency, recency, T, NULL, n};
    csat_status st = predict_check(m, &r, out);
    if (st != CSAT_OK)
        return st;
    csat__btyd_customers_par(&m->base.par, &m->base.alloc, m->ops->p_alive_n, NULL, m->fit.params, 0.0, &r, out);
    return CSAT_OK;
}

static csat_status check_horizon(csat_btyd_model *m, double t)
{
    csat__base *b = &m->base;
    if (!(isfinite(t) && t >= 0))
        return csat__fail(b, CSAT_EINVAL, "horizon t must be finite and >= 0");
    if (m->ops->discrete && t != floor(t))
        return csat__fail(b, CSAT_EINVAL, "%s horizon must be a whole number of periods", m->ops->name);
    return CSAT_OK;
}

csat_status csat_btyd_expected_purchases(csat_btyd_model *m, double t, const double *frequency,
                                         const double *recency, const double *T, size_t n,
                                         double *out)
{
    csat__btyd_rows r = {frequency, recency, T, NULL, n};
    csat_status st = predict_check(m, &r, out);
    if (st == CSAT_OK)
        st = check_horizon(m, t);
    if (st != CSAT_OK)
        return st;
    csat__btyd_customers_par(&m->base.par, &m->base.alloc, m->ops->expected_cond_n, m->ops->expected_cond_prep,
                             m->fit.params, t, &r, out);
    return CSAT_OK;
}

csat_status csat_btyd_expected_purchases_new(csat_btyd_model *m, const double *t, size_t n,
                                             double *out)
{
    if (!m)
        return CSAT_EINVAL;
    if (!m->fit.has_params)
        return csat__fail(&m->base, CSAT_EMISUSE, "the model has no parameters");
    if (!t || !out)
        return csat__fail(&m->base, CSAT_EINVAL, "t or out is NULL");
    if (!csat__array_bytes_ok(n, 1, sizeof *out))
        return csat__fail(&m->base, CSAT_EINVAL, "n = %zu horizons overflow the address space", n);
    if (n == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "no horizons");
    if (csat__btyd_predictable(&m->base, m->fit.params, m->fit.np) != CSAT_OK)
        return CSAT_EDOM;
    for (size_t i = 0; i < n; i++) {
        csat_status st = check_horizon(m, t[i]);
        if (st != CSAT_OK)
            return st;
        /* horizons near DBL_MAX can make E[X(t)] itself pass DBL_MAX: say so
         * before writing anything (one cheap evaluation per horizon) */
        if (!isfinite(m->ops->expected_new(m->fit.params, t[i])))
            return csat__fail(&m->base, CSAT_EDOM,
                              "E[X(t)] at t[%zu] = %g is beyond the largest double", i, t[i]);
    }
    csat__btyd_values_par(&m->base.par, m->ops->expected_new_n, m->fit.params, 0.0, t, n, out);
    return CSAT_OK;
}

csat_status csat_btyd_prob_purchases(csat_btyd_model *m, double t, const double *k, size_t n,
                                     double *out)
{
    csat__base *b;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    b = &m->base;
    if (!m->fit.has_params)
        return csat__fail(b, CSAT_EMISUSE, "the model has no parameters");
    if (!k || !out)
        return csat__fail(b, CSAT_EINVAL, "k or out is NULL");
    if (csat__btyd_predictable(b, m->fit.params, m->fit.np) != CSAT_OK)
        return CSAT_EDOM;
    if (!csat__array_bytes_ok(n, 1, sizeof *out))
        return csat__fail(b, CSAT_EINVAL, "n = %zu counts overflow the address space", n);
    if (n == 0)
        return csat__fail(b, CSAT_EEMPTY, "no counts");
    st = check_horizon(m, t);
    if (st != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if (!csat__btyd_is_count(k[i]) || k[i] > 1e7)
            return csat__fail(b, CSAT_EINVAL, "k[%zu] must be an integer in [0, 1e7]", i);
    if (!m->ops->prob_n)
        return csat__fail(b, CSAT_EMISUSE, "%s has no P(X(t) = k)", m->ops->name);
    csat__btyd_values_par(&m->base.par, m->ops->prob_n, m->fit.params, t, k, n, out);
    return CSAT_OK;
}

typedef struct prob_cond_run {
    const csat__btyd_kind_ops *ops;
    const double *p;
    double t, k;
    const csat__btyd_rows *r;
    double *out;
} prob_cond_run;

static void prob_cond_block(void *vctx, size_t lo, size_t hi, const csat_allocator *al)
{
    const prob_cond_run *c = vctx;
    (void)al;
    for (size_t i = lo; i < hi; i++)
        c->out[i] = c->ops->prob_cond(c->p, c->t, c->k, c->r->x[i], c->r->tx[i], c->r->T[i]);
}

csat_status csat_btyd_prob_purchases_cond(csat_btyd_model *m, double t, double k, const double *frequency,
                                          const double *recency, const double *T, size_t n, double *out)
{
    csat__btyd_rows r = {frequency, recency, T, NULL, n};
    csat_status st = predict_check(m, &r, out);
    if (st == CSAT_OK)
        st = check_horizon(m, t);
    if (st == CSAT_OK && !(csat__btyd_is_count(k) && k <= 1e7))
        st = csat__fail(&m->base, CSAT_EINVAL, "k must be an integer in [0, 1e7]");
    if (st == CSAT_OK && !m->ops->prob_cond)
        st = csat__fail(&m->base, CSAT_EMISUSE, "%s has no P(X(t) = k)", m->ops->name);
    if (st != CSAT_OK)
        return st;
    {
        prob_cond_run c = {m->ops, m->fit.params, t, k, &r, out};
        csat__btyd_par_blocks(&m->base.par, n, prob_cond_block, &c);
    }
    return CSAT_OK;
}

csat_status csat_btyd_dert(csat_btyd_model *m, double discount, const double *frequency,
                           const double *recency, const double *T, size_t n, double *out)
{
    csat__btyd_rows r = {frequency, recency, T, NULL, n};
    csat_status st = predict_check(m, &r, out);
    if (st != CSAT_OK)
        return st;
    if (!(isfinite(discount) && discount >= 1e-9)) /* below: overflow, BG/BB cost ~ d^-1/2 */
        return csat__fail(&m->base, CSAT_EINVAL, "discount rate must be finite and >= 1e-9");
    csat__btyd_customers_par(&m->base.par, &m->base.alloc, m->ops->dert_n, NULL, m->fit.params, discount, &r,
                             out);
    return CSAT_OK;
}
