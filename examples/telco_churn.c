/*
 * Churn analysis of the IBM Telco sample (tests/data/telco_churn.csv):
 * Kaplan-Meier retention by contract type with a log-rank test, a logistic
 * churn model with its coefficients and AUC, the riskiest customers, and
 * which deciles a retention campaign should target.
 *
 * Usage: telco_churn [telco_churn.csv]
 */
#include <csat.h>

#include <stdio.h>
#include <stdlib.h>

#include "../tests/retention/telco_load.h"

#ifndef CSAT_EXAMPLE_DATA_DIR
#define CSAT_EXAMPLE_DATA_DIR "tests/data"
#endif

static const char *const contract_name[3] = {"month-to-month", "one year", "two year"};
static const char *const coef_name[7] = {"(intercept)", "tenure", "monthly_charges",
                                         "senior_citizen", "paperless_billing", "contract_1yr",
                                         "contract_2yr"};

static int fail(const char *what, csat_status st, const char *msg)
{
    fprintf(stderr, "%s: %s%s%s\n", what, csat_strerror(st), msg && *msg ? ": " : "",
            msg ? msg : "");
    return 1;
}

static int km_by_contract(const telco *t)
{
    uint64_t *g = malloc(t->n * sizeof *g);
    double at[4] = {12, 24, 48, 72}, s[4], obs[3], ex[3], chisq, df, p;
    csat_km *km;
    csat_status st;
    if (!g || (st = csat_km_new(&km, NULL)) != CSAT_OK) {
        free(g);
        return fail("csat_km_new", CSAT_ENOMEM, NULL);
    }
    for (size_t i = 0; i < t->n; i++)
        g[i] = (uint64_t)t->contract[i];
    printf("Kaplan-Meier retention by contract (tenure in months; churned = event)\n");
    printf("  %-15s %8s %8s %8s %8s %8s\n", "contract", "S(12)", "S(24)", "S(48)", "S(72)",
           "median");
    for (uint64_t c = 0; c < 3; c++) {
        csat_km_median med;
        st = csat_km_fit_group(km, t->tenure, t->churned, NULL, g, c, t->n, NULL);
        if (st != CSAT_OK)
            break;
        (void)csat_km_survival_at(km, at, 4, s);
        (void)csat_km_median_survival(km, &med);
        printf("  %-15s %8.4f %8.4f %8.4f %8.4f ", contract_name[c], s[0], s[1], s[2], s[3]);
        if (med.median_found)
            printf("%8.0f\n", med.median);
        else
            printf("%8s\n", "> 72");
    }
    if (st == CSAT_OK)
        st = csat_km_logrank(t->tenure, t->churned, g, t->n, 3, obs, ex, &chisq, &df, &p, NULL, NULL);
    if (st == CSAT_OK)
        printf("  log-rank: chi-square %.1f on %.0f df, p = %.3g\n\n", chisq, df, p);
    csat_km_free(km);
    free(g);
    return st == CSAT_OK ? 0 : fail("Kaplan-Meier", st, NULL);
}

static int churn_model(const telco *t)
{
    csat_logistic *m;
    double coef[7], se[7], ll, aic, auc, *prob = malloc(t->n * sizeof *prob), profit[10];
    double size[10], churners[10], lift[10], gain[10];
    size_t *top = malloc(10 * sizeof *top), best;
    csat_campaign cp = {500.0, 5.0, 50.0, 0.30, 1000.0};
    csat_status st;
    if (!prob || !top || csat_logistic_new(&m, NULL) != CSAT_OK) {
        free(prob);
        free(top);
        return fail("setup", CSAT_ENOMEM, NULL);
    }
    st = csat_logistic_fit(m, t->X, t->n, TELCO_K, t->churned, NULL, NULL);
    if (st != CSAT_OK) {
        fail("csat_logistic_fit", st, csat_logistic_last_error(m));
        goto out;
    }
    (void)csat_logistic_coef(m, coef, se, 7);
    (void)csat_logistic_log_likelihood(m, &ll, &aic);
    (void)csat_logistic_predict(m, t->X, t->n, TELCO_K, prob);
    printf("Logistic churn model (%zu customers)\n  %-18s %10s %9s %8s\n", t->n, "term", "coef",
           "std.err", "z");
    for (int j = 0; j < 7; j++)
        printf("  %-18s %10.5f %9.5f %8.2f\n", coef_name[j], coef[j], se[j], coef[j] / se[j]);
    st = csat_churn_auc(prob, t->churned, t->n, &auc, NULL, NULL);
    if (st != CSAT_OK)
        goto out;
    printf("  log-likelihood %.3f, AIC %.2f, ROC AUC %.4f\n\n", ll, aic, auc);

    /* ten riskiest customers: a partial selection is enough for a printout */
    for (size_t k = 0; k < 10; k++) {
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
    printf("Riskiest customers\n  %6s %8s %7s %8s %15s %7s\n", "row", "P(churn)", "tenure",
           "monthly", "contract", "churned");
    for (size_t k = 0; k < 10; k++) {
        size_t i = top[k];
        printf("  %6zu %8.4f %7.0f %8.2f %15s %7s\n", i + 1, prob[i], t->tenure[i],
               t->X[i * TELCO_K + 1], contract_name[t->contract[i]],
               t->churned[i] == 1.0 ? "yes" : "no");
    }
    st = csat_churn_lift(prob, t->churned, t->n, 10, size, churners, NULL, lift, gain, NULL, NULL, NULL);
    if (st == CSAT_OK)
        st = csat_churn_campaign_profit(prob, t->churned, t->n, &cp, 10, profit, &best, NULL, NULL);
    if (st != CSAT_OK)
        goto out;
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
out:
    csat_logistic_free(m);
    free(prob);
    free(top);
    return st == CSAT_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : CSAT_EXAMPLE_DATA_DIR "/telco_churn.csv";
    telco t;
    int rc;
    if (telco_load(path, &t) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        telco_free(&t);
        return 1;
    }
    rc = km_by_contract(&t) || churn_model(&t);
    telco_free(&t);
    return rc;
}
