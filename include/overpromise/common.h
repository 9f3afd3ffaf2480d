/*
 * What every public header shares: the mark on the library's API, and
 * the library's version.
 *
 * The shared library is built with hidden symbols, so that it exports
 * what its headers declare and nothing else; OVP_EXTERN marks each
 * function and object of the public API as exported.
 */
#ifndef OVERPROMISE_COMMON_H
#define OVERPROMISE_COMMON_H

/** Declares a function or object of the public API, exported by the shared library. */
#if defined(__GNUC__) && __GNUC__ >= 4
#define OVP_EXTERN extern __attribute__((visibility("default")))
#else
#define OVP_EXTERN extern
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** The library's version, "MAJOR.MINOR.PATCH". */
OVP_EXTERN const char *ovp_version(void);

#ifdef __cplusplus
}
#endif

#endif
