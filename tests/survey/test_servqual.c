/* SERVQUAL, zone of tolerance and the services gap model (docs/theory/servqual.rst, 4). */
#include "csat_test.h"

#include <float.h>

/* 12manage forum example (www.12manage.com/forum.asp?TB=zeithaml_servqual&S=54) [P]:
 * dimension gaps T, Rel, Resp, A, E. */
static const double gaps_12manage[5] = {-0.65, -1.10, -0.83, -0.70, -1.01};

static void test_combine_published(void **state)
{
    double w[5], sq = 0;
    (void)state;
    csat_assert_status(csat_servqual_combine(gaps_12manage, NULL, 5, &sq, NULL), CSAT_OK);
    csat_assert_close(sq, -0.858, 1e-12, 0); /* -4.29 / 5, printed -0.86 */
    /* PZB average importance weights [P*] -> SQ_w = -0.9007 [D] (docs/theory/servqual.rst, 4.3). */
    csat_assert_status(csat_servqual_pzb_weights(w, 5, NULL), CSAT_OK);
    csat_assert_close(w[0] + w[1] + w[2] + w[3] + w[4], 100, 0, 0);
    csat_assert_status(csat_servqual_combine(gaps_12manage, w, 5, &sq, NULL), CSAT_OK);
    csat_assert_close(sq, -0.9007, 1e-12, 0);
    sq = 42;
    csat_assert_status(csat_servqual_pzb_weights(w, 4, NULL), CSAT_EBUFSIZE);
    w[0] = -1;
    csat_assert_status(csat_servqual_combine(gaps_12manage, w, 5, &sq, NULL), CSAT_EINVAL);
    w[0] = w[1] = w[2] = w[3] = w[4] = 0;
    csat_assert_status(csat_servqual_combine(gaps_12manage, w, 5, &sq, NULL), CSAT_EINVAL);
    csat_assert_status(csat_servqual_combine(gaps_12manage, NULL, 0, &sq, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_servqual_combine(NULL, NULL, 5, &sq, NULL), CSAT_EINVAL);
    assert_true(sq == 42);
    /* found by tests/fuzz/fuzz_survey.c: w * gap overflowed for weights near
     * 1e308 (NaN with CSAT_OK); the weights are normalised first now */
    {
        const double g2[2] = {1e100, -3e100}, w2[2] = {1e300, 1e300};
        csat_assert_status(csat_servqual_combine(g2, w2, 2, &sq, NULL), CSAT_OK);
        csat_assert_close(sq, -1e100, 1e-15, 0);
        w[0] = w[1] = DBL_MAX; /* their sum overflows too */
        csat_assert_status(csat_servqual_combine(g2, w, 2, &sq, NULL), CSAT_OK);
        csat_assert_close(sq, -1e100, 1e-15, 0);
    }
}

/* Two respondents whose dimension gaps are the 12manage gaps +0.1 and -0.1:
 * the full scorer must give the published -0.858 (and -0.9007 weighted). */
static void make_survey(double *P, double *E)
{
    size_t map[22];
    assert_int_equal(csat_servqual_standard_map(map, 22, NULL), CSAT_OK);
    for (int j = 0; j < 2; j++)
        for (int i = 0; i < 22; i++) {
            E[j * 22 + i] = 5.0;
            P[j * 22 + i] = 5.0 + gaps_12manage[map[i]] + (j == 0 ? 0.1 : -0.1);
        }
}

static void test_servqual_survey(void **state)
{
    double P[44], E[44], W[10], item[22], item_se[22], dim[5], dim_se[5], resp[2], respw[2];
    csat_servqual_result r;
    (void)state;
    make_survey(P, E);
    for (int j = 0; j < 2; j++)
        csat_servqual_pzb_weights(W + 5 * j, 5, NULL);
    csat_assert_status(csat_servqual(P, E, 2, 22, W, NULL, item, item_se, dim, dim_se, resp, respw, &r, NULL),
                       CSAT_OK);
    csat_assert_close(r.overall, -0.858, 1e-12, 0);
    csat_assert_close(r.weighted, -0.9007, 1e-12, 0);
    for (int k = 0; k < 5; k++) {
        csat_assert_close(dim[k], gaps_12manage[k], 1e-12, 1e-15);
        csat_assert_close(dim_se[k], 0.1, 1e-9, 0); /* sd 0.1414 / sqrt 2 */
    }
    csat_assert_close(item[0], -0.65, 1e-12, 0);
    csat_assert_close(item[21], -1.01, 1e-12, 0);
    csat_assert_close(item_se[21], 0.1, 1e-9, 0);
    csat_assert_close(resp[0], -0.758, 1e-12, 0);
    csat_assert_close(resp[1], -0.958, 1e-12, 0);
    csat_assert_close(respw[0], -0.8007, 1e-12, 0);
    csat_assert_close(r.overall_se, 0.1, 1e-9, 0);
    csat_assert_close(r.weighted_se, 0.1, 1e-9, 0);
    assert_int_equal(r.n_respondents, 2);
    assert_int_equal(r.n_complete, 2);
    assert_int_equal(r.n_skipped, 0);

    /* Weights differ per respondent: applied per respondent, then averaged
     * (PZB 1990 scoring step 5). Respondent 2 puts all 100 points on reliability. */
    for (int k = 0; k < 5; k++)
        W[5 + k] = k == 1 ? 100 : 0;
    csat_assert_status(csat_servqual(P, E, 2, 22, W, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_OK);
    csat_assert_close(r.weighted, 0.5 * (-0.8007 + (-1.10 - 0.1)), 1e-12, 0);

    /* SERVPERF: perceptions only. */
    csat_assert_status(csat_servqual(P, NULL, 2, 22, NULL, NULL, NULL, NULL, dim, NULL, NULL, NULL, &r, NULL),
                       CSAT_OK);
    csat_assert_close(dim[0], 4.35, 1e-12, 0);
    csat_assert_close(r.overall, 5 - 0.858, 1e-12, 0);
    csat_assert_close(r.weighted, 0, 0, 0);
}

/* Reverse-scored 1988 items (10-13, 18-22): 8 - x on 1..7 (studylib 25354314). */
static void test_reverse_and_custom_map(void **state)
{
    double P[22], E[22], item[22], dim[2];
    unsigned char rev[22];
    size_t map4[4] = {0, 0, 1, 1};
    csat_servqual_options o = CSAT_SERVQUAL_OPTIONS_INIT;
    csat_servqual_result r;
    (void)state;
    for (int i = 0; i < 22; i++) {
        P[i] = 6;
        E[i] = 4;
    }
    csat_assert_status(csat_servqual_reverse_1988(rev, 22, NULL), CSAT_OK);
    o.reversed_items = rev;
    csat_assert_status(csat_servqual(P, E, 1, 22, NULL, &o, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_OK);
    csat_assert_close(item[0], 2, 0, 0);
    csat_assert_close(item[9], -2, 0, 0);
    csat_assert_close(item[17], -2, 0, 0);
    csat_assert_close(r.overall_se, 0, 0, 0); /* one respondent */

    /* Any map: 4 items in 2 dimensions, 1..5 scale, missing answers skipped. */
    {
        const double p4[8] = {5, 4, 3, NAN, 4, 4, 2, 2};
        const double e4[8] = {4, 4, 4, 4, 5, 5, 3, 3};
        o = (csat_servqual_options)CSAT_SERVQUAL_OPTIONS_INIT;
        o.scale.min = 1;
        o.scale.max = 5;
        o.item_dimension = map4;
        o.n_dimensions = 2;
        o.nan_policy = CSAT_NAN_SKIP;
        csat_assert_status(csat_servqual(p4, e4, 2, 4, NULL, &o, item, NULL, dim, NULL, NULL, NULL, &r, NULL),
                           CSAT_OK);
        /* resp 1: dims (1+0)/2 = 0.5, (-1) ; resp 2: (-1 + -1)/2 = -1, -1 */
        csat_assert_close(dim[0], -0.25, 1e-15, 0);
        csat_assert_close(dim[1], -1, 1e-15, 0);
        csat_assert_close(item[3], -1, 0, 0);
        csat_assert_close(r.overall, -0.625, 1e-15, 0);
        assert_int_equal(r.n_skipped, 1);
        o.nan_policy = CSAT_NAN_ERROR;
        csat_assert_status(csat_servqual(p4, e4, 2, 4, NULL, &o, item, NULL, dim, NULL, NULL, NULL, &r, NULL),
                           CSAT_EINVAL);
    }
}

static void test_servqual_bad_input(void **state)
{
    double P[44], E[44], W[10], item[22], keep[22];
    csat_servqual_result r, rkeep;
    csat_servqual_options o = CSAT_SERVQUAL_OPTIONS_INIT;
    size_t badmap[22];
    (void)state;
    make_survey(P, E);
    memset(&rkeep, 0x5a, sizeof rkeep);
    r = rkeep;
    for (int i = 0; i < 22; i++)
        keep[i] = item[i] = -777;
    P[3] = 8; /* off the 1..7 scale */
    csat_assert_status(csat_servqual(P, E, 2, 22, NULL, NULL, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EINVAL);
    P[3] = INFINITY;
    csat_assert_status(csat_servqual(P, E, 2, 22, NULL, NULL, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EINVAL);
    P[3] = NAN;
    csat_assert_status(csat_servqual(P, E, 2, 22, NULL, NULL, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EINVAL);
    P[25] = NAN; /* item 4 missing for both respondents */
    o.nan_policy = CSAT_NAN_SKIP;
    csat_assert_status(csat_servqual(P, E, 2, 22, NULL, &o, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EEMPTY);
    make_survey(P, E);
    csat_assert_status(csat_servqual(P, E, 0, 22, NULL, NULL, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EEMPTY);
    csat_assert_status(csat_servqual(P, E, 2, 21, NULL, NULL, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EINVAL); /* standard map needs 22 items */
    csat_assert_status(csat_servqual(P, E, SIZE_MAX / 4, 22, NULL, NULL, item, NULL, NULL, NULL, NULL,
                                     NULL, &r, NULL),
                       CSAT_EINVAL);
    csat_assert_status(csat_servqual(NULL, E, 2, 22, NULL, NULL, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EINVAL);
    for (int k = 0; k < 10; k++)
        W[k] = 0; /* weights sum to zero */
    csat_assert_status(csat_servqual(P, E, 2, 22, W, NULL, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EINVAL);
    W[0] = -5;
    W[1] = 10;
    csat_assert_status(csat_servqual(P, E, 2, 22, W, NULL, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EINVAL);
    o = (csat_servqual_options)CSAT_SERVQUAL_OPTIONS_INIT;
    for (int i = 0; i < 22; i++)
        badmap[i] = i < 11 ? 0 : 1; /* dimensions 2..4 get no item */
    o.item_dimension = badmap;
    csat_assert_status(csat_servqual(P, E, 2, 22, NULL, &o, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EINVAL);
    badmap[0] = 9;
    o.n_dimensions = 2;
    csat_assert_status(csat_servqual(P, E, 2, 22, NULL, &o, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EINVAL);
    o = (csat_servqual_options)CSAT_SERVQUAL_OPTIONS_INIT;
    o.scale.min = 7;
    o.scale.max = 1;
    csat_assert_status(csat_servqual(P, E, 2, 22, NULL, &o, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EINVAL);
    o.version = 7;
    csat_assert_status(csat_servqual(P, E, 2, 22, NULL, &o, item, NULL, NULL, NULL, NULL, NULL, &r, NULL),
                       CSAT_EVERSION);
    csat_assert_status(csat_servqual_options_init(&o, 7), CSAT_EVERSION);
    assert_memory_equal(item, keep, sizeof item);
    assert_memory_equal(&r, &rkeep, sizeof r);
}

/* Zone of tolerance test vectors [D] (docs/theory/servqual.rst, 4.4): A = 5.0, D = 7.5, 9-point scale. */
static void test_zot_vectors(void **state)
{
    const csat_scale s9 = {1, 9, 0};
    const double ps[3] = {6.2, 4.6, 7.9}, msa[3] = {1.2, -0.4, 2.9}, mss[3] = {-1.3, -2.9, 0.4};
    const csat_zot_position pos[3] = {CSAT_ZOT_WITHIN, CSAT_ZOT_BELOW, CSAT_ZOT_ABOVE};
    csat_zot_result r, keep;
    (void)state;
    for (int k = 0; k < 3; k++) {
        csat_assert_status(csat_zot_item(5.0, 7.5, ps[k], &s9, &r, NULL), CSAT_OK);
        csat_assert_close(r.msa, msa[k], 1e-12, 1e-15);
        csat_assert_close(r.mss, mss[k], 1e-12, 1e-15);
        csat_assert_close(r.width, 2.5, 0, 0);
        assert_int_equal(r.position, pos[k]);
    }
    /* boundaries count as within */
    csat_assert_status(csat_zot_item(5.0, 7.5, 5.0, &s9, &r, NULL), CSAT_OK);
    assert_int_equal(r.position, CSAT_ZOT_WITHIN);
    memset(&keep, 0x5a, sizeof keep);
    r = keep;
    csat_assert_status(csat_zot_item(7.5, 5.0, 6.0, &s9, &r, NULL), CSAT_EINVAL); /* A > D */
    csat_assert_status(csat_zot_item(5.0, 7.5, 9.5, &s9, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_zot_item(5.0, NAN, 6.0, &s9, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_zot_item(5.0, 7.5, 6.0, NULL, &r, NULL), CSAT_EINVAL);
    assert_memory_equal(&r, &keep, sizeof r);
}

static void test_zot_survey(void **state)
{
    /* 3 respondents x 4 items; items 0-1 dimension 0, items 2-3 dimension 1. */
    const double A[12] = {5, 4, 3, 3, 5, 4, 3, 3, 5, 4, 3, NAN};
    const double D[12] = {7.5, 6, 5, 5, 7.5, 6, 5, 5, 7.5, 6, 5, 5};
    const double Pm[12] = {6.2, 5, 2, 6, 4.6, 5, 2, 6, 7.9, 5, 2, 6};
    size_t map[4] = {0, 0, 1, 1};
    csat_servqual_options o = CSAT_SERVQUAL_OPTIONS_INIT;
    csat_zot_result items[4], dims[2], keep[4];
    (void)state;
    o.scale.min = 1;
    o.scale.max = 9;
    o.item_dimension = map;
    o.n_dimensions = 2;
    memset(keep, 0x5a, sizeof keep);
    memcpy(items, keep, sizeof items);
    csat_assert_status(csat_zot(A, D, Pm, 3, 4, &o, items, dims, NULL), CSAT_EINVAL); /* NaN */
    assert_memory_equal(items, keep, sizeof items);
    o.nan_policy = CSAT_NAN_SKIP;
    csat_assert_status(csat_zot(A, D, Pm, 3, 4, &o, items, dims, NULL), CSAT_OK);
    csat_assert_close(items[0].perceived, (6.2 + 4.6 + 7.9) / 3, 1e-12, 0);
    csat_assert_close(items[0].msa, (6.2 + 4.6 + 7.9) / 3 - 5, 1e-12, 0);
    assert_int_equal(items[0].n_below, 1);
    assert_int_equal(items[0].n_within, 1);
    assert_int_equal(items[0].n_above, 1);
    assert_int_equal(items[0].position, CSAT_ZOT_WITHIN);
    assert_int_equal(items[2].position, CSAT_ZOT_BELOW);
    assert_int_equal(items[3].position, CSAT_ZOT_ABOVE);
    assert_int_equal(items[3].n, 2);
    csat_assert_close(dims[0].adequate, 4.5, 1e-15, 0);
    csat_assert_close(dims[0].desired, 6.75, 1e-15, 0);
    csat_assert_close(dims[1].perceived, 4, 1e-15, 0);
    csat_assert_close(dims[1].mss, -1, 1e-15, 0);
    assert_int_equal(dims[1].position, CSAT_ZOT_WITHIN);
    assert_int_equal(dims[1].n, 5);
    {
        double D2[12];
        memcpy(D2, D, sizeof D2);
        D2[5] = 3.5; /* adequate 4 > desired 3.5: an error, not a flag */
        memcpy(items, keep, sizeof items);
        csat_assert_status(csat_zot(A, D2, Pm, 3, 4, &o, items, dims, NULL), CSAT_EINVAL);
        assert_memory_equal(items, keep, sizeof items);
    }
    csat_assert_status(csat_zot(A, D, Pm, 0, 4, &o, items, dims, NULL), CSAT_EEMPTY);
}

/* Services gap model (PZB 1985) [D]: signs per docs/theory/servqual.rst, 4.1, gap 5 = P - E. */
static void test_service_gaps(void **state)
{
    const double E[2] = {6, 5}, Mg[2] = {5, 5}, S[2] = {4, 4}, Dl[2] = {4, 3}, C[2] = {6, 6},
                 Pp[2] = {4, 4};
    double mean[5], ig[10];
    int av[5];
    (void)state;
    csat_assert_status(csat_service_gaps(E, Mg, S, Dl, C, Pp, 2, mean, av, ig, NULL), CSAT_OK);
    csat_assert_close(mean[CSAT_GAP_LISTENING], 0.5, 0, 0);
    csat_assert_close(mean[CSAT_GAP_DESIGN], 1, 0, 0);
    csat_assert_close(mean[CSAT_GAP_PERFORMANCE], 0.5, 0, 0);
    csat_assert_close(mean[CSAT_GAP_COMMUNICATION], -2.5, 0, 0);
    csat_assert_close(mean[CSAT_GAP_CUSTOMER], -1.5, 0, 0);
    csat_assert_close(ig[1 * 5 + 4], -1, 0, 0);
    /* Only SERVQUAL measured: gap 5 alone. */
    csat_assert_status(csat_service_gaps(E, NULL, NULL, NULL, NULL, Pp, 2, mean, av, NULL, NULL), CSAT_OK);
    assert_int_equal(av[4], 1);
    assert_int_equal(av[0] + av[1] + av[2] + av[3], 0);
    csat_assert_close(mean[0], 0, 0, 0);
    mean[4] = 99;
    csat_assert_status(csat_service_gaps(E, NULL, NULL, NULL, NULL, NULL, 2, mean, av, NULL, NULL),
                       CSAT_EEMPTY);
    csat_assert_status(csat_service_gaps(E, NULL, NULL, NULL, NULL, Pp, 0, mean, av, NULL, NULL),
                       CSAT_EEMPTY);
    {
        const double bad[2] = {NAN, 1};
        /* found by tests/fuzz/fuzz_survey.c: 1.7e308 - -1e308 overflowed and
         * the mean gap was NaN with CSAT_OK; item means beyond the scale
         * limit are CSAT_EINVAL, as scale ends are */
        const double huge[2] = {1.7e308, 1}, neg[2] = {-1e308, 1};
        csat_assert_status(csat_service_gaps(E, NULL, NULL, NULL, NULL, bad, 2, mean, av, NULL, NULL),
                           CSAT_EINVAL);
        csat_assert_status(csat_service_gaps(neg, NULL, NULL, NULL, NULL, huge, 2, mean, av, NULL, NULL),
                           CSAT_EINVAL);
    }
    assert_true(mean[4] == 99);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_combine_published),
        cmocka_unit_test(test_servqual_survey),
        cmocka_unit_test(test_reverse_and_custom_map),
        cmocka_unit_test(test_servqual_bad_input),
        cmocka_unit_test(test_zot_vectors),
        cmocka_unit_test(test_zot_survey),
        cmocka_unit_test(test_service_gaps),
    };
    return cmocka_run_group_tests_name("servqual", tests, NULL, NULL);
}
