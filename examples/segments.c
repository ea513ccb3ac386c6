/*
 * segments: RFM segments, value tiers, pyramid, ABC curve, lifecycle stages
 * and a k-means clustering of the RFM features (recency, log frequency,
 * log(1 + spend), standardised) of a transaction log. Run `segments --help`.
 *
 * The per-customer recency/frequency/spend come from a csat_customers store
 * of the raw log (frequency = transactions, monetary = total spend). The
 * file reading and printing live in this program; libcsat only computes.
 */
#include "csat.h"

#include "example_util.h"

#ifndef CSAT_EXAMPLE_DATA_DIR
#define CSAT_EXAMPLE_DATA_DIR "tests/data"
#endif

static const char USAGE[] =
    "Usage: segments [options] [FILE]\n"
    "\n"
    "Segments the customers of a transaction log: RFM scores and the R rfm v0.3\n"
    "segments, value tiers, the customer pyramid, an ABC (Pareto) curve with its Gini,\n"
    "lifecycle stages, and k-means (k = 5) on standardised recency, log frequency and\n"
    "log(1 + spend), with its elbow and silhouette.\n"
    "\n"
    "FILE holds one transaction per line, 4 fields separated by blanks:\n"
    "  customer_id date count amount\n"
    "customer ids are unsigned integers, dates YYYYMMDD or YYYY-MM-DD, count and\n"
    "amount numbers (count is not used); one header line is allowed first.\n"
    "Default FILE: " CSAT_EXAMPLE_DATA_DIR "/CDNOW_master.txt (23,570 customers)\n"
    "\n"
    "Options:\n"
    "  --date DATE   analysis date (default: the day after the last date in FILE)\n"
    "  -h, --help    print this text and exit\n"
    "\n"
    "Exit status 0 on success; 1 with a message on stderr on any error (a file that\n"
    "cannot be opened, a malformed line, named as FILE:LINE, or a library error).\n";

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

int main(int argc, char **argv)
{
    const char *path = CSAT_EXAMPLE_DATA_DIR "/CDNOW_master.txt";
    ex_transactions t = {0};
    size_t nt, nc = 0;
    long last_day, date_arg = 0;
    int have_date = 0;
    double now, revenue = 0.0;
    double *rec, *freq, *mon, *scratch, *X;
    csat_customers *store = NULL;
    int *r, *f, *m, *seg, *lab;
    size_t *counts;
    char now_text[32];

    ex_start(argc, argv, "segments", USAGE);
    for (int i = 1, files = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--date") == 0) {
            date_arg = ex_date_arg(a, ex_option_value(argc, argv, &i));
            have_date = 1;
        } else {
            ex_file_argument(a, &path, &files);
        }
    }
    ex_read_transactions(path, 0, &t);
    nt = t.n;
    last_day = t.last;
    now = (double)(have_date ? date_arg : last_day + 1);
    if (now <= (double)last_day)
        ex_fail("--date must be after the last date in %s", path);
    ex_format_date((long)now, now_text, sizeof now_text);
    /* Per-customer recency, frequency and spend from a csat_customers store:
     * one-day periods; T - t_x is the days from the last purchase to the end
     * of observation (the day before the analysis date), so recency at the
     * analysis date is T - t_x + 1. */
    {
        double *T;
        csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
        ex_check(csat_customers_new(&store, NULL), "csat_customers_new", NULL);
        so.observation_end = now - 1.0;
        ex_check(csat_customers_add(store, t.id, t.day, t.amount, nt), "csat_customers_add",
                 csat_customers_last_error(store));
        ex_check(csat_customers_summarize(store, &so, &nc, NULL), "csat_customers_summarize",
                 csat_customers_last_error(store));
        rec = ex_alloc(nc, sizeof *rec), freq = ex_alloc(nc, sizeof *freq), mon = ex_alloc(nc, sizeof *mon);
        T = ex_alloc(nc, sizeof *T);
        ex_check(csat_customers_summary_column(store, CSAT_SUMMARY_T, T, nc), "csat_customers_summary_column",
                 csat_customers_last_error(store));
        ex_check(csat_customers_summary_column(store, CSAT_SUMMARY_RECENCY, rec, nc),
                 "csat_customers_summary_column", csat_customers_last_error(store));
        ex_check(csat_customers_summary_column(store, CSAT_SUMMARY_N_TRANSACTIONS, freq, nc),
                 "csat_customers_summary_column", csat_customers_last_error(store));
        ex_check(csat_customers_summary_column(store, CSAT_SUMMARY_TOTAL_AMOUNT, mon, nc),
                 "csat_customers_summary_column", csat_customers_last_error(store));
        for (size_t c = 0; c < nc; c++) {
            rec[c] = T[c] - rec[c] + 1.0;
            revenue += mon[c];
        }
        free(T);
    }
    scratch = ex_alloc(nt > nc ? nt : nc, sizeof *scratch);
    r = ex_alloc(nc, sizeof *r), f = ex_alloc(nc, sizeof *f), m = ex_alloc(nc, sizeof *m);
    seg = ex_alloc(nc, sizeof *seg), lab = ex_alloc(nc, sizeof *lab), X = ex_alloc(nc, 3 * sizeof *X);
    printf("%s: %zu transactions, %zu customers, revenue $%.2f, analysis date %s\n\n", path, nt, nc,
           revenue, now_text);

    /* ---- RFM scores and the R rfm v0.3 segments ---- */
    {
        const csat_rfm_table *tab = csat_rfm_table_builtin(CSAT_RFM_TABLE_R_V03);
        csat_rfm_table_report rep;
        size_t un = 0;
        double br[12];
        ex_check(csat_rfm_scores(rec, freq, mon, nc, NULL, NULL, r, f, m, NULL, NULL, br, &ex_err), "csat_rfm_scores",
                 NULL);
        printf("RFM scores (5 bins, rank rule, ties kept together). Break points:\n"
               "  recency   (days, score = 1 + #{x < t}): %g %g %g %g\n"
               "  frequency (score = 1 + #{x > t}):      %g %g %g %g\n"
               "  monetary  (score = 1 + #{x > t}):      %g %g %g %g\n",
               br[0], br[1], br[2], br[3], br[4], br[5], br[6], br[7], br[8], br[9], br[10], br[11]);
        ex_check(csat_rfm_table_validate(tab, &rep, NULL, NULL, &ex_err), "csat_rfm_table_validate", NULL);
        counts = ex_alloc(tab->n_rules + 1 > 4 ? tab->n_rules + 1 : 4, sizeof *counts);
        printf("Segment table R rfm v0.3: %zu cells, %zu fall to \"Others\", %zu overlap, %zu rows never "
               "assigned\n\n",
               rep.n_cells, rep.n_uncovered, rep.n_overlap_cells, rep.n_unreachable);
        ex_check(csat_rfm_segment_assign(tab, r, f, m, nc, seg, counts, &un, &ex_err), "csat_rfm_segment_assign", NULL);
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
        ex_check(csat_value_tiers(freq, mon, nc, NULL, NULL, seg, cuts, counts, &ex_err), "csat_value_tiers", NULL);
        printf("\nValue tiers (high = above the median: frequency > %g, spend > $%.2f):\n", cuts[0], cuts[1]);
        for (int i = 0; i < 4; i++)
            printf("  %-10s %6zu\n", tn[i], counts[i]);
        /* Spend stands in for profit here (the log has no costs), so no customer is lead. */
        for (int rule = 0; rule < 2; rule++) {
            po.rule = rule ? CSAT_PYRAMID_PROFIT_SHARE : CSAT_PYRAMID_RANK;
            ex_check(csat_pyramid(mon, nc, &po, NULL, seg, counts, &ex_err), "csat_pyramid", NULL);
            printf("Pyramid by %s (20/50%%, spend as profit):", rule ? "spend share" : "rank");
            for (int i = 0; i < 4; i++)
                printf(" %s %zu", pn[i], counts[i]);
            printf("\n");
        }
    }

    /* ---- ABC ---- */
    {
        csat_abc_summary s;
        double *curve = ex_alloc(nc + 1, sizeof *curve);
        ex_check(csat_abc(mon, nc, NULL, NULL, seg, curve, &s, &ex_err), "csat_abc", NULL);
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
        uint64_t *ids = ex_alloc(nc, sizeof *ids);
        ex_check(csat_lifecycle_from_store(store, now, NULL, NULL, ids, seg, NULL, nc, &n_out),
                 "csat_lifecycle_from_store", csat_customers_last_error(store));
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
            if (!(var > 0))
                var = 1.0; /* a constant feature: centred only */
            for (size_t c = 0; c < nc; c++)
                X[3 * c + j] = (X[3 * c + j] - mu) / var;
        }
        ex_check(csat_kmeans_new(&km, NULL), "csat_kmeans_new", NULL);
        o.k = 5;
        o.seed = 2024;
        o.n_init = 5;
        ex_check(csat_kmeans_elbow(km, X, nc, 3, &o, 2, 8, lab, elbow), "csat_kmeans_elbow",
                 csat_kmeans_last_error(km));
        printf("\nk-means elbow (standardised units, k = 2..8):");
        for (int k = 0; k < 7; k++)
            printf(" %.0f", elbow[k]);
        ex_check(csat_kmeans_fit(km, X, nc, 3, &o, lab), "csat_kmeans_fit", csat_kmeans_last_error(km));
        ex_check(csat_kmeans_result(km, centers, 15, &inertia, &it, NULL), "csat_kmeans_result",
                 csat_kmeans_last_error(km));
        ex_check(csat_kmeans_silhouette(X, nc, 3, lab, 5, 3000, 7, NULL, &sil, &ex_err), "csat_kmeans_silhouette", NULL);
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
    ex_free_transactions(&t);
    free(rec), free(freq), free(mon), free(scratch);
    free(r), free(f), free(m), free(seg), free(lab), free(X), free(counts);
    return 0;
}
