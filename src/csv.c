/*
 * Streaming CSV reader: the first step of the data flow, bytes in and
 * records with their physical line numbers out.
 *
 * The file is read in chunks of CHUNK bytes.  A chunk is decoded to
 * UTF-8 if the file is UTF-16 and handed whole to libcsv, which does all
 * the tokenising.  libcsv calls back once per cell and once per line end;
 * the callbacks copy each cell into an arena (checking its UTF-8 on the
 * way, replacing NUL bytes, cutting it at OVP_CSV_MAX_CELL) and queue
 * the records the chunk completed.  ovp_csv_next() hands the queued
 * records out one by one and only parses the next chunk once the queue is
 * empty, so memory holds one chunk's records plus the record in progress,
 * never the file.
 *
 * Line numbers come from the callbacks: libcsv runs with CSV_REPALL_NL,
 * so every CR or LF outside quotes reaches on_row_end() (a CRLF shows up
 * as a CR ending the row followed by an empty row ended by LF), and line
 * ends inside quoted cells are counted while the cell is copied.  A lone
 * CR counts as a line end, as libcsv treats it as one.
 *
 * Problems with a cell (invalid UTF-8, NUL bytes, a cut) are queued with
 * their record and passed to the problem callback when that record is
 * handed out, so the caller has seen the header by then.
 *
 * Quoting is libcsv's non-strict mode: a quote inside an unquoted cell is
 * text, as in Excel.  Spaces are not special (libcsv would trim them around
 * unquoted cells), which keeps cells as written but also means that text
 * after a closing quote, even a space before the delimiter, leaves the
 * cell quoted: libcsv's rule, not Excel's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "csv.h"
#include "reader_impl.h"
#include "util/grow.h"
#include "util/str.h"
#include "util/utf8.h"

/* Bytes read from the file at a time. */
#define CHUNK OVP_CSV_CHUNK
/* A cell still open in libcsv's entry buffer is moved out beyond this size. */
#define ENTRY_FLUSH ((size_t)64 << 10)
/* Growth step of libcsv's entry buffer (its default of 128 bytes means many reallocs). */
#define ENTRY_BLOCK ((size_t)16 << 10)
/* Room for one chunk of UTF-16 decoded to UTF-8: at most 3 bytes per code
 * unit, plus a U+FFFD for a high surrogate carried over and two at the end. */
#define TEXT_CAP (3 * (CHUNK / 2 + 1) + 16)

/* A byte that UTF-8 never has: what UTF-16 that does not decode is turned into. */
#define NOT_UTF8 0xFF

/* The replacement character U+FFFD in UTF-8. */
static const unsigned char replacement[3] = {0xEF, 0xBF, 0xBD};

/* A record parsed but not yet handed out: a run of cells in the cell arrays. */
typedef struct queued_record {
	size_t first;
	size_t ncells;
	long line;
	size_t dropped, dropped_text;
} queued_record;

/* A problem held back until its record is handed out (the caller's
 * callback may want to know the header, which it only has once the
 * header record has been returned). */
typedef struct queued_problem {
	size_t rec;
	size_t cell;
	ovp_csv_problem_kind kind;
} queued_problem;

struct ovp_csv_reader {
	char *name;
	ovp_stream *in;
	bool eof;      /* the stream has no more content */
	bool finished; /* csv_fini() has run: nothing more to parse */
	ovp_csv_info info;
	ovp_csv_problem_fn problem;
	void *problem_ctx;

	struct csv_parser parser;
	bool parser_live;

	unsigned char *raw; /* CHUNK bytes as read */
	unsigned char *text; /* UTF-16 decoded to UTF-8, TEXT_CAP bytes; NULL for UTF-8 files */
	const unsigned char *pending; /* the first chunk, decoded at open and not yet parsed */
	size_t pending_len;
	int u16_odd;         /* a byte of a code unit split across chunks, or -1 */
	unsigned u16_high;   /* a high surrogate waiting for its low half, or 0 */

	/* Cell text of the queued records and of the record in progress,
	 * each cell NUL-terminated; cellv/lens index it, one entry per cell:
	 * cellv holds where each cell starts, so that a record is handed out
	 * as a run of it, and is moved along when the arena moves
	 * (arena_reserve(), compact()). */
	char *arena;
	size_t arena_len, arena_cap;
	char **cellv;
	size_t *lens;
	size_t ncells, cells_cap;

	queued_record *recs;
	size_t nrecs, recs_cap, rec_next;
	queued_problem *probs;
	size_t nprobs, probs_cap, prob_next;

	/* The record in progress. */
	size_t rec_first;   /* its first cell */
	size_t rec_start;   /* where its text starts in the arena */
	size_t rec_bytes;   /* its cell bytes so far */
	unsigned long rec_nl; /* line ends inside its quoted cells */
	long line;          /* the line it starts on */
	size_t rec_dropped, rec_dropped_text; /* its cells past OVP_CSV_MAX_CELLS */
	bool after_cr;      /* the last thing seen was a CR ending a line */

	/* The cell in progress (open when part of it was moved out of libcsv). */
	bool cell_open;
	/*
	 * A cell may be added the quick way (see on_cell()) while ncells is
	 * below this: 0 once reading failed or while a cell is open, else the
	 * lesser of cells_cap and the record's first cell + OVP_CSV_MAX_CELLS.
	 * One compare then stands for those four.
	 */
	size_t quick_cells;
	size_t cell_len;
	bool cell_bad, cell_nul, cell_cut;
	bool cell_drop;     /* the record has its OVP_CSV_MAX_CELLS: the cell is not kept */
	bool cell_text;     /* the cell dropped had bytes */

	int failed; /* a sticky error, reported once the queue is empty */
	ovp_error ferr;
};

const char *
ovp_encoding_name(ovp_encoding enc)
{
	switch (enc) {
	case OVP_ENC_UTF8:
		return "UTF-8";
	case OVP_ENC_UTF8_BOM:
		return "UTF-8 with BOM";
	case OVP_ENC_UTF16LE:
		return "UTF-16LE";
	case OVP_ENC_UTF16BE:
		return "UTF-16BE";
	}
	return "unknown";
}

/* libcsv drops spaces and tabs around unquoted cells by default; cells
 * are kept as written, and trimming is the table's business. */
static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Work out r->quick_cells again after one of the things it stands for changed. */
static void
set_quick_cells(ovp_csv_reader *r)
{
	size_t most = r->rec_first + OVP_CSV_MAX_CELLS;

	r->quick_cells = r->failed || r->cell_open ? 0 : most < r->cells_cap ? most : r->cells_cap;
}

/* Record a sticky failure (the first one wins) and return its code. */
static int
fail(ovp_csv_reader *r, int code)
{
	if (r->failed == 0)
		r->failed = code;
	r->quick_cells = 0;
	return r->failed;
}

static int
fail_nomem(ovp_csv_reader *r)
{
	if (r->failed == 0)
		ovp_error_set(&r->ferr, OVP_ENOMEM, r->name, 0, "out of memory");
	return fail(r, OVP_ENOMEM);
}

/* ---- Reading and decoding ---------------------------------------------- */

/*
 * Fill r->raw with up to CHUNK bytes of content, reading until the buffer
 * is full or the file ends.  Returns the number of bytes, or a negative
 * code with the failure recorded.
 */
static long
read_chunk(ovp_csv_reader *r)
{
	long n;

	if (r->eof)
		return 0;
	n = ovp_stream_read(r->in, r->raw, CHUNK, &r->ferr);
	if (n < 0)
		return fail(r, (int)n);
	if ((size_t)n < CHUNK)
		r->eof = true;
	r->info.bytes += (unsigned long long)n;
	return n;
}

/*
 * Decode n bytes of UTF-16 (byte order from r->info.encoding) to UTF-8 in
 * r->text, carrying a split code unit and an unpaired high surrogate over
 * to the next call.  A surrogate without its other half becomes NOT_UTF8,
 * which the cell's UTF-8 check then replaces by U+FFFD and reports, as it
 * does for a UTF-8 file's bad bytes: the text is never changed unseen.
 * Returns the number of bytes written; n is at most CHUNK.
 */
static size_t
decode_utf16(ovp_csv_reader *r, const unsigned char *in, size_t n)
{
	bool be = r->info.encoding == OVP_ENC_UTF16BE;
	unsigned char *out = r->text;
	size_t o = 0;
	size_t i = 0;

	while (i < n) {
		unsigned b0, b1, u;

		if (r->u16_odd >= 0) {
			b0 = (unsigned)r->u16_odd;
			b1 = in[i++];
			r->u16_odd = -1;
		} else if (n - i >= 2) {
			b0 = in[i];
			b1 = in[i + 1];
			i += 2;
		} else {
			r->u16_odd = in[i++];
			break;
		}
		u = be ? (b0 << 8 | b1) : (b1 << 8 | b0);
		if (r->u16_high != 0) {
			if (u >= 0xDC00 && u <= 0xDFFF) {
				o += ovp_utf8_put((char *)out + o,
				                   0x10000 + ((r->u16_high - 0xD800) << 10) + (u - 0xDC00));
				r->u16_high = 0;
				continue;
			}
			out[o++] = NOT_UTF8;
			r->u16_high = 0;
		}
		if (u >= 0xD800 && u <= 0xDBFF)
			r->u16_high = u;
		else if (u >= 0xDC00 && u <= 0xDFFF)
			out[o++] = NOT_UTF8;
		else
			o += ovp_utf8_put((char *)out + o, u);
	}
	return o;
}

/* At the end of a UTF-16 file, a lone high surrogate and an odd last byte are each one NOT_UTF8. */
static size_t
finish_utf16(ovp_csv_reader *r)
{
	size_t o = 0;

	if (r->u16_high != 0)
		r->text[o++] = NOT_UTF8;
	if (r->u16_odd >= 0)
		r->text[o++] = NOT_UTF8;
	r->u16_high = 0;
	r->u16_odd = -1;
	return o;
}

/*
 * Recognise UTF-16 without a byte order mark by its NUL bytes: text that
 * is mostly ASCII has a NUL in every other byte, in the high half of each
 * code unit.  Returns OVP_ENC_UTF16LE, OVP_ENC_UTF16BE or OVP_ENC_UTF8 when
 * the pattern is not there (a code unit of two NUL bytes means binary).
 */
static ovp_encoding
sniff_utf16(const unsigned char *s, size_t n)
{
	size_t pairs = (n < 128 ? n : 128) / 2;
	size_t le = 0, be = 0;

	for (size_t k = 0; k < pairs; k++) {
		unsigned char a = s[2 * k], b = s[2 * k + 1];
		if (a == 0 && b == 0)
			return OVP_ENC_UTF8;
		if (a != 0 && b == 0)
			le++;
		else if (a == 0 && b != 0)
			be++;
	}
	if (le > 0 && be == 0 && 2 * le >= pairs)
		return OVP_ENC_UTF16LE;
	if (be > 0 && le == 0 && 2 * be >= pairs)
		return OVP_ENC_UTF16BE;
	return OVP_ENC_UTF8;
}

/*
 * Look at the header line at the start of s (after any blank lines):
 * count ',', ';' and tab outside quotes, and tell whether it holds bytes
 * no text has (NUL, C0 controls other than tab, CR and LF).  A quote
 * opens a quoted part only at the start of a cell, as libcsv has it.
 * Only the first chunk is looked at; a longer header is judged by its
 * start.  Returns the header's line number.
 */
static long
scan_header(const unsigned char *s, size_t n, size_t counts[3], bool *binary)
{
	size_t i = 0;
	long line = 1;
	bool quoted = false, cell_start = true;

	while (i < n && (s[i] == '\r' || s[i] == '\n')) {
		if (s[i] == '\n' || i + 1 == n || s[i + 1] != '\n')
			line++;
		i++;
	}
	*binary = false;
	for (; i < n; i++) {
		unsigned char c = s[i];

		if (c < 0x20 && c != '\t' && c != '\r' && c != '\n')
			*binary = true;
		if (quoted) {
			if (c == '"') {
				if (i + 1 < n && s[i + 1] == '"')
					i++;
				else
					quoted = false;
			}
			continue;
		}
		if (c == '\r' || c == '\n')
			break;
		if (c == '"' && cell_start) {
			quoted = true;
			cell_start = false;
			continue;
		}
		cell_start = c == ',' || c == ';' || c == '\t';
		if (c == ',')
			counts[0]++;
		else if (c == ';')
			counts[1]++;
		else if (c == '\t')
			counts[2]++;
	}
	return line;
}

/*
 * True when the first chunk is binary data whose first line merely looks
 * like text (an image, an archive): more than 1 in 20 of its bytes are
 * control characters other than tab, CR and LF.  At least 32 are needed,
 * so that a CSV file with a few NUL bytes in a cell is still read (and
 * the cell reported).  *line is then the line of the first of them, where
 * the binary data starts (line ends counted as the reader counts them).
 */
static bool
mostly_binary(const unsigned char *s, size_t n, long *line)
{
	size_t ctl = 0, first = n;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
			if (ctl++ == 0)
				first = i;
		}
	}
	if (ctl < 32 || ctl <= n / 20)
		return false;
	*line = 1;
	for (size_t i = 0; i < first; i++)
		if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n'))
			(*line)++;
	return true;
}

/* A hint for a binary file that is an Excel workbook, else "". */
static const char *
workbook_hint(const unsigned char *s, size_t n)
{
	if ((n >= 4 && memcmp(s, "PK\3\4", 4) == 0) ||
	    (n >= 8 && memcmp(s, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0))
		return " (an Excel workbook? save the sheet as CSV)";
	return "";
}

/* ---- Cells --------------------------------------------------------------- */

/* True when one of the 8 bytes at s is below 0x20 or above 0x7F. */
static inline bool
has_special8(const unsigned char *s)
{
	uint64_t v;

	memcpy(&v, s, sizeof v);
	return (((v - UINT64_C(0x2020202020202020)) | v) & UINT64_C(0x8080808080808080)) != 0;
}

/* Count the line ends in s: LF, and CR not followed by LF. */
static unsigned long
count_line_ends(const unsigned char *s, size_t n)
{
	unsigned long nl = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			nl++;
	}
	return nl;
}

/*
 * Start a cell in the arena.  Once the record has OVP_CSV_MAX_CELLS cells
 * the cell is one to drop: a row that long is still read (its cells past
 * the header are ignored anyway) in bounded memory, and the cells dropped
 * are only counted, for the table to report.  Nothing is stored for it,
 * so the arena, the cell index and their moves never see it.
 */
static int
cell_start(ovp_csv_reader *r)
{
	r->cell_open = true;
	r->quick_cells = 0;
	r->cell_len = 0;
	r->cell_bad = r->cell_nul = r->cell_cut = false;
	r->cell_drop = r->ncells - r->rec_first >= OVP_CSV_MAX_CELLS;
	r->cell_text = false;
	return 0;
}

/* Append n bytes to the open cell unless that would pass OVP_CSV_MAX_CELL
 * (the caller has made room).  All or nothing, so that a UTF-8 character is
 * never split. */
static inline void
cell_put(ovp_csv_reader *r, const unsigned char *s, size_t n)
{
	if (r->cell_len + n > OVP_CSV_MAX_CELL) {
		r->cell_cut = true;
		return;
	}
	memcpy(r->arena + r->arena_len + r->cell_len, s, n);
	r->cell_len += n;
}

/*
 * Make the arena hold need bytes.  A larger arena is a new block (the
 * capacity doubling as ovp_grow() doubles it) into which the bytes in use
 * are copied, so that the cells indexed so far are moved along while both
 * are there.  In use are the closed cells, each with its NUL, and the
 * open cell's bytes so far after them (as compact() moves them); the rest
 * is room that nothing reads before it is written.  False when memory is
 * short, the arena unchanged.
 */
static bool
arena_reserve(ovp_csv_reader *r, size_t need)
{
	char *old = r->arena, *arena = NULL;
	size_t cap = 0;

	if (need <= r->arena_cap)
		return true;
	if (!ovp_grow_to(&arena, &cap, need, 1))
		return false;
	if (old != NULL) {
		memcpy(arena, old, r->arena_len + (r->cell_open ? r->cell_len : 0));
		for (size_t i = 0; i < r->ncells; i++)
			r->cellv[i] = arena + (r->cellv[i] - old);
		free(old);
	}
	r->arena = arena;
	r->arena_cap = cap;
	return true;
}

/*
 * Append n bytes that libcsv collected for the open cell, as valid UTF-8:
 * ill-formed sequences and NUL bytes become U+FFFD and are noted for the
 * problem callback; past OVP_CSV_MAX_CELL bytes the rest is dropped (only
 * its line ends are still counted).  s must not end inside a CRLF that
 * continues in a later call.  Returns 0 or a failure code.
 */
static int
cell_append(ovp_csv_reader *r, const unsigned char *s, size_t n)
{
	size_t i = 0;
	size_t room = OVP_CSV_MAX_CELL - r->cell_len;
	size_t most = n > room / 3 ? room : 3 * n;

	if (r->cell_drop) {
		r->rec_nl += count_line_ends(s, n);
		r->cell_text = r->cell_text || n > 0;
		return 0;
	}
	if (r->cell_cut) {
		r->rec_nl += count_line_ends(s, n);
		return 0;
	}
	/* Worst case every byte becomes a 3-byte U+FFFD; +1 for the NUL. */
	if (!arena_reserve(r, r->arena_len + r->cell_len + most + 1))
		return fail_nomem(r);
	while (i < n) {
		size_t j = i;
		unsigned char c;

		while (n - j >= 8 && !has_special8(s + j))
			j += 8;
		while (j < n && s[j] >= 0x20 && s[j] < 0x80)
			j++;
		if (j > i) {
			size_t take = j - i;
			if (take > OVP_CSV_MAX_CELL - r->cell_len) {
				take = OVP_CSV_MAX_CELL - r->cell_len;
				r->cell_cut = true;
			}
			memcpy(r->arena + r->arena_len + r->cell_len, s + i, take);
			r->cell_len += take;
			i = j;
			if (r->cell_cut)
				break;
			continue;
		}
		c = s[i];
		if (c == 0) {
			r->cell_nul = true;
			cell_put(r, replacement, 3);
			i++;
		} else if (c < 0x80) {
			if (c == '\n' || (c == '\r' && (i + 1 == n || s[i + 1] != '\n')))
				r->rec_nl++;
			cell_put(r, s + i, 1);
			i++;
		} else {
			size_t bad = 0;
			uint32_t cp;
			size_t len = ovp_utf8_sequence((const char *)s + i, n - i, &cp, &bad);
			if (len > 0) {
				cell_put(r, s + i, len);
				i += len;
			} else {
				r->cell_bad = true;
				cell_put(r, replacement, 3);
				i += bad;
			}
		}
		if (r->cell_cut)
			break;
	}
	if (r->cell_cut && i < n)
		r->rec_nl += count_line_ends(s + i, n - i);
	return 0;
}

static int
queue_problem(ovp_csv_reader *r, ovp_csv_problem_kind kind, size_t cell)
{
	if (!ovp_grow(&r->probs, &r->probs_cap, r->nprobs + 1, sizeof *r->probs))
		return fail_nomem(r);
	r->probs[r->nprobs].rec = r->nrecs;
	r->probs[r->nprobs].cell = cell;
	r->probs[r->nprobs].kind = kind;
	r->nprobs++;
	return 0;
}

/* Make the cell index arrays hold need cells; cellv and lens grow together. */
static int
cells_reserve(ovp_csv_reader *r, size_t need)
{
	size_t cap = r->cells_cap;
	char **cellv = r->cellv;
	size_t *lens;

	if (need <= r->cells_cap)
		return 0;
	if (!ovp_grow(&cellv, &cap, need, sizeof *cellv))
		return -1;
	r->cellv = cellv;
	lens = realloc(r->lens, cap * sizeof *lens);
	if (lens == NULL)
		return -1;
	r->lens = lens;
	r->cells_cap = cap;
	set_quick_cells(r);
	return 0;
}

static int
record_too_long(ovp_csv_reader *r)
{
	ovp_error_set(&r->ferr, OVP_ELIMIT, r->name, r->line,
	              "row longer than %zu MiB (all cells together)", OVP_CSV_MAX_RECORD >> 20);
	return fail(r, OVP_ELIMIT);
}

/* Close the open cell: terminate it, index it, note its problems, and
 * check the record against OVP_CSV_MAX_RECORD. */
static int
cell_end(ovp_csv_reader *r)
{
	size_t cell = r->ncells - r->rec_first;

	if (r->cell_drop) {
		r->rec_dropped++;
		if (r->cell_text)
			r->rec_dropped_text++;
		r->cell_open = false;
		set_quick_cells(r);
		return 0;
	}
	if (r->ncells == r->cells_cap && cells_reserve(r, r->ncells + 1) < 0)
		return fail_nomem(r);
	/* The caller left room for the NUL. */
	r->arena[r->arena_len + r->cell_len] = '\0';
	r->cellv[r->ncells] = r->arena + r->arena_len;
	r->lens[r->ncells] = r->cell_len;
	r->ncells++;
	r->arena_len += r->cell_len + 1;
	r->rec_bytes += r->cell_len;
	r->cell_open = false;
	set_quick_cells(r);
	if (r->cell_bad && queue_problem(r, OVP_CSV_INVALID_UTF8, cell) < 0)
		return r->failed;
	if (r->cell_nul && queue_problem(r, OVP_CSV_NUL_BYTE, cell) < 0)
		return r->failed;
	if (r->cell_cut && queue_problem(r, OVP_CSV_CELL_CUT, cell) < 0)
		return r->failed;
	if (r->rec_bytes > OVP_CSV_MAX_RECORD)
		return record_too_long(r);
	return 0;
}

/* Bits of a word of bytes, see copy_plain(). */
#define BYTES_20 UINT64_C(0x2020202020202020)
#define BYTES_80 UINT64_C(0x8080808080808080)

/*
 * Copy the n bytes at s to d (which has room for them) and tell whether
 * they are all printable ASCII.  The bytes are moved 16 at a time with
 * SSE2 (8 without), the last 16 overlapping, and each block is checked on
 * the way: as signed bytes, those below 0x20 and those above 0x7F are
 * exactly the ones less than 0x20, so one compare finds both; the
 * blocks' checks are ORed together and looked at once at the end.  A
 * shorter cell goes 8 or 4 bytes at a time, the same way: (v - 0x20..)
 * | v has a byte's high bit set when that byte is below 0x20 or above
 * 0x7F (a borrow only spreads upwards from such a byte).
 */
static inline bool
copy_plain(unsigned char *d, const unsigned char *s, size_t n)
{
	uint64_t v, acc = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	if (n >= 16) {
		__m128i b, bad = _mm_setzero_si128();
		const __m128i space = _mm_set1_epi8(0x20);

		for (size_t i = 0; n - i > 16; i += 16) {
			b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			bad = _mm_or_si128(bad, _mm_cmplt_epi8(b, space));
			_mm_storeu_si128((__m128i *)(void *)(d + i), b);
		}
		b = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
		bad = _mm_or_si128(bad, _mm_cmplt_epi8(b, space));
		_mm_storeu_si128((__m128i *)(void *)(d + n - 16), b);
		return _mm_movemask_epi8(bad) == 0;
	}
#endif
	if (n >= 8) {
		for (size_t i = 0; n - i > 8; i += 8) {
			memcpy(&v, s + i, sizeof v);
			acc |= (v - BYTES_20) | v;
			memcpy(d + i, &v, sizeof v);
		}
		memcpy(&v, s + n - 8, sizeof v);
		acc |= (v - BYTES_20) | v;
		memcpy(d + n - 8, &v, sizeof v);
	} else if (n >= 4) {
		uint32_t a, b;

		memcpy(&a, s, sizeof a);
		memcpy(&b, s + n - 4, sizeof b);
		acc = ((a - (uint32_t)BYTES_20) | a | (b - (uint32_t)BYTES_20) | b);
		memcpy(d, &a, sizeof a);
		memcpy(d + n - 4, &b, sizeof b);
	} else {
		for (size_t i = 0; i < n; i++) {
			acc |= (unsigned char)(s[i] - 0x20) | s[i];
			d[i] = s[i];
		}
	}
	return (acc & BYTES_80) == 0;
}

/* True when the n bytes at s are well-formed UTF-8 without control
 * characters: a cell that is copied as it is. */
static bool
is_clean(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t bad, len;
		uint32_t cp;

		if (n - i >= 8 && !has_special8(s + i)) {
			i += 8;
			continue;
		}
		/* Up to the byte that made the 8 special, without looking again. */
		while (i < n && s[i] >= 0x20 && s[i] < 0x80)
			i++;
		if (i == n)
			break;
		if (s[i] < 0x20)
			return false;
		len = ovp_utf8_sequence((const char *)s + i, n - i, &cp, &bad);
		if (len == 0)
			return false;
		i += len;
	}
	return true;
}

/*
 * Index the n bytes just put at the end of the arena (at, its length),
 * and the NUL after them, as a cell.  Every field is read before any
 * store: a store of a size_t or a byte could otherwise be to any of them
 * for all the compiler knows, and each would be read again after it.
 */
static inline void
cell_done_at(ovp_csv_reader *r, char *arena, size_t at, size_t n)
{
	size_t bytes = r->rec_bytes + n, k = r->ncells;
	char **cellv = r->cellv;
	size_t *lens = r->lens;

	cellv[k] = arena + at;
	lens[k] = n;
	arena[at + n] = '\0';
	r->ncells = k + 1;
	r->arena_len = at + n + 1;
	r->rec_bytes = bytes;
	if (bytes > OVP_CSV_MAX_RECORD)
		(void)record_too_long(r);
}

/* cell_done_at() of the arena's end. */
static inline void
cell_done(ovp_csv_reader *r, size_t n)
{
	cell_done_at(r, r->arena, r->arena_len, n);
}

/*
 * A cell the quick way cannot take: part of it already moved out of
 * libcsv, too long, one cell too many, or bytes that are not plain ASCII.
 * If those are clean UTF-8 the cell is in place already; else its bytes
 * are checked and replaced one by one.  Out of line, like make_room(),
 * so that on_cell() stays lean for the common cell.
 */
static OVP_NOINLINE void
cell_long_way(ovp_csv_reader *r, const unsigned char *field, size_t n, bool copied)
{
	if (copied && is_clean(field, n)) {
		cell_done(r, n);
		return;
	}
	if (!r->cell_open && cell_start(r) < 0)
		return;
	if (cell_append(r, field, n) < 0)
		return;
	(void)cell_end(r);
}

/* Make room for a cell of n bytes with its NUL, and for its index entry. */
static OVP_NOINLINE int
make_room(ovp_csv_reader *r, size_t n)
{
	if (!arena_reserve(r, r->arena_len + n + 1) || cells_reserve(r, r->ncells + 1) < 0)
		return fail_nomem(r);
	return 0;
}

/*
 * Add the whole cell field[0..n) the quick way; the caller made room for
 * it.  Inline in on_cell() too, where it runs for nearly every cell: a
 * call there read the reader's fields again and saved registers.
 */
static OVP_ALWAYS_INLINE void
cell_quick(ovp_csv_reader *r, const void *field, size_t n)
{
	char *arena = r->arena;
	size_t at = r->arena_len;

	if (!copy_plain((unsigned char *)arena + at, field, n)) {
		cell_long_way(r, field, n, true);
		return;
	}
	cell_done_at(r, arena, at, n);
}

/* on_cell() for a cell r->quick_cells or the arena's room turned away. */
static OVP_NOINLINE void
on_cell_slow(ovp_csv_reader *r, void *field, size_t n)
{
	if (r->failed)
		return;
	if (r->cell_open || n > OVP_CSV_MAX_CELL || r->ncells - r->rec_first >= OVP_CSV_MAX_CELLS) {
		cell_long_way(r, field, n, false);
		return;
	}
	if (make_room(r, n) < 0)
		return;
	cell_quick(r, field, n);
}

/*
 * libcsv's cell callback: the (rest of the) cell is field[0..n).  Most
 * cells arrive whole, short and plain ASCII; they are copied straight
 * into the arena, checked on the way; everything else goes the long way.
 */
static void
on_cell(void *field, size_t n, void *data)
{
	ovp_csv_reader *r = data;

	if (r->ncells >= r->quick_cells || n > OVP_CSV_MAX_CELL || r->arena_cap - r->arena_len <= n) {
		on_cell_slow(r, field, n);
		return;
	}
	cell_quick(r, field, n);
}

/*
 * libcsv's row callback, called with CSV_REPALL_NL for every CR and LF
 * outside quotes (and with -1 at the end of the file).  A call with no
 * cells since the last one is a blank line, or the LF of a CRLF; both
 * only move the line count on.
 */
static void
on_row_end(int c, void *data)
{
	ovp_csv_reader *r = data;
	size_t n;

	if (r->failed)
		return;
	n = r->ncells - r->rec_first;
	if (c == '\n' && r->after_cr && n == 0) {
		r->info.crlf++;
		r->after_cr = false;
		return;
	}
	r->after_cr = false;
	if (n > 0) {
		if (!ovp_grow(&r->recs, &r->recs_cap, r->nrecs + 1, sizeof *r->recs)) {
			(void)fail_nomem(r);
			return;
		}
		r->recs[r->nrecs].first = r->rec_first;
		r->recs[r->nrecs].ncells = n;
		r->recs[r->nrecs].line = r->line;
		r->recs[r->nrecs].dropped = r->rec_dropped;
		r->recs[r->nrecs].dropped_text = r->rec_dropped_text;
		r->nrecs++;
		r->rec_dropped = r->rec_dropped_text = 0;
		r->rec_first = r->ncells;
		set_quick_cells(r);
		r->rec_start = r->arena_len;
		r->rec_bytes = 0;
	}
	r->line += (long)r->rec_nl;
	r->rec_nl = 0;
	if (c == '\n') {
		r->info.lf++;
		r->line++;
	} else if (c == '\r') {
		/* Counted as LF or CRLF once the next byte is known. */
		r->line++;
		r->after_cr = true;
	}
}

/*
 * Move the cell libcsv is still collecting out of its entry buffer into
 * the arena.  libcsv grows that buffer without limit, so a 1 GB cell
 * would take 1 GB; cutting the cell is only possible from outside.  This
 * relies on libcsv internals beyond its documented API: entry_buf[0,
 * entry_pos) holds the cell so far and csv_parse() carries on from
 * entry_pos, so resetting entry_pos is safe between calls.  The last
 * bytes stay behind: the final one may be a closing quote libcsv will
 * still remove (state FIELD_MIGHT_HAVE_ENDED; it removes no more than
 * that because spaces are never special here), and neither a UTF-8
 * character nor a CRLF may be split between two appends.
 */
static void
flush_entry(ovp_csv_reader *r)
{
	struct csv_parser *p = &r->parser;
	size_t keep = p->entry_pos - 1;

	for (int k = 0; k < 3 && (p->entry_buf[keep] & 0xC0) == 0x80; k++)
		keep--;
	if (p->entry_buf[keep - 1] == '\r')
		keep--;
	if (!r->cell_open && cell_start(r) < 0)
		return;
	if (cell_append(r, p->entry_buf, keep) < 0)
		return;
	memmove(p->entry_buf, p->entry_buf + keep, p->entry_pos - keep);
	p->entry_pos -= keep;
}

/* Parse len bytes of UTF-8 text.  Returns 0 or the failure code. */
static int
feed(ovp_csv_reader *r, const unsigned char *text, size_t len)
{
	size_t done = csv_parse(&r->parser, text, len, on_cell, on_row_end, r);

	if (r->failed)
		return r->failed;
	if (done != len)
		return fail_nomem(r);
	if (r->parser.entry_pos > ENTRY_FLUSH)
		flush_entry(r);
	return r->failed;
}

/*
 * End of the file: flush the UTF-16 decoder and let libcsv hand over the
 * last record.  A quoted cell still open is the one error found here;
 * libcsv reports it only in strict mode, which is switched on for
 * csv_fini() alone so that stray quotes elsewhere stay text.
 */
static int
finish(ovp_csv_reader *r)
{
	if (r->text != NULL) {
		size_t n = finish_utf16(r);
		if (n > 0 && feed(r, r->text, n) < 0)
			return r->failed;
	}
	csv_set_opts(&r->parser, CSV_REPALL_NL | CSV_STRICT | CSV_STRICT_FINI);
	if (csv_fini(&r->parser, on_cell, on_row_end, r) != 0 && r->failed == 0) {
		ovp_error_set(&r->ferr, OVP_EINPUT, r->name, r->line,
		              "unterminated quoted cell: the quote opened on this line is never closed");
		return fail(r, OVP_EINPUT);
	}
	r->finished = true;
	return r->failed;
}

/* Parse the next chunk of the file, or finish it at its end. */
static int
advance(ovp_csv_reader *r)
{
	long n;

	if (r->pending != NULL) {
		const unsigned char *t = r->pending;
		r->pending = NULL;
		return feed(r, t, r->pending_len);
	}
	if (r->eof)
		return finish(r);
	n = read_chunk(r);
	if (n < 0)
		return r->failed;
	if (n == 0)
		return finish(r);
	if (r->text != NULL)
		return feed(r, r->text, decode_utf16(r, r->raw, (size_t)n));
	return feed(r, r->raw, (size_t)n);
}

/*
 * Drop the records handed out and move the record in progress (its cells
 * so far, the open cell, its problems) to the front of the arrays, so
 * that memory is reused from chunk to chunk.  Only called when every
 * queued record has been handed out.
 */
static void
compact(ovp_csv_reader *r)
{
	size_t base = r->rec_start;
	size_t first = r->rec_first;
	size_t keep = r->ncells - first;
	size_t np = 0;

	if (base > 0) {
		memmove(r->arena, r->arena + base, r->arena_len - base + (r->cell_open ? r->cell_len : 0));
		r->arena_len -= base;
		for (size_t i = first; i < r->ncells; i++)
			r->cellv[i] -= base;
		r->rec_start = 0;
	}
	if (first > 0) {
		memmove(r->cellv, r->cellv + first, keep * sizeof *r->cellv);
		memmove(r->lens, r->lens + first, keep * sizeof *r->lens);
		r->ncells = keep;
		r->rec_first = 0;
		set_quick_cells(r);
	}
	for (size_t i = r->prob_next; i < r->nprobs; i++) {
		if (r->probs[i].rec == r->nrecs) {
			r->probs[np] = r->probs[i];
			r->probs[np].rec = 0;
			np++;
		}
	}
	r->nprobs = np;
	r->prob_next = 0;
	r->nrecs = 0;
	r->rec_next = 0;
}

/* Hand out the next queued record, after passing on its problems: 1. */
static int
deliver(ovp_csv_reader *r, ovp_csv_record *rec)
{
	const queued_record *q = &r->recs[r->rec_next];

	rec->ncells = q->ncells;
	rec->cells = r->cellv + q->first;
	rec->lens = r->lens + q->first;
	rec->line = q->line;
	rec->dropped = q->dropped;
	rec->dropped_text = q->dropped_text;
	while (r->prob_next < r->nprobs && r->probs[r->prob_next].rec == r->rec_next) {
		const queued_problem *pb = &r->probs[r->prob_next++];
		if (r->problem != NULL)
			r->problem(r->problem_ctx, pb->kind, q->line, pb->cell);
	}
	r->rec_next++;
	r->info.records++;
	return 1;
}

int
ovp_csv_next(ovp_csv_reader *r, ovp_csv_record *rec, ovp_error *err)
{
	if (r == NULL || rec == NULL)
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0, "ovp_csv_next: no reader or record given");
	for (;;) {
		if (r->rec_next < r->nrecs)
			return deliver(r, rec);
		if (r->failed) {
			if (err != NULL)
				*err = r->ferr;
			return r->failed;
		}
		if (r->finished)
			return 0;
		compact(r);
		(void)advance(r);
	}
}

/* Decide the encoding from the first chunk and set up its decoding;
 * r->pending is then the first chunk as UTF-8. */
static int
setup_encoding(ovp_csv_reader *r, size_t n, ovp_error *err)
{
	const unsigned char *b = r->raw;
	size_t start = 0;
	ovp_encoding enc;

	if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		enc = OVP_ENC_UTF8_BOM;
		start = 3;
	} else if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
		enc = OVP_ENC_UTF16LE;
		start = 2;
	} else if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
		enc = OVP_ENC_UTF16BE;
		start = 2;
	} else {
		enc = sniff_utf16(b, n);
	}
	r->info.encoding = enc;
	if (enc == OVP_ENC_UTF16LE || enc == OVP_ENC_UTF16BE) {
		r->text = malloc(TEXT_CAP);
		if (r->text == NULL)
			return ovp_error_set(err, OVP_ENOMEM, r->name, 0, "out of memory");
		r->pending = r->text;
		r->pending_len = decode_utf16(r, b + start, n - start);
	} else {
		r->pending = b + start;
		r->pending_len = n - start;
	}
	return 0;
}

int
ovp_csv_open(ovp_csv_reader **out, const char *path, const ovp_csv_options *opts, ovp_error *err)
{
	ovp_stream *in;
	int rc;

	if (out == NULL || path == NULL)
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0, "ovp_csv_open: no file given");
	*out = NULL;
	rc = ovp_stream_open(&in, path, err);
	if (rc < 0)
		return rc;
	return ovp_csv_open_stream(out, in, opts, err);
}

int
ovp_csv_open_stream(ovp_csv_reader **out, ovp_stream *in, const ovp_csv_options *opts,
                    ovp_error *err)
{
	static const ovp_csv_options defaults = {0};
	ovp_csv_reader *r;
	const char *name = ovp_stream_name(in);
	size_t counts[3] = {0, 0, 0};
	bool binary;
	long header_line, binary_line, n;
	unsigned char d;
	int rc;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	d = (unsigned char)opts->delimiter;
	if (d == '"' || d == '\r' || d == '\n' || d >= 0x80) {
		rc = ovp_error_set(err, OVP_EUSAGE, name, 0,
		                   "cannot use a quote, a line end or a non-ASCII byte as the delimiter");
		ovp_stream_close(in);
		return rc;
	}

	r = calloc(1, sizeof *r);
	if (r == NULL) {
		rc = ovp_error_set(err, OVP_ENOMEM, name, 0, "out of memory");
		ovp_stream_close(in);
		return rc;
	}
	r->in = in;
	r->u16_odd = -1;
	r->line = 1;
	r->problem = opts->problem;
	r->problem_ctx = opts->problem_ctx;
	r->name = strdup(name);
	r->raw = malloc(CHUNK);
	if (r->name == NULL || r->raw == NULL) {
		rc = ovp_error_set(err, OVP_ENOMEM, name, 0, "out of memory");
		goto fail;
	}

	n = read_chunk(r);
	if (n < 0) {
		if (err != NULL)
			*err = r->ferr;
		rc = r->failed;
		goto fail;
	}
	rc = setup_encoding(r, (size_t)n, err);
	if (rc < 0)
		goto fail;

	header_line = scan_header(r->pending, r->pending_len, counts, &binary);
	if (binary) {
		rc = ovp_error_set(err, OVP_EINPUT, name, header_line,
		                   "not a CSV file: binary data in the header line%s",
		                   workbook_hint(r->raw, (size_t)n));
		goto fail;
	}
	if (mostly_binary(r->pending, r->pending_len, &binary_line)) {
		rc = ovp_error_set(err, OVP_EINPUT, name, binary_line,
		                   "not a CSV file: binary data after the header line");
		goto fail;
	}
	if (d == 0) {
		d = ',';
		if (counts[1] > counts[0] && counts[1] >= counts[2])
			d = ';';
		else if (counts[2] > counts[0] && counts[2] > counts[1])
			d = '\t';
		r->info.delimiter_sniffed = true;
	}
	r->info.delimiter = (char)d;

	if (csv_init(&r->parser, CSV_REPALL_NL) != 0) {
		rc = ovp_error_set(err, OVP_ENOMEM, name, 0, "out of memory");
		goto fail;
	}
	r->parser_live = true;
	csv_set_delim(&r->parser, d);
	csv_set_space_func(&r->parser, never_space);
	csv_set_blk_size(&r->parser, ENTRY_BLOCK);
	*out = r;
	return 0;

fail:
	ovp_csv_close(r);
	return rc;
}

const ovp_csv_info *
ovp_csv_get_info(const ovp_csv_reader *r)
{
	return r != NULL ? &r->info : NULL;
}

unsigned long long
ovp_csv_file_bytes(const ovp_csv_reader *r)
{
	return ovp_stream_file_bytes(r->in);
}

const char *
ovp_csv_path(const ovp_csv_reader *r)
{
	return r != NULL ? r->name : "";
}

void
ovp_csv_close(ovp_csv_reader *r)
{
	if (r == NULL)
		return;
	if (r->parser_live)
		csv_free(&r->parser);
	ovp_stream_close(r->in);
	free(r->name);
	free(r->raw);
	free(r->text);
	free(r->arena);
	free(r->cellv);
	free(r->lens);
	free(r->recs);
	free(r->probs);
	free(r);
}
