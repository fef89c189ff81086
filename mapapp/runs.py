"""Runs of capitalised words and what each may name, read once per distinct run and gazetteer: the
context-free half of place finding (places.py reads the words around each occurrence).

A run is split into words ("Daraa al-Balad", "Battle of Aleppo", "In Aleppo"); what opens it may be a cue
("In") or a modifier ("Russian-occupied"); a title makes it a person, a country's name a country, an
organisation's or an event's word a name with no town inside; its spans that the curated file knows, and
the whole run when another layer knows it, are the candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from .cues import CONNECTORS, LEADING_CUES, NOT_PLACES, OPENERS, ORG_WORDS, REGION_WORDS, SETTLEMENT_NOUNS, SITE_NOUNS, TITLE_WORDS
from .gazetteer import Gazetteer, fold
from .lookup import DIRECTION_WORDS, PlaceNames
from .model import Place

_MAX_NAME_WORDS = 6
# Capitals of the Latin scripts: Latin-1's, Latin Extended-A's ("Şuşa", "Ağdam") and Azerbaijani's schwa
# ("Əhmədağalı"), which Unicode puts in Latin Extended-B.
UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de" + "".join(c for c in map(chr, range(0x100, 0x180)) if c.isupper()) + "\u018f"
# The Arabic article as English texts write it before a name: "al-Qusayr", "Daraa al-Balad", "Deir ez-Zor".
ARTICLE = r"(?:a[dlnrstz]|ash|ath|adh|e[dlnrstz]|esh|eth|il|ul)-"
_CAP_WORD = rf"(?:{ARTICLE})?(?:[{UPPER}]|[dl]['’][{UPPER}])[\w'’.\-]*"
# The first word again, opening with one character set so that the engine scans for it in C (an
# alternation first is tried at every character). A run that opens with an article ("al-Qusayr") is found
# at its capital and widened to the article afterwards (ARTICLE_BEFORE): cheaper than trying every "a".
_FIRST_CAP_WORD = rf"[{UPPER}dl](?:(?<=[dl])['’][{UPPER}]|(?<=[{UPPER}]))[\w'’.\-]*"
RUN = re.compile(rf"{_FIRST_CAP_WORD}(?:[ -](?:(?:of|for|de|du|des|la|le|el|al|the) )?{_CAP_WORD})*")
_RUN_WORD = re.compile(rf"{_CAP_WORD}|\b(?:of|for|de|du|des|la|le|el|al|the)\b")
ARTICLE_BEFORE = re.compile(rf"(?<![\w'’-]){ARTICLE}$")  # searched with (pos, endpos): no look-behind cost
# "Russian-occupied Melitopol", "Government-held Aleppo": a modifier, not part of the name.
_MODIFIER = re.compile(rf"[{UPPER}][\w'’]*-[a-z]+")
_POSSESSIVE_INSIDE = re.compile(r"['’]s\s")


@dataclass(frozen=True, slots=True)
class Span:
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
class Run:
    """What a run of capitalised words is, whatever sentence it stands in: offsets relative to its start.

    words: the words of the name, a leading modifier or cue set aside. cue: that leading cue, lower-cased
    ("In Aleppo" at a sentence's start is "in" + "Aleppo"). person: a title opens it ("President X").
    spans: candidates by start word, longest first. maybe_unknown: may be reported as a place no layer knows.
    country: the run names a country the curated file does not hold ("Lebanon"): a country, never a town.
    """

    words: tuple[tuple[int, int, str], ...]
    cue: str
    person: bool
    spans: tuple[Span, ...]
    maybe_unknown: bool
    country: Place | None = None  # the run is a country's name that the curated file does not hold
    site: bool = False  # a site's name no layer knows ("Snake Island"): listed as not found


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
    if name in NOT_PLACES or len(words) > 2 or (words[0][2] in NOT_PLACES and not (
            len(words) == 2 and words[0][2] in DIRECTION_WORDS and words[1][2] not in NOT_PLACES)):
        return False  # but "Eastern Bweida" may be an Arabic village's name in English (lookup.translated_readings)
    return not any(w.isupper() and len(w) > 1 for _, _, w in words)


def strip_possessive(word: str) -> str:
    """'Gao's' -> 'Gao'."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _name_inside_a_name(words: tuple[tuple[int, int, str], ...], i: int) -> bool:
    """'Battle of Aleppo', 'Mayor of Kidal', 'Hôpitaux de Paris': a place after "of" inside a longer name
    names no event place, unless the words before say where ("North of Aleppo", "Outskirts of Homs")."""
    if i < 2 or words[i - 1][2] not in {"of", "de", "du", "des"}:
        return False
    return words[i - 2][2].lower() not in SETTLEMENT_NOUNS and words[i - 2][2].lower().rstrip("-") not in {
        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}


# Conjunctions and adverbs that open a sentence before its subject, capitalised there and so read into the
# name after them: a closed class, the same in every article (the cues that say where are LEADING_CUES).
_OPENERS = frozenset("After Before During Since Until While When Whereas Although Though However Meanwhile "
                     "Despite Once Then Thus Yet Because Unlike".split())
_RUN_MEMO_LIMIT = 200_000  # distinct runs kept per gazetteer; a 20 MB article has far fewer
# What each distinct run is depends only on the gazetteer's names: kept per gazetteer, so the app and the
# bench, which read article after article with one gazetteer, read each run once.
_RUNS: WeakKeyDictionary[Gazetteer, dict[str, Run | None]] = WeakKeyDictionary()
_UNSEEN = Run((), "", False, (), False)  # a run not read yet in this document


class RunReader:
    """Reads runs with one gazetteer's names; what it reads is kept for the gazetteer's lifetime."""

    def __init__(self, names: PlaceNames):
        self.names = names
        self._memo = _RUNS.setdefault(names.gazetteer, {})

    def read(self, key: str) -> Run | None:
        """What the run `key` is; None when nothing in it can be a place or a person (\"The\", \"MNLA\")."""
        run = self._memo.get(key, _UNSEEN)
        if run is _UNSEEN:
            run = self._analyse(key)
            if run is not None and not (run.spans or run.maybe_unknown or run.person or run.country or run.site):
                run = None  # most runs ("The", "MNLA", "French"): nothing to read per occurrence
            if len(self._memo) < _RUN_MEMO_LIMIT:
                self._memo[key] = run
        return run

    def _analyse(self, text: str) -> Run | None:
        """The context-free part of reading a run: what it is, and which of its spans a layer knows."""
        words = _run_words(text)
        cue = ""
        if not words:
            return None
        whole = strip_possessive(text[words[0][0] : words[-1][1]])
        if self.names.curated(fold(whole)) is None:
            if len(words) > 1 and _MODIFIER.fullmatch(words[0][2]) and not words[0][2][:3].lower() == "al-":
                words = words[1:]  # "Russian-occupied Melitopol"
            if len(words) > 1 and words[0][2] in LEADING_CUES and not self.names.knows(whole):
                cue, words = words[0][2].lower(), words[1:]  # "In Aleppo" opening a sentence
            elif len(words) > 1 and words[0][2] in _OPENERS and not self.names.knows(whole):
                words = words[1:]  # "Although Shusha had been shelled": a conjunction opening the sentence
            if words and words[0][2] in CONNECTORS:
                words = words[1:]
            if len(words) > 1 and words[0][2] in OPENERS and not self.names.knows(whole):
                words = words[1:]  # "Although Shusha had been under bombardment"
        if not words:
            return None
        name = strip_possessive(text[words[0][0] : words[-1][1]])
        country = self.names.country(name)
        if country is not None and self.names.curated(fold(name)) is None:
            return Run(words, cue, False, (), False, country)
        lowered = [w.lower().rstrip(".") for _, _, w in words]
        if lowered[0] in TITLE_WORDS and len(words) > 1:
            return Run(words, cue, True, (), False)
        organisation = any(w in ORG_WORDS for w in lowered)
        region = any(w in REGION_WORDS for w in lowered)
        n = len(words)
        spans: list[Span] = []
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
                span_text = strip_possessive(text[words[i][0] : words[j - 1][1]])
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
                spans.append(Span(i, j, span_text, curated, in_prefixed, known, prefixed))
        if not spans and not organisation and not region and n > 1:
            spans += self._city_of_district(text, words)
        if organisation:
            # "Snake Island", "Hostomel Airport": its own last word says it is a site, not a group or a town.
            site = (not spans and lowered[-1] in SITE_NOUNS and n > 1 and _looks_like_unknown_place(name, words)
                    and not any(w in ORG_WORDS for w in lowered[:-1]))
            return Run(words, cue, False, tuple(spans), False, site=site)
        maybe_unknown = (not region and not _POSSESSIVE_INSIDE.search(name) and _looks_like_unknown_place(name, words)
                         and self.names.country_of_demonym(name) is None)  # "Armenian village X"
        return Run(words, cue, False, tuple(spans), maybe_unknown)

    def _city_of_district(self, text: str, words: tuple[tuple[int, int, str], ...]) -> list[Span]:
        """'Daraa al-Balad', "Daraa's al-Balad": a district no layer knows, named after its city with an
        Arabic article: the event goes to the city (tests/data/ANNOTATION.md, districts)."""
        second = words[1][2]
        if not re.match(ARTICLE, second):
            return []
        city = strip_possessive(words[0][2])
        if city in NOT_PLACES or not self.names.knows(city):
            return []
        return [Span(0, len(words), city, None, None, True, None, strip_possessive(text[words[0][0] : words[-1][1]]))]
