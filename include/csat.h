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

/* end: segmentation */

#ifdef __cplusplus
}
#endif

#endif /* CSAT_H */
