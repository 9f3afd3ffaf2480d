/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>
int ovp_placeholder_report_json(void);
int ovp_placeholder_report_json(void) { return 0; }
