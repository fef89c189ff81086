"""Date expressions in running text -> PartialDate, with the year and relative days taken from context."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import DateError
from .model import PartialDate

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("January", "Jan."),
            ("February", "Feb."),
            ("March", "Mar."),
            ("April", "Apr."),
            ("May",),
            ("June", "Jun."),
            ("July", "Jul."),
            ("August", "Aug."),
            ("September", "Sept.", "Sep."),
            ("October", "Oct."),
            ("November", "Nov."),
            ("December", "Dec."),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES = frozenset(n.rstrip(".") for n in _MONTHS)


def by_initial(names: Iterable[str]) -> tuple[str, str]:
    """(initials, rest) such that "[" + initials + "]" + rest matches what the alternation of `names`
    (longest first) matches. It opens with one plain character set, which the regular expression engine
    scans for in C; an alternation, or a look-ahead before it, is tried at every character instead
    (three times slower on a long article). The names are told apart after their first letter."""
    rests: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        rests.setdefault(name[0], []).append(re.escape(name[1:]))
    initials = "".join(re.escape(c) for c in rests)
    rest = "(?:" + "|".join(f"(?<={re.escape(c)})(?:{'|'.join(r)})" for c, r in rests.items()) + ")"
    return initials, rest


_M = "(?:" + "|".join(re.escape(n) for n in sorted(_MONTHS, key=len, reverse=True)) + r")(?![\w])"
_D = r"(?<![\d,.])(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%])"
_Y = r"(?<![\d,.])(?:1[89]\d\d|20\d\d)(?![\d])"
_TO = r"\s*(?:–|—|-|\bto\b|\band\b|\buntil\b|\bthrough\b)\s*"
# "on 14 or 15 October": a day the sources leave uncertain is the range of the days they give; "the night
# of 24/25 February" is the two days the night spans.
_TO_DAY = r"\s*(?:–|—|-|/|\bto\b|\band\b|\buntil\b|\bthrough\b|\bor\b)\s*"
_COMMA = r",?\s*"
# "the 3rd of April", "the night of 1 to 2 of last April" (a month of the year being told, as written
# in a statement quoted from that year).
_OF = r"(?:of\s+(?:last\s+)?)?"

# Day ranges, single days, month spans, months, years; the longest shapes come first so that
# "16 and 17 January 2012" is one range, not a lone 17 January. They are never scanned for as one
# alternation (the engine would try every character); they are tried only where a hint stands, and
# only the shapes that can start there (_shapes).
_PATTERNS = [
    ("d_m_d_m", rf"(?=\d)(?P<d1>{_D})\s+(?P<m1>{_M}){_COMMA}(?:(?P<y1>{_Y}))?{_TO}(?P<d2>{_D})\s+(?P<m2>{_M})(?:{_COMMA}(?P<y2>{_Y}))?"),
    ("m_d_m_d", rf"(?=[A-Z])(?P<m1>{_M})\s+(?P<d1>{_D})(?:{_COMMA}(?P<y1>{_Y}))?{_TO}(?P<m2>{_M})\s+(?P<d2>{_D})(?:{_COMMA}(?P<y2>{_Y}))?"),
    ("d_d_m", rf"(?=\d)(?P<d1>{_D}){_TO_DAY}(?P<d2>{_D})\s+{_OF}(?P<m2>{_M})(?:{_COMMA}(?P<y2>{_Y}))?"),
    ("m_d_d", rf"(?=[A-Z])(?P<m2>{_M})\s+(?P<d1>{_D}){_TO_DAY}(?P<d2>{_D})(?:{_COMMA}(?P<y2>{_Y}))?"),
    ("d_m", rf"(?=\d)(?P<d1>{_D})\s+{_OF}(?P<m1>{_M})(?:{_COMMA}(?P<y1>{_Y}))?"),
    ("m_d", rf"(?=[A-Z])(?P<m1>{_M})\s+(?P<d1>{_D})(?:{_COMMA}(?P<y1>{_Y}))?"),
    ("m_m", rf"(?=[A-Z])(?P<m1>{_M}){_TO}(?P<m2>{_M})(?:{_COMMA}(?P<y2>{_Y}))?"),
    ("m", rf"(?=[A-Z])(?P<m1>{_M})(?:{_COMMA}(?P<y1>{_Y}))?"),
    ("y_y", rf"(?=\d)(?P<y1>{_Y}){_TO}(?:(?P<y2>{_Y})|(?P<open>present|today|now)\b)"),
    ("y", rf"(?=\d)(?P<y1>{_Y})"),
    ("rel", r"(?=[tTlL\d])(?P<rel>\b(?:the|The)\s+(?:next|following)\s+(?:day|morning|evening|night)\b|\b(?:the|The)\s+day\s+after\b|\b(?:the|The)\s+same\s+day\b|\b[Ll]ater\s+that\s+(?:day|night|evening)\b|\b(?:the|The)\s+(?:previous|preceding)\s+day\b|\b(?:the|The)\s+day\s+before\b|\b(?P<n>two|three|four|five|six|seven|\d)\s+days\s+later\b|\b(?:the|The)\s+(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))\s+day\s+of\s+(?:the\s+)?(?:battle|fighting|offensive|siege|war|operation|clashes|assault|attack|campaign|invasion|conflict)\b)"),
]


def _shapes(names: list[str]) -> tuple[re.Pattern[str], dict[str, tuple[tuple[str, int], ...]]]:
    """One pattern trying the named shapes in order at a position: the first that fits wins, as with a
    loop over them, but the loop runs inside the regular expression engine. Each shape is an outer group
    named after it; its inner groups are renamed so that every shape keeps its own d1, m1, y1... The table
    gives, for each shape, its parts' plain names and group numbers."""
    bodies = dict(_PATTERNS)
    alternatives = []
    for name in names:
        body = re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{m.group(1)}__{name}>", bodies[name])
        alternatives.append(f"(?P<{name}>{body})")
    pattern = re.compile("|".join(alternatives))
    groups = {
        name: tuple((key.split("__")[0], index) for key, index in pattern.groupindex.items()
                    if key.endswith(f"__{name}"))
        for name in names
    }
    return pattern, groups


# Which shapes can start at a digit, at a month name, or at a word before "day"/"later"; longest first.
_AT_DIGIT, _DIGIT_GROUPS = _shapes(["d_m_d_m", "d_d_m", "d_m", "y_y", "y", "rel"])
_AT_MONTH, _MONTH_GROUPS = _shapes(["m_d_m_d", "m_d_d", "m_d", "m_m", "m"])
_AT_WORD, _WORD_GROUPS = _shapes(["rel"])
_TRY_DIGIT, _TRY_MONTH, _TRY_WORD = (_AT_DIGIT, _DIGIT_GROUPS), (_AT_MONTH, _MONTH_GROUPS), (_AT_WORD, _WORD_GROUPS)
# What may stand before a month ("in late June") or a lone year ("in mid-2014"): read from the text before.
_QUALIFIER = re.compile(
    r"\b(?:early|mid|late|the end of|the beginning of|the start of|the first days of|the last days of)[\s-]+$", re.IGNORECASE
)
_YEAR_CUE = re.compile(
    r"(?:\b(?:in|by|since|during|until|from|of|early|mid|late|first half of|second half of|end of|beginning of|"
    r"spring|summer|autumn|fall|winter|during the|amid the)[\s-]+|^\W*(?:[Tt]he\s+)?)$",
    re.IGNORECASE,
)
_BARE_MONTH_CUE = re.compile(
    r"(?:\b(?:in|In|by|By|since|Since|of|until|Until|from|From|during|During|early|mid|late|Early|Mid|Late|as of|As of|"
    r"on|On|end of|beginning of|start of|first days of|last days of)[\s-]+|^\W*)$"
)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_ORDINALS = {w: n for n, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)}


# Every date shape starts at a number, a month name, or a few words before a relative word ("the next
# day"): the shapes are tried only at those places, not at every character of the text.
_MONTH_INITIALS, _MONTH_REST = by_initial(_MONTHS)
_HINT = re.compile(f"[0-9{_MONTH_INITIALS}](?:(?<=[0-9])[0-9]*|{_MONTH_REST})")
# Every relative shape contains one of these words ("later" in "ater"); substring tests spare the scan in
# most sentences. Shapes are then tried at the word starts up to 30 characters before the word.
_REL_HINT = re.compile(r"\b(?:day|days|morning|evening|night|[Ll]ater)\b")
_WORD_START = re.compile(r"\b\w")


@dataclass(frozen=True, slots=True)
class Expression:
    """A date expression as written, before it is read: where it stands, its shape and its parts."""

    start: int
    end: int
    shape: str
    parts: dict[str, str]

    def moved(self, offset: int) -> Expression:
        return Expression(self.start + offset, self.end + offset, self.shape, self.parts)


def date_expressions(text: str) -> list[Expression]:
    """Non-overlapping date expressions of all shapes, leftmost first, the earlier shape winning a tie."""
    # Where to try which shapes, in text order.
    tries = [(h.start(), _TRY_DIGIT if h.group(0)[0] <= "9" else _TRY_MONTH) for h in _HINT.finditer(text)]
    if "day" in text or "ater" in text or "morning" in text or "evening" in text or "night" in text:
        taken = dict(tries)
        for hint in _REL_HINT.finditer(text):
            for word in _WORD_START.finditer(text, max(0, hint.start() - 30), hint.end()):
                taken.setdefault(word.start(), _TRY_WORD)
        tries = sorted(taken.items())
    chosen, last_end = [], -1
    for pos, (pattern, shapes) in tries:
        if pos < last_end:
            continue  # inside the expression already taken
        match = pattern.match(text, pos)
        if match:
            name = match.lastgroup  # the outer group closes last: the shape that fitted
            groups = shapes[name]
            values = match.groups()
            parts = {key: values[index - 1] for key, index in groups if values[index - 1] is not None}
            chosen.append(Expression(pos, match.end(), name, parts))
            last_end = match.end()
    return chosen


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in text.

    start, end: the dates it names (end only for ranges).
    span: where it stands in the text.
    basis: 'explicit' (a calendar date), 'relative' ('the next day'), 'coarse' ('in late June').
    text: the words as written.
    """

    start: PartialDate
    end: PartialDate | None
    span: tuple[int, int]
    basis: str
    text: str


@dataclass(slots=True)
class DateContext:
    """What a year-less or relative expression is read against.

    year: the year of the running context (heading or earlier sentence).
    running: the date of the latest dated sentence, for 'the next day'.
    present: the date 'present' in '2021–present' stands for.
    """

    year: int | None = None
    running: PartialDate | None = None
    present: PartialDate | None = None
    origin: PartialDate | None = None  # the first day of the war or battle (its infobox date): "the third day of the fighting"
    # A year-less date read after this day lies in the year before: a background told before the war
    # ("In mid-December, ISIL retook the city", for a war of 13 January – 2 March 2017) cannot be later.
    latest: PartialDate | None = None


def _int(text: str | None) -> int | None:
    if not text:
        return None
    return int(text.rstrip("stndrh"))  # "17", "17th", "2012": the patterns admit only these shapes


def _month(text: str | None) -> int | None:
    return _MONTHS.get(text) if text else None


def _shift(date: PartialDate, days: int) -> PartialDate:
    if date.day is None:
        return date  # 'the next day' after 'in March' is still March as far as we know
    moved = dt.date(date.year, date.month or 1, date.day) + dt.timedelta(days=days)
    return PartialDate(moved.year, moved.month, moved.day)


def _make(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    if year is None:
        return None
    return PartialDate(year, month, day)


def _interpret(kind: str, g: dict[str, str | None], ctx: DateContext) -> tuple[PartialDate, PartialDate | None, str] | None:
    y1, y2 = _int(g.get("y1")), _int(g.get("y2"))
    if kind == "rel" and g.get("ord"):
        if ctx.origin is None or ctx.origin.day is None:
            return None
        ordinal = g["ord"].lower()
        number = _ORDINALS.get(ordinal) or int(ordinal.rstrip("stndrh"))
        return _shift(ctx.origin, number - 1), None, "relative"
    if kind == "rel":
        if ctx.running is None:
            return None
        words = (g.get("rel") or "").lower()
        if "same" in words or "later that" in words:
            return ctx.running, None, "relative"
        if "previous" in words or "preceding" in words or "before" in words:
            return _shift(ctx.running, -1), None, "relative"
        n = g.get("n")
        step = (_NUMBER_WORDS.get(n.lower()) or int(n)) if n else 1
        return _shift(ctx.running, step), None, "relative"
    if kind == "y":
        return PartialDate(y1), None, "coarse"  # type: ignore[arg-type]
    if kind == "y_y":
        end = PartialDate(y2) if y2 else ctx.present
        return PartialDate(y1), end, "coarse"  # type: ignore[arg-type]
    year_end = y2 or y1 or ctx.year
    year_start = y1 or y2 or ctx.year
    d1, d2 = _int(g.get("d1")), _int(g.get("d2"))
    m1, m2 = _month(g.get("m1")), _month(g.get("m2"))
    if kind == "d_d_m" or kind == "m_d_d":
        start, end = _make(year_end, m2, d1), _make(year_end, m2, d2)
    elif kind in {"d_m_d_m", "m_d_m_d"}:
        start, end = _make(year_start, m1, d1), _make(year_end, m2, d2)
    elif kind in {"d_m", "m_d"}:
        start, end = _make(year_start, m1, d1), None
    elif kind == "m_m":
        start, end = _make(year_end, m1, None), _make(year_end, m2, None)
    else:  # "m"
        start, end = _make(year_start, m1, None), None
    if start is None:
        return None
    if not (y1 or y2) and ctx.latest is not None and start.first_day() > ctx.latest.last_day():
        start = PartialDate(start.year - 1, start.month, start.day)
        end = PartialDate(end.year - 1, end.month, end.day) if end is not None else None
    if end is not None and end.first_day() < start.first_day():
        if end.year == start.year and not (y1 or y2):
            end = PartialDate(end.year + 1, end.month, end.day)  # "30 December to 2 January"
        else:
            raise DateError(f"range ends before it starts: {start.iso()} – {end.iso()}")
    if end == start:
        end = None
    basis = "explicit" if start.day is not None else "coarse"
    return start, end, basis


def find_dates(text: str, ctx: DateContext | None = None, rejected: list[str] | None = None,
               expressions: list[Expression] | None = None) -> list[DateMention]:
    """Every date expression in `text`, in order, read against `ctx`.

    Impossible dates ('31 February 2013') are not guessed: they are left out, and described in `rejected`
    when a list is given. expressions: those of `text`, when already found (date_expressions).
    """
    ctx = ctx or DateContext()
    found: list[DateMention] = []
    for expression in date_expressions(text) if expressions is None else expressions:
        start_at, end_at, kind, groups = expression.start, expression.end, expression.shape, expression.parts
        before = text[max(0, start_at - 30) : start_at]
        span = (start_at, end_at)
        if kind in {"m", "m_m"}:
            qualifier = _QUALIFIER.search(before)
            if qualifier:
                span = (start_at - len(qualifier.group(0)), end_at)
            elif kind == "m" and not groups.get("y1"):
                # A bare month name needs a cue ("in March", "By December"): "May" is also a verb.
                if groups.get("m1") == "May" or not _BARE_MONTH_CUE.search(before):
                    continue
        if kind == "y":
            cue = _YEAR_CUE.search(before)
            if cue:
                span = (start_at - len(cue.group(0)), end_at)
            elif not (before.endswith("(") and text.startswith(")", end_at)):
                continue  # "Resolution 2085", "2,354 tons": a bare number is not a date; "(2017)" after a name is
        try:
            read = _interpret(kind, groups, ctx)
        except DateError as err:
            if rejected is not None:
                rejected.append(f"{text[start_at:end_at]!r}: {err}")
            continue
        if read is None:
            continue
        start, end, basis = read
        found.append(DateMention(start, end, span, basis, text[span[0] : span[1]]))
        # Later expressions in the same text are read against this one ("On 27 January ... the next day").
        ctx = DateContext(year=start.year, running=end or start if basis != "relative" else start, present=ctx.present,
                          origin=ctx.origin, latest=ctx.latest)
    return found


def parse_date(text: str, year: int | None = None) -> PartialDate:
    """The first date in `text`; raises DateError when there is none or it cannot exist."""
    rejected: list[str] = []
    mentions = find_dates(text, DateContext(year=year), rejected)
    if mentions:
        return mentions[0].start
    if rejected:
        raise DateError(f"impossible date {rejected[0]}")
    raise DateError(f"no date found in {text!r}")


_NAME_INITIALS, _NAME_REST = by_initial(MONTH_NAMES)
# "16 January 2012", "January 16, 2012", "January 2012": opens with one character set (see by_initial)
# at the start of a word; a day before the month is read from the first digit on.
_FULL_DATE = re.compile(
    rf"[0-9{_NAME_INITIALS}](?<=\b(?s:.))(?:(?<=[0-9])(?P<lead>[0-9]?)\s+(?P<month>"
    + "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
    + rf")|(?P<rest>{_NAME_REST}))\b(?:\s+(?P<day2>\d{{1,2}}))?,?\s+(?P<year>(?:19|20)\d\d)\b"
)


def latest_full_date(texts: Iterable[str]) -> PartialDate | None:
    """The latest date with a year written out in `texts` ("16 January 2012", "January 16, 2012",
    "January 2012"); impossible ones (31 February) are skipped. What 'present' means in '2021–present'."""
    latest: PartialDate | None = None
    for text in texts:
        for found in _FULL_DATE.finditer(text):
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
