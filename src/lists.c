/*
 * Posting lists put in order (see lists.h).
 */
#include <stdlib.h>
#include <string.h>

#include "lists.h"

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/*
 * Merge the ascending runs val[0, mid) and val[mid, n) in place, with
 * tmp (room for n - mid) holding the second.  A list gets its items from
 * the titles, in item order, and then from the aliases, in item order
 * too: two runs.
 */
static void
merge_runs(uint32_t *val, size_t mid, size_t n, uint32_t *tmp)
{
	size_t i = mid, j = n - mid, k = n;

	memcpy(tmp, val + mid, (n - mid) * sizeof *tmp);
	while (j > 0) {
		if (i > 0 && val[i - 1] > tmp[j - 1])
			val[--k] = val[--i];
		else
			val[--k] = tmp[--j];
	}
}

/*
 * Put every list that build_lists() made (nkeys of them, offsets off
 * into val) in ascending order without repeats, in place.  Most lists
 * are in order already and are only looked at; the others are two
 * ascending runs (see merge_runs()), or failing that are sorted.  False
 * when out of memory.
 */
bool
ovp_lists_order(uint32_t *off, uint32_t *val, size_t nkeys)
{
	uint32_t k = 0;
	uint32_t *tmp = NULL;
	size_t tmpcap = 0;

	for (size_t key = 0; key < nkeys; key++) {
		uint32_t start = off[key], end = off[key + 1], mid = start + 1, i;

		while (mid < end && val[mid] >= val[mid - 1])
			mid++;
		if (mid < end) {
			for (i = mid + 1; i < end && val[i] >= val[i - 1]; i++)
				;
			if (i < end) {
				qsort(val + start, end - start, sizeof *val, cmp_u32);
			} else {
				if (end - mid > tmpcap) {
					uint32_t *t = realloc(tmp, (end - mid) * sizeof *t);

					if (t == NULL) {
						free(tmp);
						return false;
					}
					tmp = t;
					tmpcap = end - mid;
				}
				merge_runs(val + start, mid - start, end - start, tmp);
			}
		}
		off[key] = k;
		/* k never passes i: values only move towards the front. */
		for (i = start; i < end; i++)
			if (i == start || val[i] != val[i - 1])
				val[k++] = val[i];
	}
	off[nkeys] = k;
	free(tmp);
	return true;
}
