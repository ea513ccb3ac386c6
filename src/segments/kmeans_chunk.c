/*
 * One Lloyd step on a chunk of rows, the map step of k-means on data that
 * live in several places: each row goes to its nearest centre, and the
 * chunk returns per-centre sums, counts and its inertia. Chunks' results add
 * up; the new centres are the merged sums over the merged counts.
 */
#include "segments/kmeans_internal.h"

#include <math.h>
#include <string.h>

csat_status csat_kmeans_chunk_step(const double *X, size_t n, size_t d, const double *centers, size_t k,
                                   double *sums, double *counts, double *inertia, int *labels,
                                   const csat_allocator *alloc, csat_error *err)
{
    csat_allocator al;
    size_t nx, kd;
    double *s, *c, tot = 0.0;
    int *lab;
    csat_status st;
    csat__err_clear(err);
    if (!X)
        return csat__err_null(err, "X");
    if (!centers)
        return csat__err_null(err, "centers");
    if (!sums)
        return csat__err_null(err, "sums");
    if (!counts)
        return csat__err_null(err, "counts");
    if (!inertia)
        return csat__err_null(err, "inertia");
    if (d == 0)
        return csat__err(err, CSAT_EINVAL, "d", CSAT_NO_ROW, "d = %zu is 0", d);
    if (k == 0)
        return csat__err(err, CSAT_EINVAL, "k", CSAT_NO_ROW, "k = %zu is 0", k);
    if (k > INT32_MAX)
        return csat__err(err, CSAT_EINVAL, "k", CSAT_NO_ROW, "k = %zu exceeds INT32_MAX", k);
    if (csat__allocator_resolve(&al, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if (!csat__array_bytes_ok(n, d, sizeof *X))
        return csat__err(err, CSAT_EINVAL, "n", CSAT_NO_ROW,
                         "n x d = %zu x %zu overflows the address space", n, d);
    if (!csat__array_bytes_ok(k, d + 1, sizeof *sums))
        return csat__err(err, CSAT_EINVAL, "k", CSAT_NO_ROW,
                         "k x (d + 1) = %zu x %zu overflows the address space", k, d + 1);
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no rows");
    nx = n * d, kd = k * d;
    if (!csat__array_bytes_ok(kd + k + (labels ? (n + 1) / 2 : 0), 1, sizeof *s))
        return csat__err(err, CSAT_EINVAL, "n", CSAT_NO_ROW,
                         "n = %zu, k = %zu, d = %zu: the scratch overflows the address space", n, k,
                         d);
    if ((st = csat__check_finite(err, "X", X, nx)) != CSAT_OK
        || (st = csat__check_finite(err, "centers", centers, kd)) != CSAT_OK)
        return st;
    /* scratch (sums, counts, labels), so that nothing is written unless
     * every value is finite */
    s = csat__calloc_array(&al, kd + k + (labels ? (n + 1) / 2 : 0), sizeof *s);
    if (!s)
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "out of memory for the scratch sums");
    c = s + kd;
    lab = labels ? (int *)(void *)(c + k) : NULL;
    for (size_t i = 0; i < n; i++) {
        const double *x = X + i * d;
        double best = dist2(x, centers, d);
        size_t b = 0;
        for (size_t j = 1; j < k; j++) {
            const double dj = dist2(x, centers + j * d, d);
            if (dj < best) /* the lowest index on ties */
                best = dj, b = j;
        }
        if (!isfinite(best)) {
            tot = INFINITY;
            break;
        }
        tot += best;
        c[b] += 1.0;
        for (size_t q = 0; q < d; q++)
            s[b * d + q] += x[q];
        if (lab)
            lab[i] = (int)b;
    }
    if (!isfinite(tot) || csat__first_nonfinite(s, kd) < kd) {
        /* squared distances or sums beyond the doubles: rescale the data */
        csat__free(&al, s);
        return csat__err(err, CSAT_EDOM, "X", CSAT_NO_ROW,
                         "squared distances or sums overflow a double: rescale X");
    }
    memcpy(sums, s, kd * sizeof *s);
    memcpy(counts, c, k * sizeof *c);
    if (labels)
        memcpy(labels, lab, n * sizeof *labels);
    *inertia = tot;
    csat__free(&al, s);
    return CSAT_OK;
}
