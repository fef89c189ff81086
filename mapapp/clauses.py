"""Which date a sentence and each of its clauses is read at (tests/data/ANNOTATION.md, dates): the sentence's
own date among its date expressions, and the clauses that carry a date of their own (a relative clause that
looks back, "DATE, when …", "Shusha on 9th and later Lachin on 18th")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import DateMention
from .errors import DateError
from .model import PartialDate


@dataclass(frozen=True, slots=True)
class ClauseDate:
    """A relative clause that looks back, with its own date ("after Raqqa, which was captured by the rebels
    in March 2013", "when the rebels seized the town in 2012"): the towns named in it, its antecedent
    included, take its date; the rest of the sentence does not (tests/data/ANNOTATION.md, dates).

    begin, end: where the clause stands in the sentence (from its antecedent to the end of its date).
    """

    begin: int
    end: int
    start: PartialDate
    end_date: PartialDate | None
    basis: str


_SUBORDINATE_OPENING = re.compile(r"^(?:After|Following|Since|Before)\b")
_FUTURE = re.compile(r"\b(?:will|would|to be)\b[^.]{0,40}$")
# "that" after a noun opens a relative clause ("fighters that surrendered in 2018"); after a reporting verb
# it opens what was reported, whose date is the sentence's ("revealed that they had attempted ... in April").
_RELATIVE = re.compile(r"\b(?:(?<!said )(?<!reported )(?<!revealed )(?<!claimed )(?<!stated )(?<!announced )"
                       r"(?<!confirmed )(?<!added )(?<!noted )(?<!alleged )(?<!denied )(?<!told )(?<!believed )"
                       r"(?<!estimated )(?<!suggested )(?<!acknowledged )that|which|who|whom|whose|when|since)\b")


def _looks_back(sentence: str, mention: DateMention, running: PartialDate | None) -> bool:
    """A date earlier than the running one inside a relative clause dates that clause, not the sentence:
    "former rebel fighters that surrendered to the government in 2018" (said in 2021)."""
    if running is None or mention.start.last_day() >= running.first_day():
        return False
    opener = None
    for opener in _RELATIVE.finditer(sentence, 0, mention.span[0]):
        pass  # the last relative word before the date opens its clause
    # "But since 2 January, the jihadists gathered …": a "since" or "when" opening the sentence sets its
    # time, it is no clause of a noun before it.
    return opener is not None and not _OPENS.fullmatch(sentence, 0, opener.start())


_OPENS = re.compile(r"\W*(?:(?:But|And|Yet|So)\s+)?")
# ", who had served … until October 2020", ", which fell in early July": a relative clause set off by a comma.
_ASIDE_OPENER = re.compile(r",\s+(?:who|which|whose)\s+[^,;]*$")


def _aside(sentence: str, mention: DateMention) -> bool:
    """A date inside a relative clause set off by a comma, still open at the date: it tells of the noun before
    the clause (when he served, when the town fell), not when the sentence's own event happened, whether
    before or after it (tests/data/ANNOTATION.md, dates: a date inside a relative clause or an aside)."""
    return bool(_ASIDE_OPENER.search(sentence, max(0, mention.span[0] - 200), mention.span[0]))


_ANTECEDENT = re.compile(r"(?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*,?\s+$|\bthe\s+(?:city|town|village),?\s+$")


def clause_dates(sentence: str, mentions: list[DateMention], running: PartialDate | None,
                 story: bool = False) -> tuple[ClauseDate, ...]:
    """The looking-back clauses of a sentence (see _looks_back), each from its antecedent to its date; with a
    running date of the story (`story`), also the asides of a later date (see _aside), each from its
    relative word: the noun before it is the main clause's ("The advance continued against A, which fell in
    early July": the advance against A is told at the running date)."""
    found = []
    for mention in mentions:
        if story and not _looks_back(sentence, mention, running) and _aside(sentence, mention):
            opener = _ASIDE_OPENER.search(sentence, max(0, mention.span[0] - 200), mention.span[0])
            found.append(ClauseDate(opener.start() + 1, mention.span[1], mention.start, mention.end, mention.basis))
            continue
        if not _looks_back(sentence, mention, running):
            continue
        opener = None
        for opener in _RELATIVE.finditer(sentence, 0, mention.span[0]):
            pass  # the last relative word before the date opens its clause
        begin = opener.start()
        antecedent = _ANTECEDENT.search(sentence, max(0, begin - 60), begin)
        found.append(ClauseDate(antecedent.start() if antecedent else begin, mention.span[1], mention.start,
                                mention.end, mention.basis))
    return tuple(found)


# "concluded on 20 May 2022, when Russia announced the forces in Mariupol surrendered": what the when-clause tells.
_WHEN_AFTER = re.compile(r",?\s+when\b")


def when_clauses(sentence: str, mentions: list[DateMention], governing: DateMention | None) -> tuple[ClauseDate, ...]:
    """Each "DATE, when …" clause of a date other than the sentence's own, from that date to the next: the
    towns it names happened on its date (tests/data/ANNOTATION.md, dates)."""
    found = []
    for number, mention in enumerate(mentions):
        if mention is governing or mention.basis == "relative" or not _WHEN_AFTER.match(sentence, mention.span[1]):
            continue
        end = mentions[number + 1].span[0] if number + 1 < len(mentions) else len(sentence)
        found.append(ClauseDate(mention.span[0], end, mention.start, mention.end, mention.basis))
    return tuple(found)


# "… recaptured positions around A, On 6 April, footage showed B", "…; on 5 April B fell", "…, and the next day
# they took B", "… and the next day": a date opening a clause of its own (the clause's first words).
_CLAUSE_OPENING = re.compile(r"(?:[,;]\s+(?:(?:and|but|then|while|and then|and later|later)\s+)?"
                             r"|\s+and\s+(?:then\s+|later\s+)?)"
                             r"(?:(?:[Oo]n|[Bb]y|[Ii]n)\s+(?:the\s+(?:night|morning|evening)\s+of\s+)?)?$")


def coordinate_clauses(sentence: str, mentions: list[DateMention],
                       governing: DateMention | None) -> tuple[ClauseDate, ...]:
    """Each clause that a date other than the sentence's own opens, from that date to the next such date (or
    the sentence's end): the towns named only there happened on its date, as in a sentence of their own; a
    town named before it keeps the sentence's date (tests/data/ANNOTATION.md, dates: clause scope)."""
    found: list[ClauseDate] = []
    for mention in mentions:
        if mention is governing or governing is None or mention.span[0] < governing.span[1]:
            continue
        if not _CLAUSE_OPENING.search(sentence, max(0, mention.span[0] - 40), mention.span[0]):
            continue
        if found:  # the clause before ends where this one opens
            last = found[-1]
            found[-1] = ClauseDate(last.begin, mention.span[0], last.start, last.end_date, last.basis)
        found.append(ClauseDate(mention.span[0], len(sentence), mention.start, mention.end, mention.basis))
    return tuple(found)


# "Shusha on 9th and later Lachin on 18th": a town with a day of its own, in the month being told.
_TOWN_ON_DAY = re.compile(r"\b(?:[A-Z][\w'’-]*\s+){1,3}on\s+(?:the\s+)?(?P<day>[1-3]?\d)(?:st|nd|rd|th)\b"
                          r"(?!\s+(?:of\s+)?[A-Z])")


def days_of_towns(sentence: str, month: PartialDate | None) -> tuple[ClauseDate, ...]:
    """Each "X on 9th" of a sentence, dated in `month` (the date being told, which has a month)."""
    if month is None or month.month is None or " on " not in sentence:
        return ()
    found = []
    for match in _TOWN_ON_DAY.finditer(sentence):
        try:
            day = PartialDate(month.year, month.month, int(match.group("day")))
        except DateError:
            continue
        found.append(ClauseDate(match.start(), match.end(), day, None, "explicit"))
    return tuple(found)


def _names_a_period(sentence: str, mention: DateMention) -> bool:
    """'the Raqqa campaign (2016–2017)', 'the Battle of Mosul (2016–2017)': years in brackets right after a
    name tell which of its namesakes is meant, not when the sentence's event happened."""
    begin, end = mention.span
    return (mention.start.month is None and begin > 1 and sentence[begin - 1] == "(" and sentence[begin - 2] == " "
            and sentence.startswith(")", end) and sentence[: begin - 2][-1:].isalpha()
            and not _OPENING_NAME.fullmatch(sentence, 0, begin - 2))


# "The battle of Raqqa (2017), also known as …, was": the name the sentence opens with, the subject it is
# about; its year tells when that event was, which is what the sentence tells.
_OPENING_NAME = re.compile(r"\W*(?:[Tt]he\s+)?(?:[\w'’-]+\s+){0,5}[\w'’-]+")


# "the 2014–2015 phase of the war", "the 2012 and 2020 military takeovers", "the 2021 Daraa offensive": years
# that, with a determiner before them and a noun after, name an event rather than tell when the sentence's
# event happened.
_NAMING_BEFORE = re.compile(r"(?:\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+|['’]s\s+)$")
_NAMING_AFTER = re.compile(r"\s+(?!(?:and|or|to|until|through|when|as|after|before|with|was|were|is|had|has|in|on|at|"
                           r"by|of|for|from|that|which|the)\b)[A-Za-z\u00C0-\u024F]")
_DURING = re.compile(r"\b(?:during|amid|amidst)\s+the\s+$")


def _in_a_name(sentence: str, mention: DateMention) -> bool:
    """A year, or years, of an event's name (see _NAMING_BEFORE)."""
    if mention.start.month is not None or (mention.end is not None and mention.end.month is not None):
        return False
    digits = mention.span[0] + next((i for i, c in enumerate(mention.text) if c.isdigit()), 0)
    return bool(_NAMING_BEFORE.search(sentence, max(0, digits - 12), digits)) and bool(
        _NAMING_AFTER.match(sentence, mention.span[1]))


def _names_the_sentences_time(sentence: str, mention: DateMention) -> bool:
    """A name's year that still tells the sentence's time, when nothing else does: the subject the sentence
    opens with ("The 2021 Daraa offensive was …": a sentence about the named event), or the war an event
    was part of ("a siege … during the 2022 Russian invasion")."""
    digits = mention.span[0] + next((i for i, c in enumerate(mention.text) if c.isdigit()), 0)
    return not sentence[:digits].strip(" \"“'*_").lower().removeprefix("the").strip() or bool(
        _DURING.search(sentence, max(0, digits - 20), digits))


def governing(sentence: str, mentions: list[DateMention], running: PartialDate | None = None,
              story: bool = False) -> DateMention | None:
    """The mention that dates the sentence's own event, None when none does. story: `running` is a running
    date of the story (not the backstory bound), so that an aside's date (_aside) is no date of the sentence."""
    usable = [m for m in mentions if not (m.basis == "relative" and _FUTURE.search(sentence[: m.span[0]]))
              and not _looks_back(sentence, m, running) and not _names_a_period(sentence, m)
              and not (story and _aside(sentence, m))]
    if not usable:
        return None
    named = [m for m in usable if _in_a_name(sentence, m)]
    if named:
        # Another date of the sentence tells its time ("The 2016 conflict … began on 1 April 2016"); else
        # only a name's year that tells it (_names_the_sentences_time), else none.
        usable = [m for m in usable if m not in named] or [m for m in named if _names_the_sentences_time(sentence, m)]
        if not usable:
            return None
    first = usable[0]
    if first.start.month is None and first.end is None:
        # "The offensive in 2017 was launched … in January 2017": a later date within the year tells the
        # sentence's time more precisely.
        within = [m for m in usable[1:] if m.start.month is not None and m.basis != "relative"
                  and m.start.year == first.start.year]
        if within:
            first = within[0]
    if len(usable) > 1 and _SUBORDINATE_OPENING.match(sentence):
        comma = sentence.find(",", first.span[1])
        later = [m for m in usable[1:] if comma != -1 and m.span[0] > comma]
        if later:
            return later[0]  # "After gaining the airport on 27 January, the next day, ..."
    return first
