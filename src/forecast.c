/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>

int ovp_history_build(ovp_history *h, const ovp_roadmap *rm, size_t min_history) { (void)rm; h->delays = NULL; h->n = 0; h->min_history = min_history; return 0; }
void ovp_history_free(ovp_history *h) { (void)h; }
ovp_forecast ovp_forecast_miss(const ovp_history *h, ovp_day planned, ovp_day due, ovp_day as_of) { (void)h; (void)planned; (void)due; (void)as_of; return (ovp_forecast){0, 0, true}; }
ovp_day ovp_forecast_earliest(const ovp_history *h, ovp_day planned, ovp_day as_of, double confidence) { (void)h; (void)as_of; (void)confidence; return planned; }
