/*
 * Issue 18 §2: summaries, RFM and Kaplan-Meier on 1 and 2 threads, measured
 * in one run, interleaved (1 thread, then 2, repeated; the best of each),
 * with the time of each phase so that the serial fraction can be read off:
 *   - 10M-transaction summaries (1M customers, rows in random order):
 *     add (serial: copying and checking the input), sort, per-customer
 *     summaries; target: 2 threads >= 1.6x 1 thread (sort + summaries);
 *   - RFM scores of 1M customers: quantile rule (checks + selection +
 *     scoring) and caller breaks (checks + scoring only);
 *   - Kaplan-Meier of 1M durations: integer days (bucketed counting) and
 *     continuous times (sort + counting).
 * The 16- and 64-core projections use Amdahl's law with the serial fraction
 * f = 2/S2 - 1 that the 2-thread speedup S2 implies: S_p = 1/(f + (1-f)/p).
 * Wall-clock times: on a shared machine run it when it is quiet.
 *   build/tests/bench/bench_parallel_customers [reps]
 */
#include "bench_util.h"
#include "csat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_TX 10000000
#define N_CUST 1000000
#define N_RFM 1000000
#define N_KM 1000000

static csat_parallel_options threads(size_t k)
{
    csat_parallel_options o = CSAT_PARALLEL_OPTIONS_INIT;
    o.n_threads = k;
    return o;
}

static void report(const char *what, double t1, double t2)
{
    double s = t1 / t2, f = 2.0 / s - 1.0;
    if (f < 0.0)
        f = 0.0;
    printf("%-34s 1 thread %8.1f ms   2 threads %8.1f ms   ratio %.2fx   serial fraction %.2f   "
           "projected 16 cores %.1fx, 64 cores %.1fx\n",
           what, 1e3 * t1, 1e3 * t2, s, f, 1.0 / (f + (1.0 - f) / 16.0), 1.0 / (f + (1.0 - f) / 64.0));
}

static double minf(double a, double b) { return a < b ? a : b; }

/* ---- summaries ---------------------------------------------------------- */

typedef struct tx {
    uint64_t *id;
    double *t, *amt;
} tx;

static void summaries(const tx *d, size_t k, double *t_add, double *t_sort, double *t_sum)
{
    csat_customers *c = NULL;
    csat_parallel_options o = threads(k);
    csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
    size_t nc = 0, ns = 0, ne = 0;
    double t0;
    so.observation_end = 730.0;
    so.calibration_end = 540.0;
    if (csat_customers_new(&c, NULL) != CSAT_OK || csat_customers_set_parallel(c, &o) != CSAT_OK)
        exit(1);
    t0 = now();
    if (csat_customers_add(c, d->id, d->t, d->amt, N_TX) != CSAT_OK)
        exit(1);
    *t_add = now() - t0;
    t0 = now();
    if (csat_customers_count(c, &nc, NULL) != CSAT_OK) /* sorts the rows */
        exit(1);
    *t_sort = now() - t0;
    t0 = now();
    if (csat_customers_summarize(c, &so, &ns, &ne) != CSAT_OK)
        exit(1);
    *t_sum = now() - t0;
    if (nc != ns + ne)
        exit(1);
    csat_customers_free(c);
}

/* ---- RFM ------------------------------------------------------------------ */

static double rfm(const double *r, const double *f, const double *m, int *out, size_t k,
                  csat_rfm_binning rule)
{
    static const double rb[4] = {30, 90, 180, 270}, fb[4] = {1, 3, 8, 20}, mb[4] = {50, 200, 500, 800};
    csat_parallel_options po = threads(k);
    csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
    double t0;
    o.binning = rule;
    o.recency_breaks = rb;
    o.frequency_breaks = fb;
    o.monetary_breaks = mb;
    o.parallel = &po;
    t0 = now();
    if (csat_rfm_scores(r, f, m, N_RFM, &o, NULL, out, out + N_RFM, out + 2 * N_RFM, out + 3 * N_RFM,
                        out + 4 * N_RFM, NULL, NULL) != CSAT_OK)
        exit(1);
    return now() - t0;
}

/* ---- Kaplan-Meier ----------------------------------------------------------- */

static double km(const double *t, const double *e, size_t k)
{
    csat_km *h = NULL;
    csat_parallel_options o = threads(k);
    double t0;
    if (csat_km_new(&h, NULL) != CSAT_OK || csat_km_set_parallel(h, &o) != CSAT_OK)
        exit(1);
    t0 = now();
    if (csat_km_fit(h, t, e, NULL, N_KM, NULL) != CSAT_OK)
        exit(1);
    t0 = now() - t0;
    csat_km_free(h);
    return t0;
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 3;
    uint64_t s = 18;
    tx d;
    double best[2][3], add, so, su;
    double *rr, *ff, *mm, *kt, *kd, *ke;
    int *out;
    if (reps < 1)
        reps = 1;
    printf("bench_parallel_customers: best of %d interleaved runs; %zu cores available\n", reps,
           csat_parallel_cpu_count());

    /* 10M transactions of 1M customers (ids scattered over 64 bits), in random order. */
    d.id = malloc(N_TX * sizeof *d.id);
    d.t = malloc(N_TX * sizeof *d.t);
    d.amt = malloc(N_TX * sizeof *d.amt);
    if (!d.id || !d.t || !d.amt)
        return 1;
    for (size_t i = 0; i < N_TX; i++) {
        uint64_t c = splitmix64(&s) % N_CUST;
        d.id[i] = c * 0x9E3779B97F4A7C15ull;
        d.t[i] = floor(730.0 * unif(&s));
        d.amt[i] = floor(100.0 * 50.0 * unif(&s)) / 100.0;
    }
    for (int k = 0; k < 2; k++)
        best[k][0] = best[k][1] = best[k][2] = INFINITY;
    for (int rep = 0; rep < reps; rep++)
        for (int k = 0; k < 2; k++) {
            summaries(&d, (size_t)k + 1, &add, &so, &su);
            best[k][0] = minf(best[k][0], add);
            best[k][1] = minf(best[k][1], so);
            best[k][2] = minf(best[k][2], su);
        }
    printf("summaries of 10M transactions, 1M customers (calibration/holdout split), per phase:\n");
    printf("  add (serial)   1 thread %8.1f ms   2 threads %8.1f ms\n", 1e3 * best[0][0], 1e3 * best[1][0]);
    printf("  sort           1 thread %8.1f ms   2 threads %8.1f ms   ratio %.2fx\n", 1e3 * best[0][1],
           1e3 * best[1][1], best[0][1] / best[1][1]);
    printf("  summaries      1 thread %8.1f ms   2 threads %8.1f ms   ratio %.2fx\n", 1e3 * best[0][2],
           1e3 * best[1][2], best[0][2] / best[1][2]);
    report("summaries (sort + summaries)", best[0][1] + best[0][2], best[1][1] + best[1][2]);
    report("summaries (add + sort + summaries)", best[0][0] + best[0][1] + best[0][2],
           best[1][0] + best[1][1] + best[1][2]);
    free(d.id);
    free(d.t);
    free(d.amt);

    /* RFM of 1M customers. */
    rr = malloc(3 * N_RFM * sizeof *rr);
    out = malloc(5 * N_RFM * sizeof *out);
    if (!rr || !out)
        return 1;
    ff = rr + N_RFM;
    mm = rr + 2 * N_RFM;
    for (size_t i = 0; i < N_RFM; i++) {
        rr[i] = floor(365.0 * unif(&s));
        ff[i] = floor(-8.0 * log(unif(&s)));
        mm[i] = floor(-10000.0 * log(unif(&s))) / 100.0;
    }
    for (int rule = 0; rule < 2; rule++) {
        csat_rfm_binning b = rule == 0 ? CSAT_RFM_QUANTILE_RANK : CSAT_RFM_BREAKS;
        double t[2] = {INFINITY, INFINITY};
        for (int rep = 0; rep < reps; rep++)
            for (int k = 0; k < 2; k++)
                t[k] = minf(t[k], rfm(rr, ff, mm, out, (size_t)k + 1, b));
        report(rule == 0 ? "RFM 1M, quantile rule" : "RFM 1M, caller breaks (no selection)", t[0], t[1]);
    }
    free(rr);
    free(out);

    /* Kaplan-Meier of 1M durations. */
    kt = malloc(3 * N_KM * sizeof *kt);
    if (!kt)
        return 1;
    kd = kt + N_KM;
    ke = kt + 2 * N_KM;
    for (size_t i = 0; i < N_KM; i++) {
        double u = unif(&s);
        kd[i] = floor(-400.0 * log(u));   /* integer days: bucketed */
        kt[i] = -400.0 * log(u) + 1e-3;   /* continuous: sorted */
        ke[i] = unif(&s) < 0.7;
    }
    for (int path = 0; path < 2; path++) {
        double t[2] = {INFINITY, INFINITY};
        for (int rep = 0; rep < reps; rep++)
            for (int k = 0; k < 2; k++)
                t[k] = minf(t[k], km(path == 0 ? kd : kt, ke, (size_t)k + 1));
        report(path == 0 ? "Kaplan-Meier 1M, integer days" : "Kaplan-Meier 1M, continuous times", t[0],
               t[1]);
    }
    free(kt);
    return 0;
}
