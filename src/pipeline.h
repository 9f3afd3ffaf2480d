/*
 * Checking a deals export on two threads (pipeline.c), with the share of
 * the matching between them set.
 */
#ifndef OVP_PIPELINE_H
#define OVP_PIPELINE_H

#include <overpromise/engine.h>

/*
 * ovp_engine_deals(), with two threads, the reading side putting a deal
 * unmatched for the checking side to match whenever the queue holds
 * fewer than low_water deals (at most the queue's size, when the reading
 * side matches none; 0: it matches all).
 */
int ovp_engine_deals_shared(ovp_engine *e, ovp_deals_reader *r, unsigned threads,
                            unsigned long low_water,
                            void (*progress)(void *ctx, unsigned long deals), void *ctx,
                            ovp_error *err);

#endif
