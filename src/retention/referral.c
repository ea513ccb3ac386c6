/* Word of mouth and the referral value of satisfied customers: closed-form
 * arithmetic, every constant a parameter (docs/theory/loyalty_economics.rst, 25.4). */
#include "core/internal.h"

#include <math.h>

csat_status csat_referral_value(double satisfied, double dissatisfied,
                                double leads_per_satisfied, double closing_rate,
                                double people_told, double value_per_customer,
                                csat_referral *out, csat_error *err)
{
    csat_referral r;
    csat_status st;
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    if ((st = csat__check_amount(err, "satisfied", satisfied)) != CSAT_OK
        || (st = csat__check_amount(err, "dissatisfied", dissatisfied)) != CSAT_OK
        || (st = csat__check_amount(err, "leads_per_satisfied", leads_per_satisfied)) != CSAT_OK
        || (st = csat__check_amount(err, "people_told", people_told)) != CSAT_OK
        || (st = csat__check_amount(err, "value_per_customer", value_per_customer)) != CSAT_OK)
        return st;
    if (!(closing_rate >= 0.0 && closing_rate <= 1.0))
        return csat__err(err, CSAT_EINVAL, "closing_rate", CSAT_NO_ROW,
                         "closing_rate = %g is outside [0, 1]", closing_rate);
    r.leads = satisfied * leads_per_satisfied;
    r.referred = r.leads * closing_rate;
    r.value = r.referred * value_per_customer;
    r.value_per_satisfied = leads_per_satisfied * closing_rate * value_per_customer;
    r.negative_exposures = dissatisfied * people_told;
    r.net_word_of_mouth = r.leads - r.negative_exposures;
    r.satisfied_to_offset = leads_per_satisfied > 0.0 ? people_told / leads_per_satisfied : 0.0;
    if (!isfinite(r.value) || !isfinite(r.value_per_satisfied) || !isfinite(r.leads)
        || !isfinite(r.negative_exposures) || !isfinite(r.net_word_of_mouth)
        || !isfinite(r.satisfied_to_offset))
        return csat__err(err, CSAT_EDOM, NULL, CSAT_NO_ROW,
                         "a referral figure overflows the double range");
    *out = r;
    return CSAT_OK;
}
