"""The sides of one war, read from its infobox: who fought on which side, which state's war it is, and a
colour for each belligerent, assigned per article from colour-blind-safe palettes (one family per side)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .actor_rules import PLACEHOLDERS, ActorTable, combatant_texts, find_actors
from .model import Document

# Paul Tol's and Okabe & Ito's colour-blind-safe colours, split into families so that two sides never
# share a family: cool colours for the first side, warm for the second, the rest for a third side and for
# holders the infobox does not place on any side.
SIDE_PALETTES = (
    ("#0072B2", "#56B4E9", "#009E73", "#332288", "#88CCEE", "#44AA99"),
    ("#D55E00", "#E69F00", "#882255", "#CC6677", "#DDCC77", "#F0E442"),
    ("#117733", "#999933", "#AA4499", "#661100"),
)
UNALIGNED_PALETTE = ("#6F4E37", "#000000", "#5D6D7E", "#8E7CC3", "#A0522D", "#2F4F4F")
_NOT_BELLIGERENTS = {*PLACEHOLDERS, "Civilians"}


@dataclass(frozen=True, slots=True)
class Sides:
    """Who fought whom in one article.

    belligerents: per combatant field of the infobox, in order, the canonical names it lists.
    government: the state whose war it is: a belligerent state whose country holds most of the article's
        towns ('' when no belligerent is; towns held by no one at the start are then left unknown).
    country: the government's ISO country code: only its towns start in its hands.
    peoples: (state, group) for a group that is a people's own force (data/actors.yaml `people`) listed on the
        same side as the state whose demonym names it (Artsakh with Armenia).
    coalitions: each coalition the infobox lists with its members bulleted under it ("Army of Conquest",
        "* Al-Nusra Front", "* Ahrar al-Sham"), as (head, members).
    generics: a generic name ("Rebels", "Islamists") with the one side whose listed groups it can stand for
        (the FSA's side at al-Qusayr): the side whose colours it takes on the map. It is no member of that side
        for the control walk (side_of), which keeps handovers to what the infobox lists.
    """

    belligerents: tuple[tuple[str, ...], ...] = ()
    government: str = ""
    country: str = ""
    coalitions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    peoples: tuple[tuple[str, str], ...] = ()  # (state, group): a people's own force sided with its state
    generics: tuple[tuple[str, int], ...] = ()  # (generic name, side): "Rebels" where one side lists rebel groups
    _index: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def side_of(self, name: str) -> int:
        """The index of the combatant field that lists `name`, -1 when none does."""
        if not self._index and self.belligerents:  # asked thousands of times per article: index once
            for number in range(len(self.belligerents) - 1, -1, -1):
                self._index.update(dict.fromkeys(self.belligerents[number], number))
        return self._index.get(name, -1)

    def allied(self, a: str, b: str) -> bool:
        """Both named on the same side of the infobox (and not the same actor)."""
        side = self.side_of(a)
        return a != b and side >= 0 and side == self.side_of(b)

    def with_government(self, name: str) -> bool:
        """`name` is the government or on its side."""
        return bool(self.government) and (name == self.government or self.allied(name, self.government))

    def opponent_of(self, holder: str) -> str:
        """Who attacks a town `holder` holds, when the text names no one: the war's government for a town its
        enemies hold; else the head of the one other side of a two-sided war; '' when that is not clear (a war
        of three sides, an unknown holder)."""
        if not holder:
            return ""
        if self.government and not self.with_government(holder):
            return self.government
        side = self.side_of(holder) if holder != self.government else self.side_of(self.government)
        others = [names for number, names in enumerate(self.belligerents) if number != side]
        return others[0][0] if side >= 0 and len(others) == 1 else ""

    def colour_side(self, name: str) -> int:
        """The side whose colours `name` takes: its own, else the side its generic words stand for; -1 when none."""
        side = self.side_of(name)
        return side if side >= 0 else next((number for generic, number in self.generics if generic == name), -1)

    def coalition_of(self, name: str) -> str:
        """The coalition whose members the infobox lists `name` among ('' when none)."""
        return next((head for head, members in self.coalitions if name in members), "")


def read_sides(document: Document, table: ActorTable, countries: Iterable[str] = ()) -> Sides:
    """The article's sides from its infobox combatant fields; `countries`: the country codes of its towns,
    which tell whose territory the war is fought on."""
    belligerents: list[tuple[str, ...]] = []
    coalitions: list[tuple[str, tuple[str, ...]]] = []
    for _, text in combatant_texts(document):
        names: dict[str, None] = {}  # in order, looked up in constant time: an infobox can list thousands
        for _, _, name in find_actors(text, table):
            # A belligerent fights on one side: the first that lists it ("8th Brigade of the 5th Corps
            # (occasional clashes)" under the rebels names a unit of the government listed first).
            if name not in names and name not in _NOT_BELLIGERENTS and not any(name in side for side in belligerents):
                names[name] = None
        if names:
            belligerents.append(tuple(names))
        coalitions += _coalitions(text, table)
    states = {n for names in belligerents for n in names
              if (actor := table.actor(n)) is not None and actor.kind == "state"}
    government, home = "", ""
    for country, _ in Counter(c for c in countries if c).most_common(1):
        government = next((n for n in sorted(states) if table.info[n].country == country), "")
        home = country if government else ""
    if not countries:  # no town placed yet: the belligerent state the infobox's place names
        government = state_fought_in(document, states)
        home = table.info[government].country if government else ""
    peoples = tuple((actor.people, name) for names in belligerents for name in names
                    if (actor := table.actor(name)) is not None and actor.people in names)
    return Sides(tuple(belligerents), government, home, tuple(coalitions), peoples, _generic_sides(belligerents, table))


def _generic_sides(belligerents: Sequence[tuple[str, ...]], table: ActorTable) -> tuple[tuple[str, int], ...]:
    """Each generic name that can stand for the groups of exactly one side, with that side."""
    found = []
    for actor in table.info.values():
        if not actor.refers_to or actor.name in PLACEHOLDERS:
            continue
        sides = {number for number, names in enumerate(belligerents) for name in names
                 if (member := table.actor(name)) is not None and set(member.tags) & set(actor.refers_to)}
        if len(sides) == 1:
            found.append((actor.name, sides.pop()))
    return tuple(found)


_BULLET = re.compile(r"^\s*[*\u2022]")


def _coalitions(text: str, table: ActorTable) -> list[tuple[str, tuple[str, ...]]]:
    """Coalitions of one combatant field: a line naming one actor, with two or more bulleted lines under it
    that name others ("Army of Conquest" over "* Al-Nusra Front", "* Ahrar al-Sham")."""
    found: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        names = [n for _, _, n in find_actors(line, table) if n not in _NOT_BELLIGERENTS]
        if not names:
            continue
        if not _BULLET.match(line):
            found.append((names[0], []))
        elif found:
            found[-1][1].extend(n for n in names if n != found[-1][0] and n not in found[-1][1])
    return [(head, tuple(members)) for head, members in found if len(members) >= 2]


def state_fought_in(document: Document, states: Iterable[str]) -> str:
    """The belligerent state the infobox's `place` names ("Idlib, Idlib Governorate, Syria"), '' when it
    names none ("Shusha"): the war's government while no town of the article is placed."""
    place = " ".join(str(box["place"].get("text") or "") for box in document.metadata.get("infoboxes") or []
                     if isinstance(box, dict) and isinstance(box.get("place"), dict))
    return next((name for name in sorted(states) if re.search(r"\b" + re.escape(name) + r"\b", place)), "")


def holder_colours(sides: Sides, holders: Sequence[str]) -> dict[str, str]:
    """A colour per holder, assigned in this article's order: each side's holders from that side's family,
    in the infobox's order; holders on no side from a family of their own. No colour is used twice while
    the families last, and the same article always gets the same colours."""
    order = sorted(dict.fromkeys(h for h in holders if h),
                   key=lambda h: (sides.colour_side(h) < 0, sides.colour_side(h),
                                  _position(sides, h), list(holders).index(h)))
    used: dict[int, int] = Counter()
    colours: dict[str, str] = {}
    spare = [c for family in SIDE_PALETTES[len(sides.belligerents):] for c in family] + list(UNALIGNED_PALETTE)
    for holder in order:
        side = sides.colour_side(holder)  # "Rebels" in the family of the side whose rebels they are
        family = SIDE_PALETTES[side] if 0 <= side < len(SIDE_PALETTES) else ()
        if used[side] < len(family):
            colours[holder] = family[used[side]]
            used[side] += 1
        else:
            colours[holder] = spare.pop(0) if spare else UNALIGNED_PALETTE[len(colours) % len(UNALIGNED_PALETTE)]
    return colours


def _position(sides: Sides, name: str) -> int:
    """The holder's place in its side's list; a generic name after the side's named members."""
    side = sides.colour_side(name)
    if side < 0:
        return 0
    names = sides.belligerents[side]
    return names.index(name) if name in names else len(names)
