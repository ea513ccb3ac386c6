/*
 * RFM scores on threads (issue 18 §1): version 2 of csat_rfm_options takes
 * `parallel`; scores, cell codes, totals and break points are memcmp-equal
 * at 1, 2, 3 and 8 threads and through the test executors, for every
 * binning, on data spanning many blocks. A version-1 struct (which ends
 * before `parallel`) still works and gives the serial result.
 */
#include "csat_test.h"
#include "parallel_util.h"

#include <stddef.h>
#include <stdlib.h>

#define N 200003 /* many 4096-customer blocks and several selection blocks */

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 11;
}

/* The layout a version-1 caller compiled against. */
typedef struct rfm_options_v1 {
    unsigned int version;
    unsigned int bins;
    csat_rfm_binning binning;
    const double *recency_breaks;
    const double *frequency_breaks;
    const double *monetary_breaks;
} rfm_options_v1;

typedef struct cols {
    double *rec, *freq, *mon;
} cols;

static void make(cols *c)
{
    uint64_t s = 99;
    c->rec = malloc(N * sizeof(double));
    c->freq = malloc(N * sizeof(double));
    c->mon = malloc(N * sizeof(double));
    assert_non_null(c->mon);
    for (size_t i = 0; i < N; i++) {
        c->rec[i] = (double)(lcg(&s) % 365);                  /* days: many ties */
        c->freq[i] = (double)(lcg(&s) % 3 == 0 ? 0 : lcg(&s) % 40); /* counts */
        c->mon[i] = (double)(lcg(&s) % 1000000) / 997.0;       /* continuous */
    }
}

typedef struct out {
    int *r, *f, *m, *code, *total;
    double br[3 * 8];
} out;

static void alloc_out(out *o)
{
    o->r = malloc(5 * N * sizeof(int));
    assert_non_null(o->r);
    o->f = o->r + N;
    o->m = o->r + 2 * N;
    o->code = o->r + 3 * N;
    o->total = o->r + 4 * N;
    memset(o->br, 0, sizeof o->br);
}

static void same(const out *a, const out *b, const char *what)
{
    if (memcmp(a->r, b->r, 5 * N * sizeof(int)) || memcmp(a->br, b->br, sizeof a->br))
        fail_msg("%s: RFM outputs differ", what);
}

static csat_status score(const cols *c, const csat_rfm_options *o, out *res)
{
    return csat_rfm_scores(c->rec, c->freq, c->mon, N, o, NULL, res->r, res->f, res->m, res->code,
                           res->total, res->br, NULL);
}

static void test_rfm_bit_identical(void **state)
{
    static const double rb[4] = {30, 90, 180, 270}, fb[4] = {1, 3, 8, 20}, mb[4] = {50, 200, 500, 800};
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    const char *names[CSAT_TEST_N_PAR];
    cols c;
    (void)state;
    csat_test_par_configs(cfg, names);
    make(&c);
    for (int rule = 0; rule < 3; rule++) {
        out ref, got;
        csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
        rfm_options_v1 *v1 = malloc(sizeof *v1); /* exactly a v1 struct: ASan sees any read past it */
        alloc_out(&ref);
        alloc_out(&got);
        o.binning = (csat_rfm_binning)rule;
        o.recency_breaks = rb;
        o.frequency_breaks = fb;
        o.monetary_breaks = mb;
        assert_int_equal(score(&c, &o, &ref), CSAT_OK); /* parallel NULL: serial */
        for (int k = 0; k < CSAT_TEST_N_PAR; k++) {
            char what[64];
            snprintf(what, sizeof what, "rule %d, %s", rule, names[k]);
            o.parallel = &cfg[k];
            memset(got.r, 0, 5 * N * sizeof(int));
            assert_int_equal(score(&c, &o, &got), CSAT_OK);
            same(&ref, &got, what);
        }
        assert_non_null(v1);
        v1->version = 1;
        v1->bins = 5;
        v1->binning = (csat_rfm_binning)rule;
        v1->recency_breaks = rb;
        v1->frequency_breaks = fb;
        v1->monetary_breaks = mb;
        memset(got.r, 0, 5 * N * sizeof(int));
        assert_int_equal(score(&c, (const csat_rfm_options *)(void *)v1, &got), CSAT_OK);
        same(&ref, &got, "version-1 options");
        free(v1);
        free(ref.r);
        free(got.r);
    }
    free(c.rec);
    free(c.freq);
    free(c.mon);
}

static void test_rfm_options_versions(void **state)
{
    csat_rfm_options o;
    csat_parallel_options p = CSAT_PARALLEL_OPTIONS_INIT;
    csat_error e;
    double x[3] = {1, 2, 3};
    int r[3], f[3], m[3];
    (void)state;
    assert_int_equal(CSAT_RFM_OPTIONS_VERSION, 2);
    /* version 1 writes a version-1 struct only: exactly that size on the
     * heap (ASan catches a write past it), and nothing beyond it on the stack */
    {
        unsigned char *v1 = malloc(offsetof(csat_rfm_options, parallel));
        unsigned int u;
        assert_non_null(v1);
        assert_int_equal(csat_rfm_options_init((csat_rfm_options *)(void *)v1, 1), CSAT_OK);
        memcpy(&u, v1 + offsetof(csat_rfm_options, version), sizeof u);
        assert_int_equal(u, 1);
        memcpy(&u, v1 + offsetof(csat_rfm_options, bins), sizeof u);
        assert_int_equal(u, 5);
        free(v1);
    }
    memset(&o, 0xab, sizeof o);
    assert_int_equal(csat_rfm_options_init(&o, 1), CSAT_OK);
    assert_int_equal(o.version, 1);
    assert_int_equal(o.bins, 5);
    {
        const unsigned char *tail = (const unsigned char *)&o + offsetof(csat_rfm_options, parallel);
        for (size_t i = 0; i < sizeof o - offsetof(csat_rfm_options, parallel); i++)
            assert_int_equal(tail[i], 0xab);
    }
    assert_int_equal(csat_rfm_options_init(&o, 2), CSAT_OK);
    assert_int_equal(o.version, 2);
    assert_null(o.parallel);
    assert_int_equal(csat_rfm_options_init(&o, 3), CSAT_EVERSION);
    /* bad thread settings name opts->parallel */
    o.bins = 2;
    p.n_threads = CSAT_MAX_THREADS + 1;
    o.parallel = &p;
    assert_int_equal(csat_rfm_scores(x, x, x, 3, &o, NULL, r, f, m, NULL, NULL, NULL, &e), CSAT_EINVAL);
    assert_string_equal(e.argument, "opts->parallel");
    p.n_threads = 2;
    p.version = 9;
    assert_int_equal(csat_rfm_scores(x, x, x, 3, &o, NULL, r, f, m, NULL, NULL, NULL, &e), CSAT_EVERSION);
    assert_string_equal(e.argument, "opts->parallel");
    /* a version-1 struct's garbage `parallel` is never read */
    o.version = 1;
    o.parallel = (const csat_parallel_options *)(void *)&e; /* not an options struct */
    assert_int_equal(csat_rfm_scores(x, x, x, 3, &o, NULL, r, f, m, NULL, NULL, NULL, &e), CSAT_OK);
}

/* A bad value is reported at its row whatever the thread settings. */
static void test_rfm_errors_alike(void **state)
{
    csat_parallel_options cfg[CSAT_TEST_N_PAR];
    cols c;
    out o;
    (void)state;
    csat_test_par_configs(cfg, NULL);
    make(&c);
    alloc_out(&o);
    c.freq[150000] = -1.0;
    c.freq[170000] = NAN;
    for (int k = 0; k < CSAT_TEST_N_PAR; k++) {
        csat_rfm_options ro = CSAT_RFM_OPTIONS_INIT;
        csat_error e;
        ro.parallel = &cfg[k];
        assert_int_equal(csat_rfm_scores(c.rec, c.freq, c.mon, N, &ro, NULL, o.r, o.f, o.m, NULL, NULL,
                                         NULL, &e),
                         CSAT_EINVAL);
        assert_string_equal(e.argument, "frequency");
        assert_int_equal(e.row, 150000);
    }
    free(o.r);
    free(c.rec);
    free(c.freq);
    free(c.mon);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfm_bit_identical),
        cmocka_unit_test(test_rfm_options_versions),
        cmocka_unit_test(test_rfm_errors_alike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
