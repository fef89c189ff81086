"""report.md of an atlas: what was read, what it gave, what was merged, and what failed, article by article."""

from __future__ import annotations

from collections.abc import Sequence

from .atlas import Atlas

LISTED = 500  # rows of a long list (merged events, contested steps) written out; the rest are counted


def cell(text: object) -> str:
    """Any text as one Markdown table cell or list item: one line, no table breaks, no HTML."""
    return " ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def atlas_title(atlas: Atlas, title: str = "") -> str:
    """The title the user gave, else 'Atlas of N articles, FIRST–LAST'."""
    if title:
        return title
    span = f", {atlas.periods[0].key[:4]}–{atlas.periods[-1].key[:4]}" if atlas.periods else ""
    if span and atlas.periods[0].key[:4] == atlas.periods[-1].key[:4]:
        span = f", {atlas.periods[0].key[:4]}"
    return f"Atlas of {plural(len(atlas.articles), 'article')}{span}"


def report_markdown(atlas: Atlas, skipped: Sequence[str] = (), title: str = "") -> str:
    failed = [a for a in atlas.articles if a.error]
    merged = [e for e in atlas.events if len(e.reports) > 1]
    contested = [s for s in atlas.control if s.change == "contested"]
    reports = atlas.reports
    lines = [f"# {cell(atlas_title(atlas, title))}", ""]
    lines.append(f"Read {plural(len(atlas.articles), 'article')}: {len(atlas.articles) - len(failed):,} analysed, "
                 f"{len(failed):,} failed" + (f"; {plural(len(skipped), 'file')} skipped" if skipped else "") + ".")
    lines.append(f"{plural(reports, 'event report')} became {plural(len(atlas.events), 'event')} on the map: "
                 f"{plural(len(merged), 'event')} told more than once, {plural(reports - len(atlas.events), 'duplicate')} "
                 "merged (same town, same event type, dates that meet).")
    if atlas.periods:
        lines.append(f"Timeline in {atlas.unit}s, {atlas.periods[0].label} to {atlas.periods[-1].label} "
                     f"({plural(len(atlas.periods), 'period')} with events).")
    lines.append(f"Control: {plural(len(atlas.control), 'change')} of hands in "
                 f"{plural(len({(s.place, s.lat, s.lon) for s in atlas.control}), 'town')}, "
                 f"{len(contested):,} contested (articles name different holders).")
    lines += ["", "## Articles", "", "| Article | Title | Events | Phases | Places not found | Status |",
              "| --- | --- | ---: | ---: | ---: | --- |"]
    for article in atlas.articles:
        status = "failed" if article.error else ("analysed" if article.rows else "no dated towns")
        lines.append(f"| {cell(article.name)} | {cell(article.title)} | {len(article.rows):,} | {len(article.phases):,} "
                     f"| {len(article.unresolved):,} | {status} |")
    lines += ["", "## Merged duplicates", ""]
    if merged:
        lines += ["One row per event on the map that several reports tell (the `sources` column of events.csv).", "",
                  "| Date | Town | Type | Reports | Articles |", "| --- | --- | --- | ---: | --- |"]
        for event in merged[:LISTED]:
            record = event.record
            when = record["event_date"] + (f" – {record['date_end']}" if record.get("date_end") else "")
            lines.append(f"| {when} | {cell(record['location'])} | {cell(record.get('event_type') or '')} "
                         f"| {len(event.reports)} | {cell(record['source_article'])} |")
        if len(merged) > LISTED:
            lines += ["", f"… and {len(merged) - LISTED:,} more: events.csv lists them all (`sources` above 1)."]
    else:
        lines.append("None: no two reports tell the same happening.")
    lines += ["", "## Contested control", ""]
    if contested:
        lines += ["| Date | Town | Claims |", "| --- | --- | --- |"]
        for step in contested[:LISTED]:
            claims = "; ".join(f"{c.record['controller'] or 'not stated'} ({c.article})" for c in step.claims)
            lines.append(f"| {step.date_start} | {cell(step.place)} | {cell(claims)} |")
        if len(contested) > LISTED:
            lines += ["", f"… and {len(contested) - LISTED:,} more: control.csv lists them all."]
    else:
        lines.append("None: no two articles name different holders of a town at the same date.")
    lines += ["", "## Places not found, by article", ""]
    unresolved = [a for a in atlas.articles if a.unresolved]
    for article in unresolved:
        names = ", ".join(f"{cell(name)} ({count}×)" for name, count in article.unresolved)
        lines.append(f"- **{cell(article.name)}**: {names}")
    if not unresolved:
        lines.append("None: every place name was found.")
    lines += ["", "## Failed articles", ""]
    lines += [f"- **{cell(a.name)}**: {cell(a.error)}" for a in failed] or ["None."]
    if skipped:
        lines += ["", "## Skipped files", "", "In the folders given, not read: their extension is not an article's "
                  "(.md, .markdown, .txt, .text, .wiki or none). Name a file on the command line to read it anyway.", ""]
        lines += [f"- {cell(name)}" for name in skipped]
    notes = [note for article in atlas.articles for note in article.notes]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {cell(note)}" for note in notes]
    return "\n".join(lines) + "\n"
