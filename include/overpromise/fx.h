/*
 * Exchange rates into one reporting currency, so that amounts in several
 * currencies can be added up: `--currency EUR --fx USD=0.92,SEK=0.087`,
 * or `[report] currency` and an `[fx]` section in the configuration.
 */
#ifndef OVERPROMISE_FX_H
#define OVERPROMISE_FX_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Most exchange rates one run takes. */
#define OVP_FX_MAX_RATES 64

/** What one unit of a currency is worth in the reporting currency. */
typedef struct ovp_rate {
	char currency[8]; /**< upper-case ISO code */
	double rate;                      /**< greater than 0 */
} ovp_rate;

/** A reporting currency and the rates into it.  Zeroed: no reporting currency. */
typedef struct ovp_fx {
	char currency[8]; /**< the reporting currency, "" when none is set */
	ovp_rate rates[OVP_FX_MAX_RATES];
	size_t nrates;
} ovp_fx;

/**
 * Set the reporting currency from a code such as "EUR" (any case) or a
 * symbol ("€").  Fails with OVP_EUSAGE, fx unchanged, when it names no
 * currency.
 */
OVP_EXTERN int ovp_fx_set_currency(ovp_fx *fx, const char *currency, ovp_error *err);

/**
 * Set the rate of one currency from its text: a number greater than 0
 * with a decimal point ("0.92", "1", "11.5"); a later rate of the same
 * currency replaces the earlier.  A decimal comma ("1,08"), a thousands
 * separator, a sign or anything else is refused with OVP_EUSAGE and a
 * message that says what was expected; so is a currency that is no
 * currency, and a rate past OVP_FX_MAX_RATES (OVP_ELIMIT).
 */
OVP_EXTERN int ovp_fx_set_rate(ovp_fx *fx, const char *currency, const char *rate, ovp_error *err);

/**
 * Set the rates of a list "CUR=RATE[,CUR=RATE...]" ("USD=0.92,SEK=0.087")
 * as ovp_fx_set_rate() does, refusing the whole list when one is wrong
 * (fx is then unchanged).  A rate written with a decimal comma
 * ("USD=1,08") is named as such.
 */
OVP_EXTERN int ovp_fx_parse(ovp_fx *fx, const char *list, ovp_error *err);

/**
 * Convert amount in currency into the reporting currency: the reporting
 * currency itself and an amount without a currency ("") are taken at 1.
 * Returns false, *out untouched, when no reporting currency is set or the
 * currency has no rate.
 */
OVP_EXTERN bool ovp_fx_convert(const ovp_fx *fx, const char *currency, double amount, double *out);

#ifdef __cplusplus
}
#endif

#endif
