"""The check done the way a user would without overpromise: pandas.

Reads the Salesforce deals export and the Jira roadmap export, drops the
report trailer and lost deals, explodes the promise cells into one row per
promise, splits off each promise's own date ("(2027-03-31)", "by Q2 2027",
"@ Q1 2028", "- March 2027"), falls back to the promised date and then the
close date, joins each promise to the roadmap on a key found in it (PLAT-123)
or else on the lower-cased title, and flags what overpromise's main rules
flag: not on the roadmap, cancelled, unscheduled, planned after the due date
(with the days late), due and not shipped.  Writes the flagged promises to
a JSON file, one record each.

It is written as a competent pandas user would write it: vectorised string
and date operations, no Python loop over rows.  It does less than
overpromise (no typo-tolerant matching, no slip model, no data-quality
findings), which only flatters it in the comparison.

Usage: /usr/bin/python3 pandas_check.py DEALS ROADMAP AS_OF OUT.json
"""
import sys

import pandas as pd

MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}


def period_end(text):
    """The last day of the period a written date names, as datetime64 (NaT when unread)."""
    t = text.str.strip()
    out = pd.to_datetime(t, format="%Y-%m-%d", errors="coerce")
    us = pd.to_datetime(t, format="%m/%d/%Y", errors="coerce")
    out = out.fillna(us)
    q = t.str.extract(r"^[Qq]([1-4])\s+(\d{4})$")
    qend = pd.to_datetime(q[1] + "-" + (q[0].astype(float) * 3).astype("Int64").astype(str) +
                          "-01", format="%Y-%m-%d", errors="coerce") + pd.offsets.MonthEnd(0)
    out = out.fillna(qend)
    h = t.str.extract(r"^[Hh]([12])\s+(\d{4})$")
    hend = pd.to_datetime(h[1] + "-" + (h[0].astype(float) * 6).astype("Int64").astype(str) +
                          "-01", format="%Y-%m-%d", errors="coerce") + pd.offsets.MonthEnd(0)
    out = out.fillna(hend)
    m = t.str.extract(r"^([A-Za-z]{3})[a-z]*\s+(\d{4})$")
    mon = m[0].str.lower().map(MONTHS)
    mend = pd.to_datetime(m[1] + "-" + mon.astype("Int64").astype(str) + "-01",
                          format="%Y-%m-%d", errors="coerce") + pd.offsets.MonthEnd(0)
    return out.fillna(mend)


def main():
    deals_path, roadmap_path, as_of, out_path = sys.argv[1:5]
    as_of = pd.Timestamp(as_of)

    deals = pd.read_csv(deals_path, dtype=str, keep_default_na=False)
    deals = deals[deals["Opportunity ID"] != ""]
    deals = deals[~deals["Stage"].str.lower().str.contains("lost")]
    deals["line"] = deals.index + 2
    deals["promise"] = deals["Promised Features"].str.split(r"[;|\n]")
    p = deals.explode("promise")
    p["promise"] = p["promise"].str.strip()
    p = p[p["promise"].notna() & (p["promise"] != "")]

    parts = p["promise"].str.extract(
        r"^(?P<feature>.*?)\s*(?:\((?:by\s+)?(?P<d1>[^()]*)\)|\s(?:by|@)\s+(?P<d2>.+)|\s[-\u2013]\s+(?P<d3>.+))$")
    own_text = parts["d1"].fillna(parts["d2"]).fillna(parts["d3"])
    own = period_end(own_text.fillna(""))
    # A trailing part that is no date belongs to the feature ("Single sign-on (SAML)").
    p["feature"] = parts["feature"].where(own.notna(), p["promise"]).fillna(p["promise"])
    due = own.fillna(pd.to_datetime(p["Promised Date"], format="%m/%d/%Y", errors="coerce"))
    due = due.fillna(pd.to_datetime(p["Close Date"], format="%m/%d/%Y", errors="coerce"))
    p["due"] = due

    rm = pd.read_csv(roadmap_path, dtype=str, keep_default_na=False)
    rm["planned"] = pd.to_datetime(rm["Custom field (Target end)"], format="%d/%b/%y",
                                   errors="coerce")
    rm["planned"] = rm["planned"].fillna(pd.to_datetime(rm["Due date"], format="%d/%b/%y",
                                                        errors="coerce"))
    rm["title_lc"] = rm["Summary"].str.lower()
    items = rm[["Issue key", "Summary", "Status", "Resolution", "planned", "title_lc"]]

    p["key"] = p["feature"].str.extract(r"\b([A-Z][A-Z0-9]+-\d+)\b")[0]
    p["feature_lc"] = p["feature"].str.lower()
    by_key = p.merge(items, how="left", left_on="key", right_on="Issue key")
    by_title = p.merge(items.drop_duplicates("title_lc"), how="left", left_on="feature_lc",
                       right_on="title_lc")
    j = by_key.copy()
    nokey = j["Issue key"].isna()
    for c in ["Issue key", "Summary", "Status", "Resolution", "planned"]:
        j.loc[nokey, c] = by_title.loc[nokey, c].values

    status = j["Status"].fillna("").str.lower()
    shipped = status.isin(["done", "closed", "resolved", "released"]) & \
        ~j["Resolution"].fillna("").str.lower().isin(["won't do", "duplicate"])
    cancelled = status.isin(["canceled", "cancelled", "rejected"]) | \
        (status.isin(["done", "closed"]) & ~shipped)
    unscheduled = status.isin(["backlog", "parking lot", "idea"]) | j["planned"].isna()
    unplanned = j["Issue key"].isna()
    days_late = (j["planned"] - j["due"]).dt.days
    late = ~unplanned & ~shipped & ~cancelled & ~unscheduled & (days_late > 0)
    overdue = ~unplanned & ~shipped & (j["due"] <= as_of)

    j["rule"] = None
    j.loc[overdue, "rule"] = "overdue"
    j.loc[late, "rule"] = "late"
    j.loc[unscheduled & ~unplanned & ~shipped & ~cancelled, "rule"] = "unscheduled"
    j.loc[cancelled & ~unplanned, "rule"] = "cancelled"
    j.loc[unplanned, "rule"] = "unplanned"
    j["days_late"] = days_late.where(late)
    flagged = j[j["rule"].notna()]
    out = flagged[["rule", "line", "Opportunity ID", "Opportunity Name", "Account Name", "Amount",
                   "Amount Currency", "promise", "feature", "due", "Issue key", "Summary",
                   "Status", "planned", "days_late"]]
    out.to_json(out_path, orient="records", date_format="iso", lines=True)
    print("%d promises, %d flagged" % (len(j), len(flagged)))


if __name__ == "__main__":
    main()
