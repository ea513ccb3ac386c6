/*
 * Threads (issue 18): Cox and logistic fits give the same bits at 1, 2, 3
 * and 8 threads and through the reverse and the failing executors
 * (tests/parallel_util.h) as serially: coefficients, standard errors
 * (robust too), log-likelihoods, tests, concordance and the fit report;
 * logistic deviances, Wald bounds and predictions. The data span several
 * blocks (CSAT__BLOCK_ROWS = 4096 rows): Cox's blocked scan (cox_pass.c)
 * with offsets carried across blocks, strata spanning and inside blocks,
 * whole strata as tasks with entry; logistic's per-block partials,
 * including the warm start's strided subsample (>= 200,000 rows).
 */
#include "csat_test.h"
#include "parallel_util.h"

static double unif(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return ((double)(*s >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(uint64_t *s)
{
    return sqrt(-2.0 * log(unif(s))) * cos(6.283185307179586 * unif(s));
}

#define same_bits(a, b, n, what, cfg)                                                      \
    do {                                                                                   \
        if (memcmp((a), (b), (n) * sizeof *(a)) != 0)                                      \
            fail_msg("%s: %s differs from the serial run", (cfg), (what));                 \
    } while (0)

/* ---- Cox ----------------------------------------------------------------- */

enum { CN = 21000, CP = 3 };

typedef struct cox_in {
    double X[CN * CP], entry[CN], stop[CN], ev[CN], w[CN];
    uint64_t strata[CN], cluster[CN];
} cox_in;

typedef struct cox_out {
    double coef[CP], se[CP], rse[CP], surv[8], sse[8];
    csat_cox_stats st;
    csat_fit_report rep;
} cox_out;

static void cox_make(cox_in *g, size_t n_strata)
{
    uint64_t s = 7 + n_strata;
    for (size_t i = 0; i < CN; i++) {
        double eta = 0.0, life, cens;
        for (size_t j = 0; j < CP; j++) {
            g->X[i * CP + j] = j == 2 ? floor(3.0 * unif(&s)) : normal(&s);
            eta += (j == 1 ? -0.4 : 0.3) * g->X[i * CP + j];
        }
        life = ceil(-log(unif(&s)) / (0.01 * exp(eta))); /* whole days: heavy ties */
        cens = ceil(300.0 * unif(&s));
        g->stop[i] = life < cens ? life : cens;
        g->ev[i] = life < cens;
        g->entry[i] = floor(0.5 * g->stop[i] * unif(&s));
        g->w[i] = 0.25 + 2.0 * unif(&s);
        g->strata[i] = i % n_strata;
        g->cluster[i] = i / 3;
    }
}

static void cox_run(const cox_in *g, const csat_parallel_options *par, int ties, int strata,
                    int weights, int entry, int robust, cox_out *o)
{
    csat_cox *m;
    csat_cox_options opts;
    double x0[CP] = {0.2, -0.1, 1.0}, times[8] = {1, 5, 20, 50, 100, 150, 200, 290};
    csat_assert_status(csat_cox_options_init(&opts, CSAT_COX_OPTIONS_VERSION), CSAT_OK);
    opts.ties = ties;
    opts.robust = robust == 2; /* 2: robust without cluster ids (each row its own) */
    csat_assert_status(csat_cox_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_cox_set_parallel(m, par), CSAT_OK);
    memset(o, 0, sizeof *o);
    csat_assert_status(csat_cox_fit(m, g->X, CN, CP, entry ? g->entry : NULL, g->stop, g->ev,
                                    strata ? g->strata : NULL, weights ? g->w : NULL,
                                    robust == 1 ? g->cluster : NULL, &opts, &o->rep),
                       CSAT_OK);
    csat_assert_status(csat_cox_coef(m, o->coef, o->se, o->rse, CP), CSAT_OK);
    csat_assert_status(csat_cox_stats_get(m, &o->st), CSAT_OK);
    if (!strata)
        csat_assert_status(csat_cox_predict_survival(m, x0, 1, CP, NULL, times, 8, 0.95,
                                                     CSAT_COX_CONF_LOG, o->surv, o->sse, NULL, NULL),
                           CSAT_OK);
    csat_cox_free(m);
}

static void cox_case(size_t n_strata, int ties, int strata, int weights, int entry, int robust)
{
    static cox_in g;
    static cox_out ref, o;
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    csat_test_par_configs(cfg, names);
    cox_make(&g, n_strata);
    cox_run(&g, &cfg[0], ties, strata, weights, entry, robust, &ref);
    for (int i = 1; i < CSAT_TEST_N_PAR; i++) {
        cox_run(&g, &cfg[i], ties, strata, weights, entry, robust, &o);
        same_bits(o.coef, ref.coef, CP, "coef", names[i]);
        same_bits(o.se, ref.se, CP, "se", names[i]);
        same_bits(o.rse, ref.rse, CP, "robust se", names[i]);
        same_bits(o.surv, ref.surv, 8, "survival", names[i]);
        same_bits(o.sse, ref.sse, 8, "survival se", names[i]);
        same_bits(&o.st, &ref.st, 1, "stats", names[i]);
        same_bits(&o.rep.log_likelihood, &ref.rep.log_likelihood, 1, "report LL", names[i]);
        same_bits(&o.rep.grad_norm, &ref.rep.grad_norm, 1, "report grad", names[i]);
        assert_int_equal(o.rep.iterations, ref.rep.iterations);
        assert_int_equal(o.rep.evaluations, ref.rep.evaluations);
    }
}

static void test_cox_efron(void **state)
{
    (void)state;
    cox_case(1, CSAT_COX_EFRON, 0, 0, 0, 0);
}

static void test_cox_breslow_strata_weights(void **state)
{
    (void)state;
    cox_case(3, CSAT_COX_BRESLOW, 1, 1, 0, 0);
}

static void test_cox_many_strata(void **state)
{
    (void)state; /* 700 strata of 30 rows: blocks of whole strata, strata split at block ends */
    cox_case(700, CSAT_COX_EFRON, 1, 1, 0, 0);
}

static void test_cox_entry_strata(void **state)
{
    (void)state; /* counting-process rows: whole strata per block */
    cox_case(4, CSAT_COX_EFRON, 1, 0, 1, 0);
}

static void test_cox_entry(void **state)
{
    (void)state;
    cox_case(1, CSAT_COX_BRESLOW, 0, 1, 1, 0);
}

static void test_cox_robust(void **state)
{
    (void)state;
    cox_case(1, CSAT_COX_EFRON, 0, 1, 0, 1);
}

static void test_cox_robust_rows(void **state)
{
    (void)state; /* robust, each row its own cluster, with strata and entry */
    cox_case(2, CSAT_COX_BRESLOW, 1, 0, 1, 2);
}

/* ---- logistic ------------------------------------------------------------ */

enum { LK = 4, LN_MAX = 210000 };

typedef struct lr_out {
    double coef[LK + 1], se[LK + 1], ll, aic, dev[4], z[LK + 1], lo[LK + 1], hi[LK + 1];
    double prob[LN_MAX];
    csat_fit_report rep;
} lr_out;

static double lX[LN_MAX * LK], ly[LN_MAX], lw[LN_MAX];

static void lr_make(size_t n)
{
    uint64_t s = 99;
    for (size_t i = 0; i < n; i++) {
        double eta = -0.7;
        for (size_t j = 0; j < LK; j++) {
            lX[i * LK + j] = normal(&s);
            eta += (j % 2 ? -0.5 : 0.4) * lX[i * LK + j];
        }
        ly[i] = unif(&s) < 1.0 / (1.0 + exp(-eta));
        lw[i] = i % 11 == 0 ? 0.0 : 0.5 + unif(&s);
    }
}

static void lr_run(size_t n, const csat_parallel_options *par, int weights, double l2, lr_out *o)
{
    csat_logistic *m;
    csat_logistic_options opts;
    csat_assert_status(csat_logistic_options_init(&opts, CSAT_LOGISTIC_OPTIONS_VERSION), CSAT_OK);
    opts.l2 = l2;
    csat_assert_status(csat_logistic_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_logistic_set_parallel(m, par), CSAT_OK);
    memset(&o->rep, 0, sizeof o->rep);
    csat_assert_status(csat_logistic_fit_weighted(m, lX, n, LK, ly, weights ? lw : NULL, &opts, &o->rep),
                       CSAT_OK);
    csat_assert_status(csat_logistic_coef(m, o->coef, o->se, LK + 1), CSAT_OK);
    csat_assert_status(csat_logistic_log_likelihood(m, &o->ll, &o->aic), CSAT_OK);
    csat_assert_status(csat_logistic_deviance(m, &o->dev[0], &o->dev[1], &o->dev[2], &o->dev[3]), CSAT_OK);
    csat_assert_status(csat_logistic_wald(m, 0.95, o->z, NULL, o->lo, o->hi, LK + 1), CSAT_OK);
    csat_assert_status(csat_logistic_predict(m, lX, n, LK, o->prob), CSAT_OK);
    csat_logistic_free(m);
}

static void lr_case(size_t n, int weights, double l2)
{
    static lr_out ref, o;
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    csat_test_par_configs(cfg, names);
    lr_make(n);
    lr_run(n, &cfg[0], weights, l2, &ref);
    for (int i = 1; i < CSAT_TEST_N_PAR; i++) {
        lr_run(n, &cfg[i], weights, l2, &o);
        same_bits(o.coef, ref.coef, LK + 1, "coef", names[i]);
        same_bits(o.se, ref.se, LK + 1, "se", names[i]);
        same_bits(&o.ll, &ref.ll, 1, "LL", names[i]);
        same_bits(&o.aic, &ref.aic, 1, "AIC", names[i]);
        same_bits(o.dev, ref.dev, 4, "deviances", names[i]);
        same_bits(o.z, ref.z, LK + 1, "z", names[i]);
        same_bits(o.lo, ref.lo, LK + 1, "lower", names[i]);
        same_bits(o.hi, ref.hi, LK + 1, "upper", names[i]);
        same_bits(o.prob, ref.prob, n, "predictions", names[i]);
        same_bits(&o.rep.log_likelihood, &ref.rep.log_likelihood, 1, "report LL", names[i]);
        same_bits(&o.rep.grad_norm, &ref.rep.grad_norm, 1, "report grad", names[i]);
        assert_int_equal(o.rep.iterations, ref.rep.iterations);
        assert_int_equal(o.rep.evaluations, ref.rep.evaluations);
    }
}

static void test_logistic(void **state)
{
    (void)state;
    lr_case(30000, 0, 0.0);
}

static void test_logistic_weights_l2(void **state)
{
    (void)state;
    lr_case(30000, 1, 2.5);
}

static void test_logistic_warm_start(void **state)
{
    (void)state; /* >= 4 x 50,000 rows: the strided subsample first */
    lr_case(LN_MAX, 1, 0.0);
}

/* The checks run by blocks too: the lowest bad row is named at any setting. */
static void test_logistic_first_error(void **state)
{
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    (void)state;
    csat_test_par_configs(cfg, names);
    lr_make(30000);
    for (int i = 0; i < CSAT_TEST_N_PAR; i++) {
        csat_logistic *m;
        csat_assert_status(csat_logistic_new(&m, NULL), CSAT_OK);
        csat_assert_status(csat_logistic_set_parallel(m, &cfg[i]), CSAT_OK);
        ly[25000] = 2.0;
        ly[9001] = 0.5;
        csat_assert_status(csat_logistic_fit(m, lX, 30000, LK, ly, NULL, NULL), CSAT_EINVAL);
        if (!strstr(csat_logistic_last_error(m), "y[9001]"))
            fail_msg("%s: %s", names[i], csat_logistic_last_error(m));
        lX[20000 * LK + 1] = NAN;
        lX[13000 * LK + 3] = INFINITY;
        csat_assert_status(csat_logistic_fit(m, lX, 30000, LK, ly, NULL, NULL), CSAT_EINVAL);
        if (!strstr(csat_logistic_last_error(m), "X[13000][3]"))
            fail_msg("%s: %s", names[i], csat_logistic_last_error(m));
        lr_make(30000);
        csat_logistic_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cox_efron),
        cmocka_unit_test(test_cox_breslow_strata_weights),
        cmocka_unit_test(test_cox_many_strata),
        cmocka_unit_test(test_cox_entry_strata),
        cmocka_unit_test(test_cox_entry),
        cmocka_unit_test(test_cox_robust),
        cmocka_unit_test(test_cox_robust_rows),
        cmocka_unit_test(test_logistic),
        cmocka_unit_test(test_logistic_weights_l2),
        cmocka_unit_test(test_logistic_warm_start),
        cmocka_unit_test(test_logistic_first_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
