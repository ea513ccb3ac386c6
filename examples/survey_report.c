/*
 * survey_report: a satisfaction and loyalty report of a survey CSV: Kano
 * categories with Better/Worse, SERVQUAL gaps by dimension, zone of
 * tolerance, IPA quadrants, NPS with its intervals, CSAT, loyalty types,
 * retention forecast and complaint iceberg. Run `survey_report --help`.
 */
#include <csat.h>

#include "example_util.h"

#ifndef CSAT_EXAMPLE_DATA_DIR
#define CSAT_EXAMPLE_DATA_DIR "tests/data"
#endif

static const char USAGE[] =
    "Usage: survey_report [options] [FILE]\n"
    "\n"
    "Satisfaction and loyalty report of a survey: Kano categories with Better/Worse,\n"
    "SERVQUAL gaps by dimension, zone of tolerance, importance-performance quadrants,\n"
    "NPS with three intervals, CSAT, Jones & Sasser loyalty types, a one-year retention\n"
    "forecast and the complaint iceberg.\n"
    "\n"
    "FILE is a CSV file, one respondent per line, with a header line naming the columns\n"
    "(any order; other columns are ignored; every line has as many fields as the header):\n"
    "  kano_f1..kano_f4, kano_d1..kano_d4  Kano functional/dysfunctional answers (1..5)\n"
    "  sq_e1..sq_e22, sq_p1..sq_p22        SERVQUAL expectations and perceptions (1..7)\n"
    "  sq_w1..sq_w5                        100-point weights of the 5 dimensions\n"
    "  zot_a1..zot_a5, zot_d1..zot_d5, zot_p1..zot_p5  adequate, desired, perceived (1..9)\n"
    "  imp1..imp5, perf1..perf5, overall   importance, performance, overall (1..5)\n"
    "  nps (0..10), csat (1..5), repurchase (1..5)\n"
    "Cells are numbers; an empty cell is a missing answer (skipped by SERVQUAL).\n"
    "Default FILE: " CSAT_EXAMPLE_DATA_DIR "/survey.csv (500 synthetic respondents)\n"
    "\n"
    "Options:\n"
    "  --complaints N  complaints received, for the complaint iceberg (default 10)\n"
    "  -h, --help      print this text and exit\n"
    "\n"
    "Exit status 0 on success; 1 with a message on stderr on any error (a file that\n"
    "cannot be opened, a malformed line, named as FILE:LINE, or a library error).\n";

typedef struct table {
    const char *path;
    char **names;
    long *line_of; /* the file line of each row */
    size_t n_cols, n_rows, cap_cells, cap_lines;
    double *cells; /* row-major; empty field = NaN */
} table;

static void read_csv(const char *path, table *t)
{
    FILE *f = ex_open(path);
    ex_line line = {0};
    ex_fields fl = {0};
    memset(t, 0, sizeof *t);
    t->path = path;
    if (!ex_read_line(f, &line))
        ex_fail("%s: empty file (expected a header line)", path);
    t->n_cols = ex_split(line.text, ",", &fl);
    t->names = ex_alloc(t->n_cols, sizeof *t->names);
    for (size_t j = 0; j < t->n_cols; j++) {
        t->names[j] = ex_alloc(strlen(fl.v[j]) + 1, 1);
        memcpy(t->names[j], fl.v[j], strlen(fl.v[j]) + 1);
    }
    while (ex_read_line(f, &line)) {
        size_t nf;
        if (line.text[0] == '\0')
            continue; /* blank line */
        nf = ex_split(line.text, ",", &fl);
        if (nf != t->n_cols)
            ex_line_fail(path, line.number, "expected %zu fields (as in the header), got %zu", t->n_cols, nf);
        if (t->n_cols > SIZE_MAX / (t->n_rows + 1))
            ex_fail("out of memory");
        ex_grow(&t->cells, &t->cap_cells, (t->n_rows + 1) * t->n_cols, sizeof *t->cells);
        ex_grow(&t->line_of, &t->cap_lines, t->n_rows + 1, sizeof *t->line_of);
        t->line_of[t->n_rows] = line.number;
        for (size_t j = 0; j < t->n_cols; j++) {
            double v = NAN;
            if (fl.v[j][0] != '\0' && !ex_number(fl.v[j], &v))
                ex_line_fail(path, line.number, "column %zu (%s): '%.60s' is not a number", j + 1, t->names[j],
                             fl.v[j]);
            t->cells[t->n_rows * t->n_cols + j] = v;
        }
        t->n_rows++;
    }
    ex_close_input(f, path, &line, &fl);
    if (t->n_rows == 0)
        ex_fail("%s: no respondents after the header line", path);
}

static void free_table(table *t)
{
    for (size_t j = 0; j < t->n_cols; j++)
        free(t->names[j]);
    free(t->names);
    free(t->cells);
    free(t->line_of);
}

/* Copy the columns named prefix1..prefixK into a row-major n x K matrix
 * (exits naming the column when the header lacks it). */
static double *columns(const table *t, const char *prefix, size_t k)
{
    double *m;
    if (k > SIZE_MAX / (t->n_rows ? t->n_rows : 1))
        ex_fail("out of memory");
    m = ex_alloc(t->n_rows * k, sizeof *m);
    for (size_t c = 0; c < k; c++) {
        char name[64];
        size_t j = 0;
        if (k == 1)
            snprintf(name, sizeof name, "%s", prefix);
        else
            snprintf(name, sizeof name, "%s%zu", prefix, c + 1);
        while (j < t->n_cols && strcmp(t->names[j], name) != 0)
            j++;
        if (j == t->n_cols)
            ex_line_fail(t->path, 1, "no column '%.60s' in the header (try --help)", name);
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
    o.rule = CSAT_KANO_RULE_NEAR_TIE;
    st = csat_kano_survey(f, d, t->n_rows, 4, &o, r, &ex_err);
    for (int k = 0; st == CSAT_OK && k < 4; k++)
        near[k] = r[k].category;
    if (st == CSAT_OK)
        st = csat_kano_survey(f, d, t->n_rows, 4, NULL, r, &ex_err);
    free(f);
    free(d);
    ex_check(st, "kano", NULL);
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
    o.nan_policy = CSAT_NAN_SKIP;
    st = csat_servqual(P, E, t->n_rows, 22, W, &o, NULL, NULL, dim, se, NULL, NULL, &r, &ex_err);
    free(P);
    free(E);
    free(W);
    ex_check(st, "servqual", NULL);
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
    o.scale.min = 1;
    o.scale.max = 9;
    o.item_dimension = map;
    st = csat_zot(A, D, P, t->n_rows, 5, &o, r, NULL, &ex_err);
    free(A);
    free(D);
    free(P);
    ex_check(st, "zone of tolerance", NULL);
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
    mean_columns(I, t->n_rows, 5, im);
    mean_columns(P, t->n_rows, 5, pm);
    st = csat_ipa(im, pm, 5, NULL, r, &ic, &pc, &ex_err);
    if (st == CSAT_OK)
        st = csat_importance_derived(P, Y, t->n_rows, 5, CSAT_IMPORTANCE_REGRESSION, CSAT_NAN_ERROR,
                                     NULL, derived, &ex_err);
    free(I);
    free(P);
    free(Y);
    ex_check(st, "ipa", NULL);
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
    st = csat_nps(x, t->n_rows, NULL, &n, &ex_err);
    if (st == CSAT_OK) {
        csat_scale s5 = {1, 5, 0};
        st = csat_csat(c, t->n_rows, &s5, 4, CSAT_NAN_ERROR, &s, &ex_err);
    }
    free(x);
    free(c);
    ex_check(st, "nps/csat", NULL);
    printf("\nNPS %.1f points  (promoters %.0f, passives %.0f, detractors %.0f; SE %.2f)\n", n.score,
           n.promoters, n.passives, n.detractors, n.se);
    for (int m = 0; m < 3; m++) {
        csat_nps_interval ci;
        st = csat_nps_interval_counts(n.promoters, n.passives, n.detractors,
                                      (csat_nps_interval_method)m, 0.95, 1, 0, &ci, &ex_err);
        if (st != CSAT_OK)
            ex_check(st, "nps interval", NULL);
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
    csat_jones_sasser *js = ex_alloc(t->n_rows, sizeof *js);
    size_t count[6] = {0};
    double ratings[5] = {1, 2, 3, 4, 5}, dist[5] = {0};
    csat_satisfaction_retention_result rr;
    csat_iceberg_result ib;
    csat_status st;
    for (size_t i = 0; i < t->n_rows; i++)
        if (!(s[i] >= 1 && s[i] <= 5 && s[i] == (double)(int)s[i]))
            ex_line_fail(t->path, t->line_of[i], "csat: '%g' is not a whole number in 1..5", s[i]);
    st = csat_jones_sasser_classify(s, l, t->n_rows, NULL, js, &ex_err);
    for (size_t i = 0; st == CSAT_OK && i < t->n_rows; i++) {
        count[js[i]]++;
        dist[(int)s[i] - 1] += 1;
    }
    if (st == CSAT_OK)
        st = csat_satisfaction_retention_forecast(ratings, dist, 5, NULL, 0, 120.0, &rr, &ex_err);
    if (st == CSAT_OK)
        st = csat_iceberg(complaints, 120.0, 60.0, NULL, &ib, &ex_err);
    free(s);
    free(l);
    free(js);
    ex_check(st, "loyalty", NULL);
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
    const char *path = CSAT_EXAMPLE_DATA_DIR "/survey.csv";
    double complaints = 10.0;
    table t;
    int bad;
    ex_start(argc, argv, "survey_report", USAGE);
    for (int i = 1, files = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--complaints") == 0) {
            complaints = ex_number_arg(a, ex_option_value(argc, argv, &i), 0, 1e15);
        } else {
            ex_file_argument(a, &path, &files);
        }
    }
    read_csv(path, &t);
    printf("Survey report for %s\n\n", path);
    bad = report_kano(&t) || report_servqual(&t) || report_zot(&t) || report_ipa(&t)
          || report_nps_csat(&t) || report_loyalty(&t, complaints);
    free_table(&t);
    return bad;
}
