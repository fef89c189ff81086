"""python -m mapapp bench: the speed goals, measured in one run, printed as one JSON object.

Goals: seed load-to-events < 50 ms; extraction linear in length and >= 2 MB/s; all export pages of the
seed < 1 s; an app phase change < 100 ms; `--help` and `extract` start < 0.5 s; the world layers add at
most 10 ms to the seed's load-to-events; the atlas 1.6 times as fast on 2 workers as on 1, and linear in
time and memory up to 5,000 articles (mapapp.atlas_bench). Heavy input and the app under load: mapapp/heavy.py
(issue #14).
"""

from __future__ import annotations

import logging
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import heavy
from .bench_app import GOALS as APP_GOALS
from .bench_app import app_figures
from .export import export_maps
from .extract import extract_events
from .gazetteer import Gazetteer, load_gazetteer
from .load import parse_document
from .pipeline import analyse, run

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "mali_war.md"


def _timed(func: Callable[[], Any], repeat: int, warm: bool = True) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (this thread) milliseconds of `repeat` runs of func, after one warm-up run
    (compiled patterns, the curated gazetteer, the bundled extract) unless warm is False."""
    if warm:
        func()
    walls, cpus = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.thread_time()
        func()
        cpus.append((time.thread_time() - start_cpu) * 1000)
        walls.append((time.perf_counter() - start) * 1000)
    return walls, cpus


def _median(times: list[float]) -> float:
    return round(statistics.median(times), 1)


def longer_article(times: int) -> bytes:
    """The seed's body repeated `times` times under its own front matter: a long article of the same kind."""
    text = SEED.read_bytes().decode("utf-8")
    head, sep, body = text.partition("\n---\n")
    return (head + sep + "\n".join([body] * times)).encode("utf-8")


def _startup_ms(args: list[str]) -> float:
    """The best of 3 whole runs of `python -m mapapp ARGS`."""
    command = [sys.executable, "-m", "mapapp", *args]
    walls, _ = _timed(lambda: subprocess.run(command, cwd=ROOT, capture_output=True, check=False), 3, warm=False)
    return round(min(walls), 1)


def _calibration_ms() -> float:
    """A fixed piece of plain Python (dictionary stores and int-to-text), best of 5: how fast this machine
    is right now. Every figure below scales with it; on this project's machine it reads ~40 ms, and a
    shared machine's slow spells show here first (56-64 ms seen, with every figure 1.4-1.5 times slower)."""
    def work() -> None:
        table: dict[int, str] = {}
        for i in range(300_000):
            table[i % 1000] = str(i)

    walls, _ = _timed(work, 5, warm=False)
    return round(min(walls), 1)


def run_bench(quick: bool = False) -> dict[str, Any]:
    repeat = 3 if quick else 11
    gazetteer = load_gazetteer()
    figures: dict[str, Any] = {"machine_calibration_ms": _calibration_ms()}
    seed_repeat = 9 if quick else 31  # a 50 ms step: many runs are cheap, and steady the median
    walls, cpus = _timed(lambda: run(SEED, gazetteer), seed_repeat)
    figures["seed_load_to_events_ms"] = _median(walls)
    # CPU time of this thread: what the code costs, without the waits of a shared machine; the best of
    # the runs as well (timeit's advice: what is above the minimum is other processes' noise).
    figures["seed_load_to_events_cpu_ms"] = _median(cpus)
    figures["seed_load_to_events_best_ms"] = round(min(walls), 1)
    result = run(SEED, gazetteer)
    figures["seed_events"] = len(result.events)
    figures.update(_gazetteer_figures(gazetteer, seed_repeat))

    # The long article, several runs: median wall time (the figure), best, and median CPU time.
    long_repeat = 1 if quick else 5
    sizes: dict[int, tuple[int, list[float], list[float]]] = {}
    for times in (10, 40):
        data = longer_article(times)
        sizes[times] = (len(data), *_timed(lambda: analyse(parse_document(data, f"seed-x{times}"), gazetteer),
                                           long_repeat, warm=False))
    size40, walls40, cpus40 = sizes[40]
    ms40 = statistics.median(walls40)
    figures["x40_article_bytes"] = size40
    figures["x40_extraction_ms"] = round(ms40, 1)
    figures["x40_extraction_mb_per_s"] = round(size40 / 1e6 / (ms40 / 1000), 2)
    figures["x40_extraction_best_mb_per_s"] = round(size40 / 1e6 / (min(walls40) / 1000), 2)
    figures["x40_extraction_cpu_mb_per_s"] = round(size40 / 1e6 / (statistics.median(cpus40) / 1000), 2)
    # Linear cost: 40 times the text should take about 4 times what 10 times the text takes.
    figures["x40_over_x10_time_ratio"] = round(ms40 / statistics.median(sizes[10][1]), 2)

    # One sentence naming a town again and again (issue #14): linear in the mentions of a sentence. The
    # whole analysis, and its extraction alone (sentences, dates, places: the rest is actors and control).
    size = 1_000_000 if quick else 10_000_000
    figures["one_line_10mb_towns_s"] = _one_line_seconds(gazetteer, size, analyse)
    figures["one_line_10mb_towns_extract_s"] = _one_line_seconds(gazetteer, size, extract_events)

    with tempfile.TemporaryDirectory() as out:
        walls, _ = _timed(lambda: export_maps(result, out), max(1, repeat // 3))
        figures["seed_export_all_pages_ms"] = _median(walls)
        pages = sorted(Path(out).glob("*.html"))
        figures["seed_export_pages"] = len(pages)
        largest = max((p.stat().st_size for p in pages), default=None)
        figures["seed_export_largest_page_kb"] = round(largest / 1024, 1) if largest is not None else None

    from .atlas_bench import atlas_figures  # here: it brings Dask, which no other figure needs

    # Before the app's figure: once AppTest has run in this process, every worker process Dask starts
    # prints Streamlit's "missing ScriptRunContext" warnings.
    figures.update(atlas_figures(quick))
    figures["app_phase_change_ms"] = _app_phase_change_ms(quick)
    figures.update(app_figures(quick))
    figures["cli_help_start_ms"] = _startup_ms(["--help"])
    figures["cli_extract_seed_ms"] = _startup_ms(["extract", str(SEED)])
    figures.update(heavy.heavy_figures(gazetteer, quick))
    figures["goals"] = {
        "seed_load_to_events_ms": 50, "x40_extraction_mb_per_s": 2.0, "seed_export_all_pages_ms": 1000,
        "app_phase_change_ms": 100, "cli_help_start_ms": 500, "cli_extract_seed_ms": 500,
        "world_layers_added_to_seed_cpu_ms": 10, "one_line_10mb_towns_s": 10, **APP_GOALS, **heavy.GOALS,
        "atlas_speedup_2w_over_1w": 1.6, "atlas_sim_time_ratio_x2": 2.2, "atlas_sim_memory_step_ratio_x2": 2.2,
    }
    return figures


def _one_line_seconds(gazetteer: Gazetteer, size: int, step: Callable[..., Any]) -> float:
    """Seconds `step` takes on an article of one line of `size` bytes: one sentence naming towns over and
    over (the article read once first)."""
    unit = " and Gao and Kidal"
    text = "---\ntitle: One line\n---\n\n## Fighting (May 2013)\nOn 5 May 2013, rebels entered Gao" + unit * (size // len(unit))
    document = parse_document(text + ".\n", "one-line")
    walls, _ = _timed(lambda: step(document, gazetteer), 1, warm=False)
    return round(walls[0] / 1000, 2)


def _gazetteer_figures(gazetteer: Gazetteer, repeat: int) -> dict[str, Any]:
    """What the world layers cost: opening every layer's index, one spelling test (the text side asks one
    per capitalised run), and the seed's load-to-events with every layer against the Sahel layers only,
    each run with a new Gazetteer (nothing remembered from the run before), in CPU time of this thread,
    which the shared machine's load does not inflate as it does the wall clock."""
    figures: dict[str, Any] = {}
    start = time.perf_counter()
    _fresh_layers()
    figures["gazetteer_open_layers_ms"] = round((time.perf_counter() - start) * 1000, 1)
    names = sorted({m.group(0) for m in re.finditer(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", SEED.read_text("utf-8"))})
    fresh = Gazetteer(gazetteer.curated, gazetteer.layers[1:])  # no remembered answers
    start = time.perf_counter()
    for name in names:
        fresh.knows(name)
    figures["gazetteer_knows_us_per_name"] = round((time.perf_counter() - start) * 1e6 / len(names), 1)
    sahel = [layer for layer in gazetteer.layers[1:] if layer.name == "sahel"]
    _, cpus_all = _timed(lambda: run(SEED, Gazetteer(gazetteer.curated, gazetteer.layers[1:])), repeat)
    _, cpus_sahel = _timed(lambda: run(SEED, Gazetteer(gazetteer.curated, sahel)), repeat)
    figures["seed_new_gazetteer_cpu_ms"] = _median(cpus_all)
    figures["seed_new_gazetteer_sahel_layers_only_cpu_ms"] = _median(cpus_sahel)
    figures["world_layers_added_to_seed_cpu_ms"] = round(_median(cpus_all) - _median(cpus_sahel), 1)
    return figures


def _fresh_layers() -> None:
    """Open every layer as a new process would (the indexes exist; nothing is built)."""
    from .gazetteer import layers

    layers._bundled_layer.cache_clear()
    layers._world_layer.cache_clear()
    layers.standard_layers()


def _app_phase_change_ms(quick: bool) -> float | None:
    """Median time of the app's rerun after the phase slider moves (Streamlit's AppTest, no browser)."""
    app = Path(__file__).resolve().parent / "app.py"
    if not app.exists():
        return None
    from streamlit.testing.v1 import AppTest  # only here: the bench may measure the app, the core never imports it

    logging.disable(logging.WARNING)  # AppTest's bare-mode warnings would bury the one JSON object
    try:
        return _time_phase_changes(AppTest, app, quick)
    finally:
        logging.disable(logging.NOTSET)


def _time_phase_changes(AppTest: Any, app: Path, quick: bool) -> float | None:
    at = AppTest.from_file(str(app), default_timeout=60)
    at.run().run()  # the second run, which the map starts once drawn, draws the controls
    slider = next((s for s in at.select_slider if s.label == "Phase"), None)
    if slider is None:
        return None
    options = list(slider.options)
    times = []
    for option in (options * 2)[: 4 if quick else 10]:
        start = time.perf_counter()
        at.select_slider(key=slider.key).set_value(option).run()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


__all__ = ["run_bench", "longer_article"]
