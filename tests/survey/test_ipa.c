/* Importance-performance analysis (docs/theory/ipa.rst, 5). */
#include "csat_test.h"

/* Test vectors [D], docs/theory/ipa.rst, 5: five attributes on 1-5 scales. */
static const double I5[5] = {4.5, 4.2, 3.1, 2.9, 3.8};
static const double P5[5] = {3.2, 4.4, 2.8, 4.1, 3.9};

static void test_quadrants_vectors(void **state)
{
    static const csat_ipa_quadrant dcqm[5] = {CSAT_IPA_CONCENTRATE, CSAT_IPA_KEEP_UP,
                                              CSAT_IPA_LOW_PRIORITY, CSAT_IPA_OVERKILL,
                                              CSAT_IPA_KEEP_UP};
    static const csat_ipa_quadrant scqm[5] = {CSAT_IPA_KEEP_UP, CSAT_IPA_KEEP_UP,
                                              CSAT_IPA_CONCENTRATE, CSAT_IPA_OVERKILL,
                                              CSAT_IPA_KEEP_UP};
    static const double gap[5] = {1.3, -0.2, 0.3, -1.2, -0.1};
    static const int diag[5] = {1, 0, 1, 0, 0};
    csat_ipa_result r[5];
    csat_ipa_options o = CSAT_IPA_OPTIONS_INIT;
    double ic, pc;
    (void)state;
    csat_assert_status(csat_ipa(I5, P5, 5, NULL, r, &ic, &pc, NULL), CSAT_OK);
    csat_assert_close(ic, 3.70, 1e-12, 0);
    csat_assert_close(pc, 3.68, 1e-12, 0); /* 3.6799999999999997 in doubles */
    for (int k = 0; k < 5; k++) {
        assert_int_equal(r[k].quadrant, dcqm[k]);
        csat_assert_close(r[k].gap, gap[k], 1e-12, 1e-15);
        assert_int_equal(r[k].diagonal_priority, diag[k]);
    }
    o.crosshair = CSAT_IPA_SCALE_MIDPOINT;
    csat_assert_status(csat_ipa(I5, P5, 5, &o, r, &ic, &pc, NULL), CSAT_OK);
    csat_assert_close(ic, 3, 0, 0);
    for (int k = 0; k < 5; k++)
        assert_int_equal(r[k].quadrant, scqm[k]);
    /* medians 3.8 / 3.9: E sits exactly on both and counts as high [C] */
    o.crosshair = CSAT_IPA_DATA_MEDIANS;
    csat_assert_status(csat_ipa(I5, P5, 5, &o, r, &ic, &pc, NULL), CSAT_OK);
    csat_assert_close(ic, 3.8, 0, 0);
    csat_assert_close(pc, 3.9, 0, 0);
    assert_int_equal(r[4].quadrant, CSAT_IPA_KEEP_UP);
    assert_int_equal(r[0].quadrant, CSAT_IPA_CONCENTRATE);
    o.crosshair = CSAT_IPA_FIXED;
    o.importance_cut = 4;
    o.performance_cut = 4;
    csat_assert_status(csat_ipa(I5, P5, 4, &o, r, NULL, NULL, NULL), CSAT_OK);
    assert_int_equal(r[1].quadrant, CSAT_IPA_KEEP_UP);
    assert_int_equal(r[2].quadrant, CSAT_IPA_LOW_PRIORITY);
    {
        const double even[4] = {1, 2, 3, 5};
        o.crosshair = CSAT_IPA_DATA_MEDIANS;
        csat_assert_status(csat_ipa(even, even, 4, &o, r, &ic, NULL, NULL), CSAT_OK);
        csat_assert_close(ic, 2.5, 0, 0);
    }
}

static void test_ipa_bad_input(void **state)
{
    csat_ipa_result r[5], keep[5];
    csat_ipa_options o = CSAT_IPA_OPTIONS_INIT;
    double ic = -9;
    const double off[5] = {4.5, 4.2, 3.1, 6, 3.8}, nan5[5] = {4.5, NAN, 3.1, 2.9, 3.8};
    (void)state;
    memset(keep, 0x5a, sizeof keep);
    memcpy(r, keep, sizeof r);
    csat_assert_status(csat_ipa(off, P5, 5, NULL, r, &ic, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_ipa(nan5, P5, 5, NULL, r, &ic, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_ipa(I5, P5, 0, NULL, r, &ic, NULL, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_ipa(NULL, P5, 5, NULL, r, &ic, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_ipa(I5, P5, CSAT_IPA_MAX_ATTRIBUTES + 1, NULL, r, &ic, NULL, NULL), CSAT_EINVAL);
    o.crosshair = CSAT_IPA_FIXED;
    o.importance_cut = NAN;
    csat_assert_status(csat_ipa(I5, P5, 5, &o, r, &ic, NULL, NULL), CSAT_EINVAL);
    o.crosshair = (csat_ipa_crosshair)8;
    csat_assert_status(csat_ipa(I5, P5, 5, &o, r, &ic, NULL, NULL), CSAT_EINVAL);
    o.version = 0;
    csat_assert_status(csat_ipa(I5, P5, 5, &o, r, &ic, NULL, NULL), CSAT_EVERSION);
    csat_assert_status(csat_ipa_options_init(&o, 2), CSAT_EVERSION);
    assert_memory_equal(r, keep, sizeof r);
    assert_true(ic == -9);
}

/* Derived importance [D]: exact algebra. */
static void test_derived_importance(void **state)
{
    /* x1 = (1..5), y = (2,4,5,4,5): r = 6 / sqrt(60) = sqrt(0.6). x2 = y exactly: r = 1. */
    const double X[10] = {1, 2, 2, 4, 3, 5, 4, 4, 5, 5};
    const double y[5] = {2, 4, 5, 4, 5};
    /* y2 = 1 + 2 a - 0.5 b without noise: regression recovers (2, -0.5). */
    const double Z[12] = {1, 3, 2, 1, 3, 4, 4, 2, 5, 5, 2, 1};
    double y2[6], imp[2], keep[2] = {-7, -7};
    (void)state;
    for (int j = 0; j < 6; j++)
        y2[j] = 1 + 2 * Z[2 * j] - 0.5 * Z[2 * j + 1];
    csat_assert_status(csat_importance_derived(X, y, 5, 2, CSAT_IMPORTANCE_CORRELATION, CSAT_NAN_ERROR,
                                               NULL, imp, NULL),
                       CSAT_OK);
    csat_assert_close(imp[0], sqrt(0.6), 1e-14, 0);
    csat_assert_close(imp[1], 1, 1e-14, 0);
    csat_assert_status(csat_importance_derived(Z, y2, 6, 2, CSAT_IMPORTANCE_REGRESSION, CSAT_NAN_ERROR,
                                               NULL, imp, NULL),
                       CSAT_OK);
    csat_assert_close(imp[0], 2, 1e-12, 0);
    csat_assert_close(imp[1], -0.5, 1e-12, 0);
    /* missing answers: the row is dropped from the regression, pair from correlation */
    {
        double Zm[14], ym[7];
        memcpy(Zm, Z, sizeof Z);
        memcpy(ym, y2, sizeof y2);
        Zm[12] = NAN;
        Zm[13] = 4;
        ym[6] = 3;
        csat_assert_status(csat_importance_derived(Zm, ym, 7, 2, CSAT_IMPORTANCE_REGRESSION,
                                                   CSAT_NAN_ERROR, NULL, keep, NULL),
                           CSAT_EINVAL);
        csat_assert_status(csat_importance_derived(Zm, ym, 7, 2, CSAT_IMPORTANCE_REGRESSION,
                                                   CSAT_NAN_SKIP, NULL, imp, NULL),
                           CSAT_OK);
        csat_assert_close(imp[0], 2, 1e-12, 0);
    }
    /* bad input: collinear, constant, too few rows */
    {
        const double col[8] = {1, 2, 2, 4, 3, 6, 4, 8}, yy[4] = {1, 2, 3, 5};
        const double cst[4] = {3, 3, 3, 3}, huge[4] = {1e200, -1e200, 1e200, -1e200};
        csat_assert_status(csat_importance_derived(huge, yy, 4, 1, CSAT_IMPORTANCE_CORRELATION,
                                                   CSAT_NAN_ERROR, NULL, keep, NULL),
                           CSAT_EDOM);
        csat_assert_status(csat_importance_derived(huge, yy, 4, 1, CSAT_IMPORTANCE_REGRESSION,
                                                   CSAT_NAN_ERROR, NULL, keep, NULL),
                           CSAT_EDOM);
        csat_assert_status(csat_importance_derived(col, yy, 4, 2, CSAT_IMPORTANCE_REGRESSION,
                                                   CSAT_NAN_ERROR, NULL, keep, NULL),
                           CSAT_EDOM);
        csat_assert_status(csat_importance_derived(cst, yy, 4, 1, CSAT_IMPORTANCE_CORRELATION,
                                                   CSAT_NAN_ERROR, NULL, keep, NULL),
                           CSAT_EDOM);
        csat_assert_status(csat_importance_derived(col, yy, 2, 2, CSAT_IMPORTANCE_REGRESSION,
                                                   CSAT_NAN_ERROR, NULL, keep, NULL),
                           CSAT_EDOM);
        csat_assert_status(csat_importance_derived(col, yy, 0, 2, CSAT_IMPORTANCE_REGRESSION,
                                                   CSAT_NAN_ERROR, NULL, keep, NULL),
                           CSAT_EEMPTY);
        csat_assert_status(csat_importance_derived(col, NULL, 4, 2, CSAT_IMPORTANCE_REGRESSION,
                                                   CSAT_NAN_ERROR, NULL, keep, NULL),
                           CSAT_EINVAL);
    }
    assert_true(keep[0] == -7 && keep[1] == -7);
}

/* Allocation failure loop for the regression's scratch. */
static void test_derived_alloc_failures(void **state)
{
    const double Z[12] = {1, 3, 2, 1, 3, 4, 4, 2, 5, 5, 2, 1};
    double y2[6], imp[2];
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    csat_status st;
    (void)state;
    for (int j = 0; j < 6; j++)
        y2[j] = 1 + 2 * Z[2 * j] - 0.5 * Z[2 * j + 1];
    for (long k = 0;; k++) {
        imp[0] = imp[1] = -3;
        csat_test_alloc_reset(&t, k);
        st = csat_importance_derived(Z, y2, 6, 2, CSAT_IMPORTANCE_REGRESSION, CSAT_NAN_ERROR, &a, imp, NULL);
        assert_int_equal(t.live, 0);
        if (st == CSAT_OK)
            break;
        csat_assert_status(st, CSAT_ENOMEM);
        assert_true(imp[0] == -3 && imp[1] == -3);
        assert_true(k < 100);
    }
    csat_assert_close(imp[0], 2, 1e-12, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quadrants_vectors),
        cmocka_unit_test(test_ipa_bad_input),
        cmocka_unit_test(test_derived_importance),
        cmocka_unit_test(test_derived_alloc_failures),
    };
    return cmocka_run_group_tests_name("ipa", tests, NULL, NULL);
}
