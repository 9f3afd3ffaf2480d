/*
 * A string arena: many small allocations freed together.
 *
 * Items of the roadmap and the deal being read keep their strings here,
 * so that freeing a roadmap or moving to the next deal is one call, and
 * reading a row costs no malloc once the arena has grown to fit.
 */
#ifndef OVP_ARENA_H
#define OVP_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "str.h"

typedef struct ovp_arena_block ovp_arena_block;

typedef struct ovp_arena {
	ovp_arena_block *head; /* block being filled; older blocks follow */
	size_t used;           /* bytes used in head */
	size_t size;           /* bytes head holds, 0 without one */
	char *data;            /* head's bytes, NULL without one */
	/*
	 * Older blocks follow head: a reset that finds none need not read
	 * head's header, which for an arena reset once per deal is a wait on
	 * memory.
	 */
	bool chained;
} ovp_arena;

/* An empty arena; nothing to free until the first allocation. */
#define OVP_ARENA_INIT {NULL, 0, 0, NULL, false}

/* Allocate n bytes aligned for any type, or NULL when out of memory. */
void *ovp_arena_alloc(ovp_arena *a, size_t n);

/*
 * n bytes (n > 0) without alignment, right after the last allocation; NULL when
 * out of memory.  Reading a row copies a dozen strings, so the common
 * case, room left in the current block, is inline.
 */
static inline char *
ovp_arena_bytes(ovp_arena *a, size_t n)
{
	char *p;

	if (n <= a->size - a->used) {
		p = a->data + a->used;
		a->used += n;
		return p;
	}
	return ovp_arena_alloc(a, n);
}

/* Copy len bytes at s and add a NUL, as ovp_arena_bytes() places them; NULL when out of memory. */
static inline char *
ovp_arena_strndup(ovp_arena *a, const char *s, size_t len)
{
	char *p;

	if (len < a->size - a->used) {
		p = a->data + a->used;
		a->used += len + 1;
	} else if ((p = ovp_arena_alloc(a, len + 1)) == NULL) {
		return NULL;
	}
	/* Most strings copied are short (a name, a stage): those without a call. */
	if (len >= 16)
		memcpy(p, s, len);
	else
		ovp_copy_small(p, s, len);
	p[len] = '\0';
	return p;
}

/* Forget every allocation but keep the largest block for reuse. */
void ovp_arena_reset(ovp_arena *a);

/* Free every block. */
void ovp_arena_free(ovp_arena *a);

#endif
