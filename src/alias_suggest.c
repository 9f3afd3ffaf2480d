/*
 * Aliases to confirm (see alias_suggest.h): the deals are read and
 * matched by the planner a check uses; a promise that matches as
 * unconfirmed or ambiguous is kept once per normalised text, found again
 * through a hash table so that an export of many such texts costs no
 * quadratic search.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/alias_suggest.h>

#include "text.h"
#include "util/grow.h"
#include "util/str.h"

/* The suggestions being collected, and the index of their normalised texts. */
typedef struct collector {
	ovp_alias_suggestions *out;
	size_t cap;
	char **norms;      /* per suggestion, its normalised text */
	uint32_t *slot;    /* suggestion index + 1, 0 when free */
	size_t mask;       /* slots - 1, 0 without a table */
} collector;

/*
 * Whether text can be written as an alias phrase: inih reads the phrase
 * up to the first "=", and ";" or "#" would start a comment.
 */
static bool
writable(const char *text)
{
	size_t n = strlen(text);

	if (n == 0 || text[0] == '[' || text[0] == ' ' || text[0] == '\t')
		return false;
	for (const char *p = text; *p != '\0'; p++)
		if (*p == '=' || *p == ';' || *p == '#' || (unsigned char)*p < 0x20)
			return false;
	return text[n - 1] != ' ' && text[n - 1] != '\t';
}

/* The value that names item it: its key, or its title when it has none. */
static const char *
target_of(const ovp_item *it)
{
	return it->id != NULL && it->id[0] != '\0' ? it->id : it->title;
}

/* Make room for one more suggestion, and keep the table at most half full. */
static int
grow(collector *c)
{
	ovp_alias_suggestions *s = c->out;

	if (s->n == c->cap) {
		size_t vcap = c->cap, ncap = c->cap;

		/* Both grow alike; the smaller of the two capacities is what both hold. */
		if (!ovp_grow(&s->v, &vcap, s->n + 1, sizeof *s->v) ||
		    !ovp_grow(&c->norms, &ncap, s->n + 1, sizeof *c->norms))
			return OVP_ENOMEM;
		c->cap = vcap < ncap ? vcap : ncap;
	}
	if (2 * (s->n + 1) > c->mask + 1 || c->slot == NULL) {
		size_t size = c->slot != NULL ? 2 * (c->mask + 1) : 64;
		uint32_t *slot = calloc(size, sizeof *slot);

		if (slot == NULL)
			return OVP_ENOMEM;
		for (size_t k = 0; k < s->n; k++) {
			size_t i = ovp_hash_bytes(c->norms[k], strlen(c->norms[k])) & (size - 1);

			while (slot[i] != 0)
				i = (i + 1) & (size - 1);
			slot[i] = (uint32_t)(k + 1);
		}
		free(c->slot);
		c->slot = slot;
		c->mask = size - 1;
	}
	return 0;
}

/* Count promise p, matched as m, under its normalised text, or start its suggestion. */
static int
collect(collector *c, const ovp_promise *p, const ovp_match *m)
{
	ovp_alias_suggestions *s = c->out;
	ovp_alias_suggestion *a;
	char *norm;
	size_t i;
	int rc;

	if ((m->kind != OVP_MATCH_UNCONFIRMED && m->kind != OVP_MATCH_AMBIGUOUS) ||
	    m->ncandidates == 0)
		return 0;
	norm = ovp_normalize(p->feature, strlen(p->feature));
	if (norm == NULL)
		return OVP_ENOMEM;
	for (i = c->slot != NULL ? ovp_hash_bytes(norm, strlen(norm)) & c->mask : 0;
	     c->slot != NULL && c->slot[i] != 0; i = (i + 1) & c->mask) {
		if (strcmp(c->norms[c->slot[i] - 1], norm) == 0) {
			s->v[c->slot[i] - 1].count++;
			free(norm);
			return 0;
		}
	}
	rc = grow(c);
	if (rc < 0) {
		free(norm);
		return rc;
	}
	a = &s->v[s->n];
	memset(a, 0, sizeof *a);
	a->phrase = ovp_match_phrase(p->feature, strlen(p->feature));
	if (a->phrase == NULL) {
		free(norm);
		return OVP_ENOMEM;
	}
	a->match = *m;
	a->match.feature_norm = NULL;
	a->target = target_of(m->candidates[0].item);
	a->writable = writable(a->phrase) && writable(a->target);
	a->line = p->line;
	a->count = 1;
	c->norms[s->n] = norm;
	for (i = ovp_hash_bytes(norm, strlen(norm)) & c->mask; c->slot[i] != 0;
	     i = (i + 1) & c->mask)
		;
	c->slot[i] = (uint32_t)(s->n + 1);
	s->n++;
	return 0;
}

int
ovp_alias_suggest(ovp_planner *pl, ovp_deals_reader *r, ovp_alias_suggestions *out,
                  ovp_error *err)
{
	collector c;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&c, 0, sizeof c);
	c.out = out;
	for (;;) {
		const ovp_deal *d;

		rc = ovp_deals_next(r, &d, err);
		if (rc <= 0)
			break;
		if (d->lost)
			continue;
		for (size_t k = 0; k < d->npromises && rc > 0; k++) {
			const ovp_promise *p = &d->promises[k];
			const ovp_match *m = ovp_planner_match(pl, p->feature, strlen(p->feature), err);

			if (m == NULL)
				rc = err != NULL ? err->code : OVP_ENOMEM;
			else if (collect(&c, p, m) < 0)
				rc = ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
		}
		if (rc < 0)
			break;
	}
	for (size_t k = 0; k < out->n; k++)
		free(c.norms[k]);
	free(c.norms);
	free(c.slot);
	return rc < 0 ? rc : 0;
}

void
ovp_alias_suggestions_free(ovp_alias_suggestions *s)
{
	for (size_t i = 0; i < s->n; i++)
		free((void *)(uintptr_t)s->v[i].phrase); /* the suggestions' own copy */
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
