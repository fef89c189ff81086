"""What happened and who took part: an event type and two actors for each event, from its sentence.

The rules live in mapapp/data/actors.yaml (compiled by actor_rules): trigger words decide the type;
actors are found by their names and aliases, starting from the infobox's combatants; roles (who acts,
who is acted on) come from the small named rules of mapapp/roles.py. Generic names ("the rebels",
"government forces") are read as a reader does: the group the same section has just named for that side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from dataclasses import dataclass, field

from .actor_rules import (ACTORS_PATH, EVENT_TYPES, GOVERNMENT, PLACEHOLDERS, ActorTable, actor_table, classify, combatant_texts,
                          find_actors, theatre_of)
from .extract import paragraphs, split_sentences
from .lookback import search_back
from .model import Document, Event
from .roles import Mention, assign_roles, joint_actors
from .sides import Sides, read_sides

__all__ = ["ACTORS_PATH", "EVENT_TYPES", "ActorTable", "Locus", "Paragraph", "Story", "actor_table", "annotate_events", "assign_roles",
           "classify", "clause_around", "describe", "drop_actor_names", "find_actors", "is_negated", "joint_actors",
           "read_story"]

_GAP = re.compile(r"^\s*,\s*$")
_NEGATED = re.compile(r"\b(?:not|never|failed to|no longer)\s+(?:\w+\s+){0,2}$")
CIVILIANS = "Civilians"
_NOT_ACTING = {CIVILIANS, GOVERNMENT}
# "Islamist fighters from MUJAO", "rebels of the MNLA": the generic name is the group that follows.
_MEMBER_FROM = re.compile(r"(?:\s+(?:fighters|militants|forces|members))?\s+(?:from|of)\s+(?:the\s+)?$")
_CLAUSE_BREAK = re.compile(r"[,;:()–—]\s*")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a section and every actor mention in it, as (start, end, name), generic ones as written."""

    text: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Locus:
    """Where a sentence stands in its section: the section's paragraphs, the index of the sentence's own, and
    the sentence's offset in it."""

    paragraphs: tuple[Paragraph, ...]
    index: int
    offset: int


@dataclass(frozen=True, slots=True)
class Story:
    """What the actor rules need to know about one article: its table (its theatre first), its sides, and
    for each section the actors its paragraphs name in order (to read generic names as a reader does).

    named: section title -> its paragraphs with their actor mentions.
    """

    table: ActorTable
    sides: Sides
    named: dict[str, tuple[Paragraph, ...]]
    # Filled as sentences are read: where each sentence stands, per section; and per (section, generic name)
    # how often the section names such groups and says the generic word. Built once each, so that a long
    # article is read in linear time (a scan per event made the 40-times article quadratic).
    _where: dict[str, dict[str, Locus]] = field(default_factory=dict, repr=False, compare=False)
    _counts: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)

    def resolve(self, sentence: str, section: str, mentions: list[Mention]) -> list[Mention]:
        """Each generic mention as the specific actor it stands for; generic names left as they are when
        the text has not made clear which group they are, 'government' dropped when the war has none."""
        if not any(self._generic(m[2]) for m in mentions):
            return mentions
        where = self.locate(sentence, section)
        out: list[Mention] = []
        for number, mention in enumerate(mentions):
            name = mention[2]
            if self._generic(name):
                following = mentions[number + 1] if number + 1 < len(mentions) else None
                if following and not self._generic(following[2]) and _MEMBER_FROM.match(sentence, mention[1], following[0]):
                    name = following[2]  # "Islamist fighters from MUJAO": the group that follows
                else:
                    name = self._stand_in(name, [m[2] for m in mentions if m[1] <= mention[0]], where)
            if name:
                out.append((mention[0], mention[1], name))
        return out

    def locate(self, sentence: str, section: str) -> Locus | None:
        """Where `sentence` stands in `section` (its first occurrence), None when it is not there."""
        index = self._where.get(section)
        if index is None:
            index = self._where[section] = {}
            paragraphs_ = self.named.get(section, ())
            for number, paragraph in enumerate(paragraphs_):
                at = 0
                for own in split_sentences(paragraph.text):
                    at = paragraph.text.find(own, at)
                    index.setdefault(own, Locus(paragraphs_, number, at))
        found = index.get(sentence)
        if found is None:  # not one of the section's own sentences as split here: look for the words
            paragraphs_ = self.named.get(section, ())
            found = next((Locus(paragraphs_, n, p.text.find(sentence)) for n, p in enumerate(paragraphs_)
                          if sentence in p.text), None)
        return found

    def _generic(self, name: str) -> bool:
        actor = self.table.actor(name)
        return actor is not None and bool(actor.refers_to)

    def _stand_in(self, generic: str, in_sentence: list[str], where: Locus | None) -> str:
        actor = self.table.info[generic]
        if actor.refers_to == (GOVERNMENT,):
            if self.sides.government:
                return self.sides.government
            history = [*reversed(in_sentence), *self._named_back(where)]
            named = next((n for n in history if not self._generic(n) and self.table.info[n].kind == "state"), "")
            states = {n for side in self.sides.belligerents for n in side if self.table.info[n].kind == "state"}
            return named or (states.pop() if len(states) == 1 else "")

        def fits(name: str) -> bool:
            # A group of that kind, not on the government's side and, when the infobox lists sides, on one
            # of them: "the rebels" of a battle are not a group the article names only in passing.
            candidate = self.table.actor(name)
            return (candidate is not None and bool(set(candidate.tags) & set(actor.refers_to))
                    and not self.sides.with_government(name)
                    and (not self.sides.belligerents or self.sides.side_of(name) >= 0))

        # The same paragraph named the group: "the rebels" are they.
        nearest = next((n for n in [*reversed(in_sentence), *self._named_back(where, paragraph_only=True)] if fits(n)), "")
        if nearest:
            return self._coalition(nearest, fits)
        if where is None:
            return self._unresolved(generic)
        # Else the section, when it speaks of such groups by name at least half as often as by the generic
        # word (a section that says "the rebels" forty times and "the FSA" five means the rebels at large).
        key = (id(where.paragraphs), generic)
        if key not in self._counts:
            mentions = [m[2] for p in where.paragraphs for m in p.mentions]
            self._counts[key] = (sum(map(fits, mentions)), mentions.count(generic))
        named, said = self._counts[key]
        if 2 * named < said:
            return self._unresolved(generic)
        nearest = next((n for n in self._named_back(where) if fits(n)), "")
        return self._coalition(nearest, fits) if nearest else self._unresolved(generic)

    def _unresolved(self, generic: str) -> str:
        """A generic name no group stands for: itself ('Rebels'), or nothing for a placeholder ('the group')."""
        return "" if generic in PLACEHOLDERS else generic

    def _coalition(self, name: str, fits: Callable[[str], bool]) -> str:
        """"The rebels" are the coalition that heads the group's side of the infobox (the Army of Conquest,
        of which al-Nusra is a member), when that coalition is itself such a group."""
        side = self.sides.side_of(name)
        head = self.sides.belligerents[side][0] if side >= 0 else name
        return head if head != name and fits(head) and self.table.info[head].kind == "group" else name

    def implied_actor(self, sentence: str, section: str, exclude: set[str]) -> str:
        """Who acts when the sentence names no one ("Fierce fighting raged around the entrances"): the party
        the section was last speaking of that is neither acted on here nor its ally. (Measured: the section
        reads better than the paragraph alone, whose first sentences would get no one.)"""
        where = self.locate(sentence, section)
        for name, at in self._named_back(where, specific=False, places=True):
            name = self._stand_in(name, [], at) if self._generic(name) else name
            if name and name not in _NOT_ACTING and name not in exclude and not any(self.sides.allied(name, x) for x in exclude):
                return name
        return ""

    def _named_back(self, where: Locus | None, paragraph_only: bool = False, specific: bool = True,
                    places: bool = False) -> Iterator[Any]:
        """The actors named before the sentence, nearest first: in its paragraph, then (unless paragraph_only)
        in the section's earlier paragraphs; generic names left out when `specific`. With `places`, each
        name comes with where it stands (a Locus), to read a generic one there."""
        if where is None:
            return
        numbers = [where.index] if paragraph_only else range(where.index, -1, -1)
        for number in numbers:
            paragraph = where.paragraphs[number]
            for mention in reversed(paragraph.mentions):
                if (number == where.index and mention[1] > where.offset) or (specific and self._generic(mention[2])):
                    continue
                yield (mention[2], Locus(where.paragraphs, number, mention[0])) if places else mention[2]


def read_story(document: Document, events: Sequence[Event] = ()) -> Story:
    """The actor rules for this article: its theatre from its towns' countries, its sides from its infobox."""
    countries = [e.place.country for e in events]
    theatre = theatre_of(countries)
    if not theatre:  # no town placed yet: the countries of the states its infobox names
        base = actor_table(document)
        named = [base.info[m[2]].country for _, text in combatant_texts(document) for m in find_actors(text, base)]
        theatre = theatre_of(named)
    table = actor_table(document, theatre)
    named: dict[str, tuple[Paragraph, ...]] = {}
    for section in document.sections:
        found = tuple(Paragraph(text, tuple(find_actors(text, table))) for text in paragraphs(section.text))
        named[section.title] = named.get(section.title, ()) + found
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
    Bamako", "On the third day of the fighting, reinforcements were sent to al-Qusayr"); otherwise the
    sentence does ("…, as well as Ansongo and Bourem").
    """
    if mentions is None:
        mentions = find_actors(sentence, table)
    position = sentence.find(mention)
    if position >= 0:
        lo, hi = clause_around(sentence, position)
        kind, trigger = classify(sentence[lo:hi], table)
        if trigger is not None:
            trigger = (trigger[0] + lo, trigger[1] + lo)
            if kind == "protest":  # "…, amid protests in Bamako": the protesters are not the main clause's subject
                mentions = [m for m in mentions if lo <= m[0] < hi]
            return (kind, *assign_roles(sentence, trigger, mentions, kind))
    kind, trigger = whole or classify(sentence, table)
    actor1, actor2 = assign_roles(sentence, trigger, mentions, kind)
    if trigger is not None and position > trigger[1]:
        gapped = [m for m in mentions if trigger[1] <= m[0] and m[1] <= position and _GAP.match(sentence[m[1] : position])]
        if gapped:
            actor1, actor2 = gapped[-1][2], ""  # "... and Chadian troops, Ménaka": the gapped verb's own subject
    return kind, actor1, actor2


# Event types whose actor a reader takes from the text before when the sentence names none; and bombs that a
# reader does not attribute unless the text does (a car bomb, a suicide bomber, a mine).
_IMPLIED = {"attack", "bombing", "airstrike", "capture", "withdrawal", "civilian_killing", "hostage_taking"}
_ANONYMOUS = re.compile(r"suicide|car[- ]bomb|roadside|\bied|mines?\b|explosive", re.IGNORECASE)


def describe_event(story: Story, sentence: str, section: str, mention: str,
                   mentions: list[Mention] | None = None,
                   whole: tuple[str, tuple[int, int] | None] | None = None) -> tuple[str, str, str]:
    """(event_type, actor1, actor2) for the place named `mention` in `sentence` of `section`, with the
    article's context: generic names resolved, and an actor the sentence leaves unsaid taken from before."""
    if mentions is None:
        mentions = story.resolve(sentence, section, find_actors(sentence, story.table))
    whole = whole or classify(sentence, story.table)
    kind, actor1, actor2 = describe(sentence, mention, story.table, mentions, whole)
    if not actor1 and kind in _IMPLIED and not (whole[1] and _ANONYMOUS.search(sentence)):
        actor1 = story.implied_actor(sentence, section, {actor2} if actor2 else set())
    elif not actor1 and kind == "protest":
        actor1 = CIVILIANS  # protesters, residents: the people (ANNOTATION.md, "Actors")
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
            cache[key] = describe_event(story, event.sentence, event.section, event.mention, *read[where])
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
    return bool(trigger and search_back(_NEGATED, sentence, trigger[0], 4))  # "failed to X Y": four words
