"""Where the platform removes no device that still holds sensors, refusing after answering
(`remove-deferred,no-cascade`), every rerun was answered the same and apply only pointed at
check-platform's A3 line, which says the removal does not take (fz74 #6). It now says what to do:
the sensors first (`sensors: []`, then the device), which these tests follow to convergence."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

WEATHER = "          - key: weather\n"
EMPTIED = (
    WEATHER
    + "            name: Weather station\n            template: DEMO_DEVICE_SDE\n            sensors: []\n"
)
ADVICE = (
    "where the platform removes nothing that still holds sensors or devices, remove those first: declare the "
    "device with `sensors: []` and apply, then leave it out and apply again"
)


def test_a_device_removal_refused_while_it_holds_sensors_says_to_remove_them_first(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    text = (workspace.path / QUICKSTART).read_text()
    kept = text[: text.index(WEATHER)]
    (workspace.path / QUICKSTART).write_text(kept)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "remove-deferred,no-cascade")
    refused = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    assert ADVICE in " ".join(refused.stderr.split())
    (workspace.path / QUICKSTART).write_text(kept + EMPTIED)  # as the advice says
    assert workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy").exit_code == 0
    (workspace.path / QUICKSTART).write_text(kept)
    removed = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert removed.exit_code == 0, removed.output
