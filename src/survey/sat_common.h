/* Small helpers shared by the satisfaction and loyalty sources. */
#ifndef CSAT_SAT_COMMON_H
#define CSAT_SAT_COMMON_H

#include "core/internal.h"

#include <math.h>

/* Classify one answer: 1 missing (skip), 0 usable, -1 invalid (off the
 * scale, or NaN under CSAT_NAN_ERROR). */
static inline int csat__answer_status(const csat_scale *s, csat_nan_policy p, double x)
{
    if (isnan(x))
        return p == CSAT_NAN_SKIP ? 1 : -1;
    return csat__scale_contains(s, x) ? 0 : -1;
}

/* csat__scale_check plus |min|, |max| <= CSAT_SURVEY_SCALE_LIMIT, so that
 * widths, mirrored answers and sums of squared gaps cannot overflow. */
static inline csat_status csat__survey_scale_check(const csat_scale *s)
{
    if (csat__scale_check(s) != CSAT_OK || fabs(s->min) > CSAT_SURVEY_SCALE_LIMIT
        || fabs(s->max) > CSAT_SURVEY_SCALE_LIMIT)
        return CSAT_EINVAL;
    return CSAT_OK;
}

/* csat__survey_scale_check with the error naming the scale arg. */
csat_status csat__check_scale(csat_error *err, const char *arg, const csat_scale *s);

static inline int csat__nan_policy_ok(csat_nan_policy p)
{
    return p == CSAT_NAN_ERROR || p == CSAT_NAN_SKIP;
}

/* The error for answer x of column arg at element i that csat__answer_status
 * refused: off the scale, or missing (NaN) under CSAT_NAN_ERROR. */
csat_status csat__answer_error(csat_error *err, const char *arg, size_t i, double x,
                               const csat_scale *s);

/* Sum of n weights into *total (n for NULL = equal weights); CSAT_EINVAL
 * unless every weight is finite and >= 0 and the sum is positive and finite
 * (err names the column arg and the weight at fault). */
csat_status csat__weight_total(const double *w, size_t n, double *total, const char *arg,
                               csat_error *err);

/* Weight i normalised by the total from csat__weight_total. */
static inline double csat__weight_at(const double *w, size_t i, double total)
{
    return (w ? w[i] : 1.0) / total;
}

#endif
