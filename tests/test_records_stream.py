"""The command line writes its records one at a time (a 25 MB article has 650,000 events), byte for byte
as the whole documents were written before (issue #14: memory under 500 MB up to the size limit)."""

from __future__ import annotations

import io
import json

import pytest

from mapapp.records import (
    ACLED_FIELDS, acled_records, event_records, geojson_text, iter_event_records, records_csv, records_geojson,
    records_jsonl, write_csv, write_geojson, write_jsonl,
)


def test_geojson_written_a_feature_at_a_time_is_json_dumps_of_the_whole(seed_result):
    for records in (event_records(seed_result, include_others=True), acled_records(seed_result), [],
                    [{"lat": 1.5, "lon": -2.0, "notes": 'line\nbreak "quoted" – é', "list": [1, {"a": None}]}]):
        whole = json.dumps(records_geojson(records), ensure_ascii=False, indent=1) + "\n"
        out = io.StringIO()
        write_geojson(iter(records), out)
        assert out.getvalue() == whole == geojson_text(records)


@pytest.mark.parametrize("include_others", [False, True])
def test_jsonl_and_csv_written_a_record_at_a_time_are_the_same_text(seed_result, include_others):
    records = event_records(seed_result, include_others)
    assert list(iter_event_records(seed_result, include_others)) == records
    jsonl, csv_text = io.StringIO(), io.StringIO()
    write_jsonl(iter_event_records(seed_result, include_others), jsonl)
    write_csv(iter_event_records(seed_result, include_others), csv_text)
    assert jsonl.getvalue() == records_jsonl(records)
    assert [json.loads(line) for line in jsonl.getvalue().splitlines()] == records
    assert csv_text.getvalue() == records_csv(records)
    acled = io.StringIO()
    write_csv(iter(acled_records(seed_result)), acled, ACLED_FIELDS)
    assert acled.getvalue() == records_csv(acled_records(seed_result), ACLED_FIELDS)
