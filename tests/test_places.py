"""Place finding (mapapp/places.py): which capitalised words are event places, which are reported as not
found, and that the cost grows linearly with the mentions of a sentence and the sentences of a paragraph."""

from __future__ import annotations

import gc
import time

import pytest

from mapapp.load import parse_document
from mapapp.pipeline import analyse


def article(body: str, front: str = "title: T") -> str:
    return f"---\n{front}\n---\n\n## Fighting (May 2013)\n{body}\n"


def analysed(gazetteer, body: str, front: str = "title: T"):
    return analyse(parse_document(article(body, front), "t.md"), gazetteer)


def places_of(result) -> list[str]:
    return [e.place.name for e in result.events]


def unresolved_of(result) -> list[str]:
    return [u.name for u in result.unresolved]


# ------------------------------------------------------------------------------------------- not found


@pytest.mark.parametrize("body, missing, found", [
    ("On 5 May 2013, rebels entered the town of Zorbaville and Gao.", ["Zorbaville"], ["Gao"]),
    ("On 5 May 2013, rebels entered Gao and the town of Zorbaville.", ["Zorbaville"], ["Gao"]),
    ("On 5 May 2013, fighting was reported in Zorbaville and Quuxtown.", ["Zorbaville", "Quuxtown"], []),
    ("On 5 May 2013, fighting was reported in Zorbaville on Monday.", ["Zorbaville"], []),
    ("On 5 May 2013, fighting was reported in Zorbaville, Gao and Quuxtown.", ["Zorbaville", "Quuxtown"], ["Gao"]),
], ids=["town-of-then-and", "and-then-town-of", "in-X-and-Y", "in-X-on", "list"])
def test_names_in_place_slots_that_resolve_nowhere_are_listed(gazetteer, body, missing, found):
    result = analysed(gazetteer, body)
    assert sorted(unresolved_of(result)) == sorted(missing)
    assert places_of(result) == found


@pytest.mark.parametrize("body", [
    "On 5 May 2013, rebels were seen in Islamist territory near Gao.",
    "On 5 May 2013, the fighting in Gao drew Zorbavillian forces.",
], ids=["adjective-before-noun", "not-a-slot"])
def test_adjectives_and_names_outside_place_slots_are_not_listed(gazetteer, body):
    assert unresolved_of(analysed(gazetteer, body)) == []


# ------------------------------------------------------------------------------------------- growth


def _best_of(runs: int, func) -> float:
    """The least CPU time of `runs` calls, the cyclic garbage collector held off: the machine is shared
    (wall-clock time varies with other work) and a collection's cost depends on everything alive."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.process_time()
            func()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


def _growth(gazetteer, make_body, size: int) -> float:
    """How many times longer the pipeline takes on twice the input (best of 5 each, after a warm-up)."""
    small, large = (parse_document(article(make_body(n)), "t.md") for n in (size, 2 * size))
    analyse(small, gazetteer)
    return _best_of(5, lambda: analyse(large, gazetteer)) / _best_of(5, lambda: analyse(small, gazetteer))


def test_one_sentence_naming_many_towns_costs_linear_time(gazetteer):
    # Every mention used to rebuild a list of the mentions before it: quadratic in mentions per sentence.
    growth = _growth(gazetteer, lambda n: "On 5 May 2013, rebels entered Gao" + " and Kidal and Gao" * n + ".", 4000)
    assert growth < 2.5


def test_one_paragraph_of_many_sentences_costs_linear_time(gazetteer):
    growth = _growth(gazetteer, lambda n: "On 5 May 2013, rebels entered Gao. " * n, 3000)
    assert growth < 2.5

