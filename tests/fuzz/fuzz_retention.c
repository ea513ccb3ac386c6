/*
 * libFuzzer target for the retention module: the input bytes become columns
 * of doubles (raw bit patterns: NaN, Inf, negatives, huge values all occur)
 * fed to the sBG, Kaplan-Meier, log-rank, logistic and economics entry
 * points. Every call must return a status without crashing or leaking.
 */
#include <csat.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bytes to doubles: the first byte picks how values are formed, so both
 * raw bit patterns and small non-negative integers (valid input) are hit. */
static size_t decode(const uint8_t *data, size_t size, double *out, size_t cap)
{
    size_t n = 0;
    int mode;
    if (size == 0)
        return 0;
    mode = data[0] & 3;
    data++;
    size--;
    if (mode == 0) {
        for (; n < cap && (n + 1) * 8 <= size; n++)
            memcpy(&out[n], data + n * 8, 8);
    } else {
        for (; n < cap && n < size; n++)
            out[n] = mode == 1 ? (double)(data[n] % 8) : (double)data[n] / (mode == 2 ? 1.0 : 7.0);
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double v[256], flags[256], out[256], a, b, c;
    uint64_t g[256];
    size_t n = decode(data, size, v, 256), m;
    csat_sbg *sbg = NULL;
    csat_km *km = NULL;
    csat_logistic *lr = NULL;
    csat_km_median med;
    csat_sbg_params p;
    csat_retention_effect eff;
    int found;
    for (size_t i = 0; i < n; i++) {
        flags[i] = (double)((data[1 + i % (size - 1)] >> (i % 8)) & 1);
        g[i] = i % 3;
    }
    if (csat_sbg_new(&sbg, NULL) == CSAT_OK) {
        if (csat_sbg_fit_survivors(sbg, v, n, NULL) == CSAT_OK &&
            csat_sbg_get_params(sbg, &p) == CSAT_OK) {
            (void)csat_sbg_survival(&p, v, n, out);
            (void)csat_sbg_derl(&p, 0.1, 3, &a);
            (void)csat_sbg_expected_lifetime(&p, &a);
        }
        (void)csat_sbg_fit_durations(sbg, v, flags, n, NULL);
        csat_sbg_free(sbg);
    }
    if (csat_km_new(&km, NULL) == CSAT_OK) {
        if (csat_km_fit(km, v, flags, NULL, n, NULL) == CSAT_OK) {
            (void)csat_km_size(km, &m);
            (void)csat_km_table(km, out, out, out, out, out, out, out, out, 256);
            (void)csat_km_median_survival(km, &med);
            (void)csat_km_restricted_mean(km, n ? v[0] : 1.0, &a, &b);
        }
        (void)csat_km_fit(km, v, v, v, n, NULL);
        csat_km_free(km);
    }
    (void)csat_km_logrank(v, flags, g, n, 3, out, out + 3, &a, &b, &c, NULL);
    if (csat_logistic_new(&lr, NULL) == CSAT_OK) {
        csat_logistic_options o = CSAT_LOGISTIC_OPTIONS_INIT;
        o.max_iter = 20;
        if (csat_logistic_fit(lr, v, n / 2, 2, flags, &o, NULL) == CSAT_OK)
            (void)csat_logistic_predict(lr, v, n / 2, 2, out);
        csat_logistic_free(lr);
    }
    (void)csat_churn_auc(v, flags, n, &a, NULL);
    (void)csat_churn_lift(v, flags, n, n ? 1 + n / 10 : 1, out, NULL, NULL, NULL, NULL, NULL, NULL);
    if (n >= 5) {
        csat_campaign cp = {v[0], v[1], v[2], v[3], v[4]};
        size_t best;
        (void)csat_churn_campaign_profit(v, flags, n, &cp, 1 + n / 10, out, &best, NULL);
        (void)csat_econ_clv_gupta_lehmann(v[0], v[1], v[2], v[3], v[4], CSAT_CLV_END_OF_PERIOD, &a);
        (void)csat_econ_clv_berger_nasr(v[0], v[1], v[2], v[3], (size_t)(flags[4] * 10), &a);
        (void)csat_econ_payback(v[0], v[1], v[2], v[3], 1, &a, &found);
        (void)csat_econ_retention_effect(v[0], v[1], v[2], v[3], v[4], &eff);
        (void)csat_econ_clv_survival(v, flags, n, v[0], v[1], CSAT_CLV_START_OF_PERIOD, &a);
    }
    {
        /* transactions: ids from the flags and indices, times and amounts from v */
        double act[64];
        size_t np;
        csat_kpi_report kr;
        for (size_t i = 0; i < n; i++)
            g[i] = (uint64_t)(i % 5) + (uint64_t)flags[i];
        (void)csat_cohort_table(g, v, v, n, NULL, 8, 8, NULL, NULL, act, act, act, act, &np, NULL);
        if (n >= 3)
            (void)csat_kpi_between(g, v, v, n, v[0], v[1], v[2], v, n < 4 ? n : 4, out, &kr, NULL);
        {
            csat_customers *store = NULL;
            if (csat_customers_new(&store, NULL) == CSAT_OK) {
                if (csat_customers_add(store, g, v, NULL, n) == CSAT_OK) {
                    csat_sbg *s2 = NULL;
                    (void)csat_cohort_table_customers(store, NULL, 8, 8, NULL, NULL, act, NULL, NULL,
                                                      NULL, &np, NULL);
                    if (n >= 3)
                        (void)csat_kpi_between_customers(store, v[0], v[1], v[2], NULL, 0, NULL, &kr,
                                                         NULL);
                    if (n >= 4 && csat_sbg_new(&s2, NULL) == CSAT_OK) {
                        (void)csat_sbg_fit_customers(s2, store, v[0], v[1], v[2], v[3], NULL);
                        csat_sbg_free(s2);
                    }
                }
                csat_customers_free(store);
            }
        }
    }
    return 0;
}
