"""Sections -> events: one event per (sentence, populated place), at the sentence's date.

The steps are modules of their own: sentences.py reads each sentence at its date, places.py finds the places
a sentence names; this module assembles the events and collects the names that resolved nowhere.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .dates import by_initial
from .gazetteer import Gazetteer
from .model import Document, Event, PartialDate, Unresolved
from .places import PlaceFinder
from .sentences import DatedSentence, date_sentences, present_date

def article_countries(document: Document, gazetteer: Gazetteer) -> tuple[str, ...]:
    """ISO codes of the countries the article names, most named first: they decide between homonyms."""
    names = {n: p.country for p in gazetteer.curated if p.kind == "country" for n in (p.name, *p.aliases, *p.demonyms)}
    if not names:
        return ()
    pattern = _names_pattern(tuple(sorted(names, key=len, reverse=True)))
    text = document.title + "\n" + "\n".join(s.text for s in document.sections)
    counts = Counter(names[m] for m in pattern.findall(text))
    return tuple(code for code, _ in counts.most_common())


@lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    initials, rest = by_initial(n for n in names if n)
    return re.compile(rf"[{initials}](?<=\b(?s:.)){rest}\b")  # whole names, found fast (see by_initial)


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

    progress: called now and then with the fraction done (0..1), for long articles.
    """
    rejected: list[str] = []
    if progress:
        progress(0.0)
    present = present_date(document)
    dated = date_sentences(document, rejected, present, (lambda f: progress(0.4 * f)) if progress else None)
    step = max(1, len(dated) // 20)
    finder = PlaceFinder(gazetteer, article_countries(document, gazetteer))
    events: list[Event] = []
    others: list[Event] = []
    missing: dict[str, list] = {}
    for number, item in enumerate(dated):
        if progress and number % step == 0:
            progress(0.4 + 0.55 * number / len(dated))
        mentions, unresolved = finder.find(item.text)
        for name in unresolved:
            entry = missing.setdefault(name, [item.text, 0])
            entry[1] += 1
        if item.start is None:
            continue
        seen: set[str] = set()
        for mention in mentions:
            place = mention.place
            if place is None or place.name in seen:
                continue
            seen.add(place.name)
            event = Event(place, mention.text, item.start, item.end, "", item.section, item.text, date_basis=item.basis)
            (events if place.is_town else others).append(event)
    return Extraction(
        tuple(events),
        tuple(others),
        tuple(Unresolved(name, s, n) for name, (s, n) in missing.items()),
        tuple(dated),
        tuple(rejected),
        present,
    )
