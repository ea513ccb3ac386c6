/*
 * Table-driven argument checks (issue 12, "coverage as a figure"): one row
 * per (function, argument, bad value, expected status) instead of a call
 * written out per bad value.
 *
 * Each function under test gets a wrapper that takes its numeric arguments
 * as an array a[] (sizes and enums too, converted) and a mask of pointer
 * arguments to pass as NULL (bit 0: the main output), and a descriptor with
 * a valid argument vector and the value the first double of the output
 * must hold for it (a reference computed by hand or from the formula the
 * header cites; NaN: not checked). csat_args_run() calls the valid vector
 * once per function (it must succeed and match the reference), then every
 * row: the status must be the row's, and on error the output must be
 * byte-for-byte untouched (sentinel fill).
 *
 * Wrappers pass CSAT_ARGS_ERR as the csat_error of functions without a
 * handle: after every row, a failure must have filled it (its status, a
 * non-empty NUL-terminated message naming its argument when it names one)
 * and a success must have cleared it.
 */
#ifndef CSAT_ARGS_TABLE_H
#define CSAT_ARGS_TABLE_H

#include "csat_test.h"

#define CSAT_ARGS_MAX 10

/* The csat_error the wrappers pass (one test process, one thread). */
static csat_error csat_args_err_;
#define CSAT_ARGS_ERR (&csat_args_err_)
#define CSAT_ARGS_UNTOUCHED 12345 /* a status no call sets */

/* After a call that returned st: *e was filled (st < 0) or cleared (st ==
 * CSAT_OK), unless the function takes no csat_error. */
static inline void csat_args_check_err(const csat_error *e, csat_status st, const char *name,
                                       size_t row)
{
    if ((int)e->status == CSAT_ARGS_UNTOUCHED)
        return;
    if (st == CSAT_EINTERNAL && e->status == CSAT_OK)
        return; /* a wrapper's own marker: the call succeeded with another result */
    if (e->status != st) {
        print_error("row %zu: %s returned %d but csat_error.status is %d\n", row, name, st,
                    e->status);
        fail();
    }
    if (memchr(e->message, '\0', sizeof e->message) == NULL) {
        print_error("row %zu: %s: csat_error.message is not NUL-terminated\n", row, name);
        fail();
    }
    if (st != CSAT_OK && e->message[0] == '\0') {
        print_error("row %zu: %s failed with %d and an empty message\n", row, name, st);
        fail();
    }
    if (st != CSAT_OK && e->argument != NULL && strstr(e->message, e->argument) == NULL) {
        print_error("row %zu: %s: message \"%s\" does not name its argument %s\n", row, name,
                    e->message, e->argument);
        fail();
    }
    if (st == CSAT_OK && (e->argument != NULL || e->row != CSAT_NO_ROW || e->message[0] != '\0')) {
        print_error("row %zu: %s succeeded but left csat_error uncleared\n", row, name);
        fail();
    }
}
#define CSAT_ARGS_OUT_BYTES 512
#define CSAT_ARGS_SENTINEL 0xA5

/* a: the numeric arguments; nul: bit i set -> pointer argument i is NULL
 * (bit 0 the output); out: CSAT_ARGS_OUT_BYTES bytes. */
typedef csat_status (*csat_args_call)(const double *a, unsigned nul, void *out);

typedef struct csat_args_fn {
    const char *name;
    csat_args_call call;
    double valid[CSAT_ARGS_MAX]; /* a valid call's arguments */
    double ref;                  /* ((double *)out)[0] after the valid call; NaN: unchecked */
    double rtol;                 /* tolerance of ref (0: 1e-12) */
} csat_args_fn;

typedef struct csat_args_case {
    const csat_args_fn *fn;
    int arg;       /* index into a[] to replace, or -1 */
    double bad;    /* the value put there */
    unsigned nul;  /* pointer arguments passed as NULL */
    csat_status expect;
} csat_args_case;

/* row: argument i of f set to v gives status st */
#define ARG(f, i, v, st) {&(f), (i), (v), 0u, (st)}
/* row: the pointer arguments in mask passed as NULL give CSAT_EINVAL */
#define NUL(f, mask) {&(f), -1, 0.0, (mask), CSAT_EINVAL}

static inline void csat_args_check_valid(const csat_args_fn *f)
{
    union {
        double d[CSAT_ARGS_OUT_BYTES / sizeof(double)];
        unsigned char b[CSAT_ARGS_OUT_BYTES];
    } out;
    csat_status st;
    memset(out.b, CSAT_ARGS_SENTINEL, sizeof out.b);
    st = f->call(f->valid, 0u, out.d);
    if (st != CSAT_OK) {
        print_error("%s: the valid call returned %d (%s)\n", f->name, st, csat_strerror(st));
        fail();
    }
    if (!isnan(f->ref) && !csat_test_close(out.d[0], f->ref, f->rtol > 0 ? f->rtol : 1e-12, 0.0)) {
        print_error("%s: valid call gave %.17g, expected %.17g\n", f->name, out.d[0], f->ref);
        fail();
    }
}

static inline void csat_args_run(const csat_args_case *rows, size_t n_rows)
{
    const csat_args_fn *last = NULL;
    for (size_t r = 0; r < n_rows; r++) {
        const csat_args_case *c = &rows[r];
        union {
            double d[CSAT_ARGS_OUT_BYTES / sizeof(double)];
            unsigned char b[CSAT_ARGS_OUT_BYTES];
        } out;
        double a[CSAT_ARGS_MAX];
        csat_status st;
        if (c->fn != last) {
            csat_args_check_valid(c->fn);
            last = c->fn;
        }
        memcpy(a, c->fn->valid, sizeof a);
        if (c->arg >= 0)
            a[c->arg] = c->bad;
        memset(out.b, CSAT_ARGS_SENTINEL, sizeof out.b);
        memset(&csat_args_err_, 0x5A, sizeof csat_args_err_);
        csat_args_err_.status = (csat_status)CSAT_ARGS_UNTOUCHED;
        st = c->fn->call(a, c->nul, out.d);
        csat_args_check_err(&csat_args_err_, st, c->fn->name, r);
        if (st != c->expect) {
            print_error("row %zu: %s with argument %d = %g, NULL mask 0x%x returned %d (%s), expected %d (%s)\n",
                        r, c->fn->name, c->arg, c->bad, c->nul, st, csat_strerror(st), c->expect,
                        csat_strerror(c->expect));
            fail();
        }
        if (st != CSAT_OK)
            for (size_t i = 0; i < sizeof out.b; i++)
                if (out.b[i] != CSAT_ARGS_SENTINEL) {
                    print_error("row %zu: %s wrote its output (byte %zu) on error %d\n", r, c->fn->name,
                                i, st);
                    fail();
                }
    }
}

/* pointer argument i of a wrapper: NULL if bit i of nul is set */
#define ARGP(nul, i, p) (((nul) >> (i)) & 1u ? NULL : (p))

/* The wrapper and descriptor `name` of csat_<name>(type *opts, unsigned
 * version), an options initialiser, and its rows: NULL is CSAT_EINVAL, an
 * unknown version CSAT_EVERSION. */
#define OPTIONS_INIT_WRAPPER(name, type, version)                         \
    static csat_status w_##name(const double *a, unsigned nul, void *out) \
    {                                                                     \
        return csat_##name(ARGP(nul, 0, (type *)out), (unsigned)a[0]);    \
    }                                                                     \
    static const csat_args_fn name = {#name, w_##name, {(version)}, NAN, 0};
#define OPTIONS_ROWS(f) NUL(f, 1), ARG(f, 0, 99, CSAT_EVERSION), ARG(f, 0, 0, CSAT_EVERSION)

#endif /* CSAT_ARGS_TABLE_H */
