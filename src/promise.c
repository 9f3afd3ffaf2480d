/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>

int ovp_promise_split(const char *s, size_t len, const ovp_date_context *ctx, int (*fn)(void *arg, const ovp_promise_part *part), void *arg) { (void)s; (void)len; (void)ctx; (void)fn; (void)arg; return 0; }
