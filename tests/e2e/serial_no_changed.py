"""What the tests of a declared device whose SERIAL_NO another writer changed or cleared share: the
quickstart manifest applied, dam-a/logger-1/pz-1 holding 500 observations, then dam-a/logger-1's
props set behind iotplan's back. Found by no refId, the device stands listed by its id, at
`dam-a/#<number>`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
