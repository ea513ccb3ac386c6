/* Fuzz target: KPIs by group, the scorecard, repeat buying, inter-purchase
 * times, referral value, share of wallet and the retention-profit chain (issue 17). Checks the
 * header's contract: on CSAT_OK finite outputs in their documented ranges
 * (rates in [0, 1], counts that add up), on error nothing written. */
#include "fuzz_util.h"

static double when(reader *r)
{
    uint8_t tag = byte(r);
    if (tag < 200)
        return (double)(tag % 40) * 0.5;
    if (tag < 232)
        return log_uniform(r);
    return any_double(r);
}

static void check_rate(const csat_repeat_rate *q)
{
    NONNEG(q->eligible);
    IN_RANGE(q->repeaters, 0, q->eligible);
    IN_RANGE(q->rate, 0, 1);
}

static void check_report(const csat_kpi_report *k)
{
    const double *v = (const double *)(const void *)k;
    FINITE_N(v, sizeof *k / sizeof(double));
    IN_RANGE(k->retention_rate, 0, 1);
    IN_RANGE(k->churn_rate, 0, 1);
    IN_RANGE(k->upgrade_rate, 0, 1);
    NONNEG(k->revenue);
    CHECK(k->retained + k->lost == k->start_customers, "retained + lost != start");
}

static void transactions(reader *r, const csat_allocator *alloc)
{
    enum { N = 24, G = 4, C = 8 };
    uint64_t ids[N], cid[N];
    double t[N], a[N], bounds[2] = {10, 30}, cg[N], cm[N], ccv[N], gaps[N], sc[G];
    int32_t grp[N];
    size_t n = byte(r) % (N + 1), ng = 1 + byte(r) % G, np, nc, ngaps;
    csat_kpi_report kr[G], all, w;
    csat_repeat_rate rall, rg[G], rc[C];
    csat_ipt_summary s;
    uint8_t f = byte(r);
    double t1, t2, lost, period, window, end;
    csat_status st;
    for (size_t i = 0; i < n; i++) {
        ids[i] = byte(r) % 8;
        t[i] = when(r);
        a[i] = byte(r) < 220 ? (double)byte(r) : count_val(r);
        grp[i] = byte(r) < 240 ? (int32_t)(byte(r) % ng) : (int32_t)u32(r);
    }
    t1 = when(r);
    t2 = byte(r) < 200 ? t1 + (double)(1 + byte(r) % 10) : when(r);
    lost = byte(r) < 200 ? (double)(1 + byte(r) % 10) : pos_param(r);
    poison(kr, sizeof kr), poison(&all, sizeof all);
    st = FZ_CALL(csat_kpi_by_group(ids, t, (f & 1) ? NULL : a, grp, n, ng, t1, t2, lost, bounds, 2,
                                   kr, (f & 2) ? NULL : &all, alloc, FZ_ERR));
    if (st == CSAT_OK) {
        double s_start = 0;
        for (size_t g = 0; g < ng; g++) {
            check_report(&kr[g]);
            s_start += kr[g].start_customers;
        }
        if (!(f & 2)) {
            check_report(&all);
            CHECK(s_start <= all.start_customers, "groups' start customers exceed the total");
        }
        /* the scorecard over the groups */
        memset(&w, 0, sizeof w);
        w.retention_rate = 1.0;
        w.revenue = byte(r) < 240 ? 1.0 : any_double(r);
        w.churn_rate = -0.5;
        poison(sc, sizeof sc);
        st = FZ_CALL(csat_kpi_scorecard(kr, ng, &w, sc, FZ_ERR));
        if (st == CSAT_OK)
            RANGE_N(sc, ng, -(1.5 + fabs(w.revenue)), 1.5 + fabs(w.revenue));
        else
            UNTOUCHED(sc, sizeof sc, st);
    } else {
        UNTOUCHED(kr, sizeof kr, st);
        UNTOUCHED(&all, sizeof all, st);
    }
    period = byte(r) < 200 ? (double)(1 + byte(r) % 4) * 0.5 : pos_param(r);
    window = byte(r) < 200 ? (double)(1 + byte(r) % 8) : pos_param(r);
    end = byte(r) < 200 ? (double)(byte(r) % 40) : any_double(r);
    poison(&rall, sizeof rall), poison(rg, sizeof rg), poison(rc, sizeof rc), poison(&np, sizeof np);
    st = FZ_CALL(csat_repeat_purchase(ids, t, grp, n, (f & 4) ? 0 : ng, period, window, end, C,
                                      &rall, (f & 4) ? NULL : rg, (f & 8) ? NULL : rc, &np, alloc,
                                      FZ_ERR));
    if (st == CSAT_OK) {
        double sum = 0;
        check_rate(&rall);
        for (size_t g = 0; !(f & 4) && g < ng; g++) {
            check_rate(&rg[g]);
            sum += rg[g].eligible;
        }
        CHECK((f & 4) || sum <= rall.eligible, "groups' eligible exceed the total");
        CHECK(np <= C || (f & 8), "n_periods %zu > n_cohorts", np);
        for (size_t c = 0; !(f & 8) && c < C; c++)
            check_rate(&rc[c]);
    } else {
        UNTOUCHED(&rall, sizeof rall, st);
        UNTOUCHED(rc, sizeof rc, st);
        if (st == CSAT_EBUFSIZE)
            CHECK(np > C, "EBUFSIZE with n_periods %zu", np);
        else
            UNTOUCHED(&np, sizeof np, st);
    }
    {
        csat_cross_sell_summary xs;
        double tog[G * G], nxt[G * G];
        int32_t cat[N];
        for (size_t i = 0; i < n; i++)
            cat[i] = byte(r) < 240 ? (int32_t)(byte(r) % (ng + 1)) - 1 : (int32_t)u32(r);
        poison(&xs, sizeof xs), poison(tog, sizeof tog), poison(nxt, sizeof nxt);
        st = FZ_CALL(csat_cross_sell(ids, t, cat, n, ng, period, &xs, (f & 64) ? NULL : tog,
                                     (f & 64) ? NULL : nxt, alloc, FZ_ERR));
        if (st == CSAT_OK) {
            IN_RANGE(xs.customers, 1, (double)n);
            IN_RANGE(xs.buyers, 0, xs.customers);
            IN_RANGE(xs.multi_category, 0, xs.buyers);
            IN_RANGE(xs.multi_category_share, 0, 1);
            IN_RANGE(xs.mean_categories, 0, (double)ng);
            if (!(f & 64)) {
                RANGE_N(tog, ng * ng, 0, (double)n);
                RANGE_N(nxt, ng * ng, 0, (double)n);
                for (size_t x = 0; x < ng; x++)
                    for (size_t y = 0; y < ng; y++)
                        CHECK(tog[x * ng + y] == tog[y * ng + x], "together not symmetric");
            }
        } else {
            UNTOUCHED(&xs, sizeof xs, st);
            UNTOUCHED(tog, sizeof tog, st);
        }
    }
    {
        uint64_t lid[N];
        double rep[N], inten[N], var[N];
        int32_t cat[N];
        size_t lnc, cap = (f & 16) ? byte(r) % (N + 1) : N;
        for (size_t i = 0; i < n; i++)
            cat[i] = (int32_t)(byte(r) % (ng + 1)) - 1;
        poison(rep, sizeof rep), poison(inten, sizeof inten), poison(&lnc, sizeof lnc);
        st = FZ_CALL(csat_loyalty_behaviour(ids, t, (f & 32) ? NULL : cat, n, ng, period, end, cap,
                                            lid, rep, inten, var, &lnc, alloc, FZ_ERR));
        if (st == CSAT_OK) {
            CHECK(lnc <= cap, "more customers than cap");
            RANGE_N(rep, lnc, 0, (double)n);
            RANGE_N(inten, lnc, 1e-300, 1);
            RANGE_N(var, lnc, 0, (double)ng);
        } else {
            UNTOUCHED(rep, sizeof rep, st);
            if (st != CSAT_EBUFSIZE)
                UNTOUCHED(&lnc, sizeof lnc, st);
        }
    }
    {   /* the store forms: the same as the array forms on the store's rows */
        csat_customers *store = NULL;
        int32_t cat[N], cgrp[8];
        uint64_t owners[8];
        csat_kpi_report sk[G];
        csat_repeat_rate sr;
        csat_cross_sell_summary sx;
        size_t snp;
        for (size_t i = 0; i < n; i++)
            cat[i] = (int32_t)(byte(r) % ng);
        for (int k = 0; k < 8; k++) {
            owners[k] = (uint64_t)k;
            cgrp[k] = (int32_t)(byte(r) % (ng + 1));
        }
        if (csat_customers_new(&store, NULL) == CSAT_OK) {
            if (csat_customers_add_details(store, ids, t, a, NULL, cat, NULL, n) == CSAT_OK
                && csat_customers_set_groups(store, owners, cgrp, 8) == CSAT_OK) {
                poison(sk, sizeof sk);
                st = csat_kpi_by_group_customers(store, ng, t1, t2, lost, bounds, 2, sk, NULL, alloc);
                if (st == CSAT_OK)
                    for (size_t g = 0; g < ng; g++)
                        check_report(&sk[g]);
                else
                    UNTOUCHED(sk, sizeof sk, st);
                poison(&sr, sizeof sr);
                st = csat_repeat_purchase_customers(store, 0, period, window, end, 0, &sr, NULL, NULL,
                                                    &snp, alloc);
                if (st == CSAT_OK)
                    check_rate(&sr);
                else
                    UNTOUCHED(&sr, sizeof sr, st);
                poison(&sx, sizeof sx);
                st = csat_cross_sell_customers(store, ng, period, &sx, NULL, NULL, alloc);
                if (st == CSAT_OK)
                    IN_RANGE(sx.multi_category_share, 0, 1);
                else
                    UNTOUCHED(&sx, sizeof sx, st);
            }
            csat_customers_free(store);
        }
    }
    poison(cid, sizeof cid), poison(cg, sizeof cg), poison(cm, sizeof cm), poison(ccv, sizeof ccv);
    poison(gaps, sizeof gaps), poison(&s, sizeof s), poison(&nc, sizeof nc), poison(&ngaps, sizeof ngaps);
    {
        size_t capc = (f & 16) ? byte(r) % (N + 1) : N, capg = (f & 32) ? byte(r) % (N + 1) : N;
        st = FZ_CALL(csat_inter_purchase_times(ids, t, n, period, capc, cid, cg, cm, ccv, capg,
                                               gaps, &s, &nc, &ngaps, alloc, FZ_ERR));
        if (st == CSAT_OK) {
            CHECK(nc <= capc && ngaps <= capg && ngaps < (n ? n : 1), "counts");
            RANGE_N(cg, nc, 0, (double)n);
            RANGE_N(cm, nc, 0, 1e15);
            RANGE_N(ccv, nc, 0, 1e8);
            RANGE_N(gaps, ngaps, 1, 1e15);
            IN_RANGE(s.customers, 1, (double)n);
            IN_RANGE(s.repeat_customers, 0, s.customers);
            IN_RANGE(s.mean, 0, 1e15);
            IN_RANGE(s.median, 0, 1e15);
            NONNEG(s.sd);
            NONNEG(s.cv);
            NONNEG(s.mean_customer_cv);
        } else {
            UNTOUCHED(&s, sizeof s, st);
            UNTOUCHED(gaps, sizeof gaps, st);
            UNTOUCHED(cid, sizeof cid, st);
            if (st != CSAT_EBUFSIZE)
                UNTOUCHED(&nc, sizeof nc, st);
        }
    }
}

static void closed_forms(reader *r)
{
    enum { Y = 6, K = 5 };
    double d[Y * CSAT_PROFIT_N_DRIVERS], rates[K], val[K], gain[K];
    size_t ny = byte(r) % (Y + 1), nr = byte(r) % (K + 1);
    csat_retention_profit v;
    csat_referral ref;
    unsigned int horizon = byte(r) < 240 ? (unsigned int)(byte(r) % 50) : u32(r);
    double acq = count_val(r), ret = unit_val(r), disc = byte(r) < 200 ? unit_val(r) : any_double(r);
    csat_status st;
    for (size_t i = 0; i < Y * CSAT_PROFIT_N_DRIVERS; i++)
        d[i] = byte(r) < 220 ? (double)byte(r) - 60.0 : any_double(r);
    for (size_t k = 0; k < K; k++)
        rates[k] = unit_val(r);
    poison(&v, sizeof v);
    st = FZ_CALL(csat_retention_profit_value(d, ny, acq, ret, disc, horizon, &v, FZ_ERR));
    if (st == CSAT_OK) {
        FINITE(v.value), FINITE(v.profit), FINITE(v.undiscounted);
        FINITE_N(v.drivers, CSAT_PROFIT_N_DRIVERS);
        IN_RANGE(v.expected_years, 1, (double)horizon);
        IN_RANGE(v.breakeven_year, 0, (double)horizon);
    } else {
        UNTOUCHED(&v, sizeof v, st);
    }
    poison(val, sizeof val), poison(gain, sizeof gain);
    st = FZ_CALL(csat_retention_profit_table(d, ny, acq, rates, nr, ret, disc, horizon, val,
                                             (byte(r) & 1) ? NULL : gain, FZ_ERR));
    if (st == CSAT_OK)
        FINITE_N(val, nr);
    else
        UNTOUCHED(val, sizeof val, st), UNTOUCHED(gain, sizeof gain, st);
    poison(&ref, sizeof ref);
    st = FZ_CALL(csat_referral_value(count_val(r), count_val(r), count_val(r), unit_val(r),
                                     count_val(r), count_val(r), &ref, FZ_ERR));
    if (st == CSAT_OK) {
        NONNEG(ref.leads), NONNEG(ref.referred), NONNEG(ref.value), NONNEG(ref.value_per_satisfied);
        NONNEG(ref.negative_exposures), FINITE(ref.net_word_of_mouth), NONNEG(ref.satisfied_to_offset);
        CHECK(ref.referred <= ref.leads, "more referred than leads");
    } else {
        UNTOUCHED(&ref, sizeof ref, st);
    }
    { /* share of wallet in C (issue 17) */
        double sp[K], cs[K], sh[K], all;
        int want_all;
        for (size_t k = 0; k < K; k++) {
            cs[k] = byte(r) < 220 ? (double)byte(r) : count_val(r);
            sp[k] = byte(r) < 200 ? cs[k] * unit_val(r) : count_val(r);
        }
        poison(sh, sizeof sh), poison(&all, sizeof all);
        want_all = byte(r) & 1;
        st = FZ_CALL(csat_share_of_wallet(sp, cs, nr, sh, want_all ? &all : NULL, FZ_ERR));
        if (st == CSAT_OK) {
            for (size_t k = 0; k < nr; k++)
                IN_RANGE(sh[k], 0, 1);
            if (want_all)
                IN_RANGE(all, 0, 1);
        } else {
            UNTOUCHED(sh, sizeof sh, st), UNTOUCHED(&all, sizeof all, st);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    fuzz_alloc fa;
    csat_allocator alloc = fuzz_allocator(&fa, &r);
    if (byte(&r) % 2)
        transactions(&r, &alloc);
    else
        while (r.n)
            closed_forms(&r);
    CHECK_NO_LEAK(fa);
    return 0;
}
