/* Two-sample tests between waves or groups: two proportions (Wald,
 * Newcombe, Agresti-Caffo), Welch's t for means, the CSI by the bootstrap;
 * sample sizes for a margin of error with a finite-population correction
 * (issue 16; docs/theory/satisfaction.rst). */
#include "core/internal.h"
#include "numerics/numerics.h"
#include "numerics/random.h"
#include "survey/compare.h"
#include "survey/sat_common.h"

#include <math.h>
#include <string.h>

csat_status csat__check_level(csat_error *err, const char *arg, double level)
{
    if (!(isfinite(level) && level > 0.0 && level < 1.0))
        return csat__err(err, CSAT_EINVAL, arg, CSAT_NO_ROW, "%s = %g is not in (0, 1)", arg,
                         level);
    return CSAT_OK;
}

void csat__wilson(double k, double n, double z, double *lo, double *hi)
{
    double p = k / n, z2n = z * z / n, den = 1.0 + z2n;
    double mid = (p + 0.5 * z2n) / den;
    double half = z / den * sqrt(fmax(p * (1.0 - p), 0.0) / n + 0.25 * z2n / n);
    *lo = fmax(mid - half, 0.0);
    *hi = fmin(mid + half, 1.0);
    if (k <= 0.0)
        *lo = 0.0;
    if (k >= n)
        *hi = 1.0;
}

/* Every field of a comparison is a double (not NaN or Inf), else CSAT_EDOM. */
static csat_status finite_or_edom(const csat_comparison *r, csat_error *err)
{
    const double v[] = {r->difference, r->se,        r->statistic, r->p_value, r->lower,
                        r->upper,      r->estimate1, r->estimate2, r->df};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!isfinite(v[i]))
            return csat__err(err, CSAT_EDOM, NULL, CSAT_NO_ROW,
                             "the comparison overflows a double (inputs near DBL_MAX)");
    return CSAT_OK;
}

static csat_status share_check(double k, double n, const char *kname, const char *nname,
                               csat_error *err)
{
    if (!(isfinite(n) && n > 0.0))
        return csat__err(err, CSAT_EINVAL, nname, CSAT_NO_ROW, "%s = %g is not finite and > 0",
                         nname, n);
    if (!(isfinite(k) && k >= 0.0 && k <= n))
        return csat__err(err, CSAT_EINVAL, kname, CSAT_NO_ROW, "%s = %g is not in [0, %s = %g]",
                         kname, k, nname, n);
    return CSAT_OK;
}

csat_status csat_proportions_compare(double count1, double n1, double count2, double n2,
                                     csat_diff_interval method, double level,
                                     csat_comparison *out, csat_error *err)
{
    csat_comparison r;
    csat_status st;
    double p1, p2, z, pool, sp;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = share_check(count1, n1, "count1", "n1", err)) != CSAT_OK
        || (st = share_check(count2, n2, "count2", "n2", err)) != CSAT_OK
        || (st = csat__check_level(err, "level", level)) != CSAT_OK)
        return st;
    if ((unsigned)method > (unsigned)CSAT_DIFF_AGRESTI_CAFFO)
        return csat__err(err, CSAT_EINVAL, "method", CSAT_NO_ROW,
                         "method = %d is not a csat_diff_interval", (int)method);
    memset(&r, 0, sizeof r);
    p1 = count1 / n1;
    p2 = count2 / n2;
    z = csat__norm_quantile(0.5 + 0.5 * level);
    r.level = level;
    r.estimate1 = 100.0 * p1;
    r.estimate2 = 100.0 * p2;
    r.difference = 100.0 * (p1 - p2);
    r.se = 100.0 * sqrt(p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2);
    /* pooled share, halves first so that n1 + n2 cannot overflow */
    pool = (0.5 * count1 + 0.5 * count2) / (0.5 * n1 + 0.5 * n2);
    sp = sqrt(pool * (1.0 - pool) * (1.0 / n1 + 1.0 / n2));
    r.statistic = sp > 0.0 ? (p1 - p2) / sp : 0.0;
    r.p_value = sp > 0.0 ? fmin(1.0, 2.0 * csat__norm_sf(fabs(r.statistic))) : 1.0;
    if (method == CSAT_DIFF_NEWCOMBE) {
        double l1, u1, l2, u2, d = p1 - p2;
        csat__wilson(count1, n1, z, &l1, &u1);
        csat__wilson(count2, n2, z, &l2, &u2);
        r.lower = 100.0 * (d - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)));
        r.upper = 100.0 * (d + sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)));
    } else {
        double se = r.se;
        if (method == CSAT_DIFF_AGRESTI_CAFFO) {
            double a1 = (count1 + 1.0) / (n1 + 2.0), a2 = (count2 + 1.0) / (n2 + 2.0);
            se = 100.0 * sqrt(a1 * (1.0 - a1) / (n1 + 2.0) + a2 * (1.0 - a2) / (n2 + 2.0));
            r.lower = 100.0 * (a1 - a2) - z * se;
            r.upper = 100.0 * (a1 - a2) + z * se;
        } else {
            r.lower = r.difference - z * se;
            r.upper = r.difference + z * se;
        }
    }
    r.lower = fmax(r.lower, -100.0);
    r.upper = fmin(r.upper, 100.0);
    if ((st = finite_or_edom(&r, err)) != CSAT_OK)
        return st;
    *out = r;
    return CSAT_OK;
}

static csat_status mean_check(double m, double sd, double n, const char *const name[3],
                              csat_error *err)
{
    if (!isfinite(m))
        return csat__err(err, CSAT_EINVAL, name[0], CSAT_NO_ROW, "%s = %g is not finite", name[0],
                         m);
    if (!(isfinite(sd) && sd >= 0.0))
        return csat__err(err, CSAT_EINVAL, name[1], CSAT_NO_ROW, "%s = %g is not finite and >= 0",
                         name[1], sd);
    if (!(isfinite(n) && n >= 2.0))
        return csat__err(err, CSAT_EINVAL, name[2], CSAT_NO_ROW, "%s = %g is not finite and >= 2",
                         name[2], n);
    return CSAT_OK;
}

csat_status csat_means_compare(double mean1, double sd1, double n1, double mean2, double sd2,
                               double n2, double level, csat_comparison *out, csat_error *err)
{
    static const char *const A[3] = {"mean1", "sd1", "n1"}, *const B[3] = {"mean2", "sd2", "n2"};
    csat_comparison r;
    csat_status st;
    double v1, v2, v, f1, f2, tq;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = mean_check(mean1, sd1, n1, A, err)) != CSAT_OK
        || (st = mean_check(mean2, sd2, n2, B, err)) != CSAT_OK
        || (st = csat__check_level(err, "level", level)) != CSAT_OK)
        return st;
    memset(&r, 0, sizeof r);
    v1 = sd1 / sqrt(n1);
    v1 *= v1;
    v2 = sd2 / sqrt(n2);
    v2 *= v2;
    v = v1 + v2;
    if (!(v > 0.0))
        return csat__err(err, CSAT_EDOM, NULL, CSAT_NO_ROW,
                         "both samples have SD 0: the difference has no standard error");
    if (!isfinite(v))
        return csat__err(err, CSAT_EDOM, NULL, CSAT_NO_ROW,
                         "the squared standard error overflows a double");
    r.level = level;
    r.estimate1 = mean1;
    r.estimate2 = mean2;
    r.difference = mean1 - mean2;
    r.se = sqrt(v);
    /* Welch-Satterthwaite df = V^2 / sum (v_i^2 / (n_i - 1)), in shares of V */
    f1 = v1 / v;
    f2 = v2 / v;
    r.df = 1.0 / (f1 * f1 / (n1 - 1.0) + f2 * f2 / (n2 - 1.0));
    r.statistic = r.difference / r.se;
    r.p_value = fmin(1.0, 2.0 * csat__t_sf(fabs(r.statistic), r.df));
    tq = csat__t_quantile(0.5 + 0.5 * level, r.df);
    r.lower = r.difference - tq * r.se;
    r.upper = r.difference + tq * r.se;
    if ((st = finite_or_edom(&r, err)) != CSAT_OK)
        return st;
    *out = r;
    return CSAT_OK;
}

/* ---- CSI by the bootstrap ---------------------------------------------- */

#define BOOT_MAX_ITEMS 256 /* csat_csi's limit, checked by it first */

/* Index of one resample of n rows of x (0..100), or NaN when an item gets no
 * answer. Answers were validated by csat_csi. */
static double boot_index(const double *x, size_t n, size_t n_items, const double *w, double wt,
                         const csat_csi_options *o, csat__rng *g)
{
    double sum[BOOT_MAX_ITEMS] = {0}, cnt[BOOT_MAX_ITEMS] = {0}, lo, span, idx = 0.0;
    lo = o->method == CSAT_CSI_RANGE ? o->scale.min : 0.0;
    span = o->scale.max - lo;
    for (size_t j = 0; j < n; j++) {
        /* 53 random bits scaled to [0, n): below n for every n < 2^53 */
        size_t row = (size_t)((double)(csat__rng_next(g) >> 11) * 0x1p-53 * (double)n);
        const double *r = x + (row < n ? row : n - 1) * n_items;
        for (size_t i = 0; i < n_items; i++) {
            if (isnan(r[i]))
                continue;
            sum[i] += (csat__scale_orient(&o->scale, r[i]) - lo) / span;
            cnt[i] += 1.0;
        }
    }
    for (size_t i = 0; i < n_items; i++) {
        if (cnt[i] == 0.0)
            return NAN;
        idx += 100.0 * csat__weight_at(w, i, wt) * sum[i] / cnt[i];
    }
    return idx;
}

/* The two samples of a bootstrap comparison. */
typedef struct boot_samples {
    const double *x1, *x2, *w;
    size_t n1, n2, n_items;
    double wt;
    const csat_csi_options *o;
} boot_samples;

/* Replicate k: the index difference of one resample of each sample, from
 * stream k of seed (NaN when an item got no answer). */
static double replicate(const boot_samples *b, uint64_t seed, size_t k)
{
    csat__rng g;
    double d1;
    csat__rng_seed(&g, seed, (uint64_t)k);
    d1 = boot_index(b->x1, b->n1, b->n_items, b->w, b->wt, b->o, &g);
    return d1 - boot_index(b->x2, b->n2, b->n_items, b->w, b->wt, b->o, &g);
}

/* In-place heapsort ascending (no allocation). */
static void sift(double *a, size_t i, size_t n)
{
    for (;;) {
        size_t c = 2 * i + 1;
        double t;
        if (c >= n)
            return;
        if (c + 1 < n && a[c + 1] > a[c])
            c++;
        if (!(a[c] > a[i]))
            return;
        t = a[c];
        a[c] = a[i];
        a[i] = t;
        i = c;
    }
}

static void heapsort_doubles(double *a, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift(a, i, n);
    for (size_t e = n; e-- > 1;) {
        double t = a[0];
        a[0] = a[e];
        a[e] = t;
        sift(a, 0, e);
    }
}

/* Type-7 quantile of sorted a[0..n), n >= 1. */
static double quantile7(const double *a, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t k = (size_t)h;
    if (k + 1 >= n)
        return a[n - 1];
    return a[k] + (h - (double)k) * (a[k + 1] - a[k]);
}

/* csat_csi's error about "answers" renamed to the sample's argument. */
static csat_status rename_answers(csat_status st, csat_error *err, const char *name)
{
    if (err != NULL && err->argument != NULL && strcmp(err->argument, "answers") == 0) {
        char msg[sizeof err->message];
        const char *rest = strncmp(err->message, "answers", 7) == 0 ? err->message + 7 : NULL;
        memcpy(msg, err->message, sizeof msg);
        if (rest != NULL)
            return csat__err(err, st, name, err->row, "%s%s", name, msg + 7);
        return csat__err(err, st, name, err->row, "%s: %s", name, msg);
    }
    return st;
}

csat_status csat_csi_compare(const double *answers1, size_t n1, const double *answers2, size_t n2,
                             size_t n_items, const double *weights,
                             const struct csat_csi_options *opts, size_t n_boot, uint64_t seed,
                             double level, double *draws, csat_comparison *out, csat_error *err)
{
    const csat_csi_options def = CSAT_CSI_OPTIONS_INIT;
    const csat_csi_options *o = opts ? opts : &def;
    csat_index_result a, b;
    csat_comparison r;
    csat_status st;
    csat__ksum sum = {0, 0}, ss = {0, 0};
    boot_samples bs;
    double wt, mean, lo = INFINITY, hi = -INFINITY;
    size_t kept = 0;
    csat__err_clear(err);
    if (answers1 == NULL)
        return csat__err_null(err, "answers1");
    if (answers2 == NULL)
        return csat__err_null(err, "answers2");
    if (draws == NULL)
        return csat__err_null(err, "draws");
    if (out == NULL)
        return csat__err_null(err, "out");
    if (!csat__array_bytes_ok(n_boot, 1, sizeof *draws))
        return csat__err_size(err, "n_boot", n_boot);
    if (!csat__array_bytes_ok(n1, n_items, sizeof *answers1))
        return csat__err(err, CSAT_EINVAL, "n1", CSAT_NO_ROW,
                         "n1 x n_items = %zu x %zu overflows the address space", n1, n_items);
    if (!csat__array_bytes_ok(n2, n_items, sizeof *answers2))
        return csat__err(err, CSAT_EINVAL, "n2", CSAT_NO_ROW,
                         "n2 x n_items = %zu x %zu overflows the address space", n2, n_items);
    if (n_boot < 2)
        return csat__err(err, CSAT_EINVAL, "n_boot", CSAT_NO_ROW, "n_boot = %zu is below 2",
                         n_boot);
    if ((st = csat__check_level(err, "level", level)) != CSAT_OK)
        return st;
    if ((st = csat_csi(answers1, n1, n_items, weights, o, &a, err)) != CSAT_OK)
        return rename_answers(st, err, "answers1");
    if ((st = csat_csi(answers2, n2, n_items, weights, o, &b, err)) != CSAT_OK)
        return rename_answers(st, err, "answers2");
    if ((st = csat__weight_total(weights, n_items, &wt, "weights", err)) != CSAT_OK)
        return st;
    bs.x1 = answers1, bs.x2 = answers2, bs.n1 = n1, bs.n2 = n2, bs.n_items = n_items;
    bs.w = weights, bs.wt = wt, bs.o = o;
    /* Every replicate is computed before draws is written, so that an error
     * leaves it as it was. Replicate k draws from stream k of seed. */
    for (size_t k = 0; k < n_boot; k++) {
        double x = replicate(&bs, seed, k);
        if (!isnan(x)) {
            csat__ksum_add(&sum, x);
            lo = fmin(lo, x);
            hi = fmax(hi, x);
            kept++;
        }
    }
    if (kept < 2)
        return csat__err(err, CSAT_EDOM, "n_boot", CSAT_NO_ROW,
                         "%zu of n_boot = %zu replicates kept (the others left an item with no "
                         "answer)", kept, n_boot);
    if (!(hi > lo))
        return csat__err(err, CSAT_EDOM, NULL, CSAT_NO_ROW,
                         "every replicate gives the same difference: the bootstrap SE is 0");
    mean = csat__ksum_value(&sum) / (double)kept;
    for (size_t k = 0, j = 0; k < n_boot; k++) {
        double x = replicate(&bs, seed, k);
        if (!isnan(x)) {
            csat__ksum_add(&ss, (x - mean) * (x - mean));
            draws[j++] = x;
        }
    }
    for (size_t k = kept; k < n_boot; k++)
        draws[k] = NAN;
    heapsort_doubles(draws, kept);
    memset(&r, 0, sizeof r);
    r.level = level;
    r.estimate1 = a.index;
    r.estimate2 = b.index;
    r.difference = a.index - b.index;
    r.se = sqrt(csat__ksum_value(&ss) / (double)(kept - 1));
    r.lower = quantile7(draws, kept, 0.5 - 0.5 * level);
    r.upper = quantile7(draws, kept, 0.5 + 0.5 * level);
    r.statistic = r.difference / r.se;
    r.p_value = fmin(1.0, 2.0 * csat__norm_sf(fabs(r.statistic)));
    *out = r;
    return CSAT_OK;
}

/* ---- sample sizes ------------------------------------------------------ */

/* ceil(n0 / (1 + (n0 - 1) / N)) with n0 = (z S / h)^2; S, h already checked. */
static csat_status sample_size(double s, double h, double level, double population, double *n,
                               csat_error *err)
{
    csat_status st;
    double z, v;
    if (!(isfinite(h) && h > 0.0))
        return csat__err(err, CSAT_EINVAL, "half_width", CSAT_NO_ROW,
                         "half_width = %g is not finite and > 0", h);
    if ((st = csat__check_level(err, "level", level)) != CSAT_OK)
        return st;
    if (!(isfinite(population) && (population == 0.0 || population >= 1.0)))
        return csat__err(err, CSAT_EINVAL, "population", CSAT_NO_ROW,
                         "population = %g is neither 0 (none) nor a size >= 1", population);
    z = csat__norm_quantile(0.5 + 0.5 * level);
    v = z * s / h; /* (z S / h)^2 without squaring h first (tiny h) */
    v *= v;
    if (!isfinite(v))
        return csat__err(err, CSAT_EDOM, "half_width", CSAT_NO_ROW,
                         "half_width = %g needs more respondents than the largest double", h);
    if (population > 0.0 && v > 0.0)
        v = v / (1.0 + (v - 1.0) / population);
    /* 1024.0000000001-style rounding must not push ceil up by one */
    v = ceil(v * (1.0 - 1e-12));
    /* v <= N in exact arithmetic; never ask for more than the (whole) base */
    *n = population > 0.0 ? fmin(v, ceil(population)) : v;
    return CSAT_OK;
}

csat_status csat_proportion_sample_size(double percent, double half_width, double level,
                                        double population, double *n, csat_error *err)
{
    double p = percent / 100.0;
    csat__err_clear(err);
    if (n == NULL)
        return csat__err_null(err, "n");
    if (!(isfinite(percent) && percent >= 0.0 && percent <= 100.0))
        return csat__err(err, CSAT_EINVAL, "percent", CSAT_NO_ROW,
                         "percent = %g is not in [0, 100]", percent);
    return sample_size(100.0 * sqrt(p * (1.0 - p)), half_width, level, population, n, err);
}

csat_status csat_mean_sample_size(double sd, double half_width, double level, double population,
                                  double *n, csat_error *err)
{
    csat__err_clear(err);
    if (n == NULL)
        return csat__err_null(err, "n");
    if (!(isfinite(sd) && sd >= 0.0))
        return csat__err(err, CSAT_EINVAL, "sd", CSAT_NO_ROW, "sd = %g is not finite and >= 0",
                         sd);
    return sample_size(sd, half_width, level, population, n, err);
}

csat_status csat_nps_sample_size_population(double variance, double half_width, double level,
                                            double population, double *n, csat_error *err)
{
    csat__err_clear(err);
    if (n == NULL)
        return csat__err_null(err, "n");
    if (!(isfinite(variance) && variance >= 0.0 && variance <= 1.0))
        return csat__err(err, CSAT_EINVAL, "variance", CSAT_NO_ROW,
                         "variance = %g is not in [0, 1]", variance);
    return sample_size(100.0 * sqrt(variance), half_width, level, population, n, err);
}
