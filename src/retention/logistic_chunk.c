/*
 * The map step of a logistic fit on partitioned rows: a chunk's
 * log-likelihood, score and information (weighted or not).
 */
#include "core/internal.h"
#include "retention/logistic_internal.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

csat_status csat_logistic_chunk_score(const double *X, size_t n_rows, size_t n_cols, const double *y,
                                      int fit_intercept, const double *coef, size_t n_coef, double *ll,
                                      double *score, double *info, const csat_allocator *alloc,
                                      csat_error *err)
{
    return csat_logistic_chunk_score_weighted(X, n_rows, n_cols, y, NULL, fit_intercept, coef,
                                              n_coef, ll, score, info, alloc, err);
}

csat_status csat_logistic_chunk_score_weighted(const double *X, size_t n_rows, size_t n_cols,
                                               const double *y, const double *weights,
                                               int fit_intercept, const double *coef,
                                               size_t n_coef, double *ll, double *score,
                                               double *info, const csat_allocator *alloc,
                                               csat_error *err)
{
    lr_problem pr;
    csat_allocator al;
    size_t nx, pp, part;
    double *g, *H, me, v;
    csat_status st = CSAT_OK;
    csat__err_clear(err);
    if (!y)
        return csat__err_null(err, "y");
    if (!coef)
        return csat__err_null(err, "coef");
    if (!ll)
        return csat__err_null(err, "ll");
    if (!score)
        return csat__err_null(err, "score");
    if (!info)
        return csat__err_null(err, "info");
    if (n_cols && !X)
        return csat__err_null(err, "X");
    if (fit_intercept != 0 && fit_intercept != 1)
        return csat__err(err, CSAT_EINVAL, "fit_intercept", CSAT_NO_ROW,
                         "fit_intercept = %d is not 0 or 1", fit_intercept);
    if (csat__allocator_resolve(&al, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if (!csat__array_bytes_ok(n_rows, n_cols, sizeof *X))
        return csat__err(err, CSAT_EINVAL, "n_rows", CSAT_NO_ROW,
                         "n_rows x n_cols = %zu x %zu overflows the address space",
                         (size_t)(n_rows), (size_t)(n_cols));
    if (!csat__array_bytes_ok(n_rows, 1, sizeof *y))
        return csat__err_size(err, "n_rows", n_rows);
    if (n_coef != n_cols + (size_t)fit_intercept)
        return csat__err(err, CSAT_EINVAL, "n_coef", CSAT_NO_ROW,
                         "n_coef = %zu is not n_cols + fit_intercept = %zu", n_coef,
                         n_cols + (size_t)fit_intercept);
    if (n_coef == 0)
        return csat__err(err, CSAT_EINVAL, "n_coef", CSAT_NO_ROW, "n_coef = %zu is 0", n_coef);
    if (csat__mul_overflow(n_coef, n_coef + 1, &pp) || !csat__array_bytes_ok(pp, 1, sizeof *info))
        return csat__err(err, CSAT_EINVAL, "n_coef", CSAT_NO_ROW,
                         "n_coef = %zu: the n_coef x n_coef information overflows the address space",
                         n_coef);
    if (n_rows == 0)
        return csat__err(err, CSAT_EEMPTY, "n_rows", CSAT_NO_ROW, "n_rows = 0: no rows");
    nx = n_rows * n_cols;
    if ((st = csat__check_finite(err, "X", X, nx)) != CSAT_OK
        || (st = csat__check_finite(err, "coef", coef, n_coef)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n_rows; i++)
        if (!(y[i] == 0.0 || y[i] == 1.0))
            return csat__err(err, CSAT_EINVAL, "y", i, "y[%zu] = %g is not 0 or 1", i, y[i]);
    if (weights && (st = csat__check_nonneg(err, "weights", weights, n_rows)) != CSAT_OK)
        return st;
    /* scratch, so that nothing is written unless every value is finite */
    part = csat__lr_part_doubles(n_rows, n_coef);
    if (pp > SIZE_MAX - part)
        return csat__err(err, CSAT_EINVAL, "n_coef", CSAT_NO_ROW,
                         "n_coef = %zu: the n_coef x n_coef information overflows the address space",
                         n_coef);
    g = csat__malloc_array(&al, pp + part, sizeof *g);
    if (!g)
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "out of memory for the scratch");
    H = g + n_coef;
    pr.X = X, pr.y = y, pr.w = weights, pr.n = n_rows, pr.k = n_cols, pr.p = n_coef, pr.intercept = fit_intercept, pr.l2 = 0.0;
    pr.par = NULL;
    pr.part = g + pp;
    v = csat__lr_pass(&pr, coef, 1, g, H, &me);
    if (!isfinite(v) || csat__first_nonfinite(g, pp) < pp) {
        st = csat__err(err, CSAT_EDOM, "coef", CSAT_NO_ROW,
                       "the log-likelihood or its derivatives overflow a double at coef");
    } else {
        *ll = v;
        for (size_t a = 0; a < n_coef; a++)
            score[a] = -g[a];
        memcpy(info, H, n_coef * n_coef * sizeof *H);
    }
    csat__free(&al, g);
    return st;
}
