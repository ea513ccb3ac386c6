/* Loyalty typologies and scores: Oliver's phases, Dick & Basu, Jones &
 * Sasser, the six-indicator loyalty index, relationship bonds (docs/theory/loyalty.rst, 7). */
#include "numerics/numerics.h"
#include "survey/sat_common.h"

/* Indicators where a higher raw value means less loyalty. */
static const unsigned char indicator_negative[CSAT_LOYALTY_N_INDICATORS] = {0, 0, 1, 1, 1, 0};
static const double bond_weights[4] = {1, 2, 3, 4};

/* x mapped to [0, 1] through its scale, mirrored when `mirror`. */
static double unit(const csat_scale *s, double x, int mirror)
{
    double u = (x - s->min) / (s->max - s->min);
    u = u < 0.0 ? 0.0 : u > 1.0 ? 1.0 : u; /* scale_contains allows 1e-12 of slack */
    return mirror ? 1.0 - u : u;
}

csat_status csat_oliver_phase_of(const double scores[4], const double thresholds[4],
                                 const csat_scale *scale, csat_oliver_phase *out, csat_error *err)
{
    int phase = CSAT_OLIVER_NONE;
    csat_status st;
    csat__err_clear(err);
    if (scores == NULL)
        return csat__err_null(err, "scores");
    if (thresholds == NULL)
        return csat__err_null(err, "thresholds");
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = csat__check_scale(err, "scale", scale)) != CSAT_OK)
        return st;
    for (size_t k = 0; k < 4; k++) {
        if (!csat__scale_contains(scale, scores[k]))
            return csat__err(err, CSAT_EINVAL, "scores", k, "scores[%zu] = %g is off the scale [%g, %g]",
                             k, scores[k], scale->min, scale->max);
        if (!isfinite(thresholds[k]))
            return csat__err(err, CSAT_EINVAL, "thresholds", k, "thresholds[%zu] = %g is not finite", k,
                             thresholds[k]);
    }
    while (phase < 4
           && csat__scale_orient(scale, scores[phase]) >= thresholds[phase])
        phase++;
    *out = (csat_oliver_phase)phase;
    return CSAT_OK;
}

csat_status csat_dick_basu_classify(double relative_attitude, double repeat_patronage,
                                    double attitude_cut, double patronage_cut, csat_dick_basu *out,
                                    csat_error *err)
{
    int ha, hp;
    csat_status st;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = csat__check_real(err, "relative_attitude", relative_attitude)) != CSAT_OK
        || (st = csat__check_real(err, "repeat_patronage", repeat_patronage)) != CSAT_OK
        || (st = csat__check_real(err, "attitude_cut", attitude_cut)) != CSAT_OK
        || (st = csat__check_real(err, "patronage_cut", patronage_cut)) != CSAT_OK)
        return st;
    ha = relative_attitude >= attitude_cut;
    hp = repeat_patronage >= patronage_cut;
    *out = ha ? (hp ? CSAT_DB_LOYALTY : CSAT_DB_LATENT) : (hp ? CSAT_DB_SPURIOUS : CSAT_DB_NONE);
    return CSAT_OK;
}

csat_status csat_jones_sasser_options_init(csat_jones_sasser_options *opts, unsigned int version)
{
    const csat_jones_sasser_options def = CSAT_JONES_SASSER_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_JONES_SASSER_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

static csat_jones_sasser js_type(const csat_jones_sasser_options *o, double s, double l)
{
    int hs = s >= o->high, hl = l >= o->high;
    if (s >= o->apostle && l >= o->apostle)
        return CSAT_JS_APOSTLE;
    if (s <= o->terrorist && l <= o->terrorist)
        return CSAT_JS_TERRORIST;
    if (hs && hl)
        return CSAT_JS_LOYALIST;
    if (hs)
        return CSAT_JS_MERCENARY;
    if (hl)
        return CSAT_JS_HOSTAGE;
    return CSAT_JS_DEFECTOR;
}

csat_status csat_jones_sasser_classify(const double *satisfaction, const double *loyalty, size_t n,
                                       const csat_jones_sasser_options *opts, csat_jones_sasser *out,
                                       csat_error *err)
{
    const csat_jones_sasser_options def = CSAT_JONES_SASSER_OPTIONS_INIT;
    const csat_jones_sasser_options *o = opts ? opts : &def;
    csat_status st;
    csat__err_clear(err);
    if (satisfaction == NULL)
        return csat__err_null(err, "satisfaction");
    if (loyalty == NULL)
        return csat__err_null(err, "loyalty");
    if (out == NULL)
        return csat__err_null(err, "out");
    if (!csat__array_bytes_ok(n, 1, sizeof(double)))
        return csat__err_size(err, "n", n);
    if ((st = csat__check_version(err, o->version, CSAT_JONES_SASSER_OPTIONS_VERSION)) != CSAT_OK
        || (st = csat__check_scale(err, "opts->scale", &o->scale)) != CSAT_OK)
        return st;
    if (!isfinite(o->high))
        return csat__err(err, CSAT_EINVAL, "opts->high", CSAT_NO_ROW, "opts->high = %g is not finite",
                         o->high);
    if (!isfinite(o->apostle))
        return csat__err(err, CSAT_EINVAL, "opts->apostle", CSAT_NO_ROW,
                         "opts->apostle = %g is not finite", o->apostle);
    if (!isfinite(o->terrorist))
        return csat__err(err, CSAT_EINVAL, "opts->terrorist", CSAT_NO_ROW,
                         "opts->terrorist = %g is not finite", o->terrorist);
    /* The extremes must sit beyond "high" / below it, or the cells overlap. */
    if (!(o->apostle >= o->high))
        return csat__err(err, CSAT_EINVAL, "opts->apostle", CSAT_NO_ROW,
                         "opts->apostle = %g is below opts->high = %g", o->apostle, o->high);
    if (!(o->terrorist < o->high))
        return csat__err(err, CSAT_EINVAL, "opts->terrorist", CSAT_NO_ROW,
                         "opts->terrorist = %g is not below opts->high = %g", o->terrorist, o->high);
    if (!csat__nan_policy_ok(o->nan_policy))
        return csat__err(err, CSAT_EINVAL, "opts->nan_policy", CSAT_NO_ROW,
                         "opts->nan_policy = %d is not a csat_nan_policy", (int)(o->nan_policy));
    {
        size_t used = 0;
        for (size_t i = 0; i < n; i++) {
            int a = csat__answer_status(&o->scale, o->nan_policy, satisfaction[i]);
            int b = csat__answer_status(&o->scale, o->nan_policy, loyalty[i]);
            if (a < 0)
                return csat__answer_error(err, "satisfaction", i, satisfaction[i], &o->scale);
            if (b < 0)
                return csat__answer_error(err, "loyalty", i, loyalty[i], &o->scale);
            used += a == 0 && b == 0;
        }
        if (used == 0)
            return csat__err(err, CSAT_EEMPTY, "satisfaction", CSAT_NO_ROW,
                             "satisfaction and loyalty have no respondent with both answers (n = %zu)", n);
    }
    for (size_t i = 0; i < n; i++)
        out[i] = isnan(satisfaction[i]) || isnan(loyalty[i])
                     ? CSAT_JS_MISSING
                     : js_type(o, csat__scale_orient(&o->scale, satisfaction[i]),
                               csat__scale_orient(&o->scale, loyalty[i]));
    return CSAT_OK;
}

/* Weighted mean of one row's present indicators, or -1 if none carries weight. */
static double loyalty_row(const double *x, const csat_scale *scales, const double *w, double wt)
{
    double s = 0.0, sw = 0.0;
    for (int k = 0; k < CSAT_LOYALTY_N_INDICATORS; k++) {
        double wk = csat__weight_at(w, (size_t)k, wt);
        if (isnan(x[k]) || wk == 0.0)
            continue;
        s += wk * unit(&scales[k], x[k], (scales[k].reversed != 0) ^ indicator_negative[k]);
        sw += wk;
    }
    return sw > 0.0 ? 100.0 * s / sw : -1.0;
}

csat_status csat_loyalty_index(const double *values, size_t n,
                               const csat_scale scales[CSAT_LOYALTY_N_INDICATORS],
                               const double *weights, csat_nan_policy nan_policy, double *index,
                               csat_error *err)
{
    double wt;
    csat_status st;
    csat__err_clear(err);
    if (values == NULL)
        return csat__err_null(err, "values");
    if (scales == NULL)
        return csat__err_null(err, "scales");
    if (index == NULL)
        return csat__err_null(err, "index");
    if (!csat__nan_policy_ok(nan_policy))
        return csat__err(err, CSAT_EINVAL, "nan_policy", CSAT_NO_ROW,
                         "nan_policy = %d is not a csat_nan_policy", (int)(nan_policy));
    if (!csat__array_bytes_ok(n, CSAT_LOYALTY_N_INDICATORS, sizeof(double)))
        return csat__err_size(err, "n", n);
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no respondents");
    for (size_t k = 0; k < CSAT_LOYALTY_N_INDICATORS; k++)
        if (csat__survey_scale_check(&scales[k]) != CSAT_OK)
            return csat__err(err, CSAT_EINVAL, "scales", k,
                             "scales[%zu] is not a usable scale (finite ends, min < max, within "
                             "+-1e100)",
                             k);
    if ((st = csat__weight_total(weights, CSAT_LOYALTY_N_INDICATORS, &wt, "weights", err)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        const double *x = values + i * CSAT_LOYALTY_N_INDICATORS;
        for (int k = 0; k < CSAT_LOYALTY_N_INDICATORS; k++)
            if (csat__answer_status(&scales[k], nan_policy, x[k]) < 0)
                return csat__answer_error(err, "values", i * CSAT_LOYALTY_N_INDICATORS + (size_t)k,
                                          x[k], &scales[k]);
        if (loyalty_row(x, scales, weights, wt) < 0.0)
            return csat__err(err, CSAT_EEMPTY, "values", i * CSAT_LOYALTY_N_INDICATORS,
                             "values of respondent %zu have no answered indicator with weight > 0", i);
    }
    for (size_t i = 0; i < n; i++)
        index[i] = loyalty_row(values + i * CSAT_LOYALTY_N_INDICATORS, scales, weights, wt);
    return CSAT_OK;
}

csat_status csat_loyalty_bond_score(const double scores[4], const csat_scale *scale,
                                    const double *weights, double *score,
                                    csat_loyalty_bond *strongest, csat_error *err)
{
    const double *w = weights ? weights : bond_weights;
    double wt, s = 0.0, mid;
    int best = CSAT_LOYALTY_BOND_NONE;
    csat_status st;
    csat__err_clear(err);
    if (scores == NULL)
        return csat__err_null(err, "scores");
    if (score == NULL)
        return csat__err_null(err, "score");
    if ((st = csat__check_scale(err, "scale", scale)) != CSAT_OK)
        return st;
    for (size_t k = 0; k < 4; k++)
        if (!csat__scale_contains(scale, scores[k]))
            return csat__err(err, CSAT_EINVAL, "scores", k, "scores[%zu] = %g is off the scale [%g, %g]",
                             k, scores[k], scale->min, scale->max);
    if ((st = csat__weight_total(w, 4, &wt, "weights", err)) != CSAT_OK)
        return st;
    mid = 0.5;
    for (int k = 0; k < 4; k++) {
        double u = unit(scale, scores[k], scale->reversed != 0);
        s += csat__weight_at(w, (size_t)k, wt) * u;
        if (u >= mid)
            best = k + 1;
    }
    /* a convex combination of values in [0, 1]: only rounding of the
     * normalised weights puts it outside (100.00000000000003; fuzz_survey) */
    *score = 100.0 * (s < 0.0 ? 0.0 : s > 1.0 ? 1.0 : s);
    if (strongest)
        *strongest = (csat_loyalty_bond)best;
    return CSAT_OK;
}
