/*
 * k-means after the fit: new rows to the nearest fitted centre (the same
 * scaled space and the same comparison as the fit's final assignment), and
 * the state a copy needs (the per-feature scales; centres set by hand).
 */
#include "segments/kmeans_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* Nearest centre of the scaled row xs by the fit's rule (squared distance,
 * strict <: the lowest index wins ties); *best its squared distance. */
static int nearest_centre(const double *xs, const double *c, size_t k, size_t d, double *best)
{
    double b = DBL_MAX;
    int a = 0;
    for (size_t i = 0; i < k; i++) {
        double e = dist2(xs, c + i * d, d);
        if (e < b) {
            b = e;
            a = (int)i;
        }
    }
    *best = b;
    return a;
}

/* The exponent e of v (0.5 <= |v| / 2^e < 1), or -2^20 for 0. */
static int exponent_of(double v)
{
    int e;
    if (v == 0.0)
        return -(1 << 20);
    (void)frexp(v, &e);
    return e;
}

/* A row far outside the fitted data, whose scaled values or squared
 * distances overflow: the row and the centres times a common 2^h (exact),
 * h such that nothing exceeds 2^480, and the nearest centre by
 * ||c||^2 - 2 x.c (the squared distance less ||x||^2): the distances
 * themselves would round to the same value for every centre once ||x||
 * dwarfs them. xs: d scratch. */
static int nearest_rescaled(const csat_kmeans *km, const double *x, double *xs)
{
    const size_t k = km->k, d = km->d;
    int top = -(1 << 20), h, a = 0;
    double b = HUGE_VAL;
    for (size_t j = 0; j < d; j++) {
        int e = exponent_of(x[j]) + exponent_of(km->scales[j]);
        top = e > top ? e : top;
    }
    for (size_t i = 0; i < k * d; i++) {
        int e = exponent_of(km->scaled[i]);
        top = e > top ? e : top;
    }
    h = top > 480 ? 480 - top : 0;
    for (size_t j = 0; j < d; j++) {
        int ex, es;
        double mx = frexp(x[j], &ex), ms = frexp(km->scales[j], &es);
        xs[j] = ldexp(mx * ms, ex + es + h);
    }
    for (size_t i = 0; i < k; i++) {
        double cc = 0.0, xc = 0.0;
        for (size_t j = 0; j < d; j++) {
            double c = ldexp(km->scaled[i * d + j], h);
            cc += c * c;
            xc += xs[j] * c;
        }
        if (cc - 2.0 * xc < b) {
            b = cc - 2.0 * xc;
            a = (int)i;
        }
    }
    return a;
}

csat_status csat_kmeans_predict(csat_kmeans *km, const double *X, size_t n, size_t d, int *labels)
{
    double *xs;
    size_t bad;
    if (km == NULL)
        return CSAT_EINVAL;
    csat__clear_error(&km->base);
    if (!km->fitted)
        return csat__fail(&km->base, CSAT_EMISUSE, "k-means: not fitted yet (no centres)");
    if (!csat__array_bytes_ok(n, d, sizeof *X) || !csat__array_bytes_ok(n, 1, sizeof *labels))
        return csat__fail(&km->base, CSAT_EINVAL,
                          "X of %zu rows x %zu columns overflows the address space", n, d);
    if (X == NULL || labels == NULL)
        return csat__fail(&km->base, CSAT_EINVAL, "X and labels must not be NULL");
    if (d != km->d)
        return csat__fail(&km->base, CSAT_EINVAL, "X has %zu columns but the centres have %zu", d, km->d);
    if (n == 0)
        return csat__fail(&km->base, CSAT_EEMPTY, "no rows to assign");
    bad = csat__first_nonfinite(X, n * d);
    if (bad < n * d)
        return csat__fail(&km->base, CSAT_EINVAL, "X[%zu][%zu] is not finite", bad / d, bad % d);
    xs = csat__malloc_array(&km->base.alloc, d, sizeof *xs);
    if (xs == NULL)
        return csat__fail(&km->base, CSAT_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const double *x = X + i * d;
        double best;
        int a;
        scale_row(x, km->scales, d, xs);
        a = nearest_centre(xs, km->scaled, km->k, d, &best);
        /* best is DBL_MAX at most when every distance overflowed */
        if (!(best < DBL_MAX) || csat__first_nonfinite(xs, d) < d)
            a = nearest_rescaled(km, x, xs);
        labels[i] = a;
    }
    csat__free(&km->base.alloc, xs);
    return CSAT_OK;
}

csat_status csat_kmeans_scales(const csat_kmeans *km, double *scales, size_t cap)
{
    if (km == NULL || scales == NULL || !csat__array_bytes_ok(cap, 1, sizeof *scales))
        return CSAT_EINVAL;
    if (!km->fitted)
        return CSAT_EMISUSE;
    if (cap < km->d)
        return CSAT_EBUFSIZE;
    memcpy(scales, km->scales, km->d * sizeof *scales);
    return CSAT_OK;
}

csat_status csat_kmeans_set_centers(csat_kmeans *km, const double *centers, size_t k, size_t d,
                                    const double *scales)
{
    double *block;
    size_t kd, bad;
    if (km == NULL)
        return CSAT_EINVAL;
    csat__clear_error(&km->base);
    if (!csat__array_bytes_ok(k, d, sizeof *centers) || !csat__array_bytes_ok(2 * k + 1, d, sizeof *centers))
        return csat__fail(&km->base, CSAT_EINVAL,
                          "k = %zu centres of d = %zu features overflow the address space", k, d);
    if (centers == NULL)
        return csat__fail(&km->base, CSAT_EINVAL, "centers must not be NULL");
    if (k == 0 || d == 0)
        return csat__fail(&km->base, CSAT_EINVAL, "need k >= 1 centres of d >= 1 features (k = %zu, d = %zu)", k, d);
    if (k > (size_t)INT32_MAX)
        return csat__fail(&km->base, CSAT_EINVAL, "k = %zu is above %d", k, (int)INT32_MAX);
    kd = k * d;
    bad = csat__first_nonfinite(centers, kd);
    if (bad < kd)
        return csat__fail(&km->base, CSAT_EINVAL, "centers[%zu][%zu] is not finite", bad / d, bad % d);
    if (scales)
        for (size_t j = 0; j < d; j++)
            if (!(isfinite(scales[j]) && scales[j] > 0.0))
                return csat__fail(&km->base, CSAT_EINVAL, "scales[%zu] = %g: must be finite and > 0", j,
                                  scales[j]);
    block = csat__malloc_array(&km->base.alloc, 2 * kd + d, sizeof *block);
    if (block == NULL)
        return csat__fail(&km->base, CSAT_ENOMEM, "out of memory");
    memcpy(block, centers, kd * sizeof *block);
    for (size_t j = 0; j < d; j++)
        block[2 * kd + j] = scales ? scales[j] : 1.0;
    for (size_t i = 0; i < kd; i++)
        block[kd + i] = centers[i] * block[2 * kd + i % d];
    bad = csat__first_nonfinite(block + kd, kd);
    if (bad < kd) {
        double sc = block[2 * kd + bad % d];
        csat__free(&km->base.alloc, block);
        return csat__fail(&km->base, CSAT_EINVAL, "centers[%zu][%zu] overflows once scaled (scale %g)",
                          bad / d, bad % d, sc);
    }
    csat__free(&km->base.alloc, km->centers);
    km->centers = block;
    km->scaled = block + kd;
    km->scales = block + 2 * kd;
    km->k = k;
    km->d = d;
    km->inertia = 0.0;
    km->n_iter = 0;
    km->converged = 0;
    km->fitted = 1;
    return CSAT_OK;
}
