/*
 * Escaping text for the markup formats (markup.h).
 */
#include <stdint.h>
#include <string.h>

#include "../util/utf8.h"
#include "markup.h"

#define REPLACEMENT "\xEF\xBF\xBD"

const ovp_markup ovp_markup_html = {
	.sub = {['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
	        ['\t'] = " ", ['\n'] = " ", ['\r'] = " "},
	.c1 = true,
};

const ovp_markup ovp_markup_xml_text = {
	.sub = {['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['\t'] = "\t", ['\n'] = "\n",
	        ['\r'] = "&#13;", [0x7F] = "\x7F"},
	.nonchar = true,
};

const ovp_markup ovp_markup_xml_attr = {
	.sub = {['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\t'] = "&#9;",
	        ['\n'] = "&#10;", ['\r'] = "&#13;", [0x7F] = "\x7F"},
	.nonchar = true,
};

const ovp_markup ovp_markup_markdown = {
	.sub = {['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['\\'] = "\\\\", ['`'] = "\\`",
	        ['*'] = "\\*", ['_'] = "\\_", ['['] = "\\[", [']'] = "\\]", ['|'] = "\\|",
	        ['~'] = "\\~", ['$'] = "\\$", ['\t'] = " ", ['\n'] = "<br>", ['\r'] = "<br>"},
	.crlf = true,
};

const ovp_markup ovp_markup_terminal = {
	.sub = {['\t'] = "\t", ['\n'] = " ", ['\r'] = " "},
	.c1 = true,
	.crlf = true,
};

void
ovp_markup_put(ovp_rbuf *b, const ovp_markup *m, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c;
		size_t run = i, len;
		uint32_t cp;

		/* Runs of printable ASCII that stays as it is go at once. */
		for (; run < n; run++) {
			c = (unsigned char)s[run];
			if (c < 0x20 || c >= 0x7F || m->sub[c] != NULL)
				break;
		}
		if (run > i) {
			ovp_rbuf_put(b, s + i, run - i);
			i = run;
			continue;
		}
		c = (unsigned char)s[i];
		if (c < 0x80) {
			if (c == '\r' && m->crlf && i + 1 < n && s[i + 1] == '\n')
				i++;
			ovp_rbuf_puts(b, m->sub[c] != NULL ? m->sub[c] : REPLACEMENT);
			i++;
			continue;
		}
		len = ovp_utf8_next(s + i, n - i, &cp);
		if ((cp == 0xFFFD && len == 1) || (m->c1 && cp <= 0x9F) ||
		    (m->nonchar && (cp == 0xFFFE || cp == 0xFFFF)))
			ovp_rbuf_puts(b, REPLACEMENT);
		else
			ovp_rbuf_put(b, s + i, len);
		i += len;
	}
}
