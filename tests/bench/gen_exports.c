/*
 * Writes the large, realistic exports the benchmark runs on: a Jira Cloud
 * roadmap export with shipped history, Salesforce opportunity reports of
 * two sizes drawn from the same distribution, and the list of distinct
 * promised features they draw from (for the matcher benchmark).
 *
 * Everything comes from one fixed seed, so the files are the same on
 * every machine and every run.  The roadmap titles are combinations of
 * product words ("Scheduled invoice export", "Okta connector"); the
 * promises are exact titles (some in other letter case), roadmap keys
 * alone or followed by the title, titles with one or two typing errors,
 * and features that are on no roadmap (new combinations of the same
 * words, and words the roadmap never uses): 100,000 distinct texts, of
 * which the deals name exact titles most often (see kind_weight).
 * Promise cells hold 0 to 3 promises (1.55 on average) separated by ';',
 * '|' or a line break, 40% of them with a date of their own
 * ("(2027-03-31)", "by Q2 2027", "@ Q1 2028", "- March 2027"); 8% of the
 * deals are lost, 3% run over two rows.
 *
 * A fixed pool of texts is what a CRM with picklists looks like, but
 * where people type, new texts keep arriving as the rows grow.  The
 * growing-texts exports (deals-*-growing.csv) draw 15% of their
 * promises afresh instead of from the pool (see fresh_feature()): titles
 * with typos of their own, titles with a new qualifier and new features,
 * so that their distinct texts grow with the rows, about 23,000 new ones
 * per 100,000 rows.
 *
 * Usage: gen_exports OUTDIR [--deals N] [--small N] [--items N] [--pool N]
 * writes OUTDIR/deals-1m.csv (N deal rows, default 1,000,000),
 * OUTDIR/deals-100k.csv (default 100,000 rows), the same two sizes with
 * growing texts (deals-1m-growing.csv, deals-100k-growing.csv),
 * OUTDIR/roadmap-50k.csv (default 50,000 items) and
 * OUTDIR/promises-100k.txt (the distinct features of the pool, one a
 * line, default 100,000).  The names stay the same whatever the sizes.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED 0x6f7665727072ULL
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Random numbers: splitmix64, the same everywhere ------------------- */

static uint64_t rng_state = SEED;

static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static size_t
pick(size_t n)
{
	return (size_t)(rnd() % n);
}

/* True with probability percent / 100. */
static bool
chance(unsigned percent)
{
	return pick(100) < percent;
}

#define ANY(list) (list[pick(NELEM(list))])

/* ---- Vocabulary ---------------------------------------------------------- */

static const char *const qualifiers[] = {
	"Advanced", "Bulk", "Custom", "Scheduled", "Automated", "Multi-currency", "Multi-region",
	"Granular", "Real-time", "Self-service", "Enterprise", "Team", "Cross-account",
	"Conditional", "Inline", "Delegated", "Encrypted", "Configurable", "Smart", "Shared",
	"Guided", "Unified", "Regional", "Tiered", "Versioned", "Federated", "Nested", "Recurring",
	"Parallel", "Incremental", "Instant", "Hierarchical", "Dynamic", "Public", "Private",
	"Secure", "AI-assisted", "Predictive", "Mobile", "Global",
};

static const char *const objects[] = {
	"invoice", "purchase order", "user", "team", "workspace", "project", "ticket", "contract",
	"subscription", "webhook", "report", "dashboard", "audit log", "API key", "role",
	"permission", "calendar", "document", "attachment", "comment", "task", "pipeline", "lead",
	"contact", "account", "quote", "order", "shipment", "inventory", "warehouse",
	"product catalog", "price list", "discount", "coupon", "tax rate", "currency", "payout",
	"refund", "dispute", "ledger", "budget", "forecast", "timesheet", "expense", "receipt",
	"asset", "license", "device", "sensor", "alert", "incident", "runbook", "deployment",
	"release", "build", "artifact", "secret", "certificate", "domain", "DNS record",
	"email template", "SMS", "push notification", "chat", "channel", "message", "thread",
	"survey", "form", "field", "label", "tag", "folder", "file", "image", "video", "transcript",
	"recording", "meeting", "room", "booking", "appointment", "patient record", "claim",
	"policy", "vendor", "supplier", "partner", "reseller", "affiliate", "campaign", "segment",
	"audience", "journey", "score", "goal", "OKR", "milestone", "sprint", "backlog", "epic",
	"story", "bug", "feature flag", "experiment", "cohort", "funnel", "event", "metric", "log",
	"trace", "query", "index", "schema", "table", "view", "job", "queue", "schedule",
	"cron job", "batch", "snapshot", "region", "tenant", "organization", "group", "directory",
	"session", "password", "token", "consent", "cookie", "retention rule", "archive",
	"knowledge base", "article", "playbook", "territory", "commission", "payroll", "shift",
	"vehicle", "route", "parcel", "container", "cluster", "node", "volume", "bucket",
};

static const char *const actions[] = {
	"export", "import", "bulk edit", "approval workflow", "versioning", "audit trail",
	"templates", "search", "filters", "sharing", "permissions", "sync", "API", "webhooks",
	"notifications", "reminders", "scheduling", "analytics", "archiving", "retention",
	"encryption", "redaction", "merge", "deduplication", "validation", "localization",
	"offline mode", "real-time updates", "history", "comments", "mentions", "tagging",
	"reporting", "reconciliation", "e-signatures", "custom fields", "role-based access",
	"SCIM provisioning", "rate limits", "quotas", "usage metering", "sandbox", "preview",
	"recommendations", "auto-assignment", "escalation", "SLA tracking", "translations",
	"accessibility", "keyboard shortcuts", "drag and drop", "PDF rendering", "CSV export",
	"data residency", "backups", "restore", "anomaly detection", "insights", "portal",
	"mobile app",
};

static const char *const brands[] = {
	"Salesforce", "HubSpot", "Slack", "Microsoft Teams", "Zoom", "Okta", "Azure AD",
	"Google Workspace", "Jira", "GitHub", "GitLab", "Snowflake", "BigQuery", "Databricks",
	"Amazon S3", "SAP", "NetSuite", "Xero", "QuickBooks", "Stripe", "Adyen", "Shopify",
	"Zendesk", "ServiceNow", "Workday", "Marketo", "Intercom", "Twilio", "DocuSign", "Box",
	"Dropbox", "OneDrive", "SharePoint", "Confluence", "Notion", "Asana", "Trello", "Monday",
	"Pipedrive", "Dynamics 365", "Oracle", "Tableau", "Power BI", "Looker", "Segment",
	"Mixpanel", "Amplitude", "Datadog", "PagerDuty", "Splunk", "Auth0", "Ping Identity",
	"OneLogin", "Freshdesk", "Gong", "Outreach", "Mailchimp", "Klaviyo", "Braze", "PayPal",
};

static const char *const brand_kinds[] = {
	"integration", "connector", "sync", "single sign-on", "app", "export", "import",
};

/* Words no roadmap item uses: promises built from them match nothing. */
static const char *const novel_adjs[] = {
	"Quantum-safe", "Holographic", "Voice-controlled", "Blockchain", "Carbon-neutral",
	"Gamified", "Zero-knowledge", "Edge", "Serverless", "Biometric", "Satellite", "Wearable",
	"Immersive", "Haptic", "Neural", "Autonomous", "Decentralised", "Metaverse", "Augmented",
	"Low-code", "Generative", "Contactless", "Frictionless", "Omnichannel", "Hyperlocal",
};

static const char *const novel_nouns[] = {
	"encryption", "meeting rooms", "onboarding", "ledger", "carbon accounting", "loyalty points",
	"proofs", "caching", "checkout", "login", "uplink", "wristbands", "showroom", "feedback",
	"copilot", "drone dispatch", "voting", "avatars", "overlays", "form builder", "storyboards",
	"payments", "concierge", "routing", "marketplace", "kiosk", "telemetry", "twin",
};

static const char *const first_names[] = {
	"Dana", "Miguel", "Aiko", "Lars", "Priya", "Jonas", "Maria", "Ahmed", "Chen", "Fatima",
	"Oliver", "Sofia", "Mateo", "Emma", "Noah", "Amara", "Hiroshi", "Ingrid", "Kwame", "Lucia",
	"Ravi", "Sanna", "Tomasz", "Yara", "Zoltan", "Élodie", "Björn", "Søren", "José", "Nadia",
};

static const char *const last_names[] = {
	"Whitfield", "Ortega", "Tanaka", "Nilsson", "Shah", "Berg", "Lindqvist", "Khan", "Wei",
	"Haddad", "Brown", "Rossi", "García", "Müller", "Okafor", "Kowalski", "Novak", "Dubois",
	"Andersson", "Raman", "Silva", "Yilmaz", "Petrov", "Kim", "Nguyen", "O'Brien", "Hansen",
};

static const char *const company_a[] = {
	"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Cyberdyne", "Soylent",
	"Initrode", "Vandelay", "Massive", "Pied", "Tyrell", "Wonka", "Gringotts", "Oscorp",
	"Aperture", "Black Mesa", "Nakatomi", "Monarch", "Sirius", "Zenith", "Nordic", "Atlas",
	"Vertex", "Helix", "Quantum", "Polar", "Summit", "Crescent", "Orion", "Lumen", "Cobalt",
	"Evergreen", "Harbor", "Ironwood", "Juniper", "Keystone", "Meridian", "Northwind",
	"Pinnacle", "Redwood", "Sterling", "Tundra", "Union", "Vantage", "Westfield", "Yellowstone",
	"Zephyr", "Société", "Müller", "Åkesson", "Ørsted", "Caña",
};

static const char *const company_b[] = {
	"Corp", "Inc.", "Industries", "Systems", "Logistics", "Health", "Bank", "Insurance",
	"Retail", "Energy", "Labs", "Foods", "Motors", "Airlines", "Media", "Capital", "GmbH",
	"AB", "Ltd", "SA", "Group", "Holdings", "Partners", "Technologies", "Pharma",
};

static const char *const deal_kinds[] = {
	"renewal 2027", "expansion", "platform deal", "pilot", "upsell", "new logo",
	"enterprise rollout", "migration", "security bundle", "analytics add-on", "renewal 2026",
	"multi-year agreement", "EMEA rollout", "APAC expansion", "cross-sell",
};

static const char *const stages[] = {
	"Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
	"Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review",
	"Closed Won",
};

static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December",
};

static const char *const projects[] = {"PLAT", "CORE", "MOB", "API", "DATA", "SEC", "BILL", "INT"};

/* ---- Dates ---------------------------------------------------------------- */

typedef struct ymd {
	int y, m, d;
} ymd;

/* Days since 1970-01-01 to a date and back (Hinnant's algorithms). */
static long
to_days(ymd t)
{
	long y = t.y - (t.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (t.m + (t.m > 2 ? -3 : 9)) + 2) / 5 + t.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static ymd
from_days(long z)
{
	long era, doe, yoe, y, doy, mp;
	ymd t;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	t.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	t.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	t.y = (int)(y + (t.m <= 2));
	return t;
}

/* A day in [from, to] (as ymd). */
static long
day_between(ymd from, ymd to)
{
	long a = to_days(from), b = to_days(to);

	return a + (long)pick((size_t)(b - a + 1));
}

/* Jira's "15/Jan/27" */
static void
put_jira_day(FILE *f, long day)
{
	ymd t = from_days(day);

	fprintf(f, "%02d/%s/%02d", t.d, months[t.m - 1], t.y % 100);
}

/* Jira's "15/Jan/27 3:15 PM" */
static void
put_jira_time(FILE *f, long day)
{
	int h = 8 + (int)pick(10);

	put_jira_day(f, day);
	fprintf(f, " %d:%02d %s", h > 12 ? h - 12 : h, (int)pick(60), h >= 12 ? "PM" : "AM");
}

/* Salesforce's US "12/15/2026" */
static void
put_us_day(FILE *f, long day)
{
	ymd t = from_days(day);

	fprintf(f, "%d/%d/%d", t.m, t.d, t.y);
}

/* A promise's own date, in one of the forms sales people write. */
static int
promise_date(char *buf, size_t cap, long day)
{
	ymd t = from_days(day);
	int q = (t.m - 1) / 3 + 1;

	switch (pick(8)) {
	case 0:
	case 1:
		return snprintf(buf, cap, " (%04d-%02d-%02d)", t.y, t.m, t.d);
	case 2:
		return snprintf(buf, cap, " by %04d-%02d-%02d", t.y, t.m, t.d);
	case 3:
		return snprintf(buf, cap, " by Q%d %d", q, t.y);
	case 4:
		return snprintf(buf, cap, " @ Q%d %d", q, t.y);
	case 5:
		return snprintf(buf, cap, " - %s %d", month_names[t.m - 1], t.y);
	case 6:
		return snprintf(buf, cap, " (H%d %d)", t.m <= 6 ? 1 : 2, t.y);
	default:
		return snprintf(buf, cap, " by %s %d", months[t.m - 1], t.y);
	}
}

/* ---- A set of strings, to keep titles and promises distinct ------------- */

typedef struct strset {
	char **slot;
	size_t cap, n;
} strset;

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL) {
		fputs("gen_exports: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

static void
strset_init(strset *s, size_t expect)
{
	s->cap = 16;
	while (s->cap < expect * 2)
		s->cap *= 2;
	s->slot = calloc(s->cap, sizeof *s->slot);
	if (s->slot == NULL) {
		fputs("gen_exports: out of memory\n", stderr);
		exit(1);
	}
	s->n = 0;
}

/* Add a copy of str unless it is there; true when it was added.  The set
 * never grows: it is sized for what it is given. */
static bool
strset_add(strset *s, const char *str)
{
	size_t i = (size_t)hash_str(str) & (s->cap - 1);

	while (s->slot[i] != NULL) {
		if (strcmp(s->slot[i], str) == 0)
			return false;
		i = (i + 1) & (s->cap - 1);
	}
	if (2 * (s->n + 1) > s->cap)
		return false; /* full: refuse rather than loop */
	s->slot[i] = xstrdup(str);
	s->n++;
	return true;
}

static void
strset_free(strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
}

/* ---- The roadmap ------------------------------------------------------- */

typedef struct item {
	char *title;
	char key[16];
} item;

static void
make_title(char *buf, size_t cap)
{
	if (chance(8)) {
		snprintf(buf, cap, "%s %s", ANY(brands), ANY(brand_kinds));
		return;
	}
	if (chance(55)) {
		char obj[64];

		snprintf(obj, sizeof obj, "%s", ANY(objects));
		snprintf(buf, cap, "%s %s %s", ANY(qualifiers), obj, ANY(actions));
		return;
	}
	{
		const char *o = ANY(objects);

		/* Titles start with a capital, as people write them. */
		snprintf(buf, cap, "%c%s %s", o[0] >= 'a' && o[0] <= 'z' ? o[0] - 'a' + 'A' : o[0],
		         o + 1, ANY(actions));
	}
}

/* Write s as a CSV cell, quoted when it must be (Jira's style). */
static void
put_cell(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* Write s quoted, as Salesforce quotes every cell. */
static void
put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static const char roadmap_header[] =
	"Summary,Issue key,Issue id,Issue Type,Status,Status Category,Resolution,Priority,"
	"Assignee,Created,Updated,Resolved,Due date,Labels,Labels,Description,"
	"Custom field (Target start),Custom field (Target end),Custom field (Original due date),"
	"Custom field (Confidence),Custom field (Story Points),Custom field (Aliases)\n";

static const ymd AS_OF = {2026, 11, 26};

static void
write_roadmap(const char *path, item *items, size_t nitems)
{
	static const char *const labels[] = {
		"identity", "enterprise", "compliance", "security", "mobile", "api", "analytics",
		"billing", "integrations", "platform", "data", "ui", "notifications", "ai",
	};
	static const char *const types[] = {"Epic", "Story", "Epic", "Feature", "Story"};
	static const char *const priorities[] = {"Highest", "High", "Medium", "Medium", "Low"};
	FILE *f = fopen(path, "w");
	strset seen;
	unsigned counter[NELEM(projects)];
	long as_of = to_days(AS_OF);

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	for (size_t p = 0; p < NELEM(projects); p++)
		counter[p] = 10000 + (unsigned)pick(900);
	strset_init(&seen, nitems);
	fputs(roadmap_header, f);
	for (size_t i = 0; i < nitems; i++) {
		char title[160];
		size_t proj = pick(NELEM(projects));
		unsigned st = (unsigned)pick(100);
		const char *status, *category, *resolution = "";
		bool shipped = false, dated = true;
		long start, end, created;

		do
			make_title(title, sizeof title);
		while (!strset_add(&seen, title));
		items[i].title = xstrdup(title);
		counter[proj] += 1 + (unsigned)(chance(20) ? pick(4) : 0);
		snprintf(items[i].key, sizeof items[i].key, "%s-%u", projects[proj], counter[proj]);

		if (st < 36) {
			status = chance(85) ? "Done" : "Closed";
			category = "Done";
			resolution = chance(92) ? "Done" : "Won't Do";
			shipped = true;
		} else if (st < 54) {
			status = "In Progress";
			category = "In Progress";
		} else if (st < 59) {
			status = "In Review";
			category = "In Progress";
		} else if (st < 74) {
			status = "To Do";
			category = "To Do";
		} else if (st < 80) {
			status = "Selected for Development";
			category = "To Do";
		} else if (st < 92) {
			status = "Backlog";
			category = "To Do";
			dated = chance(30);
		} else if (st < 96) {
			status = "Canceled";
			category = "Done";
			resolution = "Won't Do";
		} else {
			status = "Parking lot";
			category = "To Do";
		}
		if (shipped) {
			end = day_between((ymd){2024, 6, 1}, (ymd){2026, 11, 15});
		} else {
			end = day_between((ymd){2026, 10, 1}, (ymd){2028, 6, 30});
		}
		start = end - 30 - (long)pick(200);
		created = start - 10 - (long)pick(120);

		put_cell(f, title);
		fprintf(f, ",%s,%zu,%s,%s,%s,%s,%s,", items[i].key, 100000 + i, ANY(types), status,
		        category, resolution, ANY(priorities));
		if (chance(85))
			fprintf(f, "%s %s", ANY(first_names), ANY(last_names));
		fputc(',', f);
		put_jira_time(f, created);
		fputc(',', f);
		put_jira_time(f, shipped ? end + 20 : as_of - (long)pick(60));
		fputc(',', f);
		if (shipped) {
			/* The shipped history the slip model learns from: mostly late. */
			long delay = (long)pick(90) - 25;

			put_jira_time(f, end + delay);
		}
		fputc(',', f);
		if (dated && chance(10))
			put_jira_day(f, end);
		fprintf(f, ",%s,", chance(70) ? ANY(labels) : "");
		if (chance(4))
			fputs(chance(50) ? "poc" : "beta", f);
		else if (chance(40))
			fputs(ANY(labels), f);
		fputc(',', f);
		if (chance(45)) {
			char desc[400];

			snprintf(desc, sizeof desc,
			         chance(30) ? "%s for %s customers, with %s.\nSee the design doc, "
			                      "\"v2\" section."
			                    : "%s for %s customers, with %s.",
			         title, ANY(labels), ANY(actions));
			put_cell(f, desc);
		}
		fputc(',', f);
		if (dated)
			put_jira_day(f, start);
		fputc(',', f);
		if (dated)
			put_jira_day(f, end);
		fputc(',', f);
		if (dated && chance(20))
			put_jira_day(f, end - 20 - (long)pick(120));
		fprintf(f, ",%s,%u,", chance(75) ? (chance(60) ? "High" : chance(70) ? "Medium" : "Low") : "",
		        (unsigned)(1 + pick(40)));
		if (chance(2)) {
			/* A second name for the item, unique to it. */
			fprintf(f, "%s %s", title, items[i].key + strlen(projects[proj]) + 1);
		}
		fputc('\n', f);
	}
	strset_free(&seen);
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* ---- The promise pool ---------------------------------------------------- */

static bool
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* One typing error in the word at w (n letters): swap, drop, double or replace. */
static void
typo_in(char *s, size_t at, size_t n)
{
	size_t i = at + 1 + pick(n - 2); /* never the first letter */
	size_t len = strlen(s);

	int kind = (int)pick(4);
	char c;

	if (kind == 0 && i + 1 >= at + n)
		kind = 1; /* no next letter of the word to swap with: drop instead */
	switch (kind) {
	case 0: /* swap with the next letter */
		c = s[i];
		s[i] = s[i + 1];
		s[i + 1] = c;
		break;
	case 1: /* drop */
		memmove(s + i, s + i + 1, len - i);
		break;
	case 2: /* double */
		memmove(s + i + 1, s + i, len - i + 1);
		break;
	default: /* replace with a neighbour on the keyboard, roughly */
		s[i] = (char)(s[i] == 'z' ? 'x' : s[i] == 'Z' ? 'X' : s[i] + 1);
		if (!is_letter(s[i]))
			s[i] = 'e';
		break;
	}
}

/* One or two typos in words of at least five letters; false when there is no such word. */
static bool
make_typo(char *s, size_t cap)
{
	size_t starts[16], lens[16], nw = 0, i = 0, len = strlen(s);
	int errors = chance(75) ? 1 : 2;

	if (len + 3 >= cap)
		return false;
	while (i < len && nw < NELEM(starts)) {
		size_t j = i;

		while (j < len && is_letter(s[j]))
			j++;
		if (j - i >= 5) {
			starts[nw] = i;
			lens[nw] = j - i;
			nw++;
		}
		i = j + 1;
	}
	if (nw == 0)
		return false;
	{
		size_t w = pick(nw);

		typo_in(s, starts[w], lens[w]);
		/* A second error goes in a long word only, else the text is another word. */
		if (errors == 2 && lens[w] >= 9)
			typo_in(s, starts[w], lens[w] - 1);
	}
	return true;
}

static void
lower_all(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/*
 * The kinds of promised features: how many distinct texts of each the
 * pool holds (percent of the pool) and how often the deals name one
 * (percent of the promises).  Most promises name a roadmap item exactly,
 * as multi-select picklists and copied names do, but the rarer typed
 * ones (typos, new asks) make most of the distinct texts.
 */
enum { K_EXACT, K_KEY, K_TYPO, K_UNKNOWN, K_COUNT };
static const unsigned kind_share[K_COUNT] = {30, 12, 33, 25};
static const unsigned kind_weight[K_COUNT] = {60, 10, 15, 15};

/* The pool: its texts in blocks of one kind, block k at first[k]. */
typedef struct feature_pool {
	char **text;
	size_t n;
	size_t first[K_COUNT + 1];
} feature_pool;

/* A feature for one promise: a kind by its weight, then any text of that kind. */
static const char *
pool_draw(const feature_pool *p)
{
	unsigned r = (unsigned)pick(100), k = 0;

	while (k + 1 < K_COUNT && r >= kind_weight[k]) {
		r -= kind_weight[k];
		k++;
	}
	return p->text[p->first[k] + pick(p->first[k + 1] - p->first[k])];
}

/*
 * The distinct promised features: exact titles (some lower-cased), keys
 * alone or with their title, titles with typos, and features that are on
 * no roadmap.
 */
static void
make_pool(feature_pool *pl, const item *items, size_t nitems, size_t npool)
{
	char **pool = xmalloc(npool * sizeof *pool);
	strset seen;
	size_t n = 0;
	size_t want_exact = npool * kind_share[K_EXACT] / 100;
	size_t want_key = npool * kind_share[K_KEY] / 100;
	size_t want_typo = npool * kind_share[K_TYPO] / 100;
	unsigned tries = 0;

	/* The titles go in first, so that no typo or unknown feature is one. */
	strset_init(&seen, npool + nitems);
	for (size_t i = 0; i < nitems; i++)
		strset_add(&seen, items[i].title);
	{
		while (n < npool && tries < 100000000u) {
			char buf[256];
			size_t kind_n = n;
			const item *it = &items[pick(nitems)];

			tries++;
			if (kind_n < want_exact) {
				snprintf(buf, sizeof buf, "%s", it->title);
				if (chance(20))
					lower_all(buf);
				/* An exact title is a title: the set already has it; keep one
				 * copy of each in the pool through a marker set of its own. */
				{
					char marked[260];

					snprintf(marked, sizeof marked, "\x01%s", buf);
					if (!strset_add(&seen, marked))
						continue;
				}
			} else if (kind_n < want_exact + want_key) {
				if (chance(60))
					snprintf(buf, sizeof buf, "%s", it->key);
				else
					snprintf(buf, sizeof buf, "%s %s", it->key, it->title);
				if (!strset_add(&seen, buf))
					continue;
			} else if (kind_n < want_exact + want_key + want_typo) {
				snprintf(buf, sizeof buf, "%s", it->title);
				if (!make_typo(buf, sizeof buf) || !strset_add(&seen, buf))
					continue;
			} else if (chance(50)) {
				/* New words altogether. */
				snprintf(buf, sizeof buf, "%s %s", ANY(novel_adjs), ANY(novel_nouns));
				if (chance(50)) {
					size_t l = strlen(buf);

					snprintf(buf + l, sizeof buf - l, " for %s", ANY(objects));
				}
				if (!strset_add(&seen, buf))
					continue;
			} else {
				/* Roadmap words in a combination no item has (most of the time). */
				const char *o = ANY(objects);

				snprintf(buf, sizeof buf, "%c%s %s", o[0] >= 'a' && o[0] <= 'z' ? o[0] - 32 : o[0],
				         o + 1, ANY(novel_nouns));
				if (!strset_add(&seen, buf))
					continue;
			}
			pool[n++] = xstrdup(buf);
		}
	}
	strset_free(&seen);
	if (n < npool) {
		fprintf(stderr, "gen_exports: only %zu distinct promises could be made\n", n);
		exit(1);
	}
	pl->text = pool;
	pl->n = npool;
	pl->first[K_EXACT] = 0;
	pl->first[K_KEY] = want_exact;
	pl->first[K_TYPO] = want_exact + want_key;
	pl->first[K_UNKNOWN] = want_exact + want_key + want_typo;
	pl->first[K_COUNT] = npool;
}

/* ---- The deals --------------------------------------------------------- */

/* Percent of the promises of a growing-texts export that are drawn afresh. */
#define FRESH_PERCENT 15

/*
 * A promised feature made up for one promise of a growing-texts export:
 * a title with typos of its own (most of them new texts), a title asked
 * for a brand, or a new feature from words the roadmap partly knows.
 */
static void
fresh_feature(char *buf, size_t cap, const item *items, size_t nitems)
{
	const item *it = &items[pick(nitems)];
	unsigned r = (unsigned)pick(100);

	if (r < 60) {
		snprintf(buf, cap, "%s", it->title);
		if (make_typo(buf, cap))
			return;
	}
	if (r < 80) {
		snprintf(buf, cap, "%s for %s", it->title, ANY(brands));
		return;
	}
	snprintf(buf, cap, "%s %s %s", ANY(novel_adjs), ANY(objects), ANY(novel_nouns));
}

static const char deals_header[] =
	"\"Opportunity Owner\",\"Account Name\",\"Opportunity Name\",\"Opportunity ID\",\"Stage\","
	"\"Amount Currency\",\"Amount\",\"Close Date\",\"Promised Features\",\"Promised Date\","
	"\"Solution Engineer\"\n";

/* A Salesforce-like 16-character id for deal number i. */
static void
deal_id(char *out, uint64_t i)
{
	static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	uint64_t v = i * 0x9E3779B1ULL + 12345;

	memcpy(out, "0065g0", 6);
	for (int k = 15; k >= 6; k--) {
		out[k] = digits[v % 62];
		v /= 62;
	}
	out[16] = '\0';
}

/*
 * Write rows deal rows.  A few deals run over two consecutive rows (a
 * line-item report); the rest hold all their promises in one cell.  With
 * items (nitems of them) the texts grow: FRESH_PERCENT of the promises
 * are made up by fresh_feature(), from a random stream of their own.
 */
static void
write_deals(const char *path, size_t rows, const feature_pool *pl, const item *items,
            size_t nitems)
{
	FILE *f = fopen(path, "w");
	long as_of = to_days(AS_OF);
	uint64_t saved = rng_state;
	size_t row = 0, deal = 0;

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	/* Both sizes are drawn from the same stream of random numbers. */
	rng_state = items != NULL ? SEED ^ 0x67726f77ULL : SEED ^ 0xdea15ULL;
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	fputs(deals_header, f);
	while (row < rows) {
		char owner[64], account[96], name[160], id[17], amount[32];
		const char *stage, *currency;
		long close = as_of - 300 + (long)pick(1000);
		size_t nrows = chance(3) ? 2 : 1;
		unsigned r = (unsigned)pick(100);

		snprintf(owner, sizeof owner, "%s %s", ANY(first_names), ANY(last_names));
		snprintf(account, sizeof account, "%s %s", ANY(company_a), ANY(company_b));
		snprintf(name, sizeof name, "%s %s", account, ANY(deal_kinds));
		deal_id(id, deal++);
		stage = chance(8) ? "Closed Lost" : ANY(stages);
		currency = r < 70 ? "USD" : r < 90 ? "EUR" : "GBP";
		if (chance(90))
			snprintf(amount, sizeof amount, "%u", (unsigned)(5 + pick(800)) * 1000);
		else
			snprintf(amount, sizeof amount, "%u.%02u", (unsigned)(5000 + pick(800000)),
			         (unsigned)pick(100));
		for (size_t k = 0; k < nrows && row < rows; k++, row++) {
			char cell[1024];
			size_t off = 0;
			unsigned np = (unsigned)pick(100);
			size_t count = np < 15 ? 0 : np < 50 ? 1 : np < 80 ? 2 : 3;
			const char *sep = chance(80) ? "; " : chance(50) ? " | " : "\n";

			cell[0] = '\0';
			for (size_t p = 0; p < count; p++) {
				char fresh[320];
				const char *feature = fresh;

				if (items != NULL && chance(FRESH_PERCENT))
					fresh_feature(fresh, sizeof fresh, items, nitems);
				else
					feature = pool_draw(pl);
				int w = snprintf(cell + off, sizeof cell - off, "%s%s", p ? sep : "", feature);

				if (w < 0 || (size_t)w >= sizeof cell - off)
					break;
				off += (size_t)w;
				if (chance(40)) {
					w = promise_date(cell + off, sizeof cell - off,
					                 as_of - 60 + (long)pick(700));
					if (w < 0 || (size_t)w >= sizeof cell - off)
						break;
					off += (size_t)w;
				}
			}
			put_quoted(f, owner);
			fputc(',', f);
			put_quoted(f, account);
			fputc(',', f);
			put_quoted(f, name);
			fprintf(f, ",\"%s\",\"%s\",\"%s\",\"%s\",\"", id, stage, currency, amount);
			if (chance(95))
				put_us_day(f, close);
			fputs("\",", f);
			put_quoted(f, cell);
			fputs(",\"", f);
			if (chance(25))
				put_us_day(f, close + 30 + (long)pick(300));
			fputs("\",", f);
			if (chance(80))
				fprintf(f, "\"%s %s\"\n", ANY(first_names), ANY(last_names));
			else
				fputs("\"\"\n", f);
		}
	}
	/* Salesforce's report trailer. */
	fputs("\n\"Total\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\"\n\n"
	      "\"Confidential Information - Do Not Distribute\"\n"
	      "\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\n",
	      f);
	rng_state = saved;
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static size_t
size_arg(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (*end != '\0' || v == 0) {
		fprintf(stderr, "gen_exports: not a positive number: %s\n", s);
		exit(2);
	}
	return (size_t)v;
}

int
main(int argc, char **argv)
{
	size_t ndeals = 1000000, nsmall = 100000, nitems = 50000, npool = 100000;
	const char *dir = NULL;
	char path[4096];
	item *items;
	feature_pool pl;
	size_t *order;
	FILE *f;

	for (int i = 1; i < argc; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--deals") == 0)
			ndeals = size_arg(argv[++i]);
		else if (i + 1 < argc && strcmp(argv[i], "--small") == 0)
			nsmall = size_arg(argv[++i]);
		else if (i + 1 < argc && strcmp(argv[i], "--items") == 0)
			nitems = size_arg(argv[++i]);
		else if (i + 1 < argc && strcmp(argv[i], "--pool") == 0)
			npool = size_arg(argv[++i]);
		else if (dir == NULL && argv[i][0] != '-')
			dir = argv[i];
		else {
			fprintf(stderr, "usage: gen_exports OUTDIR [--deals N] [--small N] [--items N] "
			                "[--pool N]\n");
			return 2;
		}
	}
	if (dir == NULL) {
		fprintf(stderr, "usage: gen_exports OUTDIR [--deals N] [--small N] [--items N] "
		                "[--pool N]\n");
		return 2;
	}
	items = xmalloc(nitems * sizeof *items);
	snprintf(path, sizeof path, "%s/roadmap-50k.csv", dir);
	write_roadmap(path, items, nitems);
	make_pool(&pl, items, nitems, npool);
	/* The features for the matcher, in an order that mixes the kinds. */
	order = xmalloc(npool * sizeof *order);
	for (size_t i = 0; i < npool; i++)
		order[i] = i;
	for (size_t i = npool - 1; i > 0; i--) {
		size_t j = pick(i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	snprintf(path, sizeof path, "%s/promises-100k.txt", dir);
	f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		return 1;
	}
	for (size_t i = 0; i < npool; i++)
		fprintf(f, "%s\n", pl.text[order[i]]);
	free(order);
	if (fclose(f) != 0) {
		perror(path);
		return 1;
	}
	snprintf(path, sizeof path, "%s/deals-100k.csv", dir);
	write_deals(path, nsmall, &pl, NULL, 0);
	snprintf(path, sizeof path, "%s/deals-1m.csv", dir);
	write_deals(path, ndeals, &pl, NULL, 0);
	snprintf(path, sizeof path, "%s/deals-100k-growing.csv", dir);
	write_deals(path, nsmall, &pl, items, nitems);
	snprintf(path, sizeof path, "%s/deals-1m-growing.csv", dir);
	write_deals(path, ndeals, &pl, items, nitems);
	for (size_t i = 0; i < nitems; i++)
		free(items[i].title);
	free(items);
	for (size_t i = 0; i < npool; i++)
		free(pl.text[i]);
	free(pl.text);
	return 0;
}
