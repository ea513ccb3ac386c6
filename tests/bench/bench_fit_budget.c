/*
 * Time budget of every fit in libcsat (issue 12, finding 6): each fit on
 * at most 1,000 rows of degenerate or extreme data must end, with its
 * estimate or a clear error, in under 0.1 s of CPU time. Prints each fit's
 * time and status; exits 1 if any takes longer.
 *
 * Each fit runs up to 3 times and its fastest run counts (the machine is
 * shared: a run can be slowed by what else runs, never sped up). CI runs
 * it: meson test -C build --benchmark --suite budget.
 *
 * The data: CDNOW (first 1,000 customers; Fader, Hardie & Lee 2005), the
 * donation data (BG/BB; Fader, Hardie & Shang 2010), and made-up rows:
 * identical rows, a handful of rows, no repeat buyers, times or
 * frequencies scaled towards 1e6 and 1e-6, weights near 1e300 and 1e-300,
 * BG/BB histories of 1e6 opportunities, separable logistic data, k = n and
 * duplicate points for k-means, and so on. Where the data identify no
 * estimate, the fit's answer is an error code (CSAT_EDOM): it still counts.
 */
#define _POSIX_C_SOURCE 200809L
#include <csat.h>

#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUDGET 0.1 /* seconds of CPU per fit */
#define NMAX 1000

static int n_fits, n_over;
static double worst;

/* The fit to time: returns its status; msg (may be NULL) its message. */
typedef csat_status (*fit_fn)(void *ctx, const char **msg);

static void timed(const char *name, fit_fn fn, void *ctx)
{
    double best = INFINITY;
    const char *msg = NULL;
    csat_status st = CSAT_OK;
    for (int run = 0; run < 3; run++) {
        const double t0 = cpu_now();
        st = fn(ctx, &msg);
        const double dt = cpu_now() - t0;
        if (dt < best)
            best = dt;
        if (best <= 0.5 * BUDGET)
            break; /* clearly within: no need to repeat */
    }
    n_fits++;
    if (best > worst)
        worst = best;
    if (best > BUDGET)
        n_over++;
    printf("%-62s %8.4f s  %-8s%s%.90s\n", name, best, best > BUDGET ? "OVER" : "ok",
           st == CSAT_OK ? "" : csat_strerror(st), st != CSAT_OK && msg ? ": " : "");
    if (st != CSAT_OK && msg)
        printf("%64s%.110s\n", "", msg);
}

/* The message of a failed fit, copied before its handle is freed (NULL on success). */
static const char *kept(csat_status st, const char *m)
{
    static char buf[256];
    if (st == CSAT_OK || !m)
        return NULL;
    snprintf(buf, sizeof buf, "%s", m);
    return buf;
}

/* A fit on a fresh handle: NAME(ctx, msg) makes a handle h of type HANDLE
 * with NEW, runs CALL (which sees h and the case c of type CASE), keeps
 * the message of a failure and frees h. */
#define FRESH_FIT(NAME, CASE, HANDLE, NEW, CALL, LAST_ERROR, FREE)                                \
    static csat_status NAME(void *vctx, const char **msg)                                          \
    {                                                                                              \
        CASE *c = vctx;                                                                            \
        HANDLE *h = NULL;                                                                          \
        csat_status st = NEW(&h, NULL);                                                            \
        if (st == CSAT_OK)                                                                         \
            st = (CALL);                                                                           \
        *msg = kept(st, h ? LAST_ERROR(h) : NULL);                                                 \
        FREE(h);                                                                                   \
        return st;                                                                                 \
    }

/* ---- data ----------------------------------------------------------------------------- */

static double cd_x[NMAX], cd_tx[NMAX], cd_T[NMAX], cd_z[NMAX];
static double bb_x[22], bb_tx[22], bb_n[22], bb_w[22];

static void load_data(void)
{
    char line[256];
    FILE *f = fopen(CSAT_BENCH_DATA_DIR "/cdnow_customers_summary_with_transactions.csv", "r");
    int i = 0, id;
    if (!f || !fgets(line, sizeof line, f)) {
        fprintf(stderr, "cannot read the CDNOW data\n");
        exit(2);
    }
    while (i < NMAX && fgets(line, sizeof line, f))
        if (sscanf(line, "%d,%lf,%lf,%lf,%lf", &id, &cd_x[i], &cd_tx[i], &cd_T[i], &cd_z[i]) == 5)
            i++;
    fclose(f);
    f = fopen(CSAT_BENCH_DATA_DIR "/donations.csv", "r");
    if (i != NMAX || !f || !fgets(line, sizeof line, f)) {
        fprintf(stderr, "cannot read the data\n");
        exit(2);
    }
    for (i = 0; i < 22 && fgets(line, sizeof line, f); i++)
        if (sscanf(line, "%lf,%lf,%lf,%lf", &bb_x[i], &bb_tx[i], &bb_n[i], &bb_w[i]) != 4)
            exit(2);
    fclose(f);
}

/* ---- BTYD ----------------------------------------------------------------------------- */

typedef struct btyd_case {
    csat_btyd_kind kind;
    const double *x, *tx, *T, *w;
    size_t n;
    csat_btyd_model *m;
} btyd_case;

static csat_status fit_btyd(void *vctx, const char **msg)
{
    btyd_case *c = vctx;
    csat_status st = csat_btyd_fit(c->m, c->x, c->tx, c->T, c->w, c->n, NULL);
    *msg = csat_btyd_last_error(c->m);
    return st;
}

static void btyd(csat_btyd_kind kind, const char *what, const double *x, const double *tx, const double *T,
                 const double *w, size_t n)
{
    static const char *const names[] = {"BG/NBD", "Pareto/NBD", "MBG/NBD", "BG/BB"};
    char name[128];
    btyd_case c = {kind, x, tx, T, w, n, NULL};
    if (csat_btyd_new(&c.m, NULL, kind) != CSAT_OK)
        exit(2);
    snprintf(name, sizeof name, "csat_btyd_fit %s: %s", names[kind], what);
    timed(name, fit_btyd, &c);
    csat_btyd_free(c.m);
}

/* BG/BB histories of n opportunities of 1,000 customers drawn from the
 * model at the donation estimates (1.204, 0.750, 0.657, 2.783). */
static void bgbb_simulate(double n, double *x, double *tx, double *T)
{
    uint64_t s = 42;
    for (int i = 0; i < NMAX; i++) {
        /* p ~ Beta(1.204, 0.750), theta ~ Beta(0.657, 2.783) by Johnk's
         * method (a ratio of powers of uniforms, exact) */
        double pt[2], p, th, life, k = 0, last = 0;
        for (int b = 0; b < 2; b++) {
            const double a1 = b ? 0.657 : 1.204, a2 = b ? 2.783 : 0.750;
            double u, v;
            do {
                u = pow(unif(&s), 1.0 / a1);
                v = pow(unif(&s), 1.0 / a2);
            } while (u + v > 1.0 || u + v == 0.0);
            pt[b] = u / (u + v);
        }
        p = pt[0], th = pt[1];
        /* alive at opportunity 1 with probability 1 - theta, then each
         * further one with 1 - theta: the number of opportunities alive */
        life = floor(log(unif(&s)) / log1p(-th));
        if (life > n)
            life = n;
        if (life <= 4096) {
            for (double t = 1; t <= life; t++)
                if (unif(&s) < p)
                    k++, last = t;
        } else { /* many opportunities: purchases ~ p life, the last near the end */
            k = floor(p * life);
            last = k > 0 ? life : 0;
        }
        x[i] = k, tx[i] = last, T[i] = n;
    }
}

static void btyd_all(void)
{
    static double x[NMAX], tx[NMAX], T[NMAX], w[NMAX];
    static const double x4[] = {0, 1, 3, 7}, tx4[] = {0, 10, 25, 36}, T4[] = {39, 39, 39, 39};
    static const double x4b[] = {0, 1, 2, 5}, tx4b[] = {0, 3, 5, 9}, T4b[] = {10, 10, 12, 12};
    const double w1[1] = {1e6}, w2[2] = {5e5, 5e5};
    for (int k = 0; k < 3; k++) {
        const csat_btyd_kind kind = (csat_btyd_kind)k;
        btyd(kind, "CDNOW, 1000 customers", cd_x, cd_tx, cd_T, NULL, NMAX);
        for (int i = 0; i < 200; i++)
            x[i] = 2, tx[i] = 30.43, T[i] = 38.86;
        btyd(kind, "200 identical rows", x, tx, T, NULL, 200);
        btyd(kind, "1 row of weight 1e6", x, tx, T, w1, 1);
        btyd(kind, "2 rows of weight 5e5", x, tx, T, w2, 2);
        btyd(kind, "4 rows (x 0 1 3 7, T 39)", x4, tx4, T4, NULL, 4);
        btyd(kind, "4 rows (x 0 1 2 5, T 10-12)", x4b, tx4b, T4b, NULL, 4);
        for (int i = 0; i < NMAX; i++)
            x[i] = cd_x[i], tx[i] = cd_tx[i] * (1e6 / 39.0), T[i] = cd_T[i] * (1e6 / 39.0);
        btyd(kind, "CDNOW, times x 1e6/39 (T ~ 1e6)", x, tx, T, NULL, NMAX);
        for (int i = 0; i < NMAX; i++)
            tx[i] = cd_tx[i] * 1e-6, T[i] = cd_T[i] * 1e-6;
        btyd(kind, "CDNOW, times x 1e-6", x, tx, T, NULL, NMAX);
        for (int i = 0; i < NMAX; i++)
            x[i] = cd_x[i] * 3e4, tx[i] = cd_tx[i], T[i] = cd_T[i];
        btyd(kind, "CDNOW, frequencies x 3e4 (up to ~1e6)", x, tx, T, NULL, NMAX);
        for (int i = 0; i < NMAX; i++)
            w[i] = 1e300;
        btyd(kind, "CDNOW, weights 1e300", cd_x, cd_tx, cd_T, w, NMAX);
        for (int i = 0; i < NMAX; i++)
            w[i] = 1e-300;
        btyd(kind, "CDNOW, weights 1e-300", cd_x, cd_tx, cd_T, w, NMAX);
        for (int i = 0; i < NMAX; i++)
            x[i] = 0, tx[i] = 0, T[i] = cd_T[i];
        btyd(kind, "no repeat buyers", x, tx, T, NULL, NMAX);
    }
    /* BG/BB */
    btyd(CSAT_BTYD_BGBB, "donations (22 patterns, weights)", bb_x, bb_tx, bb_n, bb_w, 22);
    for (int i = 0; i < 22; i++)
        w[i] = bb_w[i] * 1e296;
    btyd(CSAT_BTYD_BGBB, "donations, weights x 1e296", bb_x, bb_tx, bb_n, w, 22);
    for (int i = 0; i < 200; i++)
        x[i] = 2, tx[i] = 5, T[i] = 6;
    btyd(CSAT_BTYD_BGBB, "200 identical rows", x, tx, T, NULL, 200);
    btyd(CSAT_BTYD_BGBB, "1 row of weight 1e6", x, tx, T, w1, 1);
    btyd(CSAT_BTYD_BGBB, "2 rows of weight 5e5", x, tx, T, w2, 2);
    {
        const double xb[] = {1, 3, 0, 5}, txb[] = {1, 900000, 0, 1000000}, nb[] = {1e6, 1e6, 1e6, 1e6};
        btyd(CSAT_BTYD_BGBB, "4 rows, n = 1e6", xb, txb, nb, NULL, 4);
    }
    bgbb_simulate(100, x, tx, T);
    btyd(CSAT_BTYD_BGBB, "1000 simulated customers, n = 100", x, tx, T, NULL, NMAX);
    bgbb_simulate(1e4, x, tx, T);
    btyd(CSAT_BTYD_BGBB, "1000 simulated customers, n = 1e4", x, tx, T, NULL, NMAX);
    bgbb_simulate(1e6, x, tx, T);
    btyd(CSAT_BTYD_BGBB, "1000 simulated customers, n = 1e6", x, tx, T, NULL, NMAX);
    for (int i = 0; i < NMAX; i++)
        x[i] = 0, tx[i] = 0, T[i] = 6;
    btyd(CSAT_BTYD_BGBB, "no repeat buyers", x, tx, T, NULL, NMAX);
}

/* fit_customers: the CDNOW customers as transactions in days */
typedef struct store_case {
    csat_btyd_model *m;
    csat_customers *c;
} store_case;

static csat_status fit_btyd_store(void *vctx, const char **msg)
{
    store_case *c = vctx;
    csat_status st = csat_btyd_fit_customers(c->m, c->c, NULL);
    *msg = csat_btyd_last_error(c->m);
    return st;
}

static csat_customers *cdnow_store(void)
{
    static uint64_t ids[40000];
    static double times[40000], amts[40000];
    csat_customers *c = NULL;
    csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
    size_t k = 0;
    for (int i = 0; i < NMAX && k + 64 < 40000; i++) {
        const double first = 273.0 - round(cd_T[i] * 7.0);
        ids[k] = (uint64_t)i + 1, times[k] = first, amts[k++] = 10.0;
        for (int j = 1; j <= (int)cd_x[i]; j++)
            ids[k] = (uint64_t)i + 1, times[k] = first + round(round(cd_tx[i] * 7.0) * j / cd_x[i]),
            amts[k++] = cd_z[i];
    }
    o.observation_end = 272;
    o.time_scale = 7;
    if (csat_customers_new(&c, NULL) != CSAT_OK || csat_customers_add(c, ids, times, amts, k) != CSAT_OK ||
        csat_customers_summarize(c, &o, NULL, NULL) != CSAT_OK)
        exit(2);
    return c;
}

static void btyd_store_all(csat_customers *c)
{
    static const char *const names[] = {"BG/NBD", "Pareto/NBD", "MBG/NBD"};
    for (int k = 0; k < 3; k++) {
        char name[128];
        store_case s = {NULL, c};
        if (csat_btyd_new(&s.m, NULL, (csat_btyd_kind)k) != CSAT_OK)
            exit(2);
        snprintf(name, sizeof name, "csat_btyd_fit_customers %s: CDNOW, 1000 customers", names[k]);
        timed(name, fit_btyd_store, &s);
        csat_btyd_free(s.m);
    }
}

/* ---- Gamma-Gamma ---------------------------------------------------------------------- */

typedef struct spend_case {
    const double *x, *z, *w;
    size_t n;
} spend_case;

FRESH_FIT(fit_spend, spend_case, csat_spend_model, csat_spend_new,
          csat_spend_fit(h, c->x, c->z, c->w, c->n, NULL), csat_spend_last_error, csat_spend_free)

static void spend_all(void)
{
    static double x[NMAX], z[NMAX], w[NMAX];
    spend_case c = {cd_x, cd_z, NULL, NMAX};
    timed("csat_spend_fit: CDNOW, 1000 customers", fit_spend, &c);
    for (int i = 0; i < NMAX; i++)
        x[i] = 2, z[i] = 30;
    c.x = x, c.z = z;
    timed("csat_spend_fit: 1000 identical repeat buyers", fit_spend, &c);
    for (int i = 0; i < NMAX; i++)
        x[i] = cd_x[i], z[i] = cd_x[i] > 0 ? cd_z[i] * 1e300 / 1e3 : 0;
    timed("csat_spend_fit: CDNOW, spend x 1e297", fit_spend, &c);
    for (int i = 0; i < NMAX; i++)
        z[i] = cd_x[i] > 0 ? cd_z[i] * 1e-300 : 0;
    timed("csat_spend_fit: CDNOW, spend x 1e-300", fit_spend, &c);
    for (int i = 0; i < NMAX; i++)
        w[i] = 1e300;
    c.z = cd_z, c.w = w;
    timed("csat_spend_fit: CDNOW, weights 1e300", fit_spend, &c);
    for (int i = 0; i < NMAX; i++)
        x[i] = i < 2 ? 1 + i : 0, z[i] = i < 2 ? 10.0 + i : 0;
    c.z = z, c.w = NULL;
    timed("csat_spend_fit: 2 repeat buyers", fit_spend, &c);
}

/* ---- sBG ------------------------------------------------------------------------------ */

typedef struct sbg_case {
    int kind; /* 0 survivors, 1 durations, 2 customers */
    const double *a, *b;
    size_t n;
    csat_customers *c;
} sbg_case;

FRESH_FIT(fit_sbg, sbg_case, csat_sbg, csat_sbg_new,
          c->kind == 0   ? csat_sbg_fit_survivors(h, c->a, c->n, NULL)
          : c->kind == 1 ? csat_sbg_fit_durations(h, c->a, c->b, c->n, NULL)
                         : csat_sbg_fit_customers(h, c->c, 30.0, 0.0, 31.0, 30.0 * 40, NULL),
          csat_sbg_last_error, csat_sbg_free)

static void sbg_all(void)
{
    static double s[NMAX], d[NMAX], e[NMAX];
    sbg_case c = {0, s, NULL, NMAX, NULL};
    /* survivors of an sBG(1, 1) cohort of 1e6 over 999 periods: 1e6/(t+1) */
    for (int t = 0; t < NMAX; t++)
        s[t] = floor(1e6 / (t + 1.0));
    timed("csat_sbg_fit_survivors: 1000 periods", fit_sbg, &c);
    for (int t = 0; t < NMAX; t++)
        s[t] = floor(1e6 / (t + 1.0)) * 1e290;
    timed("csat_sbg_fit_survivors: 1000 periods, counts x 1e290", fit_sbg, &c);
    s[0] = 1000, s[1] = 600;
    c.n = 2;
    timed("csat_sbg_fit_survivors: one period", fit_sbg, &c);
    for (int t = 0; t < NMAX; t++)
        s[t] = 1000;
    c.n = NMAX;
    timed("csat_sbg_fit_survivors: nobody leaves, 1000 periods", fit_sbg, &c);
    /* durations */
    d[0] = d[1] = 1e7, e[0] = 1, e[1] = 0;
    c = (sbg_case){1, d, e, 2, NULL};
    timed("csat_sbg_fit_durations: two rows of 1e7 periods", fit_sbg, &c);
    {
        uint64_t g = 7;
        for (int i = 0; i < NMAX; i++)
            d[i] = floor(1.0 + 1e7 * unif(&g) * unif(&g) * unif(&g)), e[i] = unif(&g) < 0.7;
    }
    c.n = NMAX;
    timed("csat_sbg_fit_durations: 1000 rows up to 1e7 periods", fit_sbg, &c);
    for (int i = 0; i < NMAX; i++)
        e[i] = 0;
    timed("csat_sbg_fit_durations: 1000 rows, all censored", fit_sbg, &c);
    for (int i = 0; i < NMAX; i++)
        d[i] = 1, e[i] = 1;
    timed("csat_sbg_fit_durations: 1000 rows, all leave in period 1", fit_sbg, &c);
    {
        /* a monthly-subscription cohort of 1000 from a store: payments every
         * 30 days while subscribed, geometric lifetimes with a churn
         * probability that varies across customers (an sBG cohort) */
        static uint64_t ids[41000];
        static double times[41000], amts[41000];
        size_t k = 0;
        uint64_t g = 11;
        csat_customers *store = NULL;
        for (int i = 0; i < NMAX; i++) {
            const double churn = 0.02 + 0.5 * unif(&g) * unif(&g);
            int life = 1;
            while (life < 40 && unif(&g) > churn)
                life++;
            for (int j = 0; j < life && k < 41000; j++)
                ids[k] = (uint64_t)i + 1, times[k] = 30.0 * j + (i % 30), amts[k++] = 9.99;
        }
        if (csat_customers_new(&store, NULL) != CSAT_OK || csat_customers_add(store, ids, times, amts, k) != CSAT_OK)
            exit(2);
        c = (sbg_case){2, NULL, NULL, 0, store};
        timed("csat_sbg_fit_customers: a cohort of 1000 subscribers", fit_sbg, &c);
        csat_customers_free(store);
    }
}

/* ---- logistic ------------------------------------------------------------------------- */

typedef struct logit_case {
    const double *X, *y;
    size_t n, p;
} logit_case;

FRESH_FIT(fit_logit, logit_case, csat_logistic, csat_logistic_new,
          csat_logistic_fit(h, c->X, c->n, c->p, c->y, NULL, NULL), csat_logistic_last_error, csat_logistic_free)

static void logistic_all(void)
{
    static double X[NMAX * 5], y[NMAX];
    uint64_t g = 3;
    logit_case c = {X, y, NMAX, 5};
    for (int i = 0; i < NMAX; i++) {
        double eta = -0.5;
        for (int j = 0; j < 5; j++) {
            X[i * 5 + j] = 2.0 * unif(&g) - 1.0;
            eta += (j + 1) * 0.3 * X[i * 5 + j];
        }
        y[i] = unif(&g) < 1.0 / (1.0 + exp(-eta));
    }
    timed("csat_logistic_fit: 1000 x 5, random", fit_logit, &c);
    for (int i = 0; i < NMAX; i++)
        y[i] = X[i * 5] > 0; /* separable on the first column */
    timed("csat_logistic_fit: 1000 x 5, separable", fit_logit, &c);
    for (int i = 0; i < NMAX; i++)
        y[i] = 1;
    timed("csat_logistic_fit: 1000 x 5, one class", fit_logit, &c);
    for (int i = 0; i < NMAX; i++) {
        for (int j = 0; j < 5; j++)
            X[i * 5 + j] = (2.0 * unif(&g) - 1.0) * 1e150;
        y[i] = unif(&g) < 0.3;
    }
    timed("csat_logistic_fit: 1000 x 5, values near 1e150", fit_logit, &c);
    for (int i = 0; i < NMAX; i++)
        X[i * 5 + 4] = 2.0 * X[i * 5 + 3];
    timed("csat_logistic_fit: 1000 x 5, collinear columns", fit_logit, &c);
}

/* ---- Kaplan-Meier --------------------------------------------------------------------- */

typedef struct km_case {
    const double *t, *e, *w;
    const uint64_t *grp;
    size_t n;
} km_case;

FRESH_FIT(fit_km, km_case, csat_km, csat_km_new,
          c->grp ? csat_km_fit_group(h, c->t, c->e, c->w, c->grp, 1, c->n, NULL)
                 : csat_km_fit(h, c->t, c->e, c->w, c->n, NULL),
          csat_km_last_error, csat_km_free)

static void km_all(void)
{
    static double t[NMAX], e[NMAX], w[NMAX];
    static uint64_t grp[NMAX];
    uint64_t g = 5;
    km_case c = {t, e, NULL, NULL, NMAX};
    for (int i = 0; i < NMAX; i++)
        t[i] = 1e6 * unif(&g), e[i] = unif(&g) < 0.6, grp[i] = (uint64_t)(i % 3);
    timed("csat_km_fit: 1000 distinct times up to 1e6", fit_km, &c);
    for (int i = 0; i < NMAX; i++)
        w[i] = 1.7e305;
    c.w = w;
    timed("csat_km_fit: 1000 times, weights 1.7e305", fit_km, &c);
    for (int i = 0; i < NMAX; i++)
        w[i] = 1e-300;
    timed("csat_km_fit: 1000 times, weights 1e-300", fit_km, &c);
    c.w = NULL;
    for (int i = 0; i < NMAX; i++)
        t[i] = 12.0;
    timed("csat_km_fit: 1000 identical times", fit_km, &c);
    for (int i = 0; i < NMAX; i++)
        t[i] = 1e300 * unif(&g);
    timed("csat_km_fit: 1000 times up to 1e300", fit_km, &c);
    c.grp = grp;
    timed("csat_km_fit_group: a third of 1000 times up to 1e300", fit_km, &c);
}

/* ---- k-means -------------------------------------------------------------------------- */

typedef struct km_fit_case {
    const double *X;
    size_t n, d, k, kmin, kmax;
    int standardize, elbow;
} kmeans_case;

static csat_status kmeans_call(csat_kmeans *km, const kmeans_case *c)
{
    static int labels[NMAX];
    static double inertia[NMAX];
    csat_kmeans_options o = CSAT_KMEANS_OPTIONS_INIT;
    o.k = c->k;
    o.standardize = c->standardize;
    return c->elbow ? csat_kmeans_elbow(km, c->X, c->n, c->d, &o, c->kmin, c->kmax, labels, inertia)
                    : csat_kmeans_fit(km, c->X, c->n, c->d, &o, labels);
}

FRESH_FIT(fit_kmeans, kmeans_case, csat_kmeans, csat_kmeans_new, kmeans_call(h, c), csat_kmeans_last_error,
          csat_kmeans_free)

static void kmeans_all(void)
{
    static double X[NMAX * 2];
    uint64_t g = 9;
    kmeans_case c = {X, NMAX, 2, 8, 0, 0, 0, 0};
    for (int i = 0; i < NMAX; i++)
        X[2 * i] = 10.0 * (i % 4) + unif(&g), X[2 * i + 1] = unif(&g);
    timed("csat_kmeans_fit: 1000 x 2, k = 8", fit_kmeans, &c);
    c.k = NMAX;
    timed("csat_kmeans_fit: 1000 x 2, k = n", fit_kmeans, &c);
    for (int i = 0; i < NMAX; i++)
        X[2 * i] = X[2 * i] > 20.0 ? 1.0 : 0.0, X[2 * i + 1] = 0.0;
    c.k = 8;
    timed("csat_kmeans_fit: 1000 x 2, 2 distinct points, k = 8", fit_kmeans, &c);
    for (int i = 0; i < NMAX; i++)
        X[2 * i] = 3.0, X[2 * i + 1] = 3.0;
    timed("csat_kmeans_fit: 1000 identical points, k = 8", fit_kmeans, &c);
    for (int i = 0; i < NMAX; i++)
        X[2 * i] = 1e200 * (1.0 + unif(&g)), X[2 * i + 1] = 1e200 * unif(&g);
    c.standardize = 1;
    timed("csat_kmeans_fit: values near 1e200, standardize", fit_kmeans, &c);
    c.standardize = 0;
    for (int i = 0; i < NMAX; i++)
        X[2 * i] = 10.0 * (i % 4) + unif(&g), X[2 * i + 1] = unif(&g);
    c.elbow = 1, c.kmin = 1, c.kmax = 20;
    timed("csat_kmeans_elbow: 1000 x 2, k = 1..20", fit_kmeans, &c);
    c.kmin = NMAX - 5, c.kmax = NMAX;
    timed("csat_kmeans_elbow: 1000 x 2, k = 995..1000", fit_kmeans, &c);
}

/* ---- derived importance (a regression) -------------------------------------------------- */

typedef struct imp_case {
    const double *perf, *overall;
    csat_importance_method method;
} imp_case;

static csat_status fit_importance(void *vctx, const char **msg)
{
    imp_case *c = vctx;
    double imp[5];
    *msg = NULL;
    return csat_importance_derived(c->perf, c->overall, NMAX, 5, c->method, CSAT_NAN_ERROR, NULL, imp, NULL);
}

static void importance_all(void)
{
    static double perf[NMAX * 5], overall[NMAX];
    uint64_t g = 13;
    imp_case c = {perf, overall, CSAT_IMPORTANCE_REGRESSION};
    for (int i = 0; i < NMAX; i++) {
        overall[i] = 0.0;
        for (int j = 0; j < 5; j++) {
            perf[i * 5 + j] = 1.0 + floor(7.0 * unif(&g));
            overall[i] += (j + 1) * perf[i * 5 + j];
        }
        overall[i] += unif(&g);
    }
    timed("csat_importance_derived (regression): 1000 x 5", fit_importance, &c);
    for (int i = 0; i < NMAX; i++)
        perf[i * 5 + 4] = perf[i * 5 + 3];
    timed("csat_importance_derived (regression): collinear", fit_importance, &c);
}

int main(void)
{
    csat_customers *store;
    load_data();
    store = cdnow_store();
    printf("# time budget of every fit: %.2f s of CPU each (fastest of up to 3 runs)\n", BUDGET);
    btyd_all();
    btyd_store_all(store);
    csat_customers_free(store);
    spend_all();
    sbg_all();
    logistic_all();
    km_all();
    kmeans_all();
    importance_all();
    printf("# %d fits, %d over budget; slowest %.4f s\n", n_fits, n_over, worst);
    return n_over ? 1 : 0;
}
