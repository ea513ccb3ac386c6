/*
 * Value tiers on frequency x amount (docs/theory/segmentation.rst, 11.4) and the customer
 * pyramid (11.2). Both are rules over caller columns with every cut-off a
 * parameter; the defaults are the conventions in docs/theory/segmentation.rst, 11.4.
 */
#include "numerics/numerics.h"
#include "segments/segmentation.h"

#include <math.h>

csat_status csat_value_tier_options_init(csat_value_tier_options *opts, unsigned int version)
{
    csat_value_tier_options d = CSAT_VALUE_TIER_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_VALUE_TIER_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = d;
    opts->version = version;
    return CSAT_OK;
}

static int all_equal(const double *x, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (x[i] != x[0])
            return 0;
    return 1;
}

/* Type-7 median through the radix selection. */
static double median(const double *x, size_t n, void *scratch)
{
    size_t rank[2];
    double v[2], idx = 0.5 * (double)(n - 1);
    rank[0] = (size_t)floor(idx);
    rank[1] = (size_t)ceil(idx);
    csat__select_ranks(x, n, rank, 2, v, scratch);
    return csat__quantile7_combine(v[0], v[1], idx - floor(idx));
}

csat_status csat_value_tiers(const double *frequency, const double *amount, size_t n,
                             const csat_value_tier_options *opts, const csat_allocator *alloc, int *tier,
                             double *cuts, size_t *counts, csat_error *err)
{
    csat_value_tier_options o = CSAT_VALUE_TIER_OPTIONS_INIT;
    size_t cnt[4] = {0, 0, 0, 0};
    csat_status st;
    double fc, ac;
    int mixed_hf, mixed_hm;
    csat__err_clear(err);

    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_VALUE_TIER_OPTIONS_VERSION))
            return csat__check_version(err, opts->version, CSAT_VALUE_TIER_OPTIONS_VERSION);
        o = *opts;
    }
    if (!frequency)
        return csat__err_null(err, "frequency");
    if (!amount)
        return csat__err_null(err, "amount");
    if (!tier)
        return csat__err_null(err, "tier");
    if (!csat__array_bytes_ok(n, 1, sizeof *frequency))
        return csat__err_size(err, "n", n);
    if (!isnan(o.frequency_cut) && !isfinite(o.frequency_cut))
        return csat__err(err, CSAT_EINVAL, "opts->frequency_cut", CSAT_NO_ROW,
                         "opts->frequency_cut = %g is infinite (NaN: the median)", o.frequency_cut);
    if (!isnan(o.amount_cut) && !isfinite(o.amount_cut))
        return csat__err(err, CSAT_EINVAL, "opts->amount_cut", CSAT_NO_ROW,
                         "opts->amount_cut = %g is infinite (NaN: the median)", o.amount_cut);
    if (o.potential_high_amount != 0 && o.potential_high_amount != 1)
        return csat__err(err, CSAT_EINVAL, "opts->potential_high_amount", CSAT_NO_ROW,
                         "opts->potential_high_amount = %d is not 0 or 1",
                         (int)o.potential_high_amount);
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no customers");
    if ((st = csat__check_nonneg(err, "frequency", frequency, n)) != CSAT_OK
        || (st = csat__check_nonneg(err, "amount", amount, n)) != CSAT_OK)
        return st;
    fc = o.frequency_cut;
    ac = o.amount_cut;
    /* A median cut of a constant column would put everyone on one side. */
    if (isnan(fc) && all_equal(frequency, n))
        return csat__err(err, CSAT_EDOM, "frequency", CSAT_NO_ROW,
                         "every frequency is %g: a median cut is undefined", frequency[0]);
    if (isnan(ac) && all_equal(amount, n))
        return csat__err(err, CSAT_EDOM, "amount", CSAT_NO_ROW,
                         "every amount is %g: a median cut is undefined", amount[0]);
    if (isnan(fc) || isnan(ac)) {
        csat_allocator a;
        void *scratch;
        if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
            return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                             "alloc lacks malloc_fn or free_fn");
        scratch = csat__malloc(&a, csat__select_scratch_bytes());
        if (scratch == NULL)
            return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW,
                             "out of memory for the selection scratch");
        if (isnan(fc))
            fc = median(frequency, n, scratch);
        if (isnan(ac))
            ac = median(amount, n, scratch);
        csat__free(&a, scratch);
    }
    mixed_hm = o.potential_high_amount ? CSAT_TIER_POTENTIAL : CSAT_TIER_GENERAL; /* low F, high M */
    mixed_hf = o.potential_high_amount ? CSAT_TIER_GENERAL : CSAT_TIER_POTENTIAL; /* high F, low M */
    for (size_t i = 0; i < n; i++) {
        int hf = frequency[i] > fc, hm = amount[i] > ac;
        int t = hf && hm ? CSAT_TIER_HIGH_VALUE : hf ? mixed_hf : hm ? mixed_hm : CSAT_TIER_LOW_VALUE;
        tier[i] = t;
        cnt[t]++;
    }
    if (cuts) {
        cuts[0] = fc;
        cuts[1] = ac;
    }
    if (counts)
        for (int t = 0; t < 4; t++)
            counts[t] = cnt[t];
    return CSAT_OK;
}

csat_status csat_pyramid_options_init(csat_pyramid_options *opts, unsigned int version)
{
    csat_pyramid_options d = CSAT_PYRAMID_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_PYRAMID_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = d;
    opts->version = version;
    return CSAT_OK;
}

csat_status csat_pyramid(const double *profit, size_t n, const csat_pyramid_options *opts,
                         const csat_allocator *alloc, int *tier, size_t *counts, csat_error *err)
{
    csat_pyramid_options o = CSAT_PYRAMID_OPTIONS_INIT;
    csat_allocator a;
    csat__ranked *r;
    csat__ksum tot = {0.0, 0.0}, before = {0.0, 0.0};
    size_t m = 0, cnt[4] = {0, 0, 0, 0};
    double total;
    csat_status st;
    csat__err_clear(err);

    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_PYRAMID_OPTIONS_VERSION))
            return csat__check_version(err, opts->version, CSAT_PYRAMID_OPTIONS_VERSION);
        o = *opts;
    }
    if (!profit)
        return csat__err_null(err, "profit");
    if (!tier)
        return csat__err_null(err, "tier");
    if (!csat__array_bytes_ok(n, 1, sizeof *profit))
        return csat__err_size(err, "n", n);
    if (o.rule != CSAT_PYRAMID_RANK && o.rule != CSAT_PYRAMID_PROFIT_SHARE)
        return csat__err(err, CSAT_EINVAL, "opts->rule", CSAT_NO_ROW,
                         "opts->rule = %d is not a csat_pyramid_rule", (int)o.rule);
    if (!(o.platinum > 0.0 && o.platinum <= o.gold && o.gold <= 1.0))
        return csat__err(err, CSAT_EINVAL, "opts->platinum", CSAT_NO_ROW,
                         "opts->platinum = %g, opts->gold = %g: need 0 < platinum <= gold <= 1",
                         o.platinum, o.gold);
    if (!isfinite(o.lead_below))
        return csat__err(err, CSAT_EINVAL, "opts->lead_below", CSAT_NO_ROW,
                         "opts->lead_below = %g is not finite", o.lead_below);
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no customers");
    if ((st = csat__check_finite(err, "profit", profit, n)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if (profit[i] >= o.lead_below) {
            m++;
            csat__ksum_add(&tot, profit[i]);
        }
    total = csat__ksum_value(&tot);
    if (o.rule == CSAT_PYRAMID_PROFIT_SHARE && m > 0 && !(total > 0.0))
        return csat__err(err, CSAT_EDOM, "profit", CSAT_NO_ROW,
                         "profits of the customers at or above opts->lead_below sum to %g: "
                         "profit shares need a positive total",
                         total);
    {
        /* Equal profits cannot be ranked into tiers (ties are never split). */
        size_t first = 0, distinct = 0;
        while (first < n && profit[first] < o.lead_below)
            first++;
        for (size_t i = first; i < n && !distinct; i++)
            distinct = profit[i] >= o.lead_below && profit[i] != profit[first];
        if (m >= 2 && !distinct)
            return csat__err(err, CSAT_EDOM, "profit", CSAT_NO_ROW,
                             "every profit at or above opts->lead_below is %g: equal profits "
                             "cannot be ranked into tiers",
                             profit[first]);
    }
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    r = csat__rank_desc(&a, profit, n);
    if (r == NULL)
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "out of memory for the ranking");
    /* r is descending, so the non-LEAD customers come first; a run of equal
     * values is classified once, by what lies strictly above it. */
    for (size_t k = 0; k < n;) {
        size_t e = k;
        int t;
        while (e < n && r[e].v == r[k].v)
            e++;
        if (r[k].v < o.lead_below)
            t = CSAT_PYRAMID_LEAD;
        else if (o.rule == CSAT_PYRAMID_RANK)
            t = (double)k < o.platinum * (double)m ? CSAT_PYRAMID_PLATINUM
              : (double)k < o.gold * (double)m     ? CSAT_PYRAMID_GOLD
                                                   : CSAT_PYRAMID_IRON;
        else {
            double s = csat__ksum_value(&before) / total;
            t = !csat__share_le(o.platinum, s) ? CSAT_PYRAMID_PLATINUM
              : !csat__share_le(o.gold, s)     ? CSAT_PYRAMID_GOLD
                                               : CSAT_PYRAMID_IRON;
        }
        for (; k < e; k++) {
            tier[r[k].i] = t;
            cnt[t]++;
            if (r[k].v >= o.lead_below)
                csat__ksum_add(&before, r[k].v);
        }
    }
    csat__free(&a, r);
    if (counts)
        for (int t = 0; t < 4; t++)
            counts[t] = cnt[t];
    return CSAT_OK;
}
