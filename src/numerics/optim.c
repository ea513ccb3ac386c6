#include "numerics/optim.h"

#include <math.h>
#include <string.h>

static double inf_norm(const double *g, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        if (fabs(g[i]) > m)
            m = fabs(g[i]);
    return m;
}

static void project(double *x, size_t n, const csat__optim_options *o)
{
    for (size_t i = 0; i < n; i++) {
        if (o->lower && x[i] < o->lower[i])
            x[i] = o->lower[i];
        if (o->upper && x[i] > o->upper[i])
            x[i] = o->upper[i];
    }
}

static int is_active(const double *x, const double *g, size_t i, const csat__optim_options *o)
{
    return (o->lower && x[i] <= o->lower[i] && g[i] > 0.0) ||
           (o->upper && x[i] >= o->upper[i] && g[i] < 0.0);
}

/* The component of the gradient that can still decrease f inside the box. */
static double proj_grad_norm(const double *x, const double *g, size_t n, const csat__optim_options *o)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++) {
        double gi = is_active(x, g, i, o) ? 0.0 : fabs(g[i]);
        if (gi > m)
            m = gi;
    }
    return m;
}

csat_status csat__minimize(csat__objective fn, void *ctx, double *x0, size_t n,
                           const csat__optim_options *opt, csat__optim_report *rep,
                           const csat_allocator *a)
{
    csat__optim_options o = CSAT__OPTIM_OPTIONS_INIT;
    csat__optim_report r = {0, 0, 0.0, 0.0, 0};
    double *w, *H, *x, *g, *xn, *gn, *d, *s, *y, *act;
    double f;
    size_t nn;
    csat_status st = CSAT_ENOCONV;

    if (opt)
        o = *opt;
    if (rep) /* every return leaves a report (the callers copy it into theirs) */
        *rep = r;
    if (csat__mul_overflow(n, n + 8, &nn))
        return CSAT_ENOMEM;
    w = csat__malloc_array(a, nn, sizeof *w);
    if (!w)
        return CSAT_ENOMEM;
    H = w;
    x = H + n * n;
    g = x + n;
    xn = g + n;
    gn = xn + n;
    d = gn + n;
    s = d + n;
    y = s + n;
    act = y + n;

    memcpy(x, x0, n * sizeof *x);
    project(x, n, &o);
    f = fn(x, g, ctx);
    r.evaluations = 1;
    r.f = f;
    r.grad_norm = NAN;
    if (!isfinite(f) || csat__first_nonfinite(g, n) != n) {
        csat__free(a, w);
        if (rep)
            *rep = r;
        return CSAT_EDOM;
    }
    for (size_t i = 0; i < n * n; i++)
        H[i] = 0.0;
    for (size_t i = 0; i < n; i++)
        H[i * n + i] = 1.0;

    for (r.iterations = 0; r.iterations < o.max_iter; r.iterations++) {
        double gd = 0.0, t = 1.0, dmax, fnew = INFINITY, ys, yy;
        int accepted = 0;

        r.grad_norm = proj_grad_norm(x, g, n, &o);
        if (r.grad_norm <= o.gtol * fmax(1.0, fabs(f))) {
            st = CSAT_OK;
            break;
        }
        /* Variables held at a bound (gradient pushing outwards) are frozen;
         * the direction uses the free block of H, which stays positive
         * definite. */
        for (size_t i = 0; i < n; i++) {
            act[i] = is_active(x, g, i, &o);
            if (act[i]) /* decouple it, so H's free block models the reduced problem */
                for (size_t j = 0; j < n; j++)
                    H[i * n + j] = H[j * n + i] = i == j;
        }
        for (size_t i = 0; i < n; i++) {
            double v = 0.0;
            if (!act[i])
                for (size_t j = 0; j < n; j++)
                    if (!act[j])
                        v -= H[i * n + j] * g[j];
            d[i] = v;
            gd += v * g[i];
        }
        if (!(gd < 0.0)) { /* not a descent direction: restart from steepest descent */
            for (size_t i = 0; i < n; i++) {
                for (size_t j = 0; j < n; j++)
                    H[i * n + j] = i == j;
                d[i] = is_active(x, g, i, &o) ? 0.0 : -g[i];
            }
            gd = 0.0;
            for (size_t i = 0; i < n; i++)
                gd += d[i] * g[i];
        }
        dmax = inf_norm(d, n);
        if (dmax > o.max_step)
            t = o.max_step / dmax;

        for (int k = 0; k < 80; k++) {
            double slope = 0.0;
            for (size_t i = 0; i < n; i++)
                xn[i] = x[i] + t * d[i];
            project(xn, n, &o);
            for (size_t i = 0; i < n; i++)
                slope += g[i] * (xn[i] - x[i]);
            fnew = fn(xn, gn, ctx);
            r.evaluations++;
            if (isfinite(fnew) && csat__first_nonfinite(gn, n) == n &&
                fnew <= f + 1e-4 * slope) {
                accepted = 1;
                break;
            }
            t *= isfinite(fnew) ? 0.5 : 0.1;
        }
        if (!accepted) {
            /* No decrease possible at double precision: converged if the
             * gradient is already small, otherwise report failure. */
            if (r.grad_norm <= 1e-6 * fmax(1.0, fabs(f)))
                st = CSAT_OK;
            break;
        }
        ys = yy = 0.0;
        for (size_t i = 0; i < n; i++) {
            s[i] = xn[i] - x[i];
            y[i] = act[i] ? 0.0 : gn[i] - g[i]; /* BFGS on the free variables */
            ys += y[i] * s[i];
            yy += y[i] * y[i];
        }
        memcpy(x, xn, n * sizeof *x);
        memcpy(g, gn, n * sizeof *g);
        {
            double fold = f;
            f = fnew;
            if (fabs(fold - f) <= 1e-16 * fmax(1.0, fabs(f)) && inf_norm(s, n) <= 1e-14) {
                r.grad_norm = proj_grad_norm(x, g, n, &o);
                if (r.grad_norm <= 1e-6 * fmax(1.0, fabs(f)))
                    st = CSAT_OK;
                r.iterations++;
                break;
            }
        }
        if (ys > 1e-12 * sqrt(yy) * inf_norm(s, n) && yy > 0.0) {
            /* BFGS inverse update: H <- (I - rho s y') H (I - rho y s') + rho s s' */
            double rho = 1.0 / ys, yHy = 0.0;
            if (r.iterations == 0) { /* Shanno-Phua initial scaling */
                double sc = ys / yy;
                for (size_t i = 0; i < n * n; i++)
                    H[i] *= sc;
            }
            for (size_t i = 0; i < n; i++) { /* d := H y */
                double v = 0.0;
                for (size_t j = 0; j < n; j++)
                    v += H[i * n + j] * y[j];
                d[i] = v;
                yHy += y[i] * v;
            }
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++)
                    H[i * n + j] += rho * ((1.0 + rho * yHy) * s[i] * s[j] - d[i] * s[j] - s[i] * d[j]);
        }
    }
    r.f = f;
    r.grad_norm = proj_grad_norm(x, g, n, &o);
    r.converged = st == CSAT_OK;
    memcpy(x0, x, n * sizeof *x);
    if (rep)
        *rep = r;
    csat__free(a, w);
    return st;
}

csat_status csat__hessian(csat__objective fn, void *ctx, const double *x, size_t n, double *H,
                          const csat_allocator *a)
{
    double *xp = csat__malloc_array(a, 3 * n, sizeof *xp), *gp, *gm;
    if (!xp)
        return CSAT_ENOMEM;
    gp = xp + n;
    gm = gp + n;
    for (size_t j = 0; j < n; j++) {
        double h = 1e-5 * fmax(1.0, fabs(x[j]));
        memcpy(xp, x, n * sizeof *xp);
        xp[j] = x[j] + h;
        h = xp[j] - x[j]; /* the step actually representable */
        if (!isfinite(fn(xp, gp, ctx))) {
            csat__free(a, xp);
            return CSAT_EDOM;
        }
        xp[j] = x[j] - h;
        if (!isfinite(fn(xp, gm, ctx))) {
            csat__free(a, xp);
            return CSAT_EDOM;
        }
        for (size_t i = 0; i < n; i++)
            H[i * n + j] = (gp[i] - gm[i]) / (2.0 * h);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double v = 0.5 * (H[i * n + j] + H[j * n + i]);
            H[i * n + j] = H[j * n + i] = v;
        }
    csat__free(a, xp);
    return CSAT_OK;
}

csat_status csat__hessian_positive(csat__objective fn, void *ctx, const double *p, size_t n, double *H)
{
    double xp[CSAT__NEWTON_MAX_N], gp[CSAT__NEWTON_MAX_N], gm[CSAT__NEWTON_MAX_N];
    if (n > CSAT__NEWTON_MAX_N)
        return CSAT_EINVAL;
    for (size_t j = 0; j < n; j++) {
        double up, down;
        memcpy(xp, p, n * sizeof *xp);
        up = xp[j] = p[j] * exp(1e-5);
        if (!isfinite(fn(xp, gp, ctx)) || csat__first_nonfinite(gp, n) != n)
            return CSAT_EDOM;
        down = xp[j] = p[j] * exp(-1e-5);
        if (!isfinite(fn(xp, gm, ctx)) || csat__first_nonfinite(gm, n) != n)
            return CSAT_EDOM;
        for (size_t i = 0; i < n; i++)
            H[i * n + j] = (gp[i] - gm[i]) / (up - down);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double v = 0.5 * (H[i * n + j] + H[j * n + i]);
            H[i * n + j] = H[j * n + i] = v;
        }
    return csat__first_nonfinite(H, n * n) == n * n ? CSAT_OK : CSAT_EDOM;
}

/* L L' = H + shift I (lower triangle of L, row-major); 0 if not positive definite. */
static int cholesky(const double *H, size_t n, double shift, double *L)
{
    for (size_t j = 0; j < n; j++) {
        double s = H[j * n + j] + shift;
        for (size_t k = 0; k < j; k++)
            s -= L[j * n + k] * L[j * n + k];
        if (!(s > 0.0) || !isfinite(s))
            return 0;
        L[j * n + j] = sqrt(s);
        for (size_t i = j + 1; i < n; i++) {
            double v = H[i * n + j];
            for (size_t k = 0; k < j; k++)
                v -= L[i * n + k] * L[j * n + k];
            L[i * n + j] = v / L[j * n + j];
        }
    }
    return 1;
}

csat_status csat__spd_inverse(double *H, size_t n, const csat_allocator *a)
{
    /* L L' = H, then H^-1 = L^-T L^-1, computed column by column. */
    double *L = csat__calloc_array(a, n * n + n, sizeof *L), *e;
    if (!L)
        return CSAT_ENOMEM;
    e = L + n * n;
    if (!cholesky(H, n, 0.0, L)) {
        csat__free(a, L);
        return CSAT_EDOM;
    }
    for (size_t c = 0; c < n; c++) {
        for (size_t i = 0; i < n; i++) { /* forward: L z = e_c */
            double v = i == c ? 1.0 : 0.0;
            for (size_t k = 0; k < i; k++)
                v -= L[i * n + k] * e[k];
            e[i] = v / L[i * n + i];
        }
        for (size_t i = n; i-- > 0;) { /* backward: L' x = z */
            double v = e[i];
            for (size_t k = i + 1; k < n; k++)
                v -= L[k * n + i] * e[k];
            e[i] = v / L[i * n + i];
        }
        for (size_t i = 0; i < n; i++)
            H[i * n + c] = e[i];
    }
    csat__free(a, L);
    return CSAT_OK;
}

int csat__newton_direction(const double *H, const double *g, size_t n, double shift, double *d)
{
    double L[CSAT__NEWTON_MAX_N * CSAT__NEWTON_MAX_N], y[CSAT__NEWTON_MAX_N];
    if (n > CSAT__NEWTON_MAX_N || !cholesky(H, n, shift, L))
        return 0;
    for (size_t i = 0; i < n; i++) {
        double v = -g[i];
        for (size_t k = 0; k < i; k++)
            v -= L[i * n + k] * y[k];
        y[i] = v / L[i * n + i];
    }
    for (size_t i = n; i-- > 0;) {
        double v = y[i];
        for (size_t k = i + 1; k < n; k++)
            v -= L[k * n + i] * d[k];
        d[i] = v / L[i * n + i];
    }
    return 1;
}

static int outside(const csat__optim_options *o, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((o->lower && x[i] < o->lower[i]) || (o->upper && x[i] > o->upper[i]))
            return 1;
    return 0;
}

csat_status csat__newton_minimize(csat__objective_hess fn, void *ctx, double *x, size_t n,
                                  const csat__optim_options *opt, double *H, csat__optim_report *rep)
{
    enum { N = CSAT__NEWTON_MAX_N };
    csat__optim_options o = opt ? *opt : (csat__optim_options)CSAT__OPTIM_OPTIONS_INIT;
    double g[N], f, lambda = 0.0;
    const size_t max_it = o.max_iter < 60 ? o.max_iter : 60;
    int at_bound = 0;
    if (n == 0 || n > N)
        return CSAT_EINVAL;
    f = fn(x, g, H, ctx);
    rep->iterations = 0;
    rep->evaluations = 1;
    rep->grad_norm = NAN;
    rep->f = f;
    rep->converged = 0;
    if (!isfinite(f))
        return CSAT_EDOM;
    for (size_t it = 0; it < max_it; it++) {
        double d[N], tn[N], gn[N], Hn[N * N], fn_ = INFINITY, gd = 0.0, dmax = 0.0, t = 1.0, gmax = 0.0, hs = 0.0;
        int ok = 0, tries = 0;
        for (size_t i = 0; i < n; i++) {
            gmax = fmax(gmax, fabs(g[i]));
            hs = fmax(hs, fabs(H[i * n + i]));
        }
        rep->grad_norm = gmax;
        rep->f = f;
        if (gmax <= o.gtol * fmax(1.0, fabs(f))) {
            rep->converged = 1;
            return CSAT_OK;
        }
        /* not convex here: shift the spectrum (towards gradient descent) */
        while (!csat__newton_direction(H, g, n, lambda * hs, d)) {
            lambda = lambda == 0.0 ? 1e-8 : lambda * 10.0;
            if (++tries > 30 || !(hs > 0.0))
                return CSAT_ENOCONV;
        }
        for (size_t i = 0; i < n; i++) {
            gd += g[i] * d[i];
            dmax = fmax(dmax, fabs(d[i]));
        }
        if (!(gd < 0.0))
            return CSAT_ENOCONV;
        if (dmax > o.max_step)
            t = o.max_step / dmax;
        for (int k = 0; k < 40; k++, t *= 0.5) {
            for (size_t i = 0; i < n; i++)
                tn[i] = x[i] + t * d[i];
            if (outside(&o, tn, n)) {
                /* heading for the box: leave it to the projected BFGS */
                if (++at_bound > 8)
                    return CSAT_ENOCONV;
                continue;
            }
            fn_ = fn(tn, gn, Hn, ctx);
            rep->evaluations++;
            if (isfinite(fn_) && fn_ <= f + 1e-4 * t * gd) {
                ok = 1;
                break;
            }
        }
        if (!ok) {
            /* no decrease at double precision: converged if the gradient is
             * already small (as csat__minimize decides) */
            if (gmax <= 1e-6 * fmax(1.0, fabs(f))) {
                rep->converged = 1;
                return CSAT_OK;
            }
            return CSAT_ENOCONV;
        }
        lambda = lambda < 1e-7 ? 0.0 : lambda * 0.1;
        memcpy(x, tn, n * sizeof *x);
        memcpy(g, gn, n * sizeof *g);
        memcpy(H, Hn, n * n * sizeof *H);
        f = fn_;
        rep->f = f;
        rep->iterations = it + 1;
    }
    return CSAT_ENOCONV;
}

/* prediction intervals (issue 15): the factor for drawing from N(0, H) */
int csat__cholesky(const double *H, size_t n, double *L)
{
    return cholesky(H, n, 0.0, L);
}
