"""The bench's simulated collection (mapapp.atlas_bench): other articles of like wars, made from the seeds."""

from __future__ import annotations

from collections import Counter

from mapapp.atlas import ArticleInput, analyse_article
from mapapp.atlas_bench import copy_name, simulated_article, write_collection
from mapapp.load import parse_document

TEXT = """---
title: A war
---
Lead, 29 February 2012.

## First phase (January–March 2012)

On 29 February 2012, rebels attacked Gao.

### Siege of 2013
"""


def test_copy_names_have_no_digits_and_never_repeat():
    names = [copy_name(n) for n in range(800)]
    assert names[:3] == ["A", "B", "C"] and names[25:28] == ["Z", "AA", "AB"]
    assert len(set(names)) == 800 and not any(c.isdigit() for name in names for c in name)


def test_a_simulated_article_shifts_every_year_by_whole_leap_cycles_and_renames_its_headings():
    text = simulated_article(TEXT, 3)
    assert "On 29 February 2024, rebels attacked Gao." in text and "Lead, 29 February 2024." in text
    assert "## Account D: First phase (January–March 2024)" in text and "### Account D: Siege of 2025" in text
    assert [s.title for s in parse_document(text, "x.md").sections][1] == "Account D: First phase (January–March 2024)"
    assert simulated_article(TEXT, 25).count("2012") == 3  # every 25th copy tells the same years again


def test_a_simulated_collection_reads_like_its_seeds(tmp_path):
    folder = write_collection(tmp_path, 30)
    files = sorted(folder.iterdir())
    assert len(files) == 30 and files[0].name.startswith("00000_")
    seed, copy = files[11], files[11 + 13]  # the same seed, first as it is, then as copy B
    assert seed.name.split("_", 1)[1] == copy.name.split("_", 1)[1]
    first, second = (analyse_article(ArticleInput(p.name, str(p))) for p in (seed, copy))
    assert not first.error and not second.error
    assert len(first.rows) == len(second.rows) > 100  # the Mali War: every event found again, 4 years on
    # Dated the same, four years on, but for the few dated from a year the text leaves unwritten ("the
    # following year" read against the article's present).
    moved = Counter(f"{int(r['event_date'][:4]) + 4}{r['event_date'][4:]} {r['location']}" for r in first.rows)
    found = Counter(f"{r['event_date']} {r['location']}" for r in second.rows)
    assert sum((moved & found).values()) >= 0.9 * len(first.rows)
