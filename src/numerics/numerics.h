/*
 * The internal numerics layer every model shares: accurate sums, log-space
 * arithmetic, special functions, the optimiser. One implementation of each.
 * All functions are reentrant (no static mutable state; libm's lgamma is
 * avoided because it writes the global signgam).
 */
#ifndef CSAT_NUMERICS_H
#define CSAT_NUMERICS_H

#include <stddef.h>

/* ---- sums ---------------------------------------------------------------- */

/* Neumaier (improved Kahan) accumulator: exact to ~1 ulp for any order. */
typedef struct csat__ksum {
    double s, c;
} csat__ksum;

static inline void csat__ksum_add(csat__ksum *k, double x)
{
    double t = k->s + x;
    if ((k->s >= 0 ? k->s : -k->s) >= (x >= 0 ? x : -x))
        k->c += (k->s - t) + x;
    else
        k->c += (x - t) + k->s;
    k->s = t;
}

static inline double csat__ksum_value(const csat__ksum *k) { return k->s + k->c; }

double csat__sum(const double *x, size_t n);
/* Mean and (n-1)-denominator variance, two-pass and compensated; n >= 1
 * (variance 0 when n == 1). Either output may be NULL. */
void csat__mean_var(const double *x, size_t n, double *mean, double *var);

/* ---- log space --------------------------------------------------------------- */

/* log(exp(a) + exp(b)), exact for -inf arguments. */
double csat__logaddexp(double a, double b);
/* log(sum exp(x[i])); -inf for n == 0. */
double csat__logsumexp(const double *x, size_t n);
/* Signed log space: a value v is (log|v|, sign) with sign in {-1, 0, +1}.
 * Returns log|sa*e^la + sb*e^lb| and stores its sign. */
double csat__log_add_signed(double la, int sa, double lb, int sb, int *sign);
/* log(1 - exp(-x)) for x > 0, accurate near 0 and for large x. */
double csat__log1mexp(double x);

/* ---- special functions ------------------------------------------------------- */

/* log Gamma(x) for x > 0 (NaN otherwise). Relative error ~1e-15. */
double csat__lgamma(double x);
/* log|Gamma(x)| for any real x with *sign its sign (0 and +inf at poles). */
double csat__lgamma_signed(double x, int *sign);
/* psi(x) = d/dx log Gamma(x), x > 0. */
double csat__digamma(double x);
/* Trigamma psi'(x) for x > 0. */
double csat__trigamma(double x);
/* (log Gamma(x + d) - log Gamma(x)) / d for x > 0, x + d > 0, |d| <= 1,
 * relatively accurate for any small d (psi(x) at d = 0). */
double csat__lgamma_dd(double x, double d);
/* log B(a, b) for a, b > 0, accurate when one argument is huge. */
double csat__lbeta(double a, double b);
/* log Gamma(x + d) - log Gamma(x), x > 0, x + d > 0; no cancellation for large x. */
double csat__lgamma_diff(double x, double d);

/* psi(x + d) - psi(x) for x > 0, d >= 0, accurate also when d << x
 * (where the two digammas nearly cancel); NaN outside. */
double csat__digamma_diff(double x, double d);
/* F(x + L) - F(x) with F(y) = log Gamma(y + a) - log Gamma(y), for x >= 8,
 * a, L >= 0: sum_{j<L} log(1 + a/(x + j)) for whole L, in O(1) and without
 * the cancellation of four log-gammas (for sums over long runs of periods);
 * NaN outside. */
double csat__lgamma_diff_step(double x, double a, double L);

/* Regularised incomplete gamma P(a, x) and Q(a, x) = 1 - P, a > 0, x >= 0. */
double csat__gamma_p(double a, double x);
double csat__gamma_q(double a, double x);
/* Legendre's continued fraction (even form, modified Lentz) shared by the
 * incomplete gamma functions: e^z E_p(z) = e^z z^(p-1) Gamma(1-p, z) for
 * z > 0; converges fast for z >~ |1-p| + 1. */
double csat__gamma_cf(double p, double z);
/* Upper incomplete gamma Gamma(a, z) for any real a (a <= 0 included) and
 * z > 0: log(e^z z^(1-a) Gamma(a, z)) (= log(z e^z E_(1-a)(z)), in (-inf, 0]
 * for a <= 1; no overflow) and log Gamma(a, z). Relative accuracy ~1e-14,
 * also at and near a = 0, -1, -2, ... NaN for z <= 0 or non-finite input. */
double csat__log_gamma_upper_scaled(double a, double z);
double csat__log_gamma_upper(double a, double z);
/* log I_x(a, b), the regularised incomplete beta function, a, b > 0, given
 * lx = log x and ly = log(1 - x) (both <= 0, passed separately so x near 0
 * or 1 keeps its accuracy). Relative accuracy ~1e-14, also for tiny I. */
double csat__log_beta_inc(double a, double b, double lx, double ly);
/* Chi-square upper tail P(X > x) with df > 0 degrees of freedom. */
double csat__chisq_sf(double x, double df);

/* Standard normal CDF, upper tail, and quantile (0 < p < 1). */
double csat__norm_cdf(double x);
double csat__norm_sf(double x);
double csat__norm_quantile(double p);

/* Student's t with df > 0 degrees of freedom (student_t.c; df = +inf is the
 * normal): upper tail P(T > t), CDF, and quantile (0 < p < 1; +-inf at 0, 1).
 * Relative accuracy ~1e-13 in either tail. NaN for df <= 0 or NaN input. */
double csat__t_sf(double t, double df);
double csat__t_cdf(double t, double df);
double csat__t_quantile(double p, double df);

/* ---- Gauss hypergeometric function 2F1 (one implementation: hyp2f1.c) ------ */

/* 2F1(a, b; c; z) for finite a, b, c (c not 0, -1, -2, ...) and z < 1, in
 * signed log space: returns log|F|, *sign in {-1, 0, 1}; NaN otherwise.
 * The BG/NBD expectations (F reaches e^100000 there). Relative accuracy of
 * F ~2e-14, also with c - a - b at or near an integer, or 2e-16 times
 * |log F| or |(c-a-b) log(1-z)| when those are larger (rounding of the
 * logarithm); tested against mpmath on the models' ranges (tests/numerics).
 * Cost: ~40/(1-z) series terms for z <= 0.9 (fewer for large c), else
 * about 10 log Gamma evaluations. */
double csat__hyp2f1_log(double a, double b, double c, double z, int *sign);
/* The same as a plain double (may overflow to +-inf). */
double csat__hyp2f1(double a, double b, double c, double z);
/* 2F1(1, b; c; z) for b, c > 0 and 0 <= z < 1 (NaN otherwise): the BG/BB
 * DERT (the sBG DEL/DERL use csat__beta_disc_log). The same function, going
 * straight to the series sum_j (b)_j/(c)_j z^j where it would take it
 * (z <= 0.9, or the connection formula would cancel); relative accuracy
 * ~2e-14 up to z = 1 - 1e-9. */
double csat__hyp2f1_1bc(double b, double c, double z);
/* The same at z = 1/(1 + d) for a discount rate d > 0 (finite): 1 - z is
 * taken from d, so any d keeps its digits (z itself rounds to 1 below
 * d = 1e-16). +inf where F passes DBL_MAX (alpha <= 1 and d near 0). For
 * b < c, where the connection formula would cancel (b d large) it is
 * csat__beta_disc_log(c - b, b, d). */
double csat__hyp2f1_1bc_disc(double b, double c, double d);
/* log E[(1 + d)/(d + theta)] for theta ~ Beta(p, q) = log 2F1(1, q; p + q;
 * 1/(1 + d)), any finite p, q, d > 0 (NaN otherwise), taking p and q
 * themselves (p + q may round p away or overflow): the sBG DEL and DERL
 * (beta_disc.c). The value lies in [0, log((1 + d)/d)]. Relative accuracy
 * of the value 2e-14, or 2.5e-16 times |log d| or the log where larger; at
 * most 4,000 series terms or ~1,500 quadrature nodes (~0.3 ms). */
double csat__beta_disc_log(double p, double q, double d);

/* ---- quadrature ------------------------------------------------------------ */

/* The Euler-Maclaurin end correction at one end of a sum of F over whole
 * steps, from F at x-3..x+3 (q[0..6]): F/2 - F'/12 + F'''/720 - F^(5)/30240,
 * the derivatives by 7-point differences (errors ~ F^(7), below 1e-17 F
 * where |F'/F| <= 1e-2). sum_{i=K}^{M-1} F(i) = int_K^M F + end(K) - end(M). */
double csat__em_end(const double *q);

/* A log-integrand: log f(x), -inf where f(x) = 0. */
typedef double (*csat__log_fn)(double x, void *ctx);
/* log int_a^b f(x) dx for f >= 0 given in log space (so f may span any
 * range of magnitudes), a < b, either or both infinite. c in (a, b) is
 * where the bulk of the integral lies and s > 0 its scale: about the
 * half-width of a peak; for light (Gaussian or exponential) tails a few
 * times that is as good (the log-concave front end below passes 6 sigma),
 * for algebraic ones it costs more nodes. Double-exponential quadrature:
 * x = c + s sinh(t) on the line (suits tails decaying at least
 * exponentially; split an algebraic one at c), exp-sinh from the finite
 * end of a half-line, tanh-sinh on [a, b], each centred on c with the
 * scale s (capped where it would stop being double-exponential), and the
 * trapezoid rule in t with the step halved from 1 to at most 1/1024 until
 * the estimated relative error is below tol (1e-14 takes ~50-300
 * evaluations of f for smooth integrands). Nodes cluster double-
 * exponentially at finite ends, so integrable end singularities cost
 * little; x near c or an end is that point plus an accurate offset, so put
 * a sharp feature or a singular end at 0 for full accuracy. f should have
 * one bulk: a sweep outwards ends where the terms fall e^-50 below the
 * largest. Returns the log of the integral (-inf if f is 0 at every node)
 * and stores the estimated relative error in *err (may be NULL); NaN for
 * NaN from f or bad arguments. */
double csat__log_quad(csat__log_fn f, void *ctx, double a, double b, double c, double s, double tol,
                      double *err);

/* A concave log-integrand f: returns f(w) - f(wref) (computed so that it
 * stays accurate for w near wref) and stores f'(w) in *df. */
typedef double (*csat__logconcave_fn)(double w, double wref, void *ctx, double *df);
/* log int_a^b exp(f(w) - f(wm)) dw for concave f, a < b, a may be -inf
 * (then f' must turn positive somewhere left of b), b finite; wm, the
 * mode of f on [a, b], is stored in *wmode (may be NULL). The mode by the
 * Illinois method on f', its width from f'' (or from f' at an end), then
 * csat__log_quad; relative accuracy ~1e-14 plus the rounding error of f
 * itself. */
double csat__log_int_logconcave(csat__logconcave_fn f, void *ctx, double a, double b, double *wmode);

/* Prediction intervals (interval_util.c). csat__interval_bounds: the delta
 * method's interval from an estimate and its standard error, on the logit
 * scale for a probability (prob != 0; 0 or 1 exactly: zero width), on the
 * log scale for a positive quantity ([est e^(-z se/est), est e^(z se/est)];
 * est <= 0: zero width); 0 if a bound is not a double (an upper bound past
 * DBL_MAX: a standard error hundreds of times the estimate), else 1.
 * csat__percentile_interval: R's type-7 quantiles at
 * (1 -+ level)/2 of v[0..k), k >= 1 (v is sorted in place). */
int csat__interval_bounds(double est, double se, double z, int prob, double *lo, double *hi);
void csat__percentile_interval(double *v, size_t k, double level, double *lo, double *hi);

#endif /* CSAT_NUMERICS_H */
