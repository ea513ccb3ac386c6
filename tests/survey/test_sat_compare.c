/*
 * Satisfaction over time (issue 16): two-sample tests, sample sizes,
 * tracking charts, relative scores. Expected values are hand computations
 * (worked in the comments) checked by tests/reference/sat_compare_reference.py
 * (scipy: ttest_ind_from_stats, chi2_contingency, t.ppf; its output is
 * tests/reference/sat_compare_reference.txt) and, for the two-proportion
 * intervals, the published figures of Newcombe (1998), Stat Med 17:873,
 * Table II example (a).
 */
#include "csat_test.h"

#include <float.h>
#include <string.h>

/* Newcombe (1998) example (a): 56/70 vs 48/80. p1 = .8, p2 = .6, d = .2.
 * Wald SE = sqrt(.8*.2/70 + .6*.4/80) = sqrt(.0052857) = .0727029;
 * d -/+ 1.959964 SE = (.0575, .3425) as printed (method 1). Method 10 (hybrid
 * score): (.0524, .3339) as printed. Pooled z: p = 104/150, SE0 =
 * sqrt(p(1-p)(1/70 + 1/80)) = .0754670, z = .2/.0754670 = 2.650172, and
 * z^2 = 7.023411 = Pearson's chi-square without continuity correction. */
static void test_proportions_newcombe(void **state)
{
    csat_comparison c;
    csat_error e;
    (void)state;
    csat_assert_status(csat_proportions_compare(56, 70, 48, 80, CSAT_DIFF_WALD, 0.95, &c, &e),
                       CSAT_OK);
    csat_assert_close(c.difference, 20.0, 1e-13, 0);
    csat_assert_close(c.estimate1, 80.0, 1e-15, 0);
    csat_assert_close(c.estimate2, 60.0, 1e-15, 0);
    csat_assert_close(c.se, 7.2702917999997, 1e-12, 0);
    csat_assert_close(c.statistic, 2.6501719512585336, 1e-12, 0);
    csat_assert_close(c.p_value, 0.00804508136819656, 1e-10, 0);
    csat_assert_close(c.lower, 5.7504899149037145, 1e-10, 0);
    csat_assert_close(c.upper, 34.249510085096304, 1e-10, 0);
    csat_assert_close(c.lower, 5.75, 0, 5e-3); /* Newcombe's .0575 */
    csat_assert_close(c.upper, 34.25, 0, 5e-3);
    assert_true(c.df == 0.0 && c.level == 0.95);
    csat_assert_status(csat_proportions_compare(56, 70, 48, 80, CSAT_DIFF_NEWCOMBE, 0.95, &c, &e),
                       CSAT_OK);
    csat_assert_close(c.lower, 5.243147240236507, 1e-10, 0);
    csat_assert_close(c.upper, 33.387265403690606, 1e-10, 0);
    csat_assert_close(c.lower, 5.24, 0, 5e-3); /* Newcombe's .0524 */
    csat_assert_close(c.upper, 33.39, 0, 5e-3); /* .3339 */
    /* Agresti-Caffo: 57/72 - 49/82 = .1941057, SE .0722734 */
    csat_assert_status(
        csat_proportions_compare(56, 70, 48, 80, CSAT_DIFF_AGRESTI_CAFFO, 0.95, &c, &e), CSAT_OK);
    csat_assert_close(c.lower, 5.245292663805371, 1e-10, 0);
    csat_assert_close(c.upper, 33.57584554757674, 1e-10, 0);
    csat_assert_close(c.difference, 20.0, 1e-13, 0); /* the estimate is not shifted */
    /* second case, 120/200 vs 95/180 (scipy chi-square 2.011432 = z^2) */
    csat_assert_status(csat_proportions_compare(120, 200, 95, 180, CSAT_DIFF_NEWCOMBE, 0.95, &c, &e),
                       CSAT_OK);
    csat_assert_close(c.statistic * c.statistic, 2.011432150967032, 1e-12, 0);
    csat_assert_close(c.p_value, 0.15611788258354736, 1e-10, 0);
    csat_assert_close(c.lower, -2.7317762210243792, 1e-10, 0);
    csat_assert_close(c.upper, 17.004146589959284, 1e-10, 0);
}

static void test_proportions_edges(void **state)
{
    csat_comparison c, keep;
    csat_error e;
    (void)state;
    /* all in the box on both sides: no pooled SE, statistic 0, p 1 */
    csat_assert_status(csat_proportions_compare(10, 10, 20, 20, CSAT_DIFF_NEWCOMBE, 0.9, &c, &e),
                       CSAT_OK);
    assert_true(c.statistic == 0.0 && c.p_value == 1.0 && c.difference == 0.0);
    assert_true(c.lower >= -100.0 && c.upper <= 100.0 && c.lower < 0.0 && c.upper > 0.0);
    /* 0 of n against n of n: the interval stays inside [-100, 100] */
    for (int m = 0; m < 3; m++) {
        csat_assert_status(csat_proportions_compare(0, 5, 5, 5, (csat_diff_interval)m, 0.99, &c, &e),
                           CSAT_OK);
        assert_true(c.lower >= -100.0 && c.upper <= 100.0 && isfinite(c.p_value));
    }
    /* weighted counts near DBL_MAX stay finite */
    csat_assert_status(csat_proportions_compare(DBL_MAX / 2, DBL_MAX, DBL_MAX / 4, DBL_MAX,
                                                CSAT_DIFF_NEWCOMBE, 0.95, &c, &e), CSAT_OK);
    csat_assert_close(c.difference, 25.0, 1e-13, 0);
    memset(&keep, 0x5a, sizeof keep);
    c = keep;
    csat_assert_status(csat_proportions_compare(11, 10, 5, 10, CSAT_DIFF_WALD, 0.95, &c, &e),
                       CSAT_EINVAL);
    assert_string_equal(e.argument, "count1");
    assert_memory_equal(&c, &keep, sizeof c);
    csat_assert_status(csat_proportions_compare(1, 10, 5, 0, CSAT_DIFF_WALD, 0.95, &c, &e),
                       CSAT_EINVAL);
    assert_string_equal(e.argument, "n2");
    csat_assert_status(csat_proportions_compare(1, 10, 5, 10, (csat_diff_interval)3, 0.95, &c, &e),
                       CSAT_EINVAL);
    assert_string_equal(e.argument, "method");
    csat_assert_status(csat_proportions_compare(1, 10, 5, 10, CSAT_DIFF_WALD, 1.0, &c, &e),
                       CSAT_EINVAL);
    assert_string_equal(e.argument, "level");
    csat_assert_status(csat_proportions_compare(1, 10, 5, 10, CSAT_DIFF_WALD, 0.5, NULL, &e),
                       CSAT_EINVAL);
    assert_string_equal(e.argument, "out");
}

/* Welch: 4.2 (SD .9, n 50) vs 3.9 (1.1, 60). v1 = .81/50 = .0162, v2 =
 * 1.21/60 = .0201667, SE = sqrt(.0363667) = .1907005, t = .3/.1907005 =
 * 1.573148, df = .0363667^2 / (.0162^2/49 + .0201667^2/59) = 107.970;
 * interval with t(.975, 107.97) = 1.98217963602 (mpmath; scipy t.ppf is
 * 5e-11 off);
 * scipy ttest_ind_from_stats(equal_var=False): t 1.5731477, p .1186105. */
static void test_welch(void **state)
{
    csat_comparison c;
    csat_error e;
    (void)state;
    csat_assert_status(csat_means_compare(4.2, 0.9, 50, 3.9, 1.1, 60, 0.95, &c, &e), CSAT_OK);
    csat_assert_close(c.difference, 0.3, 1e-13, 0);
    csat_assert_close(c.se, 0.19070046320517073, 1e-13, 0);
    csat_assert_close(c.statistic, 1.5731477257988429, 1e-12, 0);
    csat_assert_close(c.df, 107.9704167662746, 1e-12, 0);
    csat_assert_close(c.p_value, 0.11861046793302926, 1e-11, 0);
    csat_assert_close(c.lower, -0.0780025747442431, 1e-11, 0);
    csat_assert_close(c.upper, 0.6780025747442436, 1e-11, 0);
    csat_assert_status(csat_means_compare(6.8, 1.6, 40, 7.3, 1.4, 60, 0.95, &c, &e), CSAT_OK);
    csat_assert_close(c.statistic, -1.6081688022566922, 1e-12, 0);
    csat_assert_close(c.p_value, 0.11195023696331709, 1e-11, 0);
    csat_assert_close(c.df, 75.90181256795364, 1e-12, 0);
    /* one SD of 0: df = n of the other - 1 */
    csat_assert_status(csat_means_compare(5, 0, 10, 4, 2, 17, 0.95, &c, &e), CSAT_OK);
    csat_assert_close(c.df, 16.0, 1e-14, 0);
    csat_assert_status(csat_means_compare(5, 0, 10, 4, 0, 17, 0.95, &c, &e), CSAT_EDOM);
    csat_assert_status(csat_means_compare(5, 1, 1.5, 4, 1, 17, 0.95, &c, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "n1");
    csat_assert_status(csat_means_compare(5, 1, 10, NAN, 1, 17, 0.95, &c, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "mean2");
    csat_assert_status(csat_means_compare(5, -1, 10, 4, 1, 17, 0.95, &c, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "sd1");
    /* overflow is CSAT_EDOM, never Inf */
    csat_assert_status(csat_means_compare(DBL_MAX, 1e300, 2, -DBL_MAX, 1, 2, 0.95, &c, &e),
                       CSAT_EDOM);
}

/* CSI by the bootstrap: reproducible by seed; estimates are csat_csi's; the
 * SE of a mean of complete rows is close to the analytic sqrt(se1^2 + se2^2)
 * (the bootstrap's is smaller by sqrt((n-1)/n)). */
static void test_csi_bootstrap(void **state)
{
    enum { N1 = 60, N2 = 80, K = 3, B = 2000 };
    static double a1[N1 * K], a2[N2 * K], d1[B], d2[B];
    csat_index_result i1, i2;
    csat_comparison c, c2;
    csat_error e;
    const double w[K] = {0.5, 0.3, 0.2};
    (void)state;
    for (size_t i = 0; i < N1 * K; i++)
        a1[i] = 1.0 + (double)((i * 7 + i / 5) % 10);
    for (size_t i = 0; i < N2 * K; i++)
        a2[i] = 1.0 + (double)((i * 3 + i / 7 + 2) % 10);
    csat_assert_status(csat_csi(a1, N1, K, w, NULL, &i1, &e), CSAT_OK);
    csat_assert_status(csat_csi(a2, N2, K, w, NULL, &i2, &e), CSAT_OK);
    csat_assert_status(csat_csi_compare(a1, N1, a2, N2, K, w, NULL, B, 42, 0.95, d1, &c, &e),
                       CSAT_OK);
    csat_assert_close(c.estimate1, i1.index, 1e-15, 0);
    csat_assert_close(c.estimate2, i2.index, 1e-15, 0);
    csat_assert_close(c.difference, i1.index - i2.index, 1e-13, 1e-13);
    csat_assert_close(c.se, sqrt(i1.se * i1.se + i2.se * i2.se), 0.1, 0);
    assert_true(c.lower < c.difference && c.difference < c.upper);
    assert_true(d1[0] == c.lower || d1[0] < c.lower);
    for (size_t k = 1; k < B; k++)
        assert_true(d1[k - 1] <= d1[k]);
    /* the same seed gives the same bits; another seed other draws */
    csat_assert_status(csat_csi_compare(a1, N1, a2, N2, K, w, NULL, B, 42, 0.95, d2, &c2, &e),
                       CSAT_OK);
    assert_memory_equal(&c, &c2, sizeof c);
    assert_memory_equal(d1, d2, sizeof d1);
    csat_assert_status(csat_csi_compare(a1, N1, a2, N2, K, w, NULL, B, 43, 0.95, d2, &c2, &e),
                       CSAT_OK);
    assert_true(c2.se != c.se);
    csat_assert_close(c2.se, c.se, 0.1, 0);
    /* errors name the sample */
    a2[4] = 11;
    csat_assert_status(csat_csi_compare(a1, N1, a2, N2, K, w, NULL, B, 42, 0.95, d2, &c2, &e),
                       CSAT_EINVAL);
    assert_string_equal(e.argument, "answers2");
    assert_int_equal(e.row, 4);
    a2[4] = 3;
    csat_assert_status(csat_csi_compare(a1, N1, a2, N2, K, w, NULL, 1, 42, 0.95, d2, &c2, &e),
                       CSAT_EINVAL);
    assert_string_equal(e.argument, "n_boot");
    csat_assert_status(csat_csi_compare(a1, N1, a2, N2, K, w, NULL, B, 42, 0.95, NULL, &c2, &e),
                       CSAT_EINVAL);
    assert_string_equal(e.argument, "draws");
    /* identical constant samples: every replicate is 0 */
    for (size_t i = 0; i < N1 * K; i++)
        a1[i] = 5.0;
    csat_assert_status(csat_csi_compare(a1, N1, a1, N1, K, w, NULL, 10, 1, 0.95, d2, &c2, &e),
                       CSAT_EDOM);
}

/* n0 = (z S / h)^2: 50% to -/+5 points at 95%: (1.959964 * 50 / 5)^2 =
 * 384.146 -> 385; with N = 2000: 384.146 / (1 + 383.146 / 2000) = 322.386 ->
 * 323 (Cochran 4.2). Mean SD 1.2 to -/+.1: 553.17 -> 554. NPS Var .5 to
 * -/+5 points, N = 10000: 768.29 / (1 + 767.29 / 10000) = 713.54 -> 714. */
static void test_sample_sizes(void **state)
{
    double n = -1;
    csat_error e;
    (void)state;
    csat_assert_status(csat_proportion_sample_size(50, 5, 0.95, 0, &n, &e), CSAT_OK);
    assert_true(n == 385.0);
    csat_assert_status(csat_proportion_sample_size(50, 5, 0.95, 2000, &n, &e), CSAT_OK);
    assert_true(n == 323.0);
    csat_assert_status(csat_mean_sample_size(1.2, 0.1, 0.95, 0, &n, &e), CSAT_OK);
    assert_true(n == 554.0);
    csat_assert_status(csat_nps_sample_size_population(0.5, 5, 0.95, 10000, &n, &e), CSAT_OK);
    assert_true(n == 714.0);
    {
        double m = 0; /* without a population: csat_nps_sample_size's n */
        csat_assert_status(csat_nps_sample_size_population(0.5, 5, 0.95, 0, &n, &e), CSAT_OK);
        csat_assert_status(csat_nps_sample_size(0.5, 5, 0.95, &m, &e), CSAT_OK);
        assert_true(n == m && n == 769.0);
    }
    /* the correction never asks for more than the population */
    csat_assert_status(csat_proportion_sample_size(50, 0.01, 0.99, 500, &n, &e), CSAT_OK);
    assert_true(n <= 500.0 && n >= 499.0);
    csat_assert_status(csat_proportion_sample_size(101, 5, 0.95, 0, &n, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "percent");
    csat_assert_status(csat_mean_sample_size(1, 0, 0.95, 0, &n, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "half_width");
    csat_assert_status(csat_mean_sample_size(1, 1, 0.95, 0.5, &n, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "population");
    csat_assert_status(csat_mean_sample_size(1e300, 1e-300, 0.95, 0, &n, &e), CSAT_EDOM);
}

/* p-chart of 40, 45, 30, 60 of 100 each: p = 175/400 = .4375, 3 sigma =
 * 300 sqrt(.4375 * .5625 / 100) = 14.88235; limits 28.8676, 58.6324: wave 3
 * (60) is above (+1), the rest inside. Wave 1 Wilson interval
 * (35.6145, 54.7554). Change 3 - 2: 60/100 vs 30/100. */
static void test_track_shares(void **state)
{
    const double k[4] = {40, 45, 30, 60}, n[4] = {100, 100, 100, 100};
    csat_tracking_wave w[4];
    csat_comparison c;
    csat_error e;
    (void)state;
    csat_assert_status(csat_track_shares(k, n, 4, NULL, w, &e), CSAT_OK);
    for (int i = 0; i < 4; i++) {
        csat_assert_close(w[i].center, 43.75, 1e-14, 0);
        csat_assert_close(w[i].lcl, 28.86764888, 0, 1e-8);
        csat_assert_close(w[i].ucl, 58.63235112, 0, 1e-8);
        assert_int_equal(w[i].flag, i == 3 ? 1 : 0);
    }
    csat_assert_close(w[1].lower, 35.61453797951198, 1e-12, 0);
    csat_assert_close(w[1].upper, 54.75539700255787, 1e-12, 0);
    csat_assert_close(w[1].se, 100 * sqrt(0.45 * 0.55 / 100), 1e-14, 0);
    assert_true(w[0].change.difference == 0.0 && w[0].change.p_value == 0.0);
    csat_assert_status(csat_proportions_compare(60, 100, 30, 100, CSAT_DIFF_NEWCOMBE, 0.95, &c, &e),
                       CSAT_OK);
    assert_memory_equal(&w[3].change, &c, sizeof c);
    assert_true(w[3].change.p_value < 1e-4);
    /* 2 sigma limits: 43.75 -/+ 9.92157 -> wave 2 (30) below too */
    {
        csat_tracking_options o = CSAT_TRACKING_OPTIONS_INIT;
        o.limit_sigmas = 2;
        csat_assert_status(csat_track_shares(k, n, 4, &o, w, &e), CSAT_OK);
        assert_int_equal(w[2].flag, -1);
        assert_int_equal(w[3].flag, 1);
        o.method = (csat_diff_interval)7;
        csat_assert_status(csat_track_shares(k, n, 4, &o, w, &e), CSAT_EINVAL);
        assert_string_equal(e.argument, "opts->method");
    }
    {
        const double kb[2] = {5, 12};
        csat_assert_status(csat_track_shares(kb, n, 2, NULL, w, &e), CSAT_OK);
        csat_assert_status(csat_track_shares(kb, n, 0, NULL, w, &e), CSAT_EEMPTY);
        const double nb[2] = {10, 10};
        csat_assert_status(csat_track_shares(kb, nb, 2, NULL, w, &e), CSAT_EINVAL);
        assert_string_equal(e.argument, "counts");
        assert_int_equal(e.row, 1);
    }
}

/* X-bar chart of 7.1, 7.3, 6.8 (SD 1.5, 1.4, 1.6; n 50, 60, 40):
 *  center = (355 + 438 + 272) / 150 = 7.1; pooled SD = sqrt((49 * 2.25 + 59 *
 * 1.96 + 39 * 2.56) / 147) = sqrt(325.73 / 147) = 1.4885733; 3 sigma / sqrt(n)
 * = .631548, .576522, .706092. Wave 2's t interval with 39 df: (6.28830,
 * 7.31170). Change 1 - 0 is Welch 7.3 (1.4, 60) - 7.1 (1.5, 50): t .71765,
 * df 101.528 (scipy). */
static void test_track_means(void **state)
{
    const double m[3] = {7.1, 7.3, 6.8}, s[3] = {1.5, 1.4, 1.6}, n[3] = {50, 60, 40};
    const double half[3] = {0.63154815, 0.57652194, 0.70609229};
    csat_tracking_wave w[3];
    csat_error e;
    (void)state;
    csat_assert_status(csat_track_means(m, s, n, 3, NULL, w, &e), CSAT_OK);
    for (int i = 0; i < 3; i++) {
        csat_assert_close(w[i].center, 7.1, 1e-14, 0);
        csat_assert_close(w[i].ucl - w[i].center, half[i], 0, 1e-8);
        csat_assert_close(w[i].center - w[i].lcl, half[i], 0, 1e-8);
        assert_int_equal(w[i].flag, 0);
    }
    csat_assert_close(w[2].lower, 6.288295175211386, 1e-12, 0);
    csat_assert_close(w[2].upper, 7.311704824788614, 1e-12, 0);
    csat_assert_close(w[1].change.statistic, 0.7176499559168584, 1e-12, 0);
    csat_assert_close(w[1].change.df, 101.52819931287928, 1e-12, 0);
    csat_assert_close(w[1].change.p_value, 0.4746211519334582, 1e-11, 0);
    /* a given sigma .5: limits 7.1 -/+ 1.5 / sqrt(40) = .237171 -> wave 2 below */
    {
        csat_tracking_options o;
        csat_assert_status(csat_tracking_options_init(&o, CSAT_TRACKING_OPTIONS_VERSION), CSAT_OK);
        o.sigma = 0.5;
        csat_assert_status(csat_track_means(m, s, n, 3, &o, w, &e), CSAT_OK);
        csat_assert_close(w[2].center - w[2].lcl, 1.5 / sqrt(40.0), 1e-14, 0);
        assert_int_equal(w[2].flag, -1);
        assert_int_equal(w[1].flag, 1);
        o.sigma = -1;
        csat_assert_status(csat_track_means(m, s, n, 3, &o, w, &e), CSAT_EINVAL);
        assert_string_equal(e.argument, "opts->sigma");
        assert_int_equal(csat_tracking_options_init(&o, 99), CSAT_EVERSION);
    }
    {
        const double z[3] = {0, 0, 0};
        csat_assert_status(csat_track_means(m, z, n, 3, NULL, w, &e), CSAT_EDOM);
        /* limits past DBL_MAX: CSAT_EDOM, out untouched (found by fuzz_sattrack) */
        csat_tracking_options ob = CSAT_TRACKING_OPTIONS_INIT;
        csat_tracking_wave keep[3];
        ob.sigma = 1e10;
        ob.limit_sigmas = 1e300;
        memset(keep, 0x5a, sizeof keep);
        memcpy(w, keep, sizeof w);
        csat_assert_status(csat_track_means(m, s, n, 3, &ob, w, &e), CSAT_EDOM);
        assert_string_equal(e.argument, "means");
        assert_memory_equal(w, keep, sizeof w);
        const double nb[3] = {50, 1, 40};
        csat_assert_status(csat_track_means(m, s, nb, 3, NULL, w, &e), CSAT_EINVAL);
        assert_string_equal(e.argument, "n");
        assert_int_equal(e.row, 1);
    }
}

/* Own 80 (SE 2) against 70 (1.5) and 75 (2.5): benchmark 72.5, SE
 * sqrt(1.5^2 + 2.5^2) / 2 = 1.457738; difference 7.5, SE sqrt(4 + 2.125) =
 * 2.474874, 95%: (2.64934, 12.35066); ratio 80 / 72.5 = 1.103448, SE(log) =
 * sqrt((2/80)^2 + (1.457738/72.5)^2) = .0320826, interval (1.036200, 1.175061). */
static void test_relative(void **state)
{
    const double c[2] = {70, 75}, se[2] = {1.5, 2.5};
    csat_relative_result r;
    csat_error e;
    (void)state;
    csat_assert_status(csat_relative_score(80, 2, c, se, 2, 0.95, &r, &e), CSAT_OK);
    csat_assert_close(r.benchmark, 72.5, 1e-15, 0);
    csat_assert_close(r.benchmark_se, 1.4577379737113252, 1e-14, 0);
    csat_assert_close(r.difference_se, 2.4748737341529163, 1e-14, 0);
    csat_assert_close(r.difference_lower, 2.6493366147761277, 1e-12, 0);
    csat_assert_close(r.difference_upper, 12.350663385223871, 1e-12, 0);
    assert_int_equal(r.valid_ratio, 1);
    csat_assert_close(r.ratio, 1.103448275862069, 1e-15, 0);
    csat_assert_close(r.ratio_lower, 1.0361995253125458, 1e-12, 0);
    csat_assert_close(r.ratio_upper, 1.1750614314706542, 1e-12, 0);
    /* an NPS of -10: no ratio */
    csat_assert_status(csat_relative_score(-10, 2, c, se, 2, 0.95, &r, &e), CSAT_OK);
    assert_int_equal(r.valid_ratio, 0);
    assert_true(r.ratio == 0.0 && r.ratio_lower == 0.0);
    csat_assert_status(csat_relative_score(80, 2, c, se, 0, 0.95, &r, &e), CSAT_EEMPTY);
    {
        const double bad[2] = {1.5, -1};
        csat_assert_status(csat_relative_score(80, 2, c, bad, 2, 0.95, &r, &e), CSAT_EINVAL);
        assert_string_equal(e.argument, "competitor_se");
        assert_int_equal(e.row, 1);
    }
}

/* Western Electric run rules 2-4 (docs/theory/tracking.rst, 23.8), worked by
 * hand. X-bar charts with sigma 1 and n = 4 (sigma_w = .5) around a centre of
 * 10 (the z's of each case sum to 0): mean_w = 10 + .5 z_w.
 *  case A, z = .5, 2.5, -.5, 2.2, -4.7: wave 3 has 2 of 3 beyond 2 sigma
 *    (2.2 and 2.5; rule 2, bit 2), wave 4 is beyond 3 sigma (rule 1);
 *  case B, z = 1.5, 1.2, .3, 1.1, 1.8, .4, .2, .5, -7: wave 4 has 4 of 5
 *    beyond 1 sigma (rule 3, bit 4), wave 7 ends 8 above the centre (rule 4,
 *    bit 8), wave 8 is beyond 3 sigma (rule 1).
 * p-chart of 50, 62, 61, 27 of 100: centre 50, sigma_w 5, z = 0, 2.4, 2.2,
 *    -4.6: rule 2 at wave 2, rule 1 at wave 3. */
static void test_run_rules(void **state)
{
    const double za[5] = {0.5, 2.5, -0.5, 2.2, -4.7}, zb[9] = {1.5, 1.2, 0.3, 1.1, 1.8, 0.4, 0.2, 0.5, -7};
    const int ra[5] = {0, 0, 0, 2, 1}, rb[9] = {0, 0, 0, 0, 4, 0, 0, 8, 1};
    double m[9], s[9], n[9];
    csat_tracking_wave w[9];
    csat_tracking_options o;
    (void)state;
    csat_assert_status(csat_tracking_options_init(&o, CSAT_TRACKING_OPTIONS_VERSION), CSAT_OK);
    o.sigma = 1.0;
    for (int i = 0; i < 9; i++)
        s[i] = 1.0, n[i] = 4.0;
    for (int i = 0; i < 5; i++)
        m[i] = 10 + 0.5 * za[i];
    csat_assert_status(csat_track_means(m, s, n, 5, &o, w, NULL), CSAT_OK);
    for (int i = 0; i < 5; i++) {
        csat_assert_close(w[i].center, 10.0, 1e-14, 0);
        assert_int_equal(w[i].rules, ra[i]);
        assert_int_equal(w[i].flag != 0, (ra[i] & 1) != 0);
    }
    for (int i = 0; i < 9; i++)
        m[i] = 10 + 0.5 * zb[i];
    csat_assert_status(csat_track_means(m, s, n, 9, &o, w, NULL), CSAT_OK);
    for (int i = 0; i < 9; i++)
        assert_int_equal(w[i].rules, rb[i]);
    /* 7 waves above the centre are not yet rule 4; the windows are cut at wave 0 */
    csat_assert_status(csat_track_means(m + 1, s, n, 7, &o, w, NULL), CSAT_OK);
    for (int i = 0; i < 7; i++)
        assert_int_equal(w[i].rules & 8, 0);
    {
        const double k[4] = {50, 62, 61, 27}, nn[4] = {100, 100, 100, 100};
        const int rs[4] = {0, 0, 2, 1};
        csat_assert_status(csat_track_shares(k, nn, 4, NULL, w, NULL), CSAT_OK);
        for (int i = 0; i < 4; i++)
            assert_int_equal(w[i].rules, rs[i]);
        /* all in the box: sigma 0, every wave on the line, no rule */
        csat_assert_status(csat_track_shares(nn, nn, 4, NULL, w, NULL), CSAT_OK);
        for (int i = 0; i < 4; i++)
            assert_int_equal(w[i].rules, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_proportions_newcombe), cmocka_unit_test(test_proportions_edges),
        cmocka_unit_test(test_welch),                cmocka_unit_test(test_csi_bootstrap),
        cmocka_unit_test(test_sample_sizes),         cmocka_unit_test(test_track_shares),
        cmocka_unit_test(test_track_means),          cmocka_unit_test(test_relative),
        cmocka_unit_test(test_run_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
