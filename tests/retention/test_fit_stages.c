/*
 * Fit stages of the retention models (issue 18 §3: convergence reports that
 * do not mislead). Logistic regression on 200,000 rows or more runs Newton on
 * every (n / 50,000)-th row first; sBG and Cox fit in one stage.
 *
 * No published reference gives an optimiser's stages; the checks are
 * internal: the number of stages, work done by the warm-up, the last stage
 * equal to the report, and the warm-up's log-likelihood equal to that of an
 * independent fit of the same strided rows (the maximum of their likelihood).
 */
#include "csat_test.h"

#include <stdlib.h>

#define N_LR 200000 /* the smallest n with the subsample stage */

static double X[2 * N_LR], Y[N_LR];

/* Rows of a logistic model with intercept 0.3 and slopes 0.8, -0.5 (x
 * uniform on [-2, 2]); a fixed linear congruential generator. */
static void make_rows(void)
{
    uint64_t s = 20261205;
    for (size_t i = 0; i < N_LR; i++) {
        double u[3], eta;
        for (int k = 0; k < 3; k++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            u[k] = (double)(s >> 11) / 9007199254740992.0;
        }
        X[2 * i] = 4.0 * u[0] - 2.0;
        X[2 * i + 1] = 4.0 * u[1] - 2.0;
        eta = 0.3 + 0.8 * X[2 * i] - 0.5 * X[2 * i + 1];
        Y[i] = u[2] < 1.0 / (1.0 + exp(-eta)) ? 1.0 : 0.0;
    }
}

/* One stage of `rows` rows that is the report. */
static void assert_one_stage(const csat_fit_stage *s, size_t n, const csat_fit_report *rep, size_t rows)
{
    assert_int_equal(n, 1);
    assert_int_equal(s[0].rows, rows);
    assert_int_equal(s[0].iterations, rep->iterations);
    assert_int_equal(s[0].evaluations, rep->evaluations);
    assert_true(s[0].log_likelihood == rep->log_likelihood && s[0].grad_norm == rep->grad_norm);
    assert_int_equal(s[0].converged, rep->converged);
}

static void test_logistic_two_stages(void **state)
{
    const size_t stride = N_LR / 50000, rows = (N_LR + stride - 1) / stride;
    csat_logistic *m, *sub;
    csat_fit_stage s[CSAT_FIT_MAX_STAGES];
    csat_fit_report rep, srep;
    double *sx = malloc(2 * rows * sizeof *sx), *sy = malloc(rows * sizeof *sy), ll;
    size_t n = 0;
    (void)state;
    assert_non_null(sx), assert_non_null(sy);
    make_rows();
    assert_int_equal(csat_logistic_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_EMISUSE);
    assert_int_equal(csat_logistic_fit(m, X, N_LR, 2, Y, NULL, &rep), CSAT_OK);
    assert_int_equal(csat_logistic_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_OK);
    assert_int_equal(n, 2);
    /* the warm-up: every 4th row, Newton to a loose tolerance */
    assert_int_equal(s[0].rows, rows);
    assert_true(s[0].iterations > 0 && s[0].evaluations > s[0].iterations);
    assert_int_equal(s[0].converged, 1);
    /* the last stage is the report: all rows */
    assert_int_equal(s[1].rows, N_LR);
    assert_int_equal(s[1].iterations, rep.iterations);
    assert_int_equal(s[1].evaluations, rep.evaluations);
    assert_true(s[1].log_likelihood == rep.log_likelihood && s[1].converged == 1);
    assert_int_equal(csat_logistic_log_likelihood(m, &ll, NULL), CSAT_OK);
    assert_true(ll == rep.log_likelihood);
    /* the warm-up's LL: the maximum over the strided rows, fitted on their own */
    for (size_t i = 0, k = 0; i < N_LR; i += stride, k++) {
        sx[2 * k] = X[2 * i], sx[2 * k + 1] = X[2 * i + 1];
        sy[k] = Y[i];
    }
    assert_int_equal(csat_logistic_new(&sub, NULL), CSAT_OK);
    assert_int_equal(csat_logistic_fit(sub, sx, rows, 2, sy, NULL, &srep), CSAT_OK);
    csat_assert_close(s[0].log_likelihood, srep.log_likelihood, 1e-7, 0);
    /* and the small fit has one stage, its report */
    assert_int_equal(csat_logistic_fit_stages(sub, s, CSAT_FIT_MAX_STAGES, &n), CSAT_OK);
    assert_one_stage(s, n, &srep, rows);
    assert_int_equal(csat_logistic_fit_stages(sub, s, 0, &n), CSAT_EBUFSIZE);
    assert_int_equal(csat_logistic_fit_stages(NULL, s, 4, &n), CSAT_EINVAL);
    csat_logistic_free(sub);
    csat_logistic_free(m);
    free(sx), free(sy);
}

static void test_sbg_one_stage(void **state)
{
    /* Fader & Hardie (2007), "How to project customer retention", regular cohort */
    static const double surv[8] = {1000, 631, 468, 382, 326, 289, 262, 241};
    csat_sbg *m;
    csat_fit_stage s[CSAT_FIT_MAX_STAGES];
    csat_fit_report rep;
    size_t n = 0;
    (void)state;
    assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_EMISUSE);
    assert_int_equal(csat_sbg_fit_survivors(m, surv, 8, &rep), CSAT_OK);
    assert_int_equal(csat_sbg_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_OK);
    assert_one_stage(s, n, &rep, 7); /* the periods observed */
    assert_true(s[0].iterations > 0);
    csat_sbg_free(m);
}

static void test_cox_one_stage(void **state)
{
    static const double x[8] = {0, 1, 0, 1, 1, 0, 1, 0}, t[8] = {5, 3, 9, 2, 4, 8, 6, 7},
                        e[8] = {1, 1, 0, 1, 1, 1, 0, 1};
    csat_cox *m;
    csat_fit_stage s[CSAT_FIT_MAX_STAGES];
    csat_fit_report rep;
    size_t n = 0;
    (void)state;
    assert_int_equal(csat_cox_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_cox_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_EMISUSE);
    assert_int_equal(csat_cox_fit(m, x, 8, 1, NULL, t, e, NULL, NULL, NULL, NULL, &rep), CSAT_OK);
    assert_int_equal(csat_cox_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_OK);
    assert_one_stage(s, n, &rep, 8);
    csat_cox_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logistic_two_stages),
        cmocka_unit_test(test_sbg_one_stage),
        cmocka_unit_test(test_cox_one_stage),
    };
    return cmocka_run_group_tests_name("retention_fit_stages", tests, NULL, NULL);
}
