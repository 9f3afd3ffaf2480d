/*
 * Several reports from one pass (see ovp_sink_tee_new() in report.h):
 * every call of the engine is handed on to each sink in turn.  The tee
 * offers the optional calls (explain, promise, deal, note, verdict) only when one
 * of its sinks takes them, so that the engine does no work for none.
 */
#include <stdlib.h>

#include <overpromise/report.h>

typedef struct tee_sink {
	ovp_sink base;
	ovp_sink_ops ops;          /* the optional calls set only when a sink has them */
	ovp_sink **sinks;
	const ovp_report_meta **metas;
	size_t n;
} tee_sink;

static int
tee_begin(ovp_sink *s, ovp_error *err)
{
	const ovp_report_meta *meta = s->meta;
	tee_sink *t = (tee_sink *)s;

	for (size_t i = 0; i < t->n; i++) {
		int rc = ovp_sink_begin(t->sinks[i], t->metas[i] != NULL ? t->metas[i] : meta, err);

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
tee_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	tee_sink *t = (tee_sink *)s;

	for (size_t i = 0; i < t->n; i++) {
		int rc = t->sinks[i]->ops->finding(t->sinks[i], f, err);

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
tee_explain(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_match *m,
            ovp_error *err)
{
	tee_sink *t = (tee_sink *)s;

	for (size_t i = 0; i < t->n; i++) {
		int rc = t->sinks[i]->ops->explain != NULL
		             ? t->sinks[i]->ops->explain(t->sinks[i], d, p, m, err)
		             : 0;

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
tee_promise(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_match *m,
            ovp_error *err)
{
	tee_sink *t = (tee_sink *)s;

	for (size_t i = 0; i < t->n; i++) {
		int rc = t->sinks[i]->ops->promise != NULL
		             ? t->sinks[i]->ops->promise(t->sinks[i], d, p, m, err)
		             : 0;

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
tee_verdict(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_verdict *v,
            ovp_error *err)
{
	tee_sink *t = (tee_sink *)s;

	for (size_t i = 0; i < t->n; i++) {
		int rc = t->sinks[i]->ops->verdict != NULL
		             ? t->sinks[i]->ops->verdict(t->sinks[i], d, p, v, err)
		             : 0;

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
tee_deal(ovp_sink *s, const ovp_deal *d, ovp_error *err)
{
	tee_sink *t = (tee_sink *)s;

	for (size_t i = 0; i < t->n; i++) {
		int rc = t->sinks[i]->ops->deal != NULL ? t->sinks[i]->ops->deal(t->sinks[i], d, err) : 0;

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
tee_note(ovp_sink *s, const char *file, long line, const char *text, ovp_error *err)
{
	tee_sink *t = (tee_sink *)s;

	for (size_t i = 0; i < t->n; i++) {
		int rc = t->sinks[i]->ops->note != NULL
		             ? t->sinks[i]->ops->note(t->sinks[i], file, line, text, err)
		             : 0;

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
tee_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	tee_sink *t = (tee_sink *)s;

	for (size_t i = 0; i < t->n; i++) {
		int rc = t->sinks[i]->ops->end(t->sinks[i], sum, err);

		if (rc < 0)
			return rc;
	}
	return 0;
}

static void
tee_destroy(ovp_sink *s)
{
	tee_sink *t = (tee_sink *)s;

	free(t->sinks);
	free(t->metas);
	free(t);
}

int
ovp_sink_tee_new(ovp_sink **out, ovp_sink *const *sinks, const ovp_report_meta *const *metas,
                 size_t n, ovp_error *err)
{
	tee_sink *t;

	*out = NULL;
	if (n == 0)
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0, "no report to write");
	t = calloc(1, sizeof *t);
	if (t != NULL) {
		t->sinks = calloc(n, sizeof *t->sinks);
		t->metas = calloc(n, sizeof *t->metas);
	}
	if (t == NULL || t->sinks == NULL || t->metas == NULL) {
		if (t != NULL)
			tee_destroy(&t->base);
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	}
	t->n = n;
	t->ops.name = "tee";
	t->ops.begin = tee_begin;
	t->ops.finding = tee_finding;
	t->ops.end = tee_end;
	t->ops.destroy = tee_destroy;
	for (size_t i = 0; i < n; i++) {
		t->sinks[i] = sinks[i];
		t->metas[i] = metas != NULL ? metas[i] : NULL;
		if (sinks[i]->ops->explain != NULL)
			t->ops.explain = tee_explain;
		if (sinks[i]->ops->promise != NULL)
			t->ops.promise = tee_promise;
		if (sinks[i]->ops->deal != NULL)
			t->ops.deal = tee_deal;
		if (sinks[i]->ops->note != NULL)
			t->ops.note = tee_note;
		if (sinks[i]->ops->verdict != NULL)
			t->ops.verdict = tee_verdict;
	}
	t->base.ops = &t->ops;
	*out = &t->base;
	return 0;
}
