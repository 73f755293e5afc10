"""What the tests of a declared device whose SERIAL_NO another writer changed or cleared share: the
quickstart manifest applied, dam-a/logger-1/pz-1 holding 500 observations, then dam-a/logger-1's
props set behind iotplan's back. Found by no refId, the device stands listed by its id, at
`dam-a/#<number>`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from click.testing import Result

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import applied_with_observations
from tests.e2e.test_thread import rpc


def logger_1_given(workspace: Workspace, props: dict[str, str | None]) -> dict[str, Any]:
    """The scenario above, `props` the ones set; dam-a/logger-1 as read before they were."""
    applied_with_observations(workspace, "dam-a/logger-1/pz-1", 500)
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": props})
    return logger


def listed_number(logger: dict[str, Any]) -> str:
    """`#<number>`, the key the device stands listed by once its refId no longer finds it."""
    return f"#{logger['id'].split('/')[-2]}"


def drift_lines_of_the_listed_device(workspace: Workspace, logger: dict[str, Any]) -> list[str]:
    """The quickstart manifest's `drift`: asserts it found drift, told in 4 lines naming the device by
    its listed number (it, then its 3 sensors); those lines."""
    drift = workspace.run("drift", QUICKSTART)
    assert drift.exit_code == 2, drift.output
    lines = [line for line in drift.output.splitlines() if listed_number(logger) in line]
    assert len(lines) == 4, drift.output
    return lines


def said_by_plan_then_apply(workspace: Workspace, *apply_options: str) -> Iterator[str]:
    """The quickstart manifest's `plan`, then its `apply --auto-approve` with `apply_options`: asserts
    each refused; what each said, on one line."""
    for command in (("plan",), ("apply", "--auto-approve", *apply_options)):
        refused = workspace.run(command[0], QUICKSTART, *command[1:])
        assert refused.exit_code == 1, (command, refused.output)
        yield " ".join(refused.output.split())


def half_moved_holding_extra(workspace: Workspace) -> None:
    """The scenario above, dam-a/logger-1 given SERIAL_NO 'quickstart:dam-a/logger-q' (a `moved`
    rename half done), and the stack's sensor 'quickstart:dam-a/logger-q/extra' made under it holding
    200 observations."""
    logger_1_given(workspace, {"SERIAL_NO": "quickstart:dam-a/logger-q"})
    sensor = {
        "changeState": "new",
        "refId": "quickstart:dam-a/logger-q/extra",
        "props": {"NAME": "Extra", "INTEGRATION_ID": "TEMPERATURE_SDE"},
    }
    device = {"changeState": "update", "refId": "quickstart:dam-a/logger-q", "props": {}, "sensors": [sensor]}
    workspace.integrate_under("quickstart:dam-a", [device])
    extra = workspace.live_entity("quickstart:dam-a/logger-q/extra")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": extra["id"], "count": 200})


def drift_then_the_move_finished(workspace: Workspace) -> tuple[str, dict[str, Any], Result]:
    """The quickstart manifest's `drift` on dam-a/logger-q: its one text line and its one JSON entry;
    then the plan once a `moved` entry renames dam-a/logger-q back to dam-a/logger-1."""
    text = workspace.run("drift", QUICKSTART)
    as_json = workspace.run("drift", QUICKSTART, "--format", "json")
    workspace.edit(
        QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a/logger-q, to: dam-a/logger-1}\ndefaults:\n"
    )
    followed = workspace.run("plan", QUICKSTART)
    (line,) = [line for line in text.output.splitlines() if "device dam-a/logger-q:" in line]
    entries = json.loads(as_json.stdout)["entries"]
    (entry,) = [each for each in entries if each["address"] == "dam-a/logger-q"]
    return line, entry, followed
