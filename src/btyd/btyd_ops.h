/*
 * One table of operations per BTYD kind, so that the handle, the fit, the
 * predictions and the CLV never switch on the kind: a new kind is one table
 * in its own file plus one line in csat__btyd_ops() (btyd_ops.c).
 */
#ifndef CSAT_BTYD_OPS_H
#define CSAT_BTYD_OPS_H

#include "btyd/btyd_internal.h"
#include "numerics/random.h"

#include <math.h>

/* out[i] for customer i of r (r->w unused). arg: the horizon t or the
 * discount rate (P(alive): unused). shared: what the entry's prep built
 * for the whole call (NULL: none; the results are then the same to
 * rounding, and must not depend on the block of customers r is). */
typedef void csat__btyd_customers_fn(const double *p, double arg, const csat__btyd_rows *r,
                                     double *out, const void *shared);
/* Tables that a batched entry's blocks share, built once per call from all
 * its customers r before the blocks run (on par's threads, allocated from
 * al on the calling thread: freed with csat__free(al, ...) after the run);
 * NULL if there is no memory (the entry then goes without). */
typedef void *csat__btyd_prep_fn(const csat__par *par, const csat_allocator *al, const double *p, double arg,
                                 const csat__btyd_rows *r);
/* out[i] for each of n values v: E[X(v[i])] of a new customer (arg
 * unused), or P(X(arg) = v[i]). */
typedef void csat__btyd_values_fn(const double *p, double arg, const double *v, size_t n,
                                  double *out);

typedef int csat__btyd_simulate_fn(const double *p, csat__rng *g, double T, double *out);

typedef struct csat__btyd_kind_ops {
    const char *name; /* for messages: "BG/NBD" */
    size_t n_params;  /* <= CSAT_BTYD_N_PARAMS */
    const char *param_names;
    /* Discrete opportunities (BG/BB): whole-number rows and horizons, and
     * no fit from a customer store's summary nor CLV, which are in time. */
    int discrete;
    /* Bit i: parameter i is a time scale, started at the customers' mean
     * age (the shapes start at 1). */
    unsigned time_scales;

    /* The first invalid row of r, with *bad its index, or NULL. Whole
     * columns at a time: the checks run before every fit and prediction. */
    const char *(*check_rows)(const csat__btyd_rows *r, size_t *bad);
    /* Weighted log-likelihood and (grad != NULL) its gradient in the
     * natural parameters; rows must be valid. */
    double (*loglik)(const double *p, const csat__btyd_rows *rows, double *grad);
    /* Also the Hessian (row-major): the fit then takes Newton steps. NULL
     * where there is none (BFGS). */
    double (*loglik_hess)(const double *p, const csat__btyd_rows *rows, double *grad, double *hess);

    /* One customer (valid input, finite results). NULL where none. */
    double (*p_alive)(const double *p, double x, double tx, double T);
    double (*log_p_alive)(const double *p, double x, double tx, double T);
    double (*expected_new)(const double *p, double t);
    double (*expected_cond)(const double *p, double t, double x, double tx, double T);
    double (*dert)(const double *p, double delta, double x, double tx, double T);
    double (*prob_new)(const double *p, double t, double k);
    /* P(X(T, T+t) = k | x, t_x, T): P(alive) times P(X(t) = k) of a new
     * customer with the posterior parameters, plus P(dead) at k = 0. */
    double (*prob_cond)(const double *p, double t, double k, double x, double tx, double T);

    /* The same for many, as the public entry points call them: one indirect
     * call per request, the per-customer loop inside with direct calls. */
    csat__btyd_customers_fn *p_alive_n, *expected_cond_n, *dert_n;
    csat__btyd_values_fn *expected_new_n, *prob_n;
    /* expected_cond_n's shared tables; NULL where it has none. */
    csat__btyd_prep_fn *expected_cond_prep;

    /* One simulated customer observed for T (BG/BB: n opportunities) from
     * the generator g: out[0] = x, out[1] = t_x, out[2], out[3] = the
     * latent rates (BG/NBD, MBG/NBD: lambda, p; Pareto/NBD: lambda, mu;
     * BG/BB: p, theta), out[4] = 1 if alive at the end, else 0. Returns 0,
     * or 1 (out unspecified) when a purchase count would pass 2^52, where
     * doubles stop being exact integers. Kernels in btyd_simulate.c. */
    csat__btyd_simulate_fn *simulate;

    /* Bit i: parameter i is a rate (1/time), started at 1 over the
     * customers' mean age (GGom/NBD's b). */
    unsigned rate_scales;

    /* Kinds with loglik_hess (Newton fits): the sizes of the subsamples a
     * large fit starts on, ascending, 0-terminated, each used where the
     * data have over 4 times as many rows (btyd_fit.c). NULL: 5,000 and
     * 50,000 strided rows (csat__btyd_subsample). Given: subsamples that
     * keep the weights' shares (csat__btyd_subsample_weighted). GGom/NBD:
     * 50,000 and 150,000; a subsample of heavy grouped rows taken by stride
     * put its optimum on the s, beta -> infinity ridge (the Gompertz
     * limit), which the full data's Newton steps then did not leave.
     * Pareto/NBD: 5,000 and 50,000 (by stride, its 1,000,000-customer
     * simulated fit needed 8.8 s; by weight 0.7 s, the same estimates). */
    const size_t *newton_subs;
} csat__btyd_kind_ops;

csat__btyd_simulate_fn csat__bgnbd_simulate, csat__mbgnbd_simulate, csat__pnbd_simulate,
    csat__bgbb_simulate;

/* The kind's table, NULL for an unknown kind. */
const csat__btyd_kind_ops *csat__btyd_ops(csat_btyd_kind kind);

extern const csat__btyd_kind_ops csat__bgnbd_ops, csat__mbgnbd_ops, csat__pnbd_ops, csat__bgbb_ops;
extern const csat__btyd_kind_ops csat__ggom_ops; /* btyd_ggom.c */

/* check_rows of the continuous-time kinds (BG/NBD, MBG/NBD, Pareto/NBD). */
const char *csat__btyd_check_rows_continuous(const csat__btyd_rows *r, size_t *bad);

/* Counts (purchases, periods) are whole numbers up to 2^53, the range where
 * every integer is a double: beyond it a "count" is not one, and the
 * predictions' arithmetic (r + x, x log x, ...) left the double range (a
 * frequency of 2.6e189 gave NaN with CSAT_OK; found by fuzz_btyd). */
#define CSAT__BTYD_MAX_COUNT 9007199254740992.0 /* 2^53 */
static inline int csat__btyd_is_count(double v)
{
    return isfinite(v) && v >= 0.0 && v == floor(v) && v <= CSAT__BTYD_MAX_COUNT;
}

/*
 * A kind's batched entries from its per-customer functions, expanded in the
 * kind's own file so that the call inside the loop is direct. EXPR computes
 * out[i] from p, arg and the customer's x, tx, T (FOR_CUSTOMERS) or from p,
 * arg and v = v[i] (FOR_VALUES).
 */
#define CSAT__BTYD_FOR_CUSTOMERS(NAME, EXPR)                                                        \
    static void NAME(const double *p, double arg, const csat__btyd_rows *r, double *out,            \
                     const void *shared)                                                            \
    {                                                                                               \
        (void)arg, (void)shared;                                                                    \
        for (size_t i = 0; i < r->n; i++) {                                                         \
            const double x = r->x[i], tx = r->tx[i], T = r->T[i];                                   \
            out[i] = (EXPR);                                                                        \
        }                                                                                           \
    }
#define CSAT__BTYD_FOR_VALUES(NAME, EXPR)                                                           \
    static void NAME(const double *p, double arg, const double *vs, size_t n, double *out)          \
    {                                                                                               \
        (void)arg;                                                                                  \
        for (size_t i = 0; i < n; i++) {                                                            \
            const double v = vs[i];                                                                 \
            out[i] = (EXPR);                                                                        \
        }                                                                                           \
    }

/* ---- threads (issue 18; btyd_par.c) ------------------------------------------ */

/*
 * Sums over rows cut into fixed blocks: CSAT__BLOCK_ROWS rows, or more
 * when there would be over CSAT__BTYD_MAX_SUM_BLOCKS blocks, so that the
 * per-block slots fit on the stack. The cut depends only on n.
 */
#define CSAT__BTYD_MAX_SUM_BLOCKS 64
/* Doubles per block slot kept on the stack: ll, gradient and Hessian of 5 parameters. */
#define CSAT__BTYD_SUM_STACK_WIDTH (1 + CSAT_BTYD_N_PARAMS + CSAT_BTYD_N_PARAMS * CSAT_BTYD_N_PARAMS)
size_t csat__btyd_sum_block_rows(size_t n);
size_t csat__btyd_sum_blocks(size_t n);

/* The log-likelihood of rows [lo, hi) (its return) and, when acc is not
 * NULL, what else the sum carries (gradient, Hessian, ...) added into
 * acc[0 .. width-2] (zero on entry). */
typedef double csat__btyd_range_fn(void *ctx, size_t lo, size_t hi, double *acc);

/* Run fn over the blocks of n rows on par's threads, each block into its
 * own slot of width doubles (slots: csat__btyd_sum_blocks(n) * width, or
 * NULL for the stack when width <= CSAT__BTYD_SUM_STACK_WIDTH), and add
 * the slots in block order: returns the summed log-likelihood (compensated;
 * non-finite if a block's is: the first such), acc[0 .. width-2] the
 * summed rest. */
double csat__btyd_par_sum(const csat__par *par, size_t n, size_t width, double *slots,
                          csat__btyd_range_fn *fn, void *ctx, double *acc);

/* ops->loglik (hess NULL) or ops->loglik_hess (hess given; then grad too)
 * of rows, blocked: the one way the fits evaluate a kind's likelihood. */
double csat__btyd_loglik(const csat__par *par, const csat__btyd_kind_ops *ops, const double *p,
                         const csat__btyd_rows *rows, double *grad, double *hess);

/* Work on customers [lo, hi); al: this worker's scratch allocator (may
 * hand out nothing: NULL). */
typedef void csat__btyd_block_fn(void *ctx, size_t lo, size_t hi, const csat_allocator *al);

/* fn over the fixed blocks of n customers (CSAT__BLOCK_ROWS each) on par's
 * threads; each block writes only its own range of the outputs. al of fn:
 * hands out nothing. */
void csat__btyd_par_blocks(const csat__par *par, size_t n, csat__btyd_block_fn *fn, void *ctx);
/* A kind's batched entry over those blocks, after prep (NULL: none) has
 * built what they share. */
void csat__btyd_customers_par(const csat__par *par, const csat_allocator *al, csat__btyd_customers_fn *fn,
                              csat__btyd_prep_fn *prep, const double *p, double arg, const csat__btyd_rows *r,
                              double *out);
void csat__btyd_values_par(const csat__par *par, csat__btyd_values_fn *fn,
                           const double *p, double arg, const double *v, size_t n, double *out);

#endif /* CSAT_BTYD_OPS_H */
