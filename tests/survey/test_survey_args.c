/*
 * Satisfaction and loyalty: the argument checks of the scalar and
 * small-array functions, one table row per (function, argument, bad value,
 * status), outputs untouched on error (args_table.h). Each valid call is
 * checked against the formula of csat.h (value in the comment).
 */
#include "args_table.h"

#define SCALE(lo, hi) {(lo), (hi), 0}

/* ---- options_init: NULL is CSAT_EINVAL, an unknown version CSAT_EVERSION ---- */

OPTIONS_INIT_WRAPPER(kano_options_init, csat_kano_options, CSAT_KANO_OPTIONS_VERSION)
OPTIONS_INIT_WRAPPER(servqual_options_init, csat_servqual_options, CSAT_SERVQUAL_OPTIONS_VERSION)
OPTIONS_INIT_WRAPPER(nps_options_init, csat_nps_options, CSAT_NPS_OPTIONS_VERSION)
OPTIONS_INIT_WRAPPER(csi_options_init, csat_csi_options, CSAT_CSI_OPTIONS_VERSION)
OPTIONS_INIT_WRAPPER(ipa_options_init, csat_ipa_options, CSAT_IPA_OPTIONS_VERSION)
OPTIONS_INIT_WRAPPER(jones_sasser_options_init, csat_jones_sasser_options, CSAT_JONES_SASSER_OPTIONS_VERSION)
OPTIONS_INIT_WRAPPER(iceberg_options_init, csat_iceberg_options, CSAT_ICEBERG_OPTIONS_VERSION)

/* ---- disconfirmation and the seven-factor model ------------------------------ */

/* P = {a0, 4}, E = {a1, 3}, n = a2, w = {a3, 1}, scale {a4, a5}, tau a6, policy a7 */
static csat_status w_disconfirm(const double *a, unsigned nul, void *out)
{
    const double p[2] = {a[0], 4}, e[2] = {a[1], 3}, w[2] = {a[3], 1};
    const csat_scale s = SCALE(a[4], a[5]);
    return csat_disconfirm(ARGP(nul, 1, p), ARGP(nul, 2, e), (size_t)a[2], w, ARGP(nul, 3, &s), a[6],
                           (csat_nan_policy)(int)a[7], NULL, NULL,
                           ARGP(nul, 0, (csat_disconfirmation_result *)out), CSAT_ARGS_ERR);
}
/* both gaps 4 - 3 = 1 */
static const csat_args_fn DC = {"disconfirm", w_disconfirm, {4, 3, 2, 1, 1, 7, 0.5, CSAT_NAN_ERROR}, 1.0, 0};

/* D = a0, E = a1, P = a2 on 1..7, paths a3..a8 */
static csat_status w_seven_factor(const double *a, unsigned nul, void *out)
{
    const csat_seven_factor_paths paths = {a[3], a[4], a[5], a[6], a[7], a[8]};
    const csat_scale s = SCALE(1, 7);
    return csat_seven_factor(a[0], a[1], a[2], ARGP(nul, 2, &s), ARGP(nul, 1, &paths),
                             ARGP(nul, 0, (csat_seven_factor_result *)out), CSAT_ARGS_ERR);
}
/* DC = P - D = 7 - 1 */
static const csat_args_fn SF = {"seven_factor", w_seven_factor, {1, 1, 7, 1, 2, 1, 1, 1, 1}, 6.0, 0};

/* ---- complaint iceberg and the satisfaction-retention table --------------------- */

/* complaints, revenue, acquisition cost, then the options' four shares and its version */
static csat_status w_iceberg(const double *a, unsigned nul, void *out)
{
    const csat_iceberg_options o = {(unsigned)a[7], a[3], a[4], a[5], a[6]};
    return csat_iceberg(a[0], a[1], a[2], ARGP(nul, 1, &o), ARGP(nul, 0, (csat_iceberg_result *)out), CSAT_ARGS_ERR);
}
/* D = C / q = 4 / 0.04 */
static const csat_args_fn IB = {"iceberg", w_iceberg, {4, 100, 50, 0.04, 0.9, 9, 5, CSAT_ICEBERG_OPTIONS_VERSION},
                                100.0, 1e-14};

/* ratings {a0, 4}, counts {a1, 10}, n = a2, rows: the default table with
 * row 0's low end a3 and row 1's rating a4, n_rows a5, revenue a6 */
static csat_status w_sr_forecast(const double *a, unsigned nul, void *out)
{
    const double ratings[2] = {a[0], 4}, counts[2] = {a[1], 10};
    csat_satisfaction_retention_row rows[5];
    if (csat_satisfaction_retention_table(rows, 5, CSAT_ARGS_ERR) != CSAT_OK)
        return CSAT_EINTERNAL;
    rows[0].low = a[3];
    rows[1].rating = a[4];
    return csat_satisfaction_retention_forecast(ARGP(nul, 1, ratings), ARGP(nul, 2, counts), (size_t)a[2],
                                                ARGP(nul, 3, rows), (size_t)a[5], a[6],
                                                ARGP(nul, 0, (csat_satisfaction_retention_result *)out), CSAT_ARGS_ERR);
}
/* customers = 10 + 10 */
static const csat_args_fn SR = {"satisfaction_retention_forecast", w_sr_forecast, {5, 10, 2, 0.92, 4, 5, 100},
                                20.0, 0};

/* ---- loyalty ------------------------------------------------------------------------ */

/* satisfaction {a0, 4}, loyalty {a1, 4}, n a2, options scale {a3, a4}, high a5,
 * apostle a6, terrorist a7, policy a8, version a9 */
static csat_status w_jones_sasser(const double *a, unsigned nul, void *out)
{
    const double s[2] = {a[0], 4}, l[2] = {a[1], 4};
    const csat_jones_sasser_options o = {(unsigned)a[9], SCALE(a[3], a[4]), a[5], a[6], a[7],
                                         (csat_nan_policy)(int)a[8]};
    csat_jones_sasser r[2];
    csat_status st = csat_jones_sasser_classify(ARGP(nul, 1, s), ARGP(nul, 2, l), (size_t)a[2], &o,
                                                ARGP(nul, 0, r), CSAT_ARGS_ERR);
    if (st == CSAT_OK) {
        double v = r[0]; /* 5, 5 on 1..5: apostle */
        memcpy(out, &v, sizeof v);
    }
    return st;
}
static const csat_args_fn JS = {"jones_sasser_classify", w_jones_sasser,
                                {5, 5, 2, 1, 5, 4, 5, 1, CSAT_NAN_ERROR, CSAT_JONES_SASSER_OPTIONS_VERSION},
                                (double)CSAT_JS_APOSTLE, 0};

/* scores {a0, 5, 5, 5} on {a1, a2}, weights {a3, 1, 1, 1} */
static csat_status w_bond(const double *a, unsigned nul, void *out)
{
    const double sc[4] = {a[0], 5, 5, 5}, w[4] = {a[3], 1, 1, 1};
    const csat_scale s = SCALE(a[1], a[2]);
    csat_loyalty_bond strongest = CSAT_LOYALTY_BOND_NONE;
    return csat_loyalty_bond_score(ARGP(nul, 1, sc), ARGP(nul, 2, &s), w, ARGP(nul, 0, (double *)out),
                                   ARGP(nul, 3, &strongest), CSAT_ARGS_ERR);
}
/* all at the top of 1..5: 100 */
static const csat_args_fn BS = {"loyalty_bond_score", w_bond, {5, 1, 5, 1}, 100.0, 0};

/* scores {a0, 5, 5, 5}, thresholds {a1, 3, 3, 3} on {1, 5} */
static csat_status w_oliver(const double *a, unsigned nul, void *out)
{
    const double sc[4] = {a[0], 5, 5, 5}, th[4] = {a[1], 3, 3, 3};
    const csat_scale s = SCALE(1, 5);
    csat_oliver_phase ph;
    csat_status st = csat_oliver_phase_of(ARGP(nul, 1, sc), ARGP(nul, 2, th), ARGP(nul, 3, &s),
                                          ARGP(nul, 0, &ph), CSAT_ARGS_ERR);
    if (st == CSAT_OK) {
        double v = ph;
        memcpy(out, &v, sizeof v);
    }
    return st;
}
/* every phase passed */
static const csat_args_fn OP = {"oliver_phase_of", w_oliver, {5, 3}, 4.0, 0};

static csat_status w_dick_basu(const double *a, unsigned nul, void *out)
{
    csat_dick_basu db;
    csat_status st = csat_dick_basu_classify(a[0], a[1], a[2], a[3], ARGP(nul, 0, &db), CSAT_ARGS_ERR);
    if (st == CSAT_OK) {
        double v = db;
        memcpy(out, &v, sizeof v);
    }
    return st;
}
static const csat_args_fn DB = {"dick_basu_classify", w_dick_basu, {0.8, 0.2, 0.5, 0.5}, (double)CSAT_DB_LATENT, 0};

/* one row {a0, 5, 1, 1, 1, 5}, n a1, scale 0 {a2, a3}, weights {a4, 1, ...}, policy a5 */
static csat_status w_loyalty_index(const double *a, unsigned nul, void *out)
{
    const double x[6] = {a[0], 5, 1, 1, 1, 5}, w[6] = {a[4], 1, 1, 1, 1, 1};
    csat_scale s[6] = {SCALE(a[2], a[3]), SCALE(1, 5), SCALE(1, 5), SCALE(1, 5), SCALE(1, 5), SCALE(1, 5)};
    return csat_loyalty_index(ARGP(nul, 1, x), (size_t)a[1], ARGP(nul, 2, s), w, (csat_nan_policy)(int)a[5],
                              ARGP(nul, 0, (double *)out), CSAT_ARGS_ERR);
}
/* the most loyal answer on every indicator */
static const csat_args_fn LI = {"loyalty_index", w_loyalty_index, {5, 1, 1, 5, 1, CSAT_NAN_ERROR}, 100.0, 0};

/* ---- NPS ------------------------------------------------------------------------------ */

static csat_status w_nps_counts(const double *a, unsigned nul, void *out)
{
    return csat_nps_from_counts(a[0], a[1], a[2], ARGP(nul, 0, (csat_nps_result *)out), CSAT_ARGS_ERR);
}
static const csat_args_fn NC = {"nps_from_counts", w_nps_counts, {50, 30, 20}, 50.0, 0};

static csat_status w_nps_interval(const double *a, unsigned nul, void *out)
{
    csat_nps_interval r;
    csat_status st = csat_nps_interval_counts(a[0], a[1], a[2], (csat_nps_interval_method)(int)a[3], a[4],
                                              (int)a[5], a[6], ARGP(nul, 0, &r), CSAT_ARGS_ERR);
    if (st == CSAT_OK)
        memcpy(out, &r.se, sizeof r.se);
    return st;
}
/* Wald SE: 100 sqrt((0.5 + 0.2 - 0.3^2) / 100) = 10 sqrt(0.61) */
static const csat_args_fn NI = {"nps_interval_counts", w_nps_interval, {50, 30, 20, CSAT_NPS_WALD, 0.95, 1, 0},
                                7.810249675906654, 1e-14};

static csat_status w_nps_compare(const double *a, unsigned nul, void *out)
{
    return csat_nps_compare(a[0], a[1], a[2], a[3], a[4], a[5], a[6], ARGP(nul, 0, (csat_nps_comparison *)out), CSAT_ARGS_ERR);
}
/* (50 - 20) - (40 - 40) */
static const csat_args_fn NK = {"nps_compare", w_nps_compare, {50, 30, 20, 40, 20, 40, 0.95}, 30.0, 1e-14};

static csat_status w_nps_sample_size(const double *a, unsigned nul, void *out)
{
    return csat_nps_sample_size(a[0], a[1], a[2], ARGP(nul, 0, (double *)out), CSAT_ARGS_ERR);
}
/* ceil((1.959964 sqrt(0.61) / 0.05)^2) = ceil(937.33) */
static const csat_args_fn NS = {"nps_sample_size", w_nps_sample_size, {0.61, 5, 0.95}, 938.0, 0};

/* ---- ZOT and SERVQUAL helpers ------------------------------------------------------------ */

static csat_status w_zot_item(const double *a, unsigned nul, void *out)
{
    const csat_scale s = SCALE(a[3], a[4]);
    return csat_zot_item(a[0], a[1], a[2], ARGP(nul, 1, &s), ARGP(nul, 0, (csat_zot_result *)out), CSAT_ARGS_ERR);
}
/* the adequate level itself */
static const csat_args_fn ZI = {"zot_item", w_zot_item, {4, 6, 5, 1, 7}, 4.0, 0};

/* gaps {a0, -1}, weights {a1, 3}, n a2 */
static csat_status w_combine(const double *a, unsigned nul, void *out)
{
    const double g[2] = {a[0], -1}, w[2] = {a[1], 3};
    return csat_servqual_combine(ARGP(nul, 1, g), ARGP(nul, 2, w), (size_t)a[2], ARGP(nul, 0, (double *)out), CSAT_ARGS_ERR);
}
/* (1 * 1 + 3 * -1) / 4 */
static const csat_args_fn SC = {"servqual_combine", w_combine, {1, 1, 2}, -0.5, 0};

static csat_status w_standard_map(const double *a, unsigned nul, void *out)
{
    size_t map[CSAT_SERVQUAL_N_ITEMS];
    csat_status st = csat_servqual_standard_map(ARGP(nul, 0, map), (size_t)a[0], CSAT_ARGS_ERR);
    if (st == CSAT_OK) {
        double v = (double)map[CSAT_SERVQUAL_N_ITEMS - 1]; /* the last item: empathy */
        memcpy(out, &v, sizeof v);
    }
    return st;
}
static const csat_args_fn SM = {"servqual_standard_map", w_standard_map, {CSAT_SERVQUAL_N_ITEMS},
                                (double)CSAT_SERVQUAL_EMPATHY, 0};

static csat_status w_reverse(const double *a, unsigned nul, void *out)
{
    unsigned char f[CSAT_SERVQUAL_N_ITEMS];
    (void)out;
    return csat_servqual_reverse_1988(ARGP(nul, 0, f), (size_t)a[0], CSAT_ARGS_ERR);
}
static const csat_args_fn RV = {"servqual_reverse_1988", w_reverse, {CSAT_SERVQUAL_N_ITEMS}, NAN, 0};

static csat_status w_pzb(const double *a, unsigned nul, void *out)
{
    double w[CSAT_SERVQUAL_N_DIMENSIONS];
    csat_status st = csat_servqual_pzb_weights(ARGP(nul, 0, w), (size_t)a[0], CSAT_ARGS_ERR);
    if (st == CSAT_OK) {
        double s = 0;
        for (int k = 0; k < CSAT_SERVQUAL_N_DIMENSIONS; k++)
            s += w[k];
        memcpy(out, &s, sizeof s);
    }
    return st;
}
/* the weights add up to 100 points */
static const csat_args_fn PZ = {"servqual_pzb_weights", w_pzb, {CSAT_SERVQUAL_N_DIMENSIONS}, 100.0, 1e-12};

static const double HUGE_N = (double)(SIZE_MAX / 4); /* n x 8 bytes overflows */

static const csat_args_case rows[] = {
    OPTIONS_ROWS(kano_options_init), OPTIONS_ROWS(servqual_options_init), OPTIONS_ROWS(nps_options_init),
    OPTIONS_ROWS(csi_options_init), OPTIONS_ROWS(ipa_options_init), OPTIONS_ROWS(jones_sasser_options_init),
    OPTIONS_ROWS(iceberg_options_init),

    NUL(DC, 1), NUL(DC, 2), NUL(DC, 4), NUL(DC, 8), ARG(DC, 6, NAN, CSAT_EINVAL), ARG(DC, 6, -0.1, CSAT_EINVAL),
    ARG(DC, 6, INFINITY, CSAT_EINVAL), ARG(DC, 7, 2, CSAT_EINVAL), ARG(DC, 2, 0, CSAT_EEMPTY),
    ARG(DC, 3, -1, CSAT_EINVAL), ARG(DC, 4, 7, CSAT_EINVAL), ARG(DC, 5, 1e101, CSAT_EINVAL),
    ARG(DC, 4, -1e101, CSAT_EINVAL), ARG(DC, 0, NAN, CSAT_EINVAL), ARG(DC, 1, 9, CSAT_EINVAL),
    ARG(DC, 0, 0, CSAT_EINVAL),

    NUL(SF, 1), NUL(SF, 2), NUL(SF, 4), ARG(SF, 0, 8, CSAT_EINVAL), ARG(SF, 1, 0, CSAT_EINVAL),
    ARG(SF, 2, NAN, CSAT_EINVAL), ARG(SF, 3, NAN, CSAT_EINVAL), ARG(SF, 4, INFINITY, CSAT_EINVAL),
    ARG(SF, 5, NAN, CSAT_EINVAL), ARG(SF, 6, -INFINITY, CSAT_EINVAL), ARG(SF, 7, NAN, CSAT_EINVAL),
    ARG(SF, 8, NAN, CSAT_EINVAL), ARG(SF, 4, 1.7e308, CSAT_EDOM), /* AS = 6 + 6 x 1.7e308 overflows */

    NUL(IB, 1), {&IB, -1, 0, 2, CSAT_OK}, /* NULL options: the defaults */
    ARG(IB, 7, 99, CSAT_EVERSION), ARG(IB, 0, NAN, CSAT_EINVAL), ARG(IB, 0, -1, CSAT_EINVAL),
    ARG(IB, 1, INFINITY, CSAT_EINVAL), ARG(IB, 1, -1, CSAT_EINVAL), ARG(IB, 2, NAN, CSAT_EINVAL),
    ARG(IB, 2, -1, CSAT_EINVAL), ARG(IB, 3, 0, CSAT_EINVAL), ARG(IB, 3, 1.5, CSAT_EINVAL),
    ARG(IB, 3, NAN, CSAT_EINVAL), ARG(IB, 4, -0.1, CSAT_EINVAL), ARG(IB, 4, 2, CSAT_EINVAL),
    ARG(IB, 5, -1, CSAT_EINVAL), ARG(IB, 5, INFINITY, CSAT_EINVAL), ARG(IB, 6, 0, CSAT_EINVAL),
    ARG(IB, 6, NAN, CSAT_EINVAL), ARG(IB, 0, 1e308, CSAT_EDOM), /* C / q overflows */

    NUL(SR, 1), NUL(SR, 2), NUL(SR, 4), {&SR, -1, 0, 8, CSAT_OK}, /* NULL rows: the default table */
    ARG(SR, 2, HUGE_N, CSAT_EINVAL), ARG(SR, 5, HUGE_N, CSAT_EINVAL), ARG(SR, 3, -0.1, CSAT_EINVAL),
    ARG(SR, 3, 0.99, CSAT_EINVAL),  /* low > high */
    ARG(SR, 4, 5, CSAT_EINVAL),     /* two rows for rating 5 */
    ARG(SR, 4, NAN, CSAT_EINVAL), ARG(SR, 6, -1, CSAT_EINVAL), ARG(SR, 6, INFINITY, CSAT_EINVAL),
    ARG(SR, 1, -1, CSAT_EINVAL), ARG(SR, 1, NAN, CSAT_EINVAL), ARG(SR, 0, 6, CSAT_EINVAL), /* no row */
    ARG(SR, 2, 0, CSAT_EEMPTY), ARG(SR, 5, 0, CSAT_EEMPTY),

    NUL(JS, 1), NUL(JS, 2), NUL(JS, 4), ARG(JS, 2, HUGE_N, CSAT_EINVAL), ARG(JS, 9, 7, CSAT_EVERSION),
    ARG(JS, 3, 5, CSAT_EINVAL), ARG(JS, 5, NAN, CSAT_EINVAL), ARG(JS, 6, NAN, CSAT_EINVAL),
    ARG(JS, 7, NAN, CSAT_EINVAL), ARG(JS, 6, 3, CSAT_EINVAL), /* apostle < high */
    ARG(JS, 7, 4, CSAT_EINVAL),                               /* terrorist >= high */
    ARG(JS, 8, 5, CSAT_EINVAL), ARG(JS, 0, NAN, CSAT_EINVAL), ARG(JS, 1, 9, CSAT_EINVAL),
    ARG(JS, 2, 0, CSAT_EEMPTY),

    NUL(BS, 1), NUL(BS, 2), NUL(BS, 4), {&BS, -1, 0, 8, CSAT_OK}, /* strongest may be NULL */
    ARG(BS, 0, 6, CSAT_EINVAL), ARG(BS, 0, NAN, CSAT_EINVAL), ARG(BS, 1, 5, CSAT_EINVAL),
    ARG(BS, 2, 1e200, CSAT_EINVAL), ARG(BS, 3, -1, CSAT_EINVAL), ARG(BS, 3, NAN, CSAT_EINVAL),

    NUL(OP, 1), NUL(OP, 2), NUL(OP, 4), NUL(OP, 8), ARG(OP, 0, 0, CSAT_EINVAL), ARG(OP, 0, NAN, CSAT_EINVAL),
    ARG(OP, 1, NAN, CSAT_EINVAL), ARG(OP, 1, INFINITY, CSAT_EINVAL),

    NUL(DB, 1), ARG(DB, 0, NAN, CSAT_EINVAL), ARG(DB, 1, INFINITY, CSAT_EINVAL), ARG(DB, 2, NAN, CSAT_EINVAL),
    ARG(DB, 3, -INFINITY, CSAT_EINVAL),

    NUL(LI, 1), NUL(LI, 2), NUL(LI, 4), ARG(LI, 5, 3, CSAT_EINVAL), ARG(LI, 1, HUGE_N, CSAT_EINVAL),
    ARG(LI, 1, 0, CSAT_EEMPTY), ARG(LI, 2, 5, CSAT_EINVAL), ARG(LI, 3, 1e200, CSAT_EINVAL),
    ARG(LI, 4, -1, CSAT_EINVAL), ARG(LI, 4, INFINITY, CSAT_EINVAL), ARG(LI, 0, 0, CSAT_EINVAL),
    ARG(LI, 0, NAN, CSAT_EINVAL),

    NUL(NC, 1), ARG(NC, 0, NAN, CSAT_EINVAL), ARG(NC, 0, -1, CSAT_EINVAL), ARG(NC, 1, INFINITY, CSAT_EINVAL),
    ARG(NC, 1, -1, CSAT_EINVAL), ARG(NC, 2, NAN, CSAT_EINVAL), ARG(NC, 2, -1, CSAT_EINVAL),

    NUL(NI, 1), ARG(NI, 0, NAN, CSAT_EINVAL), ARG(NI, 4, 1.0, CSAT_EINVAL), ARG(NI, 4, 0.0, CSAT_EINVAL),
    ARG(NI, 4, NAN, CSAT_EINVAL), ARG(NI, 6, -1, CSAT_EINVAL), ARG(NI, 6, INFINITY, CSAT_EINVAL),
    ARG(NI, 6, 50, CSAT_EINVAL), /* population below the sample */
    ARG(NI, 3, 3, CSAT_EINVAL), ARG(NI, 3, -1, CSAT_EINVAL),

    NUL(NK, 1), ARG(NK, 6, 1.5, CSAT_EINVAL), ARG(NK, 0, NAN, CSAT_EINVAL), ARG(NK, 3, -1, CSAT_EINVAL),
    ARG(NK, 5, INFINITY, CSAT_EINVAL),

    NUL(NS, 1), ARG(NS, 0, NAN, CSAT_EINVAL), ARG(NS, 0, -0.1, CSAT_EINVAL), ARG(NS, 0, 1.1, CSAT_EINVAL),
    ARG(NS, 1, 0, CSAT_EINVAL), ARG(NS, 1, INFINITY, CSAT_EINVAL), ARG(NS, 1, NAN, CSAT_EINVAL),
    ARG(NS, 2, 2, CSAT_EINVAL), ARG(NS, 1, 1e-300, CSAT_EDOM), /* more respondents than a double holds */

    NUL(ZI, 1), NUL(ZI, 2), ARG(ZI, 3, 7, CSAT_EINVAL), ARG(ZI, 4, 1e101, CSAT_EINVAL), ARG(ZI, 0, 0, CSAT_EINVAL),
    ARG(ZI, 1, NAN, CSAT_EINVAL), ARG(ZI, 2, 8, CSAT_EINVAL), ARG(ZI, 0, 6.5, CSAT_EINVAL), /* A > D */

    NUL(SC, 1), NUL(SC, 2), {&SC, -1, 0, 4, CSAT_OK}, /* NULL weights: equal */
    ARG(SC, 2, HUGE_N, CSAT_EINVAL), ARG(SC, 2, 0, CSAT_EEMPTY), ARG(SC, 0, NAN, CSAT_EINVAL),
    ARG(SC, 0, INFINITY, CSAT_EINVAL), ARG(SC, 1, -1, CSAT_EINVAL), ARG(SC, 1, NAN, CSAT_EINVAL),

    NUL(SM, 1), ARG(SM, 0, HUGE_N, CSAT_EINVAL), ARG(SM, 0, 21, CSAT_EBUFSIZE),
    NUL(RV, 1), ARG(RV, 0, 21, CSAT_EBUFSIZE),
    NUL(PZ, 1), ARG(PZ, 0, HUGE_N, CSAT_EINVAL), ARG(PZ, 0, 4, CSAT_EBUFSIZE),
};

static void test_survey_argument_table(void **state)
{
    (void)state;
    csat_args_run(rows, sizeof rows / sizeof rows[0]);
}

/* ---- Kano ----------------------------------------------------------------------------- */

/* a: version, rule, delta, grid_threshold, fong_z, chisq_min_n, nan_policy, score_factor */
static csat_kano_options kano_opts(const double *a)
{
    csat_kano_options o = CSAT_KANO_OPTIONS_INIT;
    o.version = (unsigned)a[0];
    o.rule = (csat_kano_rule)(int)a[1];
    o.delta = a[2];
    o.grid_threshold = a[3];
    o.fong_z = a[4];
    o.chisq_min_n = a[5];
    o.nan_policy = (csat_nan_policy)(int)a[6];
    o.score_factor = a[7];
    return o;
}
#define KANO_DEFAULTS CSAT_KANO_OPTIONS_VERSION, CSAT_KANO_RULE_MODE, 0.06, 0.5, 1.65, 12, CSAT_NAN_ERROR, 1

/* options a[0..7], counts {a8, 3, 2, 1, 0, 0}; out: the result (counts[A] first) */
static csat_status w_kano_evaluate(const double *a, unsigned nul, void *out)
{
    const csat_kano_options o = kano_opts(a);
    const double c[6] = {a[8], 3, 2, 1, 0, 0};
    return csat_kano_evaluate(ARGP(nul, 1, c), ARGP(nul, 2, &o), ARGP(nul, 0, (csat_kano_result *)out), CSAT_ARGS_ERR);
}
static const csat_args_fn KE = {"kano_evaluate", w_kano_evaluate, {KANO_DEFAULTS, 5}, 5.0, 0};

/* options a[0..7]; functional {a8, 2}, dysfunctional {a9, 4}, importance {5, 3}
 * of two respondents on one attribute, importance scale {1, 5}: mean
 * functional score (like 4 + must-be 2) / 2 = 3 */
static csat_status w_kano_continuous(const double *a, unsigned nul, void *out)
{
    const csat_kano_options o = kano_opts(a);
    const double f[2] = {a[8], 2}, d[2] = {a[9], 4}, imp[2] = {5, 3};
    const csat_scale s = SCALE(1, 5);
    return csat_kano_continuous(ARGP(nul, 1, f), ARGP(nul, 2, d), ARGP(nul, 3, imp), 2, 1, ARGP(nul, 4, &s),
                                ARGP(nul, 5, &o), ARGP(nul, 0, (csat_kano_continuous_result *)out), CSAT_ARGS_ERR);
}
static const csat_args_fn KC = {"kano_continuous", w_kano_continuous, {KANO_DEFAULTS, 1, 5}, 3.0, 0};

/* options a[0..7]; functional {a8, 1}, dysfunctional {a9, 5}, n_respondents 2,
 * one attribute: both one-dimensional, counts[A] = 0 and counts[O] = 2 */
static csat_status w_kano_survey(const double *a, unsigned nul, void *out)
{
    const csat_kano_options o = kano_opts(a);
    const double f[2] = {a[8], 1}, d[2] = {a[9], 5};
    csat_kano_result r;
    csat_status st = csat_kano_survey(ARGP(nul, 1, f), ARGP(nul, 2, d), 2, 1, ARGP(nul, 3, &o), ARGP(nul, 0, &r), CSAT_ARGS_ERR);
    if (st == CSAT_OK)
        memcpy(out, &r.counts[CSAT_KANO_O], sizeof(double));
    return st;
}
static const csat_args_fn KS = {"kano_survey", w_kano_survey, {KANO_DEFAULTS, 1, 5}, 2.0, 0};

static csat_status w_kano_classify(const double *a, unsigned nul, void *out)
{
    csat_kano_category c;
    csat_status st = csat_kano_classify((int)a[0], (int)a[1], ARGP(nul, 0, &c), CSAT_ARGS_ERR);
    if (st == CSAT_OK) {
        double v = c;
        memcpy(out, &v, sizeof v);
    }
    return st;
}
/* like it / dislike its absence: one-dimensional */
static const csat_args_fn KK = {"kano_classify", w_kano_classify, {1, 5}, (double)CSAT_KANO_O, 0};

/* ---- IPA, derived importance, CSI ---------------------------------------------------- */

/* importance {a0, 2}, performance {a1, 4}, n a2, crosshair a3, scales {a4, a5}, {a6, a7}, cuts a8, a9;
 * means crosshair (3, 3): attribute 0 (4, 2) is CONCENTRATE */
static csat_status w_ipa(const double *a, unsigned nul, void *out)
{
    const double imp[2] = {a[0], 2}, perf[2] = {a[1], 4};
    const csat_ipa_options o = {CSAT_IPA_OPTIONS_VERSION, (csat_ipa_crosshair)(int)a[3], SCALE(a[4], a[5]),
                                SCALE(a[6], a[7]), a[8], a[9]};
    csat_ipa_result r[2];
    double ic, pc;
    csat_status st = csat_ipa(ARGP(nul, 1, imp), ARGP(nul, 2, perf), (size_t)a[2], ARGP(nul, 3, &o),
                              ARGP(nul, 0, r), &ic, &pc, CSAT_ARGS_ERR);
    if (st == CSAT_OK) {
        double v = r[0].quadrant;
        if (ic != 3 || pc != 3)
            return CSAT_EINTERNAL;
        memcpy(out, &v, sizeof v);
    }
    return st;
}
static const csat_args_fn IP = {"ipa", w_ipa, {4, 2, 2, CSAT_IPA_DATA_MEANS, 1, 5, 1, 5, 0, 0},
                                (double)CSAT_IPA_CONCENTRATE, 0};

/* performance {a0, 2, 3, 4} (one attribute), overall {a1, 4, 6, 8}, n_respondents a2,
 * n_attributes a3, method a4, policy a5: correlation 1 */
static csat_status w_derived(const double *a, unsigned nul, void *out)
{
    const double p[4] = {a[0], 2, 3, 4}, y[4] = {a[1], 4, 6, 8};
    return csat_importance_derived(ARGP(nul, 1, p), ARGP(nul, 2, y), (size_t)a[2], (size_t)a[3],
                                   (csat_importance_method)(int)a[4], (csat_nan_policy)(int)a[5], NULL,
                                   ARGP(nul, 0, (double *)out), CSAT_ARGS_ERR);
}
static const csat_args_fn ID = {"importance_derived", w_derived, {1, 2, 4, 1, CSAT_IMPORTANCE_CORRELATION, CSAT_NAN_ERROR},
                                1.0, 1e-14};

/* answers {a0, 10, 1, 10} (2 x 2), n_respondents a1, n_items a2, scale {a3, a4},
 * method a5, policy a6, version a7. Range method: item means 5.5 and 10 on
 * 1..10: 100 (0.5 x 0.5 + 0.5 x 1) = 75 */
static csat_status w_csi(const double *a, unsigned nul, void *out)
{
    const double x[4] = {a[0], 10, 1, 10};
    const csat_csi_options o = {(unsigned)a[7], SCALE(a[3], a[4]), (csat_csi_method)(int)a[5],
                                (csat_nan_policy)(int)a[6]};
    return csat_csi(ARGP(nul, 1, x), (size_t)a[1], (size_t)a[2], NULL, ARGP(nul, 2, &o),
                    ARGP(nul, 0, (csat_index_result *)out), CSAT_ARGS_ERR);
}
static const csat_args_fn CS = {"csi", w_csi, {10, 2, 2, 1, 10, CSAT_CSI_RANGE, CSAT_NAN_ERROR, CSAT_CSI_OPTIONS_VERSION},
                                75.0, 1e-14};

/* ---- SERVQUAL and ZOT on a two-item, one-dimension map ------------------------------------ */

static const size_t MAP2[2] = {0, 0};

/* a: p0, e0, n_respondents, n_items, n_dimensions, policy, scale {a6, a7}, version;
 * P = {a0, 5, 6, 6}, E = {a1, 5, 5, 5} (2 x 2): gaps 1, 0, 1, 1: overall 0.75 */
static csat_status w_servqual(const double *a, unsigned nul, void *out)
{
    const double P[4] = {a[0], 5, 6, 6}, E[4] = {a[1], 5, 5, 5};
    const csat_servqual_options o = {(unsigned)a[8], SCALE(a[6], a[7]), (csat_nan_policy)(int)a[5],
                                     (size_t)a[4], MAP2, NULL};
    return csat_servqual(ARGP(nul, 1, P), ARGP(nul, 2, E), (size_t)a[2], (size_t)a[3], NULL, &o, NULL, NULL, NULL,
                         NULL, NULL, NULL, ARGP(nul, 0, (csat_servqual_result *)out), CSAT_ARGS_ERR);
}
static const csat_args_fn SQ = {"servqual", w_servqual, {6, 5, 2, 2, 1, CSAT_NAN_ERROR, 1, 7, CSAT_SERVQUAL_OPTIONS_VERSION},
                                0.75, 1e-15};

/* adequate {a0, 3}, desired {a1, 6}, perceived {a2, 5}: two respondents, one
 * item, policy a3: mean adequate level 3 */
static csat_status w_zot(const double *a, unsigned nul, void *out)
{
    const double A[2] = {a[0], 3}, D[2] = {a[1], 6}, P[2] = {a[2], 5};
    static const size_t map1[1] = {0};
    const csat_servqual_options o = {CSAT_SERVQUAL_OPTIONS_VERSION, SCALE(1, 7), (csat_nan_policy)(int)a[3], 1,
                                     map1, NULL};
    csat_zot_result dim;
    return csat_zot(ARGP(nul, 1, A), ARGP(nul, 2, D), ARGP(nul, 3, P), 2, 1, &o,
                    ARGP(nul, 0, (csat_zot_result *)out), ARGP(nul, 4, &dim), CSAT_ARGS_ERR);
}
static const csat_args_fn ZO = {"zot", w_zot, {3, 6, 5, CSAT_NAN_ERROR}, 3.0, 0};

static const csat_args_case rows2[] = {
    NUL(KE, 1), NUL(KE, 2), {&KE, -1, 0, 4, CSAT_OK}, ARG(KE, 0, 99, CSAT_EVERSION), ARG(KE, 1, 4, CSAT_EINVAL),
    ARG(KE, 2, -0.1, CSAT_EINVAL), ARG(KE, 2, 1.1, CSAT_EINVAL), ARG(KE, 2, NAN, CSAT_EINVAL),
    ARG(KE, 3, -0.1, CSAT_EINVAL), ARG(KE, 3, 2, CSAT_EINVAL), ARG(KE, 3, NAN, CSAT_EINVAL),
    ARG(KE, 4, 0, CSAT_EINVAL), ARG(KE, 4, INFINITY, CSAT_EINVAL), ARG(KE, 4, NAN, CSAT_EINVAL),
    ARG(KE, 5, -1, CSAT_EINVAL), ARG(KE, 5, INFINITY, CSAT_EINVAL), ARG(KE, 5, NAN, CSAT_EINVAL),
    ARG(KE, 6, 2, CSAT_EINVAL), ARG(KE, 7, 0, CSAT_EINVAL), ARG(KE, 7, INFINITY, CSAT_EINVAL),
    ARG(KE, 8, -1, CSAT_EINVAL), ARG(KE, 8, NAN, CSAT_EINVAL), ARG(KE, 8, 2e15, CSAT_EINVAL),

    NUL(KC, 1), NUL(KC, 2), NUL(KC, 4), {&KC, -1, 0, 8, CSAT_OK} /* no importance */,
    {&KC, -1, 0, 32, CSAT_OK} /* NULL options */, ARG(KC, 0, 99, CSAT_EVERSION), ARG(KC, 8, 0, CSAT_EINVAL),
    ARG(KC, 8, 1.5, CSAT_EINVAL), ARG(KC, 8, NAN, CSAT_EINVAL), ARG(KC, 9, 6, CSAT_EINVAL),
    ARG(KC, 6, CSAT_NAN_SKIP, CSAT_OK),

    NUL(KS, 1), NUL(KS, 2), NUL(KS, 4), {&KS, -1, 0, 8, CSAT_OK}, ARG(KS, 0, 99, CSAT_EVERSION),
    ARG(KS, 8, 7, CSAT_EINVAL), ARG(KS, 8, NAN, CSAT_EINVAL), ARG(KS, 9, -1, CSAT_EINVAL),

    NUL(KK, 1), ARG(KK, 0, 0, CSAT_EINVAL), ARG(KK, 0, 6, CSAT_EINVAL), ARG(KK, 1, 0, CSAT_EINVAL),
    ARG(KK, 1, 6, CSAT_EINVAL),

    NUL(IP, 1), NUL(IP, 2), NUL(IP, 4), ARG(IP, 2, 0, CSAT_EEMPTY), ARG(IP, 2, 1025, CSAT_EINVAL),
    ARG(IP, 3, 4, CSAT_EINVAL), ARG(IP, 4, 5, CSAT_EINVAL), ARG(IP, 7, 1e101, CSAT_EINVAL),
    ARG(IP, 3, CSAT_IPA_FIXED, CSAT_EINTERNAL) /* fixed cuts (0, 0): not the means */,
    ARG(IP, 0, 6, CSAT_EINVAL), ARG(IP, 1, NAN, CSAT_EINVAL), ARG(IP, 1, 0, CSAT_EINVAL),

    NUL(ID, 1), NUL(ID, 2), NUL(ID, 4), ARG(ID, 4, 2, CSAT_EINVAL), ARG(ID, 5, 2, CSAT_EINVAL),
    ARG(ID, 2, HUGE_N, CSAT_EINVAL), ARG(ID, 3, HUGE_N, CSAT_EINVAL), ARG(ID, 0, NAN, CSAT_EINVAL),
    ARG(ID, 1, INFINITY, CSAT_EINVAL), ARG(ID, 2, 1, CSAT_EDOM), ARG(ID, 0, 2, CSAT_OK),

    NUL(CS, 1), NUL(CS, 2), ARG(CS, 7, 99, CSAT_EVERSION), ARG(CS, 5, 2, CSAT_EINVAL), ARG(CS, 6, 2, CSAT_EINVAL),
    ARG(CS, 3, 10, CSAT_EINVAL), ARG(CS, 2, 257, CSAT_EINVAL), ARG(CS, 0, 11, CSAT_EINVAL),
    ARG(CS, 0, NAN, CSAT_EINVAL), ARG(CS, 1, 0, CSAT_EEMPTY),

    NUL(SQ, 1), NUL(SQ, 2) /* SERVPERF: a valid call */, ARG(SQ, 4, 0, CSAT_EINVAL), ARG(SQ, 4, 33, CSAT_EINVAL),
    ARG(SQ, 5, 2, CSAT_EINVAL), ARG(SQ, 6, 7, CSAT_EINVAL), ARG(SQ, 8, 99, CSAT_EVERSION),
    ARG(SQ, 2, 0, CSAT_EEMPTY), ARG(SQ, 0, NAN, CSAT_EINVAL), ARG(SQ, 0, 9, CSAT_EINVAL),
    ARG(SQ, 1, NAN, CSAT_EINVAL),

    NUL(ZO, 1), NUL(ZO, 2), NUL(ZO, 4), NUL(ZO, 8), {&ZO, -1, 0, 16, CSAT_OK} /* no dimension output */,
    ARG(ZO, 0, NAN, CSAT_EINVAL), ARG(ZO, 1, NAN, CSAT_EINVAL), ARG(ZO, 2, NAN, CSAT_EINVAL),
    ARG(ZO, 0, 0, CSAT_EINVAL), ARG(ZO, 0, 7, CSAT_EINVAL) /* adequate above desired */,
    ARG(ZO, 2, 8, CSAT_EINVAL),
};

static void test_survey_argument_table2(void **state)
{
    (void)state;
    csat_args_run(rows2, sizeof rows2 / sizeof rows2[0]);
}

/* Regimes the table cannot reach with one changed argument. */
static void test_survey_edges(void **state)
{
    csat_disconfirmation_result dr = {-7, CSAT_SATISFIED, 7};
    csat_jones_sasser js[2] = {CSAT_JS_DEFECTOR, CSAT_JS_DEFECTOR};
    csat_jones_sasser_options jo = CSAT_JONES_SASSER_OPTIONS_INIT;
    const csat_scale s15 = SCALE(1, 5);
    (void)state;
    {
        /* the only attribute with weight is skipped: no weight left */
        const double p[2] = {NAN, 4}, e[2] = {3, 3}, w[2] = {1, 0};
        csat_assert_status(csat_disconfirm(p, e, 2, w, &s15, 0.5, CSAT_NAN_SKIP, NULL, NULL, &dr, CSAT_ARGS_ERR), CSAT_EINVAL);
        assert_true(dr.d == -7 && dr.n_skipped == 7);
    }
    {
        /* every attribute skipped: empty */
        const double p[2] = {NAN, 4}, e[2] = {3, NAN};
        csat_assert_status(csat_disconfirm(p, e, 2, NULL, &s15, 0.5, CSAT_NAN_SKIP, NULL, NULL, &dr, CSAT_ARGS_ERR), CSAT_EEMPTY);
        /* one skipped, the other below expectation by more than tau */
        const double p2[2] = {NAN, 2};
        csat_disconfirmation states[2] = {CSAT_SATISFIED, CSAT_SATISFIED};
        double d[2] = {-7, -7};
        csat_assert_status(csat_disconfirm(p2, e, 2, NULL, &s15, 0.5, CSAT_NAN_SKIP, d, states, &dr, CSAT_ARGS_ERR), CSAT_EEMPTY);
        const double e2[2] = {3, 3};
        csat_assert_status(csat_disconfirm(p2, e2, 2, NULL, &s15, 0.5, CSAT_NAN_SKIP, d, states, &dr, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(dr.d == -1 && dr.state == CSAT_DISSATISFIED && dr.n_skipped == 1);
        assert_true(d[0] == -7 && d[1] == -1 && states[1] == CSAT_DISSATISFIED);
    }
    {
        /* Jones & Sasser, every type once; NaN skipped as MISSING */
        const double s[7] = {5, 1, 4, 4, 2, 2, NAN}, l[7] = {5, 1, 4, 2, 4, 2, 3};
        csat_jones_sasser out[7];
        jo.nan_policy = CSAT_NAN_SKIP;
        csat_assert_status(csat_jones_sasser_classify(s, l, 7, &jo, out, CSAT_ARGS_ERR), CSAT_OK);
        assert_int_equal(out[0], CSAT_JS_APOSTLE);
        assert_int_equal(out[1], CSAT_JS_TERRORIST);
        assert_int_equal(out[2], CSAT_JS_LOYALIST);
        assert_int_equal(out[3], CSAT_JS_MERCENARY);
        assert_int_equal(out[4], CSAT_JS_HOSTAGE);
        assert_int_equal(out[5], CSAT_JS_DEFECTOR);
        assert_int_equal(out[6], CSAT_JS_MISSING);
        /* nothing but missing pairs: empty, output untouched */
        const double sn[2] = {NAN, 3}, ln[2] = {3, NAN};
        csat_assert_status(csat_jones_sasser_classify(sn, ln, 2, &jo, js, CSAT_ARGS_ERR), CSAT_EEMPTY);
        assert_true(js[0] == CSAT_JS_DEFECTOR && js[1] == CSAT_JS_DEFECTOR);
        /* 1 is terrorist only when both are at most 1 */
        const double s1[1] = {1}, l1[1] = {3};
        csat_assert_status(csat_jones_sasser_classify(s1, l1, 1, NULL, js, CSAT_ARGS_ERR), CSAT_OK);
        assert_int_equal(js[0], CSAT_JS_DEFECTOR);
    }
    {
        /* loyalty index: a row whose present indicators carry no weight */
        const double x[6] = {NAN, 5, 1, 1, 1, 5}, w[6] = {1, 0, 0, 0, 0, 0};
        const csat_scale sc[6] = {s15, s15, s15, s15, s15, s15};
        double idx = -7;
        csat_assert_status(csat_loyalty_index(x, 1, sc, w, CSAT_NAN_SKIP, &idx, CSAT_ARGS_ERR), CSAT_EEMPTY);
        assert_true(idx == -7);
        /* skipped indicator: the others' mean; a reversed scale mirrors */
        csat_assert_status(csat_loyalty_index(x, 1, sc, NULL, CSAT_NAN_SKIP, &idx, CSAT_ARGS_ERR), CSAT_OK);
        csat_assert_close(idx, 100, 1e-14, 0);
        csat_scale rs[6] = {s15, s15, s15, s15, s15, s15};
        rs[1].reversed = 1;
        csat_assert_status(csat_loyalty_index(x, 1, rs, NULL, CSAT_NAN_SKIP, &idx, CSAT_ARGS_ERR), CSAT_OK);
        csat_assert_close(idx, 80, 1e-14, 0);
    }
    {
        /* bond score: the strongest bond at or above the midpoint; none below it */
        const double lo[4] = {1, 2, 2, 1}, mid[4] = {1, 3, 1, 1};
        double sc = -7;
        csat_loyalty_bond b = CSAT_LOYALTY_BOND_STRUCTURAL;
        csat_assert_status(csat_loyalty_bond_score(lo, &s15, NULL, &sc, &b, CSAT_ARGS_ERR), CSAT_OK);
        assert_int_equal(b, CSAT_LOYALTY_BOND_NONE);
        csat_assert_close(sc, 100 * (0.2 * 0.25 + 0.3 * 0.25), 1e-14, 0);
        csat_assert_status(csat_loyalty_bond_score(mid, &s15, NULL, &sc, &b, CSAT_ARGS_ERR), CSAT_OK);
        assert_int_equal(b, CSAT_LOYALTY_BOND_SOCIAL);
    }
    {
        /* NPS interval: adjusted Wald and the score method, a finite population */
        csat_nps_interval r;
        csat_assert_status(csat_nps_interval_counts(50, 30, 20, CSAT_NPS_ADJUSTED_WALD, 0.95, 0, 0, &r, CSAT_ARGS_ERR), CSAT_OK);
        csat_assert_close(r.estimate, 100 * (50.75 - 20.75) / 103, 1e-14, 0);
        csat_assert_status(csat_nps_interval_counts(50, 30, 20, CSAT_NPS_WALD, 0.95, 0, 1, &r, CSAT_ARGS_ERR), CSAT_EINVAL);
        csat_assert_status(csat_nps_interval_counts(50, 30, 20, CSAT_NPS_WALD, 0.95, 0, 100, &r, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(r.se == 0 && r.lower == r.estimate); /* the whole population asked */
        csat_assert_status(csat_nps_interval_counts(1, 0, 0, CSAT_NPS_WALD, 0.95, 0, 1, &r, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(r.se == 0 && r.estimate == 100);
        csat_assert_status(csat_nps_interval_counts(10, 0, 0, CSAT_NPS_SCORE, 0.95, 1, 0, &r, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(r.upper == 100 && r.lower < 100 && r.lower > 0);
        csat_assert_status(csat_nps_interval_counts(0, 0, 10, CSAT_NPS_SCORE, 0.95, 1, 0, &r, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(r.lower == -100 && r.upper > -100 && r.upper < 0);
        /* no answers, or more than a double counts: CSAT_EDOM */
        csat_nps_result nr = {-7, -7, -7, -7, -7, -7, -7, 7};
        csat_assert_status(csat_nps_from_counts(0, 0, 0, &nr, CSAT_ARGS_ERR), CSAT_EDOM);
        csat_assert_status(csat_nps_from_counts(1e308, 1e308, 0, &nr, CSAT_ARGS_ERR), CSAT_EDOM);
        assert_true(nr.promoters == -7 && nr.n_skipped == 7);
        csat_assert_status(csat_nps_interval_counts(0, 0, 0, CSAT_NPS_WALD, 0.95, 0, 0, &r, CSAT_ARGS_ERR), CSAT_EDOM);
        csat_assert_status(csat_nps_interval_counts(1e308, 0, 1e308, CSAT_NPS_WALD, 0.95, 0, 0, &r, CSAT_ARGS_ERR), CSAT_EDOM);
        /* identical all-promoter samples: no variance to compare */
        csat_nps_comparison c = {-7, -7, -7, -7, -7, -7};
        csat_assert_status(csat_nps_compare(5, 0, 0, 9, 0, 0, 0.95, &c, CSAT_ARGS_ERR), CSAT_EDOM);
        assert_true(c.difference == -7 && c.lower == -7);
    }
    {
        /* satisfaction-retention: all counts zero is a forecast of nobody */
        const double ratings[2] = {5, 1}, counts[2] = {0, 0};
        csat_satisfaction_retention_result r;
        csat_assert_status(csat_satisfaction_retention_forecast(ratings, counts, 2, NULL, 0, 10, &r, CSAT_ARGS_ERR), CSAT_OK);
        assert_true(r.customers == 0 && r.revenue_high == 0);
        csat_satisfaction_retention_row t[5];
        csat_assert_status(csat_satisfaction_retention_table(NULL, 5, CSAT_ARGS_ERR), CSAT_EINVAL);
        csat_assert_status(csat_satisfaction_retention_table(t, SIZE_MAX / 8, CSAT_ARGS_ERR), CSAT_EINVAL);
        csat_assert_status(csat_satisfaction_retention_table(t, 4, CSAT_ARGS_ERR), CSAT_EBUFSIZE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_survey_argument_table),
        cmocka_unit_test(test_survey_argument_table2),
        cmocka_unit_test(test_survey_edges),
    };
    return cmocka_run_group_tests_name("survey_args", tests, NULL, NULL);
}
