/*
 * libFuzzer target for segmentation: RFM scores, built-in and custom segment
 * tables, k-means (fit with fuzzed init_centers and options, results,
 * silhouette with invalid labels, elbow), value tiers, the customer pyramid,
 * ABC analysis, lifecycle stages (columns, one history, a store) and benefit
 * segments. Values span the whole double range (small integers, log-uniform
 * 1e-300..1e300, raw bits). Contract checks on CSAT_OK: every categorical
 * output in its enum range and counts adding up to n; RFM scores in 1..bins,
 * monotone in their column, codes and totals consistent, assignments equal
 * to the validated table's cell map; k-means labels in 0..k-1 with finite
 * centres and inertia; silhouette in [-1, 1]; ABC curve non-decreasing from
 * 0 to 1, shares summing to 1, Gini in [0, 1]; trends in [-1, 1]. On error
 * every output is untouched and k-means keeps its previous fit.
 */
#include "csat.h"
#include "fuzz_util.h"

#define MAXN 96

static double value(reader *r, uint8_t mode)
{
    if (mode < 128)
        return (double)(byte(r) % 12);
    if (mode < 192)
        return (double)byte(r) * 0.5;
    if (mode < 240) {
        uint8_t tag = byte(r);
        return tag < 200 ? log_uniform(r) : any_double(r);
    }
    return any_double(r);
}

static void fill(reader *r, double *x, size_t n)
{
    uint8_t mode = byte(r);
    for (size_t i = 0; i < n; i++)
        x[i] = value(r, mode);
}

static int all_nonneg(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(isfinite(x[i]) && x[i] >= 0))
            return 0;
    return 1;
}

static void check_ints(const int *v, size_t n, int lo, int hi, const char *what)
{
    for (size_t i = 0; i < n; i++)
        CHECK(v[i] >= lo && v[i] <= hi, "%s[%zu] = %d outside [%d, %d]", what, i, v[i], lo, hi);
}

static void check_counts(const size_t *c, size_t k, size_t n, const char *what)
{
    size_t s = 0;
    for (size_t i = 0; i < k; i++)
        s += c[i];
    CHECK(s == n, "%s counts sum to %zu, n = %zu", what, s, n);
}

/* ---- RFM ------------------------------------------------------------------------------ */

static void rfm(reader *r)
{
    double rec[MAXN], fr[MAXN], mon[MAXN], br[3][8], breaks[24];
    int R[MAXN], F[MAXN], M[MAXN], code[MAXN], total[MAXN], seg[MAXN], cells[729];
    size_t n = byte(r) % MAXN, counts[12], rule_cells[8], un;
    csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
    csat_rfm_table_report rep;
    uint8_t f = byte(r);
    csat_status st;
    fill(r, rec, n), fill(r, fr, n), fill(r, mon, n);
    o.bins = (f & 1) ? 5u : byte(r) % 11;
    o.binning = (csat_rfm_binning)(byte(r) % 4);
    for (int c = 0; c < 3; c++) {
        double x = (double)(byte(r) % 3);
        for (int j = 0; j < 8; j++) {
            x += byte(r) < 240 ? (double)(1 + byte(r) % 5) : any_double(r);
            br[c][j] = x;
        }
    }
    o.recency_breaks = br[0], o.frequency_breaks = br[1], o.monetary_breaks = br[2];
    if ((f & 6) == 6)
        o.version = byte(r);
    /* Threads (options version 2; issue 18): the same scores as serially. */
    csat_parallel_options po = CSAT_PARALLEL_OPTIONS_INIT;
    if (f & 128) {
        uint8_t t = byte(r);
        po.n_threads = t < 250 ? 1u + t % 3u : (size_t)CSAT_MAX_THREADS + t;
        po.version = t == 255 ? 7u : CSAT_PARALLEL_OPTIONS_VERSION;
        o.parallel = &po;
    }
    poison(R, sizeof R), poison(F, sizeof F), poison(M, sizeof M), poison(code, sizeof code);
    poison(total, sizeof total), poison(breaks, sizeof breaks);
    st = FZ_CALL(csat_rfm_scores(rec, fr, mon, n, (f & 8) ? NULL : &o, NULL, R, F, M, (f & 16) ? NULL : code,
                         (f & 32) ? NULL : total, (f & 64) ? NULL : breaks, FZ_ERR));
    CHECK_STATUS(st);
    if (st != CSAT_OK) {
        UNTOUCHED(R, sizeof R, st), UNTOUCHED(F, sizeof F, st), UNTOUCHED(M, sizeof M, st);
        UNTOUCHED(code, sizeof code, st), UNTOUCHED(total, sizeof total, st), UNTOUCHED(breaks, sizeof breaks, st);
    } else {
        int bins = (f & 8) ? 5 : (int)o.bins;
        CHECK(all_nonneg(rec, n) && all_nonneg(fr, n) && all_nonneg(mon, n), "rfm_scores accepted invalid values");
        check_ints(R, n, 1, bins, "R"), check_ints(F, n, 1, bins, "F"), check_ints(M, n, 1, bins, "M");
        for (size_t i = 0; i < n; i++) {
            CHECK((f & 16) || code[i] == 100 * R[i] + 10 * F[i] + M[i], "code %d", code[i]);
            CHECK((f & 32) || total[i] == R[i] + F[i] + M[i], "total %d", total[i]);
            for (size_t j = 0; j < n; j++) {
                CHECK(!(rec[i] < rec[j]) || R[i] >= R[j], "recency %g < %g but R %d < %d", rec[i], rec[j], R[i], R[j]);
                CHECK(!(fr[i] > fr[j]) || F[i] >= F[j], "frequency %g > %g but F %d < %d", fr[i], fr[j], F[i], F[j]);
                CHECK(!(mon[i] > mon[j]) || M[i] >= M[j], "monetary %g > %g but M %d < %d", mon[i], mon[j], M[i],
                      M[j]);
            }
        }
        if (!(f & 64))
            FINITE_N(breaks, 3 * (size_t)(bins - 1));
        if (o.parallel && !(f & 8)) {
            int R1[MAXN], F1[MAXN], M1[MAXN];
            o.parallel = NULL;
            CHECK(csat_rfm_scores(rec, fr, mon, n, &o, NULL, R1, F1, M1, NULL, NULL, NULL, NULL) == CSAT_OK,
                  "rfm_scores failed serially after succeeding on threads");
            CHECK(memcmp(R1, R, n * sizeof *R) == 0 && memcmp(F1, F, n * sizeof *F) == 0 &&
                      memcmp(M1, M, n * sizeof *M) == 0,
                  "rfm_scores on threads differ from the serial scores");
        }
        /* every table: validate, then assign and compare with the cell map */
        for (int t = -1; t < 5; t++) {
            const csat_rfm_table *tab = csat_rfm_table_builtin((csat_rfm_builtin)t);
            CHECK((t >= 0 && t <= 3) == (tab != NULL), "rfm_table_builtin(%d)", t);
            if (!tab || (int)tab->bins != bins)
                continue;
            CHECK(FZ_CALL(csat_rfm_table_validate(tab, &rep, cells, NULL, FZ_ERR)) == CSAT_OK, "a built-in table is invalid");
            poison(seg, sizeof seg), poison(counts, sizeof counts), poison(&un, sizeof un);
            st = FZ_CALL(csat_rfm_segment_assign(tab, R, F, M, n, seg, counts, &un, FZ_ERR));
            CHECK(st == CSAT_OK, "segment_assign on valid scores: %d", (int)st);
            check_counts(counts, tab->n_rules + 1, n - un, "segment");
            for (size_t i = 0; i < n; i++) {
                int cell = cells[(R[i] - 1) * bins * bins + (F[i] - 1) * bins + (M[i] - 1)];
                CHECK(seg[i] == cell, "customer %zu: segment %d, cell map %d", i, seg[i], cell);
                CHECK(csat_rfm_segment_name(tab, seg[i]) != NULL, "segment name NULL");
            }
        }
    }
    /* a custom table from the bytes */
    {
        csat_rfm_rule rules[8];
        csat_rfm_table tab;
        size_t nr = byte(r) % 9, nc;
        int bins = byte(r) % 11;
        for (size_t k = 0; k < 8; k++) {
            rules[k].name = byte(r) == 255 ? NULL : "rule";
            rules[k].r_lo = byte(r) % 11 - 1, rules[k].r_hi = byte(r) % 11 - 1;
            rules[k].f_lo = byte(r) % 11 - 1, rules[k].f_hi = byte(r) % 11 - 1;
            rules[k].m_lo = byte(r) % 11 - 1, rules[k].m_hi = byte(r) % 11 - 1;
            rules[k].fm_average = byte(r) % 3;
        }
        tab.rules = byte(r) == 255 ? NULL : rules;
        tab.n_rules = nr;
        tab.bins = (unsigned)bins;
        tab.others = byte(r) & 1;
        tab.others_name = byte(r) & 1 ? "Others" : NULL;
        poison(&rep, sizeof rep), poison(cells, sizeof cells), poison(rule_cells, sizeof rule_cells);
        st = FZ_CALL(csat_rfm_table_validate(&tab, &rep, cells, rule_cells, FZ_ERR));
        if (st == CSAT_OK) {
            size_t won = 0;
            nc = (size_t)bins * bins * bins;
            CHECK(rep.n_cells == nc, "n_cells %zu", rep.n_cells);
            for (size_t k = 0; k < nr; k++)
                won += rule_cells[k];
            CHECK(won + rep.n_uncovered == nc, "cells won %zu + uncovered %zu != %zu", won, rep.n_uncovered, nc);
            check_ints(cells, nc, tab.others ? 0 : -1, (int)nr, "cell_segment");
            CHECK(rep.n_unreachable <= nr && rep.n_overlap_cells <= nc, "report counts");
            for (int s = -2; s <= (int)nr + 1; s++) {
                const char *nm = csat_rfm_segment_name(&tab, s);
                CHECK(nm != NULL, "segment_name NULL");
                CHECK((s >= 0 && s <= (int)nr) || nm[0] == '\0', "name of segment %d", s);
            }
            /* assign random scores in range and compare with the cell map */
            {
                size_t m = byte(r) % 32;
                int rr[32], ff[32], mm[32], sg[32];
                size_t cnt[10];
                for (size_t i = 0; i < m; i++) {
                    rr[i] = 1 + byte(r) % bins, ff[i] = 1 + byte(r) % bins, mm[i] = 1 + byte(r) % bins;
                    if (byte(r) == 255)
                        mm[i] = bins + 1; /* out of range */
                }
                poison(sg, sizeof sg), poison(&un, sizeof un);
                st = FZ_CALL(csat_rfm_segment_assign(&tab, rr, ff, mm, m, sg, cnt, byte(r) & 1 ? NULL : &un, FZ_ERR));
                if (st == CSAT_OK) {
                    for (size_t i = 0; i < m; i++) {
                        CHECK(mm[i] <= bins, "assign accepted score %d > bins %d", mm[i], bins);
                        CHECK(sg[i] == cells[(rr[i] - 1) * bins * bins + (ff[i] - 1) * bins + (mm[i] - 1)],
                              "custom table: segment %d differs from the cell map", sg[i]);
                    }
                } else {
                    UNTOUCHED(sg, sizeof sg, st);
                }
            }
        } else {
            UNTOUCHED(&rep, sizeof rep, st), UNTOUCHED(cells, sizeof cells, st);
            CHECK(csat_rfm_segment_name(&tab, 0) != NULL, "segment_name of a bad table");
        }
    }
    CHECK(csat_rfm_segment_name(NULL, 0) != NULL, "segment_name(NULL)");
}

/* ---- k-means ----------------------------------------------------------------------------- */

static const double *dump_x;
static size_t dump_n, dump_d;
static const csat_kmeans_options *dump_o;

static void dump_kmeans(void)
{
    const csat_kmeans_options *o = dump_o;
    if (o)
        fprintf(stderr, "k %zu seed %llu n_init %u max_iter %zu tol %g standardize %d algorithm %d init %s\n", o->k,
                (unsigned long long)o->seed, o->n_init, o->max_iter, o->tol, o->standardize, (int)o->algorithm,
                o->init_centers ? "given" : "NULL");
    if (o && o->init_centers)
        for (size_t c = 0; c < o->k; c++) {
            fprintf(stderr, "  init %zu:", c);
            for (size_t j = 0; j < dump_d; j++)
                fprintf(stderr, " %.17g", o->init_centers[c * dump_d + j]);
            fputc('\n', stderr);
        }
    for (size_t i = 0; i < dump_n; i++) {
        fprintf(stderr, "  row %zu:", i);
        for (size_t j = 0; j < dump_d; j++)
            fprintf(stderr, " %.17g", dump_x[i * dump_d + j]);
        fputc('\n', stderr);
    }
}

static void kmeans(reader *r, const csat_allocator *alloc)
{
    csat_kmeans *km = NULL;
    double X[MAXN * 4], centers[8 * 4 + 1], init[8 * 4], inertia, el[8], sil;
    int labels[MAXN], bad_labels[MAXN];
    size_t d = 1 + byte(r) % 4, n = byte(r) % (MAXN / 4 + 1), k_fit = 0, iters;
    int had = 0, conv;
    size_t d_fit = d; /* the model's features: d, or what set_centers gave */
    double c_before[8 * 4], in_before = 0;
    csat_status st;
    fill(r, X, n * d);
    for (size_t i = 0; i < n; i++)
        bad_labels[i] = byte(r) < 240 ? (int)(byte(r) % 6) : (int)(int8_t)byte(r);
    dump_x = X, dump_n = n, dump_d = d, dump_o = NULL;
    fuzz_dump = dump_kmeans;
    if (csat_kmeans_new(&km, alloc) != CSAT_OK)
        return;
    while (r->n) {
        csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
        uint8_t op = byte(r) % 6, f = byte(r);
        o.k = byte(r) % 7;
        o.seed = byte(r);
        o.n_init = 1 + byte(r) % 3;
        o.max_iter = byte(r) % 40;
        o.standardize = f & 1;
        o.algorithm = (csat_kmeans_algorithm)(byte(r) % 4); /* 3: invalid */
        if (f & 2)
            o.tol = any_double(r);
        if (f & 4) {
            fill(r, init, o.k * d);
            o.init_centers = init;
        }
        if ((f & 0x18) == 0x18)
            o.version = byte(r);
        dump_o = &o;
        if (had)
            (void)csat_kmeans_result(km, c_before, sizeof c_before / sizeof *c_before, &in_before, NULL, NULL);
        if (op == 0) {
            poison(labels, sizeof labels);
            st = csat_kmeans_fit(km, X, n, d, (f & 0x20) ? NULL : &o, labels);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                size_t k = (f & 0x20) ? 8 : o.k;
                CHECK(k >= 1 && n >= k, "fit accepted k %zu n %zu", k, n);
                check_ints(labels, n, 0, (int)k - 1, "labels");
                poison(centers, sizeof centers);
                CHECK(csat_kmeans_result(km, centers, k * d, &inertia, &iters, &conv) == CSAT_OK, "result");
                FINITE_N(centers, k * d);
                NONNEG(inertia);
                CHECK(conv == 0 || conv == 1, "converged %d", conv);
                CHECK(poisoned(centers + k * d, sizeof centers - k * d * sizeof *centers), "result wrote past k*d");
                had = 1;
                k_fit = k;
                d_fit = d;
            } else {
                UNTOUCHED(labels, sizeof labels, st);
                CHECK(csat_kmeans_last_error(km)[0] != '\0' || st == CSAT_EINVAL, "error %d without a message",
                      (int)st);
            }
        } else if (op == 1) {
            size_t k_min = byte(r) % 5, k_max = k_min + byte(r) % 4;
            poison(labels, sizeof labels), poison(el, sizeof el);
            o.init_centers = (f & 0x40) ? init : NULL;
            st = csat_kmeans_elbow(km, X, n, d, &o, k_min, k_max, labels, el);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(k_min >= 1 && k_max <= n, "elbow accepted k %zu..%zu for n %zu", k_min, k_max, n);
                for (size_t i = 0; i <= k_max - k_min; i++)
                    NONNEG(el[i]);
                check_ints(labels, n, 0, (int)k_max - 1, "elbow labels");
                had = 1;
                k_fit = k_max;
                d_fit = d;
            } else {
                UNTOUCHED(labels, sizeof labels, st);
                UNTOUCHED(el, sizeof el, st);
            }
        } else if (op == 2) {
            size_t k = byte(r) % 7, sample = byte(r) % (n + 2);
            const int *lab = (f & 0x40) ? labels : bad_labels;
            if ((f & 0x40) && !had)
                lab = bad_labels;
            poison(&sil, sizeof sil);
            st = FZ_CALL(csat_kmeans_silhouette(X, n, d, lab, (f & 0x40) && had ? k_fit : k, sample, byte(r), alloc, &sil, FZ_ERR));
            CHECK_STATUS(st);
            if (st == CSAT_OK)
                CHECK(isfinite(sil) && sil >= -1.0 - 1e-12 && sil <= 1.0 + 1e-12, "silhouette %.17g", sil);
            else
                UNTOUCHED(&sil, sizeof sil, st);
        } else if (op == 4 && (f & 0x20)) {
            /* one Lloyd step of a chunk against the init block as centres */
            size_t k = 1 + byte(r) % 8;
            double sums[8 * 4], cnt[8], in;
            int lab2[MAXN];
            fill(r, init, k * d);
            poison(sums, sizeof sums), poison(cnt, sizeof cnt), poison(&in, sizeof in), poison(lab2, sizeof lab2);
            st = FZ_CALL(csat_kmeans_chunk_step(X, n, d, init, k, sums, cnt, &in, (f & 0x40) ? lab2 : NULL, alloc, FZ_ERR));
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                double total = 0;
                CHECK(n >= 1, "chunk_step accepted n 0");
                NONNEG(in);
                FINITE_N(sums, k * d);
                for (size_t j = 0; j < k; j++)
                    total += cnt[j];
                CHECK(total == (double)n, "chunk_step counts %g rows of %zu", total, n);
                if (f & 0x40)
                    check_ints(lab2, n, 0, (int)k - 1, "chunk_step labels");
            } else {
                UNTOUCHED(sums, sizeof sums, st);
                UNTOUCHED(cnt, sizeof cnt, st);
                UNTOUCHED(&in, sizeof in, st);
                UNTOUCHED(lab2, sizeof lab2, st);
            }
        } else if (op == 4) {
            /* predict new rows (the data itself, or the init block as rows) */
            size_t dd = (f & 0x40) ? (size_t)(1 + byte(r) % 4) : d, nn = (f & 0x80) ? (size_t)(byte(r) % 9) : n;
            const double *rows = (f & 0x80) ? init : X;
            if (nn * dd > sizeof init / sizeof *init && rows == init)
                nn = sizeof init / sizeof *init / dd;
            poison(labels, sizeof labels);
            st = csat_kmeans_predict(km, rows, nn, dd, labels);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(had && nn >= 1 && dd == d_fit, "predict accepted n %zu d %zu (fitted %d)", nn, dd, had);
                check_ints(labels, nn, 0, (int)k_fit - 1, "predicted labels");
            } else {
                UNTOUCHED(labels, sizeof labels, st);
                CHECK(csat_kmeans_last_error(km)[0] != '\0' || st == CSAT_EINVAL, "predict error %d without a message",
                      (int)st);
            }
        } else if (op == 5) {
            /* the state a copy needs, and setting it by hand */
            double sc[4 + 1], c2[8 * 4];
            size_t cap = byte(r) % 6, k = byte(r) % 9, dd = (f & 0x40) ? (size_t)(1 + byte(r) % 4) : d;
            poison(sc, sizeof sc);
            st = csat_kmeans_scales(km, sc, cap);
            if (st == CSAT_OK) {
                CHECK(had && cap >= d_fit, "scales: cap %zu d %zu", cap, d_fit);
                for (size_t j = 0; j < d_fit; j++)
                    CHECK(isfinite(sc[j]) && sc[j] > 0, "scale %.17g", sc[j]);
            } else {
                CHECK(st == (had ? CSAT_EBUFSIZE : CSAT_EMISUSE), "scales: %d", (int)st);
                UNTOUCHED(sc, sizeof sc, st);
            }
            fill(r, c2, k * dd);
            if (f & 0x80)
                fill(r, sc, dd);
            st = csat_kmeans_set_centers(km, c2, k, dd, (f & 0x80) ? sc : (f & 0x20) ? NULL : sc);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                int lab1[1];
                CHECK(k >= 1, "set_centers accepted k 0");
                had = 1, k_fit = k, d_fit = dd;
                st = csat_kmeans_predict(km, c2, 1, dd, lab1);
                CHECK(st == CSAT_OK || st == CSAT_ENOMEM, "predict after set_centers: %d %s", (int)st,
                      csat_kmeans_last_error(km));
                if (st == CSAT_OK)
                    check_ints(lab1, 1, 0, (int)k - 1, "label after set_centers");
            }
            CHECK_MESSAGE(csat_kmeans_last_error(km));
        } else {
            size_t cap = byte(r) % 34;
            poison(centers, sizeof centers), poison(&inertia, sizeof inertia);
            st = csat_kmeans_result(km, byte(r) & 1 ? NULL : centers, cap, &inertia, &iters, &conv);
            if (st == CSAT_OK) {
                CHECK(had, "result before a fit");
                NONNEG(inertia);
            } else {
                CHECK(st == (had ? CSAT_EBUFSIZE : CSAT_EMISUSE), "result: %d", (int)st);
                UNTOUCHED(centers, sizeof centers, st);
                UNTOUCHED(&inertia, sizeof inertia, st);
            }
            CHECK_MESSAGE(csat_kmeans_last_error(km));
        }
        /* a failing call keeps the previous fit */
        if (had && op <= 1) {
            double c2[8 * 4], in2;
            if (csat_kmeans_result(km, c2, 32, &in2, NULL, NULL) == CSAT_OK && in2 != in_before) {
                /* changed: only a successful fit or elbow may do that; the
                 * status of this iteration's call is in st */
                CHECK(st == CSAT_OK, "a failing call changed the fit (%d)", (int)st);
            }
        }
    }
    csat_kmeans_free(km);
}

/* ---- tiers, pyramid, ABC, lifecycle, benefits ------------------------------------------- */

static void tiers(reader *r, const csat_allocator *alloc)
{
    double a[MAXN], b[MAXN], c[MAXN], cuts[2], curve[MAXN + 1], trend[MAXN], sh[8];
    int tier[MAXN];
    size_t n = byte(r) % MAXN, counts[4];
    uint8_t f = byte(r);
    csat_status st;
    fill(r, a, n), fill(r, b, n), fill(r, c, n);
    {
        csat_value_tier_options o = CSAT_VALUE_TIER_OPTIONS_INIT;
        if (f & 1)
            o.frequency_cut = value(r, byte(r));
        if (f & 2)
            o.amount_cut = value(r, byte(r));
        o.potential_high_amount = f >> 2 & 1;
        poison(tier, sizeof tier), poison(cuts, sizeof cuts), poison(counts, sizeof counts);
        st = FZ_CALL(csat_value_tiers(a, b, n, (f & 8) ? NULL : &o, alloc, tier, cuts, counts, FZ_ERR));
        if (st == CSAT_OK) {
            check_ints(tier, n, 0, 3, "tier");
            check_counts(counts, 4, n, "tier");
            FINITE_N(cuts, 2);
        } else {
            UNTOUCHED(tier, sizeof tier, st), UNTOUCHED(cuts, sizeof cuts, st);
        }
    }
    {
        csat_pyramid_options o = CSAT_PYRAMID_OPTIONS_INIT;
        o.rule = (csat_pyramid_rule)(byte(r) % 3);
        if (f & 16) {
            o.platinum = unit_val(r);
            o.gold = unit_val(r);
            o.lead_below = value(r, byte(r));
        }
        for (size_t i = 0; i < n; i++)
            c[i] = byte(r) & 1 ? -c[i] : c[i];
        poison(tier, sizeof tier), poison(counts, sizeof counts);
        st = FZ_CALL(csat_pyramid(c, n, &o, alloc, tier, counts, FZ_ERR));
        if (st == CSAT_OK) {
            check_ints(tier, n, 0, 3, "pyramid");
            check_counts(counts, 4, n, "pyramid");
        } else {
            UNTOUCHED(tier, sizeof tier, st), UNTOUCHED(counts, sizeof counts, st);
        }
    }
    {
        csat_abc_options o = CSAT_ABC_OPTIONS_INIT;
        csat_abc_summary s;
        if (f & 32) {
            o.a_cut = unit_val(r);
            o.b_cut = unit_val(r);
            o.top_fraction = unit_val(r);
        }
        poison(tier, sizeof tier), poison(curve, sizeof curve), poison(&s, sizeof s);
        st = FZ_CALL(csat_abc(a, n, &o, alloc, tier, curve, &s, FZ_ERR));
        if (st == CSAT_OK) {
            check_ints(tier, n, 0, 2, "abc");
            CHECK(curve[0] == 0.0 && fabs(curve[n] - 1.0) < 1e-12, "ABC curve from %g to %g", curve[0], curve[n]);
            for (size_t i = 0; i <= n; i++) {
                IN_RANGE(curve[i], 0.0, 1.0 + 1e-12);
                CHECK(i == 0 || curve[i] >= curve[i - 1], "ABC curve decreases at %zu", i);
            }
            check_counts(s.n, 3, n, "ABC");
            IN_RANGE(s.share[0], 0.0, 1.0), IN_RANGE(s.share[1], 0.0, 1.0), IN_RANGE(s.share[2], 0.0, 1.0);
            CHECK(fabs(s.share[0] + s.share[1] + s.share[2] - 1.0) < 1e-9, "ABC shares sum to %.17g",
                  s.share[0] + s.share[1] + s.share[2]);
            IN_RANGE(s.gini, 0.0, 1.0);
            IN_RANGE(s.top_share, 0.0, 1.0);
        } else {
            UNTOUCHED(tier, sizeof tier, st), UNTOUCHED(curve, sizeof curve, st), UNTOUCHED(&s, sizeof s, st);
        }
    }
    {
        csat_lifecycle_options o = CSAT_LIFECYCLE_OPTIONS_INIT;
        csat_lifecycle_stage stage;
        double tr, now = value(r, byte(r));
        if (f & 64) {
            o.window = pos_param(r);
            o.acquisition_tenure = value(r, byte(r));
            o.growth = unit_val(r);
            o.decline = unit_val(r);
        }
        o.measure = (csat_lifecycle_measure)(byte(r) % 3);
        poison(tier, sizeof tier), poison(trend, sizeof trend), poison(counts, sizeof counts);
        st = FZ_CALL(csat_lifecycle_stages(a, b, c, n, &o, tier, trend, counts, FZ_ERR));
        if (st == CSAT_OK) {
            check_ints(tier, n, 0, 3, "stage");
            RANGE_N(trend, n, -1.0, 1.0);
            check_counts(counts, 4, n, "stage");
        } else {
            UNTOUCHED(tier, sizeof tier, st), UNTOUCHED(trend, sizeof trend, st);
        }
        poison(&stage, sizeof stage), poison(&tr, sizeof tr);
        st = FZ_CALL(csat_lifecycle_from_history(a, byte(r) & 1 ? NULL : b, n, now, &o, &stage, &tr, FZ_ERR));
        if (st == CSAT_OK) {
            CHECK(stage >= 0 && stage <= 3, "stage %d", (int)stage);
            IN_RANGE(tr, -1.0, 1.0);
        } else {
            UNTOUCHED(&stage, sizeof stage, st), UNTOUCHED(&tr, sizeof tr, st);
        }
        {
            csat_customers *store = NULL;
            uint64_t ids[MAXN], out_ids[16];
            size_t m, cap = byte(r) % 17;
            for (size_t i = 0; i < n; i++)
                ids[i] = byte(r) % 12;
            if (csat_customers_new(&store, NULL) == CSAT_OK) {
                if (csat_customers_add(store, ids, a, b, n) == CSAT_OK) {
                    poison(out_ids, sizeof out_ids), poison(tier, sizeof tier), poison(&m, sizeof m);
                    st = csat_lifecycle_from_store(store, now, &o, alloc, out_ids, tier, trend, cap, &m);
                    if (st == CSAT_OK) {
                        CHECK(m <= cap, "from_store: %zu > cap", m);
                        check_ints(tier, m, 0, 3, "store stage");
                        RANGE_N(trend, m, -1.0, 1.0);
                        for (size_t i = 1; i < m; i++)
                            CHECK(out_ids[i] > out_ids[i - 1], "ids not ascending");
                    } else {
                        UNTOUCHED(out_ids, sizeof out_ids, st), UNTOUCHED(tier, sizeof tier, st);
                        if (st != CSAT_EBUFSIZE)
                            UNTOUCHED(&m, sizeof m, st);
                        else
                            CHECK(m > cap, "EBUFSIZE with n %zu <= cap %zu", m, cap);
                    }
                }
                csat_customers_free(store);
            }
        }
    }
    {
        double shares[5], sum;
        size_t nb = byte(r) % 7, rows = nb ? n / nb : n;
        int seg[MAXN];
        poison(shares, sizeof shares), poison(&sum, sizeof sum);
        CHECK(FZ_CALL(csat_benefit_theory_shares(shares, &sum, FZ_ERR)) == CSAT_OK, "benefit_theory_shares");
        RANGE_N(shares, 5, 0.0, 1.0);
        CHECK(fabs(sum - 0.97) < 1e-12, "theory shares sum %g", sum);
        CHECK(FZ_CALL(csat_benefit_theory_shares(NULL, &sum, FZ_ERR)) == CSAT_EINVAL, "benefit_theory_shares(NULL)");
        poison(seg, sizeof seg), poison(sh, sizeof sh);
        st = FZ_CALL(csat_benefit_segments(a, rows, nb, seg, (f & 128) ? NULL : sh, FZ_ERR));
        if (st == CSAT_OK) {
            double t = 0;
            check_ints(seg, rows, -1, (int)nb - 1, "benefit segment");
            if (!(f & 128)) {
                RANGE_N(sh, nb + 1, 0.0, 1.0);
                for (size_t i = 0; i <= nb; i++)
                    t += sh[i];
                CHECK(fabs(t - 1.0) < 1e-9, "benefit shares sum to %.17g", t);
            }
        } else {
            UNTOUCHED(seg, sizeof seg, st), UNTOUCHED(sh, sizeof sh, st);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    fuzz_alloc fa;
    csat_allocator alloc = fuzz_allocator(&fa, &r);
    switch (byte(&r) % 3) {
    case 0: rfm(&r); break;
    case 1: kmeans(&r, &alloc); break;
    default: tiers(&r, &alloc); break;
    }
    CHECK_NO_LEAK(fa);
    return 0;
}
