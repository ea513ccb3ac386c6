/* Tracking a satisfaction score over waves: per-wave interval, change from
 * the previous wave, p-chart / X-bar chart limits with rule-1 flags and the
 * Western Electric run rules 2-4, and a score relative to competitors
 * (issue 16; docs/theory/tracking.rst, 23.6). */
#include "core/internal.h"
#include "numerics/numerics.h"
#include "survey/compare.h"

#include <math.h>
#include <string.h>

csat_status csat_tracking_options_init(csat_tracking_options *opts, unsigned int version)
{
    const csat_tracking_options def = CSAT_TRACKING_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_TRACKING_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

/* Options checks common to both charts. */
static csat_status options_check(const csat_tracking_options *o, csat_error *err)
{
    csat_status st;
    if ((st = csat__check_version(err, o->version, CSAT_TRACKING_OPTIONS_VERSION)) != CSAT_OK
        || (st = csat__check_level(err, "opts->level", o->level)) != CSAT_OK)
        return st;
    if (!(isfinite(o->limit_sigmas) && o->limit_sigmas > 0.0))
        return csat__err(err, CSAT_EINVAL, "opts->limit_sigmas", CSAT_NO_ROW,
                         "opts->limit_sigmas = %g is not finite and > 0", o->limit_sigmas);
    if (!isnan(o->sigma) && !(isfinite(o->sigma) && o->sigma > 0.0))
        return csat__err(err, CSAT_EINVAL, "opts->sigma", CSAT_NO_ROW,
                         "opts->sigma = %g is neither NaN (pooled) nor finite and > 0", o->sigma);
    if ((unsigned)o->method > (unsigned)CSAT_DIFF_AGRESTI_CAFFO)
        return csat__err(err, CSAT_EINVAL, "opts->method", CSAT_NO_ROW,
                         "opts->method = %d is not a csat_diff_interval", (int)o->method);
    return CSAT_OK;
}

/* Checks shared by both charts: the array size, at least one wave, options. */
static csat_status waves_check(size_t n_waves, const char *first, const csat_tracking_options *o,
                               csat_error *err)
{
    if (!csat__array_bytes_ok(n_waves, 1, sizeof(csat_tracking_wave)))
        return csat__err_size(err, "n_waves", n_waves);
    if (n_waves == 0)
        return csat__err(err, CSAT_EEMPTY, first, CSAT_NO_ROW, "n_waves = 0: no waves");
    return options_check(o, err);
}

static int flag_of(double x, double lcl, double ucl)
{
    return x > ucl ? 1 : x < lcl ? -1 : 0;
}

/* Wave w's distance from the centre line in its own sigmas, sigma_w =
 * unit / sqrt(n[w]) (0 when unit is 0: then every wave is on the line). */
static double zone_of(const csat_tracking_wave *r, double n, double unit)
{
    return unit > 0.0 ? (r->estimate - r->center) * sqrt(n) / unit : 0.0;
}

/* The Western Electric rules that signal at each wave, into out[w].rules
 * (bit r - 1 for rule r): rule 1 is the flag; at wave w with side s =
 * sign(z_w), rule 2 = at least 2 of the last 3 waves (w among them) beyond
 * 2 sigma on side s, rule 3 = at least 4 of the last 5 beyond 1 sigma on
 * side s, rule 4 = the last 8 all on side s. Windows are cut at wave 0: a
 * rule fires once its count is reached whatever earlier waves would show. */
static void run_rules(csat_tracking_wave *out, size_t n_waves, const double *n, double unit)
{
    for (size_t w = 0; w < n_waves; w++) {
        double zw = zone_of(&out[w], n[w], unit);
        int rules = out[w].flag != 0 ? 1 : 0;
        double s = zw > 0.0 ? 1.0 : zw < 0.0 ? -1.0 : 0.0;
        if (s != 0.0) {
            size_t beyond2 = 0, beyond1 = 0, same = 0;
            for (size_t k = 0; k < 8 && k <= w; k++) {
                double z = s * zone_of(&out[w - k], n[w - k], unit);
                if (k < 3 && z > 2.0)
                    beyond2++;
                if (k < 5 && z > 1.0)
                    beyond1++;
                if (z > 0.0 && same == k)
                    same++;
            }
            if (s * zw > 2.0 && beyond2 >= 2)
                rules |= 2;
            if (s * zw > 1.0 && beyond1 >= 4)
                rules |= 4;
            if (same >= 8)
                rules |= 8;
        }
        out[w].rules = rules;
    }
}

csat_status csat_track_shares(const double *counts, const double *n, size_t n_waves,
                              const csat_tracking_options *opts, csat_tracking_wave *out,
                              csat_error *err)
{
    const csat_tracking_options def = CSAT_TRACKING_OPTIONS_INIT;
    const csat_tracking_options *o = opts ? opts : &def;
    csat__ksum sk = {0, 0}, sn = {0, 0};
    double p, z;
    csat_status st;
    csat__err_clear(err);
    if (counts == NULL)
        return csat__err_null(err, "counts");
    if (n == NULL)
        return csat__err_null(err, "n");
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = waves_check(n_waves, "counts", o, err)) != CSAT_OK)
        return st;
    for (size_t w = 0; w < n_waves; w++) {
        if (!(isfinite(n[w]) && n[w] > 0.0))
            return csat__err(err, CSAT_EINVAL, "n", w, "n[%zu] = %g is not finite and > 0", w,
                             n[w]);
        if (!(isfinite(counts[w]) && counts[w] >= 0.0 && counts[w] <= n[w]))
            return csat__err(err, CSAT_EINVAL, "counts", w, "counts[%zu] = %g is not in [0, n[%zu] = %g]",
                             w, counts[w], w, n[w]);
        csat__ksum_add(&sk, counts[w]);
        csat__ksum_add(&sn, n[w]);
    }
    if (!isfinite(csat__ksum_value(&sn)))
        return csat__err(err, CSAT_EDOM, "n", CSAT_NO_ROW, "the sum of n overflows a double");
    p = csat__ksum_value(&sk) / csat__ksum_value(&sn);
    p = fmin(fmax(p, 0.0), 1.0);
    z = csat__norm_quantile(0.5 + 0.5 * o->level);
    /* the changes first: they are the only step that can fail */
    for (size_t w = 1; w < n_waves; w++) {
        csat_comparison c;
        st = csat_proportions_compare(counts[w], n[w], counts[w - 1], n[w - 1], o->method,
                                      o->level, &c, err);
        if (st != CSAT_OK)
            return csat__err(err, st, "counts", w,
                             "counts[%zu]: the change from wave %zu is not a double", w, w - 1);
    }
    for (size_t w = 0; w < n_waves; w++) {
        csat_tracking_wave r;
        double q = counts[w] / n[w], lo, hi, half;
        memset(&r, 0, sizeof r);
        r.estimate = 100.0 * q;
        r.se = 100.0 * sqrt(q * (1.0 - q) / n[w]);
        csat__wilson(counts[w], n[w], z, &lo, &hi);
        r.lower = 100.0 * lo;
        r.upper = 100.0 * hi;
        if (w > 0)
            (void)csat_proportions_compare(counts[w], n[w], counts[w - 1], n[w - 1], o->method,
                                           o->level, &r.change, NULL);
        r.center = 100.0 * p;
        half = o->limit_sigmas * 100.0 * sqrt(p * (1.0 - p) / n[w]);
        r.lcl = fmax(r.center - half, 0.0);
        r.ucl = fmin(r.center + half, 100.0);
        r.flag = flag_of(r.estimate, r.lcl, r.ucl);
        out[w] = r;
    }
    run_rules(out, n_waves, n, 100.0 * sqrt(p * (1.0 - p)));
    return CSAT_OK;
}

csat_status csat_track_means(const double *means, const double *sds, const double *n,
                             size_t n_waves, const csat_tracking_options *opts,
                             csat_tracking_wave *out, csat_error *err)
{
    const csat_tracking_options def = CSAT_TRACKING_OPTIONS_INIT;
    const csat_tracking_options *o = opts ? opts : &def;
    csat__ksum sx = {0, 0}, sn = {0, 0}, ss = {0, 0}, sd = {0, 0};
    double center, sigma;
    csat_status st;
    csat__err_clear(err);
    if (means == NULL)
        return csat__err_null(err, "means");
    if (sds == NULL)
        return csat__err_null(err, "sds");
    if (n == NULL)
        return csat__err_null(err, "n");
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = waves_check(n_waves, "means", o, err)) != CSAT_OK)
        return st;
    for (size_t w = 0; w < n_waves; w++) {
        if (!isfinite(means[w]))
            return csat__err(err, CSAT_EINVAL, "means", w, "means[%zu] = %g is not finite", w,
                             means[w]);
        if (!(isfinite(sds[w]) && sds[w] >= 0.0))
            return csat__err(err, CSAT_EINVAL, "sds", w, "sds[%zu] = %g is not finite and >= 0",
                             w, sds[w]);
        if (!(isfinite(n[w]) && n[w] >= 2.0))
            return csat__err(err, CSAT_EINVAL, "n", w, "n[%zu] = %g is not finite and >= 2", w,
                             n[w]);
        csat__ksum_add(&sx, n[w] * means[w]);
        csat__ksum_add(&sn, n[w]);
        csat__ksum_add(&ss, (n[w] - 1.0) * sds[w] * sds[w]);
        csat__ksum_add(&sd, n[w] - 1.0);
    }
    center = csat__ksum_value(&sx) / csat__ksum_value(&sn);
    sigma = isnan(o->sigma) ? sqrt(csat__ksum_value(&ss) / csat__ksum_value(&sd)) : o->sigma;
    if (!isfinite(center) || !isfinite(sigma))
        return csat__err(err, CSAT_EDOM, "means", CSAT_NO_ROW,
                         "the centre line or pooled SD overflows a double");
    if (!(sigma > 0.0))
        return csat__err(err, CSAT_EDOM, "sds", CSAT_NO_ROW,
                         "every wave has SD 0: the pooled SD is 0 (pass opts->sigma)");
    for (size_t w = 1; w < n_waves; w++) {
        csat_comparison c;
        st = csat_means_compare(means[w], sds[w], n[w], means[w - 1], sds[w - 1], n[w - 1],
                                o->level, &c, err);
        if (st != CSAT_OK)
            return csat__err(err, st, "means", w,
                             "means[%zu]: the change from wave %zu overflows a double", w, w - 1);
    }
    /* pass 0 checks that every wave is a double, pass 1 writes (out is
     * untouched on error) */
    for (int pass = 0; pass < 2; pass++)
        for (size_t w = 0; w < n_waves; w++) {
            csat_tracking_wave r;
            double tq = csat__t_quantile(0.5 + 0.5 * o->level, n[w] - 1.0), half;
            memset(&r, 0, sizeof r);
            r.estimate = means[w];
            r.se = sds[w] / sqrt(n[w]);
            r.lower = r.estimate - tq * r.se;
            r.upper = r.estimate + tq * r.se;
            r.center = center;
            half = o->limit_sigmas * sigma / sqrt(n[w]);
            r.lcl = center - half;
            r.ucl = center + half;
            r.flag = flag_of(r.estimate, r.lcl, r.ucl);
            if (pass == 0) {
                if (!(isfinite(r.lower) && isfinite(r.upper) && isfinite(r.lcl)
                      && isfinite(r.ucl)))
                    return csat__err(err, CSAT_EDOM, "means", w,
                                     "means[%zu]: its interval or control limits overflow a "
                                     "double (means, sds or opts->limit_sigmas near DBL_MAX)",
                                     w);
                continue;
            }
            if (w > 0)
                (void)csat_means_compare(means[w], sds[w], n[w], means[w - 1], sds[w - 1],
                                         n[w - 1], o->level, &r.change, NULL);
            out[w] = r;
        }
    run_rules(out, n_waves, n, sigma);
    return CSAT_OK;
}

csat_status csat_relative_score(double own, double own_se, const double *competitors,
                                const double *competitor_se, size_t n_competitors, double level,
                                csat_relative_result *out, csat_error *err)
{
    csat_relative_result r;
    csat__ksum sb = {0, 0}, sv = {0, 0};
    csat_status st;
    double m, z;
    csat__err_clear(err);
    if (competitors == NULL)
        return csat__err_null(err, "competitors");
    if (competitor_se == NULL)
        return csat__err_null(err, "competitor_se");
    if (out == NULL)
        return csat__err_null(err, "out");
    if (!csat__array_bytes_ok(n_competitors, 1, sizeof *competitors))
        return csat__err_size(err, "n_competitors", n_competitors);
    if (n_competitors == 0)
        return csat__err(err, CSAT_EEMPTY, "competitors", CSAT_NO_ROW,
                         "n_competitors = 0: no benchmark");
    if ((st = csat__check_real(err, "own", own)) != CSAT_OK
        || (st = csat__check_amount(err, "own_se", own_se)) != CSAT_OK
        || (st = csat__check_finite(err, "competitors", competitors, n_competitors)) != CSAT_OK
        || (st = csat__check_nonneg(err, "competitor_se", competitor_se, n_competitors)) != CSAT_OK
        || (st = csat__check_level(err, "level", level)) != CSAT_OK)
        return st;
    m = (double)n_competitors;
    for (size_t j = 0; j < n_competitors; j++) {
        csat__ksum_add(&sb, competitors[j] / m);
        csat__ksum_add(&sv, (competitor_se[j] / m) * (competitor_se[j] / m));
    }
    memset(&r, 0, sizeof r);
    z = csat__norm_quantile(0.5 + 0.5 * level);
    r.own = own;
    r.benchmark = csat__ksum_value(&sb);
    r.benchmark_se = sqrt(csat__ksum_value(&sv));
    r.difference = own - r.benchmark;
    r.difference_se = hypot(own_se, r.benchmark_se);
    r.difference_lower = r.difference - z * r.difference_se;
    r.difference_upper = r.difference + z * r.difference_se;
    if (own > 0.0 && r.benchmark > 0.0) {
        double ls = hypot(own_se / own, r.benchmark_se / r.benchmark);
        r.valid_ratio = 1;
        r.ratio = own / r.benchmark;
        r.ratio_lower = r.ratio * exp(-z * ls);
        r.ratio_upper = r.ratio * exp(z * ls);
    }
    {
        const double v[] = {r.benchmark_se, r.difference, r.difference_se, r.difference_lower,
                            r.difference_upper, r.ratio, r.ratio_lower, r.ratio_upper};
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
            if (!isfinite(v[i]))
                return csat__err(err, CSAT_EDOM, NULL, CSAT_NO_ROW,
                                 "the relative score overflows a double (inputs near DBL_MAX)");
    }
    *out = r;
    return CSAT_OK;
}
