/*
 * Customer-store benchmark: 10,000,000 synthetic transactions over
 * 1,000,000 customers in random order, added in chunks of 1,000,000, then
 * every summary computed (with a calibration/holdout split) and exported;
 * then 1% more rows appended and everything summarized again.
 * A third run (issue 17) adds the same hashed-id rows with all three
 * optional detail columns (cost, category, channel) to report their cost
 * in time and bytes per transaction; the first two runs have none.
 *
 * Prints wall times (CLOCK_MONOTONIC), the store's bytes per transaction and
 * the process's peak RSS (getrusage). Run:
 *   meson test -C build --benchmark customers -v    or
 *   build/tests/bench/bench_customers [n_transactions [n_customers]]
 */
#define _POSIX_C_SOURCE 200809L
#include "csat.h"
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#define CHUNK 1000000

/* One run; hashed != 0 spreads the ids over 64 bits, else ids are 0..n_cust-1;
 * details != 0 adds every row with a cost, a category and a channel. */
static int run(size_t n, size_t n_cust, int hashed, int details)
{
    uint64_t *id = malloc(CHUNK * sizeof *id);
    double *t = malloc(CHUNK * sizeof *t), *a = malloc(CHUNK * sizeof *a), *col = NULL;
    double *cost = details ? malloc(CHUNK * sizeof *cost) : NULL;
    int32_t *cat = details ? malloc(CHUNK * sizeof *cat) : NULL;
    uint64_t seed = 20261123, check_ids = 0;
    csat_customers *c = NULL;
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    size_t n_sum = 0, n_exc = 0, n_customers = 0, bytes = 0;
    double t0, t_add, t_sum, t_exp, t_re, checksum = 0;
    int rc = 1;
    if (!id || !t || !a || (details && (!cost || !cat)) || csat_customers_new(&c, NULL) != CSAT_OK)
        goto done;
    t_add = 0;
    for (size_t done = 0; done < n; done += CHUNK) {
        size_t m = n - done < CHUNK ? n - done : CHUNK;
        for (size_t i = 0; i < m; i++) {
            uint64_t k = splitmix64(&seed) % n_cust;
            id[i] = hashed ? splitmix64(&(uint64_t){k}) : k;
            t[i] = (double)(splitmix64(&seed) >> 11) * 0x1p-53 * 730.0;  /* two years, in days */
            a[i] = (double)(splitmix64(&seed) >> 11) * 0x1p-53 * 100.0;
            if (details) {
                cost[i] = 0.6 * a[i];
                cat[i] = (int32_t)(k % 50);
            }
        }
        t0 = now();
        if ((details ? csat_customers_add_details(c, id, t, a, cost, cat, cat, m)
                     : csat_customers_add(c, id, t, a, m)) != CSAT_OK) {
            fprintf(stderr, "add: %s\n", csat_customers_last_error(c));
            goto done;
        }
        t_add += now() - t0; /* the adds only, not generating the data */
    }
    o.observation_end = 729.0;
    o.calibration_end = 364.0;
    o.time_scale = 7.0;
    t0 = now();
    if (csat_customers_summarize(c, &o, &n_sum, &n_exc) != CSAT_OK) {
        fprintf(stderr, "summarize: %s\n", csat_customers_last_error(c));
        goto done;
    }
    t_sum = now() - t0;
    t0 = now();
    col = malloc(n_sum * sizeof *col);
    if (!col || csat_customers_summary_ids(c, (uint64_t *)(void *)col, n_sum) != CSAT_OK)
        goto done;
    for (size_t j = 0; j < n_sum; j++)
        check_ids ^= ((uint64_t *)(void *)col)[j];
    for (int f = CSAT_SUMMARY_FIRST_TIME; f <= CSAT_SUMMARY_DURATION_HOLDOUT; f++) {
        if (csat_customers_summary_column(c, (csat_summary_field)f, col, n_sum) != CSAT_OK)
            goto done;
        for (size_t j = 0; j < n_sum; j++)
            checksum += col[j];
    }
    t_exp = now() - t0;
    csat_customers_count(c, &n_customers, NULL);
    csat_customers_memory(c, &bytes);
    printf("%s ids%s: %zu transactions, %zu customers (%zu summarized, %zu excluded)\n",
           hashed ? "64-bit hashed" : "dense 0..n-1",
           details ? ", with cost, category and channel columns" : "", n, n_customers, n_sum, n_exc);
    printf("  add           %7.3f s   (10 calls of %d rows)\n", t_add, CHUNK);
    printf("  summarize     %7.3f s   (sort + summaries with holdout)\n", t_sum);
    printf("  add+summarize %7.3f s\n", t_add + t_sum);
    printf("  export        %7.3f s   (ids + 10 columns; checksum %.6e %016llx)\n", t_exp, checksum,
           (unsigned long long)check_ids);
    printf("  store holds   %.1f MiB = %.1f B/transaction (%s B per row, 72 B per customer of summary)\n",
           (double)bytes / 1048576.0, (double)bytes / (double)n, details ? "48" : "24");
    printf("  peak RSS so far %.1f MiB = %.1f B/transaction\n", peak_rss_mib(),
           peak_rss_mib() * 1048576.0 / (double)n);
    /* Append 1% more (unsorted) and summarize again: the tail is sorted
     * alone and merged, not the whole store re-sorted. */
    for (size_t i = 0; i < n / 100 && i < CHUNK; i++) {
        id[i] = hashed ? splitmix64(&(uint64_t){splitmix64(&seed) % n_cust}) : splitmix64(&seed) % n_cust;
        t[i] = (double)(splitmix64(&seed) >> 11) * 0x1p-53 * 730.0;
    }
    t0 = now();
    if ((details ? csat_customers_add_details(c, id, t, a, cost, cat, cat, n / 100 < CHUNK ? n / 100 : CHUNK)
                 : csat_customers_add(c, id, t, a, n / 100 < CHUNK ? n / 100 : CHUNK)) != CSAT_OK ||
        csat_customers_summarize(c, &o, &n_sum, &n_exc) != CSAT_OK)
        goto done;
    t_re = now() - t0;
    printf("  then add 1%% more rows and summarize again: %.3f s (tail sorted alone, merged)\n", t_re);
    rc = 0;
done:
    csat_customers_free(c);
    free(id), free(t), free(a), free(col), free(cost), free(cat);
    return rc;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000000;
    size_t n_cust = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000000;
    if (n == 0 || n_cust == 0)
        return 2;
    return run(n, n_cust, 1, 0) || run(n, n_cust, 0, 0) || run(n, n_cust, 1, 1);
}
