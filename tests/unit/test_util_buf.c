/*
 * The growing string with a limit (src/util/buf.c): growth from empty,
 * the limit, the first failure sticking and leaving no room, printf,
 * reset, and plain runs for the escapers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <overpromise/error.h>

#include "src/util/buf.h"

/* Appends from empty keep every byte, in order, with a NUL after them. */
static void
test_grow(void **state)
{
	ovp_rbuf b = {0};
	char want[5000];

	(void)state;
	for (size_t i = 0; i < sizeof want; i++) {
		want[i] = (char)('a' + i % 26);
		ovp_rbuf_putc(&b, want[i]);
	}
	assert_int_equal(b.err, 0);
	assert_int_equal(b.len, sizeof want);
	assert_true(b.cap > b.len);
	assert_memory_equal(b.data, want, sizeof want);
	assert_int_equal(b.data[b.len], '\0');
	ovp_rbuf_puts(&b, "");
	ovp_rbuf_put(&b, "xyz", 0);
	assert_int_equal(b.len, sizeof want);
	ovp_rbuf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.cap, 0);
}

/* Past max bytes: OVP_ELIMIT, what fitted kept, and later appends do nothing. */
static void
test_limit(void **state)
{
	ovp_rbuf b = {.max = 10};

	(void)state;
	ovp_rbuf_puts(&b, "0123456789");
	assert_int_equal(b.err, 0);
	assert_string_equal(b.data, "0123456789");
	ovp_rbuf_putc(&b, 'x');
	assert_int_equal(b.err, OVP_ELIMIT);
	assert_int_equal(b.len, 10);
	ovp_rbuf_puts(&b, "");
	ovp_rbuf_printf(&b, "%d", 1);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	/* No room is left: the quick check sends every writer to the refusal. */
	assert_false(ovp_rbuf_room(&b, 0));
	assert_false(ovp_rbuf_room(&b, 1));
	/* A reset clears the error and keeps the limit. */
	ovp_rbuf_reset(&b);
	assert_int_equal(b.err, 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	ovp_rbuf_puts(&b, "abc");
	assert_string_equal(b.data, "abc");
	ovp_rbuf_puts(&b, "12345678");
	assert_int_equal(b.err, OVP_ELIMIT);
	ovp_rbuf_free(&b);
}

/* A request that would overflow size_t is a limit, not a wrap. */
static void
test_overflow(void **state)
{
	ovp_rbuf b = {.max = SIZE_MAX};

	(void)state;
	ovp_rbuf_puts(&b, "ab");
	assert_false(ovp_rbuf_grow(&b, SIZE_MAX - 1));
	assert_int_equal(b.err, OVP_ELIMIT);
	assert_int_equal(b.len, 2);
	ovp_rbuf_free(&b);

	b = (ovp_rbuf){0};
	assert_false(ovp_rbuf_grow(&b, OVP_RBUF_MAX + 1));
	assert_int_equal(b.err, OVP_ELIMIT);
	ovp_rbuf_free(&b);
}

/* The first failure recorded stays; ovp_rbuf_fail() answers it. */
static void
test_fail_sticks(void **state)
{
	ovp_rbuf b = {0};

	(void)state;
	ovp_rbuf_puts(&b, "kept");
	assert_int_equal(ovp_rbuf_fail(&b, OVP_EIO), OVP_EIO);
	assert_int_equal(ovp_rbuf_fail(&b, OVP_ENOMEM), OVP_EIO);
	assert_int_equal(b.err, OVP_EIO);
	ovp_rbuf_puts(&b, "lost");
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "kept", 4);
	ovp_rbuf_free(&b);
}

/* Room asked for is there to store into directly, with a byte for the NUL. */
static void
test_room(void **state)
{
	ovp_rbuf b = {0};

	(void)state;
	assert_true(ovp_rbuf_room(&b, 1000));
	assert_true(b.cap - b.len > 1000);
	memset(b.data, 'z', 1000);
	b.len = 1000;
	assert_true(ovp_rbuf_room(&b, 3000));
	assert_true(b.cap - b.len > 3000);
	assert_int_equal(b.data[999], 'z');
	ovp_rbuf_free(&b);
}

static void
test_printf(void **state)
{
	ovp_rbuf b = {0};
	char big[600];

	(void)state;
	ovp_rbuf_printf(&b, "%s:%d: %.2f", "deals.csv", 12, 0.5);
	assert_string_equal(b.data, "deals.csv:12: 0.50");
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ovp_rbuf_printf(&b, "[%s]", big);
	assert_int_equal(b.len, 18 + 2 + sizeof big - 1);
	assert_int_equal(b.data[b.len - 1], ']');
	assert_int_equal(b.data[b.len], '\0');
	ovp_rbuf_free(&b);
}

/* The replacement for a byte that decodes to nothing, the bytes themselves otherwise. */
static void
test_put_cp(void **state)
{
	ovp_rbuf b = {0};

	(void)state;
	ovp_rbuf_put_cp(&b, "\xff", 1, 0xFFFD);
	ovp_rbuf_put_cp(&b, "\xef\xbf\xbd", 3, 0xFFFD);
	ovp_rbuf_put_cp(&b, "\xc3\xa9", 2, 0xE9);
	assert_string_equal(b.data, "\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9");
	ovp_rbuf_free(&b);
}

/* A plain run stops at the first byte outside printable ASCII or in the stop set. */
static void
test_rbuf_put_plain(void **state)
{
	static const struct {
		const char *in;
		uint32_t stop;
		size_t run;
	} cases[] = {
		{"", 0, 0},
		{"plain text ~", 0, 12},
		{"a&b", OVP_STOP('&'), 1},
		{"a&b", 0, 3},
		{"\"quoted\"", OVP_STOP('"'), 0},
		{"tab\there", 0, 3},
		{"del\x7f", 0, 3},
		{"caf\xc3\xa9", 0, 3},
		{"x<y>z", OVP_STOP('<') | OVP_STOP('>'), 1},
		{"it's", OVP_STOP('\''), 2},
		{" !#$%()*+,-./09:;=?@AZ[]^_`az{|}~&",
		 OVP_STOP('&') | OVP_STOP('<') | OVP_STOP('>') | OVP_STOP('"') | OVP_STOP('\''), 33},
		{"?@", OVP_STOP('?'), 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ovp_rbuf b = {0};
		size_t n = strlen(cases[i].in);

		ovp_rbuf_put(&b, "|", 1);
		assert_int_equal(ovp_rbuf_put_plain(&b, cases[i].in, n, cases[i].stop), cases[i].run);
		assert_int_equal(b.err, 0);
		assert_int_equal(b.len, 1 + cases[i].run);
		assert_memory_equal(b.data + 1, cases[i].in, cases[i].run);
		assert_int_equal(b.data[b.len], '\0');
		ovp_rbuf_free(&b);
	}
}

/* Writing out empties the buffer; a failed append or write is the answer. */
static void
test_write(void **state)
{
	ovp_rbuf b = {.max = 8};
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len), *ro = fopen("/dev/null", "r");

	(void)state;
	assert_non_null(f);
	assert_non_null(ro);
	assert_int_equal(ovp_rbuf_write(&b, f), 0);
	ovp_rbuf_puts(&b, "line 1\n");
	assert_int_equal(ovp_rbuf_write(&b, f), 0);
	assert_int_equal(b.len, 0);
	ovp_rbuf_puts(&b, "too long for it");
	assert_int_equal(ovp_rbuf_write(&b, f), OVP_ELIMIT);
	assert_int_equal(b.err, 0);
	ovp_rbuf_puts(&b, "line 2\n");
	assert_int_equal(ovp_rbuf_write(&b, ro), OVP_EIO);
	assert_int_equal(b.len, 0);
	fclose(f);
	assert_string_equal(text, "line 1\n");
	free(text);
	fclose(ro);
	ovp_rbuf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_fail_sticks),
		cmocka_unit_test(test_room),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_put_cp),
		cmocka_unit_test(test_rbuf_put_plain),
		cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
