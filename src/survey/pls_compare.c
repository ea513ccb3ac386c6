/*
 * PLS path modelling (issue 16): the two-sample test of a latent
 * variable's 0-100 index, by the bootstrap (csat_pls_index_compare), in the
 * csat_comparison shape of the other two-sample tests (compare.c).
 * docs/theory/pls.rst, 22.9.
 */
#include "survey/pls_internal.h"

#include "numerics/numerics.h"
#include "numerics/random.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Index of LV lv in one resample of m drawn from g; NaN when an item has
 * no variance in it, the algorithm fails or the block's unstandardised
 * weights sum to 0. */
static double boot_index(const csat_pls *m, csat__rng *g, size_t lv, const csat_scale *sc, csat__pls_scratch *t)
{
    const csat__pls_spec *s = &m->spec;
    size_t it, where, p = s->p;
    double ch;
    int what;
    if (!csat__pls_resample(m, g, t->cnt, t->mu, t->sdv, t->R))
        return NAN;
    if (csat__pls_run(s, t->R, m->scheme, m->tol, m->max_iter, &t->e, t->work, &it, &ch, &what, &where) != CSAT_OK)
        return NAN;
    for (size_t i = 0; i < p; i++) {
        t->mu[i] = m->mean[i] + m->sd[i] * t->mu[i];
        t->rawsd[i] = m->sd[i] * t->sdv[i];
    }
    if (csat__pls_index_all(s, t->e.w, t->mu, t->rawsd, sc, t->extra) != CSAT_OK)
        return NAN;
    return t->extra[lv];
}

typedef struct cmp_ctx {
    const csat_pls *m1, *m2;
    size_t lv;
    const csat_scale *scale;
    uint64_t seed;
    double *d;
    double *buf;   /* per worker: len doubles */
    unsigned *cnt; /* per worker: nmax counts */
    size_t len, nmax;
} cmp_ctx;

/* Replicate b into d[b] with the worker's scratch. */
static void cmp_task(void *vctx, size_t worker, size_t b)
{
    const cmp_ctx *cx = vctx;
    csat__pls_scratch t;
    csat__rng g;
    double x1, x2;
    csat__pls_scratch_bind(&t, &cx->m1->spec, cx->buf + worker * cx->len, cx->cnt + worker * cx->nmax);
    csat__rng_seed(&g, cx->seed, (uint64_t)b);
    x1 = boot_index(cx->m1, &g, cx->lv, cx->scale, &t);
    x2 = isnan(x1) ? NAN : boot_index(cx->m2, &g, cx->lv, cx->scale, &t);
    cx->d[b] = x1 - x2;
}

/* The two handles hold fits of one specification with the same scheme. */
static csat_status check_models(const csat_pls *m1, const csat_pls *m2, csat_error *err)
{
    if (!m1)
        return csat__err_null(err, "m1");
    if (!m2)
        return csat__err_null(err, "m2");
    if (!m1->fitted)
        return csat__err(err, CSAT_EMISUSE, "m1", CSAT_NO_ROW, "m1 is not fitted");
    if (!m2->fitted)
        return csat__err(err, CSAT_EMISUSE, "m2", CSAT_NO_ROW, "m2 is not fitted");
    const csat__pls_spec *a = &m1->spec, *b = &m2->spec;
    if (a->p != b->p || a->q != b->q || memcmp(a->item_lv, b->item_lv, a->p * sizeof *a->item_lv) != 0 ||
        memcmp(a->adj, b->adj, a->q * a->q) != 0 || memcmp(a->mode, b->mode, a->q) != 0)
        return csat__err(err, CSAT_EINVAL, "m2", CSAT_NO_ROW,
                         "m2 is not the same model as m1 (items, blocks, paths and modes must agree)");
    if (m1->scheme != m2->scheme)
        return csat__err(err, CSAT_EINVAL, "m2", CSAT_NO_ROW,
                         "m2 was fitted with another inner weighting scheme than m1");
    return CSAT_OK;
}

csat_status csat_pls_index_compare(const csat_pls *m1, const csat_pls *m2, size_t lv, const csat_scale *scale,
                                   size_t n_boot, uint64_t seed, double level, double *draws,
                                   csat_comparison *out, csat_error *err)
{
    csat__err_clear(err);
    csat_status st = check_models(m1, m2, err);
    if (st != CSAT_OK)
        return st;
    if (!scale)
        return csat__err_null(err, "scale");
    if (!draws)
        return csat__err_null(err, "draws");
    if (!out)
        return csat__err_null(err, "out");
    const csat__pls_spec *s = &m1->spec;
    size_t q = s->q;
    if (lv >= q)
        return csat__err(err, CSAT_EINVAL, "lv", CSAT_NO_ROW, "lv = %zu is not below n_lv = %zu", lv, q);
    if (csat__scale_check(scale) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "scale", CSAT_NO_ROW, "scale is not a valid scale (finite, min < max)");
    if (!csat__array_bytes_ok(n_boot, 1, sizeof *draws))
        return csat__err_size(err, "n_boot", n_boot);
    if (n_boot < 2)
        return csat__err(err, CSAT_EINVAL, "n_boot", CSAT_NO_ROW, "n_boot = %zu is below 2", n_boot);
    if (!(isfinite(level) && level > 0.0 && level < 1.0))
        return csat__err(err, CSAT_EINVAL, "level", CSAT_NO_ROW, "level = %g is not in (0, 1)", level);

    const csat_allocator *a = &m1->base.alloc;
    const csat__par *par = csat__handle_par(m1); /* m1's threads (issue 18) */
    size_t nmax = m1->n > m2->n ? m1->n : m2->n, nw = csat__par_workers(par, n_boot);
    size_t len = csat__pls_scratch_len(s, q);
    /* per-worker scratch, allocated before the run */
    double *buf = csat__malloc_array(a, len, nw * sizeof(double));
    double *d = csat__malloc_array(a, n_boot, sizeof(double));
    unsigned *cnt = csat__malloc_array(a, nmax, nw * sizeof(unsigned));
    csat__pls_scratch t;
    if (!buf || !d || !cnt) {
        st = csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "out of memory (%zu replicates)", n_boot);
        goto done;
    }
    csat__pls_scratch_bind(&t, s, buf, cnt);

    /* each sample's own index */
    double e1, e2;
    if (csat__pls_index_all(s, m1->est.w, m1->mean, m1->sd, scale, t.extra) != CSAT_OK) {
        st = csat__err(err, CSAT_EDOM, "m1", CSAT_NO_ROW, "m1: a block's unstandardised weights sum to 0");
        goto done;
    }
    e1 = t.extra[lv];
    if (csat__pls_index_all(s, m2->est.w, m2->mean, m2->sd, scale, t.extra) != CSAT_OK) {
        st = csat__err(err, CSAT_EDOM, "m2", CSAT_NO_ROW, "m2: a block's unstandardised weights sum to 0");
        goto done;
    }
    e2 = t.extra[lv];

    /* replicate b: n1 draws for sample 1, then n2 for sample 2, from stream
     * b, a task writing d[b] (NaN when it failed), whichever thread runs it */
    size_t kept = 0;
    double sum = 0.0, lo = INFINITY, hi = -INFINITY;
    {
        cmp_ctx cx = {m1, m2, lv, scale, seed, d, buf, cnt, len, nmax};
        csat__par_run(par, n_boot, cmp_task, &cx);
    }
    for (size_t b = 0; b < n_boot; b++) {
        double x = d[b];
        if (!isfinite(x))
            continue;
        d[kept++] = x;
        sum += x;
        lo = fmin(lo, x);
        hi = fmax(hi, x);
    }
    if (kept < 2) {
        st = csat__err(err, CSAT_EDOM, "n_boot", CSAT_NO_ROW,
                       "%zu of n_boot = %zu replicates kept (the others left an item without variance "
                       "or could not be fitted)", kept, n_boot);
        goto done;
    }
    if (!(hi > lo)) {
        st = csat__err(err, CSAT_EDOM, NULL, CSAT_NO_ROW,
                       "every replicate gives the same difference: the bootstrap SE is 0");
        goto done;
    }
    double mean = sum / (double)kept, ss = 0.0;
    for (size_t k = 0; k < kept; k++)
        ss += (d[k] - mean) * (d[k] - mean);
    qsort(d, kept, sizeof *d, csat__pls_cmp_double);
    csat_comparison r;
    memset(&r, 0, sizeof r);
    r.level = level;
    r.estimate1 = e1;
    r.estimate2 = e2;
    r.difference = e1 - e2;
    r.se = sqrt(ss / (double)(kept - 1));
    r.lower = csat__pls_quantile7(d, kept, 0.5 - 0.5 * level);
    r.upper = csat__pls_quantile7(d, kept, 0.5 + 0.5 * level);
    r.statistic = r.difference / r.se;
    r.p_value = fmin(1.0, 2.0 * csat__norm_sf(fabs(r.statistic)));
    memcpy(draws, d, kept * sizeof *d);
    for (size_t k = kept; k < n_boot; k++)
        draws[k] = NAN;
    *out = r;
done:
    csat__free(a, buf);
    csat__free(a, d);
    csat__free(a, cnt);
    return st;
}
