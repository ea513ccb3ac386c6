/* Satisfaction -> retention table and the complaint iceberg (TARP)
 * arithmetic (docs/theory/loyalty.rst, 7.5, 8.1). Every constant is a parameter. */
#include "numerics/numerics.h"
#include "survey/sat_common.h"

#include <string.h>

/* Source: the theory's text ("very satisfied 92-97% retained after a year",
 * ...); the primary source was not located (docs/theory/loyalty.rst, 7.5). */
static const csat_satisfaction_retention_row default_table[5] = {
    {5.0, 0.92, 0.97}, {4.0, 0.80, 0.85}, {3.0, 0.60, 0.65}, {2.0, 0.15, 0.20}, {1.0, 0.00, 0.05}};

csat_status csat_satisfaction_retention_table(csat_satisfaction_retention_row *rows, size_t cap,
                                              csat_error *err)
{
    csat__err_clear(err);
    if (rows == NULL)
        return csat__err_null(err, "rows");
    if (!csat__array_bytes_ok(cap, 1, sizeof *rows))
        return csat__err_size(err, "cap", cap);
    if (cap < 5)
        return csat__err(err, CSAT_EBUFSIZE, "cap", CSAT_NO_ROW, "cap = %zu is too small", cap);
    memcpy(rows, default_table, sizeof default_table);
    return CSAT_OK;
}

static csat_status table_check(const csat_satisfaction_retention_row *rows, size_t n,
                               csat_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const csat_satisfaction_retention_row *r = &rows[i];
        if (!isfinite(r->rating) || !(r->low >= 0.0 && r->low <= r->high && r->high <= 1.0))
            return csat__err(err, CSAT_EINVAL, "rows", i,
                             "rows[%zu] = {%g, %g, %g}: need a finite rating and 0 <= low <= high "
                             "<= 1",
                             i, r->rating, r->low, r->high);
        for (size_t j = 0; j < i; j++)
            if (rows[j].rating == r->rating)
                return csat__err(err, CSAT_EINVAL, "rows", i,
                                 "rows[%zu].rating = %g repeats rows[%zu].rating", i, r->rating, j);
    }
    return CSAT_OK;
}

static const csat_satisfaction_retention_row *find_row(const csat_satisfaction_retention_row *rows,
                                                       size_t n, double rating)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].rating == rating)
            return &rows[i];
    return NULL;
}

csat_status csat_satisfaction_retention_forecast(const double *ratings, const double *counts,
                                                 size_t n_ratings,
                                                 const csat_satisfaction_retention_row *rows,
                                                 size_t n_rows, double revenue_per_customer,
                                                 csat_satisfaction_retention_result *out,
                                                 csat_error *err)
{
    csat__ksum c = {0, 0}, lo = {0, 0}, hi = {0, 0};
    csat_satisfaction_retention_result r;
    csat_status st;
    csat__err_clear(err);
    if (rows == NULL) {
        rows = default_table;
        n_rows = 5;
    }
    if (!csat__array_bytes_ok(n_ratings, 1, sizeof(double)))
        return csat__err_size(err, "n_ratings", n_ratings);
    if (!csat__array_bytes_ok(n_rows, 1, sizeof *rows))
        return csat__err_size(err, "n_rows", n_rows);
    if (ratings == NULL)
        return csat__err_null(err, "ratings");
    if (counts == NULL)
        return csat__err_null(err, "counts");
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = table_check(rows, n_rows, err)) != CSAT_OK
        || (st = csat__check_amount(err, "revenue_per_customer", revenue_per_customer)) != CSAT_OK
        || (st = csat__check_nonneg(err, "counts", counts, n_ratings)) != CSAT_OK)
        return st;
    if (n_ratings == 0)
        return csat__err(err, CSAT_EEMPTY, "n_ratings", CSAT_NO_ROW, "n_ratings = 0: no ratings");
    if (n_rows == 0)
        return csat__err(err, CSAT_EEMPTY, "n_rows", CSAT_NO_ROW, "n_rows = 0: an empty table");
    for (size_t i = 0; i < n_ratings; i++)
        if (find_row(rows, n_rows, ratings[i]) == NULL)
            return csat__err(err, CSAT_EINVAL, "ratings", i,
                             "ratings[%zu] = %g has no row in rows", i, ratings[i]);
    for (size_t i = 0; i < n_ratings; i++) {
        const csat_satisfaction_retention_row *row = find_row(rows, n_rows, ratings[i]);
        csat__ksum_add(&c, counts[i]);
        csat__ksum_add(&lo, counts[i] * row->low);
        csat__ksum_add(&hi, counts[i] * row->high);
    }
    r.customers = csat__ksum_value(&c);
    r.retained_low = csat__ksum_value(&lo);
    r.retained_high = csat__ksum_value(&hi);
    r.retained_mid = 0.5 * r.retained_low + 0.5 * r.retained_high; /* no overflow near DBL_MAX */
    r.revenue_low = r.retained_low * revenue_per_customer;
    r.revenue_mid = r.retained_mid * revenue_per_customer;
    r.revenue_high = r.retained_high * revenue_per_customer;
    {
        const double all[7] = {r.customers,   r.retained_low, r.retained_mid, r.retained_high,
                               r.revenue_low, r.revenue_mid,  r.revenue_high};
        if (csat__first_nonfinite(all, 7) != 7)
            return csat__err(err, CSAT_EDOM, "counts", CSAT_NO_ROW,
                             "the totals overflow a double (counts or revenue too large)");
    }
    *out = r;
    return CSAT_OK;
}

csat_status csat_iceberg_options_init(csat_iceberg_options *opts, unsigned int version)
{
    const csat_iceberg_options def = CSAT_ICEBERG_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_ICEBERG_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

static int share_ok(double x)
{
    return x >= 0.0 && x <= 1.0; /* false for NaN */
}

csat_status csat_iceberg(double complaints, double revenue_per_customer, double acquisition_cost,
                         const csat_iceberg_options *opts, csat_iceberg_result *out,
                         csat_error *err)
{
    const csat_iceberg_options def = CSAT_ICEBERG_OPTIONS_INIT;
    const csat_iceberg_options *o = opts ? opts : &def;
    csat_iceberg_result r;
    csat_status st;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = csat__check_version(err, o->version, CSAT_ICEBERG_OPTIONS_VERSION)) != CSAT_OK)
        return st;
    if ((st = csat__check_amount(err, "complaints", complaints)) != CSAT_OK
        || (st = csat__check_amount(err, "revenue_per_customer", revenue_per_customer)) != CSAT_OK
        || (st = csat__check_amount(err, "acquisition_cost", acquisition_cost)) != CSAT_OK)
        return st;
    if (!(share_ok(o->complain_share) && o->complain_share > 0.0))
        return csat__err(err, CSAT_EINVAL, "opts->complain_share", CSAT_NO_ROW,
                         "opts->complain_share = %g is not in (0, 1]", o->complain_share);
    if (!share_ok(o->silent_lost_share))
        return csat__err(err, CSAT_EINVAL, "opts->silent_lost_share", CSAT_NO_ROW,
                         "opts->silent_lost_share = %g is not in [0, 1]", o->silent_lost_share);
    if (!(isfinite(o->people_told) && o->people_told >= 0.0))
        return csat__err(err, CSAT_EINVAL, "opts->people_told", CSAT_NO_ROW,
                         "opts->people_told = %g is not finite and >= 0", o->people_told);
    if (!(isfinite(o->acquisition_ratio) && o->acquisition_ratio > 0.0))
        return csat__err(err, CSAT_EINVAL, "opts->acquisition_ratio", CSAT_NO_ROW,
                         "opts->acquisition_ratio = %g is not finite and > 0", o->acquisition_ratio);
    r.dissatisfied = complaints / o->complain_share;
    r.silent = r.dissatisfied - complaints;
    r.lost = o->silent_lost_share * r.silent;
    r.word_of_mouth = o->people_told * r.dissatisfied;
    r.revenue_at_risk = r.lost * revenue_per_customer;
    r.replacement_cost = r.lost * acquisition_cost;
    r.retention_cost = r.replacement_cost / o->acquisition_ratio;
    {
        const double all[7] = {r.dissatisfied,    r.silent,           r.lost,
                               r.word_of_mouth,   r.revenue_at_risk,  r.replacement_cost,
                               r.retention_cost};
        if (csat__first_nonfinite(all, 7) != 7)
            return csat__err(err, CSAT_EDOM, "complaints", CSAT_NO_ROW,
                             "the estimates overflow a double (complaints = %g)", complaints);
    }
    *out = r;
    return CSAT_OK;
}
