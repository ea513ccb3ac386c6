/*
 * Valid-input sweep of the survey measures, the value model and the
 * customer store (see tests/valid_sweep.h): NPS from counts from 1e-300 to
 * DBL_MAX (intervals by every method, comparisons, sample sizes), answers
 * with n = 1 and identical answers, Kano counts, the service-quality
 * iceberg, value-model components and weights from 1e-300 to DBL_MAX, and
 * a customer store with times up to 1e6 and amounts up to 1e300.
 *
 * Documented codes (include/csat.h), besides CSAT_OK:
 *   nps_from_counts, nps_interval_counts  EDOM (zero total; a count sum past DBL_MAX)
 *   nps_compare                           EDOM (a zero total or a zero SE)
 *   nps_sample_size                       EDOM (a size past the double range)
 *   nps, csat, ces                        none with answers on the scale
 *   kano_evaluate                         EDOM (no answers)
 *   iceberg                               EDOM (a result overflows)
 *   value_model_evaluate, market_share,   EDOM (a zero total cost with ratios,
 *   improvement, customers, disconfirm    totals or gains past DBL_MAX)
 *   customers_summarize                   EDOM (amounts summing past DBL_MAX)
 */
#include "valid_sweep.h"

static const double COUNTS[] = {0, 1e-300, 1, 3, 1e300, DBL_MAX};

static void test_nps(void **state)
{
    static const double levels[] = {1e-6, 0.95, 1 - 1e-9};
    (void)state;
    for (size_t a = 0; a < VS_N_OF(COUNTS); a++)
        for (size_t b = 0; b < VS_N_OF(COUNTS); b++)
            for (size_t c = 0; c < VS_N_OF(COUNTS); c++) {
                const double P = COUNTS[a], Q = COUNTS[b], D = COUNTS[c];
                csat_nps_result r;
                char ctx[120];
                csat_status st;
                double v[8];
                snprintf(ctx, sizeof ctx, "promoters %g, passives %g, detractors %g", P, Q, D);
                memset(&r, 0, sizeof r);
                st = csat_nps_from_counts(P, Q, D, &r, NULL);
                v[0] = r.score, v[1] = r.variance, v[2] = r.se, v[3] = r.n;
                if (vs_check("csat_nps_from_counts (score)", ctx, NULL, st, VS_DOC(CSAT_EDOM), v, st ? 0 : 1,
                             -100.0, 100.0)) {
                    vs_check("csat_nps_from_counts (variance)", ctx, NULL, st, VS_NONE, v + 1, 1, 0.0, 1.0);
                    vs_check("csat_nps_from_counts (se, n)", ctx, NULL, st, VS_NONE, v + 2, 2, 0.0, DBL_MAX);
                }
                for (int method = 0; method < 3; method++)
                    for (size_t l = 0; l < VS_N_OF(levels); l++)
                        for (int clip = 0; clip < 2; clip++) {
                            csat_nps_interval iv;
                            char ctx2[200];
                            snprintf(ctx2, sizeof ctx2, "%s, method %d, level %g, clip %d", ctx, method,
                                     levels[l], clip);
                            memset(&iv, 0, sizeof iv);
                            vs_tic();
                            st = csat_nps_interval_counts(P, Q, D, (csat_nps_interval_method)method, levels[l],
                                                          clip, 0.0, &iv, NULL);
                            v[0] = iv.estimate, v[1] = iv.lower, v[2] = iv.upper, v[3] = iv.se;
                            if (vs_check("csat_nps_interval_counts", ctx2, NULL, st, VS_DOC(CSAT_EDOM), v,
                                         st ? 0 : 4, -DBL_MAX, DBL_MAX)) {
                                if (!(v[1] <= v[0] + 1e-9 && v[0] <= v[2] + 1e-9))
                                    vs_failf("csat_nps_interval_counts", ctx2, "lower %g, estimate %g, upper %g",
                                             v[1], v[0], v[2]);
                                if ((clip || method == 2) && !(v[1] >= -100 && v[2] <= 100))
                                    vs_failf("csat_nps_interval_counts", ctx2, "clipped limits %g %g", v[1],
                                             v[2]);
                            }
                        }
                {
                    csat_nps_comparison cmp;
                    memset(&cmp, 0, sizeof cmp);
                    st = csat_nps_compare(P, Q, D, Q + 1, D, P, 0.95, &cmp, NULL);
                    v[0] = cmp.difference, v[1] = cmp.se, v[2] = cmp.z, v[3] = cmp.lower, v[4] = cmp.upper;
                    v[5] = cmp.p_value;
                    if (vs_check("csat_nps_compare", ctx, NULL, st, VS_DOC(CSAT_EDOM), v, st ? 0 : 5, -DBL_MAX,
                                 DBL_MAX))
                        vs_check("csat_nps_compare (p)", ctx, NULL, st, VS_NONE, v + 5, 1, 0.0, 1.0);
                }
            }
    {
        static const double var[] = {0, 1e-300, 2.0 / 3, 1};
        static const double hw[] = {1e-300, 1e-6, 1, 200};
        for (size_t a = 0; a < VS_N_OF(var); a++)
            for (size_t b = 0; b < VS_N_OF(hw); b++)
                for (size_t l = 0; l < VS_N_OF(levels); l++) {
                    double n = VS_SENTINEL;
                    char ctx[120];
                    csat_status st;
                    snprintf(ctx, sizeof ctx, "variance %g, half width %g, level %g", var[a], hw[b], levels[l]);
                    st = csat_nps_sample_size(var[a], hw[b], levels[l], &n, NULL);
                    vs_check("csat_nps_sample_size", ctx, NULL, st, VS_DOC(CSAT_EDOM), &n, 1, 0.0, DBL_MAX);
                }
    }
}

static void test_answers(void **state)
{
    static const double ans[][4] = {{0, 0, 0, 0}, {10, 10, 10, 10}, {5, 5, 5, 5}, {0, 10, 7, 9}};
    (void)state;
    for (size_t k = 0; k < VS_N_OF(ans); k++)
        for (size_t n = 1; n <= 4; n += 3) {
            csat_nps_result r;
            csat_share_result sr;
            csat_mean_result mr;
            const csat_scale s10 = {0.0, 10.0, 0};
            char ctx[80];
            csat_status st;
            double v[3];
            snprintf(ctx, sizeof ctx, "answers %zu, n %zu", k, n);
            memset(&r, 0, sizeof r);
            st = csat_nps(ans[k], n, NULL, &r, NULL);
            v[0] = r.score;
            vs_check("csat_nps", ctx, NULL, st, VS_NONE, v, 1, -100.0, 100.0);
            v[0] = r.se, v[1] = r.variance;
            vs_check("csat_nps (se, variance)", ctx, NULL, st, VS_NONE, v, 2, 0.0, DBL_MAX);
            memset(&sr, 0, sizeof sr);
            st = csat_csat(ans[k], n, &s10, 9.0, CSAT_NAN_ERROR, &sr, NULL);
            v[0] = sr.percent, v[1] = sr.se;
            vs_check("csat_csat", ctx, NULL, st, VS_NONE, v, 2, 0.0, 100.0);
            memset(&mr, 0, sizeof mr);
            st = csat_ces(ans[k], n, &s10, CSAT_NAN_ERROR, &mr, NULL);
            v[0] = mr.mean;
            vs_check("csat_ces", ctx, NULL, st, VS_NONE, v, 1, 0.0, 10.0);
        }
    {
        /* Kano counts: none, one category, every category, large */
        static const double big = 1e12;
        const double counts[][CSAT_KANO_N_CATEGORIES] = {
            {0}, {1}, {1, 1, 1, 1, 1, 1}, {big, big, big, big, big, big}, {0, 0, 0, 0, 0, 1},
        };
        for (size_t k = 0; k < VS_N_OF(counts); k++) {
            csat_kano_result r;
            char ctx[40];
            csat_status st;
            snprintf(ctx, sizeof ctx, "counts %zu", k);
            memset(&r, 0, sizeof r);
            st = csat_kano_evaluate(counts[k], NULL, &r, NULL);
            {
                double v[2] = {r.better, r.worse};
                if (vs_check("csat_kano_evaluate (better)", ctx, NULL, st, VS_DOC(CSAT_EDOM), v, st ? 0 : 1, 0.0,
                             1.0))
                    vs_check("csat_kano_evaluate (worse)", ctx, NULL, st, VS_NONE, v + 1, 1, -1.0, 0.0);
            }
        }
    }
    {
        static const double amt[] = {0, 1e-300, 1, 1e300, DBL_MAX};
        for (size_t a = 0; a < VS_N_OF(amt); a++)
            for (size_t b = 0; b < VS_N_OF(amt); b++)
                for (size_t c = 0; c < VS_N_OF(amt); c++) {
                    csat_iceberg_result r;
                    char ctx[120];
                    csat_status st;
                    snprintf(ctx, sizeof ctx, "complaints %g, revenue %g, acquisition %g", amt[a], amt[b], amt[c]);
                    memset(&r, 0, sizeof r);
                    st = csat_iceberg(amt[a], amt[b], amt[c], NULL, &r, NULL);
                    {
                        double v[7] = {r.dissatisfied, r.silent,           r.lost,          r.word_of_mouth,
                                       r.revenue_at_risk, r.replacement_cost, r.retention_cost};
                        vs_check("csat_iceberg", ctx, NULL, st, VS_DOC(CSAT_EDOM), v, st ? 0 : 7, 0.0, DBL_MAX);
                    }
                }
    }
}

static void test_value_model(void **state)
{
    static const double comp[] = {0, 1e-300, 1, 1e300, DBL_MAX};
    (void)state;
    for (size_t a = 0; a < VS_N_OF(comp); a++)
        for (size_t b = 0; b < VS_N_OF(comp); b++)
            for (size_t c = 0; c < VS_N_OF(comp); c++) {
                csat_value_model *m = NULL;
                double v[8], w[8], out[6 * 3];
                size_t rank[3];
                char ctx[120];
                csat_status st;
                snprintf(ctx, sizeof ctx, "values %g, costs %g, weights %g", comp[a], comp[b], comp[c]);
                assert_int_equal(csat_value_model_new(&m, NULL), CSAT_OK);
                for (int j = 0; j < 8; j++)
                    w[j] = comp[c];
                if (csat_value_model_set_weights(m, w) != CSAT_OK)
                    vs_failf("csat_value_model_set_weights", ctx, "rejected");
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 8; j++)
                        v[j] = (j < 4 ? comp[a] : comp[b]) * (i == 1 ? 0.5 : 1.0);
                    if (csat_value_model_add_offering(m, "o", v, i == 2, NULL) != CSAT_OK)
                        vs_failf("csat_value_model_add_offering", ctx, "rejected");
                }
                if (csat_value_model_add_segment(m, "s", w, comp[c], NULL) != CSAT_OK)
                    vs_failf("csat_value_model_add_segment", ctx, "rejected");
                vs_fill(out, 18);
                st = csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, 1.0, out, out + 3, out + 6, out + 9,
                                               rank, out + 12, 3);
                if (vs_check("csat_value_model_evaluate (totals)", ctx, NULL, st, VS_DOC(CSAT_EDOM), out, 6, 0.0,
                             DBL_MAX)) {
                    vs_check("csat_value_model_evaluate (delivered)", ctx, NULL, st, VS_NONE, out + 6, 3, -DBL_MAX,
                             DBL_MAX);
                    vs_check("csat_value_model_evaluate (ratio)", ctx, NULL, st, VS_NONE, out + 9, 3, 0.0, DBL_MAX);
                    vs_check("csat_value_model_evaluate (share)", ctx, NULL, st, VS_NONE, out + 12, 3, 0.0, 1.0);
                }
                vs_fill(out, 3);
                st = csat_value_model_market_share(m, 1.0, out, 3);
                vs_check("csat_value_model_market_share", ctx, NULL, st, VS_DOC(CSAT_EDOM), out, 3, 0.0, 1.0);
                {
                    csat_value_improvement im;
                    memset(&im, 0, sizeof im);
                    st = csat_value_model_improvement(m, 1, CSAT_VALUE_MODEL_WEIGHTS, 0.0, &im);
                    out[0] = im.gap, out[1] = im.needed;
                    memcpy(out + 2, im.required, sizeof im.required);
                    vs_check("csat_value_model_improvement", ctx, NULL, st, VS_DOC(CSAT_EDOM), out, st ? 0 : 10,
                             0.0, DBL_MAX);
                }
                {
                    const double *cols[8];
                    double col[2] = {comp[a], comp[b]}, expect[2] = {0, -comp[a]};
                    int states[2];
                    for (int j = 0; j < 8; j++)
                        cols[j] = col;
                    vs_fill(out, 4);
                    st = csat_value_model_customers(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 2, out, out + 2);
                    vs_check("csat_value_model_customers", ctx, NULL, st, VS_DOC(CSAT_EDOM), out, 2, -DBL_MAX,
                             DBL_MAX);
                    vs_fill(out, 2);
                    st = csat_value_model_disconfirm(m, CSAT_VALUE_MODEL_WEIGHTS, cols, 2, expect, 0.0, out,
                                                     states);
                    vs_check("csat_value_model_disconfirm", ctx, NULL, st, VS_DOC(CSAT_EDOM), out, 2, -DBL_MAX,
                             DBL_MAX);
                }
                csat_value_model_free(m);
            }
}

static void test_customers(void **state)
{
    static const double tscale[] = {1e-6, 1, 1e6};
    static const double ascale[] = {0, 1e-300, 1, 1e300};
    (void)state;
    for (size_t a = 0; a < VS_N_OF(tscale); a++)
        for (size_t b = 0; b < VS_N_OF(ascale); b++)
            for (int pattern = 0; pattern < 3; pattern++) {
                /* 0: mixed; 1: one transaction; 2: one customer, identical rows */
                enum { N = 30 };
                uint64_t id[N];
                double t[N], am[N], col[N];
                size_t n = pattern == 1 ? 1 : N, ns = 0;
                csat_customers *c = NULL;
                csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
                char ctx[120];
                csat_status st;
                for (size_t i = 0; i < n; i++) {
                    id[i] = pattern == 2 ? 1 : (uint64_t)((i * 7) % 9);
                    t[i] = pattern == 2 ? 2 * tscale[a] : tscale[a] * (double)((i * 5) % 11);
                    am[i] = ascale[b] * (double)(1 + i % 3);
                }
                snprintf(ctx, sizeof ctx, "times x %g, amounts x %g, pattern %d", tscale[a], ascale[b], pattern);
                assert_int_equal(csat_customers_new(&c, NULL), CSAT_OK);
                st = csat_customers_add(c, id, t, am, n);
                vs_check("csat_customers_add", ctx, NULL, st, VS_NONE, NULL, 0, 0, 0);
                so.observation_end = 12 * tscale[a];
                so.period = tscale[a];
                so.time_scale = tscale[a];
                st = csat_customers_summarize(c, &so, &ns, NULL);
                if (vs_check("csat_customers_summarize", ctx, NULL, st, VS_DOC(CSAT_EDOM), NULL, 0, 0, 0)) {
                    static const csat_summary_field f[] = {CSAT_SUMMARY_FREQUENCY, CSAT_SUMMARY_RECENCY,
                                                           CSAT_SUMMARY_T, CSAT_SUMMARY_MONETARY_VALUE,
                                                           CSAT_SUMMARY_TOTAL_AMOUNT};
                    for (size_t k = 0; k < VS_N_OF(f); k++) {
                        vs_fill(col, ns);
                        st = csat_customers_summary_column(c, f[k], col, N);
                        vs_check("csat_customers_summary_column", ctx, NULL, st, VS_NONE, col, ns, 0.0, DBL_MAX);
                    }
                }
                csat_customers_free(c);
            }
}

static void test_report(void **state)
{
    (void)state;
    vs_end("survey, value, customers");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nps),         cmocka_unit_test(test_answers),
        cmocka_unit_test(test_value_model), cmocka_unit_test(test_customers),
        cmocka_unit_test(test_report),
    };
    vs_begin();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
