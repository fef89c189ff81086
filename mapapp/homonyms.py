"""Which of a name's homonyms an article means: where the article is, and what it has already placed.

GeoNames knows dozens of villages of one name in a country (Syria's Al Ḩamīdīyah, Azerbaijan's six Talış).
A reader takes the one near the fighting, so the readings of a name are ordered by where the article is:

- the reference point is the infobox's own town ("Al-Qusayr, Syria"), else the middle (median latitude and
  longitude) of the first towns of the article's own countries it has placed, once there are MIN_ANCHORS;
- the article's own countries rank alike there: on a front line between two of them (Nagorno-Karabakh) the
  village near the fighting is the one, whichever side of the border it lies (Armenia's Talish is not the
  Talysh of the Tǝrtǝr front);
- near the infobox's town (NEAR_REFERENCE_KM), a village under another transliteration ranks with one of
  the exact spelling far off ("the nearby town of Hamidiya": Al Ḩamīdīyah 8 km from al-Qusayr, not the
  Tartus one);
- a name written two ways in one article ("Kafrayah", later "Kefraya") is the town already placed when its
  consonants and nearly all its letters agree and no place of that exact spelling is known; so is a name no
  layer knows at all, in a place slot ("to al-Quasyr", "Fouaa and Kefray").
"""

from __future__ import annotations

import statistics
from difflib import SequenceMatcher

from .gazetteer import distance_km, variant_keys
from .gazetteer.spelling import skeleton_of_key
from .lookup import LOOSE_SIMILARITY, Option
from .model import Place
from .scope import Scope

ANCHORS = 50  # the first towns placed say where the war is; more would only cost time on a huge article
MIN_ANCHORS = 3  # fewer is no middle: two towns may be far apart, one may be the wrong homonym itself
MIN_ALIKE = 3  # consonants: "Kafrayah" is k-f-r; two ("Hama": h-m) would join unrelated names
# A name no layer knows, against the towns the article placed: the index's own loose bar (gazetteer/index.py),
# "Kefray" for "Kafrayah" (0.77); the consonants must agree all the same.
UNKNOWN_ALIKE = 0.75
NEAR_REFERENCE_KM = 30.0  # "the nearby town of X": as near as isolation.py's NEARBY_KM


class Homonyms:
    """What one article has placed so far, to order the readings of its next names."""

    def __init__(self) -> None:
        self.centre: Place | None = None  # the infobox's town
        self._anchors: list[tuple[float, float]] = []
        self._alike: dict[str, list[tuple[str, Place]]] = {}  # the towns placed, by the consonants of their name

    def placed(self, written: str, place: Place, scope: Scope) -> None:
        """`written` (as the article spells it) was placed at `place` for the first time."""
        if not place.is_town or place.country not in scope.core:
            return
        if len(self._anchors) < ANCHORS:
            self._anchors.append((place.lat, place.lon))
        for key in variant_keys(written)[:1]:
            self._alike.setdefault(skeleton_of_key(key), []).append((key, place))

    def reference(self) -> tuple[float, float] | None:
        """Where homonymous villages are measured from (see the module's docstring), or None."""
        if self.centre is not None:
            return (self.centre.lat, self.centre.lon)
        if len(self._anchors) < MIN_ANCHORS:
            return None
        return (statistics.median(lat for lat, _ in self._anchors), statistics.median(lon for _, lon in self._anchors))

    def order(self, name: str, options: list[Option], scope: Scope) -> list[Option]:
        """`options` (a name's readings, best first by the gazetteer) ordered for this article."""
        centre = self.reference() if len(options) > 1 else None
        if centre is not None:
            rank = {c: 0 if c in scope.core else n + 1 for n, c in enumerate(scope.countries)}
            # Only near the infobox's own town: the middle of a long front line is no place to be near.
            near_km = NEAR_REFERENCE_KM if self.centre is not None else -1.0
            km = {id(o): 0.0 if o.well_known else distance_km(centre, (o.place.lat, o.place.lon)) for o in options}
            options = sorted(options, key=lambda o: (rank.get(o.place.country, len(rank) + 1),
                                                     not (o.exact or km[id(o)] <= near_km), o.well_known is False,
                                                     km[id(o)]))
        alike = self.look_alike(name)
        if alike is not None and not any(o.exact or o.well_known for o in options):
            options = [Option(alike, False, False, False), *(o for o in options if o.place != alike)]
        return options

    def nearest(self, options: list[Option], points: list[tuple[float, float]]) -> Place | None:
        """The town among `options` nearest any of `points`, if within NEAR_REFERENCE_KM of one."""
        best: tuple[float, Place] | None = None
        for option in options:
            if not option.place.is_town:
                continue
            km = min(distance_km(point, (option.place.lat, option.place.lon)) for point in points)
            if km <= NEAR_REFERENCE_KM and (best is None or km < best[0]):
                best = (km, option.place)
        return best[1] if best else None

    def look_alike(self, name: str, similarity: float = LOOSE_SIMILARITY) -> Place | None:
        """A town of the core this article has placed under another spelling of `name`: the same consonants
        and nearly the same letters ("Kefraya" after "Kafrayah"; `similarity`: how near, difflib's ratio)."""
        for key in variant_keys(name)[:1]:
            skeleton = skeleton_of_key(key)
            if len(skeleton) < MIN_ALIKE:
                continue
            for other, place in self._alike.get(skeleton, ()):
                if SequenceMatcher(None, key, other).ratio() >= similarity:
                    return place
        return None
