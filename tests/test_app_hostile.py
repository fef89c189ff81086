"""The app under hostile uploads and its own bugs: one message, never a traceback, the current article kept,
the details in the server's log (issue #14). Driven by Streamlit's AppTest, no browser."""

from __future__ import annotations

import codecs
import logging
import random

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from mapapp import appdata, maps, pipeline
from mapapp.heavy import dated_headings, paragraphs
from test_app import map_drawn
from test_front_matter import billion_laughs

APP = ROOT / "mapapp" / "app.py"
BODY = "\n## Fighting\nOn 3 May 2012, rebels attacked Gao.\n"


def open_app() -> AppTest:
    return map_drawn(AppTest.from_file(str(APP), default_timeout=60).run())


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    """Into the sidebar's uploader, whatever its key (a new one after each upload)."""
    (widget,) = at.get("file_uploader")
    return at.file_uploader(key=widget.key).upload(name, data).run()


def unescaped(markdown: str) -> str:
    return markdown.replace("\\", "")


@pytest.fixture
def server_log():
    """What the app writes to the server's log (its logger, whatever handlers Streamlit gave it)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("mapapp.app")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def assert_kept_with_one_error(at: AppTest, *words: str) -> str:
    assert not at.exception
    (error,) = at.error
    message = unescaped(error.value)
    assert message.startswith("**Could not open the upload.** ") and message.endswith("Still showing mali_war.md.")
    assert "Traceback" not in message and str(ROOT) not in message
    for word in words:
        assert word in message
    assert at.title[0].value == "Mali War" and at.selectbox(key="doc").value == "mali_war.md"
    return message


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("laughs.md", f"---\n{billion_laughs()}\n---\n{BODY}".encode(), ["laughs.md: ", "1,000,000 characters"]),
        ("deep.md", ("---\nx: " + "[" * 100_000 + "]" * 100_000 + f"\n---\n{BODY}").encode(),
         ["deep.md: ", "deeper than 100 levels"]),
        ("noise.md", bytes(b or 1 for b in random.Random(14).randbytes(200_000)), ["noise.md: ", "binary"]),
        ("late-nul.md", f"---\ntitle: x\n---\n{BODY}".encode() + b"a" * 9000 + b"\x00", ["NUL bytes"]),
    ],
    ids=["billion-laughs", "100000-deep", "random-bytes", "nul-after-8-kb"],
)
def test_a_hostile_upload_is_refused_in_one_line_and_the_article_stays(name, data, words):
    at = upload(open_app(), name, data)  # was: 7.2 GB and growing; a crash; read as an article
    assert_kept_with_one_error(at, *words)


@pytest.mark.parametrize(
    "front, note",
    [("infoboxes: 5", "front matter 'infoboxes' is a number"),
     ("d: 2012-02-31", "front matter line 3: '2012-02-31' is not a real date")],
    ids=["infoboxes-number", "impossible-timestamp"],
)
def test_an_upload_with_odd_front_matter_opens_with_a_note(front, note):
    at = upload(open_app(), "odd.md", f"---\ntitle: Odd\n{front}\n---\n{BODY}".encode())
    assert not at.exception and not at.error  # was: a full traceback with file paths, and a blank page
    assert at.title[0].value == "Odd"
    assert any(unescaped(info.value).startswith(f"odd.md: {note}") for info in at.info)


def test_a_utf16_upload_is_read_as_text():
    at = upload(open_app(), "wide.md", codecs.BOM_UTF16_LE + f"---\ntitle: Ménaka\n---\n{BODY}".encode("utf-16-le"))
    assert not at.exception and not at.error
    assert at.title[0].value == "Ménaka"


def test_a_bug_while_reading_an_upload_is_one_message_and_its_details_go_to_the_log(monkeypatch, server_log):
    real = pipeline.run_text

    def broken(data, name="<upload>", *args, **kwargs):
        if name == "bug.md":
            raise RuntimeError("internal detail /srv/secret/path")
        return real(data, name, *args, **kwargs)

    monkeypatch.setattr(pipeline, "run_text", broken)
    at = upload(open_app(), "bug.md", f"---\ntitle: Bug\n---\n{BODY}".encode())
    message = assert_kept_with_one_error(at, "'bug.md' could not be shown", "(RuntimeError)", "server's log")
    assert "/srv/secret/path" not in message
    (record,) = server_log
    assert record.exc_info[1].args == ("internal detail /srv/secret/path",)


def test_an_upload_whose_maps_fail_is_refused_before_it_replaces_the_article(monkeypatch, server_log):
    def broken(result):
        raise ValueError("a map that cannot be drawn")

    at = open_app()  # the current article's files are made (and cached) before the upload's maps break
    monkeypatch.setattr(appdata, "download_files", broken)
    at = upload(at, "unmappable.md", f"---\ntitle: Unmappable\n---\n{BODY}".encode())
    assert_kept_with_one_error(at, "'unmappable.md' could not be shown", "(ValueError)")
    assert len(server_log) == 1


def test_a_bug_while_drawing_the_view_shows_no_traceback_and_keeps_the_article(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("internal detail /srv/secret/path")

    monkeypatch.setattr(maps, "marker_layer", broken)
    at = open_app()
    (shown,) = at.exception
    assert list(shown.stack_trace) == [] and "/srv/secret/path" not in shown.message
    assert "RuntimeError" not in shown.message
    assert at.title[0].value == "Mali War"  # what was drawn before the failure stays
    assert at.selectbox(key="doc").value == "mali_war.md"


@pytest.mark.parametrize(
    "article, words",
    [
        (dated_headings(appdata.MAX_PHASES + 50),
         f"has {appdata.MAX_PHASES + 50} dated sections; the app shows at most {appdata.MAX_PHASES}"),
        (paragraphs(appdata.MAX_EVENTS + 100),
         f"has {appdata.MAX_EVENTS + 100:,} dated town events; the app shows at most {appdata.MAX_EVENTS:,}"),
    ],
    ids=["phases", "events"],
)
def test_an_upload_larger_than_the_app_draws_is_refused_in_one_line(article, words):
    # was: a page per phase built in the server's memory, 3.2 GB for a 25 MB article
    at = upload(open_app(), "large.md", article.encode())
    assert_kept_with_one_error(at, "'large.md' ", words, "python -m mapapp export")
