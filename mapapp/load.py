"""Read an article file (YAML front matter + Markdown) into a Document, repairing broken encodings."""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from .errors import DocumentError, InputTooLarge
from .front_matter import split_front_matter
from .model import Document, Section

# The largest article read, checked before reading: the app's upload limit, and the command line's default
# (its --max-mb raises it). Memory stays under 500 MB up to this size (README, Limits).
MAX_ARTICLE_MB = 25
MEGABYTE = 1024 * 1024


@lru_cache(maxsize=1)
def _mac_roman_mojibake() -> re.Pattern[str]:
    """A UTF-8 byte sequence as it looks once decoded as Mac Roman: a lead byte and its continuations.

    ftfy repairs the accents of such text but not 4-byte sequences such as flag emoji, so the whole
    class of damage is undone here by re-encoding exactly the matched characters.
    """

    def chars(lo: int, hi: int) -> str:
        return re.escape(bytes(range(lo, hi + 1)).decode("mac_roman"))

    cont = f"[{chars(0x80, 0xBF)}]"
    return re.compile(
        f"[{chars(0xC2, 0xDF)}]{cont}|[{chars(0xE0, 0xEF)}]{cont}{{2}}|[{chars(0xF0, 0xF4)}]{cont}{{3}}"
    )


def _undo_mac_roman(match: re.Match[str]) -> str:
    raw = match.group(0)
    try:
        fixed = raw.encode("mac_roman").decode("utf-8")
    except UnicodeError:
        return raw
    # A combining mark or a control character is what cp1252 damage ("Ã©") gives when read this way:
    # leave it for ftfy rather than invent a character.
    if unicodedata.category(fixed[0]) in {"Mn", "Cc", "Cf", "Co", "Cn"}:
        return raw
    return fixed


# "Ã", "Â", "Å", "â" followed by what a UTF-8 continuation byte looks like in cp1252 or latin-1.
_CP1252_HINT = re.compile("[\u00c2\u00c3\u00c5\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def repair_encoding(text: str) -> str:
    """Undo mojibake: UTF-8 read as Mac Roman (accents, dashes, flags) or as cp1252/latin-1.

    Clean text comes back unchanged: only character sequences that re-encode to valid UTF-8 are touched.
    """
    if text.isascii():
        return text
    repaired = _whole_mac_roman(text)
    if repaired is None:
        repaired = _mac_roman_mojibake().sub(_undo_mac_roman, text)
    # ftfy knows the cp1252/latin-1 kind of damage ("MÃ©naka") and leaves clean text alone; it is slow on
    # long text, so it runs only where a lead character of that damage is seen.
    if _CP1252_HINT.search(repaired):
        import ftfy  # here, not at the top: most texts never need it, and it takes 60 ms to import

        return ftfy.fix_encoding(repaired)
    return repaired


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _whole_mac_roman(text: str) -> str | None:
    """The whole text re-read in one pass when all of it is Mac Roman mojibake (8x faster than piece by
    piece); None when any part is not, or when the result holds a character the piecewise repair would
    refuse (a combining mark, a control or private character).

    Re-read a megabyte at a time, cut after a newline (no UTF-8 sequence spans one): a 25 MB article read
    whole held its bytes, the decoder's growing copy and the result (100 MB: four bytes a character once
    the text holds one emoji) at once."""
    pieces: list[str] = []
    changed = False
    for piece in _pieces(text):
        try:
            fixed = piece.encode("mac_roman").decode("utf-8")
        except UnicodeError:
            return None
        for match in _NON_ASCII.finditer(fixed):
            if unicodedata.category(match.group(0)) in {"Mn", "Cc", "Cf", "Co", "Cn"}:
                return None
        changed = changed or fixed != piece
        pieces.append(fixed)
    return "".join(pieces) if changed else None


_PIECE = 1_000_000


def _pieces(text: str) -> Iterator[str]:
    """text in pieces of about _PIECE characters, each but the last ending with a newline."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + _PIECE)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


# Byte-order marks of the wide Unicode encodings, UTF-32 first: its little-endian mark begins with UTF-16's.
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# C0 control characters other than tab, newline, form feed and carriage return, and DEL: text has none or a
# stray few, random bytes have one in nine. The same bytes in UTF-8, cp1252 and latin-1.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
# More control characters than this share of the whole text, or any NUL, and the file is not an article.
_BINARY_SHARE = 0.01


def decode_bytes(data: bytes, path: str = "") -> tuple[str, str]:
    """Bytes -> (text, encoding name). UTF-16 or UTF-32 with a byte-order mark; else UTF-8 first, then
    cp1252, then latin-1 (which never fails). Binary data (any NUL, or control characters over 1% of the
    whole file) is refused."""
    label = path or "<text>"
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)  # the codec reads the mark and drops it
            except UnicodeDecodeError as err:
                raise DocumentError(f"{label}: starts with a {codec.upper()} byte-order mark but is not "
                                    f"{codec.upper()} text ({err.reason} at byte {err.start}).") from err
            refuse_binary(text, label)
            return text, codec
    refuse_binary(data, label)
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def refuse_binary(data: bytes | str, label: str) -> None:
    """Raise DocumentError for binary data: any NUL, or control characters over _BINARY_SHARE of the whole.

    Counted in bytes by bytes.translate, which runs in C (25 MB in a few milliseconds): the control
    characters are ASCII, one byte each in UTF-8 as in the single-byte encodings."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    if b"\x00" in raw:
        raise DocumentError(f"{label}: looks like a binary file (NUL bytes), expected a text article.")
    controls = len(raw) - len(raw.translate(None, _CONTROL_BYTES))
    if controls > _BINARY_SHARE * len(data):
        raise DocumentError(f"{label}: looks like a binary file ({controls:,} control characters in "
                            f"{len(data):,}), expected a text article.")


_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(name: str, mode: int) -> DocumentError:
    if stat.S_ISDIR(mode):
        return DocumentError(f"{name}: is a directory, expected an article file.")
    kind = next((kind for test, kind in _FILE_KINDS if test(mode)), "not a regular file")
    return DocumentError(f"{name}: is {kind}, expected an article file.")


def read_article_bytes(path: str | os.PathLike[str], max_mb: float = MAX_ARTICLE_MB) -> bytes:
    """The bytes of a regular file of at most max_mb MB: its size is checked before anything is read, and
    no more than that is read if it grows meanwhile. A pipe, a device or a socket is refused unread."""
    name = os.fspath(path)
    limit = int(max_mb * MEGABYTE)
    try:
        mode = os.stat(name).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(name, mode)
        # Non-blocking, so that a file swapped for a FIFO since the stat above cannot hang the open.
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError as err:
        raise DocumentError(f"{name}: no such file.") from err
    except OSError as err:
        raise DocumentError(f"{name}: cannot be read ({err.strerror or err}).") from err
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(name, info.st_mode)
        _refuse_large(name, info.st_size, max_mb)
        try:
            data = file.read(limit + 1)
        except OSError as err:
            raise DocumentError(f"{name}: cannot be read ({err.strerror or err}).") from err
    _refuse_large(name, len(data), max_mb)
    return data


def _refuse_large(name: str, size: int, max_mb: float) -> None:
    if size > max_mb * MEGABYTE:
        raise InputTooLarge(f"{name}: is {size / MEGABYTE:,.1f} MB; mapapp reads articles up to "
                            f"{max_mb:g} MB.", size, max_mb)


def load_document(path: str | os.PathLike[str], max_mb: float = MAX_ARTICLE_MB) -> Document:
    """Read an article from disk. Any file name is accepted; the content decides. Only regular files of
    at most max_mb MB are read."""
    name = os.fspath(path)
    text, encoding = decode_bytes(read_article_bytes(name, max_mb), name)  # the bytes go once decoded
    box = [text]
    del text
    return _document(box, encoding, name)


def parse_document(data: bytes | str, path: str = "") -> Document:
    """Bytes or text of an article -> Document."""
    label = path or "<text>"
    if isinstance(data, bytes):
        text, encoding = decode_bytes(data, path)
    else:
        refuse_binary(data, label)
        text, encoding = data, "utf-8"
    box = [text]
    del text
    return _document(box, encoding, path)


def _document(box: list[str], encoding: str, path: str) -> Document:
    """The Document of the text in `box` (taken out of it). Each stage's text is let go as soon as the next
    is made: one of a 25 MB article takes up to 100 MB (four bytes a character once it holds one emoji),
    and the copies held together made reading its largest cost in memory."""
    label = path or "<text>"
    text = box.pop()
    repaired = repair_encoding(text)
    if repaired is not text and repaired != text:
        encoding = f"{encoding}+repaired"
    del text
    text = repaired.replace("\r\n", "\n").replace("\r", "\n")
    del repaired
    metadata, body, notes = split_front_matter(text, label)
    del text
    title = _clean_inline(str(metadata.get("title") or "")).strip() or _title_from_path(path)
    return Document(
        path=path,
        title=title,
        metadata=metadata,
        sections=split_sections(body),
        encoding=encoding,
        notes=notes,
    )


def _title_from_path(path: str) -> str:
    stem = Path(path).name.split(".")[0] if path else ""
    return stem.replace("_", " ").strip() or "Untitled article"


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_IMAGE_LINE = re.compile(r"^\s*!\[.*\]\(.*\)\s*$")  # greedy: captions and URLs hold brackets ("_(2022-06-30).jpg")
# Each alternative opens with its literal character (the checks on what stands before come after it):
# the engine then scans for those characters in C instead of trying every position.
_LINK = re.compile(r"(?:!\[|\[)([^\]]*)\]\([^)]*\)")
# Only asterisks: these articles come from Wikipedia, whose Markdown writes emphasis with them, while
# underscores belong to what the text quotes (`__init__`, `window.__x`) and stay as written.
_EMPHASIS = re.compile(r"(\*\*|\*(?<![\w*]\*)(?=\S)|\*(?<=\S\*)(?![\w*]))")


def _clean_inline(text: str) -> str:
    """Markdown inline markup -> plain text (links keep their words, emphasis marks go)."""
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text:
        text = _EMPHASIS.sub("", text)
    return text


def split_sections(body: str) -> tuple[Section, ...]:
    """Markdown body -> the lead and one Section per heading, in order, with their heading path."""
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    title, level, line_no, lines = "", 1, 0, []

    def close() -> None:
        text = _clean_inline("\n".join(lines)).strip("\n")  # one pass per section, not per line
        sections.append(Section(title, level, tuple(t for _, t in path) if level > 1 else (), text, line_no))

    for number, raw in enumerate(body.split("\n"), start=1):
        match = _HEADING.match(raw)
        if match:
            close()
            level = max(len(match.group(1)), 2)
            title = _clean_inline(match.group(2)).strip()
            path = [(lv, t) for lv, t in path if lv < level] + [(level, title)]
            line_no, lines = number, []
        elif not (raw.lstrip().startswith("![") and _IMAGE_LINE.match(raw)):
            lines.append(raw)
    close()
    return tuple(sections)
