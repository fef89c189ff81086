"""Events as flat records, CSV text and RFC 7946 GeoJSON: what the CLI prints and the export writes."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from .cues import NEAR_BEFORE
from .model import Event, Result

EVENT_FIELDS = [
    "place", "kind", "lat", "lon", "date_start", "date_end", "precision", "date_basis", "phase", "section",
    "sentence", "mention", "country", "geonames_id", "event_type", "actor1", "actor2", "gazetteer_name",
]


def event_records(result: Result, include_others: bool = False) -> list[dict[str, Any]]:
    """The events of a result as records, in date order (document order within a date)."""
    return list(iter_event_records(result, include_others))


def iter_event_records(result: Result, include_others: bool = False) -> Iterator[dict[str, Any]]:
    """event_records one at a time: a 25 MB article has 650,000 events, and their records as dicts would
    take more memory than the article's whole analysis."""
    events: list[Event] = list(result.events) + (list(result.others) if include_others else [])
    events.sort(key=lambda e: e.date_start.first_day())
    return (e.to_record() for e in events)


# ACLED's column names, so that analysts can put these events beside ACLED data; mapapp's own extras last.
ACLED_FIELDS = [
    "event_date", "time_precision", "event_type", "actor1", "actor2", "location", "latitude", "longitude",
    "geo_precision", "notes", "phase", "section", "date_end", "date_basis", "country", "geonames_id",
    "gazetteer_name",
]
_NEAR = re.compile(NEAR_BEFORE)  # "near the town of Léré": the event is near the town, not at it


def acled_records(result: Result) -> list[dict[str, Any]]:
    """Events in ACLED's shape, in date order.

    time_precision: 1 = the day is known, 2 = a range of days, 3 = only the month or the year.
    geo_precision: 1 = at the town, 2 = near it ("near the town of Léré").
    event_date: ISO at the known precision ("2012-06" when only the month is known), never a made-up day.
    """
    return list(iter_acled_records(result))


def iter_acled_records(result: Result) -> Iterator[dict[str, Any]]:
    """acled_records one at a time: the export writes them straight into its files (76,000 records as dicts
    took more memory than the article's analysis)."""
    for event in sorted(result.events, key=lambda e: e.date_start.first_day()):
        if event.date_start.precision != "day":
            time_precision = 3
        else:
            time_precision = 2 if event.date_end else 1
        position = event.sentence.find(event.mention)
        near = position > 0 and _NEAR.search(event.sentence, max(0, position - 40), position)
        yield {
            "event_date": event.date_start.iso(), "time_precision": time_precision,
            "event_type": event.event_type, "actor1": event.actor1, "actor2": event.actor2,
            "location": event.place.name, "latitude": event.place.lat, "longitude": event.place.lon,
            "geo_precision": 2 if near else 1, "notes": event.sentence, "phase": event.phase,
            "section": event.section, "date_end": event.date_end.iso() if event.date_end else None,
            "date_basis": event.date_basis, "country": event.place.country,
            "geonames_id": event.place.geonames_id or None,
            "gazetteer_name": event.place.gazetteer_name or event.place.name,
        }


# A spreadsheet reads a cell that begins with one of these as a formula (=HYPERLINK(…), +cmd|…, @SUM(…)):
# OWASP's list for CSV injection. Text is what the article says, so it must never run.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: text that begins like a formula gets a leading apostrophe, as
    OWASP recommends (spreadsheets show it as text and hide the apostrophe). Numbers, and text that is
    only a number ('-0.5'), are left as they are: a sign before digits is no formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def records_csv(records: Iterable[dict[str, Any]], fields: list[str] = EVENT_FIELDS) -> str:
    """Records as CSV text, every cell spreadsheet_safe: the one CSV writer of the project (extract,
    control, export's events.csv and the app's download)."""
    out = io.StringIO()
    write_csv(records, out, fields)
    return out.getvalue()


def write_csv(records: Iterable[dict[str, Any]], out: TextIO, fields: list[str] = EVENT_FIELDS) -> None:
    """records_csv, written to `out` one record at a time."""
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: spreadsheet_safe(value) for key, value in record.items()})


def records_jsonl(records: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    write_jsonl(records, out)
    return out.getvalue()


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _feature(record: dict[str, Any]) -> dict[str, Any]:
    lat_key, lon_key = ("lat", "lon") if "lat" in record else ("latitude", "longitude")
    properties = {k: v for k, v in record.items() if k not in {lat_key, lon_key}}
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [record[lon_key], record[lat_key]]},
        "properties": properties,
    }


def records_geojson(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """RFC 7946 FeatureCollection: WGS84, [lon, lat] order, one Point feature per record.

    Coordinates come from lat/lon (extract records) or latitude/longitude (ACLED records); every other
    field is a property."""
    return {"type": "FeatureCollection", "features": [_feature(record) for record in records]}


def geojson_text(records: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    write_geojson(records, out)
    return out.getvalue()


def write_geojson(records: Iterable[dict[str, Any]], out: TextIO) -> None:
    """records_geojson as json.dumps(…, ensure_ascii=False, indent=1) writes it, plus a newline, written
    one feature at a time: each feature sits two levels deep, so its own lines are indented by two more."""
    out.write('{\n "type": "FeatureCollection",\n "features": [')
    separator = "\n  "
    for record in records:
        feature = json.dumps(_feature(record), ensure_ascii=False, indent=1)
        out.write(separator + feature.replace("\n", "\n  "))
        separator = ",\n  "
    out.write("]\n}\n" if separator == "\n  " else "\n ]\n}\n")
