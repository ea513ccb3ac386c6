#include "core/internal.h"

#include <stdlib.h>
#include <string.h>

static void *libc_malloc(size_t size, void *user) { (void)user; return malloc(size); }
static void *libc_realloc(void *p, size_t size, void *user) { (void)user; return realloc(p, size); }
static void libc_free(void *p, void *user) { (void)user; free(p); }

csat_status csat__allocator_resolve(csat_allocator *dst, const csat_allocator *src)
{
    if (src == NULL) {
        dst->malloc_fn = libc_malloc;
        dst->realloc_fn = libc_realloc;
        dst->free_fn = libc_free;
        dst->user = NULL;
        return CSAT_OK;
    }
    if (src->malloc_fn == NULL || src->free_fn == NULL)
        return CSAT_EINVAL;
    *dst = *src;
    return CSAT_OK;
}

int csat__mul_overflow(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > (size_t)-1 / a)
        return 1;
    *out = a * b;
    return 0;
}

int csat__array_bytes_ok(size_t n, size_t m, size_t elem)
{
    size_t nm, bytes;
    return !csat__mul_overflow(n, m, &nm) && !csat__mul_overflow(nm, elem, &bytes);
}

void *csat__malloc(const csat_allocator *a, size_t bytes)
{
    /* malloc(0) may return NULL legitimately; ask for one byte so that NULL
     * always means failure. */
    return a->malloc_fn(bytes ? bytes : 1, a->user);
}

void *csat__malloc_array(const csat_allocator *a, size_t count, size_t size)
{
    size_t bytes;
    if (csat__mul_overflow(count, size, &bytes))
        return NULL;
    return csat__malloc(a, bytes);
}

void *csat__calloc_array(const csat_allocator *a, size_t count, size_t size)
{
    size_t bytes;
    void *p;
    if (csat__mul_overflow(count, size, &bytes))
        return NULL;
    p = csat__malloc(a, bytes);
    if (p)
        memset(p, 0, bytes);
    return p;
}

void *csat__realloc(const csat_allocator *a, void *p, size_t old_bytes, size_t new_bytes)
{
    void *q;
    if (new_bytes == 0)
        new_bytes = 1;
    if (p == NULL)
        return csat__malloc(a, new_bytes);
    if (a->realloc_fn)
        return a->realloc_fn(p, new_bytes, a->user);
    q = a->malloc_fn(new_bytes, a->user);
    if (q == NULL)
        return NULL;
    memcpy(q, p, old_bytes < new_bytes ? old_bytes : new_bytes);
    a->free_fn(p, a->user);
    return q;
}

void csat__free(const csat_allocator *a, void *p)
{
    if (p)
        a->free_fn(p, a->user);
}

csat_status csat__handle_new(void **out, size_t bytes, const csat_allocator *alloc)
{
    csat_allocator resolved;
    csat__base *b;
    if (csat__allocator_resolve(&resolved, alloc) != CSAT_OK)
        return CSAT_EINVAL;
    b = csat__malloc(&resolved, bytes);
    if (b == NULL)
        return CSAT_ENOMEM;
    memset(b, 0, bytes);
    b->alloc = resolved;
    *out = b;
    return CSAT_OK;
}

void csat__handle_free(void *handle)
{
    csat__base *b = handle;
    csat_allocator a;
    if (b == NULL)
        return;
    a = b->alloc;
    a.free_fn(b, a.user);
}
