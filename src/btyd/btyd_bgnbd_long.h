/*
 * BG/NBD and MBG/NBD conditional expectations at long horizons, z > 0.85
 * (btyd_bgnbd_long.c): the tables that the customers of one call share
 * (built once per call, then read by every block of customers).
 */
#ifndef CSAT_BTYD_BGNBD_LONG_H
#define CSAT_BTYD_BGNBD_LONG_H

#include <math.h>

#define CSAT__BGL_XLONG 128  /* frequencies served */
#define CSAT__BGL_NMAX 96    /* series terms kept per frequency */
#define CSAT__BGL_NB 32      /* bands w <= WLONG 2^-j */
#define CSAT__BGL_WLONG 0.3  /* w = 1 - z at most */
#define CSAT__BGL_JMAX 24    /* terms of the series re-expanded about a band's centre */

typedef struct csat__bgl_freq {
    int state; /* 0: not built, 1: built, -1: not served */
    int n1[CSAT__BGL_NB], n2[CSAT__BGL_NB];
    double k1, k2, rp, kerr; /* kerr: estimated relative error of k1, k2 */
    double m1[CSAT__BGL_NB], m2[CSAT__BGL_NB]; /* sums of the absolute terms at each band's top */
    double c1[CSAT__BGL_NMAX], c2[CSAT__BGL_NMAX];
    /* per band, built by csat__bgl_prepare: the series about the band's centre
     * 0.75 top (terms j1, j2; 0: not built, -1: not short, use c1, c2) */
    int j1[CSAT__BGL_NB], j2[CSAT__BGL_NB];
    double e1[CSAT__BGL_NB][CSAT__BGL_JMAX], e2[CSAT__BGL_NB][CSAT__BGL_JMAX];
} csat__bgl_freq;

typedef struct csat__bgl_ws {
    double cr, s0, sin_s0;
    double top[CSAT__BGL_NB]; /* WLONG 2^-j: the bands' largest w */
    int usable;
    csat__bgl_freq f[CSAT__BGL_XLONG];
} csat__bgl_ws;

/* Once per call, before csat__bgl_prepare. */
void csat__bgl_init(csat__bgl_ws *ws, const double *p, int modified);
/* The band of w = 1 - z (the largest j with w <= WLONG 2^-j), -1 if w is
 * outside (0, WLONG]. */
static inline int csat__bgl_band(const csat__bgl_ws *ws, double w)
{
    int j;
    if (!(w <= CSAT__BGL_WLONG) || !(w > 0.0))
        return -1;
    j = ilogb(CSAT__BGL_WLONG / w);
    j = j < CSAT__BGL_NB ? j : CSAT__BGL_NB - 1;
    if (j > 0 && w > ws->top[j])
        j--;
    return j;
}
/* Build frequency ix < XLONG and its series about the centres of the bands
 * j with bands[j] != 0. After init, for every frequency and band that the
 * call's customers have, before any csat__bgl_eval; the frequencies are
 * independent of one another (they may be prepared on different threads). */
void csat__bgl_prepare(csat__bgl_ws *ws, const double *p, int modified, int ix, const unsigned char *bands);
/* The expectation given alive, *g, of a customer with frequency x at
 * w = 1 - z = (alpha+T)/(alpha+T+t), lw = log w, wa = w^(a-1); 0 (and *g
 * untouched) where this path does not serve it (a frequency not prepared
 * included). Reads ws only: threads may share it. */
int csat__bgl_eval(const csat__bgl_ws *ws, const double *p, int modified, double x, double w, double lw, double wa,
                   double *g);

#endif
