"""Gazetteer files and indexes -> Gazetteer; a name as written -> the places it may mean.

The layers (curated file, packs, bundled GeoNames extracts, world layer, postal villages, online geocoder)
share one interface (candidates.Layer); resolver.Gazetteer ranks their candidates together.

What the text side calls (all on a Gazetteer from load_gazetteer()):
- knows(name): cheap, remembered; does any local layer know this spelling, exactly or as a variant?
- candidates(name, countries): every Candidate, best first (countries: ISO codes, most important first);
  a Candidate has .place, .layer, .rank, .feature_code, .match ('exact'/'variant'/'loose'), .city
  (a district's city), .population, .geonames_id.
- loose_candidates(name, countries): consonant-skeleton matches, only inside `countries`.
- resolve(name, countries, only_country=..., anywhere=False): the best plausible Place or None (a village
  abroad is not taken on its name alone; see resolver.is_plausible).
- country_codes_in(text), country_of_demonym(word), countries (the CountryTable: .get(code) -> Country with
  name, aliases, demonyms, capital, lat, lon, neighbours; .code_of(word); .neighbours_of(codes)).
- curated_by_key(fold(name)), by_name(name), names(): the curated file's own spellings, as before.
"""

from .candidates import Candidate, Layer, distance_km, kind_from_code, rank_candidates
from .countries import Country, CountryTable, load_countries
from .curated import CURATED_PATH, GAZETTEER_DIR, load_curated
from .resolver import Gazetteer, is_plausible, load_gazetteer
from .spelling import fold, skeletons, variant_keys

__all__ = ["CURATED_PATH", "GAZETTEER_DIR", "Candidate", "Country", "CountryTable", "Gazetteer", "Layer",
           "distance_km", "fold", "is_plausible", "kind_from_code", "load_countries", "load_curated",
           "load_gazetteer", "rank_candidates", "skeletons", "variant_keys"]
