"""Searching only the last words before a position finds what the search from the sentence's start finds, for
every pattern searched so, at every position of every seed and of generated text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ARTICLES
from mapapp import actor_rules, actors
from mapapp.load import load_document
from mapapp.lookback import search_back, words_start
from mapapp.sentences import paragraphs

# (pattern, the most words one of its matches spans), as the modules search them.
SEARCHED = [(actor_rules._INTENT, 2), (actor_rules._COUNTRY_SLOT, 2), (actors._NEGATED, 4)]


@pytest.fixture(scope="module")
def seed_paragraphs() -> list[str]:
    texts = []
    for path in ARTICLES:
        document = load_document(path)
        texts += [p for section in document.sections for p in paragraphs(section.text)]
    return texts


def found(pattern: re.Pattern[str], match: re.Match[str] | None) -> tuple[int, int] | None:
    return match.span() if match else None


@pytest.mark.parametrize("pattern, words", SEARCHED, ids=lambda v: getattr(v, "pattern", str(v))[:30])
def test_same_matches_at_every_word_of_every_seed(pattern, words, seed_paragraphs):
    checked = hits = 0
    for text in seed_paragraphs:
        lowered = text.lower()
        for end in [m.start() for m in re.finditer(r"\b\w", lowered)]:
            expected = found(pattern, pattern.search(lowered, 0, end))
            assert found(pattern, search_back(pattern, lowered, end, words)) == expected, (lowered[:end][-80:])
            checked += 1
            hits += expected is not None
    assert checked > 10_000 and hits > 20  # the seeds exercise the patterns


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["in", "the", "to", "tried", "not", "failed", "never", "recently", "x", "Mali",
                                 "  ", "\n", "no", "longer", "of", ",", "-", "a" * 70, " " * 70]), max_size=40),
       st.integers(min_value=0, max_value=2000))
def test_same_matches_in_generated_text(words, cut):
    text = " ".join(words)
    end = min(cut, len(text))
    for pattern, count in SEARCHED:
        assert found(pattern, search_back(pattern, text, end, count)) == found(pattern, pattern.search(text, 0, end))


PREFIX = "w " * 1000  # past the windows read


@pytest.mark.parametrize("text, words, start", [
    (PREFIX + "one two three four", 2, len(PREFIX) + 7),  # at the space before "three four"
    ("one two three", 5, 0),  # no more words than asked: from the start
    (PREFIX + "x" * 300 + " ab cd", 2, len(PREFIX) + 300),  # a long word before: read further back
    (PREFIX + "ab" + " " * 500 + "cd ef", 2, len(PREFIX) + 2),  # long spaces too
], ids=["plain", "few", "long-word", "long-space"])
def test_words_start(text, words, start):
    assert words_start(text, len(text), words) == start
