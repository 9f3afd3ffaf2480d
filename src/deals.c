/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>
int ovp_placeholder_deals(void);
int ovp_placeholder_deals(void) { return 0; }
