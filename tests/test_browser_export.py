"""Exported pages in a real headless Chromium, network cut: markers drawn, popups, phase switch, no XSS.

Debian's chromium driven by Playwright (never `playwright install`). Every request that is not file:, data:
or 127.0.0.1 is blocked and counted; any console error, page error or blocked request fails the test.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import ARTICLES, DATA
from mapchecks import markers_under_legend, name_overlaps, serious_violations
from mapapp.export import build_pages, export_maps, plan_pages
from mapapp.towns import view_events
from mapapp.pipeline import run

pytestmark = pytest.mark.browser

MARKERS = ".leaflet-overlay-pane path.leaflet-interactive"
ALLOWED = ("file://", "data:", "http://127.0.0.1", "about:blank")


class Watch:
    """What a page did that it must not: console errors, uncaught errors, requests to the outside.

    expected: URL prefixes a test asks for on purpose; their blocked requests and load errors are not faults.
    """

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.expected: tuple[str, ...] = ()

    def on_request(self, url: str) -> None:
        if not url.startswith(self.expected):
            self.blocked.append(url)

    def on_console(self, message) -> None:
        if message.type == "error" and not message.location.get("url", "").startswith(self.expected):
            self.errors.append(message.text)

    def check(self) -> None:
        assert self.errors == [], self.errors
        assert self.blocked == [], self.blocked


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    watch = Watch()

    def route(route):
        if route.request.url.startswith(ALLOWED):
            route.continue_()
        else:
            watch.on_request(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", watch.on_console)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.watch = watch
    yield page
    context.close()
    watch.check()


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory, gazetteer):
    result = run(DATA.parent.parent / "seeds" / "mali_war.md", gazetteer)
    out = tmp_path_factory.mktemp("seed-site")
    export_maps(result, out)
    return result, out


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory, gazetteer):
    result = run(DATA / "xss_article.md", gazetteer)
    out = tmp_path_factory.mktemp("xss-site")
    return result, out, export_maps(result, out)


def open_page(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_selector(".folium-map[data-fitted]")  # mapapp.fit has placed the view: markers stay put


def towns(result, phase_key, step=None) -> int:
    return len({e.place.name for e in view_events(result, phase_key, step)})


def test_every_exported_page_draws_its_towns_and_opens_a_popup(page, seed_site):
    result, out = seed_site
    for planned in plan_pages(result):
        open_page(page, out / planned.name)
        expected = towns(result, planned.phase_key, planned.step)
        markers = page.locator(MARKERS)
        assert markers.count() == expected > 0, planned.name
        title = page.locator(".mapapp-title").inner_text()
        assert result.document.title in title
        if planned.phase_key is not None:
            assert result.phase(planned.phase_key).title in title
        assert page.locator(".mapapp-legend").is_visible()
        credit = page.locator(".leaflet-control-attribution").inner_text()
        assert "Natural Earth" in credit and "GeoNames" in credit and "Who's On First" in credit
        # The basemap is drawn from the page itself: outlines and names, no tiles.
        assert page.locator(".leaflet-mapapp-basemap-pane path").count() > 20
        assert page.locator(".leaflet-tile").count() == 0
        # The last marker is the smallest, drawn on top: click it and read its popup.
        markers.last.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        town = popup.locator("h3").inner_text()
        assert town in {e.place.name for e in view_events(result, planned.phase_key, planned.step)}
        assert " event" in text and popup.locator("li").count() >= 1
        page.keyboard.press("Escape")
    page.watch.check()


def test_the_overview_switches_phase_in_the_page(page, seed_site):
    result, out = seed_site
    open_page(page, out / "index.html")
    select = page.get_by_role("combobox", name="Phase")  # the <select> is labelled for screen readers too
    counts = [page.locator(MARKERS).count()]
    assert counts[0] == towns(result, None)
    for number, phase in enumerate(result.phases, start=1):
        select.select_option(index=number)
        page.wait_for_function(
            f"document.querySelectorAll({MARKERS!r}).length === {towns(result, phase.key)}")
        counts.append(page.locator(MARKERS).count())
        assert phase.title in page.locator(".mapapp-subtitle").inner_text()
        assert page.url.endswith("#" + phase.key)
    assert len(set(counts)) > 1, counts
    # Prev and Next work from the keyboard; Next is disabled on the last phase.
    assert page.get_by_role("button", name="Next phase").is_disabled()
    page.get_by_role("button", name="Previous phase").focus()
    page.keyboard.press("Enter")
    assert select.input_value() == str(len(result.phases) - 1)
    page.wait_for_function(
        f"document.querySelectorAll({MARKERS!r}).length === {towns(result, result.phases[-2].key)}")
    page.watch.check()


def test_a_phase_named_in_the_url_opens_on_that_phase(page, seed_site):
    result, out = seed_site
    phase = result.phases[1]
    page.goto((out / "index.html").as_uri() + "#" + phase.key)
    page.wait_for_selector(".mapapp-story")
    assert page.locator(MARKERS).count() == towns(result, phase.key)
    assert page.get_by_role("combobox", name="Phase").input_value() == "2"
    page.watch.check()


def test_markup_in_a_document_is_shown_and_never_runs(page, xss_site):
    result, out, written = xss_site
    pages = [p for p in written if p.suffix == ".html"]
    assert len(pages) == 5  # overview, control overview, two phases and a step
    for path in pages:
        open_page(page, path)
        assert page.evaluate("typeof window.__pwned === 'undefined' && typeof window.pwned === 'undefined'")
        assert page.locator("img[src='x']").count() == 0
        assert page.locator("a[href^='javascript']").count() == 0
        assert "Gao <script>window.__pwned=1</script> crisis" in page.locator(".mapapp-title").inner_text()
        assert page.title().startswith("Gao <script>window.__pwned=1</script> crisis")
    open_page(page, out / "index.html")
    options = page.get_by_role("combobox", name="Phase").inner_text()
    assert "Rebel advance <script>window.__pwned=1</script>" in options
    assert 'Fall of Gao <img src=x onerror="window.__pwned=1">' in page.locator(".mapapp-pages").text_content()  # folded: in the page, not shown
    gao = page.locator(MARKERS).first  # Gao has the most events, so it is drawn first
    gao.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert popup.locator("h3").inner_text() == "Gao"
    assert "rebels <script>window.__pwned=1</script> entered Gao" in text
    assert "chanted {{ 7*7 }} and {# not a comment #}" in text
    assert 'the flag <a href="javascript:window.__pwned=1">here</a>' in text
    assert page.evaluate("typeof window.__pwned === 'undefined' && typeof window.pwned === 'undefined'")
    page.watch.check()


def test_openstreetmap_tiles_load_only_when_the_user_turns_them_on(page, seed_site):
    result, out = seed_site
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_page(page, out / "phase-01-tuareg-rebellion-january-april-2012.html")
    assert [url for url in requested if not url.startswith("file:")] == []  # offline by default
    page.watch.expected = ("https://tile.openstreetmap.org/",)  # asked for below; the network is cut
    page.locator(".leaflet-control-layers").hover()
    page.get_by_label("OpenStreetMap (online only)").check()
    page.wait_for_function("document.querySelectorAll('.leaflet-tile').length > 0")
    outside = [url for url in requested if not url.startswith("file:")]
    assert outside and all(url.startswith("https://tile.openstreetmap.org/") for url in outside)
    # The outlines stop hiding the tiles while they are on.
    path = ".leaflet-mapapp-basemap-pane path"
    assert page.evaluate(f"getComputedStyle(document.querySelector({path!r})).fillOpacity") == "0"


def test_stepping_through_the_events_flies_to_each_town_and_opens_it(page, seed_site):
    result, out = seed_site
    phase = result.phases[2]
    open_page(page, out / "index.html")
    page.get_by_role("combobox", name="Phase").select_option(index=3)
    page.wait_for_function(f"document.querySelectorAll({MARKERS!r}).length === {towns(result, phase.key)}")
    lines = page.locator(".mapapp-story-list button")
    assert lines.count() == len(result.events_in(phase.key))
    seen = []
    centres = set()
    for _ in range(3):
        page.get_by_role("button", name="Next event ›").click()
        popup = page.locator(".leaflet-popup-content h3").last  # the one before fades out for 200 ms
        popup.wait_for()
        seen.append((popup.inner_text(), page.evaluate("document.querySelector('.folium-map').dataset.event")))
        centres.add(page.evaluate("(() => { for (const k in window) if (k.startsWith('map_') && window[k]"
                                  " && window[k].getCenter) return window[k].getCenter().toString(); })()"))
        assert page.locator(".mapapp-story-list button[aria-current]").count() == 1
    events = sorted(result.events_in(phase.key), key=lambda e: e.date_start.first_day())
    assert [town for town, _ in seen] == [e.place.name for e in events[:3]]
    assert len({event for _, event in seen}) == 3
    assert len(centres) == len({town for town, _ in seen})  # the map moved to each town
    # A click on a line flies there too; keyboard: the lines are buttons, Enter works.
    lines.nth(10).focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.locator(".leaflet-popup-content h3").last.inner_text() == events[10].place.name
    page.watch.check()


def test_the_date_span_narrows_the_towns_and_the_story(page, seed_site):
    result, out = seed_site
    open_page(page, out / "index.html")
    page.get_by_role("combobox", name="Phase").select_option(index=3)
    to = page.get_by_label("To", exact=True)
    # One month of the phase: set the range input's value as a user dragging it would.
    page.evaluate("""() => { const input = document.querySelector('.mapapp-span input[id$=_to]');
        input.value = String(Number(input.min) + 30); input.dispatchEvent(new Event('input')); }""")
    start = result.phases[2].start.first_day()
    import datetime as dt
    inside = [e for e in result.events_in(result.phases[2].key)
              if e.date_start.first_day() <= start + dt.timedelta(days=30)]
    page.wait_for_function(f"document.querySelectorAll({MARKERS!r}).length === {len({e.place.name for e in inside})}")
    assert page.locator(".mapapp-story-list button").count() == len(inside)
    assert "to=" in page.url
    assert to.input_value()
    page.watch.check()


# Placed region names that, letters only and doubled letters single, are a placed town's name.
TWIN_NAMES = """() => {
    const key = t => t.normalize('NFD').toLowerCase().replace(/[^a-z]/g, '').replace(/(.)\\1+/g, '$1');
    const towns = new Set([...document.querySelectorAll('.mapapp-name-town[data-placed]')].map(e => key(e.textContent)));
    return [...document.querySelectorAll('.mapapp-name-region[data-placed]')].map(e => e.textContent)
        .filter(t => towns.has(key(t.split('(')[0])));
}"""


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
def test_names_never_overlap_and_the_legend_hides_no_marker_on_any_seed(browser, tmp_path, gazetteer, width,
                                                                        height):
    """Every seed article, every view of its overview: no two placed names intersect, no name covers
    another town's marker, and no marker of the fitted view lies under the legend."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(ALLOWED)
               else route.abort())
    checked = 0
    try:
        for article in ARTICLES:
            result = run(article, gazetteer)
            path = tmp_path / f"{article.stem}.html"
            path.write_text(build_pages(result)["index.html"], encoding="utf-8")
            open_page(page, path)
            for index in range(len(result.phases) + 1):
                page.get_by_role("combobox", name="Phase").select_option(index=index) if width > 600 else \
                    page.evaluate(f"""() => {{ const s = document.querySelector('.mapapp-story select');
                        s.value = '{index}'; s.dispatchEvent(new Event('change')); }}""")
                page.wait_for_selector(".folium-map[data-fitted]")
                found = name_overlaps(page, towns(result, ([None] + [p.key for p in result.phases])[index]))
                assert found["overlaps"] == [], (article.stem, index, found)
                assert markers_under_legend(page) == [], (article.stem, index)
                # A region is not named beside a town of its own name ("Odessa" by the town "Odesa").
                assert page.evaluate(TWIN_NAMES) == [], (article.stem, index)
                checked += found["placed"]
    finally:
        context.close()
    assert checked > 50  # names were placed, not all dropped


def test_an_exported_page_has_no_serious_accessibility_violation(page, seed_site):
    result, out = seed_site
    open_page(page, out / "index.html")
    assert page.evaluate("document.documentElement.lang") == "en"
    markers = page.locator(MARKERS)
    assert markers.first.get_attribute("aria-label").startswith(result.events and "Gao: ")
    assert all(markers.nth(i).get_attribute("aria-label") for i in range(markers.count()))
    assert serious_violations(page) == []
    page.watch.check()


def test_on_a_phone_the_boxes_fold_and_the_map_is_fitted(browser, seed_site):
    result, out = seed_site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto((out / "index.html").as_uri())
    page.wait_for_selector(".folium-map[data-fitted]")
    assert not page.locator(".mapapp-story details").evaluate("d => d.open")
    assert not page.locator(".mapapp-legend details").evaluate("d => d.open")
    legend = page.locator(".mapapp-legend").bounding_box()
    assert legend["width"] * legend["height"] < 0.05 * 390 * 844  # a small button, not a third of the map
    inside = page.evaluate(f"""() => [...document.querySelectorAll({MARKERS!r})].filter(e => {{
        const r = e.getBoundingClientRect(); return r.x >= 0 && r.right <= 390 && r.y >= 0 && r.bottom <= 844;
    }}).length""")
    assert inside >= 0.8 * towns(result, None)  # fitted: the towns are on the screen, not cut off
    context.close()


def test_play_month_by_month_shows_calendar_months(page, seed_site):
    """Month by month is 1–31 January, then February: never a 30-day window that puts 31 January in
    "February"."""
    result, out = seed_site
    open_page(page, out / "index.html")
    page.get_by_role("combobox", name="Phase").select_option(index=3)
    page.get_by_role("combobox", name="Play by").select_option(label="month by month")
    page.get_by_role("button", name="▶ Play").click()
    start = result.phases[2].start.first_day()
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    page.wait_for_url(re.compile(rf"from={start.isoformat()}&to={end.isoformat()}"), timeout=10_000)
    following = end + dt.timedelta(days=1)
    last = following.replace(day=calendar.monthrange(following.year, following.month)[1])
    page.wait_for_url(re.compile(rf"from={following.isoformat()}&to={last.isoformat()}"), timeout=10_000)
    page.get_by_role("button", name="⏸ Pause").click()
    page.watch.check()


# ---------- the view at the battle's scale, its dates, Play, stepping, markers, countries, legend ----------

THEATRES = ("battle_of_shusha_1992.md", "battle_of_al-qusayr_2013.md", "battle_of_sumy.md")


@pytest.fixture(scope="module")
def theatre_sites(tmp_path_factory, gazetteer):
    """Exports of a battle of each theatre: (result, folder, pages) by article name."""
    sites = {}
    for name in THEATRES:
        result = run(DATA.parent.parent / "seeds" / name, gazetteer)
        out = tmp_path_factory.mktemp(name.split(".")[0])
        export_maps(result, out)
        sites[name] = (result, out, plan_pages(result))
    return sites


# The map's view and where each drawn marker lies: in the view or not, by its town's name.
VIEW = """() => {
    const map = window[Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].getBounds)];
    const b = map.getBounds(), towns = {};
    map.eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.town)
        towns[l.feature.properties.town] = b.contains(l.getLatLng()); });
    const far = document.querySelector('.mapapp-far');
    return {west: b.getWest(), east: b.getEast(), south: b.getSouth(), north: b.getNorth(), towns: towns,
            line: far && !far.hidden ? far.textContent : ''};
}"""


def off_view_line(view: dict) -> set[str]:
    """The towns "Not on this view: a, b and 2 more" names."""
    line = view["line"].replace("Not on this view:", "").split(" and ")[0]
    return {name.strip() for name in line.split(",") if name.strip()}


@pytest.mark.parametrize("article", THEATRES)
def test_a_phase_opens_at_the_battles_scale_and_names_only_towns_off_the_view(page, theatre_sites, article):
    """A battle within tens of km fills the map (not half its country, as a 6-degree minimum showed), and
    "Not on this view" names exactly the towns whose markers lie outside the view."""
    result, out, pages = theatre_sites[article]
    for planned in pages:
        if planned.phase_key is None or planned.step is not None:
            continue
        open_page(page, out / planned.name)
        page.wait_for_function("document.querySelector('.folium-map').dataset.offView !== undefined")
        view = page.evaluate(VIEW)
        places = {e.place.name: e.place for e in view_events(result, planned.phase_key)}
        near = [p for name, p in places.items() if view["towns"].get(name)]
        lats, lons = [p.lat for p in near], [p.lon for p in near]
        # The view is the towns' box grown to 1.5 degrees at least, and rounded to a zoom step: never more
        # than about twice the larger of the two (boxes on the map's sides take their share).
        span = max(1.5, max(lons) - min(lons), max(lats) - min(lats))
        assert view["east"] - view["west"] <= 3 * span, (planned.name, view)
        outside = {name for name, inside in view["towns"].items() if not inside}
        named = off_view_line(view)
        assert named <= outside, (planned.name, named, outside)
        assert len(named) == len(outside) or "more" in view["line"], (planned.name, view["line"])
        assert bool(view["line"]) == bool(outside)


def test_shushas_battle_leaves_baku_off_the_view_and_says_so(page, theatre_sites):
    result, out, pages = theatre_sites["battle_of_shusha_1992.md"]
    battle = next(p for p in pages if p.phase_key == result.phases[-1].key and p.step is None)
    open_page(page, out / battle.name)
    page.wait_for_function("document.querySelector('.folium-map').dataset.offView !== undefined")
    view = page.evaluate(VIEW)
    assert view["towns"]["Shusha"] and not view["towns"]["Baku"]
    assert "Baku" in off_view_line(view)


@pytest.mark.parametrize("article", THEATRES)
def test_all_phases_covers_the_phases_timeline_as_the_app_does(page, theatre_sites, article):
    """The overview's dates are the app's (towns.view_span, one function for both), not the first background
    date of any event; the events outside those dates are still drawn while the whole span is shown."""
    from mapapp.towns import view_span

    result, out, _ = theatre_sites[article]
    open_page(page, out / "index.html")
    first, last = view_span(result, None)
    assert page.locator(".mapapp-story-dates").inner_text() == f"{first.isoformat()} – {last.isoformat()}"
    assert page.get_by_label("From", exact=True).input_value() == str((first - dt.date(1970, 1, 1)).days)
    assert page.locator(MARKERS).count() == towns(result, None)
    assert page.locator(".mapapp-story-list button").count() == len(result.events)


def expected_unit(first: dt.date, last: dt.date) -> str:
    """Play's step for a view, as the chart bins it (appdata.CHART_DAYS_UPTO and CHART_WEEKS_UPTO)."""
    from mapapp.appdata import CHART_DAYS_UPTO, CHART_WEEKS_UPTO

    days = (last - first).days + 1
    return "1" if days <= CHART_DAYS_UPTO else "7" if days <= CHART_WEEKS_UPTO else "month"


def test_play_steps_by_the_views_span(page, theatre_sites, seed_site):
    """Day by day through a battle of days, week by week through months, month by month through years."""
    from mapapp.towns import view_span

    units = set()
    sites = [(r, o) for r, o, _ in theatre_sites.values()] + [seed_site]
    for result, out in sites:
        open_page(page, out / "index.html")
        for index, key in enumerate([None] + [p.key for p in result.phases]):
            page.get_by_role("combobox", name="Phase").select_option(index=index)
            wanted = expected_unit(*view_span(result, key))
            assert page.get_by_role("combobox", name="Play by").input_value() == wanted, (result.document.title, key)
            units.add(wanted)
    assert units == {"1", "7", "month"}  # every step is met somewhere


def test_next_event_marks_the_stepped_event_in_its_popup(page, theatre_sites):
    result, out, _ = theatre_sites["battle_of_shusha_1992.md"]
    open_page(page, out / "index.html")
    lines = page.locator(".mapapp-story-list button")
    for n in range(3):
        page.get_by_role("button", name="Next event ›").click()
        page.wait_for_function(f"document.querySelectorAll('.mapapp-story-list button')[{n}]"
                               ".getAttribute('aria-current') === 'step'")
        picked = page.locator(".leaflet-popup-content .mapapp-picked").last
        picked.wait_for()
        when = lines.nth(n).locator(".mapapp-when").inner_text()
        town = lines.nth(n).locator("b").inner_text()
        assert when in picked.inner_text()
        assert page.locator(".leaflet-popup-content h3").last.inner_text() == town
    # Closed and opened again by a click, the popup is the town's own: no event marked.
    page.locator(".leaflet-popup-close-button").last.click()
    page.wait_for_timeout(300)
    assert page.locator(".leaflet-popup-content .mapapp-picked").count() == 0


# For each marker in the view and clear of the boxes: the marker a pointer at its centre reaches, and the
# radii of both. A smaller marker is drawn above a bigger one, so that each stays clickable.
ON_TOP = """() => {
    const boxes = [...document.querySelectorAll('.leaflet-control')].map(b => b.getBoundingClientRect());
    const paths = [...document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')];
    const radius = p => p.getBoundingClientRect().width;
    return paths.map(p => {
        const r = p.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
        if (!r.width || x < 0 || y < 0 || x > innerWidth || y > innerHeight) return null;
        if (boxes.some(b => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom)) return null;
        const top = document.elementFromPoint(x, y);
        return [radius(p), paths.includes(top) ? radius(top) : -1];
    }).filter(Boolean);
}"""


@pytest.mark.parametrize("article", THEATRES)
def test_smaller_markers_lie_above_bigger_ones(page, theatre_sites, article):
    result, out, pages = theatre_sites[article]
    checked = 0
    for planned in pages:
        open_page(page, out / planned.name)
        for own, reached in page.evaluate(ON_TOP):
            assert 0 < reached <= own + 0.5, (planned.name, own, reached)
            checked += 1
    assert checked >= len(pages)  # one marker a page at least was reached


def test_a_map_of_one_town_names_its_country(page, theatre_sites):
    result, out, pages = theatre_sites["battle_of_sumy.md"]
    assert towns(result, None) == 1
    for planned in pages:
        open_page(page, out / planned.name)
        page.wait_for_function("document.querySelector('.folium-map').dataset.namesFor")
        placed = page.locator(".mapapp-name-country[data-placed]").all_inner_texts()
        assert "UKRAINE" in {name.upper() for name in placed}, (planned.name, placed)


# The legend's shown colours, and the colours of the markers (fill and rings) on the map.
LEGEND_COLOURS = """() => {
    const shown = [...document.querySelectorAll('.mapapp-legend li[data-colour]')]
        .filter(li => getComputedStyle(li).display !== 'none').map(li => li.dataset.colour.toLowerCase());
    const used = new Set();
    document.querySelectorAll('.leaflet-overlay-pane path').forEach(p => {
        if (p.classList.contains('mapapp-faded')) return;
        if (p.getAttribute('fill') && p.getAttribute('fill') !== 'none') used.add(p.getAttribute('fill').toLowerCase());
        if (!p.classList.contains('leaflet-interactive')) used.add(p.getAttribute('stroke').toLowerCase());
    });
    return {shown: shown, used: [...used]};
}"""


@pytest.mark.parametrize("article", THEATRES)
def test_the_legend_lists_only_colours_on_the_map(page, theatre_sites, article):
    result, out, pages = theatre_sites[article]
    for planned in pages:
        open_page(page, out / planned.name)
        page.wait_for_function("document.querySelector('.folium-map').dataset.namesFor")
        found = page.evaluate(LEGEND_COLOURS)
        assert found["shown"] and set(found["shown"]) <= set(found["used"]), (planned.name, found)


def test_on_a_phone_a_battle_fits_between_the_boxes_above_and_below(browser, theatre_sites):
    """The boxes fill a phone's width: the towns are fitted under the title and story and over the legend,
    across the whole width, not into the strip the side boxes would leave (twice as wide a view)."""
    result, out, pages = theatre_sites["battle_of_shusha_1992.md"]
    battle = next(p for p in pages if p.phase_key == result.phases[-1].key and p.step is None)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(ALLOWED)
               else route.abort())
    try:
        open_page(page, out / battle.name)
        view = page.evaluate(VIEW)
        near = [e.place for e in view_events(result, battle.phase_key) if view["towns"].get(e.place.name)]
        span = max(1.5, max(p.lon for p in near) - min(p.lon for p in near))
        assert view["east"] - view["west"] <= 2 * span, view
        # Every town of the view is on the screen and clear of the boxes.
        boxes = page.evaluate("() => [...document.querySelectorAll('.leaflet-control:not(.leaflet-control-attribution)')]"
                              ".map(b => { const r = b.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })")
        centres = page.evaluate(f"() => [...document.querySelectorAll({MARKERS!r})].map(e => {{"
                                " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })")
        for town in centres:
            if not 0 <= town[0] <= 390 or not 0 <= town[1] <= 844:
                continue  # a far town (Baku, Tehran), named as off the view
            assert not any(l <= town[0] <= r and t <= town[1] <= b for l, t, r, b in boxes), town
    finally:
        context.close()
