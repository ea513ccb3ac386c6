/* Benefit segmentation (docs/theory/segmentation.rst, 11.7): the benefit each respondent rates most important. */
#include "segments/segmentation.h"

#include <string.h>

/* Shares quoted by the theory; they sum to 0.97. */
static const double theory_shares[5] = {0.52, 0.27, 0.10, 0.05, 0.03};

csat_status csat_benefit_theory_shares(double *shares, double *sum, csat_error *err)
{
    csat__err_clear(err);
    if (shares == NULL)
        return csat__err_null(err, "shares");
    memcpy(shares, theory_shares, sizeof theory_shares);
    if (sum)
        *sum = 0.52 + 0.27 + 0.10 + 0.05 + 0.03;
    return CSAT_OK;
}

csat_status csat_benefit_segments(const double *importance, size_t n, size_t n_benefits, int *segment,
                                  double *shares, csat_error *err)
{
    size_t nb;
    csat_status st;
    csat__err_clear(err);
    if (!importance)
        return csat__err_null(err, "importance");
    if (!segment)
        return csat__err_null(err, "segment");
    if (n_benefits == 0)
        return csat__err(err, CSAT_EINVAL, "n_benefits", CSAT_NO_ROW, "n_benefits = %zu is 0",
                         n_benefits);
    if (n_benefits > (size_t)INT32_MAX)
        return csat__err(err, CSAT_EINVAL, "n_benefits", CSAT_NO_ROW,
                         "n_benefits = %zu exceeds INT32_MAX", n_benefits);
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no respondents");
    if (!csat__array_bytes_ok(n, n_benefits, sizeof *importance))
        return csat__err(err, CSAT_EINVAL, "n", CSAT_NO_ROW,
                         "n x n_benefits = %zu x %zu overflows the address space", n, n_benefits);
    nb = n * n_benefits;
    if ((st = csat__check_finite(err, "importance", importance, nb)) != CSAT_OK)
        return st;
    if (shares)
        for (size_t b = 0; b <= n_benefits; b++)
            shares[b] = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double *row = importance + i * n_benefits;
        size_t best = 0, ties = 0;
        for (size_t b = 1; b < n_benefits; b++) {
            if (row[b] > row[best]) {
                best = b;
                ties = 0;
            } else if (row[b] == row[best]) {
                ties++;
            }
        }
        segment[i] = ties ? -1 : (int)best;
        if (shares)
            shares[ties ? n_benefits : best] += 1.0;
    }
    if (shares)
        for (size_t b = 0; b <= n_benefits; b++)
            shares[b] /= (double)n;
    return CSAT_OK;
}
