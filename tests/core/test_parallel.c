/*
 * The core of threading (issue 18 §1): csat__par_run runs every block once
 * whatever the settings, sums combined in block order are bit-identical at
 * any thread count and through any executor, and the setters check their
 * options.
 */
#include "csat_test.h"
#include "parallel_util.h"

#include "core/internal.h"

#include <pthread.h>

#define N_BLOCKS 1000

/* An application's pool, as an embedding program would lend it: here one
 * pthread per task, started and joined by run(). */
typedef struct pool_job {
    csat_task_fn task;
    void *ctx;
    size_t i;
} pool_job;

static void *pool_thread(void *arg)
{
    pool_job *j = arg;
    j->task(j->ctx, j->i);
    return NULL;
}

static int pool_run(void *user, size_t n, csat_task_fn task, void *ctx)
{
    pthread_t th[16];
    pool_job jobs[16];
    int *calls = user;
    if (n > 16)
        return -1;
    (*calls)++;
    for (size_t i = 0; i < n; i++) {
        jobs[i] = (pool_job){task, ctx, i};
        if (pthread_create(&th[i], NULL, pool_thread, &jobs[i]) != 0) {
            for (size_t k = 0; k < i; k++)
                pthread_join(th[k], NULL);
            return -1;
        }
    }
    for (size_t i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    return 0;
}

typedef struct sum_ctx {
    const double *x;
    size_t n;
    double part[N_BLOCKS];
    int runs[N_BLOCKS];
    size_t max_worker;
} sum_ctx;

static void sum_block(void *ctx, size_t worker, size_t b)
{
    sum_ctx *c = ctx;
    size_t lo = b * 97, hi = lo + 97 < c->n ? lo + 97 : c->n;
    double s = 0.0;
    for (size_t i = lo; i < hi; i++)
        s += c->x[i] * c->x[i];
    c->part[b] = s;
    c->runs[b]++; /* each block has one writer, so no race */
    (void)worker;
}

static double run_sum(const csat_parallel_options *o, const double *x, size_t n, int check_once)
{
    static sum_ctx c; /* large: not on the stack (the test's own state only) */
    csat__par p;
    double total = 0.0;
    size_t nb = csat__n_blocks(n, 97);
    assert_true(nb <= N_BLOCKS);
    memset(&c, 0, sizeof c);
    c.x = x;
    c.n = n;
    assert_int_equal(csat__par_resolve(&p, o, NULL), CSAT_OK);
    csat__par_run(&p, nb, sum_block, &c);
    for (size_t b = 0; b < nb; b++) {
        if (check_once)
            assert_int_equal(c.runs[b], 1);
        total += c.part[b];
    }
    return total;
}

static void test_blocks(void **state)
{
    (void)state;
    assert_int_equal(csat__n_blocks(0, 10), 0);
    assert_int_equal(csat__n_blocks(1, 10), 1);
    assert_int_equal(csat__n_blocks(10, 10), 1);
    assert_int_equal(csat__n_blocks(11, 10), 2);
    assert_int_equal(csat__par_workers(NULL, 5), 1);
    assert_int_equal(csat__par_workers(&csat__par_serial, 5), 1);
}

static void test_bit_identical(void **state)
{
    static double x[90000];
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    double ref;
    (void)state;
    for (size_t i = 0; i < 90000; i++)
        x[i] = sin((double)i * 0.37) * 1e3 + 1.0 / (double)(i + 1);
    csat_test_par_configs(cfg, names);
    ref = run_sum(&cfg[0], x, 90000, 1);
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < CSAT_TEST_N_PAR; i++) {
            /* the failing executor leaves blocks to the calling thread: each still runs once */
            double v = run_sum(&cfg[i], x, 90000, 1);
            if (memcmp(&v, &ref, sizeof v) != 0)
                fail_msg("%s: %.17g != %.17g", names[i], v, ref);
        }
    {
        int calls = 0;
        csat_executor pool = {CSAT_EXECUTOR_VERSION, 4, pool_run, &calls};
        csat_parallel_options o = CSAT_PARALLEL_OPTIONS_INIT;
        double v;
        o.executor = &pool;
        v = run_sum(&o, x, 90000, 1);
        assert_memory_equal(&v, &ref, sizeof v);
        assert_int_equal(calls, 1); /* one run() per parallel region */
    }
    /* zero blocks: nothing runs */
    assert_true(run_sum(&cfg[2], x, 0, 1) == 0.0);
}

static void test_all_cores(void **state)
{
    csat_parallel_options o = CSAT_PARALLEL_OPTIONS_INIT;
    csat__par p;
    (void)state;
    assert_true(csat_parallel_cpu_count() >= 1);
    assert_true(csat_parallel_cpu_count() <= CSAT_MAX_THREADS);
    o.n_threads = 0;
    assert_int_equal(csat__par_resolve(&p, &o, NULL), CSAT_OK);
    assert_int_equal(p.workers, csat_parallel_cpu_count());
    assert_int_equal(csat__par_workers(&p, 1), 1);
}

static void test_options(void **state)
{
    csat_parallel_options o;
    csat_executor ex = csat_test_reverse_executor;
    csat_error e;
    csat__par p = csat__par_serial, before;
    (void)state;
    assert_int_equal(csat_parallel_options_init(NULL, 1), CSAT_EINVAL);
    assert_int_equal(csat_parallel_options_init(&o, 99), CSAT_EVERSION);
    assert_int_equal(csat_parallel_options_init(&o, CSAT_PARALLEL_OPTIONS_VERSION), CSAT_OK);
    assert_int_equal(o.n_threads, 1);
    assert_null(o.executor);
    before = p;
    o.n_threads = CSAT_MAX_THREADS + 1;
    assert_int_equal(csat__par_resolve(&p, &o, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "opts->n_threads");
    assert_memory_equal(&p, &before, sizeof p);
    o.n_threads = 2;
    o.version = 7;
    assert_int_equal(csat__par_resolve(&p, &o, &e), CSAT_EVERSION);
    o.version = CSAT_PARALLEL_OPTIONS_VERSION;
    o.executor = &ex;
    ex.run = NULL;
    assert_int_equal(csat__par_resolve(&p, &o, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "opts->executor->run");
    ex.run = csat_test_exec_reverse;
    ex.n_workers = 0;
    assert_int_equal(csat__par_resolve(&p, &o, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "opts->executor->n_workers");
    ex.n_workers = CSAT_MAX_THREADS + 1;
    assert_int_equal(csat__par_resolve(&p, &o, &e), CSAT_EINVAL);
    ex.n_workers = 4;
    ex.version = 0;
    assert_int_equal(csat__par_resolve(&p, &o, &e), CSAT_EVERSION);
    ex.version = CSAT_EXECUTOR_VERSION;
    assert_int_equal(csat__par_resolve(&p, &o, &e), CSAT_OK);
    assert_int_equal(p.workers, 4);
    assert_true(p.has_executor);
    ex.n_workers = 1; /* copied: later changes to the caller's struct do not matter */
    assert_int_equal(p.exec.n_workers, 4);
}

static void test_setters(void **state)
{
    csat_btyd_model *m = NULL;
    csat_kmeans *km = NULL;
    csat_parallel_options o = CSAT_PARALLEL_OPTIONS_INIT;
    (void)state;
    assert_int_equal(csat_btyd_set_parallel(NULL, &o), CSAT_EINVAL);
    assert_int_equal(csat_customers_set_parallel(NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_value_model_set_parallel(NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_pls_set_parallel(NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_spend_set_parallel(NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_sbg_set_parallel(NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_km_set_parallel(NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_cox_set_parallel(NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_logistic_set_parallel(NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_kmeans_set_parallel(NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    o.n_threads = 3;
    assert_int_equal(csat_btyd_set_parallel(m, &o), CSAT_OK);
    assert_int_equal(csat__handle_par(m)->workers, 3);
    o.n_threads = 100000;
    assert_int_equal(csat_btyd_set_parallel(m, &o), CSAT_EINVAL);
    assert_non_null(strstr(csat_btyd_last_error(m), "n_threads"));
    assert_int_equal(csat__handle_par(m)->workers, 3); /* kept on error */
    assert_int_equal(csat_btyd_set_parallel(m, NULL), CSAT_OK);
    assert_int_equal(csat__handle_par(m)->workers, 0);
    csat_btyd_free(m);
    assert_int_equal(csat_kmeans_new(&km, NULL), CSAT_OK);
    assert_int_equal(csat__handle_par(km)->workers, 0); /* serial until set */
    o.n_threads = 2;
    assert_int_equal(csat_kmeans_set_parallel(km, &o), CSAT_OK);
    csat_kmeans_free(km);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks),      cmocka_unit_test(test_bit_identical),
        cmocka_unit_test(test_all_cores),   cmocka_unit_test(test_options),
        cmocka_unit_test(test_setters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
