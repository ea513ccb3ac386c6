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
 * whatever z is. Only where the series would be long, so ordinary data
 * keep the series (issue 18; csat__pnbd_j_cliff counts the terms a priori):
 * above CLIFF_TERMS terms where a 16-node Gauss-Laguerre rule is exact to
 * rounding, above PANEL_TERMS elsewhere. Long series are not only the cliff
 * z -> 1: large shapes r, s need ~v z/(1-z) terms at moderate z, and fits
 * that start or wander there spent nearly all their time in series of
 * 1e2..1e4 terms (docs/theory/btyd.rst, 12.3).
 */
#include "btyd/btyd_pnbd_series.h"

#include <math.h>

typedef struct jquad {
    double u, v, d;
} jquad;

/*
 * 16-point Gauss-Laguerre rule: nodes x_i and weights W_i e^(x_i), so that
 * int_0^inf g(x) dx ~ sum_i (W_i e^(x_i)) g(x_i) for g ~ e^-x times a smooth
 * factor (tests/reference/gauss_laguerre_mpmath.py, mpmath at 40 digits).
 */
static const double glag_x[16] = {
    0.08764941047892784, 0.46269632891508083, 1.14105777483122685, 2.12928364509838061,
    3.43708663389320664, 5.07801861454976791, 7.07033853504823413, 9.43831433639193878,
    12.2142233688661587, 15.4415273687816170, 19.1801568567531348, 23.5159056939919085,
    28.5787297428821403, 34.5833987022866258, 41.9404526476883326, 51.7011603395433183};
static const double glag_we[16] = {
    0.22503631486424725, 0.52583605276234245, 0.83196139168708708, 1.14609924096375170,
    1.47175131696680858, 1.81313468738134816, 2.17551751969460745, 2.56576275016502920,
    2.99321508637137516, 3.47123448310209029, 4.02004408644466886, 4.67251660773285426,
    5.48742065798615247, 6.58536123328921366, 8.27635798436423448, 11.8242775516584347};

/* Series terms above which a row integrates when the Laguerre rule applies:
 * 16 to 32 nodes at three transcendental functions each cost about as much
 * as 150 to 300 terms of jkernel2 (the Hessian's series). */
#define CLIFF_TERMS 250.0
/* and where it does not, above which the panels cost less (mostly one or
 * two panels of 16 nodes there; measured on fits from large-shape starts,
 * where 150 made some rows take many panels and 1,000 left series of up to
 * 1,000 terms) */
#define PANEL_TERMS 300.0

/*
 * Whether the fast rule applies: in w = log(n+y) the log-integrand f falls
 * from the lower end (f'(0) = -lam < 0, lam = u sigma + v - 1 there, sigma
 * = e^w/(d+e^w) grows with w) and its curvature |f''| = u sigma (1 - sigma)
 * stays below 0.015 lam^2 on the part that matters, t = w - w0 in
 * [0, 40/lam] (beyond, f has fallen by more than 40). Then e^(f(t) - f(0) +
 * lam t) is smooth on the scale 1/lam and the 16-node rule in x = lam t is
 * exact to rounding: checked against mpmath (30 digits) on 550 random (u, v,
 * d, e^w0, span), worst 9e-16 relative where kappa = |f''|/lam^2 <= 0.018,
 * 7e-15 at 0.03, 3e-10 at 0.1.
 */
static int jm_fast_ok(double u, double v, double d, double em, double *lam)
{
    const double sg = em / (d + em), l = u * sg + v - 1.0;
    double f2;
    *lam = l;
    if (!(l >= 2.0))
        return 0;
    if (sg >= 0.5) {
        f2 = u * sg * (1.0 - sg);
    } else {
        const double ee = em * exp(40.0 / l), se = ee / (d + ee);
        f2 = u * (se >= 0.5 ? 0.25 : se * (1.0 - se));
    }
    return f2 <= 0.015 * l * l;
}

/*
 * Whether J(u, v) (v on the n side, see csat__pnbd_j_moments) is near the
 * cliff: its series would be long and the row integrates it instead. An a
 * priori count of the series' terms: the coefficients (v)_k z^k / k! are a
 * negative binomial's shape, mean v z/(1-z) and standard deviation
 * sqrt(v z)/(1-z), and past it the terms fall like z^k (37/(1-z) terms for
 * 1e-16); x = 0 rows that share the rho = 0 sums (jsum_row) sum only the
 * series in z rho.
 */
int csat__pnbd_j_cliff(const pnbd_ctx *c, double x, double tx, double T)
{
    const double n = c->a_big ? c->be : c->al, mt = c->m + tx;
    const double u = c->a_big ? c->r + x : c->s + 1.0, v = c->a_big ? c->s + 1.0 : c->r + x;
    double z, vz, terms, lam;
    if (c->force)
        return c->force == 2;
    if (!(c->d > 0.0))
        return 0;
    z = c->d / mt;
    vz = v * z;
    terms = vz + 9.0 * sqrt(vz) + 40.0;
    /* the shared sums are one series in z per evaluation: never past 1e4 */
    if (terms > 1e4 * (1.0 - z))
        return 1;
    if (c->share && tx == 0.0 && z > 0.25 && (u + v - 1.0) * log1p((T - tx) / mt) >= 0.6931471805599453) {
        z *= mt / (c->m + T);
        vz = v * z;
        terms = vz + 9.0 * sqrt(vz) + 40.0;
    }
    if (terms > PANEL_TERMS * (1.0 - z))
        return 1;
    return terms > CLIFF_TERMS * (1.0 - z) && jm_fast_ok(u, v, c->d, n + tx, &lam);
}

int csat__pnbd_row_path(const double *p, double x, double tx, double T, int share)
{
    pnbd_ctx c;
    double lam;
    csat__pnbd_ctx_init(&c, p, share);
    if (T == tx || !csat__pnbd_j_cliff(&c, x, tx, T))
        return 0;
    return jm_fast_ok(c.a_big ? c.r + x : c.s + 1.0, c.a_big ? c.s + 1.0 : c.r + x, c.d,
                      (c.a_big ? c.be : c.al) + tx, &lam) ? 2 : 1;
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

/* The integrand's values at nn <= 32 nodes (offsets t, coefficients w: the
 * integral is sum w e^(f(t) - f(0))): om, the offset of A = log(m+y), t
 * (the offset of B), a and b, for jm_add's two passes. */
static void jm_eval(const jquad *q, double em, const double *t, const double *w, int nn, double (*val)[32])
{
    for (int i = 0; i < nn; i++) {
        const double e = expm1(t[i]), ew = em + em * e;
        const double al = log1p(em * e / (q->d + em));
        val[0][i] = w[i] * exp(-q->u * al - (q->v - 1.0) * t[i]);
        val[1][i] = al;
        val[2][i] = t[i];
        val[3][i] = 1.0 / (q->d + ew);
        val[4][i] = 1.0 / ew;
    }
}

/* Adds the nodes' terms to acc: pass 0 J and the sums of the offset of A,
 * of t, of a and of b; pass 1 the centred second moments about o's means. */
static void jm_add(double (*val)[32], int nn, int pass, const csat__pnbd_jmom *o, double *acc)
{
    for (int i = 0; i < nn; i++) {
        const double om = val[0][i], a = val[3][i], b = val[4][i];
        if (pass == 0) {
            acc[0] += om;
            acc[1] += om * val[1][i];
            acc[2] += om * val[2][i];
            acc[3] += om * a;
            acc[4] += om * b;
        } else {
            const double dA = val[1][i] - o->ea, dB = val[2][i] - o->eb;
            acc[0] += om * dA * dA;
            acc[1] += om * dA * dB;
            acc[2] += om * dB * dB;
            acc[3] += om * a * dA;
            acc[4] += om * a * dB;
            acc[5] += om * b * dA;
            acc[6] += om * b * dB;
            /* centred too: pe^2 Var a is what the Hessian needs, and
             * pe^2 (E a^2 - (E a)^2) would cancel digits at shapes ~1e3 */
            acc[7] += om * (a - o->ra) * (a - o->ra);
            acc[8] += om * (a - o->ra) * (b - o->rb);
            acc[9] += om * (b - o->rb) * (b - o->rb);
        }
    }
}

/*
 * The fast rule's nodes (jm_fast_ok holds; the mode at t = 0): over a span
 * on which f falls by at most ~4, one 16-node Gauss-Legendre panel;
 * beyond, Gauss-Laguerre in x = lam t to infinity, less the same from the
 * span's end when f has not fallen by 40 there (the part taken away is
 * below e^-4 of the whole, so no digit is lost).
 */
static int jm_fast_nodes(const jquad *q, double em, double span, double lam, double *t, double *w)
{
    int nn = 16;
    if (lam * span <= 4.0) {
        const double hw = 0.5 * span;
        for (int i = 0; i < 16; i++) {
            t[i] = hw + (i < 8 ? -hw : hw) * csat__gl16_x[i & 7];
            w[i] = csat__gl16_w[i & 7] * hw;
        }
        return 16;
    }
    for (int i = 0; i < 16; i++)
        t[i] = glag_x[i] / lam, w[i] = glag_we[i] / lam;
    if (lam * span < 40.0) {
        const double lt = -jm_df(q, em, span, NULL);
        for (int i = 0; i < 16; i++)
            t[16 + i] = span + glag_x[i] / lt, w[16 + i] = -glag_we[i] / lt;
        nn = 32;
    }
    return nn;
}

void csat__pnbd_j_moments(const pnbd_ctx *c, double x, double tx, double T, int hess, csat__pnbd_jmom *o)
{
    const double n = c->a_big ? c->be : c->al, span = log1p((T - tx) / (n + tx));
    const double u = c->a_big ? c->r + x : c->s + 1.0, v = c->a_big ? c->s + 1.0 : c->r + x;
    jquad q;
    double em, ym, t0 = 0.0, t1 = 0.0, pw[JM_MAXP][2], J = 1.0, al, lam, ft[32], fw[32], fv[5][32];
    int np = 0, nf = 0;
    const int fast = jm_fast_ok(u, v, c->d, n + tx, &lam);
    q.u = u, q.v = v, q.d = c->d;
    /* the mode (f' decreases), exactly at an end when it is there */
    if (fast) {
        em = n + tx, ym = tx;
        nf = jm_fast_nodes(&q, em, span, lam, ft, fw);
    } else if (jm_df(&q, n + tx, 0.0, NULL) <= 0.0) {
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
    for (int dir = -1; dir <= 1 && !fast; dir += 2) {
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
        double acc[10] = {0};
        if (fast) {
            if (pass == 0)
                jm_eval(&q, em, ft, fw, nf, fv);
            jm_add(fv, nf, pass, o, acc);
        } else {
            for (int k = 0; k < np; k++) {
                const double cc = 0.5 * (pw[k][0] + pw[k][1]), hw = 0.5 * (pw[k][1] - pw[k][0]);
                double t[16], w[16];
                for (int i = 0; i < 16; i++) {
                    t[i] = cc + (i < 8 ? -hw : hw) * csat__gl16_x[i & 7];
                    w[i] = csat__gl16_w[i & 7] * hw;
                }
                jm_eval(&q, em, t, w, 16, fv);
                jm_add(fv, 16, pass, o, acc);
            }
        }
        if (pass == 0) {
            J = acc[0];
            /* for now the offsets' means (centring pass 1) */
            o->ea = acc[1] / J, o->eb = acc[2] / J, o->ra = acc[3] / J, o->rb = acc[4] / J;
        } else {
            o->vaa = acc[0] / J, o->vab = acc[1] / J, o->vbb = acc[2] / J;
            o->caa = acc[3] / (J * o->ra), o->cab = acc[4] / (J * o->ra);
            o->cba = acc[5] / (J * o->rb), o->cbb = acc[6] / (J * o->rb);
            o->qaa = acc[7] / J, o->qab = acc[8] / J, o->qbb = acc[9] / J;
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
