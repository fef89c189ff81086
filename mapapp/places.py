"""Place finding: the places a sentence names, read from the gazetteer's knowledge of names (lookup.py)
and the words around each name (cues.py).

A word is a place because a gazetteer layer knows it, never because it is listed here. How much evidence a
name needs depends on where its candidates lie: a town of the article's own countries is taken after "in",
"captured" or "the town of"; a place far from them only when it is well known and stands in a place slot,
or when the sentence names its country; otherwise the name is reported as not found, never placed on
another continent. What one name resolves to is resolving.py's; this module reads the sentence around the
names (lists, quarters, "the city", named events, people).
"""

from __future__ import annotations

import dataclasses
import re

from .cues import (BARE, COORDINATION, EVENT_SUBJECT, LOCATIVE, REGION_NOUNS, ROLE_WORDS, STRONG, STRONG_CUES,
                   THE_SETTLEMENT, adjective_before_noun, glosses_a_region, only_locates, quarters_in, regions_of_a_list,
                   settlement_after, settlement_slot, slot_strength, tail)
from .gazetteer import fold
from .homonyms import Homonyms
from .lookup import DIRECTION_WORDS, Option, PlaceNames
from .model import Place
from .resolving import LOWER_WORD_BEFORE, Mention, NameResolver
from .runs import ARTICLE, ARTICLE_BEFORE, RUN, UPPER, Run, RunReader, strip_possessive
from .scope import Scope

__all__ = ["Mention", "PlaceFinder"]

# "an attack on the Mastouma military camp": the camp named after its village places the event there, as the
# words before "the" would place the village (tests/data/ANNOTATION.md: "the Mondoro military camp").
_CAMP_AFTER = re.compile(r"\s+(?:military\s+|army\s+)?(?:camp|garrison)\b")
# "the al-Dabaa air base": a base or airport named after a village is a site of its own (tests/data/ANNOTATION.md),
# no event at the village; a town's or a city's airport ("Kidal airport", "Tessalit and its airport") is the town's.
_BASE_AFTER = re.compile(r"\s+(?:air\s*base|airbase|airport|airfield|military\s+base)\b", re.IGNORECASE)
# "Aghdara-Goranboy": two towns joined by a hyphen, each a name a layer knows.
_JOINED = re.compile(rf"(?<=[^\W\d_])-(?=[{UPPER}])")


def _is_city(place: Place) -> bool:
    """A place with quarters of its own: a city, or a town a reader would not call a village."""
    return place.kind in {"city", "capital"} or (place.is_town and place.kind != "district" and place.population >= 10_000)


def _refers_in(sentence: str) -> bool:
    """Does the sentence say "the city", "the town" or "the village"? (Substring tests first: they run in C.)"""
    return (" city" in sentence or " town" in sentence or " village" in sentence) and (
        THE_SETTLEMENT.search(sentence) is not None)


class PlaceFinder(NameResolver):
    """Finds the places a sentence names, using only the gazetteer's knowledge of names.

    confirmed: folded name -> place, for names the article puts in a place slot (or its infobox): a bare
        mention of the same name elsewhere is that place (see Mention.pending).
    """

    def __init__(self, names: PlaceNames, scope: Scope, people: frozenset[str] = frozenset(),
                 known_names: tuple[tuple[str, tuple[str, ...]], ...] = ()):
        self.names = names
        self.scope = scope
        self.people = set(people)  # folded surnames: "Yarmak" after "mayor Serhiy Yarmak" is the mayor
        self.confirmed: dict[str, Place] = {}
        self._pending: dict[Place, set[str]] = {}  # place -> the folded spellings waiting on it (see _confirm)
        self._pending_placed: set[Place] = set()  # the places confirmed under some spelling
        self.runs = RunReader(names)
        self._options: dict[str, list[Option]] = {}
        self._named: tuple[str | None, tuple[str, ...]] = (None, ())  # the last sentence's countries
        self._here: list[Mention] = []
        self._joined: dict[str, list[str]] = {}  # "Aghdara-Goranboy" -> its towns, when it names two
        self.centre: Place | None = None  # the infobox's town: homonymous villages nearest to it come first
        self._centre_text = ""  # the infobox's words for it
        self.homonyms = Homonyms()  # which of a name's homonyms this article means (homonyms.py)
        # The infobox's towns with the countries it gives them ("Boulikessi, Mali"): no homonym elsewhere.
        self._pinned = {fold(name): set(countries) for name, countries in known_names if countries}
        for name, countries in known_names:  # the infobox's place, the title's town
            options = [o for o in self.names.options(name, scope.countries, online=False) if o.place.is_town]
            options = [o for o in options if o.place.country in countries] if countries else options
            choice = self._choose(name, options, STRONG, "", None)
            if choice is not None and choice.place.country in scope.near:
                self._confirm(fold(name), choice.place)
                self.homonyms.placed(name, choice.place, scope)
                if self.centre is None:
                    self.centre, self._centre_text = choice.place, name
                self.homonyms.centre = self.centre

    # ------------------------------------------------------------------------------------------ a sentence

    def find(self, sentence: str) -> tuple[list[Mention], list[str]]:
        """-> (mentions in sentence order, names in place slots that no layer places)."""
        kept: list[Mention] = []
        self._here = kept  # the sentence's mentions so far: where a loosely spelled name must lie near (_near_alike)
        unresolved: list[str] = []
        chain_end, chain = -1, BARE  # the last name in a place slot: "in X, Y and Z" puts Y and Z in it too
        town_before = -1  # where the last town named ends: what a locator ("near X") would locate
        # A name already placed in this sentence adds no event when it comes again ("Gao and Kidal and Gao"):
        # only where it stands counts, so it is not read again (a sentence naming a town 100,000 times).
        # Where "the city" stands in the sentence, the order of every mention counts: read them all.
        settled: dict[str, tuple[int, Mention]] | None = None if _refers_in(sentence) else {}
        for match in RUN.finditer(sentence):
            for base, key in self._pieces(sentence, match):
                again = settled.get(key) if settled is not None else None
                if again is not None:
                    end, mention = again  # end: where the name ends, from the run's start; -1 for no town
                    if kept[-1] is not mention:
                        kept.append(mention)  # the same object again: the last town named is this one
                    if end >= 0:
                        town_before = base + end
                    continue
                run = self.runs.read(key)
                if run is None:
                    continue
                run_start, run_end = base + run.words[0][0], base + run.words[-1][1]
                if run.country is not None:
                    kept.append(Mention(sentence[run_start:run_end], run_start, run_end, run.country))
                    continue
                if run.person:
                    self.people.add(fold(run.words[-1][2]))  # "President X Zelenskyy": later "Zelenskyy"
                    continue
                if self._person_here(sentence, run_start, run):
                    continue
                joined = COORDINATION.match(sentence, chain_end, run_start) if chain_end >= 0 else None
                strength = max(STRONG if run.cue in STRONG_CUES else LOCATIVE if run.cue else BARE,
                               slot_strength(sentence, run_start), chain if joined else BARE,
                               STRONG if settlement_after(sentence, run_end) else BARE)
                if not strength and sentence.endswith("the ", 0, run_start) and _CAMP_AFTER.match(sentence, run_end):
                    strength = slot_strength(sentence, run_start - 4)  # "an attack on the Mastouma military camp"
                new: list[Mention] = []
                found = self._match_run(sentence, base, run, strength, new) if run.spans else None
                if found is None and strength and not run.spans and (run.maybe_unknown or (
                        len(run.words) == 2 and run.words[0][2] in DIRECTION_WORDS)):
                    found = self._spelled_alike(sentence, run_start, run_end, new)
                for mention in new:
                    if glosses_a_region(sentence, mention.start, mention.end):
                        continue  # "toward Syria's North (Idlib)": the region named after the town, not the town
                    if mention.place is not None and mention.place.kind == "village" and _BASE_AFTER.match(sentence, mention.end):
                        kept.append(dataclasses.replace(mention, aside=True))  # "the al-Dabaa air base": a site
                    elif mention.district or not only_locates(sentence, mention.start, mention.end, town_before):
                        kept.append(mention)
                        if settled is not None and len(new) == 1 and not mention.pending and key == match.group(0):
                            settled[key] = (mention.end - base if mention.place.is_town else -1, mention)
                    elif mention.place is not None and mention.place.is_town:
                        kept.append(dataclasses.replace(mention, aside=True))
                    if mention.place is not None and mention.place.is_town:
                        town_before = mention.end
                if found is not None and found.place is not None:
                    if strength and not found.pending:
                        chain_end, chain = found.end, strength
                    continue
                if found is None and run.site:
                    unresolved.append(strip_possessive(sentence[run_start:run_end]))  # "Snake Island"
                    continue
                if strength == BARE and len(run.words) > 1 and not run.spans and run.maybe_unknown:
                    self._surname_of(run)
                # After a bare comma, an unknown name of several words is more often a person in apposition
                # ("a hostage in Mali, Phillipe Verdon, who") than the next town of a list.
                apposition = joined is not None and joined.group(0).strip() == "," and len(run.words) > 1
                if (strength == STRONG and not apposition and (run.maybe_unknown or found is not None)
                        and not adjective_before_noun(sentence, run_end)):
                    unresolved.append(strip_possessive(sentence[run_start:run_end]))
                    chain_end, chain = run_end, strength
                    if settlement_slot(sentence, run_start, run_end):
                        kept.append(Mention(unresolved[-1], run_start, run_end, None, unknown=True))
        if quarters := quarters_in(sentence):
            kept, unresolved = self._with_quarters(quarters, kept, unresolved)
        if sentence[:1] in "TtBbSs2O" and (subject := EVENT_SUBJECT.match(sentence)) is not None:
            kept = self._with_named_event(sentence, subject, kept)
        if "s " in sentence or sentence.endswith("s."):
            for number in regions_of_a_list(sentence, [(m.start, m.end) if m.place is not None else None for m in kept]):
                if kept[number].place.is_town:  # "Terter, Agdam and Barda districts"
                    kept[number] = dataclasses.replace(kept[number], aside=True, pending="")
        if any(m.pending for m in kept):
            kept = self._with_lists(sentence, kept)
        if "the " in sentence or "The " in sentence:
            kept = self._with_references(sentence, kept)
        return kept, unresolved

    def _with_quarters(self, quarters: list[tuple[int, int, str]], mentions: list[Mention],
                       unresolved: list[str]) -> tuple[list[Mention], list[str]]:
        """'the Hara North district', 'the Youth Housing': a quarter no layer knows is placed at its city, the
        last city the sentence names before it, else the infobox's own city (a city battle's quarters; a town's
        "district" is more often the raion around it)."""
        added = []
        for start, end, name in quarters:
            if any(m.start < end and start < m.end and m.place is not None for m in mentions):
                continue  # "the Daraa al-Balad neighborhood", "Idlib District": a known place reads it
            if self.names.curated(fold(name)) is not None or self.names_a_person(name) or (self.names.knows(name) and any(
                    o.place.country in self.scope.core for o in self._options_of(name))):
                continue  # a place of its own near the war (Iraq's Balad is no reason to skip Daraa's al-Balad)
            cities = [m for m in mentions if m.end <= start and m.place is not None and _is_city(m.place)]
            city, written = ((cities[-1].place, cities[-1].city or cities[-1].text) if cities
                             else (self.centre, self._centre_text) if self.centre is not None and self.centre.kind in {"city", "capital"}
                             else (None, ""))
            if city is None:
                continue
            added.append(Mention(name, start, end, city, district=True, city=written))
            unresolved = [u for u in unresolved if not name.startswith(u)]  # "Hara North" in "the Hara North district"
        if not added:
            return mentions, unresolved
        kept = [m for m in mentions if not (m.unknown and any(a.start <= m.start < a.end for a in added))]
        return sorted(kept + added, key=lambda m: m.start), unresolved

    def _with_named_event(self, sentence: str, subject: re.Match[str], mentions: list[Mention]) -> list[Mention]:
        """'The battle of Sumy was a military engagement which began on 24 February 2022': a sentence about a
        named event itself places it at the town in its name (tests/data/ANNOTATION.md), unless the sentence
        gives that name to a region ("the 2021 Daraa offensive ... in the Daraa Governorate")."""
        group = "name" if subject.group("name") else "name2"
        name, start = subject.group(group), subject.start(group)
        end = start + len(name)
        if any(m.start < end and start < m.end and not (m.aside or m.pending) for m in mentions) or self.names.country(name):
            return mentions
        if re.search(rf"\b{re.escape(name)}['’]?s?\s+(?:{REGION_NOUNS})\b", sentence):
            return mentions
        choice = self._choose(name, self._options_of(name), STRONG, sentence, None) if self.names.knows(name) else None
        if choice is None or not choice.place.is_town or self.names_a_person(name):
            return mentions
        others = [m for m in mentions if not (m.start < end and start < m.end)]  # "the 2016 Homs offensive"
        return sorted([*others, Mention(name, start, end, choice.place)], key=lambda m: m.start)

    def _with_lists(self, sentence: str, mentions: list[Mention]) -> list[Mention]:
        """'Ariha, Hama, Nubl and Zahra', 'Talbiseh and Rastan were shelled': names joined in a list, each a
        town of the article's own countries, are places even with no place cue (a reader takes a list of
        the war's towns as towns); pending names of such a list are taken here and wherever they recur."""
        out = list(mentions)
        group: list[int] = []
        for number in range(len(out) + 1):
            mention = out[number] if number < len(out) else None
            joined = (mention is not None and group and not mention.aside
                      and COORDINATION.match(sentence, out[group[-1]].end, mention.start) is not None)
            if mention is not None and joined:
                group.append(number)
                continue
            if len(group) >= 2 and all(self._core_town(out[n]) for n in group):
                for n in group:
                    if out[n].pending:
                        self._confirm(out[n].pending, out[n].place)
                        out[n] = dataclasses.replace(out[n], pending="")
            group = [number] if mention is not None and not mention.aside else []
        return out

    def _core_town(self, mention: Mention) -> bool:
        place = mention.place
        return (place is not None and place.is_town and place.country in self.scope.core and not mention.refers
                and not mention.unknown and not self.names_a_person(mention.text))

    def _pieces(self, sentence: str, match: re.Match[str]) -> list[tuple[int, str]]:
        """Where each name of a run starts, and its words: the run itself, widened to an Arabic article
        before it ("al-Qusayr"), or split at a hyphen between two names that layers know and the whole does
        not ("near Aghdara-Goranboy": Aghdara and Goranboy)."""
        base, key = match.start(), match.group(0)
        if base and sentence[base - 1] == "-":
            article = ARTICLE_BEFORE.search(sentence, max(0, base - 4), base)
            if article is not None:
                return [(article.start(), sentence[article.start() : match.end()])]
        if "-" not in key or " " in key or not _JOINED.search(key):
            return [(base, key)]
        parts = self._joined.get(key)
        if parts is None:
            names = _JOINED.split(key)
            whole = strip_possessive(key)
            known = (self.names.curated(fold(whole)) is None and not self.names.knows(whole)
                     and self.names.country(whole) is None  # "Guinea-Bissau"
                     and all(self.names.knows(strip_possessive(n)) for n in names))
            parts = self._joined[key] = names if known else [key]
        pieces, offset = [], 0
        for name in parts:
            offset = key.index(name, offset)
            pieces.append((base + offset, name))
            offset += len(name)
        return pieces

    def _with_references(self, sentence: str, mentions: list[Mention]) -> list[Mention]:
        """The mentions with "the city", "the town", "the village" added in sentence order."""
        if not _refers_in(sentence):
            return mentions
        towns = [m.end for m in mentions if m.unknown or (m.place is not None and m.place.is_town)]
        found = []
        for m in THE_SETTLEMENT.finditer(sentence):
            before = max((end for end in towns if end <= m.start()), default=-1)
            if not only_locates(sentence, m.start(), m.end(), before):  # "six kilometers northwest of the city"
                found.append(Mention(m.group(0), m.start(), m.end(), None, refers=True))
        return sorted(mentions + found, key=lambda m: m.start) if found else mentions

    def names_a_person(self, text: str) -> bool:
        """True when the article gives this name to a person or a ship and the curated file does not hold it."""
        key = fold(text)
        return key in self.people and self.names.curated(key) is None

    def _surname_of(self, run: Run) -> None:
        """'Ali Karimli, the leader of ...': a full name that is no place; its last word alone ("attacks
        against Karimli") is the same person, even where a village bears it. Not when that word is a place
        every reader knows ("Officially Baku reported": an adverb, then the capital)."""
        last = re.sub(ARTICLE, "", strip_possessive(run.words[-1][2]))
        options = self._options_of(last) if self.names.knows(last) else []
        if not (options and options[0].well_known):
            self.people.add(fold(last))

    def _person_here(self, sentence: str, start: int, run: Run) -> bool:
        """A person at this occurrence: after a role word ("the mayor Serhiy Yarmak"), or a surname the
        article has given a person ("Yarmak")."""
        before = LOWER_WORD_BEFORE.search(tail(sentence, start, 20))
        if before is not None and before.group(1) in ROLE_WORDS:
            self.people.add(fold(strip_possessive(run.words[-1][2])))
            return True
        if len(run.words) == 1 and fold(run.words[0][2]) in self.people:
            return not (run.spans and run.spans[0].curated)  # a curated place keeps its name
        return False
