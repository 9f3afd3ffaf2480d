/*
 * Data-quality problems: a cell or row that could not be read as
 * intended.  They become OVP201 findings; the row is still checked with
 * what could be read.
 */
#ifndef OVERPROMISE_PROBLEM_H
#define OVERPROMISE_PROBLEM_H

#ifdef __cplusplus
extern "C" {
#endif

/** One data-quality problem.  Strings are owned by whatever holds the problem. */
typedef struct ovp_problem {
	long line;           /**< physical line of the row */
	const char *file;    /**< the file as named by the caller */
	const char *column;  /**< header of the column concerned, or "" for the whole row */
	const char *value;   /**< the cell text concerned (cut to a readable length), or "" */
	const char *message; /**< what is wrong and what was done: "unknown date \"Q5 2027\"; no date used" */
} ovp_problem;

#ifdef __cplusplus
}
#endif

#endif
