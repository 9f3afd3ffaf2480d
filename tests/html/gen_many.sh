#!/usr/bin/env bash
# Write a generated roadmap of N items (default 500) and deals that promise
# every one of them, for the HTML report's timeline at scale:
#
#   gen_many.sh DIR [N]
#
# writes DIR/roadmap.csv and DIR/deals.csv.  The output depends on N only:
# titles short and long (up to 120 characters), in Latin, Cyrillic and CJK
# script (wide characters), every status class, planned dates over three
# years and some items with no date; two deals per item, promised dates
# before and after the plan, amounts in USD and a few in EUR.
set -eu
dir=$1
n=${2:-500}
mkdir -p "$dir"
awk -v n="$n" -v dir="$dir" 'BEGIN {
	split("SSO,Audit log,Webhooks,Billing,Dashboards,Mobile app,Data residency,RBAC,SCIM,Offline mode", words, ",")
	split("In Progress,To Do,Backlog,Done,Cancelled,Selected for Development,In Review", statuses, ",")
	roadmap = dir "/roadmap.csv"
	deals = dir "/deals.csv"
	print "Issue key,Summary,Status,Due date" > roadmap
	print "Opportunity ID,Opportunity Name,Account Name,Amount,Amount Currency,Promised Features,Promised Date" > deals
	for (i = 1; i <= n; i++) {
		w = words[(i % 10) + 1]
		if (i % 7 == 0)
			title = w " for enterprise tenants with very long names that go on and on, version " i " of the plan"
		else if (i % 11 == 0)
			title = "多要素認証と監査ログの統合 " i
		else if (i % 13 == 0)
			title = "Единый вход для партнёров " i
		else if (i % 17 == 0)
			title = "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW " i
		else
			title = w " improvement " i
		status = statuses[(i % 7) + 1]
		# Planned over three years from 2026-01, a month per 14 items; every 19th undated.
		m = int((i * 36) / n)
		y = 2026 + int(m / 12)
		mo = (m % 12) + 1
		day = (i % 28) + 1
		planned = (i % 19 == 0) ? "" : sprintf("%04d-%02d-%02d", y, mo, day)
		printf "GEN-%d,\"%s\",%s,%s\n", i, title, status, planned > roadmap
		for (k = 0; k < 2; k++) {
			# Promised a quarter before or a month after the plan.
			pm = m + (k == 0 ? -3 : 1)
			if (pm < 0) pm = 0
			py = 2026 + int(pm / 12)
			pmo = (pm % 12) + 1
			amount = ((i * 7919 + k * 104729) % 500 + 10) * 1000
			cur = (i % 23 == 0) ? "EUR" : "USD"
			printf "D-%d-%d,Deal %d-%d,Account %d,%d,%s,GEN-%d,%04d-%02d-15\n", i, k, i, k, (i * 3 + k) % 97, amount, cur, i, py, pmo > deals
		}
	}
}'
