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
from streamlit_folium import st_folium  # noqa: E402

from mapapp import app_rest, appdata, appview, maps, towns  # noqa: E402
from mapapp.app_cache import (  # noqa: E402
    COLOURINGS, analysed, base_map_parts, colouring_for, download_files, problem_text, seed_bytes, seed_titles,
    upload_digest,
)
from mapapp.appdata import ALL, ALL_PLACES, md_escape  # noqa: E402
from mapapp.model import Event  # noqa: E402

PLAY_SECONDS = 2.0
REST_AFTER_SECONDS = 4.0  # the page's rest follows the map at the latest this long after it is sent
MAP_HEIGHT = 560
CLICK_FIELDS = ["last_object_clicked", "last_object_clicked_tooltip", "last_object_clicked_count"]
FLY_ZOOM = 7  # a story line flies to its town at this zoom
STORY_PAGE = 12  # story lines shown at once

st.set_page_config(page_title="mapapp: the war, phase by phase", layout="wide")
# A failure this script does not catch shows Streamlit's generic one-line message, never a traceback or a
# server path; the details go to the server's log (also set in .streamlit/config.toml).
st.set_option("client.showErrorDetails", "none")
state = st.session_state
if not st.get_option("server.enableStaticServing"):
    st.error("The map needs Streamlit's static file serving, set in the repo's .streamlit/config.toml. "
             "Start the app from the repo root: `make run`, or `streamlit run mapapp/app.py`.")


def show_document(doc: str) -> None:
    state.doc = doc
    reset_view()


def reset_view() -> None:
    """A new document: its first view, no town filter or search, not playing."""
    state.phase = ALL
    state.place = ALL_PLACES
    state.search = ""
    reset_span()


def reset_span() -> None:
    """A new view: all of its dates, no story line picked, not playing; a shared link's warnings are
    answered."""
    state.pop("span", None)
    state.url_warnings = []
    unpick()
    state.story_page = 0
    state.playing = False


def read_upload(upload) -> None:
    """A new file in the uploader: show it, or keep the current document, say why not, and clear the
    uploader so that the refused file does not look loaded."""
    problem = appdata.upload_problem(upload.name, upload.size)
    data = upload.getvalue() if problem is None else b""
    if problem is None:
        digest = hashlib.sha256(data).hexdigest()
        try:
            result = analysed(digest, upload.name, data)
            problem = appdata.size_problem(upload.name, result)
            if problem is None:
                # Its pages too: they draw every phase's map, so a document whose view would fail is refused
                # here, while the current one is still on the page.
                download_files(f"{digest}:{upload.name}", result)
            else:
                analysed.clear(digest, upload.name, data)  # not kept for other sessions either
        except Exception as err:  # noqa: BLE001 - any failure is one message; the details go to the log
            problem = problem_text(upload.name, err)
    if problem is not None:
        state.upload_error = problem
        state.upload_round = state.get("upload_round", 0) + 1  # a new, empty uploader
        st.rerun()
    key = appview.save_upload(data, upload.name)
    state.uploads[key] = (upload.name, data)
    state.setdefault("digests", {})[key] = digest
    state.upload_error = None
    state.upload_round = state.get("upload_round", 0) + 1
    show_document(key)


def step(keys: list[str], offset: int) -> None:
    state.phase = appdata.step_phase(keys, state.phase, offset)
    reset_span()


def unpick() -> None:
    """No story line picked, and none open on the map."""
    state.event = state.map_event = None


def pick_line() -> None:
    """A story line picked in the list: the map flies to its town and opens it."""
    state.map_event = state.event


def stepped_in_map(value: dict | None, lines: list[appview.StoryLine]) -> None:
    """A step taken on the map (static/mapapp/steps.js, with no round trip): the story marks its line. The
    map, already there, is drawn as before (map_event unchanged), so that it does not jump back."""
    step_id, event = (value or {}).get("mapapp_step"), (value or {}).get("mapapp_event")
    if step_id is None or step_id == state.get("step_seen"):
        return
    state.step_seen = step_id
    if event in {line.index for line in lines}:
        state.event = event


def turn_page(offset: int) -> None:
    """Earlier/Later events: the story's previous or next page of lines, nothing picked."""
    state.story_page = max(0, state.get("story_page", 0) + offset)
    unpick()


def toggle_play(keys: list[str], bounds: tuple) -> None:
    state.playing = not state.playing
    unpick()
    days = appview.PLAY_UNITS[state.play_unit]
    if not state.playing:
        return
    state.play_due = time.monotonic() + 0.9 * PLAY_SECONDS
    if not days:
        if state.phase == keys[-1]:
            state.phase = keys[1]  # from the end, play from the first phase again
            state.pop("span", None)
        return
    state.span = appview.next_window(bounds, None, days)


def advance_play(keys: list[str], bounds: tuple) -> None:
    """Run every PLAY_SECONDS while playing: the next phase, or the next week or month of the view."""
    if not state.playing or time.monotonic() < state.get("play_due", 0.0):
        return  # the run inside the app's own run, or a late tick after Pause
    days = appview.PLAY_UNITS[state.play_unit]
    if days:
        window = appview.next_window(bounds, state.get("span"), days)
        state.playing = window is not None and window[1] < bounds[1]
        if window is not None:
            state.span = window
    else:
        state.phase = appdata.step_phase(keys, state.phase, 1)
        state.pop("span", None)
        state.playing = state.phase != keys[-1]
    # Due again one step from now, and only then: the app's own reruns in between (the map reporting its
    # view, a click) no longer push the next step back, which stalled Play on a busy server.
    state.play_due = time.monotonic() + 0.9 * PLAY_SECONDS
    st.rerun(scope="app")


def rest_timer() -> None:
    """The deferred rest of a session's first page, when the map has not started the next run by itself."""
    if time.monotonic() >= state.get("rest_due", 0.0) and state.get("rest_due"):
        state.rest_due = None
        st.rerun(scope="app")


# Session state: the document and view come from the URL the first time (a shared link), then from widgets.
seeds = appdata.seed_names()
warnings: list[str] = []  # about the link the page was opened with: kept until the user changes the view
first_run = "doc" not in state
if first_run:
    state.uploads = {}
    state.playing = False
    state.play_unit = "Phase by phase"
    state.fade = True
    unpick()
    wanted = st.query_params.get("doc")
    saved = appview.saved_upload(wanted) if wanted else None
    if saved is not None:
        state.uploads[wanted] = saved
        state.doc = wanted
    elif wanted and wanted not in seeds:
        warnings.append(f"?doc={wanted} is not an article here (nor an upload kept on this server): "
                        f"showing {seeds[0]}.")
        state.doc = seeds[0]
    else:
        state.doc = wanted or seeds[0]



def show_picker() -> None:
    """The sidebar's document picker above the upload; an upload read now is picked below."""
    with sidebar:
        picker = st.container()
        upload = st.file_uploader("Upload another article (YAML front matter + Markdown)",
                                  key=f"upload_{state.get('upload_round', 0)}",
                                  max_upload_size=appdata.MAX_UPLOAD_MB)
        if upload is not None and upload.file_id != state.get("upload_seen"):
            state.upload_seen = upload.file_id
            read_upload(upload)
        documents = seeds + list(state.uploads)
        if state.doc not in documents:
            state.doc = seeds[0]
        # The articles' titles, not their file names (the URL keeps the file's name). Bound as defaults: the
        # function outlives this run (AppTest formats with it afterwards).
        titles = seed_titles(tuple(seeds), tuple((appdata.SEEDS_DIR / n).stat().st_mtime_ns for n in seeds))
        uploads = {d: f"Uploaded: {u[0]}" for d, u in state.uploads.items()}
        picker.selectbox("Document", documents, key="doc", on_change=reset_view,
                         format_func=lambda d, t=titles | uploads: t.get(d, d))


# A session's first run draws the map alone: without the controls, the story's list, the sidebar's picker and
# upload, and the chart, table and downloads. A browser fetches each kind of widget's scripts as it first
# meets one, six at a time from this server, and the map's frame waited behind some forty of them (0.5-1 s).
# The next run, which the map starts itself once drawn (its first report of its view), draws them all, and so
# does a timer in case no report comes. The sidebar's heading is there from the start: the map's width does
# not change under it.
with st.sidebar:
    st.header("Article")
sidebar = st.sidebar.container()
if not first_run:
    show_picker()

name = state.uploads[state.doc][0] if state.doc in state.uploads else state.doc
try:
    if state.doc in state.uploads:
        name, data = state.uploads[state.doc]
        digest = upload_digest(state.doc, data)
    else:
        info = (appdata.SEEDS_DIR / name).stat()
        digest, data = seed_bytes(str(appdata.SEEDS_DIR / name), info.st_mtime_ns, info.st_size)
    doc_id = f"{digest}:{name}"
    result = analysed(digest, name, data)
except Exception as err:  # noqa: BLE001 - any failure is one message; the details go to the log
    st.error(md_escape(problem_text(name, err)))
    if first_run:
        show_picker()  # another article can still be picked or uploaded
    st.stop()

labels = appdata.phase_labels(result)
keys = list(labels)
if first_run:
    asked = appview.view_from_url(result, st.query_params.to_dict(), list(COLOURINGS))
    warnings += asked.warnings
    state.url_warnings = warnings
    state.phase, state.colour_by, state.place, state.search = asked.phase, asked.colour, asked.town, asked.search
    if asked.span is not None:
        state.span = asked.span
    state.event = state.map_event = asked.event
elif state.phase not in labels:
    state.phase = ALL

st.title(md_escape(result.document.title))
for warning in state.get("url_warnings", []):
    st.warning(md_escape(warning))
if state.get("upload_error"):
    shown = state.uploads[state.doc][0] if state.doc in state.uploads else state.doc
    st.error(f"**Could not open the upload.** {md_escape(state.upload_error)}  \nStill showing "
             f"{md_escape(shown)}.")
for note in result.notes:
    st.info(md_escape(appview.public_message(note, result.document.path)))


def show_controls() -> None:
    """The phase, Previous/Next, Play and its options, the dates shown and the colouring, over the story."""
    # format_func also maps a label to itself: AppTest's set_value passes the shown labels.
    st.select_slider("Phase", options=keys, key="phase", on_change=reset_span,
                     format_func=lambda key: labels.get(key, key))
    prev_col, next_col, play_col = st.columns(3, vertical_alignment="bottom")
    prev_col.button("‹ Previous", on_click=step, args=(keys, -1), disabled=view == keys[0], width="stretch")
    next_col.button("Next ›", on_click=step, args=(keys, 1), disabled=view == keys[-1], width="stretch")
    play_col.button("⏸ Pause" if state.playing else "▶ Play", on_click=toggle_play, args=(keys, bounds),
                    disabled=len(keys) < 2 and bounds[0] == bounds[1], width="stretch")
    unit_col, fade_col = st.columns(2, vertical_alignment="bottom")
    unit_col.selectbox("Play", list(appview.PLAY_UNITS), key="play_unit")
    fade_col.checkbox("Keep earlier events, faded", key="fade")
    if bounds[0] < bounds[1]:
        st.slider("Dates shown", min_value=bounds[0], max_value=bounds[1], key="span", format="YYYY-MM-DD",
                  on_change=lambda: (unpick(), state.update(story_page=0)))
    st.radio("Colour by", list(COLOURINGS), key="colour_by", horizontal=True, on_change=unpick)


def show_story(lines: list[appview.StoryLine]) -> None:
    """The story's list: a page of the view's events in date order; picking one flies the map to it."""
    # A page of the story at a time (the one with the picked event): a list of every line would be one radio
    # of 150 options, which the browser draws before the map.
    positions = [line.index for line in lines]
    if state.get("event") in positions:
        state.story_page = positions.index(state.event) // STORY_PAGE
    pages = max(1, -(-len(lines) // STORY_PAGE))
    page = min(state.get("story_page", 0), pages - 1)
    shown = lines[page * STORY_PAGE:(page + 1) * STORY_PAGE]
    texts = {line.index: line.text for line in shown}
    st.radio(f"Events {page * STORY_PAGE + 1}–{page * STORY_PAGE + len(shown)} of {len(lines)}, in date order: "
             "pick one to fly to its town, or step through them with ‹ › on the map" if lines
             else "No event in this view", list(texts), key="event", index=None, on_change=pick_line,
             format_func=lambda i: texts.get(i, ""))
    if pages > 1:
        earlier, later = st.columns(2)
        earlier.button("« Earlier events", on_click=turn_page, args=(-1,), disabled=page == 0, width="stretch")
        later.button("Later events »", on_click=turn_page, args=(1,), disabled=page == pages - 1,
                     width="stretch")


def event_shown(number: int | None) -> Event | None:
    """The article's event of this number when the view shows it."""
    event = result.events[number] if number is not None and 0 <= number < len(result.events) else None
    return event if event is not None and event in events else None


try:
    # The map on the left (first on a phone, where columns stack), the story and its controls on the right.
    map_col, story_col = st.columns([3, 2], gap="medium")
    # The view comes from session state, where the controls keep it (set above from the URL on a session's
    # first run, which draws the map without them).
    view = state.phase
    bounds = appview.view_span(result, view)
    if bounds[0] < bounds[1] and "span" not in state:
        # The slider's value through session state only: a default given too makes Streamlit warn in the log.
        state.span = bounds
    span = tuple(state.get("span", bounds))
    span = None if span == bounds else span
    colour_by = state.colour_by

    # The map: the base (basemap, legend) is the same for every view of a document and colouring, so the
    # component keeps its zoom and pan; only the feature group of markers is swapped when the view changes.
    colouring = colouring_for(doc_id, colour_by, result)
    # A search narrows the map and the story as well as the table: what the map shows is what was asked for.
    search = state.get("search", "")
    in_view = towns.view_events(result, appdata.phase_key(view), span=span)
    events = appdata.search_events(in_view, search)
    lines = appview.story_lines(result, events)

    opened = event_shown(state.get("map_event"))  # the line the app itself flew to: the map draws it open
    markers = towns.town_markers(events, colouring)
    faded = ()
    if span is not None and state.fade and span[0] > bounds[0]:
        earlier = appdata.search_events(towns.view_events(result, appdata.phase_key(view),
                                                          span=(bounds[0], span[0])), search)
        faded = towns.town_markers([e for e in earlier if e not in events], colouring)
    basemap = base_map_parts(doc_id, "", result)
    with map_col:
        number = keys.index(view)
        st.subheader(md_escape(result.phase(view).numbered(number, len(keys) - 1, dates=False)) if number
                     else "All phases")
        base = appdata.build_app_map(result, colouring, basemap)
        clicked = st_folium(base, key="map", height=MAP_HEIGHT,
                            feature_group_to_add=maps.marker_layer(
                                markers, view, open_event=opened, faded=faded, far=basemap[0].far,
                                steps=[(line.index, result.events[line.index]) for line in lines],
                                legend=colouring),
                            center=(opened.place.lat, opened.place.lon) if opened else None,
                            zoom=FLY_ZOOM if opened else None,
                            use_container_width=True, returned_objects=CLICK_FIELDS)
        stepped_in_map(clicked, lines)
        picked = event_shown(state.get("event"))
        if picked is None:
            state.event = None
        # On a phone the columns stack and the story's Previous/Next lie a screen below the map: a copy of
        # them right under the map (hidden on wider screens by the CSS at the end) steps without scrolling the
        # map away.
        if not first_run:
            with st.container(key="phone-steps", horizontal=True):
                st.button("‹ Previous phase", key="phone_previous", on_click=step, args=(keys, -1),
                          disabled=view == keys[0], width="stretch")
                st.button("Next phase ›", key="phone_next", on_click=step, args=(keys, 1),
                          disabled=view == keys[-1], width="stretch")
        far = [name for name in basemap[0].far if name in {m.name for m in markers}]
        first, last = span or bounds
        summary = (f"**{first} – {last}**" if span or view == ALL
                   else f"**{appdata.view_summary(result, view).dates}**")
        searched = f" matching “{md_escape(search.strip())}”" if search.strip() else ""
        beyond = appview.outside_span(events, bounds) if view == ALL and span is None else 0
        st.markdown(f"{summary} · {towns.count_text(len(events))}{searched} in "
                    f"{towns.count_text(len(markers), 'town')}"
                    + (f" ({towns.count_text(beyond)} before or after these dates, outside every phase)"
                       if beyond else "")
                    + (f"  \n{maps.FAR_NOTE}: {md_escape(', '.join(far))}" if far else ""))
        steps = appdata.view_summary(result, view).steps
        if steps:
            st.caption("Steps: " + " · ".join(md_escape(s) for s in steps))

    if not first_run:
        with story_col:
            show_controls()
    st.fragment(advance_play, run_every=PLAY_SECONDS if state.playing else None)(keys, bounds)

    # A new click on a marker filters the table to that town. The click count restarts with each new map (a
    # new document: a new colouring keeps the map).
    if state.get("map_id") != doc_id:
        state.map_id, state.click_seen = doc_id, None
    count = (clicked or {}).get("last_object_clicked_count")
    if count and count != state.click_seen:
        state.click_seen = count
        point = clicked.get("last_object_clicked") or {}
        town = appdata.clicked_town(markers, point.get("lat"), point.get("lng"),
                                    clicked.get("last_object_clicked_tooltip"))
        if town:
            state.place = town

    with story_col:
        if view != ALL:
            phase = result.phase(view)
            st.markdown(f"#### {md_escape(phase.title)}  \n{phase.span}")
        if not first_run:
            show_story(lines)

    # The map first (see above). The month chart, the table and the downloads need the browser's largest
    # scripts (Vega and the data grid, 2 MB), whose loading held the map's frame back by 1.5 s.
    if first_run:
        state.rest_due = time.monotonic() + REST_AFTER_SECONDS
        st.caption("The controls, the month chart, the table of events and the downloads follow once the map "
                   "is drawn…")
        st.fragment(rest_timer, run_every=REST_AFTER_SECONDS)()
        place = state.place
    else:
        place, search = app_rest.show_rest(result, view, events, in_view, doc_id, bounds)
except Exception:
    if first_run:
        show_picker()  # a failure above leaves another article to pick or upload, as ever
    raise
app_rest.show_not_found(result)

# The URL holds the document and the whole view, so that a shared link (or a reload) reopens it.
wanted = appview.view_query(state.doc, view, colour_by, next(iter(COLOURINGS)), place, search, span,
                            state.event if picked is not None else None)
if st.query_params.to_dict() != wanted:
    st.query_params.from_dict(wanted)

# Streamlit stacks columns below 640 px: only then does the copy of Previous/Next under the map show. Last on
# the page, so that the browser fetches the map's scripts before those of this element.
st.html("<style>@media (min-width: 640px) { .st-key-phone-steps { display: none !important; } }</style>")
