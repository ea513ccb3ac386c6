/* Net Promoter Score: counts, score, variance, Wald / adjusted-Wald / score
 * intervals, two-sample comparison, sample size (docs/theory/satisfaction.rst, 6.5). */
#include "core/internal.h"
#include "survey/sat_common.h"
#include "numerics/numerics.h"

#include <math.h>
#include <string.h>

csat_status csat_nps_options_init(csat_nps_options *opts, unsigned int version)
{
    const csat_nps_options def = CSAT_NPS_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_NPS_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

static const char *const COUNTS[3] = {"promoters", "passives", "detractors"};
static const char *const COUNTS1[3] = {"promoters1", "passives1", "detractors1"};
static const char *const COUNTS2[3] = {"promoters2", "passives2", "detractors2"};

/* Each count finite and >= 0 (CSAT_EINVAL naming the first that is not),
 * and a total in (0, DBL_MAX] (CSAT_EDOM otherwise: the counts are valid,
 * the result is not a double). */
static csat_status counts_check(double p, double pa, double d, const char *const name[3],
                                csat_error *err)
{
    const double c[3] = {p, pa, d};
    double total = p + pa + d;
    for (int k = 0; k < 3; k++)
        if (!(isfinite(c[k]) && c[k] >= 0))
            return csat__err(err, CSAT_EINVAL, name[k], CSAT_NO_ROW, "%s = %g is not a count >= 0",
                             name[k], c[k]);
    if (!(total > 0.0))
        return csat__err(err, CSAT_EDOM, name[0], CSAT_NO_ROW, "%s + %s + %s = 0: no answers",
                         name[0], name[1], name[2]);
    if (!isfinite(total))
        return csat__err(err, CSAT_EDOM, name[0], CSAT_NO_ROW, "%s + %s + %s overflows a double",
                         name[0], name[1], name[2]);
    return CSAT_OK;
}

/* Var(s) for shares pP, pD: pP + pD - (pP - pD)^2, never negative. */
static double nps_var(double pp, double pd)
{
    double v = pp + pd - (pp - pd) * (pp - pd);
    return v > 0.0 ? v : 0.0;
}

static void fill_result(csat_nps_result *r, double p, double pa, double d)
{
    double n = p + pa + d;
    r->promoters = p;
    r->passives = pa;
    r->detractors = d;
    r->n = n;
    r->score = 100.0 * ((p - d) / n); /* divide first: 100 (p - d) can overflow */
    r->variance = nps_var(p / n, d / n);
    r->se = 100.0 * sqrt(r->variance / n);
}

csat_status csat_nps_from_counts(double promoters, double passives, double detractors,
                                 csat_nps_result *out, csat_error *err)
{
    csat_nps_result r;
    csat_status st;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    st = counts_check(promoters, passives, detractors, COUNTS, err);
    if (st != CSAT_OK)
        return st;
    memset(&r, 0, sizeof r);
    fill_result(&r, promoters, passives, detractors);
    *out = r;
    return CSAT_OK;
}

csat_status csat_nps(const double *answers, size_t n, const csat_nps_options *opts,
                     csat_nps_result *out, csat_error *err)
{
    const csat_nps_options def = CSAT_NPS_OPTIONS_INIT;
    const csat_nps_options *o = opts ? opts : &def;
    size_t c[3] = {0, 0, 0}, skipped = 0;
    csat_nps_result r;
    csat_status st;
    csat__err_clear(err);
    if (answers == NULL)
        return csat__err_null(err, "answers");
    if (out == NULL)
        return csat__err_null(err, "out");
    if (!csat__array_bytes_ok(n, 1, sizeof *answers))
        return csat__err_size(err, "n", n);
    if ((st = csat__check_version(err, o->version, CSAT_NPS_OPTIONS_VERSION)) != CSAT_OK
        || (st = csat__check_scale(err, "opts->scale", &o->scale)) != CSAT_OK)
        return st;
    if (!isfinite(o->detractor_max))
        return csat__err(err, CSAT_EINVAL, "opts->detractor_max", CSAT_NO_ROW,
                         "opts->detractor_max = %g is not finite", o->detractor_max);
    if (!isfinite(o->promoter_min))
        return csat__err(err, CSAT_EINVAL, "opts->promoter_min", CSAT_NO_ROW,
                         "opts->promoter_min = %g is not finite", o->promoter_min);
    if (!(o->detractor_max < o->promoter_min))
        return csat__err(err, CSAT_EINVAL, "opts->detractor_max", CSAT_NO_ROW,
                         "opts->detractor_max = %g is not below opts->promoter_min = %g",
                         o->detractor_max, o->promoter_min);
    if (o->nan_policy != CSAT_NAN_ERROR && o->nan_policy != CSAT_NAN_SKIP)
        return csat__err(err, CSAT_EINVAL, "opts->nan_policy", CSAT_NO_ROW,
                         "opts->nan_policy = %d is not a csat_nan_policy", (int)o->nan_policy);
    for (size_t i = 0; i < n; i++) {
        double x = answers[i];
        if (isnan(x) && o->nan_policy == CSAT_NAN_SKIP) {
            skipped++;
            continue;
        }
        if (!csat__scale_contains(&o->scale, x))
            return csat__err(err, CSAT_EINVAL, "answers", i, "answers[%zu] = %g is %s [%g, %g]", i,
                             x, isnan(x) ? "NaN, not an answer on the scale" : "off the scale",
                             o->scale.min, o->scale.max);
        x = csat__scale_orient(&o->scale, x);
        c[x >= o->promoter_min ? 0 : x <= o->detractor_max ? 2 : 1]++;
    }
    if (n == skipped)
        return csat__err(err, CSAT_EEMPTY, "answers", CSAT_NO_ROW,
                         "answers has no answer (n = %zu, %zu missing)", n, skipped);
    memset(&r, 0, sizeof r);
    fill_result(&r, (double)c[0], (double)c[1], (double)c[2]);
    r.n_skipped = skipped;
    *out = r;
    return CSAT_OK;
}

static int level_ok(double level)
{
    return isfinite(level) && level > 0.0 && level < 1.0;
}

static double z_of(double level)
{
    return csat__norm_quantile(0.5 + 0.5 * level);
}

/* Score statistic at t for d detractors, p promoters of n: (p - d - n t) /
 * sqrt(n Var_t), Var_t from the MLE of pD restricted to pP - pD = t. Returns
 * +-HUGE_VAL where the restricted variance vanishes. */
static double score_stat(double d, double p, double n, double t)
{
    double a = 2.0 * n, b = -d - p + (2.0 * n - p + d) * t, c = -d * t * (1.0 - t);
    double q = (sqrt(fmax(b * b - 4.0 * a * c, 0.0)) - b) / (2.0 * a);
    double v = n * (2.0 * q + t * (1.0 - t));
    double num = p - d - n * t;
    if (!(v > 0.0))
        return num >= 0.0 ? HUGE_VAL : -HUGE_VAL;
    return num / sqrt(v);
}

/* The t in [lo, hi] where score_stat crosses target (it decreases in t). */
static double score_root(double d, double p, double n, double lo, double hi, double target)
{
    for (int it = 0; it < 200 && hi - lo > 1e-13; it++) {
        double m = 0.5 * (lo + hi);
        if (score_stat(d, p, n, m) > target)
            lo = m;
        else
            hi = m;
    }
    return 0.5 * (lo + hi);
}

csat_status csat_nps_interval_counts(double promoters, double passives, double detractors,
                                     csat_nps_interval_method method, double level, int clip,
                                     double population, csat_nps_interval *out, csat_error *err)
{
    double n = promoters + passives + detractors, z, est;
    csat_nps_interval r;
    csat_status st;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    st = counts_check(promoters, passives, detractors, COUNTS, err);
    if (st != CSAT_OK)
        return st;
    if (!level_ok(level))
        return csat__err(err, CSAT_EINVAL, "level", CSAT_NO_ROW, "level = %g is not in (0, 1)",
                         level);
    if ((st = csat__check_amount(err, "population", population)) != CSAT_OK)
        return st;
    if ((unsigned)method > (unsigned)CSAT_NPS_SCORE)
        return csat__err(err, CSAT_EINVAL, "method", CSAT_NO_ROW,
                         "method = %d is not a csat_nps_interval_method", (int)method);
    if (population > 0.0 && population < n)
        return csat__err(err, CSAT_EINVAL, "population", CSAT_NO_ROW,
                         "population = %g is below the sample size %g", population, n);
    z = z_of(level);
    if (method == CSAT_NPS_SCORE) {
        est = (promoters - detractors) / n;
        r.estimate = 100.0 * est;
        r.upper = 100.0 * (promoters >= n ? 1.0 : score_root(detractors, promoters, n, est, 1.0, -z));
        r.lower = 100.0 * (detractors >= n ? -1.0 : score_root(detractors, promoters, n, -1.0, est, z));
        r.se = 0.0;
    } else {
        double p = promoters, d = detractors, m = n, var;
        if (method == CSAT_NPS_ADJUSTED_WALD) {
            p += 0.75;
            d += 0.75;
            m += 3.0;
        }
        est = (p - d) / m;
        var = nps_var(p / m, d / m);
        if (population > 0.0)
            var *= population > 1.0 ? (population - n) / (population - 1.0) : 0.0;
        r.estimate = 100.0 * est;
        r.se = 100.0 * sqrt(var / m);
        r.lower = r.estimate - z * r.se;
        r.upper = r.estimate + z * r.se;
        if (clip) {
            r.lower = fmax(r.lower, -100.0);
            r.upper = fmin(r.upper, 100.0);
        }
    }
    *out = r;
    return CSAT_OK;
}

csat_status csat_nps_compare(double promoters1, double passives1, double detractors1,
                             double promoters2, double passives2, double detractors2, double level,
                             csat_nps_comparison *out, csat_error *err)
{
    csat_nps_result a, b;
    csat_nps_comparison r;
    csat_status st;
    double z;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    if (!level_ok(level))
        return csat__err(err, CSAT_EINVAL, "level", CSAT_NO_ROW, "level = %g is not in (0, 1)",
                         level);
    if ((st = counts_check(promoters1, passives1, detractors1, COUNTS1, err)) != CSAT_OK
        || (st = counts_check(promoters2, passives2, detractors2, COUNTS2, err)) != CSAT_OK)
        return st;
    fill_result(&a, promoters1, passives1, detractors1);
    fill_result(&b, promoters2, passives2, detractors2);
    r.difference = a.score - b.score;
    r.se = 100.0 * sqrt(a.variance / a.n + b.variance / b.n);
    if (!(r.se > 0.0))
        return csat__err(err, CSAT_EDOM, NULL, CSAT_NO_ROW,
                         "both samples have zero variance: the difference has no standard error");
    r.z = r.difference / r.se;
    r.p_value = 2.0 * csat__norm_sf(fabs(r.z));
    z = z_of(level);
    r.lower = r.difference - z * r.se;
    r.upper = r.difference + z * r.se;
    *out = r;
    return CSAT_OK;
}

csat_status csat_nps_sample_size(double variance, double half_width, double level, double *n,
                                 csat_error *err)
{
    double z, h, v;
    csat__err_clear(err);
    if (n == NULL)
        return csat__err_null(err, "n");
    if (!(isfinite(variance) && variance >= 0.0 && variance <= 1.0))
        return csat__err(err, CSAT_EINVAL, "variance", CSAT_NO_ROW,
                         "variance = %g is not in [0, 1]", variance);
    if (!(isfinite(half_width) && half_width > 0.0))
        return csat__err(err, CSAT_EINVAL, "half_width", CSAT_NO_ROW,
                         "half_width = %g is not finite and > 0", half_width);
    if (!level_ok(level))
        return csat__err(err, CSAT_EINVAL, "level", CSAT_NO_ROW, "level = %g is not in (0, 1)",
                         level);
    z = z_of(level);
    h = half_width / 100.0;
    /* (z sqrt(var) / h)^2: h * h underflowed to 0 for tiny half-widths
     * (n = Inf); this overflows only when n itself does */
    v = z * sqrt(variance) / h;
    v *= v;
    if (!isfinite(v))
        return csat__err(err, CSAT_EDOM, "half_width", CSAT_NO_ROW,
                         "half_width = %g needs more respondents than the largest double",
                         half_width);
    /* Guard against 1024.0000000001-style rounding pushing ceil up by one. */
    *n = ceil(v * (1.0 - 1e-12));
    return CSAT_OK;
}
