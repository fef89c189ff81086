"""Front matter from anyone: bounded (aliases, depth, size), and every YAML value shape used or ignored with
a note, never a traceback (issue #14: billion laughs, 100,000 levels, `infoboxes: 5`, `d: 2012-02-31`)."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from mapapp.errors import DocumentError
from mapapp.front_matter import DEPTH_LIMIT, FRONT_MATTER_LIMIT, NOTES_SHOWN
from mapapp.load import parse_document

BODY = "\n## Fighting\nOn 3 May 2012, rebels attacked Gao.\n"


def article(front: str) -> str:
    return f"---\n{front}\n---\n{BODY}"


def billion_laughs(levels: int = 9) -> str:
    """The classic: each level a list of nine aliases of the one before, 405 bytes in all."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghij"
    for previous, name in zip(names, names[1:levels]):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    lines.append(f"title: *{names[levels - 1]}")
    return "\n".join(lines)


def cli_on(tmp_path, text: str, *args: str, memory_mb: int = 1500, timeout: float = 60):
    """The command line on an article, under a memory ceiling: a blow-up fails fast instead of taking the
    machine with it."""
    path = tmp_path / "hostile.md"
    path.write_text(text, encoding="utf-8")
    limit = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({memory_mb << 20}, {memory_mb << 20}))"
    code = f"{limit}; import sys; from mapapp.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.run([sys.executable, "-c", code, "extract", str(path), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    return path, proc


def one_error_line(proc, path) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-1000:])
    assert "Traceback" not in proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"mapapp: error: {path}: ")
    return line


def test_billion_laughs_is_refused_in_one_line_naming_the_limit(tmp_path):
    front = billion_laughs()
    assert len(front) < 450
    path, proc = cli_on(tmp_path, article(front))
    line = one_error_line(proc, path)
    assert f"aliases expand it to over {FRONT_MATTER_LIMIT:,} characters" in line


def test_aliases_within_the_limit_are_expanded():
    document = parse_document(article("a: &who Malian army\ntitle: *who\nb: [*who, *who]"), "alias.md")
    assert document.title == "Malian army"
    assert document.metadata["b"] == ["Malian army", "Malian army"]


def test_an_alias_to_a_value_holding_it_is_refused():
    with pytest.raises(DocumentError, match=r"^self\.md: the front matter's alias \*a refers to a value that "):
        parse_document(article("x: &a [1, *a]"), "self.md")


@pytest.mark.parametrize(
    "front, line",
    [
        ("x: " + "[" * 100_000 + "]" * 100_000, 2),
        # Quoted closing brackets: a count of brackets in the text would see depth 1 here.
        ("x: " + '["]", ' * 100_000 + "1" + "]" * 100_000, 2),
        ("x:\n  " + "- " * 100_000 + "a", 3),
        ("x: " + "{a: " * 100_000 + "1" + "}" * 100_000, 2),
    ],
    ids=["flow-lists", "quoted-brackets", "compact-block", "flow-mappings"],
)
def test_deep_nesting_is_refused_before_the_parser_recurses(tmp_path, front, line):
    path, proc = cli_on(tmp_path, article(front), timeout=30)
    message = one_error_line(proc, path)  # was: exit 139, a segmentation fault, no message
    assert f"nests deeper than {DEPTH_LIMIT} levels (at line {line}); mapapp reads at most" in message


def test_nesting_at_the_limit_is_read():
    front = "x: " + "[" * (DEPTH_LIMIT - 1) + "]" * (DEPTH_LIMIT - 1)  # the mapping itself is one level
    assert parse_document(article(front), "deep.md").metadata["x"] is not None
    with pytest.raises(DocumentError, match=f"deeper than {DEPTH_LIMIT} levels"):
        parse_document(article("x: " + "[" * DEPTH_LIMIT + "]" * DEPTH_LIMIT), "deep.md")


def test_front_matter_over_the_size_limit_is_refused():
    front = "description: " + "x" * FRONT_MATTER_LIMIT
    with pytest.raises(DocumentError, match=r"^big\.md: the front matter is 1,000,0\d\d characters; mapapp "
                                            rf"reads at most {FRONT_MATTER_LIMIT:,}\."):
        parse_document(article(front), "big.md")


@pytest.mark.parametrize(
    "front, note",
    [
        ("infoboxes: 5", "front matter 'infoboxes' is a number, not a list of infoboxes; it is ignored."),
        ("d: 2012-02-31", "front matter line 2: '2012-02-31' is not a real date; kept as text."),
        ("title: [a, b]", "front matter 'title' is a list, not text; it is ignored."),
        ("date: {a: 1}", "front matter 'date' is a mapping, not text; it is ignored."),
        ("infoboxes: [1, x]", "front matter infobox 1 is a number, not a mapping; it is ignored."),
        ("infoboxes: [{combatant1: [a]}]", "front matter infobox 1, 'combatant1' is a list, not a mapping"),
        ("infoboxes: [{date: {text: [1]}}]", "front matter infobox 1, 'date': its text is a list; it is ignored."),
        ("n: " + "9" * 5000, "front matter line 2: '" + "9" * 40 + "…' is not a number Python reads; kept as text."),
        ("b: !!bool maybe", "front matter line 2: 'maybe' is not true or false; kept as text."),
        ("f: !!float abc", "front matter line 2: 'abc' is not a number; kept as text."),
        ("t: !!timestamp soon", "front matter line 2: 'soon' is not a real date; kept as text."),
    ],
    ids=["infoboxes-number", "impossible-timestamp", "title-list", "date-mapping", "infobox-number",
         "combatant-list", "infobox-date-list", "huge-int", "bool-maybe", "float-abc", "timestamp-word"],
)
def test_values_in_shapes_mapapp_does_not_read_are_ignored_with_a_note(tmp_path, front, note):
    path, proc = cli_on(tmp_path, article(front))
    assert proc.returncode == 0, proc.stderr[-2000:]  # was: a traceback, exit 1
    assert "Traceback" not in proc.stderr
    assert f"mapapp: note: {path}: {note}" in proc.stderr
    assert "no YAML front matter" not in proc.stderr  # the article has front matter; one value is unread
    assert proc.stdout.count('"place": "Gao"') == 1


@pytest.mark.parametrize(
    "front, title",
    [("title: 1.5", "1.5"), ("title: 2012-01-16", "2012-01-16"), ("title: true", "True"), ("title:", "x"),
     ("title: Mali War", "Mali War")],
    ids=["number", "date", "bool", "null", "text"],
)
def test_a_title_written_as_a_number_or_date_is_read_as_text(front, title):
    assert parse_document(article(front), "x.md").title == title


def test_infobox_fields_written_as_plain_values_are_read_as_their_text():
    front = "infoboxes:\n  conflict: Battle\n  date: 16 January 2012\n  combatant1: {text: Mali}"
    document = parse_document(article(front), "x.md")
    assert document.metadata["infoboxes"] == [
        {"conflict": {"text": "Battle"}, "date": {"text": "16 January 2012"}, "combatant1": {"text": "Mali"}}]
    assert document.notes == ()


def test_many_odd_values_give_a_screenful_of_notes_not_thousands():
    document = parse_document(article("infoboxes: [" + ", ".join(["1"] * 5000) + "]"), "many.md")
    assert len(document.notes) == NOTES_SHOWN + 1
    assert document.notes[-1] == "many.md: 4,990 more front matter values are ignored or kept as text."


# Scalars as YAML writes them, the odd ones included: impossible timestamps, explicit tags, huge numbers.
ODD_SCALARS = st.sampled_from([
    "2012-02-31", "2012-01-16", "2001-12-14t21:59:43.10-05:00", "2012-01-01T25:00:00", "!!timestamp soon",
    "!!bool maybe", "!!float abc", "!!int 12", "!!str 12", "!!binary aGVsbG8=", "!!null ''", "~", "null",
    ".nan", "-.inf", "0x1F", "0o17", "1_000", "1e400", "9" * 5000, "yes", "no", "''", '"quoted: text"',
    "'single'", "|\n  block text\n", ">-\n  folded\n", "Ménaka", "🇲🇱 Mali", "<script>x</script>", "=1+2",
])
KEYS = st.sampled_from(["title", "date", "infoboxes", "combatant1", "text", "conflict", "x", "1", "null",
                        "2012-01-01", "true"])


def yaml_values(depth: int = 3) -> st.SearchStrategy[str]:
    """YAML text of any value shape: scalars (odd ones too), lists, mappings, nested, in flow style."""
    plain = st.one_of(ODD_SCALARS.filter(lambda s: "\n" not in s),
                      st.text(max_size=20).map(lambda s: yaml.safe_dump(s, default_flow_style=True,
                                                                        width=1_000_000).strip()
                                               .removesuffix("\n...").removesuffix("...").strip()))
    if depth == 0:
        return plain
    inner = yaml_values(depth - 1)
    return st.one_of(
        plain,
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(KEYS, inner, max_size=4).map(
            lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"),
    )


FRONT_MATTERS = st.dictionaries(KEYS, st.one_of(yaml_values(), ODD_SCALARS), max_size=5).map(
    lambda d: "\n".join(f"{k}: {v}" if "\n" not in v else f"{k}: {v.rstrip()}" for k, v in d.items()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FRONT_MATTERS)
def test_every_value_shape_is_read_or_refused_in_one_line(front):
    try:
        document = parse_document(article(front), "shapes.md")
    except DocumentError as err:
        assert str(err).startswith("shapes.md: ") and "\n" not in str(err)
        return
    metadata = document.metadata
    # What mapapp reads is in the shape it reads: text, or None when a value was ignored (with a note).
    assert isinstance(document.title, str) and document.title
    for key in ("title", "date"):
        assert metadata.get(key) is None or isinstance(metadata[key], str)
    boxes = metadata.get("infoboxes")
    assert boxes is None or isinstance(boxes, list) and all(isinstance(b, dict) for b in boxes)
    for box in boxes or []:
        for value in box.values():
            assert value is None or isinstance(value, dict) and (
                value.get("text") is None or isinstance(value["text"], (str, int, float, datetime.date)))
    assert all(note.startswith("shapes.md: ") and "\n" not in note for note in document.notes)
