/* Importance-performance analysis: quadrants, crosshairs, the diagonal
 * model, and importance derived from the data (docs/theory/ipa.rst, 5). */
#include "numerics/numerics.h"
#include "numerics/optim.h"
#include "survey/sat_common.h"

#include <stdlib.h>
#include <string.h>

csat_status csat_ipa_options_init(csat_ipa_options *opts, unsigned int version)
{
    const csat_ipa_options def = CSAT_IPA_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_IPA_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *x, size_t n, double *buf)
{
    memcpy(buf, x, n * sizeof *x);
    qsort(buf, n, sizeof *buf, cmp_double);
    return n % 2 ? buf[n / 2] : 0.5 * (buf[n / 2 - 1] + buf[n / 2]);
}

static double cut_of(const csat_ipa_options *o, const double *x, size_t n, const csat_scale *s,
                     double fixed, double *buf)
{
    switch (o->crosshair) {
    case CSAT_IPA_DATA_MEDIANS:
        return median(x, n, buf);
    case CSAT_IPA_SCALE_MIDPOINT:
        return 0.5 * (s->min + s->max);
    case CSAT_IPA_FIXED:
        return fixed;
    default:
        return csat__sum(x, n) / (double)n;
    }
}

csat_status csat_ipa(const double *importance, const double *performance, size_t n_attributes,
                     const csat_ipa_options *opts, csat_ipa_result *out, double *importance_cut,
                     double *performance_cut, csat_error *err)
{
    const csat_ipa_options def = CSAT_IPA_OPTIONS_INIT;
    const csat_ipa_options *o = opts ? opts : &def;
    double buf[CSAT_IPA_MAX_ATTRIBUTES], ic, pc;
    csat_status st;
    csat__err_clear(err);
    if (importance == NULL)
        return csat__err_null(err, "importance");
    if (performance == NULL)
        return csat__err_null(err, "performance");
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = csat__check_version(err, o->version, CSAT_IPA_OPTIONS_VERSION)) != CSAT_OK)
        return st;
    if ((unsigned)o->crosshair > (unsigned)CSAT_IPA_FIXED)
        return csat__err(err, CSAT_EINVAL, "opts->crosshair", CSAT_NO_ROW,
                         "opts->crosshair = %d is not a csat_ipa_crosshair", (int)o->crosshair);
    if ((st = csat__check_scale(err, "opts->importance_scale", &o->importance_scale)) != CSAT_OK
        || (st = csat__check_scale(err, "opts->performance_scale", &o->performance_scale))
               != CSAT_OK)
        return st;
    if (o->crosshair == CSAT_IPA_FIXED && !isfinite(o->importance_cut))
        return csat__err(err, CSAT_EINVAL, "opts->importance_cut", CSAT_NO_ROW,
                         "opts->importance_cut = %g is not finite", o->importance_cut);
    if (o->crosshair == CSAT_IPA_FIXED && !isfinite(o->performance_cut))
        return csat__err(err, CSAT_EINVAL, "opts->performance_cut", CSAT_NO_ROW,
                         "opts->performance_cut = %g is not finite", o->performance_cut);
    if (n_attributes > CSAT_IPA_MAX_ATTRIBUTES)
        return csat__err(err, CSAT_EINVAL, "n_attributes", CSAT_NO_ROW, "n_attributes = %zu exceeds %d",
                         n_attributes, CSAT_IPA_MAX_ATTRIBUTES);
    if (n_attributes == 0)
        return csat__err(err, CSAT_EEMPTY, "n_attributes", CSAT_NO_ROW,
                         "n_attributes = 0: no attributes");
    for (size_t k = 0; k < n_attributes; k++) {
        if (!csat__scale_contains(&o->importance_scale, importance[k]))
            return csat__err(err, CSAT_EINVAL, "importance", k,
                             "importance[%zu] = %g is off opts->importance_scale [%g, %g]", k,
                             importance[k], o->importance_scale.min, o->importance_scale.max);
        if (!csat__scale_contains(&o->performance_scale, performance[k]))
            return csat__err(err, CSAT_EINVAL, "performance", k,
                             "performance[%zu] = %g is off opts->performance_scale [%g, %g]", k,
                             performance[k], o->performance_scale.min, o->performance_scale.max);
    }
    ic = cut_of(o, importance, n_attributes, &o->importance_scale, o->importance_cut, buf);
    pc = cut_of(o, performance, n_attributes, &o->performance_scale, o->performance_cut, buf);
    for (size_t k = 0; k < n_attributes; k++) {
        int hi_i = importance[k] >= ic, hi_p = performance[k] >= pc;
        csat_ipa_result r;
        r.quadrant = hi_i ? (hi_p ? CSAT_IPA_KEEP_UP : CSAT_IPA_CONCENTRATE)
                          : (hi_p ? CSAT_IPA_OVERKILL : CSAT_IPA_LOW_PRIORITY);
        r.importance = importance[k];
        r.performance = performance[k];
        r.gap = importance[k] - performance[k];
        r.diagonal_priority = r.gap > 0.0;
        out[k] = r;
    }
    if (importance_cut)
        *importance_cut = ic;
    if (performance_cut)
        *performance_cut = pc;
    return CSAT_OK;
}

/* Pearson correlation of column k with y over pairs present in both. */
static csat_status correlation(const double *X, const double *y, size_t n, size_t p, size_t k,
                               double *r, csat_error *err)
{
    double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
    size_t m = 0;
    for (size_t j = 0; j < n; j++) {
        double x = X[j * p + k], dx, dy;
        if (isnan(x) || isnan(y[j]))
            continue;
        m++;
        dx = x - mx;
        dy = y[j] - my;
        mx += dx / (double)m;
        my += dy / (double)m;
        sxx += dx * (x - mx);
        syy += dy * (y[j] - my);
        sxy += dx * (y[j] - my);
    }
    /* Huge inputs can overflow the sums of squares: report, never return NaN. */
    if (m < 2)
        return csat__err(err, CSAT_EDOM, "performance", CSAT_NO_ROW,
                         "performance of attribute %zu has %zu complete pairs with overall: a "
                         "correlation needs 2",
                         k, m);
    if (!(sxx > 0.0) || !(syy > 0.0))
        return csat__err(err, CSAT_EDOM, sxx > 0.0 ? "overall" : "performance", CSAT_NO_ROW,
                         "%s is constant (attribute %zu): the correlation is undefined",
                         sxx > 0.0 ? "overall" : "performance", k);
    if (!isfinite(sxx) || !isfinite(syy) || !isfinite(sxy))
        return csat__err(err, CSAT_EDOM, "performance", CSAT_NO_ROW,
                         "performance of attribute %zu: the sums of squares overflow a double", k);
    *r = fmax(-1.0, fmin(1.0, sxy / (sqrt(sxx) * sqrt(syy))));
    return CSAT_OK;
}

static int row_complete(const double *x, size_t p, double y)
{
    if (isnan(y))
        return 0;
    for (size_t k = 0; k < p; k++)
        if (isnan(x[k]))
            return 0;
    return 1;
}

/* beta = (Xc'Xc)^-1 Xc'yc on centred complete rows. */
static csat_status regression(const double *X, const double *y, size_t n, size_t p,
                              const csat_allocator *a, double *beta, csat_error *err)
{
    double *S, *mx, *xy, my = 0.0;
    size_t m = 0, pp;
    csat_status st;
    if (csat__mul_overflow(p, p + 2, &pp))
        return csat__err(err, CSAT_EINVAL, "n_attributes", CSAT_NO_ROW,
                         "n_attributes = %zu: the regression matrix overflows the address space", p);
    S = csat__calloc_array(a, pp, sizeof *S);
    if (S == NULL)
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW,
                         "out of memory for the %zu x %zu regression matrix", p, p);
    mx = S + p * p;
    xy = mx + p;
    for (size_t j = 0; j < n; j++) {
        if (!row_complete(X + j * p, p, y[j]))
            continue;
        m++;
        my += (y[j] - my) / (double)m;
        for (size_t k = 0; k < p; k++)
            mx[k] += (X[j * p + k] - mx[k]) / (double)m;
    }
    if (m <= p) {
        csat__free(a, S);
        return csat__err(err, CSAT_EDOM, "performance", CSAT_NO_ROW,
                         "performance has %zu complete rows for %zu attributes: the regression "
                         "needs more rows",
                         m,
                         p);
    }
    for (size_t j = 0; j < n; j++) {
        const double *x = X + j * p;
        if (!row_complete(x, p, y[j]))
            continue;
        for (size_t k = 0; k < p; k++) {
            double dk = x[k] - mx[k];
            xy[k] += dk * (y[j] - my);
            for (size_t l = 0; l <= k; l++)
                S[k * p + l] += dk * (x[l] - mx[l]);
        }
    }
    for (size_t k = 0; k < p; k++)
        for (size_t l = 0; l < k; l++)
            S[l * p + k] = S[k * p + l];
    st = csat__spd_inverse(S, p, a);
    if (st == CSAT_OK) {
        for (size_t k = 0; k < p; k++) {
            double b = 0.0;
            for (size_t l = 0; l < p; l++)
                b += S[k * p + l] * xy[l];
            mx[k] = b; /* the means are no longer needed: reuse as the result */
        }
        for (size_t k = 0; k < p; k++)
            if (!isfinite(mx[k]))
                st = CSAT_EDOM;
        if (st == CSAT_OK)
            memcpy(beta, mx, p * sizeof *beta);
    }
    csat__free(a, S);
    if (st == CSAT_ENOMEM)
        return csat__err(err, st, NULL, CSAT_NO_ROW,
                         "out of memory inverting the regression matrix");
    if (st != CSAT_OK)
        return csat__err(err, st, "performance", CSAT_NO_ROW,
                         "performance columns are collinear: the regression has no unique "
                         "solution");
    return st;
}

csat_status csat_importance_derived(const double *performance, const double *overall,
                                    size_t n_respondents, size_t n_attributes,
                                    csat_importance_method method, csat_nan_policy nan_policy,
                                    const csat_allocator *alloc, double *importance,
                                    csat_error *err)
{
    csat_allocator a;
    size_t cells;
    csat__err_clear(err);
    if (performance == NULL)
        return csat__err_null(err, "performance");
    if (overall == NULL)
        return csat__err_null(err, "overall");
    if (importance == NULL)
        return csat__err_null(err, "importance");
    if (!csat__nan_policy_ok(nan_policy))
        return csat__err(err, CSAT_EINVAL, "nan_policy", CSAT_NO_ROW,
                         "nan_policy = %d is not a csat_nan_policy", (int)(nan_policy));
    if ((unsigned)method > (unsigned)CSAT_IMPORTANCE_REGRESSION)
        return csat__err(err, CSAT_EINVAL, "method", CSAT_NO_ROW,
                         "method = %d is not a csat_importance_method", (int)method);
    if (!csat__array_bytes_ok(n_respondents, n_attributes, sizeof(double)))
        return csat__err(err, CSAT_EINVAL, "n_respondents", CSAT_NO_ROW,
                         "n_respondents x n_attributes = %zu x %zu overflows the address space",
                         (size_t)(n_respondents), (size_t)(n_attributes));
    if (!csat__array_bytes_ok(n_respondents, 1, sizeof(double)))
        return csat__err_size(err, "n_respondents", n_respondents);
    if (!csat__array_bytes_ok(n_attributes, 1, sizeof(double)))
        return csat__err_size(err, "n_attributes", n_attributes);
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    cells = n_respondents * n_attributes;
    if (cells == 0)
        return csat__err(err, CSAT_EEMPTY, "performance", CSAT_NO_ROW,
                         "performance has no answers (n_respondents = %zu, n_attributes = %zu)", n_respondents,
                         n_attributes);
    for (size_t i = 0; i < cells; i++)
        if (isnan(performance[i]) ? nan_policy != CSAT_NAN_SKIP : !isfinite(performance[i]))
            return csat__err(err, CSAT_EINVAL, "performance", (size_t)(i),
                             "performance[%zu] = %g is not finite (NaN needs CSAT_NAN_SKIP)",
                             (size_t)(i), performance[i]);
    for (size_t j = 0; j < n_respondents; j++)
        if (isnan(overall[j]) ? nan_policy != CSAT_NAN_SKIP : !isfinite(overall[j]))
            return csat__err(err, CSAT_EINVAL, "overall", (size_t)(j),
                             "overall[%zu] = %g is not finite (NaN needs CSAT_NAN_SKIP)",
                             (size_t)(j), overall[j]);
    if (method == CSAT_IMPORTANCE_REGRESSION)
        return regression(performance, overall, n_respondents, n_attributes, &a, importance, err);
    for (size_t k = 0; k < n_attributes; k++) {
        double r;
        csat_status st = correlation(performance, overall, n_respondents, n_attributes, k, &r, err);
        if (st != CSAT_OK)
            return st;
    }
    for (size_t k = 0; k < n_attributes; k++)
        (void)correlation(performance, overall, n_respondents, n_attributes, k, &importance[k],
                          NULL);
    return CSAT_OK;
}
