/* Shared by compare.c and tracking.c (satisfaction over time, issue 16). */
#ifndef CSAT_SURVEY_COMPARE_H
#define CSAT_SURVEY_COMPARE_H

#include "core/internal.h"

/* level in (0, 1), else CSAT_EINVAL naming "level" (or arg). */
csat_status csat__check_level(csat_error *err, const char *arg, double level);
/* Wilson score interval of k successes of n > 0 at normal quantile z, as
 * fractions in [0, 1]. */
void csat__wilson(double k, double n, double z, double *lo, double *hi);

#endif
