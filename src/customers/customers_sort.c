/*
 * In-place sort of the transaction rows by (id, time, amount).
 *
 * Most significant digit radix sort ("American flag sort", McIlroy, Bostic &
 * McIlroy 1993) on the 24-byte key, one byte per level, permuting rows in
 * place by cycle leading: no second copy of the rows, so the store stays at
 * 24 bytes per transaction while sorting, and nothing is allocated (the
 * scratch lives in the rows struct). Levels where all keys share the byte
 * are skipped by jumping to the first byte in which any key differs, so
 * small sequential ids cost as few passes as random ones. Short runs are
 * finished by insertion sort.
 */
#include "customers/customers_internal.h"

#include <string.h>

/* Below this many rows a bucket is insertion-sorted. */
#define INSERTION_MAX 48

static inline uint64_t dbits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* Key word w (0 id, 1 time, 2 amount) as an unsigned integer. */
static inline uint64_t key_word(const csat__txn *t, unsigned w)
{
    return w == 0 ? t->id : dbits(w == 1 ? t->time : t->amount);
}

static inline unsigned key_byte(const csat__txn *t, unsigned k)
{
    return (unsigned)(key_word(t, k >> 3) >> (56 - 8 * (k & 7))) & 0xffu;
}

static inline int key_less(const csat__txn *a, const csat__txn *b)
{
    if (a->id != b->id)
        return a->id < b->id;
    if (a->time != b->time)
        return a->time < b->time;
    return a->amount < b->amount;
}

/* src (NULL when the store has no detail columns) moves with the rows. */
static void insertion_sort(csat__txn *a, size_t *src, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        csat__txn x = a[i];
        size_t xs = src ? src[i] : 0;
        size_t j = i;
        while (j > 0 && key_less(&x, &a[j - 1])) {
            a[j] = a[j - 1];
            if (src)
                src[j] = src[j - 1];
            j--;
        }
        a[j] = x;
        if (src)
            src[j] = xs;
    }
}

/* First key byte >= k in which the rows differ, or CSAT__TXN_KEY_BYTES. */
static unsigned first_differing_byte(const csat__txn *a, size_t n, unsigned k)
{
    uint64_t d[3] = {0, 0, 0};
    for (size_t i = 1; i < n; i++) {
        d[0] |= a[i].id ^ a[0].id;
        d[1] |= dbits(a[i].time) ^ dbits(a[0].time);
        d[2] |= dbits(a[i].amount) ^ dbits(a[0].amount);
    }
    for (; k < CSAT__TXN_KEY_BYTES; k++)
        if ((d[k >> 3] >> (56 - 8 * (k & 7))) & 0xffu)
            return k;
    return CSAT__TXN_KEY_BYTES;
}

static void radix_sort(csat__txn_rows *r, csat__txn *a, size_t *src, size_t n, unsigned k)
{
    size_t *b, *head = r->heads;
    unsigned w, shift;

    for (;;) {
        if (n <= INSERTION_MAX) {
            insertion_sort(a, src, n);
            return;
        }
        if (k >= CSAT__TXN_KEY_BYTES)
            return; /* all keys equal */
        b = r->bounds[k];
        w = k >> 3;
        shift = 56 - 8 * (k & 7);
        memset(b, 0, 257 * sizeof *b);
        for (size_t i = 0; i < n; i++)
            b[((key_word(&a[i], w) >> shift) & 0xffu) + 1]++;
        if (b[key_byte(&a[0], k) + 1] == n) {
            k = first_differing_byte(a, n, k + 1);
            continue;
        }
        break;
    }

    for (unsigned d = 0; d < 256; d++) {
        b[d + 1] += b[d];
        head[d] = b[d];
    }
    for (unsigned d = 0; d < 256; d++) {
        while (head[d] < b[d + 1]) {
            csat__txn x = a[head[d]];
            size_t xs = src ? src[head[d]] : 0;
            unsigned e = (unsigned)(key_word(&x, w) >> shift) & 0xffu;
            while (e != d) {
                size_t h = head[e]++;
                csat__txn y = a[h];
                a[h] = x;
                x = y;
                if (src) {
                    size_t ys = src[h];
                    src[h] = xs;
                    xs = ys;
                }
                e = (unsigned)(key_word(&x, w) >> shift) & 0xffu;
            }
            if (src)
                src[head[d]] = xs;
            a[head[d]++] = x;
        }
    }
    for (unsigned d = 0; d < 256; d++)
        if (b[d + 1] - b[d] > 1)
            radix_sort(r, a + b[d], src ? src + b[d] : NULL, b[d + 1] - b[d], k + 1);
}

/* Rows [0, m) and [m, n) are each sorted: merge them from the back, with
 * the second run copied out to buf (and its src entries to sbuf). */
static void merge_tail(csat__txn *a, size_t *src, size_t m, size_t n, csat__txn *buf, size_t *sbuf)
{
    size_t i = m, j = n - m, k = n;
    memcpy(buf, a + m, (n - m) * sizeof *a);
    if (src)
        memcpy(sbuf, src + m, (n - m) * sizeof *src);
    while (j > 0) {
        k--;
        if (i > 0 && key_less(&buf[j - 1], &a[i - 1])) {
            a[k] = a[--i];
            if (src)
                src[k] = src[i];
        } else {
            a[k] = buf[--j];
            if (src)
                src[k] = sbuf[j];
        }
    }
}

/* Start byte for sorting all rows: add() recorded which id bits vary, so
 * leading bytes that every id shares need no counting pass. */
static unsigned first_id_byte(const csat__txn_rows *r)
{
    unsigned k = 0;
    while (k < 8 && ((r->id_diff >> (56 - 8 * k)) & 0xffu) == 0)
        k++;
    return k < 8 ? k : first_differing_byte(r->row, r->n, 8);
}

void csat__txn_sort(csat__txn_rows *r, const csat_allocator *a)
{
    size_t customers = 0, m = r->n_sorted;
    csat__txn *buf = NULL;
    if (r->sorted)
        return;
    /* After a summary, appending a few rows should not cost a full sort:
     * sort the new tail and merge (the buffer is at most a quarter of the
     * rows). */
    /* With detail columns the buffer also holds the tail's src entries. */
    if (m > 0 && r->n - m <= m / 4)
        buf = csat__malloc_array(a, r->n - m, sizeof *buf + (r->src ? sizeof *r->src : 0));
    if (buf != NULL) {
        size_t *sbuf = r->src ? (size_t *)(void *)(buf + (r->n - m)) : NULL;
        radix_sort(r, r->row + m, r->src ? r->src + m : NULL, r->n - m, 0);
        merge_tail(r->row, r->src, m, r->n, buf, sbuf);
        csat__free(a, buf);
    } else {
        radix_sort(r, r->row, r->src, r->n, first_id_byte(r));
    }
    for (size_t i = 0; i < r->n; i++)
        customers += (i == 0 || r->row[i].id != r->row[i - 1].id);
    r->n_customers = customers;
    r->n_sorted = 0;
    r->sorted = 1;
}

size_t csat__txn_find(const csat__txn_rows *r, uint64_t id)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->row[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < r->n && r->row[lo].id == id) ? lo : r->n;
}
