/*
 * PLS path modelling (issue 16): the inner models of the published
 * satisfaction indices (csat_pls_preset_model).
 */
#include "survey/pls_internal.h"

#include <string.h>

typedef struct preset {
    size_t n;
    const char *names[7];
    unsigned char edges[12][2];
    size_t n_edges;
} preset;

/* ACSI: Fornell, Johnson, Anderson, Cha & Bryant (1996), J. Marketing 60(4), 7-18, Figure 1.
 * ECSI: Cassel & Eklof (2001), Total Quality Management 12(7-8); Tenenhaus, Esposito Vinzi,
 * Chatelin & Lauro (2005), CSDA 48, the mobile-phone model. CCSI-style: the ECSI chain with
 * brand image and without complaints, as the China index is commonly described (not checked
 * against a primary source). */
static const preset PRESETS[3] = {
    {6, {"expectations", "quality", "value", "satisfaction", "complaints", "loyalty"},
     {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}, {3, 4}, {3, 5}, {4, 5}}, 9},
    {7, {"image", "expectations", "quality", "value", "satisfaction", "complaints", "loyalty"},
     {{0, 1}, {0, 4}, {0, 6}, {1, 2}, {1, 3}, {1, 4}, {2, 3}, {2, 4}, {3, 4}, {4, 5}, {4, 6}, {5, 6}}, 12},
    {6, {"image", "expectations", "quality", "value", "satisfaction", "loyalty"},
     {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 2}, {1, 3}, {1, 4}, {2, 3}, {2, 4}, {3, 4}, {4, 5}}, 11},
};

csat_status csat_pls_preset_model(csat_pls_preset which, size_t *n_lv, unsigned char *paths, const char **names,
                                  size_t cap, csat_error *err)
{
    csat__err_clear(err);
    if ((int)which < 0 || (int)which > 2)
        return csat__err(err, CSAT_EINVAL, "which", CSAT_NO_ROW, "which = %d is not a csat_pls_preset", (int)which);
    if (!n_lv)
        return csat__err_null(err, "n_lv");
    const preset *p = &PRESETS[which];
    if (paths || names) {
        if (!csat__array_bytes_ok(cap, cap, 1) || !csat__array_bytes_ok(cap, 1, sizeof(char *)))
            return csat__err_size(err, "cap", cap);
        if (cap < p->n)
            return csat__err(err, CSAT_EBUFSIZE, "cap", CSAT_NO_ROW,
                             "cap = %zu is below the preset's %zu latent variables", cap, p->n);
        if (paths) {
            memset(paths, 0, p->n * p->n);
            for (size_t e = 0; e < p->n_edges; e++)
                paths[p->edges[e][0] * p->n + p->edges[e][1]] = 1;
        }
        if (names)
            for (size_t j = 0; j < p->n; j++)
                names[j] = p->names[j];
    }
    *n_lv = p->n;
    return CSAT_OK;
}
