"""What the app's story panel, date span, Play and URL need, computed without Streamlit: the events as
short lines, the span of a view and Play's next window, uploads kept by content hash, and a link's view
checked against the document (with a one-line warning per wrong parameter)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .appdata import ALL, ALL_PLACES, ROOT, SEEDS_DIR, phase_key, phase_labels, view_places
from .model import Event, Result
from .towns import event_when, short_text, type_label, view_events
from .towns import view_span as towns_view_span

UPLOAD_PREFIX = "upload-"  # ?doc=upload-<hash>: an upload kept in the cache folder by its content hash

def upload_dir() -> Path:
    """Where the app keeps uploads by content hash: $MAPAPP_UPLOADS, else uploads/ in the cache folder
    ($MAPAPP_CACHE, else ~/.cache/mapapp, as the gazetteer and the geocoder)."""
    if os.environ.get("MAPAPP_UPLOADS"):
        return Path(os.environ["MAPAPP_UPLOADS"])
    return Path(os.environ.get("MAPAPP_CACHE", Path.home() / ".cache" / "mapapp")) / "uploads"


def save_upload(data: bytes, name: str, folder: Path | None = None) -> str:
    """Keep an upload under its content hash, so that its link (?doc=upload-<hash>) works after a reload;
    returns that key. A folder that cannot be written only costs the link: the app keeps the upload in
    the session all the same."""
    key = UPLOAD_PREFIX + hashlib.sha256(data).hexdigest()[:20]
    folder = folder or upload_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, content in ((".name", Path(name).name.encode("utf-8")), (".md", data)):
            target = folder / (key + suffix)
            if not target.exists():
                temp = folder / f".{key}{suffix}.{os.getpid()}.part"
                temp.write_bytes(content)
                os.replace(temp, target)
    except OSError:
        pass
    return key


def saved_upload(key: str, folder: Path | None = None) -> tuple[str, bytes] | None:
    """(file name, bytes) of an upload kept by save_upload, or None for a key it never saved."""
    if not re.fullmatch(UPLOAD_PREFIX + r"[0-9a-f]{20}", key or ""):
        return None
    folder = folder or upload_dir()
    try:
        name = (folder / (key + ".name")).read_text(encoding="utf-8").strip() or "upload.md"
        return name, (folder / (key + ".md")).read_bytes()
    except OSError:
        return None


def public_message(text: str, path: str | os.PathLike[str] | None) -> str:
    """A core message for the app's users: the server's folders taken out, the file named by its name."""
    if path:
        text = text.replace(str(path), Path(path).name)
    return text.replace(str(SEEDS_DIR) + os.sep, "").replace(str(ROOT) + os.sep, "")


def view_span(result: Result, view: str) -> tuple[dt.date, dt.date]:
    """First and last day a view covers (towns.view_span, which the exported pages read too)."""
    return towns_view_span(result, phase_key(view))


def outside_span(events: Sequence[Event], bounds: tuple[dt.date, dt.date]) -> int:
    """How many of these events (those shown) lie outside All phases' span (before or after the timeline)."""
    return sum(1 for e in events if not bounds[0] <= e.date_start.first_day() <= bounds[1])


MONTH = "month"
PLAY_UNITS: dict[str, int | str] = {"Phase by phase": 0, "Month by month": MONTH, "Week by week": 7}


def next_window(bounds: tuple[dt.date, dt.date], current: tuple[dt.date, dt.date] | None,
                days: int | str) -> tuple[dt.date, dt.date] | None:
    """The next window of a view for Play, starting after `current` (at the view's start when there is none
    or it ended the view): `days` days long, or with MONTH to the end of the calendar month it starts in (31
    January is January's); None once the window has reached the view's end."""
    start, end = bounds
    if current is None or current[1] >= end:
        first = start
    else:
        first = current[1] + dt.timedelta(days=1)
    if first > end:
        return None
    if days == MONTH:
        following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return first, min(end, following - dt.timedelta(days=1))
    return first, min(end, first + dt.timedelta(days=int(days) - 1))


@dataclass(frozen=True, slots=True)
class StoryLine:
    """One line of the story panel: the event's index in result.events and its text (plain)."""

    index: int
    text: str


def story_lines(result: Result, events: Sequence[Event], words: int = 10) -> list[StoryLine]:
    """The view's events in date order as short lines: 'date · town · type: first words…'."""
    positions = {id(e): i for i, e in enumerate(result.events)}
    lines = []
    for event in sorted(events, key=lambda e: (e.date_start.first_day(), positions[id(e)])):
        head = short_text(event.sentence, 400).split()
        text = " ".join(head[:words]) + ("…" if len(head) > words else "")
        lines.append(StoryLine(positions[id(event)], f"{event_when(event)} · {event.place.name} · "
                                                     f"{type_label(event.event_type)}: {text}"))
    return lines


@dataclass(frozen=True, slots=True)
class UrlView:
    """The view a link asks for, checked against the document: what is kept, and one warning per parameter
    that was wrong (naming it and what is shown instead)."""

    phase: str
    colour: str
    town: str
    search: str
    span: tuple[dt.date, dt.date] | None
    warnings: tuple[str, ...]
    event: int | None = None  # the story line picked: its event's index in result.events


def view_from_url(result: Result, params: dict[str, str], colourings: Sequence[str]) -> UrlView:
    """?phase=&colour=&town=&q=&from=&to= -> a valid view of this document, and a warning for each wrong
    value ('?phase=xyz is not a phase of Mali War: showing All phases')."""
    warnings = []
    title = result.document.title
    phase = params.get("phase") or ALL
    if phase not in phase_labels(result):
        warnings.append(f"?phase={phase} is not a phase of {title}: showing All phases.")
        phase = ALL
    colour = params.get("colour") or colourings[0]
    by_slug = {slug(c): c for c in colourings}
    if colour not in colourings:
        if colour in by_slug:
            colour = by_slug[colour]
        else:
            warnings.append(f"?colour={colour} is not a colouring (those are {', '.join(by_slug)}): "
                            f"colouring by {colourings[0]}.")
            colour = colourings[0]
    town = params.get("town") or ALL_PLACES
    if town != ALL_PLACES and town not in view_places(result, phase):
        # The article's own spelling (?town=Huliaipole for the gazetteer's Hulyaypole) names its town too.
        spelt = {e.place.name for e in view_events(result, phase_key(phase))
                 if e.mention.casefold() == town.casefold() or e.place.name.casefold() == town.casefold()}
        town = spelt.pop() if len(spelt) == 1 else town
    if town != ALL_PLACES and town not in view_places(result, phase):
        warnings.append(f"?town={town} has no event in this view: showing all places.")
        town = ALL_PLACES
    span = None
    if params.get("from") or params.get("to"):
        first, last = view_span(result, phase)
        try:
            start = dt.date.fromisoformat(params["from"]) if params.get("from") else first
            end = dt.date.fromisoformat(params["to"]) if params.get("to") else last
        except ValueError:
            warnings.append(f"?from={params.get('from', '')}&to={params.get('to', '')} is not a span of "
                            "dates as YYYY-MM-DD: showing the whole view.")
        else:
            start, end = max(start, first), min(end, last)
            if start > end:
                warnings.append(f"?from={params.get('from', '')}&to={params.get('to', '')} lies outside "
                                f"{first} – {last}: showing the whole view.")
            elif (start, end) != (first, last):
                span = (start, end)
    event = None
    if params.get("event"):
        wanted = params["event"]
        in_view = {id(e) for e in view_events(result, phase_key(phase), span=span)}
        if wanted.isdigit() and int(wanted) < len(result.events) and id(result.events[int(wanted)]) in in_view:
            event = int(wanted)
        else:
            warnings.append(f"?event={wanted} is not an event of this view: no event picked.")
    return UrlView(phase, colour, town, params.get("q", ""), span, tuple(warnings), event)


def slug(text: str) -> str:
    """'Who held the town' -> 'who-held-the-town', for URLs."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def view_query(doc: str, view: str, colour: str, default_colour: str, town: str, search: str,
               span: tuple[dt.date, dt.date] | None, event: int | None = None) -> dict[str, str]:
    """The URL's parameters for a view, the defaults left out: what view_from_url reads back. event: the
    picked story line's index in result.events, so that a shared link opens on it."""
    query = {"doc": doc, "phase": view}
    if colour != default_colour:
        query["colour"] = slug(colour)
    if town != ALL_PLACES:
        query["town"] = town
    if search:
        query["q"] = search
    if span is not None:
        query["from"], query["to"] = span[0].isoformat(), span[1].isoformat()
    if event is not None:
        query["event"] = str(event)
    return query
