/*
 * Tests for ovp_normalize(): the exact strings that titles and promises
 * become before they are compared.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/text.h"

/* Normalise len bytes of s and compare with want. */
static void
check_len(const char *s, size_t len, const char *want)
{
	char *got = ovp_normalize(s, len);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
check(const char *s, const char *want)
{
	check_len(s, strlen(s), want);
}

static void
test_case_and_punctuation(void **state)
{
	(void)state;
	check("Single Sign-On", "single sign on");
	check("single sign on", "single sign on");
	check("SINGLE-SIGN-ON", "single sign on");
	check("  Single   sign-on (SAML)  ", "single sign on saml");
	check("Audit-log export.", "audit log export");
	check("Drag & drop file upload", "drag drop file upload");
	check("24/7 phone support", "24 7 phone support");
	check("SAP S/4HANA", "sap s 4hana");
	check("v2.0", "v2 0");
	check("webhooks \xE2\x80\x93 user events", "webhooks user events"); /* en dash */
	check("don\xE2\x80\x99t", "don t");                                  /* right quote */
	check("\"Status page\"", "status page");
	check("tab\there\r\nnewline", "tab here newline");
	check("snake_case", "snake case");
	check("Dark mode \xF0\x9F\x8C\x99", "dark mode");                    /* crescent moon */
}

static void
test_empty(void **state)
{
	(void)state;
	check("", "");
	check("   ", "");
	check("!!! --- ???", "");
	check_len(NULL, 0, "");
	check("\xE2\x80\x94", ""); /* em dash alone */
}

static void
test_swedish_german_french(void **state)
{
	(void)state;
	check("Åtkomstloggar för administratörer", "atkomstloggar for administratorer");
	check("Exportera till PDF", "exportera till pdf");
	check("Größere Dateianhänge", "grossere dateianhange");
	check("GRÖSSERE DATEIANHÄNGE", "grossere dateianhange");
	check("Straße", "strasse");
	check("STRAẞE", "strasse"); /* capital sharp s */
	check("Zwei-Faktor-Authentifizierung", "zwei faktor authentifizierung");
	check("Tableau de bord personnalisé", "tableau de bord personnalise");
	check("FACTURATION ÉLECTRONIQUE", "facturation electronique");
	check("Conformité RGPD", "conformite rgpd");
	check("Rapport d'intervention", "rapport d intervention");
	check("Cœur de métier", "coeur de metier");
	check("Ærø Ørsted", "aero orsted");
	check("Łódź", "lodz");
	check("Ça coûte très cher à Noël", "ca coute tres cher a noel");
	check("İstanbul", "istanbul");
}

static void
test_compatibility_forms(void **state)
{
	(void)state;
	check("\xEF\xAC\x81le", "file");             /* fi ligature */
	check("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "abc"); /* fullwidth ABC */
	check("x\xC2\xB2", "x2");                    /* superscript two */
	check("\xE2\x91\xA0 step", "1 step");        /* circled digit one */
	check("e\xCC\x81t\xC3\xA9", "ete");          /* decomposed and precomposed e acute */
	check("Authenti\xC2\xAD" "fication", "authentification"); /* soft hyphen */
	check("zero\xE2\x80\x8Bwidth", "zerowidth");  /* zero-width space is ignorable */
	check("non\xC2\xA0" "breaking", "non breaking");
}

static void
test_other_scripts(void **state)
{
	(void)state;
	check("Ελληνικά", "ελληνικα");
	check("Привет, мир", "привет мир");
	check("日本語 テスト", "日本語 テスト");
	/* Half-width katakana with a voiced mark composes; the mark is kept. */
	check("\xEF\xBE\x83\xEF\xBE\x9E\xEF\xBD\xB0\xEF\xBE\x80", "データ");
	check("データ", "データ");
	check("हिंदी", "हिंदी");
	check("한국어", "한국어");
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	check("abc\xFF" "def", "abc def");
	check("caf\xC3\xA9\xFF", "cafe");
	check("\xC3", "");                  /* truncated sequence */
	check("a\xC3(b", "a b");            /* bad continuation */
	check("\xED\xA0\x80x", "x");        /* encoded surrogate */
	check("\xC0\xAF" "etc", "etc");     /* overlong slash */
	check("\xF4\x90\x80\x80z", "z");    /* beyond U+10FFFF */
	check_len("a\0b", 3, "a b");        /* NUL is a separator */
	check_len("\xC3\xA9\0\xC3\xA9", 5, "e e");
}

static void
test_length_is_respected(void **state)
{
	(void)state;
	check_len("Single sign-on", 6, "single");
	check_len("Größe", 3, "gr");        /* cut inside "ö": the half is a separator */
}

/*
 * ASCII texts longer than 16 bytes, which go 16 bytes at a time: single
 * separators at the edges of the 16, two in a row within them and
 * across two, leading and trailing ones.
 */
static void
test_long_ascii(void **state)
{
	(void)state;
	check("Custom dashboards for the Finance team", "custom dashboards for the finance team");
	check("abcdefghijklmno pqrstuvwxyzABCDE", "abcdefghijklmno pqrstuvwxyzabcde");
	check("abcdefghijklmnop qrstuvwxyzABCDEF", "abcdefghijklmnop qrstuvwxyzabcdef");
	check("abcdefghijklmno--pqrstuvwxyzABCDE", "abcdefghijklmno pqrstuvwxyzabcde");
	check("abcdefghijklmnop, qrstuvwxyz", "abcdefghijklmnop qrstuvwxyz");
	check(" abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz");
	check("-Abcdefghijklmnop-Qrstuvwxyz-", "abcdefghijklmnop qrstuvwxyz");
	check("Audit log (EU) - 2027 Q3 [SAML/SCIM]", "audit log eu 2027 q3 saml scim");
	check("a b c d e f g h i j k l m n o p q r s", "a b c d e f g h i j k l m n o p q r s");
	check("ab cd ef gh ij kl mn op-", "ab cd ef gh ij kl mn op");
	check("!@#$%^&*()_+{}|:<>?~`[]\\;',./ \t\n", "");
	check("0123456789 0123456789 0123456789", "0123456789 0123456789 0123456789");
	check("AZ az @[`{ /:", "az az");
}

/* The normalisation of an ASCII text as words of letters and digits, one space between. */
static void
words_of(const char *s, size_t len, char *out)
{
	size_t n = 0;
	bool in_word = false;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (!in_word && n > 0)
				out[n++] = ' ';
			out[n++] = c;
			in_word = true;
		} else {
			in_word = false;
		}
	}
	out[n] = '\0';
}

/* Texts made of letters, digits and separators of each kind, against the words they hold. */
static void
test_ascii_against_words(void **state)
{
	static const char alphabet[] = "aZ09 -.!(";
	uint32_t x = 12345;
	char text[64], want[65];

	(void)state;
	for (int k = 0; k < 20000; k++) {
		size_t len = (size_t)(k % 60);

		for (size_t i = 0; i < len; i++) {
			x = x * 1103515245u + 12345u;
			/* Letters most of the time, as in texts; runs of separators too. */
			text[i] = (x >> 16) % 3 != 0 ? alphabet[(x >> 20) % 4]
			                              : alphabet[4 + (x >> 20) % 5];
		}
		words_of(text, len, want);
		check_len(text, len, want);
	}
}

/*
 * The last bytes of a text, fewer than 16, go in one block too: every
 * length of that tail after 0 to 2 full blocks, with one or two separators
 * placed anywhere in it (single ones, and pairs that send it byte by
 * byte), into a buffer of exactly len + 1 bytes.
 */
static void
test_ascii_tails(void **state)
{
	char text[64], want[65];

	(void)state;
	check("Single Sign On -", "single sign on");
	check("abcdefghijklmnopQ", "abcdefghijklmnopq");
	check("abcdefghijklmnop Q", "abcdefghijklmnop q");
	check("abcdefghijklmno- Q", "abcdefghijklmno q");
	check("abcdefghijklmnop-", "abcdefghijklmnop");
	check("SSO", "sso");
	check(" SSO", "sso");
	check("x", "x");
	check("-", "");
	for (size_t len = 1; len < 48; len++) {
		for (size_t a = 0; a <= len; a++) {
			for (size_t b = a; b <= len; b++) {
				char *out = malloc(len + 1);
				size_t n;

				assert_non_null(out);
				for (size_t i = 0; i < len; i++)
					text[i] = (char)("aB3zQ9mK"[i % 8]);
				/* a == len or b == len: fewer separators. */
				if (a < len)
					text[a] = ' ';
				if (b < len && b != a)
					text[b] = b % 2 != 0 ? '-' : '/';
				words_of(text, len, want);
				n = ovp_normalize_ascii_to(text, len, out);
				assert_string_equal(out, want);
				assert_int_equal(n, strlen(want));
				free(out);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_and_punctuation),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_swedish_german_french),
		cmocka_unit_test(test_compatibility_forms),
		cmocka_unit_test(test_other_scripts),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_length_is_respected),
		cmocka_unit_test(test_long_ascii),
		cmocka_unit_test(test_ascii_against_words),
		cmocka_unit_test(test_ascii_tails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
