/*
 * k-means quality measures, for choosing k: the mean silhouette of a
 * labelling and the elbow curve (a fit's inertia for each k). The
 * silhouette costs O(m^2 d), so it can run on a reservoir sample of m rows
 * (splitmix64, as in seeding); it measures in input units, not in the
 * fit's standardised space.
 */
#include "segments/kmeans_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* |g a - g b|: the Euclidean distance of two rows scaled by g. */
static double scaled_dist(const double *a, const double *b, size_t d, double g)
{
    double s = 0.0;
    for (size_t j = 0; j < d; j++) {
        double t = a[j] * g - b[j] * g;
        s += t * t;
    }
    return sqrt(s);
}

csat_status csat_kmeans_silhouette(const double *X, size_t n, size_t d, const int *labels, size_t k,
                                   size_t sample, uint64_t seed, const csat_allocator *alloc, double *out,
                                   csat_error *err)
{
    csat_allocator a;
    size_t m, nd, *idx = NULL, *cnt = NULL, nonempty = 0;
    double *dsum = NULL;
    csat__ksum total = {0.0, 0.0};
    uint64_t rng = seed;
    double g;
    csat_status st;
    csat__err_clear(err);

    if (!X)
        return csat__err_null(err, "X");
    if (!labels)
        return csat__err_null(err, "labels");
    if (!out)
        return csat__err_null(err, "out");
    if (d == 0)
        return csat__err(err, CSAT_EINVAL, "d", CSAT_NO_ROW, "d = %zu is 0", d);
    if (k == 0)
        return csat__err(err, CSAT_EINVAL, "k", CSAT_NO_ROW, "k = %zu is 0", k);
    if (!csat__array_bytes_ok(n, d, sizeof *X) || !csat__array_bytes_ok(n, 1, sizeof *labels))
        return csat__err(err, CSAT_EINVAL, "n", CSAT_NO_ROW,
                         "n x d = %zu x %zu overflows the address space", n, d);
    if (!csat__array_bytes_ok(k, 1, sizeof(double))) /* k counts and sums of scratch */
        return csat__err_size(err, "k", k);
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no rows");
    nd = n * d;
    if ((st = csat__check_finite(err, "X", X, nd)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if (labels[i] < 0 || (size_t)labels[i] >= k)
            return csat__err(err, CSAT_EINVAL, "labels", i, "labels[%zu] = %d is not in 0..k-1 = %zu",
                             i, labels[i], k - 1);
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    m = (sample == 0 || sample >= n) ? n : sample;
    idx = csat__malloc_array(&a, m, sizeof(size_t));
    cnt = csat__calloc_array(&a, k, sizeof(size_t));
    dsum = csat__malloc_array(&a, k, sizeof(double));
    if (!idx || !cnt || !dsum) {
        csat__free(&a, idx);
        csat__free(&a, cnt);
        csat__free(&a, dsum);
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "out of memory for the sample");
    }
    /* Reservoir sampling (Algorithm R): O(m) memory for any n. */
    for (size_t i = 0; i < n; i++) {
        if (i < m) {
            idx[i] = i;
        } else {
            size_t j = (size_t)(rng_unif(&rng) * (double)(i + 1));
            if (j < m)
                idx[j] = i;
        }
    }
    for (size_t i = 0; i < m; i++)
        cnt[labels[idx[i]]]++;
    for (size_t c = 0; c < k; c++)
        nonempty += cnt[c] > 0;
    if (nonempty < 2 || nonempty == m) {
        csat__free(&a, idx);
        csat__free(&a, cnt);
        csat__free(&a, dsum);
        return csat__err(err, CSAT_EDOM, "labels", CSAT_NO_ROW,
                         "labels of the sample have %zu non-empty clusters in %zu rows: the silhouette needs "
                         "2 or more, and fewer than the rows",
                         nonempty, m);
    }
    /* distances of values near 1e200 would overflow: the silhouette is a
     * ratio, so measure them on X times a power of two */
    g = 0.0;
    for (size_t i = 0; i < nd; i++)
        g = fmax(g, fabs(X[i]));
    g = pow2_scale(g);
    for (size_t i = 0; i < m; i++) {
        const double *xi = X + idx[i] * d;
        size_t own = (size_t)labels[idx[i]];
        double ai, bi = DBL_MAX;
        for (size_t c = 0; c < k; c++)
            dsum[c] = 0.0;
        for (size_t j = 0; j < m; j++)
            if (j != i)
                dsum[labels[idx[j]]] += g == 1.0 ? sqrt(dist2(xi, X + idx[j] * d, d))
                                                 : scaled_dist(xi, X + idx[j] * d, d, g);
        if (cnt[own] <= 1)
            continue; /* a singleton scores 0 */
        ai = dsum[own] / (double)(cnt[own] - 1);
        for (size_t c = 0; c < k; c++)
            if (c != own && cnt[c] > 0 && dsum[c] / (double)cnt[c] < bi)
                bi = dsum[c] / (double)cnt[c];
        if (ai > 0.0 || bi > 0.0)
            csat__ksum_add(&total, (bi - ai) / (ai > bi ? ai : bi));
    }
    *out = csat__ksum_value(&total) / (double)m;
    csat__free(&a, idx);
    csat__free(&a, cnt);
    csat__free(&a, dsum);
    return CSAT_OK;
}

csat_status csat_kmeans_elbow(csat_kmeans *km, const double *X, size_t n, size_t d,
                              const csat_kmeans_options *opts, size_t k_min, size_t k_max, int *labels,
                              double *inertia)
{
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    csat_kmeans tmp;
    double *curve;
    int *lab;
    csat_status st = CSAT_OK;
    if (km == NULL)
        return CSAT_EINVAL;
    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_KMEANS_OPTIONS_VERSION))
            return csat__fail(&km->base, CSAT_EVERSION, "unknown options version %u", opts->version);
        o = *opts;
    }
    if (!csat__array_bytes_ok(n, d, sizeof *X) || !csat__array_bytes_ok(n, 1, sizeof *labels))
        return csat__fail(&km->base, CSAT_EINVAL,
                          "X of %zu rows x %zu columns overflows the address space", n, d);
    if (inertia == NULL || labels == NULL || k_min == 0 || k_min > k_max || k_max > n || o.init_centers)
        return csat__fail(&km->base, CSAT_EINVAL,
                          "need 1 <= k_min <= k_max <= n, inertia, labels and no init_centers");
    /* The fits run on a scratch handle, curve and labelling: on any error
     * the caller's handle, inertia and labels are as they were. */
    memset(&tmp, 0, sizeof tmp);
    tmp.base.alloc = km->base.alloc;
    curve = csat__malloc_array(&km->base.alloc, k_max - k_min + 1, sizeof *curve);
    lab = csat__malloc_array(&km->base.alloc, n, sizeof *lab);
    if (!curve || !lab)
        st = csat__fail(&km->base, CSAT_ENOMEM, "out of memory");
    for (size_t k = k_min; st == CSAT_OK && k <= k_max; k++) {
        o.k = k;
        st = csat_kmeans_fit(&tmp, X, n, d, &o, lab);
        if (st != CSAT_OK)
            csat__fail(&km->base, st, "k = %zu: %s", k, tmp.base.err);
        else
            curve[k - k_min] = tmp.inertia;
    }
    if (st == CSAT_OK) {
        memcpy(inertia, curve, (k_max - k_min + 1) * sizeof *curve);
        memcpy(labels, lab, n * sizeof *lab);
        csat__free(&km->base.alloc, km->centers);
        km->centers = tmp.centers;
        km->scaled = tmp.scaled;
        km->scales = tmp.scales;
        tmp.centers = NULL;
        km->k = tmp.k;
        km->d = tmp.d;
        km->n_iter = tmp.n_iter;
        km->inertia = tmp.inertia;
        km->converged = tmp.converged;
        km->fitted = 1;
        csat__clear_error(&km->base);
    }
    csat__free(&km->base.alloc, tmp.centers);
    csat__free(&km->base.alloc, curve);
    csat__free(&km->base.alloc, lab);
    return st;
}
