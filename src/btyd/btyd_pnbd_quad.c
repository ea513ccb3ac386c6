/*
 * Pareto/NBD values near the cliff, by quadrature.
 *
 * Near the cliff, 1 - z = (n+t_x)/(m+t_x) tiny, jkernel's terms peak near
 * k = v/(1-z) and a value would take up to 1e8 terms (Pareto/NBD with
 * beta << alpha and large shapes). There the value paths integrate
 * J = int (m+y)^-u (n+y)^-v dy directly in w = log(n+y):
 *   J = int exp(f(w)) dw, f(w) = -u log(d + e^w) - (v-1) w,
 * concave (f'' = -u d e^w/(d+e^w)^2) and smooth on the scale of 1/|f'|,
 * whatever z is. Only where the series would be long (estimated terms
 * (v+37)/(1-z) > 1e4), so ordinary data keep the series.
 */
#include "btyd/btyd_pnbd_series.h"
#include "numerics/numerics.h"

#include <math.h>

typedef struct jquad {
    double u, v, d;
} jquad;

static double jquad_f(double w, double wr, void *ctx, double *df)
{
    const jquad *q = ctx;
    const double dw = w - wr, er = exp(wr);
    /* log((d + e^w)/(d + e^wr)): log1p of e^w - e^wr (no cancellation near
     * wr), a difference of logs where log1p's argument nears -1 */
    const double num = fabs(dw) < 1.0 ? er * expm1(dw) : exp(w) - er, x = num / (q->d + er);
    *df = -q->u / (1.0 + q->d * exp(-w)) - (q->v - 1.0);
    return -q->u * (x > -0.5 ? log1p(x) : log(q->d + exp(w)) - log(q->d + er)) - (q->v - 1.0) * dw;
}

int csat__pnbd_j_cliff(const pnbd_ctx *c, double v, double tx)
{
    const double n = c->a_big ? c->be : c->al;
    return c->d > 0.0 && (v + 37.0) * (c->m + tx) > 1e4 * (n + tx);
}

/* log J(u, v) by quadrature (see above). */
double csat__pnbd_log_j_quad(const pnbd_ctx *c, double u, double v, double tx, double T)
{
    /* min(alpha, beta) itself: m - d would carry m's rounding error */
    const double n = c->a_big ? c->be : c->al;
    jquad q;
    double wm, li;
    q.u = u, q.v = v, q.d = c->d;
    li = csat__log_int_logconcave(jquad_f, &q, log(n + tx), log(n + T), &wm);
    return li - u * log(c->d + exp(wm)) - (v - 1.0) * wm;
}
