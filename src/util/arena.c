/*
 * The string arena (see arena.h): blocks of growing size, chained.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct ovp_arena_block {
	ovp_arena_block *next;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

enum { ARENA_MIN_BLOCK = 16384 };

void *
ovp_arena_alloc(ovp_arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	size_t off = (a->used + align - 1) & ~(align - 1);

	if (a->head == NULL || off > a->size || n > a->size - off) {
		size_t size = a->head != NULL ? a->size * 2 : ARENA_MIN_BLOCK;
		ovp_arena_block *b;

		while (size < n)
			size *= 2;
		b = malloc(sizeof *b + size);
		if (b == NULL)
			return NULL;
		b->next = a->head;
		a->chained = a->head != NULL;
		b->size = size;
		a->head = b;
		a->size = size;
		a->data = (char *)b->data;
		off = 0;
	}
	a->used = off + n;
	return a->data + off;
}

void
ovp_arena_reset(ovp_arena *a)
{
	ovp_arena_block *b, *next;

	a->used = 0;
	if (!a->chained)
		return;
	/* The head is the largest block: keep it, free the rest. */
	for (b = a->head->next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head->next = NULL;
	a->chained = false;
}

void
ovp_arena_free(ovp_arena *a)
{
	ovp_arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->chained = false;
	a->used = 0;
	a->size = 0;
	a->data = NULL;
}
