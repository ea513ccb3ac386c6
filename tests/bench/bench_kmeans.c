/* k-means speed: n rows x 3 features, k = 8, one greedy k-means++ run, for
 * Lloyd and Hamerly. Usage: bench_kmeans [n ...] (default 1e6 and 1e7).
 * Data: uniform on [0, 1)^3 (xorshift), like numpy.random.rand(n, 3) — no
 * cluster structure, so Lloyd needs tens of iterations as in the reference;
 * CSAT_BENCH_BLOBS=1 uses 8 Gaussian blobs instead. Prints time, iterations, inertia and peak RSS.
 * CSAT_BENCH_ALG=lloyd|hamerly runs one algorithm only (auto is Lloyd).
 * Threads (issue 18): after the serial runs, the AUTO fit at CSAT_BENCH_THREADS
 * threads (default 2) against 1 thread, interleaved (3 pairs, best of each),
 * from k-means++ and from given centres (the seeding is serial), with the
 * speedup and whether the results are bit-identical. CSAT_BENCH_DUMP=prefix
 * writes each data set as raw native doubles to <prefix><n>.f64 (n x 3,
 * row-major) so tests/bench/kmeans_sklearn.py clusters exactly these rows.
 * The generator runs on across sizes: the 1e7 rows of the default run
 * (1e6 first) differ from those of `bench_kmeans 1e7`.
 * Reference (issue 6): scikit-learn 1.2.1, 1 thread: 1e6 -> 1.02 s (16 it),
 * 1e7 -> 17.6 s (36 it). */
#define _POSIX_C_SOURCE 199309L
#include "csat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* One AUTO fit on t threads (init: NULL = k-means++); wall and CPU seconds. */
static int fit_threads(const double *X, size_t n, int *lab, size_t t, const double *init, double *wall,
                       double *cpu_s, double *centres, double *inertia, size_t *it)
{
    csat_kmeans *km;
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    csat_parallel_options po = CSAT_PARALLEL_OPTIONS_INIT;
    double t0, c0;
    o.k = 8;
    o.seed = 42;
    o.init_centers = init;
    po.n_threads = t;
    if (csat_kmeans_new(&km, NULL) != CSAT_OK || csat_kmeans_set_parallel(km, &po) != CSAT_OK)
        return 1;
    t0 = now(), c0 = cpu();
    if (csat_kmeans_fit(km, X, n, 3, &o, lab) != CSAT_OK)
        return 1;
    *wall = now() - t0, *cpu_s = cpu() - c0;
    (void)csat_kmeans_result(km, centres, 24, inertia, it, NULL);
    csat_kmeans_free(km);
    return 0;
}

/* t threads against 1, interleaved, from k-means++ and from given centres. */
static int thread_compare(const double *X, size_t n, int *lab, size_t t)
{
    double init[24];
    for (int c = 0; c < 8; c++) /* rows spread over the data as the start */
        for (int j = 0; j < 3; j++)
            init[c * 3 + j] = X[(size_t)c * (n / 8) * 3 + j];
    for (int from = 0; from < 2; from++) {
        double best[2] = {1e300, 1e300}, bcpu[2] = {1e300, 1e300}, cen[2][24], in[2];
        size_t it[2];
        for (int rep = 0; rep < 3; rep++)
            for (int side = 0; side < 2; side++) {
                double w, c;
                if (fit_threads(X, n, lab, side ? t : 1, from ? init : NULL, &w, &c, cen[side], &in[side],
                                &it[side]) != 0)
                    return 1;
                best[side] = w < best[side] ? w : best[side];
                bcpu[side] = c < bcpu[side] ? c : bcpu[side];
            }
        printf("kmeans auto n = %8zu %s: 1 thread %.3f s (cpu %.3f), %zu threads %.3f s (cpu %.3f): "
               "speedup %.2fx, %zu iterations, %s\n",
               n, from ? "from given centres" : "from k-means++    ", best[0], bcpu[0], t, best[1], bcpu[1],
               best[0] / best[1], it[0],
               memcmp(cen[0], cen[1], sizeof cen[0]) == 0 && memcmp(&in[0], &in[1], sizeof in[0]) == 0
                       && it[0] == it[1]
                   ? "bit-identical"
                   : "RESULTS DIFFER");
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t sizes[8] = {1000000, 10000000};
    int ns = 2, blobs = getenv("CSAT_BENCH_BLOBS") != NULL;
    const char *only = getenv("CSAT_BENCH_ALG"), *dump = getenv("CSAT_BENCH_DUMP");
    size_t threads = getenv("CSAT_BENCH_THREADS") ? (size_t)strtoul(getenv("CSAT_BENCH_THREADS"), NULL, 10) : 2;
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
        if (dump) {
            char path[4096];
            FILE *f;
            snprintf(path, sizeof path, "%s%zu.f64", dump, n);
            f = fopen(path, "wb");
            if (!f || fwrite(X, sizeof *X, n * 3, f) != n * 3 || fclose(f) != 0) {
                fprintf(stderr, "cannot write %s\n", path);
                return 1;
            }
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
            if (only && strcmp(only, alg ? "hamerly" : "lloyd") != 0)
                continue;
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
        if (thread_compare(X, n, lab, threads) != 0)
            return 1;
        free(X);
        free(lab);
    }
    return 0;
}
