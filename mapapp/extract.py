"""Sections -> events: one event per (sentence, populated place), at the sentence's date.

The steps are modules of their own: sentences.py reads each sentence at its date, places.py finds the places
a sentence names; this module assembles the events and collects the names that resolved nowhere.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .gazetteer import Gazetteer
from .isolation import NEARBY_BEFORE, isolated_places, unsure
from .lookup import PlaceNames
from .model import Document, Event, PartialDate, Place, Unresolved
from .naming import spell_as_written
from .places import Mention, PlaceFinder
from .scope import article_people, article_place_names, article_scope
from .sentences import DatedSentence, date_sentences, present_date

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

    Two passes: the first finds the places of every sentence; the second takes a bare name ("Huliaipole
    lost power") only if the article names it in a place slot somewhere, and reads "the city" as the town
    named last in its paragraph.

    progress: called now and then with the fraction done (0..1), for long articles.
    """
    rejected: list[str] = []
    if progress:
        progress(0.0)
    present = present_date(document)
    dated = date_sentences(document, rejected, present, (lambda f: progress(0.4 * f)) if progress else None)
    _share_dates(dated)
    step = max(1, len(dated) // 20)
    names = PlaceNames(gazetteer)
    finder = PlaceFinder(names, article_scope(document, names), article_people(document),
                         article_place_names(document, names))
    sure = set(finder.confirmed.values())  # the infobox's towns, read before any sentence
    found: list[tuple[DatedSentence, Sequence[Mention]]] = []
    missing: dict[str, list] = {}
    for number, item in enumerate(dated):
        if progress and number % step == 0:
            progress(0.4 + 0.55 * number / len(dated))
        mentions, unresolved = finder.find(item.text)
        for name in unresolved:
            entry = missing.setdefault(name, [item.text, 0])
            entry[1] += 1
        if mentions:  # a tuple: the finder's list keeps room to grow, and 25 MB of dated sentences hold 650,000
            found.append((item, tuple(mentions)))
    found = _without_isolated(found, finder, sure, missing)
    spellings: dict[Place, Counter[str]] = {}
    events, others = _assemble(found, finder, spellings, _region_names(dated))  # uses found up
    del found
    events, others = spell_as_written(events, others, spellings, frozenset(gazetteer.curated))
    return Extraction(
        tuple(events),
        tuple(others),
        tuple(Unresolved(name, s, n) for name, (s, n) in missing.items()),
        tuple(dated),
        tuple(rejected),
        present,
    )


def _share_dates(dated: list[DatedSentence]) -> None:
    """Each sentence's dates as one object per date, in place: every sentence is read into dates of its own,
    and an article's sentences tell few distinct days (25 MB of dated sentences: 650,000 sentences, 107 MB of
    equal dates)."""
    shared: dict[PartialDate, PartialDate] = {}
    for number, item in enumerate(dated):
        start = item.start if item.start is None else shared.setdefault(item.start, item.start)
        end = item.end if item.end is None else shared.setdefault(item.end, item.end)
        if start is not item.start or end is not item.end:
            dated[number] = dataclasses.replace(item, start=start, end=end)


def _without_isolated(found: list[tuple[DatedSentence, Sequence[Mention]]], finder: PlaceFinder, sure: set[Place],
                      missing: dict[str, list]) -> list[tuple[DatedSentence, Sequence[Mention]]]:
    """The mentions with every village far from all the article's other places (isolation.py) turned into a
    name not found: the homonym a layer had, not the village the article means."""
    places: list[Place] = []
    sure = set(sure)
    nearby: set[Place] = set()
    for item, mentions in found:
        named: tuple[str, ...] | None = None
        for mention in mentions:
            place = finder.confirmed.get(mention.pending) if mention.pending else mention.place
            if place is None or mention.refers or mention.unknown or not place.is_town:
                continue
            places.append(place)
            if not unsure(place) or place in sure:
                continue  # judged never: spare reading the sentence again (a 25 MB article has 650,000)
            if place.country not in finder.scope.core:
                if named is None:
                    named = finder.names.countries_in(item.text)
                if place.country in named:
                    sure.add(place)  # "fled to Arsal in Lebanon", "In Amenas ... into Algeria" (not "the Syrian army")
            if "nearby" in item.text and NEARBY_BEFORE.search(item.text, max(0, mention.start - 40), mention.start):
                nearby.add(place)
    far = isolated_places(places, sure, nearby, finder.centre)
    if not far:
        return found
    out = []
    for item, mentions in found:
        kept = []
        for mention in mentions:
            place = finder.confirmed.get(mention.pending) if mention.pending else mention.place
            if place is not None and place in far and not mention.refers:
                entry = missing.setdefault(mention.text, [item.text, 0])
                entry[1] += 1
                mention = Mention(mention.text, mention.start, mention.end, None, unknown=True)
            kept.append(mention)
        out.append((item, kept))
    return out


# A region named after its town: "Xtown Oblast", "the Xtown region", "Xtown Governorate".
_REGION_OF = re.compile(r"\b([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)\s+(?:Oblast|Governorate|Province|Region|oblast|governorate|"
                        r"province|region)\b")
_REGION_WORDS = ("Oblast", "oblast", "region", "Region", "Governorate", "governorate", "Province", "province")
# The sentence names the region again after a bare name: "regrouping in Xtown and … capturing the region".
_THE_REGION = re.compile(r"\bthe\s+(?:region|oblast|province|governorate)\b")
_SETTLEMENT_WORD = re.compile(r"\b(?:city|cities|town|towns|capital|village|centre|center)\b", re.IGNORECASE)


def _region_names(dated: Sequence[DatedSentence]) -> frozenset[str]:
    """The names the article gives regions that are also its towns' ("Xtown Oblast", "the Xtown region")."""
    return frozenset(m.group(1) for item in dated if any(w in item.text for w in _REGION_WORDS)
                     for m in _REGION_OF.finditer(item.text))


def _names_the_region(sentence: str, mention: Mention, regions: frozenset[str]) -> bool:
    """A bare name of a town whose region bears its name, which the sentence then calls "the region"
    ("began regrouping their troops in Xtown and … capturing the region"): the region, not the town; not
    where a settlement word says town ("the regional capital of Xtown", "Xtown, the largest city in the region")."""
    if mention.text not in regions or "the " not in sentence:
        return False
    again = _THE_REGION.search(sentence, mention.end)
    return bool(again) and not _SETTLEMENT_WORD.search(sentence, max(0, mention.start - 25), again.start())


def _assemble(found: list[tuple[DatedSentence, Sequence[Mention]]], finder: PlaceFinder,
              spellings: dict[Place, Counter[str]],
              regions: frozenset[str] = frozenset()) -> tuple[list[Event], list[Event]]:
    """Events from each sentence's mentions: one per (sentence, place), towns apart from other places.

    A name the article puts in a place slot anywhere is a place everywhere (finder.confirmed); a name it
    gives a person or a ship anywhere is not ("the cruiser Moskva" makes every "Moskva" the ship), unless
    the curated file holds it. spellings: filled with the words that name each place (not "the city"; the
    city's own words in "Daraa's al-Balad"), dated or not: the article's names for its places. regions: the
    names the article gives regions that are its towns' too (_region_names).

    found is used up: each sentence's entry is let go once its events are made, so that the mentions of a long
    article are not held beside its events (25 MB of dated sentences: 170 MB of mentions)."""
    events: list[Event] = []
    others: list[Event] = []
    paragraph, towns = -1, []  # the towns named so far in the paragraph, last named last: what "the city" is
    before: Named = ("", [])  # the paragraph's last sentence that named towns, with its towns in their order
    for index in range(len(found)):
        item, mentions = found[index]
        found[index] = None  # type: ignore[call-overload]  # let go (see above)
        if item.paragraph != paragraph:
            paragraph, towns, before = item.paragraph, [], ("", [])
        named: list[tuple[Place, int, int]] = []  # this sentence's towns so far, in their order, with their spans
        seen: set[str] = set()
        here = 0  # the towns this sentence added to `towns`
        town_here = False  # a town of this sentence's events is named: asides do not change "the city"
        for mention in mentions:
            place = mention.place
            if mention.unknown:
                towns, before, named = [], ("", []), []  # "the village of Dabaa ... the town": not a town named before Dabaa
                continue
            if mention.aside:
                # "their Idlib offensive. ... the city": Idlib; but in "Diabaly, 400 km north of Bamako", the
                # town of the sentence's event stays the one "the city" stands for.
                if not town_here:
                    towns.append(place)
                continue
            if mention.refers:
                place = _antecedent(towns, mention.text, finder.centre, (item.text, named) if named else before)
            elif mention.pending:
                place = finder.confirmed.get(mention.pending)
            if place is None or (not mention.refers and finder.names_a_person(mention.text)):
                continue
            if regions and place.is_town and not mention.refers and _names_the_region(item.text, mention, regions):
                continue  # the region named after the town, not the town
            if place.is_town and place.kind != "district":
                if town_here and not mention.refers and _FROM_BEFORE.search(item.text, max(0, mention.start - 6), mention.start):
                    # "heading to Qusayr from Damascus ... trying to reach the city": the town a force comes
                    # from is not the one the story is at; "the city" passes over it to the sentence's other town.
                    towns.insert(len(towns) - here, place)
                else:
                    towns.append(place)
                named.append((place, mention.start, mention.end))
                here += 1
                town_here = True
            if not mention.refers:
                spellings.setdefault(place, Counter())[mention.city or mention.text] += 1
            start, end, basis = item.date_at(mention.start) if item.clauses else (item.start, item.end, item.basis)
            if start is None or place.name in seen:
                continue
            seen.add(place.name)
            event = Event(place, mention.text, start, end, "", item.section, item.text, date_basis=basis)
            (events if place.is_town else others).append(event)
        if named:
            before = (item.text, named)
    return events, others


_FROM_BEFORE = re.compile(r"\bfrom\s+$")
VILLAGE_POPULATION = 10_000  # a reader calls no place of this size "the village"


Named = tuple[str, list[tuple[Place, int, int]]]  # a sentence and the towns it names, with their spans
# Two towns named together: "Xtown on 9th and later Ytown", "Xtown, Ytown", "Xtown–Ytown".
_TOGETHER = re.compile(r"(?:\s+on\s+[\w ]{1,12}?)?\s*(?:[–—-]|,|\band\b|\bor\b)\s*(?:(?:later|then|also)\s+)?(?:the\s+)?")


def _antecedent(towns: list[Place], words: str, home: Place | None = None,
                recent: Named = ("", [])) -> Place | None:
    """The town "the city", "the town" or "the village" stands for: the last named that the word fits. A
    reader takes "the town" past a capital named since ("a reporter in Beirut said ... the town": the
    besieged town before it), "the village" past any city ("captured A'rjoun ... the capture of the
    village" is not al-Qusayr, a town of 40,000) and "the city" past a small village ("seized the village
    of Chanakchi … had taken control of the city": the city named before).

    home: the article's own town (its infobox's place or title); recent: the sentence so far, else the last
    sentence of the paragraph that named towns, with its towns. Where that sentence names the article's own
    town and another right after it, together ("failing to defend Xtown on 9th and later Ytown ... the town",
    "Xtown and Ytown"), the word stands for the town the article is about, not the one listed last beside it
    (a road named after two towns, "the Xtown–Ytown road", names neither: cues.only_locates); a town named
    in a role of its own ("Xtown was well-suited for shelling of Ytown ... the city's factory": the town
    shelled) stays the reading."""
    noun = words.rsplit(None, 1)[-1].lower()

    def fits(place: Place) -> bool:
        return (noun == "city" and (place.kind != "village" or place.population >= VILLAGE_POPULATION)) or (
            noun == "town" and place.kind != "capital") or (
            noun == "village" and place.kind not in {"city", "capital"} and place.population < VILLAGE_POPULATION)

    last = next((place for place in reversed(towns) if fits(place)), None)
    if home is None or last is None or last == home or not fits(home):
        return last
    text, named = recent
    for (first, _, end), (second, start, _) in zip(named, named[1:]):
        if first == home and second == last and _TOGETHER.fullmatch(text, end, start):
            return home
    return last
