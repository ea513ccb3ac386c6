/*
 * BG/BB (Fader, Hardie & Shang 2010, Marketing Science 29(6)): n discrete
 * transaction opportunities; p ~ Beta(alpha, beta) per opportunity while
 * alive, dropout theta ~ Beta(gamma, delta) at the start of each period.
 *
 * L(x, t_x, n) = B(a+x, b+n-x)/B(a,b) * B(g, d+n)/B(g,d)
 *   + sum_{i=0}^{n-t_x-1} B(a+x, b+t_x-x+i)/B(a,b) * B(g+1, d+t_x+i)/B(g,d).
 *
 * Here: the log-likelihood, the per-customer predictions, the rules for a
 * row and the kind's table of operations (DERT is in btyd_dert.c, the
 * number-of-purchases pmf in btyd_bgbb_prob.c).
 */
#include "btyd/btyd_ops.h"
#include "numerics/numerics.h"

#include <math.h>

/*
 * One row's likelihood, relative to its first sum term t_0 (i = 0): the
 * terms t_i/t_0 follow from t_(i+1)/t_i = y/(A+y) * e/(G+e) (y = b+t_x-x+i,
 * e = d+t_x+i, A = a+x, G = g+1) by multiplications, and the alive term
 * from an exact ratio to t_0, so that P(alive) and the expectations carry
 * no error from the size of the log-betas (they reach 1e6 at parameters
 * near 1e5). The terms decrease; the sum stops once the rest is below
 * 1e-18 of the total (they fall like i^-(A+G), so the rest after i is at
 * most t_i c/(A+G-1), c = max(A+y, G+e)). Where the term ratio is within
 * 1e-2 of 1 and more than 4096 terms remain (n = 1e6 and small shapes),
 * the rest is an Euler-Maclaurin sum (bb_tail): the fit cost no longer
 * grows with n (7.8 s for one fit at n = 1e6 before).
 */

/* log B(A, y+m) - log B(A, y) for A, y > 0, m >= 0 (any real m), without
 * the size of the log-betas: whole steps up to y >= 8, then one step of a
 * log-gamma difference (csat__lgamma_diff_step); a fractional rest below 8
 * by four log-gammas of arguments below 8 + A (small there). Shared with
 * the pmfs (btyd_internal.h). */
double csat__lbeta_shift(double A, double y, double m)
{
    double acc = 0.0;
    while (y < 8.0 && m >= 1.0) { /* B(A, y+1)/B(A, y) = y/(A+y) */
        acc -= log1p(A / y);
        y += 1.0;
        m -= 1.0;
    }
    if (!(m > 0.0))
        return acc;
    if (y < 8.0)
        return acc + csat__lgamma_diff(y, m) - csat__lgamma_diff(A + y, m);
    return acc - csat__lgamma_diff_step(y, A, m);
}
#define lbeta_shift csat__lbeta_shift

/* What a loglik evaluation shares across rows. */
typedef struct bb_consts {
    double a, b, g, d, lab, lgd, ga0, gb0, gg0, gd0;
    /* the row log-likelihoods in log-beta steps (row_eval) */
    int stepped;
} bb_consts;

static void bb_consts_init(bb_consts *k, const double *p, int grad)
{
    k->a = p[0], k->b = p[1], k->g = p[2], k->d = p[3];
    k->lab = csat__lbeta(k->a, k->b);
    k->lgd = csat__lbeta(k->g, k->d);
    /* Below 1e3 the log-gammas inside the log-betas stay under ~6e3, and
     * their rounding (~1e-12) stays far below |log L| for parameters in the
     * fit's box (b/a >= 1e-10 there); above, log L near 0 needs the steps.
     * So it does below 1e-3: log B(a, b) ~ -log a carries ~1e-15 |log a|,
     * more than |log L| ~ a of a row that is near certain (log P(x = 0) =
     * +1.4e-13 at a = 2e-15; found by fuzz_btyd). */
    k->stepped = fmax(fmax(k->a, k->b), fmax(k->g, k->d)) > 1e3 || fmin(fmin(k->a, k->b), fmin(k->g, k->d)) < 1e-3;
    k->ga0 = k->gb0 = k->gg0 = k->gd0 = 0.0;
    if (grad) { /* d log B(a, b) / da etc. */
        k->ga0 = -csat__digamma_diff(k->a, k->b);
        k->gb0 = -csat__digamma_diff(k->b, k->a);
        k->gg0 = -csat__digamma_diff(k->g, k->d);
        k->gd0 = -csat__digamma_diff(k->d, k->g);
    }
}

/* The sum term at (continuous) index x relative to t_0, and with h the
 * digamma differences psi(A+y0+x) - psi(A+y0), psi(y0+x) - psi(y0) and the
 * same for G, e0: the terms' log-gradient moves with them. */
typedef struct bb_terms {
    double A, G, y0, e0;
    /* for the tail's nodes (bb_vec): log G(y0+A) - log G(y0) and the same
     * for e0, G; psi(A+y0), psi(y0), psi(G+e0), psi(e0) */
    double fa, fg, dg[4];
} bb_terms;

static double bb_term(const bb_terms *t, double x, double *h)
{
    if (h) {
        h[0] = csat__digamma_diff(t->A + t->y0, x);
        h[1] = csat__digamma_diff(t->y0, x);
        h[2] = csat__digamma_diff(t->G + t->e0, x);
        h[3] = csat__digamma_diff(t->e0, x);
    }
    return exp(lbeta_shift(t->A, t->y0, x) + lbeta_shift(t->G, t->e0, x));
}

/* bb_term's values as F = term * (1, h0..h3) at x >= 8 into f[0..ng)
 * (ng = 1: the term alone), for the tail's ~60 nodes a row: log-gamma and
 * digamma differences taken against per-row constants (bb_tail_init)
 * instead of the step functions, which cost ~16 expm1 calls each. Their
 * rounding, ~1e-15 (A+G) log(x) in log F, is below the tail's other
 * errors. */
static void bb_vec(const bb_terms *t, double x, int ng, double *f)
{
    f[0] = exp(t->fa - csat__lgamma_diff(t->y0 + x, t->A) + t->fg - csat__lgamma_diff(t->e0 + x, t->G));
    if (ng > 1) {
        f[1] = f[0] * (csat__digamma(t->A + t->y0 + x) - t->dg[0]);
        f[2] = f[0] * (csat__digamma(t->y0 + x) - t->dg[1]);
        f[3] = f[0] * (csat__digamma(t->G + t->e0 + x) - t->dg[2]);
        f[4] = f[0] * (csat__digamma(t->e0 + x) - t->dg[3]);
    }
}

static void bb_tail_init(bb_terms *t, int grad)
{
    t->fa = csat__lgamma_diff(t->y0, t->A);
    t->fg = csat__lgamma_diff(t->e0, t->G);
    if (grad) {
        t->dg[0] = csat__digamma(t->A + t->y0);
        t->dg[1] = csat__digamma(t->y0);
        t->dg[2] = csat__digamma(t->G + t->e0);
        t->dg[3] = csat__digamma(t->e0);
    }
}

/* max(1, |d log(F x)/d log x|) at x, F' / F ~ -(1 - rho) */
static double bb_slope(const bb_terms *t, double x)
{
    const double y = t->y0 + x, e = t->e0 + x;
    return fmax(1.0, x * (t->A * e + t->G * y + t->A * t->G) / ((t->A + y) * (t->G + e)) - 1.0);
}


/*
 * sum_{i=K}^{M-1} F(i), K >= 16, by Euler-Maclaurin: the integral over
 * [K, M] plus em_end at K minus em_end at M. Where |F'/F| <= 1e-2 (the
 * caller starts there; it only falls further) the next term is below
 * 1e-21 of F(K). The integral is over s = log x in panels (at most 8
 * wide) on which log F changes by at most about 6, by 16-point
 * Gauss-Legendre (exact to ~1e-17 there); it stops once the rest is below
 * 1e-18 of tot (the sum so far), F being decreasing, and then leaves out
 * the end correction at M. out[j] for j < ng.
 */
static void bb_tail(bb_terms *t, double K, double M, int ng, double tot, double *out)
{
    const double sM = log(M);
    double fk[5][7], fm[5][7], acc[5] = {0}, f[5];
    int mend = 1;
    bb_tail_init(t, ng > 1);
    for (int k = 0; k < 7; k++) {
        bb_vec(t, K + k - 3, ng, f);
        for (int j = 0; j < ng; j++)
            fk[j][k] = f[j];
    }
    for (double s0 = log(K); s0 < sM;) {
        /* d log(F x)/ds = 1 + x F'/F, between 1 and 1 - (A+G), growing in
         * size with x: a panel spans at most 6/|slope| at its far end */
        double w = fmin(8.0, 6.0 / bb_slope(t, exp(s0))), s1, c, hw;
        w = fmin(w, 6.0 / bb_slope(t, exp(fmin(s0 + w, sM))));
        s1 = fmin(s0 + w, sM), c = 0.5 * (s0 + s1), hw = 0.5 * (s1 - s0);
        for (int i = 0; i < 8; i++)
            for (int sg = -1; sg <= 1; sg += 2) {
                const double x = exp(c + sg * hw * csat__gl16_x[i]);
                bb_vec(t, x, ng, f);
                for (int j = 0; j < ng; j++)
                    acc[j] += csat__gl16_w[i] * hw * x * f[j];
            }
        if (s1 < sM) {
            const double xe = exp(s1);
            bb_vec(t, xe, 1, f);
            if (f[0] * (M - xe) <= 1e-18 * (tot + acc[0])) {
                mend = 0; /* the rest of the integral, and F near M, are negligible */
                break;
            }
        }
        s0 = s1;
    }
    if (mend)
        for (int k = 0; k < 7; k++) {
            bb_vec(t, M + k - 3, ng, f);
            for (int j = 0; j < ng; j++)
                fm[j][k] = f[j];
        }
    for (int j = 0; j < ng; j++)
        out[j] = acc[j] + csat__em_end(fk[j]) - (mend ? csat__em_end(fm[j]) : 0.0);
}

typedef struct bb_row {
    double L;   /* log-likelihood */
    double lpa; /* log P(alive at n+1) */
} bb_row;

/* psi(x + d) - psi(x): without cancellation for the predictions, as a
 * plain difference (cheaper, ~1e-16 absolute) for the fit's gradient */
static double dpsi(double x, double d, int precise)
{
    return precise ? csat__digamma_diff(x, d) : csat__digamma(x + d) - csat__digamma(x);
}

/* One row; grad (natural parameters, may be NULL) receives its gradient.
 * precise: the alive term's ratio to the first by log-gamma steps, so that
 * P(alive) keeps its digits where the log-betas are near 1e6 (the
 * predictions); else by the difference of the two log-betas, whose
 * rounding the log-likelihood carries anyway (the fit, ~16 expm1 calls a
 * row cheaper). */
static bb_row row_eval(const bb_consts *k, double x, double tx, double n, double *grad, int precise)
{
    const double A = k->a + x, y0 = k->b + (tx - x), e0 = k->d + tx, M = n - tx, Y = k->b + (n - x);
    /* log B(a+x, b+n-x)/B(a, b) + log B(g, d+n)/B(g, d): at large
     * parameters in steps, not as differences of log-betas, which carry
     * rounding of the size of the log-gammas (2.5e-11 at a, d ~ 4e5 where
     * log L = -6.1e-12): weights magnify it, and a fit followed it to a
     * false maximum with a positive log-likelihood (found by fuzz_btyd) */
    const double lax = k->stepped ? lbeta_shift(k->b, k->a, x) : 0.0;
    const double la = k->stepped ? lax + lbeta_shift(A, k->b, n - x) + lbeta_shift(k->g, k->d, n)
                                 : csat__lbeta(A, Y) - k->lab + csat__lbeta(k->g, k->d + n) - k->lgd;
    const double lpa_alive = log((k->d + n) / (k->g + k->d + n));
    bb_row o;
    double ga[4] = {0};
    if (grad) { /* the alive term's log-gradient */
        ga[0] = -dpsi(A, Y, precise) - k->ga0;
        ga[1] = -dpsi(Y, A, precise) - k->gb0;
        ga[2] = -dpsi(k->g, k->d + n, precise) - k->gg0;
        ga[3] = -dpsi(k->d + n, k->g, precise) - k->gd0;
    }
    /* a log-probability: rounding (~1e-16 of the terms summed) is kept
     * from making a near-certain row's log L positive */
    if (M <= 0) {
        o.L = fmin(la, 0.0), o.lpa = lpa_alive;
        if (grad)
            for (int j = 0; j < 4; j++)
                grad[j] = ga[j];
        return o;
    }
    {
        const double G = k->g + 1.0, E1 = A + G - 1.0;
        /* B(g+1, e0)/B(g, d) = g/(g+e0) B(g, d+t_x)/B(g, d) */
        const double l0 = k->stepped
                              ? lax + lbeta_shift(A, k->b, tx - x) - log1p(e0 / k->g) + lbeta_shift(k->g, k->d, tx)
                              : csat__lbeta(A, y0) - k->lab + csat__lbeta(G, e0) - k->lgd;
        /* log(t_alive/t_0): B(A, Y)/B(A, y0) and B(g, d+n)/B(G, e0) = e0/g B(g, d+n)/B(g, e0+1) */
        const double lar =
            precise ? lbeta_shift(A, y0, M) + lbeta_shift(k->g, e0 + 1.0, M - 1.0) + log(e0 / k->g) : la - l0;
        const double ealive = lar < 700.0 ? exp(lar) : INFINITY;
        const int ng = grad ? 5 : 1;
        bb_terms tt = {A, G, y0, e0, 0.0, 0.0, {0.0, 0.0, 0.0, 0.0}};
        /* S[0] = sum r_i, S[1..4] = sum r_i h_i (h as in bb_term); r is term j.
         * Scalars in the loop (an array there goes through memory), two
         * divisions a term: 1/(y (A+y)) gives 1/y and 1/(A+y). */
        double S[5] = {0}, h[4] = {0}, r = 1.0, y = y0, e = e0, tot, lS;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, h0 = 0.0, h1 = 0.0, h2 = 0.0, h3 = 0.0;
        for (long j = 0;;) {
            double iy, ie;
            s0 += r;
            if (grad)
                s1 += r * h0, s2 += r * h1, s3 += r * h2, s4 += r * h3;
            if ((double)j + 1.0 >= M)
                break;
            iy = 1.0 / (y * (A + y)), ie = 1.0 / (e * (G + e));
            r *= (y * iy) * y * ((e * ie) * e);
            if (grad)
                h0 += y * iy, h1 += (A + y) * iy, h2 += e * ie, h3 += (G + e) * ie;
            y += 1.0, e += 1.0;
            if ((++j & 7) != 0)
                continue;
            /* every 8 terms: refresh (every 256: the products drift by ~1
             * ulp a term), the end test, the switch to the tail */
            if ((j & 255) == 0) {
                h[0] = h0, h[1] = h1, h[2] = h2, h[3] = h3;
                r = bb_term(&tt, (double)j, grad ? h : NULL);
                h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3];
            }
            tot = s0 + ealive;
            if (!(r * fmin(M - (double)j, fmax(A + y, G + e) / E1) > 1e-18 * tot))
                break;
            /* 1 - rho = (A e + G y + A G) / ((A+y)(G+e)), without cancellation */
            if ((A * e + G * y + A * G) <= 1e-2 * (A + y) * (G + e) && M - (double)j > 4096.0) {
                double tl[5];
                bb_tail(&tt, (double)j, M, ng, tot, tl);
                s0 += tl[0];
                if (grad)
                    s1 += tl[1], s2 += tl[2], s3 += tl[3], s4 += tl[4];
                break;
            }
        }
        S[0] = s0, S[1] = s1, S[2] = s2, S[3] = s3, S[4] = s4;
        lS = log(S[0]);
        tot = csat__logaddexp(lS, lar); /* log of (sum + alive)/t_0 */
        o.L = fmin(l0 + tot, 0.0);
        o.lpa = lpa_alive + lar - tot;
        if (grad) {
            /* the first term's log-gradient; the i-th adds -h0, h1 - h0, -h2, h3 - h2 */
            const double wa = exp(lar - tot), ws = exp(lS - tot);
            const double b0 = -dpsi(A, y0, precise) - k->ga0, b1 = -dpsi(y0, A, precise) - k->gb0;
            const double b2 = -dpsi(G, e0, precise) - k->gg0, b3 = -dpsi(e0, G, precise) - k->gd0;
            const double m0 = S[1] / S[0], m1 = S[2] / S[0], m2 = S[3] / S[0], m3 = S[4] / S[0];
            grad[0] = wa * ga[0] + ws * (b0 - m0);
            grad[1] = wa * ga[1] + ws * (b1 + m1 - m0);
            grad[2] = wa * ga[2] + ws * (b2 - m2);
            grad[3] = wa * ga[3] + ws * (b3 + m3 - m2);
        }
        return o;
    }
}

double csat__bgbb_loglik(const double *p, const csat__btyd_rows *rows, double *grad)
{
    csat__ksum k = {0, 0};
    bb_consts c;
    bb_consts_init(&c, p, grad != NULL);
    if (grad)
        grad[0] = grad[1] = grad[2] = grad[3] = 0.0;
    for (size_t i = 0; i < rows->n; i++) {
        const double w = rows->w ? rows->w[i] : 1.0;
        double g[4];
        if (w != 0.0) {
            csat__ksum_add(&k, w * row_eval(&c, rows->x[i], rows->tx[i], rows->T[i], grad ? g : NULL, 0).L);
            if (grad)
                for (int j = 0; j < 4; j++)
                    grad[j] += w * g[j];
        }
    }
    return csat__ksum_value(&k);
}

double csat__bgbb_p_alive(const double *p, double x, double tx, double n)
{
    bb_consts c;
    bb_consts_init(&c, p, 0);
    return exp(row_eval(&c, x, tx, n, NULL, 1).lpa);
}

/*
 * log of H = (g+d+n)/(g-1) [1 - f(n+m)/f(n)], f(k) = G(1+d+k)/G(g+d+k): the
 * expected number of the m opportunities after n at which a customer alive
 * at n+1 is still alive (dropout theta | alive ~ Beta(g, d+n); H = 1 for
 * m = 1). The expectations are
 *   E[X(n*)] new = a/(a+b) d/(g+d) H(g, d, 0, n*),
 *   E[X(n, n+n*) | x, t_x, n] = P(alive) (a+x)/(a+b+n) H(g, d, n, n*),
 * FHS 2010 eqs. 10 and 12 with their beta-function ratios cancelled, so
 * that nothing overflows (eq. 12's prefactor is e^1141 at gamma = 1e4,
 * n = 242, next to a factor of e^-1137). -inf for m = 0.
 */
static double log_alive_count(double g, double d, double n, double m)
{
    double dl;
    if (m <= 0)
        return -INFINITY;
    if (m <= 4096 && fabs(g - 1.0) < 0.5) {
        /* f(k) - f(k+1) = (g-1) f(k)/(g+d+k) telescopes (m is a whole
         * number of periods): H = (g+d+n) sum_{k=n}^{n+m-1} f(k)/f(n)/(g+d+k),
         * positive terms and no cancellation near g = 1 */
        double f = 1.0, sum = 0.0;
        for (double k = n; k < n + m; k++) {
            sum += f / (g + d + k);
            f *= (1.0 + d + k) / (g + d + k);
        }
        return log(g + d + n) + log(sum);
    }
    if (fabs(g - 1.0) < 1e-7) { /* removable singularity: average g +- h */
        const double h = 1e-5;
        return csat__logaddexp(log_alive_count(1.0 + h, d, n, m), log_alive_count(1.0 - h, d, n, m)) -
               0.69314718055994531;
    }
    /* dl = log f(n+m)/f(n) (< 0 for g > 1), as a step of a log-gamma
     * difference where that is defined, so that it keeps its digits when
     * it is small next to the log-gammas */
    if (g > 1.0 && 1.0 + d + n >= 8.0)
        dl = -csat__lgamma_diff_step(1.0 + d + n, g - 1.0, m);
    else if (g < 1.0 && g + d + n >= 8.0)
        dl = csat__lgamma_diff_step(g + d + n, 1.0 - g, m);
    else
        dl = csat__lgamma_diff(1.0 + d + n, m) - csat__lgamma_diff(g + d + n, m);
    return log(g + d + n) + log(fabs(expm1(dl))) - log(fabs(g - 1.0));
}

double csat__bgbb_expected_new(const double *p, double n)
{
    return p[0] / (p[0] + p[1]) * (p[3] / (p[2] + p[3])) * exp(log_alive_count(p[2], p[3], 0.0, n));
}

double csat__bgbb_expected_cond(const double *p, double nstar, double x, double tx, double n)
{
    const double a = p[0], b = p[1];
    return csat__bgbb_p_alive(p, x, tx, n) * ((a + x) / (a + b + n)) * exp(log_alive_count(p[2], p[3], n, nstar));
}


/* P(X(n, n+n*) = k | x, t_x, n). Alive through opportunity n (the alive
 * term's share of L: P(alive at n+1) over (d+n)/(g+d+n)), the customer is
 * a new one with the posterior parameters a+x, b+n-x, g, d+n, as in the
 * conditional expectation (FHS 2010 eq. 13); dead, they buy nothing. */
double csat__bgbb_prob_cond(const double *p, double nstar, double k, double x, double tx, double n)
{
    const double q[4] = {p[0] + x, p[1] + (n - x), p[2], p[3] + n};
    bb_consts c;
    double lw, v;
    bb_consts_init(&c, p, 0);
    lw = fmin(0.0, row_eval(&c, x, tx, n, NULL, 1).lpa - log((c.d + n) / (c.g + c.d + n)));
    v = exp(lw) * csat__bgbb_prob_new(q, nstar, k);
    if (k == 0.0)
        v += -expm1(lw);
    return v > 1.0 ? 1.0 : v;
}

/* log L(alpha, beta, gamma, delta | x, t_x, n) of one customer. */
double csat__bgbb_log_lik_row(const double *p, double x, double tx, double n)
{
    bb_consts c;
    bb_consts_init(&c, p, 0);
    return row_eval(&c, x, tx, n, NULL, 1).L;
}

/* ---- the BG/BB table ------------------------------------------------------ */

static const char *check_row(double x, double tx, double n)
{
    if (!isfinite(x) || !isfinite(tx) || !isfinite(n))
        return "NaN or infinite value";
    if (!csat__btyd_is_count(x) || !csat__btyd_is_count(tx) || !csat__btyd_is_count(n))
        return "BG/BB frequency, recency and periods must be whole numbers in 0..2^53";
    if (n < 1)
        return "number of periods must be >= 1";
    if (tx > n)
        return "recency exceeds the number of periods";
    if ((x == 0) != (tx == 0))
        return "frequency 0 needs recency 0 and vice versa";
    if (x > tx)
        return "frequency exceeds recency";
    return NULL;
}

static const char *check_rows(const csat__btyd_rows *r, size_t *bad)
{
    for (size_t i = 0; i < r->n; i++) {
        const char *why = check_row(r->x[i], r->tx[i], r->T[i]);
        if (why) {
            *bad = i;
            return why;
        }
    }
    return NULL;
}

CSAT__BTYD_FOR_CUSTOMERS(p_alive_n, csat__bgbb_p_alive(p, x, tx, T))
CSAT__BTYD_FOR_CUSTOMERS(expected_cond_n, csat__bgbb_expected_cond(p, arg, x, tx, T))
CSAT__BTYD_FOR_CUSTOMERS(dert_n, csat__bgbb_dert(p, arg, x, tx, T))
CSAT__BTYD_FOR_VALUES(expected_new_n, csat__bgbb_expected_new(p, v))
CSAT__BTYD_FOR_VALUES(prob_n, csat__bgbb_prob_new(p, arg, v))

const csat__btyd_kind_ops csat__bgbb_ops = {
    .name = "BG/BB",
    .n_params = 4,
    .param_names = "alpha, beta, gamma, delta",
    .simulate = csat__bgbb_simulate,
    .discrete = 1,
    .check_rows = check_rows,
    .loglik = csat__bgbb_loglik,
    .p_alive = csat__bgbb_p_alive,
    .expected_new = csat__bgbb_expected_new,
    .expected_cond = csat__bgbb_expected_cond,
    .dert = csat__bgbb_dert,
    .prob_new = csat__bgbb_prob_new,
    .prob_cond = csat__bgbb_prob_cond,
    .p_alive_n = p_alive_n,
    .expected_cond_n = expected_cond_n,
    .dert_n = dert_n,
    .expected_new_n = expected_new_n,
    .prob_n = prob_n,
};
