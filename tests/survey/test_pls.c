/*
 * PLS path modelling (issue 16) against the independent numpy
 * implementation tests/reference/pls_reference.py (Lohmoeller 1989;
 * Tenenhaus et al. 2005, CSDA 48), on the bundled ACSI-style survey
 * tests/data/acsi_survey.csv (tests/reference/make_acsi_data.py): every
 * estimate to 1e-10.
 */
#include "csat_test.h"

#include "pls_reference_values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define P PLS_REF_P
#define Q PLS_REF_Q
#define N PLS_REF_N

static const size_t BLOCK_OF[P] = {0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 4, 5, 5};
static const csat_scale SCALE10 = {1.0, 10.0, 0};

static void acsi_paths(unsigned char *adj)
{
    static const int e[9][2] = {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}, {3, 4}, {3, 5}, {4, 5}};
    memset(adj, 0, Q * Q);
    for (int k = 0; k < 9; k++)
        adj[e[k][0] * Q + e[k][1]] = 1;
}

static double *data_copy(int missing)
{
    double *X = malloc(sizeof(double) * N * P);
    assert_non_null(X);
    for (size_t i = 0; i < (size_t)N * P; i++)
        X[i] = pls_ref_data[i];
    if (missing)
        for (size_t i = 5; i < (size_t)N * P; i += 37)
            X[i] = NAN;
    return X;
}

static void close_all(const double *got, const double *want, size_t n, double tol)
{
    for (size_t i = 0; i < n; i++)
        csat_assert_close(got[i], want[i], 0, tol);
}

typedef struct ref {
    const double *weights, *loadings, *cross, *paths, *r2, *total, *indirect, *htmt, *lvcor, *scores_std,
        *scores_scaled, *index, *ipma, *quality;
    double gof;
    size_t n_used, n_iter;
} ref;

#define REF(name, NAME)                                                                                \
    (ref)                                                                                              \
    {                                                                                                  \
        ref_##name##_weights, ref_##name##_loadings, ref_##name##_cross, ref_##name##_paths,            \
            ref_##name##_r2, ref_##name##_total, ref_##name##_indirect, ref_##name##_htmt,             \
            ref_##name##_lvcor, ref_##name##_scores_std, ref_##name##_scores_scaled,                   \
            ref_##name##_index, ref_##name##_ipma_importance, ref_##name##_quality, ref_##name##_gof,  \
            REF_##NAME##_N_USED, REF_##NAME##_N_ITER                                                   \
    }

static void check_fit(const char *modes_s, csat_pls_scheme scheme, int missing, int mean_replace, ref r)
{
    unsigned char adj[Q * Q];
    csat_pls_mode modes[Q];
    acsi_paths(adj);
    for (int j = 0; j < Q; j++)
        modes[j] = modes_s[j] == 'B' ? CSAT_PLS_MODE_B : CSAT_PLS_MODE_A;
    csat_pls *m = NULL;
    csat_assert_status(csat_pls_new(&m, NULL, BLOCK_OF, P, adj, Q, modes, NULL), CSAT_OK);
    double *X = data_copy(missing);
    csat_pls_options o = CSAT_PLS_OPTIONS_INIT;
    o.scheme = scheme;
    if (missing) {
        o.nan_policy = CSAT_NAN_SKIP;
        o.mean_replace = mean_replace;
    }
    csat_pls_report rep;
    csat_assert_status(csat_pls_fit(m, X, N, P, &o, &rep), CSAT_OK);
    assert_int_equal(rep.n_used, r.n_used);
    assert_int_equal(rep.n_iter, r.n_iter);
    assert_true(rep.converged && rep.last_change < 1e-10);
    csat_assert_close(rep.gof, r.gof, 0, 1e-10);
    double w[P], l[P], cross[P * Q], B[Q * Q], ind[Q * Q], T[Q * Q], r2[Q], h[Q * Q], c[Q * Q];
    csat_assert_status(csat_pls_outer(m, w, l, P), CSAT_OK);
    close_all(w, r.weights, P, 1e-10);
    close_all(l, r.loadings, P, 1e-10);
    csat_assert_status(csat_pls_cross_loadings(m, cross, P, Q), CSAT_OK);
    close_all(cross, r.cross, P * Q, 1e-10);
    csat_assert_status(csat_pls_inner(m, B, ind, T, r2, Q), CSAT_OK);
    close_all(B, r.paths, Q * Q, 1e-10);
    close_all(ind, r.indirect, Q * Q, 1e-10);
    close_all(T, r.total, Q * Q, 1e-10);
    close_all(r2, r.r2, Q, 1e-10);
    csat_assert_status(csat_pls_htmt(m, h, Q), CSAT_OK);
    close_all(h, r.htmt, Q * Q, 1e-10);
    csat_assert_status(csat_pls_lv_correlations(m, c, Q), CSAT_OK);
    close_all(c, r.lvcor, Q * Q, 1e-10);
    csat_pls_block_quality qb[Q];
    csat_assert_status(csat_pls_quality(m, qb, Q), CSAT_OK);
    for (int j = 0; j < Q; j++) {
        const double *e = r.quality + 6 * j;
        csat_assert_close(qb[j].r2, e[0], 0, 1e-10);
        csat_assert_close(qb[j].communality, e[1], 0, 1e-10);
        csat_assert_close(qb[j].redundancy, e[2], 0, 1e-10);
        csat_assert_close(qb[j].ave, e[3], 0, 1e-10);
        csat_assert_close(qb[j].rho_dg, e[4], 0, 1e-10);
        csat_assert_close(qb[j].alpha, e[5], 0, 1e-10);
    }
    double *ys = malloc(sizeof(double) * rep.n_used * Q), *yc = malloc(sizeof(double) * rep.n_used * Q);
    csat_assert_status(csat_pls_scores(m, ys, yc, rep.n_used, Q), CSAT_OK);
    close_all(ys, r.scores_std, 5 * Q, 1e-10);
    close_all(yc, r.scores_scaled, 5 * Q, 1e-10);
    free(ys);
    free(yc);
    double idx[Q], imp[Q], perf[Q];
    csat_assert_status(csat_pls_index(m, &SCALE10, idx, Q), CSAT_OK);
    close_all(idx, r.index, Q, 1e-9);
    csat_assert_status(csat_pls_ipma(m, 3, &SCALE10, imp, perf, Q), CSAT_OK);
    close_all(imp, r.ipma, Q, 1e-10);
    close_all(perf, r.index, Q, 1e-9);
    csat_pls_free(m);
    free(X);
}

static void test_reference_path(void **state)
{
    (void)state;
    check_fit("AAAAAA", CSAT_PLS_PATH, 0, 0, REF(path_a, PATH_A));
}

static void test_reference_centroid_mode_b(void **state)
{
    (void)state;
    check_fit("ABAAAA", CSAT_PLS_CENTROID, 0, 0, REF(centroid_b, CENTROID_B));
}

static void test_reference_factorial_mode_b(void **state)
{
    (void)state;
    check_fit("AABAAB", CSAT_PLS_FACTORIAL, 0, 0, REF(factorial_b, FACTORIAL_B));
}

static void test_reference_missing(void **state)
{
    (void)state;
    check_fit("AAAAAA", CSAT_PLS_PATH, 1, 1, REF(mean_replace, MEAN_REPLACE));
    check_fit("AAAAAA", CSAT_PLS_PATH, 1, 0, REF(listwise, LISTWISE));
}

/* The data were simulated from known paths (make_acsi_data.py): PLS
 * recovers them up to its known attenuation by measurement error. */
static void test_recovers_structural_paths(void **state)
{
    static const double truth[9][3] = {{0, 1, 0.55}, {0, 2, 0.10}, {1, 2, 0.60}, {0, 3, 0.10}, {1, 3, 0.50},
                                       {2, 3, 0.30}, {3, 4, -0.45}, {3, 5, 0.60}, {4, 5, -0.15}};
    (void)state;
    unsigned char adj[Q * Q];
    acsi_paths(adj);
    csat_pls *m = NULL;
    csat_assert_status(csat_pls_new(&m, NULL, BLOCK_OF, P, adj, Q, NULL, NULL), CSAT_OK);
    double *X = data_copy(0), B[Q * Q];
    csat_assert_status(csat_pls_fit(m, X, N, P, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_pls_inner(m, B, NULL, NULL, NULL, Q), CSAT_OK);
    for (int k = 0; k < 9; k++)
        csat_assert_close(B[(int)truth[k][0] * Q + (int)truth[k][1]], truth[k][2], 0, 0.1);
    csat_pls_free(m);
    free(X);
}

static void test_bootstrap_reproducible(void **state)
{
    (void)state;
    unsigned char adj[Q * Q];
    acsi_paths(adj);
    csat_pls *m = NULL;
    csat_assert_status(csat_pls_new(&m, NULL, BLOCK_OF, P, adj, Q, NULL, NULL), CSAT_OK);
    double *X = data_copy(0);
    csat_assert_status(csat_pls_fit(m, X, N, P, NULL, NULL), CSAT_OK);
    double se1[Q * Q], lo1[Q * Q], hi1[Q * Q], se2[Q * Q], lo2[Q * Q], hi2[Q * Q], B[Q * Q];
    double ise[Q], ilo[Q], ihi[Q], idx[Q];
    csat_assert_status(csat_pls_bootstrap_get(m, CSAT_PLS_EST_PATHS, se1, lo1, hi1, Q * Q), CSAT_EMISUSE);
    csat_assert_status(csat_pls_bootstrap(m, 200, 42, 0.95, &SCALE10), CSAT_OK);
    csat_assert_status(csat_pls_bootstrap_get(m, CSAT_PLS_EST_PATHS, se1, lo1, hi1, Q * Q), CSAT_OK);
    csat_assert_status(csat_pls_bootstrap(m, 200, 42, 0.95, &SCALE10), CSAT_OK);
    csat_assert_status(csat_pls_bootstrap_get(m, CSAT_PLS_EST_PATHS, se2, lo2, hi2, Q * Q), CSAT_OK);
    assert_memory_equal(se1, se2, sizeof se1);
    assert_memory_equal(lo1, lo2, sizeof lo1);
    assert_memory_equal(hi1, hi2, sizeof hi1);
    csat_assert_status(csat_pls_inner(m, B, NULL, NULL, NULL, Q), CSAT_OK);
    for (int a = 0; a < Q * Q; a++) {
        if (B[a] == 0.0) {
            assert_true(se1[a] == 0.0);
            continue;
        }
        /* n = 1000: path SEs of a few hundredths; the estimate inside its interval */
        assert_true(se1[a] > 0.005 && se1[a] < 0.08);
        assert_true(lo1[a] < B[a] && B[a] < hi1[a]);
    }
    csat_assert_status(csat_pls_index(m, &SCALE10, idx, Q), CSAT_OK);
    csat_assert_status(csat_pls_bootstrap_get(m, CSAT_PLS_EST_INDEX, ise, ilo, ihi, Q), CSAT_OK);
    for (int j = 0; j < Q; j++)
        assert_true(ise[j] > 0.05 && ise[j] < 2 && ilo[j] < idx[j] && idx[j] < ihi[j]);
    csat_assert_status(csat_pls_bootstrap(m, 200, 43, 0.95, NULL), CSAT_OK);
    csat_assert_status(csat_pls_bootstrap_get(m, CSAT_PLS_EST_INDEX, ise, ilo, ihi, Q), CSAT_EMISUSE);
    csat_assert_status(csat_pls_bootstrap_get(m, CSAT_PLS_EST_PATHS, se2, NULL, NULL, Q * Q), CSAT_OK);
    assert_true(memcmp(se1, se2, sizeof se1) != 0);
    csat_pls_free(m);
    free(X);
}

/* The presets are the published structures: the ACSI one is the model the
 * reference was fitted with. */
static void test_presets(void **state)
{
    (void)state;
    unsigned char adj[Q * Q], pa[7 * 7];
    const char *names[7];
    size_t n = 0;
    acsi_paths(adj);
    csat_assert_status(csat_pls_preset_model(CSAT_PLS_ACSI, &n, pa, names, 7, NULL), CSAT_OK);
    assert_int_equal(n, 6);
    assert_memory_equal(pa, adj, sizeof adj);
    assert_string_equal(names[3], "satisfaction");
    csat_assert_status(csat_pls_preset_model(CSAT_PLS_ECSI, &n, NULL, NULL, 0, NULL), CSAT_OK);
    assert_int_equal(n, 7);
    csat_assert_status(csat_pls_preset_model(CSAT_PLS_ECSI, &n, pa, NULL, 6, NULL), CSAT_EBUFSIZE);
    csat_assert_status(csat_pls_preset_model(CSAT_PLS_ECSI, &n, pa, names, 7, NULL), CSAT_OK);
    assert_string_equal(names[0], "image");
    int edges = 0;
    for (size_t a = 0; a < 49; a++)
        edges += pa[a];
    assert_int_equal(edges, 12);
    csat_assert_status(csat_pls_preset_model(CSAT_PLS_CCSI, &n, pa, names, 7, NULL), CSAT_OK);
    assert_int_equal(n, 6);
    csat_assert_status(csat_pls_preset_model((csat_pls_preset)3, &n, NULL, NULL, 0, NULL), CSAT_EINVAL);
}

static void test_bad_spec(void **state)
{
    (void)state;
    unsigned char adj[Q * Q];
    csat_pls *m = NULL;
    csat_error e;
    acsi_paths(adj);
    /* a cycle ACSI -> CL -> PQ -> ACSI (3 -> 5 -> 1 -> 3) is named */
    adj[5 * Q + 1] = 1;
    csat_assert_status(csat_pls_new(&m, NULL, BLOCK_OF, P, adj, Q, NULL, &e), CSAT_EINVAL);
    assert_null(m);
    assert_string_equal(e.argument, "paths");
    assert_non_null(strstr(e.message, "cycle"));
    assert_non_null(strstr(e.message, "5 -> 1"));
    acsi_paths(adj);
    size_t bad[P];
    memcpy(bad, BLOCK_OF, sizeof bad);
    bad[11] = 3; /* block 4 (CC) now empty */
    csat_assert_status(csat_pls_new(&m, NULL, bad, P, adj, Q, NULL, &e), CSAT_EINVAL);
    assert_non_null(strstr(e.message, "block 4 has no items"));
    bad[11] = 6; /* no such block */
    csat_assert_status(csat_pls_new(&m, NULL, bad, P, adj, Q, NULL, &e), CSAT_EINVAL);
    assert_int_equal(e.row, 11);
    adj[2 * Q + 2] = 1;
    csat_assert_status(csat_pls_new(&m, NULL, BLOCK_OF, P, adj, Q, NULL, &e), CSAT_EINVAL);
    assert_non_null(strstr(e.message, "itself"));
    acsi_paths(adj);
    adj[4 * Q + 5] = 0;
    adj[3 * Q + 4] = 0; /* CC isolated */
    csat_assert_status(csat_pls_new(&m, NULL, BLOCK_OF, P, adj, Q, NULL, &e), CSAT_EINVAL);
    assert_non_null(strstr(e.message, "LV 4 is in no path"));
    csat_assert_status(csat_pls_new(NULL, NULL, BLOCK_OF, P, adj, Q, NULL, &e), CSAT_EINVAL);
    csat_assert_status(csat_pls_new(&m, NULL, BLOCK_OF, 0, adj, Q, NULL, &e), CSAT_EINVAL);
    assert_null(m);
}

static void test_bad_data(void **state)
{
    (void)state;
    unsigned char adj[Q * Q];
    acsi_paths(adj);
    csat_pls *m = NULL;
    csat_pls_mode modes[Q] = {0, 1, 0, 0, 0, 0};
    csat_assert_status(csat_pls_new(&m, NULL, BLOCK_OF, P, adj, Q, modes, NULL), CSAT_OK);
    double *X = data_copy(0), B[Q * Q], B0[Q * Q];
    csat_assert_status(csat_pls_inner(m, B, NULL, NULL, NULL, Q), CSAT_EMISUSE);
    csat_assert_status(csat_pls_fit(m, X, N, P, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_pls_inner(m, B0, NULL, NULL, NULL, Q), CSAT_OK);
    /* NaN under CSAT_NAN_ERROR names the element */
    X[3 * P + 2] = NAN;
    csat_assert_status(csat_pls_fit(m, X, N, P, NULL, NULL), CSAT_EINVAL);
    assert_non_null(strstr(csat_pls_last_error(m), "data[44]"));
    X[3 * P + 2] = INFINITY;
    csat_pls_options o = CSAT_PLS_OPTIONS_INIT;
    o.nan_policy = CSAT_NAN_SKIP;
    csat_assert_status(csat_pls_fit(m, X, N, P, &o, NULL), CSAT_EINVAL);
    X[3 * P + 2] = 5;
    /* zero variance */
    double *Z = data_copy(0);
    for (int r = 0; r < N; r++)
        Z[r * P + 7] = 4;
    csat_assert_status(csat_pls_fit(m, Z, N, P, NULL, NULL), CSAT_EDOM);
    assert_non_null(strstr(csat_pls_last_error(m), "item 7 has zero variance"));
    /* mode-B block of 3 items with 3 respondents */
    csat_assert_status(csat_pls_fit(m, X, 3, P, NULL, NULL), CSAT_EDOM);
    assert_non_null(strstr(csat_pls_last_error(m), "mode B"));
    /* non-convergence, with the last change */
    o = (csat_pls_options)CSAT_PLS_OPTIONS_INIT;
    o.max_iter = 1;
    csat_assert_status(csat_pls_fit(m, X, N, P, &o, NULL), CSAT_ENOCONV);
    assert_non_null(strstr(csat_pls_last_error(m), "last change"));
    o.max_iter = 0;
    csat_assert_status(csat_pls_fit(m, X, N, P, &o, NULL), CSAT_EINVAL);
    o = (csat_pls_options)CSAT_PLS_OPTIONS_INIT;
    o.version = 99;
    csat_assert_status(csat_pls_fit(m, X, N, P, &o, NULL), CSAT_EVERSION);
    csat_assert_status(csat_pls_fit(m, X, N, P - 1, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_pls_fit(m, X, 1, P, NULL, NULL), CSAT_EEMPTY);
    /* the previous fit is kept through all of that */
    csat_assert_status(csat_pls_inner(m, B, NULL, NULL, NULL, Q), CSAT_OK);
    assert_memory_equal(B, B0, sizeof B);
    csat_assert_status(csat_pls_inner(m, B, NULL, NULL, NULL, Q + 1), CSAT_EINVAL);
    csat_assert_status(csat_pls_bootstrap(m, 1, 1, 0.95, NULL), CSAT_EINVAL);
    csat_assert_status(csat_pls_bootstrap(m, 10, 1, 1.0, NULL), CSAT_EINVAL);
    csat_pls_free(m);
    free(X);
    free(Z);
}

/* ---- the two-sample index test (csat_pls_index_compare; docs/theory/pls.rst, 22.9) ---- */

static csat_pls *fit_rows(const double *X, size_t n)
{
    unsigned char adj[Q * Q];
    csat_pls *m = NULL;
    acsi_paths(adj);
    csat_assert_status(csat_pls_new(&m, NULL, BLOCK_OF, P, adj, Q, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_pls_fit(m, X, n, P, NULL, NULL), CSAT_OK);
    return m;
}

/* First vs last 500 respondents against pls_reference.py's index_compare
 * (its own xoshiro256** and refits on the resampled rows), every field to 1e-10. */
static void test_index_compare_reference(void **state)
{
    (void)state;
    double *X = data_copy(0);
    csat_pls *m1 = fit_rows(X, REF_CMP_SPLIT), *m2 = fit_rows(X + REF_CMP_SPLIT * P, N - REF_CMP_SPLIT);
    double draws[REF_CMP_N_BOOT], draws2[REF_CMP_N_BOOT];
    csat_error e;
    for (size_t lv = 0; lv < Q; lv++) {
        csat_comparison r;
        csat_assert_status(csat_pls_index_compare(m1, m2, lv, &SCALE10, REF_CMP_N_BOOT, REF_CMP_SEED,
                                                  REF_CMP_LEVEL, draws, &r, &e), CSAT_OK);
        const double *w = ref_index_compare + lv * 8;
        const double got[8] = {r.estimate1, r.estimate2, r.difference, r.se, r.statistic, r.p_value, r.lower,
                               r.upper};
        close_all(got, w, 8, 1e-10);
        assert_true(r.level == REF_CMP_LEVEL && r.df == 0.0);
        for (size_t b = 1; b < REF_CMP_N_BOOT; b++)
            assert_true(draws[b - 1] <= draws[b]);
        /* reproducible by seed; another seed gives other draws */
        csat_comparison r2;
        csat_assert_status(csat_pls_index_compare(m1, m2, lv, &SCALE10, REF_CMP_N_BOOT, REF_CMP_SEED,
                                                  REF_CMP_LEVEL, draws2, &r2, NULL), CSAT_OK);
        assert_memory_equal(&r, &r2, sizeof r);
        assert_memory_equal(draws, draws2, sizeof draws);
        csat_assert_status(csat_pls_index_compare(m1, m2, lv, &SCALE10, REF_CMP_N_BOOT, REF_CMP_SEED + 1,
                                                  REF_CMP_LEVEL, draws2, &r2, NULL), CSAT_OK);
        assert_true(r2.se != r.se);
        assert_true(r2.difference == r.difference);
    }
    csat_pls_free(m1);
    csat_pls_free(m2);
    free(X);
}

/* Equal samples: difference 0 exactly, p = 1; the draws are not all 0 (two
 * independent resamples of the same data), and centre near 0. */
static void test_index_compare_equal(void **state)
{
    (void)state;
    double *X = data_copy(0);
    csat_pls *m1 = fit_rows(X, N), *m2 = fit_rows(X, N);
    double draws[30];
    csat_comparison r;
    csat_assert_status(csat_pls_index_compare(m1, m2, 3, &SCALE10, 30, 5, 0.95, draws, &r, NULL), CSAT_OK);
    assert_true(r.difference == 0.0 && r.statistic == 0.0 && r.p_value == 1.0);
    assert_true(r.estimate1 == r.estimate2);
    assert_true(r.se > 0.0 && r.lower < 0.0 && r.upper > 0.0);
    /* the same handle twice is the same test */
    csat_comparison r2;
    csat_assert_status(csat_pls_index_compare(m1, m1, 3, &SCALE10, 30, 5, 0.95, draws, &r2, NULL), CSAT_OK);
    assert_memory_equal(&r, &r2, sizeof r);
    csat_pls_free(m1);
    csat_pls_free(m2);
    free(X);
}

static void test_index_compare_bad(void **state)
{
    (void)state;
    double *X = data_copy(0);
    csat_pls *m1 = fit_rows(X, N), *other = NULL, *unfit = NULL;
    unsigned char adj[Q * Q];
    acsi_paths(adj);
    csat_pls_mode modes[Q] = {CSAT_PLS_MODE_B};
    csat_assert_status(csat_pls_new(&unfit, NULL, BLOCK_OF, P, adj, Q, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_pls_new(&other, NULL, BLOCK_OF, P, adj, Q, modes, NULL), CSAT_OK);
    csat_assert_status(csat_pls_fit(other, X, N, P, NULL, NULL), CSAT_OK);
    double draws[10], d0 = -7.0;
    csat_comparison r, keep;
    memset(&keep, 0x5a, sizeof keep);
    r = keep;
    draws[0] = d0;
    csat_error e;
    csat_assert_status(csat_pls_index_compare(NULL, m1, 0, &SCALE10, 10, 1, 0.95, draws, &r, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "m1");
    csat_assert_status(csat_pls_index_compare(m1, unfit, 0, &SCALE10, 10, 1, 0.95, draws, &r, &e), CSAT_EMISUSE);
    assert_string_equal(e.argument, "m2");
    csat_assert_status(csat_pls_index_compare(m1, other, 0, &SCALE10, 10, 1, 0.95, draws, &r, &e), CSAT_EINVAL);
    assert_non_null(strstr(e.message, "not the same model"));
    csat_assert_status(csat_pls_index_compare(m1, m1, Q, &SCALE10, 10, 1, 0.95, draws, &r, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "lv");
    csat_assert_status(csat_pls_index_compare(m1, m1, 0, &SCALE10, 1, 1, 0.95, draws, &r, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "n_boot");
    csat_assert_status(csat_pls_index_compare(m1, m1, 0, &SCALE10, 10, 1, 1.0, draws, &r, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "level");
    const csat_scale bad = {5.0, 5.0, 0};
    csat_assert_status(csat_pls_index_compare(m1, m1, 0, &bad, 10, 1, 0.95, draws, &r, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "scale");
    csat_assert_status(csat_pls_index_compare(m1, m1, 0, NULL, 10, 1, 0.95, draws, &r, &e), CSAT_EINVAL);
    csat_assert_status(csat_pls_index_compare(m1, m1, 0, &SCALE10, 10, 1, 0.95, NULL, &r, &e), CSAT_EINVAL);
    csat_assert_status(csat_pls_index_compare(m1, m1, 0, &SCALE10, 10, 1, 0.95, draws, NULL, &e), CSAT_EINVAL);
    /* outputs untouched on error */
    assert_memory_equal(&r, &keep, sizeof r);
    assert_true(draws[0] == d0);
    csat_pls_free(m1);
    csat_pls_free(other);
    csat_pls_free(unfit);
    free(X);
}

/* csat_pls_fit_columns: column-major data give the row-major fit bit for bit
 * (complete, listwise and mean replacement), and errors name the flat index
 * of the column-major layout. */
static void fit_both(const double *X, csat_pls_options *o, int expect_ok)
{
    unsigned char adj[Q * Q];
    acsi_paths(adj);
    double *C = malloc(sizeof(double) * N * P);
    assert_non_null(C);
    for (size_t r = 0; r < N; r++)
        for (size_t i = 0; i < P; i++)
            C[i * N + r] = X[r * P + i];
    csat_pls *a = NULL, *b = NULL;
    csat_assert_status(csat_pls_new(&a, NULL, BLOCK_OF, P, adj, Q, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_pls_new(&b, NULL, BLOCK_OF, P, adj, Q, NULL, NULL), CSAT_OK);
    csat_pls_report ra, rb;
    csat_status sa = csat_pls_fit(a, X, N, P, o, &ra), sb = csat_pls_fit_columns(b, C, N, P, o, &rb);
    csat_assert_status(sb, sa);
    if (expect_ok) {
        csat_assert_status(sa, CSAT_OK);
        assert_memory_equal(&ra, &rb, sizeof ra);
        double wa[P], wb[P], Ba[Q * Q], Bb[Q * Q];
        double *ya = malloc(sizeof(double) * N * Q * 2), *yb = malloc(sizeof(double) * N * Q * 2);
        assert_true(ya && yb);
        csat_assert_status(csat_pls_outer(a, wa, NULL, P), CSAT_OK);
        csat_assert_status(csat_pls_outer(b, wb, NULL, P), CSAT_OK);
        csat_assert_status(csat_pls_inner(a, Ba, NULL, NULL, NULL, Q), CSAT_OK);
        csat_assert_status(csat_pls_inner(b, Bb, NULL, NULL, NULL, Q), CSAT_OK);
        csat_assert_status(csat_pls_scores(a, ya, ya + N * Q, ra.n_used, Q), CSAT_OK);
        csat_assert_status(csat_pls_scores(b, yb, yb + N * Q, rb.n_used, Q), CSAT_OK);
        assert_memory_equal(wa, wb, sizeof wa);
        assert_memory_equal(Ba, Bb, sizeof Ba);
        assert_memory_equal(ya, yb, sizeof(double) * ra.n_used * Q);
        assert_memory_equal(ya + N * Q, yb + N * Q, sizeof(double) * ra.n_used * Q);
        free(ya);
        free(yb);
    } else {
        /* respondent 0, item 5 is NaN: flat index 5 row-major, 5 * N column-major */
        char want[64];
        snprintf(want, sizeof want, "data[%d] (respondent 0, item 5)", 5 * N);
        assert_non_null(strstr(csat_pls_last_error(b), want));
        assert_non_null(strstr(csat_pls_last_error(a), "data[5] (respondent 0, item 5)"));
    }
    csat_pls_free(a);
    csat_pls_free(b);
    free(C);
}

static void test_fit_columns(void **state)
{
    (void)state;
    double *X = data_copy(0), *Xm = data_copy(1);
    csat_pls_options o = CSAT_PLS_OPTIONS_INIT;
    fit_both(X, &o, 1);
    fit_both(Xm, &o, 0);
    o.nan_policy = CSAT_NAN_SKIP;
    fit_both(Xm, &o, 1);
    o.mean_replace = 1;
    fit_both(Xm, &o, 1);
    free(X);
    free(Xm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_path),
        cmocka_unit_test(test_reference_centroid_mode_b),
        cmocka_unit_test(test_reference_factorial_mode_b),
        cmocka_unit_test(test_reference_missing),
        cmocka_unit_test(test_recovers_structural_paths),
        cmocka_unit_test(test_bootstrap_reproducible),
        cmocka_unit_test(test_presets),
        cmocka_unit_test(test_bad_spec),
        cmocka_unit_test(test_bad_data),
        cmocka_unit_test(test_index_compare_reference),
        cmocka_unit_test(test_index_compare_equal),
        cmocka_unit_test(test_index_compare_bad),
        cmocka_unit_test(test_fit_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
