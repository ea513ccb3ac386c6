/* Raw transaction columns shared by the cohort table and the CRM KPIs
 * (retention module): validation and grouping by customer id. */
#ifndef CSAT_TRANSACTIONS_H
#define CSAT_TRANSACTIONS_H

#include "core/internal.h"

#include <stdint.h>

/* CSAT_OK, CSAT_EEMPTY (n == 0) or CSAT_EINVAL (NULL column, time or amount
 * not finite and >= 0), named in err. amounts may be NULL. */
csat_status csat__txn_check(const uint64_t *ids, const double *times, const double *amounts,
                            size_t n, csat_error *err);

/* Visit the customers: order[] (from csat__order_u64 on ids) lists the
 * rows grouped by id; begin and end delimit the next group. Returns 0 at the end. */
static inline int csat__txn_next_group(const uint64_t *ids, const size_t *order, size_t n,
                                       size_t *begin, size_t *end)
{
    size_t b = *end;
    if (b >= n)
        return 0;
    *begin = b;
    while (++b < n && ids[order[b]] == ids[order[*begin]])
        ;
    *end = b;
    return 1;
}

/* Every transaction of the store c as columns, customers in id order and
 * each customer's transactions by time: *ids (n) and one block *times of
 * 2n doubles whose second half is *amounts; the caller frees *ids and
 * *times with a. CSAT_EEMPTY for an empty store, CSAT_ENOMEM. */
csat_status csat__customers_gather(const csat_customers *c, const csat_allocator *a,
                                   uint64_t **ids, double **times, double **amounts, size_t *n);

/* The acquisition-cohort grid both cohort tables are built on: cohort c is
 * the customers whose first transaction falls in period c (periods of
 * opts->period from opts->origin, NaN: the first transaction), offset k the
 * k-th period after it. Checks what csat_cohort_table documents (and costs
 * >= 0 when given), then fills one block of 2 cells + n_cohorts + n_extra
 * doubles (cells = n_cohorts x n_offsets, row-major): act (customers active
 * in the cell, each once), val (sum of amounts - costs), size (customers per
 * cohort), extra (zeroed, for the caller). *np: the periods of the data.
 * The caller frees g->act with g->a. */
typedef struct csat__cohort_grid {
    csat_allocator a;
    double origin;
    size_t np, cells;
    double *act, *val, *size, *extra;
} csat__cohort_grid;

csat_status csat__cohort_grid_build(csat__cohort_grid *g, const uint64_t *ids, const double *times,
                                    const double *amounts, const double *costs, size_t n,
                                    const csat_cohort_options *opts, size_t n_cohorts,
                                    size_t n_offsets, size_t n_extra, size_t *n_periods,
                                    const csat_allocator *alloc, const char *what, csat_error *err);

#endif /* CSAT_TRANSACTIONS_H */
