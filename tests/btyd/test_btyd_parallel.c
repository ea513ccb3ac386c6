/*
 * BTYD, spend and sBG on threads (issue 18): fits, every prediction and
 * CLV give the same bits under every setting of csat_test_par_configs()
 * (1, 2, 3, 8 threads, a reverse-order executor, a failing executor) as
 * the serial run. ~20,000 simulated customers: several blocks of rows.
 */
#include "csat_test.h"
#include "parallel_util.h"

#include "btyd/btyd_cov.h"
#include "btyd/btyd_handle.h"

#include "btyd_cov_sim.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 20000
#define NV 64                  /* horizons and counts of the value functions */
#define OUT_MAX (12 * N + 512) /* doubles one run writes */

/* One run's results, appended in a fixed order. */
typedef struct results {
    double v[OUT_MAX];
    size_t n;
} results;

static void put(results *r, const double *v, size_t n)
{
    assert_true(r->n + n <= OUT_MAX);
    memcpy(r->v + r->n, v, n * sizeof *v);
    r->n += n;
}

static void put1(results *r, double v) { put(r, &v, 1); }

static void put_report(results *r, const csat_fit_report *rep)
{
    put1(r, (double)rep->iterations);
    put1(r, (double)rep->evaluations);
    put1(r, rep->log_likelihood);
    put1(r, rep->grad_norm);
    put1(r, (double)rep->converged);
}

/* memcmp of every run's results against the serial one's, naming the first difference. */
static void check_same(results *const *res, const char *const *names, const char *what)
{
    for (int c = 1; c < CSAT_TEST_N_PAR; c++) {
        assert_int_equal(res[c]->n, res[0]->n);
        if (memcmp(res[c]->v, res[0]->v, res[0]->n * sizeof(double)) != 0) {
            size_t i = 0;
            while (memcmp(&res[c]->v[i], &res[0]->v[i], sizeof(double)) == 0)
                i++;
            print_error("%s, %s: result %zu is %.17g, serial %.17g\n", what, names[c], i, res[c]->v[i],
                        res[0]->v[i]);
            fail();
        }
    }
}

static results *new_results(void)
{
    results *r = malloc(sizeof *r);
    assert_non_null(r);
    r->n = 0;
    return r;
}

static double xs[N], txs[N], Ts[N], mvs[N], out[N];

/* N customers of the kind, simulated from p. */
static void simulate(csat_btyd_kind kind, const double *p, size_t np, size_t n)
{
    csat_btyd_model *m;
    for (size_t i = 0; i < n; i++)
        Ts[i] = kind == CSAT_BTYD_BGBB ? (double)(6 + i % 7)
                                       : 20.0 + 40.0 * (double)((i * 7919u) % 20000u) / 20000.0;
    assert_int_equal(csat_btyd_new(&m, NULL, kind), CSAT_OK);
    assert_int_equal(csat_btyd_set_params(m, p, np), CSAT_OK);
    assert_int_equal(csat_btyd_simulate(m, 11, Ts, n, xs, txs, NULL, NULL), CSAT_OK);
    csat_btyd_free(m);
}

/* Every prediction of a model with parameters (fitted or set) into r. */
static void predictions(csat_btyd_model *m, csat_btyd_kind kind, size_t n, results *r)
{
    double t[NV], k[NV], v[NV];
    const double h = kind == CSAT_BTYD_BGBB ? 5.0 : 26.0;
    for (int i = 0; i < NV; i++) {
        t[i] = kind == CSAT_BTYD_BGBB ? (double)i : 0.75 * i;
        k[i] = (double)i;
    }
    assert_int_equal(csat_btyd_p_alive(m, xs, txs, Ts, n, out), CSAT_OK);
    put(r, out, n);
    assert_int_equal(csat_btyd_expected_purchases(m, h, xs, txs, Ts, n, out), CSAT_OK);
    put(r, out, n);
    assert_int_equal(csat_btyd_dert(m, kind == CSAT_BTYD_BGBB ? 0.1 : 0.01, xs, txs, Ts, n, out), CSAT_OK);
    put(r, out, n);
    assert_int_equal(csat_btyd_prob_purchases_cond(m, h, 1.0, xs, txs, Ts, n, out), CSAT_OK);
    put(r, out, n);
    assert_int_equal(csat_btyd_expected_purchases_new(m, t, NV, v), CSAT_OK);
    put(r, v, NV);
    assert_int_equal(csat_btyd_prob_purchases(m, h, k, NV, v), CSAT_OK);
    put(r, v, NV);
    if (kind == CSAT_BTYD_BGNBD || kind == CSAT_BTYD_MBGNBD) {
        /* BG/NBD's tables shared by the blocks (exptables): z from 0.7 to 0.87
         * (short series, long path and the kernel) and long horizons */
        static const double lh[2] = {150.0, 500.0};
        for (int i = 0; i < 2; i++) {
            assert_int_equal(csat_btyd_expected_purchases(m, lh[i], xs, txs, Ts, n, out), CSAT_OK);
            put(r, out, n);
        }
    }
}

/* Spend fit, expected spend and CLV with the purchase model m; the spend
 * model runs under the same settings. */
static void spend_and_clv(csat_btyd_model *m, const csat_parallel_options *cfg, size_t n, results *r)
{
    csat_spend_model *sp;
    csat_spend_model *gen;
    static const double gp[3] = {6.25, 3.74, 15.44}; /* CDNOW's Gamma-Gamma */
    csat_fit_report rep;
    csat_btyd_options so = CSAT_BTYD_OPTIONS_INIT;
    csat_clv_options co = CSAT_CLV_OPTIONS_INIT;
    double p[3], se[3], ll, eq;
    assert_int_equal(csat_spend_new(&gen, NULL), CSAT_OK);
    assert_int_equal(csat_spend_set_params(gen, gp, 3), CSAT_OK);
    assert_int_equal(csat_spend_simulate(gen, 5, xs, n, mvs, NULL), CSAT_OK);
    csat_spend_free(gen);
    so.standard_errors = 1;
    assert_int_equal(csat_spend_new(&sp, NULL), CSAT_OK);
    assert_int_equal(csat_spend_set_parallel(sp, cfg), CSAT_OK);
    assert_int_equal(csat_spend_fit(sp, xs, mvs, NULL, n, &so), CSAT_OK);
    assert_int_equal(csat_spend_get_params(sp, p, 3), CSAT_OK);
    assert_int_equal(csat_spend_standard_errors(sp, se, 3), CSAT_OK);
    assert_int_equal(csat_spend_log_likelihood(sp, &ll, NULL, NULL), CSAT_OK);
    assert_int_equal(csat_spend_fit_report(sp, &rep), CSAT_OK);
    put(r, p, 3);
    put(r, se, 3);
    put1(r, ll);
    put_report(r, &rep);
    assert_int_equal(csat_spend_expected(sp, xs, mvs, n, out), CSAT_OK);
    put(r, out, n);
    co.n_steps = 12;
    co.step = 4.0;
    co.discount_rate = 0.01;
    assert_int_equal(csat_clv(m, sp, xs, txs, Ts, mvs, n, &co, out, &eq), CSAT_OK);
    put(r, out, n);
    put1(r, eq);
    csat_spend_free(sp);
}

/* Fit (with standard errors), predictions and (continuous kinds) spend
 * and CLV under cfg. max_iter 0: the default. */
static void run_kind(csat_btyd_kind kind, const double *truth, size_t np, const csat_parallel_options *cfg,
                     size_t n_fit, size_t max_iter, results *r)
{
    csat_btyd_model *m;
    csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
    csat_fit_report rep;
    double p[CSAT_BTYD_N_PARAMS], se[CSAT_BTYD_N_PARAMS], ll;
    csat_status st;
    o.standard_errors = 1;
    if (max_iter)
        o.max_iter = max_iter;
    assert_int_equal(csat_btyd_new(&m, NULL, kind), CSAT_OK);
    assert_int_equal(csat_btyd_set_parallel(m, cfg), CSAT_OK);
    st = csat_btyd_fit(m, xs, txs, Ts, NULL, n_fit, &o);
    put1(r, (double)st);
    assert_int_equal(csat_btyd_fit_report(m, &rep), CSAT_OK);
    put_report(r, &rep);
    if (st == CSAT_OK) {
        assert_int_equal(csat_btyd_get_params(m, p, np), CSAT_OK);
        assert_int_equal(csat_btyd_standard_errors(m, se, np), CSAT_OK);
        assert_int_equal(csat_btyd_log_likelihood(m, &ll, NULL, NULL), CSAT_OK);
        put(r, p, np);
        put(r, se, np);
        put1(r, ll);
    } else {
        /* a capped fit: the predictions at where the data came from */
        assert_int_equal(st, CSAT_ENOCONV);
        assert_int_equal(csat_btyd_set_params(m, truth, np), CSAT_OK);
    }
    predictions(m, kind, n_fit, r);
    if (kind != CSAT_BTYD_BGBB && kind != CSAT_BTYD_GGOMNBD) /* (GGom/NBD: slow, and the same code) */
        spend_and_clv(m, cfg, n_fit, r);
    csat_btyd_free(m);
}

static void check_kind(csat_btyd_kind kind, const double *truth, size_t np, size_t n_fit, size_t max_iter,
                       const char *what)
{
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    results *res[CSAT_TEST_N_PAR];
    csat_test_par_configs(cfg, names);
    simulate(kind, truth, np, n_fit);
    for (int c = 0; c < CSAT_TEST_N_PAR; c++) {
        res[c] = new_results();
        run_kind(kind, truth, np, &cfg[c], n_fit, max_iter, res[c]);
    }
    check_same(res, names, what);
    for (int c = 0; c < CSAT_TEST_N_PAR; c++)
        free(res[c]);
}

static void test_bgnbd(void **state)
{
    static const double p[4] = {0.243, 4.41, 0.793, 2.43}; /* CDNOW */
    (void)state;
    check_kind(CSAT_BTYD_BGNBD, p, 4, N, 0, "BG/NBD");
}

static void test_mbgnbd(void **state)
{
    static const double p[4] = {0.243, 4.41, 0.793, 2.43};
    (void)state;
    check_kind(CSAT_BTYD_MBGNBD, p, 4, N, 0, "MBG/NBD");
}

static void test_pnbd(void **state)
{
    static const double p[4] = {0.55, 10.58, 0.61, 11.67}; /* CDNOW */
    (void)state;
    check_kind(CSAT_BTYD_PARETO_NBD, p, 4, N, 0, "Pareto/NBD");
}

static void test_bgbb(void **state)
{
    static const double p[4] = {1.20, 0.75, 0.66, 2.78}; /* Fader, Hardie & Shang 2010 */
    (void)state;
    check_kind(CSAT_BTYD_BGBB, p, 4, N, 0, "BG/BB");
}

/* GGom/NBD's likelihood and predictions are slow (quadrature): 8,500
 * customers (3 blocks), a fit capped at 1 iteration, which still
 * evaluates the blocked likelihood several times, and no CLV. */
static void test_ggom(void **state)
{
    static const double p[5] = {0.8, 5, 0.05, 1.5, 3};
    (void)state;
    check_kind(CSAT_BTYD_GGOMNBD, p, 5, 8500, 1, "GGom/NBD");
}

/* The blocked sum itself, against one call on all rows: the same to
 * rounding, and the same bits at every setting (gradient and Hessian). */
static void test_blocked_loglik(void **state)
{
    static const double p[4] = {0.55, 10.58, 0.61, 11.67};
    const csat__btyd_kind_ops *ops = csat__btyd_ops(CSAT_BTYD_PARETO_NBD);
    const csat__btyd_rows rows = {xs, txs, Ts, NULL, N};
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    results *res[CSAT_TEST_N_PAR];
    double g1[4], h1[16], l1;
    (void)state;
    csat_test_par_configs(cfg, names);
    simulate(CSAT_BTYD_PARETO_NBD, p, 4, N);
    l1 = ops->loglik_hess(p, &rows, g1, h1);
    for (int c = 0; c < CSAT_TEST_N_PAR; c++) {
        csat__par par;
        double g[4], h[16], l, l0;
        assert_int_equal(csat__par_resolve(&par, &cfg[c], NULL), CSAT_OK);
        res[c] = new_results();
        l0 = csat__btyd_loglik(&par, ops, p, &rows, NULL, NULL);
        l = csat__btyd_loglik(&par, ops, p, &rows, g, h);
        assert_true(fabs(l - l1) <= 1e-12 * fabs(l1));
        for (int i = 0; i < 4; i++)
            assert_true(fabs(g[i] - g1[i]) <= 1e-9 * (fabs(g1[i]) + 1.0));
        put1(res[c], l0);
        put1(res[c], l);
        put(res[c], g, 4);
        put(res[c], h, 16);
    }
    check_same(res, names, "blocked Pareto/NBD log-likelihood");
    for (int c = 0; c < CSAT_TEST_N_PAR; c++)
        free(res[c]);
}

/* Bootstrap intervals: each draw's refit and predictions run on the
 * model's threads (the draws in order). BG/NBD on 6,000 customers (2
 * blocks): the parametric bootstrap of E[X(26)] (30 draws) and the
 * customer-resampling one of P(alive) (4 refits). */
static void test_intervals(void **state)
{
    static const double p[4] = {0.243, 4.41, 0.793, 2.43};
    enum { NI = 6000 };
    static double est[NI], lo[NI], hi[NI];
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    results *res[CSAT_TEST_N_PAR];
    (void)state;
    csat_test_par_configs(cfg, names);
    simulate(CSAT_BTYD_BGNBD, p, 4, NI);
    for (int c = 0; c < CSAT_TEST_N_PAR; c++) {
        csat_btyd_model *m;
        csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
        double tot[3];
        res[c] = new_results();
        assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
        assert_int_equal(csat_btyd_set_parallel(m, &cfg[c]), CSAT_OK);
        assert_int_equal(csat_btyd_fit(m, xs, txs, Ts, NULL, NI, NULL), CSAT_OK);
        for (int k = 0; k < 2; k++) {
            o.method = k ? CSAT_INTERVAL_RESAMPLE : CSAT_INTERVAL_PARAMETRIC;
            o.n_draws = k ? 4 : 30;
            assert_int_equal(csat_btyd_intervals(m, k ? CSAT_PREDICT_P_ALIVE : CSAT_PREDICT_EXPECTED_PURCHASES,
                                                 26.0, xs, txs, Ts, NULL, NI, &o, est, lo, hi, tot),
                             CSAT_OK);
            put(res[c], est, NI);
            put(res[c], lo, NI);
            put(res[c], hi, NI);
            put(res[c], tot, 3);
        }
        csat_btyd_free(m);
    }
    check_same(res, names, "bootstrap intervals");
    for (int c = 0; c < CSAT_TEST_N_PAR; c++)
        free(res[c]);
}

/* Grouping of identical rows: large inputs go through fixed hash buckets
 * (btyd_rows.c). 70,000 rows (over the 65,536 where the buckets start) from
 * a few hundred keys, some of weight 0: every key with weight once, with
 * the weights summed in row order (as a plain loop sums them), none of
 * weight 0 only, and the same bits at every setting. */
static void test_group_rows(void **state)
{
    enum { NG = 70000 };
    static double gx[NG], gtx[NG], gT[NG], gw[NG];
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    results *res[CSAT_TEST_N_PAR];
    const csat__btyd_rows in = {gx, gtx, gT, gw, NG};
    const csat_allocator *al = NULL;
    csat_allocator lib;
    (void)state;
    assert_int_equal(csat__allocator_resolve(&lib, al), CSAT_OK);
    for (size_t i = 0; i < NG; i++) {
        const size_t k = (i * 2654435761u) % 1000u;
        gx[i] = (double)(k % 10);
        gtx[i] = gx[i] > 0 ? (double)(k / 10 % 5) + 0.5 : 0.0;
        gT[i] = 30.0 + (double)(k / 50 % 4);
        gw[i] = i % 7 == 0 ? 0.0 : i % 3 == 0 ? 2.5 : 1.0;
    }
    csat_test_par_configs(cfg, names);
    for (int c = 0; c < CSAT_TEST_N_PAR; c++) {
        csat__par par;
        csat__btyd_rows g;
        double *buf;
        assert_int_equal(csat__par_resolve(&par, &cfg[c], NULL), CSAT_OK);
        assert_int_equal(csat__btyd_group_rows(&par, &lib, &in, &g, &buf), CSAT_OK);
        res[c] = new_results();
        put(res[c], buf, 4 * g.n);
        if (c == 0) {
            /* against a plain loop over the rows, key by key */
            for (size_t j = 0; j < g.n; j++) {
                double w = 0.0;
                int seen = 0;
                for (size_t i = 0; i < NG; i++)
                    if (gx[i] == g.x[j] && gtx[i] == g.tx[j] && gT[i] == g.T[j] && gw[i] != 0.0) {
                        w += gw[i];
                        seen = 1;
                    }
                assert_true(seen);
                assert_true(w == g.w[j]);
                for (size_t k = 0; k < j; k++)
                    assert_false(g.x[k] == g.x[j] && g.tx[k] == g.tx[j] && g.T[k] == g.T[j]);
            }
            {
                double tw = 0.0, tg = 0.0;
                for (size_t i = 0; i < NG; i++)
                    tw += gw[i] > 0 ? 1.0 : 0.0;
                for (size_t j = 0; j < g.n; j++)
                    tg += 1.0;
                assert_true(tg <= tw && g.n > 100);
            }
        }
        csat__free(&lib, buf);
    }
    check_same(res, names, "grouped rows");
    for (int c = 0; c < CSAT_TEST_N_PAR; c++)
        free(res[c]);
}

/* BG/NBD and Pareto/NBD with covariates: fit and every prediction. */
static void test_covariates(void **state)
{
    static double z1[2 * N], z2[N];
    static const csat_btyd_kind kinds[2] = {CSAT_BTYD_BGNBD, CSAT_BTYD_PARETO_NBD};
    enum { NC = 6000 };
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    (void)state;
    csat_test_par_configs(cfg, names);
    for (int kk = 0; kk < 2; kk++) {
        results *res[CSAT_TEST_N_PAR];
        assert_int_equal(cov_simulate(kinds[kk], 3, NC, xs, txs, Ts, z1, z2), 0);
        for (int c = 0; c < CSAT_TEST_N_PAR; c++) {
            csat_btyd_model *m;
            csat_fit_report rep;
            double p[4], se[4], gam[3], gse[3], ll;
            res[c] = new_results();
            assert_int_equal(csat_btyd_new(&m, NULL, kinds[kk]), CSAT_OK);
            assert_int_equal(csat_btyd_set_parallel(m, &cfg[c]), CSAT_OK);
            assert_int_equal(csat_btyd_fit_covariates(m, xs, txs, Ts, NC, z1, 2, z2, 1, NULL, &rep), CSAT_OK);
            assert_int_equal(csat_btyd_get_params(m, p, 4), CSAT_OK);
            assert_int_equal(csat_btyd_standard_errors(m, se, 4), CSAT_OK);
            assert_int_equal(csat_btyd_log_likelihood(m, &ll, NULL, NULL), CSAT_OK);
            assert_int_equal(csat_btyd_covariate_params(m, gam, gse, 3), CSAT_OK);
            put_report(res[c], &rep);
            put(res[c], p, 4);
            put(res[c], se, 4);
            put1(res[c], ll);
            put(res[c], gam, 3);
            put(res[c], gse, 3);
            for (int w = 0; w < 3; w++) {
                const double arg = w == 1 ? 26.0 : w == 2 ? 0.01 : 0.0;
                assert_int_equal(csat_btyd_cov_predict(m, (csat_btyd_cov_what)w, arg, xs, txs, Ts, NC, z1, 2,
                                                       z2, 1, out),
                                 CSAT_OK);
                put(res[c], out, NC);
            }
            csat_btyd_free(m);
        }
        check_same(res, names, kk ? "Pareto/NBD with covariates" : "BG/NBD with covariates");
        for (int c = 0; c < CSAT_TEST_N_PAR; c++)
            free(res[c]);
    }
}

/* sBG from N customers' durations. */
static void test_sbg(void **state)
{
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    results *res[CSAT_TEST_N_PAR];
    static double d[N], churned[N];
    csat__rng g;
    (void)state;
    csat_test_par_configs(cfg, names);
    csat__rng_seed(&g, 17, 0);
    for (size_t i = 0; i < N; i++) {
        /* a customer's churn probability theta ~ Beta(0.7, 3.8), then geometric, censored at 12 */
        const double a = csat__rng_gamma(&g, 0.7), b = csat__rng_gamma(&g, 3.8), th = a / (a + b);
        double t = 1.0;
        while (t < 12.0 && !(csat__rng_unif(&g) < th))
            t += 1.0;
        d[i] = t;
        churned[i] = t < 12.0 || csat__rng_unif(&g) < th ? 1.0 : 0.0;
    }
    for (int c = 0; c < CSAT_TEST_N_PAR; c++) {
        csat_sbg *m;
        csat_sbg_params p;
        csat_fit_report rep;
        double sa, sb;
        res[c] = new_results();
        assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
        assert_int_equal(csat_sbg_set_parallel(m, &cfg[c]), CSAT_OK);
        assert_int_equal(csat_sbg_fit_durations(m, d, churned, N, &rep), CSAT_OK);
        assert_int_equal(csat_sbg_get_params(m, &p), CSAT_OK);
        assert_int_equal(csat_sbg_std_err(m, &sa, &sb), CSAT_OK);
        put_report(res[c], &rep);
        put1(res[c], p.alpha);
        put1(res[c], p.beta);
        put1(res[c], sa);
        put1(res[c], sb);
        csat_sbg_free(m);
    }
    check_same(res, names, "sBG");
    for (int c = 0; c < CSAT_TEST_N_PAR; c++)
        free(res[c]);
}

/* CLV over blocks (exptables): a CLV that is not a double, or an equity
 * that leaves the doubles, in the third block of customers: CSAT_EDOM,
 * out untouched, and the same customer named at every setting. */
static void test_clv_overflow(void **state)
{
    static const double p[4] = {0.243, 4.41, 0.793, 2.43}, gp[3] = {6.25, 3.74, 15.44};
    enum { NO = 12000 };
    static double z[NO];
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    char first[2][256];
    (void)state;
    csat_test_par_configs(cfg, names);
    simulate(CSAT_BTYD_BGNBD, p, 4, NO);
    for (int kind = 0; kind < 2; kind++) {
        size_t k = 0;
        for (size_t i = 0; i < NO; i++)
            z[i] = xs[i] > 0 ? 20.0 : 0.0;
        if (kind == 0) {
            /* a frequent buyer, just seen, past 8,192 with a spend of DBL_MAX: its CLV is not a double */
            k = 9000;
            xs[k] = 10;
            txs[k] = Ts[k];
            z[k] = DBL_MAX;
        } else {
            /* repeat buyers past 8,192 with spends of 1e306: the equity overflows */
            for (size_t i = 8500; i < NO; i++)
                if (xs[i] > 0)
                    z[i] = 1e306;
        }
        for (int c = 0; c < CSAT_TEST_N_PAR; c++) {
            csat_btyd_model *m;
            csat_spend_model *sp;
            double eq = -7;
            size_t at = 0;
            assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
            assert_int_equal(csat_btyd_set_params(m, p, 4), CSAT_OK);
            assert_int_equal(csat_btyd_set_parallel(m, &cfg[c]), CSAT_OK);
            assert_int_equal(csat_spend_new(&sp, NULL), CSAT_OK);
            assert_int_equal(csat_spend_set_params(sp, gp, 3), CSAT_OK);
            for (size_t i = 0; i < NO; i++)
                out[i] = -7;
            assert_int_equal(csat_clv(m, sp, xs, txs, Ts, z, NO, NULL, out, &eq), CSAT_EDOM);
            assert_true(eq == -7 && out[0] == -7 && out[NO - 1] == -7);
            assert_int_equal(sscanf(csat_spend_last_error(sp), "customer %zu", &at), 1);
            if (kind == 0)
                assert_int_equal(at, k);
            else
                assert_true(at >= 8500 && at < NO && xs[at] > 0);
            if (c == 0)
                snprintf(first[kind], sizeof first[kind], "%s", csat_spend_last_error(sp));
            else
                assert_string_equal(csat_spend_last_error(sp), first[kind]);
            csat_spend_free(sp);
            csat_btyd_free(m);
        }
        print_message("%s\n", first[kind]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clv_overflow),
        cmocka_unit_test(test_blocked_loglik), cmocka_unit_test(test_bgnbd),      cmocka_unit_test(test_mbgnbd),
        cmocka_unit_test(test_pnbd),           cmocka_unit_test(test_bgbb),       cmocka_unit_test(test_ggom),
        cmocka_unit_test(test_covariates),     cmocka_unit_test(test_sbg),        cmocka_unit_test(test_group_rows),
        cmocka_unit_test(test_intervals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
