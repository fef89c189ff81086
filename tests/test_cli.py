"""The command line is a contract: names, fields, formats and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SEED
from mapapp.cli import main

REQUIRED_FIELDS = {"place", "kind", "lat", "lon", "date_start", "date_end", "precision", "phase", "section", "sentence"}


def run_cli(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_extract_jsonl_has_the_contract_fields(capsys):
    status, out, _ = run_cli(capsys, "extract", str(SEED), "--format", "jsonl")
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) >= 120
    assert all(REQUIRED_FIELDS <= row.keys() for row in rows)
    assert {r["precision"] for r in rows} <= {"day", "month", "year"}
    menaka = rows[0]
    assert (menaka["place"], menaka["date_start"], menaka["date_end"]) == ("Ménaka", "2012-01-16", "2012-01-17")


def test_extract_csv_and_geojson_agree_with_jsonl(capsys):
    _, jsonl, _ = run_cli(capsys, "extract", str(SEED))
    _, text_csv, _ = run_cli(capsys, "extract", str(SEED), "--format", "csv")
    _, text_geojson, _ = run_cli(capsys, "extract", str(SEED), "--format", "geojson")
    rows = [json.loads(line) for line in jsonl.splitlines()]
    table = list(csv.DictReader(io.StringIO(text_csv)))
    geo = json.loads(text_geojson)
    assert len(table) == len(rows) == len(geo["features"])
    assert geo["type"] == "FeatureCollection"
    first = geo["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [rows[0]["lon"], rows[0]["lat"]]}  # RFC 7946: lon, lat
    assert table[0]["place"] == rows[0]["place"]


def test_phases_prints_the_timeline(capsys):
    status, out, _ = run_cli(capsys, "phases", str(SEED))
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("Mali War: 8 phases")
    assert lines[1].startswith("1. 2012-01-16 – 2012-04  Tuareg rebellion (January–April 2012)")
    status, out, _ = run_cli(capsys, "phases", str(SEED), "--format", "json")
    assert [p["start"] for p in json.loads(out)] == ["2012-01-16", "2012-06", "2013-01", "2013-09", "2014", "2016",
                                                       "2018", "2021"]


def test_places_lists_resolved_and_unresolved(capsys):
    status, out, _ = run_cli(capsys, "places", str(SEED), "--format", "json")
    data = json.loads(out)
    resolved = {r["name"]: r for r in data["resolved"]}
    assert resolved["Gao"]["events"] >= 20 and resolved["Konna"]["kind"] == "town"
    assert "Insinane" in [u["name"] for u in data["unresolved"]]
    _, text, _ = run_cli(capsys, "places", str(SEED))
    assert "Unresolved (" in text and "Insinane" in text


@pytest.mark.parametrize(
    "make, problem",
    [
        (lambda d: d / "missing.md", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "bin.md").write_bytes(b"\x00\x01\x02binary") and d / "bin.md", "binary file"),
        (lambda d: (d / "y.md").write_text("---\ntitle: [x\n---\nbody") and d / "y.md", "malformed YAML"),
    ],
    ids=["missing", "directory", "binary", "bad-yaml"],
)
def test_bad_input_exits_2_with_one_line(tmp_path, make, problem):
    path = make(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "mapapp", "extract", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith(f"mapapp: error: {path}: ") and problem in lines[0]


def test_usage_errors_exit_2():
    proc = subprocess.run([sys.executable, "-m", "mapapp", "extract", str(SEED), "--format", "xml"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "invalid choice: 'xml'" in proc.stderr


def test_extract_imports_neither_folium_nor_streamlit():
    code = (
        "import sys, io, contextlib\n"
        "from mapapp.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main(['extract', {str(SEED)!r}])\n"
        "print(sorted(m for m in ('folium', 'streamlit', 'branca') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
