/* Shared by the libFuzzer targets (and by replay_main.c, which runs them on
 * the committed corpus in the normal test suite):
 *  - a reader over the fuzzer's bytes (reads past the end give zeros, so
 *    every input is a valid program);
 *  - number generators that span the whole double range: log-uniform over
 *    1e-300..1e300, raw bit patterns (NaN, Inf, subnormals, negatives),
 *    small "nice" values and the special values at the edges;
 *  - contract checks: CHECK() aborts with a message (this is test code),
 *    poison()/UNTOUCHED() verify that a failing call wrote nothing;
 *  - an allocator that fails at the n-th allocation, so that CSAT_ENOMEM
 *    paths are fuzzed too.
 */
#ifndef CSAT_FUZZ_UTIL_H
#define CSAT_FUZZ_UTIL_H

#include "csat.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct reader {
    const uint8_t *p;
    size_t n;
} reader;

static inline uint8_t byte(reader *r)
{
    uint8_t b = 0;
    if (r->n) {
        b = *r->p++;
        r->n--;
    }
    return b;
}

static inline uint16_t u16(reader *r)
{
    uint16_t hi = byte(r);
    return (uint16_t)(hi << 8 | byte(r));
}

static inline uint32_t u32(reader *r)
{
    uint32_t hi = u16(r);
    return hi << 16 | u16(r);
}

static inline uint64_t u64(reader *r)
{
    uint64_t hi = u32(r);
    return hi << 32 | u32(r);
}

/* Eight raw bytes as a double (any bit pattern: NaN, Inf, subnormal, negative). */
static inline double raw_double(reader *r)
{
    uint64_t bits = u64(r);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* Log-uniform over [1e-300, 1e300] from 24 bits. */
static inline double log_uniform(reader *r)
{
    uint32_t u = (uint32_t)byte(r) << 16 | u16(r);
    return pow(10.0, -300.0 + 600.0 * (double)u / 16777215.0);
}

/* Log-uniform over [10^lo, 10^hi] from 16 bits. */
static inline double log_range(reader *r, double lo, double hi)
{
    return pow(10.0, lo + (hi - lo) * (double)u16(r) / 65535.0);
}

/* The values at the edges of the double range and of typical domains. */
static inline double special(uint8_t b)
{
    static const double v[] = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, DBL_MAX, -DBL_MAX, DBL_MIN,
                               4.9406564584124654e-324, 1e-300, 1e300, 1e-6, 1e6, 1e-9, 1e15};
    switch (b % 20) {
    case 16: return NAN;
    case 17: return INFINITY;
    case 18: return -INFINITY;
    case 19: return -NAN;
    default: return v[b % 20];
    }
}

/*
 * A parameter that the API wants finite and > 0, drawn over the whole valid
 * range, with invalid values mixed in to exercise the checks:
 * half log-uniform over 1e-300..1e300, a quarter in 1e-6..1e6 (where models
 * are usually fitted), then small nice values, raw bits and specials.
 */
static inline double pos_param(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 128)
        return log_uniform(r);
    if (tag < 192)
        return log_range(r, -6.0, 6.0);
    if (tag < 224)
        return (double)(1 + (tag & 15)) * 0.25;
    if (tag < 240)
        return raw_double(r);
    return special(byte(r));
}

/* Any double: raw bits, signed log-uniform, small integers or specials. */
static inline double any_double(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 64)
        return raw_double(r);
    if (tag < 128)
        return (tag & 1 ? -1.0 : 1.0) * log_uniform(r);
    if (tag < 224)
        return (double)(tag - 160) * 0.5;
    return special(byte(r));
}

/* A non-negative count or amount: mostly small integers, sometimes fractional,
 * huge or invalid. */
static inline double count_val(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 160)
        return (double)(tag % 16);
    if (tag < 192)
        return (double)byte(r) * 0.25;
    if (tag < 208)
        return floor(log_range(r, 0.0, 7.0));
    if (tag < 224)
        return log_uniform(r);
    if (tag < 240)
        return raw_double(r);
    return special(byte(r));
}

/* A probability-like value: mostly in [0, 1], sometimes outside or invalid. */
static inline double unit_val(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 200)
        return (double)u16(r) / 65535.0;
    if (tag < 224)
        return log_uniform(r) * 1e-280; /* tiny and subnormal */
    if (tag < 240)
        return any_double(r);
    return special(byte(r));
}

/* -------------------------------------------------------------------------- */
/* Contract checks                                                            */
/* -------------------------------------------------------------------------- */

#if defined(__GNUC__)
__attribute__((noreturn, format(printf, 4, 5)))
#endif
static void contract_fail(const char *file, int line, const char *cond, const char *fmt, ...);

/* -DFUZZ_VERBOSE (a replay build for debugging) prints what each step does. */
#ifdef FUZZ_VERBOSE
#define TRACE(...) fprintf(stderr, __VA_ARGS__)
#else
#define TRACE(...) ((void)0)
#endif

/* A target may set this to print the state behind a failing check (its
 * parameters and rows), so that a crash input explains itself. */
static void (*fuzz_dump)(void);

static void contract_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
    va_list ap;
    if (fuzz_dump)
        fuzz_dump();
    fprintf(stderr, "contract violated at %s:%d: %s: ", file, line, cond);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* An expression (so that checks can be joined with commas): aborts with the
 * condition and a printf-style message when cond is false. */
#define CHECK(cond, ...) ((cond) ? (void)0 : contract_fail(__FILE__, __LINE__, #cond, __VA_ARGS__))

/* The csat_error the targets pass to every function without a handle:
 * FZ_CALL(csat_x(..., FZ_ERR)) fills it with garbage before the call and
 * checks it after: a failure must have filled it (the status returned, a
 * non-empty NUL-terminated message, the row CSAT_NO_ROW or an index), a
 * success must have cleared it. One target runs in one thread. */
static csat_error fz_err_;
#define FZ_ERR (&fz_err_)

static inline int fz_err_arm(void)
{
    memset(&fz_err_, 0x5A, sizeof fz_err_);
    return 0;
}

static inline csat_status fz_err_check(csat_status st, const char *call)
{
    const csat_error *e = &fz_err_;
    CHECK(e->status == st, "%s returned %d, csat_error.status %d", call, (int)st, (int)e->status);
    CHECK(memchr(e->message, '\0', sizeof e->message) != NULL,
          "%s: csat_error.message is not NUL-terminated", call);
    if (st == CSAT_OK)
        CHECK(e->argument == NULL && e->row == CSAT_NO_ROW && e->message[0] == '\0',
              "%s succeeded but left csat_error uncleared", call);
    else
        CHECK(e->message[0] != '\0', "%s failed with %d and an empty message", call, (int)st);
    return st;
}

#define FZ_CALL(call) fz_err_check((fz_err_arm(), (call)), #call)

#define POISON_BYTE 0xA5

/* Fill an output with a sentinel pattern before a call. */
static inline void poison(void *p, size_t n)
{
    memset(p, POISON_BYTE, n);
}

static inline int poisoned(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != POISON_BYTE)
            return 0;
    return 1;
}

/* After a failing call: the output still holds the sentinel. */
#define UNTOUCHED(p, n, st) CHECK(poisoned((p), (n)), "%s written although the call failed (%d)", #p, (int)(st))

/* A status is one of the documented codes. */
#define CHECK_STATUS(st) CHECK((st) <= 0 && (st) >= -9, "unknown status %d", (int)(st))

static inline int all_finite(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return 0;
    return 1;
}

#define FINITE_N(x, n) CHECK(all_finite((x), (n)), "%s not finite", #x)
#define FINITE(v) CHECK(isfinite(v), "%s = %g not finite", #v, (double)(v))
#define IN_RANGE(v, lo, hi) \
    CHECK(isfinite(v) && (v) >= (lo) && (v) <= (hi), "%s = %.17g outside [%g, %g]", #v, (double)(v), (double)(lo), (double)(hi))
#define NONNEG(v) CHECK(isfinite(v) && (v) >= 0, "%s = %.17g not finite and >= 0", #v, (double)(v))

static inline void check_range_n(const double *x, size_t n, double lo, double hi, const char *what)
{
    for (size_t i = 0; i < n; i++)
        CHECK(isfinite(x[i]) && x[i] >= lo && x[i] <= hi, "%s[%zu] = %.17g outside [%g, %g]", what, i, x[i], lo,
              hi);
}
#define RANGE_N(x, n, lo, hi) check_range_n((x), (n), (lo), (hi), #x)

/* Standard errors read after a successful fit: np finite values >= 0, or
 * CSAT_EDOM (none could be computed) with the buffer of `bytes` untouched;
 * `asked` is whether the fit's options asked for them. */
static inline void check_fit_se(csat_status st, const double *se, size_t np, size_t bytes, int asked)
{
    if (st == CSAT_OK) {
        CHECK(asked, "standard errors without asking");
        for (size_t i = 0; i < np; i++)
            NONNEG(se[i]);
    } else {
        CHECK(st == CSAT_EDOM, "standard_errors after a fit: %d", (int)st);
        UNTOUCHED(se, bytes, st);
    }
}

/* A message from last_error: a NUL-terminated string (never NULL). */
#define CHECK_MESSAGE(s) CHECK((s) != NULL && strlen(s) < 4096, "bad last_error text")

/* -------------------------------------------------------------------------- */
/* An allocator that fails the n-th allocation (countdown < 0: never).         */
/* -------------------------------------------------------------------------- */

typedef struct fuzz_alloc {
    long countdown;
    long live; /* allocations not yet freed (a leak check of the handle's own allocator) */
} fuzz_alloc;

static inline void *fuzz_malloc(size_t size, void *user)
{
    fuzz_alloc *f = user;
    void *p;
    if (f->countdown >= 0 && f->countdown-- == 0)
        return NULL;
    p = malloc(size ? size : 1);
    if (p)
        f->live++;
    return p;
}

static inline void *fuzz_realloc(void *p, size_t size, void *user)
{
    fuzz_alloc *f = user;
    void *q;
    if (f->countdown >= 0 && f->countdown-- == 0)
        return NULL;
    q = realloc(p, size ? size : 1);
    if (q && !p)
        f->live++;
    return q;
}

static inline void fuzz_free(void *p, void *user)
{
    fuzz_alloc *f = user;
    if (p)
        f->live--;
    free(p);
}

/* One byte of input decides: 0..39 fail that allocation, otherwise never fail. */
static inline csat_allocator fuzz_allocator(fuzz_alloc *f, reader *r)
{
    uint8_t b = byte(r);
    csat_allocator a = {fuzz_malloc, fuzz_realloc, fuzz_free, f};
    f->countdown = b < 40 ? (long)b : -1;
    f->live = 0;
    return a;
}

#define CHECK_NO_LEAK(f) CHECK((f).live == 0, "%ld allocations not freed", (f).live)

/* ---- fit stages (issue 18) ----
 * CHECK_STAGES(csat_x_fit_stages, m, rep): the stages of the fit just made
 * (rep: its csat_fit_report, or NULL when the caller did not ask for it or
 * there may be no fit). 1..CSAT_FIT_MAX_STAGES stages, each with rows > 0
 * and a log-likelihood that is finite or NaN; the last equals rep; a short
 * cap is CSAT_EBUFSIZE with nothing written; NULL arguments CSAT_EINVAL. */
static inline void check_stages_(csat_status st, const csat_fit_stage *s, size_t n, const csat_fit_report *rep,
                                 const char *fn)
{
    CHECK(st == CSAT_OK || (!rep && st == CSAT_EMISUSE), "%s: status %d", fn, (int)st);
    if (st != CSAT_OK)
        return;
    CHECK(n >= 1 && n <= CSAT_FIT_MAX_STAGES, "%s: %zu stages", fn, n);
    for (size_t i = 0; i < n; i++)
        CHECK(s[i].rows > 0 && !isinf(s[i].log_likelihood) && (s[i].converged == 0 || s[i].converged == 1),
              "%s: stage %zu of %zu: rows %zu, LL %g, converged %d", fn, i, n, s[i].rows, s[i].log_likelihood,
              s[i].converged);
    if (rep) {
        const csat_fit_stage *l = &s[n - 1];
        CHECK(l->iterations == rep->iterations && l->evaluations == rep->evaluations &&
                  l->converged == rep->converged &&
                  (l->log_likelihood == rep->log_likelihood ||
                   (isnan(l->log_likelihood) && isnan(rep->log_likelihood))),
              "%s: the last stage (%zu it, %zu ev, LL %g, conv %d) is not the report (%zu, %zu, %g, %d)", fn,
              l->iterations, l->evaluations, l->log_likelihood, l->converged, rep->iterations, rep->evaluations,
              rep->log_likelihood, rep->converged);
    }
}

#define CHECK_STAGES(fn, m, rep)                                                                               \
    do {                                                                                                       \
        csat_fit_stage stg_s_[CSAT_FIT_MAX_STAGES], stg_t_[CSAT_FIT_MAX_STAGES];                               \
        size_t stg_n_ = 0, stg_k_;                                                                             \
        csat_status stg_st_ = fn((m), stg_s_, CSAT_FIT_MAX_STAGES, &stg_n_);                                   \
        check_stages_(stg_st_, stg_s_, stg_n_, (rep), #fn);                                                    \
        CHECK(fn(NULL, stg_s_, CSAT_FIT_MAX_STAGES, &stg_k_) == CSAT_EINVAL, "%s(NULL)", #fn);                 \
        CHECK(fn((m), NULL, CSAT_FIT_MAX_STAGES, &stg_k_) == CSAT_EINVAL, "%s(stages NULL)", #fn);             \
        CHECK(fn((m), stg_s_, CSAT_FIT_MAX_STAGES, NULL) == CSAT_EINVAL, "%s(n NULL)", #fn);                   \
        if (stg_st_ == CSAT_OK) {                                                                              \
            poison(stg_t_, sizeof stg_t_);                                                                     \
            poison(&stg_k_, sizeof stg_k_);                                                                    \
            stg_st_ = fn((m), stg_t_, stg_n_ - 1, &stg_k_);                                                    \
            CHECK(stg_st_ == CSAT_EBUFSIZE, "%s with cap %zu of %zu stages: %d", #fn, stg_n_ - 1, stg_n_, (int)stg_st_); \
            UNTOUCHED(stg_t_, sizeof stg_t_, stg_st_);                                                         \
            UNTOUCHED(&stg_k_, sizeof stg_k_, stg_st_);                                                        \
        }                                                                                                      \
    } while (0)

#endif
