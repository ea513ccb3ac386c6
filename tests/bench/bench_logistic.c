#define _POSIX_C_SOURCE 199309L
/* Logistic regression on 1,000,000 x 10 synthetic rows (standard normal
 * features, true coefficients 0.5, -0.4, ..., intercept -1). Prints the best
 * of 3 fits, the log-likelihood and max |score| at the solution. */
#include <csat.h>
#include "bench_util.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(void)
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
    for (int r = 0; r < 3; r++) {
        double t0 = now(), c0 = cpu_now(), dt;
        if (csat_logistic_fit(m, X, n, K, y, NULL, &rep) != CSAT_OK) {
            fprintf(stderr, "fit failed: %s\n", csat_logistic_last_error(m));
            return 1;
        }
        dt = now() - t0;
        best = dt < best ? dt : best;
        dt = cpu_now() - c0;
        best_cpu = dt < best_cpu ? dt : best_cpu;
    }
    csat_logistic_log_likelihood(m, &ll, NULL);
    csat_logistic_coef(m, coef, NULL, K + 1);
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
    csat_logistic_free(m);
    free(X);
    free(y);
    free(p);
    return 0;
}
