"""Many articles, one atlas: each article read by the same pipeline as `extract`, then merged into one war.

Pure: atlas_run runs analyse_article over the articles (on Dask), atlas_export writes the files. What is
merged and how (the README's "The theatre atlas" says the same to users):
- Events: the same happening told twice is one event with several sources. Two reports are the same
  happening when they name the same town (same gazetteer place), give the same event type, and their dates
  meet: day-precise dates whose spans overlap, directly or through another report of the group; or, for a
  date known only to the month or the year, the very same month or year. A month never merges with a day.
- Control: every article's control changes of a town in date order; a later statement overrides an earlier
  one. Statements whose dates meet (as above) and that name rival holders are one `contested` step that
  keeps every claim and its source ('Rebels' and the MNLA, a rebel group, are not rivals: see rival_holders).
- Time: the collection's own periods, years, or quarters when one year holds most events; an event belongs
  to every period its dates overlap (an event known only to the year is in all four quarters).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .actor_rules import actor_table
from .control import control_changes
from .errors import MapAppError
from .gazetteer import Gazetteer
from .model import PartialDate
from .pipeline import run, run_text
from .records import acled_records

T = TypeVar("T")
# Which report of a merged event speaks for it: a date the sentence states beats one read from context.
BASIS_RANK = {"explicit": 0, "relative": 1, "coarse": 2, "context": 3, "heading": 4}


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article to read.

    name: how the atlas names it (its path inside the folder given, or its file name); never a server path.
    path: where to read it. data: its bytes, when read beforehand (for a cluster that cannot see this disk).
    """

    name: str
    path: str
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class ArticlePhase:
    """One of an article's own phases: key and title as the pipeline gives them, dates in ISO."""

    key: str
    title: str
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    """What one article gives the atlas: plain data, small to send back from a worker.

    rows: its events as ACLED records (mapapp.records.acled_records), in date order.
    control: its control changes as records (mapapp.control.ControlChange.to_record).
    unresolved: (name, count) of the place names no gazetteer knows.
    notes: what the pipeline says of an article that gives little. error: the one-line reason it failed.
    """

    name: str
    title: str = ""
    rows: tuple[dict[str, Any], ...] = ()
    phases: tuple[ArticlePhase, ...] = ()
    control: tuple[dict[str, Any], ...] = ()
    unresolved: tuple[tuple[str, int], ...] = ()
    notes: tuple[str, ...] = ()
    error: str = ""


def analyse_article(article: ArticleInput, gazetteer: Gazetteer | None = None) -> ArticleOutcome:
    """Read and analyse one article; never raises: a failure becomes the outcome's one-line `error`."""
    def plain(text: str) -> str:  # the article's name in place of where it was read from, on one line
        return " ".join(text.replace(article.path, article.name).split()) if article.path else " ".join(text.split())

    try:
        if article.data is not None:
            result = run_text(article.data, article.name, gazetteer)
        else:
            result = run(article.path, gazetteer)
        changes = control_changes(result)
        rows = acled_records(result)
    except MapAppError as err:
        return ArticleOutcome(article.name, error=plain(str(err)))
    except Exception as err:  # noqa: BLE001 - one article that meets a bug must not stop a thousand-article atlas
        return ArticleOutcome(article.name, error=plain(
            f"{article.name}: mapapp failed on this article ({type(err).__name__}: {err}); please report it."))
    return ArticleOutcome(
        name=article.name, title=result.document.title, rows=tuple(rows),
        phases=tuple(ArticlePhase(p.key, p.title, p.start.iso(), p.end.iso()) for p in result.phases),
        control=tuple(c.to_record() for c in changes),
        unresolved=tuple((u.name, u.count) for u in result.unresolved),
        notes=tuple(plain(note) for note in result.notes)
        + tuple(f"{article.name}: impossible date left out: {plain(r)}" for r in result.rejected_dates),
    )


@dataclass(frozen=True, slots=True)
class Report:
    """One article's telling: its name, the row's position in that article, and the record itself."""

    article: str
    order: int
    record: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AtlasEvent:
    """One happening on the atlas.

    record: its ACLED record (the lead report's, with dates spanning every report), plus source_article
        (the articles, '; '-joined) and sources (how many reports). reports: every telling, by article.
    first, last: the days its dates span. periods: keys of the periods it overlaps.
    """

    record: dict[str, Any]
    reports: tuple[Report, ...]
    first: dt.date
    last: dt.date
    periods: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ControlStep:
    """A town's control from a date on, as the articles tell it.

    controller: who holds it ('' when the text does not say, or when the claims conflict).
    change: capture, retake, handover, withdrawal, or contested (claims conflict: see `claims`).
    claims: each article's statement (a ControlChange record) as a Report.
    """

    place: str
    lat: float
    lon: float
    controller: str
    change: str
    date_start: str
    date_end: str | None
    first: dt.date
    claims: tuple[Report, ...]


@dataclass(frozen=True, slots=True)
class Period:
    """One stop of the atlas's time slider: key ('2013' or '2013-Q1'), label, and its first and last day."""

    key: str
    label: str
    first: dt.date
    last: dt.date


@dataclass(frozen=True, slots=True)
class Atlas:
    """A collection of articles merged: articles in name order (failed ones too), events in date order."""

    articles: tuple[ArticleOutcome, ...]
    events: tuple[AtlasEvent, ...]
    control: tuple[ControlStep, ...]
    periods: tuple[Period, ...]
    unit: str  # 'year' or 'quarter'

    @property
    def reports(self) -> int:
        return sum(len(e.reports) for e in self.events)


def date_span(start: str, end: str | None) -> tuple[dt.date, dt.date, str]:
    """(first day, last day, coarse key): the coarse key is '' for a day-precise start, else the dates as
    written, which a coarse report must share to be merged."""
    first = PartialDate.parse_iso(start)
    last = PartialDate.parse_iso(end) if end else first
    coarse = "" if first.precision == "day" else f"{start}/{end or ''}"
    return first.first_day(), last.last_day(), coarse


def group_by_dates(items: Iterable[T], span: Callable[[T], tuple[dt.date, dt.date, str]]) -> list[list[T]]:
    """Items whose dates meet: day-precise spans that overlap (a sweep over the sorted spans, so a chain
    A-B-C is one group even when A and C do not overlap), or the same coarse date. Input order is kept
    within a group; groups come in date order."""
    coarse: dict[str, list[T]] = {}
    days: list[tuple[dt.date, dt.date, int, T]] = []
    for index, item in enumerate(items):
        first, last, key = span(item)
        if key:
            coarse.setdefault(key, []).append(item)
        else:
            days.append((first, last, index, item))
    days.sort(key=lambda d: (d[0], d[1], d[2]))
    groups: list[list[T]] = []
    reach: dt.date | None = None
    for first, last, _, item in days:
        if reach is not None and first <= reach:
            groups[-1].append(item)
            reach = max(reach, last)
        else:
            groups.append([item])
            reach = last
    return groups + list(coarse.values())


def _rank(report: Report) -> tuple[int, str, int]:
    return BASIS_RANK.get(report.record.get("date_basis") or "", len(BASIS_RANK)), report.article, report.order


def merge_reports(reports: Sequence[Report]) -> AtlasEvent:
    """Reports of one happening -> one event: the lead report (best date basis, then article order) speaks,
    its dates widened to span every report; an actor it lacks is taken from the next report that names one."""
    ordered = sorted(reports, key=lambda r: (r.article, r.order))
    ranked = sorted(reports, key=_rank)
    record = dict(ranked[0].record)
    for field in ("actor1", "actor2"):
        if not record.get(field):
            record[field] = next((r.record[field] for r in ranked if r.record.get(field)), record.get(field, ""))
    spans = [date_span(r.record["event_date"], r.record.get("date_end")) for r in ordered]
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    if len({(r.record["event_date"], r.record.get("date_end")) for r in ordered}) > 1:
        # Only day-precise reports get here (coarse ones merge on identical dates): a span of days.
        record["event_date"] = first.isoformat()
        record["date_end"] = last.isoformat() if last != first else None
        record["time_precision"] = 1 if last == first else 2
    record["source_article"] = "; ".join(dict.fromkeys(r.article for r in ordered))
    record["sources"] = len(ordered)
    return AtlasEvent(record, tuple(ordered), first, last)


def town_key(record: dict[str, Any]) -> tuple[str, float, float]:
    """A town as the gazetteer placed it: its gazetteer name (each article shows its own spelling:
    "al-Qusayr", "Qusayr") and coordinates (two places may share a name)."""
    return record.get("gazetteer_name") or record["location"], record["latitude"], record["longitude"]


def merge_events(outcomes: Sequence[ArticleOutcome]) -> list[AtlasEvent]:
    """Every article's events, duplicates merged (see the module's rules), in date order."""
    by_kind: dict[tuple[Any, ...], list[Report]] = {}
    for outcome in outcomes:
        for order, record in enumerate(outcome.rows):
            key = (*town_key(record), record.get("event_type") or "")
            by_kind.setdefault(key, []).append(Report(outcome.name, order, record))
    events = [merge_reports(group)
              for _, reports in sorted(by_kind.items(), key=lambda item: _sortable(item[0]))
              for group in group_by_dates(reports, lambda r: date_span(r.record["event_date"], r.record.get("date_end")))]
    events.sort(key=lambda e: (e.first, e.last, _sortable(town_key(e.record)), e.record.get("event_type") or "",
                               e.reports[0].article, e.reports[0].order))
    return events


def _sortable(key: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(repr(part) for part in key)


def rival_holders(names: Iterable[str]) -> list[str]:
    """The holders that name different forces, in order: a generic name that can stand for a specific holder
    also named (the rule file's `refers_to` and `tags`: 'Rebels' for the MNLA, 'Islamists' for Ansar Dine) is
    that holder told less precisely, not a rival claim."""
    info = actor_table().info
    names = list(names)
    specific_tags = {tag for name in names if name in info and not info[name].is_generic for tag in info[name].tags}
    return [name for name in names
            if not (name in info and info[name].is_generic and set(info[name].refers_to or ()) & specific_tags)]


def merge_control(outcomes: Sequence[ArticleOutcome]) -> list[ControlStep]:
    """Every article's control changes, per town in date order; statements whose dates meet are one step,
    contested when they name rival holders (a statement that names none conflicts with nothing)."""
    by_town: dict[tuple[float, float], list[Report]] = {}
    for outcome in outcomes:
        for order, record in enumerate(outcome.control):
            # One town is one place of the gazetteer, whatever spelling each article shows it under.
            by_town.setdefault((record["lat"], record["lon"]), []).append(Report(outcome.name, order, record))
    steps: list[ControlStep] = []
    for (lat, lon), claims in sorted(by_town.items(), key=lambda item: _sortable(item[0])):
        place = min(claims, key=lambda r: (r.article, r.order)).record["place"]
        for group in group_by_dates(claims, lambda r: date_span(r.record["date_start"], r.record.get("date_end"))):
            group.sort(key=lambda r: (r.article, r.order))
            named = rival_holders(dict.fromkeys(r.record["controller"] for r in group
                                                if r.record["controller"] and r.record["change"] != "contested"))
            if len(named) > 1 or any(r.record["change"] == "contested" for r in group):
                controller, change = "", "contested"
            elif named:
                controller = named[0]
                change = next(r.record["change"] for r in group if r.record["controller"] == controller)
            else:
                controller, change = "", group[0].record["change"]
            first = min(date_span(r.record["date_start"], r.record.get("date_end"))[0] for r in group)
            lead = min(group, key=lambda r: date_span(r.record["date_start"], r.record.get("date_end"))[0])
            steps.append(ControlStep(place, lat, lon, controller, change, lead.record["date_start"],
                                     lead.record.get("date_end"), first, tuple(group)))
    steps.sort(key=lambda s: (s.place, s.lat, s.lon, s.first, s.date_start))
    return steps


def plan_periods(spans: Sequence[tuple[dt.date, dt.date]]) -> tuple[str, list[Period]]:
    """The collection's own periods: ('year', years) or ('quarter', quarters) when one year holds more than
    half of the events; only periods that some event overlaps."""
    years = Counter(first.year for first, _ in spans)
    unit = "quarter" if years and 2 * max(years.values()) > len(spans) else "year"
    keys: dict[tuple[int, int], None] = {}
    for first, last in spans:
        for period in _periods_between(first, last, unit):
            keys[period] = None
    return unit, [_period(year, part, unit) for year, part in sorted(keys)]


_QUARTER_MONTHS = ("Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec")


def _periods_between(first: dt.date, last: dt.date, unit: str) -> Iterable[tuple[int, int]]:
    if unit == "year":
        return ((year, 0) for year in range(first.year, last.year + 1))
    start, end = first.year * 4 + (first.month - 1) // 3, last.year * 4 + (last.month - 1) // 3
    return (divmod(index, 4) for index in range(start, end + 1))


def _period(year: int, part: int, unit: str) -> Period:
    if unit == "year":
        return Period(f"{year:04d}", f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31))
    first = dt.date(year, 3 * part + 1, 1)
    last = (dt.date(year + 1, 1, 1) if part == 3 else dt.date(year, 3 * part + 4, 1)) - dt.timedelta(days=1)
    return Period(f"{year:04d}-Q{part + 1}", f"{year:04d} Q{part + 1} ({_QUARTER_MONTHS[part]})", first, last)


def build_atlas(outcomes: Iterable[ArticleOutcome]) -> Atlas:
    """The articles' outcomes (in any order) -> the atlas: the same atlas whatever order they came in."""
    articles = tuple(sorted(outcomes, key=lambda o: o.name))
    events = merge_events(articles)
    unit, periods = plan_periods([(e.first, e.last) for e in events])
    lasts = [p.last for p in periods]  # periods are sorted and disjoint: find the first one by bisection
    placed = []
    for event in events:
        index, keys = bisect.bisect_left(lasts, event.first), []
        while index < len(periods) and periods[index].first <= event.last:
            keys.append(periods[index].key)
            index += 1
        placed.append(AtlasEvent(event.record, event.reports, event.first, event.last, tuple(keys)))
    return Atlas(articles, tuple(placed), tuple(merge_control(articles)), tuple(periods), unit)
