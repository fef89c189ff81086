"""Any front matter, any body, any encoding, through the whole pipeline, the command line's records, the
export's files and the app's page parts: nothing but the project's own errors (issue #14).

Four tests share the examples (conftest's hypothesis profiles: 2,500 each under `ci`, the default, so
10,000 in all; `--hypothesis-profile=dev` runs a tenth), so that `pytest -n 2` spreads them over both cores.
"""

from __future__ import annotations

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapapp import appdata
from mapapp.control import CONTROL_FIELDS, control_changes
from mapapp.errors import MapAppError
from mapapp.export import export_files
from mapapp.pipeline import run_text
from mapapp.records import event_records, geojson_text, records_csv, records_jsonl
from test_front_matter import FRONT_MATTERS, ODD_SCALARS

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

TOWNS = ["Gao", "Kidal", "Timbuktu", "Ménaka", "Aleppo", "Idlib", "Kyiv", "Sumy", "Shusha", "Bamako", "Paris",
         "Zorbaville", "the town of Gao", "near the city of Kidal", "Gao and Gao and Gao"]
DATES = ["3 May 2012", "May 2012", "2012", "31 February 2013", "mid-January 2013", "12–14 March 2014",
         "the next day", "that year", "1 April", "2012–2015", "January 2012 – present", "99999", "0 BC"]
VERBS = ["attacked", "captured", "withdrew from", "recaptured", "bombed", "entered", "was taken by rebels in",
         "protested in", "signed an agreement in"]
ACTORS = ["rebels", "the army", "MNLA", "French troops", "Islamists", "Wagner", "the Syrian Army", "Ukrainian forces"]


@st.composite
def sentences(draw) -> str:
    start = draw(st.sampled_from(["", "=", "+", "-", "@", "\t", "**", "*", "[", "> ", "- ", "1. ", "__"]))
    return (f"{start}On {draw(st.sampled_from(DATES))}, {draw(st.sampled_from(ACTORS))} "
            f"{draw(st.sampled_from(VERBS))} {draw(st.sampled_from(TOWNS))}{draw(st.sampled_from(['.', '!', '', ';']))}")


MARKDOWN = st.sampled_from([
    "", "---", "***", "```", "```python", "    indented code", "> quoted", "- item", "* item", "1. item",
    "| a | b |", "|---|---|", "![image](x.png)", "[link](http://example.org)", "<script>x</script>",
    "<!-- comment -->", "__init__ and window.__x", "*emphasis*", "**strong**", "`code`", "\\*escaped\\*",
    "&amp; &#x27;", "\r", "\u200b", "\ufeff", "\x0c", "#", "##", "####### seven", "## ", "#no space",
])


@st.composite
def headings(draw) -> str:
    level = draw(st.integers(1, 7))
    title = draw(st.one_of(st.sampled_from(DATES + TOWNS + ["Aftermath", "=HYPERLINK(\"x\")", "../../etc"]),
                           st.text(max_size=30)))
    return "#" * level + " " + title + draw(st.sampled_from(["", f" ({draw(st.sampled_from(DATES))})"]))


BODIES = st.lists(st.one_of(headings(), sentences(), MARKDOWN, st.text(max_size=60)), max_size=25).map("\n".join)


def through_everything(data: bytes | str, gazetteer) -> None:
    """What the command line, the export and the app make of one article; only MapAppError may stop it."""
    try:
        result = run_text(data, "fuzz.md", gazetteer)
    except MapAppError as err:
        assert str(err).startswith("fuzz.md: ") and "\n" not in str(err), str(err)
        return
    records = event_records(result, include_others=True)
    records_jsonl(records)
    geojson_text(records)
    records_csv(records)
    records_csv([change.to_record() for change in control_changes(result)], CONTROL_FIELDS)
    files = export_files(result)
    json.loads(files["events.geojson"])
    for row in csv.DictReader(io.StringIO(files["events.csv"])):
        for value in row.values():
            if value.startswith(("=", "+", "-", "@", "\t", "\r")):
                float(value)  # only a number may begin like a formula
    for view in appdata.phase_labels(result):
        appdata.view_summary(result, view)
        appdata.month_chart(result, view)
        appdata.event_rows(appdata.view_events(result, appdata.phase_key(view)))
        appdata.downloads(result, view)


@FUZZ
@given(FRONT_MATTERS, BODIES)
def test_any_front_matter_and_markdown_body(gazetteer, front, body):
    through_everything(f"---\n{front}\n---\n{body}\n", gazetteer)


@FUZZ
@given(st.text(max_size=400), st.lists(sentences(), max_size=5))
def test_any_unicode_text_with_dated_towns(gazetteer, text, dated):
    middle = len(text) // 2
    through_everything(text[:middle] + " " + " ".join(dated) + " " + text[middle:], gazetteer)


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1", "mac_roman"])


@FUZZ
@given(BODIES, ENCODINGS, st.sampled_from(["", "\n", "\r\n"]), st.binary(max_size=20))
def test_any_encoding_and_stray_bytes(gazetteer, body, encoding, newline, stray):
    text = "---\ntitle: Ménaka – “quoted” 🇲🇱\n---\n" + body.replace("\n", newline or "\n")
    data = text.encode(encoding, errors="replace")
    through_everything(data + stray if stray else data, gazetteer)
    through_everything(text.encode("utf-8").decode("mac_roman").encode("utf-8"), gazetteer)  # mojibake


@FUZZ
@given(st.lists(st.tuples(headings(), st.lists(sentences(), max_size=4)), max_size=12),
       st.dictionaries(st.sampled_from(["title", "date", "x"]), ODD_SCALARS, max_size=3))
def test_many_dated_headings_and_odd_dates(gazetteer, sections, front):
    body = "\n\n".join(heading + "\n" + " ".join(lines) for heading, lines in sections)
    front_matter = "\n".join(f"{key}: {value}" if "\n" not in value else f"{key}: {value.rstrip()}"
                             for key, value in front.items())
    through_everything(f"---\n{front_matter}\n---\n\n{body}\n", gazetteer)
