/*
 * libFuzzer target for retention and survival: the sBG model (fits from
 * survivor counts, durations and a customer store; the closed forms) and
 * Kaplan-Meier (fits, grouped fits, the table, median, restricted mean,
 * S(t), the log-rank test). Parameters span the whole valid range
 * (log-uniform 1e-300..1e300, raw bits), counts and weights too.
 * Contract checks on CSAT_OK: probabilities in [0, 1], S(t) non-increasing
 * with S(0) = 1, S(t) = S(t-1) r(t) and P(T = t) = S(t-1) - S(t) (to a
 * relative 1e-6), E[T] >= 1, 1 <= DEL <= (1+d)/d, 0 <= DERL <= (1+d)/d, CLV
 * finite; fitted parameters finite and > 0, standard errors finite and
 * >= 0, log-likelihoods finite and <= 0; the KM table ordered with
 * S non-increasing in [0, 1] inside its interval, S(t) at the table's
 * times equal to the table, a restricted mean in [0, tau]; log-rank
 * observed and expected summing alike, chi-square >= 0, p in [0, 1].
 * On error every output is untouched and the handles keep their state.
 * Cox regression (first byte 255): see cox_ops.
 * Cox proportional-hazards test (first byte 254): see cox_zph_ops (and
 * cox_zph_terms_op, csat_cox_zph_terms).
 */
#include "csat.h"
#include "fuzz_util.h"

#define MAXN 64

static int close_rel(double a, double b, double rel)
{
    return fabs(a - b) <= rel * fmax(fabs(a), fabs(b)) + 1e-300;
}

/* ---- sBG -------------------------------------------------------------------- */

static double period_val(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 192)
        return (double)(tag % 40);
    if (tag < 224)
        return floor(log_range(r, 0.0, 15.0));
    return any_double(r);
}

static void sbg_closed_forms(reader *r)
{
    csat_sbg_params p = {pos_param(r), pos_param(r)};
    double t[8], s[8], rr[8], pmf[8], v, d, nren, margin;
    size_t n = byte(r) % 9;
    int good_p = isfinite(p.alpha) && p.alpha > 0 && isfinite(p.beta) && p.beta > 0;
    csat_status st;
    for (size_t i = 0; i < n; i++)
        t[i] = period_val(r);
    /* survival */
    poison(s, sizeof s);
    st = FZ_CALL(csat_sbg_survival(byte(r) == 255 ? NULL : &p, t, n, s, FZ_ERR));
    if (st == CSAT_OK) {
        CHECK(good_p, "survival accepted alpha %g beta %g", p.alpha, p.beta);
        RANGE_N(s, n, 0.0, 1.0);
        for (size_t i = 0; i < n; i++) {
            CHECK(t[i] != 0 || s[i] == 1.0, "S(0) = %g", s[i]);
            for (size_t j = 0; j < n; j++)
                CHECK(!(t[i] < t[j]) || s[i] >= s[j], "S not monotone: S(%g) = %g < S(%g) = %g", t[i], s[i], t[j], s[j]);
        }
    } else {
        UNTOUCHED(s, sizeof s, st);
    }
    /* retention and churn pmf, checked against S */
    poison(rr, sizeof rr), poison(pmf, sizeof pmf);
    st = FZ_CALL(csat_sbg_retention(&p, t, n, rr, FZ_ERR));
    if (st == CSAT_OK) {
        RANGE_N(rr, n, 0.0, 1.0);
    } else {
        UNTOUCHED(rr, sizeof rr, st);
    }
    st = FZ_CALL(csat_sbg_churn_pmf(&p, t, n, pmf, FZ_ERR));
    if (st == CSAT_OK) {
        RANGE_N(pmf, n, 0.0, 1.0);
    } else {
        UNTOUCHED(pmf, sizeof pmf, st);
    }
    /* found by this target (reported with issue 12): beyond 1e100 the
     * log-gamma step behind S(t) cancels (alpha 7.9e161, beta 8.7e172,
     * t = 4.6e10: S off by 4e-3 relative); consistency checked below that */
    if (st == CSAT_OK && good_p && p.alpha <= 1e100 && p.beta <= 1e100) {
        for (size_t i = 0; i < n; i++) {
            double tp[2] = {t[i] - 1.0, t[i]}, sp[2], ri;
            if (FZ_CALL(csat_sbg_survival(&p, tp, 2, sp, FZ_ERR)) != CSAT_OK || FZ_CALL(csat_sbg_retention(&p, &t[i], 1, &ri, FZ_ERR)) != CSAT_OK)
                continue;
            /* S(t-1) - S(t) is a difference of numbers near 1 where churn is
             * rare: S has an absolute error of ~1e-12 there for parameters
             * beyond 1e150 (the log-gamma step cancels), so the comparison
             * is relative, or absolute at 1e-9 */
            if (sp[0] > 1e-300)
                CHECK(close_rel(sp[1], sp[0] * ri, 1e-6) || fabs(sp[1] - sp[0] * ri) < 1e-9,
                      "S(%g) = %.17g but S(%g) r(%g) = %.17g (alpha %g beta %g)", t[i], sp[1], tp[0], t[i],
                      sp[0] * ri, p.alpha, p.beta);
            CHECK(close_rel(pmf[i], sp[0] - sp[1], 1e-6) || fabs(pmf[i] - (sp[0] - sp[1])) < 1e-9,
                  "P(T = %g) = %.17g but S(t-1) - S(t) = %.17g (alpha %g beta %g)", t[i], pmf[i], sp[0] - sp[1],
                  p.alpha, p.beta);
        }
    }
    /* expected lifetime */
    poison(&v, sizeof v);
    st = FZ_CALL(csat_sbg_expected_lifetime(&p, &v, FZ_ERR));
    if (st == CSAT_OK) {
        CHECK(good_p && p.alpha > 1, "expected_lifetime accepted alpha %g", p.alpha);
        CHECK(isfinite(v) && v >= 1.0 - 1e-12, "E[T] = %g (alpha %g beta %g)", v, p.alpha, p.beta);
    } else {
        UNTOUCHED(&v, sizeof v, st);
        CHECK(st == CSAT_EINVAL || st == CSAT_EDOM, "expected_lifetime: %d", (int)st);
    }
    /* DEL, DERL, CLV */
    d = byte(r) < 200 ? log_range(r, -7.0, 3.0) : any_double(r);
    nren = period_val(r);
    margin = any_double(r);
    /* DEL, DERL and CLV over the whole range, values checked everywhere
     * (issue 12: before beta_disc.c this target skipped alpha or beta above
     * 1e12 -- no end at alpha = beta = 1e20 -- and left values outside
     * 1e-6..1e6 and beta >= 1e5 unchecked: DEL = -6.4e12 at alpha 1.07e-3,
     * beta 1e6, d 6.1e-5; 7.2e28 at alpha 6.8e-5, beta 1.6e8, d 6.1e-7 for
     * a bound of 1.6e6; 0.999978 at alpha 1e-12, beta 1e-100, d 1e-7). The
     * bounds allow the rounding of a value taken from its logarithm. */
    poison(&v, sizeof v);
    st = FZ_CALL(csat_sbg_del(&p, d, &v, FZ_ERR));
    if (st == CSAT_OK) {
        double cap = (1.0 + d) / d;
        CHECK(good_p && isfinite(d) && d > 0, "del accepted d %g", d);
        CHECK(isfinite(v) && v >= 1.0 - 1e-13 && v <= cap * (1 + 1e-13),
              "DEL = %.17g outside [1, (1+d)/d = %g] (alpha %g beta %g d %g)", v, cap, p.alpha, p.beta, d);
    } else {
        UNTOUCHED(&v, sizeof v, st);
    }
    poison(&v, sizeof v);
    st = FZ_CALL(csat_sbg_derl(&p, d, nren, &v, FZ_ERR));
    if (st == CSAT_OK) {
        double cap = (1.0 + d) / d;
        CHECK(isfinite(v) && v >= 0 && v <= cap * (1 + 1e-13),
              "DERL = %.17g outside [0, (1+d)/d = %.17g] (alpha %.17g beta %.17g d %.17g n %g)", v, cap, p.alpha, p.beta, d,
              nren);
    } else {
        UNTOUCHED(&v, sizeof v, st);
    }
    poison(&v, sizeof v);
    st = FZ_CALL(csat_sbg_clv(&p, margin, d, &v, FZ_ERR));
    if (st == CSAT_OK) {
        CHECK(isfinite(margin), "clv accepted margin %g", margin);
        CHECK(isfinite(v) && (margin >= 0 ? v >= 0 : v <= 0), "CLV = %g for margin %g (alpha %g beta %g d %g)", v,
              margin, p.alpha, p.beta, d);
    } else {
        UNTOUCHED(&v, sizeof v, st);
    }
}

static void sbg_after_fit(csat_sbg *m, csat_status st, const csat_sbg_params *before, int had,
                          const csat_fit_report *rep, int with_rep)
{
    csat_sbg_params p;
    double sa, sb;
    CHECK_STATUS(st);
    if (st == CSAT_OK) {
        CHECK(csat_sbg_get_params(m, &p) == CSAT_OK, "no parameters after a fit");
        CHECK(isfinite(p.alpha) && p.alpha > 0 && isfinite(p.beta) && p.beta > 0, "fitted alpha %g beta %g",
              p.alpha, p.beta);
        CHECK(csat_sbg_std_err(m, &sa, &sb) == CSAT_OK, "std_err after a fit");
        NONNEG(sa), NONNEG(sb);
        if (with_rep) {
            CHECK(rep->converged == 1, "OK fit with converged = %d", rep->converged);
            CHECK(isfinite(rep->log_likelihood) && rep->log_likelihood <= 1e-9, "fit LL %g", rep->log_likelihood);
        }
        CHECK_STAGES(csat_sbg_fit_stages, m, with_rep ? rep : NULL);
    } else {
        CHECK(csat_sbg_last_error(m)[0] != '\0' || st == CSAT_EINVAL, "error %d without a message", (int)st);
        if (had)
            CHECK(csat_sbg_get_params(m, &p) == CSAT_OK && memcmp(&p, before, sizeof p) == 0,
                  "a failing fit changed the parameters");
        if (with_rep)
            CHECK(poisoned(rep, sizeof *rep), "report written by a failing fit (%d)", (int)st);
    }
}

static const double *dump_surv, *dump_dur, *dump_churned;
static size_t dump_sbg_n;

static void dump_sbg(void)
{
    for (size_t i = 0; i < dump_sbg_n; i++)
        fprintf(stderr, "  %zu: survivors %.17g duration %.17g churned %.17g\n", i, dump_surv[i], dump_dur[i],
                dump_churned[i]);
}

static void sbg_fits(reader *r, const csat_allocator *alloc)
{
    csat_sbg *m = NULL;
    double surv[MAXN], dur[MAXN], churned[MAXN], ll;
    size_t n = byte(r) % MAXN;
    csat_sbg_params before, p0;
    csat_fit_report rep;
    int had = 0, with_rep;
    csat_status st;
    if (csat_sbg_new(&m, alloc) != CSAT_OK)
        return;
    /* survivor counts: a decreasing curve from a cohort size, or raw counts */
    {
        uint8_t tag = byte(r);
        double c0 = tag < 128 ? (double)(1 + byte(r)) : tag < 224 ? pos_param(r) : count_val(r);
        surv[0] = c0;
        for (size_t i = 1; i < n; i++)
            surv[i] = tag < 192 ? surv[i - 1] * (double)byte(r) / 255.0 : count_val(r);
        if (tag < 128)
            for (size_t i = 1; i < n; i++)
                surv[i] = floor(surv[i]);
    }
    for (size_t i = 0; i < n; i++) {
        dur[i] = byte(r) < 240 ? (double)(1 + byte(r) % 12) : period_val(r);
        churned[i] = byte(r) < 240 ? (double)(byte(r) & 1) : any_double(r);
    }
    dump_surv = surv, dump_dur = dur, dump_churned = churned, dump_sbg_n = n;
    fuzz_dump = dump_sbg;
    while (r->n) {
        uint8_t op = byte(r) % 8, flags = byte(r);
        with_rep = flags & 1;
        TRACE("sbg op %d\n", op);
        if (had)
            (void)csat_sbg_get_params(m, &before);
        poison(&rep, sizeof rep);
        if (op == 0) {
            st = csat_sbg_fit_survivors(m, surv, n, with_rep ? &rep : NULL);
            sbg_after_fit(m, st, &before, had, &rep, with_rep);
        } else if (op == 1) {
            /* the grouped form, with the survivor column as per-row counts (bit 1 of
             * the flags byte: no extra input byte, so the other paths see the same input) */
            if (flags & 2)
                st = csat_sbg_fit_duration_counts(m, dur, churned, surv, n, with_rep ? &rep : NULL);
            else
                st = csat_sbg_fit_durations(m, dur, churned, n, with_rep ? &rep : NULL);
            sbg_after_fit(m, st, &before, had, &rep, with_rep);
        } else if (op == 2) {
            csat_customers *c = NULL;
            uint64_t ids[MAXN];
            double times[MAXN];
            double period = byte(r) < 224 ? (double)(1 + byte(r) % 30) : pos_param(r);
            double from = (double)(byte(r) % 40), to = from + (double)(1 + byte(r) % 60);
            double end = byte(r) < 224 ? (double)(byte(r) % 250) : any_double(r);
            for (size_t i = 0; i < n; i++) {
                ids[i] = byte(r) % 16;
                times[i] = (double)(byte(r) % 200);
            }
            if (csat_customers_new(&c, NULL) == CSAT_OK && csat_customers_add(c, ids, times, NULL, n) == CSAT_OK) {
                st = csat_sbg_fit_customers(m, c, period, from, to, end, with_rep ? &rep : NULL);
                sbg_after_fit(m, st, &before, had, &rep, with_rep);
            }
            csat_customers_free(c);
            CHECK(csat_sbg_fit_customers(NULL, c, 1.0, 0.0, 1.0, 2.0, NULL) == CSAT_EINVAL, "fit_customers(NULL)");
        } else if (op == 3) {
            csat_sbg_params p = {pos_param(r), pos_param(r)};
            st = csat_sbg_set_params(m, &p);
            if (st == CSAT_OK) {
                CHECK(isfinite(p.alpha) && p.alpha > 0 && isfinite(p.beta) && p.beta > 0, "set_params accepted");
                CHECK(csat_sbg_get_params(m, &p0) == CSAT_OK && memcmp(&p0, &p, sizeof p) == 0, "round trip");
                CHECK(csat_sbg_std_err(m, &ll, &ll) == CSAT_EMISUSE, "std_err after set_params");
            } else {
                sbg_after_fit(m, st, &before, had, &rep, 0);
            }
        } else if (op == 4) {
            csat_sbg_params p = {pos_param(r), pos_param(r)};
            poison(&ll, sizeof ll);
            st = FZ_CALL(csat_sbg_log_likelihood(&p, surv, n, &ll, FZ_ERR));
            if (st == CSAT_OK) {
                CHECK(isfinite(ll) && ll <= 1e-9, "sBG log-likelihood %g (alpha %g beta %g, n %zu, s0 %g)", ll,
                      p.alpha, p.beta, n, surv[0]);
            } else {
                UNTOUCHED(&ll, sizeof ll, st);
            }
        } else if (op == 5) {
            double sa, sb;
            poison(&p0, sizeof p0), poison(&sa, sizeof sa);
            st = csat_sbg_get_params(m, &p0);
            CHECK(st == (had ? CSAT_OK : CSAT_EMISUSE), "get_params: %d", (int)st);
            if (st != CSAT_OK)
                UNTOUCHED(&p0, sizeof p0, st);
            st = csat_sbg_std_err(m, &sa, &sb);
            if (st != CSAT_OK)
                UNTOUCHED(&sa, sizeof sa, st);
            CHECK_MESSAGE(csat_sbg_last_error(m));
            CHECK(csat_sbg_get_params(NULL, &p0) == CSAT_EINVAL, "get_params(NULL)");
        } else if (op == 6 && (flags & 4)) {
            /* sBG intervals (issue 15 §4, intervals2) on the durations rows, the survivor
             * column as counts: bounds finite, ordered, the delta method's around its
             * estimate; on error outputs untouched, parameters unchanged */
            csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
            double t[3] = {(double)(flags >> 4), 1.0 + (flags >> 5), 12.0}, e[3], lo[3], hi[3];
            csat_sbg_quantity q = (csat_sbg_quantity)((flags >> 3) % 5); /* 4: invalid */
            o.method = (csat_interval_method)(flags >> 6);               /* 3: invalid */
            o.n_draws = 2 + flags % 7;
            o.seed = flags;
            poison(e, sizeof e), poison(lo, sizeof lo), poison(hi, sizeof hi);
            st = csat_sbg_intervals(m, q, t, 3, 0.1, dur, churned, surv, n, &o, e, lo, hi);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(had && q <= CSAT_SBG_DERL && o.method <= CSAT_INTERVAL_RESAMPLE, "sbg_intervals accepted");
                for (int i = 0; i < 3; i++) {
                    CHECK(isfinite(e[i]) && isfinite(lo[i]) && isfinite(hi[i]) && lo[i] <= hi[i],
                          "sbg interval %d: %g [%g, %g]", i, e[i], lo[i], hi[i]);
                    if (o.method == CSAT_INTERVAL_DELTA)
                        CHECK(lo[i] <= e[i] && e[i] <= hi[i], "sbg delta interval %d misses its estimate", i);
                }
            } else {
                UNTOUCHED(e, sizeof e, st);
                UNTOUCHED(lo, sizeof lo, st);
                UNTOUCHED(hi, sizeof hi, st);
                CHECK_MESSAGE(csat_sbg_last_error(m));
            }
            if (had)
                CHECK(csat_sbg_get_params(m, &p0) == CSAT_OK && memcmp(&p0, &before, sizeof p0) == 0,
                      "sbg_intervals changed the parameters");
        } else {
            sbg_closed_forms(r);
        }
        had = csat_sbg_get_params(m, &p0) == CSAT_OK;
    }
    csat_sbg_free(m);
}

/* ---- Kaplan-Meier ------------------------------------------------------------ */

static double duration(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 160)
        return (double)(tag % 24);
    if (tag < 200)
        return (double)byte(r) / 8.0;
    if (tag < 224)
        return log_uniform(r);
    return any_double(r);
}

static const double *dump_t, *dump_e, *dump_w;
static size_t dump_n;

static void dump_km(void)
{
    for (size_t i = 0; i < dump_n; i++)
        fprintf(stderr, "  row %zu: t %.17g event %g w %.17g\n", i, dump_t[i], dump_e[i], dump_w ? dump_w[i] : 1.0);
}

static void km_check_fit(csat_km *km, reader *r)
{
    size_t m, cap;
    double time[MAXN + 1], risk[MAXN + 1], ev[MAXN + 1], cens[MAXN + 1], s[MAXN + 1], se[MAXN + 1],
        lo[MAXN + 1], hi[MAXN + 1], sat[MAXN + 1], rmean, rse, tau;
    csat_km_median med;
    csat_status st;
    CHECK(csat_km_size(km, &m) == CSAT_OK && m >= 1 && m <= MAXN, "km_size %zu", m);
    cap = byte(r) & 1 ? m : m - 1;
    poison(time, sizeof time);
    st = csat_km_table(km, time, risk, ev, cens, s, se, lo, hi, cap);
    if (st != CSAT_OK) {
        CHECK(st == CSAT_EBUFSIZE && cap < m, "km_table: %d", (int)st);
        UNTOUCHED(time, sizeof time, st);
        return;
    }
    for (size_t i = 0; i < m; i++) {
        CHECK(isfinite(time[i]) && time[i] >= 0 && (i == 0 || time[i] > time[i - 1]), "table time[%zu] = %g", i,
              time[i]);
        NONNEG(risk[i]), NONNEG(ev[i]), NONNEG(cens[i]), NONNEG(se[i]);
        CHECK(ev[i] + cens[i] <= risk[i] * (1 + 1e-12), "events + censored > at risk at row %zu", i);
        IN_RANGE(s[i], 0.0, 1.0);
        CHECK(i == 0 || s[i] <= s[i - 1], "S increases at row %zu", i);
        IN_RANGE(lo[i], 0.0, 1.0);
        IN_RANGE(hi[i], 0.0, 1.0);
        CHECK(lo[i] <= s[i] * (1 + 1e-12) + 1e-300 && s[i] <= hi[i] * (1 + 1e-12) + 1e-300,
              "S %.17g outside its interval [%.17g, %.17g]", s[i], lo[i], hi[i]);
    }
    poison(sat, sizeof sat);
    st = csat_km_survival_at(km, time, m, sat);
    CHECK(st == CSAT_OK, "survival_at the table's times: %d", (int)st);
    for (size_t i = 0; i < m; i++)
        CHECK(sat[i] == s[i], "S(%g) = %.17g, table %.17g", time[i], sat[i], s[i]);
    {
        double t1 = duration(r);
        poison(sat, sizeof sat);
        st = csat_km_survival_at(km, &t1, 1, sat);
        if (st == CSAT_OK) {
            CHECK(isfinite(t1) && t1 >= 0, "survival_at accepted t = %g", t1);
            IN_RANGE(sat[0], 0.0, 1.0);
            CHECK(t1 >= time[0] || sat[0] == 1.0, "S(%g) before the first time = %g", t1, sat[0]);
        } else {
            UNTOUCHED(sat, sizeof sat, st);
        }
    }
    poison(&med, sizeof med);
    st = csat_km_median_survival(km, &med); /* allocates: the allocator may fail */
    if (st == CSAT_OK) {
        CHECK(med.median_found == 0 || med.median_found == 1, "median_found %d", med.median_found);
        NONNEG(med.median), NONNEG(med.lower), NONNEG(med.upper);
        CHECK(med.median_found || med.median == 0, "median without median_found");
    } else {
        CHECK(st == CSAT_ENOMEM, "median_survival: %d", (int)st);
        UNTOUCHED(&med, sizeof med, st);
    }
    tau = byte(r) < 192 ? (double)(1 + byte(r) % 30) : pos_param(r);
    poison(&rmean, sizeof rmean), poison(&rse, sizeof rse);
    st = csat_km_restricted_mean(km, tau, &rmean, byte(r) & 1 ? NULL : &rse);
    if (st == CSAT_OK) {
        CHECK(isfinite(tau) && tau > 0, "restricted_mean accepted tau %g", tau);
        CHECK(isfinite(rmean) && rmean >= 0 && rmean <= tau * (1 + 1e-12), "restricted mean %.17g for tau %g",
              rmean, tau);
        CHECK(poisoned(&rse, sizeof rse) || (isfinite(rse) && rse >= 0), "restricted mean SE %g", rse);
    } else {
        UNTOUCHED(&rmean, sizeof rmean, st);
        UNTOUCHED(&rse, sizeof rse, st);
    }
}

static void km_ops(reader *r, const csat_allocator *alloc)
{
    csat_km *km = NULL;
    double t[MAXN], e[MAXN], w[MAXN], obs[8], exp_[8], chisq, df, pv;
    uint64_t g[MAXN];
    size_t n = byte(r) % MAXN, ng = 2 + byte(r) % 4;
    uint8_t wmode = byte(r);
    int fitted = 0;
    for (size_t i = 0; i < n; i++) {
        t[i] = duration(r);
        e[i] = byte(r) < 250 ? (double)(byte(r) & 1) : any_double(r);
        w[i] = wmode < 128 ? 1.0 : wmode < 192 ? (double)(1 + byte(r) % 8) / 4.0 : pos_param(r);
        g[i] = byte(r) < 250 ? byte(r) % ng : u64(r);
    }
    dump_t = t, dump_e = e, dump_w = wmode < 64 ? NULL : w, dump_n = n;
    fuzz_dump = dump_km;
    if (csat_km_new(&km, alloc) != CSAT_OK)
        return;
    while (r->n) {
        uint8_t op = byte(r) % 4;
        csat_km_options o = CSAT_KM_OPTIONS_INIT;
        uint8_t f = byte(r);
        size_t m_before = 0;
        csat_status st;
        o.conf_type = (csat_km_conf_type)(f % 5);
        if (f & 8)
            o.conf_level = unit_val(r);
        if ((f & 0x70) == 0x70)
            o.version = byte(r);
        if (fitted)
            (void)csat_km_size(km, &m_before);
        if (op <= 1) {
            st = op == 0 ? csat_km_fit(km, t, e, wmode < 64 ? NULL : w, n, (f & 0x80) ? NULL : &o)
                         : csat_km_fit_group(km, t, e, wmode < 64 ? NULL : w, g, byte(r) % (ng + 1), n,
                                             (f & 0x80) ? NULL : &o);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                fitted = 1;
                km_check_fit(km, r);
            } else {
                size_t m2 = 0;
                CHECK(csat_km_last_error(km)[0] != '\0' || st == CSAT_EINVAL, "error %d without a message", (int)st);
                CHECK(csat_km_size(km, &m2) == (fitted ? CSAT_OK : CSAT_EMISUSE) && m2 == m_before,
                      "a failing fit changed the previous fit");
            }
        } else if (op == 2) {
            poison(obs, sizeof obs), poison(exp_, sizeof exp_), poison(&chisq, sizeof chisq);
            poison(&df, sizeof df), poison(&pv, sizeof pv);
            st = FZ_CALL(csat_km_logrank(t, e, g, n, f & 1 ? ng : (size_t)(1 + byte(r) % 6), obs, exp_, &chisq, &df, &pv, alloc, FZ_ERR));
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                size_t k = (size_t)df + 1;
                double so = 0, se_ = 0;
                CHECK(df >= 1 && k <= 8, "log-rank df %g", df);
                for (size_t i = 0; i < k; i++) {
                    NONNEG(obs[i]), NONNEG(exp_[i]);
                    so += obs[i], se_ += exp_[i];
                }
                CHECK(close_rel(so, se_, 1e-9), "observed %.17g and expected %.17g events differ", so, se_);
                NONNEG(chisq);
                IN_RANGE(pv, 0.0, 1.0);
            } else {
                UNTOUCHED(obs, sizeof obs, st);
                UNTOUCHED(exp_, sizeof exp_, st);
                UNTOUCHED(&chisq, sizeof chisq, st);
                UNTOUCHED(&pv, sizeof pv, st);
            }
        } else {
            double x = 0.0;
            csat_km_median med;
            size_t m;
            poison(&m, sizeof m), poison(&med, sizeof med), poison(&x, sizeof x);
            st = csat_km_size(km, &m);
            CHECK(fitted ? st == CSAT_OK : (st == CSAT_EMISUSE && poisoned(&m, sizeof m)), "km_size: %d", (int)st);
            if (!fitted) {
                CHECK(csat_km_median_survival(km, &med) == CSAT_EMISUSE && poisoned(&med, sizeof med), "median");
                CHECK(csat_km_restricted_mean(km, 1.0, &x, NULL) == CSAT_EMISUSE && poisoned(&x, sizeof x), "rmean");
                CHECK(csat_km_survival_at(km, t, n, w) != CSAT_OK, "survival_at before a fit");
            }
            CHECK_MESSAGE(csat_km_last_error(km));
            CHECK(csat_km_fit(NULL, t, e, NULL, n, NULL) == CSAT_EINVAL, "fit(NULL)");
            CHECK(csat_km_size(NULL, &m) == CSAT_EINVAL, "size(NULL)");
        }
    }
    csat_km_free(km);
}

/* ---- Cox regression (issue 15) ---------------------------------------------- */
/* Cox prediction (issue 15) on a fitted m (p columns, strata when
 * stratified): fuzzed new rows, codes, times, level, conf and horizon. On
 * CSAT_OK survival in [0, 1], std_err finite >= 0, lower <= S <= upper in
 * [0, 1], medians >= 0 with reached = 1 or -1 with reached = 0, RMST in
 * [0, horizon]; a copy by set_fit + set_baseline predicts the same; on
 * error the outputs untouched and a message. */
static void cox_predict_ops(reader *r, csat_cox *m, size_t p, int stratified,
                            const csat_allocator *alloc)
{
    double X[4 * 3], tt[5], S[20], se[20], lo[20], up[20], med[4], rm[4], h;
    int reached[4];
    uint64_t sc[4];
    size_t n = byte(r) % 4 + 1, nt = byte(r) % 5 + 1, pc = byte(r) < 250 ? p : p + 1;
    uint8_t f = byte(r);
    double level = f & 1 ? (double)(byte(r) % 101) / 100.0 : 0.95;
    csat_cox_conf_type conf = (csat_cox_conf_type)(byte(r) % 4);
    csat_cox_baseline b;
    csat_status st;
    for (size_t i = 0; i < n * pc && i < 12; i++)
        X[i] = byte(r) < 240 ? (double)(byte(r) % 7) - 3.0 : any_double(r);
    for (size_t i = 0; i < n; i++)
        sc[i] = byte(r) % 3;
    for (size_t k = 0; k < nt; k++)
        tt[k] = byte(r) < 245 ? (double)(byte(r) % 14) - 0.5 * (byte(r) == 0) : any_double(r);
    h = byte(r) < 240 ? (double)(byte(r) % 15) : any_double(r);
    if (n * pc > 12)
        return;
    st = csat_cox_baseline_get(m, &b);
    CHECK(st == CSAT_OK || st == CSAT_EMISUSE, "baseline_get of a fit: %d", (int)st);
    if (st != CSAT_OK) /* a baseline hazard that overflows: the fit without prediction */
        return;
    CHECK(b.n_coef == p && b.n_times >= b.n_strata, "baseline of a fit");
    poison(S, sizeof S), poison(se, sizeof se), poison(lo, sizeof lo), poison(up, sizeof up);
    st = csat_cox_predict_survival(m, X, n, pc, f & 2 ? sc : stratified ? sc : NULL, tt, nt, level, conf,
                                   S, f & 4 ? NULL : se, f & 8 ? NULL : lo, f & 8 ? NULL : up);
    CHECK_STATUS(st);
    if (st == CSAT_OK) {
        for (size_t i = 0; i < n * nt; i++) {
            IN_RANGE(S[i], 0.0, 1.0);
            if (!(f & 4))
                NONNEG(se[i]);
            if (!(f & 8)) {
                IN_RANGE(lo[i], 0.0, 1.0), IN_RANGE(up[i], 0.0, 1.0);
                CHECK(lo[i] <= S[i] && S[i] <= up[i], "bounds %g %g %g", lo[i], S[i], up[i]);
            }
        }
    } else {
        UNTOUCHED(S, sizeof S, st), UNTOUCHED(se, sizeof se, st);
        UNTOUCHED(lo, sizeof lo, st), UNTOUCHED(up, sizeof up, st);
        CHECK(csat_cox_last_error(m)[0] != '\0', "predict error %d without a message", (int)st);
    }
    poison(med, sizeof med), poison(reached, sizeof reached);
    st = csat_cox_predict_median(m, X, n, pc, stratified ? sc : NULL, med, reached);
    CHECK_STATUS(st);
    if (st == CSAT_OK)
        for (size_t i = 0; i < n; i++)
            CHECK(reached[i] ? isfinite(med[i]) && med[i] >= 0 : med[i] == CSAT_COX_NOT_REACHED,
                  "median %g reached %d", med[i], reached[i]);
    else
        UNTOUCHED(med, sizeof med, st), UNTOUCHED(reached, sizeof reached, st);
    { /* median bounds (ggomiv): the median equals csat_cox_predict_median's, bounds around it */
        double m2[sizeof med / sizeof med[0]], ml[sizeof med / sizeof med[0]], mu[sizeof med / sizeof med[0]];
        csat_status st2;
        poison(m2, sizeof m2), poison(ml, sizeof ml), poison(mu, sizeof mu);
        st2 = csat_cox_predict_median_ci(m, X, n, pc, stratified ? sc : NULL, 0.95,
                                         (csat_cox_conf_type)(f % 3), m2, ml, mu);
        CHECK_STATUS(st2);
        CHECK(st2 == st || st2 == CSAT_ENOMEM || st == CSAT_ENOMEM, "median_ci status %d, median %d",
              (int)st2, (int)st); /* either may meet the failing allocation */
        if (st2 == CSAT_OK)
            for (size_t i = 0; i < n; i++) {
                const double nr = CSAT_COX_NOT_REACHED;
                CHECK(st != CSAT_OK || m2[i] == med[i], "median_ci median %g vs %g", m2[i], med[i]);
                CHECK(ml[i] == nr || (isfinite(ml[i]) && ml[i] >= 0), "lower %g", ml[i]);
                CHECK(mu[i] == nr || (isfinite(mu[i]) && mu[i] >= 0), "upper %g", mu[i]);
                /* the lower survival curve lies below S: it falls to 1/2 if S does */
                CHECK(m2[i] == nr || ml[i] != nr, "median reached, lower bound not");
            }
        else
            UNTOUCHED(m2, sizeof m2, st2), UNTOUCHED(ml, sizeof ml, st2), UNTOUCHED(mu, sizeof mu, st2);
    }
    poison(rm, sizeof rm);
    st = csat_cox_predict_rmst(m, X, n, pc, stratified ? sc : NULL, h, rm);
    CHECK_STATUS(st);
    if (st == CSAT_OK) {
        double rm2[4];
        csat_cox *c2 = NULL;
        for (size_t i = 0; i < n; i++)
            CHECK(rm[i] >= 0.0 && rm[i] <= h, "rmst %g horizon %g", rm[i], h);
        if (csat_cox_new(&c2, alloc) == CSAT_OK) { /* the copy predicts the same */
            double c[3], e[3];
            csat_cox_stats s;
            if (csat_cox_coef(m, c, e, NULL, 3) == CSAT_OK && csat_cox_stats_get(m, &s) == CSAT_OK &&
                csat_cox_set_fit(c2, c, e, NULL, p, &s) == CSAT_OK) {
                CHECK(csat_cox_predict_rmst(c2, X, n, pc, stratified ? sc : NULL, h, rm2) == CSAT_EMISUSE,
                      "predict without a baseline");
                st = csat_cox_set_baseline(c2, &b);
                CHECK(st == CSAT_OK || st == CSAT_ENOMEM, "set_baseline of a fit: %d", (int)st);
                if (st == CSAT_OK && csat_cox_predict_rmst(c2, X, n, pc, stratified ? sc : NULL, h, rm2) == CSAT_OK)
                    CHECK(memcmp(rm, rm2, n * sizeof *rm) == 0, "copy predicts differently");
            }
            csat_cox_free(c2);
        }
    } else {
        UNTOUCHED(rm, sizeof rm, st);
    }
    { /* bootstrap intervals (issue 15 §4, coxboot): bounds in [0, 1], ordered,
       * the same for the same seed; on error outputs untouched, a message */
        double blo[20], bup[20], blo2[20], bup2[20];
        size_t nd = byte(r) % 9, nf = 99, nf2 = 99;
        uint64_t seed = byte(r);
        csat_cox_boot_method meth = (csat_cox_boot_method)(byte(r) % 3);
        poison(blo, sizeof blo), poison(bup, sizeof bup);
        st = csat_cox_boot_survival(m, X, n, pc, f & 2 ? sc : stratified ? sc : NULL, tt, nt, level,
                                    meth, nd, seed, blo, bup, &nf);
        CHECK_STATUS(st);
        if (st == CSAT_OK) {
            CHECK(nf <= nd - 2, "n_failed %zu of %zu", nf, nd);
            for (size_t i = 0; i < n * nt; i++) {
                IN_RANGE(blo[i], 0.0, 1.0), IN_RANGE(bup[i], 0.0, 1.0);
                CHECK(blo[i] <= bup[i], "boot bounds %g %g", blo[i], bup[i]);
            }
            st = csat_cox_boot_survival(m, X, n, pc, f & 2 ? sc : stratified ? sc : NULL, tt, nt,
                                        level, meth, nd, seed, blo2, bup2, &nf2);
            CHECK(st == CSAT_OK || st == CSAT_ENOMEM, "boot repeat %d", (int)st);
            if (st == CSAT_OK)
                CHECK(nf2 == nf && memcmp(blo, blo2, n * nt * sizeof *blo) == 0 &&
                          memcmp(bup, bup2, n * nt * sizeof *bup) == 0,
                      "boot not reproducible by seed");
        } else {
            UNTOUCHED(blo, sizeof blo, st), UNTOUCHED(bup, sizeof bup, st);
            CHECK(nf == 99, "n_failed written on error");
            CHECK(csat_cox_last_error(m)[0] != '\0', "boot error %d without a message", (int)st);
        }
        poison(blo, sizeof blo), poison(bup, sizeof bup);
        st = csat_cox_boot_rmst(m, X, n, pc, stratified ? sc : NULL, h, level, meth, nd, seed, blo,
                                bup, NULL);
        CHECK_STATUS(st);
        if (st == CSAT_OK)
            for (size_t i = 0; i < n; i++)
                CHECK(blo[i] >= 0.0 && blo[i] <= bup[i] && bup[i] <= h, "boot rmst %g %g h %g",
                      blo[i], bup[i], h);
        else
            UNTOUCHED(blo, sizeof blo, st), UNTOUCHED(bup, sizeof bup, st);
    }
    { /* RMST standard error (issue 15, coxrmst): the RMST bit for bit as
       * csat_cox_predict_rmst's, se finite >= 0; a copy without the counts
       * refuses (EMISUSE), with them gives the same; on error untouched */
        double rs[4], ss[4], r1[4];
        csat_status st1;
        poison(rs, sizeof rs), poison(ss, sizeof ss);
        st = csat_cox_predict_rmst_se(m, X, n, pc, stratified ? sc : NULL, h, rs, ss);
        CHECK_STATUS(st);
        CHECK(st == CSAT_OK || csat_cox_last_error(m)[0] != '\0', "rmst_se error %d without a message",
              (int)st);
        st1 = csat_cox_predict_rmst(m, X, n, pc, stratified ? sc : NULL, h, r1);
        CHECK(st == st1 || st == CSAT_ENOMEM || st1 == CSAT_ENOMEM ||
                  (st1 == CSAT_OK && (st == CSAT_EDOM || (st == CSAT_EMISUSE && !b.n_risk))),
              "rmst_se %d, rmst %d", (int)st, (int)st1);
        if (st == CSAT_OK) {
            csat_cox *c2 = NULL;
            for (size_t i = 0; i < n; i++)
                CHECK(isfinite(ss[i]) && ss[i] >= 0.0, "rmst se %g", ss[i]);
            if (st1 == CSAT_OK)
                CHECK(memcmp(rs, r1, n * sizeof *rs) == 0, "rmst_se's rmst differs");
            if (csat_cox_new(&c2, alloc) == CSAT_OK) {
                double c[3], e[3], rs2[4], ss2[4];
                csat_cox_stats s;
                csat_cox_baseline b0 = b;
                b0.n_risk = b0.n_event = NULL;
                if (csat_cox_coef(m, c, e, NULL, 3) == CSAT_OK && csat_cox_stats_get(m, &s) == CSAT_OK &&
                    csat_cox_set_fit(c2, c, e, NULL, p, &s) == CSAT_OK &&
                    csat_cox_set_baseline(c2, &b0) == CSAT_OK) {
                    poison(ss2, sizeof ss2);
                    CHECK(csat_cox_predict_rmst_se(c2, X, n, pc, stratified ? sc : NULL, h, rs2, ss2) ==
                              CSAT_EMISUSE, "rmst se without counts");
                    UNTOUCHED(ss2, sizeof ss2, CSAT_EMISUSE);
                    if (csat_cox_set_baseline(c2, &b) == CSAT_OK &&
                        csat_cox_predict_rmst_se(c2, X, n, pc, stratified ? sc : NULL, h, rs2, ss2) == CSAT_OK)
                        CHECK(memcmp(rs, rs2, n * sizeof *rs) == 0 && memcmp(ss, ss2, n * sizeof *ss) == 0,
                              "copy's rmst se differs");
                }
                csat_cox_free(c2);
            }
        } else {
            UNTOUCHED(rs, sizeof rs, st), UNTOUCHED(ss, sizeof ss, st);
        }
    }
    CHECK_MESSAGE(csat_cox_last_error(m));
}

/* The data a Cox fit keeps (issue 15, coxdata): csat_cox_data_get on the
 * fit m (CSAT_EMISUSE and a message from csat_cox_zph when it was made with
 * keep_data = 0), csat_cox_set_data on c, a copy by csat_cox_set_fit
 * (CSAT_OK or CSAT_ENOMEM; then csat_cox_zph gives m's bits), and refused
 * with a wrong n_cols or n_rows, the data of before kept. */
static void cox_data_ops(csat_cox *m, csat_cox *c, size_t p, int no_data)
{
    csat_cox_data d, bad;
    double a[8], b[8];
    csat_status st, sm, sc;
    poison(&d, sizeof d);
    st = csat_cox_data_get(m, &d);
    CHECK(no_data ? st == CSAT_EMISUSE : st == CSAT_OK, "data_get %d (no_data %d)", (int)st, no_data);
    if (st != CSAT_OK) {
        UNTOUCHED(&d, sizeof d, st);
        CHECK(csat_cox_zph(m, CSAT_COX_ZPH_KM, a, a + 4, 4) == CSAT_EMISUSE &&
                  strstr(csat_cox_last_error(m), "keep_data = 0") != NULL,
              "zph without data: %s", csat_cox_last_error(m));
        return;
    }
    CHECK(d.n_cols == p && d.n_rows >= 1, "data_get sizes %zu x %zu", d.n_rows, d.n_cols);
    CHECK(csat_cox_zph(c, CSAT_COX_ZPH_KM, a, a + 4, 4) == CSAT_EMISUSE, "zph before set_data");
    CHECK_MESSAGE(csat_cox_last_error(c));
    st = csat_cox_set_data(c, &d);
    CHECK(st == CSAT_OK || st == CSAT_ENOMEM, "set_data of a fit's data: %d %s", (int)st,
          csat_cox_last_error(c));
    if (st != CSAT_OK)
        return;
    CHECK(csat_cox_last_error(c)[0] == '\0', "set_data: message on success");
    poison(a, sizeof a), poison(b, sizeof b);
    sm = csat_cox_zph(m, CSAT_COX_ZPH_RANK, a, a + 4, 4);
    sc = csat_cox_zph(c, CSAT_COX_ZPH_RANK, b, b + 4, 4);
    CHECK(sm == sc || sm == CSAT_ENOMEM || sc == CSAT_ENOMEM, "zph of the copy %d vs %d", (int)sc,
          (int)sm);
    if (sm == CSAT_OK && sc == CSAT_OK)
        CHECK(memcmp(a, b, 2 * (p + 1) * sizeof *a) == 0, "zph of the copy differs");
    bad = d;
    bad.n_cols = p + 1;
    CHECK(csat_cox_set_data(c, &bad) == CSAT_EINVAL, "set_data n_cols + 1");
    CHECK_MESSAGE(csat_cox_last_error(c));
    bad = d;
    bad.n_rows = d.n_rows - 1;
    st = csat_cox_set_data(c, &bad);
    CHECK(st == CSAT_EINVAL || st == CSAT_EEMPTY, "set_data n_rows - 1: %d", (int)st);
    CHECK(csat_cox_data_get(c, &bad) == CSAT_OK && bad.n_rows == d.n_rows, "data kept on error");
}

/* csat_cox_*: fits on fuzzed columns (optional entry, strata, weights,
 * clusters, options); on CSAT_OK coefficients finite, standard errors
 * finite and >= 0 (robust ones too when asked, else NaN), log-likelihoods
 * finite with LR >= 0 (up to rounding), p-values in [0, 1], concordance in
 * [0, 1]; on error the report untouched and the previous fit kept. */
static void cox_ops(reader *r, const csat_allocator *alloc)
{
    csat_cox *m = NULL;
    csat_cox_options o;
    size_t fitted_p = 0;
    uint8_t rounds = byte(r) % 4 + 1;
    CHECK(csat_cox_new(NULL, alloc) == CSAT_EINVAL, "cox_new(NULL)");
    CHECK(csat_cox_options_init(NULL, 1) == CSAT_EINVAL, "options_init(NULL)");
    if (csat_cox_new(&m, alloc) != CSAT_OK)
        return;
    for (uint8_t k = 0; k < rounds && r->n; k++) {
        double X[MAXN * 3], t0[MAXN], t[MAXN], e[MAXN], w[MAXN], coef[3], se[3], rse[3];
        uint64_t st_[MAXN], cl[MAXN];
        csat_fit_report rep;
        csat_cox_stats s;
        uint8_t f = byte(r);
        size_t n = byte(r) % (MAXN + 1), p = byte(r) % 3 + 1, pn = 99;
        uint8_t ver = byte(r);
        csat_status st = csat_cox_options_init(&o, ver == 0 ? 3u : ver < 128 ? 2u : 1u);
        if (st != CSAT_OK) {
            CHECK(st == CSAT_EVERSION && ver == 0, "options_init: %d", (int)st);
            csat_cox_options_init(&o, 1);
        }
        if (o.version >= 2) /* version 2 (coxdata): keep_data 0, 1, or bad */
            o.keep_data = ver % 16 == 3 ? 2 : ver % 4 == 1 ? 0 : 1;
        o.ties = f & 1 ? CSAT_COX_BRESLOW : CSAT_COX_EFRON;
        o.robust = (f >> 1) & 1;
        if (f & 0x80)
            o.max_iter = byte(r) % 30;
        for (size_t i = 0; i < n * p; i++)
            X[i] = byte(r) < 240 ? (double)(byte(r) % 7) - 3.0 : any_double(r);
        for (size_t i = 0; i < n; i++) {
            uint8_t b = byte(r);
            t[i] = b < 240 ? (double)(b % 12) : any_double(r);
            t0[i] = b % 3 == 0 ? t[i] - 1.0 - (double)(byte(r) % 3) : t[i] - 0.5;
            e[i] = byte(r) < 250 ? (double)(b & 1) : 2.0;
            w[i] = byte(r) < 250 ? 0.5 + (double)(b % 4) : any_double(r);
            st_[i] = b % 2;
            cl[i] = i / 2;
        }
        poison(&rep, sizeof rep);
        st = csat_cox_fit(m, X, n, p, f & 4 ? t0 : NULL, t, e, f & 8 ? st_ : NULL, f & 16 ? w : NULL,
                          f & 32 ? cl : NULL, f & 64 ? &o : NULL, &rep);
        CHECK_STATUS(st);
        if (st == CSAT_OK) {
            int robust = (f & 64 ? o.robust : 0) || (f & 32);
            fitted_p = p;
            CHECK(csat_cox_n_coef(m, &pn) == CSAT_OK && pn == p, "n_coef");
            CHECK(csat_cox_coef(m, coef, se, rse, p - 1) == CSAT_EBUFSIZE,
                  "coef with a small cap");
            CHECK(csat_cox_coef(m, coef, se, rse, p) == CSAT_OK, "coef");
            FINITE_N(coef, p);
            for (size_t j = 0; j < p; j++) {
                NONNEG(se[j]);
                CHECK(robust ? isfinite(rse[j]) && rse[j] >= 0 : isnan(rse[j]), "robust se %g", rse[j]);
            }
            CHECK(csat_cox_stats_get(m, &s) == CSAT_OK, "stats");
            FINITE(s.ll), FINITE(s.ll_null), NONNEG(s.wald), NONNEG(s.score);
            CHECK(s.lr >= -1e-9 * (1.0 + fabs(s.ll)), "LR %g < 0", s.lr);
            IN_RANGE(s.lr_p, 0.0, 1.0), IN_RANGE(s.wald_p, 0.0, 1.0), IN_RANGE(s.score_p, 0.0, 1.0);
            IN_RANGE(s.concordance, 0.0, 1.0);
            CHECK(rep.converged == 1 && rep.log_likelihood == s.ll, "report");
            CHECK_STAGES(csat_cox_fit_stages, m, &rep);
            { /* a copy through csat_cox_set_fit reads back the same */
                csat_cox *c2 = NULL;
                double c2c[3];
                csat_cox_stats s2;
                if (csat_cox_new(&c2, alloc) == CSAT_OK) {
                    st = csat_cox_set_fit(c2, coef, se, robust ? rse : NULL, p, &s);
                    CHECK(st == CSAT_OK || st == CSAT_ENOMEM, "set_fit of a fit: %d", (int)st);
                    if (st == CSAT_OK)
                        CHECK(csat_cox_coef(c2, c2c, NULL, NULL, 3) == CSAT_OK &&
                              memcmp(c2c, coef, p * sizeof *coef) == 0 &&
                              csat_cox_stats_get(c2, &s2) == CSAT_OK && s2.ll == s.ll, "set_fit copy");
                    if (st == CSAT_OK) /* the data travel (coxdata) */
                        cox_data_ops(m, c2, p, (f & 64) && o.version >= 2 && o.keep_data == 0);
                    CHECK(csat_cox_set_fit(c2, coef, se, NULL, 0, &s) == CSAT_EINVAL, "set_fit n_coef 0");
                    csat_cox_free(c2);
                }
            }
            cox_predict_ops(r, m, p, (f & 8) != 0, alloc); /* Cox prediction (issue 15) */
        } else {
            UNTOUCHED(&rep, sizeof rep, st);
            CHECK(csat_cox_last_error(m)[0] != '\0', "error %d without a message", (int)st);
            if (fitted_p)
                CHECK(csat_cox_n_coef(m, &pn) == CSAT_OK && pn == fitted_p, "a failing fit changed the fit");
            else
                CHECK(csat_cox_n_coef(m, &pn) == CSAT_EMISUSE && csat_cox_stats_get(m, &s) == CSAT_EMISUSE,
                      "no fit yet");
        }
        CHECK_MESSAGE(csat_cox_last_error(m));
    }
    csat_cox_free(m);
}

/* ---- Cox proportional-hazards test (issue 15) ---------------------------- */
/* csat_cox_zph_terms (issue 15, coxzphterms) on m (p columns) with a fuzzed
 * term map (values up to p: also out of range, gaps) and cap: CSAT_OK only
 * for a map numbering 0..n_terms-1 without gaps and cap > n_terms, then
 * chi-squares >= 0, p in [0, 1], df the terms' column counts, p for the
 * global test; with each column its own term csat_cox_zph's values (zph,
 * when that call succeeded) bit for bit. On error: outputs untouched and a
 * message. */
static void cox_zph_terms_op(reader *r, csat_cox *m, int tr, size_t p, const double *zph)
{
    size_t term[3], nt = 0, seen[4] = {0, 0, 0, 0}, cap;
    double chisq[4], df[4], pv[4];
    int valid = 1, singles = 1;
    uint8_t b = byte(r);
    csat_status st;
    for (size_t j = 0; j < p; j++) {
        term[j] = b & 0x80 ? j : byte(r) % (p + 1);
        if (term[j] < p) {
            seen[term[j]] = 1;
            nt = term[j] + 1 > nt ? term[j] + 1 : nt;
        } else {
            valid = 0;
        }
        singles &= term[j] == j;
    }
    for (size_t t = 0; t < nt; t++)
        valid &= (int)seen[t];
    cap = b & 0x40 ? nt : nt + 1;
    poison(chisq, sizeof chisq), poison(df, sizeof df), poison(pv, sizeof pv);
    st = csat_cox_zph_terms(m, (csat_cox_zph_transform)tr, term, b & 0x20 ? p + 1 : p, chisq,
                            b & 0x10 ? NULL : df, pv, cap);
    CHECK_STATUS(st);
    if (st == CSAT_OK) {
        double sum = 0.0;
        CHECK(valid && cap > nt && !(b & 0x20) && tr >= 0 && tr <= 3, "accepted a bad term map");
        for (size_t t = 0; t <= nt; t++) {
            NONNEG(chisq[t]);
            IN_RANGE(pv[t], 0.0, 1.0);
            if (!(b & 0x10) && t < nt)
                sum += df[t];
        }
        if (!(b & 0x10))
            CHECK(sum == (double)p && df[nt] == (double)p, "df");
        if (singles && zph)
            CHECK(memcmp(chisq, zph, (p + 1) * sizeof *chisq) == 0, "terms of one column differ "
                                                                   "from csat_cox_zph");
    } else {
        CHECK(st == CSAT_EINVAL || st == CSAT_EDOM || st == CSAT_EBUFSIZE || st == CSAT_ENOMEM,
              "zph_terms: %d", (int)st);
        CHECK(st != CSAT_EINVAL || !valid || (b & 0x20) || tr < 0 || tr > 3,
              "rejected a valid term map");
        UNTOUCHED(chisq, sizeof chisq, st), UNTOUCHED(df, sizeof df, st);
        UNTOUCHED(pv, sizeof pv, st);
        CHECK(csat_cox_last_error(m)[0] != '\0', "zph_terms error %d without a message", (int)st);
    }
}


/* csat_cox_zph, csat_cox_zph_resid (first byte 254) after a fit on fuzzed
 * columns (optional entry, strata, weights) with a fuzzed transform (also
 * out of range) and caps: on CSAT_OK chi-squares finite and >= 0, p in
 * [0, 1]; residual rows events of the fit ordered by time within strata,
 * transformed times finite (1 - S(t-) in [0, 1] for km), residuals finite
 * (NaN only with strata: a covariate constant in a stratum); on error the
 * outputs untouched and a message. A copy by csat_cox_set_fit: EMISUSE. */
static void cox_zph_ops(reader *r, const csat_allocator *alloc)
{
    csat_cox *m = NULL;
    double X[MAXN * 3], t0[MAXN], t[MAXN], e[MAXN], w[MAXN];
    uint64_t st_[MAXN];
    uint8_t f = byte(r);
    size_t n = byte(r) % (MAXN + 1), p = byte(r) % 3 + 1;
    csat_status st;
    if (csat_cox_new(&m, alloc) != CSAT_OK)
        return;
    for (size_t i = 0; i < n * p; i++)
        X[i] = byte(r) < 240 ? (double)(byte(r) % 7) - 3.0 : any_double(r);
    for (size_t i = 0; i < n; i++) {
        uint8_t b = byte(r);
        t[i] = b < 240 ? (double)(b % 12) : any_double(r);
        t0[i] = b % 3 == 0 ? t[i] - 1.0 - (double)(byte(r) % 3) : t[i] - 0.5;
        e[i] = (double)(b & 1);
        w[i] = 0.5 + (double)(byte(r) % 4);
        st_[i] = b % 2;
    }
    st = csat_cox_fit(m, X, n, p, f & 4 ? t0 : NULL, t, e, f & 8 ? st_ : NULL, f & 16 ? w : NULL,
                      NULL, NULL, NULL);
    CHECK_STATUS(st);
    if (st == CSAT_OK) {
        csat_cox_stats s;
        size_t ne, row[MAXN];
        double chisq[4], pv[4], res[MAXN * 3], tt[MAXN], tm[MAXN], coef[3], se[3];
        CHECK(csat_cox_stats_get(m, &s) == CSAT_OK, "stats");
        ne = (size_t)s.n_events;
        for (int k = 0; k < 3 && r->n; k++) {
            uint8_t b = byte(r);
            int tr = b < 250 ? b % 4 : (int)(int8_t)b;
            size_t cap = b & 0x40 ? p : p + 1, capr = b & 0x20 ? ne - 1 : ne;
            poison(chisq, sizeof chisq), poison(pv, sizeof pv);
            st = csat_cox_zph(m, (csat_cox_zph_transform)tr, chisq, pv, cap);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(tr >= 0 && tr <= 3 && cap > p, "accepted transform %d, cap %zu", tr, cap);
                for (size_t j = 0; j <= p; j++) {
                    NONNEG(chisq[j]);
                    IN_RANGE(pv[j], 0.0, 1.0);
                }
            } else {
                CHECK(st == CSAT_EINVAL || st == CSAT_EDOM || st == CSAT_EBUFSIZE || st == CSAT_ENOMEM,
                      "zph: %d", (int)st);
                UNTOUCHED(chisq, sizeof chisq, st), UNTOUCHED(pv, sizeof pv, st);
                CHECK(csat_cox_last_error(m)[0] != '\0', "zph error %d without a message", (int)st);
            }
            cox_zph_terms_op(r, m, tr, p, st == CSAT_OK ? chisq : NULL);
            poison(res, sizeof res), poison(tt, sizeof tt), poison(tm, sizeof tm);
            poison(row, sizeof row);
            st = csat_cox_zph_resid(m, (csat_cox_zph_transform)tr, res, tt, tm, row, capr);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(tr >= 0 && tr <= 3 && capr >= ne, "resid accepted transform %d", tr);
                for (size_t q = 0; q < ne; q++) {
                    CHECK(row[q] < n && e[row[q]] == 1.0 && tm[q] == t[row[q]], "resid row");
                    CHECK(q == 0 || tm[q] >= tm[q - 1] || (f & 8), "resid order");
                    FINITE(tt[q]);
                    if (tr == 0)
                        IN_RANGE(tt[q], 0.0, 1.0);
                    for (size_t j = 0; j < p; j++)
                        CHECK(isfinite(res[q * p + j]) || (isnan(res[q * p + j]) && (f & 8)),
                              "residual %g", res[q * p + j]);
                }
            } else {
                CHECK(st == CSAT_EINVAL || st == CSAT_EDOM || st == CSAT_EBUFSIZE || st == CSAT_ENOMEM,
                      "zph_resid: %d", (int)st);
                UNTOUCHED(res, sizeof res, st), UNTOUCHED(tt, sizeof tt, st);
                UNTOUCHED(tm, sizeof tm, st), UNTOUCHED(row, sizeof row, st);
                CHECK(csat_cox_last_error(m)[0] != '\0', "zph_resid error %d without a message",
                      (int)st);
            }
        }
        /* a model set by hand has no data to test */
        if (csat_cox_coef(m, coef, se, NULL, 3) == CSAT_OK &&
            csat_cox_set_fit(m, coef, se, NULL, p, &s) == CSAT_OK)
            CHECK(csat_cox_zph(m, CSAT_COX_ZPH_KM, chisq, pv, 4) == CSAT_EMISUSE &&
                  csat_cox_zph_resid(m, CSAT_COX_ZPH_KM, res, NULL, NULL, NULL, MAXN) == CSAT_EMISUSE,
                  "zph after set_fit");
    } else {
        double chisq[4], pv[4];
        CHECK(csat_cox_zph(m, CSAT_COX_ZPH_KM, chisq, pv, 4) == CSAT_EMISUSE, "zph without a fit");
    }
    CHECK(csat_cox_zph(NULL, CSAT_COX_ZPH_KM, NULL, NULL, 0) == CSAT_EINVAL, "zph(NULL)");
    CHECK_MESSAGE(csat_cox_last_error(m));
    csat_cox_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    fuzz_alloc fa;
    csat_allocator alloc = fuzz_allocator(&fa, &r);
    uint8_t sel = byte(&r);
    if (sel == 255) { /* Cox regression (issue 15) */
        cox_ops(&r, &alloc);
        CHECK_NO_LEAK(fa);
        return 0;
    }
    if (sel == 254) { /* Cox proportional-hazards test (issue 15) */
        cox_zph_ops(&r, &alloc);
        CHECK_NO_LEAK(fa);
        return 0;
    }
    switch (sel % 3) {
    case 0: sbg_fits(&r, &alloc); break;
    case 1: km_ops(&r, &alloc); break;
    default:
        while (r.n)
            sbg_closed_forms(&r);
        break;
    }
    CHECK_NO_LEAK(fa);
    return 0;
}
