/*
 * The valid-input sweep's shared part (tests/<area>/test_valid_sweep.c):
 * deterministic grids over the extremes of each model's valid domain, and
 * checks that every call either succeeds with finite outputs in their
 * documented range or returns one of the function's documented error codes
 * with its outputs untouched.
 *
 * Size: quick by default (part of `meson test`, seconds); CSAT_SWEEP=large
 * in the environment selects the larger grids CI runs (.ci/run).
 *
 * Failures do not stop the sweep: each is counted and the first few per
 * function are printed with the inputs, and the test fails at the end.
 * Cases listed as known (a bug another branch is fixing) are still run
 * unless they are too slow; their failures are counted apart and do not
 * fail the test.
 */
#ifndef CSAT_VALID_SWEEP_H
#define CSAT_VALID_SWEEP_H

#include "csat_test.h"

#include <float.h>
#include <stdarg.h>
#include <time.h>

#define VS_N_OF(a) (sizeof(a) / sizeof *(a))
/* What outputs hold before a call: an error must leave them so. */
#define VS_SENTINEL (-7.25e-7)

/* Documented status codes of a function besides CSAT_OK, terminated by 1
 * (no status is positive): VS_DOC(CSAT_EDOM, CSAT_ENOCONV). */
#define VS_DOC(...) ((const int[]){__VA_ARGS__, 1})
#define VS_NONE ((const int[]){1})

typedef struct vs_fn_stats {
    const char *fn;
    long calls, ok, errs, fails, known_fail, known_ok, skipped;
    double secs, slowest; /* CPU time of the calls, and of the slowest */
    char slowest_ctx[320];
} vs_fn_stats;

typedef struct vs_state {
    int large, verbose;
    clock_t start;
    vs_fn_stats fns[128];
    size_t n_fns;
    long fails, printed;
    clock_t tic; /* set by vs_tic() just before a call */
} vs_state;

static vs_state vs;

static inline void vs_begin(void)
{
    const char *e = getenv("CSAT_SWEEP");
    memset(&vs, 0, sizeof vs);
    vs.large = e != NULL && strcmp(e, "large") == 0;
    vs.verbose = getenv("CSAT_SWEEP_VERBOSE") != NULL;
    vs.start = clock();
}

static inline vs_fn_stats *vs_fn(const char *fn)
{
    for (size_t i = 0; i < vs.n_fns; i++)
        if (strcmp(vs.fns[i].fn, fn) == 0)
            return &vs.fns[i];
    assert_true(vs.n_fns < VS_N_OF(vs.fns));
    vs.fns[vs.n_fns].fn = fn;
    return &vs.fns[vs.n_fns++];
}

/* Call just before the call that vs_check judges next: its CPU time is counted. */
static inline void vs_tic(void) { vs.tic = clock(); }

/* A failure of fn on the inputs ctx: what went wrong. */
static inline void vs_failf(const char *fn, const char *ctx, const char *fmt, ...)
{
    vs_fn_stats *s = vs_fn(fn);
    va_list ap;
    s->fails++;
    vs.fails++;
    if (s->fails > 10 && !vs.verbose)
        return;
    printf("FAIL %s(%s): ", fn, ctx);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

static inline int vs_documented(csat_status st, const int *doc)
{
    for (; *doc != 1; doc++)
        if (st == *doc)
            return 1;
    return 0;
}

static inline int vs_all_sentinel(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(v[i] == VS_SENTINEL))
            return 0;
    return 1;
}

static inline void vs_fill(double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        v[i] = VS_SENTINEL;
}

/*
 * The verdict on one call. known: NULL, or why a failure here is expected
 * (a bug being fixed elsewhere): then a failure is counted as known.
 * On CSAT_OK every value of out[0..n) must be finite and in [lo, hi]; on
 * an error the status must be documented (doc) and out untouched.
 * Returns 1 if the call succeeded and passed.
 */
static inline int vs_check(const char *fn, const char *ctx, const char *known, csat_status st,
                           const int *doc, const double *out, size_t n, double lo, double hi)
{
    vs_fn_stats *s = vs_fn(fn);
    const char *bad = NULL;
    size_t where = 0;
    if (vs.tic) {
        double dt = (double)(clock() - vs.tic) / CLOCKS_PER_SEC;
        s->secs += dt;
        if (dt > 0.5) {
            /* a slow call is worth knowing about as it happens */
            printf("SLOW %s(%s): %.2f s\n", fn, ctx, dt);
            fflush(stdout);
        }
        if (dt > s->slowest) {
            s->slowest = dt;
            snprintf(s->slowest_ctx, sizeof s->slowest_ctx, "%s", ctx);
        }
        vs.tic = 0;
    }
    s->calls++;
    if (st == CSAT_OK) {
        for (size_t i = 0; i < n && !bad; i++) {
            where = i;
            if (!isfinite(out[i]))
                bad = "not finite";
            else if (!(out[i] >= lo && out[i] <= hi))
                bad = "out of range";
        }
    } else if (!vs_documented(st, doc)) {
        bad = "undocumented status";
    } else if (!vs_all_sentinel(out, n)) {
        bad = "output written on error";
    }
    if (!bad) {
        if (known)
            s->known_ok++;
        if (st == CSAT_OK)
            s->ok++;
        else
            s->errs++;
        return st == CSAT_OK;
    }
    if (known) {
        s->known_fail++;
        return 0;
    }
    if (st == CSAT_OK)
        vs_failf(fn, ctx, "out[%zu] = %.17g %s (range [%g, %g])", where, out[where], bad, lo, hi);
    else
        vs_failf(fn, ctx, "%s: %d (%s)", bad, (int)st, csat_strerror(st));
    return 0;
}

/* A call left out (too slow while a known bug is open, or a documented cost). */
static inline void vs_skip(const char *fn, const char *why)
{
    static const char *seen[32][2];
    static size_t n_seen;
    size_t i = 0;
    vs_fn(fn)->skipped++;
    while (i < n_seen && !(strcmp(seen[i][0], fn) == 0 && strcmp(seen[i][1], why) == 0))
        i++;
    if (i == n_seen && n_seen < 32) {
        seen[n_seen][0] = fn;
        seen[n_seen++][1] = why;
        printf("# skipped %s: %s\n", fn, why);
    }
}

/* Per-function totals, the time taken, and the test's verdict. */
static inline void vs_end(const char *area)
{
    long calls = 0, known = 0;
    double secs = (double)(clock() - vs.start) / CLOCKS_PER_SEC;
    printf("# valid-input sweep (%s, %s): function: calls = ok + documented errors "
           "(failures, known failures/known passes/skipped)\n",
           area, vs.large ? "large" : "quick");
    for (size_t i = 0; i < vs.n_fns; i++) {
        const vs_fn_stats *s = &vs.fns[i];
        calls += s->calls;
        known += s->known_fail;
        printf("#   %-36s %8ld = %8ld + %6ld  %7.3f s", s->fn, s->calls, s->ok, s->errs, s->secs);
        if (s->fails || s->known_fail || s->known_ok || s->skipped)
            printf("  (%ld failed; known: %ld/%ld/%ld)", s->fails, s->known_fail, s->known_ok,
                   s->skipped);
        printf("\n");
        if (s->slowest > 0.05)
            printf("#     slowest %.3f s: %s\n", s->slowest, s->slowest_ctx);
    }
    printf("# %s: %ld calls in %.2f s CPU, %ld failures, %ld known failures\n", area, calls, secs,
           vs.fails, known);
    fflush(stdout);
    assert_int_equal(vs.fails, 0);
}

/* The log grid 10^lo, 10^(lo+step), ..., 10^hi into g; returns its length. */
static inline size_t vs_log_grid(double *g, int lo, int hi, int step)
{
    size_t n = 0;
    for (int e = lo; e <= hi; e += step)
        g[n++] = pow(10.0, e);
    return n;
}

#endif /* CSAT_VALID_SWEEP_H */
