/*
 * Survey scoring benchmark: 1,000,000 respondents x 22 SERVQUAL items (P and
 * E on 1..7), their NPS (0..10) and a Kano aggregation of 5 attributes.
 * Prints the time of each step (best of 3 repeats) and the peak RSS.
 * Usage: bench_survey [respondents]
 */
#define _POSIX_C_SOURCE 199309L
#include <csat.h>
#include "bench_util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#define N_ITEMS 22
#define N_KANO 5

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static unsigned next_int(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    double *P = malloc(n * N_ITEMS * sizeof *P), *E = malloc(n * N_ITEMS * sizeof *E);
    double *nps = malloc(n * sizeof *nps);
    double *kf = malloc(n * N_KANO * sizeof *kf), *kd = malloc(n * N_KANO * sizeof *kd);
    double item[N_ITEMS], dim[5], dim_se[5];
    double best[3] = {1e9, 1e9, 1e9};
    csat_servqual_result sq;
    csat_nps_result nr;
    csat_kano_result kr[N_KANO];
    struct rusage ru;

    if (!P || !E || !nps || !kf || !kd) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < n * N_ITEMS; i++) {
        E[i] = 4 + next_int(4);
        P[i] = 1 + next_int(7);
    }
    for (size_t i = 0; i < n; i++)
        nps[i] = next_int(11);
    for (size_t i = 0; i < n * N_KANO; i++) {
        kf[i] = 1 + next_int(5);
        kd[i] = 1 + next_int(5);
    }
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now(), t1, t2, t3;
        if (csat_servqual(P, E, n, N_ITEMS, NULL, NULL, item, NULL, dim, dim_se, NULL, NULL, &sq, NULL)
            != CSAT_OK)
            return 1;
        t1 = now();
        if (csat_nps(nps, n, NULL, &nr, NULL) != CSAT_OK)
            return 1;
        t2 = now();
        if (csat_kano_survey(kf, kd, n, N_KANO, NULL, kr, NULL) != CSAT_OK)
            return 1;
        t3 = now();
        if (t1 - t0 < best[0])
            best[0] = t1 - t0;
        if (t2 - t1 < best[1])
            best[1] = t2 - t1;
        if (t3 - t2 < best[2])
            best[2] = t3 - t2;
    }
    getrusage(RUSAGE_SELF, &ru);
    printf("respondents            %zu\n", n);
    printf("SERVQUAL 22 items      %.3f s  (overall gap %.4f, SE %.5f)\n", best[0], sq.overall,
           sq.overall_se);
    printf("NPS                    %.3f s  (score %.2f)\n", best[1], nr.score);
    printf("Kano 5 attributes      %.3f s  (attribute 1: %c)\n", best[2], "AOMIRQ"[kr[0].category]);
    printf("total                  %.3f s  (best of 3 per step)\n", best[0] + best[1] + best[2]);
    printf("peak RSS               %.0f MB\n", (double)ru.ru_maxrss / 1024.0);
    free(P);
    free(E);
    free(nps);
    free(kf);
    free(kd);
    return 0;
}
