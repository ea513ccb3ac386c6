/* Expectation-disconfirmation and the seven-factor model in difference-score
 * form (docs/theory/satisfaction.rst, 2.1-2.2). */
#include "numerics/numerics.h"
#include "survey/sat_common.h"

csat_status csat_disconfirm(const double *perceived, const double *expected, size_t n_attributes,
                            const double *weights, const csat_scale *scale, double tau,
                            csat_nan_policy nan_policy, double *d, csat_disconfirmation *states,
                            csat_disconfirmation_result *overall, csat_error *err)
{
    csat__ksum s = {0, 0}, sw = {0, 0};
    double wt, total;
    size_t skipped = 0;
    csat_status st;
    csat__err_clear(err);
    if (perceived == NULL)
        return csat__err_null(err, "perceived");
    if (expected == NULL)
        return csat__err_null(err, "expected");
    if (overall == NULL)
        return csat__err_null(err, "overall");
    if ((st = csat__check_scale(err, "scale", scale)) != CSAT_OK
        || (st = csat__check_amount(err, "tau", tau)) != CSAT_OK)
        return st;
    if (!csat__nan_policy_ok(nan_policy))
        return csat__err(err, CSAT_EINVAL, "nan_policy", CSAT_NO_ROW,
                         "nan_policy = %d is not a csat_nan_policy", (int)(nan_policy));
    if (!csat__array_bytes_ok(n_attributes, 1, sizeof(double)))
        return csat__err_size(err, "n_attributes", n_attributes);
    if (n_attributes == 0)
        return csat__err(err, CSAT_EEMPTY, "n_attributes", CSAT_NO_ROW,
                         "n_attributes = 0: no attributes");
    if ((st = csat__weight_total(weights, n_attributes, &wt, "weights", err)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n_attributes; i++) {
        int a = csat__answer_status(scale, nan_policy, perceived[i]);
        int b = csat__answer_status(scale, nan_policy, expected[i]);
        if (a < 0)
            return csat__answer_error(err, "perceived", i, perceived[i], scale);
        if (b < 0)
            return csat__answer_error(err, "expected", i, expected[i], scale);
        if (a > 0 || b > 0)
            skipped++;
        else
            csat__ksum_add(&sw, csat__weight_at(weights, i, wt));
    }
    if (skipped == n_attributes)
        return csat__err(err, CSAT_EEMPTY, "perceived", CSAT_NO_ROW,
                         "every attribute of perceived or expected is missing (n_attributes = %zu)", n_attributes);
    total = csat__ksum_value(&sw);
    if (!(total > 0.0))
        return csat__err(err, CSAT_EINVAL, "weights", CSAT_NO_ROW,
                         "weights of the answered attributes sum to 0");
    for (size_t i = 0; i < n_attributes; i++) {
        double di;
        if (isnan(perceived[i]) || isnan(expected[i]))
            continue;
        /* Mirroring both flips the sign, so P - E keeps "above expectation > 0". */
        di = csat__scale_orient(scale, perceived[i]) - csat__scale_orient(scale, expected[i]);
        csat__ksum_add(&s, csat__weight_at(weights, i, wt) / total * di);
        if (d)
            d[i] = di;
        if (states)
            states[i] = csat__classify3(di, tau);
    }
    overall->d = csat__ksum_value(&s);
    overall->state = csat__classify3(overall->d, tau);
    overall->n_skipped = skipped;
    return CSAT_OK;
}

csat_status csat_seven_factor(double desires, double expectations, double performance,
                              const csat_scale *scale, const csat_seven_factor_paths *paths,
                              csat_seven_factor_result *out, csat_error *err)
{
    csat_seven_factor_result r;
    csat_status st;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    if (paths == NULL)
        return csat__err_null(err, "paths");
    if ((st = csat__check_scale(err, "scale", scale)) != CSAT_OK)
        return st;
    if (!csat__scale_contains(scale, desires))
        return csat__err(err, CSAT_EINVAL, "desires", CSAT_NO_ROW, "desires = %g is off the scale [%g, %g]",
                         desires, scale->min, scale->max);
    if (!csat__scale_contains(scale, expectations))
        return csat__err(err, CSAT_EINVAL, "expectations", CSAT_NO_ROW, "expectations = %g is off the scale [%g, %g]",
                         expectations, scale->min, scale->max);
    if (!csat__scale_contains(scale, performance))
        return csat__err(err, CSAT_EINVAL, "performance", CSAT_NO_ROW, "performance = %g is off the scale [%g, %g]",
                         performance, scale->min, scale->max);
    if (!isfinite(paths->a_dc))
        return csat__err(err, CSAT_EINVAL, "paths->a_dc", CSAT_NO_ROW, "paths->a_dc = %g is not finite",
                         paths->a_dc);
    if (!isfinite(paths->a_ec))
        return csat__err(err, CSAT_EINVAL, "paths->a_ec", CSAT_NO_ROW, "paths->a_ec = %g is not finite",
                         paths->a_ec);
    if (!isfinite(paths->b_dc))
        return csat__err(err, CSAT_EINVAL, "paths->b_dc", CSAT_NO_ROW, "paths->b_dc = %g is not finite",
                         paths->b_dc);
    if (!isfinite(paths->b_ec))
        return csat__err(err, CSAT_EINVAL, "paths->b_ec", CSAT_NO_ROW, "paths->b_ec = %g is not finite",
                         paths->b_ec);
    if (!isfinite(paths->c_as))
        return csat__err(err, CSAT_EINVAL, "paths->c_as", CSAT_NO_ROW, "paths->c_as = %g is not finite",
                         paths->c_as);
    if (!isfinite(paths->c_is))
        return csat__err(err, CSAT_EINVAL, "paths->c_is", CSAT_NO_ROW, "paths->c_is = %g is not finite",
                         paths->c_is);
    performance = csat__scale_orient(scale, performance);
    r.desires_congruency = performance - csat__scale_orient(scale, desires);
    r.expectations_congruency = performance - csat__scale_orient(scale, expectations);
    r.attribute_satisfaction = paths->a_dc * r.desires_congruency + paths->a_ec * r.expectations_congruency;
    r.information_satisfaction =
        paths->b_dc * r.desires_congruency + paths->b_ec * r.expectations_congruency;
    r.overall_satisfaction =
        paths->c_as * r.attribute_satisfaction + paths->c_is * r.information_satisfaction;
    /* path weights so large that the products overflow */
    if (!isfinite(r.attribute_satisfaction) || !isfinite(r.information_satisfaction)
        || !isfinite(r.overall_satisfaction))
        return csat__err(err, CSAT_EDOM, "paths", CSAT_NO_ROW,
                         "paths are so large that the satisfactions overflow a double");
    *out = r;
    return CSAT_OK;
}
