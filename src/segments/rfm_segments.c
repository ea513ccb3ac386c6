/*
 * Named RFM segments: ordered rule tables applied first-match, the built-in
 * tables of docs/theory/segmentation.rst, section 11.1, and a validator that walks every score
 * cell to find holes, overlaps and rows shadowed by earlier rows.
 */
#include "segments/segmentation.h"

#include <string.h>

/* Rows per table: enough for any real map, small enough to validate on the stack. */
#define MAX_RULES 256

#define R(name, a, b, c, d, e, f) {name, a, b, c, d, e, f, 0}
#define RFM_AVG(name, a, b, c, d) {name, a, b, c, d, 0, 5, 1}

/* R rfm >= 0.3.0, R/rfm-segment.R example (rsquaredacademy/rfm). */
static const csat_rfm_rule r_v03_rules[] = {
    R("Champions", 5, 5, 5, 5, 5, 5),
    R("Potential Loyalist", 3, 5, 3, 5, 2, 5),
    R("Loyal Customers", 2, 4, 2, 4, 2, 4),
    R("Promising", 3, 4, 1, 3, 3, 5),
    R("New Customers", 4, 5, 1, 3, 1, 5),
    R("Can't Lose Them", 1, 2, 3, 4, 4, 5),
    R("At Risk", 1, 2, 2, 5, 4, 5),
    R("Need Attention", 1, 3, 3, 5, 3, 5),
    R("About To Sleep", 2, 3, 1, 3, 1, 4),
    R("Lost", 1, 1, 1, 5, 1, 5),
};

/* R rfm 0.2.x, tests/testthat/test-rfm-segment.R. */
static const csat_rfm_rule r_v02_rules[] = {
    R("Champions", 4, 5, 4, 5, 4, 5),
    R("Loyal Customers", 2, 5, 3, 5, 3, 5),
    R("Potential Loyalist", 3, 5, 1, 3, 1, 3),
    R("New Customers", 4, 5, 1, 1, 1, 1),
    R("Promising", 3, 4, 1, 1, 1, 1),
    R("Need Attention", 2, 3, 2, 3, 2, 3),
    R("About To Sleep", 2, 3, 1, 2, 1, 2),
    R("At Risk", 1, 2, 2, 5, 2, 5),
    R("Can't Lose Them", 1, 1, 4, 5, 4, 5),
    R("Lost", 1, 2, 1, 2, 1, 2),
};

/* Eleven segments on R and (F+M)/2 (SimonXwk/RexRFM segment.py; churned.io). */
static const csat_rfm_rule eleven_rules[] = {
    RFM_AVG("Champions", 4, 5, 4, 5),
    RFM_AVG("Loyal Customers", 2, 5, 3, 5),
    RFM_AVG("Potential Loyalist", 3, 5, 1, 5),
    RFM_AVG("Recent Customers", 4, 5, 0, 1),
    RFM_AVG("Promising", 3, 4, 0, 1),
    RFM_AVG("Customers Needing Attention", 2, 3, 2, 3),
    RFM_AVG("About To Sleep", 2, 3, 0, 2),
    RFM_AVG("At Risk", 0, 2, 2, 5),
    RFM_AVG("Can't Lose Them", 0, 1, 4, 5),
    RFM_AVG("Hibernating", 1, 2, 1, 2),
    RFM_AVG("Lost", 0, 2, 0, 2),
};

/* R-F grid (SaadAbdElGhaffar/customer-segmentation-rfm-kmeans utils/rfm_analysis.py). */
static const csat_rfm_rule rf_grid_rules[] = {
    R("hibernating", 1, 2, 1, 2, 1, 5),
    R("at_risk", 1, 2, 3, 4, 1, 5),
    R("cant_loose", 1, 2, 5, 5, 1, 5),
    R("about_to_sleep", 3, 3, 1, 2, 1, 5),
    R("need_attention", 3, 3, 3, 3, 1, 5),
    R("loyal_customers", 3, 4, 4, 5, 1, 5),
    R("promising", 4, 4, 1, 1, 1, 5),
    R("new_customers", 5, 5, 1, 1, 1, 5),
    R("potential_loyalists", 4, 5, 2, 3, 1, 5),
    R("champions", 5, 5, 4, 5, 1, 5),
};

#define TABLE(rules, others) {rules, sizeof rules / sizeof rules[0], 5u, others, "Others"}
static const csat_rfm_table builtin[] = {
    TABLE(r_v03_rules, 1),
    TABLE(r_v02_rules, 1),
    TABLE(eleven_rules, 1),
    TABLE(rf_grid_rules, 0),
};

const csat_rfm_table *csat_rfm_table_builtin(csat_rfm_builtin which)
{
    if ((unsigned)which >= sizeof builtin / sizeof builtin[0])
        return NULL;
    return &builtin[which];
}

static int bounds_ok(int lo, int hi, int bins) { return lo >= 0 && lo <= hi && hi <= bins; }

static csat_status table_check(const csat_rfm_table *t, csat_error *err)
{
    if (t == NULL)
        return csat__err_null(err, "table");
    if (t->rules == NULL)
        return csat__err_null(err, "table->rules");
    if (t->n_rules == 0 || t->n_rules > MAX_RULES)
        return csat__err(err, CSAT_EINVAL, "table->n_rules", CSAT_NO_ROW,
                         "table->n_rules = %zu is not in 1..%d", (size_t)t->n_rules, MAX_RULES);
    if (t->bins < 2 || t->bins > 9)
        return csat__err(err, CSAT_EINVAL, "table->bins", CSAT_NO_ROW,
                         "table->bins = %u is not in 2..9", (unsigned)t->bins);
    if (t->others && t->others_name == NULL)
        return csat__err(err, CSAT_EINVAL, "table->others_name", CSAT_NO_ROW,
                         "table->others_name is NULL but table->others is set");
    for (size_t i = 0; i < t->n_rules; i++) {
        const csat_rfm_rule *u = &t->rules[i];
        int b = (int)t->bins;
        if (u->name == NULL)
            return csat__err(err, CSAT_EINVAL, "table->rules", i, "table->rules[%zu].name is NULL",
                             i);
        if (!bounds_ok(u->r_lo, u->r_hi, b) || !bounds_ok(u->f_lo, u->f_hi, b)
            || (!u->fm_average && !bounds_ok(u->m_lo, u->m_hi, b)))
            return csat__err(err, CSAT_EINVAL, "table->rules", i,
                             "table->rules[%zu] (\"%s\"): a bound is not 0 <= lo <= hi <= bins = %d",
                             i, u->name, b);
        if (u->fm_average != 0 && u->fm_average != 1)
            return csat__err(err, CSAT_EINVAL, "table->rules", i,
                             "table->rules[%zu].fm_average = %d is not 0 or 1", i, u->fm_average);
    }
    return CSAT_OK;
}

static int rule_matches(const csat_rfm_rule *u, int r, int f, int m)
{
    if (r < u->r_lo || r > u->r_hi)
        return 0;
    if (u->fm_average) /* (F+M)/2 in [lo, hi] without halves: F+M in [2lo, 2hi] */
        return f + m >= 2 * u->f_lo && f + m <= 2 * u->f_hi;
    return f >= u->f_lo && f <= u->f_hi && m >= u->m_lo && m <= u->m_hi;
}

/* First matching row, the catch-all index, or -1. */
static int first_match(const csat_rfm_table *t, int r, int f, int m)
{
    for (size_t i = 0; i < t->n_rules; i++)
        if (rule_matches(&t->rules[i], r, f, m))
            return (int)i;
    return t->others ? (int)t->n_rules : -1;
}

csat_status csat_rfm_table_validate(const csat_rfm_table *t, csat_rfm_table_report *report,
                                    int *cell_segment, size_t *rule_cells, csat_error *err)
{
    csat_rfm_table_report rep;
    size_t wins[MAX_RULES];
    unsigned char pair[MAX_RULES * MAX_RULES / 8];
    int hit[MAX_RULES];
    int b;
    csat_status st;
    csat__err_clear(err);
    if (report == NULL)
        return csat__err_null(err, "report");
    if ((st = table_check(t, err)) != CSAT_OK)
        return st;
    b = (int)t->bins;
    memset(&rep, 0, sizeof rep);
    memset(wins, 0, sizeof wins);
    memset(pair, 0, sizeof pair);
    rep.n_cells = (size_t)b * (size_t)b * (size_t)b;
    for (int r = 1; r <= b; r++)
        for (int f = 1; f <= b; f++)
            for (int m = 1; m <= b; m++) {
                size_t nh = 0;
                for (size_t i = 0; i < t->n_rules; i++)
                    if (rule_matches(&t->rules[i], r, f, m))
                        hit[nh++] = (int)i;
                rep.n_uncovered += nh == 0;
                rep.n_overlap_cells += nh > 1;
                if (nh > 0)
                    wins[hit[0]]++;
                /* fm_average rows are not boxes, so overlaps are found cell by cell. */
                for (size_t x = 0; x < nh; x++)
                    for (size_t y = x + 1; y < nh; y++) {
                        size_t bit = (size_t)hit[x] * MAX_RULES + (size_t)hit[y];
                        pair[bit / 8] |= (unsigned char)(1u << (bit % 8));
                    }
                if (cell_segment)
                    cell_segment[((size_t)(r - 1) * (size_t)b + (size_t)(f - 1)) * (size_t)b
                                 + (size_t)(m - 1)]
                        = nh > 0 ? hit[0] : (t->others ? (int)t->n_rules : -1);
            }
    for (size_t i = 0; i < sizeof pair; i++)
        for (unsigned k = 0; k < 8; k++)
            rep.n_overlap_pairs += (pair[i] >> k) & 1u;
    for (size_t i = 0; i < t->n_rules; i++)
        rep.n_unreachable += wins[i] == 0;
    if (rule_cells)
        memcpy(rule_cells, wins, t->n_rules * sizeof *rule_cells);
    *report = rep;
    return CSAT_OK;
}

csat_status csat_rfm_segment_assign(const csat_rfm_table *t, const int *r, const int *f, const int *m,
                                    size_t n, int *segment, size_t *counts, size_t *n_unassigned,
                                    csat_error *err)
{
    int lut[9 * 9 * 9];
    size_t unassigned = 0;
    int b;
    csat_status st;
    csat__err_clear(err);
    if ((st = table_check(t, err)) != CSAT_OK)
        return st;
    if (n > 0 && !r)
        return csat__err_null(err, "r");
    if (n > 0 && !f)
        return csat__err_null(err, "f");
    if (n > 0 && !m)
        return csat__err_null(err, "m");
    if (n > 0 && !segment)
        return csat__err_null(err, "segment");
    if (!csat__array_bytes_ok(n, 1, sizeof *segment))
        return csat__err_size(err, "n", n);
    b = (int)t->bins;
    /* One lookup table of the first match per cell, then O(1) per customer. */
    for (int i = 0; i < b; i++)
        for (int j = 0; j < b; j++)
            for (int k = 0; k < b; k++)
                lut[(i * b + j) * b + k] = first_match(t, i + 1, j + 1, k + 1);
    for (size_t i = 0; i < n; i++) {
        if (r[i] < 1 || r[i] > b)
            return csat__err(err, CSAT_EINVAL, "r", i, "r[%zu] = %d is not a score 1..%d", i, r[i],
                             b);
        if (f[i] < 1 || f[i] > b)
            return csat__err(err, CSAT_EINVAL, "f", i, "f[%zu] = %d is not a score 1..%d", i, f[i],
                             b);
        if (m[i] < 1 || m[i] > b)
            return csat__err(err, CSAT_EINVAL, "m", i, "m[%zu] = %d is not a score 1..%d", i, m[i],
                             b);
        unassigned += lut[((r[i] - 1) * b + (f[i] - 1)) * b + (m[i] - 1)] < 0;
    }
    if (unassigned && n_unassigned == NULL)
        return csat__err(err, CSAT_EDOM, "n_unassigned", CSAT_NO_ROW,
                         "%zu customers match no rule and n_unassigned is NULL", unassigned);
    if (counts)
        memset(counts, 0, (t->n_rules + 1) * sizeof *counts);
    for (size_t i = 0; i < n; i++) {
        int s = lut[((r[i] - 1) * b + (f[i] - 1)) * b + (m[i] - 1)];
        segment[i] = s;
        if (counts && s >= 0)
            counts[s]++;
    }
    if (n_unassigned)
        *n_unassigned = unassigned;
    return CSAT_OK;
}

const char *csat_rfm_segment_name(const csat_rfm_table *t, int s)
{
    if (t == NULL || s < 0 || t->rules == NULL)
        return "";
    if ((size_t)s < t->n_rules)
        return t->rules[s].name ? t->rules[s].name : "";
    if ((size_t)s == t->n_rules && t->others && t->others_name)
        return t->others_name;
    return "";
}
