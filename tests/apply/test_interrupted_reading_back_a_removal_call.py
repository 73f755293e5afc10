"""Ctrl-C (or SIGTERM) while a template change's removal call, answered, is read back (under
`--rate-limit` the read waits for its pace: about half of such a run): the replacements it removed
are never applied (the call's answer once marked them so, and the report said "Nothing applied is
lost" of devices gone with their history). The platform answered their removal (A3+): they are
removed, not created again, their history gone, as those of the calls read back before it; they
were reported of unknown outcome, their history not counted destroyed, until fx295."""

from __future__ import annotations

import json
import signal
from typing import Any

import pytest

from iotplan.apply import execute
from tests.apply.test_replacement_removals_split import DEVICES, NEW_TEMPLATE, apply, templates
from tests.cli.test_entities_per_call import TWELVE_DEVICES
from tests.e2e.conftest import Workspace
from tests.e2e.test_interrupt_report import STOPS, stopped_at_call

pytestmark = pytest.mark.usefixtures("python_sigint_handler", "default_sigterm_handler")


def interrupted_reading_back_removal_call(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, nth: int, stop: signal.Signals, *flags: str
) -> Any:
    assert apply(workspace, TWELVE_DEVICES).exit_code == 0
    monkeypatch.setattr(execute, "_not_gone", stopped_at_call(nth, stop, execute._not_gone))
    return apply(workspace, NEW_TEMPLATE, "--entities-per-call", "5", *flags)


def gone(workspace: Workspace) -> list[str]:
    return [device for device in DEVICES if f"calls:{device}" not in templates(workspace)]


@STOPS
def test_json_reports_the_removals_being_read_back_removed_not_created_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, stop: signal.Signals, code: int
) -> None:
    result = interrupted_reading_back_removal_call(workspace, monkeypatch, 2, stop, "--format", "json")
    assert result.exit_code == code, result.output
    [outcome] = json.loads(result.stdout)["outcomes"]
    read_back, being_read = DEVICES[:5], DEVICES[5:10]
    assert gone(workspace) == read_back + being_read  # the second call was made: its answer came
    assert not set(outcome["applied"]) & set(DEVICES)
    assert outcome["removed_not_recreated"] == read_back + being_read
    assert outcome["outcome_unknown"] == []
    assert "10 replacements removed and not created again, their history gone: c1/d0" in result.stderr


def test_text_never_reports_the_first_call_s_removals_applied(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = interrupted_reading_back_removal_call(workspace, monkeypatch, 1, signal.SIGINT)
    assert result.exit_code == 130, result.output
    assert gone(workspace) == DEVICES[:5]
    assert "    applied:" not in result.stdout, result.output
    assert "may or may not be applied" not in result.stdout, result.output
    said = " ".join(result.stdout.split())
    assert (
        "Removed, not created again (the next plan creates them): c1/d0, c1/d1, c1/d2, c1/d3, c1/d4." in said
    )
