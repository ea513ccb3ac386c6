/*
 * libcsat: customer satisfaction, loyalty, churn and lifetime-value analytics.
 *
 * This is the one public header. If it is not declared here, it is not API.
 *
 * Conventions (they hold for every function below):
 *
 *  - Names: csat_<module>_<verb>. Types are csat_<name>, macros and enum
 *    constants CSAT_<NAME>.
 *  - Every function that can fail returns a csat_status (0 = CSAT_OK,
 *    negative = error). Results go to out-parameters, which come first for
 *    constructors (csat_x_new(&out, ...)) and last otherwise.
 *  - On error, out-parameters and handles are left exactly as they were.
 *  - Opaque handles are created by csat_x_new(&out, alloc, ...) with an
 *    optional allocator (NULL means the C library's malloc/realloc/free) and
 *    freed by csat_x_free(x), which accepts NULL. Every allocation the handle
 *    makes goes through its allocator. csat_x_last_error(x) returns the
 *    message of the last failed call on that handle ("" if none); the text
 *    belongs to the handle and is valid until the next call on it.
 *  - Arrays are passed as columns: `const double *x, size_t n`. Matrices are
 *    row-major `const double *x, size_t n_rows, size_t n_cols` unless said
 *    otherwise. Output arrays are provided by the caller.
 *  - Options come as versioned structs: initialise with the matching
 *    CSAT_X_OPTIONS_INIT macro or csat_x_options_init(&o, CSAT_X_OPTIONS_VERSION);
 *    pass NULL for the defaults. An unknown version gives CSAT_EVERSION.
 *  - NaN and +-Inf inputs are rejected (CSAT_EINVAL) unless a function
 *    documents a csat_nan_policy. Valid input never produces NaN or Inf.
 *  - Thread safety: the library has no global mutable state. Different
 *    handles may be used from different threads at the same time; one handle
 *    must not be used from two threads at once. Functions without a handle
 *    are reentrant.
 *
 * Stability: released signatures, struct layouts and enum values never
 * change; new functions and appended enum values may be added. Options
 * structs only grow at the end, with a new version number.
 */
#ifndef CSAT_H
#define CSAT_H

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------------ */
/* Version                                                                   */
/* ------------------------------------------------------------------------ */

#define CSAT_VERSION_MAJOR 0
#define CSAT_VERSION_MINOR 1
#define CSAT_VERSION_PATCH 0
#define CSAT_VERSION_STRING "0.1.0"
/** MAJOR*10000 + MINOR*100 + PATCH. */
#define CSAT_VERSION_NUMBER \
    (CSAT_VERSION_MAJOR * 10000 + CSAT_VERSION_MINOR * 100 + CSAT_VERSION_PATCH)
/** True when the header is at least version maj.min.pat. */
#define CSAT_VERSION_CHECK(maj, min, pat) \
    (CSAT_VERSION_NUMBER >= ((maj) * 10000 + (min) * 100 + (pat)))
/** Shared-library ABI version (the soname's number). */
#define CSAT_SOVERSION 0

/* ------------------------------------------------------------------------ */
/* Visibility and language linkage                                           */
/* ------------------------------------------------------------------------ */

#ifndef CSAT_API
#  if defined(_WIN32) && !defined(CSAT_STATIC) && defined(CSAT_BUILDING)
#    define CSAT_API __declspec(dllexport)
#  elif defined(_WIN32) && !defined(CSAT_STATIC)
#    define CSAT_API __declspec(dllimport)
#  elif defined(__GNUC__) && __GNUC__ >= 4
#    define CSAT_API __attribute__((visibility("default")))
#  else
#    define CSAT_API
#  endif
#endif

#ifndef CSAT_WARN_UNUSED
#  if defined(__GNUC__) && __GNUC__ >= 4
#    define CSAT_WARN_UNUSED __attribute__((warn_unused_result))
#  else
#    define CSAT_WARN_UNUSED
#  endif
#endif

#ifndef CSAT_DEPRECATED
#  if defined(__GNUC__) && (__GNUC__ > 4 || (__GNUC__ == 4 && __GNUC_MINOR__ >= 5))
#    define CSAT_DEPRECATED(msg) __attribute__((deprecated(msg)))
#  else
#    define CSAT_DEPRECATED(msg)
#  endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Status codes (values are pinned forever; new codes are only appended)     */
/* ------------------------------------------------------------------------ */

typedef enum csat_status {
    CSAT_OK = 0,
    CSAT_EINVAL = -1,    /**< invalid argument: NULL, NaN/Inf, out of range, t_x > T, ... */
    CSAT_ENOMEM = -2,    /**< an allocation failed */
    CSAT_EDOM = -3,      /**< valid arguments, but the result is undefined (zero denominator, r >= 1+i, ...) */
    CSAT_EEMPTY = -4,    /**< empty input, or nothing left after skipping missing values */
    CSAT_ENOCONV = -5,   /**< an iterative method did not converge; previous results kept */
    CSAT_EMISUSE = -6,   /**< call out of order (e.g. predicting before fitting) */
    CSAT_EINTERNAL = -7, /**< a bug in libcsat; please report it */
    CSAT_EVERSION = -8,  /**< unknown options-struct version */
    CSAT_EBUFSIZE = -9   /**< a caller-provided output buffer is too small */
} csat_status;

/** Static English text for a status code; never NULL (unknown codes get a generic text). */
CSAT_API const char *csat_strerror(int status);

/** Runtime version: "MAJOR.MINOR.PATCH", CSAT_VERSION_NUMBER, CSAT_SOVERSION of the linked library. */
CSAT_API const char *csat_version_string(void);
CSAT_API unsigned int csat_version_number(void);
CSAT_API unsigned int csat_soversion(void);

/* ------------------------------------------------------------------------ */
/* Allocator                                                                 */
/* ------------------------------------------------------------------------ */

/**
 * Custom allocator, given when a handle is created and used for every
 * allocation that handle makes. malloc_fn and free_fn are required;
 * realloc_fn may be NULL (libcsat then allocates, copies and frees).
 * Passing a NULL csat_allocator pointer means the C library's functions.
 * free_fn must accept NULL.
 */
typedef struct csat_allocator {
    void *(*malloc_fn)(size_t size, void *user);
    void *(*realloc_fn)(void *ptr, size_t size, void *user);
    void (*free_fn)(void *ptr, void *user);
    void *user;
} csat_allocator;

/* ------------------------------------------------------------------------ */
/* Shared types                                                              */
/* ------------------------------------------------------------------------ */

/** What a function does with a missing answer (NaN), where it says so. */
typedef enum csat_nan_policy {
    CSAT_NAN_ERROR = 0, /**< any NaN is CSAT_EINVAL (the default) */
    CSAT_NAN_SKIP = 1   /**< NaNs are skipped and counted; all-missing is CSAT_EEMPTY */
} csat_nan_policy;

/**
 * A rating scale: answers must lie in [min, max] (min < max, both finite).
 * reversed != 0 means a low number is the favourable end (e.g. an effort
 * scale); functions then mirror answers (x -> min + max - x) before use.
 */
typedef struct csat_scale {
    double min;
    double max;
    int reversed;
} csat_scale;

/** Three-state disconfirmation outcome: d = perceived - expected against a tolerance tau >= 0. */
typedef enum csat_disconfirmation {
    CSAT_DISSATISFIED = -1, /**< d < -tau */
    CSAT_SATISFIED = 0,     /**< |d| <= tau */
    CSAT_DELIGHTED = 1      /**< d > tau */
} csat_disconfirmation;

/** How an iterative fit ended (maximum likelihood fits of every model). */
typedef struct csat_fit_report {
    size_t iterations;     /**< optimiser iterations */
    size_t evaluations;    /**< objective/gradient evaluations */
    double log_likelihood; /**< at the returned parameters */
    double grad_norm;      /**< max |gradient| (in the optimiser's parametrisation) at the end */
    int converged;         /**< 1 if the convergence test was met */
} csat_fit_report;

/* ======================================================================== */
/* Customer records (csat_customers)                                        */
/* ======================================================================== */

/* end: customer records */

/* ======================================================================== */
/* Value models (csat_value_model)                                          */
/* ======================================================================== */

/* end: value models */

/* ======================================================================== */
/* Satisfaction and loyalty                                                 */
/* ======================================================================== */

/* end: satisfaction and loyalty */

/* ======================================================================== */
/* Buy-till-you-die models and CLV (csat_btyd_model, csat_spend_model)      */
/* ======================================================================== */

/* end: BTYD */

/* ======================================================================== */
/* Retention, survival, churn scoring, retention economics, CRM KPIs        */
/* ======================================================================== */

/* end: retention */

/* ======================================================================== */
/* Segmentation                                                             */
/* ======================================================================== */

/* end: segmentation */

#ifdef __cplusplus
}
#endif

#endif /* CSAT_H */
