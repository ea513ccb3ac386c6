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
                                   const csat_allocator *alloc)
{
    csat_allocator al;
    size_t nx, kd;
    double *s, *c, tot = 0.0;
    int *lab;
    if (!X || !centers || !sums || !counts || !inertia || d == 0 || k == 0 || k > INT32_MAX ||
        csat__allocator_resolve(&al, alloc) != CSAT_OK)
        return CSAT_EINVAL;
    if (!csat__array_bytes_ok(n, d, sizeof *X) || !csat__array_bytes_ok(k, d + 1, sizeof *sums))
        return CSAT_EINVAL;
    if (n == 0)
        return CSAT_EEMPTY;
    nx = n * d, kd = k * d;
    if (!csat__array_bytes_ok(kd + k + (labels ? (n + 1) / 2 : 0), 1, sizeof *s))
        return CSAT_EINVAL;
    if (csat__first_nonfinite(X, nx) < nx || csat__first_nonfinite(centers, kd) < kd)
        return CSAT_EINVAL;
    /* scratch (sums, counts, labels), so that nothing is written unless
     * every value is finite */
    s = csat__calloc_array(&al, kd + k + (labels ? (n + 1) / 2 : 0), sizeof *s);
    if (!s)
        return CSAT_ENOMEM;
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
        return CSAT_EDOM;
    }
    memcpy(sums, s, kd * sizeof *s);
    memcpy(counts, c, k * sizeof *c);
    if (labels)
        memcpy(labels, lab, n * sizeof *labels);
    *inertia = tot;
    csat__free(&al, s);
    return CSAT_OK;
}
