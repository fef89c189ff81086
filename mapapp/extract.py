"""Sections -> dated sentences -> one event per (sentence, populated place).

Dates follow the running context of the text (tests/data/ANNOTATION.md states the reading rules):
a sentence's own date, else the latest date under the same heading, else the heading's date; a year-less
date takes the year of its context. Places come from the gazetteer only: a word is a place because a
gazetteer layer knows it, never because it is listed here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from .dates import MONTH_NAMES, DateContext, DateMention, Expression, by_initial, date_expressions, find_dates
from .gazetteer import Gazetteer, fold
from .errors import DateError
from .model import Document, Event, PartialDate, Place, Unresolved

# ---------------------------------------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st lt col gen capt sgt maj cpl pres gov sen rep rev prof no vs etc approx est "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept fig e.g i.e u.s u.n u.k".split()
)
# Starts with the stop itself, not a look-behind: a pattern that opens with a plain character set is
# scanned for at C speed.
_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9\u00C0-\u00DE])")
_FIRST_WORD = re.compile(r"[\s-]")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]?")
_LOWER_NEXT = re.compile(r"\s+[a-z]")  # used with match(text, pos): no "^"
_LOWER_WORD_BEFORE = re.compile(r"(\b[a-z]+)\s+$")
_IN_BEFORE = re.compile(r"\bin\s+$")
_THE_BEFORE = re.compile(r"\bthe\s+$")
_LISTED_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)((?:,\s*|\s+and\s+|,\s*and\s+))$")
_BULLET = re.compile(r"^\s*(?:[*+-]|\d+\.)\s+")


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Where each sentence of a paragraph starts and ends. Abbreviations ("U. S.", "Lt.") and initials do
    not end a sentence.

    Hand-written on purpose: it runs on every paragraph and must stay within the 50 ms budget, which the
    library splitters (pysbd and the like) miss by far on an article of this length.
    """
    cuts = [0]  # where sentences start, then the paragraph's end
    for match in _BOUNDARY.finditer(paragraph):
        end = match.start() + 1  # just after the stop
        # The last word before the stop: abbreviations are short, so a bounded window holds it (the whole
        # sentence so far when the window holds no space: a long token is no abbreviation, but must be read
        # whole to be sure).
        words = paragraph[max(cuts[-1], end - 40) : end].rsplit(None, 1)
        if len(words) < 2 and end - 40 > cuts[-1]:
            words = paragraph[cuts[-1] : end].rsplit(None, 1)
        word = words[-1].lstrip("\"“‘([").rstrip(".").lower() if words else ""  # "(Jan." is "jan"
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or _INITIALS.fullmatch(word):
            continue
        cuts += (end, match.end())
    cuts.append(len(paragraph))
    spans = []
    for begin, end in zip(cuts[::2], cuts[1::2]):
        piece = paragraph[begin:end]
        stripped = piece.strip()
        if stripped:
            begin += len(piece) - len(piece.lstrip())
            spans.append((begin, begin + len(stripped)))
    return spans


def split_sentences(paragraph: str) -> list[str]:
    """A paragraph -> its sentences (see sentence_spans)."""
    return [paragraph[a:b] for a, b in sentence_spans(paragraph)]


def paragraphs(text: str) -> list[str]:
    """Section text -> paragraphs; every bullet line is a paragraph of its own."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current: list[str] = []
        for line in block.split("\n"):
            if _BULLET.match(line):
                if current:
                    out.append(" ".join(current))
                current = [_BULLET.sub("", line, count=1)]
            elif line.strip():
                current.append(line.strip())
        if current:
            out.append(" ".join(current))
    return [p for p in out if p.strip()]


# ---------------------------------------------------------------------------------------------- mentions

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
_COORDINATION = re.compile(r"^(?:\s+and\s+|,\s*and\s+|\s+or\s+)(?:in\s+)?$")


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
            if run.spans and self._match_run(sentence, base, run, mentions):
                continue
            if run.maybe_unknown:
                run_start, run_end = base + run.words[0][0], base + run.words[-1][1]
                if not _LOWER_NEXT.match(sentence, run_end) and self._in_place_slot(sentence, run_start, mentions):
                    unresolved.append(_strip_possessive(sentence[run_start:run_end]))  # not "Islamist forces"
        return [m for m in mentions if self._keep(sentence, m, mentions)], unresolved

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

    def _in_place_slot(self, sentence: str, start: int, mentions: list[Mention]) -> bool:
        if _slot(sentence, start, _STRONG_CUES):
            return True
        if mentions and _COORDINATION.match(sentence[mentions[-1].end : start]):
            return _slot(sentence, mentions[-1].start, _STRONG_CUES)
        return False

    def _keep(self, sentence: str, mention: Mention, mentions: list[Mention]) -> bool:
        head = _tail(sentence, mention.start)
        lowered = head.lower()
        if ("km" in lowered or "kilomet" in lowered or "mile" in lowered) and _DISTANCE.search(head):
            return False  # "400 km north of Bamako" says where Diabaly is, nothing happened at Bamako
        earlier = [m for m in mentions if m.end <= mention.start and m.place and m.place.is_town]
        if earlier and _LOCATOR.search(head):
            return False  # "Tamalat and Insinane, near Ménaka"
        if _THE_X_TOWN_OF.match(sentence, mention.end):
            return False  # "the Gao town of Bamba" is about Bamba
        if _NAMED_CRISIS.match(sentence, mention.end) and _THE_BEFORE.search(head):
            return False  # "mastermind of the In Amenas hostage crisis" names an earlier event, not this one
        return True


# ---------------------------------------------------------------------------------------------- dating


@dataclass(frozen=True, slots=True)
class DatedSentence:
    """A sentence with the date it is read at, and how that date was found.

    basis: 'explicit', 'coarse', 'relative', 'context' (an earlier sentence's date), 'heading'.
    """

    text: str
    section: str
    path: tuple[str, ...]
    start: PartialDate | None
    end: PartialDate | None
    basis: str


_SUBORDINATE_OPENING = re.compile(r"^(?:After|Following|Since|Before)\b")
_FUTURE = re.compile(r"\b(?:will|would|to be)\b[^.]{0,40}$")


def _governing(sentence: str, mentions: list[DateMention]) -> DateMention | None:
    usable = [m for m in mentions if not (m.basis == "relative" and _FUTURE.search(sentence[: m.span[0]]))]
    if not usable:
        return None
    first = usable[0]
    if len(usable) > 1 and _SUBORDINATE_OPENING.match(sentence):
        comma = sentence.find(",", first.span[1])
        later = [m for m in usable[1:] if comma != -1 and m.span[0] > comma]
        if later:
            return later[0]  # "After gaining the airport on 27 January, the next day, ..."
    return first


_NAME_INITIALS, _NAME_REST = by_initial(MONTH_NAMES)
# "16 January 2012", "January 16, 2012", "January 2012": opens with one character set (see by_initial)
# at the start of a word; a day before the month is read from the first digit on.
_FULL_DATE = re.compile(
    rf"[0-9{_NAME_INITIALS}](?<=\b(?s:.))(?:(?<=[0-9])(?P<lead>[0-9]?)\s+(?P<month>"
    + "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
    + rf")|(?P<rest>{_NAME_REST}))\b(?:\s+(?P<day2>\d{{1,2}}))?,?\s+(?P<year>(?:19|20)\d\d)\b"
)


def present_date(document: Document) -> PartialDate | None:
    """What 'present' means in '2021–present': the latest date with a year that the article itself gives."""
    from .dates import _MONTHS  # the month table is the dates module's own

    latest: PartialDate | None = None
    for section in document.sections:
        for found in _FULL_DATE.finditer(section.text):
            day1 = found.group(0)[0] + found.group("lead") if found.group("month") else ""
            month = found.group("month") or found.group(0)[0] + found.group("rest")
            day2, year = found.group("day2"), found.group("year")
            if latest is not None and int(year) < latest.year:
                continue  # cannot be later: spare building the date
            try:
                date = PartialDate(int(year), _MONTHS[month], int(day1 or day2) if (day1 or day2) else None)
            except (DateError, KeyError):
                continue
            if latest is None or date.last_day() > latest.last_day():
                latest = date
    return latest


_SAME_YEAR = re.compile(r"\b(?:the same|that) year\b")


def document_year(document: Document) -> int | None:
    """The year the article is about: the first year of its infobox date ('16 January 2012 – present')."""
    for box in document.metadata.get("infoboxes") or []:
        if isinstance(box, dict) and isinstance(box.get("date"), dict):
            found = find_dates(str(box["date"].get("text") or ""))
            if found:
                return found[0].start.year
    found = find_dates(str(document.metadata.get("date") or ""))
    return found[0].start.year if found else None


def sentences_with_dates(paragraph: str) -> Iterator[tuple[str, list[Expression] | None]]:
    """Each sentence of a paragraph with its date expressions (offsets within the sentence), or None when
    the sentence must look for its own.

    The expressions are found once per paragraph: most sentences have none, which spares reading those
    at all. No date expression spans a real sentence boundary; where the splitter cuts one anyway
    ("mid-Jan. 16": "mid-jan" is no abbreviation it knows), the sentences on both sides read their own, as
    they would alone. This relies on no expression starting in the gap between two sentences (closing
    quotes or brackets and spaces, where no digit, month or word can start): one that did would be lost.
    """
    expressions = date_expressions(paragraph)
    taken, reach = 0, 0  # reach: where the expressions taken so far end
    for begin, end in sentence_spans(paragraph):
        own: list[Expression] | None = []
        crossed = reach > begin  # an expression ran into this sentence
        while taken < len(expressions) and expressions[taken].start < end:
            expression = expressions[taken]
            if expression.start >= begin:
                own.append(expression.moved(-begin))
            reach = max(reach, expression.end)
            taken += 1
        yield paragraph[begin:end], None if crossed or reach > end else own


def date_sentences(document: Document, rejected: list[str] | None = None,
                   present: PartialDate | None = None,
                   progress: Callable[[float], None] | None = None) -> list[DatedSentence]:
    """Every sentence of the body with its date under the reading rules of tests/data/ANNOTATION.md."""
    present = present or present_date(document)
    out: list[DatedSentence] = []
    base = document_year(document)
    year: int | None = base
    carried: int | None = base  # the last year the text itself gave: "in September of the same year"
    heading_dates: dict[int, DateMention | None] = {}
    step = max(1, len(document.sections) // 10)
    for number, section in enumerate(document.sections):
        if progress and number % step == 0:
            progress(number / len(document.sections))
        # Headings carry dates for what is under them; running dates do not cross headings.
        for level in [lv for lv in heading_dates if lv >= section.level]:
            del heading_dates[level]
        own = find_dates(section.title, DateContext(year=year, present=present)) if section.title else []
        heading_dates[section.level] = own[0] if own else None
        inherited = next((heading_dates[lv] for lv in sorted(heading_dates, reverse=True) if heading_dates[lv]), None)
        if inherited is not None:
            year = inherited.start.year
        elif base is not None:
            # A heading with no year of its own reads year-less dates in the article's own year (its
            # infobox date), not in whatever year the previous section ended with: a closing aside such
            # as "On 7 June 2022, the transition was delayed" must not move the next section's "On 4 June".
            year = base
        running: tuple[PartialDate, PartialDate | None, str] | None = (
            (inherited.start, inherited.end, "heading") if inherited else None
        )
        for paragraph in paragraphs(section.text):
            for sentence, own in sentences_with_dates(paragraph):
                mention = None
                if own is None or own:
                    said_year = carried if "year" in sentence and _SAME_YEAR.search(sentence) else year
                    ctx = DateContext(year=said_year, running=running[0] if running else None, present=present)
                    mention = _governing(sentence, find_dates(sentence, ctx, rejected, own))
                if mention is not None:
                    # A year alone before the running date looks back ("who surrendered in 2018" told on
                    # 29 July 2021): the story, and the year of its next "30–31 July", stay where they were.
                    if not (mention.start.month is None and running and mention.start.year < running[0].year):
                        running = (mention.start, mention.end, mention.basis)
                        year = carried = mention.start.year
                    start, end, basis = mention.start, mention.end, mention.basis
                elif running is not None:
                    start, end = running[0], running[1]
                    basis = "heading" if running[2] == "heading" else "context"
                else:
                    start, end, basis = None, None, "none"
                out.append(DatedSentence(sentence, section.title, section.path, start, end, basis))
    return out


# ---------------------------------------------------------------------------------------------- events


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
