#define _POSIX_C_SOURCE 199309L
/* Kaplan-Meier on 1,000,000 right-censored durations: integer days and
 * continuous times. Prints the best of 5 runs of csat_km_fit (wall
 * and CPU time: the machine may be shared). */
#include <csat.h>
#include "bench_util.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double bench(csat_km *km, const double *t, const double *e, size_t n, size_t *m,
                    double *best_cpu)
{
    double best = 1e9;
    *best_cpu = 1e9;
    for (int r = 0; r < 5; r++) {
        double t0 = now(), c0 = cpu_now(), dt;
        if (csat_km_fit(km, t, e, NULL, n, NULL) != CSAT_OK) {
            fprintf(stderr, "fit failed: %s\n", csat_km_last_error(km));
            exit(1);
        }
        dt = now() - t0;
        best = dt < best ? dt : best;
        dt = cpu_now() - c0;
        *best_cpu = dt < *best_cpu ? dt : *best_cpu;
    }
    csat_km_size(km, m);
    return best;
}

int main(void)
{
    const size_t n = 1000000;
    double *days = malloc(n * sizeof *days), *cont = malloc(n * sizeof *cont),
           *ev = malloc(n * sizeof *ev);
    uint64_t s = 42;
    size_t m;
    csat_km *km;
    if (!days || !cont || !ev || csat_km_new(&km, NULL) != CSAT_OK)
        return 1;
    for (size_t i = 0; i < n; i++) {
        double life = -log(unif(&s)) * 700.0, cens = unif(&s) * 2000.0;
        ev[i] = life <= cens;
        cont[i] = life <= cens ? life : cens;
        days[i] = floor(cont[i]);
    }
    double cpu, dt = bench(km, days, ev, n, &m, &cpu);
    printf("integer days:     %.4f s wall, %.4f s CPU (%zu distinct times)\n", dt, cpu, m);
    dt = bench(km, cont, ev, n, &m, &cpu);
    printf("continuous times: %.4f s wall, %.4f s CPU (%zu distinct times)\n", dt, cpu, m);
    csat_km_free(km);
    free(days);
    free(cont);
    free(ev);
    return 0;
}
