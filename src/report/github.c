/*
 * GitHub Actions workflow commands, one line per finding, which the
 * runner turns into annotations on the deals or roadmap file:
 *
 *     ::error file=deals.csv,line=12,title=OVP004 late::"SSO" promised by ...
 *
 * error, warning and notice (for note) are the three annotation levels.
 * Values are escaped exactly as @actions/core escapes them
 * (toolkit/packages/core/src/command.ts): in the message '%', CR and LF
 * become %25, %0D and %0A; in properties ':' and ',' also become %3A
 * and %2C.  Findings in the baseline are left out: an annotation cannot
 * be marked as accepted, and showing it would defeat the baseline.  The
 * last line, in every report, is a notice with the counts per severity
 * that says what GitHub does not show: at most 10 error and 10 warning
 * annotations of a step are shown, the rest only in the log.
 */
#include <stdlib.h>
#include <string.h>

#include <overpromise/report.h>

#include "report_impl.h"

typedef struct github_sink {
	ovp_sink base;
	ovp_rbuf line;
} github_sink;

/* Append s escaped as a property value or (not property) as the message; invalid UTF-8 as U+FFFD. */
static void
escape(ovp_rbuf *b, const char *s, bool property)
{
	for (size_t i = 0, n = strlen(s); i < n;) {
		uint32_t cp;
		size_t len = ovp_utf8_next(s + i, n - i, &cp);

		i += len;
		switch (cp) {
		case '%':
			ovp_rbuf_puts(b, "%25");
			break;
		case '\r':
			ovp_rbuf_puts(b, "%0D");
			break;
		case '\n':
			ovp_rbuf_puts(b, "%0A");
			break;
		case ':':
			ovp_rbuf_puts(b, property ? "%3A" : ":");
			break;
		case ',':
			ovp_rbuf_puts(b, property ? "%2C" : ",");
			break;
		default:
			ovp_rbuf_put_cp(b, s + i - len, len, cp);
		}
	}
}

static const char *
command(ovp_severity s)
{
	switch (s) {
	case OVP_SEV_ERROR:
		return "error";
	case OVP_SEV_WARNING:
		return "warning";
	default:
		return "notice";
	}
}

static int
github_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	github_sink *gs = (github_sink *)s;
	const ovp_rule *rule = ovp_rule_get(f->rule);
	ovp_rbuf *b = &gs->line;

	if (f->suppressed)
		return ovp_sink_result(s, 0, err);
	ovp_rbuf_reset(b);
	ovp_rbuf_printf(b, "::%s file=", command(f->severity));
	escape(b, f->file != NULL ? f->file : "", true);
	if (f->line > 0)
		ovp_rbuf_printf(b, ",line=%ld", f->line);
	ovp_rbuf_puts(b, ",title=");
	escape(b, rule->code, true);
	ovp_rbuf_putc(b, ' ');
	escape(b, rule->name, true);
	ovp_rbuf_puts(b, "::");
	escape(b, f->message != NULL ? f->message : "", false);
	ovp_rbuf_putc(b, '\n');
	if (b->err != 0)
		return ovp_sink_result(s, b->err, err);
	return ovp_sink_result(s, fwrite(b->data, 1, b->len, s->out) == b->len ? 0 : OVP_EIO, err);
}

/* "1 error", "2 warnings". */
static void
count(ovp_rbuf *b, unsigned long n, const char *what)
{
	ovp_rbuf_printf(b, "%lu %s%s", n, what, n == 1 ? "" : "s");
}

/*
 * The last line: a notice with the counts per severity, and what GitHub
 * leaves out (it shows 10 error and 10 warning annotations of a step;
 * the lines past that are still in the log).
 */
static int
github_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	github_sink *gs = (github_sink *)s;
	ovp_rbuf *b = &gs->line;

	ovp_rbuf_reset(b);
	ovp_rbuf_puts(b, "::notice title=overpromise::");
	count(b, sum->by_severity[OVP_SEV_ERROR], "error");
	ovp_rbuf_puts(b, ", ");
	count(b, sum->by_severity[OVP_SEV_WARNING], "warning");
	ovp_rbuf_puts(b, ", ");
	count(b, sum->by_severity[OVP_SEV_NOTE], "note");
	if (sum->suppressed > 0)
		ovp_rbuf_printf(b, " (%lu more in the baseline, not annotated)", sum->suppressed);
	ovp_rbuf_puts(b, ". GitHub shows at most 10 error and 10 warning annotations per step; "
	                 "the findings past that are in this log but not shown as annotations "
	                 "(--format sarif gives them all to code scanning)\n");
	if (b->err != 0)
		return ovp_sink_result(s, b->err, err);
	if (fwrite(b->data, 1, b->len, s->out) != b->len)
		return ovp_sink_result(s, OVP_EIO, err);
	return ovp_sink_result(s, ferror(s->out) ? OVP_EIO : 0, err);
}

static void
github_destroy(ovp_sink *s)
{
	github_sink *gs = (github_sink *)s;

	ovp_rbuf_free(&gs->line);
	free(gs);
}

static const ovp_sink_ops github_ops = {
	.name = "github",
	.begin = NULL,
	.finding = github_finding,
	.explain = NULL,
	.end = github_end,
	.destroy = github_destroy,
};

ovp_sink *
ovp_sink_github_new(void)
{
	github_sink *gs = calloc(1, sizeof *gs);

	if (gs == NULL)
		return NULL;
	gs->base.ops = &github_ops;
	return &gs->base;
}
