"""An update the platform answered and did not keep (`metrics-update-ignored`) beside a THREAD's swap
of channels the platform refused (`rpc-channel-taken-refused`) in one apply: the closing error names
both, the not-kept update and the failed THREAD unit with the step it needs, in text and in JSON mode
(whose stderr is all a CI log may keep), and the JSON report carries each unit's step as its
`next_step`. Before, the not-kept error alone closed the run: the THREAD's unit and its step through
a free channel were missing from it, and no JSON field carried the step."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_thread import SITE

MIXED = "examples/mixed.yaml"
TILT_B = "                  - {custom_metric: tilt_b, unit: mm}\n"
TILT_C = "                  - {custom_metric: tilt_c, unit: mm}\n"
PZ1, PZ2 = (
    "(crown), type: VW_PIEZOMETER, mux_index: {}}}",
    "(left wall), type: VW_PIEZOMETER, mux_index: {}}}",
)
# Whichever of the two the THREAD's unit moves first, the other holds its channel: 4 is free (pz-3 is on 3).
STEP = re.compile(
    r"move tunnel-thread/vw-logger/pz-[12] to a free channel \(mux_index: 4\) in an apply of its own"
)


def _quickstart_and_thread(workspace: Workspace) -> None:
    """One stack holding the quickstart's connection and the THREAD example's node."""
    thread = (workspace.path / SITE).read_text()
    node = thread[thread.index("      - key: tunnel-thread") :]
    (workspace.path / MIXED).write_text((workspace.path / QUICKSTART).read_text() + node)


def _a_metric_added_and_a_swap(workspace: Workspace) -> None:
    workspace.edit(MIXED, TILT_B, TILT_B + TILT_C)
    workspace.edit(MIXED, PZ1.format(1), PZ1.format(2))
    workspace.edit(MIXED, PZ2.format(2), PZ2.format(1))


@pytest.fixture
def mixed(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-channel-taken-refused,metrics-update-ignored")
    _quickstart_and_thread(workspace)
    assert workspace.run("apply", MIXED, "--auto-approve").exit_code == 0
    _a_metric_added_and_a_swap(workspace)
    return workspace


def test_the_closing_error_names_the_update_not_kept_and_the_refused_swaps_step(mixed: Workspace) -> None:
    applied = mixed.run("apply", MIXED, "--auto-approve", "--allow-data-model-change")

    assert applied.exit_code == 1, applied.output
    closing = " ".join(applied.stderr[applied.stderr.index("Error: ") :].split())
    assert "the platform answered the update of dam-a/logger-1/tilt-1 as made" in closing
    assert STEP.search(closing), closing


def test_in_json_mode_stderr_names_the_thread_unit_and_its_step_is_a_field(mixed: Workspace) -> None:
    applied = mixed.run("apply", MIXED, "--auto-approve", "--allow-data-model-change", "--format", "json")

    assert applied.exit_code == 1, applied.output
    closing = " ".join(applied.stderr[applied.stderr.index("Error: ") :].split())
    assert "the platform answered the update of dam-a/logger-1/tilt-1 as made" in closing
    assert "tunnel-thread" in closing and STEP.search(closing), closing
    report = json.loads(applied.stdout)
    steps = {outcome["connection"]: outcome["next_step"] for outcome in report["outcomes"]}
    assert steps["tunnel-thread"] is not None and STEP.match(steps["tunnel-thread"])
    assert steps["dam-a"] is None or "check-platform" in steps["dam-a"]
