/*
 * The HTML report's texts: every text from the exports escaped for HTML
 * text and attributes alike, cut to fit a column, and the days, amounts,
 * windows and rule names as the page writes them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "../util/str.h"
#include "html_impl.h"
#include "markup.h"

void
ovp_html_put_n(ovp_rbuf *b, const char *s, size_t n)
{
	ovp_markup_put(b, &ovp_markup_html, s, n);
}

void
ovp_html_put(ovp_rbuf *b, const char *s)
{
	ovp_html_put_n(b, s, strlen(s));
}

/* Display columns of the code point cp: two for a wide character, none for a combining one. */
static int
columns(uint32_t cp, size_t len)
{
	int w = cp == 0xFFFD && len == 1 ? 1 : utf8proc_charwidth((utf8proc_int32_t)cp);

	return w < 0 ? 1 : w;
}

/*
 * Append s as ovp_html_put() does, but when it is wider than cols display
 * columns, only as much as fits in cols - 1 and an ellipsis, so that a
 * label stays in its column (the clip path that also keeps it there
 * would cut it without a sign).
 */
void
ovp_html_put_cut(ovp_rbuf *b, const char *s, int cols)
{
	size_t n = strlen(s), i = 0, fits = 0;
	int used = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = ovp_utf8_next(s + i, n - i, &cp);

		used += columns(cp, len);
		if (used > cols) {
			ovp_html_put_n(b, s, fits);
			ovp_rbuf_puts(b, "\xE2\x80\xA6");
			return;
		}
		i += len;
		if (used <= cols - 1)
			fits = i;
	}
	ovp_html_put_n(b, s, n);
}

/*
 * A copy of s cut to at most TEXT_MAX bytes on a character boundary,
 * with an ellipsis when anything was cut; NULL when out of memory.
 */
char *
ovp_html_cut_dup(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;
	bool cut = n > TEXT_MAX;
	char *d;

	if (cut) {
		n = TEXT_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	d = malloc(n + 4);
	if (d == NULL)
		return NULL;
	if (n > 0)
		memcpy(d, s, n);
	if (cut)
		memcpy(d + n, "\xE2\x80\xA6", 3);
	d[n + (cut ? 3 : 0)] = '\0';
	return d;
}

void
ovp_html_put_day(ovp_rbuf *b, ovp_day d)
{
	char iso[OVP_DATE_ISO_SIZE];

	if (d != OVP_DAY_NONE)
		ovp_rbuf_puts(b, ovp_day_format(d, iso));
}

void
ovp_html_put_money(ovp_rbuf *b, const char *currency, double amount)
{
	char text[64];

	ovp_money_format(currency, amount, text, sizeof text);
	ovp_html_put(b, text);
}

/* "Q1 2027 (to 2027-03-31)", or the day alone when that is what was written. */
void
ovp_html_put_planned(ovp_rbuf *b, ovp_window planned, const char *text, bool later)
{
	char iso[OVP_DATE_ISO_SIZE];

	if (later) {
		ovp_rbuf_puts(b, "Later");
		return;
	}
	if (!ovp_window_is_set(planned)) {
		ovp_rbuf_puts(b, "no date");
		return;
	}
	ovp_day_format(planned.end, iso);
	if (planned.period == OVP_PERIOD_DAY || text == NULL || text[0] == '\0' ||
	    strcmp(text, iso) == 0) {
		ovp_rbuf_puts(b, iso);
		return;
	}
	ovp_html_put(b, text);
	ovp_rbuf_printf(b, " (to %s)", iso);
}

/* The names of the rules in mask, in catalogue order, separated by ", ". */
void
ovp_html_put_rules(ovp_rbuf *b, uint32_t mask)
{
	bool first = true;

	for (int r = 0; r < OVP_RULE_COUNT; r++) {
		if (!(mask & ((uint32_t)1 << r)))
			continue;
		ovp_rbuf_printf(b, "%s%s", first ? "" : ", ", ovp_rule_get((ovp_rule_id)r)->name);
		first = false;
	}
}

const char *
ovp_html_sev_class(ovp_severity s)
{
	return s == OVP_SEV_OFF ? "ok" : ovp_severity_name(s);
}

/* Write what is rendered when there is enough of it (or always, when force). */
int
ovp_html_flush(html_sink *hs, bool force)
{
	ovp_rbuf *b = &hs->buf;

	if (b->err != 0)
		return b->err;
	if (!force && b->len < FLUSH_AT)
		return 0;
	return ovp_rbuf_write(b, hs->base.out);
}
