/* Reader of the bundled Telco churn CSV (tests/data/telco_churn.csv) for the
 * tests, the benchmark-free example and the fuzz corpus: the columns of the
 * reference glm model. Test-only code (does I/O). */
#ifndef CSAT_TELCO_LOAD_H
#define CSAT_TELCO_LOAD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TELCO_K 6 /* tenure, monthly_charges, senior_citizen, paperless_billing, 1yr, 2yr */

typedef struct telco {
    size_t n;
    double *X;       /* n x TELCO_K row-major */
    double *churned; /* 0/1 */
    double *tenure;  /* months */
    int *contract;   /* 0 month-to-month, 1 one year, 2 two year */
} telco;

static inline void telco_free(telco *t)
{
    free(t->X);
    free(t->churned);
    free(t->tenure);
    free(t->contract);
}

/* Split one CSV line in place (no quoted commas in this file). */
static inline int telco_fields(char *line, char **f, int max)
{
    int k = 0;
    f[k++] = line;
    for (char *p = line; *p && k < max; p++)
        if (*p == ',') {
            *p = '\0';
            f[k++] = p + 1;
        }
    return k;
}

static inline int telco_load(const char *path, telco *t)
{
    FILE *fp = fopen(path, "r");
    char line[1024];
    size_t cap = 8192;
    memset(t, 0, sizeof *t);
    if (!fp)
        return -1;
    t->X = malloc(cap * TELCO_K * sizeof *t->X);
    t->churned = malloc(cap * sizeof *t->churned);
    t->tenure = malloc(cap * sizeof *t->tenure);
    t->contract = malloc(cap * sizeof *t->contract);
    if (!fgets(line, sizeof line, fp)) { /* header */
        fclose(fp);
        return -1;
    }
    while (t->X && t->churned && t->tenure && t->contract && fgets(line, sizeof line, fp)) {
        char *f[24];
        double *x;
        int c;
        if (telco_fields(line, f, 24) < 20 || t->n == cap)
            break;
        x = t->X + t->n * TELCO_K;
        c = strstr(f[15], "One year") ? 1 : strstr(f[15], "Two year") ? 2 : 0;
        t->churned[t->n] = strstr(f[0], "Yes") != NULL;
        t->tenure[t->n] = atof(f[5]);
        t->contract[t->n] = c;
        x[0] = atof(f[5]);
        x[1] = atof(f[18]);
        x[2] = atof(f[2]);
        x[3] = atof(f[16]);
        x[4] = c == 1;
        x[5] = c == 2;
        t->n++;
    }
    fclose(fp);
    return t->n > 0 ? 0 : -1;
}

/* The Cox covariates of the tests (every column but tenure: n x 5,
 * malloc'ed; NULL without memory). */
static inline double *telco_cox_X(const telco *t)
{
    double *X = malloc(t->n * (TELCO_K - 1) * sizeof *X);
    for (size_t i = 0; X && i < t->n; i++)
        for (size_t j = 0; j + 1 < TELCO_K; j++)
            X[i * (TELCO_K - 1) + j] = t->X[i * TELCO_K + 1 + j];
    return X;
}

#endif
