"""Compare the pipeline's (place, date_start) pairs with the hand-annotated expectations in tests/data/."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from mapapp.gazetteer import Gazetteer
from mapapp.model import Result

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


def expected_pairs(expected_file: Path, gazetteer: Gazetteer) -> Counter:
    """(canonical place, date_start) pairs; a name the gazetteer cannot resolve stays as written."""
    data = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    pairs: Counter = Counter()
    for sentence in data.get("sentences") or []:
        for event in sentence.get("events") or []:
            place = gazetteer.by_name(event["place"])
            pairs[(place.name if place else event["place"], str(event["date_start"]))] += 1
    return pairs


def found_pairs(result: Result) -> Counter:
    return Counter((e.place.name, e.date_start.iso()) for e in result.events)


def score(result: Result, expected_file: Path, gazetteer: Gazetteer) -> Score:
    return Score(expected_pairs(expected_file, gazetteer), found_pairs(result))


def event_key(text: str, place: str, gazetteer: Gazetteer) -> tuple[str, str]:
    resolved = gazetteer.by_name(place)
    return text.strip(), resolved.name if resolved else place


def type_scores(result: Result, types_file: Path, gazetteer: Gazetteer) -> dict:
    """Event-type accuracy and actor precision/recall against tests/data/*.types.yaml."""
    data = yaml.safe_load(types_file.read_text(encoding="utf-8"))
    found = {}
    for e in result.events:
        found.setdefault(e.place.name, []).append(e)
    total = typed = 0
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
        for role in ("actor1", "actor2"):
            want, got = item.get(role) or "", getattr(match, role)
            role_expected += bool(want)
            role_found += bool(got)
            role_right += bool(want) and want == got
            if want != got:
                wrong.append((role, place, text[:50], got, want))
    return {
        "events": total,
        "type_accuracy": typed / total if total else 1.0,
        "actor_precision": role_right / role_found if role_found else 1.0,
        "actor_recall": role_right / role_expected if role_expected else 1.0,
        "wrong": wrong,
    }


def control_scores(changes: list, control_file: Path, gazetteer: Gazetteer) -> dict:
    """Precision/recall of (place, date_start, controller) against tests/data/*.control.yaml."""
    data = yaml.safe_load(control_file.read_text(encoding="utf-8"))
    expected = Counter()
    for c in data["changes"]:
        _, place = event_key("", c["place"], gazetteer)
        expected[(place, str(c["date_start"]), c.get("controller") or "")] += 1
    got = Counter((c.place, c.date_start.iso(), c.controller) for c in changes)
    right = sum((expected & got).values())
    return {
        "precision": right / sum(got.values()) if got else 1.0,
        "recall": right / sum(expected.values()) if expected else 1.0,
        "missing": sorted((expected - got).elements()),
        "extra": sorted((got - expected).elements()),
    }
