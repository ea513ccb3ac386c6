/*
 * Prediction intervals (issue 15 §4) on CDNOW (2,357 customers): the CPU
 * time of the delta method, the parametric bootstrap (1,000 draws) and the
 * customer-resampling bootstrap (1,000 refits), on P(alive) of BG/NBD and
 * Pareto/NBD and on CLV / customer equity (BG/NBD + Gamma-Gamma).
 * Run: meson test -C build --benchmark -v intervals
 */
#include "csat.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static size_t read_cdnow(double **col)
{
    FILE *f = fopen(CSAT_BENCH_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", "rb");
    char line[256];
    size_t n = 0;
    if (!f)
        return 0;
    for (int j = 0; j < 5; j++)
        col[j] = malloc(4096 * sizeof(double));
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return 0;
    }
    while (n < 4096 && fgets(line, sizeof line, f))
        if (sscanf(line, "%lf,%lf,%lf,%lf,%lf", &col[0][n], &col[1][n], &col[2][n], &col[3][n], &col[4][n]) == 5)
            n++;
    fclose(f);
    return n;
}

static double cpu(void) { return (double)clock() / CLOCKS_PER_SEC; }

int main(void)
{
    double *c[5], *e, *l, *u, tot[3], t0;
    size_t n = read_cdnow(c);
    csat_btyd_model *m = NULL;
    csat_spend_model *s = NULL;
    static const char *names[] = {"delta", "parametric (1000 draws)", "resample (1000 refits)"};
    if (n != 2357) {
        fprintf(stderr, "CDNOW not found\n");
        return 1;
    }
    e = malloc(n * sizeof *e), l = malloc(n * sizeof *l), u = malloc(n * sizeof *u);
    if (csat_spend_new(&s, NULL) != CSAT_OK || csat_spend_fit(s, c[1], c[4], NULL, n, NULL) != CSAT_OK)
        return 1;
    for (int kind = CSAT_BTYD_BGNBD; kind <= CSAT_BTYD_PARETO_NBD; kind++) {
        if (csat_btyd_new(&m, NULL, (csat_btyd_kind)kind) != CSAT_OK ||
            csat_btyd_fit(m, c[1], c[2], c[3], NULL, n, NULL) != CSAT_OK)
            return 1;
        for (int method = 0; method < 3; method++) {
            csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
            o.method = (csat_interval_method)method;
            t0 = cpu();
            if (csat_btyd_intervals(m, CSAT_PREDICT_P_ALIVE, 0, c[1], c[2], c[3], NULL, n, &o, e, l, u, tot) !=
                CSAT_OK) {
                fprintf(stderr, "%s\n", csat_btyd_last_error(m));
                return 1;
            }
            printf("%-10s P(alive), %-24s %8.3f s CPU  sum %.1f [%.1f, %.1f]; customer 1 %.4f [%.4f, %.4f]\n",
                   kind ? "Pareto/NBD" : "BG/NBD", names[method], cpu() - t0, tot[0], tot[1], tot[2], e[0],
                   l[0], u[0]);
            if (kind == CSAT_BTYD_BGNBD) {
                t0 = cpu();
                if (csat_clv_intervals(m, s, c[1], c[2], c[3], c[4], NULL, n, NULL, &o, e, l, u, tot) != CSAT_OK) {
                    fprintf(stderr, "%s\n", csat_spend_last_error(s));
                    return 1;
                }
                printf("%-10s CLV,      %-24s %8.3f s CPU  equity %.0f [%.0f, %.0f]; customer 1 %.2f [%.2f, %.2f]\n",
                       "BG/NBD+GG", names[method], cpu() - t0, tot[0], tot[1], tot[2], e[0], l[0], u[0]);
            }
        }
        csat_btyd_free(m);
    }
    csat_spend_free(s);
    return 0;
}
