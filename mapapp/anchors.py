"""What the dates of an article are read against: the war's own dates from its infobox (start, end, the day
of its outcome, 'present'), how far a year-less date may reach, and the dates anchored on what the story
told last ("On the 4th", "a day after rebels took the city")."""

from __future__ import annotations

import datetime as dt
import re

from .dates import find_dates, latest_full_date
from .errors import DateError
from .headings import heading_role
from .model import Document, PartialDate, Section

# "On the 4th, Ansar Dine handed over a document": a sentence opening on a day alone ("of March", "day of the
# fighting" would make it another date).
# "… and rebels retook the town on the 6th": the same, in the sentence.
_ON_THE_DAY = re.compile(r"(?:^\W*|\s)(?:[Oo]n|[Bb]y|[Oo]n the (?:morning|evening|night) of)\s+the\s+"
                         r"(?P<day>[1-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:of\b|day\b|[A-Z]))")


def day_of_running_month(sentence: str, running: PartialDate) -> PartialDate | None:
    """The day "On the 4th" names in a sentence with no date of its own, in the month being told, when it is
    not before the running day."""
    if running.month is None or "the " not in sentence:
        return None
    match = _ON_THE_DAY.search(sentence)
    if match is None:
        return None
    day = int(match.group("day"))
    if running.day is not None and day < running.day:
        return None  # a day before the one being told is not read as the next month's: a reader would need it said
    try:
        return PartialDate(running.year, running.month, day)
    except DateError:
        return None


# "a day after rebels took the city", "two days after the capture": a date anchored on an event the text has
# just told (tests/data/ANNOTATION.md, relative dates). Read only where no running date is at hand (the top
# of a section), anchored on the day the story told last: the climax an "Aftermath" opens with.
_DAYS_AFTER = re.compile(r"\b(?:(?P<n>a|one|two|three|four|five|six|seven|[1-9])\s+days?|[Tt]he\s+day)\s+after\b")
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def days_after(sentence: str) -> dt.timedelta | None:
    found = _DAYS_AFTER.search(sentence) if "after" in sentence else None
    if found is None:
        return None
    n = found.group("n")
    return dt.timedelta(days=1 if n is None else _NUMBERS.get(n.lower()) or int(n))


def backstory_year(date: PartialDate, backstory: PartialDate | None) -> bool:
    """A year alone (no month) that ends over a year before the war began."""
    return date.month is None and backstory is not None and date.last_day() < backstory.first_day()


def present_date(document: Document) -> PartialDate | None:
    """What 'present' means in '2021–present': the latest date with a year that the article itself gives."""
    return latest_full_date(section.text for section in document.sections)


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


def latest_year_less(section: Section, origin: PartialDate | None, end: PartialDate | None) -> PartialDate | None:
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
OUTCOME_DAY = re.compile(r"\b[Oo]n the (?:very )?day of (?:the |their |its )?(?:[A-Z][\w-]* )?(?:victory|defeat)\b")


def document_year(document: Document) -> int | None:
    """The year the article is about: the first year of its infobox date ('16 January 2012 – present')."""
    start = document_start(document)
    return start.year if start else None
