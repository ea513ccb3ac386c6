/*
 * BTYD models: published fits (CDNOW, donations), predictions against the
 * mpmath reference (tests/btyd_reference.h, made by
 * tests/reference/btyd_mpmath.py), robustness sweep, bad input, allocation
 * failures.
 */
#include "csat_test.h"
#include "btyd_data.h"
#include "btyd_internal.h"
#include "btyd_reference.h"
#include "numerics.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

typedef struct cdnow {
    double *col[5]; /* ID, x, t_x, T, zbar */
    size_t n;
} cdnow;

static int load_cdnow(cdnow *d)
{
    d->n = btyd_read_csv(CSAT_TEST_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", 5, d->col);
    return d->n == 2357;
}

static void free_cdnow(cdnow *d)
{
    for (int j = 0; j < 5; j++)
        free(d->col[j]);
}

static void test_hyp2f1(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_ref_hyp2f1); i++) {
        const double *r = btyd_ref_hyp2f1[i];
        csat_assert_close(csat__hyp2f1(r[0], r[1], r[2], r[3]), r[4], 1e-9, 0);
    }
}

/* Fader, Hardie & Lee (2005) BG/NBD on CDNOW: r 0.243, alpha 4.414, a 0.793,
 * b 2.426, LL -9582.4; full-precision optimum from the issue text. */
static void test_bgnbd_cdnow(void **state)
{
    cdnow d;
    csat_btyd_model *m = NULL;
    double p[4], se[4], ll, aic, bic, e, pa, t[3] = {1, 3, 78}, en[3];
    csat_fit_report rep;
    (void)state;
    assert_true(load_cdnow(&d));
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
    csat_assert_status(csat_btyd_fit(m, d.col[1], d.col[2], d.col[3], NULL, d.n, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_get_params(m, p, 4), CSAT_OK);
    csat_assert_close(p[0], 0.242593, 1e-5, 0);
    csat_assert_close(p[1], 4.413532, 1e-5, 0);
    csat_assert_close(p[2], 0.792886, 1e-5, 0);
    csat_assert_close(p[3], 2.425752, 1e-5, 0);
    assert_int_equal(csat_btyd_log_likelihood(m, &ll, &aic, &bic), CSAT_OK);
    csat_assert_close(ll, -9582.4256, 0, 5e-5);
    csat_assert_close(aic, 8 + 2 * 9582.4256, 0, 1e-3);
    assert_int_equal(csat_btyd_standard_errors(m, se, 4), CSAT_OK);
    for (int i = 0; i < 4; i++)
        assert_true(se[i] > 0 && se[i] < p[i]);
    assert_int_equal(csat_btyd_fit_report(m, &rep), CSAT_OK);
    assert_true(rep.converged);
    csat_assert_close(rep.log_likelihood, ll, 1e-15, 0);
    /* customer 1: E[X(39)] = 1.226 (FHL 2005) */
    assert_int_equal(csat_btyd_expected_purchases(m, 39, d.col[1], d.col[2], d.col[3], 1, &e), CSAT_OK);
    csat_assert_close(e, 1.226, 0, 5e-4);
    assert_int_equal(csat_btyd_p_alive(m, d.col[1], d.col[2], d.col[3], 1, &pa), CSAT_OK);
    assert_true(pa > 0 && pa < 1);
    /* new-customer E[X(t)] at t = 1, 3, 78 (issue 4) */
    assert_int_equal(csat_btyd_expected_purchases_new(m, t, 3, en), CSAT_OK);
    csat_assert_close(en[0], 0.05318, 0, 5e-6);
    csat_assert_close(en[1], 0.15063, 0, 5e-6);
    csat_assert_close(en[2], 1.85797, 0, 5e-6);
    csat_btyd_free(m);
    free_cdnow(&d);
}

/* Grouped weights give the same fit as the expanded rows; the public chunk
 * log-likelihood sums across partitions. */
static void test_weights_and_chunks(void **state)
{
    cdnow d;
    double p[4] = {0.242593, 4.413532, 0.792886, 2.425752}, ll_all, ll1, ll2, g[4], g1[4], g2[4];
    size_t h;
    (void)state;
    assert_true(load_cdnow(&d));
    h = d.n / 2;
    assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, d.col[1], d.col[2], d.col[3], NULL,
                                            d.n, &ll_all, g), CSAT_OK);
    csat_assert_close(ll_all, -9582.4256, 0, 1e-3);
    assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, d.col[1], d.col[2], d.col[3], NULL,
                                            h, &ll1, g1), CSAT_OK);
    assert_int_equal(csat_btyd_chunk_loglik(CSAT_BTYD_BGNBD, p, d.col[1] + h, d.col[2] + h,
                                            d.col[3] + h, NULL, d.n - h, &ll2, g2), CSAT_OK);
    csat_assert_close(ll1 + ll2, ll_all, 1e-13, 0);
    for (int i = 0; i < 4; i++) {
        csat_assert_close(g1[i] + g2[i], g[i], 1e-9, 1e-9);
        assert_true(fabs(g[i]) < 0.05); /* near the optimum */
    }
    /* analytic gradient against central differences, every kind */
    for (int kind = 0; kind < 3; kind++) {
        double q[4] = {0.5, 3.0, 1.2, 2.5}, gq[4], f0;
        if (kind == CSAT_BTYD_PARETO_NBD)
            continue;
        assert_int_equal(csat_btyd_chunk_loglik((csat_btyd_kind)kind, q, d.col[1], d.col[2], d.col[3],
                                                NULL, d.n, &f0, gq), CSAT_OK);
        for (int j = 0; j < 4; j++) {
            double qp[4], qm[4], fp, fm, hh = 1e-6 * q[j];
            memcpy(qp, q, sizeof q);
            memcpy(qm, q, sizeof q);
            qp[j] += hh;
            qm[j] -= hh;
            csat_btyd_chunk_loglik((csat_btyd_kind)kind, qp, d.col[1], d.col[2], d.col[3], NULL, d.n, &fp, NULL);
            csat_btyd_chunk_loglik((csat_btyd_kind)kind, qm, d.col[1], d.col[2], d.col[3], NULL, d.n, &fm, NULL);
            csat_assert_close(gq[j], (fp - fm) / (2 * hh), 1e-5, 1e-4);
        }
    }
    free_cdnow(&d);
}

static void set_model(csat_btyd_model **m, csat_btyd_kind kind, const double *p)
{
    assert_int_equal(csat_btyd_new(m, NULL, kind), CSAT_OK);
    assert_int_equal(csat_btyd_set_params(*m, p, 4), CSAT_OK);
}

/* Every BG/NBD and MBG/NBD prediction against mpmath (1e-8 relative). */
static void test_bg_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(btyd_ref_bg); i++) {
        const double *r = btyd_ref_bg[i];
        csat_btyd_model *m;
        double pa, ec, en, ll, x = r[5], tx = r[6], T = r[7], t = r[8];
        set_model(&m, (csat_btyd_kind)(int)r[0], r + 1);
        assert_int_equal(csat_btyd_p_alive(m, &x, &tx, &T, 1, &pa), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases(m, t, &x, &tx, &T, 1, &ec), CSAT_OK);
        assert_int_equal(csat_btyd_expected_purchases_new(m, &t, 1, &en), CSAT_OK);
        assert_int_equal(csat_btyd_chunk_loglik((csat_btyd_kind)(int)r[0], r + 1, &x, &tx, &T, NULL, 1, &ll, NULL),
                         CSAT_OK);
        csat_assert_close(pa, r[9], 1e-8, 1e-300);
        csat_assert_close(ec, r[10], 1e-8, 1e-300);
        csat_assert_close(en, r[11], 1e-8, 0);
        csat_assert_close(ll, r[12], 1e-10, 1e-10);
        csat_btyd_free(m);
    }
    for (size_t i = 0; i < N_OF(btyd_ref_bg_prob); i++) {
        const double *r = btyd_ref_bg_prob[i];
        csat_btyd_model *m;
        double pk;
        set_model(&m, (csat_btyd_kind)(int)r[0], r + 1);
        assert_int_equal(csat_btyd_prob_purchases(m, r[5], &r[6], 1, &pk), CSAT_OK);
        csat_assert_close(pk, r[7], 1e-9, 1e-300);
        csat_btyd_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hyp2f1),
        cmocka_unit_test(test_bgnbd_cdnow),
        cmocka_unit_test(test_weights_and_chunks),
        cmocka_unit_test(test_bg_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
