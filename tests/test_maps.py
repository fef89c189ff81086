"""Maps and their towns: one marker per town per phase as one GeoJSON layer, escaped text, offline basemap."""

from __future__ import annotations

import dataclasses
from collections import Counter

import folium
import pytest

from conftest import ARTICLES, DATA, ROOT
from mapapp.maps import (
    Basemap, FitView, MapBox, PageLink, PhaseSwitch, add_page_links, build_base_map, build_overview_map,
    build_phase_layer, build_phase_map, focus_bounds, opening_view, use_local_assets,
)
from mapapp.towns import Colouring, esc, event_when, marker_radius, phase_colouring, short_text
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
    return {f["properties"]["town"]: f["properties"]["events"] for f in features_of(layer)}


def feature_of(layer: folium.FeatureGroup, town: str) -> dict:
    return next(f for f in features_of(layer) if f["properties"]["town"] == town)


def test_each_phase_has_one_marker_per_town_sized_by_its_events(seed_result):
    for phase in seed_result.phases:
        layer = build_phase_layer(seed_result, phase.key)
        assert drawn(layer) == town_counts(seed_result.events_in(phase.key)), phase.key
        for feature in features_of(layer):
            assert feature["properties"]["style"]["radius"] == marker_radius(feature["properties"]["events"])


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


def test_a_step_map_shows_only_the_events_of_that_step(seed_result):
    phase = seed_result.phases[2]
    step = "Battle of Konna and French intervention"
    expected = town_counts(e for e in seed_result.events_in(phase.key) if e.section == step)
    folium_map = build_phase_map(seed_result, phase.key, step)
    (layer,) = elements(folium_map, folium.FeatureGroup)
    assert drawn(layer) == expected
    (title,) = [box for box in elements(folium_map, MapBox) if box.class_name == "mapapp-title"]
    assert "Phase 3 of 8: Foreign intervention (January 2013)" in title.html
    assert f"Step 2 of 8: {step}" in title.html
    assert "2013-01 – 2013-06-18" in title.html


def test_popup_lists_the_towns_events_in_date_order_with_section(seed_result):
    phase = seed_result.phases[2]
    gao = feature_of(build_phase_layer(seed_result, phase.key), "Gao")
    events = [e for e in seed_result.events_in(phase.key) if e.place.name == "Gao"]
    popup = gao["properties"]["popup"]
    dates = [e.date_start.iso() for e in sorted(events, key=lambda e: e.date_start.first_day())]
    positions = [popup.index(f'<span class="mapapp-when">{"≈ " if e.date_basis in ("context", "heading") else ""}{d}')
                 for e, d in zip(sorted(events, key=lambda e: e.date_start.first_day()), dates)]
    assert positions == sorted(positions)
    assert popup.count("<li>") == len(events)
    assert "(Battle of Konna and French intervention)" in popup
    assert f"{len(events)} events" in gao["properties"]["tooltip"]


def test_document_text_is_escaped_in_popups_tooltips_titles_and_legend(xss_result):
    folium_map = build_overview_map(xss_result)
    texts = []
    for layer in elements(folium_map, folium.FeatureGroup):
        for feature in features_of(layer):
            properties = feature["properties"]
            texts += [properties["popup"], properties["tooltip"], properties["town"]]
    texts += [box.html for box in elements(folium_map, MapBox)]
    (switch,) = elements(folium_map, PhaseSwitch)
    texts += [view["label"] for view in switch.views] + [view["subtitle"] for view in switch.views]
    joined = "\n".join(texts)
    for raw in ("<script", "<img", "<b>bold", "<a href", 'onerror="', "{{", "{#"):
        assert raw not in joined
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in joined  # the loader drops Markdown's __
    assert "&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;" in joined
    assert "&#123;&#123; 7*7 &#125;&#125;" in joined
    assert folium_map.get_root().title.startswith("Gao &lt;script&gt;")


def test_braces_in_a_document_are_not_evaluated_as_templates(xss_result):
    # branca compiles rendered scripts again as Jinja templates: '{{ 7*7 }}' must stay text, not become 49.
    page = build_overview_map(xss_result).get_root().render()
    # In the page's JSON, folium writes '&' as \u0026.
    assert "chanted &#123;&#123; 7*7 &#125;&#125; and &#123;# not a comment".replace("&", "\\u0026") in page
    assert "chanted 49" not in page


def test_the_overview_switches_between_all_phases_and_each_phase(seed_result):
    folium_map = build_overview_map(seed_result)
    (switch,) = elements(folium_map, PhaseSwitch)
    assert [v["key"] for v in switch.views] == ["", *(p.key for p in seed_result.phases)]
    assert [v["layer"].show for v in switch.views] == [True] + [False] * len(seed_result.phases)
    for view, key in zip(switch.views, [None, *(p.key for p in seed_result.phases)]):
        assert drawn(view["layer"]) == town_counts(seed_result.events_in(key))
    # The switch's script names the layers it switches, so they must come before it on the map.
    children = list(folium_map._children.values())
    assert all(children.index(v["layer"]) < children.index(switch) for v in switch.views)


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


def test_default_colours_follow_phase_order_from_one_palette(seed_result):
    colouring = phase_colouring(seed_result)
    assert [c[0] for c in colouring.categories if c[0]] == [p.key for p in seed_result.phases]
    assert len({c[2] for c in colouring.categories if c[0]}) == len(seed_result.phases)
    for phase, (_, _, colour) in zip(seed_result.phases, colouring.categories):
        layer = build_phase_layer(seed_result, phase.key)
        styles = {f["properties"]["style"]["fillColor"] for f in features_of(layer)}
        assert styles == {colour}


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "#12345g", "url(javascript:x)", ""],
                         ids=["name", "short", "long", "not-hex", "css-injection", "empty"])
def test_colouring_rejects_anything_but_hex_colours(colour):
    with pytest.raises(ValueError, match="#rrggbb"):
        Colouring("Phase", lambda events: "a", (("a", "A", colour),))


def test_maps_link_no_cdn_and_draw_an_offline_basemap(seed_result):
    folium_map = build_phase_map(seed_result, seed_result.phases[0].key)
    urls = [url for _, url in folium_map.default_js + folium_map.default_css]
    assert urls and all(url.startswith("/app/static/") for url in urls)
    assert not [c for c in folium_map._children.values() if isinstance(c, folium.TileLayer)]
    assert len(elements(folium_map, Basemap)) == 1
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
    (switch,) = elements(folium_map, PhaseSwitch)
    assert len(switch.views) == 1 and features_of(switch.views[0]["layer"]) == []
    assert switch.views[0]["bounds"] is None
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



def test_the_busiest_towns_are_named_on_the_map(seed_result):
    from mapapp.towns import LABELLED_TOWNS, phase_colouring, town_features, town_markers, view_events

    markers = town_markers(view_events(seed_result, None), phase_colouring(seed_result))
    features = town_features(markers)["features"]
    labelled = [f["properties"]["label"] for f in features if f["properties"]["label"]]
    assert len(labelled) == LABELLED_TOWNS < len(features)
    assert {"Gao", "Kidal", "Timbuktu", "Konna"} <= set(labelled)


def test_a_date_the_sentence_does_not_give_is_marked_in_the_popup(seed_result):
    # "Kidal, Gao and Timbuktu were overrun ... on three consecutive days": no date of its own, so the
    # popup must not present the coup's date (from the sentence before) as if the sentence said it.
    lead = [e for e in seed_result.events if e.place.name == "Kidal" and "three consecutive days" in e.sentence]
    assert lead and lead[0].date_basis == "context"
    explicit = [e for e in seed_result.events if e.date_basis == "explicit"]
    assert event_when(lead[0]).startswith("≈ ") and not event_when(explicit[0]).startswith("≈")
    phase = next(p for p in seed_result.phases if p.contains(lead[0].date_start))
    popup = feature_of(build_phase_layer(seed_result, phase.key), "Kidal")["properties"]["popup"]
    assert f'<span class="mapapp-when">≈ {lead[0].date_start.iso()}</span>' in popup
    assert "gives no date of its own" in popup


def test_the_app_opens_on_a_short_articles_towns_and_on_the_country_for_a_war(seed_result, gazetteer):
    from mapapp import appdata

    # The Mali War's towns spread over the whole country: it opens on Mali, as before.
    assert opening_view(seed_result) == (focus_bounds(), 6)
    # The coup happened in Bamako and Kati (one meeting in Accra): at the scale of Mali they are one dot.
    coup = run(ROOT / "seeds" / "2021_malian_coup_detat.md", gazetteer)
    (south, west), (north, east) = opening_view(coup)[0]
    assert {"Bamako", "Kati"} <= {e.place.name for e in coup.events}
    for town in ("Bamako", "Kati"):
        place = next(e.place for e in coup.events if e.place.name == town)
        assert south <= place.lat <= north and west <= place.lon <= east
    assert north - south < 1 and east - west < 1
    (fit,) = [f for f in elements(appdata.build_app_map(coup, phase_colouring(coup)), FitView)]
    assert fit.bounds == opening_view(coup)[0] and fit.max_zoom == 6
    # An article with no dated town opens on the country.
    empty = run(ROOT / "seeds" / "battle_of_boulikessi.md", gazetteer)
    assert opening_view(empty)[0] == focus_bounds()
