"""What the Streamlit app shows, computed without Streamlit: phase options, table rows, monthly counts,
the town a map click meant, and the download files. mapapp/app.py only lays these out."""

from __future__ import annotations

import bisect
import datetime as dt
import io
import json
import math
import re
import urllib.parse
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import maps
from .export import export_files, plan_pages, safe_slug
from .load import MAX_ARTICLE_MB
from .records import spreadsheet_safe
from .model import Event, Result, timeline_span
from .towns import Colouring, TownMarker, event_actors, event_when, type_label, view_events

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
DEFAULT_SEED = "mali_war.md"
ALL = "all"  # the 'All phases' view, as ?phase=all in the URL
ALL_PLACES = "All places"
MAX_UPLOAD_MB = MAX_ARTICLE_MB  # the core's limit; also server.maxUploadSize in .streamlit/config.toml
# The most phases and events the app shows. Every phase gets a page in the downloads, built in the server's
# memory with the events' CSV and GeoJSON: 5,360 town events took 275 MB at their peak, a 25 MB article of
# 69,680 events 1.9 GB (and 24 s of CPU), enough for one upload to take a shared server down; each phase is
# a page of up to 300 KB. The seeds have at most ten phases and 200 events; the command line reads larger
# articles.
MAX_PHASES = 200
MAX_EVENTS = 5_000
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def seed_names(folder: Path = SEEDS_DIR) -> list[str]:
    """The articles in seeds/ (any extension), the default first, then by name."""
    names = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    return sorted(names, key=lambda name: name != DEFAULT_SEED)


def seed_title(name: str, folder: Path = SEEDS_DIR) -> str:
    """The title an article's front matter gives, for the picker ('Battle of al-Qusayr (2013)'); the file's
    name when it has none or cannot be read (the app then says why when it is opened)."""
    from .load import load_document
    try:
        title = load_document(folder / name).title
    except Exception:  # noqa: BLE001 - the picker shows the name; opening the file gives the one-line error
        return name
    return " ".join(str(title or "").split()) or name


def md_escape(text: str) -> str:
    """Document text for Streamlit's Markdown: shown as written, never a link, image, formula or emoji."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def build_app_map(result: Result, colouring: Colouring, basemap=None):
    """The app's base map: maps.build_base_map, opened on the document's towns in whatever country
    (maps.opening_view) clear of the legend (maps.FitView, as the exported pages open). Phase layers come and
    go on it; the view is then the user's. Its files are fetched all at once (preload_script)."""
    folium_map = maps.build_base_map(result, colouring, basemap, legend=False)  # the layers bring it
    files = [url for _, url in (*folium_map.default_js, *folium_map.default_css)]
    folium_map.default_js = [("mapapp_preload", preload_script(files)), *folium_map.default_js]
    maps.AppFrame(f"Map of {result.document.title}: towns of the events, by phase",
                  "All N are in the table under the map.").add_to(folium_map)
    # Quarter zoom steps: at whole steps Mali beside the legend fits only at zoom 4, a third of the map's
    # width. The zoom buttons still move by whole steps.
    folium_map.options["zoomSnap"] = 0.25
    maps.FitView(*maps.opening_view(result)).add_to(folium_map)
    return folium_map


def preload_script(urls: Sequence[str]) -> str:
    """A script, as a data: URL, that asks the browser for all of these files at once.

    streamlit-folium loads a map's scripts one after the other, each asked for once the one before has run,
    and its stylesheets after them: four round trips to a server that is busy sending the page's own scripts
    (0.15-0.3 s). Listed first, this script has every file on its way at once; each script then comes from
    the browser's preload cache, still from this server and in its order."""
    code = (f"{json.dumps(list(urls))}.forEach(function (u) {{ var l = document.createElement('link'); "
            "l.rel = 'preload'; l.as = /\\.css$/.test(u) ? 'style' : 'script'; l.href = u; "
            "document.head.appendChild(l); });")
    return "data:text/javascript," + urllib.parse.quote(code)


def phase_labels(result: Result) -> dict[str, str]:
    """View key -> its label in the 'Phase' control: 'All phases' first, then '1. Title · start – end'."""
    labels = {ALL: "All phases"}
    for number, phase in enumerate(result.phases, start=1):
        labels[phase.key] = phase.numbered(number)
    return labels


def phase_from_url(result: Result, value: str | None) -> str:
    """?phase=<key> -> that view; anything the document does not have -> All phases."""
    return value if value in phase_labels(result) else ALL


def step_phase(keys: Sequence[str], current: str, offset: int) -> str:
    """The view `offset` steps from `current` (Previous: -1, Next: +1), stopping at either end."""
    index = keys.index(current) if current in keys else 0
    return keys[min(max(index + offset, 0), len(keys) - 1)]


def phase_key(view: str) -> str | None:
    """A view key -> the phase key of mapapp.towns and mapapp.maps (None for All phases)."""
    return None if view == ALL else view


@dataclass(frozen=True, slots=True)
class ViewSummary:
    """What the view under the map covers: dates (plain text), its events, towns and steps."""

    dates: str
    events: int
    towns: int
    steps: tuple[str, ...]


def view_summary(result: Result, view: str) -> ViewSummary:
    events = view_events(result, phase_key(view))
    towns = len({e.place.name for e in events})
    if view != ALL:
        phase = result.phase(view)
        return ViewSummary(phase.span, len(events), towns, phase.steps)
    dates = timeline_span(result.phases) or "no dated phases"
    return ViewSummary(dates, len(events), towns, ())


def view_places(result: Result, view: str) -> list[str]:
    return sorted({e.place.name for e in view_events(result, phase_key(view))})


# The table's "Dated by" column: where a date the sentence does not state comes from (≈ in popups).
DATED_BY = {"context": "≈ text before", "heading": "≈ heading"}


def event_rows(events: Sequence[Event], place: str = ALL_PLACES, search: str = "") -> list[dict[str, str]]:
    """The table under the map: one row per event (date, place, text, section, what dated it), filtered by
    town and by words (every word must appear in the text, place or section, in any case). The date stays
    plain ISO so that the column sorts by date."""
    rows = []
    for event in search_events(events, search):
        if place != ALL_PLACES and event.place.name != place:
            continue
        row = {"Date": event_when(event, mark_inferred=False), "Place": event.place.name,
               "Type": type_label(event.event_type), "Actors": event_actors(event),
               "Text": event.sentence, "Section": event.section,
               "Dated by": DATED_BY.get(event.date_basis, "the sentence")}
        # The table's own "Download as CSV" (Streamlit's toolbar) writes cells as they are: text that
        # begins like a formula gets its apostrophe here, as in every CSV mapapp writes.
        rows.append({key: spreadsheet_safe(value) for key, value in row.items()})
    return rows


def search_events(events: Sequence[Event], search: str = "") -> list[Event]:
    """The events whose text, place (as the gazetteer and the article spell it) or section hold every word
    of `search`, in any case: what the map, the story and the table show while a search is on."""
    words = search.casefold().split()
    if not words:
        return list(events)
    return [e for e in events
            if all(word in f"{e.sentence} {e.place.name} {e.mention} {e.section}".casefold() for word in words)]


CHART_DAYS_UPTO = 45  # a view this many days long or less is charted day by day
CHART_WEEKS_UPTO = 280  # and up to this, week by week (weeks from the view's first day, as Play steps); then by month


@dataclass(frozen=True, slots=True)
class MonthChart:
    """The events-over-time chart of a view: a Vega-Lite spec (bars per day, week or month of the view's
    dates, the view's events highlighted and the other phases' in grey), the unit ('day', 'week', 'month'),
    the bins' first and last days (a click on bar i narrows the view to bins[i]), and the events left out
    because their date is coarser than a bin: coarse (known only to the month or year) and year_only."""

    spec: dict[str, Any]
    year_only: int
    unit: str = "month"
    bins: tuple[tuple[dt.date, dt.date], ...] = ()
    coarse: int = 0

    @property
    def values(self) -> list[dict[str, Any]]:
        """The chart's rows (a bar's part each), in its one layer."""
        return self.spec["layer"][0]["data"]["values"]


def chart_bins(first: dt.date, last: dt.date) -> tuple[str, list[tuple[dt.date, dt.date]]]:
    """The unit for a span and its bins, first to last day: days for a battle of a few days, weeks from the
    span's first day for a few months, else calendar months (the first and last cut to the span)."""
    days = (last - first).days + 1
    if days <= CHART_DAYS_UPTO:
        return "day", [(first + dt.timedelta(n), first + dt.timedelta(n)) for n in range(days)]
    if days <= CHART_WEEKS_UPTO:
        return "week", [(first + dt.timedelta(n), min(last, first + dt.timedelta(n + 6))) for n in range(0, days, 7)]
    bins, start = [], first
    while start <= last:
        following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        bins.append((start, min(last, following - dt.timedelta(days=1))))
        start = following
    return "month", bins


def month_chart(result: Result, view: str, highlight: str = "#d62728", rest: str = "#c9c9c9",
                bounds: tuple[dt.date, dt.date] | None = None) -> MonthChart:
    """Events per day, week or month of the view's dates (bounds; by default its phase's, or the phases'
    for All phases), the view's events highlighted. A hand-written Vega-Lite spec: Streamlit's st.bar_chart
    builds it through Altair's schema validation, 40 ms a run."""
    from .appview import view_span  # appview builds on this module

    first, last = bounds or view_span(result, view)
    unit, bins = chart_bins(first, last)
    starts = [b[0] for b in bins]
    series = ("Events",) if view == ALL else ("This phase", "Other phases")
    counts: Counter[tuple[int, str]] = Counter()
    year_only = coarse = 0
    for event in result.events:
        date = event.date_start
        if date.last_day() < first or date.first_day() > last:
            continue  # outside the view's dates
        if date.month is None:
            year_only += 1
            continue
        if unit != "month" and date.day is None:
            coarse += 1
            continue
        day = max(date.first_day(), first)  # a month the view starts in the middle of: the first bar
        counts[bisect.bisect_right(starts, day) - 1, series[0] if view in (ALL, event.phase) else series[-1]] += 1
    # Stacked here, the view's events at the bottom: a bar spanning its days is a rect from y0 to y1 (a
    # Vega-Lite bar with x and x2 would lie on its side).
    values = []
    for i, (first_day, last_day) in enumerate(bins):
        base = 0
        for name in series:
            if counts[i, name]:
                values.append({"bin": i, "start": first_day.isoformat(),
                               "end": (last_day + dt.timedelta(1)).isoformat(), "series": name,
                               "events": counts[i, name], "y0": base, "y1": base + counts[i, name]})
                base += counts[i, name]
    per = {"day": "day", "week": "week", "month": "month"}[unit]
    layer = {
        "data": {"values": values},
        "mark": {"type": "rect", "tooltip": True, "cursor": "pointer"},
        "params": [{"name": "pick", "select": {"type": "point", "fields": ["bin"], "on": "click"}}],
        "encoding": {
            # A bar spans its bin, first day to the day after its last. utc: "2012-03-01" is UTC midnight; a
            # local day would slip back west of Greenwich.
            "x": {"field": "start", "type": "temporal", "title": None, "scale": {"type": "utc"},
                  "axis": {"format": "%Y-%m" if unit == "month" else "%d %b %Y", "labelOverlap": True}},
            "x2": {"field": "end"},
            # Square-root scale: one month of the Mali War has 60 events, most have a few, which a linear
            # axis would flatten to nothing.
            "y": {"field": "y1", "type": "quantitative", "title": "Events (√ scale)", "scale": {"type": "sqrt"}},
            "y2": {"field": "y0"},
            "color": {"field": "series", "type": "nominal", "title": None, "legend": {"orient": "top"},
                      "scale": {"domain": list(series), "range": [highlight, rest][: len(series)]}},
            "tooltip": [{"field": "start", "type": "temporal", "title": per.capitalize() + " from",
                         "timeUnit": "utcyearmonthdate", "format": "%d %b %Y"},
                        {"field": "series", "title": "Of"}, {"field": "events", "title": "Events"}],
        },
    }
    spec = {
        # Read by screen readers (Vega sets it as the chart's aria-label).
        "description": f"Events per {per}, {first.isoformat()} to {last.isoformat()}"
                       + ("" if view == ALL else ", this phase's in red") + ": click a bar to show its dates",
        # The rows in the one layer, not at the top: Streamlit moves top-level rows out of the spec and draws
        # the chart before it adds them, and Vega warns "Infinite extent" for every field of the empty chart.
        "layer": [layer],
    }
    return MonthChart(spec, year_only, unit, tuple(bins), coarse)


def clicked_town(markers: Sequence[TownMarker], lat: float | None, lng: float | None,
                 tooltip: str | None = None) -> str | None:
    """The town a click on the map meant: the one its tooltip names ('Gao: 12 events'), else the marker
    nearest to the point (Leaflet reports the pointer's position for large circles, not their centre)."""
    names = {m.name for m in markers}
    if tooltip:
        named = tooltip.rsplit(": ", 1)[0].strip()
        if named in names:
            return named
    if lat is None or lng is None or not markers:
        return None
    scale = math.cos(math.radians(lat))  # a degree of longitude is shorter away from the equator

    def distance(marker: TownMarker) -> float:
        return (marker.lat - lat) ** 2 + ((marker.lon - lng) * scale) ** 2

    return min(markers, key=distance).name


@dataclass(frozen=True, slots=True)
class Download:
    """A download button: its label, the export's file name, the MIME type; disabled where it would only
    repeat another button (the phase page of 'All phases' is the overview)."""

    label: str
    name: str
    mime: str
    disabled: bool = False


def downloads(result: Result, view: str) -> list[Download]:
    """The current view's page, the overview, the 'who held each town' page, events CSV and GeoJSON."""
    pages = [p for p in plan_pages(result) if p.step is None]
    current = next(p.name for p in pages if p.phase_key == phase_key(view) and p.colour_by == "phase")
    buttons = [Download("This phase", current, "text/html", disabled=view == ALL),
               Download("Overview", "index.html", "text/html")]
    buttons += [Download(p.label, p.name, "text/html") for p in pages
                if p.phase_key is None and p.colour_by != "phase"]
    buttons += [Download("Events CSV", "events.csv", "text/csv"),
                Download("Events GeoJSON", "events.geojson", "application/geo+json"),
                Download("All files (.zip)", zip_name(result), "application/zip")]
    return buttons


def zip_name(result: Result) -> str:
    """'mali-war-maps.zip': the download of every exported file at once."""
    return f"{safe_slug(result.document.title) or 'article'}-maps.zip"


def zip_files(files: dict[str, bytes], folder: str) -> bytes:
    """Every exported file in one zip, under `folder`/, so that a page's 'Pages' links find the others
    (a single downloaded page has no neighbours to link to). Dated 1980-01-01: the same files make the
    same bytes, and so the same download URL across reruns."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()


def download_files(result: Result) -> dict[str, bytes]:
    """Every file `python -m mapapp export` writes for this result, as the bytes it writes them with
    (UTF-8, newlines as they are: export.write_files opens with newline='\\n')."""
    return {name: text.encode("utf-8") for name, text in export_files(result).items()}


def size_problem(name: str, result: Result) -> str | None:
    """Why an article that was read is not shown, or None: more phases or events than the app draws."""
    for count, limit, what in ((len(result.phases), MAX_PHASES, "dated sections"),
                               (len(result.events), MAX_EVENTS, "dated town events")):
        if count > limit:
            return (f"{name!r} has {count:,} {what}; the app shows at most {limit:,}. "
                    "Use `python -m mapapp export` or `extract` for it.")
    return None


def upload_problem(name: str, size: int) -> str | None:
    """Why an upload is refused before it is read, or None."""
    if size > MAX_UPLOAD_MB * 1024 * 1024:
        return (f"{name!r} is {size / 1024 / 1024:.1f} MB; the app reads articles up to {MAX_UPLOAD_MB} MB. "
                "Use `python -m mapapp export` for larger files.")
    if size == 0:
        return f"{name!r} is empty: upload an article with YAML front matter and a Markdown body."
    return None


