"""Date expressions: explicit, year from context, US order, relative, ranges, coarse, impossible."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapapp.dates import DateContext, find_dates, parse_date
from mapapp.errors import DateError, MapAppError
from mapapp.model import PartialDate

CTX = DateContext(year=2013, running=PartialDate(2013, 1, 10), present=PartialDate(2022, 8, 15))

CASES = [
    ("On 30 March 2012, the rebels", "2012-03-30", None, "explicit"),
    ("On 17 January, attacks in Aguelhok", "2013-01-17", None, "explicit"),
    ("On March 4, the Mondoro military camp", "2013-03-04", None, "explicit"),
    ("by August 15, 2022, ending their presence", "2022-08-15", None, "explicit"),
    ("on 16 and 17 January 2012.", "2012-01-16", "2012-01-17", "explicit"),
    ("Between 8 and 10 February, MUJAO", "2013-02-08", "2013-02-10", "explicit"),
    ("From 24 April–27 August, a series", "2013-04-24", "2013-08-27", "explicit"),
    ("attacked on March 8 and 9 the localities", "2013-03-08", "2013-03-09", "explicit"),
    ("on the night of March 1 to 2, at least", "2013-03-01", "2013-03-02", "explicit"),
    ("on the night of 1 to 2 of last April, ground forces", "2013-04-01", "2013-04-02", "explicit"),
    ("on the 3rd of April, the troops", "2013-04-03", None, "explicit"),
    ("took place on October 30 and 31, 2020", "2020-10-30", "2020-10-31", "explicit"),
    ("30-31 October 2020", "2020-10-30", "2020-10-31", "explicit"),
    ("from 30 December to 2 January", "2013-12-30", "2014-01-02", "explicit"),
    ("The next day the Mali government", "2013-01-11", None, "relative"),
    ("The following day, rebels attacked", "2013-01-11", None, "relative"),
    ("The next morning, Captain Sanogo", "2013-01-11", None, "relative"),
    ("On the same day, RFI reports", "2013-01-10", None, "relative"),
    ("Later that day, soldiers stormed", "2013-01-10", None, "relative"),
    ("two days later the town fell", "2013-01-12", None, "relative"),
    ("In late June, Islamists attacked", "2013-06", None, "coarse"),
    ("In early June, Nigerien president", "2013-06", None, "coarse"),
    ("As of October 2012, the MNLA", "2012-10", None, "coarse"),
    ("By December, the now displaced MNLA", "2013-12", None, "coarse"),
    ("In mid-2014, the French military", "2014", None, "coarse"),
    ("In the first half of 2018, there was", "2018", None, "coarse"),
    ("during October–November, over 100", "2013-10", "2013-11", "coarse"),
    ("Tuareg rebellion (January–April 2012)", "2012-01", "2012-04", "coarse"),
    ("2014–2015: Insurgents regroup", "2014", "2015", "coarse"),
    ("2021–present: French withdrawal", "2021", "2022-08-15", "coarse"),
    ("2012", "2012", None, "coarse"),
]


@pytest.mark.parametrize("text, start, end, basis", CASES, ids=[c[0][:32] for c in CASES])
def test_first_date_expression(text, start, end, basis):
    mention = find_dates(text, CTX)[0]
    assert mention.start.iso() == start
    assert (mention.end.iso() if mention.end else None) == end
    assert mention.basis == basis


@pytest.mark.parametrize(
    "text",
    [
        "UN Security Council Resolution 2085 authorizes",
        "looted 2,354 tons of food",
        "May the talks succeed",
        "killing 1388 people",
        "with 300 soldiers",
    ],
    ids=["resolution-number", "tonnage", "may-verb", "count", "small-number"],
)
def test_numbers_and_words_that_are_not_dates(text):
    assert find_dates(text, CTX) == []


def test_relative_date_needs_a_running_date():
    assert find_dates("The next day, rebels attacked", DateContext(year=2012)) == []


def test_later_expressions_read_against_earlier_ones():
    found = find_dates("After gaining the airport on 27 January, the next day, sources claimed", CTX)
    assert [m.start.iso() for m in found] == ["2013-01-27", "2013-01-28"]


@pytest.mark.parametrize("text", ["31 February 2013", "30 February", "February 29, 2013", "April 31"])
def test_impossible_dates_are_rejected_not_guessed(text):
    rejected: list[str] = []
    assert find_dates(text, CTX, rejected) == []
    assert rejected and "has no day" in rejected[0]
    with pytest.raises(DateError):
        parse_date(text, 2013)


def test_leap_day_exists_in_leap_years():
    assert parse_date("29 February 2012").iso() == "2012-02-29"


@pytest.mark.parametrize(
    "args, message",
    [((2013, 13), "Month must be"), ((2013, 2, 30), "has no day 30"), ((2013, None, 5), "A day needs a month"), ((0,), "Year must be")],
    ids=["month-13", "feb-30", "day-without-month", "year-0"],
)
def test_partial_date_checks_its_input(args, message):
    with pytest.raises(DateError, match=message):
        PartialDate(*args)


def test_partial_date_precision_and_iso_round_trip():
    for text, precision in [("2012", "year"), ("2012-03", "month"), ("2012-03-30", "day")]:
        date = PartialDate.parse_iso(text)
        assert date.precision == precision and date.iso() == text
    assert PartialDate(2012, 3).last_day().isoformat() == "2012-03-31"
    assert PartialDate(2012).first_day().isoformat() == "2012-01-01"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 –-,.aAJMDjanuaryFebMarchMayOctober ofthe nextday")), max_size=60))
def test_find_dates_never_fails_on_any_text(text):
    # Whatever the text, a list of mentions comes back (invalid dates are dropped, never raised).
    for mention in find_dates(text, CTX):
        assert mention.start.first_day() <= (mention.end or mention.start).last_day()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_parse_date_returns_or_raises_own_error(text):
    try:
        parse_date(text, 2013)
    except MapAppError:
        pass


def _dated(body: str, infobox_date: str) -> list[tuple[str, str | None]]:
    from mapapp.load import parse_document
    from mapapp.sentences import date_sentences

    text = f"---\ntitle: T\ninfoboxes:\n  - date:\n      text: {infobox_date}\n---\n\n## Background\n{body}\n"
    return [(s.text[:12], s.start.iso() if s.start else None) for s in date_sentences(parse_document(text, "t.md"))]


def test_a_year_alone_long_before_the_war_dates_its_own_paragraph_only():
    # QA report item 10: "defeated in 2018", then, a paragraph on, the June that leads into the 2021 war.
    body = ("The uprising started in March 2011. The rebels were defeated in the province in 2018.\n\n"
            "By the end of June, Russia urged new deals. The siege followed.")
    assert _dated(body, "29 July – 5 September 2021") == [
        ("The uprising", "2011-03"), ("The rebels w", "2018"), ("By the end o", "2021-06"), ("The siege fo", "2021-06")]
    # In the same paragraph the year alone still gives its year: "In 2014 ... In March" is March 2014.
    assert _dated("In 2014 the rebels regrouped. In March they attacked.", "29 July – 5 September 2021") == [
        ("In 2014 the ", "2014"), ("In March the", "2014-03")]
    # A month with its year is the story's running context, across paragraphs too.
    assert _dated("The uprising started in March 2011.\n\nIn June, protests spread.", "29 July 2021")[1] == (
        "In June, pro", "2011-06")


def test_a_year_alone_before_the_running_date_does_not_date_the_next_bullet():
    # QA report item 11: "the truce signed in 1994" must not date the next bullet's 2016 summit.
    body = ("* According to the resolution, on the night of 1 to 2 of last April, forces attacked. "
            "They urged the observance of the truce signed in 1994.\n"
            "* A summit in Yerevan was cancelled.")
    assert _dated(body, "1–5 April 2016")[-1] == ("A summit in ", "2016-04-01")


def test_the_day_of_the_victory_is_the_day_a_battle_ended():
    # QA report item 12: the Tehran meeting "on the day of the Armenian victory" was 9 May 1992, not the
    # running date of the section before it.
    body = "On 11 May 1992, protests began.\n\n## Fallout\nOn the day of the Armenian victory, presidents met. News spread."
    assert _dated(body, "May 8–9, 1992")[1:] == [("On the day o", "1992-05-09"), ("News spread.", "1992-05-09")]
    # A war of years has no one day of victory: the sentence keeps the running date (none under a new heading).
    assert _dated(body, "16 January 2012 – 15 August 2022")[1] == ("On the day o", None)


def test_a_year_less_date_of_a_background_long_after_the_war_began_is_the_year_before():
    # A Palmyra-like background (war 13 January – 2 March 2017): "In mid-December" led up to it, so 2016.
    war = "13 January – 2 March 2017"
    assert _dated("In mid-December, the city fell. On 20 December, the army withdrew.", war) == [
        ("In mid-Decem", "2016-12"), ("On 20 Decemb", "2016-12-20")]
    # Near the start it is the war's own year: a background may run into the war's first days.
    assert _dated("On 10 January, the army massed. On 20 January, it attacked.", war) == [
        ("On 10 Januar", "2017-01-10"), ("On 20 Januar", "2017-01-20")]
    # A year the text gives is kept, however late.
    assert _dated("In December 2017, the city fell.", war) == [("In December ", "2017-12")]


def test_a_year_less_date_of_the_lead_months_after_the_war_ended_is_the_year_before():
    from mapapp.load import parse_document
    from mapapp.sentences import date_sentences

    def lead(body: str, war: str) -> list[str | None]:
        text = f"---\ntitle: T\ninfoboxes:\n  - date:\n      text: {war}\n---\n\n{body}\n"
        return [s.start.iso() if s.start else None for s in date_sentences(parse_document(text, "t.md"))]

    assert lead("The army took the city in January 2017. Rebels had retaken it from 8 to 11 December.",
                "13 January – 2 March 2017") == ["2017-01", "2016-12-08"]
    # What followed the war closely stays in its year ("which fell in early July", after a June battle).
    assert lead("On 25 June 2022 the city fell. The next town fell in early July.", "6 May – 25 June 2022") == [
        "2022-06-25", "2022-07"]
    # A war that goes on has no end to be after.
    assert lead("The army took the city in January 2017. Rebels retook it in December.",
                "13 January 2017 – present") == ["2017-01", "2017-12"]


def test_a_when_clause_after_a_later_date_of_the_sentence_takes_that_date():
    from mapapp.load import parse_document
    from mapapp.sentences import date_sentences

    text = ("---\ntitle: T\n---\n\nThe siege started on 24 February 2022 and ended on 20 May 2022, when the "
            "forces in the city surrendered. It began on 24 February 2022, when shells fell.\n")
    first, second = date_sentences(parse_document(text, "t.md"))
    at = first.text.index("the city")
    assert first.start.iso() == "2022-02-24" and first.date_at(at)[0].iso() == "2022-05-20"
    assert first.date_at(first.text.index("started"))[0].iso() == "2022-02-24"
    # The sentence's own date with a when-clause is the sentence's date throughout.
    assert second.date_at(second.text.index("shells"))[0].iso() == "2022-02-24" and not second.clauses


def test_a_sentence_opening_on_a_day_alone_is_that_day_of_the_month_being_told():
    body = "On 3 January 2013, talks failed. On the 4th, a letter was sent. On the 2nd, nothing. Later, rain."
    assert [d for _, d in _dated(body, "1–20 January 2013")] == ["2013-01-03", "2013-01-04", "2013-01-04", "2013-01-04"]
    # With no month being told there is no day to read.
    assert _dated("In 2013, talks failed. On the 4th, a letter was sent.", "2013")[1] == ("On the 4th, ", "2013")


def test_since_opening_a_sentence_sets_its_date_not_a_clause():
    body = "On 3 January 2013, talks failed. But since 2 January, fighters had gathered. They waited."
    assert [d for _, d in _dated(body, "1–20 January 2013")] == ["2013-01-03", "2013-01-02", "2013-01-02"]
    # After a noun it is a clause that looks back, and the sentence keeps the running date.
    body = "On 3 January 2013, talks failed. Fighters, who had been there since 2 January, waited."
    assert [d for _, d in _dated(body, "1–20 January 2013")] == ["2013-01-03", "2013-01-03"]


def test_a_date_opening_a_clause_of_its_own_dates_the_towns_named_only_in_that_clause():
    from mapapp.load import parse_document
    from mapapp.sentences import date_sentences

    text = ("---\ntitle: T\n---\n\nOn 3 May 2019, the militia held the road to Varenne, On 7 May, "
            "reporters walked the streets of Varenne and Coltis; on 9 May the army reached Brena.\n")
    (sentence,) = date_sentences(parse_document(text, "t.md"))
    at = lambda word: sentence.date_at(sentence.text.index(word))[0].iso()  # noqa: E731
    assert sentence.start.iso() == "2019-05-03" and at("militia") == "2019-05-03"
    assert at("Coltis") == "2019-05-07" and at("Brena") == "2019-05-09"
    # "and the next day …" opens a clause of its own too, with or without a comma.
    text = "---\ntitle: T\n---\n\nOn 3 May 2019, the militia left and the next day the army took Brena.\n"
    (sentence,) = date_sentences(parse_document(text, "t.md"))
    assert sentence.date_at(sentence.text.index("Brena"))[0].iso() == "2019-05-04"
    # A date inside the clause that is no clause of its own ("held the road on 4 May") dates nothing apart.
    text = "---\ntitle: T\n---\n\nOn 3 May 2019, the militia held the road on 4 May and reached Coltis.\n"
    (sentence,) = date_sentences(parse_document(text, "t.md"))
    assert not sentence.clauses


def test_an_uncertain_day_is_the_range_of_the_days_given():
    (mention,) = find_dates("the garrison surrendered on 14 or 15 October, a witness said", CTX)
    assert (mention.start.iso(), mention.end.iso()) == ("2013-10-14", "2013-10-15")
    (mention,) = find_dates("the garrison surrendered on October 14 or 15, 2019", CTX)
    assert (mention.start.iso(), mention.end.iso()) == ("2019-10-14", "2019-10-15")


def test_a_year_in_the_name_of_an_event_is_no_date_of_the_sentence():
    war = "3 March – 9 April 2019"
    # Another date tells the sentence's time.
    assert _dated("It ended the 2018–2019 stage of the revolt, as the truce began on 9 April 2019.", war) == [
        ("It ended the", "2019-04-09")]
    # A name's year alone tells nothing of when the sentence's event happened: the running date stays.
    assert _dated("On 5 March 2019, rebels met. They recalled the 2012 and 2015 army purges.", war) == [
        ("On 5 March 2", "2019-03-05"), ("They recalle", "2019-03-05")]
    # Unless the sentence is about the named event, or tells the war its event was part of.
    assert _dated("The 2019 Varenne uprising was a revolt in the north.", war) == [("The 2019 Var", "2019")]
    assert _dated("The siege was fought during the 2019 northern uprising.", war) == [("The siege wa", "2019")]
    # A year that tells when is still a date.
    assert _dated("On 5 March 2019, rebels met. In 2012 they had lost.", war)[1] == ("In 2012 they", "2012")


def test_the_year_of_the_event_a_sentence_opens_with_dates_it():
    war = "3 March – 9 April 2019"
    # "(2019)" after the subject's name tells when the event the sentence is about was ...
    assert _dated("The siege of Varenne (2019), also known as the long siege, ended the revolt of the north "
                  "that had held the town since 2015.", war) == [("The siege of", "2019")]
    # ... but after another name it only tells which of its namesakes is meant.
    assert _dated("On 5 March 2019, rebels met. It ended the revolt of the north (2015–2019) at last.", war)[1] == (
        "It ended the", "2019-03-05")


def test_a_later_date_within_the_sentences_year_tells_its_time_more_precisely():
    war = "3 March – 9 April 2019"
    assert _dated("The Varenne offensive in 2019 was launched by the army in March 2019.", war) == [
        ("The Varenne ", "2019-03")]
    # A date of another year is another time, not a closer look at this one.
    assert _dated("In 2019 the army marched, as it had in March 2015.", war) == [("In 2019 the ", "2019")]


def test_a_date_in_a_relative_clause_set_off_by_commas_dates_only_that_clause():
    war = "3 March – 9 April 2019"
    # Later than the running date: the main clause is told at the running date, its noun included.
    body = "On 5 March 2019, rebels shelled Coltis. The army pressed on against Brena, which fell in late March."
    assert _dated(body, war) == [("On 5 March 2", "2019-03-05"), ("The army pre", "2019-03-05")]
    from mapapp.load import parse_document
    from mapapp.sentences import date_sentences

    text = f"---\ntitle: T\n---\n\n{body}\n"
    second = date_sentences(parse_document(text, "t.md"))[1]
    assert second.date_at(second.text.index("Brena"))[0].iso() == "2019-03-05"
    assert second.date_at(second.text.index("fell"))[0].iso() == "2019-03"
    # A coarser date holding the running day: the same.
    body = "On 5 March 2019, rebels met. At dawn the mayor, who had led the town until March 2019, left Coltis."
    assert _dated(body, war)[1] == ("At dawn the ", "2019-03-05")
    # With no running date it is the sentence's date ("the shelling, which began on 4 March, used rockets").
    assert _dated("The shelling, which began on 4 March 2019, used rockets.", war) == [("The shelling", "2019-03-04")]


def test_the_story_moves_on_to_the_day_of_its_last_clause():
    body = ("On 5 March 2019, the garrison was ordered out and the next day the militia took Coltis. "
            "The militia then pressed on to Brena.")
    assert _dated(body, "3 March – 9 April 2019") == [("On 5 March 2", "2019-03-05"), ("The militia ", "2019-03-06")]


def test_a_night_written_with_a_slash_spans_its_two_days():
    (mention,) = find_dates("on the night of 24/25 February, the bridge was blown", CTX)
    assert (mention.start.iso(), mention.end.iso()) == ("2013-02-24", "2013-02-25")


def test_on_the_nth_inside_a_sentence_is_that_day_of_the_month_being_told():
    body = "On 3 January 2013, talks failed. The rebels left the town on the 5th. Fighting went on through the 9th."
    assert [d for _, d in _dated(body, "1–20 January 2013")] == ["2013-01-03", "2013-01-05", "2013-01-05"]
