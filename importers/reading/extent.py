"""How many cells a sheet would become, judged before calamine builds it.

calamine turns a sheet into a dense grid from its first to its last cell: an
.xlsx of 5 KB with one value in A1 and one in XFD1048576 asks for 17 billion
cells, and the process is killed by an allocation failure that Python cannot
catch. So the extent is measured from the sheet's XML first, in one streaming
pass with byte counts and two narrow searches, and a sheet that would exceed
IMPORT_MAX_CELLS is refused like a zip bomb.
"""

import io
import re
import struct
import xml.etree.ElementTree as ET
import zipfile

from django.conf import settings

from ..errors import TableError

CHUNK = 4 * 1048576
# A reference beyond column Z, or to a row past 999999 (a cell's or a row's): rare in a roster,
# so one quick search over the sheet finds them.
FAR = re.compile(rb' r="(?:([A-Z]{2,3})(\d+)|[A-Z]?(\d{7,}))"')
LAST_ROW = b'<row r="'
BROKEN_XLS = "文件已损坏或加密，无法作为 Excel 97-2003 文件读取。"
TOO_MANY = "表格的范围过大（{rows} 行 × {columns} 列），疑似恶意文件，已拒绝读取。"


def max_cells():
    return getattr(settings, "IMPORT_MAX_CELLS", 10_000_000)


def column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def check_extent(data: bytes, kind: str):
    """Raise TableError when a sheet of the workbook would hold more than IMPORT_MAX_CELLS cells."""
    if kind == "xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    _refuse(*_xlsx_extent(archive, name))
    elif kind == "xls":
        _refuse(*_xls_extent(data))
    elif kind == "ods":
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
            for rows, columns in _ods_extents(content):
                _refuse(rows, columns)


def _refuse(rows, columns):
    if rows * columns > max_cells():
        raise TableError(TOO_MANY.format(rows=rows, columns=columns))


def _chunks(archive, name):
    """A member's bytes in chunks, each cut after a whole tag."""
    tail = b""
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            chunk = tail + chunk
            cut = chunk.rfind(b">") + 1
            yield chunk[:cut]
            tail = chunk[cut:]


def _xlsx_extent(archive, name):
    """(rows, columns) that bound the grid calamine would build: the sheet's last row, and any
    reference beyond column Z or row 999999; on a sheet of fewer than 100,000 rows, any reference
    with more digits than its last row. (Rows are written in order; one placed out of order with
    no more digits than the last row can at most make a large sheet ten times longer.) Rows and
    cells without a reference are placed one after another: they add no more than the XML holds."""
    last_row, max_row, max_column = 0, 0, 26
    for chunk in _chunks(archive, name):
        if (at := chunk.rfind(LAST_ROW)) >= 0:
            last_row = int(chunk[at + len(LAST_ROW) : chunk.index(b'"', at + len(LAST_ROW))] or 0)
        for letters, row, long_row in FAR.findall(chunk):
            if letters:
                max_column = max(max_column, column_number(letters))
            max_row = max(max_row, int(row or long_row))
    max_row = max(max_row, last_row)
    if max_row < 100_000:  # a small sheet, quick to search again
        deeper = re.compile(rb' r="[A-Z]{0,3}(\d{%d,})"' % (len(str(max_row)) + 1))
        for chunk in _chunks(archive, name):
            max_row = max([max_row, *map(int, deeper.findall(chunk))])
    return max_row, max_column


TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
T_TABLE, T_ROW = f"{{{TABLE_NS}}}table", f"{{{TABLE_NS}}}table-row"
T_CELLS = (f"{{{TABLE_NS}}}table-cell", f"{{{TABLE_NS}}}covered-table-cell")
T_ROWS_REPEATED, T_COLS_REPEATED = f"{{{TABLE_NS}}}number-rows-repeated", f"{{{TABLE_NS}}}number-columns-repeated"
VALUE_TYPE = f"{{{OFFICE_NS}}}value-type"


def _ods_extents(content):
    """(rows, columns) of each sheet up to its last cell with a value: repeated empty cells, which
    LibreOffice writes to the sheet's edge, do not count; a repeated value does."""
    depth = row = column = last_row = last_column = 0
    row_has_value = False
    for event, element in ET.iterparse(content, events=("start", "end")):
        tag = element.tag
        if tag == T_TABLE:
            depth += 1 if event == "start" else -1
            if event == "start" and depth == 1:
                row = column = last_row = last_column = 0
            elif event == "end" and depth == 0:
                yield last_row, last_column
            continue
        if depth != 1 or event != "end":
            continue
        if tag in T_CELLS:
            repeated = int(element.get(T_COLS_REPEATED, 1))
            if element.get(VALUE_TYPE) or len(element):
                last_column = max(last_column, column + repeated)
                row_has_value = True
            column += repeated
            element.clear()
        elif tag == T_ROW:
            repeated = int(element.get(T_ROWS_REPEATED, 1))
            if row_has_value:
                last_row = row + repeated
            row += repeated
            column, row_has_value = 0, False
            element.clear()


# -- xls: the cells of the BIFF records in the OLE2 container's Workbook stream --------------------

CELL_RECORDS = {0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006, 0x00D6}  # NUMBER, LABEL, BOOLERR, RK, ...
MULRK = 0x00BD
FREE_SECTOR = 0xFFFFFFFA  # and above: end of chain, FAT and DIFAT markers


def _xls_extent(data):
    """(rows, columns) up to the last cell any sheet of the workbook holds (at most 65536 × 256,
    which calamine turns into a gigabyte in seconds from a 6 KB file)."""
    try:
        stream = _ole_stream(data, ("Workbook", "Book"))
    except (struct.error, IndexError, ValueError, UnicodeDecodeError):
        # calamine follows a sector chain that loops for ever: a container we cannot follow is refused here
        raise TableError(BROKEN_XLS) from None
    max_row = max_column = -1
    position, end = 0, len(stream) - 8
    header = struct.Struct("<HHHH").unpack_from  # record type, length, and a cell's row and column
    cells = CELL_RECORDS
    while position <= end:
        record, length, row, column = header(stream, position)
        if record in cells:
            if row > max_row:
                max_row = row
            if column > max_column:
                max_column = column
        elif record == MULRK and length >= 6 and position + 4 + length <= len(stream):
            max_row = max(max_row, row)
            max_column = max(max_column, struct.unpack_from("<H", stream, position + 2 + length)[0])
        position += 4 + length
    return max_row + 1, max_column + 1


def _ole_stream(data, names):
    """The bytes of the first stream named in `names` of an OLE2 (compound file) container."""
    u16 = lambda offset: struct.unpack_from("<H", data, offset)[0]  # noqa: E731
    u32 = lambda offset: struct.unpack_from("<I", data, offset)[0]  # noqa: E731
    sector_size, mini_size = 1 << u16(0x1E), 1 << u16(0x20)
    if sector_size not in (512, 4096) or mini_size != 64:
        raise ValueError("not a compound file")
    fat_count, directory_start, mini_cutoff = u32(0x2C), u32(0x30), u32(0x38)
    minifat_start, difat_start, difat_count = u32(0x3C), u32(0x44), u32(0x48)

    def sector(number):
        start = (number + 1) * sector_size
        if start + sector_size > len(data) + sector_size:
            raise ValueError("sector past the end")
        return data[start : start + sector_size]

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    number = difat_start
    for _ in range(min(difat_count, len(data) // sector_size)):
        if number >= FREE_SECTOR:
            break
        entries = struct.unpack(f"<{sector_size // 4}I", sector(number))
        difat.extend(entries[:-1])
        number = entries[-1]
    fat_bytes = b"".join(sector(n) for n in difat[:fat_count] if n < FREE_SECTOR)
    fat = struct.unpack(f"<{len(fat_bytes) // 4}I", fat_bytes[: len(fat_bytes) // 4 * 4])

    def chain(start, table):
        seen, number = [], start
        while number < FREE_SECTOR:
            if number >= len(table) or len(seen) > len(table):
                raise ValueError("broken chain")
            seen.append(number)
            number = table[number]
        return seen

    directory = b"".join(sector(n) for n in chain(directory_start, fat))
    entries = {}
    for offset in range(0, len(directory) - 127, 128):
        name_length = struct.unpack_from("<H", directory, offset + 64)[0]
        name = directory[offset : offset + max(name_length - 2, 0)].decode("utf-16-le", "replace")
        start, size = struct.unpack_from("<II", directory, offset + 116)
        entries.setdefault(name, (directory[offset + 66], start, size))
    root = directory and (struct.unpack_from("<I", directory, 116)[0])
    for name in names:
        if name not in entries:
            continue
        _kind, start, size = entries[name]
        if size >= mini_cutoff:
            return b"".join(sector(n) for n in chain(start, fat))[:size]
        mini_stream = b"".join(sector(n) for n in chain(root, fat))
        minifat_bytes = b"".join(sector(n) for n in chain(minifat_start, fat))
        minifat = struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes)
        return b"".join(mini_stream[n * mini_size : (n + 1) * mini_size] for n in chain(start, minifat))[:size]
    raise ValueError("no workbook stream")
