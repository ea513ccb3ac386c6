/* CSAT (top-box share), CES (mean), weighted 0-100 indices (ACSI, TLF CSI,
 * NSI) with standard errors (docs/theory/satisfaction.rst, 6.1-6.4). */
#include "numerics/numerics.h"
#include "survey/sat_common.h"

#include <string.h>

csat_status csat__check_scale(csat_error *err, const char *arg, const csat_scale *s)
{
    if (csat__survey_scale_check(s) == CSAT_OK)
        return CSAT_OK;
    return csat__err(err, CSAT_EINVAL, arg, CSAT_NO_ROW,
                     "%s is not a usable scale (finite ends, min < max, within +-1e100)", arg);
}

csat_status csat__answer_error(csat_error *err, const char *arg, size_t i, double x,
                               const csat_scale *s)
{
    if (isnan(x))
        return csat__err(err, CSAT_EINVAL, arg, i,
                         "%s[%zu] is missing (NaN) and the NaN policy is CSAT_NAN_ERROR", arg, i);
    return csat__err(err, CSAT_EINVAL, arg, i, "%s[%zu] = %g is off the scale [%g, %g]", arg, i, x,
                     s->min, s->max);
}

csat_status csat__weight_total(const double *w, size_t n, double *out, const char *arg,
                               csat_error *err)
{
    csat__ksum s = {0, 0};
    double total;
    csat_status st;
    if (w == NULL) {
        *out = (double)n;
        return CSAT_OK;
    }
    if ((st = csat__check_nonneg(err, arg, w, n)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        csat__ksum_add(&s, w[i]);
    total = csat__ksum_value(&s);
    if (!(total > 0.0))
        return csat__err(err, CSAT_EINVAL, arg, CSAT_NO_ROW, "%s sum to 0", arg);
    if (!isfinite(total))
        return csat__err(err, CSAT_EINVAL, arg, CSAT_NO_ROW, "%s sum past the largest double", arg);
    *out = total;
    return CSAT_OK;
}

/* Validate a column of answers: count of usable ones, or a negative status. */
static csat_status scan_answers(const double *x, size_t n, const csat_scale *s, csat_nan_policy p,
                                size_t *used, csat_error *err)
{
    size_t u = 0;
    if (x == NULL)
        return csat__err_null(err, "answers");
    if (csat__survey_scale_check(s) != CSAT_OK)
        return csat__check_scale(err, "scale", s);
    if (!csat__nan_policy_ok(p))
        return csat__err(err, CSAT_EINVAL, "nan_policy", CSAT_NO_ROW,
                         "nan_policy = %d is not a csat_nan_policy", (int)p);
    if (!csat__array_bytes_ok(n, 1, sizeof *x))
        return csat__err_size(err, "n", n);
    for (size_t i = 0; i < n; i++) {
        int st = csat__answer_status(s, p, x[i]);
        if (st < 0)
            return csat__answer_error(err, "answers", i, x[i], s);
        u += st == 0;
    }
    if (u == 0)
        return csat__err(err, CSAT_EEMPTY, "answers", CSAT_NO_ROW,
                         "answers has no answer (n = %zu, all missing)", n);
    *used = u;
    return CSAT_OK;
}

csat_status csat_csat(const double *answers, size_t n, const csat_scale *scale, double top_min,
                      csat_nan_policy nan_policy, csat_share_result *out, csat_error *err)
{
    csat_share_result r;
    size_t used, k = 0;
    csat_status st;
    double p;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = scan_answers(answers, n, scale, nan_policy, &used, err)) != CSAT_OK)
        return st;
    if (!csat__scale_contains(scale, top_min))
        return csat__err(err, CSAT_EINVAL, "top_min", CSAT_NO_ROW,
                         "top_min = %g is off the scale [%g, %g]", top_min, scale->min, scale->max);
    for (size_t i = 0; i < n; i++)
        if (!isnan(answers[i]) && csat__scale_orient(scale, answers[i]) >= top_min)
            k++;
    p = (double)k / (double)used;
    r.percent = 100.0 * p;
    r.se = 100.0 * sqrt(p * (1.0 - p) / (double)used);
    r.count = k;
    r.n = used;
    r.n_skipped = n - used;
    *out = r;
    return CSAT_OK;
}

csat_status csat_ces(const double *answers, size_t n, const csat_scale *scale,
                     csat_nan_policy nan_policy, csat_mean_result *out, csat_error *err)
{
    csat_mean_result r;
    size_t used, m = 0;
    csat_status st;
    double mean = 0.0, m2 = 0.0;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = scan_answers(answers, n, scale, nan_policy, &used, err)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        double x, d;
        if (isnan(answers[i]))
            continue;
        x = csat__scale_orient(scale, answers[i]);
        d = x - mean;
        m++;
        mean += d / (double)m;
        m2 += d * (x - mean);
    }
    r.mean = mean;
    r.sd = used > 1 ? sqrt(m2 / (double)(used - 1)) : 0.0;
    r.se = r.sd / sqrt((double)used);
    r.n = used;
    r.n_skipped = n - used;
    *out = r;
    return CSAT_OK;
}

csat_status csat_csi_options_init(csat_csi_options *opts, unsigned int version)
{
    const csat_csi_options def = CSAT_CSI_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_CSI_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

#define CSI_MAX_ITEMS 256

csat_status csat_csi(const double *answers, size_t n_respondents, size_t n_items,
                     const double *weights, const csat_csi_options *opts, csat_index_result *out,
                     csat_error *err)
{
    const csat_csi_options def = CSAT_CSI_OPTIONS_INIT;
    const csat_csi_options *o = opts ? opts : &def;
    double wt, sum[CSI_MAX_ITEMS] = {0}, lo, span;
    size_t cnt[CSI_MAX_ITEMS] = {0}, cells;
    double ymean = 0.0, ym2 = 0.0;
    csat_index_result r;
    csat_status st;
    csat__err_clear(err);

    if (answers == NULL)
        return csat__err_null(err, "answers");
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = csat__check_version(err, o->version, CSAT_CSI_OPTIONS_VERSION)) != CSAT_OK
        || (st = csat__check_scale(err, "opts->scale", &o->scale)) != CSAT_OK)
        return st;
    if (!csat__nan_policy_ok(o->nan_policy))
        return csat__err(err, CSAT_EINVAL, "opts->nan_policy", CSAT_NO_ROW,
                         "opts->nan_policy = %d is not a csat_nan_policy", (int)(o->nan_policy));
    if ((unsigned)o->method > (unsigned)CSAT_CSI_MAX)
        return csat__err(err, CSAT_EINVAL, "opts->method", CSAT_NO_ROW,
                         "opts->method = %d is not a csat_csi_method", (int)o->method);
    if (n_items > CSI_MAX_ITEMS)
        return csat__err(err, CSAT_EINVAL, "n_items", CSAT_NO_ROW, "n_items = %zu exceeds %d",
                         n_items, CSI_MAX_ITEMS);
    if (!csat__array_bytes_ok(n_respondents, n_items, sizeof *answers))
        return csat__err(err, CSAT_EINVAL, "n_respondents", CSAT_NO_ROW,
                         "n_respondents x n_items = %zu x %zu overflows the address space",
                         (size_t)(n_respondents), (size_t)(n_items));
    cells = n_respondents * n_items;
    if (cells == 0)
        return csat__err(err, CSAT_EEMPTY, "answers", CSAT_NO_ROW,
                         "no answers (n_respondents = %zu, n_items = %zu)", n_respondents, n_items);
    if ((st = csat__weight_total(weights, n_items, &wt, "weights", err)) != CSAT_OK)
        return st;
    /* RANGE maps min..max to 0..100; MAX maps 0..max (TLF's 10..100 on 1..10). */
    lo = o->method == CSAT_CSI_RANGE ? o->scale.min : 0.0;
    span = o->scale.max - lo;
    if (!(span > 0.0))
        return csat__err(err, CSAT_EDOM, "opts->scale", CSAT_NO_ROW,
                         "opts->scale.max = %g is not above 0: CSAT_CSI_MAX has no range",
                         o->scale.max);

    memset(&r, 0, sizeof r);
    for (size_t j = 0; j < n_respondents; j++) {
        const double *x = answers + j * n_items;
        double y = 0.0;
        size_t got = 0;
        for (size_t i = 0; i < n_items; i++) {
            int s = csat__answer_status(&o->scale, o->nan_policy, x[i]);
            double v;
            if (s < 0)
                return csat__answer_error(err, "answers", j * n_items + i, x[i], &o->scale);
            if (s > 0) {
                r.n_skipped++;
                continue;
            }
            v = (csat__scale_orient(&o->scale, x[i]) - lo) / span;
            sum[i] += v;
            cnt[i]++;
            y += csat__weight_at(weights, i, wt) * v;
            got++;
        }
        r.n += got > 0;
        if (got == n_items) {
            double d = 100.0 * y - ymean;
            r.n_complete++;
            ymean += d / (double)r.n_complete;
            ym2 += d * (100.0 * y - ymean);
        }
    }
    for (size_t i = 0; i < n_items; i++) {
        if (cnt[i] == 0)
            return csat__err(err, CSAT_EEMPTY, "answers", CSAT_NO_ROW,
                             "item %zu of answers has no answer (all missing)", i);
        r.index += 100.0 * csat__weight_at(weights, i, wt) * sum[i] / (double)cnt[i];
    }
    /* a weighted mean of item scores in [0, 100]: rounding may pass an end
     * by an ulp (100.00000000000001 was seen) */
    r.index = r.index < 0.0 ? 0.0 : r.index > 100.0 ? 100.0 : r.index;
    r.se = r.n_complete > 1 ? sqrt(ym2 / (double)(r.n_complete - 1) / (double)r.n_complete) : 0.0;
    *out = r;
    return CSAT_OK;
}
