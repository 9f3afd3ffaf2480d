/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>

void ovp_config_init(ovp_config *cfg) { (void)cfg; }
int ovp_config_load(ovp_config *cfg, const char *path, ovp_error *err) { (void)cfg; return ovp_error_set(err, OVP_EIO, path, 0, "not implemented"); }
char *ovp_config_discover(const char *dir) { (void)dir; return NULL; }
const char *ovp_config_column(const ovp_file_config *fc, const char *field) { (void)fc; (void)field; return NULL; }
void ovp_config_free(ovp_config *cfg) { (void)cfg; }
