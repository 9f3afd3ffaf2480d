/*
 * overpromise: puts what sales promised next to what engineering planned.
 * The umbrella header of the library.
 */
#ifndef OVERPROMISE_H
#define OVERPROMISE_H

#include <overpromise/alias_suggest.h>
#include <overpromise/amount.h>
#include <overpromise/backtest.h>
#include <overpromise/check.h>
#include <overpromise/config.h>
#include <overpromise/csv.h>
#include <overpromise/date.h>
#include <overpromise/deal_builder.h>
#include <overpromise/deals.h>
#include <overpromise/diff.h>
#include <overpromise/error.h>
#include <overpromise/finding.h>
#include <overpromise/forecast.h>
#include <overpromise/fx.h>
#include <overpromise/histories.h>
#include <overpromise/inspect.h>
#include <overpromise/match.h>
#include <overpromise/output.h>
#include <overpromise/planner.h>
#include <overpromise/problem.h>
#include <overpromise/report.h>
#include <overpromise/roadmap.h>
#include <overpromise/rules.h>
#include <overpromise/run_history.h>
#include <overpromise/table.h>
#include <overpromise/text.h>
#include <overpromise/when.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The library's version, "MAJOR.MINOR.PATCH". */
const char *ovp_version(void);

#ifdef __cplusplus
}
#endif

#endif
