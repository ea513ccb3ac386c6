#define _POSIX_C_SOURCE 200809L
/* Threads (issue 18): the 1,000,000 x 10 logistic fit (bench_logistic's
 * data) and the 1,000,000 x 10 Efron Cox fit (bench_cox's data) at 1 and 2
 * threads, interleaved in one process (1, 2, 1, 2, ...), best of 3 each;
 * prints both wall times, the ratio, and whether the coefficients are
 * bit-identical (they must be). Target: logistic 2 threads >= 1.8x 1 thread
 * on a quiet 2-core machine. Optional argument: "logistic" or "cox" only. */
#include <csat.h>
#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K = 10, REPS = 3 };

static double normal(uint64_t *s)
{
    return sqrt(-2.0 * log(unif(s))) * cos(6.283185307179586 * unif(s));
}

static void report(const char *what, const double best[2], const double cpu[2], int same)
{
    printf("%s: 1 thread %.3f s wall (%.3f s CPU), 2 threads %.3f s wall (%.3f s CPU): "
           "speed-up %.2fx; coefficients %s\n", what, best[0], cpu[0], best[1], cpu[1],
           best[0] / best[1], same ? "bit-identical" : "DIFFER");
}

static int bench_logistic(void)
{
    const size_t n = 1000000;
    double *X = malloc(n * K * sizeof *X), *y = malloc(n * sizeof *y);
    double coef[2][K + 1], best[2] = {1e9, 1e9}, cpu[2] = {1e9, 1e9};
    uint64_t s = 42;
    csat_logistic *m[2];
    if (!X || !y || csat_logistic_new(&m[0], NULL) != CSAT_OK || csat_logistic_new(&m[1], NULL) != CSAT_OK)
        return 1;
    for (size_t i = 0; i < n; i++) {
        double eta = -1.0;
        for (int j = 0; j < K; j++) {
            double z = normal(&s);
            X[i * K + j] = z;
            eta += (j % 2 ? -0.4 : 0.5) * z / (1 + j / 4);
        }
        y[i] = unif(&s) < 1.0 / (1.0 + exp(-eta));
    }
    for (int t = 0; t < 2; t++) {
        csat_parallel_options o = CSAT_PARALLEL_OPTIONS_INIT;
        o.n_threads = (size_t)t + 1;
        if (csat_logistic_set_parallel(m[t], &o) != CSAT_OK)
            return 1;
    }
    for (int r = 0; r < REPS; r++)
        for (int t = 0; t < 2; t++) {
            double t0 = now(), c0 = cpu_now(), dt;
            if (csat_logistic_fit(m[t], X, n, K, y, NULL, NULL) != CSAT_OK) {
                fprintf(stderr, "logistic fit failed: %s\n", csat_logistic_last_error(m[t]));
                return 1;
            }
            dt = now() - t0;
            best[t] = dt < best[t] ? dt : best[t];
            dt = cpu_now() - c0;
            cpu[t] = dt < cpu[t] ? dt : cpu[t];
            csat_logistic_coef(m[t], coef[t], NULL, K + 1);
        }
    report("logistic 1,000,000 x 10", best, cpu, memcmp(coef[0], coef[1], sizeof coef[0]) == 0);
    csat_logistic_free(m[0]);
    csat_logistic_free(m[1]);
    free(X), free(y);
    return 0;
}

static int bench_cox(void)
{
    const size_t n = 1000000;
    double *X = malloc(n * K * sizeof *X), *t = malloc(n * sizeof *t), *e = malloc(n * sizeof *e);
    double coef[2][K], best[2] = {1e9, 1e9}, cpu[2] = {1e9, 1e9};
    uint64_t s = 15;
    csat_cox *m[2];
    if (!X || !t || !e || csat_cox_new(&m[0], NULL) != CSAT_OK || csat_cox_new(&m[1], NULL) != CSAT_OK)
        return 1;
    for (size_t i = 0; i < n; i++) { /* bench_cox's data */
        double eta = 0.0, life, cens;
        for (int j = 0; j < K; j++) {
            double z = normal(&s);
            X[i * K + j] = z;
            eta += (j % 2 ? -0.4 : 0.5) * z / (1 + j / 4);
        }
        life = ceil(-log(unif(&s)) / (0.004 * exp(eta)));
        cens = ceil(365.0 * unif(&s));
        t[i] = life < cens ? life : cens;
        e[i] = life < cens;
    }
    for (int k = 0; k < 2; k++) {
        csat_parallel_options o = CSAT_PARALLEL_OPTIONS_INIT;
        o.n_threads = (size_t)k + 1;
        if (csat_cox_set_parallel(m[k], &o) != CSAT_OK)
            return 1;
    }
    for (int r = 0; r < REPS; r++)
        for (int k = 0; k < 2; k++) {
            double t0 = now(), c0 = cpu_now(), dt;
            if (csat_cox_fit(m[k], X, n, K, NULL, t, e, NULL, NULL, NULL, NULL, NULL) != CSAT_OK) {
                fprintf(stderr, "cox fit failed: %s\n", csat_cox_last_error(m[k]));
                return 1;
            }
            dt = now() - t0;
            best[k] = dt < best[k] ? dt : best[k];
            dt = cpu_now() - c0;
            cpu[k] = dt < cpu[k] ? dt : cpu[k];
            csat_cox_coef(m[k], coef[k], NULL, NULL, K);
        }
    report("cox (Efron) 1,000,000 x 10", best, cpu, memcmp(coef[0], coef[1], sizeof coef[0]) == 0);
    csat_cox_free(m[0]);
    csat_cox_free(m[1]);
    free(X), free(t), free(e);
    return 0;
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : "";
    printf("csat_parallel_cpu_count() = %zu\n", csat_parallel_cpu_count());
    if ((!*only || strcmp(only, "logistic") == 0) && bench_logistic() != 0)
        return 1;
    if ((!*only || strcmp(only, "cox") == 0) && bench_cox() != 0)
        return 1;
    return 0;
}
