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
                          find_actors, only_strikes, strike_type, theatre_of)
from .lookback import search_back
from .model import Document, Event
from .roles import OUTCOME as _OUTCOME
from .roles import Mention, assign_roles, joint_actors
from .sentences import paragraphs, split_sentences
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
_JOINED = re.compile(r"\s*(?:,|and|,\s*and)\s+(?:the\s+)?")
# A second main clause telling the outcome at the same town: "; they captured it", "and took the town".
_FIGHTING = {"attack", "bombing", "airstrike"}
# The fire's outcome in its own clause: "shelling forced rebels to retreat from …".
_FORCED_OUT = re.compile(r"\b(?:forc(?:ed|ing)|compell(?:ed|ing))\s+(?:the\s+)?(?:[\w-]+\s+){1,3}?to\s+"
                         r"(?:withdraw|retreat|pull\s+(?:back|out)|flee|abandon|evacuate|leave)\b", re.IGNORECASE)
# A capture told as a noun whose town follows: "the loss of Shusha", "the fall of Idlib" (the trigger ends in "of").
_OF_ANOTHER = re.compile(r"(?<=\bof) (?:the (?:town|city|village) of )?[A-Z]")
# The towns a capture's "of" lists before this one: "the loss of Khojaly, Kerkijahan and " (or none).
_OBJECTS = re.compile(r" (?:the (?:towns?|city|cities|villages?) of )?(?:[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*"
                      r"(?:,\s+|\s+and\s+(?:later\s+|then\s+)?))*")
# The means of the clause before, in a clause of its own: ", using land mines", ", with artillery".
_MEANS_AFTER = re.compile(r"[,;]\s+(?:using|with|by means of)\s+")
# A town named as where a speaker is: "a reporter in Beirut also said that …".
_SPEAKER_IN = re.compile(r"\bin\s+$")
_SAYS_THAT = re.compile(r"\s+(?:\w+\s+)?(?:said|says|told|reported|stated|claimed|confirmed|announced|wrote)\s+(?:\w+\s+){0,3}?that\b")
_OUTCOME_AFTER = re.compile(r"(?:;|,?\s+and)\s+(?:then\s+)?(?:\w+\s+){0,3}?(?:captured|seized|took|retook|overran|took control of)"
                            r"\s+(?:it|the\s+(?:town|city|village))\b"
                            # "… entered the besieged Daraa al-Balad neighborhood, hoisting up the Syrian flag"
                            r"|,\s+(?:then\s+)?(?:raising|hoisting)(?:\s+up)?\s+(?:the|their|a)\s+(?:\w+\s+)?flag\b")


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


_LONG_SENTENCE = 10_000  # characters: a sentence this long is not scanned for actors twice (Story._actors_in)
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
    # The event type of each long clause (describe): towns named in one clause share its reading.
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
        if len(sentence) > _LONG_SENTENCE and not self.sides.peoples:
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

        # The same paragraph named the group: "the rebels" are they ("both MNLA and Ansar Dine": the first).
        nearest = next((n for n in reversed(in_sentence) if fits(n)), "")
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
        # Against a belligerent of the infobox, the one who acts is a belligerent too (not "Russian delegations"
        # at talks, named last before a soldier of the 4th Division was shot dead).
        fought = any(self.sides.side_of(x) >= 0 for x in exclude)
        for name, at in self._named_back(where, specific=False, places=True):
            name = self._stand_in(name, [], at) if self._generic(name) else name
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
             whole: tuple[str, tuple[int, int] | None] | None = None,
             clauses: dict[tuple[str, int, int], tuple[str, tuple[int, int] | None]] | None = None,
             ) -> tuple[str, str, str]:
    """(event_type, actor1, actor2) for the place named `mention` in `sentence`.

    The clause that names the place decides when it has trigger words of its own ("…, amid protests in
    Bamako", "On the third day of the fighting, reinforcements were sent to al-Qusayr"); otherwise the
    sentence does ("…, as well as Ansongo and Bourem").
    """
    if mentions is None:
        mentions = find_actors(sentence, table)
    position = sentence.find(mention)
    if position >= 0 and _SPEAKER_IN.search(sentence, max(0, position - 4), position) and _SAYS_THAT.match(
            sentence, position + len(mention)):
        # "An Al Jazeera reporter in Beirut also said that … the Army had control": where it was said
        speakers = [m for m in mentions if m[1] <= position]
        return "other", speakers[-1][2] if speakers else "", ""
    if position >= 0:
        lo, hi = clause_around(sentence, position)
        means = _MEANS_AFTER.match(sentence, hi)
        if means:  # "… destroyed the road between Huliaipole and Polohy, using land mines": the means is the clause's
            hi = clause_around(sentence, means.end())[1]
        if hi - lo <= _LONG_SENTENCE or clauses is None:
            kind, trigger = classify(sentence[lo:hi], table)
        else:  # a long clause naming many towns is classified once (clauses: the Story's memo)
            if (sentence, lo, hi) not in clauses:
                clauses[sentence, lo, hi] = classify(sentence[lo:hi], table)
            kind, trigger = clauses[sentence, lo, hi]
        if (kind == "capture" and trigger is not None and _OF_ANOTHER.match(sentence, lo + trigger[1])
                and not _OBJECTS.fullmatch(sentence, lo + trigger[1], position)):
            # "The loss of Shusha later led to mass demonstrations in … Baku": the capture is of another town;
            # what the clause says of this one decides
            blank = sentence[lo : lo + trigger[0]] + " " * (trigger[1] - trigger[0]) + sentence[lo + trigger[1] : hi]
            kind, trigger = classify(blank, table)
        outcome = _OUTCOME_AFTER.search(sentence, hi) if kind in _FIGHTING else None
        if outcome:  # "rebels attacked Timbuktu …; they captured it with little fighting": the outcome wins
            lo, hi = outcome.start(), len(sentence)
            kind, trigger = classify(sentence[lo:hi], table)
        forced = _FORCED_OUT.search(sentence, lo, hi) if kind in _FIGHTING else None
        if forced:  # "Heavy government shelling forced rebels to retreat from parts of Al-Qusayr": the outcome
            lo = forced.start()
            kind, trigger = classify(sentence[lo:hi], table)
        if trigger is not None and kind in _FIGHTING and is_negated(sentence, (trigger[0] + lo, trigger[1] + lo)):
            trigger = None  # "did not conduct active offensive operations against Huliaipole …, but continued
            # to shell the city": what the sentence says did happen decides
        if trigger is not None:
            trigger = (trigger[0] + lo, trigger[1] + lo)
            if kind == "protest":  # "…, amid protests in Bamako": the protesters are not the main clause's subject
                mentions = [m for m in mentions if lo <= m[0] < hi]
            actor1, actor2 = assign_roles(sentence, trigger, mentions, kind)
            return _as_told(sentence, trigger, kind, actor2), actor1, actor2
    kind, trigger = whole or classify(sentence, table)
    actor1, actor2 = assign_roles(sentence, trigger, mentions, kind)
    kind = _as_told(sentence, trigger, kind, actor2)
    if trigger is not None and position > trigger[1]:
        gapped = [m for m in mentions if trigger[1] <= m[0] and m[1] <= position and _GAP.match(sentence[m[1] : position])]
        if gapped:
            actor1, actor2 = gapped[-1][2], ""  # "... and Chadian troops, Ménaka": the gapped verb's own subject
    return kind, actor1, actor2


_COUNTER = re.compile(r"counter-?(?:attack|offensive)", re.IGNORECASE)
_KILLING = re.compile(r"(?:killed|shot dead|shot and killed)\b", re.IGNORECASE)
_DENIED = re.compile(r"\bdenied\s+(?:that\s+)?(?:any\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)


def _as_told(sentence: str, trigger: tuple[int, int] | None, kind: str, acted_on: str) -> str:
    """The type as the sentence tells it: a civilian killed by someone ("a TV reporter was killed by rebel
    sniper fire") is violence aimed at civilians; a denied arrival ("denied any reinforcements had arrived")
    is no deployment."""
    if trigger is None:
        return kind
    if kind == "attack" and acted_on == CIVILIANS and _KILLING.match(sentence, trigger[0]):
        return "civilian_killing"
    if kind == "deployment" and _DENIED.search(sentence, max(0, trigger[0] - 60), trigger[0]):
        return "other"
    return kind


# Event types whose actor a reader takes from the text before when the sentence names none; and bombs that a
# reader does not attribute unless the text does (a car bomb, a suicide bomber, a mine).
_IMPLIED = {"attack", "bombing", "airstrike", "capture", "withdrawal", "civilian_killing", "hostage_taking"}
# Violence, and captures, whose unnamed author is the holder's enemy ("Douentza was also taken on the same day").
_AGAINST_HOLDER = {"attack", "bombing", "airstrike", "capture"}
_LOSS = re.compile(r"\bloss\b|\bfail(?:ed|ing) to defend", re.IGNORECASE)
_LOSS_OF = re.compile(r"\b(?:loss of|fail(?:ed|ing) to defend)\s+(?:the\s+)?(?:(?:towns?|city|cities|villages?)\s+of\s+)?"
                      r"(?:[\w'’-]+(?:\s+on\s+\w+)?(?:,\s+|\s+and\s+(?:later\s+|then\s+)?))*$", re.IGNORECASE)
_ANONYMOUS = re.compile(r"suicide|car[- ]bomb|roadside|\bied|mines?\b|explosive", re.IGNORECASE)


def describe_event(story: Story, sentence: str, section: str, mention: str,
                   mentions: list[Mention] | None = None,
                   whole: tuple[str, tuple[int, int] | None] | None = None,
                   holder: str = "") -> tuple[str, str, str]:
    """(event_type, actor1, actor2) for the place named `mention` in `sentence` of `section`, with the
    article's context: generic names resolved, and an actor the sentence leaves unsaid taken from before.

    holder: who held the town that day (mapapp/holders.py), when known: fighting or fire at a town that names
    no one is its holder's enemy's ("Fierce fighting raged around the entrances" of a rebel-held town)."""
    said = describe_said(story, sentence, section, mention, mentions, whole)
    return fill_unsaid(story, sentence, section, said, holder)


def describe_said(story: Story, sentence: str, section: str, mention: str,
                  mentions: list[Mention] | None = None,
                  whole: tuple[str, tuple[int, int] | None] | None = None) -> tuple[str, str, str]:
    """(event_type, actor1, actor2) as the sentence says them, '' for a party it leaves unsaid."""
    if mentions is None or whole is None:
        mentions, whole = story.read(sentence, section)
    kind, actor1, actor2 = describe(sentence, mention, story.table, mentions, whole, story._clauses)
    if kind == "bombing" and only_strikes(sentence, story.table):
        kind = strike_type(story.text_before(sentence, section), story.table)  # "… Rafale fighters … A dozen strikes"
    if not actor1 and kind == "protest":
        actor1 = CIVILIANS  # protesters, residents: the people (ANNOTATION.md, "Actors")
    if kind == "withdrawal" and actor1 == CIVILIANS:
        kind = "other"  # "many people left the town for Algeria": residents leaving, not a force withdrawing
    return kind, actor1, actor2


def fill_unsaid(story: Story, sentence: str, section: str, said: tuple[str, str, str], holder: str = "",
                first_pass: bool = False) -> tuple[str, str, str]:
    """The actor a sentence leaves unsaid: the holder's enemy for violence at a town whose holder is known,
    else the party the section was last speaking of; never for car bombs, suicide bombers or mines."""
    kind, actor1, actor2 = said
    if actor1 or kind not in _IMPLIED:
        return said
    _, trigger = story.read(sentence, section)[1]
    if trigger and _ANONYMOUS.search(sentence):
        return said
    if kind == "capture" and not holder and (first_pass or _LOSS.search(sentence) and not actor2):
        # A capture that names no taker is taken from who held the town (annotate_events' second reading): a
        # guess from the section's last-named party would enter the walk that finds the holders.
        return said
    if holder and kind == "attack" and trigger and _COUNTER.match(sentence, trigger[0]) and holder != actor2:
        return kind, holder, actor2  # "… arrived in Idlib and launched a counter-attack": the holder hits back
    if holder and kind == "withdrawal" and holder not in {actor2, "contested"}:
        return kind, holder, actor2  # "the defenders were forced to retreat": who leaves, unnamed, held the town
    if holder and kind in _AGAINST_HOLDER and (kind == "capture" or actor2 in {"", CIVILIANS}
                                               or not _OUTCOME.search(sentence, *trigger or (0, 0))):
        actor1, actor2 = _against(story, sentence, section, kind, holder, actor2)
    else:
        actor1 = story.implied_actor(sentence, section, {actor2} if actor2 else set())
    return kind, actor1, actor2


def _against(story: Story, sentence: str, section: str, kind: str, holder: str, acted_on: str) -> tuple[str, str]:
    """Violence at a town that names no one who acts: its holder's enemy acts on it. An airstrike is the
    party of that side the section last spoke of (who flies: France over Mali), other violence the side's
    head."""
    sides = story.sides
    if kind == "capture" and not acted_on and _LOSS.search(sentence):
        return holder, ""  # "The loss of Shusha later led to …", told after it fell: to whoever holds it now
    # "Mopping-up of the final pockets of rebels": a force named as the target is what the attacker fights.
    target = acted_on if acted_on and acted_on != CIVILIANS else holder
    attacker = sides.opponent_of(target)
    if not attacker:
        return story.implied_actor(sentence, section, {acted_on} if acted_on else set()), acted_on
    if kind == "airstrike":
        implied = story.implied_actor(sentence, section, {target})
        attacker = implied if implied == attacker or sides.allied(implied, attacker) else attacker
    return attacker, acted_on or holder


def annotate_events(events: tuple[Event, ...], document: Document, story: Story | None = None) -> tuple[Event, ...]:
    """Fill event_type, actor1 and actor2 of each event from its sentence."""
    story = story or read_story(document, events)
    said: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    filled: dict[tuple[str, ...], tuple[str, str, str]] = {}
    out = []
    for event in events:
        key = (event.section, event.sentence, event.mention)
        if key not in said:
            said[key] = describe_said(story, event.sentence, event.section, event.mention)
            filled[key] = fill_unsaid(story, event.sentence, event.section, said[key], first_pass=True)
        out.append(event.with_roles(*filled[key]))
    # Second reading of what names no one who acts, now that who held each town is known.
    from .holders import read_holders  # core logic that itself reads the annotated events (no cycle at import)

    holders = read_holders(out, story)
    for number, event in enumerate(out):
        key = (event.section, event.sentence, event.mention)
        kind, actor1, _ = said[key]
        if kind == "capture" and not actor1 and not said[key][2] and _LOSS.search(event.sentence):
            # "the loss of Shusha", "failing to defend the cities of Shusha … and later Lachin": the towns lost;
            # not "demonstrations in Baku" that the loss led to.
            lost = _LOSS_OF.search(event.sentence, 0, max(0, event.sentence.find(event.mention)))
            out[number] = event.with_roles(kind, *holders.loss_parties(event)) if lost else event
        elif kind in _AGAINST_HOLDER | {"withdrawal"} and not actor1:
            holder = holders.holder_at(event)
            again = (*key, holder)
            if again not in filled:
                filled[again] = fill_unsaid(story, event.sentence, event.section, said[key], holder)
            out[number] = event.with_roles(*filled[again])
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
