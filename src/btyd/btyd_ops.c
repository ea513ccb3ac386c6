/*
 * The lookup from a BTYD kind to its table of operations (each table lives
 * in its kind's file), and the row rules the continuous-time kinds share.
 */
#include "btyd/btyd_ops.h"

const csat__btyd_kind_ops *csat__btyd_ops(csat_btyd_kind kind)
{
    static const csat__btyd_kind_ops *const table[] = {
        [CSAT_BTYD_BGNBD] = &csat__bgnbd_ops,
        [CSAT_BTYD_PARETO_NBD] = &csat__pnbd_ops,
        [CSAT_BTYD_MBGNBD] = &csat__mbgnbd_ops,
        [CSAT_BTYD_BGBB] = &csat__bgbb_ops,
        [CSAT_BTYD_GGOMNBD] = &csat__ggom_ops,
    };
    /* unsigned: the enum's type may be signed, and a negative kind is unknown */
    return (unsigned)kind < sizeof table / sizeof *table ? table[kind] : NULL;
}

static const char *check_continuous(double x, double tx, double T)
{
    if (!isfinite(x) || !isfinite(tx) || !isfinite(T))
        return "NaN or infinite value";
    if (!csat__btyd_is_count(x))
        return "frequency must be a whole number in 0..2^53";
    if (tx < 0)
        return "negative recency";
    if (!(T >= 0))
        return "negative T";
    if (tx > T)
        return "recency exceeds T";
    if (x == 0 && tx != 0)
        return "frequency 0 with recency > 0";
    return NULL;
}

const char *csat__btyd_check_rows_continuous(const csat__btyd_rows *r, size_t *bad)
{
    for (size_t i = 0; i < r->n; i++) {
        const char *why = check_continuous(r->x[i], r->tx[i], r->T[i]);
        if (why) {
            *bad = i;
            return why;
        }
    }
    return NULL;
}
