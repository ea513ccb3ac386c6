/*
 * Running independent blocks of work on threads, deterministically.
 *
 * The one way libcsat uses threads: cut the work into blocks whose
 * boundaries depend only on the data's size (CSAT__BLOCK_ROWS, or a
 * constant of the caller's), keep one partial result per block, run the
 * blocks with csat__par_run, then combine the partials in block order on
 * the calling thread. Serial runs take the same path, so every thread count
 * and every executor give the same bits.
 */
#ifndef CSAT_PARALLEL_H
#define CSAT_PARALLEL_H

#include "csat.h"

#include <stddef.h>

/* Rows per block of a row loop. Large enough that a block's work (~40 us
 * for the cheapest BTYD row) dwarfs handing it to a thread; small enough
 * that 1M rows give ~250 blocks to balance. Never depends on the thread
 * count: results must not. */
#define CSAT__BLOCK_ROWS 4096

/* Resolved settings, kept in every handle's csat__base. All zero = serial. */
typedef struct csat__par {
    size_t workers;     /* threads (or executor tasks) a call may use; 0 or 1 = serial */
    int has_executor;   /* 1: run through exec, else libcsat's own threads */
    csat_executor exec; /* copied from the caller's */
} csat__par;

/* The serial settings, for calls without a handle or nested runs. */
extern const csat__par csat__par_serial;

static inline size_t csat__n_blocks(size_t n, size_t block)
{
    return n == 0 ? 0 : (n - 1) / block + 1;
}

/* One block of work: block b in [0, n_blocks), run by worker w in
 * [0, csat__par_workers(p, n_blocks)) (for per-worker scratch; a worker
 * runs one block at a time). */
typedef void csat__block_fn(void *ctx, size_t worker, size_t block);

/* Run fn(ctx, w, b) exactly once for every b in [0, n_blocks), on p's
 * threads or executor, or inline (serial settings, one block, or threads
 * that cannot start: the calling thread then does what is left). Returns
 * when every block has run. Blocks write only their own slots; a block
 * that can fail records it in its slot and the caller reports the lowest
 * failing block afterwards. p may be NULL (serial). */
void csat__par_run(const csat__par *p, size_t n_blocks, csat__block_fn *fn, void *ctx);

/* Check opts and resolve them into *out (untouched on error); e for the
 * message (arg names as in csat.h). opts NULL gives the serial settings. */
csat_status csat__par_resolve(csat__par *out, const csat_parallel_options *opts, csat_error *e);

/* How many workers p uses for n_blocks blocks (>= 1): to size per-worker
 * scratch when blocks share it. */
size_t csat__par_workers(const csat__par *p, size_t n_blocks);

#endif
