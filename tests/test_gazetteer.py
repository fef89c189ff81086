"""The gazetteer: the curated file's checks, the layers, and the choice between homonyms."""

from __future__ import annotations

import textwrap

import pytest

from mapapp.errors import GazetteerError
from mapapp.gazetteer import CURATED_PATH, Gazetteer, fold, load_curated

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


def test_fallback_prefers_the_articles_countries_then_rank(gazetteer):
    # Not curated on purpose in this check: use the bundled layer alone.
    fallback_only = Gazetteer((), gazetteer.fallback_path)
    konna = fallback_only.resolve("Konna", ("ML",))
    assert konna.country == "ML" and konna.admin1 == "Mopti"  # the Mopti-region Kona, not Koulikoro's
    niamey = fallback_only.resolve("Niamey", ("NE",))
    assert niamey.kind == "capital"
    assert fallback_only.resolve("Niamey", ("NE",), only_country="ML") is None


def test_unknown_name_resolves_to_nothing(gazetteer):
    assert gazetteer.resolve("Insinane", ("ML",)) is None


def test_fold_ignores_accents_case_and_punctuation():
    assert fold("Aguel'hoc") == fold("AGUELHOC") == "aguelhoc"
    assert fold("Ti-n-Zaouâtene") == "tinzaouatene"


def test_near_duplicate_rows_are_one_candidate(gazetteer):
    fallback_only = Gazetteer((), gazetteer.fallback_path)
    candidates = fallback_only.fallback_lookup("In Khalil", ("ML",))
    assert len(candidates) == 1  # GeoNames 8435748 and 8464713, 170 m apart


def test_curated_geonames_entries_sit_on_their_geonames_rows(gazetteer):
    # The curated file took its coordinates from the extract: each must be within 1 km of that row.
    from geopy.distance import distance

    rows = {}
    for line in gazetteer.fallback.all_rows():
        gid, _, lat, lon, *_ = line.split("\t")
        rows[int(gid)] = (float(lat), float(lon))
    checked = 0
    for place in gazetteer.curated:
        if place.source == "geonames" and place.geonames_id in rows:
            assert distance(rows[place.geonames_id], (place.lat, place.lon)).km < 1.0, place.name
            checked += 1
    assert checked >= 40


def test_a_damaged_or_unindexed_bundled_extract_is_refused_with_its_name(tmp_path, gazetteer):
    import gzip

    unindexed = tmp_path / "old.tsv.gz"  # rows only, as the first version of build_fallback.py wrote them
    unindexed.write_bytes(gzip.compress(b"# GeoNames\ngeonameid\tname\n1\tKidal\n"))
    broken = tmp_path / "broken.tsv.gz"
    broken.write_bytes(b"not gzip at all")
    damaged = tmp_path / "damaged.tsv.gz"  # an index line pointing past the rows
    damaged.write_bytes(gzip.compress("# GeoNames\ngeonameid\tname\tlat\tlon\tfeature_code\tcountry\tadmin1\t"
                                      "population\tnames\n1\tHombori\t15.3\t-1.7\tPPL\tML\tMopti\t0\tHombori\n"
                                      "#keys\nhombori\t7".encode()))
    for path, problem in ((unindexed, "rebuild it"), (broken, "cannot read"), (damaged, "points at no valid row")):
        with pytest.raises(GazetteerError) as err:
            Gazetteer((), path).resolve("Hombori", ("ML",))
        assert str(path) in str(err.value) and problem in str(err.value)


def test_the_bundled_index_finds_every_key_of_every_row(gazetteer):
    extract = gazetteer.fallback
    assert extract.rows("hombori") and all("Hombori" in row for row in extract.rows("hombori"))
    assert extract.rows("nosuchplacexyz") == [] and not extract.has("nosuchplacexyz")
    # Every row can be found again under the folded form of each of its names.
    for row in extract.all_rows()[::997]:
        for name in row.split("\t")[8].split("|"):
            if fold(name):
                assert row in extract.rows(fold(name)), name
