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
 * Each figure is printed three ways: wall time (what counts, on a quiet
 * machine); process CPU (the 2-thread/1-thread ratio is the work the
 * threaded algorithm adds); and the calling thread's CPU at 2 threads,
 * which approximates the 2-core wall time when the machine is busy with
 * other work (the calling thread takes blocks alongside the other thread
 * and does the serial parts alone), so 1-thread CPU / calling-thread CPU
 * is a load-robust estimate of the speedup. The 16- and 64-core
 * projections use Amdahl's law with the serial fraction f = 2/S2 - 1 that
 * the 2-thread speedup S2 implies: S_p = 1/(f + (1-f)/p).
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

/* CPU seconds of the calling thread: on a quiet 2-core machine the call's
 * wall time is close to it (the calling thread works through blocks
 * alongside the other thread, and does the serial parts alone). */
static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* What a measurement keeps: wall, process CPU, calling-thread CPU. */
typedef struct tm3 {
    double wall, cpu, self;
} tm3;

static tm3 start3(void)
{
    tm3 t = {now(), cpu_now(), thread_cpu()};
    return t;
}

static tm3 stop3(tm3 t0)
{
    tm3 t = {now() - t0.wall, cpu_now() - t0.cpu, thread_cpu() - t0.self};
    return t;
}

static tm3 min3(tm3 a, tm3 b)
{
    tm3 t = {a.wall < b.wall ? a.wall : b.wall, a.cpu < b.cpu ? a.cpu : b.cpu,
             a.self < b.self ? a.self : b.self};
    return t;
}

static const tm3 tm3_inf = {INFINITY, INFINITY, INFINITY};

static tm3 add3(tm3 a, tm3 b)
{
    tm3 t = {a.wall + b.wall, a.cpu + b.cpu, a.self + b.self};
    return t;
}

/* Wall ratio, and two load-robust figures: the CPU ratio (work added by
 * the threaded algorithm: 2-thread CPU / 1-thread CPU) and the ratio of
 * 1-thread CPU to the calling thread's CPU at 2 threads (the critical path
 * on a quiet machine). */
static void report3(const char *what, tm3 a, tm3 b)
{
    double s = a.wall / b.wall, f = 2.0 / s - 1.0, sc = a.self / b.self, fc = 2.0 / sc - 1.0;
    if (f < 0.0)
        f = 0.0;
    if (fc < 0.0)
        fc = 0.0;
    printf("%s\n  wall: 1 thread %8.1f ms   2 threads %8.1f ms   ratio %.2fx\n", what, 1e3 * a.wall,
           1e3 * b.wall, s);
    printf("  cpu:  1 thread %8.1f ms   2 threads %8.1f ms (work x%.2f); calling thread at 2 threads "
           "%8.1f ms: cpu ratio %.2fx\n", 1e3 * a.cpu, 1e3 * b.cpu, b.cpu / a.cpu, 1e3 * b.self, sc);
    printf("  serial fraction f = 2/S2 - 1: wall %.2f, cpu %.2f; Amdahl 1/(f + (1-f)/p) from the cpu "
           "ratio: 16 cores %.1fx, 64 cores %.1fx\n", f, fc, 1.0 / (fc + (1.0 - fc) / 16.0),
           1.0 / (fc + (1.0 - fc) / 64.0));
}

static csat_parallel_options threads(size_t k)
{
    csat_parallel_options o = CSAT_PARALLEL_OPTIONS_INIT;
    o.n_threads = k;
    return o;
}

/* ---- summaries ---------------------------------------------------------- */

typedef struct tx {
    uint64_t *id;
    double *t, *amt;
} tx;

static void summaries(const tx *d, size_t k, tm3 *t_add, tm3 *t_sort, tm3 *t_sum)
{
    csat_customers *c = NULL;
    csat_parallel_options o = threads(k);
    csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
    size_t nc = 0, ns = 0, ne = 0;
    tm3 t0;
    so.observation_end = 730.0;
    so.calibration_end = 540.0;
    if (csat_customers_new(&c, NULL) != CSAT_OK || csat_customers_set_parallel(c, &o) != CSAT_OK)
        exit(1);
    t0 = start3();
    if (csat_customers_add(c, d->id, d->t, d->amt, N_TX) != CSAT_OK)
        exit(1);
    *t_add = stop3(t0);
    t0 = start3();
    if (csat_customers_count(c, &nc, NULL) != CSAT_OK) /* sorts the rows */
        exit(1);
    *t_sort = stop3(t0);
    t0 = start3();
    if (csat_customers_summarize(c, &so, &ns, &ne) != CSAT_OK)
        exit(1);
    *t_sum = stop3(t0);
    if (nc != ns + ne)
        exit(1);
    csat_customers_free(c);
}

/* ---- RFM ------------------------------------------------------------------ */

static tm3 rfm(const double *r, const double *f, const double *m, int *out, size_t k,
               csat_rfm_binning rule)
{
    static const double rb[4] = {30, 90, 180, 270}, fb[4] = {1, 3, 8, 20}, mb[4] = {50, 200, 500, 800};
    csat_parallel_options po = threads(k);
    csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
    tm3 t0;
    o.binning = rule;
    o.recency_breaks = rb;
    o.frequency_breaks = fb;
    o.monetary_breaks = mb;
    o.parallel = &po;
    t0 = start3();
    if (csat_rfm_scores(r, f, m, N_RFM, &o, NULL, out, out + N_RFM, out + 2 * N_RFM, out + 3 * N_RFM,
                        out + 4 * N_RFM, NULL, NULL) != CSAT_OK)
        exit(1);
    return stop3(t0);
}

/* ---- Kaplan-Meier ----------------------------------------------------------- */

static tm3 km(const double *t, const double *e, size_t k)
{
    csat_km *h = NULL;
    csat_parallel_options o = threads(k);
    tm3 t0;
    if (csat_km_new(&h, NULL) != CSAT_OK || csat_km_set_parallel(h, &o) != CSAT_OK)
        exit(1);
    t0 = start3();
    if (csat_km_fit(h, t, e, NULL, N_KM, NULL) != CSAT_OK)
        exit(1);
    t0 = stop3(t0);
    csat_km_free(h);
    return t0;
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 3;
    uint64_t s = 18;
    tx d;
    tm3 best[2][3], add, so, su;
    double *rr, *ff, *mm, *kt, *kd, *ke;
    int *out;
    if (reps < 1)
        reps = 1;
    setvbuf(stdout, NULL, _IOLBF, 0);
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
        best[k][0] = best[k][1] = best[k][2] = tm3_inf;
    for (int rep = 0; rep < reps; rep++)
        for (int k = 0; k < 2; k++) {
            summaries(&d, (size_t)k + 1, &add, &so, &su);
            best[k][0] = min3(best[k][0], add);
            best[k][1] = min3(best[k][1], so);
            best[k][2] = min3(best[k][2], su);
        }
    printf("== summaries of 10M transactions, 1M customers (calibration/holdout split) ==\n");
    report3("phase add (serial: copy and check the input)", best[0][0], best[1][0]);
    report3("phase sort", best[0][1], best[1][1]);
    report3("phase summaries", best[0][2], best[1][2]);
    report3("sort + summaries (target >= 1.6x)", add3(best[0][1], best[0][2]), add3(best[1][1], best[1][2]));
    report3("add + sort + summaries", add3(best[0][0], add3(best[0][1], best[0][2])),
            add3(best[1][0], add3(best[1][1], best[1][2])));
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
    printf("== RFM scores of 1M customers ==\n");
    for (int rule = 0; rule < 2; rule++) {
        csat_rfm_binning b = rule == 0 ? CSAT_RFM_QUANTILE_RANK : CSAT_RFM_BREAKS;
        tm3 t[2] = {tm3_inf, tm3_inf};
        for (int rep = 0; rep < reps; rep++)
            for (int k = 0; k < 2; k++)
                t[k] = min3(t[k], rfm(rr, ff, mm, out, (size_t)k + 1, b));
        report3(rule == 0 ? "quantile rule (checks + selection + scoring)"
                          : "caller breaks (checks + scoring, no selection)", t[0], t[1]);
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
    printf("== Kaplan-Meier of 1M durations ==\n");
    for (int path = 0; path < 2; path++) {
        tm3 t[2] = {tm3_inf, tm3_inf};
        for (int rep = 0; rep < reps; rep++)
            for (int k = 0; k < 2; k++)
                t[k] = min3(t[k], km(path == 0 ? kd : kt, ke, (size_t)k + 1));
        report3(path == 0 ? "integer days (bucketed counting)" : "continuous times (sort + counting)",
                t[0], t[1]);
    }
    free(kt);
    return 0;
}
