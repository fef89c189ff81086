"""The export builds and writes one file at a time (issue #14: a 25 MB article's export took 1.9 GB, every
file built in memory before the first was written): each file is on disk, and its text let go, before the
next is made; a failure while making a file leaves nothing; the bytes are those of the whole-text export."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref

import pytest

from conftest import ROOT
from mapapp import export as export_module
from mapapp.bench import longer_article
from mapapp.export import MANIFEST, export_files, export_maps, write_files
from mapapp.load import MAX_ARTICLE_MB


class Text(str):
    """A file's text that can be watched (a weak reference says when nothing holds it any more)."""


def test_each_file_is_written_and_released_before_the_next_is_made(tmp_path):
    held: list[weakref.ref] = []
    seen_on_disk: list[list[str]] = []

    def made():
        for number in range(4):
            gc.collect()
            # every file made before is in its temporary file, and no one holds its text
            seen_on_disk.append(sorted(p.name for p in tmp_path.iterdir()))
            assert all(ref() is None for ref in held), f"file {len(held)} still held while file {number} is made"
            text = Text(f"page {number}\n" * 1000)
            held.append(weakref.ref(text))
            yield f"page-{number}.html", text
            del text

    write_files(tmp_path, made())
    assert seen_on_disk[1] == [".page-0.html.mapapp-part"]
    assert seen_on_disk[3] == [f".page-{n}.html.mapapp-part" for n in range(3)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, *(f"page-{n}.html" for n in range(4))]
    assert (tmp_path / "page-2.html").read_text(encoding="utf-8") == "page 2\n" * 1000


def test_a_file_that_fails_to_be_made_leaves_the_folder_as_it_was(tmp_path):
    def made():
        yield "index.html", "new overview"
        yield "events.csv", lambda out: out.write("a,b\n")
        raise RuntimeError("bug while rendering the third page")

    out = tmp_path / "new"
    with pytest.raises(RuntimeError, match="third page"):
        write_files(out, made())
    assert not out.exists()  # the folder this export made is gone, with its temporary files

    (tmp_path / "index.html").write_text("the previous export")
    with pytest.raises(RuntimeError, match="third page"):
        write_files(tmp_path, made())
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]  # no temporary file left, the page untouched
    assert (tmp_path / "index.html").read_text() == "the previous export"


def test_a_writer_that_fails_mid_file_leaves_no_temporary_file(tmp_path):
    def half(out):
        out.write("event_date,notes\n")
        raise OSError(28, "No space left on device")

    with pytest.raises(export_module.ExportError, match="No space left on device"):
        write_files(tmp_path, [("index.html", "page"), ("events.csv", half)])
    assert list(tmp_path.iterdir()) == []


def test_the_written_files_are_the_whole_texts_byte_for_byte(seed_result, tmp_path):
    written = export_maps(seed_result, tmp_path)
    whole = export_files(seed_result)
    assert [p.name for p in written] == list(whole)
    for path in written:
        assert path.read_bytes() == whole[path.name].encode("utf-8"), path.name


def test_an_export_at_the_size_limit_stays_under_500_mb(tmp_path):
    """The command line's export of a 25 MB article (the seed's body repeated), in a child that reports its
    own peak (heavy.peak_memory_kb: VmHWM, not ru_maxrss, which carries its parent's peak over)."""
    path = tmp_path / "long.md"
    path.write_bytes(longer_article(540)[: MAX_ARTICLE_MB * 1024 * 1024])
    out = tmp_path / "maps"
    code = (
        "import os, sys\n"
        "from mapapp.heavy import peak_memory_kb\n"
        "from mapapp.cli import main\n"
        "sys.stdout = open(os.devnull, 'w')\n"
        f"status = main(['export', {str(path)!r}, '--out', {str(out)!r}])\n"
        "print(status, peak_memory_kb(), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-2000:]
    status, peak_kb = proc.stderr.splitlines()[-1].split()
    assert status == "0"
    pages = sorted(out.glob("*.html"))
    assert len(pages) > 10 and all(p.read_text(encoding="utf-8").rstrip().endswith("</html>") for p in pages[:3])
    assert (out / "events.geojson").stat().st_size > 10_000_000
    assert int(peak_kb) < 500 * 1024, f"{int(peak_kb) // 1024} MB"  # was: 1.9 GB
