/*
 * The markup escaper (src/report/markup.c) and its tables: each format's
 * rules for the active characters, quotes, line breaks, control
 * characters, C1 controls, noncharacters and invalid UTF-8, exactly; and
 * the table for text on a terminal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/report/markup.h"

static void
check(const ovp_markup *m, const char *in, size_t n, const char *want)
{
	ovp_rbuf b = {0};

	ovp_rbuf_puts(&b, "");
	ovp_markup_put(&b, m, in, n);
	assert_int_equal(b.err, 0);
	if (strcmp(b.data, want) != 0)
		fail_msg("\"%.*s\" escaped as \"%s\", expected \"%s\"", (int)n, in, b.data, want);
	ovp_rbuf_free(&b);
}

#define CHECK(m, in, want) check(&(m), (in), sizeof(in) - 1, (want))

/* What every table shares: plain text as it is, invalid UTF-8 and NUL as U+FFFD. */
static void
test_common(void **state)
{
	static const char plain[] = "Single sign-on (SAML) 2.0, for EMEA; 50% + 10 @ #3!";
	const ovp_markup *all[] = {&ovp_markup_html, &ovp_markup_xml_text, &ovp_markup_xml_attr,
	                           &ovp_markup_markdown};

	(void)state;
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		check(all[i], "", 0, "");
		check(all[i], plain, strlen(plain), plain);
		check(all[i], "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14,
		      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
		check(all[i], "a\xff" "b\xe2\x82", 5, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd");
		check(all[i], "a\0b", 3, "a\xef\xbf\xbd" "b");
		check(all[i], "x\x01\x1b", 3, "x\xef\xbf\xbd\xef\xbf\xbd");
		check(all[i], "a&b<c>d", 7, "a&amp;b&lt;c&gt;d");
	}
}

static void
test_html(void **state)
{
	(void)state;
	CHECK(ovp_markup_html, "\"it's\"", "&quot;it&#39;s&quot;");
	CHECK(ovp_markup_html, "a\tb\nc\r\nd", "a b c  d");
	CHECK(ovp_markup_html, "del\x7f c1\xc2\x85 \xc2\x9f \xc2\xa0",
	      "del\xef\xbf\xbd c1\xef\xbf\xbd \xef\xbf\xbd \xc2\xa0");
	CHECK(ovp_markup_html, "\xef\xbf\xbe", "\xef\xbf\xbe");
	CHECK(ovp_markup_html, "`*_[]|~$\\", "`*_[]|~$\\");
}

static void
test_xml(void **state)
{
	(void)state;
	CHECK(ovp_markup_xml_text, "\"it's\"", "\"it's\"");
	CHECK(ovp_markup_xml_attr, "\"it's\"", "&quot;it's&quot;");
	CHECK(ovp_markup_xml_text, "a\tb\nc\rd", "a\tb\nc&#13;d");
	CHECK(ovp_markup_xml_attr, "a\tb\nc\rd", "a&#9;b&#10;c&#13;d");
	/* DEL and C1 controls are allowed in XML 1.0; U+FFFE and U+FFFF are not. */
	CHECK(ovp_markup_xml_text, "\x7f\xc2\x85", "\x7f\xc2\x85");
	CHECK(ovp_markup_xml_attr, "\xef\xbf\xbe\xef\xbf\xbf\xef\xbf\xbd",
	      "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK(ovp_markup_xml_text, "\x0b\x0c", "\xef\xbf\xbd\xef\xbf\xbd");
}

static void
test_markdown(void **state)
{
	(void)state;
	CHECK(ovp_markup_markdown, "`*_[]|~$\\", "\\`\\*\\_\\[\\]\\|\\~\\$\\\\");
	CHECK(ovp_markup_markdown, "a\r\nb\rc\nd\te", "a<br>b<br>c<br>d e");
	CHECK(ovp_markup_markdown, "a\r", "a<br>");
	CHECK(ovp_markup_markdown, "\"it's\" #1 + 2", "\"it's\" #1 + 2");
	CHECK(ovp_markup_markdown, "del\x7f c1\xc2\x85", "del\xef\xbf\xbd c1\xc2\x85");
}

/* Text for a terminal: nothing escaped but what a terminal would act on. */
static void
test_terminal(void **state)
{
	static const char plain[] = "Single sign-on (SAML) & <more>: `*_[]|~$\\ \"it's\" 50%";

	(void)state;
	check(&ovp_markup_terminal, plain, strlen(plain), plain);
	CHECK(ovp_markup_terminal, "a\tb\r\nc\rd\ne", "a\tb c d e");
	CHECK(ovp_markup_terminal, "\x1b[2J\x1b]0;t\x07", "\xef\xbf\xbd[2J\xef\xbf\xbd]0;t\xef\xbf\xbd");
	CHECK(ovp_markup_terminal, "csi\xc2\x9b" "1m del\x7f",
	      "csi\xef\xbf\xbd" "1m del\xef\xbf\xbd");
	CHECK(ovp_markup_terminal, "a\xff" "b \xc2\xa0", "a\xef\xbf\xbd" "b \xc2\xa0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_common),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_xml),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_terminal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
