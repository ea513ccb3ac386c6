/*
 * The stages of a fit (csat_fit_stage): subsample stages, then the full
 * data, kept in a fixed array inside each model's handle.
 */
#include "core/internal.h"

#include <string.h>

csat_fit_stage *csat__stages_add(csat__stages *st, size_t rows, size_t iterations, size_t evaluations,
                                 double log_likelihood, double grad_norm, int converged)
{
    csat_fit_stage *s;
    if (st->n >= CSAT_FIT_MAX_STAGES)
        return NULL;
    s = &st->s[st->n++];
    s->rows = rows;
    s->iterations = iterations;
    s->evaluations = evaluations;
    s->log_likelihood = log_likelihood;
    s->grad_norm = grad_norm;
    s->converged = converged != 0;
    return s;
}

void csat__stages_add_report(csat__stages *st, size_t rows, const csat_fit_report *r)
{
    (void)csat__stages_add(st, rows, r->iterations, r->evaluations, r->log_likelihood, r->grad_norm,
                           r->converged);
}

csat_status csat__stages_get(const csat__stages *st, csat_fit_stage *out, size_t cap, size_t *n)
{
    if (!out || !n || !csat__array_bytes_ok(cap, 1, sizeof *out))
        return CSAT_EINVAL;
    if (st->n == 0)
        return CSAT_EMISUSE;
    if (cap < st->n)
        return CSAT_EBUFSIZE;
    memcpy(out, st->s, st->n * sizeof *out);
    *n = st->n;
    return CSAT_OK;
}
