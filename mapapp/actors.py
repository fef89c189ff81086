"""What happened and who took part: an event type and two actors for each event, from its sentence.

The rules live in mapapp/data/actors.yaml (compiled by actor_rules): trigger words decide the type;
actors are found by their names and aliases, starting from the infobox's combatants; roles (who acts,
who is acted on) come from the small named rules of mapapp/roles.py. Generic names ("the rebels",
"government forces") are read as a reader does: the group the same section has just named for that side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .actor_rules import (ACTORS_PATH, EVENT_TYPES, GOVERNMENT, ActorTable, actor_table, classify, combatant_texts,
                          find_actors, theatre_of)
from .model import Document, Event
from .roles import Mention, assign_roles, joint_actors
from .sides import Sides, read_sides

__all__ = ["ACTORS_PATH", "EVENT_TYPES", "ActorTable", "Story", "actor_table", "annotate_events", "assign_roles",
           "classify", "clause_around", "describe", "drop_actor_names", "find_actors", "is_negated", "joint_actors",
           "read_story"]

_SUBORDINATE = re.compile(r"^\s*(?:amid|after|following|despite|while|during|as|when|before)\b", re.IGNORECASE)
_GAP = re.compile(r"^\s*,\s*$")
_NEGATED = re.compile(r"\b(?:not|never|failed to|no longer)\s+(?:\w+\s+){0,2}$")
_CLAUSE_BREAK = re.compile(r"[,;:()–—]\s*")


@dataclass(frozen=True, slots=True)
class Story:
    """What the actor rules need to know about one article: its table (its theatre first), its sides, and
    for each section the actors it names in order (to read generic names as a reader does).

    named: section title -> (section text, every actor mention in it as (start, end, name)).
    """

    table: ActorTable
    sides: Sides
    named: dict[str, list[tuple[str, list[Mention]]]]

    def resolve(self, sentence: str, section: str, mentions: list[Mention]) -> list[Mention]:
        """Each generic mention as the specific actor it stands for; generic names left as they are when
        the section has named no such group, 'government' dropped when the war has no government."""
        if not any(self._generic(m[2]) for m in mentions):
            return mentions
        earlier = self._earlier(sentence, section)
        out: list[Mention] = []
        for mention in mentions:
            name = mention[2]
            if self._generic(name):
                history = earlier + [m[2] for m in mentions if m[1] <= mention[0]]
                name = self._stand_in(name, history)
            if name:
                out.append((mention[0], mention[1], name))
        return out

    def _generic(self, name: str) -> bool:
        actor = self.table.actor(name)
        return actor is not None and bool(actor.refers_to)

    def _earlier(self, sentence: str, section: str) -> list[str]:
        """The specific actors named in the section before this sentence, in order."""
        for text, mentions in self.named.get(section, ()):
            at = text.find(sentence)
            if at >= 0:
                return [m[2] for m in mentions if m[1] <= at and not self._generic(m[2])]
        return []

    def _stand_in(self, generic: str, history: list[str]) -> str:
        actor = self.table.info[generic]
        if actor.refers_to == (GOVERNMENT,):
            if self.sides.government:
                return self.sides.government
            named = next((n for n in reversed(history) if self.table.info[n].kind == "state"), "")
            states = {n for side in self.sides.belligerents for n in side if self.table.info[n].kind == "state"}
            return named or (states.pop() if len(states) == 1 else "")
        for name in reversed(history):
            candidate = self.table.actor(name)
            if (candidate is not None and set(candidate.tags) & set(actor.refers_to)
                    and not self.sides.with_government(name)):
                return name
        return generic


def read_story(document: Document, events: Sequence[Event] = ()) -> Story:
    """The actor rules for this article: its theatre from its towns' countries, its sides from its infobox."""
    countries = [e.place.country for e in events]
    theatre = theatre_of(countries)
    if not theatre:  # no town placed yet: the countries of the states its infobox names
        base = actor_table(document)
        named = [base.info[m[2]].country for _, text in combatant_texts(document) for m in find_actors(text, base)]
        theatre = theatre_of(named)
    table = actor_table(document, theatre)
    named: dict[str, list[tuple[str, list[Mention]]]] = {}
    for section in document.sections:
        named.setdefault(section.title, []).append((section.text, find_actors(section.text, table)))
    return Story(table, read_sides(document, table, countries), named)


def clause_around(sentence: str, position: int) -> tuple[int, int]:
    """The stretch between punctuation marks that holds `position`: "amid protests in Bamako and Kati"."""
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() >= position:
            return start, match.start()
        start = match.end()
    return start, len(sentence)


def describe(sentence: str, mention: str, table: ActorTable,
             mentions: list[Mention] | None = None,
             whole: tuple[str, tuple[int, int] | None] | None = None) -> tuple[str, str, str]:
    """(event_type, actor1, actor2) for the place named `mention` in `sentence`.

    The clause that names the place decides when it has trigger words of its own ("…, amid protests in
    Bamako"); otherwise the sentence does ("…, as well as Ansongo and Bourem").
    """
    if mentions is None:
        mentions = find_actors(sentence, table)
    position = sentence.find(mention)
    if position >= 0:
        lo, hi = clause_around(sentence, position)
        if _SUBORDINATE.match(sentence[lo:hi]):
            kind, trigger = classify(sentence[lo:hi], table)
            if trigger is not None:
                trigger = (trigger[0] + lo, trigger[1] + lo)
                return (kind, *assign_roles(sentence, trigger, mentions, kind))
    kind, trigger = whole or classify(sentence, table)
    actor1, actor2 = assign_roles(sentence, trigger, mentions, kind)
    if trigger is not None and position > trigger[1]:
        gapped = [m for m in mentions if trigger[1] <= m[0] and m[1] <= position and _GAP.match(sentence[m[1] : position])]
        if gapped:
            actor1, actor2 = gapped[-1][2], ""  # "... and Chadian troops, Ménaka": the gapped verb's own subject
    return kind, actor1, actor2


def annotate_events(events: tuple[Event, ...], document: Document, story: Story | None = None) -> tuple[Event, ...]:
    """Fill event_type, actor1 and actor2 of each event from its sentence."""
    story = story or read_story(document, events)
    table = story.table
    cache: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    read: dict[tuple[str, str], tuple[list[Mention], tuple[str, tuple[int, int] | None]]] = {}
    out = []
    for event in events:
        key = (event.section, event.sentence, event.mention)
        if key not in cache:
            where = (event.section, event.sentence)
            if where not in read:
                read[where] = (story.resolve(event.sentence, event.section, find_actors(event.sentence, table)),
                               classify(event.sentence, table))
            cache[key] = describe(event.sentence, event.mention, table, *read[where])
        kind, actor1, actor2 = cache[key]
        out.append(event.with_roles(kind, actor1, actor2))
    return tuple(out)


def drop_actor_names(unresolved: tuple, document: Document) -> tuple:
    """Unknown names in a place slot that are in fact actors ("a new split happened in Ansar Dine") are
    not places the gazetteer lacks: leave them out of the unresolved list."""
    table = actor_table(document)
    return tuple(u for u in unresolved if not table.any_actor.fullmatch(u.name))


def is_negated(sentence: str, trigger: tuple[int, int] | None) -> bool:
    """"had still not recaptured Konna": the claim is denied, which makes control contested.
    trigger: where the sentence's event words stand (classify)."""
    return bool(trigger and _NEGATED.search(sentence, 0, trigger[0]))
