"""Shared fixtures: the seeds, the default gazetteer, and results computed once per session."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mapapp.gazetteer import load_gazetteer  # noqa: E402
from mapapp.pipeline import run  # noqa: E402

# Hypothesis profiles, for the tests that take their number of examples from them (tests/test_fuzz.py): `ci`,
# the default, runs issue #14's 10,000 examples (2,500 in each of four tests); `dev` a tenth, for a quick run
# on the command line (`pytest --hypothesis-profile=dev`).
settings.register_profile("ci", max_examples=2500)
settings.register_profile("dev", max_examples=250)
settings.load_profile("ci")

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


# Debian's chromium, driven by Playwright; never a downloaded browser.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """A headless Chromium for the browser tests.

    Without chromium the browser tests skip with a message, but `make test` (and so CI) sets
    MAPAPP_REQUIRE_BROWSER=1: there they fail instead, never skip silently.
    """
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        message = "Debian's chromium is not installed: run `make browser`"
        if os.environ.get("MAPAPP_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
