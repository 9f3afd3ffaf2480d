/*
 * Building a deal (see deal_builder.h): the deals reader fills one per
 * group of rows, the `deal` command one from what was typed; the due
 * date of every promise is chosen here, once.
 *
 * Strings live in an arena that is reset, not freed, between deals, and
 * the promise and problem arrays keep their size: reading the next deal
 * costs no malloc once the first few have been read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/deal_builder.h>
#include <overpromise/promise.h>

#include "deal_builder_impl.h"
#include "util/grow.h"

int
ovp_deal_new(ovp_deal_builder **out, ovp_error *err)
{
	ovp_deal_builder *b = calloc(1, sizeof *b);

	*out = NULL;
	if (b == NULL)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	ovp_deal_clear(&b->deal);
	*out = b;
	return 0;
}

ovp_deal *
ovp_deal_fields(ovp_deal_builder *b)
{
	return &b->deal;
}

const char *
ovp_deal_keep(ovp_deal_builder *b, const char *s, size_t len)
{
	return ovp_deal_strndup(b, s, len);
}

int
ovp_deal_add_problem(ovp_deal_builder *b, const char *file, long line, const char *column,
                     const char *value, size_t vlen, const char *message, ovp_error *err)
{
	if (ovp_problem_list_add(&b->problems, file, line, column, value, vlen, message) < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	return 0;
}

/*
 * The due date of a promise (SPEC 2.4): its own date when it has one that
 * reads, else its row's promised date, else the deal's close date, else
 * none (its date rules are then not applied).
 */
static int
choose_due(ovp_deal_builder *b, ovp_promise *p, const ovp_promise_part *part,
           const ovp_promise_origin *at)
{
	if (part->date != NULL && !part->bad_date) {
		p->due = part->due;
		p->due_source = OVP_DUE_OWN;
		p->due_text = ovp_arena_strndup(&b->arena, part->date, part->date_len);
		if (p->due_text == NULL)
			return OVP_ENOMEM;
	} else if (ovp_window_is_set(at->row_due)) {
		p->due = at->row_due;
		p->due_source = OVP_DUE_ROW;
		p->due_text = at->row_due_text != NULL ? at->row_due_text : "";
	} else if (ovp_window_is_set(b->deal.close)) {
		p->due = b->deal.close;
		p->due_source = OVP_DUE_CLOSE;
		p->due_text = "";
	} else {
		p->due = OVP_WINDOW_NONE;
		p->due_source = OVP_DUE_NONE;
		p->due_text = "";
	}
	return 0;
}

/* err for a date that reads two ways, naming both readings. */
static int
two_readings_error(const ovp_promise_part *part, ovp_error *err)
{
	ovp_window mdy = part->due, dmy = part->other;
	char a[OVP_DATE_ISO_SIZE], b[OVP_DATE_ISO_SIZE];

	(void)ovp_date_two_readings(part->date, part->date_len, &mdy, &dmy);
	return ovp_error_set(err, OVP_EINPUT, NULL, 0,
	                     "\"%.*s\" reads two ways, %s (month/day) or %s (day/month); write it "
	                     "as YYYY-MM-DD, or set [deals] date_order in .overpromise.ini",
	                     (int)(part->date_len > 80 ? 80 : part->date_len), part->date,
	                     ovp_day_format(mdy.end, a), ovp_day_format(dmy.end, b));
}

/* ovp_deal_add_promise(), which the cells' splitter calls directly. */
static int
add_promise(ovp_deal_builder *b, const ovp_promise_part *part, const ovp_promise_origin *at,
            ovp_error *err)
{
	ovp_promise *p;
	char msg[400];

	if (b->npromises == OVP_DEAL_MAX_PROMISES)
		return ovp_error_set(err, OVP_ELIMIT, NULL, 0,
		                     "the deal has more than %d promises: overpromise reads at most %d "
		                     "per deal",
		                     OVP_DEAL_MAX_PROMISES, OVP_DEAL_MAX_PROMISES);
	if (part->two_readings && at->strict_order)
		return two_readings_error(part, err);
	if (!ovp_grow(&b->promises, &b->pcap, b->npromises + 1, sizeof *b->promises) ||
	    !ovp_grow(&b->feature_lens, &b->flcap, b->npromises + 1, sizeof *b->feature_lens))
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	p = &b->promises[b->npromises];
	memset(p, 0, sizeof *p);
	p->line = at->line;
	p->text = ovp_arena_strndup(&b->arena, part->text, part->text_len);
	/* A promise without a date is all feature: one copy serves both. */
	if (part->feature_len == part->text_len)
		p->feature = p->text;
	else
		p->feature = ovp_arena_strndup(&b->arena, part->feature, part->feature_len);
	if (p->text == NULL || p->feature == NULL || choose_due(b, p, part, at) < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	b->feature_lens[b->npromises] = part->feature_len;
	b->npromises++;
	/* Only a date that does not read, or reads two ways, is a problem. */
	if ((part->bad_date || part->two_readings) &&
	    ovp_promise_date_problem(part, at->ctx, msg, sizeof msg))
		return ovp_deal_add_problem(b, at->file, at->line, at->column, part->text,
		                            part->text_len, msg, err);
	return 0;
}

int
ovp_deal_add_promise(ovp_deal_builder *b, const ovp_promise_part *part,
                     const ovp_promise_origin *at, ovp_error *err)
{
	return add_promise(b, part, at, err);
}

typedef struct cell_ctx {
	ovp_deal_builder *b;
	const ovp_promise_origin *at;
	ovp_error *err;
	int rc;
} cell_ctx;

static int
on_part(void *arg, const ovp_promise_part *part)
{
	cell_ctx *c = arg;

	return c->rc = add_promise(c->b, part, c->at, c->err);
}

int
ovp_deal_add_cell(ovp_deal_builder *b, const char *s, size_t len, const ovp_promise_origin *at,
                  ovp_error *err)
{
	cell_ctx c = {b, at, err, 0};

	ovp_promise_split(s, len, at->ctx, on_part, &c);
	return c.rc;
}

size_t
ovp_deal_promise_count(const ovp_deal_builder *b)
{
	return b->npromises;
}

const ovp_deal *
ovp_deal_get(ovp_deal_builder *b)
{
	b->deal.promises = b->promises;
	b->deal.npromises = b->npromises;
	b->deal.problems = b->problems.items;
	b->deal.nproblems = b->problems.n;
	return &b->deal;
}

void
ovp_deal_reset(ovp_deal_builder *b)
{
	ovp_deal_reset_inline(b);
}

void
ovp_deal_free(ovp_deal_builder *b)
{
	if (b == NULL)
		return;
	ovp_arena_free(&b->arena);
	free(b->promises);
	free(b->feature_lens);
	ovp_problem_list_free(&b->problems);
	free(b);
}
