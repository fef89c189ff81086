"""Maps -> files on disk: index.html (the overview), a page per phase and step, events.csv, events.geojson.

Every page is one self-contained HTML file that opens offline; every file is written whole or not at all.
Files are built and written one at a time, each released before the next is built: a 25 MB article's pages
are 13 MB each, and all of them at once took 1.9 GB.
"""

from __future__ import annotations

import fcntl
import gc
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .errors import ExportError
from .maps import PageLink, add_page_links, article_basemap, build_overview_map, build_phase_map
from .story import view_categories
from .towns import Colouring, control_colouring, phase_colouring, view_events
from .model import Result
from .phases import plain_slug
from .offline import inline_assets
from .records import ACLED_FIELDS, iter_acled_records, write_csv, write_geojson

if TYPE_CHECKING:
    import folium  # maps.py imports it (without pandas: see there)

# Lists what the last export wrote, so that a new export into the same folder removes its own stale pages
# (a phase that no longer exists) and never anything else.
MANIFEST = ".mapapp-export.json"
SLUG_LENGTH = 40
_FILE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,120}")

# What a file holds: its text, or what writes its text into the open file (the events files, a record at a
# time, without their whole text in memory).
Content = str | Callable[[TextIO], None]


@dataclass(frozen=True, slots=True)
class Page:
    """One exported page.

    name: its file name in the output folder. label: its link text, plain.
    phase_key: the phase it shows, None for the overview. step: the step title, None for a whole phase.
    """

    name: str
    label: str
    phase_key: str | None
    step: str | None = None
    colour_by: str = "phase"  # "phase", or "control": who held each town at the end of the phase


def safe_slug(text: str, limit: int = SLUG_LENGTH) -> str:
    """Any heading -> lowercase ascii letters, digits and single dashes: no '/', '..', quotes or spaces.

    Accents are dropped ('Ménaka' -> 'menaka'); any other character, dashes included, separates words.
    """
    return plain_slug(text, limit, "untitled")


def plan_pages(result: Result) -> list[Page]:
    """The overview, then each phase followed by its steps that have events, in timeline order."""
    pages = [Page("index.html", "Overview: all phases", None),
             Page("control.html", "Who held each town", None, colour_by="control")]
    for number, phase in enumerate(result.phases, start=1):
        name = f"phase-{number:02d}-{safe_slug(phase.key)}.html"
        pages.append(Page(name, phase.numbered(number, dates=False), phase.key))
        for step_number, step in enumerate(phase.steps, start=1):
            if view_events(result, phase.key, step):
                name = f"phase-{number:02d}-step-{step_number:02d}-{safe_slug(step)}.html"
                pages.append(Page(name, step, phase.key, step))
    return pages


def page_links(pages: list[Page], current: Page) -> list[PageLink]:
    """The overview and every phase; the steps of the current phase (all steps from the overview)."""
    return [
        PageLink(page.label, page.name, step=page.step is not None, current=page == current)
        for page in pages
        if page.step is None or current.phase_key is None or page.phase_key == current.phase_key
    ]


_ELEMENT_ID = re.compile(r"_([0-9a-f]{32})(?![0-9a-f])")


def render_page(folium_map: folium.Map) -> str:
    """A folium map -> its page as one self-contained HTML string: no script or stylesheet from any host.

    folium names each element with 32 random hex digits; they are renumbered in order of appearance, so
    that the same result always gives the same bytes (the app's downloads equal the command line's files,
    and an unchanged article re-exports to unchanged pages).
    """
    numbers: dict[str, str] = {}

    def renumber(match: re.Match[str]) -> str:
        return "_" + numbers.setdefault(match.group(1), f"{len(numbers):032x}")

    page = _ELEMENT_ID.sub(renumber, folium_map.get_root().render())
    # The page's language, for screen readers and translation tools: the articles are English Wikipedia's.
    page = re.sub(r"<html(?=[\s>])", '<html lang="en"', page, count=1)
    return inline_assets(page)


def build_pages(result: Result, colouring: Colouring | None = None) -> dict[str, str]:
    """Every page of an export, file name -> HTML, built in memory (nothing is written)."""
    return dict(iter_pages(result, colouring))


_COLLECT_AFTER = 2_000_000  # characters of a page: below this, what its map leaves costs less than collecting


def iter_pages(result: Result, colouring: Colouring | None = None) -> Iterator[tuple[str, str]]:
    """Every page of an export as (file name, HTML), one at a time: each page's map is released once the
    page is rendered, and the page once the caller has taken it."""
    colouring = colouring or phase_colouring(result)
    by_control = control_colouring(result)
    pages = plan_pages(result)
    basemap = article_basemap(result)  # the same outlines on every page: chosen and serialised once
    for page in pages:
        text = _render(result, pages, page, colouring, by_control, basemap)
        if len(text) > _COLLECT_AFTER:
            # A folium map is a web of parent-child cycles, freed only by the cyclic collector, which runs
            # too seldom for maps of this size: each page's map (its story data among it) would stay.
            gc.collect()
        yield page.name, text
        del text  # not held while the next page is built


def _render(result: Result, pages: list[Page], page: Page, colouring: Colouring, by_control: Colouring,
            basemap: object) -> str:
    """One page's HTML (its map lives only here)."""
    if page.colour_by == "control":
        folium_map = build_overview_map(result, by_control, view_categories(result, by_control), basemap)
    elif page.phase_key is None:
        folium_map = build_overview_map(result, colouring, basemap=basemap)
    else:
        folium_map = build_phase_map(result, page.phase_key, page.step, colouring, basemap)
    add_page_links(folium_map, page_links(pages, page), expanded=False)
    return render_page(folium_map)


def export_maps(result: Result, out_dir: str | os.PathLike[str],
                colouring: Colouring | None = None) -> list[Path]:
    """Write index.html, the phase and step pages, events.csv and events.geojson into out_dir, each built
    and written in turn (iter_export_files).

    Returns the paths written. Raises ExportError if the folder cannot be created or written; then no
    page is left half-written, and files that are not mapapp's are never touched.
    """
    folder = Path(out_dir)
    names: list[str] = []

    def listed() -> Iterator[tuple[str, Content]]:
        for name, content in iter_export_files(result, colouring):
            names.append(name)
            yield name, content

    write_files(folder, listed())
    return [folder / name for name in names]


def iter_export_files(result: Result, colouring: Colouring | None = None) -> Iterator[tuple[str, Content]]:
    """Everything an export writes, one file at a time: the pages, then events.csv and events.geojson
    (written a record at a time). The events files have ACLED's columns (records.ACLED_FIELDS), the GeoJSON
    the same properties."""
    yield from iter_pages(result, colouring)
    yield "events.csv", lambda out: write_csv(iter_acled_records(result), out, ACLED_FIELDS)
    yield "events.geojson", lambda out: write_geojson(iter_acled_records(result), out)


def export_files(result: Result, colouring: Colouring | None = None) -> dict[str, str]:
    """Everything an export writes, file name -> text, in memory: the same text as export_maps writes.
    The app's download buttons take their bytes from here, so they match the command line's files."""
    return {name: text_of(content) for name, content in iter_export_files(result, colouring)}


def text_of(content: Content) -> str:
    """A file's whole text."""
    if isinstance(content, str):
        return content
    out = StringIO()
    content(out)
    return out.getvalue()


# Temporary files are named after the file they will become, with this suffix: the next export into the
# folder (or `export --clean`) knows them as leftovers of one that was killed, and removes them.
PART_SUFFIX = ".mapapp-part"
# Leftovers: ours, and those of mapapp before this naming (".index.html.3f9a0c1b2d4e.part", a random token).
_LEFTOVER = re.compile(r"\.[a-z0-9][a-z0-9._-]*(?:\.mapapp-part|\.[0-9a-f]{12}\.part)")


def _check_name(name: str) -> None:
    if not _FILE_NAME.fullmatch(name) or ".." in name:
        raise ValueError(f"Refusing to write {name!r}: not a plain file name inside the output folder.")


def write_files(folder: Path, files: Mapping[str, Content] | Iterable[tuple[str, Content]]) -> None:
    """Write each file to a temporary file in `folder`, then os.replace() them all into place.

    files: name -> content, or (name, content) pairs made one at a time: each is written to its temporary
    file and let go before the next is made, so that only one file's text is in memory at once.
    A failure (writing, or making a file) removes the temporary files, and the folder when this call made
    it, and raises (ExportError when writing failed); files already in place stay whole. Pages listed in the
    previous export's manifest and not written now are removed, and so are the temporary files of an
    earlier export that was killed (it could not remove them itself).
    """
    if isinstance(files, Mapping):
        for name in files:
            _check_name(name)
    items = iter(files.items() if isinstance(files, Mapping) else files)
    item = next(items, None)  # made before the folder: an export whose first file fails leaves nothing
    made = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as err:
        raise ExportError(f"Cannot export to {str(folder)!r}: it is a file, not a folder. "
                          "Pass another --out.") from err
    except OSError as err:
        raise ExportError(f"Cannot create the output folder {str(folder)!r}: {err.strerror or err}.") from err
    staged: list[tuple[Path, Path]] = []
    names: list[str] = []
    current = ""
    done = False
    try:
        with _folder_lock(folder):
            previous = _read_manifest(folder)
            remove_leftovers(folder)
            while item is not None:
                name, content = item
                item = None  # neither this file's text nor the pair is held while the next file is made
                _check_name(name)
                current = name
                names.append(name)
                staged.append(_stage(folder, name, content))
                content = None
                item = next(items, None)
            current = MANIFEST
            staged.append(_stage(folder, MANIFEST, json.dumps({"files": sorted(names)}, indent=1) + "\n"))
            for temp, final in staged:
                current = final.name
                os.replace(temp, final)
            for name in previous - set(names):
                current = name
                (folder / name).unlink(missing_ok=True)
            done = True
    except OSError as err:
        raise ExportError(f"Cannot write {current!r} in {str(folder)!r}: {err.strerror or err}. "
                          "Check that the folder is writable and has space, or pass another --out.") from err
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        if made and not done:
            with suppress(OSError):
                folder.rmdir()  # only when empty: nothing of this export, nothing of anyone else's


def _stage(folder: Path, name: str, content: Content) -> tuple[Path, Path]:
    """Write one file's content to its temporary file in `folder`: (temporary path, final path).

    Same folder, so os.replace is a rename. Mode "x" refuses a name that exists (a symlink planted there is
    never followed) and, unlike mkstemp's 0600, gives the permissions of any new file (a page is for
    sharing)."""
    temp = folder / f".{name}{PART_SUFFIX}"
    with open(temp, "x", encoding="utf-8", newline="\n") as out:
        try:
            if isinstance(content, str):
                out.write(content)
            else:
                content(out)
            out.flush()
            os.fsync(out.fileno())  # the data is on disk before the name points at it
        except BaseException:
            out.close()
            temp.unlink(missing_ok=True)
            raise
    return temp, folder / name


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder itself while an export writes into it: a second export into the same
    folder waits its turn, so the temporary files an export finds there can only be those of one that was
    killed (the kernel releases a dead process's lock). Where the file system has no locks, go on."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        except OSError:
            pass
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files that killed exports left in `folder` (the caller holds the lock);
    returns their paths."""
    removed = []
    for entry in os.scandir(folder):
        if _LEFTOVER.fullmatch(entry.name) and not entry.is_dir(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
    return sorted(removed)


def clean_folder(out_dir: str | os.PathLike[str]) -> list[Path]:
    """`export --clean`: remove the temporary files of killed exports from out_dir, waiting for an export
    that is writing there to finish. Returns the paths removed; raises ExportError if it cannot."""
    folder = Path(out_dir)
    try:
        with _folder_lock(folder):
            return remove_leftovers(folder)
    except OSError as err:
        raise ExportError(f"Cannot clean {str(folder)!r}: {err.strerror or err}.") from err


def _read_manifest(folder: Path) -> set[str]:
    """Names the previous export wrote, only those that look like mapapp's own files."""
    try:
        names = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    own = re.compile(r"index\.html|control\.html|events\.(csv|geojson)|phase-\d{2,}-[a-z0-9-]+\.html")
    return {n for n in names if isinstance(n, str) and own.fullmatch(n)} if isinstance(names, list) else set()

