/*
 * Small dense linear algebra without allocation: a Cholesky solve.
 */
#include "numerics/linalg.h"

#include <math.h>

int csat__spd_solve(const double *A, size_t n, double *B, size_t nrhs, double *L)
{
    double dmax = 0.0;
    for (size_t i = 0; i < n; i++)
        if (A[i * n + i] > dmax)
            dmax = A[i * n + i];
    if (!(dmax > 0.0))
        return 0;
    double floor_ = (double)n * 1e-13 * dmax;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j <= i; j++) {
            double v = A[i * n + j];
            for (size_t k = 0; k < j; k++)
                v -= L[i * n + k] * L[j * n + k];
            if (i == j) {
                if (!(v > floor_))
                    return 0;
                L[i * n + i] = sqrt(v);
            } else {
                L[i * n + j] = v / L[j * n + j];
            }
        }
    }
    for (size_t c = 0; c < nrhs; c++) {
        for (size_t i = 0; i < n; i++) {
            double v = B[i * nrhs + c];
            for (size_t k = 0; k < i; k++)
                v -= L[i * n + k] * B[k * nrhs + c];
            B[i * nrhs + c] = v / L[i * n + i];
        }
        for (size_t i = n; i-- > 0;) {
            double v = B[i * nrhs + c];
            for (size_t k = i + 1; k < n; k++)
                v -= L[k * n + i] * B[k * nrhs + c];
            B[i * nrhs + c] = v / L[i * n + i];
        }
    }
    return 1;
}
