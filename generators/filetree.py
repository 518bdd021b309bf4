"""FileTree: the value every renderer returns — relative path -> file content and mode. No disk I/O here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

Ownership = Literal["managed", "scaffold"]


@dataclass(frozen=True)
class File:
    content: bytes
    mode: int = 0o644
    # managed: owned by the generator and safe to regenerate; scaffold: written once, then the user's
    ownership: Ownership = "managed"

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")


class FileTree(Mapping[str, File]):
    """An ordered-by-path, immutable-after-build mapping of POSIX relative paths to files."""

    def __init__(self, files: Mapping[str, File] | None = None) -> None:
        self._files: dict[str, File] = {}
        for path, file in (files or {}).items():
            self.add(path, file)

    def add(self, path: str, file: File | str | bytes, *, mode: int = 0o644,
            ownership: Ownership = "managed") -> None:
        if path.startswith("/") or ".." in path.split("/") or "\\" in path or not path:
            raise ValueError(f"unsafe path in file tree: {path!r}")
        if path in self._files:
            raise ValueError(f"two renderers wrote {path!r}")
        if isinstance(file, str):
            file = File(file.encode("utf-8"), mode, ownership)
        elif isinstance(file, bytes):
            file = File(file, mode, ownership)
        self._files[path] = file

    def merge(self, other: Mapping[str, File], prefix: str = "") -> None:
        for path, file in other.items():
            self.add(prefix + path, file)

    def __getitem__(self, path: str) -> File:
        return self._files[path]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._files))

    def __len__(self) -> int:
        return len(self._files)

    def text(self, path: str) -> str:
        return self._files[path].text
