/* k-means speed: n rows x 3 features, k = 8, one greedy k-means++ run, for
 * Lloyd and Hamerly. Usage: bench_kmeans [n ...] (default 1e6 and 1e7).
 * Data: uniform on [0, 1)^3 (xorshift), like numpy.random.rand(n, 3) — no
 * cluster structure, so Lloyd needs tens of iterations as in the reference;
 * CSAT_BENCH_BLOBS=1 uses 8 Gaussian blobs instead. Prints time, iterations, inertia and peak RSS.
 * Reference (issue 6): scikit-learn 1.2.1, 1 thread: 1e6 -> 1.02 s (16 it),
 * 1e7 -> 17.6 s (36 it). */
#define _POSIX_C_SOURCE 199309L
#include "csat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Wall time, and CPU time of this process (less disturbed on a shared machine). */
static double now(void) { return clock_s(CLOCK_MONOTONIC); }
static double cpu(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

static uint64_t st = 0x2545F4914F6CDD1DULL;
static double unif(void)
{
    st ^= st << 13, st ^= st >> 7, st ^= st << 17;
    return ((double)(st >> 11) + 0.5) * 0x1p-53;
}

int main(int argc, char **argv)
{
    size_t sizes[8] = {1000000, 10000000};
    int ns = 2, blobs = getenv("CSAT_BENCH_BLOBS") != NULL;
    if (argc > 1) {
        ns = 0;
        for (int i = 1; i < argc && ns < 8; i++)
            sizes[ns++] = (size_t)strtod(argv[i], NULL);
    }
    for (int s = 0; s < ns; s++) {
        size_t n = sizes[s];
        double *X = malloc(n * 3 * sizeof *X), cen[8][3];
        int *lab = malloc(n * sizeof *lab);
        if (!X || !lab)
            return 1;
        for (int c = 0; c < 8; c++)
            for (int j = 0; j < 3; j++)
                cen[c][j] = -10.0 + 20.0 * unif();
        for (size_t i = 0; i < n; i++) {
            int c = (int)(unif() * 8);
            for (int j = 0; j < 3; j++) /* Box-Muller, one draw per feature */
                X[i * 3 + j] = blobs ? cen[c][j] + sqrt(-2.0 * log(unif())) * cos(6.283185307179586 * unif())
                                     : unif();
        }
        for (int alg = 0; alg < 2; alg++) {
            csat_kmeans *km;
            csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
            double best = 1e300, best_cpu = 1e300, inertia = 0;
            size_t it = 0;
            struct rusage ru;
            o.k = 8;
            o.seed = 42;
            o.algorithm = alg ? CSAT_KMEANS_HAMERLY : CSAT_KMEANS_LLOYD;
            if (csat_kmeans_new(&km, NULL) != CSAT_OK)
                return 1;
            for (int rep = 0; rep < 3; rep++) {
                double t0 = now(), c0 = cpu();
                if (csat_kmeans_fit(km, X, n, 3, &o, lab) != CSAT_OK)
                    return 1;
                t0 = now() - t0;
                c0 = cpu() - c0;
                if (t0 < best)
                    best = t0;
                if (c0 < best_cpu)
                    best_cpu = c0;
            }
            (void)csat_kmeans_result(km, NULL, 0, &inertia, &it, NULL);
            getrusage(RUSAGE_SELF, &ru);
            printf("kmeans %-7s n = %8zu: best of 3 wall %.3f s, cpu %.3f s, %zu iterations, inertia %.10g, "
                   "input %.0f MB, peak RSS %.0f MB\n",
                   alg ? "hamerly" : "lloyd", n, best, best_cpu, it, inertia, n * 24.0 / 1e6,
                   ru.ru_maxrss / 1024.0);
            csat_kmeans_free(km);
        }
        free(X);
        free(lab);
    }
    return 0;
}
