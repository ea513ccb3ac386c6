/* Zone of tolerance (docs/theory/servqual.rst, 4.4) and the services gap model (4.1). */
#include "core/internal.h"
#include "survey/sat_common.h"
#include "numerics/numerics.h"
#include "survey/servqual_layout.h"

#include <math.h>
#include <string.h>

static csat_zot_position position_of(double a, double d, double p)
{
    if (p < a)
        return CSAT_ZOT_BELOW;
    if (p > d)
        return CSAT_ZOT_ABOVE;
    return CSAT_ZOT_WITHIN;
}

static void fill_levels(csat_zot_result *r, double a, double d, double p)
{
    r->adequate = a;
    r->desired = d;
    r->perceived = p;
    r->width = d - a;
    r->msa = p - a;
    r->mss = p - d;
    r->position = position_of(a, d, p);
}

csat_status csat_zot_item(double adequate, double desired, double perceived,
                          const csat_scale *scale, csat_zot_result *out, csat_error *err)
{
    csat_zot_result r;
    csat_status st;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = csat__check_scale(err, "scale", scale)) != CSAT_OK)
        return st;
    if (!csat__scale_contains(scale, adequate))
        return csat__err(err, CSAT_EINVAL, "adequate", CSAT_NO_ROW,
                         "adequate = %g is off the scale [%g, %g]", adequate, scale->min, scale->max);
    if (!csat__scale_contains(scale, desired))
        return csat__err(err, CSAT_EINVAL, "desired", CSAT_NO_ROW,
                         "desired = %g is off the scale [%g, %g]", desired, scale->min, scale->max);
    if (!csat__scale_contains(scale, perceived))
        return csat__err(err, CSAT_EINVAL, "perceived", CSAT_NO_ROW,
                         "perceived = %g is off the scale [%g, %g]", perceived, scale->min,
                         scale->max);
    if (adequate > desired)
        return csat__err(err, CSAT_EINVAL, "adequate", CSAT_NO_ROW,
                         "adequate = %g exceeds desired = %g", adequate, desired);
    memset(&r, 0, sizeof r);
    fill_levels(&r, adequate, desired, perceived);
    r.n = 1;
    r.n_below = r.position == CSAT_ZOT_BELOW;
    r.n_within = r.position == CSAT_ZOT_WITHIN;
    r.n_above = r.position == CSAT_ZOT_ABOVE;
    *out = r;
    return CSAT_OK;
}

/* 1 missing, 0 usable, -1 invalid (off scale, NaN under ERROR, A > D). */
static int check_triple(const csat__servqual_layout *L, double a, double d, double p)
{
    if (isnan(a) || isnan(d) || isnan(p))
        return L->nan_policy == CSAT_NAN_SKIP ? 1 : -1;
    if (!csat__scale_contains(&L->scale, a) || !csat__scale_contains(&L->scale, d)
        || !csat__scale_contains(&L->scale, p) || a > d)
        return -1;
    return 0;
}

/* The error for the triple at element `at` that check_triple refused. */
static csat_status triple_error(const csat__servqual_layout *L, const double *A, const double *D,
                                const double *P, size_t at, csat_error *err)
{
    static const char *const name[3] = {"adequate", "desired", "perceived"};
    const double v[3] = {A[at], D[at], P[at]};
    for (int k = 0; k < 3; k++)
        if (!csat__scale_contains(&L->scale, v[k]))
            return csat__answer_error(err, name[k], at, v[k], &L->scale);
    return csat__err(err, CSAT_EINVAL, "adequate", at, "adequate[%zu] = %g exceeds desired[%zu] = %g",
                     at, v[0], at, v[1]);
}

csat_status csat_zot(const double *adequate, const double *desired, const double *perceived,
                     size_t n_respondents, size_t n_items, const csat_servqual_options *opts,
                     csat_zot_result *item_out, csat_zot_result *dim_out, csat_error *err)
{
    csat__servqual_layout L;
    csat_zot_result items[CSAT_SERVQUAL_MAX_ITEMS];
    csat__ksum sums[CSAT_SERVQUAL_MAX_ITEMS][3];
    size_t cells;
    csat_status st;
    csat__err_clear(err);

    if (adequate == NULL)
        return csat__err_null(err, "adequate");
    if (desired == NULL)
        return csat__err_null(err, "desired");
    if (perceived == NULL)
        return csat__err_null(err, "perceived");
    if (item_out == NULL)
        return csat__err_null(err, "item_out");
    if ((st = csat__servqual_resolve(opts, n_items, &L, err)) != CSAT_OK)
        return st;
    if (!csat__array_bytes_ok(n_respondents, n_items, sizeof(double)))
        return csat__err(err, CSAT_EINVAL, "n_respondents", CSAT_NO_ROW,
                         "n_respondents x n_items = %zu x %zu overflows the address space",
                         (size_t)(n_respondents), (size_t)(n_items));
    cells = n_respondents * n_items;
    if (cells == 0)
        return csat__err(err, CSAT_EEMPTY, "adequate", CSAT_NO_ROW,
                         "adequate has no answers (n_respondents = %zu, n_items = %zu)", n_respondents, n_items);

    /* One row-major sweep (cache-friendly for large surveys), sums per item. */
    memset(items, 0, n_items * sizeof items[0]);
    memset(sums, 0, n_items * sizeof sums[0]);
    for (size_t j = 0; j < n_respondents; j++) {
        const double *ar = adequate + j * n_items, *dr = desired + j * n_items,
                     *pr = perceived + j * n_items;
        for (size_t i = 0; i < n_items; i++) {
            csat_zot_result *r = &items[i];
            int c = check_triple(&L, ar[i], dr[i], pr[i]);
            if (c < 0)
                return triple_error(&L, adequate, desired, perceived, j * n_items + i, err);
            if (c > 0)
                continue;
            csat__ksum_add(&sums[i][0], ar[i]);
            csat__ksum_add(&sums[i][1], dr[i]);
            csat__ksum_add(&sums[i][2], pr[i]);
            switch (position_of(ar[i], dr[i], pr[i])) {
            case CSAT_ZOT_BELOW:
                r->n_below++;
                break;
            case CSAT_ZOT_ABOVE:
                r->n_above++;
                break;
            default:
                r->n_within++;
                break;
            }
            r->n++;
        }
    }
    for (size_t i = 0; i < n_items; i++) {
        double m = (double)items[i].n;
        if (items[i].n == 0)
            return csat__err(err, CSAT_EEMPTY, "adequate", CSAT_NO_ROW,
                             "item %zu of adequate, desired, perceived has no complete triple", i);
        fill_levels(&items[i], csat__ksum_value(&sums[i][0]) / m,
                    csat__ksum_value(&sums[i][1]) / m, csat__ksum_value(&sums[i][2]) / m);
    }

    memcpy(item_out, items, n_items * sizeof items[0]);
    if (dim_out == NULL)
        return CSAT_OK;
    for (size_t k = 0; k < L.n_dims; k++) {
        double a = 0.0, d = 0.0, p = 0.0;
        size_t m = 0;
        csat_zot_result r;
        memset(&r, 0, sizeof r);
        for (size_t i = 0; i < n_items; i++) {
            if (L.dim[i] != k)
                continue;
            a += items[i].adequate;
            d += items[i].desired;
            p += items[i].perceived;
            r.n_below += items[i].n_below;
            r.n_within += items[i].n_within;
            r.n_above += items[i].n_above;
            r.n += items[i].n;
            m++;
        }
        fill_levels(&r, a / (double)m, d / (double)m, p / (double)m);
        dim_out[k] = r;
    }
    return CSAT_OK;
}

csat_status csat_service_gaps(const double *expected, const double *management,
                              const double *specification, const double *delivered,
                              const double *communicated, const double *perceived, size_t n_items,
                              double mean_gap[CSAT_N_SERVICE_GAPS],
                              int available[CSAT_N_SERVICE_GAPS], double *item_gaps,
                              csat_error *err)
{
    /* Gap g = first[g] - second[g], signs as in PZB (1985); gap 5 is P - E. */
    const double *first[CSAT_N_SERVICE_GAPS] = {expected, management, specification, delivered,
                                                perceived};
    const double *second[CSAT_N_SERVICE_GAPS] = {management, specification, delivered,
                                                 communicated, expected};
    const double *all[6] = {expected, management, specification, delivered, communicated, perceived};
    static const char *const names[6] = {"expected",  "management",   "specification",
                                         "delivered", "communicated", "perceived"};
    double mean[CSAT_N_SERVICE_GAPS];
    int avail[CSAT_N_SERVICE_GAPS], any = 0;
    csat__err_clear(err);

    if (mean_gap == NULL)
        return csat__err_null(err, "mean_gap");
    if (available == NULL)
        return csat__err_null(err, "available");
    if (!csat__array_bytes_ok(n_items, 1, sizeof(double)))
        return csat__err_size(err, "n_items", n_items);
    if (item_gaps && !csat__array_bytes_ok(n_items, CSAT_N_SERVICE_GAPS, sizeof *item_gaps))
        return csat__err(err, CSAT_EINVAL, "n_items", CSAT_NO_ROW,
                         "n_items x CSAT_N_SERVICE_GAPS = %zu x %d overflows the address space",
                         n_items, CSAT_N_SERVICE_GAPS);
    if (n_items == 0)
        return csat__err(err, CSAT_EEMPTY, "n_items", CSAT_NO_ROW, "n_items = 0: no items");
    /* item means on a rating scale: within +-CSAT_SURVEY_SCALE_LIMIT, as
     * every scale end, so that no gap or sum overflows (1.7e308 - -1e308
     * gave a NaN mean with CSAT_OK) */
    for (int v = 0; v < 6; v++)
        if (all[v])
            for (size_t i = 0; i < n_items; i++)
                if (!(fabs(all[v][i]) <= CSAT_SURVEY_SCALE_LIMIT))
                    return csat__err(err, CSAT_EINVAL, names[v], i,
                                     "%s[%zu] = %g is not finite within +-1e100", names[v], i,
                                     all[v][i]);
    for (int g = 0; g < CSAT_N_SERVICE_GAPS; g++) {
        csat__ksum s = {0, 0};
        avail[g] = first[g] != NULL && second[g] != NULL;
        any |= avail[g];
        if (avail[g])
            for (size_t i = 0; i < n_items; i++)
                csat__ksum_add(&s, first[g][i] - second[g][i]);
        mean[g] = avail[g] ? csat__ksum_value(&s) / (double)n_items : 0.0;
    }
    if (!any)
        return csat__err(err, CSAT_EEMPTY, NULL, CSAT_NO_ROW,
                         "no gap has both of its columns (give at least one pair)");
    for (int g = 0; g < CSAT_N_SERVICE_GAPS; g++) {
        mean_gap[g] = mean[g];
        available[g] = avail[g];
        if (item_gaps)
            for (size_t i = 0; i < n_items; i++)
                item_gaps[i * CSAT_N_SERVICE_GAPS + g] = avail[g] ? first[g][i] - second[g][i] : 0.0;
    }
    return CSAT_OK;
}
