"""The one place that chains the steps: path -> Document -> dated sentences -> events -> phases."""

from __future__ import annotations

import os

from .actors import annotate_events
from .extract import extract_events
from .gazetteer import Gazetteer, load_gazetteer
from .load import load_document, parse_document
from .model import Document, Result
from .phases import assign_phases, build_phases


def analyse(document: Document, gazetteer: Gazetteer | None = None) -> Result:
    """A loaded document -> its phases, events (towns), other dated places and unresolved names."""
    gazetteer = gazetteer or load_gazetteer()
    extraction = extract_events(document, gazetteer)
    phases = build_phases(document, extraction.sentences, extraction.present)
    events = annotate_events(assign_phases(extraction.events, phases), document)
    events = tuple(sorted(events, key=lambda e: e.date_start.first_day()))
    others = assign_phases(extraction.others, phases)
    return Result(document, phases, events, extraction.unresolved, others, extraction.rejected_dates)


def run(path: str | os.PathLike[str], gazetteer: Gazetteer | None = None) -> Result:
    """Read and analyse an article file."""
    return analyse(load_document(path), gazetteer)


def run_text(data: bytes | str, name: str = "<upload>", gazetteer: Gazetteer | None = None) -> Result:
    """Analyse an article given as bytes or text (an upload)."""
    return analyse(parse_document(data, name), gazetteer)
