/* Kano model (docs/theory/kano.rst, section 3). Each vector names its source. */
#include "csat_test.h"

#include <float.h>

#define A CSAT_KANO_A
#define O CSAT_KANO_O
#define M CSAT_KANO_M
#define I CSAT_KANO_I
#define R CSAT_KANO_R
#define Q CSAT_KANO_Q

/* Evaluation table, Berger et al. (1993) / Sauerwein et al. (1996) Fig. 6 /
 * stp25kano README (docs/theory/kano.rst, 3.2): all 25 cells. */
static void test_evaluation_table(void **state)
{
    static const csat_kano_category expect[5][5] = {
        {Q, A, A, A, O}, {R, I, I, I, M}, {R, I, I, I, M}, {R, I, I, I, M}, {R, R, R, R, Q}};
    int cells[CSAT_KANO_N_CATEGORIES] = {0};
    csat_kano_category c = Q;
    (void)state;
    for (int f = 1; f <= 5; f++)
        for (int d = 1; d <= 5; d++) {
            csat_assert_status(csat_kano_classify(f, d, &c, NULL), CSAT_OK);
            assert_int_equal(c, expect[f - 1][d - 1]);
            cells[c]++;
        }
    /* Cell counts A 3, O 1, M 3, I 9, R 7, Q 2. */
    assert_int_equal(cells[A], 3);
    assert_int_equal(cells[O], 1);
    assert_int_equal(cells[M], 3);
    assert_int_equal(cells[I], 9);
    assert_int_equal(cells[R], 7);
    assert_int_equal(cells[Q], 2);
    c = A;
    csat_assert_status(csat_kano_classify(0, 3, &c, NULL), CSAT_EINVAL);
    csat_assert_status(csat_kano_classify(3, 6, &c, NULL), CSAT_EINVAL);
    csat_assert_status(csat_kano_classify(1, 1, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(c, A);
}

/* stp25kano README table (stp4/stp25kano README.md, commit 13ebf743), N = 296
 * each; recomputed values docs/theory/kano.rst, 3.6(a). */
typedef struct stp_row {
    const char *name;
    double m, o, a, i, r, q;
    csat_kano_category mode, near_tie;
    double ts, cs, better, worse, chisq, fong_lhs, fong_rhs;
    int fong_sig;
} stp_row;

static const stp_row stp_rows[] = {
    {"Service app", 95, 123, 45, 33, 0, 0, O, O, .89, .0946, 0.5676, -0.7365, 72.49, 28, 19.36, 1},
    {"Excellent service", 101, 54, 54, 81, 3, 3, M, M, .71, .0676, 0.3724, -0.5345, 21.64, 20, 18.52, 1},
    {"Hotline", 15, 24, 121, 124, 6, 6, I, A, .54, .0101, 0.5106, -0.1373, 150.06, 3, 19.77, 0},
    {"Loan machine", 65, 87, 93, 51, 0, 0, A, O, .83, .0203, 0.6081, -0.5135, 15.41, 6, 18.47, 0},
    {"Ready-to-use return", 9, 18, 83, 177, 6, 3, I, I, .37, .3176, 0.3519, -0.0941, 251.30, 94, 19.92, 1},
};

static void fill_counts(double *c, double a, double o, double m, double i, double r, double q)
{
    c[A] = a;
    c[O] = o;
    c[M] = m;
    c[I] = i;
    c[R] = r;
    c[Q] = q;
}

/* Chi-square upper tail with 3 df in closed form, an independent check. */
static double chisq3_sf(double x)
{
    return erfc(sqrt(x / 2.0)) + sqrt(2.0 * x / 3.14159265358979323846) * exp(-x / 2.0);
}

static void test_stp25kano_readme(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof stp_rows / sizeof stp_rows[0]; k++) {
        const stp_row *s = &stp_rows[k];
        double c[CSAT_KANO_N_CATEGORIES];
        csat_kano_options o = CSAT_KANO_OPTIONS_INIT;
        csat_kano_result r, g;
        fill_counts(c, s->a, s->o, s->m, s->i, s->r, s->q);
        csat_assert_status(csat_kano_evaluate(c, NULL, &r, NULL), CSAT_OK);
        assert_int_equal(r.category, s->mode);
        assert_int_equal(r.mode, s->mode);
        csat_assert_close(r.n, 296, 0, 0);
        csat_assert_close(r.total_strength, s->ts, 0, 5e-3); /* printed as whole percent */
        csat_assert_close(r.category_strength, s->cs, 0, 5e-5);
        csat_assert_close(r.better, s->better, 0, 5e-5);
        csat_assert_close(r.worse, s->worse, 0, 5e-5);
        csat_assert_close(r.chisq, s->chisq, 0, 5e-3);
        assert_true(r.chisq_computed);
        csat_assert_close(r.chisq_p, chisq3_sf(r.chisq), 1e-9, 1e-300);
        csat_assert_close(r.fong_difference, s->fong_lhs, 0, 0);
        csat_assert_close(r.fong_critical, s->fong_rhs, 0, 5e-3);
        assert_int_equal(r.fong_significant, s->fong_sig);
        /* Near-tie rule, delta 0.06: the published M>O>A>I column. */
        o.rule = CSAT_KANO_RULE_NEAR_TIE;
        csat_assert_status(csat_kano_evaluate(c, &o, &r, NULL), CSAT_OK);
        assert_int_equal(r.category, s->near_tie);
        /* Cross-check [D]: the 0.5 Better/|Worse| grid gives the same column. */
        o.rule = CSAT_KANO_RULE_BETTER_WORSE;
        csat_assert_status(csat_kano_evaluate(c, &o, &g, NULL), CSAT_OK);
        assert_int_equal(g.category, s->near_tie);
    }
}

/* Brand & Rese (2026) Table 1 p. 6 [P*] and docs/theory/kano.rst, 3.6(b). */
static void test_brand_rese(void **state)
{
    static const double rows[3][8] = {
        {216, 56, 13, 275, 23, 24, 0.486, -0.123},
        {229, 42, 5, 276, 33, 22, 0.491, -0.085},
        {187, 71, 46, 258, 19, 26, 0.459, -0.208},
    };
    static const double denom[3] = {560, 552, 562};
    static const csat_kano_category oam_rule[3] = {I, I, A};
    csat_kano_options o = CSAT_KANO_OPTIONS_INIT;
    (void)state;
    o.rule = CSAT_KANO_RULE_OAM_VS_IRQ;
    for (int k = 0; k < 3; k++) {
        double c[CSAT_KANO_N_CATEGORIES];
        csat_kano_result r;
        fill_counts(c, rows[k][0], rows[k][1], rows[k][2], rows[k][3], rows[k][4], rows[k][5]);
        csat_assert_status(csat_kano_evaluate(c, &o, &r, NULL), CSAT_OK);
        assert_int_equal(r.mode, I);
        assert_int_equal(r.category, oam_rule[k]);
        csat_assert_close(r.n_valid, denom[k], 0, 0);
        csat_assert_close(r.better, rows[k][6], 0, 5e-4);
        csat_assert_close(r.worse, rows[k][7], 0, 5e-4);
    }
}

/* Sauerwein et al. (1996) Figs. 10-11 [P*] via docs/theory/kano.rst, 3.6(c): from percentages. */
static void test_sauerwein_percentages(void **state)
{
    double c[CSAT_KANO_N_CATEGORIES];
    csat_kano_result r;
    (void)state;
    fill_counts(c, 7, 33, 50, 10, 0, 0); /* edge grip */
    csat_assert_status(csat_kano_evaluate(c, NULL, &r, NULL), CSAT_OK);
    csat_assert_close(r.better, 0.40, 1e-12, 0);
    csat_assert_close(r.worse, -0.83, 1e-12, 0);
    assert_int_equal(r.category, M);
    fill_counts(c, 10.4, 45.1, 30.5, 11.5, 0, 0); /* ease of turn, unrounded Fig. 10 */
    csat_assert_status(csat_kano_evaluate(c, NULL, &r, NULL), CSAT_OK);
    csat_assert_close(r.better, 0.57, 0, 5e-3);
    csat_assert_close(r.worse, -0.78, 0, 5e-3);
    csat_assert_close(r.better, 55.5 / 97.5, 1e-12, 0);
    /* the rounded Fig. 11 inputs 11/46/31/12 give -0.77, not the printed -0.78 */
    fill_counts(c, 11, 46, 31, 12, 0, 0);
    csat_assert_status(csat_kano_evaluate(c, NULL, &r, NULL), CSAT_OK);
    csat_assert_close(r.worse, -0.77, 1e-12, 0);
    fill_counts(c, 66, 22, 3, 9, 0, 0); /* service: printed 0.89, rounded inputs give 0.88 */
    csat_assert_status(csat_kano_evaluate(c, NULL, &r, NULL), CSAT_OK);
    csat_assert_close(r.better, 0.88, 1e-12, 0);
}

/* Micro vector [D], docs/theory/kano.rst, 3.6(d): (1,5),(1,3),(2,5),(3,3) -> O, A, M, I. */
static void test_micro_survey(void **state)
{
    const double f[4] = {1, 1, 2, 3}, d[4] = {5, 3, 5, 3};
    csat_kano_result r;
    csat_kano_continuous_result cr;
    csat_kano_options o = CSAT_KANO_OPTIONS_INIT;
    (void)state;
    csat_assert_status(csat_kano_survey(f, d, 4, 1, NULL, &r, NULL), CSAT_OK);
    for (int k = 0; k < 4; k++)
        csat_assert_close(r.counts[k], 1, 0, 0);
    assert_int_equal(r.category, M); /* tie: M > O > A > I */
    csat_assert_close(r.better, 0.5, 1e-15, 0);
    csat_assert_close(r.worse, -0.5, 1e-15, 0);
    assert_false(r.chisq_computed); /* fewer than 12 answers */
    csat_assert_close(r.chisq_p, 1, 0, 0);
    csat_assert_status(csat_kano_continuous(f, d, NULL, 4, 1, NULL, NULL, &cr, NULL), CSAT_OK);
    csat_assert_close(cr.functional, 2.5, 1e-15, 0);
    csat_assert_close(cr.dysfunctional, 2.0, 1e-15, 0);
    assert_int_equal(cr.n, 4);
    /* stp25kano stores the same scale divided by 4. */
    o.score_factor = 0.25;
    csat_assert_status(csat_kano_continuous(f, d, NULL, 4, 1, NULL, &o, &cr, NULL), CSAT_OK);
    csat_assert_close(cr.functional, 0.625, 1e-15, 0);
}

/* Respondents x attributes, missing answers, importance [D]. */
static void test_matrix_and_missing(void **state)
{
    /* 3 respondents x 2 attributes */
    const double f[6] = {1, 2, NAN, 2, 1, 5};
    const double d[6] = {5, 5, 3, 5, 3, 1};
    const double imp[6] = {9, 1, 5, 5, 1, 9};
    const csat_scale s9 = {1, 9, 0};
    csat_kano_result r[2], keep[2];
    csat_kano_continuous_result cr[2];
    csat_kano_options o = CSAT_KANO_OPTIONS_INIT;
    (void)state;
    memset(keep, 0x5a, sizeof keep);
    memcpy(r, keep, sizeof r);
    csat_assert_status(csat_kano_survey(f, d, 3, 2, NULL, r, NULL), CSAT_EINVAL);
    assert_memory_equal(r, keep, sizeof r);
    o.nan_policy = CSAT_NAN_SKIP;
    csat_assert_status(csat_kano_survey(f, d, 3, 2, &o, r, NULL), CSAT_OK);
    /* attribute 0: (1,5) O, (1,3) A; one skipped. attribute 1: (2,5) M, (2,5) M, (5,1) R */
    csat_assert_close(r[0].counts[O], 1, 0, 0);
    csat_assert_close(r[0].counts[A], 1, 0, 0);
    assert_int_equal(r[0].n_skipped, 1);
    assert_int_equal(r[0].category, O);
    csat_assert_close(r[1].counts[M], 2, 0, 0);
    csat_assert_close(r[1].counts[R], 1, 0, 0);
    csat_assert_close(r[1].n, 3, 0, 0);
    csat_assert_close(r[1].better, 0, 0, 0);
    csat_assert_close(r[1].worse, -1, 0, 0);
    assert_int_equal(r[1].category, M);
    csat_assert_status(csat_kano_continuous(f, d, imp, 3, 2, &s9, &o, cr, NULL), CSAT_OK);
    csat_assert_close(cr[0].functional, 4, 0, 0);
    csat_assert_close(cr[0].dysfunctional, 2, 0, 0);
    csat_assert_close(cr[0].importance, 0.5, 1e-15, 0); /* (1 + 0) / 2 */
    csat_assert_close(cr[1].functional, (2.0 + 2.0 - 2.0) / 3.0, 1e-15, 0);
    csat_assert_close(cr[1].dysfunctional, (4.0 + 4.0 - 2.0) / 3.0, 1e-15, 0);
    csat_assert_close(cr[1].importance, (0.0 + 0.5 + 1.0) / 3.0, 1e-15, 0);
}

static void test_bad_input(void **state)
{
    double c[CSAT_KANO_N_CATEGORIES] = {1, 1, 1, 1, 0, 0};
    const double f[2] = {1, 2}, d[2] = {5, 6}, dq[2] = {1, 1}, fq[2] = {1, 5};
    const double fnan[2] = {NAN, NAN};
    csat_kano_result r, keep;
    csat_kano_continuous_result cr, ckeep;
    csat_kano_options o = CSAT_KANO_OPTIONS_INIT;
    const csat_scale bad = {5, 1, 0};
    (void)state;
    memset(&keep, 0x5a, sizeof keep);
    memset(&ckeep, 0x5a, sizeof ckeep);
    r = keep;
    cr = ckeep;
    csat_assert_status(csat_kano_evaluate(NULL, NULL, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_kano_evaluate(c, NULL, NULL, NULL), CSAT_EINVAL);
    c[2] = -1;
    csat_assert_status(csat_kano_evaluate(c, NULL, &r, NULL), CSAT_EINVAL);
    c[2] = NAN;
    csat_assert_status(csat_kano_evaluate(c, NULL, &r, NULL), CSAT_EINVAL);
    c[2] = INFINITY;
    csat_assert_status(csat_kano_evaluate(c, NULL, &r, NULL), CSAT_EINVAL);
    c[2] = 1e300; /* finite, but its square would overflow the chi-square */
    csat_assert_status(csat_kano_evaluate(c, NULL, &r, NULL), CSAT_EINVAL);
    fill_counts(c, 0, 0, 0, 0, 3, 2); /* only R and Q: Better/Worse undefined */
    csat_assert_status(csat_kano_evaluate(c, NULL, &r, NULL), CSAT_EDOM);
    fill_counts(c, 1, 1, 1, 1, 0, 0);
    o.version = 0;
    csat_assert_status(csat_kano_evaluate(c, &o, &r, NULL), CSAT_EVERSION);
    o.version = 99;
    csat_assert_status(csat_kano_evaluate(c, &o, &r, NULL), CSAT_EVERSION);
    csat_assert_status(csat_kano_options_init(&o, 99), CSAT_EVERSION);
    csat_assert_status(csat_kano_options_init(NULL, 1), CSAT_EINVAL);
    csat_assert_status(csat_kano_options_init(&o, CSAT_KANO_OPTIONS_VERSION), CSAT_OK);
    o.delta = 2;
    csat_assert_status(csat_kano_evaluate(c, &o, &r, NULL), CSAT_EINVAL);
    o.delta = 0.06;
    o.rule = (csat_kano_rule)17;
    csat_assert_status(csat_kano_evaluate(c, &o, &r, NULL), CSAT_EINVAL);
    o.rule = CSAT_KANO_RULE_MODE;
    o.fong_z = NAN;
    csat_assert_status(csat_kano_evaluate(c, &o, &r, NULL), CSAT_EINVAL);
    o.fong_z = 1.65;
    o.score_factor = 0;
    csat_assert_status(csat_kano_evaluate(c, &o, &r, NULL), CSAT_EINVAL);
    /* found by tests/fuzz/fuzz_survey.c: a factor near DBL_MAX made the
     * continuous scores Inf with CSAT_OK; the factor is at most DBL_MAX/4 */
    o.score_factor = DBL_MAX;
    csat_assert_status(csat_kano_evaluate(c, &o, &r, NULL), CSAT_EINVAL);
    assert_memory_equal(&r, &keep, sizeof r);
    {
        const double fu[1] = {1}, dy[1] = {5};
        csat_kano_continuous_result big;
        o.score_factor = DBL_MAX / 4;
        csat_assert_status(csat_kano_continuous(fu, dy, NULL, 1, 1, NULL, &o, &big, NULL), CSAT_OK);
        assert_true(big.functional == DBL_MAX && big.dysfunctional == DBL_MAX);
    }
    o.score_factor = 1;

    /* answers outside 1..5, NULLs, empty, overflow, only R/Q, all missing */
    csat_assert_status(csat_kano_survey(f, d, 2, 1, NULL, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_kano_survey(NULL, d, 2, 1, NULL, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_kano_survey(f, dq, 0, 1, NULL, &r, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_kano_survey(f, dq, 1, 0, NULL, &r, NULL), CSAT_EEMPTY);
    csat_assert_status(csat_kano_survey(f, dq, SIZE_MAX / 2, 3, NULL, &r, NULL), CSAT_EINVAL);
    csat_assert_status(csat_kano_survey(fq, dq, 2, 1, NULL, &r, NULL), CSAT_EDOM);
    o = (csat_kano_options)CSAT_KANO_OPTIONS_INIT;
    o.nan_policy = CSAT_NAN_SKIP;
    csat_assert_status(csat_kano_survey(fnan, dq, 2, 1, &o, &r, NULL), CSAT_EEMPTY);
    assert_memory_equal(&r, &keep, sizeof r);
    {
        const double f15[1] = {1.5}, d1[1] = {5};
        csat_assert_status(csat_kano_survey(f15, d1, 1, 1, NULL, &r, NULL), CSAT_EINVAL);
    }
    csat_assert_status(csat_kano_continuous(f, dq, f, 2, 1, &bad, NULL, &cr, NULL), CSAT_EINVAL);
    {
        const double imp[2] = {0, 3};
        const csat_scale s5 = {1, 5, 0};
        csat_assert_status(csat_kano_continuous(fq, dq, imp, 2, 1, &s5, NULL, &cr, NULL), CSAT_EINVAL);
    }
    csat_assert_status(csat_kano_continuous(fnan, dq, NULL, 2, 1, NULL, &o, &cr, NULL), CSAT_EEMPTY);
    assert_memory_equal(&cr, &ckeep, sizeof cr);
}

/* More attributes than one counting block (64): all validated before any output. */
static void test_many_attributes(void **state)
{
    enum { NR = 3, NA = 70 };
    static double f[NR * NA], d[NR * NA];
    static csat_kano_result r[NA], keep[NA];
    (void)state;
    for (int i = 0; i < NR * NA; i++) {
        f[i] = 1 + (i % 3);
        d[i] = 5;
    }
    csat_assert_status(csat_kano_survey(f, d, NR, NA, NULL, r, NULL), CSAT_OK);
    /* column j gets answers f = 1 + ((i*70 + j) % 3): all O, M, M patterns */
    csat_assert_close(r[69].counts[O] + r[69].counts[M], 3, 0, 0);
    csat_assert_close(r[0].counts[O], 1, 0, 0);
    memset(keep, 0x5a, sizeof keep);
    memcpy(r, keep, sizeof r);
    d[2 * NA + 69] = 7; /* last attribute of the second block */
    csat_assert_status(csat_kano_survey(f, d, NR, NA, NULL, r, NULL), CSAT_EINVAL);
    assert_memory_equal(r, keep, sizeof r);
    d[2 * NA + 69] = 1;
    f[69] = f[NA + 69] = f[2 * NA + 69] = 5; /* only R/Q left: zero denominator */
    d[69] = d[NA + 69] = 1;
    csat_assert_status(csat_kano_survey(f, d, NR, NA, NULL, r, NULL), CSAT_EDOM);
    assert_memory_equal(r, keep, sizeof r);
}

/* Respondent filters (stp25kano rm_Q / rm_I) [D]. */
static void test_respondent_filters(void **state)
{
    /* 3 respondents x 2 attributes: r0 (Q, Q), r1 (I, O), r2 (I, I) */
    const double f[6] = {1, 1, 3, 1, 3, 3}, d[6] = {1, 1, 3, 5, 3, 3};
    csat_kano_options o = CSAT_KANO_OPTIONS_INIT;
    csat_kano_result r[2];
    (void)state;
    o.max_questionable = 1;
    csat_assert_status(csat_kano_survey(f, d, 3, 2, &o, r, NULL), CSAT_OK);
    assert_int_equal(r[0].n_filtered, 1);
    csat_assert_close(r[0].counts[Q], 0, 0, 0);
    csat_assert_close(r[0].counts[I], 2, 0, 0);
    o.max_indifferent = 1;
    csat_assert_status(csat_kano_survey(f, d, 3, 2, &o, r, NULL), CSAT_OK);
    assert_int_equal(r[1].n_filtered, 2);
    csat_assert_close(r[1].counts[O], 1, 0, 0);
    o.max_indifferent = 0; /* everyone dropped */
    csat_assert_status(csat_kano_survey(f, d, 3, 2, &o, r, NULL), CSAT_EEMPTY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evaluation_table),
        cmocka_unit_test(test_stp25kano_readme),
        cmocka_unit_test(test_brand_rese),
        cmocka_unit_test(test_sauerwein_percentages),
        cmocka_unit_test(test_micro_survey),
        cmocka_unit_test(test_matrix_and_missing),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_many_attributes),
        cmocka_unit_test(test_respondent_filters),
    };
    return cmocka_run_group_tests_name("kano", tests, NULL, NULL);
}
