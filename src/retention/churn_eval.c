/* Evaluating churn scores: ROC AUC, confusion counts, lift/gains by bin and
 * the expected profit of a retention campaign (Neslin et al. 2006). */
#include "core/internal.h"
#include "numerics/numerics.h"
#include "core/sort.h"

#include <math.h>
#include <string.h>

#define MAX_BINS 1000000

/* scores finite, y all 0 or 1: CSAT_OK or CSAT_EINVAL naming the row. */
static csat_status columns_check(const double *scores, const double *y, size_t n, csat_error *err)
{
    csat_status st;
    if (!scores)
        return csat__err_null(err, "scores");
    if (!y)
        return csat__err_null(err, "y");
    if (!csat__array_bytes_ok(n, 1, sizeof *scores))
        return csat__err_size(err, "n", n);
    if ((st = csat__check_finite(err, "scores", scores, n)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if (!(y[i] == 0.0 || y[i] == 1.0))
            return csat__err(err, CSAT_EINVAL, "y", i, "y[%zu] = %g is not 0 or 1", i, y[i]);
    return CSAT_OK;
}

csat_status csat_churn_auc(const double *scores, const double *y, size_t n, double *auc,
                           const csat_allocator *alloc, csat_error *err)
{
    csat_allocator a;
    size_t *ord;
    double n1 = 0.0, n0, rank_sum = 0.0;
    csat_status st;
    csat__err_clear(err);
    if (!auc)
        return csat__err_null(err, "auc");
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no customers");
    if ((st = columns_check(scores, y, n, err)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        n1 += y[i];
    n0 = (double)n - n1;
    if (n1 == 0.0 || n0 == 0.0)
        return csat__err(err, CSAT_EDOM, "y", CSAT_NO_ROW,
                         "y is all %d: the AUC needs churners and non-churners", n1 == 0.0 ? 0 : 1);
    ord = csat__malloc_array(&a, n, sizeof *ord);
    if (!ord)
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "out of memory ranking the scores");
    if (csat__order_doubles(scores, n, ord, &a) != CSAT_OK) {
        csat__free(&a, ord);
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "out of memory ranking the scores");
    }
    /* Mann-Whitney: sum of the churners' mid-ranks */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double pos = 0.0;
        while (j < n && scores[ord[j]] == scores[ord[i]])
            pos += y[ord[j++]];
        rank_sum += pos * (0.5 * (double)(i + 1 + j));
        i = j;
    }
    csat__free(&a, ord);
    *auc = (rank_sum - 0.5 * n1 * (n1 + 1.0)) / (n1 * n0);
    return CSAT_OK;
}

csat_status csat_churn_confusion(const double *scores, const double *y, size_t n,
                                 double threshold, csat_confusion *out, csat_error *err)
{
    csat_confusion c = {0, 0, 0, 0, 0, 0, 0, 0};
    csat_status st;
    csat__err_clear(err);
    if (!out)
        return csat__err_null(err, "out");
    if ((st = csat__check_real(err, "threshold", threshold)) != CSAT_OK)
        return st;
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no customers");
    if ((st = columns_check(scores, y, n, err)) != CSAT_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        int pred = scores[i] >= threshold;
        if (y[i] == 1.0)
            *(pred ? &c.tp : &c.fn) += 1.0;
        else
            *(pred ? &c.fp : &c.tn) += 1.0;
    }
    c.accuracy = (c.tp + c.tn) / (double)n;
    c.precision = c.tp + c.fp > 0.0 ? c.tp / (c.tp + c.fp) : 0.0;
    c.recall = c.tp + c.fn > 0.0 ? c.tp / (c.tp + c.fn) : 0.0;
    c.specificity = c.tn + c.fp > 0.0 ? c.tn / (c.tn + c.fp) : 0.0;
    *out = c;
    return CSAT_OK;
}

/* The checks of the binned evaluations: n customers, 1..min(n, MAX_BINS)
 * bins, the columns. */
static csat_status binned_check(const double *scores, const double *y, size_t n, size_t n_bins,
                                csat_error *err)
{
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no customers");
    if (n_bins == 0)
        return csat__err(err, CSAT_EINVAL, "n_bins", CSAT_NO_ROW, "n_bins = %zu is 0", n_bins);
    if (n_bins > n)
        return csat__err(err, CSAT_EINVAL, "n_bins", CSAT_NO_ROW, "n_bins = %zu exceeds n = %zu",
                         n_bins, n);
    if (n_bins > MAX_BINS)
        return csat__err(err, CSAT_EINVAL, "n_bins", CSAT_NO_ROW, "n_bins = %zu exceeds %d", n_bins,
                         MAX_BINS);
    return columns_check(scores, y, n, err);
}

/* First rank of bin b of k over n customers: floor(b n / k) without overflow. */
static size_t bin_start(size_t b, size_t n, size_t k)
{
    return b * (n / k) + (b * (n % k)) / k;
}

/* Churners per bin of customers ranked by descending score (ties in input
 * order) into per_bin[k]; *total receives all churners. */
static csat_status churners_by_bin(const double *scores, const double *y, size_t n, size_t k,
                                   const csat_allocator *a, double *per_bin, double *total)
{
    double *neg = csat__malloc_array(a, n, sizeof *neg);
    size_t *ord = csat__malloc_array(a, n, sizeof *ord);
    csat_status st = CSAT_ENOMEM;
    if (neg && ord) {
        for (size_t i = 0; i < n; i++)
            neg[i] = -scores[i];
        st = csat__order_doubles(neg, n, ord, a);
    }
    if (st == CSAT_OK) {
        *total = 0.0;
        for (size_t b = 0; b < k; b++) {
            double c = 0.0;
            for (size_t r = bin_start(b, n, k); r < bin_start(b + 1, n, k); r++)
                c += y[ord[r]];
            per_bin[b] = c;
            *total += c;
        }
    }
    csat__free(a, neg);
    csat__free(a, ord);
    return st;
}

csat_status csat_churn_lift(const double *scores, const double *y, size_t n, size_t n_bins,
                            double *size, double *churners, double *rate, double *lift,
                            double *cum_gain, double *cum_lift, const csat_allocator *alloc,
                            csat_error *err)
{
    csat_allocator a;
    double *cb, total = 0.0, cum_c = 0.0, overall;
    csat_status st;
    csat__err_clear(err);
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if ((st = binned_check(scores, y, n, n_bins, err)) != CSAT_OK)
        return st;
    cb = csat__malloc_array(&a, n_bins, sizeof *cb);
    if (!cb)
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "out of memory for the bins");
    st = churners_by_bin(scores, y, n, n_bins, &a, cb, &total);
    if (st != CSAT_OK) {
        csat__free(&a, cb);
        return csat__err(err, st, NULL, CSAT_NO_ROW, "out of memory ranking the scores");
    }
    if (total == 0.0) {
        csat__free(&a, cb);
        return csat__err(err, CSAT_EDOM, "y", CSAT_NO_ROW,
                         "y has no churner: the lift is undefined");
    }
    overall = total / (double)n;
    for (size_t b = 0; b < n_bins; b++) {
        double sz = (double)(bin_start(b + 1, n, n_bins) - bin_start(b, n, n_bins));
        double cum_n = (double)bin_start(b + 1, n, n_bins);
        cum_c += cb[b];
        if (size)
            size[b] = sz;
        if (churners)
            churners[b] = cb[b];
        if (rate)
            rate[b] = cb[b] / sz;
        if (lift)
            lift[b] = cb[b] / sz / overall;
        if (cum_gain)
            cum_gain[b] = cum_c / total;
        if (cum_lift)
            cum_lift[b] = cum_c / cum_n / overall;
    }
    csat__free(&a, cb);
    return CSAT_OK;
}

csat_status csat_churn_campaign_profit(const double *scores, const double *y, size_t n,
                                       const csat_campaign *cp, size_t n_bins, double *profit,
                                       size_t *best_bins, const csat_allocator *alloc,
                                       csat_error *err)
{
    csat_allocator a;
    double *cb, total, cum_c = 0.0, best = 0.0;
    size_t best_b = 0;
    csat_status st;
    csat__err_clear(err);
    if (!cp)
        return csat__err_null(err, "campaign");
    if (!profit)
        return csat__err_null(err, "profit");
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    if ((st = csat__check_amount(err, "campaign->customer_value", cp->customer_value)) != CSAT_OK
        || (st = csat__check_amount(err, "campaign->contact_cost", cp->contact_cost)) != CSAT_OK
        || (st = csat__check_amount(err, "campaign->incentive_cost", cp->incentive_cost)) != CSAT_OK
        || (st = csat__check_amount(err, "campaign->fixed_cost", cp->fixed_cost)) != CSAT_OK)
        return st;
    if (!(cp->acceptance_rate >= 0.0 && cp->acceptance_rate <= 1.0))
        return csat__err(err, CSAT_EINVAL, "campaign->acceptance_rate", CSAT_NO_ROW,
                         "campaign->acceptance_rate = %g is not in [0, 1]", cp->acceptance_rate);
    if ((st = binned_check(scores, y, n, n_bins, err)) != CSAT_OK)
        return st;
    cb = csat__malloc_array(&a, n_bins, sizeof *cb);
    if (!cb)
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "out of memory for the bins");
    st = churners_by_bin(scores, y, n, n_bins, &a, cb, &total);
    if (st != CSAT_OK) {
        csat__free(&a, cb);
        return csat__err(err, st, NULL, CSAT_NO_ROW, "out of memory ranking the scores");
    }
    for (size_t b = 0; b < n_bins; b++) {
        double N = (double)bin_start(b + 1, n, n_bins), C, g = cp->acceptance_rate, v;
        cum_c += cb[b];
        C = cum_c;
        /* churners: retained with prob g (value minus contact and offer) or
         * lost anyway (contact cost); non-churners take the offer */
        v = C * g * (cp->customer_value - cp->contact_cost - cp->incentive_cost) -
            C * (1.0 - g) * cp->contact_cost - (N - C) * (cp->contact_cost + cp->incentive_cost) -
            cp->fixed_cost;
        if (!isfinite(v)) { /* costs near DBL_MAX times many customers */
            csat__free(&a, cb);
            return csat__err(err, CSAT_EDOM, "campaign", CSAT_NO_ROW,
                             "the profit of the top %zu bins overflows a double (campaign costs too large)", b + 1);
        }
        cb[b] = v; /* the profits replace the counts, already summed into cum_c */
        if (v > best) {
            best = v;
            best_b = b + 1;
        }
    }
    memcpy(profit, cb, n_bins * sizeof *profit);
    csat__free(&a, cb);
    if (best_bins)
        *best_bins = best_b;
    return CSAT_OK;
}
