"""Phases: narrative sections in order, each with the interval its heading and its text give, inside the war.

The expected phases of every seed (tests/data/phases.expected.yaml) were written from the articles alone;
the rules of tests/data/ANNOTATION.md ("Phases") are then tested one by one on small articles.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ARTICLES, DATA, ROOT
from mapapp.extract import date_sentences
from mapapp.headings import is_thematic, names_period, read_heading_date, read_war_bounds
from mapapp.load import load_document, parse_document
from mapapp.model import PartialDate, Phase, timeline_span
from mapapp.phase_intervals import Candidate
from mapapp.phases import _forward_in_time, build_phases, slugify
from mapapp.pipeline import analyse, run

EXPECTED = yaml.safe_load((DATA / "phases.expected.yaml").read_text(encoding="utf-8"))["articles"]
HELD_OUT = sorted((DATA / "heldout").glob("*_*.md"))


def phases_of(path):
    """Every phase the article's text gives, before the map drops those with no town."""
    document = load_document(path)
    return build_phases(document, date_sentences(document))


def text_phases(body: str, date: str | None = None):
    infobox = f"infoboxes:\n  - conflict:\n      text: War\n    date:\n      text: {date}\n" if date else ""
    document = parse_document(f"---\ntitle: War\n{infobox}---\n\n{body}", "war.md")
    return build_phases(document, date_sentences(document))


def spans(phases):
    return [(p.title, p.start.iso(), p.end.iso()) for p in phases]


# -------------------------------------------------------------------------- every seed, as a reader reads it


def accepts(expected, date: PartialDate) -> bool:
    """`date` lies within the expected date, or between the two of an [earliest, latest] pair."""
    low, high = expected if isinstance(expected, list) else (expected, expected)
    return (PartialDate.parse_iso(low).first_day() <= date.first_day()
            and date.last_day() <= PartialDate.parse_iso(high).last_day())


def test_the_expectations_cover_every_seed_and_every_held_out_article():
    documents = sorted(ROOT / e["document"] for e in EXPECTED)
    assert len(set(documents)) == len(documents)
    assert set(documents) == set(ARTICLES) | set(HELD_OUT)


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e["document"].split("/")[-1][:-3])
def test_every_seed_gets_the_phases_a_reader_accepts(expected):
    phases = phases_of(ROOT / expected["document"])
    titles = [p.title for p in phases]
    listed = [p["title"] for p in expected["phases"]]
    assert not set(titles) & set(expected["not_phases"]), "a thematic or out-of-order section became a phase"
    assert [t for t in listed if t in titles] == titles, f"unexpected or misordered phases: {titles}"
    required = [p["title"] for p in expected["phases"] if not p.get("optional")]
    assert [t for t in titles if t in required] == required
    by_title = {p.title: p for p in phases}
    for want in expected["phases"]:
        got = by_title.get(want["title"])
        if got is None:
            continue
        right = [accepts(want[field], getattr(got, field)) for field in ("start", "end") if field in want]
        if "miss" in want:  # a known miss, said in words: it stays until the program gets it right
            assert not all(right), f"{want['title']}: fixed ({want['miss']}): drop its `miss`"
        else:
            assert all(right), (want["title"], got.start.iso(), got.end.iso())


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e["document"].split("/")[-1][:-3])
def test_no_phase_lies_outside_the_war_but_a_background_or_an_aftermath(expected):
    bounds = read_war_bounds(load_document(ROOT / expected["document"]).metadata)
    if expected["war"] is None:  # the infobox gives no date: nothing bounds the phases
        assert bounds.start is None and bounds.end is None
        return
    assert accepts(expected["war"]["start"], bounds.start)
    war_start = bounds.start.first_day()
    end = expected["war"]["end"]
    war_end = None if end == "present" else PartialDate.parse_iso(end).last_day()
    assert (bounds.end.last_day() if bounds.end else None) == war_end
    kinds = {p["title"]: p.get("kind", "") for p in expected["phases"]}
    for phase in phases_of(ROOT / expected["document"]):
        kind = kinds[phase.title]
        if kind == "background":
            assert phase.end.last_day() < war_start
        elif kind == "aftermath":
            assert war_end is not None and phase.start.first_day() > war_end
        else:
            assert war_start <= phase.start.first_day()
            assert war_end is None or phase.end.last_day() <= war_end


@pytest.mark.parametrize("path", ARTICLES + HELD_OUT, ids=lambda p: p.stem)
def test_phases_move_forward_and_never_overlap(path):
    phases = phases_of(path)
    assert len({p.key for p in phases}) == len(phases)
    for phase in phases:
        assert phase.start.first_day() <= phase.end.last_day()
    for before, after in zip(phases, phases[1:]):
        assert before.end.last_day() < after.start.first_day()


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e["document"].split("/")[-1][:-3])
def test_the_map_shows_the_steps_a_reader_accepts(gazetteer, expected):
    result = run(ROOT / expected["document"], gazetteer)
    for want in expected["phases"]:
        got = [p for p in result.phases if p.title == want["title"]]
        if got and "steps" in want:
            assert set(got[0].steps) <= set(want["steps"]), (want["title"], got[0].steps)


@pytest.mark.parametrize("path", ARTICLES + HELD_OUT, ids=lambda p: p.stem)
def test_the_map_shows_the_phases_and_steps_that_hold_town_events(gazetteer, path):
    result = run(path, gazetteer)
    built = phases_of(path)
    assert [p.key for p in result.phases] == [p.key for p in built if p.key in {q.key for q in result.phases}]
    for phase in result.phases:
        assert any(e.phase == phase.key for e in result.events), f"{phase.title} is shown with no event"
        for step in phase.steps:
            assert any(e.phase == phase.key and e.section == step for e in result.events), \
                f"{phase.title}: its step {step!r} is shown with no event"
    for event in result.events:
        holding = [p.key for p in result.phases if p.contains(event.date_start)]
        assert holding == ([event.phase] if event.phase else [])


def test_the_seed_phases(seed_result):
    """The Mali War, by the same file: its last phase ends with the French withdrawal, not 8 years on."""
    assert spans(seed_result.phases)[:3] == [
        ("Tuareg rebellion (January–April 2012)", "2012-01-16", "2012-04"),
        ("Islamist–nationalist conflict (June–November 2012)", "2012-06", "2012-11"),
        ("Foreign intervention (January 2013)", "2013-01", "2013-06-18"),
    ]
    last = ("2021–present: French withdrawal and Russian intervention", "2021", "2022-08-15")
    assert spans(seed_result.phases)[-1] == last
    # Written under "Human rights concerns", dated 3 April 2012: in the rebellion phase.
    looting = [e for e in seed_result.events if e.sentence.startswith("On 3 April 2012, armed groups looted")]
    assert looting and {e.phase for e in looting} == {seed_result.phases[0].key}


# ------------------------------------------------------------------------------------ the rules, one by one


@pytest.mark.parametrize("title", [
    "Casualties", "International reactions", "Official statements", "Analysis", "Strategic significance",
    "See also", "External links", "In popular culture", "Human rights concerns", "Order of battle", "Legacy",
    "War crimes", "Commemorations", "Further reading", "Casualty estimates", "Response"])
def test_thematic_headings(title):
    assert is_thematic(title)


@pytest.mark.parametrize("title", ["Battle", "Clashes", "The battle", "Background", "Aftermath", "Coup",
                                   "Ukrainian counterattacks", "Renewed skirmishes", "Capture by Russia",
                                   "Battle of Gao and aftermath", "Siege of the city (2014)"])
def test_narrative_headings(title):
    assert not is_thematic(title)


def test_a_thematic_section_is_no_phase_whatever_its_dates():
    phases = text_phases(
        "## Offensive\nOn 2 May 2019, rebels attacked Gao. On 9 May 2019, they took it.\n\n"
        "## Casualties\n### 2019\nOn 1 June 2019, 20 people died.\n### 2020\nOn 1 June 2020, 30 died.\n\n"
        "## Analysis (2019–2021)\nIn June 2021, analysts wrote about Gao.\n\n"
        "## See also\n * Battle of Gao (2012)\n", "2 May 2019 – 2021")
    assert [p.title for p in phases] == ["Offensive"]


def test_a_section_that_goes_back_in_time_is_no_phase():
    phases = text_phases("## Siege (2014)\nIn May 2014, Gao fell.\n\n"
                         "## Truce (2016)\nIn May 2016, a truce held.\n\n"
                         "## Ceasefire\nA ceasefire was agreed on 20 February 2015.\n", "2014 – present")
    assert [p.title for p in phases] == ["Siege (2014)", "Truce (2016)"]


def test_dated_sub_headings_are_the_phases_of_an_undated_section():
    phases = text_phases(
        "## Insurgency\nThe rebels ended the truce in September 2013.\n\n"
        "### 2014–2015: Regrouping\nOn 20 February 2014, Gao was attacked.\n\n"
        "### 2016–2017: Spreading\n\n### Combat operations in 2018\nOn 3 March 2018, Kidal fell.\n\n"
        "### Peace talks\nOn 5 May 2018, envoys met in Algiers.\n", "2013 – present")
    # The undated "Peace talks" among them is dated by its sentence; the year before it ends where it begins.
    assert spans(phases) == [("Insurgency", "2013-09", "2013-09"),
                             ("2014–2015: Regrouping", "2014", "2015"),
                             ("2016–2017: Spreading", "2016", "2017"),
                             ("Combat operations in 2018", "2018", "2018-05-04"),
                             ("Peace talks", "2018-05-05", "2018-05-05")]


def test_a_dated_section_keeps_its_sub_sections_as_steps():
    phases = text_phases("## Rebellion (January–April 2012)\nOn 17 January 2012, Gao fell.\n\n"
                         "### 2012\nOn 3 March 2012, Kidal fell.\n\n"
                         "### Coup\nOn 21 March 2012, soldiers rose.\n", "16 January 2012 – present")
    assert [(p.title, p.steps) for p in phases] == [("Rebellion (January–April 2012)", ("2012", "Coup"))]


def test_a_topic_under_a_phase_is_no_step_of_it():
    # "Order of battle", "Claims of atrocities" under the battle's section tell no stretch of it.
    phases = text_phases("## The battle (May 2012)\nOn 8 May 2012, Gao fell.\n\n"
                         "### Order of battle\nThe rebels had 300 fighters.\n\n"
                         "### The assault\nOn 9 May 2012, Kidal fell.\n\n"
                         "### Claims of atrocities\nOn 10 May 2012, reports came from Gao.\n", "8 May 2012 – 10 May 2012")
    assert [(p.title, p.steps) for p in phases] == [("The battle (May 2012)", ("The assault",))]


def test_month_headings_take_the_war_s_year_and_run_on_into_the_next():
    phases = text_phases("## Battle\n### November\nOn 4 November, Gao was shelled.\n\n"
                         "### December\nOn 2 December, Gao was shelled.\n\n"
                         "### January\nOn 3 January, it fell.\n\n"
                         "### May\nOn 6 May, the army returned.\n", "5 November 2024 – present")
    assert spans(phases) == [("November", "2024-11-05", "2024-11"), ("December", "2024-12", "2024-12"),
                             ("January", "2025-01", "2025-01"), ("May", "2025-05", "2025-05")]


def test_headings_that_name_a_stretch_of_the_fighting_are_dated_by_their_sentences():
    assert names_period("First week") and names_period("Day 3") and names_period("Second phase: the south")
    assert not names_period("First Battle of Idlib") and not names_period("Weekly reports")
    phases = text_phases("## The battle\n"
                         "### First week\nOn 19 May, Gao was bombed. On 24 May, rebels hit back.\n\n"
                         "### Second week\nOn 27 May, Kidal fell. On 1 June, the army entered Gao.\n",
                         "19 May – 5 June 2013")
    assert spans(phases) == [("First week", "2013-05-19", "2013-05-24"),
                             ("Second week", "2013-05-27", "2013-06-01")]


def test_day_month_headings_read_in_the_war_s_year_and_an_open_one_ends_with_the_story():
    phases = text_phases(
        "## Invasion\n### First phase (24 February – 7 April)\nOn 25 February, Kyiv was shelled.\n\n"
        "### Second phase (8 April – 28 August)\nOn 18 April, Izium was attacked.\n\n"
        "### Third phase (29 August – present)\nOn 6 September, Balakliia was retaken. "
        "On 11 November, Kherson was retaken.\n\n"
        "## Legacy\nHistorians will write about it until 2040.\n", "24 February 2022 – present")
    assert spans(phases) == [("First phase (24 February – 7 April)", "2022-02-24", "2022-04-07"),
                             ("Second phase (8 April – 28 August)", "2022-04-08", "2022-08-28"),
                             ("Third phase (29 August – present)", "2022-08-29", "2022-11-11")]


def test_one_dated_sub_heading_among_fronts_does_not_make_them_a_timeline():
    phases = text_phases("## Invasion\nOn 24 February 2022, the invasion began.\n\n"
                         "### Northern front\nOn 25 February, Kyiv was shelled. "
                         "On 2 April, Bucha was freed.\n\n"
                         "### Southern front\nOn 1 March, Kherson fell.\n\n"
                         "### Battle of Kyiv (2022)\nOn 26 February, Hostomel was attacked.\n",
                         "24 February 2022 – present")
    assert [(p.title, p.steps) for p in phases] == [
        ("Invasion", ("Northern front", "Southern front", "Battle of Kyiv (2022)"))]


def test_a_story_told_in_dated_sub_sections_among_topics():
    """Summary, casualties, statements: none is a phase; the dated sub-sections of the war's course are."""
    phases = text_phases(
        "## Summary\nThe war began on 27 September 2020 and ended on 10 November 2020.\n\n"
        "## Course of the war\n### 27 September – 3 October\nOn 27 September, Stepanakert was shelled.\n\n"
        "### 4–17 October\nOn 4 October, Jabrayil was taken.\n\n"
        "### 18 October – 10 November\nOn 8 November, Shusha was taken.\n\n"
        "## Casualties\nBy 10 January 2021, 3,000 were dead.\n\n"
        "## Aftermath\nOn 1 December 2020, Lachin was handed over.\n\n"
        "## Official statements\nOn 15 November 2020, the president spoke.\n",
        "27 September – 10 November 2020")
    assert spans(phases) == [("27 September – 3 October", "2020-09-27", "2020-10-03"),
                             ("4–17 October", "2020-10-04", "2020-10-17"),
                             ("18 October – 10 November", "2020-10-18", "2020-11-10")]


def test_a_battle_told_year_by_year_then_its_aftermath():
    phases = text_phases(
        "## Background\nIn 2011, protests began in Aleppo.\n\n"
        "## The battle\n### 2012\nOn 19 July 2012, rebels entered Aleppo. "
        "On 8 August, Salaheddine was hit.\n\n"
        "### 2013\nOn 3 March 2013, the police academy fell.\n\n### 2014\nIn 2014, barrel bombs fell.\n\n"
        "### 2015\nOn 1 October 2015, Russian strikes began.\n\n"
        "### 2016\nOn 22 December 2016, the last rebels left Aleppo.\n\n"
        "## Aftermath\nOn 23 December 2016, the army held Aleppo. "
        "On 28 December 2016, a ceasefire was agreed.\n\n"
        "## Casualties\nIn 2016, 31,000 had died.\n", "19 July 2012 – 22 December 2016")
    assert spans(phases) == [("2012", "2012-07-19", "2012"), ("2013", "2013", "2013"),
                             ("2014", "2014", "2014"), ("2015", "2015", "2015"),
                             ("2016", "2016", "2016-12-22"),
                             ("Aftermath", "2016-12-23", "2016-12-28")]


def test_a_phase_is_named_one_way_in_every_view():
    title = "Foreign intervention (January 2013)"
    phase = Phase("foreign", title, PartialDate(2013, 1), PartialDate(2013, 6, 18))
    assert phase.span == "2013-01 – 2013-06-18"
    assert phase.numbered(3) == "3. Foreign intervention (January 2013) · 2013-01 – 2013-06-18"
    assert phase.numbered(3, 8) == f"Phase 3 of 8: {title} · 2013-01 – 2013-06-18"
    assert phase.numbered(3, dates=False) == "3. Foreign intervention (January 2013)"
    assert timeline_span([phase]) == "2013-01 – 2013-06-18" and timeline_span([]) == ""


@pytest.mark.parametrize("title, year, start, end, open_end", [
    ("Tuareg rebellion (January–April 2012)", None, "2012-01", "2012-04", False),
    ("2021–present: French withdrawal", None, "2021", None, True),
    ("March", 2022, "2022-03", None, False),
    ("May", 2022, "2022-05", None, False),
    ("Siege of the city (2014)", None, "2014", None, False),
    ("Combat operations in 2013", None, "2013", None, False),
    ("Third phase (29 August – present)", 2022, "2022-08-29", None, True),
    ("Start of armed insurgency (July 2011 – April 2012)", None, "2011-07", "2012-04", False),
], ids=lambda v: v if isinstance(v, str) else None)
def test_heading_dates(title, year, start, end, open_end):
    date = read_heading_date(title, year)
    assert (date.start.iso(), date.end.iso() if date.end else None, date.open) == (start, end, open_end)


def test_a_heading_s_lead_in_and_a_flash_forward_do_not_stretch_its_phase():
    phases = text_phases(
        "## Islamist conflict (June–November 2012)\nOn 5 April 2012, Islamists entered Gao. "
        "On 19 November 2012, they took Ménaka.\n\n"
        "## Foreign intervention (January 2013)\nOn 12 October 2012, the UN passed a resolution. "
        "On 11 January 2013, France intervened at Konna.\n\n"
        "### Peacekeepers\nOn 3 December 2020, more troops came.\n\n"
        "### Peace deal\nA peace deal was signed on 18 June 2013.\n\n"
        "## Insurgency (2014–2015)\nOn 20 February 2014, Kidal was attacked.\n",
        "16 January 2012 – present")
    assert spans(phases) == [("Islamist conflict (June–November 2012)", "2012-06", "2012-11"),
                             ("Foreign intervention (January 2013)", "2013-01", "2013-06-18"),
                             ("Insurgency (2014–2015)", "2014", "2015")]


def test_the_war_s_dates_bound_every_phase_inside_it():
    phases = text_phases("## Rebellion (January–April 2012)\nOn 17 January 2012, Gao fell.\n\n"
                         "## Battle\nIn 2009, the town was quiet. On 3 May 2012, Kidal fell. On 8 May 2012, "
                         "rebels left. On 9 June 2012, the governor returned.\n", "16 January – 8 May 2012")
    assert spans(phases) == [("Rebellion (January–April 2012)", "2012-01-16", "2012-04"),
                             ("Battle", "2012-05-03", "2012-05-08")]


def test_a_background_and_an_aftermath_are_phases_when_they_tell_dated_events_in_order():
    phases = text_phases(
        "## Background\nOn 18 August 2020, soldiers mutinied in Kati. "
        "On 12 September 2020, a transition was agreed.\n\n"
        "## Coup\nOn 24 May 2021, the army seized Bamako.\n\n"
        "## Aftermath\nOn 25 May 2021, mediators came to Bamako. On 9 January 2022, ECOWAS met in Accra.\n",
        "24 May 2021")
    assert spans(phases) == [("Background", "2020-08-18", "2020-09-12"), ("Coup", "2021-05-24", "2021-05-24"),
                             ("Aftermath", "2021-05-25", "2022-01-09")]


def test_the_dated_sub_sections_of_a_background_stay_before_the_war():
    phases = text_phases(
        "## Background\n### 2014 annexation\nOn 27 February 2014, Simferopol was seized. "
        "On 18 March 2014, Crimea was annexed.\n\n"
        "### 2021–2022 crisis\nOn 10 November 2021, troops gathered near Yelnya. "
        "On 21 February 2022, Donetsk was recognised.\n\n"
        "## Invasion\n### First phase (24 February – 7 April)\nOn 25 February, Kyiv was shelled.\n",
        "24 February 2022 – present")
    assert spans(phases) == [("2014 annexation", "2014-02-27", "2014-03-18"),
                             ("2021–2022 crisis", "2021-11-10", "2022-02-21"),
                             ("First phase (24 February – 7 April)", "2022-02-24", "2022-04-07")]


def test_a_background_phase_is_the_stretch_next_to_the_war():
    phases = text_phases("## Background\nThe ceasefire took effect on 12 May 1994 in Bishkek. "
                         "On 23 March 2015, a minister spoke in Baku. "
                         "On 19 March 2016, Aliyev spoke in Baku.\n\n"
                         "## Clashes\nOn 2 April 2016, Talysh was attacked.\n", "1 – 5 April 2016")
    assert spans(phases) == [("Background", "2015-03-23", "2016-03-19"),
                             ("Clashes", "2016-04-02", "2016-04-02")]


def test_the_days_a_battle_tells_on_after_the_war_open_its_aftermath():
    """A ceasefire ends the war on 5 April; the section tells on to 21 April. No phase inside the war may
    hold those days: the aftermath that follows starts with them, though its own text tells one day only."""
    body = ("## Clashes\nOn 2 April 2016, Talysh was attacked. On 5 April 2016, a ceasefire was agreed. "
            "On 7 April 2016, Aghdara was shelled. On 21 April 2016, a soldier was killed near Martakert.\n\n"
            "## Aftermath\n### Casualties\nOn 30 April 2016, 90 soldiers were counted.\n\n"
            "### Protests\nOn 12 May 2016, protesters met in Baku.\n")
    assert spans(text_phases(body, "1 – 5 April 2016")) == [("Clashes", "2016-04-02", "2016-04-05"),
                                                            ("Aftermath", "2016-04-07", "2016-05-12")]
    # With no such days, one day of its own is no story: no aftermath.
    quiet = body.replace("On 7 April 2016, Aghdara was shelled. On 21 April 2016, a soldier was killed "
                         "near Martakert.", "")
    assert [p.title for p in text_phases(quiet, "1 – 5 April 2016")] == ["Clashes"]
    # A war still going on has no days after it: the open war keeps them.
    assert [p.title for p in text_phases(body, "1 April 2016 – present")] == ["Clashes"]


def test_a_step_with_no_event_of_its_phase_is_not_shown(gazetteer):
    """A sub-section that names no town, or tells only days outside its phase (bodies handed over after the
    ceasefire), is no step of it on the map; one that holds an event of the phase is."""
    text = ("---\ntitle: Clashes\ninfoboxes:\n  - conflict:\n      text: Clashes\n    date:\n"
            "      text: 1 – 5 April 2016\n---\n\n"
            "## Clashes\nOn 2 April 2016, rebels attacked Gao.\n\n"
            "### The assault\nOn 3 April 2016, the army entered Kidal.\n\n"
            "### Talks\nOn 4 April 2016, envoys met.\n\n"
            "### Transfer of bodies\nOn 10 April 2016, bodies were handed over in Gao.\n")
    document = parse_document(text, "clashes.md")
    built = build_phases(document, date_sentences(document))
    assert [(p.title, p.steps) for p in built] == [("Clashes", ("The assault", "Talks", "Transfer of bodies"))]
    shown = analyse(document, gazetteer).phases
    assert [(p.title, p.steps) for p in shown] == [("Clashes", ("The assault",))]


def test_a_background_that_recalls_years_is_context_not_a_phase():
    phases = text_phases("## Background\nThe uprising began in March 2011 in Daraa. "
                         "The rebels lost in 2018.\n\n"
                         "## Clashes\nOn 29 July 2021, shelling hit Daraa. "
                         "On 5 September 2021, a truce held.\n\n"
                         "## Aftermath\nOn 6 October 2021, Daraa was calm.\n", "29 July – 5 September 2021")
    assert [p.title for p in phases] == ["Clashes"]


def test_a_year_looked_back_to_does_not_move_the_story_s_year():
    document = parse_document("---\ntitle: Offensive\n---\n\n## Clashes\n"
                              "On 29 July 2021, shelling hit Daraa. The fighters had surrendered in 2018. "
                              "On 31 July, Jasim was shelled.\n", "o.md")
    dates = [(s.text[:10], s.start.iso()) for s in date_sentences(document)]
    assert dates == [("On 29 July", "2021-07-29"), ("The fighte", "2018"), ("On 31 July", "2021-07-31")]


def test_a_phase_with_no_town_event_is_not_shown(gazetteer):
    text = ("---\ntitle: Siege\n---\n\n## Prelude\nOn 2 May 2019, envoys met. On 3 May 2019, they left.\n\n"
            "## Siege\nOn 10 June 2019, rebels attacked Gao. On 12 June 2019, the army arrived in Gao.\n\n"
            "## Reactions\nOn 1 May 2019, an earlier warning was recalled in Bamako.\n")
    document = parse_document(text, "siege.md")
    assert [p.title for p in build_phases(document, date_sentences(document))] == ["Prelude", "Siege"]
    assert [p.title for p in analyse(document, gazetteer).phases] == ["Siege"]


def test_no_dates_no_phases(gazetteer):
    document = parse_document("---\ntitle: Nothing\n---\n\n## About\nGao is a city.\n", "n.md")
    result = analyse(document, gazetteer)
    assert result.phases == () and result.events == ()


def test_a_coarse_heading_range_after_a_finer_one_starts_where_it_ends(gazetteer):
    # "(2019–2021)" after "(March–May 2019)": the year 2019 overlaps, so the later phase begins on 1 June;
    # both lie inside the infobox's 2 March 2019 – 14 November 2021.
    result = run(DATA / "sahel_campaign_fictional.md", gazetteer)
    assert [(p.start.iso(), p.end.iso()) for p in result.phases] == [("2019-03-02", "2019-05"),
                                                                      ("2019-06-01", "2021-11-14")]


@pytest.mark.parametrize("text, start, end", [
    ("16 January 2012 – present", "2012-01-16", None), ("May 8–9, 1992", "1992-05-08", "1992-05-09"),
    ("30-31 October 2020", "2020-10-30", "2020-10-31"), ("May 24, 2021", "2021-05-24", "2021-05-24"),
    ("January 2012 – August 2013", "2012-01", "2013-08"), ("2012–2016", "2012", "2016"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_the_war_s_dates_come_from_its_infobox(text, start, end):
    bounds = read_war_bounds({"infoboxes": [{"conflict": {"text": "War"}, "date": {"text": text}}]})
    assert (bounds.start.iso(), bounds.end.iso() if bounds.end else None) == (start, end)


@pytest.mark.parametrize(
    "heading, slug",
    [("Tuareg rebellion (January–April 2012)", "tuareg-rebellion-january-april-2012"),
     ("../../etc/passwd", "etc-passwd"), ('"<script>x</script>"', "script-x-script"), ("", "phase")],
)
def test_slugs_are_safe_file_names(heading, slug):
    assert slugify(heading) == slug


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
    candidates = [Candidate(f"s{i}", date, date, (), i) for i, date in enumerate(dates)]
    assert _forward_in_time(candidates) == _longest_forward_run_by_pairs(candidates)
