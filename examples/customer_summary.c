/*
 * customer_summary: per-customer purchase summary (frequency, recency, T,
 * mean spend, holdout columns) of a transaction log, computed by the
 * csat_customers store. Run `customer_summary --help`.
 *
 * All file reading happens here; libcsat itself does no I/O.
 */
#include "csat.h"

#include "example_util.h"

#ifndef CSAT_EXAMPLE_DATA_DIR
#define CSAT_EXAMPLE_DATA_DIR "tests/data"
#endif

static const char USAGE[] =
    "Usage: customer_summary [options] [FILE]\n"
    "\n"
    "Per-customer summary of a transaction log: repeat purchase days x, recency t_x and\n"
    "age T in weeks, mean repeat spend, and holdout purchases and spend, as the BG/NBD\n"
    "literature and lifetimes' summary_data_from_transaction_data define them (purchase\n"
    "days counted once), with calibration and holdout totals.\n"
    "\n"
    "FILE holds one transaction per line, fields separated by commas (if the first line\n"
    "has one) or by blanks; one header line is allowed first. The columns, counted\n"
    "from 1, are chosen by the options below: customer id (unsigned integer), date\n"
    "(YYYYMMDD or YYYY-MM-DD) and amount (a number); other columns are ignored.\n"
    "Default FILE: " CSAT_EXAMPLE_DATA_DIR "/CDNOW_sample.txt (columns 2, 3, 5)\n"
    "\n"
    "Options:\n"
    "  --id-col N              column of the customer id (default 2)\n"
    "  --date-col N            column of the date (default 3)\n"
    "  --amount-col N          column of the amount (default 5)\n"
    "  --calibration-end DATE  last day of the calibration period (default: halfway\n"
    "                          between the first and last date, 1997-09-30 for CDNOW);\n"
    "                          the holdout runs to the last date in FILE\n"
    "  -h, --help              print this text and exit\n"
    "\n"
    "Exit status 0 on success; 1 with a message on stderr on any error (a file that\n"
    "cannot be opened, a malformed line, named as FILE:LINE, or a library error).\n";

static void read_log(const char *path, size_t id_col, size_t date_col, size_t amount_col, ex_transactions *out)
{
    FILE *fp = ex_open(path);
    ex_line line = {0};
    ex_fields f = {0};
    const char *seps = NULL;
    size_t need = id_col > date_col ? id_col : date_col;
    need = need > amount_col ? need : amount_col;
    while (ex_read_line(fp, &line)) {
        size_t nf;
        uint64_t id;
        long day;
        double amount;
        if (line.number == 1 && strchr(line.text, ','))
            seps = ",";
        nf = ex_split(line.text, seps, &f);
        if (nf == 0 || (nf == 1 && f.v[0][0] == '\0'))
            continue; /* blank line */
        if (nf < need)
            ex_line_fail(path, line.number, "expected at least %zu fields, got %zu", need, nf);
        if (line.number == 1 && !ex_id(f.v[id_col - 1], &id) && !ex_date(f.v[date_col - 1], &day))
            continue; /* a header line */
        if (!ex_id(f.v[id_col - 1], &id))
            ex_line_fail(path, line.number, "customer id '%.60s' (field %zu) is not an unsigned integer",
                         f.v[id_col - 1], id_col);
        if (!ex_date(f.v[date_col - 1], &day))
            ex_line_fail(path, line.number, "date '%.60s' (field %zu) is not a date (YYYYMMDD or YYYY-MM-DD)",
                         f.v[date_col - 1], date_col);
        if (!ex_number(f.v[amount_col - 1], &amount))
            ex_line_fail(path, line.number, "amount '%.60s' (field %zu) is not a number", f.v[amount_col - 1],
                         amount_col);
        ex_add_transaction(out, id, day, amount);
    }
    ex_close_input(fp, path, &line, &f);
    if (out->n == 0)
        ex_fail("%s: no transactions", path);
}

static double column_sum(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

int main(int argc, char **argv)
{
    const char *path = CSAT_EXAMPLE_DATA_DIR "/CDNOW_sample.txt";
    size_t id_col = 2, date_col = 3, amount_col = 5;
    long cal_end = 0;
    int have_cal_end = 0;
    ex_transactions log = {0};
    csat_customers *store = NULL;
    csat_summary_options opts = CSAT_SUMMARY_OPTIONS_INIT;
    size_t n_customers = 0, n_sum = 0, n_excl = 0, repeaters = 0, show;
    double last_day, *col[7] = {NULL};
    uint64_t *ids = NULL;
    const csat_summary_field fields[7] = {
        CSAT_SUMMARY_FREQUENCY, CSAT_SUMMARY_RECENCY, CSAT_SUMMARY_T, CSAT_SUMMARY_MONETARY_VALUE,
        CSAT_SUMMARY_N_TRANSACTIONS, CSAT_SUMMARY_FREQUENCY_HOLDOUT, CSAT_SUMMARY_MONETARY_VALUE_HOLDOUT};
    char end_text[32], cal_text[32];

    ex_start(argc, argv, "customer_summary", USAGE);
    for (int i = 1, files = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--id-col") == 0 || strcmp(a, "--date-col") == 0 || strcmp(a, "--amount-col") == 0) {
            double v = ex_number_arg(a, ex_option_value(argc, argv, &i), 1, 1e6);
            size_t *dst = a[2] == 'i' ? &id_col : a[2] == 'd' ? &date_col : &amount_col;
            if (v != (double)(size_t)v)
                ex_fail("%s: '%.60s' is not a whole number", a, argv[i]);
            *dst = (size_t)v;
        } else if (strcmp(a, "--calibration-end") == 0) {
            cal_end = ex_date_arg(a, ex_option_value(argc, argv, &i));
            have_cal_end = 1;
        } else {
            ex_file_argument(a, &path, &files);
        }
    }
    read_log(path, id_col, date_col, amount_col, &log);
    if (!have_cal_end)
        cal_end = log.first + (log.last - log.first) / 2;
    if (cal_end >= log.last)
        ex_fail("the calibration end must be before the last date in %s (no holdout otherwise)", path);
    last_day = (double)log.last;

    ex_check(csat_customers_new(&store, NULL), "csat_customers_new", NULL);
    ex_check(csat_customers_add(store, log.id, log.day, log.amount, log.n), "csat_customers_add",
             csat_customers_last_error(store));
    ex_check(csat_customers_count(store, &n_customers, NULL), "csat_customers_count",
             csat_customers_last_error(store));
    opts.period = 1.0;                        /* a purchase day counts once */
    opts.calibration_end = (double)cal_end;
    opts.observation_end = last_day;
    opts.time_scale = 7.0;                    /* recency and T in weeks */
    ex_check(csat_customers_summarize(store, &opts, &n_sum, &n_excl), "csat_customers_summarize",
             csat_customers_last_error(store));
    ids = ex_alloc(n_sum, sizeof *ids);
    for (int k = 0; k < 7; k++)
        col[k] = ex_alloc(n_sum, sizeof *col[k]);
    ex_check(csat_customers_summary_ids(store, ids, n_sum), "csat_customers_summary_ids",
             csat_customers_last_error(store));
    for (int k = 0; k < 7; k++)
        ex_check(csat_customers_summary_column(store, fields[k], col[k], n_sum), "csat_customers_summary_column",
                 csat_customers_last_error(store));
    for (size_t i = 0; i < n_sum; i++)
        repeaters += col[0][i] > 0;

    ex_format_date(cal_end, cal_text, sizeof cal_text);
    ex_format_date(log.last, end_text, sizeof end_text);
    printf("Customer summary of %s\n", path);
    printf("%zu transactions of %zu customers; purchase days counted once.\n", log.n, n_customers);
    printf("Calibration period up to %s, holdout up to %s (%.1f weeks).\n", cal_text, end_text,
           (last_day - opts.calibration_end) / 7.0);
    printf("%zu customers summarized, %zu excluded (first purchase after %s).\n\n", n_sum, n_excl,
           cal_text);
    printf("%10s %5s %9s %9s %10s %6s | %9s %11s\n", "customer", "x", "t_x (wk)", "T (wk)", "mean $",
           "trans.", "holdout x", "holdout $");
    show = n_sum < 10 ? n_sum : 10;
    for (size_t i = 0; i < show; i++)
        printf("%10llu %5.0f %9.2f %9.2f %10.2f %6.0f | %9.0f %11.2f\n", (unsigned long long)ids[i],
               col[0][i], col[1][i], col[2][i], col[3][i], col[4][i], col[5][i], col[6][i]);
    if (show < n_sum)
        printf("%10s\n", "...");
    printf("\nCalibration totals\n");
    printf("  repeat purchase days (sum of x)  %10.0f\n", column_sum(col[0], n_sum));
    printf("  customers with x = 0             %10zu (%.1f%%)\n", n_sum - repeaters,
           100.0 * (double)(n_sum - repeaters) / (double)n_sum);
    printf("  mean T                           %10.2f weeks\n", column_sum(col[2], n_sum) / (double)n_sum);
    printf("  mean repeat-day spend, repeaters %10.2f $\n",
           repeaters ? column_sum(col[3], n_sum) / (double)repeaters : 0.0);
    printf("Holdout totals\n");
    printf("  purchase days                    %10.0f\n", column_sum(col[5], n_sum));
    csat_customers_free(store);
    free(ids);
    for (int k = 0; k < 7; k++)
        free(col[k]);
    ex_free_transactions(&log);
    return 0;
}
