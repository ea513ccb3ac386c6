/*
 * Internals shared by the segmentation sources (RFM, tiers, ABC, k-means).
 * Not installed.
 */
#ifndef CSAT_SEGMENTATION_H
#define CSAT_SEGMENTATION_H

#include "internal.h"

#include <stdint.h>

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

/* Type-7 quantile at p in [0, 1] from the two order statistics around
 * (n-1)p, as R's quantile(type = 7) computes it. */
double csat__quantile7_combine(double lo_val, double hi_val, double h);

/* Index of the first value of x that is not finite and >= 0 (n if none);
 * names the problem for messages. */
const char *csat__seg_bad_column(const double *x, size_t n, size_t *where);

/* A value with its input position. */
typedef struct csat__ranked {
    double v;
    size_t i;
} csat__ranked;

/* The n values of x (and their positions) sorted by value descending, ties
 * by position ascending; NULL if the allocation fails. Free with csat__free. */
csat__ranked *csat__rank_desc(const csat_allocator *a, const double *x, size_t n);

/* a <= b allowing for the rounding of a cumulative share. */
static inline int csat__share_le(double a, double b) { return a <= b + 1e-12; }

#endif
