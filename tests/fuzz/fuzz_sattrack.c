/*
 * libFuzzer target for satisfaction over time (issue 16): the two-sample
 * tests, sample sizes, tracking charts and relative scores. The first byte
 * chooses the function; the rest become counts, means, SDs, levels and
 * options (mostly valid small values, sometimes NaN, Inf, huge or negative).
 * Contract checks on CSAT_OK: every output finite; p-values in [0, 1];
 * lower <= upper; shares, their intervals and limits in [0, 100]; flags in
 * {-1, 0, 1} and matching the limits; sample sizes whole, >= 0 and at most
 * ceil(population); draws sorted. On error every output untouched.
 */
#include <csat.h>
#include "fuzz_util.h"

#define MAXW 16

static double level_of(reader *r)
{
    uint8_t b = byte(r);
    if (b < 200)
        return 0.5 + 0.49 * (double)(b % 100) / 99.0;
    return unit_val(r);
}

static void check_cmp(const csat_comparison *c, int shares)
{
    CHECK(all_finite((const double[]){c->difference, c->se, c->statistic, c->p_value, c->lower,
                                      c->upper, c->estimate1, c->estimate2, c->df, c->level},
                     10),
          "comparison not finite");
    NONNEG(c->se);
    NONNEG(c->df);
    IN_RANGE(c->p_value, 0.0, 1.0);
    CHECK(c->lower <= c->upper, "interval [%g, %g]", c->lower, c->upper);
    if (shares) {
        IN_RANGE(c->estimate1, 0.0, 100.0);
        IN_RANGE(c->estimate2, 0.0, 100.0);
        IN_RANGE(c->lower, -100.0, 100.0);
        IN_RANGE(c->upper, -100.0, 100.0);
    }
}

static void check_waves(const csat_tracking_wave *w, size_t n, int shares)
{
    for (size_t i = 0; i < n; i++) {
        CHECK(all_finite((const double[]){w[i].estimate, w[i].se, w[i].lower, w[i].upper,
                                          w[i].center, w[i].lcl, w[i].ucl},
                         7),
              "wave %zu not finite", i);
        NONNEG(w[i].se);
        CHECK(w[i].lower <= w[i].upper && w[i].lcl <= w[i].ucl, "wave %zu intervals", i);
        CHECK(w[i].flag == (w[i].estimate > w[i].ucl ? 1 : w[i].estimate < w[i].lcl ? -1 : 0),
              "wave %zu flag %d", i, w[i].flag);
        /* run rules (issue 16): bits 0-3, bit 0 the flag, rule 4 needs 8 waves, and every
         * rule that fires is on the wave's side of the centre line */
        CHECK(w[i].rules >= 0 && w[i].rules <= 15 && (w[i].rules & 1) == (w[i].flag != 0) &&
                  (i >= 7 || !(w[i].rules & 8)) && (w[i].rules <= 1 || w[i].estimate != w[i].center),
              "wave %zu rules %d", i, w[i].rules);
        if (i > 0)
            check_cmp(&w[i].change, shares);
        if (shares) {
            IN_RANGE(w[i].estimate, 0.0, 100.0);
            IN_RANGE(w[i].lower, 0.0, 100.0);
            IN_RANGE(w[i].upper, 0.0, 100.0);
            IN_RANGE(w[i].lcl, 0.0, 100.0);
            IN_RANGE(w[i].ucl, 0.0, 100.0);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    uint8_t which = byte(&r);
    size_t nw = byte(&r) % (MAXW + 1);
    double a[MAXW], b[MAXW], c[MAXW];
    csat_comparison cmp;
    csat_status st;
    for (size_t i = 0; i < MAXW; i++) {
        a[i] = count_val(&r);
        b[i] = count_val(&r) + (byte(&r) & 1 ? a[i] : 0.0);
        c[i] = byte(&r) & 1 ? any_double(&r) : (double)(byte(&r) % 11);
    }
    switch (which % 6) {
    case 0: {
        poison(&cmp, sizeof cmp);
        st = FZ_CALL(csat_proportions_compare(a[0], b[0], a[1], b[1],
                                              (csat_diff_interval)(byte(&r) % 4), level_of(&r),
                                              &cmp, FZ_ERR));
        if (st == CSAT_OK)
            check_cmp(&cmp, 1);
        else
            UNTOUCHED(&cmp, sizeof cmp, st);
        poison(&cmp, sizeof cmp);
        st = FZ_CALL(csat_means_compare(c[0], a[0], b[0], c[1], a[1], b[1], level_of(&r), &cmp,
                                        FZ_ERR));
        if (st == CSAT_OK) {
            check_cmp(&cmp, 0);
            CHECK(cmp.df >= 1.0 - 1e-12, "Welch df %g", cmp.df);
        } else {
            UNTOUCHED(&cmp, sizeof cmp, st);
        }
        break;
    }
    case 1: {
        double n[4];
        poison(n, sizeof n);
        st = FZ_CALL(csat_proportion_sample_size(c[0] * 10, c[1], level_of(&r), b[2], &n[0], FZ_ERR));
        if (st != CSAT_OK)
            UNTOUCHED(&n[0], sizeof n[0], st);
        else
            CHECK(isfinite(n[0]) && n[0] >= 0 && n[0] == floor(n[0]) && (b[2] == 0 || n[0] <= ceil(b[2])),
                  "sample size %g of %g", n[0], b[2]);
        st = FZ_CALL(csat_mean_sample_size(a[3], c[2], level_of(&r), b[2], &n[1], FZ_ERR));
        if (st != CSAT_OK)
            UNTOUCHED(&n[1], sizeof n[1], st);
        else
            CHECK(isfinite(n[1]) && n[1] >= 0 && n[1] == floor(n[1]) && (b[2] == 0 || n[1] <= ceil(b[2])),
                  "sample size %g of %g", n[1], b[2]);
        st = FZ_CALL(csat_nps_sample_size_population(unit_val(&r), c[3], level_of(&r), b[2], &n[2],
                                                     FZ_ERR));
        if (st != CSAT_OK)
            UNTOUCHED(&n[2], sizeof n[2], st);
        else
            CHECK(isfinite(n[2]) && n[2] >= 0 && n[2] == floor(n[2]) && (b[2] == 0 || n[2] <= ceil(b[2])),
                  "sample size %g of %g", n[2], b[2]);
        break;
    }
    case 2:
    case 3: {
        csat_tracking_wave w[MAXW];
        csat_tracking_options o;
        int shares = which % 6 == 2;
        CHECK(csat_tracking_options_init(&o, CSAT_TRACKING_OPTIONS_VERSION) == CSAT_OK, "init");
        CHECK(csat_tracking_options_init(NULL, CSAT_TRACKING_OPTIONS_VERSION) == CSAT_EINVAL, "init NULL");
        CHECK(csat_tracking_options_init(&o, 0) == CSAT_EVERSION, "init version 0");
        CHECK(csat_tracking_options_init(&o, CSAT_TRACKING_OPTIONS_VERSION) == CSAT_OK, "init");
        if (byte(&r) & 1) {
            o.level = level_of(&r);
            o.limit_sigmas = byte(&r) & 1 ? pos_param(&r) : 1.0 + byte(&r) % 4;
            o.sigma = byte(&r) & 1 ? NAN : pos_param(&r);
            o.method = (csat_diff_interval)(byte(&r) % 4);
        }
        poison(w, sizeof w);
        if (shares)
            st = FZ_CALL(csat_track_shares(a, b, nw, byte(&r) & 1 ? NULL : &o, w, FZ_ERR));
        else
            st = FZ_CALL(csat_track_means(c, a, b, nw, byte(&r) & 1 ? NULL : &o, w, FZ_ERR));
        if (st == CSAT_OK)
            check_waves(w, nw, shares);
        else
            UNTOUCHED(w, sizeof w, st);
        break;
    }
    case 4: {
        csat_relative_result rr;
        poison(&rr, sizeof rr);
        st = FZ_CALL(csat_relative_score(c[0], a[0], c + 1, a + 1, nw % MAXW, level_of(&r), &rr,
                                         FZ_ERR));
        if (st == CSAT_OK) {
            CHECK(all_finite((const double[]){rr.own, rr.benchmark, rr.benchmark_se, rr.difference,
                                              rr.difference_se, rr.difference_lower,
                                              rr.difference_upper, rr.ratio, rr.ratio_lower,
                                              rr.ratio_upper},
                             10),
                  "relative score not finite");
            CHECK(rr.difference_lower <= rr.difference_upper, "difference interval");
            CHECK(rr.valid_ratio == (rr.own > 0 && rr.benchmark > 0), "valid_ratio");
            CHECK(rr.ratio_lower <= rr.ratio && rr.ratio <= rr.ratio_upper, "ratio interval");
        } else {
            UNTOUCHED(&rr, sizeof rr, st);
        }
        break;
    }
    default: {
        /* CSI by the bootstrap on small matrices of 1..10 answers */
        double x1[64], x2[64], d[40];
        size_t items = 1 + byte(&r) % 4, n1 = byte(&r) % 9, n2 = byte(&r) % 9, nb = byte(&r) % 41;
        csat_csi_options o = CSAT_CSI_OPTIONS_INIT;
        o.nan_policy = byte(&r) & 1 ? CSAT_NAN_SKIP : CSAT_NAN_ERROR;
        for (size_t i = 0; i < 64; i++) {
            uint8_t v = byte(&r);
            x1[i] = v < 8 ? NAN : v < 12 ? any_double(&r) : 1.0 + v % 10;
            v = byte(&r);
            x2[i] = v < 8 ? NAN : v < 12 ? any_double(&r) : 1.0 + v % 10;
        }
        poison(&cmp, sizeof cmp);
        poison(d, sizeof d);
        st = FZ_CALL(csat_csi_compare(x1, n1, x2, n2, items, byte(&r) & 1 ? c : NULL, &o, nb,
                                      u64(&r), level_of(&r), d, &cmp, FZ_ERR));
        if (st == CSAT_OK) {
            check_cmp(&cmp, 0);
            RANGE_N(&cmp.estimate1, 1, 0.0, 100.0);
            RANGE_N(&cmp.estimate2, 1, 0.0, 100.0);
            for (size_t k = 1; k < nb; k++)
                CHECK(isnan(d[k]) || d[k - 1] <= d[k], "draws not sorted at %zu", k);
        } else {
            UNTOUCHED(&cmp, sizeof cmp, st);
            UNTOUCHED(d, sizeof d, st);
        }
        break;
    }
    }
    return 0;
}
