/*
 * Large tables in huge pages (see bigmem.h).
 */
#define _DEFAULT_SOURCE 1

#include <stdint.h>
#include <stdlib.h>

#include "bigmem.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

#if defined(__linux__) && defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
/* The size of a huge page, and the least that is taken in them. */
#define HUGE_PAGE ((size_t)2 << 20)

/* n rounded up to whole huge pages; 0 when that overflows. */
static size_t
whole_pages(size_t n)
{
	return n > SIZE_MAX - HUGE_PAGE ? 0 : (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

/* n bytes (at least a huge page) in huge pages, zeroed; NULL when out of memory. */
static void *
huge(size_t n)
{
	size_t size = whole_pages(n), head, tail;
	char *m, *p;

	if (size == 0 || size > SIZE_MAX - HUGE_PAGE)
		return NULL;
	/* One huge page more than needed, so that the memory can start at a page boundary. */
	m = mmap(NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	p = (char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	head = (size_t)(p - m);
	tail = HUGE_PAGE - head;
	if (head > 0)
		(void)munmap(m, head);
	if (tail > 0)
		(void)munmap(p + size, tail);
	/* Only advice: without huge pages the memory is as good, in small ones. */
	(void)madvise(p, size, MADV_HUGEPAGE);
	return p;
}
#endif

void *
ovp_big_calloc(size_t n)
{
#ifdef HUGE_PAGE
	if (n >= HUGE_PAGE)
		return huge(n);
#endif
	return calloc(1, n);
}

void *
ovp_big_malloc(size_t n)
{
#ifdef HUGE_PAGE
	if (n >= HUGE_PAGE)
		return huge(n);
#endif
	return malloc(n);
}

void
ovp_big_free(void *p, size_t n)
{
	if (p == NULL)
		return;
#ifdef HUGE_PAGE
	if (n >= HUGE_PAGE) {
		(void)munmap(p, whole_pages(n));
		return;
	}
#endif
	free(p);
}
