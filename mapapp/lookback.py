"""Searches for the few words just before a position, in time that does not grow with the text before it.

The rules read the words before a name or a trigger with patterns anchored at that position: "in Mali"
(`\\b(?:in|into|…)\\s+(?:the\\s+)?$`), "tried to retake". Searched from the sentence's start, each such test
reads the whole sentence before the position, and a sentence naming a thousand names is read a thousand
times (a 10 MB sentence never ends). A pattern that spans at most a known number of words needs only those
words: the search starts where they begin, and finds exactly what the search from the start finds (the
engine still sees the text before the start for \\b and look-behinds).
"""

from __future__ import annotations

import re

_FIRST_WIDTH = 64  # characters read back first: a few words, almost always enough


def words_start(text: str, end: int, words: int) -> int:
    """Where the last `words` whitespace-separated words before `end` begin (at the space before the first of
    them), 0 when the text before `end` has no more words than that."""
    width = _FIRST_WIDTH
    while True:
        start = end - width
        if start <= 0:
            return 0
        parts = text[start:end].rsplit(None, words)
        if len(parts) > words:  # parts[0] ends where the last `words` words and their spaces begin
            return start + len(parts[0])
        width *= 4  # long words or long spaces: read further back, still within these words


def search_back(pattern: re.Pattern[str], text: str, end: int, words: int) -> re.Match[str] | None:
    """pattern.search(text, 0, end), for a pattern anchored at `end` ($) whose match spans at most `words`
    whitespace-separated words: the same match, reading only those words."""
    return pattern.search(text, words_start(text, end, words), end)
