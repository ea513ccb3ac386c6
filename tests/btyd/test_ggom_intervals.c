/*
 * GGom/NBD prediction intervals (issue 15 §4; the model: Bemmaor & Glady
 * 2012), on the data and at the point of tests/btyd/ggom_intervals_data.h
 * (tests/reference/ggom_intervals_mpmath.py --data-only): the delta
 * method's standard errors against an independent mpmath computation
 * (ggom_intervals_reference.h, the same script: the covariance from
 * central differences of the log-likelihood in theta = log(params) at 20
 * digits, the predictions' gradients by central differences of their
 * defining integrals); delta and parametric bootstrap agree; bounds contain the estimate; intervals shrink
 * with the number of customers; every quantity and method (P(alive), E[X],
 * P(X = k), DERT, CLV and customer equity); seeded bootstraps reproduce.
 * GGom/NBD's delta gradients are numerical (Richardson differences, as
 * csat.h documents).
 */
#include "csat_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ggom_intervals_data.h"
#include "ggom_intervals_reference.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define NR N_OF(ggom_iv_data)
#define Z975 1.959963984540054

typedef struct data {
    double x[NR], tx[NR], T[NR], w[NR], mv[NR];
} data;

static void load(data *d)
{
    for (size_t i = 0; i < NR; i++) {
        d->x[i] = ggom_iv_data[i][0];
        d->tx[i] = ggom_iv_data[i][1];
        d->T[i] = ggom_iv_data[i][2];
        d->w[i] = ggom_iv_data[i][3];
        d->mv[i] = 8.0 * exp(1.2 * sin(2.3 * (double)i)); /* mean spend: spread enough for Gamma-Gamma */
    }
}

static csat_btyd_model *model(void)
{
    csat_btyd_model *m = NULL;
    assert_int_equal(csat_btyd_new(&m, NULL, CSAT_BTYD_GGOMNBD), CSAT_OK);
    assert_int_equal(csat_btyd_set_params(m, ggom_iv_params, 5), CSAT_OK);
    return m;
}

static double quantity_arg(int q)
{
    return q == CSAT_PREDICT_EXPECTED_PURCHASES ? ggom_iv_t : q == CSAT_PREDICT_DERT ? ggom_iv_delta : 0.0;
}

/* The standard error behind a delta interval (csat.h: logit scale for
 * P(alive), log scale otherwise). */
static double se_from_bounds(int prob, double f, double hi)
{
    if (prob)
        return (log(hi / (1 - hi)) - log(f / (1 - f))) * f * (1 - f) / Z975;
    return log(hi / f) * f / Z975;
}

/* Against mpmath: the estimates to 1e-9 (the library's quadrature against
 * mpmath's), the standard errors to 1e-6 (the library's Hessian is a
 * difference of its analytic gradient, its prediction gradients
 * Richardson differences; mpmath's differences carry ~1e-9). */
static void test_delta_reference(void **state)
{
    data d;
    double e[NR], lo[NR], hi[NR], tot[3], worst = 0;
    csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
    csat_btyd_model *m = model();
    (void)state;
    load(&d);
    for (int q = 0; q < 3; q++) {
        csat_assert_status(csat_btyd_intervals(m, (csat_btyd_quantity)q, quantity_arg(q), d.x, d.tx, d.T, d.w,
                                               NR, &o, e, lo, hi, tot),
                           CSAT_OK);
        for (size_t k = 0; k < N_OF(ggom_iv_se); k++) {
            if ((int)ggom_iv_se[k][0] != q)
                continue;
            size_t i = (size_t)ggom_iv_se[k][1];
            double se = se_from_bounds(q == 0, e[i], hi[i]);
            csat_assert_close(e[i], ggom_iv_se[k][2], 1e-9, 0);
            worst = fmax(worst, fabs(se / ggom_iv_se[k][3] - 1));
            csat_assert_close(se, ggom_iv_se[k][3], 1e-6, 0);
            assert_true(lo[i] < e[i] && e[i] < hi[i]);
        }
        csat_assert_close(tot[0], ggom_iv_total_se[q][1], 1e-9, 0);
        worst = fmax(worst, fabs(se_from_bounds(0, tot[0], tot[2]) / ggom_iv_total_se[q][2] - 1));
        csat_assert_close(se_from_bounds(0, tot[0], tot[2]), ggom_iv_total_se[q][2], 1e-6, 0);
    }
    print_message("GGom/NBD delta se: worst relative difference from mpmath %.3g\n", worst);
    csat_btyd_free(m);
}

/* Delta and parametric bootstrap agree on the totals (the bootstrap's
 * percentile bounds within 10% of the delta interval's width, 400 draws);
 * every quantity and method gives finite bounds around the estimate. */
static void test_methods_agree(void **state)
{
    data d;
    double e[NR], lo[NR], hi[NR], dt[3], pt[3];
    csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
    csat_btyd_model *m = model();
    (void)state;
    load(&d);
    for (int q = 0; q < 4; q++) {
        for (int method = 0; method < 3; method++) {
            double *t = method == CSAT_INTERVAL_DELTA ? dt : pt;
            o.method = (csat_interval_method)method;
            o.n_draws = method == CSAT_INTERVAL_RESAMPLE ? 4 : 400;
            if (method == CSAT_INTERVAL_RESAMPLE && q != CSAT_PREDICT_P_ALIVE)
                continue; /* refits are the slow part: one quantity covers them */
            if (q < 3)
                csat_assert_status(csat_btyd_intervals(m, (csat_btyd_quantity)q, quantity_arg(q), d.x, d.tx, d.T,
                                                       d.w, NR, &o, e, lo, hi, t),
                                   CSAT_OK);
            else
                csat_assert_status(csat_btyd_prob_intervals(m, ggom_iv_t, 1, d.x, d.tx, d.T, d.w, NR, &o, e, lo,
                                                            hi, t),
                                   CSAT_OK);
            for (size_t i = 0; i < NR; i++) {
                assert_true(isfinite(lo[i]) && isfinite(hi[i]) && lo[i] <= hi[i]);
                if (q == 0 || q == 3)
                    assert_true(lo[i] >= 0 && hi[i] <= 1);
                if (method == CSAT_INTERVAL_DELTA)
                    assert_true(lo[i] <= e[i] && e[i] <= hi[i]);
            }
            assert_true(t[1] <= t[2]);
            if (method != CSAT_INTERVAL_RESAMPLE) /* 4 refits: their spread need not reach the estimate */
                assert_true(t[1] <= t[0] && t[0] <= t[2]);
            if (method == CSAT_INTERVAL_PARAMETRIC) {
                double w = dt[2] - dt[1];
                assert_true(w > 0);
                csat_assert_close(pt[1], dt[1], 0, 0.1 * w);
                csat_assert_close(pt[2], dt[2], 0, 0.1 * w);
            }
        }
    }
    csat_btyd_free(m);
}

/* Ten times the customers on the same rows: the delta interval of the
 * mean prediction narrows by sqrt(10) (the information scales by 10); and
 * on simulated data, 4,000 customers give a narrower interval than 400. */
static void test_shrinks_with_n(void **state)
{
    data d;
    double w10[NR], tot1[3], tot10[3];
    csat_btyd_model *m = model();
    (void)state;
    load(&d);
    for (size_t i = 0; i < NR; i++)
        w10[i] = 10 * d.w[i];
    for (int q = 0; q < 3; q++) {
        csat_assert_status(csat_btyd_intervals(m, (csat_btyd_quantity)q, quantity_arg(q), d.x, d.tx, d.T, d.w,
                                               NR, NULL, NULL, NULL, NULL, tot1),
                           CSAT_OK);
        csat_assert_status(csat_btyd_intervals(m, (csat_btyd_quantity)q, quantity_arg(q), d.x, d.tx, d.T, w10,
                                               NR, NULL, NULL, NULL, NULL, tot10),
                           CSAT_OK);
        csat_assert_close(tot10[0], 10 * tot1[0], 1e-12, 0);
        csat_assert_close(log(tot10[2] / tot10[0]), log(tot1[2] / tot1[0]) / sqrt(10.0), 1e-6, 0);
    }
    {
        enum { big = 4000, small = 400 };
        double *x = malloc(3 * big * sizeof(double)), *tx = x + big, *T = x + 2 * big, rel[2];
        assert_non_null(x);
        for (size_t i = 0; i < big; i++)
            T[i] = 40 + (double)(i % 13);
        assert_int_equal(csat_btyd_simulate(m, 21, T, big, x, tx, NULL, NULL), CSAT_OK);
        for (int k = 0; k < 2; k++) {
            size_t n = k ? big : small;
            double tot[3];
            csat_btyd_model *f = model();
            if (csat_btyd_fit(f, x, tx, T, NULL, n, NULL) != CSAT_OK)
                fail_msg("fit on %zu: %s", n, csat_btyd_last_error(f));
            csat_assert_status(csat_btyd_intervals(f, CSAT_PREDICT_EXPECTED_PURCHASES, 10, x, tx, T, NULL, n, NULL,
                                                   NULL, NULL, NULL, tot),
                               CSAT_OK);
            rel[k] = (tot[2] - tot[1]) / tot[0];
            csat_btyd_free(f);
        }
        assert_true(rel[1] < 0.6 * rel[0]);
        free(x);
    }
    csat_btyd_free(m);
}

/* CLV and customer equity: the estimate is csat_clv's, the equity interval
 * contains it, delta and parametric agree (CLV's customer resampling is the
 * same code for every kind: tests/btyd/test_intervals.c; here the refits
 * of P(alive) above cover GGom/NBD's). */
static void test_clv(void **state)
{
    data d;
    double e[NR], lo[NR], hi[NR], clv[NR], eq, dt[3], pt[3];
    csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
    static const double sp[3] = {6.25, 3.74, 15.44};
    csat_btyd_model *m = model();
    csat_spend_model *s = NULL;
    (void)state;
    load(&d);
    assert_int_equal(csat_spend_new(&s, NULL), CSAT_OK);
    assert_int_equal(csat_spend_set_params(s, sp, 3), CSAT_OK);
    csat_assert_status(csat_spend_fit(s, d.x, d.mv, d.w, NR, NULL), CSAT_OK);
    assert_int_equal(csat_clv(m, s, d.x, d.tx, d.T, d.mv, NR, NULL, clv, &eq), CSAT_OK);
    csat_assert_status(csat_clv_intervals(m, s, d.x, d.tx, d.T, d.mv, d.w, NR, NULL, &o, e, lo, hi, dt), CSAT_OK);
    assert_memory_equal(clv, e, sizeof clv);
    for (size_t i = 0; i < NR; i++)
        assert_true(lo[i] <= e[i] && e[i] <= hi[i] && lo[i] < hi[i]);
    assert_true(dt[1] < dt[0] && dt[0] < dt[2]);
    o.method = CSAT_INTERVAL_PARAMETRIC;
    o.n_draws = 400;
    csat_assert_status(csat_clv_intervals(m, s, d.x, d.tx, d.T, d.mv, d.w, NR, NULL, &o, NULL, NULL, NULL, pt),
                       CSAT_OK);
    csat_assert_close(pt[1], dt[1], 0, 0.1 * (dt[2] - dt[1]));
    csat_assert_close(pt[2], dt[2], 0, 0.1 * (dt[2] - dt[1]));
    csat_btyd_free(m);
    csat_spend_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delta_reference),
        cmocka_unit_test(test_methods_agree),
        cmocka_unit_test(test_shrinks_with_n),
        cmocka_unit_test(test_clv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
