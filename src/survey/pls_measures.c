/*
 * PLS path modelling (issue 16): what a fit gives, read into the caller's
 * buffers (the outer and inner model, effects, reliability, HTMT, scores,
 * the 0-100 index and the importance-performance map).
 */
#include "survey/pls_internal.h"

#include <math.h>
#include <string.h>

/* The checks every getter shares: CSAT_OK to go on. */
static csat_status ready(const csat_pls *m, size_t n, size_t want, size_t n2, size_t want2)
{
    if (!m)
        return CSAT_EINVAL;
    if (!m->fitted)
        return CSAT_EMISUSE;
    if (n != want || n2 != want2)
        return CSAT_EINVAL;
    return CSAT_OK;
}

csat_status csat_pls_outer(const csat_pls *m, double *weights, double *loadings, size_t n_items)
{
    csat_status st = ready(m, n_items, m ? m->spec.p : 0, 0, 0);
    if (st != CSAT_OK)
        return st;
    for (size_t i = 0; i < n_items; i++) {
        if (weights)
            weights[i] = m->est.w[i];
        if (loadings)
            loadings[i] = m->est.RW[i * m->spec.q + m->spec.item_lv[i]];
    }
    return CSAT_OK;
}

csat_status csat_pls_cross_loadings(const csat_pls *m, double *out, size_t n_items, size_t n_lv)
{
    csat_status st = ready(m, n_items, m ? m->spec.p : 0, n_lv, m ? m->spec.q : 0);
    if (st != CSAT_OK)
        return st;
    if (!out)
        return CSAT_EINVAL;
    memcpy(out, m->est.RW, n_items * n_lv * sizeof *out);
    return CSAT_OK;
}

csat_status csat_pls_inner(const csat_pls *m, double *paths, double *indirect, double *total,
                           double *r2, size_t n_lv)
{
    csat_status st = ready(m, n_lv, m ? m->spec.q : 0, 0, 0);
    if (st != CSAT_OK)
        return st;
    size_t q = n_lv;
    double *T = NULL;
    if (indirect || total) { /* before any output is written */
        T = csat__malloc_array(&m->base.alloc, q, 3 * q * sizeof(double));
        if (!T)
            return CSAT_ENOMEM;
        csat__pls_total(m->est.B, q, T, T + q * q);
    }
    if (paths)
        memcpy(paths, m->est.B, q * q * sizeof *paths);
    if (r2)
        memcpy(r2, m->est.r2, q * sizeof *r2);
    for (size_t a = 0; T && a < q * q; a++) {
        if (indirect)
            indirect[a] = T[a] - m->est.B[a];
        if (total)
            total[a] = T[a];
    }
    csat__free(&m->base.alloc, T);
    return CSAT_OK;
}

csat_status csat_pls_lv_correlations(const csat_pls *m, double *out, size_t n_lv)
{
    csat_status st = ready(m, n_lv, m ? m->spec.q : 0, 0, 0);
    if (st != CSAT_OK)
        return st;
    if (!out)
        return CSAT_EINVAL;
    memcpy(out, m->est.C, n_lv * n_lv * sizeof *out);
    return CSAT_OK;
}

csat_status csat_pls_quality(const csat_pls *m, csat_pls_block_quality *out, size_t n_lv)
{
    csat_status st = ready(m, n_lv, m ? m->spec.q : 0, 0, 0);
    if (st != CSAT_OK)
        return st;
    if (!out)
        return CSAT_EINVAL;
    const csat__pls_spec *s = &m->spec;
    size_t p = s->p, q = s->q;
    for (size_t j = 0; j < q; j++) {
        size_t b0 = s->bstart[j], nb = s->bstart[j + 1] - b0;
        double sl = 0.0, sl2 = 0.0, sr = 0.0;
        for (size_t a = 0; a < nb; a++) {
            size_t i = s->bitem[b0 + a];
            double l = m->est.RW[i * q + j];
            sl += l;
            sl2 += l * l;
            for (size_t c = 0; c < nb; c++)
                sr += m->R[i * p + s->bitem[b0 + c]];
        }
        double err = (double)nb - sl2;
        csat_pls_block_quality b;
        b.r2 = m->est.r2[j];
        b.communality = sl2 / (double)nb;
        b.redundancy = b.communality * b.r2;
        b.ave = sl2 / (sl2 + err);
        b.rho_dg = sl * sl / (sl * sl + err);
        b.alpha = nb == 1 ? 1.0 : (double)nb / (double)(nb - 1) * (1.0 - (double)nb / sr);
        out[j] = b;
    }
    return CSAT_OK;
}

csat_status csat_pls_htmt(const csat_pls *m, double *out, size_t n_lv)
{
    csat_status st = ready(m, n_lv, m ? m->spec.q : 0, 0, 0);
    if (st != CSAT_OK)
        return st;
    if (!out)
        return CSAT_EINVAL;
    const csat__pls_spec *s = &m->spec;
    size_t p = s->p, q = s->q;
    double *mono = csat__malloc_array(&m->base.alloc, q, sizeof(double));
    if (!mono)
        return CSAT_ENOMEM;
    for (size_t j = 0; j < q; j++) {
        size_t b0 = s->bstart[j], nb = s->bstart[j + 1] - b0;
        double v = 0.0;
        for (size_t a = 0; a < nb; a++)
            for (size_t c = a + 1; c < nb; c++)
                v += fabs(m->R[s->bitem[b0 + a] * p + s->bitem[b0 + c]]);
        mono[j] = nb == 1 ? 1.0 : v / ((double)nb * (double)(nb - 1) / 2.0);
        if (!(mono[j] > 0.0)) {
            csat__free(&m->base.alloc, mono);
            return CSAT_EDOM;
        }
    }
    for (size_t j = 0; j < q; j++)
        for (size_t k = 0; k < q; k++) {
            if (j == k) {
                out[j * q + k] = 1.0;
                continue;
            }
            double v = 0.0;
            for (size_t a = s->bstart[j]; a < s->bstart[j + 1]; a++)
                for (size_t c = s->bstart[k]; c < s->bstart[k + 1]; c++)
                    v += fabs(m->R[s->bitem[a] * p + s->bitem[c]]);
            v /= (double)(s->bstart[j + 1] - s->bstart[j]) * (double)(s->bstart[k + 1] - s->bstart[k]);
            out[j * q + k] = v / sqrt(mono[j] * mono[k]);
        }
    csat__free(&m->base.alloc, mono);
    return CSAT_OK;
}

csat_status csat_pls_scores(const csat_pls *m, double *standardized, double *scaled, size_t n_rows,
                            size_t n_lv)
{
    csat_status st = ready(m, n_rows, m ? m->n : 0, n_lv, m ? m->spec.q : 0);
    if (st != CSAT_OK)
        return st;
    const csat__pls_spec *s = &m->spec;
    size_t p = s->p, q = s->q;
    for (size_t j = 0; j < q && scaled; j++)
        if (!(fabs(csat__pls_unstd_sum(s, m->est.w, m->sd, j)) > 0.0))
            return CSAT_EDOM;
    for (size_t r = 0; r < n_rows; r++) {
        const double *x = m->X + r * p;
        for (size_t j = 0; j < q; j++) {
            double y = 0.0, z = 0.0;
            for (size_t a = s->bstart[j]; a < s->bstart[j + 1]; a++) {
                size_t i = s->bitem[a];
                y += x[i] * m->est.w[i];
                z += (x[i] * m->sd[i] + m->mean[i]) * (m->est.w[i] / m->sd[i]);
            }
            if (standardized)
                standardized[r * q + j] = y;
            if (scaled)
                scaled[r * q + j] = z / csat__pls_unstd_sum(s, m->est.w, m->sd, j);
        }
    }
    return CSAT_OK;
}

/* Index of LV j (0-100) from weights w and the items' means and sds. */
static double index_of(const csat__pls_spec *s, const double *w, const double *mean, const double *sd,
                       size_t j, const csat_scale *sc)
{
    double u = csat__pls_unstd_sum(s, w, sd, j), v = 0.0;
    for (size_t a = s->bstart[j]; a < s->bstart[j + 1]; a++)
        v += mean[s->bitem[a]] * (w[s->bitem[a]] / sd[s->bitem[a]]);
    v /= u;
    double x = sc->reversed ? sc->max - v : v - sc->min;
    return 100.0 * x / (sc->max - sc->min);
}

csat_status csat__pls_index_all(const csat__pls_spec *s, const double *w, const double *mean,
                                const double *sd, const csat_scale *sc, double *index)
{
    for (size_t j = 0; j < s->q; j++)
        if (!(fabs(csat__pls_unstd_sum(s, w, sd, j)) > 0.0))
            return CSAT_EDOM;
    for (size_t j = 0; j < s->q; j++)
        index[j] = index_of(s, w, mean, sd, j, sc);
    return CSAT_OK;
}

csat_status csat_pls_index(const csat_pls *m, const csat_scale *scale, double *index, size_t n_lv)
{
    csat_status st = ready(m, n_lv, m ? m->spec.q : 0, 0, 0);
    if (st != CSAT_OK)
        return st;
    if (!index || !scale || csat__scale_check(scale) != CSAT_OK)
        return CSAT_EINVAL;
    return csat__pls_index_all(&m->spec, m->est.w, m->mean, m->sd, scale, index);
}

csat_status csat_pls_ipma(const csat_pls *m, size_t target, const csat_scale *scale, double *importance,
                          double *performance, size_t n_lv)
{
    csat_status st = ready(m, n_lv, m ? m->spec.q : 0, 0, 0);
    if (st != CSAT_OK)
        return st;
    if (target >= n_lv || !scale || csat__scale_check(scale) != CSAT_OK)
        return CSAT_EINVAL;
    const csat__pls_spec *s = &m->spec;
    size_t q = s->q;
    double *T = csat__malloc_array(&m->base.alloc, q, 3 * q * sizeof(double) + sizeof(double));
    if (!T)
        return CSAT_ENOMEM;
    double *idx = T + 3 * q * q;
    st = csat__pls_index_all(s, m->est.w, m->mean, m->sd, scale, idx);
    if (st == CSAT_OK) {
        csat__pls_total(m->est.B, q, T, T + q * q);
        /* sd of LV j on the items' scale: 1 / |sum of unstandardised weights| */
        double ut = fabs(csat__pls_unstd_sum(s, m->est.w, m->sd, target));
        for (size_t j = 0; j < q; j++) {
            double uj = fabs(csat__pls_unstd_sum(s, m->est.w, m->sd, j));
            if (importance)
                importance[j] = T[j * q + target] * uj / ut;
            if (performance)
                performance[j] = idx[j];
        }
    }
    csat__free(&m->base.alloc, T);
    return st;
}
