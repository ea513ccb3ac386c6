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
 *  - Functions without a handle that return a csat_status (except the
 *    csat_x_options_init functions) take a last argument `csat_error *err`,
 *    owned by the caller, for the details of a failure: err may be NULL (no
 *    details); on success *err is cleared (status CSAT_OK, argument NULL, row
 *    CSAT_NO_ROW, message ""); on failure every field is set: the status
 *    returned, the argument at fault by its name in this header ("answers",
 *    "opts->bins"; NULL when none is, e.g. out of memory), the 0-based row
 *    or element of that argument (the row-major element index for a matrix;
 *    CSAT_NO_ROW when no single one is at fault) and a message that names the
 *    argument and says what is wrong, such as
 *    "answers[3] = 11 is off the scale [0, 10]" or "weights sum to 0".
 *    The library keeps no copy: the struct is the only place the details live,
 *    so these functions stay reentrant.
 *  - Arrays are passed as columns: `const double *x, size_t n`. Matrices are
 *    row-major `const double *x, size_t n_rows, size_t n_cols` unless said
 *    otherwise. Output arrays are provided by the caller.
 *  - Sizes: every size_t count of array elements (n, n_rows x n_cols, a
 *    capacity cap, n + 1 for an array of n + 1 values, ...) must describe an
 *    array that can exist. A size whose byte count (elements x element size,
 *    e.g. n_rows x n_cols x sizeof(double)) exceeds SIZE_MAX is CSAT_EINVAL,
 *    found before any array is read or written (so outputs and handles stay
 *    as they were; handle functions that record messages name the size).
 *    Counts that are not array lengths (an index, max_iter, a sample size
 *    capped by n, ...) are not limited by this rule.
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

/** csat_error.row when no single row or element is at fault. */
#define CSAT_NO_ROW ((size_t)-1)

/**
 * Details of a failed call of a function without a handle (see the
 * conventions at the top). Allocated by the caller, usually on the stack:
 *
 *     csat_error e;
 *     if (csat_nps(answers, n, NULL, &r, &e) != CSAT_OK)
 *         fprintf(stderr, "nps: %s\n", e.message);
 */
typedef struct csat_error {
    csat_status status;   /**< the code returned; CSAT_OK when cleared */
    const char *argument; /**< the parameter's name as in this header ("answers", "opts->bins"), a static string, or NULL */
    size_t row;           /**< 0-based row or element of that argument at fault, or CSAT_NO_ROW */
    char message[256];    /**< the full text, e.g. "answers[3] = 11 is off the scale [0, 10]"; always NUL-terminated */
} csat_error;

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

/** How an iterative fit ended (maximum likelihood fits of every model). A fit
 * that starts on subsamples describes here its last stage, the one on all the
 * data; csat_*_fit_stages (end of this header) give every stage. */
typedef struct csat_fit_report {
    size_t iterations;     /**< optimiser iterations */
    size_t evaluations;    /**< objective/gradient evaluations */
    double log_likelihood; /**< at the returned parameters */
    double grad_norm;      /**< max |gradient| (in the optimiser's parametrisation) at the end */
    int converged;         /**< 1 if the convergence test was met */
} csat_fit_report;

/* ======================================================================== */
/* Threads (opt-in)                                                         */
/* ======================================================================== */

/*
 * libcsat starts no thread unless asked. A caller opts in per handle with
 * csat_x_set_parallel(x, &opts) (every handle type has one), or per call
 * where a function without a handle takes the options. Then the heavy loops
 * of that handle's calls (log-likelihood, gradient and Hessian evaluations
 * of the fits, batched predictions and CLV, summaries, k-means, ...) run on
 * several threads: libcsat's own (libc's POSIX threads; C11 threads where
 * there are none; created for the call and joined before it returns) or
 * the caller's, lent through an executor. Nothing is shared between
 * handles and there is no global pool.
 *
 * Determinism: results are bit-identical whatever the number of threads or
 * the executor. The work is cut into blocks whose boundaries depend only on
 * the data's size, each block's partial result is kept apart, and the
 * partials are combined in block order on the calling thread.
 *
 * Thread safety is unchanged: one handle is still used from one thread at a
 * time; the threads a call starts belong to that call.
 */

/** A task of a parallel run: do piece `task` of the work described by ctx. */
typedef void (*csat_task_fn)(void *ctx, size_t task);

/**
 * An executor lent by the application (its own thread pool). run() must call
 * task(ctx, i) exactly once for every i in [0, n_tasks), on any threads and
 * in any order, and return once none of them is running any more: 0 when
 * all ran, non-zero when it could not run them all (libcsat then runs what
 * is left on the calling thread, so a failing executor costs speed, not
 * results). libcsat calls run() with n_tasks <= n_workers, each task
 * working through blocks until none is left, from the thread that called
 * the libcsat function; run() must not call back into the same handle.
 */
typedef struct csat_executor {
    unsigned int version; /**< CSAT_EXECUTOR_VERSION */
    /** How many tasks it can run at the same time (>= 1, at most CSAT_MAX_THREADS). */
    size_t n_workers;
    int (*run)(void *user, size_t n_tasks, csat_task_fn task, void *ctx);
    void *user; /**< passed to run() unchanged; owned by the caller */
} csat_executor;

#define CSAT_EXECUTOR_VERSION 1
/** The most threads (or executor workers) one call uses. */
#define CSAT_MAX_THREADS 256

/** Threads for a handle or a call. */
typedef struct csat_parallel_options {
    unsigned int version;
    /** 1 = the calling thread only (the default); 0 = one thread per
     * available core (the cores this process may run on); n = n threads.
     * At most CSAT_MAX_THREADS. Ignored when executor is given. */
    size_t n_threads;
    /** NULL: libcsat's own threads. Otherwise the caller's executor; the
     * struct is copied, the executor's `user` must stay valid while the
     * handle runs calls with it. */
    const csat_executor *executor;
} csat_parallel_options;

#define CSAT_PARALLEL_OPTIONS_VERSION 1
#define CSAT_PARALLEL_OPTIONS_INIT {CSAT_PARALLEL_OPTIONS_VERSION, 1, NULL}
CSAT_API csat_status csat_parallel_options_init(csat_parallel_options *opts, unsigned int version);

/** The number of cores this process may run on (>= 1): what n_threads = 0 uses. */
CSAT_API size_t csat_parallel_cpu_count(void);

/* The per-handle setters, csat_x_set_parallel, are at the end of this header. */

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
 * numbers everything is exact. Amounts are summed as lifetimes sums them
 * (pandas' groupby sum and mean): per period first, in row order (time, then
 * amount), then the period sums in period order, each by Kahan summation, so
 * monetary_value and total_amount are the same doubles as lifetimes' (for
 * rows in the same order). Two deliberate differences from lifetimes'
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
 *
 * With csat_customers_set_parallel the sort of many rows (>= 131,072, not
 * a short appended tail) and the summaries run on the handle's threads.
 * The threaded sort borrows a copy of the rows (24 bytes per row, 32 with
 * detail columns) for the call, and sorts serially in place when that
 * memory is not there. Rows are ordered by (id, time, amount) and then,
 * when the store has detail columns, by the order they were added, so
 * every setting gives the same rows and the same summaries, bit for bit.
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
 * current summary and the handle itself; with the optional records of issue
 * 17 also the detail columns, attributes and complaints. CSAT_EINVAL for
 * NULL arguments. */
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

/* ---- Richer records: transaction details, customer attributes, complaints (issue 17) ----
 *
 * All optional: a store that never receives them costs nothing more. They
 * are added in bulk, as columns (one array per column, NULL = absent).
 *
 * Transaction details (csat_customers_add_details): a cost per transaction
 * (cost of goods plus cost to serve, in the amounts' currency, finite,
 * >= 0), a category (product or product line) and a channel (int32 codes,
 * >= 0). A column given for some batches and not for others reads as cost 0,
 * category -1 and channel -1 ("none") for the rows of the batches without
 * it; csat_customers_columns says which columns a store has ever received.
 * Memory: once any detail column is present, every transaction costs 8 more
 * bytes (its insertion number, which the sort moves with the row) plus 8 for
 * costs, 4 for categories and 4 for channels: 48 bytes per transaction with
 * all three (24 without), plus the same growth slack as the rows (a summary
 * gives it back, as for the rows). Measured by tests/bench/bench_customers
 * (10,000,000 transactions, 1,000,000 customers, all three columns): 55.2
 * bytes per transaction after a summary, against 31.2 without detail
 * columns (both counting the 72-byte-per-customer summary). Sorting
 * stays in place; merging a short unsorted tail takes a buffer of 32 bytes
 * (instead of 24) per tail row.
 *
 * Customer attributes: a group (segment, region, customer type, owner:
 * int32 code >= 0; -1 = not set) and an acquisition cost (finite, >= 0;
 * 0 = not set). Set for any id (also ids with no transaction yet); setting
 * again replaces (within one call the last entry of an id wins). 24 bytes
 * per customer with attributes.
 *
 * Complaints: per complaint the customer id, the time it was opened, the
 * time of the first response (NaN = none yet), the time it was resolved
 * (NaN = still open), whether it was resolved at first contact (0/1), a
 * cause code (int32 >= 0; -1 = unknown) and the customer's satisfaction
 * after recovery (any finite number on the caller's scale; NaN = not
 * surveyed). Times are in store units, like transaction times. 48 bytes per
 * complaint. Complaints are kept ordered by (id, opened), ties in the order
 * added; they do not change the rows or the summary.
 */

/** Bits of csat_customers_columns. */
#define CSAT_CUSTOMERS_COSTS 1u
#define CSAT_CUSTOMERS_CATEGORIES 2u
#define CSAT_CUSTOMERS_CHANNELS 4u
#define CSAT_CUSTOMERS_GROUPS 8u
#define CSAT_CUSTOMERS_ACQUISITION_COSTS 16u
#define CSAT_CUSTOMERS_COMPLAINTS 32u

/**
 * Add n transactions with optional detail columns: like csat_customers_add
 * (ids and times required, amounts NULL = 0), plus costs (finite, >= 0),
 * categories and channels (>= 0); each detail column may be NULL (absent
 * for this batch; see the section comment). All-or-nothing; a previous
 * summary is discarded on success. Errors: CSAT_EINVAL (NULL handle, ids or
 * times; a time, amount or cost that is NaN, infinite or negative; a
 * negative category or channel -- the message names the first bad index --;
 * a size that overflows), CSAT_ENOMEM.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_customers_add_details(
    csat_customers *c, const uint64_t *ids, const double *times, const double *amounts,
    const double *costs, const int32_t *categories, const int32_t *channels, size_t n);

/** Which optional columns the store has ever received: an OR of the
 * CSAT_CUSTOMERS_* bits into *columns. CSAT_EINVAL for NULL arguments. */
CSAT_API csat_status csat_customers_columns(const csat_customers *c, unsigned *columns);

/**
 * One customer's transaction details in the order of csat_customers_transactions
 * (transactions with the same time and amount in an unspecified order):
 * *n receives the count; costs, categories, channels (any may be NULL)
 * receive up to cap values (0 / -1 / -1 where absent). CSAT_EINVAL if the id
 * is unknown, n is NULL or cap's byte count overflows, CSAT_EBUFSIZE if
 * cap < *n (with *n set; nothing else written).
 */
CSAT_API csat_status csat_customers_transaction_details(const csat_customers *c, uint64_t id,
                                                        double *costs, int32_t *categories,
                                                        int32_t *channels, size_t cap, size_t *n);

/**
 * Every stored transaction in (id, time, amount) order, as columns (any
 * output may be NULL): ids, times, amounts, costs (0 where absent),
 * categories and channels (-1 where absent). *n receives the number of
 * transactions; CSAT_EBUFSIZE if cap < *n (with *n set, nothing else
 * written); CSAT_EINVAL for a NULL handle or n, or a cap whose byte count
 * overflows.
 */
CSAT_API csat_status csat_customers_rows(const csat_customers *c, uint64_t *ids, double *times,
                                         double *amounts, double *costs, int32_t *categories,
                                         int32_t *channels, size_t cap, size_t *n);

/**
 * Set the groups (int32 codes >= 0) of n customers. All-or-nothing.
 * Errors: CSAT_EINVAL (NULL handle, NULL ids or groups when n > 0, a
 * negative group -- the message names the index --, a size that overflows),
 * CSAT_ENOMEM.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_customers_set_groups(csat_customers *c, const uint64_t *ids,
                                                                const int32_t *groups, size_t n);

/** Set the acquisition costs (finite, >= 0) of n customers; errors as
 * csat_customers_set_groups. */
CSAT_API CSAT_WARN_UNUSED csat_status csat_customers_set_acquisition_costs(csat_customers *c,
                                                                           const uint64_t *ids,
                                                                           const double *costs,
                                                                           size_t n);

/**
 * The attributes of n customers (any ids, known or not): groups[i] (-1 when
 * not set) and acquisition_costs[i] (0 when not set); either output may be
 * NULL. CSAT_EINVAL for a NULL handle, NULL ids when n > 0, or a size that
 * overflows.
 */
CSAT_API csat_status csat_customers_attributes(const csat_customers *c, const uint64_t *ids, size_t n,
                                               int32_t *groups, double *acquisition_costs);

/** The ids with a group or an acquisition cost set, ascending: *n receives
 * how many; ids (may be NULL when cap is 0) receives them. CSAT_EBUFSIZE if
 * cap < *n (with *n set, nothing else written); CSAT_EINVAL for a NULL
 * handle or n, or a cap whose byte count overflows. */
CSAT_API csat_status csat_customers_attribute_ids(const csat_customers *c, uint64_t *ids, size_t cap,
                                                  size_t *n);

/**
 * Add n complaints (see the section comment). ids and opened (finite, >= 0)
 * are required; first_response and resolved may be NULL (all NaN) and are
 * otherwise NaN or finite and >= opened, with resolved >= first_response
 * when both are given; first_contact may be NULL (all 0), else 0 or 1, and
 * 1 needs a resolution time; causes may be NULL (all -1), else >= -1;
 * recovery_satisfaction may be NULL (all NaN), else NaN or finite.
 * All-or-nothing. Errors: CSAT_EINVAL (NULL handle or required column, a bad
 * value -- the message names the column and index --, a size that
 * overflows), CSAT_ENOMEM.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_customers_add_complaints(
    csat_customers *c, const uint64_t *ids, const double *opened, const double *first_response,
    const double *resolved, const uint8_t *first_contact, const int32_t *causes,
    const double *recovery_satisfaction, size_t n);

/**
 * Every complaint in (id, opened) order (ties in the order added), as
 * columns; any output may be NULL. *n receives the number of complaints;
 * CSAT_EBUFSIZE if cap < *n (with *n set, nothing else written); CSAT_EINVAL
 * for a NULL handle or n, or a cap whose byte count overflows.
 */
CSAT_API csat_status csat_customers_complaints(const csat_customers *c, uint64_t *ids, double *opened,
                                               double *first_response, double *resolved,
                                               uint8_t *first_contact, int32_t *causes,
                                               double *recovery_satisfaction, size_t cap, size_t *n);

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
 * Per-customer disconfirmation (docs/theory/satisfaction.rst, 2.1): d = CDV - expected (expected
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

/*
 * Survey measures (docs/theory/index.rst, sections 2-8). Common rules:
 *  - Answers lie on a csat_scale; an answer off its scale is CSAT_EINVAL
 *    (one within 1e-12 of the scale's width beyond an end, a rounding
 *    error, counts as that end).
 *    Scale ends must lie within +-CSAT_SURVEY_SCALE_LIMIT (so that sums of
 *    squares cannot overflow); any real rating scale does.
 *  - Functions that take answers of many respondents take a csat_nan_policy
 *    (directly or in their options): CSAT_NAN_ERROR rejects a NaN,
 *    CSAT_NAN_SKIP skips it and reports how many were skipped; nothing left
 *    is CSAT_EEMPTY. Functions on single values or on summary statistics
 *    (csat_zot_item, csat_ipa, csat_oliver_phase_of, csat_loyalty_bond_score,
 *    csat_seven_factor, csat_dick_basu_classify) reject NaN.
 *  - Where sources disagree the rule is a parameter whose default is the
 *    published one; categorical results are enums returned together with the
 *    numbers that produced them.
 *  - Zero denominators are CSAT_EDOM (or CSAT_EINVAL for weights that do not
 *    sum to a positive number); outputs are untouched on every error. None of
 *    these functions allocates except csat_importance_derived.
 */
#define CSAT_SURVEY_SCALE_LIMIT 1e100

/*
 * Kano model (docs/theory/kano.rst, 3). Answers are coded by position, the same
 * for the functional (feature present) and dysfunctional (feature absent)
 * question: 1 like, 2 must-be/expect, 3 neutral, 4 live-with/tolerate,
 * 5 dislike. Answers are doubles so that a missing answer can be NaN; any
 * other value than 1..5 (or NaN under CSAT_NAN_SKIP) is CSAT_EINVAL.
 * Counts are doubles so that weighted counts or published percentages can
 * be evaluated too; they must lie in [0, CSAT_KANO_MAX_COUNT].
 */
#define CSAT_KANO_MAX_COUNT 1e15

/** Kano categories; the values index csat_kano_result.counts. */
typedef enum csat_kano_category {
    CSAT_KANO_A = 0, /**< attractive (delighter) */
    CSAT_KANO_O = 1, /**< one-dimensional (performance) */
    CSAT_KANO_M = 2, /**< must-be */
    CSAT_KANO_I = 3, /**< indifferent */
    CSAT_KANO_R = 4, /**< reverse */
    CSAT_KANO_Q = 5  /**< questionable */
} csat_kano_category;
#define CSAT_KANO_N_CATEGORIES 6

/** How one attribute's category is chosen from its counts (section 3.3). */
typedef enum csat_kano_rule {
    /** Largest count; ties broken M > O > A > I > R > Q (Sauerwein et al. 1996). */
    CSAT_KANO_RULE_MODE = 0,
    /** Category strength CS = p(1st) - p(2nd) over {A,O,M,I,R}; if CS > delta the
     * mode, else the higher-priority of the top two under M > O > A > I > R
     * (stp25kano kano_aggregate; delta 0.06 reproduces its published table). */
    CSAT_KANO_RULE_NEAR_TIE = 1,
    /** If nO+nA+nM > nI+nR+nQ the largest of O, A, M (ties M > O > A), else the
     * largest of I, R, Q (ties I > R > Q) (Berger et al. 1993; Brand & Rese 2026). */
    CSAT_KANO_RULE_OAM_VS_IRQ = 2,
    /** Better/|Worse| grid at grid_threshold: A (B >= t, |W| < t), O (both >= t),
     * M (B < t, |W| >= t), I (both < t). */
    CSAT_KANO_RULE_BETTER_WORSE = 3
} csat_kano_rule;

typedef struct csat_kano_options {
    unsigned int version;
    csat_kano_rule rule;        /**< default CSAT_KANO_RULE_MODE */
    double delta;               /**< near-tie threshold on CS in [0, 1]; default 0.06 */
    double grid_threshold;      /**< Better/|Worse| grid cut in [0, 1]; default 0.5 */
    double fong_z;              /**< Fong test critical value > 0; default 1.65 */
    double chisq_min_n;         /**< chi-square computed only when nM+nO+nA+nI >= this; default 12 */
    csat_nan_policy nan_policy; /**< a respondent with either answer NaN: error or skipped */
    double score_factor;        /**< continuous scores multiplied by this (> 0, <= DBL_MAX/4); default 1
                                     (Berger/DuMouchel 4..-2 scale; 0.25 = stp25kano) */
    /** Respondent filters of csat_kano_survey (stp25kano rm_Q / rm_I): drop a
     * respondent with more than this many Q (resp. I) answers across the
     * attributes. Default SIZE_MAX (keep everyone). */
    size_t max_questionable;
    size_t max_indifferent;
} csat_kano_options;

#define CSAT_KANO_OPTIONS_VERSION 1
#define CSAT_KANO_OPTIONS_INIT                                                                  \
    {CSAT_KANO_OPTIONS_VERSION, CSAT_KANO_RULE_MODE, 0.06, 0.5, 1.65, 12.0, CSAT_NAN_ERROR, 1.0, \
     SIZE_MAX, SIZE_MAX}
CSAT_API csat_status csat_kano_options_init(csat_kano_options *opts, unsigned int version);

/** One attribute's evaluation: the category and every number behind it. */
typedef struct csat_kano_result {
    double counts[CSAT_KANO_N_CATEGORIES]; /**< indexed by csat_kano_category */
    double n;                    /**< all six counts */
    double n_valid;              /**< nA + nO + nM + nI (denominator of Better/Worse) */
    csat_kano_category category; /**< by the selected rule */
    csat_kano_category mode;     /**< plain mode with the M>O>A>I>R>Q tie order */
    double better;               /**< (nA + nO) / n_valid, in [0, 1] */
    double worse;                /**< -(nO + nM) / n_valid, in [-1, 0] */
    double total_strength;       /**< (nA + nO + nM) / n */
    double category_strength;    /**< p(1st) - p(2nd) over {A,O,M,I,R}, p = count / n */
    double fong_difference;      /**< |a - b|, a, b the two largest of {M,O,A,I,R} */
    double fong_critical;        /**< fong_z * sqrt((a+b)(2n-a-b)/(2n)) */
    int fong_significant;        /**< 1 if fong_difference >= fong_critical */
    double chisq;                /**< (nM,nO,nA,nI) against uniform, df 3; 0 if not computed */
    double chisq_p;              /**< its upper-tail p-value; 1 if not computed */
    int chisq_computed;          /**< 0 when nM+nO+nA+nI < chisq_min_n */
    size_t n_skipped;            /**< respondents skipped for a missing answer */
    size_t n_filtered;           /**< respondents dropped by the Q / I filters */
} csat_kano_result;

/**
 * The evaluation table (section 3.2): category of one (functional,
 * dysfunctional) answer pair, each an integer 1..5 (CSAT_EINVAL otherwise).
 */
CSAT_API csat_status csat_kano_classify(int functional, int dysfunctional, csat_kano_category *out,
                                        csat_error *err);

/**
 * Evaluate one attribute from its six counts (indexed by csat_kano_category).
 * CSAT_EINVAL for a count outside [0, CSAT_KANO_MAX_COUNT] or bad options; CSAT_EDOM
 * when n_valid = nA+nO+nM+nI is 0 (Better/Worse undefined).
 */
CSAT_API csat_status csat_kano_evaluate(const double counts[CSAT_KANO_N_CATEGORIES],
                                        const csat_kano_options *opts, csat_kano_result *out,
                                        csat_error *err);

/**
 * Count and evaluate the attributes of a respondents x attributes survey:
 * functional and dysfunctional are row-major n_respondents x n_attributes
 * matrices of answers 1..5 (n_attributes = 1 for one attribute's columns).
 * out receives n_attributes results. CSAT_EEMPTY if n_respondents or
 * n_attributes is 0 or an attribute has no answered pair left after
 * skipping; CSAT_EDOM as in csat_kano_evaluate.
 */
CSAT_API csat_status csat_kano_survey(const double *functional, const double *dysfunctional,
                                      size_t n_respondents, size_t n_attributes,
                                      const csat_kano_options *opts, csat_kano_result *out,
                                      csat_error *err);

/** Continuous Kano position of one attribute (section 3.5). */
typedef struct csat_kano_continuous_result {
    double functional;    /**< mean functional score (like 4, must-be 2, neutral 0, live-with -1, dislike -2) x score_factor */
    double dysfunctional; /**< mean dysfunctional score (like -2, must-be -1, neutral 0, live-with 2, dislike 4) x score_factor */
    double importance;    /**< mean importance normalised to [0, 1] through its scale; 0 without importance */
    size_t n;             /**< respondents used */
    size_t n_skipped;     /**< respondents skipped for a missing answer (any of the three) */
} csat_kano_continuous_result;

/**
 * Continuous analysis per attribute of a respondents x attributes survey
 * (same layout as csat_kano_survey). importance may be NULL; otherwise it is
 * a matrix of the same shape on importance_scale (required then; reversed
 * scales are mirrored). out receives n_attributes results. Errors as in
 * csat_kano_survey.
 */
CSAT_API csat_status csat_kano_continuous(const double *functional, const double *dysfunctional,
                                          const double *importance, size_t n_respondents,
                                          size_t n_attributes, const csat_scale *importance_scale,
                                          const csat_kano_options *opts,
                                          csat_kano_continuous_result *out, csat_error *err);


/*
 * SERVQUAL (docs/theory/servqual.rst, 4.2-4.3). perceived and expected are row-major
 * n_respondents x n_items matrices on opts->scale (default 1..7). The item
 * gap is P - E (on reversed items, listed in opts->reversed_items, each
 * answer is first mirrored: x -> min + max - x, the 1988 "8 - x").
 * Dimension gap of a respondent = mean of the respondent's answered items in
 * the dimension; sample dimension gap = mean over respondents who answered
 * it; overall (unweighted SERVQUAL) = mean of the sample dimension gaps.
 * Weighted SERVQUAL: each respondent's importance allocation over the
 * dimensions (100 points; divided by the respondent's own total, so the
 * allocations only need a positive sum) weights that respondent's dimension
 * gaps, then respondents are averaged (PZB 1990 scoring, step 5); a
 * respondent's missing dimension drops out and the rest is renormalised.
 * Standard errors are sd / sqrt(n) over respondents (0 when n = 1); the
 * overall SE uses the per-respondent mean of dimension gaps of the
 * respondents who answered every dimension.
 */

#define CSAT_SERVQUAL_N_ITEMS 22      /**< items of the standard instrument */
#define CSAT_SERVQUAL_N_DIMENSIONS 5  /**< tangibles, reliability, responsiveness, assurance, empathy */
#define CSAT_SERVQUAL_MAX_ITEMS 256   /**< limit on n_items for any item map */
#define CSAT_SERVQUAL_MAX_DIMENSIONS 32

/** Dimensions of the standard map (PZB 1988: items 1-4, 5-9, 10-13, 14-17, 18-22). */
typedef enum csat_servqual_dimension {
    CSAT_SERVQUAL_TANGIBLES = 0,
    CSAT_SERVQUAL_RELIABILITY = 1,
    CSAT_SERVQUAL_RESPONSIVENESS = 2,
    CSAT_SERVQUAL_ASSURANCE = 3,
    CSAT_SERVQUAL_EMPATHY = 4
} csat_servqual_dimension;

typedef struct csat_servqual_options {
    unsigned int version;
    csat_scale scale;             /**< answer scale of both batteries; default {1, 7, 0} */
    csat_nan_policy nan_policy;   /**< a NaN in P or E drops that item pair (SKIP) or errs */
    size_t n_dimensions;          /**< number of dimensions, 1..CSAT_SERVQUAL_MAX_DIMENSIONS; default 5 */
    /** Dimension (0-based, < n_dimensions) of every item; NULL = the standard
     * 22-item map (then n_items must be 22 and n_dimensions 5). */
    const size_t *item_dimension;
    /** NULL or n_items flags: nonzero = reverse-score this item (see csat_servqual_reverse_1988). */
    const unsigned char *reversed_items;
} csat_servqual_options;

#define CSAT_SERVQUAL_OPTIONS_VERSION 1
#define CSAT_SERVQUAL_OPTIONS_INIT \
    {CSAT_SERVQUAL_OPTIONS_VERSION, {1.0, 7.0, 0}, CSAT_NAN_ERROR, 5, NULL, NULL}
CSAT_API csat_status csat_servqual_options_init(csat_servqual_options *opts, unsigned int version);

/** The standard item -> dimension map: fills map[0..21] (cap >= 22, else CSAT_EBUFSIZE). */
CSAT_API csat_status csat_servqual_standard_map(size_t *map, size_t cap, csat_error *err);
/** The 1988 negatively worded items (10-13 and 18-22) as 22 flags (cap >= 22). */
CSAT_API csat_status csat_servqual_reverse_1988(unsigned char *flags, size_t cap, csat_error *err);
/** PZB (1991) average importance allocation T 11, Rel 32, Resp 22, A 19, E 16 (points, cap >= 5) [P*]. */
CSAT_API csat_status csat_servqual_pzb_weights(double *weights, size_t cap, csat_error *err);

typedef struct csat_servqual_result {
    double overall;        /**< unweighted SERVQUAL: mean of the sample dimension gaps */
    double overall_se;     /**< SE over respondents who answered every dimension */
    double weighted;       /**< weighted SERVQUAL; 0 when no weights were given */
    double weighted_se;    /**< its SE; 0 when no weights were given */
    size_t n_respondents;  /**< respondents with at least one answered item pair */
    size_t n_complete;     /**< respondents with every dimension answered */
    size_t n_skipped;      /**< item pairs skipped for a missing answer */
} csat_servqual_result;

/**
 * Score a SERVQUAL survey. expected may be NULL: then every "gap" is the
 * perception itself (SERVPERF, Cronin & Taylor 1992). weights may be NULL or
 * an n_respondents x n_dimensions matrix of importance allocations (finite,
 * >= 0, each row with a positive sum). item_gap/item_se receive n_items
 * values, dim_gap/dim_se n_dimensions values; respondent_gap and
 * respondent_weighted (each may be NULL) receive n_respondents values: the
 * respondent's mean of answered dimension gaps and weighted score (0 for a
 * respondent with no answered item). out is required; the arrays may be NULL
 * when not wanted.
 * Errors: CSAT_EINVAL (NULL perceived/out, answer off the scale, NaN under
 * CSAT_NAN_ERROR, bad map or weights, too many items/dimensions),
 * CSAT_EEMPTY (no respondents, an item or dimension with no answered pair).
 */
CSAT_API csat_status csat_servqual(const double *perceived, const double *expected,
                                   size_t n_respondents, size_t n_items, const double *weights,
                                   const csat_servqual_options *opts, double *item_gap,
                                   double *item_se, double *dim_gap, double *dim_se,
                                   double *respondent_gap, double *respondent_weighted,
                                   csat_servqual_result *out, csat_error *err);

/**
 * Combine sample dimension gaps: weights NULL = plain mean (unweighted
 * SERVQUAL); else sum_k (w_k / sum w) * gap_k with w_k >= 0, sum w > 0 (the
 * published aggregate form; exact for respondent-level weighting only when
 * the weights are the same for every respondent).
 */
CSAT_API csat_status csat_servqual_combine(const double *dim_gap, const double *weights,
                                           size_t n_dimensions, double *out, csat_error *err);

/** Position of perceived service against the zone of tolerance. */
typedef enum csat_zot_position {
    CSAT_ZOT_BELOW = -1, /**< P < adequate */
    CSAT_ZOT_WITHIN = 0, /**< adequate <= P <= desired */
    CSAT_ZOT_ABOVE = 1   /**< P > desired */
} csat_zot_position;

/** Zone of tolerance of one item or dimension (docs/theory/servqual.rst, 4.4). */
typedef struct csat_zot_result {
    double adequate;  /**< mean adequate level A */
    double desired;   /**< mean desired level D */
    double perceived; /**< mean perceived level P */
    double width;     /**< D - A */
    double msa;       /**< measure of service adequacy P - A */
    double mss;       /**< measure of service superiority P - D */
    csat_zot_position position; /**< of the means */
    size_t n_below, n_within, n_above; /**< respondents' own positions */
    size_t n;         /**< respondents used */
} csat_zot_result;

/** One respondent's item: A, D, P on scale. CSAT_EINVAL if off the scale or A > D. */
CSAT_API csat_status csat_zot_item(double adequate, double desired, double perceived,
                                   const csat_scale *scale, csat_zot_result *out, csat_error *err);

/**
 * Zone of tolerance of a survey: adequate, desired and perceived are row-major
 * n_respondents x n_items matrices on opts->scale (the SERVQUAL options: item
 * map and NaN policy as there; a respondent's item with any NaN is skipped
 * under CSAT_NAN_SKIP; reversal flags are ignored, since the three-column
 * format states every level on the same, positively worded scale). item_out receives n_items results, dim_out
 * (may be NULL) n_dimensions results, where a dimension's A, D, P are the
 * means over its items and the respondents' positions are counted per item
 * answered. Errors: CSAT_EINVAL (off scale, adequate > desired for any
 * answer, NaN under CSAT_NAN_ERROR), CSAT_EEMPTY (no respondents, an item with
 * nothing answered).
 */
CSAT_API csat_status csat_zot(const double *adequate, const double *desired, const double *perceived,
                              size_t n_respondents, size_t n_items, const csat_servqual_options *opts,
                              csat_zot_result *item_out, csat_zot_result *dim_out, csat_error *err);

/** The five gaps of the services gap model (PZB 1985, docs/theory/servqual.rst, 4.1). */
typedef enum csat_service_gap {
    CSAT_GAP_LISTENING = 0,      /**< gap 1: customer expectations - management perceptions */
    CSAT_GAP_DESIGN = 1,         /**< gap 2: management perceptions - specifications */
    CSAT_GAP_PERFORMANCE = 2,    /**< gap 3: specifications - service delivered */
    CSAT_GAP_COMMUNICATION = 3,  /**< gap 4: service delivered - external communications */
    CSAT_GAP_CUSTOMER = 4        /**< gap 5: perceived - expected (SERVQUAL) */
} csat_service_gap;
#define CSAT_N_SERVICE_GAPS 5

/**
 * The gaps that can be formed from the measurement vectors the caller has.
 * Each vector holds n_items item means on one common scale, or is NULL when
 * not measured: expected (customers' E), management (managers' estimate of
 * E), specification, delivered, communicated (what external communications
 * promise), perceived (customers' P). Gap g is available when both of its
 * vectors are given; available[g] receives 1/0, mean_gap[g] the mean over
 * items (0 if unavailable), item_gaps (may be NULL) the n_items x 5
 * row-major per-item gaps (0 where unavailable). CSAT_EINVAL for NaN/Inf or
 * a value beyond +-CSAT_SURVEY_SCALE_LIMIT (as for any scale end),
 * CSAT_EEMPTY if n_items is 0 or no gap can be formed.
 */
CSAT_API csat_status csat_service_gaps(const double *expected, const double *management,
                                       const double *specification, const double *delivered,
                                       const double *communicated, const double *perceived,
                                       size_t n_items, double mean_gap[CSAT_N_SERVICE_GAPS],
                                       int available[CSAT_N_SERVICE_GAPS], double *item_gaps,
                                       csat_error *err);


/*
 * Net Promoter Score (docs/theory/satisfaction.rst, 6.5). Scores are in points, -100..100; the
 * per-respondent score s is +1 (promoter), 0 (passive), -1 (detractor), so
 * NPS = 100 mean(s) and variance = Var(s) = pP + pD - (pP - pD)^2 (fraction
 * units). Counts are doubles (weights allowed) and must be finite, >= 0
 * (CSAT_EINVAL otherwise) and have a positive total that is a double
 * (CSAT_EDOM for a total of 0 or past DBL_MAX).
 */

typedef struct csat_nps_options {
    unsigned int version;
    csat_scale scale;           /**< answer scale; default {0, 10, 0} */
    double detractor_max;       /**< answers <= this are detractors; default 6 */
    double promoter_min;        /**< answers >= this are promoters; default 9 (> detractor_max) */
    csat_nan_policy nan_policy; /**< missing answers: error (default) or skip and count */
} csat_nps_options;

#define CSAT_NPS_OPTIONS_VERSION 1
#define CSAT_NPS_OPTIONS_INIT {CSAT_NPS_OPTIONS_VERSION, {0.0, 10.0, 0}, 6.0, 9.0, CSAT_NAN_ERROR}
CSAT_API csat_status csat_nps_options_init(csat_nps_options *opts, unsigned int version);

typedef struct csat_nps_result {
    double promoters, passives, detractors; /**< counts */
    double n;           /**< their total */
    double score;       /**< 100 (pP - pD), points */
    double variance;    /**< Var(s) = pP + pD - (pP - pD)^2, fraction units */
    double se;          /**< 100 sqrt(variance / n), points */
    size_t n_skipped;   /**< missing answers skipped */
} csat_nps_result;

/** NPS of n answers on opts->scale (answers off the scale: CSAT_EINVAL; none left: CSAT_EEMPTY). */
CSAT_API csat_status csat_nps(const double *answers, size_t n, const csat_nps_options *opts,
                              csat_nps_result *out, csat_error *err);
/** NPS from counts. */
CSAT_API csat_status csat_nps_from_counts(double promoters, double passives, double detractors,
                                          csat_nps_result *out, csat_error *err);

typedef enum csat_nps_interval_method {
    /** NPS -/+ z SE (R package NPS, nps_tests.R). */
    CSAT_NPS_WALD = 0,
    /** Wald on nP + 3/4, nD + 3/4, n + 3 (Rocks 2016; Lewis & Sauro 2021); estimate shifts too. */
    CSAT_NPS_ADJUSTED_WALD = 1,
    /** Inverted score test with the restricted MLE of pD (Tango-type, as
     * brendan-r/NPS `iterative`), roots found by bisection to 1e-12. */
    CSAT_NPS_SCORE = 2
} csat_nps_interval_method;

typedef struct csat_nps_interval {
    double estimate; /**< the point the interval is built around, points */
    double lower;    /**< points */
    double upper;    /**< points */
    double se;       /**< SE used (Wald methods), points; 0 for the score method */
} csat_nps_interval;

/**
 * Two-sided interval at confidence level in (0, 1). clip != 0 clips Wald
 * limits to [-100, 100] (score limits always lie there). population: 0 for
 * none, else the population size N >= n for the finite-population correction
 * Var (N - n)/(N - 1) (Wald methods only). CSAT_EINVAL for bad arguments,
 * CSAT_EDOM for a total of 0 or past DBL_MAX.
 */
CSAT_API csat_status csat_nps_interval_counts(double promoters, double passives, double detractors,
                                              csat_nps_interval_method method, double level,
                                              int clip, double population, csat_nps_interval *out,
                                              csat_error *err);

typedef struct csat_nps_comparison {
    double difference; /**< NPS1 - NPS2, points */
    double se;         /**< sqrt(Var1/n1 + Var2/n2), points */
    double z;          /**< difference / se */
    double p_value;    /**< two-sided, normal */
    double lower, upper; /**< Wald interval of the difference at level, points (not clipped) */
} csat_nps_comparison;

/** Two independent samples given by counts; CSAT_EDOM if a total or the SE is 0. */
CSAT_API csat_status csat_nps_compare(double promoters1, double passives1, double detractors1,
                                      double promoters2, double passives2, double detractors2,
                                      double level, csat_nps_comparison *out, csat_error *err);

/** Respondents needed for a Wald half-width of half_width points at level, given
 * Var(s) (fraction units, e.g. 2/3 for thirds): ceil(z^2 Var / h^2).
 * CSAT_EDOM if that passes DBL_MAX (a half-width near 1e-150 or below). */
CSAT_API csat_status csat_nps_sample_size(double variance, double half_width, double level,
                                          double *n, csat_error *err);


/*
 * Satisfaction over time (issue 16; docs/theory/satisfaction.rst): two-sample
 * tests between waves or groups, sample sizes for a target margin of error,
 * tracking with control limits, and scores relative to competitors.
 *
 * Every two-sample test fills one csat_comparison (its first six fields are
 * those of csat_nps_comparison, in the same order) and takes the confidence
 * level in (0, 1) of the interval; sample 1 minus sample 2. A later index
 * test (the PLS index) joins by filling the same struct.
 */

struct csat_csi_options; /* declared with csat_csi below */

/** The result of every two-sample test. Units are those of the estimates. */
typedef struct csat_comparison {
    double difference;           /**< estimate1 - estimate2 */
    double se;                   /**< standard error of the difference (unpooled) */
    double statistic;            /**< z, or Welch's t (see each function) */
    double p_value;              /**< two-sided */
    double lower, upper;         /**< interval of the difference at level */
    double estimate1, estimate2; /**< each sample's estimate */
    double df;                   /**< degrees of freedom of a t statistic; 0 for a normal one */
    double level;                /**< the confidence level of [lower, upper] */
} csat_comparison;

/** Interval for a difference of two proportions. */
typedef enum csat_diff_interval {
    /** d -/+ z sqrt(p1 q1 / n1 + p2 q2 / n2). */
    CSAT_DIFF_WALD = 0,
    /** Newcombe's hybrid score interval from the two Wilson intervals
     * (Newcombe 1998, Stat Med 17:873, method 10). */
    CSAT_DIFF_NEWCOMBE = 1,
    /** Wald after adding one success and one failure to each sample
     * (Agresti & Caffo 2000, Am Stat 54:280); the estimates are not shifted. */
    CSAT_DIFF_AGRESTI_CAFFO = 2
} csat_diff_interval;

/**
 * Two proportions (CSAT top-box shares), in percent: estimate = 100 count / n.
 * Counts are doubles (weights allowed): finite, 0 <= count <= n, n > 0
 * (CSAT_EINVAL otherwise). statistic is the pooled z test
 * (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)), p = (count1 + count2) / (n1 + n2),
 * whose square is Pearson's chi-square; it is 0 (p_value 1) when both samples
 * are all in or all out of the box. se is the unpooled (Wald) SE; the interval
 * is method's, clipped to [-100, 100].
 */
CSAT_API csat_status csat_proportions_compare(double count1, double n1, double count2, double n2,
                                              csat_diff_interval method, double level,
                                              csat_comparison *out, csat_error *err);

/**
 * Welch's t test of two means (CES, any scale) from each sample's mean,
 * sample SD (n - 1 denominator) and size n >= 2 (doubles; finite, SD >= 0).
 * se = sqrt(s1^2/n1 + s2^2/n2), df by Welch-Satterthwaite, statistic = d / se,
 * p_value and interval from Student's t with df. CSAT_EDOM when se is 0 or
 * not a double.
 */
CSAT_API csat_status csat_means_compare(double mean1, double sd1, double n1, double mean2,
                                        double sd2, double n2, double level,
                                        csat_comparison *out, csat_error *err);

/**
 * Two CSI samples (csat_csi with the same weights and options; struct
 * csat_csi_options is declared below) compared by the bootstrap: n_boot >= 2
 * replicates, each resampling n1 respondents of answers1 and n2 of answers2
 * with replacement (generator xoshiro256**, replicate b drawing from stream b
 * of seed, so the result depends only on the inputs and seed). estimate1,
 * estimate2 are csat_csi of each sample; se is the SD of the replicate
 * differences; statistic = difference / se with a normal p_value; the interval
 * is the percentile one (type-7 quantiles of the replicates). Replicates where
 * an item has no answer (possible under CSAT_NAN_SKIP) are dropped. draws
 * (n_boot doubles, required) receives the replicate differences sorted
 * ascending, NaN for dropped ones at the end. Errors of csat_csi for either
 * sample (naming answers1 or answers2); CSAT_EDOM if fewer than 2 replicates
 * are kept or all are equal (se 0). Cost: n_boot (n1 + n2) n_items.
 */
CSAT_API csat_status csat_csi_compare(const double *answers1, size_t n1, const double *answers2,
                                      size_t n2, size_t n_items, const double *weights,
                                      const struct csat_csi_options *opts, size_t n_boot,
                                      uint64_t seed, double level, double *draws,
                                      csat_comparison *out, csat_error *err);

/**
 * Respondents needed for a margin of error (interval half-width) at level:
 * n0 = (z S / half_width)^2 with S the per-respondent SD in the half-width's
 * units, then, when population N > 0 is the size of the customer base, the
 * finite-population correction n = n0 / (1 + (n0 - 1) / N) (Cochran 1977,
 * 4.1; the same (N - n) / (N - 1) factor csat_nps_interval_counts applies),
 * rounded up (never above ceil(population)). population 0 means none. For a proportion S = 100 sqrt(p (1 - p))
 * with p = percent / 100 (50 is the conservative choice) and half_width in
 * points; for a mean S = sd on the answers' scale; for an NPS S = 100
 * sqrt(variance) (csat_nps_sample_size's variance), half_width in points.
 * CSAT_EINVAL for bad arguments, CSAT_EDOM if n passes DBL_MAX.
 */
CSAT_API csat_status csat_proportion_sample_size(double percent, double half_width, double level,
                                                 double population, double *n, csat_error *err);
/** See csat_proportion_sample_size; sd finite and >= 0. */
CSAT_API csat_status csat_mean_sample_size(double sd, double half_width, double level,
                                           double population, double *n, csat_error *err);
/** csat_nps_sample_size with a finite-population correction (see csat_proportion_sample_size). */
CSAT_API csat_status csat_nps_sample_size_population(double variance, double half_width,
                                                     double level, double population, double *n,
                                                     csat_error *err);

typedef struct csat_tracking_options {
    unsigned int version;
    double level;               /**< intervals and change tests; default 0.95 */
    double limit_sigmas;        /**< control limits at center -/+ limit_sigmas SE; default 3 */
    double sigma;               /**< X-bar chart's process SD: NaN (default) = pooled SD of the waves */
    csat_diff_interval method;  /**< interval of a change in share; default CSAT_DIFF_NEWCOMBE */
} csat_tracking_options;

#define CSAT_TRACKING_OPTIONS_VERSION 1
#define CSAT_TRACKING_OPTIONS_INIT {CSAT_TRACKING_OPTIONS_VERSION, 0.95, 3.0, NAN, CSAT_DIFF_NEWCOMBE}
CSAT_API csat_status csat_tracking_options_init(csat_tracking_options *opts, unsigned int version);

/** One wave of a tracked score. */
typedef struct csat_tracking_wave {
    double estimate;        /**< the wave's score */
    double se;              /**< its standard error */
    double lower, upper;    /**< its interval at level */
    csat_comparison change; /**< this wave minus the previous one (all 0 for wave 0) */
    double center;          /**< control chart centre line */
    double lcl, ucl;        /**< control limits for this wave's n */
    int flag;               /**< +1 above ucl, -1 below lcl, 0 inside (rule 1 only) */
    int rules;              /**< the Western Electric rules that signal at this wave, bit r - 1 for
                                 rule r (1: the flag; 2, 3, 4: see csat_track_shares); every rule
                                 that fires is on the side of the centre line this wave is on */
} csat_tracking_wave;

/**
 * Tracks a share (percent) over n_waves >= 1 waves given counts[w] of n[w]
 * (0 <= counts <= n, n > 0, finite). Each wave: 100 k / n with its binomial
 * SE and Wilson score interval; the change from the previous wave by
 * csat_proportions_compare with opts->method. p-chart (Montgomery,
 * Introduction to Statistical Quality Control, ch. 7, variable sample size):
 * center = 100 sum counts / sum n, limits center -/+ k 100 sqrt(p (1 - p) / n[w])
 * clipped to [0, 100]. flag is Western Electric rule 1 (a point strictly
 * beyond a limit). rules adds the Western Electric run rules (Western
 * Electric 1956, Statistical Quality Control Handbook; Montgomery, ch. 5),
 * in each wave's own sigma_w (here 100 sqrt(p (1 - p) / n[w]), unclipped;
 * z_w = (estimate - center) / sigma_w, 0 when sigma_w is 0) and on the side
 * s of wave w: rule 2, at least 2 of waves w-2..w beyond 2 sigma on side s,
 * wave w one of them; rule 3, at least 4 of waves w-4..w beyond 1 sigma,
 * wave w one of them; rule 4, waves w-7..w all strictly on side s. The
 * zones are 1 and 2 sigma whatever opts->limit_sigmas is. Windows are cut at
 * wave 0 (2 waves beyond 2 sigma already make 2 of 3). Hand-computed tests:
 * docs/theory/tracking.rst, 23.8.
 */
CSAT_API csat_status csat_track_shares(const double *counts, const double *n, size_t n_waves,
                                       const csat_tracking_options *opts, csat_tracking_wave *out,
                                       csat_error *err);

/**
 * Tracks a mean score over n_waves >= 1 waves given each wave's mean, sample
 * SD and n >= 2. Each wave: mean, SE sd / sqrt(n), Student t interval with
 * n - 1 df; the change by csat_means_compare (Welch). X-bar chart with
 * variable subgroup size (Montgomery, ch. 6): center = sum n x / sum n, limits
 * center -/+ k sigma / sqrt(n[w]), sigma = opts->sigma (finite, > 0) or the
 * pooled SD sqrt(sum (n - 1) sd^2 / sum (n - 1)) (no c4 correction).
 * CSAT_EDOM if that pooled SD is 0 or an interval or limit is not a double
 * (inputs near DBL_MAX). Flags and run rules as in csat_track_shares, with
 * sigma_w = sigma / sqrt(n[w]).
 */
CSAT_API csat_status csat_track_means(const double *means, const double *sds, const double *n,
                                      size_t n_waves, const csat_tracking_options *opts,
                                      csat_tracking_wave *out, csat_error *err);

/** A score against the competitors measured in the same wave. */
typedef struct csat_relative_result {
    double own;           /**< own score */
    double benchmark;     /**< mean of the competitors' scores */
    double benchmark_se;  /**< sqrt(sum se_j^2) / m */
    double difference;    /**< own - benchmark */
    double difference_se; /**< sqrt(own_se^2 + benchmark_se^2) (independent samples) */
    double difference_lower, difference_upper; /**< Wald, at level */
    double ratio;         /**< own / benchmark (0 when not defined, see valid_ratio) */
    double ratio_lower, ratio_upper; /**< exp(log ratio -/+ z SE(log ratio)), delta method */
    int valid_ratio;      /**< 1 when own > 0 and benchmark > 0, else 0 (ratio fields 0) */
} csat_relative_result;

/**
 * Relative score: own (finite) with own_se (finite, >= 0) against
 * n_competitors >= 1 competitors' scores and SEs from the same wave, level in
 * (0, 1). The ratio's interval uses SE(log r)^2 = (own_se / own)^2 +
 * (benchmark_se / benchmark)^2 (the delta method of Katz et al. 1978 for
 * ratios). Scores on a scale that can be 0 or negative (NPS) have no ratio.
 */
CSAT_API csat_status csat_relative_score(double own, double own_se, const double *competitors,
                                         const double *competitor_se, size_t n_competitors,
                                         double level, csat_relative_result *out, csat_error *err);


/*
 * Satisfaction indices (docs/theory/satisfaction.rst, 6.1-6.4). Answers lie on a csat_scale
 * (reversed scales are mirrored first, so "higher is better" inside every
 * index); NaN answers follow the given csat_nan_policy.
 */

/** A share (percent) with its binomial standard error. */
typedef struct csat_share_result {
    double percent;   /**< 100 k / n */
    double se;        /**< 100 sqrt(p (1 - p) / n) */
    size_t count;     /**< k: answers in the box */
    size_t n;         /**< valid answers */
    size_t n_skipped; /**< missing answers skipped */
} csat_share_result;

/**
 * CSAT: percent of answers in the top box, i.e. >= top_min after orientation
 * (top-2 of 1..5: top_min 4; top-1: 5; 1..10 with {9, 10}: 9). top_min must
 * lie on the scale. CSAT_EEMPTY when no answer is left.
 */
CSAT_API csat_status csat_csat(const double *answers, size_t n, const csat_scale *scale,
                               double top_min, csat_nan_policy nan_policy, csat_share_result *out,
                               csat_error *err);

/** A mean score with its standard error. */
typedef struct csat_mean_result {
    double mean;      /**< on the scale (after orientation) */
    double sd;        /**< sample SD (n - 1); 0 when n = 1 */
    double se;        /**< sd / sqrt(n) */
    size_t n;
    size_t n_skipped;
} csat_mean_result;

/**
 * Customer Effort Score as a mean: CES 1.0 (1 very low .. 5 very high effort,
 * lower is better: pass a scale with reversed = 0 and read it as effort) or
 * CES 2.0 (1..7 agreement, higher is better). The net CES of @solucx
 * (100 (#5-7 - #1-3) / n on 1..7) is csat_nps with scale {1, 7},
 * detractor_max 3, promoter_min 5.
 */
CSAT_API csat_status csat_ces(const double *answers, size_t n, const csat_scale *scale,
                              csat_nan_policy nan_policy, csat_mean_result *out, csat_error *err);

/** How a weighted index maps the scale to 0..100. */
typedef enum csat_csi_method {
    /** 100 sum w_i (xbar_i - min) / (max - min): ACSI (1..10), NSI (1..5 -> 0, 25, .., 100). */
    CSAT_CSI_RANGE = 0,
    /** 100 sum w_i xbar_i / max: UK CSI / TLF (1..10 -> 10..100). */
    CSAT_CSI_MAX = 1
} csat_csi_method;

typedef struct csat_csi_options {
    unsigned int version;
    csat_scale scale;           /**< default {1, 10, 0} (ACSI items) */
    csat_csi_method method;     /**< default CSAT_CSI_RANGE */
    csat_nan_policy nan_policy; /**< default CSAT_NAN_ERROR */
} csat_csi_options;

#define CSAT_CSI_OPTIONS_VERSION 1
#define CSAT_CSI_OPTIONS_INIT {CSAT_CSI_OPTIONS_VERSION, {1.0, 10.0, 0}, CSAT_CSI_RANGE, CSAT_NAN_ERROR}
CSAT_API csat_status csat_csi_options_init(csat_csi_options *opts, unsigned int version);

typedef struct csat_index_result {
    double index;       /**< 0..100 */
    double se;          /**< SE over respondents who answered every item (0 if fewer than 2) */
    size_t n;           /**< respondents with at least one answer */
    size_t n_complete;  /**< respondents who answered every item */
    size_t n_skipped;   /**< missing answers skipped */
} csat_index_result;

/**
 * Weighted satisfaction index (ACSI-style, importance-weighted CSI) from a
 * row-major n_respondents x n_items answer matrix: item means (over the
 * answers present) combined with weights normalised to sum 1 (NULL = equal;
 * otherwise finite, >= 0, with a positive sum, else CSAT_EINVAL). Stated
 * importance means make it the importance-weighted CSI; ACSI's PLS weights
 * can be passed as they are. CSAT_EEMPTY for no respondents or an item with
 * no answers.
 */
CSAT_API csat_status csat_csi(const double *answers, size_t n_respondents, size_t n_items,
                              const double *weights, const csat_csi_options *opts,
                              csat_index_result *out, csat_error *err);

/** Weighted disconfirmation over attributes. */
typedef struct csat_disconfirmation_result {
    double d;                   /**< sum_i w_i (P_i - E_i) over the attributes used, weights
                                     normalised to sum 1 over them */
    csat_disconfirmation state; /**< of d against tau */
    size_t n_skipped;           /**< attributes skipped for a missing P or E */
} csat_disconfirmation_result;

/**
 * Expectation-disconfirmation (docs/theory/satisfaction.rst, 2.1): per attribute d_i = P_i - E_i
 * and its state against tolerance tau >= 0 (DISSATISFIED d < -tau, SATISFIED
 * |d| <= tau, DELIGHTED d > tau), and the weighted overall. perceived and
 * expected hold n_attributes values on scale (both mirrored if reversed);
 * weights NULL = equal. d and states (n_attributes each) may be NULL; under
 * CSAT_NAN_SKIP an attribute with a NaN is left out of the overall and its
 * d[i] / states[i] are left as they were. CSAT_EEMPTY if nothing is left,
 * CSAT_EINVAL if the remaining weights sum to 0.
 */
CSAT_API csat_status csat_disconfirm(const double *perceived, const double *expected,
                                     size_t n_attributes, const double *weights,
                                     const csat_scale *scale, double tau,
                                     csat_nan_policy nan_policy, double *d,
                                     csat_disconfirmation *states,
                                     csat_disconfirmation_result *overall, csat_error *err);

/**
 * Path weights of the seven-factor model (Spreng, MacKenzie & Olshavsky 1996)
 * in its difference-score form: the paper measures congruency directly and
 * estimates an SEM, so there are no default weights; the caller supplies them.
 */
typedef struct csat_seven_factor_paths {
    double a_dc, a_ec; /**< attribute satisfaction AS = a_dc DC + a_ec EC */
    double b_dc, b_ec; /**< information satisfaction IS = b_dc DC + b_ec EC */
    double c_as, c_is; /**< overall satisfaction OS = c_as AS + c_is IS */
} csat_seven_factor_paths;

typedef struct csat_seven_factor_result {
    double desires_congruency;      /**< DC = P - D */
    double expectations_congruency; /**< EC = P - E */
    double attribute_satisfaction;  /**< AS */
    double information_satisfaction;/**< IS */
    double overall_satisfaction;    /**< OS */
} csat_seven_factor_result;

/** Seven-factor model for one attribute: desires, expectations, performance on scale.
 * CSAT_EINVAL for answers off the scale or non-finite paths, CSAT_EDOM on overflow. */
CSAT_API csat_status csat_seven_factor(double desires, double expectations, double performance,
                                       const csat_scale *scale, const csat_seven_factor_paths *paths,
                                       csat_seven_factor_result *out, csat_error *err);


/*
 * Importance-performance analysis (Martilla & James 1977; docs/theory/ipa.rst, 5).
 * Importance is on the vertical axis; a value equal to a crosshair counts as
 * high.
 */
typedef enum csat_ipa_quadrant {
    CSAT_IPA_CONCENTRATE = 0,  /**< A: importance high, performance low ("concentrate here") */
    CSAT_IPA_KEEP_UP = 1,      /**< B: both high ("keep up the good work") */
    CSAT_IPA_LOW_PRIORITY = 2, /**< C: both low */
    CSAT_IPA_OVERKILL = 3      /**< D: importance low, performance high ("possible overkill") */
} csat_ipa_quadrant;

typedef enum csat_ipa_crosshair {
    CSAT_IPA_DATA_MEANS = 0,     /**< grand means of the attribute values (DCQM) */
    CSAT_IPA_DATA_MEDIANS = 1,   /**< medians of the attribute values */
    CSAT_IPA_SCALE_MIDPOINT = 2, /**< (min + max) / 2 of each scale (SCQM) */
    CSAT_IPA_FIXED = 3           /**< importance_cut / performance_cut as given */
} csat_ipa_crosshair;

#define CSAT_IPA_MAX_ATTRIBUTES 1024

typedef struct csat_ipa_options {
    unsigned int version;
    csat_ipa_crosshair crosshair;  /**< default CSAT_IPA_DATA_MEANS */
    csat_scale importance_scale;   /**< values must lie on it; default {1, 5, 0} */
    csat_scale performance_scale;  /**< default {1, 5, 0} */
    double importance_cut;         /**< used with CSAT_IPA_FIXED (finite) */
    double performance_cut;        /**< used with CSAT_IPA_FIXED (finite) */
} csat_ipa_options;

#define CSAT_IPA_OPTIONS_VERSION 1
#define CSAT_IPA_OPTIONS_INIT \
    {CSAT_IPA_OPTIONS_VERSION, CSAT_IPA_DATA_MEANS, {1.0, 5.0, 0}, {1.0, 5.0, 0}, 0.0, 0.0}
CSAT_API csat_status csat_ipa_options_init(csat_ipa_options *opts, unsigned int version);

typedef struct csat_ipa_result {
    csat_ipa_quadrant quadrant; /**< against the crosshair */
    double importance;          /**< the attribute's importance, as given */
    double performance;         /**< its performance, as given */
    double gap;                 /**< importance - performance (diagonal model; same scale assumed) */
    int diagonal_priority;      /**< 1 if gap > 0: above the 45-degree iso-priority line */
} csat_ipa_result;

/**
 * Classify n_attributes (importance, performance) pairs, e.g. attribute
 * means. out receives n_attributes results; importance_cut and
 * performance_cut (may be NULL) the crosshair used. CSAT_EINVAL for NULL,
 * NaN/Inf, values off their scales, n_attributes > CSAT_IPA_MAX_ATTRIBUTES;
 * CSAT_EEMPTY for none.
 */
CSAT_API csat_status csat_ipa(const double *importance, const double *performance,
                              size_t n_attributes, const csat_ipa_options *opts,
                              csat_ipa_result *out, double *importance_cut,
                              double *performance_cut, csat_error *err);

typedef enum csat_importance_method {
    /** Pearson correlation of each attribute with overall satisfaction (pairwise complete). */
    CSAT_IMPORTANCE_CORRELATION = 0,
    /** Least-squares coefficients of overall satisfaction regressed on all
     * attributes with an intercept (complete respondents only). */
    CSAT_IMPORTANCE_REGRESSION = 1
} csat_importance_method;

/**
 * Derived importance: performance is a row-major n_respondents x
 * n_attributes matrix, overall a column of n_respondents; NaN marks a
 * missing answer when nan_policy is CSAT_NAN_SKIP. importance receives
 * n_attributes values. alloc (NULL = libc) serves the regression's scratch.
 * CSAT_EDOM when a variable has no variance or the regressors are collinear
 * or too few respondents remain (n <= n_attributes for the regression, < 2
 * for correlations); CSAT_ENOMEM on allocation failure.
 */
CSAT_API csat_status csat_importance_derived(const double *performance, const double *overall,
                                             size_t n_respondents, size_t n_attributes,
                                             csat_importance_method method,
                                             csat_nan_policy nan_policy,
                                             const csat_allocator *alloc, double *importance,
                                             csat_error *err);


/* ---- PLS path modelling (issue 16) ------------------------------------- */
/*
 * Partial least squares path modelling (PLS-PM) of a structural model of
 * latent variables (LVs) such as the ACSI or ECSI: Lohmoeller's (1989)
 * iterative algorithm as set out by Tenenhaus, Esposito Vinzi, Chatelin and
 * Lauro (2005), "PLS path modeling", Computational Statistics & Data
 * Analysis 48, 159-205. Tests: an independent numpy implementation
 * (tests/reference/pls_reference.py) to 1e-10 on the bundled ACSI-style
 * survey (tests/data/acsi_survey.csv).
 *
 * The model: n_items items (the columns of the data), each in the block of
 * exactly one LV (item_lv[i] in [0, n_lv)); every LV has at least one item;
 * an inner model paths[j * n_lv + k] = 1 for a path from LV j to LV k
 * (0 = none; any order of the LVs, no cycles, no self-loops, and every LV
 * in at least one path); a mode per block, A (reflective: outer weights
 * are covariances with the inner estimate) or B (formative: multiple
 * regression of the inner estimate on the block).
 *
 * The algorithm works on the correlation matrix R of the items (the items
 * standardised with the (n-1)-denominator standard deviation):
 *  1. outer weights w = 1 in every block, scaled so that each LV score
 *     Y_j = X_j w_j has variance 1;
 *  2. inner estimates Z_j = sum_k e_jk Y_k over the LVs k adjacent to j,
 *     with e_jk = sign(cor(Y_j, Y_k)) (CENTROID), cor(Y_j, Y_k)
 *     (FACTORIAL), or (PATH) the multiple-regression coefficient of Y_k in
 *     the regression of Y_j on its predecessors when k -> j, and
 *     cor(Y_j, Y_k) when j -> k;
 *  3. new outer weights: mode A w_j = cov(X_j, Z_j), mode B w_j =
 *     cor(X_j)^-1 cov(X_j, Z_j), scaled again to var(Y_j) = 1;
 *  4. stopping rule: stop when max_i |w_new,i - w_old,i| < tol (the change
 *     of the scaled weights); CSAT_ENOCONV after max_iter updates, with the
 *     last change in the message.
 * Then the path coefficients are the least-squares regressions of each
 * endogenous LV score on its predecessors' scores (R^2 with them),
 * loadings cor(x_i, Y_j), and the measures below.
 */

typedef enum csat_pls_mode {
    CSAT_PLS_MODE_A = 0, /**< reflective block (correlation weights) */
    CSAT_PLS_MODE_B = 1  /**< formative block (regression weights) */
} csat_pls_mode;

typedef enum csat_pls_scheme {
    CSAT_PLS_CENTROID = 0,
    CSAT_PLS_FACTORIAL = 1,
    CSAT_PLS_PATH = 2 /**< the default */
} csat_pls_scheme;

typedef struct csat_pls_options {
    unsigned int version;
    csat_pls_scheme scheme;     /**< inner weighting; default CSAT_PLS_PATH */
    double tol;                 /**< > 0; default 1e-10 (stopping rule above) */
    size_t max_iter;            /**< >= 1; default 300 */
    csat_nan_policy nan_policy; /**< NaN answers: CSAT_NAN_ERROR (default) or CSAT_NAN_SKIP */
    int mean_replace;           /**< with CSAT_NAN_SKIP: 0 (default) drops a respondent with any
                                     NaN (listwise); 1 replaces a NaN by the item's mean over the
                                     respondents who answered it (as R's plspm does) */
} csat_pls_options;

#define CSAT_PLS_OPTIONS_VERSION 1
#define CSAT_PLS_OPTIONS_INIT {CSAT_PLS_OPTIONS_VERSION, CSAT_PLS_PATH, 1e-10, 300, CSAT_NAN_ERROR, 0}
CSAT_API csat_status csat_pls_options_init(csat_pls_options *opts, unsigned int version);

/** How a PLS fit went. */
typedef struct csat_pls_report {
    size_t n_used;      /**< respondents used (after listwise deletion) */
    size_t n_iter;      /**< outer-weight updates done */
    double last_change; /**< max |change| of the outer weights at the last update */
    int converged;      /**< 1 if last_change < tol */
    double gof;         /**< goodness of fit (Tenenhaus et al. 2005): sqrt(mean communality over
                             the items of blocks with >= 2 items x mean R^2 of the endogenous
                             LVs); 0 if there is no such block */
} csat_pls_report;

/** Reliability and fit of one block (csat_pls_quality). */
typedef struct csat_pls_block_quality {
    double r2;          /**< R^2 of the LV on its predecessors; 0 for an exogenous LV */
    double communality; /**< mean squared loading of the block */
    double redundancy;  /**< communality x R^2 */
    double ave;         /**< average variance extracted: sum l^2 / (sum l^2 + sum (1 - l^2)) */
    double rho_dg;      /**< Dillon-Goldstein's rho: (sum l)^2 / ((sum l)^2 + sum (1 - l^2)) */
    double alpha;       /**< Cronbach's alpha of the standardised items (1 for a single item) */
} csat_pls_block_quality;

/** A PLS path model: its specification and, after csat_pls_fit, its estimates. */
typedef struct csat_pls csat_pls;

/**
 * A model of n_items items in n_lv blocks (see above); modes may be NULL
 * (all mode A). The arrays are copied. Errors (CSAT_EINVAL, with the
 * message on *err): NULL pointers, n_items or n_lv 0 or overflowing,
 * item_lv[i] >= n_lv, an empty block ("block 2 has no items"), a mode not
 * A or B, paths values other than 0 and 1, a self-loop, an LV in no path,
 * a cycle (named: "the inner model has a cycle: 1 -> 2 -> 3 -> 1");
 * CSAT_ENOMEM.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_pls_new(csat_pls **out, const csat_allocator *alloc,
                                                   const size_t *item_lv, size_t n_items,
                                                   const unsigned char *paths, size_t n_lv,
                                                   const csat_pls_mode *modes, csat_error *err);
CSAT_API void csat_pls_free(csat_pls *m);
/** Message of the last failed call on m ("" if none). */
CSAT_API const char *csat_pls_last_error(const csat_pls *m);

/**
 * Fit on data (n_rows respondents x n_cols items, row-major; n_cols ==
 * n_items, column i is item i). report may be NULL. Errors: CSAT_EINVAL
 * (NULL, n_cols != n_items, Inf, NaN under CSAT_NAN_ERROR, bad options,
 * size overflow), CSAT_EEMPTY (fewer than 2 respondents left, or an item
 * nobody answered), CSAT_EDOM (an item with zero variance, named; a mode-B
 * block with more items than respondents, or whose items are collinear;
 * collinear predecessors of an LV), CSAT_ENOCONV (with the last change),
 * CSAT_ENOMEM. The previous fit is kept on error.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_pls_fit(csat_pls *m, const double *data, size_t n_rows,
                                                   size_t n_cols, const csat_pls_options *opts,
                                                   csat_pls_report *report);

/*
 * Getters (CSAT_EMISUSE before a fit; CSAT_EINVAL for NULL or a size that
 * is not the model's; any output pointer marked "may be NULL" is skipped).
 */

/** Outer weights (standardised items) and loadings per item (n_items each; either may be NULL). */
CSAT_API csat_status csat_pls_outer(const csat_pls *m, double *weights, double *loadings,
                                    size_t n_items);
/** Cross-loadings cor(item i, LV j) into out[i * n_lv + j]. */
CSAT_API csat_status csat_pls_cross_loadings(const csat_pls *m, double *out, size_t n_items,
                                             size_t n_lv);
/**
 * The inner model: path coefficients (direct effects) paths[j * n_lv + k]
 * for j -> k (0 where there is no path), indirect and total effects (the
 * sums over all chains: total = B + B^2 + ... with B the path matrix) in
 * the same layout, and R^2 per LV (0 for exogenous LVs). Any of the four
 * may be NULL.
 */
CSAT_API csat_status csat_pls_inner(const csat_pls *m, double *paths, double *indirect,
                                    double *total, double *r2, size_t n_lv);
/** Correlations between the LV scores, n_lv x n_lv. */
CSAT_API csat_status csat_pls_lv_correlations(const csat_pls *m, double *out, size_t n_lv);
/** Per-block measures (csat_pls_block_quality), n_lv of them. */
CSAT_API csat_status csat_pls_quality(const csat_pls *m, csat_pls_block_quality *out, size_t n_lv);
/**
 * Heterotrait-monotrait ratio (Henseler, Ringle & Sarstedt 2015, J. Acad.
 * Marketing Science 43, 115-135) of absolute item correlations: mean
 * |r| between the two blocks / sqrt(product of the mean |r| within each
 * block; 1 for a single item); out[j * n_lv + k], 1 on the diagonal.
 * CSAT_EDOM if a block's items are all uncorrelated.
 */
CSAT_API csat_status csat_pls_htmt(const csat_pls *m, double *out, size_t n_lv);
/**
 * LV scores of the n_rows respondents used (listwise deletion drops rows:
 * n_rows must equal report.n_used): standardised (Y = X_std w, mean 0,
 * variance 1) and on the items' scale (the raw items weighted by the
 * unstandardised outer weights w_i / sd_i, rescaled to sum to 1, as the
 * ACSI does), row-major n_rows x n_lv; either may be NULL. Fails with
 * CSAT_EDOM for scaled scores when a block's unstandardised weights sum
 * to 0.
 */
CSAT_API csat_status csat_pls_scores(const csat_pls *m, double *standardized, double *scaled,
                                     size_t n_rows, size_t n_lv);
/**
 * The ACSI-style index per LV: the mean of its scores on the items' scale,
 * rescaled from [scale->min, scale->max] to 0-100 (mirrored on a reversed
 * scale). With answers on the scale it lies in [0, 100] when the block's
 * outer weights are all >= 0 (the usual case for reflective blocks); a
 * negative weight can take it outside. CSAT_EINVAL for a bad scale;
 * CSAT_EDOM as csat_pls_scores.
 */
CSAT_API csat_status csat_pls_index(const csat_pls *m, const csat_scale *scale, double *index,
                                    size_t n_lv);
/**
 * Importance-performance map for one target LV (Ringle & Sarstedt 2016,
 * Ind. Management & Data Systems 116(9)): importance[j] is the
 * unstandardised total effect of LV j on the target (the standardised
 * total effect times sd(target)/sd(j), both on the 0-100 rescaled scale;
 * 0 for LVs with no effect on it, the target included), performance[j]
 * the index of csat_pls_index. Either may be NULL. Feed them to
 * csat_ipa_classify.
 */
CSAT_API csat_status csat_pls_ipma(const csat_pls *m, size_t target, const csat_scale *scale,
                                   double *importance, double *performance, size_t n_lv);

/** The published satisfaction indices (csat_pls_preset_model). */
typedef enum csat_pls_preset {
    CSAT_PLS_ACSI = 0, /**< Fornell et al. (1996), J. Marketing 60(4), Fig. 1: expectations, quality,
                            value, satisfaction, complaints, loyalty */
    CSAT_PLS_ECSI = 1, /**< Cassel & Eklof (2001), TQM 12(7-8); Tenenhaus et al. (2005), CSDA 48:
                            image, expectations, quality, value, satisfaction, complaints, loyalty */
    CSAT_PLS_CCSI = 2  /**< CCSI-style: image, expectations, quality, value, satisfaction, loyalty
                            (the ECSI chain with brand image, without complaints; as the China
                            index is commonly described, not checked against a primary source) */
} csat_pls_preset;

/**
 * The inner model of a preset: its number of LVs into *n_lv and, when
 * paths or names is not NULL (cap >= *n_lv, else CSAT_EBUFSIZE), the
 * adjacency paths[j * n_lv + k] (n_lv x n_lv, as csat_pls_new takes it)
 * and the LV names (static strings). Map the survey's items onto the LVs
 * in item_lv. CSAT_EINVAL for an unknown preset or NULL n_lv.
 */
CSAT_API csat_status csat_pls_preset_model(csat_pls_preset which, size_t *n_lv, unsigned char *paths,
                                           const char **names, size_t cap, csat_error *err);

/** What csat_pls_bootstrap_get returns. */
typedef enum csat_pls_estimate {
    CSAT_PLS_EST_WEIGHTS = 0,  /**< n_items outer weights */
    CSAT_PLS_EST_LOADINGS = 1, /**< n_items loadings */
    CSAT_PLS_EST_PATHS = 2,    /**< n_lv x n_lv path coefficients */
    CSAT_PLS_EST_TOTAL = 3,    /**< n_lv x n_lv total effects */
    CSAT_PLS_EST_R2 = 4,       /**< n_lv R^2 */
    CSAT_PLS_EST_INDEX = 5     /**< n_lv indices (needs a scale in csat_pls_bootstrap) */
} csat_pls_estimate;

/**
 * Nonparametric bootstrap of the fitted model: n_boot >= 2 resamples of the
 * respondents used, drawn with replacement by the seeded generator
 * (resample b uses stream b of seed: reproducible, whatever the platform),
 * each refitted with the fit's options starting from weights 1. Sign
 * changes: in each resample, a block whose outer weights point away from
 * the original ones (sum_i w_boot,i w_i < 0) has its weights, loadings
 * and score negated before the inner model is estimated (construct-level
 * sign correction, Tenenhaus et al. 2005, sect. 2.5). A resample where an
 * item has zero variance or the fit fails is redrawn from the next stream
 * (at most n_boot such redraws; then CSAT_EDOM). scale (may be NULL: no
 * index) is that of csat_pls_index. level in (0, 1) is the interval's
 * coverage (e.g. 0.95). Errors: CSAT_EMISUSE, CSAT_EINVAL, CSAT_EDOM,
 * CSAT_ENOMEM.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_pls_bootstrap(csat_pls *m, size_t n_boot, uint64_t seed,
                                                         double level, const csat_scale *scale);
/**
 * Bootstrap standard errors (standard deviation over the resamples, n-1)
 * and percentile bounds (type-7 quantiles at (1 -/+ level)/2) of one kind
 * of estimate, n values in the layout of the getters above; se, lower,
 * upper may each be NULL. CSAT_EMISUSE without a bootstrap (or INDEX
 * without a scale).
 */
CSAT_API csat_status csat_pls_bootstrap_get(const csat_pls *m, csat_pls_estimate what, double *se,
                                            double *lower, double *upper, size_t n);

/**
 * Two-sample test of LV lv's 0-100 index (csat_pls_index on scale) between
 * two samples (waves or groups) fitted with the same model: m1 and m2 are
 * fitted handles of the same specification (items, blocks, paths, modes)
 * and scheme, each fitted on its own sample; neither is changed. In the
 * csat_comparison shape of csat_csi_compare: estimate1, estimate2 are the
 * two indices, difference = estimate1 - estimate2; n_boot >= 2 replicates,
 * replicate b drawing (generator xoshiro256**, stream b of seed) n1
 * respondents of sample 1 with replacement, then n2 of sample 2, refitting
 * each with its fit's options from weights 1 and taking the index of lv
 * from the resample's own means and sds (the index does not depend on the
 * sign of a block's weights, so no sign correction is needed); se is the SD
 * (n - 1) of the replicate differences, statistic = difference / se with a
 * normal p_value, the interval the percentile one (type-7 quantiles at
 * (1 -/+ level)/2). A replicate where an item has no variance or a fit fails
 * is dropped. draws (n_boot doubles, required) receives the kept replicate
 * differences sorted ascending, NaN for dropped ones at the end. The
 * result depends only on the two fits, lv, scale, n_boot and seed.
 * Allocates through m1's allocator and runs the replicates on m1's threads
 * (csat_pls_set_parallel; the same bits at any setting). Errors (message on *err): CSAT_EINVAL
 * (NULL, models that differ, lv >= n_lv, a bad scale, n_boot < 2 or
 * overflowing, level not in (0, 1)), CSAT_EMISUSE (a model not fitted),
 * CSAT_EDOM (a block's unstandardised weights sum to 0; fewer than 2
 * replicates kept, or all equal: se 0), CSAT_ENOMEM. Cost: n_boot refits
 * of each sample (the resample's correlation matrix, n p^2, and the
 * iteration). docs/theory/pls.rst, 22.9.
 */
CSAT_API csat_status csat_pls_index_compare(const csat_pls *m1, const csat_pls *m2, size_t lv,
                                            const csat_scale *scale, size_t n_boot, uint64_t seed,
                                            double level, double *draws, csat_comparison *out,
                                            csat_error *err);

/**
 * csat_pls_fit on column-major data: item i's n_rows answers are
 * data[i * n_rows .. (i + 1) * n_rows), as numpy stacks columns or a data
 * frame stores them, so bindings pass their columns without transposing.
 * Everything else (options, report, errors, messages; "data[k]" names the
 * flat index k in this layout) is as csat_pls_fit, and the fit is the same
 * bit for bit.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_pls_fit_columns(csat_pls *m, const double *data, size_t n_rows,
                                                           size_t n_cols, const csat_pls_options *opts,
                                                           csat_pls_report *report);

/* ---- Loyalty (docs/theory/loyalty.rst, 7) ------------------------------ */

/** Oliver's (1999) loyalty phases, ordered; CSAT_OLIVER_NONE = no phase reached. */
typedef enum csat_oliver_phase {
    CSAT_OLIVER_NONE = 0,
    CSAT_OLIVER_COGNITIVE = 1,
    CSAT_OLIVER_AFFECTIVE = 2,
    CSAT_OLIVER_CONATIVE = 3,
    CSAT_OLIVER_ACTION = 4
} csat_oliver_phase;

/**
 * Highest phase reached: scores[0..3] are the cognitive, affective, conative
 * and action scores on scale, thresholds[0..3] the caller's cut-offs (a phase
 * is reached when its score >= its threshold, and phases are cumulative: the
 * first phase missed stops the ladder). The source gives no numbers, so the
 * thresholds have no default.
 */
CSAT_API csat_status csat_oliver_phase_of(const double scores[4], const double thresholds[4],
                                          const csat_scale *scale, csat_oliver_phase *out,
                                          csat_error *err);

/** Dick & Basu (1994) cells of relative attitude x repeat patronage. */
typedef enum csat_dick_basu {
    CSAT_DB_LOYALTY = 0,  /**< attitude high, patronage high */
    CSAT_DB_LATENT = 1,   /**< attitude high, patronage low */
    CSAT_DB_SPURIOUS = 2, /**< attitude low, patronage high (inertia, switching costs) */
    CSAT_DB_NONE = 3      /**< both low */
} csat_dick_basu;

/**
 * Dick & Basu cell: relative attitude (e.g. attitude to the brand minus the
 * mean attitude to alternatives) and repeat patronage (e.g. share of
 * category purchases), each against its cut-off (>= counts as high). All
 * arguments finite.
 */
CSAT_API csat_status csat_dick_basu_classify(double relative_attitude, double repeat_patronage,
                                             double attitude_cut, double patronage_cut,
                                             csat_dick_basu *out, csat_error *err);

/** Jones & Sasser (1995) satisfaction x loyalty types. */
typedef enum csat_jones_sasser {
    CSAT_JS_MISSING = -1,  /**< an answer was missing (CSAT_NAN_SKIP) */
    CSAT_JS_LOYALIST = 0,  /**< both high */
    CSAT_JS_APOSTLE = 1,   /**< both at the apostle level (extreme loyalist) */
    CSAT_JS_MERCENARY = 2, /**< satisfied, not loyal */
    CSAT_JS_HOSTAGE = 3,   /**< loyal, not satisfied */
    CSAT_JS_DEFECTOR = 4,  /**< both low */
    CSAT_JS_TERRORIST = 5  /**< both at the terrorist level (extreme defector) */
} csat_jones_sasser;

typedef struct csat_jones_sasser_options {
    unsigned int version;
    csat_scale scale;         /**< both questions' scale; default {1, 5, 0} */
    double high;              /**< "high" when >= this; default 4 */
    double apostle;           /**< apostle when both >= this; default 5 */
    double terrorist;         /**< terrorist when both <= this; default 1 */
    csat_nan_policy nan_policy; /**< NaN: error (default) or CSAT_JS_MISSING for that pair */
} csat_jones_sasser_options;

#define CSAT_JONES_SASSER_OPTIONS_VERSION 1
#define CSAT_JONES_SASSER_OPTIONS_INIT \
    {CSAT_JONES_SASSER_OPTIONS_VERSION, {1.0, 5.0, 0}, 4.0, 5.0, 1.0, CSAT_NAN_ERROR}
CSAT_API csat_status csat_jones_sasser_options_init(csat_jones_sasser_options *opts,
                                                    unsigned int version);

/** Classify n (satisfaction, loyalty) pairs into out[n]; answers off the scale: CSAT_EINVAL;
 * all pairs missing: CSAT_EEMPTY. */
CSAT_API csat_status csat_jones_sasser_classify(const double *satisfaction, const double *loyalty,
                                                size_t n, const csat_jones_sasser_options *opts,
                                                csat_jones_sasser *out, csat_error *err);

/** The six loyalty indicators of the theory (docs/theory/loyalty.rst, 7.4). */
typedef enum csat_loyalty_indicator {
    CSAT_LOYALTY_REPEAT_PURCHASE = 0,    /**< repeat-purchase frequency (+) */
    CSAT_LOYALTY_BRAND_ATTENTION = 1,    /**< attention to the brand (+) */
    CSAT_LOYALTY_CHOICE_TIME = 2,        /**< choice / decision time (-: shorter is more loyal) */
    CSAT_LOYALTY_PRICE_SENSITIVITY = 3,  /**< price sensitivity (-: lower is more loyal) */
    CSAT_LOYALTY_COMPETITOR_ATTITUDE = 4,/**< favourable attitude to competitors (-) */
    CSAT_LOYALTY_INCIDENT_TOLERANCE = 5  /**< tolerance of quality incidents (+) */
} csat_loyalty_indicator;
#define CSAT_LOYALTY_N_INDICATORS 6

/**
 * Loyalty index in [0, 100]: each indicator value is min-max normalised
 * through its scale (scales[k]; the "-" indicators are mirrored, as is any
 * scale with reversed set, the two cancelling), then combined with weights
 * (NULL = equal; >= 0 with a positive sum, normalised). values is a row-major
 * n x 6 matrix; index receives n values. A NaN value is an error under
 * CSAT_NAN_ERROR; under CSAT_NAN_SKIP that indicator drops out of the row and
 * the remaining weights are renormalised (CSAT_EEMPTY if a row has no
 * indicator with positive weight left). No published weights exist: every
 * choice is the caller's.
 */
CSAT_API csat_status csat_loyalty_index(const double *values, size_t n,
                                        const csat_scale scales[CSAT_LOYALTY_N_INDICATORS],
                                        const double *weights, csat_nan_policy nan_policy,
                                        double *index, csat_error *err);

/** Relationship bond levels (Berry & Parasuraman 1991; Zeithaml & Bitner add customisation). */
typedef enum csat_loyalty_bond {
    CSAT_LOYALTY_BOND_NONE = 0,
    CSAT_LOYALTY_BOND_FINANCIAL = 1,
    CSAT_LOYALTY_BOND_SOCIAL = 2,
    CSAT_LOYALTY_BOND_CUSTOMIZATION = 3,
    CSAT_LOYALTY_BOND_STRUCTURAL = 4
} csat_loyalty_bond;

/**
 * Switching-cost (bond strength) score in [0, 100]: bond-level scores
 * scores[0..3] (financial, social, customisation, structural) on scale are
 * normalised and weighted (NULL = weights 1, 2, 3, 4: a higher level is the
 * more sustainable bond). *strongest receives the highest level whose score
 * is at least the scale midpoint (CSAT_LOYALTY_BOND_NONE when none is).
 */
CSAT_API csat_status csat_loyalty_bond_score(const double scores[4], const csat_scale *scale,
                                     const double *weights, double *score,
                                     csat_loyalty_bond *strongest, csat_error *err);

/** One row of the satisfaction -> one-year retention table. */
typedef struct csat_satisfaction_retention_row {
    double rating;  /**< the answer this row applies to */
    double low;     /**< retention range low end, fraction */
    double high;    /**< high end, fraction */
} csat_satisfaction_retention_row;

/**
 * The textbook 5-point table (source: the theory's text; primary source not
 * located): 5 very satisfied 92-97%, 4 satisfied 80-85%, 3 neutral 60-65%,
 * 2 dissatisfied 15-20%, 1 very dissatisfied 0-5%. Copies 5 rows (cap >= 5).
 */
CSAT_API csat_status csat_satisfaction_retention_table(csat_satisfaction_retention_row *rows, size_t cap,
                                                       csat_error *err);

typedef struct csat_satisfaction_retention_result {
    double customers;         /**< answers counted */
    double retained_low;      /**< sum over answers of the row's low retention */
    double retained_mid;      /**< ... of the midpoint */
    double retained_high;     /**< ... of the high end */
    double revenue_low, revenue_mid, revenue_high; /**< retained x revenue_per_customer */
} csat_satisfaction_retention_result;

/**
 * Expected retained customers and revenue for n_ratings distinct ratings
 * with counts (e.g. 1..5 with how many gave each): each rating must appear
 * in the table (rows NULL = the default table; n_rows rows with 0 <= low <=
 * high <= 1 and distinct ratings). revenue_per_customer finite, >= 0.
 * CSAT_EDOM if the totals overflow.
 */
CSAT_API csat_status csat_satisfaction_retention_forecast(const double *ratings, const double *counts,
                                                     size_t n_ratings,
                                                     const csat_satisfaction_retention_row *rows,
                                                     size_t n_rows, double revenue_per_customer,
                                                     csat_satisfaction_retention_result *out,
                                                     csat_error *err);

/** Complaint iceberg constants (TARP; docs/theory/loyalty.rst, 8.1), every one a parameter. */
typedef struct csat_iceberg_options {
    unsigned int version;
    double complain_share;    /**< q: share of dissatisfied customers who complain; default 0.04 */
    double silent_lost_share; /**< share of silent dissatisfied who do not come back; default 0.90 */
    double people_told;       /**< people each dissatisfied customer tells; default 9 */
    double acquisition_ratio; /**< acquiring costs this many times keeping; default 5 */
} csat_iceberg_options;

#define CSAT_ICEBERG_OPTIONS_VERSION 1
#define CSAT_ICEBERG_OPTIONS_INIT {CSAT_ICEBERG_OPTIONS_VERSION, 0.04, 0.90, 9.0, 5.0}
CSAT_API csat_status csat_iceberg_options_init(csat_iceberg_options *opts, unsigned int version);

typedef struct csat_iceberg_result {
    double dissatisfied;      /**< D = C / q */
    double silent;            /**< S = D - C */
    double lost;              /**< L = silent_lost_share x S */
    double word_of_mouth;     /**< W = people_told x D (exposures) */
    double revenue_at_risk;   /**< L x revenue_per_customer */
    double replacement_cost;  /**< L x acquisition_cost */
    double retention_cost;    /**< L x acquisition_cost / acquisition_ratio: keeping them instead */
} csat_iceberg_result;

/**
 * From complaints C >= 0, per-customer revenue and the cost of acquiring a
 * customer (both >= 0). 0 < q <= 1, 0 <= shares <= 1, people_told >= 0,
 * acquisition_ratio > 0 (else CSAT_EINVAL); CSAT_EDOM if a result overflows.
 */
CSAT_API csat_status csat_iceberg(double complaints, double revenue_per_customer,
                                  double acquisition_cost, const csat_iceberg_options *opts,
                                  csat_iceberg_result *out, csat_error *err);

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
 *  - CSAT_BTYD_GGOMNBD: GGom/NBD (Bemmaor & Glady 2012, Management Science
 *    58(5), parametrised as CLVTools' ggomnbd), 5 params r, alpha, b, s,
 *    beta, all > 0: purchase rate lambda ~ Gamma(shape r, rate alpha;
 *    alpha in time units); lifetime Gompertz with scale b (per time unit)
 *    and eta ~ Gamma(shape s, rate beta; beta dimensionless), P(alive at
 *    t) = (beta / (beta + e^{bt} - 1))^s. Pareto/NBD is its limit b -> 0
 *    with beta / b fixed (on CDNOW the fit goes there: CSAT_EDOM, no
 *    interior maximum). The likelihood, its gradient and P(alive) by
 *    panels of 16-point Gauss-Legendre rules shared by the gradient's
 *    integrals (~2-4 us per distinct row, at most ~10 us; 1,000,000
 *    customers fit in ~90 s of CPU); E[X(t)], DERT and P(X(t) = k)
 *    (csat_btyd_prob_purchases, _cond: the lifetime integral of the
 *    negative binomial, ~15 us per value) by adaptive quadrature.
 *
 * Data per customer (columns of equal length n):
 *  - frequency x: number of repeat purchases, an integer >= 0;
 *  - recency t_x: time of the last repeat purchase since the first purchase,
 *    0 <= t_x <= T, and t_x = 0 when x = 0;
 *  - T: time since the first purchase (age, > 0). Any time unit (the
 *    predictions use the same unit).
 * For BG/BB, x, t_x and n (opportunities) are integers with x <= t_x <= n
 * (t_x = 0 iff x = 0).
 * Weights (optional, NULL = all 1) are finite and >= 0: row i stands for
 * weights[i] customers. Identical rows are grouped internally.
 *
 * Parameters are passed as arrays of 4 (GGom/NBD: 5) in the order above,
 * all > 0.
 * Errors: CSAT_EINVAL for NULL, NaN/Inf, negative or non-integer counts,
 * t_x > T, x = 0 with t_x > 0; CSAT_EEMPTY for n = 0; CSAT_EMISUSE when
 * predicting before fit/set_params; CSAT_ENOCONV when a fit does not
 * converge and CSAT_EDOM when the data identify no estimate (see
 * csat_btyd_fit; the previous parameters stay). Outputs are unchanged on
 * error.
 */
typedef enum csat_btyd_kind {
    CSAT_BTYD_BGNBD = 0,
    CSAT_BTYD_PARETO_NBD = 1,
    CSAT_BTYD_MBGNBD = 2,
    CSAT_BTYD_BGBB = 3,
    CSAT_BTYD_GGOMNBD = 4
} csat_btyd_kind;

/* The most parameters of any kind (GGom/NBD: 5; the others: 4): a buffer
 * of this many holds any kind's parameters or standard errors. */
#define CSAT_BTYD_N_PARAMS 5

typedef struct csat_btyd_model csat_btyd_model;

/** Fit options (BTYD and Gamma-Gamma). */
typedef struct csat_btyd_options {
    unsigned int version;
    /** L2 penalty on the log-parameters: the fit maximises
     * LL - l2_penalty * sum(log(param)^2). >= 0; default 0. */
    double l2_penalty;
    /** Largest number of optimiser iterations (> 0); default 500. */
    size_t max_iter;
    /** Convergence: max |gradient| <= gtol * max(1, |LL|), both with the
     * weights scaled to mean 1 (so the same at every scale of the weights);
     * (0, 1e-2]; default 1e-10. */
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
 * opportunities n). weights may be NULL; they scale the likelihood only, so
 * the estimates are the same at any common scale of them (a row of weight
 * 1e6 is the same data as two rows of 5e5 or 1e6 rows). Needs a repeat buyer
 * (x > 0) with weight > 0 (CSAT_EINVAL otherwise).
 * CSAT_EDOM when the data identify no estimate, with a message saying why:
 *  - every customer with weight has the same history (x, t_x, T): one row,
 *    or any number of copies, at any weights (found before fitting);
 *  - the likelihood grows towards the edge of the parameter space: the fit
 *    ends with a parameter more than 1e6 times away from its scale (shapes:
 *    1; alpha, beta: the customers' mean T), e.g. r, alpha -> infinity
 *    (purchase rates without heterogeneity), s, beta -> infinity or a -> 0
 *    (drop-out without heterogeneity); the message names the parameters
 *    and where the fit ended. Estimates are searched within 1e7 times
 *    their scale.
 * On CSAT_ENOCONV and on that CSAT_EDOM the fit report is updated
 * (converged = 0) but the parameters are not. Cost: a few tens to a few
 * hundred likelihood evaluations over the distinct rows, each row O(1) for
 * BG/NBD and MBG/NBD; Pareto/NBD a series of up to ~300 terms, beyond
 * which (near its cliff: one of alpha, beta far above the other, or large
 * r + s) a 16-node Gauss-Laguerre rule or 16-100 quadrature nodes, chosen
 * per row; BG/BB up to ~100 (a+x+g+1) terms
 * and a ~100-node Euler-Maclaurin tail for long histories (n - t_x
 * beyond 4096); GGom/NBD (Newton with its analytic Hessian, like
 * Pareto/NBD) 1-6 panels of a 16-node Gauss-Legendre rule per row, ~2 us
 * (1,000,000 simulated customers: ~9 s of CPU).
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_btyd_fit(csat_btyd_model *m, const double *frequency,
                                                    const double *recency, const double *T,
                                                    const double *weights, size_t n,
                                                    const csat_btyd_options *opts);

/** Fit from the current summary of a customer store (csat_customers_summarize
 * first; frequency, recency and T columns). Not for BG/BB (CSAT_EINVAL). */
CSAT_API CSAT_WARN_UNUSED csat_status csat_btyd_fit_customers(csat_btyd_model *m,
                                                              const csat_customers *c,
                                                              const csat_btyd_options *opts);

/** Copy the 4 (GGom/NBD: 5) parameters (order as above); CSAT_EBUFSIZE if cap is smaller. */
CSAT_API csat_status csat_btyd_get_params(const csat_btyd_model *m, double *params, size_t cap);
/** Set parameters by hand (n must be 4, GGom/NBD 5; all finite and > 0). Clears the fit statistics. */
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
 * with respect to the kind's 4 (GGom/NBD: 5) natural parameters (grad may be NULL) at the given
 * parameters. Sum chunks to fit data that live in several places.
 * CSAT_EDOM (nothing written) when the log-likelihood or a gradient
 * component is not a finite double at these parameters.
 */
CSAT_API csat_status csat_btyd_chunk_loglik(csat_btyd_kind kind, const double *params,
                                            const double *frequency, const double *recency,
                                            const double *T, const double *weights, size_t n,
                                            double *ll, double *grad, csat_error *err);

/**
 * csat_btyd_chunk_loglik with the Hessian too: hess (16 doubles, GGom/NBD 25; row-major,
 * symmetric) receives the second derivatives of the chunk's log-likelihood
 * in the 4 (5) natural parameters, grad (4, 5) the gradient; none may be NULL.
 * Chunks' ll, grad and hess add up to the whole data's (within rounding),
 * so a driver takes Newton steps with one round trip to the chunks each,
 * and the summed Hessian gives the standard errors. Pareto/NBD and
 * GGom/NBD: analytic; the other kinds (and those two where their analytic
 * form is not finite):
 * central differences of the analytic gradient at steps of 1e-5 relative to
 * each parameter (relative error ~1e-9). Errors as csat_btyd_chunk_loglik;
 * nothing is written on error.
 */
CSAT_API csat_status csat_btyd_chunk_hessian(csat_btyd_kind kind, const double *params,
                                             const double *frequency, const double *recency,
                                             const double *T, const double *weights, size_t n,
                                             double *ll, double *grad, double *hess,
                                             csat_error *err);

/*
 * Predictions per customer: columns in, n values out. The rows are checked as
 * for csat_btyd_fit (finite, whole x in 0..2^53, 0 <= t_x <= T, x = 0 only with
 * t_x = 0; BG/BB: whole numbers up to 2^53, x <= t_x <= n, n >= 1): CSAT_EINVAL with the
 * customer's index in the message, CSAT_EMISUSE without parameters (fit or
 * set_params first), CSAT_EDOM when a parameter lies outside [1e-15, 1e15]
 * (the range where every prediction is computed finite in bounded time;
 * fits end far inside it in ordinary units; the same holds for
 * expected_purchases_new, prob_purchases, the tracking functions and
 * csat_clv); out is written only on success. From 128 customers on,
 * BG/NBD and MBG/NBD expectations are evaluated in batches that share
 * per-frequency work: tables built once per call (on the handle's threads)
 * and read by every block of customers, ~2.5 MB (and 6 KB per thread) from
 * the handle's allocator (if that allocation fails the call still
 * succeeds, customer by customer); they agree with the one-by-one values to
 * ~1e-15 relative.
 */

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
/** P(X(t) = k[i]) of a new customer, k integer in [0, 1e7], t >= 0 (BG/BB: integer t).
 * BG/NBD: Fader, Hardie & Lee (2005) eq. 8 (MBG/NBD: Batislam et al. 2007),
 * the negative binomial tail as an incomplete beta function: bounded time,
 * ~3 us per value on average, at most ~0.1 ms (r < 1 with t/alpha large).
 * BG/BB: Fader, Hardie & Shang (2010) eq. 7, its sum over the opportunities
 * walked by recurrence and, where its terms change by < 1% a step, summed
 * as an integral with Euler-Maclaurin ends: ~0.02-0.2 ms per value at any
 * n (up to ~5 ms with parameters near 1e6 at n = 1e6, where the terms
 * change fast over long stretches). Relative accuracy ~1e-13 for
 * parameters up to 1e3; ~1e-16 times the size of the log-gammas beyond
 * (3e-9 at 1e6).
 * Pareto/NBD: Fader & Hardie (2006), "Deriving an expression for P(X(t) = x)
 * under the Pareto/NBD model"; its cost grows like (r+s)/(1 - rho) series
 * terms, rho = |alpha-beta|/max(alpha, beta), as for the likelihood (the
 * series stops at 1e8 terms: alpha/beta beyond ~1e5 or below ~1e-5 with
 * r+s in the hundreds take a second per value, relative accuracy ~1e-9).
 * GGom/NBD: S(t) NB(k; t) plus the integral over the lifetime of its density
 * times NB(k; tau), by adaptive quadrature (~15 us per value, at most ~3 ms
 * over [1e-15, 1e15]); relative accuracy ~1e-10 against mpmath. */
CSAT_API csat_status csat_btyd_prob_purchases(csat_btyd_model *m, double t, const double *k,
                                              size_t n, double *out);
/**
 * P(X(T, T+t) = k | x, t_x, T): the probability that each customer makes
 * exactly k purchases in the next t (BG/BB: k transactions in the next t
 * opportunities, n+1 .. n+t), given their history (lifetimes:
 * conditional_probability_of_n_purchases_up_to_time). A customer alive at
 * T buys as a new customer with the posterior parameters (BG/NBD: r+x,
 * alpha+T, a, b+x; MBG/NBD: b+x+1, without a drop-out at T; Pareto/NBD:
 * r+x, alpha+T, s, beta+T; BG/BB: alpha+x, beta+n-x, gamma, delta+n, alive
 * through n), one who is dead buys nothing:
 *   P = P(alive) P(X(t) = k | posterior) + [k = 0] (1 - P(alive)),
 * the decomposition behind the conditional expectations (Fader, Hardie &
 * Lee 2005 eq. 10; Fader, Hardie & Shang 2010 eq. 13), checked against
 * mpmath integration over the individual-level model
 * (tests/reference/btyd_pmf_mpmath.py). k: an integer in [0, 1e7]; t >= 0
 * finite (BG/BB: integer); rows as for csat_btyd_p_alive. Errors: as
 * csat_btyd_p_alive, CSAT_EINVAL for a bad t or k; out is written only on
 * success, n values in [0, 1]. Cost per customer: that of
 * csat_btyd_prob_purchases with the posterior parameters (Pareto/NBD: its
 * series grows with r + x). Relative accuracy ~1e-13 for parameters in
 * 1e-6..1e3 (see csat_btyd_prob_purchases).
 */
CSAT_API csat_status csat_btyd_prob_purchases_cond(csat_btyd_model *m, double t, double k,
                                                   const double *frequency, const double *recency,
                                                   const double *T, size_t n, double *out);

/**
 * DERT, discounted expected residual transactions: the expected number of
 * future transactions of each customer, each discounted back to the end of
 * the observation (T), given frequency, recency and T (BG/BB: x, t_x, n).
 * Multiply by the expected spend per transaction for the residual CLV.
 *  - Pareto/NBD (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value
 *    curves for customer base analysis", JMR 42(4), eq. 2): discount is the
 *    continuously compounded rate delta per model time unit, a cash flow at
 *    T + t is worth e^(-delta t). From an annual rate R and weekly data:
 *    delta = log(1 + R) / 52 (R = 15%: 0.0027, the paper's value).
 *  - BG/BB (Fader, Hardie & Shang 2010, Marketing Science 29(6), eq. 13):
 *    discount is the rate d per period; the transaction at opportunity n+k
 *    is discounted by (1 + d)^-k.
 *  - BG/NBD and MBG/NBD: discount is the continuous rate delta per model
 *    time unit, as for Pareto/NBD. No closed form is published: alive with
 *    rate lambda and drop-out probability p, the discounted future count is
 *    lambda/(delta + p lambda); its posterior mean is taken over lambda
 *    analytically (an incomplete gamma function) and over p ~ Beta(a, b+x)
 *    (MBG/NBD: b+x+1) by an adaptive quadrature with ~1e-13 relative
 *    accuracy (tested to 1e-10 against mpmath). As delta -> 0 it tends to
 *    P(alive) E[1/p] for a > 1 and grows like delta^(a-1) for a < 1.
 * discount must be finite and >= 1e-9 (CSAT_EINVAL otherwise). Other errors
 * as csat_btyd_p_alive. out receives n values >= 0. Cost per customer: as
 * csat_btyd_p_alive, plus for BG/BB about 40/d series terms (d >= 0.001) or
 * 10/sqrt(d) continued-fraction steps (smaller d); BG/NBD and MBG/NBD about 100-250 incomplete gamma
 * evaluations (~27 us per CDNOW customer; up to ~1 ms for parameters near
 * 1e-3 or 1e3).
 */
CSAT_API csat_status csat_btyd_dert(csat_btyd_model *m, double discount, const double *frequency,
                                    const double *recency, const double *T, size_t n,
                                    double *out);

/**
 * Simulate n new customers of the model (its fitted or set parameters),
 * customer i observed from its first purchase at time 0 for T[i] > 0 time
 * units (BG/BB: T[i] opportunities, a whole number in [1, 2^52]), as
 * lifetimes' generate_new_data: frequency[i] (repeat purchases x), recency[i]
 * (t_x, the time of the last one, 0 if none; BG/BB: the opportunity) and,
 * each may be NULL, latent (n x 2 row-major: the customer's true rates,
 * BG/NBD and MBG/NBD lambda (purchases per time unit) and p (drop-out
 * probability); Pareto/NBD lambda and mu (drop-out rate per time unit); GGom/NBD lambda and eta;
 * BG/BB p (purchase probability) and theta (death probability)) and alive
 * (1 if the customer is alive at T[i], BG/BB after the T[i] opportunities,
 * else 0). The rows are valid input for csat_btyd_fit.
 * Draws: customer i uses stream i of `seed` of a xoshiro256** generator whose
 * state lives in the call (no global state): the same seed gives the same
 * customer i whatever n is and on every platform (exact integer arithmetic,
 * IEEE operations and libm's log, exp and log1p only). O(1) draws per
 * customer (BG/BB: O(log T)), however many purchases: the purchase count
 * and the last purchase's time are drawn from their distributions (a
 * Poisson count; an order statistic, Beta-distributed), not purchase by
 * purchase. Time: ~1 us per customer. No memory.
 * Errors: CSAT_EINVAL (NULL m, T, frequency or recency; a T[i] not finite
 * and > 0, or for BG/BB not whole or above 2^52, its index in the message;
 * n x 2 doubles overflow), CSAT_EEMPTY (n = 0), CSAT_EMISUSE (no
 * parameters), CSAT_EDOM (a customer's drawn rate passes the double range
 * or would make more than 2^52 purchases over T[i]: parameters far out of
 * range); nothing is written on error.
 */
CSAT_API csat_status csat_btyd_simulate(csat_btyd_model *m, uint64_t seed, const double *T, size_t n,
                                        double *frequency, double *recency, double *latent,
                                        double *alive);

/**
 * Expected cumulative repeat transactions of a cohort over calendar time, as
 * lifetimes' expected_cumulative_transactions computes its "predicted"
 * column (Fader, Hardie & Lee 2005, "A note on implementing the Pareto/NBD
 * model in MATLAB", p. 8): customers are born (make their first purchase)
 * at birth[i], count[i] of them (finite, >= 0; the number of customers born
 * then), and
 *     out[j] = sum over i with birth[i] < t[j] of count[i] * E[X(t[j] - birth[i])],
 * E[X(t)] the expected repeat purchases of a new customer in t
 * (csat_btyd_expected_purchases_new). Times are in the model's time unit on
 * any common origin, finite (BG/BB: whole numbers); t in any order. The
 * incremental transactions of a period are differences of consecutive
 * out[j]. Cost: n_cohorts * n_t evaluations of E[X(t)]; sums compensated.
 * Errors: CSAT_EINVAL (NULL, a bad birth, count or t with its index in the
 * message, a difference t - birth that overflows, a size overflow),
 * CSAT_EEMPTY (no cohorts or no times), CSAT_EMISUSE (no parameters),
 * CSAT_EDOM (an expectation not finite: parameters beyond the kind's range);
 * out is written only on success.
 */
CSAT_API csat_status csat_btyd_expected_cumulative(csat_btyd_model *m, const double *birth,
                                                   const double *count, size_t n_cohorts,
                                                   const double *t, size_t n_t, double *out);

/**
 * A customer's P(alive) over time from its purchase times, as lifetimes'
 * calculate_alive_path: times (n_times >= 1, nondecreasing, finite; the
 * first is the customer's birth) and evaluation times at[j] >= times[0] (any
 * order). At each at[j] the customer's history is x = the purchases after
 * the first with times <= at[j] (each time counts once per entry, so
 * repeated times are repeated purchases), t_x = the last such time -
 * times[0] (0 if none), T = at[j] - times[0], and out[j] = P(alive | x, t_x,
 * T) as csat_btyd_p_alive. BG/BB: whole-number opportunities, purchases at
 * distinct opportunities after the first and at[j] > times[0].
 * lifetimes buckets the purchases into periods first (one per period with
 * any) and evaluates at periods 0..t: give those period numbers here.
 * Memory: 3 n_at doubles from the handle's allocator. Cost: as
 * csat_btyd_p_alive on n_at customers, plus O(n_at log n_times).
 * Errors: CSAT_EINVAL (NULL, times not finite or out of order, an at[j]
 * before the first purchase, BG/BB rows that are not valid, each with its
 * index in the message; a size overflow), CSAT_EEMPTY, CSAT_EMISUSE,
 * CSAT_ENOMEM; out is written only on success.
 */
CSAT_API csat_status csat_btyd_alive_path(csat_btyd_model *m, const double *times, size_t n_times,
                                          const double *at, size_t n_at, double *out);

/* ---- Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV") ---- */

typedef struct csat_spend_model csat_spend_model;

CSAT_API CSAT_WARN_UNUSED csat_status csat_spend_new(csat_spend_model **out, const csat_allocator *alloc);
CSAT_API void csat_spend_free(csat_spend_model *m);
CSAT_API const char *csat_spend_last_error(const csat_spend_model *m);
/**
 * Fit p, q, gamma on customers with frequency >= 1 (rows with frequency 0
 * are ignored): frequency a whole number up to 2^53, monetary_value (mean spend of the repeat
 * purchases) finite and > 0 where frequency >= 1. Needs 2 such customers
 * (CSAT_EINVAL). Weights scale the likelihood only and the spends' unit
 * only gamma: the estimates are the same at any common scale of either.
 * CSAT_EDOM when the data identify no estimate: every repeat buyer with
 * weight has the same (x, spend), or the fit ends with a parameter beyond
 * 1e6 times its scale (p, q: 1; gamma: the spends' geometric mean; it is
 * searched within 1e7 times; a start outside is moved inside); the fit
 * report is updated, the parameters are not (as on CSAT_ENOCONV).
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
 * Gamma-Gamma log-likelihood of a chunk of customers at params = {p, q,
 * gamma} (finite, > 0), in the caller's units (the density of each repeat
 * buyer's mean spend, weighted; as csat_spend_log_likelihood reports after a
 * fit), with its gradient (grad: 3, may be NULL) and Hessian (hess: 9,
 * row-major; may be NULL; differences of the gradient as in
 * csat_btyd_chunk_hessian). Rows as for csat_spend_fit; a chunk without
 * repeat buyers gives 0. Chunks add up to the whole data's: the map step of
 * a fit on partitioned data. Errors: CSAT_EINVAL (NULL params or ll, a
 * parameter not finite and > 0, a bad row), CSAT_EEMPTY (n = 0), CSAT_EDOM
 * (not finite at these parameters); nothing is written on error.
 */
CSAT_API csat_status csat_spend_chunk_loglik(const double *params, const double *frequency,
                                             const double *monetary_value, const double *weights,
                                             size_t n, double *ll, double *grad, double *hess,
                                             csat_error *err);
/**
 * E[Z | x, zbar]: conditional expected mean spend per transaction. For
 * frequency 0 it is the population mean p*gamma/(q-1) (CSAT_EDOM if q <= 1).
 * CSAT_EDOM also when p*x + q <= 1 or a mean exceeds DBL_MAX (out untouched).
 */
CSAT_API csat_status csat_spend_expected(csat_spend_model *m, const double *frequency,
                                         const double *monetary_value, size_t n, double *out);

/**
 * Simulate the mean spend per repeat purchase of n customers with the given
 * frequencies (whole numbers in [0, 2^52]) under the model's parameters
 * p, q, gamma: each customer's nu ~ Gamma(q, rate gamma), each spend
 * Gamma(p, rate nu), monetary_value[i] the mean of frequency[i] spends (0
 * for frequency 0, as lifetimes' summaries give), nu (may be NULL) the
 * customer's nu. Customer i uses stream i of `seed` (independent of
 * csat_btyd_simulate's streams for the same seed); portable as
 * csat_btyd_simulate; O(1) per customer however large the frequency.
 * Errors: CSAT_EINVAL (NULL m, frequency or monetary_value; a frequency not a
 * whole number in range, its index in the message; n overflows),
 * CSAT_EEMPTY (n = 0), CSAT_EMISUSE (no parameters), CSAT_EDOM (a spend or
 * nu leaves the range of normal doubles: parameters far out of range);
 * nothing is written on error.
 */
CSAT_API csat_status csat_spend_simulate(csat_spend_model *m, uint64_t seed, const double *frequency,
                                         size_t n, double *monetary_value, double *nu);

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
 * CSAT_EINVAL for bad options (also a horizon n_steps*step beyond DBL_MAX),
 * CSAT_EDOM when a CLV or the equity exceeds DBL_MAX (nothing written).
 * Threads: the purchase model's settings (csat_btyd_set_parallel).
 */
CSAT_API csat_status csat_clv(csat_btyd_model *purchases, csat_spend_model *spend,
                              const double *frequency, const double *recency, const double *T,
                              const double *monetary_value, size_t n,
                              const csat_clv_options *opts, double *out, double *equity);

/**
 * CLV on margin instead of revenue (issue 17): csat_clv times a margin per
 * customer -- margins[i] (finite, >= 0; the share of revenue that is profit,
 * e.g. from csat_customer_profit's margin) or, when margins is NULL, the same
 * margin_rate (finite, >= 0) for everyone. CLV is linear in the spend, so
 * this is the CLV of the expected gross profit. equity (may be NULL) is the
 * sum. Errors as csat_clv, plus CSAT_EINVAL for a bad margin (message on the
 * spend model, naming the customer); nothing written on error.
 */
CSAT_API csat_status csat_clv_margin(csat_btyd_model *purchases, csat_spend_model *spend,
                                     const double *frequency, const double *recency, const double *T,
                                     const double *monetary_value, size_t n,
                                     const csat_clv_options *opts, double margin_rate,
                                     const double *margins, double *out, double *equity);

/* ---- Prediction intervals (issue 15) ---- */

/*
 * Intervals on the predictions of a BTYD model (P(alive), conditional
 * expected purchases, DERT) and on CLV and customer equity (BTYD +
 * Gamma-Gamma), by one of three methods on theta = log(parameters):
 *
 *  - CSAT_INTERVAL_DELTA: the delta method. Cov(theta) is the inverse
 *    observed information of the (unpenalised) log-likelihood of the rows
 *    given, at the models' current parameters (csat_btyd_chunk_hessian,
 *    csat_spend_chunk_loglik; for CLV the two models' blocks are
 *    independent). The gradient of each prediction with respect to theta is
 *    numerical for every kind and quantity: Richardson-extrapolated central
 *    differences, G = (4 D(h/2) - D(h)) / 3 with D(h) = (f(theta + h e_j) -
 *    f(theta - h e_j)) / 2h and h = 1e-3, truncation error O(h^4) plus
 *    rounding ~1e-16 |f| / h: relative error ~1e-10. With the Hessian's own
 *    ~1e-9, the bounds agree with an independent mpmath computation (60
 *    digits, mp.diff; tests/reference/intervals_delta.py) to 1e-8 (BG/NBD
 *    on CDNOW). Analytic gradients replace the differences for P(alive)
 *    and E[X] of BG/NBD and MBG/NBD and for P(alive), E[X] and DERT of
 *    Pareto/NBD (src/btyd/btyd_intervals_grad.c; against mpmath to ~1e-11,
 *    tests/reference/intervals_grad.py; 3-4x faster for Pareto/NBD): the
 *    2F1 series of the BG/NBD E[X] differentiated term by term (rows where
 *    that series is not used -- a + b + x - 1 <= 0, t/(alpha+T+t) > 0.9, a
 *    within 0.05 of 1 -- differentiate that row numerically), the
 *    Pareto/NBD DERT's derivative of the incomplete gamma in its order by a
 *    difference. BG/NBD and MBG/NBD DERT: analytic under the integral over
 *    the drop-out probability (btyd_dert.c), but for the incomplete gamma's
 *    derivative in its order (a central difference at each node); against
 *    the numerical gradient to 1e-9. BG/BB, GGom/NBD (5 parameters: r,
 *    alpha, b, s, beta) and CLV keep the numerical gradient. The interval
 *    is taken on the logit scale for P(alive) and on the
 *    log scale for the positive quantities, so bounds stay in range: for
 *    f > 0, [f exp(-z se/f), f exp(z se/f)], se^2 = g' Cov g, z the normal
 *    quantile at (1 + level)/2. A prediction of exactly 0 or 1 (P(alive))
 *    gets a zero-width interval.
 *  - CSAT_INTERVAL_PARAMETRIC: n_draws parameter vectors theta + L z (L
 *    the Cholesky factor of Cov(theta) as above, z standard normal), the
 *    predictions recomputed for each; percentile interval (R's type-7
 *    quantiles at (1 -+ level)/2). Draw k uses stream k of `seed` of the
 *    library's stateless xoshiro256** generator: the same seed gives the
 *    same interval, on every run and platform (as csat_btyd_simulate).
 *  - CSAT_INTERVAL_RESAMPLE: the customer-resampling bootstrap (as
 *    CLVTools): the rows given are the fitting data; each replicate draws
 *    sum(weights) customers with replacement (a multinomial over the rows,
 *    as whole-number weights), refits the model(s) with the default options
 *    started from the current parameters (no standard errors), and
 *    recomputes the predictions on the original rows; percentile interval
 *    as above; seeded per replicate as above. 1,000 refits on CDNOW take
 *    ~3 s of CPU for BG/NBD, ~5 s for Pareto/NBD, ~9 s for CLV (both
 *    models refitted) (tests/bench/bench_intervals.c).
 *
 * The rows (frequency, recency, T; weights NULL = 1 each, finite >= 0,
 * whole numbers for CSAT_INTERVAL_RESAMPLE) are both the customers whose
 * predictions are returned and the data behind the covariance or the
 * refits. `total` (3 doubles: estimate, lower, upper; may be NULL) is the
 * interval of the weighted sum of the predictions over the rows (for CLV:
 * the customer equity). estimate, lower, upper (n doubles each) may be
 * NULL, but not all four outputs. A bootstrap draw whose parameters give no
 * prediction, or a replicate whose refit fails, is dropped; CSAT_ENOCONV if
 * more than half of the draws are dropped.
 * Memory from the handle's allocator: delta (np + 3) n doubles (np = the
 * kind's parameters, 4 or 5 for GGom/NBD, plus 3 for CLV); bootstraps (n_draws + 2) n + n_draws doubles; two scratch
 * handles. Cost: delta ~4 np + 1 prediction passes plus a Hessian;
 * bootstraps n_draws prediction passes (and refits).
 * Errors (messages on m, for CLV on spend): CSAT_EINVAL (NULL m, spend or
 * columns; all outputs NULL; an unknown method or quantity, a quantity the
 * kind does not predict, level not in (0, 1), n_draws not in [2, 1e7] for
 * the bootstraps, a bad weight, and every row or argument error of the
 * underlying prediction with its message), CSAT_EEMPTY (n = 0),
 * CSAT_EVERSION (opts), CSAT_EMISUSE (a model without parameters), CSAT_EDOM
 * (parameters outside [1e-15, 1e15], or an information matrix that is not
 * positive definite), CSAT_ENOCONV (see above), CSAT_ENOMEM. Outputs are
 * written only on success.
 */
typedef enum csat_interval_method {
    CSAT_INTERVAL_DELTA = 0,
    CSAT_INTERVAL_PARAMETRIC = 1,
    CSAT_INTERVAL_RESAMPLE = 2
} csat_interval_method;

/** The BTYD prediction of csat_btyd_intervals (arg: its argument). */
typedef enum csat_btyd_quantity {
    CSAT_PREDICT_P_ALIVE = 0,            /**< csat_btyd_p_alive; arg ignored */
    CSAT_PREDICT_EXPECTED_PURCHASES = 1, /**< csat_btyd_expected_purchases; arg = t */
    CSAT_PREDICT_DERT = 2                /**< csat_btyd_dert; arg = discount */
} csat_btyd_quantity;

typedef struct csat_interval_options {
    unsigned int version;
    csat_interval_method method; /**< default CSAT_INTERVAL_DELTA */
    double level;                /**< in (0, 1); default 0.95 */
    size_t n_draws;              /**< bootstraps: in [2, 1e7]; default 1000 */
    uint64_t seed;               /**< bootstraps; default 1 */
} csat_interval_options;

#define CSAT_INTERVAL_OPTIONS_VERSION 1
#define CSAT_INTERVAL_OPTIONS_INIT {CSAT_INTERVAL_OPTIONS_VERSION, CSAT_INTERVAL_DELTA, 0.95, 1000, 1}
CSAT_API csat_status csat_interval_options_init(csat_interval_options *opts, unsigned int version);

/** Intervals on a BTYD prediction per row (and on its weighted total); see above. */
CSAT_API csat_status csat_btyd_intervals(csat_btyd_model *m, csat_btyd_quantity what, double arg,
                                         const double *frequency, const double *recency,
                                         const double *T, const double *weights, size_t n,
                                         const csat_interval_options *opts, double *estimate,
                                         double *lower, double *upper, double *total);
/** Intervals on CLV per row (csat_clv with clv_opts, NULL = defaults) and on
 * the customer equity (equity: 3 doubles, the weighted sum); see above. */
CSAT_API csat_status csat_clv_intervals(csat_btyd_model *purchases, csat_spend_model *spend,
                                        const double *frequency, const double *recency,
                                        const double *T, const double *monetary_value,
                                        const double *weights, size_t n,
                                        const csat_clv_options *clv_opts,
                                        const csat_interval_options *opts, double *estimate,
                                        double *lower, double *upper, double *equity);

/* more intervals (issue 15 §4) */
/**
 * Intervals on P(X(T, T+t) = k | x, t_x, T) per row
 * (csat_btyd_prob_purchases_cond; t finite >= 0, k a whole number >= 0) and
 * on the weighted sum (the expected number of customers with exactly k
 * purchases), by the methods and with the rows, outputs, memory and errors
 * of csat_btyd_intervals (every kind csat_btyd_intervals takes). The delta
 * method's gradient is analytic for BG/NBD and MBG/NBD (closed forms but
 * for the negative binomial tail's derivative in r, a sum over its lighter
 * side) and for Pareto/NBD (but for Richardson differences of the dead
 * part in r and s; src/btyd/btyd_intervals_grad.c), numerical (Richardson,
 * as there) for BG/BB and GGom/NBD; its interval is on the logit scale
 * per row, on the log scale for the total. A new customer's P(X(t) = k):
 * a row x = t_x = T = 0 of weight 0 next to the data (it adds nothing to
 * the information or the total; continuous-time kinds: BG/BB rows need n
 * >= 1). Delta bounds against mpmath
 * (tests/reference/prob_intervals_mpmath.py): 1e-8.
 */
CSAT_API csat_status csat_btyd_prob_intervals(csat_btyd_model *m, double t, double k,
                                              const double *frequency, const double *recency,
                                              const double *T, const double *weights, size_t n,
                                              const csat_interval_options *opts, double *estimate,
                                              double *lower, double *upper, double *total);
/**
 * Intervals on the Gamma-Gamma expected spend E[Z | x, mean spend] per row
 * (csat_spend_expected) and on the weighted sum, by the methods of
 * csat_btyd_intervals on theta = log(p, q, gamma): the delta method with
 * the analytic gradient of (gamma + x m) p / (p x + q - 1) and the inverse
 * observed information of csat_spend_chunk_loglik on these rows (log
 * scale, so bounds stay positive), the parametric bootstrap, or the
 * customer-resampling bootstrap (csat_spend_fit refits). Rows: frequency,
 * monetary_value and weights as for csat_spend_fit and csat_spend_expected
 * (rows with frequency 0 get the population mean and add nothing to the
 * information). Outputs, memory (one scratch handle) and errors (messages
 * on m) as for csat_btyd_intervals; CSAT_EDOM also for p x + q <= 1.
 */
CSAT_API csat_status csat_spend_intervals(csat_spend_model *m, const double *frequency,
                                          const double *monetary_value, const double *weights, size_t n,
                                          const csat_interval_options *opts, double *estimate,
                                          double *lower, double *upper, double *total);

/* end: BTYD */

/* ======================================================================== */
/* BTYD with covariates (issue 15)                                          */
/* ======================================================================== */
/*
 * Pareto/NBD and BG/NBD with time-invariant customer covariates, as CLVTools
 * parametrises them (Fader & Hardie 2007, "Incorporating time-invariant
 * covariates into the Pareto/NBD and BG/NBD models"; CLVTools'
 * pnbd/bgnbd static covariates, src/bgnbd_LL.cpp):
 *   purchase process, both kinds:  alpha_i = alpha0 * exp(-gamma1' z1_i)
 *   dropout, Pareto/NBD:           beta_i  = beta0  * exp(-gamma2' z2_i)
 *   dropout, BG/NBD:               a_i = a0 * exp(gamma2' z2_i),
 *                                  b_i = b0 * exp(gamma2' z2_i)
 * so a positive gamma1 means more purchases, a positive gamma2 on
 * Pareto/NBD a shorter lifetime. Each process has its own covariate matrix
 * (row-major n x p1 and n x p2; p may be 0, the matrix then ignored). The
 * model's 4 parameters (csat_btyd_get_params) become the baseline (r,
 * alpha0, s, beta0) or (r, alpha0, a0, b0): the values of a customer whose
 * covariates are all 0. The coefficients belong to the handle: a later
 * csat_btyd_fit or csat_btyd_set_params that changes the parameters makes
 * them stale (the covariate functions then return CSAT_EMISUSE).
 * Only CSAT_BTYD_PARETO_NBD and CSAT_BTYD_BGNBD (CSAT_EINVAL for the other
 * kinds).
 */

typedef struct csat_btyd_cov_options {
    unsigned int version;
    /** L2 regularisation as CLVTools' reg.lambdas (trans, life): the fit
     * minimises -LL/n + lambda1 |gamma1|^2 + lambda2 |gamma2|^2 (the
     * constrained coefficients are not penalised). >= 0, finite; default 0. */
    double lambda1, lambda2;
    /** Equality constraints (CLVTools' names.cov.constr): for k <
     * n_constraints, gamma1[constrain1[k]] == gamma2[constrain2[k]] (one
     * coefficient for a covariate that acts on both processes). Each index
     * in range and used at most once. NULL with n_constraints = 0. */
    const size_t *constrain1, *constrain2;
    size_t n_constraints;
    /** Optimiser iterations (> 0), default 1000; convergence when max
     * |gradient of -LL/n| <= gtol * max(1, |LL/n|), (0, 1e-2], default 1e-9. */
    size_t max_iter;
    double gtol;
    /** Non-zero: standard errors from the Hessian (default 1). */
    int standard_errors;
} csat_btyd_cov_options;

#define CSAT_BTYD_COV_OPTIONS_VERSION 1
#define CSAT_BTYD_COV_OPTIONS_INIT {CSAT_BTYD_COV_OPTIONS_VERSION, 0.0, 0.0, NULL, NULL, 0, 1000, 1e-9, 1}
CSAT_API csat_status csat_btyd_cov_options_init(csat_btyd_cov_options *opts, unsigned int version);

/**
 * Maximum-likelihood fit with covariates, started from the plain model's fit
 * (on a strided subsample of 25,000 customers when there are 100,000 or
 * more) with every coefficient 0. Rows as for csat_btyd_fit (no weights).
 * Errors (message on m, naming the matrix, row and column): CSAT_EINVAL for
 * NULL z with p > 0, a NaN or infinite entry, a constant column (it is
 * confounded with alpha0 / the dropout baseline), a column that is a linear
 * combination of the constant and the earlier columns of its matrix, bad
 * options or constraints, an unsupported kind; CSAT_EDOM / CSAT_ENOCONV as
 * csat_btyd_fit (parameters and coefficients unchanged). With p1 = p2 = 0
 * the result is exactly csat_btyd_fit's. report (may be NULL) receives how
 * the optimiser ended; csat_btyd_log_likelihood then gives the model's LL
 * (its AIC/BIC count only the 4 baseline parameters: add 2 per free
 * coefficient, see csat_btyd_covariate_dims). Standard errors of the 4
 * baseline parameters (csat_btyd_standard_errors) and of the coefficients
 * come from the joint Hessian. Cost: the start's plain fit, then per optimiser
 * iteration one pass over the n customers (O(p1 + p2) each plus one plain
 * likelihood term), no grouping of identical rows; the Hessian 2 (4 + p)
 * more passes. Allocates the plain fit's O(n) and O((p1 + p2)^2) doubles.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_btyd_fit_covariates(
    csat_btyd_model *m, const double *frequency, const double *recency, const double *T, size_t n,
    const double *z1, size_t p1, const double *z2, size_t p2, const csat_btyd_cov_options *opts,
    csat_fit_report *report);

/** The widths p1, p2 of the current coefficients and the number of free
 * coefficients (p1 + p2 minus the constraints; any pointer may be NULL).
 * CSAT_EMISUSE without coefficients (or stale ones). */
CSAT_API csat_status csat_btyd_covariate_dims(const csat_btyd_model *m, size_t *p1, size_t *p2,
                                              size_t *n_free);
/** gamma1 then gamma2 (p1 + p2 values) into gamma, and their standard
 * errors into se (may be NULL; CSAT_EDOM if asked for and there are none).
 * CSAT_EBUFSIZE if cap < p1 + p2; CSAT_EMISUSE as csat_btyd_covariate_dims. */
CSAT_API csat_status csat_btyd_covariate_params(const csat_btyd_model *m, double *gamma, double *se,
                                                size_t cap);
/** Set coefficients by hand (gamma1 then gamma2, finite) for the model's
 * current parameters (csat_btyd_set_params first; CSAT_EMISUSE without).
 * No standard errors; n_free = p1 + p2. */
CSAT_API csat_status csat_btyd_set_covariate_params(csat_btyd_model *m, const double *gamma, size_t p1,
                                                    size_t p2);

typedef enum csat_btyd_cov_what {
    CSAT_BTYD_COV_P_ALIVE = 0,  /**< P(alive at T), arg unused */
    CSAT_BTYD_COV_EXPECTED = 1, /**< E[X(T, T+arg) | x, t_x, T], arg = t > 0 */
    CSAT_BTYD_COV_DERT = 2      /**< DERT at continuous discount rate arg >= 1e-9 (csat_btyd_dert) */
} csat_btyd_cov_what;

/**
 * Per-customer predictions with each customer's covariate rows: the plain
 * model's prediction (csat_btyd_p_alive, csat_btyd_expected_purchases,
 * csat_btyd_dert) at the customer's own parameters. With every z = 0 they
 * equal the plain model's exactly. p1, p2 must equal the fitted widths
 * (CSAT_EINVAL, saying both); rows as for csat_btyd_p_alive; CSAT_EDOM,
 * naming the customer, when an individual parameter leaves [1e-15, 1e15].
 * CLV: the per-step E[X] differences (CSAT_BTYD_COV_EXPECTED at the step
 * ends) times the expected spend, as csat_clv. out is written only on
 * success.
 */
CSAT_API csat_status csat_btyd_cov_predict(csat_btyd_model *m, csat_btyd_cov_what what, double arg,
                                           const double *frequency, const double *recency,
                                           const double *T, size_t n, const double *z1, size_t p1,
                                           const double *z2, size_t p2, double *out);

/* end: BTYD with covariates */

/* ======================================================================== */
/* Retention, survival, churn scoring, retention economics, CRM KPIs        */
/* ======================================================================== */

/* ---- sBG: shifted-beta-geometric contractual retention ------------------ */
/*
 * Fader & Hardie (2007), "How to project customer retention", J. Interactive
 * Marketing 21(1):76-90. A customer renews each period with a constant
 * probability 1 - theta; theta ~ Beta(alpha, beta) across customers. Time is
 * counted in whole periods: the lifetime T >= 1 is the period in which the
 * customer leaves, S(t) = P(T > t) = B(alpha, beta + t) / B(alpha, beta),
 * r(t) = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1).
 * The functions taking csat_sbg_params are pure: CSAT_EINVAL for NULL
 * pointers, parameters not finite and > 0, or t not a whole number in range;
 * outputs are written only on success.
 */

/** sBG parameters (both finite and > 0). */
typedef struct csat_sbg_params {
    double alpha;
    double beta;
} csat_sbg_params;

/** A fitted sBG model (opaque handle). */
typedef struct csat_sbg csat_sbg;

CSAT_API CSAT_WARN_UNUSED csat_status csat_sbg_new(csat_sbg **out, const csat_allocator *alloc);
CSAT_API void csat_sbg_free(csat_sbg *m);
/** Message of the last failed call on m ("" if none). */
CSAT_API const char *csat_sbg_last_error(const csat_sbg *m);

/**
 * Fit alpha and beta by maximum likelihood from survivor counts of one
 * cohort: survivors[0] is the cohort size (> 0), survivors[t] the number still
 * active after t periods; n >= 2. Counts are finite, >= 0 (fractional counts
 * are accepted as weights) and never increase. Those active at the last
 * period are right-censored. report may be NULL.
 * Errors: CSAT_EINVAL (NULL, NaN, negative, increasing counts), CSAT_EEMPTY
 * (n < 2 or an empty cohort), CSAT_EDOM (nobody ever leaves, or everybody
 * leaves in period 1: no finite MLE; or only period 1 is observed, n == 2,
 * which identifies alpha/(alpha+beta) but not alpha and beta; or standard
 * errors beyond the double range, for counts near the smallest doubles),
 * CSAT_ENOCONV, CSAT_ENOMEM.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_sbg_fit_survivors(csat_sbg *m, const double *survivors,
                                                             size_t n, csat_fit_report *report);

/**
 * Fit from per-customer durations in whole periods (integers >= 1, at most
 * 10^7): churned[i] = 1 if customer i left in period durations[i],
 * 0 if still active after durations[i] periods (right-censored). Same errors
 * as csat_sbg_fit_survivors; flags other than 0/1 are CSAT_EINVAL. Time and
 * memory follow n (distinct durations), not the longest duration.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_sbg_fit_durations(csat_sbg *m, const double *durations,
                                                             const double *churned, size_t n,
                                                             csat_fit_report *report);

/**
 * Fit from grouped durations: row i stands for counts[i] customers with
 * duration durations[i] and flag churned[i] (as in csat_sbg_fit_durations).
 * counts are finite and >= 0; fractional counts are accepted as weights.
 * Rows may repeat a (duration, flag) pair: they are added. The map / merge /
 * finish form for partitioned data: count customers per (duration, flag) in
 * each partition, add the counts, fit here; csat_sbg_fit_durations is this
 * function with every count 1 (the same code path, so the same result, to
 * the rounding of fractional counts' sums).
 * Errors: those of csat_sbg_fit_durations; CSAT_EINVAL also for counts NULL,
 * NaN, Inf or negative; CSAT_EEMPTY when every count is 0; CSAT_EDOM when the
 * counts add up beyond the double range.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_sbg_fit_duration_counts(csat_sbg *m,
                                                                   const double *durations,
                                                                   const double *churned,
                                                                   const double *counts, size_t n,
                                                                   csat_fit_report *report);

/** The fitted parameters (CSAT_EMISUSE before a fit or set). */
CSAT_API csat_status csat_sbg_get_params(const csat_sbg *m, csat_sbg_params *out);
/** Use given parameters instead of a fit (CSAT_EINVAL unless both finite and > 0). */
CSAT_API csat_status csat_sbg_set_params(csat_sbg *m, const csat_sbg_params *p);
/**
 * Standard errors of alpha and beta from the inverse observed information
 * (delta method from the log scale). CSAT_EMISUSE unless fitted (not set).
 */
CSAT_API csat_status csat_sbg_std_err(const csat_sbg *m, double *se_alpha, double *se_beta);

/** Log-likelihood of survivor counts (as in csat_sbg_fit_survivors) under p;
 * CSAT_EDOM if it is beyond the double range (counts near DBL_MAX). */
CSAT_API csat_status csat_sbg_log_likelihood(const csat_sbg_params *p, const double *survivors,
                                             size_t n, double *out, csat_error *err);

/** S(t) = P(T > t) for each t[i] (integers >= 0) into out[i]. */
CSAT_API csat_status csat_sbg_survival(const csat_sbg_params *p, const double *t, size_t n,
                                       double *out, csat_error *err);
/** Retention rate r(t) = S(t)/S(t-1) for each t[i] (integers >= 1) into out[i]. */
CSAT_API csat_status csat_sbg_retention(const csat_sbg_params *p, const double *t, size_t n,
                                        double *out, csat_error *err);
/** P(T = t): probability of leaving in period t (integers >= 1). */
CSAT_API csat_status csat_sbg_churn_pmf(const csat_sbg_params *p, const double *t, size_t n,
                                        double *out, csat_error *err);
/**
 * Expected lifetime E[T] = (alpha + beta - 1) / (alpha - 1) periods;
 * CSAT_EDOM if alpha <= 1 (the expectation is infinite) or E[T] is beyond
 * DBL_MAX.
 */
CSAT_API csat_status csat_sbg_expected_lifetime(const csat_sbg_params *p, double *out,
                                                csat_error *err);
/**
 * Discounted expected residual lifetime (Fader & Hardie 2010, Marketing
 * Science 29(1)) of a customer who has made n_renewals >= 0 renewals (is
 * active at the start of period n_renewals + 1) with discount rate d > 0 per
 * period:
 *   DERL = (beta+n)/(alpha+beta+n) * 2F1(1, beta+n+1; alpha+beta+n+1; 1/(1+d)),
 * the expected number of future renewal payments, each discounted, the
 * next renewal counted undiscounted (as in the paper). Replacing the leading
 * ratio by S(0) = 1 and n by -1 gives DEL (csat_sbg_del). Multiply by a
 * margin per period for the residual value. Any finite alpha, beta > 0,
 * d > 0 (1e-300 included) and whole n_renewals in 0..1e15; the value
 * lies in [0, (1+d)/d] (DEL in [1, (1+d)/d]); CSAT_EDOM only where it passes
 * DBL_MAX (alpha < 1 with d near 0, where DEL grows like d^(alpha-1)).
 * Relative accuracy 2e-14, or 2.5e-16 times |log d| or |log value| where
 * larger (1e-13 at d = 1e-299: the computation is in logarithms); ~0.3 ms per
 * call at most (a series where it provably ends within 2,000 terms,
 * otherwise a quadrature of E[(1+d)/(d+theta)], theta ~ Beta(alpha,
 * beta+n+1)).
 */
CSAT_API csat_status csat_sbg_derl(const csat_sbg_params *p, double discount, double n_renewals,
                                   double *out, csat_error *err);
/** Discounted expected lifetime of a new customer: DEL = 2F1(1, beta; alpha+beta; 1/(1+d)); d and errors as csat_sbg_derl. */
CSAT_API csat_status csat_sbg_del(const csat_sbg_params *p, double discount, double *out,
                                  csat_error *err);
/**
 * CLV of a new customer paying `margin` at the start of every period while
 * active: margin * DEL (margin finite; discount > 0); CSAT_EDOM where it
 * passes DBL_MAX.
 */
CSAT_API csat_status csat_sbg_clv(const csat_sbg_params *p, double margin, double discount,
                                  double *out, csat_error *err);

/* sBG intervals (issue 15 §4) */
/** The sBG prediction of csat_sbg_intervals. */
typedef enum csat_sbg_quantity {
    CSAT_SBG_SURVIVAL = 0,  /**< S(t), t[i] whole >= 0 (csat_sbg_survival) */
    CSAT_SBG_RETENTION = 1, /**< r(t), t[i] whole >= 1 (csat_sbg_retention) */
    CSAT_SBG_DEL = 2,       /**< DEL at discount (csat_sbg_del); t ignored (may be NULL), every output DEL */
    CSAT_SBG_DERL = 3       /**< DERL at discount with t[i] = n_renewals (csat_sbg_derl) */
} csat_sbg_quantity;
/**
 * Intervals on an sBG prediction at the model's parameters, for each t[i]
 * (n values), by the methods of csat_interval_options on theta =
 * log(alpha, beta): CSAT_INTERVAL_DELTA (covariance from the analytic
 * observed information of the data rows at the parameters, gradients by
 * Richardson-extrapolated differences as csat_btyd_intervals; logit scale
 * for S and r, log scale for DEL and DERL), CSAT_INTERVAL_PARAMETRIC (draws
 * from the asymptotic normal of theta, seeded as csat_btyd_intervals,
 * percentile intervals) or CSAT_INTERVAL_RESAMPLE (the cohort's customers
 * drawn with replacement, sum(counts) of them, as whole-number counts per
 * row, and the model refitted by csat_sbg_fit_duration_counts). The data
 * rows are those of csat_sbg_fit_duration_counts (durations whole in [1,
 * 1e7], churned 0/1, counts NULL = 1 each, finite >= 0, whole numbers for
 * resampling): pass the data the model was fitted to (survivor counts s[0..T]
 * are the rows (t, 1, s[t-1] - s[t]) for t = 1..T and (T, 0, s[T])).
 * discount (> 0) is used by DEL and DERL only. estimate, lower, upper (n
 * doubles each) may be NULL but not all three. Memory from m's allocator:
 * 5 n doubles (delta) or (n_draws + 2) n + n_rows doubles and a scratch
 * model (bootstraps). Errors (messages on m): CSAT_EINVAL (NULL m, t or
 * data; all outputs NULL; an unknown quantity or method, level not in (0,
 * 1), n_draws not in [2, 1e7], a bad row, a bad t[i] or discount with the
 * prediction's message), CSAT_EEMPTY (n = 0 or n_rows = 0), CSAT_EVERSION,
 * CSAT_EMISUSE (no parameters), CSAT_EDOM (parameters outside [1e-15,
 * 1e15], an information matrix that is not positive definite),
 * CSAT_ENOCONV (more than half of the draws dropped), CSAT_ENOMEM. Outputs
 * are written only on success.
 */
CSAT_API csat_status csat_sbg_intervals(csat_sbg *m, csat_sbg_quantity what, const double *t, size_t n,
                                        double discount, const double *durations, const double *churned,
                                        const double *counts, size_t n_rows,
                                        const csat_interval_options *opts, double *estimate,
                                        double *lower, double *upper);

/* ---- Kaplan-Meier survival curves and the log-rank test ---------------- */
/*
 * Reference: R's survival package, survfit() and survdiff() (the tests
 * reproduce them to 1e-10). Times are finite and >= 0 in any unit; an event
 * flag is 1 (the customer left at that time) or 0 (right-censored: still
 * active when last seen). Near-ties: times are distinct when their doubles
 * differ; libcsat does not merge times closer than R's ~1.5e-8 relative
 * tolerance (round the times first if they come from a lossy computation).
 */

/** Confidence interval for S(t); z is the normal quantile of conf_level, sigma the Greenwood SE of log S. */
typedef enum csat_km_conf_type {
    CSAT_KM_CONF_LOG = 0,    /**< S exp(+-z sigma), upper capped at 1 (R's default) */
    CSAT_KM_CONF_LOGLOG = 1, /**< exp(-exp(log(-log S) +- z sigma / log S)) */
    CSAT_KM_CONF_PLAIN = 2,  /**< S (1 +- z sigma), clipped to [0, 1] */
    CSAT_KM_CONF_NONE = 3    /**< lower = upper = S */
} csat_km_conf_type;

typedef struct csat_km_options {
    unsigned int version;
    csat_km_conf_type conf_type; /**< default CSAT_KM_CONF_LOG */
    double conf_level;           /**< in (0, 1); default 0.95 */
} csat_km_options;

#define CSAT_KM_OPTIONS_VERSION 1
#define CSAT_KM_OPTIONS_INIT {CSAT_KM_OPTIONS_VERSION, CSAT_KM_CONF_LOG, 0.95}
CSAT_API csat_status csat_km_options_init(csat_km_options *opts, unsigned int version);

/** A fitted Kaplan-Meier curve (opaque handle). */
typedef struct csat_km csat_km;

CSAT_API CSAT_WARN_UNUSED csat_status csat_km_new(csat_km **out, const csat_allocator *alloc);
CSAT_API void csat_km_free(csat_km *km);
/** Message of the last failed call on km ("" if none). */
CSAT_API const char *csat_km_last_error(const csat_km *km);

/**
 * Fit the curve to n durations. events[i] is 0 or 1; weights may be NULL
 * (all 1) or finite and > 0 (case weights: counts become sums of weights).
 * Tied times are grouped (events before censorings at the same time, as
 * usual). Integer times spanning a range not much larger than n are
 * bucketed in O(n); other times are radix-sorted. With threads
 * (csat_km_set_parallel) the sort and the per-time counts run over fixed
 * blocks of rows (each per-time sum still adds its rows in row order), so
 * the curve is the same bits at any setting; the threaded counting borrows
 * about 16 bytes per row more.
 * Errors: CSAT_EINVAL (NULL, negative/NaN/Inf time, flag not 0/1, weight
 * <= 0 or not finite, bad options), CSAT_EEMPTY (n == 0), CSAT_EDOM (the
 * weights of the rows used sum past DBL_MAX: the at-risk counts would not
 * be doubles; S does not depend on the weights' scale, so divide them by a
 * common factor; likewise when the Greenwood variance of a time with S > 0
 * passes DBL_MAX, for subnormal weights: multiply them), CSAT_EVERSION,
 * CSAT_ENOMEM. The previous fit is kept on error.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_km_fit(csat_km *km, const double *times,
                                                  const double *events, const double *weights,
                                                  size_t n, const csat_km_options *opts);
/**
 * Same, for the rows with groups[i] == group only (one curve of a grouped
 * analysis; groups, n values, is required). CSAT_EEMPTY if no row has that
 * group.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_km_fit_group(csat_km *km, const double *times,
                                                        const double *events, const double *weights,
                                                        const uint64_t *groups, uint64_t group,
                                                        size_t n, const csat_km_options *opts);

/** Number of distinct times (rows of the table) of the fit; CSAT_EMISUSE before a fit. */
CSAT_API csat_status csat_km_size(const csat_km *km, size_t *n_times);

/**
 * The survival table, one row per distinct time (events or censorings), as
 * R's survfit: time, number at risk, events, censored, S(t), the Greenwood
 * standard error of S(t) (what summary.survfit prints), and the interval.
 * Any column pointer may be NULL; cap must be >= csat_km_size all the same,
 * even when every pointer is NULL (else CSAT_EBUFSIZE, nothing written). Where S = 0 the log and log-log
 * intervals are [0, 0] (R: NA); where S = 1 the log-log one is [1, 1].
 */
CSAT_API csat_status csat_km_table(const csat_km *km, double *time, double *n_risk,
                                   double *n_event, double *n_censor, double *survival,
                                   double *std_err, double *lower, double *upper, size_t cap);

/** Median survival and its interval (from the interval curves), as R's print.survfit. */
typedef struct csat_km_median {
    double median, lower, upper; /**< 0 where the matching *_found flag is 0 */
    int median_found;            /**< 0: the curve never falls to 0.5 (R: NA) */
    int lower_found, upper_found;
} csat_km_median;

/** Median with R's rule: the first time S <= 0.5; if S is 0.5 exactly (to 1.5e-8) over an interval, its midpoint. */
CSAT_API csat_status csat_km_median_survival(const csat_km *km, csat_km_median *out);

/**
 * Restricted mean survival time up to tau (finite, > 0): the area under S
 * on [0, tau], and its standard error as R's print.survfit(rmean = tau).
 * se may be NULL. CSAT_EDOM (nothing written) if se is asked for and
 * exceeds DBL_MAX (tau near DBL_MAX with tiny weights).
 */
CSAT_API csat_status csat_km_restricted_mean(const csat_km *km, double tau, double *rmean,
                                             double *se);

/** S(t) of the step function at each t[i] (finite, >= 0): right-continuous. */
CSAT_API csat_status csat_km_survival_at(const csat_km *km, const double *t, size_t n, double *out);

/**
 * Log-rank test (R's survdiff, rho = 0) between groups 0..n_groups-1
 * (n_groups >= 2, every group non-empty). observed and expected (may be
 * NULL) receive n_groups event counts; *chisq the statistic, *df = n_groups-1,
 * *p_value its chi-square upper tail. Scratch memory from alloc (NULL = libc).
 * Errors: CSAT_EINVAL (as csat_km_fit; group >= n_groups), CSAT_EEMPTY (an
 * empty group), CSAT_EDOM (no events at all), CSAT_ENOMEM.
 */
CSAT_API csat_status csat_km_logrank(const double *times, const double *events,
                                     const uint64_t *groups, size_t n, size_t n_groups,
                                     double *observed, double *expected, double *chisq,
                                     double *df, double *p_value, const csat_allocator *alloc,
                                     csat_error *err);

/* ---- Cox proportional hazards --------------------------------------------- */
/*
 * h(t | x) = h0_s(t) exp(x'b) per stratum s, fitted by maximising the
 * partial likelihood with Newton-Raphson and step halving, as R's
 * survival::coxph (coxph.control defaults: eps 1e-9, iter.max 20; the fit
 * stops when |1 - LL_old / LL_new| <= eps). Ties by Efron (default) or
 * Breslow. Right-censored data (stop only) or counting-process data
 * (entry, stop]: left truncation and time-varying covariates (one row per
 * interval). Reference: R's survival::coxph (tests: survival's lung,
 * veteran and ovarian data and the telco data; coefficients, standard
 * errors (plain and robust), log-likelihoods and the three tests to 1e-6).
 */

/** How tied event times enter the partial likelihood. */
typedef enum csat_cox_ties {
    CSAT_COX_EFRON = 0,  /**< Efron's approximation (R's default) */
    CSAT_COX_BRESLOW = 1 /**< Breslow's approximation */
} csat_cox_ties;

typedef struct csat_cox_options {
    unsigned int version;
    csat_cox_ties ties; /**< default CSAT_COX_EFRON */
    int robust;         /**< 1: also the robust sandwich variance (always with cluster ids); default 0 */
    size_t max_iter;    /**< Newton iterations, >= 1; default 20 (R's iter.max) */
    double eps;         /**< relative change of LL that ends the fit, in (0, 1e-2]; default 1e-9 (R's eps) */
    /** Version 2 (issue 15): 1 (the default) keeps a copy of the fit's input
     * on the handle (n_rows x (n_cols + 2..4) doubles, and the strata and
     * cluster ids when given; csat_cox_data_get) for csat_cox_zph,
     * csat_cox_zph_resid and the bootstrap (csat_cox_boot_*); 0 keeps none
     * (coefficients, statistics and predictions only: those calls then
     * give CSAT_EMISUSE, their message saying the fit was made with
     * keep_data = 0). 0 or 1. Read only when version >= 2: a version-1
     * struct (without this field) keeps the data. */
    int keep_data;
} csat_cox_options;

#define CSAT_COX_OPTIONS_VERSION 2
#define CSAT_COX_OPTIONS_INIT {CSAT_COX_OPTIONS_VERSION, CSAT_COX_EFRON, 0, 20, 1e-9, 1}
/** The defaults of version `version` (1 or 2): writes only that version's
 * fields (a version-1 struct is shorter). CSAT_EINVAL (NULL), CSAT_EVERSION. */
CSAT_API csat_status csat_cox_options_init(csat_cox_options *opts, unsigned int version);

/** A fitted Cox model (opaque handle). */
typedef struct csat_cox csat_cox;

CSAT_API CSAT_WARN_UNUSED csat_status csat_cox_new(csat_cox **out, const csat_allocator *alloc);
CSAT_API void csat_cox_free(csat_cox *m);
/** Message of the last failed call on m ("" if none). */
CSAT_API const char *csat_cox_last_error(const csat_cox *m);

/**
 * Fit on n_rows rows: X (n_rows x n_cols, row-major, finite, n_cols >= 1),
 * stop (the duration or the interval's end: finite, >= 0), events (1 = the
 * customer left at stop, 0 = censored). Optional columns (NULL = none):
 * entry (the interval's start, finite, < stop: counting-process data; a
 * row is at risk at the event times t with entry < t <= stop), strata
 * (codes; each stratum has its own baseline hazard), weights (case
 * weights, finite, > 0), cluster (ids of the customers whose rows are
 * correlated: the robust variance sums their score residuals; implies
 * robust). report (may be NULL) receives the Newton iterations, the
 * partial log-likelihood and max |score| at the end.
 * Errors (the message names the column and row): CSAT_EINVAL (NULL, NaN
 * or Inf, events not 0/1, stop < 0, stop <= entry, weights <= 0, bad
 * options, size overflow), CSAT_EEMPTY (no rows), CSAT_EDOM (no events; a
 * stratum without events; a column constant within strata or collinear
 * with the columns before it; monotone likelihood: a coefficient diverging
 * to +-infinity, as R warns "coefficient may be infinite"), CSAT_ENOCONV
 * (max_iter reached), CSAT_ENOMEM. The previous fit is kept on error.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_cox_fit(csat_cox *m, const double *X, size_t n_rows,
                                                   size_t n_cols, const double *entry,
                                                   const double *stop, const double *events,
                                                   const uint64_t *strata, const double *weights,
                                                   const uint64_t *cluster,
                                                   const csat_cox_options *opts,
                                                   csat_fit_report *report);
/** Number of coefficients (n_cols of the fit); CSAT_EMISUSE before a fit. */
CSAT_API csat_status csat_cox_n_coef(const csat_cox *m, size_t *n_coef);
/**
 * Coefficients, standard errors (inverse information) and robust standard
 * errors (sandwich; NaN when the fit was not robust); any may be NULL;
 * cap >= n_coef (CSAT_EBUFSIZE). CSAT_EMISUSE before a fit.
 */
CSAT_API csat_status csat_cox_coef(const csat_cox *m, double *coef, double *std_err,
                                   double *robust_se, size_t cap);

/** What a Cox fit tests and measures (csat_cox_stats). */
typedef struct csat_cox_stats {
    double ll_null;      /**< partial log-likelihood at b = 0 */
    double ll;           /**< at the fit */
    double lr, lr_p;     /**< likelihood-ratio test 2 (ll - ll_null), chi-square df */
    double wald, wald_p; /**< Wald test b' I b (with the robust variance when robust) */
    double score, score_p; /**< score (log-rank) test at b = 0 */
    double df;           /**< n_coef */
    double n;            /**< rows */
    double n_events;     /**< rows with events = 1 */
    double concordance;  /**< Harrell's C as R's concordance() in summary(coxph) (weighted, by stratum) */
    size_t iterations;   /**< Newton iterations */
    int converged;       /**< 1 */
    int robust;          /**< 1 if wald uses the robust variance */
} csat_cox_stats;

/** The fit's statistics; CSAT_EINVAL (NULL), CSAT_EMISUSE (no fit). */
CSAT_API csat_status csat_cox_stats_get(const csat_cox *m, csat_cox_stats *stats);
/**
 * Set a model by hand, as if fitted (to copy or load one): n_coef >= 1
 * finite coefficients, their standard errors (finite, >= 0), robust ones
 * (NULL = not known: NaN) and the statistics, stored as given (*stats is
 * not checked: it is what csat_cox_stats_get returns). Errors: CSAT_EINVAL
 * (NULL m, coef, std_err or stats, n_coef = 0, a bad value with its index
 * in the message, size overflow), CSAT_ENOMEM; the previous model stays on
 * error.
 */
CSAT_API csat_status csat_cox_set_fit(csat_cox *m, const double *coef, const double *std_err,
                                      const double *robust_se, size_t n_coef,
                                      const csat_cox_stats *stats);

/* ---- Cox: the data a fit keeps (issue 15) -------------------------------- */
/*
 * csat_cox_fit keeps a copy of its input on the handle (unless the options
 * say keep_data = 0) for csat_cox_zph, csat_cox_zph_resid and the
 * bootstrap (csat_cox_boot_*). A model set by csat_cox_set_fit (a copy, a
 * loaded model) has none until csat_cox_set_data gives it: with the
 * coefficients, statistics and baseline of the fit (csat_cox_set_fit,
 * csat_cox_set_baseline) and these data, every call gives the fitted
 * model's results bit for bit (the tests, the residuals and the bootstrap
 * bounds for the same seed).
 */
/** A fit's input, in the caller's row order (the order given to
 * csat_cox_fit), and the options its resampling refits use. */
typedef struct csat_cox_data {
    size_t n_rows;          /**< rows, >= 1 (the fit's stats.n) */
    size_t n_cols;          /**< covariates, = n_coef */
    const double *X;        /**< n_rows x n_cols, row-major, finite */
    const double *entry;    /**< n_rows interval starts (< stop), or NULL: no (entry, stop] data */
    const double *stop;     /**< n_rows, finite, >= 0 */
    const double *events;   /**< n_rows, 0 or 1 (their sum is the fit's stats.n_events) */
    const uint64_t *strata; /**< n_rows stratum codes, or NULL: no strata */
    const double *weights;  /**< n_rows case weights (finite, > 0), or NULL: all 1 */
    const uint64_t *cluster; /**< n_rows cluster ids, or NULL: none (the resampling bootstrap draws clusters) */
    csat_cox_ties ties;     /**< the fit's ties */
    size_t max_iter;        /**< the fit's max_iter (>= 1) */
    double eps;             /**< the fit's eps, in (0, 1e-2] */
} csat_cox_data;

/**
 * Views of the data m keeps (out's pointers point into the handle: valid
 * until the next fit, csat_cox_set_fit, csat_cox_set_data or
 * csat_cox_free; do not free them). CSAT_EINVAL (NULL), CSAT_EMISUSE (not
 * fitted, a fit made with keep_data = 0, or a model set by
 * csat_cox_set_fit without csat_cox_set_data). out untouched on error.
 */
CSAT_API csat_status csat_cox_data_get(const csat_cox *m, csat_cox_data *out);
/**
 * Give a model its fit's data (what csat_cox_data_get returned from the
 * fitted model): copied (n_rows x (n_cols + 2..4) doubles, and the strata
 * and cluster ids when given; the caller keeps its arrays). Checked as
 * csat_cox_fit checks its input (the message names the column and row),
 * and against the model: n_cols equal to n_coef, n_rows and the number of
 * events equal to its stats' n and n_events, strata given exactly when its
 * baseline (if any) has strata. The coefficients, statistics and baseline
 * are not changed (that the data are the ones they were fitted on is the
 * caller's promise: only the counts are compared). Errors (message on m):
 * CSAT_EINVAL (NULL m or d, NULL X, stop or events, NaN or Inf, events not
 * 0/1, stop < 0, entry >= stop, weights <= 0, bad ties, max_iter or eps, a
 * size overflow, counts unlike the model's), CSAT_EEMPTY (n_rows = 0),
 * CSAT_EDOM (a constant column, a stratum without events), CSAT_EMISUSE
 * (no coefficients yet: csat_cox_set_fit or a fit first), CSAT_ENOMEM; the
 * previous data stay on error.
 */
CSAT_API csat_status csat_cox_set_data(csat_cox *m, const csat_cox_data *d);

/* ---- Cox: the proportional-hazards test (issue 15) ---------------------- */
/*
 * The test of proportional hazards on the scaled Schoenfeld residuals, as
 * R's survival::cox.zph (survival >= 3.0, checked against 3.5.3): for each
 * covariate j the score test, at the fitted coefficients, of adding
 * x_j g(t) to the model (chi-square, 1 df), and the global test of adding
 * all of them (n_coef df); g is the transform of the event times, centred
 * on its mean over the events. Strata and case weights enter as in the
 * fit (each covariate is its own term: cox.zph(fit, terms = FALSE) for
 * factors; csat_cox_zph_terms tests a term's columns together, R's default
 * terms = TRUE). docs/theory/cox.rst, 20.6. The test needs the fit's
 * data: csat_cox_fit keeps a copy on the handle (n_rows x (n_cols + 2..4)
 * doubles, and the strata and cluster ids when given) unless its options
 * say keep_data = 0; a model set by csat_cox_set_fit (copied or loaded)
 * has none until csat_cox_set_data gives it.
 */
/** The time transform g(t) of csat_cox_zph (R's transform argument). */
typedef enum csat_cox_zph_transform {
    CSAT_COX_ZPH_KM = 0,       /**< 1 - S(t-), S the Kaplan-Meier estimate of all rows, unweighted and unstratified (R's default "km") */
    CSAT_COX_ZPH_RANK = 1,     /**< rank of t among all rows' stop times, ties averaged ("rank") */
    CSAT_COX_ZPH_IDENTITY = 2, /**< t ("identity") */
    CSAT_COX_ZPH_LOG = 3       /**< log t; event times must be > 0 ("log") */
} csat_cox_zph_transform;

/**
 * The tests: chisq and p_value receive n_coef + 1 values (cap >= n_coef +
 * 1, else CSAT_EBUFSIZE): one per covariate (1 df), then the global test
 * (n_coef df). Errors (message on m): CSAT_EINVAL (NULL m, chisq or
 * p_value; unknown transform; size overflow), CSAT_EMISUSE (not fitted, a
 * fit made with keep_data = 0, or set by csat_cox_set_fit without
 * csat_cox_set_data: no data), CSAT_EDOM (log of an event
 * time 0; transformed event times all equal), CSAT_ENOMEM.
 */
CSAT_API csat_status csat_cox_zph(csat_cox *m, csat_cox_zph_transform transform, double *chisq,
                                  double *p_value, size_t cap);
/**
 * The scaled Schoenfeld residuals and what plot(cox.zph) draws them
 * against, one row per event (stats.n_events rows, cap >= that, else
 * CSAT_EBUFSIZE), ordered by stratum, then time ascending (ties by row):
 * resid (events x n_coef, row-major) = b + (I / d)^-1 r with r the
 * Schoenfeld residual, I the information and d the events (by stratum as
 * R: NaN for a covariate constant within the event's stratum); ttime the
 * transformed time g(t) (not centred), time the event time, row the row of
 * the fit's input. Any output may be NULL. Errors as csat_cox_zph.
 */
CSAT_API csat_status csat_cox_zph_resid(csat_cox *m, csat_cox_zph_transform transform,
                                        double *resid, double *ttime, double *time, size_t *row,
                                        size_t cap);
/**
 * The tests per model term, as R's cox.zph(fit, terms = TRUE) (its
 * default): the columns of one term (a factor's dummy columns, a spline
 * basis) are tested together, the score test of adding x_j g(t) for all j
 * of the term at once (df = the term's column count): u' V^-1 u with u the
 * term's scores of x g(t) and V the block of the term's x g(t) in the
 * inverse information of (all x, the term's x g(t)); not a sum of the
 * columns' 1-df tests. term_of_col[j] is the term of column j (n_cols =
 * the fit's n_coef), numbered 0..n_terms-1 without gaps, in any order (a
 * term's columns need not be adjacent); each column its own term gives
 * csat_cox_zph's values. A column constant within a stratum adds nothing to
 * that stratum's information, here as in R (R's special case for such a
 * term concerns only its scaled residuals, not returned here).
 * chisq, df and p_value receive n_terms + 1 values (cap >= n_terms + 1,
 * else CSAT_EBUFSIZE): one per term, then the global test (n_coef df, the
 * same as csat_cox_zph's). df may be NULL. docs/theory/cox.rst, 20.6.
 * Errors (message on m): as csat_cox_zph, and CSAT_EINVAL for a NULL
 * term_of_col, n_cols unlike the fit's, a term number >= n_cols or a term
 * without a column (the message names the column, or the empty term and
 * a column of a higher one).
 */
CSAT_API csat_status csat_cox_zph_terms(csat_cox *m, csat_cox_zph_transform transform,
                                        const size_t *term_of_col, size_t n_cols, double *chisq,
                                        double *df, double *p_value, size_t cap);
/* ---- Cox prediction: baseline hazard, survival, median, RMST (issue 15) --- */
/*
 * After a fit the handle keeps what R's survfit.coxph needs: per stratum,
 * at each distinct event time t_k, the baseline cumulative hazard H0(t_k)
 * at the covariate means (R's basehaz(fit), centered; Efron-adjusted when
 * the fit used Efron ties, Breslow's otherwise, as survfit's default
 * ctype), the cumulated hazard variance term sum varhaz and the cumulated
 * xbar dH0 (p values); and the fit's means and variance matrix (the robust
 * one when the fit was robust, as R's fit$var). For a new row x (centred:
 * xc = x - means, r = exp(xc'b)): H(t|x) = H0(t) r, S = exp(-H),
 * Var H = (sum varhaz + d'Vd) r^2 with d = H0(t) xc - xbar(t); bounds as
 * survfit's conf.type. Theory: docs/theory/cox.rst, 20.7. Reference: R's
 * survival::survfit(coxph, newdata) and summary(..., rmean = h)$table.
 */

/** The baseline a fit keeps (csat_cox_baseline_get gives views into the
 * handle, valid until the next fit, set or free; csat_cox_set_baseline copies). */
typedef struct csat_cox_baseline {
    size_t n_coef;        /**< p, equal to the fit's */
    size_t n_strata;      /**< >= 1 */
    size_t n_times;       /**< event times over all strata, >= n_strata */
    int has_strata;       /**< 1: the fit had strata (prediction needs codes) */
    const uint64_t *strata;       /**< n_strata codes, strictly ascending (0 without strata) */
    const size_t *stratum_start;  /**< n_strata + 1: stratum s is [start[s], start[s+1]); start[0] = 0 */
    const double *times;  /**< n_times: distinct event times, finite, >= 0, strictly ascending within a stratum */
    const double *cumhaz; /**< n_times: H0 at the means, > 0, nondecreasing within a stratum */
    const double *cumvar; /**< n_times: cumulated variance term, >= 0, nondecreasing */
    const double *xbar;   /**< n_times x n_coef: cumulated xbar dH0 (centred covariates) */
    const double *means;  /**< n_coef: the fit's (weighted) column means */
    const double *var;    /**< n_coef x n_coef: the coefficients' variance (robust if robust) */
    /** n_times each, or both NULL (not available: csat_cox_predict_rmst_se then fails): the
     * numbers at risk and of events at each event time of its stratum, as survfit.coxph's
     * n.risk and n.event (weighted by the case weights; of (start, stop] rows: those with
     * start < t <= stop); 0 < n_event <= n_risk. A fit sets them (NULL only when the
     * weights sum past the double range). */
    const double *n_risk;
    const double *n_event;
} csat_cox_baseline;

/** Views of the baseline of m. CSAT_EINVAL (NULL), CSAT_EMISUSE (no fit,
 * a model set by csat_cox_set_fit without csat_cox_set_baseline, or a fit
 * whose baseline hazard overflows the double range: the fit stands). */
CSAT_API csat_status csat_cox_baseline_get(const csat_cox *m, csat_cox_baseline *out);
/**
 * Give a model set by csat_cox_set_fit the baseline of a saved fit (what
 * csat_cox_baseline_get returned): copied. Errors (named in the message):
 * CSAT_EMISUSE (no coefficients yet), CSAT_EINVAL (NULL, n_coef unlike the
 * fit's, n_strata = 0, n_times < n_strata, starts not from 0 to n_times
 * ascending with each stratum non-empty, codes not strictly ascending,
 * has_strata = 0 with more than one stratum, a value that is not finite,
 * times < 0 or not strictly ascending within a stratum, cumhaz <= 0 or
 * decreasing, cumvar < 0, one of n_risk and n_event NULL and not the other,
 * a count not finite or not 0 < n_event <= n_risk, a size overflow),
 * CSAT_ENOMEM; the previous baseline stays on error. n_risk and n_event
 * NULL (a baseline saved before they existed) are accepted: everything
 * but csat_cox_predict_rmst_se works.
 */
CSAT_API csat_status csat_cox_set_baseline(csat_cox *m, const csat_cox_baseline *b);

/** survfit's conf.type for the survival bounds. */
typedef enum csat_cox_conf_type {
    CSAT_COX_CONF_LOG = 0,    /**< exp(log S -+ z se(H)), upper capped at 1 (R's default) */
    CSAT_COX_CONF_LOGLOG = 1, /**< exp(-exp(log H -+ z se(H) / H)) ("log-log") */
    CSAT_COX_CONF_PLAIN = 2   /**< S -+ z S se(H), clipped to [0, 1] ("plain") */
} csat_cox_conf_type;

/**
 * Survival of n_rows new customers X (n_rows x n_cols row-major, n_cols =
 * the fit's, finite) at n_times times (finite, >= 0, any order): surv
 * (n_rows x n_times, row-major) = exp(-H0_s(t) r). strata: one code per row
 * when the fit had strata (each must be a fitted stratum), NULL otherwise.
 * std_err (may be NULL): the standard error of S as summary(survfit)'s
 * std.err (S se(H)). lower, upper (both or neither): bounds at level in
 * (0, 1) by conf; where se(H) = 0 (before the first event), S = 0 (log) or
 * S = 1 (log-log) the bounds equal S (R gives NA there). Errors (named
 * with row and column): CSAT_EINVAL (NULL, n_cols unlike the fit's, NaN or
 * Inf in X, a time < 0 or not finite, level not in (0, 1), an unknown conf,
 * strata missing or given wrongly, a size overflow), CSAT_EDOM (a stratum
 * code the fit did not have; r overflows), CSAT_EMISUSE (no baseline),
 * CSAT_EEMPTY (n_rows or n_times = 0). Outputs untouched on error.
 */
CSAT_API csat_status csat_cox_predict_survival(csat_cox *m, const double *X, size_t n_rows,
                                               size_t n_cols, const uint64_t *strata,
                                               const double *times, size_t n_times, double level,
                                               csat_cox_conf_type conf, double *surv,
                                               double *std_err, double *lower, double *upper);

/** csat_cox_predict_median's value for a curve that stays above 1/2. */
#define CSAT_COX_NOT_REACHED (-1.0)
/**
 * Median survival time of each new row, as print(survfit(fit, newdata)):
 * the first event time where S < 1/2 (+ 1.5e-8, R's tolerance), or the
 * midpoint to the next lower step when S equals 1/2 there. A curve that
 * stays above 1/2 gives CSAT_COX_NOT_REACHED (-1) and reached[i] = 0
 * (reached may be NULL; 1 otherwise). Errors as csat_cox_predict_survival.
 */
CSAT_API csat_status csat_cox_predict_median(csat_cox *m, const double *X, size_t n_rows,
                                             size_t n_cols, const uint64_t *strata,
                                             double *median, int *reached);
/**
 * Restricted mean survival time of each new row up to horizon (finite,
 * > 0): the integral of S from 0 to horizon, as summary(survfit(fit,
 * newdata), rmean = horizon)$table's rmean. Errors as
 * csat_cox_predict_survival, and CSAT_EINVAL for horizon <= 0 or not finite.
 */
CSAT_API csat_status csat_cox_predict_rmst(csat_cox *m, const double *X, size_t n_rows,
                                           size_t n_cols, const uint64_t *strata, double horizon,
                                           double *rmst);
/**
 * The restricted mean survival time of each new row up to horizon with its
 * standard error, both in the units of the fit's times, as summary(survfit(
 * fit, newdata), rmean = horizon)$table's rmean and se(rmean) (R's
 * survmean): rmst as csat_cox_predict_rmst (the same bits); with A_k the
 * area under the row's curve S from the event time t_k to horizon and
 * n.risk, n.event the stratum's counts at t_k (csat_cox_baseline's n_risk,
 * n_event), std_err^2 = sum over t_k <= horizon of n.event / (n.risk
 * (n.risk - n.event)) A_k^2 (terms with n.risk = n.event are 0). This is
 * R's formula, a Kaplan-Meier-style (Greenwood) variance of the area: its
 * weights come from the stratum's counts alone (the row enters through
 * its curve's areas) and it ignores the coefficients' variance, as R does. A
 * horizon before the stratum's first event time gives std_err 0 (R
 * refuses a horizon below the curve's first time). Normal bounds are rmst
 * -+ z std_err. rmst, std_err: n_rows doubles each (required). Theory:
 * docs/theory/cox.rst, 20.9. Reference: R 4.2.2 / survival 3.5.3,
 * tests/reference/cox_rmst.R. Errors (message on m): as
 * csat_cox_predict_rmst; CSAT_EINVAL (rmst or std_err NULL), CSAT_EMISUSE
 * (a baseline set without n_risk and n_event), CSAT_EDOM (the standard
 * error overflows), CSAT_ENOMEM (scratch: p + 2 n_rows doubles, n_times and the
 * largest stratum's event times). Outputs
 * untouched on error.
 */
CSAT_API csat_status csat_cox_predict_rmst_se(csat_cox *m, const double *X, size_t n_rows,
                                              size_t n_cols, const uint64_t *strata,
                                              double horizon, double *rmst, double *std_err);

/**
 * Median survival time of each new row with its confidence bounds, as
 * print(survfit(fit, newdata, conf.type)) shows them (0.95LCL, 0.95UCL):
 * R's survmean takes the times where the lower and the upper survival
 * bounds of csat_cox_predict_survival (level, conf) cross 1/2, by the rule
 * of csat_cox_predict_median (the first event time where the curve is
 * below 1/2 + 1.5e-8, the midpoint to the next lower step when it equals
 * 1/2 there). median, lower, upper: n_rows doubles each (required);
 * CSAT_COX_NOT_REACHED (-1) where that curve stays above 1/2 (R: NA; the
 * upper bound often). Scratch: 3 doubles per event time of the largest
 * stratum and 2 p. Errors as csat_cox_predict_survival (level not in (0,
 * 1), an unknown conf; NULL outputs: CSAT_EINVAL). Reference: R 4.2.2 /
 * survival 3.5.3, tests/reference/cox_median_ci.R. Outputs untouched on
 * error.
 */
CSAT_API csat_status csat_cox_predict_median_ci(csat_cox *m, const double *X, size_t n_rows,
                                                size_t n_cols, const uint64_t *strata, double level,
                                                csat_cox_conf_type conf, double *median,
                                                double *lower, double *upper);

/* ---- Cox: bootstrap intervals of survival (issue 15 §4) ------------------ */
/*
 * Percentile bounds of S(t | x) for new rows from the fit's kept data
 * (docs/theory/cox.rst, 20.8). Parametric: n_draws coefficient vectors
 * b* ~ N(b, V) (V the variance survfit uses: the robust one when the fit
 * was robust), the baseline hazard recomputed from the fit's data at each
 * b* (Efron's or Breslow's as the fit), S* = exp(-H0*(t) exp((x -
 * means)'b*)). Resampling: n_draws bootstrap samples of the fit's rows (of
 * its clusters, all rows of a drawn cluster, when the fit had cluster ids;
 * strata, weights and entry times travel with the rows), each refitted with
 * the fit's ties, max_iter and eps (point estimates only: the robust
 * variance is not computed) and predicted. Bounds: R's type-7 quantiles of
 * the draws at (1 -+ level)/2. Draw r uses stream r of seed, so the same
 * seed gives the same bounds. A draw that fails (a resample whose refit
 * fails: no events, a stratum without events or a stratum a new row needs
 * missing, a constant column, monotone likelihood or no convergence; a
 * risk that overflows) is dropped and counted in *n_failed (may be NULL).
 * lower, upper: n_rows x n_times, row-major; other arguments as
 * csat_cox_predict_survival. Errors (message on m): as
 * csat_cox_predict_survival, CSAT_EINVAL (unknown method, n_draws < 2 or
 * > 1e6, lower or upper NULL, a size overflow), CSAT_EMISUSE (no data: a
 * fit made with keep_data = 0, or a model set by csat_cox_set_fit without
 * csat_cox_set_data), CSAT_EDOM (V not positive definite; fewer
 * than 2 draws succeeded), CSAT_ENOMEM. Outputs untouched on error.
 */
/** How csat_cox_boot_survival draws. */
typedef enum csat_cox_boot_method {
    CSAT_COX_BOOT_PARAMETRIC = 0, /**< coefficients from N(b, V), baseline recomputed */
    CSAT_COX_BOOT_RESAMPLE = 1    /**< rows (clusters) resampled with replacement, refitted */
} csat_cox_boot_method;

CSAT_API csat_status csat_cox_boot_survival(csat_cox *m, const double *X, size_t n_rows,
                                            size_t n_cols, const uint64_t *strata,
                                            const double *times, size_t n_times, double level,
                                            csat_cox_boot_method method, size_t n_draws,
                                            uint64_t seed, double *lower, double *upper,
                                            size_t *n_failed);
/**
 * The same percentile bounds for the restricted mean survival time of each
 * new row up to horizon (csat_cox_predict_rmst; lower, upper: n_rows
 * doubles), by the same draws (the same seed gives the same draws of b* or
 * of rows as csat_cox_boot_survival). Errors as csat_cox_boot_survival, and
 * CSAT_EINVAL for horizon <= 0 or not finite.
 */
CSAT_API csat_status csat_cox_boot_rmst(csat_cox *m, const double *X, size_t n_rows, size_t n_cols,
                                        const uint64_t *strata, double horizon, double level,
                                        csat_cox_boot_method method, size_t n_draws, uint64_t seed,
                                        double *lower, double *upper, size_t *n_failed);

/* ---- Logistic regression churn model ------------------------------------ */
/*
 * P(churn | x) = 1 / (1 + exp(-(b0 + x'b))) fitted by Newton-Raphson (IRLS)
 * with an optional ridge (L2) penalty (l2/2) * sum b_j^2 on the slopes (not
 * the intercept). Reference: R's glm(family = binomial) (tests: the Telco
 * churn data, coefficients and log-likelihood to 1e-8).
 */

typedef struct csat_logistic_options {
    unsigned int version;
    double l2;          /**< ridge penalty >= 0 on the slopes; default 0 (plain MLE) */
    int fit_intercept;  /**< 1 (default): add an intercept; 0: none */
    size_t max_iter;    /**< Newton iterations; default 50 */
    double tol;         /**< stop when the Newton decrement <= tol * (|LL| + 1); default 1e-12 */
} csat_logistic_options;

#define CSAT_LOGISTIC_OPTIONS_VERSION 1
#define CSAT_LOGISTIC_OPTIONS_INIT {CSAT_LOGISTIC_OPTIONS_VERSION, 0.0, 1, 50, 1e-12}
CSAT_API csat_status csat_logistic_options_init(csat_logistic_options *opts, unsigned int version);

/** A fitted logistic churn model (opaque handle). */
typedef struct csat_logistic csat_logistic;

CSAT_API CSAT_WARN_UNUSED csat_status csat_logistic_new(csat_logistic **out,
                                                        const csat_allocator *alloc);
CSAT_API void csat_logistic_free(csat_logistic *m);
/** Message of the last failed call on m ("" if none). */
CSAT_API const char *csat_logistic_last_error(const csat_logistic *m);

/**
 * Fit on X (n_rows x n_cols, row-major, finite; n_cols may be 0 with an
 * intercept) and outcomes y (0 = stayed, 1 = churned). Needs
 * n_rows > number of coefficients. report may be NULL.
 * Errors: CSAT_EINVAL (NULL, NaN/Inf, y not 0/1, bad options, size
 * overflow), CSAT_EEMPTY (no rows), CSAT_EDOM (one outcome class only,
 * collinear columns, or separable data: fitted probabilities numerically
 * 0 or 1 and no finite MLE; set l2 > 0), CSAT_ENOCONV, CSAT_ENOMEM.
 * The previous fit is kept on error.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_logistic_fit(csat_logistic *m, const double *X,
                                                        size_t n_rows, size_t n_cols,
                                                        const double *y,
                                                        const csat_logistic_options *opts,
                                                        csat_fit_report *report);
/** Number of coefficients (intercept first if fitted); CSAT_EMISUSE before a fit. */
CSAT_API csat_status csat_logistic_n_coef(const csat_logistic *m, size_t *n_coef);
/**
 * Coefficients and standard errors (square roots of the diagonal of the
 * inverse (penalised) information matrix); either may be NULL; cap >= n_coef
 * (CSAT_EBUFSIZE). CSAT_EDOM for std_err of a model set by
 * csat_logistic_set_coef without them.
 */
CSAT_API csat_status csat_logistic_coef(const csat_logistic *m, double *coef, double *std_err,
                                        size_t cap);
/** Log-likelihood (without the penalty) and AIC = -2 LL + 2 n_coef; either may be NULL.
 * CSAT_EDOM for a model set by csat_logistic_set_coef without a log-likelihood. */
CSAT_API csat_status csat_logistic_log_likelihood(const csat_logistic *m, double *log_likelihood,
                                                  double *aic);
/** Churn probabilities of n_rows new rows (n_cols must match the fit). */
CSAT_API csat_status csat_logistic_predict(const csat_logistic *m, const double *X, size_t n_rows,
                                           size_t n_cols, double *prob);
/** The fitted model's shape: n_cols (predictor columns; n_coef = n_cols + 1
 * with an intercept) and fit_intercept (1 or 0); either may be NULL.
 * CSAT_EINVAL (NULL m), CSAT_EMISUSE (no fit). */
CSAT_API csat_status csat_logistic_shape(const csat_logistic *m, size_t *n_cols, int *fit_intercept);
/**
 * Set a model by hand, as if fitted (to copy or load one): n_coef finite
 * coefficients for n_cols predictor columns, n_coef = n_cols + 1 (the
 * intercept first) or n_coef = n_cols (no intercept), n_coef >= 1. std_err
 * (may be NULL) holds n_coef standard errors, finite and >= 0;
 * log_likelihood (may be NULL) points to a value in [-DBL_MAX/4, 0] (so that
 * its AIC is a double). Without them,
 * csat_logistic_coef asked for std_err and csat_logistic_log_likelihood
 * give CSAT_EDOM (the coefficients and predictions are available).
 * Errors: CSAT_EINVAL (NULL m or coef, sizes that do not match, a bad value
 * with its index in the message, a size overflow), CSAT_ENOMEM (one
 * allocation of 2 n_coef doubles); the previous model stays on error.
 */
CSAT_API csat_status csat_logistic_set_coef(csat_logistic *m, const double *coef,
                                            const double *std_err, size_t n_coef, size_t n_cols,
                                            const double *log_likelihood);
/**
 * The map step of a fit on partitioned rows: for a chunk of n_rows rows (X
 * and y as for csat_logistic_fit) at coefficients coef (n_coef = n_cols +
 * fit_intercept, intercept first), its log-likelihood *ll (unpenalised),
 * score (n_coef: the gradient of ll) and information matrix info (n_coef x
 * n_coef, row-major: sum of p(1-p) x x', the negative Hessian). Chunks add
 * up to the whole data's; a driver takes the Newton step b + (I + P)^-1
 * (score - P b) with P = l2 on the slopes' diagonal, as csat_logistic_fit
 * does, and the inverse information at the end gives its standard errors.
 * Scratch of n_coef (n_coef + 1) doubles from alloc (NULL = libc).
 * Errors: CSAT_EINVAL (NULL, NaN/Inf in X or coef, y not 0/1, n_coef not
 * n_cols + fit_intercept, fit_intercept not 0/1, size overflow), CSAT_EEMPTY
 * (n_rows = 0), CSAT_EDOM (a value not finite at these coefficients),
 * CSAT_ENOMEM; nothing is written on error.
 */
CSAT_API csat_status csat_logistic_chunk_score(const double *X, size_t n_rows, size_t n_cols,
                                               const double *y, int fit_intercept, const double *coef,
                                               size_t n_coef, double *ll, double *score, double *info,
                                               const csat_allocator *alloc, csat_error *err);

/*
 * Case weights and inference (issue 15). Weights are frequency weights, as
 * glm's `weights =`: a row of weight w counts as w copies of itself in the
 * log-likelihood sum_i w_i log L_i, its score and its information; a row of
 * weight 0 is left out (also of the separation check and of the degrees of
 * freedom, as glm does). The L2 penalty is on that weighted sum's scale:
 * csat_logistic_fit maximises sum_i w_i log L_i - (l2/2) sum_{j>=1} b_j^2,
 * the intercept b_0 not penalised (glmnet's lambda with its weights
 * normalised to sum to N is l2 / N). Reference: R 4.2.2 glm(binomial) on the
 * Telco data with integer and fractional weights, and an independent
 * penalised Newton in R (tests/reference/logistic_glm.R), to 1e-8.
 */

/**
 * csat_logistic_fit with case weights: weights (n_rows values, finite,
 * >= 0; NULL = every row 1). Needs more rows of positive weight than
 * coefficients and, with an intercept or l2 = 0, both outcomes among them.
 * Errors as csat_logistic_fit, plus CSAT_EINVAL (a negative, NaN or infinite
 * weight, its row in the message; weights summing past 1e300) and
 * CSAT_EEMPTY (every weight 0). Separable data (among the rows of positive
 * weight) give CSAT_EDOM with the message "fitted probabilities numerically
 * 0 or 1 ...", as glm warns, rather than huge coefficients; set l2 > 0.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_logistic_fit_weighted(
    csat_logistic *m, const double *X, size_t n_rows, size_t n_cols, const double *y,
    const double *weights, const csat_logistic_options *opts, csat_fit_report *report);
/**
 * glm's deviances of the last fit: null_deviance (-2 LL of the intercept-only
 * model, the weighted churn rate; without an intercept of p = 1/2 for every
 * row), deviance (-2 LL at the estimates, unpenalised), df_null (rows of
 * positive weight minus the intercept) and df_residual (rows of positive
 * weight minus n_coef); any may be NULL. The AIC of
 * csat_logistic_log_likelihood, -2 LL + 2 n_coef, is glm's for integer
 * weights (glm rounds non-integer ones in its AIC); with l2 > 0 it counts
 * n_coef parameters, not effective degrees of freedom.
 * CSAT_EINVAL (NULL m), CSAT_EMISUSE (no fit), CSAT_EDOM (a model set by
 * csat_logistic_set_coef, which has no data).
 */
CSAT_API csat_status csat_logistic_deviance(const csat_logistic *m, double *null_deviance,
                                            double *deviance, double *df_null,
                                            double *df_residual);
/**
 * Wald inference, as R's summary.glm and confint.default: z = b / se, the
 * two-sided normal p-value 2 P(Z > |z|) (accurate to the smallest normal
 * double, e.g. 1e-155), and the interval b -+ q se with q the normal
 * quantile of (1 + level) / 2, for level in (0, 1) (0.95: 95% bounds). Any
 * output may be NULL; each has cap >= n_coef values (CSAT_EBUFSIZE). With
 * l2 > 0 the standard errors are those of the penalised information (see
 * csat_logistic_coef), so the tests and bounds are approximate.
 * CSAT_EINVAL (NULL m, level outside (0, 1), cap overflowing), CSAT_EMISUSE
 * (no fit), CSAT_EDOM (standard errors unknown or 0, or b / se overflows:
 * models set by csat_logistic_set_coef).
 */
CSAT_API csat_status csat_logistic_wald(const csat_logistic *m, double level, double *z,
                                        double *p_value, double *lower, double *upper,
                                        size_t cap);
/**
 * csat_logistic_chunk_score with case weights (n_rows values, finite, >= 0;
 * NULL = every row 1): ll, score and info are the weighted sums, so chunks
 * of csat_logistic_fit_weighted's rows add up to its. A chunk whose weights
 * are all 0 contributes zeros. Errors as csat_logistic_chunk_score, plus
 * CSAT_EINVAL for a negative, NaN or infinite weight (argument "weights",
 * its row).
 */
CSAT_API csat_status csat_logistic_chunk_score_weighted(
    const double *X, size_t n_rows, size_t n_cols, const double *y, const double *weights,
    int fit_intercept, const double *coef, size_t n_coef, double *ll, double *score, double *info,
    const csat_allocator *alloc, csat_error *err);

/* ---- Evaluating churn scores --------------------------------------------- */
/*
 * Scores are any finite numbers where higher means more likely to churn
 * (e.g. predicted probabilities); y holds the observed outcomes (0/1).
 * Functions that sort take an allocator for scratch memory (NULL = libc).
 */

/** ROC AUC (Mann-Whitney, ties count 1/2). CSAT_EDOM if y has one class only. */
CSAT_API csat_status csat_churn_auc(const double *scores, const double *y, size_t n, double *auc,
                                    const csat_allocator *alloc, csat_error *err);

/** Confusion counts at a threshold: predicted churn when score >= threshold. */
typedef struct csat_confusion {
    double tp, fp, tn, fn;
    double accuracy, precision, recall, specificity; /**< 0 where a denominator is 0 */
} csat_confusion;
CSAT_API csat_status csat_churn_confusion(const double *scores, const double *y, size_t n,
                                          double threshold, csat_confusion *out, csat_error *err);

/**
 * Lift and gains by quantile bin (n_bins >= 1, e.g. 10 for deciles) of
 * customers ranked by descending score (ties in input order); bin b holds
 * ranks [b*n/n_bins, (b+1)*n/n_bins). Per bin (each column may be NULL,
 * else n_bins long): size, churners, churn rate, lift (rate / overall
 * rate), cumulative gain (share of all churners in bins 0..b) and
 * cumulative lift. CSAT_EDOM if there are no churners; CSAT_EINVAL if
 * n_bins > n.
 */
CSAT_API csat_status csat_churn_lift(const double *scores, const double *y, size_t n,
                                     size_t n_bins, double *size, double *churners,
                                     double *rate, double *lift, double *cum_gain,
                                     double *cum_lift, const csat_allocator *alloc,
                                     csat_error *err);

/** A retention campaign's economics (Neslin et al. 2006, J. Marketing Research 43(2):204-211). */
typedef struct csat_campaign {
    double customer_value;  /**< value of a retained customer (CLV), >= 0 */
    double contact_cost;    /**< cost of contacting one customer, >= 0 */
    double incentive_cost;  /**< cost of the offer to a customer who accepts it, >= 0 */
    double acceptance_rate; /**< share of would-be churners the offer retains, in [0, 1] */
    double fixed_cost;      /**< cost of running the campaign at all, >= 0 */
} csat_campaign;

/**
 * Expected profit of contacting the top b/n_bins of customers by score, for
 * b = 1..n_bins, into profit[b-1]: with N targeted customers of whom a
 * share beta are churners (observed y),
 *   N [beta gamma (V - c - delta) + beta (1 - gamma)(-c) + (1 - beta)(-c - delta)] - A
 * (non-churners accept the offer too). best_bins (may be NULL) receives the
 * b with the highest profit (0 if no campaign beats doing nothing).
 * CSAT_EDOM (nothing written) if a profit is beyond the double range.
 */
CSAT_API csat_status csat_churn_campaign_profit(const double *scores, const double *y, size_t n,
                                                const csat_campaign *campaign, size_t n_bins,
                                                double *profit, size_t *best_bins,
                                                const csat_allocator *alloc, csat_error *err);

/* ---- Retention economics and closed-form CLV ---------------------------- */
/*
 * Rates are per period as fractions: retention r in [0, 1], discount i > -1,
 * growth g > -1. Money amounts are finite (any currency). A perpetuity needs
 * r (1 + g) < 1 + i: otherwise CSAT_EDOM. A result beyond the double range
 * (e.g. a margin of 1e308 over a tenure of 10 periods) is CSAT_EDOM too.
 * Outputs are untouched on error.
 */

/** When the margin of a period is received. */
typedef enum csat_clv_timing {
    CSAT_CLV_END_OF_PERIOD = 0,  /**< first margin after one period, if retained (Gupta-Lehmann) */
    CSAT_CLV_START_OF_PERIOD = 1 /**< first margin now, for certain */
} csat_clv_timing;

/** Default cost of winning a customer relative to keeping one (TARP; docs/theory/loyalty.rst, 8.1). */
#define CSAT_ECON_ACQUISITION_COST_RATIO 5.0

/** Gupta & Lehmann margin multiple r / (1 + i - r). */
CSAT_API csat_status csat_econ_margin_multiple(double retention, double discount, double *out,
                                               csat_error *err);

/**
 * Gupta & Lehmann (2003) infinite-horizon CLV with constant retention and a
 * margin growing at g per period, minus acquisition_cost (>= 0; 0 for an
 * existing customer):
 *   end of period:   m r / (1 + i - r (1 + g)) - AC
 *   start of period: m (1 + i) / (1 + i - r (1 + g)) - AC
 */
CSAT_API csat_status csat_econ_clv_gupta_lehmann(double margin, double retention, double discount,
                                                 double growth, double acquisition_cost,
                                                 csat_clv_timing timing, double *out,
                                                 csat_error *err);

/**
 * Berger & Nasr (1998, J. Interactive Marketing 12(1):17-30) case 1: yearly
 * gross contribution gc (received now and at each renewal), promotion cost
 * m_cost spent mid-year, over n_years (0 = infinite horizon; at most 10^7):
 *   gc sum_{k=0..n} r^k/(1+d)^k - m_cost sum_{k=1..n} r^(k-1)/(1+d)^(k-0.5).
 * Equation and example (gc 260, m_cost 50, r 0.75, d 0.20, n 10 -> 568.78) as
 * transcribed in docs/theory/clv.rst, 10.2, not yet checked against the paper's page.
 * It equals csat_econ_clv_retention of n + 1 margins gc at the start of each
 * period minus sqrt(1 + d) times that of n margins m_cost at the end
 * (tested). gc and m_cost may have either sign. CSAT_EINVAL for NaN/Inf, r
 * outside [0, 1], d <= -1 or n_years > 10^7; CSAT_EDOM for n_years = 0 with
 * r >= 1 + d.
 *
 * Only case 1 is provided. The paper's cases 2-5 (purchase cycles other than
 * a year, time-varying contribution, retention as a function of promotion
 * spending, customer migration) are not: their equations could not be read
 * from any source available to us, and libcsat does not ship guessed
 * formulas. Until they are, price such schedules with csat_econ_clv_survival.
 */
CSAT_API csat_status csat_econ_clv_berger_nasr(double gc, double m_cost, double retention,
                                               double discount, size_t n_years, double *out,
                                               csat_error *err);

/**
 * General discounted CLV with a survival curve (docs/theory/clv.rst, 10.3):
 *   -AC + sum_t margin[t] survival[t] / (1 + i)^(t + 1)  (end of period, t = 0..T-1)
 *   -AC + sum_t margin[t] survival[t] / (1 + i)^t        (start of period)
 * survival[t] in [0, 1] is the probability of being a customer when
 * margin[t] is earned (any model: sBG, Kaplan-Meier, r^t, ...).
 */
CSAT_API csat_status csat_econ_clv_survival(const double *margin, const double *survival, size_t T,
                                            double discount, double acquisition_cost,
                                            csat_clv_timing timing, double *out, csat_error *err);

/**
 * The same with constant retention: survival[t] = r^t (margin[0] earned for
 * sure, at the end of the first period with CSAT_CLV_END_OF_PERIOD).
 */
CSAT_API csat_status csat_econ_clv_retention(const double *margin, size_t T, double retention,
                                             double discount, double acquisition_cost,
                                             csat_clv_timing timing, double *out, csat_error *err);

/**
 * Payback period: the smallest whole T >= 0 with
 * sum_{t=1..T} m r^(t-1) / (1 + i)^t >= AC (discounted != 0; else without
 * the discount factor). *found = 0 (and *periods = 0) when it never pays
 * back (the infinite-horizon sum stays below AC).
 */
CSAT_API csat_status csat_econ_payback(double margin, double retention, double discount,
                                       double acquisition_cost, int discounted, double *periods,
                                       int *found, csat_error *err);

/**
 * Customer equity: the CLVs of the n_current customers plus future cohorts
 * of new_customers[k] (k = 0..K-1, acquired at the end of period k + 1)
 * worth clv_new - acquisition_cost each, discounted (Blattberg & Deighton 1996).
 */
CSAT_API csat_status csat_econ_customer_equity(const double *clv_current, size_t n_current,
                                               const double *new_customers, size_t K,
                                               double clv_new, double acquisition_cost,
                                               double discount, double *out, csat_error *err);

/** What a change of retention does (Reichheld & Sasser 1990 arithmetic). */
typedef struct csat_retention_effect {
    double lifetime_before, lifetime_after; /**< expected tenure 1 / (1 - r) in periods (0 if r = 1) */
    double clv_before, clv_after;           /**< Gupta-Lehmann CLV net of acquisition cost */
    double profit_uplift;                   /**< clv_after / clv_before - 1 */
    double base_ratio;                      /**< steady-state customer base after / before */
} csat_retention_effect;

/**
 * Effect of moving retention from r_before to r_after (both < 1) for a
 * customer with margin m (end of period), discount i and acquisition cost:
 * e.g. churn 10% -> 5% doubles the tenure; the profit uplift follows from
 * the CLV, it is not a constant. CSAT_EDOM if clv_before <= 0.
 */
CSAT_API csat_status csat_econ_retention_effect(double margin, double r_before, double r_after,
                                                double discount, double acquisition_cost,
                                                csat_retention_effect *out, csat_error *err);

/** Replacing lost customers versus keeping them. */
typedef struct csat_replacement {
    double new_per_lost;     /**< new customers needed to replace the value of one lost one */
    double replacement_cost; /**< acquisition cost of replacing all lost customers */
    double retention_cost;   /**< cost of keeping them instead: AC / cost_ratio each */
    double savings;          /**< replacement_cost - retention_cost */
} csat_replacement;

/**
 * n_lost customers each worth clv_lost; a new customer is worth clv_new
 * (before its acquisition cost AC); keeping costs AC / cost_ratio
 * (cost_ratio > 0; CSAT_ECON_ACQUISITION_COST_RATIO = 5 by default).
 * new_per_lost = clv_lost / (clv_new - AC); CSAT_EDOM if clv_new <= AC.
 */
CSAT_API csat_status csat_econ_replacement(double n_lost, double clv_lost, double clv_new,
                                           double acquisition_cost, double cost_ratio,
                                           csat_replacement *out, csat_error *err);

/* ---- CRM KPIs ------------------------------------------------------------- */

/** Period KPIs from counts (docs/theory/retention.rst, 9). */
typedef struct csat_kpi_rates {
    double retention_rate;   /**< (E - N) / S */
    double churn_rate;       /**< 1 - retention */
    double acquisition_rate; /**< N / S */
} csat_kpi_rates;

/**
 * From S customers at the start (> 0), N new during the period and E at the
 * end (all counts >= 0, N <= E, E - N <= S). CSAT_EEMPTY if S == 0,
 * CSAT_EDOM if N / S is beyond the double range.
 */
CSAT_API csat_status csat_kpi_rates_from_counts(double start, double new_customers, double end,
                                                csat_kpi_rates *out, csat_error *err);

/* ---- Cohort retention tables and CRM KPIs from transactions -------------- */
/*
 * Both take raw transactions as columns: ids[i] bought at times[i] (finite,
 * >= 0, any unit) for amounts[i] (finite, >= 0; NULL = all 0). Any order;
 * several transactions per customer and period are fine. Scratch memory
 * comes from alloc (NULL = libc). (Wrappers that read a csat_customers store
 * will follow once the store is implemented.)
 */

typedef struct csat_cohort_options {
    unsigned int version;
    double period; /**< period length (> 0, finite); default 1 */
    double origin; /**< start of period 0; NaN (default) = the earliest transaction time */
} csat_cohort_options;

#define CSAT_COHORT_OPTIONS_VERSION 1
#define CSAT_COHORT_OPTIONS_INIT {CSAT_COHORT_OPTIONS_VERSION, 1.0, NAN}
CSAT_API csat_status csat_cohort_options_init(csat_cohort_options *opts, unsigned int version);

/**
 * Acquisition-cohort table. A customer's cohort is the period of their first
 * transaction, period p = floor((t - origin) / period) (origin must not be
 * after any transaction); offset k = periods since acquisition. The data
 * span n_periods = last period + 1 cohorts. Row-major n_cohorts x n_offsets
 * matrices (any may be NULL): active[c][k] customers of cohort c with a
 * transaction in period c + k, revenue[c][k] their amounts, retention =
 * active / cohort size, revenue_retention = revenue / revenue[c][0]
 * (0 when that is 0). cohort_start[c] (origin + c period) and
 * cohort_size[c] are n_cohorts long (may be NULL). Cells after the last
 * period (c + k >= n_periods) and empty cohorts are 0. *n_periods (may be
 * NULL) receives n_periods. CSAT_EBUFSIZE (with *n_periods set, nothing
 * else written) if n_cohorts < n_periods; n_offsets >= 1 may be smaller
 * than n_periods (later offsets are left out).
 * Errors: CSAT_EINVAL, CSAT_EEMPTY (n == 0), CSAT_EVERSION, CSAT_ENOMEM,
 * CSAT_EDOM (nothing written) when a revenue sum, a revenue ratio or a
 * cohort start is beyond the double range.
 */
CSAT_API csat_status csat_cohort_table(const uint64_t *ids, const double *times,
                                       const double *amounts, size_t n,
                                       const csat_cohort_options *opts, size_t n_cohorts,
                                       size_t n_offsets, double *cohort_start, double *cohort_size,
                                       double *active, double *revenue, double *retention,
                                       double *revenue_retention, size_t *n_periods,
                                       const csat_allocator *alloc, csat_error *err);

/** CRM KPIs between two dates (docs/theory/retention.rst, 9). */
typedef struct csat_kpi_report {
    double start_customers;    /**< S: active at t1 */
    double new_customers;      /**< N: first transaction in (t1, t2] */
    double end_customers;      /**< E: active at t2 */
    double retained;           /**< active at both t1 and t2 */
    double lost;               /**< active at t1, not at t2 */
    double retention_rate;     /**< retained / S (0 if S = 0) */
    double churn_rate;         /**< lost / S (0 if S = 0) */
    double new_customer_rate;  /**< N / S (0 if S = 0) */
    double upgraded;           /**< retained customers whose spend tier rose */
    double upgrade_rate;       /**< upgraded / retained customers below the top tier at t1 */
    double buyers;             /**< customers with a transaction in (t1, t2] */
    double revenue;            /**< amounts in (t1, t2] */
    double average_profitability; /**< revenue / buyers (0 if none) */
} csat_kpi_report;

/**
 * KPIs between t1 < t2. A customer is active at t when they bought at or
 * before t and within (t - lost_after, t] (lost_after > 0: "lost" = no
 * purchase for lost_after). Spend tier at t: the number of tier_bounds
 * (n_bounds >= 0, ascending) that the spend in (t - lost_after, t] reaches
 * (spend >= bound). ladder (may be NULL, n_bounds + 1 long) receives the
 * number of customers active at t2 per tier. CSAT_EDOM (nothing written)
 * when the revenue sums past DBL_MAX.
 */
CSAT_API csat_status csat_kpi_between(const uint64_t *ids, const double *times,
                                      const double *amounts, size_t n, double t1, double t2,
                                      double lost_after, const double *tier_bounds,
                                      size_t n_bounds, double *ladder, csat_kpi_report *out,
                                      const csat_allocator *alloc, csat_error *err);

/* ---- The same, read from a csat_customers store -------------------------- */

/** csat_cohort_table over every transaction of the store c (same outputs and errors). */
CSAT_API csat_status csat_cohort_table_customers(const csat_customers *c,
                                                 const csat_cohort_options *opts,
                                                 size_t n_cohorts, size_t n_offsets,
                                                 double *cohort_start, double *cohort_size,
                                                 double *active, double *revenue,
                                                 double *retention, double *revenue_retention,
                                                 size_t *n_periods, const csat_allocator *alloc);

/** csat_kpi_between over every transaction of the store c (same outputs and errors). */
CSAT_API csat_status csat_kpi_between_customers(const csat_customers *c, double t1, double t2,
                                                double lost_after, const double *tier_bounds,
                                                size_t n_bounds, double *ladder,
                                                csat_kpi_report *out, const csat_allocator *alloc);

/* ---- KPIs by group, repeat buying, word of mouth, retention-profit chain (issue 17) ---- */
/*
 * The transaction functions take the columns of csat_kpi_between (ids, times
 * finite >= 0, amounts finite >= 0 or NULL) and, where named, groups[i]: the
 * int32 group code (segment, region, salesperson...) of transaction i, in
 * [0, n_groups), or -1 for none (such customers count in the overall figures
 * only). Periods are floor((t - t_min) / period) with t_min the
 * earliest transaction time (as in csat_cohort_table). Scratch memory comes
 * from alloc (NULL = libc). Theory: docs/theory/loyalty_economics.rst.
 */

/**
 * csat_kpi_between computed per group in one pass: a customer's group is the
 * group of their latest transaction (ties: the highest code). by_group
 * (n_groups reports) receives each group's KPIs, overall (may be NULL) the
 * KPIs of all customers (equal to csat_kpi_between's). Tiers, lost_after and
 * errors as csat_kpi_between; CSAT_EINVAL (row named) for a group code
 * outside [-1, n_groups); n_groups >= 1.
 */
CSAT_API csat_status csat_kpi_by_group(const uint64_t *ids, const double *times,
                                       const double *amounts, const int32_t *groups, size_t n,
                                       size_t n_groups, double t1, double t2, double lost_after,
                                       const double *tier_bounds, size_t n_bounds,
                                       csat_kpi_report *by_group, csat_kpi_report *overall,
                                       const csat_allocator *alloc, csat_error *err);

/**
 * A weighted scorecard over groups (the theory's salesperson appraisal that
 * weighs retention alongside sales; docs/theory/loyalty_economics.rst, 25.1).
 * weights holds one weight per field of csat_kpi_report (finite, any sign:
 * negative for "less is better", e.g. churn_rate; 0 leaves a field out).
 * Each field is scaled by its largest absolute value over the n_groups
 * reports (a field that is 0 everywhere contributes 0), so
 * scores[g] = sum_f weights.f * reports[g].f / max_h |reports[h].f|, in
 * [-sum |w|, sum |w|]. CSAT_EEMPTY if n_groups == 0; CSAT_EINVAL for a
 * NULL pointer or a non-finite weight or report field (row = the group).
 */
CSAT_API csat_status csat_kpi_scorecard(const csat_kpi_report *reports, size_t n_groups,
                                        const csat_kpi_report *weights, double *scores,
                                        csat_error *err);

/** Repeat-purchase counts: eligible customers, repeaters among them, and their share. */
typedef struct csat_repeat_rate {
    double eligible;  /**< customers whose first purchase is at or before observation_end - window */
    double repeaters; /**< of them, those who bought again in a later period within window */
    double rate;      /**< repeaters / eligible (0 if none eligible) */
} csat_repeat_rate;

/**
 * Repeat-purchase rate (docs/theory/loyalty_economics.rst, 25.2). Only
 * transactions at or before observation_end count. A customer whose first
 * purchase t0 is at or before observation_end - window is eligible; they
 * repeat if they buy in a later period than t0's, at a time <= t0 + window.
 * overall receives all customers; by_group (n_groups, may be NULL; groups
 * may then be NULL and n_groups 0) the customers by the group of their first
 * transaction (ties: the lowest code); by_cohort (n_cohorts, may be NULL)
 * by acquisition period. *n_periods (may be NULL) receives the number of
 * acquisition periods (last first-purchase period + 1; 0 if no customer
 * bought by observation_end); CSAT_EBUFSIZE (only *n_periods written) when
 * by_cohort is given and n_cohorts < that. period, window > 0 and
 * observation_end finite (CSAT_EINVAL otherwise); CSAT_EEMPTY if n == 0;
 * CSAT_EDOM if the times span more than 1e15 periods.
 */
CSAT_API csat_status csat_repeat_purchase(const uint64_t *ids, const double *times,
                                          const int32_t *groups, size_t n, size_t n_groups,
                                          double period, double window, double observation_end,
                                          size_t n_cohorts, csat_repeat_rate *overall,
                                          csat_repeat_rate *by_group, csat_repeat_rate *by_cohort,
                                          size_t *n_periods, const csat_allocator *alloc,
                                          csat_error *err);

/** Summary of inter-purchase times (in periods). */
typedef struct csat_ipt_summary {
    double customers;      /**< distinct customers */
    double repeat_customers; /**< customers with at least one gap (two distinct periods) */
    double gaps;           /**< number of gaps */
    double mean;           /**< mean gap (0 if no gap) */
    double median;         /**< median gap (mean of the middle two for an even count) */
    double sd;             /**< standard deviation of the gaps (n - 1 divisor; 0 below 2 gaps) */
    double cv;             /**< sd / mean (0 if mean is 0) */
    double mean_customer_cv; /**< mean of the customers' own cv over customers with >= 2 gaps (0 if none) */
} csat_ipt_summary;

/**
 * Inter-purchase times (docs/theory/loyalty_economics.rst, 25.3): each
 * customer's gaps, in whole periods, between consecutive distinct purchase
 * periods (several purchases in one period count once). Per customer, in
 * ascending id order (arrays of cap_customers, any may be NULL):
 * customer_ids, customer_gaps (number of gaps), customer_mean (0 without a
 * gap) and customer_cv (sd / mean with the n - 1 divisor; 0 below 2 gaps):
 * regularity, lower is more regular. gaps (cap_gaps, may be NULL) receives
 * every gap, customers in id order, each customer's in time order.
 * *n_customers and *n_gaps (may be NULL) receive the counts; CSAT_EBUFSIZE
 * (only the counts written) when a given array is too small. period > 0;
 * CSAT_EEMPTY if n == 0; CSAT_EDOM if the times span more than 1e15 periods.
 */
CSAT_API csat_status csat_inter_purchase_times(const uint64_t *ids, const double *times, size_t n,
                                               double period, size_t cap_customers,
                                               uint64_t *customer_ids, double *customer_gaps,
                                               double *customer_mean, double *customer_cv,
                                               size_t cap_gaps, double *gaps,
                                               csat_ipt_summary *summary, size_t *n_customers,
                                               size_t *n_gaps, const csat_allocator *alloc,
                                               csat_error *err);

/** Cross-selling summary. */
typedef struct csat_cross_sell_summary {
    double customers;            /**< distinct customers */
    double buyers;               /**< customers with at least one categorised transaction */
    double mean_categories;      /**< mean distinct categories per buyer (0 if none) */
    double multi_category;       /**< buyers of two or more categories */
    double multi_category_share; /**< multi_category / buyers (0 if none) */
} csat_cross_sell_summary;

/**
 * Cross-selling (docs/theory/loyalty_economics.rst, 25.3): categories[i] is
 * the int32 category (product line) of transaction i, in [0, n_categories),
 * or -1 for none (ignored). A basket is a customer's categories in one period
 * (floor((t - t_min) / period)). together and next (may be NULL; row-major
 * n_categories x n_categories) receive: together[a][b] the number of baskets
 * holding both a and b (the diagonal: baskets holding a); next[a][b] the
 * number of a customer's consecutive baskets (in time order) where a is in the
 * first and b in the next. CSAT_EINVAL for a bad column, a category outside
 * [-1, n_categories), n_categories == 0 or n_categories^2 doubles
 * overflowing; CSAT_EEMPTY if n == 0; CSAT_EDOM if the times span more than
 * 1e15 periods.
 */
CSAT_API csat_status csat_cross_sell(const uint64_t *ids, const double *times,
                                     const int32_t *categories, size_t n, size_t n_categories,
                                     double period, csat_cross_sell_summary *summary,
                                     double *together, double *next, const csat_allocator *alloc,
                                     csat_error *err);

/* The same read from a csat_customers store (same outputs; errors as the
 * array forms, CSAT_EEMPTY for an empty store, CSAT_EINVAL for a NULL store;
 * no csat_error, like csat_kpi_between_customers). Groups are the customers'
 * groups (csat_customers_set_groups; customers without one count in the
 * overall figures only), categories the transactions' categories
 * (csat_customers_add_details; -1 / absent = none). */

/** csat_kpi_by_group over the store, groups from its customer attributes. */
CSAT_API csat_status csat_kpi_by_group_customers(const csat_customers *c, size_t n_groups,
                                                 double t1, double t2, double lost_after,
                                                 const double *tier_bounds, size_t n_bounds,
                                                 csat_kpi_report *by_group,
                                                 csat_kpi_report *overall,
                                                 const csat_allocator *alloc);

/** csat_repeat_purchase over the store (by_group from its customer groups; may be NULL). */
CSAT_API csat_status csat_repeat_purchase_customers(const csat_customers *c, size_t n_groups,
                                                    double period, double window,
                                                    double observation_end, size_t n_cohorts,
                                                    csat_repeat_rate *overall,
                                                    csat_repeat_rate *by_group,
                                                    csat_repeat_rate *by_cohort,
                                                    size_t *n_periods,
                                                    const csat_allocator *alloc);

/** csat_cross_sell over the store, categories from its transaction details. */
CSAT_API csat_status csat_cross_sell_customers(const csat_customers *c, size_t n_categories,
                                               double period, csat_cross_sell_summary *summary,
                                               double *together, double *next,
                                               const csat_allocator *alloc);

/**
 * Behavioural loyalty indicators per customer (docs/theory/loyalty_economics.rst,
 * 25.3), from the transactions at or before observation_end, customers in
 * ascending id order (those with no purchase by then are left out): repeat[c]
 * the purchase periods after the first (repeat purchases), intensity[c] the
 * share of periods with a purchase from the first purchase period to the
 * observation end's, in (0, 1], and variety[c] the distinct categories
 * bought (categories as csat_cross_sell; NULL: all 0). Feed them to
 * csat_loyalty_index (intensity as CSAT_LOYALTY_REPEAT_PURCHASE on the scale
 * [0, 1]). Outputs (cap values, any may be NULL); *n_customers (may be NULL)
 * receives the count; CSAT_EBUFSIZE (only the count written) if cap is
 * smaller. period > 0, observation_end finite; CSAT_EEMPTY if n == 0;
 * CSAT_EDOM if the times or observation_end span more than 1e15 periods.
 */
CSAT_API csat_status csat_loyalty_behaviour(const uint64_t *ids, const double *times,
                                            const int32_t *categories, size_t n,
                                            size_t n_categories, double period,
                                            double observation_end, size_t cap,
                                            uint64_t *customer_ids, double *repeat,
                                            double *intensity, double *variety,
                                            size_t *n_customers, const csat_allocator *alloc,
                                            csat_error *err);

/**
 * Share of wallet (docs/theory/loyalty_economics.rst, 25.3): share[i] =
 * spend[i] / category_spend[i], customer i's spend with the firm over their
 * total spend in the category with every supplier, which the caller gives
 * (libcsat cannot observe spend elsewhere); 0 where category_spend[i] is 0.
 * overall (may be NULL) receives the firm's share of the customers' pooled
 * category spend, sum(spend) / sum(category_spend) (0 if that is 0). spend
 * and category_spend finite >= 0 with spend[i] <= category_spend[i]
 * (CSAT_EINVAL naming the argument and row otherwise); CSAT_EEMPTY if n ==
 * 0; CSAT_EDOM if the total category spend overflows. share holds n values;
 * nothing is written on error.
 */
CSAT_API csat_status csat_share_of_wallet(const double *spend, const double *category_spend,
                                          size_t n, double *share, double *overall,
                                          csat_error *err);

/** Defaults of csat_referral_value: the theory's "one satisfied customer leads to
 * about 8 potential sales, at least one of which closes" (docs/theory/loyalty_economics.rst, 25.4). */
#define CSAT_REFERRAL_LEADS 8.0
#define CSAT_REFERRAL_CLOSING 0.125

/** Word of mouth and referral value. */
typedef struct csat_referral {
    double leads;               /**< satisfied x leads_per_satisfied: potential sales */
    double referred;            /**< leads x closing_rate: customers won by referral */
    double value;               /**< referred x value_per_customer */
    double value_per_satisfied; /**< leads_per_satisfied x closing_rate x value_per_customer */
    double negative_exposures;  /**< dissatisfied x people_told (the iceberg's word of mouth) */
    double net_word_of_mouth;   /**< leads - negative_exposures (may be negative) */
    double satisfied_to_offset; /**< satisfied customers whose leads offset one dissatisfied
                                     customer's exposures: people_told / leads_per_satisfied
                                     (0 if leads_per_satisfied is 0) */
} csat_referral;

/**
 * Referral value of satisfied customers and the net word-of-mouth balance
 * against dissatisfied ones (closed form, every constant a parameter:
 * CSAT_REFERRAL_LEADS, CSAT_REFERRAL_CLOSING and the iceberg's people_told,
 * 9 by default in csat_iceberg_options). satisfied, dissatisfied,
 * leads_per_satisfied, people_told, value_per_customer finite >= 0;
 * closing_rate in [0, 1] (CSAT_EINVAL otherwise); CSAT_EDOM if a result
 * overflows.
 */
CSAT_API csat_status csat_referral_value(double satisfied, double dissatisfied,
                                         double leads_per_satisfied, double closing_rate,
                                         double people_told, double value_per_customer,
                                         csat_referral *out, csat_error *err);

/** The profit drivers of the retention-profit chain (Reichheld & Sasser 1990): the
 * columns of the drivers matrix of csat_retention_profit_value. */
typedef enum csat_profit_driver {
    CSAT_PROFIT_BASE = 0,         /**< base profit */
    CSAT_PROFIT_GROWTH = 1,       /**< profit from increased purchases / balances */
    CSAT_PROFIT_COST_SAVINGS = 2, /**< reduced operating cost */
    CSAT_PROFIT_REFERRALS = 3,    /**< profit from referrals */
    CSAT_PROFIT_PRICE_PREMIUM = 4 /**< price premium */
} csat_profit_driver;
#define CSAT_PROFIT_N_DRIVERS 5
/** Largest horizon (years of tenure) csat_retention_profit_value sums. */
#define CSAT_PROFIT_MAX_HORIZON 100000u

/** A customer's value under the retention-profit chain. */
typedef struct csat_retention_profit {
    double value;       /**< profit - acquisition_cost */
    double profit;      /**< sum_t r^(t-1) pi_t / (1 + d)^t, t = 1..horizon */
    double drivers[CSAT_PROFIT_N_DRIVERS]; /**< profit split by driver (they sum to profit) */
    double expected_years; /**< sum_t r^(t-1): expected years of tenure within the horizon */
    double undiscounted;   /**< sum_t r^(t-1) pi_t - acquisition_cost */
    double breakeven_year; /**< first tenure year t at which a customer who stays has paid back the
                                acquisition cost (-A + pi_1 + ... + pi_t >= 0, undiscounted); 0 if none
                                within the horizon */
} csat_retention_profit;

/**
 * Customer value under the retention-profit chain
 * (docs/theory/loyalty_economics.rst, 25.5). drivers is a row-major n_years x
 * CSAT_PROFIT_N_DRIVERS matrix: row t - 1 holds the profit of each driver in
 * the customer's year t of tenure (finite, any sign); years after n_years
 * repeat the last row. Year t's profit pi_t (the row's sum) is earned by a
 * customer still there, with probability retention^(t-1), and discounted by
 * (1 + discount)^t; acquisition_cost (finite >= 0) is spent in year 0.
 * retention in [0, 1], discount finite >= 0, 1 <= horizon <=
 * CSAT_PROFIT_MAX_HORIZON (CSAT_EINVAL otherwise); CSAT_EEMPTY if n_years
 * == 0; CSAT_EDOM (nothing written) if a sum overflows.
 */
CSAT_API csat_status csat_retention_profit_value(const double *drivers, size_t n_years,
                                                 double acquisition_cost, double retention,
                                                 double discount, unsigned int horizon,
                                                 csat_retention_profit *out, csat_error *err);

/**
 * The value of csat_retention_profit_value across n_rates retention rates
 * (a table: value[k] at retention[k]) and, in gain[k], the relative profit
 * gain over base_retention: value[k] / value(base) - 1 (the theory's "5%
 * fewer defections raise profit by 25-100%": pass base_retention = r and
 * retention[k] = r + 0.05, or 1 - 0.95 (1 - r) for a relative cut in
 * defections). value or gain may be NULL. CSAT_EDOM (nothing written) if
 * gain is given and the value at base_retention is <= 0, or a sum
 * overflows; CSAT_EEMPTY if n_rates == 0; other errors as
 * csat_retention_profit_value (row = k for retention[k]).
 */
CSAT_API csat_status csat_retention_profit_table(const double *drivers, size_t n_years,
                                                 double acquisition_cost, const double *retention,
                                                 size_t n_rates, double base_retention,
                                                 double discount, unsigned int horizon,
                                                 double *value, double *gain, csat_error *err);
/* ---- Profitability (issue 17, docs/theory/profitability.rst) ------------- */
/*
 * From transactions with a cost: ids[i] bought at times[i] (finite, >= 0)
 * for amounts[i] (revenue, finite, >= 0; NULL = 0) at costs[i] (cost of
 * goods plus cost to serve, finite, >= 0; NULL = 0). Gross profit =
 * revenue - cost (may be negative). Customers are reported in ascending id
 * order. The _customers forms read the same columns (and the acquisition
 * costs) from a store; a store without a cost column has cost 0.
 */

typedef struct csat_profit_options {
    unsigned int version;
    /** Window (t1, t2] of the per-customer revenue, cost, profit and margin.
     * Defaults -INFINITY and +INFINITY (everything); t1 < t2, neither NaN. */
    double t1, t2;
    /** Discount rate per period of the historical CLV (finite, >= 0); default 0. */
    double discount;
    /** Period length of that discounting (finite, > 0), in time units; default 1. */
    double period;
    /** Time to which the historical CLV is valued (finite); NaN (default) =
     * each customer's first purchase (acquisition). */
    double reference;
} csat_profit_options;

#define CSAT_PROFIT_OPTIONS_VERSION 1
#define CSAT_PROFIT_OPTIONS_INIT {CSAT_PROFIT_OPTIONS_VERSION, -INFINITY, INFINITY, 0.0, 1.0, NAN}
CSAT_API csat_status csat_profit_options_init(csat_profit_options *opts, unsigned int version);

/**
 * Per-customer profitability (docs/theory/profitability.rst, 30.1). For every
 * distinct id, in ascending order (out_ids), over the window (t1, t2]:
 * revenue, cost, profit = revenue - cost and margin = profit / revenue (0
 * when revenue is 0); and the historical CLV over every transaction up to
 * t2 (docs/theory/profitability.rst, 30.2):
 *   hclv = sum_j (amount_j - cost_j) (1 + d)^((ref - t_j) / period)
 *          - acq (1 + d)^((ref - a) / period),
 * with a the customer's first purchase, ref = opts->reference (NaN: a, so
 * every flow is discounted back to acquisition) and acq the customer's
 * acquisition cost: acq_costs[k] of the last k with acq_ids[k] == id (finite,
 * >= 0; acq_ids / acq_costs may be NULL when n_acq is 0; 0 for customers not
 * listed; ids listed that never bought are ignored). A customer whose first
 * purchase is after t2 has hclv 0 (not yet acquired). Any output may be NULL.
 * *n_customers receives the number of customers; CSAT_EBUFSIZE if cap < it
 * (nothing else written). Errors: CSAT_EINVAL (a NULL required column, a bad
 * value -- named in err --, bad options, a size that overflows), CSAT_EEMPTY
 * (n = 0), CSAT_EVERSION, CSAT_EDOM (a sum or a discount factor beyond the
 * double range; nothing written), CSAT_ENOMEM.
 */
CSAT_API csat_status csat_customer_profit(const uint64_t *ids, const double *times,
                                          const double *amounts, const double *costs, size_t n,
                                          const uint64_t *acq_ids, const double *acq_costs,
                                          size_t n_acq, const csat_profit_options *opts,
                                          uint64_t *out_ids, double *revenue, double *cost,
                                          double *profit, double *margin, double *hclv, size_t cap,
                                          size_t *n_customers, const csat_allocator *alloc,
                                          csat_error *err);

/** csat_customer_profit over the store c: its transactions, costs and
 * acquisition costs (same outputs and errors; CSAT_EEMPTY for an empty store). */
CSAT_API csat_status csat_customer_profit_customers(const csat_customers *c,
                                                    const csat_profit_options *opts,
                                                    uint64_t *out_ids, double *revenue, double *cost,
                                                    double *profit, double *margin, double *hclv,
                                                    size_t cap, size_t *n_customers,
                                                    const csat_allocator *alloc);

/** Profitability of one tier (docs/theory/profitability.rst, 30.3). */
typedef struct csat_tier_profit {
    double customers;        /**< customers in the tier */
    double revenue, cost, profit; /**< their sums (cost = revenue - profit) */
    double share_customers;  /**< customers / all tiered customers */
    double share_revenue;    /**< revenue / all tiered revenue (0 if that is 0) */
    double share_profit;     /**< profit / all tiered profit (0 if that is 0; a
                              * negative total flips the signs: read with care) */
    double mean_revenue;     /**< revenue per customer (0 for an empty tier) */
    double mean_profit;      /**< average profitability: profit per customer (0 for an empty tier) */
    double margin;           /**< profit / revenue (0 if revenue is 0) */
} csat_tier_profit;

/**
 * Average profitability per tier for any tiering: customer i (revenue[i]
 * finite >= 0, profit[i] finite, as from csat_customer_profit) is in tier
 * tiers[i], an integer in [0, n_tiers) or -1 (left out). out receives
 * n_tiers rows (n_tiers >= 1). Errors: CSAT_EINVAL (NULL, a bad value or a
 * tier code out of range, named in err; a size that overflows), CSAT_EEMPTY
 * (n = 0 or every customer left out), CSAT_EDOM (a sum beyond the double
 * range; nothing written).
 */
CSAT_API csat_status csat_profit_tiers(const double *revenue, const double *profit,
                                       const int32_t *tiers, size_t n, size_t n_tiers,
                                       csat_tier_profit *out, csat_error *err);

/** csat_profit_tiers over the customers of the store c, profit from
 * csat_customer_profit_customers with opts: tiers (n_customers codes, in
 * ascending id order, as csat_customers_ids lists them) or, when tiers is
 * NULL, the store's groups (customers without a group are left out).
 * CSAT_EINVAL also when n_customers is not the store's customer count. */
CSAT_API csat_status csat_profit_tiers_customers(const csat_customers *c,
                                                 const csat_profit_options *opts,
                                                 const int32_t *tiers, size_t n_customers,
                                                 size_t n_tiers, csat_tier_profit *out,
                                                 const csat_allocator *alloc);

/**
 * The whale curve (docs/theory/profitability.rst, 30.4): customers ranked by
 * profit, most profitable first (ties in input order); curve[k] (n + 1
 * values) = profit of the top k / total profit, so curve[0] = 0 and
 * curve[n] = 1; it peaks at k = *n_profitable (customers with profit > 0;
 * may be NULL) with *peak (may be NULL) = curve[*n_profitable], and the
 * unprofitable tail brings it down to 1. order (may be NULL, n values)
 * receives the ranking (indices into profit). Errors: CSAT_EINVAL (NULL
 * profit or curve, a non-finite profit, a size that overflows), CSAT_EEMPTY
 * (n = 0), CSAT_EDOM (total profit <= 0: no share is defined; or a sum
 * beyond the double range), CSAT_ENOMEM.
 */
CSAT_API csat_status csat_profit_whale(const double *profit, size_t n, double *curve, size_t *order,
                                       size_t *n_profitable, double *peak,
                                       const csat_allocator *alloc, csat_error *err);

/** The whale curve of the store's customers (profit over opts' window):
 * curve has cap >= n_customers + 1 values (CSAT_EBUFSIZE otherwise, with
 * *n_points = n_customers + 1 set); order is not offered (rank =
 * csat_customer_profit_customers' order sorted by profit). */
CSAT_API csat_status csat_profit_whale_customers(const csat_customers *c,
                                                 const csat_profit_options *opts, double *curve,
                                                 size_t cap, size_t *n_points, size_t *n_profitable,
                                                 double *peak, const csat_allocator *alloc);

/**
 * Profit by tenure (docs/theory/profitability.rst, 30.5): acquisition cohorts
 * as in csat_cohort_table (same opts, periods, n_cohorts >= n_periods
 * else CSAT_EBUFSIZE with *n_periods set). Row-major n_cohorts x n_offsets
 * matrices (any may be NULL): profit[c][k], the gross profit of cohort c in
 * its k-th period since acquisition; mean_profit[c][k] = profit /
 * cohort_size[c] (per acquired customer, defectors included); active[c][k]
 * customers with a transaction in that period. pooled (n_offsets, may be
 * NULL): per tenure k, the sum of profit over the cohorts observed at k
 * (c + k < n_periods) divided by the sum of their sizes -- the curve the
 * retention economics rests on. Cells after the last period are 0.
 * Errors as csat_cohort_table, plus a bad cost (named in err).
 */
CSAT_API csat_status csat_profit_by_tenure(const uint64_t *ids, const double *times,
                                           const double *amounts, const double *costs, size_t n,
                                           const csat_cohort_options *opts, size_t n_cohorts,
                                           size_t n_offsets, double *cohort_size, double *profit,
                                           double *mean_profit, double *active, double *pooled,
                                           size_t *n_periods, const csat_allocator *alloc,
                                           csat_error *err);

/** csat_profit_by_tenure over the store c (same outputs and errors). */
CSAT_API csat_status csat_profit_by_tenure_customers(const csat_customers *c,
                                                     const csat_cohort_options *opts,
                                                     size_t n_cohorts, size_t n_offsets,
                                                     double *cohort_size, double *profit,
                                                     double *mean_profit, double *active,
                                                     double *pooled, size_t *n_periods,
                                                     const csat_allocator *alloc);

/* ---- Complaints and recovery (issue 17, docs/theory/profitability.rst, 31) ---- */

typedef struct csat_complaint_options {
    unsigned int version;
    /** Target time to a first response (finite, > 0); default 1 (a day with times in days). */
    double response_target;
    /** Target time to a resolution (finite, > 0); default 7. */
    double resolution_target;
    /** A complaint reopens an earlier resolved complaint of the same customer and
     * cause when it is opened within this time after that resolution (finite,
     * >= 0); default 30. */
    double reopen_window;
    /** Bought again within this time after the complaint (or, for customers
     * without complaints, after the first purchase) counts as retained
     * (finite, > 0); default 90. */
    double retention_window;
    /** End of observation for retention (finite, >= 0): only customers whose
     * window ends by then are judged. NaN (default) = the last transaction. */
    double observation_end;
} csat_complaint_options;

#define CSAT_COMPLAINT_OPTIONS_VERSION 1
#define CSAT_COMPLAINT_OPTIONS_INIT {CSAT_COMPLAINT_OPTIONS_VERSION, 1.0, 7.0, 30.0, 90.0, NAN}
CSAT_API csat_status csat_complaint_options_init(csat_complaint_options *opts, unsigned int version);

/** Complaint-handling measures of a store (docs/theory/profitability.rst, 31.1-31.4).
 * Rates whose denominator is 0 are 0. */
typedef struct csat_complaint_report {
    double complaints;              /**< complaints stored */
    double complainers;             /**< distinct customers with a complaint */
    double customers;               /**< customers with a transaction */
    double transactions;            /**< transactions stored */
    double per_customer;            /**< complaints / customers */
    double complainer_share;        /**< complainers with a transaction / customers */
    double per_1000_transactions;   /**< 1000 complaints / transactions */
    double responded;               /**< complaints with a first response */
    double response_median;         /**< of first_response - opened (type-7 quantile) */
    double response_p90;            /**< its 90th percentile */
    double response_within_target;  /**< share of responded complaints answered within response_target */
    double resolved;                /**< complaints with a resolution time */
    double resolution_median;       /**< of resolved - opened */
    double resolution_p90;
    double resolution_within_target; /**< share of resolved complaints resolved within resolution_target */
    double first_contact_rate;      /**< resolved at first contact / resolved */
    double reopened;                /**< resolved complaints followed by a reopen */
    double reopen_rate;             /**< reopened / resolved */
    double surveyed;                /**< complaints with a satisfaction after recovery */
    double recovery_satisfaction;   /**< its mean over the surveyed */
    double judged_resolved;         /**< complainers judged whose first complaint was resolved */
    double retention_resolved;      /**< share of them who bought again within the window */
    double judged_unresolved;       /**< complainers judged whose first complaint is open */
    double retention_unresolved;
    double judged_non_complainers;  /**< customers without complaints judged */
    double retention_non_complainers;
} csat_complaint_report;

/**
 * Complaint handling from a store's complaints and transactions
 * (docs/theory/profitability.rst, 31): rates, response- and resolution-time
 * distributions, first-contact resolution, reopens, satisfaction after
 * recovery, and the retention of complainers whose (first) complaint was
 * resolved vs not vs customers without complaints. A complainer is judged
 * when their first complaint's opened + retention_window <= the observation
 * end, and retained with a transaction in (opened, opened + window]; a
 * customer without complaints is judged from the first purchase f the same
 * way, retained with a transaction in (f, f + window]. Errors: CSAT_EINVAL
 * (NULL c or out, bad options), CSAT_EVERSION, CSAT_EEMPTY (no complaints and
 * no transactions), CSAT_ENOMEM.
 */
CSAT_API csat_status csat_complaint_report_customers(const csat_customers *c,
                                                     const csat_complaint_options *opts,
                                                     csat_complaint_report *out,
                                                     const csat_allocator *alloc);


/**
 * Fit an sBG model to the acquisition cohort of the store: the customers
 * whose first transaction lies in [first_from, first_to), read as a
 * subscription paid once per period (> 0) from the first transaction on.
 * A customer with k payments (k = whole periods from first to last
 * transaction, + 1) left in period k if the next payment, due at
 * first + k * period, is not after observation_end; otherwise they are
 * right-censored as active after k - 1 periods (customers not yet due for
 * their first renewal carry no information and are skipped).
 * Errors: CSAT_EINVAL (arguments), CSAT_EEMPTY (nobody in the cohort), and
 * those of csat_sbg_fit_durations. The message is on m.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_sbg_fit_customers(csat_sbg *m, const csat_customers *c,
                                                             double period, double first_from,
                                                             double first_to,
                                                             double observation_end,
                                                             csat_fit_report *report);

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
 * (break points, cuts, trends, shares). docs/theory/segmentation.rst, 11, gives the
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
    /** Version 2: threads for this call (NULL, the default: the calling
     * thread only; see "Threads (opt-in)"). Not owned; read during the
     * call. The scores are the same bits whatever the setting. Read only
     * when version >= 2, so a version-1 struct (without this field) still
     * works. */
    const csat_parallel_options *parallel;
} csat_rfm_options;

#define CSAT_RFM_OPTIONS_VERSION 2
#define CSAT_RFM_OPTIONS_INIT {CSAT_RFM_OPTIONS_VERSION, 5u, CSAT_RFM_QUANTILE_RANK, NULL, NULL, NULL, NULL}
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
 * Threads (opts->parallel, version 2): the checks, the selection passes
 * and the scoring run over fixed blocks of customers; then the scratch is
 * about 1 MiB per thread.
 * Errors: CSAT_EINVAL (NULL, NaN/Inf, negative, bad options or breaks, bad
 * opts->parallel: see csat_parallel_options), CSAT_EEMPTY (n = 0), CSAT_EDOM,
 * CSAT_ENOMEM, CSAT_EVERSION (also for opts->parallel's version); outputs
 * untouched.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_rfm_scores(const double *recency, const double *frequency,
                                                      const double *monetary, size_t n,
                                                      const csat_rfm_options *opts,
                                                      const csat_allocator *alloc, int *r, int *f,
                                                      int *m, int *code, int *total, double *breaks,
                                                      csat_error *err);

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
                                             int *cell_segment, size_t *rule_cells,
                                             csat_error *err);

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
                                             size_t *n_unassigned, csat_error *err);

/** Name of segment index s of a table ("" for -1 or out of range). */
CSAT_API const char *csat_rfm_segment_name(const csat_rfm_table *table, int s);


/* ---- k-means ---------------------------------------------------------------- */

typedef enum csat_kmeans_algorithm {
    /** Plain Lloyd iterations: memory is the input, the caller's labels and O(k d). */
    CSAT_KMEANS_LLOYD = 0,
    /** Hamerly's bounds (2003): the same result as Lloyd bit for bit, fewer
     * distance computations (each one row at a time); needs 16 extra bytes
     * per row (two bounds). */
    CSAT_KMEANS_HAMERLY = 1,
    /** The one expected to be faster for n, d and k (the default). Every
     * algorithm gives the same labels, centres, iterations and inertia bit
     * for bit from the same start, so the choice only changes the time (and
     * memory: Hamerly's 16 bytes per row). Measured on d = 3 .. 64,
     * k = 8 .. 1024, Lloyd's blocked vector pass is the faster one (Hamerly
     * was ahead by at most 10% on a few clustered cases, behind by up to
     * 5x elsewhere), so AUTO runs Lloyd today. */
    CSAT_KMEANS_AUTO = 2
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
     * A constant column is then CSAT_EDOM, and so is one whose spread is too
     * small for its inverse to be a double (values of magnitude ~1e-308 and
     * below); tiny but varying columns (1e-300) are fine. Default 0. */
    int standardize;
    csat_kmeans_algorithm algorithm; /**< default CSAT_KMEANS_AUTO (it was CSAT_KMEANS_LLOYD: same results) */
    /** NULL (default): greedy k-means++ seeding (2 + floor(ln k) candidates
     * per step). Otherwise k x d row-major starting centres in input units
     * (then n_init is ignored: one run); CSAT_EINVAL if one overflows once
     * scaled (standardize, a value near DBL_MAX). Not owned. */
    const double *init_centers;
} csat_kmeans_options;

#define CSAT_KMEANS_OPTIONS_VERSION 1
#define CSAT_KMEANS_OPTIONS_INIT \
    {CSAT_KMEANS_OPTIONS_VERSION, 8u, 0u, 1u, 300u, 1e-4, 0, CSAT_KMEANS_AUTO, NULL}
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
 * which is why Lloyd needs no memory beyond X, labels and per-block
 * partials: the passes over the rows run in blocks of at least 4,096 rows
 * (at most 256 blocks, fewer when k (d + 1) is large), each block with
 * k (d + 1) + 32 d values of its own, at most ~8 MiB in all beyond one
 * block's (and n ints to restore labels when, without standardize, the
 * rows span more than ~1e154 and the inertia may exceed the double range).
 * Deterministic: the same data, options and seed give the same result on
 * any machine and thread count: the blocks are cut from n, k and d only and
 * their partial sums combined in block order, whatever thread ran them
 * (seeding, passes and final assignment alike; the AVX2, baseline and
 * portable code paths give bit-identical results).
 * A cluster that empties keeps its previous centre. If fewer than k rows
 * are distinct, some centres coincide (their clusters stay empty); if all
 * rows are equal and k > 1 the fit is CSAT_EDOM.
 * Any finite values are clustered: values near 1e300 or 1e-300 are scaled
 * by a power of two internally (exact), so no distance overflows.
 * Errors: CSAT_EINVAL (NULL, NaN/Inf, k = 0, n < k, d = 0, bad options),
 * CSAT_EDOM (see above; also, without standardize, an inertia in input
 * units beyond DBL_MAX), CSAT_ENOMEM, CSAT_EVERSION; the handle keeps its previous fit
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
 * O(sample + k) memory from alloc (a k whose k doubles overflow is
 * CSAT_EINVAL; a sample >= n is valid, whatever its size). CSAT_EDOM if
 * fewer than 2 clusters (in the sample) are non-empty or every row is its
 * own cluster.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_kmeans_silhouette(const double *X, size_t n, size_t d,
                                                             const int *labels, size_t k, size_t sample,
                                                             uint64_t seed, const csat_allocator *alloc,
                                                             double *out, csat_error *err);

/**
 * The elbow table: inertia[i] of the best fit with k = k_min + i for
 * k_min..k_max (1 <= k_min <= k_max <= n), other options as in opts.
 * labels (n ints) receives the k_max labelling; the handle ends with the
 * k_max fit. Scratch of (k_max - k_min + 1) doubles and n ints from the
 * handle's allocator. Errors as csat_kmeans_fit (the message names the k
 * that failed); on any error the handle keeps its previous fit and labels
 * and inertia are untouched.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_kmeans_elbow(csat_kmeans *km, const double *X, size_t n, size_t d,
                                                        const csat_kmeans_options *opts, size_t k_min,
                                                        size_t k_max, int *labels, double *inertia);

/**
 * Assign each of the n rows of X (n x d row-major, finite values in the fit's
 * input units; d must be the fit's d) to the nearest centre of the last fit
 * (or of csat_kmeans_set_centers): labels (n ints) receives 0..k-1. Rows are
 * compared in the fit's space: each feature times the fit's scale (1/sd of
 * the training column with standardize, else a power of two; see
 * csat_kmeans_scales), squared Euclidean distance, the lowest index winning
 * ties, exactly as the fit's final assignment, so predicting the training
 * rows gives the fit's labels. Rows far outside the data (a scaled value or
 * a distance beyond the double range) are compared after an exact rescaling.
 * Scratch: d doubles from the handle's allocator. O(n k d).
 * Errors: CSAT_EINVAL (NULL, NaN/Inf with its row and column in the message,
 * d different from the fit's, a size overflow), CSAT_EEMPTY (n = 0),
 * CSAT_EMISUSE (no fit yet), CSAT_ENOMEM; labels is untouched on error.
 */
CSAT_API csat_status csat_kmeans_predict(csat_kmeans *km, const double *X, size_t n, size_t d,
                                         int *labels);

/**
 * The d scales of the last fit (the factor each feature was multiplied by
 * while clustering: 1/sd with standardize, else a common power of two):
 * with the centres of csat_kmeans_result, what csat_kmeans_set_centers needs
 * to rebuild the model. CSAT_EINVAL (NULL), CSAT_EMISUSE (no fit),
 * CSAT_EBUFSIZE (cap < d).
 */
CSAT_API csat_status csat_kmeans_scales(const csat_kmeans *km, double *scales, size_t cap);

/**
 * Set the model by hand (to copy or load a fitted one): k centres of d
 * features (k x d row-major, input units, finite) and the d per-feature
 * scales (finite, > 0; NULL = all 1) that csat_kmeans_predict applies.
 * Afterwards csat_kmeans_result reports these centres with inertia 0,
 * n_iter 0 and converged 0 (no fit statistics). One allocation of
 * (2k + 1) d doubles. Errors: CSAT_EINVAL (NULL centres, k or d 0, k above
 * INT32_MAX, a non-finite centre, a scale not finite and > 0, a centre that
 * overflows once scaled, a size overflow), CSAT_ENOMEM; the previous model
 * stays on error.
 */
CSAT_API csat_status csat_kmeans_set_centers(csat_kmeans *km, const double *centers, size_t k,
                                             size_t d, const double *scales);

/**
 * One Lloyd step on a chunk of rows (the map step of k-means on partitioned
 * data): each of the n rows of X (n x d, row-major, finite, input units) goes
 * to the nearest of the k centres (k x d; squared Euclidean distance, the
 * lowest index on ties); sums (k x d) receives the per-centre sums of the
 * rows, counts (k) their numbers and *inertia the sum of the squared
 * distances; labels (n, may be NULL) the centre of each row. Chunks' sums,
 * counts and inertias add up to the whole data's: the next centres are the
 * merged sums over the merged counts (keep a centre whose count is 0).
 * Scratch of about (k (d + 1) + n/2) doubles from alloc (NULL = libc).
 * Errors: CSAT_EINVAL (NULL, d or k 0, k above INT32_MAX, a NaN/Inf value,
 * a size overflow), CSAT_EEMPTY (n = 0), CSAT_EDOM (squared distances or
 * sums beyond the doubles: values above ~1e150; scale the data),
 * CSAT_ENOMEM; nothing is written on error.
 */
CSAT_API csat_status csat_kmeans_chunk_step(const double *X, size_t n, size_t d, const double *centers,
                                            size_t k, double *sums, double *counts, double *inertia,
                                            int *labels, const csat_allocator *alloc,
                                            csat_error *err);


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
                                                       size_t *counts, csat_error *err);

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
                                                   const csat_allocator *alloc, int *tier, size_t *counts,
                                                   csat_error *err);

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
 * CSAT_EINVAL, CSAT_EEMPTY (n = 0), CSAT_EDOM (total 0 or beyond DBL_MAX),
 * CSAT_ENOMEM.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_abc(const double *value, size_t n, const csat_abc_options *opts,
                                               const csat_allocator *alloc, int *klass, double *curve,
                                               csat_abc_summary *summary, csat_error *err);

/* Complaints and recovery (issue 17): the Pareto of causes, declared after csat_abc. */
/**
 * Pareto of complaint causes (docs/theory/profitability.rst, 31.5): counts
 * (n_causes values, may be NULL) of the causes (codes in [0, n_causes), -1 =
 * unknown and left out), classed by csat_abc on those counts (opts, klass,
 * curve and summary as there: klass n_causes ints, curve n_causes + 1
 * values; any may be NULL). Errors: CSAT_EINVAL (NULL causes with n > 0, a
 * code out of range -- named in err --, n_causes = 0, a size that
 * overflows), CSAT_EEMPTY (no cause known), csat_abc's errors, CSAT_ENOMEM.
 */
CSAT_API csat_status csat_complaint_pareto(const int32_t *causes, size_t n, size_t n_causes,
                                           const csat_abc_options *opts, double *counts, int *klass,
                                           double *curve, csat_abc_summary *summary,
                                           const csat_allocator *alloc, csat_error *err);


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
 * The rule (no canonical one exists; docs/theory/segmentation.rst, 11.5): with `recent` the
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
                                                            double *trend, size_t *counts,
                                                            csat_error *err);

/**
 * Stage of one customer from the purchase history times[0..n) (any order,
 * finite, >= 0, all <= now) and amounts (may be NULL for the PURCHASES
 * measure; finite, >= 0). n >= 1. trend may be NULL. CSAT_EDOM (outputs
 * untouched) when the spend of a window sums past DBL_MAX.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_lifecycle_from_history(const double *times, const double *amounts,
                                                                  size_t n, double now,
                                                                  const csat_lifecycle_options *opts,
                                                                  csat_lifecycle_stage *stage, double *trend,
                                                                  csat_error *err);

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
 * located, docs/theory/segmentation.rst, 11.7): shares receives 5 values, *sum (may be NULL)
 * their total 0.97 (3% not in any segment). Illustrative constants.
 */
CSAT_API csat_status csat_benefit_theory_shares(double *shares, double *sum, csat_error *err);

/**
 * Assign each of n respondents to the benefit whose importance score is
 * highest: importance is an n x n_benefits row-major matrix (finite; any
 * scale), columns in the caller's order (e.g. csat_benefit). A respondent
 * whose maximum is shared by two or more benefits gets -1 (no single
 * benefit sought most). segment: n ints. shares (may be NULL, n_benefits + 1
 * values): share of respondents per benefit, the last one the ties.
 */
CSAT_API CSAT_WARN_UNUSED csat_status csat_benefit_segments(const double *importance, size_t n,
                                                            size_t n_benefits, int *segment, double *shares,
                                                            csat_error *err);

/* end: segmentation */

/* ======================================================================== */
/* Threads: per-handle settings (see "Threads (opt-in)" above)            */
/* ======================================================================== */

/*
 * Per-handle settings, csat_x_set_parallel(x, opts) for each handle type:
 * opts NULL restores the default (serial). Errors: CSAT_EINVAL for a NULL
 * handle, n_threads > CSAT_MAX_THREADS, or an executor without run() or
 * with n_workers outside [1, CSAT_MAX_THREADS] (message on the handle);
 * CSAT_EVERSION for an unknown opts or executor version. On error the
 * handle keeps its settings. Every handle starts serial, also one made
 * by loading a saved model.
 */
CSAT_API csat_status csat_customers_set_parallel(csat_customers *c, const csat_parallel_options *opts);
CSAT_API csat_status csat_value_model_set_parallel(csat_value_model *m, const csat_parallel_options *opts);
CSAT_API csat_status csat_pls_set_parallel(csat_pls *m, const csat_parallel_options *opts);
CSAT_API csat_status csat_btyd_set_parallel(csat_btyd_model *m, const csat_parallel_options *opts);
CSAT_API csat_status csat_spend_set_parallel(csat_spend_model *m, const csat_parallel_options *opts);
CSAT_API csat_status csat_sbg_set_parallel(csat_sbg *m, const csat_parallel_options *opts);
CSAT_API csat_status csat_km_set_parallel(csat_km *km, const csat_parallel_options *opts);
CSAT_API csat_status csat_cox_set_parallel(csat_cox *m, const csat_parallel_options *opts);
CSAT_API csat_status csat_logistic_set_parallel(csat_logistic *m, const csat_parallel_options *opts);
CSAT_API csat_status csat_kmeans_set_parallel(csat_kmeans *km, const csat_parallel_options *opts);

/* end: threads */

/* ======================================================================== */
/* Fit stages (issue 18)                                                    */
/* ======================================================================== */

/**
 * One stage of a fit. Large fits first run on strided subsamples, then on
 * all the data: the BTYD kinds fitted by BFGS (BG/NBD, MBG/NBD, BG/BB)
 * on ~50,000 distinct histories when there are more than 200,000;
 * Pareto/NBD on ~5,000 above 20,000 and ~50,000 above 200,000 and GGom/NBD
 * on ~50,000 above 200,000 and ~150,000 above 600,000, both drawn by weight
 * (a grouped history of weight over W/size whole, the others systematically
 * along their cumulative weight: rows is then below size); logistic on
 * every (n/50,000)-th row from 200,000 rows; the covariate BTYD fits start
 * from a plain fit (itself staged). The last stage is the one
 * csat_fit_report describes. iterations and
 * evaluations are those of that stage alone (an evaluation: one objective or
 * gradient pass over the stage's rows); the counts of the stages add up to
 * the fit's. log_likelihood: of the stage's rows at its end, in the
 * caller's units (weights included, penalty excluded; NaN where the stage
 * did not reach a point it kept); grad_norm as in csat_fit_report;
 * converged: the stage met its own convergence test (subsample stages use a
 * loose tolerance: they only give a start).
 */
typedef struct csat_fit_stage {
    size_t rows;           /**< rows the stage used: distinct histories (BTYD), repeat buyers (spend),
                                design rows (logistic, Cox), periods (sBG), respondents (PLS) */
    size_t iterations;     /**< optimiser iterations of this stage */
    size_t evaluations;    /**< objective/gradient evaluations of this stage */
    double log_likelihood; /**< on the stage's rows at its end (NaN if not computed) */
    double grad_norm;      /**< as csat_fit_report's, at the stage's end */
    int converged;         /**< 1 if the stage met its convergence test */
} csat_fit_stage;

/** The most stages any fit has (csat_*_fit_stages never need a larger cap). */
#define CSAT_FIT_MAX_STAGES 4

/**
 * The stages of the last fit, in order: subsample stages first, the full
 * data last (a fit without subsamples has one stage, equal to its
 * csat_fit_report). stages receives *n_stages (1..CSAT_FIT_MAX_STAGES)
 * entries. Errors: CSAT_EINVAL (m, stages or n_stages NULL), CSAT_EMISUSE
 * (no fit yet; a fit that failed before its optimiser ran leaves the
 * previous fit's stages), CSAT_EBUFSIZE (cap below the number of stages;
 * nothing written). The BTYD and spend handles keep the stages of a fit that
 * did not converge, as their fit report; csat_btyd_set_params keeps them.
 * The covariate fits (csat_btyd_fit_covariates) list the plain fit's stages,
 * then the fit with covariates on all n customers.
 */
CSAT_API csat_status csat_btyd_fit_stages(const csat_btyd_model *m, csat_fit_stage *stages, size_t cap,
                                          size_t *n_stages);
/** As csat_btyd_fit_stages, for the Gamma-Gamma fit (one stage). */
CSAT_API csat_status csat_spend_fit_stages(const csat_spend_model *m, csat_fit_stage *stages, size_t cap,
                                           size_t *n_stages);
/** As csat_btyd_fit_stages, for csat_logistic_fit[_weighted] (a subsample stage from 200,000 rows;
 * a subsample that fails to converge is followed by the full data from the cold start, both
 * full-data runs counted in the last stage). Kept from the last successful fit. */
CSAT_API csat_status csat_logistic_fit_stages(const csat_logistic *m, csat_fit_stage *stages, size_t cap,
                                              size_t *n_stages);
/** As csat_btyd_fit_stages, for the sBG fits (one stage; rows: the periods with data). Kept from
 * the last successful fit. */
CSAT_API csat_status csat_sbg_fit_stages(const csat_sbg *m, csat_fit_stage *stages, size_t cap,
                                         size_t *n_stages);
/** As csat_btyd_fit_stages, for csat_cox_fit (one stage: Newton on all rows). Kept from the last
 * successful fit. */
CSAT_API csat_status csat_cox_fit_stages(const csat_cox *m, csat_fit_stage *stages, size_t cap,
                                         size_t *n_stages);

/** As csat_btyd_fit_stages, for csat_pls_fit[_columns] (one stage, not a likelihood fit: rows,
 * the respondents used; iterations and evaluations, the outer-weight updates; log_likelihood NaN;
 * grad_norm, the last change of the outer weights; as csat_pls_report). */
CSAT_API csat_status csat_pls_fit_stages(const csat_pls *m, csat_fit_stage *stages, size_t cap,
                                         size_t *n_stages);

/* end: fit stages */

#ifdef __cplusplus
}
#endif

#endif /* CSAT_H */
