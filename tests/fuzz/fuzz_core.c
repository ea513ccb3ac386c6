/*
 * libFuzzer target for the core conventions every module shares:
 *  - every csat_*_options_init with any version (and NULL): CSAT_OK exactly
 *    for the current version, filling the same values as the INIT macro;
 *    CSAT_EVERSION otherwise with the struct untouched; CSAT_EINVAL for NULL;
 *  - every handle constructor with NULL / complete / incomplete allocators
 *    and allocators that fail: *out untouched on error, no leak, an empty
 *    last_error on a new handle, and free / last_error accept NULL;
 *  - csat_strerror over every int, and the version functions;
 *  - thread settings: csat_parallel_options_init and every handle's
 *    csat_x_set_parallel with any options and executor (issue 18).
 */
#include "csat.h"
#include "fuzz_util.h"

/* Same bits (NaN-safe, -0 distinct). */
#define SAME(f) CHECK(memcmp(&got.f, &want.f, sizeof got.f) == 0, "options field %s differs from the INIT macro", #f)
#define SAME_SCALE(s) SAME(s.min); SAME(s.max); SAME(s.reversed)

#define OPTIONS_CASE(T, fn, VER, INITV, FIELDS)                                                    \
    do {                                                                                           \
        T want = INITV, got;                                                                       \
        csat_status st_;                                                                           \
        poison(&got, sizeof got);                                                                  \
        if (null_opts) {                                                                           \
            st_ = fn(NULL, ver);                                                                   \
            CHECK(st_ == CSAT_EINVAL || (ver != VER && st_ == CSAT_EVERSION), "%s(NULL): %d", #fn, \
                  (int)st_);                                                                       \
            break;                                                                                 \
        }                                                                                          \
        st_ = fn(&got, ver);                                                                       \
        if (ver != VER) {                                                                          \
            CHECK(st_ == CSAT_EVERSION, "%s(version %u): %d", #fn, ver, (int)st_);                 \
            UNTOUCHED(&got, sizeof got, st_);                                                      \
        } else {                                                                                   \
            CHECK(st_ == CSAT_OK, "%s: %d", #fn, (int)st_);                                        \
            FIELDS                                                                                 \
        }                                                                                          \
    } while (0)

static void options(reader *r)
{
    uint8_t which = byte(r), vb = byte(r);
    unsigned int ver = vb < 128 ? 1u : vb < 192 ? (unsigned)(vb & 3) : u32(r);
    int null_opts = (byte(r) & 15) == 0;
    switch (which % 19) {
    case 0:
        OPTIONS_CASE(csat_summary_options, csat_summary_options_init, CSAT_SUMMARY_OPTIONS_VERSION,
                     CSAT_SUMMARY_OPTIONS_INIT,
                     SAME(version); SAME(period); SAME(observation_end); SAME(calibration_end);
                     SAME(time_scale); SAME(period_origin););
        break;
    case 1:
        OPTIONS_CASE(csat_kano_options, csat_kano_options_init, CSAT_KANO_OPTIONS_VERSION, CSAT_KANO_OPTIONS_INIT,
                     SAME(version); SAME(rule); SAME(delta); SAME(grid_threshold); SAME(fong_z);
                     SAME(chisq_min_n); SAME(nan_policy); SAME(score_factor); SAME(max_questionable);
                     SAME(max_indifferent););
        break;
    case 2:
        OPTIONS_CASE(csat_servqual_options, csat_servqual_options_init, CSAT_SERVQUAL_OPTIONS_VERSION,
                     CSAT_SERVQUAL_OPTIONS_INIT,
                     SAME(version); SAME_SCALE(scale); SAME(nan_policy); SAME(n_dimensions);
                     SAME(item_dimension); SAME(reversed_items););
        break;
    case 3:
        OPTIONS_CASE(csat_nps_options, csat_nps_options_init, CSAT_NPS_OPTIONS_VERSION, CSAT_NPS_OPTIONS_INIT,
                     SAME(version); SAME_SCALE(scale); SAME(detractor_max); SAME(promoter_min);
                     SAME(nan_policy););
        break;
    case 4:
        OPTIONS_CASE(csat_csi_options, csat_csi_options_init, CSAT_CSI_OPTIONS_VERSION, CSAT_CSI_OPTIONS_INIT,
                     SAME(version); SAME_SCALE(scale); SAME(method); SAME(nan_policy););
        break;
    case 5:
        OPTIONS_CASE(csat_ipa_options, csat_ipa_options_init, CSAT_IPA_OPTIONS_VERSION, CSAT_IPA_OPTIONS_INIT,
                     SAME(version); SAME(crosshair); SAME_SCALE(importance_scale);
                     SAME_SCALE(performance_scale); SAME(importance_cut); SAME(performance_cut););
        break;
    case 6:
        OPTIONS_CASE(csat_jones_sasser_options, csat_jones_sasser_options_init, CSAT_JONES_SASSER_OPTIONS_VERSION,
                     CSAT_JONES_SASSER_OPTIONS_INIT,
                     SAME(version); SAME_SCALE(scale); SAME(high); SAME(apostle); SAME(terrorist);
                     SAME(nan_policy););
        break;
    case 7:
        OPTIONS_CASE(csat_iceberg_options, csat_iceberg_options_init, CSAT_ICEBERG_OPTIONS_VERSION,
                     CSAT_ICEBERG_OPTIONS_INIT,
                     SAME(version); SAME(complain_share); SAME(silent_lost_share); SAME(people_told);
                     SAME(acquisition_ratio););
        break;
    case 8:
        OPTIONS_CASE(csat_btyd_options, csat_btyd_options_init, CSAT_BTYD_OPTIONS_VERSION, CSAT_BTYD_OPTIONS_INIT,
                     SAME(version); SAME(l2_penalty); SAME(max_iter); SAME(gtol); SAME(start);
                     SAME(standard_errors););
        break;
    case 9:
        OPTIONS_CASE(csat_clv_options, csat_clv_options_init, CSAT_CLV_OPTIONS_VERSION, CSAT_CLV_OPTIONS_INIT,
                     SAME(version); SAME(n_steps); SAME(step); SAME(discount_rate););
        break;
    case 10:
        OPTIONS_CASE(csat_km_options, csat_km_options_init, CSAT_KM_OPTIONS_VERSION, CSAT_KM_OPTIONS_INIT,
                     SAME(version); SAME(conf_type); SAME(conf_level););
        break;
    case 11:
        OPTIONS_CASE(csat_logistic_options, csat_logistic_options_init, CSAT_LOGISTIC_OPTIONS_VERSION,
                     CSAT_LOGISTIC_OPTIONS_INIT,
                     SAME(version); SAME(l2); SAME(fit_intercept); SAME(max_iter); SAME(tol););
        break;
    case 12:
        OPTIONS_CASE(csat_cohort_options, csat_cohort_options_init, CSAT_COHORT_OPTIONS_VERSION,
                     CSAT_COHORT_OPTIONS_INIT, SAME(version); SAME(period); SAME(origin););
        break;
    case 13:
        OPTIONS_CASE(csat_rfm_options, csat_rfm_options_init, CSAT_RFM_OPTIONS_VERSION, CSAT_RFM_OPTIONS_INIT,
                     SAME(version); SAME(bins); SAME(binning); SAME(recency_breaks);
                     SAME(frequency_breaks); SAME(monetary_breaks););
        break;
    case 14:
        OPTIONS_CASE(csat_kmeans_options, csat_kmeans_options_init, CSAT_KMEANS_OPTIONS_VERSION,
                     CSAT_KMEANS_OPTIONS_INIT,
                     SAME(version); SAME(k); SAME(seed); SAME(n_init); SAME(max_iter); SAME(tol);
                     SAME(standardize); SAME(algorithm); SAME(init_centers););
        break;
    case 15:
        OPTIONS_CASE(csat_value_tier_options, csat_value_tier_options_init, CSAT_VALUE_TIER_OPTIONS_VERSION,
                     CSAT_VALUE_TIER_OPTIONS_INIT,
                     SAME(version); SAME(frequency_cut); SAME(amount_cut); SAME(potential_high_amount););
        break;
    case 16:
        OPTIONS_CASE(csat_pyramid_options, csat_pyramid_options_init, CSAT_PYRAMID_OPTIONS_VERSION,
                     CSAT_PYRAMID_OPTIONS_INIT,
                     SAME(version); SAME(rule); SAME(platinum); SAME(gold); SAME(lead_below););
        break;
    case 17:
        OPTIONS_CASE(csat_abc_options, csat_abc_options_init, CSAT_ABC_OPTIONS_VERSION, CSAT_ABC_OPTIONS_INIT,
                     SAME(version); SAME(a_cut); SAME(b_cut); SAME(top_fraction););
        break;
    default:
        OPTIONS_CASE(csat_lifecycle_options, csat_lifecycle_options_init, CSAT_LIFECYCLE_OPTIONS_VERSION,
                     CSAT_LIFECYCLE_OPTIONS_INIT,
                     SAME(version); SAME(window); SAME(acquisition_tenure); SAME(growth);
                     SAME(decline); SAME(measure););
        break;
    }
}

/* A constructor under a fuzzed allocator: NULL (libc), complete, failing at
 * the n-th allocation, or incomplete (no malloc_fn / no free_fn: EINVAL). */
#define NEW_CASE(T, NEW_CALL, FREE, LAST_ERROR)                                                    \
    do {                                                                                           \
        T *h, *const sentinel = (T *)(uintptr_t)0xA5A5A5A5u;                                        \
        csat_status st_;                                                                           \
        h = sentinel;                                                                              \
        st_ = NEW_CALL;                                                                            \
        CHECK_STATUS(st_);                                                                         \
        if (st_ == CSAT_OK) {                                                                      \
            CHECK(h != NULL && h != sentinel, "constructor said OK without a handle");             \
            CHECK(!out_null && !bad_alloc, "constructor accepted a NULL out or incomplete allocator"); \
            CHECK(LAST_ERROR(h)[0] == '\0', "a new handle has a message");                        \
            FREE(h);                                                                               \
        } else {                                                                                   \
            CHECK(h == sentinel, "*out written on error %d", (int)st_);                            \
            CHECK(out_null || bad_alloc || st_ == CSAT_ENOMEM || st_ == CSAT_EINVAL,              \
                  "unexpected error %d", (int)st_);                                                \
        }                                                                                          \
        CHECK(LAST_ERROR(NULL) != NULL, "last_error(NULL) is NULL");                               \
        FREE(NULL);                                                                                \
    } while (0)

static void constructors(reader *r)
{
    fuzz_alloc fa;
    csat_allocator a = fuzz_allocator(&fa, r);
    uint8_t mode = byte(r), which = byte(r);
    const csat_allocator *ap = &a;
    int out_null = (mode & 7) == 0, bad_alloc = 0;
    int kind = (int)(int8_t)byte(r) % 6;
    if ((mode >> 3) % 4 == 0) {
        ap = NULL;
    } else if ((mode >> 3) % 4 == 1) {
        a.realloc_fn = NULL; /* allowed */
    } else if ((mode >> 3) % 8 == 2) {
        a.malloc_fn = NULL;
        bad_alloc = 1;
    } else if ((mode >> 3) % 8 == 3) {
        a.free_fn = NULL;
        bad_alloc = 1;
    }
    switch (which % 8) {
    case 0:
        NEW_CASE(csat_customers, csat_customers_new(out_null ? NULL : &h, ap), csat_customers_free,
                 csat_customers_last_error);
        break;
    case 1:
        NEW_CASE(csat_value_model, csat_value_model_new(out_null ? NULL : &h, ap), csat_value_model_free,
                 csat_value_model_last_error);
        break;
    case 2: {
        int bad_kind = kind < 0 || kind > (int)CSAT_BTYD_GGOMNBD;
        bad_alloc |= bad_kind;
        NEW_CASE(csat_btyd_model, csat_btyd_new(out_null ? NULL : &h, ap, (csat_btyd_kind)kind), csat_btyd_free,
                 csat_btyd_last_error);
        CHECK(csat_btyd_get_kind(NULL) == CSAT_BTYD_BGNBD, "get_kind(NULL)");
        if (!bad_kind && !out_null) {
            csat_btyd_model *m = NULL;
            if (csat_btyd_new(&m, NULL, (csat_btyd_kind)kind) == CSAT_OK) {
                CHECK(csat_btyd_get_kind(m) == (csat_btyd_kind)kind, "get_kind");
                csat_btyd_free(m);
            }
        }
        break;
    }
    case 3:
        NEW_CASE(csat_spend_model, csat_spend_new(out_null ? NULL : &h, ap), csat_spend_free,
                 csat_spend_last_error);
        break;
    case 4:
        NEW_CASE(csat_sbg, csat_sbg_new(out_null ? NULL : &h, ap), csat_sbg_free, csat_sbg_last_error);
        break;
    case 5:
        NEW_CASE(csat_km, csat_km_new(out_null ? NULL : &h, ap), csat_km_free, csat_km_last_error);
        break;
    case 6:
        NEW_CASE(csat_logistic, csat_logistic_new(out_null ? NULL : &h, ap), csat_logistic_free,
                 csat_logistic_last_error);
        break;
    default:
        NEW_CASE(csat_kmeans, csat_kmeans_new(out_null ? NULL : &h, ap), csat_kmeans_free,
                 csat_kmeans_last_error);
        break;
    }
    CHECK_NO_LEAK(fa);
}

static void versions(reader *r)
{
    int code = (int)u32(r);
    const char *s = csat_strerror(code);
    CHECK(s != NULL && s[0] != '\0', "strerror(%d) empty", code);
    CHECK(strcmp(csat_version_string(), CSAT_VERSION_STRING) == 0, "version string");
    CHECK(csat_version_number() == CSAT_VERSION_NUMBER, "version number");
    CHECK(csat_soversion() == CSAT_SOVERSION, "soversion");
}

static int exec_inline(void *user, size_t n, csat_task_fn task, void *ctx)
{
    (void)user;
    for (size_t i = 0; i < n; i++)
        task(ctx, i);
    return 0;
}

#define SET_CASE(T, mk, setter, fr, le)                                                            \
    do {                                                                                           \
        T *h = NULL;                                                                               \
        csat_status st_;                                                                           \
        CHECK(setter(NULL, op) == CSAT_EINVAL, "%s(NULL)", #setter);                               \
        if (mk != CSAT_OK)                                                                         \
            break;                                                                                 \
        st_ = setter(h, op);                                                                       \
        CHECK(st_ == want, "%s: %d, expected %d", #setter, (int)st_, (int)want);                   \
        CHECK((st_ == CSAT_OK) == (le(h)[0] == '\0'), "%s: last_error \"%s\" with status %d",    \
              #setter, le(h), (int)st_);                                                           \
        CHECK(setter(h, NULL) == CSAT_OK, "%s(h, NULL)", #setter);                                 \
        fr(h);                                                                                     \
    } while (0)

static void parallel(reader *r)
{
    static const size_t pls_items[2] = {0, 1};
    static const unsigned char pls_paths[4] = {0, 1, 0, 0};
    csat_parallel_options o, want_o = CSAT_PARALLEL_OPTIONS_INIT;
    csat_executor ex = {CSAT_EXECUTOR_VERSION, 1, exec_inline, NULL};
    const csat_parallel_options *op = &o;
    uint8_t vb = byte(r), tb = byte(r), eb = byte(r), which = byte(r);
    unsigned int ver = vb < 200 ? CSAT_PARALLEL_OPTIONS_VERSION : (unsigned)(vb & 3);
    csat_status want = CSAT_OK;
    size_t n = csat_parallel_cpu_count();
    CHECK(n >= 1 && n <= CSAT_MAX_THREADS, "cpu_count %zu", n);
    poison(&o, sizeof o);
    if (ver != CSAT_PARALLEL_OPTIONS_VERSION) {
        CHECK(csat_parallel_options_init(&o, ver) == CSAT_EVERSION, "options_init(version %u)", ver);
        UNTOUCHED(&o, sizeof o, CSAT_EVERSION);
        o = want_o;
        o.version = ver;
        want = CSAT_EVERSION;
    } else {
        CHECK(csat_parallel_options_init(&o, ver) == CSAT_OK, "options_init");
        CHECK(o.version == want_o.version && o.n_threads == want_o.n_threads && o.executor == want_o.executor,
              "options_init differs from the INIT macro");
    }
    o.n_threads = tb < 240 ? (size_t)(tb % 10) : (size_t)u32(r);
    if (eb % 4 == 1) {
        ex.n_workers = (size_t)(eb >> 2) * 5; /* 0 and > CSAT_MAX_THREADS are errors */
        ex.version = (eb & 128) ? 2 : CSAT_EXECUTOR_VERSION;
        ex.run = (eb & 64) ? NULL : exec_inline;
        o.executor = &ex;
        if (want == CSAT_OK) {
            if (ex.version != CSAT_EXECUTOR_VERSION)
                want = CSAT_EVERSION;
            else if (ex.run == NULL || ex.n_workers < 1 || ex.n_workers > CSAT_MAX_THREADS)
                want = CSAT_EINVAL;
        }
    } else {
        o.executor = NULL;
        if (want == CSAT_OK && o.n_threads > CSAT_MAX_THREADS)
            want = CSAT_EINVAL;
    }
    if (eb % 4 == 2) {
        op = NULL;
        want = CSAT_OK;
    }
    switch (which % 10) {
    case 0: SET_CASE(csat_customers, csat_customers_new(&h, NULL), csat_customers_set_parallel, csat_customers_free, csat_customers_last_error); break;
    case 1: SET_CASE(csat_value_model, csat_value_model_new(&h, NULL), csat_value_model_set_parallel, csat_value_model_free, csat_value_model_last_error); break;
    case 2: SET_CASE(csat_btyd_model, csat_btyd_new(&h, NULL, CSAT_BTYD_GGOMNBD), csat_btyd_set_parallel, csat_btyd_free, csat_btyd_last_error); break;
    case 3: SET_CASE(csat_spend_model, csat_spend_new(&h, NULL), csat_spend_set_parallel, csat_spend_free, csat_spend_last_error); break;
    case 4: SET_CASE(csat_sbg, csat_sbg_new(&h, NULL), csat_sbg_set_parallel, csat_sbg_free, csat_sbg_last_error); break;
    case 5: SET_CASE(csat_km, csat_km_new(&h, NULL), csat_km_set_parallel, csat_km_free, csat_km_last_error); break;
    case 6: SET_CASE(csat_cox, csat_cox_new(&h, NULL), csat_cox_set_parallel, csat_cox_free, csat_cox_last_error); break;
    case 7: SET_CASE(csat_logistic, csat_logistic_new(&h, NULL), csat_logistic_set_parallel, csat_logistic_free, csat_logistic_last_error); break;
    case 8: SET_CASE(csat_kmeans, csat_kmeans_new(&h, NULL), csat_kmeans_set_parallel, csat_kmeans_free, csat_kmeans_last_error); break;
    default: SET_CASE(csat_pls, csat_pls_new(&h, NULL, pls_items, 2, pls_paths, 2, NULL, NULL), csat_pls_set_parallel, csat_pls_free, csat_pls_last_error); break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    while (r.n) {
        switch (byte(&r) % 4) {
        case 0: options(&r); break;
        case 1: constructors(&r); break;
        case 2: versions(&r); break;
        default: parallel(&r); break;
        }
    }
    return 0;
}
