/*
 * libFuzzer target for the satisfaction and loyalty entry points. The first
 * bytes choose the function and the shape; the rest become answers: mostly
 * small integers (so valid paths are reached), sometimes NaN, Inf, huge or
 * fractional values. Any crash, leak or UB report is a bug.
 */
#include <csat.h>
#include "fuzz_util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAXV 512

static double value(reader *r)
{
    uint8_t b = byte(r);
    switch (b >> 5) {
    case 0:
        return NAN;
    case 1:
        switch (b & 3) {
        case 0:
            return INFINITY;
        case 1:
            return -1e308;
        case 2:
            return 1.7e308;
        default:
            return 1e200;
        }
    case 2:
        return (double)(b & 31) / 4.0;
    default:
        return (double)(b & 15);
    }
}

static size_t fill(reader *r, double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = value(r);
    return n;
}

/* Valid input must never yield NaN or Inf: a finding is a crash. */
#define FINITE(...) \
    check_finite((const double[]){__VA_ARGS__}, sizeof((const double[]){__VA_ARGS__}) / sizeof(double))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    double a[MAXV] = {0}, b[MAXV] = {0}, c[MAXV] = {0}, w[MAXV] = {0}, out[MAXV], out2[MAXV];
    uint8_t which = byte(&r);
    size_t rows = 1 + byte(&r) % 16, cols = 1 + byte(&r) % 24, n = rows * cols;
    csat_nan_policy pol = (byte(&r) & 1) ? CSAT_NAN_SKIP : CSAT_NAN_ERROR;
    csat_scale sc = {value(&r), value(&r), byte(&r) & 1};

    fill(&r, a, n);
    fill(&r, b, n);
    fill(&r, c, n);
    fill(&r, w, n);
    switch (which % 12) {
    case 0: {
        csat_kano_options o = CSAT_KANO_OPTIONS_INIT;
        csat_kano_result kr[24];
        csat_kano_continuous_result cr[24];
        o.nan_policy = pol;
        o.rule = (csat_kano_rule)(byte(&r) % 5);
        o.delta = value(&r);
        if (csat_kano_survey(a, b, rows, cols, &o, kr) == CSAT_OK)
            for (size_t j = 0; j < cols; j++)
                FINITE(kr[j].better, kr[j].worse, kr[j].total_strength, kr[j].category_strength,
                       kr[j].fong_difference, kr[j].fong_critical, kr[j].chisq, kr[j].chisq_p);
        if (csat_kano_continuous(a, b, c, rows, cols, &sc, &o, cr) == CSAT_OK)
            for (size_t j = 0; j < cols; j++)
                FINITE(cr[j].functional, cr[j].dysfunctional, cr[j].importance);
        if (csat_kano_evaluate(a, &o, kr) == CSAT_OK)
            FINITE(kr[0].better, kr[0].worse, kr[0].total_strength, kr[0].category_strength,
                   kr[0].fong_difference, kr[0].fong_critical, kr[0].chisq, kr[0].chisq_p);
        break;
    }
    case 1: {
        csat_servqual_options o = CSAT_SERVQUAL_OPTIONS_INIT;
        csat_servqual_result sr;
        size_t map[24];
        for (size_t i = 0; i < cols; i++)
            map[i] = byte(&r) % 4;
        o.nan_policy = pol;
        o.scale = sc;
        o.item_dimension = map;
        o.n_dimensions = 1 + byte(&r) % 4;
        if (csat_servqual(a, (byte(&r) & 1) ? b : NULL, rows, cols, (byte(&r) & 1) ? w : NULL, &o,
                          out, out2, c, w, NULL, NULL, &sr)
            == CSAT_OK) {
            FINITE(sr.overall, sr.overall_se, sr.weighted, sr.weighted_se);
            check_finite(out, cols);
            check_finite(out2, cols);
        }
        break;
    }
    case 2: {
        csat_servqual_options o = CSAT_SERVQUAL_OPTIONS_INIT;
        csat_zot_result items[24], dims[4];
        size_t map[24];
        for (size_t i = 0; i < cols; i++)
            map[i] = byte(&r) % 4;
        o.nan_policy = pol;
        o.scale = sc;
        o.item_dimension = map;
        o.n_dimensions = 1 + byte(&r) % 4;
        if (csat_zot(a, b, c, rows, cols, &o, items, dims) == CSAT_OK)
            for (size_t j = 0; j < o.n_dimensions; j++)
                FINITE(dims[j].adequate, dims[j].desired, dims[j].perceived, dims[j].msa, dims[j].mss);
        break;
    }
    case 3: {
        csat_nps_options o = CSAT_NPS_OPTIONS_INIT;
        csat_nps_result nr;
        csat_nps_interval ci;
        csat_nps_comparison cmp;
        o.nan_policy = pol;
        if (csat_nps(a, n, &o, &nr) == CSAT_OK)
            FINITE(nr.promoters, nr.passives, nr.detractors, nr.n, nr.score, nr.variance, nr.se);
        if (csat_nps_interval_counts(b[0], b[1], b[2], (csat_nps_interval_method)(byte(&r) % 4),
                                     value(&r) / 4.0, byte(&r) & 1, value(&r), &ci)
            == CSAT_OK)
            FINITE(ci.estimate, ci.lower, ci.upper, ci.se);
        if (csat_nps_compare(b[0], b[1], b[2], c[0], c[1], c[2], 0.95, &cmp) == CSAT_OK)
            FINITE(cmp.difference, cmp.se, cmp.z, cmp.p_value, cmp.lower, cmp.upper);
        (void)csat_nps_sample_size(value(&r) / 16.0, value(&r), 0.9, out);
        break;
    }
    case 4: {
        csat_share_result s;
        csat_mean_result m;
        if (csat_csat(a, n, &sc, value(&r), pol, &s) == CSAT_OK)
            FINITE(s.percent, s.se);
        if (csat_ces(a, n, &sc, pol, &m) == CSAT_OK)
            FINITE(m.mean, m.sd, m.se);
        break;
    }
    case 5: {
        csat_csi_options o = CSAT_CSI_OPTIONS_INIT;
        csat_index_result ir;
        o.scale = sc;
        o.nan_policy = pol;
        o.method = (csat_csi_method)(byte(&r) % 3);
        if (csat_csi(a, rows, cols, (byte(&r) & 1) ? w : NULL, &o, &ir) == CSAT_OK)
            FINITE(ir.index, ir.se);
        break;
    }
    case 6: {
        csat_disconfirmation st[MAXV];
        csat_disconfirmation_result dr;
        csat_seven_factor_paths p = {w[0], w[1], w[2], w[3], w[4 % n], w[5 % n]};
        csat_seven_factor_result sf;
        if (csat_disconfirm(a, b, n, (byte(&r) & 1) ? w : NULL, &sc, value(&r), pol, out, st, &dr)
            == CSAT_OK)
            FINITE(dr.d);
        if (csat_seven_factor(a[0], b[0], c[0], &sc, &p, &sf) == CSAT_OK)
            FINITE(sf.desires_congruency, sf.expectations_congruency, sf.attribute_satisfaction,
                   sf.information_satisfaction, sf.overall_satisfaction);
        break;
    }
    case 7: {
        csat_ipa_options o = CSAT_IPA_OPTIONS_INIT;
        csat_ipa_result ir[MAXV];
        double ic, pc;
        o.crosshair = (csat_ipa_crosshair)(byte(&r) % 5);
        o.importance_cut = value(&r);
        o.performance_cut = value(&r);
        if (csat_ipa(a, b, n, &o, ir, &ic, &pc) == CSAT_OK)
            FINITE(ic, pc, ir[0].gap);
        break;
    }
    case 8:
        if (csat_importance_derived(a, b, rows, cols > 4 ? 4 : cols,
                                    (csat_importance_method)(byte(&r) % 3), pol, NULL, out)
            == CSAT_OK)
            check_finite(out, cols > 4 ? 4 : cols);
        break;
    case 9: {
        csat_jones_sasser js[MAXV];
        csat_dick_basu db;
        csat_oliver_phase op;
        csat_loyalty_bond lb;
        (void)csat_jones_sasser_classify(a, b, n, NULL, js);
        (void)csat_dick_basu_classify(a[0], b[0], c[0], w[0], &db);
        if (n >= 4)
            (void)csat_oliver_phase_of(a, b, &sc, &op);
        if (n >= 4)
            if (csat_loyalty_bond_score(a, &sc, (byte(&r) & 1) ? w : NULL, out, &lb) == CSAT_OK)
                FINITE(out[0]);
        break;
    }
    case 10: {
        csat_scale scales[6];
        for (int k = 0; k < 6; k++) {
            scales[k].min = value(&r);
            scales[k].max = value(&r);
            scales[k].reversed = byte(&r) & 1;
        }
        if (csat_loyalty_index(a, n / 6, scales, (byte(&r) & 1) ? w : NULL, pol, out) == CSAT_OK)
            check_finite(out, n / 6);
        break;
    }
    default: {
        csat_satisfaction_retention_result rr;
        csat_iceberg_options o = CSAT_ICEBERG_OPTIONS_INIT;
        csat_iceberg_result ib;
        o.complain_share = value(&r) / 16.0;
        (void)csat_satisfaction_retention_forecast(a, b, n > 8 ? 8 : n, NULL, 0, value(&r), &rr);
        if (csat_satisfaction_retention_forecast(a, b, n > 8 ? 8 : n, NULL, 0, 1.0, &rr) == CSAT_OK)
            FINITE(rr.customers, rr.retained_low, rr.retained_mid, rr.retained_high, rr.revenue_low,
                   rr.revenue_mid, rr.revenue_high);
        if (csat_iceberg(a[0], b[0], c[0], &o, &ib) == CSAT_OK)
            FINITE(ib.dissatisfied, ib.silent, ib.lost, ib.word_of_mouth, ib.revenue_at_risk,
                   ib.replacement_cost, ib.retention_cost);
        break;
    }
    }
    return 0;
}
