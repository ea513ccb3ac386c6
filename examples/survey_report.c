/*
 * survey_report: read a survey CSV (default: the bundled synthetic
 * tests/data/survey.csv, made by tests/data/make_survey.py) and print a
 * satisfaction and loyalty report: Kano categories with Better/Worse,
 * SERVQUAL gaps by dimension, zone of tolerance, IPA quadrants, NPS with its
 * intervals, CSAT, loyalty types, retention forecast and complaint iceberg.
 *
 * Usage: survey_report [survey.csv] [complaints received]
 */
#include <csat.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 160
#define MAX_NAME 32

typedef struct table {
    char names[MAX_COLS][MAX_NAME];
    size_t n_cols, n_rows;
    double *cells; /* row-major; empty field = NaN */
} table;

static int read_csv(const char *path, table *t)
{
    FILE *f = fopen(path, "r");
    char line[8192];
    size_t cap = 0;
    memset(t, 0, sizeof *t);
    if (!f)
        return -1;
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return -1;
    }
    for (char *tok = strtok(line, ",\r\n"); tok && t->n_cols < MAX_COLS; tok = strtok(NULL, ",\r\n"))
        snprintf(t->names[t->n_cols++], MAX_NAME, "%s", tok);
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        if (t->n_rows == cap) {
            double *grown;
            cap = cap ? 2 * cap : 256;
            grown = realloc(t->cells, cap * t->n_cols * sizeof *grown);
            if (!grown) {
                fclose(f);
                return -1;
            }
            t->cells = grown;
        }
        for (size_t j = 0; j < t->n_cols; j++) {
            char *end;
            double v = strtod(p, &end);
            t->cells[t->n_rows * t->n_cols + j] = end == p ? NAN : v;
            p = strchr(end, ',');
            p = p ? p + 1 : end;
        }
        t->n_rows++;
    }
    fclose(f);
    return 0;
}

/* Copy the columns named prefix1..prefixK into a row-major n x K matrix. */
static double *columns(const table *t, const char *prefix, size_t k)
{
    double *m = malloc(t->n_rows * k * sizeof *m);
    if (!m)
        return NULL;
    for (size_t c = 0; c < k; c++) {
        char name[MAX_NAME];
        size_t j = 0;
        if (k == 1)
            snprintf(name, sizeof name, "%s", prefix);
        else
            snprintf(name, sizeof name, "%s%zu", prefix, c + 1);
        while (j < t->n_cols && strcmp(t->names[j], name) != 0)
            j++;
        if (j == t->n_cols) {
            fprintf(stderr, "column %s missing\n", name);
            free(m);
            return NULL;
        }
        for (size_t i = 0; i < t->n_rows; i++)
            m[i * k + c] = t->cells[i * t->n_cols + j];
    }
    return m;
}

static void mean_columns(const double *m, size_t n, size_t k, double *mean)
{
    for (size_t c = 0; c < k; c++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += m[i * k + c];
        mean[c] = s / (double)n;
    }
}

static int fail(const char *what, csat_status st)
{
    fprintf(stderr, "%s: %s\n", what, csat_strerror(st));
    return 1;
}

static const char *const dim_names[5] = {"Tangibles", "Reliability", "Responsiveness", "Assurance",
                                         "Empathy"};

static int report_kano(const table *t)
{
    static const char *const features[4] = {"Mobile app", "Loyalty perks", "Secure payment",
                                            "Gift wrapping"};
    double *f = columns(t, "kano_f", 4), *d = columns(t, "kano_d", 4);
    csat_kano_result r[4];
    csat_kano_options o = CSAT_KANO_OPTIONS_INIT;
    csat_kano_category near[4];
    csat_status st;
    if (!f || !d)
        return 1;
    o.rule = CSAT_KANO_RULE_NEAR_TIE;
    st = csat_kano_survey(f, d, t->n_rows, 4, &o, r, NULL);
    for (int k = 0; st == CSAT_OK && k < 4; k++)
        near[k] = r[k].category;
    if (st == CSAT_OK)
        st = csat_kano_survey(f, d, t->n_rows, 4, NULL, r, NULL);
    free(f);
    free(d);
    if (st != CSAT_OK)
        return fail("kano", st);
    printf("KANO (%zu respondents; A attractive, O one-dimensional, M must-be, I indifferent)\n",
           t->n_rows);
    printf("  %-16s %4s %4s %4s %4s %4s %4s  mode near-tie  Better   Worse    TS    CS  Fong\n",
           "feature", "A", "O", "M", "I", "R", "Q");
    for (int k = 0; k < 4; k++) {
        printf("  %-16s", features[k]);
        for (int c = 0; c < CSAT_KANO_N_CATEGORIES; c++)
            printf(" %4.0f", r[k].counts[c]);
        printf("  %4c %8c  %6.3f  %6.3f  %4.0f%% %4.0f%%  %s\n", "AOMIRQ"[r[k].category],
               "AOMIRQ"[near[k]], r[k].better, r[k].worse, 100 * r[k].total_strength,
               100 * r[k].category_strength, r[k].fong_significant ? "sig." : "n.s.");
    }
    return 0;
}

static int report_servqual(const table *t)
{
    double *P = columns(t, "sq_p", 22), *E = columns(t, "sq_e", 22), *W = columns(t, "sq_w", 5);
    double dim[5], se[5];
    csat_servqual_options o = CSAT_SERVQUAL_OPTIONS_INIT;
    csat_servqual_result r;
    csat_status st;
    if (!P || !E || !W)
        return 1;
    o.nan_policy = CSAT_NAN_SKIP;
    st = csat_servqual(P, E, t->n_rows, 22, W, &o, NULL, NULL, dim, se, NULL, NULL, &r, NULL);
    free(P);
    free(E);
    free(W);
    if (st != CSAT_OK)
        return fail("servqual", st);
    printf("\nSERVQUAL gaps P - E (1..7; %zu missing answers skipped)\n", r.n_skipped);
    for (int k = 0; k < 5; k++)
        printf("  %-16s %7.3f  (SE %.3f)\n", dim_names[k], dim[k], se[k]);
    printf("  %-16s %7.3f  (SE %.3f, %zu complete respondents)\n", "unweighted", r.overall,
           r.overall_se, r.n_complete);
    printf("  %-16s %7.3f  (SE %.3f, respondents' 100-point weights)\n", "weighted", r.weighted,
           r.weighted_se);
    return 0;
}

static int report_zot(const table *t)
{
    static const char *const pos[3] = {"BELOW", "within", "ABOVE"};
    double *A = columns(t, "zot_a", 5), *D = columns(t, "zot_d", 5), *P = columns(t, "zot_p", 5);
    size_t map[5] = {0, 1, 2, 3, 4};
    csat_servqual_options o = CSAT_SERVQUAL_OPTIONS_INIT;
    csat_zot_result r[5];
    csat_status st;
    if (!A || !D || !P)
        return 1;
    o.scale.min = 1;
    o.scale.max = 9;
    o.item_dimension = map;
    st = csat_zot(A, D, P, t->n_rows, 5, &o, r, NULL, NULL);
    free(A);
    free(D);
    free(P);
    if (st != CSAT_OK)
        return fail("zot", st);
    printf("\nZONE OF TOLERANCE (1..9: adequate A, desired D, perceived P)\n");
    printf("  %-16s %5s %5s %5s %6s %6s  %-7s below within above\n", "dimension", "A", "D", "P",
           "MSA", "MSS", "mean");
    for (int k = 0; k < 5; k++)
        printf("  %-16s %5.2f %5.2f %5.2f %6.2f %6.2f  %-7s %4.0f%% %5.0f%% %4.0f%%\n", dim_names[k],
               r[k].adequate, r[k].desired, r[k].perceived, r[k].msa, r[k].mss,
               pos[r[k].position + 1], 100.0 * (double)r[k].n_below / (double)r[k].n,
               100.0 * (double)r[k].n_within / (double)r[k].n,
               100.0 * (double)r[k].n_above / (double)r[k].n);
    return 0;
}

static int report_ipa(const table *t)
{
    static const char *const attrs[5] = {"Delivery speed", "Product range", "Price",
                                         "Store layout", "Staff advice"};
    static const char *const quad[4] = {"concentrate here", "keep up the good work",
                                        "low priority", "possible overkill"};
    double *I = columns(t, "imp", 5), *P = columns(t, "perf", 5), *Y = columns(t, "overall", 1);
    double im[5], pm[5], derived[5], ic, pc;
    csat_ipa_result r[5];
    csat_status st;
    if (!I || !P || !Y)
        return 1;
    mean_columns(I, t->n_rows, 5, im);
    mean_columns(P, t->n_rows, 5, pm);
    st = csat_ipa(im, pm, 5, NULL, r, &ic, &pc, NULL);
    if (st == CSAT_OK)
        st = csat_importance_derived(P, Y, t->n_rows, 5, CSAT_IMPORTANCE_REGRESSION, CSAT_NAN_ERROR,
                                     NULL, derived, NULL);
    free(I);
    free(P);
    free(Y);
    if (st != CSAT_OK)
        return fail("ipa", st);
    printf("\nIMPORTANCE-PERFORMANCE (1..5; crosshair at the means I %.2f, P %.2f)\n", ic, pc);
    printf("  %-16s %5s %5s  %-22s %6s  %s\n", "attribute", "I", "P", "quadrant", "I - P",
           "derived (regression on overall)");
    for (int k = 0; k < 5; k++)
        printf("  %-16s %5.2f %5.2f  %-22s %6.2f%s %6.3f\n", attrs[k], im[k], pm[k],
               quad[r[k].quadrant], r[k].gap, r[k].diagonal_priority ? "*" : " ", derived[k]);
    printf("  (* above the diagonal: importance exceeds performance)\n");
    return 0;
}

static int report_nps_csat(const table *t)
{
    static const char *const methods[3] = {"Wald", "adjusted Wald", "score"};
    double *x = columns(t, "nps", 1), *c = columns(t, "csat", 1);
    csat_nps_result n;
    csat_share_result s;
    csat_status st;
    csat_error err; /* the details of a failure: which argument, which row */
    if (!x || !c)
        return 1;
    st = csat_nps(x, t->n_rows, NULL, &n, &err);
    if (st == CSAT_OK) {
        csat_scale s5 = {1, 5, 0};
        st = csat_csat(c, t->n_rows, &s5, 4, CSAT_NAN_ERROR, &s, &err);
    }
    free(x);
    free(c);
    if (st != CSAT_OK) {
        /* e.g. "answers[12] = 11 is off the scale [0, 10]": row 12 of the survey */
        fprintf(stderr, "nps/csat: %s\n", err.message);
        return 1;
    }
    printf("\nNPS %.1f points  (promoters %.0f, passives %.0f, detractors %.0f; SE %.2f)\n", n.score,
           n.promoters, n.passives, n.detractors, n.se);
    for (int m = 0; m < 3; m++) {
        csat_nps_interval ci;
        st = csat_nps_interval_counts(n.promoters, n.passives, n.detractors,
                                      (csat_nps_interval_method)m, 0.95, 1, 0, &ci, NULL);
        if (st != CSAT_OK)
            return fail("nps interval", st);
        printf("  95%% %-14s [%6.1f, %6.1f]\n", methods[m], ci.lower, ci.upper);
    }
    printf("\nCSAT (top-2 box of 1..5) %.1f%%  (SE %.1f, %zu of %zu)\n", s.percent, s.se, s.count,
           s.n);
    return 0;
}

static int report_loyalty(const table *t, double complaints)
{
    static const char *const types[6] = {"loyalist", "apostle", "mercenary", "hostage", "defector",
                                         "terrorist"};
    double *s = columns(t, "csat", 1), *l = columns(t, "repurchase", 1);
    csat_jones_sasser *js = malloc(t->n_rows * sizeof *js);
    size_t count[6] = {0};
    double ratings[5] = {1, 2, 3, 4, 5}, dist[5] = {0};
    csat_satisfaction_retention_result rr;
    csat_iceberg_result ib;
    csat_status st;
    if (!s || !l || !js)
        return 1;
    st = csat_jones_sasser_classify(s, l, t->n_rows, NULL, js, NULL);
    for (size_t i = 0; st == CSAT_OK && i < t->n_rows; i++) {
        count[js[i]]++;
        dist[(int)s[i] - 1] += 1;
    }
    if (st == CSAT_OK)
        st = csat_satisfaction_retention_forecast(ratings, dist, 5, NULL, 0, 120.0, &rr, NULL);
    if (st == CSAT_OK)
        st = csat_iceberg(complaints, 120.0, 60.0, NULL, &ib, NULL);
    free(s);
    free(l);
    free(js);
    if (st != CSAT_OK)
        return fail("loyalty", st);
    printf("\nLOYALTY TYPES (Jones & Sasser: satisfaction x repurchase intention, high >= 4)\n");
    for (int k = 0; k < 6; k++)
        printf("  %-10s %4zu  (%4.1f%%)\n", types[k], count[k],
               100.0 * (double)count[k] / (double)t->n_rows);
    printf("\nONE-YEAR RETENTION (textbook table) of %.0f customers: %.0f expected (%.0f-%.0f),"
           " revenue %.0f at 120 per customer\n",
           rr.customers, rr.retained_mid, rr.retained_low, rr.retained_high, rr.revenue_mid);
    printf("\nCOMPLAINT ICEBERG (TARP defaults) for %.0f complaints: %.0f dissatisfied, %.0f silent,"
           " %.0f lost,\n  %.0f word-of-mouth exposures, revenue at risk %.0f, replacing them costs"
           " %.0f (keeping them %.0f)\n",
           complaints, ib.dissatisfied, ib.silent, ib.lost, ib.word_of_mouth, ib.revenue_at_risk,
           ib.replacement_cost, ib.retention_cost);
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : CSAT_EXAMPLE_DATA_DIR "/survey.csv";
    double complaints = argc > 2 ? atof(argv[2]) : 10.0;
    table t;
    int bad;
    if (read_csv(path, &t) != 0 || t.n_rows == 0) {
        fprintf(stderr, "cannot read %s\n", path);
        free(t.cells);
        return 1;
    }
    printf("Survey report for %s\n\n", path);
    bad = report_kano(&t) || report_servqual(&t) || report_zot(&t) || report_ipa(&t)
          || report_nps_csat(&t) || report_loyalty(&t, complaints);
    free(t.cells);
    return bad;
}
