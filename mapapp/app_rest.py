"""The lower part of the app's page: the month chart, the table of events with its town and word filters, the
downloads, and the sidebar's places not found. Part of the Streamlit shell (mapapp/app.py)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

import streamlit as st

from mapapp import app_cache, appdata, towns
from mapapp.appdata import ALL_PLACES, md_escape
from mapapp.model import Event, Result


def clear_place() -> None:
    st.session_state.place = ALL_PLACES


def pick_bin(bins: Sequence[tuple[dt.date, dt.date]], bounds: tuple[dt.date, dt.date]) -> None:
    """A click on a bar of the chart: the dates shown become its day, week or month (within the view)."""
    state = st.session_state
    picked = (state.get("chart") or {}).get("selection", {}).get("pick") or []
    index = picked[0].get("bin") if picked else None
    if not isinstance(index, int) or not 0 <= index < len(bins) or bounds[0] >= bounds[1]:
        return
    state.span = (max(bins[index][0], bounds[0]), min(bins[index][1], bounds[1]))
    state.event = state.map_event = None
    state.story_page = 0


def show_rest(result: Result, view: str, events: Sequence[Event], in_view: Sequence[Event],
              doc_id: str, bounds: tuple[dt.date, dt.date]) -> tuple[str, str]:
    """The chart, the table and the downloads of a view; returns the table's town and search words."""
    state = st.session_state
    chart = appdata.month_chart(result, view, bounds=bounds)
    if chart.values:
        # A click on a bar narrows the dates shown to it (the slider, the map, the story and the table).
        st.vega_lite_chart(spec=chart.spec, height=230, width="stretch", key="chart",
                           on_select=functools.partial(pick_bin, chart.bins, bounds), selection_mode="pick")
    left_out = chart.year_only + chart.coarse
    if left_out:
        known = "to the month or the year" if chart.coarse else "to the year"
        st.caption(f"Events per {chart.unit}. {towns.count_text(left_out)} known only {known} are not shown.")

    # The events of the view, filtered by town (a marker click sets it) and by words.
    st.subheader("Events")
    places = [ALL_PLACES, *sorted({e.place.name for e in events})]
    if state.get("place") not in places:
        state.place = ALL_PLACES
    place_col, search_col, clear_col = st.columns([2, 3, 1], vertical_alignment="bottom")
    place = place_col.selectbox("Place", places, key="place")
    search = search_col.text_input("Search", key="search", placeholder="Words in the text, place or section")
    clear_col.button("Clear town filter", on_click=clear_place, disabled=place == ALL_PLACES, width="stretch")
    rows = appdata.event_rows(events, place, search)
    st.caption(f"{len(rows)} of {towns.count_text(len(in_view))}"
               + (f" · at {md_escape(place)}" if place != ALL_PLACES else ""))
    st.dataframe(rows, hide_index=True, width="stretch", height=320,
                 column_order=["Date", "Dated by", "Place", "Type", "Actors", "Text", "Section"],
                 column_config={"Text": st.column_config.TextColumn(width="large")})
    if any(row["Dated by"].startswith("≈") for row in rows):
        st.caption(md_escape(towns.INFERRED_NOTE))

    # Downloads: the bytes `python -m mapapp export` writes. Given as bytes, not as a callable run on click:
    # a file's URL then comes from its content and stays valid while the app reruns (a callable's id is new
    # with every run, and a click that lands during a rerun would find nothing).
    st.subheader("Download")
    st.caption("The files `python -m mapapp export` writes: maps that open with no internet, and the events. "
               "A page's links to the other pages work next to them: take the .zip for all of them at once.")
    files = app_cache.download_files(doc_id, result)
    buttons = appdata.downloads(result, view)
    files = files | {appdata.zip_name(result): app_cache.download_zip(doc_id, result)}
    for column, button in zip(st.columns(len(buttons)), buttons):
        column.download_button(button.label, data=files[button.name], file_name=button.name, mime=button.mime,
                               on_click="ignore", disabled=button.disabled, width="stretch")
    return place, search


def show_not_found(result: Result) -> None:
    """The sidebar's list of the article's place names that the gazetteer does not hold."""
    with st.sidebar:
        with st.expander(f"Places not found ({len(result.unresolved)})", expanded=bool(result.unresolved)):
            for missing in result.unresolved:
                st.markdown(f"**{md_escape(missing.name)}** ×{missing.count}  \n{md_escape(missing.sentence)}")
            if not result.unresolved:
                st.caption("Every place name in the article was found in the gazetteer.")
