"""Heavy and hostile articles of any size, one per dimension an article can grow in, and what they cost:
the bench's figures for issue #14. Goals: doubling any dimension of an article at most about 2.5 times the
time; under 500 MB of memory for an article at the 25 MB limit; a 10 MB article of one line in under 10 s;
25 sessions opened at once on the app's server get their first map within 10 s (95th percentile), each new
session costing the server under 0.2 s of CPU."""

from __future__ import annotations

import datetime
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import MapAppError
from .gazetteer import Gazetteer
from .load import parse_document
from .pipeline import analyse

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "mali_war.md"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def dated(i: int) -> str:
    return f"On {1 + i % 28} {MONTHS[i % 12]} 2012, rebels attacked Gao."


def sentences_in_one_paragraph(n: int) -> str:
    return "---\ntitle: S\n---\n\n## Fighting (2012)\n" + " ".join(dated(i) for i in range(n)) + "\n"


def paragraphs(n: int) -> str:
    return "---\ntitle: P\n---\n\n## Fighting (2012)\n" + "\n\n".join(dated(i) for i in range(n)) + "\n"


def dated_headings(n: int) -> str:
    """A ## heading per day, each a phase of its own: 50,000 of them make the issue's 3 MB article."""
    first = datetime.date(1850, 1, 1)
    days = (first + datetime.timedelta(days=i) for i in range(n))
    headings = (f"## Fighting ({d.day} {d:%B} {d.year})\nRebels attacked Gao.\n\n" for d in days)
    return "---\ntitle: H\n---\n\n" + "".join(headings)


def mentions_in_one_sentence(n: int) -> str:
    """One sentence naming a town n times: '… attacked Gao and Gao and Gao …'."""
    head = "---\ntitle: M\n---\n\n## Fighting (2012)\n"
    return head + "On 3 May 2012, rebels attacked Gao" + " and Gao" * n + ".\n"


# The words the role and control rules read back for, around the parties of one long sentence: a helper
# ("backed by"), a part of a force ("a group of"), a source ("according to"), a speaker ("said that"), forces
# in a town ("stationed in"), a locator ("north of the town of"), a boundary ("between"), a forced move.
CUES_UNIT = (" and a group of MNLA fighters backed by Ansar Dine according to the MNLA, who said that MOJWA fighters"
             " stationed in the north of the town of Gao were forced by the MNLA to flee between Gao and Kidal")


def parties_and_cues_in_one_sentence(n: int) -> str:
    """One sentence naming parties 5n times among the cue words of CUES_UNIT, with five towns attacked, captured
    and left: each event's roles and control read back from its parties (a 260 KB one took minutes)."""
    head = "---\ntitle: R\n---\n\n## Fighting (2012)\nOn 3 May 2012, the MNLA attacked Gao and Kidal"
    return (head + CUES_UNIT * n + ", the MNLA captured Timbuktu and Menaka, and a convoy of MOJWA fighters withdrew"
            " from Ansongo.\n")


def generic_parties_in_one_sentence(n: int) -> str:
    """One sentence naming generic parties 2n times ("… and the rebels and the army …") after a paragraph that
    names the group they stand for: each was read against every party named before it (4,000: 3.3 s)."""
    head = "---\ntitle: G\n---\n\n## Fighting (2012)\nOn 3 May 2012, the MNLA took Kidal. On 4 May 2012, the army"
    return head + " attacked Gao" + " and the rebels and the army" * n + ".\n"


def infobox_fields(n: int) -> str:
    """An infobox with n fields, each with its text and a link, as Wikipedia's are written."""
    fields = "".join(f"    field{i}:\n      text: Value {i} of the war in Gao\n      links:\n"
                     f"        - type: internal\n          page: Page {i}\n" for i in range(n))
    head = ("---\ntitle: I\ninfoboxes:\n  - conflict:\n      text: War\n"
            "    date:\n      text: 16 January 2012\n")
    return f"{head}{fields}---\n\n## Fighting (2012)\n{dated(0)}\n"


def infobox_combatants(n: int) -> str:
    """An infobox whose first combatant field lists n groups, one per line."""
    names = "".join(f"        * Group{i} Brigade\n" for i in range(n))
    return ("---\ntitle: C\ninfoboxes:\n  - combatant1:\n      text: |\n" + names +
            f"    combatant2:\n      text: Mali\n---\n\n## Fighting (2012)\n{dated(0)}\n")


def billion_laughs(levels: int = 9) -> str:
    """Front matter whose aliases expand 9^levels times: 405 bytes for nine levels."""
    names = "abcdefghij"
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]"
              for previous, name in zip(names, names[1:levels])]
    return "---\n" + "\n".join(lines) + f"\ntitle: *{names[levels - 1]}\n---\n\n## X\n{dated(0)}\n"


def deep_nesting(levels: int = 100_000) -> str:
    return "---\nx: " + "[" * levels + "]" * levels + f"\n---\n\n## X\n{dated(0)}\n"


# Each dimension: how to make an article of size n, and the n its doubling starts from.
DIMENSIONS: dict[str, tuple[Callable[[int], str], int]] = {
    "sentences_per_paragraph": (sentences_in_one_paragraph, 2000),
    "paragraphs": (paragraphs, 2000),
    "headings": (dated_headings, 2000),
    "mentions_per_sentence": (mentions_in_one_sentence, 20000),
    "parties_and_cues_per_sentence": (parties_and_cues_in_one_sentence, 1000),
    "generic_parties_per_sentence": (generic_parties_in_one_sentence, 4000),
    "infobox_fields": (infobox_fields, 1000),
    "infobox_combatants": (infobox_combatants, 2000),
}


CACHED_ON_TEXT = {"infobox_combatants"}


def cpu_seconds(text: str, gazetteer: Gazetteer, runs: int = 3) -> float:
    """The best of `runs` CPU times of reading and analysing text (a refusal counts as done)."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        try:
            analyse(parse_document(text, "heavy.md"), gazetteer)
        except MapAppError:
            pass
        best = min(best, time.process_time() - start)
    return best


def growth_figures(gazetteer: Gazetteer, quick: bool = False) -> dict[str, float]:
    """Per dimension, the CPU time of twice the input over that of the input: about 2 when linear, 4 when
    quadratic; the issue's goal is at most about 2.5."""
    figures = {}
    for name, (make, n) in DIMENSIONS.items():
        if quick:
            n //= 4
        # The actors read from an infobox are cached on its text: a second run of the same text would time
        # the cache. Each size is then timed once, after a smaller one has warmed what is not per text.
        runs = 1 if quick or name in CACHED_ON_TEXT else 3
        cpu_seconds(make(n // 10), gazetteer, 1)
        small = cpu_seconds(make(n), gazetteer, runs)
        large = cpu_seconds(make(2 * n), gazetteer, runs)
        figures[f"growth_x2_{name}"] = round(large / max(small, 1e-6), 2)
    return figures


def hostile_figures(gazetteer: Gazetteer) -> dict[str, float]:
    """How long the refusals and the issue's heavy rows take, in the process."""
    figures = {}
    for name, text in (("billion_laughs", billion_laughs()), ("nesting_100000_deep", deep_nesting())):
        start = time.perf_counter()
        try:
            parse_document(text, "hostile.md")
        except MapAppError:
            pass
        figures[f"refuse_{name}_ms"] = round((time.perf_counter() - start) * 1000, 1)
    text = dated_headings(50_000)
    figures["headings_50000_bytes"] = len(text.encode("utf-8"))
    figures["headings_50000_s"] = round(cpu_seconds(text, gazetteer, 1), 2)
    return figures


def peak_memory_kb() -> int:
    """This process's peak resident memory (KB) since it started its program: /proc/self/status's VmHWM.

    Not getrusage's ru_maxrss: Linux carries that over exec from the process that started the program, and
    subprocess starts children with vfork, so a child reports at least its parent's peak (an article that
    took 260 MB read as 560 MB in a child of a pytest worker that had grown to 560 MB). ru_maxrss is the
    fallback where /proc is not (there, a figure that may be its parent's)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# A child process that reads and analyses one article and prints its time and peak memory: memory is a
# property of the whole process, and a child starts from nothing (peak_memory_kb: its own peak).
_CHILD = """
import json, sys, time
from mapapp.heavy import peak_memory_kb
from mapapp.pipeline import run
start = time.perf_counter()
result = run(sys.argv[1], max_mb=float(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - start, "events": len(result.events),
                  "max_rss_mb": peak_memory_kb() / 1024}))
"""


# A child process that runs one command (`python -m mapapp ARGS`), its output thrown away, and prints its
# time and its own peak memory.
_COMMAND_CHILD = """
import json, os, sys, time
from mapapp.cli import main
from mapapp.heavy import peak_memory_kb
sys.stdout = open(os.devnull, "w")
start = time.perf_counter()
status = main(sys.argv[1:])
print(json.dumps({"status": status, "seconds": time.perf_counter() - start,
                  "max_rss_mb": peak_memory_kb() / 1024}), file=sys.stderr)
"""


def command_in_child(args: list[str], timeout: float) -> dict[str, Any] | None:
    """Status, seconds and peak memory (MB) of `python -m mapapp ARGS` in a fresh process; None past the
    timeout."""
    try:
        proc = subprocess.run([sys.executable, "-c", _COMMAND_CHILD, *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(proc.stderr.splitlines()[-1])


def dated_sentences(size: int) -> str:
    """An article of about `size` characters in which every sentence is a dated event, eight to a paragraph."""
    head = "---\ntitle: D\n---\n\n## Fighting (2012)\n"
    parts, length, i = [head], len(head), 0
    while length < size - 100:
        part = dated(i) + ("\n\n" if i % 8 == 7 else " ")
        parts.append(part)
        length += len(part)
        i += 1
    return "".join(parts) + "\n"


def run_in_child(path: Path, timeout: float, max_mb: float = 25) -> dict[str, Any] | None:
    """Seconds, events and peak memory (MB) of analysing path in a fresh process; None past the timeout."""
    try:
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(max_mb)], cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(proc.stdout)


def seed_repeated(size: int) -> bytes:
    """An article of `size` bytes: the seed's front matter, then its body repeated (cut at size)."""
    head, separator, body = SEED.read_bytes().decode("utf-8").partition("\n---\n")
    copies = size // len(body.encode("utf-8")) + 1
    return (head + separator + "\n".join([body] * copies)).encode("utf-8")[:size]


GOALS = {**{f"growth_x2_{name}": 2.5 for name in DIMENSIONS}, "large_article_max_rss_mb": 500,
         "large_article_export_max_rss_mb": 500, "dated_sentences_extract_max_rss_mb": 500,
         "one_line_article_s": 10, "app_first_map_p95_s": 10, "app_server_cpu_per_new_session_s": 0.2}


def heavy_figures(gazetteer: Gazetteer, quick: bool = False) -> dict[str, Any]:
    """Every figure of this module, for `python -m mapapp bench`."""
    return {**growth_figures(gazetteer, quick), **hostile_figures(gazetteer), **large_article_figures(quick),
            **app_load_figures(quick)}


def large_article_figures(quick: bool) -> dict[str, Any]:
    """Peak memory of reading an article at the 25 MB limit (the seed's body repeated) and of exporting it,
    of extracting 25 MB of dated sentences, and the time of a 10 MB article of one line ('… Gao and Gao …'),
    each in a fresh process (a tenth of the sizes when quick); None when it ran past its timeout."""
    figures: dict[str, Any] = {}
    scale = 10 if quick else 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "limit.md"
        path.write_bytes(seed_repeated(25 * 1024 * 1024 // scale))
        done = run_in_child(path, timeout=900)
        figures["large_article_bytes"] = path.stat().st_size
        figures["large_article_events"] = done["events"] if done else None
        figures["large_article_max_rss_mb"] = round(done["max_rss_mb"]) if done else None
        # The whole export of that article: its pages are written one at a time (1.9 GB when all were built first)
        done = command_in_child(["export", str(path), "--out", str(Path(folder) / "maps")], timeout=1200)
        figures["large_article_export_s"] = round(done["seconds"], 1) if done else None
        figures["large_article_export_max_rss_mb"] = round(done["max_rss_mb"]) if done else None
        dated_path = Path(folder) / "dated.md"
        dated_path.write_text(dated_sentences(25 * 1024 * 1024 // scale), encoding="utf-8")
        done = command_in_child(["extract", str(dated_path), "--format", "csv"], timeout=1200)
        figures["dated_sentences_bytes"] = dated_path.stat().st_size
        figures["dated_sentences_extract_s"] = round(done["seconds"], 1) if done else None
        figures["dated_sentences_extract_max_rss_mb"] = round(done["max_rss_mb"]) if done else None
        line = Path(folder) / "one-line.md"
        line.write_text(mentions_in_one_sentence(10_000_000 // scale // len(" and Gao")), encoding="utf-8")
        done = run_in_child(line, timeout=120)
        figures["one_line_article_bytes"] = line.stat().st_size
        figures["one_line_article_s"] = round(done["seconds"], 2) if done else None
    return figures


def app_load_figures(quick: bool) -> dict[str, Any]:
    """The app's real server under `sessions` sessions opened at once (mapapp.loadtest): sessions per
    second, median and 95th percentile time to the first map, and the server's CPU per new session on an
    article it has already read (measured on sessions opened one after another)."""
    from .loadtest import app_server, measure_sessions  # streamlit and websockets: only for these figures

    sessions = 5 if quick else 25
    with app_server() as server:
        measure_sessions(server, 1)  # the server reads the article and imports the map's libraries once
        alone = [measure_sessions(server, 1) for _ in range(3 if quick else 10)]
        crowd = measure_sessions(server, sessions)
    return {
        "app_sessions_at_once": sessions, "app_sessions_per_s": crowd.sessions_per_s,
        "app_first_map_median_s": crowd.first_map_median_s, "app_first_map_p95_s": crowd.first_map_p95_s,
        "app_server_cpu_per_new_session_s": round(statistics.median(a.server_cpu_per_session_s
                                                                    for a in alone), 3),
        "app_first_map_alone_s": round(statistics.median(a.first_map_median_s for a in alone), 2),
    }
