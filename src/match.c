/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>

const char *ovp_match_kind_name(ovp_match_kind k) { (void)k; return "none"; }
int ovp_matcher_new(ovp_matcher **out, const ovp_roadmap *rm, const ovp_alias *aliases, size_t naliases, double min_similarity, ovp_error *err) { (void)rm; (void)aliases; (void)naliases; (void)min_similarity; *out = NULL; return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "not implemented"); }
const ovp_match *ovp_matcher_match(ovp_matcher *m, const char *text, size_t len) { (void)m; (void)text; (void)len; return NULL; }
void ovp_matcher_free(ovp_matcher *m) { (void)m; }
double ovp_similarity(const char *a, size_t alen, const char *b, size_t blen) { (void)a; (void)alen; (void)b; (void)blen; return 0; }
