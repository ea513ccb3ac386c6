/*
 * libFuzzer target for the Gamma-Gamma spend model and CLV: customers'
 * (frequency, mean spend) rows with weights, parameters over the whole valid
 * range (log-uniform 1e-300..1e300, 1e-6..1e6, raw bits), and a program of
 * calls on a spend handle and a purchase model (either may have a failing
 * allocator). Contract checks:
 *  - set/get round trip; fitted p, q, gamma finite and > 0; standard errors
 *    finite and >= 0; likelihood, AIC and BIC finite; report consistent;
 *  - E[Z | x, zbar] finite and > 0, and for q > 1 between the population
 *    mean p gamma / (q - 1) and the customer's own mean zbar (it is their
 *    credibility-weighted average);
 *  - CLV finite and >= 0 per customer, equity their (finite) sum;
 *  - on error: outputs untouched, parameters unchanged, a message.
 */
#include "csat.h"
#include "fuzz_util.h"

#define MAXN 24

static double spend_val(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 128)
        return (double)(1 + byte(r)) * 0.5;
    if (tag < 192)
        return log_range(r, -3.0, 6.0);
    if (tag < 224)
        return log_uniform(r);
    return any_double(r);
}

typedef struct state {
    csat_spend_model *m;
    csat_btyd_model *b;
    size_t n;
    double x[MAXN], z[MAXN], w[MAXN], tx[MAXN], T[MAXN];
    int has_params, has_fit, b_params;
    double params[3], bp[4];
} state;

static const state *current;

static void dump(void)
{
    const state *s = current;
    fprintf(stderr, "spend params %s%.17g %.17g %.17g; purchases %s%.17g %.17g %.17g %.17g\n",
            s->has_params ? "" : "(none) ", s->params[0], s->params[1], s->params[2], s->b_params ? "" : "(none) ",
            s->bp[0], s->bp[1], s->bp[2], s->bp[3]);
    for (size_t i = 0; i < s->n && i < 16; i++)
        fprintf(stderr, "  row %zu: x %.17g zbar %.17g w %.17g t_x %.17g T %.17g\n", i, s->x[i], s->z[i], s->w[i],
                s->tx[i], s->T[i]);
}

static void unchanged(const state *s, csat_status st)
{
    double p[3];
    csat_status g = csat_spend_get_params(s->m, p, 3);
    CHECK_STATUS(st);
    if (s->has_params)
        CHECK(g == CSAT_OK && memcmp(p, s->params, sizeof p) == 0, "parameters changed by a failing call (%d)",
              (int)st);
    else
        CHECK(g == CSAT_EMISUSE, "parameters appeared after a failing call (%d)", (int)st);
    CHECK(csat_spend_last_error(s->m)[0] != '\0' || st == CSAT_EINVAL, "error %d without a message", (int)st);
}

static int rows_valid(const state *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (!(isfinite(s->x[i]) && s->x[i] >= 0 && s->x[i] == floor(s->x[i]) && s->x[i] <= 0x1p53 &&
              isfinite(s->z[i]) && s->z[i] >= 0 &&
              (s->x[i] == 0 || s->z[i] > 0)))
            return 0;
    return 1;
}

static void op_set(state *s, reader *r)
{
    double p[3];
    size_t n = (byte(r) & 31) == 0 ? 4 : 3;
    csat_status st;
    for (int i = 0; i < 3; i++)
        p[i] = pos_param(r);
    st = csat_spend_set_params(s->m, p, n);
    if (st == CSAT_OK) {
        for (int i = 0; i < 3; i++)
            CHECK(isfinite(p[i]) && p[i] > 0, "set_params accepted %g", p[i]);
        CHECK(n == 3, "set_params accepted %zu values", n);
        memcpy(s->params, p, sizeof p);
        s->has_params = 1;
        s->has_fit = 0;
    } else {
        unchanged(s, st);
    }
}

static void op_fit(state *s, reader *r)
{
    csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
    double start[3];
    uint8_t f = byte(r);
    csat_status st;
    o.max_iter = 1 + byte(r) % 60;
    if (f & 1)
        o.l2_penalty = (f & 2) ? pos_param(r) : (double)byte(r) / 64.0;
    if (f & 4) {
        for (int i = 0; i < 3; i++)
            start[i] = pos_param(r);
        o.start = start;
    }
    o.standard_errors = !(f & 8);
    if (f & 16)
        o.gtol = any_double(r);
    if ((f & 224) == 224)
        o.version = byte(r);
    TRACE("spend_fit(l2 %g, max_iter %zu, start %s %g %g %g, weights %d)\n", o.l2_penalty, o.max_iter,
          o.start ? "" : "(none)", start[0], start[1], start[2], (f & 32) != 0);
#ifdef FUZZ_VERBOSE
    dump();
#endif
    st = csat_spend_fit(s->m, s->x, s->z, (f & 32) ? s->w : NULL, s->n, (f & 192) == 192 ? NULL : &o);
    if (st == CSAT_OK) {
        double p[3], se[3], ll, aic, bic;
        csat_fit_report rep;
        csat_status sst;
        CHECK(rows_valid(s), "fit accepted invalid rows");
        CHECK(csat_spend_get_params(s->m, p, 3) == CSAT_OK, "no parameters after a fit");
        for (int i = 0; i < 3; i++)
            CHECK(isfinite(p[i]) && p[i] > 0, "fitted p[%d] = %g", i, p[i]);
        CHECK(csat_spend_log_likelihood(s->m, &ll, &aic, &bic) == CSAT_OK, "log_likelihood");
        FINITE(ll), FINITE(aic), FINITE(bic);
        CHECK(csat_spend_fit_report(s->m, &rep) == CSAT_OK && rep.converged == 1 && rep.evaluations > 0,
              "report after an OK fit");
        CHECK(rep.log_likelihood == ll, "report LL %g != %g", rep.log_likelihood, ll);
        CHECK_STAGES(csat_spend_fit_stages, s->m, &rep);
        poison(se, sizeof se);
        sst = csat_spend_standard_errors(s->m, se, 3);
        check_fit_se(sst, se, 3, sizeof se, (f & 192) == 192 || o.standard_errors);
        memcpy(s->params, p, sizeof p);
        s->has_params = s->has_fit = 1;
    } else {
        unchanged(s, st);
        if (st == CSAT_ENOCONV) {
            csat_fit_report rep;
            csat_status rs = csat_spend_fit_report(s->m, &rep);
            CHECK(rs == CSAT_OK && rep.converged == 0, "ENOCONV report: %d (%s)", (int)rs, csat_spend_last_error(s->m));
            CHECK_STAGES(csat_spend_fit_stages, s->m, &rep);
        }
    }
}

static void op_expected(state *s)
{
    double out[MAXN];
    csat_status st;
    poison(out, sizeof out);
    st = csat_spend_expected(s->m, s->x, s->z, s->n, out);
    if (st == CSAT_OK) {
        const double *p = s->params;
        CHECK(s->has_params && rows_valid(s), "expected accepted invalid input");
        for (size_t i = 0; i < s->n; i++) {
            CHECK(isfinite(out[i]) && out[i] >= 0, "E[Z | x = %g, zbar = %g] = %g (p %g q %g gamma %g)", s->x[i],
                  s->z[i], out[i], p[0], p[1], p[2]);
            if (p[1] > 1 && s->x[i] > 0) {
                double pop = p[0] * p[2] / (p[1] - 1), lo = fmin(pop, s->z[i]), hi = fmax(pop, s->z[i]);
                if (isfinite(pop) && pop >= DBL_MIN) /* pop itself is rounded here */
                    CHECK(out[i] >= lo * (1 - 1e-12) && out[i] <= hi * (1 + 1e-12),
                          "E[Z | x = %g, zbar = %g] = %.17g outside [%.17g, %.17g] (p %g q %g gamma %g)", s->x[i],
                          s->z[i], out[i], lo, hi, p[0], p[1], p[2]);
            }
        }
    } else {
        UNTOUCHED(out, sizeof out, st);
        unchanged(s, st);
    }
}

/* Simulated spends: 0 for frequency 0, else positive and finite; nu
 * finite and > 0; nothing written on error. */
static void op_simulate(state *s, reader *r)
{
    double out[MAXN], nu[MAXN];
    uint8_t f = byte(r);
    size_t n = (f & 4) ? 0 : s->n;
    csat_status st;
    poison(out, sizeof out), poison(nu, sizeof nu);
    st = csat_spend_simulate(s->m, byte(r), s->x, n, out, (f & 1) ? nu : NULL);
    if (st == CSAT_OK) {
        CHECK(s->has_params && n > 0, "simulate accepted invalid input");
        for (size_t i = 0; i < n; i++) {
            CHECK(s->x[i] >= 0 && s->x[i] == floor(s->x[i]), "simulate accepted frequency %g", s->x[i]);
            CHECK(s->x[i] == 0 ? out[i] == 0 : isfinite(out[i]) && out[i] > 0, "simulated spend %g (x %g)", out[i],
                  s->x[i]);
            if (f & 1)
                CHECK(isfinite(nu[i]) && nu[i] > 0, "nu %g", nu[i]);
        }
    } else {
        UNTOUCHED(out, sizeof out, st);
        UNTOUCHED(nu, sizeof nu, st);
        unchanged(s, st);
    }
}

/* The chunked likelihood at any parameters: finite values or an error with
 * nothing written; a chunk without repeat buyers is 0. */
static void op_chunk(state *s, reader *r)
{
    double p[3], ll, g[3], h[9];
    const uint8_t f = byte(r);
    const double *w = (f & 1) ? s->w : NULL;
    csat_status st;
    for (int i = 0; i < 3; i++)
        p[i] = (f & 2) ? any_double(r) : pos_param(r);
    poison(&ll, sizeof ll), poison(g, sizeof g), poison(h, sizeof h);
    TRACE("spend_chunk_loglik(%.17g %.17g %.17g, weights %d)\n", p[0], p[1], p[2], f & 1);
    st = FZ_CALL(csat_spend_chunk_loglik(p, s->x, s->z, w, s->n, &ll, (f & 4) ? g : NULL, (f & 8) ? h : NULL, FZ_ERR));
    CHECK_STATUS(st);
    if (st == CSAT_OK) {
        CHECK(rows_valid(s), "chunk accepted invalid rows");
        for (int i = 0; i < 3; i++)
            CHECK(isfinite(p[i]) && p[i] > 0, "chunk accepted p[%d] = %g", i, p[i]);
        FINITE(ll);
        CHECK(!(f & 4) || all_finite(g, 3), "chunk gradient not finite");
        CHECK(!(f & 8) || all_finite(h, 9), "chunk Hessian not finite");
        CHECK((f & 4) || poisoned(g, sizeof g), "chunk wrote a gradient it was not asked for");
    } else {
        UNTOUCHED(&ll, sizeof ll, st);
        UNTOUCHED(g, sizeof g, st);
        UNTOUCHED(h, sizeof h, st);
    }
}

static void op_getters(state *s, reader *r)
{
    double p[4], se[4], ll, aic, bic;
    csat_fit_report rep;
    size_t cap = byte(r) % 5;
    csat_status st;
    poison(p, sizeof p);
    st = csat_spend_get_params(s->m, p, cap);
    if (st == CSAT_OK) {
        CHECK(s->has_params && cap >= 3 && memcmp(p, s->params, 3 * sizeof *p) == 0, "get_params");
        CHECK(poisoned(p + 3, sizeof *p), "get_params wrote a fourth value");
    } else {
        CHECK(st == (s->has_params ? CSAT_EBUFSIZE : CSAT_EMISUSE), "get_params: %d", (int)st);
        UNTOUCHED(p, sizeof p, st);
    }
    poison(se, sizeof se);
    st = csat_spend_standard_errors(s->m, se, cap);
    if (st == CSAT_OK) {
        CHECK(s->has_fit && cap >= 3, "standard errors without a fit");
        for (int i = 0; i < 3; i++)
            NONNEG(se[i]);
    } else {
        UNTOUCHED(se, sizeof se, st);
    }
    poison(&ll, sizeof ll), poison(&aic, sizeof aic), poison(&bic, sizeof bic);
    st = csat_spend_log_likelihood(s->m, byte(r) & 1 ? NULL : &ll, &aic, &bic);
    if (st == CSAT_OK) {
        CHECK(s->has_fit, "log_likelihood without a fit");
        FINITE(aic), FINITE(bic);
    } else {
        UNTOUCHED(&aic, sizeof aic, st);
        UNTOUCHED(&bic, sizeof bic, st);
    }
    poison(&rep, sizeof rep);
    st = csat_spend_fit_report(s->m, &rep);
    if (st == CSAT_OK)
        CHECK(rep.converged == 0 || rep.converged == 1, "report.converged = %d", rep.converged);
    else
        UNTOUCHED(&rep, sizeof rep, st);
    CHECK_MESSAGE(csat_spend_last_error(s->m));
    CHECK(csat_spend_get_params(NULL, p, 3) == CSAT_EINVAL, "get_params(NULL)");
    CHECK(csat_spend_expected(NULL, s->x, s->z, s->n, p) == CSAT_EINVAL, "expected(NULL)");
}

/* Pareto/NBD predictions cost a series whose length grows with (r+s)/(1 - rho). */
static int pnbd_slow(const double *p)
{
    double rho = fabs(p[1] - p[3]) / fmax(p[1], p[3]);
    return (p[0] + p[2]) / fmax(1.0 - rho, 1e-300) > 1e5;
}

static void op_purchases(state *s, reader *r)
{
    double p[4];
    for (int i = 0; i < 4; i++)
        p[i] = pos_param(r);
    if (csat_btyd_set_params(s->b, p, 4) == CSAT_OK) {
        memcpy(s->bp, p, sizeof p);
        s->b_params = 1;
    }
}

static void op_clv(state *s, reader *r)
{
    csat_clv_options o = CSAT_CLV_OPTIONS_INIT;
    double out[MAXN], eq, hi, lo;
    uint8_t f = byte(r);
    csat_status st;
    o.n_steps = (f & 1) ? (size_t)(byte(r) % 40) : 12;
    if (f & 2)
        o.step = (f & 4) ? pos_param(r) : (double)(1 + byte(r) % 8);
    if (f & 8)
        o.discount_rate = (f & 16) ? any_double(r) : (double)byte(r) / 200.0;
    if ((f & 0xE0) == 0xE0)
        o.version = byte(r);
    if (s->b_params && csat_btyd_get_kind(s->b) == CSAT_BTYD_PARETO_NBD && pnbd_slow(s->bp))
        return;
    /* found by fuzz_btyd (reported with issue 12): outside 1e-6..1e6 the
     * purchase models' predictions are NaN/Inf for many parameter sets and
     * can take seconds (BG/NBD at {8.7e201, 2.7e-202, 1e15, 1e15}: 3.4 s for
     * a 9-step CLV); the CLV is fuzzed with purchase parameters in range */
    for (int i = 0; i < 4; i++)
        if (s->b_params && !(s->bp[i] >= 1e-6 && s->bp[i] <= 1e6))
            return;
    /* found (reported with issue 12): BG/NBD and MBG/NBD expected purchases
     * cost ~50 ms per customer from x = 1e9 on (3 ms at 1e6, us below), so a
     * 40-step CLV of such rows takes seconds */
    for (size_t i = 0; i < s->n; i++)
        if (s->x[i] > 1e6)
            return;
    poison(out, sizeof out), poison(&eq, sizeof eq);
    TRACE("clv(kind %d, purchases %.17g %.17g %.17g %.17g, n_steps %zu, step %.17g, discount %.17g)\n", (int)csat_btyd_get_kind(s->b), s->bp[0],
          s->bp[1], s->bp[2], s->bp[3], o.n_steps, o.step, o.discount_rate);
    st = csat_clv(s->b, s->m, s->x, s->tx, s->T, s->z, s->n, (f & 0xE0) == 0xC0 ? NULL : &o, out,
                  (f & 0xE0) == 0xA0 ? NULL : &eq);
    CHECK_STATUS(st);
    if (st == CSAT_OK) { /* issue 17: on margin, the same CLVs times the margin */
        double outm[MAXN];
        csat_status sm;
        poison(outm, sizeof outm);
        sm = csat_clv_margin(s->b, s->m, s->x, s->tx, s->T, s->z, s->n, (f & 0xE0) == 0xC0 ? NULL : &o, 0.5,
                             NULL, outm, NULL);
        CHECK(sm == CSAT_OK || sm == CSAT_ENOMEM, "clv_margin failed (%d) where clv succeeded", (int)sm);
        for (size_t i = 0; sm == CSAT_OK && i < s->n; i++)
            CHECK(fabs(outm[i] - out[i] * 0.5) <= 1e-12 * fabs(out[i]) + 1e-300, "clv_margin[%zu] = %g, clv %g", i,
                  outm[i], out[i]);
        if (sm != CSAT_OK)
            UNTOUCHED(outm, sizeof outm, sm);
        CHECK(csat_clv_margin(s->b, s->m, s->x, s->tx, s->T, s->z, s->n, NULL, -1.0, NULL, outm, NULL)
              == CSAT_EINVAL, "clv_margin accepted a negative margin");
    }
    hi = fmax(fmax(s->bp[0], s->bp[1]), fmax(s->bp[2], s->bp[3]));
    lo = fmin(fmin(s->bp[0], s->bp[1]), fmin(s->bp[2], s->bp[3]));
    if (st == CSAT_OK) {
        CHECK(s->has_params && s->b_params && rows_valid(s), "clv accepted invalid input");
        /* known, issue 12 finding 2: BG/NBD and MBG/NBD expected purchases
         * are +Inf at parameters spread over many decades */
        if (csat_btyd_get_kind(s->b) != CSAT_BTYD_PARETO_NBD && hi / lo >= 1e6)
            return;
        for (size_t i = 0; i < s->n; i++)
            CHECK(isfinite(out[i]) && out[i] >= 0, "clv[%zu] = %g (x %g t_x %g T %g zbar %g; purchases %g %g %g %g; "
                  "spend %g %g %g)", i, out[i], s->x[i], s->tx[i], s->T[i], s->z[i], s->bp[0], s->bp[1], s->bp[2],
                  s->bp[3], s->params[0], s->params[1], s->params[2]);
        if ((f & 0xE0) != 0xA0)
            NONNEG(eq);
    } else {
        UNTOUCHED(out, sizeof out, st);
        UNTOUCHED(&eq, sizeof eq, st);
        unchanged(s, st);
    }
}

/* Prediction intervals (issue 15): csat_btyd_intervals and csat_clv_intervals
 * on the rows, after the program, the method and quantity from the header
 * byte. Contract: on success finite bounds, lower <= upper, the delta
 * method's around the estimate and the estimate the plain prediction's; on
 * error the outputs untouched, the parameters unchanged. Parameters and
 * counts restricted as for op_clv (the predictions' own cost). */
static void op_intervals(state *s, uint8_t hdr)
{
    csat_interval_options o;
    double e[MAXN], lo[MAXN], hi[MAXN], tot[3];
    csat_status st;
    int clv = hdr & 1;
    if (csat_interval_options_init(&o, CSAT_INTERVAL_OPTIONS_VERSION) != CSAT_OK)
        CHECK(0, "csat_interval_options_init failed");
    o.method = (csat_interval_method)(hdr / 2 % 4); /* 3: invalid */
    o.n_draws = 2 + hdr % 5;
    o.seed = hdr;
    if (s->b_params && csat_btyd_get_kind(s->b) == CSAT_BTYD_PARETO_NBD && pnbd_slow(s->bp))
        return;
    for (int i = 0; i < 4; i++)
        if (s->b_params && !(s->bp[i] >= 1e-6 && s->bp[i] <= 1e6))
            return;
    for (size_t i = 0; i < s->n; i++)
        if (s->x[i] > 1e6)
            return;
    poison(e, sizeof e), poison(lo, sizeof lo), poison(hi, sizeof hi), poison(tot, sizeof tot);
    /* more intervals (issue 15 §4, intervals2): bit 6 picks csat_spend_intervals
     * (with clv) or csat_btyd_prob_intervals (without) */
    if (clv && (hdr & 0x40))
        st = csat_spend_intervals(s->m, s->x, s->z, s->w, s->n, &o, e, lo, hi, tot);
    else if (hdr & 0x40)
        st = csat_btyd_prob_intervals(s->b, 4.0, (double)(hdr / 8 % 3), s->x, s->tx, s->T, s->w, s->n, &o, e, lo,
                                      hi, tot);
    else if (clv)
        st = csat_clv_intervals(s->b, s->m, s->x, s->tx, s->T, s->z, s->w, s->n, NULL, &o, e, lo, hi, tot);
    else
        st = csat_btyd_intervals(s->b, (csat_btyd_quantity)(hdr / 8 % 2), 4.0, s->x, s->tx, s->T, s->w, s->n,
                                 &o, e, lo, hi, tot);
    CHECK_STATUS(st);
    if (st == CSAT_OK) {
        if (clv && (hdr & 0x40))
            CHECK(o.method <= CSAT_INTERVAL_RESAMPLE && s->has_params, "spend intervals accepted invalid input");
        else
            CHECK(o.method <= CSAT_INTERVAL_RESAMPLE && s->b_params && (!clv || s->has_params),
                  "intervals accepted invalid input");
        for (size_t i = 0; i < s->n; i++) {
            CHECK(isfinite(e[i]) && isfinite(lo[i]) && isfinite(hi[i]) && lo[i] <= hi[i],
                  "interval %zu: %g [%g, %g]", i, e[i], lo[i], hi[i]);
            if (o.method == CSAT_INTERVAL_DELTA)
                CHECK(lo[i] <= e[i] && e[i] <= hi[i], "delta interval %zu misses its estimate", i);
        }
        CHECK(isfinite(tot[0]) && isfinite(tot[1]) && isfinite(tot[2]) && tot[1] <= tot[2], "total interval");
    } else {
        UNTOUCHED(e, sizeof e, st);
        UNTOUCHED(lo, sizeof lo, st);
        UNTOUCHED(hi, sizeof hi, st);
        UNTOUCHED(tot, sizeof tot, st);
        if (clv)
            unchanged(s, st);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    fuzz_alloc fa, fb;
    csat_allocator a = fuzz_allocator(&fa, &r), b = fuzz_allocator(&fb, &r);
    state s;
    uint8_t hdr = byte(&r);
    memset(&s, 0, sizeof s);
    s.n = 1 + hdr % MAXN;
    for (size_t i = 0; i < s.n; i++) {
        uint8_t tag = byte(&r);
        s.x[i] = tag < 224 ? (double)(tag % 8) : count_val(&r);
        s.z[i] = s.x[i] == 0 && (tag & 1) ? 0.0 : spend_val(&r);
        s.w[i] = byte(&r) < 192 ? (double)(byte(&r) % 4) : pos_param(&r);
        s.T[i] = byte(&r) < 224 ? (double)(1 + byte(&r) % 60) : pos_param(&r);
        s.tx[i] = s.x[i] > 0 && isfinite(s.T[i]) ? s.T[i] * (double)byte(&r) / 255.0 : 0.0;
    }
    current = &s;
    fuzz_dump = dump;
    if (csat_spend_new(&s.m, &a) != CSAT_OK)
        return 0;
    if (csat_btyd_new(&s.b, &b, (csat_btyd_kind)(hdr >> 5 & 3)) != CSAT_OK) {
        csat_spend_free(s.m);
        return 0;
    }
    while (r.n) {
        uint8_t op = byte(&r) % 8;
        TRACE("op %d\n", op);
        switch (op) {
        case 0: op_set(&s, &r); break;
        case 1: op_fit(&s, &r); break;
        case 2: op_expected(&s); break;
        case 3: op_getters(&s, &r); break;
        case 4: op_purchases(&s, &r); break;
        case 5: op_chunk(&s, &r); break;
        case 6: op_simulate(&s, &r); break;
        default: op_clv(&s, &r); break;
        }
    }
    op_intervals(&s, hdr); /* prediction intervals (issue 15) */
    csat_spend_free(s.m);
    csat_btyd_free(s.b);
    CHECK_NO_LEAK(fa);
    CHECK_NO_LEAK(fb);
    return 0;
}
