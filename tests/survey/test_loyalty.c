/* Loyalty typologies, loyalty index, bonds, satisfaction -> retention,
 * complaint iceberg (docs/theory/loyalty.rst, 7, 8.1). */
#include "csat_test.h"

static const csat_scale s5 = {1, 5, 0};

/* Jones & Sasser test vectors [D] with the default thresholds (docs/theory/loyalty.rst, 7.3). */
static void test_jones_sasser(void **state)
{
    const double s[6] = {5, 4, 5, 2, 3, 1}, l[6] = {5, 4, 2, 5, 3, 1};
    const csat_jones_sasser expect[6] = {CSAT_JS_APOSTLE, CSAT_JS_LOYALIST, CSAT_JS_MERCENARY,
                                         CSAT_JS_HOSTAGE, CSAT_JS_DEFECTOR, CSAT_JS_TERRORIST};
    csat_jones_sasser out[6], keep[6];
    csat_jones_sasser_options o = CSAT_JONES_SASSER_OPTIONS_INIT;
    (void)state;
    csat_assert_status(csat_jones_sasser_classify(s, l, 6, NULL, out, NULL), CSAT_OK);
    for (int i = 0; i < 6; i++)
        assert_int_equal(out[i], expect[i]);
    /* configurable terrorist level <= 2 */
    o.terrorist = 2;
    {
        const double s2[1] = {2}, l2[1] = {2};
        csat_assert_status(csat_jones_sasser_classify(s2, l2, 1, &o, out, NULL), CSAT_OK);
        assert_int_equal(out[0], CSAT_JS_TERRORIST);
    }
    {
        const double sm[2] = {5, NAN}, lm[2] = {5, 3}, none[1] = {NAN};
        csat_jones_sasser_options sk = CSAT_JONES_SASSER_OPTIONS_INIT;
        csat_assert_status(csat_jones_sasser_classify(sm, lm, 2, NULL, out, NULL), CSAT_EINVAL);
        sk.nan_policy = CSAT_NAN_SKIP;
        csat_assert_status(csat_jones_sasser_classify(sm, lm, 2, &sk, out, NULL), CSAT_OK);
        assert_int_equal(out[0], CSAT_JS_APOSTLE);
        assert_int_equal(out[1], CSAT_JS_MISSING);
        csat_assert_status(csat_jones_sasser_classify(none, lm, 1, &sk, out, NULL), CSAT_EEMPTY);
    }
    memcpy(keep, out, sizeof out);
    {
        const double bad[1] = {6}, nanv[1] = {NAN};
        csat_assert_status(csat_jones_sasser_classify(bad, l, 1, NULL, out, NULL), CSAT_EINVAL);
        csat_assert_status(csat_jones_sasser_classify(nanv, l, 1, NULL, out, NULL), CSAT_EINVAL);
    }
    csat_assert_status(csat_jones_sasser_classify(s, l, 0, NULL, out, NULL), CSAT_EEMPTY);
    o.terrorist = 4; /* overlaps "high" */
    csat_assert_status(csat_jones_sasser_classify(s, l, 6, &o, out, NULL), CSAT_EINVAL);
    o.version = 9;
    csat_assert_status(csat_jones_sasser_classify(s, l, 6, &o, out, NULL), CSAT_EVERSION);
    csat_assert_status(csat_jones_sasser_options_init(&o, 9), CSAT_EVERSION);
    assert_memory_equal(out, keep, sizeof out);
}

/* Dick & Basu (1994) cells; a value on the cut-off counts as high [C]. */
static void test_dick_basu(void **state)
{
    csat_dick_basu c = CSAT_DB_NONE;
    (void)state;
    csat_assert_status(csat_dick_basu_classify(1.2, 0.8, 0, 0.5, &c, NULL), CSAT_OK);
    assert_int_equal(c, CSAT_DB_LOYALTY);
    csat_assert_status(csat_dick_basu_classify(1.2, 0.2, 0, 0.5, &c, NULL), CSAT_OK);
    assert_int_equal(c, CSAT_DB_LATENT);
    csat_assert_status(csat_dick_basu_classify(-0.3, 0.5, 0, 0.5, &c, NULL), CSAT_OK);
    assert_int_equal(c, CSAT_DB_SPURIOUS);
    csat_assert_status(csat_dick_basu_classify(-0.3, 0.1, 0, 0.5, &c, NULL), CSAT_OK);
    assert_int_equal(c, CSAT_DB_NONE);
    csat_assert_status(csat_dick_basu_classify(NAN, 0.1, 0, 0.5, &c, NULL), CSAT_EINVAL);
    assert_int_equal(c, CSAT_DB_NONE);
}

/* Oliver (1999) phases are cumulative: the first phase missed stops the ladder [C]. */
static void test_oliver(void **state)
{
    const double th[4] = {3, 3, 4, 4};
    const double a[4] = {4, 4, 5, 4}, b[4] = {4, 2, 5, 5}, c[4] = {2, 5, 5, 5}, d[4] = {4, 4, 3, 5};
    csat_oliver_phase p = CSAT_OLIVER_NONE;
    (void)state;
    csat_assert_status(csat_oliver_phase_of(a, th, &s5, &p, NULL), CSAT_OK);
    assert_int_equal(p, CSAT_OLIVER_ACTION);
    csat_assert_status(csat_oliver_phase_of(b, th, &s5, &p, NULL), CSAT_OK);
    assert_int_equal(p, CSAT_OLIVER_COGNITIVE);
    csat_assert_status(csat_oliver_phase_of(c, th, &s5, &p, NULL), CSAT_OK);
    assert_int_equal(p, CSAT_OLIVER_NONE);
    csat_assert_status(csat_oliver_phase_of(d, th, &s5, &p, NULL), CSAT_OK);
    assert_int_equal(p, CSAT_OLIVER_AFFECTIVE);
    {
        const double bad[4] = {4, 4, 9, 4};
        csat_assert_status(csat_oliver_phase_of(bad, th, &s5, &p, NULL), CSAT_EINVAL);
    }
    assert_int_equal(p, CSAT_OLIVER_AFFECTIVE);
}

/* Loyalty index [D]: min-max normalisation, "-" indicators mirrored (docs/theory/loyalty.rst, 7.4). */
static void test_loyalty_index(void **state)
{
    /* repeat purchases 0..12 per year, attention 1..5, choice time 0..60 min,
     * price sensitivity 1..7, competitor attitude 1..5, incident tolerance 1..5 */
    const csat_scale sc[6] = {{0, 12, 0}, {1, 5, 0}, {0, 60, 0}, {1, 7, 0}, {1, 5, 0}, {1, 5, 0}};
    const double best[6] = {12, 5, 0, 1, 1, 5}, worst[6] = {0, 1, 60, 7, 5, 1};
    const double mid[6] = {6, 3, 30, 4, 3, 3}, mixed[6] = {12, 5, 0, 7, 5, NAN};
    const double w[6] = {2, 1, 1, 1, 1, 0};
    double idx[2], keep[2] = {-5, -5};
    (void)state;
    csat_assert_status(csat_loyalty_index(best, 1, sc, NULL, CSAT_NAN_ERROR, idx, NULL), CSAT_OK);
    csat_assert_close(idx[0], 100, 1e-14, 0);
    csat_assert_status(csat_loyalty_index(worst, 1, sc, NULL, CSAT_NAN_ERROR, idx, NULL), CSAT_OK);
    csat_assert_close(idx[0], 0, 0, 1e-14);
    csat_assert_status(csat_loyalty_index(mid, 1, sc, w, CSAT_NAN_ERROR, idx, NULL), CSAT_OK);
    csat_assert_close(idx[0], 50, 1e-14, 0);
    /* weights 2,1,1,1,1,0: (2*1 + 1 + 1 + 0 + 0) / 6 */
    csat_assert_status(csat_loyalty_index(mixed, 1, sc, w, CSAT_NAN_SKIP, idx, NULL), CSAT_OK);
    csat_assert_close(idx[0], 100 * 4.0 / 6.0, 1e-14, 0);
    csat_assert_status(csat_loyalty_index(mixed, 1, sc, NULL, CSAT_NAN_ERROR, keep, NULL), CSAT_EINVAL);
    {
        const double off[6] = {13, 5, 0, 1, 1, 5}, zw[6] = {0, 0, 0, 0, 0, 1};
        const double only_last_missing[6] = {1, 1, 1, 1, 1, NAN};
        csat_assert_status(csat_loyalty_index(off, 1, sc, NULL, CSAT_NAN_ERROR, keep, NULL), CSAT_EINVAL);
        csat_assert_status(csat_loyalty_index(only_last_missing, 1, sc, zw, CSAT_NAN_SKIP, keep, NULL),
                           CSAT_EEMPTY);
        csat_assert_status(csat_loyalty_index(best, 0, sc, NULL, CSAT_NAN_ERROR, keep, NULL), CSAT_EEMPTY);
        csat_assert_status(csat_loyalty_index(best, SIZE_MAX / 2, sc, NULL, CSAT_NAN_ERROR, keep, NULL),
                           CSAT_EINVAL);
    }
    assert_true(keep[0] == -5 && keep[1] == -5);
}

/* Bond levels (Berry & Parasuraman 1991) and switching-cost score [C]. */
static void test_bonds(void **state)
{
    const double sc[4] = {5, 3, 1, 1}, all[4] = {5, 5, 5, 5}, none[4] = {1, 2, 2, 1};
    double score = -1;
    csat_loyalty_bond b = CSAT_LOYALTY_BOND_NONE;
    (void)state;
    csat_assert_status(csat_loyalty_bond_score(sc, &s5, NULL, &score, &b, NULL), CSAT_OK);
    csat_assert_close(score, 100 * (1 * 1.0 + 2 * 0.5) / 10.0, 1e-14, 0);
    assert_int_equal(b, CSAT_LOYALTY_BOND_SOCIAL);
    csat_assert_status(csat_loyalty_bond_score(all, &s5, NULL, &score, &b, NULL), CSAT_OK);
    csat_assert_close(score, 100, 1e-14, 0);
    assert_int_equal(b, CSAT_LOYALTY_BOND_STRUCTURAL);
    csat_assert_status(csat_loyalty_bond_score(none, &s5, NULL, &score, &b, NULL), CSAT_OK);
    assert_int_equal(b, CSAT_LOYALTY_BOND_NONE);
    {
        const double bad[4] = {0, 1, 1, 1}, zw[4] = {0, 0, 0, 0};
        score = -1;
        csat_assert_status(csat_loyalty_bond_score(bad, &s5, NULL, &score, &b, NULL), CSAT_EINVAL);
        csat_assert_status(csat_loyalty_bond_score(sc, &s5, zw, &score, &b, NULL), CSAT_EINVAL);
        assert_true(score == -1);
    }
}

/* Satisfaction -> retention table (docs/theory/loyalty.rst, 7.5): monotone; expected retained
 * count = sum n_r mid_r [D]. */
static void test_retention_table(void **state)
{
    csat_satisfaction_retention_row t[5];
    const double ratings[5] = {1, 2, 3, 4, 5}, counts[5] = {10, 20, 30, 25, 15};
    csat_satisfaction_retention_result r, keep;
    (void)state;
    csat_assert_status(csat_satisfaction_retention_table(t, 5, NULL), CSAT_OK);
    for (int i = 0; i < 4; i++) {
        assert_true(t[i].rating > t[i + 1].rating);
        assert_true(t[i].low > t[i + 1].low);
    }
    csat_assert_close(t[0].low, 0.92, 0, 0);
    csat_assert_close(t[0].high, 0.97, 0, 0);
    csat_assert_status(csat_satisfaction_retention_forecast(ratings, counts, 5, NULL, 0, 200, &r, NULL),
                       CSAT_OK);
    csat_assert_close(r.customers, 100, 0, 0);
    csat_assert_close(r.retained_mid,
                      10 * 0.025 + 20 * 0.175 + 30 * 0.625 + 25 * 0.825 + 15 * 0.945, 1e-14, 0);
    csat_assert_close(r.retained_mid, 57.3, 1e-14, 0);
    csat_assert_close(r.retained_low, 10 * 0 + 20 * .15 + 30 * .6 + 25 * .8 + 15 * .92, 1e-14, 0);
    csat_assert_close(r.revenue_mid, 57.3 * 200, 1e-14, 0);
    /* a replaced table */
    {
        csat_satisfaction_retention_row mine[2] = {{1, 0.1, 0.3}, {2, 0.9, 0.9}};
        const double rr[2] = {2, 1}, cc[2] = {10, 10};
        csat_assert_status(csat_satisfaction_retention_forecast(rr, cc, 2, mine, 2, 1, &r, NULL), CSAT_OK);
        csat_assert_close(r.retained_mid, 11, 1e-14, 0);
        memset(&keep, 0x5a, sizeof keep);
        r = keep;
        mine[0].low = 0.5; /* low > high */
        csat_assert_status(csat_satisfaction_retention_forecast(rr, cc, 2, mine, 2, 1, &r, NULL), CSAT_EINVAL);
        mine[0].low = 0.1;
        mine[1].rating = 1; /* duplicate rating */
        csat_assert_status(csat_satisfaction_retention_forecast(rr, cc, 2, mine, 2, 1, &r, NULL), CSAT_EINVAL);
    }
    {
        const double r6[1] = {6}, neg[1] = {-1};
        csat_assert_status(csat_satisfaction_retention_forecast(r6, counts, 1, NULL, 0, 1, &r, NULL),
                           CSAT_EINVAL);
        csat_assert_status(csat_satisfaction_retention_forecast(ratings, neg, 1, NULL, 0, 1, &r, NULL),
                           CSAT_EINVAL);
        csat_assert_status(csat_satisfaction_retention_forecast(ratings, counts, 0, NULL, 0, 1, &r, NULL),
                           CSAT_EEMPTY);
        csat_assert_status(csat_satisfaction_retention_forecast(ratings, counts, 5, NULL, 0, NAN, &r, NULL),
                           CSAT_EINVAL);
        csat_assert_status(csat_satisfaction_retention_forecast(ratings, counts, 5, NULL, 0, 1e307, &r, NULL),
                           CSAT_EDOM);
    }
    assert_memory_equal(&r, &keep, sizeof r);
    csat_assert_status(csat_satisfaction_retention_table(t, 4, NULL), CSAT_EBUFSIZE);
}

/* TARP arithmetic test vector [D] (docs/theory/loyalty.rst, 8.1): C = 10, q = 0.04, p_nr = 0.90, k = 9. */
static void test_iceberg(void **state)
{
    csat_iceberg_result r, keep;
    csat_iceberg_options o = CSAT_ICEBERG_OPTIONS_INIT;
    (void)state;
    csat_assert_status(csat_iceberg(10, 100, 50, NULL, &r, NULL), CSAT_OK);
    csat_assert_close(r.dissatisfied, 250, 1e-14, 0);
    csat_assert_close(r.silent, 240, 1e-14, 0);
    csat_assert_close(r.lost, 216, 1e-14, 0);
    csat_assert_close(r.word_of_mouth, 2250, 1e-14, 0);
    csat_assert_close(r.revenue_at_risk, 21600, 1e-14, 0);
    csat_assert_close(r.replacement_cost, 10800, 1e-14, 0);
    csat_assert_close(r.retention_cost, 2160, 1e-14, 0);
    o.silent_lost_share = 0.91; /* TARP's 91% */
    csat_assert_status(csat_iceberg(10, 100, 50, &o, &r, NULL), CSAT_OK);
    csat_assert_close(r.lost, 218.4, 1e-14, 0);
    o.complain_share = 1.0 / 27.0; /* "for every customer who complains, 26 do not" */
    csat_assert_status(csat_iceberg(10, 100, 50, &o, &r, NULL), CSAT_OK);
    csat_assert_close(r.dissatisfied, 270, 1e-14, 0);
    csat_assert_close(r.silent, 260, 1e-14, 0);
    memset(&keep, 0x5a, sizeof keep);
    r = keep;
    o.complain_share = 0;
    csat_assert_status(csat_iceberg(10, 100, 50, &o, &r, NULL), CSAT_EINVAL);
    o.complain_share = 0.04;
    o.acquisition_ratio = 0;
    csat_assert_status(csat_iceberg(10, 100, 50, &o, &r, NULL), CSAT_EINVAL);
    o.acquisition_ratio = 5;
    o.silent_lost_share = NAN;
    csat_assert_status(csat_iceberg(10, 100, 50, &o, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_iceberg(-1, 100, 50, NULL, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_iceberg(1e308, 100, 50, NULL, &r, NULL), CSAT_EDOM);
    o.version = 3;
    csat_assert_status(csat_iceberg(10, 100, 50, &o, &r, NULL), CSAT_EVERSION);
    csat_assert_status(csat_iceberg_options_init(&o, 3), CSAT_EVERSION);
    assert_memory_equal(&r, &keep, sizeof r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jones_sasser), cmocka_unit_test(test_dick_basu),
        cmocka_unit_test(test_oliver),       cmocka_unit_test(test_loyalty_index),
        cmocka_unit_test(test_bonds),        cmocka_unit_test(test_retention_table),
        cmocka_unit_test(test_iceberg),
    };
    return cmocka_run_group_tests_name("loyalty", tests, NULL, NULL);
}
