/*
 * Opening the CSV and workbook readers on a stream that is open already
 * (not public): the record source opens the file once, looks at its
 * first bytes, and hands the stream to the reader its content calls for.
 */
#ifndef OVP_READER_IMPL_H
#define OVP_READER_IMPL_H

#include "csv.h"
#include "stream.h"
#include "xlsx.h"

/*
 * ovp_csv_open() on stream s, which the reader takes over: it is closed
 * with the reader, or here when opening fails.
 */
int ovp_csv_open_stream(ovp_csv_reader **out, ovp_stream *s, const ovp_csv_options *opts,
                        ovp_error *err);

/* Bytes of the CSV reader's file read so far (compressed bytes when it is gzip'd). */
unsigned long long ovp_csv_file_bytes(const ovp_csv_reader *r);

/*
 * ovp_xlsx_open() on stream s, which is closed before this returns (the
 * workbook is read through a file descriptor of its own).
 */
int ovp_xlsx_open_stream(ovp_xlsx_reader **out, ovp_stream *s, const ovp_xlsx_options *opts,
                         ovp_error *err);

#endif
