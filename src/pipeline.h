/*
 * Checking a deals export on two threads (pipeline.c), with the share of
 * the matching between them set.
 */
#ifndef OVP_PIPELINE_H
#define OVP_PIPELINE_H

#include <overpromise/engine.h>

/*
 * ovp_engine_deals(), with two threads, the reading side leaving the
 * promises its matcher's cache does not keep for the checking side to
 * match whenever the queue holds fewer than low_water deals (the queue's
 * size or more: always; 0: never).
 */
int ovp_engine_deals_shared(ovp_engine *e, ovp_deals_reader *r, unsigned threads,
                            unsigned long low_water,
                            void (*progress)(void *ctx, unsigned long deals), void *ctx,
                            ovp_error *err);

#endif
