/*
 * GGom/NBD (Bemmaor & Glady 2012, Management Science 58(5); parameters r,
 * alpha, b, s, beta as in CLVTools' ggomnbd). Formulas (see btyd_ggom.c):
 *   L = G(r+x)/G(r) alpha^r [ (alpha+T)^-(r+x) S(T)
 *       + int_{t_x}^T (alpha+tau)^-(r+x) f(tau) dtau ],
 *   S(t) = (beta/(beta+e^{bt}-1))^s, f = -S';
 *   P(alive) = the first term over the bracket;
 *   E[X(t)] = r/alpha int_0^t S(u) du;
 *   E[X(T,T+t) | x,t_x,T] = P(alive) (r+x)/(alpha+T)
 *       int_0^t ((beta+e^{bT}-1)/(beta+e^{b(T+u)}-1))^s du;
 *   DERT(delta): the same with e^{-delta u} and t = infinity.
 * References:
 *  - an independent 30-digit mpmath quadrature of those integrals in the
 *    original variable (tests/reference/ggom_mpmath.py ->
 *    ggom_reference.h), gradient by central differences: matched to 1e-13 (the
 *    gradient 1e-12);
 *  - the Hessian of log L (the Newton fit's, analytic from the panels'
 *    moments): 40-digit mpmath second differences of the same quadrature
 *    (tests/reference/ggom_hess_mpmath.py -> ggom_hess_reference.h) to
 *    1e-9, and central differences of the analytic gradient over a grid;
 *  - CLVTools' published GGom/NBD fit on CDNOW (CLVTools
 *    tests/testthat/test_correctness_ggomnbd.R: r = 0.55313, alpha =
 *    10.5758, b = 0.0000011, s = 0.60682, beta = 0.000013, LL = -9594.9762;
 *    Bemmaor & Glady 2012, Table 2: LL = -9594.98): our LL at those
 *    (rounded) estimates.
 */
#include "csat_test.h"

#include <float.h>
#include <stdint.h>
#include <string.h>
#include "btyd_data.h"
#include "btyd/btyd_ggom.h"
#include "ggom_reference.h"
#include "ggom_pmf_reference.h"
#include "ggom_hess_reference.h"

#define NROWS(a) (sizeof(a) / sizeof(a)[0])

static void test_loglik_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < NROWS(ggom_ll); i++) {
        const double *v = ggom_ll[i];
        double g[5], lpa;
        const double ll = csat__ggom_loglik_row(v, v[5], v[6], v[7], g, &lpa);
        /* the panel rule (btyd_ggom_ll.c) gets 3.1e-15, 3.7e-15, 8.3e-15 */
        csat_assert_close(ll, v[8], 1e-13, 1e-13);
        csat_assert_close(lpa, v[9], 1e-13, 1e-13);
        csat_assert_close(csat__ggom_log_p_alive(v, v[5], v[6], v[7]), v[9], 1e-13, 1e-13);
        for (int j = 0; j < 5; j++) {
            /* relative to the scale of the parameter's term: |g| p ~ 1 */
            csat_assert_close(g[j], v[10 + j], 1e-12, 1e-13 / v[j]);
        }
    }
}

static void test_expected_new_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < NROWS(ggom_enew); i++) {
        const double *v = ggom_enew[i];
        csat_assert_close(csat__ggom_expected_new(v, v[5]), v[6], 1e-10, 0);
    }
    assert_true(csat__ggom_expected_new(ggom_enew[0], 0.0) == 0.0);
}

static void test_expected_cond_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < NROWS(ggom_econd); i++) {
        const double *v = ggom_econd[i];
        csat_assert_close(csat__ggom_expected_cond(v, v[8], v[5], v[6], v[7]), v[9], 1e-10, 1e-300);
        csat_assert_close(csat__ggom_dert(v, v[10], v[5], v[6], v[7]), v[11], 1e-10, 1e-300);
    }
}

/* P(X(t) = k) and P(X(T, T+t) = k | x, t_x, T) against the mpmath
 * quadrature in tau (tests/reference/ggom_pmf_mpmath.py, which also checks
 * the conditional decomposition against the definition over the
 * individual-level model): 1e-10 relative. */
static void test_pmf_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < NROWS(ggom_pmf_new); i++) {
        const double *v = ggom_pmf_new[i];
        csat_assert_close(csat__ggom_prob_new(v, v[5], v[6]), v[7], 1e-10, 1e-300);
    }
    for (size_t i = 0; i < NROWS(ggom_pmf_cond); i++) {
        const double *v = ggom_pmf_cond[i];
        csat_assert_close(csat__ggom_prob_cond(v, v[8], v[9], v[5], v[6], v[7]), v[10], 1e-10, 1e-300);
    }
    assert_true(csat__ggom_prob_new(ggom_pmf_new[0], 0.0, 0.0) == 1.0);
    assert_true(csat__ggom_prob_new(ggom_pmf_new[0], 0.0, 3.0) == 0.0);
}

/* The probabilities sum to 1 over k, and k times them to E[X(t)] (new
 * customers) and E[X(T, T+t) | x, t_x, T], whose references are above. */
static void test_pmf_sums(void **state)
{
    static const double ps[3][5] = {{0.8, 5, 0.05, 1.5, 3}, {2, 20, 0.5, 0.3, 0.2}, {0.3, 1, 0.01, 5, 50}};
    (void)state;
    for (int j = 0; j < 3; j++) {
        double s0 = 0.0, s1 = 0.0, c0 = 0.0, c1 = 0.0;
        for (int k = 0; k < 2000; k++) { /* the tail beyond: below 1e-20 */
            const double pn = csat__ggom_prob_new(ps[j], 39.0, k);
            const double pc = csat__ggom_prob_cond(ps[j], 39.0, k, 2, 30.43, 38.86);
            s0 += pn, s1 += k * pn, c0 += pc, c1 += k * pc;
        }
        csat_assert_close(s0, 1.0, 1e-12, 0);
        csat_assert_close(s1, csat__ggom_expected_new(ps[j], 39.0), 1e-10, 0);
        csat_assert_close(c0, 1.0, 1e-12, 0);
        csat_assert_close(c1, csat__ggom_expected_cond(ps[j], 39.0, 2, 30.43, 38.86), 1e-10, 0);
    }
}

/* The panel rule (btyd_ggom_ll.c) against the adaptive quadrature
 * (btyd_ggom_quad.c), two independent ways to the same integrals, over
 * parameters in e^[-6, 6] and rows from CDNOW-like to extreme: log I to
 * 1e-12 (absolute), the gradient's ratios to 1e-9 relative; and the panels
 * must answer (no fallback) on all of them. */
#define RTOL 1e-6
/* the scale a ratio is compared at: its size, and for the beta one (e^-G /
 * beta, next to s/beta in the gradient) at least 1/beta */
static double rscale(int k, double v, const double *p)
{
    return k == CSAT__GGOM_IQ_BETA ? fmax(fabs(v), 1.0 / p[4]) : fmax(fabs(v), 1e-300);
}

/* Row `it` of the random grids: parameters in e^[-lim, lim], T in 1..200,
 * x < 60 and t_x over (0, T]; every 7th row a short one (t_x = T / 100). */
static void draw_row(uint64_t *st, int it, double lim, double *p, double *x, double *tx, double *T)
{
    for (int j = 0; j < 5; j++) {
        *st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
        p[j] = exp(-lim + 2.0 * lim * (double)(*st >> 11) / 9007199254740992.0);
    }
    *st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
    *T = 1.0 + (double)((*st >> 40) % 200);
    *x = (double)((*st >> 20) % 60);
    *tx = *x == 0 ? 0.0 : *T * (double)((*st >> 5) % 1000) / 1000.0;
    if (it % 7 == 0)
        *x = floor(*x / 10), *tx = *x ? *T * 0.01 : 0.0;
}

static void test_panels_vs_adaptive(void **state)
{
    uint64_t st = 20261205;
    int fallbacks = 0, n = 0;
    double worst = 0.0, worstq = 0.0;
    (void)state;
    for (int it = 0; it < 3000; it++) {
        double p[5], q1[CSAT__GGOM_IQ_N], q2[CSAT__GGOM_IQ_N], x, tx, T, l1, l2;
        draw_row(&st, it, 6.0, p, &x, &tx, &T);
        if (!(T > tx))
            continue;
        l1 = csat__ggom_integrals_panels(p, x, tx, T, q1);
        if (isnan(l1)) {
            print_message("fallback: p = %g %g %g %g %g, x %g tx %g T %g\n", p[0], p[1], p[2], p[3], p[4], x, tx,
                          T);
            fallbacks++;
            continue;
        }
        n++;
        l2 = csat__ggom_integrals_adaptive(p, x, tx, T, q2);
        if (fabs(l1 - l2) > 1e-12 * fmax(1.0, fabs(l2)))
            print_message("log I: p = %g %g %g %g %g, x %g tx %g T %g: %.17g vs %.17g\n", p[0], p[1], p[2],
                          p[3], p[4], x, tx, T, l1, l2);
        worst = fmax(worst, fabs(l1 - l2) / fmax(1.0, fabs(l2)));
        for (int k = 1; k < CSAT__GGOM_IQ_N; k++)
            if (fabs(q1[k] - q2[k]) > RTOL * rscale(k, q2[k], p))
                print_message("q%d: p = %.17g %.17g %.17g %.17g %.17g, x %g tx %.17g T %g: %.17g vs %.17g\n", k,
                              p[0], p[1], p[2], p[3], p[4], x, tx, T, q1[k], q2[k]);
        for (int k = 1; k < CSAT__GGOM_IQ_N; k++)
            worstq = fmax(worstq, fabs(q1[k] - q2[k]) / rscale(k, q2[k], p));
    }
    print_message("panels vs adaptive: %d rows, %d fallbacks, log I %.3g, ratios %.3g\n", n, fallbacks, worst,
                  worstq);
    assert_true(worst <= 1e-12);
    assert_true(worstq <= RTOL);
    assert_int_equal(fallbacks, 0);
}

/* The log-likelihood over CDNOW at CLVTools' published estimates. */
static void test_cdnow_published(void **state)
{
    double *c[4];
    const size_t n = btyd_read_csv(CSAT_TEST_DATA_DIR "/cdnow_customers_summary.csv", 4, c);
    const double p[5] = {0.55313, 10.5758, 0.0000011, 0.60682, 0.000013};
    csat__btyd_rows rows;
    double ll;
    (void)state;
    assert_int_equal(n, 2357);
    rows.x = c[1], rows.tx = c[2], rows.T = c[3], rows.w = NULL, rows.n = n;
    ll = csat__ggom_loglik(p, &rows, NULL);
    /* the published estimates have 2 to 6 digits: b and beta to 2 */
    csat_assert_close(ll, -9594.9762, 0, 0.01);
    for (int j = 0; j < 4; j++)
        free(c[j]);
}

/* The kind through the public entry points: the handle's predictions are
 * the functions checked above, CLV runs, 4 parameters are refused. */
static void test_public_kind(void **state)
{
    const double p[5] = {0.8, 5, 0.05, 1.5, 3}, x[2] = {2, 0}, tx[2] = {30.43, 0}, T[2] = {38.86, 38.86};
    const double gg[3] = {6.25, 3.74, 15.44}, z[2] = {30, 0};
    double out[2], q[5], k = 0, eq;
    csat_btyd_model *m;
    csat_spend_model *sp;
    (void)state;
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_GGOMNBD), CSAT_OK);
    assert_int_equal(csat_btyd_get_kind(m), CSAT_BTYD_GGOMNBD);
    assert_int_equal(csat_btyd_p_alive(m, x, tx, T, 2, out), CSAT_EMISUSE);
    assert_int_equal(csat_btyd_set_params(m, p, 4), CSAT_EINVAL);
    assert_int_equal(csat_btyd_set_params(m, p, 5), CSAT_OK);
    assert_int_equal(csat_btyd_get_params(m, q, 4), CSAT_EBUFSIZE);
    assert_int_equal(csat_btyd_get_params(m, q, 5), CSAT_OK);
    assert_memory_equal(p, q, sizeof p);
    assert_int_equal(csat_btyd_p_alive(m, x, tx, T, 2, out), CSAT_OK);
    for (int i = 0; i < 2; i++)
        assert_true(out[i] == csat__ggom_p_alive(p, x[i], tx[i], T[i]));
    assert_int_equal(csat_btyd_expected_purchases(m, 10, x, tx, T, 2, out), CSAT_OK);
    for (int i = 0; i < 2; i++)
        assert_true(out[i] == csat__ggom_expected_cond(p, 10, x[i], tx[i], T[i]));
    assert_int_equal(csat_btyd_prob_purchases(m, 4, &k, 1, out), CSAT_OK);
    assert_true(out[0] == csat__ggom_prob_new(p, 4, 0));
    assert_int_equal(csat_btyd_prob_purchases_cond(m, 4, 0, x, tx, T, 2, out), CSAT_OK);
    for (int i = 0; i < 2; i++)
        assert_true(out[i] == csat__ggom_prob_cond(p, 4, 0, x[i], tx[i], T[i]));
    assert_int_equal(csat_spend_new(&sp, NULL), CSAT_OK);
    assert_int_equal(csat_spend_set_params(sp, gg, 3), CSAT_OK);
    assert_int_equal(csat_clv(m, sp, x, tx, T, z, 2, NULL, out, &eq), CSAT_OK);
    assert_true(out[0] > 0 && isfinite(out[0]) && isfinite(eq));
    csat_spend_free(sp);
    csat_btyd_free(m);
}

/* Recovery: 600 customers simulated from known parameters, refitted: each
 * estimate within 3 standard errors of the truth. (2,000 customers, run
 * by hand: |z| <= 2.6, 150 s wall on the shared machine; CDNOW: CSAT_EDOM
 * at r = 0.553, alpha = 10.6, s = 0.606, b, beta -> 0, CLVTools' r, alpha,
 * s.) */
static void test_recovery(void **state)
{
    enum { N = 600 };
    const double p[5] = {0.8, 5, 0.05, 1.5, 3};
    static double x[N], tx[N], T[N];
    double q[5], se[5];
    csat_btyd_model *m, *f;
    (void)state;
    for (size_t i = 0; i < N; i++)
        T[i] = 20.0 + 40.0 * (double)(i % 97) / 96.0;
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_GGOMNBD), CSAT_OK);
    assert_int_equal(csat_btyd_set_params(m, p, 5), CSAT_OK);
    assert_int_equal(csat_btyd_simulate(m, 7, T, N, x, tx, NULL, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_new(&f, NULL, CSAT_BTYD_GGOMNBD), CSAT_OK);
    assert_int_equal(csat_btyd_fit(f, x, tx, T, NULL, N, NULL), CSAT_OK);
    assert_int_equal(csat_btyd_get_params(f, q, 5), CSAT_OK);
    assert_int_equal(csat_btyd_standard_errors(f, se, 5), CSAT_OK);
    for (int i = 0; i < 5; i++) {
        print_message("%d: %g (true %g) se %g\n", i, q[i], p[i], se[i]);
        assert_true(fabs(q[i] - p[i]) <= 3 * se[i]);
    }
    csat_btyd_free(f);
    csat_btyd_free(m);
}

/* The analytic Hessian (csat__ggom_loglik_hess, one row) against the
 * 40-digit mpmath second differences: each entry to 1e-9 of the scale of
 * its row and column (sqrt |H_jj H_kk|; off-diagonal entries can be ~0).
 * The value and gradient are those of csat__ggom_loglik, bit for bit. */
static void test_hessian_reference(void **state)
{
    double worst = 0.0;
    (void)state;
    for (size_t i = 0; i < NROWS(ggom_hess); i++) {
        const double *v = ggom_hess[i], *ref = v + 8;
        const csat__btyd_rows row = {v + 5, v + 6, v + 7, NULL, 1};
        double g[5], h[25], g2[5], ll, dmax = 0.0;
        for (int j = 0; j < 5; j++)
            dmax = fmax(dmax, fabs(ref[j * 5 + j]));
        ll = csat__ggom_loglik_hess(v, &row, g, h);
        assert_true(ll == csat__ggom_loglik(v, &row, g2)); /* the same value, either way */
        assert_memory_equal(g, g2, sizeof g);
        for (int j = 0; j < 5; j++)
            for (int k = 0; k < 5; k++) {
                /* (+ a little of the largest: d2/ds2 is 0 where t_x = T) */
                const double sc = sqrt(fabs(ref[j * 5 + j] * ref[k * 5 + k])) + 1e-12 * dmax;
                const double e = fabs(h[j * 5 + k] - ref[j * 5 + k]) / sc;
                if (!(e <= 1e-9))
                    print_message("row %zu (%d,%d): %.17g vs %.17g\n", i, j, k, h[j * 5 + k], ref[j * 5 + k]);
                worst = fmax(worst, isnan(e) ? INFINITY : e);
            }
    }
    print_message("Hessian vs mpmath: %zu rows, worst %.3g\n", NROWS(ggom_hess), worst);
    assert_true(worst <= 1e-9);
}

/* The analytic Hessian against central differences (steps e^{+-1e-5}) of
 * the analytic gradient over parameters in e^[-3, 3] and the rows of
 * test_panels_vs_adaptive, in log-parameters relative to the scale of the
 * entry's row and column: agreement to the differences' own error, ~1e-8
 * of that scale, but 6.1e-5 on this grid where s / beta is large (the
 * gradient's beta term cancels there; ~3e-3 over e^[-6, 6]): 1e-3. */
static void test_hessian_differences(void **state)
{
    uint64_t st = 20261206;
    double worst = 0.0;
    (void)state;
    for (int it = 0; it < 1500; it++) {
        double p[5], x, tx, T, g[5], h[25], hn[25];
        csat__btyd_rows row = {&x, &tx, &T, NULL, 1};
        draw_row(&st, it, 3.0, p, &x, &tx, &T);
        (void)csat__ggom_loglik_hess(p, &row, g, h);
        for (int k = 0; k < 5; k++) {
            double pp[5], gp[5], gm[5], up, dn;
            memcpy(pp, p, sizeof pp);
            up = pp[k] = p[k] * exp(1e-5);
            (void)csat__ggom_loglik(pp, &row, gp);
            dn = pp[k] = p[k] * exp(-1e-5);
            (void)csat__ggom_loglik(pp, &row, gm);
            for (int j = 0; j < 5; j++)
                hn[j * 5 + k] = (gp[j] - gm[j]) / (up - dn);
        }
        for (int j = 0; j < 5; j++)
            for (int k = 0; k < 5; k++) {
                /* in log-parameters: p_j p_k H_jk */
                const double sc = sqrt(fabs(hn[j * 5 + j] * hn[k * 5 + k])) * p[j] * p[k] +
                                  1e-3 * (fabs(g[j]) * p[j] + fabs(g[k]) * p[k]) + 1e-8;
                const double e = fabs(h[j * 5 + k] - hn[j * 5 + k]) * p[j] * p[k] / sc;
                worst = fmax(worst, isnan(e) ? INFINITY : e);
            }
    }
    print_message("Hessian vs differences of the gradient: worst %.3g\n", worst);
    assert_true(worst <= 1e-3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loglik_reference),
        cmocka_unit_test(test_expected_new_reference),
        cmocka_unit_test(test_expected_cond_reference),
        cmocka_unit_test(test_pmf_reference),
        cmocka_unit_test(test_pmf_sums),
        cmocka_unit_test(test_panels_vs_adaptive),
        cmocka_unit_test(test_hessian_reference),
        cmocka_unit_test(test_hessian_differences),
        cmocka_unit_test(test_cdnow_published),
        cmocka_unit_test(test_public_kind),
        cmocka_unit_test(test_recovery),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
