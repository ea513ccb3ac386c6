/*
 * Threads (issue 18): csat_pls_bootstrap gives the same draws at 1, 2, 3
 * and 8 threads and through the reverse and failing executors
 * (tests/parallel_util.h) as serially: every estimate's SE and percentile
 * bounds, with and without the 0-100 index. Resample b uses stream b of the
 * seed (after the failed ones), whichever thread runs it; data whose rare
 * item leaves some resamples without variance check that the failures are
 * skipped in stream order. csat_pls_index_compare likewise on m1's threads.
 */
#include "csat_test.h"
#include "parallel_util.h"

#include "pls_reference_values.h"

#define P PLS_REF_P
#define Q PLS_REF_Q
#define N PLS_REF_N
#define NB 150

static const size_t BLOCK_OF[P] = {0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 4, 5, 5};
static const csat_scale SCALE10 = {1.0, 10.0, 0};

static double X[N * P];

static void load(void)
{
    for (size_t i = 0; i < (size_t)N * P; i++)
        X[i] = pls_ref_data[i];
}

typedef struct boot_out {
    double se[6][P * P > Q * Q ? P * P : Q * Q], lo[6][P * P > Q * Q ? P * P : Q * Q],
        hi[6][P * P > Q * Q ? P * P : Q * Q];
} boot_out;

static void run(const csat_parallel_options *par, const csat_scale *scale, boot_out *o)
{
    static const size_t len[6] = {P, P, Q * Q, Q * Q, Q, Q};
    unsigned char adj[Q * Q];
    static const int e[9][2] = {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}, {3, 4}, {3, 5}, {4, 5}};
    csat_pls *m = NULL;
    memset(adj, 0, sizeof adj);
    for (int k = 0; k < 9; k++)
        adj[e[k][0] * Q + e[k][1]] = 1;
    memset(o, 0, sizeof *o);
    csat_assert_status(csat_pls_new(&m, NULL, BLOCK_OF, P, adj, Q, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_pls_set_parallel(m, par), CSAT_OK);
    csat_assert_status(csat_pls_fit(m, X, N, P, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_pls_bootstrap(m, NB, 2026, 0.9, scale), CSAT_OK);
    for (int w = 0; w < 6; w++) {
        if (w == CSAT_PLS_EST_INDEX && !scale)
            continue;
        csat_assert_status(csat_pls_bootstrap_get(m, (csat_pls_estimate)w, o->se[w], o->lo[w], o->hi[w],
                                                  len[w]),
                           CSAT_OK);
    }
    csat_pls_free(m);
}

static void check(const csat_scale *scale)
{
    static boot_out ref, o;
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    csat_test_par_configs(cfg, names);
    run(&cfg[0], scale, &ref);
    for (int i = 1; i < CSAT_TEST_N_PAR; i++) {
        run(&cfg[i], scale, &o);
        if (memcmp(&o, &ref, sizeof o) != 0)
            fail_msg("%s: the bootstrap differs from the serial run", names[i]);
    }
}

static void test_bootstrap(void **state)
{
    (void)state;
    load();
    check(&SCALE10);
    check(NULL);
}

static void test_bootstrap_failures(void **state)
{
    (void)state;
    /* the last item constant but for 3 rows: ~5% of the resamples draw none
     * of them and fail (no variance), and are skipped */
    load();
    for (size_t i = 0; i < N; i++)
        X[i * P + P - 1] = i == 0 ? 9.0 : i == 1 ? 2.0 : i == 2 ? 8.0 : 5.0;
    check(&SCALE10);
}

/* csat_pls_index_compare runs its replicates on m1's threads. */
static void compare_run(const csat_parallel_options *par, double *draws, csat_comparison *out)
{
    unsigned char adj[Q * Q];
    static const int e[9][2] = {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}, {3, 4}, {3, 5}, {4, 5}};
    csat_pls *m1 = NULL, *m2 = NULL;
    memset(adj, 0, sizeof adj);
    for (int k = 0; k < 9; k++)
        adj[e[k][0] * Q + e[k][1]] = 1;
    csat_assert_status(csat_pls_new(&m1, NULL, BLOCK_OF, P, adj, Q, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_pls_new(&m2, NULL, BLOCK_OF, P, adj, Q, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_pls_set_parallel(m1, par), CSAT_OK);
    csat_assert_status(csat_pls_fit(m1, X, N / 2, P, NULL, NULL), CSAT_OK);
    csat_assert_status(csat_pls_fit(m2, X + (N / 2) * P, N - N / 2, P, NULL, NULL), CSAT_OK);
    memset(out, 0, sizeof *out);
    csat_assert_status(csat_pls_index_compare(m1, m2, 3, &SCALE10, NB, 77, 0.95, draws, out, NULL),
                       CSAT_OK);
    csat_pls_free(m1);
    csat_pls_free(m2);
}

static void test_index_compare(void **state)
{
    static double ref[NB], got[NB];
    csat_comparison rc, oc;
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    (void)state;
    csat_test_par_configs(cfg, names);
    for (int v = 0; v < 2; v++) { /* the data as they are, then with failing replicates */
        load();
        if (v) /* 3 rows of each half vary */
            for (size_t i = 0; i < N; i++) {
                size_t h = i % (N / 2);
                X[i * P + P - 1] = h == 0 ? 9.0 : h == 1 ? 2.0 : h == 2 ? 8.0 : 5.0;
            }
        compare_run(&cfg[0], ref, &rc);
        for (int i = 1; i < CSAT_TEST_N_PAR; i++) {
            compare_run(&cfg[i], got, &oc);
            if (memcmp(got, ref, sizeof got) != 0 || memcmp(&oc, &rc, sizeof oc) != 0)
                fail_msg("%s: the index comparison differs from the serial run", names[i]);
        }
        if (v)
            assert_true(isnan(ref[NB - 1])); /* some replicates were dropped */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bootstrap),
        cmocka_unit_test(test_bootstrap_failures),
        cmocka_unit_test(test_index_compare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
