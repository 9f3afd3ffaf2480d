/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>

const char *ovp_severity_name(ovp_severity s) { (void)s; return "error"; }
int ovp_severity_parse(const char *s, ovp_severity *out) { (void)s; (void)out; return -1; }
const ovp_rule *ovp_rule_get(ovp_rule_id id) { (void)id; return NULL; }
int ovp_rule_find(const char *code_or_name, ovp_rule_id *out) { (void)code_or_name; (void)out; return -1; }
