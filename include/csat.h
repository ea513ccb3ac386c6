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
 * produces the per-customer summaries the models need. Times are in any
 * unit the caller chooses (e.g. days since an epoch) and must be finite and
 * >= 0; amounts must be finite and >= 0. No I/O.
 */
typedef struct csat_customers csat_customers;

CSAT_API CSAT_WARN_UNUSED csat_status csat_customers_new(csat_customers **out, const csat_allocator *alloc);
CSAT_API void csat_customers_free(csat_customers *c);
/** Message of the last failed call on c ("" if none). */
CSAT_API const char *csat_customers_last_error(const csat_customers *c);

/**
 * Add n transactions. ids and times are required; amounts may be NULL
 * (every amount 0). Any order, repeated ids and several transactions per
 * customer per period are fine. All-or-nothing: on error nothing is added.
 * Adding invalidates a previous summary (csat_customers_summarize again).
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_customers_add(csat_customers *c, const uint64_t *ids,
                                                         const double *times, const double *amounts,
                                                         size_t n);

/** Number of distinct customers and of transactions stored. */
CSAT_API csat_status csat_customers_count(const csat_customers *c, size_t *n_customers,
                                          size_t *n_transactions);

/** All distinct customer ids in ascending order; CSAT_EBUFSIZE if cap < count. */
CSAT_API csat_status csat_customers_ids(const csat_customers *c, uint64_t *ids, size_t cap);

/**
 * One customer's transactions sorted by time (ties keep insertion order):
 * *n receives the count; times/amounts (either may be NULL) receive up to
 * cap values. CSAT_EINVAL if the id is unknown, CSAT_EBUFSIZE if cap < *n
 * (with *n set, so the caller can retry).
 */
CSAT_API csat_status csat_customers_transactions(const csat_customers *c, uint64_t id, double *times,
                                                 double *amounts, size_t cap, size_t *n);

/** Options of csat_customers_summarize. */
typedef struct csat_summary_options {
    unsigned int version;
    /** Length of a period (> 0): transactions of one customer in the same
     * period (floor((t - t_first) / period)) count once, amounts summed.
     * Default 1. */
    double period;
    /** End of observation (finite, >= 0). Required: the default NaN is an error. */
    double observation_end;
    /** NaN (default) = no holdout; else calibration_end < observation_end and
     * the summary is of [first purchase, calibration_end] plus holdout columns. */
    double calibration_end;
    /** Divide recency, T and duration_holdout by this (> 0), e.g. 7 for days
     * to weeks. Default 1. */
    double time_scale;
} csat_summary_options;

#define CSAT_SUMMARY_OPTIONS_VERSION 1
#define CSAT_SUMMARY_OPTIONS_INIT {CSAT_SUMMARY_OPTIONS_VERSION, 1.0, NAN, NAN, 1.0}
CSAT_API csat_status csat_summary_options_init(csat_summary_options *opts, unsigned int version);

/**
 * Compute every customer's summary and keep it in the store, ordered by id.
 * Customers whose first purchase is after the end date (calibration_end if
 * given, else observation_end) are excluded; *n_excluded (may be NULL)
 * receives how many, *n_summarized (may be NULL) how many are in the summary.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_customers_summarize(csat_customers *c,
                                                               const csat_summary_options *opts,
                                                               size_t *n_summarized,
                                                               size_t *n_excluded);

/** One customer's summary (time fields in the summary's time_scale units). */
typedef struct csat_customer_summary {
    uint64_t id;
    double first_time;         /**< time of the first purchase (store units) */
    double frequency;          /**< number of repeat periods (x) */
    double recency;            /**< t_x: first to last purchase period start */
    double T;                  /**< first purchase to end of calibration/observation */
    double monetary_value;     /**< mean amount of the repeat periods; 0 if frequency is 0 */
    double total_amount;       /**< all amounts in the (calibration) window */
    double n_transactions;     /**< raw transactions in the (calibration) window */
    double frequency_holdout;  /**< repeat periods in the holdout; NaN without holdout */
    double monetary_value_holdout; /**< mean amount of those; 0 if none; NaN without holdout */
    double duration_holdout;   /**< observation_end - calibration_end; NaN without holdout */
} csat_customer_summary;

/** The summary of one customer (CSAT_EINVAL if not in the summary; CSAT_EMISUSE before summarize). */
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

/** Export the summary's ids (ascending) into a caller column of cap >= n_summarized. */
CSAT_API csat_status csat_customers_summary_ids(const csat_customers *c, uint64_t *ids, size_t cap);
/** Export one summary column, in the same order as csat_customers_summary_ids. */
CSAT_API csat_status csat_customers_summary_column(const csat_customers *c, csat_summary_field field,
                                                   double *out, size_t cap);

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

/*
 * Probabilistic models of non-contractual customers ("buy till you die"):
 * each customer buys at some rate while alive and drops out unobserved.
 *
 *  - CSAT_BTYD_BGNBD: BG/NBD (Fader, Hardie & Lee 2005), params r, alpha, a, b.
 *  - CSAT_BTYD_PARETO_NBD: Pareto/NBD (Schmittlein, Morrison & Colombo 1987),
 *    params r, alpha, s, beta.
 *  - CSAT_BTYD_MBGNBD: MBG/NBD (Batislam, Denizel & Filiztekin 2007), params
 *    r, alpha, a, b.
 *  - CSAT_BTYD_BGBB: BG/BB (Fader, Hardie & Shang 2010), discrete
 *    opportunities, params alpha, beta, gamma, delta.
 *
 * Data per customer (columns of equal length n):
 *  - frequency x: number of repeat purchases, an integer >= 0;
 *  - recency t_x: time of the last repeat purchase since the first purchase,
 *    0 <= t_x <= T, and t_x = 0 when x = 0;
 *  - T: time since the first purchase (age, > 0). Any time unit (the
 *    predictions use the same unit).
 * For BG/BB, x, t_x and n (opportunities) are integers with x <= t_x <= n
 * (t_x = 0 iff x = 0).
 * Weights (optional, NULL = all 1) are finite, >= 0, not all 0: row i stands
 * for weights[i] customers. Identical rows are grouped internally.
 *
 * Parameters are passed as arrays of 4 in the order above, all > 0.
 * Errors: CSAT_EINVAL for NULL, NaN/Inf, negative or non-integer counts,
 * t_x > T, x = 0 with t_x > 0; CSAT_EEMPTY for n = 0; CSAT_EMISUSE when
 * predicting before fit/set_params; CSAT_ENOCONV when a fit does not
 * converge (the previous parameters stay). Outputs are unchanged on error.
 */
typedef enum csat_btyd_kind {
    CSAT_BTYD_BGNBD = 0,
    CSAT_BTYD_PARETO_NBD = 1,
    CSAT_BTYD_MBGNBD = 2,
    CSAT_BTYD_BGBB = 3
} csat_btyd_kind;

#define CSAT_BTYD_N_PARAMS 4

typedef struct csat_btyd_model csat_btyd_model;

/** Fit options (BTYD and Gamma-Gamma). */
typedef struct csat_btyd_options {
    unsigned int version;
    /** L2 penalty on the log-parameters: the fit maximises
     * LL - l2_penalty * sum(log(param)^2). >= 0; default 0. */
    double l2_penalty;
    /** Largest number of optimiser iterations (> 0); default 500. */
    size_t max_iter;
    /** Convergence: max |gradient| <= gtol * max(1, |LL|); (0, 1e-2]; default 1e-10. */
    double gtol;
    /** Starting parameters (all > 0), or NULL for the built-in start. */
    const double *start;
    /** Non-zero: compute standard errors from the Hessian (default 1). */
    int standard_errors;
} csat_btyd_options;

#define CSAT_BTYD_OPTIONS_VERSION 1
#define CSAT_BTYD_OPTIONS_INIT {CSAT_BTYD_OPTIONS_VERSION, 0.0, 500, 1e-10, NULL, 1}
CSAT_API csat_status csat_btyd_options_init(csat_btyd_options *opts, unsigned int version);

/** A new, unfitted model of the given kind. CSAT_EINVAL for an unknown kind. */
CSAT_API CSAT_WARN_UNUSED csat_status csat_btyd_new(csat_btyd_model **out, const csat_allocator *alloc,
                                                    csat_btyd_kind kind);
CSAT_API void csat_btyd_free(csat_btyd_model *m);
CSAT_API const char *csat_btyd_last_error(const csat_btyd_model *m);
/** The model's kind (CSAT_BTYD_BGNBD if m is NULL). */
CSAT_API csat_btyd_kind csat_btyd_get_kind(const csat_btyd_model *m);

/**
 * Maximum-likelihood fit. T is the age column (for BG/BB: the number of
 * opportunities n). weights may be NULL. Needs at least 2 customers (total
 * weight) with at least one repeat purchase. On CSAT_ENOCONV the fit report
 * is updated (converged = 0) but the parameters are not.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_btyd_fit(csat_btyd_model *m, const double *frequency,
                                                    const double *recency, const double *T,
                                                    const double *weights, size_t n,
                                                    const csat_btyd_options *opts);

/** Copy the 4 parameters (order as above); CSAT_EBUFSIZE if cap < 4. */
CSAT_API csat_status csat_btyd_get_params(const csat_btyd_model *m, double *params, size_t cap);
/** Set parameters by hand (n must be 4, all finite and > 0). Clears the fit statistics. */
CSAT_API csat_status csat_btyd_set_params(csat_btyd_model *m, const double *params, size_t n);
/** Standard errors of the natural parameters (delta method from the log-parameter Hessian). */
CSAT_API csat_status csat_btyd_standard_errors(const csat_btyd_model *m, double *se, size_t cap);
/** Log-likelihood at the fitted parameters (without the penalty), AIC and BIC (any may be NULL). */
CSAT_API csat_status csat_btyd_log_likelihood(const csat_btyd_model *m, double *ll, double *aic,
                                              double *bic);
/** How the last fit ended (CSAT_EMISUSE before any fit). */
CSAT_API csat_status csat_btyd_fit_report(const csat_btyd_model *m, csat_fit_report *report);

/**
 * Log-likelihood (sum over the chunk, weighted, no penalty) and its gradient
 * with respect to the 4 natural parameters (grad may be NULL) at the given
 * parameters. Sum chunks to fit data that live in several places.
 */
CSAT_API csat_status csat_btyd_chunk_loglik(csat_btyd_kind kind, const double *params,
                                            const double *frequency, const double *recency,
                                            const double *T, const double *weights, size_t n,
                                            double *ll, double *grad);

/** P(alive at T | x, t_x, T) per customer (BG/BB: alive at the start of period n+1). */
CSAT_API csat_status csat_btyd_p_alive(csat_btyd_model *m, const double *frequency,
                                       const double *recency, const double *T, size_t n,
                                       double *out);
/** E[X(T, T+t) | x, t_x, T]: expected purchases in the next t > 0 (BG/BB: next t opportunities, integer). */
CSAT_API csat_status csat_btyd_expected_purchases(csat_btyd_model *m, double t,
                                                  const double *frequency, const double *recency,
                                                  const double *T, size_t n, double *out);
/** E[X(t)] of a new customer for each t[i] >= 0 (BG/BB: integer t). */
CSAT_API csat_status csat_btyd_expected_purchases_new(csat_btyd_model *m, const double *t,
                                                      size_t n, double *out);
/** P(X(t) = k[i]) of a new customer, k integer >= 0, t >= 0 (BG/BB: integer t). */
CSAT_API csat_status csat_btyd_prob_purchases(csat_btyd_model *m, double t, const double *k,
                                              size_t n, double *out);

/* ---- Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV") ---- */

typedef struct csat_spend_model csat_spend_model;

CSAT_API CSAT_WARN_UNUSED csat_status csat_spend_new(csat_spend_model **out, const csat_allocator *alloc);
CSAT_API void csat_spend_free(csat_spend_model *m);
CSAT_API const char *csat_spend_last_error(const csat_spend_model *m);
/**
 * Fit p, q, gamma on customers with frequency >= 1 (rows with frequency 0
 * are ignored): frequency integer, monetary_value (mean spend of the repeat
 * purchases) finite and > 0 where frequency >= 1. Needs 2 such customers.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_spend_fit(csat_spend_model *m, const double *frequency,
                                                     const double *monetary_value,
                                                     const double *weights, size_t n,
                                                     const csat_btyd_options *opts);
/** Params p, q, gamma (cap >= 3). */
CSAT_API csat_status csat_spend_get_params(const csat_spend_model *m, double *params, size_t cap);
CSAT_API csat_status csat_spend_set_params(csat_spend_model *m, const double *params, size_t n);
CSAT_API csat_status csat_spend_standard_errors(const csat_spend_model *m, double *se, size_t cap);
CSAT_API csat_status csat_spend_log_likelihood(const csat_spend_model *m, double *ll, double *aic,
                                               double *bic);
CSAT_API csat_status csat_spend_fit_report(const csat_spend_model *m, csat_fit_report *report);
/**
 * E[Z | x, zbar]: conditional expected mean spend per transaction. For
 * frequency 0 it is the population mean p*gamma/(q-1) (CSAT_EDOM if q <= 1).
 */
CSAT_API csat_status csat_spend_expected(csat_spend_model *m, const double *frequency,
                                         const double *monetary_value, size_t n, double *out);

/* ---- CLV ---- */

typedef struct csat_clv_options {
    unsigned int version;
    /** Number of discounting steps (>= 1); default 12. */
    size_t n_steps;
    /** Length of one step in the model's time unit (> 0); default 4.345
     * (a month when the model is in weeks). 1 = per-period discounting. */
    double step;
    /** Discount rate per step (>= 0); default 0.01. */
    double discount_rate;
} csat_clv_options;

#define CSAT_CLV_OPTIONS_VERSION 1
#define CSAT_CLV_OPTIONS_INIT {CSAT_CLV_OPTIONS_VERSION, 12, 4.345, 0.01}
CSAT_API csat_status csat_clv_options_init(csat_clv_options *opts, unsigned int version);

/**
 * CLV_i = sum_{k=1..n_steps} E[X(T, T+k*step) - X(T, T+(k-1)*step)] * E[Z_i]
 *         / (1 + discount_rate)^k,
 * with purchases from the fitted purchase model (not BG/BB) and E[Z_i] from
 * the spend model. out receives n values; equity (may be NULL) their sum.
 */
CSAT_API csat_status csat_clv(csat_btyd_model *purchases, csat_spend_model *spend,
                              const double *frequency, const double *recency, const double *T,
                              const double *monetary_value, size_t n,
                              const csat_clv_options *opts, double *out, double *equity);

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
