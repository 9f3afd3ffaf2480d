/*
 * Growing an array (grow.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

bool
ovp_grow_to(void *pv, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap != 0 ? *cap : 16;
	void *p;

	if (need <= *cap)
		return true;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			return false;
		n *= 2;
	}
	if (n > SIZE_MAX / elem)
		return false;
	/* The pointer is read and written as bytes: pv may point to any T *. */
	memcpy(&p, pv, sizeof p);
	p = realloc(p, n * elem);
	if (p == NULL)
		return false;
	memcpy(pv, &p, sizeof p);
	*cap = n;
	return true;
}
