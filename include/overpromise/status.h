/*
 * Statuses: the class every status of a roadmap export falls into
 * (SPEC 2.3), from a built-in vocabulary that the configuration
 * extends.
 */
#ifndef OVERPROMISE_STATUS_H
#define OVERPROMISE_STATUS_H

#include <stdbool.h>

#include <overpromise/common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovp_config;

/** The class every status falls into (SPEC 2.3). */
typedef enum ovp_status_class {
	OVP_CLASS_PLANNED = 0,
	OVP_CLASS_IN_PROGRESS,
	OVP_CLASS_SHIPPED,
	OVP_CLASS_CANCELLED,
	OVP_CLASS_UNPLANNED,
	OVP_CLASS_COUNT
} ovp_status_class;

/** "planned", "in_progress", "shipped", "cancelled", "unplanned". */
OVP_EXTERN const char *ovp_status_class_name(ovp_status_class c);

/**
 * Classify a status (and an optional resolution, NULL or "" when none)
 * with the built-in vocabulary extended by cfg.  A status in no vocabulary
 * is taken from the status category hint (NULL or "" when none) when the
 * hint is known, else it is planned; *known is false only in that last
 * case, so that the caller reports the status.  known may be NULL.
 */
OVP_EXTERN ovp_status_class ovp_status_classify(const char *status, const char *resolution,
                                                const char *category, const struct ovp_config *cfg,
                                                bool *known);

#ifdef __cplusplus
}
#endif

#endif
