/*
 * PLS path modelling (issue 16): the nonparametric bootstrap. Each
 * resample's item correlation matrix is formed from the standardised data
 * weighted by how often each respondent was drawn, so no resampled copy of
 * the data is made; the algorithm then runs on it as in the fit.
 */
#include "survey/pls_internal.h"

#include "numerics/random.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t csat__pls_boot_offset(const csat__pls_spec *s, int what, size_t *len)
{
    size_t p = s->p, q = s->q;
    size_t lens[6] = {p, p, q * q, q * q, q, q};
    size_t off = 0;
    for (int k = 0; k < what; k++)
        off += lens[k];
    if (len)
        *len = lens[what];
    return off;
}

/* R[i][k] += c x_i x_k (k >= i) and mu += c x over the rows drawn: the
 * resample's raw cross-products (the data are standardised, so forming
 * the covariance from them loses no digits that matter). */
CSAT__CLONES static void cross_products(const double *X, const unsigned *cnt, size_t n, size_t p, double *mu,
                                        double *R)
{
    for (size_t r = 0; r < n; r++) {
        if (!cnt[r])
            continue;
        const double *x = X + r * p;
        double c = (double)cnt[r];
        for (size_t i = 0; i < p; i++) {
            double ci = c * x[i];
            double *Ri = R + i * p;
            mu[i] += ci;
            for (size_t k = i; k < p; k++)
                Ri[k] += ci * x[k];
        }
    }
}

int csat__pls_resample(const csat_pls *m, csat__rng *g, unsigned *cnt, double *mu, double *sdv, double *R)
{
    size_t n = m->n, p = m->spec.p;
    memset(cnt, 0, n * sizeof *cnt);
    for (size_t t = 0; t < n; t++) {
        size_t r = (size_t)((1.0 - csat__rng_unif(g)) * (double)n);
        cnt[r < n ? r : n - 1]++;
    }
    memset(mu, 0, p * sizeof *mu);
    memset(R, 0, p * p * sizeof *R);
    cross_products(m->X, cnt, n, p, mu, R);
    for (size_t i = 0; i < p; i++)
        mu[i] /= (double)n;
    for (size_t i = 0; i < p; i++)
        for (size_t k = i; k < p; k++)
            R[i * p + k] = (R[i * p + k] - (double)n * mu[i] * mu[k]) / (double)(n - 1);
    for (size_t i = 0; i < p; i++) {
        double v = R[i * p + i];
        if (!(v > 1e-12))
            return 0;
        sdv[i] = sqrt(v);
    }
    for (size_t i = 0; i < p; i++) {
        for (size_t k = i + 1; k < p; k++) {
            R[i * p + k] /= sdv[i] * sdv[k];
            R[k * p + i] = R[i * p + k];
        }
        R[i * p + i] = 1.0;
    }
    return 1;
}

size_t csat__pls_scratch_len(const csat__pls_spec *s, size_t extra)
{
    return 3 * s->p + s->p * s->p + csat__pls_est_len(s) + csat__pls_work_len(s) + extra;
}

void csat__pls_scratch_bind(csat__pls_scratch *t, const csat__pls_spec *s, double *mem, unsigned *cnt)
{
    const size_t p = s->p;
    double *estmem;
    t->cnt = cnt;
    t->mu = mem, t->sdv = t->mu + p, t->rawsd = t->sdv + p, t->R = t->rawsd + p;
    estmem = t->R + p * p;
    t->work = estmem + csat__pls_est_len(s);
    t->extra = t->work + csat__pls_work_len(s);
    csat__pls_est_bind(&t->e, s, estmem);
}

/* One bootstrap task (issue 18): resample `stream` of the seed into the
 * draw d (K doubles), with the worker's scratch; 1 if it gave a draw. The
 * draw depends on the stream alone, not on the thread that runs it. */
typedef struct boot_ctx {
    const csat_pls *m;
    const csat_scale *scale;
    uint64_t seed, stream0; /* the round's first stream */
    double *draws;          /* the round's first slot */
    unsigned char *ok;      /* per slot */
    double *buf;            /* per worker: scratch doubles */
    unsigned *cnt;          /* per worker: n counts */
    size_t scratch, K;
} boot_ctx;

static void boot_task(void *vctx, size_t worker, size_t i)
{
    const boot_ctx *cx = vctx;
    const csat_pls *m = cx->m;
    const csat__pls_spec *s = &m->spec;
    const size_t p = s->p, q = s->q;
    double *d = cx->draws + i * cx->K;
    csat__pls_scratch sc;
    csat__rng g;
    size_t it, where;
    double ch;
    int what, ok;
    csat__pls_scratch_bind(&sc, s, cx->buf + worker * cx->scratch, cx->cnt + worker * m->n);
    double *mu = sc.mu, *sdv = sc.sdv, *rawsd = sc.rawsd, *R = sc.R, *work = sc.work, *T = sc.extra;
    csat__pls_est e = sc.e;
    csat__rng_seed(&g, cx->seed, cx->stream0 + i);
    ok = csat__pls_resample(m, &g, sc.cnt, mu, sdv, R);
    ok = ok && csat__pls_run(s, R, m->scheme, m->tol, m->max_iter, &e, work, &it, &ch, &what, &where) == CSAT_OK;
    if (ok) { /* construct-level sign correction against the original weights */
        int any = 0;
        for (size_t j = 0; j < q; j++) {
            double dd = 0.0;
            for (size_t t = s->bstart[j]; t < s->bstart[j + 1]; t++)
                dd += e.w[s->bitem[t]] * m->est.w[s->bitem[t]];
            if (dd < 0) {
                any = 1;
                for (size_t t = s->bstart[j]; t < s->bstart[j + 1]; t++)
                    e.w[s->bitem[t]] = -e.w[s->bitem[t]];
            }
        }
        ok = !any || csat__pls_finish(s, R, &e, work, &where);
    }
    if (ok && cx->scale) {
        /* the resample's raw means and sds: mean + sd * mu, sd * sdv */
        for (size_t k = 0; k < p; k++) {
            mu[k] = m->mean[k] + m->sd[k] * mu[k];
            rawsd[k] = m->sd[k] * sdv[k];
        }
        ok = csat__pls_index_all(s, e.w, mu, rawsd, cx->scale, d + csat__pls_boot_offset(s, 5, NULL)) == CSAT_OK;
    }
    cx->ok[i] = (unsigned char)ok;
    if (!ok)
        return;
    for (size_t k = 0; k < p; k++) {
        d[k] = e.w[k];
        d[p + k] = e.RW[k * q + s->item_lv[k]];
    }
    memcpy(d + 2 * p, e.B, q * q * sizeof *d);
    csat__pls_total(e.B, q, d + 2 * p + q * q, T);
    memcpy(d + 2 * p + 2 * q * q, e.r2, q * sizeof *d);
    if (!cx->scale)
        for (size_t j = 0; j < q; j++)
            d[2 * p + 2 * q * q + q + j] = 0.0;
}

csat_status csat_pls_bootstrap(csat_pls *m, size_t n_boot, uint64_t seed, double level, const csat_scale *scale)
{
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    if (!m->fitted)
        return csat__fail(&m->base, CSAT_EMISUSE, "the model is not fitted");
    if (n_boot < 2)
        return csat__fail(&m->base, CSAT_EINVAL, "n_boot = %zu; at least 2 resamples are needed", n_boot);
    if (!(level > 0.0 && level < 1.0))
        return csat__fail(&m->base, CSAT_EINVAL, "level = %g is not in (0, 1)", level);
    if (scale && csat__scale_check(scale) != CSAT_OK)
        return csat__fail(&m->base, CSAT_EINVAL, "scale is not a valid scale (finite, min < max)");
    const csat__pls_spec *s = &m->spec;
    size_t q = s->q, K = csat__pls_boot_offset(s, 6, NULL) ;
    if (!csat__array_bytes_ok(n_boot, K, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL, "n_boot = %zu overflows the address space", n_boot);
    const csat_allocator *a = &m->base.alloc;
    const csat__par *par = csat__handle_par(m);
    /* per-worker scratch, allocated before the run (at most CSAT_MAX_THREADS workers) */
    size_t nw = csat__par_workers(par, n_boot);
    size_t scratch = csat__pls_scratch_len(s, 3 * q * q);
    double *draws = csat__malloc_array(a, n_boot, K * sizeof(double));
    double *buf = csat__malloc_array(a, scratch, nw * sizeof(double));
    unsigned *cnt = csat__malloc_array(a, m->n, nw * sizeof(unsigned));
    unsigned char *okv = csat__malloc_array(a, n_boot, 1);
    csat_status st = CSAT_OK;
    if (!draws || !buf || !cnt || !okv) {
        st = csat__fail(&m->base, CSAT_ENOMEM, "out of memory (%zu resamples)", n_boot);
        goto done;
    }
    /* Rounds: the streams still needed run as tasks, each into its own
     * slot; then, in stream order, the draws that worked are kept and the
     * failures counted, exactly as one stream after the other would. */
    boot_ctx cx = {m, scale, seed, 0, NULL, okv, buf, cnt, scratch, K};
    size_t b = 0, failed = 0;
    while (b < n_boot) {
        size_t need = n_boot - b, kept = b;
        cx.draws = draws + b * K;
        csat__par_run(par, need, boot_task, &cx);
        for (size_t i = 0; i < need; i++) {
            if (!okv[i]) {
                if (++failed > n_boot) {
                    st = csat__fail(&m->base, CSAT_EDOM,
                                    "more than %zu resamples failed (an item without variance, or no fit)", n_boot);
                    goto done;
                }
                continue;
            }
            if (kept != b + i)
                memmove(draws + kept * K, draws + (b + i) * K, K * sizeof *draws);
            kept++;
        }
        cx.stream0 += need;
        b = kept;
    }
    csat__free(a, m->boot);
    m->boot = draws;
    draws = NULL;
    m->n_boot = n_boot;
    m->boot_k = K;
    m->level = level;
    m->boot_index = scale != NULL;
done:
    csat__free(a, draws);
    csat__free(a, buf);
    csat__free(a, cnt);
    csat__free(a, okv);
    return st;
}

int csat__pls_cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

double csat__pls_quantile7(const double *v, size_t n, double pr)
{
    double h = (double)(n - 1) * pr;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

csat_status csat_pls_bootstrap_get(const csat_pls *m, csat_pls_estimate what, double *se, double *lower,
                                   double *upper, size_t n)
{
    if (!m || (int)what < 0 || (int)what > 5)
        return CSAT_EINVAL;
    if (!m->fitted || !m->boot || (what == CSAT_PLS_EST_INDEX && !m->boot_index))
        return CSAT_EMISUSE;
    size_t len, off = csat__pls_boot_offset(&m->spec, (int)what, &len);
    if (n != len)
        return CSAT_EINVAL;
    size_t B = m->n_boot;
    double *v = csat__malloc_array(&m->base.alloc, B, sizeof(double));
    if (!v)
        return CSAT_ENOMEM;
    for (size_t k = 0; k < len; k++) {
        double s = 0.0, ss = 0.0;
        for (size_t b = 0; b < B; b++) {
            v[b] = m->boot[b * m->boot_k + off + k];
            s += v[b];
        }
        double mean = s / (double)B;
        for (size_t b = 0; b < B; b++)
            ss += (v[b] - mean) * (v[b] - mean);
        if (se)
            se[k] = sqrt(ss / (double)(B - 1));
        if (lower || upper) {
            qsort(v, B, sizeof *v, csat__pls_cmp_double);
            if (lower)
                lower[k] = csat__pls_quantile7(v, B, (1.0 - m->level) / 2.0);
            if (upper)
                upper[k] = csat__pls_quantile7(v, B, (1.0 + m->level) / 2.0);
        }
    }
    csat__free(&m->base.alloc, v);
    return CSAT_OK;
}
