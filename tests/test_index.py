"""The layers' on-disk index: built once even when two processes start together, rebuilt when stale or
damaged, refused with one clear line when it cannot be written."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mapapp.errors import GazetteerError
from mapapp.gazetteer.index import IndexLayer, Row, ensure_index, read_meta, write_index

ROOT = Path(__file__).resolve().parent.parent
ROWS = [
    Row(170063, "Aleppo", 36.20124, 37.16117, "PPLA", "SY", "Aleppo", 2098210, ("Aleppo", "Halab", "Alep")),
    Row(9999001, "Al Jamīlīyah", 36.2075, 37.1452, "PPLX", "SY", "Aleppo", 0, ("Al Jamīlīyah", "Jamiliyah"),
        "Aleppo"),
    Row(172955, "Ar Raqqah", 35.95283, 39.00788, "PPLA", "SY", "Ar-Raqqah", 531952, ("Ar Raqqah", "Raqqa")),
    Row(170785, "Dayr Ḩāfir", 36.15694, 37.70778, "PPLA3", "SY", "Aleppo", 28905, ("Dayr Ḩāfir", "Deir Hafer")),
]


def test_an_index_answers_exact_variant_and_loose_lookups(tmp_path):
    path = tmp_path / "t.sqlite"
    assert write_index(path, ROWS, {"fingerprint": "1"}) == len(ROWS)
    layer = IndexLayer("t", path, "test rows")
    assert layer.count() == 4 and layer.knows("Halab") and layer.knows("Raqqa") and not layer.knows("Hama")
    (raqqa,) = layer.candidates("Raqqah", ["SY"])  # a variant of the stored "Raqqa" and "Ar Raqqah"
    assert raqqa.match == "variant" and raqqa.place.name == "Ar Raqqah" and raqqa.feature_code == "PPLA"
    (district,) = layer.candidates("Jamiliyah")
    assert district.place.kind == "district" and district.city == "Aleppo" and district.match == "exact"
    assert layer.candidates("Deir Hafar") == []
    assert [c.place.name for c in layer.loose_candidates("Deir Hafar", ["SY"])] == ["Dayr Ḩāfir"]
    assert layer.loose_candidates("Deir Hafar", ["UA"]) == []


BUILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from mapapp.gazetteer.index import IndexLayer, Row, ensure_index
    path, log = sys.argv[1], sys.argv[2]

    def rows():
        with open(log, "a") as f:
            f.write("built\\n")
        time.sleep(1.0)  # long enough for the other process to arrive while this one builds
        return [Row(i, f"Town {{i}}", 10.0, 10.0, "PPL", "ML", "", 0, (f"Town {{i}}",)) for i in range(500)]

    from pathlib import Path
    ensure_index(Path(path), "v1", rows, "test")
    print(IndexLayer("t", Path(path), "").count())
""")


def test_two_processes_starting_at_once_build_the_index_once(tmp_path):
    script = tmp_path / "build.py"
    script.write_text(BUILD.format(root=str(ROOT)), encoding="utf-8")
    path, log = tmp_path / "cache" / "t.sqlite", tmp_path / "builds.log"
    runs = [subprocess.Popen([sys.executable, str(script), str(path), str(log)], stdout=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=60)[0].strip() for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs == ["500", "500"]  # both read the whole index
    assert log.read_text().count("built") == 1
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]  # no temporary file left


def test_a_stale_or_damaged_index_is_rebuilt(tmp_path):
    path = tmp_path / "t.sqlite"
    calls = []

    def rows():
        calls.append(1)
        return ROWS

    ensure_index(path, "v1", rows, "test")
    ensure_index(path, "v1", rows, "test")
    assert len(calls) == 1
    ensure_index(path, "v2", rows, "test")  # the source changed
    assert len(calls) == 2 and read_meta(path)["fingerprint"] == "v2"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)  # damaged
    assert read_meta(path) is None
    ensure_index(path, "v2", rows, "test")
    assert len(calls) == 3 and IndexLayer("t", path, "").count() == len(ROWS)


def test_a_damaged_index_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "world.sqlite"
    path.write_bytes(b"not a database")
    with pytest.raises(GazetteerError) as err:
        IndexLayer("world", path, "")
    assert str(err.value).startswith("world.sqlite: not a readable gazetteer index")


def test_a_cache_path_that_is_a_file_is_one_clear_error(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a folder")
    with pytest.raises(GazetteerError, match="set MAPAPP_CACHE to a folder you can write to"):
        ensure_index(blocker / "gazetteer" / "t.sqlite", "v1", lambda: ROWS, "test")
