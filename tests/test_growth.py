"""Linear time in every dimension of an article (issue #14): four times the input may take at most about
2.5 x 2.5 times the time (a quadratic step takes 16 times). CPU time of this process, the best of three runs,
so that a busy machine's waits do not count. Absolute speeds live in `python -m mapapp bench`."""

from __future__ import annotations

import contextlib
import datetime
import io
import time
from collections.abc import Callable

import pytest

from mapapp.cli import main
from mapapp.load import parse_document
from mapapp.pipeline import analyse

GROWTH_PER_DOUBLING = 2.5
MONTHS = "January February March April May June July August September October November December".split()


def dated(i: int) -> str:
    return f"On {1 + i % 28} {MONTHS[i % 12]} 2012, rebels attacked Gao."


def sentences_in_one_paragraph(n: int) -> str:
    return "---\ntitle: S\n---\n\n## Fighting (2012)\n" + " ".join(dated(i) for i in range(n)) + "\n"


def paragraphs(n: int) -> str:
    return "---\ntitle: P\n---\n\n## Fighting (2012)\n" + "\n\n".join(dated(i) for i in range(n)) + "\n"


def dated_headings(n: int) -> str:
    """A ## heading per day, each a phase of its own: the shape of '50,000 dated headings'."""
    first = datetime.date(1850, 1, 1)
    days = (first + datetime.timedelta(days=i) for i in range(n))
    return "---\ntitle: H\n---\n\n" + "".join(f"## Fighting ({d.day} {d:%B} {d.year})\nRebels attacked Gao.\n\n"
                                             for d in days)


def infobox_fields(n: int) -> str:
    """An infobox with n fields, each with its text and a link, as Wikipedia's are written."""
    fields = "".join(f"    field{i}:\n      text: Value {i} of the war in Gao\n      links:\n"
                     f"        - type: internal\n          page: Page {i}\n" for i in range(n))
    return ("---\ntitle: I\ninfoboxes:\n  - conflict:\n      text: War\n    date:\n      text: 16 January 2012\n"
            f"{fields}---\n\n## Fighting (2012)\n{dated(0)}\n")


def analysis_seconds(text: str) -> float:
    return _best_cpu(lambda: analyse(parse_document(text, "growth.md")))


def phases_command_seconds(text: str, tmp_path) -> float:
    """The whole `phases` command, which counts each phase's events and towns."""
    path = tmp_path / "growth.md"
    path.write_text(text, encoding="utf-8")

    def command() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["phases", str(path)]) == 0

    return _best_cpu(command)


def _best_cpu(work: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


@pytest.mark.parametrize(
    "make, n",
    [(sentences_in_one_paragraph, 1000), (paragraphs, 1000), (infobox_fields, 500)],
    ids=["sentences-per-paragraph", "paragraphs", "infobox-fields"],
)
def test_analysis_grows_linearly(gazetteer, make, n):
    analyse(parse_document(make(n), "warm.md"), gazetteer)
    small, large = analysis_seconds(make(n)), analysis_seconds(make(4 * n))
    assert large / small <= GROWTH_PER_DOUBLING ** 2, f"{small:.3f} s -> {large:.3f} s for 4 times the input"


def test_dated_headings_grow_linearly_through_the_phases_command(gazetteer, tmp_path):
    # was: 124 s for 50,000 headings, 40,000 taking 4.1 times as long as 20,000
    n = 1500
    phases_command_seconds(dated_headings(100), tmp_path)
    small = phases_command_seconds(dated_headings(n), tmp_path)
    large = phases_command_seconds(dated_headings(4 * n), tmp_path)
    assert large / small <= GROWTH_PER_DOUBLING ** 2, f"{small:.3f} s -> {large:.3f} s for 4 times the headings"
