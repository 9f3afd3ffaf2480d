/*
 * The option tables of the commands at work (see opt.h): the parser,
 * the help text, and "did you mean" for a mistyped command or option.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "opt.h"

/* Does the command take option o of its table? */
static bool
takes(const cli_help *h, const cli_opt *o)
{
	return o->commands == 0 || h->command == 0 || (o->commands & h->command) != 0;
}

void
cli_help_print(const cli_help *h, FILE *out)
{
	fprintf(out, "Usage: %s\nOptions:\n", h->usage);
	for (size_t i = 0; i < h->nopts; i++) {
		const cli_opt *o = &h->opts[i];
		const char *help = o->help;
		char line[128];
		int n;

		if (!takes(h, o) || (o->flags & (CLI_OPT_HIDDEN | CLI_OPT_SAME_LINE)) != 0)
			continue;
		if (o->alias != 0)
			n = snprintf(line, sizeof line, "  -%c, --%s", o->alias, o->name);
		else
			n = snprintf(line, sizeof line, "      --%s", o->name);
		if (o->value != NULL)
			n += snprintf(line + n, sizeof line - (size_t)n, " %s", o->value);
		for (size_t j = i + 1; j < h->nopts && (h->opts[j].flags & CLI_OPT_SAME_LINE) != 0; j++)
			if (takes(h, &h->opts[j]))
				n += snprintf(line + n, sizeof line - (size_t)n, ", --%s", h->opts[j].name);
		fputs(line, out);
		/* The help starts at the column, or one space after a longer option. */
		do {
			size_t len = strcspn(help, "\n");

			fprintf(out, "%*s%.*s\n", n < h->column ? h->column - n : 1, "", (int)len, help);
			help += len;
			if (*help == '\n')
				help++;
			n = 0;
		} while (*help != '\0');
	}
	if (h->footer != NULL)
		fprintf(out, "\n%s", h->footer);
}

void
cli_opt_start(cli_parser *p, const cli_help *help, const char *command, int argc, char **argv)
{
	memset(p, 0, sizeof *p);
	p->help = help;
	p->command = command;
	p->argc = argc;
	p->argv = argv;
	p->next = 1;
}

/*
 * Optimal string alignment distance of a and b (insertions, deletions,
 * substitutions, swaps of two neighbours), ASCII case ignored; names and
 * commands are short, anything past 63 bytes is not compared.
 */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[64][64];

	if (la > 63 || lb > 63)
		return SIZE_MAX;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			char ca = (char)(a[i - 1] | 0x20), cb = (char)(b[j - 1] | 0x20);
			size_t best = d[i - 1][j - 1] + (ca != cb);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && ca == (char)(b[j - 2] | 0x20) &&
			    (char)(a[i - 2] | 0x20) == cb && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

size_t
cli_similar(const char *word, const char *const *names, size_t n, const char **out, size_t max)
{
	size_t len = strlen(word);
	/* One edit in a short word, two from six letters, three from nine. */
	size_t limit = len / 3 > 1 ? (len / 3 < 3 ? len / 3 : 3) : 1;
	size_t found = 0;

	for (size_t best = 0; best <= limit && found < max; best++)
		for (size_t i = 0; i < n && found < max; i++)
			if (distance(word, names[i]) == best)
				out[found++] = names[i];
	/* Else the names it begins ("alias" for "aliases"). */
	if (found == 0 && len >= 3)
		for (size_t i = 0; i < n && found < max; i++)
			if (strncasecmp(names[i], word, len) == 0)
				out[found++] = names[i];
	return found;
}

/* Append "'--a', '--b' or '--c'" to buf (cap bytes): the names, each after prefix. */
static void
join_names(char *buf, size_t cap, const char *prefix, const char *const *names, size_t n)
{
	size_t len = strlen(buf);

	for (size_t i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s'%s%s'",
		                        i == 0 ? "" : i + 1 == n ? " or " : ", ", prefix, names[i]);
}

void
cli_did_you_mean(char *buf, size_t cap, const char *prefix, const char *const *cands, size_t n)
{
	size_t len = strlen(buf);

	if (n == 0 || len + 1 >= cap)
		return;
	snprintf(buf + len, cap - len, "; did you mean ");
	join_names(buf, cap, prefix, cands, n);
	len = strlen(buf);
	if (len + 1 < cap)
		snprintf(buf + len, cap - len, "?");
}

/* An unknown long option, with the ones it may have been meant for. */
static int
unknown_long(cli_parser *p, const char *word, size_t namelen)
{
	const char *names[CLI_OPT_MAX], *cands[3];
	char name[64], msg[256];
	size_t n = 0, nc;

	snprintf(name, sizeof name, "%.*s", (int)(namelen < 63 ? namelen : 63), word + 2);
	for (size_t i = 0; i < p->help->nopts && n < CLI_OPT_MAX; i++)
		if (takes(p->help, &p->help->opts[i]) && (p->help->opts[i].flags & CLI_OPT_HIDDEN) == 0)
			names[n++] = p->help->opts[i].name;
	nc = cli_similar(name, names, n, cands, 3);
	snprintf(msg, sizeof msg, "unknown option '--%s'", name);
	cli_did_you_mean(msg, sizeof msg, "--", cands, nc);
	cli_usage_error(p->command, "%s", msg);
	return CLI_OPT_ERROR;
}

/* The long option named by the namelen bytes at name: exact, else a prefix of one alone. */
static const cli_opt *
find_long(cli_parser *p, const char *name, size_t namelen, bool *ambiguous)
{
	const cli_opt *prefix = NULL;
	size_t nprefix = 0;

	*ambiguous = false;
	for (size_t i = 0; i < p->help->nopts; i++) {
		const cli_opt *o = &p->help->opts[i];

		if (!takes(p->help, o) || o->name == NULL || strncmp(o->name, name, namelen) != 0)
			continue;
		if (o->name[namelen] == '\0')
			return o;
		/* Two names of one option (--verbose, --explain) are one candidate. */
		if (prefix == NULL || prefix->id != o->id) {
			prefix = o;
			nprefix++;
		}
	}
	*ambiguous = nprefix > 1;
	return nprefix == 1 ? prefix : NULL;
}

/* Count o as seen; a second time is an error unless it is repeatable or a switch. */
static int
seen(cli_parser *p, const cli_opt *o)
{
	size_t idx = 0;

	/* Options that share an id (--color and --colour) count together. */
	while (p->help->opts[idx].id != o->id)
		idx++;
	if (idx < CLI_OPT_MAX && p->seen[idx] < 255)
		p->seen[idx]++;
	if (o->value != NULL && (o->flags & CLI_OPT_REPEATABLE) == 0 && idx < CLI_OPT_MAX &&
	    p->seen[idx] > 1) {
		cli_usage_error(p->command, "%s given twice; give it once", p->given);
		return CLI_OPT_ERROR;
	}
	return o->id;
}

/* The value of o: the rest of the word (inline), else the next word. */
static int
take_value(cli_parser *p, const cli_opt *o, const char *inline_value)
{
	if (o->value == NULL) {
		if (inline_value != NULL) {
			cli_usage_error(p->command, "option '%s' takes no value", p->given);
			return CLI_OPT_ERROR;
		}
		p->value = NULL;
		return seen(p, o);
	}
	if (inline_value != NULL) {
		p->value = inline_value;
	} else if (p->next < p->argc) {
		p->value = p->argv[p->next++];
	} else {
		cli_usage_error(p->command, "option '%s' needs a value", p->given);
		return CLI_OPT_ERROR;
	}
	return seen(p, o);
}

static int
next_short(cli_parser *p)
{
	char c = *p->bundle++;
	const cli_opt *o = NULL;

	for (size_t i = 0; i < p->help->nopts && o == NULL; i++)
		if (p->help->opts[i].alias == c && takes(p->help, &p->help->opts[i]))
			o = &p->help->opts[i];
	snprintf(p->given_buf, sizeof p->given_buf, "-%c", c);
	p->given = p->given_buf;
	if (o == NULL) {
		cli_usage_error(p->command, "unknown option '-%c'", c);
		return CLI_OPT_ERROR;
	}
	if (o->value != NULL) {
		const char *rest = *p->bundle != '\0' ? p->bundle : NULL;

		p->bundle = NULL;
		return take_value(p, o, rest);
	}
	if (*p->bundle == '\0')
		p->bundle = NULL;
	return take_value(p, o, NULL);
}

int
cli_opt_next(cli_parser *p)
{
	const char *word, *eq;
	const cli_opt *o;
	bool ambiguous;
	size_t namelen;

	if (p->bundle != NULL)
		return next_short(p);
	if (p->next >= p->argc)
		return CLI_OPT_END;
	word = p->argv[p->next++];
	if (p->only_args || word[0] != '-' || word[1] == '\0') {
		p->value = word;
		return CLI_OPT_ARG;
	}
	if (word[1] != '-') {
		p->bundle = word + 1;
		return next_short(p);
	}
	if (word[2] == '\0') {
		p->only_args = true;
		return cli_opt_next(p);
	}
	eq = strchr(word, '=');
	namelen = eq != NULL ? (size_t)(eq - word - 2) : strlen(word + 2);
	o = find_long(p, word + 2, namelen, &ambiguous);
	if (o == NULL && ambiguous) {
		const char *names[CLI_OPT_MAX];
		char msg[512];
		size_t n = 0;
		int last = -1;

		for (size_t i = 0; i < p->help->nopts && n < CLI_OPT_MAX; i++) {
			const cli_opt *c = &p->help->opts[i];

			if (takes(p->help, c) && (c->flags & CLI_OPT_HIDDEN) == 0 &&
			    strncmp(c->name, word + 2, namelen) == 0 && c->id != last) {
				names[n++] = c->name;
				last = c->id;
			}
		}
		snprintf(msg, sizeof msg, "option '--%.*s' is ambiguous: it may be ",
		         (int)(namelen < 63 ? namelen : 63), word + 2);
		join_names(msg, sizeof msg, "--", names, n);
		cli_usage_error(p->command, "%s", msg);
		return CLI_OPT_ERROR;
	}
	if (o == NULL)
		return unknown_long(p, word, namelen);
	/* Messages name the option in full, whatever prefix was written. */
	snprintf(p->given_buf, sizeof p->given_buf, "--%s", o->name);
	p->given = p->given_buf;
	return take_value(p, o, eq != NULL ? eq + 1 : NULL);
}
