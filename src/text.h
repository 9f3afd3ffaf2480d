/*
 * Text normalisation for matching: two spellings of one name become one
 * string ("Single Sign-On", "single sign on", "SINGLE-SIGN-ON" ->
 * "single sign on").
 */
#ifndef OVP_TEXT_H
#define OVP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Normalise len bytes of UTF-8 at s: Unicode NFKC with case folding,
 * accents and other marks stripped (from Latin, Greek, Cyrillic, Hebrew
 * and Arabic letters; marks that belong to the spelling of other
 * scripts, such as Devanagari vowel signs or Japanese dakuten, are
 * kept), every run of punctuation, symbols and white space turned into
 * one space, no leading or trailing space.
 * Invalid UTF-8 is treated as a separator.  Returns a new NUL-terminated
 * string that the caller frees with free(), or NULL when out of memory.
 */
char *ovp_normalize(const char *s, size_t len);

/** Whether the len bytes at s are all ASCII (what ovp_normalize_ascii_to() takes). */
bool ovp_text_is_ascii(const char *s, size_t len);

/**
 * ovp_normalize() of the len bytes at s, which must all be ASCII, into
 * out (len + 1 bytes at least), NUL-terminated, without allocating:
 * so that a text normalised before can be normalised again instead of
 * being kept.  Returns the length of the result.
 */
size_t ovp_normalize_ascii_to(const char *s, size_t len, char *out);

#ifdef __cplusplus
}
#endif

#endif
