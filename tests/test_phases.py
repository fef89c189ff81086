"""Phases: from the document's own dated headings, ordered, contiguous; events placed by date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ARTICLES, DATA
from mapapp.load import parse_document
from mapapp.model import PartialDate
from mapapp.phases import _Candidate, _forward_in_time, slugify
from mapapp.pipeline import analyse, run


def test_seed_phases_come_from_dated_narrative_sections(seed_result):
    titles = [p.title for p in seed_result.phases]
    assert titles == [
        "Tuareg rebellion (January–April 2012)",
        "Islamist–nationalist conflict (June–November 2012)",
        "Foreign intervention (January 2013)",
        "Insurgency and Operation Barkhane",
    ]
    # Thematic sections are not phases, although "Casualties" has dated sub-headings.
    assert "Casualties" not in titles
    first, *_, last = seed_result.phases
    assert first.start.iso() == "2012-01"
    assert last.start.iso() == "2014" and last.end.iso() == "2022-08-15"
    assert last.steps[0].startswith("2014–2015")


def test_phases_are_one_contiguous_timeline(seed_result):
    phases = seed_result.phases
    for before, after in zip(phases, phases[1:]):
        assert before.end.last_day() + dt.timedelta(days=1) == after.start.first_day()


def test_every_event_belongs_to_the_phase_holding_its_date(seed_result):
    by_key = {p.key: p for p in seed_result.phases}
    for event in seed_result.events:
        if event.phase:
            assert by_key[event.phase].contains(event.date_start)
        else:
            assert not any(p.contains(event.date_start) for p in seed_result.phases)
    # Written under "Human rights concerns", dated 3 April 2012: in the rebellion phase.
    looting = [e for e in seed_result.events if e.sentence.startswith("On 3 April 2012, armed groups looted")]
    assert looting and {e.phase for e in looting} == {seed_result.phases[0].key}


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_article_gets_an_ordered_timeline(gazetteer, path):
    result = run(path, gazetteer)
    assert result.phases, "each real article has dated sentences, so at least one phase"
    starts = [p.start.first_day() for p in result.phases]
    assert starts == sorted(starts)
    assert len({p.key for p in result.phases}) == len(result.phases)


def test_sections_without_dated_headings_are_dated_by_their_sentences(gazetteer):
    text = (
        "---\ntitle: Siege\n---\n\n## Prelude\nOn 2 May 2019, rebels gathered near Gao.\n\n"
        "## Siege\nOn 10 June 2019, rebels attacked Gao. On 12 June 2019, the army arrived in Gao.\n\n"
        "## Reactions\nOn 1 May 2019, an earlier warning was recalled in Bamako.\n"
    )
    result = analyse(parse_document(text, "siege.md"), gazetteer)
    assert [p.title for p in result.phases] == ["Prelude", "Siege"]


def test_no_dates_no_phases(gazetteer):
    result = analyse(parse_document("---\ntitle: Nothing\n---\n\n## About\nGao is a city.\n", "n.md"), gazetteer)
    assert result.phases == () and result.events == ()


@pytest.mark.parametrize(
    "heading, slug",
    [("Tuareg rebellion (January–April 2012)", "tuareg-rebellion-january-april-2012"),
     ("../../etc/passwd", "etc-passwd"), ('"<script>x</script>"', "script-x-script"), ("", "phase")],
)
def test_slugs_are_safe_file_names(heading, slug):
    assert slugify(heading) == slug


def test_a_coarse_heading_range_after_a_finer_one_starts_where_it_ends(gazetteer):
    # "(2019–2021)" after "(March–May 2019)": the year 2019 overlaps, so the later phase begins on 1 June.
    result = run(DATA / "sahel_campaign_fictional.md", gazetteer)
    assert [(p.start.iso(), p.end.iso()) for p in result.phases] == [("2019-03", "2019-05-31"), ("2019-06-01", "2021")]


def _longest_forward_run_by_pairs(candidates):
    """The definition, comparing every pair: each section extends the longest run among earlier sections
    whose start may precede its own (the earliest such run on a tie); the first longest run wins."""
    runs = []
    for i, cand in enumerate(candidates):
        run = [cand]
        for j in range(i):
            if cand.start.last_day() > candidates[j].start.first_day() and len(runs[j]) + 1 > len(run):
                run = runs[j] + [cand]
        runs.append(run)
    return max(runs, key=len) if runs else []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(2010, 2013), st.one_of(st.none(), st.integers(1, 12)),
                          st.one_of(st.none(), st.sampled_from([1, 2, 28]))), max_size=30))
def test_the_narrative_run_is_the_longest_forward_run(starts):
    """Years, months and days, so that one section's first day often equals another's last."""
    dates = [PartialDate(year, month, day if month else None) for year, month, day in starts]
    candidates = [_Candidate(f"s{i}", date, date, (), i) for i, date in enumerate(dates)]
    assert _forward_in_time(candidates) == _longest_forward_run_by_pairs(candidates)
