/*
 * BG/NBD and MBG/NBD E[X(T, T+t) | x, t_x, T] at long horizons, z > 0.85
 * (issue 18, section 3; src/btyd/btyd_bgnbd_long.c): the batched path in
 * w = 1 - z against mpmath (tests/btyd/bgnbd_long_reference.h, made by
 * tests/reference/bgnbd_long_mpmath.py: the CDNOW BG/NBD fit of Fader,
 * Hardie & Lee 2005, z from 0.86 to 1 - 1e-9, parameters at the limits
 * 1e-15 and 1e15) and against the one-by-one kernel
 * (csat__bgnbd_expected_cond) on random customers and parameters.
 */
#include "csat_test.h"

#include "bgnbd_long_reference.h"
#include "btyd/btyd_bgnbd_long.h"
#include "btyd/btyd_internal.h"

#include <stdint.h>
#include <stdlib.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static csat__bgl_ws lws; /* large: not on the stack */

static double unif(uint64_t *st)
{
    *st ^= *st >> 12;
    *st ^= *st << 25;
    *st ^= *st >> 27;
    return ((*st * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

/* n random customers: T uniform in [T0, T0 + span], 40% with x = 0, most
 * others below 20, 5% below xmax */
static void customers(uint64_t *rs, size_t n, double T0, double span, double xmax, double *x, double *tx, double *T)
{
    for (size_t i = 0; i < n; i++) {
        const double u = unif(rs);
        T[i] = T0 + span * unif(rs);
        x[i] = u < 0.4 ? 0 : floor(unif(rs) * (u < 0.95 ? 20 : xmax));
        tx[i] = x[i] > 0 ? T[i] * unif(rs) : 0;
    }
}

/* the long-horizon path by itself: 1 and *g if it serves the customer
 * (init: a new p or mod; the customer's frequency and band prepared) */
static int long_path(const double *p, int mod, double t, double x, double T, double *g, int init)
{
    const double alT = p[1] + T, lw = -log1p(t / alT), w = alT / (alT + t);
    int j;
    if (init)
        csat__bgl_init(&lws, p, mod);
    j = csat__bgl_band(&lws, w);
    if (x < CSAT__BGL_XLONG && j >= 0) {
        unsigned char bands[CSAT__BGL_NB] = {0};
        bands[j] = 1;
        csat__bgl_prepare(&lws, p, mod, (int)x, bands);
    }
    return csat__bgl_eval(&lws, p, mod, x, w, lw, exp((p[2] - 1) * lw), g);
}

/* Every reference row: where the long path serves it, to 1e-13 of mpmath
 * (the expectation given alive, and through the batched entry with
 * P(alive)); elsewhere (parameters of 1e15, s = r + 1 - a near an integer,
 * c - r <= 0, or cancellation at z near 0.85) the batched entry gives the
 * value of the other paths, within 1e-10 of mpmath. The CDNOW-like rows with
 * x < 128 and z >= 0.9 are all served. */
static void test_long_reference(void **state)
{
    csat__bgnbd_ws *ws = malloc(csat__bgnbd_ws_bytes(1));
    size_t served = 0, cdnow_rows = 0;
    double worst = 0.0;
    (void)state;
    assert_non_null(ws);
    for (size_t i = 0; i < N_OF(bgnbd_long_ref); i++) {
        const double *r = bgnbd_long_ref[i], *p = r + 1, t = r[8];
        const int mod = r[0] == 2;
        double g, e, one;
        const int cdnow = (p[0] == 0.242593 && p[1] == 4.413532 && p[2] == 0.792886 && p[3] == 2.425752) ||
                          (p[0] == 0.525 && p[1] == 6.183 && p[2] == 0.891 && p[3] == 1.614);
        csat__bgnbd_expected_many(p, t, &r[5], &r[6], &r[7], 1, &e, mod, ws);
        one = csat__bgnbd_expected_cond(p, t, r[5], r[6], r[7], mod);
        cdnow_rows += cdnow && r[5] < CSAT__BGL_XLONG;
        if (long_path(p, mod, t, r[5], r[7], &g, 1)) {
            served++;
            if (fabs(g - r[10]) / r[10] > worst)
                worst = fabs(g - r[10]) / r[10];
            if (!csat_test_close(g, r[10], 1e-13, 1e-300) || !csat_test_close(e, r[9], 1e-13, 1e-300)) {
                print_error("row %zu: kind %g p %g %g %g %g x %g t %g: g %.17g vs %.17g, E %.17g vs %.17g\n", i,
                            r[0], p[0], p[1], p[2], p[3], r[5], t, g, r[10], e, r[9]);
                fail();
            }
        } else {
            const double z = t / (p[1] + r[7] + t);
            if (cdnow && r[5] < CSAT__BGL_XLONG && z >= 0.9) {
                print_error("row %zu: kind %g x %g t %g not served\n", i, r[0], r[5], t);
                fail();
            }
            if (!csat_test_close(e, one, z <= 0.99 ? 1e-13 : 1e-11, 1e-300) || !csat_test_close(e, r[9], 1e-10, 1e-300)) {
                print_error("row %zu (one-by-one): p %g %g %g %g x %g t %g: %.17g vs %.17g\n", i, p[0], p[1], p[2],
                            p[3], r[5], t, e, r[9]);
                fail();
            }
        }
    }
    print_message("long path: %zu of %zu rows (%zu CDNOW-like), largest relative error %.2e\n", served,
                  N_OF(bgnbd_long_ref), cdnow_rows, worst);
    assert_true(served >= cdnow_rows * 3 / 4 && cdnow_rows > 100);
    free(ws);
}

/*
 * Random customers (x up to 200, T from 1 to 100) at horizons from z = 0.86
 * to 1 - 1e-9 and random parameters in [1e-3, 1e3] (every fourth set with
 * a < 1 < r + 1, as the CDNOW fits): where the long path serves them up to
 * z = 0.99 the batched entry equals the one-by-one kernel to 1e-13; beyond,
 * that kernel's long series or quadrature is the less accurate one (at
 * t = 54359, z = 0.99956, CDNOW: 2.2e-13 off mpmath, the long path 5.8e-15;
 * at z = 1 - 1e-9, a = 0.42: 1.4e-8 off, the long path 1.4e-15), so the
 * mpmath test above holds the long path there. Customers the long path does
 * not serve get the older paths' values (1e-10 of the kernel).
 */
static void test_long_matches_scalar(void **state)
{
    enum { N = 250 };
    static double x[N], tx[N], T[N], e[N];
    static const double zs[] = {0.86, 0.95, 0.999, 0.9999, 1 - 1e-6, 1 - 1e-9};
    csat__bgnbd_ws *ws = malloc(csat__bgnbd_ws_bytes(1));
    uint64_t rs = 0x2545F4914F6CDD1DULL;
    size_t served = 0, rows = 0;
    (void)state;
    assert_non_null(ws);
    for (int set = 0; set < 16; set++) {
        double p[4] = {0.242593, 4.413532, 0.792886, 2.425752};
        if (set > 0)
            for (int j = 0; j < 4; j++)
                p[j] = exp(log(1e-3) + unif(&rs) * log(1e6));
        if (set % 4 == 1) {
            p[2] = 0.2 + 0.7 * unif(&rs);
            p[0] = 0.05 + unif(&rs);
        }
        customers(&rs, N, 1, 99, 200, x, tx, T);
        for (int mod = 0; mod < 2; mod++)
            for (size_t h = 0; h < N_OF(zs); h++) {
                /* one horizon for all: z = zs[h] at T = 50 */
                const double t = (p[1] + 50) * zs[h] / (1 - zs[h]);
                csat__bgnbd_expected_many(p, t, x, tx, T, N, e, mod, ws);
                for (size_t i = 0; i < N; i++) {
                    const double z = t / (p[1] + T[i] + t);
                    double g, one;
                    const int lp = long_path(p, mod, t, x[i], T[i], &g, i == 0);
                    served += lp;
                    rows++;
                    if (z > 0.99 && (lp || i % 8))
                        continue; /* the kernel integrates (see above; slow: a sample of the rest) */
                    one = csat__bgnbd_expected_cond(p, t, x[i], tx[i], T[i], mod);
                    if (!csat_test_close(e[i], one, lp ? 1e-13 : 1e-10, 1e-300)) {
                        print_error("mod %d p %.17g %.17g %.17g %.17g t %.17g x %g tx %.17g T %.17g (long %d): "
                                    "%.17g vs %.17g\n",
                                    mod, p[0], p[1], p[2], p[3], t, x[i], tx[i], T[i], lp, e[i], one);
                        fail();
                    }
                }
            }
    }
    print_message("long path served %zu of %zu rows\n", served, rows);
    assert_true(served > rows / 8);
    free(ws);
}

/* Parameters at the limits and between ({1e-15, 1, 1e15}^4) at z = 0.9 and
 * 1 - 1e-9: finite, >= 0, and the one-by-one kernel's value wherever the
 * long path does not serve the customer. */
static void test_long_limits(void **state)
{
    static const double pv[] = {1e-15, 1, 1e15};
    static const double xs[] = {0, 1, 5, 60}, txs[] = {0, 10, 20, 29}, Ts[] = {30, 30, 30, 30};
    csat__bgnbd_ws *ws = malloc(csat__bgnbd_ws_bytes(1));
    (void)state;
    assert_non_null(ws);
    for (int mod = 0; mod < 2; mod++)
        for (int k = 0; k < 81; k++) {
            const double p[4] = {pv[k % 3], pv[k / 3 % 3], pv[k / 9 % 3], pv[k / 27]};
            for (int h = 0; h < 2; h++) {
                const double z = h ? 1 - 1e-9 : 0.9, t = (p[1] + 30) * z / (1 - z);
                double e[4], g;
                csat__bgnbd_expected_many(p, t, xs, txs, Ts, 4, e, mod, ws);
                for (int i = 0; i < 4; i++) {
                    const double one = csat__bgnbd_expected_cond(p, t, xs[i], txs[i], Ts[i], mod);
                    assert_true(isfinite(e[i]) && e[i] >= 0);
                    if (!long_path(p, mod, t, xs[i], Ts[i], &g, i == 0))
                        assert_true(e[i] == one);
                    else if (!csat_test_close(e[i], one, 1e-11, 1e-300)) {
                        print_error("mod %d p %g %g %g %g z %g x %g: %.17g vs %.17g\n", mod, p[0], p[1], p[2], p[3], z,
                                    xs[i], e[i], one);
                        fail();
                    }
                }
            }
        }
    free(ws);
}

/* The tables of one call are built before its customers and only read
 * by them (exptables): any cut of the customers into ranges, in any order,
 * gives the bits of one range over all, at short, middling and long
 * horizons, and so do the tables built on threads (40,000 CDNOW-like
 * customers, x up to 150). */
static void test_shared_tables(void **state)
{
    enum { N = 40000 }; /* 10 blocks: the tally too runs on the threads */
    static double x[N], tx[N], T[N], e1[N], e2[N], e3[N];
    static const double p[4] = {0.242593, 4.413532, 0.792886, 2.425752}, hs[] = {39, 150, 500, 1e6};
    const size_t cuts[] = {1, 7, 128, 4096};
    csat_parallel_options o = CSAT_PARALLEL_OPTIONS_INIT;
    csat__par par;
    csat__bgnbd_ws *ws = malloc(csat__bgnbd_ws_bytes(3));
    uint64_t rs = 0x9E3779B97F4A7C15ULL;
    (void)state;
    assert_non_null(ws);
    o.n_threads = 3;
    assert_int_equal(csat__par_resolve(&par, &o, NULL), CSAT_OK);
    assert_true(csat__bgnbd_ws_workers(&par, N) <= 3);
    customers(&rs, N, 27, 12, 150, x, tx, T);
    for (int mod = 0; mod < 2; mod++)
        for (size_t h = 0; h < N_OF(hs); h++) {
            csat__bgnbd_expected_many(p, hs[h], x, tx, T, N, e1, mod, ws);
            for (size_t c = 0; c < N_OF(cuts); c++) {
                /* the ranges last first */
                for (size_t lo = (N - 1) / cuts[c] * cuts[c];; lo -= cuts[c]) {
                    const size_t m = N - lo < cuts[c] ? N - lo : cuts[c];
                    csat__bgnbd_expected_range(ws, x + lo, tx + lo, T + lo, m, e2 + lo);
                    if (lo == 0)
                        break;
                }
                assert_memory_equal(e1, e2, sizeof e1);
            }
            csat__bgnbd_expected_prepare(ws, &par, p, hs[h], x, T, N, mod);
            csat__bgnbd_expected_range(ws, x, tx, T, N, e3);
            assert_memory_equal(e1, e3, sizeof e1);
            /* and the one-by-one kernel's values where it is accurate (z <= 0.99; beyond
             * it integrates, see test_long_matches_scalar: at t = 1e6, MBG/NBD, x = 12,
             * 1.1e-7 off mpmath, the batched value 3e-15) */
            for (size_t i = 0; i < N && hs[h] <= 500; i += 97) {
                const double one = csat__bgnbd_expected_cond(p, hs[h], x[i], tx[i], T[i], mod);
                if (!csat_test_close(e1[i], one, 1e-13, 1e-300)) {
                    print_error("mod %d t %g x %g tx %.17g T %.17g: %.17g vs %.17g\n", mod, hs[h], x[i], tx[i], T[i],
                                e1[i], one);
                    fail();
                }
            }
        }
    free(ws);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_reference),
        cmocka_unit_test(test_long_matches_scalar),
        cmocka_unit_test(test_long_limits),
        cmocka_unit_test(test_shared_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
