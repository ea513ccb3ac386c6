/*
 * The proportional-hazards test of a Cox fit on its scaled Schoenfeld
 * residuals, as R's survival::cox.zph (survival >= 3.0: the score test of
 * adding x_j g(t) to the model at the fitted coefficients, per covariate
 * and global; docs/theory/cox.rst, 20.6). The fit keeps a copy of its
 * input (csat__cox_keep) so that the test needs only the handle.
 */
#include "retention/cox_internal.h"
#include "core/sort.h"
#include "numerics/numerics.h"
#include "numerics/optim.h"

#include <math.h>
#include <string.h>

void csat__cox_drop(csat_cox *m)
{
    cox_kept *k = m->kept;
    if (!k)
        return;
    csat__free(&m->base.alloc, k->X);
    csat__free(&m->base.alloc, k->strata);
    csat__free(&m->base.alloc, k->cluster);
    csat__free(&m->base.alloc, k);
    m->kept = NULL;
}

csat_status csat__cox_keep(csat_cox *m, const double *X, size_t n, size_t p, const double *entry,
                           const double *stop, const double *events, const uint64_t *strata,
                           const double *weights, size_t n_events, int efron,
                           const uint64_t *cluster, size_t max_iter, double eps)
{
    const csat_allocator *a = &m->base.alloc;
    size_t cols = p + 2 + (entry != NULL) + (weights != NULL);
    cox_kept *k = csat__calloc_array(a, 1, sizeof *k);
    double *blk = k ? csat__malloc_array(a, n, cols * sizeof *blk) : NULL;
    uint64_t *s = blk && strata ? csat__malloc_array(a, n, sizeof *s) : NULL;
    uint64_t *cl = blk && cluster ? csat__malloc_array(a, n, sizeof *cl) : NULL;
    if (!k || !blk || (strata && !s) || (cluster && !cl)) {
        csat__free(a, k);
        csat__free(a, blk);
        csat__free(a, s);
        csat__free(a, cl);
        return CSAT_ENOMEM;
    }
    k->X = blk;
    k->stop = blk + n * p;
    k->events = k->stop + n;
    k->entry = entry ? k->events + n : NULL;
    k->w = weights ? k->events + n * (1 + (entry != NULL)) : NULL;
    memcpy(k->X, X, n * p * sizeof *X);
    memcpy(k->stop, stop, n * sizeof *stop);
    memcpy(k->events, events, n * sizeof *events);
    if (entry)
        memcpy(k->entry, entry, n * sizeof *entry);
    if (weights)
        memcpy(k->w, weights, n * sizeof *weights);
    if (strata)
        memcpy(s, strata, n * sizeof *s);
    k->strata = s;
    if (cluster)
        memcpy(cl, cluster, n * sizeof *cl);
    k->cluster = cl;
    k->max_iter = max_iter;
    k->eps = eps;
    k->n = n;
    k->p = p;
    k->n_events = n_events;
    k->efron = efron;
    csat__cox_drop(m);
    m->kept = k;
    return CSAT_OK;
}

/* First index in sorted x[0..n) with x >= t (lower bound), or > t (upper). */
static size_t bound(const double *x, size_t n, double t, int upper)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x[mid] < t || (upper && x[mid] == t))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Sorted copy of x (n) into out; CSAT_ENOMEM only. */
static csat_status sorted(const double *x, size_t n, double *out, size_t *tmp,
                          const csat_allocator *a)
{
    csat_status st = csat__order_doubles(x, n, tmp, a);
    if (st == CSAT_OK)
        for (size_t i = 0; i < n; i++)
            out[i] = x[tmp[i]];
    return st;
}

/* The transformed time g(t) of each event (te, ne values) into tt: t,
 * log t, the rank of t among all n stop times (ties averaged, as R's
 * rank), or 1 - S(t-) of the Kaplan-Meier estimate of all rows (no strata,
 * no weights; at risk entry < t <= stop), as cox.zph. CSAT_EDOM: log of a
 * time <= 0. */
static csat_status transform_times(const cox_kept *k, int transform, const double *te, size_t ne,
                                   double *tt, const csat_allocator *a)
{
    const size_t n = k->n;
    size_t *o = csat__malloc_array(a, n, sizeof *o);
    double *sv = csat__malloc_array(a, n, 2 * sizeof *sv), *se = sv ? sv + n : NULL;
    csat_status st = CSAT_ENOMEM;
    if (!o || !sv)
        goto done;
    st = CSAT_OK;
    if (transform == CSAT_COX_ZPH_IDENTITY || transform == CSAT_COX_ZPH_LOG) {
        for (size_t i = 0; i < ne; i++) {
            if (transform == CSAT_COX_ZPH_LOG && !(te[i] > 0.0)) {
                st = CSAT_EDOM;
                goto done;
            }
            tt[i] = transform == CSAT_COX_ZPH_LOG ? log(te[i]) : te[i];
        }
        goto done;
    }
    if ((st = sorted(k->stop, n, sv, o, a)) != CSAT_OK)
        goto done;
    if (k->entry && (st = sorted(k->entry, n, se, o, a)) != CSAT_OK)
        goto done;
    if ((st = csat__order_doubles(te, ne, o, a)) != CSAT_OK)
        goto done;
    {
        double S = 1.0;
        for (size_t g = 0; g < ne;) {
            double t = te[o[g]], v;
            size_t h = g;
            while (h < ne && te[o[h]] == t)
                h++;
            if (transform == CSAT_COX_ZPH_RANK) {
                size_t lo = bound(sv, n, t, 0), hi = bound(sv, n, t, 1);
                v = (double)lo + (double)(hi - lo + 1) / 2.0;
            } else {
                size_t at_risk = n - bound(sv, n, t, 0);
                if (k->entry)
                    at_risk -= n - bound(se, n, t, 0);
                v = 1.0 - S;
                S *= 1.0 - (double)(h - g) / (double)at_risk;
            }
            for (; g < h; g++)
                tt[o[g]] = v;
        }
    }
done:
    csat__free(a, o);
    csat__free(a, sv);
    return st;
}

/* The work of one test. */
typedef struct zph {
    cox_data d;
    size_t ne;        /* events */
    size_t *pos;      /* ord position of each event (ord's order) */
    double *g;        /* centred transformed time of each event */
    double *tt;       /* transformed time (not centred) */
    double *sch;      /* Schoenfeld residuals, ne x p */
    double *u2;       /* score of the x g(t) terms, p */
    double *imat;     /* information of (x, x g(t)), 2p x 2p */
    size_t *used;     /* per stratum and covariate: the stratum's events, 0 where x is constant */
} zph;

/* Risk-set sums by stratum, time descending: score u2, information imat,
 * Schoenfeld residuals. S (p + p*p) and E (the same for the deaths) are
 * scratch; evi maps ord positions to events (SIZE_MAX for none). */
static void zph_pass(zph *z, const size_t *evi, double *work)
{
    cox_data *d = &z->d;
    const size_t p = d->p, P = 2 * p;
    double *S1 = work, *S2 = S1 + p, *E1 = S2 + p * p, *E2 = E1 + p, *xb = E2 + p * p,
           *xm = xb + p;
    memset(z->u2, 0, p * sizeof *z->u2);
    memset(z->imat, 0, P * P * sizeof *z->imat);
    for (size_t s = 0; s < d->n_strata; s++) {
        size_t lo = d->blk[s], k = d->blk[s + 1], q = k;
        double S0 = 0.0;
        memset(S1, 0, (p + p * p) * sizeof *S1);
        while (k > lo) {
            double t = d->t[k - 1], E0 = 0.0, dw = 0.0, gt = 0.0;
            size_t nd = 0, first = k, last = k, m;
            memset(E1, 0, (p + p * p) * sizeof *E1);
            while (first > lo && d->t[first - 1] == t)
                first--;
            for (size_t i = first; i < k; i++) {
                const double *x = d->xc + i * p;
                double r = d->risk[i];
                int dead = d->ev[i] != 0.0;
                S0 += r;
                if (dead) {
                    nd++;
                    E0 += r;
                    dw += d->wt[i];
                    gt = z->g[evi[i]];
                }
                for (size_t j = 0; j < p; j++) {
                    S1[j] += r * x[j];
                    if (dead)
                        E1[j] += r * x[j];
                    for (size_t l = 0; l <= j; l++) {
                        S2[j * p + l] += r * x[j] * x[l];
                        if (dead)
                            E2[j * p + l] += r * x[j] * x[l];
                    }
                }
            }
            k = first;
            if (nd == 0)
                continue;
            if (d->t0)
                while (q > lo && d->t0[d->rem[q - 1]] >= t) {
                    size_t i = d->rem[--q];
                    const double *x = d->xc + i * p;
                    double r = d->risk[i];
                    S0 -= r;
                    for (size_t j = 0; j < p; j++) {
                        S1[j] -= r * x[j];
                        for (size_t l = 0; l <= j; l++)
                            S2[j * p + l] -= r * x[j] * x[l];
                    }
                }
            /* Efron: the deaths weigh 1, (m-1)/m, ..., 1/m in the m sums */
            m = d->efron && nd > 1 ? nd : 1;
            memset(xm, 0, p * sizeof *xm);
            for (size_t kk = 0; kk < m; kk++) {
                double f = (double)kk / (double)m, den = S0 - f * E0, h = dw / (double)m;
                for (size_t j = 0; j < p; j++) {
                    xb[j] = (S1[j] - f * E1[j]) / den;
                    xm[j] += xb[j] / (double)m;
                    z->u2[j] -= gt * h * xb[j];
                }
                for (size_t j = 0; j < p; j++)
                    for (size_t l = 0; l <= j; l++) {
                        double c = h * ((S2[j * p + l] - f * E2[j * p + l]) / den - xb[j] * xb[l]);
                        z->imat[j * P + l] += c;
                        z->imat[j * P + p + l] += gt * c;
                        z->imat[(p + j) * P + p + l] += gt * gt * c;
                    }
            }
            /* the deaths: score and Schoenfeld residuals */
            for (size_t i = first; i < last; i++) {
                size_t e = evi[i];
                if (d->ev[i] == 0.0)
                    continue;
                for (size_t j = 0; j < p; j++) {
                    z->u2[j] += gt * d->wt[i] * d->xc[i * p + j];
                    z->sch[e * p + j] = d->xc[i * p + j] - xm[j];
                }
            }
        }
    }
    /* symmetric: the lower triangles of the three blocks were summed */
    for (size_t j = 0; j < p; j++)
        for (size_t l = 0; l <= j; l++) {
            double a11 = z->imat[j * P + l], a22 = z->imat[(p + j) * P + p + l];
            double a12 = z->imat[j * P + p + l];
            z->imat[l * P + j] = a11;
            z->imat[(p + l) * P + p + j] = a22;
            z->imat[j * P + p + l] = z->imat[l * P + p + j] = a12;
            z->imat[(p + j) * P + l] = z->imat[(p + l) * P + j] = a12;
        }
}

static void zph_free(zph *z, const csat_allocator *a)
{
    csat__free(a, z->d.xc);
    csat__free(a, z->d.ord);
    csat__free(a, z->pos);
    csat__free(a, z->tt);
    csat__free(a, z->used);
}

/* Everything of one test at m's coefficients (z zeroed by the caller;
 * zph_free after, also on failure). CSAT_ENOMEM, or CSAT_EDOM for the log
 * of a time <= 0. */
static csat_status zph_run(const csat_cox *m, int transform, zph *z)
{
    const csat_allocator *a = &m->base.alloc;
    const cox_kept *k = m->kept;
    const size_t n = k->n, p = k->p, ne = k->n_events;
    cox_data *d = &z->d;
    size_t *evi;
    double *te, *work, gbar = 0.0;
    uint64_t empty = 0;
    csat_status st;
    d->n = n;
    d->p = p;
    d->n_events = ne;
    d->efron = k->efron;
    d->xc = csat__malloc_array(a, n, (p + 6) * sizeof *d->xc);
    d->ord = csat__malloc_array(a, 4 * n + 1, sizeof *d->ord);
    z->pos = csat__malloc_array(a, ne, sizeof *z->pos);
    /* tt, g, te (ne each), sch (ne p), u2 (p), imat (4 p p), work (4 p + 2 p p) */
    z->tt = csat__malloc_array(a, ne * (3 + p) + 5 * p + 6 * p * p, sizeof *z->tt);
    if (!d->xc || !d->ord || !z->pos || !z->tt)
        return CSAT_ENOMEM;
    d->t = d->xc + n * p;
    d->ev = d->t + n;
    d->wt = d->ev + n;
    d->eta = d->wt + n;
    d->risk = d->eta + n;
    d->t0 = k->entry ? d->risk + n : NULL;
    d->rem = d->ord + n;
    d->blk = d->rem + n;
    evi = d->blk + n + 1;
    z->g = z->tt + ne;
    te = z->g + ne;
    z->sch = te + ne;
    z->u2 = z->sch + ne * p;
    z->imat = z->u2 + p;
    work = z->imat + 4 * p * p;
    d->w = k->w;
    d->X = k->X;
    if ((st = csat__cox_build(d, k->X, k->entry, k->stop, k->events, k->strata, k->w, a, &empty)) !=
        CSAT_OK)
        return st == CSAT_EDOM ? CSAT_EINTERNAL : st; /* the fit checked its strata */
    z->ne = 0;
    for (size_t i = 0; i < n; i++) {
        double eta = 0.0;
        for (size_t j = 0; j < p; j++)
            eta += d->xc[i * p + j] * m->coef[j];
        d->eta[i] = eta;
        d->risk[i] = d->wt[i] * exp(eta);
        evi[i] = SIZE_MAX;
        if (d->ev[i] != 0.0 && z->ne < ne) {
            evi[i] = z->ne;
            z->pos[z->ne] = i;
            te[z->ne++] = d->t[i];
        }
    }
    if (z->ne != ne)
        return CSAT_EINTERNAL;
    if ((st = transform_times(k, transform, te, ne, z->tt, a)) != CSAT_OK)
        return st;
    for (size_t e = 0; e < ne; e++)
        gbar += z->tt[e];
    gbar /= (double)ne;
    for (size_t e = 0; e < ne; e++)
        z->g[e] = z->tt[e] - gbar;
    zph_pass(z, evi, work);
    z->used = csat__calloc_array(a, d->n_strata, p * sizeof *z->used);
    if (!z->used)
        return CSAT_ENOMEM;
    for (size_t s = 0; s < d->n_strata; s++) {
        size_t lo = d->blk[s], hi = d->blk[s + 1], nd = 0;
        for (size_t i = lo; i < hi; i++)
            nd += d->ev[i] != 0.0;
        for (size_t j = 0; j < p; j++)
            for (size_t i = lo + 1; i < hi; i++)
                if (d->xc[i * p + j] != d->xc[lo * p + j]) {
                    z->used[s * p + j] = nd;
                    break;
                }
    }
    return CSAT_OK;
}

/* R's tests: u = (0, u2) against the information of (x, x g(t)), for each
 * term (its columns' x g(t) with all x: a block of p + q rows, solved as a
 * whole, not a sum of 1-df tests) and all together (global). A term's
 * columns are col[start[t] .. start[t + 1]); NULL start: each covariate is
 * its own term. */
static csat_status zph_tests(const zph *z, const size_t *col, const size_t *start, size_t n_terms,
                             double *chisq, double *pval, const csat_allocator *a)
{
    const size_t p = z->d.p, P = 2 * p;
    double *M = csat__malloc_array(a, P, P * sizeof *M), q = 0.0;
    csat_status st = CSAT_ENOMEM;
    if (!M)
        return st;
    for (size_t t = 0; t < n_terms; t++) {
        const size_t *jj = start ? col + start[t] : &t, nq = start ? start[t + 1] - start[t] : 1;
        const size_t N = p + nq;
        for (size_t r = 0; r < N; r++)
            for (size_t c = 0; c < N; c++) {
                size_t R = r < p ? r : p + jj[r - p], C = c < p ? c : p + jj[c - p];
                M[r * N + c] = z->imat[R * P + C];
            }
        if ((st = csat__spd_inverse(M, N, a)) != CSAT_OK)
            goto done;
        if (nq == 1) {
            chisq[t] = z->u2[jj[0]] * z->u2[jj[0]] * M[p * N + p];
        } else {
            double v = 0.0;
            for (size_t r = 0; r < nq; r++)
                for (size_t c = 0; c < nq; c++)
                    v += z->u2[jj[r]] * M[(p + r) * N + p + c] * z->u2[jj[c]];
            chisq[t] = fmax(v, 0.0);
        }
        pval[t] = csat__chisq_sf(chisq[t], (double)nq);
    }
    memcpy(M, z->imat, P * P * sizeof *M);
    if ((st = csat__spd_inverse(M, P, a)) != CSAT_OK)
        goto done;
    for (size_t r = 0; r < p; r++)
        for (size_t c = 0; c < p; c++)
            q += z->u2[r] * M[(p + r) * P + p + c] * z->u2[c];
    chisq[n_terms] = fmax(q, 0.0);
    pval[n_terms] = csat__chisq_sf(chisq[n_terms], (double)p);
done:
    csat__free(a, M);
    return st;
}

/* R's scaled residuals: by stratum, vmean[K, K]^-1 r[K] + b over the
 * covariates K not constant in the stratum (NaN for the others), with
 * vmean = I / (the events the two covariates share across strata). */
static csat_status zph_scaled(const zph *z, const double *coef, double *out,
                              const csat_allocator *a)
{
    const cox_data *d = &z->d;
    const size_t p = d->p, P = 2 * p;
    double *vm = csat__malloc_array(a, p, 2 * p * sizeof *vm), *V = vm ? vm + p * p : NULL;
    size_t *K = csat__malloc_array(a, p, sizeof *K), e = 0;
    csat_status st = CSAT_ENOMEM;
    if (!vm || !K)
        goto done;
    for (size_t j = 0; j < p; j++)
        for (size_t l = 0; l < p; l++) {
            double w = 0.0;
            for (size_t s = 0; s < d->n_strata; s++) {
                size_t uj = z->used[s * p + j], ul = z->used[s * p + l];
                w += (double)(uj < ul ? uj : ul);
            }
            vm[j * p + l] = z->imat[j * P + l] / (w == 0.0 ? 1.0 : w);
        }
    for (size_t s = 0; s < d->n_strata; s++) {
        size_t nk = 0;
        for (size_t j = 0; j < p; j++)
            if (z->used[s * p + j] > 0)
                K[nk++] = j;
        if (nk > 0) {
            for (size_t r = 0; r < nk; r++)
                for (size_t c = 0; c < nk; c++)
                    V[r * nk + c] = vm[K[r] * p + K[c]];
            if ((st = csat__spd_inverse(V, nk, a)) != CSAT_OK)
                goto done;
        }
        for (; e < z->ne && z->pos[e] < d->blk[s + 1]; e++) {
            double *o = out + e * p;
            const double *r = z->sch + e * p;
            for (size_t j = 0; j < p; j++)
                o[j] = NAN;
            for (size_t i = 0; i < nk; i++) {
                double v = 0.0;
                for (size_t c = 0; c < nk; c++)
                    v += V[i * nk + c] * r[K[c]];
                o[K[i]] = v + coef[K[i]];
            }
        }
    }
    st = CSAT_OK;
done:
    csat__free(a, vm);
    csat__free(a, K);
    return st;
}

/* The checks both entry points share; CSAT_OK or a failure on m. */
static csat_status zph_check(csat_cox *m, csat_cox_zph_transform transform, const char *fn)
{
    if (!m->fitted)
        return csat__fail(&m->base, CSAT_EMISUSE, "%s: the model is not fitted", fn);
    if (!m->kept)
        return csat__cox_need_data(m, fn); /* why there are none (cox.c) */
    if ((int)transform < (int)CSAT_COX_ZPH_KM || (int)transform > (int)CSAT_COX_ZPH_LOG)
        return csat__fail(&m->base, CSAT_EINVAL,
                          "%s: unknown transform %d (CSAT_COX_ZPH_KM, _RANK, _IDENTITY or _LOG)", fn,
                          (int)transform);
    return CSAT_OK;
}

static csat_status zph_fail(csat_cox *m, csat_status st, const char *fn)
{
    if (st == CSAT_ENOMEM)
        return csat__fail(&m->base, st, "%s: out of memory", fn);
    if (st == CSAT_EDOM)
        return csat__fail(&m->base, st,
                          "%s: the log transform needs event times > 0, or the transformed event "
                          "times do not vary (the information of x g(t) is singular)", fn);
    return csat__fail(&m->base, st, "%s: internal error", fn);
}

csat_status csat_cox_zph(csat_cox *m, csat_cox_zph_transform transform, double *chisq,
                         double *p_value, size_t cap)
{
    static const char fn[] = "csat_cox_zph";
    zph z;
    double *buf;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    if (!csat__array_bytes_ok(cap, 1, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL, "cap = %zu overflows the address space", cap);
    if ((st = zph_check(m, transform, fn)) != CSAT_OK)
        return st;
    if (!chisq || !p_value)
        return csat__fail(&m->base, CSAT_EINVAL, "%s: %s is NULL", fn, !chisq ? "chisq" : "p_value");
    if (cap < m->p + 1)
        return csat__fail(&m->base, CSAT_EBUFSIZE, "%s: cap = %zu < n_coef + 1 = %zu", fn, cap,
                          m->p + 1);
    memset(&z, 0, sizeof z);
    buf = csat__malloc_array(&m->base.alloc, m->p + 1, 2 * sizeof *buf);
    st = buf ? zph_run(m, (int)transform, &z) : CSAT_ENOMEM;
    if (st == CSAT_OK)
        st = zph_tests(&z, NULL, NULL, m->p, buf, buf + m->p + 1, &m->base.alloc);
    zph_free(&z, &m->base.alloc);
    if (st == CSAT_OK) {
        memcpy(chisq, buf, (m->p + 1) * sizeof *chisq);
        memcpy(p_value, buf + m->p + 1, (m->p + 1) * sizeof *p_value);
    }
    csat__free(&m->base.alloc, buf);
    if (st != CSAT_OK)
        return zph_fail(m, st, fn);
    csat__clear_error(&m->base);
    return CSAT_OK;
}

csat_status csat_cox_zph_resid(csat_cox *m, csat_cox_zph_transform transform, double *resid,
                               double *ttime, double *time, size_t *row, size_t cap)
{
    static const char fn[] = "csat_cox_zph_resid";
    zph z;
    double *buf = NULL;
    size_t ne, p;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    if (!csat__array_bytes_ok(cap, m->fitted ? m->p : 1, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL, "cap = %zu overflows the address space", cap);
    if ((st = zph_check(m, transform, fn)) != CSAT_OK)
        return st;
    ne = m->kept->n_events;
    p = m->p;
    if (cap < ne)
        return csat__fail(&m->base, CSAT_EBUFSIZE, "%s: cap = %zu < the fit's events = %zu", fn,
                          cap, ne);
    memset(&z, 0, sizeof z);
    buf = resid ? csat__malloc_array(&m->base.alloc, ne, p * sizeof *buf) : NULL;
    st = resid && !buf ? CSAT_ENOMEM : zph_run(m, (int)transform, &z);
    if (st == CSAT_OK && resid)
        st = zph_scaled(&z, m->coef, buf, &m->base.alloc);
    if (st == CSAT_OK) {
        if (resid)
            memcpy(resid, buf, ne * p * sizeof *resid);
        for (size_t e = 0; e < ne; e++) {
            if (ttime)
                ttime[e] = z.tt[e];
            if (time)
                time[e] = z.d.t[z.pos[e]];
            if (row)
                row[e] = z.d.ord[z.pos[e]];
        }
    }
    zph_free(&z, &m->base.alloc);
    csat__free(&m->base.alloc, buf);
    if (st != CSAT_OK)
        return zph_fail(m, st, fn);
    csat__clear_error(&m->base);
    return CSAT_OK;
}

/* term_of_col against the fit: n_cols columns numbered 0..n_terms-1, every
 * term with a column; the number of terms into *n_terms, or a failure on m
 * naming the column (or the empty term). */
static csat_status zph_terms_check(csat_cox *m, const size_t *term_of_col, size_t n_cols,
                                   size_t *n_terms, const char *fn)
{
    const size_t p = m->p;
    size_t nt = 0, *seen;
    if (!term_of_col)
        return csat__fail(&m->base, CSAT_EINVAL, "%s: term_of_col is NULL", fn);
    if (n_cols != p)
        return csat__fail(&m->base, CSAT_EINVAL,
                          "%s: n_cols = %zu but the fit has %zu covariates (one term per column)",
                          fn, n_cols, p);
    for (size_t j = 0; j < p; j++) {
        if (term_of_col[j] >= p)
            return csat__fail(&m->base, CSAT_EINVAL,
                              "%s: term_of_col[%zu] = %zu: terms are numbered 0..n_terms-1 with "
                              "n_terms <= n_cols = %zu", fn, j, term_of_col[j], p);
        if (term_of_col[j] + 1 > nt)
            nt = term_of_col[j] + 1;
    }
    seen = csat__calloc_array(&m->base.alloc, nt, sizeof *seen);
    if (!seen)
        return csat__fail(&m->base, CSAT_ENOMEM, "%s: out of memory", fn);
    for (size_t j = 0; j < p; j++)
        seen[term_of_col[j]] = 1;
    for (size_t t = 0; t < nt; t++)
        if (!seen[t]) {
            size_t j = 0;
            while (term_of_col[j] <= t)
                j++; /* a column of a higher term exists: nt - 1 > t has one */
            csat__free(&m->base.alloc, seen);
            return csat__fail(&m->base, CSAT_EINVAL,
                              "%s: term %zu has no column but term_of_col[%zu] = %zu (terms are "
                              "numbered 0..n_terms-1 without gaps)", fn, t, j, term_of_col[j]);
        }
    csat__free(&m->base.alloc, seen);
    *n_terms = nt;
    return CSAT_OK;
}

csat_status csat_cox_zph_terms(csat_cox *m, csat_cox_zph_transform transform,
                               const size_t *term_of_col, size_t n_cols, double *chisq, double *df,
                               double *p_value, size_t cap)
{
    static const char fn[] = "csat_cox_zph_terms";
    zph z;
    double *buf;
    size_t nt = 0, *col, *start;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    if (!csat__array_bytes_ok(cap, 1, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL, "cap = %zu overflows the address space", cap);
    if (!csat__array_bytes_ok(n_cols, 1, sizeof(size_t)))
        return csat__fail(&m->base, CSAT_EINVAL, "n_cols = %zu overflows the address space",
                          n_cols);
    if ((st = zph_check(m, transform, fn)) != CSAT_OK)
        return st;
    if (!chisq || !p_value)
        return csat__fail(&m->base, CSAT_EINVAL, "%s: %s is NULL", fn, !chisq ? "chisq" : "p_value");
    if ((st = zph_terms_check(m, term_of_col, n_cols, &nt, fn)) != CSAT_OK)
        return st;
    if (cap < nt + 1)
        return csat__fail(&m->base, CSAT_EBUFSIZE, "%s: cap = %zu < n_terms + 1 = %zu", fn, cap,
                          nt + 1);
    memset(&z, 0, sizeof z);
    /* chisq, p (nt + 1 each) into buf; the columns by term (p), the terms' starts (nt + 1) */
    buf = csat__malloc_array(&m->base.alloc, nt + 1, 2 * sizeof *buf);
    col = csat__malloc_array(&m->base.alloc, m->p + nt + 1, sizeof *col);
    st = buf && col ? zph_run(m, (int)transform, &z) : CSAT_ENOMEM;
    if (st == CSAT_OK) {
        start = col + m->p;
        memset(start, 0, (nt + 1) * sizeof *start);
        for (size_t j = 0; j < m->p; j++)
            start[term_of_col[j] + 1]++;
        for (size_t t = 0; t < nt; t++)
            start[t + 1] += start[t];
        for (size_t j = 0; j < m->p; j++) /* counting sort: columns ascending within a term */
            col[start[term_of_col[j]]++] = j;
        for (size_t t = nt; t > 0; t--)
            start[t] = start[t - 1];
        start[0] = 0;
        st = zph_tests(&z, col, start, nt, buf, buf + nt + 1, &m->base.alloc);
    }
    zph_free(&z, &m->base.alloc);
    if (st == CSAT_OK) {
        memcpy(chisq, buf, (nt + 1) * sizeof *chisq);
        memcpy(p_value, buf + nt + 1, (nt + 1) * sizeof *p_value);
        if (df) {
            for (size_t t = 0; t <= nt; t++)
                df[t] = 0.0;
            for (size_t j = 0; j < m->p; j++)
                df[term_of_col[j]] += 1.0;
            df[nt] = (double)m->p;
        }
    }
    csat__free(&m->base.alloc, buf);
    csat__free(&m->base.alloc, col);
    if (st != CSAT_OK)
        return zph_fail(m, st, fn);
    csat__clear_error(&m->base);
    return CSAT_OK;
}
