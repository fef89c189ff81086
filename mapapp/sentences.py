"""Sections -> paragraphs -> sentences, each read at its date.

Dates follow the running context of the text (tests/data/ANNOTATION.md states the reading rules): a
sentence's own date, else the latest date under the same heading, else the heading's date; a year-less
date takes the year of its context. The date expressions themselves are read by dates.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .dates import DateContext, DateMention, Expression, date_expressions, find_dates, latest_full_date
from .errors import DateError
from .headings import heading_role
from .model import Document, PartialDate, Section

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
class ClauseDate:
    """A relative clause that looks back, with its own date ("after Raqqa, which was captured by the rebels
    in March 2013", "when the rebels seized the town in 2012"): the towns named in it, its antecedent
    included, take its date; the rest of the sentence does not (tests/data/ANNOTATION.md, dates).

    begin, end: where the clause stands in the sentence (from its antecedent to the end of its date).
    """

    begin: int
    end: int
    start: PartialDate
    end_date: PartialDate | None
    basis: str


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
    clauses: tuple[ClauseDate, ...] = ()

    def date_at(self, position: int) -> tuple[PartialDate | None, PartialDate | None, str]:
        """The date of what the sentence tells at `position`: a looking-back clause's own, else the sentence's."""
        for clause in self.clauses:
            if clause.begin <= position < clause.end:
                return clause.start, clause.end_date, clause.basis
        return self.start, self.end, self.basis


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
    if running is None or mention.start.last_day() >= running.first_day():
        return False
    opener = None
    for opener in _RELATIVE.finditer(sentence, 0, mention.span[0]):
        pass  # the last relative word before the date opens its clause
    # "But since 2 January, the jihadists gathered …": a "since" or "when" opening the sentence sets its
    # time, it is no clause of a noun before it.
    return opener is not None and not _OPENS.fullmatch(sentence, 0, opener.start())


_OPENS = re.compile(r"\W*(?:(?:But|And|Yet|So)\s+)?")


_ANTECEDENT = re.compile(r"(?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*,?\s+$|\bthe\s+(?:city|town|village),?\s+$")


def _clause_dates(sentence: str, mentions: list[DateMention], running: PartialDate | None) -> tuple[ClauseDate, ...]:
    """The looking-back clauses of a sentence (see _looks_back), each from its antecedent to its date."""
    found = []
    for mention in mentions:
        if not _looks_back(sentence, mention, running):
            continue
        opener = None
        for opener in _RELATIVE.finditer(sentence, 0, mention.span[0]):
            pass  # the last relative word before the date opens its clause
        begin = opener.start()
        antecedent = _ANTECEDENT.search(sentence, max(0, begin - 60), begin)
        found.append(ClauseDate(antecedent.start() if antecedent else begin, mention.span[1], mention.start,
                                mention.end, mention.basis))
    return tuple(found)


# "concluded on 20 May 2022, when Russia announced the forces in Mariupol surrendered": what the when-clause tells.
_WHEN_AFTER = re.compile(r",?\s+when\b")


def _when_clauses(sentence: str, mentions: list[DateMention], governing: DateMention | None) -> tuple[ClauseDate, ...]:
    """Each "DATE, when …" clause of a date other than the sentence's own, from that date to the next: the
    towns it names happened on its date (tests/data/ANNOTATION.md, dates)."""
    found = []
    for number, mention in enumerate(mentions):
        if mention is governing or mention.basis == "relative" or not _WHEN_AFTER.match(sentence, mention.span[1]):
            continue
        end = mentions[number + 1].span[0] if number + 1 < len(mentions) else len(sentence)
        found.append(ClauseDate(mention.span[0], end, mention.start, mention.end, mention.basis))
    return tuple(found)


# "On the 4th, Ansar Dine handed over a document": a sentence opening on a day alone ("of March", "day of the
# fighting" would make it another date).
_ON_THE_DAY = re.compile(r"\W*(?:On|By|On the morning of|On the night of)\s+the\s+(?P<day>[1-3]?\d)(?:st|nd|rd|th)\b"
                         r"(?!\s+(?:of\b|day\b|[A-Z]))")


def _day_of_running_month(sentence: str, running: PartialDate) -> PartialDate | None:
    """The day an opening "On the 4th" names, in the month being told, when it is not before the running day."""
    if running.month is None or "the " not in sentence[:24]:
        return None
    match = _ON_THE_DAY.match(sentence)
    if match is None:
        return None
    day = int(match.group("day"))
    if running.day is not None and day < running.day:
        return None  # a day before the one being told is not read as the next month's: a reader would need it said
    try:
        return PartialDate(running.year, running.month, day)
    except DateError:
        return None


# "Shusha on 9th and later Lachin on 18th": a town with a day of its own, in the month being told.
_TOWN_ON_DAY = re.compile(r"\b(?:[A-Z][\w'’-]*\s+){1,3}on\s+(?:the\s+)?(?P<day>[1-3]?\d)(?:st|nd|rd|th)\b"
                          r"(?!\s+(?:of\s+)?[A-Z])")


def _days_of_towns(sentence: str, month: PartialDate | None) -> tuple[ClauseDate, ...]:
    """Each "X on 9th" of a sentence, dated in `month` (the date being told, which has a month)."""
    if month is None or month.month is None or " on " not in sentence:
        return ()
    found = []
    for match in _TOWN_ON_DAY.finditer(sentence):
        try:
            day = PartialDate(month.year, month.month, int(match.group("day")))
        except DateError:
            continue
        found.append(ClauseDate(match.start(), match.end(), day, None, "explicit"))
    return tuple(found)


def _names_a_period(sentence: str, mention: DateMention) -> bool:
    """'the Raqqa campaign (2016–2017)', 'the Battle of Mosul (2016–2017)': years in brackets right after a
    name tell which of its namesakes is meant, not when the sentence's event happened."""
    begin, end = mention.span
    return (mention.start.month is None and begin > 1 and sentence[begin - 1] == "(" and sentence[begin - 2] == " "
            and sentence.startswith(")", end) and sentence[: begin - 2][-1:].isalpha())


def _governing(sentence: str, mentions: list[DateMention], running: PartialDate | None = None) -> DateMention | None:
    usable = [m for m in mentions if not (m.basis == "relative" and _FUTURE.search(sentence[: m.span[0]]))
              and not _looks_back(sentence, m, running) and not _names_a_period(sentence, m)]
    if not usable:
        return None
    first = usable[0]
    if len(usable) > 1 and _SUBORDINATE_OPENING.match(sentence):
        comma = sentence.find(",", first.span[1])
        later = [m for m in usable[1:] if comma != -1 and m.span[0] > comma]
        if later:
            return later[0]  # "After gaining the airport on 27 January, the next day, ..."
    return first


# "a day after rebels took the city", "two days after the capture": a date anchored on an event the text has
# just told (tests/data/ANNOTATION.md, relative dates). Read only where no running date is at hand (the top
# of a section), anchored on the day the story told last: the climax an "Aftermath" opens with.
_DAYS_AFTER = re.compile(r"\b(?:(?P<n>a|one|two|three|four|five|six|seven|[1-9])\s+days?|[Tt]he\s+day)\s+after\b")
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _days_after(sentence: str) -> dt.timedelta | None:
    found = _DAYS_AFTER.search(sentence) if "after" in sentence else None
    if found is None:
        return None
    n = found.group("n")
    return dt.timedelta(days=1 if n is None else _NUMBERS.get(n.lower()) or int(n))


def _backstory_year(date: PartialDate, backstory: PartialDate | None) -> bool:
    """A year alone (no month) that ends over a year before the war began."""
    return date.month is None and backstory is not None and date.last_day() < backstory.first_day()


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
    if found:
        return found[0].start
    # No infobox date: the year a title gives ("Battle of Raqqa (2017)", "2016 Nagorno-Karabakh conflict").
    year = _TITLE_YEAR.search(document.title or "")
    return PartialDate(int(year.group(0))) if year else None


_TITLE_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def document_end(document: Document) -> PartialDate | None:
    """When the article's war or battle ended: the end of its infobox date, None while it goes on."""
    for box in document.metadata.get("infoboxes") or []:
        if isinstance(box, dict) and isinstance(box.get("date"), dict):
            found = find_dates(str(box["date"].get("text") or ""))
            return found[0].end if found and "present" not in str(box["date"].get("text") or "").lower() else None
    return None


# A background may run a few weeks into the war's first days (the infobox's start is one side's count); a
# year-less date there much later than the start was told of the year before (DateContext.latest). A lead
# may tell what followed the war ("Lysychansk, which fell in early July", after a battle ending 25 June),
# not months later in the same year.
_BACKGROUND_REACH = dt.timedelta(days=60)
_LEAD_REACH = dt.timedelta(days=90)


def _latest_year_less(section: Section, origin: PartialDate | None, end: PartialDate | None) -> PartialDate | None:
    """The last day a year-less date of this section may fall on: a little after the war's end in the lead,
    which tells the war as a whole and what led to it; a little after its start in a background."""
    if section.level == 1 and not section.title:
        day = end.last_day() + _LEAD_REACH if end is not None else None
    elif origin is not None and origin.day is not None and any(heading_role(t) == "background" for t in section.path):
        day = origin.first_day() + _BACKGROUND_REACH
    else:
        day = None
    return PartialDate(day.year, day.month, day.day) if day else None


def document_outcome(document: Document) -> PartialDate | None:
    """The day a battle ended, when its infobox date is a span of days of at most a month ('May 8–9, 1992'):
    the day of its victory or defeat."""
    for box in document.metadata.get("infoboxes") or []:
        if isinstance(box, dict) and isinstance(box.get("date"), dict):
            found = find_dates(str(box["date"].get("text") or ""))
            if found and found[0].end is not None and found[0].end.day is not None and found[0].start.day is not None:
                if (found[0].end.first_day() - found[0].start.first_day()).days <= 31:
                    return found[0].end
            return None
    return None


# "On the day of the Armenian victory": a battle's outcome, told in a section after its story.
_OUTCOME_DAY = re.compile(r"\b[Oo]n the (?:very )?day of (?:the |their |its )?(?:[A-Z][\w-]* )?(?:victory|defeat)\b")


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
    outcome = document_outcome(document)
    war_end = document_end(document)
    base = origin.year if origin else None
    # With no running date yet, a date in a relative clause that ends over a year before the war began is
    # backstory ("after Raqqa, which was captured in March 2013", in an article on 2015): it dates that
    # clause only. Nearer dates are the story's own ("the bombardment, which began on January 10, 1992").
    backstory = PartialDate(origin.year - 1, origin.month, min(origin.day, 28) if origin.day else None) if origin else None
    told: dt.date | None = None  # the last day the story told, for "a day after <that event>"
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
        section_year = year
        latest = _latest_year_less(section, origin, war_end)
        for paragraph in paragraphs(section.text):
            number_of_paragraph += 1
            if running is not None and _backstory_year(running[0], backstory):
                # "… when they were defeated in the province in 2018." then, a paragraph on, "By the end of
                # June": a year alone, over a year before the war, looked back; the story the next paragraph
                # takes up is the article's own year's (the 2021 offensive's June), not that year's.
                year = section_year
            for sentence, own in sentences_with_dates(paragraph):
                mention = None
                clauses: tuple[ClauseDate, ...] = ()
                if own is None or own:
                    said_year = carried if "year" in sentence and _SAME_YEAR.search(sentence) else year
                    ctx = DateContext(year=said_year, running=running[0] if running else None, present=present,
                                      origin=origin, latest=latest)
                    found = find_dates(sentence, ctx, rejected, own)
                    mention = _governing(sentence, found, ctx.running or backstory)
                    if len(found) > (mention is not None):
                        clauses = _clause_dates(sentence, found, ctx.running or backstory)
                        clauses += _when_clauses(sentence, found, mention)
                if "th " in sentence or "st " in sentence or "nd " in sentence or "rd " in sentence:
                    clauses += _days_of_towns(sentence, mention.start if mention else running[0] if running else None)
                if mention is not None:
                    # A year alone before the running date looks back ("who surrendered in 2018" told on
                    # 29 July 2021): the story, and the year of its next "30–31 July", stay where they were.
                    if not (mention.start.month is None and running and mention.start.year < running[0].year):
                        running = (mention.start, mention.end, mention.basis)
                        year = carried = mention.start.year
                    start, end, basis = mention.start, mention.end, mention.basis
                elif outcome is not None and "day of" in sentence and _OUTCOME_DAY.search(sentence):
                    # "On the day of the Armenian victory" (tests/data/ANNOTATION.md, relative dates): the day the
                    # battle ended, which then is the running date.
                    # Read, not written: dated "context" like a running date, so that a topical section ("Political
                    # fallout") does not become a phase by it.
                    start, end, basis = outcome, None, "context"
                    running = (start, None, basis)
                elif running is not None and (day := _day_of_running_month(sentence, running[0])) is not None:
                    # "On 3 January 2013, … . On the 4th, …": a day of the month being told.
                    start, end, basis = day, None, "explicit"
                    running = (start, None, basis)
                elif running is not None:
                    start, end = running[0], running[1]
                    basis = "heading" if running[2] == "heading" else "context"
                elif told is not None and (after := _days_after(sentence)) is not None:
                    # "a day after rebels took the city", opening a section: the event told last, a day on.
                    start, end, basis = told + after, None, "relative"
                    start = PartialDate(start.year, start.month, start.day)
                    running = (start, None, basis)
                else:
                    start, end, basis = None, None, "none"
                if start is not None and start.day is not None and basis in {"explicit", "relative"}:
                    told = start.first_day()
                out.append(DatedSentence(sentence, section.title, section.path, start, end, basis,
                                         number_of_paragraph, clauses))
    return out
