"""The article as a reader holds it: per section, its paragraphs and the actors each names in order, so
that a generic name ("the rebels", "government forces") is read as the group the text has just named for that
side, and an actor a sentence leaves unsaid as the party the section was last speaking of.

This is the Story that mapapp/actors.py (one event's type and roles), mapapp/moves.py (captures and
withdrawals read for control) and mapapp/holders.py read sentences through; it reads each sentence once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .actor_rules import (GOVERNMENT, PLACEHOLDERS, ActorTable, actor_table, classify, combatant_texts, find_actors,
                          theatre_of)
from .model import Document, Event
from .roles import Mention
from .sentences import paragraphs, split_sentences
from .sides import Sides, read_sides

__all__ = ["CIVILIANS", "Locus", "Paragraph", "Reading", "Story", "read_story"]

CIVILIANS = "Civilians"
UNKNOWN = "unknown"  # the placeholder of "unknown gunmen" (data/actors.yaml)
_NOT_ACTING = {CIVILIANS, GOVERNMENT, UNKNOWN}
# "Islamist fighters from MUJAO", "rebels of the MNLA": the generic name is the group that follows.
_MEMBER_FROM = re.compile(r"(?:\s+(?:fighters|militants|forces|members))?\s+(?:from|of)\s+(?:the\s+)?$")
_JOINED = re.compile(r"\s*(?:,|and|,\s*and)\s+(?:the\s+)?")


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


LONG_SENTENCE = 10_000  # characters: a sentence this long is not scanned for actors twice (Story._actors_in)
Reading = tuple[list[Mention], tuple[str, tuple[int, int] | None]]  # (resolved mentions, (event type, trigger))


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
    _read: dict[tuple[str, str], Reading] = field(default_factory=dict, repr=False, compare=False)
    # The event type of each long clause (actors.describe): towns named in one clause share its reading.
    _clauses: dict[tuple[str, int, int], tuple[str, tuple[int, int] | None]] = field(
        default_factory=dict, repr=False, compare=False)

    def read(self, sentence: str, section: str) -> Reading:
        """The sentence's actor mentions (generic names resolved) and its event type with its trigger words,
        read once per article: the annotation, the control walk and the holders all ask again."""
        key = (section, sentence)
        if key not in self._read:
            self._read[key] = (self.resolve(sentence, section, self._actors_in(sentence, section)),
                               classify(sentence, self.table))
        return self._read[key]

    def _actors_in(self, sentence: str, section: str) -> list[Mention]:
        """find_actors(sentence): for a long sentence that is its whole paragraph, the mentions read_story
        found there (the same scan of the same text, unchanged where the war has no people's forces); a
        one-line article of 10 MB was scanned twice."""
        if len(sentence) > LONG_SENTENCE and not self.sides.peoples:
            where = self.locate(sentence, section)
            if where is not None and where.offset == 0 and where.paragraphs[where.index].text == sentence:
                return list(where.paragraphs[where.index].mentions)
        return find_actors(sentence, self.table)

    def resolve(self, sentence: str, section: str, mentions: list[Mention]) -> list[Mention]:
        """Each generic mention as the specific actor it stands for; generic names left as they are when
        the text has not made clear which group they are, 'government' dropped when the war has none."""
        mentions = self.as_peoples_force(sentence, mentions)
        if not any(self._generic(m[2]) for m in mentions):
            return mentions
        where = self.locate(sentence, section)
        # Read in one pass, as a reader does: per generic name, the latest name before it that could stand for
        # it, kept up to date as the sentence goes on (a sentence saying "the army" thousands of times re-read
        # every name before each one: quadratic); and, per generic name, what the text before the sentence
        # makes of it, which is the same for every such mention the sentence itself does not settle.
        latest: dict[str, str] = {}  # generic name -> the latest name before that can stand for it ('' none)
        tests: dict[str, Callable[[str], bool]] = {}
        settled: dict[str, str] = {}
        out: list[Mention] = []
        done = 0  # mentions[:done] have been read into `latest`
        for number, mention in enumerate(mentions):
            name = mention[2]
            if self._generic(name):
                following = mentions[number + 1] if number + 1 < len(mentions) else None
                if following and not self._generic(following[2]) and _MEMBER_FROM.match(sentence, mention[1], following[0]):
                    name = following[2]  # "Islamist fighters from MUJAO": the group that follows
                else:
                    # The names before it: those that end where it starts or earlier (leftmost first, so a prefix).
                    while done < number and mentions[done][1] <= mention[0]:
                        for generic, test in tests.items():
                            if test(mentions[done][2]):
                                latest[generic] = mentions[done][2]
                        done += 1
                    if name not in tests:
                        tests[name] = test = self._stands_for(name)
                        latest[name] = next((m[2] for m in reversed(mentions[:done]) if test(m[2])), "")
                    if latest[name]:
                        name = self._stand_in(name, where, latest[name])
                    else:
                        if name not in settled:
                            settled[name] = self._stand_in(name, where)
                        name = settled[name]
            if name:
                out.append((mention[0], mention[1], name))
        return out

    def as_peoples_force(self, sentence: str, mentions: list[Mention]) -> list[Mention]:
        """"Armenian forces" where the infobox sides Artsakh with Armenia: the people's own force, not the state
        (data/actors.yaml `people`); "the Armenian government" stays Armenia."""
        if not self.sides.peoples:
            return mentions
        forces = dict(self.sides.peoples)
        out = []
        for mention in mentions:
            group = forces.get(mention[2])
            words = self.table.info[group].people_words if group else None
            out.append((mention[0], mention[1], group) if words and words.match(sentence, mention[0]) else mention)
        return out

    def text_before(self, sentence: str, section: str) -> str:
        """The sentence's paragraph up to and with the sentence ('' when it is not found)."""
        where = self.locate(sentence, section)
        if where is None:
            return ""
        return where.paragraphs[where.index].text[: where.offset + len(sentence)]

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

    def _stands_for(self, generic: str) -> Callable[[str], bool]:
        """Whether a name named before a generic one in its sentence settles what it stands for: for the
        government, a state named by its own name; else a group that fits (_stand_in)."""
        actor = self.table.info[generic]
        if actor.refers_to == (GOVERNMENT,):
            return lambda n: not self._generic(n) and self.table.info[n].kind == "state"
        return self._fits(actor)

    def _fits(self, actor: Any) -> Callable[[str], bool]:
        def fits(name: str) -> bool:
            # A group of that kind, not on the government's side and, when the infobox lists sides, on one
            # of them: "the rebels" of a battle are not a group the article names only in passing.
            candidate = self.table.actor(name)
            return (candidate is not None and bool(set(candidate.tags) & set(actor.refers_to))
                    and not self.sides.with_government(name)
                    and (not self.sides.belligerents or self.sides.side_of(name) >= 0))

        return fits

    def _stand_in(self, generic: str, where: Locus | None, in_sentence: str = "") -> str:
        """The actor the generic name stands for. in_sentence: the latest name before it in its own sentence
        that settles it (Story._stands_for), '' when none does."""
        actor = self.table.info[generic]
        if actor.refers_to == (GOVERNMENT,):
            if self.sides.government:
                return self.sides.government
            named = in_sentence or next((n for n in self._named_back(where) if not self._generic(n)
                                         and self.table.info[n].kind == "state"), "")
            states = {n for side in self.sides.belligerents for n in side if self.table.info[n].kind == "state"}
            return named or (states.pop() if len(states) == 1 else "")

        fits = self._fits(actor)
        nearest = in_sentence
        # The same paragraph named the group: "the rebels" are they ("both MNLA and Ansar Dine": the first);
        # the sentence's own names are in_sentence.
        if not nearest and next(self._named_back(where, paragraph_only=True, specific=False), "") == UNKNOWN:
            return UNKNOWN  # "unknown gunmen" just before: "a civilian was also killed by gunmen" are no better known
        if not nearest:
            at = next(((n, locus) for n, locus in self._named_back(where, paragraph_only=True, places=True) if fits(n)), None)
            nearest = self._first_joined(at, fits) if at else ""
        if nearest:
            return self._coalition(nearest, fits)
        if where is None:
            return self._unresolved(generic)
        # A side that is one coalition (its members bulleted under it in the infobox): "the rebels" of a
        # section that names the coalition are the coalition (the Army of Conquest's operation room).
        named_here = {m[2] for p in where.paragraphs for m in p.mentions}
        head = next((h for h, _ in self.sides.coalitions if h in named_here and fits(h)), "")
        if head:
            return head
        # Else the section, when it speaks of such groups by name at least half as often as by the generic
        # word (a section that says "the rebels" forty times and "the FSA" five means the rebels at large).
        key = (id(where.paragraphs), generic)
        if key not in self._counts:
            mentions = [m[2] for p in where.paragraphs for m in p.mentions]
            self._counts[key] = (sum(map(fits, mentions)), mentions.count(generic))
        named, said = self._counts[key]
        if 2 * named < said:
            return self._unresolved(generic)
        # The group the section names most for that side, the latest of equals ("the offensive ostensibly
        # included both the MNLA and Ansar Dine … the MNLA take out the military base").
        named_before = [n for n in self._named_back(where) if fits(n)]
        nearest = max(named_before, key=named_before.count, default="")
        return self._coalition(nearest, fits) if nearest else self._unresolved(generic)

    def _first_joined(self, at: tuple[str, Locus], fits: Callable[[str], bool]) -> str:
        """The first of the groups joined to this mention by 'and' or commas ("both MNLA and Ansar Dine flags")."""
        name, locus = at
        paragraph = locus.paragraphs[locus.index]
        mentions = [m for m in paragraph.mentions if m[0] <= locus.offset]
        while len(mentions) > 1 and fits(mentions[-2][2]) and _JOINED.fullmatch(paragraph.text, mentions[-2][1], mentions[-1][0]):
            mentions.pop()
            name = mentions[-1][2]
        return name

    def _unresolved(self, generic: str) -> str:
        """A generic name no group stands for: itself ('Rebels'), or nothing for a placeholder ('the group')."""
        return "" if generic in PLACEHOLDERS - {UNKNOWN} else generic

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
        # Against a belligerent of the infobox, the one who acts is a belligerent too (not "Russian delegations"
        # at talks, named last before a soldier of the 4th Division was shot dead).
        fought = any(self.sides.side_of(x) >= 0 for x in exclude)
        for name, at in self._named_back(where, specific=False, places=True):
            name = self._stand_in(name, at) if self._generic(name) else name
            if fought and self.sides.side_of(name) < 0:
                continue
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
    story = Story(table, read_sides(document, table, countries), {})
    for section in document.sections:
        found = tuple(Paragraph(text, tuple(story.as_peoples_force(text, find_actors(text, table))))
                      for text in paragraphs(section.text))
        story.named[section.title] = story.named.get(section.title, ()) + found
    return story
