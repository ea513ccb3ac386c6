/*
 * Order statistics without sorting (select.c): quantiles of a column in a few
 * read-only passes. Core layer: uses nothing of libcsat above core/.
 */
#ifndef CSAT_SELECT_H
#define CSAT_SELECT_H

#include "core/internal.h"

/* Most order statistics one csat__select_ranks call resolves at once. */
#define CSAT__SEL_MAX 16

/* Scratch csat__select_ranks needs, in bytes (about 1 MiB). */
size_t csat__select_scratch_bytes(void);

/* out[i] = s[rank[i]] where s is x[0..n) sorted ascending (rank[i] < n,
 * i < nt <= CSAT__SEL_MAX). x must hold no NaN. scratch: at least
 * csat__select_scratch_bytes() bytes, suitably aligned for size_t.
 * O(n) per radix level, at most 5 read-only passes over x; x is not modified. */
void csat__select_ranks(const double *x, size_t n, const size_t *rank, size_t nt, double *out,
                        void *scratch);

/* The same on p's threads (NULL: serial), over fixed blocks of x: the
 * same result at any thread count. scratch: csat__select_workers(p, n)
 * times csat__select_scratch_bytes() bytes (one part per worker). */
void csat__select_ranks_par(const double *x, size_t n, const size_t *rank, size_t nt, double *out,
                            void *scratch, const csat__par *p);
size_t csat__select_workers(const csat__par *p, size_t n);

/* Type-7 quantile at p in [0, 1] from the two order statistics around
 * (n-1)p, as R's quantile(type = 7) computes it. */
double csat__quantile7_combine(double lo_val, double hi_val, double h);

#endif
