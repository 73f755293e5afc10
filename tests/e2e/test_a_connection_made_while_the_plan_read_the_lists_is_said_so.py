"""A plan whose read overlaps another run's creation of the stack's own connection. The plan read the
connection list before the connection existed and the device list after its devices were made: each
device and sensor was then called a copy of itself, "in connection /api/…/node already carries…
To adopt it, declare it where it lives, in a node with `id: /api/…/node`", advice that pins the
stack's own connection by `id:` or makes a second network. The connection list read again holds it
now: the plan stops, saying to run again. A device under a connection the connection list never
holds keeps its advice, whatever the list read again says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from iotplan.commands.plan import PlanRequest, plan_command
from iotplan.errors import NoSafePlanError, PlatformError
from iotplan.plan.desired import desired_state
from iotplan.sim.backend import SimBackend
from tests.commands.test_paged_lists_read_again import hand_connections, hand_device, run, site
from tests.guards.fleet import PROJECT, load

MADE = "made while the plan read the lists: run again"
SITE = site(
    "      - key: dam-a\n        kind: api\n        name: dam\n        devices:\n"
    "          - key: logger-1\n            name: logger\n            sensors:\n"
    "              - {key: pz-1, template: TEMPERATURE_SDE}\n"
)
# What a concurrent apply of SITE writes: one integrate call, the connection with its device.
APPLIED = {
    "changeState": "new",
    "refId": "st:dam-a",
    "props": {"NAME": "dam"},
    "devices": [hand_device("st:dam-a/logger-1", "logger")],
}


def made_before_the_device_list(monkeypatch: pytest.MonkeyPatch, body: dict[str, Any]) -> None:
    """Another writer integrates `body` once, just before the device list's first page is answered:
    after the plan read the connection list."""
    answer = SimBackend.page_text
    done: list[bool] = []

    def page_text(backend: SimBackend, kind: str, project_id: str, params: dict[str, str]) -> str:
        if kind == "device" and not done:
            done.append(True)
            backend.integrate(project_id, {"integration": body})
        return answer(backend, kind, project_id, params)

    monkeypatch.setattr(SimBackend, "page_text", page_text)


def plan_of(db: Path, text: str) -> Any:
    return run(db, lambda target: plan_command(target, PlanRequest(desired_state(load(text))), {}))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Five other tools' connections: a plan of SITE reads the project through its lists."""
    db = tmp_path / "sim.db"
    hand_connections(db, 5, devices=1)
    return db


def test_the_stacks_connection_made_between_the_list_reads_stops_the_plan_to_run_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_before_the_device_list(monkeypatch, APPLIED)
    with pytest.raises(PlatformError, match=MADE) as stopped:
        plan_of(project, SITE)  # was: "… To adopt it, declare it where it lives, in a node with `id: …`"
    said = str(stopped.value)
    assert "To adopt it" not in said
    assert "st:dam-a/logger-1" not in said  # named by ids: a refId is anyone's text


def test_run_again_the_plan_sees_the_connection_made_and_plans_its_sensor(project: Path) -> None:
    run(project, lambda target: target.client.integrate(PROJECT, {"integration": APPLIED}))
    plan = plan_of(project, SITE)
    assert [change.address for change in plan.changes if change.action.value == "create"] == [
        "dam-a/logger-1/pz-1"
    ]


def test_a_device_of_another_tools_connection_made_meanwhile_keeps_its_advice(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A connection made meanwhile that the manifest does not claim holds a device carrying a
    declared refId: listed now, it is read as another tool's, not as this stack's."""
    theirs = {**APPLIED, "refId": "other:dam", "props": {"NAME": "their dam"}}
    made_before_the_device_list(monkeypatch, theirs)
    with pytest.raises(PlatformError, match=MADE):
        plan_of(project, SITE)
    monkeypatch.undo()
    with pytest.raises(NoSafePlanError, match=r"in connection 'their dam' .* already carries"):
        plan_of(project, SITE)
