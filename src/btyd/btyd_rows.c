/*
 * The rows of a BTYD fit: validation, grouping of identical customers, and
 * the strided subsamples the large fits start from.
 */
#include "btyd/btyd_handle.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* For need_fit: some weight on a repeat buyer (x > 0), and a finite total.
 * The number of rows is not a limit (a row of weight 1e6 is 1e6
 * customers, like 1e6 rows); whether the customers' histories identify
 * the parameters is decided after grouping (csat__btyd_fit). */
/* The column a row check's reason is about. */
static const char *row_column(const csat__btyd_rows *r, size_t i, const char *why)
{
    const double v[3] = {r->x[i], r->tx[i], r->T[i]};
    static const char *const name[3] = {"frequency", "recency", "T"};
    for (int c = 0; c < 3; c++)
        if (!isfinite(v[c]))
            return name[c];
    if (strncmp(why, "BG/BB", 5) == 0) {
        for (int c = 0; c < 3; c++)
            if (!csat__btyd_is_count(v[c]))
                return name[c];
    }
    if (strncmp(why, "frequency", 9) == 0)
        return name[0];
    if (strstr(why, "recency"))
        return name[1];
    return name[2];
}

csat_status csat__btyd_check_rows(csat__base *b, csat_error *err, const csat__btyd_kind_ops *k,
                                  const csat__btyd_rows *r, int need_fit)
{
    double tw = 0.0, repeat = 0.0;
    size_t bad = r->n;
    const char *why;
    if (!r->x || !r->tx || !r->T)
        return csat__report(b, err, CSAT_EINVAL, !r->x ? "frequency" : !r->tx ? "recency" : "T",
                         CSAT_NO_ROW, "frequency, recency and T must not be NULL");
    if (!csat__array_bytes_ok(r->n, 1, sizeof(double)))
        return csat__report(b, err, CSAT_EINVAL, "n", CSAT_NO_ROW,
                         "n = %zu customers overflow the address space", r->n);
    if (r->n == 0)
        return csat__report(b, err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "no customers");
    /* the first bad row or weight is the one reported */
    why = k->check_rows(r, &bad);
    for (size_t i = 0; i < bad; i++) {
        double w = r->w ? r->w[i] : 1.0;
        if (!(isfinite(w) && w >= 0))
            return csat__report(b, err, CSAT_EINVAL, "weights", i,
                             "weight %zu must be finite and >= 0 (weights[%zu] = %g)", i, i, w);
        tw += w;
        if (r->x[i] > 0)
            repeat += w;
    }
    if (why) {
        /* the handle's text keeps its "customer i: " form (the Python
         * bindings read the row from it) */
        const char *col = row_column(r, bad, why);
        csat__fail(b, CSAT_EINVAL, "customer %zu: %s", bad, why);
        return csat__err(err, CSAT_EINVAL, col, bad,
                         "%s[%zu]: %s (frequency = %g, recency = %g, T = %g)", col, bad, why,
                         r->x[bad], r->tx[bad], r->T[bad]);
    }
    if (need_fit && !isfinite(tw))
        return csat__report(b, err, CSAT_EINVAL, "weights", CSAT_NO_ROW,
                         "the weights sum past the largest double");
    if (need_fit && !(repeat > 0))
        return csat__report(b, err, CSAT_EINVAL, "frequency", CSAT_NO_ROW,
                         "no repeat buyer (frequency > 0) with weight > 0: nothing to fit");
    return CSAT_OK;
}

/* ---- grouping of identical rows ---------------------------------------------- */

static uint64_t key_bits(double v)
{
    uint64_t u;
    v += 0.0; /* -0 -> +0 */
    memcpy(&u, &v, sizeof u);
    return u;
}

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* Rows whose four columns (x, t_x, T, w) lie in buf, each column stride
 * doubles long; n rows. */
static void rows_in(csat__btyd_rows *r, double *buf, size_t stride, size_t n)
{
    r->x = buf;
    r->tx = buf + stride;
    r->T = buf + 2 * stride;
    r->w = buf + 3 * stride;
    r->n = n;
}

/* A row's key's hash. */
static uint64_t row_hash(const csat__btyd_rows *in, size_t i)
{
    return mix64(key_bits(in->x[i]) ^ mix64(key_bits(in->tx[i]) ^ mix64(key_bits(in->T[i]))));
}

/*
 * Grouping in fixed buckets (issue 18): large inputs are cut by the top
 * bits of each row's hash into GROUP_BUCKETS buckets, a row's bucket
 * depending only on its key; each bucket is grouped on its own (a task on
 * the caller's threads) in the order of its rows, and the buckets are put
 * end to end in bucket order. Identical rows share a bucket, so the result
 * is the grouping of all rows, the same at every thread count; below
 * GROUP_PAR_MIN rows there is one bucket (first-occurrence order).
 */
#define GROUP_BUCKETS 64
#define GROUP_SHIFT 58 /* 64 - log2(GROUP_BUCKETS) */
#define GROUP_PAR_MIN 65536

typedef struct group_run {
    const csat__btyd_rows *in;
    double *x, *tx, *T, *w;  /* the output columns (stride in->n) */
    uint64_t *h;             /* each row's hash */
    size_t *order;           /* rows with weight, bucket by bucket, each in row order */
    size_t *slot;            /* the buckets' open-addressing tables, end to end */
    size_t nb, rows;         /* row blocks and their size (the scatter) */
    size_t *count;           /* [block][bucket]: rows with weight; then their first place in order */
    size_t start[GROUP_BUCKETS + 1], tab[GROUP_BUCKETS + 1], ng[GROUP_BUCKETS];
} group_run;

static int skipped(const csat__btyd_rows *in, size_t i)
{
    return (in->w ? in->w[i] : 1.0) == 0.0;
}

/* Block b of the rows: hashes and per-bucket counts. */
static void hash_block(void *vctx, size_t worker, size_t b)
{
    group_run *u = vctx;
    const size_t lo = b * u->rows, hi = lo + u->rows < u->in->n ? lo + u->rows : u->in->n;
    size_t *cnt = u->count + b * GROUP_BUCKETS;
    (void)worker;
    for (size_t i = lo; i < hi; i++) {
        if (skipped(u->in, i))
            continue;
        u->h[i] = row_hash(u->in, i);
        cnt[u->h[i] >> GROUP_SHIFT]++;
    }
}

/* Block b of the rows into its places in order (count holds them). */
static void scatter_block(void *vctx, size_t worker, size_t b)
{
    group_run *u = vctx;
    const size_t lo = b * u->rows, hi = lo + u->rows < u->in->n ? lo + u->rows : u->in->n;
    size_t *pos = u->count + b * GROUP_BUCKETS;
    (void)worker;
    for (size_t i = lo; i < hi; i++)
        if (!skipped(u->in, i))
            u->order[pos[u->h[i] >> GROUP_SHIFT]++] = i;
}

/* Bucket k: its rows grouped into the output from place start[k]. */
static void group_bucket(void *vctx, size_t worker, size_t k)
{
    group_run *u = vctx;
    const csat__btyd_rows *in = u->in;
    const size_t base = u->start[k], cap = u->tab[k + 1] - u->tab[k];
    size_t *slot = u->slot + u->tab[k], ng = 0;
    (void)worker;
    if (cap == 0) {
        u->ng[k] = 0;
        return;
    }
    memset(slot, 0xff, cap * sizeof *slot);
    for (size_t r = u->start[k]; r < u->start[k + 1]; r++) {
        const size_t i = u->order[r];
        const double wi = in->w ? in->w[i] : 1.0;
        size_t h = (size_t)u->h[i] & (cap - 1);
        for (;;) {
            const size_t j = slot[h];
            if (j == (size_t)-1) {
                slot[h] = base + ng;
                u->x[base + ng] = in->x[i] + 0.0;
                u->tx[base + ng] = in->tx[i] + 0.0;
                u->T[base + ng] = in->T[i] + 0.0;
                u->w[base + ng] = wi;
                ng++;
                break;
            }
            if (u->x[j] == in->x[i] && u->tx[j] == in->tx[i] && u->T[j] == in->T[i]) {
                u->w[j] += wi;
                break;
            }
            h = (h + 1) & (cap - 1);
        }
    }
    u->ng[k] = ng;
}

csat_status csat__btyd_group_rows(const csat__par *par, const csat_allocator *al, const csat__btyd_rows *in,
                                  csat__btyd_rows *g, double **buf)
{
    const size_t nbk = in->n >= GROUP_PAR_MIN ? GROUP_BUCKETS : 1;
    group_run *u;
    size_t ng = 0, tabs = 0;
    unsigned char *mem;
    csat_status st = CSAT_ENOMEM;
    *buf = csat__malloc_array(al, in->n, 4 * sizeof(double));
    u = csat__calloc_array(al, 1, sizeof *u);
    mem = u ? csat__malloc_array(al, in->n, sizeof(uint64_t) + sizeof(size_t)) : NULL;
    if (!*buf || !mem)
        goto done;
    u->in = in;
    u->x = *buf;
    u->tx = u->x + in->n;
    u->T = u->tx + in->n;
    u->w = u->T + in->n;
    u->h = (uint64_t *)(void *)mem;
    u->order = (size_t *)(void *)(mem + in->n * sizeof(uint64_t));
    u->rows = csat__btyd_sum_block_rows(in->n);
    u->nb = csat__n_blocks(in->n, u->rows);
    u->count = csat__calloc_array(al, u->nb, GROUP_BUCKETS * sizeof(size_t));
    if (!u->count)
        goto done;
    if (nbk == 1) {
        /* one bucket: every row with weight in order */
        size_t k = 0;
        for (size_t i = 0; i < in->n; i++)
            if (!skipped(in, i)) {
                u->h[i] = row_hash(in, i);
                u->order[k++] = i;
            }
        u->start[1] = k;
    } else {
        csat__par_run(par, u->nb, hash_block, u);
        /* the buckets' first places, then each block's within them */
        for (size_t k = 0; k < nbk; k++) {
            size_t at = u->start[k];
            for (size_t b = 0; b < u->nb; b++) {
                const size_t c = u->count[b * GROUP_BUCKETS + k];
                u->count[b * GROUP_BUCKETS + k] = at;
                at += c;
            }
            u->start[k + 1] = at;
        }
        csat__par_run(par, u->nb, scatter_block, u);
    }
    /* each bucket's table: a power of two >= twice its rows (16 at least) */
    for (size_t k = 0; k < nbk; k++) {
        size_t cap = 16, cnt = u->start[k + 1] - u->start[k];
        while (cap < 2 * cnt)
            cap *= 2;
        u->tab[k] = tabs;
        tabs += cnt ? cap : 0;
    }
    u->tab[nbk] = tabs;
    u->slot = csat__malloc_array(al, tabs ? tabs : 1, sizeof(size_t));
    if (!u->slot)
        goto done;
    if (nbk == 1)
        group_bucket(u, 0, 0);
    else
        csat__par_run(par, nbk, group_bucket, u);
    /* the buckets end to end, in bucket order */
    for (size_t k = 0; k < nbk; k++) {
        if (u->start[k] != ng)
            for (int c = 0; c < 4; c++) {
                double *col = *buf + (size_t)c * in->n;
                memmove(col + ng, col + u->start[k], u->ng[k] * sizeof *col);
            }
        ng += u->ng[k];
    }
    /* compact the columns to ng rows (they were laid out for n) */
    memmove(u->x + ng, u->tx, ng * sizeof *u->x);
    memmove(u->x + 2 * ng, u->T, ng * sizeof *u->x);
    memmove(u->x + 3 * ng, u->w, ng * sizeof *u->x);
    rows_in(g, u->x, ng, ng);
    st = CSAT_OK;
done:
    if (u) {
        csat__free(al, u->count);
        csat__free(al, u->slot);
    }
    csat__free(al, mem);
    csat__free(al, u);
    if (st != CSAT_OK) {
        csat__free(al, *buf);
        *buf = NULL;
    }
    return st;
}

csat_status csat__btyd_subsample(const csat_allocator *al, const csat__btyd_rows *g, size_t target,
                                csat__btyd_rows *sub, double **buf, double *wsub, double *wall)
{
    const size_t stride = g->n / target, cap = g->n / stride + 1;
    double *sb = csat__malloc_array(al, cap, 4 * sizeof(double));
    size_t k = 0;
    if (!sb)
        return CSAT_ENOMEM;
    *wsub = *wall = 0.0;
    for (size_t i = 0; i < g->n; i++)
        *wall += g->w[i];
    for (size_t i = 0; i < g->n; i += stride, k++) {
        sb[k] = g->x[i];
        sb[cap + k] = g->tx[i];
        sb[2 * cap + k] = g->T[i];
        sb[3 * cap + k] = g->w[i];
        *wsub += g->w[i];
    }
    rows_in(sub, sb, cap, k);
    *buf = sb;
    return CSAT_OK;
}
