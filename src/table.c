/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>
int ovp_placeholder_table(void);
int ovp_placeholder_table(void) { return 0; }
