/* The resolved item layout shared by SERVQUAL scoring and the zone of tolerance. */
#ifndef CSAT_SERVQUAL_LAYOUT_H
#define CSAT_SERVQUAL_LAYOUT_H

#include "csat.h"

typedef struct csat__servqual_layout {
    csat_scale scale;
    csat_nan_policy nan_policy;
    size_t n_items, n_dims;
    size_t dim[CSAT_SERVQUAL_MAX_ITEMS];
    unsigned char mirror[CSAT_SERVQUAL_MAX_ITEMS]; /* answer x -> min + max - x */
} csat__servqual_layout;

/* Check the options (NULL = defaults) against n_items and resolve the map. */
csat_status csat__servqual_resolve(const csat_servqual_options *opts, size_t n_items,
                                  csat__servqual_layout *L, csat_error *err);

#endif
