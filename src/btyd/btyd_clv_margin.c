/* CLV on margin (issue 17 §2): csat_clv times a margin rate or per-customer margins. */
#include "btyd/btyd_handle.h"
#include "numerics/numerics.h"

#include <math.h>

csat_status csat_clv_margin(csat_btyd_model *purchases, csat_spend_model *spend, const double *frequency,
                            const double *recency, const double *T, const double *monetary_value, size_t n,
                            const csat_clv_options *opts, double margin_rate, const double *margins,
                            double *out, double *equity)
{
    csat__ksum eq = {0, 0};
    double *v;
    csat_status st;
    if (!purchases || !spend)
        return CSAT_EINVAL;
    if (!out)
        return csat__fail(&spend->base, CSAT_EINVAL, "out is NULL");
    if (!csat__array_bytes_ok(n, 1, sizeof(double)))
        return csat__fail(&spend->base, CSAT_EINVAL, "n = %zu customers overflow the address space", n);
    if (margins) {
        for (size_t i = 0; i < n; i++)
            if (!(isfinite(margins[i]) && margins[i] >= 0.0))
                return csat__fail(&spend->base, CSAT_EINVAL, "customer %zu: margins[%zu] = %g is not finite "
                                  "and >= 0", i, i, margins[i]);
    } else if (!(isfinite(margin_rate) && margin_rate >= 0.0)) {
        return csat__fail(&spend->base, CSAT_EINVAL, "margin_rate = %g is not finite and >= 0", margin_rate);
    }
    v = csat__malloc_array(&spend->base.alloc, n ? n : 1, sizeof *v);
    if (!v)
        return csat__fail(&spend->base, CSAT_ENOMEM, "no memory for %zu CLVs", n);
    st = csat_clv(purchases, spend, frequency, recency, T, monetary_value, n, opts, v, NULL);
    for (size_t i = 0; st == CSAT_OK && i < n; i++) {
        v[i] *= margins ? margins[i] : margin_rate;
        csat__ksum_add(&eq, v[i]);
        if (!isfinite(v[i]))
            st = csat__fail(&spend->base, CSAT_EDOM, "customer %zu: the CLV on margin overflows", i);
    }
    if (st == CSAT_OK && !isfinite(csat__ksum_value(&eq)))
        st = csat__fail(&spend->base, CSAT_EDOM, "the equity on margin overflows");
    if (st == CSAT_OK) {
        for (size_t i = 0; i < n; i++)
            out[i] = v[i];
        if (equity)
            *equity = csat__ksum_value(&eq);
    }
    csat__free(&spend->base.alloc, v);
    return st;
}
