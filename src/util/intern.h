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
 * A set holds at most OVP_INTERN_MAX strings of at most
 * OVP_INTERN_MAX_LEN bytes: past that ovp_intern_get() answers NULL and
 * the caller goes the long way, so that a column of all-different texts
 * costs a bounded amount of memory.  A set made with
 * OVP_INTERN_INIT_UNBOUNDED (the matcher's vocabulary and names, which
 * grow with the roadmap and are bounded by it) takes any number of
 * strings of any length, up to what 32-bit indices address.
 */
#ifndef OVP_INTERN_H
#define OVP_INTERN_H

#include <stdbool.h>
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

/*
 * A slot keeps its entry's hash beside the entry's index, so that a probe
 * that meets another string, or finds that a string is not there, reads
 * no entry: many lookups (a word tried as two joined words) find nothing.
 */
typedef struct ovp_intern_slot {
	uint32_t hash;
	uint32_t idx; /* entry index + 1, 0 when free */
} ovp_intern_slot;

typedef struct ovp_intern {
	ovp_intern_slot *slot;
	size_t mask;             /* slots - 1 */
	ovp_intern_entry *e;
	size_t n, cap;
	bool unbounded;          /* no OVP_INTERN_MAX, no OVP_INTERN_MAX_LEN */
} ovp_intern;

/* An empty set; nothing to free until the first string.  A set of all zero bytes is one too. */
#define OVP_INTERN_INIT {NULL, 0, NULL, 0, 0, false}
/* An empty set without the limits (see above). */
#define OVP_INTERN_INIT_UNBOUNDED {NULL, 0, NULL, 0, 0, true}

/*
 * The entry of the len bytes at s, added (copied into a, value 0) when
 * they are new.  NULL when the text is longer than OVP_INTERN_MAX_LEN,
 * the set is full, or memory is short: the caller then copies the text
 * itself.  The entry stays valid until the next call.
 */
ovp_intern_entry *ovp_intern_get(ovp_intern *t, ovp_arena *a, const char *s, size_t len);

/* The entry of the len bytes at s, or NULL when they are not in the set. */
ovp_intern_entry *ovp_intern_find(const ovp_intern *t, const char *s, size_t len);

/* The hash the set keys the len bytes at s by, for ovp_intern_find_hashed(). */
uint32_t ovp_intern_hash(const char *s, size_t len);

/*
 * Start loading the slot where a string of hash h is looked for, so that
 * a caller with several strings to look up waits on memory for all of
 * them at once; changes nothing.
 */
void ovp_intern_prefetch(const ovp_intern *t, uint32_t h);

/* ovp_intern_find() of the len bytes at s, whose ovp_intern_hash() is h. */
ovp_intern_entry *ovp_intern_find_hashed(const ovp_intern *t, const char *s, size_t len,
                                         uint32_t h);

/*
 * Make room for n strings in all without growing on the way: a set built
 * from a roadmap knows about how many it will hold.  -1 when out of
 * memory (the set is unchanged and still usable).
 */
int ovp_intern_reserve(ovp_intern *t, size_t n);

/* Free the set (the copies belong to the arena). */
void ovp_intern_free(ovp_intern *t);

#endif
