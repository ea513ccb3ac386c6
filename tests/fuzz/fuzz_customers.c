/*
 * libFuzzer target for the customer store: the input is a little program of
 * add / summarize / lookup / export / query operations with arbitrary ids,
 * times, amounts and options (raw doubles, so NaN, Inf, negative and huge
 * values all occur), on a store whose allocator may fail. Besides crashes,
 * leaks and UB it checks the contract against a shadow model of the store
 * (the transaction and customer counts, the ascending ids): summaries are
 * finite with 0 <= recency <= T, integer frequencies below the transaction
 * count, holdout columns present exactly with a calibration split; a
 * customer's transactions come back in (time, amount) order; and every
 * failing call leaves its outputs untouched and a message on the handle.
 */
#include "csat.h"
#include "fuzz_util.h"

#define MAXN 64
#define NIDS 16

/* Mostly small day numbers (to hit shared periods), sometimes any double. */
static double number(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 200)
        return (double)byte(r) * ((tag & 3) == 0 ? 0.25 : 1.0);
    if (tag < 215)
        return log_uniform(r);
    if (tag < 230)
        return raw_double(r);
    return special(byte(r));
}

typedef struct shadow {
    size_t n_txn;      /* transactions stored */
    int seen[NIDS];    /* which of the NIDS ids have been added */
    int have_summary;  /* a summary is current */
    int holdout;       /* it has a calibration split */
    size_t n_sum;      /* customers in it */
} shadow;

static uint64_t id_of(int k)
{
    return k < 8 ? (uint64_t)k : UINT64_MAX - 15 + (uint64_t)k; /* both ends of the id range */
}

static size_t distinct(const shadow *s)
{
    size_t n = 0;
    for (int k = 0; k < NIDS; k++)
        n += (size_t)s->seen[k];
    return n;
}

static void check_summary(const csat_customer_summary *s, int holdout)
{
    double v[7] = {s->first_time, s->frequency, s->recency, s->T, s->monetary_value, s->total_amount,
                   s->n_transactions};
    FINITE_N(v, 7);
    CHECK(s->first_time >= 0, "first_time %g", s->first_time);
    CHECK(s->frequency >= 0 && s->frequency == floor(s->frequency), "frequency %g", s->frequency);
    CHECK(s->recency >= 0 && s->recency <= s->T, "recency %g, T %g", s->recency, s->T);
    CHECK(s->frequency > 0 || s->recency == 0, "recency %g without repeat purchases", s->recency);
    CHECK(s->monetary_value >= 0 && s->total_amount >= 0, "amounts %g %g", s->monetary_value, s->total_amount);
    CHECK(s->n_transactions >= s->frequency + 1, "%g transactions for frequency %g", s->n_transactions,
          s->frequency);
    if (holdout) {
        NONNEG(s->frequency_holdout);
        CHECK(s->frequency_holdout == floor(s->frequency_holdout), "holdout frequency %g", s->frequency_holdout);
        NONNEG(s->monetary_value_holdout);
        NONNEG(s->duration_holdout);
    } else {
        CHECK(isnan(s->frequency_holdout) && isnan(s->monetary_value_holdout) && isnan(s->duration_holdout),
              "holdout fields without a split");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    fuzz_alloc fa;
    csat_allocator alloc = fuzz_allocator(&fa, &r);
    csat_customers *c = NULL;
    uint64_t ids[MAXN], out_ids[MAXN + 1];
    double t[MAXN], a[MAXN], col[MAXN + 1], t2[MAXN + 1], a2[MAXN + 1];
    shadow sh = {0};
    csat_status st;
    if (csat_customers_new(&c, &alloc) != CSAT_OK)
        return 0;
    CHECK_MESSAGE(csat_customers_last_error(c));
    while (r.n) {
        uint8_t op = byte(&r) % 10;
        if (op <= 2) { /* add */
            size_t n = byte(&r) % MAXN;
            int ks[MAXN];
            for (size_t i = 0; i < n; i++) {
                ks[i] = byte(&r) % (op == 2 ? NIDS : 8);
                ids[i] = id_of(ks[i]);
                t[i] = number(&r);
                a[i] = number(&r);
            }
            st = csat_customers_add(c, ids, t, op == 1 ? NULL : a, n);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                for (size_t i = 0; i < n; i++) {
                    CHECK(isfinite(t[i]) && t[i] >= 0, "accepted time %g", t[i]);
                    CHECK(op == 1 || (isfinite(a[i]) && a[i] >= 0), "accepted amount %g", a[i]);
                    sh.seen[ks[i]] = 1;
                }
                sh.n_txn += n;
                if (n)
                    sh.have_summary = 0;
            } else {
                CHECK(csat_customers_last_error(c)[0] != '\0', "add failed (%d) without a message", (int)st);
            }
        } else if (op == 3) { /* summarize */
            csat_summary_options o = CSAT_SUMMARY_OPTIONS_INIT;
            size_t s, e;
            uint8_t f = byte(&r);
            poison(&s, sizeof s), poison(&e, sizeof e);
            o.period = number(&r);
            o.observation_end = number(&r);
            o.calibration_end = f & 1 ? number(&r) : NAN;
            o.time_scale = number(&r);
            o.period_origin = f & 2 ? number(&r) : 0.0;
            if (f & 4)
                o.version = byte(&r);
            st = csat_customers_summarize(c, (f & 8) && (f & 16) ? NULL : &o, &s, &e);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(s + e == distinct(&sh), "%zu summarized + %zu excluded != %zu customers", s, e,
                      distinct(&sh));
                CHECK(s > 0, "an empty summary said OK");
                sh.have_summary = 1;
                sh.holdout = !isnan(o.calibration_end);
                sh.n_sum = s;
            } else {
                UNTOUCHED(&s, sizeof s, st);
                UNTOUCHED(&e, sizeof e, st);
                CHECK(csat_customers_last_error(c)[0] != '\0', "summarize failed (%d) without a message", (int)st);
            }
        } else if (op == 4) { /* export */
            size_t cap = byte(&r) % (MAXN + 2);
            if (cap > MAXN + 1)
                cap = MAXN + 1;
            for (int f = -1; f <= CSAT_SUMMARY_DURATION_HOLDOUT + 1; f++) {
                poison(col, sizeof col);
                st = csat_customers_summary_column(c, (csat_summary_field)f, col, cap);
                CHECK_STATUS(st);
                if (st == CSAT_OK) {
                    CHECK(sh.have_summary && cap >= sh.n_sum, "column export without a summary or room");
                    CHECK(f >= 0 && f <= CSAT_SUMMARY_DURATION_HOLDOUT, "unknown field %d accepted", f);
                    CHECK(sh.holdout || f < CSAT_SUMMARY_FREQUENCY_HOLDOUT, "holdout field without a split");
                    FINITE_N(col, sh.n_sum);
                    for (size_t i = 0; i < sh.n_sum; i++)
                        CHECK(col[i] >= 0, "field %d row %zu = %g", f, i, col[i]);
                    CHECK(poisoned(col + sh.n_sum, sizeof col - sh.n_sum * sizeof *col), "wrote past n_summarized");
                } else {
                    UNTOUCHED(col, sizeof col, st);
                }
            }
            poison(out_ids, sizeof out_ids);
            st = csat_customers_summary_ids(c, out_ids, cap);
            if (st == CSAT_OK) {
                CHECK(sh.have_summary && cap >= sh.n_sum, "ids export without a summary or room");
                for (size_t i = 1; i < sh.n_sum; i++)
                    CHECK(out_ids[i - 1] < out_ids[i], "summary ids not ascending");
            } else {
                CHECK(!sh.have_summary || cap < sh.n_sum, "summary_ids failed (%d)", (int)st);
                UNTOUCHED(out_ids, sizeof out_ids, st);
            }
        } else if (op == 5) { /* lookup */
            csat_customer_summary s;
            uint64_t id = id_of(byte(&r) % NIDS);
            poison(&s, sizeof s);
            st = csat_customers_lookup(c, id, &s);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(sh.have_summary, "lookup without a summary");
                CHECK(s.id == id, "lookup of %llu gave %llu", (unsigned long long)id, (unsigned long long)s.id);
                check_summary(&s, sh.holdout);
            } else {
                UNTOUCHED(&s, sizeof s, st);
            }
        } else if (op == 6) { /* per-customer rows */
            size_t n, cap = byte(&r) % (MAXN + 2);
            int k = byte(&r) % NIDS;
            uint8_t f = byte(&r);
            if (cap > MAXN + 1)
                cap = MAXN + 1;
            poison(&n, sizeof n), poison(t2, sizeof t2), poison(a2, sizeof a2);
            st = csat_customers_transactions(c, id_of(k), f & 1 ? NULL : t2, f & 2 ? NULL : a2, cap, &n);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(sh.seen[k] && n >= 1 && n <= cap && n <= sh.n_txn, "transactions: n = %zu", n);
                for (size_t i = 0; i < n; i++) {
                    CHECK(f & 1 || (isfinite(t2[i]) && t2[i] >= 0), "time %g", t2[i]);
                    CHECK(f & 2 || (isfinite(a2[i]) && a2[i] >= 0), "amount %g", a2[i]);
                }
                if (!(f & 1))
                    for (size_t i = 1; i < n; i++)
                        CHECK(t2[i] > t2[i - 1] || (t2[i] == t2[i - 1] && (f & 2 || a2[i] >= a2[i - 1])),
                              "rows out of (time, amount) order");
            } else if (st == CSAT_EBUFSIZE) {
                CHECK(n > cap, "EBUFSIZE with n = %zu <= cap = %zu", n, cap);
                UNTOUCHED(t2, sizeof t2, st);
                UNTOUCHED(a2, sizeof a2, st);
            } else {
                CHECK(!sh.seen[k], "transactions of a known customer failed (%d)", (int)st);
                UNTOUCHED(&n, sizeof n, st);
                UNTOUCHED(t2, sizeof t2, st);
            }
        } else if (op == 7) { /* counts and ids */
            size_t nc, nt, cap = byte(&r) % (NIDS + 2);
            uint8_t f = byte(&r);
            poison(&nc, sizeof nc), poison(&nt, sizeof nt);
            st = csat_customers_count(c, f & 1 ? NULL : &nc, f & 2 ? NULL : &nt);
            CHECK(st == CSAT_OK, "count: %d", (int)st);
            CHECK(f & 1 || nc == distinct(&sh), "count: %zu customers, expected %zu", nc, distinct(&sh));
            CHECK(f & 2 || nt == sh.n_txn, "count: %zu transactions, expected %zu", nt, sh.n_txn);
            poison(out_ids, sizeof out_ids);
            st = csat_customers_ids(c, out_ids, cap);
            if (st == CSAT_OK) {
                size_t k = 0;
                CHECK(cap >= distinct(&sh), "ids: OK with cap %zu < %zu", cap, distinct(&sh));
                for (int j = 0; j < NIDS; j++)
                    if (sh.seen[j]) {
                        CHECK(out_ids[k] == id_of(j), "ids[%zu] wrong", k);
                        k++;
                    }
            } else {
                CHECK(st == CSAT_EBUFSIZE && cap < distinct(&sh), "ids: %d", (int)st);
                UNTOUCHED(out_ids, sizeof out_ids, st);
            }
        } else if (op == 8) { /* memory */
            size_t bytes;
            poison(&bytes, sizeof bytes);
            st = csat_customers_memory(c, &bytes);
            CHECK(st == CSAT_OK && bytes >= 24 * sh.n_txn, "memory: %d, %zu bytes for %zu rows", (int)st, bytes,
                  sh.n_txn);
            CHECK(csat_customers_memory(c, NULL) == CSAT_EINVAL, "memory(NULL bytes)");
            CHECK(csat_customers_memory(NULL, &bytes) == CSAT_EINVAL, "memory(NULL store)");
        } else { /* NULL arguments */
            size_t n;
            csat_customer_summary s;
            CHECK(csat_customers_add(NULL, ids, t, a, 1) == CSAT_EINVAL, "add(NULL)");
            CHECK(csat_customers_add(c, NULL, t, a, 1) == CSAT_EINVAL, "add(NULL ids)");
            CHECK(csat_customers_add(c, ids, NULL, a, 1) == CSAT_EINVAL, "add(NULL times)");
            CHECK(csat_customers_count(NULL, &n, &n) == CSAT_EINVAL, "count(NULL)");
            CHECK(csat_customers_lookup(c, 0, NULL) != CSAT_OK, "lookup(NULL out)");
            CHECK(csat_customers_lookup(NULL, 0, &s) != CSAT_OK, "lookup(NULL)");
            CHECK(csat_customers_transactions(c, 0, t2, a2, MAXN, NULL) != CSAT_OK, "transactions(NULL n)");
            CHECK(csat_customers_summarize(NULL, NULL, NULL, NULL) == CSAT_EINVAL, "summarize(NULL)");
            CHECK(csat_customers_last_error(NULL)[0] == '\0', "last_error(NULL)");
        }
    }
    csat_customers_free(c);
    CHECK_NO_LEAK(fa);
    return 0;
}
