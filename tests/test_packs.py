"""`python -m mapapp gazetteer add CC… | list`: a country's GeoNames dump, fetched from a local server on
127.0.0.1 (never the real one), becomes a layer above cities500; every failure is one line and exit 2."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
import pytest

from mapapp.cli import main
from mapapp.errors import GazetteerError
from mapapp.gazetteer import load_gazetteer

# Rows of a GeoNames country dump: 19 tab-separated columns (geonameid, name, asciiname, alternatenames,
# latitude, longitude, feature class, feature code, country, cc2, admin1..4, population, elevation, dem,
# timezone, modification date).
DUMP_ROWS = [
    (170062, "Muḩāfaz̧at Ḩalab", "Muhafazat Halab", "Aleppo Governorate", 36.25, 37.5, "A", "ADM1", "09", 4867991),
    (170063, "Aleppo", "Aleppo", "Alep,Halab,Haleb", 36.20124, 37.16117, "P", "PPLA", "09", 2098210),
    (11000001, "Al Jamīlīyah", "Al Jamiliyah", "Jamiliyah,Jamiliye", 36.2075, 37.1452, "P", "PPLX", "09", 0),
    (11000002, "Şalāḩ ad Dīn", "Salah ad Din", "Salaheddine,Salah al-Din", 36.1858, 37.1263, "P", "PPLX", "09", 0),
    (11000003, "Kafr Ḩamrah", "Kafr Hamrah", "Kafr Hamra", 36.2617, 37.0811, "P", "PPL", "09", 0),
    (11000004, "Kuwayris Airbase", "Kuwayris Airbase", "", 36.1868, 37.5835, "S", "AIRB", "09", 0),
]


def dump_zip(code: str = "SY") -> bytes:
    lines = ["\t".join(map(str, (gid, name, ascii_, alt, lat, lon, fclass, fcode, code, "", admin1, "", "", "",
                                 pop, "", "400", "Asia/Damascus", "2024-01-01")))
             for gid, name, ascii_, alt, lat, lon, fclass, fcode, admin1, pop in DUMP_ROWS]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{code}.txt", "\n".join(lines) + "\n")
        archive.writestr("readme.txt", "GeoNames, CC BY 4.0")
    return buffer.getvalue()


@pytest.fixture
def geonames_server():
    """A server on 127.0.0.1 that serves SY.zip, a damaged LB.zip, and 404 for anything else."""
    files = {"/SY.zip": dump_zip(), "/LB.zip": b"PK\x03\x04 not really a zip"}
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            requests.append(self.path)
            body = files.get(self.path)
            self.send_response(200 if body else 404)
            self.end_headers()
            if body:
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


@pytest.fixture
def cache(tmp_path, monkeypatch, gazetteer):
    """An empty cache folder for packs, with the already built indexes of the standard layers linked in
    (building cities500 again would take half a minute)."""
    folder = tmp_path / "cache"
    (folder / "gazetteer").mkdir(parents=True)
    for layer in gazetteer.layers[1:]:
        (folder / "gazetteer" / layer.path.name).symlink_to(layer.path)
    monkeypatch.setenv("MAPAPP_CACHE", str(folder))
    return folder


def test_add_builds_a_pack_that_is_used_from_then_on(geonames_server, cache, monkeypatch, capsys):
    url, requests = geonames_server
    monkeypatch.setenv("MAPAPP_GEONAMES_URL", url)
    assert main(["gazetteer", "add", "sy"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("SY: 4 places in ") and requests == ["/SY.zip"]  # P rows only: no ADM1, no airbase
    gazetteer = load_gazetteer()
    assert gazetteer.layers[1].name == "pack:SY"  # above the bundled extracts and cities500
    (district,) = gazetteer.candidates("Salah al-Din", ["SY"])
    assert district.layer == "pack:SY" and district.place.kind == "district" and district.city == "Aleppo"
    assert district.place.admin1 == "Muḩāfaz̧at Ḩalab"  # from the dump's own ADM1 row
    assert gazetteer.resolve("Kafr Hamra", ["SY"]).geonames_id == 11000003
    # The pack's Aleppo and cities500's are one candidate.
    assert [c.place.name for c in gazetteer.candidates("Aleppo", ["SY"]) if c.place.country == "SY"] == ["Aleppo"]


def test_list_shows_the_layers_with_their_places_and_sources(geonames_server, cache, monkeypatch, capsys):
    monkeypatch.setenv("MAPAPP_GEONAMES_URL", geonames_server[0])
    assert main(["gazetteer", "add", "SY"]) == 0
    capsys.readouterr()
    assert main(["gazetteer", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["curated", "pack:SY", "sahel", "world", "villages", "cities500",
                                                   "postal", "online"]
    assert lines[1].split()[1] == "4" and f"{geonames_server[0]}/SY.zip" in lines[1] and "CC BY 4.0" in lines[1]
    assert main(["gazetteer", "list", "--format", "json"]) == 0
    import json

    rows = json.loads(capsys.readouterr().out)
    assert rows[1]["layer"] == "pack:SY" and rows[1]["places"] == 4


@pytest.mark.parametrize("codes, problem", [
    (["AM"], "the server answered 404"),
    (["LB"], "LB.zip: not a GeoNames country dump"),
    (["XX"], "'XX' is not a country code"),
    (["SY", "Syria"], "'Syria' is not a country code"),
], ids=["404", "bad-zip", "unknown-code", "one-bad-code-of-two"])
def test_failures_are_one_line_and_exit_2(geonames_server, cache, monkeypatch, capsys, codes, problem):
    url, requests = geonames_server
    monkeypatch.setenv("MAPAPP_GEONAMES_URL", url)
    assert main(["gazetteer", "add", *codes]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("mapapp: error:")]
    assert len(errors) == 1 and problem in errors[0]
    assert not (cache / "gazetteer" / "packs").exists() or not list((cache / "gazetteer" / "packs").glob("*.sqlite"))
    if "country code" in problem:
        assert requests == []  # every code is checked before anything is downloaded


def test_no_network_is_one_line_and_exit_2(cache, monkeypatch, capsys):
    import socket

    with socket.socket() as probe:  # a port on 127.0.0.1 that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("MAPAPP_GEONAMES_URL", f"http://127.0.0.1:{port}")
    assert main(["gazetteer", "add", "UA"]) == 2
    err = capsys.readouterr().err
    assert f"mapapp: error: cannot download http://127.0.0.1:{port}/UA.zip:" in err and "are you online?" in err


def test_a_damaged_pack_is_refused_with_the_command_that_rebuilds_it(cache):
    packs = cache / "gazetteer" / "packs"
    packs.mkdir()
    (packs / "SY.sqlite").write_bytes(b"garbage")
    with pytest.raises(GazetteerError) as err:
        load_gazetteer()
    assert str(err.value).startswith("SY.sqlite: a damaged gazetteer pack")
    assert "python -m mapapp gazetteer add SY" in str(err.value)
