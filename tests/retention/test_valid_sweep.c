/*
 * Valid-input sweep of the retention area (see tests/valid_sweep.h): sBG
 * closed forms over alpha, beta in 1e-6..1e6 and fits on extreme counts,
 * Kaplan-Meier and the log-rank test with times up to 1e6 and weights up
 * to 1e300, logistic regression on rescaled columns, churn evaluation,
 * retention economics over the whole valid range of rates and amounts,
 * KPIs and cohort tables. n = 1, identical rows, all censored.
 *
 * Documented codes (include/csat.h), besides CSAT_OK:
 *   sbg_survival, retention, churn_pmf, log_likelihood: none
 *   sbg_derl, sbg_del           none (any d > 0; d down to 1e-300 swept)
 *   sbg_clv                     EDOM (margin * DEL past the double range)
 *   sbg_expected_lifetime       EDOM (alpha <= 1)
 *   sbg_fit_survivors/durations EDOM (nobody leaves, everybody leaves in period 1,
 *                               one period only), ENOCONV
 *   km_fit(_group)              EDOM (weights summing past DBL_MAX)
 *   km_restricted_mean          EDOM (SE past DBL_MAX)
 *   km_logrank                  EDOM (no events)
 *   logistic_fit                EDOM (one class, collinear, separable), ENOCONV
 *   churn_auc, churn_lift       EDOM (one class; no churners)
 *   econ_*                      EDOM (r (1 + g) >= 1 + i for a perpetuity; a
 *                               result past the double range); retention_effect
 *                               also for clv_before <= 0, replacement for clv_new <= AC
 *   kpi_rates_from_counts       EEMPTY (start = 0), EDOM (N / S past the double range)
 *   cohort_table, kpi_between   none on valid input
 */
#include "valid_sweep.h"

/* ---- sBG -------------------------------------------------------------------------- */

static void test_sbg(void **state)
{
    static const double ts0[] = {0, 1, 2, 10, 1e6, 1e15};
    static const double ts1[] = {1, 2, 10, 1e6, 1e15};
    static const double disc[] = {1e-300, 1e-12, 1e-7, 1e-3, 0.1, 10, 1e6};
    static const double renew[] = {0, 1, 1e6, 1e15};
    double g[32];
    size_t ng = vs.large ? vs_log_grid(g, -12, 12, 1) : vs_log_grid(g, -6, 6, 2);
    (void)state;
    for (size_t i = 0; i < ng; i++)
        for (size_t j = 0; j < ng; j++) {
            const csat_sbg_params p = {g[i], g[j]};
            double out[8];
            char ctx[200];
            csat_status st;
            snprintf(ctx, sizeof ctx, "alpha %g, beta %g", p.alpha, p.beta);
            vs_fill(out, VS_N_OF(ts0));
            st = csat_sbg_survival(&p, ts0, VS_N_OF(ts0), out, NULL);
            vs_check("csat_sbg_survival", ctx, NULL, st, VS_NONE, out, VS_N_OF(ts0), 0.0, 1.0);
            vs_fill(out, VS_N_OF(ts1));
            st = csat_sbg_retention(&p, ts1, VS_N_OF(ts1), out, NULL);
            vs_check("csat_sbg_retention", ctx, NULL, st, VS_NONE, out, VS_N_OF(ts1), 0.0, 1.0);
            vs_fill(out, VS_N_OF(ts1));
            st = csat_sbg_churn_pmf(&p, ts1, VS_N_OF(ts1), out, NULL);
            vs_check("csat_sbg_churn_pmf", ctx, NULL, st, VS_NONE, out, VS_N_OF(ts1), 0.0, 1.0);
            vs_fill(out, 1);
            st = csat_sbg_expected_lifetime(&p, out, NULL);
            vs_check("csat_sbg_expected_lifetime", ctx, NULL, st, VS_DOC(CSAT_EDOM), out, 1, 1.0, DBL_MAX);
            if (st == CSAT_EDOM && p.alpha > 1)
                vs_failf("csat_sbg_expected_lifetime", ctx, "CSAT_EDOM with alpha > 1");
            for (size_t d = 0; d < VS_N_OF(disc); d++) {
                char ctx2[260];
                /* the smallest discounts on a few points */
                if (d <= 2 && (i + j) % 5)
                    continue;
                snprintf(ctx2, sizeof ctx2, "%s, discount %g", ctx, disc[d]);
                vs_fill(out, 1);
                vs_tic();
                st = csat_sbg_del(&p, disc[d], out, NULL);
                /* 1 <= DEL <= sum_k (1 + d)^-k = 1 + 1/d (slack for rounding at the limit) */
                vs_check("csat_sbg_del", ctx2, NULL, st, VS_NONE, out, 1, 1.0, (1.0 + 1.0 / disc[d]) * (1 + 1e-12));
                vs_fill(out, 2);
                vs_tic();
                st = csat_sbg_clv(&p, d > 0 && d % 2 == 0 ? 1e300 : -1e6, disc[d], out, NULL); /* 1e300 where DEL <= 1e7 */
                vs_check("csat_sbg_clv", ctx2, NULL, st, VS_NONE, out, 1, -DBL_MAX, DBL_MAX);
                vs_fill(out, 1);
                st = csat_sbg_clv(&p, d % 2 ? -DBL_MAX / 2 : DBL_MAX, disc[d], out, NULL);
                vs_check("csat_sbg_clv", ctx2, NULL, st, VS_DOC(CSAT_EDOM), out, 1, -DBL_MAX,
                         DBL_MAX);
                for (size_t r = 0; r < VS_N_OF(renew); r++) {
                    char ctx3[300];
                    snprintf(ctx3, sizeof ctx3, "%s, renewals %g", ctx2, renew[r]);
                    vs_fill(out, 1);
                    vs_tic();
                    st = csat_sbg_derl(&p, disc[d], renew[r], out, NULL);
                    vs_check("csat_sbg_derl", ctx3, NULL, st, VS_NONE, out, 1, 0.0,
                             (1.0 + 1.0 / disc[d]) * (1 + 1e-12));
                }
            }
            {
                /* a cohort of 1e300 and one of 1 */
                static const double s1[] = {1e300, 5e299, 3e299, 2e299}, s2[] = {1, 0.5, 0.25, 0.25};
                static const double s3[] = {1, 1, 1, 1}, s4[] = {1e6, 0, 0};
                const double *ss[] = {s1, s2, s3, s4};
                const size_t ns[] = {4, 4, 4, 3};
                for (size_t k = 0; k < 4; k++) {
                    vs_fill(out, 1);
                    st = csat_sbg_log_likelihood(&p, ss[k], ns[k], out, NULL);
                    vs_check("csat_sbg_log_likelihood", ctx, NULL, st, VS_NONE, out, 1, -DBL_MAX, 0.0);
                }
            }
        }
}

static void sbg_fit_check(csat_sbg *m, const char *ctx, csat_status st, csat_sbg_params *got)
{
    csat_sbg_params p = {VS_SENTINEL, VS_SENTINEL};
    double v[4];
    if (st == CSAT_OK)
        (void)csat_sbg_get_params(m, &p);
    v[0] = p.alpha, v[1] = p.beta;
    vs_fill(v + 2, 2);
    if (st == CSAT_OK && csat_sbg_std_err(m, &v[2], &v[3]) != CSAT_OK)
        vs_failf("csat_sbg_std_err", ctx, "no standard errors after a fit");
    vs_check(ctx[0] == 'd' ? "csat_sbg_fit_durations" : "csat_sbg_fit_survivors", ctx, NULL, st,
             VS_DOC(CSAT_EDOM, CSAT_ENOCONV), v, st == CSAT_OK ? 4 : 0, DBL_MIN, DBL_MAX);
    if (got)
        *got = st == CSAT_OK ? p : (csat_sbg_params){NAN, NAN};
}

static void test_sbg_fits(void **state)
{
    static const double base[] = {1000, 631, 468, 382, 326, 289, 262, 241};
    static const double scale[] = {1e-300, 1e-6, 1, 1e6, 1e300};
    csat_sbg *m = NULL;
    csat_sbg_params p0, p;
    double s[64], dur[8], ch[8];
    char ctx[100];
    (void)state;
    assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
    sbg_fit_check(m, "survivors, scale 1", csat_sbg_fit_survivors(m, base, 8, NULL), &p0);
    for (size_t k = 0; k < VS_N_OF(scale); k++) {
        for (int i = 0; i < 8; i++)
            s[i] = base[i] * scale[k];
        snprintf(ctx, sizeof ctx, "survivors, scale %g", scale[k]);
        sbg_fit_check(m, ctx, csat_sbg_fit_survivors(m, s, 8, NULL), &p);
        if (isfinite(p.alpha) && !(csat_test_close(p.alpha, p0.alpha, 1e-5, 0) &&
                                   csat_test_close(p.beta, p0.beta, 1e-5, 0)))
            vs_failf("csat_sbg_fit_survivors", ctx, "alpha %g beta %g, at scale 1: %g %g", p.alpha, p.beta,
                     p0.alpha, p0.beta);
    }
    /* long series: 60 periods of slow decay; one leaver; everybody stays */
    s[0] = 1e6;
    for (int i = 1; i < 60; i++)
        s[i] = s[i - 1] * (0.999 - 0.0001 * i);
    sbg_fit_check(m, "survivors, 60 periods", csat_sbg_fit_survivors(m, s, 60, NULL), NULL);
    for (int i = 0; i < 8; i++)
        s[i] = i < 2 ? 1e6 : 1e6 - 1;
    sbg_fit_check(m, "survivors, one leaver", csat_sbg_fit_survivors(m, s, 8, NULL), NULL);
    for (int i = 0; i < 8; i++)
        s[i] = 5;
    sbg_fit_check(m, "survivors, nobody leaves", csat_sbg_fit_survivors(m, s, 8, NULL), NULL);
    /* durations: n = 1, identical rows, 1e7 periods */
    dur[0] = 3, ch[0] = 1;
    sbg_fit_check(m, "durations, n = 1", csat_sbg_fit_durations(m, dur, ch, 1, NULL), NULL);
    for (int i = 0; i < 8; i++)
        dur[i] = 4, ch[i] = 1;
    sbg_fit_check(m, "durations, identical", csat_sbg_fit_durations(m, dur, ch, 8, NULL), NULL);
    for (int i = 0; i < 8; i++)
        dur[i] = i % 2 ? 1e7 : 1 + i, ch[i] = i % 3 != 0;
    sbg_fit_check(m, "durations up to 1e7", csat_sbg_fit_durations(m, dur, ch, 8, NULL), NULL);
    csat_sbg_free(m);
}

/* ---- Kaplan-Meier and log-rank ------------------------------------------------------- */

static void km_check(csat_km *km, const char *ctx, csat_status st)
{
    size_t m = 0;
    static double c[8 * 64];
    if (!vs_check("csat_km_fit", ctx, NULL, st, VS_DOC(CSAT_EDOM), NULL, 0, 0, 0))
        return;
    if (csat_km_size(km, &m) != CSAT_OK || m > 64) {
        vs_failf("csat_km_size", ctx, "m = %zu", m);
        return;
    }
    vs_fill(c, 8 * m);
    st = csat_km_table(km, c, c + m, c + 2 * m, c + 3 * m, c + 4 * m, c + 5 * m, c + 6 * m, c + 7 * m, m);
    vs_check("csat_km_table (time, risk, events, censored)", ctx, NULL, st, VS_NONE, c, 4 * m, 0.0,
             DBL_MAX);
    vs_check("csat_km_table (survival)", ctx, NULL, st, VS_NONE, c + 4 * m, m, 0.0, 1.0);
    /* the Greenwood SE is Inf where S reaches 0 (R: NaN/Inf too): only finite S > 0 */
    for (size_t j = 0; j < m; j++)
        if (c[4 * m + j] > 0)
            vs_check("csat_km_table (std_err where S > 0)", ctx, NULL, st, VS_NONE, c + 5 * m + j, 1, 0.0,
                     DBL_MAX);
    vs_check("csat_km_table (interval)", ctx, NULL, st, VS_NONE, c + 6 * m, 2 * m, 0.0, 1.0);
    {
        csat_km_median md;
        double v[3];
        st = csat_km_median_survival(km, &md);
        v[0] = md.median, v[1] = md.lower, v[2] = md.upper;
        vs_check("csat_km_median_survival", ctx, NULL, st, VS_NONE, v, 3, 0.0, DBL_MAX);
    }
    {
        static const double taus[] = {1e-6, 1, 1e6, 1e300};
        for (size_t k = 0; k < VS_N_OF(taus); k++) {
            double v[2];
            char ctx2[200];
            snprintf(ctx2, sizeof ctx2, "%s, tau %g", ctx, taus[k]);
            vs_fill(v, 2);
            st = csat_km_restricted_mean(km, taus[k], &v[0], &v[1]);
            if (vs_check("csat_km_restricted_mean", ctx2, NULL, st, VS_DOC(CSAT_EDOM), v, 2, 0.0, DBL_MAX))
                vs_check("csat_km_restricted_mean (<= tau)", ctx2, NULL, st, VS_NONE, v, 1, 0.0, taus[k]);
        }
    }
    {
        static const double at[] = {0, 1e-6, 1, 1e6, 1e300};
        double v[5];
        vs_fill(v, 5);
        st = csat_km_survival_at(km, at, 5, v);
        vs_check("csat_km_survival_at", ctx, NULL, st, VS_NONE, v, 5, 0.0, 1.0);
    }
}

static void test_km(void **state)
{
    enum { N = 40 };
    static const double wscale[] = {1e-300, 1e-6, 1, 1e6, 1e300};
    static const double tscale[] = {1e-6, 1, 1e6};
    double t[N], e[N], w[N];
    uint64_t gr[N];
    csat_km *km = NULL;
    char ctx[160];
    (void)state;
    assert_int_equal(csat_km_new(&km, NULL), CSAT_OK);
    for (size_t a = 0; a < VS_N_OF(tscale); a++)
        for (size_t b = 0; b < VS_N_OF(wscale); b++)
            for (int pattern = 0; pattern < 5; pattern++) {
                /* 0: mixed; 1: all censored; 2: all events; 3: identical rows; 4: n = 1 */
                size_t n = pattern == 4 ? 1 : N;
                for (size_t i = 0; i < n; i++) {
                    t[i] = pattern == 3 ? tscale[a] : tscale[a] * (double)((i * 7) % 13 + (i % 3) * 0.5);
                    e[i] = pattern == 1 ? 0 : pattern == 2 ? 1 : (double)(i % 3 != 0);
                    w[i] = wscale[b] * (1 + (double)(i % 4));
                    gr[i] = i % 2;
                }
                snprintf(ctx, sizeof ctx, "times x %g, weights x %g, pattern %d, n %zu", tscale[a], wscale[b],
                         pattern, n);
                km_check(km, ctx, csat_km_fit(km, t, e, w, n, NULL));
                km_check(km, ctx, csat_km_fit(km, t, e, NULL, n, NULL));
                km_check(km, ctx, csat_km_fit_group(km, t, e, w, gr, 0, n, NULL));
                if (n > 1) {
                    double v[7];
                    csat_status st;
                    vs_fill(v, 7);
                    st = csat_km_logrank(t, e, gr, n, 2, v, v + 2, v + 4, v + 5, v + 6, NULL, NULL);
                    if (vs_check("csat_km_logrank", ctx, NULL, st, VS_DOC(CSAT_EDOM), v, 6, 0.0, DBL_MAX))
                        vs_check("csat_km_logrank (p)", ctx, NULL, st, VS_NONE, v + 6, 1, 0.0, 1.0);
                    if (st == CSAT_EDOM && pattern != 1)
                        vs_failf("csat_km_logrank", ctx, "CSAT_EDOM with events");
                }
            }
    csat_km_free(km);
}

/* ---- logistic regression and churn evaluation ----------------------------------------- */

static void test_logistic_and_churn(void **state)
{
    enum { N = 60 };
    static const double xscale[] = {1e-300, 1e-6, 1, 1e6, 1e300};
    double X[N * 2], y[N], s[N], prob[N];
    csat_logistic *m = NULL;
    char ctx[120];
    (void)state;
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    for (size_t a = 0; a < VS_N_OF(xscale); a++)
        for (int pattern = 0; pattern < 4; pattern++) {
            /* 0: overlapping classes; 1: n = p + 1; 2: identical rows; 3: a constant column */
            size_t n = pattern == 1 ? 4 : N;
            csat_status st;
            double c[3], se[3];
            for (size_t i = 0; i < n; i++) {
                X[2 * i] = pattern == 2 ? xscale[a] : xscale[a] * (double)((i * 7) % 11) / 10.0;
                X[2 * i + 1] = pattern == 3 ? xscale[a] : xscale[a] * (double)((i * 3) % 5) / 4.0;
                y[i] = (double)((i * 37) % 100 < 30 + 4 * ((i * 7) % 11));
            }
            if (pattern == 1)
                y[0] = 0, y[1] = 1, y[2] = 1, y[3] = 0;
            snprintf(ctx, sizeof ctx, "X x %g, pattern %d, n %zu", xscale[a], pattern, n);
            st = csat_logistic_fit(m, X, n, 2, y, NULL, NULL);
            vs_fill(c, 3), vs_fill(se, 3);
            if (st == CSAT_OK)
                (void)csat_logistic_coef(m, c, se, 3);
            vs_check("csat_logistic_fit (coefficients)", ctx, NULL, st, VS_DOC(CSAT_EDOM, CSAT_ENOCONV), c,
                     st == CSAT_OK ? 3 : 0, -DBL_MAX, DBL_MAX);
            if (st == CSAT_OK) {
                vs_check("csat_logistic_fit (standard errors)", ctx, NULL, st, VS_NONE, se, 3, 0.0, DBL_MAX);
                vs_fill(prob, n);
                st = csat_logistic_predict(m, X, n, 2, prob);
                vs_check("csat_logistic_predict", ctx, NULL, st, VS_NONE, prob, n, 0.0, 1.0);
            }
            /* churn evaluation on the same rows, scores scaled */
            for (size_t i = 0; i < n; i++)
                s[i] = pattern == 2 ? xscale[a] : X[2 * i] - X[2 * i + 1];
            {
                double v[6 * 4];
                const csat_campaign cp = {xscale[a] > 1e6 ? 1e300 : 1e6, 1.0, 10.0, 0.3, 1e3};
                size_t best;
                vs_fill(v, 1);
                st = csat_churn_auc(s, y, n, v, NULL, NULL);
                vs_check("csat_churn_auc", ctx, NULL, st, VS_DOC(CSAT_EDOM), v, 1, 0.0, 1.0);
                vs_fill(v, 24);
                st = csat_churn_lift(s, y, n, 4, v, v + 4, v + 8, v + 12, v + 16, v + 20, NULL, NULL);
                vs_check("csat_churn_lift", ctx, NULL, st, VS_DOC(CSAT_EDOM), v, 24, 0.0, DBL_MAX);
                vs_fill(v, 4);
                st = csat_churn_campaign_profit(s, y, n, &cp, n < 4 ? n : 4, v, &best, NULL, NULL);
                vs_check("csat_churn_campaign_profit", ctx, NULL, st, VS_NONE, v, n < 4 ? n : 4, -DBL_MAX,
                         DBL_MAX);
            }
        }
    csat_logistic_free(m);
}

/* ---- retention economics ----------------------------------------------------------------- */

static const int *const DOC_ECON = VS_DOC(CSAT_EDOM);

static void test_econ(void **state)
{
    static const double rs[] = {0, 1e-6, 0.5, 1 - 1e-6, 1};
    static const double is[] = {-1 + 1e-6, -0.5, 0, 1e-6, 0.1, 1e6};
    static const double gs[] = {-1 + 1e-6, 0, 0.05, 1e6};
    static const double ms[] = {-1e300, -1, 0, 1e-6, 1e6, 1e300};
    static const double acs[] = {0, 1, 1e300};
    (void)state;
    for (size_t a = 0; a < VS_N_OF(rs); a++)
        for (size_t b = 0; b < VS_N_OF(is); b++) {
            const double r = rs[a], i = is[b];
            char ctx[160];
            double v[8];
            csat_status st;
            snprintf(ctx, sizeof ctx, "r %.17g, i %.17g", r, i);
            vs_fill(v, 1);
            st = csat_econ_margin_multiple(r, i, v, NULL);
            vs_check("csat_econ_margin_multiple", ctx, NULL, st, DOC_ECON, v, 1, 0.0, DBL_MAX);
            for (size_t c = 0; c < VS_N_OF(ms); c++)
                for (size_t d = 0; d < VS_N_OF(acs); d++) {
                    const double m = ms[c], ac = acs[d];
                    char ctx2[240];
                    snprintf(ctx2, sizeof ctx2, "%s, margin %g, AC %g", ctx, m, ac);
                    for (size_t e = 0; e < VS_N_OF(gs); e++)
                        for (int timing = 0; timing < 2; timing++) {
                            char ctx3[300];
                            snprintf(ctx3, sizeof ctx3, "%s, g %g, timing %d", ctx2, gs[e], timing);
                            vs_fill(v, 1);
                            st = csat_econ_clv_gupta_lehmann(m, r, i, gs[e], ac, (csat_clv_timing)timing, v, NULL);
                            vs_check("csat_econ_clv_gupta_lehmann", ctx3, NULL, st, DOC_ECON, v, 1, -DBL_MAX,
                                     DBL_MAX);
                        }
                    {
                        static const size_t years[] = {0, 1, 10, 100000};
                        for (size_t y = 0; y < VS_N_OF(years); y++) {
                            char ctx3[300];
                            snprintf(ctx3, sizeof ctx3, "%s, years %zu", ctx2, years[y]);
                            vs_fill(v, 1);
                            st = csat_econ_clv_berger_nasr(m, ac, r, i, years[y], v, NULL);
                            vs_check("csat_econ_clv_berger_nasr", ctx3, NULL, st, DOC_ECON, v, 1, -DBL_MAX,
                                     DBL_MAX);
                        }
                    }
                    {
                        double margin[50], surv[50];
                        for (int t = 0; t < 50; t++) {
                            margin[t] = m * (t % 2 ? 1 : 0.5);
                            surv[t] = pow(r, t);
                        }
                        for (int timing = 0; timing < 2; timing++) {
                            vs_fill(v, 2);
                            st = csat_econ_clv_survival(margin, surv, 50, i, ac, (csat_clv_timing)timing, v, NULL);
                            vs_check("csat_econ_clv_survival", ctx2, NULL, st, DOC_ECON, v, 1, -DBL_MAX,
                                     DBL_MAX);
                            st = csat_econ_clv_retention(margin, 50, r, i, ac, (csat_clv_timing)timing, v + 1, NULL);
                            vs_check("csat_econ_clv_retention", ctx2, NULL, st, DOC_ECON, v + 1, 1, -DBL_MAX,
                                     DBL_MAX);
                        }
                    }
                    for (int disc = 0; disc < 2; disc++) {
                        double per = VS_SENTINEL;
                        int found = -1;
                        vs_tic();
                        st = csat_econ_payback(m, r, i, ac, disc, &per, &found, NULL);
                        vs_check("csat_econ_payback", ctx2, NULL, st, DOC_ECON, &per, 1, 0.0, 1e7);
                        if (st == CSAT_OK && !(found == 0 || found == 1))
                            vs_failf("csat_econ_payback", ctx2, "found = %d", found);
                    }
                    if (r < 1) {
                        csat_retention_effect re;
                        static const double r2[] = {0, 0.5, 1 - 1e-6};
                        for (size_t k = 0; k < VS_N_OF(r2); k++) {
                            memset(&re, 0, sizeof re);
                            st = csat_econ_retention_effect(m, r, r2[k], i, ac, &re, NULL);
                            v[0] = re.lifetime_before, v[1] = re.lifetime_after, v[2] = re.clv_before;
                            v[3] = re.clv_after, v[4] = re.profit_uplift, v[5] = re.base_ratio;
                            vs_check("csat_econ_retention_effect", ctx2, NULL, st, DOC_ECON, v, st ? 0 : 6,
                                     -DBL_MAX, DBL_MAX);
                        }
                    }
                }
            {
                static const double nc[] = {0, 1, 1e300};
                double cur[3] = {1e300, -1e300, 5}, nn[3];
                for (size_t k = 0; k < VS_N_OF(nc); k++) {
                    nn[0] = nn[1] = nn[2] = nc[k];
                    vs_fill(v, 1);
                    st = csat_econ_customer_equity(cur, 3, nn, 3, 1e300, 0, i, v, NULL);
                    vs_check("csat_econ_customer_equity", ctx, NULL, st, DOC_ECON, v, 1, -DBL_MAX, DBL_MAX);
                }
            }
        }
    {
        static const double amt[] = {0, 1e-300, 1, 1e300};
        for (size_t a = 0; a < VS_N_OF(amt); a++)
            for (size_t b = 0; b < VS_N_OF(amt); b++)
                for (size_t c = 0; c < VS_N_OF(amt); c++) {
                    csat_replacement rp;
                    double v[4];
                    char ctx[120];
                    csat_status st;
                    snprintf(ctx, sizeof ctx, "n_lost %g, clv_lost %g, clv_new %g", amt[a], amt[b], amt[c]);
                    memset(&rp, 0, sizeof rp);
                    st = csat_econ_replacement(amt[a], amt[b], amt[c], 1e-300, 1e-300, &rp, NULL);
                    v[0] = rp.new_per_lost, v[1] = rp.replacement_cost, v[2] = rp.retention_cost;
                    v[3] = rp.savings;
                    vs_check("csat_econ_replacement", ctx, NULL, st, DOC_ECON, v, st ? 0 : 4, -DBL_MAX, DBL_MAX);
                    {
                        csat_kpi_rates k;
                        double start = amt[a], e = amt[b], nw = amt[c];
                        if (nw > e || e - nw > start)
                            continue;
                        memset(&k, 0, sizeof k);
                        st = csat_kpi_rates_from_counts(start, nw, e, &k, NULL);
                        v[0] = k.retention_rate, v[1] = k.acquisition_rate;
                        vs_check("csat_kpi_rates_from_counts", ctx, NULL, st, VS_DOC(CSAT_EEMPTY, CSAT_EDOM), v,
                                 st ? 0 : 2, 0.0, DBL_MAX);
                        if (st == CSAT_OK && !(k.retention_rate <= 1 && k.churn_rate >= 0))
                            vs_failf("csat_kpi_rates_from_counts", ctx, "retention %g", k.retention_rate);
                    }
                }
    }
}

/* ---- cohort tables and KPIs from transactions ---------------------------------------------- */

static void test_transactions(void **state)
{
    enum { N = 30 };
    static const double tscale[] = {1e-6, 1, 1e6};
    static const double ascale[] = {0, 1e-300, 1, 1e300};
    uint64_t id[N];
    double t[N], am[N];
    (void)state;
    for (size_t a = 0; a < VS_N_OF(tscale); a++)
        for (size_t b = 0; b < VS_N_OF(ascale); b++)
            for (int pattern = 0; pattern < 3; pattern++) {
                /* 0: mixed; 1: n = 1; 2: one customer, identical rows */
                size_t n = pattern == 1 ? 1 : N;
                csat_cohort_options co = CSAT_COHORT_OPTIONS_INIT;
                static double v[2 * 12 + 4 * 12 * 6];
                size_t np = 0;
                char ctx[120];
                csat_status st;
                for (size_t i = 0; i < n; i++) {
                    id[i] = pattern == 2 ? 7 : (uint64_t)((i * 7) % 9);
                    t[i] = pattern == 2 ? 3 * tscale[a] : tscale[a] * (double)((i * 5) % 11);
                    am[i] = ascale[b] * (double)(1 + i % 3);
                }
                co.period = tscale[a];
                snprintf(ctx, sizeof ctx, "times x %g, amounts x %g, pattern %d", tscale[a], ascale[b], pattern);
                vs_fill(v, VS_N_OF(v));
                st = csat_cohort_table(id, t, am, n, &co, 12, 6, v, v + 12, v + 24, v + 96, v + 168, v + 240, &np,
                                       NULL, NULL);
                vs_check("csat_cohort_table (starts, sizes, active, revenue)", ctx, NULL, st, VS_NONE, v, 168,
                         0.0, DBL_MAX);
                vs_check("csat_cohort_table (retention)", ctx, NULL, st, VS_NONE, v + 168, 72, 0.0, 1.0);
                vs_check("csat_cohort_table (revenue retention)", ctx, NULL, st, VS_NONE, v + 240, 72, 0.0,
                         DBL_MAX);
                {
                    static const double bounds[2] = {1, 1e300};
                    csat_kpi_report r;
                    double lad[3];
                    memset(&r, 0, sizeof r);
                    vs_fill(lad, 3);
                    st = csat_kpi_between(id, t, am, n, 2 * tscale[a], 8 * tscale[a], 4 * tscale[a], bounds, 2,
                                          lad, &r, NULL, NULL);
                    {
                        const double rv[] = {r.start_customers, r.new_customers, r.end_customers, r.retained,
                                             r.lost, r.upgraded, r.buyers, r.revenue, r.average_profitability};
                        const double rates[] = {r.retention_rate, r.churn_rate, r.upgrade_rate};
                        vs_check("csat_kpi_between (counts, revenue)", ctx, NULL, st, VS_NONE, rv, st ? 0 : 9, 0.0,
                                 DBL_MAX);
                        vs_check("csat_kpi_between (rates)", ctx, NULL, st, VS_NONE, rates, st ? 0 : 3, 0.0, 1.0);
                        vs_check("csat_kpi_between (new customer rate, ladder)", ctx, NULL, st, VS_NONE,
                                 &r.new_customer_rate, st ? 0 : 1, 0.0, DBL_MAX);
                        vs_check("csat_kpi_between (ladder)", ctx, NULL, st, VS_NONE, lad, 3, 0.0, DBL_MAX);
                    }
                }
            }
}

static void test_report(void **state)
{
    (void)state;
    vs_end("retention");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sbg),         cmocka_unit_test(test_sbg_fits),
        cmocka_unit_test(test_km),          cmocka_unit_test(test_logistic_and_churn),
        cmocka_unit_test(test_econ),        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_report),
    };
    vs_begin();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
