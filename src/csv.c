/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>

int ovp_csv_open(ovp_csv_reader **out, const char *path, const ovp_csv_options *opts, ovp_error *err) { (void)opts; *out = NULL; return ovp_error_set(err, OVP_EIO, path, 0, "not implemented"); }
int ovp_csv_next(ovp_csv_reader *r, ovp_csv_record *rec, ovp_error *err) { (void)r; (void)rec; (void)err; return 0; }
const ovp_csv_info *ovp_csv_get_info(const ovp_csv_reader *r) { (void)r; return NULL; }
const char *ovp_csv_path(const ovp_csv_reader *r) { (void)r; return ""; }
void ovp_csv_close(ovp_csv_reader *r) { (void)r; }
const char *ovp_encoding_name(ovp_encoding enc) { (void)enc; return "UTF-8"; }
