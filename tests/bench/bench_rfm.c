/* RFM scoring speed: all three scores (default rank rule and the R rule) for
 * 10,000,000 synthetic customers. Usage: bench_rfm [n]. Target <= 0.5 s. */
#define _POSIX_C_SOURCE 199309L
#include "csat.h"
#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 10000000;
    double *rec = malloc(n * sizeof *rec), *freq = malloc(n * sizeof *freq), *mon = malloc(n * sizeof *mon);
    int *r = malloc(n * sizeof *r), *f = malloc(n * sizeof *f), *m = malloc(n * sizeof *m);
    uint64_t s = 88172645463325252ULL;
    if (!rec || !freq || !mon || !r || !f || !m)
        return 1;
    /* Recency in whole days, geometric-ish purchase counts (heavy ties), lognormal-ish spend. */
    for (size_t i = 0; i < n; i++) {
        double u1, u2;
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        u1 = (double)(s >> 11) * 0x1p-53;
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        u2 = (double)(s >> 11) * 0x1p-53;
        rec[i] = floor(u1 * 730.0);
        freq[i] = 1.0 + floor(-log1p(-u2) * 3.0);
        mon[i] = floor(100.0 * exp(2.0 + 1.5 * (u1 + u2 - 1.0) + 0.7 * u2)) / 100.0;
    }
    for (int rule = 0; rule < 2; rule++) {
        csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
        double best = 1e300;
        o.binning = rule ? CSAT_RFM_QUANTILE_R : CSAT_RFM_QUANTILE_RANK;
        for (int rep = 0; rep < 3; rep++) {
            double t0 = now();
            if (csat_rfm_scores(rec, freq, mon, n, &o, NULL, r, f, m, NULL, NULL, NULL, NULL) != CSAT_OK)
                return 1;
            t0 = now() - t0;
            if (t0 < best)
                best = t0;
        }
        printf("rfm_scores %s: n = %zu, best of 3: %.3f s (r[0]=%d f[0]=%d m[0]=%d)\n",
               rule ? "R rule  " : "rank rule", n, best, r[0], f[0], m[0]);
    }
    free(rec), free(freq), free(mon), free(r), free(f), free(m);
    return 0;
}
