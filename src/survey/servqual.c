/* SERVQUAL scoring: item, dimension and overall gaps, unweighted and
 * importance-weighted, with standard errors (docs/theory/servqual.rst, 4.2-4.3). */
#include "core/internal.h"
#include "survey/sat_common.h"
#include "numerics/numerics.h"
#include "survey/servqual_layout.h"

#include <math.h>
#include <string.h>

static const size_t standard_map[CSAT_SERVQUAL_N_ITEMS] = {
    0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4};
static const unsigned char reverse_1988[CSAT_SERVQUAL_N_ITEMS] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1};
static const double pzb_weights[CSAT_SERVQUAL_N_DIMENSIONS] = {11, 32, 22, 19, 16};

csat_status csat_servqual_options_init(csat_servqual_options *opts, unsigned int version)
{
    const csat_servqual_options def = CSAT_SERVQUAL_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_SERVQUAL_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

csat_status csat_servqual_standard_map(size_t *map, size_t cap, csat_error *err)
{
    csat__err_clear(err);
    if (map == NULL)
        return csat__err_null(err, "map");
    if (!csat__array_bytes_ok(cap, 1, sizeof *map))
        return csat__err_size(err, "cap", cap);
    if (cap < CSAT_SERVQUAL_N_ITEMS)
        return csat__err(err, CSAT_EBUFSIZE, "cap", CSAT_NO_ROW, "cap = %zu is too small", cap);
    memcpy(map, standard_map, sizeof standard_map);
    return CSAT_OK;
}

csat_status csat_servqual_reverse_1988(unsigned char *flags, size_t cap, csat_error *err)
{
    csat__err_clear(err);
    if (flags == NULL)
        return csat__err_null(err, "flags");
    if (cap < CSAT_SERVQUAL_N_ITEMS)
        return csat__err(err, CSAT_EBUFSIZE, "cap", CSAT_NO_ROW, "cap = %zu is too small", cap);
    memcpy(flags, reverse_1988, sizeof reverse_1988);
    return CSAT_OK;
}

csat_status csat_servqual_pzb_weights(double *weights, size_t cap, csat_error *err)
{
    csat__err_clear(err);
    if (weights == NULL)
        return csat__err_null(err, "weights");
    if (!csat__array_bytes_ok(cap, 1, sizeof *weights))
        return csat__err_size(err, "cap", cap);
    if (cap < CSAT_SERVQUAL_N_DIMENSIONS)
        return csat__err(err, CSAT_EBUFSIZE, "cap", CSAT_NO_ROW, "cap = %zu is too small", cap);
    memcpy(weights, pzb_weights, sizeof pzb_weights);
    return CSAT_OK;
}

csat_status csat__servqual_resolve(const csat_servqual_options *in, size_t n_items,
                                  csat__servqual_layout *L, csat_error *err)
{
    const csat_servqual_options def = CSAT_SERVQUAL_OPTIONS_INIT;
    const csat_servqual_options *o = in ? in : &def;
    size_t per_dim[CSAT_SERVQUAL_MAX_DIMENSIONS] = {0};
    if (!csat__version_ok(o->version, CSAT_SERVQUAL_OPTIONS_VERSION))
        return csat__check_version(err, o->version, CSAT_SERVQUAL_OPTIONS_VERSION);
    if (csat__survey_scale_check(&o->scale) != CSAT_OK)
        return csat__check_scale(err, "opts->scale", &o->scale);
    if (!csat__nan_policy_ok(o->nan_policy))
        return csat__err(err, CSAT_EINVAL, "opts->nan_policy", CSAT_NO_ROW,
                         "opts->nan_policy = %d is not a csat_nan_policy", (int)o->nan_policy);
    if (o->n_dimensions == 0 || o->n_dimensions > CSAT_SERVQUAL_MAX_DIMENSIONS)
        return csat__err(err, CSAT_EINVAL, "opts->n_dimensions", CSAT_NO_ROW,
                         "opts->n_dimensions = %zu is not in 1..%d", (size_t)o->n_dimensions,
                         CSAT_SERVQUAL_MAX_DIMENSIONS);
    if (n_items > CSAT_SERVQUAL_MAX_ITEMS)
        return csat__err(err, CSAT_EINVAL, "n_items", CSAT_NO_ROW, "n_items = %zu exceeds %d",
                         n_items, CSAT_SERVQUAL_MAX_ITEMS);
    if (o->item_dimension == NULL
        && (n_items != CSAT_SERVQUAL_N_ITEMS || o->n_dimensions != CSAT_SERVQUAL_N_DIMENSIONS))
        return csat__err(err, CSAT_EINVAL, "opts->item_dimension", CSAT_NO_ROW,
                         "opts->item_dimension is NULL (the standard 22-item map) but n_items = "
                         "%zu and opts->n_dimensions = %zu",
                         n_items, (size_t)o->n_dimensions);
    L->scale = o->scale;
    L->nan_policy = o->nan_policy;
    L->n_dims = o->n_dimensions;
    L->n_items = n_items;
    for (size_t i = 0; i < n_items; i++) {
        size_t k = o->item_dimension ? o->item_dimension[i] : standard_map[i];
        if (k >= L->n_dims)
            return csat__err(err, CSAT_EINVAL, "opts->item_dimension", i,
                             "opts->item_dimension[%zu] = %zu is not below opts->n_dimensions = %zu",
                             i, k, L->n_dims);
        L->dim[i] = k;
        /* A reversed scale and a reverse-worded item cancel out. */
        L->mirror[i] = (unsigned char)((o->scale.reversed != 0)
                                       ^ (o->reversed_items != NULL && o->reversed_items[i] != 0));
        per_dim[k]++;
    }
    /* Every dimension needs an item, or its gap would be 0/0. */
    for (size_t k = 0; k < L->n_dims; k++)
        if (per_dim[k] == 0)
            return csat__err(err, CSAT_EINVAL, "opts->item_dimension", CSAT_NO_ROW,
                             "dimension %zu has no item in opts->item_dimension", k);
    return CSAT_OK;
}

/* Welford accumulator: mean and sum of squared deviations. */
typedef struct welford {
    double mean, m2;
    size_t n;
} welford;

static void welford_add(welford *w, double x)
{
    double d = x - w->mean;
    w->n++;
    w->mean += d / (double)w->n;
    w->m2 += d * (x - w->mean);
}

static double welford_se(const welford *w)
{
    if (w->n < 2)
        return 0.0;
    return sqrt(w->m2 / (double)(w->n - 1) / (double)w->n);
}

/* 1 if the answer is missing, 0 if usable, -1 if invalid. */
static int classify_answer(const csat__servqual_layout *L, double x)
{
    if (isnan(x))
        return L->nan_policy == CSAT_NAN_SKIP ? 1 : -1;
    return csat__scale_contains(&L->scale, x) ? 0 : -1;
}

static double oriented(const csat__servqual_layout *L, size_t i, double x)
{
    return L->mirror[i] ? L->scale.min + L->scale.max - x : x;
}

/* Validation pass: answers, weights, and that every item has an answered pair. */
static csat_status check_survey(const csat__servqual_layout *L, const double *P, const double *E,
                                size_t n_resp, const double *W, csat_error *err)
{
    size_t answered[CSAT_SERVQUAL_MAX_ITEMS] = {0};
    const size_t ni = L->n_items, nd = L->n_dims;
    for (size_t j = 0; j < n_resp; j++) {
        const double *p = P + j * ni, *e = E ? E + j * ni : NULL;
        for (size_t i = 0; i < ni; i++) {
            int cp = classify_answer(L, p[i]), ce = e ? classify_answer(L, e[i]) : 0;
            if (cp < 0)
                return csat__answer_error(err, "perceived", j * ni + i, p[i], &L->scale);
            if (ce < 0)
                return csat__answer_error(err, "expected", j * ni + i, e[i], &L->scale);
            answered[i] += (cp == 0 && ce == 0);
        }
        if (W != NULL) {
            const double *w = W + j * nd;
            double s = 0.0;
            size_t k = csat__first_not_nonneg(w, nd);
            if (k != nd)
                return csat__err(err, CSAT_EINVAL, "weights", j * nd + k,
                                 "weights[%zu] = %g (respondent %zu) is not finite and >= 0",
                                 j * nd + k, w[k], j);
            for (k = 0; k < nd; k++)
                s += w[k];
            if (!(s > 0.0) || !isfinite(s))
                return csat__err(err, CSAT_EINVAL, "weights", j * nd,
                                 "weights of respondent %zu sum to %g, not a positive finite number",
                                 j, s);
        }
    }
    for (size_t i = 0; i < ni; i++)
        if (answered[i] == 0)
            return csat__err(err, CSAT_EEMPTY, "perceived", CSAT_NO_ROW,
                             "item %zu of perceived has no answered pair", i);
    return CSAT_OK;
}

csat_status csat_servqual(const double *perceived, const double *expected, size_t n_respondents,
                          size_t n_items, const double *weights, const csat_servqual_options *opts,
                          double *item_gap, double *item_se, double *dim_gap, double *dim_se,
                          double *respondent_gap, double *respondent_weighted,
                          csat_servqual_result *out, csat_error *err)
{
    csat__servqual_layout L;
    welford items[CSAT_SERVQUAL_MAX_ITEMS], dims[CSAT_SERVQUAL_MAX_DIMENSIONS];
    welford overall = {0, 0, 0}, weighted = {0, 0, 0};
    csat_servqual_result r;
    csat_status st;
    csat__err_clear(err);

    if (perceived == NULL)
        return csat__err_null(err, "perceived");
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = csat__servqual_resolve(opts, n_items, &L, err)) != CSAT_OK)
        return st;
    /* n_dimensions <= n_items: the answer matrices are the largest arrays */
    if (!csat__array_bytes_ok(n_respondents, n_items, sizeof(double)))
        return csat__err(err, CSAT_EINVAL, "n_respondents", CSAT_NO_ROW,
                         "n_respondents x n_items = %zu x %zu overflows the address space",
                         (size_t)(n_respondents), (size_t)(n_items));
    if (n_respondents == 0)
        return csat__err(err, CSAT_EEMPTY, "n_respondents", CSAT_NO_ROW,
                         "n_respondents = 0: no answers");
    if (n_items == 0)
        return csat__err(err, CSAT_EEMPTY, "n_items", CSAT_NO_ROW, "n_items = 0: no items");
    if ((st = check_survey(&L, perceived, expected, n_respondents, weights, err)) != CSAT_OK)
        return st;

    memset(items, 0, sizeof items);
    memset(dims, 0, sizeof dims);
    memset(&r, 0, sizeof r);
    for (size_t j = 0; j < n_respondents; j++) {
        const double *p = perceived + j * n_items, *e = expected ? expected + j * n_items : NULL;
        double ds[CSAT_SERVQUAL_MAX_DIMENSIONS] = {0};
        size_t dc[CSAT_SERVQUAL_MAX_DIMENSIONS] = {0};
        double sum_g = 0.0, sum_wg = 0.0, sum_w = 0.0;
        const double *wj = weights ? weights + j * L.n_dims : NULL;
        size_t n_dims_answered = 0;
        for (size_t i = 0; i < n_items; i++) {
            double g;
            if (isnan(p[i]) || (e && isnan(e[i]))) {
                r.n_skipped++;
                continue;
            }
            g = oriented(&L, i, p[i]) - (e ? oriented(&L, i, e[i]) : 0.0);
            welford_add(&items[i], g);
            ds[L.dim[i]] += g;
            dc[L.dim[i]]++;
        }
        /* The answered dimensions' weight first, so each weight enters as a
         * share <= 1 (raw allocations times gaps could overflow). */
        for (size_t k = 0; wj && k < L.n_dims; k++)
            if (dc[k] > 0)
                sum_w += wj[k];
        for (size_t k = 0; k < L.n_dims; k++) {
            double gk;
            if (dc[k] == 0)
                continue;
            gk = ds[k] / (double)dc[k];
            welford_add(&dims[k], gk);
            sum_g += gk;
            n_dims_answered++;
            if (wj && sum_w > 0.0)
                sum_wg += wj[k] / sum_w * gk;
        }
        if (n_dims_answered == 0) {
            if (respondent_gap)
                respondent_gap[j] = 0.0;
            if (respondent_weighted)
                respondent_weighted[j] = 0.0;
            continue;
        }
        r.n_respondents++;
        if (n_dims_answered == L.n_dims) {
            r.n_complete++;
            welford_add(&overall, sum_g / (double)L.n_dims);
        }
        if (respondent_gap)
            respondent_gap[j] = sum_g / (double)n_dims_answered;
        if (wj && sum_w > 0.0)
            welford_add(&weighted, sum_wg);
        if (respondent_weighted)
            respondent_weighted[j] = wj && sum_w > 0.0 ? sum_wg : 0.0;
    }

    {
        csat__ksum s = {0, 0};
        for (size_t k = 0; k < L.n_dims; k++)
            csat__ksum_add(&s, dims[k].mean);
        r.overall = csat__ksum_value(&s) / (double)L.n_dims;
    }
    r.overall_se = welford_se(&overall);
    r.weighted = weighted.mean;
    r.weighted_se = welford_se(&weighted);
    for (size_t i = 0; i < n_items; i++) {
        if (item_gap)
            item_gap[i] = items[i].mean;
        if (item_se)
            item_se[i] = welford_se(&items[i]);
    }
    for (size_t k = 0; k < L.n_dims; k++) {
        if (dim_gap)
            dim_gap[k] = dims[k].mean;
        if (dim_se)
            dim_se[k] = welford_se(&dims[k]);
    }
    *out = r;
    return CSAT_OK;
}

csat_status csat_servqual_combine(const double *dim_gap, const double *weights, size_t n_dimensions,
                                  double *out, csat_error *err)
{
    csat__ksum s = {0, 0}, sw = {0, 0};
    double total, wmax = 0.0;
    csat_status st;
    csat__err_clear(err);
    if (dim_gap == NULL)
        return csat__err_null(err, "dim_gap");
    if (out == NULL)
        return csat__err_null(err, "out");
    if (!csat__array_bytes_ok(n_dimensions, 1, sizeof(double)))
        return csat__err_size(err, "n_dimensions", n_dimensions);
    if (n_dimensions == 0)
        return csat__err(err, CSAT_EEMPTY, "n_dimensions", CSAT_NO_ROW,
                         "n_dimensions = 0: no dimensions");
    if ((st = csat__check_finite(err, "dim_gap", dim_gap, n_dimensions)) != CSAT_OK)
        return st;
    if (weights && (st = csat__check_nonneg(err, "weights", weights, n_dimensions)) != CSAT_OK)
        return st;
    /* the weights scaled by the largest, then normalised: the result is a
     * convex combination of the gaps, so neither w * gap nor the sums can
     * overflow (weights near 1e308 gave Inf - Inf = NaN) */
    for (size_t k = 0; k < n_dimensions; k++)
        wmax = fmax(wmax, weights ? weights[k] : 1.0);
    if (!(wmax > 0.0))
        return csat__err(err, CSAT_EINVAL, "weights", CSAT_NO_ROW, "weights sum to 0");
    for (size_t k = 0; k < n_dimensions; k++)
        csat__ksum_add(&sw, (weights ? weights[k] : 1.0) / wmax);
    total = csat__ksum_value(&sw);
    for (size_t k = 0; k < n_dimensions; k++)
        csat__ksum_add(&s, ((weights ? weights[k] : 1.0) / wmax / total) * dim_gap[k]);
    *out = csat__ksum_value(&s);
    return CSAT_OK;
}
