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
 *
 * Rows with equal keys (the same id, time and amount) are ordered by their
 * insertion number when the store keeps detail columns, so the order is
 * total and every algorithm gives the same rows. That is what lets the
 * threaded sort (csat__txn_sort_par) differ from the serial one: it
 * scatters the rows by their top id bits into 256 buckets of a copy (per
 * fixed block of rows, stably), sorts the buckets in tasks with the same
 * radix sort (its first level out of place, back into the rows).
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

static inline int key_equal(const csat__txn *a, const csat__txn *b)
{
    return a->id == b->id && dbits(a->time) == dbits(b->time) && dbits(a->amount) == dbits(b->amount);
}

/* Row a (insertion number sa) before row b (sb): the key, then the
 * insertion number (src NULL: equal keys are identical rows). */
static inline int row_less(const csat__txn *a, size_t sa, const csat__txn *b, size_t sb, int src)
{
    if (key_less(a, b))
        return 1;
    return src && sa < sb && key_equal(a, b);
}

/* Heap sort of insertion numbers: the rows of a run of equal keys. */
static void sift_down(size_t *s, size_t i, size_t n)
{
    for (;;) {
        size_t c = 2 * i + 1, t;
        if (c >= n)
            return;
        if (c + 1 < n && s[c + 1] > s[c])
            c++;
        if (s[i] >= s[c])
            return;
        t = s[i];
        s[i] = s[c];
        s[c] = t;
        i = c;
    }
}

static void sort_sizes(size_t *s, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(s, i, n);
    for (size_t e = n; e-- > 1;) {
        size_t t = s[0];
        s[0] = s[e];
        s[e] = t;
        sift_down(s, 0, e);
    }
}

/* src (NULL when the store has no detail columns) moves with the rows. */
static void insertion_sort(csat__txn *a, size_t *src, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        csat__txn x = a[i];
        size_t xs = src ? src[i] : 0;
        size_t j = i;
        while (j > 0 && row_less(&x, xs, &a[j - 1], src ? src[j - 1] : 0, src != NULL)) {
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

static void radix_sort(csat__radix_scratch *r, csat__txn *a, size_t *src, size_t n, unsigned k)
{
    size_t *b, *head = r->heads;
    unsigned w, shift;

    for (;;) {
        if (n <= INSERTION_MAX) {
            insertion_sort(a, src, n);
            return;
        }
        if (k >= CSAT__TXN_KEY_BYTES) { /* all keys equal: by insertion number */
            if (src)
                sort_sizes(src, n);
            return;
        }
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

/* ---- the threaded sort ---------------------------------------------------- */

/* Rows per block of the counting and scattering passes; buckets of the
 * scatter (top id bits). Neither depends on the thread count. */
#define SORT_BLOCK_ROWS 65536
#define BUCKET_BITS 8
/* Below this many rows the serial in-place sort is used whatever the
 * settings (the result is the same). */
#define PAR_SORT_MIN (2 * SORT_BLOCK_ROWS)

typedef struct par_sort {
    csat__txn *row, *tmp;
    size_t *src, *stmp; /* NULL without detail columns */
    size_t n, n_blocks, n_buckets;
    unsigned shift;     /* bucket = (id >> shift) & (n_buckets - 1) */
    unsigned k0;        /* first key byte the buckets' sorts look at */
    size_t *hist;       /* n_blocks x n_buckets: counts, then write heads */
    size_t *start;      /* n_buckets + 1 bucket bounds */
    size_t *customers;  /* per bucket: distinct ids */
    csat__radix_scratch *scratch; /* one per worker */
} par_sort;

static inline size_t bucket_of(const par_sort *s, uint64_t id)
{
    return (size_t)(id >> s->shift) & (s->n_buckets - 1);
}

static void count_block(void *ctx, size_t worker, size_t b)
{
    par_sort *s = ctx;
    size_t *h = s->hist + b * s->n_buckets;
    size_t lo = b * SORT_BLOCK_ROWS, hi = lo + SORT_BLOCK_ROWS < s->n ? lo + SORT_BLOCK_ROWS : s->n;
    (void)worker;
    for (size_t i = lo; i < hi; i++)
        h[bucket_of(s, s->row[i].id)]++;
}

static void scatter_block(void *ctx, size_t worker, size_t b)
{
    par_sort *s = ctx;
    size_t *h = s->hist + b * s->n_buckets;
    size_t lo = b * SORT_BLOCK_ROWS, hi = lo + SORT_BLOCK_ROWS < s->n ? lo + SORT_BLOCK_ROWS : s->n;
    (void)worker;
    for (size_t i = lo; i < hi; i++) {
        size_t k = h[bucket_of(s, s->row[i].id)]++;
        s->tmp[k] = s->row[i];
        if (s->src)
            s->stmp[k] = s->src[i];
    }
}

/* Bucket d: its first radix level goes out of place, from the copy back
 * into the rows (stable counting on key byte k0), the deeper levels in
 * place as in the serial sort. */
static void sort_bucket(void *ctx, size_t worker, size_t d)
{
    par_sort *s = ctx;
    csat__radix_scratch *rs = &s->scratch[worker];
    size_t lo = s->start[d], len = s->start[d + 1] - lo, cust = 0;
    const csat__txn *a = s->tmp + lo;
    const size_t *as = s->stmp ? s->stmp + lo : NULL;
    csat__txn *out = s->row + lo;
    size_t *os = s->src ? s->src + lo : NULL;
    if (len <= INSERTION_MAX) {
        memcpy(out, a, len * sizeof *a);
        if (os)
            memcpy(os, as, len * sizeof *os);
        insertion_sort(out, os, len);
    } else {
        size_t *b = rs->bounds[s->k0], *head = rs->heads;
        unsigned w = s->k0 >> 3, shift = 56 - 8 * (s->k0 & 7);
        memset(b, 0, 257 * sizeof *b);
        for (size_t i = 0; i < len; i++)
            b[((key_word(&a[i], w) >> shift) & 0xffu) + 1]++;
        for (unsigned e = 0; e < 256; e++) {
            b[e + 1] += b[e];
            head[e] = b[e];
        }
        for (size_t i = 0; i < len; i++) {
            size_t k = head[(key_word(&a[i], w) >> shift) & 0xffu]++;
            out[k] = a[i];
            if (os)
                os[k] = as[i];
        }
        for (unsigned e = 0; e < 256; e++)
            if (b[e + 1] - b[e] > 1)
                radix_sort(rs, out + b[e], os ? os + b[e] : NULL, b[e + 1] - b[e], s->k0 + 1);
    }
    for (size_t i = 0; i < len; i++)
        cust += (i == 0 || out[i].id != out[i - 1].id);
    s->customers[d] = cust;
}

/* Sort all rows on p's threads; 0 when the memory is not there (nothing
 * was changed). */
static int sort_threaded(csat__txn_rows *r, const csat_allocator *a, const csat__par *p)
{
    par_sort s;
    unsigned h = 63, bits;
    size_t customers = 0, pos = 0, nw;
    int ok;
    memset(&s, 0, sizeof s);
    while (h > 0 && !((r->id_diff >> h) & 1u))
        h--;
    bits = h + 1 < BUCKET_BITS ? h + 1 : BUCKET_BITS;
    s.shift = h + 1 - bits;
    s.n_buckets = (size_t)1 << bits;
    /* Rows of a bucket share the id bits from `shift` up: their sort starts
     * at the key byte holding bit shift - 1 (the times when shift is 0). */
    s.k0 = s.shift == 0 ? 8u : (56u - s.shift) / 8u + 1u;
    s.row = r->row;
    s.src = r->src;
    s.n = r->n;
    s.n_blocks = csat__n_blocks(r->n, SORT_BLOCK_ROWS);
    nw = csat__par_workers(p, s.n_buckets);
    s.tmp = csat__malloc_array(a, r->n, sizeof *s.tmp);
    s.stmp = r->src ? csat__malloc_array(a, r->n, sizeof *s.stmp) : NULL;
    s.hist = csat__calloc_array(a, s.n_blocks, s.n_buckets * sizeof *s.hist);
    s.start = csat__malloc_array(a, s.n_buckets + 1, 2 * sizeof *s.start);
    s.scratch = csat__malloc_array(a, nw, sizeof *s.scratch);
    ok = s.tmp && (s.stmp || !r->src) && s.hist && s.start && s.scratch;
    if (ok) {
        s.customers = s.start + s.n_buckets + 1;
        csat__par_run(p, s.n_blocks, count_block, &s);
        /* Write heads: bucket-major, then block order, so the scatter is
         * stable and the same for any thread count. */
        for (size_t d = 0; d < s.n_buckets; d++) {
            s.start[d] = pos;
            for (size_t b = 0; b < s.n_blocks; b++) {
                size_t c = s.hist[b * s.n_buckets + d];
                s.hist[b * s.n_buckets + d] = pos;
                pos += c;
            }
        }
        s.start[s.n_buckets] = pos;
        csat__par_run(p, s.n_blocks, scatter_block, &s);
        csat__par_run(p, s.n_buckets, sort_bucket, &s);
        for (size_t d = 0; d < s.n_buckets; d++)
            customers += s.customers[d];
        /* Ids never straddle buckets, so the buckets' counts add up. */
        r->n_customers = customers;
    }
    csat__free(a, s.scratch);
    csat__free(a, s.start);
    csat__free(a, s.hist);
    csat__free(a, s.stmp);
    csat__free(a, s.tmp);
    return ok;
}

void csat__txn_sort_par(csat__txn_rows *r, const csat_allocator *a, const csat__par *p)
{
    if (r->sorted)
        return;
    /* A short unsorted tail is merged (serially, see csat__txn_sort); a
     * full sort of many rows with more than one worker is threaded. */
    if (!(r->n_sorted > 0 && r->n - r->n_sorted <= r->n_sorted / 4) && r->n >= PAR_SORT_MIN &&
        r->id_diff != 0 && csat__par_workers(p, r->n / SORT_BLOCK_ROWS) > 1 && sort_threaded(r, a, p)) {
        r->n_sorted = 0;
        r->sorted = 1;
        return;
    }
    csat__txn_sort(r, a);
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
        radix_sort(&r->rs, r->row + m, r->src ? r->src + m : NULL, r->n - m, 0);
        merge_tail(r->row, r->src, m, r->n, buf, sbuf);
        csat__free(a, buf);
    } else {
        radix_sort(&r->rs, r->row, r->src, r->n, first_id_byte(r));
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
