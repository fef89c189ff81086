"""What a heading says about its section (a topic or a stretch of the story, and its dates); the war's dates.

The words that mark a topic ("Casualties", "See also"), a background or an aftermath live in
mapapp/data/headings.txt, for any war article; nothing here names one article's headings.
"""

from __future__ import annotations

import calendar
import configparser
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .dates import DateContext, find_dates
from .model import PartialDate

HEADINGS_PATH = Path(__file__).resolve().parent / "data" / "headings.txt"

# "First week", "Second phase", "Final stage", "Day 3", "Phase two": a heading that names a stretch of the
# fighting by its place in the order, with no date of its own.
_ORDINALS = ("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
             "|initial|opening|final|last|closing")
_PERIODS = "days?|weeks?|months?|phases?|stages?|periods?|waves?|rounds?"
_NUMBERS = r"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten"
_NAMES_PERIOD = re.compile(
    rf"^\W*(?:(?:{_ORDINALS})\s+(?:{_PERIODS})|(?:day|week|month|phase|stage|wave|round)\s+(?:{_NUMBERS}))\b",
    re.IGNORECASE,
)
# "(2014)", ", 2015", "2014": a year standing alone in a heading is its date (in running text a bare
# number needs a cue such as "in", which dates.find_dates asks for).
_LONE_YEAR = re.compile(r"(?<![\w.,])(1[89]\d\d|20\d\d)(?!\w|[.,]\d)")
# "### May": a heading that is a month alone (running text asks a cue of "May", also a verb).
_MONTH_ALONE = re.compile(rf"^\W*({'|'.join(calendar.month_name[1:])})(?:\s+(\d{{4}}))?\W*$", re.IGNORECASE)
_RANGE_DASH = re.compile(r"\s*(?:[–—-]|to|until)\s*")
_OPEN_END = re.compile(r"[–—-]\s*(?:present|ongoing|today|now)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HeadingDate:
    """The dates a heading carries.

    start: its first date. end: its last (None when it gives one date only).
    open: the range runs on to the present ("2021–present", "(29 August – present)").
    """

    start: PartialDate
    end: PartialDate | None = None
    open: bool = False


@dataclass(frozen=True, slots=True)
class WarBounds:
    """The war's dates from the article's infobox: start, and end (None while it is going on, or unknown)."""

    start: PartialDate | None = None
    end: PartialDate | None = None


@lru_cache(maxsize=4)
def load_heading_words(path: Path = HEADINGS_PATH) -> dict[str, re.Pattern[str]]:
    """Each kind of heading ('thematic', 'background', 'aftermath') -> a pattern of its phrases, as words."""
    parser = configparser.ConfigParser(allow_no_value=True, delimiters=("=",), comment_prefixes=("#",))
    parser.read_string(path.read_text(encoding="utf-8"), source=path.name)
    patterns = {}
    for kind in parser.sections():
        phrases = sorted(parser[kind], key=len, reverse=True)
        words = "|".join(r"\s+".join(re.escape(w) for w in phrase.split()) for phrase in phrases)
        # A topic is named anywhere ("International reactions"); a background or an aftermath opens the
        # heading ("Aftermath of the battle"), as "Battle of Gao and aftermath" is the battle itself.
        opening = r"^\W*" if kind in ("background", "aftermath") else ""
        patterns[kind] = re.compile(rf"{opening}(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
    return patterns


@lru_cache(maxsize=4096)  # a long article repeats its headings; each is read a few times
def is_thematic(title: str) -> bool:
    """A heading of a section about a topic (casualties, reactions, see also...), never a phase."""
    return bool(load_heading_words()["thematic"].search(title))


def heading_role(title: str) -> str:
    """'background' or 'aftermath' for a heading that says so, else ''."""
    words = load_heading_words()
    for role in ("background", "aftermath"):
        if words[role].search(title):
            return role
    return ""


@lru_cache(maxsize=4096)
def names_period(title: str) -> bool:
    """A heading that names a stretch of the fighting by its order ("First week", "Day 3"), with no date."""
    return bool(_NAMES_PERIOD.search(title))


@lru_cache(maxsize=4096)
def read_heading_date(title: str, year: int | None) -> HeadingDate | None:
    """The dates a heading carries; a month or day without a year is read in `year` ('### March')."""
    alone = _MONTH_ALONE.match(title)
    if alone:
        said = int(alone.group(2)) if alone.group(2) else year
        month = [m.lower() for m in calendar.month_name].index(alone.group(1).lower())
        return HeadingDate(PartialDate(said, month)) if said else None
    found = find_dates(title, DateContext(year=year))
    if found:
        first, end = found[0], found[0].end
        if end is None and len(found) > 1 and _RANGE_DASH.fullmatch(title, first.span[1], found[1].span[0]):
            end = found[1].end or found[1].start  # "(July 2011 – April 2012)": two dates, one range
        open_end = end is None and bool(_OPEN_END.search(title, first.span[0]))
        return HeadingDate(first.start, end, open_end)
    lone = _LONE_YEAR.search(title)
    if lone:
        return HeadingDate(PartialDate(int(lone.group(1))), None, bool(_OPEN_END.search(title, lone.start())))
    return None


def read_war_bounds(metadata: dict[str, Any]) -> WarBounds:
    """The war's start and end from the first infobox `date` ('16 January 2012 – present',
    'May 8–9, 1992', '14 April 2018'); unknown parts are None."""
    for box in metadata.get("infoboxes") or []:
        if not isinstance(box, dict) or not isinstance(box.get("date"), dict):
            continue
        text = str(box["date"].get("text") or "")
        found = find_dates(text)
        if not found:
            continue
        first, last = found[0], found[-1]
        if _OPEN_END.search(text):
            return WarBounds(first.start, None)
        end = first.end or (last.end or last.start if len(found) > 1 else first.start)
        return WarBounds(first.start, end)
    return WarBounds()
