"""What a file really is, judged by its bytes, and whether it is safe to read.

Nothing here expands an archive: an .xlsx or .ods is a zip, and its central
directory says how big its members would become, so a zip bomb is refused
from the numbers alone.
"""

import io
import struct
import zipfile
import zlib

from django.conf import settings

from ..errors import TableError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
PASSWORD_PROTECTED = "文件设有打开密码，无法读取：请在 Excel 或 WPS 中取消密码后重新上传。"
UPLOAD_THESE = "请上传 Excel（.xlsx/.xls）、WPS/LibreOffice（.ods）或 CSV 文件。"
NOT_TABLES = [
    (b"%PDF", "PDF 文档"),
    (b"\x89PNG", "图片"),
    (b"\xff\xd8\xff", "图片"),
    (b"GIF8", "图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文档"),
]


def limit(name, default):
    return getattr(settings, name, default)


def sniff(data: bytes, filename: str = "", *, max_bytes: int) -> str:
    """One of xlsx, xls, ods, html, csv — or a TableError saying why not."""
    if len(data) > max_bytes:
        raise TableError(
            f"文件太大（{len(data) / 1048576:.1f} MB），上限为 {max_bytes / 1048576:.0f} MB，请拆分后分批导入。"
        )
    if not data.strip():
        raise TableError("文件是空的，没有任何内容。")
    if data.startswith(ZIP):
        return _zip_kind(data)
    if data.startswith(OLE2):
        if ENCRYPTED_PACKAGE in data:  # a password-protected .xlsx is an OLE2 container holding the zip
            raise TableError(PASSWORD_PROTECTED)
        return "xls"
    for magic, what in NOT_TABLES:
        if data.startswith(magic):
            raise TableError(f"文件是{what}而不是表格：{UPLOAD_THESE}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # Excel's "Unicode text": UTF-16, tab-separated
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml")) or b"<table" in head:
        return "html"
    if b"\x00" in data[:65536]:
        raise TableError(f"文件不是表格：{UPLOAD_THESE}")
    return "csv"


def _zip_kind(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TableError("文件已损坏，无法作为 Excel 文件打开。") from None
    max_members = limit("IMPORT_MAX_ARCHIVE_MEMBERS", 2000)
    max_expanded = limit("IMPORT_MAX_EXPANDED_BYTES", 512 * 1048576)
    max_ratio = limit("IMPORT_MAX_COMPRESSION_RATIO", 200)
    expanded = sum(m.file_size for m in members)
    compressed = sum(m.compress_size for m in members) or 1
    if len(members) > max_members or expanded > max_expanded or expanded / compressed > max_ratio:
        raise TableError("文件解压后过大，疑似压缩炸弹，已拒绝读取。")
    names = {m.filename for m in members}
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "mimetype" in names and _member_head(archive, "mimetype").strip() == ODS_MIMETYPE:
        return "ods"
    if any(n.startswith("word/") for n in names):
        raise TableError(f"文件是 Word 文档而不是表格：{UPLOAD_THESE}")
    if any(n.startswith("ppt/") for n in names):
        raise TableError(f"文件是 PowerPoint 演示文稿而不是表格：{UPLOAD_THESE}")
    raise TableError(f"文件是压缩包而不是表格：{UPLOAD_THESE}")


def _member_head(archive, name):
    """The first bytes of a member; a damaged member (bad header, bad data, unknown method) is a damaged file."""
    try:
        with archive.open(name) as member:
            return member.read(len(ODS_MIMETYPE) + 2)
    except (
        zipfile.BadZipFile,
        zlib.error,
        struct.error,
        EOFError,
        ValueError,
        OSError,
        NotImplementedError,
        RuntimeError,
    ):
        raise TableError("文件已损坏，无法作为 ODS 文件打开。") from None
