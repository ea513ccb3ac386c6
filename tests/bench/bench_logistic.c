#define _POSIX_C_SOURCE 200809L
/* Logistic regression on 1,000,000 x 10 synthetic rows (standard normal
 * features, true coefficients 0.5, -0.4, ..., intercept -1). Prints the best
 * of 3 fits, the log-likelihood and max |score| at the solution.
 * With the argument --r (issue 15 section 5) it also fits the bundled Telco
 * data (best of 20), writes the synthetic data to a temporary CSV and runs
 * tests/bench/logistic_glm_bench.R: R's glm(binomial) on the same data, side
 * by side, with the largest coefficient difference. */
#include <csat.h>
#include "bench_util.h"
#include "../retention/telco_load.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef CSAT_BENCH_DATA_DIR
#  define CSAT_BENCH_DATA_DIR "tests/data"
#endif

/* Best of reps fits of X (n x k): wall and CPU seconds; the coefficients into coef. */
static int timed_fits(csat_logistic *m, const double *X, size_t n, size_t k, const double *y,
                      int reps, double *wall, double *cpu, double *coef, csat_fit_report *rep)
{
    *wall = *cpu = 1e9;
    for (int r = 0; r < reps; r++) {
        double t0 = now(), c0 = cpu_now(), dt;
        if (csat_logistic_fit(m, X, n, k, y, NULL, rep) != CSAT_OK) {
            fprintf(stderr, "fit failed: %s\n", csat_logistic_last_error(m));
            return -1;
        }
        dt = now() - t0;
        *wall = dt < *wall ? dt : *wall;
        dt = cpu_now() - c0;
        *cpu = dt < *cpu ? dt : *cpu;
    }
    return csat_logistic_coef(m, coef, NULL, k + 1) == CSAT_OK ? 0 : -1;
}

/* R's glm on the same data (--r). */
static int side_by_side_r(csat_logistic *m, const double *X, size_t n, const double *y,
                          double wall, double cpu, const double *coef)
{
    enum { K = 10 };
    char csv[] = "/tmp/csat_bench_logit_XXXXXX", res[] = "/tmp/csat_bench_logit_res_XXXXXX";
    char cmd[1024];
    int fd = mkstemp(csv), fr = mkstemp(res), rc = 0;
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL, *fres = fr >= 0 ? fdopen(fr, "w") : NULL;
    telco t;
    double tc[TELCO_K + 1], tw, tcpu;
    csat_fit_report rep;
    if (!f || !fres || telco_load(CSAT_BENCH_DATA_DIR "/telco_churn.csv", &t) != 0)
        return -1;
    if (timed_fits(m, t.X, t.n, TELCO_K, t.churned, 20, &tw, &tcpu, tc, &rep) != 0)
        return -1;
    printf("logistic Telco %zu x %d: best of 20 %.4f s wall, %.4f s CPU, Newton iterations %zu\n",
           t.n, TELCO_K, tw, tcpu, rep.iterations);
    fprintf(f, "y");
    for (int j = 0; j < K; j++)
        fprintf(f, ",x%d", j);
    fprintf(f, "\n");
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%.0f", y[i]);
        for (int j = 0; j < K; j++)
            fprintf(f, ",%.17g", X[i * K + j]);
        fprintf(f, "\n");
    }
    fclose(f);
    fprintf(fres, "synthetic %.6f %.6f", wall, cpu);
    for (int j = 0; j <= K; j++)
        fprintf(fres, " %.17g", coef[j]);
    fprintf(fres, "\ntelco %.6f %.6f", tw, tcpu);
    for (int j = 0; j <= TELCO_K; j++)
        fprintf(fres, " %.17g", tc[j]);
    fprintf(fres, "\n");
    fclose(fres);
    fflush(stdout);
    snprintf(cmd, sizeof cmd, "Rscript %s/../bench/logistic_glm_bench.R %s %s/telco_churn.csv %s",
             CSAT_BENCH_DATA_DIR, csv, CSAT_BENCH_DATA_DIR, res);
    if (system(cmd) != 0) {
        fprintf(stderr, "Rscript failed (is R installed?)\n");
        rc = -1;
    }
    remove(csv);
    remove(res);
    telco_free(&t);
    return rc;
}

int main(int argc, char **argv)
{
    enum { K = 10 };
    const size_t n = 1000000;
    double *X = malloc(n * K * sizeof *X), *y = malloc(n * sizeof *y), *p = malloc(n * sizeof *p);
    double coef[K + 1], best = 1e9, best_cpu = 1e9, ll = 0, score[K + 1] = {0}, smax = 0;
    uint64_t s = 7;
    csat_logistic *m;
    csat_fit_report rep;
    if (!X || !y || !p || csat_logistic_new(&m, NULL) != CSAT_OK)
        return 1;
    for (size_t i = 0; i < n; i++) {
        double eta = -1.0;
        for (int j = 0; j < K; j++) {
            double z = sqrt(-2.0 * log(unif(&s))) * cos(6.283185307179586 * unif(&s));
            X[i * K + j] = z;
            eta += (j % 2 ? -0.4 : 0.5) * z / (1 + j / 4);
        }
        y[i] = unif(&s) < 1.0 / (1.0 + exp(-eta));
    }
    if (timed_fits(m, X, n, K, y, 3, &best, &best_cpu, coef, &rep) != 0)
        return 1;
    csat_logistic_log_likelihood(m, &ll, NULL);
    csat_logistic_predict(m, X, n, K, p);
    for (size_t i = 0; i < n; i++) {
        score[0] += y[i] - p[i];
        for (int j = 0; j < K; j++)
            score[1 + j] += X[i * K + j] * (y[i] - p[i]);
    }
    for (int j = 0; j <= K; j++)
        smax = fabs(score[j]) > smax ? fabs(score[j]) : smax;
    printf("logistic 1e6 x 10: %.4f s wall, %.4f s CPU (best of 3), LL = %.10f, max|score| = %.3g, "
           "Newton iterations %zu, passes %zu\n",
           best, best_cpu, ll, smax, rep.iterations, rep.evaluations);
    if (argc > 1 && strcmp(argv[1], "--r") == 0 &&
        side_by_side_r(m, X, n, y, best, best_cpu, coef) != 0)
        return 1;
    csat_logistic_free(m);
    free(X);
    free(y);
    free(p);
    return 0;
}
