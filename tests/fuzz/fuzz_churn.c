/*
 * libFuzzer target for churn scoring and retention economics: logistic
 * regression (fit, coefficients, likelihood, predictions), the churn-score
 * evaluations (AUC, confusion, lift, campaign profit), the closed-form
 * economics (econ_*), KPI rates, cohort tables and KPIs from transactions
 * and from a customer store. Money amounts, rates and counts span the whole
 * double range (log-uniform 1e-300..1e300 with either sign, raw bits).
 * Contract checks on CSAT_OK: every output finite; probabilities, AUC,
 * rates and shares in [0, 1]; counts >= 0 and adding up (confusion cells
 * to n, lift bins to n, the ladder to the end customers); cumulative gains
 * non-decreasing to 1; payback a whole number of periods; on error every
 * output untouched.
 */
#include "csat.h"
#include "fuzz_util.h"

#define MAXN 48

/* Money: mostly modest amounts of either sign, sometimes anywhere. */
static double money(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 128)
        return (double)((int)byte(r) - 64) * 2.5;
    if (tag < 224)
        return (tag & 1 ? -1.0 : 1.0) * log_uniform(r);
    return any_double(r);
}

static double rate(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 200)
        return (double)(tag % 101) / 100.0;
    if (tag < 232)
        return 1.0 - log_uniform(r) * 1e-284; /* just below 1 */
    return unit_val(r);
}

static double discount(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 160)
        return (double)(tag % 40) / 100.0;
    if (tag < 200)
        return -1.0 + log_uniform(r) * 1e-290; /* just above -1 */
    if (tag < 232)
        return log_uniform(r);
    return any_double(r);
}

/* ---- logistic ------------------------------------------------------------------ */

static const double *dump_X, *dump_y;
static size_t dump_rows, dump_cols;

static void dump_logistic(void)
{
    for (size_t i = 0; i < dump_rows; i++) {
        fprintf(stderr, "  row %zu: y %.17g X", i, dump_y[i]);
        for (size_t j = 0; j < dump_cols; j++)
            fprintf(stderr, " %.17g", dump_X[i * dump_cols + j]);
        fputc('\n', stderr);
    }
}

static void logistic(reader *r, const csat_allocator *alloc)
{
    csat_logistic *m = NULL;
    double X[MAXN * 3], y[MAXN], prob[MAXN], coef[5], se[5], ll, aic;
    size_t rows = byte(r) % MAXN, cols = byte(r) % 4, nc;
    uint8_t mode = byte(r);
    int had = 0, has_ll = 0, has_se = 0, has_dev = 0;
    if (cols > 3)
        cols = 3;
    for (size_t i = 0; i < rows * cols; i++)
        X[i] = mode < 128 ? (double)((int)byte(r) % 16) - 4.0 : mode < 224 ? money(r) : any_double(r);
    for (size_t i = 0; i < rows; i++)
        y[i] = byte(r) < 250 ? (double)(byte(r) & 1) : any_double(r);
    dump_X = X, dump_y = y, dump_rows = rows, dump_cols = cols;
    fuzz_dump = dump_logistic;
    if (csat_logistic_new(&m, alloc) != CSAT_OK)
        return;
    while (r->n) {
        uint8_t op = byte(r) % 5;
        csat_status st;
        if (op == 0) {
            csat_logistic_options o = CSAT_LOGISTIC_OPTIONS_INIT;
            csat_fit_report rep;
            uint8_t f = byte(r);
            size_t nc_before = 0;
            double coef_before[5];
            if (had) {
                (void)csat_logistic_n_coef(m, &nc_before);
                (void)csat_logistic_coef(m, coef_before, NULL, 5);
            }
            o.max_iter = 1 + byte(r) % 30;
            if (f & 1)
                o.l2 = (f & 2) ? pos_param(r) : (double)byte(r) / 32.0;
            o.fit_intercept = !(f & 4);
            if (f & 8)
                o.tol = any_double(r);
            if ((f & 0x30) == 0x30)
                o.version = byte(r);
            poison(&rep, sizeof rep);
            st = csat_logistic_fit(m, X, rows, cols, y, (f & 0xC0) == 0xC0 ? NULL : &o, (f & 0x40) ? &rep : NULL);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                had = 1, has_ll = 1, has_se = 1, has_dev = 1;
                CHECK((csat_logistic_n_coef(m, &nc) == CSAT_OK && nc == cols + (size_t)o.fit_intercept) ||
                          (f & 0xC0) == 0xC0,
                      "n_coef");
                CHECK(!(f & 0x40) || (rep.converged == 1 && isfinite(rep.log_likelihood) && rep.log_likelihood <= 0),
                      "report of an OK fit: converged %d, LL %g, %zu iterations (%zu rows, %zu columns, l2 %g)",
                      rep.converged, rep.log_likelihood, rep.iterations, rows, cols, o.l2);
                CHECK_STAGES(csat_logistic_fit_stages, m, (f & 0x40) ? &rep : NULL);
            } else {
                CHECK(csat_logistic_last_error(m)[0] != '\0' || st == CSAT_EINVAL, "error %d without a message",
                      (int)st);
                if (f & 0x40)
                    UNTOUCHED(&rep, sizeof rep, st);
                if (had) {
                    CHECK(csat_logistic_n_coef(m, &nc) == CSAT_OK && nc == nc_before, "failing fit changed n_coef");
                    CHECK(csat_logistic_coef(m, coef, NULL, 5) == CSAT_OK &&
                              memcmp(coef, coef_before, nc * sizeof *coef) == 0,
                          "a failing fit changed the coefficients");
                }
            }
        } else if (op == 1) {
            size_t cap = byte(r) % 6;
            poison(coef, sizeof coef), poison(se, sizeof se), poison(&nc, sizeof nc);
            st = csat_logistic_n_coef(m, &nc);
            CHECK(had ? st == CSAT_OK && nc >= 1 && nc <= 4 : st == CSAT_EMISUSE && poisoned(&nc, sizeof nc),
                  "n_coef: %d", (int)st);
            st = csat_logistic_coef(m, coef, byte(r) & 1 ? NULL : se, cap);
            if (st == CSAT_OK) {
                CHECK(had && cap >= nc, "coef without a fit or room");
                FINITE_N(coef, nc);
                if (!poisoned(se, sizeof se))
                    for (size_t j = 0; j < nc; j++)
                        NONNEG(se[j]);
            } else {
                CHECK(st != CSAT_EDOM || (had && !has_se), "coef: EDOM with standard errors");
                UNTOUCHED(coef, sizeof coef, st);
                UNTOUCHED(se, sizeof se, st);
            }
            poison(&ll, sizeof ll), poison(&aic, sizeof aic);
            st = csat_logistic_log_likelihood(m, &ll, byte(r) & 1 ? NULL : &aic);
            if (st == CSAT_OK) {
                CHECK(isfinite(ll) && ll <= 0, "logistic LL %g", ll);
                CHECK(poisoned(&aic, sizeof aic) || isfinite(aic), "AIC %g", aic);
            } else {
                CHECK(!had || (!has_ll && st == CSAT_EDOM), "log_likelihood after a fit: %d", (int)st);
                UNTOUCHED(&ll, sizeof ll, st);
            }
            CHECK_MESSAGE(csat_logistic_last_error(m));
            {
                /* deviances and Wald inference (issue 15) */
                static const double levels[6] = {0.95, 0.0, 1.0, 0.5, NAN, 1e-300};
                double nd, dv, dfn, dfr, z[5], pv[5], lo[5], hi[5];
                poison(&nd, sizeof nd), poison(&dv, sizeof dv);
                st = csat_logistic_deviance(m, &nd, &dv, &dfn, &dfr);
                if (st == CSAT_OK) {
                    CHECK(had && has_dev, "deviance without a fit");
                    NONNEG(nd);
                    NONNEG(dv);
                    CHECK(dfr >= 0 && dfn >= dfr, "df %g %g", dfn, dfr);
                    CHECK(dv <= nd * (1 + 1e-9) + 1e-9, "deviance %.17g above the null %.17g", dv, nd);
                } else {
                    CHECK(had ? st == CSAT_EDOM && !has_dev : st == CSAT_EMISUSE, "deviance: %d", (int)st);
                    UNTOUCHED(&nd, sizeof nd, st);
                }
                poison(z, sizeof z), poison(pv, sizeof pv), poison(lo, sizeof lo), poison(hi, sizeof hi);
                st = csat_logistic_wald(m, levels[cap], z, pv, lo, hi, 5);
                if (st == CSAT_OK) {
                    CHECK(had && has_se && levels[cap] > 0 && levels[cap] < 1, "wald accepted");
                    FINITE_N(z, nc);
                    RANGE_N(pv, nc, 0.0, 1.0);
                    FINITE_N(lo, nc);
                    FINITE_N(hi, nc);
                    for (size_t j = 0; j < nc; j++)
                        CHECK(lo[j] <= hi[j], "bounds %g > %g", lo[j], hi[j]);
                } else {
                    UNTOUCHED(z, sizeof z, st);
                    UNTOUCHED(pv, sizeof pv, st);
                }
            }
        } else if (op == 4) {
            /* case weights (issue 15): a weighted fit, then the weighted chunk score at it */
            csat_logistic_options o = CSAT_LOGISTIC_OPTIONS_INIT;
            double w[MAXN], b[5], cll, cs[5], ci[25];
            size_t nc_before = 0;
            double coef_before[5];
            uint8_t f = byte(r);
            for (size_t i = 0; i < rows; i++) {
                uint8_t v = byte(r);
                w[i] = v < 200 ? (double)(v % 4) : v < 240 ? money(r) : any_double(r);
            }
            if (had) {
                (void)csat_logistic_n_coef(m, &nc_before);
                (void)csat_logistic_coef(m, coef_before, NULL, 5);
            }
            if (f & 1)
                o.l2 = (double)byte(r) / 32.0;
            o.fit_intercept = !(f & 2);
            st = csat_logistic_fit_weighted(m, X, rows, cols, y, (f & 4) ? NULL : w, &o, NULL);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                had = 1, has_ll = 1, has_se = 1, has_dev = 1;
                CHECK(csat_logistic_n_coef(m, &nc) == CSAT_OK && nc == cols + (size_t)o.fit_intercept, "n_coef");
                CHECK_STAGES(csat_logistic_fit_stages, m, NULL);
                CHECK(csat_logistic_coef(m, coef, se, 5) == CSAT_OK, "coef after a weighted fit");
                FINITE_N(coef, nc);
                FINITE_N(se, nc);
                memcpy(b, coef, nc * sizeof *b);
            } else {
                CHECK(csat_logistic_last_error(m)[0] != '\0', "weighted fit error %d without a message", (int)st);
                if (had) {
                    CHECK(csat_logistic_n_coef(m, &nc) == CSAT_OK && nc == nc_before, "failing fit changed n_coef");
                    CHECK(csat_logistic_coef(m, coef, NULL, 5) == CSAT_OK &&
                              memcmp(coef, coef_before, nc * sizeof *coef) == 0,
                          "a failing weighted fit changed the coefficients");
                }
                nc = cols + (size_t)o.fit_intercept;
                for (size_t j = 0; j < 5; j++)
                    b[j] = (double)((int)byte(r) % 9) - 4.0;
            }
            poison(&cll, sizeof cll), poison(cs, sizeof cs), poison(ci, sizeof ci);
            st = FZ_CALL(csat_logistic_chunk_score_weighted(X, rows, cols, y, (f & 8) ? NULL : w, o.fit_intercept, b,
                                                            nc, &cll, cs, ci, alloc, FZ_ERR));
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(isfinite(cll) && cll <= 0, "weighted chunk LL %g", cll);
                FINITE_N(cs, nc);
                FINITE_N(ci, nc * nc);
                for (size_t a = 0; a < nc; a++)
                    NONNEG(ci[a * nc + a]);
            } else {
                UNTOUCHED(&cll, sizeof cll, st);
                UNTOUCHED(cs, sizeof cs, st);
                UNTOUCHED(ci, sizeof ci, st);
            }
        } else if (op == 3) {
            /* set by hand, as a copy does: any sizes, any values */
            size_t n = byte(r) % 6, k = byte(r) % 4, sc; /* n_coef <= 4, as a fit's */
            int icpt = -1;
            double c[5], e[5], l = byte(r) & 1 ? -any_double(r) : any_double(r);
            uint8_t f = byte(r);
            for (size_t j = 0; j < 5; j++)
                c[j] = any_double(r), e[j] = (f & 4) ? any_double(r) : fabs(any_double(r));
            st = csat_logistic_set_coef(m, (f & 8) ? NULL : c, (f & 1) ? e : NULL, n, k,
                                        (f & 2) ? &l : NULL);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(!(f & 8) && n >= 1 && (n == k || n == k + 1), "set_coef accepted %zu for %zu", n, k);
                had = 1, has_se = f & 1, has_ll = (f & 2) != 0, has_dev = 0;
                CHECK(csat_logistic_shape(m, &sc, &icpt) == CSAT_OK && sc == k && icpt == (n == k + 1),
                      "shape after set_coef");
                CHECK(csat_logistic_coef(m, coef, NULL, 5) == CSAT_OK && memcmp(coef, c, n * sizeof *c) == 0,
                      "coef after set_coef");
            } else {
                CHECK(csat_logistic_last_error(m)[0] != '\0' || st == CSAT_EINVAL, "set_coef %d without a message",
                      (int)st);
                CHECK(csat_logistic_shape(m, &sc, &icpt) == (had ? CSAT_OK : CSAT_EMISUSE), "shape");
            }
        } else {
            size_t pc = byte(r) % 4, pr = rows;
            poison(prob, sizeof prob);
            st = csat_logistic_predict(m, X, pr, pc, prob);
            if (st == CSAT_OK) {
                CHECK(had, "predict before a fit");
                RANGE_N(prob, pr, 0.0, 1.0);
            } else {
                UNTOUCHED(prob, sizeof prob, st);
            }
            {
                /* the chunked score at any coefficients: finite and
                 * consistent, or an error with nothing written */
                const uint8_t f = byte(r);
                const int icpt = (f & 1) ? 1 : (f & 2) ? 0 : 2;
                const size_t nb = cols + (size_t)(icpt & 1) + ((f & 4) ? 1 : 0);
                double b[5], cll, cs[5], ci[25];
                for (size_t j = 0; j < 5; j++)
                    b[j] = (f & 8) ? any_double(r) : (double)((int)byte(r) % 9) - 4.0;
                poison(&cll, sizeof cll), poison(cs, sizeof cs), poison(ci, sizeof ci);
                st = FZ_CALL(csat_logistic_chunk_score(X, rows, cols, y, icpt, b, nb, &cll, cs, ci, alloc, FZ_ERR));
                CHECK_STATUS(st);
                if (st == CSAT_OK) {
                    CHECK(icpt != 2 && nb == cols + (size_t)icpt && rows > 0, "chunk_score accepted its arguments");
                    CHECK(isfinite(cll) && cll <= 0, "chunk LL %g", cll);
                    FINITE_N(cs, nb);
                    FINITE_N(ci, nb * nb);
                    for (size_t a = 0; a < nb; a++) {
                        NONNEG(ci[a * nb + a]);
                        for (size_t c = 0; c < a; c++)
                            CHECK(ci[a * nb + c] == ci[c * nb + a], "information not symmetric");
                    }
                } else {
                    UNTOUCHED(&cll, sizeof cll, st);
                    UNTOUCHED(cs, sizeof cs, st);
                    UNTOUCHED(ci, sizeof ci, st);
                }
            }
        }
    }
    csat_logistic_free(m);
}

/* ---- churn scores ------------------------------------------------------------------ */

static void scores(reader *r, const csat_allocator *alloc)
{
    double s[MAXN], y[MAXN], out[6][MAXN], auc, profit[MAXN];
    size_t n = byte(r) % MAXN, bins = byte(r) % (MAXN + 2), best, n1 = 0;
    uint8_t mode = byte(r);
    csat_confusion cf;
    csat_campaign cp;
    csat_status st;
    for (size_t i = 0; i < n; i++) {
        s[i] = mode < 128 ? (double)(byte(r) % 10) / 10.0 : mode < 240 ? money(r) : any_double(r);
        y[i] = byte(r) < 250 ? (double)(byte(r) & 1) : any_double(r);
        n1 += y[i] == 1.0;
    }
    poison(&auc, sizeof auc);
    st = FZ_CALL(csat_churn_auc(s, y, n, &auc, alloc, FZ_ERR));
    if (st == CSAT_OK)
        IN_RANGE(auc, 0.0, 1.0);
    else
        UNTOUCHED(&auc, sizeof auc, st);
    poison(&cf, sizeof cf);
    st = FZ_CALL(csat_churn_confusion(s, y, n, money(r), &cf, FZ_ERR));
    if (st == CSAT_OK) {
        NONNEG(cf.tp), NONNEG(cf.fp), NONNEG(cf.tn), NONNEG(cf.fn);
        CHECK(cf.tp + cf.fp + cf.tn + cf.fn == (double)n, "confusion cells sum to %g, n = %zu",
              cf.tp + cf.fp + cf.tn + cf.fn, n);
        CHECK(cf.tp + cf.fn == (double)n1, "tp + fn = %g churners, expected %zu", cf.tp + cf.fn, n1);
        IN_RANGE(cf.accuracy, 0.0, 1.0), IN_RANGE(cf.precision, 0.0, 1.0);
        IN_RANGE(cf.recall, 0.0, 1.0), IN_RANGE(cf.specificity, 0.0, 1.0);
    } else {
        UNTOUCHED(&cf, sizeof cf, st);
    }
    poison(out, sizeof out);
    {
        uint8_t f = byte(r);
        double *col[6];
        for (int k = 0; k < 6; k++)
            col[k] = (f >> k & 1) ? NULL : out[k];
        st = FZ_CALL(csat_churn_lift(s, y, n, bins, col[0], col[1], col[2], col[3], col[4], col[5], alloc, FZ_ERR));
        if (st == CSAT_OK) {
            double tot = 0, ch = 0;
            CHECK(bins >= 1 && bins <= n, "lift accepted %zu bins for n = %zu", bins, n);
            for (size_t b = 0; b < bins; b++) {
                if (col[0])
                    NONNEG(out[0][b]), tot += out[0][b];
                if (col[1])
                    NONNEG(out[1][b]), ch += out[1][b];
                if (col[2])
                    IN_RANGE(out[2][b], 0.0, 1.0);
                if (col[3])
                    NONNEG(out[3][b]);
                if (col[4]) {
                    IN_RANGE(out[4][b], 0.0, 1.0 + 1e-12);
                    CHECK(b == 0 || out[4][b] >= out[4][b - 1], "cumulative gain decreases at bin %zu", b);
                }
                if (col[5])
                    NONNEG(out[5][b]);
            }
            CHECK(!col[0] || tot == (double)n, "bin sizes sum to %g, n = %zu", tot, n);
            CHECK(!col[1] || ch == (double)n1, "bin churners sum to %g, expected %zu", ch, n1);
            CHECK(!col[4] || fabs(out[4][bins - 1] - 1.0) < 1e-12, "last cumulative gain %.17g", out[4][bins - 1]);
        } else {
            UNTOUCHED(out, sizeof out, st);
        }
    }
    cp.customer_value = money(r);
    cp.contact_cost = byte(r) < 200 ? (double)byte(r) / 4.0 : money(r);
    cp.incentive_cost = byte(r) < 200 ? (double)byte(r) / 4.0 : money(r);
    cp.acceptance_rate = rate(r);
    cp.fixed_cost = byte(r) < 200 ? (double)byte(r) : money(r);
    poison(profit, sizeof profit), poison(&best, sizeof best);
    st = FZ_CALL(csat_churn_campaign_profit(s, y, n, byte(r) == 255 ? NULL : &cp, bins, profit, &best, alloc, FZ_ERR));
    if (st == CSAT_OK) {
        CHECK(bins >= 1, "campaign_profit accepted 0 bins");
        for (size_t b = 0; b < bins; b++)
            CHECK(isfinite(profit[b]), "profit[%zu] = %g (value %g contact %g incentive %g accept %g fixed %g)", b,
                  profit[b], cp.customer_value, cp.contact_cost, cp.incentive_cost, cp.acceptance_rate,
                  cp.fixed_cost);
        CHECK(best <= bins, "best_bins %zu of %zu", best, bins);
        CHECK(best == 0 || profit[best - 1] > 0, "best_bins %zu with profit %g", best, profit[best - 1]);
    } else {
        UNTOUCHED(profit, sizeof profit, st);
        UNTOUCHED(&best, sizeof best, st);
    }
}

/* ---- economics ------------------------------------------------------------------- */

#define ECON_SCALAR(call, v, extra)           \
    do {                                      \
        csat_status st_;                      \
        poison(&(v), sizeof(v));              \
        st_ = (call);                         \
        CHECK_STATUS(st_);                    \
        if (st_ == CSAT_OK) {                 \
            CHECK(isfinite(v), "%s = %g", #call, (double)(v)); \
            extra;                            \
        } else {                              \
            UNTOUCHED(&(v), sizeof(v), st_);  \
        }                                     \
    } while (0)

static void economics(reader *r)
{
    double m = money(r), rt = rate(r), rt2 = rate(r), d = discount(r), g = discount(r), ac = money(r);
    double v, margins[16], surv[16], newc[16], clvs[16];
    size_t T = byte(r) % 17, years;
    csat_clv_timing timing = (csat_clv_timing)(byte(r) % 3);
    int found;
    csat_retention_effect eff;
    csat_replacement rep;
    csat_kpi_rates kr;
    csat_status st;
    uint8_t yb = byte(r);
    years = yb < 200 ? (size_t)(yb % 30) : yb < 250 ? (size_t)(u16(r) % 5000) : (size_t)u64(r);
    for (size_t t = 0; t < T; t++) {
        margins[t] = byte(r) < 200 ? m : money(r);
        surv[t] = rate(r);
        newc[t] = byte(r) < 200 ? (double)byte(r) : money(r);
        clvs[t] = money(r);
    }
    ECON_SCALAR(FZ_CALL(csat_econ_margin_multiple(rt, d, &v, FZ_ERR)), v, CHECK(v >= 0, "margin multiple %g", v));
    ECON_SCALAR(FZ_CALL(csat_econ_clv_gupta_lehmann(m, rt, d, g, ac, timing, &v, FZ_ERR)), v, (void)0);
    ECON_SCALAR(FZ_CALL(csat_econ_clv_berger_nasr(m, money(r), rt, d, years, &v, FZ_ERR)), v, (void)0);
    ECON_SCALAR(FZ_CALL(csat_econ_clv_survival(margins, surv, T, d, ac, timing, &v, FZ_ERR)), v, (void)0);
    ECON_SCALAR(FZ_CALL(csat_econ_clv_retention(margins, T, rt, d, ac, timing, &v, FZ_ERR)), v, (void)0);
    ECON_SCALAR(FZ_CALL(csat_econ_customer_equity(clvs, T, newc, byte(r) % (T + 1), money(r), ac, d, &v, FZ_ERR)), v, (void)0);
    poison(&v, sizeof v), poison(&found, sizeof found);
    st = FZ_CALL(csat_econ_payback(m, rt, d, ac, byte(r) & 1, &v, &found, FZ_ERR));
    if (st == CSAT_OK) {
        CHECK(found == 0 || found == 1, "found %d", found);
        CHECK(isfinite(v) && v >= 0 && v == floor(v) && (found || v == 0), "payback %g periods (found %d)", v, found);
    } else {
        UNTOUCHED(&v, sizeof v, st);
        UNTOUCHED(&found, sizeof found, st);
    }
    poison(&eff, sizeof eff);
    st = FZ_CALL(csat_econ_retention_effect(m, rt, rt2, d, ac, &eff, FZ_ERR));
    if (st == CSAT_OK) {
        double all[6] = {eff.lifetime_before, eff.lifetime_after, eff.clv_before, eff.clv_after, eff.profit_uplift,
                         eff.base_ratio};
        CHECK(all_finite(all, 6), "retention_effect not finite (m %g r %g -> %g d %g ac %g): %g %g %g %g %g %g", m, rt,
              rt2, d, ac, all[0], all[1], all[2], all[3], all[4], all[5]);
        CHECK(eff.lifetime_before >= 1 && eff.lifetime_after >= 1 && eff.base_ratio >= 0, "retention_effect ranges");
    } else {
        UNTOUCHED(&eff, sizeof eff, st);
    }
    poison(&rep, sizeof rep);
    st = FZ_CALL(csat_econ_replacement(count_val(r), money(r), money(r), ac, pos_param(r), &rep, FZ_ERR));
    if (st == CSAT_OK) {
        double all[4] = {rep.new_per_lost, rep.replacement_cost, rep.retention_cost, rep.savings};
        CHECK(all_finite(all, 4), "replacement not finite: %g %g %g %g", all[0], all[1], all[2], all[3]);
        CHECK(rep.retention_cost >= 0, "retention cost %g", rep.retention_cost);
    } else {
        UNTOUCHED(&rep, sizeof rep, st);
    }
    {
        double s0 = count_val(r), nn = count_val(r), e = byte(r) < 128 ? nn + count_val(r) : count_val(r);
        poison(&kr, sizeof kr);
        st = FZ_CALL(csat_kpi_rates_from_counts(s0, nn, e, &kr, FZ_ERR));
        if (st == CSAT_OK) {
            IN_RANGE(kr.retention_rate, 0.0, 1.0);
            IN_RANGE(kr.churn_rate, 0.0, 1.0);
            CHECK(isfinite(kr.acquisition_rate) && kr.acquisition_rate >= 0,
                  "acquisition rate %g (start %g new %g end %g)", kr.acquisition_rate, s0, nn, e);
        } else {
            UNTOUCHED(&kr, sizeof kr, st);
        }
    }
}

/* ---- cohorts and KPIs from transactions ------------------------------------------- */

static double when(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 200)
        return (double)(tag % 40);
    if (tag < 232)
        return log_uniform(r);
    return any_double(r);
}

static void check_kpi(const csat_kpi_report *k, const double *ladder, size_t nb)
{
    double v[13] = {k->start_customers, k->new_customers, k->end_customers, k->retained, k->lost,
                    k->retention_rate, k->churn_rate, k->new_customer_rate, k->upgraded, k->upgrade_rate,
                    k->buyers, k->revenue, k->average_profitability};
    for (int i = 0; i < 13; i++)
        CHECK(isfinite(v[i]) && v[i] >= 0, "KPI field %d = %g", i, v[i]);
    IN_RANGE(k->retention_rate, 0.0, 1.0);
    IN_RANGE(k->churn_rate, 0.0, 1.0);
    IN_RANGE(k->upgrade_rate, 0.0, 1.0);
    CHECK(k->retained + k->lost == k->start_customers, "retained + lost != start");
    CHECK(k->upgraded <= k->retained, "upgraded > retained");
    if (ladder) {
        double sum = 0;
        for (size_t i = 0; i <= nb; i++)
            NONNEG(ladder[i]), sum += ladder[i];
        CHECK(sum == k->end_customers, "ladder sums to %g, end customers %g", sum, k->end_customers);
    }
}

static void check_cohorts(double cs[8], double csz[8], double act[64], double rev[64], double ret[64],
                          double rr[64], size_t np)
{
    for (size_t c = 0; c < 8 && c < np; c++) {
        FINITE(cs[c]);
        NONNEG(csz[c]);
        for (size_t k = 0; k < 8; k++) {
            NONNEG(act[c * 8 + k]);
            CHECK(act[c * 8 + k] <= csz[c], "active %g > cohort size %g", act[c * 8 + k], csz[c]);
            NONNEG(rev[c * 8 + k]);
            IN_RANGE(ret[c * 8 + k], 0.0, 1.0);
            NONNEG(rr[c * 8 + k]);
        }
    }
}

static void transactions(reader *r, const csat_allocator *alloc)
{
    uint64_t ids[MAXN];
    double t[MAXN], a[MAXN], bounds[4], ladder[5];
    double cs[8], csz[8], act[64], rev[64], ret[64], rr[64];
    size_t n = byte(r) % MAXN, nb = byte(r) % 4, np;
    uint8_t f = byte(r);
    csat_cohort_options co = CSAT_COHORT_OPTIONS_INIT;
    csat_kpi_report kr;
    csat_customers *store = NULL;
    double t1, t2, lost;
    csat_status st;
    for (size_t i = 0; i < n; i++) {
        ids[i] = byte(r) % 10;
        t[i] = when(r);
        a[i] = byte(r) < 200 ? (double)byte(r) : count_val(r);
    }
    for (size_t i = 0; i < nb; i++)
        bounds[i] = byte(r) < 200 ? (double)(10 * (i + 1)) : any_double(r);
    if (f & 1)
        co.period = byte(r) < 200 ? (double)(1 + byte(r) % 10) : pos_param(r);
    if (f & 2)
        co.origin = byte(r) < 200 ? (double)(byte(r) % 4) - 1.0 : any_double(r);
    if ((f & 0x0C) == 0x0C)
        co.version = byte(r);
    poison(cs, sizeof cs), poison(csz, sizeof csz), poison(act, sizeof act);
    poison(rev, sizeof rev), poison(ret, sizeof ret), poison(rr, sizeof rr), poison(&np, sizeof np);
    st = FZ_CALL(csat_cohort_table(ids, t, (f & 16) ? NULL : a, n, (f & 32) ? NULL : &co, 8, 8, cs, csz, act, rev, ret, rr,
                           &np, alloc, FZ_ERR));
    if (st == CSAT_OK)
        check_cohorts(cs, csz, act, rev, ret, rr, np);
    else if (st == CSAT_EBUFSIZE)
        CHECK(np > 8 && poisoned(act, sizeof act), "EBUFSIZE");
    else
        UNTOUCHED(act, sizeof act, st), UNTOUCHED(&np, sizeof np, st);
    t1 = when(r);
    t2 = byte(r) < 200 ? t1 + (double)(1 + byte(r) % 20) : when(r);
    lost = byte(r) < 200 ? (double)(1 + byte(r) % 20) : pos_param(r);
    poison(&kr, sizeof kr), poison(ladder, sizeof ladder);
    st = FZ_CALL(csat_kpi_between(ids, t, (f & 16) ? NULL : a, n, t1, t2, lost, bounds, nb, (f & 64) ? NULL : ladder, &kr,
                          alloc, FZ_ERR));
    if (st == CSAT_OK) {
        CHECK(t1 < t2 && lost > 0, "kpi_between accepted t1 %g t2 %g lost_after %g", t1, t2, lost);
        check_kpi(&kr, (f & 64) ? NULL : ladder, nb);
    } else {
        UNTOUCHED(&kr, sizeof kr, st);
        UNTOUCHED(ladder, sizeof ladder, st);
    }
    /* the same from a store */
    if (csat_customers_new(&store, NULL) != CSAT_OK)
        return;
    if (csat_customers_add(store, ids, t, (f & 16) ? NULL : a, n) == CSAT_OK) {
        poison(cs, sizeof cs), poison(act, sizeof act), poison(&np, sizeof np);
        st = csat_cohort_table_customers(store, (f & 32) ? NULL : &co, 8, 8, cs, csz, act, rev, ret, rr, &np, alloc);
        if (st == CSAT_OK)
            check_cohorts(cs, csz, act, rev, ret, rr, np);
        else if (st != CSAT_EBUFSIZE)
            UNTOUCHED(act, sizeof act, st), UNTOUCHED(&np, sizeof np, st);
        poison(&kr, sizeof kr), poison(ladder, sizeof ladder);
        st = csat_kpi_between_customers(store, t1, t2, lost, bounds, nb, (f & 64) ? NULL : ladder, &kr, alloc);
        if (st == CSAT_OK)
            check_kpi(&kr, (f & 64) ? NULL : ladder, nb);
        else
            UNTOUCHED(&kr, sizeof kr, st), UNTOUCHED(ladder, sizeof ladder, st);
    }
    CHECK(csat_cohort_table_customers(NULL, NULL, 8, 8, cs, csz, act, rev, ret, rr, &np, alloc) == CSAT_EINVAL,
          "cohort_table_customers(NULL)");
    CHECK(csat_kpi_between_customers(NULL, 0, 1, 1, NULL, 0, NULL, &kr, alloc) == CSAT_EINVAL,
          "kpi_between_customers(NULL)");
    csat_customers_free(store);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    fuzz_alloc fa;
    csat_allocator alloc = fuzz_allocator(&fa, &r);
    switch (byte(&r) % 4) {
    case 0: logistic(&r, &alloc); break;
    case 1: scores(&r, &alloc); break;
    case 2:
        while (r.n)
            economics(&r);
        break;
    default: transactions(&r, &alloc); break;
    }
    CHECK_NO_LEAK(fa);
    return 0;
}
