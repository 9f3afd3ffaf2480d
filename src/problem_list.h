/*
 * A list of data-quality problems (not public), the one the table, the
 * deals and roadmap readers and inspect each keep: the problems in
 * order, their texts copied into the list's own arena.
 */
#ifndef OVP_PROBLEM_LIST_H
#define OVP_PROBLEM_LIST_H

#include <stdarg.h>
#include <stddef.h>

#include <overpromise/problem.h>

#include "util/arena.h"

/* Most bytes of a problem's cell text kept: enough to recognise it. */
#define OVP_PROBLEM_VALUE_MAX 80

typedef struct ovp_problem_list {
	ovp_problem *items;
	size_t n, cap;
	ovp_arena arena; /* the copies of column, value and message */
} ovp_problem_list;

/* An empty list; a list of all zero bytes is one too. */
#define OVP_PROBLEM_LIST_INIT {NULL, 0, 0, OVP_ARENA_INIT}

/*
 * Add a problem of the row at line of file (not copied: the caller keeps
 * it), about column ("" for the whole row) and the vlen bytes of its
 * cell at value, cut to OVP_PROBLEM_VALUE_MAX.  Returns 0, or OVP_ENOMEM
 * (the list is unchanged).
 */
int ovp_problem_list_add(ovp_problem_list *pl, const char *file, long line, const char *column,
                         const char *value, size_t vlen, const char *message);

/* ovp_problem_list_add() with the message formatted (at most 511 bytes). */
int ovp_problem_list_addf(ovp_problem_list *pl, const char *file, long line, const char *column,
                          const char *value, size_t vlen, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 7, 8)))
#endif
	;

int ovp_problem_list_vaddf(ovp_problem_list *pl, const char *file, long line, const char *column,
                           const char *value, size_t vlen, const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 7, 0)))
#endif
	;

/* Forget every problem, keeping the memory for the next ones. */
void ovp_problem_list_clear(ovp_problem_list *pl);

/* Free the list and its texts; it is empty again. */
void ovp_problem_list_free(ovp_problem_list *pl);

#endif
