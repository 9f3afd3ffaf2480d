/*
 * What makes the date `when` gives shaky: the flags of an item
 * (prototype, low confidence, slipped, ...) and the caveat in words that
 * goes with an answer of ovp_planner_when() (planner.h).
 */
#ifndef OVERPROMISE_WHEN_H
#define OVERPROMISE_WHEN_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/planner.h>
#include <overpromise/roadmap.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What makes an item's date shaky, or no date at all (a bit set). */
typedef enum ovp_when_flag {
	OVP_WHEN_FLAG_PROTOTYPE = 1 << 0,      /**< not a product yet (proof of concept, beta, ...) */
	OVP_WHEN_FLAG_LOW_CONFIDENCE = 1 << 1, /**< delivery confidence known and below 50% */
	OVP_WHEN_FLAG_SLIPPED = 1 << 2,        /**< already slipped slip_days or more past its baseline */
	OVP_WHEN_FLAG_CANCELLED = 1 << 3,      /**< cancelled */
	OVP_WHEN_FLAG_UNSCHEDULED = 1 << 4,    /**< not planned: backlog, Later, no planned date */
	OVP_WHEN_FLAG_SHIPPED = 1 << 5         /**< shipped: can be promised now */
} ovp_when_flag;

/** The number of flags. */
#define OVP_WHEN_FLAGS 6

/**
 * The flags of item it: prototype, low confidence, slipped at least
 * slip_days past its baseline, cancelled, unscheduled (unplanned status,
 * Later, or no planned date in a file that has them), shipped.
 */
OVP_EXTERN unsigned ovp_item_when_flags(const ovp_item *it, int slip_days);

/** A flag's name as JSON writes it: "prototype", "low-confidence", ... */
OVP_EXTERN const char *ovp_when_flag_name(ovp_when_flag flag);

/**
 * What makes the answer's date shaky, in words, for the line after the
 * date: "but PLAT-107 "AI assistant" is not a product yet (Proof of
 * concept) and has low delivery confidence (Low): do not commit a date";
 * "but PLAT-101 has already slipped 45 days past its baseline: leave room
 * for more".  Writes into buf (cap bytes with the NUL, cut to fit) and
 * returns true; returns false, writing nothing, when there is nothing to
 * say (no date, or no prototype, low-confidence or slipped flag).
 */
OVP_EXTERN bool ovp_when_caveat(const ovp_when_answer *a, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
