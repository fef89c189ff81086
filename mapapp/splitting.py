"""Paragraphs -> sentences: where each sentence of a paragraph starts and ends, and the date expressions
each holds (found once per paragraph)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .dates import Expression, date_expressions

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st lt col gen capt sgt maj cpl pres gov sen rep rev prof no vs etc approx est "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept fig e.g i.e u.s u.n u.k".split()
)
# Starts with the stop itself, not a look-behind: a pattern that opens with a plain character set is
# scanned for at C speed.
_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9\u00C0-\u00DE])")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]?")
_BULLET = re.compile(r"^\s*(?:[*+-]|\d+\.)\s+")


def _last_word(paragraph: str, begin: int, end: int) -> str:
    """The last word of paragraph[begin:end]. Read back in chunks only to the space before it, so that a
    long token costs its own length once, never the length of the sentence before it (a paragraph of long
    tokens would otherwise cost its length squared)."""
    hi, width = end, 40  # abbreviations are short: the first chunk almost always holds the whole word
    while hi > begin:
        lo = max(begin, hi - width)
        chunk = paragraph[lo:hi]
        parts = chunk.rsplit(None, 1)
        if len(parts) == 2 or not parts or chunk[0].isspace():
            return (parts[-1] if parts else "") + paragraph[hi:end]
        hi, width = lo, 1024
    return paragraph[begin:end].strip()


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Where each sentence of a paragraph starts and ends. Abbreviations ("U. S.", "Lt.") and initials do
    not end a sentence.

    Hand-written on purpose: it runs on every paragraph and must stay within the 50 ms budget, which the
    library splitters (pysbd and the like) miss by far on an article of this length.
    """
    cuts = [0]  # where sentences start, then the paragraph's end
    for match in _BOUNDARY.finditer(paragraph):
        end = match.start() + 1  # just after the stop
        word = _last_word(paragraph, cuts[-1], end).lstrip("\"“‘([").rstrip(".").lower()  # "(Jan." is "jan"
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or _INITIALS.fullmatch(word):
            continue
        cuts += (end, match.end())
    cuts.append(len(paragraph))
    spans = []
    for begin, end in zip(cuts[::2], cuts[1::2]):
        piece = paragraph[begin:end]
        stripped = piece.strip()
        if stripped:
            begin += len(piece) - len(piece.lstrip())
            spans.append((begin, begin + len(stripped)))
    return spans


def split_sentences(paragraph: str) -> list[str]:
    """A paragraph -> its sentences (see sentence_spans)."""
    return [paragraph[a:b] for a, b in sentence_spans(paragraph)]


def paragraphs(text: str) -> list[str]:
    """Section text -> paragraphs; every bullet line is a paragraph of its own."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current: list[str] = []
        for line in block.split("\n"):
            if _BULLET.match(line):
                if current:
                    out.append(" ".join(current))
                current = [_BULLET.sub("", line, count=1)]
            elif line.strip():
                current.append(line.strip())
        if current:
            out.append(" ".join(current))
    return [p for p in out if p.strip()]


def sentences_with_dates(paragraph: str) -> Iterator[tuple[str, list[Expression] | None]]:
    """Each sentence of a paragraph with its date expressions (offsets within the sentence), or None when
    the sentence must look for its own.

    The expressions are found once per paragraph: most sentences have none, which spares reading those
    at all. No date expression spans a real sentence boundary; where the splitter cuts one anyway
    ("mid-Jan. 16": "mid-jan" is no abbreviation it knows), the sentences on both sides read their own, as
    they would alone. This relies on no expression starting in the gap between two sentences (closing
    quotes or brackets and spaces, where no digit, month or word can start): one that did would be lost.
    """
    expressions = date_expressions(paragraph)
    taken, reach = 0, 0  # reach: where the expressions taken so far end
    for begin, end in sentence_spans(paragraph):
        own: list[Expression] | None = []
        crossed = reach > begin  # an expression ran into this sentence
        while taken < len(expressions) and expressions[taken].start < end:
            expression = expressions[taken]
            if expression.start >= begin:
                own.append(expression.moved(-begin))
            reach = max(reach, expression.end)
            taken += 1
        yield paragraph[begin:end], None if crossed or reach > end else own
