/*
 * Per-customer purchase summary from a transaction log.
 *
 *   customer_summary [FILE [ID_COL DATE_COL AMOUNT_COL [CALIBRATION_END]]]
 *
 * FILE is comma- or whitespace-separated, one transaction per line, with an
 * optional header line; columns are counted from 1 and dates are YYYYMMDD
 * or YYYY-MM-DD. The default is the bundled CDNOW sample (columns 2, 3, 5).
 * The summary counts purchase days, uses CALIBRATION_END (default
 * 1997-09-30) as the end of the calibration period, the last date in the
 * file as the end of observation,
 * and reports recency and T in weeks, as the BG/NBD literature does.
 *
 * All file reading happens here; libcsat itself does no I/O.
 */
#include "csat.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CSAT_EXAMPLE_DATA_DIR
#define CSAT_EXAMPLE_DATA_DIR "tests/data"
#endif

/* Days since 1970-01-01 of a Gregorian date (Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d)
{
    long era, yoe, doy;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* YYYYMMDD or YYYY-MM-DD -> days; -1 if it is neither. */
static long parse_date(const char *s)
{
    long y, m, d;
    char tail;
    if (sscanf(s, "%4ld-%2ld-%2ld", &y, &m, &d) == 3 ||
        (strlen(s) == 8 && sscanf(s, "%4ld%2ld%2ld%c", &y, &m, &d, &tail) == 3))
        if (m >= 1 && m <= 12 && d >= 1 && d <= 31)
            return days_from_civil(y, m, d);
    return -1;
}

static void format_date(long days, char *buf, size_t len)
{
    /* civil_from_days, the inverse of the above */
    long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    snprintf(buf, len, "%04ld-%02ld-%02ld", yoe + era * 400 + (m <= 2), m, d);
}

typedef struct log_columns {
    size_t n, cap;
    uint64_t *id;
    double *day, *amount;
} log_columns;

static int append(log_columns *c, uint64_t id, double day, double amount)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4096;
        uint64_t *i = realloc(c->id, cap * sizeof *i);
        double *t = i ? realloc(c->day, cap * sizeof *t) : NULL;
        double *a = t ? realloc(c->amount, cap * sizeof *a) : NULL;
        if (i)
            c->id = i;
        if (t)
            c->day = t;
        if (!a)
            return -1;
        c->amount = a;
        c->cap = cap;
    }
    c->id[c->n] = id;
    c->day[c->n] = day;
    c->amount[c->n] = amount;
    c->n++;
    return 0;
}

/* Split a line in place on commas/whitespace; returns the field count. */
static int split(char *line, char **field, int max)
{
    int n = 0;
    char *p = line;
    while (*p && n < max) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        field[n++] = p;
        while (*p && *p != ',' && !isspace((unsigned char)*p))
            p++;
        if (*p)
            *p++ = '\0';
    }
    return n;
}

static int read_log(const char *path, int id_col, int date_col, int amount_col, log_columns *out)
{
    char line[1024], *f[32];
    long lineno = 0;
    FILE *fp = fopen(path, "r");
    if (!fp) {
        perror(path);
        return -1;
    }
    while (fgets(line, sizeof line, fp)) {
        int nf = split(line, f, 32);
        char *end;
        unsigned long long id;
        long day;
        double amount;
        lineno++;
        if (nf == 0)
            continue;
        if (nf < id_col || nf < date_col || nf < amount_col) {
            fprintf(stderr, "%s:%ld: expected at least %d columns\n", path, lineno,
                    id_col > date_col ? (id_col > amount_col ? id_col : amount_col)
                                      : (date_col > amount_col ? date_col : amount_col));
            fclose(fp);
            return -1;
        }
        id = strtoull(f[id_col - 1], &end, 10);
        day = parse_date(f[date_col - 1]);
        amount = strtod(f[amount_col - 1], NULL);
        if (*end != '\0' || day < 0) {
            if (lineno == 1)
                continue; /* a header line */
            fprintf(stderr, "%s:%ld: cannot read id '%s' or date '%s'\n", path, lineno, f[id_col - 1],
                    f[date_col - 1]);
            fclose(fp);
            return -1;
        }
        if (append(out, (uint64_t)id, (double)day, amount) != 0) {
            fprintf(stderr, "out of memory\n");
            fclose(fp);
            return -1;
        }
    }
    fclose(fp);
    return 0;
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
    const char *path = argc > 1 ? argv[1] : CSAT_EXAMPLE_DATA_DIR "/CDNOW_sample.txt";
    int id_col = argc > 4 ? atoi(argv[2]) : 2, date_col = argc > 4 ? atoi(argv[3]) : 3;
    int amount_col = argc > 4 ? atoi(argv[4]) : 5;
    long cal_end = argc > 5 ? parse_date(argv[5]) : days_from_civil(1997, 9, 30);
    log_columns log = {0, 0, NULL, NULL, NULL};
    csat_customers *store = NULL;
    csat_summary_options opts = CSAT_SUMMARY_OPTIONS_INIT;
    size_t n_customers = 0, n_sum = 0, n_excl = 0, repeaters = 0, show;
    double last_day = 0, *col[7] = {NULL};
    uint64_t *ids = NULL;
    const csat_summary_field fields[7] = {
        CSAT_SUMMARY_FREQUENCY, CSAT_SUMMARY_RECENCY, CSAT_SUMMARY_T, CSAT_SUMMARY_MONETARY_VALUE,
        CSAT_SUMMARY_N_TRANSACTIONS, CSAT_SUMMARY_FREQUENCY_HOLDOUT, CSAT_SUMMARY_MONETARY_VALUE_HOLDOUT};
    char end_text[64], cal_text[64];
    csat_status st;
    int rc = 1;

    if (id_col < 1 || date_col < 1 || amount_col < 1 || id_col > 32 || date_col > 32 || amount_col > 32 ||
        cal_end < 0) {
        fprintf(stderr, "usage: %s [FILE [ID_COL DATE_COL AMOUNT_COL [YYYY-MM-DD]]] (columns 1..32)\n",
                argv[0]);
        return 2;
    }
    if (read_log(path, id_col, date_col, amount_col, &log) != 0)
        goto done;
    for (size_t i = 0; i < log.n; i++)
        last_day = log.day[i] > last_day ? log.day[i] : last_day;

    if (csat_customers_new(&store, NULL) != CSAT_OK) {
        fprintf(stderr, "out of memory\n");
        goto done;
    }
    st = csat_customers_add(store, log.id, log.day, log.amount, log.n);
    if (st == CSAT_OK)
        st = csat_customers_count(store, &n_customers, NULL);
    opts.period = 1.0;                        /* a purchase day counts once */
    opts.calibration_end = (double)cal_end;
    opts.observation_end = last_day;
    opts.time_scale = 7.0;                    /* recency and T in weeks */
    if (st == CSAT_OK)
        st = csat_customers_summarize(store, &opts, &n_sum, &n_excl);
    if (st != CSAT_OK) {
        fprintf(stderr, "%s: %s\n", csat_strerror(st), csat_customers_last_error(store));
        goto done;
    }
    ids = malloc(n_sum * sizeof *ids);
    for (int k = 0; k < 7; k++)
        col[k] = malloc(n_sum * sizeof *col[k]);
    if (!ids || !col[6]) {
        fprintf(stderr, "out of memory\n");
        goto done;
    }
    st = csat_customers_summary_ids(store, ids, n_sum);
    for (int k = 0; k < 7 && st == CSAT_OK; k++)
        st = csat_customers_summary_column(store, fields[k], col[k], n_sum);
    if (st != CSAT_OK) {
        fprintf(stderr, "export: %s\n", csat_strerror(st));
        goto done;
    }
    for (size_t i = 0; i < n_sum; i++)
        repeaters += col[0][i] > 0;

    format_date((long)opts.calibration_end, cal_text, sizeof cal_text);
    format_date((long)last_day, end_text, sizeof end_text);
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
    rc = 0;
done:
    csat_customers_free(store);
    free(ids);
    for (int k = 0; k < 7; k++)
        free(col[k]);
    free(log.id), free(log.day), free(log.amount);
    return rc;
}
