/*
 * Exchange rates (see fx.h): parsing them strictly, so that a rate
 * typed the European way ("1,08") is an error instead of 108 or 1, and
 * converting amounts with them.
 */
#include <stdio.h>
#include <string.h>

#include <overpromise/fx.h>

#include "amount.h"
#include "util/str.h"

int
ovp_fx_set_currency(ovp_fx *fx, const char *currency, ovp_error *err)
{
	char code[OVP_CURRENCY_SIZE];

	if (ovp_currency_parse(currency, strlen(currency), code) < 0 || code[0] == '\0')
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
		                     "\"%s\" is not a currency (expected an ISO code such as EUR)",
		                     currency);
	memcpy(fx->currency, code, sizeof code);
	return 0;
}

/* A rate: digits with an optional fraction, greater than 0, and nothing else. */
static bool
parse_rate(const char *s, double *out)
{
	const char *end;

	return ovp_parse_decimal(s, out, &end) && *end == '\0' && *out > 0.0;
}

int
ovp_fx_set_rate(ovp_fx *fx, const char *currency, const char *rate, ovp_error *err)
{
	char code[OVP_CURRENCY_SIZE];
	double v;
	size_t i;

	if (ovp_currency_parse(currency, strlen(currency), code) < 0 || code[0] == '\0')
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
		                     "\"%s\" is not a currency (expected an ISO code such as USD)",
		                     currency);
	if (!parse_rate(rate, &v)) {
		if (strchr(rate, ',') != NULL)
			return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
			                     "rate \"%s\" of %s: write it with a decimal point (what one %s "
			                     "is worth in the reporting currency, e.g. 1.08)",
			                     rate, code, code);
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
		                     "rate \"%s\" of %s is not a number greater than 0 (what one %s is "
		                     "worth in the reporting currency, e.g. 0.92)",
		                     rate, code, code);
	}
	for (i = 0; i < fx->nrates; i++)
		if (strcmp(fx->rates[i].currency, code) == 0)
			break;
	if (i == OVP_FX_MAX_RATES)
		return ovp_error_set(err, OVP_ELIMIT, NULL, 0, "too many exchange rates (at most %d)",
		                     OVP_FX_MAX_RATES);
	memcpy(fx->rates[i].currency, code, sizeof code);
	fx->rates[i].rate = v;
	if (i == fx->nrates)
		fx->nrates++;
	return 0;
}

int
ovp_fx_parse(ovp_fx *fx, const char *list, ovp_error *err)
{
	ovp_fx next = *fx;
	const char *s = list;

	for (;;) {
		const char *end = strchr(s, ','), *eq;
		size_t n = end != NULL ? (size_t)(end - s) : strlen(s);
		char cur[64], rate[64];
		size_t ncur;
		int rc;

		eq = memchr(s, '=', n);
		if (eq == NULL || eq == s) {
			if (n == 0)
				return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
				                     "\"%s\": an empty rate (expected CUR=RATE[,CUR=RATE...], "
				                     "e.g. USD=0.92,SEK=0.087)",
				                     list);
			return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
			                     "\"%.*s\" is not CUR=RATE (expected CUR=RATE[,CUR=RATE...], "
			                     "e.g. USD=0.92,SEK=0.087)",
			                     (int)n, s);
		}
		ncur = (size_t)(eq - s);
		snprintf(cur, sizeof cur, "%.*s", (int)(ncur < sizeof cur ? ncur : sizeof cur - 1), s);
		/* "USD=1,08": the comma splits a decimal comma's rate in two. */
		if (end != NULL) {
			const char *after = end + 1, *next_end = strchr(after, ',');
			size_t m = next_end != NULL ? (size_t)(next_end - after) : strlen(after);

			if (m > 0 && strspn(after, "0123456789") >= m) {
				snprintf(rate, sizeof rate, "%.*s", (int)(n - ncur - 1 + 1 + m), eq + 1);
				return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
				                     "rate \"%s\" of %s: write it with a decimal point (e.g. "
				                     "%s=1.08); commas separate the rates",
				                     rate, cur, cur);
			}
		}
		snprintf(rate, sizeof rate, "%.*s", (int)(n - ncur - 1), eq + 1);
		if (n - ncur - 1 >= sizeof rate)
			return ovp_error_set(err, OVP_EUSAGE, NULL, 0, "rate of %s is too long", cur);
		rc = ovp_fx_set_rate(&next, cur, rate, err);
		if (rc < 0)
			return rc;
		if (end == NULL)
			break;
		s = end + 1;
	}
	*fx = next;
	return 0;
}

bool
ovp_fx_convert(const ovp_fx *fx, const char *currency, double amount, double *out)
{
	if (fx == NULL || fx->currency[0] == '\0')
		return false;
	if (currency == NULL || currency[0] == '\0' || strcmp(currency, fx->currency) == 0) {
		*out = amount;
		return true;
	}
	for (size_t i = 0; i < fx->nrates; i++) {
		if (strcmp(fx->rates[i].currency, currency) == 0) {
			*out = amount * fx->rates[i].rate;
			return true;
		}
	}
	return false;
}
