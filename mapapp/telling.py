"""How a sentence's words tell what happened at a town: its clauses (where one ends, the verb phrase that names
the town, the main clause after a leading one, two sentences run together) and how the event words are told
(denied, threatened, conditional, a captive's word). mapapp/actors.py reads the type and actors with them.
"""

from __future__ import annotations

import re

from .lookback import search_back
from .reader import CIVILIANS

_NEGATED = re.compile(r"\b(?:not|never|failed to|no longer)\s+(?:\w+\s+){0,2}$")
# Not the comma of "1,000 shells"; a reason given after "in response to" is a clause of its own.
_CLAUSE_BREAK = re.compile(r"(?:[;:()–—]|,(?!\d{3})|\s+in\s+(?:response|retaliation|reply)\s+(?:to|for)\b)\s*")
# Two sentences run together, the second begun in lower case ("… the village of Xtown. an aircraft was shot down
# in Ytown"): the splitter keeps them one, a reader does not ("U.S. forces": no break after a capital's dot).
_RUN_ON = re.compile(r"(?<=[a-z]{2})\.\s+(?=[a-z])")


# A second verb phrase of the same subject: "arrived in Idlib and launched a counter-attack in the Industrial
# District", "launched air raids and staged ground attacks on the outskirts of Stepanakert".
_AND_VERB = re.compile(r"\s+and\s+(?:then\s+|later\s+|also\s+)?(?=[a-z]+ed\b|(?:took|fought|left|hit|struck|overran|"
                       r"withdrew|fled|drove|began|broke|made|gave|ran|sent|led|held|shot|stormed|seized)\b)")


# Two verbs sharing one object ("hit and destroyed schools in …") are one phrase.
_VERB_BEFORE = re.compile(r"(?:\b[a-z]+ed|\b(?:hit|took|struck|shot|held|seized))$")
# A phrase that says where it acts: "… in the Industrial District", "on the town".
_PLACED = re.compile(r"\b(?:in|at|on|near|into|inside|towards?)\s+(?:the\s+)?[A-Z]|\bthe\s+(?:town|city|village)\b")


_SUBORDINATE = re.compile(r"\s+(?:after|before|once|until|because)\s+(?=the\b|[a-z]+\s+(?:had\s+)?[a-z]+ed\b|[A-Z])")


def verb_phrase_around(sentence: str, lo: int, hi: int, position: int, mention: str = "") -> tuple[int, int]:
    """Within the clause [lo, hi), the verb phrase that names the town at `position`, where the clause joins
    two with "and" (the whole clause when it does not), without a subordinate clause that follows the town
    and names it no more (`mention`: the town's words; "… after Azerbaijani shelling of Stepanakert" is the
    town's event too). A phrase after the town's that names no place of its
    own goes on at the town ("entered the consulate in Gao and took hostages"): it stays in."""
    start, end = lo, hi
    later = _SUBORDINATE.search(sentence, position, hi)
    if later and not (mention and mention in sentence[later.end() : hi]):  # "The advance into the city came after the NDF retreated …": the main clause's event
        end = hi = later.start()
    for match in _AND_VERB.finditer(sentence, lo, hi):
        if _VERB_BEFORE.search(sentence, max(lo, match.start() - 20), match.start()):
            continue
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            if _PLACED.search(sentence, match.end(), hi):
                end = match.start()
            break
    return start, end


# A clause that opens the sentence before its main one: "After capture of the town, the city was looted".
_LEADING = re.compile(r"(?:After|Before|Following|Since|Upon|On|With|When|While|Despite)\b[^,;]*,\s*")
_STAND_IN = re.compile(r"\bthe (?:city|town|village)\b", re.IGNORECASE)


def main_clause_mention(sentence: str, mention: str, position: int) -> int:
    """Where the main clause names the town, when its first naming is in a leading clause and "the city",
    "the town" names it again after: "After capture of the town, the city was looted and burnt" tells a
    looting there, not the capture."""
    lead = _LEADING.match(sentence) if position >= 0 and _STAND_IN.fullmatch(mention) else None
    if lead is None or position >= lead.end():
        return position
    again = _STAND_IN.search(sentence, lead.end())
    return again.start() if again else position


def run_on_part(sentence: str, position: int) -> tuple[int, int] | None:
    """The span of the run-on sentence that holds `position` (None when the sentence is not two run together)."""
    start = 0
    for match in _RUN_ON.finditer(sentence):
        if match.start() >= position:
            return start, match.start() + 1
        start = match.end()
    return (start, len(sentence)) if start else None


def clause_around(sentence: str, position: int) -> tuple[int, int]:
    """The stretch between punctuation marks that holds `position`: "amid protests in Bamako and Kati"."""
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() >= position:
            return start, match.start()
        start = match.end()
    return start, len(sentence)


_KILLING = re.compile(r"(?:killed|shot dead|shot and killed)\b", re.IGNORECASE)
_DENIED = re.compile(r"\bdenied\s+(?:that\s+)?(?:any\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)


# An act only threatened or conditional is no event: "threatened to shell the towns", "if the shelling does not
# cease, X would consider launching a bombardment on Ytown". The words between the modal and the trigger: 4 at most.
_THREATENED = re.compile(r"\b(?:threaten(?:ed|s|ing)?|vow(?:ed|s|ing)?|pledg(?:ed|es|ing))\s+(?:to\s+)?(?:[\w-]+\s+){0,2}$",
                         re.IGNORECASE)
_MODAL = re.compile(r"\b(?:would|will|could|might|may)\s+(?:not\s+)?(?P<consider>consider(?:ing)?\s+)?(?:[\w-]+\s+){0,3}$",
                    re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:if|unless)\b", re.IGNORECASE)
# The event words inside the condition itself: "… would not happen if government forces launched a counterattack".
_IF_CLAUSE = re.compile(r"\b(?:if|unless)\s+(?:[\w'’-]+\s+){0,6}$"
                        r"|\b(?:potential|possible|hypothetical|potentially|possibly)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)  # "a potential rebel advance"


# A captive's word, or propaganda's, is not the narrator's: "a video with a hostage, in which he claims that the
# town was under the group's control" is the captors' claim, not a capture the text tells (moves.py: contested).
_CAPTIVE_SAYS = re.compile(r"\b(?:hostages?|captives?|prisoners?|detainees?|abductees?|propaganda)\b[^.;]{0,120}?"
                           r"\b(?:claim(?:s|ed|ing)?|sa(?:id|ys|ying)|stat(?:ed|es|ing)|told|tells|admit(?:s|ted)?)\b[^.;]*$",
                           re.IGNORECASE)
_CAPTIVE_WORD = re.compile(r"hostage|captive|prisoner|detainee|abductee|propaganda", re.IGNORECASE)


def captive_says(sentence: str, trigger: tuple[int, int]) -> bool:
    """The event words are what a captive, or propaganda, says: "a video with a hostage, in which he claims
    that the town was under the group's control"."""
    head = sentence[: trigger[0]]
    return bool(_CAPTIVE_WORD.search(head)) and bool(_CAPTIVE_SAYS.search(head))


def unrealised(sentence: str, trigger: tuple[int, int]) -> bool:
    """The event words name an act only threatened, or one that would follow a condition: "threatened to
    shell", "if … did not cease, X would consider launching a bombardment", not what happened."""
    if search_back(_THREATENED, sentence, trigger[0], 5):
        return True
    if search_back(_IF_CLAUSE, sentence, trigger[0], 7):
        return True
    modal = search_back(_MODAL, sentence, trigger[0], 6)
    return bool(modal and (modal.group("consider") or _CONDITION.search(sentence)))


def as_told(sentence: str, trigger: tuple[int, int] | None, kind: str, acted_on: str) -> str:
    """The type as the sentence tells it: a civilian killed by someone ("a TV reporter was killed by rebel
    sniper fire") is violence aimed at civilians; a denied arrival ("denied any reinforcements had arrived")
    is no deployment; a threat or a conditional ("would consider launching a bombardment if …") no event."""
    if trigger is None:
        return kind
    if kind != "other" and unrealised(sentence, trigger):
        return "other"
    if kind == "attack" and acted_on == CIVILIANS and _KILLING.match(sentence, trigger[0]):
        return "civilian_killing"
    if kind == "deployment" and _DENIED.search(sentence, max(0, trigger[0] - 60), trigger[0]):
        return "other"
    return kind


def is_negated(sentence: str, trigger: tuple[int, int] | None) -> bool:
    """"had still not recaptured Konna": the claim is denied, which makes control contested.
    trigger: where the sentence's event words stand (classify)."""
    return bool(trigger and search_back(_NEGATED, sentence, trigger[0], 4))  # "failed to X Y": four words
