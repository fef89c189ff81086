"""Searching only the last words before a position finds what the search from the sentence's start finds, for
every pattern searched so, at every position of every seed and of generated text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ARTICLES
from mapapp import actor_rules, moves, roles, telling
from mapapp.load import load_document
from mapapp.lookback import search_back, words_start
from mapapp.sentences import paragraphs

# (pattern, the most words one of its matches spans), as the modules search them.
SEARCHED = [(actor_rules._INTENT, 2), (actor_rules._COUNTRY_SLOT, 2), (telling._NEGATED, 4),
            (telling._MODAL, 6),
            (roles._HELPER, 7), (roles._MEMBER_OF, 4), (roles._OBJECT_OF, 3), (roles._PASSIVE_BEFORE, 2),
            (roles._BY, 2), (roles._COMPELLED, 3), (roles._AGAINST, 2), (moves._BOUNDARY, 3), (moves._LOCATOR, 8),
            (moves._PART_OF_FORCE, 8), (moves.PRESENT, 7)]


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


# The words the role and control rules look back for, and the parties they look back from.
CUE_WORDS = ["backed", "by", "with", "the", "help", "of", "from", "along", "a", "group", "fighters", "between", "and",
             "north", "northern", "to", "town", "stationed", "in", "convoy", "some", "forced", "was", "were", "“",
             "against", "outside", "near", "according", "citing", "quoted", "said", "told", "that", "MNLA", "Gao",
             "Civilians", "Rebels", ",", ";", ":", "(", "-backed", "x" * 70, "  ", "\n",
             # whole cues, so that short texts hold them often
             "according to", "backed by", "with the help of", "a group of", "said that", "was", "forced the",
             "north of the town of", "between Gao and", "stationed in the", "some convoy of the"]
PARTIES = {"MNLA", "Civilians", "Rebels"}


def parties_in(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\b(?:MNLA|Civilians|Rebels)\b", text)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CUE_WORDS), max_size=40), st.integers(min_value=0, max_value=2000))
def test_same_matches_among_the_cue_words(words, cut):
    text = " ".join(words)
    end = min(cut, len(text))
    for pattern, count in SEARCHED:
        assert found(pattern, search_back(pattern, text, end, count)) == found(pattern, pattern.search(text, 0, end))


# The rules' look-ups as they were written, searching from the sentence's start per party: what the look-ups
# made once per sentence must find.
_SOURCE = re.compile(r"\b(?:according to|citing|quoted by)\b[^,;]*$", re.IGNORECASE)


def source_from_start(sentence, mention, mentions):
    found = _SOURCE.search(sentence, 0, mention[0])
    return bool(found) and not any(found.start() < other[0] < mention[0] for other in mentions)


def reports_from_start(sentence, mention, before, trigger_start):
    said = roles._SPEECH.search(sentence, mention[1], trigger_start) if mention[1] <= trigger_start else None
    if said is None:
        return False
    return mention[2] == "Civilians" or any(o[0] > said.end() and o[2] != mention[2]
                                            and not roles.is_helper(sentence, o) for o in before)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(CUE_WORDS), max_size=40), st.data())
def test_sources_and_speakers_as_searched_from_the_start(words, data):
    text = " ".join(words)
    mentions = parties_in(text)
    assert roles._sources(text, mentions) == [source_from_start(text, m, mentions) for m in mentions]
    trigger = data.draw(st.integers(min_value=0, max_value=len(text)))
    before = [m for m in mentions if m[1] <= trigger]
    assert roles._reporting(text, before, trigger) == [reports_from_start(text, m, before, trigger) for m in before]
    assert roles._last_start(roles._CLAUSE_PUNCT, text, trigger) == max(
        (m.start() for m in roles._CLAUSE_PUNCT.finditer(text, 0, trigger)), default=-1)


def test_the_helper_prefix_is_read_where_the_party_ends():
    sentence = "a French-backed Malian force and French forces"
    french = [(m.start(), m.end(), "France") for m in re.finditer("French", sentence)]
    assert [roles.is_helper(sentence, m) for m in french] == [True, False]
