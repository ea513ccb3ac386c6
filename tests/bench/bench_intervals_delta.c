/*
 * Delta-method intervals (issue 15 §4) on CDNOW (2,357 customers): CPU time
 * per call of csat_btyd_intervals for P(alive), E[X(T, T+39)] and DERT
 * (delta = 0.0027 per week) of BG/NBD, Pareto/NBD and MBG/NBD, with the
 * customer equity-style total and two rows' bounds (to compare the analytic
 * gradients with the numerical ones of an older build: the same program
 * linked against it); then the Gamma-Gamma expected spend and sBG S(t) by
 * each method. Run: meson test -C build --benchmark -v intervals_delta
 */
#include "csat.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double cpu(void) { return (double)clock() / CLOCKS_PER_SEC; }
int main(int argc, char **argv)
{
    double *c[5]; size_t n = 0; char line[256];
    FILE *f = fopen(argc > 1 ? argv[1] : CSAT_BENCH_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", "rb");
    if (!f) return 1;
    for (int j = 0; j < 5; j++) c[j] = malloc(4096 * sizeof(double));
    if (!fgets(line, sizeof line, f)) return 1;
    while (n < 4096 && fgets(line, sizeof line, f))
        if (sscanf(line, "%lf,%lf,%lf,%lf,%lf", &c[0][n], &c[1][n], &c[2][n], &c[3][n], &c[4][n]) == 5) n++;
    double *e = malloc(n * 8), *l = malloc(n * 8), *u = malloc(n * 8), tot[3];
    const char *qn[3] = {"P(alive)", "E[X(39)]", "DERT"};
    const double arg[3] = {0, 39, 0.0027};
    for (int kind = CSAT_BTYD_BGNBD; kind <= CSAT_BTYD_MBGNBD; kind++) {
        csat_btyd_model *m;
        if (csat_btyd_new(&m, NULL, kind) || csat_btyd_fit(m, c[1], c[2], c[3], NULL, n, NULL)) return 1;
        for (int q = 0; q < 3; q++) {
            csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
            int reps = 0; double t0 = cpu(), t;
            do {
                if (csat_btyd_intervals(m, q, arg[q], c[1], c[2], c[3], NULL, n, &o, e, l, u, tot)) {
                    fprintf(stderr, "%s\n", csat_btyd_last_error(m)); return 1; }
                reps++;
            } while ((t = cpu() - t0) < 1.0);
            printf("kind %d %-9s delta %8.3f ms  total %.12g [%.12g, %.12g] row1 [%.12g, %.12g] row5 [%.12g, %.12g]\n",
                   kind, qn[q], 1e3 * t / reps, tot[0], tot[1], tot[2], l[1], u[1], l[5], u[5]);
        }
        csat_btyd_free(m);
    }
    /* Gamma-Gamma expected spend and sBG (Fader & Hardie 2007's regular
     * cohort): each method once (1,000 draws or refits) */
    {
        static const char *mn[3] = {"delta", "parametric (1000 draws)", "resample (1000 refits)"};
        static const double surv[8] = {1000, 631, 468, 382, 326, 289, 262, 241};
        double d[8], ch[8], cn[8], ts[3] = {1, 5, 12}, se[3], sl[3], su[3];
        csat_spend_model *s;
        csat_sbg *g;
        for (int k = 1; k < 8; k++)
            d[k - 1] = k, ch[k - 1] = 1, cn[k - 1] = surv[k - 1] - surv[k];
        d[7] = 7, ch[7] = 0, cn[7] = surv[7];
        if (csat_spend_new(&s, NULL) || csat_spend_fit(s, c[1], c[4], NULL, n, NULL)) return 1;
        if (csat_sbg_new(&g, NULL) || csat_sbg_fit_survivors(g, surv, 8, NULL)) return 1;
        for (int method = 0; method < 3; method++) {
            csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
            double t0 = cpu();
            o.method = (csat_interval_method)method;
            if (csat_spend_intervals(s, c[1], c[4], NULL, n, &o, e, l, u, tot)) {
                fprintf(stderr, "%s\n", csat_spend_last_error(s)); return 1; }
            printf("Gamma-Gamma spend %-24s %8.3f s CPU  total %.1f [%.1f, %.1f]\n", mn[method], cpu() - t0, tot[0],
                   tot[1], tot[2]);
            t0 = cpu();
            if (csat_sbg_intervals(g, CSAT_SBG_SURVIVAL, ts, 3, 0, d, ch, cn, 8, &o, se, sl, su)) {
                fprintf(stderr, "%s\n", csat_sbg_last_error(g)); return 1; }
            printf("sBG S(12)         %-24s %8.3f s CPU  %.4f [%.4f, %.4f]\n", mn[method], cpu() - t0, se[2], sl[2],
                   su[2]);
        }
        csat_spend_free(s);
        csat_sbg_free(g);
    }
    return 0;
}
