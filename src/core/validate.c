#include "core/internal.h"

#include <math.h>
#include <stdio.h>

csat_status csat__fail(csat__base *b, csat_status st, const char *fmt, ...)
{
    va_list ap;
    if (b == NULL)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->err, sizeof b->err, fmt, ap);
    va_end(ap);
    return st;
}

void csat__clear_error(csat__base *b)
{
    if (b)
        b->err[0] = '\0';
}

csat_status csat__err(csat_error *e, csat_status st, const char *arg, size_t row, const char *fmt,
                      ...)
{
    va_list ap;
    if (e == NULL)
        return st;
    e->status = st;
    e->argument = arg;
    e->row = row;
    if (fmt == NULL) {
        snprintf(e->message, sizeof e->message, "%s", csat_strerror(st));
        return st;
    }
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return st;
}

csat_status csat__report(csat__base *b, csat_error *e, csat_status st, const char *arg, size_t row,
                         const char *fmt, ...)
{
    char msg[CSAT__ERRLEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    csat__fail(b, st, "%s", msg);
    return csat__err(e, st, arg, row, "%s", msg);
}

void csat__err_clear(csat_error *e)
{
    if (e == NULL)
        return;
    e->status = CSAT_OK;
    e->argument = NULL;
    e->row = CSAT_NO_ROW;
    e->message[0] = '\0';
}

csat_status csat__err_null(csat_error *e, const char *arg)
{
    return csat__err(e, CSAT_EINVAL, arg, CSAT_NO_ROW, "%s is NULL", arg);
}

csat_status csat__err_size(csat_error *e, const char *arg, size_t n)
{
    return csat__err(e, CSAT_EINVAL, arg, CSAT_NO_ROW, "%s = %zu overflows the address space", arg,
                     n);
}

csat_status csat__check_version(csat_error *e, unsigned int version, unsigned int current)
{
    if (csat__version_ok(version, current))
        return CSAT_OK;
    return csat__err(e, CSAT_EVERSION, "opts->version", CSAT_NO_ROW,
                     "opts->version = %u is not a known version (1..%u)", version, current);
}

csat_status csat__check_real(csat_error *e, const char *arg, double x)
{
    if (isfinite(x))
        return CSAT_OK;
    return csat__err(e, CSAT_EINVAL, arg, CSAT_NO_ROW, "%s = %g is not finite", arg, x);
}

csat_status csat__check_amount(csat_error *e, const char *arg, double x)
{
    if (isfinite(x) && x >= 0.0)
        return CSAT_OK;
    return csat__err(e, CSAT_EINVAL, arg, CSAT_NO_ROW, "%s = %g is not finite and >= 0", arg, x);
}

csat_status csat__check_finite(csat_error *e, const char *arg, const double *x, size_t n)
{
    size_t i = csat__first_nonfinite(x, n);
    if (i == n)
        return CSAT_OK;
    return csat__err(e, CSAT_EINVAL, arg, i, "%s[%zu] = %g is not finite", arg, i, x[i]);
}

csat_status csat__check_nonneg(csat_error *e, const char *arg, const double *x, size_t n)
{
    size_t i;
    const char *why = csat__nonneg_problem(x, n, &i);
    if (why == NULL)
        return CSAT_OK;
    if (x[i] != x[i])
        return csat__err(e, CSAT_EINVAL, arg, i, "%s[%zu] is NaN", arg, i);
    return csat__err(e, CSAT_EINVAL, arg, i, "%s[%zu] = %g is %s", arg, i, x[i], why);
}

size_t csat__first_nonfinite(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return i;
    return n;
}

size_t csat__first_not_nonneg(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(isfinite(x[i]) && x[i] >= 0.0))
            return i;
    return n;
}

csat_status csat__scale_check(const csat_scale *s)
{
    if (s == NULL || !isfinite(s->min) || !isfinite(s->max) || !(s->min < s->max))
        return CSAT_EINVAL;
    return CSAT_OK;
}

int csat__scale_contains(const csat_scale *s, double x)
{
    double slack = 1e-12 * (s->max - s->min);
    return isfinite(x) && x >= s->min - slack && x <= s->max + slack;
}

double csat__scale_orient(const csat_scale *s, double x)
{
    /* An answer accepted within csat__scale_contains's slack beyond an end
     * counts as that end, and a mirrored answer is kept on the scale too:
     * with the slack relative to the range, a scale of [-1e100, 12] accepted
     * 15 and its mean came out 12.6. */
    x = x < s->min ? s->min : x > s->max ? s->max : x;
    if (s->reversed) {
        x = s->min + s->max - x;
        x = x < s->min ? s->min : x > s->max ? s->max : x;
    }
    return x;
}

int csat__version_ok(unsigned int version, unsigned int current)
{
    return version > 0 && version <= current;
}

const char *csat__nonneg_problem(const double *x, size_t n, size_t *where)
{
    size_t i = csat__first_not_nonneg(x, n);
    *where = i;
    if (i == n)
        return NULL;
    if (x[i] != x[i])
        return "NaN";
    if (!isfinite(x[i]))
        return "infinite";
    return "negative";
}
