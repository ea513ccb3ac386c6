/*
 * The data a Cox fit keeps (issue 15, coxdata): csat_cox_options.keep_data
 * (version 2), csat_cox_data_get and csat_cox_set_data.
 *  - A model rebuilt from a fit's coefficients (csat_cox_set_fit), baseline
 *    (csat_cox_set_baseline) and data (csat_cox_data_get -> csat_cox_set_data)
 *    gives the fitted model's proportional-hazards tests (every transform),
 *    scaled Schoenfeld residuals and bootstrap bounds (parametric and
 *    resampling, survival and RMST, same seed) bit for bit, on survival's
 *    lung data (plain Efron; strata(sex) with case weights, robust; Breslow)
 *    and veteran split at 90/180 days ((start, stop] rows clustered by
 *    patient): tests/retention/cox_reference.h (R's data, exported by
 *    tests/reference/cox_coxph.R). The fitted model's values themselves are
 *    R's (test_cox_zph.c, test_cox_boot.c).
 *  - keep_data = 0: the same coefficients, no data, CSAT_EMISUSE with a
 *    message naming keep_data from the calls that need them.
 *  - A version-1 options struct, allocated at exactly its size (ASan sees
 *    any access past it), is accepted by csat_cox_options_init and
 *    csat_cox_fit and keeps the data.
 *  - csat_cox_set_data checks its input as a fit does, and against the model.
 */
#include "csat_test.h"

#include "cox_reference.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NT 4
static const double tt[NT] = {60.0, 150.0, 310.0, 500.0};

typedef struct dcase {
    const double *X, *entry, *stop, *events, *weights;
    const uint64_t *strata, *cluster;
    size_t n, p;
    csat_cox_ties ties;
    int robust;
} dcase;

static csat_cox *fit(const dcase *c, int keep)
{
    csat_cox *m = NULL;
    csat_cox_options o;
    csat_assert_status(csat_cox_options_init(&o, CSAT_COX_OPTIONS_VERSION), CSAT_OK);
    o.ties = c->ties;
    o.robust = c->robust;
    o.keep_data = keep;
    csat_assert_status(csat_cox_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_cox_fit(m, c->X, c->n, c->p, c->entry, c->stop, c->events, c->strata,
                                    c->weights, c->cluster, &o, NULL),
                       CSAT_OK);
    return m;
}

/* A model set from m's coefficients, statistics and baseline (no data). */
static csat_cox *set_by_hand(const csat_cox *m)
{
    csat_cox *c = NULL;
    csat_cox_stats st;
    csat_cox_baseline b;
    double coef[5], se[5], rse[5];
    size_t p = 0;
    csat_assert_status(csat_cox_n_coef(m, &p), CSAT_OK);
    csat_assert_status(csat_cox_coef(m, coef, se, rse, 5), CSAT_OK);
    csat_assert_status(csat_cox_stats_get(m, &st), CSAT_OK);
    csat_assert_status(csat_cox_baseline_get(m, &b), CSAT_OK);
    csat_assert_status(csat_cox_new(&c, NULL), CSAT_OK);
    csat_assert_status(csat_cox_set_fit(c, coef, se, isnan(rse[0]) ? NULL : rse, p, &st), CSAT_OK);
    csat_assert_status(csat_cox_set_baseline(c, &b), CSAT_OK);
    return c;
}

#define same_bits(a, b, bytes) same_bits_at(a, b, bytes, __LINE__)
static void same_bits_at(const void *a, const void *b, size_t bytes, int line)
{
    if ((a == NULL) != (b == NULL))
        fail_msg("line %d: one array is NULL", line);
    if (a && memcmp(a, b, bytes) != 0) {
        const unsigned char *x = a, *y = b;
        size_t i = 0;
        while (x[i] == y[i])
            i++;
        fail_msg("line %d: arrays differ from byte %zu of %zu", line, i, bytes);
    }
}

/* Every data-needing call of m and c: the same bits. */
static void same_results(csat_cox *m, csat_cox *c, const dcase *k)
{
    const size_t p = k->p;
    csat_cox_stats st;
    size_t ne, nf1 = 99, nf2 = 98;
    double *X = malloc(3 * p * sizeof *X);
    uint64_t s3[3];
    double a[2][12], r[2][5 * 300], lo[2][3 * NT], up[2][3 * NT], rl[2][3], ru[2][3];
    size_t row[2][300];
    assert_non_null(X);
    for (size_t i = 0; i < 3; i++) { /* new rows: three rows of the data */
        memcpy(X + i * p, k->X + (i * 7) * p, p * sizeof *X);
        s3[i] = k->strata ? k->strata[i * 7] : 0;
    }
    csat_assert_status(csat_cox_stats_get(m, &st), CSAT_OK);
    ne = (size_t)st.n_events;
    assert_true(ne <= 300 && p <= 5);
    for (int tr = 0; tr < 4; tr++) {
        for (int w = 0; w < 2; w++) {
            csat_cox *h = w ? c : m;
            memset(a[w], 0, sizeof a[w]);
            csat_assert_status(csat_cox_zph(h, (csat_cox_zph_transform)tr, a[w], a[w] + p + 1, p + 1),
                               CSAT_OK);
            memset(r[w], 0, sizeof r[w]);
            memset(row[w], 0, sizeof row[w]);
            csat_assert_status(csat_cox_zph_resid(h, (csat_cox_zph_transform)tr, r[w], r[w] + ne * p,
                                                  r[w] + ne * (p + 1), row[w], ne),
                               CSAT_OK);
        }
        same_bits(a[0], a[1], 2 * (p + 1) * sizeof(double));
        same_bits(r[0], r[1], ne * (p + 2) * sizeof(double));
        same_bits(row[0], row[1], ne * sizeof(size_t));
    }
    for (int meth = 0; meth < 2; meth++) {
        for (int w = 0; w < 2; w++) {
            csat_cox *h = w ? c : m;
            csat_assert_status(csat_cox_boot_survival(h, X, 3, p, k->strata ? s3 : NULL, tt, NT, 0.9,
                                                      (csat_cox_boot_method)meth, 25, 11, lo[w],
                                                      up[w], w ? &nf2 : &nf1),
                               CSAT_OK);
            csat_assert_status(csat_cox_boot_rmst(h, X, 3, p, k->strata ? s3 : NULL, 400.0, 0.9,
                                                  (csat_cox_boot_method)meth, 25, 11, rl[w], ru[w],
                                                  NULL),
                               CSAT_OK);
        }
        assert_int_equal(nf1, nf2);
        same_bits(lo[0], lo[1], sizeof lo[0]);
        same_bits(up[0], up[1], sizeof up[0]);
        same_bits(rl[0], rl[1], sizeof rl[0]);
        same_bits(ru[0], ru[1], sizeof ru[0]);
    }
    free(X);
}

static void copy_case(const dcase *k)
{
    csat_cox *m = fit(k, 1), *c = set_by_hand(m);
    csat_cox_data d, d2;
    double coef[2][5], se[2][5];
    double chisq[6];
    /* without data: EMISUSE, named */
    csat_assert_status(csat_cox_data_get(c, &d), CSAT_EMISUSE);
    csat_assert_status(csat_cox_zph(c, CSAT_COX_ZPH_KM, chisq, chisq + 3, 6), CSAT_EMISUSE);
    assert_non_null(strstr(csat_cox_last_error(c), "csat_cox_set_data"));
    /* the fit's data, in the caller's row order */
    csat_assert_status(csat_cox_data_get(m, &d), CSAT_OK);
    assert_int_equal(d.n_rows, k->n);
    assert_int_equal(d.n_cols, k->p);
    same_bits(d.X, k->X, k->n * k->p * sizeof(double));
    same_bits(d.stop, k->stop, k->n * sizeof(double));
    same_bits(d.events, k->events, k->n * sizeof(double));
    same_bits(d.entry, k->entry, k->n * sizeof(double));
    same_bits(d.weights, k->weights, k->n * sizeof(double));
    same_bits(d.strata, k->strata, k->n * sizeof(uint64_t));
    same_bits(d.cluster, k->cluster, k->n * sizeof(uint64_t));
    assert_int_equal(d.ties, k->ties);
    assert_int_equal(d.max_iter, 20);
    assert_true(d.eps == 1e-9);
    assert_true(d.X != k->X); /* a copy */
    csat_assert_status(csat_cox_coef(c, coef[0], se[0], NULL, 5), CSAT_OK);
    csat_assert_status(csat_cox_set_data(c, &d), CSAT_OK);
    assert_string_equal(csat_cox_last_error(c), "");
    csat_assert_status(csat_cox_coef(c, coef[1], se[1], NULL, 5), CSAT_OK);
    same_bits(coef[0], coef[1], k->p * sizeof(double)); /* the coefficients stay */
    same_bits(se[0], se[1], k->p * sizeof(double));
    csat_assert_status(csat_cox_data_get(c, &d2), CSAT_OK);
    assert_true(d2.X != d.X); /* copied, not shared */
    same_bits(d2.X, d.X, k->n * k->p * sizeof(double));
    same_bits(d2.cluster, d.cluster, k->n * sizeof(uint64_t));
    same_results(m, c, k);
    /* setting a handle's own data again (views into it) works */
    csat_assert_status(csat_cox_set_data(c, &d2), CSAT_OK);
    same_results(m, c, k);
    csat_cox_free(c);
    csat_cox_free(m);
}

static void test_copy_bit_identical(void **state)
{
    static uint64_t sex[LUNG_N];
    static double X2[LUNG_N * 2];
    dcase k = {lung_X, NULL, lung_time, lung_event, NULL, NULL, NULL, LUNG_N, 3, CSAT_COX_EFRON, 0};
    (void)state;
    copy_case(&k);
    k.ties = CSAT_COX_BRESLOW;
    copy_case(&k);
    for (size_t i = 0; i < LUNG_N; i++) { /* strata(sex): age and ph.ecog, weighted, robust */
        sex[i] = (uint64_t)lung_X[i * 3 + 1];
        X2[i * 2] = lung_X[i * 3];
        X2[i * 2 + 1] = lung_X[i * 3 + 2];
    }
    k.ties = CSAT_COX_EFRON;
    k.X = X2, k.p = 2, k.strata = sex, k.weights = lung_w, k.robust = 1;
    copy_case(&k);
    { /* veteran split at 90/180 days: (start, stop], clustered by patient */
        dcase v = {vsplit_X, vsplit_start, vsplit_stop, vsplit_event, NULL, NULL, vsplit_id,
                   VSPLIT_N, 4, CSAT_COX_EFRON, 1};
        copy_case(&v);
    }
}

static void expect(csat_cox *m, csat_status got, csat_status want, const char *msg)
{
    assert_int_equal(got, want);
    if (!strstr(csat_cox_last_error(m), msg))
        fail_msg("message '%s' lacks '%s'", csat_cox_last_error(m), msg);
}

static void test_keep_data_0(void **state)
{
    dcase k = {lung_X, NULL, lung_time, lung_event, NULL, NULL, NULL, LUNG_N, 3, CSAT_COX_EFRON, 0};
    csat_cox *m = fit(&k, 1), *z = fit(&k, 0);
    csat_cox_data d;
    csat_cox_options o;
    double c1[3], c2[3], s1[NT], s2[NT], lo[NT], up[NT], res[3 * 300];
    (void)state;
    csat_assert_status(csat_cox_coef(m, c1, NULL, NULL, 3), CSAT_OK);
    csat_assert_status(csat_cox_coef(z, c2, NULL, NULL, 3), CSAT_OK);
    same_bits(c1, c2, sizeof c1);
    csat_assert_status(csat_cox_predict_survival(m, lung_X, 1, 3, NULL, tt, NT, 0.95,
                                                 CSAT_COX_CONF_LOG, s1, NULL, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_cox_predict_survival(z, lung_X, 1, 3, NULL, tt, NT, 0.95,
                                                 CSAT_COX_CONF_LOG, s2, NULL, NULL, NULL), CSAT_OK);
    same_bits(s1, s2, sizeof s1);
    csat_assert_status(csat_cox_data_get(z, &d), CSAT_EMISUSE);
    expect(z, csat_cox_zph(z, CSAT_COX_ZPH_KM, c2, s2, 4), CSAT_EMISUSE, "keep_data = 0");
    expect(z, csat_cox_zph_resid(z, CSAT_COX_ZPH_KM, res, NULL, NULL, NULL, 300), CSAT_EMISUSE,
           "csat_cox_zph_resid: the fit was made with keep_data = 0");
    expect(z, csat_cox_boot_survival(z, lung_X, 1, 3, NULL, tt, NT, 0.9, CSAT_COX_BOOT_PARAMETRIC,
                                     10, 1, lo, up, NULL),
           CSAT_EMISUSE, "csat_cox_boot_survival: the fit was made with keep_data = 0");
    expect(z, csat_cox_boot_rmst(z, lung_X, 1, 3, NULL, 300.0, 0.9, CSAT_COX_BOOT_RESAMPLE, 10, 1,
                                 lo, up, NULL),
           CSAT_EMISUSE, "keep_data = 0");
    /* the data given back: the fit's results again */
    csat_assert_status(csat_cox_data_get(m, &d), CSAT_OK);
    csat_assert_status(csat_cox_set_data(z, &d), CSAT_OK);
    same_results(m, z, &k);
    /* a refit with keep_data = 0 drops the previous fit's data */
    csat_assert_status(csat_cox_options_init(&o, 2), CSAT_OK);
    assert_int_equal(o.keep_data, 1);
    o.keep_data = 0;
    csat_assert_status(csat_cox_fit(m, lung_X, LUNG_N, 3, NULL, lung_time, lung_event, NULL, NULL,
                                    NULL, &o, NULL), CSAT_OK);
    csat_assert_status(csat_cox_data_get(m, &d), CSAT_EMISUSE);
    expect(m, csat_cox_zph(m, CSAT_COX_ZPH_KM, c2, s2, 4), CSAT_EMISUSE, "keep_data = 0");
    /* keep_data other than 0 or 1; the failed fit keeps the fit before */
    o.keep_data = 2;
    expect(m, csat_cox_fit(m, lung_X, LUNG_N, 3, NULL, lung_time, lung_event, NULL, NULL, NULL, &o,
                           NULL), CSAT_EINVAL, "opts->keep_data = 2");
    csat_assert_status(csat_cox_coef(m, c2, NULL, NULL, 3), CSAT_OK);
    same_bits(c1, c2, sizeof c1);
    csat_cox_free(m);
    csat_cox_free(z);
}

/* csat_cox_options as version 1 had it */
typedef struct cox_options_v1 {
    unsigned int version;
    csat_cox_ties ties;
    int robust;
    size_t max_iter;
    double eps;
} cox_options_v1;

static void test_version_1_options(void **state)
{
    cox_options_v1 *v1 = malloc(sizeof *v1); /* exactly a v1 struct: ASan sees any access past it */
    csat_cox *m = NULL;
    csat_cox_data d;
    csat_cox_options o;
    double c1[3], c2[3], chisq[4], pv[4];
    (void)state;
    assert_non_null(v1);
    assert_int_equal(sizeof *v1, offsetof(csat_cox_options, keep_data)); /* the layout of version 1 */
    csat_assert_status(csat_cox_options_init((csat_cox_options *)(void *)v1, 1), CSAT_OK);
    assert_int_equal(v1->version, 1);
    assert_int_equal(v1->max_iter, 20);
    v1->ties = CSAT_COX_BRESLOW;
    csat_assert_status(csat_cox_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_cox_fit(m, lung_X, LUNG_N, 3, NULL, lung_time, lung_event, NULL, NULL,
                                    NULL, (const csat_cox_options *)(void *)v1, NULL),
                       CSAT_OK);
    csat_assert_status(csat_cox_coef(m, c1, NULL, NULL, 3), CSAT_OK);
    csat_assert_status(csat_cox_data_get(m, &d), CSAT_OK); /* version 1 keeps the data */
    assert_int_equal(d.ties, CSAT_COX_BRESLOW);
    csat_assert_status(csat_cox_zph(m, CSAT_COX_ZPH_KM, chisq, pv, 4), CSAT_OK);
    /* the same fit from a version-2 struct */
    csat_assert_status(csat_cox_options_init(&o, CSAT_COX_OPTIONS_VERSION), CSAT_OK);
    o.ties = CSAT_COX_BRESLOW;
    csat_assert_status(csat_cox_fit(m, lung_X, LUNG_N, 3, NULL, lung_time, lung_event, NULL, NULL,
                                    NULL, &o, NULL), CSAT_OK);
    csat_assert_status(csat_cox_coef(m, c2, NULL, NULL, 3), CSAT_OK);
    same_bits(c1, c2, sizeof c1);
    csat_assert_status(csat_cox_options_init(&o, 3), CSAT_EVERSION);
    csat_assert_status(csat_cox_options_init(&o, 0), CSAT_EVERSION);
    free(v1);
    csat_cox_free(m);
}

static void test_set_data_bad_input(void **state)
{
    dcase k = {lung_X, NULL, lung_time, lung_event, NULL, NULL, NULL, LUNG_N, 3, CSAT_COX_EFRON, 0};
    csat_cox *m = fit(&k, 1), *c = set_by_hand(m), *e = NULL;
    csat_cox_data d, b;
    double *X = malloc(LUNG_N * 3 * sizeof *X), ev[LUNG_N], w[LUNG_N], en[LUNG_N], a0[8], a1[8];
    uint64_t s[LUNG_N];
    (void)state;
    assert_non_null(X);
    csat_assert_status(csat_cox_data_get(m, &d), CSAT_OK);
    csat_assert_status(csat_cox_data_get(NULL, &d), CSAT_EINVAL);
    csat_assert_status(csat_cox_data_get(m, NULL), CSAT_EINVAL);
    csat_assert_status(csat_cox_set_data(NULL, &d), CSAT_EINVAL);
    expect(c, csat_cox_set_data(c, NULL), CSAT_EINVAL, "d is NULL");
    csat_assert_status(csat_cox_new(&e, NULL), CSAT_OK);
    expect(e, csat_cox_set_data(e, &d), CSAT_EMISUSE, "no coefficients yet");
    csat_assert_status(csat_cox_data_get(e, &b), CSAT_EMISUSE);
    csat_cox_free(e);
    csat_assert_status(csat_cox_set_data(c, &d), CSAT_OK); /* valid data on c, kept on errors */
    csat_assert_status(csat_cox_zph(c, CSAT_COX_ZPH_KM, a0, a0 + 4, 4), CSAT_OK);
#define BAD(field, value, st, msg) \
    do {                           \
        b = d;                     \
        b.field = value;           \
        expect(c, csat_cox_set_data(c, &b), st, msg); \
    } while (0)
    BAD(n_cols, 2, CSAT_EINVAL, "d->n_cols = 2 but the model has n_coef = 3");
    BAD(n_rows, 0, CSAT_EEMPTY, "n_rows = 0");
    BAD(n_rows, SIZE_MAX / 8, CSAT_EINVAL, "overflows the address space");
    BAD(n_rows, LUNG_N - 1, CSAT_EINVAL, "the data have 226 rows but the model's stats say n = 227");
    BAD(X, NULL, CSAT_EINVAL, "d->X is NULL");
    BAD(stop, NULL, CSAT_EINVAL, "d->stop is NULL");
    BAD(events, NULL, CSAT_EINVAL, "d->events is NULL");
    BAD(ties, (csat_cox_ties)5, CSAT_EINVAL, "d->ties = 5");
    BAD(max_iter, 0, CSAT_EINVAL, "max_iter = 0");
    BAD(eps, 0.5, CSAT_EINVAL, "eps = 0.5");
    memcpy(X, lung_X, LUNG_N * 3 * sizeof *X);
    X[5 * 3 + 2] = NAN;
    BAD(X, X, CSAT_EINVAL, "X[5][2] (row 5, column 2) = nan");
    X[5 * 3 + 2] = lung_X[5 * 3 + 2];
    for (size_t i = 0; i < LUNG_N; i++)
        X[i * 3 + 1] = 1.0;
    BAD(X, X, CSAT_EDOM, "column 1 of X is constant");
    memcpy(ev, lung_event, sizeof ev);
    ev[3] = 0.5;
    BAD(events, ev, CSAT_EINVAL, "events[3] = 0.5 is not 0 or 1");
    ev[3] = 1.0 - lung_event[3]; /* one event more or less: not this fit's data */
    BAD(events, ev, CSAT_EINVAL, "not the data of this fit");
    for (size_t i = 0; i < LUNG_N; i++)
        w[i] = i == 7 ? 0.0 : 1.0, en[i] = i == 9 ? lung_time[9] : 0.0;
    BAD(weights, w, CSAT_EINVAL, "weights[7] = 0 is not finite and > 0");
    BAD(entry, en, CSAT_EINVAL, "entry[9]");
    for (size_t i = 0; i < LUNG_N; i++) /* stratum 9: the censored rows 0..; none has an event */
        s[i] = lung_event[i] == 0.0 && i < 40 ? 9 : 1;
    BAD(strata, s, CSAT_EINVAL, "d->strata is given but the model's baseline has no strata");
    csat_assert_status(csat_cox_zph(c, CSAT_COX_ZPH_KM, a1, a1 + 4, 4), CSAT_OK);
    same_bits(a0, a1, sizeof a0); /* the data of before stay */
    csat_cox_free(c);
    /* a stratum without events (a model without a baseline, so strata may be given) */
    {
        csat_cox_stats st;
        double coef[3], se[3];
        csat_assert_status(csat_cox_coef(m, coef, se, NULL, 3), CSAT_OK);
        csat_assert_status(csat_cox_stats_get(m, &st), CSAT_OK);
        csat_assert_status(csat_cox_new(&c, NULL), CSAT_OK);
        csat_assert_status(csat_cox_set_fit(c, coef, se, NULL, 3, &st), CSAT_OK);
        BAD(strata, s, CSAT_EDOM, "stratum 9 has no events");
        for (size_t i = 0; i < LUNG_N; i++)
            s[i] = i % 3;
        b = d;
        b.strata = s;
        csat_assert_status(csat_cox_set_data(c, &b), CSAT_OK);
        csat_cox_free(c);
    }
#undef BAD
    free(X);
    csat_cox_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_bit_identical),
        cmocka_unit_test(test_keep_data_0),
        cmocka_unit_test(test_version_1_options),
        cmocka_unit_test(test_set_data_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
