/*
 * Tracking a cohort over calendar time and a customer over its history, as
 * lifetimes' utils do (expected_cumulative_transactions and
 * calculate_alive_path), with the dates left to the caller: everything here
 * is in the model's time unit.
 */
#include "btyd/btyd_handle.h"
#include "numerics/numerics.h"

#include <math.h>

/* A horizon the kind accepts: finite, whole for the discrete kind. */
static int whole_ok(const csat_btyd_model *m, double v)
{
    return isfinite(v) && (!m->ops->discrete || v == floor(v));
}

csat_status csat_btyd_expected_cumulative(csat_btyd_model *m, const double *birth, const double *count,
                                          size_t n_cohorts, const double *t, size_t n_t, double *out)
{
    csat__base *b;
    if (!m)
        return CSAT_EINVAL;
    b = &m->base;
    csat__clear_error(b);
    if (!csat__array_bytes_ok(n_cohorts, 1, sizeof *birth) || !csat__array_bytes_ok(n_t, 1, sizeof *out))
        return csat__fail(b, CSAT_EINVAL, "n_cohorts = %zu or n_t = %zu overflows the address space", n_cohorts,
                          n_t);
    if (!m->fit.has_params)
        return csat__fail(b, CSAT_EMISUSE, "the model has no parameters: fit or set them first");
    if (csat__btyd_predictable(b, m->fit.params, m->fit.np) != CSAT_OK)
        return CSAT_EDOM;
    if (!birth || !count || !t || !out)
        return csat__fail(b, CSAT_EINVAL, "birth, count, t and out must not be NULL");
    if (n_cohorts == 0 || n_t == 0)
        return csat__fail(b, CSAT_EEMPTY, "no %s", n_cohorts == 0 ? "cohorts" : "evaluation times");
    for (size_t i = 0; i < n_cohorts; i++) {
        if (!whole_ok(m, birth[i]))
            return csat__fail(b, CSAT_EINVAL, "birth[%zu] = %g is not finite%s", i, birth[i],
                              m->ops->discrete ? " and whole" : "");
        if (!(isfinite(count[i]) && count[i] >= 0))
            return csat__fail(b, CSAT_EINVAL, "count[%zu] = %g must be finite and >= 0", i, count[i]);
    }
    for (size_t j = 0; j < n_t; j++)
        if (!whole_ok(m, t[j]))
            return csat__fail(b, CSAT_EINVAL, "t[%zu] = %g is not finite%s", j, t[j],
                              m->ops->discrete ? " and whole" : "");
    /* a difference t - birth of finite values can overflow */
    for (size_t j = 0; j < n_t; j++)
        for (size_t i = 0; i < n_cohorts; i++)
            if (birth[i] < t[j] && !isfinite(t[j] - birth[i]))
                return csat__fail(b, CSAT_EINVAL, "t[%zu] - birth[%zu] overflows", j, i);
    for (size_t j = 0; j < n_t; j++) {
        csat__ksum s = {0.0, 0.0};
        for (size_t i = 0; i < n_cohorts; i++)
            if (birth[i] < t[j] && count[i] > 0)
                csat__ksum_add(&s, count[i] * m->ops->expected_new(m->fit.params, t[j] - birth[i]));
        if (!isfinite(csat__ksum_value(&s)))
            return csat__fail(b, CSAT_EDOM, "the expected transactions at t[%zu] = %g pass the double range",
                              j, t[j]);
    }
    for (size_t j = 0; j < n_t; j++) {
        csat__ksum s = {0.0, 0.0};
        for (size_t i = 0; i < n_cohorts; i++)
            if (birth[i] < t[j] && count[i] > 0)
                csat__ksum_add(&s, count[i] * m->ops->expected_new(m->fit.params, t[j] - birth[i]));
        out[j] = csat__ksum_value(&s);
    }
    return CSAT_OK;
}

/* The number of times[] <= a (times nondecreasing). */
static size_t count_upto(const double *times, size_t n, double a)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (times[mid] <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

csat_status csat_btyd_alive_path(csat_btyd_model *m, const double *times, size_t n_times, const double *at,
                                 size_t n_at, double *out)
{
    csat__base *b;
    double *cols;
    csat_status st;
    if (!m)
        return CSAT_EINVAL;
    b = &m->base;
    csat__clear_error(b);
    if (!csat__array_bytes_ok(n_times, 1, sizeof *times) || !csat__array_bytes_ok(n_at, 3, sizeof *out))
        return csat__fail(b, CSAT_EINVAL, "n_times = %zu or n_at = %zu overflows the address space", n_times,
                          n_at);
    if (!m->fit.has_params)
        return csat__fail(b, CSAT_EMISUSE, "the model has no parameters: fit or set them first");
    if (csat__btyd_predictable(b, m->fit.params, m->fit.np) != CSAT_OK)
        return CSAT_EDOM;
    if (!times || !at || !out)
        return csat__fail(b, CSAT_EINVAL, "times, at and out must not be NULL");
    if (n_times == 0 || n_at == 0)
        return csat__fail(b, CSAT_EEMPTY, "no %s", n_times == 0 ? "purchase times" : "evaluation times");
    for (size_t i = 0; i < n_times; i++) {
        if (!whole_ok(m, times[i]))
            return csat__fail(b, CSAT_EINVAL, "times[%zu] = %g is not finite%s", i, times[i],
                              m->ops->discrete ? " and whole" : "");
        if (i > 0 && times[i] < times[i - 1])
            return csat__fail(b, CSAT_EINVAL, "times[%zu] = %g is before times[%zu] = %g: give the purchase "
                              "times in order", i, times[i], i - 1, times[i - 1]);
    }
    for (size_t j = 0; j < n_at; j++)
        if (!whole_ok(m, at[j]) || !(at[j] >= times[0]) || !isfinite(at[j] - times[0]))
            return csat__fail(b, CSAT_EINVAL, "at[%zu] = %g must be finite%s and not before the first "
                              "purchase (%g)", j, at[j], m->ops->discrete ? ", whole" : "", times[0]);
    cols = csat__malloc_array(&b->alloc, n_at, 3 * sizeof *cols);
    if (!cols)
        return csat__fail(b, CSAT_ENOMEM, "out of memory");
    for (size_t j = 0; j < n_at; j++) {
        size_t k = count_upto(times, n_times, at[j]); /* >= 1: the first purchase */
        cols[j] = (double)(k - 1);
        cols[n_at + j] = times[k - 1] - times[0];
        cols[2 * n_at + j] = at[j] - times[0];
    }
    /* the rows are checked as any prediction's (BG/BB: repeated purchase
     * times give x > t_x, refused with the row in the message) */
    st = csat_btyd_p_alive(m, cols, cols + n_at, cols + 2 * n_at, n_at, out);
    csat__free(&b->alloc, cols);
    return st;
}
