/*
 * Customer records: the store's layout, shared by customers.c (adding and
 * querying rows), customers_sort.c (the in-place row sort) and
 * customers_summary.c (per-customer summaries).
 */
#ifndef CSAT_CUSTOMERS_INTERNAL_H
#define CSAT_CUSTOMERS_INTERNAL_H

#include "core/internal.h"

#include <stdint.h>

/* One transaction. Rows rather than three columns so that the sort moves
 * one 24-byte record per swap and a customer's rows share cache lines. */
typedef struct csat__txn {
    uint64_t id;
    double time;
    double amount;
} csat__txn;

/* The sort key is (id, time, amount) read as 24 big-endian bytes; times and
 * amounts are >= +0, so their IEEE bit patterns order like the values. */
#define CSAT__TXN_KEY_BYTES 24

/* Scratch of one MSD radix sort: bucket bounds per key byte (one recursion
 * level per byte) and the write heads of the level being permuted. */
typedef struct csat__radix_scratch {
    size_t bounds[CSAT__TXN_KEY_BYTES][257];
    size_t heads[256];
} csat__radix_scratch;

/* The rows and their sort state. Kept behind a pointer so that the const
 * query functions can sort lazily (the handle is const, the rows are not). */
typedef struct csat__txn_rows {
    csat__txn *row;
    size_t n, cap;
    int sorted;         /* rows are in key order and n_customers is valid;
                         * 0 only when add() saw rows out of order */
    size_t n_sorted;    /* when !sorted: rows [0, n_sorted) are in key order */
    uint64_t id_diff;   /* OR of (id ^ row[0].id) over all rows: the id bits that vary */
    size_t n_customers; /* distinct ids (valid when sorted) */
    double t_min, t_max; /* over all rows (n > 0) */
    /* Scratch of the serial MSD radix sort, here so that sorting never
     * allocates. */
    csat__radix_scratch rs;
    /* Optional detail columns (issue 17), NULL until a batch brings one.
     * They are indexed by a row's insertion number src[i], which the sort
     * moves along with row i, so the columns themselves never move. src,
     * cost, cat and chan (those present) have room for dcap entries. */
    size_t *src;
    double *cost;   /* 0 for rows added without costs */
    int32_t *cat;   /* -1 for rows added without categories */
    int32_t *chan;  /* -1 for rows added without channels */
    size_t dcap;
} csat__txn_rows;

/* Per-customer attributes, sorted by id (one record per id). */
typedef struct csat__cattr {
    uint64_t id;
    double acq;     /* acquisition cost; 0 when not set */
    int32_t group;  /* -1 when not set */
} csat__cattr;

/* One complaint; the table is kept sorted by (id, opened), ties in the
 * order added. */
typedef struct csat__complaint {
    uint64_t id;
    double opened, first_response, resolved, recovery;
    int32_t cause;
    uint8_t first_contact;
} csat__complaint;

/* A computed summary: per customer in id order one row of stored fields
 * (T is derived from first_time, so it is not stored). */
enum {
    CSAT__S_FIRST_TIME,
    CSAT__S_FREQUENCY,
    CSAT__S_RECENCY,
    CSAT__S_MONETARY,
    CSAT__S_TOTAL,
    CSAT__S_NTX,
    CSAT__S_FREQ_HOLDOUT,
    CSAT__S_MONETARY_HOLDOUT,
    CSAT__S_MAX_FIELDS
};

typedef struct csat__summary {
    size_t n;              /* customers in the summary */
    size_t n_excluded;
    size_t stride;         /* doubles per row: CSAT__S_NTX+1, or CSAT__S_MAX_FIELDS with holdout */
    uint64_t *id;          /* n ascending ids */
    double *field;         /* n rows of `stride` doubles */
    int holdout;
    double period, origin, time_scale;
    double k_end;          /* period index of the (calibration) end */
    double duration_holdout; /* in time_scale units; NaN without holdout */
} csat__summary;

struct csat_customers {
    csat__base base;
    csat__txn_rows *rows;
    int have_summary;
    csat__summary sum;
    csat__cattr *attr;          /* n_attr records, sorted by id */
    size_t n_attr;
    unsigned attr_columns;      /* CSAT_CUSTOMERS_GROUPS | CSAT_CUSTOMERS_ACQUISITION_COSTS ever set */
    csat__complaint *compl;     /* n_compl records, sorted by (id, opened) */
    size_t n_compl;
};

/* Sort the rows by key if they are not sorted yet, and count customers.
 * Never fails: a short unsorted tail is sorted alone and merged using a
 * buffer from `a`; without that buffer everything is sorted in place. */
void csat__txn_sort(csat__txn_rows *r, const csat_allocator *a);

/* The same on p's threads (p NULL: serial). The order is total, (id, time,
 * amount, then insertion number when the store keeps detail columns), so
 * every thread count gives the same rows. With threads the sort borrows a
 * copy of the rows (24 bytes a row, 32 with detail columns) from `a`, and
 * sorts serially in place when that memory is not there. */
void csat__txn_sort_par(csat__txn_rows *r, const csat_allocator *a, const csat__par *p);

/* Index of the first row with id, or r->n if none (rows must be sorted). */
size_t csat__txn_find(const csat__txn_rows *r, uint64_t id);

/* The rows of customer id (sorting first): *first and *n = their count.
 * CSAT_EINVAL (NULL c or n, cap's byte count overflows, unknown id: *n
 * untouched), CSAT_EBUFSIZE when cap < *n (with *n set), else CSAT_OK. */
csat_status csat__customer_rows(const csat_customers *c, uint64_t id, size_t cap, size_t *n,
                                size_t *first);

/* Free a summary's arrays and zero it. */
void csat__summary_clear(const csat_allocator *a, csat__summary *s);

#endif /* CSAT_CUSTOMERS_INTERNAL_H */
