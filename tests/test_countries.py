"""The countries table: every country, its names and demonyms, so that an article says which countries
it is about."""

from __future__ import annotations

import pytest

from mapapp.errors import GazetteerError
from mapapp.gazetteer import load_countries
from mapapp.gazetteer.countries import COUNTRIES_PATH, read_countries


def test_every_country_has_a_code_a_name_and_a_capital_where_it_has_one():
    countries = read_countries()
    assert len(countries) >= 249
    codes = [c.code for c in countries]
    assert len(set(codes)) == len(codes) and all(len(code) == 2 and code.isupper() for code in codes)
    by_code = {c.code: c for c in countries}
    assert (by_code["SY"].name, by_code["SY"].capital) == ("Syria", "Damascus")
    assert by_code["UA"].capital == "Kyiv" and "RU" in by_code["UA"].neighbours
    assert sum(1 for c in countries if c.capital) >= 240


@pytest.mark.parametrize("word, code", [
    ("Syrian", "SY"), ("Syrians", "SY"), ("Ukrainian", "UA"), ("Azerbaijani", "AZ"), ("Azeri", "AZ"),
    ("Armenian", "AM"), ("Malian", "ML"), ("Nigerien", "NE"), ("Nigerian", "NG"), ("Burkinabè", "BF"),
    ("American", "US"), ("British", "GB"), ("Lebanese", "LB"), ("Chadian", "TD"),
], ids=lambda v: v)
def test_demonyms_name_their_country(gazetteer, word, code):
    assert gazetteer.country_of_demonym(word) == code


def test_an_articles_countries_most_named_first():
    table = load_countries()
    text = ("Syrian Army units, backed by Russian aircraft, entered Idlib; Syria's government said the Syrian "
            "opposition fled towards Turkey. The Syrian Arab Republic ...")
    assert table.codes_in(text) == ("SY", "RU", "TR")
    assert table.codes_in("Snake Island, off Ukraine's coast") == ("UA",)  # "Island" is not Iceland
    assert table.codes_in("in the United States and the UK") == ("US", "GB")


def test_a_broken_table_is_refused_with_its_name(tmp_path):
    path = tmp_path / "countries.tsv"
    path.write_text("code\tname\nSY\tSyria\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="countries.tsv: expected the header"):
        read_countries(path)
    lines = COUNTRIES_PATH.read_text(encoding="utf-8").splitlines()[:3]
    path.write_text("\n".join(lines[:2] + ["SY\tSyria\t\tSyrian\tDamascus\tnorth\t38\t\t0"]) + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="row 2 is not a country row"):
        read_countries(path)
