/*
 * RFM scores: three columns cut into bins 1..k by one of three rules (see
 * csat_rfm_binning in csat.h). Quantile rules need only the k-1 (or 2(k-1))
 * order statistics per column, found by radix selection, so scoring is a
 * few linear passes instead of a sort.
 */
#include "segments/segmentation.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define MAX_BINS 9u

csat_status csat_rfm_options_init(csat_rfm_options *opts, unsigned int version)
{
    csat_rfm_options d = CSAT_RFM_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_RFM_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = d;
    opts->version = version;
    return CSAT_OK;
}

/* x >= b, with the slack that keeps a quantile rounded a few ulp high from
 * excluding the value it was computed from. */
static inline int at_or_above(double x, double b) { return x >= b - 8.0 * DBL_EPSILON * fabs(b); }

/* Break points of one column for the quantile rules. For the rank rule with
 * reversed = 1 the column is ranked from the largest value down. */
static void quantile_breaks(const double *x, size_t n, unsigned bins, csat_rfm_binning rule,
                            int reversed, void *scratch, double *br)
{
    size_t rank[CSAT__SEL_MAX];
    double val[CSAT__SEL_MAX];
    double h[MAX_BINS];
    unsigned nb = bins - 1;
    if (rule == CSAT_RFM_QUANTILE_RANK) {
        for (unsigned j = 1; j <= nb; j++) {
            /* m_j = ceil(j n / bins) customers must be strictly worse. */
            size_t m = j * (n / bins) + (j * (n % bins) + bins - 1) / bins;
            rank[j - 1] = reversed ? n - m : m - 1;
        }
        csat__select_ranks(x, n, rank, nb, br, scratch);
        return;
    }
    for (unsigned j = 1; j <= nb; j++) {
        double idx = (double)(n - 1) * ((double)j / (double)bins);
        double lo = floor(idx);
        rank[2 * (j - 1)] = (size_t)lo;
        rank[2 * (j - 1) + 1] = (size_t)ceil(idx);
        h[j - 1] = idx - lo;
    }
    csat__select_ranks(x, n, rank, 2 * nb, val, scratch);
    for (unsigned j = 0; j < nb; j++)
        br[j] = csat__quantile7_combine(val[2 * j], val[2 * j + 1], h[j]) + 1.0;
}

static void score_column(const double *x, size_t n, unsigned bins, csat_rfm_binning rule,
                         int reversed, const double *br, int *out)
{
    unsigned nb = bins - 1;
    if (rule == CSAT_RFM_QUANTILE_RANK) {
        for (size_t i = 0; i < n; i++) {
            int s = 1;
            for (unsigned j = 0; j < nb; j++)
                s += reversed ? (x[i] < br[j]) : (x[i] > br[j]);
            out[i] = s;
        }
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int bin = 1;
        for (unsigned j = 0; j < nb; j++)
            bin += at_or_above(x[i], br[j]);
        out[i] = reversed ? (int)bins + 1 - bin : bin;
    }
}

static int all_equal(const double *x, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (x[i] != x[0])
            return 0;
    return 1;
}

static int increasing(const double *b, unsigned nb)
{
    if (b == NULL)
        return 0;
    for (unsigned j = 0; j < nb; j++)
        if (!isfinite(b[j]) || (j > 0 && !(b[j] > b[j - 1])))
            return 0;
    return 1;
}

csat_status csat_rfm_scores(const double *recency, const double *frequency, const double *monetary,
                            size_t n, const csat_rfm_options *opts, const csat_allocator *alloc,
                            int *r, int *f, int *m, int *code, int *total, double *breaks,
                            csat_error *err)
{
    csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
    const double *col[3] = {recency, frequency, monetary};
    static const char *const name[3] = {"recency", "frequency", "monetary"};
    static const char *const breaks_name[3] = {"opts->recency_breaks", "opts->frequency_breaks",
                                               "opts->monetary_breaks"};
    int *score[3] = {r, f, m};
    double br[3][MAX_BINS];
    csat_allocator a;
    void *scratch = NULL;
    unsigned nb;
    csat__err_clear(err);

    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_RFM_OPTIONS_VERSION))
            return csat__check_version(err, opts->version, CSAT_RFM_OPTIONS_VERSION);
        o = *opts;
    }
    if (!recency)
        return csat__err_null(err, "recency");
    if (!frequency)
        return csat__err_null(err, "frequency");
    if (!monetary)
        return csat__err_null(err, "monetary");
    if (!r)
        return csat__err_null(err, "r");
    if (!f)
        return csat__err_null(err, "f");
    if (!m)
        return csat__err_null(err, "m");
    if (!csat__array_bytes_ok(n, 1, sizeof *recency))
        return csat__err_size(err, "n", n);
    if (o.bins < 2)
        return csat__err(err, CSAT_EINVAL, "opts->bins", CSAT_NO_ROW,
                         "opts->bins = %u is below 2", (unsigned)o.bins);
    if (o.bins > MAX_BINS)
        return csat__err(err, CSAT_EINVAL, "opts->bins", CSAT_NO_ROW,
                         "opts->bins = %u exceeds %u", (unsigned)o.bins, MAX_BINS);
    if (o.binning != CSAT_RFM_QUANTILE_RANK && o.binning != CSAT_RFM_QUANTILE_R
        && o.binning != CSAT_RFM_BREAKS)
        return csat__err(err, CSAT_EINVAL, "opts->binning", CSAT_NO_ROW,
                         "opts->binning = %d is not a csat_rfm_binning", (int)o.binning);
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no customers");
    nb = o.bins - 1;
    for (int c = 0; c < 3; c++) {
        csat_status st = csat__check_nonneg(err, name[c], col[c], n);
        if (st != CSAT_OK)
            return st;
    }
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");

    if (o.binning == CSAT_RFM_BREAKS) {
        const double *ub[3] = {o.recency_breaks, o.frequency_breaks, o.monetary_breaks};
        for (int c = 0; c < 3; c++) {
            if (!increasing(ub[c], nb))
                return csat__err(err, CSAT_EINVAL, breaks_name[c], CSAT_NO_ROW,
                                 "%s is NULL or not %u finite increasing values", breaks_name[c],
                                 nb);
            memcpy(br[c], ub[c], nb * sizeof(double));
        }
    } else {
        if (n < o.bins)
            return csat__err(err, CSAT_EINVAL, "n", CSAT_NO_ROW,
                             "n = %zu is below opts->bins = %u: quantile bins need a customer each",
                             n, o.bins);
        for (int c = 0; c < 3; c++)
            if (all_equal(col[c], n))
                return csat__err(err, CSAT_EDOM, name[c], CSAT_NO_ROW,
                                 "every %s is %g: its quantile bins are undefined", name[c],
                                 col[c][0]);
        scratch = csat__malloc(&a, csat__select_scratch_bytes());
        if (scratch == NULL)
            return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW,
                             "out of memory for the selection scratch");
        for (int c = 0; c < 3; c++)
            quantile_breaks(col[c], n, o.bins, o.binning, c == 0, scratch, br[c]);
        csat__free(&a, scratch);
    }

    /* Nothing can fail from here on: write the outputs. */
    for (int c = 0; c < 3; c++)
        score_column(col[c], n, o.bins, o.binning, c == 0, br[c], score[c]);
    if (code || total)
        for (size_t i = 0; i < n; i++) {
            if (code)
                code[i] = 100 * r[i] + 10 * f[i] + m[i];
            if (total)
                total[i] = r[i] + f[i] + m[i];
        }
    if (breaks)
        for (int c = 0; c < 3; c++)
            memcpy(breaks + (size_t)c * nb, br[c], nb * sizeof(double));
    return CSAT_OK;
}
