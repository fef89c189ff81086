"""Each place under the name its article gives it: a reader of an article on al-Qusayr looks for
"al-Qusayr" and "Hama" on the map, not GeoNames' "Al Quşayr" and "Ḩamāh".

One name per place and article, the same in every view (events, popups, labels, CSV and GeoJSON `place`,
control records): the spelling the article uses most for it where the words name it directly (not "the
city", not a district placed at its city). The gazetteer's own name stays in Place.gazetteer_name, and
the curated file's names, which are hand-checked display names, are kept as they are.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping

from .gazetteer import fold
from .model import Event, Place


def _odd(spelling: str) -> bool:
    """A spelling no map should show: shouted ("KYIV"), or with digits in it."""
    return (spelling.isupper() and len(spelling) > 3) or any(ch.isdigit() for ch in spelling)


def article_spelling(place: Place, spellings: Counter[str]) -> str:
    """The spelling the article uses most for `place`, case aside ("al-Qusayr" and, opening a sentence,
    "Al-Qusayr" are one spelling, written as most often); on a tie, the gazetteer's own spelling, else the
    first written. The gazetteer's name when the article gives none that can be shown."""
    groups: dict[str, Counter[str]] = {}
    for spelling, count in spellings.items():  # a Counter keeps the order spellings were first seen in
        if spelling and not _odd(spelling):
            groups.setdefault(spelling.casefold(), Counter())[spelling] += count
    if not groups:
        return place.name
    own = fold(place.name)
    order = {key: n for n, key in enumerate(groups)}
    best = max(groups, key=lambda key: (sum(groups[key].values()), fold(key) == own, -order[key]))
    return groups[best].most_common(1)[0][0]


def spell_as_written(events: Iterable[Event], others: Iterable[Event], spellings: Mapping[Place, Counter[str]],
                     keep: frozenset[Place] = frozenset()) -> tuple[list[Event], list[Event]]:
    """The events with each place renamed to its article's spelling (see article_spelling).

    spellings: for each place, the words that named it directly, with how often. keep: places whose name
    stands as it is (the curated file's). Two places never share a name: where two would, the one the
    article names less keeps the gazetteer's name.
    """
    renamed: dict[Place, Place] = {}
    own_names = {place.name for place in spellings} | {place.name for place in keep}
    taken: set[str] = set()
    for place in sorted(spellings, key=lambda p: -sum(spellings[p].values())):  # the most named chooses first
        if place in keep:
            continue
        name = article_spelling(place, spellings[place])
        if name == place.name or name in taken or name in own_names:
            taken.add(place.name)
            continue
        taken.add(name)
        renamed[place] = dataclasses.replace(place, name=name, gazetteer_name=place.name)
    return _moved(events, renamed), _moved(others, renamed)


def _moved(events: Iterable[Event], renamed: Mapping[Place, Place]) -> list[Event]:
    out = []
    for e in events:
        place = renamed.get(e.place)
        out.append(e if place is None else Event(place, e.mention, e.date_start, e.date_end, e.phase, e.section,
                                                 e.sentence, e.date_basis, e.event_type, e.actor1, e.actor2))
    return out
