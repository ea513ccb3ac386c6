/*
 * libFuzzer target for the customer store: the input is a little program of
 * add / summarize / lookup / export / query operations with arbitrary ids,
 * times, amounts and options (raw doubles, so NaN, Inf, negative and huge
 * values all occur). Any crash, leak or UB is a finding; so are a successful
 * summary that exports a non-finite number or recency > T, and a customer's
 * transactions out of order.
 */
#include "csat.h"
#include "fuzz_util.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Mostly small day numbers (to hit shared periods), sometimes raw bits. */
static double number(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 200)
        return (double)byte(r) * ((tag & 3) == 0 ? 0.25 : 1.0);
    if (tag < 230 && r->n >= 8)
        return raw_double(r);
    switch (tag % 6) {
    case 0: return NAN;
    case 1: return INFINITY;
    case 2: return -1.0;
    case 3: return 1e308;
    case 4: return 1e-300;
    default: return -0.0;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    csat_customers *c = NULL;
    uint64_t ids[64], out_ids[64];
    double t[64], a[64], col[64];
    size_t n_sum = 0;
    int have = 0;
    if (csat_customers_new(&c, NULL) != CSAT_OK)
        return 0;
    while (r.n) {
        uint8_t op = byte(&r) % 8;
        if (op <= 2) { /* add */
            size_t n = byte(&r) % 64;
            for (size_t i = 0; i < n; i++) {
                ids[i] = byte(&r) % 8 + (op == 2 ? UINT64_MAX - 8 : 0);
                t[i] = number(&r);
                a[i] = number(&r);
            }
            if (csat_customers_add(c, ids, t, op == 1 ? NULL : a, n) == CSAT_OK && n)
                have = 0;
        } else if (op == 3) { /* summarize */
            csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
            size_t s = 0, e = 0;
            o.period = number(&r);
            o.observation_end = number(&r);
            o.calibration_end = byte(&r) & 1 ? number(&r) : NAN;
            o.time_scale = number(&r);
            o.period_origin = byte(&r) & 1 ? number(&r) : 0.0;
            if (csat_customers_summarize(c, &o, &s, &e) == CSAT_OK) {
                have = 1;
                n_sum = s;
            }
        } else if (op == 4 && have && n_sum <= 64) { /* export */
            for (int f = 0; f <= CSAT_SUMMARY_DURATION_HOLDOUT; f++)
                if (csat_customers_summary_column(c, (csat_summary_field)f, col, 64) == CSAT_OK)
                    check_finite(col, n_sum);
            if (csat_customers_summary_ids(c, out_ids, 64) != CSAT_OK)
                __builtin_trap();
        } else if (op == 5) { /* lookup */
            csat_customer_summary s;
            if (csat_customers_lookup(c, byte(&r) % 8, &s) == CSAT_OK) {
                double v[7] = {s.first_time, s.frequency, s.recency, s.T, s.monetary_value,
                               s.total_amount, s.n_transactions};
                check_finite(v, 7);
                if (s.recency > s.T || s.frequency > s.n_transactions)
                    __builtin_trap();
            }
        } else if (op == 6) { /* per-customer rows */
            size_t n = 0;
            if (csat_customers_transactions(c, byte(&r) % 8, t, a, byte(&r) % 65, &n) == CSAT_OK)
                for (size_t i = 1; i < n; i++)
                    if (t[i] < t[i - 1] || (t[i] == t[i - 1] && a[i] < a[i - 1]))
                        __builtin_trap(); /* rows must come back in (time, amount) order */
        } else { /* counts and ids */
            size_t nc = 0, nt = 0;
            (void)csat_customers_count(c, &nc, &nt);
            (void)csat_customers_ids(c, out_ids, 64);
        }
    }
    csat_customers_free(c);
    return 0;
}
