"""The atlas's index.html in a real headless Chromium, network cut: the time slider, Play, filters by article,
phase and type, popups that list every source, and no script from an article's text."""

from __future__ import annotations

import pytest

from conftest import DATA, ROOT
from mapapp.atlas import ArticleInput, analyse_article, build_atlas
from mapapp.atlas_export import write_atlas
from test_atlas import ARTICLE_A, ARTICLE_B

pytestmark = pytest.mark.browser

MARKERS = "path.atlas-town"
ALLOWED = ("file://", "data:", "about:blank")


@pytest.fixture(scope="module")
def atlas_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    (folder / "fall_of_gao.md").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "northern_campaign.md").write_text(ARTICLE_B, encoding="utf-8")
    paths = [*sorted(folder.iterdir()), ROOT / "seeds" / "mali_war.md", ROOT / "seeds" / "2021_malian_coup_detat.md",
             ROOT / "seeds" / "battle_of_idlib_2015.md", DATA / "xss_article.md"]
    atlas = build_atlas([analyse_article(ArticleInput(p.name, str(p))) for p in paths])
    out = tmp_path_factory.mktemp("atlas")
    write_atlas(atlas, out)
    return atlas, out / "index.html"


@pytest.fixture
def page(browser, atlas_site):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems: list[str] = []

    def route(route):
        if route.request.url.startswith(ALLOWED):
            route.continue_()
        else:
            problems.append(f"request to {route.request.url}")
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(atlas_site[1].as_uri())
    page.wait_for_selector(MARKERS, state="attached")
    yield page
    context.close()
    assert problems == []


def count_line(events: int, towns: int) -> str:
    return f"{events} event{'' if events == 1 else 's'} in {towns} town{'' if towns == 1 else 's'}"


def shown(atlas, keep) -> str:
    events = [e for e in atlas.events if keep(e)]
    return count_line(len(events), len({(e.record["location"], e.record["latitude"]) for e in events}))


def test_the_page_opens_offline_on_every_event(page, atlas_site):
    atlas, _ = atlas_site
    assert page.text_content("#atlas-count") == shown(atlas, lambda e: True)
    assert page.locator(MARKERS).count() == len({(e.record["location"], e.record["latitude"]) for e in atlas.events})
    assert page.text_content("#atlas-period-label").startswith("All periods")


def test_the_slider_previous_next_and_play_step_through_the_periods(page, atlas_site):
    atlas, _ = atlas_site
    first, second = atlas.periods[0], atlas.periods[1]
    page.click("#atlas-next")
    assert page.text_content("#atlas-period-label") == first.label
    assert page.text_content("#atlas-count") == shown(atlas, lambda e: first.key in e.periods)
    page.fill("#atlas-period", "2")
    page.dispatch_event("#atlas-period", "input")
    assert page.text_content("#atlas-count") == shown(atlas, lambda e: second.key in e.periods)
    page.click("#atlas-prev")
    assert page.text_content("#atlas-period-label") == first.label
    page.click("#atlas-play")
    assert page.get_attribute("#atlas-play", "aria-pressed") == "true"
    page.wait_for_function("document.getElementById('atlas-period').value === '2'", timeout=5000)
    page.click("#atlas-play")
    assert page.get_attribute("#atlas-play", "aria-pressed") == "false"


def test_article_type_and_phase_filters(page, atlas_site):
    atlas, _ = atlas_site
    page.click("#atlas-types-box [data-none]")
    assert page.text_content("#atlas-count") == count_line(0, 0)
    assert page.locator(MARKERS).count() == 0
    page.click("#atlas-types-box [data-all]")
    page.uncheck("#atlas-types-capture")
    assert page.text_content("#atlas-count") == shown(atlas, lambda e: e.record["event_type"] != "capture")
    page.check("#atlas-types-capture")
    page.click("#atlas-articles-box [data-none]")
    index = [a.name for a in atlas.articles].index("fall_of_gao.md")
    page.check(f"#atlas-articles-{index}")
    assert page.text_content("#atlas-count") == shown(atlas, lambda e: "fall_of_gao.md" in e.record["source_article"])
    page.click("#atlas-articles-box [data-all]")
    mali = next(a for a in atlas.articles if a.name == "mali_war.md")
    phase = mali.phases[1]
    page.select_option("#atlas-phase", f"{atlas.articles.index(mali)}:1")
    assert page.text_content("#atlas-count") == shown(
        atlas, lambda e: any(r.article == "mali_war.md" and r.record["phase"] == phase.key for r in e.reports))


def test_fit_brings_the_shown_events_into_view(page, atlas_site):
    atlas, _ = atlas_site
    towns = {(e.record["latitude"], e.record["longitude"]) for e in atlas.events
             if "battle_of_idlib_2015.md" in e.record["source_article"]}
    assert towns, "the Idlib article gives no placed event: the test needs a far theatre"

    def in_view() -> bool:
        south, west, north, east = page.evaluate(
            "(() => { const b = window.mapappAtlas.map.getBounds(); "
            "return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()")
        return all(south <= lat <= north and west <= lon <= east for lat, lon in towns)

    assert not in_view()  # the map opens on the Mali War, the most events
    page.click("#atlas-articles-box [data-none]")
    page.check(f"#atlas-articles-{[a.name for a in atlas.articles].index('battle_of_idlib_2015.md')}")
    page.click("#atlas-fit")
    page.wait_for_timeout(500)
    assert in_view()


def test_a_merged_event_lists_every_source_in_its_popup(page):
    page.locator("path.atlas-town[aria-label^='Gao,']").click(force=True)
    popup = page.locator(".atlas-popup")
    text = popup.text_content()
    assert "Fall of Gao (invented) (fall_of_gao.md)" in text and "On 31 March 2012, MNLA fighters captured Gao." in text
    assert "Northern campaign (invented) (northern_campaign.md)" in text
    assert "On 31 March 2012, Ansar Dine captured Gao." in text


def held_line(step) -> str:
    """What a popup says of a town's control step (atlas.js controlLine)."""
    if step.change == "contested":
        claims = "; ".join(f"{c.record['controller'] or 'not stated'} ({c.article})" for c in step.claims)
        return f"Contested since {step.date_start}: {claims}"
    if step.controller:
        return f"Held by {step.controller} since {step.date_start} ({'; '.join(dict.fromkeys(c.article for c in step.claims))})"
    return f"Holder not stated since {step.date_start}"


def test_colour_by_control_has_a_legend_and_popups_say_who_held_the_town(page, atlas_site):
    atlas, _ = atlas_site
    page.select_option("#atlas-colour", "control")
    assert "Contested (articles disagree)" in page.text_content("#atlas-legend")
    page.click("#atlas-next")
    first = atlas.periods[0]
    page.locator("path.atlas-town[aria-label^='Gao,']").click(force=True)
    step = [s for s in atlas.control if s.place == "Gao" and s.first <= first.last][-1]
    assert held_line(step) in page.text_content(".atlas-popup")


def test_a_town_the_articles_disagree_on_is_contested_with_every_claim(browser, tmp_path):
    for name, text in (("fall_of_gao.md", ARTICLE_A), ("northern_campaign.md", ARTICLE_B)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    atlas = build_atlas([analyse_article(ArticleInput(p.name, str(p))) for p in sorted(tmp_path.glob("*.md"))])
    write_atlas(atlas, tmp_path / "atlas")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(ALLOWED) else route.abort())
    page.goto((tmp_path / "atlas" / "index.html").as_uri())
    page.select_option("#atlas-colour", "control")
    page.locator("path.atlas-town[aria-label^='Gao,']").click(force=True)
    assert ("Contested since 2012-03-31: MNLA (fall_of_gao.md); Ansar Dine (northern_campaign.md)"
            in page.text_content(".atlas-popup"))
    colour = page.locator("path.atlas-town[aria-label^='Gao,']").get_attribute("fill")
    assert colour.lower() == "#ee3377"  # CONTESTED_COLOUR
    context.close()


def test_text_from_an_article_is_shown_never_run(page):
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned=1</script>" in page.text_content("#atlas-articles")


def test_on_a_phone_the_lists_start_folded_and_the_map_shows(browser, atlas_site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(ALLOWED) else route.abort())
    page.goto(atlas_site[1].as_uri())
    page.wait_for_selector(MARKERS, state="attached")
    assert page.evaluate("[...document.querySelectorAll('#atlas-panel details')].map(d => d.open)") == [False, False]
    box = page.locator("#atlas-map").bounding_box()
    assert box["height"] > 844 / 2 and box["width"] == 390
    context.close()
