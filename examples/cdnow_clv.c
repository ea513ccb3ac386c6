/*
 * cdnow_clv: customer-base analysis of a transaction log, CDNOW style:
 * transactions -> per-customer summaries -> BG/NBD and Gamma-Gamma fits with
 * standard errors -> the most valuable customers, how many are probably
 * lost, and calibration vs holdout accuracy. Run `cdnow_clv --help`.
 *
 * Time unit: weeks; purchases on the same day count once (as in Fader,
 * Hardie & Lee 2005). Summaries come from the csat_customers store. No sizes
 * are built in: the arrays grow with the file.
 */
#include <csat.h>

#include "example_util.h"

#ifndef CSAT_EXAMPLE_DATA_DIR
#define CSAT_EXAMPLE_DATA_DIR "tests/data"
#endif

static const char USAGE[] =
    "Usage: cdnow_clv [options] [FILE]\n"
    "\n"
    "BG/NBD and Gamma-Gamma analysis of a transaction log: per-customer summaries\n"
    "(weeks; purchases on the same day count once), both fits with standard errors,\n"
    "the most valuable customers by CLV, how many are probably lost, and predicted\n"
    "against actual repeat purchases in the holdout period.\n"
    "\n"
    "FILE holds one transaction per line, fields separated by blanks, in one of two\n"
    "layouts (the first data line decides; every line must then have as many fields):\n"
    "  customer_id date count amount             (CDNOW_master.txt)\n"
    "  other_id customer_id date count amount    (CDNOW_sample.txt)\n"
    "customer ids are unsigned integers, dates YYYYMMDD or YYYY-MM-DD, count and\n"
    "amount numbers (count is not used); one header line is allowed first.\n"
    "Default FILE: " CSAT_EXAMPLE_DATA_DIR "/CDNOW_sample.txt\n"
    "\n"
    "Options:\n"
    "  --calibration-end DATE  last day of the calibration period (default: halfway\n"
    "                          between the first and last date, 1997-09-30 for CDNOW);\n"
    "                          the holdout runs from the next day to the last date\n"
    "  --top N                 customers to list (default 10)\n"
    "  --months N              CLV horizon in months (default 12)\n"
    "  --discount R            discount rate per month (default 0.01)\n"
    "  -h, --help              print this text and exit\n"
    "\n"
    "Exit status 0 on success; 1 with a message on stderr on any error (a file that\n"
    "cannot be opened, a malformed line, named as FILE:LINE, or a library error).\n";

static const double *g_clv; /* qsort has no context argument */
static int by_clv_desc(const void *a, const void *b)
{
    double d = g_clv[*(const size_t *)b] - g_clv[*(const size_t *)a];
    return (d > 0) - (d < 0);
}

int main(int argc, char **argv)
{
    const char *path = CSAT_EXAMPLE_DATA_DIR "/CDNOW_sample.txt";
    long cal_end = -1;
    int have_cal_end = 0, holdout;
    double top_arg = 10, months = 12, discount = 0.01;
    ex_transactions t = {0};
    csat_customers *store = NULL;
    csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
    csat_btyd_model *m = NULL;
    csat_spend_model *s = NULL;
    csat_clv_options co = CSAT_CLV_OPTIONS_INIT;
    double p[4], se[4], ll, gp[3], gse[3], equity, sum_x = 0, horizon;
    double *x, *tx, *T, *z, *xh = NULL, *pa, *ex, *eh = NULL, *clv, *xs;
    uint64_t *cid;
    size_t *order, n = 0, n_excluded = 0, lost = 0, top, zero_spend = 0;
    char d0[32], d1[32], d2[32];

    ex_start(argc, argv, "cdnow_clv", USAGE);
    for (int i = 1, files = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--calibration-end") == 0) {
            cal_end = ex_date_arg(a, ex_option_value(argc, argv, &i));
            have_cal_end = 1;
        } else if (strcmp(a, "--top") == 0) {
            top_arg = ex_number_arg(a, ex_option_value(argc, argv, &i), 0, 1e9);
        } else if (strcmp(a, "--months") == 0) {
            months = ex_number_arg(a, ex_option_value(argc, argv, &i), 1, 1200);
        } else if (strcmp(a, "--discount") == 0) {
            discount = ex_number_arg(a, ex_option_value(argc, argv, &i), 0, 1);
        } else {
            ex_file_argument(a, &path, &files);
        }
    }
    if (top_arg != (double)(size_t)top_arg || months != (double)(long)months)
        ex_fail("--top and --months take whole numbers");

    ex_read_transactions(path, 1, &t);
    if (!have_cal_end)
        cal_end = t.first + (t.last - t.first) / 2;
    holdout = cal_end < t.last;

    /* summaries: one period = one day (the store's time unit), weeks out */
    so.observation_end = (double)(holdout ? t.last : cal_end);
    so.calibration_end = holdout ? (double)cal_end : NAN;
    so.time_scale = 7;
    ex_check(csat_customers_new(&store, NULL), "csat_customers_new", NULL);
    ex_check(csat_customers_add(store, t.id, t.day, t.amount, t.n), "csat_customers_add",
             csat_customers_last_error(store));
    ex_check(csat_customers_summarize(store, &so, &n, &n_excluded), "csat_customers_summarize",
             csat_customers_last_error(store));
    cid = ex_alloc(n, sizeof *cid);
    order = ex_alloc(n, sizeof *order);
    x = ex_alloc(n, sizeof *x), tx = ex_alloc(n, sizeof *tx), T = ex_alloc(n, sizeof *T);
    z = ex_alloc(n, sizeof *z), pa = ex_alloc(n, sizeof *pa), ex = ex_alloc(n, sizeof *ex);
    clv = ex_alloc(n, sizeof *clv);
    ex_check(csat_customers_summary_ids(store, cid, n), "csat_customers_summary_ids",
             csat_customers_last_error(store));
    {
        const csat_summary_field fld[4] = {CSAT_SUMMARY_FREQUENCY, CSAT_SUMMARY_RECENCY, CSAT_SUMMARY_T,
                                           CSAT_SUMMARY_MONETARY_VALUE};
        double *col[4] = {x, tx, T, z};
        for (int k = 0; k < 4; k++)
            ex_check(csat_customers_summary_column(store, fld[k], col[k], n),
                     "csat_customers_summary_column", csat_customers_last_error(store));
    }
    if (holdout) {
        xh = ex_alloc(n, sizeof *xh);
        eh = ex_alloc(n, sizeof *eh);
        ex_check(csat_customers_summary_column(store, CSAT_SUMMARY_FREQUENCY_HOLDOUT, xh, n),
                 "csat_customers_summary_column", csat_customers_last_error(store));
    }
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        sum_x += x[i];
    }
    ex_format_date(t.first, d0, sizeof d0);
    ex_format_date(cal_end, d1, sizeof d1);
    ex_format_date(t.last, d2, sizeof d2);
    printf("%s: %zu transactions, %s .. %s\n", path, t.n, d0, d2);
    printf("Calibration to %s: %zu customers (%zu first buying later left out), %.0f repeat "
           "purchase days\n",
           d1, n, n_excluded, sum_x);
    if (holdout)
        printf("Holdout %.0f days to %s\n\n", (double)(t.last - cal_end), d2);
    else
        printf("No holdout (the calibration period reaches the last date)\n\n");

    ex_check(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), "csat_btyd_new", NULL);
    ex_check(csat_btyd_fit(m, x, tx, T, NULL, n, NULL), "csat_btyd_fit", csat_btyd_last_error(m));
    ex_check(csat_btyd_get_params(m, p, 4), "csat_btyd_get_params", csat_btyd_last_error(m));
    ex_check(csat_btyd_standard_errors(m, se, 4), "csat_btyd_standard_errors", csat_btyd_last_error(m));
    ex_check(csat_btyd_log_likelihood(m, &ll, NULL, NULL), "csat_btyd_log_likelihood",
             csat_btyd_last_error(m));
    printf("BG/NBD on %zu customers (LL %.4f):\n", n, ll);
    printf("  r %.4f (%.4f)  alpha %.4f (%.4f)  a %.4f (%.4f)  b %.4f (%.4f)\n", p[0], se[0], p[1], se[1],
           p[2], se[2], p[3], se[3]);
    /* The reference fits of the bundled CDNOW files, to compare with. */
    if (n == 2357 && sum_x == 2457 && cal_end == ex_days_from_civil(1997, 9, 30))
        printf("  reference for the CDNOW sample: r 0.2426  alpha 4.4135  a 0.7929  b 2.4258, LL "
               "-9582.43\n  (Fader, Hardie & Lee 2005 and lifetimes' BetaGeoFitter on the published "
               "summary;\n  tests/btyd/test_btyd.c; recency here is not rounded to 2 decimals)\n");
    if (n == 23570 && sum_x == 24337 && cal_end == ex_days_from_civil(1997, 9, 30))
        printf("  reference for CDNOW_master.txt: r 0.2516  alpha 4.7889  a 0.7234  b 2.1611, LL "
               "-95368.44\n  (tests/reference/cdnow_master_bgnbd.py: pandas summary, scipy fit)\n");

    /* Gamma-Gamma needs a positive mean spend: repeat buyers whose repeat
     * purchases cost $0 are left out of its fit (frequency 0 there). */
    xs = ex_alloc(n, sizeof *xs);
    for (size_t i = 0; i < n; i++) {
        xs[i] = z[i] > 0 ? x[i] : 0;
        zero_spend += x[i] > 0 && !(z[i] > 0);
    }
    ex_check(csat_spend_new(&s, NULL), "csat_spend_new", NULL);
    ex_check(csat_spend_fit(s, xs, z, NULL, n, NULL), "csat_spend_fit (Gamma-Gamma)", csat_spend_last_error(s));
    ex_check(csat_spend_get_params(s, gp, 3), "csat_spend_get_params", csat_spend_last_error(s));
    ex_check(csat_spend_standard_errors(s, gse, 3), "csat_spend_standard_errors", csat_spend_last_error(s));
    printf("Gamma-Gamma on the repeat buyers");
    if (zero_spend)
        printf(" (%zu with repeat spend $0 left out)", zero_spend);
    printf(":\n  p %.3f (%.3f)  q %.3f (%.3f)  gamma %.3f (%.3f)\n\n", gp[0],
           gse[0], gp[1], gse[1], gp[2], gse[2]);

    ex_check(csat_btyd_p_alive(m, x, tx, T, n, pa), "csat_btyd_p_alive", csat_btyd_last_error(m));
    ex_check(csat_btyd_expected_purchases(m, 52, x, tx, T, n, ex), "csat_btyd_expected_purchases",
             csat_btyd_last_error(m));
    co.n_steps = (size_t)months;
    co.step = 4.345; /* weeks per month */
    co.discount_rate = discount;
    {
        /* CLV of every customer but those left out of the spend model
         * (their CLV stays 0): the rows packed, computed, put back. */
        double *px = ex_alloc(n, sizeof *px), *ptx = ex_alloc(n, sizeof *ptx), *pT = ex_alloc(n, sizeof *pT);
        double *pz = ex_alloc(n, sizeof *pz), *pclv = ex_alloc(n, sizeof *pclv);
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (!(x[i] > 0 && !(z[i] > 0))) {
                px[k] = x[i], ptx[k] = tx[i], pT[k] = T[i], pz[k] = z[i];
                k++;
            }
        ex_check(csat_clv(m, s, px, ptx, pT, pz, k, &co, pclv, &equity), "csat_clv", csat_spend_last_error(s));
        k = 0;
        for (size_t i = 0; i < n; i++)
            clv[i] = x[i] > 0 && !(z[i] > 0) ? 0.0 : pclv[k++];
        free(px), free(ptx), free(pT), free(pz), free(pclv);
    }
    g_clv = clv;
    qsort(order, n, sizeof order[0], by_clv_desc);
    top = (size_t)top_arg < n ? (size_t)top_arg : n;
    printf("The %zu most valuable customers (%.0f-month CLV, %g%%/month discount):\n", top, months,
           100 * discount);
    printf("  %10s %4s %7s %7s %8s %9s %10s\n", "id", "x", "t_x", "T", "P(alive)", "E[X(52)]", "CLV ($)");
    for (size_t j = 0; j < top; j++) {
        size_t i = order[j];
        printf("  %10llu %4.0f %7.2f %7.2f %8.3f %9.2f %10.2f\n", (unsigned long long)cid[i], x[i], tx[i],
               T[i], pa[i], ex[i], clv[i]);
    }
    for (size_t i = 0; i < n; i++)
        lost += pa[i] < 0.5;
    printf("\nCustomer equity over %.0f months: $%.2f\n", months, equity);
    printf("Probably lost (P(alive) < 0.5): %zu of %zu customers\n", lost, n);

    if (holdout) {
        double tp = 0, ta = 0;
        horizon = (double)(t.last - cal_end) / 7.0;
        ex_check(csat_btyd_expected_purchases(m, horizon, x, tx, T, n, eh), "csat_btyd_expected_purchases",
                 csat_btyd_last_error(m));
        printf("\nCalibration vs holdout (%.1f weeks): predicted vs actual repeat purchases\n", horizon);
        printf("  %8s %6s %10s %8s\n", "x (cal)", "n", "predicted", "actual");
        for (int b = 0; b <= 7; b++) {
            double sp = 0, sa = 0;
            size_t cnt = 0;
            for (size_t i = 0; i < n; i++)
                if ((b < 7 && x[i] == b) || (b == 7 && x[i] >= 7)) {
                    sp += eh[i];
                    sa += xh[i];
                    cnt++;
                }
            if (cnt)
                printf("  %7d%s %6zu %10.3f %8.3f   (per customer)\n", b, b == 7 ? "+" : " ", cnt, sp / (double)cnt,
                       sa / (double)cnt);
            tp += sp;
            ta += sa;
        }
        printf("  overall: predicted %.1f, actual %.0f repeat purchases\n", tp, ta);
    }
    csat_btyd_free(m);
    csat_spend_free(s);
    csat_customers_free(store);
    ex_free_transactions(&t);
    free(cid), free(order), free(x), free(tx), free(T), free(z), free(xh), free(pa), free(ex), free(eh), free(clv), free(xs);
    return 0;
}
