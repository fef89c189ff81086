"""The Streamlit app: pick an article, step through its phases on a map, read what happened in each town.

A thin shell over the core: mapapp.pipeline reads the article, mapapp.maps draws, mapapp.export makes the
downloads and mapapp.appdata prepares what the widgets show. Started with `streamlit run mapapp/app.py`.
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

# `streamlit run mapapp/app.py` puts mapapp/ on sys.path, not the repo root: put the root there for
# `import mapapp`, and take mapapp/ off so that its modules (load, dates, errors...) are not top-level names.
_PACKAGE = Path(__file__).resolve().parent
sys.path[:] = [str(_PACKAGE.parent)] + [p for p in sys.path if Path(p or ".").resolve() not in
                                        {_PACKAGE, _PACKAGE.parent}]

import streamlit as st  # noqa: E402
from streamlit.logger import get_logger  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from mapapp import appdata, load, maps, pipeline, towns  # noqa: E402
from mapapp.appdata import ALL, ALL_PLACES, md_escape  # noqa: E402
from mapapp.errors import MapAppError  # noqa: E402
from mapapp.model import Result  # noqa: E402

COLOURINGS = {"Phase": towns.phase_colouring, "Who held the town": towns.control_colouring}
PLAY_SECONDS = 2.0
MAP_HEIGHT = 560
CLICK_FIELDS = ["last_object_clicked", "last_object_clicked_tooltip", "last_object_clicked_count"]
LOG = get_logger("mapapp.app")

st.set_page_config(page_title="mapapp: the war, phase by phase", layout="wide")
# A failure this script does not catch shows Streamlit's generic one-line message, never a traceback or a
# server path; the details go to the server's log (also set in .streamlit/config.toml).
st.set_option("client.showErrorDetails", "none")
state = st.session_state
if not st.get_option("server.enableStaticServing"):
    st.error("The map needs Streamlit's static file serving, set in the repo's .streamlit/config.toml. "
             "Start the app from the repo root: `make run`, or `streamlit run mapapp/app.py`.")


# Caches shared by every session of the server, keyed by the article's content (its SHA-256) and name (which
# notes quote): a new session on an article already read costs only its own page, not the analysis again.
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


@st.cache_resource(max_entries=16)
def colouring_for(doc_id: str, colour_by: str, _result: Result) -> towns.Colouring:
    """cache_resource: a Colouring holds functions, which cache_data cannot pickle."""
    return COLOURINGS[colour_by](_result)


@st.cache_resource(max_entries=4)
def download_files(doc_id: str, _result: Result) -> dict[str, bytes]:
    """Every file of `python -m mapapp export`, built once per document (0.2 s for the Mali War)."""
    return appdata.download_files(_result)


def problem_text(name: str, err: Exception) -> str:
    """One line for the page: the core's own errors say what is wrong with the file; anything else is a
    bug, whose details go to the server's log, never to the page."""
    if isinstance(err, MapAppError):
        return str(err)
    LOG.error("Could not show %r", name, exc_info=err)
    return (f"{name!r} could not be shown: mapapp hit an unexpected problem ({type(err).__name__}); "
            "the details are in the server's log.")


def show_document(doc: str) -> None:
    state.doc = doc
    reset_view()


def reset_view() -> None:
    """A new document: its first view, no town filter, not playing."""
    state.phase = ALL
    state.place = ALL_PLACES
    state.playing = False


def read_upload(upload) -> None:
    """A new file in the uploader: show it, or keep the current document and say why not."""
    state.upload_seen = upload.file_id
    problem = appdata.upload_problem(upload.name, upload.size)
    data = upload.getvalue() if problem is None else b""
    digest = hashlib.sha256(data).hexdigest()
    if problem is None:
        try:
            # Its pages too: they draw every phase's map, so a document whose view would fail is refused here,
            # while the current one is still on the page.
            result = analysed(digest, upload.name, data)
            problem = appdata.size_problem(upload.name, result)
            if problem is None:
                download_files(f"{digest}:{upload.name}", result)
            else:
                analysed.clear(digest, upload.name, data)  # not kept for other sessions either
        except Exception as err:  # noqa: BLE001 - any failure is one message; the details go to the log
            problem = problem_text(upload.name, err)
    if problem is not None:
        state.upload_error = (upload.file_id, problem)
        return
    key = "upload:" + digest[:16]
    state.uploads[key] = (upload.name, data, digest)
    state.upload_error = None
    show_document(key)


def step(keys: list[str], offset: int) -> None:
    state.phase = appdata.step_phase(keys, state.phase, offset)
    state.playing = False


def toggle_play(keys: list[str]) -> None:
    state.playing = not state.playing
    if state.playing and state.phase == keys[-1]:
        state.phase = keys[1]  # from the end, play from the first phase again


def advance_play(keys: list[str]) -> None:
    """Run every PLAY_SECONDS while playing: the next phase, until the last."""
    if not state.playing or time.monotonic() < state.play_due:
        return  # the run inside the app's own run, or a late tick after Pause
    state.phase = appdata.step_phase(keys, state.phase, 1)
    state.playing = state.phase != keys[-1]
    st.rerun(scope="app")


def clear_place() -> None:
    state.place = ALL_PLACES


# Session state: the document and view come from the URL the first time (a shared link), then from widgets.
seeds = appdata.seed_names()
if "doc" not in state:
    wanted = st.query_params.get("doc")
    state.doc = wanted if wanted in seeds else seeds[0]
    state.uploads = {}
    state.playing = False
    state.colour_by = "Phase"

# Sidebar: the document picker above the upload; an upload read now is picked below.
with st.sidebar:
    st.header("Article")
    picker = st.container()
    upload = st.file_uploader("Upload another article (YAML front matter + Markdown)", key="upload",
                              max_upload_size=appdata.MAX_UPLOAD_MB)
    if upload is not None and upload.file_id != state.get("upload_seen"):
        read_upload(upload)
    documents = seeds + list(state.uploads)
    if state.doc not in documents:
        state.doc = seeds[0]
    picker.selectbox("Document", documents, key="doc", on_change=reset_view,
                     format_func=lambda d: f"Uploaded: {state.uploads[d][0]}" if d in state.uploads else d)

name = state.uploads[state.doc][0] if state.doc in state.uploads else state.doc
try:
    if state.doc in state.uploads:
        name, data, digest = state.uploads[state.doc]
    else:
        info = (appdata.SEEDS_DIR / name).stat()
        digest, data = seed_bytes(str(appdata.SEEDS_DIR / name), info.st_mtime_ns, info.st_size)
    doc_id = f"{digest}:{name}"
    result = analysed(digest, name, data)
except Exception as err:  # noqa: BLE001 - any failure is one message; the details go to the log
    st.error(md_escape(problem_text(name, err)))
    st.stop()

labels = appdata.phase_labels(result)
keys = list(labels)
if "phase" not in state:
    state.phase = appdata.phase_from_url(result, st.query_params.get("phase"))
elif state.phase not in labels:
    state.phase = ALL

st.title(md_escape(result.document.title))
if state.get("upload_error") and upload is not None and upload.file_id == state.upload_error[0]:
    st.error(f"**Could not open the upload.** {md_escape(state.upload_error[1])}  \nStill showing "
             f"{md_escape(state.uploads[state.doc][0] if state.doc in state.uploads else state.doc)}.")
for note in result.notes:
    st.info(md_escape(note))

# Phase controls. format_func also maps a label to itself: AppTest's set_value passes the shown labels.
view = st.select_slider("Phase", options=keys, key="phase", format_func=lambda key: labels.get(key, key))
prev_col, next_col, play_col, colour_col = st.columns([1, 1, 1, 3], vertical_alignment="bottom")
prev_col.button("‹ Previous", on_click=step, args=(keys, -1), disabled=view == keys[0], width="stretch")
next_col.button("Next ›", on_click=step, args=(keys, 1), disabled=view == keys[-1], width="stretch")
play_col.button("⏸ Pause" if state.playing else "▶ Play", on_click=toggle_play, args=(keys,),
                disabled=len(keys) < 2, width="stretch")
colour_by = colour_col.radio("Colour by", list(COLOURINGS), key="colour_by", horizontal=True)
if state.playing:
    state.play_due = time.monotonic() + 0.9 * PLAY_SECONDS
st.fragment(advance_play, run_every=PLAY_SECONDS if state.playing else None)(keys)

# The map: the base (basemap, legend) is the same for every phase of a document and colouring, so the
# component keeps its zoom and pan; only the feature group of markers is swapped when the phase changes.
# The base map is built per run (under a millisecond): st_folium rewrites the ids of the map it is given
# and attaches the layer to it, so one cached map shared by reruns and sessions would not stay the same.
colouring = colouring_for(doc_id, colour_by, result)
number = keys.index(view)
st.subheader(f"Phase {number} of {len(keys) - 1}: {md_escape(result.phase(view).title)}" if number
             else "All phases")
clicked = st_folium(appdata.build_app_map(result, colouring), key="map", height=MAP_HEIGHT,
                    feature_group_to_add=maps.build_phase_layer(result, appdata.phase_key(view), colouring),
                    use_container_width=True, returned_objects=CLICK_FIELDS)

# A new click on a marker filters the table to that town. The click count restarts with each new map.
if state.get("map_id") != (doc_id, colour_by):
    state.map_id, state.click_seen = (doc_id, colour_by), None
count = (clicked or {}).get("last_object_clicked_count")
if count and count != state.click_seen:
    state.click_seen = count
    point = clicked.get("last_object_clicked") or {}
    markers = towns.town_markers(towns.view_events(result, appdata.phase_key(view)), colouring)
    town = appdata.clicked_town(markers, point.get("lat"), point.get("lng"),
                                clicked.get("last_object_clicked_tooltip"))
    if town:
        state.place = town

summary = appdata.view_summary(result, view)
st.markdown(f"**{summary.dates}** · {towns.count_text(summary.events)} in {towns.count_text(summary.towns, 'town')}")
if summary.steps:
    st.caption("Steps: " + " · ".join(md_escape(s) for s in summary.steps))

chart = appdata.month_chart(result, view)
if chart.spec["data"]["values"]:
    st.vega_lite_chart(spec=chart.spec, height=230, width="stretch")
if chart.year_only:
    st.caption(f"Events per month. {towns.count_text(chart.year_only)} known only to the year are not shown.")

# The events of the view, filtered by town (a marker click sets it) and by words.
st.subheader("Events")
places = [ALL_PLACES, *appdata.view_places(result, view)]
if state.get("place") not in places:
    state.place = ALL_PLACES
place_col, search_col, clear_col = st.columns([2, 3, 1], vertical_alignment="bottom")
place = place_col.selectbox("Place", places, key="place")
search = search_col.text_input("Search", key="search", placeholder="Words in the text, place or section")
clear_col.button("Clear town filter", on_click=clear_place, disabled=place == ALL_PLACES, width="stretch")
events = towns.view_events(result, appdata.phase_key(view))
rows = appdata.event_rows(events, place, search)
st.caption(f"{len(rows)} of {towns.count_text(len(events))}"
           + (f" · at {md_escape(place)}" if place != ALL_PLACES else ""))
st.dataframe(rows, hide_index=True, width="stretch", height=320,
             column_order=["Date", "Dated by", "Place", "Text", "Section"],
             column_config={"Text": st.column_config.TextColumn(width="large")})
if any(row["Dated by"].startswith("≈") for row in rows):
    st.caption(md_escape(towns.INFERRED_NOTE))

# Downloads: the bytes `python -m mapapp export` writes. Given as bytes, not as a callable run on click:
# a file's URL then comes from its content and stays valid while the app reruns (a callable's id is new
# with every run, and a click that lands during a rerun would find nothing).
st.subheader("Download")
st.caption("The files `python -m mapapp export` writes: maps that open with no internet, and the events.")
files = download_files(doc_id, result)
buttons = appdata.downloads(result, view)
for column, button in zip(st.columns(len(buttons)), buttons):
    column.download_button(button.label, data=files[button.name], file_name=button.name, mime=button.mime,
                           on_click="ignore", disabled=button.disabled, width="stretch")

with st.sidebar:
    with st.expander(f"Places not found ({len(result.unresolved)})", expanded=bool(result.unresolved)):
        for missing in result.unresolved:
            st.markdown(f"**{md_escape(missing.name)}** ×{missing.count}  \n{md_escape(missing.sentence)}")
        if not result.unresolved:
            st.caption("Every place name in the article was found in the gazetteer.")

# The URL names the document and the view, so that a shared link reopens them.
wanted = {"doc": state.doc, "phase": view} if state.doc in seeds else {"phase": view}
if st.query_params.to_dict() != wanted:
    st.query_params.from_dict(wanted)
