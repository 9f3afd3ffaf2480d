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

/* ovp_hash_bytes() as it was first written, a byte at a time for the last word. */
static uint64_t
hash_bytes_by_byte(const char *s, size_t n)
{
	const uint64_t k = UINT64_C(0x9E3779B97F4A7C15);
	uint64_t h = (uint64_t)n * k, w;
	size_t i = 0;

	for (; n - i >= 8; i += 8) {
		w = 0;
		for (size_t j = 0; j < 8; j++)
			w |= (uint64_t)(unsigned char)s[i + j] << (8 * j);
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	if (i < n) {
		w = 0;
		for (size_t j = i; j < n; j++)
			w |= (uint64_t)(unsigned char)s[j] << (8 * (j - i));
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	h ^= h >> 33;
	h *= UINT64_C(0xFF51AFD7ED558CCD);
	h ^= h >> 33;
	return h;
}

static void
test_tail_word(void **state)
{
	(void)state;
	assert_int_equal(ovp_tail_word("abcdefghij", 10, 2), 0x6A69);
	assert_int_equal(ovp_tail_word("abcdefghij", 10, 7), UINT64_C(0x6A696867666564));
	assert_int_equal(ovp_tail_word("xyz", 3, 3), 0x7A7978);
	assert_int_equal(ovp_tail_word("xyz", 3, 1), 0x7A);
	assert_int_equal(ovp_tail_word("\xFF\x01\x80\x00\x7F", 5, 5), UINT64_C(0x7F008001FF));
	assert_int_equal(ovp_tail_word("pqrstuv", 7, 6), UINT64_C(0x767574737271));
}

/*
 * The hash reads its last bytes a word or two at a time: it must be the
 * hash of the bytes one by one, for every length and alignment, with
 * bytes of every kind (zero, high bit set) and nothing read past the end
 * (each text ends the memory it is copied to, which the sanitisers and
 * valgrind watch).
 */
static void
test_hash_bytes(void **state)
{
	char src[80];

	(void)state;
	for (size_t i = 0; i < sizeof src; i++)
		src[i] = (char)(i * 37 + 11);
	for (size_t n = 0; n <= 64; n++) {
		for (size_t at = 0; at < 8; at++) {
			char *copy = malloc(n > 0 ? n : 1);

			assert_non_null(copy);
			memcpy(copy, src + at, n);
			assert_true(ovp_hash_bytes(copy, n) == hash_bytes_by_byte(src + at, n));
			free(copy);
		}
	}
	/* The length counts: trailing zero bytes still change the hash. */
	assert_true(ovp_hash_bytes("ab\0", 3) != ovp_hash_bytes("ab", 2));
	assert_true(ovp_hash_bytes("single sign on", 14) == hash_bytes_by_byte("single sign on", 14));
}

/*
 * ovp_bytes_equal() against memcmp(): for every length up to 40, equal
 * texts (in buffers of exactly their bytes), and a difference at each
 * place, of one bit or of the high bit, is found.
 */
static void
test_bytes_equal(void **state)
{
	(void)state;
	assert_true(ovp_bytes_equal("", "", 0));
	assert_true(ovp_bytes_equal("single", "single sign on", 6));
	assert_false(ovp_bytes_equal("single sign on", "single sign oN", 14));
	for (size_t n = 0; n <= 40; n++) {
		char *a = malloc(n > 0 ? n : 1), *b = malloc(n > 0 ? n : 1);

		assert_non_null(a);
		assert_non_null(b);
		for (size_t i = 0; i < n; i++)
			a[i] = (char)('a' + i % 26);
		memcpy(b, a, n);
		assert_true(ovp_bytes_equal(a, b, n));
		for (size_t at = 0; at < n; at++) {
			b[at] ^= 0x01;
			assert_false(ovp_bytes_equal(a, b, n));
			assert_false(ovp_bytes_equal(b, a, n));
			b[at] ^= (char)0x81;
			assert_false(ovp_bytes_equal(a, b, n));
			b[at] = a[at];
			assert_true(ovp_bytes_equal(a, b, n));
		}
		free(a);
		free(b);
	}
}

/*
 * A short code as a key of 8 bytes: its bytes then zeros for a code of
 * up to 7 bytes, all zeros (and 8) for one of 8 or more, whatever the
 * key held before.
 */
static void
test_short_key(void **state)
{
	static const struct {
		const char *code;
		size_t len;
		const char key[8];
	} cases[] = {
		{"", 0, {0}},
		{"USD", 3, {'U', 'S', 'D', 0, 0, 0, 0, 0}},
		{"A", 1, {'A', 0, 0, 0, 0, 0, 0, 0}},
		{"ABCDEFG", 7, {'A', 'B', 'C', 'D', 'E', 'F', 'G', 0}},
		{"ABCDEFGH", 8, {0}},
		{"ABCDEFGHIJKL", 8, {0}},
		{"\xe2\x82\xac", 3, {'\xe2', '\x82', '\xac', 0, 0, 0, 0, 0}},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char key[8];

		memset(key, 'x', sizeof key);
		assert_int_equal(ovp_short_key(cases[i].code, key), cases[i].len);
		assert_memory_equal(key, cases[i].key, sizeof key);
	}
}

/*
 * A short copy moves exactly n bytes (every n up to 16, at every
 * offset of a word): the bytes before and after the copy stay as they
 * were.
 */
static void
test_copy_small(void **state)
{
	const char src[] = "abcdefghijklmnopqrstuvwxyz0123456789";

	(void)state;
	for (size_t off = 0; off < 8; off++) {
		for (size_t n = 0; n <= 16; n++) {
			char dst[40];

			memset(dst, '#', sizeof dst);
			ovp_copy_small(dst + off, src + off, n);
			for (size_t i = 0; i < sizeof dst; i++)
				assert_int_equal(dst[i], i >= off && i < off + n ? src[i] : '#');
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_ascii_words),
		cmocka_unit_test(test_key_char),
		cmocka_unit_test(test_tail_word),
		cmocka_unit_test(test_hash_bytes),
		cmocka_unit_test(test_bytes_equal),
		cmocka_unit_test(test_short_key),
		cmocka_unit_test(test_copy_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
