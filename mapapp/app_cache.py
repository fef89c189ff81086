"""The app's caches, shared by every session of the server and keyed by an article's content (its SHA-256):
a new session on an article already read costs only its own page, not the analysis again.

Part of the Streamlit shell (mapapp/app.py): no core module imports it.
"""

from __future__ import annotations

import hashlib

import streamlit as st
from streamlit.logger import get_logger

from mapapp import appdata, appview, load, maps, pipeline, towns
from mapapp.appdata import md_escape
from mapapp.errors import MapAppError
from mapapp.model import Result

COLOURINGS = {"Phase": towns.phase_colouring, "Event type": towns.type_colouring,
              "Who held the town": towns.control_colouring}
LOG = get_logger("mapapp.app")


# Keyed by the article's digest and name (which notes quote).
# cache_resource, not cache_data: a Result is frozen, so sessions share one object instead of each
# unpickling a copy on every run.
@st.cache_resource(show_spinner="Reading the article…", max_entries=16)
def analysed(digest: str, name: str, _data: bytes) -> Result:
    """The article's analysis; _data (up to 25 MB) is not hashed again on each run: digest stands for it."""
    if len(_data) <= pipeline.PROGRESS_ABOVE_BYTES:
        return pipeline.run_text(_data, name)
    # Made in here: a cached function may only draw into blocks it creates (Streamlit replays them on a hit).
    bar = st.progress(0.0, text=f"Reading {md_escape(name)}…")
    try:
        return pipeline.run_text(_data, name, progress=lambda done: bar.progress(min(done, 1.0)))
    finally:
        bar.empty()


@st.cache_resource(max_entries=64)
def seed_bytes(path: str, mtime_ns: int, size: int) -> tuple[str, bytes]:
    """A seed's digest and bytes; mtime and size are part of the key, so an edited article is read again."""
    data = load.read_article_bytes(path)
    return hashlib.sha256(data).hexdigest(), data


def upload_digest(doc: str, data: bytes) -> str:
    """An upload's SHA-256, worked out once per session (25 MB take 50 ms)."""
    digests = st.session_state.setdefault("digests", {})
    if doc not in digests:
        digests[doc] = hashlib.sha256(data).hexdigest()
    return digests[doc]


def problem_text(name: str, err: Exception) -> str:
    """One line for the page: the core's own errors say what is wrong with the file; anything else is a
    bug, whose details go to the server's log, never to the page."""
    if isinstance(err, MapAppError):
        return appview.public_message(str(err), None)  # the core's errors name the file
    LOG.error("Could not show %r", name, exc_info=err)
    return (f"{name!r} could not be shown: mapapp hit an unexpected problem ({type(err).__name__}); "
            "the details are in the server's log.")


@st.cache_resource(max_entries=16)
def colouring_for(doc_id: str, colour_by: str, _result: Result) -> towns.Colouring:
    """cache_resource: a Colouring holds functions, which cache_data cannot pickle."""
    return COLOURINGS[colour_by](_result)


@st.cache_resource(max_entries=4)
def download_files(doc_id: str, _result: Result) -> dict[str, bytes]:
    """Every file of `python -m mapapp export`, built once per document (0.2 s for the Mali War)."""
    return appdata.download_files(_result)


@st.cache_resource(max_entries=4)
def download_zip(doc_id: str, _result: Result) -> bytes:
    """Every exported file in one zip, the pages' links between them working once it is unpacked."""
    return appdata.zip_files(download_files(doc_id, _result), appdata.zip_name(_result).removesuffix(".zip"))


@st.cache_resource(max_entries=16)
def base_map_parts(doc_id: str, colour_by: str, _result: Result):
    """The basemap's choice and script for a document, worked out once (its outlines are tens of KB)."""
    return maps.article_basemap(_result)


@st.cache_data(max_entries=4)
def seed_titles(names: tuple[str, ...], stamps: tuple[int, ...]) -> dict[str, str]:
    """The picker's labels: each seed's title (its file's name when it has none); stamps (mtimes) are part
    of the key, so that an edited article shows its new title."""
    return {name: appdata.seed_title(name) for name in names}
