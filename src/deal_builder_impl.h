/*
 * The deal builder's insides (see deal_builder.h), for the deals reader:
 * it copies a dozen cells of every deal into the deal's memory, and a
 * copy that fits the arena's current block is a few instructions inline
 * instead of a call.
 */
#ifndef OVP_DEAL_BUILDER_IMPL_H
#define OVP_DEAL_BUILDER_IMPL_H

#include <overpromise/deal_builder.h>

#include "arena.h"

struct ovp_deal_builder {
	ovp_deal deal;
	ovp_arena arena;
	ovp_promise *promises;
	size_t npromises, pcap;
	ovp_problem *problems;
	size_t nproblems, qcap;
};

/* ovp_deal_keep(), inline. */
static inline const char *
ovp_deal_strndup(ovp_deal_builder *b, const char *s, size_t len)
{
	return ovp_arena_strndup(&b->arena, s, len);
}

#endif
