"""The app's and the exported pages' figures for `python -m mapapp bench`: the first marker in Chromium after
opening the app on a warm server, a date-span change on the server, and the largest exported page of any seed.

The first marker is stamped by the page itself, on the first animation frame in which the map's frame has
its height and a town marker in it (what a user first sees): Playwright's own wait, read as well, checks
every 500 ms once it has waited a while, and so adds 0-0.5 s that no user waits for.

The browser figure needs Playwright (a test tool) and Debian's chromium; without them it is None, not a crash.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
MARKER = ".leaflet-overlay-pane path.leaflet-interactive"
MAP_FRAME = "iframe[src*='streamlit_folium.st_folium']"
# Run in the page before its own scripts: on each animation frame (just before the browser paints it), is the
# map's frame laid out with a height, and is a marker with a size in it? The first such frame is stamped.
FIRST_MARKER_SCRIPT = """
if (window === window.top) {
  const look = () => {
    const frame = document.querySelector(%s);
    let doc = null;
    try { doc = frame && frame.getBoundingClientRect().height > 0 ? frame.contentDocument : null; } catch (e) {}
    const marker = doc && doc.querySelector(%s);
    const box = marker && marker.getBoundingClientRect();
    if (box && box.width > 0 && box.height > 0) window.__mapappFirstMarker = Date.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}
""" % (json.dumps(MAP_FRAME), json.dumps(MARKER))
GOALS = {"app_first_marker_ms": 3000, "app_date_span_change_ms": 100, "seeds_export_largest_page_kb": 300}


def app_figures(quick: bool = False) -> dict[str, Any]:
    in_page, waited = first_marker_ms(2 if quick else 5)
    return {"app_first_marker_ms": in_page, "app_first_marker_playwright_ms": waited,
            "app_date_span_change_ms": date_span_change_ms(quick),
            "seeds_export_largest_page_kb": largest_page_kb()}


def largest_page_kb() -> float:
    """The largest page any article in seeds/ exports (the goal is 300 KB: each page is shared on its own)."""
    from .export import build_pages
    from .pipeline import run

    largest = 0
    for path in sorted((ROOT / "seeds").iterdir()):
        if path.is_file():
            largest = max([largest, *(len(page.encode("utf-8")) for page in build_pages(run(path)).values())])
    return round(largest / 1024, 1)


def date_span_change_ms(quick: bool) -> float | None:
    """Median time of the app's rerun after the date span moves (Streamlit's AppTest, no browser)."""
    import datetime as dt
    import logging

    from streamlit.testing.v1 import AppTest  # the bench may drive the app; the core never imports it

    logging.disable(logging.WARNING)  # AppTest's bare-mode warnings would bury the one JSON object
    try:
        at = AppTest.from_file(str(ROOT / "mapapp" / "app.py"), default_timeout=60)
        at.query_params["phase"] = "foreign-intervention-january-2013"
        at.run().run()  # the second run, which the map starts once drawn, draws the controls
        if not at.slider or at.exception:
            return None
        start, end = at.slider(key="span").value
        times = []
        for days in range(4 if quick else 10):
            span = (start + dt.timedelta(days=7 * days), start + dt.timedelta(days=7 * days + 30))
            began = time.perf_counter()
            at.slider(key="span").set_value((span[0], min(span[1], end))).run()
            times.append((time.perf_counter() - began) * 1000)
        return round(statistics.median(times), 1)
    finally:
        logging.disable(logging.NOTSET)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def first_marker_ms(runs: int) -> tuple[float | None, float | None]:
    """Median milliseconds from opening the app in a new Chromium page to its first town marker on the map,
    the server warm (one page opened before): what a user waits for, stamped by the page; and the same
    until Playwright's wait for the marker returns."""
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return None, None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, None
    port = _free_port()
    with tempfile.TemporaryDirectory() as uploads:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "mapapp/app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "MAPAPP_UPLOADS": uploads})
        try:
            url = f"http://127.0.0.1:{port}/"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(url + "_stcore/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
                times = [_open_once(browser, url) for _ in range(runs + 1)][1:]  # the first warms the server
                browser.close()
            return (round(statistics.median(t[0] for t in times), 1),
                    round(statistics.median(t[1] for t in times), 1))
        finally:
            server.terminate()
            server.wait(timeout=10)


def _open_once(browser: Any, url: str) -> tuple[float, float]:
    """(stamped by the page, until Playwright's wait returned), in ms from the request for the page."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(FIRST_MARKER_SCRIPT)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")) else route.abort())
    began = time.time()  # the page's Date.now() reads the same clock
    page.goto(url)
    page.frame_locator(MAP_FRAME).locator(MARKER).first.wait_for(timeout=60_000)
    waited = (time.time() - began) * 1000
    page.wait_for_function("window.__mapappFirstMarker !== undefined", timeout=10_000)
    stamped = page.evaluate("window.__mapappFirstMarker") - began * 1000
    context.close()
    return stamped, waited
