"""An atlas -> its files: events.csv, events.geojson, events.parquet, control.csv, report.md and the offline
index.html (mapapp.atlas_page). pyarrow enters mapapp here only.

Every file is the same bytes for the same articles, whatever ran the analysis.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .atlas import Atlas
from .atlas_page import build_atlas_page
from .atlas_report import report_markdown
from .errors import ExportError
from .export import write_files
from .records import ACLED_FIELDS, geojson_text, records_csv

# ACLED's columns as mapapp.records gives them, an id first, and where each event was read last.
ATLAS_FIELDS = ["event_id", *ACLED_FIELDS, "source_article", "sources"]
CONTROL_FIELDS = ["place", "controller", "change", "date_start", "date_end", "lat", "lon", "source_article",
                  "claims", "sentence"]
# Parquet column types; every other column is text.
_PARQUET_TYPES = {"event_id": pa.int64(), "time_precision": pa.int64(), "geo_precision": pa.int64(),
                  "latitude": pa.float64(), "longitude": pa.float64(), "geonames_id": pa.int64(),
                  "sources": pa.int64()}
_REPORT_FIELDS = ("article", "section", "phase", "event_date", "date_end", "date_basis", "actor1", "actor2", "notes")


def event_rows(atlas: Atlas) -> list[dict[str, Any]]:
    """One flat record per atlas event, in date order, numbered from 1 (ATLAS_FIELDS)."""
    return [{"event_id": number, **event.record} for number, event in enumerate(atlas.events, start=1)]


def geojson_rows(atlas: Atlas) -> list[dict[str, Any]]:
    """The event records, each with `reports`: every article's telling (article, section, phase, date, sentence)."""
    rows = []
    for row, event in zip(event_rows(atlas), atlas.events):
        reports = [{"article": r.article, **{k: r.record.get(k) for k in _REPORT_FIELDS[1:]}} for r in event.reports]
        rows.append({k: row.get(k) for k in ATLAS_FIELDS} | {"reports": reports})
    return rows


def control_rows(atlas: Atlas) -> list[dict[str, Any]]:
    """One record per control step: who held the town from that date on, and what each article claims."""
    rows = []
    for step in atlas.control:
        claims = "; ".join(f"{c.record['controller'] or 'not stated'} ({c.article}: {c.record['change']})"
                           for c in step.claims)
        rows.append({"place": step.place, "controller": step.controller, "change": step.change,
                     "date_start": step.date_start, "date_end": step.date_end, "lat": step.lat, "lon": step.lon,
                     "source_article": "; ".join(dict.fromkeys(c.article for c in step.claims)), "claims": claims,
                     "sentence": step.claims[0].record["sentence"]})
    return rows


def parquet_bytes(rows: Sequence[dict[str, Any]], fields: Sequence[str] = ATLAS_FIELDS) -> bytes:
    """The rows as one Parquet file: typed columns (_PARQUET_TYPES, else text), no pandas index, and the
    same bytes for the same rows."""
    schema = pa.schema([(name, _PARQUET_TYPES.get(name, pa.string())) for name in fields])
    columns = {}
    for field in schema:
        values = [row.get(field.name) for row in rows]
        if field.type == pa.string():
            values = [None if v is None else str(v) for v in values]
        columns[field.name] = pa.array(values, type=field.type)
    table = pa.table(columns, schema=schema)
    out = io.BytesIO()
    pq.write_table(table, out, compression="zstd")
    return out.getvalue()


def atlas_files(atlas: Atlas, skipped: Sequence[str] = (), title: str = "") -> dict[str, str | bytes]:
    """Everything an atlas writes, file name -> text (or bytes for Parquet), built in memory."""
    rows = event_rows(atlas)
    return {
        "index.html": build_atlas_page(atlas, title),
        "events.csv": records_csv(rows, ATLAS_FIELDS),
        "events.geojson": geojson_text(geojson_rows(atlas)),
        "events.parquet": parquet_bytes(rows),
        "control.csv": records_csv(control_rows(atlas), CONTROL_FIELDS),
        "report.md": report_markdown(atlas, skipped, title),
    }


def write_atlas(atlas: Atlas, out_dir: str | os.PathLike[str], skipped: Sequence[str] = (),
                title: str = "") -> list[Path]:
    """Write the atlas's files into out_dir; each file is written whole (a temporary name, then a rename)."""
    folder = Path(out_dir)
    files = atlas_files(atlas, skipped, title)
    binary = {name: data for name, data in files.items() if isinstance(data, bytes)}
    text = {name: data for name, data in files.items() if isinstance(data, str)}
    write_files(folder, text)  # creates the folder, or says why it cannot
    for name, data in binary.items():
        _write_bytes(folder, name, data)
    return [folder / name for name in files]


def _write_bytes(folder: Path, name: str, data: bytes) -> None:
    temp = folder / f".{name}.{secrets.token_hex(6)}.part"
    try:
        with open(temp, "xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, folder / name)
    except OSError as err:
        raise ExportError(f"Cannot write {name!r} in {str(folder)!r}: {err.strerror or err}. "
                          "Check that the folder is writable and has space, or pass another --out.") from err
    finally:
        temp.unlink(missing_ok=True)
