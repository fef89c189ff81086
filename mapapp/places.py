"""Place finding: the places a sentence names, read from the gazetteer's knowledge of names (lookup.py)
and the words around each name (cues.py).

A word is a place because a gazetteer layer knows it, never because it is listed here. How much evidence a
name needs depends on where its candidates lie: a town of the article's own countries is taken after "in",
"captured" or "the town of"; a place far from them only when it is well known and stands in a place slot,
or when the sentence names its country; otherwise the name is reported as not found, never placed on
another continent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from .cues import (BARE, CONNECTORS, LEADING_CUES, NOT_PLACES, ORG_WORDS, REGION_WORDS, ROLE_WORDS,
                   SETTLEMENT_NOUNS, STRONG, STRONG_CUES, THE_BEFORE, THE_SETTLEMENT, TITLE_WORDS,
                   adjective_before_noun, only_locates, settlement_after, settlement_slot, slot_strength, tail)
from .gazetteer import Gazetteer, fold
from .lookup import Option, PlaceNames, distance_km
from .model import Place
from .scope import Scope


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a sentence: the words as written, where, and what they resolve to.

    place: the place; for a `refers` mention, None until the paragraph says which town it stands for.
    pending: for a known place of the article's countries named with no place slot ("Huliaipole lost
        power"), the folded name: taken only if the article names it in a place slot somewhere ("in
        Huliaipole"), or in its infobox.
    refers: "the city", "the town", "the village", standing for the town named last in the paragraph.
    """

    text: str
    start: int
    end: int
    place: Place | None
    pending: str = ""
    refers: bool = False
    unknown: bool = False  # a town's name no layer places ("the village of Dabaa"): "the town" after it is not
    #                        the town named before it
    district: bool = False  # a district no layer knows, placed at its city ("Daraa's al-Balad district")


_MAX_NAME_WORDS = 6
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
# The Arabic article as English texts write it before a name: "al-Qusayr", "Daraa al-Balad", "Deir ez-Zor".
_ARTICLE = r"(?:a[dlnrstz]|ash|ath|adh|e[dlnrstz]|esh|eth|il|ul)-"
_CAP_WORD = rf"(?:{_ARTICLE})?(?:[{_UPPER}]|[dl]['’][{_UPPER}])[\w'’.\-]*"
# The first word again, opening with one character set so that the engine scans for it in C (an
# alternation first is tried at every character). A run that opens with an article ("al-Qusayr") is found
# at its capital and widened to the article afterwards (_ARTICLE_BEFORE): cheaper than trying every "a".
_FIRST_CAP_WORD = rf"[{_UPPER}dl](?:(?<=[dl])['’][{_UPPER}]|(?<=[{_UPPER}]))[\w'’.\-]*"
_RUN = re.compile(rf"{_FIRST_CAP_WORD}(?:[ -](?:(?:of|for|de|du|des|la|le|el|al|the) )?{_CAP_WORD})*")
_RUN_WORD = re.compile(rf"{_CAP_WORD}|\b(?:of|for|de|du|des|la|le|el|al|the)\b")
_ARTICLE_BEFORE = re.compile(rf"(?<![\w'’-]){_ARTICLE}$")  # searched with (pos, endpos): no look-behind cost
# "Russian-occupied Melitopol", "Government-held Aleppo": a modifier, not part of the name.
_MODIFIER = re.compile(rf"[{_UPPER}][\w'’]*-[a-z]+")
_LOWER_WORD_BEFORE = re.compile(r"(\b[a-z]+)\.?\s+$")
_IN_BEFORE = re.compile(r"\bin\s+$")
_DEMONYM_SLOT = re.compile(r"\b([A-Z][a-zè]+)\s+(?:town|city|village|locality|commune|capital)\s+of\s+$")
# Used as match(sentence, end of the name before, start of this one): what joins two names of one list.
_COORDINATION = re.compile(r"(?:\s+and\s+|,\s*and\s+|\s+or\s+|,\s*)(?:in\s+)?$")
_POSSESSIVE_INSIDE = re.compile(r"['’]s\s")


@dataclass(frozen=True, slots=True)
class _Span:
    """Words i..j-1 of a run that some gazetteer layer may know, and what the curated file says of them.

    Worked out once per distinct run of a document (names repeat: "Gao" hundreds of times in a long
    article); what the words around an occurrence say ("in", "the", "the town of") is read per occurrence.
    """

    i: int
    j: int
    text: str  # the words as written, possessive "'s" dropped
    curated: Place | None  # what the curated file says
    in_prefixed: Place | None  # "in Khalil": the curated place "In Khalil", taken after a lower-case "in"
    known: bool  # the whole run, spelled as a name a layer under the curated file knows
    prefixed_hit: Place | None  # the curated "In <text>", for a hit preceded by a lower-case "in"
    city_of: str = ""  # the whole run when it is a district no layer knows, named with its city ("Daraa al-Balad")


@dataclass(frozen=True, slots=True)
class _Run:
    """What a run of capitalised words is, whatever sentence it stands in: offsets relative to its start.

    words: the words of the name, a leading modifier or cue set aside. cue: that leading cue, lower-cased
    ("In Aleppo" at a sentence's start is "in" + "Aleppo"). person: a title opens it ("President X").
    spans: candidates by start word, longest first. maybe_unknown: may be reported as a place no layer knows.
    country: the run names a country the curated file does not hold ("Lebanon"): a country, never a town.
    """

    words: tuple[tuple[int, int, str], ...]
    cue: str
    person: bool
    spans: tuple[_Span, ...]
    maybe_unknown: bool
    country: Place | None = None  # the run is a country's name that the curated file does not hold


def _run_words(text: str) -> tuple[tuple[int, int, str], ...]:
    """The words of a run with offsets relative to its start; name connectors count as words."""
    if " " not in text and "-" not in text:  # one word, the usual case: no second scan
        word = text.rstrip(".")
        return ((0, len(word), word),)
    words = []
    for m in _RUN_WORD.finditer(text):
        word = m.group(0).rstrip(".")  # "Kati." ends a sentence; "U.S." keeps its inner dots
        words.append((m.start(), m.start() + len(word), word))
    return tuple(words)


def _looks_like_unknown_place(name: str, words: tuple[tuple[int, int, str], ...]) -> bool:
    """An unknown name may be a place, unless it is an acronym (AQIM) or a person's name (several words,
    or a particle such as "Ag"). Whether the next word makes it an adjective is read per occurrence."""
    if name in NOT_PLACES or words[0][2] in NOT_PLACES or len(words) > 2:
        return False
    return not any(w.isupper() and len(w) > 1 for _, _, w in words)


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _name_inside_a_name(words: tuple[tuple[int, int, str], ...], i: int) -> bool:
    """'Battle of Aleppo', 'Mayor of Kidal', 'Hôpitaux de Paris': a place after "of" inside a longer name
    names no event place, unless the words before say where ("North of Aleppo", "Outskirts of Homs")."""
    if i < 2 or words[i - 1][2] not in {"of", "de", "du", "des"}:
        return False
    return words[i - 2][2].lower() not in SETTLEMENT_NOUNS and words[i - 2][2].lower().rstrip("-") not in {
        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}


def _refers_in(sentence: str) -> bool:
    """Does the sentence say "the city", "the town" or "the village"? (Substring tests first: they run in C.)"""
    return (" city" in sentence or " town" in sentence or " village" in sentence) and (
        THE_SETTLEMENT.search(sentence) is not None)


_RUN_MEMO_LIMIT = 200_000  # distinct runs kept per gazetteer; a 20 MB article has far fewer
# What each distinct run is depends only on the gazetteer's names: kept per gazetteer, so the app and the
# bench, which read article after article with one gazetteer, read each run once.
_RUNS: WeakKeyDictionary[Gazetteer, dict[str, _Run | None]] = WeakKeyDictionary()
_UNSEEN = _Run((), "", False, (), False)  # a run not read yet in this document


class PlaceFinder:
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
        self._memo = _RUNS.setdefault(names.gazetteer, {})
        self._options: dict[str, list[Option]] = {}
        self._named: tuple[str | None, tuple[str, ...]] = (None, ())  # the last sentence's countries
        self.centre: Place | None = None  # the infobox's town: homonymous villages nearest to it come first
        for name, countries in known_names:  # the infobox's place, the title's town
            options = [o for o in self.names.options(name, scope.countries, online=False) if o.place.is_town]
            options = [o for o in options if o.place.country in countries] if countries else options
            choice = self._choose(name, options, STRONG, "", None)
            if choice is not None and choice.place.country in scope.near:
                self.confirmed[fold(name)] = choice.place
                self.centre = self.centre or choice.place
        self._options.clear()  # ranked before the centre was known

    # ------------------------------------------------------------------------------------------ a sentence

    def find(self, sentence: str) -> tuple[list[Mention], list[str]]:
        """-> (mentions in sentence order, names in place slots that no layer places)."""
        kept: list[Mention] = []
        unresolved: list[str] = []
        chain_end, chain = -1, BARE  # the last name in a place slot: "in X, Y and Z" puts Y and Z in it too
        town_before = -1  # where the last town named ends: what a locator ("near X") would locate
        # A name already placed in this sentence adds no event when it comes again ("Gao and Kidal and Gao"):
        # only where it stands counts, so it is not read again (a sentence naming a town 100,000 times).
        # Where "the city" stands in the sentence, the order of every mention counts: read them all.
        settled: dict[str, tuple[int, Mention]] | None = None if _refers_in(sentence) else {}
        for match in _RUN.finditer(sentence):
            base, key = match.start(), match.group(0)
            again = settled.get(key) if settled is not None else None
            if again is not None:
                end, mention = again  # end: where the name ends, from the run's start; -1 for no town
                if kept[-1] is not mention:
                    kept.append(mention)  # the same object again: the last town named is this one
                if end >= 0:
                    town_before = base + end
                continue
            article = _ARTICLE_BEFORE.search(sentence, max(0, base - 4), base) if base and sentence[base - 1] == "-" else None
            if article is not None:
                base, key = article.start(), sentence[article.start() : match.end()]
            run = self._run(key)
            if run is None:
                continue
            run_start, run_end = base + run.words[0][0], base + run.words[-1][1]
            if run.country is not None:
                kept.append(Mention(sentence[run_start:run_end], run_start, run_end, run.country))
                continue
            if run.person:
                self.people.add(fold(run.words[-1][2]))  # "President Volodymyr Zelenskyy": later "Zelenskyy"
                continue
            if self._person_here(sentence, run_start, run):
                continue
            joined = _COORDINATION.match(sentence, chain_end, run_start) if chain_end >= 0 else None
            strength = max(STRONG if run.cue in STRONG_CUES else LOCATIVE if run.cue else BARE,
                           slot_strength(sentence, run_start), chain if joined else BARE,
                           STRONG if settlement_after(sentence, run_end) else BARE)
            new: list[Mention] = []
            found = self._match_run(sentence, base, run, strength, new) if run.spans else None
            for mention in new:
                if mention.district or not only_locates(sentence, mention.start, mention.end, town_before):
                    kept.append(mention)
                    if settled is not None and len(new) == 1 and not mention.pending and key == match.group(0):
                        settled[key] = (mention.end - base if mention.place.is_town else -1, mention)
                if mention.place is not None and mention.place.is_town:
                    town_before = mention.end
            if found is not None and found.place is not None:
                if strength and not found.pending:
                    chain_end, chain = found.end, strength
                continue
            if strength == BARE and len(run.words) > 1 and not run.spans and run.maybe_unknown:
                self._surname_of(run)
            # After a bare comma, an unknown name of several words is more often a person in apposition
            # ("a hostage in Mali, Phillipe Verdon, who") than the next town of a list.
            apposition = joined is not None and joined.group(0).strip() == "," and len(run.words) > 1
            if (strength == STRONG and not apposition and (run.maybe_unknown or found is not None)
                    and not adjective_before_noun(sentence, run_end)):
                unresolved.append(_strip_possessive(sentence[run_start:run_end]))
                chain_end, chain = run_end, strength
                if settlement_slot(sentence, run_start, run_end):
                    kept.append(Mention(unresolved[-1], run_start, run_end, None, unknown=True))
        if "the " in sentence or "The " in sentence:
            kept = self._with_references(sentence, kept)
        return kept, unresolved

    def _with_references(self, sentence: str, mentions: list[Mention]) -> list[Mention]:
        """The mentions with "the city", "the town", "the village" added in sentence order."""
        if not _refers_in(sentence):
            return mentions
        found = [Mention(m.group(0), m.start(), m.end(), None, refers=True) for m in THE_SETTLEMENT.finditer(sentence)]
        return sorted(mentions + found, key=lambda m: m.start) if found else mentions

    def names_a_person(self, text: str) -> bool:
        """True when the article gives this name to a person or a ship and the curated file does not hold it."""
        key = fold(text)
        return key in self.people and self.names.curated(key) is None

    def _surname_of(self, run: _Run) -> None:
        """'Ali Karimli, the leader of ...': a full name that is no place; its last word alone ("attacks
        against Karimli") is the same person, even where a village bears it. Not when that word is a place
        every reader knows ("Officially Baku reported": an adverb, then the capital)."""
        last = re.sub(_ARTICLE, "", _strip_possessive(run.words[-1][2]))
        options = self._options_of(last) if self.names.knows(last) else []
        if not (options and options[0].well_known):
            self.people.add(fold(last))

    def _person_here(self, sentence: str, start: int, run: _Run) -> bool:
        """A person at this occurrence: after a role word ("the mayor Serhiy Yarmak"), or a surname the
        article has given a person ("Yarmak")."""
        before = _LOWER_WORD_BEFORE.search(tail(sentence, start, 20))
        if before is not None and before.group(1) in ROLE_WORDS:
            self.people.add(fold(_strip_possessive(run.words[-1][2])))
            return True
        if len(run.words) == 1 and fold(run.words[0][2]) in self.people:
            return not (run.spans and run.spans[0].curated)  # a curated place keeps its name
        return False

    # ------------------------------------------------------------------------------------------ a run

    def _run(self, key: str) -> _Run | None:
        run = self._memo.get(key, _UNSEEN)
        if run is _UNSEEN:
            run = self._analyse_run(key)
            if run is not None and not (run.spans or run.maybe_unknown or run.person or run.country):
                run = None  # most runs ("The", "MNLA", "French"): nothing to read per occurrence
            if len(self._memo) < _RUN_MEMO_LIMIT:
                self._memo[key] = run
        return run

    def _analyse_run(self, text: str) -> _Run | None:
        """The context-free part of reading a run: what it is, and which of its spans a layer knows."""
        words = _run_words(text)
        cue = ""
        if not words:
            return None
        whole = _strip_possessive(text[words[0][0] : words[-1][1]])
        if self.names.curated(fold(whole)) is None:
            if len(words) > 1 and _MODIFIER.fullmatch(words[0][2]) and not words[0][2][:3].lower() == "al-":
                words = words[1:]  # "Russian-occupied Melitopol"
            if len(words) > 1 and words[0][2] in LEADING_CUES and not self.names.knows(whole):
                cue, words = words[0][2].lower(), words[1:]  # "In Aleppo" opening a sentence
            if words and words[0][2] in CONNECTORS:
                words = words[1:]
        if not words:
            return None
        name = _strip_possessive(text[words[0][0] : words[-1][1]])
        country = self.names.country(name)
        if country is not None and self.names.curated(fold(name)) is None:
            return _Run(words, cue, False, (), False, country)
        lowered = [w.lower().rstrip(".") for _, _, w in words]
        if lowered[0] in TITLE_WORDS and len(words) > 1:
            return _Run(words, cue, True, (), False)
        organisation = any(w in ORG_WORDS for w in lowered)
        region = any(w in REGION_WORDS for w in lowered)
        n = len(words)
        spans: list[_Span] = []
        for i in range(n):
            first = words[i][2]
            if first in CONNECTORS or (i > 0 and fold(first) not in self.names.first_words):
                continue  # no name starts with "of"; inside a run, only a curated name's first word can
            if _name_inside_a_name(words, i):
                continue
            # No gazetteer name is longer than a few words: longer spans of a run cannot match.
            for j in range(min(n, i + _MAX_NAME_WORDS), i, -1):
                if words[j - 1][2] in CONNECTORS:
                    continue
                whole_run = i == 0 and j == n
                span_text = _strip_possessive(text[words[i][0] : words[j - 1][1]])
                if span_text in NOT_PLACES:
                    continue
                key = fold(span_text)
                curated = self.names.curated(key)
                if (organisation or region) and not (whole_run and curated is not None):
                    continue  # "Gao Regional Council", "Sumy Oblast": no town inside, only a curated whole
                prefixed = self.names.curated("in" + key)  # the key of "In " + span_text
                in_prefixed = prefixed if curated is None and span_text[:1].isupper() else None
                # Layers under the curated file hold hundreds of thousands of names, many of them common
                # words and surnames: they are asked only for a whole run; acronyms (AQIM) are no towns.
                known = (whole_run and not span_text.isupper() and curated is None
                         and self.names.knows(span_text))
                if curated is None and in_prefixed is None and not known:
                    continue
                spans.append(_Span(i, j, span_text, curated, in_prefixed, known, prefixed))
        if not spans and not organisation and not region and n > 1:
            spans += self._city_of_district(text, words)
        if organisation:
            return _Run(words, cue, False, tuple(spans), False)
        maybe_unknown = (not region and not _POSSESSIVE_INSIDE.search(name) and _looks_like_unknown_place(name, words)
                         and self.names.country_of_demonym(name) is None)  # "Armenian village X"
        return _Run(words, cue, False, tuple(spans), maybe_unknown)

    def _city_of_district(self, text: str, words: tuple[tuple[int, int, str], ...]) -> list[_Span]:
        """'Daraa al-Balad', "Daraa's al-Balad": a district no layer knows, named after its city with an
        Arabic article: the event goes to the city (tests/data/ANNOTATION.md, districts)."""
        second = words[1][2]
        if not re.match(_ARTICLE, second):
            return []
        city = _strip_possessive(words[0][2])
        if city in NOT_PLACES or not self.names.knows(city):
            return []
        return [_Span(0, len(words), city, None, None, True, None, _strip_possessive(text[words[0][0] : words[-1][1]]))]

    def _match_run(self, sentence: str, base: int, run: _Run, strength: int, out: list[Mention]) -> Mention | None:
        """Longest gazetteer names inside a run, left to right: the last mention added, else None (or a
        mention with no place when the run's only candidates lie too far to be taken here)."""
        last: Mention | None = None
        refused: Mention | None = None
        next_word = 0  # words before this one are inside a name already taken
        for span in run.spans:
            if span.i < next_word:
                continue
            start = base + run.words[span.i][0]
            place, pending = self._resolve(sentence, start, span, strength)
            written = span.city_of or span.text  # the words as written: "Daraa al-Balad" placed at Daraa
            if place is None:
                if span.known:
                    refused = Mention(written, start, start + len(written), None)
                continue
            hit = Mention(written, start, start + len(written), place, fold(span.text) if pending else "",
                          district=bool(span.city_of))
            last = self._with_lowercase_prefix(sentence, hit, span.prefixed_hit)
            out.append(last)
            next_word = span.j
        return last or refused

    def _with_lowercase_prefix(self, sentence: str, hit: Mention, prefixed: Place | None) -> Mention:
        """'in Khalil' is the town In Khalil when the gazetteer knows 'In Khalil' and not 'Khalil' alone."""
        if prefixed is None:
            return hit
        before = _LOWER_WORD_BEFORE.search(sentence, max(0, hit.start - 40), hit.start)
        if before and before.group(1) == "in":
            return Mention(sentence[before.start(1) : hit.end], before.start(1), hit.end, prefixed, hit.pending)
        return hit

    # ------------------------------------------------------------------------------------------ resolving

    def _resolve(self, sentence: str, start: int, span: _Span, strength: int) -> tuple[Place | None, bool]:
        """The place a candidate span names at this occurrence, read with the words before it, and whether it
        is pending (a known name with no place slot here)."""
        head = tail(sentence, start)
        place = span.curated
        if place is None and span.in_prefixed is not None and _IN_BEFORE.search(head):
            place = span.in_prefixed  # "in Khalil": the lower-case particle belongs to the name
        if place is not None:
            if place.kind == "country" and THE_BEFORE.search(head):
                river = self.names.river(place.name)
                if river is not None:
                    return river, False  # "crossed the Niger"
            if not self.scope.core and place.is_town:
                self._adopt(place.country)  # an article that names no country: its first sure town says
            if not place.is_town or place.country in self.scope.near:
                return place, False
            choice = self._choose(span.text, [Option(place, True, place.kind == "capital")], strength, sentence, None)
            return (choice.place if choice else None), False
        if not span.known:
            return None, False
        end = start + len(span.text)
        if sentence.startswith(("'s", "’s"), end) and self._is_capital(span.text):
            return None, False  # "Yerevan's disrespect": the government, not the city
        if THE_BEFORE.search(head) and not settlement_after(sentence, end):
            return None, False  # "the Moskva" (a ship), "the Dnipro" (a river): a town takes no article
        demonym = _DEMONYM_SLOT.search(head)
        only = self.names.country_of_demonym(demonym.group(1)) if demonym else None
        key = fold(span.text)
        if strength == BARE and not only:
            if self._is_capital(span.text):
                return None, False  # "Moscow is the biggest supplier", "announced by Baku": the government
            confirmed = self.confirmed.get(key)
            if confirmed is not None:
                return confirmed, False
            choice = self._choose(span.text, self._options_of(span.text), STRONG, sentence, None)
            if choice is None or choice.place.country not in self.scope.near:
                return None, False
            # A well-known town of the core under its own name is taken at once ("Aleppo was shelled");
            # any other is pending: taken if the article names it in a place slot somewhere.
            well_known = (choice.well_known and choice.exact and not choice.by_alias
                          and choice.place.country in self.scope.core)
            return choice.place, not well_known
        choice = self._choose(span.text, self._options_of(span.text), STRONG if only else strength, sentence, only)
        if choice is None and self.scope.core:
            within = (only,) if only else tuple(c for c in self.scope.countries if c in self.scope.core)
            loose = self.names.loose_options(span.text, within)
            choice = loose[0] if loose else None
        if choice is None:
            return None, False
        if choice.place.country in self.scope.near and choice.place.is_town:
            self.confirmed.setdefault(key, choice.place)
        return choice.place, False

    def _countries_named(self, sentence: str) -> tuple[str, ...]:
        if self._named[0] is not sentence:
            self._named = (sentence, self.names.countries_in(sentence))
        return self._named[1]

    def _is_capital(self, name: str) -> bool:
        options = self._options_of(name)
        return bool(options) and options[0].place.kind == "capital"

    def _adopt(self, country: str) -> None:
        """Take `country` as the article's own, for an article whose infobox, title and lead name none."""
        named = self.scope.countries
        self.scope = Scope((country, *(c for c in named if c != country)), frozenset({country}),
                           frozenset({country} | (self.names.neighbours({country}) & set(named))))
        self._options.clear()  # ranked for the old countries

    def _options_of(self, name: str) -> list[Option]:
        """The gazetteer's readings of a name, best first; among the villages of one country, those nearest
        the article's own town first: "Poltavka" east of Huliaipole is not the Poltavka of Crimea."""
        options = self._options.get(name)
        if options is None:
            options = self.names.options(name, self.scope.countries)
            centre = self.centre
            if centre is not None and len(options) > 1:
                order = {c: n for n, c in enumerate(self.scope.countries)}
                options.sort(key=lambda o: (order.get(o.place.country, len(order)), not o.exact, o.well_known is False,
                                            0 if o.well_known else distance_km(centre, o.place)))
            self._options[name] = options
        return options

    def _choose(self, name: str, options: list[Option], strength: int, sentence: str, only: str | None) -> Option | None:
        """The best option that this much evidence allows. A town of the core countries is taken after any
        place cue ("captured X"); one of their neighbours after a strong one ("in X", "the town of X"); a
        place farther away only when no nearer reading exists, and then only when it is well known and in
        a strong slot, or when the sentence names its country. Another spelling than the name's own
        ("Sievierodonetsk" for "Severodonetsk") is taken only among the core's places."""
        if strength == BARE:
            return None
        scope = self.scope
        nearer = any(o.place.country in scope.near for o in options)
        for option in options:
            country = option.place.country
            if only:
                if country == only:
                    return option
                continue
            if option.curated and not option.place.is_town:
                return option  # a country, region or river the curated file knows: not an event place
            if option.online:
                return option  # the user turned the online layer on; it asks inside the article's countries
            if sentence and country in self._countries_named(sentence):
                return option  # "fled to Arsal in Lebanon"
            if not option.exact and country not in scope.core:
                continue
            if country in scope.core or (country in scope.near and strength == STRONG):
                capital = next((o for o in options if o.place.kind == "capital" and o.exact and not o.by_alias), None)
                if capital is not None and not option.curated and not option.well_known and strength == STRONG:
                    return capital  # "talks in Riga": Latvia's capital, not a Nigerien village of that name
                return option
            if nearer or country in scope.near:
                continue
            if strength == STRONG and option.well_known and option.exact and not option.by_alias:
                return option
        return None
