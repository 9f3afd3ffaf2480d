/*
 * A list of data-quality problems (problem_list.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/error.h>

#include "problem_list.h"

int
ovp_problem_list_add(ovp_problem_list *pl, const char *file, long line, const char *column,
                     const char *value, size_t vlen, const char *message)
{
	ovp_problem *p;

	if (pl->n == pl->cap) {
		size_t cap = pl->cap != 0 ? pl->cap * 2 : 16;
		ovp_problem *items;

		if (pl->cap > SIZE_MAX / 2 / sizeof *items)
			return OVP_ENOMEM;
		items = realloc(pl->items, cap * sizeof *items);
		if (items == NULL)
			return OVP_ENOMEM;
		pl->items = items;
		pl->cap = cap;
	}
	if (vlen > OVP_PROBLEM_VALUE_MAX)
		vlen = OVP_PROBLEM_VALUE_MAX;
	p = &pl->items[pl->n];
	p->line = line;
	p->file = file;
	p->column = ovp_arena_strndup(&pl->arena, column, strlen(column));
	p->value = ovp_arena_strndup(&pl->arena, value, vlen);
	p->message = ovp_arena_strndup(&pl->arena, message, strlen(message));
	if (p->column == NULL || p->value == NULL || p->message == NULL)
		return OVP_ENOMEM;
	pl->n++;
	return 0;
}

int
ovp_problem_list_vaddf(ovp_problem_list *pl, const char *file, long line, const char *column,
                       const char *value, size_t vlen, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof msg, fmt, ap);
	return ovp_problem_list_add(pl, file, line, column, value, vlen, msg);
}

int
ovp_problem_list_addf(ovp_problem_list *pl, const char *file, long line, const char *column,
                      const char *value, size_t vlen, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = ovp_problem_list_vaddf(pl, file, line, column, value, vlen, fmt, ap);
	va_end(ap);
	return rc;
}

void
ovp_problem_list_clear(ovp_problem_list *pl)
{
	pl->n = 0;
	ovp_arena_reset(&pl->arena);
}

void
ovp_problem_list_free(ovp_problem_list *pl)
{
	free(pl->items);
	ovp_arena_free(&pl->arena);
	*pl = (ovp_problem_list)OVP_PROBLEM_LIST_INIT;
}
