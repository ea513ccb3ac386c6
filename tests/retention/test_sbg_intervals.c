/*
 * sBG intervals (csat_sbg_intervals, issue 15 §4): delta-method bounds of
 * S(t), r(t), DEL and DERL against an independent mpmath computation
 * (tests/retention/sbg_intervals_reference.h, made by
 * tests/reference/sbg_intervals.py: Fader & Hardie 2007's regular cohort,
 * Hessian and gradients by mp.diff at 50 digits); seeded bootstraps; the
 * resampling bootstrap against the delta method; bad input.
 */
#include "csat_test.h"

#include <math.h>
#include <string.h>
#include "sbg_intervals_reference.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define NS (N_OF(sbgi_ref_surv))

/* survivors -> grouped rows (t, 1, s[t-1] - s[t]) and (T, 0, s[T]) */
static size_t rows_of(double *d, double *ch, double *cnt)
{
    size_t k = 0;
    for (size_t t = 1; t < NS; t++, k++)
        d[k] = (double)t, ch[k] = 1, cnt[k] = sbgi_ref_surv[t - 1] - sbgi_ref_surv[t];
    d[k] = NS - 1, ch[k] = 0, cnt[k] = sbgi_ref_surv[NS - 1];
    return k + 1;
}

static csat_sbg *ref_model(void)
{
    csat_sbg *m = NULL;
    csat_sbg_params p = {sbgi_ref_params[0], sbgi_ref_params[1]};
    assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_set_params(m, &p), CSAT_OK);
    return m;
}

static void test_delta_reference(void **state)
{
    (void)state;
    double d[NS], ch[NS], cnt[NS], worst = 0;
    size_t k = rows_of(d, ch, cnt);
    csat_sbg *m = ref_model();
    for (size_t i = 0; i < N_OF(sbgi_ref); i++) {
        const double *r = sbgi_ref[i];
        double e, lo, hi;
        assert_int_equal(csat_sbg_intervals(m, (csat_sbg_quantity)r[0], &r[1], 1, sbgi_ref_discount, d, ch, cnt, k,
                                            NULL, &e, &lo, &hi),
                         CSAT_OK);
        const double got[3] = {e, lo, hi};
        for (int j = 0; j < 3; j++) {
            double rel = fabs(got[j] - r[2 + j]) / r[2 + j];
            worst = fmax(worst, rel);
            if (!(rel <= 1e-11))
                fail_msg("quantity %g t %g column %d: %.17g vs %.17g", r[0], r[1], j, got[j], r[2 + j]);
        }
    }
    print_message("sBG delta bounds: worst relative difference from mpmath %.3g (measured 1.5e-13)\n", worst);
    csat_sbg_free(m);
}

static void test_bootstraps(void **state)
{
    (void)state;
    double d[NS], ch[NS], cnt[NS], t[3] = {1, 5, 12};
    double e[3], lo[3], hi[3], lo2[3], hi2[3], dl[3], dh[3];
    size_t k = rows_of(d, ch, cnt);
    csat_sbg *m = NULL;
    csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
    assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_fit_duration_counts(m, d, ch, cnt, k, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_SURVIVAL, t, 3, 0, d, ch, cnt, k, NULL, e, dl, dh), CSAT_OK);
    for (int method = CSAT_INTERVAL_PARAMETRIC; method <= CSAT_INTERVAL_RESAMPLE; method++) {
        o.method = (csat_interval_method)method;
        o.n_draws = 400;
        o.seed = 7;
        assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_SURVIVAL, t, 3, 0, d, ch, cnt, k, &o, e, lo, hi), CSAT_OK);
        assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_SURVIVAL, t, 3, 0, d, ch, cnt, k, &o, NULL, lo2, hi2),
                         CSAT_OK);
        assert_memory_equal(lo, lo2, sizeof lo);
        assert_memory_equal(hi, hi2, sizeof hi);
        for (int i = 0; i < 3; i++) {
            /* the bootstraps agree with the delta method to a fifth of its width */
            assert_true(lo[i] < e[i] && e[i] < hi[i]);
            assert_true(fabs(lo[i] - dl[i]) < 0.2 * (dh[i] - dl[i]));
            assert_true(fabs(hi[i] - dh[i]) < 0.2 * (dh[i] - dl[i]));
        }
    }
    /* DEL: t may be NULL */
    o.method = CSAT_INTERVAL_DELTA;
    assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_DEL, NULL, 1, 0.1, d, ch, cnt, k, &o, e, lo, hi), CSAT_OK);
    assert_true(lo[0] < e[0] && e[0] < hi[0]);
    csat_sbg_free(m);
}

static void test_bad_input(void **state)
{
    (void)state;
    double d[NS], ch[NS], cnt[NS], t[2] = {1, 2}, e[2] = {-7, -7}, lo[2], hi[2];
    size_t k = rows_of(d, ch, cnt);
    csat_sbg *m = ref_model(), *u = NULL;
    csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
    assert_int_equal(csat_sbg_intervals(NULL, CSAT_SBG_SURVIVAL, t, 2, 0, d, ch, cnt, k, NULL, e, lo, hi), CSAT_EINVAL);
    assert_int_equal(csat_sbg_intervals(m, (csat_sbg_quantity)9, t, 2, 0, d, ch, cnt, k, NULL, e, lo, hi), CSAT_EINVAL);
    assert_non_null(strstr(csat_sbg_last_error(m), "what"));
    assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_SURVIVAL, NULL, 2, 0, d, ch, cnt, k, NULL, e, lo, hi), CSAT_EINVAL);
    assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_SURVIVAL, t, 0, 0, d, ch, cnt, k, NULL, e, lo, hi), CSAT_EEMPTY);
    assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_SURVIVAL, t, 2, 0, d, ch, cnt, 0, NULL, e, lo, hi), CSAT_EEMPTY);
    assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_DERL, t, 2, 0, d, ch, cnt, k, NULL, e, lo, hi), CSAT_EINVAL);
    assert_non_null(strstr(csat_sbg_last_error(m), "discount"));
    assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_RETENTION, (double[]){0, 1}, 2, 0, d, ch, cnt, k, NULL, e, lo, hi),
                     CSAT_EINVAL);
    ch[0] = 2;
    assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_SURVIVAL, t, 2, 0, d, ch, cnt, k, NULL, e, lo, hi), CSAT_EINVAL);
    assert_non_null(strstr(csat_sbg_last_error(m), "churned[0]"));
    ch[0] = 1;
    cnt[1] = 0.5;
    o.method = CSAT_INTERVAL_RESAMPLE;
    assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_SURVIVAL, t, 2, 0, d, ch, cnt, k, &o, e, lo, hi), CSAT_EINVAL);
    assert_non_null(strstr(csat_sbg_last_error(m), "whole"));
    o.method = CSAT_INTERVAL_DELTA;
    o.level = 1;
    assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_SURVIVAL, t, 2, 0, d, ch, cnt, k, &o, e, lo, hi), CSAT_EINVAL);
    o.version = 99;
    assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_SURVIVAL, t, 2, 0, d, ch, cnt, k, &o, e, lo, hi), CSAT_EVERSION);
    assert_int_equal(csat_sbg_intervals(m, CSAT_SBG_SURVIVAL, t, 2, 0, d, ch, cnt, k, NULL, NULL, NULL, NULL),
                     CSAT_EINVAL);
    assert_int_equal(csat_sbg_new(&u, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_intervals(u, CSAT_SBG_SURVIVAL, t, 2, 0, d, ch, cnt, k, NULL, e, lo, hi), CSAT_EMISUSE);
    assert_true(e[0] == -7 && e[1] == -7);
    csat_sbg_free(u);
    csat_sbg_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delta_reference),
        cmocka_unit_test(test_bootstraps),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
