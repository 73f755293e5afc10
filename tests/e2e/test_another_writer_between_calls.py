"""Another writer between two of an apply's calls (there is no lock on the platform): what it made
or removed is found made by another writer, never applied by this run, and what this run destroyed
is never hidden behind it (fz52)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from iotplan.clients.platform import PlatformClient
from tests.e2e.conftest import Workspace, one_sensor_site

SITE = "site.yaml"
SENSOR = "{key: s1, name: s one, template: TEMPERATURE_SDE}"
D1 = "          - key: d1\n            name: dev one\n"
DX = """          - key: dx
            name: dev x
            sensors:
              - {key: t, name: t, template: TEMPERATURE_SDE}
"""
REPLACED = "          - key: d1\n            name: dev one\n            template: DEMO_DEVICE_SDE\n"
# The call removing d1 for its replacement is answered; the call creating it again meets the other's copy.
OTHERS_COPY = {
    "changeState": "new",
    "refId": "fz:c1/d1",
    "props": {"NAME": "someone's", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"},
    "sensors": [
        {
            "changeState": "new",
            "refId": "fz:c1/d1/s1",
            "props": {"NAME": "s", "INTEGRATION_ID": "TEMPERATURE_SDE"},
        }
    ],
}
REMOVED = (
    "Removed by this run, its history gone, and not created again by it: what stands there now is another "
    "writer's (found made): c1/d1."
)
CALL_MADE_ELSEWHERE = (
    "(found made, not counted as applied by this run): the platform refused the call, so another writer made "
    "what it was to make since the plan's read (a concurrent apply?)."
)
# A call of more than one change: a platform keeping part of a refused call may have kept the rest of it.
CALL_MADE_ELSEWHERE_OR_KEPT = (
    "(found made, not counted as applied by this run): the platform refused the call, so another writer made "
    "what it refused since the plan's read (a concurrent apply?), and each other change is another writer's, "
    "or this call's own kept by a platform that keeps part of a refused call."
)


Send = Callable[[dict[str, Any]], Awaitable[Any]]


def another_writer_before_call(
    monkeypatch: pytest.MonkeyPatch, at: int, write: Callable[[Send, dict[str, Any]], Awaitable[Any]]
) -> None:
    """Just before this run's integrate call number `at` (from 0), another writer's `write` is sent,
    given how to send a body and the body this run is about to send."""
    integrate, sent = PlatformClient.integrate, []

    async def behind_another_writer(self: PlatformClient, project: str, body: dict[str, Any]) -> Any:
        if len(sent) == at:
            await write(lambda others: integrate(self, project, others), body)
        sent.append(body)
        return await integrate(self, project, body)

    monkeypatch.setattr(PlatformClient, "integrate", behind_another_writer)


def site(workspace: Workspace, d1: str, more: str = "") -> None:
    """c1 holding `d1` (its key and fields) with its sensor s1, then the devices `more`."""
    text = one_sensor_site("fz", "dev one", SENSOR).replace(D1, d1)
    (Path(workspace.path) / SITE).write_text(text + more)


def applied_with_history(workspace: Workspace, more: str = "") -> None:
    site(workspace, D1, more)
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    s1 = workspace.live_entity("fz:c1/d1/s1")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": s1["id"], "count": 100})


def replaced_over_another_writers_copy(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, *options: str
) -> Result:
    applied_with_history(workspace)
    site(workspace, REPLACED)

    async def others_copy(send: Send, body: dict[str, Any]) -> None:
        await send({"integration": {"nodeId": body["integration"]["nodeId"], "devices": [OTHERS_COPY]}})

    another_writer_before_call(monkeypatch, 1, others_copy)
    return workspace.run("apply", SITE, "--auto-approve", "--allow-destroy", *options)


def test_a_replacement_whose_creation_meets_another_writers_copy_says_this_run_removed_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, "0 changes applied, 2 found made by another writer" and "(nothing applied is lost)", though
    this run removed d1 and the 100 observations of its sensor."""
    applying = replaced_over_another_writers_copy(workspace, monkeypatch)
    assert applying.exit_code == 1, applying.output
    assert (
        REMOVED in applying.stdout and "    found made by another writer: c1/d1, c1/d1/s1" in applying.stdout
    )
    assert "nothing applied is lost" not in applying.stderr
    assert (
        "1 replacement removed and not created again, its history gone: c1/d1; the next plan shows what "
        "stands there now (another writer's copy, found made)" in applying.stderr
    )


def test_a_replacement_whose_creation_meets_another_writers_copy_is_removed_not_recreated_in_json(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applying = replaced_over_another_writers_copy(workspace, monkeypatch, "--format", "json")
    assert applying.exit_code == 1, applying.output
    [outcome] = json.loads(applying.stdout)["outcomes"]
    assert outcome["applied"] == [] and outcome["found_made"] == ["c1/d1", "c1/d1/s1"]
    assert outcome["removed_not_recreated"] == ["c1/d1"] and REMOVED in outcome["message"]
    assert "nothing applied is lost" not in applying.stderr


async def same_call_first(send: Send, body: dict[str, Any]) -> None:
    """The other CI run's identical call lands first."""
    await send(body)


def renamed_and_removed_behind_another_run(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, d1: str, *options: str
) -> Result:
    applied_with_history(workspace, DX)
    site(workspace, d1)
    another_writer_before_call(monkeypatch, 0, same_call_first)
    return workspace.run("apply", SITE, "--auto-approve", *options)


def test_another_runs_removal_and_update_landing_first_are_found_made_not_applied(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, the whole refused call (404 EntityNotFound) read "the platform kept all of the call" and
    each change applied, claiming the other run's removal of dx as this run's."""
    applying = renamed_and_removed_behind_another_run(
        workspace, monkeypatch, "          - key: d1\n            name: dev one renamed\n"
    )
    assert applying.exit_code == 1, applying.output
    assert (
        "answered 404" in applying.stdout
        and "shows 2 of the call's 2 changes made " + CALL_MADE_ELSEWHERE_OR_KEPT in (applying.stdout)
    )
    assert "    found made by another writer: c1/d1, c1/dx" in applying.stdout
    assert "    applied:" not in applying.stdout and "kept all" not in applying.stdout
    assert "Apply incomplete: 0 changes applied, 2 found made by another writer" in applying.stdout


def test_another_runs_lone_removal_landing_first_is_found_made_in_json(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, a call carrying the removal alone was not read back: "not applied"."""
    applying = renamed_and_removed_behind_another_run(workspace, monkeypatch, D1, "--format", "json")
    assert applying.exit_code == 1, applying.output
    [outcome] = json.loads(applying.stdout)["outcomes"]
    assert outcome["applied"] == outcome["not_applied"] == [] and outcome["found_made"] == ["c1/dx"]
    assert CALL_MADE_ELSEWHERE in outcome["message"]


def test_another_runs_moved_rename_landing_first_is_found_made_not_applied(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_with_history(workspace)
    site(workspace, "          - key: d9\n            name: dev nine\n")
    with (Path(workspace.path) / SITE).open("a") as manifest:
        manifest.write("moved:\n  - {from: c1/d1, to: c1/d9}\n")
    another_writer_before_call(monkeypatch, 0, same_call_first)
    applying = workspace.run("apply", SITE, "--auto-approve", "--format", "json")
    assert applying.exit_code == 1, applying.output
    [outcome] = json.loads(applying.stdout)["outcomes"]
    assert outcome["applied"] == [] and outcome["found_made"] == ["c1/d9", "c1/d9/s1"]
    assert CALL_MADE_ELSEWHERE_OR_KEPT in outcome["message"]
