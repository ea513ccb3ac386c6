/*
 * libFuzzer target for PLS path modelling (csat_pls_*, issue 16). The bytes
 * choose the blocks, the inner model (cycles, self-loops and isolated LVs
 * included), the modes, the options and the answers (mostly small integers,
 * sometimes NaN, Inf, huge values or constant columns), then a sequence of
 * calls. Contract: on CSAT_OK every output finite and in its range
 * (loadings, correlations and R^2 in [-1, 1] / [0, 1], indices in [0, 100]
 * for answers on the scale, standard errors >= 0, lower <= upper); on error
 * outputs untouched and the previous fit kept; no leak.
 */
#include <csat.h>
#include "fuzz_util.h"

#define MAXP 8
#define MAXQ 4
#define MAXN 40

static double answer(reader *r, int mode)
{
    uint8_t b = byte(r);
    if (mode < 200 || b < 240)
        return 1.0 + b % 10;
    switch (b & 7) {
    case 0: return NAN;
    case 1: return INFINITY;
    case 2: return 1e200;
    case 3: return -1.7e308;
    default: return any_double(r);
    }
}

static const double *dump_X;
static size_t dump_n, dump_p;
static void dump(void)
{
    for (size_t i = 0; i < dump_n; i++) {
        fprintf(stderr, "  row %zu:", i);
        for (size_t j = 0; j < dump_p; j++)
            fprintf(stderr, " %.17g", dump_X[i * dump_p + j]);
        fputc('\n', stderr);
    }
}

static void range_n(const double *x, size_t n, double lo, double hi, const char *what)
{
    for (size_t i = 0; i < n; i++)
        CHECK(isfinite(x[i]) && x[i] >= lo && x[i] <= hi, "%s[%zu] = %.17g not in [%g, %g]", what, i, x[i], lo, hi);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    fuzz_alloc fa;
    csat_allocator alloc = fuzz_allocator(&fa, &r);
    size_t p = 1 + byte(&r) % MAXP, q = 1 + byte(&r) % MAXQ, n = byte(&r) % (MAXN + 1);
    size_t lv[MAXP];
    unsigned char adj[MAXQ * MAXQ];
    csat_pls_mode modes[MAXQ];
    double X[MAXN * MAXP];
    uint8_t mode = byte(&r);
    for (size_t i = 0; i < p; i++)
        lv[i] = byte(&r) % (q + (mode == 255));
    for (size_t a = 0; a < q * q; a++)
        adj[a] = byte(&r) < 60 ? 1 : 0;
    for (size_t j = 0; j < q; j++)
        modes[j] = (csat_pls_mode)(byte(&r) % 2);
    for (size_t a = 0; a < n * p; a++)
        X[a] = answer(&r, mode);
    if (byte(&r) < 30 && n > 0) /* a constant item */
        for (size_t i = 0; i < n; i++)
            X[i * p] = 3;
    dump_X = X, dump_n = n, dump_p = p;
    fuzz_dump = dump;
    {   /* the presets: any cap, the adjacency a DAG that csat_pls_new takes with one item per LV */
        size_t nl = 0, cap = byte(&r) % 9, one[7] = {0, 1, 2, 3, 4, 5, 6};
        unsigned char pa[64];
        const char *nm[8];
        csat_pls_preset which = (csat_pls_preset)(byte(&r) % 4);
        poison(pa, sizeof pa);
        csat_status ps = FZ_CALL(csat_pls_preset_model(which, &nl, pa, nm, cap, FZ_ERR));
        if (ps == CSAT_OK) {
            csat_pls *pm = NULL;
            CHECK(nl >= 6 && nl <= 7 && cap >= nl, "preset size %zu (cap %zu)", nl, cap);
            for (size_t j = 0; j < nl; j++)
                CHECK(nm[j] != NULL && nm[j][0] != '\0', "preset name %zu", j);
            CHECK(csat_pls_new(&pm, NULL, one, nl, pa, nl, NULL, NULL) == CSAT_OK, "a preset is not a valid model");
            csat_pls_free(pm);
        } else {
            CHECK(which > 2 || ps == CSAT_EBUFSIZE, "preset %d failed with %d", (int)which, (int)ps);
            UNTOUCHED(pa, sizeof pa, ps);
        }
    }
    csat_pls *m = NULL;
    csat_pls_options o;
    CHECK(csat_pls_options_init(&o, CSAT_PLS_OPTIONS_VERSION) == CSAT_OK, "options_init");
    csat_status st = FZ_CALL(csat_pls_new(&m, &alloc, lv, p, adj, q, byte(&r) & 1 ? modes : NULL, FZ_ERR));
    CHECK_STATUS(st);
    if (st != CSAT_OK) {
        CHECK(m == NULL, "failed new wrote the handle");
        CHECK_NO_LEAK(fa);
        return 0;
    }
    const csat_scale sc = {1.0, 10.0, 0};
    int fitted = 0, booted = 0, on_scale = mode < 200;
    double B0[MAXQ * MAXQ];
    while (r.n) {
        uint8_t op = byte(&r) % 5;
        double w[MAXP], l[MAXP], cross[MAXP * MAXQ], B[MAXQ * MAXQ], ind[MAXQ * MAXQ], T[MAXQ * MAXQ], r2[MAXQ];
        double h[MAXQ * MAXQ], c[MAXQ * MAXQ], idx[MAXQ], imp[MAXQ], perf[MAXQ];
        double ys[MAXN * MAXQ], yc[MAXN * MAXQ];
        csat_pls_block_quality qb[MAXQ];
        csat_pls_report rep;
        if (op == 0) {
            uint8_t f = byte(&r);
            o.scheme = (csat_pls_scheme)(f % 4 == 3 ? 7 : f % 4);
            o.max_iter = byte(&r) % 40;
            o.nan_policy = (csat_nan_policy)((f >> 2) & 1);
            o.mean_replace = (f >> 3) & 1;
            if (f & 0x10)
                o.tol = any_double(&r);
            poison(&rep, sizeof rep);
            if (f & 0x80) { /* the same data column-major (csat_pls_fit_columns, issue 16) */
                double Xc[MAXN * MAXP];
                for (size_t a = 0; a < n; a++)
                    for (size_t i = 0; i < p; i++)
                        Xc[i * n + a] = X[a * p + i];
                st = csat_pls_fit_columns(m, Xc, n, p, (f & 0x60) == 0x60 ? NULL : &o, &rep);
            } else
                st = csat_pls_fit(m, X, n, p, (f & 0x60) == 0x60 ? NULL : &o, &rep);
            CHECK_STATUS(st);
            CHECK_MESSAGE(csat_pls_last_error(m));
            if (st == CSAT_OK) {
                fitted = 1, booted = 0;
                CHECK(rep.converged == 1 && rep.n_used >= 2 && rep.n_used <= n, "report");
                {
                    csat_fit_stage sg[CSAT_FIT_MAX_STAGES];
                    size_t ns = 0;
                    CHECK(csat_pls_fit_stages(m, sg, CSAT_FIT_MAX_STAGES, &ns) == CSAT_OK && ns == 1 &&
                              sg[0].rows == rep.n_used && sg[0].iterations == rep.n_iter &&
                              sg[0].grad_norm == rep.last_change && isnan(sg[0].log_likelihood),
                          "PLS stage against its report");
                    CHECK_STAGES(csat_pls_fit_stages, m, NULL);
                }
                range_n(&rep.gof, 1, 0, 1 + 1e-9, "gof");
                CHECK(csat_pls_inner(m, B0, NULL, NULL, NULL, q) == CSAT_OK, "inner after fit");
            } else {
                CHECK(csat_pls_last_error(m)[0] != '\0', "error %d without a message", (int)st);
                UNTOUCHED(&rep, sizeof rep, st);
                if (fitted)
                    CHECK(csat_pls_inner(m, B, NULL, NULL, NULL, q) == CSAT_OK && memcmp(B, B0, sizeof(double) * q * q) == 0,
                          "a failed fit changed the model");
            }
        } else if (op == 1) {
            poison(w, sizeof w), poison(cross, sizeof cross), poison(B, sizeof B), poison(qb, sizeof qb);
            st = csat_pls_outer(m, w, l, p);
            CHECK(fitted ? st == CSAT_OK : st == CSAT_EMISUSE && poisoned(w, sizeof w), "outer %d", (int)st);
            if (st == CSAT_OK) {
                FINITE_N(w, p);
                range_n(l, p, -1 - 1e-9, 1 + 1e-9, "loadings");
            }
            st = csat_pls_cross_loadings(m, cross, p, q);
            if (st == CSAT_OK)
                range_n(cross, p * q, -1 - 1e-9, 1 + 1e-9, "cross");
            else
                UNTOUCHED(cross, sizeof cross, st);
            st = csat_pls_inner(m, B, ind, T, r2, q);
            if (st == CSAT_OK) {
                FINITE_N(B, q * q), FINITE_N(ind, q * q), FINITE_N(T, q * q);
                range_n(r2, q, -1e-9, 1 + 1e-9, "r2");
            } else
                UNTOUCHED(B, sizeof B, st);
            st = csat_pls_lv_correlations(m, c, q);
            if (st == CSAT_OK)
                range_n(c, q * q, -1 - 1e-9, 1 + 1e-9, "lv correlations");
            st = csat_pls_quality(m, qb, q);
            if (st == CSAT_OK)
                for (size_t j = 0; j < q; j++) {
                    FINITE(qb[j].alpha);
                    range_n(&qb[j].communality, 1, 0, 1 + 1e-9, "communality");
                    range_n(&qb[j].ave, 1, 0, 1 + 1e-9, "ave");
                    range_n(&qb[j].rho_dg, 1, 0, 1 + 1e-9, "rho");
                    range_n(&qb[j].redundancy, 1, -1e-9, 1 + 1e-9, "redundancy");
                }
            else
                UNTOUCHED(qb, sizeof qb, st);
        } else if (op == 2) {
            poison(h, sizeof h), poison(ys, sizeof ys), poison(yc, sizeof yc), poison(idx, sizeof idx);
            st = csat_pls_htmt(m, h, q);
            if (st == CSAT_OK)
                range_n(h, q * q, 0, 1e300, "htmt");
            else
                UNTOUCHED(h, sizeof h, st);
            size_t rows = fitted ? n : 0;
            if (fitted && csat_pls_fit(m, X, n, p, &o, &rep) == CSAT_OK) {
                rows = rep.n_used, booted = 0;
                CHECK(csat_pls_inner(m, B0, NULL, NULL, NULL, q) == CSAT_OK, "inner after refit");
            }
            st = csat_pls_scores(m, ys, byte(&r) & 1 ? yc : NULL, rows, q);
            if (st == CSAT_OK)
                FINITE_N(ys, rows * q);
            else
                UNTOUCHED(ys, sizeof ys, st);
            st = csat_pls_index(m, &sc, idx, q);
            if (st == CSAT_OK) { /* in [0, 100] when no outer weight is negative */
                int pos = csat_pls_outer(m, w, NULL, p) == CSAT_OK;
                for (size_t i = 0; i < p && pos; i++)
                    pos = w[i] >= 0;
                on_scale && pos ? range_n(idx, q, -1e-6, 100 + 1e-6, "index") : FINITE_N(idx, q);
            }
            else
                UNTOUCHED(idx, sizeof idx, st);
            st = csat_pls_ipma(m, byte(&r) % (q + 1), &sc, imp, perf, q);
            if (st == CSAT_OK)
                FINITE_N(imp, q), FINITE_N(perf, q);
        } else if (op == 3) {
            size_t nb = byte(&r) % 12;
            uint64_t seed = u64(&r);
            double lvl = byte(&r) / 256.0;
            st = csat_pls_bootstrap(m, nb, seed, lvl, byte(&r) & 1 ? &sc : NULL);
            CHECK_STATUS(st);
            if (st == CSAT_OK)
                booted = 1;
            else
                CHECK(csat_pls_last_error(m)[0] != '\0', "bootstrap error %d without a message", (int)st);
            /* the index test of the model against itself (issue 16), from the same bytes */
            double draws[12];
            csat_comparison cmp;
            poison(draws, sizeof draws), poison(&cmp, sizeof cmp);
            st = FZ_CALL(csat_pls_index_compare(m, m, nb % (q + 1), &sc, nb, seed, lvl, draws, &cmp, FZ_ERR));
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(fitted && nb >= 2 && nb % (q + 1) < q, "index_compare accepted bad input");
                CHECK(cmp.difference == 0 && cmp.estimate1 == cmp.estimate2 && cmp.statistic == 0 &&
                          cmp.p_value == 1 && cmp.df == 0 && cmp.level == lvl, "index_compare of a model with itself");
                CHECK(isfinite(cmp.se) && cmp.se > 0 && isfinite(cmp.lower) && cmp.lower <= cmp.upper &&
                          isfinite(cmp.upper) && isfinite(cmp.estimate1),
                      "index_compare: se %g [%g, %g]", cmp.se, cmp.lower, cmp.upper);
                for (size_t k = 1; k < nb; k++)
                    CHECK(isnan(draws[k]) || draws[k - 1] <= draws[k], "index_compare draws not sorted");
            } else {
                UNTOUCHED(&cmp, sizeof cmp, st);
                UNTOUCHED(draws, sizeof draws, st);
            }
        } else {
            double se[MAXQ * MAXQ], lo[MAXQ * MAXQ], hi[MAXQ * MAXQ];
            csat_pls_estimate what = (csat_pls_estimate)(byte(&r) % 7);
            size_t len = what <= 1 ? p : what <= 3 ? q * q : q;
            poison(se, sizeof se);
            st = csat_pls_bootstrap_get(m, what, se, lo, hi, len);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(booted, "bootstrap_get without a bootstrap");
                for (size_t k = 0; k < len; k++)
                    CHECK(isfinite(se[k]) && se[k] >= 0 && isfinite(lo[k]) && lo[k] <= hi[k] && isfinite(hi[k]),
                          "bootstrap %d[%zu]: se %g [%g, %g]", (int)what, k, se[k], lo[k], hi[k]);
            } else
                UNTOUCHED(se, sizeof se, st);
        }
    }
    csat_pls_free(m);
    CHECK_NO_LEAK(fa);
    return 0;
}
