/*
 * csat_error, the details of a failure of a function without a handle
 * (issue 11): one row per such function of csat.h. Each row provokes a
 * failure (a bad value in a row other than the first wherever the function
 * takes a column) and states the argument and row the details must name.
 * Every row is run twice: with a csat_error (status, argument, row and a
 * NUL-terminated message that names the argument must be as stated) and
 * with NULL (the same status, no crash). check_error_details.py checks that
 * every such function of csat.h has a row here.
 */
#include "csat_test.h"

#include <limits.h>

#define NO CSAT_NO_ROW

typedef csat_status (*call_fn)(csat_error *e);

typedef struct details_case {
    const char *name; /* the csat_ function, without its prefix */
    call_fn call;
    csat_status status;
    const char *argument;
    size_t row;
} details_case;

static const csat_scale S15 = {1, 5, 0};
static const csat_scale S010 = {0, 10, 0};
static const csat_sbg_params SBG = {1.0, 2.0};
static const csat_sbg_params SBG_BAD = {1.0, -2.0};

/* ---- survey ----------------------------------------------------------------- */

static csat_status c_kano_classify(csat_error *e)
{
    csat_kano_category c;
    return csat_kano_classify(2, 6, &c, e);
}

static csat_status c_kano_evaluate(csat_error *e)
{
    const double counts[CSAT_KANO_N_CATEGORIES] = {1, 2, -3, 4, 5, 6};
    csat_kano_result r;
    return csat_kano_evaluate(counts, NULL, &r, e);
}

static csat_status c_kano_survey(csat_error *e)
{
    const double f[6] = {1, 2, 3, 4, 7, 1}, d[6] = {5, 5, 5, 5, 5, 5};
    csat_kano_result r[2];
    return csat_kano_survey(f, d, 3, 2, NULL, r, e);
}

static csat_status c_kano_continuous(csat_error *e)
{
    const double f[6] = {1, 2, 3, 4, 5, 1}, d[6] = {5, 5, 0.5, 5, 5, 5};
    csat_kano_continuous_result r[2];
    return csat_kano_continuous(f, d, NULL, 3, 2, NULL, NULL, r, e);
}

static csat_status c_servqual_standard_map(csat_error *e)
{
    size_t map[3];
    return csat_servqual_standard_map(map, 3, e);
}

static csat_status c_servqual_reverse_1988(csat_error *e)
{
    unsigned char flags[3];
    return csat_servqual_reverse_1988(flags, 3, e);
}

static csat_status c_servqual_pzb_weights(csat_error *e)
{
    double w[3];
    return csat_servqual_pzb_weights(w, 3, e);
}

static csat_status c_servqual(csat_error *e)
{
    const size_t dim[3] = {0, 1, 1};
    csat_servqual_options o = CSAT_SERVQUAL_OPTIONS_INIT;
    const double p[6] = {4, 5, 6, 3, 9, 2}, x[6] = {4, 4, 4, 4, 4, 4};
    double item_gap[3];
    csat_servqual_result r;
    o.scale = (csat_scale){1, 7, 0};
    o.n_dimensions = 2;
    o.item_dimension = dim;
    return csat_servqual(p, x, 2, 3, NULL, &o, item_gap, NULL, NULL, NULL, NULL, NULL, &r, e);
}

static csat_status c_servqual_combine(csat_error *e)
{
    const double gap[3] = {1, 2, 3}, w[3] = {1, 1, -1};
    double out;
    return csat_servqual_combine(gap, w, 3, &out, e);
}

static csat_status c_zot_item(csat_error *e)
{
    csat_zot_result r;
    return csat_zot_item(3, 5, 11, &S010, &r, e);
}

static csat_status c_zot(csat_error *e)
{
    const size_t dim[2] = {0, 0};
    csat_servqual_options o = CSAT_SERVQUAL_OPTIONS_INIT;
    const double a[4] = {3, 3, 3, 6}, d[4] = {5, 5, 5, 5}, p[4] = {4, 4, 4, 4};
    csat_zot_result items[2];
    o.scale = S010;
    o.n_dimensions = 1;
    o.item_dimension = dim;
    return csat_zot(a, d, p, 2, 2, &o, items, NULL, e);
}

static csat_status c_service_gaps(csat_error *e)
{
    const double x[3] = {1, 2, 3}, y[3] = {1, INFINITY, 3};
    double mean[CSAT_N_SERVICE_GAPS];
    int avail[CSAT_N_SERVICE_GAPS];
    return csat_service_gaps(x, y, NULL, NULL, NULL, NULL, 3, mean, avail, NULL, e);
}

static csat_status c_nps(csat_error *e)
{
    const double a[5] = {10, 9, 0, 11, 5};
    csat_nps_result r;
    return csat_nps(a, 5, NULL, &r, e);
}

static csat_status c_nps_from_counts(csat_error *e)
{
    csat_nps_result r;
    return csat_nps_from_counts(3, -1, 2, &r, e);
}

static csat_status c_nps_interval_counts(csat_error *e)
{
    csat_nps_interval r;
    return csat_nps_interval_counts(3, 2, 1, CSAT_NPS_WALD, 1.5, 0, 0, &r, e);
}

static csat_status c_nps_compare(csat_error *e)
{
    csat_nps_comparison r;
    return csat_nps_compare(3, 2, 1, 4, NAN, 1, 0.95, &r, e);
}

static csat_status c_nps_sample_size(csat_error *e)
{
    double n;
    return csat_nps_sample_size(0.5, -1, 0.95, &n, e);
}

static csat_status c_csat(csat_error *e)
{
    const double a[4] = {5, 4, 6, 1};
    csat_share_result r;
    return csat_csat(a, 4, &S15, 4, CSAT_NAN_ERROR, &r, e);
}

static csat_status c_ces(csat_error *e)
{
    const double a[4] = {5, 4, NAN, 1};
    csat_mean_result r;
    return csat_ces(a, 4, &S15, CSAT_NAN_ERROR, &r, e);
}

static csat_status c_csi(csat_error *e)
{
    csat_csi_options o = CSAT_CSI_OPTIONS_INIT;
    const double a[6] = {1, 2, 3, 4, 5, 0};
    csat_index_result r;
    o.scale = S15;
    return csat_csi(a, 3, 2, NULL, &o, &r, e);
}

static csat_status c_disconfirm(csat_error *e)
{
    const double p[3] = {3, 4, 5}, x[3] = {3, 4, 5}, w[3] = {1, NAN, 1};
    csat_disconfirmation_result r;
    return csat_disconfirm(p, x, 3, w, &S15, 0, CSAT_NAN_ERROR, NULL, NULL, &r, e);
}

static csat_status c_seven_factor(csat_error *e)
{
    const csat_seven_factor_paths paths = {1, 1, 1, 1, 1, 1};
    csat_seven_factor_result r;
    return csat_seven_factor(3, 9, 4, &S15, &paths, &r, e);
}

static csat_status c_ipa(csat_error *e)
{
    const double imp[3] = {3, 4, 5}, perf[3] = {3, 4, 8};
    csat_ipa_options o = CSAT_IPA_OPTIONS_INIT;
    csat_ipa_result r[3];
    o.importance_scale = S15;
    o.performance_scale = S15;
    return csat_ipa(imp, perf, 3, &o, r, NULL, NULL, e);
}

static csat_status c_importance_derived(csat_error *e)
{
    const double perf[6] = {1, 2, 3, 4, INFINITY, 6}, overall[3] = {1, 2, 3};
    double imp[2];
    return csat_importance_derived(perf, overall, 3, 2, CSAT_IMPORTANCE_CORRELATION, CSAT_NAN_ERROR,
                                   NULL, imp, e);
}

static csat_status c_oliver_phase_of(csat_error *e)
{
    const double scores[4] = {3, 4, 5, 4}, thresholds[4] = {3, 3, NAN, 3};
    csat_oliver_phase ph;
    return csat_oliver_phase_of(scores, thresholds, &S15, &ph, e);
}

static csat_status c_dick_basu_classify(csat_error *e)
{
    csat_dick_basu db;
    return csat_dick_basu_classify(1, NAN, 0, 0, &db, e);
}

static csat_status c_jones_sasser_classify(csat_error *e)
{
    csat_jones_sasser_options o = CSAT_JONES_SASSER_OPTIONS_INIT;
    const double s[3] = {3, 4, 5}, l[3] = {3, 4, 0};
    csat_jones_sasser out[3];
    o.scale = S15;
    o.high = 4;
    o.apostle = 5;
    o.terrorist = 2;
    return csat_jones_sasser_classify(s, l, 3, &o, out, e);
}

static csat_status c_loyalty_index(csat_error *e)
{
    csat_scale sc[CSAT_LOYALTY_N_INDICATORS];
    double v[2 * CSAT_LOYALTY_N_INDICATORS], idx[2];
    for (size_t k = 0; k < CSAT_LOYALTY_N_INDICATORS; k++) {
        sc[k] = S15;
        v[k] = v[CSAT_LOYALTY_N_INDICATORS + k] = 3;
    }
    v[CSAT_LOYALTY_N_INDICATORS + 1] = 6;
    return csat_loyalty_index(v, 2, sc, NULL, CSAT_NAN_ERROR, idx, e);
}

static csat_status c_loyalty_bond_score(csat_error *e)
{
    const double scores[4] = {3, 4, 0, 4};
    double score;
    return csat_loyalty_bond_score(scores, &S15, NULL, &score, NULL, e);
}

static csat_status c_satisfaction_retention_table(csat_error *e)
{
    csat_satisfaction_retention_row rows[2];
    return csat_satisfaction_retention_table(rows, 2, e);
}

static csat_status c_satisfaction_retention_forecast(csat_error *e)
{
    const double ratings[3] = {5, 4, 3}, counts[3] = {10, -1, 5};
    csat_satisfaction_retention_result r;
    return csat_satisfaction_retention_forecast(ratings, counts, 3, NULL, 0, 100, &r, e);
}

static csat_status c_iceberg(csat_error *e)
{
    csat_iceberg_result r;
    return csat_iceberg(10, -100, 50, NULL, &r, e);
}

/* ---- BTYD chunks -------------------------------------------------------------- */

static csat_status c_btyd_chunk_loglik(csat_error *e)
{
    const double p[CSAT_BTYD_N_PARAMS] = {0.25, 4, 0.8, 2.4};
    const double x[3] = {2, 1, 0}, tx[3] = {30, 40, 0}, T[3] = {39, 38, 39};
    double ll;
    return csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, x, tx, T, NULL, 3, &ll, NULL, e);
}

static csat_status c_btyd_chunk_hessian(csat_error *e)
{
    const double p[CSAT_BTYD_N_PARAMS] = {0.25, 4, 0.8, 2.4};
    const double x[3] = {2, 1, 0}, tx[3] = {30, 20, 0}, T[3] = {39, 38, 39}, w[3] = {1, 1, -1};
    double ll, g[CSAT_BTYD_N_PARAMS], h[CSAT_BTYD_N_PARAMS * CSAT_BTYD_N_PARAMS];
    return csat_btyd_chunk_hessian(CSAT_BTYD_BGNBD, p, x, tx, T, w, 3, &ll, g, h, e);
}

static csat_status c_spend_chunk_loglik(csat_error *e)
{
    const double p[3] = {6, 4, 15}, x[3] = {2, 1, 3}, z[3] = {30, 20, -5};
    double ll;
    return csat_spend_chunk_loglik(p, x, z, NULL, 3, &ll, NULL, NULL, e);
}

/* ---- retention ------------------------------------------------------------------ */

static csat_status c_sbg_log_likelihood(csat_error *e)
{
    const double s[4] = {1000, 800, 850, 600};
    double ll;
    return csat_sbg_log_likelihood(&SBG, s, 4, &ll, e);
}

static csat_status c_sbg_survival(csat_error *e)
{
    const double t[3] = {1, 2, 2.5};
    double out[3];
    return csat_sbg_survival(&SBG, t, 3, out, e);
}

static csat_status c_sbg_retention(csat_error *e)
{
    const double t[3] = {1, 0, 2};
    double out[3];
    return csat_sbg_retention(&SBG, t, 3, out, e);
}

static csat_status c_sbg_churn_pmf(csat_error *e)
{
    const double t[3] = {1, 2, -3};
    double out[3];
    return csat_sbg_churn_pmf(&SBG, t, 3, out, e);
}

static csat_status c_sbg_expected_lifetime(csat_error *e)
{
    double out;
    return csat_sbg_expected_lifetime(&SBG_BAD, &out, e);
}

static csat_status c_sbg_derl(csat_error *e)
{
    double out;
    return csat_sbg_derl(&SBG, 0.1, 1.5, &out, e);
}

static csat_status c_sbg_del(csat_error *e)
{
    double out;
    return csat_sbg_del(&SBG, -0.1, &out, e);
}

static csat_status c_sbg_clv(csat_error *e)
{
    double out;
    return csat_sbg_clv(&SBG, INFINITY, 0.1, &out, e);
}

static csat_status c_km_logrank(csat_error *e)
{
    const double t[4] = {1, 2, 3, 4}, ev[4] = {1, 0, 2, 1};
    const uint64_t g[4] = {0, 1, 0, 1};
    double chisq, df, p;
    return csat_km_logrank(t, ev, g, 4, 2, NULL, NULL, &chisq, &df, &p, NULL, e);
}

static csat_status c_logistic_chunk_score(csat_error *e)
{
    const double X[3] = {1, 2, 3}, y[3] = {0, 1, 0.5}, coef[2] = {0, 0};
    double ll, score[2], info[4];
    return csat_logistic_chunk_score(X, 3, 1, y, 1, coef, 2, &ll, score, info, NULL, e);
}

static csat_status c_churn_auc(csat_error *e)
{
    const double s[3] = {0.1, NAN, 0.3}, y[3] = {0, 1, 0};
    double auc;
    return csat_churn_auc(s, y, 3, &auc, NULL, e);
}

static csat_status c_churn_confusion(csat_error *e)
{
    const double s[3] = {0.1, 0.2, 0.3}, y[3] = {0, 1, 2};
    csat_confusion c;
    return csat_churn_confusion(s, y, 3, 0.5, &c, e);
}

static csat_status c_churn_lift(csat_error *e)
{
    const double s[4] = {0.1, 0.2, 0.3, 0.4}, y[4] = {0, 1, -1, 1};
    double lift[2];
    return csat_churn_lift(s, y, 4, 2, NULL, NULL, NULL, lift, NULL, NULL, NULL, e);
}

static csat_status c_churn_campaign_profit(csat_error *e)
{
    const double s[4] = {0.1, 0.2, 0.3, 0.4}, y[4] = {0, 1, 1, 7};
    const csat_campaign cp = {100, 1, 10, 0.3, 0};
    double profit[2];
    return csat_churn_campaign_profit(s, y, 4, &cp, 2, profit, NULL, NULL, e);
}

static csat_status c_econ_margin_multiple(csat_error *e)
{
    double out;
    return csat_econ_margin_multiple(1.5, 0.1, &out, e);
}

static csat_status c_econ_clv_gupta_lehmann(csat_error *e)
{
    double out;
    return csat_econ_clv_gupta_lehmann(100, 0.8, 0.1, NAN, 0, CSAT_CLV_END_OF_PERIOD, &out, e);
}

static csat_status c_econ_clv_berger_nasr(csat_error *e)
{
    double out;
    return csat_econ_clv_berger_nasr(100, 10, -0.2, 0.1, 5, &out, e);
}

static csat_status c_econ_clv_survival(csat_error *e)
{
    const double m[3] = {10, 10, 10}, s[3] = {1, 0.9, 1.2};
    double out;
    return csat_econ_clv_survival(m, s, 3, 0.1, 0, CSAT_CLV_END_OF_PERIOD, &out, e);
}

static csat_status c_econ_clv_retention(csat_error *e)
{
    const double m[3] = {10, NAN, 10};
    double out;
    return csat_econ_clv_retention(m, 3, 0.8, 0.1, 0, CSAT_CLV_END_OF_PERIOD, &out, e);
}

static csat_status c_econ_payback(csat_error *e)
{
    double periods;
    int found;
    return csat_econ_payback(10, 0.8, 0.1, -5, 1, &periods, &found, e);
}

static csat_status c_econ_customer_equity(csat_error *e)
{
    const double clv[3] = {10, 20, 30}, nc[3] = {5, -5, 5};
    double out;
    return csat_econ_customer_equity(clv, 3, nc, 3, 50, 10, 0.1, &out, e);
}

static csat_status c_econ_retention_effect(csat_error *e)
{
    csat_retention_effect r;
    return csat_econ_retention_effect(100, 0.8, 1.2, 0.1, 0, &r, e);
}

static csat_status c_econ_replacement(csat_error *e)
{
    csat_replacement r;
    return csat_econ_replacement(10, 100, 80, 20, 0, &r, e);
}

static csat_status c_kpi_rates_from_counts(csat_error *e)
{
    csat_kpi_rates k;
    return csat_kpi_rates_from_counts(100, 30, 20, &k, e);
}

static csat_status c_cohort_table(csat_error *e)
{
    const uint64_t ids[3] = {1, 2, 1};
    const double t[3] = {0, 1, -2};
    double size[4];
    size_t np;
    return csat_cohort_table(ids, t, NULL, 3, NULL, 4, 4, NULL, size, NULL, NULL, NULL, NULL, &np,
                             NULL, e);
}

static csat_status c_kpi_between(csat_error *e)
{
    const uint64_t ids[3] = {1, 2, 1};
    const double t[3] = {0, 1, 2}, a[3] = {5, NAN, 5};
    csat_kpi_report r;
    return csat_kpi_between(ids, t, a, 3, 1, 2, 1, NULL, 0, NULL, &r, NULL, e);
}

/* ---- segments ------------------------------------------------------------------- */

static csat_status c_rfm_scores(csat_error *e)
{
    const double r[4] = {1, 2, 3, 4}, f[4] = {1, 2, NAN, 4}, m[4] = {1, 2, 3, 4};
    int rs[4], fs[4], ms[4];
    return csat_rfm_scores(r, f, m, 4, NULL, NULL, rs, fs, ms, NULL, NULL, NULL, e);
}

static csat_rfm_rule bad_rules[3];

static csat_rfm_table bad_table(void)
{
    csat_rfm_table t = *csat_rfm_table_builtin(CSAT_RFM_TABLE_R_V03);
    memcpy(bad_rules, t.rules, sizeof bad_rules);
    bad_rules[2].r_hi = 9; /* beyond the 5 bins */
    t.rules = bad_rules;
    t.n_rules = 3;
    return t;
}

static csat_status c_rfm_table_validate(csat_error *e)
{
    const csat_rfm_table t = bad_table();
    csat_rfm_table_report rep;
    return csat_rfm_table_validate(&t, &rep, NULL, NULL, e);
}

static csat_status c_rfm_segment_assign(csat_error *e)
{
    const int r[3] = {1, 2, 3}, f[3] = {1, 6, 3}, m[3] = {1, 2, 3};
    int seg[3];
    size_t un;
    return csat_rfm_segment_assign(csat_rfm_table_builtin(CSAT_RFM_TABLE_R_V03), r, f, m, 3, seg,
                                   NULL, &un, e);
}

static csat_status c_kmeans_silhouette(csat_error *e)
{
    const double X[4] = {0, 1, 5, 6};
    const int lab[4] = {0, 0, 1, 2};
    double out;
    return csat_kmeans_silhouette(X, 4, 1, lab, 2, 0, 1, NULL, &out, e);
}

static csat_status c_kmeans_chunk_step(csat_error *e)
{
    const double X[4] = {0, 1, INFINITY, 6}, c[2] = {0, 6};
    double sums[2], counts[2], inertia;
    return csat_kmeans_chunk_step(X, 4, 1, c, 2, sums, counts, &inertia, NULL, NULL, e);
}

static csat_status c_value_tiers(csat_error *e)
{
    const double f[3] = {1, 2, 3}, a[3] = {10, 20, -30};
    int tier[3];
    return csat_value_tiers(f, a, 3, NULL, NULL, tier, NULL, NULL, e);
}

static csat_status c_pyramid(csat_error *e)
{
    const double p[3] = {1, NAN, 3};
    int tier[3];
    return csat_pyramid(p, 3, NULL, NULL, tier, NULL, e);
}

static csat_status c_abc(csat_error *e)
{
    const double v[3] = {1, 2, -3};
    int klass[3];
    return csat_abc(v, 3, NULL, NULL, klass, NULL, NULL, e);
}

static csat_status c_lifecycle_stages(csat_error *e)
{
    const double tenure[3] = {1, 2, 3}, recent[3] = {1, -2, 3}, earlier[3] = {1, 2, 3};
    int stage[3];
    return csat_lifecycle_stages(tenure, recent, earlier, 3, NULL, stage, NULL, NULL, e);
}

static csat_status c_lifecycle_from_history(csat_error *e)
{
    const double t[3] = {1, 200, 3};
    csat_lifecycle_stage s;
    return csat_lifecycle_from_history(t, NULL, 3, 100, NULL, &s, NULL, e);
}

static csat_status c_benefit_theory_shares(csat_error *e)
{
    return csat_benefit_theory_shares(NULL, NULL, e);
}

static csat_status c_benefit_segments(csat_error *e)
{
    const double imp[4] = {1, 2, 3, NAN};
    int seg[2];
    return csat_benefit_segments(imp, 2, 2, seg, NULL, e);
}

/* PLS path modelling (issue 16): an item in a block that does not exist */
static csat_status c_pls_new(csat_error *e)
{
    const size_t lv[4] = {0, 0, 5, 1};
    const unsigned char adj[4] = {0, 1, 0, 0};
    csat_pls *m = NULL;
    csat_status st = csat_pls_new(&m, NULL, lv, 4, adj, 2, NULL, e);
    csat_pls_free(m);
    return st;
}

static csat_status c_pls_preset_model(csat_error *e)
{
    return csat_pls_preset_model(CSAT_PLS_ACSI, NULL, NULL, NULL, 0, e);
}

/* logistic churn with weights (issue 15) */
static csat_status c_logistic_chunk_score_weighted(csat_error *e)
{
    const double X[3] = {1, 2, 3}, y[3] = {0, 1, 0}, w[3] = {1, 2, -1}, coef[2] = {0, 0};
    double ll, score[2], info[4];
    return csat_logistic_chunk_score_weighted(X, 3, 1, y, w, 1, coef, 2, &ll, score, info, NULL, e);
}

/* ---- satisfaction over time (issue 16) ---- */

static csat_status c_proportions_compare(csat_error *e)
{
    csat_comparison r;
    return csat_proportions_compare(3, 10, 12, 10, CSAT_DIFF_WALD, 0.95, &r, e);
}

static csat_status c_means_compare(csat_error *e)
{
    csat_comparison r;
    return csat_means_compare(3, 1, 10, 4, -1, 10, 0.95, &r, e);
}

static csat_status c_csi_compare(csat_error *e)
{
    const double a[4] = {1, 2, 3, 4}, b[4] = {1, 2, 30, 4};
    double d[10];
    csat_comparison r;
    return csat_csi_compare(a, 2, b, 2, 2, NULL, NULL, 10, 1, 0.95, d, &r, e);
}

static csat_status c_proportion_sample_size(csat_error *e)
{
    double n;
    return csat_proportion_sample_size(50, 5, 0.95, -2, &n, e);
}

static csat_status c_mean_sample_size(csat_error *e)
{
    double n;
    return csat_mean_sample_size(NAN, 5, 0.95, 0, &n, e);
}

static csat_status c_nps_sample_size_population(csat_error *e)
{
    double n;
    return csat_nps_sample_size_population(0.5, 5, 2, 0, &n, e);
}

static csat_status c_track_shares(csat_error *e)
{
    const double k[3] = {1, 2, 3}, n[3] = {10, 10, 0};
    csat_tracking_wave w[3];
    return csat_track_shares(k, n, 3, NULL, w, e);
}

static csat_status c_track_means(csat_error *e)
{
    const double m[3] = {1, 2, 3}, s[3] = {1, NAN, 1}, n[3] = {10, 10, 10};
    csat_tracking_wave w[3];
    return csat_track_means(m, s, n, 3, NULL, w, e);
}

static csat_status c_relative_score(csat_error *e)
{
    const double c[3] = {1, 2, INFINITY}, s[3] = {1, 1, 1};
    csat_relative_result r;
    return csat_relative_score(1, 0.1, c, s, 3, 0.95, &r, e);
}

/* PLS index two-sample test (issue 16): lv past the model's 2 LVs */
static csat_status c_pls_index_compare(csat_error *e)
{
    static const size_t lv[4] = {0, 0, 1, 1};
    static const unsigned char adj[4] = {0, 1, 0, 0};
    static const csat_scale sc = {1, 10, 0};
    double X[20 * 4], d[10];
    csat_comparison r;
    csat_pls *m = NULL;
    for (int i = 0; i < 20; i++)
        for (int k = 0; k < 4; k++)
            X[i * 4 + k] = 5 + 2 * sin(1.3 * i + (k > 1)) + 0.7 * sin(1.1 * i * (k + 1) + k);
    if (csat_pls_new(&m, NULL, lv, 4, adj, 2, NULL, NULL) != CSAT_OK)
        return CSAT_ENOMEM;
    csat_status st = csat_pls_fit(m, X, 20, 4, NULL, NULL);
    if (st == CSAT_OK)
        st = csat_pls_index_compare(m, m, 2, &sc, 10, 1, 0.95, d, &r, e);
    csat_pls_free(m);
    return st;
}

/* ---- KPIs by group, repeat buying, referral value, retention-profit chain (issue 17) ---- */
static csat_status c_kpi_by_group(csat_error *e)
{
    const uint64_t ids[3] = {1, 2, 1};
    const double t[3] = {0, 1, 2};
    const int32_t g[3] = {0, 1, 2};
    csat_kpi_report r[2];
    return csat_kpi_by_group(ids, t, NULL, g, 3, 2, 1, 2, 1, NULL, 0, r, NULL, NULL, e);
}

static csat_status c_kpi_scorecard(csat_error *e)
{
    csat_kpi_report r[2], w;
    double s[2];
    memset(r, 0, sizeof r);
    memset(&w, 0, sizeof w);
    r[1].revenue = INFINITY;
    return csat_kpi_scorecard(r, 2, &w, s, e);
}

static csat_status c_repeat_purchase(csat_error *e)
{
    const uint64_t ids[3] = {1, 2, 1};
    const double t[3] = {0, 1, -2};
    csat_repeat_rate r;
    return csat_repeat_purchase(ids, t, NULL, 3, 0, 1, 1, 5, 0, &r, NULL, NULL, NULL, NULL, e);
}

static csat_status c_inter_purchase_times(csat_error *e)
{
    const uint64_t ids[3] = {1, 2, 1};
    const double t[3] = {0, 1, 2};
    return csat_inter_purchase_times(ids, t, 3, -1, 0, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL,
                                     NULL, NULL, e);
}

static csat_status c_cross_sell(csat_error *e)
{
    const uint64_t ids[3] = {1, 2, 1};
    const double t[3] = {0, 1, 2};
    const int32_t c[3] = {0, -2, 1};
    csat_cross_sell_summary s;
    return csat_cross_sell(ids, t, c, 3, 2, 1, &s, NULL, NULL, NULL, e);
}

static csat_status c_loyalty_behaviour(csat_error *e)
{
    const uint64_t ids[3] = {1, 2, 1};
    const double t[3] = {0, 1, 2};
    return csat_loyalty_behaviour(ids, t, NULL, 3, 0, 1, NAN, 0, NULL, NULL, NULL, NULL, NULL,
                                  NULL, e);
}

static csat_status c_referral_value(csat_error *e)
{
    csat_referral r;
    return csat_referral_value(10, 1, 8, 1.5, 9, 100, &r, e);
}

static csat_status c_retention_profit_value(csat_error *e)
{
    const double d[10] = {1, 2, 3, 4, 5, 6, NAN, 8, 9, 10};
    csat_retention_profit v;
    return csat_retention_profit_value(d, 2, 10, 0.5, 0.1, 5, &v, e);
}

static csat_status c_retention_profit_table(csat_error *e)
{
    const double d[5] = {1, 2, 3, 4, 5}, r[3] = {0.5, 0.6, 1.5};
    double v[3];
    return csat_retention_profit_table(d, 1, 0, r, 3, 0.5, 0.1, 5, v, NULL, e);
}

/* profitability (issue 17) */
static const uint64_t pf_ids[3] = {1, 2, 1};
static const double pf_t[3] = {0, 1, 2}, pf_a[3] = {5, 6, 7};
static csat_status c_customer_profit(csat_error *e)
{
    const double co[3] = {1, 1, -1};
    double r[2];
    size_t m;
    return csat_customer_profit(pf_ids, pf_t, pf_a, co, 3, NULL, NULL, 0, NULL, NULL, r, NULL, NULL, NULL,
                                NULL, 2, &m, NULL, e);
}
static csat_status c_profit_tiers(csat_error *e)
{
    const double p[3] = {1, NAN, 2};
    const int32_t t[3] = {0, 0, 1};
    csat_tier_profit out[2];
    return csat_profit_tiers(pf_a, p, t, 3, 2, out, e);
}
static csat_status c_profit_whale(csat_error *e)
{
    const double p[3] = {1, 2, INFINITY};
    double curve[4];
    return csat_profit_whale(p, 3, curve, NULL, NULL, NULL, NULL, e);
}
static csat_status c_profit_by_tenure(csat_error *e)
{
    const double co[3] = {1, NAN, 1};
    double size[3];
    size_t np;
    return csat_profit_by_tenure(pf_ids, pf_t, pf_a, co, 3, NULL, 3, 3, size, NULL, NULL, NULL, NULL, &np,
                                 NULL, e);
}

static csat_status c_complaint_pareto(csat_error *e)
{
    const int32_t causes[3] = {0, 1, 5};
    double counts[2];
    return csat_complaint_pareto(causes, 3, 2, NULL, counts, NULL, NULL, NULL, NULL, e);
}

/* share of wallet in C (issue 17) */
static csat_status c_share_of_wallet(csat_error *e)
{
    const double s[3] = {1, 2, 3}, c[3] = {2, 4, 2.5};
    double out[3];
    return csat_share_of_wallet(s, c, 3, out, NULL, e);
}

#define ROW(fn, st, arg, row) {#fn, c_##fn, (st), (arg), (row)}

static const details_case cases[] = {
    ROW(kano_classify, CSAT_EINVAL, "dysfunctional", NO),
    ROW(kano_evaluate, CSAT_EINVAL, "counts", 2),
    ROW(kano_survey, CSAT_EINVAL, "functional", 4),
    ROW(kano_continuous, CSAT_EINVAL, "dysfunctional", 2),
    ROW(servqual_standard_map, CSAT_EBUFSIZE, "cap", NO),
    ROW(servqual_reverse_1988, CSAT_EBUFSIZE, "cap", NO),
    ROW(servqual_pzb_weights, CSAT_EBUFSIZE, "cap", NO),
    ROW(servqual, CSAT_EINVAL, "perceived", 4),
    ROW(servqual_combine, CSAT_EINVAL, "weights", 2),
    ROW(zot_item, CSAT_EINVAL, "perceived", NO),
    ROW(zot, CSAT_EINVAL, "adequate", 3),
    ROW(service_gaps, CSAT_EINVAL, "management", 1),
    ROW(nps, CSAT_EINVAL, "answers", 3),
    ROW(nps_from_counts, CSAT_EINVAL, "passives", NO),
    ROW(nps_interval_counts, CSAT_EINVAL, "level", NO),
    ROW(nps_compare, CSAT_EINVAL, "passives2", NO),
    ROW(nps_sample_size, CSAT_EINVAL, "half_width", NO),
    ROW(csat, CSAT_EINVAL, "answers", 2),
    ROW(ces, CSAT_EINVAL, "answers", 2),
    ROW(csi, CSAT_EINVAL, "answers", 5),
    ROW(disconfirm, CSAT_EINVAL, "weights", 1),
    ROW(seven_factor, CSAT_EINVAL, "expectations", NO),
    ROW(ipa, CSAT_EINVAL, "performance", 2),
    ROW(importance_derived, CSAT_EINVAL, "performance", 4),
    ROW(oliver_phase_of, CSAT_EINVAL, "thresholds", 2),
    ROW(dick_basu_classify, CSAT_EINVAL, "repeat_patronage", NO),
    ROW(jones_sasser_classify, CSAT_EINVAL, "loyalty", 2),
    ROW(loyalty_index, CSAT_EINVAL, "values", CSAT_LOYALTY_N_INDICATORS + 1),
    ROW(loyalty_bond_score, CSAT_EINVAL, "scores", 2),
    ROW(satisfaction_retention_table, CSAT_EBUFSIZE, "cap", NO),
    ROW(satisfaction_retention_forecast, CSAT_EINVAL, "counts", 1),
    ROW(iceberg, CSAT_EINVAL, "revenue_per_customer", NO),
    ROW(btyd_chunk_loglik, CSAT_EINVAL, "recency", 1),
    ROW(btyd_chunk_hessian, CSAT_EINVAL, "weights", 2),
    ROW(spend_chunk_loglik, CSAT_EINVAL, "monetary_value", 2),
    ROW(sbg_log_likelihood, CSAT_EINVAL, "survivors", 2),
    ROW(sbg_survival, CSAT_EINVAL, "t", 2),
    ROW(sbg_retention, CSAT_EINVAL, "t", 1),
    ROW(sbg_churn_pmf, CSAT_EINVAL, "t", 2),
    ROW(sbg_expected_lifetime, CSAT_EINVAL, "p->beta", NO),
    ROW(sbg_derl, CSAT_EINVAL, "n_renewals", NO),
    ROW(sbg_del, CSAT_EINVAL, "discount", NO),
    ROW(sbg_clv, CSAT_EINVAL, "margin", NO),
    ROW(km_logrank, CSAT_EINVAL, "events", 2),
    ROW(logistic_chunk_score, CSAT_EINVAL, "y", 2),
    ROW(churn_auc, CSAT_EINVAL, "scores", 1),
    ROW(churn_confusion, CSAT_EINVAL, "y", 2),
    ROW(churn_lift, CSAT_EINVAL, "y", 2),
    ROW(churn_campaign_profit, CSAT_EINVAL, "y", 3),
    ROW(econ_margin_multiple, CSAT_EINVAL, "retention", NO),
    ROW(econ_clv_gupta_lehmann, CSAT_EINVAL, "growth", NO),
    ROW(econ_clv_berger_nasr, CSAT_EINVAL, "retention", NO),
    ROW(econ_clv_survival, CSAT_EINVAL, "survival", 2),
    ROW(econ_clv_retention, CSAT_EINVAL, "margin", 1),
    ROW(econ_payback, CSAT_EINVAL, "acquisition_cost", NO),
    ROW(econ_customer_equity, CSAT_EINVAL, "new_customers", 1),
    ROW(econ_retention_effect, CSAT_EINVAL, "r_after", NO),
    ROW(econ_replacement, CSAT_EINVAL, "cost_ratio", NO),
    ROW(kpi_rates_from_counts, CSAT_EINVAL, "new_customers", NO),
    ROW(cohort_table, CSAT_EINVAL, "times", 2),
    ROW(kpi_between, CSAT_EINVAL, "amounts", 1),
    ROW(rfm_scores, CSAT_EINVAL, "frequency", 2),
    ROW(rfm_table_validate, CSAT_EINVAL, "table->rules", 2),
    ROW(rfm_segment_assign, CSAT_EINVAL, "f", 1),
    ROW(kmeans_silhouette, CSAT_EINVAL, "labels", 3),
    ROW(kmeans_chunk_step, CSAT_EINVAL, "X", 2),
    ROW(value_tiers, CSAT_EINVAL, "amount", 2),
    ROW(pyramid, CSAT_EINVAL, "profit", 1),
    ROW(abc, CSAT_EINVAL, "value", 2),
    ROW(lifecycle_stages, CSAT_EINVAL, "recent", 1),
    ROW(lifecycle_from_history, CSAT_EINVAL, "times", 1),
    ROW(benefit_theory_shares, CSAT_EINVAL, "shares", NO),
    ROW(benefit_segments, CSAT_EINVAL, "importance", 3),
    ROW(pls_new, CSAT_EINVAL, "item_lv", 2), /* PLS path modelling (issue 16) */
    ROW(pls_preset_model, CSAT_EINVAL, "n_lv", NO),
    ROW(logistic_chunk_score_weighted, CSAT_EINVAL, "weights", 2),
    /* satisfaction over time (issue 16) */
    ROW(proportions_compare, CSAT_EINVAL, "count2", NO),
    ROW(means_compare, CSAT_EINVAL, "sd2", NO),
    ROW(csi_compare, CSAT_EINVAL, "answers2", 2),
    ROW(proportion_sample_size, CSAT_EINVAL, "population", NO),
    ROW(mean_sample_size, CSAT_EINVAL, "sd", NO),
    ROW(nps_sample_size_population, CSAT_EINVAL, "level", NO),
    ROW(track_shares, CSAT_EINVAL, "n", 2),
    ROW(track_means, CSAT_EINVAL, "sds", 1),
    ROW(relative_score, CSAT_EINVAL, "competitors", 2),
    /* PLS index two-sample test (issue 16) */
    ROW(pls_index_compare, CSAT_EINVAL, "lv", NO),
    /* issue 17 */
    ROW(kpi_by_group, CSAT_EINVAL, "groups", 2),
    ROW(kpi_scorecard, CSAT_EINVAL, "reports", 1),
    ROW(repeat_purchase, CSAT_EINVAL, "times", 2),
    ROW(inter_purchase_times, CSAT_EINVAL, "period", NO),
    ROW(referral_value, CSAT_EINVAL, "closing_rate", NO),
    ROW(retention_profit_value, CSAT_EINVAL, "drivers", 6),
    ROW(retention_profit_table, CSAT_EINVAL, "retention", 2),
    ROW(cross_sell, CSAT_EINVAL, "categories", 1),
    ROW(loyalty_behaviour, CSAT_EINVAL, "observation_end", NO),
    /* profitability (issue 17) */
    ROW(customer_profit, CSAT_EINVAL, "costs", 2),
    ROW(profit_tiers, CSAT_EINVAL, "profit", 1),
    ROW(profit_whale, CSAT_EINVAL, "profit", 2),
    ROW(profit_by_tenure, CSAT_EINVAL, "costs", 1),
    ROW(complaint_pareto, CSAT_EINVAL, "causes", 2),
    /* share of wallet in C (issue 17) */
    ROW(share_of_wallet, CSAT_EINVAL, "spend", 2),
};

static void test_details_name_argument_and_row(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const details_case *c = &cases[i];
        csat_error e;
        csat_status st;
        memset(&e, 0x5A, sizeof e); /* garbage: every field must be set */
        st = c->call(&e);
        if (st != c->status || e.status != st || e.argument == NULL
            || strcmp(e.argument, c->argument) != 0 || e.row != c->row
            || memchr(e.message, '\0', sizeof e.message) == NULL
            || strstr(e.message, c->argument) == NULL) {
            print_error("%s: status %d (expected %d), details {%d, %s, %zu, \"%.256s\"}, expected "
                        "{%s, %zu}\n",
                        c->name, st, c->status, e.status, e.argument ? e.argument : "NULL", e.row,
                        memchr(e.message, '\0', sizeof e.message) ? e.message : "(unterminated)",
                        c->argument, c->row);
            fail();
        }
        if (c->call(NULL) != st) {
            print_error("%s: the status differs without a csat_error\n", c->name);
            fail();
        }
    }
}

static void test_success_clears(void **state)
{
    const double a[3] = {10, 9, 0};
    csat_nps_result r;
    csat_error e;
    (void)state;
    memset(&e, 0x5A, sizeof e);
    assert_int_equal(csat_nps(a, 3, NULL, &r, &e), CSAT_OK);
    assert_int_equal(e.status, CSAT_OK);
    assert_null(e.argument);
    assert_true(e.row == CSAT_NO_ROW);
    assert_string_equal(e.message, "");
}

static void test_message_is_truncated_and_terminated(void **state)
{
    /* a long argument name cannot overflow the message */
    const double a[2] = {1, 2};
    double out;
    csat_error e;
    (void)state;
    assert_int_equal(csat_servqual_combine(a, NULL, SIZE_MAX, &out, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "n_dimensions");
    assert_true(strlen(e.message) < sizeof e.message);
    assert_non_null(strstr(e.message, "overflow"));
}

static void test_empty_and_domain_errors_say_why(void **state)
{
    const double v[3] = {0, 0, 0};
    int klass[3];
    csat_nps_result r;
    csat_error e;
    (void)state;
    assert_int_equal(csat_abc(v, 3, NULL, NULL, klass, NULL, NULL, &e), CSAT_EDOM);
    assert_string_equal(e.argument, "value");
    assert_non_null(strstr(e.message, "sums to 0"));
    assert_int_equal(csat_nps_from_counts(0, 0, 0, &r, &e), CSAT_EDOM);
    assert_non_null(strstr(e.message, "= 0"));
    assert_int_equal(csat_nps(v, 0, NULL, &r, &e), CSAT_EEMPTY);
    assert_string_equal(e.argument, "answers");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_details_name_argument_and_row),
        cmocka_unit_test(test_success_clears),
        cmocka_unit_test(test_message_is_truncated_and_terminated),
        cmocka_unit_test(test_empty_and_domain_errors_say_why),
    };
    return cmocka_run_group_tests_name("error_details", tests, NULL, NULL);
}
