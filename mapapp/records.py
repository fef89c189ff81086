"""Events as flat records, CSV text and RFC 7946 GeoJSON: what the CLI prints and the export writes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from .model import Event, Result

EVENT_FIELDS = [
    "place", "kind", "lat", "lon", "date_start", "date_end", "precision", "date_basis", "phase", "section",
    "sentence", "mention", "country", "geonames_id", "event_type", "actor1", "actor2",
]


def event_records(result: Result, include_others: bool = False) -> list[dict[str, Any]]:
    """The events of a result as records, in date order (document order within a date)."""
    events: list[Event] = list(result.events) + (list(result.others) if include_others else [])
    events.sort(key=lambda e: e.date_start.first_day())
    return [e.to_record() for e in events]


def records_csv(records: Iterable[dict[str, Any]], fields: list[str] = EVENT_FIELDS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def records_jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def records_geojson(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """RFC 7946 FeatureCollection: WGS84, [lon, lat] order, one Point feature per record."""
    features = []
    for record in records:
        properties = {k: v for k, v in record.items() if k not in {"lat", "lon"}}
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [record["lon"], record["lat"]]},
            "properties": properties,
        })
    return {"type": "FeatureCollection", "features": features}


def geojson_text(records: Iterable[dict[str, Any]]) -> str:
    return json.dumps(records_geojson(records), ensure_ascii=False, indent=1) + "\n"
