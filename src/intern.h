/*
 * A set of interned strings, each with a small value of the caller's.
 *
 * A roadmap export repeats the same few texts in most of its cells:
 * statuses, resolutions, confidences, labels.  Keeping one copy of each
 * (in the caller's arena) saves the memory of the others, and the value
 * beside it remembers what the caller worked out from the text once
 * (its status class, whether it marks a prototype), so that the work is
 * not done again for every row.
 *
 * The set holds at most OVP_INTERN_MAX strings of at most
 * OVP_INTERN_MAX_LEN bytes: past that ovp_intern_get() answers NULL and
 * the caller goes the long way, so that a column of all-different texts
 * costs a bounded amount of memory.
 */
#ifndef OVP_INTERN_H
#define OVP_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* Most strings a set holds, and the longest it takes. */
#define OVP_INTERN_MAX 4096
#define OVP_INTERN_MAX_LEN 128

typedef struct ovp_intern_entry {
	const char *s;  /* the copy, NUL-terminated, in the caller's arena */
	uint32_t len;
	uint32_t hash;
	uint32_t value; /* the caller's; 0 when the string is new */
} ovp_intern_entry;

typedef struct ovp_intern {
	uint32_t *slot;          /* entry index + 1, 0 when free */
	size_t mask;             /* slots - 1 */
	ovp_intern_entry *e;
	size_t n, cap;
} ovp_intern;

/* An empty set; nothing to free until the first string. */
#define OVP_INTERN_INIT {NULL, 0, NULL, 0, 0}

/*
 * The entry of the len bytes at s, added (copied into a, value 0) when
 * they are new.  NULL when the text is longer than OVP_INTERN_MAX_LEN,
 * the set is full, or memory is short: the caller then copies the text
 * itself.  The entry stays valid until the next call.
 */
ovp_intern_entry *ovp_intern_get(ovp_intern *t, ovp_arena *a, const char *s, size_t len);

/* Free the set (the copies belong to the arena). */
void ovp_intern_free(ovp_intern *t);

#endif
