#include "retention/transactions.h"

csat_status csat__txn_check(const uint64_t *ids, const double *times, const double *amounts,
                            size_t n)
{
    if (n == 0)
        return CSAT_EEMPTY;
    if (!ids || !times || !csat__array_bytes_ok(n, 1, sizeof *times))
        return CSAT_EINVAL;
    if (csat__first_not_nonneg(times, n) < n)
        return CSAT_EINVAL;
    if (amounts && csat__first_not_nonneg(amounts, n) < n)
        return CSAT_EINVAL;
    return CSAT_OK;
}
