/*
 * Pareto/NBD and BG/NBD with time-invariant covariates
 * (csat_btyd_fit_covariates, csat_btyd_cov_predict), CLVTools'
 * parametrisation (CLVTools src/bgnbd_LL.cpp, bgnbd_staticcov_LL_ind;
 * pnbd static covariates; Fader & Hardie 2007, "Incorporating
 * time-invariant covariates into the Pareto/NBD and BG/NBD models").
 *
 * References:
 *  - without covariates (p1 = p2 = 0) the fit is csat_btyd_fit's, bit for
 *    bit; with all-zero covariate rows every prediction is the plain
 *    model's at the baseline parameters (to 1e-13: the plain entry points
 *    batch customers);
 *  - covariates independent of behaviour: the log-likelihood is at least
 *    the plain one and within chi-square noise (checks that the
 *    covariate likelihood at gamma = 0 is the plain model's);
 *  - recovery: on 100,000 customers simulated with known gamma (each
 *    customer's own alpha_i, beta_i or a_i, b_i), every coefficient and
 *    baseline parameter is within 3 standard errors of the truth (the
 *    1,000,000-customer run is the benchmark btyd_cov, tests/bench);
 *  - CLVTools' published apparel estimates were not found in a form we
 *    could check (the vignette's data are not bundled): not compared.
 */
#include "csat_test.h"

#include "btyd_cov_sim.h"

#define N_SIM 100000
#define N_SMALL 5000

static double sx[N_SIM], stx[N_SIM], sT[N_SIM], sz1[2 * N_SIM], sz2[N_SIM];

static void test_no_covariates_exact(void **state)
{
    (void)state;
    for (int kind = 0; kind < 2; kind++) {
        const csat_btyd_kind k = kind ? CSAT_BTYD_PARETO_NBD : CSAT_BTYD_BGNBD;
        csat_btyd_model *a, *b;
        double pa[4], pb[4], sa[4], sb[4], la, lb;
        assert_int_equal(cov_simulate(k, 11, N_SMALL, sx, stx, sT, sz1, sz2), 0);
        assert_int_equal(csat_btyd_new(&a, NULL, k), CSAT_OK);
        assert_int_equal(csat_btyd_new(&b, NULL, k), CSAT_OK);
        csat_assert_status(csat_btyd_fit(a, sx, stx, sT, NULL, N_SMALL, NULL), CSAT_OK);
        csat_assert_status(csat_btyd_fit_covariates(b, sx, stx, sT, N_SMALL, NULL, 0, NULL, 0, NULL, NULL),
                           CSAT_OK);
        csat_assert_status(csat_btyd_get_params(a, pa, 4), CSAT_OK);
        csat_assert_status(csat_btyd_get_params(b, pb, 4), CSAT_OK);
        csat_assert_status(csat_btyd_standard_errors(a, sa, 4), CSAT_OK);
        csat_assert_status(csat_btyd_standard_errors(b, sb, 4), CSAT_OK);
        csat_assert_status(csat_btyd_log_likelihood(a, &la, NULL, NULL), CSAT_OK);
        csat_assert_status(csat_btyd_log_likelihood(b, &lb, NULL, NULL), CSAT_OK);
        assert_memory_equal(pa, pb, sizeof pa);
        assert_memory_equal(sa, sb, sizeof sa);
        assert_true(la == lb);
        csat_btyd_free(a);
        csat_btyd_free(b);
    }
}

static void test_zero_rows_equal_plain(void **state)
{
    static const double z1[2 * 4] = {0}, z2[4] = {0};
    const double x[4] = {0, 1, 4, 20}, tx[4] = {0, 3.5, 20, 30.5}, T[4] = {30, 32, 36, 38.5};
    const double gamma[3] = {0.7, -0.2, 0.5};
    (void)state;
    for (int kind = 0; kind < 2; kind++) {
        const csat_btyd_kind k = kind ? CSAT_BTYD_PARETO_NBD : CSAT_BTYD_BGNBD;
        const double *base = kind ? cov_base_pnbd : cov_base_bgnbd;
        csat_btyd_model *m, *plain;
        double a[4], b[4];
        assert_int_equal(csat_btyd_new(&m, NULL, k), CSAT_OK);
        assert_int_equal(csat_btyd_new(&plain, NULL, k), CSAT_OK);
        csat_assert_status(csat_btyd_set_params(m, base, 4), CSAT_OK);
        csat_assert_status(csat_btyd_set_params(plain, base, 4), CSAT_OK);
        csat_assert_status(csat_btyd_set_covariate_params(m, gamma, 2, 1), CSAT_OK);
        csat_assert_status(csat_btyd_cov_predict(m, CSAT_BTYD_COV_P_ALIVE, 0, x, tx, T, 4, z1, 2, z2, 1, a),
                           CSAT_OK);
        csat_assert_status(csat_btyd_p_alive(plain, x, tx, T, 4, b), CSAT_OK);
        for (int i = 0; i < 4; i++)
            csat_assert_close(a[i], b[i], 1e-13, 0);
        csat_assert_status(csat_btyd_cov_predict(m, CSAT_BTYD_COV_EXPECTED, 13, x, tx, T, 4, z1, 2, z2, 1, a),
                           CSAT_OK);
        csat_assert_status(csat_btyd_expected_purchases(plain, 13, x, tx, T, 4, b), CSAT_OK);
        for (int i = 0; i < 4; i++)
            csat_assert_close(a[i], b[i], 1e-13, 0);
        csat_assert_status(csat_btyd_cov_predict(m, CSAT_BTYD_COV_DERT, 0.0027, x, tx, T, 4, z1, 2, z2, 1, a),
                           CSAT_OK);
        csat_assert_status(csat_btyd_dert(plain, 0.0027, x, tx, T, 4, b), CSAT_OK);
        for (int i = 0; i < 4; i++)
            csat_assert_close(a[i], b[i], 1e-13, 0);
        /* a covariate that raises the purchase rate raises E[X] of a new-ish customer */
        {
            const double z1p[8] = {1, 0, 1, 0, 1, 0, 1, 0};
            double c[4];
            csat_assert_status(
                csat_btyd_cov_predict(m, CSAT_BTYD_COV_EXPECTED, 13, x, tx, T, 4, z1, 2, z2, 1, a), CSAT_OK);
            csat_assert_status(
                csat_btyd_cov_predict(m, CSAT_BTYD_COV_EXPECTED, 13, x, tx, T, 4, z1p, 2, z2, 1, c), CSAT_OK);
            assert_true(c[0] > a[0]);
        }
        csat_btyd_free(m);
        csat_btyd_free(plain);
    }
}

static void test_noise_covariates(void **state)
{
    (void)state;
    for (int kind = 0; kind < 2; kind++) {
        const csat_btyd_kind k = kind ? CSAT_BTYD_PARETO_NBD : CSAT_BTYD_BGNBD;
        csat_btyd_model *a, *b;
        double la, lb;
        csat__rng g;
        assert_int_equal(cov_simulate(k, 12, N_SMALL, sx, stx, sT, sz1, sz2), 0);
        /* replace the covariates by fresh noise: no effect on behaviour */
        csat__rng_seed(&g, 99, 1);
        for (size_t i = 0; i < 2 * N_SMALL; i++)
            sz1[i] = csat__rng_normal(&g);
        for (size_t i = 0; i < N_SMALL; i++)
            sz2[i] = csat__rng_normal(&g);
        assert_int_equal(csat_btyd_new(&a, NULL, k), CSAT_OK);
        assert_int_equal(csat_btyd_new(&b, NULL, k), CSAT_OK);
        csat_assert_status(csat_btyd_fit(a, sx, stx, sT, NULL, N_SMALL, NULL), CSAT_OK);
        csat_assert_status(csat_btyd_fit_covariates(b, sx, stx, sT, N_SMALL, sz1, 2, sz2, 1, NULL, NULL), CSAT_OK);
        csat_assert_status(csat_btyd_log_likelihood(a, &la, NULL, NULL), CSAT_OK);
        csat_assert_status(csat_btyd_log_likelihood(b, &lb, NULL, NULL), CSAT_OK);
        /* nested models: LL gain >= 0, and 2 * gain ~ chi-square(3) */
        if (!(lb >= la - 1e-6 && lb - la < 8.0)) {
            print_error("kind %d: LL plain %.10g, with covariates %.10g\n", kind, la, lb);
            fail();
        }
        csat_btyd_free(a);
        csat_btyd_free(b);
    }
}

static void test_recovery(void **state)
{
    (void)state;
    for (int kind = 0; kind < 2; kind++) {
        const csat_btyd_kind k = kind ? CSAT_BTYD_PARETO_NBD : CSAT_BTYD_BGNBD;
        const double *base = kind ? cov_base_pnbd : cov_base_bgnbd;
        csat_btyd_model *m;
        csat_fit_report rep;
        double p[4], se[4], gam[3], gse[3];
        size_t p1, p2, nf;
        assert_int_equal(cov_simulate(k, 2026, N_SIM, sx, stx, sT, sz1, sz2), 0);
        assert_int_equal(csat_btyd_new(&m, NULL, k), CSAT_OK);
        csat_assert_status(csat_btyd_fit_covariates(m, sx, stx, sT, N_SIM, sz1, 2, sz2, 1, NULL, &rep), CSAT_OK);
        assert_true(rep.converged);
        csat_assert_status(csat_btyd_get_params(m, p, 4), CSAT_OK);
        csat_assert_status(csat_btyd_standard_errors(m, se, 4), CSAT_OK);
        csat_assert_status(csat_btyd_covariate_params(m, gam, gse, 3), CSAT_OK);
        csat_assert_status(csat_btyd_covariate_dims(m, &p1, &p2, &nf), CSAT_OK);
        assert_int_equal(p1, 2);
        assert_int_equal(p2, 1);
        assert_int_equal(nf, 3);
        for (int j = 0; j < 4; j++)
            if (!(fabs(p[j] - base[j]) <= 3 * se[j])) {
                print_error("kind %d param %d: %.6g, truth %.6g, se %.3g\n", kind, j, p[j], base[j], se[j]);
                fail();
            }
        for (int j = 0; j < 3; j++)
            if (!(fabs(gam[j] - cov_gamma[j]) <= 3 * gse[j] && gse[j] < 0.1)) {
                print_error("kind %d gamma %d: %.6g, truth %.6g, se %.3g\n", kind, j, gam[j], cov_gamma[j],
                            gse[j]);
                fail();
            }
        csat_btyd_free(m);
    }
}

static void test_constraint_and_penalty(void **state)
{
    const size_t c1[1] = {0}, c2[1] = {0};
    csat_btyd_cov_options o;
    csat_btyd_model *m;
    double g0[3], g1[3], se[3];
    size_t nf;
    (void)state;
    assert_int_equal(cov_simulate(CSAT_BTYD_PARETO_NBD, 5, N_SMALL, sx, stx, sT, sz1, sz2), 0);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_PARETO_NBD), CSAT_OK);
    csat_assert_status(csat_btyd_fit_covariates(m, sx, stx, sT, N_SMALL, sz1, 2, sz2, 1, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_btyd_covariate_params(m, g0, NULL, 3), CSAT_OK);
    /* CLVTools' reg.lambdas: a strong penalty shrinks every coefficient */
    csat_assert_status(csat_btyd_cov_options_init(&o, CSAT_BTYD_COV_OPTIONS_VERSION), CSAT_OK);
    o.lambda1 = o.lambda2 = 10.0;
    csat_assert_status(csat_btyd_fit_covariates(m, sx, stx, sT, N_SMALL, sz1, 2, sz2, 1, &o, NULL), CSAT_OK);
    csat_assert_status(csat_btyd_covariate_params(m, g1, NULL, 3), CSAT_OK);
    for (int j = 0; j < 3; j++)
        assert_true(fabs(g1[j]) < 0.2 * fabs(g0[j]));
    /* names.cov.constr: one coefficient for z1[0] and z2[0] */
    csat_assert_status(csat_btyd_cov_options_init(&o, CSAT_BTYD_COV_OPTIONS_VERSION), CSAT_OK);
    o.constrain1 = c1;
    o.constrain2 = c2;
    o.n_constraints = 1;
    csat_assert_status(csat_btyd_fit_covariates(m, sx, stx, sT, N_SMALL, sz1, 2, sz2, 1, &o, NULL), CSAT_OK);
    csat_assert_status(csat_btyd_covariate_params(m, g1, se, 3), CSAT_OK);
    assert_true(g1[0] == g1[2] && se[0] == se[2]);
    csat_assert_status(csat_btyd_covariate_dims(m, NULL, NULL, &nf), CSAT_OK);
    assert_int_equal(nf, 2);
    csat_btyd_free(m);
}

static void expect_msg(csat_btyd_model *m, const char *part)
{
    if (!strstr(csat_btyd_last_error(m), part)) {
        print_error("message \"%s\" lacks \"%s\"\n", csat_btyd_last_error(m), part);
        fail();
    }
}

static void test_bad_input(void **state)
{
    csat_btyd_model *m, *bb;
    double z1[2 * N_SMALL], out[4], g[3];
    size_t c1[1] = {2}, c2[1] = {0};
    csat_btyd_cov_options o;
    (void)state;
    assert_int_equal(cov_simulate(CSAT_BTYD_BGNBD, 3, N_SMALL, sx, stx, sT, sz1, sz2), 0);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    /* before any fit */
    csat_assert_status(csat_btyd_covariate_params(m, g, NULL, 3), CSAT_EMISUSE);
    csat_assert_status(csat_btyd_cov_predict(m, CSAT_BTYD_COV_P_ALIVE, 0, sx, stx, sT, 4, sz1, 2, sz2, 1, out),
                       CSAT_EMISUSE);
    memcpy(z1, sz1, sizeof z1);
    z1[2 * 17 + 1] = NAN;
    csat_assert_status(csat_btyd_fit_covariates(m, sx, stx, sT, N_SMALL, z1, 2, sz2, 1, NULL, NULL), CSAT_EINVAL);
    expect_msg(m, "z1 row 17, column 1");
    for (size_t i = 0; i < N_SMALL; i++)
        z1[2 * i + 1] = 3.0;
    csat_assert_status(csat_btyd_fit_covariates(m, sx, stx, sT, N_SMALL, z1, 2, sz2, 1, NULL, NULL), CSAT_EINVAL);
    expect_msg(m, "z1 column 1 is constant");
    for (size_t i = 0; i < N_SMALL; i++)
        z1[2 * i + 1] = 2.0 * sz1[2 * i] - 1.0;
    csat_assert_status(csat_btyd_fit_covariates(m, sx, stx, sT, N_SMALL, z1, 2, sz2, 1, NULL, NULL), CSAT_EINVAL);
    expect_msg(m, "z1 column 1 is collinear");
    csat_assert_status(csat_btyd_fit_covariates(m, sx, stx, sT, N_SMALL, NULL, 2, sz2, 1, NULL, NULL), CSAT_EINVAL);
    csat_assert_status(csat_btyd_cov_options_init(&o, CSAT_BTYD_COV_OPTIONS_VERSION), CSAT_OK);
    o.constrain1 = c1;
    o.constrain2 = c2;
    o.n_constraints = 1;
    csat_assert_status(csat_btyd_fit_covariates(m, sx, stx, sT, N_SMALL, sz1, 2, sz2, 1, &o, NULL), CSAT_EINVAL);
    o.n_constraints = 0;
    o.lambda1 = -1;
    csat_assert_status(csat_btyd_fit_covariates(m, sx, stx, sT, N_SMALL, sz1, 2, sz2, 1, &o, NULL), CSAT_EINVAL);
    /* wrong width at prediction */
    csat_assert_status(csat_btyd_fit_covariates(m, sx, stx, sT, N_SMALL, sz1, 2, sz2, 1, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_btyd_cov_predict(m, CSAT_BTYD_COV_P_ALIVE, 0, sx, stx, sT, 4, sz1, 1, sz2, 1, out),
                       CSAT_EINVAL);
    expect_msg(m, "fitted with 2, 1");
    csat_assert_status(csat_btyd_cov_predict(m, CSAT_BTYD_COV_EXPECTED, -1, sx, stx, sT, 4, sz1, 2, sz2, 1, out),
                       CSAT_EINVAL);
    csat_assert_status(csat_btyd_covariate_params(m, g, NULL, 2), CSAT_EBUFSIZE);
    /* a huge covariate row: an individual parameter outside [1e-15, 1e15] */
    z1[0] = 1e3;
    z1[1] = 0;
    csat_assert_status(csat_btyd_cov_predict(m, CSAT_BTYD_COV_P_ALIVE, 0, sx, stx, sT, 1, z1, 2, sz2, 1, out),
                       CSAT_EDOM);
    expect_msg(m, "customer 0");
    /* stale after the parameters change */
    csat_assert_status(csat_btyd_set_params(m, cov_base_bgnbd, 4), CSAT_OK);
    csat_assert_status(csat_btyd_cov_predict(m, CSAT_BTYD_COV_P_ALIVE, 0, sx, stx, sT, 4, sz1, 2, sz2, 1, out),
                       CSAT_EMISUSE);
    expect_msg(m, "stale");
    /* other kinds */
    assert_int_equal(csat_btyd_new(&bb, NULL, CSAT_BTYD_BGBB), CSAT_OK);
    csat_assert_status(csat_btyd_fit_covariates(bb, sx, stx, sT, N_SMALL, sz1, 2, sz2, 1, NULL, NULL), CSAT_EINVAL);
    csat_btyd_free(bb);
    csat_btyd_free(m);
    csat_assert_status(csat_btyd_fit_covariates(NULL, sx, stx, sT, N_SMALL, sz1, 2, sz2, 1, NULL, NULL),
                       CSAT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_covariates_exact), cmocka_unit_test(test_zero_rows_equal_plain),
        cmocka_unit_test(test_noise_covariates),    cmocka_unit_test(test_constraint_and_penalty),
        cmocka_unit_test(test_bad_input),           cmocka_unit_test(test_recovery),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
