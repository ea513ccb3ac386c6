/*
 * PLS path modelling (issue 16): the model specification (blocks, inner
 * model, modes; cycle check), the data (missing answers, standardisation,
 * the item correlation matrix) and the fit. The iteration is pls_algo.c.
 */
#include "survey/pls_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

csat_status csat_pls_options_init(csat_pls_options *opts, unsigned int version)
{
    if (!opts)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_PLS_OPTIONS_VERSION))
        return CSAT_EVERSION;
    csat_pls_options d = CSAT_PLS_OPTIONS_INIT;
    *opts = d;
    return CSAT_OK;
}

static void spec_free(const csat_allocator *a, csat__pls_spec *s)
{
    csat__free(a, s->item_lv);
    csat__free(a, s->adj);
    csat__free(a, s->mode);
    csat__free(a, s->bstart);
    csat__free(a, s->bitem);
}

static void fit_free(const csat_allocator *a, csat_pls *m)
{
    csat__free(a, m->X);
    csat__free(a, m->mean);
    csat__free(a, m->sd);
    csat__free(a, m->R);
    csat__free(a, m->estmem);
    csat__free(a, m->boot);
    m->X = m->mean = m->sd = m->R = m->estmem = m->boot = NULL;
    m->fitted = 0;
    m->n_boot = 0;
}

void csat_pls_free(csat_pls *m)
{
    if (!m)
        return;
    fit_free(&m->base.alloc, m);
    spec_free(&m->base.alloc, &m->spec);
    csat__handle_free(m);
}

const char *csat_pls_last_error(const csat_pls *m)
{
    return m ? m->base.err : "";
}

/* A cycle in the inner model, written into msg; 0 if there is none. Kahn's
 * algorithm removes the LVs with no remaining predecessor; whatever is left
 * lies on or after a cycle, and walking back through remaining
 * predecessors from any of them must repeat an LV. */
static int find_cycle(const unsigned char *adj, size_t q, size_t *indeg, size_t *stack,
                      unsigned char *gone, char *msg, size_t cap)
{
    size_t top = 0, left = q;
    for (size_t k = 0; k < q; k++) {
        indeg[k] = 0;
        gone[k] = 0;
        for (size_t j = 0; j < q; j++)
            indeg[k] += adj[j * q + k];
        if (indeg[k] == 0)
            stack[top++] = k;
    }
    while (top > 0) {
        size_t j = stack[--top];
        gone[j] = 1;
        left--;
        for (size_t k = 0; k < q; k++)
            if (adj[j * q + k] && --indeg[k] == 0)
                stack[top++] = k;
    }
    if (left == 0)
        return 0;
    size_t v = 0;
    while (gone[v])
        v++;
    /* walk back q steps to be surely on the cycle, marking with indeg = 0 */
    for (size_t step = 0; step < q; step++) {
        size_t u = 0;
        while (gone[u] || !adj[u * q + v])
            u++;
        v = u;
    }
    /* collect it backwards (stack[t + 1] -> stack[t]), print it forwards */
    size_t len = 0, u = v;
    do {
        stack[len++] = u;
        size_t w = 0;
        while (gone[w] || !adj[w * q + u])
            w++;
        u = w;
    } while (u != v && len < q);
    size_t pos = (size_t)snprintf(msg, cap, "the inner model has a cycle: %zu", stack[len - 1]);
    for (size_t t = len - 1; t-- > 0 && pos < cap;)
        pos += (size_t)snprintf(msg + pos, cap - pos, " -> %zu", stack[t]);
    if (pos < cap)
        (void)snprintf(msg + pos, cap - pos, " -> %zu", stack[len - 1]);
    return 1;
}

static csat_status check_spec(const size_t *item_lv, size_t n_items, const unsigned char *paths,
                              size_t n_lv, const csat_pls_mode *modes, csat_error *err)
{
    if (!item_lv)
        return csat__err_null(err, "item_lv");
    if (!paths)
        return csat__err_null(err, "paths");
    if (n_items == 0)
        return csat__err(err, CSAT_EINVAL, "n_items", CSAT_NO_ROW, "n_items is 0");
    if (n_lv == 0)
        return csat__err(err, CSAT_EINVAL, "n_lv", CSAT_NO_ROW, "n_lv is 0");
    if (!csat__array_bytes_ok(n_lv, n_lv, sizeof(double)) || !csat__array_bytes_ok(3 * n_lv, 1, sizeof(size_t)))
        return csat__err_size(err, "n_lv", n_lv);
    if (!csat__array_bytes_ok(n_items, n_items, sizeof(double)) || !csat__array_bytes_ok(n_items, n_lv, sizeof(double)))
        return csat__err_size(err, "n_items", n_items);
    for (size_t i = 0; i < n_items; i++)
        if (item_lv[i] >= n_lv)
            return csat__err(err, CSAT_EINVAL, "item_lv", i, "item_lv[%zu] = %zu is not below n_lv = %zu",
                             i, item_lv[i], n_lv);
    for (size_t j = 0; j < n_lv; j++) {
        if (modes && modes[j] != CSAT_PLS_MODE_A && modes[j] != CSAT_PLS_MODE_B)
            return csat__err(err, CSAT_EINVAL, "modes", j, "modes[%zu] = %d is not A (0) or B (1)", j,
                             (int)modes[j]);
        int linked = 0;
        for (size_t k = 0; k < n_lv; k++) {
            unsigned char v = paths[j * n_lv + k];
            if (v > 1)
                return csat__err(err, CSAT_EINVAL, "paths", j * n_lv + k,
                                 "paths[%zu] = %u is not 0 or 1", j * n_lv + k, (unsigned)v);
            if (v && j == k)
                return csat__err(err, CSAT_EINVAL, "paths", j * n_lv + k,
                                 "paths[%zu]: LV %zu has a path to itself", j * n_lv + k, j);
            linked |= v | paths[k * n_lv + j];
        }
        if (!linked)
            return csat__err(err, CSAT_EINVAL, "paths", CSAT_NO_ROW,
                             "LV %zu is in no path of the inner model", j);
    }
    return CSAT_OK;
}

csat_status csat_pls_new(csat_pls **out, const csat_allocator *alloc, const size_t *item_lv,
                         size_t n_items, const unsigned char *paths, size_t n_lv,
                         const csat_pls_mode *modes, csat_error *err)
{
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    csat_status st = check_spec(item_lv, n_items, paths, n_lv, modes, err);
    if (st != CSAT_OK)
        return st;
    csat_allocator a;
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW, "alloc lacks malloc_fn or free_fn");
    csat_pls *m = NULL;
    if (csat__handle_new((void **)&m, sizeof *m, &a) != CSAT_OK)
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, NULL);
    csat__pls_spec *s = &m->spec;
    s->p = n_items;
    s->q = n_lv;
    s->item_lv = csat__malloc_array(&a, n_items, sizeof(size_t));
    s->adj = csat__malloc_array(&a, n_lv, n_lv);
    s->mode = csat__calloc_array(&a, n_lv, 1);
    s->bstart = csat__calloc_array(&a, n_lv + 1, sizeof(size_t));
    s->bitem = csat__malloc_array(&a, n_items, sizeof(size_t));
    size_t *tmp = csat__malloc_array(&a, 3 * n_lv, sizeof(size_t));
    if (!s->item_lv || !s->adj || !s->mode || !s->bstart || !s->bitem || !tmp) {
        csat__free(&a, tmp);
        csat_pls_free(m);
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, NULL);
    }
    memcpy(s->item_lv, item_lv, n_items * sizeof(size_t));
    memcpy(s->adj, paths, n_lv * n_lv);
    for (size_t j = 0; j < n_lv; j++)
        s->mode[j] = (unsigned char)(modes ? modes[j] : CSAT_PLS_MODE_A);
    for (size_t i = 0; i < n_items; i++)
        s->bstart[item_lv[i] + 1]++;
    for (size_t j = 0; j < n_lv; j++) {
        if (s->bstart[j + 1] == 0) {
            csat__free(&a, tmp);
            csat_pls_free(m);
            return csat__err(err, CSAT_EINVAL, "item_lv", CSAT_NO_ROW, "block %zu has no items", j);
        }
        if (s->bstart[j + 1] > s->max_block)
            s->max_block = s->bstart[j + 1];
        s->bstart[j + 1] += s->bstart[j];
    }
    for (size_t j = 0; j < n_lv; j++)
        tmp[j] = s->bstart[j];
    for (size_t i = 0; i < n_items; i++)
        s->bitem[tmp[item_lv[i]]++] = i;
    char msg[200];
    if (find_cycle(paths, n_lv, tmp, tmp + n_lv, (unsigned char *)(tmp + 2 * n_lv), msg, sizeof msg)) {
        csat__free(&a, tmp);
        csat_pls_free(m);
        return csat__err(err, CSAT_EINVAL, "paths", CSAT_NO_ROW, "%s", msg);
    }
    csat__free(&a, tmp);
    *out = m;
    return CSAT_OK;
}

static csat_status check_opts(csat_pls *m, const csat_pls_options *o)
{
    if (!csat__version_ok(o->version, CSAT_PLS_OPTIONS_VERSION))
        return csat__fail(&m->base, CSAT_EVERSION, "opts->version = %u is unknown", o->version);
    if (o->scheme != CSAT_PLS_CENTROID && o->scheme != CSAT_PLS_FACTORIAL && o->scheme != CSAT_PLS_PATH)
        return csat__fail(&m->base, CSAT_EINVAL, "opts->scheme = %d is not a csat_pls_scheme", (int)o->scheme);
    if (!(o->tol > 0.0) || !isfinite(o->tol))
        return csat__fail(&m->base, CSAT_EINVAL, "opts->tol = %g is not finite and > 0", o->tol);
    if (o->max_iter < 1)
        return csat__fail(&m->base, CSAT_EINVAL, "opts->max_iter is 0");
    if (o->nan_policy != CSAT_NAN_ERROR && o->nan_policy != CSAT_NAN_SKIP)
        return csat__fail(&m->base, CSAT_EINVAL, "opts->nan_policy = %d is not a csat_nan_policy",
                          (int)o->nan_policy);
    if (o->mean_replace != 0 && o->mean_replace != 1)
        return csat__fail(&m->base, CSAT_EINVAL, "opts->mean_replace = %d is not 0 or 1", o->mean_replace);
    return CSAT_OK;
}

/* Scan the data: Inf always, NaN under CSAT_NAN_ERROR are errors; count
 * the rows kept (listwise) and, for mean replacement, the column means of
 * the answers given (into mean). Column-major data with no NaN or Inf set
 * *clean and leave the column sums in mean. */
static csat_status scan(csat_pls *m, const double *data, size_t n_rows, size_t p, size_t rs, size_t cs,
                        const csat_pls_options *o, size_t *n_used, double *mean, int *clean)
{
    int listwise = o->nan_policy == CSAT_NAN_SKIP && !o->mean_replace;
    size_t used = 0;
    for (size_t i = 0; i < p; i++)
        mean[i] = 0.0;
    *clean = 0;
    if (rs == 1 && n_rows >= 2) {
        /* column-major: one contiguous pass per column sums it; finite sums
         * mean no NaN or Inf (a sum that overflows takes the general path) */
        int ok = 1;
        for (size_t i = 0; i < p && ok; i++) {
            const double *c = data + i * cs;
            double acc = 0.0;
            for (size_t r = 0; r < n_rows; r++)
                acc += c[r];
            mean[i] = acc;
            ok = isfinite(acc);
        }
        if (ok) {
            *clean = 1; /* mean holds the column sums */
            *n_used = n_rows;
            return CSAT_OK;
        }
        for (size_t i = 0; i < p; i++)
            mean[i] = 0.0;
    }
    for (size_t r = 0; r < n_rows; r++) {
        int miss = 0;
        for (size_t i = 0; i < p; i++) {
            double x = data[r * rs + i * cs];
            if (isnan(x)) {
                if (o->nan_policy == CSAT_NAN_ERROR)
                    return csat__fail(&m->base, CSAT_EINVAL,
                                      "data[%zu] (respondent %zu, item %zu) is NaN; use CSAT_NAN_SKIP",
                                      r * rs + i * cs, r, i);
                miss = 1;
            } else if (!isfinite(x)) {
                return csat__fail(&m->base, CSAT_EINVAL, "data[%zu] (respondent %zu, item %zu) is infinite",
                                  r * rs + i * cs, r, i);
            }
        }
        used += listwise ? !miss : 1;
    }
    if (!listwise && o->nan_policy == CSAT_NAN_SKIP) {
        for (size_t i = 0; i < p; i++) {
            double s = 0.0;
            size_t c = 0;
            for (size_t r = 0; r < n_rows; r++)
                if (!isnan(data[r * rs + i * cs])) {
                    s += data[r * rs + i * cs];
                    c++;
                }
            if (c == 0)
                return csat__fail(&m->base, CSAT_EEMPTY, "item %zu has no answers", i);
            mean[i] = s / (double)c;
        }
    }
    *n_used = used;
    if (used < 2)
        return csat__fail(&m->base, CSAT_EEMPTY, "%zu respondent(s) left; PLS needs at least 2", used);
    return CSAT_OK;
}

/* sd[i] holds the sum of squared deviations: the SD (n - 1), or CSAT_EDOM. */
static csat_status finish_sd(csat_pls *m, const double *mean, double *sd, size_t n, size_t p)
{
    for (size_t i = 0; i < p; i++) {
        double mu = mean[i], v = sd[i] / (double)(n - 1);
        if (!isfinite(mu) || !isfinite(v) || !isfinite(v * (double)n))
            return csat__fail(&m->base, CSAT_EDOM, "item %zu: the answers are too large to standardise", i);
        if (!(v > 1e-24 * (mu * mu + 1.0)))
            return csat__fail(&m->base, CSAT_EDOM, "item %zu has zero variance (every answer is %g)", i, mu);
        sd[i] = sqrt(v);
    }
    return CSAT_OK;
}

/* Column-major data without NaN (scan's *clean; mean holds the column
 * sums): the moments column by column (the same sums in the same order as
 * prepare's, so the fit is the same bit for bit), then standardise into
 * row-major X row by row, reading the p columns side by side (faster here
 * than blocked transposes: the prefetcher follows the p streams). */
static csat_status prepare_columns(csat_pls *m, const double *data, size_t n, double *X, double *mean,
                                   double *sd)
{
    size_t p = m->spec.p;
    for (size_t i = 0; i < p; i++) {
        const double *c = data + i * n;
        double mu = mean[i] / (double)n, v = 0.0;
        for (size_t r = 0; r < n; r++) {
            double d = c[r] - mu;
            v += d * d;
        }
        mean[i] = mu;
        sd[i] = v;
    }
    csat_status st = finish_sd(m, mean, sd, n, p);
    if (st != CSAT_OK)
        return st;
    for (size_t r = 0; r < n; r++) {
        double *x = X + r * p;
        for (size_t i = 0; i < p; i++)
            x[i] = (data[i * n + r] - mean[i]) / sd[i];
    }
    return CSAT_OK;
}

/* Copy the rows used into X (NaN replaced by fill), standardise each item
 * (mean, sd with n - 1). */
static csat_status prepare(csat_pls *m, const double *data, size_t n_rows, size_t rs, size_t cs, size_t n,
                           double *X, double *mean, double *sd, int listwise)
{
    size_t p = m->spec.p, t = 0;
    for (size_t r = 0; r < n_rows; r++) {
        const double *row = data + r * rs;
        int miss = 0;
        for (size_t i = 0; i < p && listwise; i++)
            miss |= isnan(row[i * cs]);
        if (miss)
            continue;
        for (size_t i = 0; i < p; i++) {
            double x = row[i * cs];
            X[t * p + i] = isnan(x) ? mean[i] : x;
        }
        t++;
    }
    /* row by row (X is row-major): means, then variances, then standardise */
    for (size_t i = 0; i < p; i++)
        mean[i] = sd[i] = 0.0;
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < p; i++)
            mean[i] += X[r * p + i];
    for (size_t i = 0; i < p; i++)
        mean[i] /= (double)n;
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < p; i++) {
            double d = X[r * p + i] - mean[i];
            sd[i] += d * d;
        }
    csat_status st = finish_sd(m, mean, sd, n, p);
    if (st != CSAT_OK)
        return st;
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < p; i++)
            X[r * p + i] = (X[r * p + i] - mean[i]) / sd[i];
    return CSAT_OK;
}

/* R = X'X / (n - 1) of the standardised X (1 on the diagonal). */
static void correlations(const double *X, size_t n, size_t p, double *R)
{
    for (size_t a = 0; a < p * p; a++)
        R[a] = 0.0;
    for (size_t r = 0; r < n; r++) {
        const double *x = X + r * p;
        for (size_t i = 0; i < p; i++) {
            double xi = x[i];
            double *Ri = R + i * p;
            for (size_t k = i; k < p; k++)
                Ri[k] += xi * x[k];
        }
    }
    for (size_t i = 0; i < p; i++) {
        R[i * p + i] = 1.0;
        for (size_t k = i + 1; k < p; k++) {
            R[i * p + k] /= (double)(n - 1);
            R[k * p + i] = R[i * p + k];
        }
    }
}

static double gof(const csat__pls_spec *s, const csat__pls_est *e)
{
    double com = 0.0, r2 = 0.0;
    size_t nc = 0, nr = 0;
    for (size_t j = 0; j < s->q; j++) {
        if (s->bstart[j + 1] - s->bstart[j] >= 2)
            for (size_t a = s->bstart[j]; a < s->bstart[j + 1]; a++) {
                double l = e->RW[s->bitem[a] * s->q + j];
                com += l * l;
                nc++;
            }
        int endo = 0;
        for (size_t k = 0; k < s->q; k++)
            endo |= s->adj[k * s->q + j];
        if (endo) {
            r2 += e->r2[j];
            nr++;
        }
    }
    if (nc == 0 || nr == 0)
        return 0.0;
    return sqrt((com / (double)nc) * (r2 / (double)nr));
}

/* The fit of data whose element (respondent r, item i) is data[r * rs + i * cs]:
 * row-major (rs = n_cols, cs = 1) or column-major (rs = 1, cs = n_rows). */
static csat_status fit_strided(csat_pls *m, const double *data, size_t n_rows, size_t n_cols, int by_column,
                               const csat_pls_options *opts, csat_pls_report *report)
{
    if (!m)
        return CSAT_EINVAL;
    csat__clear_error(&m->base);
    csat_pls_options d = CSAT_PLS_OPTIONS_INIT;
    const csat_pls_options *o = opts ? opts : &d;
    csat_status st = check_opts(m, o);
    if (st != CSAT_OK)
        return st;
    const csat__pls_spec *s = &m->spec;
    size_t p = s->p;
    if (!csat__array_bytes_ok(n_rows, n_cols, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL, "n_rows x n_cols = %zu x %zu overflows the address space",
                          n_rows, n_cols);
    if (!data)
        return csat__fail(&m->base, CSAT_EINVAL, "data is NULL");
    if (n_cols != p)
        return csat__fail(&m->base, CSAT_EINVAL, "n_cols = %zu is not the model's n_items = %zu", n_cols, p);
    const csat_allocator *a = &m->base.alloc;
    double *mean = csat__malloc_array(a, p, sizeof(double));
    double *sd = csat__malloc_array(a, p, sizeof(double));
    double *R = csat__malloc_array(a, p, p * sizeof(double));
    double *estmem = csat__malloc_array(a, csat__pls_est_len(s), sizeof(double));
    double *work = csat__malloc_array(a, csat__pls_work_len(s), sizeof(double));
    double *X = NULL;
    size_t n = 0;
    if (!mean || !sd || !R || !estmem || !work) {
        st = csat__fail(&m->base, CSAT_ENOMEM, "out of memory");
        goto done;
    }
    size_t rs = by_column ? 1 : p, cs = by_column ? n_rows : 1;
    int clean = 0;
    if ((st = scan(m, data, n_rows, p, rs, cs, o, &n, mean, &clean)) != CSAT_OK)
        goto done;
    for (size_t j = 0; j < s->q; j++) {
        size_t nb = s->bstart[j + 1] - s->bstart[j];
        if (s->mode[j] == CSAT_PLS_MODE_B && nb > 1 && n <= nb) {
            st = csat__fail(&m->base, CSAT_EDOM,
                            "block %zu is in mode B with %zu items but only %zu respondents: needs more "
                            "respondents than items", j, nb, n);
            goto done;
        }
    }
    X = csat__malloc_array(a, n, p * sizeof(double));
    if (!X) {
        st = csat__fail(&m->base, CSAT_ENOMEM, "out of memory (%zu x %zu data)", n, p);
        goto done;
    }
    st = clean ? prepare_columns(m, data, n, X, mean, sd)
               : prepare(m, data, n_rows, rs, cs, n, X, mean, sd, o->nan_policy == CSAT_NAN_SKIP && !o->mean_replace);
    if (st != CSAT_OK)
        goto done;
    correlations(X, n, p, R);
    csat__pls_est e;
    csat__pls_est_bind(&e, s, estmem);
    size_t n_iter = 0, where = 0;
    double change = 0.0;
    int what = 0;
    st = csat__pls_run(s, R, (int)o->scheme, o->tol, o->max_iter, &e, work, &n_iter, &change, &what, &where);
    if (st == CSAT_ENOCONV) {
        st = csat__fail(&m->base, CSAT_ENOCONV,
                        "the outer weights did not converge in %zu iterations (last change %.3g >= tol %.3g)",
                        n_iter, change, o->tol);
        goto done;
    }
    if (st != CSAT_OK) {
        st = what == 2 ? csat__fail(&m->base, CSAT_EDOM, "the predecessors of LV %zu are collinear", where)
             : what == 1 ? csat__fail(&m->base, CSAT_EDOM,
                                      "the items of mode-B block %zu are collinear (singular correlation matrix)",
                                      where)
                         : csat__fail(&m->base, CSAT_EDOM, "LV %zu has an inner estimate of zero variance", where);
        goto done;
    }
    fit_free(a, m);
    m->X = X;
    m->mean = mean;
    m->sd = sd;
    m->R = R;
    m->estmem = estmem;
    m->est = e;
    m->n = n;
    m->scheme = (int)o->scheme;
    m->tol = o->tol;
    m->max_iter = o->max_iter;
    m->fitted = 1;
    m->rep.n_used = n;
    m->rep.n_iter = n_iter;
    m->rep.last_change = change;
    m->rep.converged = 1;
    m->rep.gof = gof(s, &e);
    if (report)
        *report = m->rep;
    X = mean = sd = R = estmem = NULL;
done:
    csat__free(a, X);
    csat__free(a, mean);
    csat__free(a, sd);
    csat__free(a, R);
    csat__free(a, estmem);
    csat__free(a, work);
    return st;
}

csat_status csat_pls_fit(csat_pls *m, const double *data, size_t n_rows, size_t n_cols,
                         const csat_pls_options *opts, csat_pls_report *report)
{
    return fit_strided(m, data, n_rows, n_cols, 0, opts, report);
}

csat_status csat_pls_fit_columns(csat_pls *m, const double *data, size_t n_rows, size_t n_cols,
                                 const csat_pls_options *opts, csat_pls_report *report)
{
    return fit_strided(m, data, n_rows, n_cols, 1, opts, report);
}

/* issue 18: the PLS fit as one stage (it has no subsample stage) */
csat_status csat_pls_fit_stages(const csat_pls *m, csat_fit_stage *stages, size_t cap, size_t *n_stages)
{
    csat__stages st = {.n = 0};
    if (!m)
        return CSAT_EINVAL;
    if (m->fitted)
        (void)csat__stages_add(&st, m->rep.n_used, m->rep.n_iter, m->rep.n_iter, NAN, m->rep.last_change,
                               m->rep.converged);
    return csat__stages_get(&st, stages, cap, n_stages);
}
