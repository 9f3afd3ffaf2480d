/*
 * Calendar days, date windows and the date parser.
 *
 * Every date cell of an export is read into a window [start, end] of
 * calendar days: a day is a window of one day, "March 2027" the whole
 * month, "Q1 2027" the quarter.  Days are counted from 1970-01-01 (day 0)
 * in the proleptic Gregorian calendar; no time zones are involved, a
 * date-time is taken on the calendar day written in it.
 */
#ifndef OVERPROMISE_DATE_H
#define OVERPROMISE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <overpromise/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A calendar day: days since 1970-01-01. */
typedef int32_t ovp_day;

/** "No day". */
#define OVP_DAY_NONE INT32_MIN

/** Length of an ISO date "YYYY-MM-DD" with its terminating NUL. */
#define OVP_DATE_ISO_SIZE 11

/** What kind of period a window stands for (how it was written). */
typedef enum ovp_period {
	OVP_PERIOD_NONE = 0, /**< no window (empty cell, unreadable, Later) */
	OVP_PERIOD_DAY,
	OVP_PERIOD_MONTH,
	OVP_PERIOD_QUARTER,
	OVP_PERIOD_HALF,
	OVP_PERIOD_YEAR,
	OVP_PERIOD_SPAN /**< another span: a season, a third of a year or a month, a week */
} ovp_period;

/** A window of days [start, end], both inclusive. */
typedef struct ovp_window {
	ovp_day start;     /**< first day, OVP_DAY_NONE when there is no window */
	ovp_day end;       /**< last day, OVP_DAY_NONE when there is no window */
	ovp_period period; /**< how wide the written period was */
} ovp_window;

/** The empty window. */
#define OVP_WINDOW_NONE ((ovp_window){OVP_DAY_NONE, OVP_DAY_NONE, OVP_PERIOD_NONE})

/** True when w holds at least one day. */
static inline bool ovp_window_is_set(ovp_window w) { return w.end != OVP_DAY_NONE; }

/** Order of the first two fields of numeric dates such as 01/02/2027. */
typedef enum ovp_date_order {
	OVP_ORDER_AUTO = 0, /**< not decided: '/' dates month-day, '.' and '-' dates day-month */
	OVP_ORDER_DMY,      /**< day, month, year */
	OVP_ORDER_MDY       /**< month, day, year */
} ovp_date_order;

/** How the day/month order of a date column was decided. */
typedef enum ovp_order_source {
	OVP_ORDER_FROM_DEFAULT = 0, /**< nothing decided: '/' dates month-day, '.' and '-' dates day-month */
	OVP_ORDER_FROM_COLUMN,      /**< the column's own values (a first or second field over 12) */
	OVP_ORDER_FROM_FILE,        /**< the values of the file's other date columns */
	OVP_ORDER_FROM_CONFIG       /**< the configuration's date_order */
} ovp_order_source;

/** What the parser made of a cell. */
typedef enum ovp_date_status {
	OVP_DATE_OK = 0,     /**< a window was read */
	OVP_DATE_EMPTY,      /**< the cell is empty or blank: no date, nothing to report */
	OVP_DATE_LATER,      /**< the roadmap bucket "Later": deliberately unscheduled */
	OVP_DATE_INVALID,    /**< not a date in any form the parser knows */
	OVP_DATE_IMPOSSIBLE, /**< a date form with an impossible value (2027-02-30) */
	OVP_DATE_CONFLICT    /**< a numeric date that contradicts the decided day/month order */
} ovp_date_status;

/** How to read a cell. */
typedef struct ovp_date_context {
	ovp_date_order order; /**< order of numeric dates */
	ovp_day as_of;        /**< "today", for Now and Next; OVP_DAY_NONE disables them */
	bool allow_serial;    /**< read bare numbers 20000..80000 as Excel serial days */
} ovp_date_context;

/**
 * Parse the len bytes at s (not necessarily NUL-terminated; leading and
 * trailing blanks are ignored) into *out.  Accepts every form of SPEC 2.2:
 * ISO dates and date-times, Jira "15/Jan/27 3:15 PM", numeric d/m/y and
 * m/d/y with an optional 12- or 24-hour time, English month names (full
 * or abbreviated), "2027-03", quarters, halves, years, Excel serials (when
 * ctx->allow_serial) and the buckets Now, Next and Later.  Two-digit years
 * are 20xx.  *out is OVP_WINDOW_NONE unless OVP_DATE_OK is returned.
 */
OVP_EXTERN ovp_date_status ovp_date_parse(const char *s, size_t len, const ovp_date_context *ctx,
                                          ovp_window *out);

/**
 * Was the len bytes at s meant as a date, even if they read as none?
 * True when the text holds a month name ("may" only alone or with a year
 * or a modifier; a misspelt long one with a year or a modifier), a quarter or half ("Q2", "H1", "2H"), a season
 * with a year or a modifier, a numeric date shape ("2027-02-30",
 * "31/02/2027"), a fiscal year, or the words of a phrase ("end of",
 * "next quarter", "EOY", "late 2027"), with at most one other word; or
 * when it is a year with no other word.  "SAML", "iOS", "billing",
 * "date", "Windows 2019" and "next sprint" do not look like dates.
 */
OVP_EXTERN bool ovp_date_looks_like(const char *s, size_t len);

/**
 * Does the numeric date at s (len bytes, such as "01/02/2027") read as
 * two different days depending on the day/month order?  True with *mdy
 * the month-first reading and *dmy the day-first one; false (nothing
 * written) for any other text, for a date one order cannot read
 * ("13/01/2027") and for one both read alike ("05/05/2027").
 */
OVP_EXTERN bool ovp_date_two_readings(const char *s, size_t len, ovp_window *mdy, ovp_window *dmy);

/** The day of a civil date, or OVP_DAY_NONE when it does not exist. */
OVP_EXTERN ovp_day ovp_day_from_ymd(int year, int month, int day);

/** Split a day into its civil year, month (1-12) and day of month. */
OVP_EXTERN void ovp_day_to_ymd(ovp_day d, int *year, int *month, int *day);

/** Write d as "YYYY-MM-DD" into buf (OVP_DATE_ISO_SIZE bytes); "" for OVP_DAY_NONE. */
OVP_EXTERN char *ovp_day_format(ovp_day d, char buf[OVP_DATE_ISO_SIZE]);

/** Today in UTC, by the system clock. */
OVP_EXTERN ovp_day ovp_day_today(void);

/**
 * The day of a number of seconds since 1970-01-01 UTC written in text
 * (as SOURCE_DATE_EPOCH gives it, for reproducible builds), or
 * OVP_DAY_NONE when text is NULL, empty, not a plain non-negative decimal
 * number, or a day past the last year a date may have (2999).
 */
OVP_EXTERN ovp_day ovp_day_from_epoch_text(const char *text);

#ifdef __cplusplus
}
#endif

#endif
