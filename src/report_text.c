/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>
int ovp_placeholder_report_text(void);
int ovp_placeholder_report_text(void) { return 0; }
