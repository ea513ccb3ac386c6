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
#include <math.h> /* NAN, used by options INIT macros */
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

/*
 * An opaque store of raw transactions (customer id, time, amount) that
 * produces the per-customer summaries the BTYD models need (frequency,
 * recency, T, monetary value; optionally with a calibration/holdout split).
 * No I/O.
 *
 * Units: times are in any unit the caller chooses (e.g. days since
 * 1970-01-01, which is what the Python bindings use for datetime64) and must
 * be finite and >= 0; amounts must be finite and >= 0 (-0 is stored as +0).
 *
 * Periods: summaries count purchase *periods*, not raw transactions. Period k
 * is [period_origin + k*period, period_origin + (k+1)*period); all of one
 * customer's transactions in one period count as one purchase whose amount is
 * their sum. With times in days, period 1 and origin 0 a period is a calendar
 * day (UTC), which is what lifetimes' summary_data_from_transaction_data
 * does with freq='D'.
 *
 * End dates are inclusive of their whole period: a transaction at time t is
 * inside the window ending at `end` when its period index
 * floor((t - origin)/period) is <= floor((end - origin)/period). T, recency
 * and duration_holdout are differences of period starts:
 *   recency = (k_last - k_first) * period / time_scale,
 *   T       = (k_end  - k_first) * period / time_scale,
 * again as lifetimes computes them. So with daily periods and integer day
 * numbers everything is exact. Two deliberate differences from lifetimes'
 * calibration_and_holdout_data: the calibration window also ends with the
 * whole period of calibration_end (lifetimes cuts at the raw timestamp there,
 * which only matters for times inside a period), and monetary_value_holdout
 * is the mean per-period amount, like monetary_value (lifetimes averages the
 * raw holdout transactions).
 *
 * Memory and time: 24 bytes per stored transaction (adds grow the rows by at
 * least a quarter; a summary trims the slack when the allocator has
 * realloc), and per customer 56 bytes of summary (72 with a holdout split).
 * Rows are sorted by (id, time) in place, lazily, by the first call that
 * needs it, in time linear in the number of rows; rows added after that are
 * sorted alone and merged in (with a temporary buffer of their size when
 * they are at most a quarter of the store; otherwise all rows are re-sorted
 * in place).
 *
 * Threads: functions taking a const store may still sort its rows in place
 * (lazily, after csat_customers_add); like every handle, a store must not be
 * used from two threads at once, even by "read-only" calls.
 */
typedef struct csat_customers csat_customers;

/** Create an empty store. CSAT_EINVAL if out is NULL or alloc is incomplete, CSAT_ENOMEM. */
CSAT_API CSAT_WARN_UNUSED csat_status csat_customers_new(csat_customers **out, const csat_allocator *alloc);
/** Free the store and everything it holds; NULL is a no-op. */
CSAT_API void csat_customers_free(csat_customers *c);
/** Message of the last failed call on c ("" if none; "" for NULL). */
CSAT_API const char *csat_customers_last_error(const csat_customers *c);

/**
 * Add n transactions. ids and times are required when n > 0; amounts may be
 * NULL (every amount 0). Any order, repeated ids and several transactions
 * per customer per period are fine. n == 0 is a no-op.
 * All-or-nothing: on error nothing is added and a previous summary stays.
 * On success a previous summary is discarded (csat_customers_summarize again;
 * until then lookup/export give CSAT_EMISUSE).
 * Errors: CSAT_EINVAL (NULL handle or column, a time or amount that is NaN,
 * infinite or negative -- the message names the first bad index --, or a
 * size that overflows), CSAT_ENOMEM.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_customers_add(csat_customers *c, const uint64_t *ids,
                                                         const double *times, const double *amounts,
                                                         size_t n);

/** Number of distinct customers and of transactions stored (either pointer may be NULL). */
CSAT_API csat_status csat_customers_count(const csat_customers *c, size_t *n_customers,
                                          size_t *n_transactions);

/** Bytes of memory the store holds: its rows (spare capacity included), the
 * current summary and the handle itself. CSAT_EINVAL for NULL arguments. */
CSAT_API csat_status csat_customers_memory(const csat_customers *c, size_t *bytes);

/** All distinct customer ids in ascending order; CSAT_EBUFSIZE if cap < count
 * (ids may be NULL when the store is empty). */
CSAT_API csat_status csat_customers_ids(const csat_customers *c, uint64_t *ids, size_t cap);

/**
 * One customer's transactions sorted by time (transactions at the same time
 * are ordered by amount): *n receives the count; times/amounts (either may
 * be NULL) receive up to cap values. CSAT_EINVAL if the id is unknown or n is
 * NULL, CSAT_EBUFSIZE if cap < *n (with *n set, so the caller can retry;
 * nothing else written).
 */
CSAT_API csat_status csat_customers_transactions(const csat_customers *c, uint64_t id, double *times,
                                                 double *amounts, size_t cap, size_t *n);

/** Options of csat_customers_summarize (see the section comment for periods and end dates). */
typedef struct csat_summary_options {
    unsigned int version;
    /** Length of a period (finite, > 0), in store time units. Default 1. */
    double period;
    /** End of observation (finite, >= 0), inclusive of its whole period.
     * Required: the default NaN is CSAT_EINVAL. */
    double observation_end;
    /** NaN (default) = no holdout; else finite, >= 0 and in an earlier period
     * than observation_end: the summary is then of the calibration window
     * (periods up to calibration_end's) plus holdout columns for the periods
     * after it up to observation_end's. */
    double calibration_end;
    /** Divide recency, T and duration_holdout by this (finite, > 0), e.g. 7
     * for days to weeks. Default 1. */
    double time_scale;
    /** Where the period grid starts (finite; default 0): period k begins at
     * period_origin + k*period. E.g. with days since 1970-01-01 (a Thursday)
     * and period 7, origin 4 gives weeks starting on Monday. */
    double period_origin;
} csat_summary_options;

#define CSAT_SUMMARY_OPTIONS_VERSION 1
#define CSAT_SUMMARY_OPTIONS_INIT {CSAT_SUMMARY_OPTIONS_VERSION, 1.0, NAN, NAN, 1.0, 0.0}
/** Fill *opts with the defaults; CSAT_EVERSION for an unknown version, CSAT_EINVAL for NULL. */
CSAT_API csat_status csat_summary_options_init(csat_summary_options *opts, unsigned int version);

/**
 * Compute every customer's summary and keep it in the store, ordered by id.
 * Customers whose first purchase is after the end date (calibration_end if
 * given, else observation_end) are excluded; *n_excluded (may be NULL)
 * receives how many, *n_summarized (may be NULL) how many are in the summary.
 * Errors: CSAT_EINVAL (NULL handle, invalid options, or times so far from the
 * origin that period indices exceed 2^52 or T overflows), CSAT_EVERSION,
 * CSAT_EEMPTY (no transactions, or every customer excluded), CSAT_EDOM (a
 * customer's amounts sum to more than the largest double), CSAT_ENOMEM.
 * On error a previous summary is kept.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_customers_summarize(csat_customers *c,
                                                               const csat_summary_options *opts,
                                                               size_t *n_summarized,
                                                               size_t *n_excluded);

/** One customer's summary (time fields in the summary's time_scale units). */
typedef struct csat_customer_summary {
    uint64_t id;
    double first_time;         /**< time of the first purchase (store units, not rounded to its period) */
    double frequency;          /**< x: number of distinct periods with purchases after the first one */
    double recency;            /**< t_x: start of the last purchase period minus start of the first */
    double T;                  /**< start of the end date's period minus start of the first purchase period */
    double monetary_value;     /**< mean per-period amount of the repeat periods; 0 if frequency is 0 */
    double total_amount;       /**< all amounts in the (calibration) window, first period included */
    double n_transactions;     /**< raw transactions in the (calibration) window */
    double frequency_holdout;  /**< periods with purchases in the holdout; NaN without holdout */
    double monetary_value_holdout; /**< mean per-period amount of those; 0 if none; NaN without holdout */
    double duration_holdout;   /**< (k_observation_end - k_calibration_end) * period / time_scale; NaN without holdout */
} csat_customer_summary;

/** The summary of one customer (CSAT_EINVAL if not in the summary, i.e.
 * unknown or excluded; CSAT_EMISUSE before summarize or after an add). */
CSAT_API csat_status csat_customers_lookup(const csat_customers *c, uint64_t id,
                                           csat_customer_summary *out);

typedef enum csat_summary_field {
    CSAT_SUMMARY_FIRST_TIME = 0,
    CSAT_SUMMARY_FREQUENCY = 1,
    CSAT_SUMMARY_RECENCY = 2,
    CSAT_SUMMARY_T = 3,
    CSAT_SUMMARY_MONETARY_VALUE = 4,
    CSAT_SUMMARY_TOTAL_AMOUNT = 5,
    CSAT_SUMMARY_N_TRANSACTIONS = 6,
    CSAT_SUMMARY_FREQUENCY_HOLDOUT = 7,
    CSAT_SUMMARY_MONETARY_VALUE_HOLDOUT = 8,
    CSAT_SUMMARY_DURATION_HOLDOUT = 9
} csat_summary_field;

/** Export the summary's ids (ascending) into a caller column of cap >= n_summarized
 * (CSAT_EBUFSIZE otherwise; CSAT_EMISUSE without a current summary). */
CSAT_API csat_status csat_customers_summary_ids(const csat_customers *c, uint64_t *ids, size_t cap);
/** Export one summary column, in the same order as csat_customers_summary_ids.
 * CSAT_EINVAL for an unknown field, or a holdout field when the summary has no
 * calibration split; CSAT_EBUFSIZE if cap < n_summarized; CSAT_EMISUSE without
 * a current summary. */
CSAT_API csat_status csat_customers_summary_column(const csat_customers *c, csat_summary_field field,
                                                   double *out, size_t cap);

/* end: customer records */

/* ======================================================================== */
/* Value models (csat_value_model)                                          */
/* ======================================================================== */

/*
 * Customer delivered value (Kotler): an offering's total customer value
 * TCV = product + service + personnel + image value and total customer cost
 * TCC = monetary + time + effort (energy) + mental (psychic) cost, each
 * component multiplied by a weight (how much the customer cares about it):
 *
 *     TCV = sum_{k value} w_k v_k     TCC = sum_{k cost} w_k v_k
 *     delivered value CDV = TCV - TCC     value ratio = TCV / TCC
 *
 * Component values are money-equivalent amounts or scores on one common
 * scale (finite, >= 0); weights are finite and >= 0 (default 1, which gives
 * the textbook unweighted sums). A model holds model-wide weights, any number
 * of offerings (ours and competitors') and any number of customer segments,
 * each with its own weights and a size (for market-level shares).
 *
 * Functions that take `size_t segment` use that segment's weights, or the
 * model weights when segment is CSAT_VALUE_MODEL_WEIGHTS. An unknown
 * offering or segment index is CSAT_EINVAL. A result that does not fit in a
 * double (e.g. weights and values near DBL_MAX) is CSAT_EDOM.
 *
 * Ties: two offerings tie when their computed delivered values are equal
 * as doubles. Tied offerings share the best rank (competition ranking
 * 1, 2, 2, 4) and, under the "take the best" rule, split the share evenly.
 */
typedef struct csat_value_model csat_value_model;

/** The eight components, in the order every 8-element array uses. */
typedef enum csat_value_component {
    CSAT_VALUE_PRODUCT = 0,   /**< product value */
    CSAT_VALUE_SERVICE = 1,   /**< services value */
    CSAT_VALUE_PERSONNEL = 2, /**< personnel value */
    CSAT_VALUE_IMAGE = 3,     /**< image value */
    CSAT_COST_MONETARY = 4,   /**< monetary cost (price) */
    CSAT_COST_TIME = 5,       /**< time cost */
    CSAT_COST_EFFORT = 6,     /**< effort (energy) cost */
    CSAT_COST_MENTAL = 7      /**< mental (psychic) cost */
} csat_value_component;

/** Number of components; components [0, 4) are values, [4, 8) are costs. */
#define CSAT_VALUE_N_COMPONENTS 8
/** Longest offering or segment name, in bytes, without the terminating NUL. */
#define CSAT_VALUE_NAME_MAX 63
/** `segment` argument meaning "use the model weights, not a segment's". */
#define CSAT_VALUE_MODEL_WEIGHTS ((size_t)-1)

CSAT_API CSAT_WARN_UNUSED csat_status csat_value_model_new(csat_value_model **out,
                                                           const csat_allocator *alloc);
CSAT_API void csat_value_model_free(csat_value_model *m);
/** Message of the last failed call on m ("" if none; "" for m == NULL). */
CSAT_API const char *csat_value_model_last_error(const csat_value_model *m);

/** Replace the model weights (8 values, finite, >= 0). */
CSAT_API csat_status csat_value_model_set_weights(csat_value_model *m, const double weights[8]);
/** Copy the model weights into weights[8]. */
CSAT_API csat_status csat_value_model_weights(const csat_value_model *m, double weights[8]);

/**
 * Add an offering: name (1..CSAT_VALUE_NAME_MAX bytes, copied) and its eight
 * component values (finite, >= 0). competitor != 0 marks a competitor's
 * offering (informational: every offering is evaluated alike). *index (may
 * be NULL) receives its index: offerings are numbered 0, 1, ... in the order
 * added. Names need not be unique. CSAT_ENOMEM leaves the model unchanged.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_value_model_add_offering(csat_value_model *m,
                                                                    const char *name,
                                                                    const double values[8],
                                                                    int competitor, size_t *index);
/** Replace offering i's component values (finite, >= 0). */
CSAT_API csat_status csat_value_model_set_offering(csat_value_model *m, size_t i,
                                                   const double values[8]);
/**
 * Offering i: its values (values may be NULL), its competitor flag
 * (competitor may be NULL) and its name (name may be NULL; the text
 * belongs to the model and stays valid until the next
 * csat_value_model_add_offering or csat_value_model_free).
 * CSAT_EINVAL if i is out of range or m is NULL.
 */
CSAT_API csat_status csat_value_model_offering(const csat_value_model *m, size_t i,
                                               double values[8], int *competitor,
                                               const char **name);

/**
 * Add a customer segment: name (as for offerings), its own eight weights
 * (finite, >= 0) and its size (finite, >= 0: customers, revenue or a share;
 * only ratios between sizes matter; used by csat_value_model_market_share).
 * *index (may be NULL) receives its index (0, 1, ... in the order added).
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_value_model_add_segment(csat_value_model *m,
                                                                   const char *name,
                                                                   const double weights[8],
                                                                   double size, size_t *index);
/** Replace segment s's weights (finite, >= 0) and size (finite, >= 0). */
CSAT_API csat_status csat_value_model_set_segment(csat_value_model *m, size_t s,
                                                  const double weights[8], double size);
/** Segment s: weights, size and name (each may be NULL; the name text is
 * valid until the next csat_value_model_add_segment or csat_value_model_free). */
CSAT_API csat_status csat_value_model_segment(const csat_value_model *m, size_t s,
                                              double weights[8], double *size, const char **name);

/** Number of offerings and of segments (either pointer may be NULL). */
CSAT_API csat_status csat_value_model_count(const csat_value_model *m, size_t *n_offerings,
                                            size_t *n_segments);

/**
 * Evaluate every offering for one segment (or CSAT_VALUE_MODEL_WEIGHTS).
 * Each output is a caller column of cap >= number of offerings entries, in
 * offering order, and may be NULL when not wanted:
 *  - total_value, total_cost, delivered_value (same unit as the values);
 *  - ratio = TCV / TCC. If ratio is not NULL and some offering has TCC = 0
 *    the call fails with CSAT_EDOM (the ratio is undefined); pass NULL for
 *    ratio to evaluate models with free, effortless offerings;
 *  - rank: 1 = highest delivered value; ties share the best rank (1, 2, 2, 4);
 *  - share: multinomial-logit choice share on delivered value,
 *    share_i = exp(scale*CDV_i) / sum_j exp(scale*CDV_j), computed relative to
 *    the largest CDV so it never overflows. scale > 0 (per unit of delivered
 *    value); scale = INFINITY means the customer takes the highest delivered
 *    value, tied offerings splitting it evenly. Shares sum to 1.
 * Errors: CSAT_EINVAL (NULL m, scale NaN or <= 0, unknown segment),
 * CSAT_EEMPTY (no offerings), CSAT_EBUFSIZE (cap too small), CSAT_EDOM (see
 * ratio; or a total that overflows), CSAT_ENOMEM (rank needs scratch memory
 * proportional to the number of offerings). Outputs are written only on success.
 */
CSAT_API csat_status csat_value_model_evaluate(csat_value_model *m, size_t segment, double scale,
                                               double *total_value, double *total_cost,
                                               double *delivered_value, double *ratio,
                                               size_t *rank, double *share, size_t cap);

/**
 * Market-level choice shares: the segments' shares (as in
 * csat_value_model_evaluate with this scale) averaged with the segments'
 * sizes as weights. share has cap >= number of offerings entries.
 * CSAT_EEMPTY if there are no offerings or no segments, CSAT_EDOM if every
 * segment has size 0.
 */
CSAT_API csat_status csat_value_model_market_share(csat_value_model *m, double scale,
                                                   double *share, size_t cap);

/** How one component alone can close the gap (csat_value_improvement.status). */
typedef enum csat_value_reach {
    CSAT_VALUE_REACHABLE = 0,  /**< changing the component by required[k] suffices */
    CSAT_VALUE_LEADS = 1,      /**< nothing to do: the offering already leads by the margin */
    CSAT_VALUE_NO_EFFECT = 2,  /**< weight 0: the component does not move delivered value */
    CSAT_VALUE_INFEASIBLE = 3  /**< a cost would have to fall below 0 (or the change is too
                                    large for a double) */
} csat_value_reach;

/** Result of csat_value_model_improvement; arrays indexed by csat_value_component. */
typedef struct csat_value_improvement {
    /** The offering to overtake: the best offering other than this one (the
     * lowest index among ties); so when this offering leads it is the
     * runner-up. CSAT_VALUE_MODEL_WEIGHTS ((size_t)-1) if there is no other
     * offering. */
    size_t rival;
    /** rival's CDV - this CDV when positive, else 0 (0 = this offering leads or ties). */
    double gap;
    /** Delivered value this offering must gain: rival's CDV + margin - this
     * CDV when positive, else 0. */
    double needed;
    /** Change of component k alone that gains `needed`: an increase for a
     * value component, a decrease for a cost component (always >= 0):
     * needed / w_k. Set only when status[k] is CSAT_VALUE_REACHABLE, else 0. */
    double required[8];
    /** csat_value_reach for each component. */
    int status[8];
    /** Delivered value gained per unit increase of component k: +w_k for a
     * value, -w_k for a cost. */
    double gain_per_unit[8];
    /** +1 if this offering is better than the rival on component k (higher
     * weighted value, or lower weighted cost), -1 if worse, 0 if level
     * (always 0 for a zero weight or without a rival). */
    int compare[8];
} csat_value_improvement;

/**
 * Improvement analysis of offering i for a segment (or
 * CSAT_VALUE_MODEL_WEIGHTS). "Overtake" means reaching the rival's delivered
 * value plus margin (margin finite, >= 0): margin 0 asks for parity (a tie,
 * which shares the rank and splits a "take the best" choice), a small
 * positive margin asks to strictly exceed it. A cost reduction that equals
 * the current cost (bringing it to exactly 0) is feasible. When the
 * offering is the only one, every status is CSAT_VALUE_LEADS.
 * Errors: CSAT_EINVAL (NULL, unknown offering/segment, bad margin),
 * CSAT_EDOM (a delivered value or the needed gain overflows). *out is
 * written only on success.
 */
CSAT_API csat_status csat_value_model_improvement(csat_value_model *m, size_t i, size_t segment,
                                                  double margin, csat_value_improvement *out);

/**
 * Per-customer delivered value. components[k] is a column of n customers'
 * perceived values of component k (finite, >= 0); a NULL column means 0
 * for everyone. Weights come from the segment (or CSAT_VALUE_MODEL_WEIGHTS).
 * Outputs (n entries each, either may be NULL): delivered value and value
 * ratio; with ratio not NULL any customer with total cost 0 is CSAT_EDOM.
 * CSAT_EEMPTY if n == 0. Outputs are written only on success.
 */
CSAT_API csat_status csat_value_model_customers(csat_value_model *m, size_t segment,
                                                const double *const components[8], size_t n,
                                                double *delivered_value, double *ratio);

/**
 * Per-customer disconfirmation (models.md 2.1): d = CDV - expected (expected
 * is each customer's expected delivered value, finite, any sign), and the
 * state CSAT_DISSATISFIED (d < -tolerance), CSAT_SATISFIED (|d| <=
 * tolerance) or CSAT_DELIGHTED (d > tolerance) as an int column
 * (csat_disconfirmation values). tolerance finite, >= 0. components as in
 * csat_value_model_customers. Outputs (n entries, either may be NULL) are
 * written only on success.
 */
CSAT_API csat_status csat_value_model_disconfirm(csat_value_model *m, size_t segment,
                                                 const double *const components[8], size_t n,
                                                 const double *expected, double tolerance,
                                                 double *disconfirmation, int *state);

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

/*
 * Rule-based segments (RFM scores and named RFM segments, value tiers,
 * customer pyramid, ABC, lifecycle stages, benefit segments) are pure
 * functions over caller columns; k-means is a handle. Categorical outputs
 * are int columns holding the enum values below (ints so that bindings can
 * share the buffers), together with the numbers that produced them
 * (break points, cuts, trends, shares). models.md section 11 gives the
 * sources of every rule and default.
 */

/* ---- RFM scores ----------------------------------------------------------- */

/*
 * How csat_rfm_scores cuts a column into bins 1..bins. "Better" means a
 * larger frequency or monetary value and a SMALLER recency (recency is
 * reversed, so the most recent customers score highest).
 */
typedef enum csat_rfm_binning {
    /** Default. Quantile bins by rank with ties kept together: a customer's
     * score is 1 + floor(bins * W / n), W = number of customers strictly worse
     * in that column. Equal values always share a score; bins may be short
     * or empty where ties are long. Break points reported: t_j =
     * the ceil(j*n/bins)-th worst value (j = 1..bins-1), and score =
     * 1 + #{j : x better than t_j}. */
    CSAT_RFM_QUANTILE_RANK = 0,
    /** The R `rfm` package (rsquaredacademy/rfm): b_j = type-7 quantile at
     * j/bins, plus 1 (the package's rule for day and count data); bin =
     * 1 + #{j : x >= b_j} (half-open [b_j, b_{j+1})); frequency/monetary
     * score = bin, recency score = bins + 1 - bin. x >= b_j is tested with a
     * relative slack of 8 ulp so that rounding in the quantile (e.g. 9*0.6
     * = 5.3999999999999995) never moves a value across a break. */
    CSAT_RFM_QUANTILE_R = 1,
    /** Caller break points per column (bins-1 strictly increasing finite
     * values): bin = 1 + #{j : x >= b_j}, scores as for CSAT_RFM_QUANTILE_R. */
    CSAT_RFM_BREAKS = 2
} csat_rfm_binning;

typedef struct csat_rfm_options {
    unsigned int version;
    /** Number of bins, 2..9 (so the cell code 100r+10f+m is unambiguous). Default 5. */
    unsigned int bins;
    csat_rfm_binning binning;
    /** CSAT_RFM_BREAKS only: bins-1 strictly increasing break points for each
     * column (not owned; read during the call). */
    const double *recency_breaks;
    const double *frequency_breaks;
    const double *monetary_breaks;
} csat_rfm_options;

#define CSAT_RFM_OPTIONS_VERSION 1
#define CSAT_RFM_OPTIONS_INIT {CSAT_RFM_OPTIONS_VERSION, 5u, CSAT_RFM_QUANTILE_RANK, NULL, NULL, NULL}
CSAT_API csat_status csat_rfm_options_init(csat_rfm_options *opts, unsigned int version);

/**
 * RFM scores of n customers from per-customer recency (time since last
 * purchase), frequency (number of purchases) and monetary value (spend),
 * all finite and >= 0.
 *
 * Outputs (caller arrays of n): r, f, m (required) receive scores 1..bins;
 * code (may be NULL) the cell code 100r + 10f + m; total (may be NULL) the
 * combined score r + f + m. breaks (may be NULL, 3*(bins-1) values) receives
 * the break points used, recency first, then frequency, then monetary (see
 * csat_rfm_binning for their meaning).
 *
 * Quantile binnings need n >= bins and a column with at least two distinct
 * values; otherwise CSAT_EINVAL (n < bins) or CSAT_EDOM (all equal).
 * Scratch: about 1 MiB of histograms from alloc (NULL = libc); O(n) time per
 * column (radix selection of the order statistics, no sort).
 * Errors: CSAT_EINVAL (NULL, NaN/Inf, negative, bad options or breaks),
 * CSAT_EEMPTY (n = 0), CSAT_EDOM, CSAT_ENOMEM, CSAT_EVERSION; outputs untouched.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_rfm_scores(const double *recency, const double *frequency,
                                                      const double *monetary, size_t n,
                                                      const csat_rfm_options *opts,
                                                      const csat_allocator *alloc, int *r, int *f,
                                                      int *m, int *code, int *total, double *breaks);

/* ---- named RFM segments --------------------------------------------------- */

/**
 * One row of a segment table: inclusive score ranges. A customer matches when
 * r_lo <= R <= r_hi and, if fm_average is 0, f_lo <= F <= f_hi and
 * m_lo <= M <= m_hi; if fm_average is 1, f_lo <= (F + M)/2 <= f_hi and m_lo,
 * m_hi are ignored (the "eleven-segment" map is written this way).
 * Bounds lie in 0..bins with lo <= hi.
 */
typedef struct csat_rfm_rule {
    const char *name;
    int r_lo, r_hi;
    int f_lo, f_hi;
    int m_lo, m_hi;
    int fm_average;
} csat_rfm_rule;

/**
 * An ordered segment table, applied first-match (the first row a customer
 * matches wins). others != 0 declares a catch-all: customers no row matches
 * get segment n_rules (name others_name, e.g. "Others"); without it such
 * customers are unassigned (-1). Tables are plain data: callers may build
 * their own.
 */
typedef struct csat_rfm_table {
    const csat_rfm_rule *rules;
    size_t n_rules;
    unsigned int bins; /**< scores are 1..bins (2..9) */
    int others;
    const char *others_name;
} csat_rfm_table;

/** Built-in tables (five bins; all declare "Others" except CSAT_RFM_TABLE_RF_GRID, an exact partition). */
typedef enum csat_rfm_builtin {
    /** R rfm >= 0.3.0 ten segments (R/rfm-segment.R example). Reaches all ten; 10 of 125 cells "Others". */
    CSAT_RFM_TABLE_R_V03 = 0,
    /** R rfm 0.2.x ten segments. New Customers, Promising and Can't Lose Them can never be assigned; 36 cells "Others". */
    CSAT_RFM_TABLE_R_V02 = 1,
    /** Eleven segments on R and (F+M)/2 (SimonXwk/RexRFM; churned.io). Four segments can never be assigned. */
    CSAT_RFM_TABLE_ELEVEN = 2,
    /** Ten segments on the R-F grid (exact partition of the 25 R-F cells; M ignored). */
    CSAT_RFM_TABLE_RF_GRID = 3
} csat_rfm_builtin;

/** A static built-in table (never freed); NULL for an unknown id. */
CSAT_API const csat_rfm_table *csat_rfm_table_builtin(csat_rfm_builtin which);

/** What csat_rfm_table_validate found. */
typedef struct csat_rfm_table_report {
    size_t n_cells;          /**< bins^3 score cells */
    size_t n_uncovered;      /**< cells no row matches (-> Others, or unassigned) */
    size_t n_overlap_cells;  /**< cells two or more rows match (first match decides) */
    size_t n_overlap_pairs;  /**< pairs of rows that share at least one cell */
    size_t n_unreachable;    /**< rows that win no cell under first-match (never assigned) */
} csat_rfm_table_report;

/**
 * Check a segment table over every score cell. cell_segment (may be NULL,
 * bins^3 ints, index (R-1)*bins^2 + (F-1)*bins + (M-1)) receives the segment
 * each cell gets (-1 if none and no catch-all); rule_cells (may be NULL,
 * n_rules) receives how many cells each row wins (0 = unreachable).
 * CSAT_EINVAL for a malformed table (NULL, bins out of 2..9, n_rules not in 1..256,
 * bounds outside 0..bins or lo > hi, NULL name). Holes and overlaps are
 * not errors: they are reported.
 */
CSAT_API csat_status csat_rfm_table_validate(const csat_rfm_table *table, csat_rfm_table_report *report,
                                             int *cell_segment, size_t *rule_cells);

/**
 * Assign each customer (scores r, f, m in 1..table->bins) its segment index:
 * 0..n_rules-1 for a row, n_rules for the catch-all. Customers no row matches
 * in a table without a catch-all get -1 and are counted in *n_unassigned; if
 * n_unassigned is NULL, any such customer is an error (CSAT_EDOM, segment
 * untouched). counts (may be NULL, n_rules + 1 values) receives customers
 * per segment (last = catch-all). CSAT_EINVAL for a bad table or a score
 * out of range.
 */
CSAT_API csat_status csat_rfm_segment_assign(const csat_rfm_table *table, const int *r, const int *f,
                                             const int *m, size_t n, int *segment, size_t *counts,
                                             size_t *n_unassigned);

/** Name of segment index s of a table ("" for -1 or out of range). */
CSAT_API const char *csat_rfm_segment_name(const csat_rfm_table *table, int s);


/* ---- k-means ---------------------------------------------------------------- */

typedef enum csat_kmeans_algorithm {
    /** Plain Lloyd iterations: memory is the input, the caller's labels and O(k d). */
    CSAT_KMEANS_LLOYD = 0,
    /** Hamerly's bounds (2003): same result as Lloyd up to rounding, far
     * fewer distance computations; needs 16 extra bytes per row (two bounds). */
    CSAT_KMEANS_HAMERLY = 1
} csat_kmeans_algorithm;

typedef struct csat_kmeans_options {
    unsigned int version;
    size_t k;               /**< clusters, >= 1 and <= rows (default 8) */
    uint64_t seed;          /**< seed of the handle's own PRNG (no global state); default 0 */
    unsigned int n_init;    /**< restarts (k-means++ seeds); the lowest inertia wins. Default 1 */
    size_t max_iter;        /**< iterations per restart (>= 1, default 300) */
    /** Stop when the squared centre movement summed over centres is
     * <= tol * (mean feature variance), or when no label changes (as
     * scikit-learn). >= 0, default 1e-4. */
    double tol;
    /** Nonzero: cluster the columns scaled to unit standard deviation
     * (centres are still reported in input units; inertia is in scaled units).
     * A constant column is then CSAT_EDOM. Default 0. */
    int standardize;
    csat_kmeans_algorithm algorithm; /**< default CSAT_KMEANS_LLOYD */
    /** NULL (default): greedy k-means++ seeding (2 + floor(ln k) candidates
     * per step). Otherwise k x d row-major starting centres in input units
     * (then n_init is ignored: one run). Not owned. */
    const double *init_centers;
} csat_kmeans_options;

#define CSAT_KMEANS_OPTIONS_VERSION 1
#define CSAT_KMEANS_OPTIONS_INIT \
    {CSAT_KMEANS_OPTIONS_VERSION, 8u, 0u, 1u, 300u, 1e-4, 0, CSAT_KMEANS_LLOYD, NULL}
CSAT_API csat_status csat_kmeans_options_init(csat_kmeans_options *opts, unsigned int version);

/** A k-means model: holds the centres of the last successful fit. */
typedef struct csat_kmeans csat_kmeans;

CSAT_API CSAT_WARN_UNUSED csat_status csat_kmeans_new(csat_kmeans **out, const csat_allocator *alloc);
CSAT_API void csat_kmeans_free(csat_kmeans *km);
CSAT_API const char *csat_kmeans_last_error(const csat_kmeans *km);

/**
 * Fit k-means to the n x d row-major matrix X (finite values). labels
 * (n ints, required, must not overlap X) receives each row's cluster
 * 0..k-1, assigned to the final centres; during a successful fit it also
 * serves as working space (seeding keeps each row's squared distance there),
 * which is why Lloyd needs no memory beyond X, labels and O(k d).
 * Deterministic: the same data, options and seed give the same result on
 * any machine and thread count (the computation is single-threaded).
 * A cluster that empties keeps its previous centre. If fewer than k rows
 * are distinct, some centres coincide (their clusters stay empty); if all
 * rows are equal and k > 1 the fit is CSAT_EDOM.
 * Errors: CSAT_EINVAL (NULL, NaN/Inf, k = 0, n < k, d = 0, bad options),
 * CSAT_EDOM, CSAT_ENOMEM, CSAT_EVERSION; the handle keeps its previous fit
 * and labels are untouched. Reaching max_iter is not an error (see
 * csat_kmeans_result's converged).
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_kmeans_fit(csat_kmeans *km, const double *X, size_t n,
                                                      size_t d, const csat_kmeans_options *opts,
                                                      int *labels);

/**
 * Results of the last fit: centers (may be NULL; k*d row-major values in
 * input units; CSAT_EBUFSIZE if cap < k*d), inertia (sum of squared
 * distances to the assigned centre), n_iter (iterations of the winning
 * run), converged (1 if it stopped before max_iter). Any pointer may be
 * NULL. CSAT_EMISUSE before a fit.
 */
CSAT_API csat_status csat_kmeans_result(const csat_kmeans *km, double *centers, size_t cap, double *inertia,
                                        size_t *n_iter, int *converged);

/**
 * Mean silhouette of a labelling of the n x d rows X (Euclidean distance,
 * labels in 0..k-1; a row alone in its cluster scores 0). sample = 0 or
 * >= n: exact, O(n^2 d). Otherwise the exact silhouette of `sample` rows
 * drawn without replacement by reservoir sampling from `seed` (as
 * scikit-learn's silhouette_score(sample_size=...)): O(sample^2 d) time,
 * O(sample + k) memory from alloc. CSAT_EDOM if fewer than 2 clusters
 * (in the sample) are non-empty or every row is its own cluster.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_kmeans_silhouette(const double *X, size_t n, size_t d,
                                                             const int *labels, size_t k, size_t sample,
                                                             uint64_t seed, const csat_allocator *alloc,
                                                             double *out);

/**
 * The elbow table: inertia[i] of the best fit with k = k_min + i for
 * k_min..k_max (1 <= k_min <= k_max <= n), other options as in opts.
 * labels (n ints) is working space and ends with the k_max labelling; the
 * handle ends with the k_max fit.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_kmeans_elbow(csat_kmeans *km, const double *X, size_t n, size_t d,
                                                        const csat_kmeans_options *opts, size_t k_min,
                                                        size_t k_max, int *labels, double *inertia);


/* ---- value tiers (frequency x amount) --------------------------------------- */

typedef enum csat_value_tier {
    CSAT_TIER_HIGH_VALUE = 0, /**< high frequency and high amount */
    CSAT_TIER_POTENTIAL = 1,  /**< the mixed cell chosen by potential_high_amount */
    CSAT_TIER_GENERAL = 2,    /**< the other mixed cell */
    CSAT_TIER_LOW_VALUE = 3   /**< low frequency and low amount */
} csat_value_tier;

typedef struct csat_value_tier_options {
    unsigned int version;
    /** "High" means strictly above the cut. NaN (default) = the column's median (type 7). */
    double frequency_cut;
    double amount_cut;
    /** Which mixed cell is POTENTIAL (the textbook does not fix it): 1 (default) =
     * low frequency, high amount (a big spender to buy more often); 0 = high
     * frequency, low amount. The other mixed cell is GENERAL. */
    int potential_high_amount;
} csat_value_tier_options;

#define CSAT_VALUE_TIER_OPTIONS_VERSION 1
#define CSAT_VALUE_TIER_OPTIONS_INIT {CSAT_VALUE_TIER_OPTIONS_VERSION, NAN, NAN, 1}
CSAT_API csat_status csat_value_tier_options_init(csat_value_tier_options *opts, unsigned int version);

/**
 * Value tier (csat_value_tier) of n customers from purchase frequency and
 * amount (finite, >= 0). tier: n ints (required). cuts (may be NULL, 2
 * values) receives the frequency and amount cuts used; counts (may be NULL,
 * 4 values) customers per tier. Scratch (median only): ~1 MiB from alloc.
 * CSAT_EINVAL (NULL, NaN, negative, non-finite cut), CSAT_EEMPTY (n = 0),
 * CSAT_EDOM (a median cut of a column whose values are all equal), CSAT_ENOMEM.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_value_tiers(const double *frequency, const double *amount, size_t n,
                                                       const csat_value_tier_options *opts,
                                                       const csat_allocator *alloc, int *tier, double *cuts,
                                                       size_t *counts);

/* ---- customer pyramid (Zeithaml, Rust & Lemon 2001) ------------------------- */

typedef enum csat_pyramid_tier {
    CSAT_PYRAMID_PLATINUM = 0,
    CSAT_PYRAMID_GOLD = 1,
    CSAT_PYRAMID_IRON = 2,
    CSAT_PYRAMID_LEAD = 3 /**< profit below lead_below: costs the company money */
} csat_pyramid_tier;

typedef enum csat_pyramid_rule {
    /** By rank among the non-LEAD customers: PLATINUM if fewer than
     * platinum*m of them are strictly more profitable, GOLD if fewer than
     * gold*m, else IRON (m = non-LEAD customers; ties share a tier). */
    CSAT_PYRAMID_RANK = 0,
    /** By profit share: PLATINUM if the customers strictly more profitable
     * hold less than `platinum` of the non-LEAD profit, GOLD if less than
     * `gold`, else IRON. */
    CSAT_PYRAMID_PROFIT_SHARE = 1
} csat_pyramid_rule;

typedef struct csat_pyramid_options {
    unsigned int version;
    csat_pyramid_rule rule;
    double platinum;   /**< cumulative cut-off in (0, 1], default 0.20 (top 20%) */
    double gold;       /**< cumulative cut-off in [platinum, 1], default 0.50 */
    double lead_below; /**< profit < lead_below is LEAD whatever its rank; default 0 */
} csat_pyramid_options;

#define CSAT_PYRAMID_OPTIONS_VERSION 1
#define CSAT_PYRAMID_OPTIONS_INIT {CSAT_PYRAMID_OPTIONS_VERSION, CSAT_PYRAMID_RANK, 0.20, 0.50, 0.0}
CSAT_API csat_status csat_pyramid_options_init(csat_pyramid_options *opts, unsigned int version);

/**
 * Pyramid tier (csat_pyramid_tier) per customer from profit (finite, may
 * be negative). tier: n ints; counts (may be NULL): 4 values. Scratch: 2n
 * doubles from alloc. CSAT_EDOM when two or more non-LEAD customers all
 * have the same profit (no tiers can be told apart), or under PROFIT_SHARE
 * when the non-LEAD profit is not positive.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_pyramid(const double *profit, size_t n, const csat_pyramid_options *opts,
                                                   const csat_allocator *alloc, int *tier, size_t *counts);

/* ---- ABC / Pareto analysis -------------------------------------------------- */

typedef enum csat_abc_class { CSAT_ABC_A = 0, CSAT_ABC_B = 1, CSAT_ABC_C = 2 } csat_abc_class;

typedef struct csat_abc_options {
    unsigned int version;
    double a_cut;       /**< A while the cumulative share (top down, this customer included) <= a_cut; default 0.80 */
    double b_cut;       /**< B while <= b_cut (a_cut <= b_cut <= 1); default 0.95; else C */
    double top_fraction; /**< Pareto summary: share of value held by this top fraction of customers; default 0.20 */
} csat_abc_options;

#define CSAT_ABC_OPTIONS_VERSION 1
#define CSAT_ABC_OPTIONS_INIT {CSAT_ABC_OPTIONS_VERSION, 0.80, 0.95, 0.20}
CSAT_API csat_status csat_abc_options_init(csat_abc_options *opts, unsigned int version);

typedef struct csat_abc_summary {
    size_t n[3];       /**< customers in A, B, C */
    double share[3];   /**< share of total value in A, B, C */
    double gini;       /**< Gini coefficient of the values, sum_i (2i - n - 1) x_(i) / (n sum x), ascending order */
    double top_share;  /**< share held by the top `top_fraction` of customers (linear between customers) */
} csat_abc_summary;

/**
 * ABC classes of n customers by value (finite, >= 0, positive total).
 * Customers are ranked by value, descending; equal values keep input order
 * (so a tie can straddle a cut-off). Shares are compared with a slack of
 * 1e-12 so that a cumulative sum that should equal the cut-off (e.g. 0.80)
 * counts as reaching it. klass (may be NULL): n ints (csat_abc_class).
 * curve (may be NULL): n + 1 values, curve[i] = share of value held by the
 * top i customers (the concentration curve; the Lorenz curve is
 * L(1 - i/n) = 1 - curve[i]). summary may be NULL. Scratch: 16 n bytes.
 * CSAT_EINVAL, CSAT_EEMPTY (n = 0), CSAT_EDOM (total 0), CSAT_ENOMEM.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_abc(const double *value, size_t n, const csat_abc_options *opts,
                                               const csat_allocator *alloc, int *klass, double *curve,
                                               csat_abc_summary *summary);


/* ---- lifecycle stages ------------------------------------------------------- */

typedef enum csat_lifecycle_stage {
    CSAT_STAGE_ACQUISITION = 0, /**< tenure below acquisition_tenure */
    CSAT_STAGE_GROWTH = 1,      /**< trend > growth */
    CSAT_STAGE_MATURITY = 2,    /**< -decline <= trend <= growth */
    CSAT_STAGE_DECLINE = 3      /**< trend < -decline, or no activity in either window */
} csat_lifecycle_stage;

typedef enum csat_lifecycle_measure {
    CSAT_LIFECYCLE_PURCHASES = 0, /**< number of purchases per window (purchase rate) */
    CSAT_LIFECYCLE_SPEND = 1      /**< amount spent per window */
} csat_lifecycle_measure;

/*
 * The rule (no canonical one exists; models.md 11.5): with `recent` the
 * activity in the last window (now - window, now] and `earlier` the activity
 * in the window before it (now - 2 window, now - window], the trend is
 *     trend = (recent - earlier) / max(recent, earlier)   in [-1, 1]
 * (-1 when both are 0). The stage is ACQUISITION if tenure (now - first
 * purchase) < acquisition_tenure, else GROWTH if trend > growth, DECLINE if
 * trend < -decline, else MATURITY. A customer silent in both windows has
 * trend -1 and is in DECLINE.
 */
typedef struct csat_lifecycle_options {
    unsigned int version;
    double window;             /**< window length (> 0), in the caller's time unit; default 90 */
    double acquisition_tenure; /**< >= 0; default 180 (two windows of history) */
    double growth;             /**< in [0, 1); default 0.25 */
    double decline;            /**< in [0, 1); default 0.25 */
    csat_lifecycle_measure measure; /**< history-based entry points only; default PURCHASES */
} csat_lifecycle_options;

#define CSAT_LIFECYCLE_OPTIONS_VERSION 1
#define CSAT_LIFECYCLE_OPTIONS_INIT \
    {CSAT_LIFECYCLE_OPTIONS_VERSION, 90.0, 180.0, 0.25, 0.25, CSAT_LIFECYCLE_PURCHASES}
CSAT_API csat_status csat_lifecycle_options_init(csat_lifecycle_options *opts, unsigned int version);

/**
 * Stages of n customers from per-customer columns: tenure, activity in the
 * recent and in the earlier window (finite, >= 0). stage: n ints
 * (csat_lifecycle_stage); trend (may be NULL): n values; counts (may be
 * NULL): 4 values. window and measure are not used here.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_lifecycle_stages(const double *tenure, const double *recent,
                                                            const double *earlier, size_t n,
                                                            const csat_lifecycle_options *opts, int *stage,
                                                            double *trend, size_t *counts);

/**
 * Stage of one customer from the purchase history times[0..n) (any order,
 * finite, >= 0, all <= now) and amounts (may be NULL for the PURCHASES
 * measure; finite, >= 0). n >= 1. trend may be NULL.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_lifecycle_from_history(const double *times, const double *amounts,
                                                                  size_t n, double now,
                                                                  const csat_lifecycle_options *opts,
                                                                  csat_lifecycle_stage *stage, double *trend);

/**
 * Stages of every customer of a csat_customers store at time `now`, each
 * from that customer's transactions by csat_lifecycle_from_history's rule
 * (so every purchase must be at or before now). ids receives the customer
 * ids ascending, stage their stages, trend (may be NULL) their trends: cap
 * values each at least the number of customers, which *n (required)
 * receives; CSAT_EBUFSIZE if cap is smaller (with *n set). Scratch from
 * alloc (NULL = libc): the results plus the longest history.
 * Errors: CSAT_EINVAL (NULL, bad options, a purchase after now),
 * CSAT_EEMPTY (no customers), CSAT_EBUFSIZE, CSAT_ENOMEM; outputs untouched
 * (except *n with CSAT_EBUFSIZE).
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_lifecycle_from_store(const csat_customers *customers, double now,
                                                                const csat_lifecycle_options *opts,
                                                                const csat_allocator *alloc, uint64_t *ids,
                                                                int *stage, double *trend, size_t cap,
                                                                size_t *n);

/* ---- benefit segments --------------------------------------------------------- */

/** The benefits of the theory's benefit segmentation, in its order. */
typedef enum csat_benefit {
    CSAT_BENEFIT_QUALITY = 0,
    CSAT_BENEFIT_PRICE = 1,
    CSAT_BENEFIT_REPUTATION = 2,
    CSAT_BENEFIT_NOVELTY = 3,
    CSAT_BENEFIT_BRAND = 4
} csat_benefit;

/**
 * The shares of consumers per benefit the theory quotes (quality 52%,
 * price 27%, reputation 10%, novelty 5%, brand 3%; primary source not
 * located, models.md 11.7): shares receives 5 values, *sum (may be NULL)
 * their total 0.97 (3% not in any segment). Illustrative constants.
 */
CSAT_API csat_status csat_benefit_theory_shares(double *shares, double *sum);

/**
 * Assign each of n respondents to the benefit whose importance score is
 * highest: importance is an n x n_benefits row-major matrix (finite; any
 * scale), columns in the caller's order (e.g. csat_benefit). A respondent
 * whose maximum is shared by two or more benefits gets -1 (no single
 * benefit sought most). segment: n ints. shares (may be NULL, n_benefits + 1
 * values): share of respondents per benefit, the last one the ties.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_benefit_segments(const double *importance, size_t n,
                                                            size_t n_benefits, int *segment, double *shares);

/* end: segmentation */

#ifdef __cplusplus
}
#endif

#endif /* CSAT_H */
