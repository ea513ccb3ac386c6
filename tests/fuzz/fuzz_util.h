/* Shared by the libFuzzer targets: a reader over the fuzzer's bytes (reads
 * past the end give zeros, so every input is a valid program) and the
 * finiteness check every target applies to successful outputs. */
#ifndef CSAT_FUZZ_UTIL_H
#define CSAT_FUZZ_UTIL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/* Eight raw bytes as a double (any bit pattern: NaN, Inf, subnormal), or 0
 * when fewer than eight bytes are left. */
static inline double raw_double(reader *r)
{
    double d = 0.0;
    if (r->n >= 8) {
        memcpy(&d, r->p, 8);
        r->p += 8;
        r->n -= 8;
    }
    return d;
}

/* A successful call must never produce NaN or Inf: trap so the fuzzer reports it. */
static inline void check_finite(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            __builtin_trap();
}

#endif
