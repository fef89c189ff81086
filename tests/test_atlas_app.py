"""The app's Atlas page (mapapp/pages/atlas.py -> mapapp.app_atlas) run by Streamlit's AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ARTICLES, ROOT
from mapapp.app_atlas import unique_names
from mapapp.atlas import ArticleInput, analyse_article, build_atlas
from mapapp.atlas_page import build_atlas_page

PAGE = ROOT / "mapapp" / "pages" / "atlas.py"


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def expected(paths):
    return build_atlas([analyse_article(ArticleInput(p.name, str(p))) for p in paths])


def test_it_opens_on_every_seed_merged_into_one_page(app):
    atlas = expected(ARTICLES)
    assert sorted(app.multiselect(key="atlas_seeds").value) == sorted(p.name for p in ARTICLES)
    assert app.markdown[0].value.startswith(f"**{len(atlas.events):,} events** from {atlas.reports:,} reports in "
                                            f"{len(ARTICLES)} articles")
    frame = app.get("iframe")[0].proto
    assert frame.srcdoc == build_atlas_page(atlas)  # the very page `python -m mapapp atlas` writes


def test_picking_fewer_articles_merges_only_those(app):
    picked = ["2021_malian_coup_detat.md", "minusma_super_camp_attack.md"]
    app.multiselect(key="atlas_seeds").set_value(picked).run()
    atlas = expected([ROOT / "seeds" / name for name in picked])
    assert app.markdown[0].value.startswith(f"**{len(atlas.events):,} events** from {atlas.reports:,} reports in 2 articles")
    assert app.get("iframe")[0].proto.srcdoc == build_atlas_page(atlas)


def test_no_article_picked_says_what_to_do(app):
    app.multiselect(key="atlas_seeds").set_value([]).run()
    assert "Pick seed articles or upload articles" in app.info[0].value
    assert not app.get("iframe")


def test_two_uploads_of_one_name_are_told_apart():
    assert unique_names(["a.md", "b.md", "a.md", "a.md"]) == ["a.md", "b.md", "a.md (2)", "a.md (3)"]
