/*
 * ABC / Pareto analysis with the concentration curve and Gini coefficient
 * (docs/theory/segmentation.rst, section 11.3), and the ranking helper the pyramid shares.
 */
#include "numerics/numerics.h"
#include "segments/segmentation.h"

#include <math.h>
#include <stdlib.h>

static int by_value_desc(const void *pa, const void *pb)
{
    const csat__ranked *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v > b->v ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

csat__ranked *csat__rank_desc(const csat_allocator *a, const double *x, size_t n)
{
    csat__ranked *r = csat__malloc_array(a, n, sizeof *r);
    if (r == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        r[i].v = x[i];
        r[i].i = i;
    }
    qsort(r, n, sizeof *r, by_value_desc);
    return r;
}

csat_status csat_abc_options_init(csat_abc_options *opts, unsigned int version)
{
    csat_abc_options d = CSAT_ABC_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_ABC_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = d;
    opts->version = version;
    return CSAT_OK;
}

csat_status csat_abc(const double *value, size_t n, const csat_abc_options *opts, const csat_allocator *alloc,
                     int *klass, double *curve, csat_abc_summary *summary, csat_error *err)
{
    csat_abc_options o = CSAT_ABC_OPTIONS_INIT;
    csat_abc_summary sm = {{0, 0, 0}, {0.0, 0.0, 0.0}, 0.0, 0.0};
    csat__ksum tot = {0.0, 0.0}, cum = {0.0, 0.0}, g = {0.0, 0.0};
    csat__ksum part[3] = {{0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}};
    csat_allocator a;
    csat__ranked *r;
    double total, pos;
    csat_status st;
    csat__err_clear(err);

    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_ABC_OPTIONS_VERSION))
            return csat__check_version(err, opts->version, CSAT_ABC_OPTIONS_VERSION);
        o = *opts;
    }
    if (value == NULL)
        return csat__err_null(err, "value");
    if (n > SIZE_MAX / sizeof(double) - 1) /* the curve holds n + 1 values */
        return csat__err(err, CSAT_EINVAL, "n", CSAT_NO_ROW,
                         "n = %zu overflows the address space (curve holds n + 1 values)", n);
    if (!(o.a_cut > 0.0 && o.a_cut <= o.b_cut && o.b_cut <= 1.0))
        return csat__err(err, CSAT_EINVAL, "opts->a_cut", CSAT_NO_ROW,
                         "opts->a_cut = %g, opts->b_cut = %g: need 0 < a_cut <= b_cut <= 1",
                         o.a_cut, o.b_cut);
    if (!(o.top_fraction >= 0.0 && o.top_fraction <= 1.0))
        return csat__err(err, CSAT_EINVAL, "opts->top_fraction", CSAT_NO_ROW,
                         "opts->top_fraction = %g is not in [0, 1]", o.top_fraction);
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no customers");
    if ((st = csat__check_nonneg(err, "value", value, n)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        csat__ksum_add(&tot, value[i]);
    total = csat__ksum_value(&tot);
    if (!(total > 0.0))
        return csat__err(err, CSAT_EDOM, "value", CSAT_NO_ROW,
                         "value sums to 0: shares are undefined");
    if (!isfinite(total))
        return csat__err(err, CSAT_EDOM, "value", CSAT_NO_ROW,
                         "value sums past the largest double");
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    r = csat__rank_desc(&a, value, n);
    if (r == NULL)
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "out of memory for the ranking");

    if (curve)
        curve[0] = 0.0;
    for (size_t k = 0; k < n; k++) {
        double c;
        int cls;
        csat__ksum_add(&cum, r[k].v);
        c = csat__ksum_value(&cum) / total;
        cls = csat__share_le(c, o.a_cut) ? CSAT_ABC_A : csat__share_le(c, o.b_cut) ? CSAT_ABC_B : CSAT_ABC_C;
        if (klass)
            klass[r[k].i] = cls;
        if (curve)
            curve[k + 1] = c < 1.0 ? c : 1.0;
        sm.n[cls]++;
        csat__ksum_add(&part[cls], r[k].v);
        /* rank k+1 from the top is rank n-k from the bottom: weight 2(n-k) - n - 1;
         * on the shares v / total, so that values near DBL_MAX cannot
         * overflow the weighted sum (it was Inf - Inf = NaN) */
        csat__ksum_add(&g, ((double)n - 1.0 - 2.0 * (double)k) * (r[k].v / total));
    }
    for (int c = 0; c < 3; c++)
        sm.share[c] = csat__ksum_value(&part[c]) / total;
    sm.gini = csat__ksum_value(&g) / (double)n;
    /* top_share: the concentration curve read at top_fraction * n customers */
    pos = o.top_fraction * (double)n;
    {
        size_t lo = (size_t)floor(pos);
        double before = 0.0, h = pos - (double)lo;
        csat__ksum s = {0.0, 0.0};
        for (size_t k = 0; k < lo && k < n; k++)
            csat__ksum_add(&s, r[k].v);
        before = csat__ksum_value(&s);
        if (lo < n)
            before += h * r[lo].v;
        sm.top_share = before / total;
        if (sm.top_share > 1.0)
            sm.top_share = 1.0;
    }
    csat__free(&a, r);
    if (summary)
        *summary = sm;
    return CSAT_OK;
}
