/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>

ovp_date_status ovp_date_parse(const char *s, size_t len, const ovp_date_context *ctx, ovp_window *out) { (void)s; (void)len; (void)ctx; *out = OVP_WINDOW_NONE; return OVP_DATE_INVALID; }
void ovp_date_sniff_add(ovp_date_sniff *sniff, const char *s, size_t len) { (void)sniff; (void)s; (void)len; }
ovp_date_order ovp_date_sniff_decide(const ovp_date_sniff *sniff) { (void)sniff; return OVP_ORDER_AUTO; }
ovp_day ovp_day_from_ymd(int year, int month, int day) { (void)year; (void)month; (void)day; return OVP_DAY_NONE; }
void ovp_day_to_ymd(ovp_day d, int *year, int *month, int *day) { (void)d; *year = *month = *day = 0; }
char *ovp_day_format(ovp_day d, char buf[OVP_DATE_ISO_SIZE]) { (void)d; buf[0] = 0; return buf; }
ovp_day ovp_day_today(void) { return 0; }
