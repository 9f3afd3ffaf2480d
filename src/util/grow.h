/*
 * Growing an array (not public): the one doubling, checked against
 * overflow, that every growing array of the library uses.
 */
#ifndef OVP_UTIL_GROW_H
#define OVP_UTIL_GROW_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Make the array whose pointer is at pv (a T **, passed as void *)
 * hold at least need elements of elem bytes, *cap the number it holds:
 * the capacity doubles from 16 until it is enough.  False, with the
 * array and *cap unchanged, when memory is short or the size would not
 * fit in a size_t.
 */
bool ovp_grow_to(void *pv, size_t *cap, size_t need, size_t elem);

/* ovp_grow_to() with the common case, room already there, inline: arrays grow in hot loops. */
static inline bool
ovp_grow(void *pv, size_t *cap, size_t need, size_t elem)
{
	return need <= *cap || ovp_grow_to(pv, cap, need, elem);
}

#endif
