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

csat_status csat__btyd_group_rows(const csat_allocator *al, const csat__btyd_rows *in, csat__btyd_rows *g,
                                  double **buf)
{
    size_t cap = 16, ng = 0, *slot;
    double *x, *tx, *T, *w;
    while (cap < 2 * in->n)
        cap *= 2;
    *buf = csat__malloc_array(al, in->n, 4 * sizeof(double));
    if (!*buf)
        return CSAT_ENOMEM;
    slot = csat__malloc_array(al, cap, sizeof *slot);
    if (!slot) {
        csat__free(al, *buf);
        *buf = NULL;
        return CSAT_ENOMEM;
    }
    memset(slot, 0xff, cap * sizeof *slot);
    x = *buf;
    tx = x + in->n;
    T = tx + in->n;
    w = T + in->n;
    for (size_t i = 0; i < in->n; i++) {
        double wi = in->w ? in->w[i] : 1.0;
        size_t h;
        if (wi == 0.0)
            continue;
        h = (size_t)mix64(key_bits(in->x[i]) ^ mix64(key_bits(in->tx[i]) ^ mix64(key_bits(in->T[i])))) &
            (cap - 1);
        for (;;) {
            size_t j = slot[h];
            if (j == (size_t)-1) {
                slot[h] = ng;
                x[ng] = in->x[i] + 0.0;
                tx[ng] = in->tx[i] + 0.0;
                T[ng] = in->T[i] + 0.0;
                w[ng] = wi;
                ng++;
                break;
            }
            if (x[j] == in->x[i] && tx[j] == in->tx[i] && T[j] == in->T[i]) {
                w[j] += wi;
                break;
            }
            h = (h + 1) & (cap - 1);
        }
    }
    csat__free(al, slot);
    /* compact the columns to ng rows (they were laid out for n) */
    memmove(x + ng, tx, ng * sizeof *x);
    memmove(x + 2 * ng, T, ng * sizeof *x);
    memmove(x + 3 * ng, w, ng * sizeof *x);
    rows_in(g, x, ng, ng);
    return CSAT_OK;
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
