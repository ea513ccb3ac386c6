/*
 * Tracking (csat_btyd_expected_cumulative, csat_btyd_alive_path) against
 * lifetimes' definitions (lifetimes 0.11.3, lifetimes/utils.py):
 *  - expected_cumulative_transactions: its "predicted" value at a period is
 *    sum over birth cohorts born before it of (customers born) x
 *    E[X(period - birth)], E[X(t)] of a new customer (Fader, Hardie & Lee
 *    2005, "A note on implementing the Pareto/NBD model in MATLAB", p. 8);
 *    computed here term by term in long double from
 *    csat_btyd_expected_purchases_new (itself tested against mpmath);
 *  - calculate_alive_path: at each period T, frequency = purchases so far
 *    less the first, recency = the period of the last one, and P(alive |
 *    frequency, recency, T) (conditional_probability_alive); the rows are
 *    written out by hand below and evaluated with csat_btyd_p_alive.
 */
#include "csat_test.h"

static const double cdnow_bg[4] = {0.243, 4.414, 0.793, 2.426};
static const double cdnow_pnbd[4] = {0.553, 10.578, 0.606, 11.669};
static const double donations_bgbb[4] = {1.204, 0.750, 0.657, 2.783};

static csat_btyd_model *model(csat_btyd_kind kind, const double *p)
{
    csat_btyd_model *m;
    assert_int_equal(csat_btyd_new(&m, NULL, kind), CSAT_OK);
    csat_assert_status(csat_btyd_set_params(m, p, 4), CSAT_OK);
    return m;
}

static void check_cumulative(csat_btyd_model *m, const double *birth, const double *count, size_t nc,
                             const double *t, size_t nt)
{
    double out[8];
    assert_true(nt <= 8);
    csat_assert_status(csat_btyd_expected_cumulative(m, birth, count, nc, t, nt, out), CSAT_OK);
    for (size_t j = 0; j < nt; j++) {
        long double want = 0;
        for (size_t i = 0; i < nc; i++)
            if (birth[i] < t[j]) {
                double h = t[j] - birth[i], e;
                csat_assert_status(csat_btyd_expected_purchases_new(m, &h, 1, &e), CSAT_OK);
                want += (long double)count[i] * e;
            }
        csat_assert_close(out[j], (double)want, 1e-14, 1e-300);
    }
}

static void test_expected_cumulative(void **state)
{
    static const double birth[5] = {0, 1, 2, 3.5, 7}, count[5] = {10, 0, 5, 2.5, 1000};
    static const double t[6] = {0, 1, 2.5, 4, 10, 78};
    static const double bb_birth[3] = {0, 1, 3}, bb_count[3] = {100, 50, 25}, bb_t[4] = {1, 2, 4, 11};
    csat_btyd_model *bg = model(CSAT_BTYD_BGNBD, cdnow_bg), *pn = model(CSAT_BTYD_PARETO_NBD, cdnow_pnbd);
    csat_btyd_model *bb = model(CSAT_BTYD_BGBB, donations_bgbb);
    double out[6];
    (void)state;
    check_cumulative(bg, birth, count, 5, t, 6);
    check_cumulative(pn, birth, count, 5, t, 6);
    check_cumulative(bb, bb_birth, bb_count, 3, bb_t, 4);
    /* nobody born before the first time: 0; one cohort of one: E[X(t)] */
    csat_assert_status(csat_btyd_expected_cumulative(bg, birth, count, 5, t, 1, out), CSAT_OK);
    assert_true(out[0] == 0.0);
    /* cumulative: non-decreasing in t */
    csat_assert_status(csat_btyd_expected_cumulative(bg, birth, count, 5, t, 6, out), CSAT_OK);
    for (int j = 1; j < 6; j++)
        assert_true(out[j] >= out[j - 1]);
    /* errors: out untouched */
    {
        double bad[2] = {0, NAN}, neg[2] = {1, -1}, o[2] = {-7, -7}, half[1] = {1.5};
        csat_assert_status(csat_btyd_expected_cumulative(bg, bad, count, 2, t, 2, o), CSAT_EINVAL);
        assert_non_null(strstr(csat_btyd_last_error(bg), "birth[1]"));
        csat_assert_status(csat_btyd_expected_cumulative(bg, birth, neg, 2, t, 2, o), CSAT_EINVAL);
        assert_non_null(strstr(csat_btyd_last_error(bg), "count[1]"));
        csat_assert_status(csat_btyd_expected_cumulative(bg, birth, count, 2, bad, 2, o), CSAT_EINVAL);
        csat_assert_status(csat_btyd_expected_cumulative(bg, birth, count, 0, t, 2, o), CSAT_EEMPTY);
        csat_assert_status(csat_btyd_expected_cumulative(bg, birth, count, 2, t, 0, o), CSAT_EEMPTY);
        csat_assert_status(csat_btyd_expected_cumulative(bg, NULL, count, 2, t, 2, o), CSAT_EINVAL);
        csat_assert_status(csat_btyd_expected_cumulative(bb, half, bb_count, 1, bb_t, 1, o), CSAT_EINVAL);
        assert_true(o[0] == -7 && o[1] == -7);
        {
            csat_btyd_model *none;
            assert_int_equal(csat_btyd_new(&none, NULL, CSAT_BTYD_BGNBD), CSAT_OK);
            csat_assert_status(csat_btyd_expected_cumulative(none, birth, count, 2, t, 2, o), CSAT_EMISUSE);
            csat_btyd_free(none);
        }
    }
    csat_btyd_free(bg);
    csat_btyd_free(pn);
    csat_btyd_free(bb);
}

static void test_alive_path(void **state)
{
    /* purchases at 3 (birth), 5, 5 (two in one period) and 8; evaluated at
     * 3..12 as T = 0..9 (lifetimes' periods would dedupe the two at 5: the
     * caller gives one per period, as the Python wrapper does) */
    static const double times[4] = {3, 5, 5, 8};
    static const double at[7] = {3, 4, 5, 7, 8, 12, 4};
    static const double x[7] = {0, 0, 2, 2, 3, 3, 0}, tx[7] = {0, 0, 2, 2, 5, 5, 0}, T[7] = {0, 1, 2, 4, 5, 9, 1};
    csat_btyd_model *kinds[3] = {model(CSAT_BTYD_BGNBD, cdnow_bg), model(CSAT_BTYD_PARETO_NBD, cdnow_pnbd),
                                 model(CSAT_BTYD_MBGNBD, cdnow_bg)};
    double out[7], want[7];
    (void)state;
    for (int k = 0; k < 3; k++) {
        csat_assert_status(csat_btyd_alive_path(kinds[k], times, 4, at, 7, out), CSAT_OK);
        csat_assert_status(csat_btyd_p_alive(kinds[k], x, tx, T, 7, want), CSAT_OK);
        for (int j = 0; j < 7; j++)
            assert_true(out[j] == want[j]);
    }
    {
        /* BG/BB: opportunities 1..6 after the first purchase at 0 */
        static const double bt[3] = {0, 2, 5}, ba[3] = {1, 3, 6};
        static const double bx[3] = {0, 1, 2}, btx[3] = {0, 2, 5}, bn[3] = {1, 3, 6};
        csat_btyd_model *bb = model(CSAT_BTYD_BGBB, donations_bgbb);
        csat_assert_status(csat_btyd_alive_path(bb, bt, 3, ba, 3, out), CSAT_OK);
        csat_assert_status(csat_btyd_p_alive(bb, bx, btx, bn, 3, want), CSAT_OK);
        for (int j = 0; j < 3; j++)
            assert_true(out[j] == want[j]);
        csat_assert_status(csat_btyd_alive_path(bb, times, 4, at, 3, out), CSAT_EINVAL); /* x > t_x */
        csat_btyd_free(bb);
    }
    {
        double o[2] = {-7, -7}, unsorted[3] = {1, 3, 2}, early[1] = {2.5}, nan[1] = {NAN};
        csat_assert_status(csat_btyd_alive_path(kinds[0], unsorted, 3, at, 2, o), CSAT_EINVAL);
        assert_non_null(strstr(csat_btyd_last_error(kinds[0]), "times[2]"));
        csat_assert_status(csat_btyd_alive_path(kinds[0], times, 4, early, 1, o), CSAT_EINVAL);
        assert_non_null(strstr(csat_btyd_last_error(kinds[0]), "at[0]"));
        csat_assert_status(csat_btyd_alive_path(kinds[0], times, 4, nan, 1, o), CSAT_EINVAL);
        csat_assert_status(csat_btyd_alive_path(kinds[0], times, 0, at, 2, o), CSAT_EEMPTY);
        csat_assert_status(csat_btyd_alive_path(kinds[0], times, 4, at, 0, o), CSAT_EEMPTY);
        csat_assert_status(csat_btyd_alive_path(kinds[0], NULL, 4, at, 2, o), CSAT_EINVAL);
        assert_true(o[0] == -7 && o[1] == -7);
    }
    for (int k = 0; k < 3; k++)
        csat_btyd_free(kinds[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expected_cumulative),
        cmocka_unit_test(test_alive_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
