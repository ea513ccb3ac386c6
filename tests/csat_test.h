/*
 * Shared test helpers: tolerance comparisons (cmocka's float asserts compare
 * with one absolute epsilon, which is not enough for numerical code) and a
 * counting allocator that can be told to fail its k-th allocation.
 */
#ifndef CSAT_TEST_H
#define CSAT_TEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csat.h"

/* Passes when |a - e| <= atol + rtol*|e| (numpy's assert_allclose rule).
 * NaN matches only NaN; infinities match only the same infinity. */
static inline int csat_test_close(double a, double e, double rtol, double atol)
{
    if (isnan(e) || isnan(a))
        return isnan(e) && isnan(a);
    if (isinf(e) || isinf(a))
        return a == e;
    return fabs(a - e) <= atol + rtol * fabs(e);
}

#define csat_assert_close(a, e, rtol, atol)                                                  \
    do {                                                                                     \
        double csat_a_ = (a), csat_e_ = (e);                                                 \
        if (!csat_test_close(csat_a_, csat_e_, (rtol), (atol))) {                            \
            print_error("%s = %.17g, expected %.17g (rtol %g, atol %g, rel err %.3g)\n", #a, \
                        csat_a_, csat_e_, (double)(rtol), (double)(atol),                    \
                        csat_e_ != 0 ? fabs(csat_a_ - csat_e_) / fabs(csat_e_) : fabs(csat_a_)); \
            fail();                                                                          \
        }                                                                                    \
    } while (0)

#define csat_assert_status(expr, expected)                                                   \
    do {                                                                                     \
        int csat_s_ = (int)(expr);                                                           \
        if (csat_s_ != (int)(expected)) {                                                    \
            print_error("%s returned %d (%s), expected %d (%s)\n", #expr, csat_s_,           \
                        csat_strerror(csat_s_), (int)(expected), csat_strerror(expected));   \
            fail();                                                                          \
        }                                                                                    \
    } while (0)

/* ---- counting / failing allocator ------------------------------------------ */

typedef struct csat_test_alloc {
    long fail_at;   /* fail the allocation with this 0-based index; -1 = never */
    long n_calls;   /* allocations attempted (malloc and realloc) */
    long live;      /* blocks currently allocated */
} csat_test_alloc;

static void *csat_test_malloc_(size_t size, void *user)
{
    csat_test_alloc *t = user;
    void *p;
    if (t->fail_at >= 0 && t->n_calls++ == t->fail_at)
        return NULL;
    if (t->fail_at < 0)
        t->n_calls++;
    p = malloc(size);
    if (p)
        t->live++;
    return p;
}

static void *csat_test_realloc_(void *ptr, size_t size, void *user)
{
    csat_test_alloc *t = user;
    void *p;
    if (t->fail_at >= 0 && t->n_calls++ == t->fail_at)
        return NULL;
    if (t->fail_at < 0)
        t->n_calls++;
    p = realloc(ptr, size);
    if (p && !ptr)
        t->live++;
    return p;
}

static void csat_test_free_(void *ptr, void *user)
{
    csat_test_alloc *t = user;
    if (ptr)
        t->live--;
    free(ptr);
}

/* An allocator bound to state t; reset with csat_test_alloc_reset(t, k). */
static inline csat_allocator csat_test_allocator(csat_test_alloc *t)
{
    csat_allocator a = {csat_test_malloc_, csat_test_realloc_, csat_test_free_, t};
    return a;
}

static inline void csat_test_alloc_reset(csat_test_alloc *t, long fail_at)
{
    t->fail_at = fail_at;
    t->n_calls = 0;
}

/* Read a whole file into a NUL-terminated buffer (tests only). */
static inline char *csat_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return buf;
}

/* Test data live in tests/data; meson passes its absolute path. */
#ifndef CSAT_TEST_DATA_DIR
#define CSAT_TEST_DATA_DIR "tests/data"
#endif

#endif /* CSAT_TEST_H */
