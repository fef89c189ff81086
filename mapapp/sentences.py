"""Sections -> paragraphs -> sentences, each read at its date.

Dates follow the running context of the text (tests/data/ANNOTATION.md states the reading rules): a
sentence's own date, else the latest date under the same heading, else the heading's date; a year-less
date takes the year of its context. The date expressions themselves are read by dates.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .anchors import (OUTCOME_DAY, backstory_year, day_of_running_month, days_after, latest_year_less,
                      document_end, document_outcome, document_start, document_year, present_date)
from .clauses import ClauseDate, clause_dates, coordinate_clauses, days_of_towns, governing, when_clauses
from .dates import DateContext, DateMention, find_dates
from .model import Document, PartialDate
from .splitting import paragraphs, sentence_spans, sentences_with_dates, split_sentences

__all__ = ["ClauseDate", "DatedSentence", "date_sentences", "document_end", "document_outcome", "document_start",
           "document_year", "paragraphs", "present_date", "sentence_spans", "sentences_with_dates", "split_sentences"]


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


_SAME_YEAR = re.compile(r"\b(?:the same|that) year\b")
# An article's appendices list other articles and sources: no sentence of the story stands there.
_APPENDICES = frozenset("see also|references|external links|notes|further reading|bibliography|sources|"
                        "citations|footnotes|works cited".split("|"))


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
        latest = latest_year_less(section, origin, war_end)
        for paragraph in paragraphs(section.text):
            number_of_paragraph += 1
            if running is not None and backstory_year(running[0], backstory):
                # "… when they were defeated in the province in 2018." then, a paragraph on, "By the end of
                # June": a year alone, over a year before the war, looked back; the story the next paragraph
                # takes up is the article's own year's (the 2021 offensive's June), not that year's.
                year = section_year
            for sentence, own in sentences_with_dates(paragraph):
                mention = None
                clauses: tuple[ClauseDate, ...] = ()
                onward: tuple[ClauseDate, ...] = ()
                if own is None or own:
                    said_year = carried if "year" in sentence and _SAME_YEAR.search(sentence) else year
                    ctx = DateContext(year=said_year, running=running[0] if running else None, present=present,
                                      origin=origin, latest=latest)
                    found = find_dates(sentence, ctx, rejected, own)
                    story = ctx.running is not None
                    mention = governing(sentence, found, ctx.running or backstory, story)
                    if len(found) > (mention is not None):
                        clauses = clause_dates(sentence, found, ctx.running or backstory, story)
                        clauses += when_clauses(sentence, found, mention)
                        onward = coordinate_clauses(sentence, found, mention)
                        clauses += onward
                if "th " in sentence or "st " in sentence or "nd " in sentence or "rd " in sentence:
                    clauses += days_of_towns(sentence, mention.start if mention else running[0] if running else None)
                if mention is not None:
                    # A year alone before the running date looks back ("who surrendered in 2018" told on
                    # 29 July 2021): the story, and the year of its next "30–31 July", stay where they were.
                    if not (mention.start.month is None and running and mention.start.year < running[0].year):
                        running = (mention.start, mention.end, mention.basis)
                        year = carried = mention.start.year
                    start, end, basis = mention.start, mention.end, mention.basis
                    if onward:
                        # "On 24 June, units were ordered to retreat and the next day forces captured the
                        # town.": the story has moved on to its last clause's day.
                        running = (onward[-1].start, onward[-1].end_date, onward[-1].basis)
                        year = carried = onward[-1].start.year
                elif outcome is not None and "day of" in sentence and OUTCOME_DAY.search(sentence):
                    # "On the day of the Armenian victory" (tests/data/ANNOTATION.md, relative dates): the day the
                    # battle ended, which then is the running date.
                    # Read, not written: dated "context" like a running date, so that a topical section ("Political
                    # fallout") does not become a phase by it.
                    start, end, basis = outcome, None, "context"
                    running = (start, None, basis)
                elif running is not None and (day := day_of_running_month(sentence, running[0])) is not None:
                    # "On 3 January 2013, … . On the 4th, …": a day of the month being told.
                    start, end, basis = day, None, "explicit"
                    running = (start, None, basis)
                elif running is not None:
                    start, end = running[0], running[1]
                    basis = "heading" if running[2] == "heading" else "context"
                elif told is not None and (after := days_after(sentence)) is not None:
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
