"""Sections -> paragraphs -> sentences, each read at its date.

Dates follow the running context of the text (tests/data/ANNOTATION.md states the reading rules): a
sentence's own date, else the latest date under the same heading, else the heading's date; a year-less
date takes the year of its context. The date expressions themselves are read by dates.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .dates import DateContext, DateMention, Expression, date_expressions, find_dates, latest_full_date
from .model import Document, PartialDate

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st lt col gen capt sgt maj cpl pres gov sen rep rev prof no vs etc approx est "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept fig e.g i.e u.s u.n u.k".split()
)
# Starts with the stop itself, not a look-behind: a pattern that opens with a plain character set is
# scanned for at C speed.
_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9\u00C0-\u00DE])")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]?")
_BULLET = re.compile(r"^\s*(?:[*+-]|\d+\.)\s+")


def _last_word(paragraph: str, begin: int, end: int) -> str:
    """The last word of paragraph[begin:end]. Read back in chunks only to the space before it, so that a
    long token costs its own length once, never the length of the sentence before it (a paragraph of long
    tokens would otherwise cost its length squared)."""
    hi, width = end, 40  # abbreviations are short: the first chunk almost always holds the whole word
    while hi > begin:
        lo = max(begin, hi - width)
        chunk = paragraph[lo:hi]
        parts = chunk.rsplit(None, 1)
        if len(parts) == 2 or not parts or chunk[0].isspace():
            return (parts[-1] if parts else "") + paragraph[hi:end]
        hi, width = lo, 1024
    return paragraph[begin:end].strip()


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Where each sentence of a paragraph starts and ends. Abbreviations ("U. S.", "Lt.") and initials do
    not end a sentence.

    Hand-written on purpose: it runs on every paragraph and must stay within the 50 ms budget, which the
    library splitters (pysbd and the like) miss by far on an article of this length.
    """
    cuts = [0]  # where sentences start, then the paragraph's end
    for match in _BOUNDARY.finditer(paragraph):
        end = match.start() + 1  # just after the stop
        word = _last_word(paragraph, cuts[-1], end).lstrip("\"“‘([").rstrip(".").lower()  # "(Jan." is "jan"
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


@dataclass(frozen=True, slots=True)
class DatedSentence:
    """A sentence with the date it is read at, and how that date was found.

    basis: 'explicit', 'coarse', 'relative', 'context' (an earlier sentence's date), 'heading'.
    paragraph: the number of its paragraph in the document (0 first): "the city" stands for a town
        named earlier in the same paragraph.
    """

    text: str
    section: str
    path: tuple[str, ...]
    start: PartialDate | None
    end: PartialDate | None
    basis: str
    paragraph: int = 0


_SUBORDINATE_OPENING = re.compile(r"^(?:After|Following|Since|Before)\b")
_FUTURE = re.compile(r"\b(?:will|would|to be)\b[^.]{0,40}$")
# "that" after a noun opens a relative clause ("fighters that surrendered in 2018"); after a reporting verb
# it opens what was reported, whose date is the sentence's ("revealed that they had attempted ... in April").
_RELATIVE = re.compile(r"\b(?:(?<!said )(?<!reported )(?<!revealed )(?<!claimed )(?<!stated )(?<!announced )"
                       r"(?<!confirmed )(?<!added )(?<!noted )(?<!alleged )(?<!denied )(?<!told )(?<!believed )"
                       r"(?<!estimated )(?<!suggested )(?<!acknowledged )that|which|who|whom|whose|when|since)\b")


def _looks_back(sentence: str, mention: DateMention, running: PartialDate | None) -> bool:
    """A date earlier than the running one inside a relative clause dates that clause, not the sentence:
    "former rebel fighters that surrendered to the government in 2018" (said in 2021)."""
    return (running is not None and mention.start.last_day() < running.first_day()
            and _RELATIVE.search(sentence, 0, mention.span[0]) is not None)


def _governing(sentence: str, mentions: list[DateMention], running: PartialDate | None = None) -> DateMention | None:
    usable = [m for m in mentions if not (m.basis == "relative" and _FUTURE.search(sentence[: m.span[0]]))
              and not _looks_back(sentence, m, running)]
    if not usable:
        return None
    first = usable[0]
    if len(usable) > 1 and _SUBORDINATE_OPENING.match(sentence):
        comma = sentence.find(",", first.span[1])
        later = [m for m in usable[1:] if comma != -1 and m.span[0] > comma]
        if later:
            return later[0]  # "After gaining the airport on 27 January, the next day, ..."
    return first


def present_date(document: Document) -> PartialDate | None:
    """What 'present' means in '2021–present': the latest date with a year that the article itself gives."""
    return latest_full_date(section.text for section in document.sections)


_SAME_YEAR = re.compile(r"\b(?:the same|that) year\b")
# An article's appendices list other articles and sources: no sentence of the story stands there.
_APPENDICES = frozenset("see also|references|external links|notes|further reading|bibliography|sources|"
                        "citations|footnotes|works cited".split("|"))


def document_start(document: Document) -> PartialDate | None:
    """When the article's war or battle began: the first date of its infobox date ('19 May – 5 June 2013')."""
    for box in document.metadata.get("infoboxes") or []:
        if isinstance(box, dict) and isinstance(box.get("date"), dict):
            found = find_dates(str(box["date"].get("text") or ""))
            if found:
                return found[0].start
    found = find_dates(str(document.metadata.get("date") or ""))
    return found[0].start if found else None


def document_year(document: Document) -> int | None:
    """The year the article is about: the first year of its infobox date ('16 January 2012 – present')."""
    start = document_start(document)
    return start.year if start else None


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
    origin = document_start(document)
    base = origin.year if origin else None
    year: int | None = base
    carried: int | None = base  # the last year the text itself gave: "in September of the same year"
    heading_dates: dict[int, DateMention | None] = {}
    step = max(1, len(document.sections) // 10)
    number_of_paragraph = -1
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
        if any(title.strip().lower() in _APPENDICES for title in section.path):
            continue
        for paragraph in paragraphs(section.text):
            number_of_paragraph += 1
            for sentence, own in sentences_with_dates(paragraph):
                mention = None
                if own is None or own:
                    said_year = carried if "year" in sentence and _SAME_YEAR.search(sentence) else year
                    ctx = DateContext(year=said_year, running=running[0] if running else None, present=present,
                                      origin=origin)
                    mention = _governing(sentence, find_dates(sentence, ctx, rejected, own), ctx.running)
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
                out.append(DatedSentence(sentence, section.title, section.path, start, end, basis,
                                         number_of_paragraph))
    return out
