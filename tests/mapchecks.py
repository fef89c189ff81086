"""Checks run inside a map page or frame by the browser tests: names that overlap, markers under the legend,
and axe-core's accessibility audit (vendored in tests/vendor/axe-core, test only)."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
MARKERS = ".leaflet-overlay-pane path.leaflet-interactive"

# Every placed name's box against every other placed name, and against every marker but its own town's.
OVERLAPS = """() => {
    const boxes = [...document.querySelectorAll('.mapapp-name[data-placed]')]
        .map(e => [e.textContent, e.getBoundingClientRect()]);
    const markers = [...document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')]
        .map(e => [e.getAttribute('aria-label') || '', e.getBoundingClientRect()]);
    const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5
        && b.top < a.bottom - 0.5;
    const found = [];
    boxes.forEach(([name, box], i) => {
        boxes.slice(i + 1).forEach(([other, b]) => { if (hit(box, b)) found.push([name, other]); });
        markers.forEach(([label, b]) => {
            // A circle's box is larger than the circle: test the square inside it.
            const inset = b.width * 0.15;
            const inner = {left: b.left + inset, right: b.right - inset, top: b.top + inset, bottom: b.bottom - inset};
            if (hit(box, inner) && !label.startsWith(name + ':')) found.push([name, label]);
        });
    });
    return {placed: boxes.length, overlaps: found};
}"""

# Marker centres inside the legend's box (the legend must never hide a marker of the fitted view).
UNDER_LEGEND = """() => {
    const legend = document.querySelector('.mapapp-legend').getBoundingClientRect();
    return [...document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')].filter(e => {
        const r = e.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
        return x >= legend.left && x <= legend.right && y >= legend.top && y <= legend.bottom;
    }).map(e => e.getAttribute('aria-label'));
}"""


def name_overlaps(frame, markers: int | None = None) -> dict:
    """Overlapping names, once the names have been placed for the `markers` drawn (mapapp.js says for how
    many markers, at which zoom, it last placed them)."""
    if markers is not None:
        frame.wait_for_function("""n => {
            const c = document.querySelector('.leaflet-container');
            const map = window.map && window.map.getZoom ? window.map
                : window[Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].getZoom)];
            return c.dataset.namesFor === n + '@' + map.getZoom(); }""", arg=markers, timeout=30_000)
    return frame.evaluate(OVERLAPS)


def markers_under_legend(frame) -> list[str]:
    return frame.evaluate(UNDER_LEGEND)


def serious_violations(frame, exclude: list[str] | None = None) -> list[dict]:
    """axe-core's serious and critical violations in a page or frame: [{id, help, targets}]."""
    if not frame.evaluate("typeof window.axe !== 'undefined'"):
        frame.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = frame.evaluate("""async exclude => {
        const r = await axe.run({exclude: exclude.map(s => [s])}, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => ({id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""", exclude or [])
    return results
