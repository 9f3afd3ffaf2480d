/*
 * Escaping text for the markup formats (not public): one escaper, driven
 * by a table per format that says what each ASCII character becomes and
 * which other code points are not allowed, so that HTML, XML and
 * Markdown (and text for a terminal) differ only where their rules differ
 * (quotes, line breaks, C1 controls).  Invalid UTF-8 becomes U+FFFD everywhere.
 */
#ifndef OVP_REPORT_MARKUP_H
#define OVP_REPORT_MARKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"

typedef struct ovp_markup {
	/*
	 * What each ASCII character becomes: NULL for itself when it is
	 * printable, U+FFFD when it is a control character (below ' ', and
	 * DEL); a string for anything else (the character itself, for a
	 * control character the format allows).
	 */
	const char *sub[0x80];
	bool c1;      /* U+0080 to U+009F become U+FFFD */
	bool nonchar; /* U+FFFE and U+FFFF become U+FFFD (XML does not allow them) */
	bool crlf;    /* CR LF is one line break, written as sub['\r'] */
} ovp_markup;

/*
 * HTML text and attribute values alike, double- or single-quoted: the
 * five active characters as entities, line breaks and tabs as spaces,
 * C0 and C1 controls and DEL as U+FFFD.
 */
extern const ovp_markup ovp_markup_html;

/*
 * XML element text: '&', '<' and '>' as entities, tabs and line feeds
 * kept, a carriage return as "&#13;" (parsers would drop it), other C0
 * controls, U+FFFE and U+FFFF (not allowed in XML 1.0) as U+FFFD.
 */
extern const ovp_markup ovp_markup_xml_text;

/* XML attribute values: as element text, and '"', tab and line feed as references (parsers normalise white space in attributes). */
extern const ovp_markup ovp_markup_xml_attr;

/*
 * Inert Markdown text that fits in a table cell: Markdown's active
 * characters backslash-escaped, '&', '<' and '>' as entities, a line
 * break (CR LF, CR or LF) as <br>, a tab as a space, other control
 * characters as U+FFFD.
 */
extern const ovp_markup ovp_markup_markdown;

/*
 * Text for a terminal, from an export that anyone may have written: a
 * tab kept, a line break (CR LF, CR or LF) as a space so that a finding
 * stays on its line, and every other C0 and C1 control and DEL as
 * U+FFFD, so that no escape sequence in a cell reaches the terminal
 * (ESC and CSI could move the cursor, retitle the window or hide text).
 */
extern const ovp_markup ovp_markup_terminal;

/* Append the n bytes at s escaped as m says. */
void ovp_markup_put(ovp_rbuf *b, const ovp_markup *m, const char *s, size_t n);

#endif
