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
 *  - an independent 40-digit mpmath quadrature of those integrals in the
 *    original variable (tests/reference/ggom_mpmath.py ->
 *    ggom_reference.h), gradient by mpmath.diff: matched to 1e-10;
 *  - CLVTools' published GGom/NBD fit on CDNOW (CLVTools
 *    tests/testthat/test_correctness_ggomnbd.R: r = 0.55313, alpha =
 *    10.5758, b = 0.0000011, s = 0.60682, beta = 0.000013, LL = -9594.9762;
 *    Bemmaor & Glady 2012, Table 2: LL = -9594.98): our LL at those
 *    (rounded) estimates.
 */
#include "csat_test.h"

#include <float.h>
#include "btyd_data.h"
#include "btyd/btyd_ggom.h"
#include "ggom_reference.h"

#define NROWS(a) (sizeof(a) / sizeof(a)[0])

static void test_loglik_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < NROWS(ggom_ll); i++) {
        const double *v = ggom_ll[i];
        double g[5], lpa;
        const double ll = csat__ggom_loglik_row(v, v[5], v[6], v[7], g, &lpa);
        csat_assert_close(ll, v[8], 1e-10, 1e-10);
        csat_assert_close(lpa, v[9], 1e-10, 1e-10);
        csat_assert_close(csat__ggom_log_p_alive(v, v[5], v[6], v[7]), v[9], 1e-10, 1e-10);
        for (int j = 0; j < 5; j++) {
            /* relative to the scale of the parameter's term: |g| p ~ 1 */
            csat_assert_close(g[j], v[10 + j], 1e-8, 1e-9 / v[j]);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loglik_reference),
        cmocka_unit_test(test_expected_new_reference),
        cmocka_unit_test(test_expected_cond_reference),
        cmocka_unit_test(test_cdnow_published),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
