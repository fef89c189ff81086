"""What happened and who took part: an event type and two actors for each event, from its sentence.

A small, readable rule set (mapapp/data/actors.yaml): the first event-type rule whose words appear in the
sentence decides the type; actors are found by their canonical names and aliases, starting from the
infobox's combatants. actor1 is who acts, actor2 who is acted on, where the sentence says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .model import Document, Event

ACTORS_PATH = Path(__file__).resolve().parent / "data" / "actors.yaml"
EVENT_TYPES = ("capture", "attack", "bombing", "airstrike", "protest", "withdrawal", "civilian_killing",
               "hostage_taking", "agreement", "deployment", "other")

_PASSIVE = re.compile(r"^[\s,]*(?:\w+\s+){0,2}?(?:by|to)\s+(?:the\s+)?$")
# A trigger after these is an intention or a description, not an event: "in an attempt to retake the
# town", "recently recaptured Timbuktu".
_INTENT = re.compile(
    r"\b(?:attempts?|order|tried|try|trying|plann?(?:ed|ing)?|aim(?:ed|ing)?|sought|vowed|pledged|threatened|wanted|"
    r"intended|hope[ds]?|failed)\s+to\s+$|\b(?:recently|newly)\s+$"
)
_PARTICIPLE = re.compile(r"\w+(?:ed|en|wn)\b|(?:overrun|hit|shot|held|left|struck|fought|put)\b", re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:that|whether)\b")
_MEMBER_OF = re.compile(r"\b(?:group|groups|number|unit|units|convoy|column|band|dozens|hundreds)\s+of\s+(?:the\s+)?$")
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?$")
_HELPER = re.compile(r"\b(?:backed by|supported by|with the help of|along with|alongside|helped by)\s+(?:[\w-]+\s+){0,3}$")
_OBJECT_OF = re.compile(r"\b(?:from|into|against|of|to|by|with|for|on|in)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+)?$")
_SUBORDINATE = re.compile(r"^\s*(?:amid|after|following|despite|while|during|as|when|before)\b", re.IGNORECASE)
_GAP = re.compile(r"^\s*,\s*$")
_AGAINST = re.compile(r"\b(?:against|from)\s+(?:the\s+)?$")
_NEGATED = re.compile(r"\b(?:not|never|failed to|no longer)\s+(?:\w+\s+){0,2}$")


@dataclass(frozen=True, slots=True)
class ActorTable:
    """Compiled rules: (actor name, pattern) pairs and (event type, pattern) pairs, in priority order.

    any_actor and any_trigger join all patterns in one alternation: one scan of a sentence finds every
    candidate, and only the few matched words are then checked against each rule (profiled: 30 scans per
    sentence were the slowest step of the whole pipeline).
    """

    actors: tuple[tuple[str, re.Pattern[str]], ...]
    event_types: tuple[tuple[str, re.Pattern[str]], ...]
    any_actor: re.Pattern[str]
    any_trigger: re.Pattern[str]
    names: dict[str, str]  # matched words -> actor, filled as sentences are read

    def __hash__(self) -> int:
        return id(self)


@lru_cache(maxsize=4)
def _rules(path: str) -> dict[str, Any]:
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


_START, _END = r"(?<![\w-])(?:", r")(?![\w-])"


def _compile(words: list[str]) -> re.Pattern[str]:
    return re.compile(_START + "|".join(words) + _END)


def _join(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One alternation of compiled rules, the word-boundary checks hoisted out of the alternatives."""
    bodies = [p.pattern[len(_START) : -len(_END)] for p in patterns]
    return re.compile(r"\b" + _START + "|".join(bodies) + _END)


def _combatant_texts(document: Document) -> tuple[str, ...]:
    """The raw text of the front matter's combatant fields."""
    texts: list[str] = []
    for box in document.metadata.get("infoboxes") or []:
        if isinstance(box, dict):
            for key, value in box.items():
                if str(key).startswith("combatant") and isinstance(value, dict):
                    texts.append(str(value.get("text") or ""))
    return tuple(texts)


_COMBATANT_NOISE = re.compile(r"\([^)]*\)|'''|[*\u2022]|[^\w\s'’.-]")


def actor_table(document: Document | None = None, path: Path = ACTORS_PATH) -> ActorTable:
    """The canonical actors and event rules, plus the document's own combatants under their own names."""
    return _table(str(path), _new_combatants(str(path), _combatant_texts(document) if document else ()))


@lru_cache(maxsize=32)
def _new_combatants(path: str, texts: tuple[str, ...]) -> tuple[str, ...]:
    """Combatant names (one per line, flags and bullets removed) that no rule of the file knows yet.
    Cached on the texts: an infobox lists a hundred supporters, each checked against every rule."""
    base = _table(path, ())
    extras: list[str] = []
    for text in texts:
        for line in text.splitlines():
            name = " ".join(_COMBATANT_NOISE.sub(" ", line).split())
            if not (2 <= len(name) <= 40 and name[0].isupper() and not name.endswith(":")) or name in extras:
                continue
            if not base.any_actor.fullmatch(name) and not any(p.search(name) for _, p in base.actors):
                extras.append(name)
    return tuple(extras)


@lru_cache(maxsize=32)
def _table(path: str, extras: tuple[str, ...]) -> ActorTable:
    rules = _rules(path)
    actors = [(name, _compile(patterns)) for name, patterns in rules["actors"].items()]
    actors += [(name, _compile([re.escape(name)])) for name in extras]
    # Trigger words are matched on the lower-cased sentence: three times faster than re.IGNORECASE.
    types = [(name, _compile([w.lower() for w in words])) for name, words in rules["event_types"].items()]
    any_actor = _join([p for _, p in actors])
    any_trigger = _join([p for _, p in types])
    return ActorTable(tuple(actors), tuple(types), any_actor, any_trigger, {})


def classify(sentence: str, table: ActorTable) -> tuple[str, tuple[int, int] | None]:
    """The event type of a sentence and where its trigger words stand (None for 'other')."""
    best: tuple[int, str, tuple[int, int]] | None = None
    lowered = sentence.lower()
    if len(lowered) == len(sentence):  # so that positions still point into the sentence
        sentence = lowered
    for match in table.any_trigger.finditer(sentence):
        if _INTENT.search(sentence, 0, match.start()):
            continue
        for rank, (name, pattern) in enumerate(table.event_types):
            if best is not None and rank >= best[0]:
                break
            found = pattern.match(sentence, match.start())
            if found:  # ranked before any earlier best: the loop stops at that best's rank
                best = (rank, name, found.span())
                break
    if best is None:
        return "other", None
    return best[1], best[2]


def find_actors(sentence: str, table: ActorTable) -> list[tuple[int, int, str]]:
    """Actor mentions, leftmost first; a longer mention wins over one inside it."""
    found: list[tuple[int, int, str]] = []
    for candidate in table.any_actor.finditer(sentence):
        words = candidate.group(0)
        name = table.names.get(words)
        if name is None:
            # The alternation lists the rules in order: the first rule that covers these words names them.
            name = next((n for n, pattern in table.actors if pattern.fullmatch(words)), "")
            table.names[words] = name
        if name:
            found.append((candidate.start(), candidate.end(), name))
    return found


def _subject(sentence: str, before: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """The acting party before the trigger: the first actor of the sentence that is neither a helper
    ("backed by French troops") nor the object of a preposition ("possibly from AQIM", "the headquarters
    of the MOJWA"); the first of a coordinated group ("French and Malian troops") comes first anyway."""
    reported = [m.end() for m in _REPORTED.finditer(sentence, 0, before[-1][0])] if before else []
    if reported:  # "the French minister confirmed that the Mali military had not recaptured": the clause's subject
        after_that = [m for m in before if m[0] >= reported[-1]]
        before = after_that or before
    candidates = [
        m for m in before
        if not _HELPER.search(sentence, 0, m[0])
        and (_MEMBER_OF.search(sentence, 0, m[0]) or not _OBJECT_OF.search(sentence, 0, m[0]))
    ]
    if candidates:
        return candidates[0]
    return before[-1] if before else None


def assign_roles(sentence: str, trigger: tuple[int, int] | None, mentions: list[tuple[int, int, str]]) -> tuple[str, str]:
    """(actor1, actor2): who acts and who is acted on, read around the trigger words."""
    if not mentions:
        return "", ""
    if trigger is None:
        return mentions[0][2], ""
    start, end = trigger
    clause_end = len(sentence)
    for stop in (";", ". "):
        pos = sentence.find(stop, end)
        if pos != -1:
            clause_end = min(clause_end, pos)
    before = [m for m in mentions if m[1] <= start]
    after = [m for m in mentions if m[0] >= end and m[0] < clause_end]
    subject = _subject(sentence, before)
    trigger_text = sentence[start:end]
    by_agent = after and (
        _PASSIVE.match(sentence[end : after[0][0]]) or (trigger_text.endswith((" to", " by")) and not sentence[end : after[0][0]].strip(" the"))
    )
    if by_agent:
        # "Gao fell to the rebels", "was taken by a French-backed Malian force"
        actor1, actor2 = after[0][2], subject[2] if subject else ""
    elif subject and _PASSIVE_BEFORE.search(sentence, 0, start) and _PARTICIPLE.match(trigger_text):
        # "two Chadian peacekeepers were killed in an attack": the subject is acted on
        actor1, actor2 = "", subject[2]
        agents = [m for m in after if m[2] != actor2]
        if agents and re.search(r"\bby\s+(?:the\s+)?$", sentence[: agents[0][0]]):
            actor1 = agents[0][2]
    else:
        actor1 = subject[2] if subject else ""
        others = [m for m in after if m[2] != actor1 and not _HELPER.search(sentence, 0, m[0])]
        actor2 = others[0][2] if others else ""
        if not actor1 and others and not _AGAINST.search(sentence, 0, others[0][0]):
            actor1, actor2 = others[0][2], ""
    if actor1 == actor2:
        actor2 = ""
    return actor1, actor2


_CLAUSE_BREAK = re.compile(r"[,;:()–—]\s*")


def clause_around(sentence: str, position: int) -> tuple[int, int]:
    """The stretch between punctuation marks that holds `position`: "amid protests in Bamako and Kati"."""
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() >= position:
            return start, match.start()
        start = match.end()
    return start, len(sentence)


def describe(sentence: str, mention: str, table: ActorTable,
             mentions: list[tuple[int, int, str]] | None = None,
             whole: tuple[str, tuple[int, int] | None] | None = None) -> tuple[str, str, str]:
    """(event_type, actor1, actor2) for the place named `mention` in `sentence`.

    The clause that names the place decides when it has trigger words of its own ("…, amid protests in
    Bamako"); otherwise the sentence does ("…, as well as Ansongo and Bourem").
    """
    if mentions is None:
        mentions = find_actors(sentence, table)
    position = sentence.find(mention)
    if position >= 0:
        lo, hi = clause_around(sentence, position)
        if _SUBORDINATE.match(sentence[lo:hi]):
            kind, trigger = classify(sentence[lo:hi], table)
            if trigger is not None:
                trigger = (trigger[0] + lo, trigger[1] + lo)
                return (kind, *assign_roles(sentence, trigger, mentions))
    kind, trigger = whole or classify(sentence, table)
    actor1, actor2 = assign_roles(sentence, trigger, mentions)
    if trigger is not None and position > trigger[1]:
        gapped = [m for m in mentions if trigger[1] <= m[0] and m[1] <= position and _GAP.match(sentence[m[1] : position])]
        if gapped:
            actor1, actor2 = gapped[-1][2], ""  # "... and Chadian troops, Ménaka": the gapped verb's own subject
    return kind, actor1, actor2


def annotate_events(events: tuple[Event, ...], document: Document) -> tuple[Event, ...]:
    """Fill event_type, actor1 and actor2 of each event from its sentence."""
    table = actor_table(document)
    cache: dict[tuple[str, str], tuple[str, str, str]] = {}
    actors_in: dict[str, tuple[list[tuple[int, int, str]], tuple[str, tuple[int, int] | None]]] = {}
    out = []
    for event in events:
        key = (event.sentence, event.mention)
        if key not in cache:
            if event.sentence not in actors_in:
                actors_in[event.sentence] = (find_actors(event.sentence, table), classify(event.sentence, table))
            mentions, whole = actors_in[event.sentence]
            cache[key] = describe(event.sentence, event.mention, table, mentions, whole)
        kind, actor1, actor2 = cache[key]
        out.append(event.with_roles(kind, actor1, actor2))
    return tuple(out)


def drop_actor_names(unresolved: tuple, document: Document) -> tuple:
    """Unknown names in a place slot that are in fact actors ("a new split happened in Ansar Dine") are
    not places the gazetteer lacks: leave them out of the unresolved list."""
    table = actor_table(document)
    return tuple(u for u in unresolved if not table.any_actor.fullmatch(u.name))


def is_negated(sentence: str, trigger: tuple[int, int] | None) -> bool:
    """"had still not recaptured Konna": the claim is denied, which makes control contested.
    trigger: where the sentence's event words stand (classify)."""
    return bool(trigger and _NEGATED.search(sentence, 0, trigger[0]))
