/*
 * The floor of the benchmark: libcsv alone parsing a file with callbacks
 * that do nothing, read in the same 64 KiB chunks and with the same
 * options as overpromise's reader (every line end reported, no space
 * trimming).  Nothing that reads the file as CSV can be faster than this.
 *
 * Usage: csv_floor FILE; prints the number of cells and rows.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <csv.h>

typedef struct counts {
	unsigned long cells, rows;
} counts;

static void
on_cell(void *field, size_t n, void *data)
{
	(void)field;
	(void)n;
	((counts *)data)->cells++;
}

static void
on_row(int c, void *data)
{
	(void)c;
	((counts *)data)->rows++;
}

static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

int
main(int argc, char **argv)
{
	static unsigned char buf[64 << 10];
	struct csv_parser p;
	counts n = {0, 0};
	ssize_t got;
	int fd;

	if (argc != 2) {
		fputs("usage: csv_floor FILE\n", stderr);
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	if (csv_init(&p, CSV_REPALL_NL) != 0)
		return 1;
	csv_set_space_func(&p, never_space);
	csv_set_blk_size(&p, 16 << 10);
	while ((got = read(fd, buf, sizeof buf)) > 0) {
		if (csv_parse(&p, buf, (size_t)got, on_cell, on_row, &n) != (size_t)got) {
			fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
			return 1;
		}
	}
	if (got < 0) {
		perror(argv[1]);
		return 1;
	}
	csv_fini(&p, on_cell, on_row, &n);
	csv_free(&p);
	close(fd);
	printf("%lu cells, %lu line ends\n", n.cells, n.rows);
	return 0;
}
