/* csat_value_model: the store of weights, offerings and segments. */
#include "value/value_model.h"

#include <string.h>

csat_status csat_value_model_new(csat_value_model **out, const csat_allocator *alloc)
{
    csat_value_model *m = NULL;
    csat_status st;
    if (out == NULL)
        return CSAT_EINVAL;
    st = csat__handle_new((void **)&m, sizeof *m, alloc);
    if (st != CSAT_OK)
        return st;
    for (size_t k = 0; k < CSAT__VK; k++)
        m->weights[k] = 1.0;
    *out = m;
    return CSAT_OK;
}

void csat_value_model_free(csat_value_model *m)
{
    if (m == NULL)
        return;
    csat__free(&m->base.alloc, m->off);
    csat__free(&m->base.alloc, m->seg);
    csat__handle_free(m);
}

const char *csat_value_model_last_error(const csat_value_model *m)
{
    return m ? m->base.err : "";
}

static const char *const component_names[CSAT__VK] = {
    "product value", "service value", "personnel value", "image value",
    "monetary cost", "time cost", "effort cost", "mental cost",
};

/* Eight finite, non-negative numbers; `what` names them in the message. */
static csat_status check8(csat_value_model *m, const double *x, const char *what)
{
    size_t k;
    if (x == NULL)
        return csat__fail(&m->base, CSAT_EINVAL, "%s: NULL array", what);
    k = csat__first_not_nonneg(x, CSAT__VK);
    if (k < CSAT__VK)
        return csat__fail(&m->base, CSAT_EINVAL, "%s: %s is %g (must be finite and >= 0)", what,
                          component_names[k], x[k]);
    return CSAT_OK;
}

/* Length of a name if it is 1..CSAT_VALUE_NAME_MAX bytes, else 0; never
 * reads past the bound (names from callers may be unterminated garbage). */
static size_t name_len(const char *name)
{
    size_t n = 0;
    while (n <= CSAT_VALUE_NAME_MAX && name[n] != '\0')
        n++;
    return n <= CSAT_VALUE_NAME_MAX ? n : 0;
}

static csat_status check_name(csat_value_model *m, const char *name)
{
    if (name == NULL)
        return csat__fail(&m->base, CSAT_EINVAL, "name is NULL");
    if (name_len(name) == 0)
        return csat__fail(&m->base, CSAT_EINVAL, "name must be 1 to %d bytes long",
                          CSAT_VALUE_NAME_MAX);
    return CSAT_OK;
}

/* Make room for one more element of `size` bytes in *arr (count n, capacity
 * *cap); on failure *arr and *cap are untouched. */
static csat_status grow(csat_value_model *m, void **arr, size_t n, size_t *cap, size_t size)
{
    size_t new_cap, old_bytes, new_bytes;
    void *p;
    if (n < *cap)
        return CSAT_OK;
    new_cap = *cap ? *cap * 2 : 4;
    if (new_cap < *cap || csat__mul_overflow(new_cap, size, &new_bytes))
        return csat__fail(&m->base, CSAT_ENOMEM, "too many entries");
    old_bytes = *cap * size;
    p = csat__realloc(&m->base.alloc, *arr, old_bytes, new_bytes);
    if (p == NULL)
        return csat__fail(&m->base, CSAT_ENOMEM, "out of memory growing to %zu entries", new_cap);
    *arr = p;
    *cap = new_cap;
    return CSAT_OK;
}

csat_status csat_value_model_set_weights(csat_value_model *m, const double weights[8])
{
    csat_status st;
    if (m == NULL)
        return CSAT_EINVAL;
    if ((st = check8(m, weights, "weights")) != CSAT_OK)
        return st;
    memcpy(m->weights, weights, sizeof m->weights);
    return CSAT_OK;
}

csat_status csat_value_model_weights(const csat_value_model *m, double weights[8])
{
    if (m == NULL || weights == NULL)
        return CSAT_EINVAL;
    memcpy(weights, m->weights, sizeof m->weights);
    return CSAT_OK;
}

csat_status csat_value_model_add_offering(csat_value_model *m, const char *name,
                                          const double values[8], int competitor, size_t *index)
{
    csat_status st;
    csat__offering *o;
    void *arr;
    if (m == NULL)
        return CSAT_EINVAL;
    if ((st = check_name(m, name)) != CSAT_OK || (st = check8(m, values, "offering values")) != CSAT_OK)
        return st;
    arr = m->off;
    if ((st = grow(m, &arr, m->n_off, &m->cap_off, sizeof *m->off)) != CSAT_OK)
        return st;
    m->off = arr;
    o = &m->off[m->n_off];
    memset(o, 0, sizeof *o);
    memcpy(o->name, name, name_len(name));
    memcpy(o->values, values, sizeof o->values);
    o->competitor = competitor != 0;
    if (index)
        *index = m->n_off;
    m->n_off++;
    return CSAT_OK;
}

csat_status csat_value_model_set_offering(csat_value_model *m, size_t i, const double values[8])
{
    csat_status st;
    if (m == NULL)
        return CSAT_EINVAL;
    if (i >= m->n_off)
        return csat__fail(&m->base, CSAT_EINVAL, "no offering %zu (there are %zu)", i, m->n_off);
    if ((st = check8(m, values, "offering values")) != CSAT_OK)
        return st;
    memcpy(m->off[i].values, values, sizeof m->off[i].values);
    return CSAT_OK;
}

csat_status csat_value_model_offering(const csat_value_model *m, size_t i, double values[8],
                                      int *competitor, const char **name)
{
    if (m == NULL || i >= m->n_off)
        return CSAT_EINVAL;
    if (values)
        memcpy(values, m->off[i].values, sizeof m->off[i].values);
    if (competitor)
        *competitor = m->off[i].competitor;
    if (name)
        *name = m->off[i].name;
    return CSAT_OK;
}

static csat_status check_size(csat_value_model *m, double size)
{
    if (!(isfinite(size) && size >= 0.0))
        return csat__fail(&m->base, CSAT_EINVAL, "segment size is %g (must be finite and >= 0)",
                          size);
    return CSAT_OK;
}

csat_status csat_value_model_add_segment(csat_value_model *m, const char *name,
                                         const double weights[8], double size, size_t *index)
{
    csat_status st;
    csat__segment *s;
    void *arr;
    if (m == NULL)
        return CSAT_EINVAL;
    if ((st = check_name(m, name)) != CSAT_OK || (st = check8(m, weights, "segment weights")) != CSAT_OK
        || (st = check_size(m, size)) != CSAT_OK)
        return st;
    arr = m->seg;
    if ((st = grow(m, &arr, m->n_seg, &m->cap_seg, sizeof *m->seg)) != CSAT_OK)
        return st;
    m->seg = arr;
    s = &m->seg[m->n_seg];
    memset(s, 0, sizeof *s);
    memcpy(s->name, name, name_len(name));
    memcpy(s->weights, weights, sizeof s->weights);
    s->size = size;
    if (index)
        *index = m->n_seg;
    m->n_seg++;
    return CSAT_OK;
}

csat_status csat_value_model_set_segment(csat_value_model *m, size_t s, const double weights[8],
                                         double size)
{
    csat_status st;
    if (m == NULL)
        return CSAT_EINVAL;
    if (s >= m->n_seg)
        return csat__fail(&m->base, CSAT_EINVAL, "no segment %zu (there are %zu)", s, m->n_seg);
    if ((st = check8(m, weights, "segment weights")) != CSAT_OK || (st = check_size(m, size)) != CSAT_OK)
        return st;
    memcpy(m->seg[s].weights, weights, sizeof m->seg[s].weights);
    m->seg[s].size = size;
    return CSAT_OK;
}

csat_status csat_value_model_segment(const csat_value_model *m, size_t s, double weights[8],
                                     double *size, const char **name)
{
    if (m == NULL || s >= m->n_seg)
        return CSAT_EINVAL;
    if (weights)
        memcpy(weights, m->seg[s].weights, sizeof m->seg[s].weights);
    if (size)
        *size = m->seg[s].size;
    if (name)
        *name = m->seg[s].name;
    return CSAT_OK;
}

csat_status csat_value_model_count(const csat_value_model *m, size_t *n_offerings,
                                   size_t *n_segments)
{
    if (m == NULL)
        return CSAT_EINVAL;
    if (n_offerings)
        *n_offerings = m->n_off;
    if (n_segments)
        *n_segments = m->n_seg;
    return CSAT_OK;
}

const double *csat__value_weights(csat_value_model *m, size_t segment)
{
    if (segment == CSAT_VALUE_MODEL_WEIGHTS)
        return m->weights;
    if (segment < m->n_seg)
        return m->seg[segment].weights;
    csat__fail(&m->base, CSAT_EINVAL, "no segment %zu (there are %zu)", segment, m->n_seg);
    return NULL;
}

int csat__value_totals(const double *w, const double *v, double *tcv, double *tcc)
{
    csat__ksum sv = {0.0, 0.0}, sc = {0.0, 0.0};
    for (size_t k = 0; k < CSAT__VK / 2; k++) {
        csat__ksum_add(&sv, w[k] * v[k]);
        csat__ksum_add(&sc, w[k + CSAT__VK / 2] * v[k + CSAT__VK / 2]);
    }
    *tcv = csat__ksum_value(&sv);
    *tcc = csat__ksum_value(&sc);
    return isfinite(*tcv) && isfinite(*tcc) && isfinite(*tcv - *tcc);
}
