"""Shared fixtures: the seeds, the default gazetteer, and results computed once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mapapp.gazetteer import load_gazetteer  # noqa: E402
from mapapp.pipeline import run  # noqa: E402

SEED = ROOT / "seeds" / "mali_war.md"
DATA = ROOT / "tests" / "data"
ARTICLES = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
CLEAN_ARTICLES = [p for p in ARTICLES if p.name != "mali_war.md"]


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="session")
def seed_result(gazetteer):
    return run(SEED, gazetteer)
