/*
 * The set of interned strings (see intern.h): open addressing over a
 * power-of-two table of slots (hash and entry index), at most half full,
 * doubled as it fills; the entries themselves sit in an array of their
 * own, so that a growing table only moves slots.
 */
#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "str.h"

/* Slots of a new table; doubled whenever half of them are taken. */
#define FIRST_SLOTS 64

/* The hash of len bytes; its low bits pick the slot. */
static uint32_t
hash(const char *s, size_t len)
{
	return (uint32_t)ovp_hash_bytes(s, len);
}

/* Put every entry into a new table of size slots (a power of two); -1 when out of memory. */
static int
rehash(ovp_intern *t, size_t size)
{
	ovp_intern_slot *slot;

	if (size > SIZE_MAX / sizeof *slot)
		return -1;
	slot = calloc(size, sizeof *slot);
	if (slot == NULL)
		return -1;
	for (size_t k = 0; k < t->n; k++) {
		size_t i = t->e[k].hash & (size - 1);

		while (slot[i].idx != 0)
			i = (i + 1) & (size - 1);
		slot[i].hash = t->e[k].hash;
		slot[i].idx = (uint32_t)k + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->mask = size - 1;
	return 0;
}

/* Make the entry array hold cap entries; -1 when out of memory. */
static int
entries(ovp_intern *t, size_t cap)
{
	ovp_intern_entry *e;

	if (cap <= t->cap)
		return 0;
	if (cap > SIZE_MAX / sizeof *e)
		return -1;
	e = realloc(t->e, cap * sizeof *e);
	if (e == NULL)
		return -1;
	t->e = e;
	t->cap = cap;
	return 0;
}

/* Make room for one more entry: a table at most half full, and the array. */
static int
reserve(ovp_intern *t)
{
	if ((t->slot == NULL || (t->n + 1) * 2 > t->mask + 1) &&
	    rehash(t, t->slot != NULL ? (t->mask + 1) * 2 : FIRST_SLOTS) < 0)
		return -1;
	if (t->n == t->cap)
		return entries(t, t->cap ? t->cap * 2 : FIRST_SLOTS / 2);
	return 0;
}

int
ovp_intern_reserve(ovp_intern *t, size_t n)
{
	size_t size = FIRST_SLOTS;

	if (n >= UINT32_MAX / 2)
		return 0;
	while (size < 2 * (n + 1))
		size *= 2;
	if (t->slot == NULL || size > t->mask + 1) {
		if (rehash(t, size) < 0)
			return -1;
	}
	return entries(t, n);
}

uint32_t
ovp_intern_hash(const char *s, size_t len)
{
	return hash(s, len);
}

void
ovp_intern_prefetch(const ovp_intern *t, uint32_t h)
{
	if (t->slot != NULL)
		__builtin_prefetch(&t->slot[h & t->mask]);
}

ovp_intern_entry *
ovp_intern_find_hashed(const ovp_intern *t, const char *s, size_t len, uint32_t h)
{
	if (t->slot == NULL || len > UINT32_MAX)
		return NULL;
	for (size_t i = h & t->mask; t->slot[i].idx != 0; i = (i + 1) & t->mask) {
		ovp_intern_entry *e;

		if (t->slot[i].hash != h)
			continue;
		e = &t->e[t->slot[i].idx - 1];
		if (e->len == len && ovp_bytes_equal(e->s, s, len))
			return e;
	}
	return NULL;
}

ovp_intern_entry *
ovp_intern_find(const ovp_intern *t, const char *s, size_t len)
{
	if (t->slot == NULL || len > UINT32_MAX)
		return NULL;
	return ovp_intern_find_hashed(t, s, len, hash(s, len));
}

ovp_intern_entry *
ovp_intern_get(ovp_intern *t, ovp_arena *a, const char *s, size_t len)
{
	uint32_t h;
	size_t i;
	ovp_intern_entry *e;
	char *copy;

	if (len > (t->unbounded ? UINT32_MAX : OVP_INTERN_MAX_LEN))
		return NULL;
	e = ovp_intern_find(t, s, len);
	if (e != NULL)
		return e;
	if (t->n >= (t->unbounded ? (size_t)UINT32_MAX - 1 : OVP_INTERN_MAX) || reserve(t) < 0)
		return NULL;
	copy = ovp_arena_strndup(a, s, len);
	if (copy == NULL)
		return NULL;
	h = hash(s, len);
	for (i = h & t->mask; t->slot[i].idx != 0; i = (i + 1) & t->mask)
		;
	t->slot[i].hash = h;
	t->slot[i].idx = (uint32_t)t->n + 1;
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
