/* k-means, silhouette and elbow. */
#include "csat_test.h"

#include <float.h>

static void make_data(double *X)
{
    for (int i = 0; i < 300; i++) {
        X[i * 3 + 0] = sin(1.3 * i) * 4 + (i % 3) * 5;
        X[i * 3 + 1] = cos(0.7 * i) * 3 + (i % 3);
        X[i * 3 + 2] = ((i * 37) % 101) / 25.0;
    }
}

/* Values from tests/reference/kmeans_lloyd.py (plain-Python Lloyd, same data and start). */
static const double ref_centres[4][3] = {
    {0.8799329061219334, 2.680302043085793, 2.0},
    {7.352469015371356, 1.4550831549721779, 1.9442307692307692},
    {12.487340434524333, 2.1798300465919995, 2.156862745098039},
    {0.5176838379773396, -1.544039172510814, 1.9575609756097563},
};
static const double ref_inertia = 2409.7059523797056;
static const size_t ref_counts[4] = {63, 104, 51, 82};

static void test_hand_checkable(void **state)
{
    static const double X[8] = {0, 0, 0, 1, 10, 10, 10, 11};
    static const double init[4] = {0, 0, 10, 10};
    csat_kmeans *km;
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    int lab[4];
    double c[4], inertia;
    (void)state;
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    csat_assert_status(csat_kmeans_result(km, c, 4, &inertia, NULL, NULL), CSAT_EMISUSE);
    o.k = 2;
    o.init_centers = init;
    csat_assert_status(csat_kmeans_fit(km, X, 4, 2, &o, lab), CSAT_OK);
    csat_assert_status(csat_kmeans_result(km, c, 4, &inertia, NULL, NULL), CSAT_OK);
    assert_int_equal(lab[0], 0);
    assert_int_equal(lab[1], 0);
    assert_int_equal(lab[2], 1);
    assert_int_equal(lab[3], 1);
    csat_assert_close(c[1], 0.5, 1e-15, 0);
    csat_assert_close(c[3], 10.5, 1e-15, 0);
    csat_assert_close(inertia, 1.0, 1e-15, 0);
    /* k-means++ finds the same split from any seed */
    o.init_centers = NULL;
    for (uint64_t seed = 0; seed < 5; seed++) {
        o.seed = seed;
        csat_assert_status(csat_kmeans_fit(km, X, 4, 2, &o, lab), CSAT_OK);
        csat_assert_status(csat_kmeans_result(km, NULL, 0, &inertia, NULL, NULL), CSAT_OK);
        csat_assert_close(inertia, 1.0, 1e-15, 0);
        assert_int_equal(lab[0], lab[1]);
        assert_int_not_equal(lab[0], lab[2]);
    }
    csat_assert_status(csat_kmeans_result(km, c, 3, NULL, NULL, NULL), CSAT_EBUFSIZE);
    csat_kmeans_free(km);
    csat_kmeans_free(NULL);
}

static void test_against_python_reference(void **state)
{
    static double X[900];
    int lab[300];
    double init[12], c[12], inertia;
    csat_kmeans *km;
    (void)state;
    make_data(X);
    memcpy(init, X, sizeof init);
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    for (int alg = 0; alg < 2; alg++) {
        csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
        size_t counts[4] = {0, 0, 0, 0};
        int conv;
        o.k = 4;
        o.tol = 0;
        o.init_centers = init;
        o.algorithm = alg ? CSAT_KMEANS_HAMERLY : CSAT_KMEANS_LLOYD;
        csat_assert_status(csat_kmeans_fit(km, X, 300, 3, &o, lab), CSAT_OK);
        csat_assert_status(csat_kmeans_result(km, c, 12, &inertia, NULL, &conv), CSAT_OK);
        assert_int_equal(conv, 1);
        for (int i = 0; i < 12; i++)
            csat_assert_close(c[i], ref_centres[i / 3][i % 3], 1e-12, 1e-12);
        csat_assert_close(inertia, ref_inertia, 1e-12, 0);
        for (int i = 0; i < 300; i++)
            counts[lab[i]]++;
        for (int i = 0; i < 4; i++)
            assert_int_equal(counts[i], ref_counts[i]);
    }
    csat_kmeans_free(km);
}

static void test_seed_determinism_and_restarts(void **state)
{
    static double X[900];
    int lab1[300], lab2[300];
    double c1[15], c2[15], i1, i2, i3;
    csat_kmeans *km;
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    (void)state;
    make_data(X);
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    o.k = 5;
    o.seed = 7;
    csat_assert_status(csat_kmeans_fit(km, X, 300, 3, &o, lab1), CSAT_OK);
    csat_assert_status(csat_kmeans_result(km, c1, 15, &i1, NULL, NULL), CSAT_OK);
    o.algorithm = CSAT_KMEANS_HAMERLY;
    csat_assert_status(csat_kmeans_fit(km, X, 300, 3, &o, lab2), CSAT_OK);
    csat_assert_status(csat_kmeans_result(km, c2, 15, &i2, NULL, NULL), CSAT_OK);
    assert_memory_equal(lab1, lab2, sizeof lab1);
    csat_assert_close(i2, i1, 1e-12, 0);
    o.n_init = 5;
    csat_assert_status(csat_kmeans_fit(km, X, 300, 3, &o, lab2), CSAT_OK);
    csat_assert_status(csat_kmeans_result(km, NULL, 0, &i3, NULL, NULL), CSAT_OK);
    assert_true(i3 <= i1 * (1 + 1e-12)); /* the first restart is the single run */
    o.standardize = 1;
    csat_assert_status(csat_kmeans_fit(km, X, 300, 3, &o, lab2), CSAT_OK);
    csat_kmeans_free(km);
}

static void test_silhouette_and_elbow(void **state)
{
    static const double X[8] = {0, 0, 0, 1, 10, 10, 10, 11};
    int lab[4] = {0, 0, 1, 1}, one[4] = {0, 0, 0, 0};
    double s, a, b, el[3];
    csat_kmeans *km;
    (void)state;
    /* a = 1 for every row; b = mean distance to the other pair: (sqrt 200 +
     * sqrt 221)/2 for (0,0) and (10,11), (sqrt 181 + sqrt 200)/2 for the others. */
    csat_assert_status(csat_kmeans_silhouette(X, 4, 2, lab, 2, 0, 0, NULL, &s, NULL), CSAT_OK);
    a = (sqrt(200.0) + sqrt(221.0)) / 2.0;
    b = (sqrt(181.0) + sqrt(200.0)) / 2.0;
    csat_assert_close(s, ((a - 1) / a + (b - 1) / b) / 2, 1e-14, 0);
    csat_assert_status(csat_kmeans_silhouette(X, 4, 2, one, 2, 0, 0, NULL, &s, NULL), CSAT_EDOM);
    lab[0] = 5;
    csat_assert_status(csat_kmeans_silhouette(X, 4, 2, lab, 2, 0, 0, NULL, &s, NULL), CSAT_EINVAL);
    {
        static double Y[900];
        int l[300];
        double se, ss;
        csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
        make_data(Y);
        assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
        o.k = 3;
        csat_assert_status(csat_kmeans_fit(km, Y, 300, 3, &o, l), CSAT_OK);
        csat_assert_status(csat_kmeans_silhouette(Y, 300, 3, l, 3, 0, 0, NULL, &se, NULL), CSAT_OK);
        csat_assert_status(csat_kmeans_silhouette(Y, 300, 3, l, 3, 150, 3, NULL, &ss, NULL), CSAT_OK);
        assert_true(se > 0.2 && se < 1.0);
        assert_true(fabs(ss - se) < 0.1);
        csat_assert_status(csat_kmeans_elbow(km, Y, 300, 3, &o, 1, 3, l, el), CSAT_OK);
        assert_true(el[0] > el[1] && el[1] > el[2]);
        csat_kmeans_free(km);
    }
}

/* csat_kmeans_predict against an independent brute force: the nearest
 * centre (from csat_kmeans_result) by squared distance in long double, each
 * column divided by the training column's population standard deviation
 * (computed here) when standardising (scikit-learn's KMeans.predict on
 * StandardScaler'd data assigns the same way). Also: the training rows get
 * the fit's labels, set_centers rebuilds an equal model, far rows. */
static void test_kmeans_predict(void **state)
{
    static double X[900], Y[300];
    int lab[300], pred[300];
    double c[12], sc[3], sd[3];
    csat_kmeans *km, *copy;
    (void)state;
    make_data(X);
    for (int i = 0; i < 300; i++) /* new rows: a shifted, stretched copy */
        Y[i] = X[(i * 7) % 900] * 1.3 - 2.0;
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    assert_int_equal(csat_kmeans_new(&copy, NULL), CSAT_OK);
    csat_assert_status(csat_kmeans_predict(km, X, 1, 3, pred), CSAT_EMISUSE);
    csat_assert_status(csat_kmeans_scales(km, sc, 3), CSAT_EMISUSE);
    for (int stdz = 0; stdz < 2; stdz++) {
        csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
        o.k = 4;
        o.standardize = stdz;
        o.seed = 3;
        csat_assert_status(csat_kmeans_fit(km, X, 300, 3, &o, lab), CSAT_OK);
        csat_assert_status(csat_kmeans_predict(km, X, 300, 3, pred), CSAT_OK);
        assert_memory_equal(pred, lab, sizeof lab);
        csat_assert_status(csat_kmeans_result(km, c, 12, NULL, NULL, NULL), CSAT_OK);
        for (int j = 0; j < 3; j++) {
            long double m = 0, v = 0;
            for (int i = 0; i < 300; i++)
                m += X[i * 3 + j];
            m /= 300;
            for (int i = 0; i < 300; i++)
                v += (X[i * 3 + j] - m) * (X[i * 3 + j] - m);
            sd[j] = stdz ? (double)sqrtl(v / 300) : 1.0;
        }
        csat_assert_status(csat_kmeans_predict(km, Y, 100, 3, pred), CSAT_OK);
        for (int i = 0; i < 100; i++) {
            long double best = 1e300L;
            int a = -1;
            for (int k = 0; k < 4; k++) {
                long double s = 0;
                for (int j = 0; j < 3; j++) {
                    long double t = ((long double)Y[i * 3 + j] - c[k * 3 + j]) / sd[j];
                    s += t * t;
                }
                if (s < best)
                    best = s, a = k;
            }
            assert_int_equal(pred[i], a);
        }
        /* a copy through the public state predicts the same */
        csat_assert_status(csat_kmeans_scales(km, sc, 2), CSAT_EBUFSIZE);
        csat_assert_status(csat_kmeans_scales(km, sc, 3), CSAT_OK);
        if (stdz)
            for (int j = 0; j < 3; j++)
                csat_assert_close(sc[j], 1.0 / sd[j], 1e-13, 0);
        csat_assert_status(csat_kmeans_set_centers(copy, c, 4, 3, sc), CSAT_OK);
        csat_assert_status(csat_kmeans_predict(copy, Y, 100, 3, lab), CSAT_OK);
        assert_memory_equal(pred, lab, 100 * sizeof *lab);
    }
    /* rows far outside: nearest by the huge coordinate, no overflow */
    {
        static const double far[6] = {1e300, 0, 0, -1e300, 0, 0};
        double cc[12];
        int lf[2], lo = 0, hi = 0;
        csat_assert_status(csat_kmeans_result(km, cc, 12, NULL, NULL, NULL), CSAT_OK);
        for (int k = 1; k < 4; k++) {
            lo = cc[k * 3] < cc[lo * 3] ? k : lo;
            hi = cc[k * 3] > cc[hi * 3] ? k : hi;
        }
        csat_assert_status(csat_kmeans_predict(km, far, 2, 3, lf), CSAT_OK);
        assert_int_equal(lf[0], hi);
        assert_int_equal(lf[1], lo);
    }
    /* bad input: labels untouched */
    {
        double nanrow[3] = {1, NAN, 0};
        int keep = 77;
        csat_assert_status(csat_kmeans_predict(km, nanrow, 1, 3, &keep), CSAT_EINVAL);
        assert_non_null(strstr(csat_kmeans_last_error(km), "X[0][1]"));
        csat_assert_status(csat_kmeans_predict(km, X, 1, 2, &keep), CSAT_EINVAL);
        csat_assert_status(csat_kmeans_predict(km, X, 0, 3, &keep), CSAT_EEMPTY);
        csat_assert_status(csat_kmeans_predict(km, NULL, 1, 3, &keep), CSAT_EINVAL);
        csat_assert_status(csat_kmeans_predict(NULL, X, 1, 3, &keep), CSAT_EINVAL);
        assert_int_equal(keep, 77);
        csat_assert_status(csat_kmeans_set_centers(copy, nanrow, 1, 3, NULL), CSAT_EINVAL);
        csat_assert_status(csat_kmeans_set_centers(copy, X, 0, 3, NULL), CSAT_EINVAL);
        sc[1] = -1;
        csat_assert_status(csat_kmeans_set_centers(copy, X, 1, 3, sc), CSAT_EINVAL);
        sc[1] = 1e300;
        {
            double big[3] = {1, 1e300, 1};
            csat_assert_status(csat_kmeans_set_centers(copy, big, 1, 3, sc), CSAT_EINVAL);
        }
        csat_assert_status(csat_kmeans_set_centers(copy, X, 1, 3, NULL), CSAT_OK);
        csat_assert_status(csat_kmeans_predict(copy, Y, 3, 3, lab), CSAT_OK);
        assert_int_equal(lab[2], 0);
    }
    csat_kmeans_free(km);
    csat_kmeans_free(copy);
}

static void test_kmeans_bad_input(void **state)
{
    double X[6] = {1, 2, 3, 4, 5, 6}, eq[6] = {1, 1, 1, 1, 1, 1};
    int lab[3] = {-3, -3, -3};
    csat_kmeans *km;
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    double c[2];
    (void)state;
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    o.k = 0;
    csat_assert_status(csat_kmeans_fit(km, X, 3, 2, &o, lab), CSAT_EINVAL);
    assert_true(strlen(csat_kmeans_last_error(km)) > 0);
    o.k = 4;
    csat_assert_status(csat_kmeans_fit(km, X, 3, 2, &o, lab), CSAT_EINVAL);
    o.k = 2;
    csat_assert_status(csat_kmeans_fit(km, eq, 3, 2, &o, lab), CSAT_EDOM);
    X[3] = NAN;
    csat_assert_status(csat_kmeans_fit(km, X, 3, 2, &o, lab), CSAT_EINVAL);
    X[3] = 4;
    csat_assert_status(csat_kmeans_fit(km, NULL, 3, 2, &o, lab), CSAT_EINVAL);
    csat_assert_status(csat_kmeans_fit(km, X, 3, 2, &o, NULL), CSAT_EINVAL);
    csat_assert_status(csat_kmeans_fit(km, X, 0, 2, &o, lab), CSAT_EEMPTY);
    csat_assert_status(csat_kmeans_fit(km, X, SIZE_MAX / 2, 4, &o, lab), CSAT_EINVAL);
    o.standardize = 1;
    eq[0] = 2; /* column 1 constant */
    csat_assert_status(csat_kmeans_fit(km, eq, 3, 2, &o, lab), CSAT_EDOM);
    o.standardize = 0;
    o.version = 42;
    csat_assert_status(csat_kmeans_fit(km, X, 3, 2, &o, lab), CSAT_EVERSION);
    csat_assert_status(csat_kmeans_options_init(&o, 0), CSAT_EVERSION);
    for (int i = 0; i < 3; i++)
        assert_int_equal(lab[i], -3);
    csat_assert_status(csat_kmeans_result(km, c, 2, NULL, NULL, NULL), CSAT_EMISUSE);
    csat_assert_status(csat_kmeans_fit(NULL, X, 3, 2, NULL, lab), CSAT_EINVAL);
    csat_kmeans_free(km);
}

/* Issue 12 regressions: values near 1e200 gave NaN centres (standardize)
 * and a NaN silhouette; a column varying at 1e-300 was called constant;
 * the elbow on ENOMEM wrote part of its curve and replaced the handle's
 * fit. */
static void test_extreme_scales(void **state)
{
    static double X[900], B[900], T[900];
    double c0[12], c1[12], in0, in1, s0, s1;
    int l0[300], l1[300];
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    csat_kmeans *km;
    (void)state;
    make_data(X);
    for (int i = 0; i < 900; i++)
        B[i] = X[i] * 0x1p660; /* about 1e200, exactly scaled */
    for (int i = 0; i < 900; i++)
        T[i] = i % 3 == 2 ? X[i] * 1e-300 : X[i];
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    o.k = 4;
    for (int std = 0; std < 2; std++) {
        /* 2^450 keeps the raw inertia (about 1e274) a double; 2^660 does not */
        double f = std ? 0x1p660 : 0x1p450;
        o.standardize = std;
        for (int i = 0; i < 900; i++)
            B[i] = X[i] * f;
        assert_int_equal(csat_kmeans_fit(km, X, 300, 3, &o, l0), CSAT_OK);
        assert_int_equal(csat_kmeans_result(km, c0, 12, &in0, NULL, NULL), CSAT_OK);
        assert_int_equal(csat_kmeans_fit(km, B, 300, 3, &o, l1), CSAT_OK);
        assert_int_equal(csat_kmeans_result(km, c1, 12, &in1, NULL, NULL), CSAT_OK);
        assert_memory_equal(l0, l1, sizeof l0);
        for (int j = 0; j < 12; j++)
            csat_assert_close(c1[j], c0[j] * f, 1e-13, 0);
        /* standardised inertia is scale-free; raw inertia is in input units */
        csat_assert_close(in1, std ? in0 : in0 * 0x1p900, 1e-12, 0);
    }
    o.standardize = 0;
    for (int i = 0; i < 900; i++)
        B[i] = X[i] * 0x1p-450;
    assert_int_equal(csat_kmeans_fit(km, B, 300, 3, &o, l1), CSAT_OK);
    assert_int_equal(csat_kmeans_result(km, NULL, 0, &in1, NULL, NULL), CSAT_OK);
    assert_int_equal(csat_kmeans_fit(km, X, 300, 3, &o, l0), CSAT_OK);
    assert_int_equal(csat_kmeans_result(km, NULL, 0, &in0, NULL, NULL), CSAT_OK);
    assert_memory_equal(l0, l1, sizeof l0);
    csat_assert_close(in1, ldexp(in0, -900), 1e-12, 0);
    for (int i = 0; i < 900; i++)
        B[i] = X[i] * 0x1p800;
    csat_assert_status(csat_kmeans_fit(km, B, 300, 3, &o, l1), CSAT_EDOM);
    assert_non_null(strstr(csat_kmeans_last_error(km), "inertia"));
    /* a feature varying at 1e-300 standardises like any other */
    o.standardize = 1;
    assert_int_equal(csat_kmeans_fit(km, X, 300, 3, &o, l0), CSAT_OK);
    assert_int_equal(csat_kmeans_fit(km, T, 300, 3, &o, l1), CSAT_OK);
    assert_memory_equal(l0, l1, sizeof l0);
    /* silhouette near 1e200 and 1e-200 equals the unscaled one */
    assert_int_equal(csat_kmeans_silhouette(X, 300, 3, l0, 4, 0, 0, NULL, &s0, NULL), CSAT_OK);
    for (int e = -1; e <= 1; e += 2) {
        for (int i = 0; i < 900; i++)
            B[i] = X[i] * ldexp(1.0, 660 * e);
        assert_int_equal(csat_kmeans_silhouette(B, 300, 3, l0, 4, 0, 0, NULL, &s1, NULL), CSAT_OK);
        assert_true(isfinite(s1));
        csat_assert_close(s1, s0, 1e-13, 0);
    }
    /* 24 identical rows near 1e300, k = 1: the computed mean misses them by
     * rounding (1e284, squared past DBL_MAX), so the inertia overflows
     * although the bounding box is a point; the labels are still restored
     * (they were left overwritten; valid-input sweep) */
    {
        double R[48];
        int lr[24];
        csat_status st;
        for (int i = 0; i < 24; i++) {
            R[2 * i] = 1e300;
            R[2 * i + 1] = -1e300;
            lr[i] = -3;
        }
        o.standardize = 0;
        o.k = 1;
        st = csat_kmeans_fit(km, R, 24, 2, &o, lr);
        assert_true(st == CSAT_OK || st == CSAT_EDOM);
        for (int i = 0; i < 24; i++)
            assert_int_equal(lr[i], st == CSAT_OK ? 0 : -3);
    }
    csat_kmeans_free(km);
}

static void test_elbow_untouched_on_error(void **state)
{
    static double X[900];
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    csat_kmeans *km;
    double c0[6], c1[6], in0, in1, curve[4] = {-1, -1, -1, -1};
    int lab[300], lab0[300];
    csat_status st;
    (void)state;
    make_data(X);
    assert_int_equal(csat_kmeans_new(&km, &a), CSAT_OK);
    o.k = 2;
    assert_int_equal(csat_kmeans_fit(km, X, 300, 3, &o, lab), CSAT_OK);
    assert_int_equal(csat_kmeans_result(km, c0, 6, &in0, NULL, NULL), CSAT_OK);
    memcpy(lab0, lab, sizeof lab);
    for (long k = 0;; k++) {
        long base = t.live;
        csat_test_alloc_reset(&t, k);
        st = csat_kmeans_elbow(km, X, 300, 3, &o, 2, 5, lab, curve);
        if (st == CSAT_OK)
            break;
        assert_int_equal(st, CSAT_ENOMEM);
        assert_int_equal(t.live, base);
        for (int i = 0; i < 4; i++)
            assert_true(curve[i] == -1);
        assert_memory_equal(lab, lab0, sizeof lab);
        assert_int_equal(csat_kmeans_result(km, c1, 6, &in1, NULL, NULL), CSAT_OK);
        assert_memory_equal(c1, c0, sizeof c0);
        assert_true(in1 == in0);
    }
    for (int i = 1; i < 4; i++)
        assert_true(curve[i] > 0 && curve[i] <= curve[i - 1] * (1 + 1e-12));
    assert_int_equal(csat_kmeans_result(km, NULL, 0, &in1, NULL, NULL), CSAT_OK);
    assert_true(in1 == curve[3]);
    csat_kmeans_free(km);
    assert_int_equal(t.live, 0);
}

static void test_kmeans_alloc_failure(void **state)
{
    static double X[900];
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    csat_kmeans *km = NULL;
    int lab[300];
    long k;
    (void)state;
    make_data(X);
    for (k = 0;; k++) {
        csat_test_alloc_reset(&t, k);
        if (csat_kmeans_new(&km, &a) == CSAT_OK)
            break;
        assert_int_equal(t.live, 0);
    }
    for (int alg = 0; alg < 2; alg++)
        for (k = 0;; k++) {
            csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
            long base = t.live;
            csat_status st;
            o.k = 3;
            o.algorithm = alg ? CSAT_KMEANS_HAMERLY : CSAT_KMEANS_LLOYD;
            lab[0] = -8;
            csat_test_alloc_reset(&t, k);
            st = csat_kmeans_fit(km, X, 300, 3, &o, lab);
            if (st == CSAT_OK)
                break;
            assert_int_equal(st, CSAT_ENOMEM);
            assert_int_equal(lab[0], -8);
            assert_int_equal(t.live, base);
        }
    csat_test_alloc_reset(&t, -1);
    {
        int l2[300];
        double s;
        for (int i = 0; i < 300; i++)
            l2[i] = i % 3;
        for (k = 0;; k++) {
            csat_status st;
            csat_test_alloc_reset(&t, k);
            st = csat_kmeans_silhouette(X, 300, 3, l2, 3, 100, 1, &a, &s, NULL);
            if (st == CSAT_OK)
                break;
            assert_int_equal(st, CSAT_ENOMEM);
        }
    }
    csat_kmeans_free(km);
    assert_int_equal(t.live, 0);
}

/* The Lloyd pass works on blocks of 128 rows with a vector kernel (d <= 4)
 * or row by row (d > 4). Independent check for every path: after a fit,
 * each label is the nearest centre by a plain scan (lowest index on ties)
 * and the inertia is the plain sum of those distances; Lloyd and Hamerly
 * (row-at-a-time code) agree; a second fit is bit-identical. Sizes cover
 * a partial last block, a single partial block, and k above the kernel's
 * eight rows per step. */
static void test_block_kernel_paths(void **state)
{
    static const size_t ns[] = {1000, 37, 256};
    static double X[1000 * 6];
    static int lab[1000], lab2[1000];
    csat_kmeans *km;
    (void)state;
    for (int i = 0; i < 1000 * 6; i++)
        X[i] = sin(0.37 * i) * 3 + cos(1.91 * i * i) + (i % 7);
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    for (size_t d = 1; d <= 6; d++)
        for (size_t t = 0; t < 3; t++)
            for (size_t k = 1; k <= 11; k += 5) {
                size_t n = ns[t], it1, it2;
                csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
                double c[11 * 6], c2[11 * 6], sd[6], inertia, inertia2, plain = 0.0;
                o.k = k;
                o.seed = 3 + d;
                o.standardize = d == 2;
                csat_assert_status(csat_kmeans_fit(km, X, n, d, &o, lab), CSAT_OK);
                csat_assert_status(csat_kmeans_result(km, c, k * d, &inertia, &it1, NULL), CSAT_OK);
                for (size_t j = 0; j < d; j++) { /* distances are in the scaled space */
                    double m = 0.0, v = 0.0;
                    for (size_t r = 0; r < n; r++)
                        m += X[r * d + j];
                    m /= (double)n;
                    for (size_t r = 0; r < n; r++)
                        v += (X[r * d + j] - m) * (X[r * d + j] - m);
                    sd[j] = o.standardize ? sqrt(v / (double)n) : 1.0;
                }
                for (size_t i = 0; i < n; i++) {
                    double best = INFINITY;
                    int arg = -1;
                    for (size_t q = 0; q < k; q++) {
                        double e = 0.0;
                        for (size_t j = 0; j < d; j++) {
                            double diff = (X[i * d + j] - c[q * d + j]) / sd[j];
                            e += diff * diff;
                        }
                        if (e < best * (1 - 1e-12)) {
                            best = e;
                            arg = (int)q;
                        }
                    }
                    assert_int_equal(lab[i], arg);
                    plain += best;
                }
                csat_assert_close(inertia, plain, 1e-10, 1e-12);
                /* the same fit again: bit-identical */
                csat_assert_status(csat_kmeans_fit(km, X, n, d, &o, lab2), CSAT_OK);
                csat_assert_status(csat_kmeans_result(km, c2, k * d, &inertia2, &it2, NULL), CSAT_OK);
                assert_memory_equal(lab, lab2, n * sizeof lab[0]);
                assert_memory_equal(c, c2, k * d * sizeof c[0]);
                assert_memory_equal(&inertia, &inertia2, sizeof inertia);
                assert_int_equal(it1, it2);
                /* Hamerly visits rows one at a time: same labels */
                o.algorithm = CSAT_KMEANS_HAMERLY;
                csat_assert_status(csat_kmeans_fit(km, X, n, d, &o, lab2), CSAT_OK);
                assert_memory_equal(lab, lab2, n * sizeof lab[0]);
            }
    csat_kmeans_free(km);
}

/* Found by tests/fuzz/fuzz_segmentation.c: the inertia in input units was
 * divided by g * g, which underflows to 0 for values near 1e274 (g ~ 2^-913):
 * one row alone (inertia 0) came out 0/0 = CSAT_EDOM; and on the real
 * CSAT_EDOM (an inertia beyond DBL_MAX) the labels had been overwritten. */
static void test_huge_values_inertia(void **state)
{
    const double one[1] = {-5.1855079888207003e+274}, two[2] = {-5.1855e274, 4e274}, z[1] = {0};
    int lab[2] = {-9, -9};
    double c, in;
    csat_kmeans *km;
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    (void)state;
    o.k = 1;
    o.init_centers = z;
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    assert_int_equal(csat_kmeans_fit(km, one, 1, 1, &o, lab), CSAT_OK);
    assert_int_equal(csat_kmeans_result(km, &c, 1, &in, NULL, NULL), CSAT_OK);
    assert_true(c == one[0] && in == 0.0 && lab[0] == 0);
    /* (9.2e274)^2 / 2: beyond DBL_MAX; labels untouched, the fit kept */
    lab[0] = lab[1] = -9;
    assert_int_equal(csat_kmeans_fit(km, two, 2, 1, &o, lab), CSAT_EDOM);
    assert_true(lab[0] == -9 && lab[1] == -9);
    assert_int_equal(csat_kmeans_result(km, &c, 1, &in, NULL, NULL), CSAT_OK);
    assert_true(c == one[0] && in == 0.0);
    {
        /* standardised (sd 0.5: scale 2), a starting centre of -DBL_MAX
         * overflowed and stayed -Inf in its empty cluster (CSAT_OK with a
         * centre -Inf); it is CSAT_EINVAL, labels untouched */
        const double x4[4] = {1, 1, 2, 2}, init2[2] = {1.5, -DBL_MAX};
        int lab4[4] = {-9, -9, -9, -9};
        o.k = 2;
        o.standardize = 1;
        o.init_centers = init2;
        assert_int_equal(csat_kmeans_fit(km, x4, 4, 1, &o, lab4), CSAT_EINVAL);
        assert_true(lab4[0] == -9 && lab4[3] == -9);
    }
    csat_kmeans_free(km);
}

/* Issue 18: CSAT_KMEANS_AUTO picks an algorithm by cost, which must not
 * change the result: from the same start (the same seed), Lloyd, Hamerly
 * and AUTO give bit-identical labels, centres, iteration counts and
 * inertia, over several blocks of rows (n = 20,011: five blocks of 4,096
 * rows, the last partial), narrow and wide rows (d = 1 .. 5, 16), one and
 * many centres, with standardize and n_init > 1. */
static void test_algorithms_bit_identical(void **state)
{
    static const size_t ds[] = {1, 2, 3, 4, 5, 16}, ks[] = {1, 3, 8, 21};
    const size_t n = 20011;
    double *X = malloc(n * 16 * sizeof *X);
    int *lab[3];
    csat_kmeans *km;
    (void)state;
    assert_non_null(X);
    for (int a = 0; a < 3; a++)
        assert_non_null(lab[a] = malloc(n * sizeof(int)));
    for (size_t i = 0; i < n * 16; i++) /* loose clusters: tens of iterations */
        X[i] = sin(0.37 * (double)i) * 3 + cos(1.91 * (double)i * (double)i) + (double)((i / 16) % 5);
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    for (size_t di = 0; di < sizeof ds / sizeof ds[0]; di++)
        for (size_t ki = 0; ki < sizeof ks / sizeof ks[0]; ki++) {
            const size_t d = ds[di], k = ks[ki];
            double c[3][21 * 16], in[3];
            size_t it[3];
            int conv[3];
            for (int a = 0; a < 3; a++) {
                static const csat_kmeans_algorithm alg[3] = {CSAT_KMEANS_LLOYD, CSAT_KMEANS_HAMERLY,
                                                             CSAT_KMEANS_AUTO};
                csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
                o.k = k;
                o.seed = 11 + di + ki;
                o.n_init = ki == 2 ? 2 : 1;
                o.standardize = di == 1 || ki == 3;
                o.tol = ki == 1 ? 0.0 : 1e-6;
                o.max_iter = 25; /* enough steps to compare, short under sanitizers */
                o.algorithm = alg[a];
                csat_assert_status(csat_kmeans_fit(km, X, n, d, &o, lab[a]), CSAT_OK);
                csat_assert_status(csat_kmeans_result(km, c[a], 21 * 16, &in[a], &it[a], &conv[a]), CSAT_OK);
            }
            for (int a = 1; a < 3; a++) {
                assert_memory_equal(lab[0], lab[a], n * sizeof(int));
                assert_memory_equal(c[0], c[a], k * d * sizeof(double));
                assert_memory_equal(&in[0], &in[a], sizeof(double));
                assert_int_equal(it[0], it[a]);
                assert_int_equal(conv[0], conv[a]);
            }
            assert_true(it[0] >= (k > 1 ? 3u : 1u)); /* more than one step was compared */
        }
    csat_kmeans_free(km);
    for (int a = 0; a < 3; a++)
        free(lab[a]);
    free(X);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_checkable),
        cmocka_unit_test(test_against_python_reference),
        cmocka_unit_test(test_seed_determinism_and_restarts),
        cmocka_unit_test(test_silhouette_and_elbow),
        cmocka_unit_test(test_kmeans_bad_input),
        cmocka_unit_test(test_kmeans_alloc_failure),
        cmocka_unit_test(test_extreme_scales),
        cmocka_unit_test(test_elbow_untouched_on_error),
        cmocka_unit_test(test_block_kernel_paths),
        cmocka_unit_test(test_huge_values_inertia),
        cmocka_unit_test(test_kmeans_predict),
        cmocka_unit_test(test_algorithms_bit_identical),
    };
    return cmocka_run_group_tests_name("kmeans", tests, NULL, NULL);
}
