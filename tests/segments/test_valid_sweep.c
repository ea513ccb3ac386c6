/*
 * Valid-input sweep of the segmentation area (see tests/valid_sweep.h):
 * k-means (k = n, duplicate points, n = 1, identical rows, values from
 * 1e-300 to 1e300, standardised or not, Lloyd and Hamerly), silhouette and
 * elbow, RFM scores, value tiers, the pyramid, ABC, lifecycle stages and
 * benefit segments on columns from 1e-300 to 1e300, identical columns and
 * n = 1.
 *
 * Documented codes (include/csat.h), besides CSAT_OK:
 *   kmeans_fit, kmeans_elbow   EDOM (all rows equal with k > 1; inertia past
 *                              DBL_MAX without standardize; a constant or
 *                              too-flat column with standardize); labels untouched
 *   kmeans_silhouette          EDOM (fewer than 2 non-empty clusters, or n clusters)
 *   rfm_scores                 EINVAL (n < bins for quantiles), EDOM (a constant column)
 *   value_tiers                EDOM (median cut of a constant column)
 *   pyramid                    EDOM (equal non-LEAD profits)
 *   abc                        EDOM (total 0, or past the double range)
 *   lifecycle_*, benefit_*     none on valid input
 */
#include "valid_sweep.h"

static const double SCALE[] = {1e-300, 1e-6, 1, 1e6, 1e300};

/* k-means rows for a pattern: 0 well-separated, 1 half duplicates, 2 all equal, 3 n = 1. */
static size_t kmeans_rows(int pattern, double scale, double *X)
{
    size_t n = pattern == 3 ? 1 : 24;
    for (size_t i = 0; i < n; i++) {
        size_t j = pattern == 1 ? i / 2 : i;
        X[2 * i] = pattern == 2 ? scale : scale * (double)((j * 7) % 11 + 10 * (j % 3));
        X[2 * i + 1] = pattern == 2 ? -scale : scale * (double)((j * 3) % 5) / 4.0;
    }
    return n;
}

static void test_kmeans(void **state)
{
    double X[48], c[48 * 2], inertia[24];
    int lab[24];
    csat_kmeans *km = NULL;
    (void)state;
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    for (size_t a = 0; a < VS_N_OF(SCALE); a++)
        for (int pattern = 0; pattern < 4; pattern++) {
            size_t n = kmeans_rows(pattern, SCALE[a], X);
            static const size_t ks[] = {1, 2, 3, 12, 24};
            for (size_t ik = 0; ik < VS_N_OF(ks); ik++)
                for (int stdz = 0; stdz < 2; stdz++)
                    for (int alg = 0; alg < 2; alg++) {
                        csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
                        char ctx[160];
                        double res[2], labd[24];
                        size_t it;
                        int conv;
                        csat_status st;
                        if (ks[ik] > n)
                            continue;
                        o.k = ks[ik];
                        o.standardize = stdz;
                        o.algorithm = alg ? CSAT_KMEANS_HAMERLY : CSAT_KMEANS_LLOYD;
                        o.n_init = 2;
                        snprintf(ctx, sizeof ctx, "X x %g, pattern %d, n %zu, k %zu, standardize %d, %s", SCALE[a],
                                 pattern, n, o.k, stdz, alg ? "Hamerly" : "Lloyd");
                        for (size_t i = 0; i < n; i++)
                            lab[i] = -5;
                        vs_tic();
                        st = csat_kmeans_fit(km, X, n, 2, &o, lab);
                        for (size_t i = 0; i < n; i++)
                            labd[i] = lab[i] == -5 ? VS_SENTINEL : lab[i];
                        vs_check("csat_kmeans_fit (labels)", ctx, NULL, st, VS_DOC(CSAT_EDOM), labd, n, 0.0,
                                 (double)o.k - 1);
                        if (st != CSAT_OK)
                            continue;
                        vs_fill(c, 2 * o.k);
                        st = csat_kmeans_result(km, c, 2 * o.k, &res[0], &it, &conv);
                        vs_check("csat_kmeans_result (centres)", ctx, NULL, st, VS_NONE, c, 2 * o.k, -DBL_MAX,
                                 DBL_MAX);
                        vs_check("csat_kmeans_result (inertia)", ctx, NULL, st, VS_NONE, res, 1, 0.0, DBL_MAX);
                        if (o.k >= 2 && o.k < n) {
                            vs_fill(res + 1, 1);
                            st = csat_kmeans_silhouette(X, n, 2, lab, o.k, 0, 1, NULL, res + 1, NULL);
                            vs_check("csat_kmeans_silhouette", ctx, NULL, st, VS_DOC(CSAT_EDOM), res + 1, 1, -1.0,
                                     1.0);
                        }
                        if (ik == 2 && alg == 0) {
                            vs_fill(inertia, 3);
                            for (size_t i = 0; i < n; i++)
                                lab[i] = -5;
                            st = csat_kmeans_elbow(km, X, n, 2, &o, 1, 3, lab, inertia);
                            vs_check("csat_kmeans_elbow", ctx, NULL, st, VS_DOC(CSAT_EDOM), inertia, 3, 0.0,
                                     DBL_MAX);
                        }
                    }
        }
    csat_kmeans_free(km);
}

/* Scores from a column pattern: 0 spread, 1 constant, 2 two values. */
static void column(int pattern, double scale, size_t n, double *v, int shift)
{
    for (size_t i = 0; i < n; i++)
        v[i] = pattern == 1 ? scale : pattern == 2 ? scale * (double)(i % 2)
                                                   : scale * (double)((i * 7 + (size_t)shift) % 13);
}

static void test_rules(void **state)
{
    enum { N = 26 };
    double r[N], f[N], m[N], v[8 * N];
    int iv[5 * N];
    (void)state;
    for (size_t a = 0; a < VS_N_OF(SCALE); a++)
        for (int pattern = 0; pattern < 3; pattern++)
            for (int small = 0; small < 3; small++) {
                /* n = N, n = bins (5), n = 1 */
                const size_t n = small == 0 ? N : small == 1 ? 5 : 1;
                char ctx[120];
                csat_status st;
                column(pattern, SCALE[a], n, r, 1);
                column(0, SCALE[a], n, f, 2);
                column(0, SCALE[a], n, m, 5);
                snprintf(ctx, sizeof ctx, "scale %g, pattern %d, n %zu", SCALE[a], pattern, n);
                for (int binning = 0; binning < 2; binning++) {
                    csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
                    o.binning = binning ? CSAT_RFM_QUANTILE_R : CSAT_RFM_QUANTILE_RANK;
                    for (size_t i = 0; i < 5 * n; i++)
                        iv[i] = -9;
                    vs_fill(v, 12);
                    st = csat_rfm_scores(r, f, m, n, &o, NULL, iv, iv + n, iv + 2 * n, iv + 3 * n, iv + 4 * n, v, NULL);
                    for (size_t i = 0; i < 3 * n; i++)
                        v[12 + i] = iv[i] == -9 ? VS_SENTINEL : iv[i];
                    vs_check("csat_rfm_scores", ctx, NULL, st, VS_DOC(CSAT_EINVAL, CSAT_EDOM), v + 12, 3 * n, 1.0,
                             5.0);
                    vs_check("csat_rfm_scores (breaks)", ctx, NULL, st, VS_DOC(CSAT_EINVAL, CSAT_EDOM), v, 12, 0.0,
                             DBL_MAX);
                    if (st == CSAT_EINVAL && n >= 5)
                        vs_failf("csat_rfm_scores", ctx, "CSAT_EINVAL with n >= bins");
                }
                {
                    double cuts[2];
                    size_t cnt[4];
                    for (size_t i = 0; i < n; i++)
                        iv[i] = -9;
                    vs_fill(cuts, 2);
                    st = csat_value_tiers(r, m, n, NULL, NULL, iv, cuts, cnt, NULL);
                    for (size_t i = 0; i < n; i++)
                        v[i] = iv[i] == -9 ? VS_SENTINEL : iv[i];
                    vs_check("csat_value_tiers", ctx, NULL, st, VS_DOC(CSAT_EDOM), v, n, 0.0, 3.0);
                    vs_check("csat_value_tiers (cuts)", ctx, NULL, st, VS_DOC(CSAT_EDOM), cuts, 2, 0.0, DBL_MAX);
                }
                for (int rule = 0; rule < 2; rule++) {
                    csat_pyramid_options o = CSAT_PYRAMID_OPTIONS_INIT;
                    size_t cnt[4];
                    o.rule = rule ? CSAT_PYRAMID_PROFIT_SHARE : CSAT_PYRAMID_RANK;
                    for (size_t i = 0; i < n; i++)
                        iv[i] = -9;
                    st = csat_pyramid(r, n, &o, NULL, iv, cnt, NULL);
                    for (size_t i = 0; i < n; i++)
                        v[i] = iv[i] == -9 ? VS_SENTINEL : iv[i];
                    vs_check("csat_pyramid", ctx, NULL, st, VS_DOC(CSAT_EDOM), v, n, 0.0, 3.0);
                }
                {
                    csat_abc_summary sm;
                    double curve[N + 1];
                    memset(&sm, 0, sizeof sm);
                    vs_fill(curve, n + 1);
                    for (size_t i = 0; i < n; i++)
                        iv[i] = -9;
                    st = csat_abc(r, n, NULL, NULL, iv, curve, &sm, NULL);
                    vs_check("csat_abc (curve)", ctx, NULL, st, VS_DOC(CSAT_EDOM), curve, n + 1, 0.0, 1.0);
                    if (st == CSAT_OK) {
                        double s4[5] = {sm.share[0], sm.share[1], sm.share[2], sm.gini, sm.top_share};
                        vs_check("csat_abc (shares, gini, top share)", ctx, NULL, st, VS_NONE, s4, 5, 0.0, 1.0);
                    }
                    /* values near DBL_MAX: the total overflows */
                    for (size_t i = 0; i < n; i++)
                        v[i] = DBL_MAX / 3;
                    vs_fill(curve, n + 1);
                    st = csat_abc(v, n, NULL, NULL, NULL, curve, NULL, NULL);
                    vs_check("csat_abc (values near DBL_MAX)", ctx, NULL, st, VS_DOC(CSAT_EDOM), curve, n + 1, 0.0,
                             1.0);
                }
                {
                    size_t cnt[4];
                    double trend[N];
                    vs_fill(trend, n);
                    st = csat_lifecycle_stages(r, f, m, n, NULL, iv, trend, cnt, NULL);
                    vs_check("csat_lifecycle_stages", ctx, NULL, st, VS_NONE, trend, n, -1.0, 1.0);
                }
                {
                    csat_lifecycle_stage stage;
                    double trend = VS_SENTINEL;
                    for (size_t i = 0; i < n; i++)
                        v[i] = SCALE[a] <= 1e6 ? f[i] : f[i] / SCALE[a] * 1e6;
                    st = csat_lifecycle_from_history(v, m, n, 2e7, NULL, &stage, &trend, NULL);
                    vs_check("csat_lifecycle_from_history", ctx, NULL, st, VS_NONE, &trend, 1, -1.0, 1.0);
                }
                {
                    double shares[4];
                    for (size_t i = 0; i < n; i++)
                        v[3 * i] = r[i], v[3 * i + 1] = f[i], v[3 * i + 2] = m[i];
                    vs_fill(shares, 4);
                    st = csat_benefit_segments(v, n, 3, iv, shares, NULL);
                    vs_check("csat_benefit_segments", ctx, NULL, st, VS_NONE, shares, 4, 0.0, 1.0);
                }
            }
}

static void test_report(void **state)
{
    (void)state;
    vs_end("segments");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kmeans),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_report),
    };
    vs_begin();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
