/*
 * The set of interned strings (see intern.h): open addressing over a
 * power-of-two table of entry indices, at most half full, doubled as it
 * fills; the entries themselves sit in an array of their own, so that a
 * growing table only moves indices.
 */
#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "util.h"

/* Slots of a new table; doubled whenever half of them are taken. */
#define FIRST_SLOTS 64

/* The hash of len bytes; its low bits pick the slot. */
static uint32_t
hash(const char *s, size_t len)
{
	return (uint32_t)ovp_hash_bytes(s, len);
}

/* Make room for one more entry: a table at most half full, and the array. */
static int
reserve(ovp_intern *t)
{
	if (t->slot == NULL || (t->n + 1) * 2 > t->mask + 1) {
		size_t size = t->slot != NULL ? (t->mask + 1) * 2 : FIRST_SLOTS;
		uint32_t *slot = calloc(size, sizeof *slot);

		if (slot == NULL)
			return -1;
		for (size_t k = 0; k < t->n; k++) {
			size_t i = t->e[k].hash & (size - 1);

			while (slot[i] != 0)
				i = (i + 1) & (size - 1);
			slot[i] = (uint32_t)k + 1;
		}
		free(t->slot);
		t->slot = slot;
		t->mask = size - 1;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : FIRST_SLOTS / 2;
		ovp_intern_entry *e = realloc(t->e, cap * sizeof *e);

		if (e == NULL)
			return -1;
		t->e = e;
		t->cap = cap;
	}
	return 0;
}

ovp_intern_entry *
ovp_intern_get(ovp_intern *t, ovp_arena *a, const char *s, size_t len)
{
	uint32_t h;
	size_t i;
	ovp_intern_entry *e;
	char *copy;

	if (len > OVP_INTERN_MAX_LEN)
		return NULL;
	h = hash(s, len);
	if (t->slot != NULL) {
		for (i = h & t->mask; t->slot[i] != 0; i = (i + 1) & t->mask) {
			e = &t->e[t->slot[i] - 1];
			if (e->hash == h && e->len == len && memcmp(e->s, s, len) == 0)
				return e;
		}
	}
	if (t->n >= OVP_INTERN_MAX || reserve(t) < 0)
		return NULL;
	copy = ovp_arena_strndup(a, s, len);
	if (copy == NULL)
		return NULL;
	for (i = h & t->mask; t->slot[i] != 0; i = (i + 1) & t->mask)
		;
	t->slot[i] = (uint32_t)t->n + 1;
	e = &t->e[t->n++];
	e->s = copy;
	e->len = (uint32_t)len;
	e->hash = h;
	e->value = 0;
	return e;
}

void
ovp_intern_free(ovp_intern *t)
{
	free(t->slot);
	free(t->e);
	t->slot = NULL;
	t->e = NULL;
	t->mask = t->n = t->cap = 0;
}
