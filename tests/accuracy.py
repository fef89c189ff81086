"""Compare the pipeline's (place, date_start) pairs with the hand-annotated expectations in tests/data/."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from mapapp.gazetteer import Gazetteer, skeletons
from mapapp.lookup import PlaceNames, translated_readings
from mapapp.model import Document, PartialDate, Result
from mapapp.scope import article_scope

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


@dataclass
class Score:
    expected: Counter
    found: Counter

    @property
    def true_positives(self) -> int:
        return sum((self.expected & self.found).values())

    @property
    def precision(self) -> float:
        total = sum(self.found.values())
        return self.true_positives / total if total else 1.0

    @property
    def recall(self) -> float:
        total = sum(self.expected.values())
        return self.true_positives / total if total else 1.0

    def missing(self) -> list:
        return sorted((self.expected - self.found).elements())

    def extra(self) -> list:
        return sorted((self.found - self.expected).elements())


def _readings(name: str, names: PlaceNames, near: frozenset[str]) -> list[str]:
    """The names a spelling of the annotation may stand for: the curated file's place, else every town of
    that spelling in the article's own countries (the annotation spells as the article does, the gazetteer
    as GeoNames does: "Huliaipole" is "Hulyaypole"), else the spelling as written."""
    curated = names.gazetteer.by_name(name)
    if curated is not None:
        return [curated.name]
    towns = [o.place.name for o in names.options(name, tuple(near)) if o.place.country in near and o.place.is_town]
    return list(dict.fromkeys(towns)) + [name]


def expected_pairs(expected_file: Path, gazetteer: Gazetteer, result: Result | None = None) -> Counter:
    """(place, date_start) pairs of the annotation, each place spelled as the pipeline's event spells it when
    one of its readings matches an event of that date, else as its first reading.

    A district the gazetteer does not know ({place: Daraa al-Balad, district_of: Daraa}) counts at its city,
    as tests/data/ANNOTATION.md says."""
    data = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    names = PlaceNames(gazetteer)
    near = article_scope(result.document, names).near if result is not None else frozenset()
    available = found_pairs(result) if result is not None else Counter()
    pairs: Counter = Counter()
    for sentence in data.get("sentences") or []:
        for event in sentence.get("events") or []:
            date = str(event["date_start"])
            readings = _readings(event["place"], names, near)
            if event.get("district_of") and len(readings) == 1 and gazetteer.by_name(event["place"]) is None:
                readings += _readings(event["district_of"], names, near)
            elif result is not None:
                readings += [r for r in _spelled_alike(event["place"], result) if r not in readings]
            pick = next((r for r in readings if available[(r, date)] > 0), readings[0])
            available[(pick, date)] -= 1
            pairs[(pick, date)] += 1
    return pairs


def _spelled_alike(name: str, result: Result) -> list[str]:
    """For a spelling ("al-Quasyr", "Kefray", "Kefraya"): the places the pipeline gave these very words,
    where the place's name has the same consonants (gazetteer/spelling.py skeletons): the annotation spells
    as the article does, and a town written two ways is one town. Which homonym is meant stays the
    pipeline's reading, as it is for any spelling a layer knows (_readings)."""
    mine = {key for reading in (name, *translated_readings(name)) for key in skeletons(reading)}  # "Eastern Bweida"
    return list(dict.fromkeys(e.place.gazetteer_name or e.place.name for e in result.events if e.mention == name
                              and mine & set(skeletons(e.place.gazetteer_name or e.place.name))))


def found_pairs(result: Result) -> Counter:
    """(place, date_start) of each event, the place under the gazetteer's name (events show the article's
    spelling, naming.py; the annotation's spellings are read through the gazetteer, see _readings)."""
    return Counter((e.place.gazetteer_name or e.place.name, e.date_start.iso()) for e in result.events)


def score(result: Result, expected_file: Path, gazetteer: Gazetteer) -> Score:
    return Score(expected_pairs(expected_file, gazetteer, result), found_pairs(result))


def event_key(text: str, place: str, gazetteer: Gazetteer) -> tuple[str, str]:
    resolved = gazetteer.by_name(place)
    return text.strip(), resolved.name if resolved else place


def type_scores(result: Result, types_file: Path, gazetteer: Gazetteer) -> dict:
    """Event-type accuracy and actor precision/recall against tests/data/*.types.yaml."""
    data = yaml.safe_load(types_file.read_text(encoding="utf-8"))
    found = {}
    for e in result.events:
        found.setdefault(e.place.name, []).append(e)
    total = typed = first_right = 0
    role_found = role_expected = role_right = 0
    wrong = []
    for item in data["events"]:
        text, place = event_key(item["text"], item["place"], gazetteer)
        match = next((e for e in found.get(place, []) if e.sentence.startswith(text)), None)
        total += 1
        if match is None:
            wrong.append(("missing", place, text[:50]))
            continue
        if match.event_type == item["event_type"]:
            typed += 1
        else:
            wrong.append(("type", place, text[:50], match.event_type, item["event_type"]))
        # Joint action: actor1 is right when it is actor1 or one of actor1_also (ANNOTATION.md, "Actors").
        joint = {item.get("actor1") or ""} | set(item.get("actor1_also") or [])
        first_right += match.actor1 in joint
        for role in ("actor1", "actor2"):
            want, got = item.get(role) or "", getattr(match, role)
            right = got in joint if role == "actor1" and got else want == got
            role_expected += bool(want)
            role_found += bool(got)
            role_right += bool(want) and right
            if not right:
                wrong.append((role, place, text[:50], got, want))
    return {
        "events": total,
        "type_accuracy": typed / total if total else 1.0,
        "actor1_accuracy": first_right / total if total else 1.0,
        "actor_precision": role_right / role_found if role_found else 1.0,
        "actor_recall": role_right / role_expected if role_expected else 1.0,
        "wrong": wrong,
    }


def control_scores(changes: list, control_file: Path, gazetteer: Gazetteer, within_days: int = 0,
                   result: Result | None = None) -> dict:
    """Precision/recall/F1 of (place, date_start, controller) against tests/data/*.control.yaml.

    within_days: 0 asks for the same date_start; 31 counts a change found within a month of the annotated
    one (each found change matches at most one annotated change). 'held' rows (a capital's holder from the
    start) are not changes and are left out, as the annotation leaves initial holders out.
    result: the run the changes come from. The annotation spells a place as the article does ("al-Qusayr"),
    the gazetteer as GeoNames does ("Al Quşayr"): a found change's place also answers to the words the
    article used for it (its events' mentions).
    """
    data = yaml.safe_load(control_file.read_text(encoding="utf-8"))
    spellings: dict[str, set[str]] = {}
    for event in result.events if result is not None else ():
        spellings.setdefault(event.place.name, {event.place.name}).add(event.mention)
    expected = []
    for c in data["changes"]:
        _, place = event_key("", c["place"], gazetteer)
        expected.append((place, str(c["date_start"]), c.get("controller") or ""))
    got = [(c.place, c.date_start.iso(), c.controller) for c in changes if c.change != "held"]
    unmatched = list(got)
    missing = []
    for want in sorted(expected):
        match = next((g for g in unmatched if want[0] in spellings.get(g[0], {g[0]}) and g[2] == want[2]
                      and _days_apart(g[1], want[1]) <= within_days), None)
        if match is None:
            missing.append(want)
        else:
            unmatched.remove(match)
    right = len(expected) - len(missing)
    precision = right / len(got) if got else 1.0
    recall = right / len(expected) if expected else 1.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "missing": missing,
        "extra": sorted(unmatched),
    }


def _days_apart(a: str, b: str) -> int:
    """Days between two ISO partial dates, each taken at its first day ('2013-01' = 1 January 2013)."""
    first = [PartialDate.parse_iso(x).first_day() for x in (a, b)]
    return abs((first[0] - first[1]).days)


def sentence_type_scores(document: Document, types_file: Path, result: Result | None = None) -> dict:
    """Event type and actor1 read from each annotated sentence itself (found by its opening words in the
    article), with the article's own story (theatre, sides, sections): measures the actor rules apart from
    whether the gazetteer places the town. Returns type_accuracy, actor1_accuracy and the misses.

    result: the pipeline's run of the article, when there is one: the story is then read as the pipeline
    reads it (its towns' countries give the war's government), and where the pipeline placed the annotated
    town in that sentence, who held it that day is known (mapapp/holders.py), as the pipeline knows it."""
    from mapapp.actors import describe_event, read_story
    from mapapp.holders import read_holders
    from mapapp.sentences import paragraphs, split_sentences

    data = yaml.safe_load(types_file.read_text(encoding="utf-8"))
    events = result.events if result is not None else ()
    story = read_story(document, events)
    holders = read_holders(events, story) if events else None
    spellings: dict[str, set[str]] = {}
    for event in events:
        spellings.setdefault(event.place.name, {event.place.name}).add(event.mention)
    by_sentence: dict[str, list] = {}
    for event in events:
        by_sentence.setdefault(" ".join(event.sentence.split()), []).append(event)
    found: dict[str, tuple[str, str]] = {}  # opening words -> (section, sentence)
    for section in document.sections:
        for paragraph in paragraphs(section.text):
            for sentence in split_sentences(paragraph):
                found.setdefault(" ".join(sentence.split()), (section.title, sentence))
    total = typed = first_right = 0
    wrong = []
    for item in data["events"]:
        text = " ".join(item["text"].split())
        hit = next((v for k, v in found.items() if k.startswith(text)), None)
        total += 1
        if hit is None:
            wrong.append(("no sentence", text[:50]))
            continue
        section, sentence = hit
        placed = next((e for e in by_sentence.get(" ".join(sentence.split()), [])
                       if item["place"] in spellings[e.place.name]), None)
        holder = holders.holder_at(placed) if holders is not None and placed is not None else ""
        loss = holders.loss_parties(placed) if holders is not None and placed is not None else None
        retaker = holders.retaker_of(placed) if holders is not None and placed is not None else None
        # The words the pipeline read the town by ("the city" standing for Idlib), where it placed the town.
        mention = placed.mention if placed is not None and placed.mention in sentence else item["place"]
        kind, actor1, _ = describe_event(story, sentence, section, mention, holder=holder, loss=loss, retaker=retaker)
        typed += kind == item["event_type"]
        joint = {item.get("actor1") or ""} | set(item.get("actor1_also") or [])
        first_right += actor1 in joint
        if kind != item["event_type"] or actor1 not in joint:
            wrong.append((item["place"], text[:50], kind, item["event_type"], actor1, item.get("actor1") or ""))
    return {"events": total, "type_accuracy": typed / total if total else 1.0,
            "actor1_accuracy": first_right / total if total else 1.0, "wrong": wrong}
