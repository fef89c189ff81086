"""The benchmark prints one JSON object with its figures (speed goals live there, not in timed tests)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

KEYS = {
    "seed_load_to_events_ms", "seed_load_to_events_cpu_ms", "x40_extraction_ms", "x40_extraction_mb_per_s",
    "x40_over_x10_time_ratio", "seed_export_all_pages_ms", "app_phase_change_ms", "cli_help_start_ms",
    "cli_extract_seed_ms", "x40_extraction_best_mb_per_s", "x40_extraction_cpu_mb_per_s", "machine_calibration_ms",
    "app_date_span_change_ms", "seeds_export_largest_page_kb", "one_line_10mb_towns_s", "one_line_10mb_towns_extract_s",
    # issue #14: growth per doubling of each dimension, refusals, heavy rows, memory, the app under load
    "growth_x2_sentences_per_paragraph", "growth_x2_paragraphs", "growth_x2_headings", "growth_x2_infobox_fields",
    "growth_x2_infobox_combatants", "growth_x2_mentions_per_sentence", "refuse_billion_laughs_ms",
    "refuse_nesting_100000_deep_ms", "headings_50000_s", "large_article_max_rss_mb", "app_sessions_per_s",
    "app_first_map_median_s", "app_first_map_p95_s", "app_server_cpu_per_new_session_s",
    "growth_x2_parties_and_cues_per_sentence", "growth_x2_generic_parties_per_sentence",
    "large_article_export_max_rss_mb", "dated_sentences_extract_max_rss_mb",
}


def test_bench_prints_one_json_object_with_every_figure():
    proc = subprocess.run([sys.executable, "-m", "mapapp", "bench", "--quick"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = json.loads(proc.stdout)  # the whole of stdout: one object, nothing else
    assert KEYS <= figures.keys()
    assert all(isinstance(figures[k], (int, float)) and figures[k] > 0 for k in KEYS)
    assert figures["seed_events"] >= 120 and figures["seed_export_pages"] >= 10
    assert "ScriptRunContext" not in proc.stderr
    # Measured in Chromium when Playwright and chromium are there (the test set-up has both).
    assert figures["app_first_marker_ms"] is None or figures["app_first_marker_ms"] > 0
    # The page stamps the frame that first shows a marker; Playwright's wait for it returns after that.
    if figures["app_first_marker_ms"] is not None:
        assert figures["app_first_marker_ms"] <= figures["app_first_marker_playwright_ms"]
