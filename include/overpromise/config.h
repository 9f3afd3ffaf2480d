/*
 * The configuration (SPEC 6): column overrides, the status vocabulary,
 * rule selection and severities, thresholds, matching and aliases.
 */
#ifndef OVERPROMISE_CONFIG_H
#define OVERPROMISE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/common.h>
#include <overpromise/date.h>
#include <overpromise/error.h>
#include <overpromise/fx.h>
#include <overpromise/match.h>
#include <overpromise/roadmap.h>
#include <overpromise/rules.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Most column overrides per file. */
#define OVP_CONFIG_MAX_FIELDS 32

/** A header override: field key ("promises") -> header ("Features promised"). */
typedef struct ovp_column_override {
	const char *field;
	const char *header;
} ovp_column_override;

/** Settings for reading one of the two files. */
typedef struct ovp_file_config {
	ovp_column_override columns[OVP_CONFIG_MAX_FIELDS];
	size_t ncolumns;
	ovp_date_order date_order; /**< OVP_ORDER_AUTO to detect */
	char delimiter;            /**< 0 to sniff */
	char *sheet;               /**< a workbook's sheet to read, or NULL for the first visible one */
} ovp_file_config;

/** The whole configuration.  Every string is owned by the configuration. */
typedef struct ovp_config {
	char *path;                 /**< file it was read from, or NULL for the defaults */
	ovp_file_config deals;
	ovp_file_config roadmap;
	char **status_words[OVP_CLASS_COUNT]; /**< extra status words per class */
	size_t nstatus_words[OVP_CLASS_COUNT];
	ovp_severity severity[OVP_RULE_COUNT]; /**< per rule; OVP_SEV_OFF when ignored */
	double slip_threshold;      /**< OVP006 fires at or above this probability (0.30) */
	int slip_days;              /**< OVP012 fires at this many days past baseline (30) */
	double concentration_share; /**< OVP101 share of promised value (0.25) */
	size_t min_history;         /**< samples below which the prior is used (8) */
	double min_similarity;      /**< approximate match threshold (0.80) */
	double hours_per_day;       /**< [roadmap] hours of a day of work, for time estimates (8) */
	bool forecast_per_file;     /**< [forecast] per_file: each roadmap file has its own
	                                 history of delays (false: one for all) */
	double unconfirmed_similarity; /**< OVP014 threshold (0.60); min_similarity when above it */
	int capacity_window_days;   /**< OVP015: the days of shipped work that give the pace (180) */
	double capacity_factor;     /**< OVP015: the share of that pace promises may take (1.0) */
	bool capacity_enabled;      /**< OVP015: false switches the rule off (true) */
	double confidence;          /**< [forecast] confidence: how sure a suggested date is (0.85) */
	ovp_fx fx;                  /**< [report] currency and the [fx] rates into it */
	ovp_alias *aliases;
	size_t naliases;
	char **files;               /**< every file read, in order: what aliases name as their file */
	size_t nfiles;
} ovp_config;

/** Fill cfg with the defaults.  Free with ovp_config_free(). */
OVP_EXTERN void ovp_config_init(ovp_config *cfg);

/**
 * Read the INI file at path into cfg (on top of what cfg holds).  Fails
 * with OVP_EIO when the file cannot be read, OVP_ECONFIG on an unknown
 * section or key or a bad value, naming file and line.
 */
OVP_EXTERN int ovp_config_load(ovp_config *cfg, const char *path, ovp_error *err);

/**
 * Find the configuration file for a run started in directory dir:
 * .overpromise.ini in dir or its nearest parent that has one, else
 * overpromise/config.ini in the user's configuration directory,
 * xdg_config_home (the caller's $XDG_CONFIG_HOME; only an absolute path
 * counts), else .config under home (the caller's $HOME); either may be
 * NULL.  Returns a new string the caller frees, or NULL when there is
 * none.
 */
OVP_EXTERN char *ovp_config_discover(const char *dir, const char *xdg_config_home,
                                     const char *home);

/** The header override for field in fc, or NULL. */
OVP_EXTERN const char *ovp_config_column(const ovp_file_config *fc, const char *field);

/** Free what cfg holds (not cfg itself).  cfg may be NULL. */
OVP_EXTERN void ovp_config_free(ovp_config *cfg);

#ifdef __cplusplus
}
#endif

#endif
