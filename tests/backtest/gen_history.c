/*
 * Writes the roadmap export of a team whose delay process is known, for
 * the backtest's tests: items are created on days spread evenly over the
 * years before the export, planned 20 to 150 days after that, and ship
 * at their plan plus a delay drawn from the team's process.  The slow
 * team (the default) is late 70% of the time, by a log-normal number of
 * days with a median of 40 (log-sd 0.9); its other items ship up to two
 * weeks early.  Like a real team it moves the due date of an item that
 * slips (to the day it shipped, or past the export day while it is
 * open), so the plan it started with is in the "Original due date"
 * column.  3% of the items are cancelled some days after they were
 * created.
 *
 * Everything comes from the seed, so a file is the same on every machine.
 *
 * Usage: gen_history [--items N] [--seed S] [--late SHARE] [--median DAYS]
 * writes the CSV to standard output; the export is taken on 2026-11-26,
 * the items created over the 1,000 days before 2026-08-18.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/date.h>

/* ---- Random numbers: splitmix64, the same everywhere ------------------- */

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform on (0, 1). */
static double
uniform(void)
{
	return ((double)(rnd() >> 11) + 0.5) / 9007199254740992.0;
}

/* A whole number in [lo, hi]. */
static long
between(long lo, long hi)
{
	return lo + (long)(rnd() % (uint64_t)(hi - lo + 1));
}

/* Standard normal, by Box-Muller. */
static double
gauss(void)
{
	double u = uniform(), v = uniform();

	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* A day as the export writes it. */
static void
print_day(long d)
{
	char buf[OVP_DATE_ISO_SIZE];

	fputs(ovp_day_format((ovp_day)d, buf), stdout);
}

static int
usage(void)
{
	fputs("usage: gen_history [--items N] [--seed S] [--late SHARE] [--median DAYS]\n", stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	long items = 3000;
	double late = 0.7, median = 40.0, sigma = 0.9;
	long export_day = ovp_day_from_ymd(2026, 11, 26), first = export_day - 100 - 1000;

	rng_state = 20261126;
	for (int i = 1; i < argc; i++) {
		char *end = NULL;

		if (i + 1 >= argc)
			return usage();
		if (strcmp(argv[i], "--items") == 0)
			items = strtol(argv[++i], &end, 10);
		else if (strcmp(argv[i], "--seed") == 0)
			rng_state = strtoull(argv[++i], &end, 10);
		else if (strcmp(argv[i], "--late") == 0)
			late = strtod(argv[++i], &end);
		else if (strcmp(argv[i], "--median") == 0)
			median = strtod(argv[++i], &end);
		else
			return usage();
		if (end == NULL || *end != '\0' || items < 1 || late < 0 || late > 1 || median <= 0)
			return usage();
	}

	puts("Issue key,Summary,Status,Created,Resolved,Due date,Original due date");
	for (long i = 0; i < items; i++) {
		long created = first + i * 1000 / items;
		long plan = created + between(20, 150);
		long delay = uniform() < late ? (long)ceil(median * exp(sigma * gauss()))
		                              : -between(0, 14);
		long shipped = plan + delay;
		long gone = created + between(10, 200);
		bool cancelled = uniform() < 0.03 && gone <= export_day;

		printf("SLOW-%ld,Work item %ld,", i + 1, i + 1);
		if (cancelled) {
			fputs("Cancelled,", stdout);
			print_day(created);
			putchar(',');
			print_day(gone);
			putchar(',');
			print_day(plan);
		} else if (shipped <= export_day) {
			fputs("Done,", stdout);
			print_day(created);
			putchar(',');
			print_day(shipped);
			putchar(',');
			/* the due date followed the slip */
			print_day(delay > 0 ? shipped : plan);
		} else {
			fputs(plan < export_day ? "In Progress," : "To Do,", stdout);
			print_day(created);
			fputs(",,", stdout);
			print_day(plan < export_day ? export_day + 14 : plan);
		}
		putchar(',');
		print_day(plan);
		putchar('\n');
	}
	return ferror(stdout) ? 1 : 0;
}
