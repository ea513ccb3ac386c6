#include "retention/transactions.h"

csat_status csat__txn_check(const uint64_t *ids, const double *times, const double *amounts,
                            size_t n, csat_error *err)
{
    csat_status st;
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no transactions");
    if (!ids)
        return csat__err_null(err, "ids");
    if (!times)
        return csat__err_null(err, "times");
    if (!csat__array_bytes_ok(n, 1, sizeof *times))
        return csat__err_size(err, "n", n);
    if ((st = csat__check_nonneg(err, "times", times, n)) != CSAT_OK)
        return st;
    if (amounts && (st = csat__check_nonneg(err, "amounts", amounts, n)) != CSAT_OK)
        return st;
    return CSAT_OK;
}
