"""Where the platform removes no device that still holds sensors, refusing at once (`no-cascade`,
422) or after answering (`remove-deferred,no-cascade`), every rerun was answered the same and apply
only pointed at check-platform's A3 line or "the errors above" (fz74 #6, cr66 #3). It now says what
to do: the sensors first (`sensors: []`, then the device), which these tests follow to convergence;
a connection's devices first only where the platform refused its removal, never where it answered
and ignored it (`connection-remove-ignored`: emptying it would destroy all it holds for nothing)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

WEATHER = "          - key: weather\n"
EMPTIED = (
    WEATHER
    + "            name: Weather station\n            template: DEMO_DEVICE_SDE\n            sensors: []\n"
)
ADVICE = (
    "where the platform removes no device that still holds sensors, remove those first: declare the device "
    "with `sensors: []` and apply, then leave it out (a replacement: declare it as you want it) and apply "
    "again"
)
CONNECTION_ADVICE = (
    "where the platform refuses to remove a connection that still holds devices, remove those first: declare "
    "each device with `sensors: []` and apply, then the connection with `devices: []` and apply"
)
NO_NODES = "      - key: dam-a\n"


@pytest.mark.parametrize("variants", ["remove-deferred,no-cascade", "no-cascade"])
def test_a_device_removal_refused_while_it_holds_sensors_says_to_remove_them_first(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, variants: str
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    text = (workspace.path / QUICKSTART).read_text()
    kept = text[: text.index(WEATHER)]
    (workspace.path / QUICKSTART).write_text(kept)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", variants)
    refused = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    assert ADVICE in " ".join(refused.stderr.split())
    (workspace.path / QUICKSTART).write_text(kept + EMPTIED)  # as the advice says
    assert workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy").exit_code == 0
    (workspace.path / QUICKSTART).write_text(kept)
    removed = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert removed.exit_code == 0, removed.output


def test_a_connection_removal_refused_while_it_holds_devices_says_to_remove_them_first(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text[: text.index(NO_NODES)] + "      []\n")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "no-cascade")
    refused = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.stderr.split())
    assert CONNECTION_ADVICE in said
    assert ADVICE not in said  # the connection's removal was refused, not a device's


def test_a_connection_removal_answered_and_ignored_is_not_told_to_empty_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the platform ignores a connection's removal however empty, emptying it would destroy
    every device and sensor while the connection stays: no remove-first advice."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text[: text.index(NO_NODES)] + "      []\n")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "connection-remove-ignored")
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert result.exit_code == 1, result.output
    assert "the platform answered the removal of dam-a as made" in result.stderr
    assert "remove those first" not in result.stderr and "`devices: []`" not in result.stderr
