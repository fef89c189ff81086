"""How much evidence a place name needs, by where its readings lie: a town of the article's own countries
is taken on any place cue, a neighbour's on a strong one (its well-known cities on any), a place farther away only when it is well known
and in a strong slot, or when the sentence names its country. Never a village of another continent."""

from __future__ import annotations

from .cues import BARE, STRONG
from .lookup import Option
from .scope import Scope


def choose_option(options: list[Option], strength: int, scope: Scope, named: tuple[str, ...] = (),
                  only: str | None = None) -> Option | None:
    """The best option that this much evidence allows. A town of the core countries is taken after any
    place cue ("captured X"); one of their neighbours after a strong one ("in X", "the town of X"); a
    place farther away only when no nearer reading exists, and then only when it is well known and in
    a strong slot, or when the sentence names its country (`named`: the countries the sentence names).
    Another spelling than the name's own ("Sievierodonetsk" for "Severodonetsk") is taken only among the
    core's places. only: the text says which country ("the Malian town of X")."""
    if strength == BARE:
        return None
    nearer = any(o.place.country in scope.near for o in options)
    for option in options:
        country = option.place.country
        if only:
            if country == only:
                return option
            continue
        if option.curated and not option.place.is_town:
            return option  # a country, region or river the curated file knows: not an event place
        if option.online:
            return option  # the user turned the online layer on; it asks inside the article's countries
        if country in named:
            return option  # "fled to Arsal in Lebanon"
        if not option.exact and country not in scope.core:
            continue
        # A neighbour's well-known city, not its capital, after any place cue: "shift its headquarters from
        # Istanbul to Idlib" (a capital after "against", "to" is as often its government: "appeals to Ankara").
        neighbour_city = option.well_known and option.exact and not option.by_alias and option.place.kind != "capital"
        if country in scope.core or (country in scope.near and (strength == STRONG or neighbour_city)):
            capital = next((o for o in options if o.place.kind == "capital" and o.exact and not o.by_alias), None)
            if capital is not None and not option.curated and not option.well_known and strength == STRONG:
                return capital  # "talks in Riga": Latvia's capital, not a Nigerien village of that name
            return option
        if nearer or country in scope.near:
            continue
        if strength == STRONG and option.well_known and option.exact and not option.by_alias:
            return option
    return None
