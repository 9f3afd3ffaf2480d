/*
 * JSON text (src/util/json.c): the string writer against jansson's own
 * escaping, byte for byte, for every byte value, at every position
 * relative to the word the writer copies at a time, and at the very end
 * of a block of memory; invalid UTF-8
 * replaced as the jansson value of the same text has it; and indented
 * documents.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <jansson.h>

#include <overpromise/error.h>

#include "src/util/json.h"

/* s through the writer equals jansson's dump of ovp_json_text(s). */
static void
check_string(const char *s)
{
	ovp_rbuf b = {0};
	json_t *j = ovp_json_text(s);
	char *want;

	assert_non_null(j);
	want = json_dumps(j, JSON_ENCODE_ANY);
	assert_non_null(want);
	assert_int_equal(ovp_json_put_string(&b, s), strlen(s));
	assert_int_equal(b.err, 0);
	if (b.len != strlen(want) || memcmp(b.data, want, b.len) != 0)
		fail_msg("\"%s\" written as %.*s, jansson writes %s", s, (int)b.len, b.data, want);
	free(want);
	json_decref(j);
	ovp_rbuf_free(&b);
}

/* Each byte value alone and inside plain text, at each offset in a word and past it. */
static void
test_every_byte(void **state)
{
	char s[64];

	(void)state;
	check_string("");
	for (int c = 1; c < 256; c++) {
		for (size_t at = 0; at < 40; at++) {
			memset(s, 'a', at);
			s[at] = (char)c;
			memcpy(s + at + 1, "tail", 5);
			check_string(s);
			s[at + 1] = '\0';
			check_string(s);
		}
	}
}

/*
 * Strings of every length up to three words, each in a block of its own
 * exactly as long, with a byte that needs escaping at every position:
 * the last bytes, read apart from the words, are read from the string
 * only (the sanitizers and valgrind see a byte read past the block).
 */
static void
test_block_ends(void **state)
{
	(void)state;
	for (size_t n = 1; n <= 3 * OVP_JSON_CHUNK; n++) {
		for (size_t at = 0; at <= n; at++) {
			char *s = malloc(n + 1);

			assert_non_null(s);
			for (size_t i = 0; i < n; i++)
				s[i] = (char)('a' + i % 26);
			if (at < n)
				s[at] = at % 2 ? '"' : '\n';
			s[n] = '\0';
			check_string(s);
			free(s);
		}
	}
}

/* Valid sequences pass as they are, invalid bytes become U+FFFD one each. */
static void
test_utf8(void **state)
{
	ovp_rbuf b = {0};
	json_t *j;

	(void)state;
	check_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 plain text of some length");
	check_string("\xff\xfe cut \xe2\x82");
	check_string("\xed\xa0\x80 surrogate, \xc0\xaf overlong");
	ovp_json_put_string(&b, "a\xffz\xe2\x82");
	assert_string_equal(b.data, "\"a\xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd\"");
	j = ovp_json_text("a\xffz");
	assert_string_equal(json_string_value(j), "a\xef\xbf\xbdz");
	json_decref(j);
	ovp_rbuf_free(&b);
}

/* Escapes as jansson writes them. */
static void
test_escapes(void **state)
{
	ovp_rbuf b = {0};

	(void)state;
	ovp_json_put_string(&b, "q\"b\\n\nr\rt\tb\bf\f\x01\x1f/");
	assert_string_equal(b.data, "\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\f\\u0001\\u001F/\"");
	ovp_rbuf_free(&b);
}

/*
 * A long string with escapes on both sides of each word boundary,
 * non-ASCII text and U+2028/U+2029 (which JSON allows in strings, and
 * jansson writes as they are), exactly as written here, from every
 * starting point, each in a block of its own exactly as long.
 */
static void
test_long_string(void **state)
{
	static const char in[] = "\"quoted\" caf\xc3\xa9\tline\xe2\x80\xa8sep\xe2\x80\xa9 "
	                         "back\\slash \x01\x1f\x7f and 0123456789abcdef\n";
	static const char want[] = "\"\\\"quoted\\\" caf\xc3\xa9\\tline\xe2\x80\xa8sep\xe2\x80\xa9 "
	                           "back\\\\slash \\u0001\\u001F\x7f and 0123456789abcdef\\n\"";
	ovp_rbuf b = {0};
	char *copy = malloc(sizeof in);

	(void)state;
	assert_non_null(copy);
	memcpy(copy, in, sizeof in);
	assert_int_equal(ovp_json_put_string(&b, copy), sizeof in - 1);
	assert_int_equal(b.err, 0);
	assert_int_equal(b.len, sizeof want - 1);
	assert_memory_equal(b.data, want, sizeof want - 1);
	free(copy);
	for (size_t at = 0; at < sizeof in; at++) {
		copy = malloc(sizeof in - at);
		assert_non_null(copy);
		memcpy(copy, in + at, sizeof in - at);
		check_string(copy);
		free(copy);
	}
	ovp_rbuf_free(&b);
}

/* A string that would pass the limit leaves the buffer failed, not overrun. */
static void
test_limit(void **state)
{
	ovp_rbuf b = {.max = 64};
	char s[100];

	(void)state;
	memset(s, 'x', sizeof s - 1);
	s[sizeof s - 1] = '\0';
	ovp_json_put_string(&b, s);
	assert_int_equal(b.err, OVP_ELIMIT);
	assert_int_equal(b.len, 0);
	ovp_rbuf_free(&b);
}

/*
 * The first n bytes of a longer text, written where room was made for
 * them: exactly what the writer writes of those n bytes alone (every
 * cut of a text with quotes, control characters and UTF-8 of two to
 * four bytes, at a plain ASCII byte or at the end), the room asked for
 * never passed, and what follows the room left as it was.
 */
static void
test_escape_at(void **state)
{
	static const char text[] = "ab\"cd\\e\x01\tf \xc3\xa9 g\xe2\x82\xach \xf0\x9f\x98\x80 "
	                           "ij \xff klmnopqrstuvwxyz0123456789 \"end\"";
	const size_t len = sizeof text - 1;

	(void)state;
	for (size_t n = 0; n <= len; n++) {
		char prefix[sizeof text], *out, *end;
		size_t room = OVP_JSON_ROOM(n);
		ovp_rbuf b = {0};

		/* A cut inside a UTF-8 sequence is not one the writer is given. */
		if (n < len && (unsigned char)text[n] >= 0x80)
			continue;
		memcpy(prefix, text, n);
		prefix[n] = '\0';
		ovp_json_put_string(&b, prefix);
		assert_int_equal(b.err, 0);
		out = malloc(room + 1);
		assert_non_null(out);
		out[room] = '#';
		end = ovp_json_escape_at(out, text, n);
		assert_true(end > out && (size_t)(end - out) <= room);
		assert_int_equal((size_t)(end - out), b.len);
		assert_memory_equal(out, b.data, b.len);
		assert_int_equal(out[room], '#');
		free(out);
		ovp_rbuf_free(&b);
	}
}

/* Indented output reads as the dump of the whole document would. */
static void
test_put_json(void **state)
{
	json_t *v = json_pack("{s:i, s:[s, f]}", "a", 1, "b", "x", 0.5);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	assert_int_equal(ovp_put_json(f, v, 4), 0);
	fclose(f);
	assert_string_equal(text, "{\n      \"a\": 1,\n      \"b\": [\n        \"x\",\n        0.5\n      ]\n    }");
	free(text);
	text = NULL;
	f = open_memstream(&text, &len);
	assert_int_equal(ovp_put_json(f, v, 0), 0);
	fclose(f);
	assert_string_equal(text, "{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    0.5\n  ]\n}");
	free(text);
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_block_ends),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_long_string),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_escape_at),
		cmocka_unit_test(test_put_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
