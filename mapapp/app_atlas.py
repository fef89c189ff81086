"""The app's Atlas page: several articles merged into one map of a whole war, stepped through period by
period with the same page `python -m mapapp atlas` writes (slider, Play, filters by article, phase and type).

A thin shell: mapapp.atlas reads and merges, mapapp.atlas_page draws, mapapp.atlas_export makes the
downloads. Articles are read one by one in the app's process (each cached): a handful of articles needs no
cluster; `python -m mapapp atlas` runs large collections on Dask. Started from mapapp/pages/atlas.py.
"""

from __future__ import annotations

import hashlib
import os

import streamlit as st

from mapapp import appdata
from mapapp.appdata import md_escape
from mapapp.atlas import ArticleInput, ArticleOutcome, analyse_article, build_atlas
from mapapp.atlas_export import atlas_files
from mapapp.atlas_page import build_atlas_page

PAGE_HEIGHT = 760
DOWNLOADS = (("report.md", "text/markdown"), ("events.csv", "text/csv"), ("events.geojson", "application/geo+json"),
             ("events.parquet", "application/vnd.apache.parquet"), ("control.csv", "text/csv"),
             ("index.html", "text/html"))


@st.cache_data(show_spinner=False, max_entries=256)
def seed_outcome(name: str, mtime: float) -> ArticleOutcome:
    """mtime is part of the cache key: an edited article is read again."""
    return analyse_article(ArticleInput(name, os.fspath(appdata.SEEDS_DIR / name)))


@st.cache_data(show_spinner=False, max_entries=64)
def upload_outcome(data: bytes, name: str) -> ArticleOutcome:
    problem = appdata.upload_problem(name, len(data))
    if problem:
        return ArticleOutcome(name, error=problem)
    return analyse_article(ArticleInput(name, "", data))


@st.cache_data(show_spinner="Merging the articles…", max_entries=8)
def atlas_outputs(_outcomes: tuple[ArticleOutcome, ...], key: str) -> tuple[str, dict[str, bytes], dict[str, int]]:
    """(the page, every file of the atlas as bytes, a few counts), once per set of articles (`key`)."""
    atlas = build_atlas(_outcomes)
    files = atlas_files(atlas)
    as_bytes = {name: data if isinstance(data, bytes) else data.encode("utf-8") for name, data in files.items()}
    counts = {"articles": len(atlas.articles), "failed": sum(1 for a in atlas.articles if a.error),
              "events": len(atlas.events), "reports": atlas.reports,
              "merged": sum(1 for e in atlas.events if len(e.reports) > 1),
              "contested": sum(1 for s in atlas.control if s.change == "contested")}
    return build_atlas_page(atlas), as_bytes, counts


def unique_names(names: list[str]) -> list[str]:
    """Two uploads of the same name are both read, told apart as the command line does."""
    seen: set[str] = set()
    unique = []
    for name in names:
        candidate, number = name, 1
        while candidate in seen:
            number += 1
            candidate = f"{name} ({number})"
        seen.add(candidate)
        unique.append(candidate)
    return unique


def chosen_outcomes() -> list[ArticleOutcome]:
    """The articles the user picked in the sidebar: seeds (all of them at first) or uploads."""
    with st.sidebar:
        st.header("Atlas")
        source = st.radio("Articles", ["Seed articles", "Uploads"], key="atlas_source",
                          help="Seed articles: the articles in the app's seeds/ folder, one per theatre at least.")
        if source == "Seed articles":
            seeds = appdata.seed_names()
            picked = st.multiselect("Seed articles to merge", seeds, default=seeds, key="atlas_seeds")
            with st.spinner("Reading the articles…"):
                return [seed_outcome(name, (appdata.SEEDS_DIR / name).stat().st_mtime) for name in picked]
        uploads = st.file_uploader("Articles (YAML front matter + Markdown)", accept_multiple_files=True,
                                   key="atlas_uploads")
        files = list(uploads or [])
        with st.spinner("Reading the articles…"):
            return [upload_outcome(f.getvalue(), name) for f, name in zip(files, unique_names([f.name for f in files]))]


def main() -> None:
    st.set_page_config(page_title="mapapp: atlas of a war", layout="wide")
    outcomes = chosen_outcomes()
    if not outcomes:
        st.info("Pick seed articles or upload articles in the sidebar: they are merged into one map of the war.")
        return
    key = hashlib.sha256(repr([(o.name, o.title, o.rows, o.control, o.error) for o in outcomes]).encode()).hexdigest()
    page, files, counts = atlas_outputs(tuple(outcomes), key)
    st.markdown(f"**{counts['events']:,} events** from {counts['reports']:,} reports in "
                f"{counts['articles'] - counts['failed']:,} articles; {counts['merged']:,} events told more than once "
                f"are merged, {counts['contested']:,} changes of hands are contested. Step through the periods with "
                "the slider or **Play**; filter by article, phase and event type in the map's panel.")
    for outcome in outcomes:
        if outcome.error:
            st.warning(md_escape(outcome.error))
    # The page's own script draws it; article text is in it only as JSON data, put on screen as text
    # (textContent), so an article cannot run a script in the app (tests/test_atlas_browser.py).
    st.iframe(page, height=PAGE_HEIGHT)
    columns = st.columns(len(DOWNLOADS))
    for column, (name, mime) in zip(columns, DOWNLOADS):
        column.download_button(name, files[name], file_name=name, mime=mime, key=f"atlas_download_{name}")
