/*
 * Stable ordering of double keys by LSD radix sort (retention module; used by
 * Kaplan-Meier, the log-rank test and the ROC/lift tools). O(n) per pass,
 * passes whose byte is the same for every key are skipped, so keys of a
 * narrow range (e.g. durations in days) cost only a few passes.
 */
#ifndef CSAT_SORT_H
#define CSAT_SORT_H

#include "core/internal.h"

#include <stdint.h>

/* order[0..n) receives the indices of x sorted ascending (ties in index
 * order). x must be free of NaN. -0.0 sorts as 0.0. CSAT_ENOMEM only. */
csat_status csat__order_doubles(const double *x, size_t n, size_t *order, const csat_allocator *a);

/* The same on p's threads (NULL: serial); the order is the same (a stable
 * sort's result is unique). Scratch as the serial one plus 2 KiB per 65536
 * keys. CSAT_ENOMEM only. */
csat_status csat__order_doubles_par(const double *x, size_t n, size_t *order, const csat_allocator *a,
                                    const csat__par *p);

/* The same for unsigned integer keys (customer ids). */
csat_status csat__order_u64(const uint64_t *u, size_t n, size_t *order, const csat_allocator *a);

#endif /* CSAT_SORT_H */
