/*
 * Customer lifecycle stages (docs/theory/segmentation.rst, 11.5, a convention: see the rule in
 * csat.h) from columns or from one customer's purchase history.
 */
#include "segments/segmentation.h"

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

static csat_status read_opts(const csat_lifecycle_options *opts, csat_lifecycle_options *o,
                             csat_error *err)
{
    csat_lifecycle_options d = CSAT_LIFECYCLE_OPTIONS_INIT;
    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_LIFECYCLE_OPTIONS_VERSION))
            return csat__check_version(err, opts->version, CSAT_LIFECYCLE_OPTIONS_VERSION);
        d = *opts;
    }
    if (!(d.window > 0.0) || !isfinite(d.window))
        return csat__err(err, CSAT_EINVAL, "opts->window", CSAT_NO_ROW,
                         "opts->window = %g is not finite and > 0", d.window);
    if (!(d.acquisition_tenure >= 0.0) || !isfinite(d.acquisition_tenure))
        return csat__err(err, CSAT_EINVAL, "opts->acquisition_tenure", CSAT_NO_ROW,
                         "opts->acquisition_tenure = %g is not finite and >= 0",
                         d.acquisition_tenure);
    if (!(d.growth >= 0.0 && d.growth < 1.0))
        return csat__err(err, CSAT_EINVAL, "opts->growth", CSAT_NO_ROW,
                         "opts->growth = %g is not in [0, 1)", d.growth);
    if (!(d.decline >= 0.0 && d.decline < 1.0))
        return csat__err(err, CSAT_EINVAL, "opts->decline", CSAT_NO_ROW,
                         "opts->decline = %g is not in [0, 1)", d.decline);
    if (d.measure != CSAT_LIFECYCLE_PURCHASES && d.measure != CSAT_LIFECYCLE_SPEND)
        return csat__err(err, CSAT_EINVAL, "opts->measure", CSAT_NO_ROW,
                         "opts->measure = %d is not a csat_lifecycle_measure", (int)d.measure);
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
                                  size_t *counts, csat_error *err)
{
    csat_lifecycle_options o;
    csat_status st;
    size_t cnt[4] = {0, 0, 0, 0};
    csat__err_clear(err);
    st = read_opts(opts, &o, err);
    if (st != CSAT_OK)
        return st;
    if (!tenure)
        return csat__err_null(err, "tenure");
    if (!recent)
        return csat__err_null(err, "recent");
    if (!earlier)
        return csat__err_null(err, "earlier");
    if (!stage)
        return csat__err_null(err, "stage");
    if (!csat__array_bytes_ok(n, 1, sizeof *tenure))
        return csat__err_size(err, "n", n);
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no customers");
    if ((st = csat__check_nonneg(err, "tenure", tenure, n)) != CSAT_OK
        || (st = csat__check_nonneg(err, "recent", recent, n)) != CSAT_OK
        || (st = csat__check_nonneg(err, "earlier", earlier, n)) != CSAT_OK)
        return st;
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
                                        double *trend, csat_error *err)
{
    csat_lifecycle_options o;
    csat_status st;
    double first, recent = 0.0, earlier = 0.0, t;
    csat__err_clear(err);
    st = read_opts(opts, &o, err);
    if (st != CSAT_OK)
        return st;
    if (!times)
        return csat__err_null(err, "times");
    if (!stage)
        return csat__err_null(err, "stage");
    if (o.measure == CSAT_LIFECYCLE_SPEND && !amounts)
        return csat__err(err, CSAT_EINVAL, "amounts", CSAT_NO_ROW,
                         "amounts is NULL but opts->measure is CSAT_LIFECYCLE_SPEND");
    if ((st = csat__check_real(err, "now", now)) != CSAT_OK)
        return st;
    if (!csat__array_bytes_ok(n, 1, sizeof *times))
        return csat__err_size(err, "n", n);
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no transactions");
    if ((st = csat__check_nonneg(err, "times", times, n)) != CSAT_OK
        || (amounts && (st = csat__check_nonneg(err, "amounts", amounts, n)) != CSAT_OK))
        return st;
    first = times[0];
    for (size_t i = 0; i < n; i++) {
        double v = o.measure == CSAT_LIFECYCLE_SPEND ? amounts[i] : 1.0;
        if (times[i] > now)
            return csat__err(err, CSAT_EINVAL, "times", (size_t)(i),
                             "times[%zu] = %g is after now = %g", (size_t)(i), times[i], now);
        if (times[i] < first)
            first = times[i];
        if (times[i] > now - o.window)
            recent += v;
        else if (times[i] > now - 2.0 * o.window)
            earlier += v;
    }
    /* the spend of a window sums past DBL_MAX (the trend was NaN) */
    if (!isfinite(recent) || !isfinite(earlier))
        return csat__err(err, CSAT_EDOM, "amounts", CSAT_NO_ROW,
                         "amounts of a window sum past the largest double");
    *stage = classify(&o, now - first, recent, earlier, &t);
    if (trend)
        *trend = t;
    return CSAT_OK;
}

/* Scratch of csat_lifecycle_from_store, freed in one place. */
typedef struct store_work {
    uint64_t *ids;
    int *stage;
    double *trend, *times, *amounts;
    size_t tx_cap;
} store_work;

static void store_work_free(const csat_allocator *a, store_work *w)
{
    csat__free(a, w->ids);
    csat__free(a, w->stage);
    csat__free(a, w->trend);
    csat__free(a, w->times);
    csat__free(a, w->amounts);
}

/* Make room for m transactions (times and amounts). */
static int store_work_reserve(const csat_allocator *a, store_work *w, size_t m)
{
    double *t, *am;
    if (m <= w->tx_cap)
        return 1;
    t = csat__malloc_array(a, m, sizeof *t);
    am = csat__malloc_array(a, m, sizeof *am);
    if (!t || !am) {
        csat__free(a, t);
        csat__free(a, am);
        return 0;
    }
    csat__free(a, w->times);
    csat__free(a, w->amounts);
    w->times = t;
    w->amounts = am;
    w->tx_cap = m;
    return 1;
}

csat_status csat_lifecycle_from_store(const csat_customers *customers, double now,
                                      const csat_lifecycle_options *opts, const csat_allocator *alloc,
                                      uint64_t *ids, int *stage, double *trend, size_t cap, size_t *n)
{
    csat_lifecycle_options o;
    csat_allocator a;
    store_work w = {NULL, NULL, NULL, NULL, NULL, 0};
    csat_status st = read_opts(opts, &o, NULL);
    size_t nc = 0;
    if (st != CSAT_OK)
        return st;
    if (!customers || !ids || !stage || !n || !isfinite(now)
        || !csat__array_bytes_ok(cap, 1, sizeof *ids))
        return CSAT_EINVAL;
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return CSAT_EINVAL;
    st = csat_customers_count(customers, &nc, NULL);
    if (st != CSAT_OK)
        return st;
    if (nc == 0)
        return CSAT_EEMPTY;
    if (cap < nc) {
        *n = nc;
        return CSAT_EBUFSIZE;
    }
    w.ids = csat__malloc_array(&a, nc, sizeof *w.ids);
    w.stage = csat__malloc_array(&a, nc, sizeof *w.stage);
    w.trend = csat__malloc_array(&a, nc, sizeof *w.trend);
    if (!w.ids || !w.stage || !w.trend || !store_work_reserve(&a, &w, 4)) {
        store_work_free(&a, &w);
        return CSAT_ENOMEM;
    }
    st = csat_customers_ids(customers, w.ids, nc);
    for (size_t i = 0; i < nc && st == CSAT_OK; i++) {
        size_t m = 0;
        csat_lifecycle_stage s;
        st = csat_customers_transactions(customers, w.ids[i], w.times, w.amounts, w.tx_cap, &m);
        if (st == CSAT_EBUFSIZE) {
            if (!store_work_reserve(&a, &w, m)) {
                st = CSAT_ENOMEM;
                break;
            }
            st = csat_customers_transactions(customers, w.ids[i], w.times, w.amounts, w.tx_cap, &m);
        }
        if (st == CSAT_OK)
            st = csat_lifecycle_from_history(w.times, w.amounts, m, now, &o, &s, &w.trend[i], NULL);
        if (st == CSAT_OK)
            w.stage[i] = (int)s;
    }
    if (st == CSAT_OK) {
        for (size_t i = 0; i < nc; i++) {
            ids[i] = w.ids[i];
            stage[i] = w.stage[i];
            if (trend)
                trend[i] = w.trend[i];
        }
        *n = nc;
    }
    store_work_free(&a, &w);
    return st;
}
