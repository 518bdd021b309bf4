"""The only code that writes a FileTree to disk: a directory or a deterministic zip."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from generators.filetree import FileTree

# A fixed timestamp keeps zips byte-identical for the same design (zip cannot store dates before 1980).
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def to_zip_bytes(tree: FileTree, root: str = "") -> bytes:
    """Zip the tree; entries sorted by path, fixed timestamps and modes, so the bytes depend only on the tree."""
    buffer = io.BytesIO()
    prefix = f"{root.strip('/')}/" if root else ""
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in tree:
            file = tree[path]
            info = zipfile.ZipInfo(prefix + path, date_time=_ZIP_DATE)
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
