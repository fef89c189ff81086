"""The atlas's merging rules, periods and files (mapapp.atlas, atlas_export, atlas_report), without Dask:
analyse_article is called directly, as each Dask task does."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from mapapp.atlas import (
    ArticleInput, ArticleOutcome, analyse_article, build_atlas, group_by_dates, merge_control, merge_events,
    plan_periods, date_span,
)
from mapapp.atlas_export import ATLAS_FIELDS, atlas_files, write_atlas

GAO = ("Gao", 16.27167, -0.04472)
TIMBUKTU = ("Timbuktu", 16.77348, -3.00742)

# Two short invented articles that tell one happening each (Gao, 31 March 2012) and disagree on who took it.
ARTICLE_A = """---
infoboxes:
  - conflict:
      text: Fall of Gao
    combatant1:
      text: MNLA
    combatant2:
      text: Mali
title: Fall of Gao (invented)
---
The fall of Gao is an invented article, written for tests.

## Assault (March–April 2012)

On 31 March 2012, MNLA fighters captured Gao.

On 2 April 2012, rebels attacked Timbuktu.
"""
ARTICLE_B = """---
infoboxes:
  - conflict:
      text: Northern campaign
    combatant1:
      text: Ansar Dine
    combatant2:
      text: Mali
title: Northern campaign (invented)
---
The northern campaign is an invented article, written for tests.

## Fall of the north (2012)

On 31 March 2012, Ansar Dine captured Gao.

On 5 April 2012, rebels attacked Kidal.
"""


def row(town=GAO, date="2012-03-31", end=None, kind="capture", basis="explicit", actor1="", actor2="",
        sentence="", section="S", phase=""):
    """An ACLED record as mapapp.records.acled_records makes one."""
    precision = 1 if len(date) == 10 and not end else (2 if len(date) == 10 else 3)
    return {"event_date": date, "time_precision": precision, "event_type": kind, "actor1": actor1, "actor2": actor2,
            "location": town[0], "latitude": town[1], "longitude": town[2], "geo_precision": 1,
            "notes": sentence or f"{town[0]} {kind} {date}", "phase": phase, "section": section, "date_end": end,
            "date_basis": basis, "country": "ML", "geonames_id": None}


def change(controller, date="2012-03-31", kind="capture", town=GAO, sentence=""):
    """A control record as mapapp.control.ControlChange.to_record makes one."""
    return {"place": town[0], "controller": controller, "previous_controller": "", "change": kind,
            "date_start": date, "date_end": None, "precision": "day", "lat": town[1], "lon": town[2],
            "sentence": sentence or f"{controller} took {town[0]} on {date}."}


def outcome(name, *rows, control=()):
    return ArticleOutcome(name, title=name.upper(), rows=tuple(rows), control=tuple(control))


# --- events: what is one happening -----------------------------------------------------------------------

def test_same_town_day_and_type_in_two_articles_is_one_event_with_two_sources():
    events = merge_events([outcome("b.md", row()), outcome("a.md", row())])
    assert len(events) == 1
    assert events[0].record["source_article"] == "a.md; b.md"
    assert events[0].record["sources"] == 2
    assert [r.article for r in events[0].reports] == ["a.md", "b.md"]


@pytest.mark.parametrize("other", [
    row(kind="attack"),
    row(date="2012-04-01"),
    row(town=TIMBUKTU),
    row(town=("Gao", 11.0, 2.0)),  # another place of the same name
], ids=["another-type", "next-day", "another-town", "same-name-elsewhere"])
def test_reports_that_differ_in_town_type_or_day_stay_apart(other):
    assert len(merge_events([outcome("a.md", row()), outcome("b.md", other)])) == 2


def test_overlapping_ranges_merge_and_the_event_spans_them_all():
    events = merge_events([outcome("a.md", row(date="2013-01-10", end="2013-01-12")),
                           outcome("b.md", row(date="2013-01-12", end="2013-01-15"))])
    assert len(events) == 1
    record = events[0].record
    assert (record["event_date"], record["date_end"], record["time_precision"]) == ("2013-01-10", "2013-01-15", 2)


def test_a_chain_of_overlaps_is_one_group_even_when_its_ends_do_not_overlap():
    reports = [row(date="2013-01-01", end="2013-01-03"), row(date="2013-01-03", end="2013-01-05"),
               row(date="2013-01-05", end="2013-01-07")]
    assert len(merge_events([outcome(f"{i}.md", r) for i, r in enumerate(reports)])) == 1


@pytest.mark.parametrize(("first", "second", "merged"), [
    ("2012-03", "2012-03", True),
    ("2012", "2012", True),
    ("2012-03", "2012-03-05", False),
    ("2012", "2012-03", False),
    ("2012-03", "2012-04", False),
], ids=["same-month", "same-year", "month-and-day", "year-and-month", "two-months"])
def test_a_coarse_date_merges_only_with_the_very_same_month_or_year(first, second, merged):
    events = merge_events([outcome("a.md", row(date=first)), outcome("b.md", row(date=second))])
    assert len(events) == (1 if merged else 2)


def test_the_lead_report_has_the_best_date_basis_and_missing_actors_come_from_the_others():
    inferred = row(basis="context", actor1="MNLA", actor2="Mali", sentence="The city fell.")
    stated = row(basis="explicit", actor1="", sentence="On 31 March 2012 Gao fell.")
    event = merge_events([outcome("a.md", inferred), outcome("b.md", stated)])[0]
    assert event.record["notes"] == "On 31 March 2012 Gao fell."
    assert event.record["date_basis"] == "explicit"
    assert (event.record["actor1"], event.record["actor2"]) == ("MNLA", "Mali")


def test_reports_of_one_article_merge_too():
    lead, body = row(sentence="In the lead."), row(sentence="In the body.")
    events = merge_events([outcome("a.md", lead, body)])
    assert len(events) == 1 and events[0].record["sources"] == 2 and events[0].record["source_article"] == "a.md"


def test_group_by_dates_keeps_coarse_and_day_groups_apart():
    spans = ["2012-03-01", "2012-03", "2012-03-02", "2012-03"]
    groups = group_by_dates(spans, lambda s: date_span(s, None))
    assert sorted(map(sorted, groups)) == [["2012-03", "2012-03"], ["2012-03-01"], ["2012-03-02"]]


# --- control ---------------------------------------------------------------------------------------------

def test_different_holders_at_the_same_date_are_contested_with_both_sources():
    steps = merge_control([outcome("a.md", control=[change("MNLA")]),
                           outcome("b.md", control=[change("Ansar Dine")])])
    assert len(steps) == 1
    assert (steps[0].change, steps[0].controller) == ("contested", "")
    assert [(c.article, c.record["controller"]) for c in steps[0].claims] == [("a.md", "MNLA"), ("b.md", "Ansar Dine")]


def test_a_later_statement_overrides_an_earlier_one():
    steps = merge_control([outcome("a.md", control=[change("MNLA", "2012-03-31")]),
                           outcome("b.md", control=[change("Mali", "2013-01-26", "retake")])])
    assert [(s.date_start, s.controller, s.change) for s in steps] == [
        ("2012-03-31", "MNLA", "capture"), ("2013-01-26", "Mali", "retake")]


def test_articles_that_agree_make_one_step_with_both_claims():
    steps = merge_control([outcome("a.md", control=[change("MNLA")]), outcome("b.md", control=[change("MNLA")])])
    assert len(steps) == 1 and steps[0].controller == "MNLA" and len(steps[0].claims) == 2


@pytest.mark.parametrize(("holders", "controller", "kind"), [
    (["Rebels", "MNLA"], "MNLA", "capture"),  # the rules tag the MNLA rebel: the same force, told less precisely
    (["Islamists", "Ansar Dine"], "Ansar Dine", "capture"),
    (["Islamists", "MNLA"], "", "contested"),  # the MNLA is not jihadist
    (["Rebels", "Mali"], "", "contested"),
], ids=["rebels-mnla", "islamists-ansar-dine", "islamists-mnla", "rebels-mali"])
def test_a_generic_holder_is_no_rival_of_a_group_it_can_stand_for(holders, controller, kind):
    steps = merge_control([outcome(f"{i}.md", control=[change(holder)]) for i, holder in enumerate(holders)])
    assert [(s.controller, s.change, len(s.claims)) for s in steps] == [(controller, kind, 2)]


def test_a_statement_that_names_no_holder_conflicts_with_nothing():
    steps = merge_control([outcome("a.md", control=[change("", kind="withdrawal")]),
                           outcome("b.md", control=[change("MNLA")])])
    assert [(s.controller, s.change) for s in steps] == [("MNLA", "capture")]


def test_one_articles_own_contested_change_stays_contested():
    steps = merge_control([outcome("a.md", control=[change("Rebels", kind="contested")])])
    assert steps[0].change == "contested"


# --- periods ---------------------------------------------------------------------------------------------

def spans(*dates):
    return [date_span(d, None)[:2] for d in dates]


def test_years_when_no_year_holds_most_events():
    unit, periods = plan_periods(spans("2012-03-01", "2013-05-01", "2015-01-02"))
    assert unit == "year" and [p.key for p in periods] == ["2012", "2013", "2015"]


def test_quarters_when_one_year_holds_most_events_and_a_year_date_fills_its_four_quarters():
    unit, periods = plan_periods(spans("2013-01-11", "2013-02-01", "2013-08-20", "2014"))
    assert unit == "quarter"
    assert [p.key for p in periods] == ["2013-Q1", "2013-Q3", "2014-Q1", "2014-Q2", "2014-Q3", "2014-Q4"]
    assert periods[1].label == "2013 Q3 (Jul–Sep)"
    assert (str(periods[1].first), str(periods[1].last)) == ("2013-07-01", "2013-09-30")


def test_every_event_lists_the_periods_it_overlaps():
    atlas = build_atlas([outcome("a.md", row(date="2012-12-30", end="2013-01-02"), row(date="2014-05-01"))])
    assert [e.periods for e in atlas.events] == [("2012", "2013"), ("2014",)]


# --- whole atlases ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two")
    (folder / "fall_of_gao.md").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "northern_campaign.md").write_text(ARTICLE_B, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def two_articles(two_folder):
    return [analyse_article(ArticleInput(p.name, str(p))) for p in sorted(two_folder.iterdir())]


def test_two_small_articles_telling_one_capture_give_one_event_with_two_sources(two_articles):
    atlas = build_atlas(two_articles)
    gao = [e for e in atlas.events if e.record["location"] == "Gao"]
    assert len(gao) == 1
    assert gao[0].record["event_date"] == "2012-03-31"
    assert gao[0].record["source_article"] == "fall_of_gao.md; northern_campaign.md"
    assert {r.record["notes"] for r in gao[0].reports} == {"On 31 March 2012, MNLA fighters captured Gao.",
                                                          "On 31 March 2012, Ansar Dine captured Gao."}
    assert {e.record["location"] for e in atlas.events} == {"Gao", "Timbuktu", "Kidal"}


def test_two_small_articles_naming_different_takers_make_gao_contested(two_articles):
    atlas = build_atlas(two_articles)
    step = next(s for s in atlas.control if s.place == "Gao")
    assert step.change == "contested"
    assert {(c.article, c.record["controller"]) for c in step.claims} == {
        ("fall_of_gao.md", "MNLA"), ("northern_campaign.md", "Ansar Dine")}


def test_the_atlas_is_the_same_whatever_order_the_articles_come_back_in(two_articles):
    shuffled = list(two_articles)
    random.Random(4).shuffle(shuffled)
    assert atlas_files(build_atlas(shuffled)) == atlas_files(build_atlas(two_articles))


def test_a_bad_article_is_an_outcome_with_a_one_line_reason_naming_it_not_its_folder(tmp_path):
    bad = tmp_path / "broken.md"
    bad.write_bytes(b"\x00\x01binary\x00" * 50)
    result = analyse_article(ArticleInput("sub/broken.md", str(bad)))
    assert result.error.startswith("sub/broken.md: ") and "binary" in result.error
    assert str(tmp_path) not in result.error and "\n" not in result.error
    malformed = tmp_path / "malformed.md"
    malformed.write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    assert "malformed YAML front matter" in analyse_article(ArticleInput("malformed.md", str(malformed))).error


def test_files_hold_every_event_with_its_sources(two_articles, tmp_path):
    failed = ArticleOutcome("broken.md", error="broken.md: looks like a binary file (NUL bytes), expected a text article.")
    atlas = build_atlas([*two_articles, failed])
    written = write_atlas(atlas, tmp_path)
    assert sorted(p.name for p in written) == sorted(
        ["index.html", "events.csv", "events.geojson", "events.parquet", "control.csv", "report.md"])
    rows = list(csv.DictReader(io.StringIO((tmp_path / "events.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == ATLAS_FIELDS and len(rows) == len(atlas.events) == 3
    assert [r["event_id"] for r in rows] == ["1", "2", "3"]
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.column_names == ATLAS_FIELDS
    assert table.column("source_article").to_pylist() == [r["source_article"] for r in rows]
    assert table.column("latitude").to_pylist() == [float(r["latitude"]) for r in rows]
    features = json.loads((tmp_path / "events.geojson").read_text(encoding="utf-8"))["features"]
    gao = next(f for f in features if f["properties"]["location"] == "Gao")
    assert gao["geometry"]["coordinates"] == [GAO[2], GAO[1]]
    assert [r["article"] for r in gao["properties"]["reports"]] == ["fall_of_gao.md", "northern_campaign.md"]
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "4 events on the map" not in report and "3 events on the map" in report
    assert "1 duplicate merged" in report
    assert "- **broken.md**: broken.md: looks like a binary file" in report
    assert "| 2012-03-31 | Gao | capture | 2 | fall_of_gao.md; northern_campaign.md |" in report
    control = (tmp_path / "control.csv").read_text(encoding="utf-8")
    assert "Gao,,contested,2012-03-31" in control


def test_places_not_found_are_listed_by_article(tmp_path):
    atlas = build_atlas([ArticleOutcome("a.md", "A", unresolved=(("Insinane", 2),))])
    assert "- **a.md**: Insinane (2×)" in atlas_files(atlas)["report.md"]


def test_report_text_from_articles_cannot_break_its_tables():
    atlas = build_atlas([ArticleOutcome("a|b.md", "Title | with <b>bars</b>\nand lines")])
    assert "| a\\|b.md | Title \\| with &lt;b>bars&lt;/b> and lines | 0 |" in atlas_files(atlas)["report.md"]


def test_an_empty_collection_still_writes_an_honest_atlas(tmp_path):
    files = atlas_files(build_atlas([ArticleOutcome("a.md", "A")]))
    assert files["events.csv"].splitlines() == [",".join(ATLAS_FIELDS)]
    assert "0 events on the map" in files["report.md"]
    assert pq.read_table(io.BytesIO(files["events.parquet"])).num_rows == 0


def test_no_file_names_the_folder_the_articles_were_read_from(two_folder, two_articles):
    folder = str(two_folder)
    files = atlas_files(build_atlas(two_articles))
    assert all(folder not in (text if isinstance(text, str) else text.decode("latin-1")) for text in files.values())
