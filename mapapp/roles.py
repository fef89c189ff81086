"""Who acts and who is acted on in one sentence: small named rules around the event's trigger words,
tried in order; the first that applies decides (ROLE_RULES)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .lookback import search_back

Mention = tuple[int, int, str]  # (start, end, actor name) in the sentence

_PASSIVE = re.compile(r"^[\s,]*(?:\w+\s+){0,2}?(?:by|to)\s+(?:the\s+)?$")
_PARTICIPLE = re.compile(r"\w+(?:ed|en|wn)\b|(?:overrun|hit|shot|held|left|struck|fought|put)\b", re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:that|whether)\b")
_OPINION = re.compile(r"\b(?:felt|feel|feels|believed|believe|believes|thought|feared|fear|fears|suspected|doubted|hoped|"
                      r"worried|wondered)\s+(?:that|whether)\b")
_MEMBER_OF = re.compile(r"\b(?:group|groups|number|unit|units|convoy|column|band|dozens|hundreds|fighters|members|militants|"
                        r"soldiers|troops)\s+(?:of|from)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+)?$")  # "a number of Huliaipole residents"
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are)\s+[\"“]?(?:\w+\s+)?$")
_HELPER = re.compile(r"\b(?:backed by|supported by|with the help of|with help from|along with|alongside|helped by|aided by|with support from)\s+"
                     r"(?:[\w-]+\s+){0,3}$")
_HELPER_PREFIX = re.compile(r"-(?:backed|supported|led|trained|allied)\b")  # "French-backed Malian force": France helps
_OBJECT_OF = re.compile(r"\b(?:from|into|against|of|to|by|with|for|on|in|near|at|around|towards?)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+)?$")
_AGAINST = re.compile(r"\b(?:against|from)\s+(?:the\s+)?$")
# What lies between the event's words and the first party after them when that party acts: "fighting between
# X and Y", "an attack by X", "clashes involving X". Anything else makes it the object: "killed four Chadian
# peacekeepers", "targeting a MNLA checkpoint", "an offensive against X", "an attack on X".
_AGENT_GAP = re.compile(r"[\s,]*(?:[\w-]+\s+){0,6}?(?:between|by|among|involving|of|from)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,4}$")
_CLAUSE_PUNCT = re.compile(r"[,;:()–—]")
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$")
_AND = re.compile(r"\s+and\s+(?:the\s+)?")
_EXPEL = re.compile(r"(?:pushed|drove|driven|forced|expelled|routed|ousted|evicted|chased)\b", re.IGNORECASE)
_COMPELLED = re.compile(r"\b(?:forced|forcing|compelled|compelling|caused|causing|made)\s+(?:the\s+)?(?:[\w-]+\s+)?$")
_FORCED = re.compile(r"\s+(?:\w+\s+)?to\s+$")
_BY = re.compile(r"\bby\s+(?:the\s+|a\s+|an\s+)?$")
_ADJACENT = re.compile(r"(?:['’]s)?\s*$")
_AND_JOIN = re.compile(r"(?<=[a-z])\s+and\s+")
_JOINT = re.compile(r"^(?:,\s*|\s+and\s+(?:the\s+)?|\s+with\s+(?:the\s+)?|\s*,\s*and\s+(?:the\s+)?|\s+together with\s+(?:the\s+)?)$")


@dataclass(frozen=True, slots=True)
class Clause:
    """What the rules read: the sentence, its trigger words, and the actor mentions before and after them.

    before: mentions ending before the trigger; after: mentions after it, in the same clause (up to ';').
    subject: the acting party before the trigger (see subject_of), None when there is none.
    kind: the event type the trigger words give ('' when the caller does not say).
    """

    sentence: str
    start: int
    end: int
    before: tuple[Mention, ...]
    after: tuple[Mention, ...]
    subject: Mention | None
    kind: str = ""
    inside: tuple[Mention, ...] = ()  # mentions within the trigger words ("pushed the jihadists out")
    touching: Mention | None = None  # the party whose words run into the trigger's ("Azerbaijani shelling")

    @property
    def trigger_text(self) -> str:
        return self.sentence[self.start : self.end]


_SOURCE_CUE = re.compile(r"\b(?:according to|citing|quoted by)\b", re.IGNORECASE)
_SOURCE_STOP = re.compile(r"[,;]")  # single characters: what ends the source's words


def is_source(sentence: str, mention: Mention, mentions: Sequence[Mention] = ()) -> bool:
    """"According to the General Staff of the Ukrainian Army, ...": who reports, not who acts. Only the first
    party after "according to" reports: "According to Azerbaijani claims Armenian Armed Forces directed …
    fire" names the actor next."""
    return _sources(sentence, (mention, *mentions))[0]


def _sources(sentence: str, mentions: Sequence[Mention]) -> list[bool]:
    """is_source(sentence, m, mentions) for each m: the first cue after the last ',' or ';' before the
    mention, with no other mention between. The cues and stops are found once and each mention looks them up
    (searched from the sentence's start per mention, a sentence naming n parties was read n times)."""
    if not mentions:
        return []
    end = max(m[0] for m in mentions)
    cues = list(_SOURCE_CUE.finditer(sentence, 0, end))
    cue_starts = [c.start() for c in cues]
    stops = [s.start() for s in _SOURCE_STOP.finditer(sentence, 0, end)]
    starts = sorted(m[0] for m in mentions)
    found = []
    for mention in mentions:
        i = bisect_left(stops, mention[0])
        j = bisect_left(cue_starts, stops[i - 1] + 1 if i else 0)
        cue = cues[j] if j < len(cues) and cues[j].end() <= mention[0] else None
        found.append(cue is not None and bisect_right(starts, cue.start()) >= bisect_left(starts, mention[0]))
    return found


# A party that says, not one that acts: "A resident of Léré told that airstrikes had been conducted".
_SPEECH = re.compile(r"\b(?:said|says|told|tells|reported|reports|stated|claimed|claims|confirmed|announced|denied|added|"
                     r"counted|saw|seen|described|acknowledged|witnessed|estimated)\b")


_SPEECH_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:said|says|told|reported|reports|stated|claimed|claims|confirmed|announced)\b")


def _reporting(sentence: str, before: list[Mention], trigger_start: int) -> list[bool]:
    """For each mention, whether it is a speaker that is a resident or witness, or a side that names another
    party after its speech verb. The speech verbs, and the parties named after each place, are found once:
    one search per mention made a sentence naming n parties cost n times its length."""
    said = list(_SPEECH.finditer(sentence, 0, trigger_start))  # whole words: the first after a mention is among them
    said_starts = [s.start() for s in said]
    named = sorted((o[0], o[2]) for o in before if not is_helper(sentence, o))
    named_starts = [start for start, _ in named]
    # two_after[i]: up to two different parties among named[i:] (enough to tell whether one differs from a name)
    two_after: list[tuple[str, ...]] = [()] * (len(named) + 1)
    for i in range(len(named) - 1, -1, -1):
        name = named[i][1]
        two_after[i] = (name, *[n for n in two_after[i + 1] if n != name][:1])
    reporting = []
    for mention in before:
        i = bisect_left(said_starts, mention[1]) if mention[1] <= trigger_start else len(said)
        if i == len(said):
            reporting.append(False)
            continue
        later = two_after[bisect_right(named_starts, said[i].end())]
        reporting.append(mention[2] == "Civilians" or any(n != mention[2] for n in later))
    return reporting


def is_helper(sentence: str, mention: Mention) -> bool:
    """"backed by French troops", "French-backed": a party that helps, not the one that acts."""
    # _HELPER spans seven words at most ("with the help of" and three); the prefix is matched where the
    # mention ends, not on a copy of the rest of the sentence
    return bool(search_back(_HELPER, sentence, mention[0], 7) or _HELPER_PREFIX.match(sentence, mention[1]))


def subject_of(sentence: str, before: list[Mention], trigger_start: int | None = None) -> Mention | None:
    """The acting party before the trigger: the first actor of the sentence that is neither a helper
    ("backed by French troops") nor the object of a preposition ("possibly from AQIM", "the headquarters
    of the MOJWA"); the first of a coordinated group ("French and Malian troops") comes first anyway."""
    reported = [m.end() for m in _REPORTED.finditer(sentence, 0, before[-1][0])] if before else []
    if reported:  # "the French minister confirmed that the Mali military had not recaptured": the clause's subject;
        # "a resident told that airstrikes had been carried out": the speaker is not the actor.
        before = [m for m in before if m[0] >= reported[-1]]
    before = [m for m, source in zip(before, _sources(sentence, before)) if not source]
    opinion = [m.end() for m in _OPINION.finditer(sentence, 0, trigger_start)] if trigger_start is not None else []
    if opinion:  # "Many Azerbaijanis were in a state of disbelief … many felt that the town's capture had been
        # betrayed": those who feel or believe are not who acted; only a party named after their "that" is.
        before = [m for m in before if m[0] >= opinion[-1]]
    if trigger_start is not None:
        # Residents and witnesses who tell of an event do not act in it, nor does a side that reports what
        # another did ("the Ukrainian General Staff reported … Russian airstrikes"); forces that announce
        # their own deeds do ("French and Chadian troops announced that they had occupied Tessalit").
        before = [m for m, reports in zip(before, _reporting(sentence, before, trigger_start)) if not reports]
    candidates = [  # _MEMBER_OF spans four words at most, _OBJECT_OF three
        m for m in before
        if not is_helper(sentence, m)
        and (search_back(_MEMBER_OF, sentence, m[0], 4) or not search_back(_OBJECT_OF, sentence, m[0], 3))
    ]
    # The trigger's own clause first: "in order to pin down Ukrainian forces …, Russian forces bombarded" (the
    # first of a coordinated group still comes first: "French and Malian troops").
    cut = _last_start(_CLAUSE_PUNCT, sentence, trigger_start) if trigger_start is not None else -1
    own = [m for m in candidates if m[1] > cut]  # no clause punctuation between the party and the trigger
    # "… were ordered to retreat from the city and the next day Russian … forces fully captured": a main clause
    # joined by "and" after words that name no party has its own subject (not "French and Malian troops").
    join = _last_join(sentence, trigger_start, {m[1] for m in before}) if trigger_start is not None else -1
    if join >= 0 and any(m[0] >= join for m in own):
        own = [m for m in own if m[0] >= join]
    if own or candidates:
        return (own or candidates)[0]
    return before[-1] if before else None


def _last_match(pattern: re.Pattern[str], text: str, end: int,
                keep: Callable[[re.Match[str]], bool] = lambda found: True) -> re.Match[str] | None:
    """The last match before `end` that `keep` accepts, None when none: read back from `end` in growing
    steps, so that it costs the distance to that match, not the text's length. A match at a step's first
    character may have begun before it (spaces before "and"): it is taken only from the text's start."""
    width = 256
    while True:
        lo = max(0, end - width)
        last = None
        for found in pattern.finditer(text, lo, end):
            if (found.start() > lo or lo == 0) and keep(found):
                last = found
        if last is not None or lo == 0:
            return last
        width *= 4


def _last_start(pattern: re.Pattern[str], text: str, end: int) -> int:
    """Where the last match of a one-character pattern before `end` starts, -1 when none."""
    found = _last_match(pattern, text, end)
    return found.start() if found else -1


def _last_join(text: str, end: int, party_ends: set[int]) -> int:
    """Where the last "and" joining two clauses before `end` ends (one right after a party's name joins
    parties, not clauses), -1 when none."""
    found = _last_match(_AND_JOIN, text, end, lambda join: join.start() not in party_ends)
    return found.end() if found else -1


Roles = tuple[str, str]


# What an event's words say happened to people rather than what someone did: "Islamist corpses", "Russian
# casualties" name the victims.
_VERB = re.compile(r"\w+ed\b|(?:took|fell|fought|left|hit|struck|shot|overran|retook|withdrew|fled|drove|went|came|began|"
                   r"broke|made|gave|ran|stormed|seize|capture|attack|shell|bomb|storm|fight|take|retake)\b", re.IGNORECASE)
OUTCOME = re.compile(r"kill|wound|died|dead|death|casualt|corpse|bodies|destroy|injur|loss", re.IGNORECASE)


def adjective_agent(c: Clause) -> Roles | None:
    """"Azerbaijani shelling of Stepanakert", "a Russian artillery strike against Huliaipole", "the rebel
    assault on Idlib": the party named right before (or within) the event's words carries it out; the first
    other party after them is acted on."""
    if c.touching is None or OUTCOME.search(c.trigger_text) or _VERB.match(c.trigger_text):
        return None  # "rebels clashed", "the Syrian Army and Hezbollah regained control": a verb's subject
    actor1 = c.touching[2]
    others = [m for m in c.after if m[2] != actor1 and not is_helper(c.sentence, m)]
    return actor1, others[0][2] if others else ""


def agent_after_trigger(c: Clause) -> Roles | None:
    """"Gao fell to the rebels", "was taken by a French-backed Malian force": the agent follows the verb."""
    if not c.after:
        return None
    gap = c.sentence[c.end : c.after[0][0]]
    if _PASSIVE.match(gap) or (c.trigger_text.endswith((" to", " by")) and not gap.strip(" the")):
        agents = [m for m in c.after if not is_helper(c.sentence, m)] or list(c.after)
        return agents[0][2], c.subject[2] if c.subject else ""
    return None


def passive_subject(c: Clause) -> Roles | None:
    """"two Chadian peacekeepers were killed in an attack": the subject is acted on; "by X" names the agent."""
    if not (c.subject and search_back(_PASSIVE_BEFORE, c.sentence, c.start, 2) and _PARTICIPLE.match(c.trigger_text)):
        return None
    if c.kind == "deployment":  # "Rebel forces in al-Qusayr were joined by …": the subject is who is there
        return None
    victim = c.subject[2]
    agents = [m for m in c.after if m[2] != victim]
    actor1 = agents[0][2] if agents and search_back(_BY, c.sentence, agents[0][0], 2) else ""
    return actor1, victim


_HARMED = re.compile(r"[\s,]*(?:\w+\s+){0,2}?(?:(?:was|were|are|is|had been|have been|being|got)\s+(?:\w+\s+)?"
                     r"(?:killed|wounded|injured|hurt|executed|shot|ambushed|attacked|targeted|hit|trapped)|died|perished)\b")


_LOSS = re.compile(r"(?:its\s+)?loss|fail", re.IGNORECASE)


def loser_named(c: Clause) -> Roles | None:
    """"With the loss of Khojaly, Azerbaijani commanders …", "Charged for failing to defend Shusha": the party
    named is the one that lost the town; who took it is left to the context."""
    if c.kind != "capture" or not _LOSS.match(c.trigger_text):
        return None
    named = c.subject or (c.after[0] if c.after else None)
    return "", named[2] if named else ""


def victim_subject(c: Clause) -> Roles | None:
    """"Residents reported that 60 Islamists died in the Gao airstrikes", "a French soldier was killed … in a
    mortar attack": the subject is harmed, not acting; the agent is the party right before the event's words
    ("in a Russian airstrike") or after "by", else unsaid."""
    if not c.subject or not _HARMED.match(c.sentence, c.subject[1], c.start):
        return None
    victim = c.subject[2]
    if c.touching and c.touching[2] != victim and not _VERB.match(c.trigger_text):
        return c.touching[2], victim
    agents = [m for m in (*c.inside, *c.after, *c.before) if m[0] > c.subject[1] and m[2] != victim
              and search_back(_BY, c.sentence, m[0], 2)]
    return (min(agents)[2] if agents else ""), victim


# A party the event helps: "gained control of Vuhlehirsk …, allowing the separatists to increase shelling".
_HELPED = re.compile(r"\b(?:allowing|enabling|letting)\s+(?:[\w-]+\s+){0,3}$")


def active_subject(c: Clause) -> Roles | None:
    """"the rebels seized control of Kidal from the army": the subject acts on the first other actor after
    the verb that is neither a helper nor a party it helps."""
    if not c.subject:
        return None
    actor1 = c.subject[2]
    others = [m for m in c.after if m[2] != actor1 and not is_helper(c.sentence, m)
              and not _HELPED.search(c.sentence, max(0, m[0] - 60), m[0])]
    return actor1, others[0][2] if others else ""


def object_only(c: Clause) -> Roles | None:
    """No subject: the first actor after the verb acts ("fighting between X and Y"), unless it is what the
    verb is against ("an offensive against Gao's MNLA": acted on, no actor named)."""
    others = [m for m in c.after if not is_helper(c.sentence, m)]
    if not others:
        return None
    gap = c.sentence[c.end : others[0][0]]
    if OUTCOME.search(c.trigger_text) and not _BY.search(gap):  # "bodies of Hezbollah fighters": the harmed
        return "", others[0][2]
    if _BETWEEN.search(gap) and len(others) > 1 and _AND.match(c.sentence, others[0][1], others[1][0]):
        return others[0][2], others[1][2]  # "combat in Gao between the MNLA and MOJWA": the first named, the other
    if c.kind == "deployment" or _AGENT_GAP.match(gap):  # "Entrenched in Shusha was the Azerbaijani commander"
        return others[0][2], ""
    if _CLAUSE_PUNCT.search(gap) and others[0][2] != "Civilians":  # "Now that the city was captured, rebels would…"
        if _SPEECH.match(c.sentence, others[0][1]) or _SPEECH_AFTER.match(c.sentence, others[0][1]):
            return "", ""  # "while the shelling of Huliaipole continued, the Ukrainian General Staff reported …"
        return others[0][2], ""
    return "", others[0][2]  # "a car bomb exploded in Kidal, killing two people": the people are the victims


def leaver_first(c: Clause) -> Roles | None:
    """A withdrawal names the party that leaves first: "the MNLA were driven from the city by the Islamists"
    (the MNLA leave; the Islamists drove them out); "the Malian army pushed the jihadists out of the city"
    and "a counterattack forced the rebels to withdraw": the pushed party leaves, the subject drove it."""
    if c.kind != "withdrawal":
        return None
    roles = passive_subject(c) or agent_after_trigger(c)
    if roles:
        return roles[1], roles[0]
    if c.inside and _EXPEL.match(c.trigger_text):
        return c.inside[0][2], c.subject[2] if c.subject and c.subject != c.inside[0] else ""
    if c.before and _FORCED.match(c.sentence, c.before[-1][1], c.start) and search_back(_COMPELLED, c.sentence, c.before[-1][0], 3):
        driver = c.subject if c.subject and c.subject != c.before[-1] else None
        return c.before[-1][2], driver[2] if driver else ""
    return None


def holder_within(c: Clause) -> Roles | None:
    """"the town was under Azerbaijani control": the party named within the words holds it, whoever the
    sentence's subject is ("BBC Russian Service … stating that the town was under Azerbaijani control")."""
    if c.kind != "capture" or not c.inside or not c.trigger_text.lower().startswith("under"):
        return None
    return c.inside[0][2], ""


ROLE_RULES: tuple[Callable[[Clause], Roles | None], ...] = (holder_within, leaver_first, loser_named, victim_subject,
                                                              adjective_agent,
                                                              agent_after_trigger, passive_subject, active_subject,
                                                              object_only)


def assign_roles(sentence: str, trigger: tuple[int, int] | None, mentions: list[Mention], kind: str = "") -> Roles:
    """(actor1, actor2): who acts and who is acted on, by the first rule of ROLE_RULES that applies."""
    if not mentions:
        return "", ""
    if trigger is None:
        return mentions[0][2], ""
    start, end = trigger
    stops = [pos for stop in (";", ". ") if (pos := sentence.find(stop, end)) != -1]
    clause_end = min(stops, default=len(sentence))
    before = [m for m in mentions if m[1] <= start]
    touching = next((m for m in mentions if m[0] < start < m[1] or (m[0] < start and m[1] >= end)
                     or (m[1] <= start and _ADJACENT.match(sentence, m[1], start))), None)
    clause = Clause(sentence, start, end, tuple(before),
                    tuple(m for m in mentions if end <= m[0] < clause_end), subject_of(sentence, before, start), kind,
                    tuple(m for m in mentions if start < m[0] and m[1] < end), touching)
    for rule in ROLE_RULES:
        roles = rule(clause)
        if roles is not None:
            actor1, actor2 = roles
            return actor1, "" if actor2 == actor1 else actor2
    return "", ""


def joint_actors(sentence: str, mentions: list[Mention], actor1: str) -> tuple[str, ...]:
    """The parties acting together with actor1: "French and Malian troops", "the Syrian Army and
    Hezbollah", "MNLA fighters with Ansar Dine": mentions joined to actor1's by 'and', 'with' or a comma,
    each joined to the one before it."""
    first = next((i for i, m in enumerate(mentions) if m[2] == actor1), None)
    if first is None:
        return ()
    also: list[str] = []
    previous = mentions[first]
    for mention in mentions[first + 1 :]:
        gap = sentence[previous[1] : mention[0]]
        # "French and Malian troops": the first adjective's noun is shared, so the gap is " and ".
        if not _JOINT.match(gap) or search_back(_AGAINST, sentence, mention[0], 2):
            break
        if mention[2] != actor1 and mention[2] not in also:
            also.append(mention[2])
        previous = mention
    return tuple(also)
