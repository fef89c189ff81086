"""The command line: python -m mapapp extract|phases|places|export|control|atlas|bench|gazetteer.

Other tools read this output: names, fields and exit codes are a contract. Exit 0 on success, 2 with one
line on stderr for bad input (the project's own errors), and a traceback for anything else (a bug).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence

from .errors import InputTooLarge, MapAppError
from .load import MAX_ARTICLE_MB
from .model import Result
from .records import iter_event_records, write_csv, write_geojson, write_jsonl


def _stderr_progress(path: str):
    """A progress callback printing 'mapapp: PATH: 30%' on stderr at each new tenth."""
    shown = -1

    def report(fraction: float) -> None:
        nonlocal shown
        percent = int(fraction * 100) // 10 * 10
        if percent != shown:
            shown = percent
            print(f"mapapp: {path}: {percent}%", file=sys.stderr, flush=True)

    return report


def _analyse(args: argparse.Namespace) -> Result:
    from .gazetteer import load_gazetteer
    from .pipeline import PROGRESS_ABOVE_BYTES, run

    online = None
    if getattr(args, "online", False):
        from .geocode import OnlineGeocoder

        online = OnlineGeocoder()
    gazetteer = load_gazetteer(args.gazetteer, online=online) if args.gazetteer else load_gazetteer(online=online)
    try:
        large = os.path.getsize(args.document) > PROGRESS_ABOVE_BYTES
    except OSError:
        large = False  # load_document says what is wrong with the path
    try:
        progress = _stderr_progress(args.document) if large else None
        result = run(args.document, gazetteer, progress, args.max_mb)
    except InputTooLarge as err:
        needed = -(-err.size // (1024 * 1024))  # whole megabytes, rounded up
        raise InputTooLarge(f"{err} Pass --max-mb {needed} to read it.",
                            err.size, err.limit_mb) from err
    for note in result.notes:
        print(f"mapapp: note: {note}", file=sys.stderr)
    for rejected in result.rejected_dates:
        print(f"mapapp: note: {args.document}: impossible date left out: {rejected}", file=sys.stderr)
    return result


def cmd_extract(args: argparse.Namespace) -> int:
    result = _analyse(args)
    # One record at a time: a 25 MB article's records, all in memory, would take more than its analysis.
    records = iter_event_records(result, args.include_others)
    if args.format == "jsonl":
        write_jsonl(records, sys.stdout)
    elif args.format == "csv":
        write_csv(records, sys.stdout)
    else:
        write_geojson(records, sys.stdout)
    return 0


def _count(count: int, noun: str = "event") -> str:
    """'1 phase', '3 phases'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def cmd_phases(args: argparse.Namespace) -> int:
    result = _analyse(args)
    counts = Counter(e.phase for e in result.events)
    # One pass over the events, not one per phase: an article can have 50,000 dated headings.
    places: dict[str, set[str]] = {}
    for event in result.events:
        places.setdefault(event.phase, set()).add(event.place.name)
    towns = {p.key: len(places.get(p.key, ())) for p in result.phases}
    if args.format == "json":
        rows = [
            {"key": p.key, "title": p.title, "start": p.start.iso(), "end": p.end.iso(), "steps": list(p.steps),
             "events": counts[p.key], "towns": towns[p.key]}
            for p in result.phases
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print(f"{result.document.title}: {_count(len(result.phases), 'phase')}, {_count(len(result.events))}")
    for number, p in enumerate(result.phases, start=1):
        print(f"{number}. {p.span}  {p.title}  [{_count(counts[p.key])}, {_count(towns[p.key], 'town')}]")
        for step in p.steps:
            print(f"     · {step}")
    outside = counts.get("", 0)
    if outside:
        print(f"   ({outside} event{' falls' if outside == 1 else 's fall'} outside every phase)")
    return 0


def cmd_places(args: argparse.Namespace) -> int:
    result = _analyse(args)
    resolved: dict[str, dict] = {}
    for event in list(result.events) + list(result.others):
        p = event.place
        row = resolved.setdefault(p.name, {"name": p.name, "kind": p.kind, "lat": p.lat, "lon": p.lon,
                                           "country": p.country, "source": p.source, "events": 0,
                                           "spellings": [], "gazetteer_name": p.gazetteer_name or p.name,
                                           "geonames_id": p.geonames_id or None})
        row["events"] += 1
        if event.mention not in row["spellings"]:
            row["spellings"].append(event.mention)
    unresolved = [{"name": u.name, "count": u.count, "sentence": u.sentence} for u in result.unresolved]
    if args.format == "json":
        print(json.dumps({"resolved": list(resolved.values()), "unresolved": unresolved}, ensure_ascii=False, indent=1))
        return 0
    print(f"Resolved ({len(resolved)}):")
    for row in sorted(resolved.values(), key=lambda r: (-r["events"], r["name"])):
        spellings = ", ".join(s for s in row["spellings"] if s != row["name"])
        extra = f"  (as {spellings})" if spellings else ""
        print(f"  {row['name']:<24} {row['kind']:<8} {row['lat']:9.4f} {row['lon']:9.4f}  {row['events']:3d} events"
              f"  [{row['source']}]{extra}")
    print(f"Unresolved ({len(unresolved)}):")
    for row in unresolved:
        print(f"  {row['name']:<24} {row['count']:3d}×  {row['sentence'][:80]}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import clean_folder, export_maps

    if args.clean:  # only the leftovers of killed exports; an export removes them itself as well
        if args.document is not None:
            args.parser.error("--clean takes no DOC: it removes what killed exports left in --out")
        for path in clean_folder(args.out):
            print(path)
        return 0
    if args.document is None:
        args.parser.error("the following arguments are required: DOC")
    result = _analyse(args)
    written = export_maps(result, args.out)
    for path in written:
        print(path)
    return 0


def cmd_control(args: argparse.Namespace) -> int:
    from .control import CONTROL_FIELDS, control_changes

    result = _analyse(args)
    records = [c.to_record() for c in control_changes(result)]
    if args.format == "jsonl":
        write_jsonl(records, sys.stdout)
    else:
        write_csv(records, sys.stdout, CONTROL_FIELDS)
    return 0


def cmd_atlas(args: argparse.Namespace) -> int:
    from .atlas import build_atlas
    from .atlas_export import write_atlas
    from .atlas_run import analyse_articles, find_articles

    if args.gazetteer:
        from .gazetteer import load_gazetteer

        load_gazetteer(args.gazetteer)  # a broken file stops here, once, not in every worker
    if os.path.exists(args.out) and not os.path.isdir(args.out):  # said now, not after reading every article
        raise MapAppError(f"Cannot write the atlas to {os.path.basename(args.out)!r}: it is a file, not a "
                          "folder. Pass another --out.")
    articles, missing, skipped = find_articles(args.paths, exclude=args.out)
    if not articles:
        given = ", ".join(repr(os.path.basename(os.path.normpath(p)) or p) for p in args.paths)
        raise MapAppError(f"No article found in {given}: give article files, or folders that hold .md or .txt "
                          "files.")
    outcomes = analyse_articles(articles, args.workers, args.scheduler, args.gazetteer,
                                show_progress=not args.quiet)
    atlas = build_atlas([*outcomes, *missing])
    for article in atlas.articles:
        if article.error:
            print(f"mapapp: note: {article.error}", file=sys.stderr)
    for path in write_atlas(atlas, args.out, skipped, args.title or ""):
        print(path)
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of workers, 1 or more, instead got: {text!r}")
    return value


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import run_bench

    print(json.dumps(run_bench(quick=args.quick), indent=1))
    return 0


def cmd_gazetteer_add(args: argparse.Namespace) -> int:
    from .gazetteer.packs import add_pack, check_code

    codes = [check_code(code) for code in args.codes]  # every code checked before any download
    for code in codes:
        print(f"mapapp: downloading GeoNames {code}.zip …", file=sys.stderr, flush=True)
        pack = add_pack(code)
        print(f"{pack.code}: {pack.places} places in {pack.path}")
    return 0


def cmd_gazetteer_list(args: argparse.Namespace) -> int:
    from .gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    rows = [{"layer": layer.name, "places": layer.count(), "source": layer.source} for layer in gazetteer.layers]
    rows.append({"layer": "online", "places": None, "source": "OpenStreetMap Nominatim, only with --online"})
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        places = "-" if row["places"] is None else f"{row['places']:,}"
        print(f"{row['layer']:<10} {places:>9}  {row['source']}")
    return 0


def _megabytes(value: str) -> float:
    """--max-mb: a positive number of megabytes."""
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 < number < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of megabytes, instead got {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m mapapp",
        description="Turn a narrative conflict article into dated town events, phases and maps.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str, func, document: str | None = None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("document", metavar="DOC", nargs=document,
                       help="article file: YAML front matter + Markdown (any extension)")
        p.add_argument("--gazetteer", metavar="YAML", help="curated gazetteer file (default: gazetteer/places.yaml)")
        p.add_argument("--online", action="store_true",
                       help="also ask OpenStreetMap Nominatim for names no local layer knows (rate-limited, cached)")
        p.add_argument("--max-mb", type=_megabytes, default=MAX_ARTICLE_MB, metavar="MB",
                       help=f"read articles up to this size (default {MAX_ARTICLE_MB}, the app's limit)")
        p.set_defaults(func=func, parser=p)
        return p

    p = add("extract", "write one event per (sentence, town) to stdout", cmd_extract)
    p.add_argument("--format", choices=["jsonl", "csv", "geojson"], default="jsonl")
    p.add_argument("--include-others", action="store_true",
                   help="also write dated regions, countries, rivers and mountains (their `kind` says which)")
    p = add("phases", "print the phase timeline", cmd_phases)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p = add("places", "list resolved and unresolved place names", cmd_places)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p = add("export", "write self-contained HTML maps, events.csv and events.geojson", cmd_export,
            document="?")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    p.add_argument("--clean", action="store_true",
                   help="only remove the temporary files that killed exports left in DIR (no DOC); "
                        "prints them")
    p = add("control", "write who controlled each town, one record per change", cmd_control)
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p = sub.add_parser("atlas", help="merge many articles into one atlas: HTML map, events files and a report",
                       description="Read every article (files, and folders searched recursively), merge them "
                                   "into one atlas of the whole war, and write index.html, events.csv, "
                                   "events.geojson, events.parquet, control.csv and report.md into --out.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files and folders of articles")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    p.add_argument("--workers", type=_positive, metavar="N",
                   help="worker processes of Dask's local scheduler (default: one per core)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="a running dask.distributed scheduler (tcp://host:8786) to do the work instead")
    p.add_argument("--title", metavar="TEXT", help="the atlas's title (default: 'Atlas of N articles, years')")
    p.add_argument("--gazetteer", metavar="YAML", help="curated gazetteer file (default: gazetteer/places.yaml)")
    p.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=cmd_atlas)
    p = sub.add_parser("bench", help="measure speed; prints one JSON object")
    p.add_argument("--quick", action="store_true", help="fewer repetitions")
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("gazetteer", help="list the gazetteer's layers, or add a country's GeoNames villages",
                       description="The gazetteer's layers: `list` shows them; `add CC…` downloads GeoNames' "
                                   "dump of each country (villages, districts) into the cache folder.")
    layers = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = layers.add_parser("add", help="download GeoNames' dump of each country (ISO codes: SY UA …) as a pack")
    q.add_argument("codes", metavar="CC", nargs="+", help="ISO 3166 two-letter country code")
    q.set_defaults(func=cmd_gazetteer_add)
    q = layers.add_parser("list", help="the layers in use, top first, with their places and sources")
    q.add_argument("--format", choices=["text", "json"], default="text")
    q.set_defaults(func=cmd_gazetteer_list)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except MapAppError as err:
        print(f"mapapp: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `| head` closed the pipe: not an error of ours
        sys.stderr.close()
        return 0



