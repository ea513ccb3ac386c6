/*
 * Internals shared by the segmentation sources (RFM, tiers, ABC, k-means).
 * Not installed.
 */
#ifndef CSAT_SEGMENTATION_H
#define CSAT_SEGMENTATION_H

#include "core/internal.h"
#include "core/select.h"

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
