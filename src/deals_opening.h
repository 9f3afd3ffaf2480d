/*
 * Opening a deals export on a thread of its own (not public).
 *
 * ovp_deals_open() reads and sniffs the first rows of the deals; it reads
 * nothing of the roadmap or the engine, so `check` has it done while the
 * roadmap loads, and takes the result, or the error, once the roadmap is
 * in: what is reported, and in which order, stays as when the two were
 * opened one after the other.
 */
#ifndef OVP_DEALS_OPENING_H
#define OVP_DEALS_OPENING_H

#include <overpromise/deals.h>

typedef struct ovp_deals_opening ovp_deals_opening;

/*
 * Begin opening path as ovp_deals_open() would (cfg must live until
 * ovp_deals_open_end()); on the calling thread at once when no second
 * thread can be had.  NULL when out of memory: open it with
 * ovp_deals_open() then.
 */
ovp_deals_opening *ovp_deals_open_begin(const char *path, const struct ovp_config *cfg);

/*
 * Wait for the open begun by op and free op: its result as
 * ovp_deals_open() returns it, with *out and err.  Called once for every
 * open begun, also by a caller that no longer wants the deals (it then
 * closes *out).
 */
int ovp_deals_open_end(ovp_deals_opening *op, ovp_deals_reader **out, ovp_error *err);

#endif
