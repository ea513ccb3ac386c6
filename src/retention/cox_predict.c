/*
 * Cox prediction: the baseline cumulative hazard per stratum as R's
 * survfit.coxph computes it (agsurv: Breslow's hazard for Breslow ties,
 * Efron's adjusted one for Efron ties), survival of new rows with its
 * standard error and bounds (the coefficients' variance included), median
 * and restricted mean survival. Theory: docs/theory/cox.rst, 20.7.
 */
#include "retention/cox_internal.h"
#include "numerics/numerics.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

/* One block: the header, codes (ns), starts (ns + 1), then the doubles
 * times, cumhaz, cumvar (nt each), xbar (nt p), means (p), var (p p), and
 * with counts n_risk, n_event (nt each; else their pointers are NULL).
 * NULL on overflow or no memory. */
static cox_base *base_alloc(size_t p, size_t ns, size_t nt, int counts, const csat_allocator *a)
{
    size_t head = (sizeof(cox_base) + 7u) / 8u * 8u, nd, t, bytes;
    cox_base *c;
    char *raw;
    if (csat__mul_overflow(nt, p + 3 + (counts ? 2u : 0u), &nd) || csat__mul_overflow(p, p + 1, &t) ||
        nd > SIZE_MAX - t)
        return NULL;
    nd += t;
    if (ns > (SIZE_MAX - head) / 32u || !csat__array_bytes_ok(nd, 1, sizeof(double)))
        return NULL;
    bytes = head + ns * sizeof(uint64_t) + (ns + 1) * sizeof(size_t);
    bytes = (bytes + 7u) / 8u * 8u;
    if (nd > (SIZE_MAX - bytes) / sizeof(double))
        return NULL;
    raw = csat__malloc_array(a, bytes + nd * sizeof(double), 1);
    if (!raw)
        return NULL;
    c = (cox_base *)(void *)raw;
    memset(c, 0, sizeof *c);
    {
        uint64_t *codes = (uint64_t *)(void *)(raw + head);
        size_t *start = (size_t *)(void *)(codes + ns);
        double *x = (double *)(void *)(raw + bytes);
        c->v.n_coef = p;
        c->v.n_strata = ns;
        c->v.n_times = nt;
        c->v.strata = codes;
        c->v.stratum_start = start;
        c->v.times = x;
        c->v.cumhaz = x + nt;
        c->v.cumvar = x + 2 * nt;
        c->v.xbar = x + 3 * nt;
        c->v.means = x + 3 * nt + nt * p;
        c->v.var = c->v.means + p;
        c->v.n_risk = counts ? c->v.var + p * p : NULL;
        c->v.n_event = counts ? c->v.var + p * p + nt : NULL;
    }
    return c;
}

/* Row k (in the fit's order) of X centred at the means (as R: fit$means). */
#define XC(k, j) (d->xc[(k) * p + (j)] - shift[j])

/* Writable views of the block's arrays. */
#define W(ptr) ((void *)(uintptr_t)(ptr))

csat_status csat__cox_baseline_build(const cox_data *d, const uint64_t *strata, const double *b,
                                     const double *V, cox_base **out, const csat_allocator *a)
{
    const size_t n = d->n, p = d->p;
    size_t nt = 0, ns = d->n_strata;
    double *wr = NULL, *acc = NULL, *means0, *shift, *s1, *x2, *xb, sw = 0.0;
    cox_base *c = NULL;
    csat_status st = CSAT_ENOMEM;
    /* distinct event times per stratum (positions are by stratum, then time) */
    for (size_t s = 0; s < ns; s++)
        for (size_t k = d->blk[s]; k < d->blk[s + 1];) {
            size_t q = k;
            int any = 0;
            while (q < d->blk[s + 1] && d->t[q] == d->t[k])
                any |= d->ev[q++] != 0.0;
            nt += (size_t)any;
            k = q;
        }
    wr = csat__malloc_array(a, n, sizeof *wr);
    acc = csat__calloc_array(a, p, 5 * sizeof *acc);
    c = base_alloc(p, ns, nt, 1, a);
    if (!wr || !acc || !c)
        goto done;
    means0 = acc; /* the centring: R's fit$means */
    s1 = acc + p;
    x2 = acc + 2 * p;
    xb = acc + 3 * p;
    shift = acc + 4 * p;
    /* R centres at the weighted column means, except columns whose values
     * are all -1, 0 or 1 (coxph's nocenter): those at 0. One pass over xc
     * (X centred at the plain means) gives xc'b and the weighted sums. */
    for (size_t k = 0; k < n; k++) {
        const double *x = d->xc + k * p;
        double e = 0.0;
        sw += d->wt[k];
        for (size_t j = 0; j < p; j++) {
            e += x[j] * b[j];
            means0[j] += d->wt[k] * x[j];
        }
        wr[k] = e;
    }
    {
        double off = 0.0;
        for (size_t j = 0; j < p; j++) {
            const double plain = d->X[d->ord[0] * p + j] - d->xc[j]; /* the plain mean */
            size_t i = 0;
            while (i < n && (d->X[i * p + j] == 0.0 || fabs(d->X[i * p + j]) == 1.0))
                i++;
            shift[j] = i == n ? -plain : means0[j] / sw; /* the centre in xc's units */
            means0[j] = i == n ? 0.0 : plain + shift[j];
            off += shift[j] * b[j];
        }
        for (size_t k = 0; k < n; k++)
            wr[k] = d->wt[k] * exp(wr[k] - off);
    }
    {
        double *times = W(c->v.times), *H = W(c->v.cumhaz), *cv = W(c->v.cumvar);
        double *XB = W(c->v.xbar), *means = W(c->v.means), *var = W(c->v.var);
        double *NR = W(c->v.n_risk), *NE = W(c->v.n_event);
        uint64_t *codes = W(c->v.strata);
        size_t *start = W(c->v.stratum_start);
        size_t pos = nt;
        memcpy(means, means0, p * sizeof *means);
        memcpy(var, V, p * p * sizeof *var);
        c->v.has_strata = strata != NULL;
        /* strata descending so that the times fill the block from its end */
        for (size_t s = ns; s-- > 0;) {
            const size_t lo = d->blk[s], hi = d->blk[s + 1];
            size_t k = hi, r = hi, end = pos, rows = 0; /* rows: at risk, a count */
            double S0 = 0.0, wsum = 0.0;                /* wsum: their weight (n.risk) */
            codes[s] = strata ? strata[d->ord[lo]] : 0;
            memset(s1, 0, p * sizeof *s1);
            while (k > lo) {
                const double t = d->t[k - 1];
                double nev = 0.0, er = 0.0, ndeath = 0.0, haz, vh;
                memset(x2, 0, p * sizeof *x2);
                while (k > lo && d->t[k - 1] == t) {
                    const size_t q = --k;
                    S0 += wr[q];
                    wsum += d->wt[q];
                    rows++;
                    for (size_t j = 0; j < p; j++)
                        s1[j] += wr[q] * XC(q, j);
                    if (d->ev[q] != 0.0) {
                        nev += d->wt[q];
                        er += wr[q];
                        ndeath += 1.0;
                        for (size_t j = 0; j < p; j++)
                            x2[j] += wr[q] * XC(q, j);
                    }
                }
                if (d->t0) /* rows that enter at or after t are not at risk */
                    while (r > lo && d->t0[d->rem[r - 1]] >= t) {
                        const size_t q = d->rem[--r];
                        S0 -= wr[q];
                        wsum -= d->wt[q];
                        rows--;
                        for (size_t j = 0; j < p; j++)
                            s1[j] -= wr[q] * XC(q, j);
                    }
                if (ndeath == 0.0)
                    continue;
                pos--;
                if (!d->efron || ndeath == 1.0) {
                    haz = nev / S0;
                    vh = nev / (S0 * S0);
                    for (size_t j = 0; j < p; j++)
                        xb[j] = s1[j] / S0 * haz;
                } else { /* R's agsurv5 */
                    double a1 = 0.0, a2 = 0.0;
                    memset(xb, 0, p * sizeof *xb);
                    for (double j = 0.0; j < ndeath; j += 1.0) {
                        const double f = j / ndeath, tmp = 1.0 / (S0 - er * f);
                        a1 += tmp / ndeath;
                        a2 += tmp * tmp / ndeath;
                        for (size_t q = 0; q < p; q++)
                            xb[q] += (s1[q] - x2[q] * f) * tmp * tmp / ndeath;
                    }
                    haz = nev * a1;
                    vh = nev * a2;
                    for (size_t q = 0; q < p; q++)
                        xb[q] *= nev;
                }
                times[pos] = t;
                /* survfit.coxph's n.risk, n.event (weighted); all at risk
                 * fail: n.risk = n.event exactly, as R's counts */
                NE[pos] = nev;
                NR[pos] = rows == (size_t)ndeath ? nev : fmax(wsum, nev); /* >= n.event */
                H[pos] = haz;
                cv[pos] = vh;
                for (size_t j = 0; j < p; j++)
                    XB[pos * p + j] = xb[j];
            }
            start[s] = pos;
            /* cumulate ascending */
            for (size_t q = pos + 1; q < end; q++) {
                H[q] += H[q - 1];
                cv[q] += cv[q - 1];
                for (size_t j = 0; j < p; j++)
                    XB[q * p + j] += XB[(q - 1) * p + j];
            }
        }
        start[ns] = nt;
        st = CSAT_OK;
        if (csat__first_nonfinite(c->v.n_risk, 2 * nt) < 2 * nt) /* weights summing past the */
            c->v.n_risk = c->v.n_event = NULL;                      /* double range: no SE */
        if (csat__first_nonfinite(c->v.times, nt * (p + 3)) < nt * (p + 3) ||
            csat__first_nonfinite(c->v.means, p) < p) { /* the fit stands; no prediction */
            csat__free(a, c);
            c = NULL;
        }
    }
done:
    csat__free(a, wr);
    csat__free(a, acc);
    if (st == CSAT_OK)
        *out = c;
    else
        csat__free(a, c);
    return st;
}

csat_status csat_cox_baseline_get(const csat_cox *m, csat_cox_baseline *out)
{
    if (!m || !out)
        return CSAT_EINVAL;
    if (!m->fitted || !m->pred)
        return CSAT_EMISUSE;
    *out = m->pred->v;
    return CSAT_OK;
}

csat_status csat_cox_set_baseline(csat_cox *m, const csat_cox_baseline *b)
{
    const csat_cox_baseline *v = b;
    cox_base *c;
    size_t p, ns, nt, nd;
    if (!m)
        return CSAT_EINVAL;
    if (!m->fitted)
        return csat__fail(&m->base, CSAT_EMISUSE, "no coefficients: call csat_cox_set_fit first");
    if (!b)
        return csat__fail(&m->base, CSAT_EINVAL, "b is NULL");
    p = v->n_coef;
    ns = v->n_strata;
    nt = v->n_times;
    if (p != m->p)
        return csat__fail(&m->base, CSAT_EINVAL, "n_coef = %zu, the fit has %zu", p, m->p);
    if (ns == 0 || nt < ns)
        return csat__fail(&m->base, CSAT_EINVAL, "n_strata = %zu, n_times = %zu (need 1 <= n_strata <= n_times)",
                          ns, nt);
    if (!v->strata || !v->stratum_start || !v->times || !v->cumhaz || !v->cumvar || !v->xbar ||
        !v->means || !v->var)
        return csat__fail(&m->base, CSAT_EINVAL, "a pointer of the baseline is NULL");
    if (!v->has_strata && ns > 1)
        return csat__fail(&m->base, CSAT_EINVAL, "has_strata = 0 with n_strata = %zu", ns);
    if ((v->n_risk == NULL) != (v->n_event == NULL))
        return csat__fail(&m->base, CSAT_EINVAL, "n_risk and n_event: give both or neither");
    c = base_alloc(p, ns, nt, v->n_risk != NULL, &m->base.alloc);
    if (!c) {
        if (csat__mul_overflow(nt, p + (v->n_risk ? 5u : 3u), &nd) || !csat__array_bytes_ok(nd, 1, sizeof(double)) ||
            !csat__array_bytes_ok(p, p + 1, sizeof(double)) || ns > SIZE_MAX / 32u)
            return csat__fail(&m->base, CSAT_EINVAL, "n_times = %zu x n_coef = %zu overflows the address space",
                              nt, p);
        return csat__fail(&m->base, CSAT_ENOMEM, "cox: out of memory");
    }
    {
        const char *what = NULL;
        size_t at = 0;
        if (v->stratum_start[0] != 0 || v->stratum_start[ns] != nt)
            what = "stratum_start (must run from 0 to n_times)";
        for (size_t s = 0; !what && s < ns; s++) {
            at = s;
            if (v->stratum_start[s + 1] <= v->stratum_start[s] || v->stratum_start[s + 1] > nt)
                what = "stratum_start (each stratum needs an event time)";
            else if (s > 0 && v->strata[s] <= v->strata[s - 1])
                what = "strata (codes must be strictly ascending)";
            for (size_t k = v->stratum_start[s]; !what && k < v->stratum_start[s + 1]; k++) {
                const int first = k == v->stratum_start[s];
                at = k;
                if (!(isfinite(v->times[k]) && v->times[k] >= 0.0) ||
                    (!first && !(v->times[k] > v->times[k - 1])))
                    what = "times (finite, >= 0, strictly ascending within a stratum)";
                else if (!(isfinite(v->cumhaz[k]) && v->cumhaz[k] > 0.0) ||
                         (!first && !(v->cumhaz[k] >= v->cumhaz[k - 1])))
                    what = "cumhaz (finite, > 0, nondecreasing within a stratum)";
                else if (!(isfinite(v->cumvar[k]) && v->cumvar[k] >= 0.0))
                    what = "cumvar (finite, >= 0)";
                else if (csat__first_nonfinite(v->xbar + k * p, p) < p)
                    what = "xbar (finite)";
                else if (v->n_risk && !(isfinite(v->n_risk[k]) && v->n_event[k] > 0.0 &&
                                        v->n_risk[k] >= v->n_event[k]))
                    what = "n_risk, n_event (finite, 0 < n_event <= n_risk)";
            }
        }
        if (!what && csat__first_nonfinite(v->means, p) < p)
            what = "means (finite)", at = csat__first_nonfinite(v->means, p);
        if (!what && csat__first_nonfinite(v->var, p * p) < p * p)
            what = "var (finite)", at = csat__first_nonfinite(v->var, p * p);
        if (what) {
            csat__free(&m->base.alloc, c);
            return csat__fail(&m->base, CSAT_EINVAL, "bad baseline: %s at index %zu", what, at);
        }
    }
    memcpy(W(c->v.strata), v->strata, ns * sizeof *v->strata);
    memcpy(W(c->v.stratum_start), v->stratum_start, (ns + 1) * sizeof *v->stratum_start);
    memcpy(W(c->v.times), v->times, nt * sizeof(double));
    memcpy(W(c->v.cumhaz), v->cumhaz, nt * sizeof(double));
    memcpy(W(c->v.cumvar), v->cumvar, nt * sizeof(double));
    memcpy(W(c->v.xbar), v->xbar, nt * p * sizeof(double));
    memcpy(W(c->v.means), v->means, p * sizeof(double));
    memcpy(W(c->v.var), v->var, p * p * sizeof(double));
    if (v->n_risk) {
        memcpy(W(c->v.n_risk), v->n_risk, nt * sizeof(double));
        memcpy(W(c->v.n_event), v->n_event, nt * sizeof(double));
    }
    c->v.has_strata = v->has_strata != 0;
    csat__free(&m->base.alloc, m->pred);
    m->pred = c;
    csat__clear_error(&m->base);
    return CSAT_OK;
}

/* The checks shared by the three predictions. */
static csat_status check_rows(csat_cox *m, const double *X, size_t n, size_t p, const uint64_t *strata)
{
    const csat_cox_baseline *v;
    size_t bad;
    if (!m->fitted || !m->pred)
        return csat__fail(&m->base, CSAT_EMISUSE,
                          "no baseline: fit the model (or csat_cox_set_baseline after csat_cox_set_fit; "
                          "a fit whose baseline hazard overflows has none)");
    v = &m->pred->v;
    if (n == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "n_rows = 0");
    if (!csat__array_bytes_ok(n, p, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL, "X of n_rows = %zu x n_cols = %zu overflows the address space",
                          n, p);
    if (p != v->n_coef)
        return csat__fail(&m->base, CSAT_EINVAL, "X has n_cols = %zu columns, the fit has %zu", p,
                          v->n_coef);
    if (!X)
        return csat__fail(&m->base, CSAT_EINVAL, "X is NULL");
    if (v->has_strata && !strata)
        return csat__fail(&m->base, CSAT_EINVAL, "the fit has strata: strata (one code per row) is NULL");
    if (!v->has_strata && strata)
        return csat__fail(&m->base, CSAT_EINVAL, "the fit has no strata: strata must be NULL");
    bad = csat__first_nonfinite(X, n * p);
    if (bad < n * p)
        return csat__fail(&m->base, CSAT_EINVAL, "X[%zu][%zu] (row %zu, column %zu) = %g is not finite",
                          bad / p, bad % p, bad / p, bad % p, X[bad]);
    return CSAT_OK;
}

/* Stratum of row i (index), the centred row into xc and its relative risk. */
static csat_status row_setup(csat_cox *m, const double *X, size_t i, const uint64_t *strata,
                             double *xc, size_t *s_out, double *r_out)
{
    const csat_cox_baseline *v = &m->pred->v;
    const size_t p = v->n_coef;
    size_t s = 0;
    double eta = 0.0;
    if (strata) {
        size_t lo = 0, hi = v->n_strata;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (v->strata[mid] < strata[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == v->n_strata || v->strata[lo] != strata[i])
            return csat__fail(&m->base, CSAT_EDOM, "strata[%zu] = %" PRIu64 " is not a stratum of the fit",
                              i, strata[i]);
        s = lo;
    }
    for (size_t j = 0; j < p; j++) {
        xc[j] = X[i * p + j] - v->means[j];
        eta += xc[j] * m->coef[j];
    }
    *r_out = exp(eta);
    if (!isfinite(*r_out) || *r_out == 0.0)
        return csat__fail(&m->base, CSAT_EDOM, "row %zu: exp(x'b) = exp(%g) is not a positive double", i,
                          eta);
    *s_out = s;
    return CSAT_OK;
}

/* Scratch of `per_row` p-vectors into *xc (CSAT_ENOMEM) and every row's
 * stratum and risk checked (row_setup's failure), before any output. */
static csat_status rows_valid(csat_cox *m, const double *X, size_t n_rows, const uint64_t *strata,
                              size_t per_row, double **xc)
{
    const size_t p = m->pred->v.n_coef;
    csat_status st;
    *xc = csat__malloc_array(&m->base.alloc, p, per_row * sizeof **xc);
    if (!*xc)
        return csat__fail(&m->base, CSAT_ENOMEM, "cox: out of memory");
    for (size_t i = 0; i < n_rows; i++) {
        size_t s;
        double r;
        if ((st = row_setup(m, X, i, strata, *xc, &s, &r)) != CSAT_OK) {
            csat__free(&m->base.alloc, *xc);
            return st;
        }
    }
    return CSAT_OK;
}

/* Index + 1 of the last event time <= t in [lo, hi) (0: none before t). */
static size_t last_le(const double *times, size_t lo, size_t hi, double t)
{
    size_t a = lo, b = hi;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (times[mid] <= t)
            a = mid + 1;
        else
            b = mid;
    }
    return a == lo ? 0 : a - lo;
}

/* S at baseline position at for a row (centred xc, risk r) and, with
 * want_se, the standard error of H = -log S into *se (dt: p scratch). */
static double surv_at(const csat_cox_baseline *v, size_t at, const double *xc, double *dt, double r,
                      int want_se, double *se)
{
    const size_t p = v->n_coef;
    const double H = v->cumhaz[at] * r;
    *se = 0.0;
    if (want_se) {
        double quad = 0.0;
        for (size_t j = 0; j < p; j++)
            dt[j] = v->cumhaz[at] * xc[j] - v->xbar[at * p + j];
        for (size_t a = 0; a < p; a++)
            for (size_t b = 0; b < p; b++)
                quad += dt[a] * v->var[a * p + b] * dt[b];
        *se = sqrt(fmax((v->cumvar[at] + quad) * r * r, 0.0)); /* se of H = se of -log S */
    }
    return exp(-H);
}

/* The bounds of S with se of H by conf (survfit's conf.type). */
static void bounds(double S, double se, double z, csat_cox_conf_type conf, double *lo, double *up)
{
    double lo_b = S, up_b = S;
    if (se > 0.0) {
        if (conf == CSAT_COX_CONF_PLAIN) {
            lo_b = fmax(S - z * se * S, 0.0);
            up_b = fmin(S + z * se * S, 1.0);
        } else if (conf == CSAT_COX_CONF_LOG) {
            if (S > 0.0) {
                lo_b = exp(log(S) - z * se);
                up_b = fmin(exp(log(S) + z * se), 1.0);
            }
        } else if (S > 0.0 && S < 1.0) {
            const double H = -log(S), lh = log(H), w = z * se / H;
            lo_b = exp(-exp(lh + w));
            up_b = exp(-exp(lh - w));
        }
    }
    *lo = fmin(lo_b, S); /* exp(log H) may round off H */
    *up = fmax(up_b, S);
}

csat_status csat_cox_predict_survival(csat_cox *m, const double *X, size_t n_rows, size_t n_cols,
                                      const uint64_t *strata, const double *times, size_t n_times,
                                      double level, csat_cox_conf_type conf, double *surv,
                                      double *std_err, double *lower, double *upper)
{
    const csat_cox_baseline *v;
    const size_t p = n_cols;
    double z = 0.0, *xc, *dt;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    if (!csat__array_bytes_ok(n_rows, n_times, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL, "n_rows = %zu x n_times = %zu overflows the address space",
                          n_rows, n_times);
    if ((st = check_rows(m, X, n_rows, n_cols, strata)) != CSAT_OK)
        return st;
    v = &m->pred->v;
    if (n_times == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "n_times = 0");
    if (!times || !surv)
        return csat__fail(&m->base, CSAT_EINVAL, "%s is NULL", !times ? "times" : "surv");
    if ((lower == NULL) != (upper == NULL))
        return csat__fail(&m->base, CSAT_EINVAL, "lower and upper: give both or neither");
    if (lower) {
        if (!(level > 0.0 && level < 1.0))
            return csat__fail(&m->base, CSAT_EINVAL, "level = %g is not in (0, 1)", level);
        if (conf != CSAT_COX_CONF_LOG && conf != CSAT_COX_CONF_LOGLOG && conf != CSAT_COX_CONF_PLAIN)
            return csat__fail(&m->base, CSAT_EINVAL, "conf = %d is not a csat_cox_conf_type", (int)conf);
        z = csat__norm_quantile(0.5 + level / 2.0);
    }
    for (size_t k = 0; k < n_times; k++)
        if (!(isfinite(times[k]) && times[k] >= 0.0))
            return csat__fail(&m->base, CSAT_EINVAL, "times[%zu] = %g is not finite and >= 0", k, times[k]);
    if ((st = rows_valid(m, X, n_rows, strata, 2, &xc)) != CSAT_OK)
        return st;
    dt = xc + p;
    for (size_t i = 0; i < n_rows; i++) {
        size_t s;
        double r;
        (void)row_setup(m, X, i, strata, xc, &s, &r);
        for (size_t k = 0; k < n_times; k++) {
            const size_t lo = v->stratum_start[s], hi = v->stratum_start[s + 1];
            const size_t q = last_le(v->times, lo, hi, times[k]);
            double S = 1.0, se = 0.0, lo_b, up_b;
            if (q > 0)
                S = surv_at(v, lo + q - 1, xc, dt, r, std_err || lower, &se);
            surv[i * n_times + k] = S;
            if (std_err)
                std_err[i * n_times + k] = S * se;
            if (lower) {
                bounds(S, se, z, conf, &lo_b, &up_b);
                lower[i * n_times + k] = lo_b;
                upper[i * n_times + k] = up_b;
            }
        }
    }
    csat__free(&m->base.alloc, xc);
    csat__clear_error(&m->base);
    return CSAT_OK;
}

/* Median (flag) or RMST (horizon > 0) of every row into out. */
static csat_status per_row(csat_cox *m, const double *X, size_t n_rows, size_t n_cols,
                           const uint64_t *strata, double horizon, double *out, int *reached)
{
    const csat_cox_baseline *v;
    double *xc;
    csat_status st;
    if ((st = check_rows(m, X, n_rows, n_cols, strata)) != CSAT_OK)
        return st;
    v = &m->pred->v;
    if (!out)
        return csat__fail(&m->base, CSAT_EINVAL, "%s is NULL", horizon > 0.0 ? "rmst" : "median");
    if ((st = rows_valid(m, X, n_rows, strata, 1, &xc)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n_rows; i++) {
        size_t s;
        double r, res;
        (void)row_setup(m, X, i, strata, xc, &s, &r);
        const size_t lo = v->stratum_start[s], hi = v->stratum_start[s + 1];
        if (horizon > 0.0) { /* area under the step curve from 0 to horizon */
            double prev_t = 0.0, prev_s = 1.0;
            res = 0.0;
            for (size_t k = lo; k < hi && v->times[k] < horizon; k++) {
                res += (v->times[k] - prev_t) * prev_s;
                prev_t = v->times[k];
                prev_s = exp(-v->cumhaz[k] * r);
            }
            res += (horizon - prev_t) * prev_s;
        } else { /* R's survmean minmin: first S < 1/2 + tol, midpoint when S == 1/2 */
            const double tol = 1.4901161193847656e-08; /* sqrt(DBL_EPSILON) */
            size_t k = lo;
            while (k < hi && !(exp(-v->cumhaz[k] * r) < 0.5 + tol))
                k++;
            res = CSAT_COX_NOT_REACHED;
            if (k < hi) {
                const double sk = exp(-v->cumhaz[k] * r);
                size_t q = k + 1;
                res = v->times[k];
                if (fabs(sk - 0.5) < tol) {
                    while (q < hi && !(exp(-v->cumhaz[q] * r) < sk))
                        q++;
                    if (q < hi)
                        res = (v->times[k] + v->times[q]) / 2.0;
                }
            }
            if (reached)
                reached[i] = k < hi;
        }
        out[i] = res;
    }
    csat__free(&m->base.alloc, xc);
    csat__clear_error(&m->base);
    return CSAT_OK;
}

csat_status csat_cox_predict_median(csat_cox *m, const double *X, size_t n_rows, size_t n_cols,
                                    const uint64_t *strata, double *median, int *reached)
{
    if (!m)
        return CSAT_EINVAL;
    return per_row(m, X, n_rows, n_cols, strata, 0.0, median, reached);
}

csat_status csat_cox_predict_rmst(csat_cox *m, const double *X, size_t n_rows, size_t n_cols,
                                  const uint64_t *strata, double horizon, double *rmst)
{
    if (!m)
        return CSAT_EINVAL;
    if (!(isfinite(horizon) && horizon > 0.0))
        return csat__fail(&m->base, CSAT_EINVAL, "horizon = %g is not finite and > 0", horizon);
    return per_row(m, X, n_rows, n_cols, strata, horizon, rmst, NULL);
}

/* ---- RMST standard error as R's survmean (coxrmst, issue 15) -------------- */

/* The RMST of one curve S_k = exp(-cumhaz_k r) over the event times
 * [lo, lo + nk) (those <= h) up to horizon h, by per_row's sum (the same
 * bits), and R's se(rmean): sqrt of the sum over t_k <= h of n.event /
 * (n.risk (n.risk - n.event)) (0 when equal) times the squared area under
 * S from t_k to h, the areas cumulated from h backwards as survmean's
 * cumsum(rev(rectangles)); hh: those weights at every event time of the
 * baseline. S: nk doubles of scratch. docs/theory/cox.rst, 20.9. */
static double rmst_and_se(const csat_cox_baseline *v, const double *hh, size_t lo, size_t nk, double r,
                          double h, double *S, double *se)
{
    double area = 0.0, var = 0.0, next_t = h, res = 0.0, prev_t = 0.0, prev_s = 1.0;
    for (size_t k = 0; k < nk; k++)
        S[k] = exp(-v->cumhaz[lo + k] * r);
    for (size_t k = 0; k < nk && v->times[lo + k] < h; k++) {
        res += (v->times[lo + k] - prev_t) * prev_s;
        prev_t = v->times[lo + k];
        prev_s = S[k];
    }
    res += (h - prev_t) * prev_s;
    for (size_t k = nk; k-- > 0;) {
        area += (next_t - v->times[lo + k]) * S[k];
        next_t = v->times[lo + k];
        if (hh[lo + k] > 0.0 && area > 0.0) /* no 0 x inf */
            var += hh[lo + k] * area * area;
    }
    *se = sqrt(var);
    return res;
}

csat_status csat_cox_predict_rmst_se(csat_cox *m, const double *X, size_t n_rows, size_t n_cols,
                                     const uint64_t *strata, double horizon, double *rmst,
                                     double *std_err)
{
    const csat_cox_baseline *v;
    double *xc, *tmp;
    size_t most = 0;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    if (!(isfinite(horizon) && horizon > 0.0))
        return csat__fail(&m->base, CSAT_EINVAL, "horizon = %g is not finite and > 0", horizon);
    if ((st = check_rows(m, X, n_rows, n_cols, strata)) != CSAT_OK)
        return st;
    v = &m->pred->v;
    if (!rmst || !std_err)
        return csat__fail(&m->base, CSAT_EINVAL, "%s is NULL", !rmst ? "rmst" : "std_err");
    if (!v->n_risk)
        return csat__fail(&m->base, CSAT_EMISUSE,
                          "the baseline has no numbers at risk and of events (n_risk, n_event: a "
                          "baseline set without them, or weights whose sum overflows): the standard "
                          "error needs them");
    for (size_t s = 0; s < v->n_strata; s++)
        most = v->stratum_start[s + 1] - v->stratum_start[s] > most ? v->stratum_start[s + 1] - v->stratum_start[s]
                                                                     : most;
    /* scratch: the largest stratum's curve, hh at every event time, then
     * 2 n_rows results (outputs untouched on error) */
    if (n_rows > (SIZE_MAX / sizeof(double) - most - v->n_times) / 2)
        return csat__fail(&m->base, CSAT_EINVAL, "n_rows = %zu overflows the address space", n_rows);
    tmp = csat__malloc_array(&m->base.alloc, most + v->n_times + 2 * n_rows, sizeof *tmp);
    if (!tmp)
        return csat__fail(&m->base, CSAT_ENOMEM, "cox: out of memory (%zu rows)", n_rows);
    if ((st = rows_valid(m, X, n_rows, strata, 1, &xc)) != CSAT_OK) {
        csat__free(&m->base.alloc, tmp);
        return st;
    }
    for (size_t k = 0; k < v->n_times; k++) { /* (d / n) / (n - d): no underflow of n (n - d) */
        const double nr = v->n_risk[k], ne = v->n_event[k];
        tmp[most + k] = nr != ne ? ne / nr / (nr - ne) : 0.0;
    }
    for (size_t i = 0; i < n_rows; i++) {
        size_t s;
        double r, *res = tmp + most + v->n_times;
        (void)row_setup(m, X, i, strata, xc, &s, &r);
        const size_t lo = v->stratum_start[s], hi = v->stratum_start[s + 1];
        res[i] = rmst_and_se(v, tmp + most, lo, last_le(v->times, lo, hi, horizon), r, horizon, tmp,
                             &res[n_rows + i]);
        if (!isfinite(res[n_rows + i])) {
            csat__free(&m->base.alloc, xc);
            csat__free(&m->base.alloc, tmp);
            return csat__fail(&m->base, CSAT_EDOM, "row %zu: the standard error of the RMST overflows", i);
        }
    }
    memcpy(rmst, tmp + most + v->n_times, n_rows * sizeof *rmst);
    memcpy(std_err, tmp + most + v->n_times + n_rows, n_rows * sizeof *std_err);
    csat__free(&m->base.alloc, xc);
    csat__free(&m->base.alloc, tmp);
    csat__clear_error(&m->base);
    return CSAT_OK;
}

/* ---- median bounds (ggomiv, issue 15) ------------------------------------ */

/* R's survmean minmin on one curve y over times (n steps): the first time
 * where y < 1/2 + tol, or the midpoint to the next lower step when y equals
 * 1/2 there; CSAT_COX_NOT_REACHED if y stays above. */
static double minmin(const double *y, const double *times, size_t n)
{
    const double tol = 1.4901161193847656e-08; /* sqrt(DBL_EPSILON) */
    size_t k = 0, q;
    while (k < n && !(y[k] < 0.5 + tol))
        k++;
    if (k == n)
        return CSAT_COX_NOT_REACHED;
    if (!(fabs(y[k] - 0.5) < tol))
        return times[k];
    for (q = k + 1; q < n && !(y[q] < y[k]); q++)
        ;
    return q < n ? (times[k] + times[q]) / 2.0 : times[k];
}

csat_status csat_cox_predict_median_ci(csat_cox *m, const double *X, size_t n_rows, size_t n_cols,
                                       const uint64_t *strata, double level, csat_cox_conf_type conf,
                                       double *median, double *lower, double *upper)
{
    const csat_cox_baseline *v;
    size_t most = 0;
    double z, *xc, *curve;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    if ((st = check_rows(m, X, n_rows, n_cols, strata)) != CSAT_OK)
        return st;
    v = &m->pred->v;
    if (!median || !lower || !upper)
        return csat__fail(&m->base, CSAT_EINVAL, "%s is NULL", !median ? "median" : !lower ? "lower" : "upper");
    if (!(level > 0.0 && level < 1.0))
        return csat__fail(&m->base, CSAT_EINVAL, "level = %g is not in (0, 1)", level);
    if (conf != CSAT_COX_CONF_LOG && conf != CSAT_COX_CONF_LOGLOG && conf != CSAT_COX_CONF_PLAIN)
        return csat__fail(&m->base, CSAT_EINVAL, "conf = %d is not a csat_cox_conf_type", (int)conf);
    z = csat__norm_quantile(0.5 + level / 2.0);
    for (size_t s = 0; s < v->n_strata; s++)
        most = v->stratum_start[s + 1] - v->stratum_start[s] > most ? v->stratum_start[s + 1] - v->stratum_start[s]
                                                                     : most;
    curve = csat__malloc_array(&m->base.alloc, most, 3 * sizeof *curve);
    if (!curve)
        return csat__fail(&m->base, CSAT_ENOMEM, "cox: out of memory (%zu event times)", most);
    if ((st = rows_valid(m, X, n_rows, strata, 2, &xc)) != CSAT_OK) {
        csat__free(&m->base.alloc, curve);
        return st;
    }
    for (size_t i = 0; i < n_rows; i++) {
        size_t s;
        double r, *S = curve, *lo = curve + most, *up = curve + 2 * most;
        (void)row_setup(m, X, i, strata, xc, &s, &r);
        const size_t a = v->stratum_start[s], nk = v->stratum_start[s + 1] - a;
        for (size_t k = 0; k < nk; k++) {
            double se;
            S[k] = surv_at(v, a + k, xc, xc + n_cols, r, 1, &se);
            bounds(S[k], se, z, conf, &lo[k], &up[k]);
        }
        median[i] = minmin(S, v->times + a, nk);
        lower[i] = minmin(lo, v->times + a, nk);
        upper[i] = minmin(up, v->times + a, nk);
    }
    csat__free(&m->base.alloc, xc);
    csat__free(&m->base.alloc, curve);
    csat__clear_error(&m->base);
    return CSAT_OK;
}
