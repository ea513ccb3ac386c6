/* Evaluation of a csat_value_model: totals, ranks, logit choice shares,
 * improvement analysis and per-customer delivered value/disconfirmation.
 *
 * Every entry point runs a checking pass over its input before it writes
 * anything, so that an overflow found at the last row still leaves the
 * caller's outputs untouched. */
#include "value/value_model.h"

#include <stdlib.h>

#define HALF (CSAT__VK / 2)

static csat_status check_scale(csat_value_model *m, double scale)
{
    if (!(scale > 0.0)) /* also rejects NaN; +Inf is the "take the best" rule */
        return csat__fail(&m->base, CSAT_EINVAL, "scale is %g (must be > 0)", scale);
    return CSAT_OK;
}

static csat_status need_offerings(csat_value_model *m, size_t cap)
{
    if (!csat__array_bytes_ok(cap, 1, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL, "cap = %zu values overflow the address space", cap);
    if (m->n_off == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "the model has no offerings");
    if (cap < m->n_off)
        return csat__fail(&m->base, CSAT_EBUFSIZE, "output capacity %zu < %zu offerings", cap,
                          m->n_off);
    return CSAT_OK;
}

static double cdv_of(const double *w, const csat__offering *o)
{
    double tcv, tcc;
    csat__value_totals(w, o->values, &tcv, &tcc);
    return tcv - tcc;
}

/* Check every offering under weights w (totals representable; a defined,
 * finite ratio if with_ratio) and find the highest delivered value. */
static csat_status scan(csat_value_model *m, const double *w, int with_ratio, double *best)
{
    double hi = 0.0;
    for (size_t i = 0; i < m->n_off; i++) {
        double tcv, tcc;
        if (!csat__value_totals(w, m->off[i].values, &tcv, &tcc))
            return csat__fail(&m->base, CSAT_EDOM, "offering %zu (%s): totals overflow a double", i,
                              m->off[i].name);
        if (with_ratio && !(tcc > 0.0 && isfinite(tcv / tcc)))
            return csat__fail(&m->base, CSAT_EDOM,
                              "offering %zu (%s): value ratio undefined (total cost %g)", i,
                              m->off[i].name, tcc);
        if (i == 0 || tcv - tcc > hi)
            hi = tcv - tcc;
    }
    *best = hi;
    return CSAT_OK;
}

/* acc[i] += factor * share_i for the logit rule with this scale; best is the
 * highest delivered value. Exponents are taken relative to it (z_i <= 0), so
 * the normaliser lies in [1, n] and nothing overflows; an overflowing
 * difference becomes -Inf, whose exp is an exact 0. */
static void add_shares(const csat_value_model *m, const double *w, double scale, double best,
                       double factor, double *acc)
{
    csat__ksum norm = {0.0, 0.0};
    double total;
    if (isinf(scale)) {
        size_t n_best = 0;
        for (size_t i = 0; i < m->n_off; i++)
            n_best += cdv_of(w, &m->off[i]) == best;
        for (size_t i = 0; i < m->n_off; i++)
            if (cdv_of(w, &m->off[i]) == best)
                acc[i] += factor / (double)n_best;
        return;
    }
    for (size_t i = 0; i < m->n_off; i++)
        csat__ksum_add(&norm, exp(scale * (cdv_of(w, &m->off[i]) - best)));
    total = csat__ksum_value(&norm);
    for (size_t i = 0; i < m->n_off; i++)
        acc[i] += factor * exp(scale * (cdv_of(w, &m->off[i]) - best)) / total;
}

typedef struct ranked {
    double cdv;
    size_t index;
} ranked;

static int by_cdv_desc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->cdv != y->cdv)
        return x->cdv > y->cdv ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

csat_status csat_value_model_evaluate(csat_value_model *m, size_t segment, double scale,
                                      double *total_value, double *total_cost,
                                      double *delivered_value, double *ratio, size_t *rank,
                                      double *share, size_t cap)
{
    const double *w;
    double best;
    ranked *order = NULL;
    csat_status st;
    if (m == NULL)
        return CSAT_EINVAL;
    if ((w = csat__value_weights(m, segment)) == NULL)
        return CSAT_EINVAL;
    if ((st = check_scale(m, scale)) != CSAT_OK || (st = need_offerings(m, cap)) != CSAT_OK
        || (st = scan(m, w, ratio != NULL, &best)) != CSAT_OK)
        return st;
    if (rank) {
        order = csat__malloc_array(&m->base.alloc, m->n_off, sizeof *order);
        if (order == NULL)
            return csat__fail(&m->base, CSAT_ENOMEM, "out of memory ranking %zu offerings",
                              m->n_off);
        for (size_t i = 0; i < m->n_off; i++) {
            order[i].cdv = cdv_of(w, &m->off[i]);
            order[i].index = i;
        }
        qsort(order, m->n_off, sizeof *order, by_cdv_desc);
        for (size_t r = 0; r < m->n_off; r++)
            rank[order[r].index] =
                r > 0 && order[r].cdv == order[r - 1].cdv ? rank[order[r - 1].index] : r + 1;
        csat__free(&m->base.alloc, order);
    }
    for (size_t i = 0; i < m->n_off; i++) {
        double tcv, tcc;
        csat__value_totals(w, m->off[i].values, &tcv, &tcc);
        if (total_value)
            total_value[i] = tcv;
        if (total_cost)
            total_cost[i] = tcc;
        if (delivered_value)
            delivered_value[i] = tcv - tcc;
        if (ratio)
            ratio[i] = tcv / tcc;
        if (share)
            share[i] = 0.0;
    }
    if (share)
        add_shares(m, w, scale, best, 1.0, share);
    return CSAT_OK;
}

csat_status csat_value_model_market_share(csat_value_model *m, double scale, double *share,
                                          size_t cap)
{
    csat__ksum size = {0.0, 0.0};
    double total, best;
    csat_status st;
    if (m == NULL)
        return CSAT_EINVAL;
    if (share == NULL)
        return csat__fail(&m->base, CSAT_EINVAL, "share is NULL");
    if ((st = check_scale(m, scale)) != CSAT_OK || (st = need_offerings(m, cap)) != CSAT_OK)
        return st;
    if (m->n_seg == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "the model has no segments");
    for (size_t s = 0; s < m->n_seg; s++) {
        if ((st = scan(m, m->seg[s].weights, 0, &best)) != CSAT_OK)
            return st;
        csat__ksum_add(&size, m->seg[s].size);
    }
    total = csat__ksum_value(&size);
    if (!(total > 0.0 && isfinite(total)))
        return csat__fail(&m->base, CSAT_EDOM, "segment sizes sum to %g (need a finite total > 0)",
                          total);
    for (size_t i = 0; i < m->n_off; i++)
        share[i] = 0.0;
    for (size_t s = 0; s < m->n_seg; s++) {
        if (m->seg[s].size == 0.0)
            continue;
        scan(m, m->seg[s].weights, 0, &best);
        add_shares(m, m->seg[s].weights, scale, best, m->seg[s].size / total, share);
    }
    /* The size fractions may sum to 1 + an ulp; a share must not exceed 1. */
    for (size_t i = 0; i < m->n_off; i++)
        if (share[i] > 1.0)
            share[i] = 1.0;
    return CSAT_OK;
}

static int sign_of(double x) { return (x > 0.0) - (x < 0.0); }

csat_status csat_value_model_improvement(csat_value_model *m, size_t i, size_t segment,
                                         double margin, csat_value_improvement *out)
{
    csat_value_improvement r;
    const double *w, *self;
    double best, cdv, rival_cdv = 0.0;
    csat_status st;
    if (m == NULL)
        return CSAT_EINVAL;
    if (out == NULL)
        return csat__fail(&m->base, CSAT_EINVAL, "out is NULL");
    if (i >= m->n_off)
        return csat__fail(&m->base, CSAT_EINVAL, "no offering %zu (there are %zu)", i, m->n_off);
    if ((w = csat__value_weights(m, segment)) == NULL)
        return CSAT_EINVAL;
    if (!(isfinite(margin) && margin >= 0.0))
        return csat__fail(&m->base, CSAT_EINVAL, "margin is %g (must be finite and >= 0)", margin);
    if ((st = scan(m, w, 0, &best)) != CSAT_OK)
        return st;
    self = m->off[i].values;
    cdv = cdv_of(w, &m->off[i]);
    r.rival = CSAT_VALUE_MODEL_WEIGHTS;
    for (size_t j = 0; j < m->n_off; j++) {
        double c = cdv_of(w, &m->off[j]);
        if (j != i && (r.rival == CSAT_VALUE_MODEL_WEIGHTS || c > rival_cdv)) {
            r.rival = j;
            rival_cdv = c;
        }
    }
    r.gap = 0.0;
    r.needed = 0.0;
    if (r.rival != CSAT_VALUE_MODEL_WEIGHTS) {
        double gap = rival_cdv - cdv, needed = gap + margin;
        if (!isfinite(needed))
            return csat__fail(&m->base, CSAT_EDOM, "the gap to offering %zu overflows a double",
                              r.rival);
        r.gap = gap > 0.0 ? gap : 0.0;
        r.needed = needed > 0.0 ? needed : 0.0;
    }
    for (size_t k = 0; k < CSAT__VK; k++) {
        int is_cost = k >= HALF;
        double req = w[k] > 0.0 ? r.needed / w[k] : 0.0;
        r.gain_per_unit[k] = is_cost ? -w[k] : w[k];
        r.compare[k] = 0;
        if (r.rival != CSAT_VALUE_MODEL_WEIGHTS) {
            double d = self[k] - m->off[r.rival].values[k]; /* finite: both in [0, DBL_MAX] */
            r.compare[k] = w[k] > 0.0 ? sign_of(is_cost ? -d : d) : 0;
        }
        r.required[k] = 0.0;
        if (r.needed == 0.0)
            r.status[k] = CSAT_VALUE_LEADS;
        else if (w[k] == 0.0)
            r.status[k] = CSAT_VALUE_NO_EFFECT;
        else if (!isfinite(req) || (is_cost && req > self[k]))
            r.status[k] = CSAT_VALUE_INFEASIBLE;
        else {
            r.status[k] = CSAT_VALUE_REACHABLE;
            r.required[k] = req;
        }
    }
    *out = r;
    return CSAT_OK;
}

/* ---- per customer ----------------------------------------------------------- */

static csat_status check_columns(csat_value_model *m, const double *const *cols, size_t n)
{
    if (cols == NULL)
        return csat__fail(&m->base, CSAT_EINVAL, "components is NULL");
    if (!csat__array_bytes_ok(n, 1, sizeof(double)))
        return csat__fail(&m->base, CSAT_EINVAL, "n = %zu customers overflow the address space", n);
    if (n == 0)
        return csat__fail(&m->base, CSAT_EEMPTY, "no customers");
    return CSAT_OK;
}

/* One pass over the customers. With every output NULL it only checks the
 * inputs (finite, >= 0) and that the results are representable (and the
 * ratio defined when with_ratio); run it that way first, then again with the
 * outputs. */
static csat_status customer_pass(csat_value_model *m, const double *w, const double *const *cols,
                                 size_t n, int with_ratio, const double *expected, double tau,
                                 double *cdv_out, double *ratio_out, double *d_out, int *state_out)
{
    for (size_t r = 0; r < n; r++) {
        double v[CSAT__VK], tcv, tcc, cdv;
        for (size_t k = 0; k < CSAT__VK; k++) {
            v[k] = cols[k] ? cols[k][r] : 0.0;
            if (!(isfinite(v[k]) && v[k] >= 0.0))
                return csat__fail(&m->base, CSAT_EINVAL,
                                  "component %zu, customer %zu: %g (must be finite and >= 0)", k,
                                  r, v[k]);
        }
        if (!csat__value_totals(w, v, &tcv, &tcc))
            return csat__fail(&m->base, CSAT_EDOM, "customer %zu: totals overflow a double", r);
        cdv = tcv - tcc;
        if (with_ratio && !(tcc > 0.0 && isfinite(tcv / tcc)))
            return csat__fail(&m->base, CSAT_EDOM,
                              "customer %zu: value ratio undefined (total cost %g)", r, tcc);
        if (expected && !isfinite(cdv - expected[r]))
            return csat__fail(&m->base, CSAT_EDOM,
                              "customer %zu: disconfirmation overflows a double", r);
        if (cdv_out)
            cdv_out[r] = cdv;
        if (ratio_out)
            ratio_out[r] = tcv / tcc;
        if (d_out)
            d_out[r] = cdv - expected[r];
        if (state_out)
            state_out[r] = (int)csat__classify3(cdv - expected[r], tau);
    }
    return CSAT_OK;
}

csat_status csat_value_model_customers(csat_value_model *m, size_t segment,
                                       const double *const components[8], size_t n,
                                       double *delivered_value, double *ratio)
{
    const double *w;
    csat_status st;
    if (m == NULL)
        return CSAT_EINVAL;
    if ((w = csat__value_weights(m, segment)) == NULL)
        return CSAT_EINVAL;
    if ((st = check_columns(m, components, n)) != CSAT_OK
        || (st = customer_pass(m, w, components, n, ratio != NULL, NULL, 0.0, NULL, NULL, NULL,
                               NULL)) != CSAT_OK)
        return st;
    return customer_pass(m, w, components, n, ratio != NULL, NULL, 0.0, delivered_value, ratio,
                         NULL, NULL);
}

csat_status csat_value_model_disconfirm(csat_value_model *m, size_t segment,
                                        const double *const components[8], size_t n,
                                        const double *expected, double tolerance,
                                        double *disconfirmation, int *state)
{
    const double *w;
    size_t bad;
    csat_status st;
    if (m == NULL)
        return CSAT_EINVAL;
    if ((w = csat__value_weights(m, segment)) == NULL)
        return CSAT_EINVAL;
    if ((st = check_columns(m, components, n)) != CSAT_OK)
        return st;
    if (expected == NULL)
        return csat__fail(&m->base, CSAT_EINVAL, "expected is NULL");
    if ((bad = csat__first_nonfinite(expected, n)) < n)
        return csat__fail(&m->base, CSAT_EINVAL, "expected[%zu] is %g (must be finite)", bad,
                          expected[bad]);
    if (!(isfinite(tolerance) && tolerance >= 0.0))
        return csat__fail(&m->base, CSAT_EINVAL, "tolerance is %g (must be finite and >= 0)",
                          tolerance);
    if ((st = customer_pass(m, w, components, n, 0, expected, tolerance, NULL, NULL, NULL, NULL))
        != CSAT_OK)
        return st;
    return customer_pass(m, w, components, n, 0, expected, tolerance, NULL, NULL, disconfirmation,
                         state);
}
