"""CSV in UTF-8 (with or without BOM) or GB18030/GBK, detected from the bytes."""

import csv
import io
import re

from ..errors import TableError
from .table import Table

PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
NO_DATA = "文件中没有任何数据。"
UNDETECTABLE = "无法识别文件编码：请用 Excel 或 WPS 另存为 UTF-8 或 GBK 编码的 CSV，或直接上传 .xlsx 文件。"


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was written in. UTF-8 is tried first: GB18030
    would accept most UTF-8 bytes too, but as the wrong characters."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError:
            raise TableError(UNDETECTABLE) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and PRIVATE_USE.search(text):
            break  # Big5 and other encodings "decode" as GB18030 into user-defined characters
        return text, encoding
    raise TableError(UNDETECTABLE)


STREAM_BYTES = 4 * 1048576  # larger files are parsed as the import reads them, not held as lists


def read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel

    def rows(source):
        try:
            yield from csv.reader(source, dialect)
        except csv.Error as error:
            raise TableError(f"CSV 文件格式有误：{error}") from None

    if len(data) > STREAM_BYTES:
        # A million-row export: the text decoded above only proved the encoding; the rows are
        # decoded again, a block at a time, each time the table is read.
        blank = re.compile(r"[\s" + re.escape(dialect.delimiter + (dialect.quotechar or "")) + "]*")
        if blank.fullmatch(text):
            raise TableError(NO_DATA)
        lines = text.count("\n") + 1
        del text, sample

        def stream():
            return rows(io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""))

        return Table(first_row=1, kind="csv", encoding=encoding, stream=stream, size=lines)
    table = list(rows(io.StringIO(text, newline="")))
    if not any(any(cell.strip() for cell in row) for row in table):
        raise TableError(NO_DATA)
    return Table(rows=table, first_row=1, kind="csv", encoding=encoding)
