"""Memory of an article in which every sentence is a dated event (issue #14): the 25 MB one took 563 MB to
extract, past the 500 MB goal, because its mentions, its sentences' dates and two copies of its events were
held at once. The whole figure (a fresh process at 25 MB) is `python -m mapapp bench`'s
dated_sentences_extract_max_rss_mb; here, the peak of what Python allocates while analysing 2 MB of them,
per byte of text, which that change brought from 18 to 12 (tracemalloc counts allocations, so a busy machine
does not change it)."""

from __future__ import annotations

import tracemalloc

from mapapp.heavy import dated_sentences
from mapapp.load import parse_document
from mapapp.pipeline import analyse

PEAK_PER_BYTE = 14


def test_analysing_dated_sentences_peaks_at_a_bounded_multiple_of_the_text(gazetteer):
    text = dated_sentences(2 * 1024 * 1024)
    analyse(parse_document(dated_sentences(20_000), "warm.md"), gazetteer)  # the rules, compiled once
    tracemalloc.start()
    try:
        result = analyse(parse_document(text, "dated.md"), gazetteer)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(result.events) > 50_000  # every sentence an event, each with its actors
    assert all(e.event_type == "attack" and e.actor1 for e in result.events[:100])
    assert peak <= PEAK_PER_BYTE * len(text), f"{peak / 2**20:.0f} MB traced for {len(text) / 2**20:.0f} MB"
