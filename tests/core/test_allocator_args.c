/*
 * Every public function that takes an allocator rejects one without
 * malloc_fn or free_fn with CSAT_EINVAL before it touches an output, and
 * succeeds with NULL (libc) on the same arguments. One row per function
 * (the list of csat.h's functions with a csat_allocator parameter).
 */
#include "csat_test.h"

static const double S4[4] = {0.1, 0.4, 0.35, 0.8}, Y4[4] = {0, 0, 1, 1};
static const uint64_t ID3[3] = {1, 1, 2};
static const double T3[3] = {0, 1.5, 1.2}, M3[3] = {10, 20, 5};

/* Each call writes out[0] on success only (or a handle it frees). */
typedef csat_status (*alloc_call)(const csat_allocator *a, double *out);

#define HANDLE_CALL(name, type)                                             \
    static csat_status c_##name(const csat_allocator *a, double *out)       \
    {                                                                       \
        type *h = (type *)(void *)out; /* a sentinel the call must not replace */ \
        csat_status st = csat_##name##_new(&h, a);                          \
        if (st == CSAT_OK) {                                                \
            csat_##name##_free(h);                                          \
            out[0] = 1;                                                     \
        } else if (h != (type *)(void *)out) {                              \
            return CSAT_EINTERNAL;                                          \
        }                                                                   \
        return st;                                                          \
    }

HANDLE_CALL(customers, csat_customers)
HANDLE_CALL(value_model, csat_value_model)
HANDLE_CALL(spend, csat_spend_model)
HANDLE_CALL(sbg, csat_sbg)
HANDLE_CALL(km, csat_km)
HANDLE_CALL(logistic, csat_logistic)
HANDLE_CALL(kmeans, csat_kmeans)

static csat_status c_btyd(const csat_allocator *a, double *out)
{
    csat_btyd_model *m = NULL;
    csat_status st = csat_btyd_new(&m, a, CSAT_BTYD_BGNBD);
    if (st == CSAT_OK) {
        csat_btyd_free(m);
        out[0] = 1;
    } else if (m != NULL) {
        return CSAT_EINTERNAL;
    }
    return st;
}

static csat_status c_importance(const csat_allocator *a, double *out)
{
    const double p[4] = {1, 2, 3, 4}, y[4] = {2, 4, 6, 8};
    return csat_importance_derived(p, y, 4, 1, CSAT_IMPORTANCE_REGRESSION, CSAT_NAN_ERROR, a, out, NULL);
}

static csat_status c_logrank(const csat_allocator *a, double *out)
{
    const double t[4] = {1, 2, 3, 4}, e[4] = {1, 1, 1, 1};
    const uint64_t g[4] = {0, 1, 0, 1};
    double df, p;
    return csat_km_logrank(t, e, g, 4, 2, NULL, NULL, out, &df, &p, a, NULL);
}

static csat_status c_auc(const csat_allocator *a, double *out) { return csat_churn_auc(S4, Y4, 4, out, a, NULL); }

static csat_status c_lift(const csat_allocator *a, double *out)
{
    return csat_churn_lift(S4, Y4, 4, 2, NULL, NULL, NULL, out, NULL, NULL, a, NULL);
}

static csat_status c_profit(const csat_allocator *a, double *out)
{
    const csat_campaign cp = {100, 1, 10, 0.5, 5};
    return csat_churn_campaign_profit(S4, Y4, 4, &cp, 1, out, NULL, a, NULL);
}

static csat_status c_cohort(const csat_allocator *a, double *out)
{
    return csat_cohort_table(ID3, T3, M3, 3, NULL, 2, 2, NULL, NULL, out, NULL, NULL, NULL, NULL, a, NULL);
}

static csat_status c_kpi(const csat_allocator *a, double *out)
{
    csat_kpi_report r;
    csat_status st = csat_kpi_between(ID3, T3, M3, 3, 1, 2, 5, NULL, 0, NULL, &r, a, NULL);
    if (st == CSAT_OK)
        out[0] = r.start_customers;
    return st;
}

/* a store with the three transactions above */
static csat_customers *store(void)
{
    csat_customers *c;
    if (csat_customers_new(&c, NULL) != CSAT_OK)
        return NULL;
    if (csat_customers_add(c, ID3, T3, M3, 3) != CSAT_OK) {
        csat_customers_free(c);
        return NULL;
    }
    return c;
}

static csat_status c_cohort_customers(const csat_allocator *a, double *out)
{
    csat_customers *c = store();
    csat_status st = c ? csat_cohort_table_customers(c, NULL, 2, 2, NULL, NULL, out, NULL, NULL, NULL, NULL, a)
                       : CSAT_EINTERNAL;
    csat_customers_free(c);
    return st;
}

static csat_status c_kpi_customers(const csat_allocator *a, double *out)
{
    csat_customers *c = store();
    csat_kpi_report r;
    csat_status st = c ? csat_kpi_between_customers(c, 1, 2, 5, NULL, 0, NULL, &r, a) : CSAT_EINTERNAL;
    if (st == CSAT_OK)
        out[0] = r.start_customers;
    csat_customers_free(c);
    return st;
}

static csat_status c_lifecycle_store(const csat_allocator *a, double *out)
{
    csat_customers *c = store();
    uint64_t ids[2];
    int stage[2];
    size_t n;
    csat_status st = c ? csat_lifecycle_from_store(c, 2, NULL, a, ids, stage, out, 2, &n) : CSAT_EINTERNAL;
    csat_customers_free(c);
    return st;
}

static csat_status c_rfm(const csat_allocator *a, double *out)
{
    const double r[4] = {1, 2, 3, 4}, f[4] = {4, 3, 2, 1}, m[4] = {5, 6, 7, 8};
    csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
    int rr[4], ff[4], mm[4];
    o.bins = 2;
    return csat_rfm_scores(r, f, m, 4, &o, a, rr, ff, mm, NULL, NULL, out, NULL);
}

static csat_status c_silhouette(const csat_allocator *a, double *out)
{
    const double X[4] = {0, 1, 10, 11};
    const int lab[4] = {0, 0, 1, 1};
    return csat_kmeans_silhouette(X, 4, 1, lab, 2, 0, 0, a, out, NULL);
}

static csat_status c_tiers(const csat_allocator *a, double *out)
{
    const double f[4] = {3, 1, 5, 2}, m[4] = {40, 10, 50, 20};
    int tier[4];
    return csat_value_tiers(f, m, 4, NULL, a, tier, out, NULL, NULL);
}

static csat_status c_pyramid(const csat_allocator *a, double *out)
{
    const double p[4] = {100, 50, 10, -5};
    int tier[4];
    size_t counts[4];
    csat_status st = csat_pyramid(p, 4, NULL, a, tier, counts, NULL);
    if (st == CSAT_OK)
        out[0] = (double)counts[0];
    return st;
}

static csat_status c_abc(const csat_allocator *a, double *out)
{
    const double v[4] = {100, 30, 15, 5};
    return csat_abc(v, 4, NULL, a, NULL, out, NULL, NULL);
}

typedef struct row {
    const char *name;
    alloc_call call;
} row;

#define ROW(f) {#f, c_##f}

static const row rows[] = {
    ROW(customers), ROW(value_model), ROW(importance), ROW(btyd), ROW(spend), ROW(sbg), ROW(km),
    ROW(logrank), ROW(logistic), ROW(auc), ROW(lift), ROW(profit), ROW(cohort), ROW(kpi),
    ROW(cohort_customers), ROW(kpi_customers), ROW(rfm), ROW(kmeans), ROW(silhouette), ROW(tiers),
    ROW(pyramid), ROW(abc), ROW(lifecycle_store),
};

static void *only_malloc(size_t size, void *user)
{
    (void)user;
    return malloc(size);
}

static void only_free(void *p, void *user)
{
    (void)user;
    free(p);
}

static void test_broken_allocators(void **state)
{
    const csat_allocator none = {NULL, NULL, NULL, NULL}, no_free = {only_malloc, NULL, NULL, NULL},
                         no_malloc = {NULL, NULL, only_free, NULL};
    const csat_allocator *broken[3] = {&none, &no_free, &no_malloc};
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        double out[8] = {-7, -7, -7, -7, -7, -7, -7, -7};
        csat_status st = rows[i].call(NULL, out);
        if (st != CSAT_OK || out[0] == -7) {
            print_error("%s: the call with the libc allocator returned %d or wrote nothing\n", rows[i].name, st);
            fail();
        }
        for (int b = 0; b < 3; b++) {
            out[0] = -7;
            st = rows[i].call(broken[b], out);
            if (st != CSAT_EINVAL || out[0] != -7) {
                print_error("%s with broken allocator %d returned %d (%s), out %g\n", rows[i].name, b, st,
                            csat_strerror(st), out[0]);
                fail();
            }
        }
    }
}

/* The store-reading functions reject a NULL store. */
static void test_null_stores(void **state)
{
    double out[4] = {-7, -7, -7, -7};
    csat_kpi_report r;
    uint64_t ids[1];
    int stage[1];
    size_t n = 7;
    (void)state;
    csat_assert_status(csat_cohort_table_customers(NULL, NULL, 2, 2, NULL, NULL, out, NULL, NULL, NULL, NULL, NULL),
                       CSAT_EINVAL);
    csat_assert_status(csat_kpi_between_customers(NULL, 1, 2, 5, NULL, 0, NULL, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_kpi_between_customers(NULL, 1, 2, 5, NULL, SIZE_MAX / 4, NULL, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_lifecycle_from_store(NULL, 2, NULL, NULL, ids, stage, NULL, 1, &n), CSAT_EINVAL);
    assert_true(out[0] == -7 && n == 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_broken_allocators),
        cmocka_unit_test(test_null_stores),
    };
    return cmocka_run_group_tests_name("allocator_args", tests, NULL, NULL);
}
