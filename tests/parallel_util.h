/*
 * Thread settings for the bit-identity tests (issue 18): every threaded
 * function must give the same bits at 1, 2, 3 and 8 threads and through a
 * caller's executor. csat_test_par_configs() lists the settings to try;
 * the executors here are toys that stress the contract: tasks run in
 * reverse order on the calling thread, or an executor that fails after
 * running half of them.
 */
#ifndef CSAT_PARALLEL_UTIL_H
#define CSAT_PARALLEL_UTIL_H

#include "csat.h"

#include <string.h>

/* Runs the tasks on the calling thread, last first. */
static inline int csat_test_exec_reverse(void *user, size_t n, csat_task_fn task, void *ctx)
{
    (void)user;
    for (size_t i = n; i-- > 0;)
        task(ctx, i);
    return 0;
}

/* Runs the odd tasks only, then reports failure: libcsat must finish the work. */
static inline int csat_test_exec_failing(void *user, size_t n, csat_task_fn task, void *ctx)
{
    (void)user;
    for (size_t i = 1; i < n; i += 2)
        task(ctx, i);
    return -1;
}

static const csat_executor csat_test_reverse_executor = {CSAT_EXECUTOR_VERSION, 4,
                                                        csat_test_exec_reverse, NULL};
static const csat_executor csat_test_failing_executor = {CSAT_EXECUTOR_VERSION, 3,
                                                        csat_test_exec_failing, NULL};

#define CSAT_TEST_N_PAR 6
/* The settings every bit-identity test runs: [0] is the serial reference. */
static inline void csat_test_par_configs(csat_parallel_options cfg[CSAT_TEST_N_PAR], const char *names[CSAT_TEST_N_PAR])
{
    static const size_t threads[4] = {1, 2, 3, 8};
    static const char *tn[CSAT_TEST_N_PAR] = {"1 thread", "2 threads", "3 threads", "8 threads",
                                              "reverse executor", "failing executor"};
    for (int i = 0; i < CSAT_TEST_N_PAR; i++) {
        csat_parallel_options o = CSAT_PARALLEL_OPTIONS_INIT;
        if (i < 4)
            o.n_threads = threads[i];
        else
            o.executor = i == 4 ? &csat_test_reverse_executor : &csat_test_failing_executor;
        cfg[i] = o;
        if (names)
            names[i] = tn[i];
    }
}

#endif
