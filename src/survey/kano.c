/* Kano model: evaluation table, aggregation rules, Better/Worse, strengths,
 * Fong's test, chi-square and the continuous scores (docs/theory/kano.rst, section 3). */
#include "core/internal.h"
#include "survey/sat_common.h"
#include "numerics/numerics.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* Mean scores lie in [-2, 4]; times score_factor they stay doubles up to
 * this (a factor near DBL_MAX gave Inf). */
#define KANO_MAX_SCORE_FACTOR (DBL_MAX / 4.0)

/* Rows: functional answer 1..5; columns: dysfunctional answer 1..5. */
static const unsigned char kano_table[5][5] = {
    {CSAT_KANO_Q, CSAT_KANO_A, CSAT_KANO_A, CSAT_KANO_A, CSAT_KANO_O},
    {CSAT_KANO_R, CSAT_KANO_I, CSAT_KANO_I, CSAT_KANO_I, CSAT_KANO_M},
    {CSAT_KANO_R, CSAT_KANO_I, CSAT_KANO_I, CSAT_KANO_I, CSAT_KANO_M},
    {CSAT_KANO_R, CSAT_KANO_I, CSAT_KANO_I, CSAT_KANO_I, CSAT_KANO_M},
    {CSAT_KANO_R, CSAT_KANO_R, CSAT_KANO_R, CSAT_KANO_R, CSAT_KANO_Q},
};

/* Berger et al. (1993) asymmetric continuous scale, by answer position. */
static const double functional_score[5] = {4.0, 2.0, 0.0, -1.0, -2.0};
static const double dysfunctional_score[5] = {-2.0, -1.0, 0.0, 2.0, 4.0};

/* The evaluation rule M > O > A > I, extended with R > Q. */
static const csat_kano_category priority[CSAT_KANO_N_CATEGORIES] = {
    CSAT_KANO_M, CSAT_KANO_O, CSAT_KANO_A, CSAT_KANO_I, CSAT_KANO_R, CSAT_KANO_Q};

csat_status csat_kano_options_init(csat_kano_options *opts, unsigned int version)
{
    const csat_kano_options def = CSAT_KANO_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_KANO_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = def;
    opts->version = version;
    return CSAT_OK;
}

static csat_status resolve_options(const csat_kano_options *in, csat_kano_options *o,
csat_error *err)
{
    const csat_kano_options def = CSAT_KANO_OPTIONS_INIT;
    if (in == NULL) {
        *o = def;
        return CSAT_OK;
    }
    if (!csat__version_ok(in->version, CSAT_KANO_OPTIONS_VERSION))
        return csat__check_version(err, in->version, CSAT_KANO_OPTIONS_VERSION);
    *o = *in;
    if ((unsigned)o->rule > (unsigned)CSAT_KANO_RULE_BETTER_WORSE)
        return csat__err(err, CSAT_EINVAL, "opts->rule", CSAT_NO_ROW,
                         "opts->rule = %d is not a csat_kano_rule", (int)o->rule);
    if (!(o->delta >= 0.0 && o->delta <= 1.0))
        return csat__err(err, CSAT_EINVAL, "opts->delta", CSAT_NO_ROW,
                         "opts->delta = %g is not in [0, 1]", o->delta);
    if (!(o->grid_threshold >= 0.0 && o->grid_threshold <= 1.0))
        return csat__err(err, CSAT_EINVAL, "opts->grid_threshold", CSAT_NO_ROW,
                         "opts->grid_threshold = %g is not in [0, 1]", o->grid_threshold);
    if (!(isfinite(o->fong_z) && o->fong_z > 0.0))
        return csat__err(err, CSAT_EINVAL, "opts->fong_z", CSAT_NO_ROW,
                         "opts->fong_z = %g is not finite and > 0", o->fong_z);
    if (!(isfinite(o->chisq_min_n) && o->chisq_min_n >= 0.0))
        return csat__err(err, CSAT_EINVAL, "opts->chisq_min_n", CSAT_NO_ROW,
                         "opts->chisq_min_n = %g is not finite and >= 0", o->chisq_min_n);
    if (o->nan_policy != CSAT_NAN_ERROR && o->nan_policy != CSAT_NAN_SKIP)
        return csat__err(err, CSAT_EINVAL, "opts->nan_policy", CSAT_NO_ROW,
                         "opts->nan_policy = %d is not a csat_nan_policy", (int)o->nan_policy);
    if (!(o->score_factor > 0.0 && o->score_factor <= KANO_MAX_SCORE_FACTOR))
        return csat__err(err, CSAT_EINVAL, "opts->score_factor", CSAT_NO_ROW,
                         "opts->score_factor = %g is not in (0, %g]", o->score_factor,
                         KANO_MAX_SCORE_FACTOR);
    return CSAT_OK;
}

/* Position 1..5 of an answer, 0 for missing, -1 for anything else. */
static int answer_position(double x)
{
    if (x >= 1.0 && x <= 5.0) {
        int k = (int)x;
        return (double)k == x ? k : -1;
    }
    return isnan(x) ? 0 : -1;
}

csat_status csat_kano_classify(int functional, int dysfunctional, csat_kano_category *out,
                               csat_error *err)
{
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    if (functional < 1 || functional > 5 || dysfunctional < 1 || dysfunctional > 5) {
        const char *name = functional < 1 || functional > 5 ? "functional" : "dysfunctional";
        return csat__err(err, CSAT_EINVAL, name, CSAT_NO_ROW, "%s = %d is not an answer 1..5", name,
                         name[0] == 'f' ? functional : dysfunctional);
    }
    *out = (csat_kano_category)kano_table[functional - 1][dysfunctional - 1];
    return CSAT_OK;
}

/* The category with the largest count among `set` (listed in tie order). */
static csat_kano_category largest_of(const double *c, const csat_kano_category *set, size_t n)
{
    csat_kano_category best = set[0];
    for (size_t i = 1; i < n; i++)
        if (c[set[i]] > c[best])
            best = set[i];
    return best;
}

static size_t priority_rank(csat_kano_category k)
{
    size_t r = 0;
    while (priority[r] != k)
        r++;
    return r;
}

static csat_kano_category grid_category(double better, double worse, double t)
{
    int hb = better >= t, hw = -worse >= t;
    if (hb && hw)
        return CSAT_KANO_O;
    if (hb)
        return CSAT_KANO_A;
    if (hw)
        return CSAT_KANO_M;
    return CSAT_KANO_I;
}

static void evaluate(const double *c, const csat_kano_options *o, csat_kano_result *r)
{
    static const csat_kano_category oam[3] = {CSAT_KANO_M, CSAT_KANO_O, CSAT_KANO_A};
    static const csat_kano_category irq[3] = {CSAT_KANO_I, CSAT_KANO_R, CSAT_KANO_Q};
    double n = 0.0, a, b, v4;
    csat_kano_category first, second;

    memset(r, 0, sizeof *r);
    for (int k = 0; k < CSAT_KANO_N_CATEGORIES; k++) {
        r->counts[k] = c[k];
        n += c[k];
    }
    r->n = n;
    r->n_valid = c[CSAT_KANO_A] + c[CSAT_KANO_O] + c[CSAT_KANO_M] + c[CSAT_KANO_I];
    r->better = (c[CSAT_KANO_A] + c[CSAT_KANO_O]) / r->n_valid;
    r->worse = -(c[CSAT_KANO_O] + c[CSAT_KANO_M]) / r->n_valid;
    r->total_strength = (c[CSAT_KANO_A] + c[CSAT_KANO_O] + c[CSAT_KANO_M]) / n;
    r->mode = largest_of(c, priority, CSAT_KANO_N_CATEGORIES);

    /* Top two of {M,O,A,I,R} in tie order: they drive CS, Fong and the near-tie rule. */
    first = largest_of(c, priority, 5);
    second = first == priority[0] ? priority[1] : priority[0];
    for (size_t i = 0; i < 5; i++)
        if (priority[i] != first && c[priority[i]] > c[second])
            second = priority[i];
    a = c[first];
    b = c[second];
    r->category_strength = (a - b) / n;
    r->fong_difference = fabs(a - b);
    r->fong_critical = o->fong_z * sqrt((a + b) * (2.0 * n - a - b) / (2.0 * n));
    r->fong_significant = r->fong_difference >= r->fong_critical;

    v4 = r->n_valid;
    r->chisq_p = 1.0;
    if (v4 >= o->chisq_min_n) {
        double e = v4 / 4.0, s = 0.0;
        for (int k = 0; k < 4; k++)
            s += (c[k] - e) * (c[k] - e) / e;
        r->chisq = s;
        r->chisq_p = csat__chisq_sf(s, 3.0);
        r->chisq_computed = 1;
    }

    switch (o->rule) {
    case CSAT_KANO_RULE_NEAR_TIE:
        if (r->category_strength > o->delta)
            r->category = first;
        else
            r->category = priority_rank(first) < priority_rank(second) ? first : second;
        break;
    case CSAT_KANO_RULE_OAM_VS_IRQ:
        if (c[CSAT_KANO_O] + c[CSAT_KANO_A] + c[CSAT_KANO_M]
            > c[CSAT_KANO_I] + c[CSAT_KANO_R] + c[CSAT_KANO_Q])
            r->category = largest_of(c, oam, 3);
        else
            r->category = largest_of(c, irq, 3);
        break;
    case CSAT_KANO_RULE_BETTER_WORSE:
        r->category = grid_category(r->better, r->worse, o->grid_threshold);
        break;
    default:
        r->category = r->mode;
        break;
    }
}

csat_status csat_kano_evaluate(const double counts[CSAT_KANO_N_CATEGORIES],
                               const csat_kano_options *opts, csat_kano_result *out,
                               csat_error *err)
{
    csat_kano_options o;
    csat_kano_result r;
    csat_status st;
    csat__err_clear(err);
    if (counts == NULL)
        return csat__err_null(err, "counts");
    if (out == NULL)
        return csat__err_null(err, "out");
    if ((st = resolve_options(opts, &o, err)) != CSAT_OK)
        return st;
    for (int k = 0; k < CSAT_KANO_N_CATEGORIES; k++)
        if (!(counts[k] >= 0.0 && counts[k] <= CSAT_KANO_MAX_COUNT))
            return csat__err(err, CSAT_EINVAL, "counts", (size_t)(k),
                             "counts[%zu] = %g is not a count in [0, CSAT_KANO_MAX_COUNT]",
                             (size_t)(k), counts[k]);
    if (!(counts[CSAT_KANO_A] + counts[CSAT_KANO_O] + counts[CSAT_KANO_M] + counts[CSAT_KANO_I] > 0.0))
        return csat__err(err, CSAT_EDOM, "counts", CSAT_NO_ROW,
                         "counts of A, O, M and I sum to 0: the shares are undefined");
    evaluate(counts, &o, &r);
    *out = r;
    return CSAT_OK;
}

/* The error for answer pair `at` of a survey whose positions are pf, pd (see
 * answer_position): an answer off 1..5, or a missing one under
 * CSAT_NAN_ERROR. */
static csat_status pair_error(const double *f, const double *d, size_t at, int pf, int pd,
                              csat_error *err)
{
    /* the answer at fault: an invalid one before a missing one */
    int use_f = pf < 0 || (pf == 0 && pd >= 0);
    const char *name = use_f ? "functional" : "dysfunctional";
    if ((use_f ? pf : pd) < 0)
        return csat__err(err, CSAT_EINVAL, name, at, "%s[%zu] = %g is not an answer 1..5", name, at,
                         use_f ? f[at] : d[at]);
    return csat__err(err, CSAT_EINVAL, name, at,
                     "%s[%zu] is missing (NaN) and opts->nan_policy is CSAT_NAN_ERROR", name, at);
}

/* Validate every answer pair (and importance) of a survey; CSAT_OK or the error. */
static csat_status check_survey(const double *f, const double *d, const double *imp,
                                const csat_scale *imp_scale, size_t n_resp, size_t n_attr,
                                const csat_kano_options *o, csat_error *err)
{
    size_t cells;
    if (f == NULL)
        return csat__err_null(err, "functional");
    if (d == NULL)
        return csat__err_null(err, "dysfunctional");
    if (csat__mul_overflow(n_resp, n_attr, &cells))
        return csat__err(err, CSAT_EINVAL, "n_respondents", CSAT_NO_ROW,
                         "n_respondents x n_attributes = %zu x %zu overflows", n_resp, n_attr);
    if (cells == 0)
        return csat__err(err, CSAT_EEMPTY, "functional", CSAT_NO_ROW,
                         "functional has no answers (n_respondents = %zu, n_attributes = %zu)", n_resp, n_attr);
    if (imp != NULL && csat__survey_scale_check(imp_scale) != CSAT_OK)
        return csat__check_scale(err, "importance_scale", imp_scale);
    for (size_t j = 0; j < n_attr; j++) {
        size_t used = 0;
        for (size_t i = 0; i < n_resp; i++) {
            size_t at = i * n_attr + j;
            int pf = answer_position(f[at]), pd = answer_position(d[at]);
            int miss = pf == 0 || pd == 0;
            if (pf < 0 || pd < 0)
                return pair_error(f, d, at, pf, pd, err);
            if (imp != NULL) {
                if (isnan(imp[at]))
                    miss = 1;
                else if (!csat__scale_contains(imp_scale, imp[at]))
                    return csat__err(err, CSAT_EINVAL, "importance", at,
                                     "importance[%zu] = %g is off importance_scale [%g, %g]", at,
                                     imp[at], imp_scale->min, imp_scale->max);
            }
            if (miss && o->nan_policy == CSAT_NAN_ERROR) {
                if (pf == 0 || pd == 0)
                    return pair_error(f, d, at, pf, pd, err);
                return csat__err(err, CSAT_EINVAL, "importance", at,
                                 "importance[%zu] is missing (NaN) and opts->nan_policy is "
                                 "CSAT_NAN_ERROR", at);
            }
            used += !miss;
        }
        if (used == 0)
            return csat__err(err, CSAT_EEMPTY, "functional", CSAT_NO_ROW,
                             "attribute %zu of functional has no answered pair", j);
    }
    return CSAT_OK;
}

/* Attributes counted per row-major sweep: one block of counters stays in cache. */
#define KANO_BLOCK 64

/* 1 if a respondent's row has more Q or I answers than the filters allow.
 * Invalid answers count as neither: the block sweeps reject them anyway. */
static int filtered_out(const double *f, const double *d, size_t n_attr, const csat_kano_options *o)
{
    size_t nq = 0, ni = 0;
    for (size_t j = 0; j < n_attr; j++) {
        int pf = answer_position(f[j]), pd = answer_position(d[j]);
        if (pf <= 0 || pd <= 0)
            continue;
        nq += kano_table[pf - 1][pd - 1] == CSAT_KANO_Q;
        ni += kano_table[pf - 1][pd - 1] == CSAT_KANO_I;
    }
    return nq > o->max_questionable || ni > o->max_indifferent;
}

/* Validate and count attributes [j0, j1) of the survey in one row-major sweep.
 * CSAT_EEMPTY / CSAT_EDOM for an attribute with no answered pair / no A,O,M,I. */
static csat_status count_block(const double *f, const double *d, size_t n_resp, size_t n_attr,
                               size_t j0, size_t j1, const csat_kano_options *o,
                               size_t counts[KANO_BLOCK][CSAT_KANO_N_CATEGORIES],
                               size_t skipped[KANO_BLOCK], size_t *filtered, csat_error *err)
{
    const size_t w = j1 - j0;
    const int filtering = o->max_questionable != SIZE_MAX || o->max_indifferent != SIZE_MAX;
    memset(counts, 0, sizeof(size_t) * KANO_BLOCK * CSAT_KANO_N_CATEGORIES);
    memset(skipped, 0, sizeof(size_t) * KANO_BLOCK);
    *filtered = 0;
    for (size_t i = 0; i < n_resp; i++) {
        const double *fr = f + i * n_attr + j0, *dr = d + i * n_attr + j0;
        if (filtering && filtered_out(f + i * n_attr, d + i * n_attr, n_attr, o)) {
            (*filtered)++;
            continue;
        }
        for (size_t j = 0; j < w; j++) {
            int pf = answer_position(fr[j]), pd = answer_position(dr[j]);
            if (pf > 0 && pd > 0) {
                counts[j][kano_table[pf - 1][pd - 1]]++;
                continue;
            }
            if (pf < 0 || pd < 0 || o->nan_policy == CSAT_NAN_ERROR)
                return pair_error(f, d, i * n_attr + j0 + j, pf, pd, err);
            skipped[j]++;
        }
    }
    for (size_t j = 0; j < w; j++) {
        if (skipped[j] + *filtered == n_resp)
            return csat__err(err, CSAT_EEMPTY, "functional", CSAT_NO_ROW,
                             "attribute %zu of functional has no answered pair", j0 + j);
        if (counts[j][CSAT_KANO_A] + counts[j][CSAT_KANO_O] + counts[j][CSAT_KANO_M]
                + counts[j][CSAT_KANO_I]
            == 0)
            return csat__err(err, CSAT_EDOM, "functional", CSAT_NO_ROW,
                             "attribute %zu of functional has no A, O, M or I answer: its shares are "
                             "undefined",
                             j0 + j);
    }
    return CSAT_OK;
}

csat_status csat_kano_survey(const double *functional, const double *dysfunctional,
                             size_t n_respondents, size_t n_attributes,
                             const csat_kano_options *opts, csat_kano_result *out, csat_error *err)
{
    size_t counts[KANO_BLOCK][CSAT_KANO_N_CATEGORIES], skipped[KANO_BLOCK], filtered, cells;
    csat_kano_options o;
    csat_status st;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    if (functional == NULL)
        return csat__err_null(err, "functional");
    if (dysfunctional == NULL)
        return csat__err_null(err, "dysfunctional");
    if ((st = resolve_options(opts, &o, err)) != CSAT_OK)
        return st;
    if (!csat__array_bytes_ok(n_respondents, n_attributes, sizeof(double)))
        return csat__err(err, CSAT_EINVAL, "n_respondents", CSAT_NO_ROW,
                         "n_respondents x n_attributes = %zu x %zu overflows the address space",
                         (size_t)(n_respondents), (size_t)(n_attributes));
    if (!csat__array_bytes_ok(n_attributes, 1, sizeof *out))
        return csat__err_size(err, "n_attributes", n_attributes);
    cells = n_respondents * n_attributes;
    if (cells == 0)
        return csat__err(err, CSAT_EEMPTY, "functional", CSAT_NO_ROW,
                         "functional has no answers (n_respondents = %zu, n_attributes = %zu)", n_respondents,
                         n_attributes);
    /* Outputs stay untouched on error: with more than one block, every block
     * is validated before any is written (and counted again then). */
    if (n_attributes > KANO_BLOCK)
        for (size_t j0 = 0; j0 < n_attributes; j0 += KANO_BLOCK) {
            size_t j1 = j0 + KANO_BLOCK < n_attributes ? j0 + KANO_BLOCK : n_attributes;
            st = count_block(functional, dysfunctional, n_respondents, n_attributes, j0, j1,
                             &o, counts, skipped, &filtered, err);
            if (st != CSAT_OK)
                return st;
        }
    for (size_t j0 = 0; j0 < n_attributes; j0 += KANO_BLOCK) {
        size_t j1 = j0 + KANO_BLOCK < n_attributes ? j0 + KANO_BLOCK : n_attributes;
        st = count_block(functional, dysfunctional, n_respondents, n_attributes, j0, j1,
                         &o, counts, skipped, &filtered, err);
        if (st != CSAT_OK)
            return st;
        for (size_t j = j0; j < j1; j++) {
            double c[CSAT_KANO_N_CATEGORIES];
            for (int k = 0; k < CSAT_KANO_N_CATEGORIES; k++)
                c[k] = (double)counts[j - j0][k];
            evaluate(c, &o, &out[j]);
            out[j].n_skipped = skipped[j - j0];
            out[j].n_filtered = filtered;
        }
    }
    return CSAT_OK;
}

csat_status csat_kano_continuous(const double *functional, const double *dysfunctional,
                                 const double *importance, size_t n_respondents,
                                 size_t n_attributes, const csat_scale *importance_scale,
                                 const csat_kano_options *opts, csat_kano_continuous_result *out,
                                 csat_error *err)
{
    csat_kano_options o;
    csat_status st;
    csat__err_clear(err);
    if (out == NULL)
        return csat__err_null(err, "out");
    if (!csat__array_bytes_ok(n_respondents, n_attributes, sizeof(double)))
        return csat__err(err, CSAT_EINVAL, "n_respondents", CSAT_NO_ROW,
                         "n_respondents x n_attributes = %zu x %zu overflows the address space",
                         (size_t)(n_respondents), (size_t)(n_attributes));
    if (!csat__array_bytes_ok(n_attributes, 1, sizeof *out))
        return csat__err_size(err, "n_attributes", n_attributes);
    if ((st = resolve_options(opts, &o, err)) != CSAT_OK)
        return st;
    if ((st = check_survey(functional, dysfunctional, importance, importance_scale, n_respondents,
                           n_attributes, &o, err))
        != CSAT_OK)
        return st;
    for (size_t j = 0; j < n_attributes; j++) {
        csat__ksum sf = {0, 0}, sd = {0, 0}, si = {0, 0};
        size_t used = 0;
        csat_kano_continuous_result r;
        for (size_t i = 0; i < n_respondents; i++) {
            size_t at = i * n_attributes + j;
            int pf = answer_position(functional[at]), pd = answer_position(dysfunctional[at]);
            if (pf == 0 || pd == 0 || (importance != NULL && isnan(importance[at])))
                continue;
            csat__ksum_add(&sf, functional_score[pf - 1]);
            csat__ksum_add(&sd, dysfunctional_score[pd - 1]);
            if (importance != NULL) {
                double x = csat__scale_orient(importance_scale, importance[at]);
                csat__ksum_add(&si, (x - importance_scale->min)
                                        / (importance_scale->max - importance_scale->min));
            }
            used++;
        }
        r.n = used;
        r.n_skipped = n_respondents - used;
        r.functional = o.score_factor * (csat__ksum_value(&sf) / (double)used);
        r.dysfunctional = o.score_factor * (csat__ksum_value(&sd) / (double)used);
        r.importance = csat__ksum_value(&si) / (double)used;
        out[j] = r;
    }
    return CSAT_OK;
}
