/*
 * The proportional-hazards test of a Cox fit (csat_cox_zph,
 * csat_cox_zph_resid; docs/theory/cox.rst, 20.6) against R's
 * survival::cox.zph (survival 3.5.3, score-test form of survival >= 3.0):
 * tests/reference/cox_zph.R wrote cox_zph_reference.h (chi-squares and
 * p-values per covariate and GLOBAL, transformed times and scaled
 * Schoenfeld residuals of every 5th event) for survival's lung (Efron,
 * Breslow, strata(sex), case weights, a covariate constant in one
 * stratum), veteran, veteran split into (start, stop] intervals with a
 * time-varying covariate, and ovarian, each with the transforms km, rank,
 * identity and log. All to 1e-9 relative (they agree to about 1e-11).
 *
 * The tests per model term (csat_cox_zph_terms) against R's
 * cox.zph(fit, terms = TRUE): tests/reference/cox_zph_terms.R wrote
 * cox_zph_terms_reference.h (chisq, df and p per term and GLOBAL) for
 * veteran with celltype as a factor (3 dummy columns; Efron, Breslow,
 * strata(trt), split into (start, stop] rows) and lung with ph.ecog as a
 * factor (3 dummy columns; plain, strata(sex), where one dummy is constant
 * within a stratum, and case weights), every transform. To 1e-9 relative.
 */
#include "csat_test.h"

#include "cox_reference.h"
#include "cox_zph_reference.h"
#include "cox_zph_terms_reference.h"

#define RTOL 1e-9

typedef struct zcase {
    const double *X, *entry, *stop, *events, *weights;
    const uint64_t *strata;
    size_t n, p;
    csat_cox_ties ties;
    const uint64_t *rows;
    size_t nkeep, nev;
    const double *chisq[4], *pv[4], *x[4], *y[4];
} zcase;

#define ZREF(name)                                                                              \
    name##_rows, sizeof name##_rows / sizeof name##_rows[0], 0,                                 \
        {name##_km_chisq, name##_rank_chisq, name##_identity_chisq, name##_log_chisq},          \
        {name##_km_p, name##_rank_p, name##_identity_p, name##_log_p},                          \
        {name##_km_x, name##_rank_x, name##_identity_x, name##_log_x},                          \
    {                                                                                           \
        name##_km_y, name##_rank_y, name##_identity_y, name##_log_y                             \
    }

static const csat_cox_zph_transform transforms[4] = {CSAT_COX_ZPH_KM, CSAT_COX_ZPH_RANK,
                                                     CSAT_COX_ZPH_IDENTITY, CSAT_COX_ZPH_LOG};

static void check_zph(const zcase *c)
{
    csat_cox *m;
    csat_cox_stats s;
    size_t ne, p = c->p, *row;
    double chisq[8], pv[8], *res, *tt, *tm;
    assert_int_equal(csat_cox_new(&m, NULL), CSAT_OK);
    {
        csat_cox_options o;
        assert_int_equal(csat_cox_options_init(&o, CSAT_COX_OPTIONS_VERSION), CSAT_OK);
        o.ties = c->ties;
        csat_assert_status(csat_cox_fit(m, c->X, c->n, p, c->entry, c->stop, c->events, c->strata,
                                        c->weights, NULL, &o, NULL), CSAT_OK);
    }
    assert_int_equal(csat_cox_stats_get(m, &s), CSAT_OK);
    ne = (size_t)s.n_events;
    assert_int_equal(ne, c->nev);
    res = malloc(ne * p * sizeof *res);
    tt = malloc(ne * sizeof *tt);
    tm = malloc(ne * sizeof *tm);
    row = malloc(ne * sizeof *row);
    assert_non_null(res);
    assert_non_null(tt);
    assert_non_null(tm);
    assert_non_null(row);
    for (int k = 0; k < 4; k++) {
        if (csat_cox_zph(m, transforms[k], chisq, pv, 8) != CSAT_OK)
            fail_msg("%s", csat_cox_last_error(m));
        for (size_t j = 0; j <= p; j++) {
            csat_assert_close(chisq[j], c->chisq[k][j], RTOL, 0.0);
            csat_assert_close(pv[j], c->pv[k][j], RTOL, 0.0);
        }
        if (csat_cox_zph_resid(m, transforms[k], res, tt, tm, row, ne) != CSAT_OK)
            fail_msg("%s", csat_cox_last_error(m));
        for (size_t e = 1; e < ne; e++)
            assert_true(tm[e] >= tm[e - 1] || c->strata);
        for (size_t r = 0; r < c->nkeep; r++) {
            size_t e = 0;
            while (e < ne && row[e] != c->rows[r])
                e++;
            assert_true(e < ne);
            assert_true(c->events[row[e]] == 1.0 && tm[e] == c->stop[row[e]]);
            csat_assert_close(tt[e], c->x[k][r], 1e-12, 1e-14);
            for (size_t j = 0; j < p; j++) {
                double want = c->y[k][r * p + j];
                if (isnan(want))
                    assert_true(isnan(res[e * p + j]));
                else
                    csat_assert_close(res[e * p + j], want, RTOL, 1e-9);
            }
        }
    }
    free(res);
    free(tt);
    free(tm);
    free(row);
    csat_cox_free(m);
}

static void test_lung(void **state)
{
    uint64_t sex[LUNG_N];
    double X2[LUNG_N * 2];
    zcase c = {lung_X, NULL, lung_time, lung_event, NULL, NULL, LUNG_N, 3, CSAT_COX_EFRON,
               ZREF(zlung)};
    (void)state;
    c.nev = ZLUNG_NEV;
    check_zph(&c);
    {
        zcase b = {lung_X, NULL, lung_time, lung_event, NULL, NULL, LUNG_N, 3, CSAT_COX_BRESLOW,
                   ZREF(zlungbr)};
        b.nev = ZLUNGBR_NEV;
        check_zph(&b);
    }
    for (size_t i = 0; i < LUNG_N; i++) {
        sex[i] = (uint64_t)lung_X[i * 3 + 1];
        X2[i * 2] = lung_X[i * 3];
        X2[i * 2 + 1] = lung_X[i * 3 + 2];
    }
    {
        zcase s = {X2, NULL, lung_time, lung_event, NULL, sex, LUNG_N, 2, CSAT_COX_EFRON,
                   ZREF(zlungst)};
        s.nev = ZLUNGST_NEV;
        check_zph(&s);
    }
    {
        zcase w = {lung_X, NULL, lung_time, lung_event, lung_w, NULL, LUNG_N, 3, CSAT_COX_EFRON,
                   ZREF(zlungw)};
        w.nev = ZLUNGW_NEV;
        check_zph(&w);
    }
    /* z = ph.ecog for sex 1, 0 for sex 2: constant in stratum 2, NaN residuals there (R: NA) */
    for (size_t i = 0; i < LUNG_N; i++)
        X2[i * 2 + 1] = sex[i] == 1 ? lung_X[i * 3 + 2] : 0.0;
    {
        zcase z = {X2, NULL, lung_time, lung_event, NULL, sex, LUNG_N, 2, CSAT_COX_EFRON,
                   ZREF(zlungz)};
        z.nev = ZLUNGZ_NEV;
        check_zph(&z);
    }
}

static void test_veteran_ovarian(void **state)
{
    zcase v = {vet_X, NULL, vet_time, vet_event, NULL, NULL, VET_N, 5, CSAT_COX_EFRON, ZREF(zvet)};
    zcase sp = {vsplit_X, vsplit_start, vsplit_stop, vsplit_event, NULL, NULL, VSPLIT_N, 4,
                CSAT_COX_EFRON, ZREF(zvsplit)};
    zcase o = {ov_X, NULL, ov_time, ov_event, NULL, NULL, OV_N, 3, CSAT_COX_EFRON, ZREF(zov)};
    (void)state;
    v.nev = ZVET_NEV;
    sp.nev = ZVSPLIT_NEV;
    o.nev = ZOV_NEV;
    check_zph(&v);
    check_zph(&sp);
    check_zph(&o);
}

static void expect(csat_cox *m, csat_status got, csat_status want, const char *msg)
{
    assert_int_equal(got, want);
    if (!strstr(csat_cox_last_error(m), msg))
        fail_msg("message '%s' lacks '%s'", csat_cox_last_error(m), msg);
}

static void test_bad_input(void **state)
{
    csat_cox *m;
    csat_cox_stats st;
    double chisq[4], pv[4], coef[3], se[3], res[4 * 3];
    double t[4] = {0.0, 2.0, 3.0, 4.0}, e[4] = {1, 1, 0, 1}, X[4] = {1, 0, 1, 0};
    (void)state;
    assert_int_equal(csat_cox_zph(NULL, CSAT_COX_ZPH_KM, chisq, pv, 4), CSAT_EINVAL);
    assert_int_equal(csat_cox_zph_resid(NULL, CSAT_COX_ZPH_KM, res, NULL, NULL, NULL, 4),
                     CSAT_EINVAL);
    assert_int_equal(csat_cox_new(&m, NULL), CSAT_OK);
    expect(m, csat_cox_zph(m, CSAT_COX_ZPH_KM, chisq, pv, 4), CSAT_EMISUSE, "not fitted");
    expect(m, csat_cox_zph_resid(m, CSAT_COX_ZPH_KM, res, NULL, NULL, NULL, 4), CSAT_EMISUSE,
           "not fitted");
    assert_int_equal(csat_cox_fit(m, ov_X, OV_N, 3, NULL, ov_time, ov_event, NULL, NULL, NULL, NULL,
                                  NULL), CSAT_OK);
    expect(m, csat_cox_zph(m, (csat_cox_zph_transform)7, chisq, pv, 4), CSAT_EINVAL,
           "unknown transform 7");
    expect(m, csat_cox_zph(m, (csat_cox_zph_transform)-1, chisq, pv, 4), CSAT_EINVAL,
           "unknown transform -1");
    expect(m, csat_cox_zph(m, CSAT_COX_ZPH_KM, NULL, pv, 4), CSAT_EINVAL, "chisq is NULL");
    expect(m, csat_cox_zph(m, CSAT_COX_ZPH_KM, chisq, pv, 3), CSAT_EBUFSIZE, "cap = 3");
    expect(m, csat_cox_zph_resid(m, CSAT_COX_ZPH_KM, res, NULL, NULL, NULL, 4), CSAT_EBUFSIZE,
           "events = 12");
    assert_int_equal(csat_cox_zph(m, CSAT_COX_ZPH_LOG, chisq, pv, 4), CSAT_OK);
    assert_string_equal(csat_cox_last_error(m), "");
    /* a model set by hand has no data to test */
    assert_int_equal(csat_cox_coef(m, coef, se, NULL, 3), CSAT_OK);
    assert_int_equal(csat_cox_stats_get(m, &st), CSAT_OK);
    assert_int_equal(csat_cox_set_fit(m, coef, se, NULL, 3, &st), CSAT_OK);
    expect(m, csat_cox_zph(m, CSAT_COX_ZPH_KM, chisq, pv, 4), CSAT_EMISUSE, "no residual data");
    expect(m, csat_cox_zph_resid(m, CSAT_COX_ZPH_RANK, res, NULL, NULL, NULL, 12), CSAT_EMISUSE,
           "no residual data");
    /* log of an event at time 0 */
    assert_int_equal(csat_cox_fit(m, X, 4, 1, NULL, t, e, NULL, NULL, NULL, NULL, NULL), CSAT_OK);
    expect(m, csat_cox_zph(m, CSAT_COX_ZPH_LOG, chisq, pv, 2), CSAT_EDOM, "log transform");
    assert_int_equal(csat_cox_zph(m, CSAT_COX_ZPH_IDENTITY, chisq, pv, 2), CSAT_OK);
    for (int k = 0; k < 2; k++)
        assert_true(isfinite(chisq[k]) && chisq[k] >= 0.0 && pv[k] >= 0.0 && pv[k] <= 1.0);
    csat_cox_free(m);
}

/* ---- tests per model term (R's cox.zph(fit, terms = TRUE)) ---- */

typedef struct tcase {
    const double *X, *entry, *stop, *events, *weights;
    const uint64_t *strata;
    size_t n, p, n_terms;
    csat_cox_ties ties;
    const uint64_t *term;
    const double *chisq[4], *df[4], *pv[4];
} tcase;

#define TREF(name)                                                                              \
    name##_term, {name##_km_chisq, name##_rank_chisq, name##_identity_chisq, name##_log_chisq}, \
        {name##_km_df, name##_rank_df, name##_identity_df, name##_log_df},                      \
    {                                                                                           \
        name##_km_p, name##_rank_p, name##_identity_p, name##_log_p                             \
    }

static csat_cox *fit_case(const double *X, size_t n, size_t p, const double *entry,
                          const double *stop, const double *events, const uint64_t *strata,
                          const double *weights, csat_cox_ties ties)
{
    csat_cox *m;
    csat_cox_options o;
    assert_int_equal(csat_cox_new(&m, NULL), CSAT_OK);
    assert_int_equal(csat_cox_options_init(&o, CSAT_COX_OPTIONS_VERSION), CSAT_OK);
    o.ties = ties;
    csat_assert_status(csat_cox_fit(m, X, n, p, entry, stop, events, strata, weights, NULL, &o,
                                    NULL), CSAT_OK);
    return m;
}

/* R's values; with each column its own term, csat_cox_zph's bit for bit;
 * with the columns in another order (the last first), the same tests. */
static void check_terms(const tcase *c)
{
    csat_cox *m = fit_case(c->X, c->n, c->p, c->entry, c->stop, c->events, c->strata, c->weights,
                           c->ties);
    size_t p = c->p, nt = c->n_terms, term[16], perm[16];
    double chisq[16], df[16], pv[16], c1[16], p1[16], *Xr = malloc(c->n * p * sizeof *Xr);
    assert_true(p < 16 && nt <= p);
    assert_non_null(Xr);
    for (size_t j = 0; j < p; j++)
        term[j] = (size_t)c->term[j];
    for (int k = 0; k < 4; k++) {
        if (csat_cox_zph_terms(m, transforms[k], term, p, chisq, df, pv, nt + 1) != CSAT_OK)
            fail_msg("%s", csat_cox_last_error(m));
        for (size_t t = 0; t <= nt; t++) {
            csat_assert_close(chisq[t], c->chisq[k][t], RTOL, 0.0);
            csat_assert_close(pv[t], c->pv[k][t], RTOL, 0.0);
            assert_true(df[t] == c->df[k][t]);
        }
        /* each column its own term: csat_cox_zph's values */
        for (size_t j = 0; j < p; j++)
            perm[j] = j;
        assert_int_equal(csat_cox_zph_terms(m, transforms[k], perm, p, chisq, NULL, pv, p + 1),
                         CSAT_OK);
        assert_int_equal(csat_cox_zph(m, transforms[k], c1, p1, p + 1), CSAT_OK);
        assert_memory_equal(chisq, c1, (p + 1) * sizeof *c1);
        assert_memory_equal(pv, p1, (p + 1) * sizeof *p1);
    }
    csat_cox_free(m);
    /* the columns rotated (the last first): a term's columns need not be adjacent */
    for (size_t i = 0; i < c->n; i++)
        for (size_t j = 0; j < p; j++)
            Xr[i * p + j] = c->X[i * p + (j + p - 1) % p];
    for (size_t j = 0; j < p; j++)
        perm[j] = (size_t)c->term[(j + p - 1) % p];
    m = fit_case(Xr, c->n, p, c->entry, c->stop, c->events, c->strata, c->weights, c->ties);
    assert_int_equal(csat_cox_zph_terms(m, CSAT_COX_ZPH_KM, perm, p, chisq, df, pv, nt + 1),
                     CSAT_OK);
    for (size_t t = 0; t <= nt; t++)
        csat_assert_close(chisq[t], c->chisq[0][t], RTOL, 0.0);
    csat_cox_free(m);
    free(Xr);
}

/* Dummy columns (codes 1..3 against 0) of a factor into X's columns at..at+2. */
static void dummies(double *X, size_t n, size_t p, size_t at, const uint64_t *code)
{
    for (size_t i = 0; i < n; i++)
        for (size_t l = 0; l < 3; l++)
            X[i * p + at + l] = code[i] == l + 1 ? 1.0 : 0.0;
}

static void test_terms_veteran(void **state)
{
    double X[VET_N * 8], Xs[VET_N * 5], Xv[VSPLIT_N * 7];
    uint64_t trt[VET_N];
    (void)state;
    /* trt, celltype (3), karno, diagtime, age, prior */
    for (size_t i = 0; i < VET_N; i++) {
        const double *v = vet_X + i * 5;
        X[i * 8] = v[0];
        for (size_t j = 1; j < 5; j++)
            X[i * 8 + 3 + j] = v[j];
        /* celltype (3), karno, age; strata(trt) */
        Xs[i * 5 + 3] = v[1];
        Xs[i * 5 + 4] = v[3];
        trt[i] = (uint64_t)v[0];
    }
    dummies(X, VET_N, 8, 1, vet_celltype);
    dummies(Xs, VET_N, 5, 0, vet_celltype);
    /* trt, celltype (3), karno, karno_late, age on (start, stop] rows */
    for (size_t i = 0; i < VSPLIT_N; i++) {
        const double *v = vsplit_X + i * 4;
        Xv[i * 7] = v[0];
        for (size_t j = 1; j < 4; j++)
            Xv[i * 7 + 3 + j] = v[j];
    }
    dummies(Xv, VSPLIT_N, 7, 1, vsplit_celltype);
    {
        tcase a = {X, NULL, vet_time, vet_event, NULL, NULL, VET_N, TVET_P, TVET_NTERMS,
                   CSAT_COX_EFRON, TREF(tvet)};
        tcase b = {X, NULL, vet_time, vet_event, NULL, NULL, VET_N, TVETBR_P, TVETBR_NTERMS,
                   CSAT_COX_BRESLOW, TREF(tvetbr)};
        tcase s = {Xs, NULL, vet_time, vet_event, NULL, trt, VET_N, TVETST_P, TVETST_NTERMS,
                   CSAT_COX_EFRON, TREF(tvetst)};
        tcase v = {Xv, vsplit_start, vsplit_stop, vsplit_event, NULL, NULL, VSPLIT_N, TVSPLIT_P,
                   TVSPLIT_NTERMS, CSAT_COX_EFRON, TREF(tvsplit)};
        check_terms(&a);
        check_terms(&b);
        check_terms(&s);
        check_terms(&v);
    }
}

static void test_terms_lung(void **state)
{
    double X[LUNG_N * 5], Xs[LUNG_N * 4];
    uint64_t sex[LUNG_N], ecog[LUNG_N];
    (void)state;
    /* age, sex, factor(ph.ecog) (3); age, factor(ph.ecog) (3) + strata(sex) */
    for (size_t i = 0; i < LUNG_N; i++) {
        const double *v = lung_X + i * 3;
        X[i * 5] = Xs[i * 4] = v[0];
        X[i * 5 + 1] = v[1];
        sex[i] = (uint64_t)v[1];
        ecog[i] = (uint64_t)v[2];
    }
    dummies(X, LUNG_N, 5, 2, ecog);
    dummies(Xs, LUNG_N, 4, 1, ecog);
    {
        tcase a = {X, NULL, lung_time, lung_event, NULL, NULL, LUNG_N, TLUNG_P, TLUNG_NTERMS,
                   CSAT_COX_EFRON, TREF(tlung)};
        /* ph.ecog = 3 only in sex 1: that dummy is constant (0) within the stratum sex = 2 */
        tcase s = {Xs, NULL, lung_time, lung_event, NULL, sex, LUNG_N, TLUNGST_P, TLUNGST_NTERMS,
                   CSAT_COX_EFRON, TREF(tlungst)};
        tcase w = {X, NULL, lung_time, lung_event, lung_w, NULL, LUNG_N, TLUNGW_P, TLUNGW_NTERMS,
                   CSAT_COX_EFRON, TREF(tlungw)};
        check_terms(&a);
        check_terms(&s);
        check_terms(&w);
    }
}

static void test_terms_bad_input(void **state)
{
    csat_cox *m;
    csat_cox_stats st;
    double chisq[4] = {7, 7, 7, 7}, df[4], pv[4], coef[3], se[3];
    size_t term[3] = {0, 1, 1}, bad[3];
    (void)state;
    assert_int_equal(csat_cox_zph_terms(NULL, CSAT_COX_ZPH_KM, term, 3, chisq, df, pv, 4),
                     CSAT_EINVAL);
    assert_int_equal(csat_cox_new(&m, NULL), CSAT_OK);
    expect(m, csat_cox_zph_terms(m, CSAT_COX_ZPH_KM, term, 3, chisq, df, pv, 4), CSAT_EMISUSE,
           "not fitted");
    assert_int_equal(csat_cox_fit(m, ov_X, OV_N, 3, NULL, ov_time, ov_event, NULL, NULL, NULL, NULL,
                                  NULL), CSAT_OK);
    expect(m, csat_cox_zph_terms(m, (csat_cox_zph_transform)9, term, 3, chisq, df, pv, 4),
           CSAT_EINVAL, "unknown transform 9");
    expect(m, csat_cox_zph_terms(m, CSAT_COX_ZPH_KM, NULL, 3, chisq, df, pv, 4), CSAT_EINVAL,
           "term_of_col is NULL");
    expect(m, csat_cox_zph_terms(m, CSAT_COX_ZPH_KM, term, 3, NULL, df, pv, 4), CSAT_EINVAL,
           "chisq is NULL");
    expect(m, csat_cox_zph_terms(m, CSAT_COX_ZPH_KM, term, 3, chisq, df, NULL, 4), CSAT_EINVAL,
           "p_value is NULL");
    expect(m, csat_cox_zph_terms(m, CSAT_COX_ZPH_KM, term, 2, chisq, df, pv, 4), CSAT_EINVAL,
           "n_cols = 2 but the fit has 3");
    bad[0] = 0, bad[1] = 3, bad[2] = 1;
    expect(m, csat_cox_zph_terms(m, CSAT_COX_ZPH_KM, bad, 3, chisq, df, pv, 4), CSAT_EINVAL,
           "term_of_col[1] = 3");
    bad[0] = 0, bad[1] = 2, bad[2] = 2; /* term 1 empty */
    expect(m, csat_cox_zph_terms(m, CSAT_COX_ZPH_KM, bad, 3, chisq, df, pv, 4), CSAT_EINVAL,
           "term 1 has no column but term_of_col[1] = 2");
    bad[0] = 1, bad[1] = 1, bad[2] = 1; /* term 0 empty */
    expect(m, csat_cox_zph_terms(m, CSAT_COX_ZPH_KM, bad, 3, chisq, df, pv, 4), CSAT_EINVAL,
           "term 0 has no column but term_of_col[0] = 1");
    expect(m, csat_cox_zph_terms(m, CSAT_COX_ZPH_KM, term, 3, chisq, df, pv, 2), CSAT_EBUFSIZE,
           "cap = 2 < n_terms + 1 = 3");
    assert_true(chisq[0] == 7.0 && chisq[3] == 7.0); /* untouched on error */
    /* one term of all columns: its test is the global test */
    bad[0] = bad[1] = bad[2] = 0;
    assert_int_equal(csat_cox_zph_terms(m, CSAT_COX_ZPH_RANK, bad, 3, chisq, df, pv, 2), CSAT_OK);
    assert_string_equal(csat_cox_last_error(m), "");
    csat_assert_close(chisq[0], chisq[1], 1e-12, 0.0);
    assert_true(df[0] == 3.0 && df[1] == 3.0);
    assert_true(chisq[2] == 7.0); /* beyond n_terms + 1: untouched */
    assert_int_equal(csat_cox_zph_terms(m, CSAT_COX_ZPH_LOG, term, 3, chisq, NULL, pv, 3),
                     CSAT_OK);
    /* a model set by hand has no data to test */
    assert_int_equal(csat_cox_coef(m, coef, se, NULL, 3), CSAT_OK);
    assert_int_equal(csat_cox_stats_get(m, &st), CSAT_OK);
    assert_int_equal(csat_cox_set_fit(m, coef, se, NULL, 3, &st), CSAT_OK);
    expect(m, csat_cox_zph_terms(m, CSAT_COX_ZPH_KM, term, 3, chisq, df, pv, 4), CSAT_EMISUSE,
           "no residual data");
    csat_cox_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lung),
        cmocka_unit_test(test_veteran_ovarian),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_terms_veteran),
        cmocka_unit_test(test_terms_lung),
        cmocka_unit_test(test_terms_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
