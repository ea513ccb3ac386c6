/* CSV loading for the BTYD tests and benchmarks (numeric columns only). */
#ifndef CSAT_BTYD_DATA_H
#define CSAT_BTYD_DATA_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read a CSV with one header line into ncol columns (cols[j] malloc'd);
 * returns the number of rows, 0 on failure. */
static inline size_t btyd_read_csv(const char *path, size_t ncol, double **cols)
{
    FILE *f = fopen(path, "rb");
    char line[512];
    size_t n = 0, cap = 1024;
    if (!f)
        return 0;
    for (size_t j = 0; j < ncol; j++)
        cols[j] = malloc(cap * sizeof(double));
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return 0;
    }
    while (fgets(line, sizeof line, f)) {
        char *p = line, *end;
        size_t j;
        if (n == cap) {
            cap *= 2;
            for (j = 0; j < ncol; j++)
                cols[j] = realloc(cols[j], cap * sizeof(double));
        }
        for (j = 0; j < ncol; j++) {
            cols[j][n] = strtod(p, &end);
            if (end == p)
                break;
            p = end;
            while (*p == ',' || *p == ' ')
                p++;
        }
        if (j == ncol)
            n++;
    }
    fclose(f);
    return n;
}

#endif
