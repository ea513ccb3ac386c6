/*
 * Allocation-failure sweep: every public function that allocates (through a
 * handle's allocator or an `alloc` argument) is called on small valid data
 * with an allocator that fails its k-th allocation, for k = 0, 1, 2, ...
 * until a call runs with no failure. After each injected failure:
 *   - the status is CSAT_ENOMEM, every output is untouched (it still holds
 *     the sentinel bytes), the handles' observable state is what it was
 *     before the call (a previous fit still readable and equal), no block
 *     leaked (t.live as before the call), and the same call then succeeds
 *     on the same handles with the reference result;
 *   - or CSAT_OK, where the function has a path without that memory (a
 *     sort or a scratch it can do without): then the outputs equal the
 *     reference bit for bit.
 * After the last call everything is freed and t.live must be 0. Each case
 * runs twice: with the allocator's realloc and without one (csat__realloc
 * then copies through malloc and free).
 *
 * The table lists every allocating public function; tests/core/
 * check_alloc_table.py (run by meson test, suite core) fails when a public
 * function whose implementation allocates is missing from it.
 */
#include "csat_test.h"

#include <stdalign.h>

#define N_OF(a) (sizeof(a) / sizeof *(a))
#define OUT_BYTES (64 * 1024)
#define SNAP_BYTES (64 * 1024)
#define SENTINEL 0xA5

/* ---- data (deterministic, built once) ------------------------------------------ */

#define NB 150 /* BTYD customers: >= 128 so BG/NBD predictions take their scratch */
static double bx[NB], btx[NB], bT[NB], bx2[NB], btx2[NB], bT2[NB], bz[NB], bz2[NB], bw[NB];
#define NBB 40 /* BG/BB rows (6 opportunities) */
static double bbx[NBB], bbtx[NBB], bbn[NBB], bbx2[NBB], bbtx2[NBB];

static const double surv_a[] = {1000, 631, 468, 382, 326, 289, 262, 241};
static const double surv_b[] = {1000, 869, 743, 653, 593, 551, 517, 491};
#define ND 51 /* sBG durations */
static double dur[ND], churned[ND];

#define NK 30 /* Kaplan-Meier rows */
static double km_ti[NK], km_tf[NK], km_ev[NK];
static uint64_t km_grp[NK];

#define NL 60 /* logistic rows, 2 columns */
static double lg_X[NL * 2], lg_y[NL], lg_y2[NL];

#define NC 40 /* churn scores */
static double ch_s[NC], ch_y[NC];

#define NT 30 /* raw transactions */
static uint64_t tx_id[NT];
static double tx_t[NT], tx_a[NT];

#define NS 20 /* segmentation columns */
static double sg_r[NS], sg_f[NS], sg_m[NS];

#define NX 60 /* k-means rows, d = 2 */
static double km_X[NX * 2], km_X2[NX * 2];
static int km_lab[NX];

#define NR 20 /* importance: respondents x 3 attributes */
static double ip_perf[NR * 3], ip_overall[NR];

static void make_data(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    {
        /* CDNOW (Fader, Hardie & Lee 2005): rows 1-150 and 151-300 */
        FILE *fp = fopen(CSAT_TEST_DATA_DIR "/cdnow_customers_summary.csv", "r");
        char line[256];
        int i = 0, id;
        assert_non_null(fp);
        assert_non_null(fgets(line, sizeof line, fp));
        while (i < 2 * NB && fgets(line, sizeof line, fp)) {
            double *x = i < NB ? bx : bx2, *tx = i < NB ? btx : btx2, *T = i < NB ? bT : bT2;
            assert_int_equal(sscanf(line, "%d,%lf,%lf,%lf", &id, &x[i % NB], &tx[i % NB], &T[i % NB]), 4);
            i++;
        }
        fclose(fp);
        assert_int_equal(i, 2 * NB);
    }
    for (int i = 0; i < NB; i++) {
        bz[i] = bx[i] > 0 ? 10.0 + (i % 9) * 3.0 : 0.0;
        bz2[i] = bx2[i] > 0 ? 12.0 + (i % 7) * 4.0 : 0.0;
        bw[i] = 1 + i % 3;
    }
    {
        /* two sets of NBB customers drawn as quantiles of the donation data
         * (Fader, Hardie & Shang 2010; tests/data/donations.csv): fits with
         * an interior maximum (the patterns used before drove the estimates
         * to the edge, now CSAT_EDOM) */
        static const double pat[22][3] = {{0, 0, 3464},   {1, 1, 1091}, {1, 2, 277}, {1, 3, 129}, {1, 4, 78},
                                          {1, 5, 119},    {1, 6, 129},  {2, 2, 613}, {2, 3, 255}, {2, 4, 155},
                                          {2, 5, 173},    {2, 6, 234},  {3, 3, 322}, {3, 4, 181}, {3, 5, 225},
                                          {3, 6, 357},    {4, 4, 240},  {4, 5, 284}, {4, 6, 512}, {5, 5, 335},
                                          {5, 6, 728},    {6, 6, 1203}};
        for (int i = 0; i < 2 * NBB; i++) {
            const double u = (i / 2 + (i % 2 ? 0.25 : 0.75)) / NBB * 11104.0;
            double c = 0.0;
            int j = 0;
            while (j < 21 && u >= (c += pat[j][2]))
                j++;
            (i % 2 ? bbx2 : bbx)[i / 2] = pat[j][0];
            (i % 2 ? bbtx2 : bbtx)[i / 2] = pat[j][1];
            bbn[i / 2] = 6;
        }
    }
    {
        /* lifetimes of a cohort like surv_a: L full periods after the first */
        static const int count[10] = {18, 8, 4, 3, 2, 2, 1, 1, 0, 12};
        int k = 0;
        for (int L = 0; L < 10; L++)
            for (int j = 0; j < count[L]; j++, k++) {
                dur[k] = L == 9 ? 9 : L + 1;
                churned[k] = L == 9 ? 0 : 1;
            }
    }
    for (int i = 0; i < NK; i++) {
        km_ti[i] = (i * 7) % 13 + 1;
        km_tf[i] = km_ti[i] + 0.25 * (i % 4);
        km_ev[i] = i % 3 != 0;
        km_grp[i] = (uint64_t)(i % 3);
    }
    for (int i = 0; i < NL; i++) {
        lg_X[2 * i] = (i % 10) / 3.0;
        lg_X[2 * i + 1] = ((i * 7) % 11) / 5.0 - 1.0;
        lg_y[i] = (i * 37 % 100) < 30 + 15 * lg_X[2 * i] + 10 * lg_X[2 * i + 1];
        lg_y2[i] = (i * 53 % 100) < 50 - 10 * lg_X[2 * i];
    }
    for (int i = 0; i < NC; i++) {
        ch_s[i] = ((i * 17) % 23) / 23.0;
        ch_y[i] = (i * 37 % 40) < 12 + 20 * ch_s[i];
    }
    for (int i = 0; i < NT; i++) {
        tx_id[i] = (uint64_t)(100 + (i * 7) % 8);
        tx_t[i] = (i * 3) % 10 + 0.5 * (double)((i * 7) % 8) / 8.0;
        tx_a[i] = 5.0 + (i % 6) * 4.0;
    }
    for (int i = 0; i < NS; i++) {
        sg_r[i] = (i * 7) % 20;
        sg_f[i] = 1 + (i * 3) % 7;
        sg_m[i] = 10 + (i * 11) % 17 * 2.5;
    }
    for (int i = 0; i < NX; i++) {
        int c = i % 3;
        km_X[2 * i] = 5.0 * c + ((i * 7) % 10) / 10.0;
        km_X[2 * i + 1] = -3.0 * c + ((i * 3) % 10) / 10.0;
        km_X2[2 * i] = ((i * 13) % 17) / 3.0;
        km_X2[2 * i + 1] = ((i * 5) % 7) / 2.0;
        km_lab[i] = c;
    }
    for (int j = 0; j < NR; j++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
            ip_perf[j * 3 + k] = 1 + (j * (k + 3) + k) % 7;
            s += (k + 1) * ip_perf[j * 3 + k];
        }
        ip_overall[j] = s / 6 + (j % 3) * 0.3;
    }
}

/* ---- fixture: the handles a case works on --------------------------------------- */

typedef struct fx {
    const csat_allocator *a; /* the failing allocator */
    csat_customers *cs;
    csat_value_model *vm;
    csat_btyd_model *bt;
    csat_spend_model *sp;
    csat_sbg *sbg;
    csat_km *km;
    csat_logistic *lg;
    csat_kmeans *kmn;
    csat_pls *pls; /* PLS path modelling (issue 16) */
    csat_cox *cx; /* Cox regression (issue 15) */
    /* a handle a constructor made (freed by teardown) */
    void *made;
    void (*made_free)(void *);
} fx;

static void teardown(fx *f)
{
    csat_customers_free(f->cs);
    csat_value_model_free(f->vm);
    csat_btyd_free(f->bt);
    csat_spend_free(f->sp);
    csat_sbg_free(f->sbg);
    csat_km_free(f->km);
    csat_logistic_free(f->lg);
    csat_kmeans_free(f->kmn);
    csat_pls_free(f->pls);
    f->pls = NULL;
    csat_cox_free(f->cx);
    f->cx = NULL;
    if (f->made)
        f->made_free(f->made);
    f->cs = NULL, f->vm = NULL, f->bt = NULL, f->sp = NULL, f->sbg = NULL;
    f->km = NULL, f->lg = NULL, f->kmn = NULL, f->made = NULL;
}

/* ---- outputs: slots in one sentinel-filled block ---------------------------------- */

typedef struct out {
    unsigned char *b;
    size_t pos;
} out;

static void *take(out *o, size_t bytes)
{
    void *p;
    o->pos = (o->pos + 15) & ~(size_t)15;
    assert_true(o->pos + bytes <= OUT_BYTES);
    p = o->b + o->pos;
    o->pos += bytes;
    return p;
}

#define TAKE(o, type, n) ((type *)take((o), (n) * sizeof(type)))

static void put(out *o, const void *v, size_t bytes) { memcpy(take(o, bytes), v, bytes); }
#define PUT(o, v) put((o), &(v), sizeof(v))

/* Structs are copied field by field: their padding is not compared. Each
 * local struct starts as sentinel bytes, so an untouched one copies as
 * sentinel bytes. */
static void put_report(out *o, const csat_fit_report *r)
{
    PUT(o, r->iterations);
    PUT(o, r->evaluations);
    PUT(o, r->log_likelihood);
    PUT(o, r->grad_norm);
    PUT(o, r->converged);
}

#define SENT(v) memset(&(v), SENTINEL, sizeof(v))

/* ---- state snapshots (no injected failures while they run) ------------------------ */

static void snap_status(out *s, csat_status st) { PUT(s, st); }

static void snap_btyd(const csat_btyd_model *m, out *s)
{
    double p[CSAT_BTYD_N_PARAMS], se[CSAT_BTYD_N_PARAMS], ll[3];
    csat_fit_report r;
    SENT(p), SENT(se), SENT(ll), SENT(r);
    snap_status(s, csat_btyd_get_params(m, p, CSAT_BTYD_N_PARAMS));
    snap_status(s, csat_btyd_standard_errors(m, se, CSAT_BTYD_N_PARAMS));
    snap_status(s, csat_btyd_log_likelihood(m, &ll[0], &ll[1], &ll[2]));
    snap_status(s, csat_btyd_fit_report(m, &r));
    PUT(s, p);
    PUT(s, se);
    PUT(s, ll);
    put_report(s, &r);
}

static void snap_spend(const csat_spend_model *m, out *s)
{
    double p[3], se[3], ll[3];
    csat_fit_report r;
    SENT(p), SENT(se), SENT(ll), SENT(r);
    snap_status(s, csat_spend_get_params(m, p, 3));
    snap_status(s, csat_spend_standard_errors(m, se, 3));
    snap_status(s, csat_spend_log_likelihood(m, &ll[0], &ll[1], &ll[2]));
    snap_status(s, csat_spend_fit_report(m, &r));
    PUT(s, p);
    PUT(s, se);
    PUT(s, ll);
    put_report(s, &r);
}

static void snap_sbg(const csat_sbg *m, out *s)
{
    csat_sbg_params p;
    double se[2];
    SENT(p), SENT(se);
    snap_status(s, csat_sbg_get_params(m, &p));
    snap_status(s, csat_sbg_std_err(m, &se[0], &se[1]));
    PUT(s, p.alpha);
    PUT(s, p.beta);
    PUT(s, se);
}

static void snap_km(const csat_km *km, out *s)
{
    size_t m = 0;
    csat_km_median med;
    double rm[2];
    csat_status st = csat_km_size(km, &m);
    snap_status(s, st);
    if (st == CSAT_OK) {
        double *c = TAKE(s, double, 8 * m);
        snap_status(s, csat_km_table(km, c, c + m, c + 2 * m, c + 3 * m, c + 4 * m, c + 5 * m,
                                     c + 6 * m, c + 7 * m, m));
    }
    SENT(med), SENT(rm);
    snap_status(s, csat_km_median_survival(km, &med));
    PUT(s, med.median);
    PUT(s, med.lower);
    PUT(s, med.upper);
    PUT(s, med.median_found);
    PUT(s, med.lower_found);
    PUT(s, med.upper_found);
    snap_status(s, csat_km_restricted_mean(km, 10.0, &rm[0], &rm[1]));
    PUT(s, rm);
}

static void snap_logistic(const csat_logistic *m, out *s)
{
    size_t p = 0;
    double c[8], se[8], ll[2];
    SENT(c), SENT(se), SENT(ll);
    snap_status(s, csat_logistic_n_coef(m, &p));
    PUT(s, p);
    snap_status(s, csat_logistic_coef(m, c, se, 8));
    snap_status(s, csat_logistic_log_likelihood(m, &ll[0], &ll[1]));
    PUT(s, c);
    PUT(s, se);
    PUT(s, ll);
}

static void snap_kmeans(const csat_kmeans *km, out *s)
{
    double c[64], in;
    size_t it;
    int conv;
    SENT(c), SENT(in), SENT(it), SENT(conv);
    snap_status(s, csat_kmeans_result(km, c, 64, &in, &it, &conv));
    PUT(s, c);
    PUT(s, in);
    PUT(s, it);
    PUT(s, conv);
}

/* The summary only (reading the rows would sort them, which some calls are
 * meant to do themselves). */
static void snap_summary(const csat_customers *c, out *s)
{
    static const csat_summary_field fields[] = {
        CSAT_SUMMARY_FIRST_TIME, CSAT_SUMMARY_FREQUENCY, CSAT_SUMMARY_RECENCY,
        CSAT_SUMMARY_MONETARY_VALUE, CSAT_SUMMARY_TOTAL_AMOUNT, CSAT_SUMMARY_N_TRANSACTIONS,
        CSAT_SUMMARY_T};
    uint64_t *ids = TAKE(s, uint64_t, 64);
    memset(ids, SENTINEL, 64 * sizeof *ids);
    snap_status(s, csat_customers_summary_ids(c, ids, 64));
    for (size_t f = 0; f < N_OF(fields); f++) {
        double *col = TAKE(s, double, 64);
        memset(col, SENTINEL, 64 * sizeof *col);
        snap_status(s, csat_customers_summary_column(c, fields[f], col, 64));
    }
}

static void snap_store(const csat_customers *c, out *s)
{
    size_t nc = 0, nt = 0;
    uint64_t ids[64];
    SENT(ids);
    snap_status(s, csat_customers_count(c, &nc, &nt));
    PUT(s, nc);
    PUT(s, nt);
    assert_true(nc <= 64);
    snap_status(s, csat_customers_ids(c, ids, 64));
    PUT(s, ids);
    for (size_t i = 0; i < nc; i++) {
        double t[64], am[64];
        size_t m = 0;
        SENT(t), SENT(am);
        snap_status(s, csat_customers_transactions(c, ids[i], t, am, 64, &m));
        PUT(s, m);
        PUT(s, t);
        PUT(s, am);
    }
    snap_summary(c, s);
}

static void snap_value(const csat_value_model *m, out *s)
{
    size_t no = 0, ns = 0;
    double w[8];
    SENT(w);
    snap_status(s, csat_value_model_count(m, &no, &ns));
    PUT(s, no);
    PUT(s, ns);
    snap_status(s, csat_value_model_weights(m, w));
    PUT(s, w);
    for (size_t i = 0; i < no; i++) {
        double v[8];
        int comp;
        const char *name = NULL;
        SENT(v), SENT(comp);
        snap_status(s, csat_value_model_offering(m, i, v, &comp, &name));
        PUT(s, v);
        PUT(s, comp);
        put(s, name, strlen(name) + 1);
    }
    for (size_t i = 0; i < ns; i++) {
        double v[8], size;
        const char *name = NULL;
        SENT(v), SENT(size);
        snap_status(s, csat_value_model_segment(m, i, v, &size, &name));
        PUT(s, v);
        PUT(s, size);
        put(s, name, strlen(name) + 1);
    }
}

/* ---- set-up helpers (run with no injected failure) --------------------------------- */

#define OK(expr) assert_int_equal((expr), CSAT_OK)

static csat_customers *store_of(const csat_allocator *a, size_t n)
{
    csat_customers *c = NULL;
    OK(csat_customers_new(&c, a));
    OK(csat_customers_add(c, tx_id, tx_t, tx_a, n));
    return c;
}

/* A store whose rows are sorted but for a short tail: reading it sorts the
 * tail into a buffer (or, without memory, sorts everything). */
static csat_customers *store_with_tail(const csat_allocator *a)
{
    static const uint64_t ids[24] = {1, 1, 2, 3, 3, 3, 4, 5, 6, 6, 7, 8, 9, 9, 10, 11, 12, 12, 13, 14};
    static const uint64_t tail_ids[2] = {2, 0};
    static const double tail_t[2] = {7.5, 1.0}, tail_a[2] = {3, 4};
    double t[20], am[20];
    csat_customers *c = NULL;
    for (int i = 0; i < 20; i++) {
        t[i] = i * 0.5;
        am[i] = 1 + i;
    }
    OK(csat_customers_new(&c, a));
    OK(csat_customers_add(c, ids, t, am, 20));
    OK(csat_customers_add(c, tail_ids, tail_t, tail_a, 2));
    return c;
}

static void summarize(csat_customers *c, double end, double scale)
{
    csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
    so.observation_end = end;
    so.time_scale = scale;
    OK(csat_customers_summarize(c, &so, NULL, NULL));
}

static csat_btyd_model *btyd_fitted(const csat_allocator *a, csat_btyd_kind kind)
{
    csat_btyd_model *m = NULL;
    OK(csat_btyd_new(&m, a, kind));
    if (kind == CSAT_BTYD_BGBB)
        OK(csat_btyd_fit(m, bbx2, bbtx2, bbn, NULL, NBB, NULL));
    else
        OK(csat_btyd_fit(m, bx2, btx2, bT2, NULL, NB, NULL));
    return m;
}

static double vals(int i, int j) { return 10.0 + 3.0 * i + (double)((i + j) % 4); }

static csat_value_model *value_model(const csat_allocator *a)
{
    csat_value_model *m = NULL;
    OK(csat_value_model_new(&m, a));
    for (int i = 0; i < 4; i++) {
        double v[8], w[8];
        char name[8] = "off0";
        for (int j = 0; j < 8; j++) {
            v[j] = vals(i, j);
            w[j] = 0.5 + 0.1 * ((i + j) % 5);
        }
        name[3] = (char)('0' + i);
        OK(csat_value_model_add_offering(m, name, v, i == 3, NULL));
        name[0] = 's';
        OK(csat_value_model_add_segment(m, name, w, 10.0 + i, NULL));
    }
    return m;
}

/* ---- the cases ---------------------------------------------------------------------- */

/* constructors: the handle goes to f->made */
#define CTOR(NAME, TYPE, NEW, FREE)                                                            \
    static void free_##NAME(void *h) { FREE((TYPE *)h); }                                       \
    static csat_status call_##NAME(fx *f, out *o)                                               \
    {                                                                                           \
        TYPE *h, *const sent = (TYPE *)(uintptr_t)0xA5A5A5A5u;                                  \
        csat_status st;                                                                         \
        h = sent;                                                                               \
        st = NEW;                                                                               \
        if (st != CSAT_OK) {                                                                    \
            if (h != sent)                                                                      \
                put(o, "changed", 8); /* the out-parameter was written */                      \
            return st;                                                                          \
        }                                                                                       \
        f->made = h;                                                                            \
        f->made_free = free_##NAME;                                                             \
        put(o, "made", 5);                                                                      \
        return st;                                                                              \
    }

CTOR(customers_new, csat_customers, csat_customers_new(&h, f->a), csat_customers_free)
CTOR(value_model_new, csat_value_model, csat_value_model_new(&h, f->a), csat_value_model_free)
CTOR(btyd_new, csat_btyd_model, csat_btyd_new(&h, f->a, CSAT_BTYD_PARETO_NBD), csat_btyd_free)
CTOR(spend_new, csat_spend_model, csat_spend_new(&h, f->a), csat_spend_free)
CTOR(sbg_new, csat_sbg, csat_sbg_new(&h, f->a), csat_sbg_free)
CTOR(km_new, csat_km, csat_km_new(&h, f->a), csat_km_free)
CTOR(logistic_new, csat_logistic, csat_logistic_new(&h, f->a), csat_logistic_free)
CTOR(kmeans_new, csat_kmeans, csat_kmeans_new(&h, f->a), csat_kmeans_free)
CTOR(cox_new, csat_cox, csat_cox_new(&h, f->a), csat_cox_free)

/* customers */

static void setup_add(fx *f)
{
    f->cs = store_of(f->a, 4); /* capacity 4: the next add grows the rows */
    summarize(f->cs, 20, 1);   /* a summary the failed add must keep */
}
static csat_status call_add(fx *f, out *o)
{
    (void)o;
    return csat_customers_add(f->cs, tx_id + 4, tx_t + 4, tx_a + 4, 3);
}
static void state_store(fx *f, out *s) { snap_store(f->cs, s); }

static void setup_tail(fx *f) { f->cs = store_with_tail(f->a); }
static csat_status call_count(fx *f, out *o)
{
    size_t *n = TAKE(o, size_t, 2);
    return csat_customers_count(f->cs, &n[0], &n[1]);
}
static csat_status call_ids(fx *f, out *o)
{
    return csat_customers_ids(f->cs, TAKE(o, uint64_t, 16), 16);
}
static csat_status call_transactions(fx *f, out *o)
{
    double *t = TAKE(o, double, 8), *am = TAKE(o, double, 8);
    return csat_customers_transactions(f->cs, 2, t, am, 8, TAKE(o, size_t, 1));
}

static void setup_summarized(fx *f)
{
    f->cs = store_of(f->a, NT);
    summarize(f->cs, 20, 1);
}
static csat_status call_summarize(fx *f, out *o)
{
    csat_summary_options so = CSAT_SUMMARY_OPTIONS_INIT;
    size_t *n = TAKE(o, size_t, 2);
    so.observation_end = 15;
    so.calibration_end = 10;
    so.time_scale = 7;
    return csat_customers_summarize(f->cs, &so, &n[0], &n[1]);
}
static void state_summary(fx *f, out *s) { snap_summary(f->cs, s); }

/* value model */

static void setup_value(fx *f) { f->vm = value_model(f->a); }
static csat_status call_add_offering(fx *f, out *o)
{
    double v[8] = {20, 1, 1, 1, 5, 1, 1, 1};
    return csat_value_model_add_offering(f->vm, "new", v, 0, TAKE(o, size_t, 1));
}
static csat_status call_add_segment(fx *f, out *o)
{
    double w[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    return csat_value_model_add_segment(f->vm, "new", w, 3.0, TAKE(o, size_t, 1));
}
static csat_status call_evaluate(fx *f, out *o)
{
    double *v = TAKE(o, double, 4 * 5);
    return csat_value_model_evaluate(f->vm, 1, 1.0, v, v + 4, v + 8, v + 12, TAKE(o, size_t, 4),
                                     v + 16, 4);
}
static void state_value(fx *f, out *s) { snap_value(f->vm, s); }

/* survey */

static csat_status call_importance(fx *f, out *o)
{
    return csat_importance_derived(ip_perf, ip_overall, NR, 3, CSAT_IMPORTANCE_REGRESSION,
                                   CSAT_NAN_ERROR, f->a, TAKE(o, double, 3), NULL);
}

/* BTYD */

static void setup_bgnbd(fx *f) { f->bt = btyd_fitted(f->a, CSAT_BTYD_BGNBD); }
static void setup_pnbd(fx *f) { f->bt = btyd_fitted(f->a, CSAT_BTYD_PARETO_NBD); }
static void setup_mbgnbd(fx *f) { f->bt = btyd_fitted(f->a, CSAT_BTYD_MBGNBD); }
static void setup_bgbb(fx *f) { f->bt = btyd_fitted(f->a, CSAT_BTYD_BGBB); }
static csat_status call_btyd_fit(fx *f, out *o)
{
    (void)o;
    return csat_btyd_fit(f->bt, bx, btx, bT, bw, NB, NULL);
}
static csat_status call_btyd_fit_bgbb(fx *f, out *o)
{
    (void)o;
    return csat_btyd_fit(f->bt, bbx, bbtx, bbn, NULL, NBB, NULL);
}
static void state_btyd(fx *f, out *s) { snap_btyd(f->bt, s); }

/* issue 15: BTYD with covariates (z1: 2 columns, z2: 1, neither constant nor collinear) */
static double cov_z1[2 * NB], cov_z2[NB];
static void cov_data(void)
{
    for (int i = 0; i < NB; i++) {
        cov_z1[2 * i] = (double)(i % 5) - 2.0;
        cov_z1[2 * i + 1] = (double)(i % 3);
        cov_z2[i] = (double)(i % 7) / 7.0;
    }
}
static csat_status call_btyd_fit_covariates(fx *f, out *o)
{
    (void)o;
    cov_data();
    return csat_btyd_fit_covariates(f->bt, bx, btx, bT, NB, cov_z1, 2, cov_z2, 1, NULL, NULL);
}
static csat_status call_btyd_set_covariate_params(fx *f, out *o)
{
    static const double g[3] = {0.1, -0.2, 0.3};
    (void)o;
    return csat_btyd_set_covariate_params(f->bt, g, 2, 1);
}
static void state_btyd_cov(fx *f, out *s)
{
    double g[3], se[3];
    size_t d[3];
    SENT(g), SENT(se), SENT(d);
    snap_btyd(f->bt, s);
    snap_status(s, csat_btyd_covariate_dims(f->bt, &d[0], &d[1], &d[2]));
    snap_status(s, csat_btyd_covariate_params(f->bt, g, NULL, 3));
    snap_status(s, csat_btyd_covariate_params(f->bt, NULL, se, 3));
    PUT(s, g);
    PUT(s, se);
    PUT(s, d);
}

static void setup_fit_customers(fx *f)
{
    /* the transactions of the first 150 CDNOW customers, in days: the first
     * purchase T weeks before the end (week 39), the repeats spread evenly
     * up to recency */
    size_t n = 0, cap = 0;
    uint64_t *ids;
    double *t;
    for (int i = 0; i < NB; i++)
        cap += 1 + (size_t)bx[i];
    ids = malloc(cap * sizeof *ids);
    t = malloc(cap * sizeof *t);
    assert_true(ids && t);
    for (int i = 0; i < NB; i++) {
        double first = floor((39.0 - bT[i]) * 7.0);
        for (int j = 0; j <= (int)bx[i]; j++) {
            ids[n] = (uint64_t)i + 1;
            t[n++] = first + (j ? floor(btx[i] * 7.0 * j / bx[i]) : 0.0);
        }
    }
    f->bt = btyd_fitted(f->a, CSAT_BTYD_BGNBD);
    OK(csat_customers_new(&f->cs, f->a));
    OK(csat_customers_add(f->cs, ids, t, NULL, n));
    summarize(f->cs, 273, 7);
    free(ids);
    free(t);
}
static csat_status call_fit_customers(fx *f, out *o)
{
    (void)o;
    return csat_btyd_fit_customers(f->bt, f->cs, NULL);
}

static csat_status call_alive_path(fx *f, out *o)
{
    static const double times[4] = {3, 5, 5, 8}, at[6] = {3, 4, 5, 7, 8, 12};
    return csat_btyd_alive_path(f->bt, times, 4, at, 6, TAKE(o, double, 6));
}

static csat_status call_expected(fx *f, out *o)
{
    return csat_btyd_expected_purchases(f->bt, 10.0, bx, btx, bT, NB, TAKE(o, double, NB));
}

static void setup_spend(fx *f)
{
    f->sp = NULL;
    OK(csat_spend_new(&f->sp, f->a));
    OK(csat_spend_fit(f->sp, bx2, bz2, NULL, NB, NULL));
}
static csat_status call_spend_fit(fx *f, out *o)
{
    (void)o;
    return csat_spend_fit(f->sp, bx, bz, bw, NB, NULL);
}
static void state_spend(fx *f, out *s) { snap_spend(f->sp, s); }

static void setup_clv(fx *f)
{
    static const double sp[3] = {6.0, 4.0, 15.0};
    f->bt = btyd_fitted(f->a, CSAT_BTYD_BGNBD);
    OK(csat_spend_new(&f->sp, f->a));
    OK(csat_spend_set_params(f->sp, sp, 3));
}
static csat_status call_clv(fx *f, out *o)
{
    csat_clv_options co = CSAT_CLV_OPTIONS_INIT;
    co.n_steps = 3;
    return csat_clv(f->bt, f->sp, bx, btx, bT, bz, NB, &co, TAKE(o, double, NB), TAKE(o, double, 1));
}
static void state_clv(fx *f, out *s)
{
    snap_btyd(f->bt, s);
    snap_spend(f->sp, s);
}

/* prediction intervals (issue 15): on the rows the fixtures were fitted to */
static void setup_intervals(fx *f)
{
    f->bt = btyd_fitted(f->a, CSAT_BTYD_BGNBD);
    OK(csat_spend_new(&f->sp, f->a));
    OK(csat_spend_fit(f->sp, bx2, bz2, NULL, NB, NULL));
}
static csat_status call_intervals_delta(fx *f, out *o)
{
    return csat_btyd_intervals(f->bt, CSAT_PREDICT_P_ALIVE, 0, bx2, btx2, bT2, NULL, NB, NULL,
                               TAKE(o, double, NB), TAKE(o, double, NB), TAKE(o, double, NB),
                               TAKE(o, double, 3));
}
static csat_status call_intervals_param(fx *f, out *o)
{
    csat_interval_options io = CSAT_INTERVAL_OPTIONS_INIT;
    io.method = CSAT_INTERVAL_PARAMETRIC;
    io.n_draws = 20;
    return csat_btyd_intervals(f->bt, CSAT_PREDICT_EXPECTED_PURCHASES, 10, bx2, btx2, bT2, NULL, NB, &io,
                               TAKE(o, double, NB), TAKE(o, double, NB), TAKE(o, double, NB),
                               TAKE(o, double, 3));
}
static csat_status call_intervals_resample(fx *f, out *o)
{
    csat_interval_options io = CSAT_INTERVAL_OPTIONS_INIT;
    io.method = CSAT_INTERVAL_RESAMPLE;
    io.n_draws = 4;
    return csat_btyd_intervals(f->bt, CSAT_PREDICT_P_ALIVE, 0, bx2, btx2, bT2, NULL, NB, &io,
                               TAKE(o, double, NB), TAKE(o, double, NB), TAKE(o, double, NB),
                               TAKE(o, double, 3));
}
static csat_status call_clv_intervals(fx *f, out *o)
{
    csat_clv_options co = CSAT_CLV_OPTIONS_INIT;
    co.n_steps = 3;
    return csat_clv_intervals(f->bt, f->sp, bx2, btx2, bT2, bz2, NULL, NB, &co, NULL, TAKE(o, double, NB),
                              TAKE(o, double, NB), TAKE(o, double, NB), TAKE(o, double, 3));
}
/* more intervals (issue 15 §4, intervals2) */
static csat_status call_prob_intervals(fx *f, out *o)
{
    return csat_btyd_prob_intervals(f->bt, 10, 1, bx2, btx2, bT2, NULL, NB, NULL, TAKE(o, double, NB),
                                    TAKE(o, double, NB), TAKE(o, double, NB), TAKE(o, double, 3));
}
static csat_status call_spend_intervals(fx *f, out *o)
{
    csat_interval_options io = CSAT_INTERVAL_OPTIONS_INIT;
    io.method = CSAT_INTERVAL_RESAMPLE;
    io.n_draws = 4;
    return csat_spend_intervals(f->sp, bx2, bz2, NULL, NB, &io, TAKE(o, double, NB), TAKE(o, double, NB),
                                TAKE(o, double, NB), TAKE(o, double, 3));
}
static csat_status call_spend_intervals_delta(fx *f, out *o)
{
    return csat_spend_intervals(f->sp, bx2, bz2, NULL, NB, NULL, TAKE(o, double, NB), TAKE(o, double, NB),
                                TAKE(o, double, NB), TAKE(o, double, 3));
}

/* sBG */

static void setup_sbg(fx *f)
{
    OK(csat_sbg_new(&f->sbg, f->a));
    OK(csat_sbg_fit_survivors(f->sbg, surv_b, N_OF(surv_b), NULL));
}
static csat_status call_sbg_survivors(fx *f, out *o)
{
    csat_fit_report r;
    csat_status st;
    SENT(r);
    st = csat_sbg_fit_survivors(f->sbg, surv_a, N_OF(surv_a), &r);
    put_report(o, &r);
    return st;
}
static csat_status call_sbg_durations(fx *f, out *o)
{
    csat_fit_report r;
    csat_status st;
    SENT(r);
    st = csat_sbg_fit_durations(f->sbg, dur, churned, ND, &r);
    put_report(o, &r);
    return st;
}
static csat_status call_sbg_duration_counts(fx *f, out *o)
{
    /* the durations with weights 1, 2, 0.5, ... */
    double w[ND];
    csat_fit_report r;
    csat_status st;
    for (int i = 0; i < ND; i++)
        w[i] = i % 3 == 0 ? 1.0 : i % 3 == 1 ? 2.0 : 0.5;
    SENT(r);
    st = csat_sbg_fit_duration_counts(f->sbg, dur, churned, w, ND, &r);
    put_report(o, &r);
    return st;
}
static void setup_sbg_customers(fx *f)
{
    /* one customer per entry of dur: first purchase at 0.5, last L periods later */
    uint64_t ids[2 * ND + 2];
    double t[2 * ND + 2], am[2 * ND + 2];
    size_t n = 0;
    setup_sbg(f);
    for (int i = 0; i < ND; i++) {
        double L = churned[i] == 1.0 ? dur[i] - 1 : 9;
        ids[n] = (uint64_t)i;
        t[n] = 0.5;
        am[n++] = 1;
        if (L > 0) {
            ids[n] = (uint64_t)i;
            t[n] = 0.5 + L;
            am[n++] = 1;
        }
    }
    ids[n] = 999; /* outside the cohort */
    t[n] = 3.0;
    am[n++] = 1;
    OK(csat_customers_new(&f->cs, f->a));
    OK(csat_customers_add(f->cs, ids, t, am, n));
}
static csat_status call_sbg_customers(fx *f, out *o)
{
    csat_fit_report r;
    csat_status st;
    SENT(r);
    st = csat_sbg_fit_customers(f->sbg, f->cs, 1.0, 0.0, 1.0, 10.0, &r);
    put_report(o, &r);
    return st;
}
static void state_sbg(fx *f, out *s) { snap_sbg(f->sbg, s); }
/* sBG intervals (issue 15 §4, intervals2): the b cohort as grouped rows */
static csat_status call_sbg_intervals(fx *f, out *o, csat_interval_method method)
{
    double d[8], ch[8], c[8], t[3] = {1, 4, 9};
    csat_interval_options io = CSAT_INTERVAL_OPTIONS_INIT;
    for (int k = 1; k < 8; k++)
        d[k - 1] = k, ch[k - 1] = 1, c[k - 1] = surv_b[k - 1] - surv_b[k];
    d[7] = 7, ch[7] = 0, c[7] = surv_b[7];
    io.method = method;
    io.n_draws = 5;
    return csat_sbg_intervals(f->sbg, CSAT_SBG_SURVIVAL, t, 3, 0, d, ch, c, 8, &io, TAKE(o, double, 3),
                              TAKE(o, double, 3), TAKE(o, double, 3));
}
static csat_status call_sbg_intervals_delta(fx *f, out *o) { return call_sbg_intervals(f, o, CSAT_INTERVAL_DELTA); }
static csat_status call_sbg_intervals_resample(fx *f, out *o)
{
    return call_sbg_intervals(f, o, CSAT_INTERVAL_RESAMPLE);
}

/* Kaplan-Meier and log-rank */

static void setup_km(fx *f)
{
    OK(csat_km_new(&f->km, f->a));
    OK(csat_km_fit(f->km, km_tf, km_ev, NULL, NK - 5, NULL));
}
static csat_status call_km_fit_int(fx *f, out *o)
{
    (void)o;
    return csat_km_fit(f->km, km_ti, km_ev, NULL, NK, NULL); /* bucketed */
}
static csat_status call_km_fit_frac(fx *f, out *o)
{
    (void)o;
    return csat_km_fit(f->km, km_tf, km_ev, NULL, NK, NULL); /* sorted */
}
static csat_status call_km_group_int(fx *f, out *o)
{
    (void)o;
    return csat_km_fit_group(f->km, km_ti, km_ev, NULL, km_grp, 1, NK, NULL);
}
static csat_status call_km_group_frac(fx *f, out *o)
{
    (void)o;
    return csat_km_fit_group(f->km, km_tf, km_ev, NULL, km_grp, 2, NK, NULL);
}
static csat_status call_km_median(fx *f, out *o)
{
    csat_km_median med;
    csat_status st;
    SENT(med);
    st = csat_km_median_survival(f->km, &med);
    PUT(o, med.median);
    PUT(o, med.lower);
    PUT(o, med.upper);
    PUT(o, med.median_found);
    PUT(o, med.lower_found);
    PUT(o, med.upper_found);
    return st;
}
static void state_km(fx *f, out *s) { snap_km(f->km, s); }

static csat_status call_logrank(fx *f, out *o)
{
    double *v = TAKE(o, double, 9);
    return csat_km_logrank(km_tf, km_ev, km_grp, NK, 3, v, v + 3, v + 6, v + 7, v + 8, f->a, NULL);
}

/* logistic */

static void setup_logistic(fx *f)
{
    OK(csat_logistic_new(&f->lg, f->a));
    OK(csat_logistic_fit(f->lg, lg_X, NL, 2, lg_y2, NULL, NULL));
}
static csat_status call_logistic_fit(fx *f, out *o)
{
    csat_fit_report r;
    csat_status st;
    SENT(r);
    st = csat_logistic_fit(f->lg, lg_X, NL, 2, lg_y, NULL, &r);
    put_report(o, &r);
    return st;
}
static void state_logistic(fx *f, out *s) { snap_logistic(f->lg, s); }
static csat_status call_logistic_set_coef(fx *f, out *o)
{
    static const double c[3] = {0.5, -1, 2}, se[3] = {0.1, 0.2, 0.3}, ll = -40;
    (void)o;
    return csat_logistic_set_coef(f->lg, c, se, 3, 2, &ll);
}
static csat_status call_logistic_chunk(fx *f, out *o)
{
    static const double b[3] = {0.1, -0.2, 0.3};
    double *v = TAKE(o, double, 13);
    return csat_logistic_chunk_score(lg_X, NL, 2, lg_y, 1, b, 3, v, v + 1, v + 4, f->a, NULL);
}

/* Cox regression (issue 15): the logistic rows as (entry, stop] data in two
 * strata, clustered by threes */
static double cx_t0[NL], cx_t[NL];
static uint64_t cx_st[NL], cx_cl[NL];
static void cox_columns(void)
{
    for (int i = 0; i < NL; i++) {
        cx_t0[i] = (i % 4) * 0.5;
        cx_t[i] = cx_t0[i] + 1 + (i * 7) % 13;
        cx_st[i] = (uint64_t)(i % 2);
        cx_cl[i] = (uint64_t)(i / 3);
    }
}
static void setup_cox(fx *f)
{
    cox_columns();
    OK(csat_cox_new(&f->cx, f->a));
    OK(csat_cox_fit(f->cx, lg_X, NL, 2, NULL, cx_t, lg_y2, NULL, NULL, NULL, NULL, NULL));
}
static csat_status call_cox_fit(fx *f, out *o)
{
    csat_fit_report r;
    csat_status st;
    SENT(r);
    st = csat_cox_fit(f->cx, lg_X, NL, 2, cx_t0, cx_t, lg_y, cx_st, cx_t, cx_cl, NULL, &r);
    put_report(o, &r);
    return st;
}
static void state_cox(fx *f, out *s)
{
    size_t p = 0;
    double c[6];
    csat_cox_stats st;
    SENT(c), SENT(st);
    snap_status(s, csat_cox_n_coef(f->cx, &p));
    PUT(s, p);
    snap_status(s, csat_cox_coef(f->cx, c, c + 2, c + 4, 2));
    snap_status(s, csat_cox_stats_get(f->cx, &st));
    PUT(s, c);
    PUT(s, st);
}

static csat_status call_cox_set_fit(fx *f, out *o)
{
    static const double c[2] = {0.5, -1}, se[2] = {0.1, 0.2};
    csat_cox_stats st;
    (void)o;
    memset(&st, 0, sizeof st);
    return csat_cox_set_fit(f->cx, c, se, se, 2, &st);
}

/* churn evaluation */

static csat_status call_auc(fx *f, out *o)
{
    return csat_churn_auc(ch_s, ch_y, NC, TAKE(o, double, 1), f->a, NULL);
}
static csat_status call_lift(fx *f, out *o)
{
    double *v = TAKE(o, double, 6 * 4);
    return csat_churn_lift(ch_s, ch_y, NC, 4, v, v + 4, v + 8, v + 12, v + 16, v + 20, f->a, NULL);
}
static csat_status call_campaign(fx *f, out *o)
{
    const csat_campaign cp = {100.0, 2.0, 10.0, 0.3, 5.0};
    return csat_churn_campaign_profit(ch_s, ch_y, NC, &cp, 5, TAKE(o, double, 5), TAKE(o, size_t, 1),
                                      f->a, NULL);
}

/* cohorts and KPIs */

static csat_status cohort_outputs(out *o, double **v, size_t **np)
{
    *v = TAKE(o, double, 2 * 10 + 4 * 10 * 5);
    *np = TAKE(o, size_t, 1);
    return CSAT_OK;
}
static csat_status call_cohort(fx *f, out *o)
{
    double *v;
    size_t *np;
    cohort_outputs(o, &v, &np);
    return csat_cohort_table(tx_id, tx_t, tx_a, NT, NULL, 10, 5, v, v + 10, v + 20, v + 70, v + 120,
                             v + 170, np, f->a, NULL);
}
static void setup_store(fx *f) { f->cs = store_of(f->a, NT); }
static csat_status call_cohort_customers(fx *f, out *o)
{
    double *v;
    size_t *np;
    cohort_outputs(o, &v, &np);
    return csat_cohort_table_customers(f->cs, NULL, 10, 5, v, v + 10, v + 20, v + 70, v + 120,
                                       v + 170, np, f->a);
}
static void put_kpi(out *o, const csat_kpi_report *r)
{
    PUT(o, r->start_customers);
    PUT(o, r->end_customers);
    PUT(o, r->new_customers);
    PUT(o, r->retained);
    PUT(o, r->lost);
    PUT(o, r->buyers);
    PUT(o, r->revenue);
    PUT(o, r->retention_rate);
    PUT(o, r->churn_rate);
    PUT(o, r->new_customer_rate);
    PUT(o, r->upgraded);
    PUT(o, r->upgrade_rate);
    PUT(o, r->average_profitability);
}
static const double kpi_bounds[2] = {10.0, 30.0};
static csat_status call_kpi(fx *f, out *o)
{
    csat_kpi_report r;
    csat_status st;
    SENT(r);
    st = csat_kpi_between(tx_id, tx_t, tx_a, NT, 5.0, 9.0, 3.0, kpi_bounds, 2, TAKE(o, double, 3), &r,
                          f->a, NULL);
    put_kpi(o, &r);
    return st;
}
static csat_status call_kpi_customers(fx *f, out *o)
{
    csat_kpi_report r;
    csat_status st;
    SENT(r);
    st = csat_kpi_between_customers(f->cs, 5.0, 9.0, 3.0, kpi_bounds, 2, TAKE(o, double, 3), &r, f->a);
    put_kpi(o, &r);
    return st;
}

/* segmentation */

static csat_status call_rfm(fx *f, out *o)
{
    int *v = TAKE(o, int, 5 * NS);
    return csat_rfm_scores(sg_r, sg_f, sg_m, NS, NULL, f->a, v, v + NS, v + 2 * NS, v + 3 * NS,
                           v + 4 * NS, TAKE(o, double, 12), NULL);
}
static csat_status call_tiers(fx *f, out *o)
{
    return csat_value_tiers(sg_f, sg_m, NS, NULL, f->a, TAKE(o, int, NS), TAKE(o, double, 2),
                            TAKE(o, size_t, 4), NULL);
}
static csat_status call_pyramid(fx *f, out *o)
{
    return csat_pyramid(sg_m, NS, NULL, f->a, TAKE(o, int, NS), TAKE(o, size_t, 4), NULL);
}
static csat_status call_abc(fx *f, out *o)
{
    csat_abc_summary sm;
    csat_status st;
    SENT(sm);
    st = csat_abc(sg_m, NS, NULL, f->a, TAKE(o, int, NS), TAKE(o, double, NS + 1), &sm, NULL);
    PUT(o, sm.n);
    PUT(o, sm.share);
    PUT(o, sm.gini);
    PUT(o, sm.top_share);
    return st;
}
static void setup_lifecycle(fx *f)
{
    /* customer 5 has 9 purchases: more than the first scratch holds */
    uint64_t ids[NT + 9];
    double t[NT + 9], am[NT + 9];
    for (int i = 0; i < NT; i++) {
        ids[i] = tx_id[i];
        t[i] = tx_t[i] * 30;
        am[i] = tx_a[i];
    }
    for (int i = 0; i < 9; i++) {
        ids[NT + i] = 5;
        t[NT + i] = 20.0 * i;
        am[NT + i] = 1;
    }
    OK(csat_customers_new(&f->cs, f->a));
    OK(csat_customers_add(f->cs, ids, t, am, NT + 9));
}
static csat_status call_lifecycle(fx *f, out *o)
{
    return csat_lifecycle_from_store(f->cs, 400.0, NULL, f->a, TAKE(o, uint64_t, 16), TAKE(o, int, 16),
                                     TAKE(o, double, 16), 16, TAKE(o, size_t, 1));
}

/* k-means */

static void setup_kmeans(fx *f)
{
    csat_kmeans_options ko = CSAT_KMEANS_OPTIONS_INIT;
    int lab[NX];
    ko.k = 2;
    OK(csat_kmeans_new(&f->kmn, f->a));
    OK(csat_kmeans_fit(f->kmn, km_X2, NX, 2, &ko, lab));
}
static csat_status kmeans_fit_with(fx *f, out *o, csat_kmeans_algorithm alg)
{
    csat_kmeans_options ko = CSAT_KMEANS_OPTIONS_INIT;
    ko.k = 3;
    ko.n_init = 2;
    ko.algorithm = alg;
    return csat_kmeans_fit(f->kmn, km_X, NX, 2, &ko, TAKE(o, int, NX));
}
static csat_status call_kmeans_lloyd(fx *f, out *o) { return kmeans_fit_with(f, o, CSAT_KMEANS_LLOYD); }
static csat_status call_kmeans_hamerly(fx *f, out *o)
{
    return kmeans_fit_with(f, o, CSAT_KMEANS_HAMERLY);
}
static csat_status call_elbow(fx *f, out *o)
{
    return csat_kmeans_elbow(f->kmn, km_X, NX, 2, NULL, 1, 4, TAKE(o, int, NX), TAKE(o, double, 4));
}
static void state_kmeans(fx *f, out *s) { snap_kmeans(f->kmn, s); }
static csat_status call_kmeans_predict(fx *f, out *o)
{
    return csat_kmeans_predict(f->kmn, km_X, NX, 2, TAKE(o, int, NX));
}
static csat_status call_kmeans_chunk_step(fx *f, out *o)
{
    static const double c[4] = {0, 0, 1, 1};
    double *v = TAKE(o, double, 7);
    return csat_kmeans_chunk_step(km_X, NX, 2, c, 2, v, v + 4, v + 6, TAKE(o, int, NX), f->a, NULL);
}
static csat_status call_kmeans_set_centers(fx *f, out *o)
{
    static const double c[6] = {0, 1, 2, 3, 4, 5}, sc[2] = {0.5, 2};
    (void)o;
    return csat_kmeans_set_centers(f->kmn, c, 3, 2, sc);
}
static csat_status call_silhouette(fx *f, out *o)
{
    return csat_kmeans_silhouette(km_X, NX, 2, km_lab, 3, 0, 1, f->a, TAKE(o, double, 1), NULL);
}

/* PLS path modelling (issue 16): 40 respondents, 4 items in 2 blocks, LV 0 -> LV 1 */

#define NPLS 40
static const size_t pls_lv[4] = {0, 0, 1, 1};
static const unsigned char pls_adj[4] = {0, 1, 0, 0};
static const csat_scale pls_scale = {1.0, 10.0, 0};

static void pls_data(double *X)
{
    for (int r = 0; r < NPLS; r++) {
        double e1 = sin(1.3 * r), e2 = 0.6 * e1 + 0.8 * cos(0.7 * r);
        for (int k = 0; k < 4; k++)
            X[r * 4 + k] = 5.5 + 2 * (k < 2 ? e1 : e2) + 0.7 * sin(1.1 * r * (k + 1) + k);
    }
}
static void snap_pls(const csat_pls *m, out *s)
{
    double v[4 + 4 + 4];
    SENT(v);
    snap_status(s, csat_pls_outer(m, v, NULL, 4));
    snap_status(s, csat_pls_inner(m, v + 4, NULL, NULL, NULL, 2));
    snap_status(s, csat_pls_bootstrap_get(m, CSAT_PLS_EST_PATHS, v + 8, NULL, NULL, 4));
    PUT(s, v);
}
CTOR(pls_new, csat_pls, csat_pls_new(&h, f->a, pls_lv, 4, pls_adj, 2, NULL, NULL), csat_pls_free)
static void setup_pls(fx *f)
{
    double X[NPLS * 4];
    pls_data(X);
    OK(csat_pls_new(&f->pls, f->a, pls_lv, 4, pls_adj, 2, NULL, NULL));
    OK(csat_pls_fit(f->pls, X, NPLS, 4, NULL, NULL));
}
static void setup_pls_boot(fx *f)
{
    setup_pls(f);
    OK(csat_pls_bootstrap(f->pls, 20, 7, 0.9, &pls_scale));
}
static void state_pls(fx *f, out *s) { snap_pls(f->pls, s); }
static csat_status call_pls_fit(fx *f, out *o)
{
    double X[NPLS * 4];
    csat_pls_report r;
    csat_status st;
    pls_data(X);
    X[5] += 1.0;
    SENT(r);
    st = csat_pls_fit(f->pls, X, NPLS, 4, NULL, &r);
    PUT(o, r.n_used), PUT(o, r.n_iter), PUT(o, r.last_change), PUT(o, r.gof);
    return st;
}
static csat_status call_pls_bootstrap(fx *f, out *o)
{
    (void)o;
    return csat_pls_bootstrap(f->pls, 20, 9, 0.95, &pls_scale);
}
static csat_status call_pls_bootstrap_get(fx *f, out *o)
{
    double *v = TAKE(o, double, 3 * 2);
    return csat_pls_bootstrap_get(f->pls, CSAT_PLS_EST_INDEX, v, v + 2, v + 4, 2);
}
static csat_status call_pls_htmt(fx *f, out *o) { return csat_pls_htmt(f->pls, TAKE(o, double, 4), 2); }
static csat_status call_pls_inner(fx *f, out *o)
{
    double *v = TAKE(o, double, 3 * 4 + 2);
    return csat_pls_inner(f->pls, v, v + 4, v + 8, v + 12, 2);
}
static csat_status call_pls_ipma(fx *f, out *o)
{
    double *v = TAKE(o, double, 4);
    return csat_pls_ipma(f->pls, 1, &pls_scale, v, v + 2, 2);
}

/* PLS fit on column-major data (issue 16) */
static csat_status call_pls_fit_columns(fx *f, out *o)
{
    double X[NPLS * 4], C[NPLS * 4];
    csat_pls_report r;
    csat_status st;
    pls_data(X);
    X[5] += 1.0;
    for (int i = 0; i < NPLS; i++)
        for (int k = 0; k < 4; k++)
            C[k * NPLS + i] = X[i * 4 + k];
    SENT(r);
    st = csat_pls_fit_columns(f->pls, C, NPLS, 4, NULL, &r);
    PUT(o, r.n_used), PUT(o, r.n_iter), PUT(o, r.last_change), PUT(o, r.gof);
    return st;
}

/* PLS index two-sample test (issue 16): the model against itself */
static csat_status call_pls_index_compare(fx *f, out *o)
{
    double *v = TAKE(o, double, 10);
    csat_comparison *r = TAKE(o, csat_comparison, 1);
    return csat_pls_index_compare(f->pls, f->pls, 1, &pls_scale, 10, 3, 0.9, v, r, NULL);
}

/* logistic churn with weights (issue 15) */
static const double lg_w[NL] = {1, 2, 0, 1, 3, 1, 1, 2, 0, 1, 1, 2, 0, 1, 3, 1, 1, 2, 0, 1,
                                1, 2, 0, 1, 3, 1, 1, 2, 0, 1, 1, 2, 0, 1, 3, 1, 1, 2, 0, 1,
                                1, 2, 0, 1, 3, 1, 1, 2, 0, 1, 1, 2, 0, 1, 3, 1, 1, 2, 0, 1};
static csat_status call_logistic_fit_weighted(fx *f, out *o)
{
    csat_fit_report r;
    csat_status st;
    SENT(r);
    st = csat_logistic_fit_weighted(f->lg, lg_X, NL, 2, lg_y, lg_w, NULL, &r);
    put_report(o, &r);
    return st;
}
static csat_status call_logistic_chunk_weighted(fx *f, out *o)
{
    static const double b[3] = {0.1, -0.2, 0.3};
    double *v = TAKE(o, double, 13);
    return csat_logistic_chunk_score_weighted(lg_X, NL, 2, lg_y, lg_w, 1, b, 3, v, v + 1, v + 4, f->a,
                                              NULL);
}

/* richer customer records (issue 17) */

static const int32_t det_cat[NT] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4,
                                    6, 2, 6, 4, 3, 3, 8, 3, 2, 7};

/* The rows with their details, the attributes of ids 98..109 and the complaints. */
static void snap_extras(const csat_customers *c, out *s)
{
    uint64_t ids[64], q[12];
    double t[64], am[64], co[64], acq[12], cd[5][16];
    int32_t cat[64], ch[64], g[12], cc[16];
    uint8_t fc[16];
    size_t n = 0;
    unsigned cols = 0;
    SENT(ids), SENT(t), SENT(am), SENT(co), SENT(cat), SENT(ch), SENT(g), SENT(acq);
    SENT(cd), SENT(cc), SENT(fc);
    snap_status(s, csat_customers_rows(c, ids, t, am, co, cat, ch, 64, &n));
    PUT(s, n);
    PUT(s, ids), PUT(s, t), PUT(s, am), PUT(s, co), PUT(s, cat), PUT(s, ch);
    for (int k = 0; k < 12; k++)
        q[k] = (uint64_t)(98 + k);
    snap_status(s, csat_customers_attributes(c, q, 12, g, acq));
    PUT(s, g), PUT(s, acq);
    snap_status(s, csat_customers_complaints(c, (uint64_t *)(void *)cd[0], cd[1], cd[2], cd[3], fc, cc, cd[4],
                                             16, &n));
    PUT(s, n);
    PUT(s, cd), PUT(s, cc), PUT(s, fc);
    snap_status(s, csat_customers_columns(c, &cols));
    PUT(s, cols);
}
static void state_extras(fx *f, out *s)
{
    snap_store(f->cs, s);
    snap_extras(f->cs, s);
}

static void setup_add_details(fx *f)
{
    f->cs = store_of(f->a, 4);
    summarize(f->cs, 20, 1);
}
static csat_status call_add_details(fx *f, out *o)
{
    (void)o;
    return csat_customers_add_details(f->cs, tx_id + 4, tx_t + 4, tx_a + 4, tx_a + 4, det_cat + 4, NULL, 3);
}
/* A store with costs gets channels: a new column next to existing ones. */
static void setup_details(fx *f)
{
    OK(csat_customers_new(&f->cs, f->a));
    OK(csat_customers_add_details(f->cs, tx_id, tx_t, tx_a, tx_a, NULL, NULL, 6));
}
static csat_status call_add_channels(fx *f, out *o)
{
    (void)o;
    return csat_customers_add_details(f->cs, tx_id + 6, tx_t + 6, tx_a + 6, NULL, NULL, det_cat + 6, 20);
}
/* Sorted rows with details but for a short tail. */
static void setup_details_tail(fx *f)
{
    size_t n = 0;
    OK(csat_customers_new(&f->cs, f->a));
    OK(csat_customers_add_details(f->cs, tx_id, tx_t, tx_a, tx_a, det_cat, det_cat, 24));
    OK(csat_customers_count(f->cs, &n, NULL));
    OK(csat_customers_add_details(f->cs, tx_id + 24, tx_t + 24, tx_a + 24, NULL, det_cat + 24, NULL, 3));
}
static csat_status call_transaction_details(fx *f, out *o)
{
    double *co = TAKE(o, double, 8);
    int32_t *cat = TAKE(o, int32_t, 8), *ch = TAKE(o, int32_t, 8);
    return csat_customers_transaction_details(f->cs, 101, co, cat, ch, 8, TAKE(o, size_t, 1));
}
static csat_status call_rows(fx *f, out *o)
{
    return csat_customers_rows(f->cs, TAKE(o, uint64_t, 32), TAKE(o, double, 32), TAKE(o, double, 32),
                               TAKE(o, double, 32), TAKE(o, int32_t, 32), TAKE(o, int32_t, 32), 32,
                               TAKE(o, size_t, 1));
}
/* Attributes and complaints already set, so that calls merge. */
static void setup_extras(fx *f)
{
    static const uint64_t ids[4] = {103, 100, 107, 100};
    static const int32_t g[4] = {1, 2, 3, 4};
    static const double acq[4] = {5, 6, 7, 8}, op[4] = {3, 1, 2, 1}, rs[4] = {4, NAN, 2, 9};
    f->cs = store_of(f->a, NT);
    OK(csat_customers_set_groups(f->cs, ids, g, 4));
    OK(csat_customers_set_acquisition_costs(f->cs, ids + 1, acq, 2));
    OK(csat_customers_add_complaints(f->cs, ids, op, NULL, rs, NULL, g, NULL, 4));
}
static const uint64_t extra_ids[5] = {104, 100, 98, 104, 109};
static const double extra_v[5] = {2, 1, 0.5, 3, 1};
static const int32_t extra_g[5] = {0, 5, 6, 7, 8};
static csat_status call_set_groups(fx *f, out *o)
{
    (void)o;
    return csat_customers_set_groups(f->cs, extra_ids, extra_g, 5);
}
static csat_status call_set_acquisition_costs(fx *f, out *o)
{
    (void)o;
    return csat_customers_set_acquisition_costs(f->cs, extra_ids, extra_v, 5);
}
static csat_status call_add_complaints(fx *f, out *o)
{
    static const uint8_t fc[5] = {1, 0, 0, 1, 0};
    static const double rs[5] = {3, 4, 5, 6, NAN};
    (void)o;
    return csat_customers_add_complaints(f->cs, extra_ids, extra_v, extra_v, rs, fc, extra_g,
                                         extra_v, 5);
}

/* profitability (issue 17) */
static void setup_profit(fx *f)
{
    static const uint64_t aid[3] = {100, 103, 150};
    static const double acq[3] = {5, 2, 9};
    double co[NT];
    for (int i = 0; i < NT; i++)
        co[i] = tx_a[i] * 0.5 + (i % 3 == 0 ? 10 : 0);
    OK(csat_customers_new(&f->cs, f->a));
    OK(csat_customers_add_details(f->cs, tx_id, tx_t, tx_a, co, NULL, NULL, NT));
    OK(csat_customers_set_acquisition_costs(f->cs, aid, acq, 3));
}
static csat_status call_customer_profit(fx *f, out *o)
{
    static const uint64_t aid[3] = {100, 103, 150};
    static const double acq[3] = {5, 2, 9};
    csat_profit_options po = CSAT_PROFIT_OPTIONS_INIT;
    double *v = TAKE(o, double, 5 * 8);
    po.discount = 0.01;
    po.t1 = 2;
    (void)f;
    return csat_customer_profit(tx_id, tx_t, tx_a, tx_a, NT, aid, acq, 3, &po, TAKE(o, uint64_t, 8), v, v + 8,
                                v + 16, v + 24, v + 32, 8, TAKE(o, size_t, 1), f->a, NULL);
}
static csat_status call_customer_profit_customers(fx *f, out *o)
{
    csat_profit_options po = CSAT_PROFIT_OPTIONS_INIT;
    double *v = TAKE(o, double, 5 * 8);
    po.discount = 0.01;
    return csat_customer_profit_customers(f->cs, &po, TAKE(o, uint64_t, 8), v, v + 8, v + 16, v + 24, v + 32, 8,
                                          TAKE(o, size_t, 1), f->a);
}
static csat_status call_profit_tiers_customers(fx *f, out *o)
{
    static const int32_t tiers[8] = {0, 1, 2, 0, 1, 2, 0, -1};
    return csat_profit_tiers_customers(f->cs, NULL, tiers, 8, 3, TAKE(o, csat_tier_profit, 3), f->a);
}
static csat_status call_profit_whale(fx *f, out *o)
{
    static const double p[6] = {3, -1, 4, 1, -5, 9};
    return csat_profit_whale(p, 6, TAKE(o, double, 7), TAKE(o, size_t, 6), TAKE(o, size_t, 1),
                             TAKE(o, double, 1), f->a, NULL);
}
static csat_status call_profit_whale_customers(fx *f, out *o)
{
    return csat_profit_whale_customers(f->cs, NULL, TAKE(o, double, 9), 9, TAKE(o, size_t, 1), TAKE(o, size_t, 1),
                                       TAKE(o, double, 1), f->a);
}
static csat_status call_profit_by_tenure(fx *f, out *o)
{
    double *v = TAKE(o, double, 10 + 4 * 40 + 4);
    return csat_profit_by_tenure(tx_id, tx_t, tx_a, tx_a, NT, NULL, 10, 4, v, v + 10, v + 50, v + 90, v + 130,
                                 TAKE(o, size_t, 1), f->a, NULL);
}
static csat_status call_profit_by_tenure_customers(fx *f, out *o)
{
    double *v = TAKE(o, double, 10 + 4 * 40 + 4);
    return csat_profit_by_tenure_customers(f->cs, NULL, 10, 4, v, v + 10, v + 50, v + 90, v + 130,
                                           TAKE(o, size_t, 1), f->a);
}

/* complaints (issue 17) */
static void setup_complaints(fx *f)
{
    static const uint64_t cid[5] = {100, 100, 101, 102, 150};
    static const double op[5] = {1, 5, 2, 3, 4}, fr[5] = {1.5, 5, 3, NAN, 4.5}, rs[5] = {2, 6, NAN, NAN, 9};
    static const uint8_t fc[5] = {0, 1, 0, 0, 0};
    static const int32_t ca[5] = {1, 1, 0, -1, 2};
    f->cs = store_of(f->a, NT);
    OK(csat_customers_add_complaints(f->cs, cid, op, fr, rs, fc, ca, fr, 5));
}
static csat_status call_complaint_report(fx *f, out *o)
{
    csat_complaint_options co = CSAT_COMPLAINT_OPTIONS_INIT;
    co.retention_window = 3;
    return csat_complaint_report_customers(f->cs, &co, TAKE(o, csat_complaint_report, 1), f->a);
}
static csat_status call_complaint_pareto(fx *f, out *o)
{
    static const int32_t causes[7] = {2, 0, 2, -1, 1, 2, 0};
    return csat_complaint_pareto(causes, 7, 4, NULL, TAKE(o, double, 4), TAKE(o, int, 4), TAKE(o, double, 5),
                                 TAKE(o, csat_abc_summary, 1), f->a, NULL);
}

/* CLV on margin (issue 17) */
static csat_status call_clv_margin(fx *f, out *o)
{
    csat_clv_options co = CSAT_CLV_OPTIONS_INIT;
    co.n_steps = 3;
    return csat_clv_margin(f->bt, f->sp, bx, btx, bT, bz, NB, &co, 0.4, NULL, TAKE(o, double, NB),
                           TAKE(o, double, 1));
}

/* ---- the table ---------------------------------------------------------------------- */

/* ---- KPIs by group, repeat buying (issue 17) ---- */
static int32_t tx_g[NT];
static void fill_tx_groups(void)
{
    for (size_t i = 0; i < NT; i++)
        tx_g[i] = (int32_t)((i * 5) % 3);
}
static csat_status call_kpi_by_group(fx *f, out *o)
{
    csat_kpi_report r[3], all;
    csat_status st;
    fill_tx_groups();
    SENT(r), SENT(all);
    st = csat_kpi_by_group(tx_id, tx_t, tx_a, tx_g, NT, 3, 5.0, 9.0, 3.0, kpi_bounds, 2, r, &all,
                           f->a, NULL);
    for (int g = 0; g < 3; g++)
        put_kpi(o, &r[g]);
    put_kpi(o, &all);
    return st;
}
static csat_status call_repeat_purchase(fx *f, out *o)
{
    csat_repeat_rate all, byg[3], byc[12];
    size_t np;
    csat_status st;
    fill_tx_groups();
    SENT(all), SENT(byg), SENT(byc), SENT(np);
    st = csat_repeat_purchase(tx_id, tx_t, tx_g, NT, 3, 1.0, 3.0, 9.0, 12, &all, byg, byc, &np,
                              f->a, NULL);
    PUT(o, all.eligible), PUT(o, all.repeaters), PUT(o, all.rate), PUT(o, np);
    for (int g = 0; g < 3; g++)
        PUT(o, byg[g].eligible), PUT(o, byg[g].repeaters), PUT(o, byg[g].rate);
    for (int c = 0; c < 12; c++)
        PUT(o, byc[c].eligible), PUT(o, byc[c].repeaters), PUT(o, byc[c].rate);
    return st;
}
static csat_status call_cross_sell(fx *f, out *o)
{
    csat_cross_sell_summary s;
    csat_status st;
    fill_tx_groups(); /* the group codes 0..2 serve as categories */
    SENT(s);
    st = csat_cross_sell(tx_id, tx_t, tx_g, NT, 3, 1.0, &s, TAKE(o, double, 9), TAKE(o, double, 9),
                         f->a, NULL);
    PUT(o, s.customers), PUT(o, s.buyers), PUT(o, s.mean_categories), PUT(o, s.multi_category);
    PUT(o, s.multi_category_share);
    return st;
}
static void setup_crm_store(fx *f)
{
    static const uint64_t owners[3] = {100, 101, 102};
    static const int32_t owner_group[3] = {0, 2, 1};
    fill_tx_groups();
    OK(csat_customers_new(&f->cs, f->a));
    OK(csat_customers_add_details(f->cs, tx_id, tx_t, tx_a, NULL, tx_g, NULL, NT));
    OK(csat_customers_set_groups(f->cs, owners, owner_group, 3));
}
static csat_status call_kpi_by_group_customers(fx *f, out *o)
{
    csat_kpi_report r[3], all;
    csat_status st;
    SENT(r), SENT(all);
    st = csat_kpi_by_group_customers(f->cs, 3, 5.0, 9.0, 3.0, kpi_bounds, 2, r, &all, f->a);
    for (int g = 0; g < 3; g++)
        put_kpi(o, &r[g]);
    put_kpi(o, &all);
    return st;
}
static csat_status call_repeat_purchase_customers(fx *f, out *o)
{
    csat_repeat_rate all, byg[3], byc[12];
    size_t np;
    csat_status st;
    SENT(all), SENT(byg), SENT(byc), SENT(np);
    st = csat_repeat_purchase_customers(f->cs, 3, 1.0, 3.0, 9.0, 12, &all, byg, byc, &np, f->a);
    PUT(o, all.eligible), PUT(o, all.repeaters), PUT(o, all.rate), PUT(o, np);
    for (int g = 0; g < 3; g++)
        PUT(o, byg[g].eligible), PUT(o, byg[g].repeaters), PUT(o, byg[g].rate);
    for (int c = 0; c < 12; c++)
        PUT(o, byc[c].eligible), PUT(o, byc[c].repeaters), PUT(o, byc[c].rate);
    return st;
}
static csat_status call_cross_sell_customers(fx *f, out *o)
{
    csat_cross_sell_summary s;
    csat_status st;
    SENT(s);
    st = csat_cross_sell_customers(f->cs, 3, 1.0, &s, TAKE(o, double, 9), TAKE(o, double, 9), f->a);
    PUT(o, s.customers), PUT(o, s.buyers), PUT(o, s.mean_categories), PUT(o, s.multi_category);
    PUT(o, s.multi_category_share);
    return st;
}
static csat_status call_loyalty_behaviour(fx *f, out *o)
{
    size_t nc;
    csat_status st;
    fill_tx_groups();
    SENT(nc);
    st = csat_loyalty_behaviour(tx_id, tx_t, tx_g, NT, 3, 1.0, 9.0, NT, TAKE(o, uint64_t, NT),
                                TAKE(o, double, NT), TAKE(o, double, NT), TAKE(o, double, NT), &nc,
                                f->a, NULL);
    PUT(o, nc);
    return st;
}
static csat_status call_inter_purchase_times(fx *f, out *o)
{
    csat_ipt_summary s;
    size_t nc, ng;
    csat_status st;
    SENT(s), SENT(nc), SENT(ng);
    st = csat_inter_purchase_times(tx_id, tx_t, NT, 1.0, NT, TAKE(o, uint64_t, NT),
                                   TAKE(o, double, NT), TAKE(o, double, NT), TAKE(o, double, NT),
                                   NT, TAKE(o, double, NT), &s, &nc, &ng, f->a, NULL);
    PUT(o, s.customers), PUT(o, s.repeat_customers), PUT(o, s.gaps), PUT(o, s.mean);
    PUT(o, s.median), PUT(o, s.sd), PUT(o, s.cv), PUT(o, s.mean_customer_cv), PUT(o, nc), PUT(o, ng);
    return st;
}

typedef struct alloc_case {
    const char *fn;      /* the public function (check_alloc_table.py reads the table) */
    const char *variant; /* the path it takes */
    void (*setup)(fx *f);
    csat_status (*call)(fx *f, out *o);
    void (*state)(fx *f, out *s);
    /* 0: a result computed without the memory is the same bit for bit;
     * else the outputs are doubles only and agree to this relative error */
    double rtol;
} alloc_case;

/* Cox proportional-hazards test (issue 15): a fit with strata, weights and
 * (entry, stop] rows */
static void setup_cox_zph(fx *f)
{
    cox_columns();
    OK(csat_cox_new(&f->cx, f->a));
    OK(csat_cox_fit(f->cx, lg_X, NL, 2, cx_t0, cx_t, lg_y, cx_st, cx_t, NULL, NULL, NULL));
}
static csat_status call_cox_zph(fx *f, out *o)
{
    double *v = TAKE(o, double, 6);
    return csat_cox_zph(f->cx, CSAT_COX_ZPH_KM, v, v + 3, 3);
}
static csat_status call_cox_zph_terms(fx *f, out *o)
{
    static const size_t term[2] = {0, 0};
    double *v = TAKE(o, double, 6);
    return csat_cox_zph_terms(f->cx, CSAT_COX_ZPH_IDENTITY, term, 2, v, v + 2, v + 4, 2);
}
static csat_status call_cox_zph_resid(fx *f, out *o)
{
    csat_cox_stats st;
    size_t ne;
    double *v;
    OK(csat_cox_stats_get(f->cx, &st));
    ne = (size_t)st.n_events;
    v = TAKE(o, double, 4 * ne);
    return csat_cox_zph_resid(f->cx, CSAT_COX_ZPH_RANK, v, v + 2 * ne, v + 3 * ne,
                              TAKE(o, size_t, ne), ne);
}

#define ALLOC_CASE(fn, variant, setup, call, state) {#fn, variant, setup, call, state, 0.0}
/* The same with a tolerance for the result without the memory. */
#define ALLOC_CASE_RTOL(fn, variant, setup, call, state, rtol) {#fn, variant, setup, call, state, rtol}

/* Cox prediction (issue 15): on the stratified (entry, stop] fit */
static void setup_cox_pred(fx *f)
{
    cox_columns();
    OK(csat_cox_new(&f->cx, f->a));
    OK(csat_cox_fit(f->cx, lg_X, NL, 2, cx_t0, cx_t, lg_y, cx_st, NULL, NULL, NULL, NULL));
}
static void state_cox_pred(fx *f, out *s)
{
    csat_cox_baseline b;
    double h[2];
    state_cox(f, s);
    memset(&b, 0, sizeof b);
    snap_status(s, csat_cox_baseline_get(f->cx, &b));
    PUT(s, b.n_times);
    h[0] = b.n_times ? b.cumhaz[0] : 0.0;
    h[1] = b.n_times ? b.cumhaz[b.n_times - 1] : 0.0;
    PUT(s, h);
}
static const double cxp_new[4] = {0.5, -1, 1, 2}, cxp_t[3] = {0.5, 3, 9};
static const uint64_t cxp_s[2] = {1, 0};
static csat_status call_cox_predict_survival(fx *f, out *o)
{
    double *v = TAKE(o, double, 24);
    return csat_cox_predict_survival(f->cx, cxp_new, 2, 2, cxp_s, cxp_t, 3, 0.9, CSAT_COX_CONF_LOGLOG,
                                     v, v + 6, v + 12, v + 18);
}
static csat_status call_cox_predict_median(fx *f, out *o)
{
    double *v = TAKE(o, double, 2);
    int *r = TAKE(o, int, 2);
    return csat_cox_predict_median(f->cx, cxp_new, 2, 2, cxp_s, v, r);
}
static csat_status call_cox_predict_rmst(fx *f, out *o)
{
    double *v = TAKE(o, double, 2);
    return csat_cox_predict_rmst(f->cx, cxp_new, 2, 2, cxp_s, 7.5, v);
}
static csat_status call_cox_predict_median_ci(fx *f, out *o)
{
    double *v = TAKE(o, double, 6);
    return csat_cox_predict_median_ci(f->cx, cxp_new, 2, 2, cxp_s, 0.9, CSAT_COX_CONF_LOGLOG, v, v + 2, v + 4);
}
static csat_status call_cox_set_baseline(fx *f, out *o)
{
    csat_cox_baseline b;
    (void)o;
    OK(csat_cox_baseline_get(f->cx, &b));
    return csat_cox_set_baseline(f->cx, &b);
}

/* Cox bootstrap intervals (issue 15 §4, coxboot): both methods, few draws */
static csat_status call_cox_boot_par(fx *f, out *o)
{
    double *v = TAKE(o, double, 12);
    size_t *nf = TAKE(o, size_t, 1);
    return csat_cox_boot_survival(f->cx, cxp_new, 2, 2, cxp_s, cxp_t, 3, 0.9,
                                  CSAT_COX_BOOT_PARAMETRIC, 5, 7, v, v + 6, nf);
}
static csat_status call_cox_boot_res(fx *f, out *o)
{
    double *v = TAKE(o, double, 12);
    size_t *nf = TAKE(o, size_t, 1);
    return csat_cox_boot_survival(f->cx, cxp_new, 2, 2, cxp_s, cxp_t, 3, 0.9,
                                  CSAT_COX_BOOT_RESAMPLE, 5, 7, v, v + 6, nf);
}
static csat_status call_cox_boot_rmst(fx *f, out *o)
{
    double *v = TAKE(o, double, 4);
    size_t *nf = TAKE(o, size_t, 1);
    return csat_cox_boot_rmst(f->cx, cxp_new, 2, 2, cxp_s, 7.5, 0.9, CSAT_COX_BOOT_PARAMETRIC, 5, 7,
                              v, v + 2, nf);
}
/* Cox RMST standard error (issue 15, coxrmst) */
static csat_status call_cox_predict_rmst_se(fx *f, out *o)
{
    double *v = TAKE(o, double, 4);
    return csat_cox_predict_rmst_se(f->cx, cxp_new, 2, 2, cxp_s, 7.5, v, v + 2);
}

/* The data a Cox fit keeps (issue 15, coxdata): the stratified fit's data
 * set again on its own handle (copied before the old copy is freed) */
static void state_cox_data(fx *f, out *s)
{
    csat_cox_data d;
    double v[3] = {0, 0, 0};
    state_cox_pred(f, s);
    memset(&d, 0, sizeof d);
    snap_status(s, csat_cox_data_get(f->cx, &d));
    PUT(s, d.n_rows);
    if (d.n_rows) {
        v[0] = d.X[1];
        v[1] = d.stop[d.n_rows - 1];
        v[2] = (double)d.strata[d.n_rows - 1];
    }
    PUT(s, v);
}
static csat_status call_cox_set_data(fx *f, out *o)
{
    csat_cox_data d;
    (void)o;
    OK(csat_cox_data_get(f->cx, &d));
    return csat_cox_set_data(f->cx, &d);
}

static const alloc_case cases[] = {
    /* customers */
    ALLOC_CASE(csat_customers_new, "", NULL, call_customers_new, NULL),
    ALLOC_CASE(csat_customers_add, "grow a store with a summary", setup_add, call_add, state_store),
    ALLOC_CASE(csat_customers_count, "unsorted tail", setup_tail, call_count, NULL),
    ALLOC_CASE(csat_customers_ids, "unsorted tail", setup_tail, call_ids, NULL),
    ALLOC_CASE(csat_customers_transactions, "unsorted tail", setup_tail, call_transactions, NULL),
    ALLOC_CASE(csat_customers_summarize, "over a summary", setup_summarized, call_summarize,
               state_summary),
    ALLOC_CASE(csat_customers_summarize, "unsorted tail, trim", setup_tail, call_summarize, state_summary),
    /* value */
    ALLOC_CASE(csat_value_model_new, "", NULL, call_value_model_new, NULL),
    ALLOC_CASE(csat_value_model_add_offering, "grow", setup_value, call_add_offering, state_value),
    ALLOC_CASE(csat_value_model_add_segment, "grow", setup_value, call_add_segment, state_value),
    ALLOC_CASE(csat_value_model_evaluate, "with ranks", setup_value, call_evaluate, state_value),
    /* survey */
    ALLOC_CASE(csat_importance_derived, "regression", NULL, call_importance, NULL),
    /* BTYD, Gamma-Gamma, CLV */
    ALLOC_CASE(csat_btyd_new, "", NULL, call_btyd_new, NULL),
    ALLOC_CASE(csat_btyd_fit, "BG/NBD", setup_bgnbd, call_btyd_fit, state_btyd),
    ALLOC_CASE(csat_btyd_fit, "Pareto/NBD", setup_pnbd, call_btyd_fit, state_btyd),
    ALLOC_CASE(csat_btyd_fit, "MBG/NBD", setup_mbgnbd, call_btyd_fit, state_btyd),
    ALLOC_CASE(csat_btyd_fit, "BG/BB", setup_bgbb, call_btyd_fit_bgbb, state_btyd),
    ALLOC_CASE(csat_btyd_fit_customers, "BG/NBD", setup_fit_customers, call_fit_customers, state_btyd),
    /* without scratch, the per-customer series instead of the shared one
     * (btyd_bgnbd_many.c: equal to ~1e-15) */
    ALLOC_CASE_RTOL(csat_btyd_expected_purchases, "BG/NBD, n >= 128", setup_bgnbd, call_expected,
                    state_btyd, 1e-13),
    ALLOC_CASE_RTOL(csat_btyd_expected_purchases, "MBG/NBD, n >= 128", setup_mbgnbd, call_expected,
                    state_btyd, 1e-13),
    ALLOC_CASE(csat_btyd_alive_path, "BG/NBD", setup_bgnbd, call_alive_path, state_btyd),
    ALLOC_CASE(csat_spend_new, "", NULL, call_spend_new, NULL),
    ALLOC_CASE(csat_spend_fit, "", setup_spend, call_spend_fit, state_spend),
    ALLOC_CASE_RTOL(csat_clv, "BG/NBD, n >= 128", setup_clv, call_clv, state_clv, 1e-13),
    /* prediction intervals (issue 15): the predictions without their scratch differ by ~1e-15,
     * the numerical gradients amplify that by 1/h = 1e3 */
    ALLOC_CASE(csat_btyd_intervals, "delta, P(alive)", setup_intervals, call_intervals_delta, state_clv),
    ALLOC_CASE_RTOL(csat_btyd_intervals, "parametric, E[X]", setup_intervals, call_intervals_param,
                    state_clv, 1e-10),
    ALLOC_CASE(csat_btyd_intervals, "resample, P(alive)", setup_intervals, call_intervals_resample,
               state_clv),
    ALLOC_CASE_RTOL(csat_clv_intervals, "delta", setup_intervals, call_clv_intervals, state_clv, 1e-10),
    /* more intervals (issue 15 §4, intervals2) */
    ALLOC_CASE_RTOL(csat_btyd_prob_intervals, "delta", setup_intervals, call_prob_intervals, state_clv, 1e-10),
    ALLOC_CASE(csat_spend_intervals, "resample", setup_intervals, call_spend_intervals, state_clv),
    ALLOC_CASE(csat_spend_intervals, "delta", setup_intervals, call_spend_intervals_delta, state_clv),
    /* retention */
    ALLOC_CASE(csat_sbg_new, "", NULL, call_sbg_new, NULL),
    ALLOC_CASE(csat_sbg_fit_survivors, "", setup_sbg, call_sbg_survivors, state_sbg),
    ALLOC_CASE(csat_sbg_fit_durations, "", setup_sbg, call_sbg_durations, state_sbg),
    ALLOC_CASE(csat_sbg_fit_duration_counts, "", setup_sbg, call_sbg_duration_counts, state_sbg),
    ALLOC_CASE(csat_sbg_fit_customers, "", setup_sbg_customers, call_sbg_customers, state_sbg),
    ALLOC_CASE(csat_sbg_intervals, "delta", setup_sbg, call_sbg_intervals_delta, state_sbg),
    ALLOC_CASE(csat_sbg_intervals, "resample", setup_sbg, call_sbg_intervals_resample, state_sbg),
    ALLOC_CASE(csat_km_new, "", NULL, call_km_new, NULL),
    ALLOC_CASE(csat_km_fit, "whole times (bucketed)", setup_km, call_km_fit_int, state_km),
    ALLOC_CASE(csat_km_fit, "fractional times (sorted)", setup_km, call_km_fit_frac, state_km),
    ALLOC_CASE(csat_km_fit_group, "whole times (bucketed)", setup_km, call_km_group_int, state_km),
    ALLOC_CASE(csat_km_fit_group, "fractional times (sorted)", setup_km, call_km_group_frac, state_km),
    ALLOC_CASE(csat_km_median_survival, "", setup_km, call_km_median, state_km),
    ALLOC_CASE(csat_km_logrank, "3 groups", NULL, call_logrank, NULL),
    ALLOC_CASE(csat_logistic_new, "", NULL, call_logistic_new, NULL),
    ALLOC_CASE(csat_logistic_fit, "", setup_logistic, call_logistic_fit, state_logistic),
    ALLOC_CASE(csat_logistic_set_coef, "over a fit", setup_logistic, call_logistic_set_coef, state_logistic),
    ALLOC_CASE(csat_logistic_chunk_score, "", NULL, call_logistic_chunk, NULL),
    ALLOC_CASE(csat_churn_auc, "", NULL, call_auc, NULL),
    ALLOC_CASE(csat_churn_lift, "", NULL, call_lift, NULL),
    ALLOC_CASE(csat_churn_campaign_profit, "", NULL, call_campaign, NULL),
    ALLOC_CASE(csat_cohort_table, "", NULL, call_cohort, NULL),
    ALLOC_CASE(csat_cohort_table_customers, "", setup_store, call_cohort_customers, NULL),
    ALLOC_CASE(csat_kpi_between, "", NULL, call_kpi, NULL),
    ALLOC_CASE(csat_kpi_between_customers, "", setup_store, call_kpi_customers, NULL),
    /* segments */
    ALLOC_CASE(csat_rfm_scores, "quantiles", NULL, call_rfm, NULL),
    ALLOC_CASE(csat_value_tiers, "median cuts", NULL, call_tiers, NULL),
    ALLOC_CASE(csat_pyramid, "", NULL, call_pyramid, NULL),
    ALLOC_CASE(csat_abc, "", NULL, call_abc, NULL),
    ALLOC_CASE(csat_lifecycle_from_store, "a long history", setup_lifecycle, call_lifecycle, NULL),
    ALLOC_CASE(csat_kmeans_new, "", NULL, call_kmeans_new, NULL),
    ALLOC_CASE(csat_kmeans_fit, "Lloyd", setup_kmeans, call_kmeans_lloyd, state_kmeans),
    ALLOC_CASE(csat_kmeans_fit, "Hamerly", setup_kmeans, call_kmeans_hamerly, state_kmeans),
    ALLOC_CASE(csat_kmeans_silhouette, "", NULL, call_silhouette, NULL),
    ALLOC_CASE(csat_kmeans_elbow, "over a fit", setup_kmeans, call_elbow, state_kmeans),
    ALLOC_CASE(csat_kmeans_predict, "", setup_kmeans, call_kmeans_predict, state_kmeans),
    ALLOC_CASE(csat_kmeans_chunk_step, "", NULL, call_kmeans_chunk_step, NULL),
    ALLOC_CASE(csat_kmeans_set_centers, "over a fit", setup_kmeans, call_kmeans_set_centers, state_kmeans),
    /* PLS path modelling (issue 16) */
    ALLOC_CASE(csat_pls_new, "", NULL, call_pls_new, NULL),
    ALLOC_CASE(csat_pls_fit, "over a fit", setup_pls_boot, call_pls_fit, state_pls),
    ALLOC_CASE(csat_pls_bootstrap, "over one", setup_pls_boot, call_pls_bootstrap, state_pls),
    ALLOC_CASE(csat_pls_bootstrap_get, "", setup_pls_boot, call_pls_bootstrap_get, state_pls),
    ALLOC_CASE(csat_pls_htmt, "", setup_pls, call_pls_htmt, state_pls),
    ALLOC_CASE(csat_pls_inner, "", setup_pls, call_pls_inner, state_pls),
    ALLOC_CASE(csat_pls_ipma, "", setup_pls, call_pls_ipma, state_pls),
    /* logistic churn with weights (issue 15) */
    ALLOC_CASE(csat_logistic_fit_weighted, "", setup_logistic, call_logistic_fit_weighted, state_logistic),
    ALLOC_CASE(csat_logistic_chunk_score_weighted, "", NULL, call_logistic_chunk_weighted, NULL),
    /* Cox regression (issue 15) */
    ALLOC_CASE(csat_cox_new, "", NULL, call_cox_new, NULL),
    ALLOC_CASE(csat_cox_fit, "strata, weights, (entry, stop], clusters", setup_cox, call_cox_fit, state_cox),
    ALLOC_CASE(csat_cox_set_fit, "over a fit", setup_cox, call_cox_set_fit, state_cox),
    /* issue 15: BTYD with covariates */
    ALLOC_CASE(csat_btyd_fit_covariates, "BG/NBD", setup_bgnbd, call_btyd_fit_covariates, state_btyd_cov),
    ALLOC_CASE(csat_btyd_fit_covariates, "Pareto/NBD", setup_pnbd, call_btyd_fit_covariates, state_btyd_cov),
    ALLOC_CASE(csat_btyd_set_covariate_params, "", setup_bgnbd, call_btyd_set_covariate_params, state_btyd_cov),
    /* Cox proportional-hazards test (issue 15) */
    ALLOC_CASE(csat_cox_zph, "km", setup_cox_zph, call_cox_zph, state_cox),
    ALLOC_CASE(csat_cox_zph_resid, "rank", setup_cox_zph, call_cox_zph_resid, state_cox),
    /* Cox prediction (issue 15) */
    ALLOC_CASE(csat_cox_predict_survival, "strata, log-log", setup_cox_pred, call_cox_predict_survival, state_cox_pred),
    ALLOC_CASE(csat_cox_predict_median, "strata", setup_cox_pred, call_cox_predict_median, state_cox_pred),
    ALLOC_CASE(csat_cox_predict_rmst, "strata", setup_cox_pred, call_cox_predict_rmst, state_cox_pred),
    ALLOC_CASE(csat_cox_set_baseline, "over a fit", setup_cox_pred, call_cox_set_baseline, state_cox_pred),
    /* PLS index two-sample test (issue 16) */
    ALLOC_CASE(csat_pls_index_compare, "", setup_pls, call_pls_index_compare, state_pls),
    ALLOC_CASE(csat_pls_fit_columns, "over a fit", setup_pls_boot, call_pls_fit_columns, state_pls),
    /* KPIs by group, repeat buying (issue 17) */
    ALLOC_CASE(csat_kpi_by_group, "", NULL, call_kpi_by_group, NULL),
    ALLOC_CASE(csat_repeat_purchase, "", NULL, call_repeat_purchase, NULL),
    ALLOC_CASE(csat_inter_purchase_times, "", NULL, call_inter_purchase_times, NULL),
    ALLOC_CASE(csat_cross_sell, "", NULL, call_cross_sell, NULL),
    ALLOC_CASE(csat_loyalty_behaviour, "", NULL, call_loyalty_behaviour, NULL),
    ALLOC_CASE(csat_kpi_by_group_customers, "", setup_crm_store, call_kpi_by_group_customers, NULL),
    ALLOC_CASE(csat_repeat_purchase_customers, "", setup_crm_store, call_repeat_purchase_customers,
               NULL),
    ALLOC_CASE(csat_cross_sell_customers, "", setup_crm_store, call_cross_sell_customers, NULL),
    /* richer customer records (issue 17) */
    ALLOC_CASE(csat_customers_add_details, "grow a store with a summary", setup_add_details, call_add_details,
               state_extras),
    ALLOC_CASE(csat_customers_add_details, "a new column", setup_details, call_add_channels, state_extras),
    ALLOC_CASE(csat_customers_transaction_details, "unsorted tail", setup_details_tail,
               call_transaction_details, NULL),
    ALLOC_CASE(csat_customers_rows, "unsorted tail", setup_details_tail, call_rows, NULL),
    ALLOC_CASE(csat_customers_set_groups, "merge", setup_extras, call_set_groups, state_extras),
    ALLOC_CASE(csat_customers_set_acquisition_costs, "merge", setup_extras, call_set_acquisition_costs,
               state_extras),
    ALLOC_CASE(csat_customers_add_complaints, "merge", setup_extras, call_add_complaints, state_extras),
    ALLOC_CASE(csat_customer_profit, "", NULL, call_customer_profit, NULL),
    ALLOC_CASE(csat_customer_profit_customers, "", setup_profit, call_customer_profit_customers, NULL),
    ALLOC_CASE(csat_profit_tiers_customers, "", setup_profit, call_profit_tiers_customers, NULL),
    ALLOC_CASE(csat_profit_whale, "", NULL, call_profit_whale, NULL),
    ALLOC_CASE(csat_profit_whale_customers, "", setup_profit, call_profit_whale_customers, NULL),
    ALLOC_CASE(csat_profit_by_tenure, "", NULL, call_profit_by_tenure, NULL),
    ALLOC_CASE(csat_profit_by_tenure_customers, "", setup_profit, call_profit_by_tenure_customers, NULL),
    ALLOC_CASE(csat_complaint_report_customers, "", setup_complaints, call_complaint_report, NULL),
    ALLOC_CASE(csat_complaint_pareto, "", NULL, call_complaint_pareto, NULL),
    ALLOC_CASE_RTOL(csat_clv_margin, "BG/NBD, n >= 128", setup_clv, call_clv_margin, state_clv, 1e-13),
    /* Cox bootstrap intervals (issue 15 §4, coxboot) */
    ALLOC_CASE(csat_cox_boot_survival, "parametric, strata", setup_cox_pred, call_cox_boot_par, state_cox_pred),
    ALLOC_CASE(csat_cox_boot_survival, "resample, strata", setup_cox_pred, call_cox_boot_res, state_cox_pred),
    ALLOC_CASE(csat_cox_boot_rmst, "parametric, strata", setup_cox_pred, call_cox_boot_rmst, state_cox_pred),
    /* Cox median bounds (issue 15, ggomiv) */
    ALLOC_CASE(csat_cox_predict_median_ci, "strata, log-log", setup_cox_pred, call_cox_predict_median_ci, state_cox_pred),
    /* cox.zph per model term (issue 15, coxzphterms) */
    ALLOC_CASE(csat_cox_zph_terms, "one term of 2 columns", setup_cox_zph, call_cox_zph_terms, state_cox),
    /* the data a Cox fit keeps (issue 15, coxdata) */
    ALLOC_CASE(csat_cox_set_data, "strata, over its own data", setup_cox_pred, call_cox_set_data, state_cox_data),
    /* Cox RMST standard error (issue 15, coxrmst) */
    ALLOC_CASE(csat_cox_predict_rmst_se, "strata", setup_cox_pred, call_cox_predict_rmst_se, state_cox_pred),
};

/* ---- the driver --------------------------------------------------------------------- */

typedef struct bufs {
    unsigned char *ref, *got, *sent, *snap0, *snap1;
} bufs;

/* The fallback's outputs against the reference; returns the largest
 * relative difference seen (0 if bitwise equal), or -1 if out of tolerance. */
static double same_result(const alloc_case *c, const unsigned char *got, const unsigned char *ref)
{
    double worst = 0.0;
    if (memcmp(got, ref, OUT_BYTES) == 0)
        return 0.0;
    if (c->rtol == 0.0)
        return -1.0;
    for (size_t i = 0; i < OUT_BYTES / sizeof(double); i++) {
        double g, r;
        memcpy(&g, got + i * sizeof g, sizeof g);
        memcpy(&r, ref + i * sizeof r, sizeof r);
        if (!csat_test_close(g, r, c->rtol, 0.0))
            return -1.0;
        if (g != r)
            worst = fmax(worst, fabs(g - r) / fabs(r));
    }
    return worst;
}

static size_t run_state(const alloc_case *c, fx *f, unsigned char *snap)
{
    out s = {snap, 0};
    memset(snap, SENTINEL, SNAP_BYTES);
    if (c->state)
        c->state(f, &s);
    return s.pos;
}

static void setup(const alloc_case *c, fx *f, csat_test_alloc *t)
{
    csat_test_alloc_reset(t, -1);
    if (c->setup)
        c->setup(f);
}

/* One case with one allocator; returns the number of allocations the call makes. */
static long sweep_case(const alloc_case *c, int with_realloc, bufs *b)
{
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    fx f;
    long n_alloc, n_enomem = 0, n_fallback = 0;
    double worst = 0.0;
    csat_status st;
    if (!with_realloc)
        a.realloc_fn = NULL;
    memset(&f, 0, sizeof f);
    f.a = &a;

    /* reference: no failure */
    setup(c, &f, &t);
    memset(b->ref, SENTINEL, OUT_BYTES);
    csat_test_alloc_reset(&t, -1);
    {
        out o = {b->ref, 0};
        st = c->call(&f, &o);
    }
    n_alloc = t.n_calls;
    if (st != CSAT_OK || n_alloc == 0) {
        print_error("%s (%s): reference call returned %d (%s) after %ld allocations\n", c->fn,
                    c->variant, (int)st, csat_strerror(st), n_alloc);
        fail();
    }
    teardown(&f);
    assert_int_equal(t.live, 0);

    for (long k = 0;; k++) {
        long live0;
        size_t n0, n1;
        int reached;
        setup(c, &f, &t);
        n0 = run_state(c, &f, b->snap0);
        live0 = t.live;
        memset(b->got, SENTINEL, OUT_BYTES);
        csat_test_alloc_reset(&t, k);
        {
            out o = {b->got, 0};
            st = c->call(&f, &o);
        }
        reached = t.n_calls > k;
        csat_test_alloc_reset(&t, -1);
        if (!reached) {
            /* no failure injected: the reference result */
            assert_int_equal(st, CSAT_OK);
            assert_memory_equal(b->got, b->ref, OUT_BYTES);
            teardown(&f);
            assert_int_equal(t.live, 0);
            break;
        }
        if (st == CSAT_ENOMEM) {
            n_enomem++;
            if (memcmp(b->got, b->sent, OUT_BYTES) != 0) {
                print_error("%s (%s): allocation %ld failed: output written\n", c->fn, c->variant, k);
                fail();
            }
            if (t.live != live0) {
                print_error("%s (%s): allocation %ld failed: %ld blocks live, %ld before the call\n",
                            c->fn, c->variant, k, t.live, live0);
                fail();
            }
            n1 = run_state(c, &f, b->snap1);
            if (n1 != n0 || memcmp(b->snap0, b->snap1, SNAP_BYTES) != 0) {
                print_error("%s (%s): allocation %ld failed: the handle's state changed\n", c->fn,
                            c->variant, k);
                fail();
            }
            /* the handles still work: the same call now gives the reference */
            if (c->setup) {
                memset(b->got, SENTINEL, OUT_BYTES);
                out o = {b->got, 0};
                assert_int_equal(c->call(&f, &o), CSAT_OK);
                assert_memory_equal(b->got, b->ref, OUT_BYTES);
            }
        } else if (st == CSAT_OK) {
            /* a path without that memory: the same result */
            double d = same_result(c, b->got, b->ref);
            n_fallback++;
            if (d < 0.0) {
                print_error("%s (%s): allocation %ld failed, CSAT_OK with a different result\n",
                            c->fn, c->variant, k);
                fail();
            }
            worst = fmax(worst, d);
        } else {
            print_error("%s (%s): allocation %ld failed: returned %d (%s), not CSAT_ENOMEM\n", c->fn,
                        c->variant, k, (int)st, csat_strerror(st));
            fail();
        }
        teardown(&f);
        if (t.live != 0) {
            print_error("%s (%s): allocation %ld failed: %ld blocks leaked\n", c->fn, c->variant, k,
                        t.live);
            fail();
        }
    }
    if (with_realloc) {
        printf("# %-30s %-27s %2ld allocations: %2ld ENOMEM, %2ld done without", c->fn,
               c->variant, n_alloc, n_enomem, n_fallback);
        printf(worst > 0.0 ? " (rel. diff. %.1e)\n" : "\n", worst);
        fflush(stdout);
    }
    return n_alloc;
}

static void test_alloc_sweep(void **state)
{
    bufs b;
    size_t n_fn = 0;
    (void)state;
    make_data();
    b.ref = malloc(OUT_BYTES);
    b.got = malloc(OUT_BYTES);
    b.sent = malloc(OUT_BYTES);
    b.snap0 = malloc(SNAP_BYTES);
    b.snap1 = malloc(SNAP_BYTES);
    assert_true(b.ref && b.got && b.sent && b.snap0 && b.snap1);
    memset(b.sent, SENTINEL, OUT_BYTES);
    for (size_t i = 0; i < N_OF(cases); i++) {
        sweep_case(&cases[i], 1, &b);
        sweep_case(&cases[i], 0, &b);
        n_fn += i == 0 || strcmp(cases[i].fn, cases[i - 1].fn) != 0;
    }
    printf("# %zu cases, %zu functions\n", N_OF(cases), n_fn);
    free(b.ref);
    free(b.got);
    free(b.sent);
    free(b.snap0);
    free(b.snap1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_sweep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
