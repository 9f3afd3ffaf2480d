/* Placeholder until the module lands. */
#include <overpromise/overpromise.h>

ovp_amount_status ovp_amount_parse(const char *s, size_t len, double *value, char currency[OVP_CURRENCY_SIZE]) { (void)s; (void)len; *value = 0; currency[0] = 0; return OVP_AMOUNT_INVALID; }
int ovp_currency_parse(const char *s, size_t len, char currency[OVP_CURRENCY_SIZE]) { (void)s; (void)len; currency[0] = 0; return -1; }
