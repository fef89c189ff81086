"""The gazetteer: the curated file's checks, the layers, and the choice between homonyms."""

from __future__ import annotations

import textwrap

import pytest

from mapapp.errors import GazetteerError
from mapapp.gazetteer import CURATED_PATH, Gazetteer, distance_km, fold, load_curated

GOOD = """\
  - name: Kidal
    kind: city
    lat: 18.44345
    lon: 1.40921
    country: ML
    aliases: [Kidal town]
"""


def write(tmp_path, entries: str):
    path = tmp_path / "places.yaml"
    path.write_text("places:\n" + textwrap.dedent(entries), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "entry, problem",
    [
        ("  - {name: Gao, kind: city, lat: 200, lon: -0.04}\n", "Latitude must be in the [-90; 90] range"),
        ("  - {name: Gao, kind: city, lat: 16.27}\n", "missing 'lon'"),
        ("  - {name: Gao, kind: city, lat: 16.27, lon: 190}\n", "Longitude must be in the [-180; 180] range"),
        ("  - {name: Gao, kind: metropolis, lat: 16.27, lon: -0.04}\n", "unknown kind 'metropolis'"),
        ("  - {name: Gao, kind: city, lat: north, lon: -0.04}\n", "lat must be a number, instead got: 'north'"),
        ("  - {name: Gao, kind: city, lat: 16.27, lon: -0.04, aliases: [Kidal town]}\n",
         "alias 'Kidal town' is already used by 'Kidal'"),
        ("  - {kind: city, lat: 16.27, lon: -0.04}\n", "missing 'name'"),
    ],
    ids=["lat-200", "missing-lon", "lon-190", "unknown-kind", "lat-text", "duplicate-alias", "no-name"],
)
def test_broken_entries_stop_with_file_entry_and_problem(tmp_path, entry, problem):
    path = write(tmp_path, GOOD + entry)
    with pytest.raises(GazetteerError) as info:
        load_curated(path)
    message = str(info.value)
    assert message.startswith(f"{path}: entry 2")
    assert problem in message


def test_file_without_places_list(tmp_path):
    path = tmp_path / "places.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="expected a top-level 'places:' list"):
        load_curated(path)


def test_curated_file_is_valid_and_credited():
    places = load_curated(CURATED_PATH)
    assert len(places) > 50
    header = CURATED_PATH.read_text(encoding="utf-8")[:400]
    assert "GeoNames" in header and "CC BY 4.0" in header
    towns = [p for p in places if p.is_town and p.source == "geonames"]
    assert all(p.geonames_id > 0 for p in towns)


@pytest.mark.parametrize(
    "written, name, lat",
    [
        ("Ménaka", "Ménaka", 15.9), ("Menaka", "Ménaka", 15.9), ("Tombouctou", "Timbuktu", 16.77),
        ("Aguel'hoc", "Aguelhok", 19.46), ("In Aménas", "In Amenas", 28.04), ("Tinzawatene", "Tinzaouaten", 19.95),
        ("Bamba", "Bamba", 17.03),  # GeoNames' wrong Bamba (10.38, -7.15) must not be taken
    ],
)
def test_curated_spellings(gazetteer, written, name, lat):
    place = gazetteer.resolve(written, ("ML",))
    assert place is not None and place.name == name
    assert place.lat == pytest.approx(lat, abs=0.02)


def geonames_only(gazetteer):
    """The layers under the curated file, alone: what GeoNames says without the hand-checked entries."""
    return Gazetteer((), gazetteer.layers[1:])


def test_geonames_layers_prefer_the_articles_countries_then_rank(gazetteer):
    fallback_only = geonames_only(gazetteer)
    konna = fallback_only.resolve("Konna", ("ML",))
    assert konna.country == "ML" and konna.admin1 == "Mopti"  # the Mopti-region Kona, not Koulikoro's
    niamey = fallback_only.resolve("Niamey", ("NE",))
    assert niamey.kind == "capital"
    assert fallback_only.resolve("Niamey", ("NE",), only_country="ML") is None


def test_unknown_name_resolves_to_nothing(gazetteer):
    assert gazetteer.resolve("Insinane", ("ML",)) is None
    assert not gazetteer.knows("Insinane")


@pytest.mark.parametrize("written, folded", [
    ("Aguel'hoc", "aguelhoc"), ("AGUELHOC", "aguelhoc"), ("Ti-n-Zaouâtene", "tinzaouatene"),
    ("Laçın", "lacin"), ("Xocavənd", "xocavand"), ("Łódź", "lodz"), ("Straße", "strasse"),
], ids=["apostrophe", "capitals", "hyphens", "dotless-i", "schwa", "l-stroke", "sharp-s"])
def test_fold_ignores_accents_case_and_punctuation_and_keeps_every_latin_letter(written, folded):
    assert fold(written) == folded


def test_near_duplicate_rows_are_one_candidate(gazetteer):
    candidates = geonames_only(gazetteer).candidates("In Khalil", ("ML",))
    assert len(candidates) == 1  # GeoNames 8435748 and 8464713, 170 m apart


def sahel_rows():
    from mapapp.gazetteer.layers import BUNDLED
    from mapapp.gazetteer.sources import read_extract

    return list(read_extract(dict((name, path) for name, path, _ in BUNDLED)["sahel"]))


def test_curated_geonames_entries_sit_on_their_geonames_rows(gazetteer):
    # The curated file took its coordinates from the extract: each must be within 1 km of that row.
    rows = {row.geonames_id: (row.lat, row.lon) for row in sahel_rows()}
    checked = 0
    for place in gazetteer.curated:
        if place.source == "geonames" and place.geonames_id in rows:
            assert distance_km(rows[place.geonames_id], (place.lat, place.lon)) < 1.0, place.name
            checked += 1
    assert checked >= 40


def test_a_damaged_or_foreign_bundled_extract_is_refused_with_its_name(tmp_path):
    import gzip

    from mapapp.gazetteer.sources import read_extract

    headless = tmp_path / "old.tsv.gz"
    headless.write_bytes(gzip.compress(b"# GeoNames\ngeonameid\tname\n1\tKidal\n"))
    broken = tmp_path / "broken.tsv.gz"
    broken.write_bytes(b"not gzip at all")
    damaged = tmp_path / "damaged.tsv.gz"  # a row with a latitude that is no number
    damaged.write_bytes(gzip.compress("# GeoNames\ngeonameid\tname\tlat\tlon\tfeature_code\tcountry\tadmin1\t"
                                      "population\tnames\n1\tHombori\tnorth\t-1.7\tPPL\tML\tMopti\t0\tHombori\n"
                                      .encode()))
    for path, problem in ((headless, "rebuild it"), (broken, "cannot read"), (damaged, "line 3 is not a place row")):
        with pytest.raises(GazetteerError) as err:
            list(read_extract(path))
        assert path.name in str(err.value) and problem in str(err.value)
        assert str(tmp_path) not in str(err.value)  # the file's name, never a server path


def test_the_index_finds_every_row_under_each_of_its_names(gazetteer):
    sahel = next(layer for layer in gazetteer.layers if layer.name == "sahel")
    rows = sahel_rows()
    assert sahel.count() == len(rows)
    assert not sahel.knows("Nosuchplacexyz") and sahel.candidates("Nosuchplacexyz") == []
    for row in rows[::997]:
        for name in row.names:
            found = {c.geonames_id for c in sahel.candidates(name)}
            assert row.geonames_id in found, name


def test_a_place_that_names_its_own_first_level_unit_is_that_units_seat(gazetteer):
    # QA report item 5: GeoNames holds Stepanakert (Khankendi, seat of its own Xankǝndi unit) as a PPL of
    # 2,100 people; the capital of Nagorno-Karabakh is no village.
    best = gazetteer.candidates("Stepanakert", ("AZ", "AM"))[0]
    assert best.place.name == "Khankendi" and best.place.kind == "city" and best.rank == 1
    # A village of a unit named after another place stays a village.
    village = next(c for c in gazetteer.candidates("Taliş", ("AZ",)) if fold(c.place.admin1) == "haciqabul")
    assert village.place.kind == "village"


def test_three_consonant_skeletons_are_indexed_but_only_alike_options_return_them(gazetteer):
    from mapapp.lookup import PlaceNames

    names = PlaceNames(gazetteer)
    assert names.loose_options("Madira", ("SY",)) == []  # "mdr": too loose to take anywhere in Syria
    assert "Mudayrā" in [o.place.name for o in names.alike_options("Madira", ("SY",))]  # places.py asks where it is
    assert names.alike_options("Madira", ()) == []
