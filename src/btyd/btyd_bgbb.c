/*
 * BG/BB (Fader, Hardie & Shang 2010, Marketing Science 29(6)): n discrete
 * transaction opportunities; p ~ Beta(alpha, beta) per opportunity while
 * alive, dropout theta ~ Beta(gamma, delta) at the start of each period.
 *
 * L(x, t_x, n) = B(a+x, b+n-x)/B(a,b) * B(g, d+n)/B(g,d)
 *   + sum_{i=0}^{n-t_x-1} B(a+x, b+t_x-x+i)/B(a,b) * B(g+1, d+t_x+i)/B(g,d).
 *
 * Here: the log-likelihood, the per-customer predictions, the rules for a
 * row and the kind's table of operations (DERT is in btyd_dert.c).
 */
#include "btyd/btyd_ops.h"
#include "numerics/numerics.h"

#include <math.h>

/* d log B(A, B) / dA */
static double dlb(double A, double B) { return csat__digamma(A) - csat__digamma(A + B); }

/* Log-likelihood of one pattern; grad (natural params, may be NULL) is
 * accumulated with weight w. */
static double row_ll(const double *p, double x, double tx, double n, double w, double *grad)
{
    const double a = p[0], b = p[1], g = p[2], d = p[3];
    const double lab = csat__lbeta(a, b), lgd = csat__lbeta(g, d);
    const long nt = (long)(n - tx);
    double L = csat__lbeta(a + x, b + n - x) - lab + csat__lbeta(g, d + n) - lgd;
    for (long i = 0; i < nt; i++)
        L = csat__logaddexp(L, csat__lbeta(a + x, b + tx - x + i) - lab +
                                   csat__lbeta(g + 1.0, d + tx + i) - lgd);
    if (grad) {
        /* weighted mean of the terms' gradients, weights exp(term - L) */
        const double ga0 = dlb(a, b), gb0 = dlb(b, a), gg0 = dlb(g, d), gd0 = dlb(d, g);
        double l0 = csat__lbeta(a + x, b + n - x) - lab + csat__lbeta(g, d + n) - lgd;
        double e = exp(l0 - L);
        grad[0] += w * e * (dlb(a + x, b + n - x) - ga0);
        grad[1] += w * e * (dlb(b + n - x, a + x) - gb0);
        grad[2] += w * e * (dlb(g, d + n) - gg0);
        grad[3] += w * e * (dlb(d + n, g) - gd0);
        for (long i = 0; i < nt; i++) {
            double y = b + tx - x + i, dd = d + tx + i;
            double li = csat__lbeta(a + x, y) - lab + csat__lbeta(g + 1.0, dd) - lgd;
            e = exp(li - L);
            grad[0] += w * e * (dlb(a + x, y) - ga0);
            grad[1] += w * e * (dlb(y, a + x) - gb0);
            grad[2] += w * e * (dlb(g + 1.0, dd) - gg0);
            grad[3] += w * e * (dlb(dd, g + 1.0) - gd0);
        }
    }
    return L;
}

double csat__bgbb_loglik(const double *p, const csat__btyd_rows *rows, double *grad)
{
    csat__ksum k = {0, 0};
    if (grad)
        grad[0] = grad[1] = grad[2] = grad[3] = 0.0;
    for (size_t i = 0; i < rows->n; i++) {
        double w = rows->w ? rows->w[i] : 1.0;
        if (w != 0.0)
            csat__ksum_add(&k, w * row_ll(p, rows->x[i], rows->tx[i], rows->T[i], w, grad));
    }
    return csat__ksum_value(&k);
}

double csat__bgbb_p_alive(const double *p, double x, double tx, double n)
{
    const double a = p[0], b = p[1], g = p[2], d = p[3];
    double L = row_ll(p, x, tx, n, 0.0, NULL);
    double v = exp(csat__lbeta(a + x, b + n - x) - csat__lbeta(a, b) + csat__lbeta(g, d + n + 1.0) -
                   csat__lbeta(g, d) - L);
    return v > 1.0 ? 1.0 : v;
}

/* delta/(g-1) G(g+d)/G(1+d) [G(1+d+n)/G(g+d+n) - G(1+d+n+m)/G(g+d+n+m)] */
static double dfactor(double g, double d, double n, double m)
{
    double a1, a2, pre;
    if (m <= 0)
        return 0.0;
    if (m <= 4096 && fabs(g - 1.0) < 0.5) {
        /* The bracket telescopes (m is a whole number of periods): with
         * f(k) = G(1+d+k)/G(g+d+k), f(k) - f(k+1) = (g-1) f(k)/(g+d+k), so
         * it is (g-1) sum_{k=n}^{n+m-1} f(k)/(g+d+k), positive terms and no
         * cancellation near g = 1. */
        double f = 1.0, sum = 0.0;
        for (double k = n; k < n + m; k++) {
            sum += f / (g + d + k);
            f *= (1.0 + d + k) / (g + d + k);
        }
        return exp(log(d) + csat__lgamma_diff(1.0 + d, g - 1.0) +
                   csat__lgamma_diff(g + d + n, 1.0 - g)) * sum;
    }
    if (fabs(g - 1.0) < 1e-7) { /* removable singularity: average g +- h */
        const double h = 1e-5;
        return 0.5 * (dfactor(1.0 + h, d, n, m) + dfactor(1.0 - h, d, n, m));
    }
    pre = log(d) + csat__lgamma_diff(1.0 + d, g - 1.0);
    a1 = csat__lgamma_diff(g + d + n, 1.0 - g);
    a2 = csat__lgamma_diff(g + d + n + m, 1.0 - g);
    return exp(pre + a1) * -expm1(a2 - a1) / (g - 1.0);
}

double csat__bgbb_expected_new(const double *p, double n)
{
    return p[0] / (p[0] + p[1]) * dfactor(p[2], p[3], 0.0, n);
}

double csat__bgbb_expected_cond(const double *p, double nstar, double x, double tx, double n)
{
    const double a = p[0], b = p[1];
    double L = row_ll(p, x, tx, n, 0.0, NULL);
    double pre = exp(csat__lbeta(a + x + 1.0, b + n - x) - csat__lbeta(a, b) - L);
    return pre * dfactor(p[2], p[3], n, nstar);
}

double csat__bgbb_prob_new(const double *p, double n, double k)
{
    const double a = p[0], b = p[1], g = p[2], d = p[3];
    const double lab = csat__lbeta(a, b), lgd = csat__lbeta(g, d);
    double l, v;
    if (k > n)
        return 0.0;
    /* log C(n, k) = lgamma(n+1) - lgamma(k+1) - lgamma(n-k+1) */
    l = csat__lgamma(n + 1.0) - csat__lgamma(k + 1.0) - csat__lgamma(n - k + 1.0) +
        csat__lbeta(a + k, b + n - k) - lab + csat__lbeta(g, d + n) - lgd;
    v = exp(l);
    for (double i = k; i < n; i++)
        v += exp(csat__lgamma(i + 1.0) - csat__lgamma(k + 1.0) - csat__lgamma(i - k + 1.0) +
                 csat__lbeta(a + k, b + i - k) - lab + csat__lbeta(g + 1.0, d + i) - lgd);
    return v > 1.0 ? 1.0 : v;
}

/* log L(alpha, beta, gamma, delta | x, t_x, n) of one customer. */
double csat__bgbb_log_lik_row(const double *p, double x, double tx, double n)
{
    return row_ll(p, x, tx, n, 0.0, NULL);
}

/* ---- the BG/BB table ------------------------------------------------------ */

static const char *check_row(double x, double tx, double n)
{
    if (!isfinite(x) || !isfinite(tx) || !isfinite(n))
        return "NaN or infinite value";
    if (!csat__btyd_is_count(x) || !csat__btyd_is_count(tx) || !csat__btyd_is_count(n))
        return "BG/BB frequency, recency and periods must be non-negative integers";
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
    .discrete = 1,
    .check_rows = check_rows,
    .loglik = csat__bgbb_loglik,
    .p_alive = csat__bgbb_p_alive,
    .expected_new = csat__bgbb_expected_new,
    .expected_cond = csat__bgbb_expected_cond,
    .dert = csat__bgbb_dert,
    .prob_new = csat__bgbb_prob_new,
    .p_alive_n = p_alive_n,
    .expected_cond_n = expected_cond_n,
    .dert_n = dert_n,
    .expected_new_n = expected_new_n,
    .prob_n = prob_n,
};
