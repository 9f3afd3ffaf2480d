/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>
int ovp_placeholder_report(void);
int ovp_placeholder_report(void) { return 0; }
