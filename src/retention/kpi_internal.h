/* CRM KPIs between two dates (kpi.c), shared with the per-group form
 * (kpi_group.c): argument checks and the per-customer accumulation. */
#ifndef CSAT_KPI_INTERNAL_H
#define CSAT_KPI_INTERNAL_H

#include "core/internal.h"

/* Running KPI sums: r holds counts and revenue until csat__kpi_finish. */
typedef struct csat__kpi_acc {
    csat_kpi_report r;
    double eligible; /* retained customers below the top tier at t1 */
} csat__kpi_acc;

/* The checks of csat_kpi_between on t1, t2, lost_after and the tiers
 * (not the transaction columns), named in err. */
csat_status csat__kpi_check_args(double t1, double t2, double lost_after,
                                 const double *tier_bounds, size_t n_bounds, csat_error *err);

/* Add the customer whose rows are ord[b..e) to acc (and, when ladder is not
 * NULL, their tier at t2 to ladder). */
void csat__kpi_add_customer(const double *times, const double *amounts, const size_t *ord,
                            size_t b, size_t e, double t1, double t2, double lost_after,
                            const double *tier_bounds, size_t n_bounds, csat__kpi_acc *acc,
                            double *ladder);

/* Turn the sums into the rates of csat_kpi_report. */
void csat__kpi_finish(csat__kpi_acc *acc);

/* CSAT_OK when codes (n of them, the argument called name) is not NULL and
 * every code is in [-1, n_codes) (-1 = none); CSAT_EINVAL naming the row otherwise. */
csat_status csat__check_codes(const int32_t *codes, size_t n, size_t n_codes, const char *name,
                              csat_error *err);

#endif /* CSAT_KPI_INTERNAL_H */
