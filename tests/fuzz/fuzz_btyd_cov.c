/*
 * libFuzzer target for BTYD with covariates (issue 15): Pareto/NBD and
 * BG/NBD handles fitted with csat_btyd_fit_covariates or given coefficients
 * by hand, and their per-customer predictions. The input bytes become the
 * kind, up to 40 customers' rows (mostly valid), covariate matrices of
 * widths 0..3 and 0..2 (small values, sometimes huge, constant, NaN),
 * options (penalties, constraints, few iterations) and a program of calls
 * on one handle whose allocator may fail. Contract:
 *  - on CSAT_OK: parameters finite and > 0, coefficients finite, standard
 *    errors finite and >= 0; P(alive) in [0, 1], E[X] and DERT finite and
 *    >= 0;
 *  - on error: outputs untouched, the parameters and the coefficients as
 *    they were, a message on the handle.
 */
#include "csat.h"
#include "fuzz_util.h"

#define MAXN 40
#define MAXP 3

typedef struct cstate {
    csat_btyd_model *m;
    int kind;
    size_t n, p1, p2;
    double x[MAXN], tx[MAXN], T[MAXN], z1[MAXN * MAXP], z2[MAXN * MAXP];
} cstate;

/* The handle's observable state: parameters and coefficients (statuses too). */
typedef struct snap {
    csat_status sp, sd, sg;
    double p[4], g[2 * MAXP];
    size_t d[3];
} snap;

static void take(const cstate *s, snap *o)
{
    memset(o, 0, sizeof *o);
    o->sp = csat_btyd_get_params(s->m, o->p, 4);
    o->sd = csat_btyd_covariate_dims(s->m, &o->d[0], &o->d[1], &o->d[2]);
    o->sg = csat_btyd_covariate_params(s->m, o->g, NULL, 2 * MAXP);
}

static void unchanged(const cstate *s, const snap *before, csat_status st)
{
    snap now;
    take(s, &now);
    CHECK(memcmp(&now, before, sizeof now) == 0, "state changed by a failing call (%d)", (int)st);
    CHECK_STATUS(st);
    CHECK(csat_btyd_last_error(s->m)[0] != '\0' || st == CSAT_EINVAL, "error %d without a message", (int)st);
}

static double z_val(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 200)
        return ((double)tag - 100.0) / 25.0; /* -4 .. 4 */
    if (tag < 240)
        return any_double(r);
    return special(byte(r));
}

static void row(reader *r, double *x, double *tx, double *T)
{
    uint8_t tag = byte(r);
    if (tag >= 240) {
        *x = any_double(r), *tx = any_double(r), *T = any_double(r);
        return;
    }
    *T = 1.0 + (double)(byte(r) % 80);
    *x = (double)(byte(r) % 12);
    *tx = *x > 0 ? *T * ((double)u16(r) / 65535.0) : 0.0;
}

static void op_set(cstate *s, reader *r)
{
    double p[4], g[2 * MAXP];
    size_t p1 = byte(r) % (MAXP + 1), p2 = byte(r) % (MAXP + 1);
    snap before;
    csat_status st;
    for (int k = 0; k < 4; k++)
        p[k] = (byte(r) & 1) ? pos_param(r) : 0.25 + (double)(byte(r) % 40) * 0.25;
    for (size_t j = 0; j < p1 + p2; j++)
        g[j] = z_val(r) * 0.25;
    take(s, &before);
    st = csat_btyd_set_params(s->m, p, 4);
    if (st != CSAT_OK)
        return;
    take(s, &before);
    st = csat_btyd_set_covariate_params(s->m, g, p1, p2);
    if (st != CSAT_OK) {
        unchanged(s, &before, st);
        return;
    }
    s->p1 = p1, s->p2 = p2;
}

static void op_fit(cstate *s, reader *r)
{
    csat_btyd_cov_options o;
    size_t c1[2], c2[2], p1 = byte(r) % (MAXP + 1), p2 = byte(r) % (MAXP + 1);
    csat_fit_report rep;
    snap before;
    csat_status st;
    int want_rep;
    CHECK(csat_btyd_cov_options_init(&o, CSAT_BTYD_COV_OPTIONS_VERSION) == CSAT_OK, "options_init");
    o.max_iter = 1 + byte(r) % 60;
    if (byte(r) & 1) {
        o.lambda1 = (byte(r) & 1) ? any_double(r) : (double)byte(r) / 64.0;
        o.lambda2 = (double)byte(r) / 64.0;
    }
    if ((byte(r) & 3) == 0) {
        o.n_constraints = 1 + byte(r) % 2;
        for (size_t k = 0; k < 2; k++)
            c1[k] = byte(r) % (MAXP + 1), c2[k] = byte(r) % (MAXP + 1);
        o.constrain1 = c1, o.constrain2 = c2;
    }
    o.standard_errors = byte(r) & 1;
    take(s, &before);
    poison(&rep, sizeof rep);
    want_rep = byte(r) & 1;
    st = csat_btyd_fit_covariates(s->m, s->x, s->tx, s->T, s->n, s->z1, p1, s->z2, p2, &o,
                                  want_rep ? &rep : NULL);
    if (st != CSAT_OK) {
        if (st == CSAT_ENOCONV || st == CSAT_EDOM) { /* the report may tell how it ended */
            snap now;
            take(s, &now);
            CHECK(memcmp(now.p, before.p, sizeof now.p) == 0 && now.sd == before.sd && now.sg == before.sg,
                  "parameters changed by a failing fit (%d)", (int)st);
        } else {
            unchanged(s, &before, st);
        }
        return;
    }
    {
        double p[4], g[2 * MAXP], se[2 * MAXP], ll;
        size_t d1, d2, nf;
        CHECK(csat_btyd_get_params(s->m, p, 4) == CSAT_OK, "params after a fit");
        for (int k = 0; k < 4; k++)
            CHECK(isfinite(p[k]) && p[k] > 0, "parameter %d = %g", k, p[k]);
        CHECK(csat_btyd_covariate_dims(s->m, &d1, &d2, &nf) == CSAT_OK && d1 == p1 && d2 == p2 && nf <= p1 + p2,
              "dims after a fit");
        CHECK(csat_btyd_covariate_params(s->m, g, NULL, 2 * MAXP) == CSAT_OK, "coefficients after a fit");
        FINITE_N(g, p1 + p2);
        if (csat_btyd_covariate_params(s->m, NULL, se, 2 * MAXP) == CSAT_OK)
            for (size_t j = 0; j < p1 + p2; j++)
                CHECK(isfinite(se[j]) && se[j] >= 0, "se %zu = %g", j, se[j]);
        CHECK(csat_btyd_log_likelihood(s->m, &ll, NULL, NULL) == CSAT_OK && isfinite(ll), "log-likelihood");
        CHECK_STAGES(csat_btyd_fit_stages, s->m, want_rep ? &rep : NULL);
    }
    s->p1 = p1, s->p2 = p2;
}

static void op_predict(cstate *s, reader *r)
{
    double out[MAXN], arg;
    const csat_btyd_cov_what what = (csat_btyd_cov_what)(byte(r) % 4);
    const size_t n = 1 + byte(r) % s->n;
    size_t p1 = s->p1, p2 = s->p2;
    snap before;
    csat_status st;
    arg = (byte(r) & 1) ? any_double(r) : (what == CSAT_BTYD_COV_DERT ? 0.01 : 1.0 + byte(r) % 52);
    if ((byte(r) & 15) == 0)
        p1 = byte(r) % (MAXP + 1);
    take(s, &before);
    poison(out, sizeof out);
    st = csat_btyd_cov_predict(s->m, what, arg, s->x, s->tx, s->T, n, s->z1, p1, s->z2, p2, out);
    if (st != CSAT_OK) {
        UNTOUCHED(out, sizeof out, st);
        unchanged(s, &before, st);
        return;
    }
    CHECK(poisoned(out + n, sizeof out - n * sizeof *out), "written beyond n");
    for (size_t i = 0; i < n; i++) {
        CHECK(isfinite(out[i]) && out[i] >= 0, "prediction %d of customer %zu = %g", (int)what, i, out[i]);
        if (what == CSAT_BTYD_COV_P_ALIVE)
            CHECK(out[i] <= 1.0, "P(alive) %g > 1", out[i]);
    }
}

static void op_getters(cstate *s, reader *r)
{
    double g[2 * MAXP];
    size_t cap = byte(r) % (2 * MAXP + 1), d[3];
    csat_status st;
    poison(g, sizeof g);
    st = csat_btyd_covariate_params(s->m, (byte(r) & 1) ? g : NULL, (byte(r) & 1) ? g : NULL, cap);
    CHECK_STATUS(st);
    if (st != CSAT_OK)
        UNTOUCHED(g, sizeof g, st);
    poison(d, sizeof d);
    st = csat_btyd_covariate_dims(s->m, &d[0], &d[1], &d[2]);
    if (st != CSAT_OK)
        UNTOUCHED(d, sizeof d, st);
    CHECK(csat_btyd_cov_options_init(NULL, CSAT_BTYD_COV_OPTIONS_VERSION) == CSAT_EINVAL, "options_init NULL");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    fuzz_alloc fa;
    csat_allocator alloc = fuzz_allocator(&fa, &r);
    cstate s;
    uint8_t hdr = byte(&r);
    memset(&s, 0, sizeof s);
    s.kind = hdr & 1 ? CSAT_BTYD_PARETO_NBD : CSAT_BTYD_BGNBD;
    s.n = 1 + byte(&r) % MAXN;
    for (size_t i = 0; i < s.n; i++) {
        if (i < 8)
            row(&r, &s.x[i], &s.tx[i], &s.T[i]);
        else /* longer tables repeat the first rows, shifted */
            s.x[i] = s.x[i % 8], s.tx[i] = s.tx[i % 8], s.T[i] = s.T[i % 8] + (double)(i / 8);
    }
    for (size_t k = 0; k < MAXN * MAXP; k++) {
        s.z1[k] = k < 24 ? z_val(&r) : s.z1[k % 24] + (double)(k % 7) * 0.125;
        s.z2[k] = k < 24 ? z_val(&r) : s.z2[k % 24] - (double)(k % 5) * 0.25;
    }
    if (csat_btyd_new(&s.m, &alloc, (csat_btyd_kind)s.kind) != CSAT_OK)
        return 0;
    for (int steps = 0; r.n && steps < 8; steps++) {
        switch (byte(&r) % 4) {
        case 0: op_set(&s, &r); break;
        case 1: op_fit(&s, &r); break;
        case 2: op_predict(&s, &r); break;
        default: op_getters(&s, &r); break;
        }
    }
    csat_btyd_free(s.m);
    CHECK_NO_LEAK(fa);
    return 0;
}
