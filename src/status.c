/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>

const char *ovp_status_class_name(ovp_status_class c) { (void)c; return "planned"; }
ovp_status_class ovp_status_classify(const char *status, const char *resolution, const char *category, const struct ovp_config *cfg, bool *known) { (void)status; (void)resolution; (void)category; (void)cfg; *known = false; return OVP_CLASS_PLANNED; }
