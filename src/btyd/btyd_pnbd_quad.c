/*
 * Pareto/NBD near the cliff, by quadrature.
 *
 * Near the cliff, 1 - z = (n+t_x)/(m+t_x) tiny, jkernel's terms peak near
 * k = v/(1-z) and a value would take up to 1e8 terms (Pareto/NBD with
 * beta << alpha and large shapes, where fits that run towards s, beta ->
 * infinity go). There every path integrates J = int (m+y)^-u (n+y)^-v dy
 * directly in w = log(n+y):
 *   J = int exp(f(w)) dw, f(w) = -u log(d + e^w) - (v-1) w,
 * concave (f'' = -u d e^w/(d+e^w)^2) and smooth on the scale of 1/|f'|,
 * whatever z is. Only where the series would be long (estimated terms
 * (v+37)/(1-z) > 1e4), so ordinary data keep the series.
 */
#include "btyd/btyd_pnbd_series.h"

#include <math.h>

typedef struct jquad {
    double u, v, d;
} jquad;

int csat__pnbd_j_cliff(const pnbd_ctx *c, double v, double tx)
{
    const double n = c->a_big ? c->be : c->al;
    return c->d > 0.0 && (v + 37.0) * (c->m + tx) > 1e4 * (n + tx);
}

/*
 * The fit's paths need more than log J near the cliff: the gradient wants
 * d log J/du = -E[log(m+y)], d log J/dv = -E[log(n+y)] and the shifted
 * ratios J(u+1, v)/J = E[1/(m+y)], J(u, v+1)/J = E[1/(n+y)], the Hessian
 * their (co)variances and E[1/(m+y)^2] and the like, all expectations under
 * the density proportional to the integrand. One set of Gauss-Legendre
 * panels over w = log(n+y) gives them all (Pareto/NBD fits that walked
 * towards s, beta -> infinity spent seconds per evaluation in 1e7-term
 * series before): from the mode of the log-concave f outwards, each panel
 * 16 nodes over which f changes by at most about 8 (and within 3 standard
 * widths of its curvature), until f has dropped by 45 from the mode.
 */
#define JM_MAXP 64 /* panels, half on each side of the mode (more than ever needed) */

/* In offsets t = w - wm from the mode wm (em = e^wm): f(t) - f(0) =
 * -u log((d + em e^t)/(d + em)) - (v-1) t, with *al the log ratio (the
 * offset of A = log(m+y)); offsets keep their digits where absolute w
 * would round to 1e-15 and be multiplied by exponents near 1e5. */
static double jm_f(const jquad *q, double em, double t, double *al)
{
    *al = log1p(em * expm1(t) / (q->d + em));
    return -q->u * *al - (q->v - 1.0) * t;
}

/* f'(t) and |f''(t)| */
static double jm_df(const jquad *q, double em, double t, double *d2)
{
    const double r = q->d / (em * exp(t)); /* d / e^w */
    if (d2)
        *d2 = q->u * r / ((1.0 + r) * (1.0 + r));
    return -q->u / (1.0 + r) - (q->v - 1.0);
}

void csat__pnbd_j_moments(const pnbd_ctx *c, double x, double tx, double T, int hess, csat__pnbd_jmom *o)
{
    const double n = c->a_big ? c->be : c->al, span = log1p((T - tx) / (n + tx));
    const double u = c->a_big ? c->r + x : c->s + 1.0, v = c->a_big ? c->s + 1.0 : c->r + x;
    jquad q;
    double em, ym, t0, t1, pw[JM_MAXP][2], sum[5] = {0}, J, al;
    int np = 0;
    q.u = u, q.v = v, q.d = c->d;
    /* the mode (f' decreases), exactly at an end when it is there */
    if (jm_df(&q, n + tx, 0.0, NULL) <= 0.0) {
        em = n + tx, ym = tx, t0 = 0.0, t1 = span;
    } else if (jm_df(&q, n + T, 0.0, NULL) >= 0.0) {
        em = n + T, ym = T, t0 = -span, t1 = 0.0;
    } else {
        double lo = 0.0, hi = span, mid;
        for (int i = 0; i < 200 && hi - lo > 1e-15 * (1.0 + fabs(log(n + tx)) + hi); i++) {
            mid = 0.5 * (lo + hi);
            if (jm_df(&q, n + tx, mid, NULL) > 0.0)
                lo = mid;
            else
                hi = mid;
        }
        mid = 0.5 * (lo + hi);
        em = (n + tx) * exp(mid), ym = em - n, t0 = -mid, t1 = span - mid;
    }
    /* panels from the mode towards each end */
    for (int dir = -1; dir <= 1; dir += 2) {
        const double end = dir > 0 ? t1 : t0, tpk = log(q.d / em); /* where |f''| peaks, at u/4 */
        double cur = 0.0;
        for (int k = 0; k < JM_MAXP / 2 && dir * (end - cur) > 0.0; k++) {
            double d2, d2e, h, s1;
            h = fmin(1.0, 8.0 / fmax(fabs(jm_df(&q, em, cur, &d2)), 1e-300));
            /* |f'| grows away from the mode: the far end's slope bounds it */
            s1 = fabs(jm_df(&q, em, cur + dir * h, &d2e));
            if (dir * (cur - tpk) < 0.0 && dir * (cur + dir * h - tpk) >= 0.0)
                d2e = 0.25 * q.u;
            h = fmin(h, 8.0 / fmax(s1, 1e-300));
            h = fmin(h, 3.0 / sqrt(fmax(fmax(d2, d2e), 1e-300)));
            if (dir * (cur + dir * h - end) > 0.0 || k == JM_MAXP / 2 - 1)
                h = dir * (end - cur); /* the last panel reaches the end */
            pw[np][0] = fmin(cur, cur + dir * h);
            pw[np][1] = fmax(cur, cur + dir * h);
            np++;
            cur += dir * h;
            if (jm_f(&q, em, cur, &al) < -45.0)
                break;
        }
    }
    /* pass 0: J and the means of the offsets of A, B (= t), and of a, b;
     * pass 1: the centred second moments */
    for (int pass = 0; pass < (hess ? 2 : 1); pass++) {
        double s2[10] = {0};
        for (int k = 0; k < np; k++) {
            const double cc = 0.5 * (pw[k][0] + pw[k][1]), hw = 0.5 * (pw[k][1] - pw[k][0]);
            for (int i = 0; i < 16; i++) {
                const double t = cc + (i < 8 ? -hw : hw) * csat__gl16_x[i & 7], ew = em * exp(t);
                const double om = csat__gl16_w[i & 7] * hw * exp(jm_f(&q, em, t, &al));
                const double a = 1.0 / (q.d + ew), b = 1.0 / ew;
                if (pass == 0) {
                    sum[0] += om;
                    sum[1] += om * al;
                    sum[2] += om * t;
                    sum[3] += om * a;
                    sum[4] += om * b;
                } else {
                    const double dA = al - o->ea, dB = t - o->eb;
                    s2[0] += om * dA * dA;
                    s2[1] += om * dA * dB;
                    s2[2] += om * dB * dB;
                    s2[3] += om * a * dA;
                    s2[4] += om * a * dB;
                    s2[5] += om * b * dA;
                    s2[6] += om * b * dB;
                    s2[7] += om * a * a;
                    s2[8] += om * a * b;
                    s2[9] += om * b * b;
                }
            }
        }
        J = sum[0];
        if (pass == 0) {
            /* for now the offsets' means (centring pass 1) */
            o->ea = sum[1] / J, o->eb = sum[2] / J, o->ra = sum[3] / J, o->rb = sum[4] / J;
        } else {
            o->vaa = s2[0] / J, o->vab = s2[1] / J, o->vbb = s2[2] / J;
            o->caa = s2[3] / sum[3], o->cab = s2[4] / sum[3];
            o->cba = s2[5] / sum[4], o->cbb = s2[6] / sum[4];
            o->qaa = s2[7] / J, o->qab = s2[8] / J, o->qbb = s2[9] / J;
        }
    }
    {
        /* log J plus r log alpha + s log beta: the integrand at the mode,
         * (alpha+y)^-(r+x) (beta+y)^-(s+1) there times dy/dw = n+y, times
         * alpha^r beta^s (each power against its base: at s = 4e4,
         * beta = 3e6 the two logs are 6e5 and would leave 1e-10 of noise) */
        const double la = -c->r * log1p(ym / c->al) - x * log(c->al + ym);
        const double lb = -c->s * log1p(ym / c->be) - log(c->be + ym);
        o->lj = log(J) + la + lb + log(em);
        o->ea += log(q.d + em);
        o->eb += log(em);
    }
}
