/*
 * Segmenting the CDNOW customers (23,570 first-time buyers of Q1 1997,
 * purchases to 1998-06-30): RFM segments, value tiers, pyramid, ABC curve,
 * lifecycle stages and a k-means clustering of the RFM features
 * (recency, log frequency, log(1 + spend), standardised).
 *
 * Usage: segments [CDNOW_master.txt]
 *
 * The per-customer recency/frequency/spend come from a csat_customers store
 * of the raw log (analysis date 1998-07-01; frequency = transactions,
 * monetary = total spend). The file reading and printing live in this
 * program; libcsat only computes.
 */
#include "csat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CSAT_EXAMPLE_DATA_DIR
#define CSAT_EXAMPLE_DATA_DIR "tests/data"
#endif

typedef struct tx {
    long id;
    double day;
    double amount;
} tx;

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static double days_from_civil(long y, long m, long d)
{
    long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (double)(era * 146097 + doe - 719468);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of the values of x whose group g[i] == want (scratch holds n doubles). */
static double group_median(const double *x, const int *g, size_t n, int want, double *scratch)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (g[i] == want)
            scratch[m++] = x[i];
    if (m == 0)
        return NAN;
    qsort(scratch, m, sizeof *scratch, cmp_double);
    return m % 2 ? scratch[m / 2] : 0.5 * (scratch[m / 2 - 1] + scratch[m / 2]);
}

static int fail(const char *what, int st)
{
    fprintf(stderr, "%s: %s\n", what, csat_strerror(st));
    return 1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : CSAT_EXAMPLE_DATA_DIR "/CDNOW_master.txt";
    FILE *fp = fopen(path, "r");
    char line[256];
    tx *t = NULL;
    size_t nt = 0, cap = 0, nc = 0;
    double now = days_from_civil(1998, 7, 1), revenue = 0.0;
    double *rec, *freq, *mon, *scratch, *X;
    csat_customers *store = NULL;
    int *r, *f, *m, *seg, *lab;
    size_t counts[16];
    int st;

    if (!fp) {
        perror(path);
        return 1;
    }
    if (!fgets(line, sizeof line, fp)) { /* header */
        fclose(fp);
        return 1;
    }
    while (fgets(line, sizeof line, fp)) {
        long id, date, cds;
        double usd;
        if (sscanf(line, "%ld %ld %ld %lf", &id, &date, &cds, &usd) != 4)
            continue;
        if (nt == cap) {
            tx *nt_ = realloc(t, (cap = cap ? 2 * cap : 4096) * sizeof *t);
            if (!nt_)
                return 1;
            t = nt_;
        }
        t[nt].id = id;
        t[nt].day = days_from_civil(date / 10000, date / 100 % 100, date % 100);
        t[nt].amount = usd;
        nt++;
    }
    fclose(fp);
    /* Per-customer recency, frequency and spend from a csat_customers store:
     * one-day periods; T - t_x is the days from the last purchase to the end
     * of observation (1998-06-30), so recency at 1998-07-01 is T - t_x + 1. */
    {
        uint64_t *ids = malloc(nt * sizeof *ids);
        double *times = malloc(nt * sizeof *times), *amts = malloc(nt * sizeof *amts), *T;
        csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
        if (!ids || !times || !amts || csat_customers_new(&store, NULL) != CSAT_OK)
            return 1;
        for (size_t i = 0; i < nt; i++) {
            ids[i] = (uint64_t)t[i].id;
            times[i] = t[i].day;
            amts[i] = t[i].amount;
        }
        so.observation_end = now - 1.0;
        if ((st = csat_customers_add(store, ids, times, amts, nt)) != CSAT_OK
            || (st = csat_customers_summarize(store, &so, &nc, NULL)) != CSAT_OK)
            return fail(csat_customers_last_error(store), st);
        free(ids), free(times), free(amts);
        rec = malloc(nc * sizeof *rec), freq = malloc(nc * sizeof *freq), mon = malloc(nc * sizeof *mon);
        T = malloc(nc * sizeof *T);
        if (!rec || !freq || !mon || !T)
            return 1;
        if ((st = csat_customers_summary_column(store, CSAT_SUMMARY_T, T, nc)) != CSAT_OK
            || (st = csat_customers_summary_column(store, CSAT_SUMMARY_RECENCY, rec, nc)) != CSAT_OK
            || (st = csat_customers_summary_column(store, CSAT_SUMMARY_N_TRANSACTIONS, freq, nc)) != CSAT_OK
            || (st = csat_customers_summary_column(store, CSAT_SUMMARY_TOTAL_AMOUNT, mon, nc)) != CSAT_OK)
            return fail(csat_customers_last_error(store), st);
        for (size_t c = 0; c < nc; c++) {
            rec[c] = T[c] - rec[c] + 1.0;
            revenue += mon[c];
        }
        free(T);
    }
    scratch = malloc((nt > nc ? nt : nc) * sizeof *scratch);
    r = malloc(nc * sizeof *r), f = malloc(nc * sizeof *f), m = malloc(nc * sizeof *m);
    seg = malloc(nc * sizeof *seg), lab = malloc(nc * sizeof *lab), X = malloc(3 * nc * sizeof *X);
    if (!scratch || !r || !f || !m || !seg || !lab || !X)
        return 1;
    printf("CDNOW: %zu transactions, %zu customers, revenue $%.2f, analysis date 1998-07-01\n\n", nt, nc,
           revenue);

    /* ---- RFM scores and the R rfm v0.3 segments ---- */
    {
        const csat_rfm_table *tab = csat_rfm_table_builtin(CSAT_RFM_TABLE_R_V03);
        csat_rfm_table_report rep;
        size_t un = 0;
        double br[12];
        st = csat_rfm_scores(rec, freq, mon, nc, NULL, NULL, r, f, m, NULL, NULL, br, NULL);
        if (st)
            return fail("csat_rfm_scores", st);
        printf("RFM scores (5 bins, rank rule, ties kept together). Break points:\n"
               "  recency   (days, score = 1 + #{x < t}): %g %g %g %g\n"
               "  frequency (score = 1 + #{x > t}):      %g %g %g %g\n"
               "  monetary  (score = 1 + #{x > t}):      %g %g %g %g\n",
               br[0], br[1], br[2], br[3], br[4], br[5], br[6], br[7], br[8], br[9], br[10], br[11]);
        st = csat_rfm_table_validate(tab, &rep, NULL, NULL, NULL);
        if (st)
            return fail("csat_rfm_table_validate", st);
        printf("Segment table R rfm v0.3: %zu cells, %zu fall to \"Others\", %zu overlap, %zu rows never "
               "assigned\n\n",
               rep.n_cells, rep.n_uncovered, rep.n_overlap_cells, rep.n_unreachable);
        st = csat_rfm_segment_assign(tab, r, f, m, nc, seg, counts, &un, NULL);
        if (st)
            return fail("csat_rfm_segment_assign", st);
        printf("%-20s %7s %8s %9s %9s %9s\n", "segment", "count", "revenue", "med.rec", "med.freq",
               "med.spend");
        for (int s = 0; s <= (int)tab->n_rules; s++) {
            double rv = 0.0;
            for (size_t c = 0; c < nc; c++)
                if (seg[c] == s)
                    rv += mon[c];
            printf("%-20s %7zu %7.1f%% %9.0f %9.0f %9.2f\n", csat_rfm_segment_name(tab, s), counts[s],
                   100.0 * rv / revenue, group_median(rec, seg, nc, s, scratch),
                   group_median(freq, seg, nc, s, scratch), group_median(mon, seg, nc, s, scratch));
        }
    }

    /* ---- value tiers and the customer pyramid ---- */
    {
        double cuts[2];
        csat_pyramid_options po = CSAT_PYRAMID_OPTIONS_INIT;
        static const char *tn[4] = {"high value", "potential", "general", "low value"};
        static const char *pn[4] = {"platinum", "gold", "iron", "lead"};
        st = csat_value_tiers(freq, mon, nc, NULL, NULL, seg, cuts, counts, NULL);
        if (st)
            return fail("csat_value_tiers", st);
        printf("\nValue tiers (high = above the median: frequency > %g, spend > $%.2f):\n", cuts[0], cuts[1]);
        for (int i = 0; i < 4; i++)
            printf("  %-10s %6zu\n", tn[i], counts[i]);
        /* Spend stands in for profit here (the log has no costs), so no customer is lead. */
        for (int rule = 0; rule < 2; rule++) {
            po.rule = rule ? CSAT_PYRAMID_PROFIT_SHARE : CSAT_PYRAMID_RANK;
            st = csat_pyramid(mon, nc, &po, NULL, seg, counts, NULL);
            if (st)
                return fail("csat_pyramid", st);
            printf("Pyramid by %s (20/50%%, spend as profit):", rule ? "spend share" : "rank");
            for (int i = 0; i < 4; i++)
                printf(" %s %zu", pn[i], counts[i]);
            printf("\n");
        }
    }

    /* ---- ABC ---- */
    {
        csat_abc_summary s;
        double *curve = malloc((nc + 1) * sizeof *curve);
        if (!curve)
            return 1;
        st = csat_abc(mon, nc, NULL, NULL, seg, curve, &s, NULL);
        if (st)
            return fail("csat_abc", st);
        printf("\nABC (80/95): A %zu customers (%.1f%% of revenue), B %zu (%.1f%%), C %zu (%.1f%%)\n",
               s.n[0], 100 * s.share[0], s.n[1], 100 * s.share[1], s.n[2], 100 * s.share[2]);
        printf("Gini %.3f; top 20%% of customers hold %.1f%% of revenue\nConcentration curve:", s.gini,
               100 * s.top_share);
        for (int d = 1; d <= 10; d++)
            printf(" %d%%:%.2f", 10 * d, curve[(size_t)((double)nc * d / 10.0)]);
        printf("\n");
        free(curve);
    }

    /* ---- lifecycle stages (90-day windows), straight from the store ---- */
    {
        size_t cnt[4] = {0, 0, 0, 0}, n_out = 0;
        static const char *sn[4] = {"acquisition", "growth", "maturity", "decline"};
        uint64_t *ids = malloc(nc * sizeof *ids);
        if (!ids)
            return 1;
        st = csat_lifecycle_from_store(store, now, NULL, NULL, ids, seg, NULL, nc, &n_out);
        if (st)
            return fail("csat_lifecycle_from_store", st);
        for (size_t c = 0; c < n_out; c++)
            cnt[seg[c]]++;
        free(ids);
        printf("\nLifecycle (purchases in the last 90 days vs the 90 before, +-25%%, tenure >= 180 d):\n");
        for (int i = 0; i < 4; i++)
            printf("  %-12s %6zu\n", sn[i], cnt[i]);
    }

    /* ---- k-means on standardised (recency, log frequency, log spend) ---- */
    {
        csat_kmeans *km;
        csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
        double centers[5 * 3], inertia, sil, elbow[7];
        size_t it, cnt[5] = {0};
        /* Standardise here (rather than with o.standardize) so that the
         * silhouette is measured in the same units as the clustering. */
        for (size_t c = 0; c < nc; c++) {
            X[3 * c] = rec[c];
            X[3 * c + 1] = log(freq[c]);
            X[3 * c + 2] = log1p(mon[c]);
        }
        for (int j = 0; j < 3; j++) {
            double mu = 0.0, var = 0.0;
            for (size_t c = 0; c < nc; c++)
                mu += X[3 * c + j];
            mu /= (double)nc;
            for (size_t c = 0; c < nc; c++)
                var += (X[3 * c + j] - mu) * (X[3 * c + j] - mu);
            var = sqrt(var / (double)nc);
            for (size_t c = 0; c < nc; c++)
                X[3 * c + j] = (X[3 * c + j] - mu) / var;
        }
        if (csat_kmeans_new(&km, NULL) != CSAT_OK)
            return 1;
        o.k = 5;
        o.seed = 2024;
        o.n_init = 5;
        st = csat_kmeans_elbow(km, X, nc, 3, &o, 2, 8, lab, elbow);
        if (st)
            return fail(csat_kmeans_last_error(km), st);
        printf("\nk-means elbow (standardised units, k = 2..8):");
        for (int k = 0; k < 7; k++)
            printf(" %.0f", elbow[k]);
        st = csat_kmeans_fit(km, X, nc, 3, &o, lab);
        if (st)
            return fail(csat_kmeans_last_error(km), st);
        (void)csat_kmeans_result(km, centers, 15, &inertia, &it, NULL);
        st = csat_kmeans_silhouette(X, nc, 3, lab, 5, 3000, 7, NULL, &sil, NULL);
        if (st)
            return fail("silhouette", st);
        printf("\nk = 5 (5 restarts, seed 2024): inertia %.1f, %zu iterations, silhouette (3000-row "
               "sample) %.3f\n",
               inertia, it, sil);
        printf("%-8s %6s %9s %9s %9s %9s\n", "cluster", "size", "med.rec", "med.freq", "med.spend", "revenue");
        for (size_t c = 0; c < nc; c++)
            cnt[lab[c]]++;
        for (int k = 0; k < 5; k++) {
            double rv = 0.0;
            for (size_t c = 0; c < nc; c++)
                if (lab[c] == k)
                    rv += mon[c];
            printf("%-8d %6zu %9.0f %9.0f %9.2f %8.1f%%\n", k, cnt[k], group_median(rec, lab, nc, k, scratch),
                   group_median(freq, lab, nc, k, scratch), group_median(mon, lab, nc, k, scratch),
                   100 * rv / revenue);
        }
        csat_kmeans_free(km);
    }
    csat_customers_free(store);
    free(t), free(rec), free(freq), free(mon), free(scratch);
    free(r), free(f), free(m), free(seg), free(lab), free(X);
    return 0;
}
