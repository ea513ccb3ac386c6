/*
 * Small dense linear algebra without allocation (numerics/linalg.c).
 */
#ifndef CSAT_NUMERICS_LINALG_H
#define CSAT_NUMERICS_LINALG_H

#include <stddef.h>

/* Solve A X = B for a symmetric positive-definite A (n x n, row-major;
 * only its lower triangle is read) by Cholesky, B (n x nrhs, row-major)
 * overwritten by X. L is caller workspace of n * n doubles (it receives
 * the factor). Returns 0 (B untouched) when A is not numerically positive
 * definite: a pivot <= n * 1e-13 times the largest diagonal element. */
int csat__spd_solve(const double *A, size_t n, double *B, size_t nrhs, double *L);

#endif /* CSAT_NUMERICS_LINALG_H */
