"""Crafted files that attack the reader rather than the rules: loops, bombs and giants, each small
on disk (or made in a moment) and each refused before it costs time or memory."""

import struct

from .. import files

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
END_OF_CHAIN, FAT_SECTOR, FREE = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def looping_xls():
    """A 1.5 KB compound file whose directory's sector chain points back at itself: calamine
    follows it for ever (found by bench/fuzz_importers.py in a damaged .xls)."""
    header = bytearray(512)
    header[:8] = OLE2
    struct.pack_into("<HHH", header, 0x18, 0x3E, 3, 0xFFFE)  # version, byte order
    struct.pack_into("<HH", header, 0x1E, 9, 6)  # 512-byte sectors, 64-byte mini sectors
    # one FAT sector; the directory starts at sector 0; mini cutoff; no mini FAT, no DIFAT sectors
    struct.pack_into("<IIIIIIII", header, 0x2C, 1, 0, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
    struct.pack_into("<109I", header, 0x4C, 1, *[FREE] * 108)  # the FAT is sector 1
    directory = bytearray(512)
    name = "Root Entry".encode("utf-16-le") + b"\0\0"
    directory[: len(name)] = name
    struct.pack_into("<HBB", directory, 64, len(name), 5, 1)
    struct.pack_into("<III", directory, 68, FREE, FREE, FREE)
    struct.pack_into("<II", directory, 116, END_OF_CHAIN, 0)
    fat = struct.pack("<128I", 0, FAT_SECTOR, *[FREE] * 126)  # sector 0 → sector 0 → …
    return bytes(header + directory + fat)


def ods_with_damaged_mimetype(how):
    """An .ods whose `mimetype` member cannot be read: its local header's signature broken, its
    compression method one zipfile does not know, or its data corrupt."""
    data = bytearray(files.zip_of({"content.xml": b"<office:document-content/>", "mimetype": ODS_MIMETYPE}))
    header = data.index(b"PK\x03\x04mimetype"[:4], 1)  # the second local header: mimetype's
    if how == "signature":
        data[header : header + 4] = b"PK\x00\x00"
    elif how == "method":
        central = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 1)  # mimetype's directory entry
        struct.pack_into("<H", data, central + 10, 99)
        struct.pack_into("<H", data, header + 8, 99)
    elif how == "data":
        name_length, extra_length = struct.unpack_from("<HH", data, header + 26)
        start = header + 30 + name_length + extra_length
        data[start : start + 8] = b"\xff" * 8
    return bytes(data)
