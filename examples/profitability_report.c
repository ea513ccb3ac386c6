/*
 * profitability_report: a profitability and loyalty report on a transaction
 * log (issue 17): KPIs by acquisition month with a weighted scorecard, repeat
 * buying, inter-purchase times, cross-selling over price bands, referral value
 * and the retention-profit chain. Run `profitability_report --help`.
 *
 * CDNOW has no costs, categories, groups or complaints, so this program
 * states its assumptions (all options): a gross margin on revenue (default
 * 30%), price bands standing in for product lines, the acquisition month as
 * the customer's group, an acquisition cost, and a synthetic complaint log
 * drawn with a fixed seed. The file reading, the assumptions and the printing
 * live here; libcsat only computes.
 */
#include "csat.h"

#include "example_util.h"

#ifndef CSAT_EXAMPLE_DATA_DIR
#define CSAT_EXAMPLE_DATA_DIR "tests/data"
#endif

static const char USAGE[] =
    "Usage: profitability_report [options] [FILE]\n"
    "\n"
    "A profitability and loyalty report of a transaction log: KPIs per acquisition\n"
    "month with a weighted scorecard, the repeat-purchase rate, inter-purchase times,\n"
    "cross-selling over price bands, referral value and the retention-profit chain\n"
    "(Reichheld & Sasser 1990) across retention rates.\n"
    "\n"
    "FILE holds one transaction per line, 4 fields separated by blanks:\n"
    "  customer_id date count amount\n"
    "customer ids are unsigned integers, dates YYYYMMDD or YYYY-MM-DD, count and\n"
    "amount numbers (count is not used); one header line is allowed first.\n"
    "Default FILE: " CSAT_EXAMPLE_DATA_DIR "/CDNOW_master.txt (23,570 customers)\n"
    "\n"
    "Assumptions (the log has no costs; each is an option):\n"
    "  --margin M        gross margin on revenue, 0 < M <= 1 (default 0.30): the cost\n"
    "                    of a transaction is (1 - M) x amount\n"
    "  --acquisition A   cost of acquiring a customer (default 10)\n"
    "  --seed S          seed of the synthetic complaint log (default 17): about 3% of\n"
    "                    customers complain once, 80% of complaints are resolved\n"
    "Price bands stand in for product lines: under $15, $15-$40, over $40.\n"
    "A customer's group is the month of their first purchase.\n"
    "\n"
    "Options:\n"
    "  -h, --help    print this text and exit\n"
    "\n"
    "Exit status 0 on success; 1 with a message on stderr on any error (a file that\n"
    "cannot be opened, a malformed line, named as FILE:LINE, or a library error).\n";

/* A small fixed-seed generator for the synthetic complaint log (xorshift64*). */
static double uniform(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (double)((*s * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* Position of id in the ascending ids[0..n) (it is there). */
static size_t index_of(const uint64_t *ids, size_t n, uint64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int32_t band_of(double amount) { return amount < 15.0 ? 0 : amount <= 40.0 ? 1 : 2; }

int main(int argc, char **argv)
{
    const char *path = CSAT_EXAMPLE_DATA_DIR "/CDNOW_master.txt";
    ex_transactions t = {0};
    double margin = 0.30, acq = 10.0, seed = 17.0;
    csat_customers *store = NULL;
    size_t nt, nc = 0;
    uint64_t *cid;
    double *first, *cost;
    int32_t *band, *grp, n_groups = 0;

    ex_start(argc, argv, "profitability_report", USAGE);
    for (int i = 1, files = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--margin") == 0)
            margin = ex_number_arg(a, ex_option_value(argc, argv, &i), 1e-9, 1.0);
        else if (strcmp(a, "--acquisition") == 0)
            acq = ex_number_arg(a, ex_option_value(argc, argv, &i), 0.0, 1e12);
        else if (strcmp(a, "--seed") == 0)
            seed = ex_number_arg(a, ex_option_value(argc, argv, &i), 0.0, 4294967295.0);
        else
            ex_file_argument(a, &path, &files);
    }
    ex_read_transactions(path, 0, &t);
    nt = t.n;

    /* ---- the store: costs from the margin, price bands as categories ---- */
    cost = ex_alloc(nt, sizeof *cost);
    band = ex_alloc(nt, sizeof *band);
    for (size_t i = 0; i < nt; i++) {
        cost[i] = (1.0 - margin) * t.amount[i];
        band[i] = band_of(t.amount[i]);
    }
    ex_check(csat_customers_new(&store, NULL), "csat_customers_new", NULL);
    ex_check(csat_customers_add_details(store, t.id, t.day, t.amount, cost, band, NULL, nt),
             "csat_customers_add_details", csat_customers_last_error(store));
    ex_check(csat_customers_count(store, &nc, NULL), "csat_customers_count",
             csat_customers_last_error(store));
    cid = ex_alloc(nc, sizeof *cid);
    first = ex_alloc(nc, sizeof *first);
    grp = ex_alloc(nc, sizeof *grp);
    ex_check(csat_customers_ids(store, cid, nc), "csat_customers_ids",
             csat_customers_last_error(store));
    /* groups: months since the first month of the log (30.44-day months) */
    for (size_t c = 0; c < nc; c++)
        first[c] = INFINITY;
    for (size_t i = 0; i < nt; i++) { /* t.id is in file order */
        size_t c = index_of(cid, nc, t.id[i]);
        if (t.day[i] < first[c])
            first[c] = t.day[i];
    }
    for (size_t c = 0; c < nc; c++) {
        grp[c] = (int32_t)floor((first[c] - (double)t.first) / 30.44);
        n_groups = grp[c] + 1 > n_groups ? grp[c] + 1 : n_groups;
    }
    ex_check(csat_customers_set_groups(store, cid, grp, nc), "csat_customers_set_groups",
             csat_customers_last_error(store));
    printf("%s: %zu transactions, %zu customers, %d acquisition months\n", path, nt, nc,
           (int)n_groups);
    printf("Assumptions: gross margin %.0f%%, acquisition cost $%.2f, complaint-log seed %.0f\n\n",
           100.0 * margin, acq, seed);

    /* ---- KPIs by acquisition month and a scorecard ---- */
    {
        double t1 = (double)t.first + 365.0, t2 = (double)t.last, bounds[2] = {50.0, 150.0};
        csat_kpi_report *g = ex_alloc((size_t)n_groups, sizeof *g), all;
        csat_kpi_report w;
        double *score = ex_alloc((size_t)n_groups, sizeof *score);
        ex_check(csat_kpi_by_group_customers(store, (size_t)n_groups, t1, t2, 180.0, bounds, 2, g,
                                             &all, NULL),
                 "csat_kpi_by_group_customers", NULL);
        memset(&w, 0, sizeof w);
        w.retention_rate = 1.0; /* a salesperson's appraisal: retention alongside sales */
        w.revenue = 1.0;
        w.churn_rate = -0.5;
        ex_check(csat_kpi_scorecard(g, (size_t)n_groups, &w, score, &ex_err), "csat_kpi_scorecard",
                 NULL);
        printf("KPIs between day +365 and the end of the log (lost after 180 days without a "
               "purchase; spend tiers $50, $150):\n");
        printf("%-6s %7s %7s %7s %9s %8s %10s %9s %7s\n", "month", "start", "end", "lost",
               "retention", "upgraded", "revenue", "rev/buyer", "score");
        for (int k = 0; k < n_groups; k++)
            printf("%-6d %7.0f %7.0f %7.0f %8.1f%% %8.0f %10.2f %9.2f %7.3f\n", k,
                   g[k].start_customers, g[k].end_customers, g[k].lost, 100.0 * g[k].retention_rate,
                   g[k].upgraded, g[k].revenue, g[k].average_profitability, score[k]);
        printf("%-6s %7.0f %7.0f %7.0f %8.1f%% %8.0f %10.2f %9.2f\n", "all", all.start_customers,
               all.end_customers, all.lost, 100.0 * all.retention_rate, all.upgraded, all.revenue,
               all.average_profitability);
        printf("Scorecard: retention rate x 1 + revenue x 1 - churn rate x 0.5, each scaled by "
               "its largest value\n\n");
        free(g), free(score);
    }

    /* ---- repeat buying and regularity ---- */
    {
        csat_repeat_rate all, *byg = ex_alloc((size_t)n_groups, sizeof *byg), byc[64];
        csat_ipt_summary s;
        size_t np = 0, ncu = 0, ng = 0;
        ex_check(csat_repeat_purchase_customers(store, (size_t)n_groups, 7.0, 90.0, (double)t.last,
                                                64, &all, byg, byc, &np, NULL),
                 "csat_repeat_purchase_customers", NULL);
        printf("Repeat purchase within 90 days of the first (a later week): %.0f of %.0f customers, "
               "%.1f%%\n", all.repeaters, all.eligible, 100.0 * all.rate);
        for (int k = 0; k < n_groups; k++)
            printf("  month %d: %.1f%% of %.0f\n", k, 100.0 * byg[k].rate, byg[k].eligible);
        {
            csat_status st;
            size_t cap = 0;
            uint64_t *ids = NULL;
            double *tm = NULL;
            st = csat_customers_rows(store, NULL, NULL, NULL, NULL, NULL, NULL, 0, &cap);
            ex_check(st == CSAT_EBUFSIZE ? CSAT_OK : st, "csat_customers_rows", NULL);
            ids = ex_alloc(cap, sizeof *ids), tm = ex_alloc(cap, sizeof *tm);
            ex_check(csat_customers_rows(store, ids, tm, NULL, NULL, NULL, NULL, cap, &cap),
                     "csat_customers_rows", NULL);
            ex_check(csat_inter_purchase_times(ids, tm, cap, 30.0, 0, NULL, NULL, NULL, NULL, 0, NULL,
                                               &s, &ncu, &ng, NULL, &ex_err),
                     "csat_inter_purchase_times", NULL);
            free(ids), free(tm);
        }
        printf("Inter-purchase times (30-day periods): %.0f gaps from %.0f repeat customers; "
               "mean %.2f, median %.0f, cv %.2f; mean customer cv %.2f\n\n",
               s.gaps, s.repeat_customers, s.mean, s.median, s.cv, s.mean_customer_cv);
        free(byg);
    }

    /* ---- cross-selling over price bands ---- */
    {
        csat_cross_sell_summary x;
        double tog[9], nxt[9];
        static const char *bn[3] = {"<$15", "$15-40", ">$40"};
        ex_check(csat_cross_sell_customers(store, 3, 30.0, &x, tog, nxt, NULL),
                 "csat_cross_sell_customers", NULL);
        printf("Cross-selling over price bands (30-day baskets): %.2f bands per buyer, %.1f%% buy "
               "two or more\n", x.mean_categories, 100.0 * x.multi_category_share);
        printf("%-8s %28s   %28s\n", "", "bought together (baskets)", "bought next (baskets)");
        for (int a = 0; a < 3; a++) {
            printf("%-8s", bn[a]);
            for (int b = 0; b < 3; b++)
                printf(" %9.0f", tog[a * 3 + b]);
            printf("  ");
            for (int b = 0; b < 3; b++)
                printf(" %9.0f", nxt[a * 3 + b]);
            printf("\n");
        }
        printf("\n");
    }

    /* ---- a synthetic complaint log, referral value ---- */
    {
        uint64_t s = 0x9E3779B97F4A7C15ULL ^ (uint64_t)seed, *who = ex_alloc(nc, sizeof *who);
        double *opened = ex_alloc(nc, sizeof *opened), *resolved = ex_alloc(nc, sizeof *resolved);
        double profit_per = 0.0, n_resolved = 0.0, satisfied;
        size_t m = 0;
        csat_referral ref;
        for (size_t c = 0; c < nc; c++)
            if (uniform(&s) < 0.03) {
                who[m] = cid[c];
                opened[m] = first[c] + floor(uniform(&s) * 60.0);
                resolved[m] = uniform(&s) < 0.8 ? opened[m] + 1.0 + floor(uniform(&s) * 10.0) : NAN;
                n_resolved += !isnan(resolved[m]);
                m++;
            }
        ex_check(csat_customers_add_complaints(store, who, opened, NULL, resolved, NULL, NULL, NULL,
                                               m),
                 "csat_customers_add_complaints", csat_customers_last_error(store));
        for (size_t i = 0; i < nt; i++)
            profit_per += t.amount[i] - cost[i];
        profit_per /= (double)nc;
        /* satisfied: the customers who bought again within 90 days (a behavioural proxy);
         * dissatisfied: the complainers left unresolved */
        {
            csat_repeat_rate r;
            ex_check(csat_repeat_purchase_customers(store, 0, 7.0, 90.0, (double)t.last, 0, &r, NULL,
                                                    NULL, NULL, NULL),
                     "csat_repeat_purchase_customers", NULL);
            satisfied = r.repeaters;
        }
        ex_check(csat_referral_value(satisfied, (double)m - n_resolved, CSAT_REFERRAL_LEADS,
                                     CSAT_REFERRAL_CLOSING, 9.0, profit_per, &ref, &ex_err),
                 "csat_referral_value", NULL);
        printf("Synthetic complaint log (seed %.0f): %zu complaints (%.1f per 1,000 transactions), "
               "%.0f resolved\n", seed, m, 1000.0 * (double)m / (double)nt, n_resolved);
        printf("Word of mouth: %.0f satisfied (repeat) customers x 8 leads, 1 in 8 closing: %.0f "
               "referred customers worth $%.2f each (mean gross profit; no acquisition cost) = $%.0f;\n"
               "  %.0f negative exposures from %.0f unresolved complainers; net %.0f\n\n",
               satisfied, ref.referred, profit_per, ref.value, ref.negative_exposures,
               (double)m - n_resolved, ref.net_word_of_mouth);
        free(who), free(opened), free(resolved);
    }

    /* ---- the retention-profit chain ---- */
    {
        /* year 1: mean gross profit per customer in their first 365 days; year 2: the same,
         * annualised from the first 91 days of the second year, among customers who bought
         * then (the log ends 15 months after the last acquisition); the growth driver is the
         * difference */
        double y1 = 0.0, y2 = 0.0, n2 = 0.0, drivers[2 * CSAT_PROFIT_N_DRIVERS] = {0};
        double rates[5] = {0.5, 0.6, 0.7, 0.8, 0.9}, val[5], gain[5];
        unsigned char *active2 = ex_alloc(nc, 1);
        memset(active2, 0, nc);
        for (size_t i = 0; i < nt; i++) {
            size_t lo = index_of(cid, nc, t.id[i]);
            double p = t.amount[i] - cost[i], d = t.day[i] - first[lo];
            if (d < 365.0)
                y1 += p;
            else if (d < 456.0) {
                y2 += p;
                if (!active2[lo]) {
                    active2[lo] = 1;
                    n2 += 1.0;
                }
            }
        }
        y1 /= (double)nc;
        y2 = n2 > 0 ? y2 / n2 * (365.0 / 91.0) : 0.0;
        drivers[CSAT_PROFIT_BASE] = y1;
        drivers[CSAT_PROFIT_N_DRIVERS + CSAT_PROFIT_BASE] = y1;
        drivers[CSAT_PROFIT_N_DRIVERS + CSAT_PROFIT_GROWTH] = y2 - y1;
        ex_check(csat_retention_profit_table(drivers, 2, acq, rates, 5, 0.5, 0.10, 20, val, gain,
                                             &ex_err),
                 "csat_retention_profit_table", NULL);
        printf("Retention-profit chain: year-1 gross profit $%.2f per customer, year 2+ $%.2f "
               "(base + growth),\nacquisition $%.2f, discount 10%%, 20 years:\n", y1, y2, acq);
        printf("  %-9s %10s %12s\n", "retention", "value", "gain vs 50%");
        for (int k = 0; k < 5; k++)
            printf("  %8.0f%% %10.2f %11.1f%%\n", 100.0 * rates[k], val[k], 100.0 * gain[k]);
        {
            double r5[1] = {0.85}, v5, g5;
            ex_check(csat_retention_profit_table(drivers, 2, acq, r5, 1, 0.80, 0.10, 20, &v5, &g5,
                                                 &ex_err),
                     "csat_retention_profit_table", NULL);
            printf("Five points more retention (80%% -> 85%%): customer value +%.1f%%\n",
                   100.0 * g5);
        }
        free(active2);
    }
    csat_customers_free(store);
    ex_free_transactions(&t);
    free(cid), free(first), free(grp), free(cost), free(band);
    return 0;
}
