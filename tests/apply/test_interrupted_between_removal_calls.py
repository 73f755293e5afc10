"""Ctrl-C (or SIGTERM) between a template change's removal calls (`--entities-per-call`): the
devices the calls before it removed, each call read back gone, are reported removed and not created
again (history gone), in text and in JSON. Before, they read "may or may not be applied" and
`removed_not_recreated` was empty, though the read backs had proved them removed."""

from __future__ import annotations

import json
import signal
from typing import Any

import pytest

from iotplan.clients.platform import PlatformClient
from tests.apply.test_replacement_removals_split import DEVICES, NEW_TEMPLATE, apply, templates
from tests.cli.test_entities_per_call import TWELVE_DEVICES
from tests.e2e.conftest import Workspace
from tests.e2e.test_interrupt_report import STOPS, stopped_at_call

pytestmark = pytest.mark.usefixtures("python_sigint_handler", "default_sigterm_handler")


def interrupted_at_the_second_removal_call(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, stop: signal.Signals, *flags: str
) -> Any:
    assert apply(workspace, TWELVE_DEVICES).exit_code == 0
    monkeypatch.setattr(PlatformClient, "integrate", stopped_at_call(2, stop, PlatformClient.integrate))
    return apply(workspace, NEW_TEMPLATE, "--entities-per-call", "5", *flags)


@STOPS
def test_json_lists_the_devices_read_back_removed_as_removed_not_created_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, stop: signal.Signals, code: int
) -> None:
    result = interrupted_at_the_second_removal_call(workspace, monkeypatch, stop, "--format", "json")
    assert result.exit_code == code, result.output
    [outcome] = json.loads(result.stdout)["outcomes"]
    removed = DEVICES[:5]
    assert [device for device in DEVICES if f"calls:{device}" not in templates(workspace)] == removed
    assert outcome["removed_not_recreated"] == removed
    assert set(removed) <= set(outcome["not_applied"])
    assert not set(removed) & set(outcome["outcome_unknown"])
    stderr = result.stderr
    assert "5 replacements removed and not created again, their history gone: c1/d0" in stderr
    assert "Nothing applied is lost" not in stderr


def test_text_names_them_in_the_unit_s_message(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    result = interrupted_at_the_second_removal_call(workspace, monkeypatch, signal.SIGINT)
    assert result.exit_code == 130, result.output
    said = f"Removed, not created again (the next plan creates them): {', '.join(DEVICES[:5])}."
    assert said in result.stdout, result.output
