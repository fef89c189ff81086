"""The atlas on Dask: which files are read, the same bytes for 1 and 2 workers and on a dask.distributed
cluster, a bad file that does not stop the atlas, and the `atlas` command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLES, ROOT
from mapapp.atlas import build_atlas
from mapapp.atlas_export import atlas_files
from mapapp.atlas_run import analyse_articles, find_articles

BAD_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    """The seeds in a folder and a sub-folder, with a binary file named like an article among them."""
    folder = tmp_path_factory.mktemp("collection")
    for number, article in enumerate(ARTICLES):
        target = folder / ("more" if number % 2 else "") / article.name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(article, target)
    (folder / "more" / "scan.md").write_bytes(BAD_BYTES)
    return folder


def atlas_bytes(folder: Path, **how) -> dict[str, bytes]:
    articles, missing, skipped = find_articles([folder])
    outcomes = analyse_articles(articles, **how)
    files = atlas_files(build_atlas([*outcomes, *missing]), skipped)
    return {name: data if isinstance(data, bytes) else data.encode("utf-8") for name, data in files.items()}


@pytest.fixture(scope="module")
def one_worker(collection):
    return atlas_bytes(collection, workers=1)


# --- which files -----------------------------------------------------------------------------------------

def test_folders_are_searched_recursively_and_articles_named_inside_them(tmp_path):
    (tmp_path / "syria" / "2013").mkdir(parents=True)
    (tmp_path / "syria" / "2013" / "qusayr.md").write_text("x", encoding="utf-8")
    (tmp_path / "syria" / "notes").write_text("x", encoding="utf-8")  # no extension: read
    (tmp_path / "syria" / "map.png").write_bytes(b"png")  # not an article's extension: skipped, and said
    (tmp_path / "syria" / ".hidden.md").write_text("x", encoding="utf-8")
    os.mkfifo(tmp_path / "syria" / "pipe.md")  # opening it would wait for a writer forever
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.md").write_text("x", encoding="utf-8")
    lone = tmp_path / "lone.article"
    lone.write_text("x", encoding="utf-8")
    articles, missing, skipped = find_articles([tmp_path / "syria", lone, tmp_path / "nowhere"])
    assert [a.name for a in articles] == ["2013/qusayr.md", "lone.article", "notes"]
    assert skipped == ["map.png", "pipe.md"]
    assert [m.error for m in missing] == ["nowhere: no such file or folder."]


def test_the_output_folder_and_a_file_reached_twice_are_not_read(tmp_path):
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "atlas").mkdir()
    (tmp_path / "atlas" / "report.md").write_text("x", encoding="utf-8")
    articles, _, _ = find_articles([tmp_path, tmp_path / "a.md"], exclude=tmp_path / "atlas")
    assert [a.name for a in articles] == ["a.md"]


def test_two_files_of_the_same_name_in_two_folders_are_both_read(tmp_path):
    for side in ("left", "right"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "battle.md").write_text(side, encoding="utf-8")
    articles, _, _ = find_articles([tmp_path / "left", tmp_path / "right"])
    assert sorted(a.name for a in articles) == ["battle.md", "battle.md (2)"]


# --- Dask ------------------------------------------------------------------------------------------------

def test_one_and_two_workers_give_the_same_bytes(collection, one_worker):
    assert atlas_bytes(collection, workers=2) == one_worker


def test_a_bad_file_in_the_folder_is_reported_and_every_other_article_is_read(one_worker):
    report = one_worker["report.md"].decode("utf-8")
    assert "- **more/scan.md**: more/scan.md: looks like a binary file" in report
    assert f"Read {len(ARTICLES) + 1} articles: {len(ARTICLES)} analysed, 1 failed" in report
    assert "| mali_war.md | Mali War |" in report or "| more/mali_war.md | Mali War |" in report


def test_a_local_distributed_cluster_gives_the_same_bytes_as_the_default_scheduler(collection, one_worker):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert atlas_bytes(collection, scheduler=cluster.scheduler_address) == one_worker


# --- the command line ------------------------------------------------------------------------------------

def atlas_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mapapp", "atlas", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_the_command_writes_the_atlas_lists_its_files_and_names_the_bad_file(collection, one_worker, tmp_path):
    out = tmp_path / "atlas"
    proc = atlas_cli(str(collection), "--out", str(out), "--workers", "2")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.splitlines() == [str(out / name) for name in
                                        ("index.html", "events.csv", "events.geojson", "events.parquet",
                                         "control.csv", "report.md")]
    assert "mapapp: note: more/scan.md: looks like a binary file" in proc.stderr
    assert "article" in proc.stderr and "100%" in proc.stderr  # the progress bar
    assert {name: (out / name).read_bytes() for name in one_worker} == one_worker


@pytest.mark.parametrize(("args", "message"), [
    (["--workers", "0"], "expected a whole number of workers, 1 or more, instead got: '0'"),
    (["--workers", "two"], "expected a whole number of workers, 1 or more, instead got: 'two'"),
], ids=["zero-workers", "words"])
def test_bad_options_exit_2_with_one_line(args, message, tmp_path):
    proc = atlas_cli(str(ROOT / "seeds"), "--out", str(tmp_path / "o"), *args)
    assert proc.returncode == 2 and message in proc.stderr
    assert not (tmp_path / "o").exists()


def test_a_folder_with_no_article_exits_2_and_writes_nothing(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = atlas_cli(str(tmp_path / "empty"), "--out", str(tmp_path / "o"), "--quiet")
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("mapapp: error: No article found in 'empty': give article files, or folders "
                                   "that hold .md or .txt files.")
    assert not (tmp_path / "o").exists()


def test_an_out_that_is_a_file_exits_2_before_reading_anything(tmp_path):
    (tmp_path / "taken").write_text("mine", encoding="utf-8")
    proc = atlas_cli(str(ROOT / "seeds"), "--out", str(tmp_path / "taken"), "--quiet")
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("mapapp: error: Cannot write the atlas to 'taken': it is a file, not a folder. "
                                   "Pass another --out.")
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine"


def test_an_unreachable_scheduler_exits_2_with_one_line(tmp_path):
    proc = atlas_cli(str(ROOT / "seeds" / "mali_war.md"), "--out", str(tmp_path / "o"), "--quiet",
                     "--scheduler", "tcp://127.0.0.1:9")
    assert proc.returncode == 2, proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mapapp: error: Cannot reach a Dask scheduler at 'tcp://127.0.0.1:9'")
    assert not (tmp_path / "o").exists()
