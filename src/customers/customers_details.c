/*
 * Customer records, issue 17: readers of the transaction detail columns,
 * per-customer attributes (group, acquisition cost) and complaints. The
 * detail columns are written by add in customers.c.
 */
#include "customers/customers_internal.h"
#include "core/sort.h"

#include <math.h>
#include <string.h>

csat_status csat_customers_columns(const csat_customers *c, unsigned *columns)
{
    const csat__txn_rows *r;
    if (c == NULL || columns == NULL)
        return CSAT_EINVAL;
    r = c->rows;
    *columns = (r->cost ? CSAT_CUSTOMERS_COSTS : 0u) | (r->cat ? CSAT_CUSTOMERS_CATEGORIES : 0u) |
               (r->chan ? CSAT_CUSTOMERS_CHANNELS : 0u) | c->attr_columns |
               (c->n_compl ? CSAT_CUSTOMERS_COMPLAINTS : 0u);
    return CSAT_OK;
}

/* The details of sorted row i into slot k of the outputs (any may be NULL). */
static void put_details(const csat__txn_rows *r, size_t i, size_t k, double *costs, int32_t *cats,
                        int32_t *chans)
{
    size_t s = r->src ? r->src[i] : 0;
    if (costs)
        costs[k] = r->cost ? r->cost[s] : 0.0;
    if (cats)
        cats[k] = r->cat ? r->cat[s] : -1;
    if (chans)
        chans[k] = r->chan ? r->chan[s] : -1;
}

csat_status csat_customers_transaction_details(const csat_customers *c, uint64_t id, double *costs,
                                               int32_t *categories, int32_t *channels, size_t cap,
                                               size_t *n)
{
    size_t first = 0;
    csat_status st = csat__customer_rows(c, id, cap, n, &first);
    if (st != CSAT_OK)
        return st;
    for (size_t i = 0; i < *n; i++)
        put_details(c->rows, first + i, i, costs, categories, channels);
    return CSAT_OK;
}

csat_status csat_customers_rows(const csat_customers *c, uint64_t *ids, double *times, double *amounts,
                                double *costs, int32_t *categories, int32_t *channels, size_t cap,
                                size_t *n)
{
    const csat__txn_rows *r;
    if (c == NULL || n == NULL || !csat__array_bytes_ok(cap, 1, sizeof(double)))
        return CSAT_EINVAL;
    csat__txn_sort_par(c->rows, &c->base.alloc, csat__handle_par(c));
    r = c->rows;
    *n = r->n;
    if (cap < r->n)
        return CSAT_EBUFSIZE;
    for (size_t i = 0; i < r->n; i++) {
        if (ids)
            ids[i] = r->row[i].id;
        if (times)
            times[i] = r->row[i].time;
        if (amounts)
            amounts[i] = r->row[i].amount;
        put_details(r, i, i, costs, categories, channels);
    }
    return CSAT_OK;
}

/* ---- attributes --------------------------------------------------------- */

/* Index of the record of id in the sorted attribute table, or c->n_attr. */
static size_t attr_find(const csat_customers *c, uint64_t id)
{
    size_t lo = 0, hi = c->n_attr;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->attr[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < c->n_attr && c->attr[lo].id == id) ? lo : c->n_attr;
}

/* Merge a batch of group (groups != NULL) or acquisition-cost values into
 * the attribute table: a new table replaces the old one, so a failure
 * leaves the store as it was. */
static csat_status set_attr(csat_customers *c, const char *fn, const uint64_t *ids,
                            const int32_t *groups, const double *costs, size_t n)
{
    const csat_allocator *a;
    size_t *ord, m = 0, i = 0, j = 0;
    csat__cattr *t;
    csat_status st;
    if (c == NULL)
        return CSAT_EINVAL;
    if (!csat__array_bytes_ok(n, 1, sizeof(csat__cattr)) || n > SIZE_MAX / 2 - c->n_attr)
        return csat__fail(&c->base, CSAT_EINVAL, "%s: n = %zu would overflow the size of the store", fn, n);
    if (n == 0) {
        csat__clear_error(&c->base);
        return CSAT_OK;
    }
    if (ids == NULL)
        return csat__fail(&c->base, CSAT_EINVAL, "%s: ids is NULL", fn);
    for (size_t k = 0; k < n; k++) {
        if (groups && groups[k] < 0)
            return csat__fail(&c->base, CSAT_EINVAL, "%s: groups[%zu] = %ld is negative", fn, k,
                              (long)groups[k]);
        if (costs && !(isfinite(costs[k]) && costs[k] >= 0.0))
            return csat__fail(&c->base, CSAT_EINVAL, "%s: costs[%zu] = %g is not a finite number >= 0",
                              fn, k, costs[k]);
    }
    a = &c->base.alloc;
    ord = csat__malloc_array(a, n, sizeof *ord);
    st = ord ? csat__order_u64(ids, n, ord, a) : CSAT_ENOMEM;
    if (st != CSAT_OK) {
        csat__free(a, ord);
        return csat__fail(&c->base, CSAT_ENOMEM, "%s: no memory to order %zu ids", fn, n);
    }
    /* Count the merged records, then fill them. */
    while (i < c->n_attr || j < n) {
        uint64_t id = j == n || (i < c->n_attr && c->attr[i].id < ids[ord[j]]) ? c->attr[i].id : ids[ord[j]];
        while (i < c->n_attr && c->attr[i].id == id)
            i++;
        while (j < n && ids[ord[j]] == id)
            j++;
        m++;
    }
    t = csat__malloc_array(a, m, sizeof *t);
    if (t == NULL) {
        csat__free(a, ord);
        return csat__fail(&c->base, CSAT_ENOMEM, "%s: no memory for %zu customers' attributes", fn, m);
    }
    m = i = j = 0;
    while (i < c->n_attr || j < n) {
        uint64_t id = j == n || (i < c->n_attr && c->attr[i].id < ids[ord[j]]) ? c->attr[i].id : ids[ord[j]];
        csat__cattr rec = {id, 0.0, -1};
        if (i < c->n_attr && c->attr[i].id == id)
            rec = c->attr[i++];
        for (; j < n && ids[ord[j]] == id; j++) { /* ties in input order: the last wins */
            if (groups)
                rec.group = groups[ord[j]];
            else
                rec.acq = costs[ord[j]] + 0.0;
        }
        t[m++] = rec;
    }
    csat__free(a, ord);
    csat__free(a, c->attr);
    c->attr = t;
    c->n_attr = m;
    c->attr_columns |= groups ? CSAT_CUSTOMERS_GROUPS : CSAT_CUSTOMERS_ACQUISITION_COSTS;
    csat__clear_error(&c->base);
    return CSAT_OK;
}

csat_status csat_customers_set_groups(csat_customers *c, const uint64_t *ids, const int32_t *groups,
                                      size_t n)
{
    if (c != NULL && n > 0 && groups == NULL)
        return csat__fail(&c->base, CSAT_EINVAL, "csat_customers_set_groups: groups is NULL");
    return set_attr(c, "csat_customers_set_groups", ids, groups, NULL, n);
}

csat_status csat_customers_set_acquisition_costs(csat_customers *c, const uint64_t *ids,
                                                 const double *costs, size_t n)
{
    if (c != NULL && n > 0 && costs == NULL)
        return csat__fail(&c->base, CSAT_EINVAL, "csat_customers_set_acquisition_costs: costs is NULL");
    return set_attr(c, "csat_customers_set_acquisition_costs", ids, NULL, costs, n);
}

csat_status csat_customers_attributes(const csat_customers *c, const uint64_t *ids, size_t n,
                                      int32_t *groups, double *acquisition_costs)
{
    if (c == NULL || !csat__array_bytes_ok(n, 1, sizeof(double)) || (ids == NULL && n > 0))
        return CSAT_EINVAL;
    for (size_t k = 0; k < n; k++) {
        size_t i = attr_find(c, ids[k]);
        if (groups)
            groups[k] = i < c->n_attr ? c->attr[i].group : -1;
        if (acquisition_costs)
            acquisition_costs[k] = i < c->n_attr ? c->attr[i].acq : 0.0;
    }
    return CSAT_OK;
}

csat_status csat_customers_attribute_ids(const csat_customers *c, uint64_t *ids, size_t cap, size_t *n)
{
    if (c == NULL || n == NULL || !csat__array_bytes_ok(cap, 1, sizeof *ids))
        return CSAT_EINVAL;
    *n = c->n_attr;
    if (cap < c->n_attr)
        return CSAT_EBUFSIZE;
    for (size_t k = 0; k < c->n_attr; k++)
        ids[k] = c->attr[k].id;
    return CSAT_OK;
}

/* ---- complaints ---------------------------------------------------------- */

/* NaN, or finite and >= lo. */
static int time_ok(double t, double lo) { return isnan(t) || (isfinite(t) && t >= lo); }

static int compl_before(const csat__complaint *x, const csat__complaint *y)
{
    return x->id < y->id || (x->id == y->id && x->opened < y->opened);
}

csat_status csat_customers_add_complaints(csat_customers *c, const uint64_t *ids, const double *opened,
                                          const double *first_response, const double *resolved,
                                          const uint8_t *first_contact, const int32_t *causes,
                                          const double *recovery_satisfaction, size_t n)
{
    static const char fn[] = "csat_customers_add_complaints";
    const csat_allocator *a;
    csat__complaint *t, *b;
    size_t *ord, *ord2, i, j, k;
    uint64_t *key;
    csat_status st;
    if (c == NULL)
        return CSAT_EINVAL;
    if (!csat__array_bytes_ok(n, 1, sizeof(csat__complaint)) || n > SIZE_MAX / 2 - c->n_compl
        || !csat__array_bytes_ok(c->n_compl + n, 1, sizeof(csat__complaint)))
        return csat__fail(&c->base, CSAT_EINVAL, "%s: n = %zu would overflow the size of the store", fn, n);
    if (n == 0) {
        csat__clear_error(&c->base);
        return CSAT_OK;
    }
    if (ids == NULL || opened == NULL)
        return csat__fail(&c->base, CSAT_EINVAL, "%s: %s is NULL", fn, ids == NULL ? "ids" : "opened");
    for (k = 0; k < n; k++) {
        double o = opened[k], f = first_response ? first_response[k] : NAN;
        double r = resolved ? resolved[k] : NAN;
        if (!(isfinite(o) && o >= 0.0))
            return csat__fail(&c->base, CSAT_EINVAL, "%s: opened[%zu] = %g is not a finite number >= 0",
                              fn, k, o);
        if (!time_ok(f, o))
            return csat__fail(&c->base, CSAT_EINVAL, "%s: first_response[%zu] = %g is neither NaN "
                              "nor a finite time >= opened (%g)", fn, k, f, o);
        if (!time_ok(r, isnan(f) ? o : f))
            return csat__fail(&c->base, CSAT_EINVAL, "%s: resolved[%zu] = %g is neither NaN nor a "
                              "finite time >= opened and >= first_response", fn, k, r);
        if (first_contact && first_contact[k] > 1)
            return csat__fail(&c->base, CSAT_EINVAL, "%s: first_contact[%zu] = %u is not 0 or 1", fn,
                              k, (unsigned)first_contact[k]);
        if (first_contact && first_contact[k] == 1 && isnan(r))
            return csat__fail(&c->base, CSAT_EINVAL, "%s: first_contact[%zu] = 1 but the complaint "
                              "has no resolution time", fn, k);
        if (causes && causes[k] < -1)
            return csat__fail(&c->base, CSAT_EINVAL, "%s: causes[%zu] = %ld is below -1", fn, k,
                              (long)causes[k]);
        if (recovery_satisfaction && !time_ok(recovery_satisfaction[k], -HUGE_VAL))
            return csat__fail(&c->base, CSAT_EINVAL, "%s: recovery_satisfaction[%zu] = %g is "
                              "infinite", fn, k, recovery_satisfaction[k]);
    }
    a = &c->base.alloc;
    /* Order the batch by (id, opened), ties in input order: stable by
     * opened, then stable by id. */
    t = csat__malloc_array(a, c->n_compl + n, sizeof *t);
    b = csat__malloc_array(a, n, sizeof *b);
    ord = csat__malloc_array(a, n, 2 * sizeof *ord);
    key = csat__malloc_array(a, n, sizeof *key);
    st = t && b && ord && key ? csat__order_doubles(opened, n, ord, a) : CSAT_ENOMEM;
    ord2 = ord ? ord + n : NULL;
    if (st == CSAT_OK) {
        for (k = 0; k < n; k++)
            key[k] = ids[ord[k]];
        st = csat__order_u64(key, n, ord2, a);
    }
    if (st != CSAT_OK) {
        csat__free(a, t);
        csat__free(a, b);
        csat__free(a, ord);
        csat__free(a, key);
        return csat__fail(&c->base, CSAT_ENOMEM, "%s: no memory for %zu complaints", fn, c->n_compl + n);
    }
    for (k = 0; k < n; k++) {
        size_t s = ord[ord2[k]];
        csat__complaint x;
        memset(&x, 0, sizeof x);
        x.id = ids[s];
        x.opened = opened[s] + 0.0;
        x.first_response = first_response ? first_response[s] + 0.0 : NAN;
        x.resolved = resolved ? resolved[s] + 0.0 : NAN;
        x.recovery = recovery_satisfaction ? recovery_satisfaction[s] + 0.0 : NAN;
        x.cause = causes ? causes[s] : -1;
        x.first_contact = first_contact ? first_contact[s] : 0;
        b[k] = x;
    }
    /* Merge: on ties the complaints already stored come first. */
    for (i = j = k = 0; i < c->n_compl || j < n;)
        t[k++] = j == n || (i < c->n_compl && !compl_before(&b[j], &c->compl[i])) ? c->compl[i++] : b[j++];
    csat__free(a, b);
    csat__free(a, ord);
    csat__free(a, key);
    csat__free(a, c->compl);
    c->compl = t;
    c->n_compl += n;
    csat__clear_error(&c->base);
    return CSAT_OK;
}

csat_status csat_customers_complaints(const csat_customers *c, uint64_t *ids, double *opened,
                                      double *first_response, double *resolved, uint8_t *first_contact,
                                      int32_t *causes, double *recovery_satisfaction, size_t cap,
                                      size_t *n)
{
    if (c == NULL || n == NULL || !csat__array_bytes_ok(cap, 1, sizeof(double)))
        return CSAT_EINVAL;
    *n = c->n_compl;
    if (cap < c->n_compl)
        return CSAT_EBUFSIZE;
    for (size_t k = 0; k < c->n_compl; k++) {
        const csat__complaint *x = &c->compl[k];
        if (ids)
            ids[k] = x->id;
        if (opened)
            opened[k] = x->opened;
        if (first_response)
            first_response[k] = x->first_response;
        if (resolved)
            resolved[k] = x->resolved;
        if (first_contact)
            first_contact[k] = x->first_contact;
        if (causes)
            causes[k] = x->cause;
        if (recovery_satisfaction)
            recovery_satisfaction[k] = x->recovery;
    }
    return CSAT_OK;
}
