/*
 * Closed-form CLV and retention economics (docs/theory/loyalty.rst, 8 and docs/theory/clv.rst, 10):
 * Gupta & Lehmann, Berger & Nasr case 1, the general survival-weighted NPV,
 * payback, customer equity, Reichheld & Sasser's retention arithmetic and
 * the replacement of lost customers.
 */
#include "core/internal.h"
#include "numerics/numerics.h"

#include <math.h>

/* longest horizon summed term by term (payback, Berger-Nasr) */
#define PAYBACK_MAX_PERIODS 10000000.0

/* Every result is a double or the call is CSAT_EDOM with *out untouched
 * (sums and ratios of finite amounts can still overflow). */
static csat_status finite_out(double v, double *out, csat_error *err)
{
    if (!isfinite(v))
        return csat__err(err, CSAT_EDOM, NULL, CSAT_NO_ROW, "the result overflows a double");
    *out = v;
    return CSAT_OK;
}

static int rate_ok(double r)
{
    return r >= 0.0 && r <= 1.0;
}

static int discount_ok(double i)
{
    return isfinite(i) && i > -1.0;
}

/* A retention rate or survival probability arg in [0, 1]. */
static csat_status rate_check(const char *arg, double r, csat_error *err)
{
    if (rate_ok(r))
        return CSAT_OK;
    return csat__err(err, CSAT_EINVAL, arg, CSAT_NO_ROW, "%s = %g is not in [0, 1]", arg, r);
}

static csat_status discount_check(double d, csat_error *err)
{
    if (discount_ok(d))
        return CSAT_OK;
    return csat__err(err, CSAT_EINVAL, "discount", CSAT_NO_ROW,
                     "discount = %g is not finite and > -1", d);
}

static csat_status timing_check(csat_clv_timing t, csat_error *err)
{
    if (t == CSAT_CLV_END_OF_PERIOD || t == CSAT_CLV_START_OF_PERIOD)
        return CSAT_OK;
    return csat__err(err, CSAT_EINVAL, "timing", CSAT_NO_ROW, "timing = %d is not a csat_clv_timing",
                     (int)t);
}

csat_status csat_econ_margin_multiple(double retention, double discount, double *out,
                                      csat_error *err)
{
    csat_status st;
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    if ((st = rate_check("retention", retention, err)) != CSAT_OK
        || (st = discount_check(discount, err)) != CSAT_OK)
        return st;
    if (retention >= 1.0 + discount)
        return csat__err(err, CSAT_EDOM, "retention", CSAT_NO_ROW,
                         "retention = %g is not below 1 + discount = %g: the multiple is infinite",
                         retention, 1.0 + discount);
    return finite_out(retention / (1.0 + discount - retention), out, err);
}

csat_status csat_econ_clv_gupta_lehmann(double margin, double retention, double discount,
                                        double growth, double acquisition_cost,
                                        csat_clv_timing timing, double *out, csat_error *err)
{
    double den;
    csat_status st;
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    if ((st = csat__check_real(err, "margin", margin)) != CSAT_OK
        || (st = rate_check("retention", retention, err)) != CSAT_OK
        || (st = discount_check(discount, err)) != CSAT_OK
        || (st = csat__check_real(err, "growth", growth)) != CSAT_OK)
        return st;
    if (!(growth > -1.0))
        return csat__err(err, CSAT_EINVAL, "growth", CSAT_NO_ROW, "growth = %g is not > -1",
                         growth);
    if ((st = csat__check_amount(err, "acquisition_cost", acquisition_cost)) != CSAT_OK
        || (st = timing_check(timing, err)) != CSAT_OK)
        return st;
    den = 1.0 + discount - retention * (1.0 + growth);
    if (!(den > 0.0))
        return csat__err(err, CSAT_EDOM, "growth", CSAT_NO_ROW,
                         "retention x (1 + growth) = %g is not below 1 + discount = %g: the CLV is "
                         "infinite",
                         retention * (1.0 + growth), 1.0 + discount);
    /* margin / den first: margin times (1 + i) could overflow on its own */
    return finite_out((margin / den) * (timing == CSAT_CLV_END_OF_PERIOD ? retention : 1.0 + discount) -
                          acquisition_cost,
                      out, err);
}

csat_status csat_econ_clv_berger_nasr(double gc, double m_cost, double retention, double discount,
                                      size_t n_years, double *out, csat_error *err)
{
    double q, gc_part, m_part;
    csat_status st;
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    if ((st = csat__check_real(err, "gc", gc)) != CSAT_OK
        || (st = csat__check_real(err, "m_cost", m_cost)) != CSAT_OK)
        return st;
    if ((st = rate_check("retention", retention, err)) != CSAT_OK
        || (st = discount_check(discount, err)) != CSAT_OK)
        return st;
    if ((double)n_years > PAYBACK_MAX_PERIODS)
        return csat__err(err, CSAT_EINVAL, "n_years", CSAT_NO_ROW, "n_years = %zu exceeds 1e7",
                         n_years);
    q = retention / (1.0 + discount);
    if (n_years == 0) {
        if (q >= 1.0)
            return csat__err(err, CSAT_EDOM, "retention", CSAT_NO_ROW,
                             "retention = %g is not below 1 + discount: the infinite horizon "
                             "(n_years = 0) diverges",
                             retention);
        gc_part = 1.0 / (1.0 - q);
        m_part = 1.0 / (sqrt(1.0 + discount) * (1.0 - q));
    } else {
        csat__ksum a = {0, 0}, b = {0, 0};
        double qk = 1.0; /* q^k */
        for (size_t k = 0; k <= n_years; k++) {
            csat__ksum_add(&a, qk);
            if (k < n_years) /* term k+1 of the promotion sum: q^k / (1+d)^0.5 */
                csat__ksum_add(&b, qk);
            qk *= q;
        }
        gc_part = csat__ksum_value(&a);
        m_part = csat__ksum_value(&b) / sqrt(1.0 + discount);
    }
    return finite_out(gc * gc_part - m_cost * m_part, out, err);
}

static csat_status clv_weighted(const double *margin, const double *survival, double retention,
                                size_t T, double discount, double acquisition_cost,
                                csat_clv_timing timing, double *out, csat_error *err)
{
    csat__ksum s = {0, 0};
    double disc = timing == CSAT_CLV_END_OF_PERIOD ? 1.0 / (1.0 + discount) : 1.0, surv = 1.0;
    csat_status st;
    if (!out)
        return csat__err_null(err, "out");
    if (!margin)
        return csat__err_null(err, "margin");
    if (!csat__array_bytes_ok(T, 1, sizeof *margin))
        return csat__err_size(err, "T", T);
    if ((st = csat__check_finite(err, "margin", margin, T)) != CSAT_OK)
        return st;
    if ((st = discount_check(discount, err)) != CSAT_OK
        || (st = csat__check_amount(err, "acquisition_cost", acquisition_cost)) != CSAT_OK
        || (st = timing_check(timing, err)) != CSAT_OK
        || (!survival && (st = rate_check("retention", retention, err)) != CSAT_OK))
        return st;
    for (size_t t = 0; survival && t < T; t++)
        if (!rate_ok(survival[t]))
            return csat__err(err, CSAT_EINVAL, "survival", t, "survival[%zu] = %g is not in [0, 1]",
                             t, survival[t]);
    for (size_t t = 0; t < T; t++) {
        csat__ksum_add(&s, margin[t] * (survival ? survival[t] : surv) * disc);
        disc /= 1.0 + discount;
        surv *= retention;
    }
    return finite_out(csat__ksum_value(&s) - acquisition_cost, out, err);
}

csat_status csat_econ_clv_survival(const double *margin, const double *survival, size_t T,
                                   double discount, double acquisition_cost,
                                   csat_clv_timing timing, double *out, csat_error *err)
{
    csat__err_clear(err);
    if (!survival)
        return csat__err_null(err, "survival");
    return clv_weighted(margin, survival, 1.0, T, discount, acquisition_cost, timing, out, err);
}

csat_status csat_econ_clv_retention(const double *margin, size_t T, double retention,
                                    double discount, double acquisition_cost,
                                    csat_clv_timing timing, double *out, csat_error *err)
{
    csat__err_clear(err);
    return clv_weighted(margin, NULL, retention, T, discount, acquisition_cost, timing, out, err);
}

csat_status csat_econ_payback(double margin, double retention, double discount,
                              double acquisition_cost, int discounted, double *periods, int *found,
                              csat_error *err)
{
    double q, total, cum = 0.0, term;
    csat_status st;
    csat__err_clear(err);
    if (!periods)
        return csat__err_null(err, "periods");
    if (!found)
        return csat__err_null(err, "found");
    if ((st = csat__check_real(err, "margin", margin)) != CSAT_OK
        || (st = rate_check("retention", retention, err)) != CSAT_OK
        || (st = discount_check(discount, err)) != CSAT_OK
        || (st = csat__check_amount(err, "acquisition_cost", acquisition_cost)) != CSAT_OK)
        return st;
    if (acquisition_cost == 0.0) {
        *periods = 0.0;
        *found = 1;
        return CSAT_OK;
    }
    /* the infinite-horizon sum decides whether it ever pays back */
    q = discounted ? retention / (1.0 + discount) : retention;
    term = discounted ? margin / (1.0 + discount) : margin;
    total = q < 1.0 ? term / (1.0 - q) : (term > 0.0 ? INFINITY : 0.0);
    if (!(total >= acquisition_cost) || term <= 0.0) {
        *periods = 0.0;
        *found = 0;
        return CSAT_OK;
    }
    for (double t = 1.0; t <= PAYBACK_MAX_PERIODS; t += 1.0) {
        cum += term;
        /* rounding: the limit may equal AC only in the last bits */
        if (cum >= acquisition_cost * (1.0 - 1e-14)) {
            *periods = t;
            *found = 1;
            return CSAT_OK;
        }
        term *= q;
    }
    return csat__err(err, CSAT_EDOM, "acquisition_cost", CSAT_NO_ROW,
                     "acquisition_cost = %g is paid back only after more than 1e7 periods",
                     acquisition_cost);
}

csat_status csat_econ_customer_equity(const double *clv_current, size_t n_current,
                                      const double *new_customers, size_t K, double clv_new,
                                      double acquisition_cost, double discount, double *out,
                                      csat_error *err)
{
    csat__ksum s = {0, 0};
    double disc = 1.0;
    csat_status st;
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    if (!csat__array_bytes_ok(n_current, 1, sizeof *clv_current))
        return csat__err_size(err, "n_current", n_current);
    if (!csat__array_bytes_ok(K, 1, sizeof *new_customers))
        return csat__err_size(err, "K", K);
    if (n_current && !clv_current)
        return csat__err_null(err, "clv_current");
    if (n_current && (st = csat__check_finite(err, "clv_current", clv_current, n_current)) != CSAT_OK)
        return st;
    if (K && !new_customers)
        return csat__err_null(err, "new_customers");
    if (K && (st = csat__check_nonneg(err, "new_customers", new_customers, K)) != CSAT_OK)
        return st;
    if ((st = csat__check_real(err, "clv_new", clv_new)) != CSAT_OK
        || (st = csat__check_amount(err, "acquisition_cost", acquisition_cost)) != CSAT_OK)
        return st;
    if ((st = discount_check(discount, err)) != CSAT_OK)
        return st;
    for (size_t j = 0; j < n_current; j++)
        csat__ksum_add(&s, clv_current[j]);
    for (size_t k = 0; k < K; k++) {
        disc /= 1.0 + discount;
        csat__ksum_add(&s, new_customers[k] * (clv_new - acquisition_cost) * disc);
    }
    return finite_out(csat__ksum_value(&s), out, err);
}

csat_status csat_econ_retention_effect(double margin, double r_before, double r_after,
                                       double discount, double acquisition_cost,
                                       csat_retention_effect *out, csat_error *err)
{
    csat_retention_effect e;
    csat_status st;
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    if ((st = rate_check("r_before", r_before, err)) != CSAT_OK
        || (st = rate_check("r_after", r_after, err)) != CSAT_OK)
        return st;
    if (r_before >= 1.0)
        return csat__err(err, CSAT_EINVAL, "r_before", CSAT_NO_ROW, "r_before = %g is not below 1",
                         r_before);
    if (r_after >= 1.0)
        return csat__err(err, CSAT_EINVAL, "r_after", CSAT_NO_ROW, "r_after = %g is not below 1",
                         r_after);
    st = csat_econ_clv_gupta_lehmann(margin, r_before, discount, 0.0, acquisition_cost,
                                     CSAT_CLV_END_OF_PERIOD, &e.clv_before, err);
    if (st == CSAT_OK)
        st = csat_econ_clv_gupta_lehmann(margin, r_after, discount, 0.0, acquisition_cost,
                                         CSAT_CLV_END_OF_PERIOD, &e.clv_after, err);
    if (st != CSAT_OK)
        return st;
    if (!(e.clv_before > 0.0))
        return csat__err(err, CSAT_EDOM, "margin", CSAT_NO_ROW,
                         "margin = %g gives a CLV at r_before of %g, not > 0: the uplift is undefined",
                         margin, e.clv_before);
    e.lifetime_before = 1.0 / (1.0 - r_before);
    e.lifetime_after = 1.0 / (1.0 - r_after);
    e.profit_uplift = e.clv_after / e.clv_before - 1.0;
    e.base_ratio = (1.0 - r_before) / (1.0 - r_after);
    if (!isfinite(e.profit_uplift))
        return csat__err(err, CSAT_EDOM, NULL, CSAT_NO_ROW, "the profit uplift overflows a double");
    *out = e;
    return CSAT_OK;
}

csat_status csat_econ_replacement(double n_lost, double clv_lost, double clv_new,
                                  double acquisition_cost, double cost_ratio, csat_replacement *out,
                                  csat_error *err)
{
    csat_replacement r;
    csat_status st;
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    if ((st = csat__check_amount(err, "n_lost", n_lost)) != CSAT_OK
        || (st = csat__check_real(err, "clv_lost", clv_lost)) != CSAT_OK
        || (st = csat__check_real(err, "clv_new", clv_new)) != CSAT_OK
        || (st = csat__check_amount(err, "acquisition_cost", acquisition_cost)) != CSAT_OK)
        return st;
    if (!(cost_ratio > 0.0))
        return csat__err(err, CSAT_EINVAL, "cost_ratio", CSAT_NO_ROW, "cost_ratio = %g is not > 0",
                         cost_ratio);
    if ((st = csat__check_real(err, "cost_ratio", cost_ratio)) != CSAT_OK)
        return st;
    if (!(clv_new > acquisition_cost))
        return csat__err(err, CSAT_EDOM, "clv_new", CSAT_NO_ROW,
                         "clv_new = %g is not above acquisition_cost = %g: no replacement pays",
                         clv_new, acquisition_cost);
    r.new_per_lost = clv_lost / (clv_new - acquisition_cost);
    r.replacement_cost = n_lost * r.new_per_lost * acquisition_cost;
    r.retention_cost = n_lost * acquisition_cost / cost_ratio;
    r.savings = r.replacement_cost - r.retention_cost;
    if (!isfinite(r.new_per_lost) || !isfinite(r.replacement_cost) || !isfinite(r.retention_cost)
        || !isfinite(r.savings))
        return csat__err(err, CSAT_EDOM, NULL, CSAT_NO_ROW, "the costs overflow a double");
    *out = r;
    return CSAT_OK;
}

csat_status csat_kpi_rates_from_counts(double start, double new_customers, double end,
                                       csat_kpi_rates *out, csat_error *err)
{
    csat_kpi_rates k;
    csat_status st;
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    if ((st = csat__check_amount(err, "start", start)) != CSAT_OK
        || (st = csat__check_amount(err, "new_customers", new_customers)) != CSAT_OK
        || (st = csat__check_amount(err, "end", end)) != CSAT_OK)
        return st;
    if (new_customers > end)
        return csat__err(err, CSAT_EINVAL, "new_customers", CSAT_NO_ROW,
                         "new_customers = %g exceeds end = %g", new_customers, end);
    if (end - new_customers > start)
        return csat__err(err, CSAT_EINVAL, "end", CSAT_NO_ROW,
                         "end - new_customers = %g exceeds start = %g (more retained than there were)",
                         end - new_customers, start);
    if (start == 0.0)
        return csat__err(err, CSAT_EEMPTY, "start", CSAT_NO_ROW,
                         "start = 0: no customers to retain");
    k.retention_rate = (end - new_customers) / start;
    k.churn_rate = 1.0 - k.retention_rate;
    k.acquisition_rate = new_customers / start;
    if (!isfinite(k.acquisition_rate))
        return csat__err(err, CSAT_EDOM, "new_customers", CSAT_NO_ROW,
                         "new_customers / start overflows a double");
    *out = k;
    return CSAT_OK;
}
