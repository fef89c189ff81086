"""The actor and event-type rules of mapapp/data/actors.yaml, compiled: who is named in a sentence, and
which event type its words say. The one home of the actor list (names, kinds, tags, countries)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .alternation import word_alternation
from .errors import MapAppError
from .lookback import search_back
from .model import Document

ACTORS_PATH = Path(__file__).resolve().parent / "data" / "actors.yaml"
EVENT_TYPES = ("capture", "attack", "bombing", "airstrike", "protest", "withdrawal", "civilian_killing",
               "hostage_taking", "agreement", "deployment", "other")
STRIKE = "strike"  # the rule of strikes named by no weapon: airstrike or bombing by their context (strike_type)
GOVERNMENT = "government"  # the placeholder of generic government words; never an output name
# Generic words that name no one when the text has not said who; "unknown gunmen" never name anyone.
PLACEHOLDERS = frozenset({GOVERNMENT, "group", "unknown"})
KINDS = ("state", "group")
_PEOPLE = "Civilians"  # the generic name of non-combatants (data/actors.yaml)

# A trigger after these is an intention or a description, not an event: "in an attempt to retake the
# town", "recently recaptured Timbuktu".
_INTENT = re.compile(
    r"\b(?:attempts?|order|tried|try|trying|plann?(?:ed|ing)?|aim(?:ed|ing)?|sought|vowed|pledged|threatened|wanted|"
    r"intended|hope[ds]?|failed|seeking|attempting)\s+to\s+$|\b(?:recently|newly|nearly|almost)\s+$"
    r"|\b(?:efforts?|aim|hopes?|goal|intention|plans?|chances?)\s+(?:of|on|at)\s+$|\bcontemplating\s+$"
)
# "plans were approved to move in and capture Shusha", "an operation to recapture Idlib": an event after "to"
# is a purpose, not done, unless the word before "to" says it happened ("continued to shell", "were forced
# to retreat", "managed to recapture").
_INFINITIVE = re.compile(r"((?:[\w'’-]+\s+){1,4})to\s+(?:\w+\s+(?:(?:in|out|back|up)\s+)?and\s+)?$")
_DONE_BEFORE = frozenset({"continued", "continue", "continues", "continuing", "began", "begin", "begins", "started",
                          "starts", "managed", "able", "forced", "forcing", "compelled", "proceeded", "succeeded", "had",
                          "has", "have", "used", "came", "went", "allowed", "enough", "claiming", "claimed", "claims",
                          "said", "reported", "appeared", "seemed", "seem", "believed"})
# A capture named as a noun and then judged: "the fall of Idlib would be a big shock", "the capture of Shusha would
# go down in the annals": a comment on what it would mean, not the capture told.
_JUDGED = re.compile(r"\s*(?:[\w'’-]+\s+){1,3}?(?:would|could|might|may)\s+(?!have\b)")
# A relative clause that names who did it before: "management of the city by the groups that captured it" tells
# who the groups are, not a capture.
_WHO_DID = re.compile(r"\b(?:that|which|who)\s+(?:had\s+)?$")
_IT = re.compile(r"\s+(?:it|them)\b")
# Control that goes on, not taken: "Raqqa remained the only major Syrian city fully under ISIL control", "which had
# been under Ukrainian control since July 2014". Who holds the town, stated (mapapp/holders.py reads it).
_KEPT = re.compile(r"\b(?:remained|remains|remain|stayed|stays|still|had been|has been|have been)(?:\s+[\w-]+){0,6}\s+$")
_PURPOSE_KINDS = frozenset({"capture", "withdrawal"})  # "left for Ouagadougou to negotiate" is still told as talks
# A bare country name after these is the country, not its forces: "in Mali", "across northern Ukraine".
_COUNTRY_SLOT = re.compile(r"\b(?:in|into|across|throughout|of|to|from|within|inside|northern|southern|eastern|western|"
                           r"central|north|south|east|west)\s+(?:the\s+)?$", re.IGNORECASE)
# A place and its country: "Algiers, Algeria".
_LOCATED = re.compile(r"(?<=[a-z,] )(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
                      r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][\w'’.-]*,\s+$")
# A capitalised word right before "Army" makes it a name ("Fattah Army"), unless it opens the sentence.
_NAMED_BEFORE = re.compile(r"(?<=\S\s)[A-Z][\w'’-]*\s+$")


@dataclass(frozen=True, slots=True)
class Actor:
    """One canonical actor.

    name: the canonical name ('Mali', 'al-Nusra Front', 'Rebels').
    kind: 'state' or 'group'. tags: which generic words may stand for it (rebel, separatist, jihadist).
    country: a state's ISO code ('' for groups). theatre: the theatre section it comes from ('' for the
    infobox's own names and the generic ones).
    refers_to: for a generic name, the tags of the groups it stands for (None for a specific actor).
    people: for a group that is a people's own force (Artsakh, the Karabakh Armenians'), the state whose
        demonym names it ('Armenia'); people_words: the words of that state's names that mean the force
        ("Armenian forces", "Armenian positions"), where the infobox sides the group with the state.
    """

    name: str
    kind: str
    tags: tuple[str, ...] = ()
    country: str = ""
    theatre: str = ""
    refers_to: tuple[str, ...] | None = None
    people: str = ""
    people_words: re.Pattern[str] | None = None

    @property
    def is_generic(self) -> bool:
        return self.refers_to is not None


@dataclass(frozen=True, slots=True)
class ActorTable:
    """Compiled rules: (actor name, pattern) pairs and (event type, pattern) pairs, in priority order.

    any_actor and any_trigger join all patterns in one alternation: one scan of a sentence finds every
    candidate, and only the few matched words are then checked against each rule (profiled: 30 scans per
    sentence were the slowest step of the whole pipeline).
    info: name -> Actor. theatre: the article's theatre ('' when none holds its towns).
    """

    actors: tuple[tuple[str, re.Pattern[str]], ...]
    event_types: tuple[tuple[str, re.Pattern[str]], ...]
    any_actor: re.Pattern[str]
    any_trigger: re.Pattern[str]
    info: dict[str, Actor]
    country_names: frozenset[str]
    theatre: str
    names: dict[str, str]  # matched words -> actor, filled as sentences are read
    aircraft: re.Pattern[str] | None = None  # words that name aircraft: a strike near them is an airstrike
    extras: frozenset[str] = frozenset()  # the infobox's own names (often states: "Algeria"), matched as written

    def __hash__(self) -> int:
        return id(self)

    def actor(self, name: str) -> Actor | None:
        return self.info.get(name)


@lru_cache(maxsize=4)
def _rules(path: str) -> dict[str, Any]:
    try:
        rules = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as err:
        raise MapAppError(f"{Path(path).name}: cannot read the actor rules ({err}).") from err
    for key in ("theatres", "generic", "event_types"):
        if not isinstance(rules, dict) or not isinstance(rules.get(key), dict):
            raise MapAppError(f"{Path(path).name}: expected a {key!r} mapping at the top; see the file's own comments.")
    return rules


_START, _END = r"(?<![\w-])(?:", r")(?![\w-])"


def _compile(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(_START + "|".join(words) + _END)


def _join(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One alternation of compiled rules, the word-boundary checks hoisted out of the alternatives (and the
    rules regrouped by their first characters, which the engine scans for in C: mapapp/alternation.py)."""
    return word_alternation([p.pattern[len(_START) : -len(_END)] for p in patterns])


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value)


def _entries(path: str, first: str) -> list[tuple[str, Actor, list[str]]]:
    """Every actor of the file: the article's theatre first, then the others in file order; within that,
    groups before states ("Russian mercenaries" is Wagner before it is Russia), then the generic names."""
    rules = _rules(path)
    theatres = sorted(rules["theatres"].items(), key=lambda item: item[0] != first)
    specific: list[tuple[str, Actor, list[str]]] = []
    for theatre, section in theatres:
        for name, entry in (section.get("actors") or {}).items():
            kind = entry.get("kind", "group")
            if kind not in KINDS:
                raise MapAppError(f"{Path(path).name}: actor {name!r} has kind {kind!r}; use one of {KINDS!r}.")
            people = entry.get("people") or {}
            words = re.compile(_START + "|".join(people["names"]) + _END) if people.get("names") else None
            actor = Actor(name, kind, _as_tuple(entry.get("tags")), str(entry.get("country") or ""), theatre,
                          people=str(people.get("state") or ""), people_words=words)
            specific.append((name, actor, list(entry["names"])))
    specific.sort(key=lambda item: item[1].kind == "state")  # stable: theatre order kept within each kind
    generic = [(name, Actor(name, "group", refers_to=_as_tuple(entry.get("refers_to"))), list(entry["names"]))
               for name, entry in rules["generic"].items()]
    return specific + generic


def theatre_of(countries: Iterable[str], path: Path = ACTORS_PATH) -> str:
    """The theatre whose countries hold most of these towns' country codes ('' when none does)."""
    counts = Counter(c for c in countries if c)
    best, best_count = "", 0
    for theatre, section in _rules(str(path))["theatres"].items():
        count = sum(counts[c] for c in section.get("countries") or ())
        if count > best_count:
            best, best_count = theatre, count
    return best


def combatant_texts(document: Document) -> tuple[tuple[str, str], ...]:
    """(field, raw text) of the front matter's combatant fields, in the infobox's order."""
    texts: list[tuple[str, str]] = []
    for box in document.metadata.get("infoboxes") or []:
        if isinstance(box, dict):
            for key, value in box.items():
                if str(key).startswith("combatant") and isinstance(value, dict):
                    texts.append((str(key), str(value.get("text") or "")))
    return tuple(texts)


_COMBATANT_NOISE = re.compile(r"\([^)]*\)|'''|[*\u2022]|[^\w\s'’.-]")
_NOT_A_NAME = re.compile(r"(?:Supported by|Full List|See below|Commanders?)\b", re.IGNORECASE)


def combatant_names(text: str) -> list[str]:
    """An infobox combatant field -> its names, one per line, flags, bullets and dates removed."""
    names = []
    for line in text.splitlines():
        name = " ".join(_COMBATANT_NOISE.sub(" ", line).split())
        if 2 <= len(name) <= 40 and name[0].isupper() and not name.endswith(":") and not _NOT_A_NAME.match(name):
            names.append(name)
    return names


def actor_table(document: Document | None = None, theatre: str = "", path: Path = ACTORS_PATH) -> ActorTable:
    """The canonical actors (the article's theatre first) and event rules, plus the document's own
    combatants that no rule knows, under their own names."""
    texts = tuple(text for _, text in combatant_texts(document)) if document else ()
    return _table(str(path), theatre, _new_combatants(str(path), theatre, texts))


@lru_cache(maxsize=32)
def _new_combatants(path: str, theatre: str, texts: tuple[str, ...]) -> tuple[str, ...]:
    """Combatant names that no rule of the file knows yet. Cached on the texts: an infobox lists a
    hundred supporters, each checked against every rule."""
    base = _table(path, theatre, ())
    extras: dict[str, None] = {}  # a dict keeps their order and is looked up in constant time
    for text in texts:
        for name in combatant_names(text):
            if name not in extras and not base.any_actor.search(name):
                extras[name] = None
    return tuple(extras)


@lru_cache(maxsize=32)
def _table(path: str, theatre: str, extras: tuple[str, ...]) -> ActorTable:
    rules = _rules(path)
    entries = _entries(path, theatre)
    # The infobox's own names come first: an article's "Syrian opposition" is its own actor, not Rebels.
    named = [(name, Actor(name, "group"), [re.escape(name)]) for name in extras] + entries
    actors = [(name, _compile(words)) for name, _, words in named]
    info: dict[str, Actor] = {}
    for name, actor, _ in named:
        info.setdefault(name, actor)
    # A state's bare name ('Mali', 'Ukraine') is an actor only outside a place slot (find_actors).
    countries = frozenset(name for name, actor, words in named if actor.kind == "state" and name in words)
    # Trigger words are matched on the lower-cased sentence: three times faster than re.IGNORECASE.
    types = [(name, _compile([_lower_pattern(w) for w in words])) for name, words in rules["event_types"].items()]
    unknown = [name for name, _ in types if name not in (*EVENT_TYPES, STRIKE)]
    if unknown:
        raise MapAppError(f"{Path(path).name}: unknown event type {unknown[0]!r}; use one of {EVENT_TYPES!r}.")
    # find_actors' memo starts with the infobox's own names: each is its own first rule (literal, and first in
    # order), which a scan of the rules would find only after passing every name before it.
    aircraft = re.compile(r"\b(?:" + "|".join(rules["aircraft"]) + r")\b", re.IGNORECASE) if rules.get("aircraft") else None
    return ActorTable(tuple(actors), tuple(types), _join([p for _, p in actors]), _join([p for _, p in types]),
                      info, countries, theatre, {name: name for name in extras}, aircraft, frozenset(extras))


def _lower_pattern(pattern: str) -> str:
    """A trigger pattern for the lower-cased sentence: letters lower-cased, escapes kept (`\\W` stays `\\W`)."""
    return re.sub(r"\\.|[^\\]+", lambda m: m.group(0) if m.group(0).startswith("\\") else m.group(0).lower(), pattern)


def classify(sentence: str, table: ActorTable) -> tuple[str, tuple[int, int] | None]:
    """The event type of a sentence and where its trigger words stand (None for 'other')."""
    best: tuple[int, str, tuple[int, int]] | None = None
    lowered = sentence.lower()
    if len(lowered) == len(sentence):  # so that positions still point into the sentence
        sentence = lowered
    for match in table.any_trigger.finditer(sentence):
        if search_back(_INTENT, sentence, match.start(), 2):  # its matches span two words at most
            continue
        for rank, (name, pattern) in enumerate(table.event_types):
            if best is not None and rank >= best[0]:
                break
            found = pattern.match(sentence, match.start())
            if found:  # ranked before any earlier best: the loop stops at that best's rank
                noun = found.end() if found.group(0).endswith(" of") else found.end() + 3
                kept = name == "capture" and found.group(0).startswith("under") and _KEPT.search(
                    sentence, max(0, match.start() - 80), match.start())
                judged = kept or sentence.startswith(" of ", noun - 3) and _JUDGED.match(sentence, noun) or (
                    name == "capture" and _IT.match(sentence, found.end())
                    and search_back(_WHO_DID, sentence, match.start(), 2))
                if not judged and not (name in _PURPOSE_KINDS and _is_purpose(sentence, match.start())):
                    best = (rank, name, found.span())
                break
    if best is None:
        return "other", None
    if best[1] == STRIKE:
        return strike_type(sentence, table), best[2]
    return best[1], best[2]


def only_strikes(sentence: str, table: ActorTable) -> bool:
    """The sentence's remote fire is only strikes named by no weapon ("A dozen strikes targeted the city"):
    its paragraph may say they came from the air."""
    lowered = sentence.lower()
    kinds = {name for match in table.any_trigger.finditer(lowered)
             for name, pattern in table.event_types if name in {"bombing", STRIKE} and pattern.match(lowered, match.start())}
    return kinds == {STRIKE}


def strike_type(context: str, table: ActorTable) -> str:
    """A strike named by no weapon: an airstrike where the text names aircraft, else remote fire (bombing)."""
    return "airstrike" if table.aircraft is not None and table.aircraft.search(context) else "bombing"


def _is_purpose(sentence: str, start: int) -> bool:
    """The words before `start` make it a purpose: "to recapture", "to move in and capture"; not "forced
    the rebels to withdraw"."""
    if sentence.rfind(" to ", max(0, start - 80), start) < 0:
        return False
    found = _INFINITIVE.search(sentence, max(0, start - 80), start)
    return bool(found) and not _DONE_BEFORE.intersection(found.group(1).lower().split())


def find_actors(sentence: str, table: ActorTable) -> list[tuple[int, int, str]]:
    """Actor mentions, leftmost first (names as the rules give them; generic ones unresolved)."""
    found: list[tuple[int, int, str]] = []
    for candidate in table.any_actor.finditer(sentence):
        words = candidate.group(0)
        name = table.names.get(words)
        if name is None:
            # The alternation lists the rules in order: the first rule that covers these words names them.
            name = next((n for n, pattern in table.actors if pattern.fullmatch(words)), "")
            table.names[words] = name
        if words in table.country_names and search_back(_COUNTRY_SLOT, sentence, candidate.start(), 2):
            continue  # "in Mali": the country, not its forces
        bare = words in table.country_names or words in table.extras
        located = search_back(_LOCATED, sentence, candidate.start(), 1) if bare else None  # one word: "Algiers,"
        if located and not (found and found[-1][1] > located.start()):
            continue  # "Algiers, Algeria", "in Gao, Mali": the town's country (a list of states is not)
        if name == GOVERNMENT and words[0].isupper() and search_back(_NAMED_BEFORE, sentence, candidate.start(), 1):
            continue  # "the Fattah Army", "the 1st Guards Tank Army": a named force, not the war's army
        if name:
            found.append((candidate.start(), candidate.end(), name))
    # "Armenian civilians", "Malian refugees": a demonym right before the people it describes is not a force.
    return [m for m, after in zip(found, [*found[1:], None])
            if not (after and after[2] == _PEOPLE and after[0] - m[1] == 1 and sentence[m[1]] == " ")]
