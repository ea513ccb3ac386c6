/* Log-rank test between groups (R's survdiff with rho = 0). */
#include "core/internal.h"
#include "numerics/numerics.h"
#include "numerics/optim.h"
#include "core/sort.h"

#include <math.h>
#include <stdint.h>

csat_status csat_km_logrank(const double *times, const double *events, const uint64_t *groups,
                            size_t n, size_t n_groups, double *observed, double *expected,
                            double *chisq, double *df, double *p_value, const csat_allocator *alloc,
                            csat_error *err)
{
    csat_allocator a;
    size_t k = n_groups, q, kk, *ord = NULL;
    double *at_risk = NULL, *obs, *ex, *ev, *out_g, *V, *U, stat = 0.0;
    csat_status st;
    csat__err_clear(err);
    if (!times)
        return csat__err_null(err, "times");
    if (!events)
        return csat__err_null(err, "events");
    if (!groups)
        return csat__err_null(err, "groups");
    if (!chisq)
        return csat__err_null(err, "chisq");
    if (!df)
        return csat__err_null(err, "df");
    if (!p_value)
        return csat__err_null(err, "p_value");
    if (n_groups < 2)
        return csat__err(err, CSAT_EINVAL, "n_groups", CSAT_NO_ROW, "n_groups = %zu is below 2",
                         n_groups);
    if (!csat__array_bytes_ok(n, 1, sizeof *times))
        return csat__err_size(err, "n", n);
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no subjects");
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if (csat__mul_overflow(k, k, &kk) || kk > SIZE_MAX / 2 - 5 * k)
        return csat__err(err, CSAT_EINVAL, "n_groups", CSAT_NO_ROW,
                         "n_groups = %zu: the n_groups x n_groups scratch overflows the address "
                         "space",
                         k);
    if ((st = csat__check_nonneg(err, "times", times, n)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (!(events[i] == 0.0 || events[i] == 1.0))
            return csat__err(err, CSAT_EINVAL, "events", i, "events[%zu] = %g is not 0 or 1", i,
                             events[i]);
        if (groups[i] >= k)
            return csat__err(err, CSAT_EINVAL, "groups", i, "groups[%zu] = %llu is not below n_groups = %zu",
                             i, (unsigned long long)groups[i], k);
    }
    at_risk = csat__calloc_array(&a, 5 * k + 2 * kk, sizeof *at_risk);
    ord = csat__malloc_array(&a, n, sizeof *ord);
    if (!at_risk || !ord) {
        st = CSAT_ENOMEM;
        goto out;
    }
    obs = at_risk + k;
    ex = obs + k;
    ev = ex + k;
    out_g = ev + k;
    V = out_g + k;
    U = V + kk;
    for (size_t i = 0; i < n; i++) {
        at_risk[groups[i]] += 1.0;
        obs[groups[i]] += events[i];
    }
    st = CSAT_EEMPTY;
    for (size_t g = 0; g < k; g++)
        if (at_risk[g] == 0.0)
            goto out;
    st = csat__order_doubles(times, n, ord, &a);
    if (st != CSAT_OK)
        goto out;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double d = 0.0, nr = 0.0;
        for (; j < n && times[ord[j]] == times[ord[i]]; j++) {
            size_t r = ord[j];
            ev[groups[r]] += events[r];
            out_g[groups[r]] += 1.0;
            d += events[r];
        }
        for (size_t g = 0; g < k; g++)
            nr += at_risk[g];
        if (d > 0.0) {
            double f = nr > 1.0 ? d * (nr - d) / (nr - 1.0) : 0.0;
            for (size_t g = 0; g < k; g++) {
                double pg = at_risk[g] / nr;
                ex[g] += d * pg;
                for (size_t h = 0; h < k; h++)
                    V[g * k + h] += f * pg * ((g == h) - at_risk[h] / nr);
            }
        }
        for (size_t g = 0; g < k; g++) {
            at_risk[g] -= out_g[g];
            ev[g] = out_g[g] = 0.0;
        }
        i = j;
    }
    /* the k x k variance has rank k - 1: test on the first k - 1 groups */
    q = k - 1;
    for (size_t g = 0; g < q; g++)
        for (size_t h = 0; h < q; h++)
            U[g * q + h] = V[g * k + h];
    st = csat__spd_inverse(U, q, &a);
    if (st != CSAT_OK)
        goto out;
    for (size_t g = 0; g < q; g++)
        for (size_t h = 0; h < q; h++)
            stat += (obs[g] - ex[g]) * U[g * q + h] * (obs[h] - ex[h]);
    if (!isfinite(stat)) {
        st = CSAT_EDOM;
        goto out;
    }
    if (observed)
        for (size_t g = 0; g < k; g++)
            observed[g] = obs[g];
    if (expected)
        for (size_t g = 0; g < k; g++)
            expected[g] = ex[g];
    *chisq = stat;
    *df = (double)q;
    *p_value = csat__chisq_sf(stat, (double)q);
out:
    csat__free(&a, ord);
    csat__free(&a, at_risk);
    if (st == CSAT_EEMPTY)
        return csat__err(err, st, "groups", CSAT_NO_ROW, "a group of 0..n_groups-1 has no subject");
    if (st == CSAT_EDOM)
        return csat__err(err, st, "groups", CSAT_NO_ROW,
                         "the variance of the differences between groups is singular or overflows");
    if (st != CSAT_OK)
        return csat__err(err, st, NULL, CSAT_NO_ROW, "%s", csat_strerror(st));
    return st;
}
