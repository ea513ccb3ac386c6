/*
 * Customer delivered value models (csat_value_model).
 *
 * Reference values: Kotler's Caterpillar tractor (docs/theory/value.rst, section 1, [P]
 * inputs, [D] results); docs/theory/satisfaction.rst, 2.1 disconfirmation vectors [D]; every
 * other expected value is computed by hand in the comment next to it (the
 * offerings are chosen so that the sums are exact in binary floating point).
 */
#include "csat_test.h"

#include <float.h>
#include <stdint.h>

#define NC CSAT_VALUE_N_COMPONENTS
#define SENT (-12345.0) /* sentinel that must survive failing calls */

static const double ONES[NC] = {1, 1, 1, 1, 1, 1, 1, 1};

/* Three offerings used by several tests (model weights 1):
 *   A: product 4, monetary 1          -> TCV 4, TCC 1, CDV 3, ratio 4
 *   B: product 3, service 1, money 2  -> TCV 4, TCC 2, CDV 2, ratio 2
 *   C: image 2, time 1                -> TCV 2, TCC 1, CDV 1, ratio 2 */
static const double VA[NC] = {4, 0, 0, 0, 1, 0, 0, 0};
static const double VB[NC] = {3, 1, 0, 0, 2, 0, 0, 0};
static const double VC[NC] = {0, 0, 0, 2, 0, 1, 0, 0};

static csat_value_model *abc_model(void)
{
    csat_value_model *m = NULL;
    assert_int_equal(csat_value_model_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_add_offering(m, "A", VA, 0, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_add_offering(m, "B", VB, 1, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_add_offering(m, "C", VC, 1, NULL), CSAT_OK);
    return m;
}

static void fill(double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = SENT;
}

static void assert_filled(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_true(x[i] == SENT);
}

/* ---- reference examples --------------------------------------------------------- */

/* Kotler, Marketing Management 10th ed. (docs/theory/value.rst, 1): equivalent-to-competitor
 * value 90,000 + durability 7,000 + reliability 6,000 (product value 103,000),
 * service 5,000 + warranty 2,000 (service value 7,000); TCV 110,000; price after
 * discount 100,000; other costs 0 -> CDV 10,000, ratio 1.10. */
static void test_kotler_tractor(void **state)
{
    const double v[NC] = {90000.0 + 7000.0 + 6000.0, 5000.0 + 2000.0, 0, 0, 100000.0, 0, 0, 0};
    csat_value_model *m = NULL;
    double tcv, tcc, cdv, ratio, share;
    size_t rank, idx = 99;
    (void)state;
    assert_int_equal(csat_value_model_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_add_offering(m, "Caterpillar", v, 0, &idx), CSAT_OK);
    assert_int_equal(idx, 0);
    assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, 1e-3, &tcv, &tcc, &cdv,
                                               &ratio, &rank, &share, 1),
                     CSAT_OK);
    csat_assert_close(tcv, 110000.0, 0, 0);
    csat_assert_close(tcc, 100000.0, 0, 0);
    csat_assert_close(cdv, 10000.0, 0, 0);
    csat_assert_close(ratio, 1.10, 1e-15, 0);
    assert_int_equal(rank, 1);
    csat_assert_close(share, 1.0, 0, 0);
    csat_value_model_free(m);
}

/* ---- store ---------------------------------------------------------------------- */

static void test_store_getters(void **state)
{
    csat_value_model *m = abc_model();
    double v[NC], w[NC], size;
    const double sw[NC] = {1, 2, 3, 4, 5, 6, 7, 8};
    const char *name;
    int comp;
    size_t n_off, n_seg, idx;
    char longname[CSAT_VALUE_NAME_MAX + 2];
    (void)state;
    assert_int_equal(csat_value_model_count(m, &n_off, &n_seg), CSAT_OK);
    assert_int_equal(n_off, 3);
    assert_int_equal(n_seg, 0);
    assert_int_equal(csat_value_model_weights(m, w), CSAT_OK);
    for (int k = 0; k < NC; k++)
        assert_true(w[k] == 1.0);
    assert_int_equal(csat_value_model_offering(m, 1, v, &comp, &name), CSAT_OK);
    assert_memory_equal(v, VB, sizeof v);
    assert_int_equal(comp, 1);
    assert_string_equal(name, "B");
    assert_int_equal(csat_value_model_set_offering(m, 1, VA), CSAT_OK);
    assert_int_equal(csat_value_model_offering(m, 1, v, NULL, NULL), CSAT_OK);
    assert_memory_equal(v, VA, sizeof v);

    /* names are copied, up to CSAT_VALUE_NAME_MAX bytes */
    memset(longname, 'x', sizeof longname);
    longname[CSAT_VALUE_NAME_MAX] = '\0';
    assert_int_equal(csat_value_model_add_segment(m, longname, sw, 2.5, &idx), CSAT_OK);
    assert_int_equal(idx, 0);
    longname[0] = 'y';
    assert_int_equal(csat_value_model_segment(m, 0, w, &size, &name), CSAT_OK);
    assert_int_equal(strlen(name), CSAT_VALUE_NAME_MAX);
    assert_true(name[0] == 'x');
    assert_memory_equal(w, sw, sizeof w);
    csat_assert_close(size, 2.5, 0, 0);
    assert_int_equal(csat_value_model_set_segment(m, 0, ONES, 0.0), CSAT_OK);
    assert_int_equal(csat_value_model_segment(m, 0, w, &size, NULL), CSAT_OK);
    assert_memory_equal(w, ONES, sizeof w);
    assert_true(size == 0.0);

    /* many offerings: storage grows */
    for (int i = 0; i < 100; i++)
        assert_int_equal(csat_value_model_add_offering(m, "more", VC, 1, &idx), CSAT_OK);
    assert_int_equal(idx, 102);
    assert_int_equal(csat_value_model_offering(m, 0, v, NULL, &name), CSAT_OK);
    assert_string_equal(name, "A");
    csat_value_model_free(m);
    csat_value_model_free(NULL);
    assert_string_equal(csat_value_model_last_error(NULL), "");
}

/* ---- evaluation, ranks, shares ---------------------------------------------------- */

static void test_evaluate_abc(void **state)
{
    csat_value_model *m = abc_model();
    double tcv[3], tcc[3], cdv[3], ratio[3], share[3];
    size_t rank[3];
    (void)state;
    assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, log(2.0), tcv, tcc,
                                               cdv, ratio, rank, share, 3),
                     CSAT_OK);
    csat_assert_close(tcv[0], 4, 0, 0);
    csat_assert_close(tcv[1], 4, 0, 0);
    csat_assert_close(tcv[2], 2, 0, 0);
    csat_assert_close(tcc[0], 1, 0, 0);
    csat_assert_close(tcc[1], 2, 0, 0);
    csat_assert_close(tcc[2], 1, 0, 0);
    csat_assert_close(cdv[0], 3, 0, 0);
    csat_assert_close(cdv[1], 2, 0, 0);
    csat_assert_close(cdv[2], 1, 0, 0);
    csat_assert_close(ratio[0], 4, 0, 0);
    csat_assert_close(ratio[1], 2, 0, 0);
    csat_assert_close(ratio[2], 2, 0, 0);
    assert_int_equal(rank[0], 1);
    assert_int_equal(rank[1], 2);
    assert_int_equal(rank[2], 3);
    /* scale ln 2: shares proportional to 2^CDV = 8 : 4 : 2 -> 4/7, 2/7, 1/7 */
    csat_assert_close(share[0], 4.0 / 7.0, 1e-14, 0);
    csat_assert_close(share[1], 2.0 / 7.0, 1e-14, 0);
    csat_assert_close(share[2], 1.0 / 7.0, 1e-14, 0);

    /* outputs are optional */
    assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, 1.0, NULL, NULL, NULL,
                                               NULL, NULL, share, 3),
                     CSAT_OK);
    /* CDV 3, 2, 1 at scale 1: e^3/(e^3+e^2+e) etc. */
    {
        double z = exp(3.0) + exp(2.0) + exp(1.0);
        csat_assert_close(share[0], exp(3.0) / z, 1e-14, 0);
        csat_assert_close(share[2], exp(1.0) / z, 1e-14, 0);
    }
    csat_value_model_free(m);
}

/* Ties: CDV 2, 1, 1 (offerings A', C, C'): competition ranks 1, 2, 2; at
 * scale 1 shares e/(e+2), 1/(e+2), 1/(e+2) (= e^2/(e^2+2e)); with a tie at
 * the top and scale = INFINITY the best two split evenly. */
static void test_ties_and_infinite_scale(void **state)
{
    const double a2[NC] = {3, 0, 0, 0, 1, 0, 0, 0}; /* CDV 2 */
    csat_value_model *m = NULL;
    double share[3];
    size_t rank[3];
    (void)state;
    assert_int_equal(csat_value_model_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_add_offering(m, "C", VC, 0, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_add_offering(m, "A2", a2, 0, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_add_offering(m, "C2", VC, 0, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, 1.0, NULL, NULL, NULL,
                                               NULL, rank, share, 3),
                     CSAT_OK);
    assert_int_equal(rank[0], 2);
    assert_int_equal(rank[1], 1);
    assert_int_equal(rank[2], 2);
    csat_assert_close(share[1], 0.5761168847658291, 1e-14, 0); /* e/(e+2), python float */
    csat_assert_close(share[0], 0.21194155761708547, 1e-14, 0);
    csat_assert_close(share[2], 0.21194155761708547, 1e-14, 0);

    /* scale -> Inf: the best takes everything */
    assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, INFINITY, NULL, NULL,
                                               NULL, NULL, NULL, share, 3),
                     CSAT_OK);
    assert_true(share[0] == 0.0 && share[1] == 1.0 && share[2] == 0.0);

    /* tie at the top: C, C2 (CDV 1) and A2 made CDV 1 too -> thirds; then
     * A2 lowered to CDV 0 -> C and C2 split evenly */
    {
        const double a1[NC] = {2, 0, 0, 0, 1, 0, 0, 0}, a0[NC] = {1, 0, 0, 0, 1, 0, 0, 0};
        assert_int_equal(csat_value_model_set_offering(m, 1, a1), CSAT_OK);
        assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, INFINITY, NULL,
                                                   NULL, NULL, NULL, rank, share, 3),
                         CSAT_OK);
        for (int i = 0; i < 3; i++) {
            csat_assert_close(share[i], 1.0 / 3.0, 1e-15, 0);
            assert_int_equal(rank[i], 1);
        }
        assert_int_equal(csat_value_model_set_offering(m, 1, a0), CSAT_OK);
        assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, INFINITY, NULL,
                                                   NULL, NULL, NULL, rank, share, 3),
                         CSAT_OK);
        assert_true(share[0] == 0.5 && share[1] == 0.0 && share[2] == 0.5);
        assert_int_equal(rank[1], 3);
        /* a huge finite scale behaves like INFINITY, ties included */
        assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, 1e300, NULL, NULL,
                                                   NULL, NULL, NULL, share, 3),
                         CSAT_OK);
        assert_true(share[0] == 0.5 && share[1] == 0.0 && share[2] == 0.5);
    }
    csat_value_model_free(m);
}

/* scale * CDV far beyond exp's range (1e300 * 1e10, and CDVs of opposite
 * signs near DBL_MAX whose difference overflows) must give finite shares. */
static void test_shares_do_not_overflow(void **state)
{
    const double big[NC] = {1e10, 0, 0, 0, 0, 0, 0, 0};
    const double small[NC] = {1e10 - 1, 0, 0, 0, 0, 0, 0, 0};
    const double huge_pos[NC] = {DBL_MAX, 0, 0, 0, 0, 0, 0, 0};
    const double huge_neg[NC] = {0, 0, 0, 0, DBL_MAX, 0, 0, 0};
    csat_value_model *m = NULL;
    double share[2], cdv[2];
    (void)state;
    assert_int_equal(csat_value_model_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_add_offering(m, "big", big, 0, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_add_offering(m, "small", small, 0, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, 1e300, NULL, NULL, NULL,
                                               NULL, NULL, share, 2),
                     CSAT_OK);
    assert_true(share[0] == 1.0 && share[1] == 0.0);
    /* scale 1: CDV differ by 1 -> 1/(1+e^-1), e^-1/(1+e^-1) */
    assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, 1.0, NULL, NULL, NULL,
                                               NULL, NULL, share, 2),
                     CSAT_OK);
    csat_assert_close(share[0], 1.0 / (1.0 + exp(-1.0)), 1e-14, 0);
    csat_assert_close(share[1], exp(-1.0) / (1.0 + exp(-1.0)), 1e-14, 0);

    assert_int_equal(csat_value_model_set_offering(m, 0, huge_pos), CSAT_OK);
    assert_int_equal(csat_value_model_set_offering(m, 1, huge_neg), CSAT_OK);
    assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, 1.0, NULL, NULL, cdv,
                                               NULL, NULL, share, 2),
                     CSAT_OK);
    assert_true(cdv[0] == DBL_MAX && cdv[1] == -DBL_MAX);
    assert_true(share[0] == 1.0 && share[1] == 0.0);
    csat_value_model_free(m);
}

/* Two segments with different weights, offerings A, B, C:
 *   price-sensitive (monetary weight 2): A 4-2=2, B 4-4=0, C 2-1=1 -> ranks 1,3,2
 *   service-minded (service weight 3):   A 4-1=3, B 3+3-2=4, C 2-1=1 -> ranks 2,1,3
 * scale ln 2: shares 4:1:2 /7 and 8:16:2 /26; sizes 3 and 1 weight the market
 * share 0.75 and 0.25. */
static void test_segments(void **state)
{
    const double w_price[NC] = {1, 1, 1, 1, 2, 1, 1, 1};
    const double w_service[NC] = {1, 3, 1, 1, 1, 1, 1, 1};
    csat_value_model *m = abc_model();
    double cdv[3], share[3], market[3];
    size_t rank[3], s0, s1;
    (void)state;
    assert_int_equal(csat_value_model_add_segment(m, "price", w_price, 3.0, &s0), CSAT_OK);
    assert_int_equal(csat_value_model_add_segment(m, "service", w_service, 1.0, &s1), CSAT_OK);
    assert_int_equal(csat_value_model_evaluate(m, s0, log(2.0), NULL, NULL, cdv, NULL, rank, share, 3),
                     CSAT_OK);
    csat_assert_close(cdv[0], 2, 0, 0);
    csat_assert_close(cdv[1], 0, 0, 0);
    csat_assert_close(cdv[2], 1, 0, 0);
    assert_int_equal(rank[0], 1);
    assert_int_equal(rank[1], 3);
    assert_int_equal(rank[2], 2);
    csat_assert_close(share[0], 4.0 / 7, 1e-14, 0);
    csat_assert_close(share[1], 1.0 / 7, 1e-14, 0);
    csat_assert_close(share[2], 2.0 / 7, 1e-14, 0);
    assert_int_equal(csat_value_model_evaluate(m, s1, log(2.0), NULL, NULL, cdv, NULL, rank, share, 3),
                     CSAT_OK);
    csat_assert_close(cdv[0], 3, 0, 0);
    csat_assert_close(cdv[1], 4, 0, 0);
    csat_assert_close(cdv[2], 1, 0, 0);
    assert_int_equal(rank[0], 2);
    assert_int_equal(rank[1], 1);
    assert_int_equal(rank[2], 3);
    csat_assert_close(share[1], 16.0 / 26, 1e-14, 0);

    assert_int_equal(csat_value_model_market_share(m, log(2.0), market, 3), CSAT_OK);
    csat_assert_close(market[0], 0.75 * 4 / 7 + 0.25 * 8 / 26, 1e-14, 0);
    csat_assert_close(market[1], 0.75 * 1 / 7 + 0.25 * 16 / 26, 1e-14, 0);
    csat_assert_close(market[2], 0.75 * 2 / 7 + 0.25 * 2 / 26, 1e-14, 0);
    assert_int_equal(csat_value_model_market_share(m, INFINITY, market, 3), CSAT_OK);
    csat_assert_close(market[0], 0.75, 1e-15, 0);
    csat_assert_close(market[1], 0.25, 1e-15, 0);
    assert_true(market[2] == 0.0);

    /* model weights are untouched by segments */
    assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, 1.0, NULL, NULL, cdv,
                                               NULL, NULL, NULL, 3),
                     CSAT_OK);
    csat_assert_close(cdv[1], 2, 0, 0);
    csat_value_model_free(m);
}

/* One offering: every segment gives it share 1, so the market share is 1;
 * the size fractions 4/41 + 19/41 + 2/41 + 13/41 + 3/41 add up to
 * 1.0000000000000002 in double (found with python3) and must not leak out. */
static void test_market_share_never_exceeds_one(void **state)
{
    const double sizes[5] = {4, 19, 2, 13, 3};
    csat_value_model *m = NULL;
    double share = 0;
    (void)state;
    assert_int_equal(csat_value_model_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_add_offering(m, "only", VA, 0, NULL), CSAT_OK);
    for (int s = 0; s < 5; s++)
        assert_int_equal(csat_value_model_add_segment(m, "s", ONES, sizes[s], NULL), CSAT_OK);
    assert_int_equal(csat_value_model_market_share(m, 1.0, &share, 1), CSAT_OK);
    assert_true(share == 1.0);
    csat_value_model_free(m);
}

/* ---- improvement analysis -------------------------------------------------------- */

/* Model weights {1,1,0,1, 2,1,1,1} (personnel ignored, price counts double):
 * A CDV 4-2=2, B 4-4=0, C 2-1=1. Offering B: rival A, gap 2; margin 0.5 ->
 * needed 2.5: product +2.5, service +2.5, image +2.5, personnel no effect,
 * monetary -2.5/2 = -1.25 (B pays 2: feasible), time/effort/mental cost 0
 * -> infeasible. Compared with A: product 3<4 trails, service 1>0 leads,
 * monetary 2>1 trails. */
static void test_improvement_trailing(void **state)
{
    const double w[NC] = {1, 1, 0, 1, 2, 1, 1, 1};
    const int st_exp[NC] = {CSAT_VALUE_REACHABLE, CSAT_VALUE_REACHABLE, CSAT_VALUE_NO_EFFECT,
                            CSAT_VALUE_REACHABLE, CSAT_VALUE_REACHABLE, CSAT_VALUE_INFEASIBLE,
                            CSAT_VALUE_INFEASIBLE, CSAT_VALUE_INFEASIBLE};
    const double req_exp[NC] = {2.5, 2.5, 0, 2.5, 1.25, 0, 0, 0};
    const double gain_exp[NC] = {1, 1, 0, 1, -2, -1, -1, -1};
    const int cmp_exp[NC] = {-1, 1, 0, 0, -1, 0, 0, 0};
    csat_value_model *m = abc_model();
    csat_value_improvement r;
    (void)state;
    assert_int_equal(csat_value_model_set_weights(m, w), CSAT_OK);
    assert_int_equal(csat_value_model_improvement(m, 1, CSAT_VALUE_MODEL_WEIGHTS, 0.5, &r), CSAT_OK);
    assert_int_equal(r.rival, 0);
    csat_assert_close(r.gap, 2, 0, 0);
    csat_assert_close(r.needed, 2.5, 0, 0);
    for (int k = 0; k < NC; k++) {
        assert_int_equal(r.status[k], st_exp[k]);
        csat_assert_close(r.required[k], req_exp[k], 0, 0);
        csat_assert_close(r.gain_per_unit[k], gain_exp[k], 0, 0);
        assert_int_equal(r.compare[k], cmp_exp[k]);
    }
    /* margin 0 (parity): monetary needs -1 of 2; and C (time cost 1) can
     * reach parity with A exactly by cutting its time cost to 0: C's CDV 1,
     * gap 1, time weight 1 -> required 1 == its time cost: feasible. */
    assert_int_equal(csat_value_model_improvement(m, 2, CSAT_VALUE_MODEL_WEIGHTS, 0.0, &r), CSAT_OK);
    assert_int_equal(r.rival, 0);
    csat_assert_close(r.gap, 1, 0, 0);
    assert_int_equal(r.status[CSAT_COST_TIME], CSAT_VALUE_REACHABLE);
    csat_assert_close(r.required[CSAT_COST_TIME], 1, 0, 0);
    assert_int_equal(r.status[CSAT_COST_MONETARY], CSAT_VALUE_INFEASIBLE);
    /* C vs A: image 2>0 leads, product 0<4 trails, monetary 0<1 leads, time 1>0 trails */
    assert_int_equal(r.compare[CSAT_VALUE_IMAGE], 1);
    assert_int_equal(r.compare[CSAT_VALUE_PRODUCT], -1);
    assert_int_equal(r.compare[CSAT_COST_MONETARY], 1);
    assert_int_equal(r.compare[CSAT_COST_TIME], -1);
    csat_value_model_free(m);
}

/* The leader A (CDV 3, weights 1) against its runner-up B (CDV 2): margin 0
 * -> everything LEADS, gap 0; margin 5 -> needed 2 - 3 + 5 = 4: product +4,
 * monetary -4 > its cost 1 -> infeasible. Ties: a tied leader has gap 0. */
static void test_improvement_leader(void **state)
{
    csat_value_model *m = abc_model();
    csat_value_improvement r;
    (void)state;
    assert_int_equal(csat_value_model_improvement(m, 0, CSAT_VALUE_MODEL_WEIGHTS, 0.0, &r), CSAT_OK);
    assert_int_equal(r.rival, 1);
    assert_true(r.gap == 0.0 && r.needed == 0.0);
    for (int k = 0; k < NC; k++) {
        assert_int_equal(r.status[k], CSAT_VALUE_LEADS);
        assert_true(r.required[k] == 0.0);
    }
    assert_int_equal(r.compare[CSAT_VALUE_PRODUCT], 1);
    assert_int_equal(r.compare[CSAT_VALUE_SERVICE], -1);
    assert_int_equal(r.compare[CSAT_COST_MONETARY], 1);
    assert_int_equal(csat_value_model_improvement(m, 0, CSAT_VALUE_MODEL_WEIGHTS, 5.0, &r), CSAT_OK);
    csat_assert_close(r.needed, 4, 0, 0);
    assert_true(r.gap == 0.0);
    assert_int_equal(r.status[CSAT_VALUE_PRODUCT], CSAT_VALUE_REACHABLE);
    csat_assert_close(r.required[CSAT_VALUE_PRODUCT], 4, 0, 0);
    assert_int_equal(r.status[CSAT_COST_MONETARY], CSAT_VALUE_INFEASIBLE);

    /* B raised to CDV 3: tie with A -> gap 0, LEADS at margin 0 */
    assert_int_equal(csat_value_model_set_offering(m, 1, (const double[NC]){4, 1, 0, 0, 2, 0, 0, 0}),
                     CSAT_OK);
    assert_int_equal(csat_value_model_improvement(m, 1, CSAT_VALUE_MODEL_WEIGHTS, 0.0, &r), CSAT_OK);
    assert_int_equal(r.rival, 0);
    assert_true(r.gap == 0.0);
    assert_int_equal(r.status[0], CSAT_VALUE_LEADS);
    csat_value_model_free(m);

    /* a lone offering has no rival */
    assert_int_equal(csat_value_model_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_add_offering(m, "only", VA, 0, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_improvement(m, 0, CSAT_VALUE_MODEL_WEIGHTS, 1.0, &r), CSAT_OK);
    assert_true(r.rival == CSAT_VALUE_MODEL_WEIGHTS);
    for (int k = 0; k < NC; k++) {
        assert_int_equal(r.status[k], CSAT_VALUE_LEADS);
        assert_int_equal(r.compare[k], 0);
    }
    csat_value_model_free(m);
}

/* Improvement under a segment's weights: service-minded segment of
 * test_segments (B leads with 4, A 3): A needs 1 more: service +1/3. */
static void test_improvement_segment(void **state)
{
    const double w_service[NC] = {1, 3, 1, 1, 1, 1, 1, 1};
    csat_value_model *m = abc_model();
    csat_value_improvement r;
    size_t s;
    (void)state;
    assert_int_equal(csat_value_model_add_segment(m, "service", w_service, 1.0, &s), CSAT_OK);
    assert_int_equal(csat_value_model_improvement(m, 0, s, 0.0, &r), CSAT_OK);
    assert_int_equal(r.rival, 1);
    csat_assert_close(r.gap, 1, 0, 0);
    csat_assert_close(r.required[CSAT_VALUE_SERVICE], 1.0 / 3.0, 1e-15, 0);
    csat_assert_close(r.gain_per_unit[CSAT_VALUE_SERVICE], 3, 0, 0);
    csat_assert_close(r.required[CSAT_COST_MONETARY], 1, 0, 0); /* cost 1 -> 0: feasible */
    assert_int_equal(r.status[CSAT_COST_MONETARY], CSAT_VALUE_REACHABLE);
    csat_value_model_free(m);
}

/* ---- per customer ---------------------------------------------------------------- */

static void test_customers(void **state)
{
    /* three customers' perceptions of one offering:
     *   1: product 10, monetary 8            -> CDV 2,  ratio 1.25
     *   2: product 6, service 2, time 2, money 4 -> CDV 2, ratio 8/6
     *   3: image 1, monetary 4               -> CDV -3, ratio 0.25 */
    const double pv[3] = {10, 6, 0}, sv[3] = {0, 2, 0}, iv[3] = {0, 0, 1};
    const double mc[3] = {8, 4, 4}, tc[3] = {0, 2, 0};
    const double *cols[NC] = {pv, sv, NULL, iv, mc, tc, NULL, NULL};
    csat_value_model *m = NULL;
    double cdv[3], ratio[3];
    (void)state;
    assert_int_equal(csat_value_model_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_customers(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 3, cdv, ratio),
                     CSAT_OK);
    csat_assert_close(cdv[0], 2, 0, 0);
    csat_assert_close(cdv[1], 2, 0, 0);
    csat_assert_close(cdv[2], -3, 0, 0);
    csat_assert_close(ratio[0], 1.25, 0, 0);
    csat_assert_close(ratio[1], 8.0 / 6.0, 1e-15, 0);
    csat_assert_close(ratio[2], 0.25, 0, 0);
    /* with a segment: monetary weight 0.5 -> CDV 6, 4, -1 */
    {
        const double w[NC] = {1, 1, 1, 1, 0.5, 1, 1, 1};
        size_t s;
        assert_int_equal(csat_value_model_add_segment(m, "s", w, 1, &s), CSAT_OK);
        assert_int_equal(csat_value_model_customers(m, s, cols, 3, cdv, NULL), CSAT_OK);
        csat_assert_close(cdv[0], 6, 0, 0);
        csat_assert_close(cdv[1], 4, 0, 0);
        csat_assert_close(cdv[2], -1, 0, 0);
    }
    csat_value_model_free(m);
}

/* docs/theory/satisfaction.rst, 2.1 [D]: (P,E,tau) = (5,4,0) DELIGHTED, (4,4,0) SATISFIED,
 * (3.6,4,0.5) SATISFIED, (3,4,0.5) DISSATISFIED; P is the delivered value
 * (product value P, no cost). */
static void test_disconfirmation_vectors(void **state)
{
    const double p0[2] = {5, 4}, e0[2] = {4, 4};
    const double p1[2] = {3.6, 3}, e1[2] = {4, 4};
    const double *c0[NC] = {p0, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    const double *c1[NC] = {p1, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    csat_value_model *m = NULL;
    double d[2];
    int st[2];
    (void)state;
    assert_int_equal(csat_value_model_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_value_model_disconfirm(m, CSAT_VALUE_MODEL_WEIGHTS, c0, 2, e0, 0.0, d, st),
                     CSAT_OK);
    assert_int_equal(st[0], CSAT_DELIGHTED);
    assert_int_equal(st[1], CSAT_SATISFIED);
    csat_assert_close(d[0], 1, 0, 0);
    csat_assert_close(d[1], 0, 0, 0);
    assert_int_equal(csat_value_model_disconfirm(m, CSAT_VALUE_MODEL_WEIGHTS, c1, 2, e1, 0.5, d, st),
                     CSAT_OK);
    assert_int_equal(st[0], CSAT_SATISFIED);
    assert_int_equal(st[1], CSAT_DISSATISFIED);
    csat_assert_close(d[0], 3.6 - 4.0, 1e-15, 0);
    csat_assert_close(d[1], -1, 0, 0);
    /* expected may be negative; outputs optional */
    {
        const double eneg[2] = {-1, 6};
        assert_int_equal(csat_value_model_disconfirm(m, CSAT_VALUE_MODEL_WEIGHTS, c0, 2, eneg, 0.0,
                                                     NULL, st),
                         CSAT_OK);
        assert_int_equal(st[0], CSAT_DELIGHTED);
        assert_int_equal(st[1], CSAT_DISSATISFIED);
    }
    csat_value_model_free(m);
}

/* ---- bad input ----------------------------------------------------------------- */

static void test_bad_input_store(void **state)
{
    csat_value_model *m = abc_model();
    double bad[NC] = {1, 1, 1, 1, 1, 1, 1, 1}, w[NC];
    char longname[CSAT_VALUE_NAME_MAX + 2];
    size_t idx = 77, n_off;
    (void)state;
    assert_int_equal(csat_value_model_new(NULL, NULL), CSAT_EINVAL);
    {
        csat_allocator incomplete = {NULL, NULL, NULL, NULL};
        csat_value_model *m2 = (csat_value_model *)&idx;
        assert_int_equal(csat_value_model_new(&m2, &incomplete), CSAT_EINVAL);
        assert_true(m2 == (csat_value_model *)&idx);
    }
    assert_int_equal(csat_value_model_set_weights(NULL, ONES), CSAT_EINVAL);
    assert_int_equal(csat_value_model_set_weights(m, NULL), CSAT_EINVAL);
    for (int k = 0; k < NC; k++) {
        const double vals[3] = {NAN, -1.0, INFINITY};
        for (int j = 0; j < 3; j++) {
            memcpy(bad, ONES, sizeof bad);
            bad[k] = vals[j];
            assert_int_equal(csat_value_model_set_weights(m, bad), CSAT_EINVAL);
            assert_int_equal(csat_value_model_add_offering(m, "x", bad, 0, &idx), CSAT_EINVAL);
            assert_int_equal(csat_value_model_set_offering(m, 0, bad), CSAT_EINVAL);
            assert_int_equal(csat_value_model_add_segment(m, "x", bad, 1, &idx), CSAT_EINVAL);
        }
    }
    assert_true(strlen(csat_value_model_last_error(m)) > 0);
    assert_int_equal(csat_value_model_weights(m, w), CSAT_OK);
    assert_memory_equal(w, ONES, sizeof w); /* unchanged */
    assert_int_equal(csat_value_model_offering(m, 0, w, NULL, NULL), CSAT_OK);
    assert_memory_equal(w, VA, sizeof w);
    memset(longname, 'x', sizeof longname);
    longname[CSAT_VALUE_NAME_MAX + 1] = '\0';
    assert_int_equal(csat_value_model_add_offering(m, longname, VA, 0, &idx), CSAT_EINVAL);
    assert_int_equal(csat_value_model_add_offering(m, "", VA, 0, &idx), CSAT_EINVAL);
    assert_int_equal(csat_value_model_add_offering(m, NULL, VA, 0, &idx), CSAT_EINVAL);
    assert_int_equal(csat_value_model_add_offering(m, "x", NULL, 0, &idx), CSAT_EINVAL);
    assert_int_equal(csat_value_model_add_offering(NULL, "x", VA, 0, &idx), CSAT_EINVAL);
    assert_int_equal(csat_value_model_add_segment(m, "x", ONES, NAN, &idx), CSAT_EINVAL);
    assert_int_equal(csat_value_model_add_segment(m, "x", ONES, -1, &idx), CSAT_EINVAL);
    assert_int_equal(csat_value_model_add_segment(m, "x", ONES, INFINITY, &idx), CSAT_EINVAL);
    assert_int_equal(idx, 77);
    assert_int_equal(csat_value_model_set_offering(m, 3, VA), CSAT_EINVAL);
    assert_int_equal(csat_value_model_set_segment(m, 0, ONES, 1), CSAT_EINVAL);
    assert_int_equal(csat_value_model_offering(m, 3, w, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_value_model_offering(NULL, 0, w, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_value_model_segment(m, 0, w, NULL, NULL), CSAT_EINVAL);
    assert_int_equal(csat_value_model_weights(NULL, w), CSAT_EINVAL);
    assert_int_equal(csat_value_model_count(NULL, &n_off, NULL), CSAT_EINVAL);
    assert_int_equal(csat_value_model_count(m, &n_off, NULL), CSAT_OK);
    assert_int_equal(n_off, 3);
    csat_value_model_free(m);
}

static void test_bad_input_evaluate(void **state)
{
    csat_value_model *m = NULL;
    double a[3], b[3], c[3], d[3], e[3], s[3];
    size_t rank[3] = {99, 99, 99};
    csat_value_improvement r, r0;
    (void)state;
    assert_int_equal(csat_value_model_new(&m, NULL), CSAT_OK);
    fill(s, 3);
    /* empty model */
    assert_int_equal(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, 1, NULL, NULL, NULL,
                                               NULL, NULL, s, 3),
                     CSAT_EEMPTY);
    assert_int_equal(csat_value_model_market_share(m, 1, s, 3), CSAT_EEMPTY);
    assert_int_equal(csat_value_model_improvement(m, 0, CSAT_VALUE_MODEL_WEIGHTS, 0, &r),
                     CSAT_EINVAL);
    csat_value_model_free(m);

    m = abc_model();
    fill(a, 3), fill(b, 3), fill(c, 3), fill(d, 3), fill(e, 3);
#define EVAL(seg, scale, cap) \
    csat_value_model_evaluate(m, (seg), (scale), a, b, c, d, rank, s, (cap))
    csat_assert_status(EVAL(CSAT_VALUE_MODEL_WEIGHTS, 0.0, 3), CSAT_EINVAL);
    csat_assert_status(EVAL(CSAT_VALUE_MODEL_WEIGHTS, -1.0, 3), CSAT_EINVAL);
    csat_assert_status(EVAL(CSAT_VALUE_MODEL_WEIGHTS, NAN, 3), CSAT_EINVAL);
    csat_assert_status(EVAL(CSAT_VALUE_MODEL_WEIGHTS, -INFINITY, 3), CSAT_EINVAL);
    csat_assert_status(EVAL(0, 1.0, 3), CSAT_EINVAL); /* no segment 0 */
    csat_assert_status(EVAL(CSAT_VALUE_MODEL_WEIGHTS, 1.0, 2), CSAT_EBUFSIZE);
    csat_assert_status(csat_value_model_evaluate(NULL, CSAT_VALUE_MODEL_WEIGHTS, 1, a, b, c, d,
                                                 rank, s, 3),
                       CSAT_EINVAL);
    /* zero total cost: ratio undefined -> EDOM; without ratio it is fine */
    assert_int_equal(csat_value_model_set_offering(m, 2, (const double[NC]){0, 0, 0, 2, 0, 0, 0, 0}),
                     CSAT_OK);
    csat_assert_status(EVAL(CSAT_VALUE_MODEL_WEIGHTS, 1.0, 3), CSAT_EDOM);
    assert_true(strstr(csat_value_model_last_error(m), "ratio") != NULL);
    /* overflow of a total: weight 4 x DBL_MAX/2 */
    assert_int_equal(csat_value_model_set_offering(m, 2,
                                                   (const double[NC]){DBL_MAX / 2, 0, 0, 0, 1, 0, 0, 0}),
                     CSAT_OK);
    assert_int_equal(csat_value_model_set_weights(m, (const double[NC]){4, 1, 1, 1, 1, 1, 1, 1}),
                     CSAT_OK);
    csat_assert_status(csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, 1, a, b, c, NULL,
                                                 rank, s, 3),
                       CSAT_EDOM);
    memset(&r0, 0x5a, sizeof r0);
    r = r0;
    csat_assert_status(csat_value_model_improvement(m, 0, CSAT_VALUE_MODEL_WEIGHTS, 0, &r), CSAT_EDOM);
    assert_int_equal(csat_value_model_set_weights(m, ONES), CSAT_OK);
    /* ratio overflow: value 1e300, cost 1e-300 */
    assert_int_equal(csat_value_model_set_offering(m, 2,
                                                   (const double[NC]){1e300, 0, 0, 0, 1e-300, 0, 0, 0}),
                     CSAT_OK);
    csat_assert_status(EVAL(CSAT_VALUE_MODEL_WEIGHTS, 1.0, 3), CSAT_EDOM);
    assert_filled(a, 3), assert_filled(b, 3), assert_filled(c, 3), assert_filled(d, 3),
        assert_filled(s, 3);
    assert_true(rank[0] == 99 && rank[1] == 99 && rank[2] == 99);
#undef EVAL

    /* improvement */
    csat_assert_status(csat_value_model_improvement(m, 3, CSAT_VALUE_MODEL_WEIGHTS, 0, &r), CSAT_EINVAL);
    csat_assert_status(csat_value_model_improvement(m, 0, 5, 0, &r), CSAT_EINVAL);
    csat_assert_status(csat_value_model_improvement(m, 0, CSAT_VALUE_MODEL_WEIGHTS, -1, &r), CSAT_EINVAL);
    csat_assert_status(csat_value_model_improvement(m, 0, CSAT_VALUE_MODEL_WEIGHTS, NAN, &r), CSAT_EINVAL);
    csat_assert_status(csat_value_model_improvement(m, 0, CSAT_VALUE_MODEL_WEIGHTS, INFINITY, &r),
                       CSAT_EINVAL);
    csat_assert_status(csat_value_model_improvement(m, 0, CSAT_VALUE_MODEL_WEIGHTS, 0, NULL), CSAT_EINVAL);
    csat_assert_status(csat_value_model_improvement(NULL, 0, CSAT_VALUE_MODEL_WEIGHTS, 0, &r), CSAT_EINVAL);
    assert_memory_equal(&r, &r0, sizeof r);

    /* market share: no segments, then all sizes zero */
    csat_assert_status(csat_value_model_market_share(m, 1, s, 3), CSAT_EEMPTY);
    assert_int_equal(csat_value_model_add_segment(m, "nobody", ONES, 0.0, NULL), CSAT_OK);
    csat_assert_status(csat_value_model_market_share(m, 1, s, 3), CSAT_EDOM);
    csat_assert_status(csat_value_model_market_share(m, 1, NULL, 3), CSAT_EINVAL);
    csat_assert_status(csat_value_model_market_share(m, 1, s, 2), CSAT_EBUFSIZE);
    csat_assert_status(csat_value_model_market_share(m, NAN, s, 3), CSAT_EINVAL);
    assert_filled(s, 3);
    csat_value_model_free(m);
}

static void test_bad_input_customers(void **state)
{
    double pv[2] = {5, 4}, mc[2] = {1, 0}, ex[2] = {0, 0};
    const double *cols[NC] = {pv, NULL, NULL, NULL, mc, NULL, NULL, NULL};
    csat_value_model *m = NULL;
    double cdv[2], ratio[2], dd[2];
    int st[2] = {7, 7};
    (void)state;
    assert_int_equal(csat_value_model_new(&m, NULL), CSAT_OK);
    fill(cdv, 2), fill(ratio, 2), fill(dd, 2);
    /* customer 2 has total cost 0: ratio undefined */
    csat_assert_status(csat_value_model_customers(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 2, cdv, ratio),
                       CSAT_EDOM);
    csat_assert_status(csat_value_model_customers(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 0, cdv, NULL),
                       CSAT_EEMPTY);
    csat_assert_status(csat_value_model_customers(m, CSAT_VALUE_MODEL_WEIGHTS, NULL, 2, cdv, NULL),
                       CSAT_EINVAL);
    csat_assert_status(csat_value_model_customers(m, 0, cols, 2, cdv, NULL), CSAT_EINVAL);
    csat_assert_status(csat_value_model_customers(NULL, CSAT_VALUE_MODEL_WEIGHTS, cols, 2, cdv, NULL),
                       CSAT_EINVAL);
    pv[1] = NAN;
    csat_assert_status(csat_value_model_customers(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 2, cdv, NULL),
                       CSAT_EINVAL);
    pv[1] = -1;
    csat_assert_status(csat_value_model_customers(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 2, cdv, NULL),
                       CSAT_EINVAL);
    pv[1] = 4;
    ex[1] = NAN;
    csat_assert_status(csat_value_model_disconfirm(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 2, ex, 0, dd, st),
                       CSAT_EINVAL);
    ex[1] = 0;
    csat_assert_status(csat_value_model_disconfirm(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 2, NULL, 0, dd, st),
                       CSAT_EINVAL);
    csat_assert_status(csat_value_model_disconfirm(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 2, ex, -0.1, dd, st),
                       CSAT_EINVAL);
    csat_assert_status(csat_value_model_disconfirm(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 2, ex, NAN, dd, st),
                       CSAT_EINVAL);
    csat_assert_status(csat_value_model_disconfirm(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 0, ex, 0, dd, st),
                       CSAT_EEMPTY);
    /* disconfirmation overflow: CDV near DBL_MAX minus a very negative expectation */
    pv[1] = DBL_MAX;
    ex[1] = -DBL_MAX;
    csat_assert_status(csat_value_model_disconfirm(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 2, ex, 0, dd, st),
                       CSAT_EDOM);
    assert_filled(cdv, 2), assert_filled(ratio, 2), assert_filled(dd, 2);
    assert_true(st[0] == 7 && st[1] == 7);
    csat_value_model_free(m);
}

/* ---- allocation failures ------------------------------------------------------------ */

static void test_alloc_failures(void **state)
{
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    csat_value_model *m = NULL;
    size_t rank[40], n_off, n_seg;
    double cdv[40];
    long k;
    (void)state;
    /* new */
    for (k = 0;; k++) {
        csat_status st;
        csat_test_alloc_reset(&t, k);
        st = csat_value_model_new(&m, &a);
        if (st == CSAT_OK)
            break;
        assert_int_equal(st, CSAT_ENOMEM);
        assert_int_equal(t.live, 0);
        assert_null(m);
    }
    assert_true(k >= 1);
    /* add_offering and add_segment, through several growth steps */
    for (int i = 0; i < 40; i++) {
        for (k = 0;; k++) {
            long live = t.live;
            csat_status st;
            csat_test_alloc_reset(&t, k);
            st = (i % 2) ? csat_value_model_add_segment(m, "s", ONES, 1.0, NULL)
                         : csat_value_model_add_offering(m, "o", VA, 0, NULL);
            if (st == CSAT_OK)
                break;
            assert_int_equal(st, CSAT_ENOMEM);
            assert_int_equal(t.live, live);
            assert_int_equal(csat_value_model_count(m, &n_off, &n_seg), CSAT_OK);
            assert_int_equal(n_off, (size_t)(i + 1) / 2);
            assert_int_equal(n_seg, (size_t)i / 2);
        }
    }
    assert_int_equal(csat_value_model_count(m, &n_off, &n_seg), CSAT_OK);
    assert_int_equal(n_off, 20);
    assert_int_equal(n_seg, 20);
    /* evaluate with ranks allocates scratch */
    fill(cdv, 40);
    for (k = 0;; k++) {
        long live = t.live;
        csat_status st;
        csat_test_alloc_reset(&t, k);
        st = csat_value_model_evaluate(m, 3, 1.0, NULL, NULL, cdv, NULL, rank, NULL, 40);
        if (st == CSAT_OK)
            break;
        assert_int_equal(st, CSAT_ENOMEM);
        assert_int_equal(t.live, live);
        assert_filled(cdv, 40);
    }
    assert_true(k >= 1);
    for (int i = 0; i < 20; i++) {
        assert_int_equal(rank[i], 1); /* all identical: everybody ties */
        csat_assert_close(cdv[i], 3, 0, 0);
    }
    csat_value_model_free(m);
    assert_int_equal(t.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kotler_tractor),
        cmocka_unit_test(test_store_getters),
        cmocka_unit_test(test_evaluate_abc),
        cmocka_unit_test(test_ties_and_infinite_scale),
        cmocka_unit_test(test_shares_do_not_overflow),
        cmocka_unit_test(test_segments),
        cmocka_unit_test(test_market_share_never_exceeds_one),
        cmocka_unit_test(test_improvement_trailing),
        cmocka_unit_test(test_improvement_leader),
        cmocka_unit_test(test_improvement_segment),
        cmocka_unit_test(test_customers),
        cmocka_unit_test(test_disconfirmation_vectors),
        cmocka_unit_test(test_bad_input_store),
        cmocka_unit_test(test_bad_input_evaluate),
        cmocka_unit_test(test_bad_input_customers),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests_name("value_model", tests, NULL, NULL);
}
