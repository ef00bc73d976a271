"""CSV in UTF-8 (with or without BOM) or GB18030/GBK, detected from the bytes."""

import csv
import io
import re

from ..errors import TableError
from .table import Table

PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
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


def read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise TableError(f"CSV 文件格式有误：{error}") from None
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise TableError("文件中没有任何数据。")
    return Table(rows=rows, first_row=1, kind="csv", encoding=encoding)
