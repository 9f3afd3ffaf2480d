/*
 * Money amounts as CRMs export them: "120000", "120,000.50", "120.000,50",
 * "$120,000", "120 000 €", "USD 120,000", "48.000".
 */
#ifndef OVP_AMOUNT_H
#define OVP_AMOUNT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Room for an ISO 4217 code or a short currency symbol with its NUL. */
#define OVP_CURRENCY_SIZE 8

/** What the parser made of an amount cell. */
typedef enum ovp_amount_status {
	OVP_AMOUNT_OK = 0,  /**< *value (and perhaps currency) was read */
	OVP_AMOUNT_EMPTY,   /**< the cell is empty or blank */
	OVP_AMOUNT_INVALID  /**< not an amount */
} ovp_amount_status;

/**
 * Parse len bytes at s.  A single separator followed by exactly three
 * digits is a thousands separator; otherwise the last separator is the
 * decimal one; spaces (also U+00A0, U+202F) and apostrophes group digits.
 * A currency code or symbol before or after the number is stored in
 * currency as an ISO 4217 code ("$" -> "USD", "€" -> "EUR", "£" -> "GBP",
 * "¥" -> "JPY", "kr" -> "SEK"), or "" when the cell names none.  A leading
 * minus or parentheses make the amount negative.
 */
ovp_amount_status ovp_amount_parse(const char *s, size_t len, double *value,
                                   char currency[OVP_CURRENCY_SIZE]);

/**
 * Read a currency cell (a code such as "usd" or a symbol) into an
 * upper-case ISO code.  Returns 0, or -1 when the cell names no currency.
 */
int ovp_currency_parse(const char *s, size_t len, char currency[OVP_CURRENCY_SIZE]);

#ifdef __cplusplus
}
#endif

#endif
