"""A saved plan or drift report says when its read of the platform began (`read_at`, UTC), and its
Markdown comment says it on its header line: one shown a week later must not read as today's. One
saved before iotplan recorded it still reads, and says the time is not recorded."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from iotplan import __version__
from iotplan.render import plan_from_dict, plan_to_json, render_markdown
from iotplan.render.drift import render_drift_json, render_drift_markdown
from iotplan.render.drift_json import drift_from_dict
from tests.render import drifts, plans

# 08:30:12 an hour east of UTC: 07:30:12 UTC.
READ_EAST = datetime(2026, 12, 5, 8, 30, 12, tzinfo=timezone(timedelta(hours=1)))


def test_a_plan_writes_its_read_time_in_utc_and_reads_it_back() -> None:
    saved = plan_to_json(dataclasses.replace(plans.update(), read_at=READ_EAST))
    assert json.loads(saved)["read_at"] == "2026-12-05T07:30:12Z"
    again = plan_from_dict(json.loads(saved))
    assert again.read_at == READ_EAST and again.read_at.tzinfo == UTC
    assert plan_to_json(again) == saved


def test_a_drift_report_writes_its_read_time_in_utc_and_reads_it_back() -> None:
    saved = render_drift_json(dataclasses.replace(drifts.ranked(), read_at=READ_EAST))
    assert json.loads(saved)["read_at"] == "2026-12-05T07:30:12Z"
    assert drift_from_dict(json.loads(saved)).read_at == READ_EAST


def test_the_markdown_comments_say_when_the_platform_was_read_on_their_header_line() -> None:
    plan = render_markdown(dataclasses.replace(plans.update(), read_at=READ_EAST)).splitlines()
    assert plan[2].endswith(" · **read** 2026-12-05 07:30 UTC")
    report = render_drift_markdown(dataclasses.replace(drifts.ranked(), read_at=READ_EAST)).splitlines()
    assert report[2].endswith(" · **read** 2026-12-05 07:30 UTC")


def test_a_plan_saved_before_read_at_reads_and_is_written_back_without_it() -> None:
    older = plan_to_json(dataclasses.replace(plans.update(), format_version="1.5", read_at=None))
    assert "read_at" not in json.loads(older)
    again = plan_from_dict(json.loads(older))
    assert again.read_at is None and plan_to_json(again) == older
    assert render_markdown(again).splitlines()[2].endswith(" · read time not recorded")


def test_a_plan_an_earlier_build_of_this_version_saved_in_1_5_still_reads() -> None:
    """Every build so far says the same version: a plan it saved holds every key the apply checks by."""
    older = dataclasses.replace(plans.update(), format_version="1.5", read_at=None, made_by=__version__)
    assert plan_from_dict(json.loads(plan_to_json(older))) == older


def test_a_drift_report_saved_before_read_at_reads_and_says_it_is_not_recorded() -> None:
    ranked = drifts.ranked()
    entries = [dataclasses.replace(entry, project_id=None) for entry in ranked.entries]  # 1.7's too
    older = render_drift_json(
        dataclasses.replace(ranked, format_version="1.6", read_at=None, entries=entries)
    )
    assert "read_at" not in json.loads(older)
    again = drift_from_dict(json.loads(older))
    assert again.read_at is None and render_drift_json(again) == older
    assert render_drift_markdown(again).splitlines()[2].endswith(" · read time not recorded")


@pytest.mark.parametrize(
    ("read_at", "said"),
    [
        ("2026-12-05T07:30:12", "no offset from UTC"),
        ("last Tuesday", "not a time as iotplan writes one"),
        (1764919812, "read_at.? is a number"),
    ],
)
def test_a_read_time_iotplan_does_not_write_is_refused(read_at: object, said: str) -> None:
    plan = json.loads(plan_to_json(plans.update()))
    report = json.loads(render_drift_json(drifts.ranked()))
    for document, read in ((plan, plan_from_dict), (report, drift_from_dict)):
        with pytest.raises(ValueError, match=said):
            read({**document, "read_at": read_at})
