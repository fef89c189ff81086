"""The one place that chains the steps: path -> Document -> dated sentences -> events -> phases."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from .actors import annotate_in_place, drop_actor_names
from .extract import extract_events
from .gazetteer import Gazetteer, load_gazetteer
from .load import MAX_ARTICLE_MB, load_document, parse_document
from .model import Document, Event, Phase, Result
from .phases import assign_phases, build_phases, shown_phases

# Articles larger than this report progress (CLI: on stderr; app: a bar); smaller ones take well under a
# second.
PROGRESS_ABOVE_BYTES = 1_000_000


def analyse(document: Document, gazetteer: Gazetteer | None = None,
            progress: Callable[[float], None] | None = None) -> Result:
    """A loaded document -> its phases, events (towns), other dated places and unresolved names.

    progress: called with the fraction done (0..1); long articles take seconds.
    """
    gazetteer = gazetteer or load_gazetteer()
    extraction = extract_events(document, gazetteer, progress)
    built = build_phases(document, extraction.sentences, extraction.present)
    found, others, rejected = list(extraction.events), extraction.others, extraction.rejected_dates
    unresolved = drop_actor_names(extraction.unresolved, document)
    # Let go of the one record per sentence the phases were read from (a 25 MB article has 650,000 sentences)
    # before the next steps, and give each event its phase and its actors in place: a long article's events
    # are never held twice.
    del extraction
    # A phase that no town event falls in is not a step (its events are known only now).
    phases = shown_phases(built, found)
    del built
    _assign_phases_in_place(found, phases)
    annotate_in_place(found, document)
    events = tuple(sorted(found, key=lambda e: e.date_start.first_day()))
    del found
    others = assign_phases(others, phases)
    if progress:
        progress(1.0)
    return Result(document, phases, events, unresolved, others, rejected, notes(document, events))


def _assign_phases_in_place(events: list[Event], phases: Sequence[Phase], chunk: int = 4096) -> None:
    """assign_phases, a chunk of events at a time, each chunk replaced by its events with their phases."""
    for start in range(0, len(events), chunk):
        events[start : start + chunk] = assign_phases(events[start : start + chunk], phases)


def notes(document: Document, events: tuple) -> tuple[str, ...]:
    """What a user should be told about an article that loaded but gives little: said, never a crash."""
    label = document.path or document.title
    body = "".join(s.text for s in document.sections).strip()
    found: list[str] = list(document.notes)
    if not body and not document.metadata:
        found.append(f"{label}: the article is empty.")
    elif not body:
        found.append(f"{label}: the article has front matter but no body text.")
    elif not document.metadata:
        found.append(f"{label}: no YAML front matter; the title was taken from the file name.")
    if body and not events:
        found.append(f"{label}: no dated towns were found, so the map is empty.")
    return tuple(found)


def run(path: str | os.PathLike[str], gazetteer: Gazetteer | None = None,
        progress: Callable[[float], None] | None = None, max_mb: float = MAX_ARTICLE_MB) -> Result:
    """Read and analyse an article file of at most max_mb MB."""
    return analyse(load_document(path, max_mb), gazetteer, progress)


def run_text(data: bytes | str, name: str = "<upload>", gazetteer: Gazetteer | None = None,
             progress: Callable[[float], None] | None = None) -> Result:
    """Analyse an article given as bytes or text (an upload)."""
    return analyse(parse_document(data, name), gazetteer, progress)
