/*
 * example_util.h: the small helpers every example program shares, so that
 * they read files and report errors the same way. Example code only: the
 * library (src/) does no I/O; these functions do.
 *
 *   ex_start(argc, argv, "name", USAGE)   --help / -h prints USAGE to stdout, exit 0
 *   ex_fail("fmt", ...)                    "name: <message>", exit 1
 *   ex_line_fail(path, line, "fmt", ...)   "name: path:line: <message>", exit 1
 *   ex_check(st, "what", detail)           on an error status: "name: what: <csat_strerror>[: detail]", exit 1
 *   ex_open(path)                          fopen for reading or "name: cannot open path: <reason>", exit 1
 *   ex_read_line(fp, &line)                one line of any length (no \r\n), 0 at the end of the file
 *   ex_split(line, seps, &fields)          split in place into a growing field list
 *   ex_number / ex_count / ex_id / ex_date strict field parsers (the whole field, finite)
 *   ex_grow(&array, &cap, n, size)         room for n elements, doubling; exits on overflow or no memory
 *   ex_file_argument / ex_close_input      the FILE argument; the end of reading a file
 *   ex_read_transactions / ex_add_transaction  read / grow a transaction log
 *
 * Every error exits with status 1 and one line on stderr; nothing is
 * skipped silently. Dates are YYYYMMDD or YYYY-MM-DD (proleptic Gregorian)
 * and become days since 1970-01-01.
 *
 * Compile an example outside the tree against an installed libcsat:
 *   cc -std=c11 cdnow_clv.c $(pkg-config --cflags --libs libcsat)
 */
#ifndef CSAT_EXAMPLE_UTIL_H
#define CSAT_EXAMPLE_UTIL_H

#include <csat.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *ex_program = "example"; /* set by ex_start */

static inline void ex_vreport(const char *path, long line, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: ", ex_program);
    if (path && line > 0)
        fprintf(stderr, "%s:%ld: ", path, line);
    else if (path)
        fprintf(stderr, "%s: ", path);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

/* "name: message" on stderr, exit 1. */
static inline void ex_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ex_vreport(NULL, 0, fmt, ap);
    va_end(ap);
    exit(1);
}

/* "name: path:line: message" on stderr, exit 1. */
static inline void ex_line_fail(const char *path, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ex_vreport(path, line, fmt, ap);
    va_end(ap);
    exit(1);
}

/* The details of the last failed call of a function without a handle: the
 * examples pass &ex_err as its csat_error argument (one thread, one error at
 * a time: a program's own state, which the library itself never keeps). */
static csat_error ex_err;

/* On a libcsat error: "name: what: <csat_strerror(st)>[: detail]", exit 1.
 * detail is the handle's csat_x_last_error(...) where there is a handle
 * (may be NULL or empty); without one, the message ex_err holds when it
 * reports this failure. */
static inline void ex_check(csat_status st, const char *what, const char *detail)
{
    if (st == CSAT_OK)
        return;
    if (!(detail && *detail) && ex_err.status == st)
        detail = ex_err.message;
    if (detail && *detail)
        ex_fail("%s: %s: %s", what, csat_strerror(st), detail);
    ex_fail("%s: %s", what, csat_strerror(st));
}

/* Handle --help / -h anywhere among the arguments (before "--"): print the
 * usage to stdout and exit 0. Any other argument starting with '-' that the
 * program does not know is its own business (see ex_unknown_option). */
static inline void ex_start(int argc, char **argv, const char *name, const char *usage)
{
    ex_program = name;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            exit(0);
        }
    }
}

static inline void ex_unknown_option(const char *arg)
{
    ex_fail("unknown option '%.60s' (try --help)", arg);
}

/* An argument that is not one of the program's options: the input FILE
 * (the first such argument sets *path), or exit 1 for an unknown option or
 * a second file. *files counts the files seen (start at 0). */
static inline void ex_file_argument(const char *arg, const char **path, int *files)
{
    if (arg[0] == '-' && arg[1] != '\0')
        ex_unknown_option(arg);
    if ((*files)++ > 0)
        ex_fail("one FILE only, got '%.60s' and '%.60s' (try --help)", *path, arg);
    *path = arg;
}

/* The value of option argv[*i] (the next argument), or exit 1. */
static inline const char *ex_option_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        ex_fail("option %s needs a value (try --help)", argv[*i]);
    return argv[++*i];
}

/* Room for n elements of `size` bytes in *array (capacity *cap, in elements). */
static inline void ex_grow(void *array, size_t *cap, size_t n, size_t size)
{
    void **p = (void **)array;
    size_t want = *cap ? *cap : 1024;
    void *q;
    if (n <= *cap)
        return;
    while (want < n) {
        if (want > SIZE_MAX / 2)
            ex_fail("out of memory");
        want *= 2;
    }
    if (want > SIZE_MAX / size)
        ex_fail("out of memory");
    q = realloc(*p, want * size);
    if (!q)
        ex_fail("out of memory");
    *p = q;
    *cap = want;
}

/* calloc that exits on failure; n may be 0. */
static inline void *ex_alloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        ex_fail("out of memory");
    return p;
}

static inline FILE *ex_open(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        ex_fail("cannot open %s: %s", path, strerror(errno));
    return fp;
}

typedef struct ex_line {
    char *text; /* the line without its "\n" or "\r\n" */
    size_t len, cap;
    long number; /* 1 for the first line */
} ex_line;

/* Read the next line of any length into *l; 0 at the end of the file. */
static inline int ex_read_line(FILE *fp, ex_line *l)
{
    int c;
    l->len = 0;
    ex_grow(&l->text, &l->cap, 1, 1);
    while ((c = fgetc(fp)) != EOF && c != '\n') {
        ex_grow(&l->text, &l->cap, l->len + 2, 1);
        l->text[l->len++] = (char)c;
    }
    if (c == EOF && l->len == 0)
        return 0;
    if (l->len > 0 && l->text[l->len - 1] == '\r')
        l->len--;
    l->text[l->len] = '\0';
    l->number++;
    return 1;
}

typedef struct ex_fields {
    char **v;
    size_t n, cap;
} ex_fields;

/* Split line in place into fields. seps = NULL: runs of blanks separate
 * fields (leading and trailing blanks ignored); seps = ",": every comma
 * separates (empty fields kept), blanks around a field and one pair of
 * double quotes around it are removed. Returns the field count. */
static inline size_t ex_split(char *line, const char *seps, ex_fields *f)
{
    f->n = 0;
    if (!seps) {
        char *p = line;
        for (;;) {
            while (*p == ' ' || *p == '\t')
                p++;
            if (!*p)
                break;
            ex_grow(&f->v, &f->cap, f->n + 1, sizeof *f->v);
            f->v[f->n++] = p;
            while (*p && *p != ' ' && *p != '\t')
                p++;
            if (*p)
                *p++ = '\0';
        }
        return f->n;
    }
    for (char *p = line;;) {
        char *end = p + strcspn(p, seps), *last;
        int more = *end != '\0';
        *end = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        last = p + strlen(p);
        while (last > p && (last[-1] == ' ' || last[-1] == '\t'))
            *--last = '\0';
        if (last - p >= 2 && *p == '"' && last[-1] == '"') {
            last[-1] = '\0';
            p++;
        }
        ex_grow(&f->v, &f->cap, f->n + 1, sizeof *f->v);
        f->v[f->n++] = p;
        if (!more)
            break;
        p = end + 1;
    }
    return f->n;
}

/* At the end of an input file: exit 1 on a read error, else close it and
 * free the line and field buffers. */
static inline void ex_close_input(FILE *fp, const char *path, ex_line *l, ex_fields *f)
{
    if (ferror(fp))
        ex_fail("%s: read error", path);
    fclose(fp);
    free(l->text);
    free(f->v);
    l->text = NULL;
    f->v = NULL;
    l->cap = f->cap = 0;
}

/* A transaction log as the columns libcsat's customer store takes; days
 * since 1970-01-01. */
typedef struct ex_transactions {
    uint64_t *id;
    double *day, *amount;
    size_t n, cap_id, cap_day, cap_amount;
    long first, last; /* the earliest and latest day */
} ex_transactions;

static inline void ex_add_transaction(ex_transactions *t, uint64_t id, long day, double amount)
{
    ex_grow(&t->id, &t->cap_id, t->n + 1, sizeof *t->id);
    ex_grow(&t->day, &t->cap_day, t->n + 1, sizeof *t->day);
    ex_grow(&t->amount, &t->cap_amount, t->n + 1, sizeof *t->amount);
    t->id[t->n] = id;
    t->day[t->n] = (double)day;
    t->amount[t->n] = amount;
    if (t->n == 0 || day < t->first)
        t->first = day;
    if (t->n == 0 || day > t->last)
        t->last = day;
    t->n++;
}

static inline void ex_free_transactions(ex_transactions *t)
{
    free(t->id);
    free(t->day);
    free(t->amount);
}

/* The whole field as a finite number; 0 if it is not one. */
static inline int ex_number(const char *s, double *out)
{
    char *end;
    double v;
    if (!*s)
        return 0;
    errno = 0;
    v = strtod(s, &end);
    if (*end != '\0' || end == s || !isfinite(v) || errno == ERANGE)
        return 0;
    *out = v;
    return 1;
}

/* The whole field as an unsigned integer (digits only); 0 if it is not one. */
static inline int ex_id(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (d > 9 || v > (UINT64_MAX - d) / 10)
            return 0;
        v = 10 * v + d;
    }
    *out = v;
    return 1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static inline long ex_days_from_civil(long y, long m, long d)
{
    long era, yoe, doy;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* YYYYMMDD or YYYY-MM-DD (a real calendar date, years 1000..9999) -> days
 * since 1970-01-01; 0 if the field is not such a date. */
static inline int ex_date(const char *s, long *days)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    char digits[9];
    size_t n = 0, len = strlen(s);
    long y, m, d;
    if (len == 10 && s[4] == '-' && s[7] == '-') {
        for (size_t i = 0; i < len; i++)
            if (i != 4 && i != 7)
                digits[n++] = s[i];
    } else if (len == 8) {
        memcpy(digits, s, 8);
        n = 8;
    } else {
        return 0;
    }
    for (size_t i = 0; i < 8; i++)
        if (digits[i] < '0' || digits[i] > '9')
            return 0;
    digits[8] = '\0';
    y = (digits[0] - '0') * 1000L + (digits[1] - '0') * 100L + (digits[2] - '0') * 10L + (digits[3] - '0');
    m = (digits[4] - '0') * 10L + (digits[5] - '0');
    d = (digits[6] - '0') * 10L + (digits[7] - '0');
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
        (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
        return 0;
    *days = ex_days_from_civil(y, m, d);
    return 1;
}

/* days since 1970-01-01 -> "YYYY-MM-DD" (buf of at least 11 chars; civil_from_days). */
static inline void ex_format_date(long days, char *buf, size_t len)
{
    long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", yoe + era * 400 + (m <= 2), m, d);
    if (len > 0) {
        size_t k = strlen(tmp) < len - 1 ? strlen(tmp) : len - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
}

/* A date given on the command line (option `opt`), or exit 1. */
static inline long ex_date_arg(const char *opt, const char *s)
{
    long days;
    if (!ex_date(s, &days))
        ex_fail("%s: '%.60s' is not a date (YYYY-MM-DD or YYYYMMDD)", opt, s);
    return days;
}

/* A number given on the command line within [lo, hi], or exit 1. */
static inline double ex_number_arg(const char *opt, const char *s, double lo, double hi)
{
    double v;
    if (!ex_number(s, &v) || v < lo || v > hi)
        ex_fail("%s: '%.60s' is not a number in [%g, %g]", opt, s, lo, hi);
    return v;
}

/* Read a transaction log "customer_id date count amount", fields
 * separated by blanks, or with allow_five also "other_id customer_id date
 * count amount" (CDNOW_sample.txt): the first data line sets the field
 * count, every line must then have as many; one header line is allowed
 * first, blank lines are skipped; count is checked (a number >= 0) and not
 * kept. Exits with FILE:LINE on a malformed line, and on a file without
 * transactions. */
static inline void ex_read_transactions(const char *path, int allow_five, ex_transactions *t)
{
    FILE *fp = ex_open(path);
    ex_line line = {0};
    ex_fields f = {0};
    size_t want = 0; /* fields per line, from the first data line */
    while (ex_read_line(fp, &line)) {
        size_t nf = ex_split(line.text, NULL, &f), off;
        uint64_t id;
        long day;
        double count, amount;
        if (nf == 0)
            continue; /* blank line */
        if (want == 0) {
            if (nf != 4 && !(allow_five && nf == 5))
                ex_line_fail(path, line.number, "expected 4 fields (id date count amount)%s, got %zu",
                             allow_five ? " or 5 (other_id id date count amount)" : "", nf);
            off = nf - 4;
            if (line.number == 1 && !ex_id(f.v[off], &id) && !ex_date(f.v[off + 1], &day))
                continue; /* a header line */
            want = nf;
        }
        if (nf != want)
            ex_line_fail(path, line.number, "expected %zu fields, got %zu", want, nf);
        off = want - 4;
        if (!ex_id(f.v[off], &id))
            ex_line_fail(path, line.number, "customer id '%.60s' is not an unsigned integer", f.v[off]);
        if (!ex_date(f.v[off + 1], &day))
            ex_line_fail(path, line.number, "date '%.60s' is not a date (YYYYMMDD or YYYY-MM-DD)", f.v[off + 1]);
        if (!ex_number(f.v[off + 2], &count) || count < 0)
            ex_line_fail(path, line.number, "count '%.60s' is not a number >= 0", f.v[off + 2]);
        if (!ex_number(f.v[off + 3], &amount))
            ex_line_fail(path, line.number, "amount '%.60s' is not a number", f.v[off + 3]);
        ex_add_transaction(t, id, day, amount);
    }
    ex_close_input(fp, path, &line, &f);
    if (t->n == 0)
        ex_fail("%s: no transactions", path);
}

#endif
