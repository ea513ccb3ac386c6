/*
 * Cox proportional hazards: the handle, the checks of a fit's input, the
 * sorted copy of the data (the fit itself: cox_fit.c).
 */
#include "retention/cox_internal.h"
#include "core/sort.h"

#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

csat_status csat_cox_options_init(csat_cox_options *opts, unsigned int version)
{
    const csat_cox_options def = CSAT_COX_OPTIONS_INIT;
    if (!opts)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_COX_OPTIONS_VERSION))
        return CSAT_EVERSION;
    /* only the fields of that version: a version-1 struct ends before keep_data */
    memcpy(opts, &def, version >= 2 ? sizeof def : offsetof(csat_cox_options, keep_data));
    opts->version = version;
    return CSAT_OK;
}

csat_status csat_cox_new(csat_cox **out, const csat_allocator *alloc)
{
    if (!out)
        return CSAT_EINVAL;
    return csat__handle_new((void **)out, sizeof(csat_cox), alloc);
}

void csat_cox_free(csat_cox *m)
{
    if (!m)
        return;
    csat__free(&m->base.alloc, m->coef);
    csat__cox_drop(m);
    csat__free(&m->base.alloc, m->pred);
    csat__handle_free(m);
}

const char *csat_cox_last_error(const csat_cox *m)
{
    return m ? m->base.err : "csat_cox is NULL";
}

/* Row checks; CSAT_OK or a message naming the column and row. */
csat_status csat__cox_check_rows(csat_cox *m, const double *X, size_t n, size_t p, const double *entry,
                              const double *stop, const double *events, const double *weights,
                              size_t *n_events)
{
    size_t bad = csat__first_nonfinite(X, n * p);
    if (bad < n * p)
        return csat__fail(&m->base, CSAT_EINVAL, "X[%zu][%zu] (row %zu, column %zu) = %g is not finite",
                          bad / p, bad % p, bad / p, bad % p, X[bad]);
    *n_events = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(stop[i]) || stop[i] < 0.0)
            return csat__fail(&m->base, CSAT_EINVAL, "stop[%zu] = %g is not finite and >= 0", i, stop[i]);
        if (!(events[i] == 0.0 || events[i] == 1.0))
            return csat__fail(&m->base, CSAT_EINVAL, "events[%zu] = %g is not 0 or 1", i, events[i]);
        if (entry && !(isfinite(entry[i]) && entry[i] < stop[i]))
            return csat__fail(&m->base, CSAT_EINVAL,
                              "entry[%zu] = %g is not finite and < stop[%zu] = %g (stop <= start)",
                              i, entry[i], i, stop[i]);
        if (weights && !(isfinite(weights[i]) && weights[i] > 0.0))
            return csat__fail(&m->base, CSAT_EINVAL, "weights[%zu] = %g is not finite and > 0", i,
                              weights[i]);
        *n_events += events[i] != 0.0;
    }
    for (size_t j = 0; j < p; j++) {
        size_t i = 1;
        while (i < n && X[i * p + j] == X[j])
            i++;
        if (i == n)
            return csat__fail(&m->base, CSAT_EDOM, "column %zu of X is constant (%g in every row)", j,
                              X[j]);
    }
    return CSAT_OK;
}

typedef struct gather_ctx {
    cox_data *d;
    const double *X, *entry, *stop, *events, *weights, *mean;
} gather_ctx;

/* Positions [blk B, (blk + 1) B) of the columns in ord's order, X centred
 * (each position its own values: any threads give the same bits). */
static void gather_block(void *vctx, size_t worker, size_t blk)
{
    const gather_ctx *g = vctx;
    cox_data *d = g->d;
    const size_t n = d->n, p = d->p, lo = blk * CSAT__BLOCK_ROWS;
    const size_t hi = n - lo > CSAT__BLOCK_ROWS ? lo + CSAT__BLOCK_ROWS : n;
    const double *X = g->X, *mean = g->mean;
    (void)worker;
    for (size_t k = lo; k < hi; k++) {
#if defined(__GNUC__) /* the rows are scattered over X: ask for them ahead */
        if (k + 16 < n)
            __builtin_prefetch(X + d->ord[k + 16] * p);
#endif
        for (size_t j = 0; j < p; j++)
            d->xc[k * p + j] = X[d->ord[k] * p + j] - mean[j];
    }
    for (size_t k = lo; k < hi; k++) {
        size_t i = d->ord[k];
        d->t[k] = g->stop[i];
        d->ev[k] = g->events[i];
        d->wt[k] = g->weights ? g->weights[i] : 1.0;
        if (g->entry)
            d->t0[k] = g->entry[i];
    }
}

/* ord (by stratum, stop ascending), rem (by stratum, entry ascending, as
 * positions in ord), stratum blocks, and the columns in ord's order. */
csat_status csat__cox_build(cox_data *d, const double *X, const double *entry, const double *stop,
                         const double *events, const uint64_t *strata, const double *weights,
                         const csat_allocator *a, uint64_t *empty_stratum)
{
    const size_t n = d->n, p = d->p;
    size_t *tmp = csat__malloc_array(a, n, sizeof *tmp);
    uint64_t *u = strata ? csat__malloc_array(a, n, sizeof *u) : NULL;
    double *mean = csat__calloc_array(a, p, sizeof *mean);
    csat_status st = CSAT_ENOMEM;
    if (!tmp || (strata && !u) || !mean)
        goto done;
    if ((st = csat__order_doubles(stop, n, tmp, a)) != CSAT_OK)
        goto done;
    if (strata) {
        for (size_t k = 0; k < n; k++)
            u[k] = strata[tmp[k]];
        if ((st = csat__order_u64(u, n, d->ord, a)) != CSAT_OK)
            goto done;
        for (size_t k = 0; k < n; k++)
            d->ord[k] = tmp[d->ord[k]];
    } else {
        memcpy(d->ord, tmp, n * sizeof *tmp);
    }
    d->n_strata = 0;
    for (size_t k = 0; k < n; k++)
        if (k == 0 || (strata && strata[d->ord[k]] != strata[d->ord[k - 1]]))
            d->blk[d->n_strata++] = k;
    d->blk[d->n_strata] = n;
    for (size_t s = 0; s < d->n_strata; s++) {
        size_t k = d->blk[s];
        while (k < d->blk[s + 1] && events[d->ord[k]] == 0.0)
            k++;
        if (k == d->blk[s + 1]) {
            *empty_stratum = strata ? strata[d->ord[d->blk[s]]] : 0;
            st = CSAT_EDOM;
            goto done;
        }
    }
    for (size_t i = 0; i < n; i++) /* the column means, then X centred in ord's order */
        for (size_t j = 0; j < p; j++)
            mean[j] += X[i * p + j];
    for (size_t j = 0; j < p; j++)
        mean[j] /= (double)n;
    {
        gather_ctx g = {d, X, entry, stop, events, weights, mean};
        csat__par_run(d->par, csat__n_blocks(n, CSAT__BLOCK_ROWS), gather_block, &g);
    }
    if (entry) {
        if ((st = csat__order_doubles(d->t0, n, tmp, a)) != CSAT_OK)
            goto done;
        if (strata) { /* stable by stratum block: a block's positions are contiguous in ord */
            uint64_t *key = csat__malloc_array(a, n, sizeof *key);
            size_t *o2 = csat__malloc_array(a, n, sizeof *o2);
            st = key && o2 ? CSAT_OK : CSAT_ENOMEM;
            if (st == CSAT_OK) {
                for (size_t s = 0; s < d->n_strata; s++)
                    for (size_t k = d->blk[s]; k < d->blk[s + 1]; k++)
                        u[k] = s;
                for (size_t k = 0; k < n; k++)
                    key[k] = u[tmp[k]];
                st = csat__order_u64(key, n, o2, a);
            }
            if (st == CSAT_OK)
                for (size_t k = 0; k < n; k++)
                    d->rem[k] = tmp[o2[k]];
            csat__free(a, key);
            csat__free(a, o2);
            if (st != CSAT_OK)
                goto done;
        } else {
            memcpy(d->rem, tmp, n * sizeof *tmp);
        }
    }
    st = CSAT_OK;
done:
    csat__free(a, tmp);
    csat__free(a, u);
    csat__free(a, mean);
    return st;
}

csat_status csat_cox_set_fit(csat_cox *m, const double *coef, const double *std_err,
                             const double *robust_se, size_t n_coef, const csat_cox_stats *stats)
{
    double *b;
    if (!m)
        return CSAT_EINVAL;
    if (!csat__array_bytes_ok(n_coef, 3, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL, "n_coef = %zu overflows the address space", n_coef);
    if (!coef || !std_err || !stats || n_coef == 0)
        return csat__fail(&m->base, CSAT_EINVAL, "coef, std_err or stats is NULL, or n_coef = 0");
    for (size_t j = 0; j < n_coef; j++) {
        if (!isfinite(coef[j]))
            return csat__fail(&m->base, CSAT_EINVAL, "coef[%zu] = %g is not finite", j, coef[j]);
        if (!(isfinite(std_err[j]) && std_err[j] >= 0.0))
            return csat__fail(&m->base, CSAT_EINVAL, "std_err[%zu] = %g is not finite and >= 0", j,
                              std_err[j]);
        if (robust_se && !(isfinite(robust_se[j]) && robust_se[j] >= 0.0))
            return csat__fail(&m->base, CSAT_EINVAL, "robust_se[%zu] = %g is not finite and >= 0",
                              j, robust_se[j]);
    }
    b = csat__malloc_array(&m->base.alloc, n_coef, 3 * sizeof *b);
    if (!b)
        return csat__fail(&m->base, CSAT_ENOMEM, "cox: out of memory");
    for (size_t j = 0; j < n_coef; j++) {
        b[j] = coef[j];
        b[n_coef + j] = std_err[j];
        b[2 * n_coef + j] = robust_se ? robust_se[j] : NAN;
    }
    csat__free(&m->base.alloc, m->coef);
    csat__free(&m->base.alloc, m->pred); /* a new fit: csat_cox_set_baseline gives its baseline */
    m->pred = NULL;
    m->coef = b;
    m->se = b + n_coef;
    m->rse = b + 2 * n_coef;
    m->p = n_coef;
    m->st = *stats;
    m->fitted = 1;
    csat__cox_drop(m); /* no data behind a model set by hand: csat_cox_set_data gives them */
    m->kept_off = 0;
    csat__clear_error(&m->base);
    return CSAT_OK;
}

/* ---- the data a fit keeps (issue 15, coxdata) ---- */

csat_status csat__cox_need_data(csat_cox *m, const char *fn)
{
    if (m->kept)
        return CSAT_OK;
    if (m->kept_off)
        return csat__fail(&m->base, CSAT_EMISUSE,
                          "%s: the fit was made with keep_data = 0 (csat_cox_options), so it kept "
                          "no data; refit with keep_data = 1 or give them with csat_cox_set_data", fn);
    return csat__fail(&m->base, CSAT_EMISUSE,
                      "%s: the model has no residual data (it was set by csat_cox_set_fit, as a "
                      "copy or a loaded model is); give it its fit's data with csat_cox_set_data, "
                      "or fit it on its data", fn);
}

csat_status csat_cox_data_get(const csat_cox *m, csat_cox_data *out)
{
    const cox_kept *k;
    if (!m || !out)
        return CSAT_EINVAL;
    if (!m->fitted || !m->kept)
        return CSAT_EMISUSE;
    k = m->kept;
    out->n_rows = k->n;
    out->n_cols = k->p;
    out->X = k->X;
    out->entry = k->entry;
    out->stop = k->stop;
    out->events = k->events;
    out->strata = k->strata;
    out->weights = k->w;
    out->cluster = k->cluster;
    out->ties = k->efron ? CSAT_COX_EFRON : CSAT_COX_BRESLOW;
    out->max_iter = k->max_iter;
    out->eps = k->eps;
    return CSAT_OK;
}

/* CSAT_OK, or CSAT_EDOM naming a stratum of the n codes without events. */
static csat_status strata_have_events(csat_cox *m, const uint64_t *strata, const double *events,
                                      size_t n)
{
    const csat_allocator *a = &m->base.alloc;
    size_t *o = csat__malloc_array(a, n, sizeof *o);
    csat_status st = o ? csat__order_u64(strata, n, o, a) : CSAT_ENOMEM;
    if (st != CSAT_OK) {
        csat__free(a, o);
        return csat__fail(&m->base, st, "cox: out of memory");
    }
    for (size_t k = 0; k < n;) {
        const size_t start = k;
        int any = 0;
        for (; k < n && strata[o[k]] == strata[o[start]]; k++)
            any |= events[o[k]] != 0.0;
        if (!any) {
            uint64_t code = strata[o[start]];
            csat__free(a, o);
            return csat__fail(&m->base, CSAT_EDOM, "stratum %" PRIu64 " has no events", code);
        }
    }
    csat__free(a, o);
    return CSAT_OK;
}

csat_status csat_cox_set_data(csat_cox *m, const csat_cox_data *d)
{
    size_t n_events = 0, n, p;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    if (!d)
        return csat__fail(&m->base, CSAT_EINVAL, "csat_cox_set_data: d is NULL");
    if (!m->fitted)
        return csat__fail(&m->base, CSAT_EMISUSE,
                          "csat_cox_set_data: no coefficients yet (csat_cox_set_fit or a fit first)");
    n = d->n_rows;
    p = d->n_cols;
    if (!csat__array_bytes_ok(n, p, sizeof(double)) || !csat__array_bytes_ok(n, p + 4, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL,
                          "d->n_rows = %zu x d->n_cols = %zu overflows the address space", n, p);
    if (p != m->p)
        return csat__fail(&m->base, CSAT_EINVAL, "d->n_cols = %zu but the model has n_coef = %zu",
                          p, m->p);
    if (n == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "d->n_rows = 0: no rows");
    if ((double)n != m->st.n)
        return csat__fail(&m->base, CSAT_EINVAL,
                          "the data have %zu rows but the model's stats say n = %g: not the data "
                          "of this fit", n, m->st.n);
    if (!d->X || !d->stop || !d->events)
        return csat__fail(&m->base, CSAT_EINVAL, "d->%s is NULL",
                          !d->X ? "X" : !d->stop ? "stop" : "events");
    if ((d->ties != CSAT_COX_EFRON && d->ties != CSAT_COX_BRESLOW) || d->max_iter == 0 ||
        !(d->eps > 0.0 && d->eps <= 1e-2))
        return csat__fail(&m->base, CSAT_EINVAL,
                          "d->ties = %d, d->max_iter = %zu, d->eps = %g: ties is CSAT_COX_EFRON "
                          "or CSAT_COX_BRESLOW, max_iter >= 1, eps in (0, 1e-2]",
                          (int)d->ties, d->max_iter, d->eps);
    if ((st = csat__cox_check_rows(m, d->X, n, p, d->entry, d->stop, d->events, d->weights,
                                   &n_events)) != CSAT_OK)
        return st;
    if ((double)n_events != m->st.n_events)
        return csat__fail(&m->base, CSAT_EINVAL,
                          "the data have %zu events but the model's stats say n_events = %g: not "
                          "the data of this fit", n_events, m->st.n_events);
    if (m->pred && (d->strata != NULL) != (m->pred->v.has_strata != 0))
        return csat__fail(&m->base, CSAT_EINVAL,
                          "d->strata is %s but the model's baseline %s strata",
                          d->strata ? "given" : "NULL", m->pred->v.has_strata ? "has" : "has no");
    if (d->strata && (st = strata_have_events(m, d->strata, d->events, n)) != CSAT_OK)
        return st;
    if (csat__cox_keep(m, d->X, n, p, d->entry, d->stop, d->events, d->strata, d->weights, n_events,
                       d->ties == CSAT_COX_EFRON, d->cluster, d->max_iter, d->eps) != CSAT_OK)
        return csat__fail(&m->base, CSAT_ENOMEM, "cox: out of memory");
    m->kept_off = 0;
    csat__clear_error(&m->base);
    return CSAT_OK;
}
