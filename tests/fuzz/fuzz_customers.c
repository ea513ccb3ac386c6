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
 * Issue 17: transactions with detail columns (costs, categories, channels,
 * any of them absent), customer groups and acquisition costs (checked
 * against the shadow's last value per id) and complaints (read back in
 * (id, opened) order with every documented invariant).
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
    /* issue 17 */
    unsigned columns;   /* CSAT_CUSTOMERS_* bits expected */
    int32_t group[NIDS];
    double acq[NIDS];
    size_t n_compl;
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
    for (int k = 0; k < NIDS; k++)
        sh.group[k] = -1;
    csat_status st;
    if (csat_customers_new(&c, &alloc) != CSAT_OK)
        return 0;
    CHECK_MESSAGE(csat_customers_last_error(c));
    while (r.n) {
        uint8_t op = byte(&r) % 15;
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
        } else if (op == 10) { /* add with details, then read every row back */
            static uint64_t rid[4 * MAXN];
            static double rt[4 * MAXN], ra[4 * MAXN], rc[4 * MAXN];
            static int32_t rcat[4 * MAXN], rch[4 * MAXN];
            size_t n = byte(&r) % MAXN, m;
            uint8_t f = byte(&r);
            int ks[MAXN];
            int32_t cat[MAXN], ch[MAXN];
            double co[MAXN];
            for (size_t i = 0; i < n; i++) {
                ks[i] = byte(&r) % NIDS;
                ids[i] = id_of(ks[i]);
                t[i] = number(&r);
                a[i] = number(&r);
                co[i] = number(&r);
                cat[i] = (int32_t)byte(&r) - 8;
                ch[i] = (int32_t)byte(&r) - 2;
            }
            st = csat_customers_add_details(c, ids, t, f & 1 ? NULL : a, f & 2 ? NULL : co,
                                            f & 4 ? NULL : cat, f & 8 ? NULL : ch, n);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                for (size_t i = 0; i < n; i++) {
                    CHECK(isfinite(t[i]) && t[i] >= 0 && (f & 1 || (isfinite(a[i]) && a[i] >= 0)),
                          "accepted row %zu", i);
                    CHECK(f & 2 || (isfinite(co[i]) && co[i] >= 0), "accepted cost %g", co[i]);
                    CHECK((f & 4 || cat[i] >= 0) && (f & 8 || ch[i] >= 0), "accepted a negative code");
                    sh.seen[ks[i]] = 1;
                }
                sh.n_txn += n;
                if (n) {
                    sh.have_summary = 0;
                    sh.columns |= (f & 2 ? 0u : CSAT_CUSTOMERS_COSTS) | (f & 4 ? 0u : CSAT_CUSTOMERS_CATEGORIES) |
                                  (f & 8 ? 0u : CSAT_CUSTOMERS_CHANNELS);
                }
            } else {
                CHECK(csat_customers_last_error(c)[0] != '\0', "add_details failed (%d) without a message", (int)st);
            }
            poison(&m, sizeof m);
            st = csat_customers_rows(c, rid, rt, ra, rc, rcat, rch, 4 * MAXN, &m);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(m == sh.n_txn, "rows: %zu rows, expected %zu", m, sh.n_txn);
                for (size_t i = 0; i < m; i++) {
                    CHECK(isfinite(rc[i]) && rc[i] >= 0 && rcat[i] >= -1 && rch[i] >= -1, "row %zu details", i);
                    CHECK(rc[i] == 0 || (sh.columns & CSAT_CUSTOMERS_COSTS), "a cost without the column");
                    CHECK(i == 0 || rid[i - 1] < rid[i] || (rid[i - 1] == rid[i] && rt[i - 1] <= rt[i]),
                          "rows out of order");
                }
                if (m > 0) { /* one customer's details agree with the bulk reader */
                    size_t first = 0, cnt = 0;
                    double dc[4 * MAXN];
                    int32_t dcat[4 * MAXN];
                    while (rid[first] != rid[m - 1])
                        first++;
                    st = csat_customers_transaction_details(c, rid[m - 1], dc, dcat, NULL, 4 * MAXN, &cnt);
                    CHECK(st == CSAT_OK && cnt == m - first, "transaction_details: %d, %zu", (int)st, cnt);
                    for (size_t i = 0; i < cnt; i++)
                        CHECK(dc[i] == rc[first + i] && dcat[i] == rcat[first + i], "details differ");
                }
            } else {
                CHECK(st == CSAT_EBUFSIZE && m == sh.n_txn && m > 4 * MAXN, "rows: %d", (int)st);
            }
            {
                unsigned cols = 0;
                CHECK(csat_customers_columns(c, &cols) == CSAT_OK && cols == sh.columns, "columns %u, expected %u",
                      cols, sh.columns);
            }
        } else if (op == 11) { /* groups and acquisition costs */
            size_t n = byte(&r) % 24;
            uint8_t f = byte(&r);
            int ks[24];
            int32_t g[24], og[NIDS];
            double v[24], oa[NIDS];
            uint64_t all[NIDS];
            for (size_t i = 0; i < n; i++) {
                ks[i] = byte(&r) % NIDS;
                ids[i] = id_of(ks[i]);
                g[i] = (int32_t)byte(&r) - 4;
                v[i] = number(&r);
            }
            st = f & 1 ? csat_customers_set_acquisition_costs(c, ids, f & 2 ? NULL : v, n)
                       : csat_customers_set_groups(c, ids, f & 2 ? NULL : g, n);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                for (size_t i = 0; i < n; i++) {
                    if (f & 1) {
                        CHECK(isfinite(v[i]) && v[i] >= 0, "accepted acquisition cost %g", v[i]);
                        sh.acq[ks[i]] = v[i] + 0.0;
                    } else {
                        CHECK(g[i] >= 0, "accepted group %d", (int)g[i]);
                        sh.group[ks[i]] = g[i];
                    }
                }
                if (n)
                    sh.columns |= f & 1 ? CSAT_CUSTOMERS_ACQUISITION_COSTS : CSAT_CUSTOMERS_GROUPS;
            } else {
                CHECK(csat_customers_last_error(c)[0] != '\0', "set attributes failed (%d) without a message", (int)st);
            }
            for (int k = 0; k < NIDS; k++)
                all[k] = id_of(k);
            CHECK(csat_customers_attributes(c, all, NIDS, og, oa) == CSAT_OK, "attributes failed");
            for (int k = 0; k < NIDS; k++)
                CHECK(og[k] == sh.group[k] && oa[k] == sh.acq[k], "attributes of id %d: %d %g, expected %d %g",
                      k, (int)og[k], oa[k], (int)sh.group[k], sh.acq[k]);
            CHECK(csat_customers_attributes(c, NULL, 1, og, oa) == CSAT_EINVAL, "attributes(NULL ids)");
            {
                uint64_t aid[NIDS + 1];
                size_t na = 0, expect = 0;
                for (int k = 0; k < NIDS; k++)
                    expect += sh.group[k] != -1 || sh.acq[k] != 0;
                st = csat_customers_attribute_ids(c, aid, NIDS + 1, &na);
                /* an id set to (-1 never allowed) group 0 / cost 0 still has a record */
                CHECK(st == CSAT_OK && na >= expect && na <= NIDS, "attribute_ids: %d, %zu", (int)st, na);
                for (size_t k = 1; k < na; k++)
                    CHECK(aid[k - 1] < aid[k], "attribute ids not ascending");
            }
        } else if (op == 12) { /* complaints */
            static uint64_t cid[256];
            static double cop[256], cfr[256], crs[256], csa[256];
            static int32_t cca[256];
            static uint8_t cfc[256];
            size_t n = byte(&r) % 16, m;
            uint8_t f = byte(&r);
            double op_[16], fr[16], rs[16], sa[16];
            uint8_t fc[16];
            int32_t ca[16];
            for (size_t i = 0; i < n; i++) {
                ids[i] = id_of(byte(&r) % NIDS);
                op_[i] = number(&r);
                fr[i] = byte(&r) & 1 ? NAN : op_[i] + number(&r);
                rs[i] = byte(&r) & 1 ? NAN : (isnan(fr[i]) ? op_[i] : fr[i]) + number(&r);
                fc[i] = byte(&r) % 3;
                ca[i] = (int32_t)byte(&r) - 2;
                sa[i] = byte(&r) & 1 ? NAN : number(&r) - 3;
            }
            st = csat_customers_add_complaints(c, ids, op_, f & 1 ? NULL : fr, f & 2 ? NULL : rs, f & 4 ? NULL : fc,
                                               f & 8 ? NULL : ca, f & 16 ? NULL : sa, n);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                sh.n_compl += n;
                if (sh.n_compl)
                    sh.columns |= CSAT_CUSTOMERS_COMPLAINTS;
            } else {
                CHECK(csat_customers_last_error(c)[0] != '\0', "add_complaints failed (%d) without a message", (int)st);
            }
            poison(&m, sizeof m);
            st = csat_customers_complaints(c, cid, cop, cfr, crs, cfc, cca, csa, 256, &m);
            if (st == CSAT_OK) {
                CHECK(m == sh.n_compl, "%zu complaints, expected %zu", m, sh.n_compl);
                for (size_t i = 0; i < m; i++) {
                    CHECK(isfinite(cop[i]) && cop[i] >= 0, "opened %g", cop[i]);
                    CHECK(isnan(cfr[i]) || (isfinite(cfr[i]) && cfr[i] >= cop[i]), "first response %g", cfr[i]);
                    CHECK(isnan(crs[i]) || (isfinite(crs[i]) && crs[i] >= cop[i] && !(crs[i] < cfr[i])),
                          "resolved %g", crs[i]);
                    CHECK(cfc[i] <= 1 && (cfc[i] == 0 || !isnan(crs[i])), "first contact %u", (unsigned)cfc[i]);
                    CHECK(cca[i] >= -1 && (isnan(csa[i]) || isfinite(csa[i])), "cause or satisfaction");
                    CHECK(i == 0 || cid[i - 1] < cid[i] || (cid[i - 1] == cid[i] && cop[i - 1] <= cop[i]),
                          "complaints out of order");
                }
            } else {
                CHECK(st == CSAT_EBUFSIZE && m == sh.n_compl && m > 256, "complaints: %d", (int)st);
            }
        } else if (op == 13) { /* profitability over the store, and the array forms on its rows */
            static uint64_t pid[NIDS + 1], rid[4 * MAXN];
            static double rv[NIDS + 1], co[NIDS + 1], pr[NIDS + 1], mg[NIDS + 1], hc[NIDS + 1];
            static double rt[4 * MAXN], ra[4 * MAXN], rc[4 * MAXN], curve[NIDS + 2];
            static double csize[64], cpro[64 * 4], cmean[64 * 4], cact[64 * 4], cpool[4];
            csat_profit_options po;
            csat_cohort_options cop = CSAT_COHORT_OPTIONS_INIT;
            csat_tier_profit tp[3];
            int32_t tiers[NIDS + 1];
            size_t m = 0, npts = 0, nprof = 0, nper = 0, nr = 0;
            double peak = 0;
            uint8_t f = byte(&r);
            CHECK(csat_profit_options_init(&po, CSAT_PROFIT_OPTIONS_VERSION) == CSAT_OK, "profit options");
            if (f & 1) {
                po.t1 = number(&r);
                po.t2 = po.t1 + number(&r);
            }
            po.discount = f & 2 ? number(&r) : 0.0;
            po.period = f & 4 ? number(&r) : 1.0;
            po.reference = f & 8 ? number(&r) : NAN;
            poison(pid, sizeof pid);
            st = csat_customer_profit_customers(c, &po, pid, rv, co, pr, mg, hc, NIDS + 1, &m, NULL);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                CHECK(m == distinct(&sh), "profit: %zu customers, expected %zu", m, distinct(&sh));
                for (size_t i = 0; i < m; i++) {
                    CHECK(isfinite(rv[i]) && rv[i] >= 0 && isfinite(co[i]) && co[i] >= 0, "revenue or cost");
                    CHECK(pr[i] == rv[i] - co[i] && isfinite(mg[i]) && isfinite(hc[i]), "profit, margin, hclv");
                    CHECK(i == 0 || pid[i - 1] < pid[i], "profit ids not ascending");
                    tiers[i] = (int32_t)(i % 3) - (i % 4 == 3);
                }
                st = csat_profit_tiers(rv, pr, tiers, m, 3, tp, NULL);
                CHECK_STATUS(st);
                if (st == CSAT_OK) {
                    double sc = 0;
                    for (int k = 0; k < 3; k++) {
                        CHECK(isfinite(tp[k].profit) && isfinite(tp[k].share_profit) && isfinite(tp[k].margin),
                              "tier %d not finite", k);
                        sc += tp[k].share_customers;
                    }
                    CHECK(fabs(sc - 1.0) < 1e-12, "customer shares sum to %g", sc);
                }
                st = csat_profit_whale(pr, m, curve, NULL, &nprof, &peak, NULL, NULL);
                CHECK_STATUS(st);
                if (st == CSAT_OK) {
                    CHECK(curve[0] == 0 && curve[m] == 1 && peak >= 1 - 1e-12, "whale ends %g %g, peak %g",
                          curve[0], curve[m], peak);
                    for (size_t k = 1; k <= nprof; k++)
                        CHECK(curve[k] >= curve[k - 1], "whale falls before the peak");
                }
            } else {
                CHECK(st != CSAT_EBUFSIZE || m > NIDS + 1, "profit EBUFSIZE");
            }
            st = csat_profit_tiers_customers(c, &po, NULL, 0, 3, tp, NULL);
            CHECK_STATUS(st);
            st = csat_profit_whale_customers(c, &po, curve, NIDS + 2, &npts, &nprof, &peak, NULL);
            CHECK_STATUS(st);
            CHECK(st != CSAT_OK || npts == distinct(&sh) + 1, "whale points %zu", npts);
            cop.period = f & 16 ? number(&r) : 1.0;
            st = csat_profit_by_tenure_customers(c, &cop, 64, 4, csize, cpro, cmean, cact, cpool, &nper, NULL);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                FINITE_N(cpro, 64 * 4);
                FINITE_N(cpool, 4);
            }
            st = csat_customers_rows(c, rid, rt, ra, rc, NULL, NULL, 4 * MAXN, &nr);
            if (st == CSAT_OK && nr > 0) {
                st = csat_customer_profit(rid, rt, ra, rc, nr, NULL, NULL, 0, &po, NULL, rv, NULL, NULL, NULL, NULL,
                                          NIDS + 1, &m, NULL, NULL);
                CHECK_STATUS(st);
                st = csat_profit_by_tenure(rid, rt, ra, rc, nr, &cop, 64, 4, csize, NULL, NULL, NULL, cpool, &nper,
                                           NULL, NULL);
                CHECK_STATUS(st);
            }
        } else if (op == 14) { /* complaint report and the Pareto of causes */
            csat_complaint_options co;
            csat_complaint_report rep;
            static int32_t cc[256];
            double cnt[8], curve[9];
            int kl[8];
            size_t m = 0;
            uint8_t f = byte(&r);
            CHECK(csat_complaint_options_init(&co, CSAT_COMPLAINT_OPTIONS_VERSION) == CSAT_OK, "options");
            if (f & 1)
                co.response_target = number(&r);
            if (f & 2)
                co.resolution_target = number(&r);
            if (f & 4)
                co.reopen_window = number(&r);
            if (f & 8)
                co.retention_window = number(&r);
            if (f & 16)
                co.observation_end = number(&r);
            poison(&rep, sizeof rep);
            st = csat_complaint_report_customers(c, &co, &rep, NULL);
            CHECK_STATUS(st);
            if (st == CSAT_OK) {
                const double *v = (const double *)(const void *)&rep;
                FINITE_N(v, sizeof rep / sizeof(double));
                CHECK(rep.complaints == (double)sh.n_compl && rep.transactions == (double)sh.n_txn, "report counts");
                IN_RANGE(rep.response_within_target, 0, 1);
                IN_RANGE(rep.first_contact_rate, 0, 1);
                IN_RANGE(rep.reopen_rate, 0, 1);
                IN_RANGE(rep.retention_resolved, 0, 1);
                IN_RANGE(rep.retention_unresolved, 0, 1);
                IN_RANGE(rep.retention_non_complainers, 0, 1);
                CHECK(rep.response_median <= rep.response_p90 && rep.resolution_median <= rep.resolution_p90,
                      "median above p90");
            } else {
                UNTOUCHED(&rep, sizeof rep, st);
            }
            st = csat_customers_complaints(c, NULL, NULL, NULL, NULL, NULL, cc, NULL, 256, &m);
            if (st == CSAT_OK) {
                st = csat_complaint_pareto(cc, m, 1 + f % 8, NULL, cnt, kl, curve, NULL, NULL, NULL);
                CHECK_STATUS(st);
                if (st == CSAT_OK)
                    CHECK(curve[0] == 0 && fabs(curve[1 + f % 8] - 1) < 1e-12, "pareto curve ends");
            }
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
            CHECK(csat_customers_add_details(c, NULL, t, a, NULL, NULL, NULL, 1) == CSAT_EINVAL, "add_details(NULL ids)");
            CHECK(csat_customers_columns(NULL, NULL) == CSAT_EINVAL, "columns(NULL)");
            CHECK(csat_customers_rows(c, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL) == CSAT_EINVAL, "rows(NULL n)");
            CHECK(csat_customers_transaction_details(c, 0, NULL, NULL, NULL, 0, NULL) == CSAT_EINVAL,
                  "transaction_details(NULL n)");
            CHECK(csat_customers_complaints(c, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL) == CSAT_EINVAL,
                  "complaints(NULL n)");
        }
    }
    csat_customers_free(c);
    CHECK_NO_LEAK(fa);
    return 0;
}
