/*
 * The deal builder's insides (see deal_builder.h), for the deals reader:
 * it copies a dozen cells of every deal into the deal's memory, and a
 * copy that fits the arena's current block is a few instructions inline
 * instead of a call.
 */
#ifndef OVP_DEAL_BUILDER_IMPL_H
#define OVP_DEAL_BUILDER_IMPL_H

#include <string.h>

#include <overpromise/deal_builder.h>

#include "problem_list.h"
#include "util/arena.h"

struct ovp_deal_builder {
	ovp_deal deal;
	ovp_arena arena;
	ovp_promise *promises;
	size_t *feature_lens;      /* per promise: the bytes of its feature */
	size_t npromises, pcap, flcap;
	ovp_problem_list problems;
};

/* The deal as it starts: texts "", no date, no amount, nothing added. */
static inline void
ovp_deal_clear(ovp_deal *d)
{
	memset(d, 0, sizeof *d);
	d->id = "";
	d->name = "";
	d->account = "";
	d->currency = "";
	d->stage = "";
	d->owner = "";
	d->close = OVP_WINDOW_NONE;
}

/* ovp_deal_reset(), inline. */
static inline void
ovp_deal_reset_inline(ovp_deal_builder *b)
{
	ovp_arena_reset(&b->arena);
	b->npromises = 0;
	ovp_problem_list_clear(&b->problems);
	ovp_deal_clear(&b->deal);
}

/*
 * The bytes of the feature of promise i (< b->npromises), as the cell's
 * splitter cut it: strlen() of it for a cell without NUL bytes, which
 * the readers of exports replace.
 */
static inline size_t
ovp_deal_feature_len(const ovp_deal_builder *b, size_t i)
{
	return b->feature_lens[i];
}

/* ovp_deal_keep(), inline. */
static inline const char *
ovp_deal_strndup(ovp_deal_builder *b, const char *s, size_t len)
{
	return ovp_arena_strndup(&b->arena, s, len);
}

#endif
