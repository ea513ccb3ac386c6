/* CSAT, CES, weighted indices, disconfirmation, seven-factor (docs/theory/satisfaction.rst, 2, 6.1-6.4). */
#include "csat_test.h"

static const csat_scale s5 = {1, 5, 0};

/* Delighted help centre "How is CSAT calculated?" [P]: 5:42 4:32 3:10 2:9 1:14 -> 69.16. */
static void test_csat_delighted(void **state)
{
    static const int counts[5] = {14, 9, 10, 32, 42};
    double x[107];
    size_t k = 0;
    csat_share_result r, keep;
    (void)state;
    for (int v = 0; v < 5; v++)
        for (int c = 0; c < counts[v]; c++)
            x[k++] = v + 1;
    csat_assert_status(csat_csat(x, 107, &s5, 4, CSAT_NAN_ERROR, &r, NULL), CSAT_OK);
    csat_assert_close(r.percent, 69.16, 0, 5e-3);
    csat_assert_close(r.percent, 7400.0 / 107.0, 1e-14, 0);
    csat_assert_close(r.se, 100 * sqrt(74.0 / 107 * 33.0 / 107 / 107), 1e-12, 0);
    assert_int_equal(r.count, 74);
    /* top-1 box */
    csat_assert_status(csat_csat(x, 107, &s5, 5, CSAT_NAN_ERROR, &r, NULL), CSAT_OK);
    assert_int_equal(r.count, 42);
    /* youropinion.is calculator: 60 of 100 -> 60% [P] */
    {
        double y[100];
        for (int i = 0; i < 100; i++)
            y[i] = i < 60 ? 5 : 2;
        csat_assert_status(csat_csat(y, 100, &s5, 4, CSAT_NAN_ERROR, &r, NULL), CSAT_OK);
        csat_assert_close(r.percent, 60, 1e-15, 0);
    }
    memset(&keep, 0x5a, sizeof keep);
    r = keep;
    x[3] = NAN;
    csat_assert_status(csat_csat(x, 107, &s5, 4, CSAT_NAN_ERROR, &r, NULL), CSAT_EINVAL);
    x[3] = 6;
    csat_assert_status(csat_csat(x, 107, &s5, 4, CSAT_NAN_SKIP, &r, NULL), CSAT_EINVAL);
    x[3] = 1;
    csat_assert_status(csat_csat(x, 107, &s5, 7, CSAT_NAN_ERROR, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_csat(x, 0, &s5, 4, CSAT_NAN_ERROR, &r, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_csat(x, 107, NULL, 4, CSAT_NAN_ERROR, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_csat(x, 107, &s5, 4, (csat_nan_policy)5, &r, NULL), CSAT_EINVAL);
    assert_memory_equal(&r, &keep, sizeof r);
    x[3] = NAN;
    csat_assert_status(csat_csat(x, 107, &s5, 4, CSAT_NAN_SKIP, &r, NULL), CSAT_OK);
    assert_int_equal(r.n, 106);
    assert_int_equal(r.n_skipped, 1);
}

/* CES as a mean (CEB CES 1.0 / Dixon et al. CES 2.0 definitions) [D]. */
static void test_ces(void **state)
{
    const double x[4] = {1, 2, 2, NAN};
    const csat_scale rev = {1, 5, 1};
    csat_mean_result r, keep;
    (void)state;
    csat_assert_status(csat_ces(x, 4, &s5, CSAT_NAN_SKIP, &r, NULL), CSAT_OK);
    csat_assert_close(r.mean, 5.0 / 3.0, 1e-15, 0);
    csat_assert_close(r.sd, sqrt(1.0 / 3.0), 1e-15, 0);
    csat_assert_close(r.se, sqrt(1.0 / 9.0), 1e-15, 0);
    /* effort scale mirrored: low effort becomes high ease */
    csat_assert_status(csat_ces(x, 3, &rev, CSAT_NAN_ERROR, &r, NULL), CSAT_OK);
    csat_assert_close(r.mean, 6 - 5.0 / 3.0, 1e-15, 0);
    memset(&keep, 0x5a, sizeof keep);
    r = keep;
    csat_assert_status(csat_ces(x, 4, &s5, CSAT_NAN_ERROR, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_ces(x + 3, 1, &s5, CSAT_NAN_SKIP, &r, NULL), CSAT_EEMPTY);
    {
        const csat_scale wide = {1e308, 1.7e308, 1}; /* min + max overflows */
        const double big[1] = {1.2e308};
        csat_assert_status(csat_ces(big, 1, &wide, CSAT_NAN_ERROR, &r, NULL), CSAT_EINVAL);
    }
    assert_memory_equal(&r, &keep, sizeof r);
    {
        /* found by tests/fuzz/fuzz_survey.c: the slack of the scale check is
         * relative to the width, so on [-1e100, 12] an answer of 15 passes;
         * it counts as 12 now (the mean was 12.6, beyond the scale) */
        const csat_scale wide = {-1e100, 12, 0}, wide_rev = {-1e100, 12, 1};
        const double y[2] = {15, 1};
        csat_assert_status(csat_ces(y, 2, &wide, CSAT_NAN_ERROR, &r, NULL), CSAT_OK);
        csat_assert_close(r.mean, 6.5, 1e-15, 0);
        csat_assert_status(csat_ces(y, 2, &wide_rev, CSAT_NAN_ERROR, &r, NULL), CSAT_OK);
        assert_true(r.mean >= -1e100 && r.mean <= 12);
    }
}

/* ACSI (Wikipedia "ACSI score calculation" formula) test vectors [D], docs/theory/satisfaction.rst, 6.1. */
static void test_acsi(void **state)
{
    const double x[6] = {8, 7, 7, 8, 7, 8}; /* item means 8, 7, 7.5 */
    const double w[3] = {.35, .33, .32};
    double ones[3] = {1, 1, 1}, tens[3] = {10, 10, 10}, eights[3] = {8, 8, 8};
    csat_index_result r;
    (void)state;
    csat_assert_status(csat_csi(x, 2, 3, w, NULL, &r, NULL), CSAT_OK);
    csat_assert_close(r.index, 72.3333333333333, 1e-12, 0);
    csat_assert_close(r.se, (74.1111111111111 - 70.5555555555556) / 2, 1e-10, 0);
    assert_int_equal(r.n_complete, 2);
    csat_assert_status(csat_csi(ones, 1, 3, w, NULL, &r, NULL), CSAT_OK);
    csat_assert_close(r.index, 0, 0, 1e-13);
    csat_assert_close(r.se, 0, 0, 0);
    csat_assert_status(csat_csi(tens, 1, 3, w, NULL, &r, NULL), CSAT_OK);
    csat_assert_close(r.index, 100, 1e-14, 0);
    csat_assert_status(csat_csi(eights, 1, 3, NULL, NULL, &r, NULL), CSAT_OK);
    csat_assert_close(r.index, 77.7777777777778, 1e-12, 0);
}

/* Other weighted CSI variants, docs/theory/satisfaction.rst, 6.2. */
static void test_csi_variants(void **state)
{
    /* cyrilsunil76.blogspot.com (2010) data, TLF method: exact 181/30 -> 60.33% [D]
     * (the blog prints 60.10% from rounded weights [P*]). */
    const double imp[5] = {7, 5, 9, 3, 6}, sc[5] = {8, 4, 8, 3, 4};
    const double fours[3] = {4, 4, 4};
    /* mineful.com weights sum to 0.90: libcsat normalises them [D]. */
    const double wm[4] = {.25, .35, .15, .15}, wn[4] = {.25 / .9, .35 / .9, .15 / .9, .15 / .9};
    const double y[4] = {6, 5, 7, 3};
    csat_csi_options o = CSAT_CSI_OPTIONS_INIT;
    csat_index_result r, r2, keep;
    (void)state;
    o.method = CSAT_CSI_MAX;
    csat_assert_status(csat_csi(sc, 1, 5, imp, &o, &r, NULL), CSAT_OK);
    csat_assert_close(r.index, 181.0 / 3.0, 1e-12, 0);
    /* Net Satisfaction Index (Kan): all "satisfied" -> 75 [P] */
    o = (csat_csi_options)CSAT_CSI_OPTIONS_INIT;
    o.scale = s5;
    csat_assert_status(csat_csi(fours, 3, 1, NULL, &o, &r, NULL), CSAT_OK);
    csat_assert_close(r.index, 75, 1e-14, 0);
    o.scale.max = 8;
    csat_assert_status(csat_csi(y, 1, 4, wm, &o, &r, NULL), CSAT_OK);
    csat_assert_status(csat_csi(y, 1, 4, wn, &o, &r2, NULL), CSAT_OK);
    csat_assert_close(r.index, r2.index, 1e-14, 0);
    /* bad input */
    memset(&keep, 0x5a, sizeof keep);
    r = keep;
    {
        const double zero[4] = {0, 0, 0, 0}, neg[4] = {1, -1, 1, 1}, nanw[4] = {1, NAN, 1, 1};
        const double miss[4] = {6, NAN, 7, 3};
        csat_assert_status(csat_csi(y, 1, 4, zero, &o, &r, NULL), CSAT_EINVAL);
        csat_assert_status(csat_csi(y, 1, 4, neg, &o, &r, NULL), CSAT_EINVAL);
        csat_assert_status(csat_csi(y, 1, 4, nanw, &o, &r, NULL), CSAT_EINVAL);
        csat_assert_status(csat_csi(miss, 1, 4, NULL, &o, &r, NULL), CSAT_EINVAL);
        o.nan_policy = CSAT_NAN_SKIP;
        csat_assert_status(csat_csi(miss, 1, 4, NULL, &o, &r, NULL), CSAT_EEMPTY); /* item 2 all missing */
        csat_assert_status(csat_csi(y, 0, 4, NULL, &o, &r, NULL), CSAT_EEMPTY);
        csat_assert_status(csat_csi(y, SIZE_MAX / 2, 4, NULL, &o, &r, NULL), CSAT_EINVAL);
        o.scale.max = 5;
        csat_assert_status(csat_csi(y, 1, 4, NULL, &o, &r, NULL), CSAT_EINVAL); /* 6, 7 off 1..5 */
        o.version = 3;
        csat_assert_status(csat_csi(y, 1, 4, NULL, &o, &r, NULL), CSAT_EVERSION);
    }
    assert_memory_equal(&r, &keep, sizeof r);
}

/* Three-state rule test vectors [D], docs/theory/satisfaction.rst, 2.1. */
static void test_disconfirmation(void **state)
{
    const double P[4] = {5, 4, 3.6, 3}, E[4] = {4, 4, 4, 4};
    const double w[4] = {1, 1, 0, 2};
    double d[4];
    csat_disconfirmation st[4];
    csat_disconfirmation_result r, keep;
    (void)state;
    csat_assert_status(csat_disconfirm(P, E, 2, NULL, &s5, 0, CSAT_NAN_ERROR, d, st, &r, NULL), CSAT_OK);
    assert_int_equal(st[0], CSAT_DELIGHTED);
    assert_int_equal(st[1], CSAT_SATISFIED);
    csat_assert_status(csat_disconfirm(P + 2, E + 2, 2, NULL, &s5, 0.5, CSAT_NAN_ERROR, d, st, &r, NULL),
                       CSAT_OK);
    assert_int_equal(st[0], CSAT_SATISFIED);
    assert_int_equal(st[1], CSAT_DISSATISFIED);
    csat_assert_close(d[1], -1, 0, 0);
    /* weighted overall: (1*1 + 1*0 + 0 + 2*(-1)) / 4 = -0.25 */
    csat_assert_status(csat_disconfirm(P, E, 4, w, &s5, 0.2, CSAT_NAN_ERROR, NULL, NULL, &r, NULL), CSAT_OK);
    csat_assert_close(r.d, -0.25, 1e-15, 0);
    assert_int_equal(r.state, CSAT_DISSATISFIED);
    {
        /* missing attribute skipped, weights renormalised over the rest */
        const double Pm[3] = {5, NAN, 3}, Em[3] = {4, 4, 4};
        d[1] = 123;
        csat_assert_status(csat_disconfirm(Pm, Em, 3, NULL, &s5, 0, CSAT_NAN_ERROR, d, st, &r, NULL),
                           CSAT_EINVAL);
        csat_assert_status(csat_disconfirm(Pm, Em, 3, NULL, &s5, 0, CSAT_NAN_SKIP, d, st, &r, NULL),
                           CSAT_OK);
        csat_assert_close(r.d, 0, 0, 1e-15);
        assert_int_equal(r.n_skipped, 1);
        csat_assert_close(d[1], 123, 0, 0);
        csat_assert_status(csat_disconfirm(Pm + 1, Em, 1, NULL, &s5, 0, CSAT_NAN_SKIP, d, st, &r, NULL),
                           CSAT_EEMPTY);
    }
    memset(&keep, 0x5a, sizeof keep);
    r = keep;
    csat_assert_status(csat_disconfirm(P, E, 4, w, &s5, -0.1, CSAT_NAN_ERROR, NULL, NULL, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_disconfirm(P, E, 0, NULL, &s5, 0, CSAT_NAN_ERROR, NULL, NULL, &r, NULL), CSAT_EEMPTY);
    {
        const double off[1] = {6}, zw[4] = {0, 0, 0, 0};
        csat_assert_status(csat_disconfirm(off, E, 1, NULL, &s5, 0, CSAT_NAN_ERROR, NULL, NULL, &r, NULL), CSAT_EINVAL);
        csat_assert_status(csat_disconfirm(P, E, 4, zw, &s5, 0, CSAT_NAN_ERROR, NULL, NULL, &r, NULL), CSAT_EINVAL);
    }
    assert_memory_equal(&r, &keep, sizeof r);
}

/* Seven-factor model, difference-score form (docs/theory/satisfaction.rst, 2.2) [D]. */
static void test_seven_factor(void **state)
{
    const csat_seven_factor_paths p = {0.6, 0.4, 0.2, 0.8, 0.7, 0.3};
    const csat_scale s7 = {1, 7, 0};
    csat_seven_factor_result r, keep;
    (void)state;
    csat_assert_status(csat_seven_factor(6, 4, 5, &s7, &p, &r, NULL), CSAT_OK);
    csat_assert_close(r.desires_congruency, -1, 0, 0);
    csat_assert_close(r.expectations_congruency, 1, 0, 0);
    csat_assert_close(r.attribute_satisfaction, -0.2, 1e-14, 0);
    csat_assert_close(r.information_satisfaction, 0.6, 1e-14, 0);
    csat_assert_close(r.overall_satisfaction, 0.7 * -0.2 + 0.3 * 0.6, 1e-14, 1e-16);
    memset(&keep, 0x5a, sizeof keep);
    r = keep;
    csat_assert_status(csat_seven_factor(8, 4, 5, &s7, &p, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_seven_factor(6, 4, 5, &s7, NULL, &r, NULL), CSAT_EINVAL);
    {
        csat_seven_factor_paths q = p;
        q.c_is = NAN;
        csat_assert_status(csat_seven_factor(6, 4, 5, &s7, &q, &r, NULL), CSAT_EINVAL);
        q.c_is = 0.3;
        q.a_dc = q.b_dc = 1e308;
        csat_assert_status(csat_seven_factor(6, 4, 5, &s7, &q, &r, NULL), CSAT_OK); /* DC = -1: fine */
        q.c_as = q.c_is = 1e308;
        r = keep;
        csat_assert_status(csat_seven_factor(6, 4, 5, &s7, &q, &r, NULL), CSAT_EDOM);
    }
    assert_memory_equal(&r, &keep, sizeof r);
}

/* Found by tests/fuzz/fuzz_survey.c: 18 equal weights of 1/18 summed
 * 100/18 eighteen times to 100.00000000000001, beyond the index's range;
 * the index is kept in [0, 100]. */
static void test_csi_stays_in_range(void **state)
{
    double x[18];
    csat_csi_options o = CSAT_CSI_OPTIONS_INIT;
    csat_index_result r;
    (void)state;
    for (int i = 0; i < 18; i++)
        x[i] = 13;
    o.scale.min = 13;
    o.scale.max = 15;
    o.scale.reversed = 1;
    csat_assert_status(csat_csi(x, 1, 18, NULL, &o, &r, NULL), CSAT_OK);
    assert_true(r.index <= 100.0);
    csat_assert_close(r.index, 100.0, 1e-15, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csat_delighted), cmocka_unit_test(test_ces),
        cmocka_unit_test(test_acsi),           cmocka_unit_test(test_csi_variants),
        cmocka_unit_test(test_disconfirmation), cmocka_unit_test(test_seven_factor),
        cmocka_unit_test(test_csi_stays_in_range),
    };
    return cmocka_run_group_tests_name("indices", tests, NULL, NULL);
}
