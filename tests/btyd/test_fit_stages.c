/*
 * Fit stages of the BTYD, spend and covariate fits (issue 18 §3: convergence
 * reports that do not mislead). Large fits start on strided subsamples; every
 * stage is reported (csat_btyd_fit_stages), the last one being the fit report.
 *
 * There is no published reference for how an optimiser's work splits into
 * stages; the checks are internal consistency: the number of stages follows
 * the documented thresholds, the warm-up stages did work (iterations > 0),
 * the last stage is the report and its log-likelihood the model's, and a
 * subsample stage's log-likelihood is that of its rows in the caller's units
 * (checked against csat_btyd_chunk_loglik on the same strided rows).
 */
#include "csat_test.h"

#include "btyd_cov_sim.h"
#include "btyd/btyd_handle.h"

#include <stdlib.h>

#define N_BIG 250000  /* > 200,000 distinct histories: the BFGS kinds' warm start */
#define N_PNBD 30000  /* > 20,000: Pareto/NBD's 5,000-row subsample, not the 50,000 one */
#define N_COV 100000  /* >= 4 x 25,000: the covariate fit's plain start on a subsample */

static double bx[N_BIG], btx[N_BIG], bT[N_BIG];

/* n customers of kind with params (continuous T in [27, 39): every history distinct). */
static void simulate(csat_btyd_kind kind, const double *params, size_t n, uint64_t seed)
{
    csat_btyd_model *m;
    for (size_t i = 0; i < n; i++)
        bT[i] = 27.0 + 12.0 * (double)((i * 7919u) % n) / (double)n;
    assert_int_equal(csat_btyd_new(&m, NULL, kind), CSAT_OK);
    assert_int_equal(csat_btyd_set_params(m, params, 4), CSAT_OK);
    assert_int_equal(csat_btyd_simulate(m, seed, bT, n, bx, btx, NULL, NULL), CSAT_OK);
    csat_btyd_free(m);
}

/* The stages of m: the last equals the report and the model's LL; returns their number. */
static size_t stages_of(const csat_btyd_model *m, csat_fit_stage *s)
{
    csat_fit_report rep;
    size_t n = 0, it = 0;
    double ll;
    assert_int_equal(csat_btyd_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_OK);
    assert_int_equal(csat_btyd_fit_report(m, &rep), CSAT_OK);
    assert_int_equal(csat_btyd_log_likelihood(m, &ll, NULL, NULL), CSAT_OK);
    assert_true(n >= 1 && n <= CSAT_FIT_MAX_STAGES);
    assert_int_equal(s[n - 1].iterations, rep.iterations);
    assert_int_equal(s[n - 1].evaluations, rep.evaluations);
    assert_int_equal(s[n - 1].converged, 1);
    assert_true(s[n - 1].log_likelihood == rep.log_likelihood && rep.log_likelihood == ll);
    for (size_t i = 0; i < n; i++) {
        assert_true(s[i].rows > 0 && s[i].evaluations > 0);
        it += s[i].iterations;
    }
    assert_true(it >= rep.iterations); /* the total counts every stage */
    return n;
}

/* The maximum log-likelihood of the subsample a fit of the n rows in bx,
 * btx, bT (unit weights, every history distinct) draws: the grouped rows,
 * then every (groups / target)-th (csat__btyd_group_rows,
 * csat__btyd_subsample; Pareto/NBD: csat__btyd_subsample_weighted), fitted on
 * their own; *rows its size, *weight its total weight. A subsample
 * stage ends at (nearly) the same optimum, so with the same log-likelihood. */
static double subsample_ll(csat_btyd_kind kind, size_t n, size_t target, size_t *rows,
                           double *weight)
{
    const csat__btyd_rows in = {bx, btx, bT, NULL, n};
    csat__btyd_rows g, sub;
    csat_allocator al;
    csat_btyd_model *m;
    double *gb, *sb, wsub, wall, ll;
    assert_int_equal(csat__allocator_resolve(&al, NULL), CSAT_OK);
    assert_int_equal(csat__btyd_group_rows(&csat__par_serial, &al, &in, &g, &gb), CSAT_OK);
    assert_int_equal(g.n, n);
    /* the Newton kinds' warm-ups keep the weights' shares (ops->newton_subs) */
    assert_int_equal(kind == CSAT_BTYD_PARETO_NBD
                         ? csat__btyd_subsample_weighted(&al, &g, target, &sub, &sb, &wsub, &wall)
                         : csat__btyd_subsample(&al, &g, target, &sub, &sb, &wsub, &wall),
                     CSAT_OK);
    assert_true(wall == (double)n); /* weights 1: the caller's scale */
    assert_int_equal(csat_btyd_new(&m, NULL, kind), CSAT_OK);
    assert_int_equal(csat_btyd_fit(m, sub.x, sub.tx, sub.T, sub.w, sub.n, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_log_likelihood(m, &ll, NULL, NULL), CSAT_OK);
    *rows = sub.n;
    *weight = wsub;
    csat_btyd_free(m);
    csat__free(&al, sb);
    csat__free(&al, gb);
    return ll;
}

/* Simulate n customers of kind, fit them, and check the two stages: a
 * warm-up on the subsample of ~target rows (that did work, and whose LL is
 * that of an independent fit of the same rows) and all n rows. */
static void check_warm_up(csat_btyd_kind kind, const double *p, size_t n, uint64_t seed, size_t target)
{
    csat_btyd_model *m;
    csat_fit_stage s[CSAT_FIT_MAX_STAGES];
    double sub_ll, sub_w;
    size_t rows;
    simulate(kind, p, n, seed);
    assert_int_equal(csat_btyd_new(&m, NULL, kind), CSAT_OK);
    assert_int_equal(csat_btyd_fit(m, bx, btx, bT, NULL, n, NULL), CSAT_OK);
    assert_int_equal(stages_of(m, s), 2);
    sub_ll = subsample_ll(kind, n, target, &rows, &sub_w);
    assert_int_equal(s[0].rows, rows);
    csat_assert_close(s[0].log_likelihood, sub_ll, 1e-7, 0);
    assert_true(s[0].iterations > 0 && s[0].evaluations > s[0].iterations);
    assert_int_equal(s[0].converged, 1);
    assert_int_equal(s[1].rows, n);
    /* the warm-up's LL is that of a sample of the n customers: per unit of
     * weight about the same (a weighted subsample's picks weigh W/target) */
    csat_assert_close(s[0].log_likelihood / sub_w, s[1].log_likelihood / (double)s[1].rows, 0.05, 0);
    csat_btyd_free(m);
}

/* BG/NBD on 250,000 customers: the 50,000-row warm-up, then all rows. The
 * report alone used to say "0 iterations, 1 evaluation" on 1,000,000. */
static void test_bgnbd_large_two_stages(void **state)
{
    static const double p[4] = {0.243, 4.41, 0.793, 2.43};
    (void)state;
    check_warm_up(CSAT_BTYD_BGNBD, p, N_BIG, 20261205, 50000);
}

/* Pareto/NBD on 30,000 customers: Newton on ~5,000 rows first. */
static void test_pnbd_subsample_stage(void **state)
{
    static const double p[4] = {0.55, 10.58, 0.61, 11.67};
    (void)state;
    check_warm_up(CSAT_BTYD_PARETO_NBD, p, N_PNBD, 7, 5000);
}

/* Small fits have one stage, equal to the report; before a fit, EMISUSE;
 * a short cap, EBUFSIZE with nothing written. */
static void test_small_one_stage(void **state)
{
    static const double p[4] = {0.243, 4.41, 0.793, 2.43};
    csat_btyd_model *m;
    csat_fit_stage s[CSAT_FIT_MAX_STAGES], t = {99, 99, 99, 99.0, 99.0, 99};
    size_t n = 77;
    (void)state;
    simulate(CSAT_BTYD_BGNBD, p, 3000, 3);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    assert_int_equal(csat_btyd_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_EMISUSE);
    assert_int_equal(n, 77);
    assert_int_equal(csat_btyd_fit(m, bx, btx, bT, NULL, 3000, NULL), CSAT_OK);
    assert_int_equal(stages_of(m, s), 1);
    assert_true(s[0].iterations > 0);
    assert_int_equal(csat_btyd_fit_stages(m, &t, 0, &n), CSAT_EBUFSIZE);
    assert_int_equal(n, 77);
    assert_int_equal(t.rows, 99);
    assert_int_equal(csat_btyd_fit_stages(m, NULL, 4, &n), CSAT_EINVAL);
    assert_int_equal(csat_btyd_fit_stages(m, s, 4, NULL), CSAT_EINVAL);
    assert_int_equal(csat_btyd_fit_stages(NULL, s, 4, &n), CSAT_EINVAL);
    /* parameters set by hand keep the last fit's stages, as its report */
    assert_int_equal(csat_btyd_set_params(m, p, 4), CSAT_OK);
    assert_int_equal(csat_btyd_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_OK);
    assert_int_equal(n, 1);
    csat_btyd_free(m);
}

static void test_spend_one_stage(void **state)
{
    static const double p[3] = {6.25, 3.74, 15.44}; /* Fader, Hardie & Lee's CDNOW estimates */
    csat_spend_model *m;
    csat_fit_stage s[CSAT_FIT_MAX_STAGES];
    csat_fit_report rep;
    size_t n = 0;
    (void)state;
    for (size_t i = 0; i < 2000; i++)
        bx[i] = 1.0 + (double)(i % 6);
    assert_int_equal(csat_spend_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_spend_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_EMISUSE);
    assert_int_equal(csat_spend_set_params(m, p, 3), CSAT_OK);
    assert_int_equal(csat_spend_simulate(m, 11, bx, 2000, btx, NULL), CSAT_OK);
    assert_int_equal(csat_spend_fit(m, bx, btx, NULL, 2000, NULL), CSAT_OK);
    assert_int_equal(csat_spend_fit_report(m, &rep), CSAT_OK);
    assert_int_equal(csat_spend_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].rows, 2000);
    assert_true(s[0].iterations > 0);
    assert_int_equal(s[0].iterations, rep.iterations);
    assert_int_equal(s[0].evaluations, rep.evaluations);
    assert_true(s[0].log_likelihood == rep.log_likelihood && s[0].converged == 1);
    csat_spend_free(m);
}

/* The covariate fit: the plain start on a 25,000-customer subsample, then
 * the fit with covariates on all; without covariates, the plain fit's. */
static void test_covariates_stages(void **state)
{
    double *z1 = malloc(2 * N_COV * sizeof *z1), *z2 = malloc(N_COV * sizeof *z2);
    csat_btyd_model *m;
    csat_fit_stage s[CSAT_FIT_MAX_STAGES];
    csat_fit_report rep;
    size_t n = 0;
    (void)state;
    assert_non_null(z1), assert_non_null(z2);
    assert_int_equal(cov_simulate(CSAT_BTYD_BGNBD, 5, N_COV, bx, btx, bT, z1, z2), 0);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    assert_int_equal(csat_btyd_fit_covariates(m, bx, btx, bT, N_COV, z1, COV_P1, z2, COV_P2, NULL, &rep),
                     CSAT_OK);
    assert_int_equal(csat_btyd_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_OK);
    assert_int_equal(n, 2);
    assert_true(s[0].rows <= 25001 && s[0].iterations > 0 && s[0].converged == 1);
    assert_int_equal(s[1].rows, N_COV);
    assert_int_equal(s[1].iterations, rep.iterations);
    assert_int_equal(s[1].evaluations, rep.evaluations);
    assert_true(s[1].log_likelihood == rep.log_likelihood);
    /* no covariates: the plain fit on all rows, its stages */
    assert_int_equal(csat_btyd_fit_covariates(m, bx, btx, bT, 5000, z1, 0, z2, 0, NULL, &rep), CSAT_OK);
    assert_int_equal(csat_btyd_fit_stages(m, s, CSAT_FIT_MAX_STAGES, &n), CSAT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].iterations, rep.iterations);
    csat_btyd_free(m);
    free(z1), free(z2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bgnbd_large_two_stages),
        cmocka_unit_test(test_pnbd_subsample_stage),
        cmocka_unit_test(test_small_one_stage),
        cmocka_unit_test(test_spend_one_stage),
        cmocka_unit_test(test_covariates_stages),
    };
    return cmocka_run_group_tests_name("fit_stages", tests, NULL, NULL);
}
