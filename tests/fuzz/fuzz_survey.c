/*
 * libFuzzer target for the satisfaction and loyalty entry points. The first
 * bytes choose the function and the shape; the rest become answers: mostly
 * small integers (so valid paths are reached), sometimes NaN, Inf, huge,
 * tiny or fractional values, and scales and options from the bytes too.
 * Contract checks on CSAT_OK: every output finite and in its documented
 * range (Better in [0, 1], Worse in [-1, 0], NPS in [-100, 100], percents in
 * [0, 100], indices in [0, 100], means on the scale, gaps within the scale's
 * width, p-values in [0, 1], enums in range, counts adding up); on error
 * every output untouched (pre-filled with a sentinel and compared).
 */
#include <csat.h>
#include "fuzz_util.h"

#define MAXV 512

static double value(reader *r)
{
    uint8_t b = byte(r);
    switch (b >> 5) {
    case 0:
        return NAN;
    case 1:
        switch (b & 7) {
        case 0: return INFINITY;
        case 1: return -1e308;
        case 2: return 1.7e308;
        case 3: return 1e200;
        case 4: return log_uniform(r);
        case 5: return -log_uniform(r);
        case 6: return 1e100;
        default: return -1e100;
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

static int scale_ok(const csat_scale *s)
{
    return isfinite(s->min) && isfinite(s->max) && s->min < s->max && fabs(s->min) <= CSAT_SURVEY_SCALE_LIMIT &&
           fabs(s->max) <= CSAT_SURVEY_SCALE_LIMIT;
}

#define ALL_FINITE(...) \
    CHECK(all_finite((const double[]){__VA_ARGS__}, sizeof((const double[]){__VA_ARGS__}) / sizeof(double)), \
          "not finite: %s", #__VA_ARGS__)

static void check_kano(const csat_kano_result *k)
{
    ALL_FINITE(k->n, k->n_valid, k->better, k->worse, k->total_strength, k->category_strength, k->fong_difference,
               k->fong_critical, k->chisq, k->chisq_p);
    CHECK(k->category >= 0 && k->category <= 5 && k->mode >= 0 && k->mode <= 5, "Kano category %d mode %d",
          (int)k->category, (int)k->mode);
    IN_RANGE(k->better, 0.0, 1.0);
    IN_RANGE(k->worse, -1.0, 0.0);
    IN_RANGE(k->total_strength, 0.0, 1.0);
    IN_RANGE(k->category_strength, 0.0, 1.0);
    NONNEG(k->fong_difference), NONNEG(k->fong_critical), NONNEG(k->chisq);
    IN_RANGE(k->chisq_p, 0.0, 1.0);
    CHECK(k->fong_significant == 0 || k->fong_significant == 1, "fong_significant");
    for (int c = 0; c < 6; c++)
        NONNEG(k->counts[c]);
}

static void check_nps(const csat_nps_result *r)
{
    ALL_FINITE(r->promoters, r->passives, r->detractors, r->n, r->score, r->variance, r->se);
    IN_RANGE(r->score, -100.0, 100.0);
    IN_RANGE(r->variance, 0.0, 1.0);
    NONNEG(r->se);
    CHECK(r->n > 0, "NPS n %g", r->n);
}

static void check_zot(const csat_zot_result *z, const csat_scale *sc)
{
    double w = sc->max - sc->min;
    ALL_FINITE(z->adequate, z->desired, z->perceived, z->width, z->msa, z->mss);
    CHECK(z->width >= 0, "ZOT width %g", z->width);
    CHECK(fabs(z->msa) <= w * (1 + 1e-12) && fabs(z->mss) <= w * (1 + 1e-12), "MSA %g MSS %g beyond the scale", z->msa,
          z->mss);
    CHECK(z->position >= -1 && z->position <= 1, "position %d", (int)z->position);
    CHECK(z->n_below + z->n_within + z->n_above >= z->n, "ZOT counts");
}

static void simple_tables(reader *r)
{
    size_t map[24], cap = byte(r) % 25;
    unsigned char flags[24];
    double w[6], gaps[8], wts[8], out, lo = INFINITY, hi = -INFINITY;
    csat_satisfaction_retention_row rows[6];
    csat_kano_category cat;
    size_t nd = byte(r) % 8;
    csat_status st;
    int fu = (int)(int8_t)byte(r) % 7, dy = (int)(int8_t)byte(r) % 7;
    poison(&cat, sizeof cat);
    st = FZ_CALL(csat_kano_classify(fu, dy, &cat, FZ_ERR));
    if (fu >= 1 && fu <= 5 && dy >= 1 && dy <= 5)
        CHECK(st == CSAT_OK && cat >= 0 && cat <= 5, "kano_classify(%d, %d): %d, %d", fu, dy, (int)st, (int)cat);
    else
        CHECK(st == CSAT_EINVAL && poisoned(&cat, sizeof cat), "kano_classify(%d, %d) accepted", fu, dy);
    CHECK(FZ_CALL(csat_kano_classify(1, 1, NULL, FZ_ERR)) == CSAT_EINVAL, "kano_classify(NULL)");
    poison(map, sizeof map);
    st = FZ_CALL(csat_servqual_standard_map(map, cap, FZ_ERR));
    if (cap >= 22) {
        CHECK(st == CSAT_OK, "standard_map: %d", (int)st);
        for (int i = 0; i < 22; i++)
            CHECK(map[i] <= 4 && (i == 0 || map[i] >= map[i - 1]), "standard map[%d] = %zu", i, map[i]);
    } else {
        CHECK(st == CSAT_EBUFSIZE && poisoned(map, sizeof map), "standard_map cap %zu: %d", cap, (int)st);
    }
    poison(flags, sizeof flags);
    st = FZ_CALL(csat_servqual_reverse_1988(flags, cap, FZ_ERR));
    if (cap >= 22) {
        int ones = 0;
        CHECK(st == CSAT_OK, "reverse_1988: %d", (int)st);
        for (int i = 0; i < 22; i++)
            CHECK(flags[i] <= 1, "flag %d", flags[i]), ones += flags[i];
        CHECK(ones == 9, "%d reversed items", ones);
    } else {
        CHECK(st == CSAT_EBUFSIZE && poisoned(flags, sizeof flags), "reverse_1988 cap %zu", cap);
    }
    poison(w, sizeof w);
    st = FZ_CALL(csat_servqual_pzb_weights(w, cap % 7, FZ_ERR));
    if (cap % 7 >= 5) {
        CHECK(st == CSAT_OK && w[0] + w[1] + w[2] + w[3] + w[4] == 100.0, "pzb_weights");
    } else {
        CHECK(st != CSAT_OK && poisoned(w, sizeof w), "pzb_weights cap %zu", cap % 7);
    }
    poison(rows, sizeof rows);
    st = FZ_CALL(csat_satisfaction_retention_table(rows, cap % 7, FZ_ERR));
    if (cap % 7 >= 5) {
        CHECK(st == CSAT_OK, "retention table");
        for (int i = 0; i < 5; i++)
            CHECK(rows[i].low >= 0 && rows[i].low <= rows[i].high && rows[i].high <= 1, "retention row %d", i);
    } else {
        CHECK(st != CSAT_OK && poisoned(rows, sizeof rows), "retention table cap %zu", cap % 7);
    }
    for (size_t i = 0; i < nd; i++) {
        gaps[i] = value(r);
        wts[i] = value(r);
        lo = fmin(lo, gaps[i]);
        hi = fmax(hi, gaps[i]);
    }
    poison(&out, sizeof out);
    st = FZ_CALL(csat_servqual_combine(gaps, (byte(r) & 1) ? wts : NULL, nd, &out, FZ_ERR));
    if (st == CSAT_OK) {
        CHECK(isfinite(out), "servqual_combine %g", out);
        CHECK(out >= lo - 1e-9 * fabs(lo) - 1e-300 && out <= hi + 1e-9 * fabs(hi) + 1e-300,
              "combined gap %.17g outside [%.17g, %.17g]", out, lo, hi);
    } else {
        UNTOUCHED(&out, sizeof out, st);
    }
}

static void gaps_and_items(reader *r, double *a, double *b, double *c, double *w, size_t cols, csat_scale sc)
{
    double mg[5], ig[24 * 5];
    int av[5];
    uint8_t f = byte(r);
    const double *v[6] = {a, b, c, w, a + cols, b + cols};
    csat_zot_result z;
    csat_nps_result nr;
    csat_status st;
    poison(mg, sizeof mg), poison(av, sizeof av), poison(ig, sizeof ig);
    st = FZ_CALL(csat_service_gaps(f & 1 ? v[0] : NULL, f & 2 ? v[1] : NULL, f & 4 ? v[2] : NULL, f & 8 ? v[3] : NULL,
                           f & 16 ? v[4] : NULL, f & 32 ? v[5] : NULL, cols, mg, av, (f & 64) ? NULL : ig, FZ_ERR));
    if (st == CSAT_OK) {
        int any = 0;
        for (int g = 0; g < 5; g++) {
            CHECK(av[g] == 0 || av[g] == 1, "available[%d] = %d", g, av[g]);
            CHECK(isfinite(mg[g]) && (av[g] || mg[g] == 0), "mean gap %d = %g", g, mg[g]);
            any |= av[g];
        }
        CHECK(any, "service_gaps OK with no gap");
        if (!(f & 64))
            FINITE_N(ig, cols * 5);
    } else {
        UNTOUCHED(mg, sizeof mg, st), UNTOUCHED(av, sizeof av, st), UNTOUCHED(ig, sizeof ig, st);
    }
    poison(&z, sizeof z);
    st = FZ_CALL(csat_zot_item(a[0], b[0], c[0], (f & 128) ? NULL : &sc, &z, FZ_ERR));
    if (st == CSAT_OK) {
        CHECK(scale_ok(&sc) && a[0] <= b[0], "zot_item accepted A %g D %g on [%g, %g]", a[0], b[0], sc.min, sc.max);
        check_zot(&z, &sc);
        CHECK(z.n == 1, "zot_item n %zu", z.n);
    } else {
        UNTOUCHED(&z, sizeof z, st);
    }
    poison(&nr, sizeof nr);
    st = FZ_CALL(csat_nps_from_counts(w[0], w[1], w[2], &nr, FZ_ERR));
    if (st == CSAT_OK)
        check_nps(&nr);
    else
        UNTOUCHED(&nr, sizeof nr, st);
}

static const double *dump_a, *dump_b;
static size_t dump_rows, dump_cols;
static const csat_scale *dump_sc;

static void dump(void)
{
    fprintf(stderr, "scale [%.17g, %.17g] reversed %d; %zu x %zu\n", dump_sc->min, dump_sc->max, dump_sc->reversed,
            dump_rows, dump_cols);
    for (size_t i = 0; i < dump_rows * dump_cols && i < 64; i++)
        fprintf(stderr, "  a[%zu] %.17g b %.17g\n", i, dump_a[i], dump_b[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    double a[MAXV] = {0}, b[MAXV] = {0}, c[MAXV] = {0}, w[MAXV] = {0}, out[MAXV], out2[MAXV], out3[32], out4[32];
    uint8_t which = byte(&r);
    size_t rows = 1 + byte(&r) % 16, cols = 1 + byte(&r) % 24, n = rows * cols;
    csat_nan_policy pol = (byte(&r) & 1) ? CSAT_NAN_SKIP : CSAT_NAN_ERROR;
    csat_scale sc = {value(&r), value(&r), byte(&r) & 1};
    csat_status st;

    fill(&r, a, n);
    fill(&r, b, n);
    fill(&r, c, n);
    fill(&r, w, n);
    dump_a = a, dump_b = b, dump_rows = rows, dump_cols = cols, dump_sc = &sc;
    fuzz_dump = dump;
    switch (which % 13) {
    case 0: {
        csat_kano_options o = CSAT_KANO_OPTIONS_INIT;
        csat_kano_result kr[24];
        csat_kano_continuous_result cr[24];
        o.nan_policy = pol;
        o.rule = (csat_kano_rule)(byte(&r) % 5);
        o.delta = value(&r);
        if (byte(&r) & 1)
            o.score_factor = value(&r);
        poison(kr, sizeof kr);
        st = FZ_CALL(csat_kano_survey(a, b, rows, cols, &o, kr, FZ_ERR));
        if (st == CSAT_OK)
            for (size_t j = 0; j < cols; j++)
                check_kano(&kr[j]);
        else
            UNTOUCHED(kr, sizeof kr, st);
        poison(cr, sizeof cr);
        st = FZ_CALL(csat_kano_continuous(a, b, (byte(&r) & 1) ? c : NULL, rows, cols, &sc, &o, cr, FZ_ERR));
        if (st == CSAT_OK)
            for (size_t j = 0; j < cols; j++) {
                double f = fabs(o.score_factor);
                ALL_FINITE(cr[j].functional, cr[j].dysfunctional, cr[j].importance);
                CHECK(fabs(cr[j].functional) <= 4 * f * (1 + 1e-12) && fabs(cr[j].dysfunctional) <= 4 * f * (1 + 1e-12),
                      "continuous Kano scores %g %g", cr[j].functional, cr[j].dysfunctional);
                IN_RANGE(cr[j].importance, 0.0, 1.0);
            }
        else
            UNTOUCHED(cr, sizeof cr, st);
        poison(kr, sizeof kr);
        st = FZ_CALL(csat_kano_evaluate(a, &o, kr, FZ_ERR));
        if (st == CSAT_OK)
            check_kano(&kr[0]);
        else
            UNTOUCHED(kr, sizeof kr, st);
        break;
    }
    case 1: {
        csat_servqual_options o = CSAT_SERVQUAL_OPTIONS_INIT;
        csat_servqual_result sr;
        size_t map[24];
        unsigned char rev[24];
        double wd = sc.max - sc.min;
        for (size_t i = 0; i < cols; i++) {
            map[i] = byte(&r) % 4;
            rev[i] = byte(&r) & 1;
        }
        o.nan_policy = pol;
        o.scale = sc;
        o.item_dimension = map;
        o.n_dimensions = 1 + byte(&r) % 4;
        o.reversed_items = (byte(&r) & 1) ? rev : NULL;
        poison(out, sizeof out), poison(out2, sizeof out2), poison(out3, sizeof out3), poison(out4, sizeof out4);
        poison(&sr, sizeof sr);
        st = FZ_CALL(csat_servqual(a, (byte(&r) & 1) ? b : NULL, rows, cols, (byte(&r) & 1) ? w : NULL, &o, out, out2, out3,
                           out4, NULL, NULL, &sr, FZ_ERR));
        if (st == CSAT_OK) {
            ALL_FINITE(sr.overall, sr.overall_se, sr.weighted, sr.weighted_se);
            CHECK(fabs(sr.overall) <= fmax(wd, fmax(fabs(sc.min), fabs(sc.max))) * (1 + 1e-12), "overall %g",
                  sr.overall);
            NONNEG(sr.overall_se), NONNEG(sr.weighted_se);
            FINITE_N(out, cols), FINITE_N(out3, o.n_dimensions);
            for (size_t j = 0; j < cols; j++)
                NONNEG(out2[j]);
            for (size_t j = 0; j < o.n_dimensions; j++)
                NONNEG(out4[j]);
            CHECK(sr.n_complete <= sr.n_respondents && sr.n_respondents <= rows, "servqual counts");
        } else {
            UNTOUCHED(out, sizeof out, st), UNTOUCHED(out2, sizeof out2, st);
            UNTOUCHED(out3, sizeof out3, st), UNTOUCHED(&sr, sizeof sr, st);
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
        poison(items, sizeof items), poison(dims, sizeof dims);
        st = FZ_CALL(csat_zot(a, b, c, rows, cols, &o, items, (byte(&r) & 1) ? NULL : dims, FZ_ERR));
        if (st == CSAT_OK) {
            for (size_t j = 0; j < cols; j++)
                check_zot(&items[j], &sc);
            if (!poisoned(dims, sizeof dims))
                for (size_t j = 0; j < o.n_dimensions; j++)
                    check_zot(&dims[j], &sc);
        } else {
            UNTOUCHED(items, sizeof items, st), UNTOUCHED(dims, sizeof dims, st);
        }
        break;
    }
    case 3: {
        csat_nps_options o = CSAT_NPS_OPTIONS_INIT;
        csat_nps_result nr;
        csat_nps_interval ci;
        csat_nps_comparison cmp;
        int clip = byte(&r) & 1;
        double level = value(&r) / 16.0;
        o.nan_policy = pol;
        if (byte(&r) & 1) {
            o.scale = sc;
            o.detractor_max = value(&r);
            o.promoter_min = value(&r);
        }
        poison(&nr, sizeof nr);
        st = FZ_CALL(csat_nps(a, n, &o, &nr, FZ_ERR));
        if (st == CSAT_OK)
            check_nps(&nr);
        else
            UNTOUCHED(&nr, sizeof nr, st);
        poison(&ci, sizeof ci);
        st = FZ_CALL(csat_nps_interval_counts(b[0], b[1], b[2], (csat_nps_interval_method)(byte(&r) % 4), level, clip,
                                      (byte(&r) & 1) ? value(&r) * 100 : 0.0, &ci, FZ_ERR));
        if (st == CSAT_OK) {
            ALL_FINITE(ci.estimate, ci.lower, ci.upper, ci.se);
            CHECK(ci.lower <= ci.upper, "interval [%g, %g]", ci.lower, ci.upper);
            NONNEG(ci.se);
            IN_RANGE(ci.estimate, -100.0, 100.0);
            if (clip)
                IN_RANGE(ci.lower, -100.0, 100.0), IN_RANGE(ci.upper, -100.0, 100.0);
        } else {
            UNTOUCHED(&ci, sizeof ci, st);
        }
        poison(&cmp, sizeof cmp);
        st = FZ_CALL(csat_nps_compare(b[0], b[1], b[2], c[0], c[1], c[2], level, &cmp, FZ_ERR));
        if (st == CSAT_OK) {
            ALL_FINITE(cmp.difference, cmp.se, cmp.z, cmp.p_value, cmp.lower, cmp.upper);
            IN_RANGE(cmp.difference, -200.0, 200.0);
            NONNEG(cmp.se);
            IN_RANGE(cmp.p_value, 0.0, 1.0);
            CHECK(cmp.lower <= cmp.upper, "comparison interval");
        } else {
            UNTOUCHED(&cmp, sizeof cmp, st);
        }
        poison(out, sizeof out);
        st = FZ_CALL(csat_nps_sample_size(value(&r) / 16.0, value(&r), level, out, FZ_ERR));
        if (st == CSAT_OK)
            CHECK(isfinite(out[0]) && out[0] >= 0 && out[0] == floor(out[0]), "sample size %g", out[0]);
        else
            UNTOUCHED(out, sizeof out, st);
        break;
    }
    case 4: {
        csat_share_result s;
        csat_mean_result m;
        poison(&s, sizeof s);
        st = FZ_CALL(csat_csat(a, n, &sc, value(&r), pol, &s, FZ_ERR));
        if (st == CSAT_OK) {
            IN_RANGE(s.percent, 0.0, 100.0);
            NONNEG(s.se);
            CHECK(s.count <= s.n && s.n + s.n_skipped == n, "CSAT counts");
        } else {
            UNTOUCHED(&s, sizeof s, st);
        }
        poison(&m, sizeof m);
        st = FZ_CALL(csat_ces(a, n, &sc, pol, &m, FZ_ERR));
        if (st == CSAT_OK) {
            IN_RANGE(m.mean, sc.min, sc.max);
            NONNEG(m.sd), NONNEG(m.se);
        } else {
            UNTOUCHED(&m, sizeof m, st);
        }
        break;
    }
    case 5: {
        csat_csi_options o = CSAT_CSI_OPTIONS_INIT;
        csat_index_result ir;
        o.scale = sc;
        o.nan_policy = pol;
        o.method = (csat_csi_method)(byte(&r) % 3);
        poison(&ir, sizeof ir);
        st = FZ_CALL(csat_csi(a, rows, cols, (byte(&r) & 1) ? w : NULL, &o, &ir, FZ_ERR));
        if (st == CSAT_OK) {
            IN_RANGE(ir.index, 0.0, 100.0);
            NONNEG(ir.se);
        } else {
            UNTOUCHED(&ir, sizeof ir, st);
        }
        break;
    }
    case 6: {
        csat_disconfirmation st_[MAXV];
        csat_disconfirmation_result dr;
        csat_seven_factor_paths p = {w[0], w[1], w[2], w[3], w[4 % n], w[5 % n]};
        csat_seven_factor_result sf;
        double tau = value(&r), wd = sc.max - sc.min;
        poison(out, sizeof out), poison(st_, sizeof st_), poison(&dr, sizeof dr);
        st = FZ_CALL(csat_disconfirm(a, b, n, (byte(&r) & 1) ? w : NULL, &sc, tau, pol, out, st_, &dr, FZ_ERR));
        if (st == CSAT_OK) {
            CHECK(isfinite(dr.d) && fabs(dr.d) <= wd * (1 + 1e-12), "disconfirmation %g on [%g, %g]", dr.d, sc.min,
                  sc.max);
            CHECK(dr.state >= -1 && dr.state <= 1, "state %d", (int)dr.state);
            for (size_t i = 0; i < n; i++)
                CHECK(poisoned(&out[i], sizeof out[i]) || (isfinite(out[i]) && fabs(out[i]) <= wd),
                      "d[%zu] = %g", i, out[i]);
        } else {
            UNTOUCHED(out, sizeof out, st), UNTOUCHED(st_, sizeof st_, st), UNTOUCHED(&dr, sizeof dr, st);
        }
        poison(&sf, sizeof sf);
        st = FZ_CALL(csat_seven_factor(a[0], b[0], c[0], &sc, &p, &sf, FZ_ERR));
        if (st == CSAT_OK)
            ALL_FINITE(sf.desires_congruency, sf.expectations_congruency, sf.attribute_satisfaction,
                       sf.information_satisfaction, sf.overall_satisfaction);
        else
            UNTOUCHED(&sf, sizeof sf, st);
        break;
    }
    case 7: {
        csat_ipa_options o = CSAT_IPA_OPTIONS_INIT;
        static csat_ipa_result ir[MAXV];
        double ic, pc;
        o.crosshair = (csat_ipa_crosshair)(byte(&r) % 5);
        o.importance_cut = value(&r);
        o.performance_cut = value(&r);
        if (byte(&r) & 1)
            o.importance_scale = sc;
        poison(ir, sizeof ir), poison(&ic, sizeof ic), poison(&pc, sizeof pc);
        st = FZ_CALL(csat_ipa(a, b, n, &o, ir, &ic, &pc, FZ_ERR));
        if (st == CSAT_OK) {
            ALL_FINITE(ic, pc);
            for (size_t i = 0; i < n; i++) {
                CHECK(ir[i].quadrant >= 0 && ir[i].quadrant <= 3, "quadrant %d", (int)ir[i].quadrant);
                CHECK(isfinite(ir[i].gap) && (ir[i].diagonal_priority == (ir[i].gap > 0)), "gap %g", ir[i].gap);
            }
        } else {
            UNTOUCHED(ir, sizeof ir, st), UNTOUCHED(&ic, sizeof ic, st);
        }
        break;
    }
    case 8: {
        csat_importance_method meth = (csat_importance_method)(byte(&r) % 3);
        size_t k = cols > 4 ? 4 : cols;
        poison(out, sizeof out);
        st = FZ_CALL(csat_importance_derived(a, b, rows, k, meth, pol, NULL, out, FZ_ERR));
        if (st == CSAT_OK) {
            FINITE_N(out, k);
            if (meth == CSAT_IMPORTANCE_CORRELATION)
                RANGE_N(out, k, -1.0, 1.0);
        } else {
            UNTOUCHED(out, sizeof out, st);
        }
        break;
    }
    case 9: {
        static csat_jones_sasser js[MAXV];
        csat_jones_sasser_options jo = CSAT_JONES_SASSER_OPTIONS_INIT;
        csat_dick_basu db;
        csat_oliver_phase op;
        csat_loyalty_bond lb;
        jo.nan_policy = pol;
        if (byte(&r) & 1) {
            jo.scale = sc;
            jo.high = value(&r), jo.apostle = value(&r), jo.terrorist = value(&r);
        }
        poison(js, sizeof js);
        st = FZ_CALL(csat_jones_sasser_classify(a, b, n, (byte(&r) & 1) ? NULL : &jo, js, FZ_ERR));
        if (st == CSAT_OK)
            for (size_t i = 0; i < n; i++)
                CHECK(js[i] >= -1 && js[i] <= 5, "Jones-Sasser %d", (int)js[i]);
        else
            UNTOUCHED(js, sizeof js, st);
        poison(&db, sizeof db);
        st = FZ_CALL(csat_dick_basu_classify(a[0], b[0], c[0], w[0], &db, FZ_ERR));
        if (st == CSAT_OK)
            CHECK(db >= 0 && db <= 3, "Dick-Basu %d", (int)db);
        else
            UNTOUCHED(&db, sizeof db, st);
        if (n >= 4) {
            poison(&op, sizeof op);
            st = FZ_CALL(csat_oliver_phase_of(a, b, &sc, &op, FZ_ERR));
            if (st == CSAT_OK)
                CHECK(op >= 0 && op <= 4, "Oliver phase %d", (int)op);
            else
                UNTOUCHED(&op, sizeof op, st);
            poison(out, sizeof out), poison(&lb, sizeof lb);
            st = FZ_CALL(csat_loyalty_bond_score(a, &sc, (byte(&r) & 1) ? w : NULL, out, &lb, FZ_ERR));
            if (st == CSAT_OK) {
                IN_RANGE(out[0], 0.0, 100.0);
                CHECK(lb >= 0 && lb <= 4, "bond %d", (int)lb);
            } else {
                UNTOUCHED(out, sizeof out, st), UNTOUCHED(&lb, sizeof lb, st);
            }
        }
        break;
    }
    case 10: {
        csat_scale scales[6];
        for (int k = 0; k < 6; k++) {
            scales[k].min = value(&r);
            scales[k].max = value(&r);
            scales[k].reversed = byte(&r) & 1;
        }
        poison(out, sizeof out);
        st = FZ_CALL(csat_loyalty_index(a, n / 6, scales, (byte(&r) & 1) ? w : NULL, pol, out, FZ_ERR));
        if (st == CSAT_OK)
            RANGE_N(out, n / 6, 0.0, 100.0);
        else
            UNTOUCHED(out, sizeof out, st);
        break;
    }
    case 11: {
        csat_satisfaction_retention_result rr;
        csat_iceberg_options o = CSAT_ICEBERG_OPTIONS_INIT;
        csat_iceberg_result ib;
        csat_satisfaction_retention_row rows_[4];
        size_t k = n > 8 ? 8 : n;
        double rev = value(&r);
        for (int i = 0; i < 4; i++) {
            rows_[i].rating = (double)(i + 1);
            rows_[i].low = (double)(byte(&r) % 101) / 100.0;
            rows_[i].high = byte(&r) < 250 ? fmin(1.0, rows_[i].low + (double)(byte(&r) % 50) / 100.0) : value(&r);
        }
        o.complain_share = value(&r) / 16.0;
        if (byte(&r) & 1) {
            o.silent_lost_share = value(&r) / 16.0;
            o.people_told = value(&r);
            o.acquisition_ratio = value(&r);
        }
        poison(&rr, sizeof rr);
        st = FZ_CALL(csat_satisfaction_retention_forecast(a, b, k, (byte(&r) & 1) ? rows_ : NULL, (byte(&r) & 1) ? 4 : 0,
                                                  rev, &rr, FZ_ERR));
        if (st == CSAT_OK) {
            ALL_FINITE(rr.customers, rr.retained_low, rr.retained_mid, rr.retained_high, rr.revenue_low,
                       rr.revenue_mid, rr.revenue_high);
            NONNEG(rr.retained_low), NONNEG(rr.revenue_low);
            CHECK(rr.retained_low <= rr.retained_mid && rr.retained_mid <= rr.retained_high &&
                      rr.retained_high <= rr.customers * (1 + 1e-12),
                  "retained %g %g %g of %g", rr.retained_low, rr.retained_mid, rr.retained_high, rr.customers);
        } else {
            UNTOUCHED(&rr, sizeof rr, st);
        }
        poison(&ib, sizeof ib);
        st = FZ_CALL(csat_iceberg(a[0], b[0], c[0], (byte(&r) & 1) ? NULL : &o, &ib, FZ_ERR));
        if (st == CSAT_OK) {
            ALL_FINITE(ib.dissatisfied, ib.silent, ib.lost, ib.word_of_mouth, ib.revenue_at_risk, ib.replacement_cost,
                       ib.retention_cost);
            NONNEG(ib.dissatisfied), NONNEG(ib.silent), NONNEG(ib.lost), NONNEG(ib.word_of_mouth);
            NONNEG(ib.revenue_at_risk), NONNEG(ib.replacement_cost), NONNEG(ib.retention_cost);
        } else {
            UNTOUCHED(&ib, sizeof ib, st);
        }
        break;
    }
    default:
        simple_tables(&r);
        gaps_and_items(&r, a, b, c, w, cols, sc);
        break;
    }
    return 0;
}
