/*
 * The BTYD family on threads (issue 18): the log-likelihood sums of the
 * fits cut into fixed blocks of rows whose partial sums are added in block
 * order, and the batched predictions run over fixed blocks of customers.
 * Block boundaries depend only on the number of rows, so every thread
 * count and every executor give the bits of the serial run, which takes
 * the same blocks.
 */
#include "btyd/btyd_ops.h"
#include "numerics/numerics.h"

#include <string.h>

size_t csat__btyd_sum_block_rows(size_t n)
{
    const size_t even = csat__n_blocks(n, CSAT__BTYD_MAX_SUM_BLOCKS);
    return even > CSAT__BLOCK_ROWS ? even : CSAT__BLOCK_ROWS;
}

size_t csat__btyd_sum_blocks(size_t n)
{
    return csat__n_blocks(n, csat__btyd_sum_block_rows(n));
}

typedef struct sum_run {
    csat__btyd_range_fn *fn;
    void *ctx;
    size_t n, rows, width;
    double *slots;
} sum_run;

static void sum_block(void *vctx, size_t worker, size_t b)
{
    const sum_run *s = vctx;
    const size_t lo = b * s->rows, hi = lo + s->rows < s->n ? lo + s->rows : s->n;
    double *slot = s->slots + b * s->width;
    (void)worker;
    memset(slot, 0, s->width * sizeof *slot);
    slot[0] = s->fn(s->ctx, lo, hi, s->width > 1 ? slot + 1 : NULL);
}

double csat__btyd_par_sum(const csat__par *par, size_t n, size_t width, double *slots,
                          csat__btyd_range_fn *fn, void *ctx, double *acc)
{
    double stack[CSAT__BTYD_MAX_SUM_BLOCKS * CSAT__BTYD_SUM_STACK_WIDTH];
    sum_run s = {fn, ctx, n, csat__btyd_sum_block_rows(n), width, slots};
    const size_t nb = csat__n_blocks(n, s.rows);
    csat__ksum ll = {0, 0};
    if (!s.slots)
        s.slots = stack; /* width <= CSAT__BTYD_SUM_STACK_WIDTH */
    csat__par_run(par, nb, sum_block, &s);
    for (size_t k = 1; k < width; k++)
        acc[k - 1] = 0.0;
    for (size_t b = 0; b < nb; b++) {
        const double *slot = s.slots + b * width;
        csat__ksum_add(&ll, slot[0]);
        for (size_t k = 1; k < width; k++)
            acc[k - 1] += slot[k];
    }
    /* a non-finite block is the sum's verdict (ksum may turn inf into nan) */
    for (size_t b = 0; b < nb; b++)
        if (!isfinite(s.slots[b * width]))
            return s.slots[b * width];
    return csat__ksum_value(&ll);
}

/* ---- a kind's log-likelihood over blocks of rows ------------------------------- */

typedef struct kind_sum {
    const csat__btyd_kind_ops *ops;
    const double *p;
    const csat__btyd_rows *rows;
    int grad, hess;
} kind_sum;

static double kind_range(void *vctx, size_t lo, size_t hi, double *acc)
{
    const kind_sum *k = vctx;
    const csat__btyd_rows *r = k->rows;
    const csat__btyd_rows sub = {r->x + lo, r->tx + lo, r->T + lo, r->w ? r->w + lo : NULL, hi - lo};
    const size_t np = k->ops->n_params;
    if (k->hess)
        return k->ops->loglik_hess(k->p, &sub, acc, acc + np);
    return k->ops->loglik(k->p, &sub, k->grad ? acc : NULL);
}

double csat__btyd_loglik(const csat__par *par, const csat__btyd_kind_ops *ops, const double *p,
                         const csat__btyd_rows *rows, double *grad, double *hess)
{
    const size_t np = ops->n_params;
    kind_sum k = {ops, p, rows, grad != NULL || hess != NULL, hess != NULL};
    double acc[CSAT__BTYD_SUM_STACK_WIDTH - 1];
    const size_t width = 1 + (k.grad ? np : 0) + (k.hess ? np * np : 0);
    const double ll = csat__btyd_par_sum(par, rows->n, width, NULL, kind_range, &k, acc);
    if (grad)
        memcpy(grad, acc, np * sizeof *grad);
    if (hess)
        memcpy(hess, acc + np, np * np * sizeof *hess);
    return ll;
}

/* ---- predictions over blocks of customers ------------------------------------- */

/*
 * Blocks of CSAT__BLOCK_ROWS customers, as the library's other row loops.
 * What a batched kind shares between its customers (BG/NBD's per-frequency
 * tables, btyd_bgnbd_many.c) is built once per call before the blocks run
 * (the entry's prep) and only read by them, so blocks stay small: enough of
 * them to balance the threads, and no work repeated per block.
 */

typedef struct cust_run {
    csat__btyd_block_fn *fn;
    void *ctx;
    size_t n;
} cust_run;

/* The allocator the blocks get: hands out nothing (workers must not call
 * the caller's, which need not be thread-safe). */
static void *no_malloc(size_t size, void *user)
{
    (void)size, (void)user;
    return NULL;
}

static void no_free(void *ptr, void *user)
{
    (void)ptr, (void)user;
}

static const csat_allocator no_scratch = {no_malloc, NULL, no_free, NULL};

static void cust_block(void *vctx, size_t worker, size_t b)
{
    const cust_run *s = vctx;
    const size_t lo = b * CSAT__BLOCK_ROWS, hi = s->n - lo < CSAT__BLOCK_ROWS ? s->n : lo + CSAT__BLOCK_ROWS;
    (void)worker;
    s->fn(s->ctx, lo, hi, &no_scratch);
}

void csat__btyd_par_blocks(const csat__par *par, size_t n, csat__btyd_block_fn *fn, void *ctx)
{
    cust_run s = {fn, ctx, n};
    csat__par_run(par, csat__n_blocks(n, CSAT__BLOCK_ROWS), cust_block, &s);
}

/* A kind's batched entry over blocks: customers (cust, rows r, with what
 * prep built) or values (vals, v). */
typedef struct entry_run {
    csat__btyd_customers_fn *cust;
    csat__btyd_values_fn *vals;
    const double *p, *v;
    double arg;
    const csat__btyd_rows *r;
    double *out;
    const void *shared;
} entry_run;

static void entry_block(void *vctx, size_t lo, size_t hi, const csat_allocator *al)
{
    const entry_run *c = vctx;
    const csat__btyd_rows *r = c->r;
    (void)al;
    if (c->vals) {
        c->vals(c->p, c->arg, c->v + lo, hi - lo, c->out + lo);
    } else {
        const csat__btyd_rows sub = {r->x + lo, r->tx + lo, r->T + lo, r->w ? r->w + lo : NULL, hi - lo};
        c->cust(c->p, c->arg, &sub, c->out + lo, c->shared);
    }
}

void csat__btyd_customers_par(const csat__par *par, const csat_allocator *al, csat__btyd_customers_fn *fn,
                              csat__btyd_prep_fn *prep, const double *p, double arg, const csat__btyd_rows *r,
                              double *out)
{
    entry_run c = {fn, NULL, p, NULL, arg, r, out, NULL};
    void *shared = prep ? prep(par, al, p, arg, r) : NULL;
    c.shared = shared;
    csat__btyd_par_blocks(par, r->n, entry_block, &c);
    csat__free(al, shared);
}

void csat__btyd_values_par(const csat__par *par, csat__btyd_values_fn *fn, const double *p, double arg,
                           const double *v, size_t n, double *out)
{
    entry_run c = {NULL, fn, p, v, arg, NULL, out, NULL};
    csat__btyd_par_blocks(par, n, entry_block, &c);
}
