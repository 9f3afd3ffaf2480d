#!/usr/bin/python3
"""Write Excel workbooks (.xlsx) for the examples and the tests.

Only the standard library: the parts of a workbook are small XML files in
a ZIP archive (ECMA-376), written here as Excel writes them: shared or
inline strings, numbers with number formats (dates as serial days, amounts
with a currency format), merged ranges, hidden sheets, the 1904 date
system.

    gen_xlsx.py examples DIR     the twins of two CSV exports of
                                 examples/exports: salesforce-report.xlsx
                                 and dynamics365.xlsx
    gen_xlsx.py fixture NAME OUT one workbook of the tests (see FIXTURES)
    gen_xlsx.py same A B         exit 0 when two workbooks hold the same
                                 parts with the same content

The twins are made from their CSV exports: every record is written on the
row of the line it starts on in the CSV (so a finding names the same line
in both), date columns as Excel dates, amount columns as numbers with a
currency format, and the rest as text.
"""

import csv
import datetime
import io
import os
import re
import struct
import sys
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STAMP = (2026, 11, 20, 9, 0, 0)  # every part's time in the archive: reproducible files

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def esc(text):
    """Text for XML, control characters written as OOXML's _xHHHH_ escapes."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace('"', "&quot;")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: "_x%04X_" % ord(m.group()), text)


def col_name(col):
    """0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(65 + rem) + name
    return name


def serial(value, date1904=False):
    """A date or date-time as Excel's serial day."""
    if isinstance(value, datetime.datetime):
        day = value.date()
        frac = (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    else:
        day, frac = value, 0.0
    if date1904:
        return (day - datetime.date(1904, 1, 1)).days + frac
    n = (day - datetime.date(1899, 12, 30)).days
    return (n if n >= 61 else n - 1) + frac


class Num:
    """A number with a number format: a format code, or a built-in id."""

    def __init__(self, value, fmt=0):
        self.value, self.fmt = value, fmt


class Inline:
    """A string written in the cell (t="inlineStr"), not in the shared strings."""

    def __init__(self, text):
        self.text = text


class Raw:
    """A cell written as it is: for damaged and hostile workbooks."""

    def __init__(self, xml):
        self.xml = xml


class Sheet:
    def __init__(self, name, rows, state=None, merges=(), inline=False, refs=True):
        # rows: [(row number, [cell, ...])]; a cell is None (left out), str,
        # bool, int, float, datetime.date, Num, Inline or Raw.
        self.name, self.rows, self.state = name, rows, state
        self.merges, self.inline, self.refs = list(merges), inline, refs


class Workbook:
    def __init__(self, date1904=False):
        self.date1904 = date1904
        self.sheets = []
        self.strings, self.string_index = [], {}
        self.numfmts = {}  # format code -> id
        self.xfs = [0]  # cellXfs: the numFmtId of each; 0 is General

    def style(self, fmt):
        """The cellXfs index of a number format (a code or a built-in id)."""
        if isinstance(fmt, str):
            if fmt not in self.numfmts:
                self.numfmts[fmt] = 164 + len(self.numfmts)
            fmt = self.numfmts[fmt]
        if fmt not in self.xfs:
            self.xfs.append(fmt)
        return self.xfs.index(fmt)

    def shared(self, text):
        if text not in self.string_index:
            self.string_index[text] = len(self.strings)
            self.strings.append(text)
        return self.string_index[text]

    def add(self, sheet):
        self.sheets.append(sheet)

    def cell_xml(self, sheet, ref, cell):
        r = ' r="%s"' % ref if sheet.refs else ""
        if isinstance(cell, Raw):
            return cell.xml
        if isinstance(cell, Inline) or (isinstance(cell, str) and sheet.inline):
            text = cell.text if isinstance(cell, Inline) else cell
            return '<c%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (r, esc(text))
        if isinstance(cell, str):
            return '<c%s t="s"><v>%d</v></c>' % (r, self.shared(cell))
        if isinstance(cell, bool):
            return '<c%s t="b"><v>%d</v></c>' % (r, cell)
        if isinstance(cell, (datetime.date, datetime.datetime)):
            fmt = 22 if isinstance(cell, datetime.datetime) else 14
            cell = Num(serial(cell, self.date1904), fmt)
        if isinstance(cell, (int, float)):
            cell = Num(cell)
        s = self.style(cell.fmt)
        return '<c%s%s><v>%s</v></c>' % (r, ' s="%d"' % s if s else "", repr(cell.value))

    def sheet_xml(self, sheet):
        out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="%s" xmlns:r="%s"><sheetData>' % (MAIN_NS, REL_NS)]
        for num, cells in sheet.rows:
            out.append('<row r="%d">' % num if sheet.refs else "<row>")
            for col, cell in enumerate(cells):
                if cell is not None and cell != "":
                    out.append(self.cell_xml(sheet, "%s%d" % (col_name(col), num), cell))
            out.append("</row>")
        out.append("</sheetData>")
        if sheet.merges:
            out.append('<mergeCells count="%d">' % len(sheet.merges))
            out.extend('<mergeCell ref="%s"/>' % m for m in sheet.merges)
            out.append("</mergeCells>")
        out.append("</worksheet>")
        return "".join(out)

    def parts(self):
        """The parts of the workbook, name -> bytes, in archive order."""
        sheets = [(s, self.sheet_xml(s)) for s in self.sheets]  # fills the strings and styles
        parts = {}
        types = ['<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                 'package.relationships+xml"/>',
                 '<Default Extension="xml" ContentType="application/xml"/>',
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.spreadsheetml.sheet.main+xml"/>',
                 '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.spreadsheetml.styles+xml"/>']
        for i in range(len(sheets)):
            types.append('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1))
        if self.strings:
            types.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
        parts["[Content_Types].xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://'
            'schemas.openxmlformats.org/package/2006/content-types">%s</Types>' % "".join(types))
        parts["_rels/.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="%s">'
            '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>' % (PKG_REL_NS, DOC_REL))
        book = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="%s" xmlns:r="%s">' % (MAIN_NS, REL_NS)]
        if self.date1904:
            book.append('<workbookPr date1904="1"/>')
        book.append("<sheets>")
        rels = []
        for i, (s, _) in enumerate(sheets):
            state = ' state="%s"' % s.state if s.state else ""
            book.append('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>'
                        % (esc(s.name), i + 1, state, i + 1))
            rels.append('<Relationship Id="rId%d" Type="%s/worksheet" '
                        'Target="worksheets/sheet%d.xml"/>' % (i + 1, DOC_REL, i + 1))
        book.append("</sheets></workbook>")
        n = len(sheets)
        rels.append('<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>'
                    % (n + 1, DOC_REL))
        if self.strings:
            rels.append('<Relationship Id="rId%d" Type="%s/sharedStrings" '
                        'Target="sharedStrings.xml"/>' % (n + 2, DOC_REL))
        parts["xl/workbook.xml"] = "".join(book)
        parts["xl/_rels/workbook.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="%s">'
            '%s</Relationships>' % (PKG_REL_NS, "".join(rels)))
        fmts = "".join('<numFmt numFmtId="%d" formatCode="%s"/>' % (i, esc(code))
                       for code, i in self.numfmts.items())
        xfs = "".join('<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"%s/>'
                      % (f, ' applyNumberFormat="1"' if f else "") for f in self.xfs)
        parts["xl/styles.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="%s">'
            '%s<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            '</cellStyleXfs><cellXfs count="%d">%s</cellXfs></styleSheet>'
            % (MAIN_NS, '<numFmts count="%d">%s</numFmts>' % (len(self.numfmts), fmts)
               if self.numfmts else "", len(self.xfs), xfs))
        for i, (_, xml) in enumerate(sheets):
            parts["xl/worksheets/sheet%d.xml" % (i + 1)] = xml
        if self.strings:
            sst = "".join('<si><t xml:space="preserve">%s</t></si>' % esc(t) for t in self.strings)
            parts["xl/sharedStrings.xml"] = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s" '
                'count="%d" uniqueCount="%d">%s</sst>'
                % (MAIN_NS, len(self.strings), len(self.strings), sst))
        return {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in parts.items()}

    def save(self, path, parts=None):
        write_zip(path, parts if parts is not None else self.parts())


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


# ---- The twins of the CSV exports -------------------------------------------

def read_csv_records(path, encoding, delimiter):
    """The records of a CSV export, each with the line it starts on."""
    with open(path, encoding=encoding, newline="") as f:
        text = f.read()
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records = []
    while True:
        start = reader.line_num + 1
        try:
            rec = next(reader)
        except StopIteration:
            break
        if rec:
            records.append((start, rec))
    return records


def mdy(text):
    """A m/d/yyyy date, with an optional h:mm AM/PM time."""
    m = re.fullmatch(r"(\d+)/(\d+)/(\d{4})(?: (\d+):(\d\d) ([AP]M))?", text)
    if not m:
        raise ValueError("not a m/d/yyyy date: %r" % text)
    mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(4) is None:
        return datetime.date(y, mo, d)
    h = int(m.group(4)) % 12 + (12 if m.group(6) == "PM" else 0)
    return datetime.datetime(y, mo, d, h, int(m.group(5)))


def amount(text):
    return float(text.replace("$", "").replace(",", ""))


def twin(csv_path, encoding, delimiter, sheet, columns, inline, extra_sheets=()):
    """A workbook holding the records of a CSV export: columns maps a header
    to a function making the cell of a non-empty text; the rest is text."""
    wb = Workbook()
    rows = []
    records = read_csv_records(csv_path, encoding, delimiter)
    header = records[0][1]
    for line, rec in records:
        cells = []
        for i, text in enumerate(rec):
            conv = columns.get(header[i]) if i < len(header) and line != records[0][0] else None
            if text == "":
                cells.append(None)
            elif conv is not None and not text.startswith("Grand Totals"):
                try:
                    cells.append(conv(text))
                except ValueError:
                    cells.append(text)
            else:
                cells.append(text)
        rows.append((line, cells))
    wb.add(Sheet(sheet, rows, inline=inline))
    for s in extra_sheets:
        wb.add(s)
    return wb


def jira_date(text):
    """A Jira date, 15/Jan/27 with an optional 3:15 PM."""
    m = re.fullmatch(r"(\d+)/([A-Z][a-z]{2})/(\d\d)(?: (\d+):(\d\d) ([AP]M))?", text)
    if not m:
        raise ValueError("not a Jira date: %r" % text)
    month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
             "Dec"].index(m.group(2)) + 1
    day = datetime.date(2000 + int(m.group(3)), month, int(m.group(1)))
    if m.group(4) is None:
        return Num(serial(day), 14)
    h = int(m.group(4)) % 12 + (12 if m.group(6) == "PM" else 0)
    return Num(serial(datetime.datetime(day.year, day.month, day.day, h, int(m.group(5)))), 22)


def fx_roadmap(out):
    """examples/roadmap.csv (a Jira export) as a workbook, its dates as Excel dates."""
    cols = ["Created", "Updated", "Resolved", "Due date", "Custom field (Target start)",
            "Custom field (Target end)", "Custom field (Original due date)"]
    wb = twin(os.path.join(ROOT, "examples/roadmap.csv"), "utf-8", ",", "Jira",
              {c: jira_date for c in cols}, inline=False)
    wb.save(out)


def examples(out):
    sf_date = lambda t: Num(serial(mdy(t)), 14)
    sf = twin(os.path.join(ROOT, "examples/exports/salesforce-report.csv"), "utf-8", ",",
              "Opportunities with Promised Features",
              {"Amount": lambda t: Num(amount(t), "[$USD] #,##0.00"),
               "Probability (%)": lambda t: Num(int(t)),
               "Close Date": sf_date, "Created Date": sf_date, "Promised Date": sf_date},
              inline=True)
    sf.save(os.path.join(out, "salesforce-report.xlsx"))
    dyn_date = lambda t: Num(serial(mdy(t)), "m/d/yyyy")
    hidden = Sheet("hiddenSheet", [(1, ["opportunity", "aa66d7c5-0a2f-4f6e-9b3a-5f7c1e2d3b4a",
                                        "vtp3s8q1Wq6b8y1e2Q=="])], state="veryHidden")
    dyn = twin(os.path.join(ROOT, "examples/exports/dynamics365.csv"), "utf-16", "\t",
               "Open Opportunities",
               {"(Do Not Modify) Modified On": lambda t: Num(serial(mdy(t)), "m/d/yyyy h:mm AM/PM"),
                "Est. Close Date": dyn_date, "Promised Date": dyn_date,
                "Est. Revenue": lambda t: Num(amount(t), '"$"#,##0.00'),
                "Probability": lambda t: Num(int(t))},
               inline=False, extra_sheets=[hidden])
    dyn.save(os.path.join(out, "dynamics365.xlsx"))


# ---- Fixtures of the tests --------------------------------------------------

ROADMAP_HEADER = ["Issue key", "Summary", "Status", "Due date"]


def fx_shared_inline(out):
    """Deals with shared strings, inline strings, rich text, a boolean, dates and amounts."""
    wb = Workbook()
    rows = [(1, ["Opportunity Name", "Account Name", "Amount", "Close Date", "Promised Features",
                 "Promised Date", "SE Approved", "Notes"]),
            (2, ["ACME renewal", Inline("ACME Corp"), Num(120000, '"$"#,##0.00'),
                 datetime.date(2026, 12, 15), "Single sign-on (SAML)",
                 datetime.date(2027, 1, 15), True, Raw(
                     '<c r="H2" t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>text'
                     '</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></is></c>')]),
            (3, [Inline("Globex expansion"), "Globex", Num(95000.5, "[$EUR] #,##0.00"),
                 datetime.date(2027, 1, 31), Inline("Audit log export; Webhooks"), None, False,
                 "line one\nline two"]),
            (5, ["Initech deal", "Initech", Num(48000, '#,##0.00\\ [$\u20ac-407]'),
                 Num(46402, "dd.mm.yyyy"), "Sandbox environments", Num(46433.75, 22), None,
                 "tab\there"])]
    wb.add(Sheet("Deals", rows))
    wb.save(out)


def fx_date1904(out):
    """A roadmap of a workbook that counts dates from 1904 (old Excel for Mac)."""
    wb = Workbook(date1904=True)
    rows = [(1, ROADMAP_HEADER + ["Resolved"]),
            (2, ["PLAT-1", "Single sign-on (SAML)", "In Progress", datetime.date(2027, 3, 31)]),
            (3, ["PLAT-2", "Audit log export", "Done", datetime.date(2026, 9, 30),
                 datetime.date(2026, 10, 2)]),
            (4, ["PLAT-3", "Webhooks", "To Do", datetime.datetime(2027, 6, 30, 17, 30)])]
    wb.add(Sheet("Roadmap", rows))
    wb.save(out)


def fx_merged_header(out):
    """A title band and a two-row header made of merged ranges, a merged
    account down three rows, a hidden sheet first, no r attributes in one row."""
    wb = Workbook()
    wb.add(Sheet("Notes", [(1, ["not this one"])], state="hidden"))
    rows = [(1, ["Pipeline report: deals with promised features"]),
            (3, ["Opportunity Name", "Deal", None, "Promise", None]),
            (4, [None, "Account Name", "Amount", "Promised Features", "Promised Date"]),
            (5, ["ACME renewal", "ACME Corp", Num(120000, '"$"#,##0'), "Single sign-on (SAML)",
                 datetime.date(2027, 1, 15)]),
            (6, ["ACME renewal", None, None, "Audit log export", datetime.date(2027, 2, 28)]),
            (7, ["ACME renewal", None, None, "Webhooks", None]),
            (9, ["Globex expansion", "Globex", Num(310000, '"$"#,##0'), "Sandbox environments",
                 None])]
    merges = ["A1:E1", "A3:A4", "B3:C3", "D3:E3", "B5:B7", "C5:C7"]
    wb.add(Sheet("Pipeline", rows, merges=merges))
    wb.save(out)


def fx_two_sheets(out):
    """A sheet of notes first, the deals second."""
    wb = Workbook()
    wb.add(Sheet("Read me", [(1, ["Exported from the CRM on 2026-11-20"]),
                             (2, ["The deals are on the next sheet."])]))
    wb.add(Sheet("Deals", [(1, ["Opportunity Name", "Amount", "Promised Features"]),
                           (2, ["ACME renewal", Num(420000, '"$"#,##0'), "SSO by 2027-01-15"]),
                           (3, ["Globex expansion", Num(310000, '"$"#,##0'),
                                "Quantum-safe encryption"])]))
    wb.save(out)


def fx_big_cell(out):
    """A deal whose notes are 2 MiB (twice the cell limit), as a shared string."""
    wb = Workbook()
    notes = "".join("Line %05d of the notes, repeated to fill 2 MiB ......\n" % i
                    for i in range(32768))
    rows = [(1, ["Opportunity Name", "Notes", "Promised Features"]),
            (2, ["Acme", notes, "SSO by 2027-01-15"]),
            (3, ["Globex", Inline(notes), "Audit log export"])]
    wb.add(Sheet("Deals", rows))
    wb.save(out)


def fx_no_refs(out):
    """A roadmap written without r attributes, sparse rows, an empty row."""
    wb = Workbook()
    rows = [(1, ROADMAP_HEADER), (2, ["PLAT-1", "Single sign-on (SAML)", "In Progress",
                                      datetime.date(2027, 3, 31)]),
            (3, []), (4, ["PLAT-2", "Audit log export", "Done", datetime.date(2026, 9, 30)])]
    wb.add(Sheet("Sheet1", rows, refs=False))
    wb.save(out)


def deflate_repeated(head, unit, count, tail):
    """A raw deflate stream of head + unit * count + tail, made a block at a time."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    out = [c.compress(head)]
    per = max(1, (1 << 20) // len(unit))
    done = 0
    while done + per <= count:
        out.append(c.compress(unit * per))
        done += per
    out.append(c.compress(unit * (count - done)))
    out.append(c.compress(tail))
    out.append(c.flush())
    return b"".join(out)


def zip_with_raw(path, parts, raw_name, raw_deflated, declared_size, crc=0):
    """A ZIP of parts plus one part given as a raw deflate stream, with a
    declared inflated size of our choosing (a lying header when it is not
    the true one)."""
    buf = io.BytesIO()
    central = []
    entries = list(parts.items()) + [(raw_name, None)]
    for name, data in entries:
        offset = buf.tell()
        bname = name.encode()
        if data is None:
            comp, size, ccrc = raw_deflated, declared_size, crc
        else:
            comp = zlib.compress(data, 6)[2:-4]
            size, ccrc = len(data), zlib.crc32(data)
        buf.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x5A74, ccrc,
                              len(comp), size, len(bname), 0))
        buf.write(bname)
        buf.write(comp)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x5A74,
                                   ccrc, len(comp), size, len(bname), 0, 0, 0, 0, 0, offset)
                       + bname)
    cd_offset = buf.tell()
    for c in central:
        buf.write(c)
    buf.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                          buf.tell() - cd_offset, cd_offset, 0))
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def parts_without(name, sheet_rows=None):
    """The parts of a one-sheet workbook of deals, without the part called name."""
    wb = Workbook()
    wb.add(Sheet("Deals", sheet_rows or [(1, ["Opportunity Name", "Promised Features"])]))
    parts = wb.parts()
    del parts[name]
    return parts


SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="%s"><sheetData>'
              % MAIN_NS).encode()
SHEET_TAIL = b"</sheetData></worksheet>"
A_CELL = (b'<row r="2"><c r="A2" t="inlineStr"><is><t>', b"</t></is></c></row>")


def fx_bomb_ratio(out):
    """A sheet that honestly declares 16 MiB inflated from 16 KiB: a cell of
    16 MiB of "A"."""
    head, tail = SHEET_HEAD + A_CELL[0], A_CELL[1] + SHEET_TAIL
    count = 4096
    raw = deflate_repeated(head, b"A" * 4096, count, tail)
    zip_with_raw(out, parts_without("xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml", raw,
                 len(head) + 4096 * count + len(tail))


def fx_bomb_lying(out):
    """A sheet that declares 1,000 bytes and inflates to 16 MiB."""
    head, tail = SHEET_HEAD + A_CELL[0], A_CELL[1] + SHEET_TAIL
    raw = deflate_repeated(head, b"A" * 4096, 4096, tail)
    zip_with_raw(out, parts_without("xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml", raw,
                 1000)


def fx_bomb_strings(out):
    """Shared strings that declare 4 KiB and inflate to 16 MiB."""
    head = ('<?xml version="1.0"?><sst xmlns="%s"><si><t>' % MAIN_NS).encode()
    raw = deflate_repeated(head, b"S" * 4096, 4096, b"</t></si></sst>")
    zip_with_raw(out, parts_without("xl/sharedStrings.xml"), "xl/sharedStrings.xml", raw, 4096)


def noise(n, seed=1):
    """n bytes of letters and digits that do not compress much, the same every time."""
    import base64
    import random
    return base64.b64encode(random.Random(seed).randbytes(n * 3 // 4 + 3))[:n]


def fx_long_row(out):
    """A row of 100 cells, each the same 1 MiB shared string: 100 MiB of text
    in one row from a small file."""
    wb = Workbook()
    text = noise(1 << 20).decode()
    wb.add(Sheet("Deals", [(1, ["Opportunity Name", "Promised Features"]),
                           (2, [text] * 100)]))
    wb.save(out)


def fx_long_tag(out):
    """A cell whose start tag does not end for 20 MiB (one long attribute)."""
    head = SHEET_HEAD + b'<row r="1"><c r="A1" x="'
    body = noise(20 << 20)
    tail = b'"/></row>' + SHEET_TAIL
    data = head + body + tail
    zip_with_raw(out, parts_without("xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml",
                 zlib.compress(data, 1)[2:-4], len(data), zlib.crc32(data))


def fx_many_rows(out):
    """A row numbered past Excel's last row."""
    wb = Workbook()
    wb.add(Sheet("Deals", [(1, ["Opportunity Name", "Promised Features"]),
                           (2, ["Acme", "SSO"]), (1048577, ["Globex", "Webhooks"])]))
    wb.save(out)


def fx_large(out):
    """An honest sheet of 200,000 deals: about 40 MiB of XML."""
    wb = Workbook()
    rows = [(1, ["Opportunity Name", "Amount", "Close Date", "Promised Features", "Notes"])]
    for i in range(2, 200002):
        rows.append((i, [Inline("Deal %d" % i), Num(1000 + i, '"$"#,##0'), Num(46000 + i % 700, 14),
                         Inline("Audit log export"), Inline("x" * (i % 97))]))
    wb.add(Sheet("Deals", rows))
    wb.save(out)


def fx_not_workbook(out):
    """A ZIP archive that is no workbook: a zipped CSV."""
    write_zip(out, {"deals.csv": b"Opportunity Name,Promised Features\nAcme,SSO\n"})


def fx_truncated(out):
    """The first 200 bytes of a workbook: a damaged archive."""
    tmp = out + ".tmp"
    fx_shared_inline(tmp)
    with open(tmp, "rb") as f:
        data = f.read(200)
    os.unlink(tmp)
    with open(out, "wb") as f:
        f.write(data)


FIXTURES = {
    "shared_inline": fx_shared_inline,
    "date1904": fx_date1904,
    "merged_header": fx_merged_header,
    "big_cell": fx_big_cell,
    "two_sheets": fx_two_sheets,
    "roadmap": fx_roadmap,
    "no_refs": fx_no_refs,
    "bomb_ratio": fx_bomb_ratio,
    "bomb_lying": fx_bomb_lying,
    "bomb_strings": fx_bomb_strings,
    "long_row": fx_long_row,
    "long_tag": fx_long_tag,
    "many_rows": fx_many_rows,
    "large": fx_large,
    "not_workbook": fx_not_workbook,
    "truncated": fx_truncated,
}


def same(a, b):
    """Do two workbooks hold the same parts with the same bytes (compression aside)?"""
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        na, nb = za.namelist(), zb.namelist()
        if na != nb:
            print("%s and %s hold different parts: %s / %s" % (a, b, na, nb))
            return False
        for name in na:
            if za.read(name) != zb.read(name):
                print("%s differs between %s and %s" % (name, a, b))
                return False
    return True


def main(argv):
    if len(argv) == 3 and argv[1] == "examples":
        examples(argv[2])
    elif len(argv) == 4 and argv[1] == "fixture" and argv[2] in FIXTURES:
        FIXTURES[argv[2]](argv[3])
    elif len(argv) == 4 and argv[1] == "same":
        return 0 if same(argv[2], argv[3]) else 1
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
