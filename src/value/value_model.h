/* Private layout of csat_value_model, shared by its source files. */
#ifndef CSAT_VALUE_MODEL_H
#define CSAT_VALUE_MODEL_H

#include "core/internal.h"
#include "numerics/numerics.h"

#include <math.h>

#define CSAT__VK CSAT_VALUE_N_COMPONENTS

/* One struct per offering/segment so that growing the store is a single
 * reallocation: either it succeeds or the model is untouched. */
typedef struct csat__offering {
    char name[CSAT_VALUE_NAME_MAX + 1];
    double values[CSAT__VK];
    int competitor;
} csat__offering;

typedef struct csat__segment {
    char name[CSAT_VALUE_NAME_MAX + 1];
    double weights[CSAT__VK];
    double size;
} csat__segment;

struct csat_value_model {
    csat__base base;
    double weights[CSAT__VK];
    csat__offering *off;
    size_t n_off, cap_off;
    csat__segment *seg;
    size_t n_seg, cap_seg;
};

/* The weights `segment` designates, or NULL (message recorded) if unknown. */
const double *csat__value_weights(csat_value_model *m, size_t segment);

/* Weighted total value and total cost of one set of component values.
 * Returns 0 if either (or their difference) is not finite. */
int csat__value_totals(const double *w, const double *v, double *tcv, double *tcc);

#endif /* CSAT_VALUE_MODEL_H */
