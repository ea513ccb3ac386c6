/*
 * csat__par_run: blocks pulled from a shared counter by a few workers, the
 * calling thread among them. Which worker runs which block varies from run
 * to run; the results do not, because every block writes only its own slot
 * and the callers combine slots in block order.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#  define _GNU_SOURCE 1 /* sched_getaffinity: the cores this process may use */
#endif

#include "core/parallel.h"

#include "core/internal.h"

#include <string.h>

#if defined(__linux__)
#  include <sched.h>
#endif
#if defined(__unix__) || defined(__APPLE__)
#  include <unistd.h>
#endif

/* POSIX threads where there are (in libc itself on glibc >= 2.34, musl and
 * the BSDs), else C11 <threads.h>. POSIX first also because ThreadSanitizer
 * does not follow glibc's thrd_create. */
#if defined(__unix__) || defined(__APPLE__)
#  include <pthread.h>
#  define CSAT__HAVE_THREADS 1
#  define CSAT__PTHREADS 1
#elif !defined(__STDC_NO_THREADS__)
#  include <threads.h>
#  define CSAT__HAVE_THREADS 1
#endif
#if !defined(__STDC_NO_ATOMICS__)
#  include <stdatomic.h>
#  define CSAT__HAVE_ATOMICS 1
#endif

const csat__par csat__par_serial = {0, 0, {0, 0, NULL, NULL}};

size_t csat_parallel_cpu_count(void)
{
    long n = 0;
#if defined(__linux__) && defined(CPU_COUNT)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        n = CPU_COUNT(&set);
#endif
#if defined(_SC_NPROCESSORS_ONLN)
    if (n <= 0)
        n = sysconf(_SC_NPROCESSORS_ONLN);
#endif
    if (n <= 0)
        return 1;
    return (size_t)n > CSAT_MAX_THREADS ? CSAT_MAX_THREADS : (size_t)n;
}

csat_status csat_parallel_options_init(csat_parallel_options *opts, unsigned int version)
{
    const csat_parallel_options d = CSAT_PARALLEL_OPTIONS_INIT;
    if (opts == NULL)
        return CSAT_EINVAL;
    if (!csat__version_ok(version, CSAT_PARALLEL_OPTIONS_VERSION))
        return CSAT_EVERSION;
    *opts = d;
    opts->version = version;
    return CSAT_OK;
}

csat_status csat__par_resolve(csat__par *out, const csat_parallel_options *opts, csat_error *e)
{
    csat__par r = csat__par_serial;
    if (opts == NULL) {
        *out = r;
        return CSAT_OK;
    }
    if (!csat__version_ok(opts->version, CSAT_PARALLEL_OPTIONS_VERSION))
        return csat__err(e, CSAT_EVERSION, "opts->version", CSAT_NO_ROW,
                         "opts->version = %u is not a known version (1..%u)", opts->version,
                         (unsigned)CSAT_PARALLEL_OPTIONS_VERSION);
    if (opts->executor) {
        const csat_executor *x = opts->executor;
        if (!csat__version_ok(x->version, CSAT_EXECUTOR_VERSION))
            return csat__err(e, CSAT_EVERSION, "opts->executor->version", CSAT_NO_ROW,
                             "opts->executor->version = %u is not a known version (1..%u)", x->version,
                             (unsigned)CSAT_EXECUTOR_VERSION);
        if (x->run == NULL)
            return csat__err(e, CSAT_EINVAL, "opts->executor->run", CSAT_NO_ROW,
                             "opts->executor->run is NULL");
        if (x->n_workers < 1 || x->n_workers > CSAT_MAX_THREADS)
            return csat__err(e, CSAT_EINVAL, "opts->executor->n_workers", CSAT_NO_ROW,
                             "opts->executor->n_workers = %zu is outside [1, %d]", x->n_workers,
                             CSAT_MAX_THREADS);
        r.has_executor = 1;
        r.exec = *x;
        r.workers = x->n_workers;
    } else {
        if (opts->n_threads > CSAT_MAX_THREADS)
            return csat__err(e, CSAT_EINVAL, "opts->n_threads", CSAT_NO_ROW,
                             "opts->n_threads = %zu is above CSAT_MAX_THREADS = %d", opts->n_threads,
                             CSAT_MAX_THREADS);
        r.workers = opts->n_threads == 0 ? csat_parallel_cpu_count() : opts->n_threads;
    }
    *out = r;
    return CSAT_OK;
}

size_t csat__par_workers(const csat__par *p, size_t n_blocks)
{
    size_t w = p ? p->workers : 1;
    if (w < 1)
        w = 1;
    if (w > n_blocks)
        w = n_blocks > 0 ? n_blocks : 1;
    return w > CSAT_MAX_THREADS ? CSAT_MAX_THREADS : w;
}

/* ---- the run ------------------------------------------------------------ */

typedef struct run_state {
    csat__block_fn *fn;
    void *ctx;
    size_t n_blocks;
#if defined(CSAT__HAVE_ATOMICS)
    atomic_size_t next;
#else
    size_t n_workers; /* without atomics: worker w takes blocks w, w + n, ... */
#endif
} run_state;

typedef struct worker_arg {
    run_state *s;
    size_t worker;
} worker_arg;

static void work(run_state *s, size_t worker)
{
#if defined(CSAT__HAVE_ATOMICS)
    for (;;) {
        size_t b = atomic_fetch_add_explicit(&s->next, 1, memory_order_relaxed);
        if (b >= s->n_blocks)
            break;
        s->fn(s->ctx, worker, b);
    }
#else
    for (size_t b = worker; b < s->n_blocks; b += s->n_workers)
        s->fn(s->ctx, worker, b);
#endif
}

static void executor_task(void *ctx, size_t task)
{
    worker_arg *a = ctx;
    work(a[task].s, a[task].worker);
}

#if defined(CSAT__PTHREADS)
typedef pthread_t thread_t;
static void *thread_main(void *arg)
{
    worker_arg *a = arg;
    work(a->s, a->worker);
    return NULL;
}
static int thread_start(thread_t *t, worker_arg *a)
{
    return pthread_create(t, NULL, thread_main, a) == 0;
}
static void thread_join(thread_t t)
{
    pthread_join(t, NULL);
}
#elif defined(CSAT__HAVE_THREADS)
typedef thrd_t thread_t;
static int thread_main(void *arg)
{
    worker_arg *a = arg;
    work(a->s, a->worker);
    return 0;
}
static int thread_start(thread_t *t, worker_arg *a)
{
    return thrd_create(t, thread_main, a) == thrd_success;
}
static void thread_join(thread_t t)
{
    thrd_join(t, NULL);
}
#endif

/* Workers' arguments live on the stack (a run never allocates, so it
 * never fails): csat__par_workers caps the workers at this. */
#define STACK_WORKERS CSAT_MAX_THREADS

void csat__par_run(const csat__par *p, size_t n_blocks, csat__block_fn *fn, void *ctx)
{
    run_state s;
    worker_arg args[STACK_WORKERS];
    size_t nw = csat__par_workers(p, n_blocks);
    if (n_blocks == 0)
        return;
    s.fn = fn;
    s.ctx = ctx;
    s.n_blocks = n_blocks;
#if defined(CSAT__HAVE_ATOMICS)
    atomic_init(&s.next, 0);
#else
    s.n_workers = nw;
#endif
    if (nw <= 1) {
        for (size_t b = 0; b < n_blocks; b++)
            fn(ctx, 0, b);
        return;
    }
    for (size_t w = 0; w < nw; w++) {
        args[w].s = &s;
        args[w].worker = w;
    }
    if (p->has_executor) {
        int failed = p->exec.run(p->exec.user, nw, executor_task, args) != 0;
#if defined(CSAT__HAVE_ATOMICS)
        (void)failed;
        work(&s, 0); /* whatever a failing executor left; nothing when it ran all */
#else
        /* Without a shared counter the blocks of a worker that did not run
         * are unknown: a failing executor gets every block run again here
         * (blocks only write their own slots). */
        if (failed)
            for (size_t b = 0; b < n_blocks; b++)
                fn(ctx, 0, b);
#endif
        return;
    }
#if defined(CSAT__HAVE_THREADS)
    {
        thread_t th[STACK_WORKERS];
        int started[STACK_WORKERS];
        for (size_t w = 1; w < nw; w++)
            started[w] = thread_start(&th[w], &args[w]);
        work(&s, 0);
        for (size_t w = 1; w < nw; w++)
            if (started[w])
                thread_join(th[w]);
#  if !defined(CSAT__HAVE_ATOMICS)
        for (size_t w = 1; w < nw; w++)
            if (!started[w])
                for (size_t b = w; b < n_blocks; b += nw)
                    fn(ctx, 0, b);
#  endif
    }
#else
    for (size_t b = 0; b < n_blocks; b++)
        fn(ctx, 0, b);
#endif
}
