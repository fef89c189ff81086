"""Sentences and their dates (mapapp/sentences.py): where sentences end, what a paragraph is, and dates
read once per paragraph giving what each sentence would read alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mapapp.dates import DateContext, find_dates
from mapapp.model import PartialDate
from mapapp.sentences import paragraphs, sentence_spans, sentences_with_dates, split_sentences
from timing import best_cpu_seconds


def test_sentence_splitting_keeps_abbreviations():
    text = "U. S. President Obama announced on 22 February 2013 that troops went to Niger. They arrived in Niamey."
    assert split_sentences(text) == [
        "U. S. President Obama announced on 22 February 2013 that troops went to Niger.",
        "They arrived in Niamey.",
    ]


def test_bullets_are_paragraphs():
    assert paragraphs(" * one.\n * two.\nmore of two.\n\nthree.") == ["one.", "two. more of two.", "three."]


_TOKENS = ["On", "16", "31", "2012", "2013", "January", "June", "Jan.", "Sept.", "May", "and", "to", "–", ",",
           "the", "The", "next", "same", "day", "days", "later", "Later", "that", "two", "in", "late", "Gao",
           "Lt.", "U.", "S.", "400", "(", '"', "mid-Jan.", "(Sept.", "present", "of", "year"]
_STOPS = [". ", "! ", "? ", '." ', ". ("]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_TOKENS), st.sampled_from(_STOPS + [" "] * 3)), max_size=40))
def test_dates_read_per_paragraph_equal_dates_read_per_sentence(pieces):
    """Date expressions are found once per paragraph and handed to each sentence: what a sentence reads
    must be what it would read alone, wherever the sentence boundaries fall."""
    paragraph = "".join(token + gap for token, gap in pieces).strip()
    context = DateContext(year=2012, running=PartialDate(2012, 3, 30))
    sentences = list(sentences_with_dates(paragraph))
    assert [s for s, _ in sentences] == split_sentences(paragraph)
    for sentence, own in sentences:
        assert find_dates(sentence, context, None, own) == find_dates(sentence, context)


def test_a_date_cut_by_an_odd_sentence_boundary_is_read_as_each_sentence_alone_reads_it():
    # "mid-Jan." is no abbreviation the splitter knows, so it cuts before "16": "Jan. 16" found in the
    # paragraph would run across the cut, so both sentences look for their own dates.
    sentences = list(sentences_with_dates("Fighting resumed. It rose in mid-Jan. 16 rebels left."))
    assert [s for s, _ in sentences] == ["Fighting resumed.", "It rose in mid-Jan.", "16 rebels left."]
    assert [own for _, own in sentences][1:] == [None, None]


def test_an_abbreviation_after_a_bracket_or_quote_does_not_end_a_sentence():
    assert split_sentences('Fighting resumed (Jan. 16, 2013). Rebels quoted "Lt. Col. Diarra" then.') == [
        "Fighting resumed (Jan. 16, 2013).", 'Rebels quoted "Lt. Col. Diarra" then.']
    # A token longer than the look-back window is read whole: its tail alone would look like initials.
    long_token = "ab" + ".c" * 20 + "."
    assert split_sentences(f"See {long_token} Next one.") == [f"See {long_token}", "Next one."]


def test_a_paragraph_of_long_initials_is_split_in_linear_time():
    # Initials longer than the look-back window do not end a sentence; each used to be read back from the
    # sentence's start, which made one such paragraph cost its length squared.
    def text(n: int) -> str:
        return "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v. Word " * n

    small, large = text(8000), text(16000)
    assert len(sentence_spans(small)) == 1
    growth = best_cpu_seconds(lambda: sentence_spans(large)) / best_cpu_seconds(lambda: sentence_spans(small))
    assert growth < 2.5


def _dates_of(body: str, infobox_date: str) -> list[tuple[str, str | None]]:
    from mapapp.load import parse_document
    from mapapp.sentences import date_sentences

    text = f"---\ntitle: T\ninfoboxes:\n  - date:\n      text: {infobox_date}\n---\n\n## Analysis\n{body}\n"
    return [(s.text[:12], s.start.iso() if s.start else None) for s in date_sentences(parse_document(text, "t.md"))]


def test_a_date_in_a_relative_clause_long_before_the_war_is_backstory_even_with_no_running_date():
    # Nothing dated precedes it under the heading: the war's start says what "looks back".
    assert _dates_of("Idlib fell to rebels, after Raqqa which was captured in March 2013.", "24 March 2015") == [
        ("Idlib fell t", None)]
    # Within a year of the start, the clause's date is the story's own.
    assert _dates_of("The bombardment, which began on 10 January 1992, hit the town.", "4 May 1992") == [
        ("The bombardm", "1992-01-10")]


def test_years_in_brackets_after_a_name_tell_which_namesake_not_when():
    assert _dates_of("On 6 June 2017, the SDF entered Raqqa.", "6 June – 17 October 2017")[0][1] == "2017-06-06"
    assert _dates_of("The battle was the last phase of the Raqqa campaign (2016–2017) in Raqqa.",
                     "6 June – 17 October 2017") == [("The battle w", None)]


def test_a_title_gives_the_year_when_the_infobox_gives_no_date():
    from mapapp.load import parse_document
    from mapapp.sentences import date_sentences

    text = "---\ntitle: Battle of Raqqa (2017)\n---\n\n## Battle\nOn 6 June, the SDF entered Raqqa.\n"
    assert [s.start.iso() for s in date_sentences(parse_document(text, "t.md"))] == ["2017-06-06"]
