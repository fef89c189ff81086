"""Place finding: the places a sentence names, read from the gazetteer's knowledge of names and the words
around each name ("in X", "the town of X", "400 km north of X").

A word is a place because a gazetteer layer knows it, never because it is listed here; what is listed
here are the words around names, which are the same in every war.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import MONTH_NAMES
from .gazetteer import Gazetteer, fold
from .model import Place

_FIRST_WORD = re.compile(r"[\s-]")
_LOWER_WORD_BEFORE = re.compile(r"(\b[a-z]+)\s+$")
_IN_BEFORE = re.compile(r"\bin\s+$")
_THE_BEFORE = re.compile(r"\bthe\s+$")
_LISTED_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)((?:,\s*|\s+and\s+|,\s*and\s+))$")

_CONNECTORS = frozenset({"of", "for", "de", "du", "des", "la", "le", "el", "al", "the"})
# Words that make a run of capitalised words the name of an organisation, not of a place.
_ORG_WORDS = frozenset(
    "movement front council committee union organisation organization institute agency mission regiment "
    "brigade battalion army forces force group party bank university school ministry government assembly "
    "parliament coordination alliance association company corporation news television radio press programme "
    "program nations court office service police guard federation league society foundation fund authority "
    "commission department cup championship airlines heritage state states emirate caliphate cooperative "
    "chamber network embassy consulate hospital stadium".split()
)
_ELIDED = re.compile(r"^[dl]['’][^\W\d_]")  # "Côte d'Ivoire": an elided article inside a name
_NOT_PLACES = MONTH_NAMES | frozenset(
    "The A An On In At By For From To After Before During Since Until While When With Without This That These "
    "Those Their Its His Her It He She They We I Mali's Monday Tuesday Wednesday Thursday Friday Saturday "
    "Sunday".split()
)
# Place slots, read from the last words before a name. Word sets, not regular expressions: this check
# runs for every capitalised run of every sentence.
_SETTLEMENT_NOUNS = frozenset("town city village locality localities commune towns villages cities".split())
_STRONG_CUES = frozenset({"in", "at", "near"})
_LOCATIVE_CUES = _STRONG_CUES | frozenset("from to towards toward into outside around reached entered occupied".split())


def _slot(sentence: str, start: int, cues: frozenset[str]) -> bool:
    """True when the words just before `start` make it a place slot: "in X", "the town of X"."""
    head = sentence[start - 30 if start > 30 else 0 : start]
    if not head or not head[-1].isspace():
        return False
    words = head.rsplit(None, 2)  # the last two words are all the cues read
    if not words:
        return False
    last = words[-1]
    if last in cues:
        return True
    return last == "of" and len(words) > 1 and words[-2] in _SETTLEMENT_NOUNS


_DISTANCE = re.compile(r"(?:\bkm|kilomet(?:er|re)s?|\bmiles?)\b\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_LOCATOR = re.compile(
    r",\s*(?:near|close to|outside|(?:north|south|east|west)(?:-?(?:east|west))?(?:\s+of|wards of))\s+(?:the\s+)?(?:(?:town|city|village) of\s+)?$",
    re.IGNORECASE,
)
# _THE_X_TOWN_OF and _NAMED_CRISIS are used as match(sentence, pos), so they carry no "^".
_THE_X_TOWN_OF = re.compile(r"\s+(?:town|village|city|locality|commune)\s+of\s+", re.IGNORECASE)
_DEMONYM_SLOT = re.compile(r"\b([A-Z][a-zè]+)\s+(?:town|city|village|locality|commune|capital)\s+of\s+$")
_NAMED_CRISIS = re.compile(r"\s+(?:[a-z]+\s+)?(?:crisis|affair)\b")
# Used as match(sentence, end of the name before, start of this one): what joins two names of one list.
_COORDINATION = re.compile(r"(?:\s+and\s+|,\s*and\s+|\s+or\s+|,\s*)(?:in\s+)?$")
# Words that may follow a place name: a name before any other lower-case word is an adjective ("in Islamist
# territory"), not a place. Function words are a closed class, the same in every article.
_AFTER_A_NAME = frozenset(
    "and or but nor on in at to from for of by with near after before during since until till was were is are "
    "be been being has had have as where which who whom whose that while when than then also into onto toward "
    "towards through throughout across against between among amid amidst under over within without outside "
    "around along beyond despite following via per upon about behind below above beside inside like unlike "
    "the a an its their his her this these those it they he she we itself remained fell city town village "
    "neighbourhood neighborhood district suburb".split()
)
_NEXT_WORD = re.compile(r"\s+([a-z]+)")  # used with match(text, pos): no "^"


def _adjective_before_noun(sentence: str, end: int) -> bool:
    """True when the name ending at `end` is followed by a lower-case word that is not a function word:
    "Islamist territory", "Zorbavillian forces" (an adjective); "Zorbaville and Gao" is a name."""
    word = _NEXT_WORD.match(sentence, end)
    return word is not None and word.group(1) not in _AFTER_A_NAME


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a sentence: the words as written, where, and what they resolve to."""

    text: str
    start: int
    end: int
    place: Place | None


_MAX_NAME_WORDS = 6
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_CAP_WORD = rf"(?:[{_UPPER}]|[dl]['’][{_UPPER}])[\w'’.\-]*"
# The first word again, opening with one character set so that the engine scans for it in C (an
# alternation first is tried at every character).
_FIRST_CAP_WORD = rf"[{_UPPER}dl](?:(?<=[dl])['’][{_UPPER}]|(?<=[{_UPPER}]))[\w'’.\-]*"
_RUN = re.compile(rf"{_FIRST_CAP_WORD}(?:[ -](?:(?:of|for|de|du|des|la|le|el|al|the) )?{_CAP_WORD})*")
_RUN_WORD = re.compile(rf"{_CAP_WORD}|\b(?:of|for|de|du|des|la|le|el|al|the)\b")


@dataclass(frozen=True, slots=True)
class _Span:
    """Words i..j-1 of a run that some gazetteer layer may know, and what each layer says of them.

    Worked out once per distinct run of a document (names repeat: "Gao" hundreds of times in a long
    article); what the words around an occurrence say ("in", "the", "the town of") is read per occurrence.
    """

    i: int
    j: int
    text: str  # the words as written, possessive "'s" dropped
    curated: Place | None  # what the curated file says
    in_prefixed: Place | None  # "in Khalil": the curated place "In Khalil", taken after a lower-case "in"
    fallback: bool  # the whole run, spelled as a name the bundled extract knows
    prefixed_hit: Place | None  # the curated "In <text>", for a hit preceded by a lower-case "in"


@dataclass(frozen=True, slots=True)
class _Run:
    """What a run of capitalised words is, whatever sentence it stands in: offsets relative to its start."""

    words: tuple[tuple[int, int, str], ...]
    organisation: bool  # "Mali Army", "Gao Regional Council": an organisation's name, not a place
    spans: tuple[_Span, ...]  # candidates by start word, longest first
    maybe_unknown: bool  # may be reported as an unresolved place name when it stands in a place slot


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
    if name in _NOT_PLACES or words[0][2] in _NOT_PLACES or len(words) > 2:
        return False
    return not any(w.isupper() and len(w) > 1 for _, _, w in words)


def _tail(sentence: str, end: int, width: int = 40) -> str:
    """The words just before a name: every cue (\"in\", \"400 km north of\", \"the town of\") is short, and
    searching a bounded window keeps the cost per name constant however long the sentence."""
    return sentence[end - width if end > width else 0 : end]


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


_RUN_MEMO_LIMIT = 200_000  # distinct runs kept per document; a 20 MB article has far fewer
_UNSEEN = _Run((), False, (), False)  # a run not read yet in this document


class PlaceFinder:
    """Finds the places a sentence names, using only the gazetteer's knowledge of names."""

    def __init__(self, gazetteer: Gazetteer, countries: tuple[str, ...]):
        self.gazetteer = gazetteer
        self.countries = countries
        # The first word of every curated spelling: a span starting with any other word cannot be curated,
        # which spares most lookups ("On", "The", "Secretary General ...").
        self.first_words = {fold(_FIRST_WORD.split(n, 1)[0]) for n in gazetteer.names()}
        self._memo: dict[str, _Run | None] = {}

    def find(self, sentence: str) -> tuple[list[Mention], list[str]]:
        """-> (mentions, unresolved names in place positions)."""
        mentions: list[Mention] = []
        unresolved: list[str] = []
        memo = self._memo
        listed_end = -1  # where the last name in a place slot ends: "in X, Y and Z" puts Y and Z in it too
        for match in _RUN.finditer(sentence):
            key = match.group(0)
            run = memo.get(key, _UNSEEN)
            if run is _UNSEEN:
                run = self._analyse_run(key)
                if run.organisation or not (run.spans or run.maybe_unknown):
                    run = None  # most runs ("The", "MNLA", "French"): nothing to read per occurrence
                if len(memo) < _RUN_MEMO_LIMIT:
                    memo[key] = run
            if run is None:
                continue
            base = match.start()
            run_start, run_end = base + run.words[0][0], base + run.words[-1][1]
            joined = _COORDINATION.match(sentence, listed_end, run_start) if listed_end >= 0 else None
            in_slot = _slot(sentence, run_start, _STRONG_CUES) or joined is not None
            if run.spans and self._match_run(sentence, base, run, mentions):
                if in_slot:
                    listed_end = mentions[-1].end
                continue
            # After a bare comma, an unknown name of several words is more often a person in apposition
            # ("a hostage in Mali, Phillipe Verdon, who") than the next town of a list.
            apposition = joined is not None and joined.group(0).strip() == "," and len(run.words) > 1
            if run.maybe_unknown and in_slot and not apposition and not _adjective_before_noun(sentence, run_end):
                unresolved.append(_strip_possessive(sentence[run_start:run_end]))
                listed_end = run_end
        kept, town_before = [], False  # a town named before: what a locator ("near X") would locate
        for mention in mentions:
            if self._keep(sentence, mention, town_before):
                kept.append(mention)
            town_before = town_before or bool(mention.place and mention.place.is_town)
        return kept, unresolved

    def _analyse_run(self, text: str) -> _Run:
        """The context-free part of reading a run: which of its spans any gazetteer layer knows."""
        words = _run_words(text)
        if any(w.lower() in _ORG_WORDS for _, _, w in words):
            return _Run(words, True, (), False)
        n = len(words)
        spans: list[_Span] = []
        for i in range(n):
            first = words[i][2]
            if first in _CONNECTORS or (i > 0 and fold(first) not in self.first_words):
                continue  # no name starts with "of"; inside a run, only a curated name's first word can
            # No gazetteer name is longer than a few words: longer spans of a run cannot match.
            for j in range(min(n, i + _MAX_NAME_WORDS), i, -1):
                if words[j - 1][2] in _CONNECTORS:
                    continue
                whole_run = i == 0 and j == n
                span_text = _strip_possessive(text[words[i][0] : words[j - 1][1]])
                if span_text in _NOT_PLACES:
                    continue
                key = fold(span_text)
                curated = self.gazetteer.curated_by_key(key)
                prefixed = self.gazetteer.curated_by_key("in" + key)  # the key of "In " + span_text
                in_prefixed = prefixed if curated is None and span_text[:1].isupper() else None
                # The bundled extract holds 69,000 names, many of them common words and surnames: it is
                # consulted only for a whole run in a place slot ("in Hombori", "the town of X"); acronyms
                # (AQIM, MNLA) are organisations, not towns.
                fallback = (whole_run and not span_text.isupper() and curated is None
                            and self.gazetteer.fallback_keys_have(span_text))
                if curated is None and in_prefixed is None and not fallback:
                    continue
                spans.append(_Span(i, j, span_text, curated, in_prefixed, fallback, prefixed))
        name = _strip_possessive(text[words[0][0] : words[-1][1]])
        return _Run(words, False, tuple(spans), _looks_like_unknown_place(name, words))

    def _match_run(self, sentence: str, base: int, run: _Run, out: list[Mention]) -> bool:
        """Longest gazetteer names inside a run, left to right."""
        matched = False
        next_word = 0  # words before this one are inside a name already taken
        for span in run.spans:
            if span.i < next_word:
                continue
            start = base + run.words[span.i][0]
            place = self._resolve(sentence, start, span)
            if place is None:
                continue
            hit = Mention(span.text, start, start + len(span.text), place)
            out.append(self._with_lowercase_prefix(sentence, hit, span.prefixed_hit))
            next_word = span.j
            matched = True
        return matched

    def _with_lowercase_prefix(self, sentence: str, hit: Mention, prefixed: Place | None) -> Mention:
        """'in Khalil' is the town In Khalil when the gazetteer knows 'In Khalil' and not 'Khalil' alone."""
        if prefixed is None:
            return hit
        before = _LOWER_WORD_BEFORE.search(sentence, max(0, hit.start - 40), hit.start)
        if before and before.group(1) == "in":
            return Mention(sentence[before.start(1) : hit.end], before.start(1), hit.end, prefixed)
        return hit

    def _resolve(self, sentence: str, start: int, span: _Span) -> Place | None:
        """The place a candidate span names at this occurrence, read with the words before it."""
        place = span.curated
        if place is None and span.in_prefixed is not None and _IN_BEFORE.search(_tail(sentence, start)):
            place = span.in_prefixed  # "in Khalil": the lower-case particle belongs to the name
        if place is not None:
            if place.kind == "country" and _THE_BEFORE.search(_tail(sentence, start)):
                river = self.gazetteer.by_name(f"{place.name} River")
                if river is not None and river.kind == "river":
                    return river  # "crossed the Niger"
            return place
        if span.fallback and (_slot(sentence, start, _LOCATIVE_CUES) or self._coordinated(sentence, start)):
            demonym = _DEMONYM_SLOT.search(_tail(sentence, start))
            country = self.gazetteer.country_of_demonym(demonym.group(1)) if demonym else None
            return self.gazetteer.resolve(span.text, self.countries, only_country=country)
        return None

    def _coordinated(self, sentence: str, start: int) -> bool:
        """True after "X and " / "X, " where X was already taken as a place in a place slot."""
        head = _tail(sentence, start)
        match = _LISTED_BEFORE.search(head)
        if not match:
            return False
        before = head[: match.start(1)]
        word = match.group(1)
        return bool(_slot(before, len(before), _LOCATIVE_CUES) and self.gazetteer.resolve(word, self.countries) is not None)

    def _keep(self, sentence: str, mention: Mention, town_before: bool) -> bool:
        head = _tail(sentence, mention.start)
        lowered = head.lower()
        if ("km" in lowered or "kilomet" in lowered or "mile" in lowered) and _DISTANCE.search(head):
            return False  # "400 km north of Bamako" says where Diabaly is, nothing happened at Bamako
        if town_before and _LOCATOR.search(head):
            return False  # "Tamalat and Insinane, near Ménaka"
        if _THE_X_TOWN_OF.match(sentence, mention.end):
            return False  # "the Gao town of Bamba" is about Bamba
        if _NAMED_CRISIS.match(sentence, mention.end) and _THE_BEFORE.search(head):
            return False  # "mastermind of the In Amenas hostage crisis" names an earlier event, not this one
        return True


