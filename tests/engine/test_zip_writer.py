"""The zip writer writes archives that standard readers accept in full: zipfile (with CRC checks) and Info-ZIP's
`unzip -t`, with the tree's paths, bytes, modes and the fixed date; names outside ASCII are flagged UTF-8; the
zipfile-based path for very big trees holds the same files."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from generators.filetree import FileTree
from generators.renderers import RENDERERS, render
from generators.writer import _zip_with_zipfile, to_zip_bytes
from tests.engine.variants import build


def _read(archive: bytes) -> dict[str, tuple[bytes, int, tuple[int, ...]]]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        assert zipped.testzip() is None  # every entry's CRC checks out
        return {info.filename: (zipped.read(info), info.external_attr >> 16, info.date_time)
                for info in zipped.infolist()}


def _awkward_tree() -> FileTree:
    tree = FileTree()
    tree.add("README.md", "# h\u00e9llo\n")
    tree.add("scripts/deploy.sh", "#!/bin/sh\necho hi\n", mode=0o755)
    tree.add("docs/caf\u00e9.md", "x" * 10_000)  # compresses well
    tree.add("data/random.bin", bytes(range(256)) * 3)
    tree.add("empty.txt", "")
    return tree


@pytest.mark.parametrize(("iac", "language"), sorted(RENDERERS))
def test_a_generated_project_zips_and_reads_back_exactly(iac: str, language: str) -> None:
    tree = render(build("workflow", {}, iac=iac, language=language))
    entries = _read(to_zip_bytes(tree, root="shop"))
    assert list(entries) == [f"shop/{path}" for path in tree]
    for path in tree:
        content, mode, date = entries[f"shop/{path}"]
        assert content == tree[path].content
        assert mode == 0o100000 | tree[path].mode
        assert date == (1980, 1, 1, 0, 0, 0)


def test_modes_empty_files_binary_content_and_utf8_names(tmp_path: Path) -> None:
    tree = _awkward_tree()
    archive = to_zip_bytes(tree)
    entries = _read(archive)
    assert entries["scripts/deploy.sh"][1] == 0o100755
    assert entries["empty.txt"][0] == b""
    assert entries["data/random.bin"][0] == bytes(range(256)) * 3
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        assert zipped.getinfo("docs/caf\u00e9.md").flag_bits & 0x800
        assert not zipped.getinfo("README.md").flag_bits & 0x800
    assert len(archive) < 3_000  # deflated, not stored
    through_zipfile = _read(_zip_with_zipfile([(path, tree[path]) for path in tree]))
    assert {name: value[:2] for name, value in through_zipfile.items()} == {
        name: value[:2] for name, value in entries.items()}


@pytest.mark.skipif(shutil.which("unzip") is None, reason="Info-ZIP unzip is not installed")
def test_info_zip_unzip_accepts_the_archive_and_extracts_it(tmp_path: Path) -> None:
    archive = tmp_path / "project.zip"
    archive.write_bytes(to_zip_bytes(_awkward_tree(), root="shop"))
    tested = subprocess.run(["unzip", "-t", str(archive)], capture_output=True, text=True, timeout=60)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "No errors detected" in tested.stdout
    subprocess.run(["unzip", "-q", str(archive), "-d", str(tmp_path / "out")], check=True, timeout=60)
    script = tmp_path / "out" / "shop" / "scripts" / "deploy.sh"
    assert script.read_text() == "#!/bin/sh\necho hi\n"
    assert script.stat().st_mode & 0o777 == 0o755
