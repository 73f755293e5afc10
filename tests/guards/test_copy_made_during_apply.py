"""Another writer makes an entity with a refId the apply creates, under another connection, after
the plan read the project: the write then makes a second one. The verifying plan shows it as a
copy, which is no change to plan; the apply is still not complete: it names the copy and exits 1
(commands/apply.py `_copies_made`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iotplan.apply.outcome import Status
from iotplan.errors import ApplyError
from iotplan.plan.model import Action
from iotplan.render.apply_report import render_apply_json
from tests.guards.made_during_apply import (
    WITH_LOGGER_2,
    applied_while_made,
    dam_a_beside_another_writers_connection,
    logger_2_under,
)


def test_a_device_another_writer_made_with_the_refid_the_apply_creates_is_named_and_exits_one(
    tmp_path: Path,
) -> None:
    platform, elsewhere = dam_a_beside_another_writers_connection(tmp_path)
    assert [(c.address, c.action) for c in platform.prepare(WITH_LOGGER_2).plan.writes] == [
        ("dam-a/logger-2", Action.CREATE),
        ("dam-a/logger-2/air", Action.CREATE),
    ]
    result = applied_while_made(platform, WITH_LOGGER_2, logger_2_under(elsewhere, "site:dam-a/logger-2"))
    [outcome] = result.outcomes
    assert result.after is not None and result.after.summary.converged  # a copy is no change to plan
    [copy] = [c.address for c in result.after.changes if c.action is Action.DUPLICATE]
    said = f"dam-a/logger-2 (refId 'site:dam-a/logger-2') and its copy {copy}, holding 0 observations"
    assert (outcome.status, outcome.message) == (
        Status.FAILED,
        f"a fresh read shows a copy of what it made: {said}",
    )
    assert result.copies == [said]
    report = json.loads(render_apply_json(result.outcomes, result.after, result.stopped))
    assert report["outcomes"][0]["status"] == "failed" and said in report["outcomes"][0]["message"]
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value).startswith(f"a fresh read shows a copy of what this apply made: {said}. ")
