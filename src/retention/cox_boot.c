/*
 * Bootstrap intervals of a Cox model's survival predictions (issue 15 §4,
 * docs/theory/cox.rst, 20.8): parametric (coefficients drawn from N(b, V),
 * the baseline hazard recomputed from the fit's kept data at each draw)
 * and customer-resampling (rows or clusters drawn with replacement, the
 * model refitted). Each draw predicts through a scratch handle with the
 * caller's allocator; bounds are type-7 percentiles of the draws.
 */
#include "retention/cox_internal.h"
#include "core/sort.h"
#include "numerics/numerics.h"
#include "numerics/optim.h"
#include "numerics/random.h"

#include <math.h>
#include <string.h>

#define BOOT_MAX_DRAWS ((size_t)1000000)

/* What every draw predicts: the new rows and times. */
typedef struct boot_pred {
    const double *X;
    size_t n_rows, p;
    const uint64_t *strata;
    const double *times;
    size_t n_times;
    double horizon; /* rmst: the RMST to horizon, n_rows values a draw */
    int rmst;
} boot_pred;

/* One draw's prediction on the scratch handle t into draw *ok of out
 * (*ok counts the successes; a failure drops the draw): CSAT_ENOMEM or
 * CSAT_OK. */
static csat_status predict(csat_cox *t, const boot_pred *q, double *out, size_t *ok)
{
    double *o = out + *ok * q->n_rows * q->n_times;
    csat_status st = q->rmst ? csat_cox_predict_rmst(t, q->X, q->n_rows, q->p, q->strata,
                                                     q->horizon, o)
                             : csat_cox_predict_survival(t, q->X, q->n_rows, q->p, q->strata,
                                                         q->times, q->n_times, 0.5,
                                                         CSAT_COX_CONF_LOG, o, NULL, NULL, NULL);
    *ok += st == CSAT_OK;
    return st == CSAT_ENOMEM ? st : CSAT_OK;
}

/* A uniform index in [0, n), n >= 1: from u in (0, 1], ceil(u n) - 1. */
static size_t draw_index(csat__rng *g, size_t n)
{
    double v = ceil(csat__rng_unif(g) * (double)n) - 1.0;
    size_t i = v <= 0.0 ? 0 : (size_t)v;
    return i < n ? i : n - 1;
}

static csat_status draws_parametric(csat_cox *m, csat_cox *t, const boot_pred *q, size_t n_draws,
                                    uint64_t seed, double *out, size_t *n_ok)
{
    const csat_allocator *a = &m->base.alloc;
    const cox_kept *k = m->kept;
    const size_t n = k->n, p = k->p;
    const double *V = m->pred->v.var;
    cox_data d;
    uint64_t empty = 0;
    double *cols = csat__malloc_array(a, n, (p + 7) * sizeof *cols);
    size_t *idx = csat__malloc_array(a, 3 * n + 1, sizeof *idx);
    double *L = csat__malloc_array(a, p, (p + 2) * sizeof *L);
    csat_status st = CSAT_ENOMEM;
    size_t ok = 0;
    if (!cols || !idx || !L)
        goto done;
    if (!csat__cholesky(V, p, L)) {
        st = csat__fail(&m->base, CSAT_EDOM,
                        "the coefficients' variance is not positive definite: no parametric draws");
        goto done;
    }
    memset(&d, 0, sizeof d);
    d.n = n;
    d.p = p;
    d.n_events = k->n_events;
    d.efron = k->efron;
    csat__cox_layout(&d, cols, idx, k->entry != NULL);
    d.w = k->w;
    d.X = k->X;
    if ((st = csat__cox_build(&d, k->X, k->entry, k->stop, k->events, k->strata, k->w, a,
                              &empty)) != CSAT_OK)
        goto done; /* the fit's own data: only CSAT_ENOMEM */
    for (size_t r = 0; r < n_draws; r++) {
        double *z = L + p * p, *b = z + p;
        cox_base *base = NULL;
        csat__rng g;
        csat__rng_seed(&g, seed, (uint64_t)r);
        for (size_t j = 0; j < p; j++)
            z[j] = csat__rng_normal(&g);
        for (size_t i = 0; i < p; i++) {
            double s = m->coef[i];
            for (size_t j = 0; j <= i; j++)
                s += L[i * p + j] * z[j];
            b[i] = s;
        }
        if ((st = csat__cox_baseline_build(&d, k->strata, b, V, &base, a)) != CSAT_OK)
            goto done;
        if (!base)
            continue; /* the baseline overflows at this draw: dropped */
        st = csat_cox_set_fit(t, b, m->se, NULL, p, &m->st);
        if (st != CSAT_OK) {
            csat__free(a, base);
            if (st == CSAT_ENOMEM)
                goto done;
            continue;
        }
        csat__free(a, t->pred);
        t->pred = base;
        if ((st = predict(t, q, out, &ok)) != CSAT_OK)
            goto done;
    }
    st = CSAT_OK;
done:
    csat__free(a, cols);
    csat__free(a, idx);
    csat__free(a, L);
    *n_ok = ok;
    return st;
}

/* The rows of the fit in units: unit u is rows ord[start[u]..start[u+1])
 * (one row per unit without clusters). */
typedef struct boot_units {
    size_t n_units, *ord, *start;
} boot_units;

static csat_status make_units(const cox_kept *k, boot_units *u, const csat_allocator *a)
{
    const size_t n = k->n;
    csat_status st;
    u->ord = csat__malloc_array(a, n, sizeof *u->ord);
    u->start = csat__malloc_array(a, n + 1, sizeof *u->start);
    if (!u->ord || !u->start)
        return CSAT_ENOMEM;
    if (!k->cluster) {
        for (size_t i = 0; i <= n; i++) {
            if (i < n)
                u->ord[i] = i;
            u->start[i] = i;
        }
        u->n_units = n;
        return CSAT_OK;
    }
    if ((st = csat__order_u64(k->cluster, n, u->ord, a)) != CSAT_OK)
        return st;
    u->n_units = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || k->cluster[u->ord[i]] != k->cluster[u->ord[i - 1]])
            u->start[u->n_units++] = i;
    u->start[u->n_units] = n;
    return CSAT_OK;
}

static csat_status draws_resample(csat_cox *m, csat_cox *t, const boot_pred *q, size_t n_draws,
                                  uint64_t seed, double *out, size_t *n_ok)
{
    const csat_allocator *a = &m->base.alloc;
    const cox_kept *k = m->kept;
    const size_t p = k->p;
    csat_cox_options o = CSAT_COX_OPTIONS_INIT;
    boot_units u = {0, NULL, NULL};
    size_t *pick = NULL, ok = 0;
    csat_status st;
    o.ties = k->efron ? CSAT_COX_EFRON : CSAT_COX_BRESLOW;
    o.robust = 0;
    o.max_iter = k->max_iter;
    o.eps = k->eps;
    o.keep_data = 0; /* a refit only predicts: no copy of its resample */
    if ((st = make_units(k, &u, a)) != CSAT_OK)
        goto done;
    st = CSAT_ENOMEM;
    if (!(pick = csat__malloc_array(a, u.n_units, sizeof *pick)))
        goto done;
    for (size_t r = 0; r < n_draws; r++) {
        size_t rows = 0, at = 0;
        double *blk;
        uint64_t *sblk = NULL;
        csat__rng g;
        csat__rng_seed(&g, seed, (uint64_t)r);
        for (size_t i = 0; i < u.n_units; i++) {
            pick[i] = draw_index(&g, u.n_units);
            rows += u.start[pick[i] + 1] - u.start[pick[i]];
        }
        /* rows <= n_units * (largest unit) could pass n with clusters */
        if (!csat__array_bytes_ok(rows, p + 4, sizeof(double))) {
            st = csat__fail(&m->base, CSAT_EINVAL, "a resample of %zu rows overflows", rows);
            goto done;
        }
        blk = csat__malloc_array(a, rows, (p + 4) * sizeof *blk);
        sblk = blk && k->strata ? csat__malloc_array(a, rows, sizeof *sblk) : NULL;
        if (!blk || (k->strata && !sblk)) {
            csat__free(a, blk);
            st = CSAT_ENOMEM;
            goto done;
        }
        {
            double *X = blk, *stop = X + rows * p, *ev = stop + rows, *en = ev + rows,
                   *w = en + rows;
            for (size_t i = 0; i < u.n_units; i++)
                for (size_t s = u.start[pick[i]]; s < u.start[pick[i] + 1]; s++, at++) {
                    const size_t row = u.ord[s];
                    memcpy(X + at * p, k->X + row * p, p * sizeof *X);
                    stop[at] = k->stop[row];
                    ev[at] = k->events[row];
                    en[at] = k->entry ? k->entry[row] : 0.0;
                    w[at] = k->w ? k->w[row] : 1.0;
                    if (sblk)
                        sblk[at] = k->strata[row];
                }
            st = csat_cox_fit(t, X, rows, p, k->entry ? en : NULL, stop, ev, sblk, k->w ? w : NULL,
                              NULL, &o, NULL);
        }
        csat__free(a, blk);
        csat__free(a, sblk);
        if (st == CSAT_ENOMEM)
            goto done;
        if (st != CSAT_OK)
            continue; /* a failed refit: dropped and counted */
        if ((st = predict(t, q, out, &ok)) != CSAT_OK)
            goto done;
    }
    st = CSAT_OK;
done:
    csat__free(a, u.ord);
    csat__free(a, u.start);
    csat__free(a, pick);
    *n_ok = ok;
    return st;
}

/* Both public functions: q's prediction (its n_times is 1 for rmst). */
static csat_status boot(csat_cox *m, boot_pred *q, size_t n_cols, double level,
                        csat_cox_boot_method method, size_t n_draws, uint64_t seed, double *lower,
                        double *upper, size_t *n_failed)
{
    const csat_allocator *a;
    const size_t n_rows = q->n_rows, n_times = q->n_times;
    size_t nrt, total, ok = 0;
    double *buf = NULL, *col = NULL;
    csat_cox *t = NULL;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    a = &m->base.alloc;
    if (method != CSAT_COX_BOOT_PARAMETRIC && method != CSAT_COX_BOOT_RESAMPLE)
        return csat__fail(&m->base, CSAT_EINVAL,
                          "method %d: CSAT_COX_BOOT_PARAMETRIC or CSAT_COX_BOOT_RESAMPLE",
                          (int)method);
    if (n_draws < 2 || n_draws > BOOT_MAX_DRAWS)
        return csat__fail(&m->base, CSAT_EINVAL, "n_draws = %zu: 2 to %zu", n_draws,
                          BOOT_MAX_DRAWS);
    if (!lower || !upper)
        return csat__fail(&m->base, CSAT_EINVAL, "%s is NULL", !lower ? "lower" : "upper");
    if (!(level > 0.0 && level < 1.0))
        return csat__fail(&m->base, CSAT_EINVAL, "level = %g is not in (0, 1)", level);
    if (!m->fitted)
        return csat__fail(&m->base, CSAT_EMISUSE, "not fitted");
    if (n_rows == 0 || n_times == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "%s = 0", n_rows == 0 ? "n_rows" : "n_times");
    if (!csat__array_bytes_ok(n_rows, n_cols, sizeof(double)) ||
        csat__mul_overflow(n_rows, n_times, &nrt) || csat__mul_overflow(nrt, n_draws + 1, &total) ||
        !csat__array_bytes_ok(total, 1, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL,
                          "n_rows = %zu x n_cols = %zu, n_times = %zu, n_draws = %zu: the arrays "
                          "overflow the address space",
                          n_rows, n_cols, n_times, n_draws);
    if (!(buf = csat__malloc_array(a, total, sizeof *buf)))
        return csat__fail(&m->base, CSAT_ENOMEM, "cox bootstrap: out of memory");
    /* the point prediction checks every argument (its message on m) */
    st = q->rmst ? csat_cox_predict_rmst(m, q->X, n_rows, n_cols, q->strata, q->horizon, buf)
                 : csat_cox_predict_survival(m, q->X, n_rows, n_cols, q->strata, q->times, n_times,
                                             level, CSAT_COX_CONF_LOG, buf, NULL, NULL, NULL);
    if (st != CSAT_OK)
        goto done;
    if (!m->kept) { /* the bootstrap needs the fit's data */
        st = csat__cox_need_data(m, q->rmst ? "csat_cox_boot_rmst" : "csat_cox_boot_survival");
        goto done;
    }
    if ((st = csat_cox_new(&t, a)) != CSAT_OK)
        goto done;
    st = method == CSAT_COX_BOOT_PARAMETRIC ? draws_parametric(m, t, q, n_draws, seed, buf, &ok)
                                            : draws_resample(m, t, q, n_draws, seed, buf, &ok);
    if (st != CSAT_OK)
        goto done;
    if (ok < 2) {
        st = csat__fail(&m->base, CSAT_EDOM, "%zu of %zu draws failed: no bounds", n_draws - ok,
                        n_draws);
        goto done;
    }
    if (!(col = csat__malloc_array(a, ok, sizeof *col))) {
        st = CSAT_ENOMEM;
        goto done;
    }
    for (size_t c = 0; c < nrt; c++) {
        for (size_t r = 0; r < ok; r++)
            col[r] = buf[r * nrt + c];
        csat__percentile_interval(col, ok, level, &lower[c], &upper[c]);
    }
    if (n_failed)
        *n_failed = n_draws - ok;
    csat__clear_error(&m->base);
done:
    csat_cox_free(t);
    csat__free(a, buf);
    csat__free(a, col);
    if (st == CSAT_ENOMEM)
        return csat__fail(&m->base, st, "cox bootstrap: out of memory");
    return st;
}

csat_status csat_cox_boot_survival(csat_cox *m, const double *X, size_t n_rows, size_t n_cols,
                                   const uint64_t *strata, const double *times, size_t n_times,
                                   double level, csat_cox_boot_method method, size_t n_draws,
                                   uint64_t seed, double *lower, double *upper, size_t *n_failed)
{
    boot_pred q = {X, n_rows, n_cols, strata, times, n_times, 0.0, 0};
    return boot(m, &q, n_cols, level, method, n_draws, seed, lower, upper, n_failed);
}

csat_status csat_cox_boot_rmst(csat_cox *m, const double *X, size_t n_rows, size_t n_cols,
                               const uint64_t *strata, double horizon, double level,
                               csat_cox_boot_method method, size_t n_draws, uint64_t seed,
                               double *lower, double *upper, size_t *n_failed)
{
    boot_pred q = {X, n_rows, n_cols, strata, NULL, 1, horizon, 1};
    return boot(m, &q, n_cols, level, method, n_draws, seed, lower, upper, n_failed);
}
