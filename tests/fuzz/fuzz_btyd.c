/*
 * libFuzzer target for the BTYD purchase models (BG/NBD, Pareto/NBD,
 * MBG/NBD, BG/BB). The input bytes become a model kind, parameters over the
 * whole valid range (log-uniform 1e-300..1e300, 1e-6..1e6, raw bit
 * patterns), customers' (x, t_x, T) rows with weights (0, fractional, up to
 * 1e300, invalid) and a program of calls on one handle whose allocator may
 * fail. The contract is checked, not only the absence of crashes:
 *  - on CSAT_OK: P(alive) and P(X(t) = k) in [0, 1] (the latter summing to
 *    at most 1 over distinct k), expectations and DERT finite and >= 0,
 *    E[X(t)] of a new customer non-decreasing in t, fitted parameters finite
 *    and > 0, standard errors finite and >= 0, likelihoods finite
 *    (<= 0 for the discrete BG/BB, at any weights), reports consistent;
 *  - on error: outputs untouched, the handle's parameters unchanged and a
 *    message on the handle.
 */
#include "csat.h"
#include "fuzz_util.h"

#define MAXN 160
#define NP 4 /* the parameters of the kinds the model state walks (not GGom/NBD: op_ggom) */

/* A time T (> 0): mostly small whole numbers, else anywhere in the range. */
static double time_val(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 128)
        return (double)(1 + byte(r) % 120);
    if (tag < 192)
        return log_range(r, -3.0, 6.0);
    if (tag < 224)
        return log_uniform(r);
    return any_double(r);
}

/* One customer's row, valid for the kind most of the time. */
static void row(reader *r, int discrete, double *x, double *tx, double *T)
{
    uint8_t tag = byte(r);
    if (tag >= 232) { /* anything: NaN, negatives, t_x > T, x > 0 with t_x = 0 ... */
        *x = any_double(r);
        *tx = any_double(r);
        *T = any_double(r);
        if (discrete && *T > 1e4 && *T == floor(*T) && *T <= DBL_MAX)
            *T = 1e4; /* known, issue 12 finding 6: BG/BB cost O(n), see below */
        return;
    }
    if (discrete) {
        /* known, issue 12 finding 6: BG/BB costs O(n - t_x) per row (the
         * likelihood's sum), so n stays below 1e4 here */
        double n = tag < 160 ? (double)(1 + byte(r) % 40) : floor(log_range(r, 0.0, 4.0));
        double u = (double)u16(r) / 65535.0;
        *T = n;
        *tx = floor(u * n);
        *x = *tx > 0 ? 1.0 + floor((double)byte(r) / 256.0 * *tx) : 0.0;
        return;
    }
    *T = time_val(r);
    *x = count_val(r);
    if (!(*x >= 0))
        *x = 0.0;
    *tx = *x > 0 ? *T * ((double)u16(r) / 65535.0) : 0.0;
}

static double weight(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 128)
        return 1.0;
    if (tag < 160)
        return 0.0;
    if (tag < 200)
        return (double)byte(r) / 16.0;
    if (tag < 224)
        return log_uniform(r);
    return any_double(r);
}

typedef struct state {
    csat_btyd_model *m;
    int kind, discrete;
    size_t n;
    double x[MAXN], tx[MAXN], T[MAXN], w[MAXN];
    int has_params, has_fit;
    double params[NP];
} state;

/* strict: T > 0 as the header asks; loose: also T = 0 (a new customer), which
 * the predictions may accept. */
static const state *current;

static void dump(void)
{
    const state *s = current;
    fprintf(stderr, "kind %d, %zu rows, params %s%.17g %.17g %.17g %.17g\n", s->kind, s->n,
            s->has_params ? "" : "(none) ", s->params[0], s->params[1], s->params[2], s->params[3]);
    for (size_t i = 0; i < s->n && i < 16; i++)
        fprintf(stderr, "  row %zu: x %.17g t_x %.17g T %.17g w %.17g\n", i, s->x[i], s->tx[i], s->T[i], s->w[i]);
}

static int rows_valid(const state *s, int strict)
{
    for (size_t i = 0; i < s->n; i++) {
        double x = s->x[i], tx = s->tx[i], T = s->T[i];
        /* counts are whole numbers up to 2^53 (csat.h) */
        if (!(isfinite(x) && isfinite(tx) && isfinite(T) && x >= 0 && x == floor(x) && x <= 0x1p53 && tx >= 0 &&
              tx <= T && (x > 0 || tx == 0)))
            return 0;
        if (s->discrete && !(tx == floor(tx) && T == floor(T) && T >= 1 && T <= 0x1p53 && x <= tx &&
                             (x == 0) == (tx == 0)))
            return 0;
        if (!s->discrete && strict && !(T > 0))
            return 0;
    }
    return 1;
}

/*
 * Where the values of the predictions are checked. Everywhere, every call
 * must return without a crash, UB or leak, with its outputs untouched on
 * error. Predictions are computed for parameters in [1e-15, 1e15] (csat.h;
 * CSAT_EDOM beyond: over the whole double range, 10-57% of the parameter
 * sets gave NaN or Inf, issue 12), and there every value is checked.
 */
static int params_supported(const double *p)
{
    for (int i = 0; i < NP; i++)
        if (!(p[i] >= 1e-15 && p[i] <= 1e15))
            return 0;
    return 1;
}

static int known_nonfinite_expected(const state *s, const double *p)
{
    (void)s;
    return !params_supported(p);
}

static void params_unchanged(const state *s, csat_status st)
{
    double p[NP];
    csat_status g = csat_btyd_get_params(s->m, p, NP);
    if (s->has_params)
        CHECK(g == CSAT_OK && memcmp(p, s->params, sizeof p) == 0, "parameters changed by a failing call (%d)",
              (int)st);
    else
        CHECK(g == CSAT_EMISUSE, "parameters appeared after a failing call (%d)", (int)st);
}

static void failed(const state *s, csat_status st)
{
    CHECK_STATUS(st);
    CHECK(csat_btyd_last_error(s->m)[0] != '\0' || st == CSAT_EINVAL, "error %d without a message", (int)st);
    params_unchanged(s, st);
}

static void op_set_params(state *s, reader *r)
{
    double p[NP];
    size_t n = (byte(r) & 31) == 0 ? 3 : NP;
    csat_status st;
    for (int i = 0; i < NP; i++)
        p[i] = pos_param(r);
    st = csat_btyd_set_params(s->m, p, n);
    if (st == CSAT_OK) {
        for (int i = 0; i < NP; i++)
            CHECK(isfinite(p[i]) && p[i] > 0, "set_params accepted p[%d] = %g", i, p[i]);
        CHECK(n == NP, "set_params accepted %zu parameters", n);
        memcpy(s->params, p, sizeof p);
        s->has_params = 1;
        s->has_fit = 0;
    } else {
        failed(s, st);
    }
}

static void op_p_alive(state *s)
{
    double out[MAXN];
    csat_status st;
    poison(out, sizeof out);
    st = csat_btyd_p_alive(s->m, s->x, s->tx, s->T, s->n, out);
    if (st == CSAT_OK) {
        CHECK(s->has_params && rows_valid(s, 0), "p_alive accepted invalid input");
        if (params_supported(s->params))
            RANGE_N(out, s->n, 0.0, 1.0);
    } else {
        UNTOUCHED(out, sizeof out, st);
        CHECK(!s->has_params || !rows_valid(s, 1) || !params_supported(s->params) || st == CSAT_ENOMEM,
              "p_alive failed (%d) on valid input", (int)st);
        failed(s, st);
    }
}

static double horizon(reader *r, int discrete)
{
    uint8_t tag = byte(r);
    /* BG/BB: up to 1e7 opportunities (P(X(n) = k) cost O(n) until branch
     * pmf: 1e4 was the cap then) */
    if (discrete && tag < 224)
        return tag < 192 ? (double)(byte(r) % 60) : floor(log_range(r, 0.0, 7.0));
    if (discrete)
        return fmin(any_double(r), 1e7);
    if (tag < 128)
        return (double)byte(r) / 4.0;
    if (tag < 192)
        return log_range(r, -3.0, 6.0);
    if (tag < 224)
        return log_uniform(r);
    return any_double(r);
}

static void op_expected(state *s, reader *r)
{
    double out[MAXN], t = horizon(r, s->discrete);
    csat_status st;
    poison(out, sizeof out);
    st = csat_btyd_expected_purchases(s->m, t, s->x, s->tx, s->T, s->n, out);
    if (st == CSAT_OK) {
        CHECK(s->has_params && rows_valid(s, 0) && isfinite(t) && t >= 0, "expected_purchases accepted invalid input");
        if (!known_nonfinite_expected(s, s->params))
            for (size_t i = 0; i < s->n; i++)
                CHECK(isfinite(out[i]) && out[i] >= 0,
                      "expected_purchases[%zu] = %g (kind %d, params %g %g %g %g, t %g, row %g %g %g)", i, out[i],
                      s->kind, s->params[0], s->params[1], s->params[2], s->params[3], t, s->x[i], s->tx[i],
                      s->T[i]);
    } else {
        UNTOUCHED(out, sizeof out, st);
        failed(s, st);
    }
}

static void op_expected_new(state *s, reader *r)
{
    double t[8] = {0}, out[8]; /* t: set (n = 0 passes it unread) */
    size_t n = byte(r) % 9;
    int sorted = 1;
    csat_status st;
    for (size_t i = 0; i < n; i++) {
        t[i] = horizon(r, s->discrete);
        if (i && !(t[i] >= t[i - 1]))
            sorted = 0;
    }
    poison(out, sizeof out);
    st = csat_btyd_expected_purchases_new(s->m, t, n, out);
    if (st == CSAT_OK) {
        CHECK(s->has_params && n > 0, "expected_purchases_new accepted invalid input");
        if (!known_nonfinite_expected(s, s->params)) {
            for (size_t i = 0; i < n; i++)
                CHECK(isfinite(out[i]) && out[i] >= 0, "expected_purchases_new(%g) = %g (kind %d, params %g %g %g %g)",
                      t[i], out[i], s->kind, s->params[0], s->params[1], s->params[2], s->params[3]);
            /* found by this target (reported with issue 12): beyond t = 1e6
             * E[X(t)] can fall (BG/NBD {0.25, 0.25, 0.25, 0.25}: 367.9 at
             * t = 6483, 0.667 at t = 1.3e154); monotone up to 1e6 */
            if (sorted && n && t[n - 1] <= 1e6)
                for (size_t i = 1; i < n; i++)
                    CHECK(out[i] >= out[i - 1] * (1 - 1e-9) - 1e-300,
                          "E[X(t)] decreases: %g at t = %g, %g at t = %g (kind %d, params %g %g %g %g)", out[i - 1],
                          t[i - 1], out[i], t[i], s->kind, s->params[0], s->params[1], s->params[2], s->params[3]);
        }
    } else {
        UNTOUCHED(out, sizeof out, st);
        failed(s, st);
    }
}

/* Simulated customers: valid rows (they must fit), finite latent rates,
 * alive 0 or 1; nothing written on error. */
static void op_simulate(state *s, reader *r)
{
    double T[8], x[8], tx[8], lat[16], al[8];
    size_t n = byte(r) % 9;
    uint8_t f = byte(r);
    uint64_t seed = byte(r);
    csat_status st;
    for (size_t i = 0; i < n; i++)
        T[i] = (f & 8) ? any_double(r) : horizon(r, s->discrete);
    poison(x, sizeof x), poison(tx, sizeof tx), poison(lat, sizeof lat), poison(al, sizeof al);
    st = csat_btyd_simulate(s->m, seed, (f & 16) ? NULL : T, n, x, tx, (f & 1) ? lat : NULL, (f & 2) ? al : NULL);
    if (st == CSAT_OK) {
        CHECK(s->has_params && n > 0 && !(f & 16), "simulate accepted invalid input");
        for (size_t i = 0; i < n; i++) {
            CHECK(isfinite(T[i]) && T[i] > 0 && (!s->discrete || T[i] == floor(T[i])), "simulate accepted T %g",
                  T[i]);
            CHECK(isfinite(x[i]) && x[i] >= 0 && x[i] == floor(x[i]) && tx[i] >= 0 && tx[i] <= T[i] &&
                      (x[i] > 0 || tx[i] == 0),
                  "simulated row %zu invalid: %g %g %g (kind %d)", i, x[i], tx[i], T[i], s->kind);
            if (s->discrete)
                CHECK(tx[i] == floor(tx[i]) && x[i] <= tx[i] && (x[i] == 0) == (tx[i] == 0),
                      "simulated BG/BB row %zu: %g %g %g", i, x[i], tx[i], T[i]);
            if (f & 1)
                CHECK(isfinite(lat[2 * i]) && lat[2 * i] >= 0 && isfinite(lat[2 * i + 1]) && lat[2 * i + 1] >= 0,
                      "latent %g %g", lat[2 * i], lat[2 * i + 1]);
            if (f & 2)
                CHECK(al[i] == 0 || al[i] == 1, "alive %g", al[i]);
        }
        if (!(f & 1))
            CHECK(poisoned(lat, sizeof lat), "latent written though NULL");
    } else {
        UNTOUCHED(x, sizeof x, st);
        UNTOUCHED(tx, sizeof tx, st);
        UNTOUCHED(lat, sizeof lat, st);
        UNTOUCHED(al, sizeof al, st);
        failed(s, st);
    }
}

/* Tracking: the cumulative expectation of cohorts and a P(alive) path;
 * finite and >= 0 (P(alive) in [0, 1]) where the kind's expectations are
 * finite, nothing written on error. */
static void op_tracking(state *s, reader *r)
{
    double birth[6], count[6], t[6], out[6], times[6];
    size_t nc = byte(r) % 7, nt = byte(r) % 7;
    uint8_t f = byte(r);
    csat_status st;
    for (size_t i = 0; i < nc; i++) {
        birth[i] = (f & 1) ? any_double(r) : horizon(r, s->discrete);
        count[i] = (f & 2) ? any_double(r) : (double)(byte(r) % 50);
    }
    for (size_t j = 0; j < nt; j++)
        t[j] = (f & 1) ? any_double(r) : horizon(r, s->discrete);
    poison(out, sizeof out);
    st = csat_btyd_expected_cumulative(s->m, birth, count, nc, t, nt, out);
    if (st == CSAT_OK) {
        CHECK(s->has_params && nc > 0 && nt > 0, "expected_cumulative accepted invalid input");
        for (size_t j = 0; j < nt; j++)
            CHECK(isfinite(out[j]) && out[j] >= 0, "cumulative %g (kind %d)", out[j], s->kind);
    } else {
        UNTOUCHED(out, sizeof out, st);
        failed(s, st);
    }
    /* purchase times: a sorted walk (or anything with f & 4) */
    for (size_t i = 0; i < nc; i++)
        times[i] = (f & 4) ? birth[i] : (i ? times[i - 1] : 0.0) + (double)(byte(r) % 4);
    poison(out, sizeof out);
    st = csat_btyd_alive_path(s->m, times, nc, t, nt, out);
    if (st == CSAT_OK) {
        CHECK(s->has_params && nc > 0 && nt > 0, "alive_path accepted invalid input");
        for (size_t j = 0; j < nt; j++)
            CHECK(t[j] >= times[0] && (!params_supported(s->params) || (out[j] >= 0 && out[j] <= 1)),
                  "alive path %g at %g (kind %d)", out[j], t[j], s->kind);
    } else {
        UNTOUCHED(out, sizeof out, st);
        failed(s, st);
    }
}

/* Pareto/NBD P(X(t) = k) costs about (r+s)/(1 - rho) series terms
 * (documented; up to a second per value): keep the fuzzer fast. */
static int pnbd_prob_too_slow(const double *p)
{
    double rho = fabs(p[1] - p[3]) / fmax(p[1], p[3]);
    return (p[0] + p[2]) / fmax(1.0 - rho, 1e-300) > 1e5;
}

/* P(X(T, T+t) = k | x, t_x, T) for the rows (no bytes of its own: the
 * inputs of op_prob, so that the corpus replays as before). Its cost is
 * that of P(X(t) = k) at each row's posterior parameters. */
static void op_prob_cond(state *s, double t, double k)
{
    double out[MAXN];
    csat_status st;
    if (s->kind == CSAT_BTYD_PARETO_NBD && s->has_params)
        for (size_t i = 0; i < s->n; i++) {
            const double q[NP] = {s->params[0] + s->x[i], s->params[1] + s->T[i], s->params[2],
                                  s->params[3] + s->T[i]};
            if (!(isfinite(q[0]) && isfinite(q[1]) && isfinite(q[3])) || pnbd_prob_too_slow(q))
                return;
        }
    TRACE("prob_purchases_cond(t %.17g, k %.17g)\n", t, k);
    poison(out, sizeof out);
    st = csat_btyd_prob_purchases_cond(s->m, t, k, s->x, s->tx, s->T, s->n, out);
    if (st == CSAT_OK) {
        CHECK(s->has_params && rows_valid(s, 0) && isfinite(t) && t >= 0 && k >= 0 && k == floor(k) && k <= 1e7,
              "prob_purchases_cond accepted invalid input");
        RANGE_N(out, s->n, 0.0, 1.0);
    } else {
        UNTOUCHED(out, sizeof out, st);
        failed(s, st);
    }
}

static void op_prob(state *s, reader *r)
{
    double k[8], out[8], t = horizon(r, s->discrete), sum = 0.0;
    size_t n = byte(r) % 9;
    int distinct = 1;
    csat_status st;
    for (size_t i = 0; i < n; i++) {
        k[i] = byte(r) < 224 ? (double)(byte(r) % 24) : count_val(r);
        for (size_t j = 0; j < i; j++)
            if (k[j] == k[i])
                distinct = 0;
    }
    if (s->kind == CSAT_BTYD_PARETO_NBD && s->has_params && pnbd_prob_too_slow(s->params))
        return;
    op_prob_cond(s, t, n > 0 ? k[0] : 0.0);
    poison(out, sizeof out);
    st = csat_btyd_prob_purchases(s->m, t, k, n, out);
    if (st == CSAT_OK) {
        CHECK(s->has_params && n > 0 && isfinite(t) && t >= 0, "prob_purchases accepted invalid input");
        if (params_supported(s->params)) {
            RANGE_N(out, n, 0.0, 1.0);
            for (size_t i = 0; i < n; i++)
                sum += out[i];
            /* found by this target: up to 6 (BG/BB) and 2.1 (BG/NBD) at
             * parameters near 1e15 (log-betas of ~3e16 differenced) */
            CHECK(!distinct || sum <= 1.0 + 1e-12, "P(X(t) = k) over distinct k sums to %.17g", sum);
        }
    } else {
        UNTOUCHED(out, sizeof out, st);
        failed(s, st);
    }
}

static void op_dert(state *s, reader *r)
{
    double out[MAXN], d;
    uint8_t tag = byte(r);
    csat_status st;
    d = tag < 128 ? log_range(r, -9.0, 0.0) : tag < 192 ? log_range(r, -9.0, 300.0) : any_double(r);
    poison(out, sizeof out);
    /* beyond [1e-15, 1e15] DERT took seconds per value (4.1 s for MBG/NBD at
     * {1e300, 1e15, 1e15, 1e300}); it is CSAT_EDOM there now */
    TRACE("dert(discount %.17g)\n", d);
    st = csat_btyd_dert(s->m, d, s->x, s->tx, s->T, s->n, out);
    if (st == CSAT_OK) {
        CHECK(s->has_params && rows_valid(s, 0) && isfinite(d) && d >= 1e-9, "dert accepted invalid input");
        for (size_t i = 0; i < s->n && params_supported(s->params); i++)
            CHECK(isfinite(out[i]) && out[i] >= 0, "dert[%zu] = %g (kind %d, params %g %g %g %g, d %g, row %g %g %g)",
                  i, out[i], s->kind, s->params[0], s->params[1], s->params[2], s->params[3], d, s->x[i], s->tx[i],
                  s->T[i]);
    } else {
        UNTOUCHED(out, sizeof out, st);
        failed(s, st);
    }
}

static void read_options(reader *r, csat_btyd_options *o, double *start)
{
    uint8_t f = byte(r);
    o->max_iter = 1 + byte(r) % 40;
    if (f & 1)
        o->l2_penalty = (f & 2) ? pos_param(r) : (double)byte(r) / 64.0;
    if (f & 4) {
        for (int i = 0; i < NP; i++)
            start[i] = pos_param(r);
        o->start = start;
    }
    o->standard_errors = !(f & 8);
    if (f & 16)
        o->gtol = any_double(r);
    if ((f & 224) == 224)
        o->version = byte(r);
}

/* known, issue 12 finding 6: Pareto/NBD fits on degenerate data take
 * seconds even with 3 iterations on 4 rows (the fix is in progress): they
 * are not fuzzed; the Pareto/NBD likelihood is, through chunk_loglik. */
static int skip_fit(const state *s, const csat_btyd_options *o)
{
    (void)o;
    return s->kind == CSAT_BTYD_PARETO_NBD;
}

static void after_fit(state *s, csat_status st, const csat_btyd_options *o)
{
    if (st == CSAT_OK) {
        double p[NP], se[NP], ll, aic, bic;
        csat_fit_report rep;
        csat_status sst;
        CHECK(csat_btyd_get_params(s->m, p, NP) == CSAT_OK, "no parameters after a fit");
        for (int i = 0; i < NP; i++)
            CHECK(isfinite(p[i]) && p[i] > 0, "fitted p[%d] = %g", i, p[i]);
        CHECK(csat_btyd_log_likelihood(s->m, &ll, &aic, &bic) == CSAT_OK, "log_likelihood after a fit");
        FINITE(ll), FINITE(aic), FINITE(bic);
        /* a log-probability (see op_chunk) */
        CHECK(!s->discrete || ll <= 0.0 || !params_supported(p), "BG/BB log-likelihood %g > 0", ll);
        CHECK(csat_btyd_fit_report(s->m, &rep) == CSAT_OK, "fit_report after a fit");
        CHECK(rep.converged == 1 && rep.evaluations > 0, "OK fit: converged %d, %zu evaluations", rep.converged,
              rep.evaluations);
        CHECK(o->l2_penalty != 0 || rep.log_likelihood == ll, "report LL %g != %g", rep.log_likelihood, ll);
        CHECK_STAGES(csat_btyd_fit_stages, s->m, &rep);
        poison(se, sizeof se);
        sst = csat_btyd_standard_errors(s->m, se, NP);
        check_fit_se(sst, se, NP, sizeof se, o->standard_errors);
        memcpy(s->params, p, sizeof p);
        s->has_params = s->has_fit = 1;
    } else {
        failed(s, st);
        if (st == CSAT_ENOCONV) {
            csat_fit_report rep;
            CHECK(csat_btyd_fit_report(s->m, &rep) == CSAT_OK && rep.converged == 0, "ENOCONV report");
            CHECK_STAGES(csat_btyd_fit_stages, s->m, &rep);
        }
    }
}

static void op_fit(state *s, reader *r)
{
    csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
    double start[NP];
    const double *w = (byte(r) & 1) ? s->w : NULL;
    csat_status st;
    read_options(r, &o, start);
    if (skip_fit(s, &o))
        return;
    if ((byte(r) & 63) == 0) { /* the defaults */
        const csat_btyd_options def = CSAT_BTYD_OPTIONS_INIT;
        if (skip_fit(s, &def))
            return;
        st = csat_btyd_fit(s->m, s->x, s->tx, s->T, w, s->n, NULL);
        after_fit(s, st, &def);
        return;
    }
    st = csat_btyd_fit(s->m, s->x, s->tx, s->T, w, s->n, &o);
    after_fit(s, st, &o);
}

static void op_fit_customers(state *s, reader *r)
{
    csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
    csat_customers *c = NULL;
    double start[NP], times[32];
    uint64_t ids[32];
    size_t n = byte(r) % 33, n_sum = 0;
    csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
    csat_status st;
    read_options(r, &o, start);
    for (size_t i = 0; i < n; i++) {
        ids[i] = byte(r) % 8;
        times[i] = (double)(byte(r) % 50);
    }
    so.observation_end = 50.0;
    if (csat_customers_new(&c, NULL) != CSAT_OK)
        return;
    if (csat_customers_add(c, ids, times, NULL, n) == CSAT_OK && (byte(r) & 7) &&
        csat_customers_summarize(c, &so, &n_sum, NULL) == CSAT_OK) {
        if (!skip_fit(s, &o) && (s->kind != CSAT_BTYD_PARETO_NBD || n_sum <= 8)) {
            st = csat_btyd_fit_customers(s->m, c, &o);
            CHECK(st != CSAT_OK || !s->discrete, "BG/BB fitted from a store");
            after_fit(s, st, &o);
        }
    } else if (!skip_fit(s, &o)) {
        st = csat_btyd_fit_customers(s->m, c, &o);
        CHECK(st != CSAT_OK, "fit_customers without a summary said OK");
        failed(s, st);
    }
    csat_customers_free(c);
}

static void op_chunk(state *s, reader *r)
{
    double p[CSAT_BTYD_N_PARAMS], ll, grad[CSAT_BTYD_N_PARAMS], hess[CSAT_BTYD_N_PARAMS * CSAT_BTYD_N_PARAMS];
    int kind = byte(r) % 6;
    const int sel = byte(r);
    const double *w = (sel & 1) ? s->w : NULL;
    const int np = kind == CSAT_BTYD_GGOMNBD ? 5 : NP;
    csat_status st;
    for (int i = 0; i < np; i++)
        p[i] = pos_param(r);
    if (kind == CSAT_BTYD_GGOMNBD && s->n > 4)
        return; /* quadrature per row: a few rows are enough */
    if (kind == CSAT_BTYD_PARETO_NBD && (s->n > 8 || pnbd_prob_too_slow(p)))
        return; /* the Pareto/NBD likelihood has the same series cost */
    if (kind == CSAT_BTYD_BGBB)
        for (size_t i = 0; i < s->n; i++)
            if (s->T[i] > 1e4)
                return; /* known, issue 12 finding 6: BG/BB costs O(n) per row */
    poison(&ll, sizeof ll), poison(grad, sizeof grad), poison(hess, sizeof hess);
    TRACE("chunk_%s(kind %d, %.17g %.17g %.17g %.17g)\n", (sel & 2) ? "hessian" : "loglik", kind, p[0], p[1],
          p[2], p[3]);
    if (sel & 2)
        st = FZ_CALL(csat_btyd_chunk_hessian((csat_btyd_kind)kind, p, s->x, s->tx, s->T, w, s->n, &ll, grad, hess, FZ_ERR));
    else
        st = FZ_CALL(csat_btyd_chunk_loglik((csat_btyd_kind)kind, p, s->x, s->tx, s->T, w, s->n, &ll,
                                    (byte(r) & 1) ? grad : NULL, FZ_ERR));
    CHECK_STATUS(st);
    if (st == CSAT_OK) {
        CHECK(kind < 5, "chunk_loglik accepted kind %d", kind);
        FINITE(ll);
        /* found by this target: the BG/BB likelihood lost its digits to
         * cancelling log-beta terms at large parameters (all four 1e15:
         * log P(x = 0 | n = 31) = +0.036, issue 12) and a tiny beta's to
         * b + n - x (+1.4e-6 at beta = 2e-10, x = t_x = n = 7: corpus
         * btyd/crash-bgbb-ll-positive-tiny-beta); each row's log L is <= 0 now, so at
         * any weights the sum is. */
        if (kind == CSAT_BTYD_BGBB && ll > 0.0 && params_supported(p)) {
            for (size_t i = 0; i < s->n; i++)
                fprintf(stderr, "row %zu: x %.17g t_x %.17g n %.17g w %.17g\n", i, s->x[i], s->tx[i], s->T[i],
                        w ? w[i] : 1.0);
            CHECK(0, "BG/BB chunk log-likelihood %g > 0 at %.17g %.17g %.17g %.17g", ll, p[0], p[1], p[2], p[3]);
        }
        CHECK(poisoned(grad, sizeof grad) || all_finite(grad, (size_t)np), "gradient not finite");
        CHECK(poisoned(grad + np, sizeof grad - (size_t)np * sizeof *grad), "gradient past the parameters");
        if (sel & 2) {
            CHECK(all_finite(grad, (size_t)np) && all_finite(hess, (size_t)(np * np)), "chunk_hessian: not finite");
            for (int i = 0; i < np; i++)
                for (int j = 0; j < i; j++)
                    CHECK(hess[i * np + j] == hess[j * np + i], "chunk_hessian: not symmetric");
        } else {
            CHECK(poisoned(hess, sizeof hess), "chunk_loglik wrote a Hessian");
        }
    } else {
        UNTOUCHED(&ll, sizeof ll, st);
        UNTOUCHED(grad, sizeof grad, st);
        UNTOUCHED(hess, sizeof hess, st);
    }
}

static void op_getters(state *s, reader *r)
{
    double p[NP + 1], se[NP + 1], ll, aic, bic;
    csat_fit_report rep;
    size_t cap = byte(r) % (NP + 2);
    csat_status st;
    poison(p, sizeof p);
    st = csat_btyd_get_params(s->m, p, cap);
    if (st == CSAT_OK) {
        CHECK(s->has_params && cap >= NP && memcmp(p, s->params, NP * sizeof *p) == 0, "get_params");
        CHECK(poisoned(p + NP, sizeof p - NP * sizeof *p), "get_params wrote past 4 values");
    } else {
        UNTOUCHED(p, sizeof p, st);
        CHECK(st == (s->has_params ? CSAT_EBUFSIZE : CSAT_EMISUSE), "get_params: %d", (int)st);
    }
    poison(se, sizeof se);
    st = csat_btyd_standard_errors(s->m, se, cap);
    if (st == CSAT_OK) {
        CHECK(s->has_fit && cap >= NP, "standard_errors without a fit");
        for (int i = 0; i < NP; i++)
            NONNEG(se[i]);
    } else {
        UNTOUCHED(se, sizeof se, st);
    }
    poison(&ll, sizeof ll), poison(&aic, sizeof aic), poison(&bic, sizeof bic);
    st = csat_btyd_log_likelihood(s->m, &ll, &aic, &bic);
    if (st == CSAT_OK) {
        CHECK(s->has_fit, "log_likelihood without a fit");
        FINITE(ll), FINITE(aic), FINITE(bic);
    } else {
        CHECK(!s->has_fit && st == CSAT_EMISUSE, "log_likelihood: %d", (int)st);
        UNTOUCHED(&ll, sizeof ll, st);
        UNTOUCHED(&aic, sizeof aic, st);
    }
    poison(&rep, sizeof rep);
    st = csat_btyd_fit_report(s->m, &rep);
    if (st == CSAT_OK) {
        CHECK(rep.converged == 0 || rep.converged == 1, "report converged = %d", rep.converged);
    } else {
        UNTOUCHED(&rep, sizeof rep, st);
    }
    CHECK(csat_btyd_get_kind(s->m) == (csat_btyd_kind)s->kind, "get_kind");
    CHECK_MESSAGE(csat_btyd_last_error(s->m));
    CHECK(csat_btyd_get_params(NULL, p, NP) == CSAT_EINVAL, "get_params(NULL)");
    CHECK(csat_btyd_p_alive(NULL, s->x, s->tx, s->T, s->n, p) == CSAT_EINVAL, "p_alive(NULL)");
    CHECK(csat_btyd_fit(NULL, s->x, s->tx, s->T, NULL, s->n, NULL) == CSAT_EINVAL, "fit(NULL)");
}

/*
 * GGom/NBD (5 parameters) through the public entry points on up to 4 of the
 * state's rows (continuous kinds only): parameters over the whole accepted
 * range [1e-15, 1e15] (log-uniform, the ends included), every value finite
 * and in range, P(X(t) = k) and P(X(T, T+t) = k | ...) in [0, 1].
 */
static void op_ggom(state *s, reader *r, const csat_allocator *alloc)
{
    csat_btyd_model *m;
    double p[5], out[4], t = 1.0 + byte(r) % 64;
    const size_t n = s->n < 4 ? s->n : 4;
    if (s->discrete || csat_btyd_new(&m, alloc, CSAT_BTYD_GGOMNBD) != CSAT_OK)
        return;
    for (int i = 0; i < 5; i++)
        p[i] = exp((byte(r) - 127.5) / 127.5 * log(1e15));
    for (int i = 0; i < 5; i++)
        p[i] = fmin(fmax(p[i], 1e-15), 1e15);
    CHECK(csat_btyd_p_alive(m, s->x, s->tx, s->T, n, out) == CSAT_EMISUSE, "GGom/NBD p_alive without parameters");
    CHECK(csat_btyd_set_params(m, p, 4) == CSAT_EINVAL, "GGom/NBD took 4 parameters");
    if (csat_btyd_set_params(m, p, 5) == CSAT_OK) {
        csat_status st = csat_btyd_p_alive(m, s->x, s->tx, s->T, n, out);
        CHECK_STATUS(st);
        if (st == CSAT_OK)
            for (size_t i = 0; i < n; i++)
                CHECK(out[i] >= 0 && out[i] <= 1, "GGom/NBD P(alive) = %g", out[i]);
        st = csat_btyd_expected_purchases(m, t, s->x, s->tx, s->T, n, out);
        CHECK_STATUS(st);
        if (st == CSAT_OK)
            for (size_t i = 0; i < n; i++)
                CHECK(isfinite(out[i]) && out[i] >= 0, "GGom/NBD E[X] = %g", out[i]);
        st = csat_btyd_dert(m, 0.01, s->x, s->tx, s->T, n, out);
        CHECK_STATUS(st);
        if (st == CSAT_OK)
            for (size_t i = 0; i < n; i++)
                CHECK(isfinite(out[i]) && out[i] >= 0, "GGom/NBD DERT = %g", out[i]);
        st = csat_btyd_expected_purchases_new(m, &t, 1, out);
        CHECK(st == CSAT_OK && isfinite(out[0]) && out[0] >= 0, "GGom/NBD E[X(t)] new");
        {
            const double k = (double)(byte(r) % 40);
            st = csat_btyd_prob_purchases(m, t, &k, 1, out);
            CHECK(st == CSAT_OK && out[0] >= 0 && out[0] <= 1, "GGom/NBD P(X(t) = k) = %g", out[0]);
            st = csat_btyd_prob_purchases_cond(m, t, k, s->x, s->tx, s->T, n, out);
            CHECK_STATUS(st);
            if (st == CSAT_OK)
                for (size_t i = 0; i < n; i++)
                    CHECK(out[i] >= 0 && out[i] <= 1, "GGom/NBD P(X(T, T+t) = k | ...) = %g", out[i]);
        }
    }
    csat_btyd_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    fuzz_alloc fa;
    csat_allocator alloc = fuzz_allocator(&fa, &r);
    state s;
    uint8_t hdr = byte(&r);
    memset(&s, 0, sizeof s);
    s.kind = hdr % 4;
    s.discrete = s.kind == CSAT_BTYD_BGBB;
    s.n = (hdr & 0x80) ? 1 + byte(&r) % MAXN : 1 + byte(&r) % 12;
    {
        /* the first rows from the input; longer tables repeat them with small changes */
        size_t base = s.n < 12 ? s.n : 12;
        for (size_t i = 0; i < base; i++) {
            row(&r, s.discrete, &s.x[i], &s.tx[i], &s.T[i]);
            s.w[i] = weight(&r);
        }
        for (size_t i = base; i < s.n; i++) {
            size_t j = i % base;
            s.x[i] = s.x[j];
            s.tx[i] = s.tx[j];
            s.T[i] = s.T[j] + (s.discrete ? (double)(i / base) : (double)(i / base) * 0.5);
            s.w[i] = s.w[j];
        }
    }
    current = &s;
    fuzz_dump = dump;
    if (csat_btyd_new(&s.m, &alloc, (csat_btyd_kind)s.kind) != CSAT_OK)
        return 0;
    while (r.n) {
        uint8_t op = byte(&r) % 13;
        TRACE("op %d\n", op);
#ifdef FUZZ_VERBOSE
        dump();
#endif
        switch (op) {
        case 0: op_set_params(&s, &r); break;
        case 1: op_p_alive(&s); break;
        case 2: op_expected(&s, &r); break;
        case 3: op_expected_new(&s, &r); break;
        case 4: op_prob(&s, &r); break;
        case 5: op_dert(&s, &r); break;
        case 6: op_fit(&s, &r); break;
        case 7: op_fit_customers(&s, &r); break;
        case 8: op_chunk(&s, &r); break;
        case 9: op_simulate(&s, &r); break;
        case 10: op_tracking(&s, &r); break;
        case 12: op_ggom(&s, &r, &alloc); break;
        default: op_getters(&s, &r); break;
        }
    }
    csat_btyd_free(s.m);
    CHECK_NO_LEAK(fa);
    return 0;
}
