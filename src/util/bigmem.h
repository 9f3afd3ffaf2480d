/*
 * Large tables (not public): memory of megabytes that is read at random,
 * as the slots of a hash table are, taken in huge pages where the system
 * gives them on request.  With pages of 4 KiB a lookup in such a table
 * first waits for the page tables nearly every time (the processor keeps
 * the addresses of a few thousand pages, some megabytes); a huge page of
 * 2 MiB covers what 512 of them do.  Smaller sizes come from calloc().
 */
#ifndef OVP_UTIL_BIGMEM_H
#define OVP_UTIL_BIGMEM_H

#include <stddef.h>

/* n bytes (n > 0), zeroed, or NULL when out of memory; freed with ovp_big_free() of the same n. */
void *ovp_big_calloc(size_t n);

/* ovp_big_calloc(), but the bytes of a size below a huge page are not cleared (malloc()). */
void *ovp_big_malloc(size_t n);

/* Free p (NULL is nothing), from ovp_big_calloc(n). */
void ovp_big_free(void *p, size_t n);

#endif
