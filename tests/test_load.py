"""Loading articles: front matter, sections, and the repair of every kind of broken encoding."""

from __future__ import annotations

import codecs
import json
import os
import random
import re
import socket
import subprocess
import sys

import pytest

from conftest import CLEAN_ARTICLES, ROOT, SEED
from mapapp.errors import DocumentError, InputTooLarge
from mapapp.load import MAX_ARTICLE_MB, load_document, parse_document, repair_encoding

MOJIBAKE_MARKS = ("\u221a", "\u201a\u00c4", "\u00fc\u00e1")  # "√", "‚Ä", "üá"


def everything_shown(document) -> str:
    return json.dumps(document.metadata, ensure_ascii=False) + document.title + "".join(
        s.title + s.text for s in document.sections
    )


def test_seed_is_repaired_everywhere():
    document = load_document(SEED)
    text = everything_shown(document)
    for mark in MOJIBAKE_MARKS:
        assert mark not in text
    assert document.title == "Mali War"
    assert "Ménaka" in text and "Tuareg rebellion (January–April 2012)" in text
    assert "\U0001f1f2\U0001f1f1 Government of Mali" in document.metadata["infoboxes"][0]["combatant1"]["text"]
    assert document.encoding == "utf-8+repaired"


def test_seed_sections_follow_the_headings():
    document = load_document(SEED)
    titles = [s.title for s in document.sections]
    assert titles[0] == ""  # the lead
    assert "Coup d'état" in titles and "Destruction of ancient monuments in Timbuktu" in titles
    coup = next(s for s in document.sections if s.title == "Coup d'état")
    assert coup.level == 3 and coup.path == ("Tuareg rebellion (January–April 2012)", "Coup d'état")
    assert not any("![" in s.text for s in document.sections), "image lines are not text"


@pytest.mark.parametrize("path", CLEAN_ARTICLES, ids=lambda p: p.stem)
def test_clean_utf8_is_left_untouched(path):
    text = path.read_text(encoding="utf-8")
    assert repair_encoding(text) == text
    assert load_document(path).encoding == "utf-8"


@pytest.mark.parametrize("path", CLEAN_ARTICLES, ids=lambda p: p.stem)
def test_mac_roman_mojibake_copy_is_repaired(path):
    text = path.read_text(encoding="utf-8")
    damaged = text.encode("utf-8").decode("mac_roman")
    assert damaged != text or text.isascii()
    assert repair_encoding(damaged) == text
    assert load_document(path).sections == parse_document(damaged.encode("utf-8"), str(path)).sections


@pytest.mark.parametrize(
    "damaged, expected",
    [
        ("M√©naka", "Ménaka"),
        ("Kidal ‚Äì Gao", "Kidal – Gao"),
        ("\uf8ffüá≤\uf8ffüá± Mali", "\U0001f1f2\U0001f1f1 Mali"),
        ("MÃ©naka", "Ménaka"),
        ("cafÃ© naÃ¯ve", "café naïve"),
        ("Ménaka – “quoted” √2 ≈ 1.41", "Ménaka – “quoted” √2 ≈ 1.41"),
    ],
    ids=["mac-accent", "mac-dash", "mac-flag", "cp1252-accent", "cp1252-two", "clean-with-symbols"],
)
def test_repair_encoding_table(damaged, expected):
    assert repair_encoding(damaged) == expected


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_legacy_single_byte_files_are_read(tmp_path, codec):
    path = tmp_path / "article"
    path.write_bytes("---\ntitle: Bataille de Ménaka\n---\n\n## Début\nLe 5 mai 2012 à Ménaka.\n".encode(codec))
    document = load_document(path)
    assert document.title == "Bataille de Ménaka"
    assert document.sections[1].title == "Début"
    assert "à Ménaka" in document.sections[1].text


@pytest.mark.parametrize("suffix", [".md", ".txt", ""], ids=["md", "txt", "no-extension"])
def test_any_file_name_is_accepted(tmp_path, suffix):
    path = tmp_path / f"article{suffix}"
    path.write_bytes(SEED.read_bytes())
    assert load_document(path).title == "Mali War"


def test_no_front_matter_takes_title_from_file_name(tmp_path):
    path = tmp_path / "battle_of_somewhere.md"
    path.write_text("## Battle\nOn 3 May 2019, fighting in Gao.\n", encoding="utf-8")
    document = load_document(path)
    assert document.title == "battle of somewhere"
    assert document.metadata == {}


@pytest.mark.parametrize(
    "content, message",
    [
        (b"---\ntitle: [unclosed\n---\nbody\n", "malformed YAML front matter at line"),
        (b"---\n- a\n- b\n---\nbody\n", "front matter must be a YAML mapping"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file"),
    ],
    ids=["bad-yaml", "yaml-list", "binary"],
)
def test_bad_files_raise_a_message_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as info:
        load_document(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_directory_and_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="is a directory"):
        load_document(tmp_path)
    with pytest.raises(DocumentError, match="no such file"):
        load_document(tmp_path / "missing.md")


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mapapp", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def bind_socket(path) -> None:
    """A Unix socket's file at path (it stays after the socket closes)."""
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))


@pytest.mark.parametrize(
    "make, kind",
    [
        (lambda path: os.mkfifo(path), "is a named pipe (FIFO)"),
        (lambda path: os.symlink("/dev/zero", path), "is a character device"),
        (lambda path: os.symlink("/dev/urandom", path), "is a character device"),
        (lambda path: bind_socket(path), "is a socket"),
    ],
    ids=["fifo", "dev-zero", "dev-urandom", "socket"],
)
def test_only_regular_files_are_read(tmp_path, make, kind):
    path = tmp_path / "article.md"
    make(path)
    proc = run_cli("extract", str(path), timeout=30)  # was: never finished, reading without end
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == f"mapapp: error: {path}: {kind}, expected an article file.\n"


def test_the_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "huge.md"
    with open(path, "wb") as sparse:  # 4 GB on paper, nothing on disk: reading it would take minutes
        sparse.truncate(4 << 30)
    with pytest.raises(InputTooLarge, match=rf"^{re.escape(str(path))}: is 4,096\.0 MB; mapapp reads articles "
                                            rf"up to {MAX_ARTICLE_MB} MB\.$"):
        load_document(path)


def test_the_command_line_limit_has_a_default_and_a_flag_to_raise_it(tmp_path):
    path = tmp_path / "long.md"
    path.write_bytes(SEED.read_bytes() * 20)  # about 1.6 MB
    proc = run_cli("phases", str(path), "--max-mb", "1")
    assert proc.returncode == 2
    assert proc.stderr == (f"mapapp: error: {path}: is 1.5 MB; mapapp reads articles up to 1 MB. "
                           "Pass --max-mb 2 to read it.\n")
    assert run_cli("phases", str(path), "--max-mb", "2").returncode == 0
    for bad in ("0", "-1", "nan", "inf", "dog"):
        proc = run_cli("phases", str(path), "--max-mb", bad)
        assert proc.returncode == 2 and "expected a positive number of megabytes" in proc.stderr


ARTICLE = "---\ntitle: Bataille de Ménaka 🇲🇱\n---\n\n## Début\nLe 5 mai 2012 à Ménaka.\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_wide_unicode_with_a_byte_order_mark_is_read_as_text(tmp_path, codec):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}.get(codec, b"")
    path = tmp_path / "wide.md"
    path.write_bytes(bom + ARTICLE.encode(codec))  # was: refused as "binary (NUL bytes)"
    document = load_document(path)
    assert document.title == "Bataille de Ménaka 🇲🇱"
    assert document.sections[1].text == "Le 5 mai 2012 à Ménaka."
    assert document.encoding == codec[:6]


def test_a_broken_utf16_file_is_refused_in_one_line(tmp_path):
    path = tmp_path / "broken.md"
    path.write_bytes(codecs.BOM_UTF16_LE + "title".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(DocumentError, match=rf"^{re.escape(str(path))}: starts with a UTF-16 byte-order mark "
                                            r"but is not UTF-16 text \(unexpected end of data at byte 12\)\.$"):
        load_document(path)


@pytest.mark.parametrize(
    "data, found",
    [
        (ARTICLE.encode() + b"a" * 9000 + b"\x00" + b"On 3 May 2012, Gao.\n", "NUL bytes"),
        (bytes(b or 1 for b in random.Random(14).randbytes(200_000)), "control characters in 200,000"),
        (b"\x89PNG\r\n\x1a\n" + bytes(b or 7 for b in random.Random(1).randbytes(5000)), "control characters"),
    ],
    ids=["nul-after-8-kb", "random-bytes-no-nul", "png-no-nul"],
)
def test_binary_is_told_by_the_whole_files_character_classes(tmp_path, data, found):
    path = tmp_path / "binary.md"
    path.write_bytes(data)  # the first two were read as articles
    with pytest.raises(DocumentError, match=rf"^{re.escape(str(path))}: looks like a binary file \(.*{found}"):
        load_document(path)


def test_a_few_stray_control_characters_do_not_make_an_article_binary():
    text = ARTICLE + "Un code \x1b[1m gras\x1b[0m, une fin de page\x0c et un \x08 égaré.\n" + "Texte. " * 100
    assert parse_document(text.encode("utf-8"), "stray.md").title == "Bataille de Ménaka 🇲🇱"
    assert parse_document(text, "stray.md").title == "Bataille de Ménaka 🇲🇱"


@pytest.mark.parametrize(
    "written, shown",
    [
        ("calls __init__ first", "calls __init__ first"),
        ("sets window.__x to 1", "sets window.__x to 1"),
        ("snake_case and __dunder__ names", "snake_case and __dunder__ names"),
        ("**Operation Serval** began", "Operation Serval began"),
        ("the *Azawad* state", "the Azawad state"),
        ("2*3*4 is 24", "2*3*4 is 24"),
        ("[MNLA](https://example.org/mnla) fighters", "MNLA fighters"),
    ],
    ids=["init", "window-dunder", "snake-and-dunder", "bold", "italic", "products", "link"],
)
def test_text_is_kept_as_written_apart_from_markdown_markup(written, shown):
    document = parse_document(f"---\ntitle: {json.dumps(written)}\n---\n\n## {written}\n{written}.\n", "x.md")
    assert document.title == shown  # was: "calls init first", "sets window.x to 1"
    assert document.sections[1].title == shown
    assert document.sections[1].text == f"{shown}."
