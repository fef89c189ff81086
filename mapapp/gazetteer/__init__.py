"""Gazetteer files and indexes -> Gazetteer; a name as written -> the places it may mean.

The layers (curated file, packs, bundled GeoNames extracts, world layer, postal villages, online geocoder)
share one interface (candidates.Layer); resolver.Gazetteer ranks their candidates together.
"""

from .candidates import Candidate, Layer, distance_km, kind_from_code, rank_candidates
from .countries import Country, CountryTable, load_countries
from .curated import CURATED_PATH, GAZETTEER_DIR, load_curated
from .resolver import Gazetteer, load_gazetteer
from .spelling import fold, skeletons, variant_keys

__all__ = ["CURATED_PATH", "GAZETTEER_DIR", "Candidate", "Country", "CountryTable", "Gazetteer", "Layer",
           "distance_km", "fold", "kind_from_code", "load_countries", "load_curated", "load_gazetteer",
           "rank_candidates", "skeletons", "variant_keys"]
