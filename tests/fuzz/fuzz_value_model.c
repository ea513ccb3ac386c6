/*
 * libFuzzer target for the value-model entry points: the input bytes are a
 * little program of operations (add/set offerings and segments, weights,
 * evaluate, market share, improvement, per-customer values) with raw
 * doubles taken from the bytes, so NaN, Inf, subnormals and huge values all
 * occur. Beyond crashes and UB it checks the API promises: every successful
 * call yields finite outputs, shares in [0, 1] summing to 1, ranks in
 * [1, n], and a failing call leaves the outputs untouched.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csat.h"
#include "fuzz_util.h"

#define NC CSAT_VALUE_N_COMPONENTS
#define MAX_OFF 48
#define MAX_CUST 16
#define SENT 987654.25

/* A double: either raw bits from the input, or a small "nice" number, so
 * both garbage and meaningful models are explored. */
static double number(reader *r)
{
    uint8_t mode = byte(r);
    if (mode < 64) {
        uint64_t bits = 0;
        double d;
        for (int i = 0; i < 8; i++)
            bits = bits << 8 | byte(r);
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    if (mode < 128)
        return (double)(mode - 64) * 0.5;
    return (double)byte(r) * 1000.0 / (double)(mode - 127);
}

static void numbers(reader *r, double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = number(r);
}

static size_t index_of(reader *r, size_t n)
{
    uint8_t b = byte(r);
    if (b == 255)
        return CSAT_VALUE_MODEL_WEIGHTS;
    return n ? (size_t)b % (n + 1) : b; /* n itself probes the out-of-range path */
}

/* A promise of the header; a message names the line when it breaks. */
#define require(cond) CHECK(cond, "value model contract")

static void fill(double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = SENT;
}

static void check_filled(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        require(x[i] == SENT);
}

static void check_shares(const double *s, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        require(isfinite(s[i]) && s[i] >= 0.0 && s[i] <= 1.0);
        sum += s[i];
    }
    require(fabs(sum - 1.0) < 1e-9);
}

static void name_from(reader *r, char *buf, size_t cap)
{
    size_t len = byte(r) % cap;
    for (size_t i = 0; i < len; i++)
        buf[i] = (char)(byte(r) | 1); /* no embedded NUL before len */
    buf[len] = '\0';
}


static void run_evaluate(csat_value_model *m, reader *r, size_t n_off, size_t n_seg)
{
    double tv[MAX_OFF], tc[MAX_OFF], cdv[MAX_OFF], ratio[MAX_OFF], share[MAX_OFF];
    size_t rank[MAX_OFF];
    size_t seg = index_of(r, n_seg);
    double scale = number(r);
    uint8_t flags = byte(r);
    size_t cap = n_off - (n_off > 0 && (flags & 64) ? 1 : 0);
    csat_status st;
    fill(tv, MAX_OFF), fill(tc, MAX_OFF), fill(cdv, MAX_OFF), fill(ratio, MAX_OFF),
        fill(share, MAX_OFF);
    if (flags & 128)
        scale = INFINITY;
    st = csat_value_model_evaluate(m, seg, scale, tv, tc, cdv, (flags & 1) ? ratio : NULL,
                                   (flags & 2) ? rank : NULL, share, cap);
    if (st != CSAT_OK) {
        check_filled(tv, MAX_OFF), check_filled(cdv, MAX_OFF), check_filled(share, MAX_OFF);
        return;
    }
    FINITE_N(tv, n_off), FINITE_N(tc, n_off), FINITE_N(cdv, n_off);
    check_shares(share, n_off);
    for (size_t i = 0; i < n_off; i++) {
        require(tv[i] >= 0.0 && tc[i] >= 0.0);
        if (flags & 1)
            require(isfinite(ratio[i]) && ratio[i] >= 0.0);
        if (flags & 2)
            require(rank[i] >= 1 && rank[i] <= n_off);
    }
}

static void run_customers(csat_value_model *m, reader *r, size_t n_seg)
{
    double cols[NC][MAX_CUST], expected[MAX_CUST], cdv[MAX_CUST], ratio[MAX_CUST], d[MAX_CUST];
    const double *ptrs[NC];
    int state[MAX_CUST];
    size_t n = byte(r) % (MAX_CUST + 1);
    size_t seg = index_of(r, n_seg);
    uint8_t which = byte(r);
    double tol = number(r);
    for (int k = 0; k < NC; k++) {
        numbers(r, cols[k], n);
        ptrs[k] = (which >> k) & 1 ? cols[k] : NULL;
    }
    numbers(r, expected, n);
    fill(cdv, MAX_CUST), fill(ratio, MAX_CUST), fill(d, MAX_CUST);
    if (csat_value_model_customers(m, seg, ptrs, n, cdv, (which & 1) ? ratio : NULL) == CSAT_OK) {
        FINITE_N(cdv, n);
        if (which & 1)
            FINITE_N(ratio, n);
    } else {
        check_filled(cdv, MAX_CUST), check_filled(ratio, MAX_CUST);
    }
    if (csat_value_model_disconfirm(m, seg, ptrs, n, expected, tol, d, state) == CSAT_OK) {
        FINITE_N(d, n);
        for (size_t i = 0; i < n; i++)
            require(state[i] >= -1 && state[i] <= 1);
    } else {
        check_filled(d, MAX_CUST);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    fuzz_alloc fa;
    csat_allocator alloc = fuzz_allocator(&fa, &r);
    csat_value_model *m = NULL;
    size_t n_off = 0, n_seg = 0;
    if (csat_value_model_new(&m, &alloc) != CSAT_OK)
        return 0;
    while (r.n > 0) {
        double v[NC], w[NC], margin, size_v;
        char name[CSAT_VALUE_NAME_MAX + 8];
        csat_value_improvement imp;
        size_t idx;
        switch (byte(&r) % 10) {
        case 0:
            if (n_off >= MAX_OFF)
                break;
            name_from(&r, name, sizeof name);
            numbers(&r, v, NC);
            if (csat_value_model_add_offering(m, name, v, byte(&r) & 1, &idx) == CSAT_OK)
                require(idx == n_off++);
            break;
        case 1:
            name_from(&r, name, sizeof name);
            numbers(&r, w, NC);
            size_v = number(&r);
            if (csat_value_model_add_segment(m, name, w, size_v, &idx) == CSAT_OK)
                require(idx == n_seg++);
            break;
        case 2: {
            double got[NC];
            numbers(&r, w, NC);
            if (csat_value_model_set_weights(m, w) == CSAT_OK) {
                for (int k = 0; k < NC; k++)
                    require(isfinite(w[k]) && w[k] >= 0.0);
                require(csat_value_model_weights(m, got) == CSAT_OK && memcmp(got, w, sizeof got) == 0);
            }
            fill(got, NC);
            require(csat_value_model_weights(NULL, got) == CSAT_EINVAL);
            require(csat_value_model_weights(m, NULL) == CSAT_EINVAL);
            check_filled(got, NC);
            break;
        }
        case 3:
            numbers(&r, v, NC);
            (void)csat_value_model_set_offering(m, index_of(&r, n_off), v);
            break;
        case 4:
            numbers(&r, w, NC);
            size_v = number(&r);
            (void)csat_value_model_set_segment(m, index_of(&r, n_seg), w, size_v);
            break;
        case 5:
            run_evaluate(m, &r, n_off, n_seg);
            break;
        case 6: {
            double share[MAX_OFF];
            double scale = number(&r);
            if (csat_value_model_market_share(m, scale, share, MAX_OFF) == CSAT_OK)
                check_shares(share, n_off);
            break;
        }
        case 7: {
            size_t i = index_of(&r, n_off), seg = index_of(&r, n_seg);
            margin = number(&r);
            if (csat_value_model_improvement(m, i, seg, margin, &imp) == CSAT_OK) {
                require(isfinite(imp.gap) && imp.gap >= 0.0);
                require(isfinite(imp.needed) && imp.needed >= 0.0);
                for (int k = 0; k < NC; k++) {
                    require(isfinite(imp.required[k]) && imp.required[k] >= 0.0);
                    require(isfinite(imp.gain_per_unit[k]));
                    require(imp.status[k] >= 0 && imp.status[k] <= 3);
                }
            }
            break;
        }
        case 8:
            run_customers(m, &r, n_seg);
            break;
        default: {
            const char *nm = NULL;
            size_t no = 0, ns = 0;
            require(csat_value_model_count(m, &no, &ns) == CSAT_OK);
            require(no == n_off && ns == n_seg);
            (void)csat_value_model_offering(m, index_of(&r, n_off), v, NULL, &nm);
            (void)csat_value_model_segment(m, index_of(&r, n_seg), w, NULL, &nm);
            (void)csat_value_model_last_error(m);
            break;
        }
        }
    }
    csat_value_model_free(m);
    CHECK_NO_LEAK(fa);
    return 0;
}
