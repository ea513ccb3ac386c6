/*
 * The Cox fit's fast pass (csat__cox_pass_fast: one sweep of S0 and S1, the
 * information's risk-set term as one weighted Gram pass) against the
 * direct pass that keeps S2 per risk set (csat__cox_pass, the textbook sums
 * of Therneau & Grambsch, "Modeling Survival Data", 2000, ch. 3), and the
 * Fenwick-tree concordance against the O(n^2) count of the pairs (R's
 * concordance(): comparable pairs within a stratum, ties in eta 1/2):
 * random data with heavy ties in time and in eta, strata, case weights and
 * (entry, stop] rows, Efron and Breslow.
 */
#include "csat_test.h"

#include "retention/cox_internal.h"

static double unif(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return ((double)(*s >> 11) + 0.5) / 9007199254740992.0;
}

enum { N = 400, P = 4 };

typedef struct pass_data {
    double X[N * P], entry[N], stop[N], ev[N], w[N];
    uint64_t strata[N];
} pass_data;

static void make(pass_data *g, uint64_t seed)
{
    size_t ns = seed % 2 ? 3 : 40; /* large strata, or small ones (the tree emptied row by row) */
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < P; j++) /* 3 levels each: rows alike, so that eta ties */
            g->X[i * P + j] = floor(3.0 * unif(&seed));
        g->stop[i] = 1.0 + floor(12.0 * unif(&seed));
        g->entry[i] = floor(g->stop[i] * unif(&seed) * 0.8);
        g->ev[i] = unif(&seed) < 0.6;
        g->w[i] = 0.5 + 2.0 * unif(&seed);
        g->strata[i] = i % ns; /* rows 0..ns-1 die: every stratum has an event */
        if (i < ns)
            g->ev[i] = 1.0;
    }
}

/* The pairs one by one. */
static double brute_concordance(const cox_data *d)
{
    double conc = 0.0, disc = 0.0, tie = 0.0;
    for (size_t s = 0; s < d->n_strata; s++)
        for (size_t i = d->blk[s]; i < d->blk[s + 1]; i++) {
            if (d->ev[i] == 0.0)
                continue;
            for (size_t j = d->blk[s]; j < d->blk[s + 1]; j++) {
                double ww = d->wt[i] * d->wt[j];
                if (j == i || !(d->t[j] > d->t[i] || (d->t[j] == d->t[i] && d->ev[j] == 0.0)))
                    continue;
                if (d->t0 && !(d->t0[j] < d->t[i]))
                    continue;
                if (d->eta[i] > d->eta[j])
                    conc += ww;
                else if (d->eta[i] < d->eta[j])
                    disc += ww;
                else
                    tie += ww;
            }
        }
    return (conc + 0.5 * tie) / (conc + disc + tie);
}

static void check_one(uint64_t seed, int with_entry, int with_strata, int with_w, int efron)
{
    static pass_data g;
    csat_test_alloc ta = {-1, 0, 0};
    csat_allocator al = csat_test_allocator(&ta);
    const csat_allocator *a = &al;
    size_t idx[3 * N + 1];
    double cols[N * (P + 7)], b[P], u1[P], u2[P], I1[P * P], I2[P * P];
    double work[3 * P + 2 * P * P], conc = 0.0, ll1, ll2;
    uint64_t empty = 0;
    cox_data d;
    make(&g, seed);
    memset(&d, 0, sizeof d);
    d.n = N;
    d.p = P;
    d.efron = efron;
    csat__cox_layout(&d, cols, idx, with_entry);
    d.w = with_w ? g.w : NULL;
    d.X = g.X;
    for (size_t i = 0; i < N; i++)
        d.n_events += g.ev[i] != 0.0;
    csat_assert_status(csat__cox_build(&d, g.X, with_entry ? g.entry : NULL, g.stop, g.ev,
                                       with_strata ? g.strata : NULL, with_w ? g.w : NULL, a, &empty),
                       CSAT_OK);
    for (size_t j = 0; j < P; j++)
        b[j] = 0.3 * (double)j - 0.4;
    ll1 = csat__cox_pass(&d, b, u1, I1, work);
    assert_true(isfinite(ll1));
    /* the fast pass's blocked scan (issue 18): the default blocks (one
     * here), and small ones so that strata and their offsets span blocks */
    for (size_t r = 0; r < 4; r++) {
        static const size_t rows[4] = {0, 1, 7, 53};
        static size_t bidx[2 * N + 1];
        static double part[(N + 1) * (8 + 6 * P + P * P) + N];
        size_t nb;
        d.block_rows = rows[r];
        nb = csat__cox_blocks(&d, NULL, NULL);
        assert_true(nb <= N && nb >= 1);
        d.part = part;
        assert_int_equal(csat__cox_blocks(&d, bidx, bidx + nb + 1), nb);
        ll2 = csat__cox_pass_fast(&d, b, u2, I2, work, d.risk + 2 * N);
        csat_assert_close(ll2, ll1, 1e-13, 0.0);
        for (size_t j = 0; j < P; j++)
            csat_assert_close(u2[j], u1[j], 1e-11, 1e-11);
        for (size_t j = 0; j < P * P; j++)
            csat_assert_close(I2[j], I1[j], 1e-11, 1e-11);
    }
    csat_assert_status(csat__cox_concordance(&d, &conc, a), CSAT_OK);
    csat_assert_close(conc, brute_concordance(&d), 1e-13, 0.0);
    assert_int_equal(ta.live, 0);
}

static void test_pass_matches_direct(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 6; seed++)
        for (int mask = 0; mask < 16; mask++)
            check_one(seed * 7919 + (uint64_t)mask, mask & 1, (mask >> 1) & 1, (mask >> 2) & 1,
                      (mask >> 3) & 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pass_matches_direct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
