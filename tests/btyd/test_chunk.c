/*
 * The chunked forms of the BTYD and Gamma-Gamma likelihoods (the map step of
 * a fit on partitioned data, issue 13): chunks of very different sizes add
 * up to the whole data's log-likelihood, gradient and Hessian; Newton steps
 * on the sums reach the single-machine fit within 15 evaluations; the summed
 * Hessian gives the single-machine standard errors. Data: CDNOW (Fader,
 * Hardie & Lee 2005) and the donations data (Fader, Hardie & Shang 2010), as
 * in test_btyd.c, whose published fits these fits are checked against.
 */
#include "csat_test.h"

#include <float.h>
#include "btyd_data.h"
#include "numerics/optim.h"
#include "core/internal.h"

#define NP 4

typedef struct rows {
    double *col[5]; /* x, t_x, T (n for BG/BB), weights (BG/BB only) */
    size_t n;
    int weighted;
} rows;

static void load(rows *d, csat_btyd_kind kind)
{
    double *c[5];
    if (kind == CSAT_BTYD_BGBB) {
        d->n = btyd_read_csv(CSAT_TEST_DATA_DIR "/donations.csv", 4, c);
        assert_int_equal(d->n, 22);
        for (int j = 0; j < 4; j++)
            d->col[j] = c[j];
        d->weighted = 1;
    } else {
        d->n = btyd_read_csv(CSAT_TEST_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", 5, c);
        assert_int_equal(d->n, 2357);
        for (int j = 0; j < 3; j++)
            d->col[j] = c[j + 1];
        d->col[3] = c[4]; /* mean spend, for Gamma-Gamma */
        d->col[4] = c[0];
        d->weighted = 0;
    }
}

static void unload(rows *d)
{
    for (int j = 0; j < (d->weighted ? 4 : 5); j++)
        free(d->col[j]);
}

/* The Hessian's inverse in place, scratch from libc. */
static csat_status inverse(double *H, size_t n)
{
    csat_allocator a;
    assert_int_equal(csat__allocator_resolve(&a, NULL), CSAT_OK);
    return csat__spd_inverse(H, n, &a);
}

/* Chunks [0, 1), [1, n/3), [n/3, n): one customer, a third, the rest. */
static size_t cut(size_t n, int k) { return k == 0 ? 0 : k == 1 ? 1 : k == 2 ? n / 3 : n; }

/* The sums over the three chunks of ll, grad and hess at p. */
static csat_status chunk_sums(csat_btyd_kind kind, const rows *d, const double *p, double *ll, double *g,
                              double *h)
{
    *ll = 0;
    for (int i = 0; i < NP; i++)
        g[i] = 0;
    for (int i = 0; i < NP * NP; i++)
        h[i] = 0;
    for (int k = 0; k < 3; k++) {
        const size_t a = cut(d->n, k), b = cut(d->n, k + 1);
        double l1, g1[NP], h1[NP * NP];
        csat_status st = csat_btyd_chunk_hessian(kind, p, d->col[0] + a, d->col[1] + a, d->col[2] + a,
                                                 d->weighted ? d->col[3] + a : NULL, b - a, &l1, g1, h1, NULL);
        if (st != CSAT_OK)
            return st;
        *ll += l1;
        for (int i = 0; i < NP; i++)
            g[i] += g1[i];
        for (int i = 0; i < NP * NP; i++)
            h[i] += h1[i];
    }
    return CSAT_OK;
}

static const csat_btyd_kind KINDS[] = {CSAT_BTYD_BGNBD, CSAT_BTYD_PARETO_NBD, CSAT_BTYD_MBGNBD, CSAT_BTYD_BGBB};

static void fit_whole(csat_btyd_kind kind, const rows *d, csat_btyd_model **m, double *p, double *se)
{
    csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
    o.gtol = 1e-10;
    assert_int_equal(csat_btyd_new(m, NULL, kind), CSAT_OK);
    csat_assert_status(csat_btyd_fit(*m, d->col[0], d->col[1], d->col[2], d->weighted ? d->col[3] : NULL, d->n, &o),
                       CSAT_OK);
    assert_int_equal(csat_btyd_get_params(*m, p, NP), CSAT_OK);
    assert_int_equal(csat_btyd_standard_errors(*m, se, NP), CSAT_OK);
}

/* Chunks add up to the whole; the log-likelihood is the fit's. */
static void test_btyd_chunks_add_up(void **state)
{
    (void)state;
    for (size_t q = 0; q < sizeof KINDS / sizeof *KINDS; q++) {
        rows d;
        csat_btyd_model *m;
        double p[NP], se[NP], ll, g[NP], h[NP * NP], llw, gw[NP], hw[NP * NP], llfit;
        load(&d, KINDS[q]);
        fit_whole(KINDS[q], &d, &m, p, se);
        assert_int_equal(chunk_sums(KINDS[q], &d, p, &ll, g, h), CSAT_OK);
        assert_int_equal(csat_btyd_chunk_hessian(KINDS[q], p, d.col[0], d.col[1], d.col[2],
                                                 d.weighted ? d.col[3] : NULL, d.n, &llw, gw, hw, NULL),
                         CSAT_OK);
        assert_int_equal(csat_btyd_log_likelihood(m, &llfit, NULL, NULL), CSAT_OK);
        csat_assert_close(ll, llw, 1e-12, 0);
        csat_assert_close(ll, llfit, 1e-12, 0);
        for (int i = 0; i < NP; i++) {
            /* the gradient vanishes at the fit: compare on the Hessian's scale */
            csat_assert_close(g[i], gw[i], 0, 1e-9 * fabs(hw[i * NP + i]) * p[i]);
            for (int j = 0; j < NP; j++)
                csat_assert_close(h[i * NP + j], hw[i * NP + j], 1e-9,
                                  1e-9 * sqrt(fabs(hw[i * NP + i] * hw[j * NP + j])));
        }
        csat_btyd_free(m);
        unload(&d);
    }
}

/*
 * A distributed fit's driver, in miniature: damped Newton in log-parameters
 * on the chunk sums (one "round trip" per evaluation), from the fit's
 * default start (shapes 1, time scales the mean T). It must reach the
 * single-machine estimates within 15 evaluations, and its Hessian must give
 * the single-machine standard errors.
 */
static void test_btyd_chunk_newton(void **state)
{
    (void)state;
    for (size_t q = 0; q < sizeof KINDS / sizeof *KINDS; q++) {
        const csat_btyd_kind kind = KINDS[q];
        rows d;
        csat_btyd_model *m;
        double p[NP], se[NP], th[NP], mean_T = 0;
        int trips = 0, done = 0;
        load(&d, kind);
        fit_whole(kind, &d, &m, p, se);
        for (size_t i = 0; i < d.n; i++)
            mean_T += d.col[2][i] / (double)d.n;
        for (int i = 0; i < NP; i++)
            th[i] = (kind == CSAT_BTYD_BGBB || i % 2 == 0) ? 0.0 : log(mean_T);
        while (!done && trips < 15) {
            double pp[NP], ll, g[NP], h[NP * NP], G[NP], H[NP * NP], step[NP], shift = 0;
            for (int i = 0; i < NP; i++)
                pp[i] = exp(th[i]);
            assert_int_equal(chunk_sums(kind, &d, pp, &ll, g, h), CSAT_OK);
            trips++;
            /* -LL on theta = log p */
            for (int i = 0; i < NP; i++) {
                G[i] = -g[i] * pp[i];
                for (int j = 0; j < NP; j++)
                    H[i * NP + j] = -h[i * NP + j] * pp[i] * pp[j];
                H[i * NP + i] -= g[i] * pp[i];
            }
            while (!csat__newton_direction(H, G, NP, shift, step))
                shift = shift == 0 ? 1e-3 : shift * 10;
            done = 1;
            for (int i = 0; i < NP; i++) {
                const double s = fmax(-2.0, fmin(2.0, step[i]));
                done &= fabs(s) < 1e-10;
                th[i] += s;
            }
            if (done) {
                /* the standard errors from the summed Hessian (delta method) */
                assert_int_equal(inverse(H, NP), CSAT_OK);
                for (int i = 0; i < NP; i++)
                    csat_assert_close(pp[i] * sqrt(H[i * NP + i]), se[i], 1e-5, 0);
            }
        }
        print_message("%s: %d evaluations\n", kind == CSAT_BTYD_BGBB ? "BG/BB" : "continuous", trips);
        assert_true(done);
        /* the fit stops where its steps change the log-likelihood by less
         * than its rounding (~1e-11 of 33,226 on the donations data: about
         * 3e-8 in the estimates; 1.1e-8 apart once b + (n - x) was kept from
         * rounding a tiny b away) */
        for (int i = 0; i < NP; i++)
            csat_assert_close(exp(th[i]), p[i], 5e-8, 0);
        csat_btyd_free(m);
        unload(&d);
    }
}

/* Gamma-Gamma: chunks add up; the log-likelihood and standard errors are the fit's. */
static void test_spend_chunks(void **state)
{
    rows d;
    csat_spend_model *m;
    csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
    double p[3], se[3], llfit, ll = 0, g[3] = {0}, h[9] = {0}, llw, gw[3], hw[9];
    (void)state;
    load(&d, CSAT_BTYD_BGNBD);
    o.gtol = 1e-10;
    assert_int_equal(csat_spend_new(&m, NULL), CSAT_OK);
    csat_assert_status(csat_spend_fit(m, d.col[0], d.col[3], NULL, d.n, &o), CSAT_OK);
    assert_int_equal(csat_spend_get_params(m, p, 3), CSAT_OK);
    assert_int_equal(csat_spend_standard_errors(m, se, 3), CSAT_OK);
    assert_int_equal(csat_spend_log_likelihood(m, &llfit, NULL, NULL), CSAT_OK);
    for (int k = 0; k < 3; k++) {
        const size_t a = cut(d.n, k), b = cut(d.n, k + 1);
        double l1, g1[3], h1[9];
        assert_int_equal(csat_spend_chunk_loglik(p, d.col[0] + a, d.col[3] + a, NULL, b - a, &l1, g1, h1, NULL), CSAT_OK);
        ll += l1;
        for (int i = 0; i < 3; i++)
            g[i] += g1[i];
        for (int i = 0; i < 9; i++)
            h[i] += h1[i];
    }
    assert_int_equal(csat_spend_chunk_loglik(p, d.col[0], d.col[3], NULL, d.n, &llw, gw, hw, NULL), CSAT_OK);
    csat_assert_close(ll, llw, 1e-12, 0);
    csat_assert_close(ll, llfit, 1e-10, 0);
    for (int i = 0; i < 9; i++)
        csat_assert_close(h[i], hw[i], 1e-9, 0);
    for (int i = 0; i < 3; i++) {
        csat_assert_close(g[i], 0, 0, 1e-6 * sqrt(fabs(hw[i * 3 + i])));
        /* -Hessian in p: its inverse's diagonal gives the fit's SEs */
        for (int j = 0; j < 3; j++)
            h[i * 3 + j] = -h[i * 3 + j];
    }
    assert_int_equal(inverse(h, 3), CSAT_OK);
    for (int i = 0; i < 3; i++)
        csat_assert_close(sqrt(h[i * 3 + i]), se[i], 1e-5, 0);
    csat_spend_free(m);
    unload(&d);
}

/* Bad arguments: a code, nothing written. */
static void test_chunk_errors(void **state)
{
    const double p[4] = {0.24, 4.4, 0.79, 2.4}, x[2] = {1, 0}, tx[2] = {2, 0}, T[2] = {3, 3};
    const double bad_p[4] = {0.24, -1, 0.79, 2.4}, w_neg[2] = {1, -1}, z[2] = {10, 0};
    double ll = 7, g[4] = {7, 7, 7, 7}, h[16];
    (void)state;
    for (int i = 0; i < 16; i++)
        h[i] = 7;
    assert_int_equal(csat_btyd_chunk_hessian((csat_btyd_kind)99, p, x, tx, T, NULL, 2, &ll, g, h, NULL), CSAT_EINVAL);
    assert_int_equal(csat_btyd_chunk_hessian(CSAT_BTYD_BGNBD, NULL, x, tx, T, NULL, 2, &ll, g, h, NULL), CSAT_EINVAL);
    assert_int_equal(csat_btyd_chunk_hessian(CSAT_BTYD_BGNBD, bad_p, x, tx, T, NULL, 2, &ll, g, h, NULL), CSAT_EINVAL);
    assert_int_equal(csat_btyd_chunk_hessian(CSAT_BTYD_BGNBD, p, x, tx, T, NULL, 2, &ll, NULL, h, NULL), CSAT_EINVAL);
    assert_int_equal(csat_btyd_chunk_hessian(CSAT_BTYD_BGNBD, p, x, tx, T, NULL, 2, &ll, g, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_btyd_chunk_hessian(CSAT_BTYD_BGNBD, p, x, tx, T, w_neg, 2, &ll, g, h, NULL), CSAT_EINVAL);
    assert_int_equal(csat_btyd_chunk_hessian(CSAT_BTYD_BGNBD, p, x, T, tx, NULL, 2, &ll, g, h, NULL), CSAT_EINVAL);
    assert_int_equal(csat_btyd_chunk_hessian(CSAT_BTYD_BGNBD, p, x, tx, T, NULL, 0, &ll, g, h, NULL), CSAT_EEMPTY);
    assert_int_equal(csat_spend_chunk_loglik(NULL, x, z, NULL, 2, &ll, g, h, NULL), CSAT_EINVAL);
    assert_int_equal(csat_spend_chunk_loglik(bad_p, x, z, NULL, 2, &ll, g, h, NULL), CSAT_EINVAL);
    assert_int_equal(csat_spend_chunk_loglik(p, x, z, NULL, 2, NULL, g, h, NULL), CSAT_EINVAL);
    assert_int_equal(csat_spend_chunk_loglik(p, x, z, w_neg, 2, &ll, g, h, NULL), CSAT_EINVAL);
    assert_int_equal(csat_spend_chunk_loglik(p, x, z, NULL, 0, &ll, g, h, NULL), CSAT_EEMPTY);
    assert_true(ll == 7 && g[0] == 7 && h[0] == 7 && h[15] == 7);
    /* no repeat buyer: 0, and a Hessian of 0 */
    assert_int_equal(csat_spend_chunk_loglik(p, x + 1, z + 1, NULL, 1, &ll, g, h, NULL), CSAT_OK);
    assert_true(ll == 0 && g[0] == 0 && h[0] == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_btyd_chunks_add_up),
        cmocka_unit_test(test_btyd_chunk_newton),
        cmocka_unit_test(test_spend_chunks),
        cmocka_unit_test(test_chunk_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
