/*
 * RFM scores: three columns cut into bins 1..k by one of three rules (see
 * csat_rfm_binning in csat.h). Quantile rules need only the k-1 (or 2(k-1))
 * order statistics per column, found by radix selection, so scoring is a
 * few linear passes instead of a sort.
 *
 * Threads (opts->parallel, version 2 of the options): the checks, the
 * selection passes and the scoring run over fixed blocks of customers;
 * counts and per-row scores do not depend on how the blocks are shared
 * out, so every setting gives the same bits.
 */
#include "segments/segmentation.h"

#include <float.h>
#include <stddef.h>
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
    /* only the fields of that version: a version-1 struct ends before parallel */
    memcpy(opts, &d, version >= 2 ? sizeof d : offsetof(csat_rfm_options, parallel));
    opts->version = version;
    return CSAT_OK;
}

/* x >= b, with the slack that keeps a quantile rounded a few ulp high from
 * excluding the value it was computed from. */
static inline int at_or_above(double x, double b) { return x >= b - 8.0 * DBL_EPSILON * fabs(b); }

/* Break points of one column for the quantile rules. For the rank rule with
 * reversed = 1 the column is ranked from the largest value down. */
static void quantile_breaks(const double *x, size_t n, unsigned bins, csat_rfm_binning rule,
                            int reversed, void *scratch, const csat__par *par, double *br)
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
        csat__select_ranks_par(x, n, rank, nb, br, scratch, par);
        return;
    }
    for (unsigned j = 1; j <= nb; j++) {
        double idx = (double)(n - 1) * ((double)j / (double)bins);
        double lo = floor(idx);
        rank[2 * (j - 1)] = (size_t)lo;
        rank[2 * (j - 1) + 1] = (size_t)ceil(idx);
        h[j - 1] = idx - lo;
    }
    csat__select_ranks_par(x, n, rank, 2 * nb, val, scratch, par);
    for (unsigned j = 0; j < nb; j++)
        br[j] = csat__quantile7_combine(val[2 * j], val[2 * j + 1], h[j]) + 1.0;
}

static void score_column(const double *x, size_t lo, size_t hi, unsigned bins,
                         csat_rfm_binning rule, int reversed, const double *br, int *out)
{
    unsigned nb = bins - 1;
    if (rule == CSAT_RFM_QUANTILE_RANK) {
        for (size_t i = lo; i < hi; i++) {
            int s = 1;
            for (unsigned j = 0; j < nb; j++)
                s += reversed ? (x[i] < br[j]) : (x[i] > br[j]);
            out[i] = s;
        }
        return;
    }
    for (size_t i = lo; i < hi; i++) {
        int bin = 1;
        for (unsigned j = 0; j < nb; j++)
            bin += at_or_above(x[i], br[j]);
        out[i] = reversed ? (int)bins + 1 - bin : bin;
    }
}

/* Customers per block of the checks and the scoring. */
#define RFM_BLOCK CSAT__BLOCK_ROWS

typedef struct rfm_job {
    const double *col[3];
    size_t n;
    unsigned bins;
    csat_rfm_binning rule;
    const double (*br)[MAX_BINS];
    int *score[3], *code, *total;
    unsigned char *flags; /* per block: bit c = column c has a bad value, bit 3 + c = a value != its first */
} rfm_job;

static void block_range(const rfm_job *j, size_t b, size_t *lo, size_t *hi)
{
    *lo = b * RFM_BLOCK;
    *hi = *lo + RFM_BLOCK < j->n ? *lo + RFM_BLOCK : j->n;
}

static void check_block(void *ctx, size_t worker, size_t b)
{
    rfm_job *j = ctx;
    size_t lo, hi;
    unsigned f = 0;
    (void)worker;
    block_range(j, b, &lo, &hi);
    for (int c = 0; c < 3; c++) {
        const double *x = j->col[c];
        if (csat__first_not_nonneg(x + lo, hi - lo) < hi - lo) {
            f |= 1u << c;
            continue;
        }
        for (size_t i = lo; i < hi; i++)
            if (x[i] != x[0]) {
                f |= 8u << c;
                break;
            }
    }
    j->flags[b] = (unsigned char)f;
}

static void score_block(void *ctx, size_t worker, size_t b)
{
    rfm_job *j = ctx;
    size_t lo, hi;
    (void)worker;
    block_range(j, b, &lo, &hi);
    for (int c = 0; c < 3; c++)
        score_column(j->col[c], lo, hi, j->bins, j->rule, c == 0, j->br[c], j->score[c]);
    if (j->code || j->total)
        for (size_t i = lo; i < hi; i++) {
            int r = j->score[0][i], f = j->score[1][i], m = j->score[2][i];
            if (j->code)
                j->code[i] = 100 * r + 10 * f + m;
            if (j->total)
                j->total[i] = r + f + m;
        }
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
    double br[3][MAX_BINS];
    csat_allocator a;
    csat__par par;
    rfm_job job;
    unsigned char flags = 0;
    size_t nblk;
    void *scratch = NULL;
    unsigned nb;
    csat__err_clear(err);

    if (opts) {
        if (!csat__version_ok(opts->version, CSAT_RFM_OPTIONS_VERSION))
            return csat__check_version(err, opts->version, CSAT_RFM_OPTIONS_VERSION);
        /* A version-1 struct ends before `parallel`: copy field by field. */
        o.bins = opts->bins;
        o.binning = opts->binning;
        o.recency_breaks = opts->recency_breaks;
        o.frequency_breaks = opts->frequency_breaks;
        o.monetary_breaks = opts->monetary_breaks;
        o.parallel = opts->version >= 2 ? opts->parallel : NULL;
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
    {
        csat_error pe;
        csat_status st = csat__par_resolve(&par, o.parallel, &pe);
        if (st != CSAT_OK)
            return csat__err(err, st, "opts->parallel", CSAT_NO_ROW, "opts->parallel: %s", pe.message);
    }
    if (n == 0)
        return csat__err(err, CSAT_EEMPTY, "n", CSAT_NO_ROW, "n = 0: no customers");
    nb = o.bins - 1;
    nblk = csat__n_blocks(n, RFM_BLOCK);
    memset(&job, 0, sizeof job);
    for (int c = 0; c < 3; c++)
        job.col[c] = col[c];
    job.n = n;
    if (csat__allocator_resolve(&a, alloc) != CSAT_OK)
        return csat__err(err, CSAT_EINVAL, "alloc", CSAT_NO_ROW,
                         "alloc lacks malloc_fn or free_fn");
    job.flags = csat__malloc_array(&a, nblk, 1);
    if (job.flags == NULL)
        return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW, "out of memory for %zu block flags", nblk);
    csat__par_run(&par, nblk, check_block, &job);
    for (size_t b = 0; b < nblk; b++)
        flags |= job.flags[b];
    csat__free(&a, job.flags);
    job.flags = NULL;
    for (int c = 0; c < 3; c++)
        if (flags & (1u << c)) /* the message of the first bad value, as without threads */
            return csat__check_nonneg(err, name[c], col[c], n);

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
        size_t nw = csat__select_workers(&par, n);
        if (n < o.bins)
            return csat__err(err, CSAT_EINVAL, "n", CSAT_NO_ROW,
                             "n = %zu is below opts->bins = %u: quantile bins need a customer each",
                             n, o.bins);
        for (int c = 0; c < 3; c++)
            if (!(flags & (8u << c)))
                return csat__err(err, CSAT_EDOM, name[c], CSAT_NO_ROW,
                                 "every %s is %g: its quantile bins are undefined", name[c],
                                 col[c][0]);
        scratch = csat__malloc_array(&a, nw, csat__select_scratch_bytes());
        if (scratch == NULL)
            return csat__err(err, CSAT_ENOMEM, NULL, CSAT_NO_ROW,
                             "out of memory for the selection scratch");
        for (int c = 0; c < 3; c++)
            quantile_breaks(col[c], n, o.bins, o.binning, c == 0, scratch, &par, br[c]);
        csat__free(&a, scratch);
    }

    /* Nothing can fail from here on: write the outputs. */
    job.bins = o.bins;
    job.rule = o.binning;
    job.br = (const double(*)[MAX_BINS])br;
    job.score[0] = r;
    job.score[1] = f;
    job.score[2] = m;
    job.code = code;
    job.total = total;
    csat__par_run(&par, nblk, score_block, &job);
    if (breaks)
        for (int c = 0; c < 3; c++)
            memcpy(breaks + (size_t)c * nb, br[c], nb * sizeof(double));
    return CSAT_OK;
}
