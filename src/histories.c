/*
 * The slip histories of a roadmap (see histories.h): the history of
 * delays built from all its items, or from the items of each of its
 * files, through ovp_roadmap_file_view(), so that the slip model sees a
 * file as a roadmap of its own.
 */
#include <stdlib.h>

#include <overpromise/error.h>

#include "histories.h"

int
ovp_histories_build(ovp_histories *hs, const ovp_roadmap *rm, ovp_day as_of, size_t min_history,
                    bool per_file)
{
	size_t n = per_file && rm->nfiles > 1 ? rm->nfiles : 1;

	hs->h = calloc(n, sizeof *hs->h);
	hs->n = 0;
	hs->per_file = n > 1;
	if (hs->h == NULL)
		return OVP_ENOMEM;
	for (size_t k = 0; k < n; k++) {
		ovp_roadmap view;
		const ovp_roadmap *from = rm;

		if (hs->per_file) {
			ovp_roadmap_file_view(rm, k, &view);
			from = &view;
		}
		if (ovp_history_build(&hs->h[k], from, as_of, min_history) < 0) {
			ovp_histories_free(hs);
			return OVP_ENOMEM;
		}
		hs->n++;
	}
	return OVP_OK;
}

const ovp_history *
ovp_histories_for(const ovp_histories *hs, const ovp_item *it)
{
	if (hs->per_file && it != NULL && it->source < hs->n)
		return &hs->h[it->source];
	return &hs->h[0];
}

void
ovp_histories_free(ovp_histories *hs)
{
	for (size_t k = 0; k < hs->n; k++)
		ovp_history_free(&hs->h[k]);
	free(hs->h);
	hs->h = NULL;
	hs->n = 0;
	hs->per_file = false;
}
