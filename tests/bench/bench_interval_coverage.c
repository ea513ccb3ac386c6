/*
 * Coverage of the delta-method intervals of customer equity (issue 15 §4):
 * 400 replications, each 2,000 customers simulated from known BG/NBD and
 * Gamma-Gamma parameters (observed 27-39 weeks, near the CDNOW estimates),
 * both models refitted, the 95% interval of the equity (12 monthly steps,
 * 1% per month) computed by csat_clv_intervals; the truth is the equity of
 * the same customers at the true parameters. Passes when 93-97% of the
 * intervals cover it (binomial sd ~1.1% at 95%). A replication whose fit
 * fails is replaced by the next seed (counted and printed). Fixed seeds:
 * the same figure on every run. ~25 s of CPU.
 * CI runs it: meson test -C build --benchmark --suite coverage
 */
#include "csat.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N 2000
#define REPS 400

int main(void)
{
    static const double tp[4] = {0.25, 4.4, 0.8, 2.4}, sp[3] = {6.25, 3.74, 15.4};
    static double T[N], x[N], tx[N], z[N], clv[N];
    csat_btyd_model *truth = NULL, *m = NULL;
    csat_spend_model *struth = NULL, *s = NULL;
    int cover = 0, below = 0, done = 0, failed = 0;
    double t0 = (double)clock(), width = 0;
    for (size_t i = 0; i < N; i++)
        T[i] = 27.0 + 12.0 * (double)i / N;
    if (csat_btyd_new(&truth, NULL, CSAT_BTYD_BGNBD) || csat_btyd_new(&m, NULL, CSAT_BTYD_BGNBD) ||
        csat_spend_new(&struth, NULL) || csat_spend_new(&s, NULL) || csat_btyd_set_params(truth, tp, 4) ||
        csat_spend_set_params(struth, sp, 3))
        return 1;
    for (uint64_t seed = 1; done < REPS && seed < 2 * REPS; seed++) {
        double eq_true, eq[3];
        csat_interval_options o = CSAT_INTERVAL_OPTIONS_INIT;
        if (csat_btyd_simulate(truth, 1000 + seed, T, N, x, tx, NULL, NULL) ||
            csat_spend_simulate(struth, 5000 + seed, x, N, z, NULL) ||
            csat_clv(truth, struth, x, tx, T, z, N, NULL, clv, &eq_true))
            return 1;
        if (csat_btyd_fit(m, x, tx, T, NULL, N, NULL) != CSAT_OK || csat_spend_fit(s, x, z, NULL, N, NULL) != CSAT_OK) {
            failed++;
            continue;
        }
        if (csat_clv_intervals(m, s, x, tx, T, z, NULL, N, NULL, &o, NULL, NULL, NULL, eq) != CSAT_OK) {
            fprintf(stderr, "seed %llu: %s\n", (unsigned long long)seed, csat_spend_last_error(s));
            return 1;
        }
        done++;
        width += (eq[2] - eq[1]) / eq[0] / REPS;
        if (eq[1] <= eq_true && eq_true <= eq[2])
            cover++;
        else if (eq_true < eq[1])
            below++;
    }
    printf("customer equity, delta method, 95%%: %d of %d intervals cover the truth (%.1f%%; truth below %d, "
           "above %d); mean relative width %.3f; %d fits failed and were replaced; %.1f s CPU\n",
           cover, done, 100.0 * cover / done, below, done - cover - below, width, failed,
           ((double)clock() - t0) / CLOCKS_PER_SEC);
    csat_btyd_free(truth);
    csat_btyd_free(m);
    csat_spend_free(struth);
    csat_spend_free(s);
    return done == REPS && cover >= 372 && cover <= 388 ? 0 : 1;
}
