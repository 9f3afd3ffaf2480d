/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>
int ovp_placeholder_roadmap(void);
int ovp_placeholder_roadmap(void) { return 0; }
