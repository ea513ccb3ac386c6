/* Getting started in C: transactions to per-customer summaries. */
#include <csat.h>
#include <stdio.h>

int main(void)
{
    /* Transactions: customer id, time in days, amount. */
    const uint64_t ids[] = {1, 1, 1, 2, 2};
    const double days[] = {0, 10, 45, 3, 3};
    const double amounts[] = {20, 35, 15, 50, 10};

    csat_customers *store = NULL;
    csat_status st = csat_customers_new(&store, NULL /* libc allocator */);
    if (st != CSAT_OK)
        return 1;
    st = csat_customers_add(store, ids, days, amounts, 5);
    if (st == CSAT_OK) {
        csat_summary_options opts = CSAT_SUMMARY_OPTIONS_INIT;
        opts.observation_end = 70.0; /* day 70 */
        opts.time_scale = 7.0;       /* report recency and T in weeks */
        st = csat_customers_summarize(store, &opts, NULL, NULL);
    }
    if (st == CSAT_OK) {
        csat_customer_summary s;
        for (uint64_t id = 1; id <= 2; id++)
            if (csat_customers_lookup(store, id, &s) == CSAT_OK)
                printf("customer %d: x = %g, t_x = %.2f wk, T = %.2f wk, mean spend %.2f\n",
                       (int)id, s.frequency, s.recency, s.T, s.monetary_value);
    } else {
        fprintf(stderr, "%s: %s\n", csat_strerror(st), csat_customers_last_error(store));
    }
    csat_customers_free(store);
    return st == CSAT_OK ? 0 : 1;
}
