/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>
int ovp_placeholder_baseline(void);
int ovp_placeholder_baseline(void) { return 0; }
