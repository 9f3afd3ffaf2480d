/*
 * overpromise: puts what sales promised next to what engineering planned.
 * The umbrella header of the library.
 */
#ifndef OVERPROMISE_H
#define OVERPROMISE_H

#include <overpromise/alias_suggest.h>
#include <overpromise/backtest.h>
#include <overpromise/baseline.h>
#include <overpromise/common.h>
#include <overpromise/config.h>
#include <overpromise/date.h>
#include <overpromise/deal_builder.h>
#include <overpromise/deals.h>
#include <overpromise/diff.h>
#include <overpromise/engine.h>
#include <overpromise/error.h>
#include <overpromise/finding.h>
#include <overpromise/forecast.h>
#include <overpromise/fx.h>
#include <overpromise/match.h>
#include <overpromise/output.h>
#include <overpromise/planner.h>
#include <overpromise/problem.h>
#include <overpromise/promise.h>
#include <overpromise/report.h>
#include <overpromise/roadmap.h>
#include <overpromise/rules.h>
#include <overpromise/run_history.h>
#include <overpromise/status.h>
#include <overpromise/trend.h>
#include <overpromise/when.h>

#endif
