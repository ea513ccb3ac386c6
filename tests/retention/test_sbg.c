/*
 * sBG contractual retention. References:
 *  - Fader & Hardie (2007), "How to project customer retention", J. Interactive
 *    Marketing 21(1):76-90, "Regular" cohort: alpha = 0.704, beta = 1.182
 *    (printed to 3 dp), LL = -1680.3, and the actual survival of years 8-12
 *    (22.3, 20.7, 19.4, 18.3, 17.3 %), which the model projects to within
 *    half a point.
 *  - tests/reference/sbg_reference.py (mpmath, 40 digits; its output is
 *    tests/reference/sbg_reference.txt): MLE, S(t), DEL, DERL.
 *  - tests/reference/sbg_extremes_mpmath.py (mpmath, 400 digits; its output
 *    is sbg_extremes_reference.h): S(t), r(t), P(T = t) for parameters over
 *    1e-300..1e300 and t up to 1e15.
 */
#include "csat_test.h"
#include "core/internal.h"
#include "numerics/numerics.h"
#include "sbg_del_reference.h"
#include "sbg_extremes_reference.h"

#include <float.h>

static const double regular[] = {1000, 631, 468, 382, 326, 289, 262, 241};
/* sbg_reference.txt */
static const double ref_alpha = 0.70407729847351620802, ref_beta = 1.1820430262094756755;
static const double ref_ll = -1680.2651884632869933;
static const double ref_surv[13] = {
    1.0, 0.62670605408387536532, 0.47381932177314308776, 0.38797395411438384411,
    0.33206791100876998781, 0.29234709920130993812, 0.26245581846309496542,
    0.23902361402997535043, 0.22008496653381901226, 0.20441078661463677665,
    0.19119019101896289863, 0.17986499242512676408, 0.17003745281151089336};

static void test_regular_cohort(void **state)
{
    csat_sbg *m;
    csat_sbg_params p;
    csat_fit_report rep;
    double t[13], s[13], se_a, se_b, ll;
    static const double actual_8_12[] = {0.223, 0.207, 0.194, 0.183, 0.173}; /* paper, Table 1 */
    (void)state;
    assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_fit_survivors(m, regular, 8, &rep), CSAT_OK);
    assert_int_equal(csat_sbg_get_params(m, &p), CSAT_OK);
    csat_assert_close(p.alpha, 0.704, 0, 5e-4); /* printed precision */
    csat_assert_close(p.beta, 1.182, 0, 5e-4);
    csat_assert_close(p.alpha, ref_alpha, 1e-7, 0); /* mpmath MLE */
    csat_assert_close(p.beta, ref_beta, 1e-7, 0);
    csat_assert_close(rep.log_likelihood, ref_ll, 1e-12, 0);
    csat_assert_close(rep.log_likelihood, -1680.3, 0, 0.05);
    assert_true(rep.converged);
    assert_int_equal(csat_sbg_std_err(m, &se_a, &se_b), CSAT_OK);
    assert_true(se_a > 0 && se_a < p.alpha && se_b > 0 && se_b < p.beta);
    for (int i = 0; i < 13; i++)
        t[i] = i;
    assert_int_equal(csat_sbg_survival(&p, t, 13, s, NULL), CSAT_OK);
    for (int i = 0; i < 13; i++)
        csat_assert_close(s[i], ref_surv[i], 1e-7, 0);
    for (int i = 0; i < 5; i++)
        csat_assert_close(s[8 + i], actual_8_12[i], 0, 0.005);
    assert_int_equal(csat_sbg_log_likelihood(&p, regular, 8, &ll, NULL), CSAT_OK);
    csat_assert_close(ll, ref_ll, 1e-12, 0);
    csat_sbg_free(m);
}

/* The same cohort counted in units of 1e-300 or 1e300 customers: the same
 * MLE (the fit ran on the raw log-likelihood, whose gradient at 1e-300
 * passed the convergence test at the starting point alpha = beta = 1),
 * standard errors scaled by 1/sqrt(scale), log-likelihood by scale.
 * Found by the valid-input sweep. */
static void test_scale_of_the_counts(void **state)
{
    static const double scale[] = {1e-300, 1e-6, 1e6, 1e300};
    csat_sbg *m;
    csat_sbg_params p0, p;
    csat_fit_report r0, r;
    double s[8], a0, b0, a, b;
    (void)state;
    assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_fit_survivors(m, regular, 8, &r0), CSAT_OK);
    assert_int_equal(csat_sbg_get_params(m, &p0), CSAT_OK);
    assert_int_equal(csat_sbg_std_err(m, &a0, &b0), CSAT_OK);
    for (size_t k = 0; k < 4; k++) {
        for (int i = 0; i < 8; i++)
            s[i] = regular[i] * scale[k];
        assert_int_equal(csat_sbg_fit_survivors(m, s, 8, &r), CSAT_OK);
        assert_int_equal(csat_sbg_get_params(m, &p), CSAT_OK);
        assert_int_equal(csat_sbg_std_err(m, &a, &b), CSAT_OK);
        csat_assert_close(p.alpha, p0.alpha, 1e-6, 0);
        csat_assert_close(p.beta, p0.beta, 1e-6, 0);
        csat_assert_close(a * sqrt(scale[k]), a0, 1e-4, 0);
        csat_assert_close(b * sqrt(scale[k]), b0, 1e-4, 0);
        csat_assert_close(r.log_likelihood / scale[k], r0.log_likelihood, 1e-9, 0);
    }
    csat_sbg_free(m);
}

static void test_durations_equal_counts(void **state)
{
    /* the Regular cohort as 1000 individual records */
    double dur[1000], ch[1000];
    size_t k = 0;
    csat_sbg *m;
    csat_sbg_params p;
    (void)state;
    for (int t = 1; t < 8; t++)
        for (int j = 0; j < (int)(regular[t - 1] - regular[t]); j++) {
            dur[k] = t;
            ch[k++] = 1;
        }
    while (k < 1000) {
        dur[k] = 7;
        ch[k++] = 0;
    }
    assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_fit_durations(m, dur, ch, 1000, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_get_params(m, &p), CSAT_OK);
    csat_assert_close(p.alpha, ref_alpha, 1e-7, 0);
    csat_assert_close(p.beta, ref_beta, 1e-7, 0);
    csat_sbg_free(m);
}

static void test_from_customer_store(void **state)
{
    /* the Regular cohort as yearly subscription payments: customer i pays at
     * 0, 1, ..., T_i - 1; the 241 still active paid 8 times (0..7) and the
     * observation ends at 7.5, before their renewal at 8 is due; plus one
     * customer acquired later (outside the cohort) */
    static uint64_t id[6000];
    static double t[6000];
    size_t k = 0;
    uint64_t cust = 1;
    csat_customers *c;
    csat_sbg *m;
    csat_sbg_params p;
    (void)state;
    for (int life = 1; life <= 8; life++) {
        int count = life < 8 ? (int)(regular[life - 1] - regular[life]) : (int)regular[7];
        for (int j = 0; j < count; j++, cust++)
            for (int y = 0; y < life; y++) {
                id[k] = cust;
                t[k++] = y;
            }
    }
    id[k] = cust;
    t[k++] = 3.0;
    assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
    assert_int_equal(csat_customers_add(c, id, t, NULL, k), CSAT_OK);
    assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_fit_customers(m, c, 1.0, 0.0, 1.0, 7.5, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_get_params(m, &p), CSAT_OK);
    csat_assert_close(p.alpha, ref_alpha, 1e-7, 0);
    csat_assert_close(p.beta, ref_beta, 1e-7, 0);
    csat_assert_status(csat_sbg_fit_customers(m, c, 1.0, 10.0, 11.0, 20, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_sbg_fit_customers(m, c, 0.0, 0.0, 1.0, 7.5, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_fit_customers(m, NULL, 1.0, 0.0, 1.0, 7.5, NULL), CSAT_EINVAL);
    /* found by tests/fuzz/fuzz_retention.c: a NULL handle was dereferenced
     * (UB under -fsanitize=undefined) before it was checked */
    csat_assert_status(csat_sbg_fit_customers(NULL, c, 1.0, 0.0, 1.0, 7.5, NULL), CSAT_EINVAL);
    assert_int_equal(csat_sbg_get_params(m, &p), CSAT_OK);
    csat_assert_close(p.alpha, ref_alpha, 1e-7, 0);
    csat_sbg_free(m);
    {
        csat_test_alloc ta = {-1, 0, 0};
        csat_allocator a = csat_test_allocator(&ta);
        assert_int_equal(csat_sbg_new(&m, &a), CSAT_OK);
        for (long j = 0;; j++) {
            long base = ta.live;
            csat_status st;
            csat_test_alloc_reset(&ta, j);
            st = csat_sbg_fit_customers(m, c, 1.0, 0.0, 1.0, 7.5, NULL);
            assert_int_equal(ta.live, base);
            if (st == CSAT_OK)
                break;
            assert_int_equal(st, CSAT_ENOMEM);
        }
        csat_sbg_free(m);
        assert_int_equal(ta.live, 0);
    }
    csat_customers_free(c);
}

static void test_closed_forms(void **state)
{
    const csat_sbg_params p = {0.704, 1.182}, q = {2.5, 3.0};
    double v, t[3] = {1, 2, 9}, r[3], pmf[3], s[3];
    (void)state;
    /* sbg_reference.txt */
    assert_int_equal(csat_sbg_del(&p, 0.1, &v, NULL), CSAT_OK);
    csat_assert_close(v, 3.6951474055745741042, 1e-13, 0);
    assert_int_equal(csat_sbg_derl(&p, 0.1, 0, &v, NULL), CSAT_OK);
    csat_assert_close(v, 2.9646621461320315146, 1e-13, 0);
    assert_int_equal(csat_sbg_derl(&p, 0.1, 4, &v, NULL), CSAT_OK);
    csat_assert_close(v, 5.8944228598441600446, 1e-13, 0);
    assert_int_equal(csat_sbg_derl(&p, 0.1, 10, &v, NULL), CSAT_OK);
    csat_assert_close(v, 7.4600610790880018395, 1e-13, 0);
    assert_int_equal(csat_sbg_del(&p, 0.01, &v, NULL), CSAT_OK);
    csat_assert_close(v, 9.4187595762487819733, 1e-12, 0);
    assert_int_equal(csat_sbg_derl(&p, 0.01, 4, &v, NULL), CSAT_OK);
    csat_assert_close(v, 21.00789859219021886, 1e-12, 0);
    assert_int_equal(csat_sbg_derl(&p, 0.01, 10, &v, NULL), CSAT_OK);
    csat_assert_close(v, 31.076724327857124649, 1e-12, 0);
    assert_int_equal(csat_sbg_clv(&p, 100.0, 0.1, &v, NULL), CSAT_OK);
    csat_assert_close(v, 369.51474055745741042, 1e-13, 0);
    /* DEL = 1 + DERL(0 renewals) / (1 + d): the first payment is certain */
    {
        double del, derl0;
        assert_int_equal(csat_sbg_del(&q, 0.07, &del, NULL), CSAT_OK);
        assert_int_equal(csat_sbg_derl(&q, 0.07, 0, &derl0, NULL), CSAT_OK);
        csat_assert_close(del, 1.0 + derl0 / 1.07, 1e-14, 0);
    }
    assert_int_equal(csat_sbg_expected_lifetime(&q, &v, NULL), CSAT_OK);
    csat_assert_close(v, 3.0, 1e-15, 0);
    assert_int_equal(csat_sbg_expected_lifetime(&p, &v, NULL), CSAT_EDOM);
    /* r(t) = S(t)/S(t-1), P(T=t) = S(t-1) - S(t) */
    assert_int_equal(csat_sbg_retention(&q, t, 3, r, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_churn_pmf(&q, t, 3, pmf, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_survival(&q, t, 3, s, NULL), CSAT_OK);
    csat_assert_close(r[0], 3.0 / 5.5, 1e-15, 0);
    csat_assert_close(r[1], s[1] / s[0], 1e-14, 0);
    csat_assert_close(pmf[0], 1.0 - s[0], 1e-14, 0);
    csat_assert_close(pmf[1], s[0] - s[1], 1e-13, 0);
}

/* Issue 12 regression: one period of survivors returned CSAT_OK at the
 * starting point with an SE of 3e5 (Inf or ENOCONV at other scales). Only
 * alpha/(alpha+beta) is identified: the same EDOM at every scale. */
/* Issue 12 regression: two rows of 10^7 periods took 10 s (and 160 MB), as
 * the likelihood walked every period. Runs without data are now crossed in
 * O(1) (digamma and log-gamma differences): the same fit as the walk over
 * every period, which the dense survivor form still takes. */
/* Issue 12 regression: DEL/DERL/CLV refused discounts below 1e-7 although
 * the header says d > 0. Any finite d > 0 now works, 1 - z taken from d
 * (z = 1/(1+d) rounds to 1 below 1e-16). Reference: mpmath at 400 digits,
 * tests/reference/sbg_small_discount_mpmath.py; n = -1 is DEL. */
static const double small_discount_ref[][5] = {
    {0.5, 2, 1e-3, -1, 71.654504526983941884},
    {0.5, 2, 1e-3, 0, 70.725159031510925826},
    {0.5, 2, 1e-3, 10, 170.4551877567005599},
    {0.5, 2, 1e-8, -1, 23558.945373122349683},
    {0.5, 2, 1e-8, 0, 23557.945608701803414},
    {0.5, 2, 1e-8, 10, 60739.533553121446513},
    {0.5, 2, 1e-12, -1, 2356191.4901970573138},
    {0.5, 2, 1e-12, 0, 2356190.4901994135043},
    {0.5, 2, 1e-12, 10, 6076328.5656732561134},
    {0.5, 2, 1e-17, -1, 745094116.93470760748},
    {0.5, 2, 1e-17, 0, 745094115.93470761494},
    {0.5, 2, 1e-17, 10, 1921511373.3485559527},
    {0.5, 2, 1e-300, -1, 2.3561944901923449288e+150},
    {0.5, 2, 1e-300, 0, 2.3561944901923449288e+150},
    {0.5, 2, 1e-300, 10, 6.0763525655942637381e+150},
    {1.5, 2, 1e-3, -1, 4.6467274773650802906},
    {1.5, 2, 1e-3, 0, 3.6503742048424453709},
    {1.5, 2, 1e-3, 10, 19.762620306082486002},
    {1.5, 2, 1e-8, -1, 4.9988221027313438825},
    {1.5, 2, 1e-8, 0, 3.9988221427195649098},
    {1.5, 2, 1e-8, 10, 23.984815356611719638},
    {1.5, 2, 1e-12, -1, 4.9999882190475490147},
    {1.5, 2, 1e-12, 0, 3.9999882190515490029},
    {1.5, 2, 1e-12, 10, 23.999848091809858169},
    {1.5, 2, 1e-17, -1, 4.9999999627452942033},
    {1.5, 2, 1e-17, 0, 3.9999999627452942433},
    {1.5, 2, 1e-17, 10, 23.999999519622156903},
    {1.5, 2, 1e-300, -1, 5.0},
    {1.5, 2, 1e-300, 0, 4.0},
    {1.5, 2, 1e-300, 10, 24.0},
    {3, 0.7, 1e-3, -1, 1.3490648445943008358},
    {3, 0.7, 1e-3, 0, 0.34941390943889513659},
    {3, 0.7, 1e-3, 10, 5.2904947313957812889},
    {3, 0.7, 1e-8, -1, 1.349999990550002833},
    {3, 0.7, 1e-8, 0, 0.34999999405000273855},
    {3, 0.7, 1e-8, 10, 5.3499993740512196025},
    {3, 0.7, 1e-12, -1, 1.349999999999055},
    {3, 0.7, 1e-12, 0, 0.349999999999405},
    {3, 0.7, 1e-12, 10, 5.349999999937405},
    {3, 0.7, 1e-17, -1, 1.3499999999999999905},
    {3, 0.7, 1e-17, 0, 0.34999999999999999405},
    {3, 0.7, 1e-17, 10, 5.349999999999999374},
    {3, 0.7, 1e-300, -1, 1.35},
    {3, 0.7, 1e-300, 0, 0.35},
    {3, 0.7, 1e-300, 10, 5.35},

};

/* The documented accuracy of DEL and DERL (include/csat.h): 2e-14
 * relative, or 2.5e-16 times |log d| or |log value| where larger (the
 * integrand's logarithm reaches -log d; a value near 1e300 comes from its
 * logarithm). */
static double del_tolerance(double v, double d) { return fmax(2e-14, 2.5e-16 * fmax(fabs(log(v)), fabs(log(d)))); }


static void test_small_discounts(void **state)
{
    double v, worst = 0.0;
    (void)state;
    for (size_t i = 0; i < sizeof small_discount_ref / sizeof small_discount_ref[0]; i++) {
        const double *r = small_discount_ref[i];
        csat_sbg_params p = {r[0], r[1]};
        if (r[3] < 0)
            assert_int_equal(csat_sbg_del(&p, r[2], &v, NULL), CSAT_OK);
        else
            assert_int_equal(csat_sbg_derl(&p, r[2], r[3], &v, NULL), CSAT_OK);
        worst = fmax(worst, fabs(v - r[4]) / r[4]);
        csat_assert_close(v, r[4], del_tolerance(r[4], r[2]), 0);
    }
    print_message("sBG DEL/DERL at small discounts: worst relative error %.2e\n", worst);
    {
        /* alpha -> 0 and d -> 0: DEL ~ d^(alpha - 1) passes DBL_MAX: EDOM, untouched */
        csat_sbg_params p = {1e-3, 1.0};
        v = -9;
        csat_assert_status(csat_sbg_del(&p, 5e-324, &v, NULL), CSAT_EDOM);
        csat_assert_status(csat_sbg_clv(&p, 1e300, 1e-300, &v, NULL), CSAT_EDOM);
        assert_true(v == -9);
        csat_assert_status(csat_sbg_del(&p, 0.0, &v, NULL), CSAT_EINVAL);
        csat_assert_status(csat_sbg_del(&p, -1e-300, &v, NULL), CSAT_EINVAL);
    }
}

/* Issue 12 regression: DEL, DERL and CLV over the whole valid range, against
 * mpmath (tests/reference/sbg_del_mpmath.py; DEL and DERL from Fader &
 * Hardie 2007, "How to project customer retention", and Fader & Hardie
 * 2010, "Customer-base valuation in a contractual setting: the perils of
 * ignoring heterogeneity"). The first rows are the cases the issue lists,
 * each of which failed before beta_disc.c: DERL with 1e15 renewals and
 * d <= 1e-7 (CSAT_EDOM, 0.7 s a call), beta >= 1e9 with d <= 1e-7 (CSAT_EDOM
 * or DEL = 3.3e32 > 1 + 1/d), no end at alpha = beta = 1e20, DEL = -6.4e12
 * at beta 1e6, d 6.1e-5, and 2e-5 off for beta << alpha << 1. */
static void test_del_whole_range(void **state)
{
    double worst = 0.0, worst_issue = 0.0;
    size_t n_rows = sizeof sbg_del_ref / sizeof sbg_del_ref[0];
    (void)state;
    for (size_t i = 0; i < n_rows; i++) {
        const double *r = sbg_del_ref[i];
        const csat_sbg_params p = {r[0], r[1]};
        double v = -1.0, c = -1.0, err;
        if (r[3] < 0) {
            csat_assert_status(csat_sbg_del(&p, r[2], &v, NULL), CSAT_OK);
            /* CLV = margin * DEL */
            csat_assert_status(csat_sbg_clv(&p, -2.5, r[2], &c, NULL), CSAT_OK);
            assert_true(c == -2.5 * v);
            assert_true(v >= 1.0 && v <= (1.0 + r[2]) / r[2]);
        } else {
            csat_assert_status(csat_sbg_derl(&p, r[2], r[3], &v, NULL), CSAT_OK);
            assert_true(v >= 0.0 && v <= (1.0 + r[2]) / r[2]);
        }
        err = fabs(v - r[4]) / r[4];
        if (!(err <= del_tolerance(r[4], r[2])))
            print_error("row %zu: alpha %g beta %g d %g n %g: %.17g, mpmath %.17g (rel err %.2e)\n", i, r[0], r[1],
                        r[2], r[3], v, r[4], err);
        csat_assert_close(v, r[4], del_tolerance(r[4], r[2]), 0);
        worst = fmax(worst, err);
        if (i < SBG_DEL_ISSUE_ROWS)
            worst_issue = fmax(worst_issue, err);
    }
    print_message("sBG DEL/DERL over %zu rows: worst relative error %.2e (issue rows %.2e)\n", n_rows, worst,
                  worst_issue);
}

/* The parameters and standard errors of a fitted m. */
static void fitted_state(const csat_sbg *m, csat_sbg_params *p, double se[2])
{
    assert_int_equal(csat_sbg_get_params(m, p), CSAT_OK);
    assert_int_equal(csat_sbg_std_err(m, &se[0], &se[1]), CSAT_OK);
}

/* Two fits agree: parameters, log-likelihood and standard errors to the given relative tolerances. */
static void assert_same_fit(const csat_sbg_params *p, const double se[2], const csat_fit_report *r,
                            const csat_sbg_params *ref, const double ref_se[2], const csat_fit_report *ref_r,
                            double tol_p, double tol_ll, double tol_se)
{
    csat_assert_close(p->alpha, ref->alpha, tol_p, 0);
    csat_assert_close(p->beta, ref->beta, tol_p, 0);
    csat_assert_close(r->log_likelihood, ref_r->log_likelihood, tol_ll, 0);
    csat_assert_close(se[0], ref_se[0], tol_se, 0);
    csat_assert_close(se[1], ref_se[1], tol_se, 0);
}

static void test_long_gaps_match_the_period_walk(void **state)
{
    enum { T = 5000, N = 1000 };
    static double surv[T + 1];
    double dur[N], ch[N], se1[2], se2[2];
    const double big[] = {1e7, 1e7, 5e6, 1}, big_ch[] = {1, 0, 1, 1};
    csat_sbg_params p1, p2;
    csat_fit_report r1, r2;
    csat_sbg *m;
    (void)state;
    for (int i = 0; i < N; i++) {
        int t = i < 300 ? 1 : i < 450 ? 50 : i < 520 ? 200 : i < 560 ? 1999 : 0;
        dur[i] = t ? t : T;
        ch[i] = t ? 1.0 : 0.0;
    }
    for (int t = 0; t <= T; t++) {
        surv[t] = 0.0;
        for (int i = 0; i < N; i++)
            surv[t] += ch[i] == 0.0 || dur[i] > t;
    }
    assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_fit_survivors(m, surv, T + 1, &r1), CSAT_OK);
    fitted_state(m, &p1, se1);
    assert_int_equal(csat_sbg_fit_durations(m, dur, ch, N, &r2), CSAT_OK);
    fitted_state(m, &p2, se2);
    assert_same_fit(&p2, se2, &r2, &p1, se1, &r1, 1e-10, 1e-13, 1e-6);
    /* ten-million-period rows fit at once (timed in bench_fit_budget) */
    assert_int_equal(csat_sbg_fit_durations(m, big, big_ch, 4, &r2), CSAT_OK);
    assert_true(r2.evaluations < 200);
    csat_sbg_free(m);
}

/* The grouped form (the merge step of partitioned data): per-customer rows
 * and the same customers as (duration, flag, count) rows, in another order,
 * split over repeated rows, with zero-count rows, give the same fit; and
 * fractional weights equal repeated rows. */
static void test_duration_counts_equal_customers(void **state)
{
    /* the regular cohort of Fader & Hardie (2007), one row a customer, rows permuted */
    enum { N = 1000 };
    const double surv[] = {1000, 869, 743, 653, 593, 551, 517, 491};
    double dur[N], ch[N], gd[40], gc[40], gw[40], wd[3], wc[3], ww[3], rd[4], rc[4];
    csat_sbg_params p1, p2;
    double se1[2], se2[2];
    csat_fit_report r1, r2;
    csat_sbg *m;
    size_t k = 0;
    (void)state;
    for (int i = 0, t = 1; i < N; i++) {
        size_t j = (size_t)(i * 7919) % N; /* 7919 is prime to 1000: a permutation */
        while (t < 8 && i >= N - surv[t])
            t++;
        dur[j] = t < 8 ? t : 7;
        ch[j] = t < 8 ? 1.0 : 0.0;
    }
    /* groups, from the last duration down, each (t, flag) split in two rows */
    for (int t = 7; t >= 1; t--)
        for (int f = 0; f <= 1; f++) {
            double c = 0.0;
            for (int i = 0; i < N; i++)
                c += dur[i] == t && ch[i] == f;
            gd[k] = t, gc[k] = f, gw[k] = floor(c / 3.0), k++;
            gd[k] = t, gc[k] = f, gw[k] = c - floor(c / 3.0), k++;
        }
    gd[k] = 30, gc[k] = 1, gw[k] = 0.0, k++; /* a zero-count row changes nothing */
    assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_fit_durations(m, dur, ch, N, &r1), CSAT_OK);
    fitted_state(m, &p1, se1);
    assert_int_equal(csat_sbg_fit_duration_counts(m, gd, gc, gw, k, &r2), CSAT_OK);
    fitted_state(m, &p2, se2);
    assert_same_fit(&p2, se2, &r2, &p1, se1, &r1, 1e-12, 1e-12, 1e-12);
    /* weight 2.5 on a row = that row 2.5 times: against 2 rows + 0.5 */
    wd[0] = 1, wc[0] = 1, ww[0] = 4.0;
    wd[1] = 2, wc[1] = 1, ww[1] = 2.5;
    wd[2] = 3, wc[2] = 0, ww[2] = 6.0;
    rd[0] = 1, rc[0] = 1, rd[1] = 2, rc[1] = 1, rd[2] = 2, rc[2] = 1, rd[3] = 3, rc[3] = 0;
    {
        double rw[4] = {4.0, 1.0, 1.5, 6.0};
        assert_int_equal(csat_sbg_fit_duration_counts(m, wd, wc, ww, 3, NULL), CSAT_OK);
        assert_int_equal(csat_sbg_get_params(m, &p1), CSAT_OK);
        assert_int_equal(csat_sbg_fit_duration_counts(m, rd, rc, rw, 4, NULL), CSAT_OK);
        assert_int_equal(csat_sbg_get_params(m, &p2), CSAT_OK);
        csat_assert_close(p2.alpha, p1.alpha, 1e-12, 0);
        csat_assert_close(p2.beta, p1.beta, 1e-12, 0);
    }
    /* errors: those of fit_durations, and the counts' own; nothing changes */
    {
        const double neg[3] = {1, -1, 1}, nan_[3] = {1, NAN, 1}, inf[3] = {1, INFINITY, 1},
                     zero[3] = {0, 0, 0}, huge[3] = {DBL_MAX, DBL_MAX, 1}, bad_flag[3] = {1, 2, 0};
        csat_assert_status(csat_sbg_fit_duration_counts(m, wd, wc, NULL, 3, NULL), CSAT_EINVAL);
        assert_non_null(strstr(csat_sbg_last_error(m), "counts"));
        csat_assert_status(csat_sbg_fit_duration_counts(m, wd, wc, neg, 3, NULL), CSAT_EINVAL);
        csat_assert_status(csat_sbg_fit_duration_counts(m, wd, wc, nan_, 3, NULL), CSAT_EINVAL);
        csat_assert_status(csat_sbg_fit_duration_counts(m, wd, wc, inf, 3, NULL), CSAT_EINVAL);
        csat_assert_status(csat_sbg_fit_duration_counts(m, wd, wc, zero, 3, NULL), CSAT_EEMPTY);
        csat_assert_status(csat_sbg_fit_duration_counts(m, wd, wc, huge, 3, NULL), CSAT_EDOM);
        csat_assert_status(csat_sbg_fit_duration_counts(m, wd, bad_flag, ww, 3, NULL), CSAT_EINVAL);
        csat_assert_status(csat_sbg_fit_duration_counts(m, wd, wc, ww, 0, NULL), CSAT_EEMPTY);
        csat_assert_status(csat_sbg_fit_duration_counts(NULL, wd, wc, ww, 3, NULL), CSAT_EINVAL);
        assert_int_equal(csat_sbg_get_params(m, &p1), CSAT_OK);
        assert_true(memcmp(&p1, &p2, sizeof p1) == 0);
    }
    csat_sbg_free(m);
}

static void test_one_period_is_not_identifiable(void **state)
{
    const double scales[] = {1e-6, 1.0, 1e3, 1e12};
    const double dur[] = {1, 1, 1, 1}, churned[] = {1, 0, 0, 1};
    csat_sbg *m;
    csat_sbg_params p;
    (void)state;
    assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
        const double surv[] = {1000 * scales[i], 600 * scales[i]};
        csat_assert_status(csat_sbg_fit_survivors(m, surv, 2, NULL), CSAT_EDOM);
        assert_non_null(strstr(csat_sbg_last_error(m), "only period 1"));
        assert_non_null(strstr(csat_sbg_last_error(m), "0.4"));
    }
    csat_assert_status(csat_sbg_fit_durations(m, dur, churned, 4, NULL), CSAT_EDOM);
    assert_non_null(strstr(csat_sbg_last_error(m), "only period 1"));
    csat_assert_status(csat_sbg_get_params(m, &p), CSAT_EMISUSE);
    csat_sbg_free(m);
}

static void test_bad_input(void **state)
{
    csat_sbg *m;
    csat_sbg_params p = {-7, -7}, good = {1, 1}, nanp = {NAN, 1};
    double up[] = {100, 80, 90}, neg[] = {100, -1}, nan_[] = {100, NAN}, empty[] = {0, 0};
    double none_left[] = {100, 100, 100}, all_left[] = {100, 0, 0};
    double dur[] = {1, 2, 3}, flags[] = {1, 0, 2}, ok_flags[] = {1, 0, 1};
    double bad_dur[] = {1, -2, 3}, nan_dur[] = {1, NAN, 3}, frac_dur[] = {1, 2.5, 3};
    double v = 42.0, t0 = 0.0, tbad = 1.5;
    (void)state;
    assert_int_equal(csat_sbg_new(NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_sbg_get_params(m, &p), CSAT_EMISUSE);
    csat_assert_status(csat_sbg_fit_survivors(m, up, 3, NULL), CSAT_EINVAL);
    assert_non_null(strstr(csat_sbg_last_error(m), "increase"));
    csat_assert_status(csat_sbg_fit_survivors(m, neg, 2, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_fit_survivors(m, nan_, 2, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_fit_survivors(m, empty, 2, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_sbg_fit_survivors(m, regular, 1, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_sbg_fit_survivors(m, NULL, 3, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_fit_survivors(m, none_left, 3, NULL), CSAT_EDOM);
    csat_assert_status(csat_sbg_fit_survivors(m, all_left, 3, NULL), CSAT_EDOM);
    csat_assert_status(csat_sbg_fit_durations(m, dur, flags, 3, NULL), CSAT_EINVAL);
    assert_non_null(strstr(csat_sbg_last_error(m), "0 or 1"));
    csat_assert_status(csat_sbg_fit_durations(m, bad_dur, ok_flags, 3, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_fit_durations(m, nan_dur, ok_flags, 3, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_fit_durations(m, frac_dur, ok_flags, 3, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_fit_durations(m, dur, ok_flags, 0, NULL), CSAT_EEMPTY);
    /* nothing was fitted: outputs untouched */
    assert_int_equal(csat_sbg_get_params(m, &p), CSAT_EMISUSE);
    assert_true(p.alpha == -7 && p.beta == -7);
    csat_assert_status(csat_sbg_set_params(m, &nanp), CSAT_EINVAL);
    csat_assert_status(csat_sbg_set_params(m, &good), CSAT_OK);
    assert_int_equal(csat_sbg_std_err(m, &v, &v), CSAT_EMISUSE);
    csat_assert_status(csat_sbg_del(&good, 0.0, &v, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_del(&good, NAN, &v, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_del(&nanp, 0.1, &v, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_derl(&good, 0.1, -1, &v, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_clv(&good, NAN, 0.1, &v, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_retention(&good, &t0, 1, &v, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_survival(&good, &tbad, 1, &v, NULL), CSAT_EINVAL);
    csat_assert_status(csat_sbg_log_likelihood(&good, up, 3, &v, NULL), CSAT_EINVAL);
    assert_true(v == 42.0);
    csat_sbg_free(m);
    csat_sbg_free(NULL);
}

static void test_alloc_failures(void **state)
{
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    double dur[] = {1, 2, 3, 3, 5, 1}, ch[] = {1, 1, 0, 1, 0, 1};
    csat_sbg *m = NULL;
    csat_sbg_params p;
    (void)state;
    for (long k = 0;; k++) {
        csat_test_alloc_reset(&t, k);
        if (csat_sbg_new(&m, &a) == CSAT_OK)
            break;
        assert_int_equal(t.live, 0);
    }
    for (long k = 0;; k++) {
        long base = t.live;
        csat_status st;
        csat_test_alloc_reset(&t, k);
        st = csat_sbg_fit_durations(m, dur, ch, 6, NULL);
        assert_int_equal(t.live, base);
        if (st == CSAT_OK)
            break;
        assert_int_equal(st, CSAT_ENOMEM);
        assert_int_equal(csat_sbg_get_params(m, &p), CSAT_EMISUSE);
    }
    csat_test_alloc_reset(&t, -1);
    assert_int_equal(csat_sbg_get_params(m, &p), CSAT_OK);
    csat_sbg_free(m);
    assert_int_equal(t.live, 0);
}

static void test_hyp2f1(void **state)
{
    (void)state;
    /* 2F1(1, b; b; z) = 1/(1-z); 2F1(1,1;2;z) = -log(1-z)/z */
    csat_assert_close(csat__hyp2f1_1bc(3.5, 3.5, 0.9), 10.0, 1e-14, 0);
    csat_assert_close(csat__hyp2f1_1bc(1.0, 2.0, 0.5), 2.0 * log(2.0), 1e-14, 0);
    assert_true(isnan(csat__hyp2f1_1bc(1.0, 2.0, 1.0)));
    /* Issue 12: the same 2F1 at z = 1/(1+d) (the BG/BB DERT) where the
     * connection formula cancelled (-5.7e37 at b = 1e9, c - b = 1, d = 1e-7)
     * or did not end (b = c - b = 1e20) takes beta_disc.c; values from
     * sbg_del_reference.h (DEL(alpha = c - b, beta = b)) */
    csat_assert_close(csat__hyp2f1_1bc_disc(1e9, 1e9 + 1.0, 1e-7), 9901943.277021585194, 1e-14, 0);
    csat_assert_close(csat__hyp2f1_1bc_disc(1e20, 2e20, 1e-3), 1.998003992015968064, 1e-14, 0);
    csat_assert_close(csat__hyp2f1_1bc_disc(1e6, 1e6 + 1.07e-3, 6.1e-5), 16394.159620018144, 1e-6, 0);
}

/* Found by tests/fuzz/fuzz_retention.c: S(t) and P(T = t) were differences
 * of four log-betas, which lost every digit for parameters near 1e15 (S(11)
 * = 6e-6 at alpha = beta = 1e15, where 0.5^11 is right) and for t = 1e15;
 * r(1) rounded b + t - 1 first (0 instead of 0.5 at alpha = beta = 1e-300).
 * Now within 1e-11 of mpmath over the whole grid of
 * tests/reference/sbg_extremes_mpmath.py (measured worst: 1e-12). E[T] and a
 * CLV beyond DBL_MAX are CSAT_EDOM (they were Inf). */
static void test_sbg_extreme_parameters(void **state)
{
    double v = -7;
    (void)state;
    for (size_t i = 0; i < sizeof sbg_extremes / sizeof *sbg_extremes; i++) {
        const double *r = sbg_extremes[i];
        const csat_sbg_params p = {r[0], r[1]};
        double got[3];
        assert_int_equal(csat_sbg_survival(&p, &r[2], 1, &got[0], NULL), CSAT_OK);
        assert_int_equal(csat_sbg_retention(&p, &r[2], 1, &got[1], NULL), CSAT_OK);
        assert_int_equal(csat_sbg_churn_pmf(&p, &r[2], 1, &got[2], NULL), CSAT_OK);
        for (int k = 0; k < 3; k++)
            csat_assert_close(got[k], r[3 + k], 1e-11, 1e-300);
    }
    {
        /* found by tests/fuzz/fuzz_retention.c: log(a / (a + b)) underflowed
         * to log 0 (the sum then NaN); mpmath, 50 digits: half the cohort
         * leaves in period 1 */
        const double surv[2] = {1.0, 0.5};
        const csat_sbg_params p1 = {1.91083e-162, 9.7922e299}, p2 = {1e300, 1e300}, p3 = {4.43669e57, 1e-300};
        double ll;
        assert_int_equal(csat_sbg_log_likelihood(&p1, surv, 2, &ll, NULL), CSAT_OK);
        csat_assert_close(ll, -531.56288815900617767, 1e-14, 0);
        assert_int_equal(csat_sbg_log_likelihood(&p2, surv, 2, &ll, NULL), CSAT_OK);
        csat_assert_close(ll, -0.69314718055994530942, 1e-14, 0);
        /* and log S(1) = log(b / (a + b)) where a / b overflows (was -Inf,
         * and a NaN sum) */
        assert_int_equal(csat_sbg_log_likelihood(&p3, surv, 2, &ll, NULL), CSAT_OK);
        csat_assert_close(ll, -411.75639340090149823, 1e-14, 0);
        /* counts near DBL_MAX: -Inf and Inf - Inf = NaN were returned with
         * CSAT_OK; beyond the double range is CSAT_EDOM, out untouched */
        {
            const double huge[2] = {DBL_MAX, DBL_MAX / 2};
            const csat_sbg_params p4 = {1e-6, 14.2214};
            ll = -7;
            assert_int_equal(csat_sbg_log_likelihood(&p4, huge, 2, &ll, NULL), CSAT_EDOM);
            assert_true(ll == -7);
        }
    }
    {
        /* found by tests/fuzz/fuzz_retention.c: counts near the smallest
         * doubles fitted with CSAT_OK and an infinite standard error (the
         * information scales with the counts); now CSAT_EDOM, nothing kept */
        const double tiny[3] = {DBL_MIN, 1.7451559674566273e-309, 1.3687497783973712e-310};
        csat_sbg *m;
        csat_sbg_params keep;
        assert_int_equal(csat_sbg_new(&m, NULL), CSAT_OK);
        assert_int_equal(csat_sbg_fit_survivors(m, tiny, 3, NULL), CSAT_EDOM);
        assert_int_equal(csat_sbg_get_params(m, &keep), CSAT_EMISUSE);
        csat_sbg_free(m);
    }
    {
        const csat_sbg_params p = {1.0 + 0x1p-52, 1e300}, q = {0.7, 1.2};
        assert_int_equal(csat_sbg_expected_lifetime(&p, &v, NULL), CSAT_EDOM);
        assert_true(v == -7);
        assert_int_equal(csat_sbg_clv(&q, DBL_MAX, 0.1, &v, NULL), CSAT_EDOM);
        assert_true(v == -7);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regular_cohort), cmocka_unit_test(test_durations_equal_counts),
        cmocka_unit_test(test_duration_counts_equal_customers),
        cmocka_unit_test(test_scale_of_the_counts),
        cmocka_unit_test(test_closed_forms),   cmocka_unit_test(test_one_period_is_not_identifiable),
        cmocka_unit_test(test_long_gaps_match_the_period_walk),
        cmocka_unit_test(test_small_discounts), cmocka_unit_test(test_del_whole_range),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_alloc_failures), cmocka_unit_test(test_hyp2f1),
        cmocka_unit_test(test_from_customer_store),
        cmocka_unit_test(test_sbg_extreme_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
