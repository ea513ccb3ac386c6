/* libFuzzer target: arbitrary bytes as columns, options and tables for every
 * segmentation entry point. Only crashes, leaks and UB count as failures. */
#include "csat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t take(const uint8_t **p, size_t *n, void *dst, size_t len)
{
    size_t k = len < *n ? len : *n;
    memset(dst, 0, len);
    memcpy(dst, *p, k);
    *p += k;
    *n -= k;
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t hdr[8];
    size_t nrow, d, nv;
    double *v;
    int *i1, *i2, *i3, *i4;
    take(&data, &size, hdr, sizeof hdr);
    d = 1 + hdr[1] % 4;
    nv = size / sizeof(double);
    if (nv > 4096)
        nv = 4096;
    nrow = nv / 3;
    v = malloc((nv + 1) * sizeof *v);
    i1 = malloc((nv + 1) * sizeof *i1), i2 = malloc((nv + 1) * sizeof *i2);
    i3 = malloc((nv + 1) * sizeof *i3), i4 = malloc((nv + 1) * sizeof *i4);
    if (!v || !i1 || !i2 || !i3 || !i4)
        goto out;
    memcpy(v, data, nv * sizeof *v);
    memset(i1, 0, (nv + 1) * sizeof *i1);
    /* Half of the runs squash the raw doubles into small non-negative values so
     * the valid paths are reached too. */
    if (hdr[0] & 1)
        for (size_t i = 0; i < nv; i++) {
            uint64_t u;
            memcpy(&u, &v[i], sizeof u);
            v[i] = (double)(u % 50) * ((hdr[0] & 2) ? 0.5 : 1.0);
        }
    {
        csat_rfm_options o = CSAT_RFM_OPTIONS_INIT;
        double br[24];
        o.bins = hdr[2] % 11;
        o.binning = (csat_rfm_binning)(hdr[3] % 4);
        o.recency_breaks = o.frequency_breaks = o.monetary_breaks = v;
        if (csat_rfm_scores(v, v + nrow, v + 2 * nrow, nrow, &o, NULL, i1, i2, i3, i4, NULL, br) == CSAT_OK) {
            size_t un;
            csat_rfm_table_report rep;
            for (int t = 0; t < 4; t++) {
                const csat_rfm_table *tab = csat_rfm_table_builtin((csat_rfm_builtin)t);
                (void)csat_rfm_segment_assign(tab, i1, i2, i3, nrow, i4, NULL, &un);
                (void)csat_rfm_table_validate(tab, &rep, NULL, NULL);
            }
        }
    }
    {
        /* a custom table from the bytes */
        csat_rfm_rule rules[8];
        csat_rfm_table tab;
        csat_rfm_table_report rep;
        int cells[729];
        size_t wins[8], un;
        for (int k = 0; k < 8; k++) {
            const uint8_t *b = (const uint8_t *)(v + (k % (nv ? nv : 1)));
            rules[k].name = "r";
            if (nv == 0) {
                memset(&rules[k], 0, sizeof rules[k]);
                rules[k].name = "r";
                continue;
            }
            rules[k].r_lo = b[0] % 7, rules[k].r_hi = b[1] % 7, rules[k].f_lo = b[2] % 7;
            rules[k].f_hi = b[3] % 7, rules[k].m_lo = b[4] % 7, rules[k].m_hi = b[5] % 7;
            rules[k].fm_average = b[6] % 3;
        }
        tab.rules = rules;
        tab.n_rules = 1 + hdr[4] % 8;
        tab.bins = hdr[5] % 10;
        tab.others = hdr[6] & 1;
        tab.others_name = (hdr[6] & 2) ? "Others" : NULL;
        if (csat_rfm_table_validate(&tab, &rep, cells, wins) == CSAT_OK)
            (void)csat_rfm_segment_assign(&tab, i1, i2, i3, nrow, i4, NULL, &un);
    }
    {
        csat_value_tier_options to = CSAT_VALUE_TIER_OPTIONS_INIT;
        csat_pyramid_options po = CSAT_PYRAMID_OPTIONS_INIT;
        csat_abc_options ao = CSAT_ABC_OPTIONS_INIT;
        csat_abc_summary s;
        csat_lifecycle_options lo = CSAT_LIFECYCLE_OPTIONS_INIT;
        csat_lifecycle_stage stg;
        double cuts[2], sh[6];
        double *curve = malloc((nrow + 1) * sizeof *curve);
        if (hdr[7] & 1)
            to.frequency_cut = nrow ? v[0] : 1.0;
        po.rule = (csat_pyramid_rule)(hdr[7] >> 1 & 1);
        (void)csat_value_tiers(v, v + nrow, nrow, &to, NULL, i1, cuts, NULL);
        (void)csat_pyramid(v, nv, &po, NULL, i1, NULL);
        (void)csat_abc(v, nrow, &ao, NULL, i1, curve, &s);
        (void)csat_lifecycle_stages(v, v + nrow, v + 2 * nrow, nrow, &lo, i1, NULL, NULL);
        (void)csat_lifecycle_from_history(v, v + nrow, nrow, nrow ? v[0] * 3 : 0.0, &lo, &stg, NULL);
        (void)csat_benefit_segments(v, nv / 5, 5, i1, sh);
        {
            /* a small store from the same bytes: ids from the squashed values */
            csat_customers *c;
            if (csat_customers_new(&c, NULL) == CSAT_OK) {
                size_t m = nrow < 64 ? nrow : 64, nout;
                uint64_t ids[64], got[64];
                for (size_t i = 0; i < m; i++)
                    ids[i] = (uint64_t)(i1[i] & 7);
                if (csat_customers_add(c, ids, v, v + nrow, m) == CSAT_OK)
                    (void)csat_lifecycle_from_store(c, nrow ? v[1 % nrow] * 2 : 0.0, &lo, NULL, got, i2, NULL,
                                                    64, &nout);
                csat_customers_free(c);
            }
        }
        free(curve);
    }
    {
        csat_kmeans *km;
        csat_kmeans_options ko = CSAT_KMEANS_OPTIONS_INIT;
        size_t rows = nv / d;
        double s, el[3];
        ko.k = hdr[2] % 6;
        ko.seed = hdr[3];
        ko.n_init = 1 + hdr[4] % 3;
        ko.max_iter = 1 + hdr[5] % 50;
        ko.standardize = hdr[6] & 1;
        ko.algorithm = (csat_kmeans_algorithm)(hdr[7] % 3);
        if (csat_kmeans_new(&km, NULL) == CSAT_OK) {
            if (rows > 256)
                rows = 256;
            if (csat_kmeans_fit(km, v, rows, d, &ko, i1) == CSAT_OK)
                (void)csat_kmeans_silhouette(v, rows, d, i1, ko.k, hdr[1] % 32, 1, NULL, &s);
            ko.algorithm = CSAT_KMEANS_LLOYD;
            (void)csat_kmeans_elbow(km, v, rows < 64 ? rows : 64, d, &ko, 1, 3, i1, el);
            csat_kmeans_free(km);
        }
    }
out:
    free(v), free(i1), free(i2), free(i3), free(i4);
    return 0;
}
