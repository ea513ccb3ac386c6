/*
 * CDNOW customer-base analysis: transactions -> per-customer summaries ->
 * BG/NBD and Gamma-Gamma fits with standard errors -> the ten most valuable
 * customers, how many are probably lost, and calibration vs holdout accuracy.
 *
 * Usage: cdnow_clv [CDNOW_sample.txt]
 * Calibration: 1997-01-01 .. 1997-09-30 (39 weeks); holdout: the next 39 weeks.
 * Time unit: weeks; purchases on the same day count once (as in Fader,
 * Hardie & Lee 2005). Summaries come from the csat_customers store.
 */
#include "csat.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CSAT_EXAMPLE_DATA_DIR
#define CSAT_EXAMPLE_DATA_DIR "tests/data"
#endif

#define NCUST 2357
#define CAL_END 272 /* day index of 1997-09-30 (day 0 = 1997-01-01) */
#define OBS_END 545 /* 1998-06-30 */

static int day_index(long ymd)
{
    static const int cum[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    int y = (int)(ymd / 10000), m = (int)(ymd / 100 % 100), d = (int)(ymd % 100);
    return (y - 1997) * 365 + cum[m - 1] + d - 1; /* 1997 and 1998 are not leap years */
}

static int by_clv_desc(const void *a, const void *b, const double *clv)
{
    double d = clv[*(const int *)b] - clv[*(const int *)a];
    return (d > 0) - (d < 0);
}

static const double *g_clv; /* qsort has no context argument */
static int cmp(const void *a, const void *b) { return by_clv_desc(a, b, g_clv); }

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : CSAT_EXAMPLE_DATA_DIR "/CDNOW_sample.txt";
    FILE *f = fopen(path, "r");
    static uint64_t tid[8000], cid[NCUST];
    static double tt[8000], ta[8000];
    static double x[NCUST], tx[NCUST], T[NCUST], z[NCUST], xh[NCUST], pa[NCUST], ex[NCUST], e39[NCUST],
        clv[NCUST];
    static int order[NCUST];
    long master, id, ymd, ncd;
    double amount, p[4], se[4], ll, gp[3], gse[3], equity;
    size_t nt = 0, ns = 0;
    csat_customers *store = NULL;
    csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
    csat_btyd_model *m = NULL;
    csat_spend_model *s = NULL;
    csat_clv_options co = CSAT_CLV_OPTIONS_INIT;
    int lost = 0;

    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return 1;
    }
    while (nt < 8000 && fscanf(f, "%ld %ld %ld %ld %lf", &master, &id, &ymd, &ncd, &amount) == 5) {
        tid[nt] = (uint64_t)id;
        tt[nt] = day_index(ymd);
        ta[nt++] = amount;
    }
    fclose(f);
    /* summaries: one period = one day, weeks as the time unit, calibration
     * through 1997-09-30 and holdout through 1998-06-30 */
    so.observation_end = OBS_END;
    so.calibration_end = CAL_END;
    so.time_scale = 7;
    if (csat_customers_new(&store, NULL) != CSAT_OK || csat_customers_add(store, tid, tt, ta, nt) != CSAT_OK ||
        csat_customers_summarize(store, &so, &ns, NULL) != CSAT_OK || ns != NCUST) {
        fprintf(stderr, "summaries: %s\n", store ? csat_customers_last_error(store) : "out of memory");
        return 1;
    }
    if (csat_customers_summary_ids(store, cid, NCUST) != CSAT_OK ||
        csat_customers_summary_column(store, CSAT_SUMMARY_FREQUENCY, x, NCUST) != CSAT_OK ||
        csat_customers_summary_column(store, CSAT_SUMMARY_RECENCY, tx, NCUST) != CSAT_OK ||
        csat_customers_summary_column(store, CSAT_SUMMARY_T, T, NCUST) != CSAT_OK ||
        csat_customers_summary_column(store, CSAT_SUMMARY_MONETARY_VALUE, z, NCUST) != CSAT_OK ||
        csat_customers_summary_column(store, CSAT_SUMMARY_FREQUENCY_HOLDOUT, xh, NCUST) != CSAT_OK)
        return 1;
    for (int i = 0; i < NCUST; i++)
        order[i] = i;

    if (csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD) != CSAT_OK || csat_spend_new(&s, NULL) != CSAT_OK)
        return 1;
    if (csat_btyd_fit(m, x, tx, T, NULL, NCUST, NULL) != CSAT_OK ||
        csat_spend_fit(s, x, z, NULL, NCUST, NULL) != CSAT_OK) {
        fprintf(stderr, "fit failed: %s%s\n", csat_btyd_last_error(m), csat_spend_last_error(s));
        return 1;
    }
    csat_btyd_get_params(m, p, 4);
    csat_btyd_standard_errors(m, se, 4);
    csat_btyd_log_likelihood(m, &ll, NULL, NULL);
    printf("BG/NBD on %d customers (LL %.4f):\n", NCUST, ll);
    printf("  r %.4f (%.4f)  alpha %.4f (%.4f)  a %.4f (%.4f)  b %.4f (%.4f)\n", p[0], se[0], p[1], se[1],
           p[2], se[2], p[3], se[3]);
    csat_spend_get_params(s, gp, 3);
    csat_spend_standard_errors(s, gse, 3);
    printf("Gamma-Gamma on the repeat buyers:\n  p %.3f (%.3f)  q %.3f (%.3f)  gamma %.3f (%.3f)\n\n", gp[0],
           gse[0], gp[1], gse[1], gp[2], gse[2]);

    csat_btyd_p_alive(m, x, tx, T, NCUST, pa);
    csat_btyd_expected_purchases(m, 52, x, tx, T, NCUST, ex);
    csat_btyd_expected_purchases(m, 39, x, tx, T, NCUST, e39);
    co.n_steps = 12;       /* 12 months */
    co.step = 4.345;       /* weeks per month */
    co.discount_rate = 0.01; /* per month */
    if (csat_clv(m, s, x, tx, T, z, NCUST, &co, clv, &equity) != CSAT_OK) {
        fprintf(stderr, "clv: %s\n", csat_spend_last_error(s));
        return 1;
    }
    g_clv = clv;
    qsort(order, NCUST, sizeof order[0], cmp);
    printf("Ten most valuable customers (12-month CLV, 1%%/month discount):\n");
    printf("  %6s %4s %7s %7s %8s %9s %10s\n", "id", "x", "t_x", "T", "P(alive)", "E[X(52)]", "CLV ($)");
    for (int j = 0; j < 10; j++) {
        int i = order[j];
        printf("  %6llu %4.0f %7.2f %7.2f %8.3f %9.2f %10.2f\n", (unsigned long long)cid[i], x[i], tx[i], T[i], pa[i], ex[i], clv[i]);
    }
    for (int i = 0; i < NCUST; i++)
        lost += pa[i] < 0.5;
    printf("\nCustomer equity over 12 months: $%.2f\n", equity);
    printf("Probably lost (P(alive) < 0.5): %d of %d customers\n\n", lost, NCUST);

    printf("Calibration vs holdout (39 weeks): predicted vs actual repeat purchases\n");
    printf("  %8s %6s %10s %8s\n", "x (cal)", "n", "predicted", "actual");
    {
        double tp = 0, tot_a = 0;
        for (int b = 0; b <= 7; b++) {
            double sp = 0, sa = 0;
            int cnt = 0;
            for (int i = 0; i < NCUST; i++)
                if ((b < 7 && x[i] == b) || (b == 7 && x[i] >= 7)) {
                    sp += e39[i];
                    sa += xh[i];
                    cnt++;
                }
            printf("  %7d%s %6d %10.3f %8.3f   (per customer)\n", b, b == 7 ? "+" : " ", cnt, sp / cnt, sa / cnt);
            tp += sp;
            tot_a += sa;
        }
        printf("  overall: predicted %.1f, actual %.0f repeat purchases\n", tp, tot_a);
    }
    csat_btyd_free(m);
    csat_spend_free(s);
    csat_customers_free(store);
    return 0;
}
