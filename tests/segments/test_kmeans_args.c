/*
 * k-means: the argument checks of fit, silhouette and elbow in one table
 * (args_table.h), labels and handle untouched on error, on two clusters of
 * two points whose answers are known by hand: centres (0, 0.5) and
 * (10, 10.5), inertia 4 x 0.25 = 1; one cluster: inertia 201.
 */
#include "args_table.h"

/* X = {(a, 0), (0, 1), (10, 10), (10, 11)} with X[0] = a[7] */
static void points(const double *a, double *X)
{
    const double P[8] = {0, 0, 0, 1, 10, 10, 10, 11};
    memcpy(X, P, sizeof P);
    X[0] = a[7];
}

/* a: version, k, n_init, max_iter, tol, standardize, algorithm, X[0], n, d; out: inertia */
static csat_status w_fit(const double *a, unsigned nul, void *out)
{
    const csat_kmeans_options o = {(unsigned)a[0], (size_t)a[1], 0, (unsigned)a[2], (size_t)a[3], a[4], (int)a[5],
                                   (csat_kmeans_algorithm)(int)a[6], NULL};
    double X[8], c[4];
    int lab[4] = {-7, -7, -7, -7};
    csat_kmeans *km;
    csat_status st;
    points(a, X);
    if (csat_kmeans_new(&km, NULL) != CSAT_OK)
        return CSAT_EINTERNAL;
    st = csat_kmeans_fit(ARGP(nul, 1, km), ARGP(nul, 2, X), (size_t)a[8], (size_t)a[9], ARGP(nul, 3, &o),
                         ARGP(nul, 4, lab));
    if (st == CSAT_OK) {
        if (lab[0] != lab[1] || lab[2] != lab[3] || lab[0] == lab[2])
            st = CSAT_EINTERNAL;
        csat_kmeans_result(km, NULL, 0, (double *)out, NULL, NULL);
    } else if (lab[0] != -7 || csat_kmeans_result(km, c, 4, NULL, NULL, NULL) != CSAT_EMISUSE) {
        st = CSAT_EINTERNAL; /* labels written or a fit kept */
    }
    csat_kmeans_free(km);
    return st;
}
static const csat_args_fn KF = {"kmeans_fit", w_fit, {CSAT_KMEANS_OPTIONS_VERSION, 2, 1, 300, 1e-4, 0, CSAT_KMEANS_LLOYD, 0, 4, 2},
                                1.0, 1e-15};

/* a: X[0], n, d, labels[0], k, sample; labels {a3, 0, 1, 1} */
static csat_status w_silhouette(const double *a, unsigned nul, void *out)
{
    double X[8], b[CSAT_ARGS_MAX];
    const int lab[4] = {(int)a[3], 0, 1, 1};
    memcpy(b, a, sizeof b);
    b[7] = a[0];
    points(b, X);
    return csat_kmeans_silhouette(ARGP(nul, 1, X), (size_t)a[1], (size_t)a[2], ARGP(nul, 2, lab), (size_t)a[4],
                                  (size_t)a[5], 42, NULL, ARGP(nul, 0, (double *)out), CSAT_ARGS_ERR);
}
/* mean of (b - a) / max(a, b) over the four points */
static const csat_args_fn KS = {"kmeans_silhouette", w_silhouette, {0, 4, 2, 0, 2, 0}, 0.9292895427118657, 1e-14};

/* a: k_min, k_max, version, use init_centers, n; out: inertia[0] (k = k_min) */
static csat_status w_elbow(const double *a, unsigned nul, void *out)
{
    const double zero[CSAT_ARGS_MAX] = {0}, cen[4] = {0, 0, 10, 10};
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    double X[8], in[4] = {-7, -7, -7, -7}, c[4];
    int lab[4] = {-7, -7, -7, -7};
    csat_kmeans *km;
    csat_status st;
    points(zero, X);
    o.version = (unsigned)a[2];
    o.init_centers = a[3] != 0 ? cen : NULL;
    if (csat_kmeans_new(&km, NULL) != CSAT_OK)
        return CSAT_EINTERNAL;
    st = csat_kmeans_elbow(ARGP(nul, 1, km), ARGP(nul, 2, X), (size_t)a[4], 2, &o, (size_t)a[0], (size_t)a[1],
                           ARGP(nul, 3, lab), ARGP(nul, 4, in));
    if (st == CSAT_OK)
        memcpy(out, in, sizeof in[0]);
    else if (lab[0] != -7 || in[0] != -7 || csat_kmeans_result(km, c, 4, NULL, NULL, NULL) != CSAT_EMISUSE)
        st = CSAT_EINTERNAL;
    csat_kmeans_free(km);
    return st;
}
static const csat_args_fn KE = {"kmeans_elbow", w_elbow, {1, 2, CSAT_KMEANS_OPTIONS_VERSION, 0, 4}, 201.0, 1e-15};

OPTIONS_INIT_WRAPPER(kmeans_options_init, csat_kmeans_options, CSAT_KMEANS_OPTIONS_VERSION)

static const double HUGE_N = (double)(SIZE_MAX / 4);

static const csat_args_case rows[] = {
    OPTIONS_ROWS(kmeans_options_init),

    NUL(KF, 2), NUL(KF, 4), NUL(KF, 16), {&KF, -1, 0, 8, CSAT_EINVAL} /* defaults: k = 8 > 4 rows */,
    ARG(KF, 0, 99, CSAT_EVERSION), ARG(KF, 1, 0, CSAT_EINVAL), ARG(KF, 1, 5, CSAT_EINVAL),
    ARG(KF, 2, 0, CSAT_EINVAL), ARG(KF, 3, 0, CSAT_EINVAL), ARG(KF, 4, -1, CSAT_EINVAL),
    ARG(KF, 4, NAN, CSAT_EINVAL), ARG(KF, 4, INFINITY, CSAT_EINVAL), ARG(KF, 6, 3, CSAT_EINVAL),
    ARG(KF, 6, -1, CSAT_EINVAL), ARG(KF, 7, NAN, CSAT_EINVAL), ARG(KF, 7, INFINITY, CSAT_EINVAL),
    ARG(KF, 8, 0, CSAT_EEMPTY), ARG(KF, 9, 0, CSAT_EINVAL), ARG(KF, 8, HUGE_N, CSAT_EINVAL),
    ARG(KF, 9, HUGE_N, CSAT_EINVAL), ARG(KF, 6, CSAT_KMEANS_HAMERLY, CSAT_OK), ARG(KF, 6, CSAT_KMEANS_AUTO, CSAT_OK), ARG(KF, 5, 1, CSAT_OK),
    ARG(KF, 2, 5, CSAT_OK),

    NUL(KS, 1), NUL(KS, 2), NUL(KS, 4), ARG(KS, 1, 0, CSAT_EEMPTY), ARG(KS, 2, 0, CSAT_EINVAL),
    ARG(KS, 4, 0, CSAT_EINVAL), ARG(KS, 1, HUGE_N, CSAT_EINVAL), ARG(KS, 0, NAN, CSAT_EINVAL),
    ARG(KS, 3, 2, CSAT_EINVAL), ARG(KS, 3, -1, CSAT_EINVAL), ARG(KS, 5, 4, CSAT_OK) /* sample >= n: exact */,

    NUL(KE, 2), NUL(KE, 4), NUL(KE, 8), NUL(KE, 16), ARG(KE, 0, 0, CSAT_EINVAL), ARG(KE, 0, 3, CSAT_EINVAL),
    ARG(KE, 1, 5, CSAT_EINVAL), ARG(KE, 2, 99, CSAT_EVERSION), ARG(KE, 3, 1, CSAT_EINVAL),
    ARG(KE, 4, HUGE_N, CSAT_EINVAL),
};

static void test_kmeans_argument_table(void **state)
{
    (void)state;
    csat_args_run(rows, sizeof rows / sizeof rows[0]);
}

static void test_kmeans_edges(void **state)
{
    const double X[8] = {0, 0, 0, 1, 10, 10, 10, 11};
    csat_kmeans *km;
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    double c[4], inertia = -7, s = -7;
    size_t it;
    int conv, lab[4] = {-7, -7, -7, -7};
    (void)state;
    assert_true(strcmp(csat_kmeans_last_error(NULL), "") == 0);
    csat_assert_status(csat_kmeans_new(NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_kmeans_result(NULL, c, 4, &inertia, &it, &conv), CSAT_EINVAL);
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    /* starting centres with a NaN; then valid ones, which converge at once */
    {
        const double bad[4] = {0, NAN, 10, 10}, good[4] = {0, 0, 10, 10};
        o.k = 2;
        o.init_centers = bad;
        csat_assert_status(csat_kmeans_fit(km, X, 4, 2, &o, lab), CSAT_EINVAL);
        assert_true(lab[0] == -7 && strlen(csat_kmeans_last_error(km)) > 0);
        o.init_centers = good;
        csat_assert_status(csat_kmeans_fit(km, X, 4, 2, &o, lab), CSAT_OK);
    }
    assert_int_equal(csat_kmeans_result(km, c, 4, &inertia, &it, &conv), CSAT_OK);
    assert_true(c[0] == 0 && c[1] == 0.5 && c[2] == 10 && c[3] == 10.5 && inertia == 1 && conv == 1);
    csat_assert_status(csat_kmeans_result(km, c, 3, NULL, NULL, NULL), CSAT_EBUFSIZE);
    csat_assert_status(csat_kmeans_result(km, c, SIZE_MAX / 4, NULL, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_kmeans_result(km, NULL, 0, NULL, NULL, NULL), CSAT_OK);
    /* all rows equal and k > 1: undefined; the fit above is kept */
    {
        const double same[4] = {3, 3, 3, 3};
        o.init_centers = NULL;
        csat_assert_status(csat_kmeans_fit(km, same, 4, 1, &o, lab), CSAT_EDOM);
        assert_int_equal(csat_kmeans_result(km, c, 4, &inertia, NULL, NULL), CSAT_OK);
        assert_true(inertia == 1);
        /* k = 1 on them: inertia 0 */
        o.k = 1;
        csat_assert_status(csat_kmeans_fit(km, same, 4, 1, &o, lab), CSAT_OK);
        assert_int_equal(csat_kmeans_result(km, c, 4, &inertia, NULL, NULL), CSAT_OK);
        assert_true(inertia == 0 && c[0] == 3);
    }
    /* standardize: a constant column is undefined (the k = 1 fit stays); the
     * two clusters are found on the scaled columns too */
    {
        const double Xc[8] = {0, 5, 0, 5, 10, 5, 10, 5};
        o.k = 2;
        o.standardize = 1;
        csat_assert_status(csat_kmeans_fit(km, Xc, 4, 2, &o, lab), CSAT_EDOM);
        assert_int_equal(csat_kmeans_result(km, c, 4, &inertia, NULL, NULL), CSAT_OK);
        assert_true(inertia == 0 && c[0] == 3);
        csat_assert_status(csat_kmeans_fit(km, X, 4, 2, &o, lab), CSAT_OK);
        assert_true(lab[0] == lab[1] && lab[2] == lab[3] && lab[0] != lab[2]);
        assert_int_equal(csat_kmeans_result(km, c, 4, NULL, NULL, NULL), CSAT_OK);
        assert_true(c[0] == 0 || c[0] == 10); /* centres in input units */
    }
    /* silhouette: every row its own cluster, or one cluster only: undefined */
    {
        const int own[4] = {0, 1, 2, 3}, one[4] = {1, 1, 1, 1};
        csat_assert_status(csat_kmeans_silhouette(X, 4, 2, own, 4, 0, 0, NULL, &s, CSAT_ARGS_ERR), CSAT_EDOM);
        csat_assert_status(csat_kmeans_silhouette(X, 4, 2, one, 2, 0, 0, NULL, &s, CSAT_ARGS_ERR), CSAT_EDOM);
        assert_true(s == -7);
        /* a sample of 3 rows: a mean silhouette of 3 of the 4 rows, in (0, 1] */
        const int two[4] = {0, 0, 1, 1};
        csat_assert_status(csat_kmeans_silhouette(X, 4, 2, two, 2, 3, 5, NULL, &s, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(s > 0 && s <= 1);
    }
    csat_kmeans_free(km);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kmeans_argument_table),
        cmocka_unit_test(test_kmeans_edges),
    };
    return cmocka_run_group_tests_name("kmeans_args", tests, NULL, NULL);
}
