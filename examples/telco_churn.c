/*
 * telco_churn: churn analysis of a customer table (the IBM Telco sample by
 * default): Kaplan-Meier retention by contract type with a log-rank test, a
 * logistic churn model with its coefficients and AUC, the riskiest
 * customers, and which deciles a retention campaign should target.
 * Run `telco_churn --help`.
 */
#include <csat.h>

#include "example_util.h"

#ifndef CSAT_EXAMPLE_DATA_DIR
#define CSAT_EXAMPLE_DATA_DIR "tests/data"
#endif

static const char USAGE[] =
    "Usage: telco_churn [FILE]\n"
    "\n"
    "Churn analysis of a customer table: Kaplan-Meier retention by contract type with a\n"
    "log-rank test, a logistic churn model (coefficients, standard errors, AUC), the\n"
    "ten riskiest customers, and lift, gains and profit of a retention campaign by\n"
    "targeted decile.\n"
    "\n"
    "FILE is a CSV file, one customer per line, with a header line naming the columns\n"
    "(any order; other columns are ignored; every line has as many fields as the\n"
    "header; fields may be in double quotes but hold no commas):\n"
    "  churn              Yes or No\n"
    "  tenure             months as a customer (a number >= 0)\n"
    "  monthly_charges    a number\n"
    "  senior_citizen     0 or 1\n"
    "  paperless_billing  0 or 1\n"
    "  contract           Month-to-month, One year or Two year\n"
    "Default FILE: " CSAT_EXAMPLE_DATA_DIR "/telco_churn.csv (7,043 customers)\n"
    "\n"
    "Options:\n"
    "  -h, --help   print this text and exit\n"
    "\n"
    "Exit status 0 on success; 1 with a message on stderr on any error (a file that\n"
    "cannot be opened, a malformed line, named as FILE:LINE, or a library error).\n";

#define TELCO_K 6 /* tenure, monthly_charges, senior_citizen, paperless_billing, 1yr, 2yr */

typedef struct telco {
    size_t n, cap_x, cap_c, cap_t, cap_k, cap_l;
    double *X;       /* n x TELCO_K row-major */
    double *churned; /* 0/1 */
    double *tenure;  /* months */
    int *contract;   /* 0 month-to-month, 1 one year, 2 two year */
    long *line;      /* the file line of each customer */
} telco;

static void telco_free(telco *t)
{
    free(t->X);
    free(t->churned);
    free(t->tenure);
    free(t->contract);
    free(t->line);
}

enum { C_CHURN, C_TENURE, C_MONTHLY, C_SENIOR, C_PAPERLESS, C_CONTRACT, N_NEEDED };
static const char *const needed[N_NEEDED] = {"churn", "tenure", "monthly_charges", "senior_citizen",
                                             "paperless_billing", "contract"};

static double zero_one(const char *path, long line, const char *name, const char *v)
{
    if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
        ex_line_fail(path, line, "%s: '%.60s' is not 0 or 1", name, v);
    return v[0] == '1';
}

static void telco_load(const char *path, telco *t)
{
    FILE *fp = ex_open(path);
    ex_line line = {0};
    ex_fields f = {0};
    size_t col[N_NEEDED], n_cols;
    memset(t, 0, sizeof *t);
    if (!ex_read_line(fp, &line))
        ex_fail("%s: empty file (expected a header line)", path);
    n_cols = ex_split(line.text, ",", &f);
    for (int k = 0; k < N_NEEDED; k++) {
        size_t j = 0;
        while (j < n_cols && strcmp(f.v[j], needed[k]) != 0)
            j++;
        if (j == n_cols)
            ex_line_fail(path, 1, "no column '%.60s' in the header (try --help)", needed[k]);
        col[k] = j;
    }
    while (ex_read_line(fp, &line)) {
        size_t nf, i = t->n;
        double tenure, monthly, *x;
        const char *ch, *ct;
        int c;
        if (line.text[0] == '\0')
            continue; /* blank line */
        nf = ex_split(line.text, ",", &f);
        if (nf != n_cols)
            ex_line_fail(path, line.number, "expected %zu fields (as in the header), got %zu", n_cols, nf);
        ch = f.v[col[C_CHURN]];
        if (strcmp(ch, "Yes") != 0 && strcmp(ch, "No") != 0)
            ex_line_fail(path, line.number, "churn: '%.60s' is not Yes or No", ch);
        if (!ex_number(f.v[col[C_TENURE]], &tenure) || tenure < 0)
            ex_line_fail(path, line.number, "tenure: '%.60s' is not a number >= 0", f.v[col[C_TENURE]]);
        if (!ex_number(f.v[col[C_MONTHLY]], &monthly))
            ex_line_fail(path, line.number, "monthly_charges: '%.60s' is not a number", f.v[col[C_MONTHLY]]);
        ct = f.v[col[C_CONTRACT]];
        c = strcmp(ct, "Month-to-month") == 0 ? 0 : strcmp(ct, "One year") == 0 ? 1
            : strcmp(ct, "Two year") == 0     ? 2
                                              : -1;
        if (c < 0)
            ex_line_fail(path, line.number, "contract: '%.60s' is not Month-to-month, One year or Two year", ct);
        if (i + 1 > SIZE_MAX / TELCO_K)
            ex_fail("out of memory");
        ex_grow(&t->X, &t->cap_x, (i + 1) * TELCO_K, sizeof *t->X);
        ex_grow(&t->churned, &t->cap_c, i + 1, sizeof *t->churned);
        ex_grow(&t->tenure, &t->cap_t, i + 1, sizeof *t->tenure);
        ex_grow(&t->contract, &t->cap_k, i + 1, sizeof *t->contract);
        ex_grow(&t->line, &t->cap_l, i + 1, sizeof *t->line);
        x = t->X + i * TELCO_K;
        x[0] = tenure;
        x[1] = monthly;
        x[2] = zero_one(path, line.number, "senior_citizen", f.v[col[C_SENIOR]]);
        x[3] = zero_one(path, line.number, "paperless_billing", f.v[col[C_PAPERLESS]]);
        x[4] = c == 1;
        x[5] = c == 2;
        t->churned[i] = ch[0] == 'Y';
        t->tenure[i] = tenure;
        t->contract[i] = c;
        t->line[i] = line.number;
        t->n++;
    }
    ex_close_input(fp, path, &line, &f);
    if (t->n == 0)
        ex_fail("%s: no customers after the header line", path);
}

static const char *const contract_name[3] = {"month-to-month", "one year", "two year"};
static const char *const coef_name[7] = {"(intercept)", "tenure", "monthly_charges",
                                         "senior_citizen", "paperless_billing", "contract_1yr",
                                         "contract_2yr"};

static void km_by_contract(const telco *t)
{
    uint64_t *g = ex_alloc(t->n, sizeof *g);
    double at[4] = {12, 24, 48, 72}, s[4], obs[3], ex[3], chisq, df, p, max_tenure = 0;
    uint64_t index_of[3];
    size_t n_in[3] = {0, 0, 0}, n_groups = 0;
    csat_km *km;
    ex_check(csat_km_new(&km, NULL), "csat_km_new", NULL);
    for (size_t i = 0; i < t->n; i++) {
        n_in[t->contract[i]]++;
        max_tenure = t->tenure[i] > max_tenure ? t->tenure[i] : max_tenure;
    }
    /* the contract types present, numbered 0.. for the log-rank test */
    for (int c = 0; c < 3; c++)
        index_of[c] = n_in[c] ? (uint64_t)n_groups++ : UINT64_MAX;
    for (size_t i = 0; i < t->n; i++)
        g[i] = index_of[t->contract[i]];
    printf("Kaplan-Meier retention by contract (tenure in months; churned = event)\n");
    printf("  %-15s %6s %8s %8s %8s %8s %8s\n", "contract", "n", "S(12)", "S(24)", "S(48)", "S(72)", "median");
    for (int c = 0; c < 3; c++) {
        csat_km_median med;
        if (!n_in[c]) {
            printf("  %-15s %6d   (no customers)\n", contract_name[c], 0);
            continue;
        }
        ex_check(csat_km_fit_group(km, t->tenure, t->churned, NULL, g, index_of[c], t->n, NULL),
                 "csat_km_fit_group", csat_km_last_error(km));
        ex_check(csat_km_survival_at(km, at, 4, s), "csat_km_survival_at", csat_km_last_error(km));
        ex_check(csat_km_median_survival(km, &med), "csat_km_median_survival", csat_km_last_error(km));
        printf("  %-15s %6zu %8.4f %8.4f %8.4f %8.4f ", contract_name[c], n_in[c], s[0], s[1], s[2], s[3]);
        if (med.median_found)
            printf("%8.0f\n", med.median);
        else
            printf("%5s %.0f\n", ">", max_tenure);
    }
    if (n_groups >= 2) {
        csat_status st = csat_km_logrank(t->tenure, t->churned, g, t->n, n_groups, obs, ex, &chisq, &df, &p, NULL, &ex_err);
        if (st == CSAT_EDOM)
            printf("  log-rank: no churn at all, nothing to test\n\n");
        else {
            ex_check(st, "csat_km_logrank", NULL);
            printf("  log-rank: chi-square %.1f on %.0f df, p = %.3g\n\n", chisq, df, p);
        }
    } else {
        printf("  log-rank: one contract type only, nothing to compare\n\n");
    }
    csat_km_free(km);
    free(g);
}

static void churn_model(const telco *t)
{
    csat_logistic *m;
    double coef[7], se[7], ll, aic, auc, *prob = ex_alloc(t->n, sizeof *prob), profit[10];
    double size[10], churners[10], lift[10], gain[10];
    size_t top[10], n_top = t->n < 10 ? t->n : 10, best;
    csat_campaign cp = {500.0, 5.0, 50.0, 0.30, 1000.0};
    ex_check(csat_logistic_new(&m, NULL), "csat_logistic_new", NULL);
    ex_check(csat_logistic_fit(m, t->X, t->n, TELCO_K, t->churned, NULL, NULL), "csat_logistic_fit",
             csat_logistic_last_error(m));
    ex_check(csat_logistic_coef(m, coef, se, 7), "csat_logistic_coef", csat_logistic_last_error(m));
    ex_check(csat_logistic_log_likelihood(m, &ll, &aic), "csat_logistic_log_likelihood",
             csat_logistic_last_error(m));
    ex_check(csat_logistic_predict(m, t->X, t->n, TELCO_K, prob), "csat_logistic_predict",
             csat_logistic_last_error(m));
    printf("Logistic churn model (%zu customers)\n  %-18s %10s %9s %8s\n", t->n, "term", "coef",
           "std.err", "z");
    for (int j = 0; j < 7; j++)
        printf("  %-18s %10.5f %9.5f %8.2f\n", coef_name[j], coef[j], se[j], coef[j] / se[j]);
    ex_check(csat_churn_auc(prob, t->churned, t->n, &auc, NULL, &ex_err), "csat_churn_auc", NULL);
    printf("  log-likelihood %.3f, AIC %.2f, ROC AUC %.4f\n\n", ll, aic, auc);

    /* the riskiest customers (at most ten, each once): a partial selection */
    for (size_t k = 0; k < n_top; k++) {
        size_t b = 0;
        int have = 0;
        for (size_t i = 0; i < t->n; i++) {
            int taken = 0;
            for (size_t j = 0; j < k; j++)
                taken |= top[j] == i;
            if (!taken && (!have || prob[i] > prob[b])) {
                b = i;
                have = 1;
            }
        }
        top[k] = b;
    }
    printf("Riskiest customers\n  %6s %8s %7s %8s %15s %7s\n", "line", "P(churn)", "tenure",
           "monthly", "contract", "churned");
    for (size_t k = 0; k < n_top; k++) {
        size_t i = top[k];
        printf("  %6ld %8.4f %7.0f %8.2f %15s %7s\n", t->line[i], prob[i], t->tenure[i],
               t->X[i * TELCO_K + 1], contract_name[t->contract[i]],
               t->churned[i] == 1.0 ? "yes" : "no");
    }
    ex_check(csat_churn_lift(prob, t->churned, t->n, 10, size, churners, NULL, lift, gain, NULL, NULL, &ex_err),
             "csat_churn_lift", NULL);
    ex_check(csat_churn_campaign_profit(prob, t->churned, t->n, &cp, 10, profit, &best, NULL, &ex_err),
             "csat_churn_campaign_profit", NULL);
    printf("\nRetention campaign by targeted decile (value %.0f, contact %.0f, offer %.0f, "
           "acceptance %.0f%%, fixed %.0f)\n  %6s %6s %8s %6s %8s %12s\n",
           cp.customer_value, cp.contact_cost, cp.incentive_cost, 100 * cp.acceptance_rate,
           cp.fixed_cost, "decile", "size", "churners", "lift", "cum.gain", "profit(top)");
    for (int b = 0; b < 10; b++)
        printf("  %6d %6.0f %8.0f %6.2f %7.1f%% %12.0f\n", b + 1, size[b], churners[b], lift[b],
               100 * gain[b], profit[b]);
    if (best)
        printf("  -> target the top %zu decile%s (expected profit %.0f)\n", best,
               best > 1 ? "s" : "", profit[best - 1]);
    else
        printf("  -> no campaign beats doing nothing at these costs\n");
    csat_logistic_free(m);
    free(prob);
}

int main(int argc, char **argv)
{
    const char *path = CSAT_EXAMPLE_DATA_DIR "/telco_churn.csv";
    telco t;
    ex_start(argc, argv, "telco_churn", USAGE);
    for (int i = 1, files = 0; i < argc; i++)
        ex_file_argument(argv[i], &path, &files);
    telco_load(path, &t);
    km_by_contract(&t);
    churn_model(&t);
    telco_free(&t);
    return 0;
}
