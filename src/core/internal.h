/*
 * Internal helpers shared by every module: allocation through a handle's
 * allocator, per-handle error messages, argument validation.
 * Never installed; names carry the csat__ prefix and have hidden visibility.
 */
#ifndef CSAT_INTERNAL_H
#define CSAT_INTERNAL_H

#include "csat.h"
#include "core/parallel.h"

#include <stdarg.h>
#include <stddef.h>

#define CSAT__ERRLEN 256

#if defined(__GNUC__)
#  define CSAT__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define CSAT__PRINTF(f, a)
#endif

/* Every handle struct starts with this, so helpers can treat them alike. */
typedef struct csat__base {
    csat_allocator alloc; /* resolved: never has NULL malloc_fn/free_fn */
    char err[CSAT__ERRLEN];
    csat__par par; /* threads for this handle's calls; all zero (serial) until set */
} csat__base;

/* A handle's thread settings (h: any handle, whose first member is its csat__base). */
static inline const csat__par *csat__handle_par(const void *h)
{
    return &((const csat__base *)h)->par;
}

/* ---- allocation ---------------------------------------------------------- */

/* Copy a user allocator (NULL = libc) into dst; CSAT_EINVAL if incomplete. */
csat_status csat__allocator_resolve(csat_allocator *dst, const csat_allocator *src);

void *csat__malloc(const csat_allocator *a, size_t bytes);
/* count*size bytes; NULL on overflow or failure. */
void *csat__malloc_array(const csat_allocator *a, size_t count, size_t size);
/* Same, zero-filled. */
void *csat__calloc_array(const csat_allocator *a, size_t count, size_t size);
/* Resize from old_bytes to new_bytes (realloc_fn, or malloc+copy+free). */
void *csat__realloc(const csat_allocator *a, void *p, size_t old_bytes, size_t new_bytes);
void csat__free(const csat_allocator *a, void *p);

/* Allocate and zero a handle struct of `bytes` whose first member is a
 * csat__base, with the resolved allocator stored in it. */
csat_status csat__handle_new(void **out, size_t bytes, const csat_allocator *alloc);
/* Free a handle made by csat__handle_new (its own members first!). */
void csat__handle_free(void *handle);

/* 1 if a*b overflows size_t, else 0 and *out = a*b. */
int csat__mul_overflow(size_t a, size_t b, size_t *out);
/* 1 if an array of n x m elements of elem bytes each has a byte count that
 * fits in size_t, else 0. Every public function checks each array size it is
 * given with it (m = 1 for a column) before touching an array: a size whose
 * byte count overflows is CSAT_EINVAL, with a message on the handle of the
 * form "<size> = %zu ... overflow(s) the address space". */
int csat__array_bytes_ok(size_t n, size_t m, size_t elem);

/* ---- errors ---------------------------------------------------------------- */

/* Record a message on the handle and return `st` (so: return csat__fail(...)). */
csat_status csat__fail(csat__base *b, csat_status st, const char *fmt, ...) CSAT__PRINTF(3, 4);
void csat__clear_error(csat__base *b);

/* Details for functions without a handle (csat_error, see csat.h): fill *e
 * when e is not NULL and return st (so: return csat__err(err, ...)). arg is
 * the parameter's name as in csat.h (a static string) or NULL; row its
 * element at fault or CSAT_NO_ROW; fmt NULL gives csat_strerror(st). */
csat_status csat__err(csat_error *e, csat_status st, const char *arg, size_t row, const char *fmt,
                      ...) CSAT__PRINTF(5, 6);
/* The same failure on a handle (csat__fail) and in a csat_error, for checks
 * shared by handle functions and functions without one; b and e may each be
 * NULL. Returns st. */
csat_status csat__report(csat__base *b, csat_error *e, csat_status st, const char *arg, size_t row,
                         const char *fmt, ...) CSAT__PRINTF(6, 7);
/* Clear *e (status CSAT_OK, no argument, CSAT_NO_ROW, ""); e may be NULL.
 * Every such function calls it on entry, so success leaves *e cleared. */
void csat__err_clear(csat_error *e);
/* "<arg> is NULL": CSAT_EINVAL. */
csat_status csat__err_null(csat_error *e, const char *arg);
/* "<arg> = <n> overflows the address space": CSAT_EINVAL. */
csat_status csat__err_size(csat_error *e, const char *arg, size_t n);
/* Options-struct version (csat__version_ok): CSAT_OK or CSAT_EVERSION
 * naming "opts->version". */
csat_status csat__check_version(csat_error *e, unsigned int version, unsigned int current);
/* One number: CSAT_OK, or CSAT_EINVAL "<arg> = <x> is not finite" (real)
 * or "... is not finite and >= 0" (amount). */
csat_status csat__check_real(csat_error *e, const char *arg, double x);
csat_status csat__check_amount(csat_error *e, const char *arg, double x);
/* CSAT_OK, or CSAT_EINVAL naming the first element of x[0..n) that is not
 * finite ("x[3] = nan is not finite"). */
csat_status csat__check_finite(csat_error *e, const char *arg, const double *x, size_t n);
/* CSAT_OK, or CSAT_EINVAL naming the first element of x[0..n) that is not
 * finite and >= 0 ("frequency[3] = -1 is negative"). */
csat_status csat__check_nonneg(csat_error *e, const char *arg, const double *x, size_t n);

/* ---- validation ------------------------------------------------------------ */

/* Index of the first non-finite value in x[0..n), or n if all are finite. */
size_t csat__first_nonfinite(const double *x, size_t n);
/* Index of the first value that is not finite and >= 0, or n. */
size_t csat__first_not_nonneg(const double *x, size_t n);
/* Index of the first value of x that is not finite and >= 0 (n if none);
 * names the problem for messages ("NaN", "infinite", "negative"; NULL if
 * none). */
const char *csat__nonneg_problem(const double *x, size_t n, size_t *where);

/* CSAT_OK if the scale is usable (finite, min < max). */
csat_status csat__scale_check(const csat_scale *s);
/* 1 if x is within the scale, tolerating 1e-12 of the range for rounding. */
int csat__scale_contains(const csat_scale *s, double x);
/* x clamped to the scale (answers within the slack of csat__scale_contains
 * count as the end they passed), then mirrored on a reversed scale. */
double csat__scale_orient(const csat_scale *s, double x);
/* Options-struct version check: 0 < version <= current. */
int csat__version_ok(unsigned int version, unsigned int current);

/* d = perceived - expected against tolerance tau >= 0. */
static inline csat_disconfirmation csat__classify3(double d, double tau)
{
    if (d < -tau)
        return CSAT_DISSATISFIED;
    if (d > tau)
        return CSAT_DELIGHTED;
    return CSAT_SATISFIED;
}

/* Hot loops compiled twice on x86-64 ELF with GNU compilers, for AVX2 and
 * the baseline, picked by the CPU at load time (target_clones). Defining
 * CSAT_NO_TARGET_CLONES turns it off; so does ThreadSanitizer, which
 * instruments the ifunc resolver that runs before its runtime is up.
 * CSAT__X86_CLONES is defined where the clones are on. */
#if defined(__SANITIZE_THREAD__) && !defined(CSAT_NO_TARGET_CLONES)
#  define CSAT_NO_TARGET_CLONES 1
#elif defined(__has_feature) && !defined(CSAT_NO_TARGET_CLONES)
#  if __has_feature(thread_sanitizer)
#    define CSAT_NO_TARGET_CLONES 1
#  endif
#endif
#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__) && defined(__has_attribute) \
    && !defined(CSAT_NO_TARGET_CLONES)
#  if __has_attribute(target_clones)
#    define CSAT__X86_CLONES 1
#    define CSAT__CLONES __attribute__((target_clones("avx2", "default")))
#  endif
#endif
#ifndef CSAT__CLONES
#  define CSAT__CLONES
#endif

#endif /* CSAT_INTERNAL_H */
