/*
 * The loaders' string helpers: trimming (with its quick answer for text
 * that has no blank at either end), ASCII words, and header-key bytes.
 * Every cell of an export passes through them, so each quick path is
 * checked against the long way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/table.h"
#include "src/util/str.h"

/* Trim len bytes of s (exactly those: a copy in its own block) and compare with want. */
static void
check_trim(const char *s, size_t len, const char *want)
{
	char *copy = malloc(len > 0 ? len : 1);
	const char *t;
	size_t n;

	assert_non_null(copy);
	memcpy(copy, s, len);
	t = ovp_trim(copy, len, &n);
	if (n != strlen(want) || memcmp(t, want, n) != 0)
		fail_msg("trim of \"%.*s\": \"%.*s\", expected \"%s\"", (int)len, s, (int)n, t, want);
	/* The long way agrees. */
	t = ovp_trim_ends(copy, len, &n);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(t, want, n);
	free(copy);
}

static void
test_trim(void **state)
{
	(void)state;
	check_trim("", 0, "");
	check_trim("a", 1, "a");
	check_trim(" ", 1, "");
	check_trim(" \t\r\n\v\f", 6, "");
	check_trim("  USD  ", 7, "USD");
	check_trim("\xC2\xA0" "EUR" "\xC2\xA0", 7, "EUR");
	check_trim("\xC2\xA0\xC2\xA0", 4, "");
	/* Half a no-break space is no blank. */
	check_trim("\xC2" "x", 2, "\xC2" "x");
	check_trim("x\xA0", 2, "x\xA0");
	check_trim("\xA0x\xC2", 3, "\xA0x\xC2");
	/* A non-ASCII character at either end stays. */
	check_trim("\xC3\xA9t\xC3\xA9", 5, "\xC3\xA9t\xC3\xA9");
	check_trim("Jos\xC3\xA9 \xC2\xA0", 8, "Jos\xC3\xA9");
	check_trim("a b", 3, "a b");
	check_trim("\x7F", 1, "\x7F");
	/* Only len bytes count. */
	check_trim("ab  ", 2, "ab");
	assert_false(ovp_no_blank_ends("", 0));
	assert_true(ovp_no_blank_ends("!", 1));
	assert_false(ovp_no_blank_ends("a ", 2));
	assert_false(ovp_no_blank_ends("\xC2\xA0" "a", 3));
}

static void
check_words(const char *s, const char *want)
{
	char *w = ovp_ascii_words(s, strlen(s));
	char small[8];
	bool fits;

	assert_non_null(w);
	if (strcmp(w, want) != 0)
		fail_msg("words of \"%s\": \"%s\", expected \"%s\"", s, w, want);
	free(w);
	fits = ovp_ascii_words_in(s, strlen(s), small, sizeof small);
	assert_int_equal(fits, strlen(want) < sizeof small);
	if (fits)
		assert_string_equal(small, want);
}

static void
test_ascii_words(void **state)
{
	char one[1];

	(void)state;
	check_words("", "");
	check_words("-", "");
	check_words(" -- ", "");
	check_words("N/A", "n a");
	check_words("Not Approved!", "not approved");
	check_words("  Jos\xC3\xA9  Kim ", "jos kim");
	check_words("[A]@{Z}`0", "a z 0");
	check_words("abcdefg", "abcdefg");
	check_words("abcdefgh", "abcdefgh");
	check_words("abc defg", "abc defg");
	check_words("abc defg.", "abc defg");
	assert_false(ovp_ascii_words_in("a", 1, one, 0));
	assert_false(ovp_ascii_words_in("a", 1, one, sizeof one));
	assert_true(ovp_ascii_words_in("--", 2, one, sizeof one));
	assert_string_equal(one, "");
}

static void
test_key_char(void **state)
{
	char key[16];

	(void)state;
	for (int c = 1; c < 256; c++) {
		char in[2] = {(char)c, '\0'};
		int k = ovp_key_char((unsigned char)c);

		/* A header key is made of exactly these bytes. */
		ovp_header_key(in, key, sizeof key);
		assert_int_equal((unsigned char)key[0], k);
		if (k != 0)
			assert_int_equal(key[1], '\0');
	}
	assert_int_equal(ovp_key_char('Q'), 'q');
	assert_int_equal(ovp_key_char('7'), '7');
	assert_int_equal(ovp_key_char(0xA0), 0xA0);
	assert_int_equal(ovp_key_char('_'), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_ascii_words),
		cmocka_unit_test(test_key_char),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
