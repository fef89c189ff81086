"""The atlas's per-article analysis on Dask: a bag over the articles, run by Dask's local process scheduler
(one worker per core by default) or by a running dask.distributed cluster. Dask enters mapapp here only.

The result is the same whatever runs it: each article is analysed alone, and mapapp.atlas.build_atlas
sorts what comes back, so the number of workers and the order they finish in change nothing.
"""

from __future__ import annotations

import functools
import math
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import dask
import dask.bag
from dask.callbacks import Callback
from dask.system import CPU_COUNT
from tqdm import tqdm

from .atlas import ArticleInput, ArticleOutcome, analyse_article
from .errors import MapAppError
from .gazetteer import Gazetteer, load_gazetteer

# In a folder, these are read as articles (and files with no extension); other files are listed in the
# report as skipped: a folder of articles often holds pictures, a README, or a previous atlas.
ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text", ".wiki", ""})
ARTICLES_PER_TASK = 10  # a task reads about this many articles: a tenth of a second or more of work
CLUSTER_TIMEOUT = "10s"  # how long to wait for a --scheduler address before saying it cannot be reached


class SchedulerError(MapAppError, ConnectionError):
    """The --scheduler address does not answer, or is not a Dask scheduler."""


def find_articles(paths: Sequence[str | os.PathLike[str]], exclude: str | os.PathLike[str] | None = None
                  ) -> tuple[list[ArticleInput], list[ArticleOutcome], list[str]]:
    """Files and folders (searched recursively) -> (articles to read, sorted by name; outcomes of paths that
    do not exist; names of folder files skipped for their extension).

    A file given by path is read whatever its extension; in a folder, hidden files and folders, files under
    `exclude` (the atlas's own output folder) and files whose extension is not in ARTICLE_SUFFIXES are not.
    Neither are pipes, sockets or devices (listed as skipped). An article is named by its path inside the
    folder given, or by its file name; the same file reached twice is read once.
    """
    skip = Path(exclude).resolve() if exclude is not None else None
    found: dict[Path, tuple[str, Path]] = {}  # resolved path -> (name, path as given)
    missing: list[ArticleOutcome] = []
    skipped: list[str] = []
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for path, name in _walk(root, skip):
                # Only regular files: a named pipe in the folder would hang the worker that opened it.
                if path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file():
                    found.setdefault(path.resolve(), (name, path))
                else:
                    skipped.append(name)
        elif root.exists() or root.is_symlink():
            found.setdefault(root.resolve(), (root.name, root))
        else:
            missing.append(ArticleOutcome(root.name or str(given), error=f"{root.name or given}: no such file or folder."))
    names: set[str] = set()
    articles = []
    for _, (name, path) in sorted(found.items(), key=lambda item: (item[1][0], str(item[1][1]))):
        unique, number = name, 1
        while unique in names:  # two folders with a file of the same name: both are read, told apart
            number += 1
            unique = f"{name} ({number})"
        names.add(unique)
        articles.append(ArticleInput(unique, str(path)))
    return articles, missing, sorted(skipped)


def _walk(root: Path, skip: Path | None) -> Iterator[tuple[Path, str]]:
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".")
                               and (skip is None or (here / d).resolve() != skip))
        for file in sorted(files):
            path = here / file
            if not file.startswith(".") and (skip is None or skip not in path.resolve().parents):
                yield path, path.relative_to(root).as_posix()


@functools.lru_cache(maxsize=2)
def worker_gazetteer(path: str | None) -> Gazetteer:
    """One gazetteer per worker process, for every article it reads: a gazetteer remembers the names it
    has looked up, and a new one per article cost 8 ms of a Sumy's 19."""
    return load_gazetteer(path) if path else load_gazetteer()


def _analyse_all(articles: Sequence[ArticleInput], gazetteer_path: str | None) -> list[ArticleOutcome]:
    """One task's articles, analysed in turn in a worker."""
    gazetteer = worker_gazetteer(gazetteer_path)
    return [analyse_article(article, gazetteer) for article in articles]


def article_bag(articles: Sequence[ArticleInput], workers: int, gazetteer_path: str | None = None) -> dask.bag.Bag:
    """The articles as a Dask bag in partitions of about ARTICLES_PER_TASK, analysed by map_partitions."""
    partitions = max(1, min(len(articles), max(4 * workers, math.ceil(len(articles) / ARTICLES_PER_TASK))))
    return dask.bag.from_sequence(list(articles), npartitions=partitions).map_partitions(
        _analyse_all, gazetteer_path)


class _TaskProgress(Callback):
    """Dask's local-scheduler callback: each finished analysis task advances the bar by its articles."""

    def __init__(self, bar: tqdm, name: str) -> None:
        super().__init__()
        self.bar, self.name = bar, name

    def _posttask(self, key: Any, result: Any, dsk: Any, state: Any, worker_id: Any) -> None:
        if isinstance(key, tuple) and key[0] == self.name:
            self.bar.update(len(result))


def progress_bar(total: int, show: bool) -> tqdm:
    """The bar on stderr: articles analysed out of all, and their rate."""
    return tqdm(total=total, unit="article", desc="mapapp atlas", file=sys.stderr, disable=not show,
                dynamic_ncols=True, leave=True)


def analyse_articles(articles: Sequence[ArticleInput], workers: int | None = None, scheduler: str | None = None,
                     gazetteer_path: str | None = None, show_progress: bool = False,
                     pool: Executor | None = None) -> list[ArticleOutcome]:
    """Every article's outcome, in the order given. workers: processes of the local scheduler (default
    one per core); scheduler: the address of a running dask.distributed scheduler ('tcp://host:8786'),
    which then does the work with its own workers (they are sent the articles' bytes, not their paths).
    pool: worker processes already started, for the local scheduler to use instead of starting its own
    (the bench measures steady throughput with it)."""
    if not articles:
        return []
    workers = max(1, workers or CPU_COUNT)
    if scheduler:
        return _on_cluster(articles, scheduler, workers, gazetteer_path, show_progress)
    bag = article_bag(articles, workers, gazetteer_path)
    with progress_bar(len(articles), show_progress) as bar, _TaskProgress(bar, bag.name):
        # chunksize=1: tasks go to whichever worker is free, one at a time; a long article does not hold
        # five others back behind it.
        return bag.compute(scheduler="processes", num_workers=workers, chunksize=1, pool=pool)


def _on_cluster(articles: Sequence[ArticleInput], address: str, workers: int, gazetteer_path: str | None,
                show_progress: bool) -> list[ArticleOutcome]:
    from distributed import Client, as_completed

    sent, unread = [], {}
    for article in articles:
        try:
            sent.append(ArticleInput(article.name, article.path, Path(article.path).read_bytes()))
        except OSError as err:
            unread[article.name] = ArticleOutcome(article.name, error=f"{article.name}: cannot be read "
                                                                      f"({err.strerror or err}).")
    try:
        client = Client(address, timeout=CLUSTER_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise SchedulerError(f"Cannot reach a Dask scheduler at {address!r} ({err}). Start one "
                             "(`dask scheduler`, then `dask worker ADDRESS`) or leave out --scheduler.") from err
    with client:
        parts = article_bag(sent, workers, gazetteer_path).to_delayed()
        futures = client.compute(parts)
        with progress_bar(len(articles), show_progress) as bar:
            bar.update(len(unread))
            for _, done in as_completed(futures, loop=client.loop, with_results=True):
                bar.update(len(done))
        outcomes = {o.name: o for part in client.gather(futures) for o in part}
    outcomes.update(unread)
    return [outcomes[a.name] for a in articles]
