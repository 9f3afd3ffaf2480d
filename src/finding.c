/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>
int ovp_placeholder_finding(void);
int ovp_placeholder_finding(void) { return 0; }
