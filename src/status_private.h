/*
 * Shared between the status vocabulary (status.c) and the configuration
 * (config.c), which must compare status words exactly as classification
 * does; not part of the public interface.
 */
#ifndef OVERPROMISE_STATUS_PRIVATE_H
#define OVERPROMISE_STATUS_PRIVATE_H

#include <stddef.h>

/** Room for a normalised status word, including its NUL. */
#define OVP_STATUS_NORM_MAX 128

/**
 * Normalise the NUL-terminated status word s into buf (size bytes): letters
 * and digits only, case-folded, accents stripped; punctuation, apostrophes
 * and white space vanish ("Won't Do", "WONT-DO" and "won’t do" all become
 * "wontdo").  Returns the length written, or -1 when the result does not
 * fit (buf then holds no usable word).  Never allocates.
 */
int ovp_status_normalize(const char *s, char *buf, size_t size);

#endif
