"""The countries an article is about, read from what it is about: its infobox's place, its title, what it is
part of, and its lead. They decide between homonyms (Homs is Syria's, not Libya's Al Khums) and how much
evidence a place far from them needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .lookup import PlaceNames
from .model import Document

# Infobox fields that say where the war was; then those that say what it was part of and what changed
# hands ("Russian military police ... enter Daraa al-Balad" names who, not where).
_WHERE_FIELDS = ("place", "location", "country")
_CONTEXT_FIELDS = ("partof", "territory")
# What separates the names of a place field: "Huliaipole, Zaporizhzhia Oblast, Ukraine", "Al-Qusayr and its
# district, Syria", "Near Gorom-Gorom in Northern Burkina Faso".
_PIECES = re.compile(r"[,;:()\[\]/\n*•]|\s(?:and|in|of|near|Near|the|its)\s|\s[–—-]\s")
# Words of a field around a town's name: administrative units named after their town ("Odesa Oblast"),
# event words ("Battle of Sumy"), directions. They are set aside and the rest read as a name.
_AROUND_A_NAME = frozenset(
    "oblast governorate province region district raion rayon county municipality city town village area "
    "battle battles siege offensive campaign conflict war clashes northern southern eastern western central "
    "north south east west".split()
)
# A piece with one of these names a site, not a town ("Snake Island", "Timbuktu Airport", "line of contact").
_SITE_WORDS = frozenset("island islands airport airbase base line contact front heights hill dam sea river".split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True, slots=True)
class Scope:
    """The countries an article is about.

    countries: ISO codes, most central first: the infobox's place and the title, then what the article
        is part of and its lead, then every other country it names (most named first). Candidates for a
        name are ranked in this order.
    core: where the war is: the countries of the infobox's place and the title (else of the lead).
    near: the core and the neighbours of the core that the article names: a village there may be taken
        on a place slot alone; anything farther needs more (see places.py).
    """

    countries: tuple[str, ...]
    core: frozenset[str]
    near: frozenset[str]


def _field_texts(document: Document, fields: Iterable[str]) -> list[str]:
    texts = []
    for box in document.metadata.get("infoboxes") or []:
        if not isinstance(box, dict):
            continue
        texts += [t for t in (_text_of(box.get(field)) for field in fields) if t]
    return texts


def _name_pieces(text: str) -> list[str]:
    """The names of towns a place field or a title may hold: "Huliaipole, Zaporizhzhia Oblast, Ukraine" ->
    Huliaipole, Zaporizhzhia, Ukraine; "Battle of Sumy" -> Sumy; "Snake Island" (a site) -> nothing."""
    pieces = []
    for piece in _PIECES.split(f" {text} "):
        words = _WORD.findall(piece)
        if any(w.lower() in _SITE_WORDS for w in words):
            continue
        words = [w for w in words if w.lower() not in _AROUND_A_NAME and w[:1].isupper()]
        if words:
            pieces.append(" ".join(words))
    return pieces


def article_place_names(document: Document, names: PlaceNames) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The town names of the infobox's place and of the title, each with the countries its field names
    ("Boulikessi, Mali": Mali's, not the Burkinabè village of that name): the article's own places, taken
    wherever the text names them."""
    texts = _field_texts(document, _WHERE_FIELDS[:2]) + [document.title]
    pairs = {}
    for text in texts:
        codes = names.countries_in(text)
        for piece in _name_pieces(text):
            if not names.countries_in(piece):
                pairs.setdefault(piece, codes)
    return tuple(pairs.items())


_NAME_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:(?:al|el|bin|ibn|de|van|von)[- ])?[A-Z][\w'’.-]*)+")


def article_people(document: Document) -> frozenset[str]:
    """Surnames of the people the infobox names (commanders, leaders): a bare surname in the text is that
    person, even where a village bears the same name."""
    texts = []
    for box in document.metadata.get("infoboxes") or []:
        if isinstance(box, dict):
            texts += [_text_of(v) for k, v in box.items() if str(k).startswith(("commander", "leader"))]
    surnames = set()
    for text in texts:
        for run in _NAME_RUN.findall(re.sub(r"\([^)]*\)", " ", text)):
            surnames.add(run.split()[-1].split("-")[-1])
    return frozenset(surnames)


def _text_of(value: object) -> str:
    text = value.get("text") if isinstance(value, dict) else value
    return text if isinstance(text, str) else ""


def _place_countries(text: str, names: PlaceNames) -> list[str]:
    """The countries of a place field or a title: those it names, else those of the towns it names
    ("Shusha", "Battle of Sumy"), taking a town only when every reading of it lies in one country."""
    named = list(names.countries_in(text))
    if named:
        return named
    found: list[str] = []
    for piece in _name_pieces(text):
        options = [o for o in names.options(piece, (), online=False) if o.place.is_town]
        countries = {o.place.country for o in options}
        if len(countries) == 1 or (options and options[0].well_known and options[0].exact):
            found.append(options[0].place.country)
    return found


# How much of the body is read for the countries it names: ample for any real article, and a 20 MB upload
# costs no more than one of 0.5 MB.
_READ_FOR_COUNTRIES = 500_000


def _opening(document: Document, size: int) -> str:
    """The title and the body's text up to about `size` characters."""
    texts, total = [document.title], 0
    for section in document.sections:
        if total >= size:
            break
        texts.append(section.text[: size - total])
        total += len(texts[-1])
    return "\n".join(texts)


def article_scope(document: Document, names: PlaceNames) -> Scope:
    """What the article is about, from its infobox, title, part-of line and lead."""
    where = [c for text in _field_texts(document, _WHERE_FIELDS) for c in _place_countries(text, names)]
    titled = _place_countries(document.title, names)
    lead = document.sections[0].text if document.sections and document.sections[0].level == 1 else ""
    context = [c for text in _field_texts(document, _CONTEXT_FIELDS) for c in names.countries_in(text)]
    lead_codes = list(names.countries_in(lead))
    everywhere = names.countries_in(_opening(document, _READ_FOR_COUNTRIES))
    # The title's town is the infobox's place again: it is read only when the infobox names no country.
    core = list(dict.fromkeys(where or titled)) or lead_codes[:2] or list(everywhere[:1])
    ranked = tuple(dict.fromkeys(core + context + lead_codes + list(everywhere)))
    named = set(ranked)
    near = set(core) | (names.neighbours(core) & named)
    return Scope(ranked, frozenset(core), frozenset(near))
