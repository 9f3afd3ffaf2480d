/*
 * JUnit XML, for CI systems that show test results (Jenkins, GitLab,
 * Azure DevOps...).  It validates against the Jenkins xUnit schema
 * (junit-10.xsd), the strictest reader in use.
 *
 * One <testsuite name="overpromise"> in a <testsuites>.  Every deal
 * checked is a <testcase> (classname: its account, else "deals"; name:
 * the deal's name, else its id), with findings or without: a check is
 * a test, and a deal that passes it is a passing test.  A finding at or
 * above --fail-on (meta->fail_on) is a <failure> of its deal's case
 * (message "OVP004 late: ...", type the rule code, the details as text);
 * the deal's lower findings, and those in the baseline, are lines of
 * the case's <system-out>, so that notes never fail a case.  Findings
 * without a deal get test cases of their own, each only when there are
 * such findings: the roadmap's data-quality findings (classname
 * "roadmap", name "data quality of FILE"), those about the deals file as
 * a whole ("deals", "data quality of FILE"), and the portfolio findings
 * ("roadmap", "portfolio").  A report without any case holds one
 * passing test case, "overpromise check", since several CI systems take
 * an empty report for a broken job.
 *
 * tests counts the test cases, failures the failing ones; errors and
 * skipped are 0.  No time, timestamp or hostname is written, so that the
 * same input gives the same bytes.  The schema wants the counts on the
 * opening <testsuite> tag, so the test cases are spooled until the end
 * (in memory up to a threshold, then in a temporary file).  A case's
 * <system-out> is kept in memory until the case ends, up to
 * SYSOUT_MAX bytes; the lines past that are counted, not listed.
 *
 * Every text is escaped for XML 1.0; the characters XML 1.0 cannot carry
 * at all (control characters other than tab, LF, CR; U+FFFE, U+FFFF)
 * and invalid UTF-8 become U+FFFD.
 */
#include <stdlib.h>
#include <string.h>

#include <overpromise/report.h>

#include "../util/str.h"
#include "markup.h"
#include "report_impl.h"

/* Most bytes of one test case's <system-out>. */
#define SYSOUT_MAX ((size_t)1 << 20)

typedef struct junit_sink {
	ovp_sink base;
	ovp_spool body;      /* the test cases written so far */
	ovp_rbuf buf;        /* what is being rendered */
	ovp_rbuf head;       /* the opening tag of the case at hand, without its ">" */
	ovp_rbuf next;       /* what the case at hand is about */
	ovp_rbuf open_head;  /* the opening tag of the open case */
	ovp_rbuf key;        /* what the open case is about */
	ovp_rbuf sysout;     /* the open case's lower findings, escaped */
	unsigned long unlisted; /* lines left out of sysout */
	bool open;           /* a test case is open */
	bool head_written;   /* its opening tag is in the body (it has a failure) */
	bool failed;         /* it has a failure */
	unsigned long tests, failures;
} junit_sink;

/* Append s escaped for XML, as an attribute value (attr) or as element text. */
static void
xml_put(ovp_rbuf *b, const char *s, bool attr)
{
	ovp_markup_put(b, attr ? &ovp_markup_xml_attr : &ovp_markup_xml_text, s, strlen(s));
}

/* "PRJ-123 Single sign-on", or whichever of the two the item has. */
static void
put_item_label(ovp_rbuf *b, const ovp_item *it)
{
	ovp_rbuf_puts(b, it->id);
	if (it->id[0] != '\0' && it->title[0] != '\0')
		ovp_rbuf_putc(b, ' ');
	ovp_rbuf_puts(b, it->title);
	if (it->id[0] == '\0' && it->title[0] == '\0')
		ovp_rbuf_printf(b, "(item on line %ld)", it->line);
}

/*
 * The test case of a deal, as a key (into js->next) and as the opening
 * tag of the case (into js->head).  Returns 0 or the error of a buffer.
 */
static int
deal_case(junit_sink *js, const ovp_deal *d, const char *file)
{
	ovp_rbuf *k = &js->next, *b = &js->head;

	ovp_rbuf_reset(k);
	ovp_rbuf_reset(b);
	ovp_rbuf_printf(k, "deal\x1f%ld\x1f%s", d->line, file);
	ovp_rbuf_puts(b, "    <testcase classname=\"");
	xml_put(b, d->account[0] != '\0' ? d->account : "deals", true);
	ovp_rbuf_puts(b, "\" name=\"");
	xml_put(b, ovp_deal_display_name(d), true);
	ovp_rbuf_putc(b, '"');
	return b->err != 0 ? b->err : k->err;
}

/*
 * What a finding's test case is about, as deal_case() does: its deal,
 * else the portfolio, else the file it is about.
 */
static int
case_of(junit_sink *js, const ovp_finding *f)
{
	const char *file = f->file != NULL ? f->file : "";
	size_t nroadmaps;
	const char *const *roadmaps = ovp_report_roadmaps(js->base.meta, &nroadmaps);
	ovp_rbuf *k = &js->next, *b = &js->head;

	if (f->deal != NULL)
		return deal_case(js, f->deal, file);
	ovp_rbuf_reset(k);
	ovp_rbuf_reset(b);
	if (f->rule == OVP_RULE_CONCENTRATION) {
		ovp_rbuf_puts(k, "portfolio");
		ovp_rbuf_puts(b, "    <testcase classname=\"roadmap\" name=\"portfolio\"");
	} else {
		bool is_roadmap = false;

		for (size_t i = 0; i < nroadmaps && !is_roadmap; i++)
			is_roadmap = strcmp(file, roadmaps[i]) == 0;

		ovp_rbuf_printf(k, "file\x1f%s", file);
		ovp_rbuf_printf(b, "    <testcase classname=\"%s\" name=\"data quality of ",
		                is_roadmap ? "roadmap" : "deals");
		xml_put(b, file, true);
		ovp_rbuf_putc(b, '"');
	}
	return b->err != 0 ? b->err : k->err;
}

/* Write the open test case's end (and its system-out) to the spool. */
static int
close_case(junit_sink *js)
{
	ovp_rbuf *b = &js->buf;

	if (!js->open)
		return 0;
	ovp_rbuf_reset(b);
	if (!js->head_written)
		ovp_rbuf_put(b, js->open_head.data, js->open_head.len);
	if (js->sysout.len > 0 || js->unlisted > 0) {
		if (!js->head_written)
			ovp_rbuf_puts(b, ">\n");
		ovp_rbuf_puts(b, "      <system-out>");
		ovp_rbuf_put(b, js->sysout.data, js->sysout.len);
		if (js->unlisted > 0)
			ovp_rbuf_printf(b, "(%lu more not listed here: see the full report)\n",
			                js->unlisted);
		ovp_rbuf_puts(b, "</system-out>\n    </testcase>\n");
	} else {
		ovp_rbuf_puts(b, js->head_written ? "    </testcase>\n" : "/>\n");
	}
	if (b->err != 0)
		return b->err;
	js->open = false;
	js->tests++;
	if (js->failed)
		js->failures++;
	js->failed = false;
	js->head_written = false;
	js->unlisted = 0;
	ovp_rbuf_reset(&js->sysout);
	return ovp_spool_write(&js->body, b->data, b->len);
}

/* Make the case of js->next and js->head the open one, unless it is already. */
static int
enter_case(junit_sink *js)
{
	int rc;

	if (js->open && js->key.len == js->next.len &&
	    memcmp(js->key.data, js->next.data, js->key.len) == 0)
		return 0;
	rc = close_case(js);
	if (rc < 0)
		return rc;
	ovp_rbuf_reset(&js->key);
	ovp_rbuf_put(&js->key, js->next.data, js->next.len);
	ovp_rbuf_reset(&js->open_head);
	ovp_rbuf_put(&js->open_head, js->head.data, js->head.len);
	if (js->key.err != 0 || js->open_head.err != 0)
		return js->key.err != 0 ? js->key.err : js->open_head.err;
	js->open = true;
	return 0;
}

/* The details of a finding, as plain lines (not yet escaped). */
static void
details(ovp_rbuf *b, const ovp_finding *f)
{
	const ovp_rule *rule = ovp_rule_get(f->rule);
	char day[OVP_DATE_ISO_SIZE];

	ovp_rbuf_printf(b, "%s %s %s at %s", ovp_severity_name(f->severity), rule->code,
	                rule->name, f->file != NULL ? f->file : "");
	if (f->line > 0)
		ovp_rbuf_printf(b, ":%ld", f->line);
	ovp_rbuf_printf(b, "\n%s\n", f->message != NULL ? f->message : "");
	if (f->deal != NULL) {
		const ovp_deal *d = f->deal;

		ovp_rbuf_printf(b, "deal: %s", ovp_deal_display_name(d));
		if (d->id[0] != '\0' && d->name[0] != '\0')
			ovp_rbuf_printf(b, " (id %s)", d->id);
		if (d->account[0] != '\0')
			ovp_rbuf_printf(b, "; account: %s", d->account);
		if (d->has_amount) {
			char money[64];

			ovp_money_format(d->currency, d->amount, money, sizeof money);
			ovp_rbuf_printf(b, "; amount: %s", money);
		}
		if (d->stage[0] != '\0')
			ovp_rbuf_printf(b, "; stage: %s", d->stage);
		if (d->owner != NULL && d->owner[0] != '\0')
			ovp_rbuf_printf(b, "; owner: %s", d->owner);
		if (ovp_window_is_set(d->close))
			ovp_rbuf_printf(b, "; close: %s", ovp_day_format(d->close.end, day));
		ovp_rbuf_putc(b, '\n');
	}
	if (f->promise != NULL) {
		const ovp_promise *p = f->promise;

		ovp_rbuf_printf(b, "promise: %s", p->text);
		if (ovp_window_is_set(p->due))
			ovp_rbuf_printf(b, "; due: %s", ovp_day_format(p->due.end, day));
		ovp_rbuf_putc(b, '\n');
	}
	if (f->item != NULL) {
		const ovp_item *it = f->item;

		ovp_rbuf_puts(b, "item: ");
		put_item_label(b, it);
		if (it->status[0] != '\0')
			ovp_rbuf_printf(b, "; status: %s", it->status);
		if (ovp_window_is_set(it->planned))
			ovp_rbuf_printf(b, "; planned: %s", ovp_day_format(it->planned.end, day));
		ovp_rbuf_printf(b, "; roadmap line %ld\n", it->line);
	}
	if (f->has_days_late)
		ovp_rbuf_printf(b, "days late: %ld\n", f->days_late);
	if (f->has_p_late) {
		char num[32];

		ovp_rbuf_printf(b, "probability of missing the date: %s (%s)\n",
		                ovp_format_number(ovp_round3(f->p_late), num),
		                f->prior ? "prior" : "roadmap history");
	}
	if (f->has_similarity) {
		char num[32];

		ovp_rbuf_printf(b, "similarity: %s\n", ovp_format_number(ovp_round3(f->similarity), num));
	}
	ovp_rbuf_printf(b, "fingerprint: %s", f->fingerprint);
}

static int
junit_deal(ovp_sink *s, const ovp_deal *d, ovp_error *err)
{
	junit_sink *js = (junit_sink *)s;
	const char *file = s->meta->deals_path != NULL ? s->meta->deals_path : "<deal>";
	int rc = deal_case(js, d, file);

	return ovp_sink_result(s, rc < 0 ? rc : enter_case(js), err);
}

/* A line of the open case's <system-out>: a finding below --fail-on, or in the baseline. */
static int
system_out(junit_sink *js, const ovp_finding *f)
{
	const ovp_rule *rule = ovp_rule_get(f->rule);
	ovp_rbuf text = {0};
	size_t before = js->sysout.len;
	int rc;

	if (f->suppressed)
		ovp_rbuf_printf(&text, "in the baseline: %s %s: %s (%s", rule->code, rule->name,
		                f->message != NULL ? f->message : "", f->file != NULL ? f->file : "");
	else
		ovp_rbuf_printf(&text, "%s %s %s: %s (%s", ovp_severity_name(f->severity), rule->code,
		                rule->name, f->message != NULL ? f->message : "",
		                f->file != NULL ? f->file : "");
	if (f->line > 0)
		ovp_rbuf_printf(&text, ":%ld", f->line);
	ovp_rbuf_puts(&text, ")\n");
	if (text.err == 0 && js->unlisted == 0 && before + text.len * 6 <= SYSOUT_MAX)
		xml_put(&js->sysout, text.data, false);
	else if (text.err == 0)
		js->unlisted++;
	rc = text.err != 0 ? text.err : js->sysout.err;
	ovp_rbuf_free(&text);
	return rc;
}

static int
junit_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	junit_sink *js = (junit_sink *)s;
	const ovp_rule *rule = ovp_rule_get(f->rule);
	ovp_severity fail_on = s->meta->fail_on;
	ovp_rbuf *b = &js->buf;
	ovp_rbuf text = {0};
	int rc;

	rc = case_of(js, f);
	if (rc == 0)
		rc = enter_case(js);
	if (rc < 0)
		return ovp_sink_result(s, rc, err);
	if (f->suppressed || fail_on == OVP_SEV_OFF || f->severity < fail_on)
		return ovp_sink_result(s, system_out(js, f), err);
	ovp_rbuf_reset(b);
	if (!js->head_written) {
		ovp_rbuf_put(b, js->open_head.data, js->open_head.len);
		ovp_rbuf_puts(b, ">\n");
		js->head_written = true;
	}
	js->failed = true;
	ovp_rbuf_puts(b, "      <failure message=\"");
	ovp_rbuf_printf(&text, "%s %s: %s", rule->code, rule->name,
	                f->message != NULL ? f->message : "");
	if (text.err == 0)
		xml_put(b, text.data, true);
	ovp_rbuf_printf(b, "\" type=\"%s\">", rule->code);
	ovp_rbuf_reset(&text);
	details(&text, f);
	if (text.err == 0)
		xml_put(b, text.data, false);
	ovp_rbuf_puts(b, "</failure>\n");
	rc = text.err != 0 ? text.err : b->err;
	ovp_rbuf_free(&text);
	if (rc != 0)
		return ovp_sink_result(s, rc, err);
	return ovp_sink_result(s, ovp_spool_write(&js->body, b->data, b->len), err);
}

static int
junit_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	junit_sink *js = (junit_sink *)s;
	const ovp_report_meta *meta = s->meta;
	ovp_rbuf *b = &js->buf;
	char day[OVP_DATE_ISO_SIZE];
	int rc;

	(void)sum;
	rc = close_case(js);
	if (rc < 0)
		return ovp_sink_result(s, rc, err);
	if (js->tests == 0) {
		const char *empty = "    <testcase classname=\"overpromise\" name=\"overpromise ";

		ovp_rbuf_reset(b);
		ovp_rbuf_puts(b, empty);
		xml_put(b, meta->command != NULL ? meta->command : "check", true);
		ovp_rbuf_puts(b, "\"/>\n");
		if (b->err != 0)
			return ovp_sink_result(s, b->err, err);
		rc = ovp_spool_write(&js->body, b->data, b->len);
		if (rc < 0)
			return ovp_sink_result(s, rc, err);
		js->tests = 1;
	}
	ovp_rbuf_reset(b);
	ovp_rbuf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	ovp_rbuf_printf(b, "<testsuites name=\"overpromise\" tests=\"%lu\" failures=\"%lu\" "
	                   "errors=\"0\">\n",
	                js->tests, js->failures);
	ovp_rbuf_printf(b, "  <testsuite name=\"overpromise\" tests=\"%lu\" failures=\"%lu\" "
	                   "errors=\"0\" skipped=\"0\">\n",
	                js->tests, js->failures);
	ovp_rbuf_puts(b, "    <properties>\n");
	ovp_rbuf_printf(b, "      <property name=\"as_of\" value=\"%s\"/>\n",
	                ovp_day_format(meta->as_of, day));
	if (meta->deals_path != NULL) {
		ovp_rbuf_puts(b, "      <property name=\"deals\" value=\"");
		xml_put(b, meta->deals_path, true);
		ovp_rbuf_puts(b, "\"/>\n");
	}
	{
		size_t n;
		const char *const *roadmaps = ovp_report_roadmaps(meta, &n);

		for (size_t i = 0; i < n; i++) {
			ovp_rbuf_puts(b, "      <property name=\"roadmap\" value=\"");
			xml_put(b, roadmaps[i], true);
			ovp_rbuf_puts(b, "\"/>\n");
		}
	}
	ovp_rbuf_printf(b, "      <property name=\"version\" value=\"%s\"/>\n", ovp_version());
	ovp_rbuf_puts(b, "    </properties>\n");
	if (b->err != 0)
		return ovp_sink_result(s, b->err, err);
	if (fwrite(b->data, 1, b->len, s->out) != b->len)
		return ovp_sink_result(s, OVP_EIO, err);
	rc = ovp_spool_copy(&js->body, s->out);
	if (rc < 0)
		return ovp_sink_result(s, rc, err);
	fputs("  </testsuite>\n</testsuites>\n", s->out);
	return ovp_sink_result(s, ferror(s->out) ? OVP_EIO : 0, err);
}

static void
junit_destroy(ovp_sink *s)
{
	junit_sink *js = (junit_sink *)s;

	ovp_spool_free(&js->body);
	ovp_rbuf_free(&js->buf);
	ovp_rbuf_free(&js->head);
	ovp_rbuf_free(&js->open_head);
	ovp_rbuf_free(&js->key);
	ovp_rbuf_free(&js->next);
	ovp_rbuf_free(&js->sysout);
	free(js);
}

static const ovp_sink_ops junit_ops = {
	.name = "junit",
	.begin = NULL,
	.finding = junit_finding,
	.explain = NULL,
	.end = junit_end,
	.destroy = junit_destroy,
	.deal = junit_deal,
};

ovp_sink *
ovp_sink_junit_new(void)
{
	junit_sink *js = calloc(1, sizeof *js);

	if (js == NULL)
		return NULL;
	js->base.ops = &junit_ops;
	return &js->base;
}
