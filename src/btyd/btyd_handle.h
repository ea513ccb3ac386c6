/*
 * The csat_btyd_model and csat_spend_model handles as their files (btyd_handle.c, btyd_rows.c,
 * btyd_fit.c, btyd_predict.c) share it; private to src/btyd.
 */
#ifndef CSAT_BTYD_HANDLE_H
#define CSAT_BTYD_HANDLE_H

#include "btyd/btyd_ops.h"

struct csat_spend_model {
    csat__base base;
    csat__fitted fit;
};

struct csat_btyd_model {
    csat__base base;
    csat_btyd_kind kind;
    const csat__btyd_kind_ops *ops;
    csat__fitted fit;
    /* issue 15: time-invariant covariates (btyd_cov.h); NULL without */
    struct csat__btyd_cov *cov;
};

/* Check every row and weight (b may be NULL); with need_fit, also that
 * there are customers enough to fit. */
/* Predictions are computed for parameters in [1e-15, 1e15] (every value
 * finite there, in bounded time: checked by a sweep and fuzz_btyd); beyond,
 * CSAT_EDOM with a message on b, before anything is written. */
#define CSAT__BTYD_PARAM_MIN 1e-15
#define CSAT__BTYD_PARAM_MAX 1e15
/* Every one of the np parameters in [1e-15, 1e15], else CSAT_EDOM with a message on b. */
csat_status csat__btyd_predictable(csat__base *b, const double *params, size_t np);

csat_status csat__btyd_check_rows(csat__base *b, csat_error *err, const csat__btyd_kind_ops *k,
                                  const csat__btyd_rows *r, int need_fit);
/* Grouped copy of the rows in one block buf (4 columns of g->n; caller
 * frees buf): identical rows become one with the summed weight; rows of
 * weight 0 are dropped. Large inputs are grouped in fixed hash buckets on
 * par's threads (the result depends only on the rows). */
csat_status csat__btyd_group_rows(const csat__par *par, const csat_allocator *al, const csat__btyd_rows *in,
                                  csat__btyd_rows *g, double **buf);
/* A strided subsample of about `target` rows of g (which has weights) in
 * one allocation *buf (free it with csat__free), with the total weights of
 * the sample and of all rows. */
csat_status csat__btyd_subsample(const csat_allocator *al, const csat__btyd_rows *g, size_t target,
                                csat__btyd_rows *sub, double **buf, double *wsub, double *wall);
/* The same, keeping the weights' shares (rows of weight >= W/target whole,
 * the others by systematic sampling over their cumulative weight): the
 * Newton kinds' warm-ups (btyd_fit.c, ops->newton_subs). */
csat_status csat__btyd_subsample_weighted(const csat_allocator *al, const csat__btyd_rows *g,
                                          size_t target, csat__btyd_rows *sub, double **buf,
                                          double *wsub, double *wall);

#endif /* CSAT_BTYD_HANDLE_H */
