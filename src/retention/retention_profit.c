/* The retention-profit chain (Reichheld & Sasser 1990): a customer's yearly
 * profit as base profit + growth + cost savings + referrals + price premium,
 * less the acquisition cost in year 0; value across retention rates and the
 * profit gain from a retention improvement (docs/theory/loyalty_economics.rst, 25.5). */
#include "core/internal.h"

#include <math.h>
#include <string.h>

static csat_status check_chain(const double *drivers, size_t n_years, double acquisition_cost,
                               double discount, unsigned int horizon, csat_error *err)
{
    csat_status st;
    if (!drivers)
        return csat__err_null(err, "drivers");
    if (!csat__array_bytes_ok(n_years, CSAT_PROFIT_N_DRIVERS, sizeof(double)))
        return csat__err_size(err, "n_years", n_years);
    if (n_years == 0)
        return csat__err(err, CSAT_EEMPTY, "n_years", CSAT_NO_ROW, "n_years is 0");
    if ((st = csat__check_finite(err, "drivers", drivers, n_years * CSAT_PROFIT_N_DRIVERS))
        != CSAT_OK)
        return st;
    if ((st = csat__check_amount(err, "acquisition_cost", acquisition_cost)) != CSAT_OK
        || (st = csat__check_amount(err, "discount", discount)) != CSAT_OK)
        return st;
    if (horizon < 1 || horizon > CSAT_PROFIT_MAX_HORIZON)
        return csat__err(err, CSAT_EINVAL, "horizon", CSAT_NO_ROW,
                         "horizon = %u is outside [1, %u]", horizon, CSAT_PROFIT_MAX_HORIZON);
    return CSAT_OK;
}

static csat_status check_retention(double r, const char *name, size_t row, csat_error *err)
{
    if (!(r >= 0.0 && r <= 1.0))
        return csat__err(err, CSAT_EINVAL, name, row, "%s = %g is outside [0, 1]", name, r);
    return CSAT_OK;
}

/* The chain at retention r (arguments checked). CSAT_EDOM if a sum overflows. */
static csat_status chain(const double *drivers, size_t n_years, double acquisition_cost,
                         double r, double d, unsigned int horizon, csat_retention_profit *out)
{
    csat_retention_profit v;
    double surv = 1.0, disc = 1.0, cum = -acquisition_cost;
    memset(&v, 0, sizeof v);
    for (unsigned int t = 1; t <= horizon; t++) {
        const double *row = drivers + ((size_t)t <= n_years ? (size_t)t - 1 : n_years - 1)
                                          * CSAT_PROFIT_N_DRIVERS;
        double pi = 0.0;
        disc /= 1.0 + d;
        for (size_t k = 0; k < CSAT_PROFIT_N_DRIVERS; k++) {
            v.drivers[k] += surv * disc * row[k];
            pi += row[k];
        }
        v.expected_years += surv;
        v.undiscounted += surv * pi;
        cum += pi;
        if (v.breakeven_year == 0.0 && cum >= 0.0)
            v.breakeven_year = (double)t;
        surv *= r;
    }
    for (size_t k = 0; k < CSAT_PROFIT_N_DRIVERS; k++)
        v.profit += v.drivers[k];
    v.value = v.profit - acquisition_cost;
    v.undiscounted -= acquisition_cost;
    if (!isfinite(v.value) || !isfinite(v.undiscounted) || !isfinite(v.profit))
        return CSAT_EDOM;
    for (size_t k = 0; k < CSAT_PROFIT_N_DRIVERS; k++)
        if (!isfinite(v.drivers[k]))
            return CSAT_EDOM;
    *out = v;
    return CSAT_OK;
}

csat_status csat_retention_profit_value(const double *drivers, size_t n_years,
                                        double acquisition_cost, double retention, double discount,
                                        unsigned int horizon, csat_retention_profit *out,
                                        csat_error *err)
{
    csat_status st;
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    if ((st = check_chain(drivers, n_years, acquisition_cost, discount, horizon, err)) != CSAT_OK
        || (st = check_retention(retention, "retention", CSAT_NO_ROW, err)) != CSAT_OK)
        return st;
    if (chain(drivers, n_years, acquisition_cost, retention, discount, horizon, out) != CSAT_OK)
        return csat__err(err, CSAT_EDOM, "drivers", CSAT_NO_ROW,
                         "the discounted profit overflows the double range");
    return CSAT_OK;
}

csat_status csat_retention_profit_table(const double *drivers, size_t n_years,
                                        double acquisition_cost, const double *retention,
                                        size_t n_rates, double base_retention, double discount,
                                        unsigned int horizon, double *value, double *gain,
                                        csat_error *err)
{
    csat_retention_profit base, v;
    csat_status st;
    csat__err_clear(err);
    if (!retention)
        return csat__err_null(err, "retention");
    if (!csat__array_bytes_ok(n_rates, 1, sizeof(double)))
        return csat__err_size(err, "n_rates", n_rates);
    if ((st = check_chain(drivers, n_years, acquisition_cost, discount, horizon, err)) != CSAT_OK)
        return st;
    if (n_rates == 0)
        return csat__err(err, CSAT_EEMPTY, "n_rates", CSAT_NO_ROW, "n_rates is 0");
    if ((st = check_retention(base_retention, "base_retention", CSAT_NO_ROW, err)) != CSAT_OK)
        return st;
    for (size_t k = 0; k < n_rates; k++)
        if ((st = check_retention(retention[k], "retention", k, err)) != CSAT_OK)
            return st;
    if (chain(drivers, n_years, acquisition_cost, base_retention, discount, horizon, &base)
        != CSAT_OK)
        return csat__err(err, CSAT_EDOM, "drivers", CSAT_NO_ROW,
                         "the discounted profit overflows the double range");
    if (gain && !(base.value > 0.0))
        return csat__err(err, CSAT_EDOM, "base_retention", CSAT_NO_ROW,
                         "the value at base_retention = %g is %g, not > 0: no relative gain",
                         base_retention, base.value);
    /* check every rate first, so that nothing is written on error */
    for (size_t k = 0; k < n_rates; k++) {
        if (chain(drivers, n_years, acquisition_cost, retention[k], discount, horizon, &v)
            != CSAT_OK)
            return csat__err(err, CSAT_EDOM, "retention", k,
                             "the discounted profit at retention[%zu] overflows", k);
        if (gain && !isfinite(v.value / base.value - 1.0))
            return csat__err(err, CSAT_EDOM, "retention", k,
                             "the gain at retention[%zu] overflows", k);
    }
    for (size_t k = 0; k < n_rates; k++) {
        chain(drivers, n_years, acquisition_cost, retention[k], discount, horizon, &v);
        if (value)
            value[k] = v.value;
        if (gain)
            gain[k] = v.value / base.value - 1.0;
    }
    return CSAT_OK;
}
