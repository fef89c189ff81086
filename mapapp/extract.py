"""Sections -> events: one event per (sentence, populated place), at the sentence's date.

The steps are modules of their own: sentences.py reads each sentence at its date, places.py finds the places
a sentence names; this module assembles the events and collects the names that resolved nowhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .gazetteer import Gazetteer
from .lookup import PlaceNames
from .model import Document, Event, PartialDate, Unresolved
from .places import Mention, PlaceFinder
from .scope import article_people, article_place_names, article_scope
from .sentences import DatedSentence, date_sentences, present_date
from .sentences import paragraphs, split_sentences  # noqa: F401  (their home before the split; still imported from here)

@dataclass(frozen=True, slots=True)
class Extraction:
    """The events of a document before phases are known, and what did not resolve."""

    events: tuple[Event, ...]
    others: tuple[Event, ...]
    unresolved: tuple[Unresolved, ...]
    sentences: tuple[DatedSentence, ...]
    rejected_dates: tuple[str, ...]
    present: PartialDate | None = None


def extract_events(document: Document, gazetteer: Gazetteer,
                   progress: Callable[[float], None] | None = None) -> Extraction:
    """One event per (sentence, place) whose date can be determined; towns in `events`, the rest in `others`.

    Two passes: the first finds the places of every sentence; the second takes a bare name ("Huliaipole
    lost power") only if the article names it in a place slot somewhere, and reads "the city" as the town
    named last in its paragraph.

    progress: called now and then with the fraction done (0..1), for long articles.
    """
    rejected: list[str] = []
    if progress:
        progress(0.0)
    present = present_date(document)
    dated = date_sentences(document, rejected, present, (lambda f: progress(0.4 * f)) if progress else None)
    step = max(1, len(dated) // 20)
    names = PlaceNames(gazetteer)
    finder = PlaceFinder(names, article_scope(document, names), article_people(document),
                         article_place_names(document, names))
    found: list[tuple[DatedSentence, list[Mention]]] = []
    missing: dict[str, list] = {}
    for number, item in enumerate(dated):
        if progress and number % step == 0:
            progress(0.4 + 0.55 * number / len(dated))
        mentions, unresolved = finder.find(item.text)
        for name in unresolved:
            entry = missing.setdefault(name, [item.text, 0])
            entry[1] += 1
        if mentions:
            found.append((item, mentions))
    events, others = _assemble(found, finder)
    return Extraction(
        tuple(events),
        tuple(others),
        tuple(Unresolved(name, s, n) for name, (s, n) in missing.items()),
        tuple(dated),
        tuple(rejected),
        present,
    )


def _assemble(found: list[tuple[DatedSentence, list[Mention]]], finder: PlaceFinder) -> tuple[list[Event], list[Event]]:
    """Events from each sentence's mentions: one per (sentence, place), towns apart from other places.

    A name the article puts in a place slot anywhere is a place everywhere (finder.confirmed); a name it
    gives a person or a ship anywhere is not ("the cruiser Moskva" makes every "Moskva" the ship), unless
    the curated file holds it."""
    events: list[Event] = []
    others: list[Event] = []
    paragraph, last_town = -1, None  # the town "the city" stands for: named last in the same paragraph
    for item, mentions in found:
        if item.paragraph != paragraph:
            paragraph, last_town = item.paragraph, None
        seen: set[str] = set()
        for mention in mentions:
            place = mention.place
            if mention.unknown:
                last_town = None  # "the village of Dabaa ... the town": not the town named before Dabaa
                continue
            if mention.refers:
                place = last_town
            elif mention.pending:
                place = finder.confirmed.get(mention.pending)
            if place is None or (not mention.refers and finder.names_a_person(mention.text)):
                continue
            if place.is_town and place.kind != "district":
                last_town = place
            if item.start is None or place.name in seen:
                continue
            seen.add(place.name)
            event = Event(place, mention.text, item.start, item.end, "", item.section, item.text, date_basis=item.basis)
            (events if place.is_town else others).append(event)
    return events, others
