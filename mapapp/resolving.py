"""Resolving the names of one sentence: which place a run of capitalised words names at this occurrence, read
with the words before it and the evidence its readings need (evidence.py), and remembered for the article
(a name placed in a slot is that place wherever it stands). places.py reads the sentence around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import BARE, GOVERNMENT_BEFORE, STRONG, THE_BEFORE, settlement_after, tail
from .evidence import choose_option
from .gazetteer import fold
from .homonyms import UNKNOWN_ALIKE, Homonyms
from .lookup import Option, PlaceNames, translated_readings
from .model import Place
from .runs import Run, Span, strip_possessive
from .scope import Scope


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a sentence: the words as written, where, and what they resolve to.

    place: the place; for a `refers` mention, None until the paragraph says which town it stands for.
    pending: for a known place of the article's countries named with no place slot ("Huliaipole lost
        power"), the folded name: taken only if the article names it in a place slot somewhere ("in
        Huliaipole"), or in its infobox.
    refers: "the city", "the town", "the village", standing for the town named last in the paragraph.
    unknown: a town's name no layer places ("the village of Dabaa"): "the town" after it is not the town
        named before it.
    district: a district no layer knows, placed at its city ("Daraa's al-Balad district", "the Hara North
        district", "the Youth Housing").
    city: for a district mention, the words that name its city ("Daraa").
    aside: a town named only to locate another place or to name an event ("their Idlib offensive", "400 km
        north of Bamako"): no event there, but "the city" in a later sentence may stand for it.
    """

    text: str
    start: int
    end: int
    place: Place | None
    pending: str = ""
    refers: bool = False
    unknown: bool = False
    district: bool = False
    city: str = ""
    aside: bool = False


LOWER_WORD_BEFORE = re.compile(r"(\b[a-z]+)\.?\s+$")
_IN_BEFORE = re.compile(r"\bin\s+$")
_DEMONYM_SLOT = re.compile(r"\b([A-Z][a-zè]+)\s+(?:town|city|village|locality|commune|capital)\s+of\s+$")
# "the Talysh heights", "the Kidal airport": the article belongs to what stands at the town, not to the town.
_FACILITY_AFTER = re.compile(r"\s+(?:heights|airport|air base|airbase|base|checkpoint|bridge|road|highway|crossing|"
                             r"garrison|area|front line|frontline|outskirts|citadel|fortress|(?:military\s+)?camp)\b")


class NameResolver:
    """The article's memory of its names and how each occurrence resolves; PlaceFinder (places.py) reads
    sentences with it. Its state is set up by PlaceFinder.__init__."""

    names: PlaceNames
    scope: Scope
    homonyms: Homonyms
    confirmed: dict[str, Place]
    _pending: dict[Place, set[str]]
    _pending_placed: set[Place]
    _here: list[Mention]
    _options: dict[str, list[Option]]
    _named: tuple[str | None, tuple[str, ...]]

    def _spelled_alike(self, sentence: str, start: int, end: int, out: list[Mention]) -> Mention | None:
        """A name no layer knows, in a place slot, that spells a town the article has placed ("to al-Quasyr"
        after al-Qusayr, "Fouaa and Kefray" after Kafrayah): that town (homonyms.look_alike); else a place
        spelled alike near the sentence's towns or the article's (_near_alike)."""
        name = strip_possessive(sentence[start:end])
        place = None
        for reading in (name, *translated_readings(name)):  # "Eastern Bweida": Buwayḑah ash Sharqīyah
            place = self.homonyms.look_alike(reading, UNKNOWN_ALIKE) or self._near_alike(reading)
            if place is not None:
                break
        if place is None:
            return None
        out.append(Mention(name, start, start + len(name), place))
        return out[-1]

    def _near_alike(self, name: str) -> Place | None:
        """A place of the article's own countries spelled alike ("Madira": Mudayrā, three consonants agreeing and
        the letters nearly so), near a town this sentence names or the article's middle (homonyms.nearest):
        so loose a key is taken only where the story is."""
        core = tuple(c for c in self.scope.countries if c in self.scope.core)
        if not core:
            return None
        points = [(m.place.lat, m.place.lon) for m in self._here
                  if m.place is not None and m.place.is_town and m.place.country in self.scope.core]
        reference = self.homonyms.reference()
        if reference is not None:
            points.append(reference)
        return self.homonyms.nearest(self.names.alike_options(name, core), points) if points else None

    # ------------------------------------------------------------------------------------------ a run

    def _match_run(self, sentence: str, base: int, run: Run, strength: int, out: list[Mention]) -> Mention | None:
        """Longest gazetteer names inside a run, left to right: the last mention added, else None (or a
        mention with no place when the run's only candidates lie too far to be taken here)."""
        last: Mention | None = None
        refused: Mention | None = None
        next_word = 0  # words before this one are inside a name already taken
        for span in run.spans:
            if span.i < next_word:
                continue
            start = base + run.words[span.i][0]
            place, pending = self._resolve(sentence, start, span, strength)
            written = span.city_of or span.text  # the words as written: "Daraa al-Balad" placed at Daraa
            if place is None:
                if span.known:
                    refused = Mention(written, start, start + len(written), None)
                continue
            hit = Mention(written, start, start + len(written), place, fold(span.text) if pending else "",
                          district=bool(span.city_of), city=span.text if span.city_of else "")
            last = self._with_lowercase_prefix(sentence, hit, span.prefixed_hit)
            out.append(last)
            next_word = span.j
        return last or refused

    def _with_lowercase_prefix(self, sentence: str, hit: Mention, prefixed: Place | None) -> Mention:
        """'in Khalil' is the town In Khalil when the gazetteer knows 'In Khalil' and not 'Khalil' alone."""
        if prefixed is None:
            return hit
        before = LOWER_WORD_BEFORE.search(sentence, max(0, hit.start - 40), hit.start)
        if before and before.group(1) == "in":
            return Mention(sentence[before.start(1) : hit.end], before.start(1), hit.end, prefixed, hit.pending)
        return hit

    # ------------------------------------------------------------------------------------------ resolving

    def _resolve(self, sentence: str, start: int, span: Span, strength: int) -> tuple[Place | None, bool]:
        """The place a candidate span names at this occurrence, read with the words before it, and whether it
        is pending (a known name with no place slot here)."""
        head = tail(sentence, start)
        place = span.curated
        if place is None and span.in_prefixed is not None and _IN_BEFORE.search(head):
            place = span.in_prefixed  # "in Khalil": the lower-case particle belongs to the name
        if place is not None:
            if place.kind == "country" and THE_BEFORE.search(head):
                river = self.names.river(place.name)
                if river is not None:
                    return river, False  # "crossed the Niger"
            if not self.scope.core and place.is_town:
                self._adopt(place.country)  # an article that names no country: its first sure town says
            if not place.is_town or place.country in self.scope.near:
                return place, False
            choice = self._choose(span.text, [Option(place, True, place.kind == "capital")], strength, sentence, None)
            return (choice.place if choice else None), False
        if not span.known:
            return None, False
        end = start + len(span.city_of or span.text)  # "the Daraa al-Balad neighborhood": after the district
        if (sentence.startswith(("'s", "’s"), end) or GOVERNMENT_BEFORE.search(head)) and self._is_capital(span.text):
            return None, False  # "Yerevan's disrespect", "pressure on Yerevan": the government, not the city
        if THE_BEFORE.search(head) and not settlement_after(sentence, end) and not _FACILITY_AFTER.match(sentence, end):
            return None, False  # "the Moskva" (a ship), "the Dnipro" (a river): a town takes no article
        demonym = _DEMONYM_SLOT.search(head)
        only = self.names.country_of_demonym(demonym.group(1)) if demonym else None
        key = fold(span.text)
        if strength == BARE and not only:
            if self._is_capital(span.text):
                return None, False  # "Moscow is the biggest supplier", "announced by Baku": the government
            confirmed = self.confirmed.get(key)
            if confirmed is not None:
                return confirmed, False
            choice = self._choose(span.text, self._options_of(span.text), STRONG, sentence, None)
            if choice is None or choice.place.country not in self.scope.near:
                return None, False
            # A well-known town of the core under its own name (or another transliteration of it, "Raqqa"
            # for "Ar Raqqah") is taken at once ("Aleppo was shelled"); any other is pending: taken if the
            # article names it in a place slot somewhere. Other names can be words or ships' ("Moskva", "Tor").
            well_known = (choice.well_known and not choice.by_alias
                          and choice.place.country in self.scope.core)
            if not well_known and choice.place.is_town:
                if choice.place in self._pending_placed:
                    self._confirm(key, choice.place)  # "Mataghis" after "in Madaghis": one village's two spellings
                    return choice.place, False
                self._pending.setdefault(choice.place, set()).add(key)
            return choice.place, not well_known
        choice = self._choose(span.text, self._options_of(span.text), STRONG if only else strength, sentence, only)
        if choice is None and self.scope.core:
            within = (only,) if only else tuple(c for c in self.scope.countries if c in self.scope.core)
            loose = self.names.loose_options(span.text, within)
            choice = loose[0] if loose else None
            if choice is None and not only and (near := self._near_alike(span.text)) is not None:
                choice = Option(near, False, False, False)  # "Arbin, Mesraba and Madira": Mudayrā, not India's Madhira
        if choice is None:
            return None, False
        if choice.place.country in self.scope.near and choice.place.is_town:
            if key not in self.confirmed:
                self.homonyms.placed(span.text, choice.place, self.scope)
            self._confirm(key, choice.place)
        return choice.place, False

    def _confirm(self, key: str, place: Place) -> None:
        """`key` names `place` wherever it stands (see Mention.pending); and so does every other spelling the
        article gave the place with no place slot ("Mataghis was under Azerbaijani control", whose reading
        is the Madagiz that "in Madaghis" placed): one town's spellings are one town."""
        self.confirmed.setdefault(key, place)
        if place not in self._pending_placed:
            self._pending_placed.add(place)
            for other in self._pending.pop(place, ()):
                self.confirmed.setdefault(other, place)

    def _countries_named(self, sentence: str) -> tuple[str, ...]:
        if self._named[0] is not sentence:
            self._named = (sentence, self.names.countries_in(sentence))
        return self._named[1]

    def _is_capital(self, name: str) -> bool:
        options = self._options_of(name)
        return bool(options) and options[0].place.kind == "capital"

    def _adopt(self, country: str) -> None:
        """Take `country` as the article's own, for an article whose infobox, title and lead name none."""
        named = self.scope.countries
        self.scope = Scope((country, *(c for c in named if c != country)), frozenset({country}),
                           frozenset({country} | (self.names.neighbours({country}) & set(named))))
        self._options.clear()  # ranked for the old countries

    def _options_of(self, name: str) -> list[Option]:
        """The gazetteer's readings of a name, best first; among homonymous villages, those nearest where the
        article is first (homonyms.py): "Poltavka" east of Huliaipole is not the Poltavka of Crimea."""
        options = self._options.get(name)
        if options is None:
            options = self.names.options(name, self.scope.countries)
            pinned = self._pinned.get(fold(name))
            if pinned:
                options = [o for o in options if o.place.country in pinned or not o.place.is_town]
            options = self.homonyms.order(name, options, self.scope)
            self._options[name] = options
        return options

    def _choose(self, name: str, options: list[Option], strength: int, sentence: str, only: str | None) -> Option | None:
        """The best option this much evidence allows (see evidence.choose_option)."""
        named = self._countries_named(sentence) if sentence and strength != BARE and not only else ()
        return choose_option(options, strength, self.scope, named, only)
