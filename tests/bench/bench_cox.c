#define _POSIX_C_SOURCE 200809L
/* Cox regression on 1,000,000 customers x 10 covariates with tied times
 * (standard normal covariates, true coefficients 0.5, -0.4, ...; lifetimes
 * exponential, rounded up to whole days, censored uniformly over a year:
 * ~365 distinct times, so every event time is heavily tied). Prints the
 * best of 3 Efron fits (wall and CPU), the iterations and max |score|.
 * With the argument --r it also writes the data to a temporary CSV and
 * runs tests/bench/cox_coxph_bench.R on it: R's coxph on the same data,
 * side by side (target: libcsat >= 10x faster and < 1 s). */
#include <csat.h>
#include "bench_util.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CSAT_BENCH_SOURCE_DIR
#  define CSAT_BENCH_SOURCE_DIR "tests/bench"
#endif

int main(int argc, char **argv)
{
    enum { K = 10 };
    const size_t n = 1000000;
    double *X = malloc(n * K * sizeof *X), *t = malloc(n * sizeof *t), *e = malloc(n * sizeof *e);
    double coef[K], se[K], best = 1e9, best_cpu = 1e9, events = 0;
    uint64_t s = 15;
    csat_cox *m;
    csat_fit_report rep;
    int with_r = argc > 1 && strcmp(argv[1], "--r") == 0;
    if (!X || !t || !e || csat_cox_new(&m, NULL) != CSAT_OK)
        return 1;
    for (size_t i = 0; i < n; i++) {
        double eta = 0.0, life, cens;
        for (int j = 0; j < K; j++) {
            double z = sqrt(-2.0 * log(unif(&s))) * cos(6.283185307179586 * unif(&s));
            X[i * K + j] = z;
            eta += (j % 2 ? -0.4 : 0.5) * z / (1 + j / 4);
        }
        life = ceil(-log(unif(&s)) / (0.004 * exp(eta)));
        cens = ceil(365.0 * unif(&s));
        t[i] = life < cens ? life : cens;
        e[i] = life < cens;
        events += e[i];
    }
    for (int r = 0; r < 3; r++) {
        double t0 = now(), c0 = cpu_now(), dt;
        if (csat_cox_fit(m, X, n, K, NULL, t, e, NULL, NULL, NULL, NULL, &rep) != CSAT_OK) {
            fprintf(stderr, "fit failed: %s\n", csat_cox_last_error(m));
            return 1;
        }
        dt = now() - t0;
        best = dt < best ? dt : best;
        dt = cpu_now() - c0;
        best_cpu = dt < best_cpu ? dt : best_cpu;
    }
    csat_cox_coef(m, coef, se, NULL, K);
    printf("cox (Efron): %zu customers x %d covariates, %.0f events: best of 3 %.3f s wall, "
           "%.3f s CPU; %zu iterations, LL %.6f, max |score| %.2e\n", n, K, events, best, best_cpu,
           rep.iterations, rep.log_likelihood, rep.grad_norm);
    printf("  coef[0..2] %.6f %.6f %.6f (se %.6f)\n", coef[0], coef[1], coef[2], se[0]);
    if (with_r) {
        char path[] = "/tmp/csat_bench_cox_XXXXXX", cmd[512];
        int fd = mkstemp(path);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!f)
            return 1;
        fprintf(f, "time,event");
        for (int j = 0; j < K; j++)
            fprintf(f, ",x%d", j);
        fprintf(f, "\n");
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "%.0f,%.0f", t[i], e[i]);
            for (int j = 0; j < K; j++)
                fprintf(f, ",%.17g", X[i * K + j]);
            fprintf(f, "\n");
        }
        fclose(f);
        snprintf(cmd, sizeof cmd, "Rscript %s/cox_coxph_bench.R %s %.6f %.6f", CSAT_BENCH_SOURCE_DIR,
                 path, best, best_cpu);
        if (system(cmd) != 0)
            fprintf(stderr, "Rscript failed (is R with the survival package installed?)\n");
        remove(path);
    }
    csat_cox_free(m);
    free(X), free(t), free(e);
    return 0;
}
