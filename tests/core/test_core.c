/* Status codes, version, allocator plumbing and validation helpers. */
#include "csat_test.h"
#include "core/internal.h"

static void test_status_values_are_pinned(void **state)
{
    (void)state;
    assert_int_equal(CSAT_OK, 0);
    assert_int_equal(CSAT_EINVAL, -1);
    assert_int_equal(CSAT_ENOMEM, -2);
    assert_int_equal(CSAT_EDOM, -3);
    assert_int_equal(CSAT_EEMPTY, -4);
    assert_int_equal(CSAT_ENOCONV, -5);
    assert_int_equal(CSAT_EMISUSE, -6);
    assert_int_equal(CSAT_EINTERNAL, -7);
    assert_int_equal(CSAT_EVERSION, -8);
    assert_int_equal(CSAT_EBUFSIZE, -9);
}

static void test_strerror(void **state)
{
    (void)state;
    for (int s = -9; s <= 0; s++) {
        const char *m = csat_strerror(s);
        assert_non_null(m);
        assert_true(strlen(m) > 0);
        assert_string_not_equal(m, "unknown status code");
    }
    assert_string_equal(csat_strerror(12345), "unknown status code");
}

static void test_version_matches_meson(void **state)
{
    char buf[32];
    (void)state;
    assert_string_equal(CSAT_VERSION_STRING, CSAT_TEST_PROJECT_VERSION);
    assert_string_equal(csat_version_string(), CSAT_TEST_PROJECT_VERSION);
    snprintf(buf, sizeof buf, "%d.%d.%d", CSAT_VERSION_MAJOR, CSAT_VERSION_MINOR, CSAT_VERSION_PATCH);
    assert_string_equal(buf, CSAT_TEST_PROJECT_VERSION);
    assert_int_equal(csat_version_number(), CSAT_VERSION_NUMBER);
    assert_int_equal(csat_soversion(), CSAT_TEST_SOVERSION);
    assert_int_equal(CSAT_SOVERSION, CSAT_TEST_SOVERSION);
    assert_true(CSAT_VERSION_CHECK(0, 1, 0));
    assert_false(CSAT_VERSION_CHECK(99, 0, 0));
}

static void test_allocator_resolve(void **state)
{
    csat_allocator out, bad = {NULL, NULL, NULL, NULL};
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator good = csat_test_allocator(&t);
    void *p;
    (void)state;
    assert_int_equal(csat__allocator_resolve(&out, NULL), CSAT_OK);
    assert_non_null(out.malloc_fn);
    assert_int_equal(csat__allocator_resolve(&out, &bad), CSAT_EINVAL);
    assert_int_equal(csat__allocator_resolve(&out, &good), CSAT_OK);
    p = csat__malloc_array(&out, 10, sizeof(double));
    assert_non_null(p);
    assert_int_equal(t.live, 1);
    csat__free(&out, p);
    assert_int_equal(t.live, 0);
    assert_null(csat__malloc_array(&out, SIZE_MAX / 2, 4)); /* overflow */
}

static void test_array_bytes_ok(void **state)
{
    const size_t h = (size_t)1 << (sizeof(size_t) * 4); /* h * h wraps to 0 */
    (void)state;
    assert_true(csat__array_bytes_ok(0, SIZE_MAX, 8));
    assert_true(csat__array_bytes_ok(SIZE_MAX, 1, 1));
    assert_true(csat__array_bytes_ok(SIZE_MAX / 8, 1, 8));
    assert_false(csat__array_bytes_ok(SIZE_MAX / 8 + 1, 1, 8));
    assert_true(csat__array_bytes_ok(1, SIZE_MAX / 8, 8));
    assert_false(csat__array_bytes_ok(1, SIZE_MAX / 8 + 1, 8));
    assert_false(csat__array_bytes_ok(h, h, 1));
    assert_true(csat__array_bytes_ok(h / 2, h / 4 - 1, 8)); /* h*h - 4h bytes: fits */
    assert_false(csat__array_bytes_ok(h / 2, h / 4, 8));    /* h*h bytes: does not */
    assert_false(csat__array_bytes_ok(SIZE_MAX, SIZE_MAX, 8));
}

static void test_realloc_without_realloc_fn(void **state)
{
    csat_test_alloc t = {-1, 0, 0};
    csat_allocator a = csat_test_allocator(&t);
    int *p, *q;
    (void)state;
    a.realloc_fn = NULL;
    p = csat__malloc_array(&a, 4, sizeof *p);
    for (int i = 0; i < 4; i++)
        p[i] = i + 1;
    q = csat__realloc(&a, p, 4 * sizeof *p, 8 * sizeof *p);
    assert_non_null(q);
    for (int i = 0; i < 4; i++)
        assert_int_equal(q[i], i + 1);
    csat__free(&a, q);
    assert_int_equal(t.live, 0);
}

static void test_fail_and_message(void **state)
{
    csat__base b;
    (void)state;
    memset(&b, 0, sizeof b);
    assert_int_equal(csat__fail(&b, CSAT_EINVAL, "x[%d] is %s", 3, "NaN"), CSAT_EINVAL);
    assert_string_equal(b.err, "x[3] is NaN");
    csat__clear_error(&b);
    assert_string_equal(b.err, "");
    assert_int_equal(csat__fail(NULL, CSAT_EDOM, "ignored"), CSAT_EDOM);
}

static void test_validation(void **state)
{
    const double x[] = {1.0, 2.0, NAN, 4.0};
    const double y[] = {1.0, -0.0, -1.0};
    csat_scale s = {1.0, 5.0, 0}, r = {1.0, 5.0, 1}, bad = {5.0, 1.0, 0};
    (void)state;
    assert_int_equal(csat__first_nonfinite(x, 4), 2);
    assert_int_equal(csat__first_nonfinite(x, 2), 2);
    assert_int_equal(csat__first_not_nonneg(y, 3), 2);
    assert_int_equal(csat__scale_check(&s), CSAT_OK);
    assert_int_equal(csat__scale_check(&bad), CSAT_EINVAL);
    assert_int_equal(csat__scale_check(NULL), CSAT_EINVAL);
    assert_true(csat__scale_contains(&s, 5.0));
    assert_false(csat__scale_contains(&s, 5.1));
    assert_false(csat__scale_contains(&s, NAN));
    csat_assert_close(csat__scale_orient(&r, 2.0), 4.0, 0, 0);
    csat_assert_close(csat__scale_orient(&s, 2.0), 2.0, 0, 0);
    assert_true(csat__version_ok(1, 1));
    assert_false(csat__version_ok(0, 1));
    assert_false(csat__version_ok(2, 1));
    assert_int_equal(csat__classify3(-0.6, 0.5), CSAT_DISSATISFIED);
    assert_int_equal(csat__classify3(0.5, 0.5), CSAT_SATISFIED);
    assert_int_equal(csat__classify3(0.51, 0.5), CSAT_DELIGHTED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_values_are_pinned),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_version_matches_meson),
        cmocka_unit_test(test_allocator_resolve),
        cmocka_unit_test(test_array_bytes_ok),
        cmocka_unit_test(test_realloc_without_realloc_fn),
        cmocka_unit_test(test_fail_and_message),
        cmocka_unit_test(test_validation),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
