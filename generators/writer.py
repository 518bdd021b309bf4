"""The only code that writes a FileTree to disk: a directory or a deterministic zip."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

from generators.filetree import File, FileTree

# A fixed timestamp keeps zips byte-identical for the same design (zip cannot store dates before 1980).
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_DOS_DATE = ((1980 - 1980) << 9) | (1 << 5) | 1  # 1980-01-01
_DOS_TIME = 0  # 00:00:00
# The zip format's records (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16): signature, then the fields, little-endian.
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")


def to_zip_bytes(tree: FileTree, root: str = "") -> bytes:
    """Zip the tree; entries sorted by path, fixed timestamps and modes, so the bytes depend only on the tree.

    Written directly (local headers, deflated data, central directory): zipfile's per-entry machinery was a third
    of a render. Trees too big for a plain (non-ZIP64) archive go through zipfile."""
    prefix = f"{root.strip('/')}/" if root else ""
    entries = [(prefix + path, tree[path]) for path in tree]
    if len(entries) >= 0xFFFF or sum(len(file.content) for _, file in entries) >= 0x7FFF0000:
        return _zip_with_zipfile(entries)
    body = bytearray()
    directory = bytearray()
    for name, file in entries:
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else 0x800  # bit 11: the name is UTF-8
        data = file.content
        crc = zlib.crc32(data)
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = compressor.compress(data) + compressor.flush()
        offset = len(body)
        body += _LOCAL.pack(b"PK\x03\x04", 20, flags, 8, _DOS_TIME, _DOS_DATE, crc, len(packed), len(data),
                            len(encoded), 0)
        body += encoded
        body += packed
        directory += _CENTRAL.pack(b"PK\x01\x02", (3 << 8) | 20, 20, flags, 8, _DOS_TIME, _DOS_DATE, crc,
                                   len(packed), len(data), len(encoded), 0, 0, 0, 0,
                                   (0o100000 | file.mode) << 16, offset)
        directory += encoded
    end = _END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    return bytes(body + directory + end)


def _zip_with_zipfile(entries: list[tuple[str, File]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for name, file in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.external_attr = (0o100000 | file.mode) << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, file.content)
    return buffer.getvalue()


def write_zip(tree: FileTree, path: Path, root: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_zip_bytes(tree, root))


def write_directory(tree: FileTree, path: Path, *, allow_existing: bool = False) -> None:
    """Write the tree under `path`, which must not exist yet or be empty (unless allow_existing)."""
    if path.exists() and not allow_existing and (not path.is_dir() or any(path.iterdir())):
        raise FileExistsError(f"{path} already exists and is not empty; choose a new directory")
    for rel in tree:
        file = tree[rel]
        target = path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content)
        os.chmod(target, file.mode)
