/*
 * BG/NBD and MBG/NBD DERT delta-method gradients (issue 15 §4, ggomiv): CPU
 * time per CDNOW customer of the analytic gradient (csat__iv_grad_row, as
 * csat_btyd_intervals uses it) and of the numerical one it replaced
 * (Richardson-extrapolated central differences in each log-parameter, h =
 * 1e-3: 16 DERT evaluations), interleaved in one process, with the
 * largest difference between the two; then one public delta call.
 * Run: meson test -C build --benchmark -v dert_grad
 */
#include "btyd/btyd_intervals.h"
#include "btyd/btyd_internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu(void) { return (double)clock() / CLOCKS_PER_SEC; }

static void numeric(const double *p, double dl, double x, double tx, double T, int m, double *g)
{
    double q[4] = {p[0], p[1], p[2], p[3]};
    for (int j = 0; j < 4; j++) {
        double d[2];
        for (int k = 0; k < 2; k++) {
            const double h = k ? 5e-4 : 1e-3;
            q[j] = p[j] * exp(h);
            const double fa = csat__bgnbd_dert(q, dl, x, tx, T, m);
            q[j] = p[j] * exp(-h);
            const double fb = csat__bgnbd_dert(q, dl, x, tx, T, m);
            q[j] = p[j];
            d[k] = (fa - fb) / (2 * h);
        }
        g[j] = (4 * d[1] - d[0]) / 3;
    }
}

int main(void)
{
    double *c[5];
    size_t n = 0;
    char line[256];
    FILE *f = fopen(CSAT_BENCH_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", "rb");
    if (!f)
        return 1;
    for (int j = 0; j < 5; j++)
        c[j] = malloc(4096 * sizeof(double));
    if (!fgets(line, sizeof line, f))
        return 1;
    while (n < 4096 && fgets(line, sizeof line, f))
        if (sscanf(line, "%lf,%lf,%lf,%lf,%lf", &c[0][n], &c[1][n], &c[2][n], &c[3][n], &c[4][n]) == 5)
            n++;
    fclose(f);
    static const double ps[2][4] = {{0.243, 4.414, 0.793, 2.426}, {0.525, 6.183, 0.891, 1.614}};
    for (int m = 0; m < 2; m++) {
        double ta = 0, tn = 0, worst = 0;
        for (int rep = 0; rep < 2; rep++) /* interleaved: analytic, numerical, analytic, numerical */
            for (int which = 0; which < 2; which++) {
                double t0 = cpu();
                for (size_t i = 0; i < n; i++) {
                    double g[4], h[4], gmax = 0;
                    if (which == 0) {
                        csat__iv_grad_row(m ? CSAT_BTYD_MBGNBD : CSAT_BTYD_BGNBD, CSAT_PREDICT_DERT, 0.0027, ps[m],
                                          c[1][i], c[2][i], c[3][i], g);
                    } else {
                        numeric(ps[m], 0.0027, c[1][i], c[2][i], c[3][i], m, h);
                        if (rep == 0) {
                            csat__iv_grad_row(m ? CSAT_BTYD_MBGNBD : CSAT_BTYD_BGNBD, CSAT_PREDICT_DERT, 0.0027,
                                              ps[m], c[1][i], c[2][i], c[3][i], g);
                            for (int j = 0; j < 4; j++)
                                gmax = fmax(gmax, fabs(h[j]));
                            for (int j = 0; j < 4; j++)
                                worst = fmax(worst, fabs(g[j] - h[j]) / gmax);
                        }
                    }
                }
                if (which == 0)
                    ta += cpu() - t0;
                else
                    tn += cpu() - t0;
            }
        printf("%s DERT gradient, %zu CDNOW rows: analytic %.1f ms, numerical %.1f ms (%.2fx); "
               "largest difference %.2g of the gradient\n",
               m ? "MBG/NBD" : "BG/NBD", n, 1e3 * ta / 2, 1e3 * tn / 2, tn / ta, worst);
    }
    for (int j = 0; j < 5; j++)
        free(c[j]);
    return 0;
}
