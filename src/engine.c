/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>
int ovp_placeholder_engine(void);
int ovp_placeholder_engine(void) { return 0; }
