"""The vendored web assets in mapapp/static and the inlining that turns a folium page into one offline file.

Folium links Leaflet and jQuery from CDNs; a page with one unreachable script stays blank. Every asset the
maps need is vendored here (see static/README.md), served by the app from /app/static/ and inlined by export.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from pathlib import Path
from typing import Any

STATIC_DIR = Path(__file__).resolve().parent / "static"

# folium's asset name -> the vendored file that replaces it.
# "mapapp" is our own: the basemap, towns, names, boxes and story control of mapapp.maps (static/mapapp/).
JS_ASSETS = {"leaflet": "leaflet/leaflet.js", "jquery": "jquery/jquery.min.js", "mapapp_names": "mapapp/names.js",
             "mapapp": "mapapp/mapapp.js", "mapapp_chart": "mapapp/chart.js", "mapapp_story": "mapapp/story.js",
             "mapapp_steps": "mapapp/steps.js"}
STORY_ONLY = {"mapapp_chart", "mapapp_story"}  # exported pages tell the story themselves
APP_ONLY = {"mapapp_steps"}  # the app's map steps through the story beside it
CSS_ASSETS = {"leaflet_css": "leaflet/leaflet.css", "mapapp_css": "mapapp/mapapp.css"}

# folium 0.20's CDN links for the assets above (folium/folium.py, _default_js and _default_css).
CDN_URLS = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/leaflet.js",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/leaflet.css",
}

# A page's own scripts use jQuery when they call $(...), $.ajax or jQuery (folium.Popup with HTML does).
_USES_JQUERY = re.compile(r"\$\s*[.(]")  # a literal first character keeps the search fast on 300 KB
_SCRIPT_LINK = re.compile(r'<script src="([^"]*)"></script>')
_CSS_LINK = re.compile(r'<link rel="stylesheet" href="([^"]*)"/>')
_SOURCE_MAP = re.compile(r"\n?/[/*]# sourceMappingURL=[^\n]*")
_CSS_URL = re.compile(r"url\((['\"]?)(images/[\w.-]+\.png)\1\)")


def asset_urls(base_url: str, jquery: bool = False,
               story: bool = False) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(default_js, default_css) pointing at copies of mapapp/static served under base_url.

    For the Streamlit app, whose static files are served at /app/static/: set a map's default_js and
    default_css to these and streamlit-folium loads Leaflet from the app, not from a CDN. jQuery is only
    needed by folium.Popup with HTML content, which mapapp's own maps never use; the story control only by
    exported pages (the app tells the story with Streamlit's widgets), the map's event stepping (steps.js)
    only by the app.
    """
    base = base_url if base_url.endswith("/") else base_url + "/"
    js = [(name, base + path) for name, path in JS_ASSETS.items()
          if (jquery or name != "jquery") and name not in (APP_ONLY if story else STORY_ONLY)]
    css = [(name, base + path) for name, path in CSS_ASSETS.items()]
    return js, css


def local_asset(url: str) -> str:
    """A link from folium or from asset_urls() -> the vendored file's path relative to STATIC_DIR.

    Raises ValueError for anything not vendored: a page that needs it would be blank offline.
    """
    if url in CDN_URLS:
        return CDN_URLS[url]
    for path in (*JS_ASSETS.values(), *CSS_ASSETS.values()):
        if url == path or url.endswith("/" + path):
            return path
    raise ValueError(
        f"No vendored copy of {url!r}: the page would be blank offline. "
        "Vendor it in mapapp/static and add it to mapapp.offline, or do not use the element that needs it."
    )


@functools.cache
def _asset_text(path: str) -> str:
    text = (STATIC_DIR / path).read_text(encoding="utf-8")
    text = _SOURCE_MAP.sub("", text)  # the .map files are not vendored; devtools would ask for them
    if path.endswith(".css"):
        # Leaflet's CSS names its control images relatively; inline them so nothing is fetched.
        folder = (STATIC_DIR / path).parent

        def data_uri(match: re.Match[str]) -> str:
            data = base64.b64encode((folder / match.group(2)).read_bytes()).decode("ascii")
            return f'url("data:image/png;base64,{data}")'

        return _CSS_URL.sub(data_uri, text)
    if path.startswith("mapapp/"):
        text = _without_comments(text)
    # Inside <script>, the HTML parser ends the element at the first "</script" whatever the JS means.
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def _without_comments(text: str) -> str:
    """mapapp's own scripts without their indentation and whole-line comments: a third of their size, which
    every exported page carries (the goal is 300 KB a page). Only lines that are wholly a comment go, so no
    string or regular expression is touched."""
    kept, in_block = [], False
    for line in text.splitlines():
        stripped = line.strip()
        if in_block:
            in_block = "*/" not in stripped
            continue
        if stripped.startswith("/*"):
            in_block = "*/" not in stripped
            continue
        if stripped and not stripped.startswith("//"):
            kept.append(stripped)
    return "\n".join(kept) + "\n"


def uses_jquery(page: str) -> bool:
    """Whether a rendered page calls jQuery; asked before any library is inlined (text may give false alarms,
    which only cost the 87 KB of jQuery)."""
    return "jQuery" in page or bool(_USES_JQUERY.search(page))


def inline_assets(page: str) -> str:
    """A rendered folium page -> the same page with every linked script and stylesheet inlined.

    jQuery is left out when nothing on the page calls it (it is 87 KB); any link with no vendored copy
    raises ValueError rather than produce a page that is blank offline.
    """
    need_jquery = uses_jquery(page)

    def script(match: re.Match[str]) -> str:
        path = local_asset(match.group(1))
        if path == JS_ASSETS["jquery"] and not need_jquery:
            return ""
        return f"<script>{_asset_text(path)}</script>"

    def stylesheet(match: re.Match[str]) -> str:
        return f"<style>{_asset_text(local_asset(match.group(1)))}</style>"

    # A function as replacement: the asset text is taken literally, backslashes and all.
    page = _SCRIPT_LINK.sub(script, page)
    return _CSS_LINK.sub(stylesheet, page)


def script_json(value: Any) -> str:
    """Compact JSON that is safe inside an HTML <script>: no '<', '>', '&' or quote can end the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )
