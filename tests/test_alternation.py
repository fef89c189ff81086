"""The regrouped word alternation finds exactly what the plain one finds: on every seed with every theatre's
rules, on generated texts, and on generated patterns."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import ARTICLES
from mapapp import actor_rules
from mapapp.alternation import top_level, word_alternation
from mapapp.load import load_document
from mapapp.sentences import paragraphs


def plain(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])")


def spans(pattern: re.Pattern[str], texts: list[str]) -> list[tuple[int, int, int]]:
    return [(n, *m.span()) for n, text in enumerate(texts) for m in pattern.finditer(text)]


def rule_bodies(theatre: str) -> tuple[list[str], list[str]]:
    """The actor rules and the event-type rules of data/actors.yaml, as _join receives them."""
    table = actor_rules.actor_table(load_document(ARTICLES[0]), theatre)
    cut = len(actor_rules._START), -len(actor_rules._END)
    return ([p.pattern[cut[0]:cut[1]] for _, p in table.actors],
            [p.pattern[cut[0]:cut[1]] for _, p in table.event_types])


@pytest.fixture(scope="module")
def seed_paragraphs() -> list[str]:
    texts = []
    for path in ARTICLES:
        document = load_document(path)
        texts += [p for section in document.sections for p in paragraphs(section.text)]
    return texts


@pytest.mark.parametrize("theatre", ["", "sahel", "syria", "ukraine", "caucasus"])
def test_the_rules_find_the_same_words_in_every_seed(theatre, seed_paragraphs):
    actors, triggers = rule_bodies(theatre)
    regrouped = word_alternation(actors)
    assert regrouped.pattern.startswith("[")  # the rules are regrouped, not left as they were
    assert spans(regrouped, seed_paragraphs) == spans(plain(actors), seed_paragraphs)
    lowered = [p.lower() for p in seed_paragraphs]  # triggers are matched on the lower-cased sentence
    assert spans(word_alternation(triggers), lowered) == spans(plain(triggers), lowered)


SAHEL_RULES = [(word_alternation(bodies), plain(bodies)) for bodies in rule_bodies("sahel")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcgkortmnIiSAMLF -'.é", max_size=12), min_size=1, max_size=30))
def test_the_rules_find_the_same_words_in_generated_text(words):
    text = " ".join(words)
    for regrouped, expected in SAHEL_RULES:
        assert spans(regrouped, [text, text.lower()]) == spans(expected, [text, text.lower()])


# Generated patterns: literals, escapes, classes, look-behinds, optional and repeated groups, alternations.
_atoms = st.sampled_from(["a", "b", "A", "é", " ", r"\-", r"\.", "[aA]", "[a-c]", "[- ]", r"\w", ".",
                          "(?<=a )", "(?<!b)", "(?<=a|b)", "(?<![aA]-)"])


def _patterns(depth: int) -> st.SearchStrategy[str]:
    # A group is at most optional: a repeated group of repeated atoms ("(?:a*)*") makes Python's engine
    # backtrack exponentially on a text that fails late, and one such example hung the suite for 30 minutes.
    # Repetition itself is still generated, on atoms.
    group = _patterns(depth - 1).map(lambda p: f"(?:{p})") if depth else None
    atom = st.tuples(_atoms, st.sampled_from(["", "", "", "?", "*", "+", "{1,2}", "??"])).map("".join)
    if group is None:
        piece = atom
    else:
        piece = st.one_of(atom, st.tuples(group, st.sampled_from(["", "", "?", "??"])).map("".join))
    sequence = st.lists(piece, min_size=0, max_size=3).map("".join)
    return st.lists(sequence, min_size=1, max_size=3).map("|".join)


@settings(max_examples=int(os.environ.get("MAPAPP_ALTERNATION_EXAMPLES", "300")), deadline=None)
@given(st.lists(_patterns(2), min_size=1, max_size=4), st.lists(st.text("abAé -.c\n", max_size=16), max_size=6))
def test_generated_patterns_match_alike(patterns, texts):
    try:
        expected = plain(patterns)
    except re.error:
        assume(False)
    assert spans(word_alternation(patterns), texts) == spans(expected, texts)


@pytest.mark.parametrize("patterns, regrouped", [
    (["Mali", "MNLA", "French(?: troops)?"], True),
    (["(?:the )?army", "[Gg]overnment forces", "(?:US|U\\.S\\.)-led"], True),
    (["(?<=x)a", "b"], True),  # a look-behind first: moved after the character, with that character
    (["(?=a)a", "b"], False),  # a look-ahead first: left as it was
    (["\\w+ forces"], False),  # a class of every word character first
    (["a?b"], False),  # an optional first character
    (["(?:a)?"], False),  # may match nothing
], ids=["literals", "optional-class-group", "look-behind", "look-ahead", "class-escape", "optional-first",
       "empty"])
def test_what_is_regrouped(patterns, regrouped):
    assert word_alternation(patterns).pattern.startswith("[") is regrouped
    if not regrouped:
        assert word_alternation(patterns).pattern == plain(patterns).pattern


def test_order_is_kept_where_it_matters():
    # "abc" is found whole: "ab" first fails at the word's end; the empty alternative comes after "a(?:c)".
    assert word_alternation(["ab", "abc"]).findall("abc") == ["abc"]
    assert word_alternation(["x(?:y|)z", "xy"]).findall("xy xyz xz") == ["xy", "xyz", "xz"]


def test_top_level_alternatives():
    assert top_level(r"a|(?:b|c)d|[|]|\|") == ["a", "(?:b|c)d", "[|]", r"\|"]
