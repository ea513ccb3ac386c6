/* Expectation-disconfirmation and the seven-factor model in difference-score
 * form (models.md 2.1-2.2). */
#include "numerics/numerics.h"
#include "survey/sat_common.h"

csat_status csat_disconfirm(const double *perceived, const double *expected, size_t n_attributes,
                            const double *weights, const csat_scale *scale, double tau,
                            csat_nan_policy nan_policy, double *d, csat_disconfirmation *states,
                            csat_disconfirmation_result *overall)
{
    csat__ksum s = {0, 0}, sw = {0, 0};
    double wt, total;
    size_t skipped = 0;
    csat_status st;
    if (perceived == NULL || expected == NULL || overall == NULL
        || csat__survey_scale_check(scale) != CSAT_OK || !(isfinite(tau) && tau >= 0.0)
        || !csat__nan_policy_ok(nan_policy) || !csat__array_bytes_ok(n_attributes, 1, sizeof(double)))
        return CSAT_EINVAL;
    if (n_attributes == 0)
        return CSAT_EEMPTY;
    if ((st = csat__weight_total(weights, n_attributes, &wt)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n_attributes; i++) {
        int a = csat__answer_status(scale, nan_policy, perceived[i]);
        int b = csat__answer_status(scale, nan_policy, expected[i]);
        if (a < 0 || b < 0)
            return CSAT_EINVAL;
        if (a > 0 || b > 0)
            skipped++;
        else
            csat__ksum_add(&sw, csat__weight_at(weights, i, wt));
    }
    if (skipped == n_attributes)
        return CSAT_EEMPTY;
    total = csat__ksum_value(&sw);
    if (!(total > 0.0))
        return CSAT_EINVAL;
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
                              csat_seven_factor_result *out)
{
    csat_seven_factor_result r;
    if (out == NULL || paths == NULL || csat__survey_scale_check(scale) != CSAT_OK
        || !csat__scale_contains(scale, desires) || !csat__scale_contains(scale, expectations)
        || !csat__scale_contains(scale, performance))
        return CSAT_EINVAL;
    if (!isfinite(paths->a_dc) || !isfinite(paths->a_ec) || !isfinite(paths->b_dc)
        || !isfinite(paths->b_ec) || !isfinite(paths->c_as) || !isfinite(paths->c_is))
        return CSAT_EINVAL;
    performance = csat__scale_orient(scale, performance);
    r.desires_congruency = performance - csat__scale_orient(scale, desires);
    r.expectations_congruency = performance - csat__scale_orient(scale, expectations);
    r.attribute_satisfaction = paths->a_dc * r.desires_congruency + paths->a_ec * r.expectations_congruency;
    r.information_satisfaction =
        paths->b_dc * r.desires_congruency + paths->b_ec * r.expectations_congruency;
    r.overall_satisfaction =
        paths->c_as * r.attribute_satisfaction + paths->c_is * r.information_satisfaction;
    if (!isfinite(r.attribute_satisfaction) || !isfinite(r.information_satisfaction)
        || !isfinite(r.overall_satisfaction))
        return CSAT_EDOM; /* path weights so large that the products overflow */
    *out = r;
    return CSAT_OK;
}
