"""An article's YAML front matter -> a plain mapping, parsed within bounds, in the shapes mapapp reads.

YAML is a rich format and front matter comes from anyone: aliases can make 400 bytes expand to gigabytes
("billion laughs"), deep nesting overflows the C composer's stack, and values come in every shape (a number
for a title, an impossible timestamp). Each bound below refuses with one line naming the file and the
limit; each shape mapapp reads is used, or ignored with a note for the user.
"""

from __future__ import annotations

import datetime
import gc
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .errors import DocumentError

# The largest front matter read, in characters, with every alias counted as the text it stands for. The
# longest seed's (the Mali War's infobox) is 27 KB.
FRONT_MATTER_LIMIT = 1_000_000
# The deepest nesting read. Articles' infoboxes nest 6 levels; PyYAML's C composer recurses once per level
# and libyaml's parser slows quadratically with depth: a 200 KB '[[[[…' took 43 s, then crashed the process.
DEPTH_LIMIT = 100


def split_front_matter(text: str, label: str) -> tuple[dict[str, Any], str, tuple[str, ...]]:
    """Text of an article -> (front matter, body, notes). No front matter gives ({}, text, ()).

    Raises DocumentError, naming the file, for front matter that is malformed, not a mapping, or over a
    bound (FRONT_MATTER_LIMIT, DEPTH_LIMIT).
    """
    # python-frontmatter's handler, used directly: its parse() quietly drops front matter that is not a
    # mapping, and a user must hear about that.
    handler = YAMLHandler()
    stripped = text.lstrip("\ufeff")
    if not handler.detect(stripped):
        return {}, text, ()
    try:
        raw, body = handler.split(stripped)
    except ValueError:
        return {}, text, ()  # an opening '---' with no closing one: the file has no front matter
    check_bounds(raw, label)
    loader = _Loader(raw, label)
    collecting = gc.isenabled()
    # Without the cycle collector while the objects are built: it scans every object already made, again
    # and again as their number grows, which made a 1 MB infobox take 2.4 times as long as 0.5 MB instead
    # of 2. What is built holds no cycles (an alias to a value holding it is refused above).
    gc.disable()
    try:
        metadata = loader.get_single_data()
    except yaml.YAMLError as err:
        raise DocumentError(_yaml_problem(err, label)) from err
    finally:
        if collecting:
            gc.enable()
        loader.dispose()
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise DocumentError(
            f"{label}: front matter must be a YAML mapping (key: value), instead got a "
            f"{type(metadata).__name__}."
        )
    metadata, notes = check_shapes(metadata, label)
    return metadata, body, cap_notes((*loader.notes, *notes), label)


def _yaml_problem(err: yaml.YAMLError, label: str) -> str:
    mark = getattr(err, "problem_mark", None)
    where = f" at line {mark.line + 1}" if mark is not None else ""  # 1-based: raw starts on the "---" line
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    return f"{label}: malformed YAML front matter{where}: {problem}."


def check_bounds(raw: str, label: str) -> None:
    """Refuse front matter over FRONT_MATTER_LIMIT characters (aliases counted as the text they stand for)
    or nested deeper than DEPTH_LIMIT, before anything is built from it.

    Read from libyaml's event stream: its parser is a state machine with its own stacks (no recursion),
    and it reads only as far as the events taken (at most 1,024 characters of look-ahead), so stopping
    at the first event past a limit never lets it see the rest. PyYAML's composer, which recurses once per
    level and crashes past some 50,000, then only ever sees front matter within the limits. Counting on
    events rather than brackets in the text means no quoted ']' can hide a level.
    """
    if len(raw) > FRONT_MATTER_LIMIT:
        raise DocumentError(f"{label}: the front matter is {len(raw):,} characters; mapapp reads at most "
                            f"{FRONT_MATTER_LIMIT:,}. Keep the infobox and move long text into the body.")
    try:
        _check_events(raw, label)
    except yaml.YAMLError as err:
        raise DocumentError(_yaml_problem(err, label)) from err


def _check_events(raw: str, label: str) -> None:
    sizes: dict[str, int] = {}  # anchor -> its value's size, aliases within expanded
    open_nodes: list[tuple[str | None, int]] = []  # collections being read: (anchor, total at their start)
    total = 0
    for event in yaml.parse(raw, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.ScalarEvent):
            size = len(event.value) + 1
            total += size
            if event.anchor is not None:
                sizes[event.anchor] = size
        elif isinstance(event, yaml.CollectionStartEvent):
            total += 1
            open_nodes.append((event.anchor, total))
            if len(open_nodes) > DEPTH_LIMIT:
                raise DocumentError(f"{label}: the front matter nests deeper than {DEPTH_LIMIT} levels (at "
                                    f"line {event.start_mark.line + 1}); mapapp reads at most {DEPTH_LIMIT}. "
                                    "Flatten it.")
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, start = open_nodes.pop()
            if anchor is not None:
                sizes[anchor] = total - start + 1
        elif isinstance(event, yaml.AliasEvent):
            # A value containing itself has no end when printed or walked.
            if any(anchor == event.anchor for anchor, _ in open_nodes):
                raise DocumentError(f"{label}: the front matter's alias *{event.anchor} refers to a value "
                                    "that contains it; write the value out instead.")
            total += sizes.get(event.anchor, 0)  # an undefined alias: the loader says so
        if total > FRONT_MATTER_LIMIT:
            raise DocumentError(f"{label}: the front matter's aliases expand it to over "
                                f"{FRONT_MATTER_LIMIT:,} characters, mapapp's limit. Write the values out, "
                                "without aliases (*name).")


class _Loader(yaml.CSafeLoader):
    """libyaml's safe loader, keeping a scalar that cannot be converted as the text it was written as: an
    impossible timestamp (2012-02-31), an integer over Python's 4,300 digits, '!!bool maybe'. PyYAML's
    converters raise ValueError, KeyError or AttributeError for these, not a YAMLError. Each gives a
    note."""

    def __init__(self, stream: str, label: str) -> None:
        super().__init__(stream)
        self.label = label
        self.notes: list[str] = []


def _lenient(construct: Any, what: str) -> Any:
    def construct_or_keep(loader: _Loader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, AttributeError):
            value = loader.construct_scalar(node)
            shown = value if len(value) <= 40 else value[:40] + "…"
            loader.notes.append(f"{loader.label}: front matter line {node.start_mark.line + 1}: {shown!r} is "
                                f"not {what}; kept as text.")
            return value

    return construct_or_keep


for _tag, _construct, _what in (
    ("timestamp", yaml.SafeLoader.construct_yaml_timestamp, "a real date"),
    ("int", yaml.SafeLoader.construct_yaml_int, "a number Python reads"),
    ("float", yaml.SafeLoader.construct_yaml_float, "a number"),
    ("bool", yaml.SafeLoader.construct_yaml_bool, "true or false"),
):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _lenient(_construct, _what))


# Values mapapp reads as text: the scalar kinds YAML gives for them.
_SCALARS = (str, int, float, datetime.date)  # bool is an int; datetime is a date
_TEXTS = (type(None), *_SCALARS)  # an infobox field's text: absent, or read as text
# Notes shown for one article at most; the rest are counted in one more line.
NOTES_SHOWN = 10


def check_shapes(metadata: dict[Any, Any], label: str) -> tuple[dict[Any, Any], tuple[str, ...]]:
    """The front matter with the values mapapp reads in the shapes it reads them, and a note for each
    value left out.

    title and date: text, or a number or timestamp read as text. infoboxes: a list of mappings (one
    mapping alone is taken as a list of one) whose fields are {text: ...} mappings; a plain value there
    is taken as its text. A value in another shape becomes None (the key stays: the article does have
    front matter). Keys mapapp does not read are kept as they are.
    """
    notes: list[str] = []
    checked = dict(metadata)
    for key in ("title", "date"):
        value = checked.get(key)
        if isinstance(value, _SCALARS) and not isinstance(value, str):
            checked[key] = str(value)
        elif not (value is None or isinstance(value, str)):
            checked[key] = None
            notes.append(f"{label}: front matter {key!r} is {_kind(value)}, not text; it is ignored.")
    boxes = checked.get("infoboxes")
    if isinstance(boxes, dict):
        boxes = [boxes]
    if isinstance(boxes, list):
        checked["infoboxes"] = [_check_box(box, number, label, notes) for number, box in enumerate(boxes, 1)
                                if isinstance(box, dict) or _ignored(box, f"infobox {number}", label, notes)]
    elif boxes is not None:
        checked["infoboxes"] = None
        notes.append(f"{label}: front matter 'infoboxes' is {_kind(boxes)}, not a list of infoboxes; "
                     "it is ignored.")
    return checked, tuple(notes)


def _ignored(value: Any, what: str, label: str, notes: list[str]) -> bool:
    """False, after a note saying that `what` is left out (nothing to say for an empty value)."""
    if value is not None:
        notes.append(f"{label}: front matter {what} is {_kind(value)}, not a mapping; it is ignored.")
    return False


def _check_box(box: dict[Any, Any], number: int, label: str, notes: list[str]) -> dict[Any, Any]:
    """An infobox's fields as {text: ...} mappings: a plain value becomes its text; a field whose text is
    neither text nor a number or date is left out, with a note, as is a field in another shape."""
    checked: dict[Any, Any] = {}
    for key, value in box.items():
        field = f"infobox {number}, {str(key)[:40]!r}"
        if isinstance(value, _SCALARS):
            checked[key] = {"text": str(value)}
        elif value is None or isinstance(value, dict) and isinstance(value.get("text"), _TEXTS):
            checked[key] = value
        elif isinstance(value, dict):
            notes.append(f"{label}: front matter {field}: its text is {_kind(value['text'])}; it is ignored.")
        else:
            notes.append(f"{label}: front matter {field} is {_kind(value)}, not a mapping; it is ignored.")
    return checked


def cap_notes(notes: tuple[str, ...] | list[str], label: str) -> tuple[str, ...]:
    """At most NOTES_SHOWN notes, then one line counting the others: a list of 50,000 odd values gives
    a screenful, not 50,000 lines."""
    if len(notes) <= NOTES_SHOWN:
        return tuple(notes)
    more = f"{label}: {len(notes) - NOTES_SHOWN:,} more front matter values are ignored or kept as text."
    return (*notes[:NOTES_SHOWN], more)


def _kind(value: Any) -> str:
    """What a YAML value is, in words: 'a list', 'a number'."""
    if isinstance(value, bool):
        return "true or false"
    for kinds, words in ((dict, "a mapping"), ((list, tuple), "a list"), ((int, float), "a number"),
                         (datetime.date, "a date"), ((set, frozenset), "a set"), (bytes, "binary data")):
        if isinstance(value, kinds):
            return words
    return f"a {type(value).__name__}"
