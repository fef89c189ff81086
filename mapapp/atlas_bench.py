"""The atlas's figures for `python -m mapapp bench`: articles per second with 1 and 2 workers on the seeds
repeated to 200 articles, and the time and peak memory of a simulated collection of thousands of articles
at three sizes, to show that both grow linearly."""

from __future__ import annotations

import csv
import json
import multiprocessing
import re
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .atlas_run import analyse_articles, find_articles

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_HEADING = re.compile(r"^(#{2,4}[ \t]+)", re.MULTILINE)


def copy_name(copy: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': a name with no digits, which no date reader takes for a day."""
    name = ""
    copy += 1
    while copy:
        copy, rest = divmod(copy - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def simulated_article(text: str, copy: int) -> str:
    """A seed as another article of a like war: every year shifted by 4 × (copy % 25), whole leap cycles so
    that 29 February stays a date, and every heading renamed 'Account AB: …' (its dates kept). Copies 25
    apart tell the same happenings, as articles of one war do."""
    shift = 4 * (copy % 25)
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    return _HEADING.sub(lambda m: f"{m.group(1)}Account {copy_name(copy)}: ", text)


def write_collection(folder: Path, count: int) -> Path:
    """`count` articles made from the seeds in turn (the first round as they are) into folder."""
    seeds = sorted(p for p in SEEDS.iterdir() if p.is_file())
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        copy, which = divmod(number, len(seeds))
        text = texts[which] if copy == 0 else simulated_article(texts[which], copy)
        (folder / f"{number:05d}_{seeds[which].stem}.md").write_text(text, encoding="utf-8")
    return folder


def articles_per_second(folder: Path, workers: int, repeat: int) -> tuple[float, float, float]:
    """(steady rate with started workers, best of `repeat` runs; whole-run seconds including starting them;
    the workers' CPU milliseconds per article, their start and warm-up included). The CPU figure does not
    depend on what else the machine runs: about equal for 1 and 2 workers, it says that the work splits with
    no overhead, whatever the wall clock of a busy machine says."""
    articles, _, _ = find_articles([folder])
    start = time.perf_counter()
    analyse_articles(articles, workers)  # Dask starts and stops its own worker processes
    cold = time.perf_counter() - start
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        analyse_articles(articles[: 4 * workers], workers, pool=pool)  # imports and gazetteer, once per worker
        steady = []
        for _ in range(repeat):  # the best run: what is above it is other processes on a shared machine
            start = time.perf_counter()
            analyse_articles(articles, workers, pool=pool)
            steady.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pool's processes, waited for on leaving `with`
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / (repeat * len(articles) + 4 * workers)
    return round(len(articles) / min(steady), 1), round(cold, 2), round(cpu * 1000, 1)


# Runs `python -m mapapp atlas` in a fresh process, so that its peak memory is its own: the main process
# (which merges and writes) and the largest worker (which reads articles) are reported apart. The main
# process's peak is its VmHWM (heavy.peak_memory_kb): getrusage's ru_maxrss would carry over the peak of the
# bench process that started it. The workers' figure is getrusage's for the children, which the kernel
# keeps only as ru_maxrss: a worker's own peak, or the main process's size when it started the worker if
# that was larger.
_MEASURE = """
import contextlib, io, json, resource, sys, time
from mapapp.cli import main
from mapapp.heavy import peak_memory_kb
start = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["atlas", sys.argv[1], "--out", sys.argv[2], "--quiet", "--workers", sys.argv[3]])
print(json.dumps({"code": code, "seconds": time.perf_counter() - start,
                  "main_mb": peak_memory_kb() / 1024,
                  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measure_collection(folder: Path, out: Path, workers: int) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-c", _MEASURE, str(folder), str(out), str(workers)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"atlas of {folder.name} failed: {proc.stderr[-2000:]}")
    figures = json.loads(proc.stdout.splitlines()[-1])
    with (out / "events.csv").open(encoding="utf-8", newline="") as rows:
        sources = [int(row["sources"]) for row in csv.DictReader(rows)]
    figures["events"], figures["reports"] = len(sources), sum(sources)
    figures["index_mb"] = (out / "index.html").stat().st_size / 1e6
    return figures


def atlas_figures(quick: bool = False) -> dict[str, Any]:
    """Every atlas figure of the bench. quick: smaller collections, for the test that runs the bench."""
    speed_articles = 20 if quick else 200
    sizes = (20, 40, 80) if quick else (1250, 2500, 5000)
    figures: dict[str, Any] = {"atlas_speed_articles": speed_articles}
    with tempfile.TemporaryDirectory() as temp:
        folder = write_collection(Path(temp) / "speed", speed_articles)
        for workers in (1, 2):
            rate, cold, cpu = articles_per_second(folder, workers, 1 if quick else 3)
            figures[f"atlas_articles_per_s_{workers}w"] = rate
            figures[f"atlas_whole_run_s_{workers}w"] = cold
            figures[f"atlas_worker_cpu_ms_per_article_{workers}w"] = cpu
        figures["atlas_speedup_2w_over_1w"] = round(figures["atlas_articles_per_s_2w"] / figures["atlas_articles_per_s_1w"], 2)
        runs = []
        for size in sizes:
            collection = write_collection(Path(temp) / f"sim-{size}", size)
            runs.append(measure_collection(collection, Path(temp) / f"out-{size}", 2))
    figures["atlas_sim_articles"] = list(sizes)
    figures["atlas_sim_seconds"] = [round(r["seconds"], 1) for r in runs]
    figures["atlas_sim_main_peak_mb"] = [round(r["main_mb"]) for r in runs]
    figures["atlas_sim_worker_peak_mb"] = [round(r["worker_mb"]) for r in runs]
    figures["atlas_sim_events"] = [r["events"] for r in runs]  # copies 25 apart merge: this stops growing
    figures["atlas_sim_reports"] = [r["reports"] for r in runs]
    figures["atlas_sim_index_html_mb"] = [round(r["index_mb"], 1) for r in runs]
    # Linear: the sizes double, so the time doubles (a little less: starting the workers is fixed), and so
    # does what each doubling adds to the memory (the interpreter and libraries are a fixed part of it).
    figures["atlas_sim_time_ratio_x2"] = round(runs[2]["seconds"] / runs[1]["seconds"], 2)
    first, second = runs[1]["main_mb"] - runs[0]["main_mb"], runs[2]["main_mb"] - runs[1]["main_mb"]
    figures["atlas_sim_memory_step_ratio_x2"] = round(second / first, 2) if first > 0 else None
    return figures
