/*
 * libFuzzer target for the BTYD entry points: the input bytes become a model
 * kind, parameters and a few customers' (x, t_x, T) rows, including
 * NaN/Inf/negative values; every call must return a status without crashing,
 * and valid input must give finite outputs.
 */
#include "csat.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static double take(const uint8_t **p, size_t *n)
{
    double v = 0.0;
    if (*n >= sizeof v) {
        memcpy(&v, *p, sizeof v);
        *p += sizeof v;
        *n -= sizeof v;
    } else if (*n > 0) {
        v = **p;
        *p += 1;
        *n -= 1;
    }
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csat_btyd_model *m = NULL;
    double p[4], x[8], tx[8], T[8], w[8], out[8], t;
    size_t n;
    int kind;
    if (size < 2)
        return 0;
    kind = data[0] % 4;
    n = (size_t)(data[1] % 8) + 1;
    data += 2;
    size -= 2;
    for (int i = 0; i < 4; i++) {
        double v = take(&data, &size);
        p[i] = isfinite(v) ? fmin(fabs(v), 1e4) + 1e-3 : v;
    }
    t = fmod(fabs(take(&data, &size)), 200.0);
    for (size_t i = 0; i < n; i++) {
        /* small integers most of the time, raw doubles otherwise */
        double a = take(&data, &size), b = take(&data, &size), c = take(&data, &size);
        x[i] = isfinite(a) && fabs(a) < 1e6 ? floor(fmod(fabs(a), 60.0)) : a;
        T[i] = isfinite(c) && fabs(c) < 1e6 ? floor(fmod(fabs(c), 400.0)) + 1 : c;
        tx[i] = isfinite(b) && fabs(b) < 1e6 ? (x[i] > 0 ? fmin(floor(fmod(fabs(b), T[i])) + 1, T[i]) : 0) : b;
        if (kind == CSAT_BTYD_BGBB && x[i] > tx[i] && isfinite(tx[i]))
            x[i] = tx[i];
        w[i] = 1.0 + i;
    }
    if (csat_btyd_new(&m, NULL, (csat_btyd_kind)kind) != CSAT_OK)
        return 0;
    if (csat_btyd_set_params(m, p, 4) == CSAT_OK) {
        if (kind == CSAT_BTYD_BGBB)
            t = floor(fmod(t, 30.0));
        if (csat_btyd_p_alive(m, x, tx, T, n, out) == CSAT_OK)
            for (size_t i = 0; i < n; i++)
                if (!(out[i] >= 0 && out[i] <= 1))
                    abort();
        if (csat_btyd_expected_purchases(m, t, x, tx, T, n, out) == CSAT_OK)
            for (size_t i = 0; i < n; i++)
                if (!(isfinite(out[i]) && out[i] >= 0))
                    abort();
        (void)csat_btyd_expected_purchases_new(m, &t, 1, out);
        if (csat_btyd_prob_purchases(m, t, x, n, out) == CSAT_OK)
            for (size_t i = 0; i < n; i++)
                if (!(out[i] >= 0 && out[i] <= 1))
                    abort();
        if (csat_btyd_dert(m, t / 100.0 + 1e-9, x, tx, T, n, out) == CSAT_OK)
            for (size_t i = 0; i < n; i++)
                if (!(isfinite(out[i]) && out[i] >= 0))
                    abort();
    }
    if (kind != CSAT_BTYD_PARETO_NBD) { /* Pareto/NBD fits are too slow for fuzzing */
        csat_btyd_options o = CSAT_BTYD_OPTIONS_INIT;
        o.max_iter = 50;
        (void)csat_btyd_fit(m, x, tx, T, w, n, &o);
    }
    csat_btyd_free(m);
    return 0;
}
