/*
 * Customer lifecycle stages (models.md 11.5, a convention: see the rule in
 * csat.h) from columns or from one customer's purchase history.
 */
#include "segmentation.h"

#include <math.h>

csat_status csat_lifecycle_options_init(csat_lifecycle_options *opts, unsigned int version)
{
    csat_lifecycle_options d = CSAT_LIFECYCLE_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_LIFECYCLE_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = d;
    opts->version = version;
    return CSAT_OK;
}

static csat_status read_opts(const csat_lifecycle_options *opts, csat_lifecycle_options *o)
{
    csat_lifecycle_options d = CSAT_LIFECYCLE_OPTIONS_INIT;
    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_LIFECYCLE_OPTIONS_VERSION))
            return CSAT_EVERSION;
        d = *opts;
    }
    if (!(d.window > 0.0) || !isfinite(d.window) || !(d.acquisition_tenure >= 0.0)
        || !isfinite(d.acquisition_tenure) || !(d.growth >= 0.0 && d.growth < 1.0)
        || !(d.decline >= 0.0 && d.decline < 1.0))
        return CSAT_EINVAL;
    if (d.measure != CSAT_LIFECYCLE_PURCHASES && d.measure != CSAT_LIFECYCLE_SPEND)
        return CSAT_EINVAL;
    *o = d;
    return CSAT_OK;
}

static csat_lifecycle_stage classify(const csat_lifecycle_options *o, double tenure, double recent,
                                     double earlier, double *trend)
{
    double hi = recent > earlier ? recent : earlier;
    double t = hi > 0.0 ? (recent - earlier) / hi : -1.0;
    *trend = t;
    if (tenure < o->acquisition_tenure)
        return CSAT_STAGE_ACQUISITION;
    if (t > o->growth)
        return CSAT_STAGE_GROWTH;
    if (t < -o->decline)
        return CSAT_STAGE_DECLINE;
    return CSAT_STAGE_MATURITY;
}

csat_status csat_lifecycle_stages(const double *tenure, const double *recent, const double *earlier, size_t n,
                                  const csat_lifecycle_options *opts, int *stage, double *trend,
                                  size_t *counts)
{
    csat_lifecycle_options o;
    csat_status st = read_opts(opts, &o);
    size_t where, cnt[4] = {0, 0, 0, 0};
    if (st != CSAT_OK)
        return st;
    if (!tenure || !recent || !earlier || !stage)
        return CSAT_EINVAL;
    if (n == 0)
        return CSAT_EEMPTY;
    if (csat__seg_bad_column(tenure, n, &where) || csat__seg_bad_column(recent, n, &where)
        || csat__seg_bad_column(earlier, n, &where))
        return CSAT_EINVAL;
    for (size_t i = 0; i < n; i++) {
        double t;
        csat_lifecycle_stage s = classify(&o, tenure[i], recent[i], earlier[i], &t);
        stage[i] = (int)s;
        cnt[s]++;
        if (trend)
            trend[i] = t;
    }
    if (counts)
        for (int s = 0; s < 4; s++)
            counts[s] = cnt[s];
    return CSAT_OK;
}

csat_status csat_lifecycle_from_history(const double *times, const double *amounts, size_t n, double now,
                                        const csat_lifecycle_options *opts, csat_lifecycle_stage *stage,
                                        double *trend)
{
    csat_lifecycle_options o;
    csat_status st = read_opts(opts, &o);
    size_t where;
    double first, recent = 0.0, earlier = 0.0, t;
    if (st != CSAT_OK)
        return st;
    if (!times || !stage || (o.measure == CSAT_LIFECYCLE_SPEND && !amounts) || !isfinite(now))
        return CSAT_EINVAL;
    if (n == 0)
        return CSAT_EEMPTY;
    if (csat__seg_bad_column(times, n, &where) || (amounts && csat__seg_bad_column(amounts, n, &where)))
        return CSAT_EINVAL;
    first = times[0];
    for (size_t i = 0; i < n; i++) {
        double v = o.measure == CSAT_LIFECYCLE_SPEND ? amounts[i] : 1.0;
        if (times[i] > now)
            return CSAT_EINVAL;
        if (times[i] < first)
            first = times[i];
        if (times[i] > now - o.window)
            recent += v;
        else if (times[i] > now - 2.0 * o.window)
            earlier += v;
    }
    *stage = classify(&o, now - first, recent, earlier, &t);
    if (trend)
        *trend = t;
    return CSAT_OK;
}
